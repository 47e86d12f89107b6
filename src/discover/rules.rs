//! Which files of a repository the scan reads: those git would track.
//!
//! A tracked file is always read, whatever the ignore files say (Terraform deploys it); an untracked
//! file is read unless `.gitignore` or `.git/info/exclude` ignores it. Nothing under `.git/` and no
//! hidden file is read through `file()` and its kin. Ignore files are read by Palisade itself, never
//! through a symlink and only as bounded regular files, and only from the repository root down: an
//! ignore file above the root belongs to someone else.

use crate::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::repo::index::{Tracked, common_dir, git_dir};
use crate::repo::{Symlinks, read_regular};

/// Ignore files larger than this are not read (a warning says so): no real one comes close, and
/// every line becomes a compiled pattern.
const MAX_IGNORE_FILE: u64 = 256 << 10;
/// All the ignore files of one repository together: each line is a compiled pattern, and a tree of
/// thousands of large ignore files would otherwise cost minutes. Past it, ignore files are not read
/// (with a warning), which scans more, never less.
const MAX_IGNORE_TOTAL: u64 = 4 << 20;

/// The repositories a scan reads from, innermost first.
#[derive(Debug, Default)]
pub struct Repos {
    repos: Vec<Rules>,
}

/// Why a file function does not read a file. The text names no content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    Outside,
    GitDir,
    Hidden,
    Ignored,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Refusal::Outside => "is outside the repository; not read",
            Refusal::GitDir => "is inside .git/; not read",
            Refusal::Hidden => "is a hidden file or in a hidden directory; not read",
            Refusal::Ignored => "is ignored by git and not tracked; not read",
        })
    }
}

impl Repos {
    /// The repositories of the given scan paths (a path outside any repository is its own root).
    #[must_use]
    pub fn for_paths(paths: &[PathBuf]) -> Repos {
        let mut roots: Vec<PathBuf> = paths.iter().filter_map(|p| crate::repo::root_of(p)).collect();
        roots.sort();
        roots.dedup();
        // Innermost first, so that a path is judged by the repository nearest to it.
        roots.reverse();
        Repos { repos: roots.into_iter().map(Rules::load).collect() }
    }

    /// The repository roots, canonical.
    pub fn roots(&self) -> impl Iterator<Item = &Path> {
        self.repos.iter().map(|r| r.root.as_path())
    }

    /// The rules of the repository holding a canonical path, and the path relative to its root.
    #[must_use]
    pub fn rules_for<'a>(&'a self, canonical: &'a Path) -> Option<(&'a Rules, &'a Path)> {
        self.repos.iter().find_map(|r| Some((r, canonical.strip_prefix(&r.root).ok()?)))
    }

    /// Whether the file functions may read a canonical path. `module_dir` (canonical) is the
    /// directory of the module being evaluated: a module that lives in a hidden directory, which
    /// Terraform loads when a `module` block names it, may read the files beside it.
    pub fn admits(&self, canonical: &Path, module_dir: Option<&Path>) -> Result<(), Refusal> {
        let (rules, rel) = self.rules_for(canonical).ok_or(Refusal::Outside)?;
        let allowed = module_dir
            .filter(|dir| canonical.starts_with(dir))
            .and_then(|dir| dir.strip_prefix(&rules.root).ok())
            .map_or(0, |dir| dir.components().count());
        for (i, part) in rel.components().enumerate() {
            let Component::Normal(name) = part else { return Err(Refusal::Outside) };
            if name == ".git" {
                return Err(Refusal::GitDir);
            }
            if i >= allowed && is_hidden(name) {
                return Err(Refusal::Hidden);
            }
        }
        if rules.tracked(rel) || !rules.ignored(rel, false) { Ok(()) } else { Err(Refusal::Ignored) }
    }

    /// Ignore files that could not be read, with the reason, since the last call.
    pub fn take_warnings(&self) -> Vec<(PathBuf, String)> {
        let mut out = Vec::new();
        for rules in &self.repos {
            out.append(&mut rules.warnings.lock().unwrap_or_else(PoisonError::into_inner));
        }
        out
    }
}

/// One repository: its root, its index and its ignore files, read as they are needed.
#[derive(Debug)]
pub struct Rules {
    pub root: PathBuf,
    tracked: Tracked,
    /// `.git/info/exclude`: the checkout's own ignore rules, below every `.gitignore` in precedence.
    exclude: Option<Gitignore>,
    /// Each directory's `.gitignore`, by directory relative to the root.
    ignores: Mutex<HashMap<PathBuf, Option<Arc<Gitignore>>>>,
    /// Bytes of ignore files read so far.
    read: AtomicU64,
    warnings: Mutex<Vec<(PathBuf, String)>>,
}

