//! Where policies come from: the built-in files under `policies/` (embedded in the binary at build
//! time) and the user's `--policy-dir` directories, in the same format.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use rayon::prelude::*;

use super::Policy;
use crate::diag::Error;
use crate::repo::{Symlinks, read_regular};

/// The built-in policy files as build.rs converted them: `x.yaml` holds the JSON of `x.yaml` in
/// `policies/` (see [`builtin`]).
static BUILTIN_JSON: Dir<'static> = include_dir!("$OUT_DIR/policies");

#[must_use]
pub fn is_policy_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

/// The built-in policies, sorted by id. They are read from the JSON documents build.rs made of
/// their YAML files: the same data (a test checks each file), parsed several times faster.
pub fn builtin() -> Result<Vec<Policy>, Error> {
    let mut files = Vec::new();
    collect_embedded(&BUILTIN_JSON, &mut files);
    // In parallel, and collected in order so that an error is always the first file's.
    let loaded: Vec<Result<Policy, Error>> = files
        .into_par_iter()
        .map(|(path, json)| super::format::load_json(&format!("policies/{path}"), json))
        .collect();
    let mut policies = loaded.into_iter().collect::<Result<Vec<_>, _>>()?;
    policies.sort_by(|a, b| a.id.cmp(&b.id));
    check_unique(&policies)?;
    Ok(policies)
}

/// Every embedded `x.yaml.json` as (`x.yaml`'s path under `policies/`, its JSON).
fn collect_embedded(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static str)>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let (Some(yaml), Some(json)) = (path.strip_suffix(".json"), file.contents_utf8())
            && is_policy_file(Path::new(yaml))
        {
            out.push((yaml.to_string(), json));
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

/// A custom policy file larger than this is refused: the largest built-in one is a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 1 << 20;

/// Policies from a user's directory (recursively), sorted by path.
pub fn from_dir(dir: &Path) -> Result<Vec<Policy>, Error> {
    files_in(dir)?
        .iter()
        .map(|p| {
            let bytes = read_regular(p, MAX_FILE_BYTES, Symlinks::Refuse)
                .map_err(|e| Error::Usage(format!("{}: {e}", p.display())))?;
            super::format::load(&p.to_string_lossy(), &String::from_utf8_lossy(&bytes), false)
        })
        .collect()
}

/// Policies already read: (path as shown, text).
pub fn from_texts(files: &[(String, String)]) -> Result<Vec<Policy>, Error> {
    files.iter().map(|(path, text)| super::format::load(path, text, false)).collect()
}

/// The policy files under `dir`, recursively, sorted. Symlinks, to files or directories, are neither
/// read nor followed: a policy directory in the scanned tree must not lead outside it.
pub fn files_in(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut paths = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|source| Error::Io { path: d.clone(), error: source })?;
        for entry in entries {
            let entry = entry.map_err(|source| Error::Io { path: d.clone(), error: source })?;
            let path = entry.path();
            let file_type =
                entry.file_type().map_err(|source| Error::Io { path: path.clone(), error: source })?;
            if file_type.is_dir() {
                stack.push(path);
            } else if file_type.is_file() && is_policy_file(&path) {
                paths.push(path);
            }
        }
    }
    paths.sort();
    Ok(paths)
}

/// Ids and aliases are global: two policies may not share one.
pub fn check_unique(policies: &[Policy]) -> Result<(), Error> {
    let mut seen = crate::collections::HashMap::default();
    for p in policies {
        for id in std::iter::once(&p.id).chain(&p.aliases) {
            if let Some(other) = seen.insert(id.clone(), &p.origin) {
                return Err(Error::Usage(format!(
                    "policy id `{id}` is used by both {other} and {}",
                    p.origin
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use crate::source::SourceFile;

    /// The scan reads the JSON build.rs made; it must be what the scanner's own YAML parser reads
    /// in the file, value for value, and the whole catalogue must be there.
    #[test]
    fn every_builtin_policy_reads_the_same_from_its_json() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
        let files = files_in(&root).unwrap();
        let mut embedded = Vec::new();
        collect_embedded(&BUILTIN_JSON, &mut embedded);
        assert_eq!(files.len(), embedded.len());
        assert!(files.len() > 300);
        for path in files {
            let relative = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(&path).unwrap();
            let source = SourceFile::new(relative.clone(), path.clone(), text);
            let from_yaml = crate::parse::yaml::parse(&source).unwrap().to_json();
            let json = embedded.iter().find(|(p, _)| *p == relative).map(|(_, j)| *j);
            let json = json.unwrap_or_else(|| panic!("{relative} is not embedded"));
            let from_json = super::super::format::from_catalog_json(&serde_json::from_str(json).unwrap());
            assert_eq!(from_yaml, from_json.to_json(), "{relative}");
        }
    }

    /// Built-in patterns are compiled on first use; loading each file as a user's policy compiles
    /// them all now, so that a bad one fails here rather than silently matching nothing.
    #[test]
    fn every_builtin_pattern_compiles() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
        let files = files_in(&root).unwrap();
        assert!(files.len() > 300);
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            if let Err(e) = super::super::format::load(&path.to_string_lossy(), &text, false) {
                panic!("{}: {e}", path.display());
            }
        }
    }
}
