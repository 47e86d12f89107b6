//! What a scan reads, and that nothing it was meant to read is skipped in silence: modules outside the
//! scan path but inside the repository, var files named on the command line, and templates that do
//! not parse.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use assert_cmd::Command;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

struct Run {
    code: Option<i32>,
    report: serde_json::Value,
    stderr: String,
}

impl Run {
    /// (rule id, file, line) of every finding.
    fn findings(&self) -> Vec<(String, String, u64)> {
        self.report["findings"]
            .as_array()
            .map(|all| {
                all.iter()
                    .map(|f| {
                        (
                            f["rule_id"].as_str().unwrap().to_string(),
                            f["file"].as_str().unwrap().to_string(),
                            f["start_line"].as_u64().unwrap(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// (level, file, line, message) of every diagnostic.
    fn diagnostics(&self) -> Vec<(String, String, Option<u64>, String)> {
        self.report["diagnostics"]
            .as_array()
            .map(|all| {
                all.iter()
                    .map(|d| {
                        (
                            d["level"].as_str().unwrap().to_string(),
                            d["file"].as_str().unwrap().to_string(),
                            d["line"].as_u64(),
                            d["message"].as_str().unwrap().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn scan(dir: &Path, args: &[&str]) -> Run {
    let out = Command::cargo_bin("palisade")
        .unwrap()
        .current_dir(dir)
        .arg("scan")
        .args(args)
        .args(["--format", "json"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    Run { code: out.status.code(), report, stderr: String::from_utf8_lossy(&out.stderr).into_owned() }
}

const BROKEN_TEMPLATE: &str =
    r#"{"Resources":{"B":{"Type":"AWS::RDS::DBInstance","Properties":{"PubliclyAccessible":true,}}}}"#;

#[test]
fn a_broken_template_without_a_format_version_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "db.json", BROKEN_TEMPLATE);
    write(dir.path(), "sam.yaml", "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: [\n");
    // Look-alikes that are not templates stay silent, broken or not.
    write(dir.path(), "package.json", r#"{"name": "x", "scripts": {"Resources": "AWS::x",}}"#);
    write(dir.path(), "k8s.yaml", "kind: Pod\nspec:\n  containers:\n    - resources: [\n");
    write(dir.path(), ".github/workflows/ci.yml", "on: push\njobs:\n  Resources: {\n");
    let run = scan(dir.path(), &["."]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let diagnostics = run.diagnostics();
    let errors: Vec<(&str, Option<u64>)> =
        diagnostics.iter().filter(|d| d.0 == "error").map(|d| (d.1.as_str(), d.2)).collect();
    assert_eq!(errors, [("db.json", Some(1)), ("sam.yaml", Some(5))], "{diagnostics:?}");
    assert_eq!(scan(dir.path(), &[".", "--strict"]).code, Some(2));
}
