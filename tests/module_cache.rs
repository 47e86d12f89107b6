//! Modules `terraform init` cached: resolved through `.terraform/modules/modules.json`, evaluated as
//! local ones, and findings reported at the line in the user's files that decided the value.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use palisade::app::{self, Scan, ScanOptions};
use palisade::model::Mode;
use palisade::policy::SuppressionKind;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/projects").join(name)
}

fn run(path: &Path, rules: &[&str], tweak: impl FnOnce(&mut ScanOptions)) -> Scan {
    let mut options = ScanOptions {
        paths: vec![path.to_path_buf()],
        only: rules.iter().map(ToString::to_string).collect(),
        ..ScanOptions::default()
    };
    tweak(&mut options);
    app::scan(&options).unwrap()
}

/// `(rule, file relative to root, line)` of every finding, in report order.
fn findings(scan: &Scan, root: &Path) -> Vec<(String, String, usize)> {
    scan.findings
        .iter()
        .map(|f| {
            let file = &scan.project.files[f.file];
            let rel = file.path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            (f.rule_id.clone(), rel, file.line_col(f.span.start as usize).line)
        })
        .collect()
}

fn f(rule: &str, file: &str, line: usize) -> (String, String, usize) {
    (rule.to_string(), file.to_string(), line)
}

/// A copy of a fixture, as a user's checkout outside any git repository would have it.
fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

const RULES: &[&str] = &["AWS-RDS-001", "AWS-RDS-002", "AWS-S3-002", "AWS-S3-005"];

#[test]
fn cached_registry_modules_and_their_submodules_are_evaluated_and_reported_at_the_users_lines() {
    let root = fixture("tf-module-cache");
    let scan = run(&root, RULES, |_| {});
    assert_eq!(
        findings(&scan, &root),
        vec![
            // Storage encryption is the module's own default: the user can only change the call.
            f("AWS-RDS-001", "main.tf", 3),
            // The bucket has no public access block, which no argument of the call decides.
            f("AWS-S3-005", "main.tf", 10),
            // `publicly_accessible = var.db_public` passes on what terraform.tfvars sets, through
            // the module and its submodule.
            f("AWS-RDS-002", "terraform.tfvars", 1),
        ]
    );
    // Through the submodule: the address and the line inside the downloaded module stay related.
    let public = scan.findings.iter().find(|f| f.rule_id == "AWS-RDS-002").unwrap();
    assert_eq!(public.resources[0].address, "module.db.module.db_instance.aws_db_instance.this");
    let origin = &scan.project.files[public.origin.file];
    assert!(origin.display.ends_with(".terraform/modules/db/modules/db_instance/main.tf"));
    assert_eq!(origin.line_col(public.origin.span.start as usize).line, 17);
    assert_eq!(public.related[0], public.origin);
    // The store module's output flows back: the root's versioning resource names its bucket.
    assert!(!scan.findings.iter().any(|f| f.rule_id == "AWS-S3-002"));
    // The stale module is not evaluated, even though its files are in the cache.
    assert!(!scan.project.resources.iter().any(|r| r.address.starts_with("module.old.")));
    let stale = scan.project.diagnostics.iter().find(|d| d.message.contains("module old")).unwrap();
    assert_eq!(stale.line, Some(17));
    assert!(
        stale.message.contains(r#"it holds version "1.4.0" where the call asks for "~> 2.0""#),
        "{stale:?}"
    );
    assert_eq!(scan.project.unevaluated.len(), 1);
    assert_eq!(scan.project.unevaluated[0].address, "module.old");
    assert!(scan.project.unevaluated[0].needs_init);
    // The cache is never a root module of its own.
    assert!(
        scan.project.resources.iter().all(|r| r.address.starts_with("module.") || r.module_calls.is_empty())
    );
    let resources = scan.project.resources.iter().filter(|r| r.mode != Mode::Setting);
    assert_eq!(resources.count(), 3, "db instance, store bucket, versioning");
}

#[test]
fn without_a_cache_module_calls_are_listed_and_the_report_says_to_run_terraform_init() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("app");
    copy(&fixture("tf-module-cache"), &root);
    std::fs::remove_dir_all(root.join(".terraform")).unwrap();
    let scan = run(&root, RULES, |_| {});
    // The bucket is the root's only resource besides nothing: no finding claims anything unknown.
    assert_eq!(findings(&scan, &root), vec![]);
    let calls: Vec<(&str, bool)> =
        scan.project.unevaluated.iter().map(|u| (u.address.as_str(), u.needs_init)).collect();
    assert_eq!(calls, [("module.db", true), ("module.store", true), ("module.old", true)]);
    let text = palisade::report::render(
        palisade::report::OutputFormat::Text,
        &scan,
        &palisade::report::RenderOptions::default(),
    );
    let last = text.lines().last().unwrap();
    assert_eq!(last, "3 module calls were not evaluated: run `terraform init -backend=false`");
    let summary = palisade::report::render(
        palisade::report::OutputFormat::Markdown,
        &scan,
        &palisade::report::RenderOptions::default(),
    );
    assert!(
        summary.contains("3 module calls were not evaluated: run `terraform init -backend=false`."),
        "{summary}"
    );
    let json: serde_json::Value = serde_json::from_str(&palisade::report::render(
        palisade::report::OutputFormat::Json,
        &scan,
        &palisade::report::RenderOptions::default(),
    ))
    .unwrap();
    assert_eq!(json["summary"]["modules_not_evaluated"], 3);

    // Switched off, the cache is not read and nothing suggests running init.
    let scan = run(&fixture("tf-module-cache"), RULES, |o| o.terraform.no_module_cache = true);
    assert!(scan.findings.is_empty());
    assert_eq!(scan.project.unevaluated.len(), 3);
    assert!(scan.project.unevaluated.iter().all(|u| !u.needs_init));
    assert!(palisade::report::text::module_cache_hint(&scan).is_none());
}

