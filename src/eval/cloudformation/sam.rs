//! SAM `Globals`: properties written once for every serverless function, API or table of a template.
//! The SAM transform copies them into each resource before CloudFormation sees it, so policies must
//! see them there too, or a runtime set only in `Globals` would look absent.

use crate::value::{Key, Kind, Map, Value};

/// The `Globals` section that applies to a resource type, if the template has one.
pub(super) fn globals_for<'a>(top: &'a Map, rtype: &str) -> Option<&'a Map> {
    let section = match rtype {
        "AWS::Serverless::Function" => "Function",
        "AWS::Serverless::Api" => "Api",
        "AWS::Serverless::HttpApi" => "HttpApi",
        "AWS::Serverless::SimpleTable" => "SimpleTable",
        "AWS::Serverless::StateMachine" => "StateMachine",
        _ => return None,
    };
    top.get("Globals")?.get(section)?.as_map()
}

/// The resource entry with the globals merged into `Properties` the way the SAM transform does: a
/// property the resource writes wins, maps are merged key by key, lists are the global items followed
/// by the resource's own.
pub(super) fn with_globals(entry: &Map, globals: &Map) -> Map {
    let mut out = Map::default();
    let mut has_properties = false;
    for (key, value) in entry.iter() {
        if key.name == "Properties" {
            has_properties = true;
            let merged = match &value.kind {
                Kind::Map(own) => Value::new(Kind::Map(merge(globals, own, 0)), value.span),
                _ => value.clone(),
            };
            out.insert(key.clone(), merged);
        } else {
            out.insert(key.clone(), value.clone());
        }
    }
    if !has_properties {
        let span = globals.entries.first().map(|(k, _)| k.span).unwrap_or_default();
        out.insert(Key { name: "Properties".into(), span }, Value::new(Kind::Map(globals.clone()), span));
    }
    out
}

fn merge(global: &Map, own: &Map, depth: usize) -> Map {
    let mut out = Map::default();
    for (key, value) in global.iter() {
        match own.entry(&key.name) {
            None => out.insert(key.clone(), value.clone()),
            Some((own_key, own_value)) => {
                let merged = match (&value.kind, &own_value.kind) {
                    (Kind::Map(g), Kind::Map(o)) if depth < 16 => {
                        Value::new(Kind::Map(merge(g, o, depth + 1)), own_value.span)
                    }
                    (Kind::List(g), Kind::List(o)) => {
                        Value::new(Kind::List(g.iter().chain(o).cloned().collect()), own_value.span)
                    }
                    _ => own_value.clone(),
                };
                out.insert(own_key.clone(), merged);
            }
        }
    }
    for (key, value) in own.iter() {
        if global.get(&key.name).is_none() {
            out.insert(key.clone(), value.clone());
        }
    }
    out
}
