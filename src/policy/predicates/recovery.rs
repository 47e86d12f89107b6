//! Whether deleting or replacing a stateful resource through the IaC tool would destroy its data:
//! CloudFormation's `DeletionPolicy` and `UpdateReplacePolicy`, Terraform's `prevent_destroy`.

use super::{Predicate, only_args};
use crate::model::Resource;
use crate::policy::engine::{Ctx, Outcome};
use crate::source::Format;
use crate::value::{Kind, Value};

pub static DELETION_UNGUARDED: Predicate = Predicate {
    name: "stateful_deletion_unguarded",
    summary: "CloudFormation: `DeletionPolicy` or `UpdateReplacePolicy` (with its per-type default) is not `Retain`, `RetainExceptOnCreate` or, where the type supports it, `Snapshot`; Terraform: no `lifecycle { prevent_destroy = true }` (an `aws_s3_bucket` is guarded unless `force_destroy = true`)",
    validate: |args| only_args(args, &[]),
    eval,
};

/// Types for which CloudFormation can take a final snapshot instead of deleting outright.
const SNAPSHOT_TYPES: &[&str] = &[
    "AWS::EC2::Volume",
    "AWS::ElastiCache::CacheCluster",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::Neptune::DBCluster",
    "AWS::RDS::DBCluster",
    "AWS::RDS::DBInstance",
    "AWS::Redshift::Cluster",
    "AWS::DocDB::DBCluster",
];

fn eval(_ctx: &Ctx<'_>, resource: &Resource, _args: &Value) -> Outcome {
    match resource.format {
        Format::Terraform => terraform(resource),
        Format::CloudFormation => cloudformation(resource),
    }
}

fn terraform(resource: &Resource) -> Outcome {
    let attrs = &resource.attrs;
    let guarded = attrs.get("lifecycle").and_then(Value::as_list).is_some_and(|blocks| {
        blocks.iter().any(|b| b.get("prevent_destroy").and_then(Value::as_bool) == Some(true))
    });
    if guarded {
        return Outcome::no(None);
    }
    // Terraform refuses to destroy a bucket that still holds objects unless `force_destroy` is set.
    if resource.rtype == "aws_s3_bucket" {
        return match attrs.get("force_destroy") {
            Some(v) if v.is_unknown() => Outcome::unknown("force_destroy is unknown"),
            Some(v) if v.as_bool() == Some(true) => Outcome::yes(Some(v.span)),
            _ => Outcome::no(None),
        };
    }
    Outcome::yes(None)
}

fn cloudformation(resource: &Resource) -> Outcome {
    let snapshot_ok = SNAPSHOT_TYPES.contains(&resource.rtype.as_str());
    // CloudFormation snapshots RDS clusters and stand-alone RDS instances on deletion by default;
    // an instance in an Aurora cluster is covered by its cluster.
    let default_deletion = match resource.rtype.as_str() {
        "AWS::RDS::DBCluster" => "Snapshot",
        "AWS::RDS::DBInstance"
            if resource.attrs.get("Properties").and_then(|p| p.get("DBClusterIdentifier")).is_none() =>
        {
            "Snapshot"
        }
        _ => "Delete",
    };
    for (attribute, default) in [("DeletionPolicy", default_deletion), ("UpdateReplacePolicy", "Delete")] {
        let o = match resource.attrs.get(attribute) {
            None => judge(default, snapshot_ok, None),
            Some(v) => match &v.kind {
                Kind::String(s) => judge(s, snapshot_ok, Some(v)),
                Kind::Null => judge(default, snapshot_ok, None),
                _ => Outcome::unknown(format!("{attribute} is not a literal")),
            },
        };
        if o.truth != crate::policy::engine::Truth::False {
            return o;
        }
    }
    Outcome::no(None)
}

/// True (unguarded) unless the policy keeps the data.
fn judge(policy: &str, snapshot_ok: bool, at: Option<&Value>) -> Outcome {
    let keeps = matches!(policy, "Retain" | "RetainExceptOnCreate") || (policy == "Snapshot" && snapshot_ok);
    if keeps { Outcome::no(None) } else { Outcome::yes(at.map(|v| v.span)) }
}
