//! The catalogue's cross-references are real: every id a built-in policy gives as an equivalent exists
//! in the peer tool's catalogue recorded under `testdata/peers/` (a wrong id makes that tool's
//! suppressions silently apply to the wrong finding, or never), and every compliance id exists in the
//! Security Hub and CIS control tables (`../shared/controls/`, or `PALISADE_SHARED_DIR/controls`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use palisade::app::{self, ScanOptions};
use palisade::policy::Policy;

fn policies() -> Vec<Policy> {
    app::policies(&ScanOptions::default()).unwrap()
}

/// The ids of a snapshot file: the first word of each line that is neither blank nor a `#` note.
fn snapshot(name: &str) -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/peers").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

#[test]
fn every_equivalent_id_is_in_the_recorded_peer_catalogue() {
    let catalogues: BTreeMap<&str, BTreeSet<String>> = [
        ("checkov", snapshot("checkov.txt")),
        ("trivy", snapshot("trivy.txt")),
        ("cfn_nag", snapshot("cfn-nag.txt")),
        ("cfn-lint", snapshot("cfn-lint.txt")),
    ]
    .into_iter()
    .collect();
    assert!(catalogues["checkov"].len() > 400 && catalogues["cfn-lint"].len() > 300);
    let mut wrong = Vec::new();
    for policy in policies().iter().filter(|p| p.builtin) {
        for (tool, ids) in &policy.equivalents {
            let Some(known) = catalogues.get(tool.as_str()) else {
                wrong.push(format!("{}: no recorded catalogue for `{tool}`", policy.id));
                continue;
            };
            for id in ids.iter().filter(|id| !known.contains(*id)) {
                wrong.push(format!("{}: {tool} id {id} is not in testdata/peers", policy.id));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The ids the policies of the issue that introduced this test named wrongly stay out.
#[test]
fn known_wrong_equivalents_stay_removed() {
    let policies = policies();
    let listed = |id: &str, tool: &str| -> Vec<String> {
        let policy = policies.iter().find(|p| p.id == id).unwrap();
        policy.equivalents.get(tool).cloned().unwrap_or_default()
    };
    assert!(!listed("AWS-GUARDDUTY-001", "trivy").contains(&"AVD-AWS-0099".to_string()));
    assert!(!listed("AWS-EC2-004", "trivy").contains(&"AVD-AWS-0107".to_string()));
    assert!(!listed("AWS-ELB-003", "checkov").contains(&"CKV_AWS_376".to_string()));
    assert!(!listed("AWS-CONFIG-001", "checkov").contains(&"CKV2_AWS_48".to_string()));
    for id in ["CKV_AWS_63", "CKV_AWS_49"] {
        assert!(!listed("AWS-IAM-010", "checkov").contains(&id.to_string()));
        assert!(listed("AWS-IAM-001", "checkov").contains(&id.to_string()));
    }
    for id in ["CKV_AWS_286", "CKV_AWS_110"] {
        assert!(!listed("AWS-IAM-011", "checkov").contains(&id.to_string()));
        assert!(listed("AWS-IAM-012", "checkov").contains(&id.to_string()));
    }
}

fn shared_dir() -> PathBuf {
    std::env::var_os("PALISADE_SHARED_DIR")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"), PathBuf::from)
}

/// The values of one column of a tab-separated table with a header line.
fn column(path: &Path, name: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let index =
        header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("{name} in {}", path.display()));
    lines.filter_map(|l| l.split('\t').nth(index)).map(str::to_string).collect()
}

#[test]
fn every_compliance_id_exists_in_the_control_tables() {
    let controls = shared_dir().join("controls");
    if !controls.exists() {
        // A fresh clone has no control tables; CI must have them, or the check silently never runs.
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{} is absent under CI=true: the compliance ids are not checked",
            controls.display()
        );
        eprintln!("skipped: {} is absent (set PALISADE_SHARED_DIR)", controls.display());
        return;
    }
    let tables: BTreeMap<&str, BTreeSet<String>> = [
        ("fsbp", column(&controls.join("fsbp-controls.tsv"), "control_id")),
        ("securityhub", column(&controls.join("securityhub-other-controls.tsv"), "control_id")),
        ("cis-aws-v3", column(&controls.join("cis-aws-v3.tsv"), "cis_id")),
    ]
    .into_iter()
    .collect();
    // Well-Architected best-practice ids have no table to check against; NIST and PCI ids are checked
    // against the table read from the same AWS pages, in `tests/related_requirements.rs`.
    let unchecked = ["well-architected", "nist-800-53-r5", "pci-dss-v4.0.1"];
    let mut wrong = Vec::new();
    for policy in policies().iter().filter(|p| p.builtin) {
        for (framework, ids) in &policy.compliance {
            if unchecked.contains(&framework.as_str()) {
                continue;
            }
            let Some(known) = tables.get(framework.as_str()) else {
                wrong.push(format!("{}: no control table for `{framework}`", policy.id));
                continue;
            };
            for id in ids.iter().filter(|id| !known.contains(*id)) {
                wrong.push(format!("{}: {framework} id {id} is not in the control tables", policy.id));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The compliance ids the issue that introduced this test found missing stay listed.
#[test]
fn missing_compliance_ids_stay_listed() {
    let policies = policies();
    let listed = |id: &str, framework: &str| -> Vec<String> {
        let policy = policies.iter().find(|p| p.id == id).unwrap();
        policy.compliance.get(framework).cloned().unwrap_or_default()
    };
    let has = |id: &str, framework: &str, control: &str| listed(id, framework).contains(&control.to_string());
    for id in ["AWS-EC2-001", "AWS-EC2-002"] {
        assert!(has(id, "fsbp", "EC2.18") && has(id, "fsbp", "EC2.19"), "{id}");
    }
    assert!(has("AWS-EC2-003", "cis-aws-v3", "5.2") && has("AWS-EC2-003", "cis-aws-v3", "5.3"));
    assert!(has("AWS-EC2-003", "securityhub", "EC2.53") && has("AWS-EC2-003", "securityhub", "EC2.54"));
    assert!(has("AWS-EFS-001", "cis-aws-v3", "2.4.1"));
    assert!(has("AWS-RDS-014", "cis-aws-v3", "2.3.2"));
    assert!(has("AWS-RDS-018", "fsbp", "RDS.47") && has("AWS-RDS-018", "fsbp", "RDS.48"));
    assert!(has("AWS-EC2-004", "fsbp", "EC2.18"));
    let severity = |id: &str| policies.iter().find(|p| p.id == id).unwrap().severity.name();
    assert_eq!(severity("AWS-CONFIG-003"), "critical");
    assert_eq!(severity("AWS-INSPECTOR-001"), "high");
}
