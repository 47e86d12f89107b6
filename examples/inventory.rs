//! What a scan found, counted: resource blocks as written versus the instances evaluation produced
//! (count, for_each, module calls, CloudFormation condition branches). Used for the corpus figures in
//! the evaluation notes: `cargo run --release --example inventory -- ../shared/corpus`.

use std::collections::HashSet;

use palisade::app::{self, ScanOptions};
use palisade::model::Mode;
use palisade::source::Format;

fn main() -> std::process::ExitCode {
    let paths = std::env::args().skip(1).map(Into::into).collect();
    let options = ScanOptions { paths, only: vec!["AWS-S3-002".into()], ..ScanOptions::default() };
    let scan = match app::scan(&options) {
        Ok(scan) => scan,
        Err(e) => {
            eprintln!("error: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let resources = &scan.project.resources;
    for format in [Format::Terraform, Format::CloudFormation] {
        let of_format: Vec<_> = resources.iter().filter(|r| r.format == format).collect();
        let managed: Vec<_> = of_format.iter().filter(|r| r.mode == Mode::Managed).collect();
        let blocks: HashSet<_> = managed.iter().map(|r| (r.file, r.head)).collect();
        let in_modules = managed.iter().filter(|r| !r.module_calls.is_empty()).count();
        let branches = managed.iter().filter(|r| !r.assumptions.is_empty()).count();
        println!(
            "{}: {} managed instances from {} blocks ({} inside local modules, {} condition branches), {} data sources",
            format.name(),
            managed.len(),
            blocks.len(),
            in_modules,
            branches,
            of_format.len() - managed.len()
        );
    }
    let module_instances: HashSet<String> = resources
        .iter()
        .filter_map(|r| {
            r.address
                .rfind("module.")
                .map(|_| r.address.rsplitn(3, '.').nth(2).unwrap_or_default().to_string())
        })
        .collect();
    println!("distinct module instances: {}", module_instances.len());
    println!("files: {}, diagnostics: {}", scan.project.files.len(), scan.project.diagnostics.len());
    std::process::ExitCode::SUCCESS
}
