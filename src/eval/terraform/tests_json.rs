//! Terraform JSON syntax: evaluated like native syntax, spans in the JSON text.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::tests::{at, run, s};
use crate::value::Kind;

const MAIN: &str = r#"{
  "//": "a comment",
  "variable": {
    "names": { "type": "list(string)", "default": ["logs", "data"] },
    "literal": { "default": "${not.a.reference}" }
  },
  "locals": { "prefix": "acme-${var.names[0]}" },
  "resource": {
    "aws_s3_bucket": {
      "b": {
        "for_each": "${toset(var.names)}",
        "bucket": "${local.prefix}-${each.key}",
        "tags": { "Name": "x", "kubernetes.io/role": "y" },
        "versioning": { "enabled": true }
      }
    },
    "aws_security_group": {
      "sg": {
        "count": 2,
        "dynamic": {
          "ingress": {
            "for_each": "${[22, 443]}",
            "content": { "from_port": "${ingress.value}", "cidr_blocks": ["0.0.0.0/0"] }
          }
        },
        "egress": [{ "from_port": 0 }, { "from_port": 1 }],
        "depends_on": ["aws_s3_bucket.b"],
        "description": "${var.literal}"
      }
    }
  },
  "module": { "web": { "source": "./web", "port": 8080 } }
}
"#;

const WEB: &str = r#"{
  "variable": { "port": {} },
  "resource": { "aws_lb_listener": { "l": { "port": "${var.port}" } } }
}
"#;

#[test]
fn json_syntax_evaluates_like_native_syntax() {
    let out = run(&[("main.tf.json", MAIN), ("web/main.tf.json", WEB)]);
    let mut addresses = out.addresses();
    addresses.sort_unstable();
    assert_eq!(
        addresses,
        [
            "aws_s3_bucket.b[\"data\"]",
            "aws_s3_bucket.b[\"logs\"]",
            "aws_security_group.sg[0]",
            "aws_security_group.sg[1]",
            "module.web.aws_lb_listener.l",
        ]
    );
    let b = out.res("aws_s3_bucket.b[\"data\"]");
    assert_eq!(s(at(&b.attrs, "bucket")), "acme-logs-data");
    assert_eq!(s(at(&b.attrs, "tags").get("kubernetes.io/role").unwrap()), "y");
    // A nested block is a list of blocks, as in native syntax; a map argument stays a map.
    assert_eq!(at(&b.attrs, "versioning.0.enabled").kind, Kind::Bool(true));
    assert!(matches!(at(&b.attrs, "tags").kind, Kind::Map(_)));

    let sg = out.res("aws_security_group.sg[1]");
    assert_eq!(at(&sg.attrs, "ingress.1.from_port").kind, Kind::Number(443.0));
    assert_eq!(s(at(&sg.attrs, "ingress.0.cidr_blocks.0")), "0.0.0.0/0");
    assert_eq!(at(&sg.attrs, "egress.1.from_port").kind, Kind::Number(1.0));
    // A variable default is literal text, not a template.
    assert_eq!(s(at(&sg.attrs, "description")), "${not.a.reference}");
    assert!(sg.refs.iter().any(|r| r.target == "aws_s3_bucket.b"));

    let l = out.res("module.web.aws_lb_listener.l");
    assert_eq!(at(&l.attrs, "port").kind, Kind::Number(8080.0));
    let call = &l.module_calls[0];
    assert_eq!(out.files[call.file].line_col(call.span.start as usize).line, 32);
}

#[test]
fn spans_point_into_the_json_text() {
    let out = run(&[("main.tf.json", MAIN), ("web/main.tf.json", WEB)]);
    let b = out.res("aws_s3_bucket.b[\"logs\"]");
    // The declaration is the name's key; attributes are their own lines.
    assert_eq!(out.line(b, b.head), 10);
    assert_eq!(&out.files[b.file].text[b.head.range()], "\"b\"");
    assert_eq!(out.line(b, at(&b.attrs, "bucket").span), 12);
    assert_eq!(out.line(b, at(&b.attrs, "versioning.0.enabled").span), 14);
    let key = b.attrs.as_map().unwrap().entry("tags").unwrap().0;
    assert_eq!(out.line(b, key.span), 13);
    let sg = out.res("aws_security_group.sg[0]");
    assert_eq!(out.line(sg, at(&sg.attrs, "ingress.0.cidr_blocks").span), 23);
    assert_eq!(out.line(sg, at(&sg.attrs, "egress.1.from_port").span), 26);
    assert!(out.files[sg.file].text[sg.span.range()].starts_with("\"sg\": {"));
    assert!(out.files[sg.file].text[sg.span.range()].ends_with('}'));
}

