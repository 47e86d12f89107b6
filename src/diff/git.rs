//! The lines changed since a git revision, from the `git` command line. Every argument is its own
//! argv entry (no shell), and a revision that starts with `-` is refused so it cannot become an option.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::diag::Error;

/// What changed in one file, in the file as it is now.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileChange {
    /// Inclusive 1-based line ranges that were added or modified; a pure deletion marks the lines on
    /// both sides of where the text was.
    pub ranges: Vec<(usize, usize)>,
    /// The text of removed lines: a deleted resource or reference may leave nothing behind to point at.
    pub removed: String,
}

/// Changed files by canonical path.
pub type Changes = HashMap<PathBuf, FileChange>;

/// The changes between `base` and the working tree (staged, unstaged and untracked files) under
/// `paths`, which must be inside one git work tree.
pub fn changes(base: &str, paths: &[PathBuf]) -> Result<Changes, Error> {
    if base.is_empty() || base.starts_with('-') {
        return Err(Error::Usage(format!("--diff-base: `{base}` is not a git revision")));
    }
    let first = paths.first().map_or_else(|| PathBuf::from("."), Clone::clone);
    let dir = if first.is_file() { first.parent().map(Path::to_path_buf).unwrap_or_default() } else { first };
    let dir = if dir.as_os_str().is_empty() { PathBuf::from(".") } else { dir };
    let top = git(&dir, &["rev-parse", "--show-toplevel"]).map_err(|e| {
        Error::Usage(format!("--diff-base needs a git repository, but {} is not in one ({e})", dir.display()))
    })?;
    let top = PathBuf::from(top.trim());
    let top = top.canonicalize().unwrap_or(top);
    let commit = format!("{base}^{{commit}}");
    git(&dir, &["rev-parse", "--verify", "--quiet", &commit])
        .map_err(|_| Error::Usage(format!("--diff-base: unknown git revision `{base}`")))?;
    // Like a pull request's diff: changes since the branch left `base`, not what `base` gained since.
    // Without the shared history (a shallow clone) the base itself is the best we have.
    let merge_base = git(&dir, &["merge-base", base, "HEAD"]).ok().map(|s| s.trim().to_string());
    let base = merge_base.as_deref().filter(|s| !s.is_empty()).unwrap_or(base);

    let pathspecs: Vec<String> = paths
        .iter()
        .map(|p| p.canonicalize().unwrap_or_else(|_| p.clone()).to_string_lossy().into_owned())
        .collect();
    let mut args: Vec<&str> = vec![
        "-c",
        "core.quotePath=off",
        "diff",
        "--no-color",
        "--no-ext-diff",
        "--no-renames",
        "--unified=0",
        base,
        "--",
    ];
    args.extend(pathspecs.iter().map(String::as_str));
    let diff = git(&dir, &args).map_err(|e| Error::Usage(format!("git diff {base} failed: {e}")))?;
    let mut changes = parse_diff(&diff, &top);

    let mut args = vec!["ls-files", "--others", "--exclude-standard", "--full-name", "-z", "--"];
    args.extend(pathspecs.iter().map(String::as_str));
    let untracked = git(&dir, &args).map_err(|e| Error::Usage(format!("git ls-files failed: {e}")))?;
    for name in untracked.split('\0').filter(|n| !n.is_empty()) {
        let path = canonical(&top, name);
        changes.insert(path, FileChange { ranges: vec![(1, usize::MAX)], removed: String::new() });
    }
    Ok(changes)
}

fn canonical(top: &Path, name: &str) -> PathBuf {
    let path = top.join(name);
    path.canonicalize().unwrap_or(path)
}

pub(crate) fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        // Keep the user's pager, colours and external diff tools out of the output we parse.
        .env("GIT_PAGER", "cat")
        .env_remove("GIT_EXTERNAL_DIFF")
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(stderr.trim().lines().next().unwrap_or("git failed").to_string());
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Parses `git diff --unified=0` output: `+++ b/<path>` names the file, `@@ -a,b +c,d @@` the lines.
#[must_use]
pub fn parse_diff(diff: &str, top: &Path) -> Changes {
    let mut changes = Changes::new();
    let mut current: Option<PathBuf> = None;
    for line in diff.lines() {
        if let Some(name) = line.strip_prefix("+++ ") {
            current = name.strip_prefix("b/").map(|n| canonical(top, n.trim_matches('"')));
            if let Some(path) = &current {
                changes.entry(path.clone()).or_default();
            }
        } else if line.starts_with("--- ") || line.starts_with("diff --git") {
            // The old side's name; the new side follows on the `+++` line (`/dev/null` when deleted).
        } else if let Some(hunk) = line.strip_prefix("@@ ") {
            let (Some(path), Some(range)) = (&current, hunk_range(hunk)) else { continue };
            changes.entry(path.clone()).or_default().ranges.push(range);
        } else if let Some(removed) = line.strip_prefix('-')
            && let Some(path) = &current
        {
            let change = changes.entry(path.clone()).or_default();
            change.removed.push_str(removed);
            change.removed.push('\n');
        }
    }
    changes
}

/// `-12,3 +14,0 @@ …` → the new side's lines; an empty new side (a deletion after line 14) marks
/// lines 14 and 15, where the deleted text was.
fn hunk_range(hunk: &str) -> Option<(usize, usize)> {
    let new = hunk.split_whitespace().find_map(|w| w.strip_prefix('+'))?;
    let (start, count) = match new.split_once(',') {
        Some((s, c)) => (s.parse::<usize>().ok()?, c.parse::<usize>().ok()?),
        None => (new.parse::<usize>().ok()?, 1),
    };
    Some(if count == 0 { (start.max(1), start + 1) } else { (start, start + count - 1) })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn hunks_give_new_side_ranges() {
        let diff = "diff --git a/m/main.tf b/m/main.tf\n--- a/m/main.tf\n+++ b/m/main.tf\n@@ -3 +3 @@ x\n-  acl = \"private\"\n+  acl = \"public-read\"\n@@ -10,2 +9,0 @@\n-  bucket = aws_s3_bucket.b.id\n-}\ndiff --git a/gone.tf b/gone.tf\n--- a/gone.tf\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n";
        let changes = parse_diff(diff, Path::new("/repo"));
        let change = &changes[&PathBuf::from("/repo/m/main.tf")];
        assert_eq!(change.ranges, [(3, 3), (9, 10)]);
        assert_eq!(change.removed, "  acl = \"private\"\n  bucket = aws_s3_bucket.b.id\n}\n");
        assert_eq!(changes.len(), 1);
    }

    #[test]
    fn options_are_not_revisions() {
        let err = changes("--output=/tmp/x", &[PathBuf::from(".")]).unwrap_err();
        assert_eq!(err.to_string(), "--diff-base: `--output=/tmp/x` is not a git revision");
    }
}
