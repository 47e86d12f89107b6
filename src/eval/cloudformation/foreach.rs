//! `Fn::ForEach` (the `AWS::LanguageExtensions` transform): one entry of `Resources` that stands for a
//! resource per item of a collection.
//!
//! ```yaml
//! Fn::ForEach::Tables:
//!   - TableName                      # the identifier
//!   - [Points, Score]                # the collection: a list, or a Ref to a list parameter
//!   - DynamoDB${TableName}:          # the output: logical ids with ${TableName} or &{TableName}
//!       Type: AWS::DynamoDB::Table
//!       Properties: {TableName: !Ref TableName}
//! ```
//!
//! As the transform does, the identifier is replaced in output keys, in `Ref`s to it and in `Fn::Sub`
//! strings. Generated resources keep the spans of the output, so a problem in it is one finding that
//! names every generated resource. A collection that cannot be known before deployment gives one
//! resource whose identifier is Unknown, like an unknown `count` in Terraform.

use crate::collections::HashMap;
use std::borrow::Cow;

use crate::eval::budget::{Limit, Share};
use crate::source::Span;
use crate::value::{Key, Kind, Map, Value, format_number};

const PREFIX: &str = "Fn::ForEach::";
/// AWS allows five nested loops.
const MAX_NESTING: usize = 5;
/// Generated resources per template: CloudFormation's own limit is 500.
const MAX_GENERATED: usize = 10_000;

/// `Resources` with every `Fn::ForEach` entry expanded; borrowed when there is none.
/// A spent limit of the shared budget stops the expansion where `stopped` says.
pub(super) fn expand<'a>(
    resources: &'a Map,
    parameters: &HashMap<String, Value>,
    budget: &Share<'_>,
    warnings: &mut Vec<(Span, String)>,
    stopped: &mut Option<(Span, Limit)>,
) -> Cow<'a, Map> {
    if !resources.iter().any(|(k, _)| k.name.starts_with(PREFIX)) {
        return Cow::Borrowed(resources);
    }
    let mut out = Map::default();
    Expander { parameters, budget, warnings, stopped }.entries(resources, 0, &mut out);
    Cow::Owned(out)
}

struct Expander<'p, 'w> {
    parameters: &'p HashMap<String, Value>,
    budget: &'p Share<'p>,
    warnings: &'w mut Vec<(Span, String)>,
    stopped: &'w mut Option<(Span, Limit)>,
}

impl Expander<'_, '_> {
    fn entries(&mut self, map: &Map, depth: usize, out: &mut Map) {
        for (key, value) in map.iter() {
            if self.stopped.is_some() {
                return;
            }
            if !key.name.starts_with(PREFIX) {
                if depth > 0 && !self.budget.take(Limit::Instances, 1) {
                    *self.stopped = Some((key.span, Limit::Instances));
                    return;
                }
                out.insert(key.clone(), value.clone());
            } else if depth >= MAX_NESTING {
                self.warnings.push((
                    key.span,
                    format!("{} is nested more than {MAX_NESTING} deep; skipped", key.name),
                ));
            } else {
                self.for_each(key, value, depth, out);
            }
        }
    }

    fn for_each(&mut self, key: &Key, value: &Value, depth: usize, out: &mut Map) {
        let parts = value.as_list();
        let Some([identifier, collection, output]) = parts else {
            self.warnings.push((
                key.span,
                format!("{} must be a list of an identifier, a collection and an output; skipped", key.name),
            ));
            return;
        };
        let (Some(identifier), Some(output)) = (identifier.as_str(), output.as_map()) else {
            self.warnings.push((
                key.span,
                format!("{}: the identifier must be a string and the output a map; skipped", key.name),
            ));
            return;
        };
        let items = match self.collection(collection, &key.name) {
            Ok(items) => items.into_iter().map(Item::Known).collect(),
            Err(unknown) => vec![Item::Unknown(unknown)],
        };
        // Each item copies the output; the copy is counted before it is made.
        let copy = output.footprint();
        for item in items {
            if !self.budget.take(Limit::Bytes, copy) {
                *self.stopped = Some((key.span, Limit::Bytes));
                return;
            }
            if out.len() >= MAX_GENERATED {
                self.warnings.push((
                    key.span,
                    format!("{}: more than {MAX_GENERATED} resources; the rest are skipped", key.name),
                ));
                return;
            }
            let substituted = substitute_map(output, identifier, &item);
            self.entries(&substituted, depth + 1, out);
        }
    }

