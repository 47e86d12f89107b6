//! The command-line contract: exit codes, outputs, determinism, and that one broken file never hides
//! the findings of the others.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn palisade() -> Command {
    Command::cargo_bin("palisade").unwrap()
}

fn fixture(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path).to_string_lossy().to_string()
}

#[test]
fn exit_code_is_0_when_clean_1_with_findings_2_on_usage_errors() {
    palisade()
        .args(["scan", &fixture("testdata/policies/AWS-S3-002/pass.yaml"), "--only", "AWS-S3-002"])
        .assert()
        .code(0);
    palisade()
        .args(["scan", &fixture("testdata/policies/AWS-S3-002/fail.yaml"), "--only", "AWS-S3-002"])
        .assert()
        .code(1);
    palisade()
        .args(["scan", "no/such/path"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/path"));
    palisade()
        .args(["scan", ".", "--only", "AWS-NOPE-999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("AWS-NOPE-999"));
    palisade().args(["scan", ".", "--severity-threshold", "urgent"]).assert().code(2);
    palisade().args(["explain", "AWS-NOPE-999"]).assert().code(2);
}

#[test]
fn severity_threshold_decides_the_exit_code() {
    // AWS-S3-002 is low: a medium threshold lets it through.
    let file = fixture("testdata/policies/AWS-S3-002/fail.yaml");
    palisade()
        .args(["scan", &file, "--only", "AWS-S3-002", "--severity-threshold", "medium"])
        .assert()
        .code(0);
    palisade().args(["scan", &file, "--only", "AWS-S3-002", "--severity-threshold", "low"]).assert().code(1);
}

#[test]
fn a_malformed_file_is_reported_and_the_others_are_still_scanned() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.tf"), "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \n}\n")
        .unwrap();
    std::fs::write(
        dir.path().join("broken.yaml"),
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: [AWS::S3::Bucket\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("bad.tf"),
        "resource \"aws_db_instance\" \"db\" {\n  publicly_accessible = true\n}\n",
    )
    .unwrap();
    let out = palisade()
        .current_dir(dir.path())
        .args(["scan", ".", "--only", "AWS-RDS-002", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["rule_id"], "AWS-RDS-002");
    assert_eq!(findings[0]["file"], "bad.tf");
    assert_eq!(findings[0]["start_line"], 2);
    let diags = report["diagnostics"].as_array().unwrap();
    let broken_tf = diags.iter().find(|d| d["file"] == "broken.tf").expect("broken.tf diagnostic");
    assert_eq!(broken_tf["level"], "error");
    assert_eq!(broken_tf["line"], 2, "the attribute without a value");
    let broken_yaml = diags.iter().find(|d| d["file"] == "broken.yaml").expect("broken.yaml diagnostic");
    assert_eq!(broken_yaml["level"], "error");
    assert!(broken_yaml["line"].as_u64().unwrap() >= 4);

    // --strict turns the parse failure into exit code 2.
    palisade().current_dir(dir.path()).args(["scan", ".", "--strict", "--format", "json"]).assert().code(2);
    // The text report names the broken file with its line.
    palisade()
        .current_dir(dir.path())
        .args(["scan", ".", "--no-color"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("broken.tf:2:"));
}

#[test]
fn outputs_are_byte_identical_between_runs_and_written_to_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut previous: Option<(Vec<u8>, Vec<u8>)> = None;
    for run in 0..2 {
        let json = dir.path().join(format!("r{run}.json"));
        let sarif = dir.path().join(format!("r{run}.sarif"));
        palisade()
            .args(["scan", &fixture("testdata/policies"), "--format", "json", "--output"])
            .arg(&json)
            .args(["--format", "sarif", "--output"])
            .arg(&sarif)
            .assert()
            .code(1)
            .stdout("");
        let current = (std::fs::read(&json).unwrap(), std::fs::read(&sarif).unwrap());
        if let Some(prev) = &previous {
            assert!(prev == &current, "two runs differ");
        }
        previous = Some(current);
    }
}

#[test]
fn sarif_of_every_fixture_validates_against_the_schema() {
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/sarif-schema-2.1.0.json");
    if !schema_path.exists() {
        // CI always has it: a run that cannot see it must not pass as if it had checked.
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{} is absent under CI=true",
            schema_path.display()
        );
        eprintln!(
            "SKIPPED sarif_of_every_fixture_validates_against_the_schema: {} is absent",
            schema_path.display()
        );
        return;
    }
    let out = palisade()
        .args(["scan", &fixture("testdata"), "--format", "sarif", "--severity-threshold", "critical"])
        .assert()
        .get_output()
        .stdout
        .clone();
    let sarif: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::draft4::options().should_validate_formats(true).build(&schema).unwrap();
    let errors: Vec<String> =
        validator.iter_errors(&sarif).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() > 40, "only {} results", results.len());
    for r in results {
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.starts_with('/') && !uri.contains('\\'), "{uri} is not repository-relative");
    }
}

#[test]
fn rules_lists_every_policy_with_its_metadata() {
    let out = palisade().args(["rules", "--format", "json"]).assert().code(0).get_output().stdout.clone();
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
    let s3 = rules.iter().find(|r| r["id"] == "AWS-S3-002").unwrap();
    assert_eq!(s3["severity"], "low");
    assert_eq!(s3["formats"], serde_json::json!(["terraform", "cloudformation"]));
    assert_eq!(s3["resource_types"]["terraform"], serde_json::json!(["aws_s3_bucket"]));
    assert_eq!(s3["equivalents"]["checkov"], serde_json::json!(["CKV_AWS_21"]));
    assert_eq!(s3["compliance"]["securityhub"], serde_json::json!(["S3.14"]));
    // Versioning is a companion resource in Terraform, which the fix adds.
    assert_eq!(s3["fix"], serde_json::json!({"terraform": "safe", "cloudformation": "safe"}));
    let kms_s3 = rules.iter().find(|r| r["id"] == "AWS-S3-003").unwrap();
    assert_eq!(kms_s3["fix"], serde_json::json!({"terraform": "unsafe"}));
    let ssh = rules.iter().find(|r| r["id"] == "AWS-EC2-001").unwrap();
    assert!(ssh.get("fix").is_none(), "no fix, no `fix` key");
    let kms = rules.iter().find(|r| r["id"] == "AWS-KMS-001").unwrap();
    assert_eq!(kms["fix"], serde_json::json!({"terraform": "safe", "cloudformation": "safe"}));
    let rds = rules.iter().find(|r| r["id"] == "AWS-RDS-001").unwrap();
    assert_eq!(rds["fix"], serde_json::json!({"terraform": "unsafe", "cloudformation": "unsafe"}));
    palisade().args(["rules"]).assert().code(0).stdout(predicate::str::contains("AWS-S3-002"));
    palisade().args(["explain", "AWS-S3-002"]).assert().code(0).stdout(
        predicate::str::contains("## Why it matters")
            .and(predicate::str::contains("aws_s3_bucket_versioning")),
    );
}

#[test]
fn custom_policies_load_from_a_directory_and_bad_ones_name_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let policies = dir.path().join("policies");
    std::fs::create_dir(&policies).unwrap();
    std::fs::write(
        policies.join("acme.yaml"),
        "id: ACME-001\ntitle: Buckets need a name\nseverity: medium\ndescription: >\n  Unnamed buckets get random names that nobody can find in an incident, so every bucket must be named.\nreferences: [https://example.com]\ncompliance_note: internal\nterraform:\n  resources: [aws_s3_bucket]\n  pass_when: { attribute: bucket, exists: true }\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("main.tf"), "resource \"aws_s3_bucket\" \"b\" {\n}\n").unwrap();
    palisade()
        .current_dir(dir.path())
        .args(["scan", "main.tf", "--policy-dir", "policies", "--only", "ACME-001", "--format", "json"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"rule_id\": \"ACME-001\""));

    std::fs::write(
        policies.join("acme.yaml"),
        "id: ACME-001\ntitle: x\nseverity: medium\ndescriptoin: typo\n",
    )
    .unwrap();
    palisade()
        .current_dir(dir.path())
        .args(["scan", "main.tf", "--policy-dir", "policies"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("acme.yaml:4:1").and(predicate::str::contains("descriptoin")));
}
