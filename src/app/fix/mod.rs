//! `palisade fix`: plan the fixes of a scan, verify them with a scan of the edited texts in memory,
//! and write only what the verification kept.

mod rescan;

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::{ScanOptions, scan_with_policies};
use crate::collections::{HashMap, HashSet};
use crate::diag::{DiagLevel, Error};
use crate::fix::{self, Plan};
use crate::policy::{Finding, FindingResource};
use crate::scan::Scan;
use crate::source::FileId;

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
    let before = super::scan(&ScanOptions { keep_templates: true, ..options.clone() })?;
    let policies = before.policies.clone();
    crate::parse::terraform::on_parse_threads(|| verified(options, &policies, before, fix_options))
}

/// [`fix`] with policies already loaded (and filtered).
///
/// # Errors
/// A scan's errors.
pub fn fix_with_policies(
    options: &ScanOptions,
    policies: &[crate::policy::Policy],
    fix_options: fix::Options,
) -> Result<FixRun, Error> {
    let before =
        scan_with_policies(&ScanOptions { keep_templates: true, ..options.clone() }, policies.to_vec())?;
    crate::parse::terraform::on_parse_threads(|| verified(options, policies, before, fix_options))
}

/// Plans the fixes of `before` and verifies them, round after round.
fn verified(
    options: &ScanOptions,
    policies: &[crate::policy::Policy],
    mut before: Scan,
    mut fix_options: fix::Options,
) -> Result<FixRun, Error> {
    let timer = super::PhaseTimer::from_env();
    // The module caches are looked up while the first plan is made, when it may have something.
    let fixable = before.findings.iter().any(|f| {
        f.suppression.is_none() && before.policies.get(f.policy).is_some_and(|p| p.fix_of(f).is_some())
    });
    let (plan, caches) = rayon::join(
        || fix::plan(&before, &fix_options),
        || fixable.then(|| rescan::Shared::new(&before, options)),
    );
    let mut plan = plan;
    let mut shared = caches.transpose()?;
    let mut refused_now: HashMap<String, String> = HashMap::default();
    for round in 0..=MAX_ROUNDS {
        if round > 0 {
            // Only the files with a fix refused last round are planned again.
            let files =
                before.findings.iter().filter(|f| refused_now.contains_key(&f.fingerprint)).map(|f| f.file);
            let mut files: Vec<FileId> = files.collect();
            files.sort_unstable();
            files.dedup();
            fix_options.refused.extend(std::mem::take(&mut refused_now));
            plan = fix::replan(&before, &fix_options, plan, &files);
        }
        timer.lap(&format!(
            "plan the fixes{} (round {round})",
            if round == 0 { " | find the module caches" } else { "" }
        ));
        if plan.files.is_empty() {
            return Ok(FixRun { before, plan, after: None });
        }
        if round == MAX_ROUNDS {
            for file in &plan.files {
                for edit in &file.edits {
                    let reason = "the fixes of this scan did not settle; fix the others first".to_string();
                    refused_now.insert(before.findings[edit.finding].fingerprint.clone(), reason);
                }
            }
            continue;
        }
        if shared.is_none() {
            shared = Some(rescan::Shared::new(&before, options)?);
        }
        let incremental = shared.as_mut().and_then(Option::as_mut);
        let outcome = match incremental {
            Some(shared) => rescan::rescan(&mut before, &plan, options, policies, shared),
            None => rescan::Outcome::Whole,
        };
        let (mut after, lent) = match outcome {
            rescan::Outcome::Scanned(after, lent) => (*after, Some(lent)),
            rescan::Outcome::Refused(refused) => {
                timer.lap(&format!("parse the fixed texts (round {round})"));
                refused_now = refused;
                continue;
            }
            rescan::Outcome::Whole => {
                let overlay = plan.files.iter().map(|f| (f.path.clone(), f.fixed.clone())).collect();
                let edited = ScanOptions { overlay: Arc::new(overlay), ..options.clone() };
                (scan_with_policies(&edited, policies.to_vec())?, None)
            }
        };
        let refused = verify(&before, &after, &plan);
        if let (Some(lent), Some(Some(shared))) = (lent, shared.as_mut()) {
            rescan::give_back(&mut before, &mut after, lent, refused.is_empty(), shared);
        }
        timer.lap(&format!("scan the fixed texts (round {round})"));
        if refused.is_empty() {
            return Ok(FixRun { before, plan, after: Some(after) });
        }
        refused_now = refused;
    }
    fix_options.refused.extend(refused_now);
    let plan = fix::plan(&before, &fix_options);
    Ok(FixRun { before, plan: Plan { files: Vec::new(), ..plan }, after: None })
}

