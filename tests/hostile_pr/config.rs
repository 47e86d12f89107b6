//! The pull request configures its own scanner: `.palisade.yml`, baselines and custom policies that
//! point outside the repository, at devices, through symlinks, or that turn the checks off.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::{CANARY_WORD, Repo};

fn bucket(name: &str) -> String {
    format!("resource \"aws_s3_bucket\" \"{name}\" {{\n  bucket = \"{name}\"\n}}\n")
}

/// A directory beside the repository holding a file full of canaries, and the ways configuration can
/// name it: `../<dir>/<file>` from the repository root, and its absolute path.
struct Outside {
    dir: tempfile::TempDir,
}

impl Outside {
    fn new() -> Self {
        let outside = Outside { dir: tempfile::tempdir().unwrap() };
        let secret = format!("{{\"BucketName\": \"{CANARY_WORD}\", \"version\": \"{CANARY_WORD}\"}}\n");
        std::fs::write(outside.dir.path().join("secret.json"), secret).unwrap();
        std::fs::write(outside.dir.path().join("p.yaml"), format!("id: {CANARY_WORD}\n")).unwrap();
        outside
    }

    fn relative(&self, file: &str) -> String {
        let name = self.dir.path().file_name().unwrap().to_string_lossy();
        format!("../{name}/{file}")
    }

    fn absolute(&self, file: &str) -> String {
        self.dir.path().join(file).to_string_lossy().into_owned()
    }
}

/// Asserts the scan stopped with a usage error that names `path` and leaked no canary.
fn assert_refused(run: &crate::common::Run, path: &str) {
    assert_eq!(run.code(), Some(2), "{}", run.stderr());
    assert!(run.stderr().contains(path), "the error names {path}: {}", run.stderr());
    run.assert_absent(CANARY_WORD);
}

