//! Nested stacks and OpenTofu files in a pull request: a change to what the parent passes reaches
//! the child's resources, a nested template outside the repository is never read, and a `.tofu` twin
//! that takes a `.tf` file's place is named.

use crate::common::Repo;

const PARENT: &str = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Network:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: stacks/network.yaml\n      Parameters:\n        SshCidr: 10.0.0.0/8\n";

const CHILD: &str = "AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n  SshCidr:\n    Type: String\nResources:\n  BastionSg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: bastion\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIp: !Ref SshCidr\n";

/// The pull request changes only the value the parent passes; the child's rule is what opens SSH.
#[test]
fn a_parameter_the_parent_passes_puts_the_child_in_scope() {
    let repo = Repo::new();
    repo.write("parent.yaml", PARENT).write("stacks/network.yaml", CHILD).commit_base();
    repo.write("parent.yaml", PARENT.replace("10.0.0.0/8", "0.0.0.0/0")).commit_pr();
    let run = repo.scan(&["--diff-base", "base", "--only", "AWS-EC2-001"]);
    assert_eq!(run.code(), Some(1), "{}\n{}", run.stdout(), run.stderr());
    assert_eq!(run.findings(), ["AWS-EC2-001 stacks/network.yaml:14"]);
}

/// A nested stack pointing out of the repository: the canary behind it is in no output, and the
/// error fails `--strict`.
#[test]
fn a_nested_template_outside_the_repository_is_never_read() {
    let repo = Repo::new();
    let outside = tempfile::tempdir().unwrap();
    let canary = "CANARY-NESTED-7f3a";
    let secret = format!(
        "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  {canary}:\n    Type: AWS::S3::Bucket\n"
    );
    std::fs::write(outside.path().join("secret.yaml"), secret).unwrap();
    let parent = PARENT.replace("stacks/network.yaml", &outside.path().join("secret.yaml").to_string_lossy());
    repo.write("parent.yaml", parent).commit_base();
    let run = repo.scan(&["--strict"]);
    assert_eq!(run.code(), Some(2), "{}\n{}", run.stdout(), run.stderr());
    run.assert_absent(canary);
    assert!(run.stdout().contains("outside the repository root"), "{}", run.stdout());
}

/// A clean `main.tofu` added beside a `main.tf` that Terraform still deploys: OpenTofu's rule is
/// followed, and every report says which file was left out.
#[test]
fn a_tofu_twin_that_hides_a_terraform_file_is_named() {
    let repo = Repo::new();
    let open = "resource \"aws_db_instance\" \"db\" {\n  publicly_accessible = true\n}\n";
    repo.write("main.tf", open).commit_base();
    repo.write("main.tofu", open.replace("true", "false")).commit_pr();
    let run = repo.scan(&["--diff-base", "base", "--only", "AWS-RDS-002"]);
    assert_eq!(run.code(), Some(0), "{}\n{}", run.stdout(), run.stderr());
    let warning = "not evaluated: OpenTofu reads \\\"main.tofu\\\" instead";
    assert!(run.report("json").contains(warning), "{}", run.report("json"));
    assert!(
        run.stdout().contains("main.tf: not evaluated: OpenTofu reads \"main.tofu\" instead"),
        "{}",
        run.stdout()
    );
}
