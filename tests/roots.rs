//! What a scan reads, and that nothing it was meant to read is skipped in silence: modules outside the
//! scan path but inside the repository, var files named on the command line, and templates that do
//! not parse.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;
use support::git;

use std::path::Path;

use assert_cmd::Command;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
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

const PUBLIC_DB: &str = "variable \"public\" {}\n\nresource \"aws_db_instance\" \"this\" {\n  publicly_accessible = var.public\n}\n";

#[test]
fn a_module_outside_the_scan_path_is_read_when_inside_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    write(&repo, "modules/db/main.tf", PUBLIC_DB);
    write(
        &repo,
        "envs/staging/main.tf",
        "module \"db\" {\n  source = \"../../modules/db\"\n  public = true\n}\n",
    );
    git(&repo, &["init", "-q"]);
    let run = scan(&repo, &["envs/staging", "--only", "AWS-RDS-002"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    // Reported at the argument that decided the value; the module's line, read from outside the
    // scan path, is related.
    assert_eq!(run.findings(), [("AWS-RDS-002".to_string(), "envs/staging/main.tf".to_string(), 3)]);
    let inside = &run.report["findings"][0]["related"][0];
    assert_eq!(
        (inside["file"].as_str(), inside["start_line"].as_u64()),
        (Some("modules/db/main.tf"), Some(4))
    );
    // The called directory is a module, not a root of its own: one instance, through the call.
    let address = &run.report["findings"][0]["resources"][0]["address"];
    assert!(address.as_str().unwrap().ends_with("module.db.aws_db_instance.this"), "{address}");
    assert_eq!(run.report["summary"]["resources"], 1, "{}", run.report["summary"]);
    // From inside the scan path too.
    let run = scan(&repo.join("envs/staging"), &[".", "--only", "AWS-RDS-002"]);
    assert_eq!(run.findings(), [("AWS-RDS-002".to_string(), "main.tf".to_string(), 3)]);
    let inside = &run.report["findings"][0]["related"][0];
    assert_eq!(inside["file"].as_str(), Some("../../modules/db/main.tf"));
}

#[test]
fn a_module_outside_the_repository_is_refused_at_its_module_block() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    write(dir.path(), "outside/db/main.tf", PUBLIC_DB);
    write(&repo, "main.tf", "\nmodule \"db\" {\n  source = \"../outside/db\"\n  public = true\n}\n");
    git(&repo, &["init", "-q"]);
    let run = scan(&repo, &["."]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.findings().is_empty());
    assert_eq!(
        run.diagnostics(),
        [(
            "error".to_string(),
            "main.tf".to_string(),
            Some(2),
            "module db: source \"../outside/db\" is outside the repository root; not read".to_string()
        )]
    );
    assert_eq!(scan(&repo, &[".", "--strict"]).code, Some(2));
    // Outside a repository the scan path is the root.
    let plain = dir.path().join("plain");
    write(&plain, "modules/db/main.tf", PUBLIC_DB);
    write(
        &plain,
        "envs/prod/main.tf",
        "module \"db\" {\n  source = \"../../modules/db\"\n  public = true\n}\n",
    );
    let run = scan(&plain, &["envs/prod", "--strict"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert_eq!(run.diagnostics()[0].1, "envs/prod/main.tf");
}

#[test]
fn a_var_file_named_on_the_command_line_is_read_wherever_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    write(&repo, "infra/main.tf", PUBLIC_DB);
    // HashiCorp's .gitignore for Terraform ignores every .tfvars file.
    write(&repo, ".gitignore", "*.tfvars\n");
    write(&repo, "env/prod.tfvars", "public = true\n");
    write(&repo, "infra/prod.tfvars", "public = true\n");
    write(dir.path(), "elsewhere/prod.tfvars.json", "{\"public\": true}\n");
    git(&repo, &["init", "-q"]);
    let expected = [("AWS-RDS-002".to_string(), "infra/main.tf".to_string(), 4)];
    for var_file in ["env/prod.tfvars", "infra/prod.tfvars", "../elsewhere/prod.tfvars.json"] {
        let run = scan(&repo, &["infra", "--only", "AWS-RDS-002", "--var-file", var_file]);
        assert_eq!(run.code, Some(1), "{var_file}: {}", run.stderr);
        assert_eq!(run.findings(), expected, "{var_file}");
        assert!(run.diagnostics().is_empty(), "{var_file}: {:?}", run.diagnostics());
    }
    // Without it the value is unknown, and nothing is reported.
    assert_eq!(scan(&repo, &["infra", "--only", "AWS-RDS-002"]).code, Some(0));
    // A var file that is missing or not a regular file is an error, whatever --strict says.
    for var_file in ["env/missing.tfvars", "env"] {
        let run = scan(&repo, &["infra", "--var-file", var_file]);
        assert_eq!(run.code, Some(2), "{var_file}");
        assert!(run.stderr.contains(&format!("--var-file: {var_file}: ")), "{}", run.stderr);
    }
}

#[test]
fn a_var_file_the_configuration_names_stays_within_what_git_would_track() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    write(&repo, "infra/main.tf", PUBLIC_DB);
    write(&repo, ".gitignore", "secret.tfvars\n");
    write(&repo, "env/prod.tfvars", "public = true\n");
    write(&repo, "env/secret.tfvars", "public = true\n");
    git(&repo, &["init", "-q"]);
    // Outside the scan path, inside the repository: read.
    write(&repo, "infra/.palisade.yml", "var_files: [../env/prod.tfvars]\n");
    let run = scan(&repo, &["infra", "--only", "AWS-RDS-002"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.findings(), [("AWS-RDS-002".to_string(), "infra/main.tf".to_string(), 4)]);
    // Ignored by git and not tracked: the configuration may not name it.
    write(&repo, "infra/.palisade.yml", "var_files: [../env/secret.tfvars]\n");
    let run = scan(&repo, &["infra"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("is ignored by git and not tracked"), "{}", run.stderr);
}