#[test]
fn tfvars_json_overrides_defaults_in_terraform_order() {
    let main = r#"{"variable": {"cidr": {"default": "10.0.0.0/8"}, "port": {}},
      "resource": {"aws_security_group_rule": {"r": {"cidr_blocks": ["${var.cidr}"], "from_port": "${var.port}"}}}}"#;
    let out = run(&[
        ("main.tf.json", main),
        ("terraform.tfvars", "cidr = \"192.168.0.0/16\"\n"),
        ("terraform.tfvars.json", r#"{"cidr": "0.0.0.0/0"}"#),
        ("b.auto.tfvars.json", r#"{"port": 22}"#),
    ]);
    let r = out.res("aws_security_group_rule.r");
    assert_eq!(s(at(&r.attrs, "cidr_blocks.0")), "0.0.0.0/0");
    assert_eq!(at(&r.attrs, "from_port").kind, Kind::Number(22.0));
}

#[test]
fn native_and_json_files_of_one_module_see_each_other() {
    let out = run(&[
        ("vars.tf", "variable \"n\" {\n  default = 3\n}\nlocals {\n  name = \"x\"\n}\n"),
        (
            "main.tf.json",
            r#"{"resource": {"aws_sqs_queue": {"q": {"count": "${var.n}", "name": "${local.name}"}}}}"#,
        ),
    ]);
    assert_eq!(out.addresses(), ["aws_sqs_queue.q[0]", "aws_sqs_queue.q[1]", "aws_sqs_queue.q[2]"]);
    assert_eq!(s(at(&out.res("aws_sqs_queue.q[2]").attrs, "name")), "x");
}

#[test]
fn broken_json_syntax_is_located_in_the_json_file() {
    let file =
        |text: &str| crate::source::SourceFile::new("x.tf.json".into(), "x.tf.json".into(), text.into());
    let cases = [
        ("{\n  \"resource\": {\n    \"a\": {\"b\": {\"x\": \"${unclosed\"}}\n  }\n}\n", 3),
        ("{\n  \"resource\": [1,]\n}\n", 2),
        ("[1]\n", 1),
    ];
    for (text, line) in cases {
        let f = file(text);
        let err = crate::parse::terraform_json::parse(&f, false).err().unwrap();
        assert_eq!(f.line_col(err.span.start as usize).line, line, "{text}: {}", err.message);
    }
    // A part that is not Terraform's shape is skipped with a warning; the rest is read.
    let f = file("{\"resource\": {\"aws_s3_bucket\": 3}, \"locals\": {\"a\": 1}}");
    let r = crate::parse::terraform_json::parse(&f, false).unwrap();
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(r.body.blocks().count(), 1);
    // `"//"` is a comment at every label level, not a block named `//`.
    let f = file(
        r#"{"variable": {"//": "note", "a": {"default": 1}}, "resource": {"//": "x", "t": {"//": "y", "n": {}}}}"#,
    );
    let r = crate::parse::terraform_json::parse(&f, false).unwrap();
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(r.body.blocks().count(), 2);
}

#[test]
fn for_each_given_as_a_json_object_is_a_map_not_a_block() {
    let main = r#"{"resource": {"aws_sns_topic": {"t": {"for_each": {"a": "x", "b": "y"}, "name": "${each.value}"}}}}"#;
    let out = run(&[("main.tf.json", main)]);
    assert_eq!(out.addresses(), ["aws_sns_topic.t[\"a\"]", "aws_sns_topic.t[\"b\"]"]);
    assert_eq!(s(at(&out.res("aws_sns_topic.t[\"b\"]").attrs, "name")), "y");
}
