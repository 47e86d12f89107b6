//! The GitHub composite action: `action.yml` checked structurally with Palisade's own YAML parser,
//! and `scripts/action-run.sh` run with a fake GitHub environment against a fixture.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::format_push_string)]

mod support;
use support::git;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use palisade::source::SourceFile;
use palisade::value::{Kind, Value};

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
        "strict",
        "extra-args",
        "terraform-init",
        "suggestions",
        "github-token",
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
    run_action_in(root(), extra_env)
}

/// The scan step as the runner starts it, in `cwd` (the workspace).
fn run_action_in(cwd: &Path, extra_env: &[(&str, &str)]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let (outputs, summary, sarif) =
        (dir.path().join("output"), dir.path().join("summary"), dir.path().join("p.sarif"));
    std::fs::write(&summary, "earlier step\n").unwrap();
    let mut cmd = Command::new("bash");
    cmd.arg(root().join("scripts/action-run.sh"))
        .current_dir(cwd)
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
        .env_remove("INPUT_DIFF_BASE")
        .env_remove("INPUT_STRICT")
        .env_remove("GITHUB_TOKEN");
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
        "::error file=testdata/cli/formats/main.tf,line=16,endLine=16,col=20,title=AWS-EC2-001%3A Security group allows SSH from the internet::security group allows SSH (port 22) from the internet (aws_security_group.ssh) [high]\n\
         ::notice file=testdata/cli/formats/main.tf,line=1,endLine=1,col=1,title=AWS-S3-002%3A S3 bucket has no versioning::S3 bucket has no versioning (aws_s3_bucket.logs) [low]\n"
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

/// `terraform-init` runs `terraform get` (modules only) in each directory with a `module` block, and
/// only when asked; without terraform it warns and scans anyway.
#[test]
fn terraform_init_downloads_modules_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(tree.join("app/.terraform/modules/x")).unwrap();
    std::fs::create_dir_all(tree.join("plain")).unwrap();
    std::fs::write(tree.join("app/main.tf"), "module \"vpc\" {\n  source = \"acme/vpc/aws\"\n}\n").unwrap();
    std::fs::write(
        tree.join("app/.terraform/modules/x/main.tf"),
        "module \"y\" {\n  source = \"a/b/c\"\n}\n",
    )
    .unwrap();
    std::fs::write(tree.join("plain/main.tf"), "resource \"aws_s3_bucket\" \"b\" {}\n").unwrap();
    let log = dir.path().join("terraform.log");
    let fake = dir.path().join("terraform");
    std::fs::write(&fake, format!("#!/usr/bin/env bash\necho \"$*\" >> '{}'\n", log.display())).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = tree.to_str().unwrap();
    let fake = fake.to_str().unwrap();
    let run = run_action(&[("INPUT_PATH", path), ("TERRAFORM", fake)]);
    assert!(!log.exists(), "off by default");
    assert_eq!(run.code, 1);

    let run = run_action(&[("INPUT_PATH", path), ("TERRAFORM", fake), ("INPUT_TERRAFORM_INIT", "true")]);
    assert_eq!(std::fs::read_to_string(&log).unwrap(), format!("-chdir={path}/app get -no-color\n"));
    assert_eq!(run.code, 1);

    let missing = dir.path().join("no-terraform-here");
    let missing = missing.to_str().unwrap();
    let run = run_action(&[("INPUT_PATH", path), ("TERRAFORM", missing), ("INPUT_TERRAFORM_INIT", "true")]);
    assert!(run.stdout.contains("::warning::terraform-init: terraform is not installed"), "{}", run.stdout);
    assert_eq!(run.code, 1);
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

fn step<'a>(steps: &'a [Value], name: &str) -> &'a Value {
    steps.iter().find(|s| text(s.get("name")) == name || text(s.get("id")) == name).unwrap()
}

