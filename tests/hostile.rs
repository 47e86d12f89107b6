//! Hostile inputs: every case writes a malicious or broken file beside two known-bad "canary" files
//! and asserts three things: the broken file gets a located diagnostic (or is skipped quietly when it
//! does not look like infrastructure code), the canaries' findings survive, and the scan ends in
//! bounded time without a panic. Each scan runs in its own thread with the default 2 MiB stack (the
//! size rayon's workers get), so a recursion that only survives on the main thread's 8 MiB fails here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Write as _;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use palisade::app::{self, Scan, ScanOptions};
use palisade::diag::{DiagLevel, Diagnostic};
use palisade::report::{self, OutputFormat, RenderOptions};
use palisade::value::{Kind, Value};

/// Debug builds are slow; anything near this is a hang, not a slow machine.
const LIMIT: Duration = Duration::from_secs(60);

fn write(root: &Path, rel: &str, contents: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

/// One Terraform and one CloudFormation file with a finding each, in their own directory so that a
/// broken neighbour cannot change their module.
fn canaries(root: &Path) {
    write(root, "canary/main.tf", "resource \"aws_s3_bucket\" \"canary\" {\n  bucket = \"canary\"\n}\n");
    write(
        root,
        "canary-cfn/sg.yaml",
        "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: ssh\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIp: 0.0.0.0/0\n",
    );
}

/// Scans `root` with every built-in policy and renders every format, in a thread with a deadline.
fn scan(root: &Path) -> Scan {
    let options = ScanOptions { paths: vec![root.to_path_buf()], ..ScanOptions::default() };
    let (tx, rx) = mpsc::channel();
    let started = Instant::now();
    std::thread::spawn(move || {
        let scan = app::scan(&options).unwrap();
        for format in [OutputFormat::Text, OutputFormat::Json, OutputFormat::Sarif] {
            let _ = report::render(format, &scan, &RenderOptions::default());
        }
        let _ = tx.send(scan);
    });
    match rx.recv_timeout(LIMIT) {
        Ok(scan) => {
            eprintln!("scan took {:?}", started.elapsed());
            scan
        }
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("scan did not finish within {LIMIT:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("scan panicked"),
    }
}

fn finding_lines(scan: &Scan, rule: &str, file_suffix: &str) -> Vec<usize> {
    scan.findings
        .iter()
        .filter(|f| f.rule_id == rule)
        .filter_map(|f| {
            let file = &scan.project.files[f.file];
            file.display.ends_with(file_suffix).then(|| file.line_col(f.span.start as usize).line)
        })
        .collect()
}

fn assert_canaries(scan: &Scan) {
    assert_eq!(finding_lines(scan, "AWS-S3-002", "canary/main.tf"), [1], "{:#?}", scan.project.diagnostics);
    assert_eq!(finding_lines(scan, "AWS-EC2-001", "canary-cfn/sg.yaml"), [11]);
    for d in &scan.project.diagnostics {
        assert!(!d.file.contains("canary"), "unexpected diagnostic on a canary: {d}");
    }
}

fn diagnostics<'a>(scan: &'a Scan, file_suffix: &str) -> Vec<&'a Diagnostic> {
    scan.project.diagnostics.iter().filter(|d| d.file.ends_with(file_suffix)).collect()
}

/// Asserts a diagnostic on `file_suffix` at `line` (when given) whose message contains `text`.
fn assert_diagnostic(scan: &Scan, file_suffix: &str, level: DiagLevel, line: Option<usize>, text: &str) {
    let found = diagnostics(scan, file_suffix);
    assert!(
        found
            .iter()
            .any(|d| d.level == level && (line.is_none() || d.line == line) && d.message.contains(text)),
        "no {level:?} `{text}` at {line:?} on {file_suffix}; got {:#?}",
        scan.project.diagnostics
    );
}

fn hostile(files: &[(&str, &[u8])]) -> (tempfile::TempDir, Scan) {
    let dir = tempfile::tempdir().unwrap();
    canaries(dir.path());
    for (rel, contents) in files {
        write(dir.path(), rel, contents);
    }
    let scan = scan(dir.path());
    assert_canaries(&scan);
    (dir, scan)
}

#[test]
fn truncated_files_are_located_errors() {
    let json = b"{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Resources\": {\n    \"B\": {\"Type\": \"AWS::S3::Bucket\"";
    let yaml = b"AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: [x";
    let tf = b"resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n  tags = {\n";
    let (_dir, scan) = hostile(&[("cut/t.json", json), ("cut/t.yaml", yaml), ("cut/main.tf", tf)]);
    assert_diagnostic(&scan, "cut/t.json", DiagLevel::Error, Some(4), "");
    assert_diagnostic(&scan, "cut/t.yaml", DiagLevel::Error, Some(5), "");
    assert_diagnostic(&scan, "cut/main.tf", DiagLevel::Error, None, "");
}

