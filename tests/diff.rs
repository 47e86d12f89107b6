//! `--diff-base`: only findings on resources a change touches, in a temporary git repository.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;
use support::git;

use std::path::Path;

use assert_cmd::Command;

const MAIN_TF: &str = r#"module "web" {
  source = "./modules/web"
}

resource "aws_s3_bucket" "root" {
  bucket = "root"
}
"#;

const WEB_TF: &str = r#"resource "aws_security_group" "this" {
  description = "web"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#;

const ADMIN_TF: &str = r#"variable "admin_cidr" {
  default = "10.0.0.0/8"
}

resource "aws_security_group" "admin" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }
}
"#;

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("modules/web")).unwrap();
    std::fs::create_dir_all(root.join("admin")).unwrap();
    std::fs::write(root.join("main.tf"), MAIN_TF).unwrap();
    std::fs::write(root.join("modules/web/main.tf"), WEB_TF).unwrap();
    std::fs::write(root.join("admin/main.tf"), ADMIN_TF).unwrap();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "base"]);
    dir
}

/// (rule, file, line, first address) of the findings of a scan run in `dir`.
/// (rule, file, line, first address).
type Found = (String, String, u64, String);

fn scan(dir: &Path, extra: &[&str]) -> (i32, Vec<Found>, String) {
    let mut cmd = Command::cargo_bin("palisade").unwrap();
    cmd.current_dir(dir).env_remove("GIT_DIR").env_remove("GIT_WORK_TREE");
    cmd.args([
        "scan",
        ".",
        "--only",
        "AWS-EC2-001,AWS-S3-002",
        "-f",
        "json",
        "-f",
        "text",
        "-o",
        "report.json",
    ]);
    let out = cmd.args(extra).output().unwrap();
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).unwrap()).unwrap();
    let findings = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
                f["start_line"].as_u64().unwrap(),
                f["resources"][0]["address"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let text = String::from_utf8(out.stdout).unwrap();
    (out.status.code().unwrap(), findings, text.lines().last().unwrap_or_default().to_string())
}

fn finding(rule: &str, file: &str, line: u64, address: &str) -> Found {
    (rule.into(), file.into(), line, address.into())
}

#[test]
fn a_changed_module_file_flags_the_callers_instance_only() {
    let dir = repo();
    let (code, all, _) = scan(dir.path(), &[]);
    assert_eq!((code, all.len()), (1, 2));

    std::fs::write(dir.path().join("modules/web/main.tf"), WEB_TF.replace("\"web\"", "\"web servers\""))
        .unwrap();
    let (code, findings, summary) = scan(dir.path(), &["--diff-base", "HEAD"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings,
        [finding("AWS-EC2-001", "modules/web/main.tf", 7, "module.web.aws_security_group.this")]
    );
    assert!(summary.ends_with("; 1 finding out of scope of the changes since HEAD"), "{summary}");
}

#[test]
fn nothing_changed_reports_nothing_and_passes() {
    let dir = repo();
    let (code, findings, summary) = scan(dir.path(), &["--diff-base", "HEAD"]);
    assert_eq!((code, findings), (0, vec![]));
    assert!(summary.ends_with("; 2 findings out of scope of the changes since HEAD"), "{summary}");
}

#[test]
fn a_changed_variable_default_flags_the_resources_using_it() {
    let dir = repo();
    std::fs::write(dir.path().join("admin/main.tf"), ADMIN_TF.replace("10.0.0.0/8", "0.0.0.0/0")).unwrap();
    git(dir.path(), &["commit", "-q", "-am", "open admin"]);
    let (code, findings, _) = scan(dir.path(), &["--diff-base", "HEAD~1"]);
    assert_eq!(code, 1);
    assert_eq!(findings, [finding("AWS-EC2-001", "admin/main.tf", 10, "aws_security_group.admin")]);
}

#[test]
fn untracked_files_are_changes() {
    let dir = repo();
    std::fs::write(dir.path().join("new.tf"), "resource \"aws_s3_bucket\" \"new\" {\n  bucket = \"n\"\n}\n")
        .unwrap();
    let (_, findings, _) = scan(dir.path(), &["--diff-base", "HEAD"]);
    assert_eq!(findings, [finding("AWS-S3-002", "new.tf", 1, "aws_s3_bucket.new")]);
}

#[test]
fn outside_a_repository_or_with_an_option_as_ref_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), MAIN_TF).unwrap();
    let mut cmd = Command::cargo_bin("palisade").unwrap();
    cmd.current_dir(dir.path()).env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap());
    cmd.args(["scan", ".", "--diff-base", "main"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--diff-base needs a git repository"));

    let repo = repo();
    let mut cmd = Command::cargo_bin("palisade").unwrap();
    cmd.current_dir(repo.path())
        .args(["scan", ".", "--diff-base=--output=x"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is not a git revision"));
    let mut cmd = Command::cargo_bin("palisade").unwrap();
    cmd.current_dir(repo.path())
        .args(["scan", ".", "--diff-base", "no-such-branch"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown git revision `no-such-branch`"));
}

const TEMPLATE: &str = "\
Parameters:
  Env:
    Type: String
    Default: dev
Mappings:
  Versioning:
    dev: {Status: Suspended}
    prod: {Status: Suspended}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Mapped:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: !FindInMap [Versioning, !Ref Env, Status]
  Conditional:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: !If [IsProd, {Status: Suspended}, !Ref AWS::NoValue]
  Plain:
    Type: AWS::S3::Bucket
";

#[test]
fn a_changed_declaration_flags_the_resources_whose_evaluation_read_it() {
    let dir = repo();
    std::fs::write(dir.path().join("stack.yaml"), TEMPLATE).unwrap();
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "template"]);
    let in_scope = |edit: &dyn Fn(&Path)| {
        edit(dir.path());
        let (_, findings, _) = scan(dir.path(), &["--diff-base", "HEAD"]);
        git(dir.path(), &["checkout", "-q", "--", "."]);
        findings.into_iter().map(|(_, file, _, address)| format!("{file} {address}")).collect::<Vec<_>>()
    };
    let template = |from: &'static str, to: &'static str| {
        move |root: &Path| std::fs::write(root.join("stack.yaml"), TEMPLATE.replace(from, to)).unwrap()
    };
    // A mapping entry: only the resource that looks it up.
    assert_eq!(
        in_scope(&template("prod: {Status: Suspended}", "prod: {Status: Enabled}")),
        ["stack.yaml Mapped"]
    );
    // A condition: the resource whose Fn::If tests it.
    assert_eq!(in_scope(&template("[!Ref Env, prod]", "[!Ref Env, production]")), ["stack.yaml Conditional"]);
    // A parameter: everything that reads it, through a condition too.
    assert_eq!(
        in_scope(&template("Default: dev", "Default: prod")),
        ["stack.yaml Mapped", "stack.yaml Conditional"]
    );
    // A Terraform variable block, even where its default did not change.
    let open = ADMIN_TF.replace("10.0.0.0/8", "0.0.0.0/0");
    std::fs::write(dir.path().join("admin/main.tf"), &open).unwrap();
    git(dir.path(), &["commit", "-q", "-am", "open admin"]);
    let described = |root: &Path| {
        let text =
            open.replace("variable \"admin_cidr\" {\n", "variable \"admin_cidr\" {\n  description = \"x\"\n");
        std::fs::write(root.join("admin/main.tf"), text).unwrap();
    };
    assert_eq!(in_scope(&described), ["admin/main.tf aws_security_group.admin"]);
}
