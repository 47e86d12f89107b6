//! Traversals: `var.x`, `local.y[0]`, `module.m.out`, `aws_s3_bucket.b[*].arn`, `each.key`, and the
//! attribute and index operators applied to any value.

use std::rc::Rc;

use hcl_edit::Decorated;
use hcl_edit::expr::{Expression, TraversalOperator};

use super::env::{Child, Entry};
use super::expr::{Eval, Op, map_entries, respan};
use crate::escape::quote;
use crate::model::Mode;
use crate::source::Span;
use crate::value::{Kind, Value};

impl Eval<'_, '_> {
    /// A name with its traversal operators: `var.x`, `local.y[0]`, `aws_s3_bucket.b.id`, `each.key`.
    pub(crate) fn traverse(&mut self, root: &str, ops: &[Op], span: Span) -> Value {
        if let Some((_, v)) = self.scope.iter().rev().find(|(n, _)| n == root) {
            let v = respan(v, span);
            return self.apply_ops(v, ops, span);
        }
        let attr = |i: usize| match ops.get(i).map(Decorated::value) {
            Some(TraversalOperator::GetAttr(id)) => Some(id.as_str().to_string()),
            _ => None,
        };
        match root {
            "var" | "local" | "module" => {
                let Some(name) = attr(0) else {
                    return self.error(format!("{root} must be followed by a name"), span);
                };
                // Held, not copied: one entry of a large map is all most reads need.
                let env = self.env;
                let named = match root {
                    "var" => env.vars.get(&name).map(Named::Var),
                    "local" if env.def.locals.contains_key(&name) => {
                        Some(Named::Local(env.local(&name, self.file, span)))
                    }
                    "module" if env.def.calls.iter().any(|c| c.name == name) => {
                        Some(Named::Module(env.child(&name, span)))
                    }
                    _ => None,
                };
                let Some(named) = named else {
                    return self.error(format!("{root}.{name} is not declared"), span);
                };
                let entry = named.entry();
                if let Some((origin, within)) = &entry.origin
                    && peek(&entry.value, &ops[1..])
                        .is_some_and(|v| within.start <= v.span.start && v.span.end <= within.end)
                {
                    self.origins.push((span, origin.clone()));
                }
                for target in &entry.targets {
                    self.record(target.clone(), span);
                }
                for input in &entry.inputs {
                    self.read(input);
                }
                self.select(&entry.value, &ops[1..], span)
            }
            "data" => match (attr(0), attr(1)) {
                (Some(t), Some(n)) if self.env.def.has_resource(Mode::Data, &t, &n) => {
                    let key = self.instance_key(ops.get(2));
                    self.record(format!("{}data.{t}.{n}{key}", self.env.prefix), span);
                    if t == "aws_iam_policy_document"
                        && let Some(doc) = super::policy_document::reference(self, &n, &ops[2..], span)
                    {
                        return doc;
                    }
                    Value::unknown(format!("{} is known after apply", self.text(span)), span)
                }
                _ => self.error(format!("{} is not declared", self.text(span)), span),
            },
            "count" | "each" => self.error(format!("{root} is not available here"), span),
            "self" => Value::unknown(format!("{} is known after apply", self.text(span)), span),
            "path" => match attr(0).as_deref() {
                Some("module") => Value::string(self.env.path_module(), span),
                Some("root" | "cwd") => Value::string(".", span),
                _ => Value::unknown(format!("{} is not evaluated", self.text(span)), span),
            },
            "terraform" => Value::unknown(format!("{} is not evaluated", self.text(span)), span),
            _ => match attr(0) {
                Some(name) if self.env.def.has_resource(Mode::Managed, root, &name) => {
                    let key = self.instance_key(ops.get(1));
                    self.record(format!("{}{root}.{name}{key}", self.env.prefix), span);
                    // What a managed resource exports (its id, arn, name) always exists once it does.
                    self.literal_attr(root, &name, &ops[1..], span).unwrap_or_else(|| {
                        Value::unknown_present(format!("{} is known after apply", self.text(span)), span)
                    })
                }
                Some(name) => self.error(format!("{root}.{name} is not declared"), span),
                None => self.error(format!("unknown name {root}"), span),
            },
        }
    }

