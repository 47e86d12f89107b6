//! The repository the scan runs in, and the one way Palisade reads a file it did not write.
//!
//! Everything in the scanned tree may have been written by the author of an untrusted pull request.
//! Reading goes through [`read_regular`], which refuses what is not a regular file (a FIFO would block
//! the scan forever, `/dev/zero` would fill memory) and stops at a size limit, and, for the files that
//! configure the scanner itself, refuses symlinks. The **repository root** (the git top-level, or the
//! scan path outside a repository) is the boundary of everything a scan reads.

pub mod index;

use std::io::Read as _;
use std::path::{Component, Path, PathBuf};

/// Whether a symlink may stand for the file. Scanned files may be symlinks to files inside the root
/// (discovery checks where they lead); configuration, policies, baselines and ignore files may not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Symlinks {
    Follow,
    Refuse,
}

/// Why a file was not read. The message names no content, only what kind of thing was found.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    // Not a `source`: the message already says it, and a chain printed with `{:#}` would say it twice.
    #[error("cannot read file: {0}")]
    Io(std::io::Error),
    #[error("is a symlink; configuration is not read through symlinks")]
    Symlink,
    #[error("is not a regular file (a directory, FIFO, socket or device); not read")]
    NotRegular,
    #[error("is larger than {limit} bytes; not read")]
    TooLarge { limit: u64 },
}

impl From<std::io::Error> for ReadError {
    fn from(error: std::io::Error) -> Self {
        ReadError::Io(error)
    }
}

/// Reads a regular file of at most `limit` bytes.
///
/// The type is checked on the opened handle, not only on the path, so a file swapped for a FIFO
/// between the check and the read is still refused; the open itself never blocks on a FIFO.
pub fn read_regular(path: &Path, limit: u64, symlinks: Symlinks) -> Result<Vec<u8>, ReadError> {
    let link = std::fs::symlink_metadata(path)?;
    if link.file_type().is_symlink() && symlinks == Symlinks::Refuse {
        return Err(ReadError::Symlink);
    }
    let meta = if link.file_type().is_symlink() { std::fs::metadata(path)? } else { link };
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    let file = open_nonblocking(path)?;
    let opened = file.metadata()?;
    if !opened.is_file() {
        return Err(ReadError::NotRegular);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(opened.len().min(limit)).unwrap_or(0));
    // A file that grows after the check still stops at the limit.
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer that never comes.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    const O_NONBLOCK: i32 = 0o4000;
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    const O_NONBLOCK: i32 = 0x0004;
    std::fs::OpenOptions::new().read(true).custom_flags(O_NONBLOCK).open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// The repository root of a scan path: the nearest ancestor (or the path itself) holding `.git`
/// (a directory, or the file a worktree or submodule has), found without running git. Outside a
/// repository it is the scan path itself (a file's directory). The result is canonical.
#[must_use]
pub fn root_of(path: &Path) -> Option<PathBuf> {
    let canonical = path.canonicalize().ok()?;
    let start = if canonical.is_file() { canonical.parent()?.to_path_buf() } else { canonical };
    let found = start.ancestors().find(|dir| std::fs::symlink_metadata(dir.join(".git")).is_ok());
    Some(found.map_or(start.clone(), Path::to_path_buf))
}

/// How a changed file, and a file an evaluation read ([`crate::model::Input::File`]), is named: its
/// canonical path, or for one that does not exist (deleted, or looked for by `fileexists`) its
/// canonical directory and its name.
#[must_use]
pub fn path_key(path: &Path) -> PathBuf {
    if let Ok(canonical) = path.canonicalize() {
        return canonical;
    }
    match (path.parent().and_then(|p| p.canonicalize().ok()), path.file_name()) {
        (Some(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

/// Whether `path` is already what [`normalize`] makes of it: no `.` or `..` segment, no empty one
/// (`a//b`, a trailing `/`). Most paths are, and this look at their bytes is much cheaper than
/// taking them apart into components and collecting them again.
fn is_normal(path: &Path) -> bool {
    if std::path::MAIN_SEPARATOR != '/' {
        return false;
    }
    let bytes = path.as_os_str().as_encoded_bytes();
    let inner = bytes.strip_prefix(b"/").unwrap_or(bytes);
    !inner.is_empty() && inner.split(|&b| b == b'/').all(|segment| !matches!(segment, b"" | b"." | b".."))
}

/// Removes `.` and resolves `..` lexically, so that `a/b/../c` and `a/c` name the same
/// directory (a module, a cache entry).
#[must_use]
pub fn normalize(path: &Path) -> PathBuf {
    if is_normal(path) {
        return path.to_path_buf();
    }
    by_components(path)
}

fn by_components(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(component),
            },
            other => out.push(other),
        }
    }
    out.iter().collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn paths_already_normal_are_kept_as_the_components_would_make_them() {
        for path in
            ["a/b", "/a/b", "a//b", "a/./b", "a/b/", "./a", "../a", "/", "", "a/b/..", ".a/b.", "/x/..y"]
        {
            let path = Path::new(path);
            assert_eq!(normalize(path).as_os_str(), by_components(path).as_os_str(), "{}", path.display());
        }
    }

    #[test]
    fn regular_files_are_read_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.tf");
        std::fs::write(&path, "abc").unwrap();
        assert_eq!(read_regular(&path, 3, Symlinks::Refuse).unwrap(), b"abc");
        assert!(matches!(read_regular(&path, 2, Symlinks::Refuse), Err(ReadError::TooLarge { limit: 2 })));
        assert!(matches!(read_regular(dir.path(), 10, Symlinks::Follow), Err(ReadError::NotRegular)));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_and_devices_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("zero.yml");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        assert!(matches!(read_regular(&link, 1 << 20, Symlinks::Refuse), Err(ReadError::Symlink)));
        assert!(matches!(read_regular(&link, 1 << 20, Symlinks::Follow), Err(ReadError::NotRegular)));
        let target = dir.path().join("t.tf");
        std::fs::write(&target, "x").unwrap();
        let ok = dir.path().join("ok.tf");
        std::os::unix::fs::symlink(&target, &ok).unwrap();
        assert_eq!(read_regular(&ok, 10, Symlinks::Follow).unwrap(), b"x");
    }

    #[test]
    fn the_root_is_the_nearest_directory_with_git() {
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(top.join("repo/.git")).unwrap();
        std::fs::create_dir_all(top.join("repo/envs/prod")).unwrap();
        std::fs::write(top.join("repo/envs/prod/main.tf"), "").unwrap();
        assert_eq!(root_of(&top.join("repo/envs/prod")).unwrap(), top.join("repo"));
        assert_eq!(root_of(&top.join("repo/envs/prod/main.tf")).unwrap(), top.join("repo"));
        std::fs::create_dir_all(top.join("plain/x")).unwrap();
        assert_eq!(root_of(&top.join("plain/x")).unwrap(), top.join("plain/x"));
    }
}