/// The user's root module, first with a local copy of a module, then with the registry module
/// `terraform init` downloaded: the same finding, at the same line, with the same fingerprint.
#[test]
fn a_local_and_a_cached_module_give_the_same_finding_at_the_same_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("app");
    let module = "variable \"public\" {\n  type    = bool\n  default = false\n}\n\nresource \"aws_db_instance\" \"this\" {\n  instance_class      = \"db.t3.micro\"\n  engine              = \"postgres\"\n  storage_encrypted   = true\n  publicly_accessible = var.public\n}\n";
    let call = |source: &str| format!("module \"db\" {{\n  source  = \"{source}\"\n  public  = true\n}}\n");

    std::fs::create_dir_all(root.join("modules/db")).unwrap();
    std::fs::write(root.join("modules/db/main.tf"), module).unwrap();
    std::fs::write(root.join("main.tf"), call("./modules/db")).unwrap();
    let local = run(&root, &["AWS-RDS-002"], |_| {});

    std::fs::remove_dir_all(root.join("modules")).unwrap();
    std::fs::create_dir_all(root.join(".terraform/modules/db")).unwrap();
    std::fs::write(root.join(".terraform/modules/db/main.tf"), module).unwrap();
    std::fs::write(
        root.join(".terraform/modules/modules.json"),
        r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"db","Source":"registry.terraform.io/acme/db/aws","Version":"1.0.0","Dir":".terraform/modules/db"}]}"#,
    )
    .unwrap();
    std::fs::write(root.join("main.tf"), call("acme/db/aws")).unwrap();
    let cached = run(&root, &["AWS-RDS-002"], |_| {});

    assert_eq!(findings(&local, &root), vec![f("AWS-RDS-002", "main.tf", 3)]);
    assert_eq!(findings(&cached, &root), findings(&local, &root));
    assert_eq!(cached.findings[0].fingerprint, local.findings[0].fingerprint);
    assert_eq!(cached.findings[0].resources, local.findings[0].resources);
}

