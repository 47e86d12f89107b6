//! `palisade fix`: plan the fixes of a scan, verify them with a scan of the edited texts in memory,
//! and write only what the verification kept.

use crate::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::{ScanOptions, policies, scan_with_policies};
use crate::diag::{DiagLevel, Error};
use crate::fix::{self, Plan};
use crate::scan::Scan;

/// Verification rounds before every remaining fix is given up: each round refuses at least one fix,
/// and in practice the first round keeps everything.
const MAX_ROUNDS: usize = 4;

/// What `fix` found and kept.
pub struct FixRun {
    /// The scan of the files as they are.
    pub before: Scan,
    /// The verified fixes (with `not_fixed` naming every fixable finding left as it is).
    pub plan: Plan,
    /// The scan of the files with the plan applied, when there is something to apply.
    pub after: Option<Scan>,
}

impl FixRun {
    /// The scan the exit code judges: of the files as they will be once the plan is written.
    #[must_use]
    pub fn result(&self) -> &Scan {
        self.after.as_ref().unwrap_or(&self.before)
    }
}

/// Scans, plans the fixes and verifies them: a fix is kept only when, in a scan of every edited text,
/// its finding is gone, its file parses and has no finding it did not have before.
///
/// # Errors
/// A scan's errors.
pub fn fix(options: &ScanOptions, fix_options: fix::Options) -> Result<FixRun, Error> {
    fix_with_policies(options, &policies(options)?, fix_options)
}

/// [`fix`] with policies already loaded (and filtered).
///
/// # Errors
/// A scan's errors.
pub fn fix_with_policies(
    options: &ScanOptions,
    policies: &[crate::policy::Policy],
    mut fix_options: fix::Options,
) -> Result<FixRun, Error> {
    let timer = super::PhaseTimer::from_env();
    let before = scan_with_policies(options, policies.to_vec())?;
    timer.lap("scan");
    for round in 0..=MAX_ROUNDS {
        let plan = fix::plan(&before, &fix_options);
        timer.lap(&format!("plan the fixes (round {round})"));
        if plan.files.is_empty() {
            return Ok(FixRun { before, plan, after: None });
        }
        if round == MAX_ROUNDS {
            for file in &plan.files {
                for edit in &file.edits {
                    let reason = "the fixes of this scan did not settle; fix the others first".to_string();
                    fix_options.refused.insert(before.findings[edit.finding].fingerprint.clone(), reason);
                }
            }
            continue;
        }
        let overlay = plan.files.iter().map(|f| (f.path.clone(), f.fixed.clone())).collect();
        let edited = ScanOptions { overlay: Arc::new(overlay), ..options.clone() };
        let after = scan_with_policies(&edited, policies.to_vec())?;
        let refused = verify(&before, &after, &plan);
        timer.lap(&format!("scan the fixed texts (round {round})"));
        if refused.is_empty() {
            return Ok(FixRun { before, plan, after: Some(after) });
        }
        fix_options.refused.extend(refused);
    }
    let plan = fix::plan(&before, &fix_options);
    Ok(FixRun { before, plan: Plan { files: Vec::new(), ..plan }, after: None })
}

/// The fixes the scan of the edited texts refuses, by their finding's fingerprint, with the reason.
fn verify(before: &Scan, after: &Scan, plan: &Plan) -> HashMap<String, String> {
    let had: HashSet<&str> = before.findings.iter().map(|f| f.fingerprint.as_str()).collect();
    let has: HashSet<&str> = after.findings.iter().map(|f| f.fingerprint.as_str()).collect();
    let mut refused = HashMap::default();
    for file in &plan.files {
        let broken = after
            .project
            .diagnostics
            .iter()
            .find(|d| d.level == DiagLevel::Error && d.file == file.display)
            .map(|d| format!("the fixed file would not parse: {}", d.message));
        let added = after
            .findings
            .iter()
            .find(|f| after.project.files[f.file].path == file.path && !had.contains(f.fingerprint.as_str()))
            .map(|f| format!("the fix would add a finding of {}", f.rule_id));
        for edit in &file.edits {
            let finding = &before.findings[edit.finding];
            let reason = broken.clone().or_else(|| added.clone()).or_else(|| {
                has.contains(finding.fingerprint.as_str())
                    .then(|| "the finding remains after the fix".to_string())
            });
            if let Some(reason) = reason {
                refused.insert(finding.fingerprint.clone(), reason);
            }
        }
    }
    refused
}

/// Writes every file of the plan; the files that could not be written, with the error.
#[must_use]
pub fn write(plan: &Plan) -> Vec<(String, std::io::Error)> {
    plan.files
        .iter()
        .filter_map(|f| fix::write_atomically(&f.path, &f.fixed).err().map(|e| (f.display.clone(), e)))
        .collect()
}