    /// The instance a reference names (`aws_s3_bucket.b[count.index]` → `[3]`, `["logs"]`), as
    /// instance addresses spell it, so that the graph links exactly that instance; empty when the
    /// reference names the whole resource or the key is not known. The key is evaluated only to pick
    /// the instance: an error in it is not counted against `try` or `can`, whose result does not
    /// depend on it today.
    pub(crate) fn instance_key(&mut self, op: Option<&Op>) -> String {
        let key = match op.map(Decorated::value) {
            Some(TraversalOperator::Index(e)) => {
                let errors = self.errors;
                let k = self.expr(e);
                self.errors = errors;
                k
            }
            Some(TraversalOperator::LegacyIndex(n)) => {
                Value::new(Kind::Number(*n.value() as f64), Span::default())
            }
            _ => return String::new(),
        };
        match &key.kind {
            Kind::String(s) => format!("[{}]", quote(s)),
            Kind::Number(n) if *n >= 0.0 && n.fract() == 0.0 && *n < 1e15 => format!("[{}]", *n as u64),
            _ => String::new(),
        }
    }

    /// `aws_s3_bucket.b.bucket` where the block writes `bucket = "x"`: an argument given as a literal is
    /// known before apply. Anything computed stays Unknown, which also keeps resources from depending
    /// on each other's evaluation.
    pub(crate) fn literal_attr(&self, rtype: &str, name: &str, ops: &[Op], span: Span) -> Option<Value> {
        let ops = match ops.first().map(Decorated::value) {
            Some(TraversalOperator::Index(_) | TraversalOperator::LegacyIndex(_)) => &ops[1..],
            _ => ops,
        };
        let [op] = ops else { return None };
        let TraversalOperator::GetAttr(attr) = op.value() else { return None };
        let decl = self
            .env
            .def
            .resources
            .iter()
            .find(|r| r.mode == Mode::Managed && r.rtype == rtype && r.name == name)?;
        let kind = match &decl.overrides.attribute(decl.file, decl.block, attr.as_str())?.1.value {
            Expression::String(s) => Kind::String(s.value().clone()),
            Expression::Bool(b) => Kind::Bool(*b.value()),
            Expression::Number(n) => Kind::Number(n.value().as_f64()?),
            _ => return None,
        };
        Some(Value::new(kind, span))
    }

    /// `apply_ops` on a copy of `value` placed at `span`, without copying more than the result: plain
    /// attribute and index steps are followed through the borrowed value, and only what they lead to
    /// is copied. Any other step, or one that fails, goes the way of `apply_ops`, with the same result.
    pub(crate) fn select(&mut self, value: &Value, ops: &[Op], span: Span) -> Value {
        let mut v = value;
        for (i, op) in ops.iter().enumerate() {
            if v.is_unknown() {
                break;
            }
            let next = match op.value() {
                TraversalOperator::GetAttr(id) => attribute(v, id.as_str()),
                TraversalOperator::Index(e) => {
                    let k = self.expr(e);
                    let Some(next) = element(v, &k) else {
                        let v = self.index(respan(v, span), &k, span);
                        return self.apply_ops(v, &ops[i + 1..], span);
                    };
                    Some(next)
                }
                TraversalOperator::LegacyIndex(n) => {
                    element(v, &Value::new(Kind::Number(*n.value() as f64), span))
                }
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => None,
            };
            match next {
                Some(next) => v = next,
                None => return self.apply_ops(respan(v, span), &ops[i..], span),
            }
        }
        respan(v, span)
    }

