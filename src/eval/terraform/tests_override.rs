//! Override files (`override.tf`, `*_override.tf`, `.tf.json` forms): merged into the blocks they name.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::tests::{Out, at, run, s};
use crate::model::{Input, Resource};
use crate::value::{Kind, Value};

const DB: &str = r#"resource "aws_db_instance" "db" {
  engine              = "postgres"
  publicly_accessible = false
  lifecycle {
    prevent_destroy       = true
    create_before_destroy = true
  }
}
"#;

/// The file and line a value of `r` is at, as findings see it.
fn place(out: &Out, r: &Resource, v: &Value) -> (String, usize) {
    let (file, span) = r.locate(v.span);
    (out.files[file].display.clone(), out.files[file].line_col(span.start as usize).line)
}

#[test]
fn an_override_replaces_arguments_and_keeps_their_file() {
    let over = "# patched\nresource \"aws_db_instance\" \"db\" {\n  publicly_accessible = true\n}\n";
    let out = run(&[("m/main.tf", DB), ("m/main_override.tf", over)]);
    assert_eq!(out.addresses(), ["aws_db_instance.db"], "one merged resource, not two");
    let r = out.res("aws_db_instance.db");
    assert_eq!(out.files[r.file].display, "m/main.tf");
    let public = at(&r.attrs, "publicly_accessible");
    assert_eq!(public.kind, Kind::Bool(true));
    assert_eq!(place(&out, r, public), ("m/main_override.tf".to_string(), 3));
    // What the override does not set stays where it was written.
    assert_eq!(place(&out, r, at(&r.attrs, "engine")), ("m/main.tf".to_string(), 2));
    // A change to the override block is a change to the resource.
    assert!(r.inputs.iter().any(|i| matches!(i, Input::Text(l) if l.file == 1)), "{:?}", r.inputs);
}

#[test]
fn override_files_apply_after_the_others_in_name_order() {
    let a = "resource \"aws_db_instance\" \"db\" {\n  engine = \"a\"\n  publicly_accessible = true\n}\n";
    let b = "resource \"aws_db_instance\" \"db\" {\n  engine = \"b\"\n}\n";
    // Given in reverse order, and the override before the file it patches.
    let out = run(&[("z_override.tf", b), ("override.tf", a), ("main.tf", DB)]);
    let r = out.res("aws_db_instance.db");
    assert_eq!(s(at(&r.attrs, "engine")), "b");
    assert_eq!(place(&out, r, at(&r.attrs, "engine")), ("z_override.tf".to_string(), 2));
    assert_eq!(place(&out, r, at(&r.attrs, "publicly_accessible")), ("override.tf".to_string(), 3));
    assert_eq!(r.span_files.len(), 2);
}

