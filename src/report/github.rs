//! GitHub Actions workflow commands: one annotation per unsuppressed finding, shown on the pull
//! request's diff. `::error` for critical and high, `::warning` for medium, `::notice` for low and
//! info; diagnostics about the files (parse errors, expired suppressions) become warnings.
//!
//! Escaping follows the runner: in the message `%`, `\r`, `\n`; in properties also `:` and `,`.
//! Without it a `::` inside a message, or a newline, would start a new command on the runner. Text
//! from the scanned files (addresses, file names, messages) passes [`crate::escape::text`] first, so
//! no control character, bidi override or secret reaches the log even as an escape the runner undoes.

use std::fmt::Write as _;

use super::{file_of, region};
use crate::app::Scan;
use crate::diag::DiagLevel;
use crate::escape::text;
use crate::policy::Severity;

#[must_use]
pub fn render(scan: &Scan) -> String {
    let mut out = String::new();
    for finding in scan.findings.iter().filter(|f| f.suppression.is_none()) {
        let command = match finding.severity {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Low | Severity::Info => "notice",
        };
        let title = match scan.policies.get(finding.policy) {
            Some(p) if !p.title.is_empty() => format!("{}: {}", finding.rule_id, p.title),
            _ => finding.rule_id.clone(),
        };
        let addresses: Vec<std::borrow::Cow<'_, str>> =
            finding.resources.iter().map(|r| r.qualified()).collect();
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
        let _ = writeln!(out, "::{command} {}::{}", properties.join(","), data(&message));
    }
    for d in &scan.project.diagnostics {
        let command = if d.level == DiagLevel::Note { "notice" } else { "warning" };
        let mut properties = vec![format!("file={}", property(&text(&d.file)))];
        if let Some(line) = d.line {
            properties.push(format!("line={line}"));
        }
        properties.push("title=palisade".to_string());
        let _ = writeln!(out, "::{command} {}::{}", properties.join(","), data(&text(&d.message)));
    }
    out
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
        let out = render(&fixture::scan());
        assert_eq!(
            out,
            "::error file=main.tf,line=1,endLine=1,col=1,title=AWS-S3-002%3A S3 bucket has no versioning::s3 bucket has no versioning (aws_s3_bucket.b) [high]\n\
             ::error file=modules/web/main.tf,line=3,endLine=3,col=3,title=AWS-EC2-001%3A Security group allows ingress from the internet::security group allows ingress from 0.0.0.0/0 (module.web.aws_security_group.this[\"a\"], module.web.aws_security_group.this[\"b\"]) [critical]\n\
             ::warning file=broken.tf,line=3,title=palisade::expected `=` after attribute name\n"
        );
    }
}
