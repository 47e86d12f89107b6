//! The lines changed since a git revision, from the `git` command line. Every argument is its own
//! argv entry (no shell), and a revision that starts with `-` is refused so it cannot become an option.
//!
//! The pull request controls the tree, so nothing it contains may shape what git prints: `--text`
//! and `--no-textconv` show the hunks of files that `.gitattributes` calls binary or `-diff`, the
//! prefixes, colours, renames and relative paths are set explicitly over any configuration, and file
//! names are read as git writes them (C-quoted, octal bytes, a tab after a name with a space), with
//! the NUL-separated name list as the authority on which files changed.

use crate::collections::HashMap;
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

/// Changed files by canonical path (the path as it was, for a deleted file).
pub type Changes = HashMap<PathBuf, FileChange>;

/// Every line of a file: for a change git reports without hunks (a mode, a symlink, a name this
/// parser could not read back), the file is taken as changed throughout.
const WHOLE_FILE: (usize, usize) = (1, usize::MAX);

/// The changes between `base` and the working tree (staged, unstaged and untracked files) in the
/// repository of `paths` (the first of which must be inside a git work tree).
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
    let top = PathBuf::from(String::from_utf8_lossy(&top).trim());
    let top = top.canonicalize().unwrap_or(top);
    let commit = format!("{base}^{{commit}}");
    git(&dir, &["rev-parse", "--verify", "--quiet", &commit])
        .map_err(|_| Error::Usage(format!("--diff-base: unknown git revision `{base}`")))?;
    // Like a pull request's diff: changes since the branch left `base`, not what `base` gained since.
    // Without the shared history (a shallow clone) the base itself is the best we have.
    let merge_base =
        git(&dir, &["merge-base", base, "HEAD"]).ok().map(|s| String::from_utf8_lossy(&s).trim().to_string());
    let base = merge_base.as_deref().filter(|s| !s.is_empty()).unwrap_or(base);

    // The whole repository, not only the scan paths: a scan reads modules, var files and `file()`
    // inputs anywhere inside it, and a change to any of them may change a verdict.
    let pathspecs = [top.to_string_lossy().into_owned()];
    let with_paths = |args: &[&'static str]| -> Vec<String> {
        let mut all: Vec<String> = DIFF_OPTIONS.iter().chain(args).map(|s| (*s).to_string()).collect();
        all.extend([base.to_string(), "--".to_string()]);
        all.extend(pathspecs.iter().cloned());
        all
    };
    let run = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        git(&dir, &args).map_err(|e| Error::Usage(format!("git diff {base} failed: {e}")))
    };
    let names = run(with_paths(&["--name-only", "-z"]))?;
    let hunks = run(with_paths(&["--unified=0", "--inter-hunk-context=0"]))?;
    let mut changes = parse_diff(&hunks, &top);
    for name in names.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let change = changes.entry(canonical(&top, &path_from_bytes(name))).or_default();
        if change.ranges.is_empty() && change.removed.is_empty() {
            change.ranges.push(WHOLE_FILE);
        }
    }

    let mut args =
        vec!["--literal-pathspecs", "ls-files", "--others", "--exclude-standard", "--full-name", "-z", "--"];
    args.extend(pathspecs.iter().map(String::as_str));
    let untracked = git(&dir, &args).map_err(|e| Error::Usage(format!("git ls-files failed: {e}")))?;
    for name in untracked.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let path = canonical(&top, &path_from_bytes(name));
        changes.insert(path, FileChange { ranges: vec![WHOLE_FILE], removed: String::new() });
    }
    Ok(changes)
}

/// Set on every `git diff`, whatever the repository's or user's configuration says: the output is
/// parsed, and `.gitattributes` comes from the pull request.
const DIFF_OPTIONS: [&str; 17] = [
    "--literal-pathspecs",
    "-c",
    "core.quotePath=true",
    "-c",
    "diff.noprefix=false",
    "-c",
    "diff.mnemonicPrefix=false",
    "diff",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--text",
    "--no-renames",
    "--no-relative",
    "--ignore-submodules=none",
    "--src-prefix=a/",
    "--dst-prefix=b/",
];

fn canonical(top: &Path, name: &Path) -> PathBuf {
    crate::repo::path_key(&top.join(name))
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

pub(crate) fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        // Keep the user's pager, colours and external diff tools out of the output we parse.
        .env("GIT_PAGER", "cat")
        .env_remove("GIT_EXTERNAL_DIFF")
        .env_remove("GIT_DIFF_OPTS")
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(stderr.trim().lines().next().unwrap_or("git failed").to_string());
    }
    Ok(output.stdout)
}

