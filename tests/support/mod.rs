//! What several integration tests share: running git in a temporary repository, and a project of
//! files under a marked repository root.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

/// Runs `git ARGS` in `dir` and asserts it succeeded. Hermetic: the machine's and the user's git
/// configuration are not read (a test that commits gets a name and no signing here), and no
/// `GIT_DIR` of an enclosing run points it elsewhere.
#[allow(dead_code)] // not every test binary that shares this module runs git
pub fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A temporary directory holding `files` (name, text) under a `.git` directory that marks it as the
/// repository root, without being a repository git can read.
#[allow(dead_code)] // not every test binary that shares this module makes projects
pub fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// `palisade ARGS` in `dir`, which must exit with `code`.
#[allow(dead_code)] // not every test binary that shares this module runs palisade this way
pub fn palisade(dir: &Path, args: &[&str], code: i32) -> std::process::Output {
    assert_cmd::Command::cargo_bin("palisade")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .assert()
        .code(code)
        .get_output()
        .clone()
}
