//! Tags an organisation requires (`required_tags` in `.palisade.yml`): who owns a resource, which
//! environment it belongs to, how critical it is.

use super::{Predicate, only_args};
use crate::eval::value::{Kind, Value};
use crate::model::Resource;
use crate::policy::engine::{Ctx, Outcome};
use crate::source::Format;

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
    let Some((tags_key, tags)) = holder.and_then(|h| h.as_map()).and_then(|m| m.entry(key)) else {
        return Outcome::yes(None);
    };
    if let Some(u) = tags.as_unknown() {
        return Outcome::unknown(format!("tags are unknown: {}", u.reason));
    }
    let mut unknown = None;
    let present = |key: &str| -> bool {
        match &tags.kind {
            Kind::Map(m) => m.get(key).is_some(),
            // CloudFormation's `[{Key: Owner, Value: team}]`.
            Kind::List(items) => items.iter().any(|t| t.get("Key").and_then(Value::as_str) == Some(key)),
            _ => false,
        }
    };
    for key in required {
        if !present(key) {
            if let Some(u) = tags.find_unknown() {
                // A merge() or list with an unknown part may still add the key.
                unknown =
                    unknown.or(Some(Outcome::unknown(format!("tags are partly unknown: {}", u.reason))));
                continue;
            }
            return Outcome::yes(Some(tags_key.span));
        }
    }
    unknown.unwrap_or(Outcome::no(None))
}
