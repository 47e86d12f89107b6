//! Markdown for a pull-request comment or a GitHub job summary: counts by severity, a table of the new
//! (unsuppressed) findings linking to `file#Lline`, and a collapsed `<details>` per finding with the
//! policy's description and fix. GitHub rejects comments and summaries over 65,536 characters, so the
//! report stops adding findings before that and ends with "and N more".
//!
//! File names and addresses come from the pull request. They are printed only inside code (a code
//! span in the table, `<code>` in the raw HTML of `<details>`), where no link, image, mention, tag or
//! emphasis is recognised, after [`crate::escape::text`]; in the table every `|` and `\` is escaped
//! too, since the table is split into cells before code spans are read.

use std::fmt::Write as _;

use super::{RenderOptions, RepoRoot, file_of, region};
use crate::diag::DiagLevel;
use crate::escape::text;
use crate::policy::{Finding, Severity};
use crate::scan::Scan;
use crate::source::Format;

/// GitHub's limit for a comment body and a step summary.
pub const MAX_CHARS: usize = 65_536;
/// Room kept for the closing lines after the last finding that fits.
const TAIL_RESERVE: usize = 512;

#[must_use]
pub fn render(scan: &Scan, options: &RenderOptions) -> String {
    render_within(scan, options, MAX_CHARS)
}

/// [`render`] with a custom size limit (in bytes, which bound characters from above).
#[must_use]
pub fn render_within(scan: &Scan, options: &RenderOptions, limit: usize) -> String {
    let open: Vec<&Finding> = scan.gated().filter(|f| f.suppression.is_none()).collect();
    let suppressed: Vec<&Finding> = scan.gated().filter(|f| f.suppression.is_some()).collect();

    let mut out = String::from("## Palisade\n\n");
    let quote = |f: &str| code_cell(&text(f));
    if let Some(notice) = super::configuration_notice(scan, quote) {
        let _ = write!(out, "> [!WARNING]\n> {notice}\n\n");
    }
    if open.is_empty() {
        out.push_str("**No new findings**");
    } else {
        let _ = write!(out, "**{}**", plural(open.len(), "new finding"));
    }
    let _ = write!(
        out,
        ", {} suppressed; {} in {} checked.",
        suppressed.len(),
        plural(scan.project.resources.len(), "resource"),
        plural(scan.project.files.len(), "file")
    );
    let unparsed = scan.project.diagnostics.iter().filter(|d| d.level == DiagLevel::Error).count();
    if unparsed > 0 {
        let _ = write!(out, " {} could not be parsed.", plural(unparsed, "file"));
    }
    if let Some(hint) = super::text::module_cache_hint(scan) {
        // Modules it could not see: a clean summary must not read as if it had judged them.
        let _ = write!(out, " {hint}.");
    }
    if let Some(diff) = &scan.diff {
        let dropped = diff.out_of_scope;
        let verb = if dropped == 1 { "finding was" } else { "findings were" };
        let base = diff.base.replace('`', "'");
        let _ = write!(
            out,
            " Only resources changed since `{base}` are reported; {dropped} {verb} out of scope \
             (the SARIF report holds them)."
        );
    }
    out.push_str("\n\n| Severity | New | Suppressed |\n|---|---:|---:|\n");
    for severity in Severity::ALL {
        let count = |list: &[&Finding]| list.iter().filter(|f| f.severity == severity).count();
        let _ = writeln!(out, "| {} | {} | {} |", severity.name(), count(&open), count(&suppressed));
    }
    if open.is_empty() {
        return out;
    }

    let mut sorted = open;
    // Most severe first; the engine's file/line order within one severity.
    sorted.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let mut rows = String::from("\n| Severity | Rule | Resource | Location |\n|---|---|---|---|\n");
    let mut details = String::new();
    let mut shown = 0;
    let root = RepoRoot::new(options);
    for finding in &sorted {
        let (row, detail) = finding_markdown(scan, finding, options, root.as_ref());
        if out.len() + rows.len() + row.len() + details.len() + detail.len() + TAIL_RESERVE > limit {
            break;
        }
        rows.push_str(&row);
        details.push_str(&detail);
        shown += 1;
    }
    out.push_str(&rows);
    out.push('\n');
    out.push_str(&details);
    if shown < sorted.len() {
        let more = sorted.len() - shown;
        let noun = if more == 1 { "finding" } else { "findings" };
        let _ = writeln!(
            out,
            "_… and {more} more {noun} not shown here: see the SARIF report or run `palisade scan` locally._"
        );
    }
    out
}

