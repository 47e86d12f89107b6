//! The committed policy docs match the policy files, and every policy's metadata holds together.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use palisade::app::{self, ScanOptions};

#[test]
fn committed_policy_docs_are_current() {
    let policies = app::policies(&ScanOptions::default()).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/policies");
    let mut stale = Vec::new();
    let expected = palisade::docs::generated_files(&policies);
    for (name, text) in &expected {
        if std::fs::read_to_string(dir.join(name)).ok().as_deref() != Some(text.as_str()) {
            stale.push(name.clone());
        }
    }
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        if !expected.iter().any(|(n, _)| *n == name) {
            stale.push(format!("{name} (no such policy)"));
        }
    }
    assert!(stale.is_empty(), "docs/policies is stale; run `cargo run -- docs`: {stale:?}");
}

#[test]
fn readme_policy_list_is_current() {
    let policies = app::policies(&ScanOptions::default()).unwrap();
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let expected = palisade::docs::readme_with_policies(&readme, &policies).expect("policy list markers");
    assert!(readme == expected, "README's policy list is stale; run `cargo run -- docs`");
}

#[test]
fn every_policy_has_compliance_or_a_reason_and_a_fix() {
    let policies = app::policies(&ScanOptions::default()).unwrap();
    for p in &policies {
        assert!(
            !p.compliance.is_empty() || p.compliance_note.is_some(),
            "{}: no compliance and no note",
            p.id
        );
        assert!(!p.references.is_empty(), "{}: no references", p.id);
        assert!(p.description.len() > 80, "{}: description too short to say why it matters", p.id);
        for check in &p.checks {
            let snippet = match check.format {
                palisade::source::Format::Terraform => &p.remediation.terraform,
                palisade::source::Format::CloudFormation => &p.remediation.cloudformation,
            };
            assert!(snippet.is_some(), "{}: no {} remediation snippet", p.id, check.format.name());
        }
        // clippy's message style: lower-case, no trailing period; names keep their casing (RDS,
        // CloudFront, Lambda), so an upper-case start must be a name, never a capitalised word.
        assert!(!p.message.ends_with('.'), "{}: message ends with a period", p.id);
        let first = p.message.split_whitespace().next().unwrap_or_default();
        let names = [
            "Lambda", "Neptune", "Redshift", "Kinesis", "Firehose", "Amazon", "Security", "Secrets", "Step",
            "Athena", "Glue", "Route", "Global", "Session", "Aurora",
        ];
        assert!(
            !first.starts_with(|c: char| c.is_uppercase())
                || first.chars().skip(1).any(char::is_uppercase)
                || (first.len() > 1 && !first.chars().any(char::is_lowercase))
                || names.contains(&first),
            "{}: message starts with a capitalised word",
            p.id
        );
        for framework in p.compliance.keys() {
            assert!(
                ["fsbp", "securityhub", "cis-aws-v3", "nist-800-53-r5", "pci-dss-v4.0.1", "well-architected"]
                    .contains(&framework.as_str()),
                "{}: unknown compliance framework {framework}",
                p.id
            );
        }
    }
}

/// Control ids must exist in AWS's documentation, copied into `../shared/controls` (absent on a fresh
/// clone, where this test is skipped).
#[test]
fn compliance_ids_exist_in_aws_documentation() {
    let controls = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/controls");
    if !controls.exists() {
        // CI always has it: a run that cannot see it must not pass as if it had checked.
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{} is absent under CI=true",
            controls.display()
        );
        eprintln!("SKIPPED compliance_ids_exist_in_aws_documentation: {} is absent", controls.display());
        return;
    }
    let ids = |file: &str| -> Vec<String> {
        std::fs::read_to_string(controls.join(file))
            .unwrap()
            .lines()
            .skip(1)
            .filter_map(|l| l.split('\t').next().map(str::to_string))
            .collect()
    };
    let fsbp = ids("fsbp-controls.tsv");
    let other = ids("securityhub-other-controls.tsv");
    let cis = ids("cis-aws-v3.tsv");
    let policies = app::policies(&ScanOptions::default()).unwrap();
    let mut bad = Vec::new();
    for p in &policies {
        for (framework, list) in &p.compliance {
            for id in list {
                let known = match framework.as_str() {
                    "fsbp" => fsbp.contains(id),
                    "securityhub" => other.contains(id) || fsbp.contains(id),
                    "cis-aws-v3" => cis.contains(id),
                    _ => true,
                };
                if !known {
                    bad.push(format!("{}: {framework} {id}", p.id));
                }
            }
        }
    }
    assert!(bad.is_empty(), "control ids not in AWS's documentation:\n{}", bad.join("\n"));
}

fn coverage() -> palisade::docs::coverage::Coverage {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |name: &str| std::fs::read_to_string(root.join("docs/controls").join(name)).unwrap();
    let (fsbp, other, reasons) =
        (read("fsbp-controls.tsv"), read("securityhub-other-controls.tsv"), read("uncovered.tsv"));
    let tables = palisade::docs::coverage::Tables { fsbp: &fsbp, other: &other, reasons: &reasons };
    let policies = app::policies(&ScanOptions::default()).unwrap();
    palisade::docs::coverage::page(&policies, &tables).unwrap()
}

#[test]
fn committed_coverage_page_and_readme_figure_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let coverage = coverage();
    let committed = std::fs::read_to_string(root.join("docs/coverage.md")).unwrap_or_default();
    assert!(committed == coverage.page, "docs/coverage.md is stale; run `cargo run -- docs`");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let expected =
        palisade::docs::coverage::readme_with_figure(&readme, &coverage.figure).expect("coverage markers");
    assert!(readme == expected, "README's coverage figure is stale; run `cargo run -- docs`");
}

#[test]
fn every_decidable_control_is_covered_or_has_a_reason() {
    let coverage = coverage();
    assert!(coverage.problems.is_empty(), "{}", coverage.problems.join("\n"));
    let f = coverage.figure;
    assert_eq!(f.decidable, 247, "the standard's decidable controls in docs/controls/fsbp-controls.tsv");
    assert_eq!(f.covered + f.reasoned, f.decidable);
    // Every table row has a policy or a reason, never both.
    for row in coverage.page.lines().skip_while(|l| !l.starts_with("|---")).skip(1) {
        let cells: Vec<&str> = row.split(" | ").collect();
        let (policies, reason) = (cells[3].trim(), cells[4].trim_end_matches(" |").trim());
        assert!(policies.is_empty() != reason.is_empty(), "{row}");
    }
}

/// The committed control tables are the ones the compliance ids are checked against
/// (`../shared/controls`, absent on a fresh clone, where this test is skipped).
#[test]
fn committed_control_tables_equal_the_shared_ones() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/controls");
    if !shared.exists() {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{} is absent under CI=true", shared.display());
        eprintln!("SKIPPED committed_control_tables_equal_the_shared_ones: {} is absent", shared.display());
        return;
    }
    for name in ["fsbp-controls.tsv", "securityhub-other-controls.tsv"] {
        let ours = std::fs::read_to_string(root.join("docs/controls").join(name)).unwrap();
        let theirs = std::fs::read_to_string(shared.join(name)).unwrap();
        assert!(ours == theirs, "docs/controls/{name} differs from {}", shared.display());
    }
}
