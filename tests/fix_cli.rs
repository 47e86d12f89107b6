//! `palisade fix` on the command line: exit codes, `--diff`, unsafe fixes, values the fix must not
//! edit, files it must not write, and SARIF `fixes`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use support::palisade as run;

const KEYS: &str = "variable \"rotate\" {\n  default = false\n}\n\n\
resource \"aws_kms_key\" \"missing\" {\n  description = \"a\"\n}\n\n\
resource \"aws_kms_key\" \"from_var\" {\n  description         = \"b\"\n  enable_key_rotation = var.rotate\n}\n\n\
output \"rotate\" {\n  value = var.rotate\n}\n";

const FIXED_KEYS: &str = "variable \"rotate\" {\n  default = false\n}\n\n\
resource \"aws_kms_key\" \"missing\" {\n  description         = \"a\"\n  enable_key_rotation = true\n}\n\n\
resource \"aws_kms_key\" \"from_var\" {\n  description         = \"b\"\n  enable_key_rotation = var.rotate\n}\n\n\
output \"rotate\" {\n  value = var.rotate\n}\n";

#[test]
fn diff_changes_nothing_and_exits_1_then_fix_writes_and_a_second_diff_is_empty() {
    let dir = support::project(&[("main.tf", KEYS)]);
    let out = run(dir.path(), &["fix", "--diff", "--only", "AWS-KMS-001", "."], 1);
    let diff = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        diff,
        "--- a/main.tf\n+++ b/main.tf\n@@ -3,7 +3,8 @@\n }\n \n resource \"aws_kms_key\" \"missing\" {\n\
         -  description = \"a\"\n+  description         = \"a\"\n+  enable_key_rotation = true\n }\n \n \
         resource \"aws_kms_key\" \"from_var\" {\n"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(
            "main.tf:11: AWS-KMS-001 aws_kms_key.from_var: no automatic fix: the value comes from var.rotate, \
             which the module reads in 2 places"
        ),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("main.tf")).unwrap(), KEYS, "--diff writes nothing");

    // The variable's finding remains: `fix` exits as `scan` would on the result.
    run(dir.path(), &["fix", "--only", "AWS-KMS-001", "."], 1);
    assert_eq!(std::fs::read_to_string(dir.path().join("main.tf")).unwrap(), FIXED_KEYS);
    let again = run(dir.path(), &["fix", "--diff", "--only", "AWS-KMS-001", "."], 0).stdout;
    assert!(again.is_empty(), "nothing left to fix: {}", String::from_utf8_lossy(&again));
}

#[test]
fn unsafe_fixes_need_the_flag_and_diff_shows_them() {
    let tf = "resource \"aws_db_instance\" \"db\" {\n  engine            = \"postgres\"\n  storage_encrypted = false\n}\n";
    let dir = support::project(&[("db.tf", tf)]);
    let out = run(dir.path(), &["fix", "--only", "AWS-RDS-001", "."], 1).stderr;
    assert!(
        String::from_utf8_lossy(&out)
            .contains("db.tf:3: AWS-RDS-001 aws_db_instance.db: no automatic fix: apply it with --unsafe-fixes (Encrypting"),
        "{}",
        String::from_utf8_lossy(&out)
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("db.tf")).unwrap(), tf);
    run(dir.path(), &["fix", "--diff", "--only", "AWS-RDS-001", "."], 1);
    run(dir.path(), &["fix", "--unsafe-fixes", "--only", "AWS-RDS-001", "."], 0);
    assert!(
        std::fs::read_to_string(dir.path().join("db.tf")).unwrap().contains("storage_encrypted = true\n")
    );
}

