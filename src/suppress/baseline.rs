//! Baselines: today's findings, accepted instance by instance so that a team adopting Palisade fails
//! only on new problems. The file is small, sorted and versioned JSON, meant to be committed:
//!
//! ```json
//! { "version": 3, "findings": [ { "fingerprint": "…", "rule_id": "AWS-S3-002",
//!   "file": "modules/store/main.tf", "address": "module.a.aws_s3_bucket.b",
//!   "module_call": "main.tf", "first_seen": "2026-11-20" } ] }
//! ```
//!
//! One entry is one resource instance a rule fails on: its full address (with `count` index or
//! `for_each` key and module path), the file the finding is in, and the file of the outermost `module`
//! call that made it (two root modules may both call `module "a"`). A finding is accepted only when
//! every instance it names is: a new instance, a new module call wherever it is written, is a new
//! finding. Fingerprints hash those parts (never the line), so moving code keeps a finding baselined
//! while renaming the resource or moving it to another file does not.
//!
//! Version 3 fingerprints hash the rule, the root module (or template) and the instance address,
//! not the file: a finding reported at the module argument that decided it, rather than inside the
//! module, is the finding it was. Version 2 files (the same, with the file the finding was in inside
//! the module) and version 1 files (one entry per finding, the address of its first instance without
//! index: an entry accepts the instances of that resource address, so a new module instance is new
//! there too) are still read, by the place the finding has inside its resource's files. Writing a
//! baseline writes version 3.

use crate::collections::{HashMap, HashSet};
use std::collections::BTreeMap;
use std::path::Path;

use super::Date;
use crate::diag::{Diagnostic, Error};
use crate::graph::base_address;
use crate::model::Resource;
use crate::policy::engine::{fingerprint, identity};
use crate::policy::{Finding, Suppression, SuppressionKind};
use crate::scan::Scan;

pub const VERSION: u32 = 3;
/// Fingerprints with the file the finding was in.
pub const VERSION_2: u32 = 2;
/// Entries per finding rather than per instance.
pub const VERSION_1: u32 = 1;

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
    /// The instance's address (version 1: the resource address of the finding's first instance).
    pub address: String,
    /// The file of the outermost `module` call that made the instance; absent outside modules.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub module_call: String,
    /// The date the finding was first written to a baseline (`YYYY-MM-DD`).
    pub first_seen: String,
}

/// A baseline file larger than this is refused: 16 MiB is some 60,000 accepted findings.
pub const MAX_BYTES: u64 = 16 << 20;

/// A baseline and the name reports give it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Loaded {
    pub baseline: Baseline,
    pub display: String,
}

/// Reads a baseline file named on the command line; a missing, unreadable or malformed one is an error
/// (exit code 2) rather than an empty baseline, which would silently fail every accepted finding.
pub fn load(path: &Path) -> Result<Baseline, Error> {
    let bytes = crate::repo::read_regular(path, MAX_BYTES, crate::repo::Symlinks::Follow)
        .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
    parse(&path.display().to_string(), &String::from_utf8_lossy(&bytes))
}

/// Parses the text of a baseline file, `display` naming it in errors.
pub fn parse(display: &str, text: &str) -> Result<Baseline, Error> {
    let baseline: Baseline = serde_json::from_str(text).map_err(|e| {
        Error::Located(Box::new(Diagnostic::error(display, Some(e.line()), Some(e.column()), e.to_string())))
    })?;
    if ![VERSION_1, VERSION_2, VERSION].contains(&baseline.version) {
        return Err(Error::Usage(format!(
            "{display}: baseline version {} is not supported (expected {VERSION_1} to {VERSION})",
            baseline.version
        )));
    }
    Ok(baseline)
}

/// Marks findings every instance of which the baseline accepts as suppressed (`external`). A finding
/// of a renamed policy matches under any of the policy's aliases too.
pub fn apply(scan: &mut Scan, baseline: &Baseline, display: &str) {
    let known: HashSet<&str> = baseline.findings.iter().map(|e| e.fingerprint.as_str()).collect();
    let instances = Instances::new(scan);
    let mut accepted = Vec::with_capacity(scan.findings.len());
    for finding in &scan.findings {
        let Some(policy) = scan.policies.get(finding.policy) else {
            accepted.push(false);
            continue;
        };
        let ids: Vec<&str> =
            std::iter::once(policy.id.as_str()).chain(policy.aliases.iter().map(String::as_str)).collect();
        let of = instances.of(finding);
        let all = !of.is_empty()
            && of.iter().all(|&r| {
                ids.iter()
                    .any(|id| known.contains(Instances::key(scan, baseline.version, id, finding, r).as_str()))
            });
        accepted.push(finding.suppression.is_none() && all);
    }
    for (finding, accepted) in scan.findings.iter_mut().zip(accepted) {
        if accepted {
            finding.suppression = Some(Suppression {
                kind: SuppressionKind::External,
                justification: Some(format!("accepted in baseline {display}")),
            });
        }
    }
}