/// The cache holds the installed binary only, under a key computed in a step: `hashFiles()` sees
/// nothing outside the workspace, and the build is skipped on a hit.
#[test]
fn the_cache_holds_the_binary_under_a_computed_key() {
    let (source, doc) = action();
    let code = source.lines().filter(|l| !l.trim_start().starts_with('#'));
    assert!(!code.into_iter().any(|l| l.contains("hashFiles")), "hashFiles() cannot see the action's files");
    let steps = doc.get("runs").and_then(|r| r.get("steps")).and_then(Value::as_list).unwrap();
    let key = step(steps, "build-key");
    assert_eq!(text(key.get("run")), r#""$GITHUB_ACTION_PATH/scripts/action-key.sh""#);
    assert_eq!(text(key.get("env").and_then(|e| e.get("ACTION_REF"))), "${{ github.action_ref }}");
    let cache = step(steps, "cache");
    assert_eq!(text(cache.get("uses")), "actions/cache@v4");
    let with = cache.get("with").unwrap();
    assert_eq!(text(with.get("path")), "${{ runner.temp }}/palisade-bin");
    assert_eq!(
        text(with.get("key")),
        "palisade-${{ runner.os }}-${{ runner.arch }}-${{ steps.build-key.outputs.hash }}"
    );
    let build = step(steps, "Build Palisade");
    assert_eq!(text(build.get("if")), "steps.cache.outputs.cache-hit != 'true'");
    assert!(text(build.get("run")).contains(r#"--root "$PALISADE_BIN""#));
    let scan = step(steps, "scan");
    assert_eq!(
        text(scan.get("env").and_then(|e| e.get("PALISADE"))),
        "${{ runner.temp }}/palisade-bin/bin/palisade"
    );
}

fn action_key(action_path: &Path, action_ref: &str) -> String {
    let out = Command::new("bash")
        .arg(root().join("scripts/action-key.sh"))
        .env("GITHUB_ACTION_PATH", action_path)
        .env("ACTION_REF", action_ref)
        .env_remove("GITHUB_OUTPUT")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn the_cache_key_is_the_commit_or_a_hash_of_the_sources() {
    let dir = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    for (rel, text) in [
        ("Cargo.toml", "[package]\n"),
        ("Cargo.lock", "# lock\n"),
        ("src/main.rs", "fn main() {}\n"),
        ("policies/s3.yml", "id: X\n"),
    ] {
        write(rel, text);
    }
    let sha = "0123456789abcdef0123456789abcdef01234567";
    assert_eq!(action_key(dir.path(), sha), sha);
    let branch = action_key(dir.path(), "main");
    assert!(regex::Regex::new("^[0-9a-f]{64}$").unwrap().is_match(&branch), "{branch}");
    // `uses: ./` has no ref at all.
    assert_eq!(action_key(dir.path(), ""), branch);
    write("README.md", "not built\n");
    assert_eq!(action_key(dir.path(), "main"), branch);
    for (rel, text) in
        [("src/main.rs", "fn main() { }\n"), ("policies/s3.yml", "id: Y\n"), ("Cargo.lock", "#\n")]
    {
        let before = action_key(dir.path(), "main");
        write(rel, text);
        assert_ne!(action_key(dir.path(), "main"), before, "{rel} changed");
    }
    let before = action_key(dir.path(), "main");
    std::fs::rename(dir.path().join("src/main.rs"), dir.path().join("src/lib.rs")).unwrap();
    assert_ne!(action_key(dir.path(), "main"), before, "a rename changes the key");
}

/// `strict` defaults to true: a file Palisade cannot parse fails the step, even with soft-fail.
#[test]
fn unparsable_files_fail_the_action_unless_strict_is_off() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.tf"), "resource \"aws_s3_bucket\" \"b\" {\n").unwrap();
    let path = dir.path().to_str().unwrap();
    let run = run_action(&[("INPUT_PATH", path), ("INPUT_SOFT_FAIL", "true")]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(run.outputs, "sarif-file=SARIF\nfindings=0\nexit-code=2\n");
    assert!(run.stdout.starts_with("::warning file="), "{}", run.stdout);
    let run = run_action(&[("INPUT_PATH", path), ("INPUT_STRICT", "false")]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.outputs, "sarif-file=SARIF\nfindings=0\nexit-code=0\n");
}

/// 12 high and 12 low findings: 10 errors, 9 notices and a notice that counts the other 5.
#[test]
fn annotations_past_githubs_limit_end_with_a_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut tf = String::new();
    for i in 0..12 {
        tf.push_str(&format!("resource \"aws_s3_bucket\" \"b{i:02}\" {{\n  bucket = \"b{i:02}\"\n}}\n"));
        tf.push_str(&format!(
            "resource \"aws_security_group\" \"s{i:02}\" {{\n  ingress {{\n    from_port = 22\n    to_port = 22\n    protocol = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }}\n}}\n"
        ));
    }
    std::fs::write(dir.path().join("main.tf"), tf).unwrap();
    let run = run_action(&[("INPUT_PATH", dir.path().to_str().unwrap())]);
    assert_eq!(run.code, 1);
    assert_eq!(run.outputs, "sarif-file=SARIF\nfindings=24\nexit-code=1\n");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 20, "{}", run.stdout);
    assert!(
        lines[..10].iter().all(|l| l.starts_with("::error ") && l.contains("AWS-EC2-001")),
        "{}",
        run.stdout
    );
    assert!(
        lines[10..19].iter().all(|l| l.starts_with("::notice ") && l.contains("AWS-S3-002")),
        "{}",
        run.stdout
    );
    assert_eq!(
        lines[19],
        "::notice title=palisade::5 more findings not annotated (GitHub shows 10 annotations per level \
         in a step): see the job summary and the SARIF report"
    );
    let sarif: serde_json::Value = serde_json::from_str(&run.sarif).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 24);
}

