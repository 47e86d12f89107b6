//! YAML (CloudFormation templates, policy files, config) into a spanned [`Value`], with
//! CloudFormation short-form tags (`!Ref x`) normalised to their long form (`{"Ref": x}`).
//!
//! Built on saphyr's event stream rather than its loader: the loader recurses per nesting level and
//! expands aliases without a limit, while events let the tree be built with an explicit stack, a depth
//! limit and an alias budget, and they carry the tags and positions this module needs.

use crate::collections::HashMap;
use std::borrow::Cow;

use saphyr_parser::{Event, Parser, ScalarStyle, Tag};

use crate::diag::ParseError;
use crate::source::{SourceFile, Span};
use crate::value::{Key, Kind, Map, Value, format_number};

/// Deepest nesting of lists and maps accepted in YAML and JSON. Real templates stay far below; the limit
/// exists so hostile input cannot exhaust the stack of any recursive walk over the tree.
pub const MAX_DEPTH: usize = 200;

/// Short-form tags that become `Fn::<name>`. `!Ref`, `!Condition` and `!GetAtt` are handled apart.
const FN_TAGS: &[&str] = &[
    "Sub",
    "If",
    "Join",
    "Select",
    "Split",
    "FindInMap",
    "Base64",
    "Cidr",
    "GetAZs",
    "ImportValue",
    "Equals",
    "And",
    "Or",
    "Not",
    "Transform",
    "Length",
    "ToJsonString",
];

const CORE_SCHEMA: &str = "tag:yaml.org,2002:";

/// Parses the first YAML document of a file. An empty file is `null`.
///
/// # Errors
/// A syntax error, nesting deeper than [`MAX_DEPTH`], or aliases that expand past the budget, with the
/// span where it was found.
pub fn parse(file: &SourceFile) -> Result<Value, ParseError> {
    match parse_text(&file.text) {
        Err(err) if is_flow_indentation(&err) => {
            let quoted = err.message.ends_with("quoted scalar");
            parse_leniently(&file.text, err.span.start as usize, quoted).ok_or(err)
        }
        other => other,
    }
}

/// The re-parses [`parse_leniently`] may spend, in bytes of text parsed again: it stays a small multiple
/// of an ordinary file, never of the largest accepted one.
const LENIENT_BUDGET: usize = 16 << 20;

/// saphyr rejects a line inside a flow collection or quoted scalar that is indented less than the
/// block around it (a closing `]` under its key). libyaml and PyYAML, and so CloudFormation and
/// cfn-lint, accept it, and AWS's own sample templates rely on it.
fn is_flow_indentation(err: &ParseError) -> bool {
    err.message == "invalid indentation" || err.message == "invalid indentation in quoted scalar"
}

/// Inside a flow collection a line break is only a separator, and inside a quoted scalar it folds into
/// a space: replacing breaks with spaces keeps every byte offset (so spans stay true) and takes the
/// indentation check away. Repeated for each offending line or scalar, within a budget.
fn parse_leniently(text: &str, mut at: usize, mut quoted: bool) -> Option<Value> {
    let mut text = text.to_string();
    let tries = (LENIENT_BUDGET / text.len().max(1)).min(32);
    for _ in 0..tries {
        if quoted {
            // saphyr points at the opening quote: every break up to the closing one goes.
            let end = closing_quote(&text, at)?;
            let joined: String =
                text[at..end].chars().map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c }).collect();
            text.replace_range(at..end, &joined);
        } else {
            // saphyr points at the under-indented token: the break before it goes.
            let newline = text.get(..at)?.rfind('\n')?;
            let line_start = text[..newline].rfind('\n').map_or(0, |i| i + 1);
            // A comment on the line above would swallow the joined line.
            if text[line_start..newline].contains('#') {
                return None;
            }
            let from = if text[..newline].ends_with('\r') { newline - 1 } else { newline };
            text.replace_range(from..=newline, &" ".repeat(newline + 1 - from));
        }
        match parse_text(&text) {
            Ok(value) => return Some(value),
            Err(err) if is_flow_indentation(&err) => {
                quoted = err.message.ends_with("quoted scalar");
                at = err.span.start as usize;
            }
            Err(_) => return None,
        }
    }
    None
}

