//! One block of a list that carries several field values together: Terraform's repeated
//! `parameter { name = "require_ssl" value = "true" }` or ECS `setting { name value }`, and their
//! CloudFormation lists of maps. Two separate attribute conditions would accept a name in one block
//! and a value in another, so the pairing needs its own test.

use super::{Predicate, only_args};
use crate::model::Resource;
use crate::policy::engine::{Ctx, Outcome, Truth, loosely_equal};
use crate::value::{Kind, Value};

pub static BLOCK_WITH_FIELDS: Predicate = Predicate {
    name: "block_with_fields",
    summary: "the list of blocks at `blocks` (a dotted path) has one block whose every field named in `fields` equals the given value; a field named in `defaults` that a block lacks counts as that value",
    validate,
    eval,
};

fn validate(args: &Value) -> Result<(), String> {
    only_args(args, &["blocks", "fields", "defaults"])?;
    let scalars =
        |m: &crate::value::Map| m.iter().all(|(_, v)| !matches!(v.kind, Kind::List(_) | Kind::Map(_)));
    let fields_ok = args.get("fields").and_then(Value::as_map).is_some_and(|m| !m.is_empty() && scalars(m));
    if args.get("blocks").and_then(Value::as_str).is_none() || !fields_ok {
        return Err("block_with_fields needs `blocks: path` and `fields: {name: scalar, …}`".to_string());
    }
    if args.get("defaults").is_some_and(|d| !d.as_map().is_some_and(scalars)) {
        return Err("block_with_fields: `defaults` must be `{name: scalar, …}`".to_string());
    }
    Ok(())
}

fn eval(_ctx: &Ctx<'_>, resource: &Resource, args: &Value) -> Outcome {
    block_with_fields(&resource.attrs, args)
}

fn block_with_fields(attrs: &Value, args: &Value) -> Outcome {
    let (Some(path), Some(fields)) = (args.get("blocks").and_then(Value::as_str), args.get("fields")) else {
        return Outcome::unknown("block_with_fields: bad arguments");
    };
    let Some(fields) = fields.as_map() else {
        return Outcome::unknown("block_with_fields: bad arguments");
    };
    let defaults = args.get("defaults").and_then(Value::as_map);
    let mut blocks = Vec::new();
    collect(attrs, &path.split('.').collect::<Vec<_>>(), &mut blocks);
    let mut unknown = None;
    for block in blocks {
        if let Kind::Unknown(u) = &block.kind {
            // A dynamic block or a list from a variable: it may hold the pair.
            unknown = unknown.or_else(|| Some(Outcome::unknown(format!("{path} is unknown: {}", u.reason))));
            continue;
        }
        let mut truth = Truth::True;
        for (key, expected) in fields.iter() {
            // An absent field has its provider default (a CodeBuild variable without `type` is PLAINTEXT).
            let given = block.get(&key.name).filter(|v| !matches!(v.kind, Kind::Null));
            match given.or_else(|| defaults.and_then(|d| d.get(&key.name))) {
                Some(v) if v.find_unknown().is_some() => {
                    if truth == Truth::True {
                        truth = Truth::Unknown;
                    }
                }
                Some(v) if loosely_equal(v, expected) => {}
                _ => truth = Truth::False,
            }
        }
        match truth {
            Truth::True => return Outcome::yes(Some(block.span)),
            Truth::Unknown => {
                unknown = unknown.or_else(|| Some(Outcome::unknown(format!("a field of {path} is unknown"))));
            }
            Truth::False => {}
        }
    }
    unknown.unwrap_or(Outcome::no(None))
}

