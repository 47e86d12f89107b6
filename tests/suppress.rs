//! In-source suppressions in every form, in Terraform, CloudFormation YAML and JSON: which findings
//! are suppressed (with what justification), and the warnings about expired, reason-less and unused
//! suppressions. Fixtures: `testdata/cli/suppress/`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use palisade::app::{self, Scan, ScanOptions};
use palisade::policy::SuppressionKind;
use palisade::suppress::{Date, Options};

const ROOT: &str = "testdata/cli/suppress";

fn scan(dir: &str, report_unused: bool) -> Scan {
    let options = ScanOptions {
        paths: vec![PathBuf::from(ROOT).join(dir)],
        policy_dirs: vec![PathBuf::from(ROOT).join("policies")],
        only: vec!["AWS-S3-002".into(), "AWS-EC2-001".into(), "CUSTOM-VERSIONING".into()],
        suppress: Options { today: Date::parse("2026-01-15"), report_unused },
        ..ScanOptions::default()
    };
    app::scan(&options).unwrap()
}

/// `rule file:line -> justification` (`open` when not suppressed), one per finding of `rule`.
fn outcomes(scan: &Scan, rule: &str) -> Vec<String> {
    scan.findings
        .iter()
        .filter(|f| f.rule_id == rule)
        .map(|f| {
            let file = &scan.project.files[f.file];
            let line = file.line_col(f.span.start as usize).line;
            let name = file.display.trim_start_matches(&format!("{ROOT}/"));
            let state = match &f.suppression {
                None => "open".to_string(),
                Some(s) => {
                    assert_eq!(s.kind, SuppressionKind::InSource);
                    format!("suppressed: {}", s.justification.clone().unwrap_or_else(|| "-".into()))
                }
            };
            format!("{} {name}:{line} {} -> {state}", f.rule_id, f.resources[0].address)
        })
        .collect()
}

fn warnings(scan: &Scan) -> Vec<String> {
    scan.project.diagnostics.iter().map(ToString::to_string).collect()
}

#[test]
fn terraform_comments_in_every_form() {
    let scan = scan("tf", true);
    assert_eq!(
        outcomes(&scan, "AWS-S3-002"),
        [
            "AWS-S3-002 tf/main.tf:2 aws_s3_bucket.above -> suppressed: static assets are rebuilt from git",
            "AWS-S3-002 tf/main.tf:6 aws_s3_bucket.trailing -> suppressed: build cache",
            "AWS-S3-002 tf/main.tf:11 aws_s3_bucket.slashes -> suppressed: double-slash comment",
            "AWS-S3-002 tf/main.tf:16 aws_s3_bucket.expired -> open",
            "AWS-S3-002 tf/main.tf:21 aws_s3_bucket.not_expired -> suppressed: until the migration",
            "AWS-S3-002 tf/main.tf:26 aws_s3_bucket.no_reason -> suppressed: -",
            "AWS-S3-002 tf/main.tf:30 aws_s3_bucket.checkov -> suppressed: logs are write-once",
            "AWS-S3-002 tf/main.tf:36 aws_s3_bucket.tfsec -> suppressed: tfsec/trivy:ignore aws-s3-enable-versioning",
            "AWS-S3-002 tf/main.tf:41 aws_s3_bucket.trivy -> suppressed: tfsec/trivy:ignore AVD-AWS-0090",
            "AWS-S3-002 tf/main.tf:46 aws_s3_bucket.several -> suppressed: two ids in one comment",
            "AWS-S3-002 tf/main.tf:51 aws_s3_bucket.open -> open",
        ]
    );
    // The attribute-level comment sits directly above the line the finding points at.
    assert_eq!(
        outcomes(&scan, "AWS-EC2-001"),
        ["AWS-EC2-001 tf/main.tf:61 aws_security_group.ssh -> suppressed: bastion, reviewed by security"]
    );
    // A comment names policies, not findings on a line: the custom policy (no checkov or trivy
    // equivalents, another id) stays open on every bucket.
    let custom = outcomes(&scan, "CUSTOM-VERSIONING");
    assert_eq!(custom.len(), 11);
    assert!(custom.iter().all(|o| o.ends_with("-> open")), "{custom:?}");
    assert_eq!(
        warnings(&scan),
        [
            "testdata/cli/suppress/tf/main.tf:15: suppression of AWS-S3-002 expired on 2020-01-31; the finding is reported again",
            "testdata/cli/suppress/tf/main.tf:25: suppression of AWS-S3-002 has no reason; say why after the id",
            "testdata/cli/suppress/tf/main.tf:50: suppression of AWS-EC2-001 matches no finding",
        ]
    );
}

#[test]
fn unused_suppressions_are_reported_only_when_asked() {
    let scan = scan("tf", false);
    assert!(warnings(&scan).iter().all(|w| !w.contains("matches no finding")));
    assert_eq!(warnings(&scan).len(), 2);
}