/// A value read from a parameter or a variable alone is fixed in its default, when nothing else
/// reads it; otherwise the reason says how many places do.
#[test]
fn a_default_read_once_is_fixed_and_one_read_twice_is_not() {
    let template = "Parameters:\n  Rotate:\n    Type: String\n    Default: \"false\"\nResources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: !Ref Rotate\n";
    let dir = support::project(&[("t.yaml", template)]);
    run(dir.path(), &["fix", "--only", "AWS-KMS-001", "."], 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("t.yaml")).unwrap(),
        template.replace("Default: \"false\"", "Default: \"true\"")
    );
    let twice = format!(
        "{template}  Other:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: !Ref Rotate\n"
    );
    let dir = support::project(&[("t.yaml", &twice)]);
    let out = run(dir.path(), &["fix", "--only", "AWS-KMS-001", "."], 1).stderr;
    assert!(
        String::from_utf8_lossy(&out).contains(
            "t.yaml:9: AWS-KMS-001 Key: no automatic fix: the value comes from parameter \"Rotate\", which the template reads in 2 places"
        ),
        "{}",
        String::from_utf8_lossy(&out)
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("t.yaml")).unwrap(), twice);

    let tf = "variable \"rotate\" {\n  default = false\n}\n\nresource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = var.rotate\n}\n";
    let dir = support::project(&[("main.tf", tf)]);
    run(dir.path(), &["fix", "--only", "AWS-KMS-001", "."], 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("main.tf")).unwrap(),
        tf.replace("default = false", "default = true")
    );
    // Given a value by a tfvars file, the default is not what the key gets: the tfvars line is fixed.
    let dir = support::project(&[("main.tf", tf), ("terraform.tfvars", "rotate = false\n")]);
    run(dir.path(), &["fix", "--only", "AWS-KMS-001", "."], 0);
    assert_eq!(std::fs::read_to_string(dir.path().join("main.tf")).unwrap(), tf);
    assert_eq!(std::fs::read_to_string(dir.path().join("terraform.tfvars")).unwrap(), "rotate = true\n");
}