/// The blocks at a dotted path: lists met on the way, and the list at the end, are searched item by
/// item; an Unknown met on the way is kept, as it may stand for any number of blocks.
fn collect<'v>(value: &'v Value, path: &[&str], out: &mut Vec<&'v Value>) {
    match &value.kind {
        Kind::List(items) => items.iter().for_each(|i| collect(i, path, out)),
        Kind::Unknown(_) => out.push(value),
        Kind::Map(m) => match path.split_first() {
            None => out.push(value),
            Some((first, rest)) => {
                if let Some(v) = m.get(first) {
                    collect(v, rest, out);
                }
            }
        },
        _ => {}
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn value(json: &str) -> Value {
        Value::from_json(&serde_json::from_str(json).unwrap(), Span::default())
    }

    fn args() -> Value {
        value(r#"{"blocks": "parameter", "fields": {"name": "require_ssl", "value": "true"}}"#)
    }

    #[test]
    fn both_fields_in_one_block_match() {
        let attrs =
            value(r#"{"parameter": [{"name": "a", "value": "1"}, {"name": "require_ssl", "value": true}]}"#);
        assert_eq!(block_with_fields(&attrs, &args()).truth, Truth::True);
    }

    #[test]
    fn fields_split_across_blocks_do_not_match() {
        let attrs = value(
            r#"{"parameter": [{"name": "require_ssl", "value": "false"}, {"name": "enable_user_activity_logging", "value": "true"}]}"#,
        );
        assert_eq!(block_with_fields(&attrs, &args()).truth, Truth::False);
        assert_eq!(block_with_fields(&value("{}"), &args()).truth, Truth::False);
    }

    #[test]
    fn an_unknown_field_or_block_is_unknown() {
        let mut attrs = value(r#"{"parameter": [{"name": "require_ssl", "value": null}]}"#);
        if let Kind::Map(m) = &mut attrs.kind
            && let Kind::List(items) = &mut m.entries[0].1.kind
            && let Kind::Map(block) = &mut items[0].kind
        {
            block.entries[1].1 = Value::unknown("var.ssl has no value", Span::default());
        }
        assert_eq!(block_with_fields(&attrs, &args()).truth, Truth::Unknown);
        let dynamic = Value::new(
            Kind::Map(crate::value::Map {
                entries: vec![(
                    crate::value::Key { name: "parameter".into(), span: Span::default() },
                    Value::unknown("dynamic block", Span::default()),
                )],
            }),
            Span::default(),
        );
        assert_eq!(block_with_fields(&dynamic, &args()).truth, Truth::Unknown);
    }

    #[test]
    fn a_mismatch_beats_an_unknown_in_the_same_block() {
        let mut attrs = value(r#"{"parameter": [{"name": "other", "value": null}]}"#);
        if let Kind::Map(m) = &mut attrs.kind
            && let Kind::List(items) = &mut m.entries[0].1.kind
            && let Kind::Map(block) = &mut items[0].kind
        {
            block.entries[1].1 = Value::unknown("var.x has no value", Span::default());
        }
        assert_eq!(block_with_fields(&attrs, &args()).truth, Truth::False);
    }

    #[test]
    fn an_absent_field_takes_its_default() {
        let args = value(
            r#"{"blocks": "volume.efs", "fields": {"transit": "DISABLED"}, "defaults": {"transit": "DISABLED"}}"#,
        );
        let absent = value(r#"{"volume": [{"name": "a", "efs": {"id": "fs-1"}}]}"#);
        assert_eq!(block_with_fields(&absent, &args).truth, Truth::True);
        let enabled = value(r#"{"volume": [{"name": "a", "efs": {"id": "fs-1", "transit": "ENABLED"}}]}"#);
        assert_eq!(block_with_fields(&enabled, &args).truth, Truth::False);
        let no_efs = value(r#"{"volume": [{"name": "a"}]}"#);
        assert_eq!(block_with_fields(&no_efs, &args).truth, Truth::False);
    }

    #[test]
    fn a_default_stands_for_an_absent_field() {
        let args = value(
            r#"{"blocks": "env", "fields": {"name": "K", "type": "PLAINTEXT"}, "defaults": {"type": "PLAINTEXT"}}"#,
        );
        assert_eq!(block_with_fields(&value(r#"{"env": [{"name": "K"}]}"#), &args).truth, Truth::True);
        let stored = value(r#"{"env": [{"name": "K", "type": "PARAMETER_STORE"}]}"#);
        assert_eq!(block_with_fields(&stored, &args).truth, Truth::False);
        assert!(validate(&value(r#"{"blocks": "p", "fields": {"a": 1}, "defaults": [1]}"#)).is_err());
    }

    #[test]
    fn validation_rejects_bad_arguments() {
        assert!(validate(&args()).is_ok());
        assert!(validate(&value(r#"{"blocks": "parameter"}"#)).is_err());
        assert!(validate(&value(r#"{"blocks": "p", "fields": {}}"#)).is_err());
        assert!(validate(&value(r#"{"blocks": "p", "fields": {"a": [1]}}"#)).is_err());
    }
}
