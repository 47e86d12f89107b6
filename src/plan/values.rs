//! A planned instance's attributes: the plan's `after` values, with `after_unknown` and
//! `after_sensitive` folded in, placed at the spans of the source block they came from.
//!
//! - A value the plan marks unknown is Unknown only when the configuration (or the source block)
//!   writes the attribute. One the provider computes and nobody wrote (`versioning` on every new
//!   bucket of AWS provider v5) is not set, as in a source scan: it is dropped.
//! - A sensitive value never enters the tree: the source block's value stands in for it (so it is
//!   judged as a source scan judges it), else it is Unknown.
//! - Null values, and empty lists and maps nobody wrote (blocks the provider lists as `[]`), are
//!   dropped: absent, as in a source scan.

use crate::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::config::{Written, names_a_resource};
use crate::source::Span;
use crate::value::{Key, Kind, Map, Unknown, Value};

/// The inputs for one instance.
pub struct Planned<'a> {
    pub after: Option<&'a Value>,
    /// `None` for values read from `planned_values`, which leaves unknown values out: there, an
    /// attribute the configuration writes but the values lack is unknown.
    pub unknown: Option<&'a Value>,
    pub sensitive: Option<&'a Value>,
    pub written: Written<'a>,
    /// The evaluated block of the source scan, when the instance was found in the source.
    pub source: Option<&'a Value>,
    /// Where anything the source does not hold points: the block's declaration.
    pub head: Span,
    /// The address, for the reasons of unknown values.
    pub address: &'a str,
}

/// Where one node of the walk is.
#[derive(Clone, Copy)]
struct At<'a> {
    after: Option<&'a Value>,
    unknown: Option<&'a Value>,
    sensitive: Option<&'a Value>,
    written: Written<'a>,
    source: Option<&'a Value>,
    /// The span for this node when the source has no value for it.
    span: Span,
}

/// The attributes, always a map.
#[must_use]
pub fn attributes(p: &Planned<'_>) -> Value {
    let at = At {
        after: p.after,
        unknown: p.unknown,
        sensitive: p.sensitive,
        written: p.written,
        source: p.source,
        span: p.head,
    };
    let mut path = Vec::new();
    match node(p, at, &mut path) {
        Some(v @ Value { kind: Kind::Map(_), .. }) => v,
        _ => Value::new(Kind::Map(Map::default()), p.head),
    }
}

fn is_true(v: Option<&Value>) -> bool {
    matches!(v, Some(Value { kind: Kind::Bool(true), .. }))
}

fn node(p: &Planned<'_>, at: At<'_>, path: &mut Vec<String>) -> Option<Value> {
    let span = at.source.map_or(at.span, |s| s.span);
    let written = at.written.is_written() || at.source.is_some();
    if is_true(at.sensitive) {
        return match (at.source, at.after) {
            (Some(source), _) => Some(source.clone()),
            (None, Some(Value { kind: Kind::Null, .. }) | None) if !is_true(at.unknown) => None,
            (None, _) => Some(unknown(
                format!("{}.{} is sensitive in the plan", p.address, path.join(".")),
                true,
                span,
            )),
        };
    }
    let missing = at.after.is_none_or(|v| matches!(v.kind, Kind::Null));
    if is_true(at.unknown) || (p.unknown.is_none() && missing && at.written.is_written() && !path.is_empty())
    {
        if !written && !matches!(at.written, Written::Unknown) {
            // Computed by the provider, written by nobody: not set.
            return None;
        }
        let shown = at
            .written
            .references()
            .first()
            .map_or_else(|| format!("{}.{}", p.address, path.join(".")), |r| r.chars().take(120).collect());
        let present = names_a_resource(at.written);
        return Some(unknown(format!("{shown} is known after apply"), present, span));
    }
    let after = at.after?;
    let kind = match &after.kind {
        Kind::Null => return None,
        Kind::Map(map) => Kind::Map(children(p, at, map, span, path)),
        Kind::List(items) => {
            let source_items = at.source.and_then(Value::as_list);
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let source = source_items.and_then(|s| s.get(i));
                let child = At {
                    after: Some(item),
                    unknown: at.unknown.and_then(Value::as_list).and_then(|l| l.get(i)),
                    sensitive: at.sensitive.and_then(Value::as_list).and_then(|l| l.get(i)),
                    written: at.written.item(i),
                    source,
                    span,
                };
                path.push(i.to_string());
                out.extend(node(p, child, path));
                path.pop();
            }
            Kind::List(out)
        }
        scalar => scalar.clone(),
    };
    let empty = match &kind {
        Kind::List(l) => l.is_empty(),
        Kind::Map(m) => m.is_empty(),
        _ => false,
    };
    if empty && !written && !path.is_empty() {
        return None;
    }
    Some(Value::new(kind, span))
}

/// A map's entries by name, the last of a repeated name winning as in [`Map::get`]: each child of a
/// map looks its name up in four of them, which searching would make quadratic in a large map.
fn index(map: Option<&Map>) -> HashMap<&str, (&Key, &Value)> {
    map.map(|m| m.iter().map(|(k, v)| (k.name.as_str(), (k, v))).collect()).unwrap_or_default()
}

fn children(p: &Planned<'_>, at: At<'_>, map: &Map, span: Span, path: &mut Vec<String>) -> Map {
    let own = index(Some(map));
    let unknown = index(at.unknown.and_then(Value::as_map));
    let sensitive = index(at.sensitive.and_then(Value::as_map));
    let source = index(at.source.and_then(Value::as_map));
    let body = at.written.body();
    let written = index(body.and_then(Value::as_map));
    let mut names: Vec<&str> = map.iter().map(|(k, _)| k.name.as_str()).collect();
    // An unknown attribute may be missing from `after` altogether; so may a written one among
    // planned values, which leave unknown values out.
    let mut extra: Vec<&str> = unknown.keys().copied().collect();
    if p.unknown.is_none() {
        extra.extend(written.keys().copied());
    }
    extra.sort_unstable();
    extra.dedup();
    names.extend(extra.into_iter().filter(|n| !own.contains_key(n)));
    let mut seen = HashSet::default();
    let mut out = Map::default();
    for name in names {
        if !seen.insert(name) {
            continue;
        }
        let (source, key_span, child_span) = match (at.source.and_then(Value::as_map), at.source) {
            (Some(_), _) => match source.get(name) {
                Some((k, v)) => (Some(*v), k.span, v.span),
                None => (None, p.head, p.head),
            },
            // The source holds an expression (`tags = var.tags`): everything inside it is there.
            (None, Some(s)) => (None, s.span, s.span),
            (None, None) => (None, span, span),
        };
        let child = At {
            after: own.get(name).map(|(_, v)| *v),
            unknown: unknown.get(name).map(|(_, v)| *v),
            sensitive: sensitive.get(name).map(|(_, v)| *v),
            written: if body.is_some() {
                Written::of(written.get(name).map(|(_, v)| *v))
            } else {
                at.written
            },
            source,
            span: child_span,
        };
        path.push(name.to_string());
        if let Some(value) = node(p, child, path) {
            out.insert(Key { name: name.to_string(), span: key_span }, value);
        }
        path.pop();
    }
    out
}

fn unknown(reason: String, present: bool, span: Span) -> Value {
    let reason: Arc<str> = reason.into();
    Value::new(Kind::Unknown(Unknown { reason, present }), span)
}