#[test]
fn binary_and_invalid_utf8_files() {
    let binary: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let mut invalid = b"resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"".to_vec();
    invalid.extend([0xff, 0xfe, b'"', b'\n', b'}', b'\n']);
    let mut template = b"AWSTemplateFormatVersion: \"2010-09-09\"\nResources: {}\n".to_vec();
    template.extend([0xc3, 0x28]);
    let (_dir, scan) = hostile(&[
        ("bin/blob.tf", &binary),
        ("bin/invalid.tf", &invalid),
        ("bin/blob.yaml", &binary),
        ("bin/t.yaml", &template),
        ("bin/nul.tf", b"\0\0\0\0"),
    ]);
    assert_diagnostic(&scan, "bin/blob.tf", DiagLevel::Error, None, "UTF-8");
    assert_diagnostic(&scan, "bin/invalid.tf", DiagLevel::Error, None, "not valid UTF-8 (at byte 43)");
    // YAML and JSON that are not UTF-8 are not CloudFormation: skipped quietly.
    assert!(diagnostics(&scan, "bin/blob.yaml").is_empty());
    assert!(diagnostics(&scan, "bin/t.yaml").is_empty());
    assert_diagnostic(&scan, "bin/nul.tf", DiagLevel::Error, Some(1), "");
}

#[test]
fn byte_order_marks_keep_findings_and_lines() {
    let tf = "\u{feff}resource \"aws_s3_bucket\" \"bom\" {\n  bucket = \"x\"\n}\n";
    let yaml =
        "\u{feff}AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n";
    let json = "\u{feff}{\"AWSTemplateFormatVersion\": \"2010-09-09\",\n\"Resources\": {\"B\": {\"Type\": \"AWS::S3::Bucket\"}}}\n";
    let (_dir, scan) = hostile(&[
        ("bom/main.tf", tf.as_bytes()),
        ("bom/t.yaml", yaml.as_bytes()),
        ("bom/t.json", json.as_bytes()),
    ]);
    assert_eq!(finding_lines(&scan, "AWS-S3-002", "bom/main.tf"), [1]);
    assert_eq!(finding_lines(&scan, "AWS-S3-002", "bom/t.yaml"), [3]);
    assert_eq!(finding_lines(&scan, "AWS-S3-002", "bom/t.json"), [2]);
    assert!(diagnostics(&scan, "bom/").is_empty(), "{:#?}", scan.project.diagnostics);
}

#[test]
fn empty_and_blank_files_are_quiet() {
    let (_dir, scan) = hostile(&[
        ("empty/main.tf", b""),
        ("empty/vars.tfvars", b""),
        ("empty/t.yaml", b""),
        ("empty/t.json", b""),
        ("empty/blank.tf", b"\n\n   \n"),
        ("empty/bom.tf", "\u{feff}".as_bytes()),
        ("empty/doc.yaml", b"---\n...\n"),
    ]);
    assert!(diagnostics(&scan, "").iter().all(|d| !d.file.contains("empty/")));
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    const N: usize = 100_000;
    let json = format!("{{\"AWSTemplateFormatVersion\": \"2010-09-09\",\n\"Resources\": {}", "[".repeat(N));
    let yaml_flow = format!("AWSTemplateFormatVersion: \"2010-09-09\"\nResources: {}", "[".repeat(N));
    let yaml_block =
        format!("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  X:\n    {}x\n", "- ".repeat(N));
    let yaml_map = format!("AWSTemplateFormatVersion: \"2010-09-09\"\nResources: {}", "{a: ".repeat(N));
    let hcl = format!("locals {{\n  x = {}\n}}\n", "[".repeat(N));
    let hcl_blocks = format!("resource \"a\" \"b\" {{\n{}", "c {\n".repeat(N));
    let (_dir, scan) = hostile(&[
        ("deep/t.json", json.as_bytes()),
        ("deep/flow.yaml", yaml_flow.as_bytes()),
        ("deep/block.yaml", yaml_block.as_bytes()),
        ("deep/map.yaml", yaml_map.as_bytes()),
        ("deep/main.tf", hcl.as_bytes()),
        ("deep2/main.tf", hcl_blocks.as_bytes()),
    ]);
    assert_diagnostic(&scan, "deep/t.json", DiagLevel::Error, Some(2), "nesting deeper than");
    assert_diagnostic(&scan, "deep/flow.yaml", DiagLevel::Error, Some(2), "nesting deeper than");
    assert_diagnostic(&scan, "deep/block.yaml", DiagLevel::Error, Some(4), "nesting deeper than");
    assert_diagnostic(&scan, "deep/map.yaml", DiagLevel::Error, Some(2), "nesting deeper than");
    assert_diagnostic(&scan, "deep/main.tf", DiagLevel::Error, Some(2), "nested deeper than");
    assert_diagnostic(&scan, "deep2/main.tf", DiagLevel::Error, None, "nested deeper than");
}

