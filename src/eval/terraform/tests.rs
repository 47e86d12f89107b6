#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Write as _;

use super::*;
use crate::model::{Mode, Reference};
use crate::value::{Kind, Value};

pub(super) struct Out {
    pub files: Vec<SourceFile>,
    pub ev: Evaluated,
}

impl Out {
    pub fn res(&self, address: &str) -> &Resource {
        self.ev.resources.iter().find(|r| r.address == address).unwrap_or_else(|| {
            let all: Vec<&str> = self.ev.resources.iter().map(|r| r.address.as_str()).collect();
            panic!("no resource {address}; have {all:?}")
        })
    }

    /// The addresses of resources and data sources, without the settings (`module`, `terraform`).
    pub fn addresses(&self) -> Vec<&str> {
        self.ev
            .resources
            .iter()
            .filter(|r| r.mode != crate::model::Mode::Setting)
            .map(|r| r.address.as_str())
            .collect()
    }

    /// The line of a span in the file of a resource.
    pub fn line(&self, r: &Resource, span: crate::source::Span) -> usize {
        self.files[r.file].line_col(span.start as usize).line
    }
}

/// A dotted path into a value, `[n]` segments index lists: `ingress.0.cidr_blocks`.
pub(super) fn at<'v>(v: &'v Value, path: &str) -> &'v Value {
    let mut v = v;
    for seg in path.split('.') {
        v = match (&v.kind, seg.parse::<usize>()) {
            (Kind::List(items), Ok(i)) => &items[i],
            _ => v.get(seg).unwrap_or_else(|| panic!("no {seg} in {v}")),
        };
    }
    v
}

pub(super) fn run_with(sources: &[(&str, &str)], options: &Options) -> Out {
    let files: Vec<SourceFile> =
        sources.iter().map(|(p, t)| SourceFile::new((*p).into(), (*p).into(), (*t).into())).collect();
    let parsed: Vec<ParsedFile> = files
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.path.extension().is_some_and(|e| e == "tf" || e == "tofu" || e == "tfvars" || e == "json")
        })
        .map(|(i, f)| {
            let name = f.path.to_string_lossy();
            if name.ends_with(".json") {
                let r = crate::parse::terraform_json::parse(f, name.ends_with(".tfvars.json")).unwrap();
                assert!(r.warnings.is_empty(), "{:?}", r.warnings);
                ParsedFile { file: i, body: r.body, spans: Some(r.spans) }
            } else {
                ParsedFile { file: i, body: crate::parse::terraform::parse(f).unwrap(), spans: None }
            }
        })
        .collect();
    let ev = evaluate(&files, &parsed, options);
    Out { files, ev }
}

pub(super) fn run(sources: &[(&str, &str)]) -> Out {
    run_with(sources, &Options::default())
}

/// The value of `v = <expr>` in a resource, with extra top-level text.
pub(super) fn value_with(extra: &str, expr: &str) -> Value {
    let text = format!("{extra}\nresource \"t_r\" \"r\" {{\n  v = {expr}\n}}\n");
    let out = run(&[("m/main.tf", &text)]);
    at(&out.res("t_r.r").attrs, "v").clone()
}

pub(super) fn value(expr: &str) -> Value {
    value_with("", expr)
}

pub(super) fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

