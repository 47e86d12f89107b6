//! Policy documentation, generated from the policy files: `palisade explain`, `palisade rules` and
//! the committed `docs/policies/` pages all come from here, so they cannot drift apart.

pub mod coverage;

use std::fmt::Write;

use crate::policy::Policy;
use crate::source::Format;

/// The Markdown page of one policy.
#[must_use]
pub fn policy_page(p: &Policy) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}: {}\n", p.id, p.title);
    let formats: Vec<&str> = p.formats().iter().map(|f| f.name()).collect();
    let _ = writeln!(out, "- Severity: **{}** (security-severity {:.1})", p.severity.name(), p.score);
    let _ = writeln!(out, "- Service: {}", p.service);
    let _ = writeln!(out, "- Formats: {}", formats.join(", "));
    for check in &p.checks {
        let _ = writeln!(out, "- {} resources: {}", check.format.name(), code_list(&check.resources));
    }
    if !p.aliases.is_empty() {
        let _ = writeln!(out, "- Former ids: {}", p.aliases.join(", "));
    }
    let _ = writeln!(out, "\n## Why it matters\n\n{}\n", p.description);
    let has_remediation = p.remediation.text.is_some()
        || p.remediation.terraform.is_some()
        || p.remediation.cloudformation.is_some();
    if has_remediation {
        let _ = writeln!(out, "## How to fix\n");
        if let Some(text) = &p.remediation.text {
            let _ = writeln!(out, "{}\n", text.trim());
        }
        for (format, lang, snippet) in [
            (Format::Terraform, "hcl", &p.remediation.terraform),
            (Format::CloudFormation, "yaml", &p.remediation.cloudformation),
        ] {
            if let Some(snippet) = snippet {
                let title = if format == Format::Terraform { "Terraform" } else { "CloudFormation" };
                let _ = writeln!(out, "{title}:\n\n```{lang}\n{}\n```\n", snippet.trim_end());
            }
        }
    }
    if !p.fixes.is_empty() {
        let _ = writeln!(out, "## Automatic fix\n");
        let _ = writeln!(out, "`palisade fix` applies it (see [automatic fixes](../fix.md)).\n");
        for fix in &p.fixes {
            let title = if fix.format == Format::Terraform { "Terraform" } else { "CloudFormation" };
            let sets: Vec<String> = fix
                .set
                .iter()
                .map(|(path, v)| format!("`{} = {}`", path.join("."), v.scalar_text().unwrap_or_default()))
                .collect();
            let only =
                fix.resources.as_ref().map(|t| format!(" (on {} only)", code_list(t))).unwrap_or_default();
            let what = match &fix.companion {
                Some(c) => format!(
                    "adds the companion resource `{}` of the same name right after the resource, with `{} = <resource>.id` and {}",
                    c.rtype,
                    c.link,
                    sets.join(", ")
                ),
                None => format!("sets {}", sets.join(", ")),
            };
            let _ = writeln!(out, "- {title}: {what}{only}. **{}**: {}", fix.safety.name(), fix.reason);
        }
        out.push('\n');
    }
    if !p.compliance.is_empty() || p.compliance_note.is_some() {
        let _ = writeln!(out, "## Compliance\n");
        for (framework, ids) in &p.compliance {
            let _ = writeln!(out, "- {}: {}", framework_name(framework), ids.join(", "));
        }
        if let Some(note) = &p.compliance_note {
            let _ = writeln!(out, "\n{}", note.trim());
        }
        out.push('\n');
    }
    if !p.equivalents.is_empty() {
        let _ = writeln!(out, "## Same check in other tools\n");
        for (tool, ids) in &p.equivalents {
            let _ = writeln!(out, "- {tool}: {}", ids.join(", "));
        }
        out.push('\n');
    }
    if !p.references.is_empty() {
        let _ = writeln!(out, "## References\n");
        for r in &p.references {
            let _ = writeln!(out, "- <{r}>");
        }
        out.push('\n');
    }
    let _ = writeln!(out, "Source: `{}`", p.origin);
    out
}

fn code_list(items: &[String]) -> String {
    items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}

#[must_use]
pub fn framework_name(key: &str) -> &str {
    match key {
        "fsbp" => "AWS Foundational Security Best Practices",
        "cis-aws-v3" => "CIS AWS Foundations Benchmark v3.0",
        "well-architected" => "AWS Well-Architected (security pillar)",
        "nist-800-53-r5" => "NIST SP 800-53 Rev. 5",
        "pci-dss-v4.0.1" => "PCI DSS v4.0.1",
        other => other,
    }
}

