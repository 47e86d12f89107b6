//! AWS CDK output: `cdk.out/`, usually git-ignored, is scanned when named on the command line; its
//! templates are CloudFormation, its manifests are not, and every finding names the construct path.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use palisade::app::{self, Scan, ScanOptions};
use palisade::report::RenderOptions;

const RULES: [&str; 2] = ["AWS-EC2-001", "AWS-S3-002"];

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/projects/cdk-out")
}

/// A CDK application's repository: `cdk.out` ignored, as `cdk init` writes `.gitignore`.
fn repository() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("app");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join("cdk.out")).unwrap();
    std::fs::write(repo.join(".gitignore"), "*.js\n!jest.config.js\n*.d.ts\nnode_modules\n\n# CDK asset staging directory\n.cdk.staging\ncdk.out\n").unwrap();
    for entry in std::fs::read_dir(fixture()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), repo.join("cdk.out").join(entry.file_name())).unwrap();
    }
    (dir, repo)
}

fn scan(path: &Path) -> Scan {
    let only = RULES.iter().map(ToString::to_string).collect();
    app::scan(&ScanOptions { paths: vec![path.to_path_buf()], only, ..ScanOptions::default() }).unwrap()
}

/// `(rule, file relative to `root`, line, address, construct)`.
fn rows(scan: &Scan, root: &Path) -> Vec<(String, String, usize, String, Option<String>)> {
    scan.findings
        .iter()
        .map(|f| {
            let file = &scan.project.files[f.file];
            let rel = file.path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            let r = &f.resources[0];
            (
                f.rule_id.clone(),
                rel,
                file.line_col(f.span.start as usize).line,
                r.address.clone(),
                r.construct.clone(),
            )
        })
        .collect()
}

#[test]
fn an_ignored_cdk_out_named_on_the_command_line_is_scanned() {
    let (_dir, repo) = repository();
    // The repository scanned as a whole leaves out what git ignores.
    assert!(scan(&repo).findings.is_empty());
    let scan = scan(&repo.join("cdk.out"));
    let construct = |path: &str| Some(path.to_string());
    assert_eq!(
        rows(&scan, &repo),
        vec![
            (
                "AWS-S3-002".into(),
                "cdk.out/AppStack.template.json".into(),
                3,
                "LogsBucket9C4D8843".into(),
                construct("AppStack/Logs/Resource")
            ),
            (
                "AWS-EC2-001".into(),
                "cdk.out/AppStack.template.json".into(),
                35,
                "BastionSecurityGroupF3A4C1A2".into(),
                construct("AppStack/Bastion/SecurityGroup/Resource")
            ),
            // A nested stack: the CDK names the file of its template in the stack's metadata.
            (
                "AWS-S3-002".into(),
                "cdk.out/AppStackStorage1A2B3C4D.nested.template.json".into(),
                3,
                "StorageNestedStackStorageNestedStackResource1A2B3C4D/ArchiveBucketE1F2A3B4".into(),
                construct("AppStack/Storage/Archive/Resource")
            ),
        ]
    );
    let related = &scan.findings[2].related;
    assert_eq!(related.len(), 1);
    let parent = &scan.project.files[related[0].file];
    assert!(parent.path.ends_with("cdk.out/AppStack.template.json"));
    assert_eq!(parent.line_col(related[0].span.start as usize).line, 50);
    assert_eq!(
        scan.findings[0].message,
        "S3 bucket has no versioning in construct \"AppStack/Logs/Resource\""
    );
    // manifest.json, tree.json and AppStack.assets.json are not templates, and not errors.
    assert!(scan.project.diagnostics.is_empty(), "{:?}", scan.project.diagnostics);
    assert_eq!(scan.project.files.len(), 2);

    let json: serde_json::Value = serde_json::from_str(&palisade::report::json::render(&scan)).unwrap();
    assert_eq!(json["findings"][0]["resources"][0]["construct"], "AppStack/Logs/Resource");
    let sarif: serde_json::Value =
        serde_json::from_str(&palisade::report::sarif::render(&scan, &RenderOptions::default())).unwrap();
    let logical = &sarif["runs"][0]["results"][0]["locations"][0]["logicalLocations"][0];
    assert_eq!(logical["name"], "AppStack/Logs/Resource");
    assert_eq!(logical["fullyQualifiedName"], "LogsBucket9C4D8843");
}

#[test]
fn a_construct_path_is_escaped_like_every_scanned_value() {
    let dir = tempfile::tempdir().unwrap();
    let template = r#"{"Resources": {"B": {"Type": "AWS::S3::Bucket",
  "Metadata": {"aws:cdk:path": "App/\u001b[2J\n::error::x/Resource"}}}}"#;
    std::fs::write(dir.path().join("App.template.json"), template).unwrap();
    let scan = scan(dir.path());
    assert_eq!(scan.findings.len(), 1);
    let message = &scan.findings[0].message;
    assert!(message.ends_with(r#"in construct "App/\u{1b}[2J\n::error::x/Resource""#), "{message}");
    let sarif = palisade::report::sarif::render(&scan, &RenderOptions::default());
    assert!(!sarif.contains('\u{1b}') && !sarif.contains("\\u001b"), "{sarif}");
    let text = palisade::report::text::render(&scan, &RenderOptions::default());
    assert!(!text.contains('\u{1b}') && !text.contains("\n::error::"), "{text}");
}
