//! Suppression comments: Palisade's own (`# palisade:ignore:ID reason exp:YYYY-MM-DD`,
//! `# palisade:ignore-file:ID reason`) and the peers' forms honoured for migration
//! (`#checkov:skip=ID:reason`, `#tfsec:ignore:ID`, `#trivy:ignore:ID`).
//!
//! Comments are found line by line rather than from the parsers: hcl-edit and saphyr do not keep
//! comments on the nodes we evaluate, and a line scan sees every file the same way.

use super::date::Date;
use super::{Directive, Target, Tool};
use crate::diag::Diagnostic;
use crate::source::{FileId, SourceFile};

/// Which comment syntax a file uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Syntax {
    /// `#`, `//` and `/* */`, strings in double quotes.
    Hcl,
    /// `#` after whitespace, strings in single or double quotes; `//` is not a comment (URLs).
    Yaml,
}

fn syntax(file: &SourceFile) -> Option<Syntax> {
    let name = file.path.to_string_lossy();
    if name.ends_with(".tf") || name.ends_with(".tofu") || name.ends_with(".tfvars") {
        Some(Syntax::Hcl)
    } else if file.text.trim_start().starts_with('{') {
        // JSON has no comments; a `#` inside one of its strings is not a directive.
        None
    } else {
        Some(Syntax::Yaml)
    }
}

/// Every directive holds one of these words; most files have none, and a substring search is much
/// cheaper than finding the comments of every line (memchr's, several times cheaper than `contains`).
static DIRECTIVE_WORDS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 3]> =
    std::sync::LazyLock::new(|| {
        ["palisade:", "checkov:", "ignore:"].map(|word| memchr::memmem::Finder::new(word.as_bytes()))
    });

/// Every directive written in comments of one file, with warnings for malformed ones.
pub(super) fn scan(id: FileId, file: &SourceFile, out: &mut Vec<Directive>, diags: &mut Vec<Diagnostic>) {
    let lower = file.path.to_string_lossy().to_ascii_lowercase();
    if lower.ends_with(".tf.json") || lower.ends_with(".tofu.json") {
        json_comment_keys(id, file, out, diags);
        return;
    }
    let Some(syntax) = syntax(file) else { return };
    if !DIRECTIVE_WORDS.iter().any(|word| word.find(file.text.as_bytes()).is_some()) {
        return;
    }
    let lines: Vec<&str> = file.text.lines().collect();
    let comments: Vec<Option<usize>> = lines.iter().map(|l| comment_start(l, syntax)).collect();
    // A comment-only line belongs to the first code line below it; a blank line breaks the chain.
    let is_comment_only = |i: usize| comments[i].is_some_and(|c| lines[i][..c].trim().is_empty());
    for (i, line) in lines.iter().enumerate() {
        let Some(start) = comments[i] else { continue };
        let text = &line[start..];
        if !(text.contains("palisade:") || text.contains("checkov:") || text.contains("ignore:")) {
            continue;
        }
        let line_no = i + 1;
        let target = if is_comment_only(i) {
            let below = (i + 1..lines.len()).find(|&j| !is_comment_only(j));
            match below {
                // YAML nests by indentation: a comment deeper than the code below it is the last
                // line of the block above, not a note on the next key (the next resource's id).
                Some(j) if syntax == Syntax::Yaml && indent(lines[j]) < indent(line) => {
                    let above = (0..i).rev().find(|&k| !is_comment_only(k) && !lines[k].trim().is_empty());
                    above.map_or(Target::Nothing, |k| Target::Enclosing(k + 1))
                }
                Some(j) if !lines[j].trim().is_empty() => Target::Line(j + 1),
                _ => Target::Nothing,
            }
        } else {
            Target::Line(line_no)
        };
        let found = parse_comment(text.trim_start_matches(['#', '/', '*', ' ']), target);
        place(found, (id, file, line_no), out, diags);
    }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Directives found on one line of a file, or warnings for the malformed ones.
fn place(
    found: Vec<Result<Directive, String>>,
    (id, file, line): (FileId, &SourceFile, usize),
    out: &mut Vec<Directive>,
    diags: &mut Vec<Diagnostic>,
) {
    for d in found {
        match d {
            Ok(mut directive) => {
                directive.file = id;
                directive.line = line;
                out.push(directive);
            }
            Err(message) => diags.push(Diagnostic::warning(&file.display, Some(line), None, message)),
        }
    }
}

/// Terraform JSON syntax has no comments but ignores `"//"` keys: a directive in one applies to the
/// resource whose object holds it, `"//": "palisade:ignore:AWS-S3-002 reason"`.
fn json_comment_keys(id: FileId, file: &SourceFile, out: &mut Vec<Directive>, diags: &mut Vec<Diagnostic>) {
    for (i, line) in file.text.lines().enumerate() {
        let Some(pos) = line.find("\"//\"") else { continue };
        let text = &line[pos + 4..];
        if !text.contains("palisade:ignore") {
            continue;
        }
        // The string's content: the directive's reason ends at its closing quote.
        let text = text.trim_start().trim_start_matches(':').trim_start().trim_start_matches('"');
        let text = text.rsplit_once('"').map_or(text, |(inner, _)| inner);
        place(parse_comment(text, Target::Enclosing(i + 1)), (id, file, i + 1), out, diags);
    }
}

/// The byte offset where a comment starts on this line, outside strings.
fn comment_start(line: &str, syntax: Syntax) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) => {
                if b == b'\\' && syntax == Syntax::Hcl {
                    i += 1;
                } else if b == q {
                    quote = None;
                }
            }
            None => match b {
                b'"' => quote = Some(b),
                b'\'' if syntax == Syntax::Yaml => quote = Some(b),
                b'#' if syntax == Syntax::Hcl || i == 0 || bytes[i - 1].is_ascii_whitespace() => {
                    return Some(i);
                }
                b'/' if syntax == Syntax::Hcl && matches!(bytes.get(i + 1), Some(b'/' | b'*')) => {
                    return Some(i);
                }
                _ => {}
            },
        }
        i += 1;
    }
    None
}

