//! Inputs that would exhaust memory or be refused: whatever the scan cannot evaluate or read is a
//! located error, and an error fails `--strict` (exit 2), so that an input built to be skipped does
//! not pass the gate.

use crate::common::Repo;

/// A file too large to read: refused at its first line, and `--strict` fails.
#[test]
fn a_refused_file_fails_strict() {
    let repo = Repo::new();
    repo.write("main.tf", "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n").commit_base();
    repo.write("big.tf", "");
    // Sparse: only the length counts, nothing is written or read.
    std::fs::File::create(repo.path("big.tf")).unwrap().set_len(palisade::app::MAX_FILE_BYTES + 1).unwrap();
    repo.commit_pr();
    let run = repo.scan(&["--strict", "--only", "AWS-S3-002"]);
    assert_eq!(run.code(), Some(2), "{}", run.stderr());
    assert!(run.stdout().contains("big.tf:1: file is larger than 128 MiB"), "{}", run.stdout());
    assert_eq!(run.findings(), ["AWS-S3-002 main.tf:1"]);
}

/// An evaluation that spends the budget: the construct that spent it is an error, and `--strict`
/// fails even though every resource was still judged.
#[test]
fn a_spent_evaluation_budget_fails_strict() {
    let repo = Repo::new();
    repo.write("main.tf", "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n").commit_base();
    repo.write(
        "copies.tf",
        "locals {\n  s   = join(\"\", [for i in range(100000) : \"xxxxxxxxxx\"])\n  big = [for i in range(3000) : local.s]\n}\nresource \"aws_s3_bucket\" \"c\" {\n  bucket = local.big[0]\n}\n",
    )
    .commit_pr();
    let run = repo.scan(&["--strict", "--only", "AWS-S3-002"]);
    assert_eq!(run.code(), Some(2), "{}", run.stderr());
    assert!(run.stdout().contains("copies.tf:3:"), "{}", run.stdout());
    assert!(run.stdout().contains("evaluation stopped here"), "{}", run.stdout());
    assert_eq!(run.findings(), ["AWS-S3-002 copies.tf:5", "AWS-S3-002 main.tf:1"]);
}