/// The `.gitignore` files that apply in a directory, innermost first (it takes precedence).
#[derive(Clone, Debug, Default)]
pub struct Chain(Option<Arc<Link>>);

#[derive(Debug)]
struct Link {
    /// The directory of this ignore file, relative to the root.
    dir: PathBuf,
    rules: Arc<Gitignore>,
    parent: Chain,
}

impl Rules {
    fn load(root: PathBuf) -> Rules {
        let rules = Rules {
            tracked: Tracked::load(&root),
            exclude: None,
            ignores: Mutex::default(),
            read: AtomicU64::new(0),
            warnings: Mutex::default(),
            root,
        };
        let exclude = git_dir(&rules.root).and_then(|dir| {
            let path = common_dir(&dir).join("info").join("exclude");
            rules.read_ignore(&path, &rules.root)
        });
        Rules { exclude, ..rules }
    }

    /// Whether a path relative to the root is in the index.
    #[must_use]
    pub fn tracked(&self, rel: &Path) -> bool {
        self.tracked.contains(&index_key(rel))
    }

    /// Whether anything below a directory relative to the root is in the index.
    #[must_use]
    pub fn tracked_under(&self, rel_dir: &Path) -> bool {
        self.tracked.any_under(&index_key(rel_dir))
    }

    /// The ignore files in force in a directory relative to the root, its own included.
    #[must_use]
    pub fn chain(&self, rel_dir: &Path) -> Chain {
        let mut chain = self.extend(&Chain::default(), Path::new(""));
        let mut dir = PathBuf::new();
        for part in rel_dir.components() {
            dir.push(part);
            chain = self.extend(&chain, &dir);
        }
        chain
    }

    /// `parent` (the chain of the directory above) with the `.gitignore` of `rel_dir` added.
    #[must_use]
    pub fn extend(&self, parent: &Chain, rel_dir: &Path) -> Chain {
        match self.own(rel_dir) {
            Some(rules) => {
                Chain(Some(Arc::new(Link { dir: rel_dir.to_path_buf(), rules, parent: parent.clone() })))
            }
            None => parent.clone(),
        }
    }

    /// Whether the ignore files of `chain` (that of `rel`'s directory) ignore `rel` itself; the
    /// directories above it are the caller's business.
    #[must_use]
    pub fn ignored_in(&self, chain: &Chain, rel: &Path, is_dir: bool) -> bool {
        let mut link = chain.0.as_deref();
        while let Some(l) = link {
            if let Ok(below) = rel.strip_prefix(&l.dir) {
                let verdict = l.rules.matched(below, is_dir);
                if !verdict.is_none() {
                    return verdict.is_ignore();
                }
            }
            link = l.parent.0.as_deref();
        }
        self.exclude.as_ref().is_some_and(|e| e.matched(rel, is_dir).is_ignore())
    }

    /// Whether git ignores `rel` (relative to the root), directly or through a directory above it:
    /// git never looks inside an ignored directory.
    #[must_use]
    pub fn ignored(&self, rel: &Path, is_dir: bool) -> bool {
        let mut chain = self.extend(&Chain::default(), Path::new(""));
        let mut dir = PathBuf::new();
        let parts: Vec<Component<'_>> = rel.components().collect();
        let Some((_, above)) = parts.split_last() else { return false };
        for part in above {
            dir.push(part);
            if self.ignored_in(&chain, &dir, true) {
                return true;
            }
            chain = self.extend(&chain, &dir);
        }
        self.ignored_in(&chain, rel, is_dir)
    }

    /// The `.gitignore` of a directory relative to the root, read once.
    fn own(&self, rel_dir: &Path) -> Option<Arc<Gitignore>> {
        if let Some(known) = self.ignores.lock().unwrap_or_else(PoisonError::into_inner).get(rel_dir) {
            return known.clone();
        }
        let dir = self.root.join(rel_dir);
        let read = self.read_ignore(&dir.join(".gitignore"), &dir).map(Arc::new);
        self.ignores
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(rel_dir.to_path_buf(), read.clone());
        read
    }

