//! CloudFormation nested stacks end to end: a local `TemplateURL` (or SAM `Location`) is evaluated with
//! the parameters its parent passes, addressed `Stack/Child`, and reported in the child's file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use palisade::app::{self, Scan, ScanOptions};
use palisade::diag::DiagLevel;

fn project(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/projects").join(name)
}

fn scan(path: &Path, rules: &[&str]) -> Scan {
    let only = rules.iter().map(ToString::to_string).collect();
    app::scan(&ScanOptions { paths: vec![path.to_path_buf()], only, ..ScanOptions::default() }).unwrap()
}

/// `(rule, file relative to `root`, line, [addresses], [related file:line])`, in report order.
type Row = (String, String, usize, Vec<String>, Vec<String>);

fn rows(scan: &Scan, root: &Path) -> Vec<Row> {
    let place = |file: usize, span: palisade::source::Span| {
        let file = &scan.project.files[file];
        let rel = file.path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
        (rel, file.line_col(span.start as usize).line)
    };
    scan.findings
        .iter()
        .map(|f| {
            let (file, line) = place(f.file, f.span);
            let related = f.related.iter().map(|l| place(l.file, l.span)).map(|(f, l)| format!("{f}:{l}"));
            (
                f.rule_id.clone(),
                file,
                line,
                f.resources.iter().map(|r| r.address.clone()).collect(),
                related.collect(),
            )
        })
        .collect()
}

fn row(rule: &str, file: &str, line: usize, addresses: &[&str], related: &[&str]) -> Row {
    let strings = |items: &[&str]| items.iter().map(ToString::to_string).collect();
    (rule.into(), file.into(), line, strings(addresses), strings(related))
}

const RULES: [&str; 4] = ["AWS-EC2-001", "AWS-EC2-002", "AWS-EC2-004", "AWS-S3-002"];

#[test]
fn a_nested_stack_is_evaluated_with_the_parameters_its_parent_passes() {
    let root = project("cfn-nested");
    let scan = scan(&root, &RULES);
    // SshCidr: the parent passes 0.0.0.0/0 over the default 10.0.0.0/8. RdpCidr: the parent passes a
    // private range over the default 0.0.0.0/0. DbCidr: the parent passes an import, which is
    // Unknown. The child templates, scanned too, are not reported again with their defaults.
    assert_eq!(
        rows(&scan, &root),
        vec![
            row("AWS-EC2-001", "stacks/network.yaml", 21, &["Network/BastionSg"], &["parent.yaml:4"]),
            row("AWS-S3-002", "stacks/storage.yaml", 4, &["Storage/Bucket"], &["parent.yaml:12"]),
        ]
    );
    let unknown = scan
        .unknowns
        .iter()
        .find(|u| scan.policies[u.policy].id == "AWS-EC2-004")
        .expect("the database port's source is unknown");
    assert_eq!(scan.project.resources[unknown.resource].address, "Network/DbSg");
    assert!(unknown.reason.contains("parameter DbCidr is passed an unknown value"), "{}", unknown.reason);
    assert!(scan.project.diagnostics.is_empty(), "{:?}", scan.project.diagnostics);
    // Not assumed: a parameter the parent passes is the deployed value.
    assert!(scan.findings.iter().all(|f| f.assumed_parameters.is_empty()));
}

#[test]
fn a_child_template_scanned_without_its_parent_takes_its_defaults() {
    let root = project("cfn-nested");
    let scan = scan(&root.join("stacks"), &RULES);
    assert_eq!(
        rows(&scan, &root),
        vec![
            row("AWS-EC2-002", "stacks/network.yaml", 25, &["BastionSg"], &[]),
            row("AWS-EC2-004", "stacks/network.yaml", 34, &["DbSg"], &[]),
            row("AWS-S3-002", "stacks/storage.yaml", 4, &["Bucket"], &[]),
        ]
    );
    assert_eq!(scan.findings[0].assumed_parameters, ["RdpCidr = \"0.0.0.0/0\""]);
}

#[test]
fn templates_that_include_each_other_are_evaluated_once_with_a_diagnostic() {
    let root = project("cfn-nested-cycle");
    let scan = scan(&root, &["AWS-S3-002"]);
    // a.yaml comes first in path order and is the root; b.yaml is its nested stack, and b's
    // stack of a.yaml closes the cycle.
    assert_eq!(
        rows(&scan, &root),
        vec![
            row("AWS-S3-002", "a.yaml", 3, &["Logs"], &[]),
            row("AWS-S3-002", "b.yaml", 3, &["Child/Data"], &["a.yaml:5"]),
        ]
    );
    let diagnostics: Vec<_> = scan
        .project
        .diagnostics
        .iter()
        .map(|d| (d.level, d.file.rsplit('/').next().unwrap().to_string(), d.line))
        .collect();
    assert_eq!(diagnostics, [(DiagLevel::Warning, "b.yaml".to_string(), Some(8))]);
    assert!(
        scan.project.diagnostics[0].message.contains("include each other"),
        "{:?}",
        scan.project.diagnostics
    );
}

#[test]
fn a_nested_template_outside_the_repository_root_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    let bucket = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Open:\n    Type: AWS::S3::Bucket\n";
    std::fs::write(dir.path().join("outside.yaml"), bucket).unwrap();
    let parent = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Out:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ../outside.yaml\n  Missing:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: nowhere.yaml\n";
    std::fs::write(repo.join("parent.yaml"), parent).unwrap();
    let scan = scan(&repo, &["AWS-S3-002"]);
    assert!(scan.findings.is_empty(), "{:?}", scan.findings);
    let diagnostics: Vec<_> = scan.project.diagnostics.iter().map(|d| (d.level, d.line)).collect();
    assert_eq!(diagnostics, [(DiagLevel::Error, Some(6)), (DiagLevel::Warning, Some(10))]);
    assert!(scan.project.diagnostics[0].message.contains("outside the repository root"));
    assert!(scan.project.diagnostics[1].message.contains("not found"));
}

