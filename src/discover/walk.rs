//! The walk of one scan root: every directory in parallel, ignore files applied on the way down.
//!
//! A directory's jobs are queued on the rayon pool rather than recursed into, so a deep tree costs
//! no stack.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use ignore::overrides::Override;

use super::rules::{Chain, Rules, is_hidden};
use super::{Discovered, FileKind, classify, display_path};
use crate::diag::Diagnostic;

pub(super) struct Walk<'a> {
    /// The scan root as given (made absolute): found paths are shown under it.
    pub root: &'a Path,
    pub canonical_root: &'a Path,
    pub rules: &'a Rules,
    /// `--exclude`.
    pub overrides: &'a Override,
    pub cwd: &'a Path,
    pub found: Mutex<Vec<Discovered>>,
    pub diagnostics: Mutex<Vec<Diagnostic>>,
}

impl<'a> Walk<'a> {
    pub fn new(
        root: &'a Path,
        canonical_root: &'a Path,
        rules: &'a Rules,
        overrides: &'a Override,
        cwd: &'a Path,
    ) -> Self {
        Walk {
            root,
            canonical_root,
            rules,
            overrides,
            cwd,
            found: Mutex::default(),
            diagnostics: Mutex::default(),
        }
    }

    pub fn into_parts(self) -> (Vec<Discovered>, Vec<Diagnostic>) {
        (
            self.found.into_inner().unwrap_or_else(PoisonError::into_inner),
            self.diagnostics.into_inner().unwrap_or_else(PoisonError::into_inner),
        )
    }
}

/// A directory to read: where it is, where it is relative to the repository root, the ignore files in
/// force there (its own included), and whether git ignores it (then only tracked files count).
pub(super) struct Dir {
    pub path: PathBuf,
    pub rel: PathBuf,
    pub chain: Chain,
    pub ignored: bool,
}

impl Walk<'_> {
    pub fn run(&self) {
        let rel = self.canonical_root.strip_prefix(&self.rules.root).unwrap_or(Path::new("")).to_path_buf();
        // A directory named on the command line is walked even if it is ignored.
        let chain = self.rules.chain(&rel);
        let start = Dir { path: self.root.to_path_buf(), rel, chain, ignored: false };
        rayon::scope(|scope| self.visit(Some(scope), &start));
    }

    /// The Terraform files of one module directory, which a `module` block calls: its
    /// subdirectories are other modules.
    pub fn module(&self, dir: &Dir) {
        self.visit(None, dir);
    }

    /// Reads one directory; its subdirectories are queued on `scope`, or skipped without one.
    fn visit<'s>(&'s self, scope: Option<&rayon::Scope<'s>>, dir: &Dir) {
        let entries = match std::fs::read_dir(&dir.path) {
            Ok(entries) => entries,
            Err(e) => return self.unreadable(&dir.path, &e),
        };
        let mut found = Vec::new();
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    self.unreadable(&dir.path, &e);
                    continue;
                }
            };
            let name = entry.file_name();
            // Hidden entries (`.git`, `.terraform`, `.env`) are not part of the configuration;
            // a module in a hidden directory is read when a `module` block calls it.
            if is_hidden(&name) {
                continue;
            }
            let Ok(file_type) = entry.file_type() else { continue };
            let path = entry.path();
            let rel = dir.rel.join(&name);
            if file_type.is_dir() {
                let Some(scope) = scope else { continue };
                if self.overrides.matched(&path, true).is_ignore() {
                    continue;
                }
                let ignored = dir.ignored || self.rules.ignored_in(&dir.chain, &rel, true);
                if ignored && !self.rules.tracked_under(&rel) {
                    continue;
                }
                let chain = dir.chain.clone();
                scope.spawn(move |scope| {
                    let chain = if ignored { chain } else { self.rules.extend(&chain, &rel) };
                    self.visit(Some(scope), &Dir { path, rel, chain, ignored });
                });
                continue;
            }
            let Some(kind) = classify(&path) else { continue };
            if scope.is_none() && !matches!(kind, FileKind::Terraform | FileKind::TerraformJson) {
                continue;
            }
            if self.overrides.matched(&path, false).is_ignore() {
                continue;
            }
            // Terraform deploys a tracked file whatever the ignore files say.
            if !self.rules.tracked(&rel) && (dir.ignored || self.rules.ignored_in(&dir.chain, &rel, false)) {
                continue;
            }
            if file_type.is_symlink() && !self.inside(&path) {
                self.warn(&path, "symlink points outside the scan root or nowhere; not followed".to_string());
                continue;
            }
            found.push(Discovered {
                display: display_path(&path, self.cwd),
                path,
                kind,
                root: self.root.to_path_buf(),
            });
        }
        if !found.is_empty() {
            self.found.lock().unwrap_or_else(PoisonError::into_inner).append(&mut found);
        }
    }

    /// A symlink is followed only to a regular file inside the root: a link that leaves it could
    /// expose files the scan was never given.
    pub fn inside(&self, path: &Path) -> bool {
        path.canonicalize().is_ok_and(|target| target.starts_with(self.canonical_root) && target.is_file())
    }

    fn unreadable(&self, dir: &Path, error: &std::io::Error) {
        self.warn(dir, format!("cannot read directory {}: {error}", display_path(dir, self.cwd)));
    }

    fn warn(&self, path: &Path, message: String) {
        let diagnostic = Diagnostic::warning(display_path(path, self.cwd), None, None, message);
        self.diagnostics.lock().unwrap_or_else(PoisonError::into_inner).push(diagnostic);
    }
}