/// The index page of every policy, grouped by service: `docs/policies/README.md` and the README list.
#[must_use]
pub fn index(policies: &[Policy], link_prefix: &str) -> String {
    let mut sorted: Vec<&Policy> = policies.iter().collect();
    sorted.sort_by(|a, b| (&a.service, &a.id).cmp(&(&b.service, &b.id)));
    let mut out =
        String::from("| Service | Id | Title | Severity | Formats | Fix |\n|---|---|---|---|---|---|\n");
    for p in sorted {
        let formats: Vec<&str> = p.formats().iter().map(|f| f.name()).collect();
        let _ = writeln!(
            out,
            "| {} | [{}]({link_prefix}{}.md) | {} | {} | {} | {} |",
            p.service,
            p.id,
            p.id,
            p.title,
            p.severity.name(),
            formats.join(", "),
            fix_summary(p)
        );
    }
    out
}

/// `safe`, `unsafe`, or per format when they differ (`terraform: safe, cloudformation: unsafe`).
fn fix_summary(p: &Policy) -> String {
    let fixes = fix_safety(p);
    match fixes.as_slice() {
        [] => String::new(),
        [(_, one)] if p.formats().len() == 1 => one.name().to_string(),
        [(_, a), (_, b)] if a == b => a.name().to_string(),
        _ => fixes.iter().map(|(f, s)| format!("{}: {}", f.name(), s.name())).collect::<Vec<_>>().join(", "),
    }
}

/// Each format a policy can fix, mapped to `safe` or `unsafe`.
#[must_use]
pub fn fix_json(p: &Policy) -> Option<serde_json::Value> {
    (!p.fixes.is_empty()).then(|| {
        fix_safety(p).into_iter().map(|(f, s)| (f.name().to_string(), serde_json::json!(s.name()))).collect()
    })
}

/// The safety of each format's fix, by format: `unsafe` when one of its fixes (for some resource
/// types) is.
fn fix_safety(p: &Policy) -> Vec<(Format, crate::policy::Safety)> {
    let mut fixes: Vec<_> = p.fixes.iter().map(|f| (f.format, f.safety)).collect();
    fixes.sort_by_key(|(f, s)| (*f, *s == crate::policy::Safety::Safe));
    fixes.dedup_by_key(|(f, _)| *f);
    fixes
}

/// One JSON object per policy for `palisade rules --format json`.
#[must_use]
pub fn rule_json(p: &Policy) -> serde_json::Value {
    let mut json = serde_json::json!({
        "id": p.id,
        "aliases": p.aliases,
        "title": p.title,
        "service": p.service,
        "severity": p.severity.name(),
        "security_severity": format!("{:.1}", p.score),
        "formats": p.formats().iter().map(|f| f.name()).collect::<Vec<_>>(),
        "resource_types": p.checks.iter().map(|c| (c.format.name(), c.resources.clone())).collect::<std::collections::BTreeMap<_, _>>(),
        "compliance": p.compliance,
        "compliance_note": p.compliance_note,
        "equivalents": p.equivalents,
        "references": p.references,
        "builtin": p.builtin,
        "origin": p.origin,
    });
    if let (Some(fix), Some(map)) = (fix_json(p), json.as_object_mut()) {
        map.insert("fix".into(), fix);
    }
    json
}

/// Every generated documentation file for the built-in policies: (file name, contents).
#[must_use]
pub fn generated_files(policies: &[Policy]) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> =
        policies.iter().filter(|p| p.builtin).map(|p| (format!("{}.md", p.id), policy_page(p))).collect();
    let builtin: Vec<Policy> = policies.iter().filter(|p| p.builtin).cloned().collect();
    let index_page = format!(
        "# Policies\n\nGenerated from `policies/` by `cargo run -- docs`; do not edit.\n\n{} policies.\n\n{}",
        builtin.len(),
        index(&builtin, "")
    );
    files.push(("README.md".to_string(), index_page));
    files.sort();
    files
}

pub const README_START: &str = "<!-- policies:start -->";
pub const README_END: &str = "<!-- policies:end -->";

/// The README with its generated policy table replaced; `None` when the markers are missing.
#[must_use]
pub fn readme_with_policies(readme: &str, policies: &[Policy]) -> Option<String> {
    let start = readme.find(README_START)? + README_START.len();
    let end = readme[start..].find(README_END)? + start;
    let builtin: Vec<Policy> = policies.iter().filter(|p| p.builtin).cloned().collect();
    Some(format!("{}\n{}{}", &readme[..start], index(&builtin, "docs/policies/"), &readme[end..]))
}
