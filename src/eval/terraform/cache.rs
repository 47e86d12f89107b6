//! The module cache `terraform init` (or `terraform get`) leaves in a root module:
//! `.terraform/modules/modules.json`, which maps each module call's key (`vpc`, `vpc.endpoints`) to
//! the directory it downloaded, with the source and version it resolved. Palisade reads it; it never
//! downloads anything.

use std::path::{Path, PathBuf};

use super::env::Run;
use super::module::{CallDecl, head_span};
use crate::escape::quote;
use crate::model::{Location, UnevaluatedCall};

pub use crate::discover::manifest::{Caches, MANIFEST, Manifest};

/// Whether a module source is fetched by `terraform init` rather than read from a local directory:
/// a registry address, git, Mercurial, an S3, GCS or HTTP(S) URL.
#[must_use]
pub fn is_remote(source: &str) -> bool {
    !(source.starts_with("./") || source.starts_with("../") || source == "." || source == "..")
}

/// Whether the source `terraform init` recorded is the one a call names. Terraform records registry
/// addresses with their host (`registry.terraform.io/ns/name/system`) and GitHub shorthands as git
/// URLs; both spellings name one module.
#[must_use]
pub fn same_source(call: &str, recorded: &str) -> bool {
    canonical_source(call) == canonical_source(recorded)
}

fn canonical_source(source: &str) -> String {
    let source = source.trim();
    // `//subdir` and `?ref=` stay: another subdirectory or revision is another module.
    let (address, rest) = split_address(source);
    let parts: Vec<&str> = address.split('/').collect();
    let registry_name =
        |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if parts.len() == 3 && !address.contains(':') && parts.iter().all(|p| registry_name(p)) {
        return format!("registry.terraform.io/{}{rest}", address.to_ascii_lowercase());
    }
    if parts.len() == 4 && parts[0].contains('.') && parts[1..].iter().all(|p| registry_name(p)) {
        return format!("{}{rest}", address.to_ascii_lowercase());
    }
    if let Some(repo) = address.strip_prefix("github.com/") {
        let repo = repo.strip_suffix(".git").unwrap_or(repo);
        return format!("git::https://github.com/{repo}.git{rest}");
    }
    if let Some(repo) = address.strip_prefix("bitbucket.org/") {
        return format!("git::https://bitbucket.org/{repo}{rest}");
    }
    source.to_string()
}

/// `host/ns/name//sub?ref=x` → (`host/ns/name`, `//sub?ref=x`), not counting the `//` of a URL scheme.
fn split_address(source: &str) -> (&str, &str) {
    let scheme_end = source.find("://").map_or(0, |i| i + 3);
    let tail = &source[scheme_end..];
    let cut = [tail.find("//"), tail.find('?')].into_iter().flatten().min();
    match cut {
        Some(i) => source.split_at(scheme_end + i),
        None => (source, ""),
    }
}

/// The directory `terraform init` downloaded a remote module call's module to, when the root
/// module's cache has it for this call's source and version; else why not, as the reason of the
/// Unknown that stands for its outputs. A cache that names another source or a version the call
/// does not accept is stale: a warning, since the module the call would deploy is not there.
pub(crate) fn resolve(
    run: &Run<'_>,
    root_dir: &Path,
    call: &CallDecl<'_>,
    source: &str,
    key: &str,
) -> Result<PathBuf, String> {
    let name = &call.name;
    let head = head_span(call.block);
    let note = |reason: String, needs_init: bool| {
        let address = format!("module.{}", key.replace('.', ".module."));
        let at = Location { file: call.file, span: run.original(call.file, head) };
        run.unevaluated.borrow_mut().push(UnevaluatedCall {
            at,
            address,
            reason: reason.clone(),
            needs_init,
        });
        reason
    };
    let stale = |why: String| {
        let message = format!(
            "module {name}: the module cache of `terraform init` is stale ({why}); the module is not evaluated: run `terraform init -backend=false`"
        );
        run.warn(call.file, head, message);
        note(format!("module.{name}: the module cache is stale ({why})"), true)
    };
    if run.caches.disabled {
        return Err(note(
            format!("module.{name} has a remote source {} and the module cache is off", quote(source)),
            false,
        ));
    }
    let Some(manifest) = run.caches.manifests.get(root_dir) else {
        return Err(note(
            format!(
                "module.{name} has a remote source {} and the root module has no {}",
                quote(source),
                MANIFEST
            ),
            true,
        ));
    };
    let Some(entry) = manifest.by_key.get(key) else {
        return Err(stale(format!("it has no module for the call {}", quote(key))));
    };
    if !same_source(source, &entry.source) {
        return Err(stale(format!(
            "it holds {} where the call names {}",
            quote(&entry.source),
            quote(source)
        )));
    }
    let constraint = call.overrides.attribute(call.file, call.block, "version").map(|(_, a)| &a.value);
    if let Some(constraint) = constraint {
        let Some(constraint) = constraint.as_str() else {
            return Err(stale("the call's version is not a literal string".to_string()));
        };
        let Some(version) = &entry.version else {
            return Err(stale(format!("it records no version, and the call asks for {}", quote(constraint))));
        };
        match super::version::satisfies(constraint, version) {
            Ok(true) => {}
            Ok(false) => {
                return Err(stale(format!(
                    "it holds version {} where the call asks for {}",
                    quote(version),
                    quote(constraint)
                )));
            }
            Err(e) => return Err(stale(format!("the version cannot be checked: {}", quote(&e)))),
        }
    }
    if !run.defs.contains_key(&entry.dir) {
        return Err(stale(format!(
            "its directory {} holds no Terraform file that could be read",
            quote(&entry.dir.to_string_lossy())
        )));
    }
    Ok(entry.dir.clone())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn registry_and_git_spellings_name_one_module() {
        assert!(same_source(
            "terraform-aws-modules/vpc/aws",
            "registry.terraform.io/terraform-aws-modules/vpc/aws"
        ));
        assert!(same_source(
            "terraform-aws-modules/vpc/aws//modules/x",
            "registry.terraform.io/terraform-aws-modules/vpc/aws//modules/x"
        ));
        assert!(!same_source(
            "terraform-aws-modules/vpc/aws",
            "registry.terraform.io/terraform-aws-modules/rds/aws"
        ));
        assert!(!same_source(
            "terraform-aws-modules/vpc/aws//modules/a",
            "terraform-aws-modules/vpc/aws//modules/b"
        ));
        assert!(same_source("github.com/acme/net?ref=v1", "git::https://github.com/acme/net.git?ref=v1"));
        assert!(!same_source("github.com/acme/net?ref=v1", "git::https://github.com/acme/net.git?ref=v2"));
        assert!(same_source("s3::https://s3.amazonaws.com/b/m.zip", "s3::https://s3.amazonaws.com/b/m.zip"));
    }
}
