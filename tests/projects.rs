//! Evaluation end to end on small projects under `testdata/projects/`: each test asserts the exact
//! findings (rule, file, line, instance addresses), including the ones that must not appear because
//! a value is unknown or a resource is never created.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use palisade::app::{self, Scan, ScanOptions};

fn project(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/projects").join(name)
}

fn scan_with(name: &str, tweak: impl FnOnce(&mut ScanOptions)) -> Scan {
    let mut options = ScanOptions { paths: vec![project(name)], ..ScanOptions::default() };
    tweak(&mut options);
    app::scan(&options).unwrap()
}

/// `(rule, file name relative to the project, line, [addresses])`, in report order.
fn findings(scan: &Scan, name: &str) -> Vec<(String, String, usize, Vec<String>)> {
    let root = project(name);
    scan.findings
        .iter()
        .map(|f| {
            let file = &scan.project.files[f.file];
            let rel = file.path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
            let line = file.line_col(f.span.start as usize).line;
            (f.rule_id.clone(), rel, line, f.resources.iter().map(|r| r.address.clone()).collect())
        })
        .collect()
}

fn only(rules: &[&str]) -> impl FnOnce(&mut ScanOptions) {
    let rules: Vec<String> = rules.iter().map(ToString::to_string).collect();
    move |o: &mut ScanOptions| o.only = rules
}

fn f(rule: &str, file: &str, line: usize, addresses: &[&str]) -> (String, String, usize, Vec<String>) {
    (rule.into(), file.into(), line, addresses.iter().map(ToString::to_string).collect())
}

#[test]
fn variables_follow_terraform_precedence_and_unset_ones_are_unknown() {
    let scan = scan_with("tf-variables", only(&["AWS-EC2-001", "AWS-EC2-002", "AWS-EC2-004"]));
    // ssh_cidr: default 10/8, terraform.tfvars makes it 0.0.0.0/0 → reported at the resource's line.
    // rdp_cidr: default 0.0.0.0/0, tfvars 192.168/16, z.auto.tfvars 10.1/16 (wins) → not reported.
    // db_cidr: no default, no tfvars → unknown, not reported.
    assert_eq!(
        findings(&scan, "tf-variables"),
        vec![f("AWS-EC2-001", "main.tf", 19, &["aws_security_group.admin"])]
    );
    assert!(scan.unknowns.iter().any(|u| u.reason.contains("var.db_cidr has no value")));

    // --var beats every file.
    let scan = scan_with("tf-variables", |o| {
        o.only = vec!["AWS-EC2-001".into(), "AWS-EC2-004".into()];
        o.terraform.vars =
            vec![("ssh_cidr".into(), "10.0.0.0/8".into()), ("db_cidr".into(), "0.0.0.0/0".into())];
    });
    assert_eq!(
        findings(&scan, "tf-variables"),
        vec![f("AWS-EC2-004", "main.tf", 31, &["aws_security_group.admin"])]
    );
}

#[test]
fn count_for_each_and_dynamic_blocks_expand_into_instances() {
    let scan = scan_with("tf-expansion", only(&["AWS-S3-002", "AWS-EC2-001"]));
    assert_eq!(
        findings(&scan, "tf-expansion"),
        vec![
            // count = 0 creates nothing; count = 2 is one finding naming both instances.
            f("AWS-S3-002", "main.tf", 14, &["aws_s3_bucket.pair[0]", "aws_s3_bucket.pair[1]"]),
            // for_each: only the instance whose CIDR is public.
            f("AWS-EC2-001", "main.tf", 26, &["aws_security_group.by_source[\"public\"]"]),
            // dynamic blocks: the port-22 block generated from local.ports.
            f("AWS-EC2-001", "main.tf", 38, &["aws_security_group.dynamic"]),
        ]
    );
    // The data source's CIDR is unknown: from_data is not reported.
    assert!(scan.project.resources.iter().all(|r| r.address != "aws_s3_bucket.disabled"));
    assert!(scan.unknowns.iter().any(|u| u.reason.contains("data.aws_vpc.main.cidr_block")));
}

