//! `data "aws_iam_policy_document"` evaluated into the policy document it renders, so IAM policies
//! built from it (the most common way in Terraform modules) are checked like inline JSON.
//!
//! The result is a map shaped like the JSON document (`Version`, `Statement`, `Effect`, `Action`, …);
//! parts that depend on the deploy (an ARN of another resource) stay Unknown inside it, so a statement
//! with `actions = ["*"]` and `resources = ["*"]` is judged even when other statements are not.
//!
//! A block with `count` or `for_each` renders per instance: the reference's index or key picks the
//! instance, whose `count.index` or `each` the block is evaluated with. When the index, the count or
//! the for_each is unknown, so is the document; guessing an instance could judge the wrong one.

use std::cell::Cell;

use super::module::ResourceDecl;
use hcl_edit::expr::TraversalOperator;

use super::expand::{self, Expansion, Instance};
use super::expr::{Eval, Op};
use super::module::span_of;
use crate::model::Mode;
use crate::source::Span;
use crate::value::{Key, Kind, Map, Value};

thread_local! {
    /// Documents may include each other through `source_policy_documents`; a cycle must end.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

const MAX_DEPTH: u32 = 8;

/// `data.aws_iam_policy_document.NAME` followed by `ops`: the `json` of the instance the traversal
/// selects (`.json`, `[0].json`, `[each.key].json`, `[*].json`), rendered with that instance's
/// `count.index` or `each`. `None` when the traversal reads another attribute, known after apply.
pub(crate) fn reference(ev: &mut Eval<'_, '_>, name: &str, ops: &[Op], span: Span) -> Option<Value> {
    let selector =
        ops.first().map(hcl_edit::Decorated::value).filter(|op| !matches!(op, TraversalOperator::GetAttr(_)));
    let TraversalOperator::GetAttr(attr) = ops.get(usize::from(selector.is_some()))?.value() else {
        return None;
    };
    if !matches!(attr.as_str(), "json" | "minified_json") {
        return None;
    }
    let decl = ev
        .env
        .def
        .resources
        .iter()
        .find(|r| r.mode == Mode::Data && r.rtype == "aws_iam_policy_document" && r.name == name)?;
    let key = match selector {
        Some(TraversalOperator::Index(e)) => Some(ev.expr(e)),
        Some(TraversalOperator::LegacyIndex(n)) => Some(Value::new(Kind::Number(*n.value() as f64), span)),
        _ => None,
    };
    let address = format!("{}data.aws_iam_policy_document.{name}", ev.env.prefix);
    let (expansion, _) = expand::merged_expansion(ev.env, decl.file, decl.block, &decl.overrides, &address);
    if let Expansion::Unknown { reason, .. } = expansion {
        return Some(Value::unknown(reason, span));
    }
    // An instance as Terraform exposes it: an object holding the attribute read.
    let object = |ev: &Eval<'_, '_>, instance: &Instance| {
        let doc = render(ev, decl, &instance.bindings, span);
        let mut object = Map::default();
        object.insert(Key { name: attr.to_string(), span }, doc);
        Value::new(Kind::Map(object), span)
    };
    let Some(key) = key else {
        // No index, or a splat: every instance, as one object, a list or a map.
        let whole = match expansion {
            Expansion::Count(list) => {
                Value::new(Kind::List(list.iter().map(|i| object(ev, i)).collect()), span)
            }
            Expansion::ForEach(list) => {
                let mut map = Map::default();
                for i in &list {
                    map.insert(Key { name: i.raw.clone().unwrap_or_default(), span }, object(ev, i));
                }
                Value::new(Kind::Map(map), span)
            }
            _ => object(ev, &Instance::unkeyed(Vec::new())),
        };
        return Some(ev.apply_ops(whole, ops, span));
    };
    if let Kind::Unknown(u) = &key.kind {
        let reason =
            format!("the instance of {address} that {} reads is unknown: {}", ev.text(span), u.reason);
        return Some(Value::unknown(reason, span));
    }
    match select(ev, expansion, &key, span) {
        Ok(instance) => {
            let selected = object(ev, &instance);
            Some(ev.apply_ops(selected, &ops[1..], span))
        }
        Err(error) => Some(error),
    }
}

/// The instance at an index or key. Only that one is rendered: positions stand in for the others, so
/// that an index past the count or a key not in for_each is the same error as for any other value.
fn select(ev: &mut Eval<'_, '_>, expansion: Expansion, key: &Value, span: Span) -> Result<Instance, Value> {
    let (mut instances, positions) = match expansion {
        Expansion::Count(list) => {
            let positions = (0..list.len()).map(|i| Value::new(Kind::Number(i as f64), span)).collect();
            (list, Value::new(Kind::List(positions), span))
        }
        Expansion::ForEach(list) => {
            let mut positions = Map::default();
            for (i, instance) in list.iter().enumerate() {
                let name = instance.raw.clone().unwrap_or_default();
                positions.insert(Key { name, span }, Value::new(Kind::Number(i as f64), span));
            }
            (list, Value::new(Kind::Map(positions), span))
        }
        // Without count or for_each there is nothing to index.
        _ => (Vec::new(), Value::new(Kind::Map(Map::default()), span)),
    };
    let position = ev.index(positions, key, span);
    match position.as_f64() {
        Some(p) if (p as usize) < instances.len() => Ok(instances.swap_remove(p as usize)),
        _ => Err(position),
    }
}

/// The rendered document of one `aws_iam_policy_document` block, evaluated in the caller's module
/// with the instance's `count` or `each` bound.
fn render(ev: &Eval<'_, '_>, decl: &ResourceDecl<'_>, bindings: &[(String, Value)], span: Span) -> Value {
    if DEPTH.with(Cell::get) >= MAX_DEPTH {
        return Value::unknown("aws_iam_policy_document includes itself", span);
    }
    DEPTH.with(|d| d.set(d.get() + 1));
    let mut inner = Eval::new(ev.env, decl.file);
    inner.scope = bindings.to_vec();
    // Override files patch the block as they patch a resource; the spans do not matter here.
    let items = super::merge::items(decl.file, decl.block, &decl.overrides.blocks, true);
    let shift = super::merge::Shift { regions: &[], fallback: span };
    let body = expand::merged_body(&mut inner, &items, true, span_of(decl.block), &shift);
    DEPTH.with(|d| d.set(d.get() - 1));
    // The block may live in another file of the module: every span must point into the referring
    // expression's file, so the document takes the reference's span throughout.
    super::expr::respan(&document(&body, span), span)
}

/// An argument of the block or of a nested block; null is an unset argument, as in Terraform, which
/// modules use to leave out `not_resources` or `effect` through `try(…, null)`.
fn arg<'v>(block: &'v Value, name: &str) -> Option<&'v Value> {
    block.get(name).filter(|v| !matches!(v.kind, Kind::Null))
}

