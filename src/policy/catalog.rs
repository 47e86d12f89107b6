//! Where policies come from: the built-in files under `policies/` (embedded in the binary at build
//! time) and the user's `--policy-dir` directories, in the same format.

use std::path::Path;

use include_dir::{Dir, include_dir};
use rayon::prelude::*;

use super::Policy;
use crate::diag::Error;

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/policies");

fn is_policy_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

/// The built-in policies, sorted by id.
pub fn builtin() -> Result<Vec<Policy>, Error> {
    let mut files = Vec::new();
    collect_embedded(&BUILTIN, &mut files);
    // In parallel, and collected in order so that an error is always the first file's.
    let loaded: Vec<Result<Policy, Error>> = files
        .into_par_iter()
        .map(|(path, text)| super::format::load(&format!("policies/{path}"), text, true))
        .collect();
    let mut policies = loaded.into_iter().collect::<Result<Vec<_>, _>>()?;
    policies.sort_by(|a, b| a.id.cmp(&b.id));
    check_unique(&policies)?;
    Ok(policies)
}

fn collect_embedded(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static str)>) {
    for file in dir.files() {
        if is_policy_file(file.path())
            && let Some(text) = file.contents_utf8()
        {
            out.push((file.path().to_string_lossy().replace('\\', "/"), text));
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

/// Policies from a user's directory (recursively), sorted by path.
pub fn from_dir(dir: &Path) -> Result<Vec<Policy>, Error> {
    let mut paths = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|source| Error::Io { path: d.clone(), source })?;
        for entry in entries {
            let entry = entry.map_err(|source| Error::Io { path: d.clone(), source })?;
            let path = entry.path();
            let file_type = entry.file_type().map_err(|source| Error::Io { path: path.clone(), source })?;
            if file_type.is_dir() {
                stack.push(path);
            } else if file_type.is_file() && is_policy_file(&path) {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).map_err(|source| Error::Io { path: p.clone(), source })?;
            super::format::load(&p.to_string_lossy(), &text, false)
        })
        .collect()
}

/// Ids and aliases are global: two policies may not share one.
pub fn check_unique(policies: &[Policy]) -> Result<(), Error> {
    let mut seen = std::collections::HashMap::new();
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
