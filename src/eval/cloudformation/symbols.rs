//! Where a template declares what a resource's evaluation may read besides its own entry: parameters,
//! mappings and conditions. Each resource records the declarations it read (see
//! [`Resource::inputs`](crate::model::Resource)), so that `--diff-base` puts it in scope when one of
//! them changes, without matching names in text.

use crate::collections::{HashMap, HashSet};

use crate::source::Span;
use crate::value::{Kind, Map, Value};

/// The text of each declaration, and for a condition also every declaration it reads.
#[derive(Debug, Default)]
pub(super) struct Symbols {
    parameters: HashMap<String, Span>,
    mappings: HashMap<String, Span>,
    /// A condition's own entry, the conditions it names and the parameters and mappings they read.
    conditions: HashMap<String, Vec<Span>>,
}

/// A mapping entry from its key to the end of its value.
pub(super) fn entry_span(key: &crate::value::Key, value: &Value) -> Span {
    Span { start: key.span.start, end: value.span.end.max(key.span.end) }
}

fn entries(top: &Map, section: &str) -> HashMap<String, Span> {
    let Some(Kind::Map(map)) = top.get(section).map(|v| &v.kind) else { return HashMap::default() };
    map.iter().map(|(key, value)| (key.name.clone(), entry_span(key, value))).collect()
}

impl Symbols {
    pub fn of(top: &Map) -> Self {
        let mut symbols = Symbols {
            parameters: entries(top, "Parameters"),
            mappings: entries(top, "Mappings"),
            ..Default::default()
        };
        let Some(Kind::Map(conditions)) = top.get("Conditions").map(|v| &v.kind) else { return symbols };
        for (key, _) in conditions.iter() {
            let mut read = Vec::new();
            let mut seen = HashSet::default();
            symbols.condition_closure(conditions, &key.name, &mut seen, &mut read);
            symbols.conditions.insert(key.name.clone(), read);
        }
        symbols
    }

    /// The declarations condition `name` reads, itself included, following the conditions it names.
    fn condition_closure<'m>(
        &self,
        conditions: &'m Map,
        name: &'m str,
        seen: &mut HashSet<&'m str>,
        read: &mut Vec<Span>,
    ) {
        if !seen.insert(name) {
            return;
        }
        let Some((key, value)) = conditions.entry(name) else { return };
        read.push(entry_span(key, value));
        // An explicit stack: a condition may nest as deeply as the parser allows.
        let mut stack = vec![value];
        let mut named = Vec::new();
        while let Some(value) = stack.pop() {
            match &value.kind {
                Kind::Map(map) => {
                    if let [(key, arg)] = map.entries.as_slice() {
                        match (key.name.as_str(), &arg.kind) {
                            ("Ref", Kind::String(p)) => read.extend(self.parameters.get(p)),
                            ("Condition", Kind::String(c)) => named.push(c.as_str()),
                            ("Fn::FindInMap", _) => self.mapping(arg.as_list().and_then(|a| a.first()), read),
                            _ => {}
                        }
                    }
                    stack.extend(map.iter().map(|(_, v)| v));
                }
                Kind::List(items) => stack.extend(items),
                _ => {}
            }
        }
        for condition in named {
            self.condition_closure(conditions, condition, seen, read);
        }
    }

    pub fn parameter(&self, name: &str, read: &mut Vec<Span>) {
        read.extend(self.parameters.get(name));
    }

    /// A mapping read by `Fn::FindInMap`: every mapping when its name is not a literal.
    pub fn mapping(&self, name: Option<&Value>, read: &mut Vec<Span>) {
        match name.and_then(Value::as_str) {
            Some(name) => read.extend(self.mappings.get(name)),
            None => read.extend(self.mappings.values()),
        }
    }

    pub fn condition(&self, name: &str, read: &mut Vec<Span>) {
        read.extend(self.conditions.get(name).into_iter().flatten());
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn a_condition_reads_what_the_conditions_it_names_read() {
        let text = "Parameters:\n  Env:\n    Type: String\n  Other:\n    Type: String\n\
                    Mappings:\n  Sizes:\n    a: {b: c}\n\
                    Conditions:\n  IsProd: !Equals [!Ref Env, prod]\n\
                    \x20 Big: !And [!Condition IsProd, !Equals [!FindInMap [Sizes, a, b], c]]\n\
                    \x20 Loop: !Or [!Condition Loop, !Condition Big]\n";
        let file = SourceFile::new("t.yaml".into(), "t.yaml".into(), text.into());
        let doc = crate::parse::yaml::parse(&file).unwrap();
        let symbols = Symbols::of(doc.as_map().unwrap());
        let lines = |spans: Vec<Span>| {
            let mut lines: Vec<usize> = spans.iter().map(|s| file.line_col(s.start as usize).line).collect();
            lines.sort_unstable();
            lines
        };
        let mut read = Vec::new();
        symbols.condition("Loop", &mut read);
        // Loop (12), Big (11), IsProd (10), Env (2), Sizes (7); never Other.
        assert_eq!(lines(read), [2, 7, 10, 11, 12]);
        let mut read = Vec::new();
        symbols.mapping(None, &mut read);
        assert_eq!(lines(read), [7]);
    }
}
