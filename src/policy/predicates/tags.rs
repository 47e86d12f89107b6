//! Tags an organisation requires (`required_tags` in `.palisade.yml`): who owns a resource, which
//! environment it belongs to, how critical it is.

use super::{Predicate, only_args};
use crate::model::Resource;
use crate::policy::engine::{Ctx, Outcome};
use crate::source::Format;
use crate::value::{Kind, Value};

pub static MISSING_REQUIRED_TAGS: Predicate = Predicate {
    name: "missing_required_tags",
    summary: "the resource lacks one of the tag keys configured as `required_tags` (off when none are)",
    validate: |args| only_args(args, &[]),
    eval,
};

fn eval(ctx: &Ctx<'_>, resource: &Resource, _args: &Value) -> Outcome {
    let required = &ctx.settings.required_tags;
    if required.is_empty() {
        return Outcome::no(None);
    }
    let holder = match resource.format {
        Format::Terraform => Some(&resource.attrs),
        Format::CloudFormation => resource.attrs.get("Properties"),
    };
    let key = if resource.format == Format::Terraform { "tags" } else { "Tags" };
    let holder = holder.and_then(Value::as_map);
    let tags = holder.and_then(|m| m.entry(key));
    // Terraform: what the AWS provider will set, its `default_tags` merged in (see the evaluator).
    let all = holder.and_then(|m| m.get("tags_all")).filter(|_| resource.format == Format::Terraform);
    let sets: Vec<&Value> = all.into_iter().chain(tags.map(|(_, v)| v)).collect();
    let present = |key: &str| -> bool {
        sets.iter().any(|tags| match &tags.kind {
            Kind::Map(m) => m.get(key).is_some(),
            // CloudFormation's `[{Key: Owner, Value: team}]`.
            Kind::List(items) => items.iter().any(|t| t.get("Key").and_then(Value::as_str) == Some(key)),
            _ => false,
        })
    };
    let missing: Vec<&String> = required.iter().filter(|key| !present(key)).collect();
    if missing.is_empty() {
        return Outcome::no(None);
    }
    // A merge(), a list or default tags with an unknown part may still add the key.
    if let Some(u) = sets.iter().find_map(|tags| tags.find_unknown()) {
        return Outcome::unknown(format!("tags are unknown: {}", u.reason));
    }
    let names: Vec<String> = missing.iter().map(|k| crate::escape::quote(k)).collect();
    Outcome::yes(tags.map(|(k, _)| k.span)).detailed(names.join(", "))
}
