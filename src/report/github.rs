//! GitHub Actions workflow commands: one annotation per unsuppressed finding, shown on the pull
//! request's diff. `::error` for critical and high, `::warning` for medium, `::notice` for low and
//! info; diagnostics about the files (parse errors, expired suppressions) become warnings. GitHub
//! drops annotations past its limits silently, so the most severe come first and a last notice counts
//! the ones left out.
//!
//! Escaping follows the runner: in the message `%`, `\r`, `\n`; in properties also `:` and `,`.
//! Without it a `::` inside a message, or a newline, would start a new command on the runner. Text
//! from the scanned files (addresses, file names, messages) passes [`crate::escape::text`] first, so
//! no control character, bidi override or secret reaches the log even as an escape the runner undoes.

use std::fmt::Write as _;

use super::{file_of, region};
use crate::diag::{DiagLevel, Diagnostic};
use crate::escape::text;
use crate::policy::{Finding, Severity};
use crate::scan::Scan;

/// GitHub shows at most this many annotations of each level (error, warning, notice) from one step,
/// and 50 from a job; the rest are dropped without a word.
pub const MAX_PER_LEVEL: usize = 10;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Error,
    Warning,
    Notice,
}

impl Level {
    fn command(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Notice => "notice",
        }
    }
}

/// The gate's open findings, most severe first (in file and line order within a severity), then the
/// diagnostics; at most [`MAX_PER_LEVEL`] of each level. When some do not fit, one notice (which
/// takes a notice's place) says how many, and where they are.
#[must_use]
pub fn render(scan: &Scan) -> String {
    let mut open: Vec<&Finding> = scan.gated().filter(|f| f.suppression.is_none()).collect();
    open.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let findings = open.iter().map(|f| finding(scan, f));
    let diagnostics = scan.project.diagnostics.iter().map(diagnostic);
    let all: Vec<(Level, bool, String)> =
        findings.map(|(l, a)| (l, true, a)).chain(diagnostics.map(|(l, a)| (l, false, a))).collect();
    let total = |level: Level| all.iter().filter(|(l, ..)| *l == level).count();
    let overflow =
        [Level::Error, Level::Warning, Level::Notice].into_iter().any(|l| total(l) > MAX_PER_LEVEL);
    let budget = |level: Level| {
        if overflow && level == Level::Notice { MAX_PER_LEVEL - 1 } else { MAX_PER_LEVEL }
    };
    let mut out = String::new();
    let mut shown = [0usize; 3];
    let (mut more_findings, mut more_diagnostics) = (0, 0);
    for (level, is_finding, annotation) in &all {
        let count = &mut shown[*level as usize];
        if *count < budget(*level) {
            *count += 1;
            let _ = writeln!(out, "::{} {annotation}", level.command());
        } else if *is_finding {
            more_findings += 1;
        } else {
            more_diagnostics += 1;
        }
    }
    if more_findings + more_diagnostics > 0 {
        let mut parts = Vec::new();
        if more_findings > 0 {
            parts.push(plural(more_findings, "more finding"));
        }
        if more_diagnostics > 0 {
            parts.push(plural(more_diagnostics, "more file diagnostic"));
        }
        let _ = writeln!(
            out,
            "::notice title=palisade::{} not annotated (GitHub shows {MAX_PER_LEVEL} annotations per \
             level in a step): see the job summary and the SARIF report",
            parts.join(" and ")
        );
    }
    out
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// One finding's level and annotation, without the `::level ` that starts it.
fn finding(scan: &Scan, finding: &Finding) -> (Level, String) {
    let level = match finding.severity {
        Severity::Critical | Severity::High => Level::Error,
        Severity::Medium => Level::Warning,
        Severity::Low | Severity::Info => Level::Notice,
    };
    let title = match scan.policies.get(finding.policy) {
        Some(p) if !p.title.is_empty() => format!("{}: {}", finding.rule_id, p.title),
        _ => finding.rule_id.clone(),
    };
    let addresses: Vec<std::borrow::Cow<'_, str>> = finding.resources.iter().map(|r| r.qualified()).collect();
    let message = format!("{} ({}) [{}]", finding.message, addresses.join(", "), finding.severity.name());
    let (title, message) = (text(&title), text(&message));
    let mut properties = Vec::new();
    if let Some(file) = file_of(scan, finding.file) {
        let (start, end) = region(file, finding.span);
        properties.push(format!("file={}", property(&text(&file.display))));
        properties.push(format!("line={}", start.line));
        properties.push(format!("endLine={}", end.line));
        properties.push(format!("col={}", start.column));
    }
    properties.push(format!("title={}", property(&title)));
    (level, format!("{}::{}", properties.join(","), data(&message)))
}

fn diagnostic(d: &Diagnostic) -> (Level, String) {
    let level = if d.level == DiagLevel::Note { Level::Notice } else { Level::Warning };
    let mut properties = vec![format!("file={}", property(&text(&d.file)))];
    if let Some(line) = d.line {
        properties.push(format!("line={line}"));
    }
    properties.push("title=palisade".to_string());
    (level, format!("{}::{}", properties.join(","), data(&text(&d.message))))
}

/// Escapes a command's message.
#[must_use]
pub fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value.
#[must_use]
pub fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;

    #[test]
    fn escaping() {
        assert_eq!(data("100% a\r\nb::c"), "100%25 a%0D%0Ab::c");
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn annotations_for_open_findings_and_diagnostics() {
        // Most severe first: the critical finding in modules/web before the high one in main.tf.
        let out = render(&fixture::scan());
        assert_eq!(
            out,
            "::error file=modules/web/main.tf,line=3,endLine=3,col=3,title=AWS-EC2-001%3A Security group allows ingress from the internet::security group allows ingress from 0.0.0.0/0 (module.web.aws_security_group.this[\"a\"], module.web.aws_security_group.this[\"b\"]) [critical]\n\
             ::error file=main.tf,line=1,endLine=1,col=1,title=AWS-S3-002%3A S3 bucket has no versioning::s3 bucket has no versioning (aws_s3_bucket.b) [high]\n\
             ::warning file=broken.tf,line=3,title=palisade::expected `=` after attribute name\n"
        );
    }

    /// 12 critical and 12 low findings: 10 errors, 9 notices and one notice counting the other 5.
    #[test]
    fn annotations_past_the_limit_are_counted_in_a_last_notice() {
        let mut scan = fixture::scan();
        let critical = scan.findings[2].clone();
        let mut low = scan.findings[1].clone();
        low.severity = Severity::Low;
        scan.findings = std::iter::repeat_n(low, 12).chain(std::iter::repeat_n(critical, 12)).collect();
        scan.project.diagnostics.clear();
        let out = render(&scan);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 20, "{out}");
        assert!(lines[..10].iter().all(|l| l.starts_with("::error ") && l.ends_with("[critical]")), "{out}");
        assert!(lines[10..19].iter().all(|l| l.starts_with("::notice ") && l.ends_with("[low]")), "{out}");
        assert_eq!(
            lines[19],
            "::notice title=palisade::5 more findings not annotated (GitHub shows 10 annotations per level \
             in a step): see the job summary and the SARIF report"
        );
    }
}