    /// The collection's items, or the Unknown that stands for them.
    fn collection(&self, collection: &Value, name: &str) -> Result<Vec<String>, Value> {
        let unknown = || {
            Value::unknown(
                format!("the collection of {name} is not known before deployment"),
                collection.span,
            )
        };
        let value = match collection.get("Ref").and_then(Value::as_str) {
            Some(parameter) => match self.parameters.get(parameter) {
                Some(v @ Value { kind: Kind::Unknown(_), .. }) => return Err(v.clone()),
                Some(v) => v,
                None => return Err(unknown()),
            },
            None => collection,
        };
        let items = value.as_list().ok_or_else(unknown)?;
        items.iter().map(|item| scalar_text(item).ok_or_else(unknown)).collect()
    }
}

enum Item {
    Known(String),
    Unknown(Value),
}

fn scalar_text(value: &Value) -> Option<String> {
    match &value.kind {
        Kind::String(s) => Some(s.clone()),
        Kind::Number(n) => Some(format_number(*n)),
        Kind::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn substitute_map(map: &Map, identifier: &str, item: &Item) -> Map {
    let entries = map
        .iter()
        .map(|(key, value)| {
            let name = match item {
                Item::Known(text) => {
                    let alphanumeric: String = text.chars().filter(char::is_ascii_alphanumeric).collect();
                    key.name
                        .replace(&format!("${{{identifier}}}"), text)
                        .replace(&format!("&{{{identifier}}}"), &alphanumeric)
                }
                Item::Unknown(_) => key.name.clone(),
            };
            (Key { name, span: key.span }, substitute(value, identifier, item))
        })
        .collect();
    Map { entries }
}

fn substitute(value: &Value, identifier: &str, item: &Item) -> Value {
    match &value.kind {
        Kind::Map(map) => {
            if map.len() == 1 && map.get("Ref").and_then(Value::as_str) == Some(identifier) {
                return match item {
                    Item::Known(text) => Value::string(text.clone(), value.span),
                    Item::Unknown(u) => Value { kind: u.kind.clone(), span: value.span },
                };
            }
            if let (Some(sub), Item::Known(text)) = (map.get("Fn::Sub"), item) {
                let sub = substitute_sub(sub, identifier, text);
                let mut out = Map::default();
                out.insert(
                    Key {
                        name: "Fn::Sub".into(),
                        span: map.entry("Fn::Sub").map_or(value.span, |(k, _)| k.span),
                    },
                    sub,
                );
                return Value::new(Kind::Map(out), value.span);
            }
            Value::new(Kind::Map(substitute_map(map, identifier, item)), value.span)
        }
        Kind::List(items) => Value::new(
            Kind::List(items.iter().map(|v| substitute(v, identifier, item)).collect()),
            value.span,
        ),
        _ => value.clone(),
    }
}

/// `Fn::Sub: "x-${Id}"` or `Fn::Sub: ["x-${Id}", {vars}]`: the identifier in the template string.
fn substitute_sub(sub: &Value, identifier: &str, text: &str) -> Value {
    let pattern = format!("${{{identifier}}}");
    match &sub.kind {
        Kind::String(s) => Value::string(s.replace(&pattern, text), sub.span),
        Kind::List(parts) => {
            let parts = parts
                .iter()
                .enumerate()
                .map(|(i, p)| match (&p.kind, i) {
                    (Kind::String(s), 0) => Value::string(s.replace(&pattern, text), p.span),
                    _ => substitute(p, identifier, &Item::Known(text.to_string())),
                })
                .collect();
            Value::new(Kind::List(parts), sub.span)
        }
        _ => sub.clone(),
    }
}
