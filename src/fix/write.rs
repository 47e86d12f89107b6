//! Writing fixes: only files Palisade may write, each replaced at once.

use std::path::Path;

/// Whether Palisade may write this file: a regular file (not a symlink) inside the repository root,
/// not in a hidden directory (`.terraform/modules` holds modules the user did not write).
///
/// # Errors
/// Why not.
pub fn writable(path: &Path, root: &Path, generated: bool) -> Result<(), String> {
    if generated {
        return Err("the finding is in a Terraform plan, which is not source".into());
    }
    let meta = std::fs::symlink_metadata(path).map_err(|e| format!("cannot read the file: {e}"))?;
    if !meta.file_type().is_file() {
        return Err("the file is a symbolic link or not a regular file; it is not written".into());
    }
    let canonical = path.canonicalize().map_err(|e| format!("cannot resolve the path: {e}"))?;
    let root = root.canonicalize().map_err(|e| format!("cannot resolve the repository root: {e}"))?;
    let relative =
        canonical.strip_prefix(&root).map_err(|_| "the file is outside the repository root".to_string())?;
    if relative.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.')) {
        return Err("the file is in a hidden directory (a downloaded module?); it is not written".into());
    }
    Ok(())
}

/// Writes `text` to `path` through a temporary file in the same directory and a rename, so that a
/// reader never sees half a file; a byte order mark the file had is kept. The file is not synced to
/// disk first, as an editor's or a formatter's save is not: a sync per file was a tenth of `fix`'s
/// time on a large project, and what a crash could lose is an edit that `fix` makes again.
///
/// # Errors
/// The file system's.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let meta = std::fs::symlink_metadata(path)?;
    if !meta.file_type().is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let bom = {
        let mut head = [0u8; 3];
        let mut f = std::fs::File::open(path)?;
        let n = std::io::Read::read(&mut f, &mut head)?;
        n == 3 && head == [0xef, 0xbb, 0xbf]
    };
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| std::io::Error::other("no file name"))?;
    let tmp = dir.join(format!(".{}.palisade-fix.{}", name.to_string_lossy(), std::process::id()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        if bom {
            f.write_all("\u{feff}".as_bytes())?;
        }
        f.write_all(text.as_bytes())?;
        f.set_permissions(meta.permissions())?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
