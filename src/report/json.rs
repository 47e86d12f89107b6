//! The JSON report: a versioned schema documented in `docs/json-report.md`. Within a major `version`
//! fields are only ever added, so consumers should ignore fields they do not know.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use super::{file_of, region};
use crate::diag::{DiagLevel, Diagnostic};
use crate::escape::text;
use crate::model::Location;
use crate::policy::{Finding, Severity, Suppression, SuppressionKind};
use crate::scan::Scan;
use crate::source::{FileId, Format, Span};

/// The major version of the schema; bumped only when a field changes meaning or disappears.
pub const SCHEMA_VERSION: &str = "1";

#[derive(Serialize)]
struct Report<'a> {
    version: &'static str,
    tool: Tool,
    summary: Summary,
    /// With `--diff-base`, only the findings in the change: those the gate judges.
    findings: Vec<JsonFinding<'a>>,
    /// With `--diff-base`, the findings on resources the change does not touch.
    #[serde(skip_serializing_if = "Option::is_none")]
    outside_diff: Option<Vec<JsonFinding<'a>>>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    unknowns: Vec<JsonUnknown<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    resources: usize,
    /// The counts of `findings`, first: the Action reads the gate's count as the first `"findings"`.
    #[serde(flatten)]
    counts: Counts,
    /// With `--diff-base`, the counts of `outside_diff`.
    #[serde(skip_serializing_if = "Option::is_none")]
    outside_diff: Option<Counts>,
    /// `module` calls whose module was not evaluated (no module cache, a stale one, or the cache off).
    #[serde(skip_serializing_if = "is_zero")]
    modules_not_evaluated: usize,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde passes a reference
fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Serialize, Default)]
struct Counts {
    /// Unsuppressed findings only; `suppressed` counts the rest.
    findings: usize,
    suppressed: usize,
    by_severity: BySeverity,
}

/// A struct rather than a map so every level is always present, in a fixed order.
#[derive(Serialize, Default)]
struct BySeverity {
    critical: usize,
    high: usize,
    medium: usize,
    low: usize,
    info: usize,
}

#[derive(Serialize)]
struct Position<'a> {
    file: Cow<'a, str>,
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule_id: &'a str,
    title: Cow<'a, str>,
    severity: Severity,
    message: Cow<'a, str>,
    format: Format,
    #[serde(flatten)]
    position: Position<'a>,
    resources: Vec<JsonResource<'a>>,
    related: Vec<Position<'a>>,
    fingerprint: &'a str,
    suppressed: Option<JsonSuppression<'a>>,
    compliance: BTreeMap<&'a str, &'a [String]>,
}

#[derive(Serialize)]
struct JsonResource<'a> {
    address: Cow<'a, str>,
    #[serde(rename = "type")]
    rtype: Cow<'a, str>,
    /// The root module (or outermost template) of an instance a `module` call or nested stack made.
    #[serde(skip_serializing_if = "Option::is_none")]
    root: Option<Cow<'a, str>>,
    /// CDK output: the construct path of the resource.
    #[serde(skip_serializing_if = "Option::is_none")]
    construct: Option<Cow<'a, str>>,
}

#[derive(Serialize)]
struct JsonSuppression<'a> {
    kind: SuppressionKind,
    justification: Option<Cow<'a, str>>,
}

impl<'a> JsonSuppression<'a> {
    fn new(s: &'a Suppression) -> Self {
        JsonSuppression { kind: s.kind, justification: s.justification.as_deref().map(text) }
    }
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    level: DiagLevel,
    file: Cow<'a, str>,
    line: Option<usize>,
    column: Option<usize>,
    message: Cow<'a, str>,
}

#[derive(Serialize)]
struct JsonUnknown<'a> {
    rule_id: &'a str,
    resource: Cow<'a, str>,
    /// The resource's declaration: where a reader goes to give the missing value.
    file: Cow<'a, str>,
    line: Option<usize>,
    reason: Cow<'a, str>,
}

#[must_use]
pub fn render(scan: &Scan) -> String {
    let report = Report {
        version: SCHEMA_VERSION,
        tool: Tool { name: "palisade", version: env!("CARGO_PKG_VERSION") },
        summary: Summary {
            files: scan.project.files.len(),
            resources: scan.project.instance_count(),
            counts: counts(scan.gated()),
            outside_diff: scan.diff.as_ref().map(|_| counts(outside_diff(scan))),
            modules_not_evaluated: scan.project.unevaluated.len(),
        },
        findings: scan.gated().map(|f| finding(scan, f)).collect(),
        outside_diff: scan.diff.as_ref().map(|_| outside_diff(scan).map(|f| finding(scan, f)).collect()),
        diagnostics: scan.project.diagnostics.iter().map(diagnostic).collect(),
        unknowns: scan
            .unknowns
            .iter()
            .map(|u| {
                let resource = scan.project.resources.get(u.resource);
                let file = resource.and_then(|r| scan.project.files.get(r.file));
                JsonUnknown {
                    rule_id: scan.policies.get(u.policy).map_or("", |p| p.id.as_str()),
                    resource: resource.map_or(Cow::Borrowed(""), |r| {
                        Cow::Owned(text(&scan.project.qualified_address(r)).into_owned())
                    }),
                    file: text(file.map_or("", |f| f.display.as_str())),
                    line: resource.zip(file).map(|(r, f)| f.line_col(r.head.start as usize).line),
                    reason: text(&u.reason),
                }
            })
            .collect(),
    };
    // Serialising these structs cannot fail: every map key is a string and no Serialize impl errors.
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_default();
    out.push('\n');
    out
}

fn outside_diff(scan: &Scan) -> impl Iterator<Item = &Finding> {
    scan.findings.iter().enumerate().filter(|(i, _)| !scan.in_diff(*i)).map(|(_, f)| f)
}

