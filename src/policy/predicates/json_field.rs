//! A field inside a JSON document held in a string attribute: Terraform writes ECS container
//! definitions as `jsonencode([...])`, a string the declarative paths cannot see into.

use super::{Predicate, only_args};
use crate::eval::value::{Kind, Value};
use crate::model::Resource;
use crate::policy::engine::{Ctx, Outcome, loosely_equal};

pub static JSON_FIELD_EQUALS: Predicate = Predicate {
    name: "json_field_equals",
    summary: "the JSON document (string or structure) at one of `documents` has `field` (a dotted path, lists searched item by item) equal to `equals`",
    validate,
    eval,
};

fn validate(args: &Value) -> Result<(), String> {
    only_args(args, &["documents", "field", "equals"])?;
    let documents_ok = args
        .get("documents")
        .and_then(Value::as_list)
        .is_some_and(|l| !l.is_empty() && l.iter().all(|v| v.as_str().is_some()));
    if !documents_ok || args.get("field").and_then(Value::as_str).is_none() || args.get("equals").is_none() {
        return Err(
            "json_field_equals needs `documents: [paths]`, `field: path` and `equals: value`".to_string()
        );
    }
    Ok(())
}

fn eval(_ctx: &Ctx<'_>, resource: &Resource, args: &Value) -> Outcome {
    let (Some(field), Some(expected)) = (args.get("field").and_then(Value::as_str), args.get("equals"))
    else {
        return Outcome::unknown("json_field_equals: bad arguments");
    };
    let field: Vec<&str> = field.split('.').collect();
    let mut unknown = None;
    for path in args.get("documents").and_then(Value::as_list).unwrap_or(&[]).iter().filter_map(Value::as_str)
    {
        let mut docs = Vec::new();
        collect(&resource.attrs, &path.split('.').collect::<Vec<_>>(), &mut docs);
        for doc in docs {
            let parsed = match &doc.kind {
                Kind::List(_) | Kind::Map(_) => doc.clone(),
                _ => match super::iam::document(doc) {
                    Ok(d) => d,
                    Err(o) => {
                        unknown = unknown.or((o.truth == crate::policy::engine::Truth::Unknown).then_some(o));
                        continue;
                    }
                },
            };
            let mut found = Vec::new();
            collect(&parsed, &field, &mut found);
            for v in found {
                if v.find_unknown().is_some() {
                    unknown = unknown.or(Some(Outcome::unknown("a field of the document is unknown")));
                } else if loosely_equal(v, expected) {
                    // A value parsed from a string carries the string's span: point at the document.
                    return Outcome::yes(Some(v.span));
                }
            }
        }
    }
    unknown.unwrap_or(Outcome::no(None))
}

/// The values at a dotted path; lists met on the way are searched item by item.
fn collect<'v>(value: &'v Value, path: &[&str], out: &mut Vec<&'v Value>) {
    if let Kind::List(items) = &value.kind {
        for i in items {
            collect(i, path, out);
        }
        return;
    }
    let Some((first, rest)) = path.split_first() else {
        out.push(value);
        return;
    };
    if let Some(v) = value.get(first) {
        collect(v, rest, out);
    }
}
