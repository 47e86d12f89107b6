//! `.palisade.yml`: the project's settings, merged with the command line (the command line wins).
//! Read with the same spanned YAML parser as templates, so an unknown key is an error with its line.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use crate::diag::{DiagLevel, Diagnostic, Error};
use crate::diff::base::BaseTree;
use crate::policy::{Severity, catalog};
use crate::repo::{self, ReadError, Symlinks};
use crate::source::{SourceFile, Span};
use crate::value::{Kind, Value};

pub const DEFAULT_FILE: &str = ".palisade.yml";

/// Size limits of the files that configure a scan: far above any real one, far below a memory problem.
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;
pub const MAX_PARAMETERS_BYTES: u64 = 4 << 20;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// Tag keys every taggable resource must carry.
    pub required_tags: Vec<String>,
    /// The tag key that names a stateful resource's backup/DR procedure.
    pub backup_tag: Option<String>,
    /// Glob patterns of paths not to scan.
    pub exclude: Vec<String>,
    /// Policy ids (or aliases) not to run.
    pub skip: Vec<String>,
    /// When non-empty, only these policy ids run.
    pub only: Vec<String>,
    /// Findings at or above this severity make the exit code 1.
    pub severity_threshold: Option<Severity>,
    /// Directories of custom policies, relative to the config file.
    pub policy_dirs: Vec<PathBuf>,
    /// Terraform variable files, relative to the config file.
    pub var_files: Vec<PathBuf>,
    /// A CloudFormation parameters file, relative to the config file.
    pub cfn_parameters: Option<PathBuf>,
    /// Severity overrides by policy id: `severity: {AWS-S3-002: high}`.
    pub severity: BTreeMap<String, Severity>,
    /// A baseline file, relative to the config file (`--baseline` wins).
    pub baseline: Option<PathBuf>,
    /// Warn about Palisade suppressions that match no finding.
    pub report_unused_suppressions: bool,
    /// `module_cache: false`: do not read modules from `terraform init`'s cache.
    pub module_cache: Option<bool>,
    /// Where each policy id in `skip`, `only` and `severity` was written (`file:line:column`), so that
    /// an id no policy has is reported there.
    pub id_locations: BTreeMap<String, String>,
}

const KEYS: &[&str] = &[
    "required_tags",
    "backup_tag",
    "exclude",
    "skip",
    "only",
    "severity_threshold",
    "policy_dirs",
    "var_files",
    "cfn_parameters",
    "severity",
    "baseline",
    "report_unused_suppressions",
    "module_cache",
];

/// Reads a config file, at most [`MAX_CONFIG_BYTES`]. `Ok(None)` when `path` does not exist and was not
/// asked for explicitly. One named on the command line may be a symlink (the user chose it); the one
/// found in the scanned tree may not.
pub fn load(path: &Path, explicit: bool) -> Result<Option<Config>, Error> {
    let symlinks = if explicit { Symlinks::Follow } else { Symlinks::Refuse };
    let text = match repo::read_regular(path, MAX_CONFIG_BYTES, symlinks) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(ReadError::Io(e)) if !explicit && e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::Usage(format!("{}: {e}", path.display()))),
    };
    let base = absolute_dir(path);
    parse(&path.to_string_lossy(), &text, &base).map(Some)
}

/// The directory of `path`, absolute, so that paths relative to it can be compared with the root.
fn absolute_dir(path: &Path) -> PathBuf {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())
}

/// Where the files that configure a scan are read from, and what the pull request changed in them.
///
/// Every path a configuration file names must lie inside the repository root, written so and after
/// symlinks are resolved; the file itself may not be a symlink, and is read up to a size limit. With a
/// base revision (`--diff-base`) these files are read from it, not from the working tree, and every
/// one that the working tree has differently is reported.
pub struct Sources<'a> {
    /// The repository root, canonical.
    root: PathBuf,
    base: Option<&'a BaseTree>,
    /// The configuration file was named on the command line and lies outside the repository: the user
    /// wrote it, and the paths it names may lie anywhere.
    trusted: bool,
    /// One warning per configuring file the pull request adds, changes or deletes.
    pub changed: Vec<Diagnostic>,
}