#[test]
fn baselines_written_before_findings_moved_to_the_callers_line_still_match() {
    // Written by the release before this change, which reported these findings inside the modules.
    for (project, baseline, rule) in [
        ("tf-modules", "tf-modules-v2.json", "AWS-EC2-001"),
        ("tf-two-roots", "tf-two-roots-v2.json", "AWS-RDS-002"),
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/baselines").join(baseline);
        let loaded = palisade::suppress::baseline::load(&path).unwrap();
        assert_eq!(loaded.version, 2);
        let scan = run(&fixture(project), &[rule], |o| {
            o.baseline =
                Some(palisade::suppress::baseline::Loaded { baseline: loaded, display: baseline.into() });
        });
        assert!(!scan.findings.is_empty());
        for finding in &scan.findings {
            let file = &scan.project.files[finding.file].display;
            assert!(!file.contains("/modules/"), "reported at the caller now: {file}");
            assert_eq!(
                finding.suppression.as_ref().map(|s| s.kind),
                Some(SuppressionKind::External),
                "{project}: {file}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn the_cache_is_read_only_inside_the_root_and_never_through_symlinks() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("app");
    copy(&fixture("tf-module-cache"), &root);
    // The module directory is replaced by a symlink to a copy outside the scanned tree, and the
    // manifest names a directory outside the cache.
    let outside = dir.path().join("outside");
    copy(&root.join(".terraform/modules/db"), &outside);
    std::fs::remove_dir_all(root.join(".terraform/modules/db")).unwrap();
    std::os::unix::fs::symlink(&outside, root.join(".terraform/modules/db")).unwrap();
    let manifest = std::fs::read_to_string(root.join(".terraform/modules/modules.json")).unwrap();
    let manifest =
        manifest.replace(r#""Dir":".terraform/modules/store""#, r#""Dir":".terraform/../../outside""#);
    std::fs::write(root.join(".terraform/modules/modules.json"), manifest).unwrap();

    let scan = run(&root, RULES, |_| {});
    assert!(scan.project.files.iter().all(|f| f.path.starts_with(&root)), "nothing outside is read");
    assert!(!scan.project.resources.iter().any(|r| r.address.starts_with("module.db.")));
    let messages: Vec<&str> = scan.project.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("is reached through a symlink")), "{messages:?}");
    // The store call has no usable entry now: a stale cache.
    assert!(messages.iter().any(|m| m.contains("module store") && m.contains("stale")), "{messages:?}");

    // A manifest that is itself a symlink is not read.
    let real = root.join(".terraform/modules/real.json");
    std::fs::rename(root.join(".terraform/modules/modules.json"), &real).unwrap();
    std::os::unix::fs::symlink(&real, root.join(".terraform/modules/modules.json")).unwrap();
    let scan = run(&root, RULES, |_| {});
    let messages: Vec<&str> = scan.project.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("the module cache is not read")), "{messages:?}");
    assert!(
        scan.project.unevaluated.iter().all(|u| u.reason.contains("has no .terraform/modules/modules.json"))
    );
}

