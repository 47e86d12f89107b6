//! Settings written as lists of key/value pairs, as CloudFormation often does:
//! `LoadBalancerAttributes: [{Key: deletion_protection.enabled, Value: "true"}]`, GuardDuty's
//! `Features: [{Name: S3_DATA_EVENTS, Status: ENABLED}]`. A path condition cannot tie a key to the
//! value of the same item, so this predicate does.

use super::{Predicate, only_args};
use crate::model::Resource;
use crate::policy::engine::{Ctx, Outcome, loosely_equal};
use crate::value::{Kind, Value};

pub static KEY_VALUE_EQUALS: Predicate = Predicate {
    name: "key_value_equals",
    summary: "the item of the key/value list at `path` whose `key_field` (default `Key`) is `key` has a `value_field` (default `Value`) equal to `equals` (or `default` is used when no item has the key)",
    validate,
    eval,
};

fn validate(args: &Value) -> Result<(), String> {
    only_args(args, &["path", "key", "equals", "key_field", "value_field", "default"])?;
    let text = |name: &str| args.get(name).and_then(Value::as_str).is_some();
    if !text("path") || !text("key") || args.get("equals").is_none() {
        return Err("key_value_equals needs `path`, `key` and `equals`".to_string());
    }
    for optional in ["key_field", "value_field"] {
        if args.get(optional).is_some() && !text(optional) {
            return Err(format!("key_value_equals: `{optional}` must be a string"));
        }
    }
    Ok(())
}

fn eval(_ctx: &Ctx<'_>, resource: &Resource, args: &Value) -> Outcome {
    let arg = |name: &str, default: &'static str| args.get(name).and_then(Value::as_str).unwrap_or(default);
    let path = arg("path", "");
    let key = arg("key", "");
    let key_field = arg("key_field", "Key");
    let value_field = arg("value_field", "Value");
    let Some(expected) = args.get("equals") else {
        return Outcome::unknown("key_value_equals without `equals`");
    };
    let absent = || match args.get("default") {
        Some(d) if loosely_equal(d, expected) => Outcome::yes(None),
        _ => Outcome::no(None),
    };
    let Some(list) = path.split('.').try_fold(&resource.attrs, |v, k| v.get(k)) else {
        return absent();
    };
    let items = match &list.kind {
        Kind::List(items) => items,
        Kind::Unknown(u) => return Outcome::unknown(format!("{path} is unknown: {}", u.reason)),
        _ => return absent(),
    };
    let mut unknown = None;
    // The last item with the key wins, as when AWS applies the attributes in order.
    let mut found = None;
    for item in items {
        match item.get(key_field) {
            Some(k) if k.as_str() == Some(key) => found = Some(item),
            Some(k) if k.is_unknown() => unknown = Some(format!("a key in {path} is unknown")),
            None if item.is_unknown() => unknown = Some(format!("an item of {path} is unknown")),
            _ => {}
        }
    }
    match found.map(|item| item.get(value_field)) {
        Some(Some(v)) if v.is_unknown() => Outcome::unknown(format!("{path} {key} is unknown")),
        Some(Some(v)) if loosely_equal(v, expected) => Outcome::yes(Some(v.span)),
        Some(Some(v)) => Outcome::no(Some(v.span)),
        Some(None) => Outcome::no(None),
        None => unknown.map_or_else(absent, Outcome::unknown),
    }
}