#[test]
fn variable_precedence_follows_terraform() {
    let main = r#"
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
variable "f" { default = "default" }
variable "n" { type = number }
resource "t_r" "r" {
  a = var.a
  b = var.b
  c = var.c
  d = var.d
  e = var.e
  f = var.f
  n = var.n
}
"#;
    let options = Options {
        var_files: vec!["m/custom.tfvars".into(), "outside/x.tfvars".into()],
        vars: vec![("f".into(), "cli".into()), ("n".into(), "3".into())],
        ..Options::default()
    };
    let out = run_with(
        &[
            ("m/main.tf", main),
            (
                "m/terraform.tfvars",
                "b = \"tfvars\"\nc = \"tfvars\"\nd = \"tfvars\"\ne = \"tfvars\"\nf = \"tfvars\"\n",
            ),
            ("m/b.auto.tfvars", "d = \"b.auto\"\n"),
            ("m/a.auto.tfvars", "c = \"a.auto\"\nd = \"a.auto\"\ne = \"a.auto\"\n"),
            ("m/custom.tfvars", "e = \"var-file\"\nf = \"var-file\"\n"),
        ],
        &options,
    );
    let attrs = &out.res("t_r.r").attrs;
    assert_eq!(s(at(attrs, "a")), "default");
    assert_eq!(s(at(attrs, "b")), "tfvars");
    assert_eq!(s(at(attrs, "c")), "a.auto");
    assert_eq!(s(at(attrs, "d")), "b.auto");
    assert_eq!(s(at(attrs, "e")), "var-file");
    assert_eq!(s(at(attrs, "f")), "cli");
    assert_eq!(at(attrs, "n").kind, Kind::Number(3.0));
    // The var file outside the scanned files is reported, not read.
    assert!(out.ev.diagnostics.iter().any(|d| d.file.contains("outside") && d.message.contains("not read")));
    // tfvars files are not modules.
    assert_eq!(out.ev.resources.len(), 1);
}

#[test]
fn cli_vars_parse_as_hcl_unless_the_variable_is_a_string() {
    let main = r#"
variable "list" {}
variable "name" { type = string }
variable "word" {}
resource "t_r" "r" {
  list = var.list
  name = var.name
  word = var.word
}
"#;
    let options = Options {
        var_files: vec![],
        vars: vec![
            ("list".into(), "[\"a\", \"b\"]".into()),
            ("name".into(), "42".into()),
            ("word".into(), "us-east-1".into()),
        ],
        ..Options::default()
    };
    let out = run_with(&[("m/main.tf", main)], &options);
    let attrs = &out.res("t_r.r").attrs;
    assert_eq!(at(attrs, "list").as_list().unwrap().len(), 2);
    assert_eq!(s(at(attrs, "name")), "42");
    assert_eq!(s(at(attrs, "word")), "us-east-1");
}

#[test]
fn unset_variable_is_unknown_and_never_compares_as_known() {
    let extra = "variable \"x\" {}";
    let v = value_with(extra, "var.x");
    assert_eq!(v.as_unknown().unwrap().reason.as_ref(), "var.x has no value");
    for expr in
        ["var.x == \"a\"", "var.x != \"a\"", "var.x > 3", "!var.x", "\"${var.x}-suffix\"", "[var.x] == [1]"]
    {
        assert!(value_with(extra, expr).is_unknown(), "{expr}");
    }
    // A condition on it is unknown too, unless both branches agree.
    assert!(value_with(extra, "var.x == \"a\" ? 1 : 2").is_unknown());
    assert_eq!(value_with(extra, "var.x ? \"AES256\" : \"AES256\"").as_str(), Some("AES256"));
    assert_eq!(value_with(extra, "false && var.x").kind, Kind::Bool(false));
    assert_eq!(value_with(extra, "true || var.x").kind, Kind::Bool(true));
}

#[test]
fn locals_evaluate_in_dependency_order() {
    let extra = "locals {\n  c = \"${local.b}-c\"\n  b = \"${local.a}-b\"\n}\nlocals { a = upper(\"a\") }";
    assert_eq!(value_with(extra, "local.c").as_str(), Some("A-b-c"));
}