#[test]
fn local_modules_are_evaluated_per_call_and_cycles_are_diagnostics() {
    let scan = scan_with("tf-modules", only(&["AWS-EC2-001", "AWS-EC2-005"]));
    let got = findings(&scan, "tf-modules");
    assert_eq!(
        got,
        vec![
            // Called twice: only the instance given 0.0.0.0/0 is reported, at the argument that
            // gave it, the line the user changes.
            f("AWS-EC2-001", "main.tf", 10, &["module.public.aws_security_group.this"]),
            // The self-calling module's own resource is still checked once.
            f("AWS-EC2-005", "modules/loop/main.tf", 5, &["module.loop.aws_ebs_volume.inside_loop"]),
        ]
    );
    let finding = scan.findings.iter().find(|f| f.rule_id == "AWS-EC2-001").unwrap();
    let line = |l: &palisade::model::Location| {
        let file = &scan.project.files[l.file];
        (
            file.display.rsplit("tf-modules/").next().unwrap_or("").to_string(),
            file.line_col(l.span.start as usize).line,
        )
    };
    // Where the module uses the value, then the calling module block.
    let related: Vec<(String, usize)> = finding.related.iter().map(line).collect();
    assert_eq!(related, [("modules/sg/main.tf".to_string(), 15), ("main.tf".to_string(), 7)]);
    assert_eq!(line(&finding.origin), ("modules/sg/main.tf".to_string(), 15));
    let messages: Vec<&str> = scan.project.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("cycle in locals")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("loop")), "{messages:?}");
}

#[test]
fn file_and_templatefile_read_inside_the_root_only() {
    let scan = scan_with("tf-files", only(&["AWS-IAM-001"]));
    assert_eq!(
        findings(&scan, "tf-files"),
        vec![
            f("AWS-IAM-001", "main.tf", 3, &["aws_iam_policy.from_file"]),
            f("AWS-IAM-001", "main.tf", 8, &["aws_iam_policy.from_template"]),
        ]
    );
    let outside =
        scan.unknowns.iter().find(|u| scan.project.resources[u.resource].address == "aws_iam_policy.outside");
    assert!(outside.unwrap().reason.contains("is outside the repository"));
}

#[test]
fn policy_documents_render_per_for_each_instance() {
    let name = "tf-policy-documents";
    let scan = scan_with(name, only(&["AWS-IAM-001", "AWS-IAM-010"]));
    // Each policy reads the document of its own key: only "admin" grants everything.
    assert_eq!(
        findings(&scan, name),
        vec![f("AWS-IAM-001", "main.tf", 24, &["aws_iam_policy.by_role[\"admin\"]"])]
    );
    let unknown_for = |address: &str| {
        scan.unknowns
            .iter()
            .filter(|u| scan.project.resources[u.resource].address == address)
            .map(|u| u.reason.as_str())
            .collect::<Vec<_>>()
    };
    // The "read" document was judged, not skipped; the unsized one was not guessed.
    assert_eq!(unknown_for("aws_iam_policy.by_role[\"read\"]"), Vec::<&str>::new());
    let extra = unknown_for("aws_iam_policy.extra");
    assert!(
        !extra.is_empty() && extra.iter().all(|r| r.contains("var.extra_roles has no value")),
        "{extra:?}"
    );
}

#[test]
fn cloudformation_parameters_mappings_and_conditions() {
    let scan = scan_with("cfn-parameters", only(&["AWS-EC2-001", "AWS-EC2-005", "AWS-DYNAMODB-001"]));
    // AdminCidr has no value: unknown. NeverCreated's condition is false: not created. The table's
    // PITR depends on IsProd, which depends on a parameter without a value: the false branch fails,
    // and the finding says so.
    assert_eq!(findings(&scan, "cfn-parameters"), vec![f("AWS-DYNAMODB-001", "stack.yaml", 42, &["Data"])]);
    assert!(scan.findings[0].message.ends_with("(when IsProd is false)"), "{}", scan.findings[0].message);
    assert!(scan.project.resources.iter().all(|r| r.address != "NeverCreated"));

    // With the parameters file the ingress is known to be open, through the FindInMap'd port.
    let scan = scan_with("cfn-parameters", |o| {
        o.only = vec!["AWS-EC2-001".into()];
        o.cfn_parameters = palisade::eval::cloudformation::load_parameters(
            &std::fs::read_to_string(project("cfn-parameters").join("params.json")).unwrap(),
        )
        .unwrap();
    });
    assert_eq!(findings(&scan, "cfn-parameters"), vec![f("AWS-EC2-001", "stack.yaml", 24, &["AdminGroup"])]);
}