/// Expressions nest without brackets too: operator chains, unary operators and conditionals. They
/// parse, so it is the evaluator (and dropping the tree) that must not recurse without a limit.
#[test]
fn deep_expressions_without_brackets() {
    const N: usize = 20_000;
    let sum = format!("locals {{\n  x = 1{}\n}}\n", " + 1".repeat(N));
    let nots = format!("locals {{\n  x = {}true\n}}\n", "!".repeat(N));
    let negs = format!("locals {{\n  x = {}1\n}}\n", "-".repeat(N));
    let conds = format!("locals {{\n  x = {}1\n}}\n", "true ? 1 : ".repeat(N));
    let bucket = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = local.x\n}\n";
    let (_dir, scan) = hostile(&[
        ("sum/main.tf", sum.as_bytes()),
        ("sum/b.tf", bucket.as_bytes()),
        ("nots/main.tf", nots.as_bytes()),
        ("nots/b.tf", bucket.as_bytes()),
        ("negs/main.tf", negs.as_bytes()),
        ("negs/b.tf", bucket.as_bytes()),
        ("conds/main.tf", conds.as_bytes()),
        ("conds/b.tf", bucket.as_bytes()),
    ]);
    // Whether each parses is hcl-edit's business; a parsed one still yields its bucket's finding.
    for dir in ["sum", "nots", "negs", "conds"] {
        let parsed =
            diagnostics(&scan, &format!("{dir}/main.tf")).iter().all(|d| d.level != DiagLevel::Error);
        if parsed {
            assert_eq!(finding_lines(&scan, "AWS-S3-002", &format!("{dir}/b.tf")), [1], "{dir}");
        }
    }
}

#[test]
fn yaml_alias_bombs_are_refused() {
    let mut bomb = String::from(
        "AWSTemplateFormatVersion: \"2010-09-09\"\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..10 {
        let prev = format!("*a{}", i - 1);
        let _ = writeln!(bomb, "a{i}: &a{i} [{}]", [prev.as_str(); 9].join(", "));
    }
    bomb.push_str("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {Tags: *a9}\n");
    let (_dir, scan) = hostile(&[("bomb/t.yaml", bomb.as_bytes())]);
    assert_diagnostic(&scan, "bomb/t.yaml", DiagLevel::Error, None, "alias");
}

/// A file that is mostly aliases gets a budget proportional to its size: at most about one node per
/// byte, as without aliases. Each `*x, ` here is 4 bytes for 21 nodes; at the former 20 nodes per byte
/// a 1 MB file like this one expanded to 1.2 GB of memory.
#[test]
fn alias_budget_is_proportional_to_the_file() {
    // 200 KB: one anchored 20-node list, then as many aliases to it as fit.
    let mut text = String::from("AWSTemplateFormatVersion: \"2010-09-09\"\nx: &x [");
    text.push_str(&["a"; 20].join(", "));
    text.push_str("]\ny: [");
    while text.len() < 200_000 {
        text.push_str("*x, ");
    }
    text.push_str("]\nResources:\n  B:\n    Type: AWS::S3::Bucket\n");
    let started = Instant::now();
    let (_dir, scan) = hostile(&[("alias/t.yaml", text.as_bytes())]);
    assert_diagnostic(&scan, "alias/t.yaml", DiagLevel::Error, None, "alias");
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn duplicate_keys_keep_the_last_and_warn() {
    let yaml = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration: {Status: Enabled}\n  B:\n    Type: AWS::S3::Bucket\n";
    let json = "{\"AWSTemplateFormatVersion\": \"2010-09-09\",\n\"Resources\": {\n\"B\": {\"Type\": \"AWS::S3::Bucket\"},\n\"B\": {\"Type\": \"AWS::S3::Bucket\"}}}\n";
    let tf = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n  bucket = \"y\"\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"z\"\n}\n";
    let (_dir, scan) = hostile(&[
        ("dup/t.yaml", yaml.as_bytes()),
        ("dup/t.json", json.as_bytes()),
        ("dup/main.tf", tf.as_bytes()),
    ]);
    assert_diagnostic(&scan, "dup/t.yaml", DiagLevel::Warning, Some(3), "declared again");
    assert_eq!(finding_lines(&scan, "AWS-S3-002", "dup/t.yaml"), [7]);
    assert_diagnostic(&scan, "dup/t.json", DiagLevel::Warning, Some(3), "declared again");
    assert_eq!(finding_lines(&scan, "AWS-S3-002", "dup/t.json"), [4]);
}

/// A minified template: megabytes on one line, with a finding on it.
#[test]
fn huge_single_line_file() {
    let mut json = String::from("{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {");
    let mut i = 0;
    while json.len() < 1_000_000 {
        let _ = write!(
            json,
            "\"Bucket{i}\": {{\"Type\": \"AWS::S3::Bucket\", \"Properties\": {{\"BucketName\": \"b{i}\"}}}}, "
        );
        i += 1;
    }
    json.push_str("\"Last\": {\"Type\": \"AWS::S3::Bucket\"}}}");
    let (_dir, scan) = hostile(&[("line/t.json", json.as_bytes())]);
    assert_eq!(finding_lines(&scan, "AWS-S3-002", "line/t.json").len(), i + 1);
    // The text report must not print the megabyte line once per finding.
    let text = report::render(OutputFormat::Text, &scan, &RenderOptions::default());
    let findings = scan.findings.len();
    assert!(text.len() < 500 * findings, "text report is {} bytes for {findings} findings", text.len());
    assert!(text.contains("bytes long; not shown"));
}

/// About 3 MB of YAML here: a debug build needs about 40 s for 10 MB on a loaded 2-core machine.
/// `scripts/bench.sh` runs the 50 MB case with the release build.
#[test]
fn large_template() {
    let mut yaml = String::from("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n");
    let mut i = 0;
    while yaml.len() < 3_000_000 {
        let _ = write!(
            yaml,
            "  Bucket{i}:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub \"${{AWS::StackName}}-{i}\"\n      VersioningConfiguration:\n        Status: Enabled\n      Tags:\n        - Key: owner\n          Value: team-{i}\n"
        );
        i += 1;
    }
    yaml.push_str("  Last:\n    Type: AWS::S3::Bucket\n");
    let last_line = yaml.lines().count() - 1;
    let (_dir, scan) = hostile(&[("large/t.yaml", yaml.as_bytes())]);
    assert_eq!(finding_lines(&scan, "AWS-S3-002", "large/t.yaml"), [last_line]);
}

#[test]
fn files_over_the_size_limit_are_skipped_with_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    canaries(dir.path());
    let path = dir.path().join("big/main.tf");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // Sparse: no disk or memory is spent on it, only its length counts.
    std::fs::File::create(&path).unwrap().set_len(app::MAX_FILE_BYTES + 1).unwrap();
    // A template too large to read is refused the same way, not skipped as if it were not one.
    std::fs::File::create(dir.path().join("big/t.yaml")).unwrap().set_len(app::MAX_FILE_BYTES + 1).unwrap();
    let scan = scan(dir.path());
    assert_canaries(&scan);
    assert_diagnostic(&scan, "big/main.tf", DiagLevel::Error, Some(1), "larger than 128 MiB");
    assert_diagnostic(&scan, "big/t.yaml", DiagLevel::Error, Some(1), "larger than 128 MiB");
}

