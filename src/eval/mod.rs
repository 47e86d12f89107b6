//! Evaluation: from syntax trees to resources whose attribute values are known or explicitly Unknown.

pub mod budget;
pub mod cloudformation;
pub mod terraform;

use crate::diag::Diagnostic;
use crate::model::Resource;

/// What an evaluator produces for a set of files.
#[derive(Debug, Default)]
pub struct Evaluated {
    pub resources: Vec<Resource>,
    pub diagnostics: Vec<Diagnostic>,
    /// Terraform: `module` calls whose module was not evaluated.
    pub unevaluated: Vec<crate::model::UnevaluatedCall>,
}
