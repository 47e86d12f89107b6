//! The parse-only floor for `scripts/bench.sh`: discover and parse every file the way a scan does,
//! then stop, so that the benchmark can tell reading and parsing apart from evaluation, policies and
//! reports.
//!
//!     cargo run --release --example parse_only -- PATH... [--jobs N]

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use palisade::discover::{self, FileKind};
use palisade::source::SourceFile;
use rayon::prelude::*;

// The scan's allocator (src/main.rs): parsing cost depends on it, and the floor must be measured the
// way the scan runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<()> {
    let mut paths = Vec::new();
    let mut jobs = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--jobs" {
            jobs = Some(args.next().context("--jobs needs a number")?.parse::<usize>()?);
        } else if arg.starts_with('-') {
            bail!("unknown option {arg}; usage: parse_only PATH... [--jobs N]");
        } else {
            paths.push(PathBuf::from(arg));
        }
    }
    if paths.is_empty() {
        paths.push(PathBuf::from("."));
    }
    if let Some(jobs) = jobs {
        rayon::ThreadPoolBuilder::new().num_threads(jobs.max(1)).build_global()?;
    }
    let started = Instant::now();
    let (found, _) = discover::discover(&paths, &[])?;
    let results: Vec<Outcome> = found.par_iter().map(|d| parse(&d.path, d.kind)).collect();
    let count = |o: Outcome| results.iter().filter(|r| **r == o).count();
    eprintln!(
        "{} files: {} parsed, {} failed, {} skipped in {:.3} s",
        found.len(),
        count(Outcome::Parsed),
        count(Outcome::Failed),
        count(Outcome::Skipped),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Parsed,
    Failed,
    Skipped,
}

/// Mirrors `app::load_terraform` and `app::load_template`: the same size limit, the same template sniffing, the same parsers.
fn parse(path: &std::path::Path, kind: FileKind) -> Outcome {
    let too_big = std::fs::metadata(path).map_or(true, |m| m.len() > palisade::app::MAX_FILE_BYTES);
    let Some(text) = (!too_big).then(|| std::fs::read_to_string(path).ok()).flatten() else {
        return Outcome::Skipped;
    };
    let file = SourceFile::new(String::new(), path.to_path_buf(), text);
    let ok = match kind {
        FileKind::Terraform | FileKind::TerraformVars => palisade::parse::terraform::parse(&file).is_ok(),
        FileKind::TerraformJson | FileKind::TerraformVarsJson => {
            palisade::parse::terraform_json::parse(&file, kind == FileKind::TerraformVarsJson).is_ok()
        }
        FileKind::JsonCandidate | FileKind::YamlCandidate => {
            let t = &file.text;
            let template =
                t.contains("AWSTemplateFormatVersion") || (t.contains("Resources") && t.contains("AWS::"));
            if !template {
                return Outcome::Skipped;
            }
            if t.trim_start().starts_with('{') {
                palisade::parse::json::parse(&file).is_ok()
            } else {
                palisade::parse::yaml::parse(&file).is_ok()
            }
        }
    };
    if ok { Outcome::Parsed } else { Outcome::Failed }
}
