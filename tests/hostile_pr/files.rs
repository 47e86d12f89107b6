//! What the scan reads: `file()` and its kin read only what git would track inside the repository,
//! every file Terraform deploys is scanned (tracked files under an ignore rule, names that are not
//! UTF-8, modules in hidden directories), and special files or ignore files linked to devices neither
//! hang nor abort the scan.

use crate::common::{ACCESS_KEY, CANARY_WORD, Repo, Run, TOKEN};

/// `resource: reason` of every unknown verdict of `rule` in the JSON report.
fn unknowns(run: &Run, rule: &str) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(run.report("json")).unwrap();
    let mut out: Vec<String> = json["unknowns"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["rule_id"] == rule)
        .map(|u| format!("{}: {}", u["resource"].as_str().unwrap(), u["reason"].as_str().unwrap()))
        .collect();
    out.sort();
    out
}

/// `file: message` of every diagnostic in the JSON report.
fn diagnostics(run: &Run) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(run.report("json")).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{}: {}", d["file"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect()
}

/// The token `actions/checkout` leaves in `.git/config` and the secrets of an `.env` file, read
/// through `file()` into a `for_each` key, a bucket name and a policy, never reach any output: the
/// values are Unknown, with a reason that names the path.
#[test]
fn secrets_in_git_config_and_env_files_are_not_read() {
    for env_ignored in [true, false] {
        let repo = Repo::new();
        let config = repo.path(".git/config");
        let mut text = std::fs::read_to_string(&config).unwrap();
        text.push_str("[http \"https://github.com/\"]\n\textraheader = AUTHORIZATION: basic ");
        text.push_str(TOKEN);
        text.push('\n');
        std::fs::write(&config, text).unwrap();
        repo.write(".env", format!("AWS_ACCESS_KEY_ID={ACCESS_KEY}\nPASSWORD={CANARY_WORD}\n"));
        repo.write(".gitignore", if env_ignored { ".env\n" } else { "" });
        repo.write(
            "main.tf",
            r#"locals {
  config = file(".git/config")
}
resource "aws_s3_bucket" "keyed" {
  for_each = toset([local.config, file(".env")])
  bucket   = each.key
}
resource "aws_s3_bucket" "named" {
  bucket = "${file(".env")}-${local.config}"
}
resource "aws_iam_policy" "git" {
  name   = "git"
  policy = local.config
}
resource "aws_iam_policy" "env" {
  for_each = toset([file(".env")])
  name     = each.key
  policy   = each.key
}
"#,
        );
        repo.commit_base();
        let run = repo.scan(&[]);
        for canary in [TOKEN, ACCESS_KEY, CANARY_WORD, "extraheader", "AUTHORIZATION"] {
            run.assert_absent(canary);
        }
        let s3: Vec<String> = run.findings().into_iter().filter(|f| f.starts_with("AWS-S3-002 ")).collect();
        assert_eq!(s3, ["AWS-S3-002 main.tf:4", "AWS-S3-002 main.tf:8"], "{}", run.stderr());
        assert_eq!(
            unknowns(&run, "AWS-IAM-001"),
            [
                "aws_iam_policy.env: policy document is unknown: each.key of aws_iam_policy.env: \
                 file(\".env\"): is a hidden file or in a hidden directory; not read",
                "aws_iam_policy.git: policy document is unknown: file(\".git/config\"): is inside .git/; not read",
            ],
            ".env ignored: {env_ignored}"
        );
    }
}

/// A file the repository tracks is read even under an ignore rule; an ignored file that is not
/// tracked (a build output, a local secret) is not.
#[test]
fn file_reads_tracked_files_and_refuses_ignored_untracked_ones() {
    let repo = Repo::new();
    let admin = r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
    repo.write(".gitignore", "*.json\n");
    repo.write("policies/tracked.json", admin);
    repo.write(
        "main.tf",
        r#"resource "aws_iam_policy" "tracked" {
  name   = "tracked"
  policy = file("policies/tracked.json")
}
resource "aws_iam_policy" "local" {
  name   = "local"
  policy = file("policies/local.json")
}
"#,
    );
    repo.commit_base();
    repo.write("policies/local.json", format!("{{\"Sid\":\"{CANARY_WORD}\",{}", &admin[1..]));
    let run = repo.scan(&["--only", "AWS-IAM-001"]);
    run.assert_absent(CANARY_WORD);
    assert_eq!(run.findings(), ["AWS-IAM-001 main.tf:3"], "{}", run.stderr());
    assert_eq!(
        unknowns(&run, "AWS-IAM-001"),
        ["aws_iam_policy.local: policy document is unknown: file(\"policies/local.json\"): \
          is ignored by git and not tracked; not read"]
    );
}

/// A file name that is not UTF-8 is a file Terraform deploys: it is scanned and shown lossily.
/// (Whether `--diff-base` puts it in scope depends on how git's quoted paths are read.)
#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_scanned() {
    use std::os::unix::ffi::OsStrExt as _;
    let repo = Repo::new();
    repo.write("ok.tf", "").commit_base();
    let name = std::ffi::OsStr::from_bytes(b"db\xff.tf");
    std::fs::write(repo.root().join(name), "resource \"aws_s3_bucket\" \"db\" {\n  bucket = \"db\"\n}\n")
        .unwrap();
    repo.commit_pr();
    let run = repo.scan(&["--only", "AWS-S3-002"]);
    assert_eq!(run.findings(), ["AWS-S3-002 db\u{fffd}.tf:1"], "{}", run.stderr());
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
}

