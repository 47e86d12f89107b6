#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::float_cmp)]

use super::tests::{at, run, s, value, value_with};
use crate::eval::value::{Kind, Value};

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
    // No scan root is given to these evaluations, so every path is outside it.
    assert!(
        value("file(\"x.json\")").as_unknown().unwrap().reason.contains("outside the scanned directories")
    );
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
