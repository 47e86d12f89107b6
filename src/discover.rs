//! Walking the given paths and classifying files.
//!
//! The walk honours `.gitignore` inside and outside git repositories, skips hidden directories (such
//! as `.terraform/` and `.git/`), applies `--exclude` globs, and never follows a symlink that leaves
//! the scan root. Output is sorted, since the parallel walk's order is not deterministic.

use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use ignore::{WalkBuilder, WalkState, overrides::OverrideBuilder};

use crate::diag::{Diagnostic, Error};

/// What a file is, judged by its name. CloudFormation candidates are confirmed after parsing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileKind {
    /// `*.tf`
    Terraform,
    /// `*.tf.json`: Terraform's JSON syntax
    TerraformJson,
    /// `*.tfvars`
    TerraformVars,
    /// `*.tfvars.json`: variable values in JSON syntax
    TerraformVarsJson,
    /// JSON that may be a CloudFormation template.
    JsonCandidate,
    /// YAML that may be a CloudFormation template.
    YamlCandidate,
}

impl FileKind {
    /// Terraform in either syntax, configuration or variable values.
    #[must_use]
    pub fn is_terraform(self) -> bool {
        matches!(
            self,
            FileKind::Terraform
                | FileKind::TerraformJson
                | FileKind::TerraformVars
                | FileKind::TerraformVarsJson
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Discovered {
    /// Shown to users: relative to the current directory when under it, `/`-separated.
    pub display: String,
    pub path: PathBuf,
    pub kind: FileKind,
    /// The scan root the file was found under (a given directory, or a given file's directory).
    pub root: PathBuf,
}

/// Classifies a file name. `None` means the file is not infrastructure code and is skipped silently.
#[must_use]
// The name is lower-cased first, so the comparisons below are case-insensitive.
#[allow(clippy::case_sensitive_file_extension_comparisons)]
pub fn classify(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".tf") {
        Some(FileKind::Terraform)
    } else if name.ends_with(".tf.json") {
        Some(FileKind::TerraformJson)
    } else if name.ends_with(".tfvars.json") {
        Some(FileKind::TerraformVarsJson)
    } else if name.ends_with(".tfvars") {
        Some(FileKind::TerraformVars)
    } else if name.ends_with(".json") {
        Some(FileKind::JsonCandidate)
    } else if name.ends_with(".yaml") || name.ends_with(".yml") {
        Some(FileKind::YamlCandidate)
    } else if name.ends_with(".template") || name.ends_with(".cfn") {
        // Templates named `.template` are JSON or YAML; the first non-blank character tells.
        Some(FileKind::JsonCandidate)
    } else {
        None
    }
}

/// A path as users see it: relative to `cwd` when under it, with `/` separators. The components are
/// joined, not the separators replaced: outside Windows a backslash is part of a file's name.
#[must_use]
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let shown = path.strip_prefix(cwd).unwrap_or(path);
    let mut text = String::new();
    for component in shown.components() {
        match component {
            Component::CurDir => {}
            Component::Prefix(prefix) => text.push_str(&prefix.as_os_str().to_string_lossy()),
            Component::RootDir => text.push('/'),
            Component::ParentDir | Component::Normal(_) => {
                if !text.is_empty() && !text.ends_with('/') {
                    text.push('/');
                }
                text.push_str(&component.as_os_str().to_string_lossy());
            }
        }
    }
    if text.is_empty() { ".".to_string() } else { text }
}

/// Walks `paths` and returns the infrastructure files under them, sorted by path.
///
/// A path that does not exist is an error (exit code 2); unreadable directories and symlinks that
/// leave the root become diagnostics.
pub fn discover(paths: &[PathBuf], excludes: &[String]) -> Result<(Vec<Discovered>, Vec<Diagnostic>), Error> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut found = Vec::new();
    let mut diagnostics = Vec::new();
    for given in paths {
        let meta = std::fs::metadata(given).map_err(|source| Error::Io { path: given.clone(), source })?;
        let absolute = if given.is_absolute() { given.clone() } else { cwd.join(given) };
        if meta.is_file() {
            // A file named explicitly is scanned even if its name would not be picked by a walk.
            let kind = classify(given).unwrap_or(FileKind::YamlCandidate);
            let root = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
            found.push(Discovered { display: display_path(&absolute, &cwd), path: absolute, kind, root });
            continue;
        }
        walk(&absolute, excludes, &cwd, &mut found, &mut diagnostics)?;
    }
    found.sort();
    found.dedup_by(|a, b| a.path == b.path);
    diagnostics.sort();
    Ok((found, diagnostics))
}

