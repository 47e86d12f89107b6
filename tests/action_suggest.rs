//! The action's `suggestions` input: `scripts/action-suggest.sh` run with bash against a git
//! repository, with fake `gh` and `curl` that record what would be posted to GitHub's REST API.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::format_push_string)]

mod support;
use support::git;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The script needs bash and jq (both on GitHub's runners); without them the test says so.
fn tools_missing() -> bool {
    let found = Command::new("bash").args(["-c", "command -v jq"]).output().is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("SKIPPED: bash or jq is not installed");
    }
    !found
}

/// Records each call: its arguments (and the token it saw) in `N.args`, the request body in
/// `N.body`, and for curl its configuration from standard input in `N.config`.
const FAKE_GH: &str = r#"#!/usr/bin/env bash
n=$(find "$FAKE_LOG" -name '*.args' | wc -l)
{ printf '%s\n' "$@"; echo "token=$GH_TOKEN"; } > "$FAKE_LOG/$n.args"
while [ $# -gt 0 ]; do
  if [ "$1" = --input ]; then cat "$2" > "$FAKE_LOG/$n.body"; fi
  shift
done
"#;

const FAKE_CURL: &str = r#"#!/usr/bin/env bash
n=$(find "$FAKE_LOG" -name '*.args' | wc -l)
printf '%s\n' "$@" > "$FAKE_LOG/$n.args"
cat > "$FAKE_LOG/$n.config"
while [ $# -gt 0 ]; do
  if [ "$1" = --data-binary ]; then cat "${2#@}" > "$FAKE_LOG/$n.body"; fi
  shift
done
"#;

struct Pr {
    dir: tempfile::TempDir,
    base: String,
    head: String,
}

fn rev_parse(dir: &Path, rev: &str) -> String {
    let out = Command::new("git").args(["rev-parse", rev]).current_dir(dir).output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// A repository whose first commit holds `base` and whose second, the pull request's head, adds
/// `change`.
fn pull_request(base: &[(&str, &str)], change: &[(&str, &str)]) -> Pr {
    let dir = tempfile::tempdir().unwrap();
    let write = |files: &[(&str, &str)]| {
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
    };
    git(dir.path(), &["init", "-q", "-b", "main"]);
    write(base);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "--allow-empty", "-m", "base"]);
    let base = rev_parse(dir.path(), "HEAD");
    write(change);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "pull request"]);
    let head = rev_parse(dir.path(), "HEAD");
    Pr { dir, base, head }
}

struct Posted {
    code: i32,
    stdout: String,
    /// Each call's arguments, request body and (curl) configuration, in order.
    calls: Vec<(Vec<String>, Value, String)>,
}

/// Runs the script in the repository as the action's step would, with `env` over a same-repository
/// pull request event.
fn suggest(pr: &Pr, env: &[(&str, &str)]) -> Posted {
    suggest_in(pr, pr.dir.path(), env)
}

