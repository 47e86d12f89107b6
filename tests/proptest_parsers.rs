//! Property tests: the YAML, JSON and HCL parsers and both evaluators never panic, on random text and
//! on mutations of the real fixtures in `testdata/`, and every span they return lies within the text
//! on character boundaries. Case counts are kept moderate so that `cargo test` stays fast in CI; the
//! fuzz targets in `fuzz/` are the long-running version of the same idea.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use palisade::eval::{Evaluated, cloudformation, terraform};
use palisade::parse;
use palisade::source::{SourceFile, Span};
use palisade::value::{Kind, Value};
use proptest::prelude::*;

/// Every fixture under `testdata/`, by extension.
static FIXTURES: LazyLock<Vec<(PathBuf, String)>> = LazyLock::new(|| {
    let mut out = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                out.push((path, text));
            }
        }
    }
    out.sort();
    out
});

fn fixtures(ext: &str) -> Vec<String> {
    let suffix = format!(".{ext}");
    FIXTURES.iter().filter(|(p, _)| p.to_string_lossy().ends_with(&suffix)).map(|(_, t)| t.clone()).collect()
}

/// Pieces of syntax that reach the interesting parser states more often than random characters do.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    ":",
    ",",
    "\"",
    "'",
    "\n",
    "  ",
    "- ",
    "? ",
    "#",
    "//",
    "/*",
    "*/",
    "&a ",
    "*a",
    "!Ref ",
    "!Sub ",
    "!GetAtt ",
    "!If ",
    "<<: ",
    "---\n",
    "...\n",
    "|\n",
    ">-\n",
    "${",
    "%{",
    "}",
    "<<EOF\n",
    "EOF\n",
    "=",
    "==",
    "?",
    "for x in ",
    "if ",
    "local.",
    "var.",
    "module.",
    "each.",
    "count.",
    "resource ",
    "module ",
    "locals ",
    "variable ",
    "\"aws_s3_bucket\" ",
    "source = \"./\"",
    "for_each = ",
    "count = ",
    "Resources",
    "AWSTemplateFormatVersion",
    "Type",
    "AWS::S3::Bucket",
    "Fn::If",
    "Condition",
    "Parameters",
    "1e999",
    "-0",
    "null",
    "true",
    "\\u00e9",
    "\\",
    "\u{e9}",
    "\u{1f512}",
    "\u{feff}",
    "\t",
    "\r\n",
    "\0",
];

fn token_soup() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(TOKENS), 0..80).prop_map(|t| t.concat())
}

fn random_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<char>(), 0..200).prop_map(String::from_iter)
}

#[derive(Clone, Debug)]
enum Mutation {
    Delete { at: f64, len: usize },
    Insert { at: f64, token: &'static str },
    Duplicate { at: f64, len: usize },
    Truncate { at: f64 },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0.0..1.0, 1usize..40).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (0.0..1.0, proptest::sample::select(TOKENS)).prop_map(|(at, token)| Mutation::Insert { at, token }),
        (0.0..1.0, 1usize..200).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        (0.0..1.0).prop_map(|at| Mutation::Truncate { at }),
    ]
}

fn boundary(text: &str, at: f64) -> usize {
    let mut i = ((text.len() as f64) * at) as usize;
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i.min(text.len())
}

fn apply(mut text: String, mutations: &[Mutation]) -> String {
    for m in mutations {
        match *m {
            Mutation::Delete { at, len } => {
                let start = boundary(&text, at);
                let end =
                    boundary(&text, ((start + len) as f64 / text.len().max(1) as f64).min(1.0)).max(start);
                text.replace_range(start..end, "");
            }
            Mutation::Insert { at, token } => {
                let i = boundary(&text, at);
                text.insert_str(i, token);
            }
            Mutation::Duplicate { at, len } => {
                let start = boundary(&text, at);
                let end =
                    boundary(&text, ((start + len) as f64 / text.len().max(1) as f64).min(1.0)).max(start);
                let piece = text[start..end].to_string();
                text.insert_str(end, &piece);
            }
            Mutation::Truncate { at } => {
                let i = boundary(&text, at);
                text.truncate(i);
            }
        }
    }
    text
}

/// A real fixture of one kind with a few mutations applied.
fn mutated(ext: &'static str) -> impl Strategy<Value = String> {
    let sources = fixtures(ext);
    assert!(!sources.is_empty(), "no .{ext} fixtures in testdata/");
    (proptest::sample::select(sources), proptest::collection::vec(mutation(), 1..6))
        .prop_map(|(text, mutations)| apply(text, &mutations))
}

