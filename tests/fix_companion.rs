//! `palisade fix` adding companion resources (split Terraform resources such as
//! `aws_s3_bucket_versioning`), and the verifying scan that reuses the first scan: its result is the
//! scan a fresh run gives.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::Path;

use assert_cmd::Command;

/// `palisade ARGS` in `dir`, which must exit with `code`: standard error.
fn run(dir: &Path, args: &[&str], code: i32) -> String {
    let out = Command::cargo_bin("palisade").unwrap().current_dir(dir).args(args).assert().code(code);
    String::from_utf8(out.get_output().stderr.clone()).unwrap()
}

const ONLY: [&str; 6] = ["--only", "AWS-S3-002", "--only", "AWS-S3-003", "--only", "AWS-S3-005"];

const MODULE: &str = "variable \"name\" {}\n\n\
resource \"aws_s3_bucket\" \"b\" {\n  bucket = var.name\n}\n\n\
output \"arn\" {\n  value = aws_s3_bucket.b.arn\n}\n";

const FIXED_MODULE: &str = "variable \"name\" {}\n\n\
resource \"aws_s3_bucket\" \"b\" {\n  bucket = var.name\n}\n\n\
resource \"aws_s3_bucket_versioning\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n\n  \
versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n\n\
resource \"aws_s3_bucket_server_side_encryption_configuration\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n\n  \
rule {\n    bucket_key_enabled = true\n\n    apply_server_side_encryption_by_default {\n      \
sse_algorithm = \"aws:kms\"\n    }\n  }\n}\n\n\
resource \"aws_s3_bucket_public_access_block\" \"b\" {\n  bucket                  = aws_s3_bucket.b.id\n  \
block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n  \
restrict_public_buckets = true\n}\n\n\
output \"arn\" {\n  value = aws_s3_bucket.b.arn\n}\n";

/// A module two roots call gets each companion once, right after the bucket; a root that does not
/// call it is fixed too; the result `fix` reports is what a scan of the fixed files says.
#[test]
fn companions_follow_the_bucket_once_for_every_caller() {
    let call =
        |name: &str| format!("module \"b\" {{\n  source = \"../../modules/b\"\n  name   = \"{name}\"\n}}\n");
    let dir = support::project(&[
        ("modules/b/main.tf", MODULE),
        ("envs/a/main.tf", &call("a")),
        ("envs/c/main.tf", &call("c")),
        ("other/main.tf", "resource \"aws_s3_bucket\" \"o\" {\n  bucket = \"o\"\n}\n"),
    ]);
    let mut args = vec!["fix", "--unsafe-fixes"];
    args.extend(ONLY);
    args.push(".");
    let stderr = run(dir.path(), &args, 0);
    assert!(stderr.contains("fixed 6 findings in modules/b/main.tf\n"), "{stderr}");
    assert!(stderr.contains("fixed 3 findings in other/main.tf\n"), "{stderr}");
    assert!(stderr.ends_with("no findings in 4 files (12 resources checked)\n"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.path().join("modules/b/main.tf")).unwrap(), FIXED_MODULE);
    let other = std::fs::read_to_string(dir.path().join("other/main.tf")).unwrap();
    assert!(other.contains("resource \"aws_s3_bucket_versioning\" \"o\" {\n  bucket = aws_s3_bucket.o.id\n"));

    let mut scan = vec!["scan"];
    scan.extend(ONLY);
    scan.push(".");
    let scanned =
        Command::cargo_bin("palisade").unwrap().current_dir(dir.path()).args(&scan).assert().code(0);
    let stdout = String::from_utf8(scanned.get_output().stdout.clone()).unwrap();
    assert!(stdout.ends_with("no findings in 4 files (12 resources checked)\n"), "{stdout}");
    args[0] = "fix";
    args.insert(1, "--diff");
    run(dir.path(), &args, 0);
}

