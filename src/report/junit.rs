//! JUnit XML, for CI systems that show test reports: one `<testsuite>` per policy and one
//! `<testcase>` per resource instance the policy judged. A finding is a `<failure>`; a suppressed
//! finding or an Unknown verdict is `<skipped>` (with the justification or the reason); everything
//! else passed. In a diff-scoped scan only resources in scope are listed.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::{file_of, region};
use crate::escape::text;
use crate::model::Mode;
use crate::policy::Finding;
use crate::scan::Scan;

enum Outcome<'a> {
    Pass,
    Failure(&'a Finding),
    Skipped(String),
}

#[must_use]
pub fn render(scan: &Scan) -> String {
    let resources = &scan.project.resources;
    // (policy, resource) → the finding naming that resource.
    let mut by_pair: BTreeMap<(usize, usize), &Finding> = BTreeMap::new();
    let mut index: BTreeMap<(usize, &str, usize), Vec<usize>> = BTreeMap::new();
    for (i, r) in resources.iter().enumerate() {
        // A finding decided in an override file is in that file.
        r.files().for_each(|file| index.entry((file, r.address.as_str(), r.scope)).or_default().push(i));
    }
    for f in &scan.findings {
        for r in &f.resources {
            for &i in index.get(&(f.origin.file, r.address.as_str(), r.scope)).into_iter().flatten() {
                by_pair.entry((f.policy, i)).or_insert(f);
            }
        }
    }
    let unknown: BTreeMap<(usize, usize), &str> =
        scan.unknowns.iter().map(|u| ((u.policy, u.resource), u.reason.as_str())).collect();
    let in_scope = |r: usize| scan.diff.as_ref().is_none_or(|d| d.resources.get(r).copied().unwrap_or(true));

    let mut suites = String::new();
    let (mut total, mut total_failures, mut total_skipped) = (0, 0, 0);
    for (p, policy) in scan.policies.iter().enumerate() {
        let judged: BTreeSet<usize> = resources
            .iter()
            .enumerate()
            .filter(|(i, r)| {
                r.mode == Mode::Managed
                    && in_scope(*i)
                    && policy.checks.iter().any(|c| c.format == r.format && c.resources.contains(&r.rtype))
            })
            .map(|(i, _)| i)
            .collect();
        if judged.is_empty() {
            continue;
        }
        let mut cases = String::new();
        let (mut failures, mut skipped) = (0, 0);
        for &r in &judged {
            let outcome = match (by_pair.get(&(p, r)), unknown.get(&(p, r))) {
                (Some(f), _) if f.suppression.is_none() => Outcome::Failure(f),
                (Some(f), _) => Outcome::Skipped(format!(
                    "suppressed: {}",
                    text(f.suppression.as_ref().and_then(|s| s.justification.as_deref()).unwrap_or_default())
                )),
                (None, Some(reason)) => Outcome::Skipped(format!("unknown: {}", text(reason))),
                (None, None) => Outcome::Pass,
            };
            let resource = &resources[r];
            let file = file_of(scan, resource.file).map_or("", |f| f.display.as_str());
            let _ = write!(
                cases,
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\"",
                escape(&text(&scan.project.qualified_address(resource))),
                escape(&policy.id),
                escape(&text(file))
            );
            match outcome {
                Outcome::Pass => cases.push_str("/>\n"),
                Outcome::Skipped(message) => {
                    skipped += 1;
                    let _ = writeln!(
                        cases,
                        ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                        escape(&message)
                    );
                }
                Outcome::Failure(f) => {
                    failures += 1;
                    let location = file_of(scan, f.file).map(|source| {
                        let (start, _) = region(source, f.span);
                        format!("{}:{}:{}", text(&source.display), start.line, start.column)
                    });
                    let body = format!(
                        "{}\n{} at {}\n{}",
                        text(&f.message),
                        text(&scan.project.qualified_address(resource)),
                        location.unwrap_or_default(),
                        policy.description.trim()
                    );
                    let _ = writeln!(
                        cases,
                        ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>",
                        escape(&text(&f.message)),
                        escape(f.severity.name()),
                        escape(&body)
                    );
                }
            }
        }
        total += judged.len();
        total_failures += failures;
        total_skipped += skipped;
        let _ = write!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">\n{cases}  </testsuite>\n",
            escape(&format!("{} {}", policy.id, policy.title)),
            judged.len(),
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"palisade\" tests=\"{total}\" failures=\"{total_failures}\" errors=\"0\" skipped=\"{total_skipped}\">\n{suites}</testsuites>\n"
    )
}

/// Escapes text for an XML attribute or element. Characters XML 1.0 cannot carry at all (most C0
/// controls) become U+FFFD: a template is untrusted input and must not make the report unparsable.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(escape("a<b>&\"c'\n\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;&#10;\u{fffd}");
    }
}