/// On a pull request the step gates and counts what the change touches, while the SARIF file for
/// upload holds the whole scan: an upload without the base's findings would mark them fixed.
#[test]
fn a_pull_request_gates_on_the_change_and_uploads_the_whole_scan() {
    let dir = tempfile::tempdir().unwrap();
    let bucket =
        |name: &str| format!("resource \"aws_s3_bucket\" \"{name}\" {{\n  bucket = \"{name}\"\n}}\n");
    std::fs::write(dir.path().join("old.tf"), bucket("old")).unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "base"]);
    std::fs::write(dir.path().join("new.tf"), bucket("new")).unwrap();
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "pull request"]);
    let env = [("INPUT_PATH", "."), ("INPUT_DIFF_BASE", "main~1"), ("INPUT_EXTRA_ARGS", "--only AWS-S3-002")];
    let run = run_action_in(dir.path(), &env);
    assert_eq!(run.code, 1);
    assert_eq!(run.outputs, "sarif-file=SARIF\nfindings=1\nexit-code=1\n");
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(run.stdout.starts_with("::notice file=new.tf,line=1,"), "{}", run.stdout);
    assert!(run.summary.contains("**1 new finding**"), "{}", run.summary);
    let sarif: serde_json::Value = serde_json::from_str(&run.sarif).unwrap();
    let states: Vec<(&str, &str)> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap(),
                r["baselineState"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(states, [("new.tf", "new"), ("old.tf", "unchanged")]);
}