    pub fn apply_ops(&mut self, mut v: Value, ops: &[Op], span: Span) -> Value {
        for (i, op) in ops.iter().enumerate() {
            if v.is_unknown() {
                return v;
            }
            v = match op.value() {
                TraversalOperator::GetAttr(id) => self.get_attr(v, id.as_str(), span),
                TraversalOperator::Index(e) => {
                    let k = self.expr(e);
                    self.index(v, &k, span)
                }
                TraversalOperator::LegacyIndex(n) => {
                    let k = Value::new(Kind::Number(*n.value() as f64), span);
                    self.index(v, &k, span)
                }
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    let rest = &ops[i + 1..];
                    // `.*` applies only the attribute accesses that follow it to each element.
                    let per = if matches!(op.value(), TraversalOperator::AttrSplat(_)) {
                        rest.iter().take_while(|o| matches!(o.value(), TraversalOperator::GetAttr(_))).count()
                    } else {
                        rest.len()
                    };
                    let items = match v.kind {
                        Kind::List(items) => items,
                        Kind::Null => Vec::new(),
                        kind => vec![Value::new(kind, v.span)],
                    };
                    let items =
                        items.into_iter().map(|item| self.apply_ops(item, &rest[..per], span)).collect();
                    return self.apply_ops(Value::new(Kind::List(items), span), &rest[per..], span);
                }
            };
        }
        v
    }

    pub(crate) fn get_attr(&mut self, v: Value, name: &str, span: Span) -> Value {
        match v.kind {
            Kind::Map(map) => match map_entries(map).into_iter().rev().find(|(k, _)| k == name) {
                Some((_, v)) => v,
                None => self.error(format!("no attribute {}", quote(name)), span),
            },
            _ => self.error(
                format!("cannot read attribute {} of a value that is not an object", quote(name)),
                span,
            ),
        }
    }

    pub fn index(&mut self, v: Value, k: &Value, span: Span) -> Value {
        if k.is_unknown() {
            return respan(k, span);
        }
        match v.kind {
            Kind::List(items) => match k.as_f64() {
                Some(n) if n >= 0.0 && n.fract() == 0.0 && (n as usize) < items.len() => {
                    items.into_iter().nth(n as usize).unwrap_or_else(|| Value::null(span))
                }
                _ => self.error(format!("invalid index {k}"), span),
            },
            Kind::Map(map) => match k.scalar_text() {
                Some(name) => self.get_attr(Value::new(Kind::Map(map), span), &name, span),
                None => self.error("invalid key", span),
            },
            Kind::Unknown(_) => v,
            _ => self.error("cannot index a value that is not a list or map", span),
        }
    }
}

/// What `local.NAME`, `var.NAME` or `module.NAME` reads, kept alive while it is read.
enum Named<'e, 'a> {
    Var(&'e Entry),
    Local(Rc<Entry>),
    Module(Rc<Child<'a>>),
}

impl Named<'_, '_> {
    fn entry(&self) -> &Entry {
        match self {
            Named::Var(entry) => entry,
            Named::Local(entry) => entry,
            Named::Module(child) => &child.entry,
        }
    }
}

/// The part of `value` that attribute steps and literal indexes lead to, as it is (with the span it
/// was made at); `None` past any other step.
fn peek<'v>(value: &'v Value, ops: &[Op]) -> Option<&'v Value> {
    ops.iter().try_fold(value, |v, op| match op.value() {
        TraversalOperator::GetAttr(id) => attribute(v, id.as_str()),
        TraversalOperator::LegacyIndex(n) => element(v, &Value::new(Kind::Number(*n.value() as f64), v.span)),
        TraversalOperator::Index(Expression::Number(n)) => {
            element(v, &Value::new(Kind::Number(n.value().as_f64()?), v.span))
        }
        TraversalOperator::Index(Expression::String(key)) => attribute(v, key.value()),
        _ => None,
    })
}

/// The attribute `get_attr` would find: the last entry of that name.
fn attribute<'v>(v: &'v Value, name: &str) -> Option<&'v Value> {
    match &v.kind {
        Kind::Map(map) => map.entries.iter().rev().find(|(k, _)| k.name == name).map(|(_, v)| v),
        _ => None,
    }
}

/// The element `index` would find, when it finds one.
fn element<'v>(v: &'v Value, k: &Value) -> Option<&'v Value> {
    if k.is_unknown() {
        return None;
    }
    match &v.kind {
        Kind::List(items) => match k.as_f64() {
            Some(n) if n >= 0.0 && n.fract() == 0.0 => items.get(n as usize),
            _ => None,
        },
        Kind::Map(_) => attribute(v, &k.scalar_text()?),
        _ => None,
    }
}