impl<'a> Sources<'a> {
    #[must_use]
    pub fn new(root: PathBuf, base: Option<&'a BaseTree>) -> Self {
        Sources { root, base, trusted: false, changed: Vec::new() }
    }

    /// The repository root the configuration is confined to.
    #[must_use]
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The configuration: `explicit` (named on the command line) is read where it is; otherwise
    /// `path` is the default file, read like every configuring file.
    pub fn config(&mut self, path: &Path, explicit: bool) -> Result<Option<Config>, Error> {
        if explicit {
            let config = load(path, true)?;
            self.trusted = !normalize(&absolute_dir(path)).starts_with(&self.root);
            return Ok(config);
        }
        let path = absolute_dir(path).join(path.file_name().unwrap_or(DEFAULT_FILE.as_ref()));
        let Some(text) = self.read("the configuration", &path, MAX_CONFIG_BYTES)? else { return Ok(None) };
        parse(&self.display(&path), &text, &absolute_dir(&path)).map(Some)
    }

    /// A file the configuration names under `key` (for messages): `Ok(None)` when it does not exist
    /// (in the base revision, when there is one).
    pub fn read(&mut self, key: &str, path: &Path, limit: u64) -> Result<Option<String>, Error> {
        let Some(path) = self.confine(key, path)? else {
            return read_text(path, limit, Symlinks::Follow).map_err(|e| self.read_error(path, &e));
        };
        let current = read_text(&path, limit, Symlinks::Refuse);
        let Some(base) = self.base else { return current.map_err(|e| self.read_error(&path, &e)) };
        let old = base.read(&path, limit).map_err(|e| self.read_error(&path, &e))?;
        self.note_change(&path, old.as_deref(), current.ok().flatten().as_deref(), true);
        Ok(old)
    }

    /// A file the configuration names that the scan reads with the scanned files (a variable file):
    /// confined like the others, and reported when the pull request changes it, but not replaced by
    /// its base version.
    pub fn watch(&mut self, key: &str, path: &Path, limit: u64) -> Result<PathBuf, Error> {
        let Some(confined) = self.confine(key, path)? else { return Ok(path.to_path_buf()) };
        if let Some(base) = self.base {
            let old = base.read(&confined, limit).ok().flatten();
            let current = read_text(&confined, limit, Symlinks::Refuse).ok().flatten();
            self.note_change(&confined, old.as_deref(), current.as_deref(), false);
        }
        Ok(confined)
    }

