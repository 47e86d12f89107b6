//! CloudFormation fixes spliced into the original text by span: a scalar is replaced in its own
//! quoting style, a missing key is added at the indentation (or in the flow style) of the mapping it
//! joins. Nothing else of the file is touched, short tags and comments included.

use std::fmt::Write as _;

use super::Outcome;
use crate::source::{SourceFile, Span};
use crate::value::{Kind, Map, Value};

/// A template's original text and its parse, made once for the fixes of all its findings: each is
/// first computed on the original.
pub(super) struct Original<'a> {
    text: &'a str,
    doc: std::cell::OnceCell<Result<Value, String>>,
    /// The scan's parse of the text, when it kept it, and whether it read it as YAML.
    scanned: Option<(&'a Value, bool)>,
}

impl<'a> Original<'a> {
    pub(super) fn new(text: &'a str, scanned: Option<(&'a Value, bool)>) -> Self {
        Original { text, doc: std::cell::OnceCell::new(), scanned }
    }

    /// `text` parsed: the original's tree, parsed once (or by the scan), when `text` is the original.
    fn document(&self, text: &str, yaml: bool) -> Result<std::borrow::Cow<'_, Value>, String> {
        if let Some((doc, scanned_yaml)) = self.scanned
            && text == self.text
            && scanned_yaml == yaml
        {
            return Ok(std::borrow::Cow::Borrowed(doc));
        }
        if text == self.text {
            let doc = self.doc.get_or_init(|| parse(text, yaml)).as_ref().map_err(Clone::clone)?;
            return Ok(std::borrow::Cow::Borrowed(doc));
        }
        parse(text, yaml).map(std::borrow::Cow::Owned)
    }
}

/// Sets every `(path, value)` of a fix in the resource `logical_id` of a template.
pub(super) fn apply(
    text: &str,
    yaml: bool,
    logical_id: &str,
    set: &[(Vec<String>, Value)],
    original: &Original<'_>,
) -> Outcome {
    let mut current: Option<String> = None;
    for (path, value) in set {
        let at = current.as_deref().unwrap_or(text);
        let doc = original.document(at, yaml)?;
        if let Some(next) = set_one(at, &doc, yaml, logical_id, path, value)? {
            current = Some(next);
        }
    }
    Ok(current)
}

fn parse(text: &str, yaml: bool) -> Result<Value, String> {
    let file = SourceFile::new(String::new(), std::path::PathBuf::new(), text.to_string());
    let parsed = if yaml { crate::parse::yaml::parse(&file) } else { crate::parse::json::parse(&file) };
    parsed.map_err(|e| e.message)
}

/// `{"Ref": …}`, `{"Fn::If": …}` and the like: a value computed at deployment, not a mapping.
fn intrinsic(map: &Map) -> Option<String> {
    let mut keys = map.iter().map(|(k, _)| k.name.as_str());
    let (Some(key), None) = (keys.next(), keys.next()) else { return None };
    (key == "Ref" || key == "Condition" || key.starts_with("Fn::")).then(|| key.to_string())
}

fn set_one(text: &str, doc: &Value, yaml: bool, id: &str, path: &[String], value: &Value) -> Outcome {
    let resource = doc
        .as_map()
        .and_then(|m| m.get("Resources"))
        .and_then(Value::as_map)
        .and_then(|m| m.get(id))
        .ok_or_else(|| format!("no resource {id} under Resources"))?;
    let step = indent_step(text, doc);
    let mut node = resource;
    for (i, segment) in path.iter().enumerate() {
        let map = node.as_map().ok_or_else(|| format!("`{}` is not a mapping", path[..i].join(".")))?;
        if let Some(key) = intrinsic(map) {
            return Err(from_intrinsic(&key, node));
        }
        match map.get(segment) {
            Some(child) => node = child,
            None => return insert(text, yaml, node, &path[i..], value, step).map(Some),
        }
    }
    match &node.kind {
        Kind::Map(map) => match intrinsic(map) {
            Some(key) => Err(from_intrinsic(&key, node)),
            None => Err(format!("`{}` is a mapping", path.join("."))),
        },
        Kind::List(_) => Err(format!("`{}` is a list", path.join("."))),
        _ if same(node, value) => Ok(None),
        _ => {
            let at = scalar_span(text, node.span);
            Ok(Some(splice(text, at, &scalar(text, at, yaml, value))))
        }
    }
}

/// The span of a scalar's own text: a YAML scalar's span may run on to a comment after it.
fn scalar_span(text: &str, span: Span) -> Span {
    let raw = &text[span.range()];
    let len = match raw.chars().next() {
        Some('"') => {
            let mut escaped = false;
            raw.char_indices()
                .skip(1)
                .find(|&(_, c)| {
                    let end = c == '"' && !escaped;
                    escaped = c == '\\' && !escaped;
                    end
                })
                .map_or(raw.len(), |(i, _)| i + 1)
        }
        Some('\'') => {
            let bytes = raw.as_bytes();
            let mut i = 1;
            loop {
                match bytes.get(i) {
                    Some(b'\'') if bytes.get(i + 1) == Some(&b'\'') => i += 2,
                    Some(b'\'') => break i + 1,
                    Some(_) => i += 1,
                    None => break raw.len(),
                }
            }
        }
        _ => raw.find(" #").or_else(|| raw.find('\n')).map_or(raw.len(), |i| raw[..i].trim_end().len()),
    };
    Span::new(span.start as usize, span.start as usize + len)
}

