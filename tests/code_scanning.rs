//! What code scanning receives, through the binary: the SARIF report of a `--diff-base` scan holds the
//! whole scan (an upload that leaves a finding out closes its alert) while the gate, the annotations,
//! the JSON `findings` and the text report keep to the change; and SARIF paths are relative to the
//! repository root wherever the scan runs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;
use support::git;

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn bucket(name: &str) -> String {
    format!("resource \"aws_s3_bucket\" \"{name}\" {{\n  bucket = \"{name}\"\n}}\n")
}

/// A repository whose base commit has `old.tf`; the pull request adds `files` on top of it.
fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("old.tf"), bucket("old")).unwrap();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "base"]);
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "--allow-empty", "-m", "pull request"]);
    dir
}

struct Reports {
    code: i32,
    stdout: String,
    sarif: Value,
    json: Value,
    github: String,
}

fn scan(dir: &Path, args: &[&str]) -> Reports {
    let out = tempfile::tempdir().unwrap();
    let file = |name: &str| out.path().join(name);
    let output = Command::cargo_bin("palisade")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["scan", "--only", "AWS-S3-002"])
        .args(args)
        .args(["-f", "sarif", "-o"])
        .arg(file("sarif"))
        .args(["-f", "json", "-o"])
        .arg(file("json"))
        .args(["-f", "github", "-o"])
        .arg(file("github"))
        .args(["-f", "text"])
        .output()
        .unwrap();
    let read = |name: &str| std::fs::read_to_string(file(name)).unwrap_or_default();
    Reports {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        sarif: serde_json::from_str(&read("sarif")).unwrap_or_default(),
        json: serde_json::from_str(&read("json")).unwrap_or_default(),
        github: read("github"),
    }
}

/// (uri, uriBaseId, baselineState, inDiff) of each SARIF result.
fn results(sarif: &Value) -> Vec<(String, String, String, Value)> {
    sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let artifact = &r["locations"][0]["physicalLocation"]["artifactLocation"];
            (
                artifact["uri"].as_str().unwrap_or_default().to_string(),
                artifact["uriBaseId"].as_str().unwrap_or_default().to_string(),
                r["baselineState"].as_str().unwrap_or_default().to_string(),
                r["properties"]["inDiff"].clone(),
            )
        })
        .collect()
}

fn files(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}:{}", f["file"].as_str().unwrap(), f["start_line"]))
        .collect()
}

#[test]
fn a_diff_scan_uploads_the_whole_scan_and_gates_on_the_change() {
    let dir = repo(&[("new.tf", &bucket("new"))]);
    let run = scan(dir.path(), &["--diff-base", "HEAD~1"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        results(&run.sarif),
        [
            ("new.tf".into(), "%SRCROOT%".into(), "new".into(), Value::Bool(true)),
            ("old.tf".into(), "%SRCROOT%".into(), "unchanged".into(), Value::Bool(false)),
        ]
    );
    // JSON: `findings` is what the gate judged, `outside_diff` the rest, each counted in the summary.
    assert_eq!(files(&run.json["findings"]), ["new.tf:1"]);
    assert_eq!(files(&run.json["outside_diff"]), ["old.tf:1"]);
    assert_eq!(run.json["summary"]["findings"], 1);
    assert_eq!(run.json["summary"]["outside_diff"]["findings"], 1);
    assert_eq!(run.json["summary"]["outside_diff"]["by_severity"]["low"], 1, "{}", run.json["summary"]);
    // Annotations and the text report: the change only.
    assert_eq!(run.github.lines().count(), 1, "{}", run.github);
    assert!(run.github.starts_with("::notice file=new.tf,line=1,"), "{}", run.github);
    assert!(run.stdout.contains("new.tf:1") && !run.stdout.contains("old.tf"), "{}", run.stdout);
    assert!(run.stdout.contains("1 finding out of scope of the changes since HEAD~1"), "{}", run.stdout);
}

#[test]
fn findings_outside_the_change_pass_the_gate_but_stay_in_the_sarif() {
    let dir = repo(&[("README.md", "docs\n")]);
    let run = scan(dir.path(), &["--diff-base", "HEAD~1"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        results(&run.sarif),
        [("old.tf".into(), "%SRCROOT%".into(), "unchanged".into(), Value::Bool(false))]
    );
    assert_eq!(run.json["findings"], serde_json::json!([]));
    assert_eq!(run.json["summary"]["findings"], 0);
    assert_eq!(files(&run.json["outside_diff"]), ["old.tf:1"]);
    assert_eq!(run.github, "");
}

#[test]
fn a_full_scan_has_no_diff_marks() {
    let dir = repo(&[]);
    let run = scan(dir.path(), &[]);
    assert_eq!(run.code, 1);
    assert_eq!(results(&run.sarif), [("old.tf".into(), "%SRCROOT%".into(), String::new(), Value::Null)]);
    assert_eq!(run.json.get("outside_diff"), None);
    assert_eq!(run.json["summary"].get("outside_diff"), None);
}

#[test]
fn sarif_uris_are_relative_to_the_repository_root_from_a_subdirectory() {
    let dir = repo(&[("envs/prod/main.tf", &bucket("prod")), ("envs/dev/main.tf", &bucket("dev"))]);
    let prod = dir.path().join("envs/prod");
    let run = scan(&prod, &[".", "../dev"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        results(&run.sarif),
        [
            ("envs/dev/main.tf".into(), "%SRCROOT%".into(), String::new(), Value::Null),
            ("envs/prod/main.tf".into(), "%SRCROOT%".into(), String::new(), Value::Null),
        ]
    );
    let base = &run.sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"];
    assert_eq!(base["description"]["text"], "The repository root (its git top-level, or --root).");
    assert_eq!(base.get("uri"), None, "no machine path in the log");
    // Annotations and the JSON report keep the paths a terminal user types.
    assert_eq!(files(&run.json["findings"]), ["../dev/main.tf:1", "main.tf:1"]);

    // Outside git, `--root` says where the repository starts.
    std::fs::remove_dir_all(dir.path().join(".git")).unwrap();
    let run = scan(&prod, &["main.tf"]);
    assert_eq!(results(&run.sarif)[0].0, "main.tf");
    let run = scan(&prod, &["main.tf", "--root", "../.."]);
    assert_eq!(results(&run.sarif)[0].0, "envs/prod/main.tf");
}

#[test]
fn markdown_links_under_link_base_name_files_from_the_root() {
    let dir = repo(&[("envs/prod/main.tf", &bucket("prod"))]);
    let out = Command::cargo_bin("palisade")
        .unwrap()
        .current_dir(dir.path().join("envs/prod"))
        .args([
            "scan",
            "--only",
            "AWS-S3-002",
            "-f",
            "markdown",
            "--link-base",
            "https://github.com/o/r/blob/abc/",
        ])
        .output()
        .unwrap();
    let markdown = String::from_utf8(out.stdout).unwrap();
    assert!(
        markdown.contains("[`main.tf#L1`](https://github.com/o/r/blob/abc/envs/prod/main.tf#L1)"),
        "{markdown}"
    );
}
