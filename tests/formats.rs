//! The PR-facing outputs (markdown, JUnit, GitHub annotations) on a real scan, plus the command-line
//! pieces around them: config errors, severity overrides, init, --quiet and single-file scans.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use assert_cmd::Command;
use palisade::app::{self, Scan, ScanOptions};
use palisade::report::{self, OutputFormat, RenderOptions};
use palisade::suppress::{Date, Options};

const DIR: &str = "testdata/cli/formats";

fn scan() -> Scan {
    let options = ScanOptions {
        paths: vec![PathBuf::from(DIR)],
        only: vec!["AWS-S3-002".into(), "AWS-EC2-001".into()],
        suppress: Options { today: Date::parse("2026-01-15"), report_unused: false },
        ..ScanOptions::default()
    };
    app::scan(&options).unwrap()
}

fn palisade() -> Command {
    let mut cmd = Command::cargo_bin("palisade").unwrap();
    cmd.env("PALISADE_TODAY", "2026-01-15");
    cmd
}

#[test]
fn markdown_summary() {
    let options =
        RenderOptions { link_base: Some("https://github.com/o/r/blob/abc/".into()), ..Default::default() };
    let out = report::render(OutputFormat::Markdown, &scan(), &options);
    insta::assert_snapshot!("markdown_summary", out);
}

#[test]
fn github_annotations() {
    let out = report::render(OutputFormat::Github, &scan(), &RenderOptions::default());
    assert_eq!(
        out,
        "::error file=testdata/cli/formats/main.tf,line=16,endLine=16,col=20,title=AWS-EC2-001%3A Security group allows SSH from the internet::security group allows SSH (port 22) from the internet (aws_security_group.ssh) [high]\n\
         ::notice file=testdata/cli/formats/main.tf,line=1,endLine=1,col=1,title=AWS-S3-002%3A S3 bucket has no versioning::S3 bucket has no versioning (aws_s3_bucket.logs) [low]\n"
    );
}

#[test]
fn junit_is_valid_xml_with_one_case_per_policy_and_resource() {
    let out = report::render(OutputFormat::Junit, &scan(), &RenderOptions::default());
    let doc = roxmltree::Document::parse(&out).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(
        (root.attribute("tests"), root.attribute("failures"), root.attribute("skipped")),
        (Some("4"), Some("2"), Some("1"))
    );
    let cases: Vec<String> = root
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|c| {
            let state = if let Some(f) = c.children().find(|n| n.has_tag_name("failure")) {
                format!("failure {}", f.attribute("message").unwrap())
            } else if let Some(s) = c.children().find(|n| n.has_tag_name("skipped")) {
                format!("skipped {}", s.attribute("message").unwrap())
            } else {
                "pass".to_string()
            };
            format!(
                "{} {} {} {state}",
                c.attribute("classname").unwrap(),
                c.attribute("name").unwrap(),
                c.attribute("file").unwrap()
            )
        })
        .collect();
    assert_eq!(
        cases,
        [
            "AWS-EC2-001 aws_security_group.ssh testdata/cli/formats/main.tf failure security group allows SSH (port 22) from the internet",
            "AWS-EC2-001 aws_security_group.closed testdata/cli/formats/main.tf pass",
            "AWS-S3-002 aws_s3_bucket.logs testdata/cli/formats/main.tf failure S3 bucket has no versioning",
            "AWS-S3-002 aws_s3_bucket.assets testdata/cli/formats/main.tf skipped suppressed: assets are rebuilt from git",
        ]
    );
}

#[test]
fn several_formats_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let (md, xml) = (dir.path().join("summary.md"), dir.path().join("junit.xml"));
    palisade()
        .args(["scan", DIR, "--only", "AWS-S3-002,AWS-EC2-001", "-f", "markdown", "-o"])
        .arg(&md)
        .args(["-f", "junit", "-o"])
        .arg(&xml)
        .args(["-f", "github"])
        .assert()
        .code(1)
        .stdout(predicates::str::starts_with("::error file=testdata/cli/formats/main.tf,line=16,"));
    assert!(
        std::fs::read_to_string(md).unwrap().starts_with("## Palisade\n\n**2 new findings**, 1 suppressed;")
    );
    roxmltree::Document::parse(&std::fs::read_to_string(xml).unwrap()).unwrap();
}

#[test]
fn config_errors_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), "resource \"aws_s3_bucket\" \"b\" {}\n").unwrap();
    let config = dir.path().join(".palisade.yml");
    std::fs::write(&config, "severity_threshold: low\nseverity:\n  AWS-S3-002: urgent\n").unwrap();
    palisade()
        .current_dir(dir.path())
        .args(["scan", "."])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("error: .palisade.yml:3:15: unknown severity `urgent`"));
    std::fs::write(&config, "baseline: b.json\nreport_unused: true\n").unwrap();
    palisade()
        .current_dir(dir.path())
        .args(["scan", "."])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("error: .palisade.yml:2:1: unknown key `report_unused`"));
    std::fs::write(&config, "severity: {NO-SUCH-ID: high}\n").unwrap();
    palisade()
        .current_dir(dir.path())
        .args(["scan", "."])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown policy id `NO-SUCH-ID`"));
}

#[test]
fn severity_overrides_reach_findings_and_sarif_rules() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), "resource \"aws_s3_bucket\" \"b\" {}\n").unwrap();
    std::fs::write(
        dir.path().join(".palisade.yml"),
        "severity: {AWS-S3-002: high}\nseverity_threshold: high\n",
    )
    .unwrap();
    let out = palisade()
        .current_dir(dir.path())
        .args(["scan", ".", "--only", "AWS-S3-002", "-f", "sarif"])
        .assert()
        .code(1);
    let sarif: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let run = &sarif["runs"][0];
    assert_eq!(run["results"][0]["ruleId"], "AWS-S3-002");
    assert_eq!(run["results"][0]["level"], "error");
    assert_eq!(run["tool"]["driver"]["rules"][0]["properties"]["security-severity"], "8.0");
}

#[test]
fn init_writes_a_starter_config_once() {
    let dir = tempfile::tempdir().unwrap();
    palisade().current_dir(dir.path()).args(["init"]).assert().code(0);
    let text = std::fs::read_to_string(dir.path().join(".palisade.yml")).unwrap();
    assert!(text.starts_with("# Palisade configuration."));
    palisade()
        .current_dir(dir.path())
        .args(["init"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(".palisade.yml already exists; use --force"));
    palisade().current_dir(dir.path()).args(["init", "--force"]).assert().code(0);
    // The starter config is accepted by scan.
    std::fs::write(dir.path().join("main.tf"), "").unwrap();
    palisade().current_dir(dir.path()).args(["scan", "."]).assert().code(0);
}

#[test]
fn quiet_prints_only_failures_and_single_files_scan() {
    let file = format!("{DIR}/main.tf");
    palisade()
        .args(["scan", &file, "--quiet", "--severity-threshold", "critical"])
        .assert()
        .code(0)
        .stdout("");
    palisade()
        .args(["scan", &file, "--quiet", "--only", "AWS-EC2-001"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("high[AWS-EC2-001]: security group allows SSH (port 22) from the internet\n  --> testdata/cli/formats/main.tf:16:20"));
}