/// The offset just past the quote that closes the quoted scalar opening at `open`.
fn closing_quote(text: &str, open: usize) -> Option<usize> {
    let quote = *text.as_bytes().get(open)?;
    let bytes = text.as_bytes();
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

fn parse_text(text: &str) -> Result<Value, ParseError> {
    let mut builder = Builder::new(text);
    let mut parser = Parser::new_from_str(text);
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| builder.scan_error(&e))?;
        match event {
            Event::Scalar(value, style, anchor, tag) => builder.scalar(&value, style, anchor, tag, span),
            Event::SequenceStart(anchor, tag) => builder.start(anchor, tag, span, false)?,
            Event::MappingStart(anchor, tag) => builder.start(anchor, tag, span, true)?,
            Event::SequenceEnd | Event::MappingEnd => builder.end(span)?,
            Event::Alias(id) => builder.alias(id, span)?,
            // Only the first document is used; later ones are not even parsed.
            Event::DocumentEnd if builder.root.is_some() => break,
            Event::StreamEnd => break,
            _ => {}
        }
    }
    Ok(builder.root.unwrap_or_else(|| Value::null(Span::new(0, 0))))
}

/// Converts saphyr's character indices to byte offsets. Events arrive almost in text order, so a cursor
/// that walks forwards (and, rarely, back) costs little in total, unlike a per-line scan for each node.
struct Positions<'a> {
    text: &'a str,
    ascii: bool,
    chars: usize,
    bytes: usize,
}

impl<'a> Positions<'a> {
    fn new(text: &'a str) -> Self {
        Positions { text, ascii: text.is_ascii(), chars: 0, bytes: 0 }
    }

    fn byte(&mut self, index: usize) -> usize {
        if self.ascii {
            return index.min(self.text.len());
        }
        while self.chars < index {
            let Some(c) = self.text.get(self.bytes..).and_then(|rest| rest.chars().next()) else {
                return self.text.len();
            };
            self.bytes += c.len_utf8();
            self.chars += 1;
        }
        while self.chars > index {
            let Some(c) = self.text.get(..self.bytes).and_then(|before| before.chars().next_back()) else {
                break;
            };
            self.bytes -= c.len_utf8();
            self.chars -= 1;
        }
        self.bytes
    }

    /// A byte span without the trailing whitespace saphyr includes after block scalars and flow ends.
    fn span(&mut self, span: saphyr_parser::Span) -> Span {
        let start = self.byte(span.start.index());
        let mut end = self.byte(span.end.index()).max(start);
        let bytes = self.text.as_bytes();
        while end > start && bytes.get(end - 1).is_some_and(u8::is_ascii_whitespace) {
            end -= 1;
        }
        Span::new(start, end)
    }
}

struct Frame {
    start: usize,
    end: usize,
    tag: Option<Tag>,
    anchor: usize,
    nodes_before: usize,
    body: Body,
}

enum Body {
    List(Vec<Value>),
    Map { map: Map, key: Option<Key> },
}