    /// The custom policies in a directory the configuration names, recursively: (path as shown, text).
    pub fn policies(&mut self, dir: &Path) -> Result<Vec<(String, String)>, Error> {
        let Some(dir) = self.confine("policy_dirs", dir)? else {
            return read_policies(&catalog::files_in(dir)?, self, Symlinks::Follow);
        };
        if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
            let shown = self.display(&dir);
            return Err(Error::Usage(format!(
                "{shown}: is a symlink; a policy directory is not read through symlinks"
            )));
        }
        let Some(base) = self.base else {
            return read_policies(&catalog::files_in(&dir)?, self, Symlinks::Refuse);
        };
        let io = |e: ReadError| Error::Usage(format!("{}: {e}", self.display(&dir)));
        let old: Vec<PathBuf> = base.files_under(&dir).map_err(io)?;
        let old: Vec<PathBuf> = old.into_iter().filter(|p| catalog::is_policy_file(p)).collect();
        let current = catalog::files_in(&dir).unwrap_or_default();
        for added in current.iter().filter(|p| !old.contains(p)) {
            let text = read_text(added, catalog::MAX_FILE_BYTES, Symlinks::Refuse).ok().flatten();
            self.note_change(added, None, text.as_deref(), true);
        }
        let mut out = Vec::with_capacity(old.len());
        for path in &old {
            if let Some(text) = self.read("policy_dirs", path, catalog::MAX_FILE_BYTES)? {
                out.push((self.display(path), text));
            }
        }
        Ok(out)
    }

    /// Checks that `path` (absolute) lies inside the root, lexically and through any symlinked
    /// directory on the way. `Ok(None)` for a path outside it that a trusted configuration names.
    pub fn confine(&self, key: &str, path: &Path) -> Result<Option<PathBuf>, Error> {
        let lexical = normalize(path);
        let resolved = lexical
            .parent()
            .and_then(|dir| dir.canonicalize().ok())
            .map(|dir| dir.join(lexical.file_name().unwrap_or_default()));
        let inside =
            lexical.starts_with(&self.root) && resolved.as_ref().is_none_or(|r| r.starts_with(&self.root));
        if inside {
            return Ok(Some(lexical));
        }
        if self.trusted {
            return Ok(None);
        }
        Err(Error::Usage(format!(
            "configuration: {key} names `{}`, which is outside the repository ({}); configuration may \
             only name files inside it (name a file elsewhere on the command line instead)",
            path.display(),
            self.root.display()
        )))
    }

    /// A path as reports show it: relative to the root, `/`-separated.
    #[must_use]
    pub fn display(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        let parts: Vec<String> = rel
            .components()
            .filter(|c| *c != Component::CurDir)
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        parts.join("/")
    }

    fn read_error(&self, path: &Path, e: &ReadError) -> Error {
        Error::Usage(format!("{}: {e}", self.display(path)))
    }

    fn note_change(&mut self, path: &Path, old: Option<&str>, current: Option<&str>, from_base: bool) {
        let Some(base) = self.base else { return };
        let name = base.name();
        let message = match (old, current) {
            (Some(old), Some(current)) if old == current => return,
            (None, None) => return,
            _ if !from_base => "the pull request changes this file, which the configuration names; the \
                 scan read the pull request's version with the scanned files"
                .to_string(),
            (Some(_), Some(_)) => format!(
                "the pull request changes this file, which configures the scan; the scan used its version \
                 in the base revision `{name}`"
            ),
            (None, Some(_)) => format!(
                "the pull request adds this file, which would configure the scan; it is not used until \
                 it is in the base revision `{name}`"
            ),
            (Some(_), None) => format!(
                "the pull request deletes or replaces this file, which configures the scan; the scan \
                 used its version in the base revision `{name}`"
            ),
        };
        self.changed.push(Diagnostic::warning(self.display(path), None, None, message));
    }
}

fn read_policies(
    paths: &[PathBuf],
    sources: &Sources<'_>,
    symlinks: Symlinks,
) -> Result<Vec<(String, String)>, Error> {
    let mut out = Vec::with_capacity(paths.len());
    for path in paths {
        let shown =
            if symlinks == Symlinks::Refuse { sources.display(path) } else { path.display().to_string() };
        match read_text(path, catalog::MAX_FILE_BYTES, symlinks) {
            Ok(Some(text)) => out.push((shown, text)),
            Ok(None) => {}
            Err(e) => return Err(Error::Usage(format!("{shown}: {e}"))),
        }
    }
    Ok(out)
}