fn file(name: &str, text: &str) -> SourceFile {
    SourceFile::new(name.into(), name.into(), text.into())
}

fn check_span(text: &str, span: Span, what: &str) -> Result<(), TestCaseError> {
    let (start, end) = (span.start as usize, span.end as usize);
    prop_assert!(start <= end && end <= text.len(), "{what} span {start}..{end} outside 0..{}", text.len());
    prop_assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what} span {start}..{end} splits a char"
    );
    Ok(())
}

/// Every span in a value tree, iteratively (the tree may be as deep as the parsers allow).
fn check_value(text: &str, value: &Value) -> Result<(), TestCaseError> {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        check_span(text, v.span, "value")?;
        match &v.kind {
            Kind::List(items) => stack.extend(items),
            Kind::Map(map) => {
                for (k, item) in map.iter() {
                    check_span(text, k.span, "key")?;
                    stack.push(item);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn check_evaluated(f: &SourceFile, out: &Evaluated) -> Result<(), TestCaseError> {
    for r in &out.resources {
        check_span(&f.text, r.span, "resource")?;
        check_span(&f.text, r.head, "resource head")?;
        check_value(&f.text, &r.attrs)?;
    }
    for d in &out.diagnostics {
        prop_assert!(
            d.line.is_none_or(|l| l >= 1 && l <= f.line_count()),
            "diagnostic line out of range: {d}"
        );
    }
    Ok(())
}

/// Parses as YAML or JSON, checks spans, and evaluates as CloudFormation when it parsed.
fn check_document(text: &str, json: bool) -> Result<(), TestCaseError> {
    let f = file(if json { "t.json" } else { "t.yaml" }, text);
    let parsed = if json { parse::json::parse(&f) } else { parse::yaml::parse(&f) };
    match parsed {
        Ok(doc) => {
            check_value(text, &doc)?;
            let _ = cloudformation::is_template(&doc);
            let out = cloudformation::evaluate(0, &f, &doc, &cloudformation::Parameters::default());
            check_evaluated(&f, &out)?;
        }
        Err(e) => check_span(text, e.span, "error")?,
    }
    Ok(())
}

/// Parses as HCL, and evaluates as the only file of a root module when it parsed.
fn check_hcl(text: &str) -> Result<(), TestCaseError> {
    let f = file("main.tf", text);
    match parse::terraform::parse(&f) {
        Ok(body) => {
            let files = [f];
            let parsed = [terraform::ParsedFile { file: 0, body, spans: None }];
            let out = terraform::evaluate(&files, &parsed, &terraform::Options::default());
            check_evaluated(&files[0], &out)?;
        }
        Err(e) => check_span(text, e.span, "error")?,
    }
    Ok(())
}

/// Parses as Terraform JSON syntax, and evaluates it when it parsed: every span must land in the JSON.
fn check_tf_json(text: &str) -> Result<(), TestCaseError> {
    let f = file("main.tf.json", text);
    match parse::terraform_json::parse(&f, false) {
        Ok(r) => {
            for (span, _) in &r.warnings {
                check_span(text, *span, "warning")?;
            }
            let files = [f];
            let parsed = [terraform::ParsedFile { file: 0, body: r.body, spans: Some(r.spans) }];
            let out = terraform::evaluate(&files, &parsed, &terraform::Options::default());
            check_evaluated(&files[0], &out)?;
        }
        Err(e) => check_span(text, e.span, "error")?,
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn tf_json_random(text in prop_oneof![random_text(), token_soup()]) {
        check_tf_json(&text)?;
    }

    #[test]
    fn yaml_random(text in prop_oneof![random_text(), token_soup()]) {
        check_document(&text, false)?;
    }

    #[test]
    fn json_random(text in prop_oneof![random_text(), token_soup()]) {
        check_document(&text, true)?;
    }

    #[test]
    fn hcl_random(text in prop_oneof![random_text(), token_soup()]) {
        check_hcl(&text)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn yaml_mutated_fixtures(text in mutated("yaml")) {
        check_document(&text, false)?;
    }

    #[test]
    fn json_mutated_fixtures(text in mutated("json")) {
        check_document(&text, true)?;
    }

    #[test]
    fn hcl_mutated_fixtures(text in mutated("tf")) {
        check_hcl(&text)?;
    }

    #[test]
    fn tf_json_mutated_fixtures(text in mutated("tf.json")) {
        check_tf_json(&text)?;
    }
}