/// A bucket made by `count` or `for_each` gets one companion per instance, made the same way and
/// linked to its instance.
#[test]
fn a_bucket_made_by_count_or_for_each_gets_its_companions_the_same_way() {
    let main = "resource \"aws_s3_bucket\" \"counted\" {\n  count  = 2\n  bucket = \"c${count.index}\"\n}\n\n\
resource \"aws_s3_bucket\" \"keyed\" {\n  for_each = toset([\"x\", \"y\"]) # two\n  bucket   = each.key\n}\n";
    let dir = support::project(&[("main.tf", main)]);
    run(dir.path(), &["fix", "--only", "AWS-S3-002", "."], 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("main.tf")).unwrap(),
        "resource \"aws_s3_bucket\" \"counted\" {\n  count  = 2\n  bucket = \"c${count.index}\"\n}\n\n\
resource \"aws_s3_bucket_versioning\" \"counted\" {\n  count = 2\n\n  \
bucket = aws_s3_bucket.counted[count.index].id\n\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n\n\
resource \"aws_s3_bucket\" \"keyed\" {\n  for_each = toset([\"x\", \"y\"]) # two\n  bucket   = each.key\n}\n\n\
resource \"aws_s3_bucket_versioning\" \"keyed\" {\n  for_each = toset([\"x\", \"y\"])\n\n  bucket = aws_s3_bucket.keyed[each.key].id\n\n  \
versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n"
    );
    // Each companion is linked to its bucket: every bucket passes, none is left undecided.
    let scan = Command::cargo_bin("palisade")
        .unwrap()
        .current_dir(dir.path())
        .args(["scan", "--only", "AWS-S3-002", "--format", "json", "."])
        .assert()
        .code(0);
    let report: serde_json::Value = serde_json::from_slice(&scan.get_output().stdout).unwrap();
    assert_eq!(report["summary"]["resources"], 8);
    assert_eq!(report["unknowns"], serde_json::json!([]));
    run(dir.path(), &["fix", "--diff", "--only", "AWS-S3-002", "."], 0);
}

/// A bucket that has a companion in another file of its module (one per instance for a bucket made
/// by `for_each`), or that configures the same setting inline, is left to its author, with the reason.
#[test]
fn a_companion_is_not_added_where_it_would_not_be_the_only_owner() {
    let main = "resource \"aws_s3_bucket\" \"keyed\" {\n  for_each = toset([\"x\"])\n  bucket   = each.key\n}\n\n\
resource \"aws_s3_bucket\" \"elsewhere\" {\n  bucket = \"e\"\n}\n\n\
resource \"aws_s3_bucket\" \"inline\" {\n  bucket = \"i\"\n  versioning {\n    enabled = false\n  }\n}\n";
    let versioning = "resource \"aws_s3_bucket_versioning\" \"v\" {\n  bucket = aws_s3_bucket.elsewhere.id\n  \
versioning_configuration {\n    status = \"Suspended\"\n  }\n}\n\n\
resource \"aws_s3_bucket_versioning\" \"each\" {\n  for_each = toset([\"x\"])\n  bucket   = aws_s3_bucket.keyed[each.key].id\n  \
versioning_configuration {\n    status = \"Suspended\"\n  }\n}\n";
    let dir = support::project(&[("main.tf", main), ("versioning.tf", versioning)]);
    let stderr = run(dir.path(), &["fix", "--only", "AWS-S3-002", "."], 1);
    for line in [
        "main.tf:1: AWS-S3-002 aws_s3_bucket.keyed[\"x\"]: no automatic fix: the resource has its aws_s3_bucket_versioning already; its settings are the author's to change",
        "main.tf:6: AWS-S3-002 aws_s3_bucket.elsewhere: no automatic fix: the resource has its aws_s3_bucket_versioning already; its settings are the author's to change",
        "main.tf:13: AWS-S3-002 aws_s3_bucket.inline: no automatic fix: the resource configures `versioning` itself; adding aws_s3_bucket_versioning as well would give it two owners",
    ] {
        assert!(stderr.contains(line), "{line}\nnot in:\n{stderr}");
    }
    assert_eq!(std::fs::read_to_string(dir.path().join("main.tf")).unwrap(), main);
}

