//! Every built-in policy against its fixtures: `testdata/policies/<ID>/{fail,pass}.{tf,yaml,json}`.
//!
//! A fail fixture marks each line where a finding is expected with `# expect: <ID>` (JSON, which has no
//! comments, lists `<line> <ID>` pairs in a `<file>.expect` sidecar). The test asserts the exact set of
//! (rule, line) pairs — nothing missing, nothing extra — and zero findings on pass fixtures.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use palisade::app::{self, ScanOptions};
use palisade::policy::Policy;
use palisade::policy::engine::Settings;
use palisade::source::Format;

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/policies")
}

fn extensions(format: Format) -> &'static [&'static str] {
    match format {
        Format::Terraform => &["tf"],
        Format::CloudFormation => &["yaml", "json"],
    }
}

/// (line, rule id) pairs a fixture expects.
fn expectations(path: &Path) -> BTreeSet<(usize, String)> {
    let sidecar = PathBuf::from(format!("{}.expect", path.display()));
    if sidecar.exists() {
        return std::fs::read_to_string(&sidecar)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let (line, id) = l.trim().split_once(' ').expect("`<line> <ID>` in .expect files");
                (line.parse().unwrap(), id.trim().to_string())
            })
            .collect();
    }
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(pos) = rest.find("expect: ") {
            rest = &rest[pos + "expect: ".len()..];
            let id: String =
                rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
            out.insert((i + 1, id));
        }
    }
    out
}

fn settings_for(dir: &Path) -> Settings {
    let config = palisade::config::load(&dir.join(".palisade.yml"), false).unwrap().unwrap_or_default();
    Settings { required_tags: config.required_tags, backup_tag: config.backup_tag }
}

fn findings(policy: &Policy, file: &Path) -> Result<BTreeSet<(usize, String)>, String> {
    let options = ScanOptions {
        paths: vec![file.to_path_buf()],
        only: vec![policy.id.clone()],
        settings: settings_for(file.parent().unwrap()),
        ..ScanOptions::default()
    };
    let scan = app::scan_with_policies(&options, vec![policy.clone()]).unwrap();
    if let Some(d) = scan.project.diagnostics.iter().find(|d| d.level == palisade::diag::DiagLevel::Error) {
        return Err(format!("fixture does not parse: {d}"));
    }
    if scan.project.resources.is_empty() {
        return Err("no resources found".to_string());
    }
    Ok(scan
        .findings
        .iter()
        .map(|f| (scan.project.files[f.file].line_col(f.span.start as usize).line, f.rule_id.clone()))
        .collect())
}

#[test]
fn every_policy_matches_its_fixtures_exactly() {
    let policies = app::policies(&ScanOptions::default()).unwrap();
    assert!(!policies.is_empty());
    let mut failures = Vec::new();
    let mut checked = 0;
    for policy in &policies {
        let dir = fixtures_root().join(&policy.id);
        for format in policy.formats() {
            for ext in extensions(format) {
                for kind in ["fail", "pass"] {
                    let file = dir.join(format!("{kind}.{ext}"));
                    if !file.exists() {
                        continue;
                    }
                    checked += 1;
                    let expected = if kind == "fail" { expectations(&file) } else { BTreeSet::new() };
                    if kind == "fail" && expected.is_empty() {
                        failures
                            .push(format!("{}: a fail fixture without `expect:` markers", file.display()));
                    }
                    let got = match findings(policy, &file) {
                        Ok(got) => got,
                        Err(e) => {
                            failures.push(format!("{}: {e}", file.display()));
                            continue;
                        }
                    };
                    if got != expected {
                        let missing: Vec<_> = expected.difference(&got).collect();
                        let extra: Vec<_> = got.difference(&expected).collect();
                        failures
                            .push(format!("{}: missing {missing:?}, unexpected {extra:?}", file.display()));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} fixture mismatches:\n{}", failures.len(), failures.join("\n"));
    assert!(checked >= policies.len() * 2, "only {checked} fixtures checked for {} policies", policies.len());
}

#[test]
fn every_policy_has_fail_and_pass_fixtures_for_each_format_it_claims() {
    let policies = app::policies(&ScanOptions::default()).unwrap();
    let mut missing = Vec::new();
    for policy in &policies {
        let dir = fixtures_root().join(&policy.id);
        for format in policy.formats() {
            for kind in ["fail", "pass"] {
                if !extensions(format).iter().any(|ext| dir.join(format!("{kind}.{ext}")).exists()) {
                    missing.push(format!("{}: no {kind} fixture for {}", policy.id, format.name()));
                }
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_fixture_directory_belongs_to_a_policy() {
    let policies = app::policies(&ScanOptions::default()).unwrap();
    for entry in std::fs::read_dir(fixtures_root()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        assert!(policies.iter().any(|p| p.id == name), "testdata/policies/{name} has no policy");
    }
}