/// YAML in flow style starts with `{` like JSON, and may have trailing commas JSON refuses: a `.yaml`
/// or `.yml` file is read as YAML whatever its first character.
#[test]
fn yaml_templates_in_flow_style_are_read_as_yaml() {
    let flow = "{AWSTemplateFormatVersion: \"2010-09-09\",\n Resources: {\n  Sg: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: ssh,\n    SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}]}}}}\n";
    let comma = "{\"AWSTemplateFormatVersion\": \"2010-09-09\",\n \"Resources\": {\n  \"Sg\": {\"Type\": \"AWS::EC2::SecurityGroup\", \"Properties\": {\"GroupDescription\": \"ssh\",\n    \"SecurityGroupIngress\": [{\"IpProtocol\": \"tcp\", \"FromPort\": 22, \"ToPort\": 22, \"CidrIp\": \"0.0.0.0/0\",}],},},},}\n";
    let (_dir, scan) = hostile(&[("flow/t.yaml", flow.as_bytes()), ("flow/comma.yml", comma.as_bytes())]);
    assert!(diagnostics(&scan, "flow/").is_empty(), "{:#?}", scan.project.diagnostics);
    assert_eq!(finding_lines(&scan, "AWS-EC2-001", "flow/t.yaml"), [4]);
    assert_eq!(finding_lines(&scan, "AWS-EC2-001", "flow/comma.yml"), [4]);
}

#[test]
fn resource_type_that_is_a_map() {
    let yaml = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Module:\n    Type:\n      Fn::If: [x, AWS::S3::Bucket, AWS::SQS::Queue]\n  Plain:\n    Type: AWS::S3::Bucket\n";
    let json = "{\"Resources\": {\n\"M\": {\"Type\": {\"Ref\": \"T\"}},\n\"N\": {\"Type\": [\"AWS::S3::Bucket\"]}}, \"AWSTemplateFormatVersion\": \"2010-09-09\"}";
    let (_dir, scan) = hostile(&[("map/t.yaml", yaml.as_bytes()), ("map/t.json", json.as_bytes())]);
    assert_diagnostic(&scan, "map/t.yaml", DiagLevel::Warning, Some(3), "Type that is not a string");
    assert_eq!(finding_lines(&scan, "AWS-S3-002", "map/t.yaml"), [6]);
    assert_diagnostic(&scan, "map/t.json", DiagLevel::Warning, Some(2), "Type that is not a string");
    assert_diagnostic(&scan, "map/t.json", DiagLevel::Warning, Some(3), "Type that is not a string");
}