#[test]
fn nested_blocks_of_a_type_are_replaced_whole_and_lifecycle_merges_by_argument() {
    let main = r#"resource "aws_security_group" "sg" {
  name = "sg"
  ingress {
    from_port   = 443
    cidr_blocks = ["10.0.0.0/8"]
  }
  dynamic "ingress" {
    for_each = [80, 8080]
    content {
      from_port   = ingress.value
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
  egress {
    from_port = 0
  }
}
"#;
    let over = r#"resource "aws_security_group" "sg" {
  ingress {
    from_port   = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#;
    let out = run(&[("main.tf", main), ("sg_override.tf", over)]);
    let r = out.res("aws_security_group.sg");
    let ingress = at(&r.attrs, "ingress").as_list().unwrap();
    assert_eq!(ingress.len(), 1, "the override's ingress replaces all three: {}", r.attrs);
    assert_eq!(ingress[0].get("from_port").unwrap().as_f64(), Some(22.0));
    let cidr = at(&r.attrs, "ingress.0.cidr_blocks.0");
    assert_eq!(place(&out, r, cidr), ("sg_override.tf".to_string(), 4));
    assert_eq!(at(&r.attrs, "egress").as_list().unwrap().len(), 1);

    let over = "resource \"aws_db_instance\" \"db\" {\n  lifecycle {\n    prevent_destroy = false\n  }\n}\n";
    let out = run(&[("main.tf", DB), ("db_override.tf", over)]);
    let r = out.res("aws_db_instance.db");
    assert_eq!(at(&r.attrs, "lifecycle.0.prevent_destroy").kind, Kind::Bool(false));
    assert_eq!(at(&r.attrs, "lifecycle.0.create_before_destroy").kind, Kind::Bool(true));
    assert_eq!(
        place(&out, r, at(&r.attrs, "lifecycle.0.prevent_destroy")),
        ("db_override.tf".to_string(), 3)
    );
}

#[test]
fn an_override_without_original_is_a_warning_and_is_ignored() {
    let over = "\nresource \"aws_db_instance\" \"other\" {\n  publicly_accessible = true\n}\nlocals {\n  nope = 1\n}\n";
    let out = run(&[("main.tf", DB), ("override.tf", over)]);
    assert_eq!(out.addresses(), ["aws_db_instance.db"]);
    let warnings: Vec<String> = out.ev.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(out.ev.diagnostics.iter().all(|d| d.level == crate::diag::DiagLevel::Warning));
    assert!(
        warnings[0].starts_with("override.tf:2:1: override of resource \"aws_db_instance\" \"other\""),
        "{warnings:?}"
    );
    assert!(warnings[1].starts_with("override.tf:6:3: override of local.nope"), "{warnings:?}");
}

#[test]
fn a_json_override_points_into_its_json_text() {
    let over = r#"{
  "resource": {
    "aws_db_instance": {
      "db": {
        "publicly_accessible": true
      }
    }
  }
}
"#;
    let out = run(&[("main.tf", DB), ("override.tf.json", over)]);
    let r = out.res("aws_db_instance.db");
    let public = at(&r.attrs, "publicly_accessible");
    assert_eq!(public.kind, Kind::Bool(true));
    assert_eq!(place(&out, r, public), ("override.tf.json".to_string(), 5));
}

#[test]
fn locals_variables_outputs_count_and_module_arguments_are_overridden() {
    let main = r#"variable "public" {
  type    = bool
  default = false
}
locals {
  engine = "mysql"
}
resource "aws_db_instance" "db" {
  count               = 1
  engine              = local.engine
  publicly_accessible = var.public
}
module "child" {
  source = "./child"
  public = false
}
resource "t_r" "out" {
  v = module.child.o
}
"#;
    let over = r#"variable "public" {
  default = true
}
locals {
  engine = "postgres"
}
resource "aws_db_instance" "db" {
  count = 2
}
module "child" {
  public = true
}
"#;
    let child = r#"variable "public" {}
resource "aws_db_instance" "c" {
  publicly_accessible = var.public
}
output "o" {
  value = 1
}
"#;
    let child_over = "output \"o\" {\n  value = 2\n}\n";
    let out = run(&[
        ("main.tf", main),
        ("main_override.tf", over),
        ("child/main.tf", child),
        ("child/override.tf", child_over),
    ]);
    assert_eq!(
        out.addresses(),
        ["aws_db_instance.db[0]", "aws_db_instance.db[1]", "t_r.out", "module.child.aws_db_instance.c"]
    );
    assert_eq!(at(&out.res("t_r.out").attrs, "v").as_f64(), Some(2.0));
    let r = out.res("aws_db_instance.db[1]");
    assert_eq!(s(at(&r.attrs, "engine")), "postgres");
    assert_eq!(at(&r.attrs, "publicly_accessible").kind, Kind::Bool(true));
    let c = out.res("module.child.aws_db_instance.c");
    assert_eq!(at(&c.attrs, "publicly_accessible").kind, Kind::Bool(true));
    // The overriding call is an input of the module's resources.
    assert!(c.inputs.iter().any(|i| matches!(i, Input::Text(l) if l.file == 1)), "{:?}", c.inputs);
}

#[test]
fn an_opentofu_file_replaces_the_terraform_file_of_its_name() {
    let tofu = "resource \"aws_db_instance\" \"db\" {\n  engine = \"tofu\"\n}\n";
    let other = "resource \"aws_db_instance\" \"other\" {\n  engine = \"x\"\n}\n";
    let over_tf = "resource \"aws_db_instance\" \"db\" {\n  engine = \"tf override\"\n}\n";
    let over_tofu = "resource \"aws_db_instance\" \"db\" {\n  publicly_accessible = true\n}\n";
    let out = run(&[
        ("m/main.tf", DB),
        ("m/main.tofu", tofu),
        ("m/other.tf", other),
        ("m/x_override.tf", over_tf),
        ("m/x_override.tofu", over_tofu),
    ]);
    assert_eq!(out.addresses(), ["aws_db_instance.db", "aws_db_instance.other"]);
    let r = out.res("aws_db_instance.db");
    assert_eq!(out.files[r.file].display, "m/main.tofu");
    // main.tf's publicly_accessible is gone with it; x_override.tf is replaced by x_override.tofu.
    assert_eq!(s(at(&r.attrs, "engine")), "tofu");
    let public = at(&r.attrs, "publicly_accessible");
    assert_eq!(public.kind, Kind::Bool(true));
    assert_eq!(place(&out, r, public), ("m/x_override.tofu".to_string(), 2));
}