#[test]
fn terraform_json_syntax_is_evaluated_and_located_in_the_json_files() {
    let scan = scan_with("tf-json", only(&["AWS-EC2-001", "AWS-EC2-004", "AWS-S3-002"]));
    assert_eq!(
        findings(&scan, "tf-json"),
        vec![
            // A JSON module called twice, with a dynamic block: only the public call is reported,
            // at the argument that gave 0.0.0.0/0.
            f("AWS-EC2-001", "main.tf.json", 9, &["module.public.aws_security_group.this"]),
            // terraform.tfvars.json opens SSH; the CIDR is the string's interpolation on line 16.
            f("AWS-EC2-001", "main.tf.json", 16, &["aws_security_group.admin"]),
            // count = 2 is one finding at the name's key; count = 0 creates nothing.
            f("AWS-S3-002", "main.tf.json", 22, &["aws_s3_bucket.pair[0]", "aws_s3_bucket.pair[1]"]),
        ]
    );
    let column =
        |f: &palisade::policy::Finding| scan.project.files[f.file].line_col(f.span.start as usize).column;
    assert_eq!(column(&scan.findings[1]), 83, "at `var.ssh_cidr` inside the string");
    // The module's own line (in JSON too), then the calling block, which holds the argument.
    let inside = &scan.findings[0].related[0];
    assert!(scan.project.files[inside.file].display.ends_with("modules/sg/main.tf.json"));
    assert_eq!(scan.project.files[inside.file].line_col(inside.span.start as usize).line, 13);
    assert_eq!(column(&scan.findings[0]), 43, "at the `cidr` argument of the `public` call");
    let call = &scan.findings[0].related[1];
    assert_eq!(scan.project.files[call.file].line_col(call.span.start as usize).line, 9);
    // db_cidr has neither default nor tfvars: unknown, not a finding.
    assert!(
        scan.unknowns
            .iter()
            .any(|u| scan.policies[u.policy].id == "AWS-EC2-004" && u.reason.contains("var.db_cidr"))
    );
    assert!(scan.project.resources.iter().all(|r| !r.address.starts_with("aws_s3_bucket.none")));
}

#[test]
fn a_companion_that_may_not_exist_decides_nothing() {
    let scan = scan_with("maybe-companions", only(&["AWS-S3-002", "AWS-S3-012"]));
    // Not reported: AWS-S3-002 on aws_s3_bucket.maybe (line 7), AWS-S3-012 on Bucket: both unknown.
    // The Terraform buckets have no bucket policy at all, so AWS-S3-012 holds for them.
    assert_eq!(
        findings(&scan, "maybe-companions"),
        vec![
            f("AWS-S3-012", "main.tf", 7, &["aws_s3_bucket.maybe"]),
            f("AWS-S3-012", "main.tf", 20, &["aws_s3_bucket.sure"]),
            f("AWS-S3-002", "main.tf", 34, &["aws_s3_bucket.unversioned"]),
            f("AWS-S3-012", "main.tf", 34, &["aws_s3_bucket.unversioned"]),
            f("AWS-S3-002", "template.yaml", 9, &["Bucket"]),
        ]
    );
    let reasons: Vec<(&str, &str)> = scan
        .unknowns
        .iter()
        .map(|u| (scan.project.resources[u.resource].address.as_str(), u.reason.as_str()))
        .collect();
    assert!(
        reasons.iter().any(|(a, r)| *a == "aws_s3_bucket.maybe"
            && r.contains("count of aws_s3_bucket_versioning.maybe is unknown")),
        "{reasons:?}"
    );
    assert!(reasons.iter().any(|(a, r)| *a == "Bucket" && r.contains("condition IsPrivate")), "{reasons:?}");
}

#[test]
fn optional_attribute_defaults_of_variable_types_are_applied() {
    let scan = scan_with("tf-optional-defaults", only(&["AWS-RDS-002"]));
    assert_eq!(
        findings(&scan, "tf-optional-defaults"),
        vec![f("AWS-RDS-002", "db/main.tf", 12, &["module.db.aws_db_instance.this"])]
    );
}

#[test]
fn a_finding_decided_by_a_parameter_default_says_which_value_it_assumed() {
    let scan = scan_with("cfn-parameter-defaults", only(&["AWS-RDS-002"]));
    assert_eq!(findings(&scan, "cfn-parameter-defaults"), vec![f("AWS-RDS-002", "stack.yaml", 17, &["Db"])]);
    let finding = &scan.findings[0];
    assert_eq!(finding.assumed_parameters, ["Public = \"true\""]);
    assert!(
        finding.message.ends_with(
            "(assuming the parameter default Public = \"true\"; give the deployed values with --cfn-parameters)"
        ),
        "{}",
        finding.message
    );
    let sarif = palisade::report::render(
        palisade::report::OutputFormat::Sarif,
        &scan,
        &palisade::report::RenderOptions::default(),
    );
    assert!(sarif.contains("\"assumedParameterDefaults\": [\n"), "{sarif}");

    // Given on the command line, the value is no assumption.
    let scan = scan_with("cfn-parameter-defaults", |o| {
        o.only = vec!["AWS-RDS-002".into()];
        o.cfn_parameters.insert("Public".into(), "true".into());
    });
    assert!(scan.findings[0].assumed_parameters.is_empty());
    assert!(!scan.findings[0].message.contains("assuming"));
}

