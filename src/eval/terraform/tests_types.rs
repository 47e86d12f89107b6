#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::tests::{at, run};
use crate::value::Kind;

const MODULE: &str = r#"
variable "logging" {
  type = object({
    enabled = optional(bool, true)
    bucket  = optional(string)
    rules = optional(list(object({
      port     = number
      protocol = optional(string, "HTTPS")
    })), [])
  })
  default = {}
}

variable "count_text" {
  type    = map(number)
  default = { a = "3" }
}

resource "aws_lb" "this" {
  access_logs {
    enabled = var.logging.enabled
    bucket  = var.logging.bucket
  }
  rules = var.logging.rules
  sizes = var.count_text
  extra = try(var.logging.undeclared, "dropped")
}
"#;

#[test]
fn optional_attributes_take_their_defaults_at_every_depth() {
    let out = run(&[
        (
            "main.tf",
            "module \"lb\" {\n  source  = \"./lb\"\n  logging = { bucket = \"logs\", rules = [{ port = \"443\" }], undeclared = 1 }\n}\n",
        ),
        ("lb/main.tf", MODULE),
    ]);
    let lb = out.res("module.lb.aws_lb.this");
    let enabled = at(&lb.attrs, "access_logs.0.enabled");
    assert_eq!(enabled.kind, Kind::Bool(true));
    // A variable's value points where it is used, as every variable's does.
    assert_eq!(out.line(lb, enabled.span), 21);
    assert_eq!(at(&lb.attrs, "access_logs.0.bucket").as_str(), Some("logs"));
    assert_eq!(at(&lb.attrs, "rules.0.port").kind, Kind::Number(443.0));
    assert_eq!(at(&lb.attrs, "rules.0.protocol").as_str(), Some("HTTPS"));
    assert_eq!(at(&lb.attrs, "sizes.a").kind, Kind::Number(3.0));
    // Attributes the type does not declare are dropped by the conversion, as in Terraform.
    assert_eq!(at(&lb.attrs, "extra").as_str(), Some("dropped"));
}

#[test]
fn the_variable_default_is_converted_too() {
    let out = run(&[("main.tf", MODULE)]);
    let lb = out.res("aws_lb.this");
    assert_eq!(at(&lb.attrs, "access_logs.0.enabled").kind, Kind::Bool(true));
    assert!(matches!(at(&lb.attrs, "rules").kind, Kind::List(ref items) if items.is_empty()));
    // An optional attribute without a default is null: absent for policies.
    assert!(lb.attrs.get("access_logs").is_some());
}
