//! IAM policy documents, from every source: CloudFormation `PolicyDocument` maps, and Terraform
//! `policy` strings (literal JSON, heredocs, `jsonencode(...)`).

use std::borrow::Cow;

use super::{Predicate, any_document, only_args, validate_documents};
use crate::model::Resource;
use crate::policy::engine::{Ctx, Outcome, Truth};
use crate::value::{Kind, Value};

pub static GRANTS_FULL_ADMIN: Predicate = Predicate {
    name: "iam_policy_grants_full_admin",
    summary: "a policy document at one of `documents` allows every action (`*`) on every resource (`*`)",
    validate,
    eval,
};

fn validate(args: &Value) -> Result<(), String> {
    only_args(args, &["documents"])?;
    validate_documents("iam_policy_grants_full_admin", args)
}

fn eval(_ctx: &Ctx<'_>, resource: &Resource, args: &Value) -> Outcome {
    any_document(resource, args, grants_full_admin)
}

/// A policy document as a value: a JSON string is parsed, and its values take the string's span.
pub fn document(value: &Value) -> Result<Cow<'_, Value>, Outcome> {
    match &value.kind {
        Kind::Map(_) => Ok(Cow::Borrowed(value)),
        Kind::String(text) => serde_json::from_str::<serde_json::Value>(text)
            .map(|json| Cow::Owned(Value::from_json(&json, value.span)))
            .map_err(|_| Outcome::no(None)),
        Kind::Unknown(u) => Err(Outcome::unknown(format!("policy document is unknown: {}", u.reason))),
        _ => Err(Outcome::no(None)),
    }
}

/// Items of a string-or-list field.
fn items(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value { kind: Kind::List(items), .. }) => items.iter().collect(),
        Some(v) => vec![v],
        None => vec![],
    }
}

fn grants_full_admin(doc: &Value) -> Outcome {
    let doc = match document(doc) {
        Ok(d) => d,
        Err(o) => return o,
    };
    let mut unknown = None;
    for statement in items(doc.get("Statement")) {
        let effect = statement.get("Effect");
        if effect.is_some_and(Value::is_unknown) {
            unknown = unknown.or(Some(Outcome::unknown("statement effect is unknown")));
            continue;
        }
        if effect.and_then(Value::as_str) != Some("Allow") {
            continue;
        }
        let star = |field: &str| -> Truth {
            let values = items(statement.get(field));
            if values.iter().any(|v| v.as_str().is_some_and(|s| s == "*" || s == "*:*")) {
                Truth::True
            } else if values.iter().any(|v| v.is_unknown()) {
                Truth::Unknown
            } else {
                Truth::False
            }
        };
        match (star("Action"), star("Resource")) {
            (Truth::True, Truth::True) => {
                let at = statement.get("Action").map_or(doc.span, |a| a.span);
                return Outcome::yes(Some(at));
            }
            (Truth::False, _) | (_, Truth::False) => {}
            _ => unknown = unknown.or(Some(Outcome::unknown("statement action or resource is unknown"))),
        }
    }
    unknown.unwrap_or(Outcome::no(None))
}