/// The directives in one comment's text. A comment may hold several peer directives
/// (`tfsec:ignore:a tfsec:ignore:b`), but at most one Palisade directive, whose rest is its reason.
fn parse_comment(text: &str, target: Target) -> Vec<Result<Directive, String>> {
    let mut out = Vec::new();
    if let Some(pos) = text.find("palisade:ignore") {
        out.push(palisade(&text[pos + "palisade:ignore".len()..], target));
        return out;
    }
    if let Some(pos) = text.find("checkov:skip=") {
        let rest = &text[pos + "checkov:skip=".len()..];
        let (ids, reason) = rest.split_once(':').unwrap_or((rest, ""));
        let ids = split_ids(ids.split_whitespace().next().unwrap_or(""));
        let reason = Some(reason.trim().to_string()).filter(|r| !r.is_empty());
        out.push(Ok(Directive::new(Tool::Checkov, ids, reason, None, target)));
    }
    for token in text.split_whitespace() {
        let token = token.trim_start_matches(['#', '/']);
        let rest = token.strip_prefix("tfsec:ignore:").or_else(|| token.strip_prefix("trivy:ignore:"));
        let Some(rest) = rest else { continue };
        // `aws-s3-enable-versioning:exp:2025-01-01`, `AVD-AWS-0090[bucket=logs]`.
        let (id, expires) = match rest.split_once(":exp:") {
            Some((id, date)) => {
                let Some(d) = Date::parse(date) else {
                    out.push(Err(format!("suppression `{token}`: expiry `{date}` is not a YYYY-MM-DD date")));
                    continue;
                };
                (id, Some(d))
            }
            None => (rest, None),
        };
        let id = id.split('[').next().unwrap_or(id);
        out.push(Ok(Directive::new(Tool::Tfsec, split_ids(id), None, expires, target)));
    }
    out
}

