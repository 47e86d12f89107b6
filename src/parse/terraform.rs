//! Terraform native syntax (`.tf`, `.tfvars`) via hcl-edit, which keeps byte spans on every node.

use crate::diag::ParseError;
use crate::source::{SourceFile, Span};

/// Deeper bracket nesting than this is rejected before parsing, with the bracket's location. It is the
/// limit of our hcl-edit (vendor/hcl-edit), which Terraform's 1,000 levels fit in; the pre-scan keeps
/// the guarantee, and the error's location, whatever hcl-edit does.
pub const MAX_NESTING: usize = 1024;

/// hcl-edit's recursive descent takes up to 24 KiB of stack per nesting level in a debug build and
/// 10 KiB in a release build (measured with arrays, objects, calls, templates, blocks, conditionals
/// and unary operators nested 1,000 deep), and it nests without brackets too (`!!!x`, `a ? b : c ?
/// …`), so no cheap pre-scan bounds its depth. Every file is therefore parsed on a thread of a pool
/// whose stacks have room for [`MAX_NESTING`] levels at twice the debug cost; a stack is reserved, not
/// touched. The threads live as long as the process: a fresh thread per file cost the allocator a
/// fresh heap each time, and the kernel zeroed its pages, which doubled the time of a scan.
const PARSE_STACK: usize = 64 << 20;

/// The parser threads, made on first use, as many as the pool that first asks has.
fn parse_pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("hcl-parse-{i}"))
            .stack_size(PARSE_STACK)
            .num_threads(rayon::current_num_threads().max(1))
            .build()
            .ok()
    })
    .as_ref()
}

/// Runs `work` on the parser's threads, where parsing needs no hand-over (and rayon's parallel
/// iterators inside `work` use them too); here when they could not be made.
pub fn on_parse_threads<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    match parse_pool() {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// A file's syntax tree, and the warnings about what Terraform accepts but is likely a mistake.
pub struct Parsed {
    pub body: hcl_edit::structure::Body,
    pub warnings: Vec<(Span, String)>,
}

/// Parses one HCL file.
///
/// # Errors
/// A syntax error, with the span where it was found.
pub fn parse(file: &SourceFile) -> Result<hcl_edit::structure::Body, ParseError> {
    parse_with_warnings(file).map(|parsed| parsed.body)
}

/// Parses one HCL file, with a warning at each object key that repeats an earlier key of the same
/// object: Terraform keeps the last one, and so does the tree returned.
///
/// # Errors
/// A syntax error, with the span where it was found.
pub fn parse_with_warnings(file: &SourceFile) -> Result<Parsed, ParseError> {
    // A byte order mark becomes three spaces so that every span still indexes the original text.
    let replaced;
    let text = if let Some(rest) = file.text.strip_prefix('\u{feff}') {
        replaced = format!("   {rest}");
        replaced.as_str()
    } else {
        file.text.as_str()
    };
    let (body, duplicates) = parse_hcl(text)?;
    let warnings = duplicates
        .into_iter()
        .map(|range| {
            let key = text.get(range.clone()).unwrap_or_default().trim_end();
            let span = Span::new(range.start, range.start + key.len());
            (span, format!("key {} is repeated in this object; the last one is used", name(key)))
        })
        .collect();
    Ok(Parsed { body, warnings })
}

/// Parses HCL text (the file's, or Terraform JSON rewritten into native syntax).
///
/// # Errors
/// A syntax error, with the span where it was found.
pub fn parse_text(text: &str) -> Result<hcl_edit::structure::Body, ParseError> {
    parse_hcl(text).map(|(body, _)| body)
}

type Duplicates = Vec<std::ops::Range<usize>>;

fn parse_hcl(text: &str) -> Result<(hcl_edit::structure::Body, Duplicates), ParseError> {
    if let Some(offset) = too_deep(text) {
        return Err(ParseError::new(
            format!("brackets nested deeper than {MAX_NESTING} levels"),
            Span::new(offset, offset + 1),
        ));
    }
    let parse = || {
        hcl_edit::parser::parse_body_with_duplicates(text).map_err(|err| {
            let offset = err.location().offset().min(text.len());
            let end = text[offset..].chars().next().map_or(offset, |c| offset + c.len_utf8());
            ParseError::new(err.message().to_string(), Span::new(offset, end))
        })
    };
    let guarded = || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(parse))
            .unwrap_or_else(|_| Err(ParseError::new("the HCL parser failed on this file", Span::new(0, 0))))
    };
    match parse_pool() {
        Some(pool) if pool.current_thread_index().is_some() => guarded(),
        // A worker of another pool waiting for the parser's would run that pool's other jobs on its
        // own small stack meanwhile, each of which may wait for a parse in turn: nested deep enough,
        // that ends the process. A thread of its own waits without running anything.
        Some(_) if rayon::current_thread_index().is_some() => on_own_thread(guarded),
        Some(pool) => pool.install(guarded),
        // Parsing here instead could overflow this thread's stack, which ends the process.
        None => Err(ParseError::new("no thread to parse this file", Span::new(0, 0))),
    }
}

