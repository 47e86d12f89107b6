//! docs/agreement.md (written by `scripts/compare-checkov.py --markdown`) speaks of the catalog as it is:
//! one row per policy that lists Checkov equivalents, with exactly those ids, and counts that add up
//! to the verdict it states. Checkov itself is not needed here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::Path;

use palisade::app::{self, ScanOptions};

struct Row {
    ids: Vec<String>,
    /// both, Palisade only, Checkov only, Checkov on other types.
    counts: [u64; 4],
    verdict: String,
}

fn rows() -> BTreeMap<String, Row> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/agreement.md")).unwrap();
    let mut rows = BTreeMap::new();
    for line in text.lines().filter(|l| l.starts_with("| [")) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        assert_eq!(cells.len(), 7, "malformed row: {line}");
        let id = cells[0].trim_start_matches('[').split(']').next().unwrap().to_string();
        assert!(cells[0].ends_with(&format!("(policies/{id}.md)")), "row links elsewhere: {line}");
        let counts =
            [1, 2, 3, 4].map(|i| cells[i + 1].parse::<u64>().unwrap_or_else(|_| panic!("count: {line}")));
        let ids = cells[1].split(", ").map(str::to_string).collect();
        let previous = rows.insert(id.clone(), Row { ids, counts, verdict: cells[6].to_string() });
        assert!(previous.is_none(), "{id} has two rows");
    }
    rows
}

#[test]
fn agreement_report_lists_every_policy_with_checkov_equivalents() {
    let policies = app::policies(&ScanOptions::default()).unwrap();
    let mut rows = rows();
    let mut stale = Vec::new();
    for p in &policies {
        let Some(ids) = p.equivalents.get("checkov").filter(|ids| !ids.is_empty()) else { continue };
        match rows.remove(&p.id) {
            None => stale.push(format!("{} missing", p.id)),
            Some(row) if row.ids != *ids => {
                stale.push(format!("{} lists {:?}, the policy {ids:?}", p.id, row.ids));
            }
            Some(_) => {}
        }
    }
    stale.extend(rows.keys().map(|id| format!("{id} has no Checkov equivalents or does not exist")));
    assert!(
        stale.is_empty(),
        "docs/agreement.md is stale; rerun scripts/compare-checkov.py --markdown docs/agreement.md: {stale:?}"
    );
}

#[test]
fn agreement_verdicts_follow_from_the_counts() {
    for (id, row) in rows() {
        let [both, ours, theirs, _other] = row.counts;
        let expected = match (ours, both, theirs) {
            (0, 0, 0) => "none",
            (0, _, 0) => "agree",
            _ => "differ",
        };
        assert_eq!(row.verdict, expected, "{id}");
    }
}