#[cfg(unix)]
#[test]
fn a_symlinked_file_and_a_downloaded_module_are_not_written() {
    let key = "resource \"aws_kms_key\" \"k\" {\n  description = \"a\"\n}\n";
    let dir = support::project(&[
        ("main.tf", "module \"m\" {\n  source = \"./.terraform/modules/m\"\n}\n"),
        (".terraform/modules/m/main.tf", key),
    ]);
    std::os::unix::fs::symlink(dir.path().join(".terraform/modules/m/main.tf"), dir.path().join("link.tf"))
        .unwrap();
    let out = run(dir.path(), &["fix", "--only", "AWS-KMS-001", "."], 1).stderr;
    let stderr = String::from_utf8_lossy(&out);
    assert!(
        stderr.contains(".terraform/modules/m/main.tf:1: AWS-KMS-001 module.m.aws_kms_key.k: no automatic fix: the file is in a hidden directory"),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("link.tf:1: AWS-KMS-001 aws_kms_key.k: no automatic fix: the file is a symbolic link"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(dir.path().join(".terraform/modules/m/main.tf")).unwrap(), key);
    assert!(std::fs::symlink_metadata(dir.path().join("link.tf")).unwrap().file_type().is_symlink());
}

#[test]
fn sarif_results_carry_the_fix_as_a_replacement() {
    let dir = support::project(&[("main.tf", KEYS)]);
    let out =
        run(dir.path(), &["scan", "--only", "AWS-KMS-001", "--format", "sarif", "--sarif-fixes", "."], 1)
            .stdout;
    let log: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    // Without the flag, no fix is planned.
    let plain = run(dir.path(), &["scan", "--only", "AWS-KMS-001", "--format", "sarif", "."], 1).stdout;
    let plain: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert!(plain["runs"][0]["results"].as_array().unwrap().iter().all(|r| r.get("fixes").is_none()));
    assert_eq!(results.len(), 2);
    let missing =
        results.iter().find(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"] == 5).unwrap();
    let change = &missing["fixes"][0]["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "main.tf");
    assert_eq!(
        change["replacements"][0],
        serde_json::json!({
            "deletedRegion": {"startLine": 6, "startColumn": 1, "endLine": 6, "endColumn": 20},
            "insertedContent": {"text": "  description         = \"a\"\n  enable_key_rotation = true"}
        })
    );
    let from_var =
        results.iter().find(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"] == 11).unwrap();
    assert!(from_var.get("fixes").is_none(), "a value from a variable has no fix");
}

#[test]
fn a_fix_that_leaves_its_finding_is_not_written() {
    // The fix sets the default cache behaviour; the ordered one still allows HTTP, so the verifying
    // scan still reports the distribution and the file is left as it is.
    let tf = "resource \"aws_cloudfront_distribution\" \"d\" {\n  enabled = true\n\n  default_cache_behavior {\n    viewer_protocol_policy = \"allow-all\"\n  }\n\n  ordered_cache_behavior {\n    viewer_protocol_policy = \"allow-all\"\n  }\n}\n";
    let dir = support::project(&[("cdn.tf", tf)]);
    let out = run(dir.path(), &["fix", "--unsafe-fixes", "--only", "AWS-CLOUDFRONT-001", "."], 1).stderr;
    let stderr = String::from_utf8_lossy(&out);
    assert!(
        stderr.contains("cdn.tf:5: AWS-CLOUDFRONT-001 aws_cloudfront_distribution.d: no automatic fix: the finding remains after the fix"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("cdn.tf")).unwrap(), tf);
}

#[test]
fn flow_mappings_and_one_line_json_objects_get_the_key_in_their_style() {
    let yaml = "Resources:\n  Key: {Type: AWS::KMS::Key, Properties: {Description: a}}\n";
    let json = "{\"Resources\": {\"Key\": {\"Type\": \"AWS::KMS::Key\", \"Properties\": {\"Description\": \"a\"}}}}\n";
    let dir = support::project(&[("a.yaml", yaml), ("b.json", json)]);
    run(dir.path(), &["fix", "--only", "AWS-KMS-001", "."], 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.yaml")).unwrap(),
        "Resources:\n  Key: {Type: AWS::KMS::Key, Properties: {Description: a, EnableKeyRotation: true}}\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("b.json")).unwrap(),
        "{\"Resources\": {\"Key\": {\"Type\": \"AWS::KMS::Key\", \"Properties\": {\"Description\": \"a\", \"EnableKeyRotation\": true}}}}\n"
    );
}

#[test]
fn one_line_blocks_become_one_argument_a_line() {
    let tf = "resource \"aws_kms_key\" \"k\" {}\n\nresource \"aws_kms_key\" \"j\" { description = \"x\" }\n\n\
resource \"aws_instance\" \"i\" {\n  ami = \"a\" # the image\n  metadata_options { http_endpoint = \"enabled\" }\n\n  # trailing comment\n}\n";
    let dir = support::project(&[("main.tf", tf)]);
    run(dir.path(), &["fix", "--unsafe-fixes", "--only", "AWS-KMS-001,AWS-EC2-010", "."], 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("main.tf")).unwrap(),
        "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = true\n}\n\n\
resource \"aws_kms_key\" \"j\" {\n  description         = \"x\"\n  enable_key_rotation = true\n}\n\n\
resource \"aws_instance\" \"i\" {\n  ami = \"a\" # the image\n  metadata_options {\n    http_endpoint = \"enabled\"\n    \
http_tokens   = \"required\"\n  }\n\n  # trailing comment\n}\n"
    );
}

/// A real git repository holding `files`.
fn repository(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    support::git(dir.path(), &["init", "-q", "-b", "main"]);
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// The findings of a JSON report as (rule id, file, line).
fn findings(report: &[u8]) -> Vec<(String, String, u64)> {
    let report: serde_json::Value = serde_json::from_slice(report).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let field = |k: &str| f[k].as_str().unwrap().to_string();
            (field("rule_id"), field("file"), f["start_line"].as_u64().unwrap())
        })
        .collect()
}

#[test]
fn scan_fix_writes_the_fixes_and_reports_the_fixed_tree() {
    let dir = repository(&[("main.tf", KEYS)]);
    let args = ["scan", "--fix", "--only", "AWS-KMS-001", "--format", "json", "."];
    let out = run(dir.path(), &args, 1);
    assert_eq!(std::fs::read_to_string(dir.path().join("main.tf")).unwrap(), FIXED_KEYS);
    // The report is of the fixed file: the key that was fixed is gone, the other is on its new line.
    assert_eq!(findings(&out.stdout), [("AWS-KMS-001".to_string(), "main.tf".to_string(), 12)]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("fixed 1 finding in main.tf\n"), "{stderr}");
    assert!(
        stderr.contains(
            "main.tf:11: AWS-KMS-001 aws_kms_key.from_var: no automatic fix: the value comes from var.rotate, \
             which the module reads in 2 places"
        ),
        "{stderr}"
    );

    let again = run(dir.path(), &args, 1);
    assert_eq!(std::fs::read_to_string(dir.path().join("main.tf")).unwrap(), FIXED_KEYS, "nothing more");
    assert_eq!(findings(&again.stdout), [("AWS-KMS-001".to_string(), "main.tf".to_string(), 12)]);
    assert!(!String::from_utf8_lossy(&again.stderr).contains("fixed"));
}

#[test]
fn scan_fix_applies_unsafe_fixes_only_when_asked() {
    let tf = "resource \"aws_db_instance\" \"db\" {\n  engine            = \"postgres\"\n  storage_encrypted = false\n}\n";
    let fixed = tf.replace("= false", "= true");
    let dir = repository(&[("db.tf", tf)]);
    let out = run(dir.path(), &["scan", "--fix", "--only", "AWS-RDS-001", "."], 1);
    assert_eq!(std::fs::read_to_string(dir.path().join("db.tf")).unwrap(), tf);
    assert!(String::from_utf8_lossy(&out.stdout).contains(" --> db.tf:3:23\n"));

    let out = run(dir.path(), &["scan", "--fix", "--unsafe-fixes", "--only", "AWS-RDS-001", "."], 0);
    assert_eq!(std::fs::read_to_string(dir.path().join("db.tf")).unwrap(), fixed);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "no findings in 1 file (1 resource checked)\n");
    run(dir.path(), &["scan", "--fix", "--unsafe-fixes", "--only", "AWS-RDS-001", "."], 0);
    assert_eq!(std::fs::read_to_string(dir.path().join("db.tf")).unwrap(), fixed);
}

/// `--fix` belongs to `scan` alone (`fix` always fixes), and `--unsafe-fixes` on `scan` needs it.
#[test]
fn fix_has_no_fix_flag_and_scan_needs_fix_for_unsafe_fixes() {
    let dir = repository(&[("main.tf", KEYS)]);
    let out = run(dir.path(), &["fix", "--fix", "."], 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("unexpected argument '--fix'"));
    let out = run(dir.path(), &["scan", "--unsafe-fixes", "."], 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--fix"));
    assert_eq!(std::fs::read_to_string(dir.path().join("main.tf")).unwrap(), KEYS);
}

/// `fix --diff --format json`: each fix as the whole lines it replaces, most severe first, and with
/// `--diff-base` whether the change wrote every one of those lines.
#[test]
fn diff_as_json_gives_each_fix_as_whole_lines() {
    let old = "resource \"aws_kms_key\" \"old\" {\n  description = \"a\"\n}\n";
    let dir = repository(&[("old.tf", old)]);
    support::git(dir.path(), &["add", "."]);
    support::git(dir.path(), &["commit", "-q", "-m", "base"]);
    let new = "resource \"aws_kms_key\" \"new\" {\n  deletion_window_in_days = 7\n}\n\n\
resource \"aws_db_instance\" \"db\" {\n  engine            = \"postgres\"\n  storage_encrypted = false\n}\n";
    std::fs::write(dir.path().join("new.tf"), new).unwrap();
    let args =
        ["fix", "--diff", "--format", "json", "--diff-base", "HEAD", "--only", "AWS-KMS-001,AWS-RDS-001"];
    let out = run(dir.path(), &[&args[..], &["."]].concat(), 1);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let fixes: Vec<serde_json::Value> = json["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let mut f = f.clone();
            f.as_object_mut().unwrap().remove("comment");
            f
        })
        .collect();
    assert_eq!(json["version"], "1");
    assert_eq!(
        fixes,
        [
            serde_json::json!({"rule_id": "AWS-KMS-001", "severity": "medium", "safety": "safe", "path": "new.tf",
                "line": 1, "start_line": 2, "end_line": 2,
                "replacement": "  deletion_window_in_days = 7\n  enable_key_rotation     = true", "changed": true}),
            serde_json::json!({"rule_id": "AWS-RDS-001", "severity": "medium", "safety": "unsafe", "path": "new.tf",
                "line": 7, "start_line": 7, "end_line": 7,
                "replacement": "  storage_encrypted = true", "changed": true}),
        ]
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("new.tf")).unwrap(), new, "--diff writes nothing");
    // Without a diff base there is no `changed`, and the finding the change did not bring is fixed too.
    let out = run(dir.path(), &["fix", "--diff", "-f", "json", "--only", "AWS-KMS-001", "old.tf"], 1);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["fixes"][0].get("changed").is_none());
    assert_eq!(
        json["fixes"][0]["comment"],
        "**AWS-KMS-001** KMS key rotation is not enabled (medium)\n\nSafe fix: Rotation adds new key material and \
         keeps the old for decryption; nothing that uses the key changes.\n\n```suggestion\n  description         = \
         \"a\"\n  enable_key_rotation = true\n```\n\n<sub>Suggested by Palisade (`palisade fix`).</sub>\n"
    );
    let out = run(dir.path(), &["fix", "--diff", "-f", "json", "--only", "AWS-S3-001", "."], 0);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "{\n  \"version\": \"1\",\n  \"fixes\": []\n}\n");
    run(dir.path(), &["fix", "-f", "json", "."], 2);
}