#[cfg(unix)]
#[test]
fn symlink_loops() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    canaries(dir.path());
    let root = dir.path();
    std::fs::create_dir_all(root.join("loop/sub")).unwrap();
    symlink(root.join("loop"), root.join("loop/sub/back")).unwrap();
    symlink(root, root.join("loop/root")).unwrap();
    symlink(root.join("loop/b.tf"), root.join("loop/a.tf")).unwrap();
    symlink(root.join("loop/a.tf"), root.join("loop/b.tf")).unwrap();
    symlink(root.join("loop/self.yaml"), root.join("loop/self.yaml")).unwrap();
    let scan = scan(root);
    assert_canaries(&scan);
    assert_diagnostic(&scan, "loop/a.tf", DiagLevel::Warning, None, "symlink");
    assert_diagnostic(&scan, "loop/self.yaml", DiagLevel::Warning, None, "symlink");
    // Each canary is read once: the directory links were not followed.
    assert_eq!(scan.project.files.iter().filter(|f| f.display.ends_with("canary/main.tf")).count(), 1);
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_directories() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    canaries(dir.path());
    let root = dir.path();
    write(root, "locked/main.tf", "resource \"aws_s3_bucket\" \"b\" {}\n");
    write(root, "lockeddir/inner/main.tf", "resource \"aws_s3_bucket\" \"b\" {}\n");
    let file = root.join("locked/main.tf");
    let inner = root.join("lockeddir/inner");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(&inner, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&file).is_ok() {
        // Root (or CAP_DAC_OVERRIDE) reads anyway; there is nothing to test.
        eprintln!("skipped: permissions are not enforced for this user");
        std::fs::set_permissions(&inner, std::fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    let scan = scan(root);
    std::fs::set_permissions(&inner, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_canaries(&scan);
    assert_diagnostic(&scan, "locked/main.tf", DiagLevel::Error, None, "cannot read file");
    assert!(
        scan.project.diagnostics.iter().any(|d| d.message.contains("lockeddir/inner")),
        "{:#?}",
        scan.project.diagnostics
    );
}

#[test]
fn modules_that_call_themselves() {
    let own = "module \"again\" {\n  source = \"./\"\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"self\"\n}\n";
    let a =
        "module \"b\" {\n  source = \"../b\"\n}\nresource \"aws_s3_bucket\" \"a\" {\n  bucket = \"a\"\n}\n";
    let b = "module \"a\" {\n  source = \"../a\"\n}\n";
    // Each level fans out; without the step budget this would be 10^16 instances.
    let fan = "module \"f\" {\n  source = \"../fan\"\n  count   = 10000\n}\nresource \"aws_s3_bucket\" \"f\" {\n  bucket = \"f\"\n}\n";
    let (_dir, scan) = hostile(&[
        ("self/main.tf", own.as_bytes()),
        ("a/main.tf", a.as_bytes()),
        ("b/main.tf", b.as_bytes()),
        ("fan/main.tf", fan.as_bytes()),
    ]);
    assert_diagnostic(&scan, "self/main.tf", DiagLevel::Warning, Some(1), "calls itself");
    assert_eq!(finding_lines(&scan, "AWS-S3-002", "self/main.tf"), [4]);
    assert!(!finding_lines(&scan, "AWS-S3-002", "a/main.tf").is_empty());
    assert!(!finding_lines(&scan, "AWS-S3-002", "fan/main.tf").is_empty());
    assert!(scan.project.resources.len() < 100_000, "{} resources", scan.project.resources.len());
}

#[test]
fn cyclic_locals() {
    let tf = "locals {\n  a = local.b\n  b = local.c\n  c = local.a\n  d = local.d\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.a\n  tags   = { x = local.d }\n}\n";
    let vars =
        "variable \"v\" {\n  default = var.v\n}\nresource \"aws_s3_bucket\" \"v\" {\n  bucket = var.v\n}\n";
    let (_dir, scan) = hostile(&[("cycle/main.tf", tf.as_bytes()), ("cyclevar/main.tf", vars.as_bytes())]);
    assert_diagnostic(&scan, "cycle/main.tf", DiagLevel::Warning, None, "cycle in locals");
    assert_eq!(finding_lines(&scan, "AWS-S3-002", "cycle/main.tf"), [7]);
    assert_eq!(finding_lines(&scan, "AWS-S3-002", "cyclevar/main.tf"), [4]);
}

/// Expressions that would build huge values: every one is cut by a limit, not by running out of memory.
#[test]
fn expensive_expressions_are_bounded() {
    let tf = r#"locals {
  big    = range(100000000)
  nested = [for i in range(100000) : [for j in range(100000) : "${i}-${j}"]]
  str    = join("", [for i in range(1000000) : "xxxxxxxxxxxxxxxx"])
  rep    = replace(strrev(format("%0100000000d", 1)), "0", "0000000000")
  pad    = format("%-999999999s", "x")
}
resource "aws_s3_bucket" "b" {
  bucket = "x"
  tags   = { a = length(local.big), b = length(local.nested), c = local.str, d = local.rep, e = local.pad }
}
"#;
    let (_dir, scan) = hostile(&[("expensive/main.tf", tf.as_bytes())]);
    assert_eq!(finding_lines(&scan, "AWS-S3-002", "expensive/main.tf"), [8]);
}

/// A few lines that copy a 1 MB string 3,000 times: the shared evaluation budget stops the copying
/// at the `for` that does it, the resources are still judged, and the other root modules keep theirs.
#[test]
fn copies_of_a_large_string_stop_at_the_evaluation_budget() {
    let tf = r#"locals {
  s   = join("", [for i in range(100000) : "xxxxxxxxxx"])
  big = [for i in range(3000) : local.s]
}
resource "aws_s3_bucket" "b" { bucket = local.big[0] }
resource "aws_s3_bucket" "c" { bucket = "c" }
"#;
    let (_dir, scan) = hostile(&[("copies/main.tf", tf.as_bytes())]);
    let found = diagnostics(&scan, "copies/main.tf");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_diagnostic(&scan, "copies/main.tf", DiagLevel::Error, Some(3), "evaluation stopped here");
    assert_eq!(finding_lines(&scan, "AWS-S3-002", "copies/main.tf"), [5, 6]);
}