#[test]
fn file_level_ignore_covers_the_whole_file() {
    let scan = scan("tf-file", true);
    assert_eq!(
        outcomes(&scan, "AWS-S3-002"),
        [
            "AWS-S3-002 tf-file/main.tf:1 aws_s3_bucket.one -> suppressed: sandbox account, wiped nightly",
            "AWS-S3-002 tf-file/main.tf:7 aws_s3_bucket.two -> suppressed: sandbox account, wiped nightly",
        ]
    );
    assert!(warnings(&scan).is_empty());
}

#[test]
fn cloudformation_comments_and_metadata() {
    let scan = scan("cfn", true);
    assert_eq!(
        outcomes(&scan, "AWS-S3-002"),
        [
            "AWS-S3-002 cfn/template.json:4 JsonPalisade -> suppressed: json form",
            "AWS-S3-002 cfn/template.json:8 JsonCheckov -> suppressed: json checkov",
            "AWS-S3-002 cfn/template.json:12 JsonCfnNag -> open",
            "AWS-S3-002 cfn/template.json:16 JsonOpen -> open",
            "AWS-S3-002 cfn/template.yaml:4 Commented -> suppressed: comment above the logical id",
            "AWS-S3-002 cfn/template.yaml:6 MetaPalisade -> suppressed: replicated elsewhere",
            "AWS-S3-002 cfn/template.yaml:14 MetaExpired -> open",
            "AWS-S3-002 cfn/template.yaml:20 MetaCheckov -> suppressed: scratch data",
            "AWS-S3-002 cfn/template.yaml:27 MetaCfnNag -> open",
            "AWS-S3-002 cfn/template.yaml:34 MetaCfnLint -> open",
            "AWS-S3-002 cfn/template.yaml:41 TfsecYaml -> suppressed: tfsec/trivy:ignore AVD-AWS-0090",
            "AWS-S3-002 cfn/template.yaml:44 Alias -> open",
            "AWS-S3-002 cfn/template.yaml:46 Open -> open",
        ]
    );
    // cfn_nag and cfn-lint ids, and the old id, name the custom policy through its equivalents and aliases.
    assert_eq!(
        outcomes(&scan, "CUSTOM-VERSIONING"),
        [
            "CUSTOM-VERSIONING cfn/template.json:4 JsonPalisade -> open",
            "CUSTOM-VERSIONING cfn/template.json:8 JsonCheckov -> open",
            "CUSTOM-VERSIONING cfn/template.json:12 JsonCfnNag -> suppressed: json cfn_nag",
            "CUSTOM-VERSIONING cfn/template.json:16 JsonOpen -> open",
            "CUSTOM-VERSIONING cfn/template.yaml:4 Commented -> open",
            "CUSTOM-VERSIONING cfn/template.yaml:6 MetaPalisade -> open",
            "CUSTOM-VERSIONING cfn/template.yaml:14 MetaExpired -> open",
            "CUSTOM-VERSIONING cfn/template.yaml:20 MetaCheckov -> open",
            "CUSTOM-VERSIONING cfn/template.yaml:27 MetaCfnNag -> suppressed: access logs go elsewhere",
            "CUSTOM-VERSIONING cfn/template.yaml:34 MetaCfnLint -> suppressed: cfn-lint W3045",
            "CUSTOM-VERSIONING cfn/template.yaml:41 TfsecYaml -> open",
            "CUSTOM-VERSIONING cfn/template.yaml:44 Alias -> suppressed: renamed policy",
            "CUSTOM-VERSIONING cfn/template.yaml:46 Open -> open",
        ]
    );
    assert_eq!(
        warnings(&scan),
        [
            "testdata/cli/suppress/cfn/template.yaml:19: suppression of AWS-S3-002 expired on 2021-06-30; the finding is reported again"
        ]
    );
}

#[test]
fn terraform_json_comment_keys_suppress_their_resource() {
    let scan = scan("tf-json", true);
    assert_eq!(
        outcomes(&scan, "AWS-S3-002"),
        [
            "AWS-S3-002 tf-json/main.tf.json:4 aws_s3_bucket.assets -> suppressed: rebuilt from git on every deploy",
            "AWS-S3-002 tf-json/main.tf.json:8 aws_s3_bucket.expired -> open",
            "AWS-S3-002 tf-json/main.tf.json:12 aws_s3_bucket.open -> open",
        ]
    );
    assert_eq!(
        warnings(&scan),
        [
            "testdata/cli/suppress/tf-json/main.tf.json:9: suppression of AWS-S3-002 expired on 2020-01-31; the finding is reported again"
        ]
    );
}

