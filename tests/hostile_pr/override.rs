//! Terraform's override files (`override.tf`, `*_override.tf`, `.tf.json` forms) are merged into the
//! blocks they name, as Terraform deploys them: a pull request can neither hide a finding behind one
//! nor fake one through one, and a finding decided there points at the override file.

use crate::common::Repo;

const PRIVATE_DB: &str = "resource \"aws_db_instance\" \"db\" {\n  engine              = \"postgres\"\n  publicly_accessible = false\n}\n";
const PUBLIC_DB: &str = "resource \"aws_db_instance\" \"db\" {\n  engine              = \"postgres\"\n  publicly_accessible = true\n}\n";

#[test]
fn an_override_that_makes_the_database_public_is_one_finding_at_the_override() {
    let repo = Repo::new();
    repo.write("main.tf", PRIVATE_DB)
        .write(
            "main_override.tf",
            "\nresource \"aws_db_instance\" \"db\" {\n  publicly_accessible = true\n}\n",
        )
        .commit_base();
    let run = repo.scan(&["--only", "AWS-RDS-002"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
    assert_eq!(run.findings(), ["AWS-RDS-002 main_override.tf:3"]);
}

#[test]
fn an_override_that_fixes_the_database_leaves_no_finding() {
    let repo = Repo::new();
    repo.write("main.tf", PUBLIC_DB)
        .write("override.tf", "resource \"aws_db_instance\" \"db\" {\n  publicly_accessible = false\n}\n")
        .commit_base();
    let run = repo.scan(&["--only", "AWS-RDS-002"]);
    assert_eq!(run.code(), Some(0), "{}", run.stderr());
    assert_eq!(run.findings(), Vec::<String>::new());
}

#[test]
fn a_json_override_is_merged_too() {
    let repo = Repo::new();
    let json = "{\n  \"resource\": {\n    \"aws_db_instance\": {\n      \"db\": {\n        \"publicly_accessible\": true\n      }\n    }\n  }\n}\n";
    repo.write("main.tf", PRIVATE_DB).write("override.tf.json", json).commit_base();
    let run = repo.scan(&["--only", "AWS-RDS-002"]);
    assert_eq!(run.findings(), ["AWS-RDS-002 override.tf.json:5"]);
}

#[test]
fn findings_about_nested_blocks_follow_the_override() {
    let main = "resource \"aws_security_group\" \"sg\" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n";
    let closed = "resource \"aws_security_group\" \"sg\" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"10.0.0.0/8\"]\n  }\n}\n";
    let repo = Repo::new();
    // The override replaces the open ingress block: the original's finding is gone.
    repo.write("main.tf", main).write("sg_override.tf", closed).commit_base();
    assert_eq!(repo.scan(&["--only", "AWS-EC2-001"]).findings(), Vec::<String>::new());
    // And the other way round: an open ingress from the override is found at the override.
    repo.write("main.tf", closed).write("sg_override.tf", main).commit_pr();
    assert_eq!(repo.scan(&["--only", "AWS-EC2-001"]).findings(), ["AWS-EC2-001 sg_override.tf:6"]);
}

#[test]
fn a_password_written_in_an_override_is_found_there() {
    let repo = Repo::new();
    let over = "resource \"aws_db_instance\" \"db\" {\n  password = \"Sup3rS3cretPassw0rd!\"\n}\n";
    repo.write("main.tf", PRIVATE_DB).write("db_override.tf", over).commit_base();
    assert_eq!(repo.scan(&["--only", "AWS-SECRETS-001"]).findings(), ["AWS-SECRETS-001 db_override.tf:2"]);
}

#[test]
fn a_pull_request_adding_only_an_override_fails_the_gate_at_the_override() {
    let repo = Repo::new();
    repo.write("main.tf", PRIVATE_DB).commit_base();
    repo.write("db_override.tf", "resource \"aws_db_instance\" \"db\" {\n  publicly_accessible = true\n}\n")
        .commit_pr();
    let run = repo.scan(&["--diff-base", "base", "--only", "AWS-RDS-002"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
    assert_eq!(run.findings(), ["AWS-RDS-002 db_override.tf:2"]);
}

#[test]
fn a_suppression_in_the_override_file_applies_to_its_finding() {
    let repo = Repo::new();
    let over = "resource \"aws_db_instance\" \"db\" {\n  # palisade:ignore:AWS-RDS-002 reviewed: a public demo database\n  publicly_accessible = true\n}\n";
    repo.write("main.tf", PRIVATE_DB).write("main_override.tf", over).commit_base();
    let run = repo.scan(&["--only", "AWS-RDS-002"]);
    assert_eq!(run.code(), Some(0), "{}", run.stdout());
    assert_eq!(run.findings(), Vec::<String>::new());
    // Above the override block, as above the resource itself.
    let over = "# palisade:ignore:AWS-RDS-002 reviewed: a public demo database\nresource \"aws_db_instance\" \"db\" {\n  engine = \"postgres\"\n\n  publicly_accessible = true\n}\n";
    repo.write("main_override.tf", over).commit_pr();
    let run = repo.scan(&["--only", "AWS-RDS-002"]);
    assert_eq!(run.code(), Some(0), "{}", run.stdout());
    // The same comment in the original file does not reach a finding in the override file.
    let main = format!("# palisade:ignore:AWS-RDS-002 reviewed\n{PRIVATE_DB}");
    repo.write("main.tf", &main)
        .write("main_override.tf", over.lines().skip(1).collect::<Vec<_>>().join("\n"))
        .commit_pr();
    let run = repo.scan(&["--only", "AWS-RDS-002"]);
    assert_eq!(run.findings(), ["AWS-RDS-002 main_override.tf:4"]);
}

#[test]
fn an_override_of_nothing_is_a_located_warning() {
    let repo = Repo::new();
    repo.write("main.tf", PRIVATE_DB)
        .write("override.tf", "resource \"aws_db_instance\" \"other\" {\n  publicly_accessible = true\n}\n")
        .commit_base();
    let run = repo.scan(&["--only", "AWS-RDS-002"]);
    assert_eq!(run.findings(), Vec::<String>::new());
    let json: serde_json::Value = serde_json::from_str(run.report("json")).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert!(
        diagnostics.iter().any(|d| d["file"] == "override.tf"
            && d["line"] == 1
            && d["message"]
                .as_str()
                .unwrap()
                .starts_with("override of resource \"aws_db_instance\" \"other\"")),
        "{diagnostics:?}"
    );
}