/// Modules calling three modules per level, sixteen levels deep: 3^16 instances, from 16 files of
/// 100 bytes. The module budget stops them at the call that reaches it.
#[test]
fn a_module_fan_out_stops_at_the_module_budget() {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for level in 0..16 {
        let next = level + 1;
        let text = if level < 15 {
            format!(
                "module \"a\" {{ source = \"../m{next}\" }}\nmodule \"b\" {{ source = \"../m{next}\" }}\nmodule \"c\" {{ source = \"../m{next}\" }}\n"
            )
        } else {
            "resource \"aws_s3_bucket\" \"leaf\" {}\n".to_string()
        };
        files.push((format!("fan3/m{level}/main.tf"), text.into_bytes()));
    }
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(p, t)| (p.as_str(), t.as_slice())).collect();
    let started = Instant::now();
    let (_dir, scan) = hostile(&refs);
    assert!(started.elapsed() < Duration::from_secs(30), "{:?}", started.elapsed());
    let stopped: Vec<_> =
        scan.project.diagnostics.iter().filter(|d| d.message.contains("module instances")).collect();
    assert_eq!(stopped.len(), 1, "{:#?}", scan.project.diagnostics);
    assert_eq!(stopped[0].level, DiagLevel::Error);
    assert!(stopped[0].file.ends_with("/main.tf") && stopped[0].file.contains("fan3/m"), "{stopped:?}");
    let leaves = scan.project.resources.iter().filter(|r| r.address.ends_with("aws_s3_bucket.leaf")).count();
    assert!(leaves > 1000 && leaves <= 10_000, "{leaves} leaves");
}

/// A 250 KB `Fn::ForEach` whose output is copied ten thousand times: the copies stop at the budget,
/// at the loop's key, and the template's other resources are still judged.
#[test]
fn a_large_foreach_output_stops_at_the_evaluation_budget() {
    let items: Vec<String> = (0..10_000).map(|i| format!("\"a{i}\"")).collect();
    let tags: Vec<String> =
        (0..1200).map(|i| format!("{{\"Key\": \"k{i}\", \"Value\": \"{}\"}}", "v".repeat(100))).collect();
    let template = format!(
        "{{\"AWSTemplateFormatVersion\": \"2010-09-09\",\n\"Transform\": \"AWS::LanguageExtensions\",\n\"Resources\": {{\n\"Open\": {{\"Type\": \"AWS::EC2::SecurityGroup\", \"Properties\": {{\"GroupDescription\": \"x\", \"SecurityGroupIngress\": [{{\"IpProtocol\": \"tcp\", \"FromPort\": 22, \"ToPort\": 22, \"CidrIp\": \"0.0.0.0/0\"}}]}}}},\n\"Fn::ForEach::B\": [\"Id\", [{}],\n{{\"B${{Id}}\": {{\"Type\": \"AWS::S3::Bucket\", \"Properties\": {{\"Tags\": [{}]}}}}}}]}}}}\n",
        items.join(", "),
        tags.join(", ")
    );
    assert!(template.len() > 200_000);
    let (_dir, scan) = hostile(&[("foreach/t.json", template.as_bytes())]);
    let found = diagnostics(&scan, "foreach/t.json");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_diagnostic(&scan, "foreach/t.json", DiagLevel::Error, Some(5), "evaluation stopped here");
    assert_eq!(finding_lines(&scan, "AWS-EC2-001", "foreach/t.json"), [4]);
    let generated = scan.project.resources.iter().filter(|r| r.address.starts_with("Ba")).count();
    assert!(generated > 100 && generated < 10_000, "{generated} generated");
}