/// The baseline of a scan: every instance of every finding not suppressed in source (open ones and
/// those an earlier baseline already accepted), keeping the `first_seen` date of entries that were
/// already there.
#[must_use]
pub fn build(scan: &Scan, previous: Option<&Baseline>, today: Date) -> Baseline {
    let seen: BTreeMap<&str, &str> = previous
        .map(|b| b.findings.iter().map(|e| (e.fingerprint.as_str(), e.first_seen.as_str())).collect())
        .unwrap_or_default();
    let instances = Instances::new(scan);
    let today = today.to_string();
    let mut findings = Vec::new();
    for f in scan
        .findings
        .iter()
        .filter(|f| f.suppression.as_ref().is_none_or(|s| s.kind == SuppressionKind::External))
    {
        let file = scan.project.files.get(f.file).map(|file| file.display.clone()).unwrap_or_default();
        for r in instances.of(f) {
            let resource = &scan.project.resources[r];
            let fingerprint = Instances::key(scan, VERSION, &f.rule_id, f, r);
            let earlier = previous.map(|b| Instances::key(scan, b.version, &f.rule_id, f, r));
            let first_seen = earlier
                .as_deref()
                .and_then(|k| seen.get(k))
                .map_or_else(|| today.clone(), |d| (*d).to_string());
            findings.push(Entry {
                fingerprint,
                rule_id: f.rule_id.clone(),
                file: file.clone(),
                address: resource.address.clone(),
                module_call: Instances::module_call(scan, resource).to_string(),
                first_seen,
            });
        }
    }
    findings.sort();
    findings.dedup_by(|a, b| a.fingerprint == b.fingerprint);
    Baseline { version: VERSION, findings }
}

/// The resource instances a finding is about: every instance in the finding's file with one of its
/// addresses. Instances of one address from two root modules share a finding; both must be accepted.
struct Instances<'a> {
    by_address: HashMap<(usize, &'a str, usize), Vec<usize>>,
}

impl<'a> Instances<'a> {
    fn new(scan: &'a Scan) -> Self {
        let mut by_address: HashMap<(usize, &str, usize), Vec<usize>> = HashMap::default();
        for (i, r) in scan.project.resources.iter().enumerate() {
            // A finding decided in an override file is in that file.
            for file in r.files() {
                by_address.entry((file, r.address.as_str(), r.scope)).or_default().push(i);
            }
        }
        Instances { by_address }
    }

    fn of(&self, finding: &Finding) -> Vec<usize> {
        let mut out: Vec<usize> = finding
            .resources
            .iter()
            .filter_map(|r| self.by_address.get(&(finding.origin.file, r.address.as_str(), r.scope)))
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    fn module_call<'s>(scan: &'s Scan, resource: &Resource) -> &'s str {
        resource
            .module_calls
            .first()
            .and_then(|call| scan.project.files.get(call.file))
            .map_or("", |f| f.display.as_str())
    }

    /// The fingerprint an entry of a baseline `version` has for instance `r` of `finding` under `rule_id`.
    fn key(scan: &Scan, version: u32, rule_id: &str, finding: &Finding, r: usize) -> String {
        let resource = &scan.project.resources[r];
        if version == VERSION {
            return identity(rule_id, &scan.project.root_name(resource), &resource.address);
        }
        let file = scan.project.files.get(finding.origin.file).map_or("", |f| f.display.as_str());
        if version == VERSION_1 {
            return fingerprint(rule_id, base_address(&resource.address), file);
        }
        let call = Self::module_call(scan, resource);
        if call.is_empty() {
            fingerprint(rule_id, &resource.address, file)
        } else {
            fingerprint(rule_id, &format!("{}\0{call}", resource.address), file)
        }
    }
}

/// The file's text: pretty JSON with a final newline, so diffs of a committed baseline read well.
#[must_use]
pub fn to_json(baseline: &Baseline) -> String {
    serde_json::to_string_pretty(baseline).unwrap_or_default() + "\n"
}
