//! Expression evaluation: literals, templates, traversals, operators, conditionals and `for`.
//!
//! Nothing here fails: a value that cannot be computed is [`Kind::Unknown`] with the reason. Evaluation
//! errors (a missing attribute, a type mismatch) are Unknown too, and also counted, so that `try` and
//! `can` can tell an error from a value that is merely unknown until apply.

use hcl_edit::expr::{
    BinaryOperator, Conditional, Expression, ForExpr, Object, ObjectKey, TraversalOperator, UnaryOperator,
};
use hcl_edit::{Decorated, Ident};

use super::env::{MAX_DEPTH, ModuleEnv};
use super::functions;
use super::module::span_of;
use crate::escape::quote;
use crate::eval::budget::Limit;
use crate::model::{Input, Reference};
use crate::source::{FileId, Span};
use crate::value::{Key, Kind, Map, Value};

/// The reason of every value the shared budget stopped.
const STOPPED: &str = "evaluation stopped: the configuration builds too many values";

/// Strings longer than this become Unknown rather than eat memory.
pub(crate) const MAX_STRING: usize = 1 << 20;
/// Lists built by functions and `for` expressions longer than this become Unknown.
pub(crate) const MAX_ITEMS: usize = 100_000;

pub(crate) type Op = Decorated<TraversalOperator>;

pub(crate) struct Eval<'e, 'a> {
    pub env: &'e ModuleEnv<'a>,
    /// The file the expressions being evaluated come from.
    pub file: FileId,
    /// Names bound by `count`, `for_each`, `for` expressions and dynamic block iterators, innermost last.
    pub scope: Vec<(String, Value)>,
    /// References to resources met so far.
    pub refs: Vec<Reference>,
    /// The attribute path being evaluated, for [`Reference::via`].
    pub via: Vec<String>,
    /// Evaluation errors met so far.
    pub errors: u32,
    /// What was read besides the expressions evaluated: locals, outputs, variable values, files.
    pub inputs: Vec<Input>,
    /// Names read whose value a caller decided: the span of the reference, and where it was decided.
    pub origins: Vec<(Span, crate::model::Location)>,
}

impl<'e, 'a> Eval<'e, 'a> {
    pub fn new(env: &'e ModuleEnv<'a>, file: FileId) -> Self {
        Eval {
            env,
            file,
            scope: Vec::new(),
            refs: Vec::new(),
            via: Vec::new(),
            errors: 0,
            inputs: Vec::new(),
            origins: Vec::new(),
        }
    }

    /// Where the value of the expression at `span` was decided, when it is a name read as it is.
    pub fn origin_of(&self, span: Span) -> Option<crate::model::Location> {
        self.origins.iter().rev().find(|(s, _)| *s == span).map(|(_, at)| at.clone())
    }

    /// The distinct addresses referenced so far.
    pub fn targets(&self) -> Vec<String> {
        let mut targets: Vec<String> = self.refs.iter().map(|r| r.target.clone()).collect();
        targets.sort();
        targets.dedup();
        targets
    }

    /// An evaluation error: Unknown, and counted for `try` and `can`.
    pub fn error(&mut self, message: impl Into<String>, span: Span) -> Value {
        self.errors += 1;
        Value::unknown(message.into(), span)
    }

    /// The source text of a span, on one line, for messages.
    pub fn text(&self, span: Span) -> String {
        let span = self.env.run.original(self.file, span);
        let text = self.env.run.files.get(self.file).and_then(|f| f.text.get(span.range())).unwrap_or("");
        let mut flat = text.split_whitespace().collect::<Vec<_>>().join("");
        if flat.len() > 120 {
            let mut cut = 120;
            while !flat.is_char_boundary(cut) {
                cut -= 1;
            }
            flat.truncate(cut);
            flat.push('…');
        }
        flat
    }

    /// Records an input of the value being computed.
    pub fn read(&mut self, input: &Input) {
        self.env.run.note(&mut self.inputs, input);
    }

    pub(crate) fn record(&mut self, target: String, span: Span) {
        self.refs.push(Reference { via: self.via.join("."), target, span });
    }