struct Builder<'a> {
    text: &'a str,
    positions: Positions<'a>,
    stack: Vec<Frame>,
    /// Anchored nodes by saphyr's anchor id, with their size in nodes for the alias budget.
    anchors: HashMap<usize, (Value, usize)>,
    nodes: usize,
    budget: usize,
    root: Option<Value>,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str) -> Self {
        Builder {
            text,
            positions: Positions::new(text),
            stack: Vec::new(),
            anchors: HashMap::default(),
            nodes: 0,
            // Nodes after alias expansion: at most one per byte of the file, which a file without
            // aliases cannot exceed either (every node takes a byte or more). At 20 per byte, a 1 MB
            // file of aliases took 1.2 GB of memory.
            budget: 100_000usize.max(text.len()),
            root: None,
        }
    }

    fn scan_error(&mut self, error: &saphyr_parser::ScanError) -> ParseError {
        let start = self.positions.byte(error.marker().index());
        let end = self
            .text
            .get(start..)
            .and_then(|rest| rest.chars().next())
            .map_or(start, |c| start + c.len_utf8());
        let message = if error.info() == "recursion limit exceeded" {
            format!("nesting deeper than {MAX_DEPTH} levels")
        } else {
            error.info().to_string()
        };
        ParseError::new(message, Span::new(start, end))
    }

    fn in_key_position(&self) -> bool {
        matches!(self.stack.last(), Some(Frame { body: Body::Map { key: None, .. }, .. }))
    }

    fn scalar(
        &mut self,
        value: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<Cow<'_, Tag>>,
        span: saphyr_parser::Span,
    ) {
        let node_span = self.positions.span(span);
        let tag = tag.map(Cow::into_owned);
        let nodes_before = self.nodes;
        self.nodes += 1;
        let value = if self.in_key_position() {
            // Keys are names: `true:` or `1.0:` keep the text they were written with.
            Value::string(value, node_span)
        } else {
            let kind = resolve_scalar(value, style, tag.as_ref());
            self.apply_tag(
                tag.as_ref(),
                Value::new(kind, self.inner_span(node_span, tag.as_ref())),
                node_span,
            )
        };
        self.finish(value, anchor, nodes_before);
    }

    fn start(
        &mut self,
        anchor: usize,
        tag: Option<Cow<'_, Tag>>,
        span: saphyr_parser::Span,
        is_map: bool,
    ) -> Result<(), ParseError> {
        let span = self.positions.span(span);
        if self.stack.len() >= MAX_DEPTH {
            return Err(ParseError::new(format!("nesting deeper than {MAX_DEPTH} levels"), span));
        }
        let body = if is_map { Body::Map { map: Map::default(), key: None } } else { Body::List(Vec::new()) };
        self.stack.push(Frame {
            start: span.start as usize,
            end: span.end as usize,
            tag: tag.map(Cow::into_owned),
            anchor,
            nodes_before: self.nodes,
            body,
        });
        self.nodes += 1;
        Ok(())
    }

    fn end(&mut self, span: saphyr_parser::Span) -> Result<(), ParseError> {
        let end_span = self.positions.span(span);
        let Some(frame) = self.stack.pop() else {
            return Err(ParseError::new("unbalanced end of collection", end_span));
        };
        // Flow collections end at their bracket; block ones have an empty end event placed at the next
        // token, so they end with their last child instead.
        let mut end = frame.end;
        if end_span.end > end_span.start {
            end = end.max(end_span.end as usize);
        }
        let node_span = Span::new(frame.start, end);
        let kind = match frame.body {
            Body::List(items) => Kind::List(items),
            Body::Map { mut map, key } => {
                if let Some(key) = key {
                    map.insert(key, Value::null(end_span));
                }
                Kind::Map(map)
            }
        };
        let inner = Value::new(kind, self.inner_span(node_span, frame.tag.as_ref()));
        let value = self.apply_tag(frame.tag.as_ref(), inner, node_span);
        self.finish(value, frame.anchor, frame.nodes_before);
        Ok(())
    }

    fn alias(&mut self, id: usize, span: saphyr_parser::Span) -> Result<(), ParseError> {
        let span = self.positions.span(span);
        let Some((value, size)) = self.anchors.get(&id) else {
            return Err(ParseError::new("alias to an unknown anchor", span));
        };
        if self.nodes.saturating_add(*size) > self.budget {
            return Err(ParseError::new("YAML alias expansion exceeds the limit (alias bomb?)", span));
        }
        self.nodes += size;
        let mut value = value.clone();
        // The alias site is where the value is used; inner spans still point at the anchored text.
        value.span = span;
        self.push(value);
        Ok(())
    }

    fn finish(&mut self, value: Value, anchor: usize, nodes_before: usize) {
        if anchor != 0 {
            let size = self.nodes - nodes_before;
            self.anchors.insert(anchor, (value.clone(), size));
        }
        self.push(value);
    }

    fn push(&mut self, value: Value) {
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(value);
            return;
        };
        frame.end = frame.end.max(value.span.end as usize);
        match &mut frame.body {
            Body::List(items) => items.push(value),
            Body::Map { map, key } => match key.take() {
                Some(key) => map.insert(key, value),
                None => *key = Some(Key { name: key_name(&value), span: value.span }),
            },
        }
    }

    /// The span of a tag when the node text starts with it (an anchor may come first).
    fn tag_span(&self, node: Span, tag: &Tag) -> Option<Span> {
        let rest = self.text.get(node.start as usize..)?;
        let written = rest.strip_prefix(tag.handle.as_str())?;
        written.starts_with(tag.suffix.as_str()).then(|| {
            Span::new(node.start as usize, node.start as usize + tag.handle.len() + tag.suffix.len())
        })
    }

    /// The node without its leading tag, for the value inside a normalised `{"Fn::X": value}`.
    fn inner_span(&self, node: Span, tag: Option<&Tag>) -> Span {
        let Some(tag_span) = tag.and_then(|t| self.tag_span(node, t)) else {
            return node;
        };
        let mut start = tag_span.end as usize;
        let bytes = self.text.as_bytes();
        while start < node.end as usize && bytes.get(start).is_some_and(u8::is_ascii_whitespace) {
            start += 1;
        }
        Span::new(start, node.end as usize)
    }

    fn apply_tag(&self, tag: Option<&Tag>, mut inner: Value, node: Span) -> Value {
        let Some(tag) = tag else {
            return inner;
        };
        let name = match (tag.handle.as_str(), tag.suffix.as_str()) {
            ("!", "Ref") => "Ref".to_string(),
            ("!", "Condition") => "Condition".to_string(),
            ("!", "GetAtt") => {
                inner = split_get_att(self.text, inner);
                "Fn::GetAtt".to_string()
            }
            ("!", suffix) if FN_TAGS.contains(&suffix) => format!("Fn::{suffix}"),
            _ => {
                // Unknown tags (`!Rain::Module`, `!!map`) leave the value as if untagged.
                inner.span = node;
                return inner;
            }
        };
        let key = Key { name, span: self.tag_span(node, tag).unwrap_or(node) };
        Value::new(Kind::Map(Map { entries: vec![(key, inner)] }), node)
    }
}

