//! The one value tree every format ends in: CloudFormation YAML and JSON parse into it, Terraform
//! evaluates into it, policy files parse into it, and policies read it.
//!
//! Every node carries the byte [`Span`] of the text it came from, so a finding can point at the exact
//! attribute. [`Kind::Unknown`] is a value, not an error: it stands for anything that can only be known
//! at deploy time (an unset variable, a data source, an attribute AWS computes).

use std::fmt;
use std::sync::Arc;

use crate::source::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub kind: Kind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    List(Vec<Value>),
    Map(Map),
    Unknown(Unknown),
}

/// Why a value cannot be known before deployment, e.g. `var.cidr has no value`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unknown {
    pub reason: Arc<str>,
    /// The value is unknown but certainly not null: it was written as something that always yields a
    /// value (a reference to a resource, `Fn::GetAtt`, a string template). An attribute holding it
    /// exists, which policies asking only for presence can judge. Off unless the evaluator knows.
    pub present: bool,
}

impl Unknown {
    #[must_use]
    pub fn new(reason: impl Into<Arc<str>>) -> Self {
        Unknown { reason: reason.into(), present: false }
    }

    /// An unknown that is certainly not null (see [`Unknown::present`]).
    #[must_use]
    pub fn present(reason: impl Into<Arc<str>>) -> Self {
        Unknown { reason: reason.into(), present: true }
    }
}

/// An ordered map whose keys keep their spans. Maps in templates are small, so a vector beats hashing;
/// on duplicate keys the last one wins, as in Terraform and CloudFormation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Map {
    pub entries: Vec<(Key, Value)>,
}

const NODE: u64 = std::mem::size_of::<Value>() as u64;
const ENTRY: u64 = (std::mem::size_of::<Key>() + std::mem::size_of::<Value>()) as u64;

#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub name: String,
    pub span: Span,
}