/// The table row and the `<details>` block of one finding.
fn finding_markdown(
    scan: &Scan,
    finding: &Finding,
    options: &RenderOptions,
    root: Option<&RepoRoot>,
) -> (String, String) {
    let policy = scan.policies.get(finding.policy);
    let title = policy.map_or(finding.message.as_str(), |p| p.title.as_str());
    let (location, link) = match file_of(scan, finding.file) {
        Some(file) => {
            let (start, _) = region(file, finding.span);
            let anchor = format!("{}#L{}", text(&file.display), start.line);
            // A link into the repository names the file from its root; a bare one, from here.
            let (base, path) = match (&options.link_base, root) {
                (Some(base), Some(root)) => {
                    (base.as_str(), root.relative(&file.display).unwrap_or_else(|| file.display.clone()))
                }
                (base, _) => (base.as_deref().unwrap_or(""), file.display.clone()),
            };
            (anchor.clone(), format!("{base}{}#L{}", url_path(&path), start.line))
        }
        None => (String::new(), String::new()),
    };
    let addresses: Vec<String> =
        finding.resources.iter().take(3).map(|r| code_cell(&text(&r.qualified()))).collect();
    let mut resource = addresses.join(", ");
    if finding.resources.len() > 3 {
        let _ = write!(resource, " and {} more", finding.resources.len() - 3);
    }
    let row = format!(
        "| {} | {} | {resource} | [{}]({link}) |\n",
        finding.severity.name(),
        cell(&finding.rule_id),
        code_cell(&location),
    );

    let mut detail = format!(
        "<details>\n<summary><b>{}</b> {} — <code>{}</code></summary>\n\n",
        html(&finding.rule_id),
        html(title),
        html(&location)
    );
    if let Some(policy) = policy {
        let _ = writeln!(detail, "{}\n", html(policy.description.trim()));
        let (fix, lang) = match finding.format {
            Format::Terraform => (policy.remediation.terraform.as_deref(), "hcl"),
            Format::CloudFormation => (policy.remediation.cloudformation.as_deref(), "yaml"),
        };
        if let Some(text) = policy.remediation.text.as_deref().filter(|t| !t.trim().is_empty()) {
            let _ = writeln!(detail, "**Fix:** {}\n", html(text.trim()));
        }
        if let Some(code) = fix.filter(|c| !c.trim().is_empty()) {
            let fence = "`".repeat(longest_backtick_run(code).max(2) + 1);
            if policy.remediation.text.is_none() {
                detail.push_str("**Fix:**\n\n");
            }
            let _ = writeln!(detail, "{fence}{lang}\n{}\n{fence}\n", code.trim_end());
        }
        if let Some(reference) = policy.references.first() {
            let _ = writeln!(detail, "More: {}\n", html(reference));
        }
    }
    detail.push_str("</details>\n\n");
    (row, detail)
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// Text safe inside HTML and Markdown prose: user-controlled names must not open tags.
fn html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Text safe inside a table cell: a `|` would end the cell, a newline the row.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// Printed text as a code span in a table cell, exactly as it reads. The table splits cells at every
/// `|` not escaped by a backslash, reading `\\` as an escaped backslash first, so both are escaped
/// (GitHub then shows a backslash doubled, never a broken row). The fence is longer than any run of
/// backticks inside, and the text is padded with the spaces a code span strips when it starts or ends
/// with a backtick or a space.
fn code_cell(printed: &str) -> String {
    let fence = "`".repeat(longest_backtick_run(printed) + 1);
    let escaped = printed.replace('\\', "\\\\").replace('|', "\\|").replace(['\n', '\r'], " ");
    let edge = |c: Option<char>| matches!(c, Some('`' | ' '));
    let pad = if edge(escaped.chars().next()) || edge(escaped.chars().last()) { " " } else { "" };
    format!("{fence}{pad}{escaped}{pad}{fence}")
}

/// Percent-encodes what would break a Markdown link target.
fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::report::fixture;

    #[test]
    fn helpers_escape() {
        assert_eq!(url_path("cfn/logs bucket(1).yaml"), "cfn/logs%20bucket%281%29.yaml");
        assert_eq!(cell("a|b\nc"), "a\\|b c");
        assert_eq!(html("<b>&"), "&lt;b&gt;&amp;");
        assert_eq!(longest_backtick_run("a ``` b `"), 3);
        assert_eq!(code_cell("main.tf#L3"), "`main.tf#L3`");
        assert_eq!(code_cell("a`b"), "``a`b``");
        assert_eq!(code_cell("`x "), "`` `x  ``");
        assert_eq!(code_cell(r"a\|b|c"), r"`a\\\|b\|c`");
    }

    #[test]
    fn long_reports_are_cut_with_a_tail() {
        let mut scan = fixture::scan();
        let template = scan.findings[1].clone();
        scan.findings = (0..2000).map(|_| template.clone()).collect();
        let out = render(&scan, &RenderOptions::default());
        assert!(out.len() <= MAX_CHARS, "{}", out.len());
        assert!(out.contains("more findings not shown here"));
        let small = render_within(&scan, &RenderOptions::default(), 3000);
        assert!(small.len() <= 3000, "{}", small.len());
        let shown = small.matches("<details>").count();
        assert!(shown >= 1);
        let tail = format!("_… and {} more findings not shown here", 2000 - shown);
        assert!(small.contains(&tail), "{small}");
    }
}
