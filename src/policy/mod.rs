//! Policies: the declarative rule files under `policies/` (and `--policy-dir`), their evaluation and
//! the findings they produce.

pub mod catalog;
pub mod engine;
pub mod fingerprint;
pub mod format;
pub mod predicates;

use std::collections::BTreeMap;

use crate::model::Location;
use crate::source::{FileId, Format, Span};

pub use format::{Check, Condition};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] =
        [Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info];

    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|sev| sev.name().eq_ignore_ascii_case(s))
    }

    /// The default SARIF `security-severity` score of each level, in the middle of GitHub's band
    /// (critical ≥ 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9). A policy may set its own score
    /// inside the band of its severity.
    #[must_use]
    pub fn default_score(self) -> f64 {
        match self {
            Severity::Critical => 9.5,
            Severity::High => 8.0,
            Severity::Medium => 5.5,
            Severity::Low => 3.0,
            Severity::Info => 1.0,
        }
    }

    /// The inclusive range of scores that belong to this severity.
    #[must_use]
    pub fn score_band(self) -> (f64, f64) {
        match self {
            Severity::Critical => (9.0, 10.0),
            Severity::High => (7.0, 8.9),
            Severity::Medium => (4.0, 6.9),
            Severity::Low => (2.0, 3.9),
            Severity::Info => (0.1, 1.9),
        }
    }
}

/// Fix examples, one per format.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Remediation {
    pub text: Option<String>,
    pub terraform: Option<String>,
    pub cloudformation: Option<String>,
}

/// One policy: metadata shared by both formats, and one [`Check`] per format it covers.
#[derive(Clone, Debug)]
pub struct Policy {
    pub id: String,
    /// Former ids of this rule; suppressions and baselines that name them still apply.
    pub aliases: Vec<String>,
    pub title: String,
    pub severity: Severity,
    /// The SARIF `security-severity` score; within [`Severity::score_band`].
    pub score: f64,
    /// The AWS service folder the policy lives in (`s3`, `ec2`), used to group listings.
    pub service: String,
    /// Why it matters.
    pub description: String,
    /// The finding message: what is wrong, lower-case, no trailing period.
    pub message: String,
    pub remediation: Remediation,
    pub references: Vec<String>,
    /// `fsbp`, `securityhub`, `cis-aws-v3`, `nist-800-53-r5`, `pci-dss-v4.0.1`, `well-architected` → ids.
    pub compliance: BTreeMap<String, Vec<String>>,
    /// Why no compliance id applies, when none does.
    pub compliance_note: Option<String>,
    /// `checkov`, `trivy`, `kics`, `cfn_nag`, `cfn-lint` → that tool's ids for the same check.
    pub equivalents: BTreeMap<String, Vec<String>>,
    pub checks: Vec<Check>,
    /// Automatic fixes, at most one per format (`palisade fix`, SARIF `fixes`).
    pub fixes: Vec<Fix>,
    /// Where the policy was loaded from (`policies/aws/s3/AWS-S3-002.yaml` or a user's path).
    pub origin: String,
    /// Built into the binary, as opposed to loaded with `--policy-dir`.
    pub builtin: bool,
}

impl Policy {
    #[must_use]
    pub fn formats(&self) -> Vec<Format> {
        let mut formats: Vec<Format> = self.checks.iter().map(|c| c.format).collect();
        formats.sort();
        formats.dedup();
        formats
    }

    #[must_use]
    pub fn resource_types(&self) -> Vec<&str> {
        self.checks.iter().flat_map(|c| c.resources.iter().map(String::as_str)).collect()
    }
}

/// Whether a fix may be applied without asking: a safe fix changes nothing a user relies on beyond
/// the security property and never replaces the resource; an unsafe one may cost money, change
/// behaviour or force replacement (for a data store, losing its data).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Safety {
    Safe,
    Unsafe,
}

impl Safety {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Safety::Safe => "safe",
            Safety::Unsafe => "unsafe",
        }
    }
}

/// A policy's fix for one format, in data: attributes to set, each a path from the resource's body
/// (Terraform) or entry (CloudFormation) to the value it must have. Missing attributes, nested
/// blocks and mappings on the way are added.
#[derive(Clone, Debug)]
pub struct Fix {
    pub format: Format,
    pub safety: Safety,
    /// Why the fix is safe or not, shown in the docs.
    pub reason: String,
    /// The resource types the fix is for, when not every type of the format's check: the same
    /// setting has another name on some types (SAM's `Tracing`).
    pub resources: Option<Vec<String>>,
    /// A resource the fix adds instead of changing this one: `set` is then its body.
    pub companion: Option<Companion>,
    pub set: Vec<(Vec<String>, crate::value::Value)>,
}

