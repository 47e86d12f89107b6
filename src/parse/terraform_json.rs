//! Terraform's JSON syntax (`.tf.json`, `.tfvars.json`), rewritten into native syntax so that one
//! evaluator serves both.
//!
//! hcl-edit only takes spans from text it parsed, so the rewrite is parsed like any `.tf` file and a
//! [`SpanMap`] carries every span of the rewritten text back to the JSON token it came from: findings
//! point at lines of the `.tf.json` file, never at the rewrite.
//!
//! JSON syntax has no schema of its own, and Terraform reads it with the provider's: an object under a
//! resource may be a nested block (`versioning`) or a map argument (`tags`). Without schemas an object
//! whose keys are all identifiers becomes a block unless its name is a known map argument; the
//! evaluator gives both the same shape apart from the list around blocks, which policy paths look
//! through.

use std::fmt::Write as _;

use crate::diag::ParseError;
use crate::source::{SourceFile, Span};
use crate::value::{Kind, Map, Value};

/// Map-typed arguments of the AWS provider and of modules that would otherwise read as blocks.
const MAP_ARGUMENTS: &[&str] = &[
    "tags",
    "tags_all",
    "variables",
    "environment_variables",
    "parameters",
    "labels",
    "triggers",
    "request_parameters",
    "request_templates",
    "response_parameters",
    "response_templates",
    "stage_variables",
    "stage_tags",
    "attributes",
    "properties",
    "context",
    "metadata",
    "default_arguments",
    "connection_properties",
    "options",
    "outputs",
    "assume_role_policy",
    "policy",
];

/// Carries spans of the rewritten text back to the original JSON text.
#[derive(Debug, Default, Clone)]
pub struct SpanMap {
    /// Emitted pieces, in the order of the rewrite.
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone, Copy)]
struct Piece {
    start: u32,
    end: u32,
    orig: Span,
    /// The piece is the original text byte for byte, so offsets inside it carry over (a span inside a
    /// string's interpolation). Otherwise (escapes were rewritten) only the whole piece maps.
    exact: bool,
}

impl Piece {
    fn inner(self, offset: u32, whole: u32) -> u32 {
        if self.exact { self.orig.start + (offset - self.start) } else { whole }
    }
}

impl SpanMap {
    /// The original span of a span of the rewritten text.
    #[must_use]
    pub fn span(&self, span: Span) -> Span {
        let start = self.start(span.start);
        Span { start, end: self.end(span.end).max(start) }
    }

    fn start(&self, offset: u32) -> u32 {
        let i = self.pieces.partition_point(|p| p.start <= offset);
        match i.checked_sub(1).map(|i| (i, self.pieces[i])) {
            Some((_, p)) if offset < p.end => p.inner(offset, p.orig.start),
            // In text the rewrite added (indentation, `=`): the next token is what the span is about.
            Some((i, p)) => self.pieces.get(i + 1).map_or(p.orig.end, |next| next.orig.start),
            None => self.pieces.first().map_or(0, |p| p.orig.start),
        }
    }

    fn end(&self, offset: u32) -> u32 {
        let i = self.pieces.partition_point(|p| p.start < offset);
        match i.checked_sub(1).map(|i| self.pieces[i]) {
            Some(p) if offset <= p.end => p.inner(offset, p.orig.end),
            Some(p) => p.orig.end,
            None => self.pieces.first().map_or(0, |p| p.orig.start),
        }
    }
}

/// A JSON file rewritten into native syntax.
pub struct Rewritten {
    pub body: hcl_edit::structure::Body,
    pub spans: SpanMap,
    /// Parts that are not Terraform JSON syntax, skipped: (span in the original, message).
    pub warnings: Vec<(Span, String)>,
}

