//! Intrinsic functions (`Ref`, `Fn::Sub`, `Fn::If`, …) resolved over a resource's attributes.
//!
//! Resolution returns `None` for `Ref: AWS::NoValue`, which removes the map entry or list item holding
//! it, as AWS does. Everything that cannot be known before deployment becomes Unknown with a reason;
//! malformed arguments do too, so one odd property never costs the whole resource.

use crate::collections::{HashMap, HashSet};

use crate::eval::budget::{Limit, Share};
use crate::model::Reference;
use crate::source::Span;
use crate::value::{Kind, Map, Value};

/// Deeper than any real template; the parsers already cap nesting, this bounds the walk regardless.
const MAX_DEPTH: usize = 256;

const PSEUDO_PARAMETERS: &[&str] = &[
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

/// What the template declares, shared by every resource's walk.
#[derive(Clone)]
pub(super) struct Context<'a> {
    /// Every declared parameter's value (Unknown when it has none).
    pub parameters: HashMap<String, Value>,
    pub mappings: Option<&'a Map>,
    /// Logical ids of every declared resource, including those whose condition is false.
    /// Shared, not copied, by the per-branch contexts of every resource: templates can declare
    /// hundreds of thousands of resources.
    pub resources: std::rc::Rc<HashSet<&'a str>>,
    /// Named conditions: `None` when the outcome depends on something unknown.
    pub conditions: HashMap<String, Option<bool>>,
    /// Parameters whose value is their `Default` (none was given), shown as `Name = "value"`: a
    /// finding decided by one holds for that default only.
    pub defaulted: std::rc::Rc<HashMap<String, String>>,
    /// The whole scan's budget: a parameter or mapping value is copied into every place that uses it.
    pub budget: &'a Share<'a>,
    /// Where parameters, mappings and conditions are declared, for what a walk reads.
    pub symbols: std::rc::Rc<super::symbols::Symbols>,
}

impl Context<'_> {
    pub fn condition(&self, name: &str) -> Option<bool> {
        self.conditions.get(name).copied().flatten()
    }
}

/// One walk over a value, collecting the references it makes.
pub(super) struct Walker<'c, 'a> {
    cx: &'c Context<'a>,
    path: Vec<String>,
    pub refs: Vec<Reference>,
    /// Where a parameter's default was used, and which (`Name = "value"`).
    pub defaults_used: Vec<(Span, String)>,
    /// Where a spent limit of the shared budget first stopped the walk.
    pub stopped: Option<(Span, Limit)>,
    /// The declarations of parameters, mappings and conditions the walk read.
    pub read: Vec<Span>,
}

impl<'c, 'a> Walker<'c, 'a> {
    pub fn new(cx: &'c Context<'a>) -> Self {
        Walker {
            cx,
            path: Vec::new(),
            refs: Vec::new(),
            defaults_used: Vec::new(),
            stopped: None,
            read: Vec::new(),
        }
    }

    fn note_default(&mut self, name: &str, span: Span) {
        if let Some(shown) = self.cx.defaulted.get(name) {
            self.defaults_used.push((span, shown.clone()));
        }
    }

    /// `value` copied to `span`, once the budget allows the copy.
    fn copy(&mut self, value: &Value, span: Span) -> Value {
        if self.cx.budget.take(Limit::Bytes, value.footprint()) {
            return respan(value.clone(), span);
        }
        self.stopped.get_or_insert((span, Limit::Bytes));
        Value::unknown("evaluation stopped: the template builds too many values", span)
    }

    /// Resolves a top-level attribute of a resource (`Properties`, `Metadata`, …).
    pub fn resolve_at(&mut self, key: &str, value: &Value) -> Option<Value> {
        self.path.clear();
        self.path.push(key.to_string());
        let resolved = self.resolve(value, 0);
        self.path.clear();
        resolved
    }

