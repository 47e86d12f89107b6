//! `palisade fix --diff --format json`: each verified fix as the whole lines it replaces and the
//! lines that replace them, with the Markdown of a GitHub review comment that suggests it. The
//! GitHub Action posts these on pull requests; nothing here talks to GitHub.

use crate::collections::HashMap;
use std::cmp::Reverse;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Edit, Plan};
use crate::scan::Scan;

/// The major version of the output; fields are only ever added within one.
pub const VERSION: &str = "1";

/// With `--diff-base`, the lines the change added or modified, by canonical path: inclusive, 1-based
/// ranges of the file as it is.
pub type ChangedLines = HashMap<PathBuf, Vec<(usize, usize)>>;

#[derive(Serialize)]
struct Output {
    version: &'static str,
    fixes: Vec<Suggestion>,
}

#[derive(Debug, PartialEq, Eq, Serialize)]
struct Suggestion {
    rule_id: String,
    severity: &'static str,
    safety: &'static str,
    /// Relative to the repository root, `/`-separated, as GitHub names the file.
    path: String,
    /// The finding's line.
    line: usize,
    /// The finding's file, when the fix is made in another (where the value is written: a module
    /// call's argument, a variable's default).
    #[serde(skip_serializing_if = "Option::is_none")]
    finding_path: Option<String>,
    /// The replaced lines, 1-based and inclusive, of the file as it is.
    start_line: usize,
    end_line: usize,
    /// The lines that replace them, joined by `\n`, without a final newline.
    replacement: String,
    /// With `--diff-base`: whether every replaced line is one the change added or modified.
    #[serde(skip_serializing_if = "Option::is_none")]
    changed: Option<bool>,
    /// A GitHub review comment suggesting the replacement (Markdown).
    comment: String,
}

/// The plan's fixes, most severe first. A fix whose replacement holds control characters (a carriage
/// return too) or a secret is left out: escaping or masking it would make it another edit (as for
/// SARIF `fixes`).
#[must_use]
pub fn json(scan: &Scan, plan: &Plan, root: &Path, changed: Option<&ChangedLines>) -> String {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut fixes = Vec::new();
    for file in &plan.files {
        let canonical = file.path.canonicalize().unwrap_or_else(|_| file.path.clone());
        // A name is posted as it is (JSON escapes its control characters); one that looks like a
        // secret is not posted at all.
        let Some(path) = relative(&canonical, &root).filter(|p| crate::escape::mask_secrets(p) == *p) else {
            continue;
        };
        let ranges = changed.map(|c| c.get(&canonical).map_or(&[][..], Vec::as_slice));
        for edit in &file.edits {
            let (start_line, end_line, replacement) = whole_lines(&file.original, edit);
            if replacement.split('\n').any(|line| super::diff::printable(line) != line) {
                continue;
            }
            let finding = &scan.findings[edit.finding];
            let source = &scan.project.files[finding.file];
            let policy = &scan.policies[finding.policy];
            let reason = policy.fix_of(finding).map_or("", |f| f.reason.as_str());
            let on_changed_lines = ranges
                .map(|ranges| (start_line..=end_line).all(|l| ranges.iter().any(|&(a, b)| a <= l && l <= b)));
            let key = (Reverse(finding.severity), path.clone(), start_line, finding.rule_id.clone());
            fixes.push((
                key,
                Suggestion {
                    comment: comment(
                        &finding.rule_id,
                        &policy.title,
                        finding.severity.name(),
                        edit,
                        reason,
                        &replacement,
                    ),
                    rule_id: finding.rule_id.clone(),
                    severity: finding.severity.name(),
                    safety: edit.safety.name(),
                    path: path.clone(),
                    line: source.line_col(finding.span.start as usize).line,
                    finding_path: (finding.file != file.file)
                        .then(|| source.path.canonicalize().unwrap_or_else(|_| source.path.clone()))
                        .and_then(|p| relative(&p, &root))
                        .filter(|p| crate::escape::mask_secrets(p) == *p),
                    start_line,
                    end_line,
                    replacement,
                    changed: on_changed_lines,
                },
            ));
        }
    }
    fixes.sort_by(|a, b| a.0.cmp(&b.0));
    // One edit may fix several findings (a module's default, for each root that calls it): it is
    // suggested once, for the most severe.
    let mut seen = crate::collections::HashSet::default();
    fixes.retain(|(_, s)| seen.insert((s.path.clone(), s.start_line, s.end_line, s.replacement.clone())));
    let output = Output { version: VERSION, fixes: fixes.into_iter().map(|(_, s)| s).collect() };
    serde_json::to_string_pretty(&output).unwrap_or_default() + "\n"
}