/// Parses a `.tf.json` file (`vars_only == false`) or a `.tfvars.json` file.
///
/// # Errors
/// A JSON syntax error, a top level that is not an object, or a rewrite native syntax rejects (an
/// unbalanced `${` in a string), located in the original text.
pub fn parse(file: &SourceFile, vars_only: bool) -> Result<Rewritten, ParseError> {
    let doc = super::json::parse(file)?;
    let Some(top) = doc.as_map() else {
        return Err(ParseError::new("Terraform JSON must be an object at the top level", doc.span));
    };
    let mut w =
        Writer { src: &file.text, out: String::new(), spans: SpanMap::default(), warnings: Vec::new() };
    if vars_only {
        for (key, value) in top.iter() {
            w.attribute(&key.name, key.span, value, Mode::Literal);
        }
    } else {
        w.top_level(top);
    }
    let body = super::terraform::parse_text(&w.out).map_err(|e| {
        let at = w.spans.span(e.span);
        ParseError::new(format!("in Terraform JSON syntax: {}", e.message), at)
    })?;
    Ok(Rewritten { body, spans: w.spans, warnings: w.warnings })
}

/// How strings are read: as templates (`"${var.x}"`), or as literal text (variable defaults, tfvars).
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Template,
    Literal,
}

/// Which arguments of a body are blocks.
#[derive(Clone, Copy, PartialEq)]
enum Body {
    /// Resources, data sources, providers and nested blocks: objects may be blocks.
    Resource,
    /// Module calls: every argument is an expression.
    Module,
}

struct Writer<'s> {
    src: &'s str,
    out: String,
    spans: SpanMap,
    warnings: Vec<(Span, String)>,
}