#[test]
fn cycle_in_locals_is_a_diagnostic_and_unknown() {
    let out = run(&[(
        "m/main.tf",
        "locals {\n  a = local.b\n  b = local.a\n  c = 1\n}\nresource \"t_r\" \"r\" {\n  a = local.a\n  b = local.b\n  c = local.c\n}\n",
    )]);
    let attrs = &out.res("t_r.r").attrs;
    assert!(at(attrs, "a").is_unknown());
    assert!(at(attrs, "b").is_unknown());
    assert_eq!(at(attrs, "c").kind, Kind::Number(1.0));
    let cycles: Vec<_> =
        out.ev.diagnostics.iter().filter(|d| d.message.starts_with("cycle in locals")).collect();
    assert_eq!(cycles.len(), 1, "{:?}", out.ev.diagnostics);
    assert!(
        cycles[0].message == "cycle in locals: a → b → a"
            || cycles[0].message == "cycle in locals: b → a → b"
    );
}

#[test]
fn long_chains_of_locals_do_not_overflow() {
    let mut text = String::from("locals {\n");
    for i in 0..2000 {
        writeln!(text, "  l{i} = [local.l{}]", i + 1).unwrap();
    }
    text.push_str("  l2000 = 1\n}\n");
    let v = value_with(&text, "local.l0");
    assert!(v.find_unknown().is_some());
}

#[test]
fn count_expands_into_indexed_instances() {
    let out = run(&[(
        "m/main.tf",
        "resource \"t_r\" \"none\" {\n  count = 0\n}\nresource \"t_r\" \"two\" {\n  count = 2\n  name = \"n-${count.index}\"\n}\n",
    )]);
    assert_eq!(out.addresses(), ["t_r.two[0]", "t_r.two[1]"]);
    assert_eq!(s(at(&out.res("t_r.two[1]").attrs, "name")), "n-1");
    assert!(out.res("t_r.two[0]").attrs.get("count").is_none());
}

#[test]
fn unknown_count_gives_one_instance_with_unknown_index() {
    let out = run(&[(
        "m/main.tf",
        "variable \"n\" {}\nresource \"t_r\" \"r\" {\n  count = var.n\n  i = count.index\n}\n",
    )]);
    assert_eq!(out.addresses(), ["t_r.r"]);
    assert!(at(&out.res("t_r.r").attrs, "i").is_unknown());
}

#[test]
fn for_each_over_a_map_and_a_set() {
    let out = run(&[(
        "m/main.tf",
        r#"
resource "t_r" "m" {
  for_each = { logs = "l", data = "d" }
  key   = each.key
  value = each.value
}
resource "t_r" "s" {
  for_each = toset(["b", "a", "b"])
  key   = each.key
  value = each.value
}
resource "t_r" "empty" {
  for_each = {}
}
"#,
    )]);
    assert_eq!(out.addresses(), ["t_r.m[\"data\"]", "t_r.m[\"logs\"]", "t_r.s[\"a\"]", "t_r.s[\"b\"]"]);
    let logs = &out.res("t_r.m[\"logs\"]").attrs;
    assert_eq!(s(at(logs, "key")), "logs");
    assert_eq!(s(at(logs, "value")), "l");
    let a = &out.res("t_r.s[\"a\"]").attrs;
    assert_eq!(s(at(a, "key")), "a");
    assert_eq!(s(at(a, "value")), "a");
}

#[test]
fn dynamic_blocks_expand() {
    let out = run(&[(
        "m/main.tf",
        r#"
variable "ports" { default = [80, 443] }
variable "unknown" {}
resource "t_r" "r" {
  ingress {
    from_port = 22
  }
  dynamic "ingress" {
    for_each = var.ports
    content {
      from_port = ingress.value
      index     = ingress.key
    }
  }
  dynamic "egress" {
    for_each = { a = "10.0.0.0/8" }
    iterator = rule
    content {
      cidr_blocks = [rule.value]
      name        = rule.key
    }
  }
  dynamic "tag" {
    for_each = var.unknown
    content {
      key   = tag.key
      fixed = "x"
    }
  }
}
"#,
    )]);
    let attrs = &out.res("t_r.r").attrs;
    let ingress = at(attrs, "ingress").as_list().unwrap();
    assert_eq!(ingress.len(), 3);
    assert_eq!(at(attrs, "ingress.2.from_port").kind, Kind::Number(443.0));
    assert_eq!(at(attrs, "ingress.2.index").kind, Kind::Number(1.0));
    assert_eq!(s(at(attrs, "egress.0.cidr_blocks.0")), "10.0.0.0/8");
    assert_eq!(s(at(attrs, "egress.0.name")), "a");
    assert_eq!(at(attrs, "tag").as_list().unwrap().len(), 1);
    assert!(at(attrs, "tag.0.key").is_unknown());
    assert_eq!(s(at(attrs, "tag.0.fixed")), "x");
}