#[test]
fn configuration_cannot_name_files_outside_the_repository() {
    let outside = Outside::new();
    for (key, file) in
        [("cfn_parameters", "secret.json"), ("baseline", "secret.json"), ("var_files", "secret.json")]
    {
        for path in [outside.relative(file), outside.absolute(file)] {
            let repo = Repo::new();
            repo.write("main.tf", bucket("b")).write(".palisade.yml", format!("{key}: {path}\n"));
            let run = repo.scan(&[]);
            assert_refused(&run, &path);
            assert!(run.stderr().contains("outside the repository"), "{}", run.stderr());
        }
    }
    for path in [outside.relative(""), outside.absolute("")] {
        let repo = Repo::new();
        repo.write("main.tf", bucket("b")).write(".palisade.yml", format!("policy_dirs: [\"{path}\"]\n"));
        let run = repo.scan(&[]);
        assert_refused(&run, path.trim_end_matches('/'));
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_inside_the_repository_does_not_lead_outside() {
    let outside = Outside::new();
    let repo = Repo::new();
    repo.write("main.tf", bucket("b")).write(".palisade.yml", "cfn_parameters: conf/params.json\n");
    std::fs::create_dir_all(repo.path("conf")).unwrap();
    // A symlinked directory on the way: resolved, it is outside.
    std::fs::remove_dir(repo.path("conf")).unwrap();
    std::os::unix::fs::symlink(outside.dir.path(), repo.path("conf")).unwrap();
    std::fs::copy(outside.dir.path().join("secret.json"), outside.dir.path().join("params.json")).unwrap();
    let run = repo.scan(&[]);
    assert_refused(&run, "conf/params.json");

    // A symlinked file, even to a file inside the repository, is not read.
    let repo = Repo::new();
    repo.write("main.tf", bucket("b")).write("real.json", "{}\n");
    repo.write(".palisade.yml", "baseline: base.json\n");
    std::os::unix::fs::symlink(repo.path("real.json"), repo.path("base.json")).unwrap();
    let run = repo.scan(&[]);
    assert_eq!(run.code(), Some(2), "{}", run.stderr());
    assert!(run.stderr().contains("base.json: is a symlink"), "{}", run.stderr());
}

#[cfg(unix)]
#[test]
fn a_symlinked_configuration_file_is_not_followed() {
    let outside = Outside::new();
    std::fs::write(outside.dir.path().join("config.yml"), "skip: [AWS-S3-002]\n").unwrap();
    let repo = Repo::new();
    repo.write("main.tf", bucket("b"));
    std::os::unix::fs::symlink(outside.dir.path().join("config.yml"), repo.path(".palisade.yml")).unwrap();
    let run = repo.scan(&[]);
    assert_eq!(run.code(), Some(2), "{}", run.stderr());
    assert!(run.stderr().contains(".palisade.yml: is a symlink"), "{}", run.stderr());
}

#[cfg(unix)]
#[test]
fn a_device_as_parameters_file_fails_fast() {
    let repo = Repo::new();
    repo.write("main.tf", bucket("b")).write(".palisade.yml", "cfn_parameters: /dev/zero\n");
    let started = Instant::now();
    let run = repo.scan(&[]);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_refused(&run, "/dev/zero");

    // Inside the repository, a symlink to the device resolves outside it; a FIFO is not a regular file.
    let repo = Repo::new();
    repo.write("main.tf", bucket("b")).write(".palisade.yml", "cfn_parameters: zero.json\n");
    std::os::unix::fs::symlink("/dev/zero", repo.path("zero.json")).unwrap();
    assert_refused(&repo.scan(&[]), "zero.json");

    let repo = Repo::new();
    repo.write("main.tf", bucket("b")).write(".palisade.yml", "cfn_parameters: fifo.json\n");
    let made = std::process::Command::new("mkfifo").arg(repo.path("fifo.json")).status().unwrap();
    assert!(made.success());
    let started = Instant::now();
    let run = repo.scan(&[]);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_refused(&run, "fifo.json");
    assert!(run.stderr().contains("not a regular file"), "{}", run.stderr());
}

/// A pull request that adds `new.tf` with a bucket without versioning and changes `files` to hide it.
fn gate_with(base: &[(&str, &str)], pr: &[(&str, &str)]) -> crate::common::Run {
    let repo = Repo::new();
    repo.write("old.tf", bucket("old"));
    for (path, text) in base {
        repo.write(path, text);
    }
    repo.commit_base();
    repo.write("new.tf", bucket("new"));
    for (path, text) in pr {
        repo.write(path, text);
    }
    repo.commit_pr();
    repo.scan(&["--diff-base", "base"])
}

/// The gate fails on the new bucket, and every report says first that `changed` was changed.
fn assert_gate_holds(run: &crate::common::Run, changed: &str) {
    assert_eq!(run.code(), Some(1), "{}\n{}", run.stdout(), run.stderr());
    assert!(run.findings().contains(&"AWS-S3-002 new.tf:1".to_string()), "{:?}", run.findings());
    let text = run.stdout();
    let first = text.lines().next().unwrap_or_default();
    assert!(first.starts_with("warning: This pull request changes the scan's configuration"), "{text}");
    assert!(first.contains(changed), "{text}");
    let json: serde_json::Value = serde_json::from_str(run.report("json")).unwrap();
    assert_eq!(json["diagnostics"][0]["file"], changed, "{}", run.report("json"));
    assert_eq!(json["diagnostics"][0]["level"], "warning");
    assert!(
        run.report("markdown").starts_with("## Palisade\n\n> [!WARNING]\n"),
        "{}",
        run.report("markdown")
    );
    assert!(run.report("markdown").contains(&format!("`{changed}`")));
    assert!(run.report("github").contains(&format!("::warning file={changed},")), "{}", run.report("github"));
    let sarif: serde_json::Value = serde_json::from_str(run.report("sarif")).unwrap();
    let notification = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(
        notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], changed,
        "{notification}"
    );
}

#[test]
fn a_pull_request_cannot_turn_its_checks_off() {
    for config in [
        "exclude: [\"**\"]\n",
        "only: [AWS-EC2-001]\n",
        "skip: [AWS-S3-002]\n",
        "severity: {AWS-S3-002: info}\n",
        "severity_threshold: critical\n",
    ] {
        let run = gate_with(&[], &[(".palisade.yml", config)]);
        assert_gate_holds(&run, ".palisade.yml");
        let json: serde_json::Value = serde_json::from_str(run.report("json")).unwrap();
        assert!(json["diagnostics"][0]["message"].as_str().unwrap().contains("adds this file"));
    }
    // Changing a configuration the base has is reported as a change.
    let run =
        gate_with(&[(".palisade.yml", "required_tags: []\n")], &[(".palisade.yml", "exclude: [\"**\"]\n")]);
    assert_gate_holds(&run, ".palisade.yml");
}

#[test]
fn a_pull_request_cannot_accept_its_own_finding_in_the_baseline() {
    let accepting = |entries: &[(&str, &str)]| {
        let findings: Vec<String> = entries
            .iter()
            .map(|(file, address)| {
                let fingerprint = palisade::policy::engine::fingerprint("AWS-S3-002", address, file);
                format!(
                    "{{\"fingerprint\": \"{fingerprint}\", \"rule_id\": \"AWS-S3-002\", \"file\": \"{file}\", \
                     \"address\": \"{address}\", \"first_seen\": \"2026-01-01\"}}"
                )
            })
            .collect();
        format!("{{\"version\": 1, \"findings\": [{}]}}\n", findings.join(", "))
    };
    let old = accepting(&[("old.tf", "aws_s3_bucket.old")]);
    let both = accepting(&[("old.tf", "aws_s3_bucket.old"), ("new.tf", "aws_s3_bucket.new")]);
    let config = "baseline: accepted.json\n";
    let run = gate_with(&[(".palisade.yml", config), ("accepted.json", &old)], &[("accepted.json", &both)]);
    assert_gate_holds(&run, "accepted.json");

    // The base's baseline still applies to what it accepted: only the new bucket is open.
    let run = gate_with(&[(".palisade.yml", config), ("accepted.json", &old)], &[]);
    assert_eq!(run.code(), Some(1));
    assert!(run.findings().iter().all(|f| f.contains("new.tf")), "{:?}", run.findings());
    assert!(run.stdout().starts_with("error[") || !run.stdout().starts_with("warning: This pull request"));
}

#[test]
fn a_pull_request_cannot_rewrite_a_custom_policy() {
    let policy = |resource: &str| {
        format!(
            "id: ORG-001\ntitle: Buckets need an owner tag\nseverity: high\ndescription: >\n  Every bucket \
             needs an owner so that someone answers for it in an incident.\nreferences: [https://example.com]\n\
             compliance_note: internal\nterraform:\n  resources: [{resource}]\n  pass_when: {{ attribute: \
             tags.Owner, exists: true }}\n"
        )
    };
    let base =
        [(".palisade.yml", "policy_dirs: [org]\n"), ("org/owner.yaml", &policy("aws_s3_bucket") as &str)];
    // Probe that the policy format is right: the base's policy fires on the new bucket.
    let run = gate_with(&base, &[]);
    assert!(
        run.findings().contains(&"ORG-001 new.tf:1".to_string()),
        "{:?}\n{}",
        run.findings(),
        run.stderr()
    );

    let run = gate_with(&base, &[("org/owner.yaml", &policy("aws_nothing"))]);
    assert_gate_holds(&run, "org/owner.yaml");
    assert!(run.findings().contains(&"ORG-001 new.tf:1".to_string()), "{:?}", run.findings());
}

#[test]
fn the_base_configuration_applies() {
    let run = gate_with(&[(".palisade.yml", "skip: [AWS-S3-002]\n")], &[]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
    let findings = run.findings();
    assert!(!findings.is_empty() && findings.iter().all(|f| !f.starts_with("AWS-S3-002")), "{findings:?}");
    assert!(!run.stdout().contains("changes the scan's configuration"), "{}", run.stdout());
    let json: serde_json::Value = serde_json::from_str(run.report("json")).unwrap();
    assert_eq!(json["diagnostics"], serde_json::json!([]));
}

#[test]
fn a_new_module_instance_is_a_new_finding_despite_the_baseline() {
    let module = bucket("b");
    let call = |name: &str| format!("module \"{name}\" {{\n  source = \"./modules/store\"\n}}\n");
    let repo = Repo::new();
    repo.write("modules/store/main.tf", &module).write("main.tf", call("a"));
    let wrote = repo.scan(&["--only", "AWS-S3-002", "--write-baseline", "accepted.json"]);
    assert_eq!(wrote.code(), Some(0), "{}", wrote.stderr());
    repo.write(".palisade.yml", "baseline: accepted.json\n").commit_base();
    let accepted = repo.scan(&["--only", "AWS-S3-002", "--diff-base", "base"]);
    assert_eq!(accepted.code(), Some(0), "{}", accepted.stdout());

    // A second call in another file of the same root module.
    repo.write("more.tf", call("b")).commit_pr();
    let run = repo.scan(&["--only", "AWS-S3-002", "--diff-base", "base"]);
    assert_eq!(run.code(), Some(1), "{}", run.stdout());
    assert_eq!(run.findings(), ["AWS-S3-002 modules/store/main.tf:1"]);
    assert!(run.report("json").contains("module.b.aws_s3_bucket.b"));

    // A call of the same name from another root module is another instance too.
    repo.remove("more.tf")
        .write("envs/prod/main.tf", "module \"a\" {\n  source = \"../../modules/store\"\n}\n");
    repo.commit_pr();
    let run = repo.scan(&["--only", "AWS-S3-002", "--diff-base", "base"]);
    assert_eq!(run.code(), Some(1), "{}", run.stdout());
    assert_eq!(run.findings(), ["AWS-S3-002 modules/store/main.tf:1"]);
    assert!(Path::new(&repo.path("envs/prod/main.tf")).exists());
}

#[test]
fn parameters_come_from_the_base_revision() {
    let template = "AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n  Status:\n    Type: String\nResources:\n  \
                    Old:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        \
                    Status: Enabled\n";
    let added = "  New:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        \
                 Status: !Ref Status\n";
    let repo = Repo::new();
    repo.write("stack.yaml", template).write(".palisade.yml", "cfn_parameters: params.json\n");
    repo.write("params.json", "{\"Status\": \"Suspended\"}\n").commit_base();
    repo.write("stack.yaml", format!("{template}{added}"))
        .write("params.json", "{\"Status\": \"Enabled\"}\n");
    repo.commit_pr();
    let run = repo.scan(&["--diff-base", "base", "--only", "AWS-S3-002"]);
    assert_eq!(run.code(), Some(1), "{}\n{}", run.stdout(), run.stderr());
    assert_eq!(run.findings(), ["AWS-S3-002 stack.yaml:15"]);
    let first = run.stdout().lines().next().unwrap_or_default().to_string();
    assert!(first.contains("params.json"), "{}", run.stdout());

    // Without --diff-base the working tree's parameters apply: the pull request's own run is green.
    let run = repo.scan(&["--only", "AWS-S3-002"]);
    assert_eq!(run.code(), Some(0), "{}", run.stdout());
}

#[test]
fn a_changed_variable_file_is_reported() {
    let repo = Repo::new();
    repo.write("main.tf", "variable \"name\" {}\n").write("vars/prod.tfvars", "name = \"a\"\n");
    repo.write(".palisade.yml", "var_files: [vars/prod.tfvars]\n").commit_base();
    repo.write("vars/prod.tfvars", "name = \"b\"\n").write("new.tf", bucket("new")).commit_pr();
    let run = repo.scan(&["--diff-base", "base", "--only", "AWS-S3-002"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
    let json: serde_json::Value = serde_json::from_str(run.report("json")).unwrap();
    assert_eq!(json["diagnostics"][0]["file"], "vars/prod.tfvars", "{}", run.report("json"));
    assert!(run.stdout().lines().next().unwrap_or_default().contains("vars/prod.tfvars"));
}