/// Parses `git diff --unified=0` output: `--- a/<path>` and `+++ b/<path>` name the file,
/// `@@ -a,b +c,d @@` the lines. A hunk's body is exactly as many lines as its header counts, so a
/// changed line that itself reads `+++ b/other.tf` is text, not a header.
#[must_use]
pub fn parse_diff(diff: &[u8], top: &Path) -> Changes {
    let mut changes = Changes::default();
    // The file the hunks belong to: the new name, or the old one when the file was deleted (its removed
    // text may be all that mentions a resource elsewhere).
    let mut old: Option<PathBuf> = None;
    let mut current: Option<PathBuf> = None;
    let (mut old_left, mut new_left) = (0usize, 0usize);
    for line in diff.split(|&b| b == b'\n') {
        if old_left > 0 || new_left > 0 {
            match line.first() {
                Some(b'-') => {
                    old_left = old_left.saturating_sub(1);
                    if let Some(path) = &current {
                        let change = changes.entry(path.clone()).or_default();
                        change.removed.push_str(&String::from_utf8_lossy(&line[1..]));
                        change.removed.push('\n');
                    }
                }
                Some(b'+') => new_left = new_left.saturating_sub(1),
                Some(b' ') => {
                    old_left = old_left.saturating_sub(1);
                    new_left = new_left.saturating_sub(1);
                }
                // `\ No newline at end of file` belongs to the line before it.
                Some(b'\\') => {}
                // Anything else ends the hunk early: git never writes it, so stop trusting the counts.
                _ => (old_left, new_left) = (0, 0),
            }
            continue;
        }
        if line.starts_with(b"diff --git ") {
            (old, current) = (None, None);
        } else if let Some(name) = line.strip_prefix(b"--- ") {
            old = header_path(name, b"a/").map(|n| canonical(top, &n));
        } else if let Some(name) = line.strip_prefix(b"+++ ") {
            current = header_path(name, b"b/").map(|n| canonical(top, &n)).or_else(|| old.clone());
            if let Some(path) = &current {
                changes.entry(path.clone()).or_default();
            }
        } else if let Some(hunk) = line.strip_prefix(b"@@ ") {
            let hunk = String::from_utf8_lossy(hunk);
            let Some(((_, old_count), (start, new_count))) = hunk_counts(&hunk) else { continue };
            (old_left, new_left) = (old_count, new_count);
            if let Some(path) = &current {
                let range =
                    if new_count == 0 { (start.max(1), start + 1) } else { (start, start + new_count - 1) };
                changes.entry(path.clone()).or_default().ranges.push(range);
            }
        }
    }
    changes
}

/// The path of a `---`/`+++` header: `/dev/null` is none; a quoted name is C-unquoted; an unquoted
/// name with a space ends at the tab git adds after it.
fn header_path(name: &[u8], prefix: &[u8]) -> Option<PathBuf> {
    let bytes = if name.first() == Some(&b'"') {
        unquote(&name[1..])?
    } else {
        let end = name.iter().position(|&b| b == b'\t').unwrap_or(name.len());
        name[..end].to_vec()
    };
    if bytes == b"/dev/null" {
        return None;
    }
    bytes.strip_prefix(prefix).map(path_from_bytes)
}

