//! A field inside a JSON document held in a string attribute: Terraform writes ECS container
//! definitions as `jsonencode([...])`, a string the declarative paths cannot see into.

use super::{Predicate, has_document_paths, only_args};
use crate::model::Resource;
use crate::policy::engine::{Ctx, Outcome, loosely_equal};
use crate::source::Span;
use crate::value::{Kind, Value};

pub static JSON_FIELD_EQUALS: Predicate = Predicate {
    name: "json_field_equals",
    summary: "the JSON document (string or structure) at one of `documents` has `field` (a dotted path, lists searched item by item) equal to `equals` (or present at all with `exists: true`); with `default`, an item that lacks the field's last part counts as having that value",
    validate,
    eval,
};

fn validate(args: &Value) -> Result<(), String> {
    only_args(args, &["documents", "field", "equals", "exists", "default"])?;
    let documents_ok = has_document_paths(args);
    let test_ok = match (args.get("equals"), args.get("exists")) {
        (Some(_), None) => true,
        (None, Some(e)) => e.as_bool() == Some(true),
        _ => false,
    };
    if !documents_ok || args.get("field").and_then(Value::as_str).is_none() || !test_ok {
        return Err("json_field_equals needs `documents: [paths]`, `field: path` and `equals: value` \
                    or `exists: true`"
            .to_string());
    }
    Ok(())
}

fn eval(_ctx: &Ctx<'_>, resource: &Resource, args: &Value) -> Outcome {
    field_equals(&resource.attrs, args)
}

fn field_equals(attrs: &Value, args: &Value) -> Outcome {
    let exists = args.get("exists").is_some();
    let (Some(field), Some(expected)) =
        (args.get("field").and_then(Value::as_str), args.get("equals").or(args.get("exists")))
    else {
        return Outcome::unknown("json_field_equals: bad arguments");
    };
    let field: Vec<&str> = field.split('.').collect();
    let mut unknown = None;
    for path in args.get("documents").and_then(Value::as_list).unwrap_or(&[]).iter().filter_map(Value::as_str)
    {
        let mut docs = Vec::new();
        collect(attrs, &path.split('.').collect::<Vec<_>>(), &mut docs, None);
        for (doc, _) in docs {
            let parsed = match &doc.kind {
                Kind::List(_) | Kind::Map(_) => std::borrow::Cow::Borrowed(doc),
                _ => match super::iam::document(doc) {
                    Ok(d) => d,
                    Err(o) => {
                        unknown = unknown.or((o.truth == crate::policy::engine::Truth::Unknown).then_some(o));
                        continue;
                    }
                },
            };
            let mut found = Vec::new();
            collect(&parsed, &field, &mut found, args.get("default"));
            for (v, at) in found {
                if exists {
                    // Presence is known even when the value is not.
                    if !matches!(v.kind, Kind::Null) {
                        return Outcome::yes(Some(at));
                    }
                } else if v.find_unknown().is_some() {
                    unknown = unknown.or(Some(Outcome::unknown("a field of the document is unknown")));
                } else if loosely_equal(v, expected) {
                    // A value parsed from a string carries the string's span: point at the document.
                    return Outcome::yes(Some(at));
                }
            }
        }
    }
    unknown.unwrap_or(Outcome::no(None))
}

