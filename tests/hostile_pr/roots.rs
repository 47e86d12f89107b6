//! The repository root, not the scan path, bounds what a scan reads: a pull request that changes a
//! module or a var file outside the scan path is judged, and one that points a module outside the
//! repository neither reads it nor passes `--strict`.

use crate::common::{CANARY_WORD, Repo};

const DB_MODULE: &str = "variable \"public\" {}\n\nresource \"aws_db_instance\" \"this\" {\n  publicly_accessible = var.public\n}\n";
const CALL: &str = "module \"db\" {\n  source = \"../../modules/db\"\n  public = var.public\n}\n\nvariable \"public\" {\n  default = false\n}\n";

/// `palisade scan envs/staging` judges the module `envs/staging` calls from `modules/db`, and a pull
/// request that makes that module public is in scope under `--diff-base`.
#[test]
fn a_changed_module_outside_the_scan_path_fails_the_gate() {
    let repo = Repo::new();
    repo.write("modules/db/main.tf", DB_MODULE).write("envs/staging/main.tf", CALL).commit_base();
    repo.write("modules/db/main.tf", DB_MODULE.replace("var.public", "true")).commit_pr();
    let run = repo.scan(&["envs/staging", "--diff-base", "base", "--only", "AWS-RDS-002"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
    assert_eq!(run.findings(), ["AWS-RDS-002 modules/db/main.tf:4"]);
}

/// A var file outside the scan path, named on the command line, feeds the root module's variables: a
/// pull request that changes it puts the resources it feeds in scope.
#[test]
fn a_changed_var_file_outside_the_scan_path_fails_the_gate() {
    let repo = Repo::new();
    repo.write("modules/db/main.tf", DB_MODULE)
        .write("envs/prod/main.tf", CALL)
        .write("vars/prod.tfvars", "public = false\n")
        .commit_base();
    repo.write("vars/prod.tfvars", "public = true\n").commit_pr();
    let args =
        ["envs/prod", "--diff-base", "base", "--only", "AWS-RDS-002", "--var-file", "vars/prod.tfvars"];
    let run = repo.scan(&args);
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
    // Reported at the var file's line that made the module's database public.
    assert_eq!(run.findings(), ["AWS-RDS-002 vars/prod.tfvars:1"]);
}

/// A module source that leaves the repository is not read (its canary stays out of every output),
/// and the run says so at the `module` block, as an error that fails `--strict`.
#[test]
fn a_module_outside_the_repository_is_refused_and_fails_strict() {
    let repo = Repo::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("main.tf"),
        format!("resource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"{CANARY_WORD}\"\n}}\n"),
    )
    .unwrap();
    repo.write("main.tf", "resource \"aws_s3_bucket\" \"own\" {}\n").commit_base();
    // Enough `..` to reach the file system's root from any temporary directory, then down again.
    let source =
        format!("{}{}", "../".repeat(32), outside.path().display().to_string().trim_start_matches('/'));
    repo.write("main.tf", format!("module \"x\" {{\n  source = \"{source}\"\n}}\n")).commit_pr();
    let run = repo.scan(&["--diff-base", "base", "--strict"]);
    assert_eq!(run.code(), Some(2), "{}", run.stderr());
    run.assert_absent(CANARY_WORD);
    assert!(
        run.report("text").contains("is outside the repository root; not read"),
        "{}",
        run.report("text")
    );
}
