//! Reading what `terraform init` cached in a root module's `.terraform/` directory: its module
//! manifest, and the directories of the modules it downloaded. The walk never enters `.terraform/`
//! (it is hidden, and git-ignored in practice); these are read only through the manifest, never
//! through a symlink and never outside the repository root, as bounded regular files.

use crate::collections::HashSet;
use std::path::{Path, PathBuf};

use super::manifest::{Caches, MANIFEST};
use super::{Discovered, Discovery, FileKind, classify, display_outside};
use crate::diag::Diagnostic;

/// A manifest larger than this is not read: one entry is some 200 bytes.
pub const MAX_MANIFEST_BYTES: u64 = 16 << 20;

impl Discovery {
    /// The module manifest `terraform init` left in each of `dirs` (any of them may be a root
    /// module), and the Terraform files of the module directories they name, which are added to
    /// `looked`: nothing else is to read them.
    pub fn module_caches(
        &self,
        dirs: impl Iterator<Item = PathBuf>,
        looked: &mut HashSet<PathBuf>,
    ) -> (Caches, Vec<Discovered>, Vec<Diagnostic>) {
        let mut dirs: Vec<PathBuf> = dirs.collect();
        dirs.sort();
        dirs.dedup();
        let mut caches = Caches::default();
        let mut found = Vec::new();
        let mut diagnostics = Vec::new();
        for root in dirs {
            let text = match self.module_manifest(&root) {
                None => continue,
                Some(Ok(text)) => text,
                Some(Err(warning)) => {
                    diagnostics.push(warning);
                    continue;
                }
            };
            let shown = display_outside(&root.join(MANIFEST), &self.cwd);
            let manifest = match super::manifest::parse(&text, &root) {
                Ok((manifest, warnings)) => {
                    diagnostics
                        .extend(warnings.into_iter().map(|w| Diagnostic::warning(&shown, None, None, w)));
                    manifest
                }
                Err(e) => {
                    let message = format!("{e}; the module cache is not read");
                    diagnostics.push(Diagnostic::warning(&shown, None, None, message));
                    continue;
                }
            };
            let mut module_dirs: Vec<&PathBuf> = manifest.by_key.values().map(|c| &c.dir).collect();
            module_dirs.sort();
            module_dirs.dedup();
            for dir in module_dirs {
                if looked.insert(dir.clone()) {
                    let (mut files, mut warnings) = self.cached_module_dir(&root, dir);
                    found.append(&mut files);
                    diagnostics.append(&mut warnings);
                }
            }
            caches.manifests.insert(root, manifest);
        }
        (caches, found, diagnostics)
    }

    /// The text of `.terraform/modules/modules.json` in a root module directory, if there is one:
    /// `None` when there is none, a warning when it is there but may not be read (a symlink, a
    /// special file, too large, outside the repository root).
    #[must_use]
    pub fn module_manifest(&self, root: &Path) -> Option<Result<String, Diagnostic>> {
        let path = root.join(MANIFEST);
        // The common case, a root module never initialised, costs one failed system call.
        std::fs::symlink_metadata(&path).ok()?;
        let refuse = |why: String| {
            let shown = display_outside(&path, &self.cwd);
            Err(Diagnostic::warning(shown, None, None, format!("{why}; the module cache is not read")))
        };
        if let Err(why) = self.inside_without_links(root, &path) {
            return Some(refuse(why));
        }
        let bytes = match crate::repo::read_regular(&path, MAX_MANIFEST_BYTES, crate::repo::Symlinks::Refuse)
        {
            Ok(bytes) => bytes,
            Err(e) => return Some(refuse(e.to_string())),
        };
        match String::from_utf8(bytes) {
            Ok(text) => Some(Ok(text)),
            Err(_) => Some(refuse("is not valid UTF-8".to_string())),
        }
    }

    /// The Terraform files of a module directory inside a root module's `.terraform/`: regular
    /// files only (no symlinks), in a directory reached from the root module without a symlink.
    #[must_use]
    pub fn cached_module_dir(&self, root: &Path, dir: &Path) -> (Vec<Discovered>, Vec<Diagnostic>) {
        let warn = |why: String| {
            let shown = display_outside(dir, &self.cwd);
            vec![Diagnostic::warning(shown, None, None, format!("{why}; the cached module is not read"))]
        };
        if let Err(why) = self.inside_without_links(root, dir) {
            return (Vec::new(), warn(why));
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            // A manifest may name a directory a later `terraform init` removed: the call is stale.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Vec::new(), Vec::new()),
            Err(e) => return (Vec::new(), warn(format!("cannot read directory: {e}"))),
        };
        let mut found = Vec::new();
        for entry in entries.flatten() {
            // The entry's own type: a symlink is not followed, wherever it leads.
            let Ok(file_type) = entry.file_type() else { continue };
            if !file_type.is_file() {
                continue;
            }
            let path = entry.path();
            let Some(kind @ (FileKind::Terraform | FileKind::TerraformJson)) = classify(&path) else {
                continue;
            };
            let display = display_outside(&path, &self.cwd);
            found.push(Discovered { display, path, kind, root: root.to_path_buf() });
        }
        found.sort();
        (found, Vec::new())
    }

    /// Whether `path`, below the root module `root`, is inside the repository root and reached
    /// without a symlink: its canonical form is the root's canonical form joined with the rest.
    fn inside_without_links(&self, root: &Path, path: &Path) -> Result<(), String> {
        let rest = path.strip_prefix(root).map_err(|_| "is not inside its root module".to_string())?;
        let canonical_root = root.canonicalize().map_err(|e| format!("cannot read: {e}"))?;
        let canonical = path.canonicalize().map_err(|e| format!("cannot read: {e}"))?;
        if canonical != canonical_root.join(rest) {
            return Err("is reached through a symlink".to_string());
        }
        match self.repos.rules_for(&canonical) {
            Some((_, rel)) if !rel.components().any(|c| c.as_os_str() == ".git") => Ok(()),
            _ => Err("is outside the repository root".to_string()),
        }
    }
}
