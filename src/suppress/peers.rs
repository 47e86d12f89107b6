//! Which ids a suppression written for another tool may use to name a policy: the ids listed in the
//! policy's `equivalents`, plus tfsec's long names for the trivy (AVD) ids, which policies do not list.

use super::Tool;
use crate::policy::Policy;

/// tfsec's long names for the AVD ids our built-in policies list as trivy equivalents. trivy accepts
/// both forms in `trivy:ignore:`; tfsec comments in older code use only the long names.
const TFSEC_NAMES: &[(&str, &str)] = &[
    ("AVD-AWS-0014", "aws-cloudtrail-enable-all-regions"),
    ("AVD-AWS-0016", "aws-cloudtrail-enable-log-validation"),
    ("AVD-AWS-0024", "aws-dynamodb-enable-recovery"),
    ("AVD-AWS-0026", "aws-ec2-enable-volume-encryption"),
    ("AVD-AWS-0057", "aws-iam-no-policy-wildcards"),
    ("AVD-AWS-0077", "aws-rds-specify-backup-retention"),
    ("AVD-AWS-0080", "aws-rds-encrypt-instance-storage-data"),
    ("AVD-AWS-0086", "aws-s3-block-public-acls"),
    ("AVD-AWS-0087", "aws-s3-block-public-policy"),
    ("AVD-AWS-0090", "aws-s3-enable-versioning"),
    ("AVD-AWS-0091", "aws-s3-ignore-public-acls"),
    ("AVD-AWS-0093", "aws-s3-no-public-buckets"),
    ("AVD-AWS-0107", "aws-ec2-no-public-ingress-sgr"),
    ("AVD-AWS-0132", "aws-s3-encryption-customer-key"),
];

/// Whether `id`, written in `tool`'s syntax, names `policy`. Ids compare case-insensitively: people
/// write `aws-s3-…` and `AVD-AWS-…` as the tools print them, but not always.
pub(super) fn names(tool: Tool, id: &str, policy: &Policy) -> bool {
    let eq = |other: &str| other.eq_ignore_ascii_case(id);
    let listed = |keys: &[&str]| {
        keys.iter().filter_map(|k| policy.equivalents.get(*k)).flatten().any(|other| eq(other))
    };
    match tool {
        Tool::Palisade => eq(&policy.id) || policy.aliases.iter().any(|a| eq(a)),
        Tool::Checkov => listed(&["checkov"]),
        Tool::Tfsec => {
            listed(&["trivy", "tfsec"])
                || TFSEC_NAMES.iter().any(|(avd, long)| {
                    eq(long)
                        && policy.equivalents.get("trivy").is_some_and(|ids| ids.iter().any(|i| i == avd))
                })
        }
        Tool::CfnNag => listed(&["cfn_nag", "cfn-nag"]),
        Tool::CfnLint => listed(&["cfn-lint", "cfn_lint"]),
    }
}
