//! The paths git tracks, read from the index file without running git.
//!
//! Terraform deploys every file of a directory, whatever `.gitignore` says, so a file the repository
//! tracks is always scanned; only untracked files are subject to ignore rules. The index
//! (`.git/index`, or the one a worktree's `.git` file points at) lists the tracked paths. Versions 2,
//! 3 and 4 are read, with SHA-1 or SHA-256 object names; anything unreadable means "nothing known to
//! be tracked", which leaves the ignore rules in force as they were without this file.

use std::path::{Path, PathBuf};

use crate::repo::{Symlinks, read_regular};

/// An index larger than this is not read: a repository of a million files has one of about 100 MB.
const MAX_INDEX: u64 = 512 << 20;
/// A `.git` file (worktrees, submodules) holds one line.
const MAX_GIT_FILE: u64 = 4096;
/// Longer paths cannot be opened on any platform Palisade runs on; such entries are dropped.
const MAX_NAME: usize = 4096;

/// The tracked paths of one repository, relative to its top level, `/`-separated, sorted.
#[derive(Debug, Default)]
pub struct Tracked {
    paths: Vec<Vec<u8>>,
    /// A sparse index lists whole directories (`dir/`) instead of the files in them.
    sparse: bool,
}

impl Tracked {
    /// The index of the repository whose top level is `root`; empty when there is none to read.
    #[must_use]
    pub fn load(root: &Path) -> Tracked {
        git_dir(root)
            .and_then(|dir| read_regular(&dir.join("index"), MAX_INDEX, Symlinks::Refuse).ok())
            .and_then(|bytes| parse(&bytes))
            .unwrap_or_default()
    }

    /// Whether `path` (relative to the top level, `/`-separated) is tracked.
    #[must_use]
    pub fn contains(&self, path: &[u8]) -> bool {
        if self.paths.binary_search_by(|p| p.as_slice().cmp(path)).is_ok() {
            return true;
        }
        // Under a sparse directory entry: `a/b/` stands for every file below it.
        self.sparse
            && path
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'/')
                .any(|(i, _)| self.paths.binary_search_by(|p| p.as_slice().cmp(&path[..=i])).is_ok())
    }

    /// Whether anything below the directory `dir` (relative, without a trailing `/`; empty for the
    /// top level) is tracked.
    #[must_use]
    pub fn any_under(&self, dir: &[u8]) -> bool {
        if dir.is_empty() {
            return !self.paths.is_empty();
        }
        let mut prefix = dir.to_vec();
        prefix.push(b'/');
        // Every path starting with `dir/` sorts at or after `dir/` and before any path that does not.
        let first = self.paths.partition_point(|p| p.as_slice() < prefix.as_slice());
        self.paths.get(first).is_some_and(|p| p.starts_with(&prefix)) || self.contains(&prefix)
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }
}

/// The git directory of a top level: `.git` itself, or where a `.git` file's `gitdir:` line points.
#[must_use]
pub fn git_dir(root: &Path) -> Option<PathBuf> {
    let dot_git = root.join(".git");
    let meta = std::fs::symlink_metadata(&dot_git).ok()?;
    if meta.is_dir() {
        return Some(dot_git);
    }
    let text = read_regular(&dot_git, MAX_GIT_FILE, Symlinks::Refuse).ok()?;
    let text = String::from_utf8(text).ok()?;
    let target = text.lines().next()?.strip_prefix("gitdir:")?.trim();
    (!target.is_empty()).then(|| root.join(target))
}

/// The directory holding `info/exclude`: a worktree's git directory names it in `commondir`.
#[must_use]
pub fn common_dir(git_dir: &Path) -> PathBuf {
    read_regular(&git_dir.join("commondir"), MAX_GIT_FILE, Symlinks::Refuse)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .map(|text| text.trim().to_string())
        .filter(|dir| !dir.is_empty())
        .map_or_else(|| git_dir.to_path_buf(), |dir| git_dir.join(dir))
}

/// The tracked paths of an index file; `None` when it is not one this parser understands.
#[must_use]
pub fn parse(bytes: &[u8]) -> Option<Tracked> {
    // The object name length is not in the index; SHA-1 is the common case, SHA-256 the other.
    parse_with_hash(bytes, 20).or_else(|| parse_with_hash(bytes, 32))
}