/// Git's C quoting, after the opening quote: up to the closing quote, with `\\`, `\"`, `\t`, `\n`
/// and friends, and `\377` octal bytes.
fn unquote(quoted: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(quoted.len());
    let mut i = 0;
    while i < quoted.len() {
        match quoted[i] {
            b'"' => return Some(out),
            b'\\' => {
                let c = *quoted.get(i + 1)?;
                i += 2;
                out.push(match c {
                    b'a' => 7,
                    b'b' => 8,
                    b't' => b'\t',
                    b'n' => b'\n',
                    b'v' => 11,
                    b'f' => 12,
                    b'r' => b'\r',
                    b'0'..=b'3' => {
                        let digits = quoted.get(i..i + 2)?;
                        if !digits.iter().all(|d| (b'0'..=b'7').contains(d)) {
                            return None;
                        }
                        i += 2;
                        (c - b'0') * 64 + (digits[0] - b'0') * 8 + (digits[1] - b'0')
                    }
                    other => other,
                });
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    None
}

/// `-12,3 +14,0 @@ …` → ((12, 3), (14, 0)): each side's start and line count (1 when omitted).
fn hunk_counts(hunk: &str) -> Option<((usize, usize), (usize, usize))> {
    let side = |mark: char| -> Option<(usize, usize)> {
        let word = hunk.split_whitespace().find_map(|w| w.strip_prefix(mark))?;
        Some(match word.split_once(',') {
            Some((s, c)) => (s.parse().ok()?, c.parse().ok()?),
            None => (word.parse().ok()?, 1),
        })
    };
    Some((side('-')?, side('+')?))
}
#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn hunks_give_new_side_ranges() {
        let diff = "diff --git a/m/main.tf b/m/main.tf\n--- a/m/main.tf\n+++ b/m/main.tf\n@@ -3 +3 @@ x\n-  acl = \"private\"\n+  acl = \"public-read\"\n@@ -10,2 +9,0 @@\n-  bucket = aws_s3_bucket.b.id\n-}\ndiff --git a/gone.tf b/gone.tf\n--- a/gone.tf\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n";
        let changes = parse_diff(diff.as_bytes(), Path::new("/repo"));
        let change = &changes[&PathBuf::from("/repo/m/main.tf")];
        assert_eq!(change.ranges, [(3, 3), (9, 10)]);
        assert_eq!(change.removed, "  acl = \"private\"\n  bucket = aws_s3_bucket.b.id\n}\n");
        // A deleted file keeps its old name: its removed text may be what mentions a resource.
        assert_eq!(changes[&PathBuf::from("/repo/gone.tf")].removed, "x\n");
        assert_eq!(changes.len(), 2);
    }

    #[test]
    fn options_are_not_revisions() {
        let err = changes("--output=/tmp/x", &[PathBuf::from(".")]).unwrap_err();
        assert_eq!(err.to_string(), "--diff-base: `--output=/tmp/x` is not a git revision");
    }

    #[test]
    fn quoted_and_spaced_names_are_read_back() {
        let diff = concat!(
            "diff --git \"a/new \\\"q\\\".tf\" \"b/new \\\"q\\\".tf\"\n",
            "new file mode 100644\n--- /dev/null\n+++ \"b/new \\\"q\\\".tf\"\t\n@@ -0,0 +1,2 @@\n+a\n+b\n",
            "diff --git a/sp ace.tf b/sp ace.tf\n--- a/sp ace.tf\n+++ b/sp ace.tf\t\n@@ -4 +4 @@\n-x\n+y\n",
            "diff --git \"a/t\\tb\\\\c.tf\" \"b/t\\tb\\\\c.tf\"\n--- /dev/null\n+++ \"b/t\\tb\\\\c.tf\"\n@@ -0,0 +1 @@\n+z\n",
            "diff --git \"a/db\\377.tf\" \"b/db\\377.tf\"\n--- /dev/null\n+++ \"b/db\\377.tf\"\n@@ -0,0 +1 @@\n+z\n",
        );
        let changes = parse_diff(diff.as_bytes(), Path::new("/repo"));
        assert_eq!(changes[&PathBuf::from("/repo/new \"q\".tf")].ranges, [(1, 2)]);
        assert_eq!(changes[&PathBuf::from("/repo/sp ace.tf")].ranges, [(4, 4)]);
        assert_eq!(changes[&PathBuf::from("/repo/t\tb\\c.tf")].ranges, [(1, 1)]);
        #[cfg(unix)]
        assert_eq!(changes[&path_from_bytes(b"/repo/db\xff.tf")].ranges, [(1, 1)]);
        assert_eq!(changes.len(), 4);
    }

    #[test]
    fn a_changed_line_that_looks_like_a_header_is_text() {
        // A heredoc line `++ b/other.tf` is added as `+++ b/other.tf`: the hunk's count says it is text.
        let diff = "diff --git a/main.tf b/main.tf\n--- a/main.tf\n+++ b/main.tf\n@@ -2,0 +3,2 @@\n+++ b/other.tf\n+--- a/other.tf\n@@ -9 +11 @@\n-old\n+new\n";
        let changes = parse_diff(diff.as_bytes(), Path::new("/repo"));
        assert_eq!(changes[&PathBuf::from("/repo/main.tf")].ranges, [(3, 4), (11, 11)]);
        assert_eq!(changes.len(), 1);
    }
}