    pub fn expr(&mut self, expr: &Expression) -> Value {
        let span = span_of(expr);
        if !self.env.run.step(self.file, span) {
            return Value::unknown("evaluation stopped: too many steps", span);
        }
        let depth = self.env.run.depth.get();
        if depth >= MAX_DEPTH {
            self.env.run.nested_too_deeply(self.file, span);
            return self.error("expression nested too deeply", span);
        }
        if self.env.run.spent(Limit::Bytes, self.file, span) {
            return Value::unknown(STOPPED, span);
        }
        self.env.run.depth.set(depth + 1);
        let value = self.expr_inner(expr, span);
        self.env.run.depth.set(depth);
        // What this node built: the values inside a collection it makes were counted where they were
        // made; anything else may be a copy (a name read, a function's result) and is counted whole.
        let built = match expr {
            Expression::Parenthesis(_) | Expression::Conditional(_) => 0,
            Expression::Array(_) | Expression::Object(_) | Expression::ForExpr(_) => {
                value.shallow_footprint()
            }
            _ => value.footprint(),
        };
        if !self.env.run.take(Limit::Bytes, built, self.file, span) {
            return Value::unknown(STOPPED, span);
        }
        value
    }

    fn expr_inner(&mut self, expr: &Expression, span: Span) -> Value {
        match expr {
            Expression::Null(_) => Value::null(span),
            Expression::Bool(b) => Value::new(Kind::Bool(*b.value()), span),
            Expression::Number(n) => match n.value().as_f64() {
                Some(n) => Value::new(Kind::Number(n), span),
                None => self.error("number out of range", span),
            },
            Expression::String(s) => Value::string(s.value().clone(), span),
            Expression::Array(items) => {
                let items = items.iter().map(|e| self.expr(e)).collect();
                Value::new(Kind::List(items), span)
            }
            Expression::Object(object) => self.object(object, span),
            Expression::StringTemplate(t) => self.template(t, span),
            Expression::HeredocTemplate(h) => self.template(&h.template, span),
            Expression::Parenthesis(p) => self.expr(p.inner()),
            Expression::Variable(v) => self.traverse(v.as_str(), &[], span),
            Expression::Traversal(t) => match &t.expr {
                Expression::Variable(v) => self.traverse(v.as_str(), &t.operators, span),
                other => {
                    let base = self.expr(other);
                    self.apply_ops(base, &t.operators, span)
                }
            },
            Expression::Conditional(c) => self.conditional(c, span),
            Expression::FuncCall(call) => functions::call(self, call, span),
            Expression::UnaryOp(op) => {
                let v = self.expr(&op.expr);
                self.unary(*op.operator.value(), &v, span)
            }
            Expression::BinaryOp(op) => {
                let l = self.expr(&op.lhs_expr);
                let r = self.expr(&op.rhs_expr);
                self.binary(*op.operator.value(), &l, &r, span)
            }
            Expression::ForExpr(f) => self.for_expr(f, span),
        }
    }

    fn object(&mut self, object: &Object, span: Span) -> Value {
        let mut map = Map::default();
        let mut unknown_key = None;
        for (key, value) in object {
            let key_span = span_of(key);
            let name = match key {
                ObjectKey::Ident(id) | ObjectKey::Expression(Expression::Variable(id)) => {
                    Some(id.as_str().to_string())
                }
                ObjectKey::Expression(e) => {
                    let k = self.expr(e);
                    match k.scalar_text() {
                        Some(s) => Some(s),
                        None if k.is_unknown() => {
                            unknown_key = Some(k);
                            None
                        }
                        None => {
                            unknown_key = Some(self.error("object key must be a string", key_span));
                            None
                        }
                    }
                }
            };
            self.via.push(name.clone().unwrap_or_default());
            let v = self.expr(value.expr());
            self.via.pop();
            if let Some(name) = name {
                map.insert(Key { name, span: key_span }, v);
            }
        }
        match unknown_key {
            Some(k) => respan(&k, span),
            None => Value::new(Kind::Map(map), span),
        }
    }