/// `:ID1,ID2 reason exp:2025-06-30` or `-file:ID reason`, after `palisade:ignore`.
fn palisade(rest: &str, target: Target) -> Result<Directive, String> {
    let (target, rest) = match rest.strip_prefix("-file:") {
        Some(rest) => (Target::File, rest),
        None => (target, rest.strip_prefix(':').ok_or("expected `palisade:ignore:<ID> <reason>`")?),
    };
    let rest = rest.trim_start();
    let (ids, tail) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let ids = split_ids(ids);
    if ids.is_empty() {
        return Err("expected a policy id after `palisade:ignore:`".to_string());
    }
    let mut expires = None;
    let mut words = Vec::new();
    for word in tail.split_whitespace() {
        match word.strip_prefix("exp:") {
            Some(date) => {
                expires = Some(Date::parse(date).ok_or_else(|| {
                    format!("suppression of {}: expiry `{date}` is not a YYYY-MM-DD date", ids.join(","))
                })?);
            }
            None => words.push(word),
        }
    }
    let reason = Some(words.join(" ")).filter(|r| !r.is_empty());
    Ok(Directive::new(Tool::Palisade, ids, reason, expires, target))
}

fn split_ids(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn directives(path: &str, text: &str) -> (Vec<Directive>, Vec<Diagnostic>) {
        let file = SourceFile::new(path.into(), path.into(), text.into());
        let (mut out, mut diags) = (Vec::new(), Vec::new());
        scan(0, &file, &mut out, &mut diags);
        (out, diags)
    }

    #[test]
    fn comment_starts_outside_strings() {
        assert_eq!(comment_start(r#"a = "x # y" # z"#, Syntax::Hcl), Some(12));
        assert_eq!(comment_start("url: https://example.com # c", Syntax::Yaml), Some(25));
        assert_eq!(comment_start("name: a#b", Syntax::Yaml), None);
        assert_eq!(comment_start("a = 1 // c", Syntax::Hcl), Some(6));
    }

    #[test]
    fn palisade_directive_with_ids_reason_and_expiry() {
        let text = "# palisade:ignore:AWS-S3-002,AWS-S3-001 public site exp:2030-01-31\n\nresource \"x\" \"y\" {\n  acl = \"a\" // palisade:ignore:AWS-S3-009\n}\n";
        let (d, diags) = directives("main.tf", text);
        assert!(diags.is_empty());
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].ids, ["AWS-S3-002", "AWS-S3-001"]);
        assert_eq!(d[0].reason.as_deref(), Some("public site"));
        assert_eq!(d[0].expires.map(|e| e.to_string()).as_deref(), Some("2030-01-31"));
        // A blank line separates the comment from the block: it targets nothing.
        assert_eq!(d[0].target, Target::Nothing);
        assert_eq!((d[1].line, d[1].target, d[1].reason.is_none()), (4, Target::Line(4), true));
    }

    #[test]
    fn peer_forms_and_bad_dates() {
        let text = "#checkov:skip=CKV_AWS_21:logs only\n#tfsec:ignore:aws-s3-enable-versioning:exp:2020-01-01 trivy:ignore:AVD-AWS-0086[x]\n# palisade:ignore:X exp:2020-02-30\nBucket:\n";
        let (d, diags) = directives("t.yaml", text);
        let summary: Vec<_> = d.iter().map(|d| (d.tool, d.ids.join(","), d.target)).collect();
        assert_eq!(
            summary,
            [
                (Tool::Checkov, "CKV_AWS_21".into(), Target::Line(4)),
                (Tool::Tfsec, "aws-s3-enable-versioning".into(), Target::Line(4)),
                (Tool::Tfsec, "AVD-AWS-0086".into(), Target::Line(4)),
            ]
        );
        assert_eq!(d[0].reason.as_deref(), Some("logs only"));
        assert_eq!(diags.len(), 1);
        assert_eq!(
            diags[0].to_string(),
            "t.yaml:3: suppression of X: expiry `2020-02-30` is not a YYYY-MM-DD date"
        );
    }

    #[test]
    fn a_yaml_comment_deeper_than_the_next_key_ends_the_block_above() {
        let text = "Resources:\n  A:\n    Type: X\n    # palisade:ignore:P end of A\n  # palisade:ignore:P above B\n  B:\n    Type: X\n";
        let (d, _) = directives("t.yaml", text);
        let targets: Vec<_> = d.iter().map(|d| (d.line, d.target)).collect();
        assert_eq!(targets, [(4, Target::Enclosing(3)), (5, Target::Line(6))]);
        // HCL is not indentation-sensitive: a comment above a closing brace targets the brace.
        let (d, _) = directives("m.tf", "resource \"x\" \"y\" {\n    # palisade:ignore:P r\n}\n");
        assert_eq!(d[0].target, Target::Line(3));
    }
}