#[test]
fn conditionals_and_for_expressions() {
    assert_eq!(value("1 > 2 ? \"a\" : \"b\"").as_str(), Some("b"));
    let v = value("[for s in [\"a\", \"bb\", \"ccc\"] : upper(s) if length(s) > 1]");
    assert_eq!(v.as_list().unwrap().iter().map(s).collect::<Vec<_>>(), ["BB", "CCC"]);
    let v = value("{ for k, v in { b = 2, a = 1 } : v => k }");
    assert_eq!(s(at(&v, "1")), "a");
    assert_eq!(s(at(&v, "2")), "b");
    let v = value("{ for s in [\"ax\", \"ay\", \"bz\"] : substr(s, 0, 1) => s... }");
    assert_eq!(at(&v, "a").as_list().unwrap().len(), 2);
    assert!(value_with("variable \"x\" {}", "[for s in var.x : s]").is_unknown());
    let v = value("[for i, s in [\"a\", \"b\"] : \"${i}${s}\"]");
    assert_eq!(s(at(&v, "1")), "1b");
}

#[test]
fn string_templates_and_heredocs() {
    assert_eq!(value_with("locals { n = \"w\" }", "\"a-${local.n}-${1 + 1}\"").as_str(), Some("a-w-2"));
    assert_eq!(value("\"%{ if true }yes%{ else }no%{ endif }\"").as_str(), Some("yes"));
    assert_eq!(value("\"%{ for x in [1, 2] }${x},%{ endfor }\"").as_str(), Some("1,2,"));
    assert_eq!(value("\"$${literal}\"").as_str(), Some("${literal}"));
    let v = value("<<-EOT\n    line ${\"one\"}\n    two\n  EOT\n");
    assert_eq!(v.as_str(), Some("line one\ntwo\n"));
    // A single interpolation keeps the type of its value.
    assert_eq!(value("\"${2}\"").kind, Kind::Number(2.0));
}

#[test]
fn splats_and_indexes_on_known_values() {
    let extra = "locals { l = [{ id = \"a\", n = [1] }, { id = \"b\", n = [2] }] }";
    let v = value_with(extra, "local.l[*].id");
    assert_eq!(v.as_list().unwrap().iter().map(s).collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(value_with(extra, "local.l.*.id[1]").as_str(), Some("b"));
    assert_eq!(value_with(extra, "local.l[1].n[0]").kind, Kind::Number(2.0));
    assert_eq!(value_with(extra, "local.l[1][\"id\"]").as_str(), Some("b"));
    assert!(value_with(extra, "local.l[5]").is_unknown());
}

#[test]
fn references_are_recorded_with_their_attribute_path() {
    let out = run(&[(
        "m/main.tf",
        r#"
resource "aws_s3_bucket" "b" {
  bucket = "x"
}
data "aws_iam_policy_document" "p" {}
locals { bucket_id = aws_s3_bucket.b.id }
resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.b.id
  other  = local.bucket_id
  policy = data.aws_iam_policy_document.p.json
  ingress {
    security_groups = [aws_s3_bucket.b[0].arn]
  }
  depends_on = [aws_s3_bucket.b]
}
"#,
    )]);
    let v = out.res("aws_s3_bucket_versioning.v");
    let find = |via: &str| -> Vec<&Reference> { v.refs.iter().filter(|r| r.via == via).collect() };
    assert_eq!(find("bucket").len(), 1);
    assert_eq!(find("bucket")[0].target, "aws_s3_bucket.b");
    assert_eq!(find("other")[0].target, "aws_s3_bucket.b");
    assert_eq!(find("policy")[0].target, "data.aws_iam_policy_document.p");
    // An indexed reference names its instance, for the graph to link exactly that one.
    assert_eq!(find("ingress.security_groups")[0].target, "aws_s3_bucket.b[0]");
    assert_eq!(find("depends_on")[0].target, "aws_s3_bucket.b");
    assert_eq!(out.line(v, find("bucket")[0].span), 8);
    let bucket = at(&v.attrs, "bucket");
    assert_eq!(bucket.as_unknown().unwrap().reason.as_ref(), "aws_s3_bucket.b.id is known after apply");
    assert!(v.attrs.get("depends_on").is_none());
    assert_eq!(
        value_with("resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}", "aws_s3_bucket.b.bucket")
            .as_str(),
        Some("x")
    );
    let p = out.res("data.aws_iam_policy_document.p");
    assert_eq!(p.mode, Mode::Data);
}