/// How the refusal of a value read by `Ref` starts: planning then tries the parameter's default
/// ([`apply_to_default`]).
pub(super) const FROM_PARAMETER: &str = "the value comes from parameter";

fn from_intrinsic(key: &str, node: &Value) -> String {
    let parameter = node.as_map().and_then(|m| m.get("Ref")).and_then(Value::scalar_text);
    if let (true, Some(name)) = (key == "Ref", parameter) {
        let name: String = name.chars().take(80).collect();
        return format!("{FROM_PARAMETER} {}", crate::escape::quote(&name));
    }
    format!("the value is computed by {key}")
}

fn same(node: &Value, value: &Value) -> bool {
    match (&node.kind, &value.kind) {
        (Kind::Bool(a), Kind::Bool(b)) => a == b,
        (Kind::Number(a), Kind::Number(b)) => (a - b).abs() < f64::EPSILON,
        (Kind::String(a), Kind::String(b)) => a == b,
        _ => false,
    }
}

fn splice(text: &str, span: Span, with: &str) -> String {
    let mut out = String::with_capacity(text.len() + with.len());
    out.push_str(&text[..span.start as usize]);
    out.push_str(with);
    out.push_str(&text[span.end as usize..]);
    out
}

/// The value as written in the file's syntax; in place of `at`, in the same quotes.
fn scalar(text: &str, at: Span, yaml: bool, value: &Value) -> String {
    let quote = text[at.range()].chars().next().filter(|c| *c == '"' || *c == '\'');
    render(yaml, value, quote)
}

fn render(yaml: bool, value: &Value, quote: Option<char>) -> String {
    match &value.kind {
        Kind::Bool(b) => b.to_string(),
        // A number written in quotes (`"3"`) stays in quotes.
        Kind::Number(n) => quote.map_or_else(|| n.to_string(), |q| format!("{q}{n}{q}")),
        Kind::String(s) if !yaml => serde_json::Value::String(s.clone()).to_string(),
        Kind::String(s) => {
            let plain = !s.is_empty()
                && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
                && !["true", "false", "yes", "no", "on", "off", "null", "~"]
                    .contains(&s.to_ascii_lowercase().as_str())
                && s.parse::<f64>().is_err();
            match quote {
                Some('\'') => format!("'{}'", s.replace('\'', "''")),
                None if plain => s.clone(),
                _ => serde_json::Value::String(s.clone()).to_string(),
            }
        }
        _ => String::new(),
    }
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i)
}

fn column(text: &str, at: usize) -> usize {
    text[line_start(text, at)..at].chars().count()
}

/// How far the file indents a nested mapping: from `Resources` to its first key.
fn indent_step(text: &str, doc: &Value) -> usize {
    let Some(top) = doc.as_map() else { return 2 };
    let Some((resources, value)) = top.iter().find(|(k, _)| k.name == "Resources") else { return 2 };
    value
        .as_map()
        .and_then(|m| m.iter().next())
        .map(|(k, _)| {
            column(text, k.span.start as usize).saturating_sub(column(text, resources.span.start as usize))
        })
        .filter(|n| (1..=8).contains(n))
        .unwrap_or(2)
}

/// Adds `path = value` to the mapping `node`, which lacks `path[0]`.
fn insert(
    text: &str,
    yaml: bool,
    node: &Value,
    path: &[String],
    value: &Value,
    step: usize,
) -> Result<String, String> {
    let map = node.as_map().ok_or("not a mapping")?;
    let open = node.span.start as usize;
    let flow = text[open..].starts_with('{');
    let last = map.iter().last().map(|(_, v)| v.span.end as usize);
    if flow || !yaml {
        let close =
            text[..node.span.end as usize].rfind('}').filter(|c| *c >= open).ok_or("no closing brace")?;
        let first_key = map.iter().next().map(|(k, _)| k.span.start as usize);
        let multiline = first_key.is_some_and(|k| text[open..k].contains('\n'));
        if multiline {
            let indent = column(text, first_key.unwrap_or(open));
            let entry = nested_json(yaml, path, value, indent, step);
            let at = last.unwrap_or(open + 1);
            return Ok(splice(text, Span::new(at, at), &format!(",\n{}{entry}", " ".repeat(indent))));
        }
        let entry = flow_entry(yaml, path, value);
        return Ok(match last {
            Some(at) => splice(text, Span::new(at, at), &format!(", {entry}")),
            None => splice(text, Span::new(close, close), &entry),
        });
    }
    let first_key = map.iter().next().map(|(k, _)| k.span.start as usize).ok_or("an empty mapping")?;
    let indent = column(text, first_key);
    if text[line_start(text, first_key)..first_key].trim() != "" {
        // A mapping that starts on its parent's line (`- Key: v` in a list) is left to its author.
        return Err("the mapping does not start on a line of its own".into());
    }
    let at = line_end(text, last.unwrap_or(first_key));
    let mut entry = String::new();
    for (depth, segment) in path.iter().enumerate() {
        let pad = " ".repeat(indent + depth * step);
        if depth + 1 == path.len() {
            let _ = write!(entry, "\n{pad}{segment}: {}", render(true, value, None));
        } else {
            let _ = write!(entry, "\n{pad}{segment}:");
        }
    }
    Ok(splice(text, Span::new(at, at), &entry))
}