    fn read_ignore(&self, path: &Path, dir: &Path) -> Option<Gitignore> {
        let bytes = match read_regular(path, MAX_IGNORE_FILE, Symlinks::Refuse) {
            Ok(bytes) => bytes,
            Err(crate::repo::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => {
                self.warn(path, format!("ignore file not read: {e}"));
                return None;
            }
        };
        if self.read.fetch_add(bytes.len() as u64, Ordering::Relaxed) + bytes.len() as u64 > MAX_IGNORE_TOTAL
        {
            self.warn(
                path,
                format!(
                    "ignore file not read: the repository's ignore files exceed {MAX_IGNORE_TOTAL} bytes"
                ),
            );
            return None;
        }
        let mut builder = GitignoreBuilder::new(dir);
        for line in String::from_utf8_lossy(&bytes).lines() {
            // Git skips a pattern it cannot parse; so does this.
            let _ = builder.add_line(None, line);
        }
        builder.build().map_err(|e| self.warn(path, format!("ignore file not used: {e}"))).ok()
    }

    fn warn(&self, path: &Path, message: String) {
        self.warnings.lock().unwrap_or_else(PoisonError::into_inner).push((path.to_path_buf(), message));
    }
}

/// Hidden, as Terraform and the walk see it: the name starts with a dot.
#[must_use]
pub fn is_hidden(name: &OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// A relative path as the index spells it: `/`-separated bytes.
fn index_key(rel: &Path) -> Vec<u8> {
    let mut key = Vec::new();
    for part in rel.components() {
        if !key.is_empty() {
            key.push(b'/');
        }
        key.extend_from_slice(part.as_os_str().as_encoded_bytes());
    }
    key
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

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

    fn write(root: &Path, rel: &str, text: &str) {
        std::fs::create_dir_all(root.join(rel).parent().unwrap()).unwrap();
        std::fs::write(root.join(rel), text).unwrap();
    }

    #[test]
    fn tracked_files_are_admitted_whatever_the_ignore_files_say() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        git(&root, &["init", "-q"]);
        write(&root, ".gitignore", "*.json\nbuild/\n!keep.json\n");
        write(&root, "sub/.gitignore", "!local.json\n");
        for file in ["tracked.json", "untracked.json", "keep.json", "sub/local.json", "build/x.json", ".env"]
        {
            write(&root, file, "{}");
        }
        write(&root, ".git/info/exclude", "excluded.txt\n");
        write(&root, "excluded.txt", "");
        git(&root, &["add", "-f", "tracked.json"]);
        let repos = Repos::for_paths(std::slice::from_ref(&root));
        let admits = |rel: &str| repos.admits(&root.join(rel), None);
        assert_eq!(admits("tracked.json"), Ok(()));
        assert_eq!(admits("untracked.json"), Err(Refusal::Ignored));
        assert_eq!(admits("keep.json"), Ok(()));
        assert_eq!(admits("sub/local.json"), Ok(()));
        assert_eq!(admits("build/x.json"), Err(Refusal::Ignored));
        assert_eq!(admits("excluded.txt"), Err(Refusal::Ignored));
        assert_eq!(admits(".env"), Err(Refusal::Hidden));
        assert_eq!(admits(".git/config"), Err(Refusal::GitDir));
        assert_eq!(admits(".mods/db/x.json"), Err(Refusal::Hidden));
        let module = root.join(".mods/db");
        assert_eq!(repos.admits(&root.join(".mods/db/x.tpl"), Some(&module)), Ok(()));
        assert_eq!(repos.admits(&root.join(".mods/db/.env"), Some(&module)), Err(Refusal::Hidden));
        assert_eq!(repos.admits(Path::new("/etc/passwd"), None), Err(Refusal::Outside));
    }

    #[cfg(unix)]
    #[test]
    fn an_ignore_file_that_is_a_symlink_or_special_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::os::unix::fs::symlink("/dev/zero", root.join(".gitignore")).unwrap();
        write(&root, "x.tf", "");
        let repos = Repos::for_paths(std::slice::from_ref(&root));
        assert_eq!(repos.admits(&root.join("x.tf"), None), Ok(()));
        let warnings = repos.take_warnings();
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].0, root.join(".gitignore"));
        assert!(warnings[0].1.contains("symlink"), "{}", warnings[0].1);
    }

    #[test]
    fn ignore_files_are_read_up_to_a_total() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let big = format!("*.tf\n{}\n", "#".repeat(MAX_IGNORE_FILE as usize - 10));
        let count = (MAX_IGNORE_TOTAL / MAX_IGNORE_FILE) as usize;
        for i in 0..=count {
            write(&root, &format!("d{i:02}/.gitignore"), &big);
        }
        let repos = Repos::for_paths(std::slice::from_ref(&root));
        let ignored: Vec<bool> =
            (0..=count).map(|i| repos.admits(&root.join(format!("d{i:02}/x.tf")), None).is_err()).collect();
        assert_eq!(ignored.iter().filter(|i| **i).count(), count);
        assert_eq!(repos.take_warnings().len(), 1);
    }

    #[test]
    fn ignore_files_above_the_root_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path().canonicalize().unwrap();
        write(&top, ".gitignore", "*.tf\n");
        write(&top, "repo/main.tf", "");
        git(&top.join("repo"), &["init", "-q"]);
        let repos = Repos::for_paths(&[top.join("repo")]);
        assert_eq!(repos.admits(&top.join("repo/main.tf"), None), Ok(()));
    }
}
