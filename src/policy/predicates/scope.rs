//! Account- or region-wide settings that live in a resource of their own which need not reference
//! the resource being judged: a Security Hub standards subscription usually names only the standard's
//! ARN, an Inspector delegated admin only an account id. The question is then whether such a resource
//! is declared next to the judged one (same Terraform module instance, same CloudFormation template),
//! not whether it points at it.

use super::{Predicate, only_args};
use crate::model::{Mode, Resource};
use crate::policy::engine::{Ctx, Outcome};
use crate::value::{Kind, Value};

pub static RESOURCE_IN_SCOPE: Predicate = Predicate {
    name: "resource_in_scope",
    summary: "a managed resource of one of `types` is declared in the same Terraform module instance or CloudFormation template",
    validate,
    eval,
};

fn validate(args: &Value) -> Result<(), String> {
    only_args(args, &["types"])?;
    if types(args).is_none_or(|t| t.is_empty()) {
        return Err("resource_in_scope needs `types: [resource type, …]`".to_string());
    }
    Ok(())
}

fn types(args: &Value) -> Option<Vec<&str>> {
    match &args.get("types")?.kind {
        Kind::List(items) => items.iter().map(Value::as_str).collect(),
        _ => None,
    }
}

fn eval(ctx: &Ctx<'_>, resource: &Resource, args: &Value) -> Outcome {
    let Some(wanted) = types(args) else {
        return Outcome::unknown("resource_in_scope: bad arguments");
    };
    let found = wanted.iter().flat_map(|t| ctx.graph.of_type(t)).any(|&i| {
        let other = &ctx.project.resources[i];
        other.mode == Mode::Managed && other.scope == resource.scope && other.format == resource.format
    });
    // The other resource decides, possibly in another file: a finding points at the judged one.
    if found { Outcome::yes(None) } else { Outcome::no(None) }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::validate;
    use crate::source::Span;
    use crate::value::Value;

    fn value(json: &str) -> Value {
        Value::from_json(&serde_json::from_str(json).unwrap(), Span::default())
    }

    #[test]
    fn validation() {
        assert!(validate(&value(r#"{"types": ["aws_securityhub_standards_subscription"]}"#)).is_ok());
        assert!(validate(&value(r#"{"types": []}"#)).is_err());
        assert!(validate(&value(r#"{"types": "aws_securityhub_standards_subscription"}"#)).is_err());
        assert!(validate(&value(r#"{"type": ["aws_securityhub_standards_subscription"]}"#)).is_err());
    }
}
