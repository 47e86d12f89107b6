//! The text report: one rustc-style snippet per unsuppressed finding, the parse diagnostics, and a
//! one-line summary.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::sync::LazyLock;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet, normalize_untrusted_str};
use anstyle::{AnsiColor, Effects, Style};

use super::{RenderOptions, file_of, first_line, region};
use crate::app::Scan;
use crate::diag::{DiagLevel, Diagnostic};
use crate::policy::{Finding, Severity};

/// More addresses than this in one label stop helping; the rest are counted.
const MAX_LABEL_ADDRESSES: usize = 5;

/// Source lines longer than this (minified JSON) are not printed: the location is enough, and printing
/// a megabyte line once per finding would make the report quadratic in size.
const MAX_SNIPPET_LINE: usize = 1000;

/// AWS access key ids (`AKIA…`, `ASIA…` and the other documented prefixes): masked wherever they appear.
static ACCESS_KEY_ID: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
    regex::Regex::new(
        r"\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA)[A-Z0-9]{16}\b",
    )
    .ok()
});
/// 40-character base64 words, the shape of AWS secret access keys: masked on lines that mention a
/// secret, since the shape alone also matches hashes and ids.
static SECRET_KEY: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
    regex::Regex::new(r"(?:^|[^A-Za-z0-9/+=])([A-Za-z0-9/+]{40})(?:$|[^A-Za-z0-9/+=])").ok()
});

#[must_use]
pub fn render(scan: &Scan, options: &RenderOptions) -> String {
    let renderer = if options.color { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    if let Some(notice) = super::configuration_notice(scan, str::to_string) {
        let _ = writeln!(out, "warning: {}\n", normalize_untrusted_str(&notice));
    }
    for finding in scan.findings.iter().filter(|f| f.suppression.is_none()) {
        out.push_str(&render_finding(scan, finding, &renderer));
        out.push_str("\n\n");
    }
    for diagnostic in &scan.project.diagnostics {
        out.push_str(&render_diagnostic(diagnostic, options.color));
        out.push('\n');
    }
    if !scan.project.diagnostics.is_empty() {
        out.push('\n');
    }
    out.push_str(&summary(scan));
    out.push('\n');
    out
}

fn render_finding(scan: &Scan, finding: &Finding, renderer: &Renderer) -> String {
    let policy = scan.policies.get(finding.policy);
    let title = severity_level(finding.severity)
        .with_name(finding.severity.name())
        .primary_title(finding.message.as_str())
        .id(finding.rule_id.as_str());
    let mut group = Group::with_title(title);

    let label = normalize_untrusted_str(&addresses_label(finding));
    if let Some(file) = file_of(scan, finding.file) {
        // Only the finding's line goes to the renderer: handing it the whole file made every finding
        // cost the file's size.
        let region = first_line(file, finding.span);
        let start = region.start as usize;
        let line_start = file.line_start(start);
        let line = file.text[line_start..file.line_end(start).max(line_start)].trim_end_matches('\r');
        let at = file.line_col(start);
        if line.len() <= MAX_SNIPPET_LINE {
            let from = (start - line_start).min(line.len());
            let to = (region.end as usize).saturating_sub(line_start).clamp(from, line.len());
            group = group.element(
                Snippet::source(mask_secrets(line))
                    .path(file.display.as_str())
                    .line_start(at.line)
                    .annotation(AnnotationKind::Primary.span(from..to).label(label)),
            );
        } else {
            group = group
                .element(Origin::path(file.display.as_str()).line(at.line).char_column(at.column))
                .element(Level::NOTE.message(format!(
                    "{label}: line {} is {} bytes long; not shown",
                    at.line,
                    line.len()
                )));
        }
    }
    if let Some(help) = policy.map(help_text) {
        group = group.element(Level::HELP.message(normalize_untrusted_str(&help)));
    }
    for location in &finding.related {
        if let Some(file) = file_of(scan, location.file) {
            let (start, _) = region(file, location.span);
            let note = format!("in module call at {}:{}:{}", file.display, start.line, start.column);
            group = group.element(Level::NOTE.message(normalize_untrusted_str(&note)));
        }
    }
    renderer.render(&[group])
}

/// The line with AWS access key ids and secret keys replaced by asterisks of the same length, so the
/// text report never prints a credential found in a template (findings about it included).
fn mask_secrets(line: &str) -> Cow<'_, str> {
    let mut ranges = Vec::new();
    if let Some(re) = ACCESS_KEY_ID.as_ref() {
        ranges.extend(re.find_iter(line).map(|m| m.range()));
    }
    if line.to_ascii_lowercase().contains("secret")
        && let Some(re) = SECRET_KEY.as_ref()
    {
        ranges.extend(re.captures_iter(line).filter_map(|c| c.get(1)).map(|m| m.range()));
    }
    if ranges.is_empty() {
        return Cow::Borrowed(line);
    }
    // The patterns match ASCII only, so equal-length masks keep every char boundary and span valid.
    let mut bytes = line.as_bytes().to_vec();
    for range in ranges {
        bytes[range].fill(b'*');
    }
    Cow::Owned(String::from_utf8_lossy(&bytes).into_owned())
}