/// The command line: `--show-unknown` names the calls that were not evaluated and why, and
/// `module_cache: false` in the configuration turns the cache off as `--no-module-cache` does.
#[test]
fn show_unknown_lists_the_calls_and_the_configuration_turns_the_cache_off() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("app");
    copy(&fixture("tf-module-cache"), &root);
    let palisade = || {
        let mut cmd = assert_cmd::Command::cargo_bin("palisade").unwrap();
        cmd.current_dir(&root).args(["scan", ".", "--no-color", "--only", "AWS-RDS-002", "--show-unknown"]);
        cmd
    };
    let out = palisade().assert().code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(
        stderr.lines().filter(|l| l.starts_with("unknown: module call")).collect::<Vec<_>>(),
        [
            r#"unknown: module call module.old (main.tf:17) not evaluated: module.old: the module cache is stale (it holds version "1.4.0" where the call asks for "~> 2.0")"#
        ]
    );
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("--> terraform.tfvars:1:1"), "{stdout}");
    assert!(
        stdout.ends_with("1 module call was not evaluated: run `terraform init -backend=false`\n"),
        "{stdout}"
    );

    std::fs::write(root.join(".palisade.yml"), "module_cache: false\n").unwrap();
    let out = palisade().assert().code(0);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let listed: Vec<&str> = stderr.lines().filter(|l| l.starts_with("unknown: module call")).collect();
    assert_eq!(listed.len(), 3, "{stderr}");
    assert!(
        listed[0].starts_with(
            "unknown: module call module.db (main.tf:3) not evaluated: module.db has a remote source"
        ),
        "{stderr}"
    );
    assert!(listed[0].ends_with("and the module cache is off"), "{stderr}");
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(!stdout.contains("terraform init"), "{stdout}");
    // The flag does the same without a configuration.
    std::fs::remove_file(root.join(".palisade.yml")).unwrap();
    palisade().arg("--no-module-cache").assert().code(0);
}

/// A finding in a downloaded module is suppressed where it is reported: above the tfvars line or
/// the `module` block in the user's files.
#[test]
fn suppressions_apply_at_the_users_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("app");
    copy(&fixture("tf-module-cache"), &root);
    std::fs::write(
        root.join("terraform.tfvars"),
        "# palisade:ignore:AWS-RDS-002 internal test database\ndb_public = true\n",
    )
    .unwrap();
    let main = std::fs::read_to_string(root.join("main.tf")).unwrap();
    let main = main.replace(
        "module \"db\" {",
        "# palisade:ignore:AWS-RDS-001 encrypted by the account default\nmodule \"db\" {",
    );
    std::fs::write(root.join("main.tf"), main).unwrap();
    let scan = run(&root, RULES, |_| {});
    let open: Vec<(String, String, usize)> = findings(&scan, &root)
        .into_iter()
        .zip(&scan.findings)
        .filter(|(_, f)| f.suppression.is_none())
        .map(|(k, _)| k)
        .collect();
    assert_eq!(open, vec![f("AWS-S3-005", "main.tf", 11)]);
    let suppressed: Vec<&str> =
        scan.findings.iter().filter(|f| f.suppression.is_some()).map(|f| f.rule_id.as_str()).collect();
    assert_eq!(suppressed, ["AWS-RDS-001", "AWS-RDS-002"]);
}

/// `for_each` on a call of a downloaded module makes one instance per key, each with its own inputs.
#[test]
fn for_each_on_a_cached_module_call_makes_instances() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("app");
    std::fs::create_dir_all(root.join(".terraform/modules/db")).unwrap();
    std::fs::write(
        root.join(".terraform/modules/db/main.tf"),
        "variable \"public\" {\n  type = bool\n}\n\nresource \"aws_db_instance\" \"this\" {\n  instance_class      = \"db.t3.micro\"\n  engine              = \"postgres\"\n  publicly_accessible = var.public\n}\n",
    )
    .unwrap();
    std::fs::write(
        root.join(".terraform/modules/modules.json"),
        r#"{"Modules":[{"Key":"db","Source":"registry.terraform.io/acme/db/aws","Version":"1.2.0","Dir":".terraform/modules/db"}]}"#,
    )
    .unwrap();
    std::fs::write(
        root.join("main.tf"),
        "module \"db\" {\n  source   = \"acme/db/aws\"\n  version  = \"1.2.0\"\n  for_each = toset([\"a\", \"b\"])\n  public   = each.key == \"a\"\n}\n",
    )
    .unwrap();
    let scan = run(&root, &["AWS-RDS-002"], |_| {});
    assert_eq!(findings(&scan, &root), vec![f("AWS-RDS-002", "main.tf", 5)]);
    let addresses: Vec<&str> = scan.findings[0].resources.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(addresses, [r#"module.db["a"].aws_db_instance.this"#]);
    assert_eq!(scan.project.resources.iter().filter(|r| r.mode != Mode::Setting).count(), 2);
}
