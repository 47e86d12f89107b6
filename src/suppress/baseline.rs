//! Baselines: today's findings, accepted by fingerprint so that a team adopting Palisade fails only on
//! new problems. The file is small, sorted and versioned JSON, meant to be committed:
//!
//! ```json
//! { "version": 1, "findings": [ { "fingerprint": "…", "rule_id": "AWS-S3-002", "file": "main.tf",
//!   "address": "aws_s3_bucket.b", "first_seen": "2026-11-20" } ] }
//! ```
//!
//! Fingerprints hash rule id, resource address and file (never the line), so moving code keeps a
//! finding baselined while renaming the resource or moving it to another file does not.

use std::collections::BTreeMap;
use std::path::Path;

use super::Date;
use crate::app::Scan;
use crate::diag::Error;
use crate::graph::base_address;
use crate::policy::engine::fingerprint;
use crate::policy::{Suppression, SuppressionKind};

pub const VERSION: u32 = 1;

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub fingerprint: String,
    pub rule_id: String,
    pub file: String,
    pub address: String,
    /// The date the finding was first written to a baseline (`YYYY-MM-DD`).
    pub first_seen: String,
}

/// Reads a baseline file; a missing, unreadable or malformed one is an error (exit code 2) rather than
/// an empty baseline, which would silently fail every accepted finding.
pub fn load(path: &Path) -> Result<Baseline, Error> {
    let text =
        std::fs::read_to_string(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    let baseline: Baseline = serde_json::from_str(&text).map_err(|e| Error::Policy {
        path: path.display().to_string(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    if baseline.version != VERSION {
        return Err(Error::Usage(format!(
            "{}: baseline version {} is not supported (expected {VERSION})",
            path.display(),
            baseline.version
        )));
    }
    Ok(baseline)
}

/// Marks findings whose fingerprint is in the baseline as suppressed (`external`). A finding of a
/// renamed policy matches under any of the policy's aliases too.
pub fn apply(scan: &mut Scan, baseline: &Baseline, display: &str) {
    let known: std::collections::HashSet<&str> =
        baseline.findings.iter().map(|e| e.fingerprint.as_str()).collect();
    for finding in scan.findings.iter_mut().filter(|f| f.suppression.is_none()) {
        let mut matched = known.contains(finding.fingerprint.as_str());
        if !matched
            && let (Some(policy), Some(resource), Some(file)) = (
                scan.policies.get(finding.policy),
                finding.resources.first(),
                scan.project.files.get(finding.file),
            )
        {
            let address = base_address(&resource.address);
            matched = policy
                .aliases
                .iter()
                .any(|a| known.contains(fingerprint(a, address, &file.display).as_str()));
        }
        if matched {
            finding.suppression = Some(Suppression {
                kind: SuppressionKind::External,
                justification: Some(format!("accepted in baseline {display}")),
            });
        }
    }
}

/// The baseline of a scan: every finding not suppressed in source (open ones and those an earlier
/// baseline already accepted), keeping the `first_seen` date of entries that were already there.
#[must_use]
pub fn build(scan: &Scan, previous: Option<&Baseline>, today: Date) -> Baseline {
    let seen: BTreeMap<&str, &str> = previous
        .map(|b| b.findings.iter().map(|e| (e.fingerprint.as_str(), e.first_seen.as_str())).collect())
        .unwrap_or_default();
    let today = today.to_string();
    let mut findings: Vec<Entry> = scan
        .findings
        .iter()
        .filter(|f| f.suppression.as_ref().is_none_or(|s| s.kind == SuppressionKind::External))
        .map(|f| Entry {
            fingerprint: f.fingerprint.clone(),
            rule_id: f.rule_id.clone(),
            file: scan.project.files.get(f.file).map(|file| file.display.clone()).unwrap_or_default(),
            address: f.resources.first().map(|r| base_address(&r.address).to_string()).unwrap_or_default(),
            first_seen: seen.get(f.fingerprint.as_str()).map_or_else(|| today.clone(), |d| (*d).to_string()),
        })
        .collect();
    findings.sort();
    findings.dedup_by(|a, b| a.fingerprint == b.fingerprint);
    Baseline { version: VERSION, findings }
}

/// The file's text: pretty JSON with a final newline, so diffs of a committed baseline read well.
#[must_use]
pub fn to_json(baseline: &Baseline) -> String {
    serde_json::to_string_pretty(baseline).unwrap_or_default() + "\n"
}
