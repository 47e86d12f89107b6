//! The whole pipeline on one file: discovery, parsing, evaluation, every policy, every report format.
//! The first byte picks the file name (and so the parser); the rest is the content, raw bytes, so that
//! invalid UTF-8 is covered too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use palisade::app::{self, ScanOptions};
use palisade::report::{self, OutputFormat, RenderOptions};

const NAMES: &[&str] = &["main.tf", "terraform.tfvars", "template.yaml", "template.json", "x.template", "main.tf.json"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, content)) = data.split_first() else { return };
    let Ok(dir) = tempfile::tempdir() else { return };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    if std::fs::write(dir.path().join(name), content).is_err() {
        return;
    }
    let options = ScanOptions { paths: vec![dir.path().to_path_buf()], ..ScanOptions::default() };
    if let Ok(scan) = app::scan(&options) {
        for format in [OutputFormat::Text, OutputFormat::Json, OutputFormat::Sarif] {
            let _ = report::render(format, &scan, &RenderOptions::default());
        }
    }
});