fn entry(map: &mut Map, name: &str, value: Value) {
    map.insert(Key { name: name.to_string(), span: value.span }, value);
}

fn document(body: &Value, span: Span) -> Value {
    let mut statements = Vec::new();
    // Statements of the source documents come first, those of the block after, then overrides; as in
    // the provider, a later statement replaces an earlier one with the same non-empty `sid`. The
    // deprecated `source_json` and `override_json` still appear in older modules.
    let sources = arg(body, "source_json").into_iter().chain(list(arg(body, "source_policy_documents")));
    for source in sources {
        match embedded_statements(source) {
            Ok(s) => statements.extend(s),
            Err(u) => return u,
        }
    }
    for statement in list(arg(body, "statement")) {
        merge(&mut statements, self::statement(statement));
    }
    let overrides =
        list(arg(body, "override_policy_documents")).into_iter().chain(arg(body, "override_json"));
    for source in overrides {
        match embedded_statements(source) {
            Ok(s) => s.into_iter().for_each(|s| merge(&mut statements, s)),
            Err(u) => return u,
        }
    }
    let mut doc = Map::default();
    let version = arg(body, "version").cloned().unwrap_or_else(|| Value::string("2012-10-17", span));
    entry(&mut doc, "Version", version);
    entry(&mut doc, "Statement", Value::new(Kind::List(statements), span));
    Value::new(Kind::Map(doc), span)
}

/// Adds a statement, replacing the earlier one with the same non-empty `Sid`.
fn merge(statements: &mut Vec<Value>, statement: Value) {
    let sid =
        |s: &Value| s.get("Sid").and_then(Value::as_str).filter(|sid| !sid.is_empty()).map(str::to_string);
    let replaced =
        sid(&statement).and_then(|new| statements.iter().position(|old| sid(old).as_deref() == Some(&new)));
    match replaced {
        Some(i) => statements[i] = statement,
        None => statements.push(statement),
    }
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
    if let Some(sid) = arg(block, "sid") {
        entry(&mut out, "Sid", sid.clone());
    }
    entry(&mut out, "Effect", arg(block, "effect").cloned().unwrap_or_else(|| Value::string("Allow", span)));
    for (from, to) in [
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ] {
        if let Some(v) = arg(block, from) {
            entry(&mut out, to, v.clone());
        }
    }
    for (from, to) in [("principals", "Principal"), ("not_principals", "NotPrincipal")] {
        if let Some(blocks) = arg(block, from) {
            entry(&mut out, to, principals(blocks));
        }
    }
    if let Some(conditions) = arg(block, "condition") {
        entry(&mut out, "Condition", self::conditions(conditions));
    }
    Value::new(Kind::Map(out), span)
}

/// `principals { type = "AWS" identifiers = ["*"] }` → `{"AWS": ["*"]}`; type `*` with `*` → `"*"`.
fn principals(blocks: &Value) -> Value {
    let span = blocks.span;
    let mut out = Map::default();
    for block in list(Some(blocks)) {
        let Some(kind) = arg(block, "type") else { continue };
        let identifiers =
            arg(block, "identifiers").cloned().unwrap_or_else(|| Value::new(Kind::List(vec![]), span));
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
        let (Some(test), Some(variable)) = (arg(block, "test"), arg(block, "variable")) else { continue };
        let (Some(test_name), Some(variable_name)) = (test.as_str(), variable.as_str()) else {
            return Value::unknown("condition test or variable is unknown", block.span);
        };
        let values = arg(block, "values").cloned().unwrap_or_else(|| Value::new(Kind::List(vec![]), span));
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