/// `path` relative to `root`, `/`-separated; `None` outside it or when not UTF-8 (GitHub could not
/// name it).
fn relative(path: &Path, root: &Path) -> Option<String> {
    let rest = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rest.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

/// The edit as a replacement of whole lines of `original`: the lines between the common first and
/// last lines of the file before and after, and what replaces them. A suggestion cannot insert
/// between two lines, so an insertion takes the line before it (or, at the top, the line after).
fn whole_lines(original: &str, edit: &Edit) -> (usize, usize, String) {
    let (start, end) = (edit.span.start as usize, edit.span.end as usize);
    let edited = format!("{}{}{}", &original[..start], edit.text, &original[end..]);
    let old: Vec<&str> = original.split('\n').collect();
    let new: Vec<&str> = edited.split('\n').collect();
    let mut prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let most = old.len().min(new.len()) - prefix;
    let mut suffix = old.iter().rev().zip(new.iter().rev()).take(most).take_while(|(a, b)| a == b).count();
    if prefix + suffix == old.len() {
        if prefix > 0 {
            prefix -= 1;
        } else {
            suffix = suffix.saturating_sub(1);
        }
    }
    let replacement = new[prefix..new.len() - suffix].join("\n");
    (prefix + 1, old.len() - suffix, replacement)
}

/// The review comment: which policy, whether the fix is safe and why, and the suggestion. Policy
/// titles and reasons may come from the repository's own policies: no HTML, no control characters;
/// the fence is longer than any run of backticks in the replacement, so it cannot be closed early.
fn comment(
    rule_id: &str,
    title: &str,
    severity: &str,
    edit: &Edit,
    reason: &str,
    replacement: &str,
) -> String {
    let prose =
        |s: &str| crate::escape::text(s).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let longest = replacement.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let safety = match edit.safety {
        crate::policy::Safety::Safe => "Safe fix",
        crate::policy::Safety::Unsafe => "**Unsafe fix**, review it before applying",
    };
    format!(
        "**{}** {} ({severity})\n\n{safety}: {}\n\n{fence}suggestion\n{replacement}\n{fence}\n\n\
         <sub>Suggested by Palisade (`palisade fix`).</sub>\n",
        prose(rule_id),
        prose(title),
        prose(reason.trim()),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::policy::Safety;
    use crate::source::Span;

    fn edit(start: usize, end: usize, text: &str) -> Edit {
        Edit { finding: 0, safety: Safety::Safe, span: Span::new(start, end), text: text.into() }
    }

    #[test]
    fn edits_become_whole_line_replacements() {
        assert_eq!(whole_lines("a\nb = 1\nc\n", &edit(2, 7, "b = 2")), (2, 2, "b = 2".into()));
        // An insertion takes the line before it, or at the top of the file the line after it.
        assert_eq!(
            whole_lines("k {\n  a = 1\n}\n", &edit(12, 12, "  b = 2\n")),
            (2, 2, "  a = 1\n  b = 2".into())
        );
        assert_eq!(whole_lines("x\n", &edit(0, 0, "y\n")), (1, 1, "y\nx".into()));
        assert_eq!(whole_lines("k {}", &edit(2, 4, "{\n  a = 1\n}")), (1, 1, "k {\n  a = 1\n}".into()));
    }

    #[test]
    fn the_comment_fence_outlasts_the_replacement_and_prose_opens_no_tag() {
        let body = comment("X-1", "<img src=x> & co", "high", &edit(0, 0, ""), "why", "a = \"````\"");
        assert_eq!(
            body,
            "**X-1** &lt;img src=x&gt; &amp; co (high)\n\nSafe fix: why\n\n`````suggestion\na = \"````\"\n`````\n\n\
             <sub>Suggested by Palisade (`palisade fix`).</sub>\n"
        );
    }
}