    pub fn resolve(&mut self, value: &Value, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return Some(Value::unknown("value nested too deeply to evaluate", value.span));
        }
        match &value.kind {
            Kind::Map(map) => {
                if let [(key, arg)] = map.entries.as_slice()
                    && is_intrinsic(&key.name)
                {
                    return self.intrinsic(&key.name, arg, value.span, depth + 1);
                }
                let mut out = Map::default();
                for (key, item) in map.iter() {
                    self.path.push(key.name.clone());
                    let resolved = self.resolve(item, depth + 1);
                    self.path.pop();
                    if let Some(resolved) = resolved {
                        out.insert(key.clone(), resolved);
                    }
                }
                Some(Value::new(Kind::Map(out), value.span))
            }
            Kind::List(items) => {
                let items = items.iter().filter_map(|item| self.resolve(item, depth + 1)).collect();
                Some(Value::new(Kind::List(items), value.span))
            }
            _ => Some(value.clone()),
        }
    }

    /// Resolves an argument that must be present: `AWS::NoValue` there is malformed.
    fn arg(&mut self, value: &Value, depth: usize) -> Value {
        self.resolve(value, depth)
            .unwrap_or_else(|| Value::unknown("AWS::NoValue used as a function argument", value.span))
    }

    fn intrinsic(&mut self, name: &str, arg: &Value, span: Span, depth: usize) -> Option<Value> {
        let value = match name {
            "Ref" => return self.reference(arg, span),
            "Fn::If" => return self.fn_if(arg, span, depth),
            "Fn::Base64" => return Some(self.arg(arg, depth)),
            "Fn::GetAtt" => self.get_att(arg, span),
            "Fn::Sub" => self.sub(arg, span, depth),
            "Fn::Join" => self.join(arg, span, depth),
            "Fn::Select" => self.select(arg, span, depth),
            "Fn::Split" => self.split(arg, span, depth),
            "Fn::FindInMap" => self.find_in_map(arg, span, depth),
            "Fn::Length" => match self.arg(arg, depth).kind {
                Kind::List(items) => Value::new(Kind::Number(items.len() as f64), span),
                Kind::Unknown(u) => Value::new(Kind::Unknown(u), span),
                _ => malformed(name, span),
            },
            "Fn::ToJsonString" => {
                let inner = self.arg(arg, depth);
                match inner.find_unknown() {
                    Some(u) => Value::unknown(u.reason.clone(), span),
                    None => Value::string(inner.to_json().to_string(), span),
                }
            }
            _ => {
                // Still walked, so references inside (`Fn::Cidr: [!GetAtt Vpc.CidrBlock, …]`) count.
                let _ = self.resolve(arg, depth);
                let reason = match name {
                    "Fn::GetAZs" | "Fn::ImportValue" | "Fn::Cidr" | "Fn::Transform" => {
                        format!("{name} is resolved at deploy time")
                    }
                    _ => format!("{name} is not supported here"),
                };
                Value::unknown_present(reason, span)
            }
        };
        Some(value)
    }

    fn add_reference(&mut self, target: &str, span: Span) -> bool {
        if !self.cx.resources.contains(target) {
            return false;
        }
        self.refs.push(Reference { via: self.path.join("."), target: target.to_string(), span });
        true
    }

    fn reference(&mut self, arg: &Value, span: Span) -> Option<Value> {
        let Some(name) = arg.as_str() else {
            return Some(malformed("Ref", span));
        };
        if name == "AWS::NoValue" {
            return None;
        }
        let value = if PSEUDO_PARAMETERS.contains(&name) {
            Value::unknown_present(format!("pseudo parameter {name} is known at deploy time"), span)
        } else if let Some(value) = self.cx.parameters.get(name) {
            self.note_default(name, span);
            self.cx.symbols.parameter(name, &mut self.read);
            // The value is used here, so findings about it must point here, not at the declaration.
            self.copy(value, span)
        } else if self.add_reference(name, span) {
            Value::unknown_present(format!("Ref to resource {name}"), span)
        } else {
            Value::unknown(format!("Ref to {name}, which is not declared"), span)
        };
        Some(value)
    }

    fn get_att(&mut self, arg: &Value, span: Span) -> Value {
        let (resource, attribute) = match &arg.kind {
            Kind::List(items) => match items.as_slice() {
                [resource, attribute] => (
                    resource.as_str(),
                    attribute.as_str().map_or_else(|| "(computed)".to_string(), str::to_string),
                ),
                _ => (None, String::new()),
            },
            Kind::String(s) => match s.split_once('.') {
                Some((resource, attribute)) => (Some(resource), attribute.to_string()),
                None => (None, String::new()),
            },
            _ => (None, String::new()),
        };
        let Some(resource) = resource else {
            return malformed("Fn::GetAtt", span);
        };
        self.add_reference(resource, span);
        Value::unknown_present(format!("Fn::GetAtt {resource}.{attribute} is known after deployment"), span)
    }

    fn fn_if(&mut self, arg: &Value, span: Span, depth: usize) -> Option<Value> {
        let Some([condition, when_true, when_false]) = arg.as_list() else {
            return Some(malformed("Fn::If", span));
        };
        let Some(name) = condition.as_str() else {
            return Some(malformed("Fn::If", span));
        };
        self.cx.symbols.condition(name, &mut self.read);
        match self.cx.condition(name) {
            Some(true) => self.resolve(when_true, depth),
            Some(false) => self.resolve(when_false, depth),
            None => {
                // Both branches may be deployed: walk both so their references count, and keep a value
                // only when it does not depend on the branch.
                let a = self.resolve(when_true, depth);
                let b = self.resolve(when_false, depth);
                match (a, b) {
                    (None, None) => None,
                    (Some(a), Some(b)) if same(&a, &b) => Some(a),
                    _ => Some(Value::unknown(format!("depends on condition {name}"), span)),
                }
            }
        }
    }

    fn sub(&mut self, arg: &Value, span: Span, depth: usize) -> Value {
        let (template, vars) = match &arg.kind {
            Kind::String(_) => (arg, None),
            Kind::List(items) => match items.as_slice() {
                [template] => (template, None),
                [template, vars] => (template, Some(self.arg(vars, depth))),
                _ => return malformed("Fn::Sub", span),
            },
            _ => return malformed("Fn::Sub", span),
        };
        let Some(text) = template.as_str() else {
            return malformed("Fn::Sub", span);
        };
        let vars = vars.as_ref().and_then(Value::as_map);
        let mut out = String::new();
        let mut unknown: Option<String> = None;
        let mut rest = text;
        while let Some(open) = rest.find("${") {
            out.push_str(&rest[..open]);
            let after = &rest[open + 2..];
            if let Some(literal) = after.strip_prefix('!') {
                // `${!Name}` is the literal text `${Name}`.
                out.push_str("${");
                rest = literal;
                continue;
            }
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                rest = "";
                break;
            };
            match self.sub_variable(after[..close].trim(), vars, template.span) {
                Ok(text) => out.push_str(&text),
                Err(reason) => {
                    unknown.get_or_insert(reason);
                }
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        // Whatever the variables turn out to be, the result is a string.
        match unknown {
            Some(reason) => Value::unknown_present(reason, span),
            None => Value::string(out, span),
        }
    }

    fn sub_variable(&mut self, name: &str, vars: Option<&Map>, span: Span) -> Result<String, String> {
        let value = if let Some(value) = vars.and_then(|v| v.get(name)) {
            value
        } else if PSEUDO_PARAMETERS.contains(&name) {
            return Err(format!("pseudo parameter {name} is known at deploy time"));
        } else if let Some(value) = self.cx.parameters.get(name) {
            self.note_default(name, span);
            self.cx.symbols.parameter(name, &mut self.read);
            value
        } else if self.add_reference(name, span) {
            return Err(format!("Ref to resource {name}"));
        } else if let Some((resource, attribute)) = name.split_once('.')
            && self.add_reference(resource, span)
        {
            return Err(format!("Fn::GetAtt {resource}.{attribute} is known after deployment"));
        } else {
            return Err(format!("Fn::Sub variable {name} is not defined"));
        };
        match &value.kind {
            Kind::Unknown(u) => Err(u.reason.to_string()),
            _ => value.scalar_text().ok_or_else(|| format!("Fn::Sub variable {name} is not a scalar")),
        }
    }

    fn join(&mut self, arg: &Value, span: Span, depth: usize) -> Value {
        let Some([delimiter, items]) = arg.as_list() else {
            return malformed("Fn::Join", span);
        };
        let delimiter = self.arg(delimiter, depth);
        let items = self.arg(items, depth);
        let (Some(delimiter), Kind::List(items)) = (delimiter.as_str(), &items.kind) else {
            return unknown_or_malformed(&[&delimiter, &items], "Fn::Join", span);
        };
        let mut parts = Vec::with_capacity(items.len());
        for item in items {
            match item.scalar_text() {
                Some(text) => parts.push(text),
                None => return unknown_or_malformed(&[item], "Fn::Join", span),
            }
        }
        Value::string(parts.join(delimiter), span)
    }

    fn select(&mut self, arg: &Value, span: Span, depth: usize) -> Value {
        let Some([index, items]) = arg.as_list() else {
            return malformed("Fn::Select", span);
        };
        let index = self.arg(index, depth);
        let items = self.arg(items, depth);
        let position = index.as_f64().filter(|n| n.fract() == 0.0 && *n >= 0.0);
        let (Some(position), Kind::List(list)) = (position, &items.kind) else {
            return unknown_or_malformed(&[&index, &items], "Fn::Select", span);
        };
        list.get(position as usize)
            .cloned()
            .unwrap_or_else(|| Value::unknown(format!("Fn::Select index {position} is out of range"), span))
    }

    fn split(&mut self, arg: &Value, span: Span, depth: usize) -> Value {
        let Some([delimiter, source]) = arg.as_list() else {
            return malformed("Fn::Split", span);
        };
        let delimiter = self.arg(delimiter, depth);
        let source = self.arg(source, depth);
        match (delimiter.as_str(), source.scalar_text()) {
            (Some(d), Some(text)) if !d.is_empty() => {
                Value::new(Kind::List(text.split(d).map(|part| Value::string(part, span)).collect()), span)
            }
            _ => unknown_or_malformed(&[&delimiter, &source], "Fn::Split", span),
        }
    }

    fn find_in_map(&mut self, arg: &Value, span: Span, depth: usize) -> Value {
        let (keys, default) = match arg.as_list() {
            Some([a, b, c]) => ([a, b, c], None),
            Some([a, b, c, options]) => ([a, b, c], options.get("DefaultValue")),
            _ => return malformed("Fn::FindInMap", span),
        };
        let keys = keys.map(|k| self.arg(k, depth));
        self.cx.symbols.mapping(Some(&keys[0]), &mut self.read);
        let [Some(map), Some(top), Some(second)] = keys.each_ref().map(Value::scalar_text) else {
            return unknown_or_malformed(&keys.each_ref(), "Fn::FindInMap", span);
        };
        let found =
            self.cx.mappings.and_then(|m| m.get(&map)).and_then(|m| m.get(&top)).and_then(|m| m.get(&second));
        match (found, default) {
            // The mapping's text is elsewhere in the file; the use is here.
            (Some(value), _) => self.copy(value, span),
            (None, Some(default)) => self.arg(default, depth),
            (None, None) => Value::unknown(format!("Fn::FindInMap has no entry {map}/{top}/{second}"), span),
        }
    }
}

