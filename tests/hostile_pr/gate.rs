//! The pull-request gate (`--diff-base`): a change that alters what a resource evaluates to puts the
//! resource in scope, however the change is made — through a file read by `file()`, a tfvars, var,
//! parameters or module file, behind `.gitattributes`, or in a file whose name git quotes.

use crate::common::Repo;

/// A security group whose SSH rule takes its CIDR from `cidr`, an expression.
fn ssh_group(cidr: &str) -> String {
    format!(
        "resource \"aws_security_group\" \"ssh\" {{\n  ingress {{\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [{cidr}]\n  }}\n}}\n"
    )
}

const NARROW: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#;
const ADMIN: &str =
    r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;

fn gate(repo: &Repo, args: &[&str]) -> Vec<String> {
    let mut all = vec!["--diff-base", "base"];
    all.extend(args);
    let run = repo.scan(&all);
    assert_eq!(run.code(), Some(1), "the gate passed:\n{}\n{}", run.stdout(), run.stderr());
    run.findings()
}

/// Issue example: the pull request changes only the JSON policy document that `file()` reads, here
/// through a local of a module, and the policy becomes administrator access.
#[test]
fn a_changed_file_read_by_file_is_in_scope() {
    let repo = Repo::new();
    repo.write("main.tf", "module \"iam\" {\n  source = \"./iam\"\n}\n")
        .write(
            "iam/main.tf",
            "locals {\n  doc = file(\"${path.module}/policy.json\")\n}\n\nresource \"aws_iam_policy\" \"p\" {\n  name   = \"p\"\n  policy = local.doc\n}\n",
        )
        .write("iam/policy.json", NARROW)
        .commit_base();
    repo.write("iam/policy.json", ADMIN).commit_pr();
    assert_eq!(gate(&repo, &["--only", "AWS-IAM-001"]), ["AWS-IAM-001 iam/main.tf:7"]);
}

/// The same through `templatefile()` on a bucket policy's document, written straight into the resource.
#[test]
fn a_changed_template_read_by_templatefile_is_in_scope() {
    let repo = Repo::new();
    repo.write(
        "main.tf",
        "resource \"aws_iam_role_policy\" \"p\" {\n  role   = \"r\"\n  policy = templatefile(\"policy.tpl\", { action = \"s3:GetObject\" })\n}\n",
    )
    .write("policy.tpl", NARROW.replace("s3:GetObject", "${action}"))
    .commit_base();
    repo.write("policy.tpl", ADMIN).commit_pr();
    assert_eq!(gate(&repo, &["--only", "AWS-IAM-001"]), ["AWS-IAM-001 main.tf:3"]);
}

/// Issue example: `.gitattributes` marks `*.tf` as `-diff` or `binary`, and the repository's git
/// configuration asks for no prefixes, colour, mnemonic prefixes and rename detection; the hunks
/// are still read.
#[test]
fn gitattributes_and_git_configuration_do_not_hide_the_hunks() {
    for attributes in ["*.tf -diff\n", "*.tf binary\n", "*.tf diff=word\n"] {
        let repo = Repo::new();
        for (key, value) in [
            ("diff.noprefix", "true"),
            ("diff.mnemonicPrefix", "true"),
            ("color.ui", "always"),
            ("diff.renames", "copies"),
            ("diff.word.textconv", "false"),
            ("core.quotePath", "false"),
        ] {
            repo.git(&["config", key, value]);
        }
        repo.write(".gitattributes", attributes)
            .write("other.tf", ssh_group("\"0.0.0.0/0\"").replace("\"ssh\"", "\"other\""))
            .write("main.tf", ssh_group("\"10.0.0.0/8\""))
            .commit_base();
        repo.write("main.tf", ssh_group("\"0.0.0.0/0\"")).commit_pr();
        assert_eq!(gate(&repo, &["--only", "AWS-EC2-001"]), ["AWS-EC2-001 main.tf:6"], "{attributes}");
    }
}