#[test]
fn spans_point_at_the_using_attribute() {
    let out = run(&[
        ("m/variables.tf", "variable \"cidrs\" {\n  default = [\"0.0.0.0/0\"]\n}\n"),
        (
            "m/main.tf",
            "# comment\nresource \"aws_security_group\" \"sg\" {\n  name = \"x\"\n  ingress {\n    cidr_blocks = var.cidrs\n  }\n}\n",
        ),
    ]);
    let r = out.res("aws_security_group.sg");
    assert_eq!(out.line(r, r.head), 2);
    assert_eq!(&out.files[r.file].text[r.head.range()], "resource \"aws_security_group\" \"sg\"");
    assert_eq!(out.line(r, r.span), 2);
    let cidrs = at(&r.attrs, "ingress.0.cidr_blocks");
    assert_eq!(out.line(r, cidrs.span), 5);
    assert_eq!(out.line(r, at(cidrs, "0").span), 5);
    // The nested block is a list of maps even when written once, spanning the block.
    let ingress = at(&r.attrs, "ingress");
    assert_eq!(ingress.as_list().unwrap().len(), 1);
    assert_eq!(out.line(r, at(ingress, "0").span), 4);
    assert_eq!(out.line(r, r.attrs.as_map().unwrap().entry("name").unwrap().0.span), 3);
}

#[test]
fn lifecycle_stays_a_nested_block_and_meta_arguments_are_not_attributes() {
    let out = run(&[(
        "m/main.tf",
        "resource \"t_r\" \"r\" {\n  provider = aws.east\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n",
    )]);
    let attrs = &out.res("t_r.r").attrs;
    assert_eq!(at(attrs, "lifecycle.0.prevent_destroy").kind, Kind::Bool(true));
    assert!(attrs.get("provider").is_none());
}

#[test]
fn huge_evaluations_stop_with_a_diagnostic() {
    let out = run(&[(
        "m/main.tf",
        "resource \"t_r\" \"r\" {\n  v = [for a in range(3000) : [for b in range(3000) : a * b]]\n}\n",
    )]);
    assert!(at(&out.res("t_r.r").attrs, "v").find_unknown().is_some());
    assert!(
        // Whichever comes first: the steps, or the bytes the inner lists hold.
        out.ev.diagnostics.iter().any(|d| d.message.starts_with("evaluation stopped here")),
        "{:?}",
        out.ev.diagnostics
    );
}

#[test]
fn big_counts_are_capped() {
    let out = run(&[("m/main.tf", "resource \"t_r\" \"r\" {\n  count = 1e9\n}\n")]);
    assert_eq!(out.ev.resources.len(), expand::MAX_INSTANCES);
    assert!(out.ev.diagnostics.iter().any(|d| d.message.contains("too large")));
}