/// With `--diff-base`, `fix` fixes the findings the gate judges: those the change brought, not the
/// ones already on the base branch.
#[test]
fn fix_with_a_diff_base_fixes_what_the_change_brought() {
    let old = "resource \"aws_kms_key\" \"old\" {\n  description = \"a\"\n}\n";
    let dir = repository(&[("old.tf", old)]);
    support::git(dir.path(), &["add", "."]);
    support::git(dir.path(), &["commit", "-q", "-m", "base"]);
    let new = "resource \"aws_kms_key\" \"new\" {\n  deletion_window_in_days = 7\n}\n";
    std::fs::write(dir.path().join("new.tf"), new).unwrap();
    run(dir.path(), &["fix", "--diff-base", "HEAD", "--only", "AWS-KMS-001", "."], 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("new.tf")).unwrap(),
        "resource \"aws_kms_key\" \"new\" {\n  deletion_window_in_days = 7\n  enable_key_rotation     = true\n}\n"
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("old.tf")).unwrap(), old);
}

/// A format may have one fix per resource type, where the same setting has another name (SAM's
/// `Tracing`): a list of fixes, each naming its types, none covering a type twice.
#[test]
fn a_format_may_have_a_fix_per_resource_type() {
    let policy = |fix: &str| {
        format!(
            "id: CUSTOM-001\ntitle: t\nseverity: low\ndescription: d\nmessage: m\nremediation:\n  text: r\n\
cloudformation:\n  resources: [AWS::Lambda::Function, AWS::Serverless::Function]\n  pass_when: {{ attribute: Properties.X, exists: true }}\n\
fix:\n  cloudformation:\n{fix}"
        )
    };
    let parse = |fix: &str| palisade::policy::catalog::from_texts(&[("p.yaml".into(), policy(fix))]);
    let lambda = "    - { safety: safe, reason: r, resources: [AWS::Lambda::Function], set: { Properties.X: true } }\n";
    let sam = "    - { safety: unsafe, reason: r, resources: [AWS::Serverless::Function], set: { Properties.Y: true } }\n";
    let parsed = parse(&format!("{lambda}{sam}")).unwrap();
    assert_eq!(parsed[0].fixes.len(), 2);
    // `rules --format json` and the policy table say `unsafe` when one of the format's fixes is.
    assert_eq!(palisade::docs::fix_json(&parsed[0]), Some(serde_json::json!({"cloudformation": "unsafe"})));

    let untyped = "    - { safety: safe, reason: r, set: { Properties.X: true } }\n";
    let err = parse(&format!("{lambda}{untyped}")).unwrap_err().to_string();
    assert!(err.contains("each fix of a list names its `resources`"), "{err}");
    let twice = sam.replace("AWS::Serverless::Function", "AWS::Lambda::Function");
    let err = parse(&format!("{lambda}{twice}")).unwrap_err().to_string();
    assert!(err.contains("two fixes of cloudformation cover AWS::Lambda::Function"), "{err}");
}

/// A template read as a nested stack is verified by a whole scan, through its parent: fixed when the
/// fix holds, refused when the parent gives the value the fix would change.
#[test]
fn a_nested_stack_is_fixed_and_verified_through_its_parent() {
    let parent = "Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./child.yaml\n";
    let child = "Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      Description: k\n";
    let dir = support::project(&[("parent.yaml", parent), ("child.yaml", child)]);
    run(dir.path(), &["fix", "--only", "AWS-KMS-001", "."], 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("child.yaml")).unwrap(),
        format!("{child}      EnableKeyRotation: true\n")
    );

    let passing = format!("{parent}      Parameters:\n        Rotate: \"false\"\n");
    let child = "Parameters:\n  Rotate:\n    Type: String\n    Default: \"false\"\nResources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: !Ref Rotate\n";
    let dir = support::project(&[("parent.yaml", &passing), ("child.yaml", child)]);
    let stderr =
        String::from_utf8(run(dir.path(), &["fix", "--only", "AWS-KMS-001", "."], 1).stderr).unwrap();
    assert!(
        stderr.contains("child.yaml:9: AWS-KMS-001 parent.yaml:Child/Key: no automatic fix: the finding remains after the fix"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("child.yaml")).unwrap(), child);
}