fn severity_level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Critical | Severity::High => Level::ERROR,
        Severity::Medium => Level::WARNING,
        Severity::Low => Level::NOTE,
        Severity::Info => Level::INFO,
    }
}

/// `aws_s3_bucket.b`, or every instance that shares the finding.
fn addresses_label(finding: &Finding) -> String {
    let addresses: Vec<std::borrow::Cow<'_, str>> = finding.resources.iter().map(|r| r.qualified()).collect();
    if addresses.len() <= MAX_LABEL_ADDRESSES {
        return addresses.join(", ");
    }
    let more = addresses.len() - MAX_LABEL_ADDRESSES;
    format!("{}, and {more} more", addresses[..MAX_LABEL_ADDRESSES].join(", "))
}

/// The first sentence of the remediation text, or a pointer to `palisade explain`, whose job the full
/// text is (repeating the title would only echo the message above it).
fn help_text(policy: &crate::policy::Policy) -> String {
    let text = policy.remediation.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let Some(text) = text else {
        return format!("`palisade explain {}` shows why it matters and how to fix it", policy.id);
    };
    let first_line = text.lines().next().unwrap_or(text);
    let sentence = first_line.find(". ").map_or(first_line, |i| &first_line[..=i]);
    sentence.to_string()
}

fn render_diagnostic(diagnostic: &Diagnostic, color: bool) -> String {
    let (name, style) = match diagnostic.level {
        DiagLevel::Error => ("error", AnsiColor::BrightRed),
        DiagLevel::Warning => ("warning", AnsiColor::BrightYellow),
        DiagLevel::Note => ("note", AnsiColor::BrightGreen),
    };
    let body = normalize_untrusted_str(&diagnostic.to_string());
    if color {
        let style = Style::new().fg_color(Some(style.into())).effects(Effects::BOLD);
        format!("{}{name}{}: {body}", style.render(), style.render_reset())
    } else {
        format!("{name}: {body}")
    }
}

/// `3 findings (1 critical, 2 high), 1 suppressed, in 4 files; 12 resources checked, 1 file could
/// not be parsed`.
fn summary(scan: &Scan) -> String {
    let open: Vec<&Finding> = scan.findings.iter().filter(|f| f.suppression.is_none()).collect();
    let suppressed = scan.findings.len() - open.len();
    let files = scan.project.files.len();
    let resources = scan.project.instance_count();
    // A file that failed to parse has at least one error diagnostic; count files, not errors.
    let unparsed = scan
        .project
        .diagnostics
        .iter()
        .filter(|d| d.level == DiagLevel::Error)
        .map(|d| d.file.as_str())
        .collect::<BTreeSet<_>>()
        .len();

    let mut line = String::new();
    if open.is_empty() {
        line.push_str("no findings");
        if suppressed > 0 {
            let _ = write!(line, " ({suppressed} suppressed)");
        }
        let _ = write!(line, " in {} ({})", count(files, "file"), checked(resources));
    } else {
        let by_severity: Vec<String> = Severity::ALL
            .iter()
            .map(|&s| (s, open.iter().filter(|f| f.severity == s).count()))
            .filter(|&(_, n)| n > 0)
            .map(|(s, n)| format!("{n} {}", s.name()))
            .collect();
        let _ = write!(line, "{} ({})", count(open.len(), "finding"), by_severity.join(", "));
        if suppressed > 0 {
            let _ = write!(line, ", {suppressed} suppressed,");
        }
        let _ = write!(line, " in {}; {}", count(files, "file"), checked(resources));
    }
    if unparsed > 0 {
        let verb = if unparsed == 1 { "file" } else { "files" };
        let _ = write!(line, ", {unparsed} {verb} could not be parsed");
    }
    if let Some(diff) = &scan.diff {
        let _ = write!(
            line,
            "; {} out of scope of the changes since {}",
            count(diff.out_of_scope, "finding"),
            diff.base
        );
    }
    line
}