/// Issue example: new files whose names git quotes (a quote, a backslash, a tab) or ends with a tab
/// (a space).
#[test]
fn new_files_with_names_git_quotes_are_in_scope() {
    for name in ["new \"q\".tf", "new file.tf", "new\tfile.tf", "back\\slash.tf", "caf\u{e9}.tf"] {
        let repo = Repo::new();
        repo.write("main.tf", ssh_group("\"0.0.0.0/0\"").replace("\"ssh\"", "\"old\"")).commit_base();
        repo.write(name, ssh_group("\"0.0.0.0/0\"")).commit_pr();
        let run = repo.scan(&["--diff-base", "base", "--only", "AWS-EC2-001"]);
        assert_eq!(run.code(), Some(1), "{name:?}: {}", run.stderr());
        let json: serde_json::Value = serde_json::from_str(run.report("json")).unwrap();
        let found: Vec<(&str, &str, u64)> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule_id"].as_str().unwrap(),
                    f["file"].as_str().unwrap(),
                    f["start_line"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(found.len(), 1, "{name:?}: {found:?}");
        assert_eq!(found[0].0, "AWS-EC2-001");
        assert_eq!(found[0].2, 6);
        assert!(found[0].1.contains("new") || found[0].1.contains("slash") || found[0].1.contains("caf"));
    }
}

/// Issue example: only the CloudFormation parameters file changes.
#[test]
fn a_changed_cloudformation_parameters_file_is_in_scope() {
    let template = "AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n  SshCidr:\n    Type: String\nResources:\n  Ssh:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: ssh\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIp: !Ref SshCidr\n";
    let repo = Repo::new();
    repo.write("stack.yaml", template).write("params.json", r#"{"SshCidr": "10.0.0.0/8"}"#).commit_base();
    repo.write("params.json", r#"{"SshCidr": "0.0.0.0/0"}"#).commit_pr();
    let args = ["--only", "AWS-EC2-001", "--cfn-parameters", "params.json"];
    assert_eq!(gate(&repo, &args), ["AWS-EC2-001 stack.yaml:14"]);
}

/// Only a tfvars file changes: a value spread over lines (no `name =` on the changed line), a JSON
/// `.auto.tfvars.json`, and a `--var-file` in another directory.
#[test]
fn changed_variable_files_are_in_scope() {
    let main = format!("variable \"cidrs\" {{\n  type = list(string)\n}}\n\n{}", ssh_group("var.cidrs[0]"));
    let cases: [(&str, &str, &str, &[&str]); 3] = [
        ("terraform.tfvars", "cidrs = [\n  \"10.0.0.0/8\",\n]\n", "cidrs = [\n  \"0.0.0.0/0\",\n]\n", &[]),
        ("x.auto.tfvars.json", "{\"cidrs\": [\"10.0.0.0/8\"]}", "{\"cidrs\": [\"0.0.0.0/0\"]}", &[]),
        (
            "envs/prod.tfvars",
            "cidrs = [\"10.0.0.0/8\"]\n",
            "cidrs = [\"0.0.0.0/0\"]\n",
            &["--var-file", "envs/prod.tfvars"],
        ),
    ];
    for (file, before, after, extra) in cases {
        let repo = Repo::new();
        repo.write("main.tf", &main).write(file, before).commit_base();
        repo.write(file, after).commit_pr();
        let mut args = vec!["--only", "AWS-EC2-001"];
        args.extend(extra);
        assert_eq!(gate(&repo, &args), ["AWS-EC2-001 main.tf:10"], "{file}");
    }
}

/// Only a local module's `outputs.tf` changes, and the caller's resource reads the output.
#[test]
fn a_changed_module_output_is_in_scope() {
    let repo = Repo::new();
    repo.write(
        "main.tf",
        format!("module \"net\" {{\n  source = \"./net\"\n}}\n\n{}", ssh_group("module.net.cidr")),
    )
    .write("net/outputs.tf", "output \"cidr\" {\n  value = \"10.0.0.0/8\"\n}\n")
    .commit_base();
    repo.write("net/outputs.tf", "output \"cidr\" {\n  value = \"0.0.0.0/0\"\n}\n").commit_pr();
    assert_eq!(gate(&repo, &["--only", "AWS-EC2-001"]), ["AWS-EC2-001 main.tf:10"]);
}

/// Deleting the file that held a fix brings back the finding it fixed.
#[test]
fn a_deleted_file_brings_its_resources_neighbours_in_scope() {
    let repo = Repo::new();
    repo.write("main.tf", "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n")
        .write(
            "versioning.tf",
            "resource \"aws_s3_bucket_versioning\" \"v\" {\n  bucket = aws_s3_bucket.b.id\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n",
        )
        .commit_base();
    repo.remove("versioning.tf").commit_pr();
    assert_eq!(gate(&repo, &["--only", "AWS-S3-002"]), ["AWS-S3-002 main.tf:1"]);
}

/// Control: a change that no resource reads leaves the base's findings out of scope, and passes.
#[test]
fn an_unrelated_change_leaves_base_findings_out_of_scope() {
    let repo = Repo::new();
    repo.write(
        "main.tf",
        format!("locals {{\n  doc = file(\"policy.json\")\n}}\n\n{}", ssh_group("\"0.0.0.0/0\"")),
    )
    .write("policy.json", NARROW)
    .write("README.md", "base\n")
    .write("terraform.tfvars", "unused = 1\n")
    .commit_base();
    repo.write("README.md", "changed\n").write("policy.json", ADMIN).commit_pr();
    let run = repo.scan(&["--diff-base", "base", "--only", "AWS-EC2-001"]);
    assert_eq!(run.code(), Some(0), "{}", run.stdout());
    assert_eq!(run.findings(), Vec::<String>::new());
    assert!(run.stdout().contains("1 finding out of scope of the changes since base"), "{}", run.stdout());
}
