//! Terraform native syntax (`.tf`, `.tfvars`) via hcl-edit, which keeps byte spans on every node.

use crate::diag::ParseError;
use crate::source::{SourceFile, Span};

/// Deeper bracket nesting than this is rejected before parsing. hcl-edit has its own, lower limit;
/// this pre-scan keeps the guarantee even if a future hcl-edit relaxes it.
pub const MAX_NESTING: usize = 200;

/// Parses one HCL file.
///
/// # Errors
/// A syntax error, with the span where it was found.
pub fn parse(file: &SourceFile) -> Result<hcl_edit::structure::Body, ParseError> {
    // A byte order mark becomes three spaces so that every span still indexes the original text.
    let replaced;
    let text = if let Some(rest) = file.text.strip_prefix('\u{feff}') {
        replaced = format!("   {rest}");
        replaced.as_str()
    } else {
        file.text.as_str()
    };
    parse_text(text)
}

/// Parses HCL text (the file's, or Terraform JSON rewritten into native syntax).
///
/// # Errors
/// A syntax error, with the span where it was found.
pub fn parse_text(text: &str) -> Result<hcl_edit::structure::Body, ParseError> {
    if let Some(offset) = too_deep(text) {
        return Err(ParseError::new(
            format!("brackets nested deeper than {MAX_NESTING} levels"),
            Span::new(offset, offset + 1),
        ));
    }
    hcl_edit::parser::parse_body(text).map_err(|err| {
        let offset = err.location().offset().min(text.len());
        let end = text[offset..].chars().next().map_or(offset, |c| offset + c.len_utf8());
        ParseError::new(err.message().to_string(), Span::new(offset, end))
    })
}

/// The offset of the first bracket past [`MAX_NESTING`], counting brackets in strings and comments
/// too: a false alarm needs 200 unbalanced brackets in a string, which no real file has.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'[' | b'(' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b']' | b')' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("main.tf".into(), "main.tf".into(), text.into())
    }

    #[test]
    fn parses_blocks_and_keeps_spans() {
        let f = file("resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n");
        let body = parse(&f).unwrap();
        assert_eq!(body.blocks().count(), 1);
    }

    #[test]
    fn syntax_error_is_located() {
        let f = file("a = 1\nb = = 2\n");
        let err = parse(&f).unwrap_err();
        assert_eq!(f.line_col(err.span.start as usize).line, 2);
    }

    #[test]
    fn byte_order_mark_is_accepted_and_spans_stay_in_the_original_text() {
        use hcl_edit::Span as _;
        let f = file("\u{feff}a = \"x\"\n");
        let body = parse(&f).unwrap();
        let attr = body.get_attribute("a").unwrap();
        let span = attr.value.span().unwrap();
        assert_eq!(&f.text[span], "\"x\"");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        for open in ["[", "(", "{"] {
            let text = format!("a = {}", open.repeat(100_000));
            let err = parse(&file(&text)).unwrap_err();
            assert!(err.message.contains("nested"), "{}", err.message);
        }
        // Below the pre-scan limit hcl-edit's own limit applies, still without a crash.
        let text = format!("a = {}1{}", "[".repeat(150), "]".repeat(150));
        assert!(parse(&file(&text)).is_err());
        let text = format!("a = {}", "!".repeat(100_000));
        let _ = parse(&file(&text));
        let text = format!("a = 1{}", " + 1".repeat(100_000));
        let _ = parse(&file(&text));
    }

    #[test]
    fn tfvars_parse_the_same_way() {
        let f = file("region = \"eu-west-1\"\ntags = { a = 1 }\n");
        assert_eq!(parse(&f).unwrap().attributes().count(), 2);
    }
}
