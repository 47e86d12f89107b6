//! Walking the given paths and classifying files.
//!
//! The walk reads what git would track (tracked files always, untracked ones unless `.gitignore` or
//! `.git/info/exclude` ignores them; see [`rules`]), skips hidden entries (such as `.terraform/` and
//! `.git/`), applies `--exclude` globs, and never follows a symlink that leaves the scan root. A module
//! in a hidden directory is read when a `module` block calls it ([`Discovery::module_dir`]). Output is
//! sorted, since the parallel walk's order is not deterministic.

mod cache;
pub mod manifest;
mod rules;
mod walk;

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use ignore::overrides::{Override, OverrideBuilder};

pub use self::rules::{Refusal, Repos, is_hidden};
use self::walk::{Dir, Walk};
use crate::diag::{Diagnostic, Error};

/// What a file is, judged by its name. CloudFormation candidates are confirmed after parsing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileKind {
    /// `*.tf`, or OpenTofu's `*.tofu`
    Terraform,
    /// `*.tf.json` (or `*.tofu.json`): Terraform's JSON syntax
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
    // On bytes: a name that is not UTF-8 (`db\xff.tf`) is still a file Terraform deploys.
    let name = path.file_name()?.as_encoded_bytes().to_ascii_lowercase();
    if name.ends_with(b".tf") || name.ends_with(b".tofu") {
        Some(FileKind::Terraform)
    } else if name.ends_with(b".tf.json") || name.ends_with(b".tofu.json") {
        Some(FileKind::TerraformJson)
    } else if name.ends_with(b".tfvars.json") {
        Some(FileKind::TerraformVarsJson)
    } else if name.ends_with(b".tfvars") {
        Some(FileKind::TerraformVars)
    } else if name.ends_with(b".json") {
        Some(FileKind::JsonCandidate)
    } else if name.ends_with(b".yaml") || name.ends_with(b".yml") {
        Some(FileKind::YamlCandidate)
    } else if name.ends_with(b".template") || name.ends_with(b".cfn") {
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

/// A file read from outside the scan paths (a called module, a var file) as users see it: like
/// [`display_path`], but through `..` when it is not under `cwd` and the two share a directory below
/// the file system's root (`../../modules/db/main.tf` from `envs/prod`).
#[must_use]
pub fn display_outside(path: &Path, cwd: &Path) -> String {
    match relative_up(path, cwd) {
        Some(up) => display_path(&up, cwd),
        None => display_path(path, cwd),
    }
}

/// `path` relative to `cwd` through `..`, when both are absolute, `path` is not under `cwd`, and they
/// share at least one directory.
fn relative_up(path: &Path, cwd: &Path) -> Option<PathBuf> {
    if !path.is_absolute() || !cwd.is_absolute() || path.starts_with(cwd) {
        return None;
    }
    let ours: Vec<Component<'_>> = path.components().collect();
    let theirs: Vec<Component<'_>> = cwd.components().collect();
    let shared = ours.iter().zip(&theirs).take_while(|(a, b)| a == b).count();
    let common = ours[..shared].iter().filter(|c| matches!(c, Component::Normal(_))).count();
    if common == 0 || theirs[shared..].iter().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut out: PathBuf = theirs[shared..].iter().map(|_| Component::ParentDir).collect();
    out.extend(&ours[shared..]);
    Some(out)
}

/// Walks `paths` and returns the infrastructure files under them, sorted by path.
///
/// A path that does not exist is an error (exit code 2); unreadable directories and symlinks that
/// leave the root become diagnostics.
pub fn discover(paths: &[PathBuf], excludes: &[String]) -> Result<(Vec<Discovered>, Vec<Diagnostic>), Error> {
    let discovery = Discovery::run(paths, excludes)?;
    Ok((discovery.files, discovery.diagnostics))
}

/// What a walk found, and what it knows to find more later: the modules that live in hidden
/// directories, and the rules the file functions read by.
#[derive(Debug)]
pub struct Discovery {
    /// Sorted by path.
    pub files: Vec<Discovered>,
    pub diagnostics: Vec<Diagnostic>,
    /// The repositories of the scan paths: their roots, tracked files and ignore rules.
    pub repos: Arc<Repos>,
    walked: Vec<Walked>,
    /// The `--exclude` of a module directory outside every scan path: none.
    no_overrides: Override,
    cwd: PathBuf,
}

/// A directory given on the command line, and its `--exclude` globs.
#[derive(Debug)]
struct Walked {
    root: PathBuf,
    canonical: PathBuf,
    overrides: Override,
}

impl Discovery {
    /// Walks `paths`; see [`discover`].
    pub fn run(paths: &[PathBuf], excludes: &[String]) -> Result<Discovery, Error> {
        let cwd = std::env::current_dir().unwrap_or_default();
        let repos = Repos::for_paths(paths);
        let mut discovery = Discovery {
            files: Vec::new(),
            diagnostics: Vec::new(),
            repos: Arc::default(),
            walked: Vec::new(),
            no_overrides: Override::empty(),
            cwd,
        };
        for given in paths {
            let meta = std::fs::metadata(given)
                .map_err(|source| Error::Io { path: given.clone(), error: source })?;
            let absolute = if given.is_absolute() { given.clone() } else { discovery.cwd.join(given) };
            if meta.is_file() {
                // A file named explicitly is scanned even if its name would not be picked by a walk.
                let kind = classify(given).unwrap_or(FileKind::YamlCandidate);
                let root = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
                let display = display_path(&absolute, &discovery.cwd);
                discovery.files.push(Discovered { display, path: absolute, kind, root });
                continue;
            }
            let canonical = absolute
                .canonicalize()
                .map_err(|source| Error::Io { path: absolute.clone(), error: source })?;
            let overrides = overrides(&absolute, excludes)?;
            let walked = Walked { root: absolute, canonical, overrides };
            if let Some((rules, _)) = repos.rules_for(&walked.canonical) {
                let walk =
                    Walk::new(&walked.root, &walked.canonical, rules, &walked.overrides, &discovery.cwd);
                walk.run();
                let (mut files, mut diagnostics) = walk.into_parts();
                discovery.files.append(&mut files);
                discovery.diagnostics.append(&mut diagnostics);
            }
            discovery.walked.push(walked);
        }
        for (path, message) in repos.take_warnings() {
            discovery.diagnostics.push(Diagnostic::warning(
                display_path(&path, &discovery.cwd),
                None,
                None,
                message,
            ));
        }
        discovery.files.sort();
        discovery.files.dedup_by(|a, b| a.path == b.path);
        discovery.diagnostics.sort();
        discovery.repos = Arc::new(repos);
        Ok(discovery)
    }

    /// A file named outside the scanned tree (a `--var-file`), as a discovered file; `None` when the
    /// walk found it already.
    #[must_use]
    pub fn named(&self, path: &Path, kind: FileKind) -> Option<Discovered> {
        let absolute = if path.is_absolute() { path.to_path_buf() } else { self.cwd.join(path) };
        let canonical = absolute.canonicalize().ok();
        let known = |d: &Discovered| {
            d.path == absolute || canonical.is_some() && d.path.canonicalize().ok() == canonical
        };
        if self.files.iter().any(known) {
            return None;
        }
        let root = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
        Some(Discovered { display: display_outside(&absolute, &self.cwd), path: absolute, kind, root })
    }

    /// The Terraform files of a module directory that the walk did not read, now that a `module` block
    /// calls it: Terraform loads it. That is a directory the walk skipped because it is hidden
    /// (`./.mods/db`), or one outside the scan paths but inside the repository root
    /// (`palisade scan envs/prod` calling `../../modules/db`). Never `.git/`, never outside the
    /// repository root, and the same rules as the walk's apply to the files. Anything else gives
    /// nothing: it was walked already, or is not to be read (the `module` block's evaluation says so).
    #[must_use]
    pub fn module_dir(&self, dir: &Path) -> (Vec<Discovered>, Vec<Diagnostic>) {
        let hidden =
            |path: &Path| path.components().any(|c| matches!(c, Component::Normal(n) if is_hidden(n)));
        // Most calls name ordinary directories under a scan path, which cost no system call here.
        if !hidden(dir) && self.walked.iter().any(|w| dir.starts_with(&w.root)) {
            return (Vec::new(), Vec::new());
        }
        let Ok(canonical) = dir.canonicalize() else { return (Vec::new(), Vec::new()) };
        let Some((rules, rel)) = self.repos.rules_for(&canonical) else { return (Vec::new(), Vec::new()) };
        let in_git = rel.components().any(|c| c.as_os_str() == ".git");
        if in_git || !canonical.is_dir() {
            return (Vec::new(), Vec::new());
        }
        let walked = self.walked.iter().find(|w| canonical.starts_with(&w.canonical));
        let (root, canonical_root, overrides) = match walked {
            Some(walked) => {
                let below = canonical.strip_prefix(&walked.canonical).unwrap_or(Path::new(""));
                // `--exclude` applies to the directory and those above it, as the walk would have.
                let mut shown = walked.root.clone();
                let excluded = below.components().any(|c| {
                    shown.push(c);
                    walked.overrides.matched(&shown, true).is_ignore()
                });
                if excluded || !hidden(below) {
                    return (Vec::new(), Vec::new());
                }
                (&walked.root, &walked.canonical, &walked.overrides)
            }
            // Outside every scan path: `--exclude` globs are relative to the scan paths and do not
            // reach here, and symlinks may lead anywhere inside the repository.
            None => (&rules.root, &rules.root, &self.no_overrides),
        };
        let ignored = rules.ignored(rel, true);
        if ignored && !rules.tracked_under(rel) {
            return (Vec::new(), Vec::new());
        }
        let walk = Walk::new(root, canonical_root, rules, overrides, &self.cwd);
        walk.module(&Dir {
            path: dir.to_path_buf(),
            rel: rel.to_path_buf(),
            chain: rules.chain(rel),
            ignored,
        });
        let (mut found, diagnostics) = walk.into_parts();
        if walked.is_none() {
            for d in &mut found {
                d.display = display_outside(&d.path, &self.cwd);
            }
        }
        (found, diagnostics)
    }
}

fn overrides(root: &Path, excludes: &[String]) -> Result<Override, Error> {
    let mut overrides = OverrideBuilder::new(root);
    for glob in excludes {
        overrides
            .add(&format!("!{glob}"))
            .map_err(|e| Error::Usage(format!("invalid --exclude glob `{glob}`: {e}")))?;
    }
    overrides.build().map_err(|e| Error::Usage(format!("invalid --exclude globs: {e}")))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn classifies_by_name() {
        assert_eq!(classify(Path::new("main.tf")), Some(FileKind::Terraform));
        assert_eq!(classify(Path::new("x.tf.json")), Some(FileKind::TerraformJson));
        assert_eq!(classify(Path::new("main.tofu")), Some(FileKind::Terraform));
        assert_eq!(classify(Path::new("x_override.tofu.json")), Some(FileKind::TerraformJson));
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
        let prod = Path::new("/repo/envs/prod");
        assert_eq!(display_outside(Path::new("/repo/modules/db/main.tf"), prod), "../../modules/db/main.tf");
        assert_eq!(display_outside(Path::new("/repo/envs/prod/x.tf"), prod), "x.tf");
        assert_eq!(display_outside(Path::new("/other/x.tf"), prod), "/other/x.tf");
        assert_eq!(display_path(Path::new("/repo/modules/db/main.tf"), prod), "/repo/modules/db/main.tf");
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

    fn git(dir: &Path, args: &[&str]) {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }

    fn names(found: &[Discovered], root: &Path) -> Vec<String> {
        found
            .iter()
            .map(|d| d.path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"))
            .collect()
    }

    #[test]
    fn tracked_files_are_found_whatever_the_ignore_files_say() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        git(root, &["init", "-q"]);
        std::fs::write(root.join(".gitignore"), "*.tf\nbuild/\n").unwrap();
        // A ripgrep-style `.ignore` is not git's: it hides nothing.
        std::fs::write(root.join(".ignore"), "*.yaml\n").unwrap();
        for file in
            ["main.tf", "untracked.tf", "build/out.tf", "build/tracked.tf", "build/deep/x.tf", "t.yaml"]
        {
            std::fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
            std::fs::write(root.join(file), "").unwrap();
        }
        git(root, &["add", "-f", "main.tf", "build/tracked.tf"]);
        let (found, _) = discover(&[root.to_path_buf()], &[]).unwrap();
        assert_eq!(names(&found, root), ["build/tracked.tf", "main.tf", "t.yaml"]);
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_classified_on_bytes() {
        use std::os::unix::ffi::OsStrExt as _;
        let name = std::ffi::OsStr::from_bytes(b"db\xff.tf");
        assert_eq!(classify(Path::new(name)), Some(FileKind::Terraform));
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), "").unwrap();
        let (found, _) = discover(&[dir.path().to_path_buf()], &[]).unwrap();
        assert_eq!(found.len(), 1);
        assert!(found[0].display.ends_with("db\u{fffd}.tf"), "{}", found[0].display);
    }

    #[cfg(unix)]
    #[test]
    fn an_ignore_file_linked_to_a_device_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.path().join(".gitignore")).unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("sub/.gitignore")).unwrap();
        std::fs::write(dir.path().join("sub/main.tf"), "").unwrap();
        let (found, diags) = discover(&[dir.path().to_path_buf()], &[]).unwrap();
        assert_eq!(names(&found, dir.path()), ["sub/main.tf"]);
        let messages: Vec<_> = diags.iter().map(|d| (d.file.as_str(), d.message.as_str())).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages.iter().all(|(_, m)| m.contains("symlink")), "{messages:?}");
    }

    #[test]
    fn ignore_files_above_the_repository_root_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".gitignore"), "*.tf\n").unwrap();
        let root = dir.path().join("repo");
        std::fs::create_dir(&root).unwrap();
        git(&root, &["init", "-q"]);
        std::fs::write(root.join("main.tf"), "").unwrap();
        let (found, _) = discover(std::slice::from_ref(&root), &[]).unwrap();
        assert_eq!(names(&found, &root), ["main.tf"]);
    }

    #[test]
    fn a_called_module_in_a_hidden_directory_is_found_on_request() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        git(root, &["init", "-q"]);
        for file in
            [".mods/db/main.tf", ".mods/db/vars.tfvars", ".mods/db/nested/x.tf", ".git/hooks/x.tf", "main.tf"]
        {
            std::fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
            std::fs::write(root.join(file), "").unwrap();
        }
        let discovery = Discovery::run(&[root.to_path_buf()], &[]).unwrap();
        assert_eq!(names(&discovery.files, root), ["main.tf"]);
        let (found, _) = discovery.module_dir(&root.join(".mods/db"));
        assert_eq!(names(&found, root), [".mods/db/main.tf"]);
        assert!(discovery.module_dir(&root.join(".git/hooks")).0.is_empty());
        let excluded = Discovery::run(&[root.to_path_buf()], &[".mods".to_string()]).unwrap();
        assert!(excluded.module_dir(&root.join(".mods/db")).0.is_empty());
        // An ordinary directory was walked already.
        assert!(discovery.module_dir(root).0.is_empty());
    }
}