/// The fixes the scan of the edited texts refuses, by their finding's fingerprint, with the reason.
fn verify(before: &Scan, after: &Scan, plan: &Plan) -> HashMap<String, String> {
    let had: HashSet<&str> = before.findings.iter().map(|f| f.fingerprint.as_str()).collect();
    let has: HashSet<&str> = after.findings.iter().map(|f| f.fingerprint.as_str()).collect();
    let blamed = blame(before, after, plan, &had);
    // A fix must make its finding pass: one that leaves it undecided (a value it reads is unknown
    // now) only hides it.
    let undecided: HashSet<(&str, &str, usize)> = after
        .unknowns
        .iter()
        .filter_map(|u| {
            let r = after.project.resources.get(u.resource)?;
            Some((after.policies.get(u.policy)?.id.as_str(), r.address.as_str(), r.scope))
        })
        .collect();
    let mut refused = HashMap::default();
    for file in &plan.files {
        let broken = after
            .project
            .diagnostics
            .iter()
            .find(|d| d.level == DiagLevel::Error && d.file == file.display)
            .map(|d| format!("the fixed file would not parse: {}", d.message));
        for edit in &file.edits {
            let finding = &before.findings[edit.finding];
            let rule = before.policies[finding.policy].id.as_str();
            let added = blamed
                .get(finding.fingerprint.as_str())
                .map(|rule| format!("the fix would add a finding of {rule}"));
            let reason = broken.clone().or(added).or_else(|| {
                if has.contains(finding.fingerprint.as_str()) {
                    Some("the finding remains after the fix".to_string())
                } else if finding
                    .resources
                    .iter()
                    .any(|r| undecided.contains(&(rule, r.address.as_str(), r.scope)))
                {
                    Some(
                        "after the fix the finding cannot be decided: a value it reads is unknown"
                            .to_string(),
                    )
                } else {
                    None
                }
            });
            if let Some(reason) = reason {
                refused.insert(finding.fingerprint.clone(), reason);
            }
        }
    }
    refused
}

/// A fix: the file it edits and the finding it is for.
type Edited<'p, 'f> = (&'p Path, &'f Finding);

/// The fixes each finding the scan of the edited texts has and the first scan had not is blamed on,
/// by their finding's fingerprint, with the new finding's rule: the fixes of findings on one of its
/// resources; failing that, those edited in its file; then those of its root module or template;
/// then every fix (an edit in one file may add a finding in another, through a module).
fn blame<'a>(
    before: &'a Scan,
    after: &'a Scan,
    plan: &Plan,
    had: &HashSet<&str>,
) -> HashMap<&'a str, &'a str> {
    let edits: Vec<Edited<'_, 'a>> = plan
        .files
        .iter()
        .flat_map(|f| f.edits.iter().map(move |e| (f.path.as_path(), &before.findings[e.finding])))
        .collect();
    let mut blamed: HashMap<&str, &str> = HashMap::default();
    for new in after.findings.iter().filter(|f| !had.contains(f.fingerprint.as_str())) {
        let path = after.project.files[new.file].path.as_path();
        let same = |a: &FindingResource, b: &FindingResource| a.address == b.address && a.scope == b.scope;
        let on_resource = |f: &Finding| f.resources.iter().any(|r| new.resources.iter().any(|n| same(r, n)));
        let in_scope =
            |f: &Finding| f.resources.iter().any(|r| new.resources.iter().any(|n| n.scope == r.scope));
        let tests: [&dyn Fn(&Edited<'_, 'a>) -> bool; 4] =
            [&|(_, f)| on_resource(f), &|(p, _)| *p == path, &|(_, f)| in_scope(f), &|_| true];
        for test in tests {
            let culprits: Vec<&Finding> = edits.iter().filter(|e| test(e)).map(|(_, f)| *f).collect();
            if !culprits.is_empty() {
                for f in culprits {
                    blamed.entry(f.fingerprint.as_str()).or_insert(new.rule_id.as_str());
                }
                break;
            }
        }
    }
    blamed
}

/// Writes every file of the plan; the files that could not be written, with the error.
#[must_use]
pub fn write(plan: &Plan) -> Vec<(String, std::io::Error)> {
    // In parallel: many small writes, each its own few system calls.
    plan.files
        .par_iter()
        .filter_map(|f| fix::write_atomically(&f.path, &f.fixed).err().map(|e| (f.display.clone(), e)))
        .collect()
}
