//! The tag that names a resource's backup or disaster-recovery procedure (`backup_tag` in
//! `.palisade.yml`): what an on-call engineer looks for before restoring or deleting data.

use super::{Predicate, only_args};
use crate::model::Resource;
use crate::policy::engine::{Ctx, Outcome};
use crate::source::Format;
use crate::value::{Kind, Value};

pub static MISSING_BACKUP_TAG: Predicate = Predicate {
    name: "missing_backup_tag",
    summary: "the resource has no non-empty tag named by `backup_tag` in `.palisade.yml` (off when it is not set)",
    validate: |args| only_args(args, &[]),
    eval,
};

fn eval(ctx: &Ctx<'_>, resource: &Resource, _args: &Value) -> Outcome {
    let Some(wanted) = ctx.settings.backup_tag.as_deref() else {
        return Outcome::no(None);
    };
    let (holder, key) = match resource.format {
        Format::Terraform => (Some(&resource.attrs), "tags"),
        Format::CloudFormation => (resource.attrs.get("Properties"), "Tags"),
    };
    let Some((tags_key, tags)) = holder.and_then(Value::as_map).and_then(|m| m.entry(key)) else {
        return Outcome::yes(None);
    };
    if let Some(u) = tags.as_unknown() {
        return Outcome::unknown(format!("tags are unknown: {}", u.reason));
    }
    let value = match &tags.kind {
        Kind::Map(m) => m.get(wanted),
        // CloudFormation's `[{Key: Backup, Value: daily-35d}]`.
        Kind::List(items) => items
            .iter()
            .find(|t| t.get("Key").and_then(Value::as_str) == Some(wanted))
            .and_then(|t| t.get("Value")),
        _ => None,
    };
    match value {
        Some(v) if v.is_unknown() => Outcome::unknown(format!("tag {wanted} is unknown")),
        Some(v) if v.scalar_text().is_some_and(|s| !s.trim().is_empty()) => Outcome::no(None),
        Some(v) => Outcome::yes(Some(v.span)),
        // A merge() or list with an unknown part may still add the key.
        None => match tags.find_unknown() {
            Some(u) => Outcome::unknown(format!("tags are partly unknown: {}", u.reason)),
            None => Outcome::yes(Some(tags_key.span)),
        },
    }
}