/// A Palisade comment anywhere inside a resource's block (on its own line at the top of the body,
/// after a blank line, at the end, trailing an attribute, inside or above a nested block) applies to
/// every finding of that resource, wherever the finding points, exactly as `#checkov:skip` does.
#[test]
fn comments_inside_a_block_suppress_the_whole_resource() {
    let scan = scan("tf-inside", true);
    assert_eq!(
        outcomes(&scan, "AWS-S3-002"),
        [
            "AWS-S3-002 tf-inside/main.tf:1 aws_s3_bucket.top_of_body -> suppressed: scratch space, rebuilt nightly",
            "AWS-S3-002 tf-inside/main.tf:6 aws_s3_bucket.own_line_after_blank -> suppressed: build cache",
            "AWS-S3-002 tf-inside/main.tf:14 aws_s3_bucket.end_of_body -> suppressed: mirrors a public dataset",
            "AWS-S3-002 tf-inside/main.tf:19 aws_s3_bucket.trailing_on_attribute -> suppressed: temporary files",
            "AWS-S3-002 tf-inside/main.tf:27 aws_s3_bucket.inside_nested_block -> suppressed: versions are kept by the backup vault",
            "AWS-S3-002 tf-inside/main.tf:35 aws_s3_bucket.checkov_top_of_body -> suppressed: logs are write-once",
            "AWS-S3-002 tf-inside/main.tf:39 aws_s3_bucket.other_policy -> open",
            "AWS-S3-002 tf-inside/main.tf:44 aws_s3_bucket.open -> open",
        ]
    );
    assert_eq!(
        outcomes(&scan, "AWS-EC2-001"),
        [
            "AWS-EC2-001 tf-inside/main.tf:55 aws_security_group.above_nested_block -> suppressed: bastion, reviewed by security",
            "AWS-EC2-001 tf-inside/main.tf:66 aws_security_group.checkov_above_nested_block -> suppressed: bastion, reviewed by security",
            "AWS-EC2-001 tf-inside/main.tf:83 aws_security_group.in_another_nested_block -> suppressed: jump host, reviewed by security",
            "AWS-EC2-001 tf-inside/main.tf:93 aws_security_group.open -> open",
        ]
    );
    // The comment naming another policy is unused; every other one matched.
    assert_eq!(
        warnings(&scan),
        ["testdata/cli/suppress/tf-inside/main.tf:40: suppression of AWS-EC2-001 matches no finding"]
    );
}

#[test]
fn comments_inside_a_cloudformation_resource_suppress_it_and_not_its_neighbour() {
    let scan = scan("cfn-inside", true);
    assert_eq!(
        outcomes(&scan, "AWS-S3-002"),
        [
            "AWS-S3-002 cfn-inside/template.yaml:3 TopOfBody -> suppressed: scratch space, rebuilt nightly",
            "AWS-S3-002 cfn-inside/template.yaml:11 InsideProperties -> suppressed: versions are kept by the backup vault",
            "AWS-S3-002 cfn-inside/template.yaml:17 CheckovInsideProperties -> suppressed: logs are write-once",
            "AWS-S3-002 cfn-inside/template.yaml:18 EndOfBody -> suppressed: mirrors a public dataset",
            "AWS-S3-002 cfn-inside/template.yaml:23 Open -> open",
        ]
    );
    assert!(warnings(&scan).is_empty(), "{:?}", warnings(&scan));
}

/// The built-in policies list the cfn_nag and cfn-lint rule ids that check the same thing, so the
/// suppressions those tools' users already wrote in `Metadata` apply to Palisade's findings.
#[test]
fn cfn_nag_and_cfn_lint_metadata_suppress_builtin_policies() {
    let options = ScanOptions {
        paths: vec![PathBuf::from(ROOT).join("cfn-peers")],
        only: vec!["AWS-S3-013".into(), "AWS-RECOVERY-001".into(), "AWS-EC2-001".into()],
        suppress: Options { today: Date::parse("2026-01-15"), report_unused: true },
        ..ScanOptions::default()
    };
    let scan = app::scan(&options).unwrap();
    assert_eq!(
        outcomes(&scan, "AWS-S3-013"),
        [
            "AWS-S3-013 cfn-peers/template.yaml:3 LogsNagSuppressed -> suppressed: this is the access log bucket",
            "AWS-S3-013 cfn-peers/template.yaml:12 LogsOpen -> open",
        ]
    );
    assert_eq!(
        outcomes(&scan, "AWS-RECOVERY-001"),
        [
            "AWS-RECOVERY-001 cfn-peers/template.yaml:16 Database -> suppressed: cfn-lint I3011",
            "AWS-RECOVERY-001 cfn-peers/template.yaml:26 DatabaseOpen -> open",
        ]
    );
    assert_eq!(
        outcomes(&scan, "AWS-EC2-001"),
        ["AWS-EC2-001 cfn-peers/template.yaml:42 Bastion -> suppressed: bastion reviewed by security"]
    );
    assert!(warnings(&scan).is_empty(), "{:?}", warnings(&scan));
}