/// The workflow in docs/github-action.md: no permission by default, read and security-events write
/// for the job, the action pinned by commit SHA, and an upload that is skipped on a fork's pull
/// request (read-only token) and after a failed gate still runs.
#[test]
fn the_documented_workflow_is_least_privilege_pinned_and_fork_safe() {
    let doc = std::fs::read_to_string(root().join("docs/github-action.md")).unwrap();
    let start = doc.find("## Workflow\n\n```yaml\n").unwrap() + "## Workflow\n\n```yaml\n".len();
    let yaml = &doc[start..start + doc[start..].find("```").unwrap()];
    let file = SourceFile::new("workflow.yml".into(), "workflow.yml".into(), yaml.to_string());
    let workflow = palisade::parse::yaml::parse(&file).unwrap();
    let Some(Kind::Map(top)) = workflow.get("permissions").map(|v| &v.kind) else { panic!("permissions") };
    assert_eq!(top.iter().count(), 0, "no permission by default");
    let job = workflow.get("jobs").and_then(|j| j.get("scan")).unwrap();
    let Some(Kind::Map(permissions)) = job.get("permissions").map(|v| &v.kind) else { panic!("job") };
    let granted: Vec<(String, String)> =
        permissions.iter().map(|(k, v)| (k.name.clone(), text(Some(v)))).collect();
    assert_eq!(
        granted,
        [
            ("contents".to_string(), "read".to_string()),
            ("security-events".to_string(), "write".to_string()),
            ("actions".to_string(), "read".to_string()),
        ]
    );
    let steps = job.get("steps").and_then(Value::as_list).unwrap();
    let checkout = &steps[0];
    assert_eq!(text(checkout.get("with").and_then(|w| w.get("persist-credentials"))), "false");
    let scan = step(steps, "palisade");
    assert_eq!(text(scan.get("uses")), "palisade-iac/palisade@<full-commit-sha>");
    assert!(scan.get("continue-on-error").is_none(), "the scan step is the gate");
    assert!(!doc.contains("palisade@v1"), "no tag exists to pin");
    let upload = step(steps, "Upload to code scanning");
    let condition = text(upload.get("if"));
    for part in [
        "!cancelled()",
        "github.event_name != 'pull_request'",
        "github.event.pull_request.head.repo.full_name == github.repository",
    ] {
        assert!(condition.contains(part), "{part} missing from {condition}");
    }
    assert_eq!(
        text(upload.get("with").and_then(|w| w.get("sarif_file"))),
        "${{ steps.palisade.outputs.sarif-file }}"
    );
}

/// Only the suggestions step holds a token, and only when asked on a pull request: the scan, the
/// gate and the annotations work the same with a fork's read-only one.
#[test]
fn only_the_suggestions_step_holds_a_token() {
    for path in ["scripts/action-run.sh", "scripts/action-key.sh"] {
        let source = std::fs::read_to_string(root().join(path)).unwrap();
        for token in ["GITHUB_TOKEN", "GH_TOKEN", "github.token", "secrets."] {
            assert!(!source.contains(token), "{path} mentions {token}");
        }
    }
    let (source, doc) = action();
    assert!(!source.contains("secrets."));
    let inputs = doc.get("inputs").unwrap();
    assert_eq!(text(inputs.get("suggestions").and_then(|i| i.get("default"))), "false");
    assert_eq!(text(inputs.get("github-token").and_then(|i| i.get("default"))), "${{ github.token }}");
    let steps = doc.get("runs").and_then(|r| r.get("steps")).and_then(Value::as_list).unwrap();
    let holding: Vec<String> = steps
        .iter()
        .filter(|s| {
            s.get("env").is_some_and(|env| {
                let Kind::Map(vars) = &env.kind else { return false };
                vars.iter().any(|(_, v)| text(Some(v)).contains("token"))
            })
        })
        .map(|s| text(s.get("name")))
        .collect();
    assert_eq!(holding, ["Suggest fixes"]);
    let suggest = step(steps, "Suggest fixes");
    assert_eq!(
        text(suggest.get("if")),
        "${{ !cancelled() && inputs.suggestions == 'true' && github.event_name == 'pull_request' && steps.scan.outputs.exit-code != '' }}"
    );
    assert_eq!(text(suggest.get("run")), r#""$GITHUB_ACTION_PATH/scripts/action-suggest.sh""#);
    let env = suggest.get("env").unwrap();
    assert_eq!(text(env.get("GH_TOKEN")), "${{ inputs.github-token }}");
    assert_eq!(text(env.get("PR_HEAD_REPO")), "${{ github.event.pull_request.head.repo.full_name }}");
    assert_eq!(text(env.get("PR_BASE_REPO")), "${{ github.event.pull_request.base.repo.full_name }}");
    let scan = step(steps, "scan");
    assert_eq!(
        text(env.get("INPUT_DIFF_BASE")),
        text(scan.get("env").and_then(|e| e.get("INPUT_DIFF_BASE")))
    );
}
