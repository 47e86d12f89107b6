//! `palisade fix` of a value read from a variable: made where the value is written (a module call's
//! argument, a tfvars line, the variable's default in another file), followed through module calls,
//! and refused with the reason when the variable is read in more than one place.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

mod support;

/// `palisade ARGS` in `dir`, which must exit with `code`; its standard output and error.
fn run(dir: &Path, args: &[&str], code: i32) -> (String, String) {
    let out = support::palisade(dir, args, code);
    (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// A module whose key's rotation is its variable `rotate`, declared in another file.
const MODULE_KEY: &str = "resource \"aws_kms_key\" \"k\" {\n  description         = \"key\"\n  enable_key_rotation = var.rotate\n}\n";
const MODULE_VARIABLES: &str = "variable \"rotate\" {\n  type    = bool\n  default = false\n}\n";

#[test]
fn a_literal_argument_of_a_module_call_is_fixed_in_the_call() {
    let main = "module \"keys\" {\n  source = \"./modules/key\"\n\n  # Rotation is off for now.\n  rotate = false\n}\n";
    let dir = support::project(&[
        ("main.tf", main),
        ("modules/key/main.tf", MODULE_KEY),
        ("modules/key/variables.tf", MODULE_VARIABLES),
    ]);
    let (diff, _) = run(dir.path(), &["fix", "--diff", "--only", "AWS-KMS-001", "."], 1);
    assert_eq!(
        diff,
        "--- a/main.tf\n+++ b/main.tf\n@@ -2,5 +2,5 @@\n   source = \"./modules/key\"\n \n   # Rotation is off for now.\n\
         -  rotate = false\n+  rotate = true\n }\n"
    );
    run(dir.path(), &["fix", "--only", "AWS-KMS-001", "."], 0);
    assert_eq!(read(dir.path(), "main.tf"), main.replace("rotate = false", "rotate = true"));
    // The module, which other callers may share, keeps its default.
    assert_eq!(read(dir.path(), "modules/key/main.tf"), MODULE_KEY);
    assert_eq!(read(dir.path(), "modules/key/variables.tf"), MODULE_VARIABLES);
    run(dir.path(), &["scan", "--only", "AWS-KMS-001", "."], 0);
}

#[test]
fn a_value_passed_through_two_modules_is_fixed_where_it_is_written() {
    // The root passes nothing: the outer module's default is what reaches the key.
    let outer = "module \"inner\" {\n  source = \"../key\"\n  rotate = var.rotation\n}\n\n\
                 variable \"rotation\" {\n  default = false\n}\n";
    let dir = support::project(&[
        ("main.tf", "module \"outer\" {\n  source = \"./modules/outer\"\n}\n"),
        ("modules/outer/main.tf", outer),
        ("modules/key/main.tf", MODULE_KEY),
        ("modules/key/variables.tf", MODULE_VARIABLES),
    ]);
    let (_, stderr) = run(dir.path(), &["fix", "--only", "AWS-KMS-001", "."], 0);
    assert_eq!(stderr.lines().next(), Some("fixed 1 finding in modules/outer/main.tf"), "{stderr}");
    assert_eq!(read(dir.path(), "modules/outer/main.tf"), outer.replace("default = false", "default = true"));
    assert_eq!(read(dir.path(), "modules/key/variables.tf"), MODULE_VARIABLES);

    // When the caller leaves the variable to its default, the default is fixed, in its own file.
    let dir = support::project(&[
        ("main.tf", "module \"keys\" {\n  source = \"./modules/key\"\n}\n"),
        ("modules/key/main.tf", MODULE_KEY),
        ("modules/key/variables.tf", MODULE_VARIABLES),
    ]);
    run(dir.path(), &["fix", "--only", "AWS-KMS-001", "."], 0);
    assert_eq!(
        read(dir.path(), "modules/key/variables.tf"),
        MODULE_VARIABLES.replace("default = false", "default = true")
    );
    assert_eq!(read(dir.path(), "modules/key/main.tf"), MODULE_KEY);
}

#[test]
fn a_root_variable_is_fixed_in_the_tfvars_file_that_sets_it_last() {
    let dir = support::project(&[
        ("main.tf", MODULE_KEY),
        ("variables.tf", MODULE_VARIABLES),
        ("terraform.tfvars", "# Set by the platform team.\nrotate = false\n"),
        ("z.auto.tfvars", "rotate = false # later: this one wins\n"),
    ]);
    run(dir.path(), &["fix", "--only", "AWS-KMS-001", "."], 0);
    assert_eq!(read(dir.path(), "z.auto.tfvars"), "rotate = true # later: this one wins\n");
    assert_eq!(read(dir.path(), "terraform.tfvars"), "# Set by the platform team.\nrotate = false\n");
    assert_eq!(read(dir.path(), "variables.tf"), MODULE_VARIABLES);
    assert_eq!(read(dir.path(), "main.tf"), MODULE_KEY);
}

#[test]
fn two_calls_of_one_module_are_each_fixed_in_their_call() {
    let main = "module \"a\" {\n  source = \"./modules/key\"\n  rotate = false\n}\n\n\
                module \"b\" {\n  source = \"./modules/key\"\n  rotate = false\n}\n";
    let dir = support::project(&[
        ("main.tf", main),
        ("modules/key/main.tf", MODULE_KEY),
        ("modules/key/variables.tf", MODULE_VARIABLES),
    ]);
    run(dir.path(), &["fix", "--only", "AWS-KMS-001", "."], 0);
    assert_eq!(read(dir.path(), "main.tf"), main.replace("rotate = false", "rotate = true"));
}

#[test]
fn a_variable_other_places_read_is_not_fixed() {
    // The module reads `rotate` twice: the argument is not this key's alone.
    let module_key = format!("{MODULE_KEY}\noutput \"rotate\" {{\n  value = var.rotate\n}}\n");
    let main = "module \"keys\" {\n  source = \"./modules/key\"\n  rotate = false\n}\n";
    let dir = support::project(&[
        ("main.tf", main),
        ("modules/key/main.tf", &module_key),
        ("modules/key/variables.tf", MODULE_VARIABLES),
    ]);
    let (_, stderr) = run(dir.path(), &["fix", "--only", "AWS-KMS-001", "."], 1);
    assert!(
        stderr.contains(
            "main.tf:3: AWS-KMS-001 module.keys.aws_kms_key.k: no automatic fix: the value comes from var.rotate, \
             which the module reads in 2 places"
        ),
        "{stderr}"
    );
    assert_eq!(read(dir.path(), "main.tf"), main);

    // An argument computed by an expression is not edited either.
    let main = "module \"keys\" {\n  source = \"./modules/key\"\n  rotate = !true\n}\n";
    let dir = support::project(&[
        ("main.tf", main),
        ("modules/key/main.tf", MODULE_KEY),
        ("modules/key/variables.tf", MODULE_VARIABLES),
    ]);
    let (_, stderr) = run(dir.path(), &["fix", "--only", "AWS-KMS-001", "."], 1);
    assert!(
        stderr.contains("no automatic fix: the value comes from the argument rotate = !true of module.keys"),
        "{stderr}"
    );
    assert_eq!(read(dir.path(), "main.tf"), main);
}

#[test]
fn sarif_fixes_name_the_file_where_the_value_is_written() {
    let dir = support::project(&[
        ("main.tf", "module \"keys\" {\n  source = \"./modules/key\"\n  rotate = false\n}\n"),
        ("modules/key/main.tf", MODULE_KEY),
        ("modules/key/variables.tf", MODULE_VARIABLES),
    ]);
    let (out, _) =
        run(dir.path(), &["scan", "--only", "AWS-KMS-001", "--format", "sarif", "--sarif-fixes", "."], 1);
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    let change = &results[0]["fixes"][0]["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "main.tf");
    assert_eq!(
        change["replacements"][0],
        serde_json::json!({
            "deletedRegion": {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 17},
            "insertedContent": {"text": "  rotate = true"}
        })
    );
}

#[test]
fn a_default_in_a_downloaded_module_is_not_written() {
    let dir = support::project(&[
        ("main.tf", "module \"keys\" {\n  source = \"./.terraform/modules/keys\"\n}\n"),
        (".terraform/modules/keys/main.tf", MODULE_KEY),
        (".terraform/modules/keys/variables.tf", MODULE_VARIABLES),
    ]);
    let (_, stderr) = run(dir.path(), &["fix", "--only", "AWS-KMS-001", "."], 1);
    assert!(stderr.contains("no automatic fix: the file is in a hidden directory"), "{stderr}");
    assert_eq!(read(dir.path(), ".terraform/modules/keys/variables.tf"), MODULE_VARIABLES);
}

/// A fix made in another file than its finding's is refused when the scan of the result has a
/// finding the first scan had not, wherever that new finding is.
#[test]
fn a_default_that_would_add_a_finding_elsewhere_is_not_written() {
    let main = "resource \"aws_rds_cluster\" \"c\" {\n  engine            = \"aurora-postgresql\"\n  storage_encrypted = var.encrypted\n}\n";
    let variables = "variable \"encrypted\" {\n  default = false\n}\n";
    let dir = support::project(&[("main.tf", main), ("variables.tf", variables)]);
    let args = ["fix", "--unsafe-fixes", "--only", "AWS-RDS-010", "--only", "AWS-RDS-050", "."];
    let (_, stderr) = run(dir.path(), &args, 1);
    assert!(
        stderr.contains(
            "main.tf:3: AWS-RDS-010 aws_rds_cluster.c: no automatic fix: the fix would add a finding of AWS-RDS-050"
        ),
        "{stderr}"
    );
    assert_eq!(read(dir.path(), "variables.tf"), variables);
    // Without the policy it would add, the default is fixed.
    run(dir.path(), &["fix", "--unsafe-fixes", "--only", "AWS-RDS-010", "."], 0);
    assert_eq!(read(dir.path(), "variables.tf"), variables.replace("false", "true"));
}

/// The default of a module two roots call fixes a finding in each: one edit, suggested once.
#[test]
fn one_edit_for_two_roots_is_one_suggestion() {
    let call = "module \"keys\" {\n  source = \"../modules/key\"\n}\n";
    let dir = support::project(&[
        ("a/main.tf", call),
        ("b/main.tf", call),
        ("modules/key/main.tf", MODULE_KEY),
        ("modules/key/variables.tf", MODULE_VARIABLES),
    ]);
    let (out, _) = run(dir.path(), &["fix", "--diff", "--format", "json", "--only", "AWS-KMS-001", "."], 1);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let fixes = json["fixes"].as_array().unwrap();
    assert_eq!(fixes.len(), 1, "{out}");
    assert_eq!(fixes[0]["path"], "modules/key/variables.tf");
    assert_eq!(fixes[0]["finding_path"], "modules/key/main.tf");
    assert_eq!(fixes[0]["line"], 3);
    assert_eq!(fixes[0]["replacement"], "  default = true");
    let (_, stderr) = run(dir.path(), &["fix", "--only", "AWS-KMS-001", "."], 0);
    assert!(stderr.contains("fixed 2 findings in modules/key/variables.tf"), "{stderr}");
    assert_eq!(read(dir.path(), "modules/key/variables.tf"), MODULE_VARIABLES.replace("false", "true"));
}