    /// Key and value pairs of a collection for `for`: list indices, or map keys in lexical order as
    /// Terraform iterates them.
    pub fn items(&mut self, coll: Value) -> Result<Vec<(Value, Value)>, Value> {
        let span = coll.span;
        match coll.kind {
            Kind::List(items) => Ok(items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (Value::new(Kind::Number(i as f64), span), v))
                .collect()),
            Kind::Map(map) => {
                let mut entries = map_entries(map);
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                Ok(entries.into_iter().map(|(k, v)| (Value::string(k, span), v)).collect())
            }
            Kind::Unknown(_) => Err(Value::new(coll.kind, span)),
            _ => Err(self.error("cannot iterate over a value that is not a list or map", span)),
        }
    }

    pub(crate) fn bind(
        &mut self,
        key_var: Option<&Decorated<Ident>>,
        value_var: &Decorated<Ident>,
        k: Value,
        v: Value,
    ) {
        if let Some(key_var) = key_var {
            self.scope.push((key_var.as_str().to_string(), k));
        }
        self.scope.push((value_var.as_str().to_string(), v));
    }

    pub(crate) fn unbind(&mut self, key_var: Option<&Decorated<Ident>>) {
        self.scope.pop();
        if key_var.is_some() {
            self.scope.pop();
        }
    }

    fn for_expr(&mut self, f: &ForExpr, span: Span) -> Value {
        let coll = self.expr(&f.intro.collection_expr);
        let items = match self.items(coll) {
            Ok(items) => items,
            Err(unknown) => {
                // Still walk the body once so that the references in it are recorded.
                let u = |s: &str| Value::unknown(format!("{s} of an unknown collection"), span);
                self.bind(f.intro.key_var.as_ref(), &f.intro.value_var, u("key"), u("element"));
                if let Some(k) = &f.key_expr {
                    self.expr(k);
                }
                self.expr(&f.value_expr);
                self.unbind(f.intro.key_var.as_ref());
                return respan(&unknown, span);
            }
        };
        let mut list = Vec::new();
        let mut map = Map::default();
        for (k, v) in items {
            self.bind(f.intro.key_var.as_ref(), &f.intro.value_var, k, v);
            let result = self.for_item(f, &mut list, &mut map, span);
            self.unbind(f.intro.key_var.as_ref());
            if let Err(unknown) = result {
                return respan(&unknown, span);
            }
        }
        if f.key_expr.is_some() {
            Value::new(Kind::Map(map), span)
        } else {
            Value::new(Kind::List(list), span)
        }
    }

    fn for_item(
        &mut self,
        f: &ForExpr,
        list: &mut Vec<Value>,
        map: &mut Map,
        span: Span,
    ) -> Result<(), Value> {
        if let Some(cond) = &f.cond {
            let c = self.expr(&cond.expr);
            match bool_of(&c) {
                Some(true) => {}
                Some(false) => return Ok(()),
                None if c.is_unknown() => return Err(c),
                None => return Err(self.error("for condition is not a bool", c.span)),
            }
        }
        let Some(key_expr) = &f.key_expr else {
            list.push(self.expr(&f.value_expr));
            return if list.len() > MAX_ITEMS {
                Err(self.error("for expression too large", span))
            } else {
                Ok(())
            };
        };
        let k = self.expr(key_expr);
        let name = match k.scalar_text() {
            Some(name) => name,
            None if k.is_unknown() => return Err(k),
            None => return Err(self.error("for expression key is not a string", k.span)),
        };
        let v = self.expr(&f.value_expr);
        if f.grouping {
            if let Some((_, Value { kind: Kind::List(group), .. })) =
                map.entries.iter_mut().find(|(key, _)| key.name == name)
            {
                group.push(v);
            } else {
                map.insert(Key { name, span: k.span }, Value::new(Kind::List(vec![v]), span));
            }
        } else if map.get(&name).is_some() {
            return Err(self.error(format!("duplicate key {} in for expression", quote(&name)), k.span));
        } else {
            map.insert(Key { name, span: k.span }, v);
        }
        if map.len() > MAX_ITEMS { Err(self.error("for expression too large", span)) } else { Ok(()) }
    }

    fn conditional(&mut self, c: &Conditional, span: Span) -> Value {
        let cond = self.expr(&c.cond_expr);
        // Both branches are evaluated so that references in either are recorded, as Terraform's graph
        // does; errors in the branch not taken do not count.
        let errors = self.errors;
        match bool_of(&cond) {
            Some(true) => {
                let t = self.expr(&c.true_expr);
                let keep = self.errors;
                self.expr(&c.false_expr);
                self.errors = keep;
                t
            }
            Some(false) => {
                self.expr(&c.true_expr);
                self.errors = errors;
                self.expr(&c.false_expr)
            }
            None => {
                let t = self.expr(&c.true_expr);
                let f = self.expr(&c.false_expr);
                if cond.is_unknown() {
                    // Either way the same value: the condition does not matter.
                    if equal(&t, &f) == Some(true) { t } else { respan(&cond, span) }
                } else {
                    self.error("condition is not a bool", cond.span)
                }
            }
        }
    }

    fn unary(&mut self, op: UnaryOperator, v: &Value, span: Span) -> Value {
        if v.is_unknown() {
            return respan(v, span);
        }
        match op {
            UnaryOperator::Not => match bool_of(v) {
                Some(b) => Value::new(Kind::Bool(!b), span),
                None => self.error("! needs a bool", span),
            },
            UnaryOperator::Neg => match v.as_f64() {
                Some(n) => Value::new(Kind::Number(-n), span),
                None => self.error("- needs a number", span),
            },
        }
    }

    fn binary(&mut self, op: BinaryOperator, lhs: &Value, rhs: &Value, span: Span) -> Value {
        use BinaryOperator as B;
        let unknown = |v: &Value| respan(v, span);
        match op {
            B::And | B::Or => {
                let (lb, rb) = (bool_of(lhs), bool_of(rhs));
                let decided = if op == B::And { Some(false) } else { Some(true) };
                if lb == decided || rb == decided {
                    return Value::new(Kind::Bool(op == B::Or), span);
                }
                match (lb, rb) {
                    (Some(_), Some(_)) => Value::new(Kind::Bool(op == B::And), span),
                    _ if lhs.is_unknown() => unknown(lhs),
                    _ if rhs.is_unknown() => unknown(rhs),
                    _ => self.error(format!("{} needs bools", op.as_str()), span),
                }
            }
            B::Eq | B::NotEq => {
                if let Some(eq) = equal(lhs, rhs) {
                    return Value::new(Kind::Bool(eq == (op == B::Eq)), span);
                }
                let u = lhs.find_unknown().or_else(|| rhs.find_unknown()).cloned();
                Value::new(Kind::Unknown(u.unwrap_or_else(|| crate::value::Unknown::new("unknown"))), span)
            }
            _ => {
                if lhs.is_unknown() {
                    return unknown(lhs);
                }
                if rhs.is_unknown() {
                    return unknown(rhs);
                }
                let (Some(a), Some(b)) = (lhs.as_f64(), rhs.as_f64()) else {
                    return self.error(format!("{} needs numbers", op.as_str()), span);
                };
                let kind = match op {
                    B::Less => Kind::Bool(a < b),
                    B::LessEq => Kind::Bool(a <= b),
                    B::Greater => Kind::Bool(a > b),
                    B::GreaterEq => Kind::Bool(a >= b),
                    B::Plus => Kind::Number(a + b),
                    B::Minus => Kind::Number(a - b),
                    B::Mul => Kind::Number(a * b),
                    B::Div => Kind::Number(a / b),
                    // Terraform's modulo keeps the sign of the dividend, like Rust's %.
                    _ => Kind::Number(a % b),
                };
                match kind {
                    Kind::Number(n) if !n.is_finite() => {
                        self.error("arithmetic result is not a finite number", span)
                    }
                    kind => Value::new(kind, span),
                }
            }
        }
    }
}