#[test]
fn odd_inputs_give_unknowns_not_panics() {
    let exprs = [
        "null[0]",
        "{}[\"a\"]",
        "1 / 0",
        "-\"a\"",
        "!1",
        "local.nope.y",
        "count.index",
        "each.key",
        "self.arn",
        "path.module",
        "nosuch.thing",
        "aws_nothing.here.id",
        "data.aws_nothing.here.id",
        "module.nope.x",
        "substr(\"\", 5, 1)",
        "element([], 0)",
        "cidrhost(\"::/0\", -1)",
        "cidrsubnet(\"::/0\", 128, 1)",
        "format(\"%\")",
        "format(\"%d\", \"x\")",
        "format(\"%999999999d\", 1)",
        "range(0, 10, -1)",
        "range(1e17, 1e17 + 100)",
        "tonumber(\"inf\")",
        "jsondecode(\"1e400\")",
        "base64decode(\"!!\")",
        "replace(\"a\", \"/(/\", \"x\")",
        "zipmap([\"a\"], [])",
        "slice([1], 1, 0)",
        "merge(\"a\")",
        "[for x in 1 : x]",
        "{ for x in [1, 1] : x => x }",
        "{ (null) = 1 }",
        "\"${[1]}\"",
        "\"%{ if 1 }x%{ endif }\"",
        "provider::aws::arn_parse(\"x\")",
        "split(\"\", \"abc\")",
        "flatten([[[[[[1]]]]]])",
        "try()",
        "can()",
    ];
    for expr in exprs {
        let _ = value(expr);
    }
    let out = run(&[
        (
            "m/main.tf",
            r#"
variable "u" {}
module "m" {
  source = "./sub"
  count  = var.u
}
resource "t_r" "r" {
  dynamic "nolabel" {}
  dynamic "x" {
    for_each = [1]
  }
  for_each = [1, 2]
}
resource "t_r" "neg" {
  count = -1
}
"#,
        ),
        ("m/sub/main.tf", "resource \"t_r\" \"s\" {\n  i = 1\n}\n"),
    ]);
    assert!(out.addresses().contains(&"module.m.t_r.s"));
}

#[test]
fn deep_nesting_across_locals_stays_bounded() {
    let mut text = String::from("locals {\n");
    for i in 0..60 {
        let open = "[".repeat(60);
        let close = "]".repeat(60);
        writeln!(text, "  l{i} = {open}local.l{}{close}", i + 1).unwrap();
    }
    text.push_str("  l60 = 1\n}\n");
    let v = value_with(&text, "jsonencode(local.l0)");
    assert!(v.is_unknown());
}

#[test]
fn an_indexed_reference_records_the_instance_key_when_known() {
    let out = run(&[(
        "m/main.tf",
        r#"
resource "aws_s3_bucket" "b" {
  count = 2
}
resource "aws_s3_bucket" "k" {
  for_each = toset(["logs"])
}
resource "aws_s3_bucket_versioning" "v" {
  count  = 2
  bucket = aws_s3_bucket.b[count.index].id
  keyed  = aws_s3_bucket.k["logs"].id
  legacy = aws_s3_bucket.b.1.id
  splat  = aws_s3_bucket.b[*].id
  open   = aws_s3_bucket.b[var.unset].id
  bad    = try(aws_s3_bucket.b[local.missing].id, "kept")
}
"#,
    )]);
    let v = out.res("aws_s3_bucket_versioning.v[1]");
    let target = |via: &str| v.refs.iter().find(|r| r.via == via).unwrap().target.as_str();
    assert_eq!(target("bucket"), "aws_s3_bucket.b[1]");
    assert_eq!(target("keyed"), "aws_s3_bucket.k[\"logs\"]");
    assert_eq!(target("legacy"), "aws_s3_bucket.b[1]");
    assert_eq!(target("splat"), "aws_s3_bucket.b");
    assert_eq!(target("open"), "aws_s3_bucket.b");
    // Evaluating a key to pick the instance does not count as an error of the expression.
    assert!(at(&v.attrs, "bad").is_unknown(), "{}", at(&v.attrs, "bad"));
}