/// The values at a dotted path; lists met on the way are searched item by item. With a default, a map
/// that lacks the path's last part yields the default (a container without `privileged` is not
/// privileged), so "some item does not set X" can be asked.
/// Each value comes with the span a finding points at: its own, or for a default the item's.
fn collect<'v>(
    value: &'v Value,
    path: &[&str],
    out: &mut Vec<(&'v Value, Span)>,
    default: Option<&'v Value>,
) {
    if let Kind::List(items) = &value.kind {
        for i in items {
            collect(i, path, out, default);
        }
        return;
    }
    let Some((first, rest)) = path.split_first() else {
        out.push((value, value.span));
        return;
    };
    match value.get(first) {
        Some(v) if !matches!(v.kind, Kind::Null) => collect(v, rest, out, default),
        _ => {
            if let (Some(d), true, Kind::Map(_)) = (default, rest.is_empty(), &value.kind) {
                out.push((d, value.span));
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::policy::engine::Truth;
    use crate::value::{Key, Map};

    fn value(json: &str) -> Value {
        Value::from_json(&serde_json::from_str(json).unwrap(), Span::default())
    }

    fn attrs(document: Value) -> Value {
        let key = Key { name: "container_definitions".into(), span: Span::default() };
        Value::new(Kind::Map(Map { entries: vec![(key, document)] }), Span::default())
    }

    fn string(text: &str) -> Value {
        Value::string(text, Span::new(10, 20))
    }

    fn args(extra: &str) -> Value {
        value(&format!(
            r#"{{"documents": ["container_definitions"], "field": "privileged", "equals": true{extra}}}"#
        ))
    }

    #[test]
    fn finds_a_field_in_a_json_string_and_points_at_the_string() {
        let doc = string(r#"[{"name": "app"}, {"name": "sidecar", "privileged": true}]"#);
        let o = field_equals(&attrs(doc), &args(""));
        assert_eq!(o.truth, Truth::True);
        assert_eq!(o.at, Some(Span::new(10, 20)));
    }

    #[test]
    fn finds_a_field_in_a_structure_and_compares_loosely() {
        let doc = value(r#"[{"Name": "app", "Privileged": "true"}]"#);
        let a = value(r#"{"documents": ["container_definitions"], "field": "Privileged", "equals": true}"#);
        assert_eq!(field_equals(&attrs(doc), &a).truth, Truth::True);
    }

    #[test]
    fn nested_fields_and_absent_fields() {
        let doc = string(r#"[{"linuxParameters": {"initProcessEnabled": true}}, {"image": "x"}]"#);
        let a = value(
            r#"{"documents": ["container_definitions"], "field": "linuxParameters.initProcessEnabled", "equals": true}"#,
        );
        assert_eq!(field_equals(&attrs(doc.clone()), &a).truth, Truth::True);
        assert_eq!(field_equals(&attrs(doc), &args("")).truth, Truth::False);
    }

    #[test]
    fn default_stands_for_an_absent_field_in_each_item() {
        let one_missing = string(r#"[{"readonlyRootFilesystem": true}, {"image": "x"}]"#);
        let a = value(
            r#"{"documents": ["container_definitions"], "field": "readonlyRootFilesystem", "equals": false, "default": false}"#,
        );
        assert_eq!(field_equals(&attrs(one_missing), &a).truth, Truth::True);
        let all_set = string(r#"[{"readonlyRootFilesystem": true}, {"readonlyRootFilesystem": "true"}]"#);
        assert_eq!(field_equals(&attrs(all_set), &a).truth, Truth::False);
        // Without a default an absent field is just absent.
        let missing = string(r#"[{"image": "x"}]"#);
        let no_default = value(
            r#"{"documents": ["container_definitions"], "field": "readonlyRootFilesystem", "equals": false}"#,
        );
        assert_eq!(field_equals(&attrs(missing), &no_default).truth, Truth::False);
    }

    #[test]
    fn unknown_documents_and_fields_are_unknown_and_bad_json_is_false() {
        let unknown = Value::unknown("var.containers has no value", Span::default());
        assert_eq!(field_equals(&attrs(unknown), &args("")).truth, Truth::Unknown);
        let mut doc = value(r#"[{"Privileged": null}]"#);
        if let Kind::List(items) = &mut doc.kind
            && let Kind::Map(m) = &mut items[0].kind
        {
            m.entries[0].1 = Value::unknown("Ref: Privileged", Span::default());
        }
        let a = value(r#"{"documents": ["container_definitions"], "field": "Privileged", "equals": true}"#);
        assert_eq!(field_equals(&attrs(doc), &a).truth, Truth::Unknown);
        assert_eq!(field_equals(&attrs(string("not json")), &args("")).truth, Truth::False);
        assert_eq!(field_equals(&value("{}"), &args("")).truth, Truth::False);
    }

    #[test]
    fn validation() {
        assert!(validate(&args("")).is_ok());
        assert!(validate(&args(r#", "default": false"#)).is_ok());
        assert!(validate(&value(r#"{"documents": [], "field": "a", "equals": 1}"#)).is_err());
        assert!(validate(&value(r#"{"documents": ["d"], "equals": 1}"#)).is_err());
        assert!(validate(&args(r#", "other": 1"#)).is_err());
        assert!(validate(&value(r#"{"documents": ["d"], "field": "a", "exists": true}"#)).is_ok());
        assert!(validate(&value(r#"{"documents": ["d"], "field": "a", "exists": false}"#)).is_err());
        assert!(
            validate(&value(r#"{"documents": ["d"], "field": "a", "exists": true, "equals": 1}"#)).is_err()
        );
    }

    #[test]
    fn exists_asks_only_for_presence() {
        let exists = value(r#"{"documents": ["d"], "field": "inputs.kmsKeyId", "exists": true}"#);
        let with = value(r#"{"d": "{\"inputs\": {\"kmsKeyId\": \"alias/ssm\"}}"}"#);
        assert_eq!(field_equals(&with, &exists).truth, Truth::True);
        let without = value(r#"{"d": "{\"inputs\": {\"s3BucketName\": \"logs\"}}"}"#);
        assert_eq!(field_equals(&without, &exists).truth, Truth::False);
    }
}
