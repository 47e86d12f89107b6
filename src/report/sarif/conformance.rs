//! The SARIF report against the OASIS schema and against what GitHub code scanning requires, on the
//! report tests' one fixture (`report::fixture`), adjusted where a test needs more.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value as Json;

use crate::diag::Diagnostic;
use crate::policy::Severity;
use crate::policy::{Suppression, SuppressionKind};
use crate::report::fixture::{self, scan};
use crate::report::{RenderOptions, sarif};
use crate::scan::Scan;
use crate::source::SourceFile;

fn render(scan: &Scan) -> (String, Json) {
    let out = sarif::render(scan, &RenderOptions::default());
    let json = serde_json::from_str(&out).unwrap();
    (out, json)
}

#[test]
fn valid_against_the_sarif_schema() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/sarif-schema-2.1.0.json");
    let Ok(schema_text) = std::fs::read_to_string(&path) else {
        // CI always has it: a run that cannot see it must not pass as if it had checked.
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{} is absent under CI=true", path.display());
        eprintln!("SKIPPED valid_against_the_sarif_schema: {} is absent", path.display());
        return;
    };
    let schema: Json = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::draft4::options().should_validate_formats(true).build(&schema).unwrap();
    let (_, log) = render(&scan());
    let errors: Vec<String> =
        validator.iter_errors(&log).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "schema errors:\n{}", errors.join("\n"));
    // The validator is not vacuous: a 0-based line and an unknown property are both rejected.
    let mut bad = log.clone();
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0.into();
    assert!(!validator.is_valid(&bad));
    let mut bad = log.clone();
    bad["runs"][0]["results"][0]["rule_id"] = "x".into();
    assert!(!validator.is_valid(&bad));
    // An empty scan is valid too.
    let (_, empty) = render(&Scan::default());
    assert!(validator.is_valid(&empty));
}

#[test]
fn header_run_and_tool() {
    let (out, log) = render(&scan());
    assert!(out.ends_with("}\n"));
    assert_eq!(log["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"].as_array().unwrap().len(), 1);
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "palisade");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(driver["semanticVersion"], env!("CARGO_PKG_VERSION"));
    assert_eq!(driver["informationUri"], "https://github.com/palisade-iac/palisade");
    assert_eq!(run["automationDetails"]["id"], "palisade/");
    assert!(run["originalUriBaseIds"]["%SRCROOT%"].is_object());
    assert_eq!(run["columnKind"], "unicodeCodePoints");

    let options = RenderOptions { category: Some("terraform/prod".into()), ..RenderOptions::default() };
    let log: Json = serde_json::from_str(&sarif::render(&scan(), &options)).unwrap();
    assert_eq!(log["runs"][0]["automationDetails"]["id"], "terraform/prod/");
}

#[test]
fn rules_meet_github_requirements() {
    let mut scan = scan();
    // A low policy, which GitHub shows as a note.
    scan.policies[0].severity = Severity::Low;
    scan.policies[0].score = Severity::Low.default_score();
    let (_, log) = render(&scan);
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["AWS-EC2-001", "AWS-S3-002"], "sorted by id, whatever the catalogue's order");
    for rule in rules {
        assert!(!rule["name"].as_str().unwrap().is_empty());
        assert!(!rule["shortDescription"]["text"].as_str().unwrap().is_empty());
        assert!(!rule["fullDescription"]["text"].as_str().unwrap().is_empty());
        assert!(!rule["help"]["text"].as_str().unwrap().trim().is_empty());
        assert!(rule["help"]["markdown"].as_str().unwrap().contains("```hcl\n"));
        assert!(rule["helpUri"].as_str().unwrap().starts_with("https://"));
        let props = &rule["properties"];
        let score: f64 = props["security-severity"].as_str().expect("a string").parse().unwrap();
        assert!((0.1..=10.0).contains(&score), "{score}");
        let tags: Vec<&str> = props["tags"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
        assert!(tags.contains(&"security") && tags.len() <= 20, "{tags:?}");
        assert_eq!(tags.iter().collect::<BTreeSet<_>>().len(), tags.len(), "tags are unique");
        assert_eq!(props["precision"], "high");
        assert!(
            ["error", "warning", "recommendation"].contains(&props["problem.severity"].as_str().unwrap())
        );
    }
    let ec2 = &rules[0];
    assert_eq!(ec2["name"], "SecurityGroupAllowsIngressFromTheInternet");
    assert_eq!(ec2["defaultConfiguration"]["level"], "error");
    assert_eq!(ec2["properties"]["security-severity"], "9.5");
    assert_eq!(ec2["deprecatedIds"], serde_json::json!(["OLD-AWS-EC2-001"]));
    let s3 = &rules[1];
    assert_eq!(s3["defaultConfiguration"]["level"], "note");
    assert_eq!(s3["properties"]["security-severity"], "3.0");
    assert_eq!(s3["properties"]["problem.severity"], "recommendation");
    assert_eq!(
        s3["properties"]["tags"],
        serde_json::json!(["security", "s3", "terraform", "CIS 2.1.1", "FSBP S3.14"])
    );
    assert!(s3["help"]["markdown"].as_str().unwrap().contains("```yaml\nType: AWS::S3::Bucket\n```"));
}