/// `!GetAtt Bucket.Arn` is `["Bucket", "Arn"]`; only the first dot splits, as attribute names such as
/// `Endpoint.Address` contain dots themselves.
fn split_get_att(text: &str, inner: Value) -> Value {
    let Kind::String(s) = &inner.kind else {
        return inner;
    };
    let span = inner.span;
    // Sub-spans are exact only when the scalar is written as is (not quoted or folded).
    let verbatim = text.get(span.range()) == Some(s.as_str());
    let part = |from: usize, to: usize| {
        if verbatim { Span::new(span.start as usize + from, span.start as usize + to) } else { span }
    };
    let items = match s.split_once('.') {
        Some((resource, attribute)) => vec![
            Value::string(resource, part(0, resource.len())),
            Value::string(attribute, part(resource.len() + 1, s.len())),
        ],
        None => vec![Value::string(s.as_str(), span)],
    };
    Value::new(Kind::List(items), span)
}

fn key_name(value: &Value) -> String {
    match &value.kind {
        Kind::String(s) => s.clone(),
        Kind::Null => String::new(),
        _ => value.scalar_text().unwrap_or_else(|| value.to_string()),
    }
}

/// Plain scalars resolve as CloudFormation reads them; anything quoted or block-styled is a string.
fn resolve_scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Kind {
    let core = tag.filter(|t| t.handle == CORE_SCHEMA).map(|t| t.suffix.as_str());
    if style != ScalarStyle::Plain || core == Some("str") {
        return Kind::String(text.to_string());
    }
    match text {
        "true" | "True" | "TRUE" => Kind::Bool(true),
        "false" | "False" | "FALSE" => Kind::Bool(false),
        "" | "~" | "null" | "Null" | "NULL" => Kind::Null,
        _ => plain_number(text).map_or_else(|| Kind::String(text.to_string()), Kind::Number),
    }
}

/// A number only when printing it back gives the same text: `1.10`, `0123`, `1e3` and `+1` stay strings
/// so that versions, zero-padded ids and the like are not altered.
fn plain_number(text: &str) -> Option<f64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = digits.split_once('.').map_or((digits, None), |(i, f)| (i, Some(f)));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
        return None;
    }
    let n: f64 = text.parse().ok()?;
    (format_number(n) == text).then_some(n)
}

#[cfg(test)]
mod tests;
