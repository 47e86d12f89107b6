//! The pipeline, end to end.

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
}
