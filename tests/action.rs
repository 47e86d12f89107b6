//! The GitHub composite action: `action.yml` checked structurally with Palisade's own YAML parser,
//! and `scripts/action-run.sh` run with a fake GitHub environment against a fixture.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use palisade::eval::value::{Kind, Value};
use palisade::source::SourceFile;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn action() -> (String, Value) {
    let text = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let file = SourceFile::new("action.yml".into(), "action.yml".into(), text.clone());
    (text, palisade::parse::yaml::parse(&file).unwrap())
}

fn text(v: Option<&Value>) -> String {
    v.and_then(Value::scalar_text).unwrap_or_default()
}

#[test]
fn action_yml_is_a_well_formed_composite_action() {
    let (source, doc) = action();
    assert_eq!(text(doc.get("name")), "Palisade");
    assert!(!text(doc.get("description")).is_empty());
    let runs = doc.get("runs").unwrap();
    assert_eq!(text(runs.get("using")), "composite");
    let steps = runs.get("steps").and_then(Value::as_list).unwrap();
    assert!(!steps.is_empty());
    for step in steps {
        if let Some(run) = step.get("run") {
            assert!(step.get("shell").is_some(), "a `run` step needs `shell`: {step:?}");
            // Inputs reach shell code only through `env:`: interpolating them would let a crafted
            // value inject commands.
            assert!(!text(Some(run)).contains("${{"), "no expressions in `run`: {}", text(Some(run)));
        }
    }
    let Some(Kind::Map(inputs)) = doc.get("inputs").map(|v| &v.kind) else { panic!("inputs") };
    let declared: BTreeSet<String> = inputs.iter().map(|(k, _)| k.name.clone()).collect();
    let expected = [
        "path",
        "config",
        "severity-threshold",
        "format",
        "sarif-file",
        "diff-base",
        "soft-fail",
        "extra-args",
    ];
    assert_eq!(declared, expected.iter().map(ToString::to_string).collect());
    let re = regex::Regex::new(r"inputs\.([A-Za-z0-9_-]+)").unwrap();
    for m in re.captures_iter(&source) {
        assert!(declared.contains(&m[1]), "`inputs.{}` is not declared", &m[1]);
    }
    let Some(Kind::Map(outputs)) = doc.get("outputs").map(|v| &v.kind) else { panic!("outputs") };
    let names: Vec<&str> = outputs.iter().map(|(k, _)| k.name.as_str()).collect();
    assert_eq!(names, ["sarif-file", "findings", "exit-code"]);
    let scan = steps.iter().find(|s| text(s.get("id")) == "scan").unwrap();
    let env = scan.get("env").unwrap();
    assert!(text(env.get("INPUT_DIFF_BASE")).contains("format('origin/{0}', github.base_ref)"));
}

struct Run {
    code: i32,
    stdout: String,
    outputs: String,
    summary: String,
    sarif: String,
}

fn run_action(extra_env: &[(&str, &str)]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let (outputs, summary, sarif) =
        (dir.path().join("output"), dir.path().join("summary"), dir.path().join("p.sarif"));
    std::fs::write(&summary, "earlier step\n").unwrap();
    let mut cmd = Command::new("bash");
    cmd.arg(root().join("scripts/action-run.sh"))
        .current_dir(root())
        .env("PALISADE", env!("CARGO_BIN_EXE_palisade"))
        .env("GITHUB_OUTPUT", &outputs)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("RUNNER_TEMP", dir.path())
        .env("GITHUB_REPOSITORY", "octo/infra")
        .env("GITHUB_SHA", "0123abc")
        .env("GITHUB_SERVER_URL", "https://github.com")
        .env("PALISADE_TODAY", "2026-01-15")
        .env("INPUT_PATH", "testdata/cli/formats")
        .env("INPUT_SARIF_FILE", &sarif)
        .env("INPUT_FORMAT", "none")
        .env("INPUT_EXTRA_ARGS", "--only AWS-S3-002,AWS-EC2-001")
        .env_remove("INPUT_DIFF_BASE");
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        outputs: std::fs::read_to_string(outputs)
            .unwrap_or_default()
            .replace(&sarif.display().to_string(), "SARIF"),
        summary: std::fs::read_to_string(summary).unwrap(),
        sarif: std::fs::read_to_string(sarif).unwrap_or_default(),
    }
}

#[test]
fn script_writes_outputs_summary_sarif_and_annotations() {
    let run = run_action(&[]);
    assert_eq!(run.code, 1);
    assert_eq!(run.outputs, "sarif-file=SARIF\nfindings=2\nexit-code=1\n");
    assert_eq!(
        run.stdout,
        "::error file=testdata/cli/formats/main.tf,line=16,endLine=16,col=20,title=AWS-EC2-001%3A Security group allows SSH from the internet::security group allows ssh (port 22) from the internet (aws_security_group.ssh) [high]\n\
         ::notice file=testdata/cli/formats/main.tf,line=1,endLine=1,col=1,title=AWS-S3-002%3A S3 bucket has no versioning::s3 bucket has no versioning (aws_s3_bucket.logs) [low]\n"
    );
    // Appended, not overwritten, with links to the commit.
    assert!(
        run.summary.starts_with("earlier step\n## Palisade\n\n**2 new findings**, 1 suppressed;"),
        "{}",
        run.summary
    );
    assert!(run.summary.contains(
        "[`testdata/cli/formats/main.tf#L16`](https://github.com/octo/infra/blob/0123abc/testdata/cli/formats/main.tf#L16)"
    ));
    let sarif: serde_json::Value = serde_json::from_str(&run.sarif).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
}

#[test]
fn soft_fail_and_threshold() {
    let run = run_action(&[("INPUT_SOFT_FAIL", "true")]);
    assert_eq!(run.code, 0);
    assert_eq!(run.outputs, "sarif-file=SARIF\nfindings=2\nexit-code=1\n");

    let run = run_action(&[("INPUT_SEVERITY_THRESHOLD", "critical")]);
    assert_eq!(run.code, 0);
    assert_eq!(run.outputs, "sarif-file=SARIF\nfindings=2\nexit-code=0\n");

    // A usage error is never softened.
    let run = run_action(&[("INPUT_SOFT_FAIL", "true"), ("INPUT_SEVERITY_THRESHOLD", "urgent")]);
    assert_eq!(run.code, 2);
    assert!(run.outputs.ends_with("exit-code=2\n"));
}

/// The `findings` output counts open findings from the JSON report: a logical id that holds
/// `title=palisade::`, the mark of a diagnostic's annotation, or a newline, is still one finding.
#[test]
fn findings_count_is_not_fooled_by_scanned_text() {
    let dir = tempfile::tempdir().unwrap();
    let template = r#"{"Resources": {
  "Logs": {"Type": "AWS::S3::Bucket"},
  "Logs title=palisade::x": {"Type": "AWS::S3::Bucket"},
  "Logs\n::warning title=palisade::y": {"Type": "AWS::S3::Bucket"}
}}
"#;
    std::fs::write(dir.path().join("cfn.json"), template).unwrap();
    let path = dir.path().to_str().unwrap();
    let run = run_action(&[("INPUT_PATH", path)]);
    assert_eq!(run.code, 1);
    assert_eq!(run.outputs, "sarif-file=SARIF\nfindings=3\nexit-code=1\n");
    let annotations: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(annotations.len(), 3, "{}", run.stdout);
    assert!(annotations.iter().all(|l| l.starts_with("::notice file=")), "{}", run.stdout);
    assert!(annotations[2].ends_with(r"(Logs\n::warning title=palisade::y) [low]"), "{}", run.stdout);
}