/// [`suggest`] with `cwd` as the workspace.
fn suggest_in(pr: &Pr, cwd: &Path, env: &[(&str, &str)]) -> Posted {
    let fakes = tempfile::tempdir().unwrap();
    let log = fakes.path().join("log");
    std::fs::create_dir(&log).unwrap();
    let fake = |name: &str, text: &str| -> PathBuf {
        let path = fakes.path().join(name);
        std::fs::write(&path, text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        path
    };
    let (gh, curl) = (fake("gh", FAKE_GH), fake("curl", FAKE_CURL));
    let mut cmd = Command::new("bash");
    cmd.arg(root().join("scripts/action-suggest.sh"))
        .current_dir(cwd)
        .env("PALISADE", env!("CARGO_BIN_EXE_palisade"))
        .env("GH", &gh)
        .env("CURL", &curl)
        .env("FAKE_LOG", &log)
        .env("RUNNER_TEMP", fakes.path())
        .env("GITHUB_EVENT_NAME", "pull_request")
        .env("GITHUB_REPOSITORY", "octo/infra")
        .env("GITHUB_API_URL", "https://api.github.example")
        .env("GH_TOKEN", "ghs_test")
        .env("PR_NUMBER", "7")
        .env("PR_HEAD_SHA", &pr.head)
        .env("PR_HEAD_REPO", "octo/infra")
        .env("PR_BASE_REPO", "octo/infra")
        .env("INPUT_PATH", ".")
        .env("INPUT_DIFF_BASE", &pr.base)
        .env("INPUT_EXTRA_ARGS", "--only AWS-KMS-001,AWS-RDS-001,AWS-EC2-011")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", pr.dir.path())
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("INPUT_CONFIG");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let mut calls = Vec::new();
    for n in 0.. {
        let read = |ext: &str| std::fs::read_to_string(log.join(format!("{n}.{ext}")));
        let Ok(args) = read("args") else { break };
        let body = serde_json::from_str(&read("body").unwrap()).unwrap();
        calls.push((args.lines().map(String::from).collect(), body, read("config").unwrap_or_default()));
    }
    Posted { code: out.status.code().unwrap(), stdout: String::from_utf8(out.stdout).unwrap(), calls }
}

const OLD_KEY: &str = "resource \"aws_kms_key\" \"old\" {\n  description = \"a\"\n}\n";

const CHANGE: &str = "resource \"aws_kms_key\" \"new\" {\n  description = \"b\"\n}\n\n\
resource \"aws_db_instance\" \"db\" {\n  engine            = \"postgres\"\n  storage_encrypted = false\n}\n\n\
resource \"aws_launch_template\" \"lt\" {\n  name = \"web\"\n}\n";

fn comment(rule: &str, title: &str, severity: &str, safety: &str, replacement: &str) -> String {
    format!(
        "**{rule}** {title} ({severity})\n\n{safety}\n\n```suggestion\n{replacement}\n```\n\n\
         <sub>Suggested by Palisade (`palisade fix`).</sub>\n"
    )
}

#[test]
fn each_fixable_finding_on_a_changed_line_gets_one_suggestion_most_severe_first() {
    if tools_missing() {
        return;
    }
    let pr = pull_request(&[("old.tf", OLD_KEY)], &[("new.tf", CHANGE)]);
    let run = suggest(&pr, &[("GITHUB_API_URL", "https://api.github.com")]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.stdout, "");
    let endpoint = [
        "api",
        "--method",
        "POST",
        "-H",
        "Accept: application/vnd.github+json",
        "repos/octo/infra/pulls/7/comments",
        "--input",
    ];
    for (args, _, _) in &run.calls {
        assert_eq!(args[..7], endpoint);
        assert_eq!(args[8], "token=ghs_test");
    }
    let bodies: Vec<&Value> = run.calls.iter().map(|(_, body, _)| body).collect();
    let template = "  name = \"web\"\n\n  metadata_options {\n    http_tokens = \"required\"\n  }";
    let key = "  description         = \"b\"\n  enable_key_rotation = true";
    assert_eq!(
        bodies,
        [
            &json!({
                "body": comment("AWS-EC2-011", "EC2 launch template does not require IMDSv2", "high",
                    "Safe fix: Only instances launched from a new template version require IMDSv2; running instances are untouched.",
                    template),
                "commit_id": pr.head, "path": "new.tf", "line": 11, "side": "RIGHT"
            }),
            &json!({
                "body": comment("AWS-KMS-001", "KMS key rotation is not enabled", "medium",
                    "Safe fix: Rotation adds new key material and keeps the old for decryption; nothing that uses the key changes.", key),
                "commit_id": pr.head, "path": "new.tf", "line": 2, "side": "RIGHT"
            }),
            &json!({
                "body": comment("AWS-RDS-001", "RDS instance storage is not encrypted", "medium",
                    "**Unsafe fix**, review it before applying: Encrypting an existing database replaces it: its data is lost unless restored from a snapshot.",
                    "  storage_encrypted = true"),
                "commit_id": pr.head, "path": "new.tf", "line": 7, "side": "RIGHT"
            }),
        ],
        "the key in old.tf is not on a changed line"
    );

    // The repository checked out below the workspace (`actions/checkout` with `path:`): the same.
    let outside = tempfile::tempdir().unwrap();
    let path = pr.dir.path().to_str().unwrap();
    let again = suggest_in(
        &pr,
        outside.path(),
        &[("GITHUB_API_URL", "https://api.github.com"), ("INPUT_PATH", path)],
    );
    assert_eq!(again.calls.iter().map(|(_, body, _)| body).collect::<Vec<_>>(), bodies);
}

/// A fork's pull request, or another event, posts nothing and says why.
#[test]
fn a_fork_or_another_event_posts_nothing() {
    if tools_missing() {
        return;
    }
    let pr = pull_request(&[], &[("new.tf", CHANGE)]);
    let run = suggest(&pr, &[("PR_HEAD_REPO", "mallory/infra")]);
    assert_eq!(run.code, 0);
    assert!(run.calls.is_empty());
    assert_eq!(
        run.stdout,
        "::notice title=Palisade suggestions::the pull request comes from a fork: no suggestions are posted\n"
    );
    let run = suggest(&pr, &[("GITHUB_EVENT_NAME", "push")]);
    assert!(run.calls.is_empty());
    assert_eq!(
        run.stdout,
        "::notice title=Palisade suggestions::suggestions are posted on pull_request events only\n"
    );
    // A number that is not one never reaches a URL.
    let run = suggest(&pr, &[("PR_NUMBER", "7/../../x")]);
    assert!(run.calls.is_empty());
    assert!(run.stdout.starts_with("::warning title=Palisade suggestions::the pull request number"));
}

/// A file name and a line the pull request wrote, with quotes, a newline, `$(…)` and backticks,
/// arrive in the JSON body exactly as they are, through curl, and nothing in them runs.
#[test]
fn hostile_names_and_text_arrive_verbatim_and_run_nothing() {
    if tools_missing() {
        return;
    }
    let name = "we\"ird '$(touch pwned-name)' `touch pwned-tick`\nx.tf";
    let tf = "resource \"aws_kms_key\" \"k\" {\n  description = \"$(touch pwned-text) `touch pwned-text2` \\\" '\"\n}\n";
    let pr = pull_request(&[], &[(name, tf)]);
    let run = suggest(&pr, &[("GH", "/nonexistent/gh"), ("INPUT_EXTRA_ARGS", "--only AWS-KMS-001")]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let [(args, body, config)] = &run.calls[..] else { panic!("one call: {}", run.stdout) };
    let replacement = "  description         = \"$(touch pwned-text) `touch pwned-text2` \\\" '\"\n  enable_key_rotation = true";
    assert_eq!(
        body,
        &json!({
            "body": comment("AWS-KMS-001", "KMS key rotation is not enabled", "medium",
                "Safe fix: Rotation adds new key material and keeps the old for decryption; nothing that uses the key changes.",
                replacement),
            "commit_id": pr.head, "path": name, "line": 2, "side": "RIGHT"
        })
    );
    assert_eq!(config, "header = \"Authorization: Bearer ghs_test\"\n", "the token is not an argument");
    assert!(!args.iter().any(|a| a.contains("ghs_test")));
    assert_eq!(args.last().unwrap(), "https://api.github.example/repos/octo/infra/pulls/7/comments");
    for dir in [pr.dir.path(), root()] {
        for pwned in ["pwned-name", "pwned-tick", "pwned-text", "pwned-text2"] {
            assert!(!dir.join(pwned).exists(), "{pwned} ran in {}", dir.display());
        }
    }
}

/// At most 50 comments, the most severe first, with a notice counting the others; a file that the
/// head commit does not have as checked out gets none.
#[test]
fn comments_are_capped_and_only_placed_on_the_head_commits_files() {
    if tools_missing() {
        return;
    }
    let mut tf = String::new();
    for i in 0..51 {
        tf.push_str(&format!("resource \"aws_kms_key\" \"k{i:02}\" {{\n  description = \"k\"\n}}\n\n"));
    }
    tf.push_str("resource \"aws_launch_template\" \"lt\" {\n  name = \"web\"\n}\n");
    let pr = pull_request(&[], &[("keys.tf", &tf)]);
    let run = suggest(&pr, &[]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        "::notice title=Palisade suggestions::2 more fixable findings on changed lines are not suggested (at most 50 comments)\n"
    );
    let placed: Vec<(String, u64)> = run
        .calls
        .iter()
        .map(|(_, b, _)| (b["body"].as_str().unwrap()[..13].to_string(), b["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(placed.len(), 50);
    assert_eq!(placed[0], ("**AWS-EC2-011".to_string(), 206));
    assert_eq!(placed[1], ("**AWS-KMS-001".to_string(), 2));
    assert_eq!(placed[49], ("**AWS-KMS-001".to_string(), 194));

    // The event names the base commit as the head: keys.tf is not there as it is here.
    let run = suggest(&pr, &[("PR_HEAD_SHA", &pr.base.clone())]);
    assert!(run.calls.is_empty());
    assert!(
        run.stdout
            .contains("::notice title=Palisade suggestions::50 suggestions skipped: their file differs")
    );
}

/// A fix that replaces several lines names the first too (`start_line`), as GitHub's multi-line
/// comments need.
#[test]
fn a_fix_over_several_lines_is_a_multi_line_comment() {
    if tools_missing() {
        return;
    }
    let tf = "resource \"aws_kms_key\" \"k\" {\n  description = \"a\"\n  is_enabled  = true\n}\n";
    let pr = pull_request(&[], &[("main.tf", tf)]);
    let run = suggest(&pr, &[("GITHUB_API_URL", "https://api.github.com")]);
    let replacement =
        "  description         = \"a\"\n  is_enabled          = true\n  enable_key_rotation = true";
    let bodies: Vec<&Value> = run.calls.iter().map(|(_, body, _)| body).collect();
    assert_eq!(
        bodies,
        [&json!({
            "body": comment("AWS-KMS-001", "KMS key rotation is not enabled", "medium",
                "Safe fix: Rotation adds new key material and keeps the old for decryption; nothing that uses the key changes.",
                replacement),
            "commit_id": pr.head, "path": "main.tf", "line": 3, "side": "RIGHT", "start_line": 2, "start_side": "RIGHT"
        })]
    );
}
