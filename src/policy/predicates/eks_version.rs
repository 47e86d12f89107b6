//! EKS Kubernetes versions past the end of standard support. The dates come from the Amazon EKS
//! Kubernetes release calendar (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html)
//! and are judged as of `AS_OF`: a clock-free scan gives the same answer on every machine, and the
//! table is updated when AWS publishes a new end date.

use super::{Predicate, only_args};
use crate::model::Resource;
use crate::policy::engine::{Ctx, Outcome};
use crate::value::{Kind, Value};

pub static EKS_VERSION_PAST_STANDARD_SUPPORT: Predicate = Predicate {
    name: "eks_version_past_standard_support",
    summary: "the Kubernetes version at `attribute` reached the end of EKS standard support on or before 2026-11-23 (1.33 and older)",
    validate: |args| {
        only_args(args, &["attribute"])?;
        args.get("attribute")
            .and_then(Value::as_str)
            .map(|_| ())
            .ok_or_else(|| "eks_version_past_standard_support needs `attribute: path`".to_string())
    },
    eval,
};

/// The date the table below is read against.
pub const AS_OF: &str = "2026-11-23";

/// (minor version, end of standard support), newest first. 1.33 ended on 2026-07-29; 1.34 ends on
/// 2026-12-02, after `AS_OF`. Every minor version older than the oldest listed ended earlier.
const STANDARD_SUPPORT_END: &[(u32, &str)] = &[
    (34, "2026-12-02"),
    (33, "2026-07-29"),
    (32, "2026-03-23"),
    (31, "2025-11-26"),
    (30, "2025-07-23"),
    (29, "2025-03-23"),
];

fn eval(_ctx: &Ctx<'_>, resource: &Resource, args: &Value) -> Outcome {
    let Some(path) = args.get("attribute").and_then(Value::as_str) else {
        return Outcome::unknown("eks_version_past_standard_support: bad arguments");
    };
    let mut value = Some(&resource.attrs);
    for segment in path.split('.') {
        value = value.and_then(|v| match &v.kind {
            // Terraform nested blocks are lists of one map.
            Kind::List(items) => items.first().and_then(|i| i.get(segment)),
            _ => v.get(segment),
        });
    }
    // Absent: EKS creates the cluster on its current default version.
    let Some(value) = value.filter(|v| !matches!(v.kind, Kind::Null)) else {
        return Outcome::no(None);
    };
    if let Some(u) = value.as_unknown() {
        return Outcome::unknown(format!("version is unknown: {}", u.reason));
    }
    if matches!(value.kind, Kind::Number(_)) {
        // An unquoted `1.30` is the number 1.3: the version cannot be read back.
        return Outcome::unknown("version written as a number is ambiguous");
    }
    let Some(text) = value.scalar_text() else {
        return Outcome::unknown("version is not a string");
    };
    let Some(minor) =
        text.trim().strip_prefix("1.").and_then(|m| m.split('.').next()).and_then(|m| m.parse::<u32>().ok())
    else {
        return Outcome::unknown(format!("unrecognised Kubernetes version `{text}`"));
    };
    let oldest = STANDARD_SUPPORT_END.last().map_or(0, |(m, _)| *m);
    let ended = minor < oldest || STANDARD_SUPPORT_END.iter().any(|(m, end)| *m == minor && *end <= AS_OF);
    if ended { Outcome::yes(Some(value.span)) } else { Outcome::no(None) }
}
