//! The text report: one rustc-style snippet per unsuppressed finding, the parse diagnostics, and a
//! one-line summary.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use anstyle::{AnsiColor, Effects, Style};

use super::{RenderOptions, file_of, first_line, region};
use crate::diag::{DiagLevel, Diagnostic};
use crate::escape::{controls, mask_secrets, text};
use crate::policy::{Finding, Severity};
use crate::scan::Scan;

/// More addresses than this in one label stop helping; the rest are counted.
const MAX_LABEL_ADDRESSES: usize = 5;

/// Source lines longer than this (minified JSON) are not printed: the location is enough, and printing
/// a megabyte line once per finding would make the report quadratic in size.
const MAX_SNIPPET_LINE: usize = 1000;

#[must_use]
pub fn render(scan: &Scan, options: &RenderOptions) -> String {
    let renderer = if options.color { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    if let Some(notice) = super::configuration_notice(scan, str::to_string) {
        let _ = writeln!(out, "warning: {}\n", text(&notice));
    }
    for finding in scan.gated().filter(|f| f.suppression.is_none()) {
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
    if let Some(hint) = module_cache_hint(scan) {
        out.push_str(&hint);
        out.push('\n');
    }
    out
}

/// `3 module calls were not evaluated: run …`, when `terraform init` would let the scan see inside
/// modules it could not read (`--show-unknown` lists them).
#[must_use]
pub fn module_cache_hint(scan: &Scan) -> Option<String> {
    let n = scan.project.unevaluated.iter().filter(|u| u.needs_init).count();
    (n > 0).then(|| {
        let calls = if n == 1 { "module call was" } else { "module calls were" };
        format!("{n} {calls} not evaluated: run `terraform init -backend=false`")
    })
}

fn render_finding(scan: &Scan, finding: &Finding, renderer: &Renderer) -> String {
    let policy = scan.policies.get(finding.policy);
    let title = severity_level(finding.severity)
        .with_name(finding.severity.name())
        .primary_title(text(&finding.message))
        .id(finding.rule_id.as_str());
    let mut group = Group::with_title(title);

    let label = text(&addresses_label(finding)).into_owned();
    if let Some(file) = file_of(scan, finding.file) {
        // Only the finding's line goes to the renderer: handing it the whole file made every finding
        // cost the file's size.
        let region = first_line(file, finding.span);
        let start = region.start as usize;
        let line_start = file.line_start(start);
        let line = file.text[line_start..file.line_end(start).max(line_start)].trim_end_matches('\r');
        let at = file.line_col(start);
        if file.generated {
            // A plan holds values its tool marked sensitive, on the same line as anything else.
            group = group
                .element(Origin::path(text(&file.display)).line(at.line).char_column(at.column))
                .element(
                    Level::NOTE.message(format!("{label}: in a generated file; its lines are not shown")),
                );
        } else if line.len() <= MAX_SNIPPET_LINE {
            let from = (start - line_start).min(line.len());
            let to = (region.end as usize).saturating_sub(line_start).clamp(from, line.len());
            let (printed, underline) = printable_line(line, from..to);
            group = group.element(
                Snippet::source(printed)
                    .path(text(&file.display))
                    .line_start(at.line)
                    .annotation(AnnotationKind::Primary.span(underline).label(label)),
            );
        } else {
            group = group
                .element(Origin::path(text(&file.display)).line(at.line).char_column(at.column))
                .element(Level::NOTE.message(format!(
                    "{label}: line {} is {} bytes long; not shown",
                    at.line,
                    line.len()
                )));
        }
    }
    if let Some(help) = policy.map(help_text) {
        group = group.element(Level::HELP.message(text(&help).into_owned()));
    }
    for location in &finding.related {
        if let Some(file) = file_of(scan, location.file) {
            let (start, _) = region(file, location.span);
            let what = if *location == finding.origin {
                "used in the module at"
            } else {
                match finding.format {
                    crate::source::Format::CloudFormation => "in nested stack at",
                    crate::source::Format::Terraform => "in module call at",
                }
            };
            let note = format!("{what} {}:{}:{}", file.display, start.line, start.column);
            group = group.element(Level::NOTE.message(text(&note).into_owned()));
        }
    }
    renderer.render(&[group])
}

/// A source line as the snippet prints it, with the span that underlines `range` of the original:
/// secrets masked in place, then every control character but a tab escaped, which moves the span.
fn printable_line(line: &str, range: std::ops::Range<usize>) -> (String, std::ops::Range<usize>) {
    let masked = mask_secrets(line);
    let from = super::floor_boundary(&masked, range.start.min(masked.len()));
    let to = super::floor_boundary(&masked, range.end.clamp(from, masked.len()));
    let (before, inside, after) = (&masked[..from], &masked[from..to], &masked[to..]);
    let before = controls(before, true);
    let inside = controls(inside, true);
    let span = before.len()..before.len() + inside.len();
    (format!("{before}{inside}{}", controls(after, true)), span)
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
    let body = text(&diagnostic.to_string()).into_owned();
    if color {
        let style = Style::new().fg_color(Some(style.into())).effects(Effects::BOLD);
        format!("{}{name}{}: {body}", style.render(), style.render_reset())
    } else {
        format!("{name}: {body}")
    }
}

/// `3 findings (1 critical, 2 high), 1 suppressed, in 4 files; 12 resources checked, 1 file could
/// not be parsed`.
/// The report's last line (`2 findings (1 critical, 1 high) in 3 files; …`), for a run whose
/// reports all went to files.
#[must_use]
pub fn summary_line(scan: &Scan) -> String {
    summary(scan)
}

fn summary(scan: &Scan) -> String {
    let open: Vec<&Finding> = scan.gated().filter(|f| f.suppression.is_none()).collect();
    let suppressed = scan.gated().count() - open.len();
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
    if files == 0 && unparsed == 0 {
        line.push_str("nothing to scan: no Terraform or CloudFormation files were found");
    } else if open.is_empty() {
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
                construct: None,
                scope: 0,
            })
            .collect();
        let out = render(&scan, &RenderOptions::default());
        assert!(out.contains("aws_s3_bucket.b[0], aws_s3_bucket.b[1], aws_s3_bucket.b[2], aws_s3_bucket.b[3], aws_s3_bucket.b[4], and 3 more"));
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
    fn control_characters_from_the_files_never_reach_the_terminal() {
        let mut scan = fixture::scan();
        let finding = &mut scan.findings[1];
        finding.message = "bad\n::stop-commands::x".into();
        finding.resources[0].address = "aws_s3_bucket.b\u{1b}]0;x\u{7}\u{9b}2J\u{202e}".into();
        let file = &mut scan.project.files[finding.file];
        // A lone CR, ESC and a bidi override on the finding's line, before and inside the underline.
        let text = file.text.replacen("resource \"", "\r\u{1b}[8m\u{202e}resource \"\u{9b}", 1);
        *file = crate::source::SourceFile::new("dir\n::error::x/main.tf".into(), file.path.clone(), text);
        scan.project.diagnostics[0].message = "unexpected \u{1b}[2J".into();
        let out = render(&scan, &RenderOptions::default());
        for c in out.chars() {
            assert!(c == '\n' || !crate::escape::is_control(c), "{c:?} in {out}");
        }
        assert!(out.contains("high[AWS-S3-002]: bad\\n::stop-commands::x\n"), "{out}");
        assert!(out.contains(" --> dir\\n::error::x/main.tf:1:"), "{out}");
        assert!(
            out.contains("1 | \\r\\u{1b}[8m\\u{202e}resource \"\\u{9b}aws_s3_bucket\" \"b\" {\n"),
            "{out}"
        );
        // The span (bytes 0..28) now ends inside `aws_s3_bucket`; it is moved with the escapes.
        let printed = r#"\r\u{1b}[8m\u{202e}resource "\u{9b}aws_s3_b"#;
        let underline = out.lines().find(|l| l.contains("^^^")).unwrap();
        assert!(underline.starts_with(&format!("  | {} ", "^".repeat(printed.chars().count()))), "{out}");
        assert!(underline.ends_with("aws_s3_bucket.b\\u{1b}]0;x\\u{7}\\u{9b}2J\\u{202e}"), "{out}");
        assert!(out.contains("error: broken.tf:3:7: unexpected \\u{1b}[2J"), "{out}");
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
