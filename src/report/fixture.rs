//! A small hand-built scan shared by the report unit tests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use crate::diag::Diagnostic;
use crate::model::{Location, Mode, Project, Resource};
use crate::policy::format::{Check, Condition, Rule};
use crate::policy::{
    Finding, FindingResource, Policy, Remediation, Severity, Suppression, SuppressionKind, UnknownVerdict,
};
use crate::scan::Scan;
use crate::source::{Format, SourceFile, Span};
use crate::value::{Kind, Map, Value};

pub const MAIN_TF: &str = "\
resource \"aws_s3_bucket\" \"b\" {
  bucket = \"logs\"
}

module \"web\" {
  source = \"./modules/web\"
}
";

pub const WEB_TF: &str = "\
resource \"aws_security_group\" \"this\" {
  for_each = toset([\"a\", \"b\"])
  ingress {
    cidr_blocks = [\"0.0.0.0/0\"]
  }
}
";

pub const TEMPLATE: &str = "\
Resources:
  Bucket:
    Type: AWS::S3::Bucket
";

pub fn span_of(text: &str, needle: &str) -> Span {
    let start = text.find(needle).unwrap();
    Span::new(start, start + needle.len())
}

pub fn policy(id: &str, severity: Severity, title: &str) -> Policy {
    Policy {
        id: id.into(),
        aliases: vec![format!("OLD-{id}")],
        fixes: vec![],
        title: title.into(),
        severity,
        score: severity.default_score(),
        service: id.split('-').nth(1).unwrap_or("aws").to_lowercase(),
        description: format!("Why {title} matters."),
        message: title.to_lowercase(),
        remediation: Remediation {
            text: Some("Enable it. Then apply.".into()),
            terraform: Some("resource \"x\" \"y\" {}\n".into()),
            cloudformation: Some("Type: AWS::S3::Bucket\n".into()),
        },
        references: vec!["https://docs.aws.amazon.com/s3/".into()],
        compliance: BTreeMap::from([
            ("cis-aws-v3".into(), vec!["2.1.1".into()]),
            ("fsbp".into(), vec!["S3.14".into()]),
        ]),
        compliance_note: None,
        equivalents: BTreeMap::new(),
        checks: vec![Check {
            format: Format::Terraform,
            resources: vec!["aws_s3_bucket".into()],
            rule: Rule::FailWhen(Condition::All(vec![])),
        }],
        origin: format!("policies/aws/{id}.yaml"),
        builtin: true,
    }
}

fn resource(file: usize, rtype: &str, address: &str, span: Span) -> Resource {
    Resource {
        format: if file == 2 { Format::CloudFormation } else { Format::Terraform },
        mode: Mode::Managed,
        rtype: rtype.into(),
        address: address.into(),
        file,
        scope: file,
        span,
        head: span,
        attrs: Value::new(Kind::Map(Map::default()), span),
        refs: vec![],
        module_calls: vec![],
        assumptions: vec![],
        may_not_exist: None,
        parameter_defaults: vec![],
        span_files: vec![],
        origins: vec![],
        user_call: None,
        overrides: vec![],
        plan: None,
        inputs: vec![],
    }
}

fn finding_resource(rtype: &str, address: &str) -> FindingResource {
    FindingResource { address: address.into(), rtype: rtype.into(), root: None, construct: None, scope: 0 }
}

/// Three files, two policies, three findings (one suppressed, one shared by two instances inside a
/// module) and one parse diagnostic.
pub fn scan() -> Scan {
    let files = vec![
        SourceFile::new("main.tf".into(), "main.tf".into(), MAIN_TF.into()),
        SourceFile::new("modules/web/main.tf".into(), "modules/web/main.tf".into(), WEB_TF.into()),
        SourceFile::new("cfn/template.yaml".into(), "cfn/template.yaml".into(), TEMPLATE.into()),
    ];
    let bucket_head = span_of(MAIN_TF, "resource \"aws_s3_bucket\" \"b\"");
    let module_block = span_of(MAIN_TF, "module \"web\" {\n  source = \"./modules/web\"\n}");
    let ingress = span_of(WEB_TF, "ingress {\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }");
    let cfn_bucket = span_of(TEMPLATE, "Bucket:");
    let sg = "module.web.aws_security_group.this";
    let resources = vec![
        resource(0, "aws_s3_bucket", "aws_s3_bucket.b", bucket_head),
        resource(1, "aws_security_group", &format!("{sg}[\"a\"]"), ingress),
        resource(1, "aws_security_group", &format!("{sg}[\"b\"]"), ingress),
        resource(2, "AWS::S3::Bucket", "Bucket", cfn_bucket),
    ];
    let policies = vec![
        policy("AWS-S3-002", Severity::High, "S3 bucket has no versioning"),
        policy("AWS-EC2-001", Severity::Critical, "Security group allows ingress from the internet"),
    ];
    let findings = vec![
        Finding {
            policy: 0,
            rule_id: "AWS-S3-002".into(),
            severity: Severity::High,
            message: "s3 bucket has no versioning".into(),
            format: Format::CloudFormation,
            file: 2,
            span: cfn_bucket,
            origin: Location { file: 2, span: cfn_bucket },
            resources: vec![finding_resource("AWS::S3::Bucket", "Bucket")],
            related: vec![],
            fingerprint: "fp-cfn".into(),
            assumed_parameters: vec![],
            suppression: Some(Suppression {
                kind: SuppressionKind::InSource,
                justification: Some("archive bucket".into()),
            }),
        },
        Finding {
            policy: 0,
            rule_id: "AWS-S3-002".into(),
            severity: Severity::High,
            message: "s3 bucket has no versioning".into(),
            format: Format::Terraform,
            file: 0,
            span: bucket_head,
            origin: Location { file: 0, span: bucket_head },
            resources: vec![finding_resource("aws_s3_bucket", "aws_s3_bucket.b")],
            related: vec![],
            fingerprint: "fp-bucket".into(),
            assumed_parameters: vec![],
            suppression: None,
        },
        Finding {
            policy: 1,
            rule_id: "AWS-EC2-001".into(),
            severity: Severity::Critical,
            message: "security group allows ingress from 0.0.0.0/0".into(),
            format: Format::Terraform,
            file: 1,
            span: ingress,
            origin: Location { file: 1, span: ingress },
            resources: vec![
                finding_resource("aws_security_group", &format!("{sg}[\"a\"]")),
                finding_resource("aws_security_group", &format!("{sg}[\"b\"]")),
            ],
            related: vec![Location { file: 0, span: module_block }],
            fingerprint: "fp-sg".into(),
            assumed_parameters: vec![],
            suppression: None,
        },
    ];
    let diagnostics =
        vec![Diagnostic::error("broken.tf", Some(3), Some(7), "expected `=` after attribute name")];
    Scan {
        project: Project { files, resources, diagnostics, unevaluated: vec![] },
        policies,
        findings,
        unknowns: vec![UnknownVerdict { policy: 0, resource: 0, reason: "var.name has no value".into() }],
        diff: None,
        syntax: Vec::new(),
        documents: Vec::new(),
    }
}
