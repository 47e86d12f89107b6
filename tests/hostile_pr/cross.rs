//! Scenarios where two defences meet: what discovery reads and what the gate puts in scope.

use crate::common::Repo;

/// A new file whose name is not UTF-8, or holds a newline, is scanned and in scope of the diff: git
/// quotes such names, and a name that can be neither read nor matched would pass the gate green.
#[cfg(unix)]
#[test]
fn new_files_with_hostile_names_fail_the_gate() {
    use std::os::unix::ffi::OsStrExt;
    let repo = Repo::new();
    repo.write("old.tf", "resource \"aws_s3_bucket\" \"old\" {\n  bucket = \"old\"\n}\n").commit_base();
    for (name, bucket) in [(&b"db\xff.tf"[..], "n1"), (&b"new\nline.tf"[..], "n2")] {
        let path = repo.root().join(std::ffi::OsStr::from_bytes(name));
        std::fs::write(
            path,
            format!("resource \"aws_s3_bucket\" \"{bucket}\" {{\n  bucket = \"{bucket}\"\n}}\n"),
        )
        .unwrap();
    }
    repo.commit_pr();
    let run = repo.scan(&["--diff-base", "base", "--only", "AWS-S3-002"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
    // Names are shown lossily and escaped, never raw.
    assert_eq!(run.findings(), ["AWS-S3-002 db\u{fffd}.tf:1", "AWS-S3-002 new\\nline.tf:1"]);
    assert!(run.stdout().contains("1 finding out of scope"), "{}", run.stdout());
}