/// A template with a bucket and `stacks` nested stacks of `child` (none when `None`).
fn nesting(child: Option<&str>, stacks: usize) -> String {
    let mut text =
        "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Data:\n    Type: AWS::S3::Bucket\n"
            .to_string();
    for i in 0..stacks {
        if let Some(child) = child {
            let _ = write!(
                text,
                "  S{i}:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: {child}\n"
            );
        }
    }
    text
}

#[test]
fn nesting_stops_past_eight_levels_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    for level in 0..10 {
        let child = format!("t{:02}.yaml", level + 1);
        let text = nesting((level < 9).then_some(child.as_str()), 1);
        std::fs::write(dir.path().join(format!("t{level:02}.yaml")), text).unwrap();
    }
    let scan = scan(dir.path(), &["AWS-S3-002"]);
    let found: Vec<(String, String)> = scan
        .findings
        .iter()
        .map(|f| {
            let file = scan.project.files[f.file].path.file_name().unwrap().to_string_lossy().into_owned();
            (file, f.resources[0].address.clone())
        })
        .collect();
    // t00 and the 8 levels below it; t09, which the ninth level would include, is not evaluated
    // through it, and so is evaluated on its own.
    let mut expected: Vec<(String, String)> =
        (0..9).map(|level| (format!("t{level:02}.yaml"), format!("{}Data", "S0/".repeat(level)))).collect();
    expected.push(("t09.yaml".to_string(), "Data".to_string()));
    assert_eq!(found, expected);
    let messages: Vec<&str> = scan.project.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, ["nested stack \"S0\": nested more than 8 levels deep; not evaluated"]);
    assert_eq!(scan.project.diagnostics[0].file.rsplit('/').next(), Some("t08.yaml"));
}

#[test]
fn a_fan_out_of_nested_stacks_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), nesting(Some("b.yaml"), 12)).unwrap();
    std::fs::write(dir.path().join("b.yaml"), nesting(Some("c.yaml"), 12)).unwrap();
    std::fs::write(dir.path().join("c.yaml"), nesting(Some("d.yaml"), 12)).unwrap();
    std::fs::write(dir.path().join("d.yaml"), nesting(None, 0)).unwrap();
    let scan = scan(dir.path(), &["AWS-S3-002"]);
    // 12 + 144 + 1,728 stacks would be evaluated; the first 1,000 are.
    let instances: usize = scan.findings.iter().map(|f| f.resources.len()).sum();
    assert_eq!(instances, 1 + 1_000);
    let errors: Vec<_> = scan.project.diagnostics.iter().filter(|d| d.level == DiagLevel::Error).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].message.contains("more than 1000 nested stacks"), "{errors:?}");
}

#[test]
fn reports_call_the_parent_stack_a_nested_stack() {
    let root = project("cfn-nested");
    let scan = scan(&root, &["AWS-EC2-001"]);
    let options = palisade::report::RenderOptions::default();
    let sarif: serde_json::Value =
        serde_json::from_str(&palisade::report::sarif::render(&scan, &options)).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["relatedLocations"][0]["message"]["text"], "nested stack");
    assert_eq!(result["relatedLocations"][0]["physicalLocation"]["region"]["startLine"], 4);
    // Qualified by the template the scan started from, as a module instance is by its root module.
    let name = &result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"];
    assert_eq!(name, "testdata/projects/cfn-nested/parent.yaml:Network/BastionSg");
    let text = palisade::report::text::render(&scan, &options);
    assert!(text.contains("note: in nested stack at "), "{text}");
}

#[cfg(unix)]
#[test]
fn a_nested_template_that_is_not_a_regular_file_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("child.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    std::fs::write(dir.path().join("parent.yaml"), nesting(Some("child.yaml"), 1)).unwrap();
    // The walk skips the FIFO as a scanned file; the nested stack names it, and it is refused.
    let scan = scan(&dir.path().join("parent.yaml"), &["AWS-S3-002"]);
    assert_eq!(scan.findings.len(), 1);
    let diagnostics: Vec<_> = scan.project.diagnostics.iter().map(|d| (d.level, d.line)).collect();
    assert_eq!(diagnostics, [(DiagLevel::Error, Some(8))]);
    assert!(
        scan.project.diagnostics[0].message.contains("not a regular file"),
        "{:?}",
        scan.project.diagnostics
    );
}

#[test]
fn a_suppression_comment_in_the_child_applies_to_its_nested_instances() {
    let dir = tempfile::tempdir().unwrap();
    let root = project("cfn-nested");
    std::fs::create_dir(dir.path().join("stacks")).unwrap();
    for file in ["parent.yaml", "stacks/storage.yaml"] {
        std::fs::copy(root.join(file), dir.path().join(file)).unwrap();
    }
    let child = std::fs::read_to_string(root.join("stacks/network.yaml")).unwrap();
    let child =
        child.replace("  BastionSg:\n", "  # palisade:ignore:AWS-EC2-001 bastion reviewed\n  BastionSg:\n");
    std::fs::write(dir.path().join("stacks/network.yaml"), child).unwrap();
    let scan = scan(dir.path(), &["AWS-EC2-001"]);
    assert_eq!(
        rows(&scan, dir.path()),
        vec![row("AWS-EC2-001", "stacks/network.yaml", 22, &["Network/BastionSg"], &["parent.yaml:4"])]
    );
    let suppression = scan.findings[0].suppression.as_ref().expect("suppressed");
    assert_eq!(suppression.justification.as_deref(), Some("bastion reviewed"));
}