impl Map {
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.entry(name).map(|(_, v)| v)
    }

    #[must_use]
    pub fn entry(&self, name: &str) -> Option<(&Key, &Value)> {
        self.entries.iter().rev().find(|(k, _)| k.name == name).map(|(k, v)| (k, v))
    }

    pub fn insert(&mut self, key: Key, value: Value) {
        self.entries.push((key, value));
    }

    /// Inserts `value` under `key` in place of every entry of that name, as Terraform's `merge()` and
    /// `zipmap()` do when a key comes again.
    pub fn replace(&mut self, key: Key, value: Value) {
        self.entries.retain(|(k, _)| k.name != key.name);
        self.entries.push((key, value));
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Key, &Value)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// What [`Value::footprint`] counts for a map value holding this map.
    #[must_use]
    pub fn footprint(&self) -> u64 {
        self.iter().map(|(k, v)| ENTRY + k.name.len() as u64 + v.footprint()).sum::<u64>()
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Value {
    #[must_use]
    pub fn new(kind: Kind, span: Span) -> Self {
        Value { kind, span }
    }

    #[must_use]
    pub fn string(s: impl Into<String>, span: Span) -> Self {
        Value::new(Kind::String(s.into()), span)
    }

    #[must_use]
    pub fn unknown(reason: impl Into<Arc<str>>, span: Span) -> Self {
        Value::new(Kind::Unknown(Unknown::new(reason)), span)
    }

    /// An unknown value that is certainly not null (see [`Unknown::present`]).
    #[must_use]
    pub fn unknown_present(reason: impl Into<Arc<str>>, span: Span) -> Self {
        Value::new(Kind::Unknown(Unknown::present(reason)), span)
    }

    #[must_use]
    pub fn null(span: Span) -> Self {
        Value::new(Kind::Null, span)
    }

    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_map(&self) -> Option<&Map> {
        match &self.kind {
            Kind::Map(m) => Some(m),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_list(&self) -> Option<&[Value]> {
        match &self.kind {
            Kind::List(l) => Some(l),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_unknown(&self) -> Option<&Unknown> {
        match &self.kind {
            Kind::Unknown(u) => Some(u),
            _ => None,
        }
    }

    #[must_use]
    pub fn is_unknown(&self) -> bool {
        matches!(self.kind, Kind::Unknown(_))
    }

    /// A map entry, when this is a map.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.as_map().and_then(|m| m.get(name))
    }

    /// The first Unknown anywhere inside this value, depth first.
    #[must_use]
    pub fn find_unknown(&self) -> Option<&Unknown> {
        match &self.kind {
            Kind::Unknown(u) => Some(u),
            Kind::List(items) => items.iter().find_map(Value::find_unknown),
            Kind::Map(m) => m.iter().find_map(|(_, v)| v.find_unknown()),
            _ => None,
        }
    }

    /// The heap memory this value holds, roughly: the nodes in its collections, their keys and every
    /// string's bytes. What the evaluation budget counts. A scalar holds none: its node is counted by
    /// the collection it is in, and one that is in none is gone with the expression that made it.
    #[must_use]
    pub fn footprint(&self) -> u64 {
        self.shallow_footprint()
            + match &self.kind {
                Kind::List(items) => items.iter().map(Value::footprint).sum(),
                Kind::Map(m) => m.iter().map(|(_, v)| v.footprint()).sum(),
                _ => 0,
            }
    }

    /// The heap memory of this node without what the values inside it hold.
    #[must_use]
    pub fn shallow_footprint(&self) -> u64 {
        match &self.kind {
            Kind::String(s) => s.len() as u64,
            Kind::List(items) => NODE * items.len() as u64,
            Kind::Map(m) => m.iter().map(|(k, _)| ENTRY + k.name.len() as u64).sum(),
            _ => 0,
        }
    }

    /// Truthiness as AWS reads it: CloudFormation is YAML 1.1, so `true`, `"true"`, `"True"`, `yes`
    /// and `on` are all true. `None` when the value is not a boolean at all.
    #[must_use]
    pub fn as_bool(&self) -> Option<bool> {
        match &self.kind {
            Kind::Bool(b) => Some(*b),
            Kind::String(s) => match s.to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" => Some(true),
                "false" | "no" | "off" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// A number, also from a numeric string (`"7"`), as templates often quote numbers.
    #[must_use]
    pub fn as_f64(&self) -> Option<f64> {
        match &self.kind {
            Kind::Number(n) => Some(*n),
            Kind::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The scalar as text, for comparisons that treat `7`, `"7"` and `true`, `"True"` alike.
    #[must_use]
    pub fn scalar_text(&self) -> Option<String> {
        match &self.kind {
            Kind::String(s) => Some(s.clone()),
            Kind::Bool(b) => Some(b.to_string()),
            Kind::Number(n) => Some(format_number(*n)),
            _ => None,
        }
    }

    /// A parsed JSON document as a value whose every node takes `span`: the document came from one
    /// string in a template, and a finding about any part of it points at that string.
    #[must_use]
    pub fn from_json(json: &serde_json::Value, span: Span) -> Value {
        Value::from_json_with(json, span, &|s| Kind::String(s.to_string()))
    }

    /// [`Value::from_json`] with each JSON string read by `string`: for documents whose strings
    /// encode more than text (the built-in policies, whose scalars keep how YAML wrote them).
    #[must_use]
    pub fn from_json_with(json: &serde_json::Value, span: Span, string: &dyn Fn(&str) -> Kind) -> Value {
        fn convert(
            json: &serde_json::Value,
            span: Span,
            string: &dyn Fn(&str) -> Kind,
            depth: usize,
        ) -> Value {
            let kind = match json {
                // serde_json already refuses nesting past 128; this keeps the recursion bounded anyway.
                _ if depth > 128 => Kind::Null,
                serde_json::Value::Null => Kind::Null,
                serde_json::Value::Bool(b) => Kind::Bool(*b),
                serde_json::Value::Number(n) => Kind::Number(n.as_f64().unwrap_or_default()),
                serde_json::Value::String(s) => string(s),
                serde_json::Value::Array(items) => {
                    Kind::List(items.iter().map(|i| convert(i, span, string, depth + 1)).collect())
                }
                serde_json::Value::Object(o) => Kind::Map(Map {
                    entries: o
                        .iter()
                        .map(|(k, v)| (Key { name: k.clone(), span }, convert(v, span, string, depth + 1)))
                        .collect(),
                }),
            };
            Value::new(kind, span)
        }
        convert(json, span, string, 0)
    }

    /// Converts to JSON for output; Unknown becomes a descriptive string.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        match &self.kind {
            Kind::Null => serde_json::Value::Null,
            Kind::Bool(b) => serde_json::Value::Bool(*b),
            Kind::Number(n) => {
                serde_json::Number::from_f64(*n).map_or(serde_json::Value::Null, serde_json::Value::Number)
            }
            Kind::String(s) => serde_json::Value::String(s.clone()),
            Kind::List(items) => serde_json::Value::Array(items.iter().map(Value::to_json).collect()),
            Kind::Map(m) => {
                serde_json::Value::Object(m.iter().map(|(k, v)| (k.name.clone(), v.to_json())).collect())
            }
            Kind::Unknown(u) => serde_json::Value::String(format!("(unknown: {})", u.reason)),
        }
    }
}

/// Integers print without a fractional part, as Terraform and CloudFormation write them.
#[must_use]
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{n:.0}") } else { n.to_string() }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Null => write!(f, "null"),
            Kind::Bool(b) => write!(f, "{b}"),
            Kind::Number(n) => write!(f, "{}", format_number(*n)),
            Kind::String(s) => f.write_str(&crate::escape::quote(s)),
            Kind::List(items) => {
                write!(f, "[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{item}")?;
                }
                write!(f, "]")
            }
            Kind::Map(m) => {
                write!(f, "{{")?;
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{}: {v}", k.name)?;
                }
                write!(f, "}}")
            }
            Kind::Unknown(u) => write!(f, "(unknown: {})", u.reason),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_1_1_booleans_and_quoted_numbers_compare_like_aws() {
        let s = Span::default();
        assert_eq!(Value::string("True", s).as_bool(), Some(true));
        assert_eq!(Value::string("off", s).as_bool(), Some(false));
        assert_eq!(Value::string("7", s).as_f64(), Some(7.0));
        assert_eq!(Value::new(Kind::Number(7.0), s).scalar_text().as_deref(), Some("7"));
    }
}
