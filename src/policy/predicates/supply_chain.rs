//! What Terraform downloads before it plans: module sources and providers. A `module` call and a
//! `terraform` block reach policies as settings (types `module` and `terraform`).
//!
//! A module source is pinned when what it names cannot change under the same text: a local path, a
//! git or Mercurial source whose `ref` is a full commit hash, or a registry module with a `version`
//! (a registry version cannot be republished). Branches and tags can be moved, so a `ref=v1.2.0`
//! is not a pin. Archive sources (`s3::`, `gcs::`, `https://…zip`) are not judged.

use super::{Predicate, only_args};
use crate::model::Resource;
use crate::policy::engine::{Ctx, Outcome};
use crate::value::{Kind, Value};

pub static MODULE_SOURCE_UNPINNED: Predicate = Predicate {
    name: "module_source_unpinned",
    summary: "a `module` call's `source` is a git or Mercurial source whose `ref` is not a full commit hash, or a registry module without `version`",
    validate: |args| only_args(args, &[]),
    eval: module_source_unpinned,
};

pub static PROVIDER_VERSION_UNCONSTRAINED: Predicate = Predicate {
    name: "provider_version_unconstrained",
    summary: "a `terraform` block's `required_providers` names a provider without a `version` constraint",
    validate: |args| only_args(args, &[]),
    eval: provider_version_unconstrained,
};

fn module_source_unpinned(_ctx: &Ctx<'_>, resource: &Resource, _args: &Value) -> Outcome {
    let attrs = &resource.attrs;
    let Some(source) = attrs.get("source") else { return Outcome::no(None) };
    let text = match &source.kind {
        Kind::String(s) => s.as_str(),
        Kind::Unknown(u) => return Outcome::unknown(format!("module source is unknown: {}", u.reason)),
        _ => return Outcome::no(None),
    };
    let unpinned = match classify(text) {
        Source::Vcs { reference } => !reference.is_some_and(is_commit_hash),
        Source::Registry => attrs.get("version").is_none_or(|v| matches!(v.kind, Kind::Null)),
        Source::Local | Source::Other => false,
    };
    if unpinned { Outcome::yes(Some(source.span)) } else { Outcome::no(None) }
}

#[derive(Debug, PartialEq, Eq)]
enum Source<'a> {
    Local,
    /// git or Mercurial, with the value of its `ref` (`rev` for Mercurial) query argument.
    Vcs {
        reference: Option<&'a str>,
    },
    Registry,
    Other,
}

fn classify(source: &str) -> Source<'_> {
    let source = source.trim();
    if source.starts_with("./") || source.starts_with("../") || source == "." || source == ".." {
        return Source::Local;
    }
    let vcs = ["git::", "hg::", "git@", "github.com/", "bitbucket.org/"];
    if vcs.iter().any(|p| source.starts_with(p)) {
        let query = source.split_once('?').map_or("", |(_, q)| q);
        let reference = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("ref=").or_else(|| kv.strip_prefix("rev=")))
            .map(|r| r.split_once("//").map_or(r, |(r, _)| r));
        return Source::Vcs { reference };
    }
    if source.contains("::") || source.contains("://") {
        return Source::Other;
    }
    // `namespace/name/provider`, optionally behind a registry host, optionally with `//subdir`.
    let address = source.split_once("//").map_or(source, |(a, _)| a);
    let parts: Vec<&str> = address.split('/').collect();
    let word =
        |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let registry = match parts.as_slice() {
        [ns, name, provider] => word(ns) && word(name) && word(provider),
        [host, ns, name, provider] => host.contains('.') && word(ns) && word(name) && word(provider),
        _ => false,
    };
    if registry { Source::Registry } else { Source::Other }
}

/// A full SHA-1 or SHA-256 commit id: a shorter prefix can become ambiguous, a name can be moved.
fn is_commit_hash(reference: &str) -> bool {
    matches!(reference.len(), 40 | 64) && reference.chars().all(|c| c.is_ascii_hexdigit())
}

fn provider_version_unconstrained(_ctx: &Ctx<'_>, resource: &Resource, _args: &Value) -> Outcome {
    let Some(blocks) = resource.attrs.get("required_providers") else { return Outcome::no(None) };
    let blocks = match &blocks.kind {
        Kind::List(items) => items.iter().collect(),
        _ => vec![blocks],
    };
    let mut unknown = None;
    for block in blocks {
        let Some(providers) = block.as_map() else {
            if let Kind::Unknown(u) = &block.kind {
                unknown = unknown.or_else(|| Some(Outcome::unknown(u.reason.to_string())));
            }
            continue;
        };
        for (name, requirement) in providers.iter() {
            // The short form `aws = "~> 5.0"` is itself a version constraint.
            match &requirement.kind {
                Kind::Map(m) if m.get("version").is_none() => return Outcome::yes(Some(name.span)),
                Kind::Unknown(u) => {
                    unknown = unknown.or_else(|| Some(Outcome::unknown(u.reason.to_string())));
                }
                _ => {}
            }
        }
    }
    unknown.unwrap_or(Outcome::no(None))
}

#[cfg(test)]
mod tests {
    use super::{Source, classify, is_commit_hash};

    #[test]
    fn sources_are_classified_like_terraform_reads_them() {
        assert_eq!(classify("./modules/vpc"), Source::Local);
        assert_eq!(classify("../shared"), Source::Local);
        assert_eq!(classify("terraform-aws-modules/vpc/aws"), Source::Registry);
        assert_eq!(classify("terraform-aws-modules/iam/aws//modules/iam-role"), Source::Registry);
        assert_eq!(classify("app.terraform.io/acme/network/aws"), Source::Registry);
        assert_eq!(classify("git::https://example.com/vpc.git"), Source::Vcs { reference: None });
        assert_eq!(
            classify("git::https://example.com/vpc.git//modules/a?ref=v1.2.0"),
            Source::Vcs { reference: Some("v1.2.0") }
        );
        assert_eq!(
            classify("github.com/acme/vpc?depth=1&ref=0123456789abcdef0123456789abcdef01234567"),
            Source::Vcs { reference: Some("0123456789abcdef0123456789abcdef01234567") }
        );
        assert_eq!(classify("git@github.com:acme/vpc.git"), Source::Vcs { reference: None });
        assert_eq!(
            classify("hg::https://example.com/vpc.hg?rev=default"),
            Source::Vcs { reference: Some("default") }
        );
        assert_eq!(classify("s3::https://s3.amazonaws.com/bucket/vpc.zip"), Source::Other);
        assert_eq!(classify("https://example.com/vpc.zip"), Source::Other);
        assert_eq!(classify("hashicorp/consul/aws/extra"), Source::Other);
    }

    #[test]
    fn only_full_hashes_pin() {
        assert!(is_commit_hash("0123456789abcdef0123456789abcdef01234567"));
        assert!(!is_commit_hash("0123456"));
        assert!(!is_commit_hash("v1.2.0"));
        assert!(!is_commit_hash("main"));
    }
}
