//! `tool.driver.rules[]`: one reporting descriptor per policy, with the properties GitHub code
//! scanning reads (`security-severity`, `tags`, `precision`, `problem.severity`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rayon::prelude::*;
use serde_json::json;
use serde_sarif::sarif as s;

use crate::policy::{Policy, Severity};

/// GitHub ignores tags past the twentieth.
const MAX_TAGS: usize = 20;

/// The rules of a run, sorted by id, and the index of each rule id in them.
pub(super) struct Rules {
    pub descriptors: Vec<s::ReportingDescriptor>,
    pub index: BTreeMap<String, usize>,
}

pub(super) fn rules(policies: &[Policy]) -> Rules {
    let mut sorted: Vec<&Policy> = policies.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    // Two policies with one id would make ruleIndex ambiguous; the first loaded wins, as elsewhere.
    sorted.dedup_by(|b, a| a.id == b.id);
    let index = sorted.iter().enumerate().map(|(i, p)| (p.id.clone(), i)).collect();
    Rules { descriptors: sorted.into_par_iter().map(descriptor).collect(), index }
}

/// SARIF has three levels that matter; GitHub shows them as error, warning and note.
pub(super) fn level(severity: Severity) -> s::ResultLevel {
    match severity {
        Severity::Critical | Severity::High => s::ResultLevel::Error,
        Severity::Medium => s::ResultLevel::Warning,
        Severity::Low | Severity::Info => s::ResultLevel::Note,
    }
}

fn level_name(severity: Severity) -> &'static str {
    match level(severity) {
        s::ResultLevel::Error => "error",
        s::ResultLevel::Warning => "warning",
        s::ResultLevel::Note => "note",
        s::ResultLevel::None => "none",
    }
}

fn descriptor(policy: &Policy) -> s::ReportingDescriptor {
    let problem_severity = match policy.severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "recommendation",
    };
    let properties = s::PropertyBag {
        tags: Some(tags(policy)),
        additional_properties: BTreeMap::from([
            ("precision".to_string(), json!("high")),
            ("security-severity".to_string(), json!(security_severity(policy))),
            ("problem.severity".to_string(), json!(problem_severity)),
        ]),
    };
    let short = non_empty(&policy.title).unwrap_or(&policy.id);
    let mut help = text(&help_text(policy));
    help.markdown = Some(help_markdown(policy));
    let mut rule = s::ReportingDescriptor::builder().id(policy.id.clone()).build();
    rule.name = Some(pascal_case(&policy.title, &policy.id));
    // Former ids: consumers can carry old alerts over to the renamed rule.
    rule.deprecated_ids = (!policy.aliases.is_empty()).then(|| policy.aliases.clone());
    rule.short_description = Some(text(short));
    rule.full_description = Some(text(non_empty(&policy.description).unwrap_or(short)));
    rule.help = Some(help);
    rule.help_uri = policy.references.first().cloned();
    rule.default_configuration = Some(s::ReportingConfiguration {
        level: Some(json!(level_name(policy.severity))),
        ..Default::default()
    });
    rule.properties = Some(properties);
    rule
}

fn text(t: &str) -> s::MultiformatMessageString {
    s::MultiformatMessageString::builder().text(t).build()
}

fn non_empty(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|t| !t.is_empty())
}

/// GitHub reads the score as a string with one decimal. A policy's score is validated at load time;
/// a bad one here falls back to the severity's default rather than leave the band.
pub(super) fn security_severity(policy: &Policy) -> String {
    let (low, high) = policy.severity.score_band();
    let score = if policy.score.is_finite() && (low..=high).contains(&policy.score) {
        policy.score
    } else {
        policy.severity.default_score()
    };
    format!("{:.1}", score.clamp(0.1, 10.0))
}

/// `S3 bucket has no versioning` → `S3BucketHasNoVersioning`; the id when the title has no letters.
pub(super) fn pascal_case(title: &str, id: &str) -> String {
    let from = |s: &str| -> String {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut chars = w.chars();
                chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
            })
            .collect()
    };
    let name = from(title);
    if name.is_empty() { from(id) } else { name }
}

/// `security`, the service, the formats, then one tag per compliance control (`CIS 2.1.1`,
/// `FSBP S3.14`), unique, at most twenty. NIST SP 800-53 and PCI DSS ids come last: a Security Hub
/// control maps to a dozen NIST ids, which would otherwise push the controls themselves past the cap.
pub(super) fn tags(policy: &Policy) -> Vec<String> {
    let mut tags = vec!["security".to_string()];
    tags.push(policy.service.clone());
    tags.extend(policy.formats().into_iter().map(|f| f.name().to_string()));
    let mut frameworks: Vec<_> = policy.compliance.iter().collect();
    frameworks.sort_by_key(|(k, _)| matches!(k.as_str(), "nist-800-53-r5" | "pci-dss-v4.0.1"));
    for (framework, ids) in frameworks {
        let label = framework_label(framework);
        tags.extend(ids.iter().map(|id| format!("{label} {id}")));
    }
    let mut seen = std::collections::BTreeSet::new();
    tags.retain(|t| !t.trim().is_empty() && seen.insert(t.clone()));
    tags.truncate(MAX_TAGS);
    tags
}

fn framework_label(key: &str) -> String {
    match key {
        "fsbp" => "FSBP".into(),
        "well-architected" => "Well-Architected".into(),
        "nist-800-53-r5" => "NIST 800-53".into(),
        "pci-dss-v4.0.1" => "PCI DSS".into(),
        k if k.starts_with("cis") => "CIS".into(),
        k => k.to_uppercase(),
    }
}