impl Writer<'_> {
    fn filler(&mut self, text: &str) {
        self.out.push_str(text);
    }

    fn mapped(&mut self, text: &str, orig: Span) {
        let start = u32::try_from(self.out.len()).unwrap_or(u32::MAX);
        self.out.push_str(text);
        let end = u32::try_from(self.out.len()).unwrap_or(u32::MAX);
        let exact = self.src.get(orig.range()) == Some(text);
        self.spans.pieces.push(Piece { start, end, orig, exact });
    }

    fn warn(&mut self, span: Span, message: impl Into<String>) {
        self.warnings.push((span, message.into()));
    }

    fn top_level(&mut self, top: &Map) {
        for (key, value) in top.iter() {
            match key.name.as_str() {
                "resource" | "data" => self.labelled(&key.name, value, 2, &mut Vec::new(), Body::Resource),
                "provider" => self.labelled("provider", value, 1, &mut Vec::new(), Body::Resource),
                "module" => self.labelled("module", value, 1, &mut Vec::new(), Body::Module),
                "variable" => self.each_labelled("variable", value, &mut |w, name, key_span, body| {
                    w.variable(name, key_span, body);
                }),
                "output" => self.each_labelled("output", value, &mut |w, name, key_span, body| {
                    w.output(name, key_span, body);
                }),
                "locals" => self.locals(value),
                // `terraform`, `moved`, `import`, `check` and comments hold nothing the scan reads.
                _ => {}
            }
        }
    }

    /// `{"LABEL": {...}}` (or a list of such objects), calling `f` for each labelled object; `"//"`
    /// keys are comments. `ident` names the block kind in the warning for a value of another shape.
    fn each_labelled(
        &mut self,
        ident: &str,
        value: &Value,
        f: &mut dyn FnMut(&mut Self, &str, Span, &Value),
    ) {
        for group in objects(value) {
            let Some(map) = group.as_map() else {
                self.warn(group.span, format!("`{ident}` expects an object keyed by label; skipped"));
                continue;
            };
            for (key, inner) in map.iter().filter(|(key, _)| key.name != "//") {
                for inner in objects(inner) {
                    f(self, &key.name, key.span, inner);
                }
            }
        }
    }

    /// `"resource": {"TYPE": {"NAME": {...}}}`: one block per innermost object, its labels the keys on
    /// the way. The block's keyword maps to the last label, so the declaration points at the name.
    fn labelled(
        &mut self,
        ident: &str,
        value: &Value,
        depth: usize,
        labels: &mut Vec<(String, Span)>,
        body: Body,
    ) {
        if depth == 0 {
            for object in objects(value) {
                self.block(ident, labels, object, body);
            }
            return;
        }
        self.each_labelled(ident, value, &mut |w, label, span, inner| {
            labels.push((label.to_string(), span));
            w.labelled(ident, inner, depth - 1, labels, body);
            labels.pop();
        });
    }

    fn block(&mut self, ident: &str, labels: &[(String, Span)], object: &Value, body: Body) {
        let Some(map) = object.as_map() else {
            self.warn(object.span, format!("a `{ident}` block must be an object; skipped"));
            return;
        };
        let head = labels.last().map_or(object.span, |(_, span)| *span);
        self.mapped(ident, head);
        for (label, span) in labels {
            self.filler(" ");
            self.mapped(&quote(label, Mode::Literal), *span);
        }
        self.open(object);
        self.body(map, body);
        self.close(object);
    }

    fn open(&mut self, object: &Value) {
        self.filler(" ");
        self.mapped("{", Span { start: object.span.start, end: object.span.start.saturating_add(1) });
        self.filler("\n");
    }

    fn close(&mut self, object: &Value) {
        self.mapped("}", Span { start: object.span.end.saturating_sub(1), end: object.span.end });
        self.filler("\n");
    }

    fn body(&mut self, map: &Map, kind: Body) {
        for (key, value) in map.iter() {
            let name = key.name.as_str();
            match name {
                // Provisioners run at apply time; their commands are not the resource's configuration.
                "//" | "provisioner" | "connection" => {}
                "dynamic" if kind == Body::Resource => self.dynamic(value),
                "depends_on" | "provider" => self.references(name, key.span, value),
                _ if kind == Body::Resource && is_block(name, value) => {
                    for object in objects(value) {
                        self.nested_block(name, key.span, object);
                    }
                }
                _ => self.attribute(name, key.span, value, Mode::Template),
            }
        }
    }

    /// `NAME { ... }` inside a resource, from an object.
    fn nested_block(&mut self, name: &str, key_span: Span, object: &Value) {
        self.mapped(name, key_span);
        self.open(object);
        if let Some(inner) = object.as_map() {
            self.body(inner, Body::Resource);
        }
        self.close(object);
    }

    /// `"dynamic": {"ingress": {"for_each": ..., "iterator": "rule", "content": {...}}}`.
    fn dynamic(&mut self, value: &Value) {
        self.each_labelled("dynamic", value, &mut |w, block_type, key_span, spec| {
            let Some(spec_map) = w.labelled_header("dynamic", block_type, key_span, spec) else { return };
            for (key, value) in spec_map.iter() {
                match key.name.as_str() {
                    "content" => {
                        for content in objects(value) {
                            w.nested_block("content", key.span, content);
                        }
                    }
                    "iterator" => w.references("iterator", key.span, value),
                    "for_each" | "labels" => w.attribute(&key.name, key.span, value, Mode::Template),
                    _ => {}
                }
            }
            w.close(spec);
        });
    }

    /// `KEYWORD "LABEL" {` for a block given as an object; `None`, with a warning, when it is not one.
    fn labelled_header<'v>(
        &mut self,
        keyword: &str,
        label: &str,
        key_span: Span,
        body: &'v Value,
    ) -> Option<&'v Map> {
        let Some(map) = body.as_map() else {
            self.warn(body.span, format!("a `{keyword}` block must be an object; skipped"));
            return None;
        };
        self.mapped(keyword, key_span);
        self.filler(" ");
        self.mapped(&quote(label, Mode::Literal), key_span);
        self.open(body);
        Some(map)
    }

    fn variable(&mut self, name: &str, key_span: Span, body: &Value) {
        let Some(map) = self.labelled_header("variable", name, key_span, body) else { return };
        for (key, value) in map.iter() {
            match key.name.as_str() {
                // A default is a literal value: `${` in it is text, as Terraform reads it.
                "default" => self.attribute("default", key.span, value, Mode::Literal),
                // The type is an expression written as a string: `"list(string)"`.
                "type" => self.references("type", key.span, value),
                _ => {}
            }
        }
        self.close(body);
    }

    fn output(&mut self, name: &str, key_span: Span, body: &Value) {
        let Some(map) = self.labelled_header("output", name, key_span, body) else { return };
        if let Some((key, value)) = map.entry("value") {
            self.attribute("value", key.span, value, Mode::Template);
        }
        self.close(body);
    }

    fn locals(&mut self, value: &Value) {
        for object in objects(value) {
            let Some(map) = object.as_map() else {
                self.warn(object.span, "`locals` must be an object; skipped");
                continue;
            };
            self.filler("locals");
            self.open(object);
            for (key, value) in map.iter() {
                if key.name != "//" {
                    self.attribute(&key.name, key.span, value, Mode::Template);
                }
            }
            self.close(object);
        }
    }

    fn attribute(&mut self, name: &str, key_span: Span, value: &Value, mode: Mode) {
        if !is_identifier(name) {
            self.warn(key_span, format!("`{name}` is not a valid argument name; skipped"));
            return;
        }
        self.mapped(name, key_span);
        self.filler(" = ");
        self.expr(value, mode);
        self.filler("\n");
    }

    /// Arguments whose strings are expressions, not templates: `depends_on`, `provider`, a variable's
    /// `type`, a dynamic block's `iterator`. A string that does not parse as an expression is skipped.
    fn references(&mut self, name: &str, key_span: Span, value: &Value) {
        let parses = |s: &str| hcl_edit::parser::parse_expr(s).is_ok() && !s.contains(['\n', '#']);
        let items: Vec<&Value> = match &value.kind {
            Kind::List(items) => items.iter().collect(),
            _ => vec![value],
        };
        if !items.iter().all(|v| v.as_str().is_some_and(parses)) {
            self.warn(value.span, format!("`{name}` must hold references written as strings; skipped"));
            return;
        }
        self.mapped(name, key_span);
        self.filler(" = ");
        let list = matches!(value.kind, Kind::List(_));
        if list {
            self.filler("[");
        }
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.filler(", ");
            }
            // The expression without the JSON quotes around it.
            let inner = Span {
                start: item.span.start + 1,
                end: item.span.end.saturating_sub(1).max(item.span.start + 1),
            };
            self.mapped(item.as_str().unwrap_or_default(), inner);
        }
        if list {
            self.filler("]");
        }
        self.filler("\n");
    }

    fn expr(&mut self, value: &Value, mode: Mode) {
        match &value.kind {
            // JSON has no unknown values; the arm is for completeness.
            Kind::Null | Kind::Unknown(_) => self.mapped("null", value.span),
            Kind::Bool(b) => self.mapped(if *b { "true" } else { "false" }, value.span),
            Kind::Number(_) => {
                let text = self.src.get(value.span.range()).unwrap_or("0").to_string();
                self.mapped(&text, value.span);
            }
            Kind::String(s) => self.mapped(&quote(s, mode), value.span),
            Kind::List(items) => {
                self.mapped("[", Span { start: value.span.start, end: value.span.start.saturating_add(1) });
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.filler(", ");
                    }
                    self.expr(item, mode);
                }
                self.mapped("]", Span { start: value.span.end.saturating_sub(1), end: value.span.end });
            }
            Kind::Map(map) => {
                self.mapped("{", Span { start: value.span.start, end: value.span.start.saturating_add(1) });
                for (i, (key, item)) in map.iter().enumerate() {
                    self.filler(if i > 0 { ",\n" } else { "\n" });
                    // Keys are text: a key that looks like an interpolation stays a key.
                    self.mapped(&quote(&key.name, Mode::Literal), key.span);
                    self.filler(" = ");
                    self.expr(item, mode);
                }
                self.filler("\n");
                self.mapped("}", Span { start: value.span.end.saturating_sub(1), end: value.span.end });
            }
        }
    }
}

/// A value that is a list stands for each of its items.
fn objects(value: &Value) -> Vec<&Value> {
    match &value.kind {
        Kind::List(items) => items.iter().collect(),
        _ => vec![value],
    }
}

/// An object (or a non-empty list of objects) whose keys are all identifiers reads as nested blocks.
fn is_block(name: &str, value: &Value) -> bool {
    // `for_each` takes a map; the other meta-arguments are handled before this.
    if name == "for_each" || MAP_ARGUMENTS.contains(&name) || !is_identifier(name) {
        return false;
    }
    let block_like = |v: &Value| {
        v.as_map().is_some_and(|m| m.iter().all(|(k, _)| k.name == "//" || is_identifier(&k.name)))
    };
    match &value.kind {
        Kind::Map(_) => block_like(value),
        Kind::List(items) => !items.is_empty() && items.iter().all(block_like),
        _ => false,
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// A native-syntax quoted string with the same content. Literal text escapes `${` and `%{`.
fn quote(text: &str, mode: Mode) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if mode == Mode::Literal && chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
