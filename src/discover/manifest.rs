//! The module manifest `terraform init` (or `terraform get`) leaves in a root module:
//! `.terraform/modules/modules.json`, which maps each module call's key (`vpc`, `vpc.endpoints`) to
//! the directory it downloaded, with the source and version it resolved.

use crate::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::repo::normalize;

/// Where the manifest is, relative to a root module.
pub const MANIFEST: &str = ".terraform/modules/modules.json";
/// Entries beyond this are ignored with a warning: real configurations have dozens.
pub const MAX_ENTRIES: usize = 10_000;

/// One module call as `terraform init` resolved it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cached {
    pub source: String,
    pub version: Option<String>,
    /// Absolute and lexically normalised.
    pub dir: PathBuf,
}

/// The manifest of one root module.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    pub by_key: HashMap<String, Cached>,
}

/// The manifests of the scan's root modules, by root directory (normalised), and what was read of
/// them. Empty when the cache is off (`--no-module-cache`).
#[derive(Clone, Debug, Default)]
pub struct Caches {
    pub manifests: HashMap<PathBuf, Manifest>,
    /// `--no-module-cache` or `module_cache: false`: calls are not resolved through any cache.
    pub disabled: bool,
}

impl Caches {
    /// Whether `dir` lies in a root module's cache, where only module calls lead.
    #[must_use]
    pub fn holds(&self, dir: &Path) -> bool {
        self.manifests.keys().any(|root| dir.starts_with(root.join(".terraform")))
    }
}

#[derive(serde::Deserialize)]
struct Raw {
    #[serde(rename = "Modules", default)]
    modules: Vec<RawEntry>,
}

#[derive(serde::Deserialize)]
struct RawEntry {
    #[serde(rename = "Key", default)]
    key: String,
    #[serde(rename = "Source", default)]
    source: String,
    #[serde(rename = "Version", default)]
    version: Option<String>,
    #[serde(rename = "Dir", default)]
    dir: String,
}

/// Reads a manifest's text; `root` is the root module's directory, which `Dir` is relative to.
/// Entries whose directory leaves the root module's cache are dropped: they are not module
/// downloads (the root itself, local modules) or not to be trusted, and local sources are resolved
/// from the configuration anyway. The warnings say what was dropped.
pub fn parse(text: &str, root: &Path) -> Result<(Manifest, Vec<String>), String> {
    let raw: Raw = serde_json::from_str(text).map_err(|e| format!("is not a module manifest: {e}"))?;
    let cache = normalize(&root.join(".terraform"));
    let mut manifest = Manifest::default();
    let mut warnings = Vec::new();
    if raw.modules.len() > MAX_ENTRIES {
        warnings.push(format!("more than {MAX_ENTRIES} modules; the rest are not read"));
    }
    for entry in raw.modules.into_iter().take(MAX_ENTRIES) {
        if entry.key.is_empty() {
            continue;
        }
        // `terraform init` on Windows writes `\` separators.
        let dir_text = entry.dir.replace('\\', "/");
        let relative = Path::new(&dir_text);
        let dir = normalize(&root.join(relative));
        if relative.is_absolute() || !dir.starts_with(&cache) {
            continue;
        }
        let version = entry.version.filter(|v| !v.is_empty());
        manifest.by_key.insert(entry.key, Cached { source: entry.source, version, dir });
    }
    Ok((manifest, warnings))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn only_directories_inside_the_cache_are_kept() {
        let text = r#"{"Modules":[
            {"Key":"","Source":"","Dir":"."},
            {"Key":"local","Source":"./modules/x","Dir":"modules/x"},
            {"Key":"vpc","Source":"registry.terraform.io/a/vpc/aws","Version":"5.1.0","Dir":".terraform/modules/vpc"},
            {"Key":"vpc.endpoints","Source":"./modules/vpc-endpoints","Dir":".terraform/modules/vpc/modules/vpc-endpoints"},
            {"Key":"escape","Source":"x/y/z","Dir":".terraform/modules/../../../etc"},
            {"Key":"absolute","Source":"x/y/z","Dir":"/etc"},
            {"Key":"windows","Source":"x/y/z","Dir":".terraform\\modules\\windows"}
        ]}"#;
        let (m, warnings) = parse(text, Path::new("/repo/app")).unwrap_or_default();
        assert!(warnings.is_empty());
        let mut keys: Vec<&str> = m.by_key.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["vpc", "vpc.endpoints", "windows"]);
        assert_eq!(m.by_key["windows"].dir, Path::new("/repo/app/.terraform/modules/windows"));
        assert_eq!(m.by_key["vpc"].dir, Path::new("/repo/app/.terraform/modules/vpc"));
        assert_eq!(m.by_key["vpc"].version.as_deref(), Some("5.1.0"));
        assert!(parse("[1]", Path::new("/r")).is_err());
    }
}
