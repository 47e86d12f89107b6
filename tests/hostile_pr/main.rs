//! A hostile pull request, scenario by scenario. Each test builds a temporary git repository with a
//! trusted base commit and a pull-request commit written by an attacker, runs the `palisade` binary
//! as CI would (`--diff-base base` where the scenario is about the gate), and asserts what the attack
//! must not achieve: a canary secret in any output, a blinded log, a green gate over a new finding,
//! a hang or an unbounded read. The threat model and the list of defences are in docs/security.md.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod budget;
mod common;
mod config;
mod cross;
mod files;
mod gate;
mod nested;
mod output;
mod r#override;
mod roots;

use common::Repo;

/// The scaffolding itself: a pull request that adds a bucket without versioning fails the gate, at
/// the bucket's line, and the untouched base resource is out of scope.
#[test]
fn a_new_finding_in_the_pull_request_fails_the_gate() {
    let repo = Repo::new();
    repo.write("old.tf", "resource \"aws_s3_bucket\" \"old\" {\n  bucket = \"old\"\n}\n").commit_base();
    repo.write("new.tf", "resource \"aws_s3_bucket\" \"new\" {\n  bucket = \"new\"\n}\n").commit_pr();
    let run = repo.scan(&["--diff-base", "base", "--only", "AWS-S3-002"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
    assert_eq!(run.findings(), ["AWS-S3-002 new.tf:1"]);
}