#[test]
fn two_root_modules_calling_the_same_module_are_two_findings() {
    let scan = scan_with("tf-two-roots", only(&["AWS-RDS-002"]));
    assert_eq!(
        findings(&scan, "tf-two-roots"),
        vec![
            // Each at its own root's `public = true`.
            f("AWS-RDS-002", "envs/prod/main.tf", 4, &["module.db.aws_db_instance.this"]),
            f("AWS-RDS-002", "envs/staging/main.tf", 4, &["module.db.aws_db_instance.this"]),
        ]
    );
    let roots: Vec<String> = scan.findings.iter().map(|f| f.resources[0].qualified().into_owned()).collect();
    assert!(roots[0].ends_with("envs/prod:module.db.aws_db_instance.this"), "{roots:?}");
    assert!(roots[1].ends_with("envs/staging:module.db.aws_db_instance.this"), "{roots:?}");
    assert_ne!(scan.findings[0].fingerprint, scan.findings[1].fingerprint);
    // Each names the module's line and its own root's call.
    for (finding, env) in scan.findings.iter().zip(["prod", "staging"]) {
        assert_eq!(finding.related.len(), 2);
        assert!(scan.project.files[finding.related[0].file].display.ends_with("modules/db/main.tf"));
        assert!(
            scan.project.files[finding.related[1].file].display.ends_with(&format!("envs/{env}/main.tf"))
        );
    }
    // JUnit has one failing case per root, not one.
    let junit = palisade::report::render(
        palisade::report::OutputFormat::Junit,
        &scan,
        &palisade::report::RenderOptions::default(),
    );
    assert_eq!(junit.matches("<failure").count(), 2, "{junit}");
    // The JSON report names each instance's root module too.
    let json = palisade::report::render(
        palisade::report::OutputFormat::Json,
        &scan,
        &palisade::report::RenderOptions::default(),
    );
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let roots: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["resources"][0]["root"].as_str().unwrap())
        .collect();
    assert!(roots[0].ends_with("envs/prod") && roots[1].ends_with("envs/staging"), "{roots:?}");
}

#[test]
fn provider_default_tags_count_as_tags_and_follow_the_provider_into_modules() {
    let scan = scan_with("tf-default-tags", |o| {
        o.only = vec!["AWS-TAG-001".into()];
        o.settings.required_tags = vec!["Owner".into(), "Environment".into()];
    });
    assert_eq!(
        findings(&scan, "tf-default-tags"),
        vec![f("AWS-TAG-001", "modules/queue/main.tf", 3, &["module.passed.aws_sqs_queue.this"])]
    );
    assert_eq!(scan.findings[0].message, "resource is missing a required tag: \"Environment\"");
}

#[test]
fn opentofu_files_are_read_and_replace_terraform_files_of_their_name() {
    let rules = ["AWS-EC2-001", "AWS-RDS-002", "AWS-S3-002"];
    let scan = scan_with("opentofu", only(&rules));
    // main.tofu replaces main.tf (whose CIDR is private), db_override.tofu replaces db_override.tf
    // and patches db.tf, and buckets.tofu.json is Terraform's JSON syntax.
    assert_eq!(
        findings(&scan, "opentofu"),
        vec![
            f("AWS-S3-002", "buckets.tofu.json", 4, &["aws_s3_bucket.logs"]),
            f("AWS-RDS-002", "db_override.tofu", 3, &["aws_db_instance.db"]),
            f("AWS-EC2-001", "main.tofu", 8, &["aws_security_group.admin"]),
        ]
    );
    // The files left out are named: Terraform would read them instead.
    let left_out: Vec<(&str, &str)> = scan
        .project
        .diagnostics
        .iter()
        .map(|d| (d.file.rsplit('/').next().unwrap(), d.message.as_str()))
        .collect();
    assert_eq!(
        left_out,
        [
            (
                "db_override.tf",
                "not evaluated: OpenTofu reads \"db_override.tofu\" instead (Terraform would read this file and ignore that one)"
            ),
            (
                "main.tf",
                "not evaluated: OpenTofu reads \"main.tofu\" instead (Terraform would read this file and ignore that one)"
            ),
        ]
    );
}