/// A bounded regular file as text; `Ok(None)` when there is none at `path`.
fn read_text(path: &Path, limit: u64, symlinks: Symlinks) -> Result<Option<String>, ReadError> {
    match repo::read_regular(path, limit, symlinks) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// `a/./b/../c` → `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Parses config text; relative paths in it are resolved against `base`.
pub fn parse(display: &str, text: &str, base: &Path) -> Result<Config, Error> {
    let source = SourceFile::new(display.to_string(), display.into(), text.to_string());
    let err = |span: Span, message: String| Error::at(&source, span, message);
    let doc = crate::parse::yaml::parse(&source).map_err(|e| err(e.span, e.message))?;
    let mut config = Config::default();
    let map = match &doc.kind {
        Kind::Null => return Ok(config),
        Kind::Map(m) => m,
        _ => return Err(err(doc.span, "the config file must be a mapping".to_string())),
    };
    let strings = |v: &Value| -> Result<Vec<String>, Error> {
        let items = match &v.kind {
            Kind::List(items) => items.iter().collect(),
            _ => vec![v],
        };
        items
            .into_iter()
            .map(|i| i.scalar_text().ok_or_else(|| err(i.span, "expected a string".to_string())))
            .collect()
    };
    let locate = |v: &Value| Diagnostic::at(DiagLevel::Error, &source, v.span, "").location();
    let mut ids = BTreeMap::new();
    let note_ids = |ids: &mut BTreeMap<String, String>, v: &Value| {
        let items = match &v.kind {
            Kind::List(items) => items.iter().collect(),
            _ => vec![v],
        };
        for item in items {
            if let Some(id) = item.scalar_text() {
                ids.entry(id).or_insert_with(|| locate(item));
            }
        }
    };
    let severity = |v: &Value| -> Result<Severity, Error> {
        let text = v.scalar_text().unwrap_or_default();
        Severity::parse(&text).ok_or_else(|| {
            err(v.span, format!("unknown severity `{text}` (critical, high, medium, low, info)"))
        })
    };
    for (key, value) in map.iter() {
        match key.name.as_str() {
            "required_tags" => config.required_tags = strings(value)?,
            "backup_tag" => {
                let key = value.as_str().filter(|s| !s.trim().is_empty());
                config.backup_tag = Some(
                    key.ok_or_else(|| err(value.span, "expected a tag key (a string)".to_string()))?
                        .to_string(),
                );
            }
            "exclude" => config.exclude = strings(value)?,
            "skip" => {
                config.skip = strings(value)?;
                note_ids(&mut ids, value);
            }
            "only" => {
                config.only = strings(value)?;
                note_ids(&mut ids, value);
            }
            "severity_threshold" => config.severity_threshold = Some(severity(value)?),
            "severity" => {
                let Kind::Map(overrides) = &value.kind else {
                    return Err(err(value.span, "expected a mapping of policy id to severity".to_string()));
                };
                for (id, level) in overrides.iter() {
                    config.severity.insert(id.name.clone(), severity(level)?);
                    ids.entry(id.name.clone()).or_insert_with(|| locate(&Value::null(id.span)));
                }
            }
            "baseline" => config.baseline = strings(value)?.into_iter().next().map(|p| base.join(p)),
            "report_unused_suppressions" => {
                config.report_unused_suppressions =
                    value.as_bool().ok_or_else(|| err(value.span, "expected true or false".to_string()))?;
            }
            "module_cache" => {
                config.module_cache = Some(
                    value.as_bool().ok_or_else(|| err(value.span, "expected true or false".to_string()))?,
                );
            }
            "policy_dirs" => config.policy_dirs = strings(value)?.into_iter().map(|p| base.join(p)).collect(),
            "var_files" => config.var_files = strings(value)?.into_iter().map(|p| base.join(p)).collect(),
            "cfn_parameters" => {
                config.cfn_parameters = strings(value)?.into_iter().next().map(|p| base.join(p));
            }
            other => {
                return Err(err(
                    key.span,
                    format!("unknown key `{other}` (expected one of: {})", KEYS.join(", ")),
                ));
            }
        }
    }
    config.id_locations = ids;
    Ok(config)
}

#[cfg(test)]
mod backup_tag_tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn backup_tag_is_a_single_tag_key() {
        let config = parse("c.yml", "backup_tag: BackupPlan\n", Path::new(".")).unwrap();
        assert_eq!(config.backup_tag.as_deref(), Some("BackupPlan"));
        assert_eq!(parse("c.yml", "required_tags: [Owner]\n", Path::new(".")).unwrap().backup_tag, None);
    }

    #[test]
    fn backup_tag_of_the_wrong_type_is_an_error() {
        assert!(parse("c.yml", "backup_tag: [BackupPlan]\n", Path::new(".")).is_err());
        assert!(parse("c.yml", "backup_tag: \"\"\n", Path::new(".")).is_err());
    }
}