/// The `companion` of a policy's fix: Terraform only, named by Terraform names.
#[test]
fn a_companion_is_declared_in_the_terraform_fix() {
    let policy = |fix: &str| {
        format!(
            "id: CUSTOM-001\ntitle: t\nseverity: low\ndescription: d\nmessage: m\nremediation:\n  text: r\n\
terraform:\n  resources: [aws_s3_bucket]\n  pass_when: {{ attribute: x, exists: true }}\n\
cloudformation:\n  resources: [AWS::S3::Bucket]\n  pass_when: {{ attribute: Properties.X, exists: true }}\n\
fix:\n{fix}"
        )
    };
    let parse = |fix: &str| palisade::policy::catalog::from_texts(&[("p.yaml".into(), policy(fix))]);
    let good = "  terraform:\n    safety: safe\n    reason: r\n    companion: { type: aws_s3_bucket_versioning, link: bucket, conflicts: [versioning] }\n    set: { versioning_configuration.status: Enabled }\n";
    let parsed = parse(good).unwrap();
    let companion = parsed[0].fixes[0].companion.clone().unwrap();
    assert_eq!((companion.rtype.as_str(), companion.link.as_str()), ("aws_s3_bucket_versioning", "bucket"));
    assert_eq!(companion.conflicts, ["versioning"]);

    let in_cloudformation = "  cloudformation:\n    safety: safe\n    reason: r\n    companion: { type: x, link: y }\n    set: { Properties.X: true }\n";
    let err = parse(in_cloudformation).unwrap_err().to_string();
    assert!(
        err.contains("p.yaml:18:16:") && err.contains("a companion resource is a Terraform fix"),
        "{err}"
    );
    let bad_name = good.replace("aws_s3_bucket_versioning", "\"aws s3\"");
    let err = parse(&bad_name).unwrap_err().to_string();
    assert!(err.contains("`aws s3` is not a Terraform name"), "{err}");
}

/// A refused fix costs a second round, which plans again only its file and evaluates again only its
/// root: what `fix` reports at the end is still what a scan of the written files says.
#[test]
fn after_a_refused_fix_the_result_is_a_fresh_scan() {
    let cdn = "resource \"aws_cloudfront_distribution\" \"d\" {\n  enabled = true\n\n  default_cache_behavior {\n    viewer_protocol_policy = \"allow-all\"\n  }\n\n  ordered_cache_behavior {\n    viewer_protocol_policy = \"allow-all\"\n  }\n}\n";
    let key = "resource \"aws_kms_key\" \"k\" {\n  description = \"a\"\n}\n";
    let template = "Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      Description: a\n";
    let dir =
        support::project(&[("a/cdn.tf", cdn), ("a/keys.tf", key), ("b/main.tf", key), ("t.yaml", template)]);
    let only = ["--only", "AWS-CLOUDFRONT-001", "--only", "AWS-KMS-001"];
    let mut args = vec!["fix", "--unsafe-fixes"];
    args.extend(only);
    args.push(".");
    let stderr = run(dir.path(), &args, 1);
    assert!(
        stderr.contains("a/cdn.tf:5: AWS-CLOUDFRONT-001 aws_cloudfront_distribution.d: no automatic fix: the finding remains after the fix\n"),
        "{stderr}"
    );
    for file in ["a/keys.tf", "b/main.tf", "t.yaml"] {
        assert!(stderr.contains(&format!("fixed 1 finding in {file}\n")), "{file}: {stderr}");
    }
    assert_eq!(std::fs::read_to_string(dir.path().join("a/cdn.tf")).unwrap(), cdn);
    let summary = stderr.lines().last().unwrap().to_string();
    assert!(
        summary.starts_with("1 finding (") && summary.ends_with("in 4 files; 4 resources checked"),
        "{summary}"
    );

    let mut scan = vec!["scan"];
    scan.extend(only);
    scan.push(".");
    let scanned =
        Command::cargo_bin("palisade").unwrap().current_dir(dir.path()).args(&scan).assert().code(1);
    let stdout = String::from_utf8(scanned.get_output().stdout.clone()).unwrap();
    assert_eq!(stdout.lines().last(), Some(summary.as_str()), "{stdout}");
}

/// A fix must make its finding pass: a companion whose instances are unknown (the bucket's `count`
/// reads a variable nobody set) would only leave the bucket undecided, and is refused.
#[test]
fn a_fix_that_leaves_its_finding_undecided_is_refused() {
    let main = "variable \"n\" {\n  type = number\n}\n\nresource \"aws_s3_bucket\" \"counted\" {\n  count  = var.n\n  bucket = \"c${count.index}\"\n}\n";
    let dir = support::project(&[("main.tf", main)]);
    let stderr = run(dir.path(), &["fix", "--only", "AWS-S3-002", "."], 1);
    assert!(
        stderr.contains(
            "main.tf:5: AWS-S3-002 aws_s3_bucket.counted: no automatic fix: after the fix the finding cannot be decided: a value it reads is unknown"
        ),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("main.tf")).unwrap(), main);
}