#[test]
fn results_meet_github_requirements() {
    let mut scan = scan();
    // A finding a baseline accepts, in a file whose name needs encoding in a URI.
    let name = "cfn/logs bucket.yaml";
    scan.project.files[2] = SourceFile::new(name.into(), name.into(), fixture::TEMPLATE.into());
    scan.findings[0].suppression =
        Some(Suppression { kind: SuppressionKind::External, justification: Some("baseline".into()) });
    let (_, log) = render(&scan);
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    for result in results {
        let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        let physical = &result["locations"][0]["physicalLocation"];
        let uri = physical["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.starts_with('/') && !uri.contains('\\') && !uri.contains(':'), "{uri}");
        assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let region = &physical["region"];
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[key].as_u64().unwrap() >= 1, "{key} in {region}");
        }
        assert!(!result["partialFingerprints"]["palisade/v2"].as_str().unwrap().is_empty());
        assert!(result["locations"].as_array().unwrap().len() <= 1000);
    }

    let cfn = &results[0];
    assert_eq!(cfn["level"], "error");
    assert_eq!(cfn["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "cfn/logs%20bucket.yaml");
    assert_eq!(cfn["suppressions"], serde_json::json!([{"kind": "external", "justification": "baseline"}]));
    assert_eq!(
        cfn["properties"],
        serde_json::json!({"format": "cloudformation", "resourceTypes": ["AWS::S3::Bucket"]})
    );

    let bucket = &results[1];
    assert_eq!(bucket["ruleId"], "AWS-S3-002");
    assert_eq!(bucket["message"]["text"], "s3 bucket has no versioning: aws_s3_bucket.b");
    assert_eq!(
        bucket["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"endColumn": 29, "endLine": 1, "startColumn": 1, "startLine": 1})
    );
    assert!(bucket.get("suppressions").is_none());
    assert!(bucket.get("relatedLocations").is_none());

    let sg = &results[2];
    assert_eq!(sg["level"], "error");
    let logical = sg["locations"][0]["logicalLocations"].as_array().unwrap();
    let names: Vec<&str> = logical.iter().map(|l| l["fullyQualifiedName"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["module.web.aws_security_group.this[\"a\"]", "module.web.aws_security_group.this[\"b\"]"]
    );
    assert!(logical.iter().all(|l| l["kind"] == "resource"));
    // The ingress block spans three lines; the region is its first line.
    assert_eq!(
        sg["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"endColumn": 12, "endLine": 3, "startColumn": 3, "startLine": 3})
    );
    assert_eq!(
        sg["relatedLocations"],
        serde_json::json!([{
            "id": 0,
            "message": {"text": "module call"},
            "physicalLocation": {
                "artifactLocation": {"uri": "main.tf", "uriBaseId": "%SRCROOT%"},
                "region": {"endColumn": 15, "endLine": 5, "startColumn": 1, "startLine": 5}
            }
        }])
    );
}

#[test]
fn parse_diagnostics_become_notifications() {
    let mut scan = scan();
    scan.project.diagnostics.push(Diagnostic::warning("cfn/other.yaml", None, None, "not a template"));
    let (_, log) = render(&scan);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0]["level"], "error");
    assert_eq!(notes[0]["message"]["text"], "expected `=` after attribute name");
    let physical = &notes[0]["locations"][0]["physicalLocation"];
    assert_eq!(physical["artifactLocation"]["uri"], "broken.tf");
    assert_eq!(physical["region"], serde_json::json!({"startColumn": 7, "startLine": 3}));
    assert_eq!(notes[1]["level"], "warning");
    assert!(notes[1]["locations"][0]["physicalLocation"].get("region").is_none());
}

#[test]
fn rendering_is_deterministic() {
    let (first, _) = render(&scan());
    let (second, _) = render(&scan());
    assert_eq!(first, second);
}

#[test]
fn results_are_capped_with_a_notification() {
    let mut scan = scan();
    let template = scan.findings[1].clone();
    scan.findings = vec![template; sarif::MAX_RESULTS + 5];
    let (_, log) = render(&scan);
    let run = &log["runs"][0];
    assert_eq!(run["results"].as_array().unwrap().len(), sarif::MAX_RESULTS);
    let notes = run["invocations"][0]["toolExecutionNotifications"].as_array().unwrap();
    let last = notes.last().unwrap();
    assert_eq!(last["level"], "warning");
    assert!(last["message"]["text"].as_str().unwrap().contains("truncated"));
}
