//! The scaffolding every scenario shares: a temporary repository with a base and a pull-request
//! commit, the binary run on it with every report format, and canary secrets.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

/// Fake secrets. Any of them in any output means the scan read and printed something it must not.
pub const TOKEN: &str = "ghs_CANARYtoken0123456789abcdefABCDEF0123";
pub const ACCESS_KEY: &str = "AKIAIOSFODNN7CANARY1";
pub const CANARY_WORD: &str = "PALISADE-CANARY-5e1d7b";

/// Every report format, each written to its own file next to the repository.
pub const FORMATS: [&str; 6] = ["text", "json", "sarif", "markdown", "junit", "github"];

/// A git repository in a temporary directory. The base commit is on branch `base`; the pull request
/// is committed on `pr`, checked out.
pub struct Repo {
    pub dir: tempfile::TempDir,
    /// Reports go here, outside the repository.
    pub out: tempfile::TempDir,
}

impl Repo {
    /// An empty repository on branch `base`.
    pub fn new() -> Self {
        let repo = Repo { dir: tempfile::tempdir().unwrap(), out: tempfile::tempdir().unwrap() };
        repo.git(&["init", "-q", "-b", "base"]);
        repo.git(&["config", "user.email", "ci@example.com"]);
        repo.git(&["config", "user.name", "ci"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        repo
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.path(rel)).unwrap();
        self
    }

    /// Runs git in the repository; panics with its output when it fails.
    pub fn git(&self, args: &[&str]) -> String {
        let output = std::process::Command::new("git")
            .args(args)
            .current_dir(self.dir.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", self.dir.path())
            .output()
            .unwrap();
        assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Commits everything as the trusted base (on `base`) and starts the pull request's branch `pr`.
    pub fn commit_base(&self) -> &Self {
        self.git(&["add", "-A", "-f", "."]);
        self.git(&["commit", "-q", "--allow-empty", "-m", "base"]);
        self.git(&["checkout", "-q", "-b", "pr"]);
        self
    }

    /// Commits everything (tracked files and `git add -f` of the new ones) as the pull request.
    pub fn commit_pr(&self) -> &Self {
        self.git(&["add", "-A", "."]);
        self.git(&["commit", "-q", "--allow-empty", "-m", "pull request"]);
        self
    }

    /// Runs `palisade scan <args>` in the repository, with every format written to `out/`.
    pub fn scan(&self, args: &[&str]) -> Run {
        let mut cmd = assert_cmd::Command::cargo_bin("palisade").unwrap();
        cmd.current_dir(self.dir.path()).arg("scan").args(args).env("NO_COLOR", "1");
        for format in FORMATS {
            cmd.arg("--format").arg(format).arg("--output").arg(self.out.path().join(format));
        }
        // Text goes to standard output too, as a terminal or a CI log would show it.
        cmd.arg("--format").arg("text");
        cmd.timeout(Duration::from_secs(120));
        let output = cmd.output().unwrap();
        let reports = FORMATS
            .iter()
            .map(|f| (*f, std::fs::read_to_string(self.out.path().join(f)).unwrap_or_default()))
            .collect();
        Run { output, reports }
    }
}

/// What one run printed and wrote.
pub struct Run {
    pub output: Output,
    /// Report text by format name (empty when the run wrote none).
    pub reports: Vec<(&'static str, String)>,
}

impl Run {
    pub fn code(&self) -> Option<i32> {
        self.output.status.code()
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    pub fn report(&self, format: &str) -> &str {
        self.reports.iter().find(|(f, _)| *f == format).map_or("", |(_, text)| text.as_str())
    }

    /// Every byte the run produced: standard output, standard error and every report.
    pub fn everything(&self) -> String {
        let mut all = self.stdout() + &self.stderr();
        for (_, text) in &self.reports {
            all.push_str(text);
        }
        all
    }

    /// Fails when `needle` appears anywhere the run wrote.
    pub fn assert_absent(&self, needle: &str) {
        for (name, text) in [("stdout", self.stdout()), ("stderr", self.stderr())]
            .into_iter()
            .chain(self.reports.iter().map(|(f, t)| (*f, t.clone())))
        {
            assert!(!text.contains(needle), "`{needle}` leaked into {name}:\n{text}");
        }
    }

    /// The ids of the open findings in the JSON report, with file and line: `AWS-S3-002 main.tf:1`.
    pub fn findings(&self) -> Vec<String> {
        let json: serde_json::Value = serde_json::from_str(self.report("json")).unwrap_or_default();
        let mut out: Vec<String> = json["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| f["suppressed"].is_null() || f["suppressed"] == false)
            .map(|f| {
                format!(
                    "{} {}:{}",
                    f["rule_id"].as_str().unwrap_or_default(),
                    f["file"].as_str().unwrap_or_default(),
                    f["start_line"]
                )
            })
            .collect();
        out.sort();
        out
    }
}
