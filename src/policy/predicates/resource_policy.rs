//! Resource policies (SQS queues, SNS topics, ECR repositories, OpenSearch domains) that let anyone
//! in: an `Allow` statement whose principal is `*` and that no `Condition` narrows. Kept apart from
//! the IAM module because the question is about who, not what.

use super::{Predicate, any_document, only_args, validate_documents};
use crate::model::Resource;
use crate::policy::engine::{Ctx, Outcome, Truth};
use crate::value::{Kind, Value};

pub static ALLOWS_ANY_PRINCIPAL: Predicate = Predicate {
    name: "resource_policy_allows_any_principal",
    summary: "a policy document at one of `documents` has an `Allow` statement for principal `*` without a `Condition`",
    validate,
    eval,
};

fn validate(args: &Value) -> Result<(), String> {
    only_args(args, &["documents"])?;
    validate_documents("resource_policy_allows_any_principal", args)
}

fn eval(_ctx: &Ctx<'_>, resource: &Resource, args: &Value) -> Outcome {
    any_document(resource, args, allows_any_principal)
}

fn items(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value { kind: Kind::List(items), .. }) => items.iter().collect(),
        Some(v) => vec![v],
        None => vec![],
    }
}

/// `"*"`, `{"AWS": "*"}` or `{"AWS": ["*", ...]}`: every principal in every account.
fn principal_is_anyone(principal: &Value) -> Truth {
    let values: Vec<&Value> = match &principal.kind {
        Kind::Map(m) => m.get("AWS").map(|v| items(Some(v))).unwrap_or_default(),
        _ => items(Some(principal)),
    };
    if values.iter().any(|v| v.as_str() == Some("*")) {
        Truth::True
    } else if principal.find_unknown().is_some() {
        Truth::Unknown
    } else {
        Truth::False
    }
}

fn allows_any_principal(doc: &Value) -> Outcome {
    let doc = match super::iam::document(doc) {
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
        // Any condition (source account, source ARN, organisation, VPC endpoint) is taken to narrow
        // the statement: judging whether a given condition really restricts is IAM's business.
        if statement.get("Condition").is_some_and(|c| !matches!(c.kind, Kind::Null)) {
            continue;
        }
        let Some(principal) = statement.get("Principal") else { continue };
        match principal_is_anyone(principal) {
            Truth::True => return Outcome::yes(Some(principal.span)),
            Truth::Unknown => unknown = unknown.or(Some(Outcome::unknown("statement principal is unknown"))),
            Truth::False => {}
        }
    }
    unknown.unwrap_or(Outcome::no(None))
}
