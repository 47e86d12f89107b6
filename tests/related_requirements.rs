//! The NIST SP 800-53 r5 and PCI DSS v4.0.1 ids policies carry come from AWS's Security Hub pages
//! through one table, `docs/controls/related-requirements.tsv`: the table is well formed, names only
//! controls AWS documents, and every built-in policy carries exactly what the table gives for its
//! `fsbp` and `securityhub` controls. Controls a policy lists that the table lacks are named, with the
//! reason, in `docs/controls/README.md`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use palisade::app::{self, ScanOptions};

const NIST: &str = "nist-800-53-r5";
const PCI: &str = "pci-dss-v4.0.1";

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

struct Row {
    nist: BTreeSet<String>,
    pci: BTreeSet<String>,
    source: String,
}

fn table() -> BTreeMap<String, Row> {
    let text = read("docs/controls/related-requirements.tsv");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("control_id\tnist_800_53_r5\tpci_dss_v4_0_1\tsource"));
    let mut rows = BTreeMap::new();
    for line in lines {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "{line}");
        let ids = |s: &str| s.split(';').filter(|i| !i.is_empty()).map(str::to_string).collect();
        let row = Row { nist: ids(cols[1]), pci: ids(cols[2]), source: cols[3].to_string() };
        assert!(rows.insert(cols[0].to_string(), row).is_none(), "{} is listed twice", cols[0]);
    }
    rows
}

/// Control ids of the committed copies of AWS's control tables.
fn documented_controls() -> BTreeSet<String> {
    ["docs/controls/fsbp-controls.tsv", "docs/controls/securityhub-other-controls.tsv"]
        .iter()
        .flat_map(|f| {
            read(f)
                .lines()
                .skip(1)
                .filter_map(|l| l.split('\t').next())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn is_nist_id(id: &str) -> bool {
    let (base, enhancement) = match id.split_once('(') {
        Some((base, rest)) => (base, rest.strip_suffix(')')),
        None => (id, Some("1")),
    };
    let Some((family, number)) = base.split_once('-') else { return false };
    family.len() == 2
        && family.chars().all(|c| c.is_ascii_uppercase())
        && !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit())
        && enhancement.is_some_and(|e| !e.is_empty() && e.chars().all(|c| c.is_ascii_digit()))
}

fn is_pci_id(id: &str) -> bool {
    id.split('.').all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
}

#[test]
fn the_table_is_well_formed_and_names_documented_controls() {
    let documented = documented_controls();
    let rows = table();
    assert!(rows.len() > 300, "{} rows", rows.len());
    for (control, row) in &rows {
        assert!(documented.contains(control), "{control} is not in AWS's control tables");
        for id in &row.nist {
            assert!(is_nist_id(id), "{control}: {id:?} is not a NIST SP 800-53 control id");
        }
        for id in &row.pci {
            assert!(is_pci_id(id), "{control}: {id:?} is not a PCI DSS requirement number");
        }
        let (service, number) = control.rsplit_once('.').unwrap();
        let page = service.to_lowercase();
        let expected = format!(
            "https://docs.aws.amazon.com/securityhub/latest/userguide/{page}-controls.html#{page}-{number}"
        );
        assert_eq!(row.source, expected, "{control}: the source is the control's own section");
    }
    assert!(is_nist_id("SC-7(11)") && is_nist_id("AC-3") && !is_nist_id("SC-7(") && !is_nist_id("3.1.1"));
    assert!(is_pci_id("8.3.10.1") && !is_pci_id("v4.0.1/1.4.4"));
}

#[test]
fn policies_carry_exactly_what_the_table_gives_for_their_controls() {
    let rows = table();
    let mut wrong = Vec::new();
    for policy in app::policies(&ScanOptions::default()).unwrap().iter().filter(|p| p.builtin) {
        let controls: Vec<&String> =
            ["fsbp", "securityhub"].iter().filter_map(|k| policy.compliance.get(*k)).flatten().collect();
        for (framework, pick) in
            [(NIST, (|r: &Row| &r.nist) as fn(&Row) -> &BTreeSet<String>), (PCI, |r| &r.pci)]
        {
            let expected: BTreeSet<&String> =
                controls.iter().filter_map(|c| rows.get(*c)).flat_map(|r| pick(r).iter()).collect();
            let carried: BTreeSet<&String> = policy.compliance.get(framework).into_iter().flatten().collect();
            for id in carried.difference(&expected) {
                wrong.push(format!(
                    "{}: {framework} {id} is in the table for none of its controls",
                    policy.id
                ));
            }
            for id in expected.difference(&carried) {
                wrong.push(format!("{}: {framework} {id} is missing", policy.id));
            }
        }
    }
    assert!(wrong.is_empty(), "run scripts/related-requirements.py:\n{}", wrong.join("\n"));
}

#[test]
fn known_mappings_reach_the_policies() {
    let policies = app::policies(&ScanOptions::default()).unwrap();
    let ids = |id: &str, framework: &str| -> Vec<String> {
        policies.iter().find(|p| p.id == id).unwrap().compliance.get(framework).cloned().unwrap_or_default()
    };
    // S3.1 and S3.8 on AWS's S3 page: public access blocking is PCI DSS 1.4.4, NIST boundary protection.
    assert_eq!(ids("AWS-S3-001", PCI), ["1.4.4"]);
    assert!(ids("AWS-S3-001", NIST).contains(&"SC-7(21)".to_string()));
    // KMS.4 is a Security Hub control outside FSBP: a `securityhub` id maps as well.
    assert_eq!(ids("AWS-KMS-001", NIST), ["SC-12", "SC-12(2)", "SC-28(3)"]);
    assert_eq!(ids("AWS-KMS-001", PCI), ["3.7.4"]);
}

/// The README names every control a policy lists that the table lacks; nothing it names has a row.
#[test]
fn controls_without_a_row_are_explained() {
    let rows = table();
    let readme = read("docs/controls/README.md");
    let section = readme.split("### Controls not read").nth(1).expect("the README has the section");
    let section = section.split("\n#").next().unwrap();
    // `- `A.1`, `A.2`: reason`: the ids are the quoted words before the colon.
    let explained: BTreeSet<String> = section
        .lines()
        .filter_map(|l| l.strip_prefix("- "))
        .filter_map(|l| l.split_once(':').map(|(ids, _)| ids))
        .flat_map(|ids| ids.split('`').skip(1).step_by(2).map(str::to_string).collect::<Vec<_>>())
        .collect();
    let listed: BTreeSet<String> = app::policies(&ScanOptions::default())
        .unwrap()
        .iter()
        .filter(|p| p.builtin)
        .flat_map(|p| ["fsbp", "securityhub"].iter().filter_map(|k| p.compliance.get(*k)).flatten().cloned())
        .collect();
    let unexplained: Vec<&String> =
        listed.iter().filter(|c| !rows.contains_key(*c) && !explained.contains(*c)).collect();
    assert!(unexplained.is_empty(), "listed by a policy, no row, no reason in the README: {unexplained:?}");
    let stale: Vec<&String> = explained.iter().filter(|c| rows.contains_key(*c)).collect();
    assert!(stale.is_empty(), "the README explains controls the table has: {stale:?}");
}