/// Runs `work` on a new thread with the parser's stack, and waits for it.
fn on_own_thread<T: Send>(work: impl FnOnce() -> Result<T, ParseError> + Send) -> Result<T, ParseError> {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new().name("hcl-parse".into()).stack_size(PARSE_STACK);
        match thread.spawn_scoped(scope, work) {
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                Err(ParseError::new("the HCL parser failed on this file", Span::new(0, 0)))
            }),
            Err(e) => Err(ParseError::new(format!("no thread to parse this file: {e}"), Span::new(0, 0))),
        }
    })
}

/// An object key as printed in a warning: a plain name in backticks, anything else quoted.
fn name(key: &str) -> String {
    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        format!("`{key}`")
    } else {
        crate::escape::quote(key)
    }
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
            assert_eq!(err.span, Span::new(4 + MAX_NESTING, 5 + MAX_NESTING));
        }
        // Nesting without brackets is hcl-edit's to refuse, still without a crash and located.
        for (text, offset) in [
            (format!("a = {}true", "!".repeat(100_000)), 4 + 1025),
            (format!("a = {}1", "true ? 1 : ".repeat(100_000)), 4 + 1024 * 11 + "true ? ".len()),
        ] {
            let err = parse(&file(&text)).unwrap_err();
            assert!(err.message.contains("at most 1024 nested levels"), "{}", err.message);
            assert_eq!(err.span.start as usize, offset, "{}", &text[..20]);
        }
        let text = format!("a = 1{}", " + 1".repeat(100_000));
        let err = parse(&file(&text)).unwrap_err();
        assert!(err.message.contains("chained binary operators"), "{}", err.message);
    }

    /// Terraform accepts 1,000 levels. The test thread has the 2 MiB stack of a rayon worker, which
    /// the parser alone would overflow at about 90 levels in a debug build; the tree is dropped here.
    #[test]
    fn terraform_depth_parses() {
        const N: usize = 1000;
        let texts = [
            format!("a = {}1{}\n", "[".repeat(N), "]".repeat(N)),
            format!("a = {}1{}\n", "{a = ".repeat(N), "}".repeat(N)),
            format!("a = {}1{}\n", "f(".repeat(N), ")".repeat(N)),
            format!("a = {}x{}\n", "\"${".repeat(N), "}\"".repeat(N)),
            format!("a = {}true\n", "!".repeat(N)),
            format!("a = {}1\n", "true ? 1 : ".repeat(N)),
            format!("{}{}\n", "b {\n".repeat(N), "}\n".repeat(N)),
        ];
        for text in texts {
            assert!(parse(&file(&text)).is_ok(), "{}", &text[..20]);
        }
    }

    #[test]
    fn a_repeated_object_key_keeps_the_last_value_and_warns_at_it() {
        use hcl_edit::expr::Expression;
        let f = file(
            "a = {\n  port = 80,\n  port   = 81\n  other = 1\n}\nb = { \"min_size\" = 1, min_size = 2 }\n",
        );
        let parsed = parse_with_warnings(&f).unwrap();
        let Some(Expression::Object(object)) = parsed.body.get_attribute("a").map(|a| &a.value) else {
            panic!("not an object")
        };
        let port = object.iter().find(|(k, _)| k.as_ident().is_some_and(|i| i.as_str() == "port"));
        assert_eq!(port.unwrap().1.expr().as_number().unwrap().as_u64(), Some(81));
        assert_eq!(object.len(), 2);
        let warnings: Vec<(usize, &str, &str)> = parsed
            .warnings
            .iter()
            .map(|(span, m)| {
                (
                    f.line_col(span.start as usize).line,
                    &f.text[span.start as usize..span.end as usize],
                    m.as_str(),
                )
            })
            .collect();
        assert_eq!(
            warnings,
            [(3, "port", "key `port` is repeated in this object; the last one is used")],
            "a quoted and a bare key are told apart by the evaluator, not the parser"
        );
        let f = file("b = { min_size = 1, min_size = 2 }\n");
        let parsed = parse_with_warnings(&f).unwrap();
        assert_eq!(
            parsed.warnings,
            [(
                Span::new(20, 28),
                "key `min_size` is repeated in this object; the last one is used".to_string()
            )]
        );
    }

    #[test]
    fn a_repeated_attribute_stays_an_error() {
        let f = file("resource \"a\" \"b\" {\n  x = 1\n  x = 2\n}\n");
        let err = parse(&f).unwrap_err();
        assert!(err.message.contains("redefined attribute"), "{}", err.message);
        assert_eq!(f.line_col(err.span.start as usize).line, 3);
    }

    #[test]
    fn tfvars_parse_the_same_way() {
        let f = file("region = \"eu-west-1\"\ntags = { a = 1 }\n");
        assert_eq!(parse(&f).unwrap().attributes().count(), 2);
    }
}
