#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Module calls: root modules, local modules, nested calls, and what cannot be evaluated.

use super::tests::*;

#[test]
fn directories_are_separate_root_modules() {
    let out = run(&[
        ("a/main.tf", "locals { n = \"a\" }\nresource \"t_r\" \"r\" {\n  n = local.n\n}\n"),
        ("b/main.tf", "locals { n = \"b\" }\nresource \"t_r\" \"r\" {\n  n = local.n\n}\n"),
    ]);
    let names: Vec<&str> = out.ev.resources.iter().map(|r| s(at(&r.attrs, "n"))).collect();
    assert_eq!(names, ["a", "b"]);
}

const BUCKET_MODULE: &str = r#"
variable "name" {}
variable "source_id" { default = null }
resource "aws_s3_bucket" "this" {
  bucket = var.name
  tag    = var.source_id
}
output "id" { value = aws_s3_bucket.this.id }
output "name" { value = var.name }
"#;

#[test]
fn local_modules_are_evaluated_with_their_arguments() {
    let out = run(&[
        (
            "root/main.tf",
            r#"
resource "aws_kms_key" "k" {}
module "logs" {
  source    = "./modules/bucket"
  name      = "logs-${local.env}"
  source_id = aws_kms_key.k.arn
}
module "many" {
  source   = "./modules/bucket"
  for_each = toset(["a", "b"])
  name     = each.key
}
module "counted" {
  source = "./modules/bucket"
  count  = 1
  name   = "c${count.index}"
}
locals { env = "prod" }
resource "aws_s3_bucket_policy" "p" {
  bucket = module.logs.id
  name   = module.logs.name
  many   = module.many["b"].name
  first  = module.counted[0].name
}
"#,
        ),
        ("root/modules/bucket/main.tf", BUCKET_MODULE),
    ]);
    assert_eq!(
        out.addresses(),
        [
            "aws_kms_key.k",
            "aws_s3_bucket_policy.p",
            "module.logs.aws_s3_bucket.this",
            "module.many[\"a\"].aws_s3_bucket.this",
            "module.many[\"b\"].aws_s3_bucket.this",
            "module.counted[0].aws_s3_bucket.this",
        ]
    );
    let logs = out.res("module.logs.aws_s3_bucket.this");
    assert_eq!(s(at(&logs.attrs, "bucket")), "logs-prod");
    assert_eq!(logs.module_calls.len(), 1);
    let call = &logs.module_calls[0];
    assert_eq!(out.files[call.file].line_col(call.span.start as usize).line, 3);
    // A module variable holding a reference keeps the caller's target.
    assert_eq!(logs.refs.iter().find(|r| r.via == "tag").unwrap().target, "aws_kms_key.k");
    assert_eq!(s(at(&out.res("module.many[\"b\"].aws_s3_bucket.this").attrs, "bucket")), "b");
    let p = out.res("aws_s3_bucket_policy.p");
    assert_eq!(s(at(&p.attrs, "name")), "logs-prod");
    assert_eq!(s(at(&p.attrs, "many")), "b");
    assert_eq!(s(at(&p.attrs, "first")), "c0");
    assert!(at(&p.attrs, "bucket").is_unknown());
    let via_bucket: Vec<&str> =
        p.refs.iter().filter(|r| r.via == "bucket").map(|r| r.target.as_str()).collect();
    assert_eq!(via_bucket, ["module.logs.aws_s3_bucket.this"]);
}

#[test]
fn nested_modules_have_nested_addresses_and_calls() {
    let out = run(&[
        ("env/main.tf", "module \"app\" {\n  source = \"../modules/app\"\n}\n"),
        ("modules/app/main.tf", "module \"store\" {\n  source = \"../bucket\"\n  name   = \"app\"\n}\n"),
        ("modules/bucket/main.tf", BUCKET_MODULE),
    ]);
    assert_eq!(out.addresses(), ["module.app.module.store.aws_s3_bucket.this"]);
    let r = out.res("module.app.module.store.aws_s3_bucket.this");
    let files: Vec<&str> = r.module_calls.iter().map(|c| out.files[c.file].display.as_str()).collect();
    assert_eq!(files, ["env/main.tf", "modules/app/main.tf"]);
}

#[test]
fn remote_missing_and_recursive_modules_are_unknown_without_hanging() {
    let out = run(&[
        (
            "root/main.tf",
            r#"
module "remote" { source = "terraform-aws-modules/s3-bucket/aws" }
module "missing" { source = "../../elsewhere" }
module "self" { source = "./" }
resource "t_r" "r" {
  a = module.remote.id
  b = module.missing.id
}
"#,
        ),
        ("a/main.tf", "module \"b\" {\n  source = \"../b\"\n}\nresource \"t_r\" \"a\" {}\n"),
        ("b/main.tf", "module \"a\" {\n  source = \"../a\"\n}\nresource \"t_r\" \"b\" {}\n"),
    ]);
    let r = out.res("t_r.r");
    assert!(at(&r.attrs, "a").is_unknown());
    assert!(at(&r.attrs, "b").is_unknown());
    let messages: Vec<&str> = out.ev.diagnostics.iter().map(|d| d.message.as_str()).collect();
    // Without a repository around it, every directory is outside the repository root.
    assert!(messages.iter().any(|m| m.contains("is outside the repository root")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("calls itself")), "{messages:?}");
    // a and b call each other: one of them is evaluated as the root, the other once through it.
    assert!(out.addresses().contains(&"t_r.a"));
    assert!(out.addresses().contains(&"module.b.t_r.b"));
    assert_eq!(out.addresses().len(), 3);
}

#[test]
fn module_calls_and_terraform_blocks_are_settings() {
    let out = run(&[
        (
            "root/main.tf",
            r#"
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.8.1"
  name    = "main"
}
module "app" {
  source = "./app"
}
"#,
        ),
        (
            "root/app/main.tf",
            "module \"inner\" {\n  source = \"git::https://example.com/m.git?ref=main\"\n}\n",
        ),
    ]);
    let settings: Vec<(&str, &str)> = out
        .ev
        .resources
        .iter()
        .filter(|r| r.mode == crate::model::Mode::Setting)
        .map(|r| (r.rtype.as_str(), r.address.as_str()))
        .collect();
    assert_eq!(
        settings,
        [
            ("terraform", "terraform"),
            ("module", "module.vpc"),
            ("module", "module.app"),
            ("module", "module.app.module.inner")
        ]
    );
    let vpc = out.res("module.vpc");
    assert_eq!(at(&vpc.attrs, "version").as_str(), Some("5.8.1"));
    // Only `source` and `version`: a call's inputs are the module's business.
    assert!(vpc.attrs.get("name").is_none());
    let tf = out.res("terraform");
    assert_eq!(at(&tf.attrs, "required_providers.0.aws.version").as_str(), Some("~> 5.0"));
    assert_eq!(out.line(tf, tf.head), 2);
}