/// Terraform reads 1,000 nested levels, with or without brackets: so does the scan, on its 2 MiB
/// thread, and the other resources of the file are judged. Evaluation stops at its own depth, located.
#[test]
fn terraform_depth_is_read() {
    const N: usize = 1000;
    let bucket = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n";
    let arrays = format!("{bucket}locals {{\n  x = {}1{}\n}}\n", "[".repeat(N), "]".repeat(N));
    let objects = format!("{bucket}locals {{\n  x = {}1{}\n}}\n", "{a = ".repeat(N), "}".repeat(N));
    let nots = format!("{bucket}locals {{\n  x = {}true\n}}\n", "!".repeat(N));
    let blocks =
        format!("{bucket}resource \"aws_instance\" \"i\" {{\n{}{}}}\n", "b {\n".repeat(N), "}\n".repeat(N));
    let used = format!(
        "resource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"x\"\n  tags = {{ a = {}1{} }}\n}}\n",
        "[".repeat(N),
        "]".repeat(N)
    );
    let started = Instant::now();
    let (_dir, scan) = hostile(&[
        ("arrays/main.tf", arrays.as_bytes()),
        ("objects/main.tf", objects.as_bytes()),
        ("nots/main.tf", nots.as_bytes()),
        ("blocks/main.tf", blocks.as_bytes()),
        ("used/main.tf", used.as_bytes()),
    ]);
    assert!(started.elapsed() < Duration::from_secs(30));
    for dir in ["arrays", "objects", "nots", "blocks", "used"] {
        assert_eq!(finding_lines(&scan, "AWS-S3-002", &format!("{dir}/main.tf")), [1], "{dir}");
    }
    for dir in ["arrays", "objects", "nots", "blocks"] {
        assert!(diagnostics(&scan, &format!("{dir}/main.tf")).is_empty(), "{:#?}", scan.project.diagnostics);
    }
    // Evaluation stops at its own depth: the value there is unknown, with a warning where it stopped.
    let bucket =
        scan.project.resources.iter().find(|r| scan.project.files[r.file].display.ends_with("used/main.tf"));
    let mut value = bucket.and_then(|b| b.attrs.get("tags")).and_then(|t| t.get("a"));
    let mut depth = 0;
    while let Some(Value { kind: Kind::List(items), .. }) = value {
        depth += 1;
        value = items.first();
    }
    assert_eq!(depth, 399);
    assert!(matches!(value.map(|v| &v.kind), Some(Kind::Unknown(_))));
    assert_diagnostic(&scan, "used/main.tf", DiagLevel::Warning, Some(3), "nested more than 400 levels deep");
}

/// Far past Terraform's depth, with and without brackets: a located error, and the canaries stand.
#[test]
fn nesting_past_terraform_depth_is_a_located_error() {
    const N: usize = 20_000;
    let arrays = format!("locals {{\n  x = {}1{}\n}}\n", "[".repeat(N), "]".repeat(N));
    let blocks = format!("resource \"a\" \"b\" {{\n{}{}}}\n", "c {\n".repeat(N), "}\n".repeat(N));
    let nots = format!("locals {{\n  x = {}true\n}}\n", "!".repeat(N));
    let (_dir, scan) = hostile(&[
        ("arrays/main.tf", arrays.as_bytes()),
        ("blocks/main.tf", blocks.as_bytes()),
        ("nots/main.tf", nots.as_bytes()),
    ]);
    assert_diagnostic(&scan, "arrays/main.tf", DiagLevel::Error, Some(2), "nested deeper than 1024 levels");
    assert_diagnostic(
        &scan,
        "blocks/main.tf",
        DiagLevel::Error,
        Some(1025),
        "nested deeper than 1024 levels",
    );
    assert_diagnostic(&scan, "nots/main.tf", DiagLevel::Error, Some(2), "at most 1024 nested levels");
}

/// Terraform accepts an object constructor that repeats a key, and keeps the last: the file is read,
/// with a warning at the repeated key.
#[test]
fn repeated_object_keys_are_read_with_a_warning() {
    let tf = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n  tags = { port = 80, port = 81 }\n}\n\nlocals {\n  sizes = {\n    min_size = 1\n    max_size = 3\n    min_size = 2\n  }\n}\n";
    let (_dir, scan) = hostile(&[("dup/main.tf", tf.as_bytes())]);
    assert_eq!(finding_lines(&scan, "AWS-S3-002", "dup/main.tf"), [1]);
    let found: Vec<(DiagLevel, Option<usize>, &str)> =
        diagnostics(&scan, "dup/main.tf").iter().map(|d| (d.level, d.line, d.message.as_str())).collect();
    assert_eq!(
        found,
        [
            (DiagLevel::Warning, Some(3), "key `port` is repeated in this object; the last one is used"),
            (DiagLevel::Warning, Some(10), "key `min_size` is repeated in this object; the last one is used"),
        ]
    );
    let bucket = scan.project.resources.iter().find(|r| r.address == "aws_s3_bucket.b").unwrap();
    let port = bucket.attrs.get("tags").and_then(|t| t.get("port")).map(|v| format!("{:?}", v.kind));
    assert!(port.as_deref().is_some_and(|p| p.contains("81")), "{port:?}");
}