/// Plain text: GitHub requires it and shows it where markdown is not rendered.
pub(super) fn help_text(policy: &Policy) -> String {
    let mut out = String::new();
    out.push_str(non_empty(&policy.description).unwrap_or(policy.title.trim()));
    let r = &policy.remediation;
    if let Some(t) = r.text.as_deref().and_then(non_empty) {
        let _ = write!(out, "\n\nRemediation: {t}");
    }
    for (name, code) in [("Terraform", &r.terraform), ("CloudFormation", &r.cloudformation)] {
        if let Some(code) = code.as_deref().and_then(non_empty) {
            let _ = write!(out, "\n\n{name}:\n{code}");
        }
    }
    if !policy.references.is_empty() {
        out.push_str("\n\nReferences:");
        for reference in &policy.references {
            let _ = write!(out, "\n- {reference}");
        }
    }
    if out.trim().is_empty() { policy.id.clone() } else { out }
}

pub(super) fn help_markdown(policy: &Policy) -> String {
    let mut out = String::new();
    out.push_str(non_empty(&policy.description).unwrap_or(policy.title.trim()));
    let r = &policy.remediation;
    let text = r.text.as_deref().and_then(non_empty);
    let terraform = r.terraform.as_deref().and_then(non_empty);
    let cloudformation = r.cloudformation.as_deref().and_then(non_empty);
    if text.is_some() || terraform.is_some() || cloudformation.is_some() {
        out.push_str("\n\n## Remediation");
    }
    if let Some(t) = text {
        let _ = write!(out, "\n\n{t}");
    }
    if let Some(code) = terraform {
        let _ = write!(out, "\n\n### Terraform\n\n{}", fenced("hcl", code));
    }
    if let Some(code) = cloudformation {
        let language = if code.starts_with('{') { "json" } else { "yaml" };
        let _ = write!(out, "\n\n### CloudFormation\n\n{}", fenced(language, code));
    }
    let controls: Vec<String> = policy
        .compliance
        .iter()
        .flat_map(|(k, ids)| ids.iter().map(move |id| format!("{} {id}", framework_label(k))))
        .collect();
    if !controls.is_empty() {
        let _ = write!(out, "\n\n## Compliance\n\n{}", controls.join(", "));
    }
    if !policy.references.is_empty() {
        out.push_str("\n\n## References\n");
        for reference in &policy.references {
            // Angle brackets only when the url would otherwise end the link early.
            if reference.contains(|c: char| c.is_whitespace() || "()<>".contains(c)) {
                let _ = write!(out, "\n- [{reference}](<{reference}>)");
            } else {
                let _ = write!(out, "\n- [{reference}]({reference})");
            }
        }
    }
    out
}

/// A fence longer than any backtick run inside the code, so an example cannot close it early.
fn fenced(language: &str, code: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{language}\n{}\n{fence}", code.trim_end())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::report::fixture;

    #[test]
    fn names_scores_and_tags() {
        assert_eq!(pascal_case("S3 bucket has no versioning", "X"), "S3BucketHasNoVersioning");
        assert_eq!(pascal_case("--", "AWS-S3-002"), "AWSS3002");
        let mut policy = fixture::policy("AWS-S3-002", Severity::High, "t");
        assert_eq!(security_severity(&policy), "8.0");
        policy.score = f64::NAN;
        assert_eq!(security_severity(&policy), "8.0");
        policy.score = 7.25;
        assert_eq!(security_severity(&policy), "7.2");
        assert_eq!(tags(&policy), ["security", "s3", "terraform", "CIS 2.1.1", "FSBP S3.14"]);
        policy.compliance.insert("pci-dss-v4.0.1".into(), vec!["1.4.4".into()]);
        policy.compliance.insert("well-architected".into(), vec!["SEC05-BP02".into()]);
        assert_eq!(
            tags(&policy),
            [
                "security",
                "s3",
                "terraform",
                "CIS 2.1.1",
                "FSBP S3.14",
                "Well-Architected SEC05-BP02",
                "PCI DSS 1.4.4"
            ]
        );
        policy.compliance.insert("nist-800-53-r5".into(), (0..40).map(|i| format!("AC-{i}")).collect());
        let capped = tags(&policy);
        assert_eq!(capped.len(), MAX_TAGS);
        assert_eq!(capped[5], "Well-Architected SEC05-BP02", "the controls survive the cap: {capped:?}");
        assert_eq!(capped[6], "NIST 800-53 AC-0");
    }

    #[test]
    fn help_has_code_blocks_and_links() {
        let policy = fixture::policy("AWS-S3-002", Severity::High, "S3 bucket has no versioning");
        let md = help_markdown(&policy);
        assert!(md.contains("### Terraform\n\n```hcl\nresource \"x\" \"y\" {}\n```"), "{md}");
        assert!(md.contains("```yaml\nType: AWS::S3::Bucket\n```"), "{md}");
        assert!(md.contains("- [https://docs.aws.amazon.com/s3/](https://docs.aws.amazon.com/s3/)"));
        let text = help_text(&policy);
        assert!(text.starts_with("Why S3 bucket has no versioning matters.\n\nRemediation: Enable it."));
        assert_eq!(fenced("hcl", "a ```` b"), "`````hcl\na ```` b\n`````");
    }
}