fn parse_with_hash(bytes: &[u8], hash: usize) -> Option<Tracked> {
    let header = bytes.get(..12)?;
    if &header[..4] != b"DIRC" {
        return None;
    }
    let version = u32::from_be_bytes(header[4..8].try_into().ok()?);
    if !(2..=4).contains(&version) {
        return None;
    }
    let count = u32::from_be_bytes(header[8..12].try_into().ok()?) as usize;
    // Entries are at least 40 bytes of stat data, the object name, 2 bytes of flags and a NUL; the
    // count is not trusted further than the bytes go.
    if count > bytes.len() / (40 + hash + 3) {
        return None;
    }
    // Version 4 shares prefixes between names: the expanded total is bounded, not the file's size.
    let mut budget = bytes.len().saturating_mul(8).max(1 << 20);
    let mut paths: Vec<Vec<u8>> = Vec::with_capacity(count);
    let mut previous: Vec<u8> = Vec::new();
    let mut pos: usize = 12;
    for _ in 0..count {
        let start = pos;
        let flags_at = start.checked_add(40 + hash)?;
        let flags = u16::from_be_bytes(bytes.get(flags_at..flags_at + 2)?.try_into().ok()?);
        let extended = flags & 0x4000 != 0;
        if extended && version < 3 {
            return None;
        }
        let name_at = flags_at + 2 + if extended { 2 } else { 0 };
        let name = if version == 4 {
            let (strip, after) = varint(bytes, name_at)?;
            let suffix_len = bytes.get(after..)?.iter().position(|b| *b == 0)?;
            let keep = previous.len().checked_sub(usize::try_from(strip).ok()?)?;
            previous.truncate(keep);
            previous.extend_from_slice(&bytes[after..after + suffix_len]);
            pos = after + suffix_len + 1;
            previous.clone()
        } else {
            let len = bytes.get(name_at..)?.iter().position(|b| *b == 0)?;
            let name = bytes[name_at..name_at + len].to_vec();
            // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
            let entry = name_at - start + len;
            pos = start + (entry + 8) / 8 * 8;
            name
        };
        if pos > bytes.len() {
            return None;
        }
        if name.len() <= MAX_NAME {
            budget = budget.checked_sub(name.len())?;
            paths.push(name);
        }
    }
    paths.sort_unstable();
    paths.dedup();
    let sparse = paths.iter().any(|p| p.ends_with(b"/"));
    Some(Tracked { paths, sparse })
}

/// Git's offset encoding: 7 bits a byte, high bit set on all but the last, each continuation adding 1.
fn varint(bytes: &[u8], mut pos: usize) -> Option<(u64, usize)> {
    let mut byte = *bytes.get(pos)?;
    let mut value = u64::from(byte & 0x7f);
    while byte & 0x80 != 0 {
        pos += 1;
        byte = *bytes.get(pos)?;
        value = value.checked_add(1)?.checked_mul(128)? | u64::from(byte & 0x7f);
    }
    Some((value, pos + 1))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn git(dir: &Path, args: &[&str]) {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", dir)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .unwrap();
        assert!(status.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&status.stderr));
    }

    /// A repository with a few tracked files, one untracked, written by git with the given index version.
    fn repo(version: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        git(root, &["init", "-q"]);
        for file in
            ["main.tf", "envs/prod/main.tf", "envs/prod/vars.tf", "envs/production.tf", "untracked.tf"]
        {
            std::fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
            std::fs::write(root.join(file), "").unwrap();
        }
        let long = format!("{}/x.tf", "d".repeat(200));
        std::fs::create_dir_all(root.join(&long).parent().unwrap()).unwrap();
        std::fs::write(root.join(&long), "").unwrap();
        git(root, &["add", "main.tf", "envs", &long]);
        git(root, &["update-index", "--index-version", version]);
        dir
    }

    #[test]
    fn reads_index_versions_2_3_and_4() {
        for version in ["2", "3", "4"] {
            let dir = repo(version);
            let tracked = Tracked::load(dir.path());
            assert!(tracked.contains(b"main.tf"), "v{version}");
            assert!(tracked.contains(b"envs/prod/vars.tf"), "v{version}");
            assert!(tracked.contains(format!("{}/x.tf", "d".repeat(200)).as_bytes()), "v{version}");
            assert!(!tracked.contains(b"untracked.tf"), "v{version}");
            assert!(tracked.any_under(b"envs/prod"), "v{version}");
            assert!(tracked.any_under(b"envs"), "v{version}");
            assert!(!tracked.any_under(b"env"), "v{version}");
            assert!(!tracked.any_under(b"main.tf"), "v{version}");
            assert!(tracked.any_under(b""), "v{version}");
        }
    }

    #[test]
    fn a_worktree_index_is_found_through_its_git_file() {
        let dir = repo("2");
        git(dir.path(), &["commit", "-q", "-m", "x"]);
        let other = dir.path().join("wt");
        git(dir.path(), &["worktree", "add", "-q", other.to_str().unwrap()]);
        let tracked = Tracked::load(&other);
        assert!(tracked.contains(b"envs/prod/main.tf"));
        assert!(common_dir(&git_dir(&other).unwrap()).join("info").is_dir());
    }

    #[test]
    fn anything_else_is_nothing_known() {
        assert!(parse(b"").is_none());
        assert!(parse(b"DIRC\0\0\0\x05\0\0\0\0").is_none());
        // A count far beyond the bytes.
        assert!(parse(b"DIRC\0\0\0\x02\xff\xff\xff\xff").is_none());
        let dir = repo("4");
        let bytes = std::fs::read(dir.path().join(".git/index")).unwrap();
        for cut in 0..bytes.len() {
            // Truncated anywhere: no panic, and never a path that is not in the index.
            if let Some(t) = parse(&bytes[..cut]) {
                assert!(!t.contains(b"untracked.tf"));
            }
        }
        assert!(Tracked::load(tempfile::tempdir().unwrap().path()).is_empty());
    }

    #[test]
    fn sparse_directory_entries_cover_their_files() {
        let tracked = Tracked { paths: vec![b"a.tf".to_vec(), b"mods/db/".to_vec()], sparse: true };
        assert!(tracked.contains(b"mods/db/main.tf"));
        assert!(tracked.any_under(b"mods/db"));
        assert!(tracked.any_under(b"mods"));
        assert!(!tracked.contains(b"mods/main.tf"));
    }
}