fn key(yaml: bool, name: &str) -> String {
    if yaml { name.to_string() } else { serde_json::Value::String(name.to_string()).to_string() }
}

/// `"A": {"B": v}` on one line.
fn flow_entry(yaml: bool, path: &[String], value: &Value) -> String {
    match path {
        [last] => format!("{}: {}", key(yaml, last), render(yaml, value, None)),
        [first, rest @ ..] => format!("{}: {{{}}}", key(yaml, first), flow_entry(yaml, rest, value)),
        [] => String::new(),
    }
}

/// `"A": {\n  "B": v\n}` at `indent`, for a mapping written one key a line.
fn nested_json(yaml: bool, path: &[String], value: &Value, indent: usize, step: usize) -> String {
    match path {
        [last] => format!("{}: {}", key(yaml, last), render(yaml, value, None)),
        [first, rest @ ..] => {
            let inner = " ".repeat(indent + step);
            format!(
                "{}: {{\n{inner}{}\n{}}}",
                key(yaml, first),
                nested_json(yaml, rest, value, indent + step, step),
                " ".repeat(indent)
            )
        }
        [] => String::new(),
    }
}

/// A fix whose property is `{"Ref": P}` of a template parameter, made in the parameter's `Default`
/// instead: when the default is a scalar, the new value is among its `AllowedValues` (if any), and
/// nothing else in the template reads the parameter. Whether the default is what the resource got
/// (no `--cfn-parameters` value) is the verifying scan's to say.
pub(super) fn apply_to_default(
    text: &str,
    yaml: bool,
    logical_id: &str,
    set: &[(Vec<String>, Value)],
    original: &Original<'_>,
) -> Outcome {
    let [(path, value)] = set else {
        return Err("the fix sets several properties".into());
    };
    let doc = original.document(text, yaml)?;
    let top = doc.as_map().ok_or("the template is not a mapping")?;
    let mut node = top
        .get("Resources")
        .and_then(Value::as_map)
        .and_then(|m| m.get(logical_id))
        .ok_or_else(|| format!("no resource {logical_id} under Resources"))?;
    for segment in path {
        node = node.as_map().and_then(|m| m.get(segment)).ok_or("the property is not written")?;
    }
    let map = node.as_map().filter(|m| m.len() == 1).ok_or("the value is not a parameter read alone")?;
    let name =
        map.get("Ref").and_then(Value::scalar_text).ok_or("the value is not a parameter read alone")?;
    let shown = crate::escape::quote(&name.chars().take(80).collect::<String>());
    let parameter = top
        .get("Parameters")
        .and_then(Value::as_map)
        .and_then(|m| m.get(&name))
        .and_then(Value::as_map)
        .ok_or_else(|| format!("the value comes from {shown}, which is not a parameter"))?;
    let reads = references(&doc, &name) + text.matches(&format!("${{{name}}}")).count();
    if reads != 1 {
        return Err(format!("{FROM_PARAMETER} {shown}, which the template reads in {reads} places"));
    }
    let default =
        parameter.get("Default").ok_or_else(|| format!("{FROM_PARAMETER} {shown}, which has no default"))?;
    if matches!(default.kind, Kind::Map(_) | Kind::List(_)) {
        return Err(format!("the default of parameter {shown} is not a single value"));
    }
    let written = value.scalar_text().unwrap_or_default();
    let allowed = parameter.get("AllowedValues").and_then(Value::as_list);
    if allowed
        .is_some_and(|values| !values.iter().any(|v| v.scalar_text().as_deref() == Some(written.as_str())))
    {
        return Err(format!("the fixed value is not among the AllowedValues of parameter {shown}"));
    }
    // A parameter's value is text: a default written as a string stays one.
    let new = if matches!(default.kind, Kind::String(_)) {
        Value::string(written, value.span)
    } else {
        value.clone()
    };
    if same(default, &new) {
        return Ok(None);
    }
    let at = scalar_span(text, default.span);
    Ok(Some(splice(text, at, &scalar(text, at, yaml, &new))))
}

/// How many `{"Ref": name}` the template holds, in any section.
fn references(node: &Value, name: &str) -> usize {
    match &node.kind {
        Kind::Map(map) => {
            let this = usize::from(
                map.len() == 1 && map.get("Ref").and_then(Value::scalar_text).is_some_and(|r| r == name),
            );
            this + map.iter().map(|(_, v)| references(v, name)).sum::<usize>()
        }
        Kind::List(items) => items.iter().map(|v| references(v, name)).sum(),
        _ => 0,
    }
}
