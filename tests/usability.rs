//! What a new user meets first: `explain` and `rules` that find what they ask for, errors that say where
//! and what once, and a scan of an empty path that says so.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;
use predicates::prelude::*;

fn palisade() -> Command {
    Command::cargo_bin("palisade").unwrap()
}

#[test]
fn explain_takes_any_case_and_other_tools_ids() {
    palisade()
        .args(["explain", "aws-s3-002"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("# AWS-S3-002: S3 bucket has no versioning\n"));
    palisade().args(["explain", "ckv_aws_24"]).assert().code(0).stdout(predicate::str::starts_with(
        "ckv_aws_24 (checkov) is checked by AWS-EC2-001.\n\n# AWS-EC2-001:",
    ));
    palisade()
        .args(["explain", "no-such-id"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown policy id `no-such-id`"));
}

#[test]
fn rules_and_explain_read_the_projects_custom_policies() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("security")).unwrap();
    std::fs::write(dir.path().join(".palisade.yml"), "policy_dirs: [security]\n").unwrap();
    std::fs::write(
        dir.path().join("security/acme.yaml"),
        "id: ACME-S3-001\ntitle: Buckets are named by the platform team\nseverity: low\ndescription: >\n  Bucket names follow the platform team's scheme so that ownership can be read from the name alone.\nremediation:\n  terraform: |\n    bucket = \"acme-x\"\nreferences: [https://wiki.example.com/naming]\ncompliance_note: internal standard\nterraform:\n  resources: [aws_s3_bucket]\n  fail_when: { attribute: bucket, matches: \"^tmp-\" }\n",
    )
    .unwrap();
    palisade()
        .current_dir(dir.path())
        .args(["explain", "acme-s3-001"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("# ACME-S3-001: Buckets are named by the platform team\n"));
    palisade()
        .current_dir(dir.path())
        .args(["rules"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("ACME-S3-001"));
}

#[test]
fn an_unknown_policy_id_in_the_configuration_is_reported_where_it_is_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".palisade.yml"), "skip:\n  - AWS-S3-002\n  - AWS-NOPE-1\n").unwrap();
    std::fs::write(dir.path().join("main.tf"), "resource \"aws_s3_bucket\" \"b\" {}\n").unwrap();
    palisade()
        .current_dir(dir.path())
        .args(["scan", "."])
        .assert()
        .code(2)
        .stderr("error: .palisade.yml:3:5: unknown policy id `AWS-NOPE-1` (see `palisade rules`)\n");
    // An I/O error says its cause once.
    palisade()
        .args(["scan", "no/such/path"])
        .assert()
        .code(2)
        .stderr("error: no/such/path: No such file or directory (os error 2)\n");
    // Above the current directory too: not mistaken for a configuration outside the repository.
    palisade()
        .args(["scan", "../no/such/path"])
        .assert()
        .code(2)
        .stderr("error: ../no/such/path: No such file or directory (os error 2)\n");
}

#[test]
fn a_path_with_nothing_to_scan_says_so_and_fails_strict() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md"), "# nothing here\n").unwrap();
    palisade()
        .args(["scan", dir.path().to_str().unwrap()])
        .assert()
        .code(0)
        .stdout("nothing to scan: no Terraform or CloudFormation files were found\n");
    palisade().args(["scan", dir.path().to_str().unwrap(), "--strict"]).assert().code(2);
}

#[test]
fn writing_the_configured_baseline_the_first_time_succeeds_quietly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".palisade.yml"), "baseline: .palisade-baseline.json\n").unwrap();
    std::fs::write(dir.path().join("main.tf"), "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n")
        .unwrap();
    palisade()
        .current_dir(dir.path())
        .args(["scan", ".", "--only", "AWS-S3-002", "--write-baseline", ".palisade-baseline.json"])
        .assert()
        .code(0)
        .stdout("")
        .stderr("wrote 1 finding to baseline .palisade-baseline.json\n");
    palisade().current_dir(dir.path()).args(["scan", ".", "--only", "AWS-S3-002"]).assert().code(0);
}

#[test]
fn an_output_file_alone_takes_its_format_from_the_extension_and_the_summary_goes_to_stderr() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n")
        .unwrap();
    palisade()
        .current_dir(dir.path())
        .args(["scan", ".", "--only", "AWS-S3-002", "-o", "report.json", "-o", "report.sarif"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("1 finding (1 low) in 1 file; 1 resource checked\n");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(json["findings"][0]["rule_id"], "AWS-S3-002");
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
}