fn counts<'a>(findings: impl Iterator<Item = &'a Finding>) -> Counts {
    let mut counts = Counts::default();
    for finding in findings {
        if finding.suppression.is_some() {
            counts.suppressed += 1;
            continue;
        }
        counts.findings += 1;
        let slot = match finding.severity {
            Severity::Critical => &mut counts.by_severity.critical,
            Severity::High => &mut counts.by_severity.high,
            Severity::Medium => &mut counts.by_severity.medium,
            Severity::Low => &mut counts.by_severity.low,
            Severity::Info => &mut counts.by_severity.info,
        };
        *slot += 1;
    }
    counts
}

fn finding<'a>(scan: &'a Scan, finding: &'a Finding) -> JsonFinding<'a> {
    let policy = scan.policies.get(finding.policy);
    JsonFinding {
        rule_id: &finding.rule_id,
        title: text(policy.map_or("", |p| p.title.as_str())),
        severity: finding.severity,
        message: text(&finding.message),
        format: finding.format,
        position: position(scan, finding.file, finding.span),
        resources: finding
            .resources
            .iter()
            .map(|r| JsonResource {
                address: text(&r.address),
                rtype: text(&r.rtype),
                root: r.root.as_deref().map(text),
                construct: r.construct.as_deref().map(text),
            })
            .collect(),
        related: finding.related.iter().map(|l: &Location| position(scan, l.file, l.span)).collect(),
        fingerprint: &finding.fingerprint,
        suppressed: finding.suppression.as_ref().map(JsonSuppression::new),
        compliance: policy
            .map(|p| p.compliance.iter().map(|(k, v)| (k.as_str(), v.as_slice())).collect())
            .unwrap_or_default(),
    }
}

/// Zeros only for a file id the scan does not know, which the pipeline never produces.
fn position(scan: &Scan, file: FileId, at: Span) -> Position<'_> {
    let Some(file) = file_of(scan, file) else {
        return Position {
            file: Cow::Borrowed(""),
            start_line: 0,
            start_column: 0,
            end_line: 0,
            end_column: 0,
        };
    };
    let (start, end) = region(file, at);
    Position {
        file: text(&file.display),
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

fn diagnostic(d: &Diagnostic) -> JsonDiagnostic<'_> {
    JsonDiagnostic {
        level: d.level,
        file: text(&d.file),
        line: d.line,
        column: d.column,
        message: text(&d.message),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use serde_json::{Value, json};

    use super::*;
    use crate::report::fixture;

    fn rendered() -> (String, Value) {
        let out = render(&fixture::scan());
        let value = serde_json::from_str(&out).unwrap();
        (out, value)
    }

    #[test]
    fn header_and_summary() {
        let (out, v) = rendered();
        assert!(out.ends_with("}\n"));
        assert_eq!(v["version"], "1");
        assert_eq!(v["tool"], json!({"name": "palisade", "version": env!("CARGO_PKG_VERSION")}));
        assert_eq!(
            v["summary"],
            json!({
                "files": 3, "resources": 4, "findings": 2, "suppressed": 1,
                "by_severity": {"critical": 1, "high": 1, "medium": 0, "low": 0, "info": 0}
            })
        );
    }

    #[test]
    fn findings_carry_exact_positions_and_metadata() {
        let (_, v) = rendered();
        let findings = v["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 3);
        assert_eq!(
            findings[0],
            json!({
                "rule_id": "AWS-S3-002",
                "title": "S3 bucket has no versioning",
                "severity": "high",
                "message": "s3 bucket has no versioning",
                "format": "cloudformation",
                "file": "cfn/template.yaml",
                "start_line": 2, "start_column": 3, "end_line": 2, "end_column": 10,
                "resources": [{"address": "Bucket", "type": "AWS::S3::Bucket"}],
                "related": [],
                "fingerprint": "fp-cfn",
                "suppressed": {"kind": "inSource", "justification": "archive bucket"},
                "compliance": {"cis-aws-v3": ["2.1.1"], "fsbp": ["S3.14"]}
            })
        );
        assert_eq!(findings[1]["suppressed"], Value::Null);
        // The ingress block spans three lines; the report points at its first line.
        let sg = &findings[2];
        assert_eq!(
            (&sg["file"], &sg["start_line"], &sg["start_column"], &sg["end_line"], &sg["end_column"]),
            (&json!("modules/web/main.tf"), &json!(3), &json!(3), &json!(3), &json!(12))
        );
        assert_eq!(sg["resources"].as_array().unwrap().len(), 2);
        assert_eq!(
            sg["related"],
            json!([{"file": "main.tf", "start_line": 5, "start_column": 1, "end_line": 5, "end_column": 15}])
        );
    }

    #[test]
    fn diagnostics_and_unknowns() {
        let (_, v) = rendered();
        assert_eq!(
            v["diagnostics"],
            json!([{"level": "error", "file": "broken.tf", "line": 3, "column": 7,
                    "message": "expected `=` after attribute name"}])
        );
        assert_eq!(
            v["unknowns"],
            json!([{"rule_id": "AWS-S3-002", "resource": "aws_s3_bucket.b", "file": "main.tf", "line": 1,
                    "reason": "var.name has no value"}])
        );
    }

    #[test]
    fn field_order_is_stable_and_output_deterministic() {
        let (out, _) = rendered();
        assert_eq!(out, render(&fixture::scan()));
        let keys: Vec<&str> = ["\"version\"", "\"tool\"", "\"summary\"", "\"findings\"", "\"diagnostics\""]
            .into_iter()
            .collect();
        let offsets: Vec<usize> = keys.iter().map(|k| out.find(k).unwrap()).collect();
        assert!(offsets.windows(2).all(|w| w[0] < w[1]));
    }
}