/// The findings of `rule` on `file_suffix`, each with the instances it covers.
fn finding_instances(scan: &Scan, rule: &str, file_suffix: &str) -> Vec<Vec<String>> {
    scan.findings
        .iter()
        .filter(|f| f.rule_id == rule && scan.project.files[f.file].display.ends_with(file_suffix))
        .map(|f| f.resources.iter().map(|r| r.address.clone()).collect())
        .collect()
}

/// The resources whose verdict on `rule` is Unknown, with the reasons given.
fn unknown_verdicts<'s>(scan: &'s Scan, rule: &str) -> (usize, Vec<&'s str>) {
    let found: Vec<_> = scan.unknowns.iter().filter(|u| scan.policies[u.policy].id == rule).collect();
    let mut reasons: Vec<&str> = found.iter().map(|u| u.reason.as_str()).collect();
    reasons.sort_unstable();
    reasons.dedup();
    (found.len(), reasons)
}

/// Seven lines, ten thousand buckets and ten thousand versioning resources each naming its bucket by
/// index: a graph with one edge per instance of the target held 10^8 edges. Each index now links its
/// one instance, so the bucket left without versioning is the one finding.
#[test]
fn indexed_references_to_ten_thousand_instances_stay_linear() {
    let tf = r#"resource "aws_s3_bucket" "b" {
  count = 10000
}
resource "aws_s3_bucket_versioning" "v" {
  count  = 9999
  bucket = aws_s3_bucket.b[count.index].id
  versioning_configuration { status = "Enabled" }
}
"#;
    let started = Instant::now();
    let (_dir, scan) = hostile(&[("indexed/main.tf", tf.as_bytes())]);
    assert!(started.elapsed() < Duration::from_secs(30), "{:?}", started.elapsed());
    assert_eq!(diagnostics(&scan, "indexed/main.tf"), Vec::<&Diagnostic>::new());
    assert_eq!(finding_instances(&scan, "AWS-S3-002", "indexed/main.tf"), [["aws_s3_bucket.b[9999]"]]);
    assert_eq!(unknown_verdicts(&scan, "AWS-S3-002").0, 0);
}

const WHOLE: &str = r#"resource "aws_s3_bucket" "b" {
  count = 10000
}
resource "aws_s3_bucket_versioning" "v" {
  count  = 10000
  bucket = aws_s3_bucket.b.id
  versioning_configuration { status = "Enabled" }
}
"#;

/// A scan past the graph's budget: one warning at the first reference that is not followed, no
/// finding of `AWS-S3-002` on `file`, and its ten thousand verdicts Unknown for that reason.
fn assert_walk_stopped(file: &str, files: &[(&str, &[u8])], line: usize, what: &str) {
    let started = Instant::now();
    let (_dir, scan) = hostile(files);
    assert!(started.elapsed() < Duration::from_secs(30), "{:?}", started.elapsed());
    let budget = "the resource graph would have more than 4194304 edges";
    let found: Vec<String> = diagnostics(&scan, file).iter().map(ToString::to_string).collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains(&format!("{file}:{line}:")) && found[0].contains(what), "{found:?}");
    assert_diagnostic(&scan, file, DiagLevel::Warning, Some(line), budget);
    assert_eq!(finding_lines(&scan, "AWS-S3-002", file), Vec::<usize>::new());
    let (count, reasons) = unknown_verdicts(&scan, "AWS-S3-002");
    assert_eq!(count, 10_000);
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(reasons[0].contains(what) && reasons[0].ends_with(budget), "{reasons:?}");
}

/// References that name every instance of a counted bucket (`aws_s3_bucket.b.id`): 10^8 pairs to
/// walk. The graph stays linear, the walk stops at its budget, and the verdicts that needed it are
/// Unknown, not passes.
#[test]
fn references_to_every_instance_stop_at_the_graph_budget() {
    let what = "10000 references to aws_s3_bucket.b (10000 instances)";
    assert_walk_stopped("whole/main.tf", &[("whole/main.tf", WHOLE.as_bytes())], 6, what);
}

/// Ten thousand buckets that share one literal name, and ten thousand versioning resources that
/// name it: the buckets and the versioning resources all link one group per name.
#[test]
fn buckets_sharing_a_literal_name_stop_at_the_graph_budget() {
    let named = WHOLE
        .replace("  count = 10000\n", "  count  = 10000\n  bucket = \"logs\"\n")
        .replace("aws_s3_bucket.b.id", "\"logs\"");
    let what = "20000 references to the buckets named \"logs\" (10000 instances)";
    assert_walk_stopped("named/main.tf", &[("named/main.tf", named.as_bytes())], 3, what);
}