fn is_intrinsic(name: &str) -> bool {
    name == "Ref" || name.starts_with("Fn::")
}

fn malformed(function: &str, span: Span) -> Value {
    Value::unknown(format!("malformed {function}"), span)
}

/// Unknown with the reason of the first unknown argument, else a malformed call.
fn unknown_or_malformed(args: &[&Value], function: &str, span: Span) -> Value {
    args.iter()
        .find_map(|a| a.find_unknown())
        .map_or_else(|| malformed(function, span), |u| Value::unknown(u.reason.clone(), span))
}

/// Gives a value (and everything inside it) one span. Values copied from parameters and mappings are
/// small, so the recursion is shallow.
pub(super) fn respan(mut value: Value, span: Span) -> Value {
    value.span = span;
    value.kind = match value.kind {
        Kind::List(items) => Kind::List(items.into_iter().map(|v| respan(v, span)).collect()),
        Kind::Map(mut map) => {
            map.entries = map.entries.into_iter().map(|(k, v)| (k, respan(v, span))).collect();
            Kind::Map(map)
        }
        other => other,
    };
    value
}

/// Equality of values, ignoring spans. Scalars compare by text, as CloudFormation compares strings.
pub(super) fn same(a: &Value, b: &Value) -> bool {
    match (&a.kind, &b.kind) {
        (Kind::Null, Kind::Null) => true,
        (Kind::List(x), Kind::List(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (Kind::Map(x), Kind::Map(y)) => {
            x.len() == y.len()
                && x.iter().zip(y.iter()).all(|((ka, va), (kb, vb))| ka.name == kb.name && same(va, vb))
        }
        (Kind::Unknown(_), _) | (_, Kind::Unknown(_)) => false,
        _ => a.scalar_text().is_some_and(|t| Some(t) == b.scalar_text()),
    }
}