fn checked(resources: usize) -> String {
    format!("{} checked", count(resources, "resource"))
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::report::fixture;

    const EXPECTED: &str = r#"high[AWS-S3-002]: s3 bucket has no versioning
 --> main.tf:1:1
  |
1 | resource "aws_s3_bucket" "b" {
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ aws_s3_bucket.b
  |
  = help: Enable it.

critical[AWS-EC2-001]: security group allows ingress from 0.0.0.0/0
 --> modules/web/main.tf:3:3
  |
3 |   ingress {
  |   ^^^^^^^^^ module.web.aws_security_group.this["a"], module.web.aws_security_group.this["b"]
  |
  = help: Enable it.
  = note: in module call at main.tf:5:1

error: broken.tf:3:7: expected `=` after attribute name

2 findings (1 critical, 1 high), 1 suppressed, in 3 files; 4 resources checked, 1 file could not be parsed
"#;

    #[test]
    fn plain_report_has_snippets_diagnostics_and_summary() {
        let out = render(&fixture::scan(), &RenderOptions::default());
        assert_eq!(out, EXPECTED);
        assert!(!out.contains('\u{1b}'));
    }

    #[test]
    fn colour_only_when_asked() {
        let options = RenderOptions { color: true, ..RenderOptions::default() };
        let out = render(&fixture::scan(), &options);
        assert!(out.contains("\u{1b}["));
        assert!(out.contains("AWS-EC2-001"));
    }

    #[test]
    fn clean_scan_says_no_findings() {
        let mut scan = fixture::scan();
        scan.project.diagnostics.clear();
        scan.findings.retain(|f| f.suppression.is_some());
        let out = render(&scan, &RenderOptions::default());
        assert_eq!(out, "no findings (1 suppressed) in 3 files (4 resources checked)\n");
        scan.findings.clear();
        scan.project.resources.truncate(1);
        let out = render(&scan, &RenderOptions::default());
        assert_eq!(out, "no findings in 3 files (1 resource checked)\n");
    }

    #[test]
    fn many_instances_are_counted_not_listed() {
        let mut scan = fixture::scan();
        let finding = &mut scan.findings[1];
        finding.resources = (0..8)
            .map(|i| crate::policy::FindingResource {
                address: format!("aws_s3_bucket.b[{i}]"),
                rtype: "aws_s3_bucket".into(),
                root: None,
                scope: 0,
            })
            .collect();
        let out = render(&scan, &RenderOptions::default());
        assert!(out.contains("aws_s3_bucket.b[0], aws_s3_bucket.b[1], aws_s3_bucket.b[2], aws_s3_bucket.b[3], aws_s3_bucket.b[4], and 3 more"));
    }

    #[test]
    fn access_keys_and_secret_keys_are_masked() {
        let line = r#"  AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE, secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY""#;
        let masked = mask_secrets(line);
        assert_eq!(masked.len(), line.len());
        assert!(!masked.contains("AKIAIOSFODNN7EXAMPLE"), "{masked}");
        assert!(!masked.contains("wJalrXUtnFEMI"), "{masked}");
        assert!(masked.contains("AWS_ACCESS_KEY_ID: ********************,"));
        // Without a mention of a secret, a 40-character word (a hash) is left alone.
        let hash = "etag = \"0123456789abcdef0123456789abcdef01234567\"";
        assert_eq!(mask_secrets(hash), hash);
        assert_eq!(mask_secrets("bucket = \"x\""), "bucket = \"x\"");
    }

    #[test]
    fn a_secret_on_the_finding_line_is_not_printed() {
        let mut scan = fixture::scan();
        let file = &mut scan.project.files[scan.findings[1].file];
        let text = file.text.replacen("resource", "resource /* AKIAIOSFODNN7EXAMPLE */", 1);
        *file = crate::source::SourceFile::new(file.display.clone(), file.path.clone(), text);
        let out = render(&scan, &RenderOptions::default());
        assert!(out.contains("/* ******************** */"), "{out}");
        assert!(!out.contains("AKIAIOSFODNN7EXAMPLE"));
    }

    #[test]
    fn very_long_lines_are_located_not_printed() {
        let mut scan = fixture::scan();
        let file = &mut scan.project.files[scan.findings[1].file];
        let text = format!("{}{}", file.text.trim_end_matches('\n'), " ".repeat(5000));
        *file = crate::source::SourceFile::new(
            file.display.clone(),
            file.path.clone(),
            text.replacen('\n', &" ".repeat(2000), 1),
        );
        let out = render(&scan, &RenderOptions::default());
        assert!(out.contains("--> main.tf:1:1\n"), "{out}");
        assert!(out.contains("bytes long; not shown"), "{out}");
        assert!(out.len() < 5000);
    }

    #[test]
    fn stale_ids_do_not_panic() {
        let mut scan = fixture::scan();
        scan.findings[1].file = 99;
        scan.findings[1].policy = 99;
        scan.findings[2].span = crate::source::Span::new(10_000, 20_000);
        let out = render(&scan, &RenderOptions::default());
        assert!(out.starts_with("high[AWS-S3-002]: s3 bucket has no versioning\n"));
    }
}
