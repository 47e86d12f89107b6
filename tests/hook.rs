//! The pre-commit hook in docs/pre-deploy.md, run as git would run it: on a repository's first commit
//! (no HEAD yet) and on a later one.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;
use support::git;

use std::path::Path;
use std::process::Command;

/// The first `sh` block of the document: the hook as users copy it.
fn documented_hook() -> String {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/pre-deploy.md")).unwrap();
    let start = doc.find("```sh\n").unwrap() + "```sh\n".len();
    doc[start..start + doc[start..].find("```").unwrap()].to_string()
}

fn run_hook(dir: &Path) -> Option<i32> {
    let bin = Path::new(env!("CARGO_BIN_EXE_palisade")).parent().unwrap().to_path_buf();
    let path = std::env::join_paths(
        std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    Command::new("sh")
        .arg("-c")
        .arg(documented_hook())
        .current_dir(dir)
        .env("PATH", path)
        .status()
        .unwrap()
        .code()
}

#[cfg(unix)]
#[test]
fn the_documented_hook_works_on_the_first_commit_and_after() {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["config", "user.email", "a@example.com"]);
    git(dir.path(), &["config", "user.name", "a"]);
    std::fs::write(dir.path().join("sg.tf"), "resource \"aws_security_group\" \"ssh\" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n").unwrap();
    git(dir.path(), &["add", "-A"]);
    // No HEAD yet: the hook must judge the staged files, not fail on the missing revision.
    assert_eq!(run_hook(dir.path()), Some(1));
    std::fs::write(dir.path().join("sg.tf"), "").unwrap();
    git(dir.path(), &["commit", "-q", "--allow-empty", "-m", "first"]);
    assert_eq!(run_hook(dir.path()), Some(0));
}
