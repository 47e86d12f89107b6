//! Native predicates: logic a policy file cannot express well (port ranges and CIDRs, IAM policy
//! documents, configured tags), registered by name in one explicit list.

mod backup_tag;
mod block_fields;
mod cloudfront;
mod eks_version;
mod env_secrets;
mod iam;
mod iam_allows;
mod iam_doc;
mod iam_levels;
mod json_field;
mod keyvalue;
mod nacl;
mod network;
mod recovery;
mod resource_policy;
mod runtimes;
mod scope;
mod secrets;
mod supply_chain;
mod tags;
mod tls;

use super::engine::{Ctx, Outcome};
use crate::model::Resource;
use crate::value::Value;

pub struct Predicate {
    pub name: &'static str,
    /// One line for `palisade explain` and the policy docs.
    pub summary: &'static str,
    /// Checks the arguments when the policy is loaded, so a bad policy fails at load time.
    pub validate: fn(&Value) -> Result<(), String>,
    pub eval: fn(&Ctx<'_>, &Resource, &Value) -> Outcome,
}

static REGISTRY: &[&Predicate] = &[
    &network::INGRESS_OPEN_TO_INTERNET,
    &network::EGRESS_OPEN_TO_INTERNET,
    &iam::GRANTS_FULL_ADMIN,
    &tags::MISSING_REQUIRED_TAGS,
    &resource_policy::ALLOWS_ANY_PRINCIPAL,
    &json_field::JSON_FIELD_EQUALS,
    &recovery::DELETION_UNGUARDED,
    &backup_tag::MISSING_BACKUP_TAG,
    &eks_version::EKS_VERSION_PAST_STANDARD_SUPPORT,
    &tls::ELB_LISTENER_ALLOWS_LEGACY_TLS,
    &runtimes::LAMBDA_RUNTIME_DEPRECATED,
    &keyvalue::KEY_VALUE_EQUALS,
    &cloudfront::S3_ORIGIN_WITHOUT_ACCESS_CONTROL,
    &iam_allows::ALLOWS,
    &iam_doc::DENIES_INSECURE_TRANSPORT,
    &nacl::NACL_INGRESS_OPEN,
    &secrets::HARDCODED_SECRET,
    &block_fields::BLOCK_WITH_FIELDS,
    &env_secrets::ENV_LITERAL_SECRET,
    &scope::RESOURCE_IN_SCOPE,
    &supply_chain::MODULE_SOURCE_UNPINNED,
    &supply_chain::PROVIDER_VERSION_UNCONSTRAINED,
];

#[must_use]
pub fn lookup(name: &str) -> Option<&'static Predicate> {
    REGISTRY.iter().copied().find(|p| p.name == name)
}

#[must_use]
pub fn names() -> Vec<&'static str> {
    REGISTRY.iter().map(|p| p.name).collect()
}

/// Whether `documents` is a non-empty list of attribute paths, the argument of every predicate that
/// reads documents.
fn has_document_paths(args: &Value) -> bool {
    args.get("documents")
        .and_then(Value::as_list)
        .is_some_and(|list| !list.is_empty() && list.iter().all(|v| v.as_str().is_some()))
}

/// Checks the `documents` argument (a predicate's other arguments are its own to check).
fn validate_documents(name: &str, args: &Value) -> Result<(), String> {
    if has_document_paths(args) {
        Ok(())
    } else {
        Err(format!("{name} needs `documents: [attribute paths]`"))
    }
}

/// The paths listed under `documents`.
fn document_paths(args: &Value) -> Vec<&str> {
    args.get("documents").and_then(Value::as_list).unwrap_or(&[]).iter().filter_map(Value::as_str).collect()
}

/// True when `test` is True for some value at one of the `documents` paths; Unknown when none is True
/// and one is Unknown.
fn any_document(resource: &Resource, args: &Value, test: impl Fn(&Value) -> Outcome) -> Outcome {
    let mut docs = Vec::new();
    for path in document_paths(args) {
        values_at(&resource.attrs, &path.split('.').collect::<Vec<_>>(), &mut docs);
    }
    Outcome::any_true(docs.into_iter().map(test))
}

/// The values at a dotted path, `*` matching every list item or map value; lists met on the way are
/// searched item by item.
fn values_at<'v>(value: &'v Value, path: &[&str], out: &mut Vec<&'v Value>) {
    let Some((first, rest)) = path.split_first() else {
        out.push(value);
        return;
    };
    match (&value.kind, *first) {
        (crate::value::Kind::List(items), _) => items.iter().for_each(|i| values_at(i, path, out)),
        (crate::value::Kind::Map(m), "*") => m.iter().for_each(|(_, v)| values_at(v, rest, out)),
        (crate::value::Kind::Map(m), key) => {
            if let Some(v) = m.get(key) {
                values_at(v, rest, out);
            }
        }
        _ => {}
    }
}

/// Rejects argument keys a predicate does not know.
fn only_args(args: &Value, allowed: &[&str]) -> Result<(), String> {
    for (key, _) in args.as_map().into_iter().flat_map(crate::value::Map::iter) {
        if !allowed.contains(&key.name.as_str()) {
            return Err(format!(
                "unknown predicate argument `{}` (expected: {})",
                key.name,
                allowed.join(", ")
            ));
        }
    }
    Ok(())
}