/// A split Terraform resource that configures its parent from outside (`aws_s3_bucket_versioning`
/// for an `aws_s3_bucket`): added right after the parent's block, under the parent's name, its
/// `link` attribute set to the parent's `id`.
#[derive(Clone, Debug)]
pub struct Companion {
    pub rtype: String,
    pub link: String,
    /// The parent's own blocks or attributes that configure the same thing inline: when the parent
    /// has one, adding the companion would make two owners of one setting, and there is no fix.
    pub conflicts: Vec<String>,
}

impl Policy {
    /// The fix for a finding of this policy, if its format has one: the fix for the type of the
    /// finding's resource, else the format's fix for every type, else the format's first (which
    /// then refuses the type it does not cover, with the reason).
    #[must_use]
    pub fn fix_of(&self, finding: &Finding) -> Option<&Fix> {
        let rtype = finding.resources.first().map(|r| r.rtype.as_str());
        let of_format = || self.fixes.iter().filter(|f| f.format == finding.format);
        let covers =
            |f: &&Fix| f.resources.as_ref().is_some_and(|t| rtype.is_some_and(|r| t.iter().any(|x| x == r)));
        of_format()
            .find(covers)
            .or_else(|| of_format().find(|f| f.resources.is_none()))
            .or_else(|| of_format().next())
    }
}

/// How a finding is accepted without being fixed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Suppression {
    /// `inSource` (a comment or `Metadata` in the template) or `external` (a baseline).
    pub kind: SuppressionKind,
    pub justification: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum SuppressionKind {
    #[serde(rename = "inSource")]
    InSource,
    #[serde(rename = "external")]
    External,
}

/// One resource instance a finding is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct FindingResource {
    pub address: String,
    #[serde(rename = "type")]
    pub rtype: String,
    /// For an instance created through `module` calls: the directory of the root module that made
    /// the outermost call. Two roots that call `module "db"` both have `module.db.…`; this tells
    /// them apart in every report, fingerprint and baseline. For a resource of a CloudFormation
    /// nested stack: the template the scan started from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root: Option<String>,
    /// CloudFormation synthesised by the AWS CDK: the construct path its `Metadata` records
    /// (`aws:cdk:path`, `AppStack/Logs/Resource`), which is what a CDK user finds in their code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub construct: Option<String>,
    /// The namespace of the instance (see [`crate::model::Resource::scope`]), to find it again.
    #[serde(skip)]
    pub scope: usize,
}

impl FindingResource {
    /// The address as reports show it: prefixed with its root module's directory when it came
    /// through a module call (`envs/prod:module.db.aws_db_instance.this`).
    #[must_use]
    pub fn qualified(&self) -> std::borrow::Cow<'_, str> {
        match &self.root {
            Some(root) => std::borrow::Cow::Owned(format!("{root}:{}", self.address)),
            None => std::borrow::Cow::Borrowed(&self.address),
        }
    }
}

/// A policy violation at one source location. When several instances of a resource (count, for_each,
/// module calls) fail at the same place, they share one finding that names all of them.
#[derive(Clone, Debug)]
pub struct Finding {
    /// Index into the scan's policy list.
    pub policy: usize,
    pub rule_id: String,
    pub severity: Severity,
    pub message: String,
    pub format: Format,
    pub file: FileId,
    pub span: Span,
    pub resources: Vec<FindingResource>,
    /// Other places that explain the finding: where the module uses the value, when the finding is
    /// reported where the value was decided (`origin`), then the calling `module` blocks.
    pub related: Vec<Location>,
    /// Where in the resource's own files the value that decided the verdict is: the finding's place
    /// before a caller's line took it (see `Resource::origins`). Suppression comments there still
    /// apply, and the indexes that find a finding's resources key them by it.
    pub origin: Location,
    /// Stable across unrelated edits: a hash of rule id, root module (or template) and resource
    /// address, never the file or line.
    pub fingerprint: String,
    /// CloudFormation parameter defaults the deciding value came from (`Env = ""`); the message says so.
    pub assumed_parameters: Vec<String>,
    pub suppression: Option<Suppression>,
}

/// A policy that could not decide on a resource because an input is Unknown.
#[derive(Clone, Debug)]
pub struct UnknownVerdict {
    pub policy: usize,
    pub resource: usize,
    pub reason: String,
}
