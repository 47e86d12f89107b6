#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::config::Config;
use super::values::{Planned, attributes};
use super::*;
use crate::value::{Kind, Map};

fn json(text: &str) -> Value {
    let file = SourceFile::new("p.json".into(), "p.json".into(), text.into());
    crate::parse::json::parse(&file).unwrap()
}

#[test]
fn utf8_and_utf16_with_a_byte_order_mark_decode() {
    let text = "{\"format_version\":\"1.2\",\"resource_changes\":[]}";
    assert_eq!(decode(text.as_bytes()).as_deref(), Some(text));
    assert_eq!(decode(format!("\u{feff}{text}").as_bytes()).as_deref(), Some(text));
    let le: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    assert_eq!(decode(&le).as_deref(), Some(text));
    let be: Vec<u8> =
        [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
    assert_eq!(decode(&be).as_deref(), Some(text));
    // An odd byte count, a lone surrogate, invalid UTF-8: not text.
    assert_eq!(decode(&le[..le.len() - 1]), None);
    assert_eq!(decode(&[0xFF, 0xFE, 0x00, 0xD8]), None);
    assert_eq!(decode(&[0x7B, 0xFF]), None);
    assert!(looks_like_plan(text));
    assert!(!looks_like_plan("{\"AWSTemplateFormatVersion\": \"2010-09-09\"}"));
}

/// The attributes of `aws_s3_bucket.b` from a change and its configuration, without a source.
fn planned(after: &str, unknown: &str, sensitive: &str, expressions: Option<&str>) -> Value {
    let (after, unknown, sensitive) = (json(after), json(unknown), json(sensitive));
    let block =
        expressions.map(|e| json(&format!("{{\"address\":\"aws_s3_bucket.b\",\"expressions\":{e}}}")));
    let head = Span::new(1, 2);
    attributes(&Planned {
        after: Some(&after),
        unknown: Some(&unknown),
        sensitive: Some(&sensitive),
        written: Config::written(block.as_ref()),
        source: None,
        head,
        address: "aws_s3_bucket.b",
    })
}

#[test]
fn unknown_values_are_unknown_only_where_the_configuration_writes_them() {
    let attrs = planned(
        r#"{"bucket": "b", "logging": [], "tags": null}"#,
        r#"{"versioning": true, "kms": true, "logging": true, "policy": true}"#,
        "{}",
        Some(
            r#"{"bucket": {"constant_value": "b"}, "kms": {"references": ["aws_kms_key.k.arn", "aws_kms_key.k"]},
            "policy": {"references": ["var.policy"]}}"#,
        ),
    );
    // Computed by the provider and written by nobody: not set, as in a source scan.
    assert!(attrs.get("versioning").is_none());
    assert!(attrs.get("logging").is_none());
    assert!(attrs.get("tags").is_none());
    assert_eq!(attrs.get("bucket").and_then(Value::as_str), Some("b"));
    // Written: unknown; certainly set when it names a resource, as a source scan says.
    let kms = attrs.get("kms").and_then(Value::as_unknown).unwrap();
    assert!(kms.present);
    assert_eq!(&*kms.reason, "aws_kms_key.k.arn is known after apply");
    let policy = attrs.get("policy").and_then(Value::as_unknown).unwrap();
    assert!(!policy.present);

    // Without configuration nobody can tell: unknown stays unknown.
    let attrs = planned(r#"{"bucket": "b"}"#, r#"{"versioning": true}"#, "{}", None);
    assert!(attrs.get("versioning").is_some_and(Value::is_unknown));
}

#[test]
fn sensitive_values_never_enter_the_attributes() {
    let attrs = planned(
        r#"{"password": "hunter2", "tags": {"Owner": "secret-team"}}"#,
        "{}",
        r#"{"password": true, "tags": {"Owner": true}}"#,
        Some(r#"{"password": {"references": ["var.pw"]}, "tags": {"references": ["var.tags"]}}"#),
    );
    let text = format!("{attrs}");
    assert!(!text.contains("hunter2") && !text.contains("secret-team"), "{text}");
    assert!(attrs.get("password").is_some_and(Value::is_unknown));
    assert!(attrs.get("tags").and_then(|t| t.get("Owner")).is_some_and(Value::is_unknown));
}

#[test]
fn spans_come_from_the_source_block_and_absent_ones_point_at_its_head() {
    let after = json(r#"{"acl": "public-read", "force_destroy": false, "tags": {"a": "1"}}"#);
    let unknown = json("{}");
    let source = json(r#"{"acl": "public-read", "tags": 1}"#);
    let head = Span::new(0, 28);
    let attrs = attributes(&Planned {
        after: Some(&after),
        unknown: Some(&unknown),
        sensitive: None,
        written: Config::written(None),
        source: Some(&source),
        head,
        address: "aws_s3_bucket.b",
    });
    assert_eq!(attrs.get("acl").map(|v| v.span), source.get("acl").map(|v| v.span));
    assert_eq!(attrs.get("force_destroy").map(|v| v.span), Some(head));
    // Inside a value the source holds as one expression (`tags = var.tags`), everything is there.
    let tag = attrs.get("tags").and_then(|t| t.get("a")).map(|v| v.span);
    assert_eq!(tag, source.get("tags").map(|v| v.span));
}

#[test]
fn hostile_plans_give_diagnostics_not_panics() {
    let cases = [
        "{\"format_version\": 1, \"resource_changes\": []}".to_string(),
        "{\"format_version\": \"1.2\", \"resource_changes\": \"x\", \"planned_values\": 5}".to_string(),
        r#"{"format_version": "9.0", "resource_changes": [{"address": 5}, {"address": "a.b[", "change": {}},
            {"address": "module.m[\"x\"].aws_s3_bucket.b", "change": {"actions": ["create"], "after": [1],
             "after_unknown": "yes", "after_sensitive": [true]}},
            {"address": "aws_s3_bucket.c", "change": {"actions": "create", "after": {"x": {"y": [[[]]]}}}}],
           "configuration": {"root_module": {"module_calls": {"m": {"expressions": {"v": {"references": ["var.v"]}},
             "module": {"resources": [{"address": "aws_s3_bucket.b", "expressions": {"bucket": {"references":
             ["var.v", "module.m.out", "module.n[0].out", "local.x", "each.key"]}}}]}}}}}}"#
            .to_string(),
        format!("{{\"format_version\": \"1.0\", \"resource_changes\": {}1{}}}", "[".repeat(100_000), "]".repeat(100_000)),
    ];
    for (i, text) in cases.into_iter().enumerate() {
        let (evaluated, diagnostics) = apply_without_source(text);
        // Not a plan, a newer format with unreadable addresses, nesting past the bound: each is said.
        assert_eq!(diagnostics.is_empty(), i == 1, "{i}: {diagnostics:?}");
        assert!(evaluated.resources.len() <= 2, "{:?}", evaluated.resources);
        for r in &evaluated.resources {
            assert!(matches!(r.attrs.kind, Kind::Map(_)));
        }
    }
}

/// `apply` on one plan, named `plan.json`, whose source is nowhere to be found.
fn apply_without_source(text: String) -> (Evaluated, Vec<Diagnostic>) {
    let mut evaluated = Evaluated::default();
    let mut diagnostics = Vec::new();
    let discovered = Discovered {
        display: "plan.json".into(),
        path: "plan.json".into(),
        kind: crate::discover::FileKind::JsonCandidate,
        root: PathBuf::new(),
    };
    let plans = vec![PlanInput { discovered, text, source_dir: PathBuf::from("nowhere") }];
    apply(&mut Vec::new(), &[], &mut evaluated, plans, &mut diagnostics);
    (evaluated, diagnostics)
}

#[test]
fn large_maps_and_reference_fan_out_stay_linear() {
    // 200,000 tags, and variables that each name every variable of the module above them.
    let tags: Vec<String> = (0..200_000).map(|i| format!("\"k{i}\": \"v\"")).collect();
    let refs: Vec<String> = (0..64).map(|i| format!("\"var.v{i}\"")).collect();
    let vars: Vec<String> =
        (0..64).map(|i| format!("\"v{i}\": {{\"references\": [{}]}}", refs.join(","))).collect();
    let mut module = format!(
        "{{\"resources\": [{{\"address\": \"aws_s3_bucket.b\", \"expressions\": {{\"bucket\": {{\"references\": [{}]}}}}}}]}}",
        refs.join(",")
    );
    for _ in 0..20 {
        module = format!(
            "{{\"module_calls\": {{\"m\": {{\"expressions\": {{{}}}, \"module\": {module}}}}}}}",
            vars.join(",")
        );
    }
    let address = format!("{}aws_s3_bucket.b", "module.m.".repeat(20));
    let text = format!(
        "{{\"format_version\": \"1.2\", \"resource_changes\": [{{\"address\": \"{address}\", \"change\": {{\"actions\": [\"create\"],
          \"after\": {{\"tags\": {{{}}}}}, \"after_unknown\": {{\"tags\": {{{}}}}}}}}}], \"configuration\": {{\"root_module\": {module}}}}}",
        tags.join(","),
        tags.join(",").replace("\"v\"", "false")
    );
    let started = std::time::Instant::now();
    let (evaluated, diagnostics) = apply_without_source(text);
    assert_eq!(evaluated.resources.len(), 1, "{diagnostics:?}");
    let tags = evaluated.resources[0].attrs.get("tags").and_then(Value::as_map).map(Map::len);
    assert_eq!(tags, Some(200_000));
    assert!(started.elapsed() < std::time::Duration::from_secs(30), "{:?}", started.elapsed());
}
