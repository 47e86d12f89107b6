//! `palisade fix` against golden files: for every built-in policy with a fix, each fail fixture of a
//! format it fixes (`testdata/policies/<ID>/fail.<ext>`) has the expected result beside it
//! (`fail.<ext>.fixed`). The test fixes a copy, compares it with the golden file, checks that a scan of
//! the copy no longer reports what was fixed (what was not is listed with a reason), that a second run
//! changes nothing, and that `terraform fmt -check` gives the same verdict before and after.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use palisade::app::{self, ScanOptions};
use palisade::fix::Options;
use palisade::policy::{Policy, catalog};
use palisade::source::Format;
use rayon::prelude::*;

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/policies")
}

fn options(dir: &Path, policy: &Policy) -> ScanOptions {
    ScanOptions { paths: vec![dir.to_path_buf()], only: vec![policy.id.clone()], ..ScanOptions::default() }
}

fn fix_options(dir: &Path) -> Options {
    Options { unsafe_fixes: true, root: dir.to_path_buf(), ..Options::default() }
}

/// `terraform fmt -check` on a file: `None` when the formatter is not installed.
fn fmt_clean(file: &Path) -> Option<bool> {
    let out = std::process::Command::new("terraform")
        .args(["fmt", "-check", "-no-color"])
        .arg(file)
        .env("TF_CLI_CONFIG_FILE", "/dev/null")
        .output()
        .ok()?;
    Some(out.status.success())
}

fn check(policy: &Policy, fixture: &Path, failures: &mut Vec<String>) {
    let name = fixture.file_name().unwrap().to_string_lossy().to_string();
    let golden = fixture.with_file_name(format!("{name}.fixed"));
    let Ok(expected) = std::fs::read_to_string(&golden) else {
        failures.push(format!("{}: no golden file {name}.fixed", fixture.display()));
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join(&name);
    std::fs::copy(fixture, &copy).unwrap();
    let terraform = Path::new(&name).extension().is_some_and(|e| e == "tf");
    let fmt_before = if terraform { fmt_clean(&copy) } else { None };
    let run = app::fix_with_policies(
        &options(dir.path(), policy),
        std::slice::from_ref(policy),
        fix_options(dir.path()),
    )
    .unwrap();
    assert!(app::write_fixes(&run.plan).is_empty());
    let actual = std::fs::read_to_string(&copy).unwrap();
    if actual != expected {
        failures.push(format!("{}: fixed text differs from the golden file:\n{actual}", fixture.display()));
        return;
    }
    if run.plan.files.is_empty() {
        failures.push(format!("{}: nothing was fixed", fixture.display()));
    }
    let after = app::scan_with_policies(&options(dir.path(), policy), vec![policy.clone()]).unwrap();
    assert!(
        after.project.diagnostics.iter().all(|d| d.level != palisade::diag::DiagLevel::Error),
        "{}: the fixed file does not parse",
        fixture.display()
    );
    // Every finding left is one the fix said it could not fix, with the reason.
    for f in &after.findings {
        let listed =
            run.plan.not_fixed.iter().any(|n| run.before.findings[n.finding].fingerprint == f.fingerprint);
        if !listed {
            let line = after.project.files[f.file].line_col(f.span.start as usize).line;
            failures.push(format!(
                "{}: {} remains at line {line} without a reason",
                fixture.display(),
                f.rule_id
            ));
        }
    }
    let again = app::fix_with_policies(
        &options(dir.path(), policy),
        std::slice::from_ref(policy),
        fix_options(dir.path()),
    )
    .unwrap();
    if !again.plan.files.is_empty() {
        failures.push(format!("{}: a second run changes the file again", fixture.display()));
    }
    match (fmt_before, fmt_clean(&copy)) {
        (Some(before), Some(after)) if before != after => {
            failures.push(format!("{}: terraform fmt -check was {before}, is {after}", fixture.display()));
        }
        (None, _) if terraform => eprintln!("SKIPPED terraform fmt check: terraform is not installed"),
        _ => {}
    }
}

#[test]
fn every_fix_matches_its_golden_file() {
    let policies = catalog::builtin().unwrap();
    let with_fix: Vec<&Policy> = policies.iter().filter(|p| !p.fixes.is_empty()).collect();
    assert!(!with_fix.is_empty());
    let mut fixtures = Vec::new();
    for policy in with_fix {
        // A format may have several fixes (for different resource types): its fixtures once.
        let mut formats: Vec<Format> = policy.fixes.iter().map(|f| f.format).collect();
        formats.dedup();
        for format in formats {
            let exts: &[&str] = match format {
                Format::Terraform => &["tf"],
                Format::CloudFormation => &["yaml", "json"],
            };
            let dir = fixtures_root().join(&policy.id);
            for ext in exts {
                let fixture = dir.join(format!("fail.{ext}"));
                if fixture.exists() {
                    fixtures.push((policy, fixture));
                }
            }
        }
    }
    let checked = fixtures.len();
    // Each check runs several scans and the formatter: in parallel, the test takes a few seconds.
    // A scan's evaluation recurses: the workers get the stack a main thread has.
    let pool = rayon::ThreadPoolBuilder::new().stack_size(16 << 20).build().unwrap();
    let failures: Vec<String> = pool.install(|| {
        fixtures
            .par_iter()
            .flat_map(|(policy, fixture)| {
                let mut failures = Vec::new();
                check(policy, fixture, &mut failures);
                failures
            })
            .collect()
    });
    assert!(checked > 0);
    assert!(failures.is_empty(), "{} fix mismatches:\n{}", failures.len(), failures.join("\n"));
}

/// A golden file without a fix to check it would be a test that cannot fail.
#[test]
fn every_golden_file_belongs_to_a_fix() {
    let policies = catalog::builtin().unwrap();
    for entry in std::fs::read_dir(fixtures_root()).unwrap() {
        let dir = entry.unwrap().path();
        let id = dir.file_name().unwrap().to_string_lossy().to_string();
        for file in std::fs::read_dir(&dir).unwrap() {
            let name = file.unwrap().file_name().to_string_lossy().to_string();
            let Some(fixture) = name.strip_suffix(".fixed") else { continue };
            let tf = Path::new(fixture).extension().is_some_and(|e| e == "tf");
            let format = if tf { Format::Terraform } else { Format::CloudFormation };
            let policy = policies.iter().find(|p| p.id == id).unwrap();
            assert!(
                policy.fixes.iter().any(|f| f.format == format),
                "{id}/{name}: the policy has no {format:?} fix"
            );
        }
    }
}