pub(crate) fn map_entries(map: Map) -> Vec<(String, Value)> {
    map.entries.into_iter().map(|(k, v)| (k.name, v)).collect()
}

/// A bool, also from the strings `"true"` and `"false"` as Terraform converts them.
pub(crate) fn bool_of(v: &Value) -> Option<bool> {
    match &v.kind {
        Kind::Bool(b) => Some(*b),
        Kind::String(s) if s == "true" => Some(true),
        Kind::String(s) if s == "false" => Some(false),
        _ => None,
    }
}

/// Deep equality ignoring spans; `None` when either side holds an Unknown, so that a comparison never
/// treats an unknown value as known.
pub(crate) fn equal(a: &Value, b: &Value) -> Option<bool> {
    if a.find_unknown().is_some() || b.find_unknown().is_some() {
        return None;
    }
    Some(same(a, b))
}

fn same(a: &Value, b: &Value) -> bool {
    match (&a.kind, &b.kind) {
        (Kind::Null, Kind::Null) => true,
        (Kind::Bool(x), Kind::Bool(y)) => x == y,
        (Kind::Number(x), Kind::Number(y)) => x.partial_cmp(y) == Some(std::cmp::Ordering::Equal),
        (Kind::String(x), Kind::String(y)) => x == y,
        (Kind::List(x), Kind::List(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),
        (Kind::Map(x), Kind::Map(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(&k.name).is_some_and(|w| same(v, w)))
        }
        _ => false,
    }
}

/// The value with every node, keys included, at `span`: a value read through a name points at the
/// place that used the name.
pub(crate) fn respan(v: &Value, span: Span) -> Value {
    let kind = match &v.kind {
        Kind::List(items) => Kind::List(items.iter().map(|i| respan(i, span)).collect()),
        Kind::Map(map) => Kind::Map(Map {
            entries: map.iter().map(|(k, v)| (Key { name: k.name.clone(), span }, respan(v, span))).collect(),
        }),
        other => other.clone(),
    };
    Value::new(kind, span)
}
