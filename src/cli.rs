//! Command-line interface (clap derive). Parsing only: `main.rs` turns it into [`crate::app`] calls.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::OutputFormat;

#[derive(Debug, Parser)]
#[command(
    name = "palisade",
    version,
    about = "Finds security problems in Terraform and CloudFormation before deployment"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and directories (default: the current directory).
    Scan(Box<ScanCommand>),
    /// Apply the policies' automatic fixes in place, each verified by a scan first (docs/fix.md).
    Fix(Box<FixArgs>),
    /// List every policy: id, title, severity, formats, resource types, compliance and equivalents.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        /// Also load custom policies from this directory.
        #[arg(long = "policy-dir", value_name = "DIR")]
        policy_dirs: Vec<PathBuf>,
    },
    /// Regenerate the policy documentation (docs/policies/) from the built-in policy files.
    #[command(hide = true)]
    Docs {
        #[arg(long, default_value = "docs/policies")]
        out: PathBuf,
    },
    /// Write a commented starter .palisade.yml (refuses to overwrite one without --force).
    Init {
        /// The directory to write it in.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Overwrite an existing .palisade.yml.
        #[arg(long)]
        force: bool,
    },
    /// Show the full documentation of one policy.
    Explain {
        /// A policy id, e.g. AWS-S3-002.
        id: String,
        #[arg(long = "policy-dir", value_name = "DIR")]
        policy_dirs: Vec<PathBuf>,
    },
}

/// `palisade scan`: the scan's options, and `--fix`, which only `scan` has (`fix` always fixes).
#[derive(Debug, Args)]
pub struct ScanCommand {
    #[command(flatten)]
    pub scan: ScanArgs,
    #[command(flatten)]
    pub fix: ScanFix,
}

#[derive(Debug, Args)]
pub struct ScanFix {
    /// Apply the automatic fixes first, as `palisade fix` does, and report on the fixed files; the
    /// exit code is `fix`'s.
    #[arg(long)]
    pub fix: bool,
    /// With --fix, also apply unsafe fixes: those that may cost money, change behaviour or replace
    /// the resource.
    #[arg(long, requires = "fix")]
    pub unsafe_fixes: bool,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    #[command(flatten)]
    pub scan: ScanArgs,
    /// Print the fixes as a unified diff and change nothing; exit 1 when there is something to fix.
    #[arg(long)]
    pub diff: bool,
    /// Also apply unsafe fixes: those that may cost money, change behaviour or replace the resource
    /// (`--diff` shows them either way).
    #[arg(long)]
    pub unsafe_fixes: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

// Command-line switches are booleans by nature; clap maps each to its own flag.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or directories to scan.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format; repeat it, each with its own --output, to write several reports in one run.
    #[arg(short, long = "format", value_enum)]
    pub formats: Vec<OutputFormat>,
    /// Write the report to FILE instead of standard output (pairs with the --format at the same position;
    /// without any --format, the extension decides: .sarif, .json, .md, .xml, else text).
    #[arg(short, long = "output", value_name = "FILE")]
    pub outputs: Vec<PathBuf>,
    /// Configuration file (default: .palisade.yml in the first scanned directory).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Load custom policies from this directory (repeatable).
    #[arg(long = "policy-dir", value_name = "DIR")]
    pub policy_dirs: Vec<PathBuf>,
    /// Run only these policies (comma-separated or repeated ids).
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    pub only: Vec<String>,
    /// Do not run these policies.
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    pub skip: Vec<String>,
    /// Exit with 1 only for findings at or above this severity [default: low].
    #[arg(long, value_name = "LEVEL")]
    pub severity_threshold: Option<String>,
    /// Do not scan paths matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Terraform variable file (repeatable), read wherever it is; a missing one is an error.
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// The root module a Terraform plan named among the paths was made from, where its resources are
    /// located [default: the plan's directory].
    #[arg(long, value_name = "DIR")]
    pub plan_source: Option<PathBuf>,
    /// Terraform variable, NAME=VALUE (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// CloudFormation parameters: the AWS CLI's JSON list or a {"Name": "Value"} object.
    #[arg(long, value_name = "FILE")]
    pub cfn_parameters: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Never colour the text output.
    #[arg(long)]
    pub no_color: bool,
    /// Errors in the input (files that fail to parse or cannot be read, module sources outside the
    /// repository) make the exit code 2.
    #[arg(long)]
    pub strict: bool,
    /// List the resource/policy pairs that could not be judged because a value is unknown, and the
    /// module calls that were not evaluated.
    #[arg(long)]
    pub show_unknown: bool,
    /// Do not read modules from the cache `terraform init` leaves in `.terraform/modules/`; remote
    /// module calls stay unevaluated (default: `module_cache` in the config, else read).
    #[arg(long)]
    pub no_module_cache: bool,
    /// Accept the findings recorded in this baseline file (default: `baseline` in the config).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write today's findings (those not suppressed in source) to a baseline file.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Report only findings on resources changed since this git revision (e.g. origin/main).
    #[arg(long, value_name = "REF")]
    pub diff_base: Option<String>,
    /// Warn about palisade:ignore suppressions that match no finding (the exit code is unchanged).
    #[arg(long)]
    pub report_unused_suppressions: bool,
    /// Print nothing unless a finding is at or above the threshold (for git hooks).
    #[arg(short, long)]
    pub quiet: bool,
    /// Prefix for file links in the markdown report, e.g. https://github.com/o/r/blob/<sha>/
    #[arg(long, value_name = "URL")]
    pub link_base: Option<String>,
    /// The repository root that SARIF paths (and --link-base links) are relative to [default: the
    /// git top-level of the first path; outside git, the current directory].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// SARIF results carry the edits `palisade fix` would make, as SARIF `fixes` (planning them
    /// re-reads every file with a fixable finding, which costs about as much as the scan)
    #[arg(long)]
    pub sarif_fixes: bool,
}