/// Terraform ignores `.gitignore`: a pull request that adds `*.tf` to it (or to a `.ignore` file, which
/// git does not read at all) does not hide the tracked files it changes. Files that are ignored and
/// not tracked are not part of the checkout CI scans, and stay skipped.
#[test]
fn ignore_files_do_not_hide_tracked_terraform() {
    let repo = Repo::new();
    repo.write("main.tf", "resource \"aws_s3_bucket\" \"old\" {\n  bucket = \"old\"\n}\n");
    repo.write("envs/prod/main.tf", "").commit_base();
    repo.write(".gitignore", "*.tf\nenvs/\n");
    repo.write(".ignore", "*.tf\n");
    repo.write(
        "main.tf",
        "resource \"aws_s3_bucket\" \"old\" {\n  bucket = \"old\"\n}\n\
         resource \"aws_s3_bucket\" \"new\" {\n  bucket = \"new\"\n}\n",
    );
    repo.write("envs/prod/main.tf", "resource \"aws_s3_bucket\" \"prod\" {\n  bucket = \"prod\"\n}\n");
    repo.write("envs/prod/untracked.tf", "resource \"aws_s3_bucket\" \"u\" {\n  bucket = \"u\"\n}\n");
    repo.write("untracked.tf", "resource \"aws_s3_bucket\" \"u\" {\n  bucket = \"u\"\n}\n");
    repo.commit_pr();
    let run = repo.scan(&["--diff-base", "base", "--only", "AWS-S3-002"]);
    assert_eq!(
        run.findings(),
        ["AWS-S3-002 envs/prod/main.tf:1", "AWS-S3-002 main.tf:4"],
        "{}",
        run.stderr()
    );
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
}

/// A `module` block that calls a directory the walk skips as hidden loads it, as Terraform does, and
/// the module reads the files beside it (not hidden ones); a hidden directory nothing calls is still
/// not a root module.
#[test]
fn a_called_module_in_a_hidden_directory_is_evaluated() {
    let repo = Repo::new();
    repo.write("main.tf", "").commit_base();
    repo.write("main.tf", "module \"db\" {\n  source = \"./.mods/db\"\n}\n");
    repo.write(
        ".mods/db/main.tf",
        r#"resource "aws_s3_bucket" "db" {
  bucket = "db"
}
resource "aws_iam_policy" "admin" {
  name   = "admin"
  policy = file("${path.module}/admin.json")
}
resource "aws_iam_policy" "secret" {
  name   = "secret"
  policy = file("${path.module}/.secret.json")
}
"#,
    );
    repo.write(".mods/db/admin.json", r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#);
    repo.write(".mods/db/.secret.json", format!("{{\"Sid\":\"{CANARY_WORD}\"}}"));
    repo.write(".other/main.tf", "resource \"aws_s3_bucket\" \"x\" {\n  bucket = \"x\"\n}\n");
    repo.commit_pr();
    let run = repo.scan(&["--diff-base", "base", "--only", "AWS-S3-002,AWS-IAM-001"]);
    run.assert_absent(CANARY_WORD);
    assert_eq!(
        run.findings(),
        ["AWS-IAM-001 .mods/db/main.tf:6", "AWS-S3-002 .mods/db/main.tf:1"],
        "{}",
        run.stderr()
    );
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
    let json: serde_json::Value = serde_json::from_str(run.report("json")).unwrap();
    let addresses: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["resources"][0]["address"].as_str().unwrap())
        .collect();
    assert_eq!(addresses, ["module.db.aws_s3_bucket.db", "module.db.aws_iam_policy.admin"]);
    assert_eq!(
        unknowns(&run, "AWS-IAM-001"),
        ["module.db.aws_iam_policy.secret: policy document is unknown: file(\".mods/db/.secret.json\"): \
          is a hidden file or in a hidden directory; not read"]
    );
}

/// A `.gitignore` linked to `/dev/zero`, a FIFO named `x.tf` and one read by `file()` neither abort
/// nor block the scan (the run has a timeout); the real findings are still reported.
#[cfg(unix)]
#[test]
fn special_files_neither_abort_nor_hang_the_scan() {
    let repo = Repo::new();
    repo.write(
        "main.tf",
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n\
         resource \"aws_iam_policy\" \"p\" {\n  name   = \"p\"\n  policy = file(\"x.fifo\")\n}\n",
    );
    repo.commit_base();
    std::os::unix::fs::symlink("/dev/zero", repo.path(".gitignore")).unwrap();
    std::fs::create_dir(repo.path("sub")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", repo.path("sub/.gitignore")).unwrap();
    for fifo in ["x.tf", "x.fifo"] {
        let status = std::process::Command::new("mkfifo").arg(repo.path(fifo)).status().unwrap();
        assert!(status.success());
    }
    let run = repo.scan(&["--only", "AWS-S3-002,AWS-IAM-001"]);
    assert_eq!(run.findings(), ["AWS-S3-002 main.tf:1"], "{}", run.stderr());
    assert_eq!(
        unknowns(&run, "AWS-IAM-001"),
        ["aws_iam_policy.p: policy document is unknown: file(\"x.fifo\"): \
          is not a regular file (a directory, FIFO, socket or device); not read"]
    );
    let mut diags = diagnostics(&run);
    diags.sort();
    assert_eq!(
        diags,
        [
            ".gitignore: ignore file not read: is a symlink; configuration is not read through symlinks",
            "sub/.gitignore: ignore file not read: is a symlink; configuration is not read through symlinks",
            "x.tf: is not a regular file (a directory, FIFO, socket or device); not read",
        ]
    );
}
