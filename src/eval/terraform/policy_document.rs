//! `data "aws_iam_policy_document"` evaluated into the policy document it renders, so IAM policies
//! built from it (the most common way in Terraform modules) are checked like inline JSON.
//!
//! The result is a map shaped like the JSON document (`Version`, `Statement`, `Effect`, `Action`, …);
//! parts that depend on the deploy (an ARN of another resource) stay Unknown inside it, so a statement
//! with `actions = ["*"]` and `resources = ["*"]` is judged even when other statements are not.

use std::cell::Cell;

use hcl_edit::structure::Block;

use super::expand;
use super::expr::Eval;
use super::module::span_of;
use crate::eval::value::{Key, Kind, Map, Value};
use crate::source::{FileId, Span};

thread_local! {
    /// Documents may include each other through `source_policy_documents`; a cycle must end.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

const MAX_DEPTH: u32 = 8;

/// The rendered document of one `aws_iam_policy_document` block, evaluated in the caller's module.
pub(crate) fn render(ev: &Eval<'_, '_>, file: FileId, block: &Block, span: Span) -> Value {
    if DEPTH.with(Cell::get) >= MAX_DEPTH {
        return Value::unknown("aws_iam_policy_document includes itself", span);
    }
    DEPTH.with(|d| d.set(d.get() + 1));
    let mut inner = Eval::new(ev.env, file);
    let body = expand::body(&mut inner, &block.body, true, span_of(block));
    DEPTH.with(|d| d.set(d.get() - 1));
    // The block may live in another file of the module: every span must point into the referring
    // expression's file, so the document takes the reference's span throughout.
    super::expr::respan(&document(&body, span), span)
}

fn entry(map: &mut Map, name: &str, value: Value) {
    map.insert(Key { name: name.to_string(), span: value.span }, value);
}

fn document(body: &Value, span: Span) -> Value {
    let mut statements = Vec::new();
    // Statements of `source_policy_documents` come first, those of the block after, then overrides.
    for source in list(body.get("source_policy_documents")) {
        match embedded_statements(source) {
            Ok(s) => statements.extend(s),
            Err(u) => return u,
        }
    }
    for statement in list(body.get("statement")) {
        statements.push(self::statement(statement));
    }
    for source in list(body.get("override_policy_documents")) {
        match embedded_statements(source) {
            Ok(s) => statements.extend(s),
            Err(u) => return u,
        }
    }
    let mut doc = Map::default();
    let version = body.get("version").cloned().unwrap_or_else(|| Value::string("2012-10-17", span));
    entry(&mut doc, "Version", version);
    entry(&mut doc, "Statement", Value::new(Kind::List(statements), span));
    Value::new(Kind::Map(doc), span)
}

fn list(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value { kind: Kind::List(items), .. }) => items.iter().collect(),
        Some(v @ Value { kind: Kind::Unknown(_), .. }) => vec![v],
        _ => vec![],
    }
}

/// Statements of a document given as a rendered map or a JSON string; Unknown when it cannot be known.
fn embedded_statements(source: &Value) -> Result<Vec<Value>, Value> {
    let doc = match &source.kind {
        Kind::Map(_) => source.clone(),
        Kind::String(text) => match serde_json::from_str::<serde_json::Value>(text) {
            Ok(json) => Value::from_json(&json, source.span),
            Err(_) => return Ok(vec![]),
        },
        Kind::Unknown(u) => {
            return Err(Value::unknown(
                format!("a source policy document is unknown: {}", u.reason),
                source.span,
            ));
        }
        _ => return Ok(vec![]),
    };
    Ok(match doc.get("Statement") {
        Some(Value { kind: Kind::List(items), .. }) => items.clone(),
        Some(single @ Value { kind: Kind::Map(_), .. }) => vec![single.clone()],
        _ => vec![],
    })
}

fn statement(block: &Value) -> Value {
    let span = block.span;
    let mut out = Map::default();
    if let Some(sid) = block.get("sid") {
        entry(&mut out, "Sid", sid.clone());
    }
    entry(&mut out, "Effect", block.get("effect").cloned().unwrap_or_else(|| Value::string("Allow", span)));
    for (from, to) in [
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ] {
        if let Some(v) = block.get(from) {
            entry(&mut out, to, v.clone());
        }
    }
    for (from, to) in [("principals", "Principal"), ("not_principals", "NotPrincipal")] {
        if let Some(blocks) = block.get(from) {
            entry(&mut out, to, principals(blocks));
        }
    }
    if let Some(conditions) = block.get("condition") {
        entry(&mut out, "Condition", self::conditions(conditions));
    }
    Value::new(Kind::Map(out), span)
}

/// `principals { type = "AWS" identifiers = ["*"] }` → `{"AWS": ["*"]}`; type `*` with `*` → `"*"`.
fn principals(blocks: &Value) -> Value {
    let span = blocks.span;
    let mut out = Map::default();
    for block in list(Some(blocks)) {
        let Some(kind) = block.get("type") else { continue };
        let identifiers =
            block.get("identifiers").cloned().unwrap_or_else(|| Value::new(Kind::List(vec![]), span));
        match kind.as_str() {
            Some("*") => return Value::string("*", kind.span),
            Some(name) => {
                if let Some((_, Value { kind: Kind::List(existing), .. })) =
                    out.entries.iter_mut().find(|(k, _)| k.name == name)
                    && let Kind::List(more) = identifiers.kind
                {
                    existing.extend(more);
                } else {
                    out.insert(Key { name: name.to_string(), span: kind.span }, identifiers);
                }
            }
            None => return Value::unknown("principal type is unknown", kind.span),
        }
    }
    Value::new(Kind::Map(out), span)
}

/// `condition { test = "Bool" variable = "aws:SecureTransport" values = ["false"] }` →
/// `{"Bool": {"aws:SecureTransport": ["false"]}}`.
fn conditions(blocks: &Value) -> Value {
    let span = blocks.span;
    let mut out = Map::default();
    for block in list(Some(blocks)) {
        let (Some(test), Some(variable)) = (block.get("test"), block.get("variable")) else { continue };
        let (Some(test_name), Some(variable_name)) = (test.as_str(), variable.as_str()) else {
            return Value::unknown("condition test or variable is unknown", block.span);
        };
        let values = block.get("values").cloned().unwrap_or_else(|| Value::new(Kind::List(vec![]), span));
        let key = Key { name: variable_name.to_string(), span: variable.span };
        if let Some((_, Value { kind: Kind::Map(inner), .. })) =
            out.entries.iter_mut().find(|(k, _)| k.name == test_name)
        {
            inner.insert(key, values);
        } else {
            let mut inner = Map::default();
            inner.insert(key, values);
            out.insert(
                Key { name: test_name.to_string(), span: test.span },
                Value::new(Kind::Map(inner), span),
            );
        }
    }
    Value::new(Kind::Map(out), span)
}
