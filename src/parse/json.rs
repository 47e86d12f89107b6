//! Strict JSON (CloudFormation templates) into a spanned [`Value`].
//!
//! CloudFormation rejects comments, trailing commas and the other JSON5 liberties, so the parser does
//! too: a template that Palisade accepts is one AWS would accept.

use jsonc_parser::ast;
use jsonc_parser::{CollectOptions, ParseOptions};

use super::yaml::MAX_DEPTH;
use crate::diag::ParseError;
use crate::source::{SourceFile, Span};
use crate::value::{Key, Kind, Map, Value};

const BOM: &str = "\u{feff}";

/// Parses one JSON document. An empty file is `null`.
///
/// # Errors
/// A syntax error or nesting deeper than [`MAX_DEPTH`], with the span where it was found.
pub fn parse(file: &SourceFile) -> Result<Value, ParseError> {
    let (base, text) = match file.text.strip_prefix(BOM) {
        Some(rest) => (BOM.len(), rest),
        None => (0, file.text.as_str()),
    };
    // jsonc-parser recurses once per level; checking first keeps hostile input away from the stack.
    check_depth(text, base)?;
    let options = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let result = jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &options).map_err(|e| {
        let range = e.range();
        ParseError::new(e.kind().to_string(), Span::new(base + range.start, base + range.end))
    })?;
    match result.value {
        Some(value) => Ok(convert(&value, base)),
        None => Ok(Value::null(Span::new(base, base))),
    }
}

/// Rejects brackets nested deeper than [`MAX_DEPTH`] outside strings, without recursing.
fn check_depth(text: &str, base: usize) -> Result<(), ParseError> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(ParseError::new(
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                        Span::new(base + i, base + i + 1),
                    ));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Depth is bounded by [`check_depth`], so recursion here is safe.
fn convert(value: &ast::Value<'_>, base: usize) -> Value {
    let span = |r: jsonc_parser::common::Range| Span::new(base + r.start, base + r.end);
    match value {
        ast::Value::StringLit(s) => Value::string(s.value.as_ref(), span(s.range)),
        ast::Value::NumberLit(n) => {
            let kind = n.value.parse().map_or_else(|_| Kind::String(n.value.to_string()), Kind::Number);
            Value::new(kind, span(n.range))
        }
        ast::Value::BooleanLit(b) => Value::new(Kind::Bool(b.value), span(b.range)),
        ast::Value::NullKeyword(n) => Value::null(span(n.range)),
        ast::Value::Array(a) => {
            Value::new(Kind::List(a.elements.iter().map(|v| convert(v, base)).collect()), span(a.range))
        }
        ast::Value::Object(o) => {
            let entries = o
                .properties
                .iter()
                .map(|p| {
                    let (name, range) = match &p.name {
                        ast::ObjectPropName::String(s) => (s.value.to_string(), s.range),
                        ast::ObjectPropName::Word(w) => (w.value.to_string(), w.range),
                    };
                    (Key { name, span: span(range) }, convert(&p.value, base))
                })
                .collect();
            Value::new(Kind::Map(Map { entries }), span(o.range))
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::source::LineCol;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("t.json".into(), "t.json".into(), text.into())
    }

    #[test]
    fn values_and_keys_carry_byte_spans() {
        let f = file(
            "\u{feff}{\n  \"Description\": \"caf\u{e9} \u{1f512}\",\n  \"Resources\": {\n    \"Bucket\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": {\"Port\": 443, \"On\": true, \"V\": \"1.10\", \"N\": null}}\n  }\n}\n",
        );
        let doc = parse(&f).unwrap();
        let (key, bucket) = doc.get("Resources").unwrap().as_map().unwrap().entry("Bucket").unwrap();
        assert_eq!(&f.text[key.span.range()], "\"Bucket\"");
        assert_eq!(f.line_col(key.span.start as usize), LineCol { line: 4, column: 5 });
        let properties = bucket.get("Properties").unwrap();
        assert_eq!(properties.get("Port").unwrap().kind, Kind::Number(443.0));
        assert_eq!(properties.get("On").unwrap().kind, Kind::Bool(true));
        assert_eq!(properties.get("V").unwrap().kind, Kind::String("1.10".into()));
        assert_eq!(properties.get("N").unwrap().kind, Kind::Null);
        let port = properties.get("Port").unwrap();
        assert_eq!(&f.text[port.span.range()], "443");
        assert_eq!(doc.get("Description").unwrap().as_str(), Some("caf\u{e9} \u{1f512}"));
        assert!(f.text[bucket.span.range()].starts_with("{\"Type\""));
        assert_eq!(parse(&file("")).unwrap().kind, Kind::Null);
    }

    #[test]
    fn strict_mode_rejects_json5_liberties_at_the_right_line() {
        let cases = [
            ("{\n  \"a\": 1, // note\n  \"b\": 2\n}", 2),
            ("{\n  \"a\": [1, 2,],\n  \"b\": 2\n}", 2),
            ("{\n  \"a\": 1,\n  \"b\": 2,\n}", 3),
            ("{\n  a: 1\n}", 2),
            ("{\n  \"a\": 'x'\n}", 2),
            ("{\n\n  \"a\": 0x10\n}", 3),
            // The missing comma is reported where it was expected, after the first value.
            ("{\n  \"a\": 1\n  \"b\": 2\n}", 2),
            ("{\"a\": 1} {}", 1),
        ];
        for (text, line) in cases {
            let f = file(text);
            let err = parse(&f).unwrap_err();
            assert_eq!(f.line_col(err.span.start as usize).line, line, "{text}: {err:?}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        for text in ["[".repeat(100_000), "{\"a\":".repeat(100_000)] {
            let err = parse(&file(&text)).unwrap_err();
            assert!(err.message.contains("nesting deeper than 200"));
            assert_eq!(err.span.start as usize, text.match_indices(['[', '{']).nth(200).unwrap().0);
        }
        let ok = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(parse(&file(&ok)).is_ok());
        // Brackets inside strings do not count.
        let strings = format!("[\"{}\\\"{}\"]", "[".repeat(300), "{".repeat(300));
        assert!(parse(&file(&strings)).is_ok());
    }
}
