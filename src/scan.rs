//! What a scan produced: the files read and their resources, the policies that ran, the findings and
//! the unknown verdicts, and for a pull-request scan which of them the change touches. The stages
//! that produce it (`app`) and those that read it (reports, suppressions, the diff scope) all depend
//! on this module, and it on none of them.

use crate::eval::terraform;
use crate::model::Project;
use crate::policy::{Finding, Policy, UnknownVerdict};

/// The result of a scan: what was read, the policies that ran and what they found.
#[derive(Debug, Default)]
pub struct Scan {
    pub project: Project,
    pub policies: Vec<Policy>,
    /// Sorted by file, line, rule id.
    pub findings: Vec<Finding>,
    pub unknowns: Vec<UnknownVerdict>,
    /// Set by a PR-scoped scan (`--diff-base`): which resources the change touches.
    pub diff: Option<DiffScope>,
    /// The Terraform syntax trees, which nothing reads after evaluation. They are the largest thing
    /// in memory, and freeing their millions of nodes costs a core about 20 ms on a large project;
    /// they go with the scan, so that a caller about to exit can skip that (the CLI does).
    pub syntax: Vec<terraform::ParsedFile>,
    /// Each template's parsed document, by file id, when the scan was asked to keep them
    /// (`ScanOptions::keep_templates`); empty otherwise.
    pub documents: Vec<(crate::source::FileId, crate::value::Value)>,
}

impl Scan {
    /// Whether the finding at `index` is in the change: always, without `--diff-base`.
    #[must_use]
    pub fn in_diff(&self, index: usize) -> bool {
        self.diff.as_ref().is_none_or(|d| d.findings.get(index).copied().unwrap_or(true))
    }

    /// The findings the gate judges: those that decide the exit code and that the annotations, the
    /// job summary and the text report show. With `--diff-base`, those on resources the change
    /// touches; otherwise all of them. The SARIF report holds every finding.
    pub fn gated(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().enumerate().filter(|(i, _)| self.in_diff(*i)).map(|(_, f)| f)
    }
}

/// The outcome of `--diff-base`, kept on the scan for the reports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DiffScope {
    /// The revision compared against.
    pub base: String,
    /// Per resource (index into `project.resources`): whether it is in scope.
    pub resources: Vec<bool>,
    /// Per finding (index into `scan.findings`): whether it is on a resource in scope.
    pub findings: Vec<bool>,
    /// Findings on resources the change does not touch.
    pub out_of_scope: usize,
    /// The files configuring the scan that the change adds, modifies or deletes (as shown); the scan
    /// read them from the base revision.
    pub configuration: Vec<String>,
}
