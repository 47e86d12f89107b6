//! The base revision of a PR-scoped scan, as a read-only file tree: the files that configure the scan
//! (`.palisade.yml`, the baseline, custom policies, the parameter and variable files they name) are
//! read from here, so that a pull request cannot reconfigure the scanner that judges it.
//!
//! Files are read from the git object database (`git ls-tree`, `git cat-file`), never checked out: a
//! blob's mode says whether it is a regular file (symlinks and submodules are refused, as on disk), and
//! its size is known before it is read.

use std::path::{Component, Path, PathBuf};

use crate::diag::Error;
use crate::repo::ReadError;

/// The merge base of `HEAD` and a `--diff-base` revision, the revision the pull request's diff starts
/// from.
#[derive(Clone, Debug)]
pub struct BaseTree {
    /// Where git runs: inside the work tree.
    dir: PathBuf,
    /// The work tree's top level, canonical.
    top: PathBuf,
    /// The commit id files are read from.
    commit: String,
    /// The revision as the command line named it, for messages.
    name: String,
}

/// One entry of `git ls-tree`.
struct Blob {
    mode: String,
    id: String,
    path: String,
}

impl BaseTree {
    /// Resolves `base` for the work tree holding the first of `paths`.
    pub fn open(base: &str, paths: &[PathBuf]) -> Result<Self, Error> {
        if base.is_empty() || base.starts_with('-') {
            return Err(Error::Usage(format!("--diff-base: `{base}` is not a git revision")));
        }
        let first = paths.first().map_or_else(|| PathBuf::from("."), Clone::clone);
        let dir =
            if first.is_file() { first.parent().map(Path::to_path_buf).unwrap_or_default() } else { first };
        let dir = if dir.as_os_str().is_empty() { PathBuf::from(".") } else { dir };
        let top = git(&dir, &["rev-parse", "--show-toplevel"]).map_err(|e| {
            Error::Usage(format!(
                "--diff-base needs a git repository, but {} is not in one ({e})",
                dir.display()
            ))
        })?;
        let top = PathBuf::from(top.trim());
        let top = top.canonicalize().unwrap_or(top);
        let commit = git(&dir, &["rev-parse", "--verify", "--quiet", &format!("{base}^{{commit}}")])
            .map_err(|_| Error::Usage(format!("--diff-base: unknown git revision `{base}`")))?;
        // The same commit the diff starts from: what the branch left, not what `base` gained since.
        let merge_base = git(&dir, &["merge-base", base, "HEAD"]).ok().map(|s| s.trim().to_string());
        let commit = merge_base.filter(|s| !s.is_empty()).unwrap_or_else(|| commit.trim().to_string());
        Ok(BaseTree { dir, top, commit, name: base.to_string() })
    }

    /// The work tree's top level (canonical): paths inside it have a base version.
    #[must_use]
    pub fn top(&self) -> &Path {
        &self.top
    }

    /// The revision as the command line named it.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The base version of the file at `path` (absolute, inside the top level), at most `limit` bytes:
    /// `Ok(None)` when the base revision has no file there.
    pub fn read(&self, path: &Path, limit: u64) -> Result<Option<String>, ReadError> {
        let Some(rel) = self.relative(path) else { return Ok(None) };
        let blobs = self.ls_tree(&rel, false)?;
        let Some(blob) = blobs.into_iter().find(|b| b.path == rel) else { return Ok(None) };
        self.blob(&blob, limit).map(Some)
    }

    /// The regular files under directory `dir` (absolute, inside the top level) in the base revision,
    /// recursively, sorted; symlinks and submodules are left out, as a directory walk leaves them out.
    pub fn files_under(&self, dir: &Path) -> Result<Vec<PathBuf>, ReadError> {
        let Some(rel) = self.relative(dir) else { return Ok(Vec::new()) };
        let prefix = if rel.is_empty() { String::new() } else { format!("{rel}/") };
        let mut files: Vec<PathBuf> = self
            .ls_tree(&rel, true)?
            .into_iter()
            .filter(|b| is_regular(&b.mode) && b.path.starts_with(&prefix))
            .map(|b| self.top.join(&b.path))
            .collect();
        files.sort();
        Ok(files)
    }

    /// `path` relative to the top level, `/`-separated; `None` outside it.
    fn relative(&self, path: &Path) -> Option<String> {
        let rel = path.strip_prefix(&self.top).ok()?;
        let mut parts = Vec::new();
        for c in rel.components() {
            match c {
                Component::Normal(part) => parts.push(part.to_str()?.to_string()),
                Component::CurDir => {}
                _ => return None,
            }
        }
        Some(parts.join("/"))
    }

    fn ls_tree(&self, rel: &str, recursive: bool) -> Result<Vec<Blob>, ReadError> {
        let mut args = vec!["--literal-pathspecs", "ls-tree", "-z", "--full-tree"];
        if recursive {
            args.push("-r");
        }
        args.extend([self.commit.as_str(), "--"]);
        if !rel.is_empty() {
            args.push(rel);
        }
        let listing = git(&self.dir, &args).map_err(|e| ReadError::Io(std::io::Error::other(e)))?;
        Ok(listing
            .split('\0')
            .filter_map(|line| {
                let (meta, path) = line.split_once('\t')?;
                let mut fields = meta.split(' ');
                let (mode, _kind, id) = (fields.next()?, fields.next()?, fields.next()?);
                Some(Blob { mode: mode.to_string(), id: id.to_string(), path: path.to_string() })
            })
            .collect())
    }

    fn blob(&self, blob: &Blob, limit: u64) -> Result<String, ReadError> {
        if blob.mode == "120000" {
            return Err(ReadError::Symlink);
        }
        if !is_regular(&blob.mode) {
            return Err(ReadError::NotRegular);
        }
        let io = |e: String| ReadError::Io(std::io::Error::other(e));
        let size = git(&self.dir, &["cat-file", "-s", &blob.id]).map_err(io)?;
        let size: u64 =
            size.trim().parse().map_err(|_| io(format!("git cat-file -s gave `{}`", size.trim())))?;
        if size > limit {
            return Err(ReadError::TooLarge { limit });
        }
        git(&self.dir, &["cat-file", "blob", &blob.id]).map_err(io)
    }
}

fn is_regular(mode: &str) -> bool {
    mode == "100644" || mode == "100755"
}

/// Git's output as text: names and sizes here are ASCII, and a file that is not UTF-8 is refused by
/// the parser that reads it, as on disk.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    super::git::git(dir, args).map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}
