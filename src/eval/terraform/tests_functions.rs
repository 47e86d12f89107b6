#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::float_cmp)]

use super::tests::{at, run, s, value, value_with};
use crate::value::{Kind, Value};

fn strs(v: &Value) -> Vec<&str> {
    v.as_list().unwrap_or_else(|| panic!("not a list: {v}")).iter().map(s).collect()
}

fn num(v: &Value) -> f64 {
    match v.kind {
        Kind::Number(n) => n,
        _ => panic!("not a number: {v}"),
    }
}

fn yes(expr: &str) -> bool {
    match value(expr).kind {
        Kind::Bool(b) => b,
        _ => panic!("not a bool: {expr}"),
    }
}

#[test]
fn json() {
    let v = value(
        "jsonencode({ Version = \"2012-10-17\", Statement = [{ Effect = \"Allow\", Action = \"s3:*\" }], n = 1 })",
    );
    assert_eq!(s(&v), r#"{"Statement":[{"Action":"s3:*","Effect":"Allow"}],"Version":"2012-10-17","n":1}"#);
    let v = value("jsondecode(\"{\\\"a\\\": [1, true, null]}\")");
    assert_eq!(num(&v.get("a").unwrap().as_list().unwrap()[0]), 1.0);
    assert!(value("jsondecode(\"{\")").is_unknown());
    assert!(value_with("variable \"x\" {}", "jsonencode({ a = var.x })").is_unknown());
}

#[test]
fn collections() {
    let v = value("merge({ a = 1, b = 1 }, { b = 2 }, null)");
    assert_eq!(num(v.get("b").unwrap()), 2.0);
    assert_eq!(v.as_map().unwrap().len(), 2);
    assert_eq!(strs(&value("concat([\"a\"], [\"b\", \"c\"])")), ["a", "b", "c"]);
    assert_eq!(s(&value("lookup({ a = \"x\" }, \"a\")")), "x");
    assert_eq!(s(&value("lookup({ a = \"x\" }, \"b\", \"d\")")), "d");
    assert_eq!(s(&value("element([\"a\", \"b\"], 3)")), "b");
    assert_eq!(num(&value("length([1, 2, 3])")), 3.0);
    assert_eq!(num(&value("length(\"héllo\")")), 5.0);
    assert_eq!(strs(&value("keys({ b = 1, a = 2 })")), ["a", "b"]);
    assert_eq!(num(&value("values({ b = 1, a = 2 })").as_list().unwrap()[0]), 2.0);
    assert!(yes("contains([\"a\", \"b\"], \"b\")"));
    assert!(!yes("contains([\"a\"], \"c\")"));
    assert_eq!(s(&value("coalesce(null, \"\", \"x\")")), "x");
    assert_eq!(strs(&value("coalescelist([], [\"a\"])")), ["a"]);
    assert_eq!(strs(&value("compact([\"a\", \"\", null, \"b\"])")), ["a", "b"]);
    assert_eq!(strs(&value("distinct([\"a\", \"b\", \"a\"])")), ["a", "b"]);
    assert_eq!(strs(&value("flatten([[\"a\"], [[\"b\"]], \"c\"])")), ["a", "b", "c"]);
    assert_eq!(strs(&value("toset([\"b\", \"a\", \"b\"])")), ["a", "b"]);
    assert_eq!(strs(&value("tolist([\"a\"])")), ["a"]);
    assert_eq!(s(value("tomap({ a = \"x\" })").get("a").unwrap()), "x");
    assert_eq!(num(value("zipmap([\"a\", \"b\"], [1, 2])").get("b").unwrap()), 2.0);
    let r = value("range(1, 7, 2)");
    assert_eq!(r.as_list().unwrap().iter().map(num).collect::<Vec<_>>(), [1.0, 3.0, 5.0]);
    assert_eq!(value("range(3)").as_list().unwrap().len(), 3);
    assert!(value("range(1e12)").is_unknown());
    assert_eq!(num(&value("max(1, 5, 3)")), 5.0);
    assert_eq!(num(&value("min([4, 2]...)")), 2.0);
    assert_eq!(s(&value("one([\"x\"])")), "x");
    assert_eq!(value("one([])").kind, Kind::Null);
    assert!(value("one([1, 2])").is_unknown());
    assert_eq!(strs(&value("sort([\"b\", \"a\"])")), ["a", "b"]);
}

#[test]
fn unknown_arguments() {
    let x = "variable \"x\" {}";
    // A function that reads the value is unknown; one that reads only the shape is not.
    assert!(value_with(x, "upper(var.x)").is_unknown());
    assert!(value_with(x, "contains([var.x], \"a\")").is_unknown());
    assert_eq!(num(&value_with(x, "length([var.x, 1])")), 2.0);
    let merged = value_with(x, "merge({ a = var.x }, { b = 1 })");
    assert!(merged.get("a").unwrap().is_unknown());
    assert!(value_with(x, "coalesce(var.x, \"d\")").is_unknown());
    assert_eq!(s(&value_with(x, "coalesce(\"a\", var.x)")), "a");
    assert!(value("nosuchfunction(1)").is_unknown());
    assert!(value("upper(1, 2)").is_unknown());
    // No repository is given to these evaluations, so every path is outside it.
    assert!(value("file(\"x.json\")").as_unknown().unwrap().reason.contains("is outside the repository"));
}

#[test]
fn try_and_can() {
    let x = "variable \"x\" {}\nlocals { m = { a = 1 } }";
    assert_eq!(num(&value_with(x, "try(local.m.b, local.m.a)")), 1.0);
    assert_eq!(s(&value_with(x, "try(local.m.b, \"fallback\")")), "fallback");
    assert!(value_with(x, "try(var.x, \"fallback\")").is_unknown());
    assert_eq!(value_with(x, "can(local.m.b)").kind, Kind::Bool(false));
    assert_eq!(value_with(x, "can(local.m.a)").kind, Kind::Bool(true));
    assert!(value_with(x, "can(var.x)").is_unknown());
    // An error inside a try that recovered does not make an outer try fail.
    assert_eq!(num(&value_with(x, "try(try(local.m.b, 2), 3)")), 2.0);
}

#[test]
fn strings() {
    assert_eq!(
        s(&value("format(\"%s-%d-%v-%q-%05.1f-%%\", \"a\", 7, true, \"q\", 3.14159)")),
        "a-7-true-\"q\"-003.1-%"
    );
    assert_eq!(s(&value("format(\"%-4s|%3d\", \"ab\", 5)")), "ab  |  5");
    assert_eq!(s(&value("join(\",\", [\"a\", \"b\"])")), "a,b");
    assert_eq!(strs(&value("split(\",\", \"a,b\")")), ["a", "b"]);
    assert_eq!(s(&value("replace(\"a-b-c\", \"-\", \"_\")")), "a_b_c");
    assert_eq!(s(&value("replace(\"a1b22\", \"/[0-9]+/\", \"#\")")), "a#b#");
    assert_eq!(s(&value("lower(\"AbC\")")), "abc");
    assert_eq!(s(&value("upper(\"abc\")")), "ABC");
    assert_eq!(s(&value("trimspace(\"  a \\n\")")), "a");
    assert_eq!(s(&value("tostring(5)")), "5");
    assert_eq!(num(&value("tonumber(\"5\")")), 5.0);
    assert_eq!(value("tobool(\"true\")").kind, Kind::Bool(true));
    assert!(yes("startswith(\"arn:aws:s3\", \"arn:\")"));
    assert!(yes("endswith(\"file.json\", \".json\")"));
    assert_eq!(s(&value("substr(\"hello\", 1, 3)")), "ell");
    assert_eq!(s(&value("substr(\"hello\", -3, -1)")), "llo");
    assert_eq!(s(&value("base64encode(\"hello!?\")")), "aGVsbG8hPw==");
    assert_eq!(s(&value("base64decode(\"aGVsbG8hPw==\")")), "hello!?");
    assert!(value("join(\",\", [for i in range(99999) : format(\"%020d\", i)])").is_unknown());
}

#[test]
fn networks() {
    assert_eq!(s(&value("cidrsubnet(\"10.0.0.0/16\", 8, 2)")), "10.0.2.0/24");
    assert_eq!(s(&value("cidrsubnet(\"172.16.0.0/12\", 4, 15)")), "172.31.0.0/16");
    assert_eq!(s(&value("cidrhost(\"10.0.1.0/24\", 5)")), "10.0.1.5");
    assert_eq!(s(&value("cidrhost(\"10.0.1.0/24\", -1)")), "10.0.1.255");
    assert_eq!(s(&value("cidrnetmask(\"10.0.0.0/12\")")), "255.240.0.0");
    assert_eq!(s(&value("cidrsubnet(\"fd00::/56\", 8, 1)")), "fd00:0:0:1::/64");
    assert!(value("cidrsubnet(\"10.0.0.0/30\", 8, 1)").is_unknown());
    assert!(value("cidrhost(\"10.0.0.0/30\", 9)").is_unknown());
}

#[test]
fn iam_policy_document_renders_statements_principals_and_conditions() {
    let out = run(&[(
        "main.tf",
        r#"
data "aws_iam_policy_document" "base" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "trust" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
"#,
    )]);
    let doc = out.res("aws_iam_role.r").attrs.get("assume_role_policy").unwrap();
    assert_eq!(s(at(doc, "Version")), "2012-10-17");
    assert_eq!(s(at(doc, "Statement.0.Action.0")), "s3:GetObject");
    assert_eq!(s(at(doc, "Statement.1.Effect")), "Allow");
    assert_eq!(s(at(doc, "Statement.1.Principal.AWS.0")), "*");
    assert_eq!(s(at(doc, "Statement.1.Condition.Bool.aws:MultiFactorAuthPresent.0")), "true");
    // The data source is still a reference of the role.
    assert!(out.res("aws_iam_role.r").refs.iter().any(|r| r.target == "data.aws_iam_policy_document.trust"));
}

/// A module with one `aws_iam_policy_document` block `x` expanded by `meta` (`count = 2`, `for_each = …`)
/// whose single statement's action is `action`, and a resource whose `v` is `expr`.
fn document_with(meta: &str, action: &str, expr: &str) -> (super::tests::Out, Value) {
    let text = format!(
        r#"
variable "unset" {{}}
data "aws_iam_policy_document" "x" {{
  {meta}
  statement {{
    actions   = [{action}]
    resources = ["*"]
  }}
}}
resource "t_r" "r" {{
  v = {expr}
}}
"#
    );
    let out = run(&[("m/main.tf", &text)]);
    let v = at(&out.res("t_r.r").attrs, "v").clone();
    (out, v)
}

fn action_of(doc: &Value) -> &str {
    s(at(doc, "Statement.0.Action.0"))
}

fn reason(v: &Value) -> &str {
    &v.as_unknown().unwrap_or_else(|| panic!("not unknown: {v}")).reason
}

#[test]
fn iam_policy_document_with_count_renders_the_indexed_instance() {
    let actions = r#"["s3:GetObject", "*"][count.index]"#;
    let (out, doc) = document_with("count = 2", actions, "data.aws_iam_policy_document.x[1].json");
    assert_eq!(action_of(&doc), "*");
    assert!(out.res("t_r.r").refs.iter().any(|r| r.target == "data.aws_iam_policy_document.x[1]"));
    let (_, doc) = document_with("count = 2", actions, "data.aws_iam_policy_document.x.0.minified_json");
    assert_eq!(action_of(&doc), "s3:GetObject");
    let (_, docs) = document_with("count = 2", actions, "data.aws_iam_policy_document.x[*].json");
    assert_eq!(docs.as_list().unwrap().iter().map(action_of).collect::<Vec<_>>(), ["s3:GetObject", "*"]);
    let (_, doc) = document_with("count = 1", actions, "one(data.aws_iam_policy_document.x[*].json)");
    assert_eq!(action_of(&doc), "s3:GetObject");
    // Without count the splat is a list of the one document, as in Terraform.
    let (_, doc) = document_with("", r#""s3:*""#, "one(data.aws_iam_policy_document.x[*].json)");
    assert_eq!(action_of(&doc), "s3:*");
}

#[test]
fn iam_policy_document_instances_follow_the_referring_instance() {
    let text = r#"
data "aws_iam_policy_document" "x" {
  count = 2
  statement {
    actions   = [count.index == 0 ? "s3:GetObject" : "*"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "y" {
  for_each = { admin = "*", read = "s3:GetObject" }
  statement {
    actions   = [each.value]
    resources = ["*"]
  }
}
resource "t_r" "by_index" {
  count = 2
  v     = data.aws_iam_policy_document.x[count.index].json
}
resource "t_r" "by_key" {
  for_each = toset(["admin", "read"])
  v        = data.aws_iam_policy_document.y[each.key].json
}
resource "t_r" "literal_key" {
  v = data.aws_iam_policy_document.y["read"].json
}
"#;
    let out = run(&[("m/main.tf", text)]);
    let action = |address: &str| action_of(at(&out.res(address).attrs, "v")).to_string();
    assert_eq!(action("t_r.by_index[0]"), "s3:GetObject");
    assert_eq!(action("t_r.by_index[1]"), "*");
    assert_eq!(action("t_r.by_key[\"admin\"]"), "*");
    assert_eq!(action("t_r.by_key[\"read\"]"), "s3:GetObject");
    assert_eq!(action("t_r.literal_key"), "s3:GetObject");
    for address in ["t_r.by_index[0]", "t_r.by_key[\"read\"]", "t_r.literal_key"] {
        let refs = &out.res(address).refs;
        assert!(refs.iter().any(|r| r.target.starts_with("data.aws_iam_policy_document.")), "{address}");
    }
}

#[test]
fn iam_policy_document_instances_that_do_not_exist_or_are_unknown_are_unknown() {
    let star = r#""*""#;
    // count = 0 creates nothing: indexing it is an error like any index out of range.
    let (_, v) = document_with("count = 0", star, "data.aws_iam_policy_document.x[0].json");
    assert!(reason(&v).contains("invalid index"), "{v}");
    let (_, v) = document_with("count = 0", star, "one(data.aws_iam_policy_document.x[*].json)");
    assert_eq!(v.kind, Kind::Null);
    let (_, v) = document_with("count = 0", star, "try(data.aws_iam_policy_document.x[0].json, \"none\")");
    assert_eq!(s(&v), "none");
    let (_, v) = document_with("count = 2", star, "data.aws_iam_policy_document.x[2].json");
    assert!(v.is_unknown());
    let each = r#"for_each = toset(["a"])"#;
    let (_, v) = document_with(each, star, "data.aws_iam_policy_document.x[\"b\"].json");
    assert!(reason(&v).contains("no attribute \"b\""), "{v}");
    // Unknown count, for_each or index: never a guess at the instance.
    let (out, v) = document_with("count = var.unset", star, "data.aws_iam_policy_document.x[0].json");
    assert!(reason(&v).contains("count of data.aws_iam_policy_document.x is unknown"), "{v}");
    assert!(reason(&v).contains("var.unset"), "{v}");
    // The instance named does not exist as such: the graph links the one that stands for all.
    assert!(out.res("t_r.r").refs.iter().any(|r| r.target == "data.aws_iam_policy_document.x[0]"));
    let (_, v) = document_with("for_each = var.unset", star, "data.aws_iam_policy_document.x[\"a\"].json");
    assert!(reason(&v).contains("for_each of data.aws_iam_policy_document.x is unknown"), "{v}");
    let (_, v) = document_with("count = 1", star, "one(data.aws_iam_policy_document.x[*].json)");
    assert_eq!(action_of(&v), "*");
    let (_, v) = document_with("count = 1", star, "data.aws_iam_policy_document.x[var.unset].json");
    assert!(reason(&v).contains("var.unset"), "{v}");
    // Other attributes are computed by the provider.
    let (_, v) = document_with("count = 1", star, "data.aws_iam_policy_document.x[0].id");
    assert!(reason(&v).contains("known after apply"), "{v}");
}

#[test]
fn iam_policy_document_merges_deprecated_source_and_override_json() {
    let meta = r#"source_json = jsonencode({ Statement = [{ Effect = "Allow", Action = "iam:*", Resource = "*" }] })
  override_json = var.unset"#;
    let (_, v) = document_with(meta, r#""s3:*""#, "data.aws_iam_policy_document.x.json");
    assert!(reason(&v).contains("source policy document is unknown"), "{v}");
    let meta = r#"source_json = jsonencode({ Statement = [{ Effect = "Allow", Action = "iam:*", Resource = "*" }] })"#;
    let (_, v) = document_with(meta, r#""s3:*""#, "data.aws_iam_policy_document.x.json");
    assert_eq!(s(at(&v, "Statement.0.Action")), "iam:*");
    assert_eq!(s(at(&v, "Statement.1.Action.0")), "s3:*");
}

#[test]
fn iam_policy_document_null_arguments_are_unset() {
    let text = r#"
data "aws_iam_policy_document" "x" {
  version = null
  statement {
    sid           = null
    effect        = try(local.missing, null)
    actions       = ["s3:GetObject"]
    resources     = ["arn:aws:s3:::b/*"]
    not_resources = null
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = null
    }
  }
}
resource "t_r" "r" {
  v = data.aws_iam_policy_document.x.json
}
"#;
    let out = run(&[("m/main.tf", text)]);
    let doc = at(&out.res("t_r.r").attrs, "v");
    assert_eq!(s(at(doc, "Version")), "2012-10-17");
    let statement = at(doc, "Statement.0");
    assert_eq!(s(at(statement, "Effect")), "Allow");
    assert!(statement.get("NotResource").is_none() && statement.get("Sid").is_none(), "{statement}");
    assert_eq!(at(statement, "Condition.Bool.aws:SecureTransport").as_list().map(<[Value]>::len), Some(0));
}

#[test]
fn iam_policy_document_statements_with_the_same_sid_are_replaced_not_added() {
    let text = r#"
data "aws_iam_policy_document" "x" {
  source_policy_documents = [jsonencode({ Statement = [
    { Sid = "Wide", Effect = "Allow", Action = "*", Resource = "*" },
    { Effect = "Allow", Action = "sqs:*", Resource = "*" },
  ] })]
  override_policy_documents = [jsonencode({ Statement = [
    { Sid = "Narrow", Effect = "Allow", Action = "s3:ListBucket", Resource = "*" },
  ] })]
  statement {
    sid       = "Wide"
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
  statement {
    sid       = "Narrow"
    actions   = ["*"]
    resources = ["*"]
  }
}
resource "t_r" "r" {
  policy = data.aws_iam_policy_document.x.json
}
"#;
    let out = run(&[("main.tf", text)]);
    let v = at(&out.res("t_r.r").attrs, "policy");
    let actions: Vec<String> = v
        .get("Statement")
        .unwrap()
        .as_list()
        .unwrap()
        .iter()
        .map(|s| {
            let a = s.get("Action").unwrap();
            a.as_str().map_or_else(|| s_of_first(a), str::to_string)
        })
        .collect();
    // The block's `Wide` replaces the source's in place; the override's `Narrow` replaces the block's.
    assert_eq!(actions, ["s3:GetObject", "sqs:*", "s3:ListBucket"]);
}

fn s_of_first(v: &Value) -> String {
    v.as_list().and_then(|l| l.first()).and_then(Value::as_str).unwrap_or_default().to_string()
}

#[test]
fn templatestring_renders_a_string_with_only_the_given_variables() {
    let extra = "locals {\n  t = \"port $${p}%%{ if open } open%%{ endif }\"\n}\n";
    let v = value_with(extra, "templatestring(local.t, { p = 22, open = true })");
    assert_eq!(s(&v), "port 22 open");
    // A variable the map does not give is not in scope: the call fails, and the value is Unknown.
    assert!(value_with(extra, "templatestring(local.t, { p = 22 })").is_unknown());
    assert!(value_with("variable \"x\" {}", "templatestring(var.x, {})").is_unknown());
}

#[test]
fn cidrcontains_tells_whether_an_address_or_prefix_is_inside() {
    assert!(yes("cidrcontains(\"10.0.0.0/8\", \"10.1.2.3\")"));
    assert!(yes("cidrcontains(\"10.0.0.0/8\", \"10.128.0.0/9\")"));
    assert!(!yes("cidrcontains(\"10.0.0.0/8\", \"0.0.0.0/0\")"));
    assert!(!yes("cidrcontains(\"10.0.0.0/8\", \"11.0.0.1\")"));
    assert!(yes("cidrcontains(\"0.0.0.0/0\", \"192.168.1.1\")"));
    assert!(yes("cidrcontains(\"fd00::/8\", \"fd12::1\")"));
    // Mixed families are an error in OpenTofu: the value is Unknown, never a guess.
    assert!(value("cidrcontains(\"10.0.0.0/8\", \"fd12::1\")").is_unknown());
}