fn walk(
    root: &Path,
    excludes: &[String],
    cwd: &Path,
    found: &mut Vec<Discovered>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), Error> {
    let canonical_root =
        root.canonicalize().map_err(|source| Error::Io { path: root.to_path_buf(), source })?;
    let mut overrides = OverrideBuilder::new(root);
    for glob in excludes {
        overrides
            .add(&format!("!{glob}"))
            .map_err(|e| Error::Usage(format!("invalid --exclude glob `{glob}`: {e}")))?;
    }
    let overrides = overrides.build().map_err(|e| Error::Usage(format!("invalid --exclude globs: {e}")))?;
    let walker = WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .ignore(true)
        .parents(true)
        .follow_links(false)
        .overrides(overrides)
        .build_parallel();

    let results = Mutex::new((Vec::new(), Vec::new()));
    walker.run(|| {
        Box::new(|entry| {
            let mut out = results.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            match entry {
                Ok(entry) => {
                    let path = entry.path();
                    let Some(file_type) = entry.file_type() else { return WalkState::Continue };
                    if file_type.is_dir() {
                        return WalkState::Continue;
                    }
                    let Some(kind) = classify(path) else { return WalkState::Continue };
                    if file_type.is_symlink() {
                        // Follow a symlink only to a regular file inside the root; a link that leaves
                        // the root could expose files the scan was never given.
                        match path.canonicalize() {
                            Ok(target) if target.starts_with(&canonical_root) && target.is_file() => {}
                            _ => {
                                out.1.push(Diagnostic::warning(
                                    display_path(path, cwd),
                                    None,
                                    None,
                                    "symlink points outside the scan root or nowhere; not followed",
                                ));
                                return WalkState::Continue;
                            }
                        }
                    }
                    out.0.push(Discovered {
                        display: display_path(path, cwd),
                        path: path.to_path_buf(),
                        kind,
                        root: root.to_path_buf(),
                    });
                }
                Err(err) => {
                    out.1.push(Diagnostic::warning(display_path(root, cwd), None, None, err.to_string()));
                }
            }
            WalkState::Continue
        })
    });
    let (files, diags) = results.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    found.extend(files);
    diagnostics.extend(diags);
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn classifies_by_name() {
        assert_eq!(classify(Path::new("main.tf")), Some(FileKind::Terraform));
        assert_eq!(classify(Path::new("x.tf.json")), Some(FileKind::TerraformJson));
        assert_eq!(classify(Path::new("terraform.tfvars.json")), Some(FileKind::TerraformVarsJson));
        assert_eq!(classify(Path::new("terraform.tfvars")), Some(FileKind::TerraformVars));
        assert_eq!(classify(Path::new("t.YAML")), Some(FileKind::YamlCandidate));
        assert_eq!(classify(Path::new("README.md")), None);
    }

    #[test]
    fn display_paths_join_components_with_slashes() {
        let cwd = Path::new("/work");
        assert_eq!(display_path(Path::new("/work/a/main.tf"), cwd), "a/main.tf");
        assert_eq!(display_path(Path::new("./a/./b.tf"), Path::new("/elsewhere")), "a/b.tf");
        assert_eq!(display_path(Path::new("/other/x.tf"), cwd), "/other/x.tf");
        assert_eq!(display_path(Path::new("../up/x.tf"), cwd), "../up/x.tf");
        assert_eq!(display_path(Path::new("/work"), cwd), ".");
        // Outside Windows a backslash is a character of the name, not a separator.
        #[cfg(unix)]
        assert_eq!(display_path(Path::new("/work/a\\b.tf"), cwd), "a\\b.tf");
    }

    #[test]
    fn walk_honours_gitignore_hidden_and_excludes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join(".terraform/modules")).unwrap();
        std::fs::create_dir_all(root.join("ignored")).unwrap();
        std::fs::create_dir_all(root.join("vendor")).unwrap();
        std::fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
        std::fs::write(root.join("main.tf"), "").unwrap();
        std::fs::write(root.join(".terraform/modules/x.tf"), "").unwrap();
        std::fs::write(root.join("ignored/y.tf"), "").unwrap();
        std::fs::write(root.join("vendor/z.tf"), "").unwrap();
        std::fs::write(root.join("notes.txt"), "").unwrap();
        let (found, _) = discover(&[root.to_path_buf()], &["vendor/**".to_string()]).unwrap();
        let names: Vec<_> = found.iter().map(|d| d.path.file_name().unwrap().to_str().unwrap()).collect();
        assert_eq!(names, ["main.tf"]);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_root_are_not_followed() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.tf"), "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.tf"), dir.path().join("link.tf")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("main.tf"), dir.path().join("inside.tf")).unwrap();
        std::fs::write(dir.path().join("main.tf"), "").unwrap();
        let (found, diags) = discover(&[dir.path().to_path_buf()], &[]).unwrap();
        let names: Vec<_> = found.iter().map(|d| d.path.file_name().unwrap().to_str().unwrap()).collect();
        assert_eq!(names, ["inside.tf", "main.tf"]);
        assert_eq!(diags.len(), 1);
    }
}
