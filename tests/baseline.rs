//! Baselines through the command line: write, accept, survive moved code, fail on new findings.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use assert_cmd::Command;
use palisade::policy::engine::identity;

const BUCKET_B: &str = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n";
const BUCKET_C: &str = "\nresource \"aws_s3_bucket\" \"c\" {\n  bucket = \"c\"\n}\n";

fn palisade(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("palisade").unwrap();
    cmd.current_dir(dir).env("PALISADE_TODAY", "2026-01-15").env_remove("NO_COLOR");
    cmd
}

fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).unwrap()
}

/// (rule, file, line, suppression justification) of every finding in a JSON report.
fn findings(report: &serde_json::Value) -> Vec<(String, String, u64, Option<String>)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let justification = f["suppressed"]["justification"].as_str().map(str::to_string);
            if justification.is_some() {
                assert_eq!(f["suppressed"]["kind"], "external");
            }
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
                f["start_line"].as_u64().unwrap(),
                justification,
            )
        })
        .collect()
}

#[test]
fn round_trip_moved_code_and_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), BUCKET_B).unwrap();

    // Writing a baseline records today's findings; the run that writes it succeeds.
    palisade(dir.path())
        .args(["scan", ".", "--only", "AWS-S3-002", "--write-baseline", "baseline.json"])
        .assert()
        .code(0);
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("baseline.json")).unwrap()).unwrap();
    assert_eq!(
        written,
        serde_json::json!({
            "version": 3,
            "findings": [{
                // The root module is the current directory: its name is empty.
                "fingerprint": identity("AWS-S3-002", "", "aws_s3_bucket.b"),
                "rule_id": "AWS-S3-002",
                "file": "main.tf",
                "address": "aws_s3_bucket.b",
                "first_seen": "2026-01-15"
            }]
        })
    );

    let accepted = Some("accepted in baseline baseline.json".to_string());
    let out = palisade(dir.path())
        .args(["scan", ".", "--only", "AWS-S3-002", "--baseline", "baseline.json", "-f", "json"])
        .assert()
        .code(0);
    let expected = vec![("AWS-S3-002".to_string(), "main.tf".to_string(), 1, accepted.clone())];
    assert_eq!(findings(&json(&out.get_output().stdout)), expected);

    // Blank lines and a comment above move the bucket down; its fingerprint does not move.
    std::fs::write(dir.path().join("main.tf"), format!("\n\n# the data bucket\n{BUCKET_B}")).unwrap();
    let out = palisade(dir.path())
        .args(["scan", ".", "--only", "AWS-S3-002", "--baseline", "baseline.json", "-f", "json"])
        .assert()
        .code(0);
    let expected = vec![("AWS-S3-002".to_string(), "main.tf".to_string(), 4, accepted.clone())];
    assert_eq!(findings(&json(&out.get_output().stdout)), expected);

    // A new bucket is a new finding, and fails; the config file names the baseline this time.
    std::fs::write(dir.path().join("main.tf"), format!("{BUCKET_B}{BUCKET_C}")).unwrap();
    std::fs::write(dir.path().join(".palisade.yml"), "baseline: baseline.json\n").unwrap();
    let out = palisade(dir.path()).args(["scan", ".", "--only", "AWS-S3-002", "-f", "json"]).assert().code(1);
    assert_eq!(
        findings(&json(&out.get_output().stdout)),
        [
            ("AWS-S3-002".to_string(), "main.tf".to_string(), 1, accepted),
            ("AWS-S3-002".to_string(), "main.tf".to_string(), 5, None),
        ]
    );

    // Rewriting the baseline keeps the first-seen date of what was already there.
    palisade(dir.path())
        .env("PALISADE_TODAY", "2026-02-01")
        .args(["scan", ".", "--only", "AWS-S3-002", "--write-baseline", "baseline.json"])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(dir.path().join("baseline.json")).unwrap();
    let rewritten: serde_json::Value = serde_json::from_str(&text).unwrap();
    let seen: Vec<(&str, &str)> = rewritten["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["address"].as_str().unwrap(), e["first_seen"].as_str().unwrap()))
        .collect();
    let mut seen = seen;
    seen.sort_unstable();
    assert_eq!(seen, [("aws_s3_bucket.b", "2026-01-15"), ("aws_s3_bucket.c", "2026-02-01")]);
}

#[test]
fn broken_or_missing_baseline_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), BUCKET_B).unwrap();
    std::fs::write(dir.path().join("bad.json"), "{\"version\": 1,\n \"findings\": 3}").unwrap();
    palisade(dir.path())
        .args(["scan", ".", "--baseline", "bad.json"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("bad.json:2:"));
    palisade(dir.path()).args(["scan", ".", "--baseline", "missing.json"]).assert().code(2);
}
