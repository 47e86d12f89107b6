//! Secrets written as literal environment variables in container definitions (ECS `environment`,
//! a list of name/value pairs): anyone who can describe the task definition reads them, and they
//! stay in every revision. A name that looks like a secret with a literal, non-trivial value is
//! reported; the finding points at the name and never repeats the value.

use std::sync::LazyLock;

use regex::Regex;

use super::{Predicate, has_document_paths, only_args};
use crate::model::Resource;
use crate::policy::engine::{Ctx, Outcome};
use crate::source::Span;
use crate::value::{Kind, Value};

pub static ENV_LITERAL_SECRET: Predicate = Predicate {
    name: "env_literal_secret",
    summary: "a container in one of `documents` (JSON string or structure) has, in its `entries` list of `name`/`value` pairs, a secret-looking name (password, secret, token, API or access key, private key, credentials) with a literal value",
    validate,
    eval,
};

/// Names that hold a secret; `AWS_ACCESS_KEY_ID` and `ECS_ENGINE_AUTH_DATA` are the ones Security
/// Hub's ECS.8 names.
static SECRET_NAME: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|ENGINE_AUTH_DATA)",
    )
    .ok()
});

/// Names that point at a secret rather than hold one (`DB_PASSWORD_SECRET_ARN`, `TOKEN_URL`) or
/// describe it (`SECRET_NAME`, `TOKEN_TTL`).
static REFERENCE_NAME: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)_(ARN|NAME|URL|URI|ENDPOINT|PATH|FILE|REGION|TTL|EXPIRY|EXPIRATION|LENGTH|HEADER|PARAMETER|PARAM|ID)$")
        .ok()
});

fn validate(args: &Value) -> Result<(), String> {
    only_args(args, &["documents", "entries", "name", "value"])?;
    let documents_ok = has_document_paths(args);
    let strings_ok =
        ["entries", "name", "value"].iter().all(|k| args.get(k).and_then(Value::as_str).is_some());
    if !documents_ok || !strings_ok {
        return Err(
            "env_literal_secret needs `documents: [paths]`, `entries`, `name` and `value`".to_string()
        );
    }
    Ok(())
}

fn eval(_ctx: &Ctx<'_>, resource: &Resource, args: &Value) -> Outcome {
    literal_secret(&resource.attrs, args)
}

fn literal_secret(attrs: &Value, args: &Value) -> Outcome {
    let (Some(entries), Some(name_key), Some(value_key)) = (
        args.get("entries").and_then(Value::as_str),
        args.get("name").and_then(Value::as_str),
        args.get("value").and_then(Value::as_str),
    ) else {
        return Outcome::unknown("env_literal_secret: bad arguments");
    };
    let entries: Vec<&str> = entries.split('.').collect();
    let mut unknown = None;
    for path in args.get("documents").and_then(Value::as_list).unwrap_or(&[]).iter().filter_map(Value::as_str)
    {
        let mut docs = Vec::new();
        collect(attrs, &path.split('.').collect::<Vec<_>>(), &mut docs);
        for doc in docs {
            let parsed = match &doc.kind {
                Kind::List(_) | Kind::Map(_) => std::borrow::Cow::Borrowed(doc),
                _ => match super::iam::document(doc) {
                    Ok(d) => d,
                    Err(o) => {
                        unknown = unknown.or((o.truth == crate::policy::engine::Truth::Unknown).then_some(o));
                        continue;
                    }
                },
            };
            let mut pairs = Vec::new();
            collect(&parsed, &entries, &mut pairs);
            for pair in pairs {
                match judge_pair(pair, name_key, value_key) {
                    Pair::Secret(at) => return Outcome::yes(Some(at)),
                    Pair::Unknown => {
                        unknown =
                            unknown.or_else(|| Some(Outcome::unknown("an environment variable is unknown")));
                    }
                    Pair::Fine => {}
                }
            }
        }
    }
    unknown.unwrap_or(Outcome::no(None))
}

enum Pair {
    Secret(Span),
    Unknown,
    Fine,
}

fn judge_pair(pair: &Value, name_key: &str, value_key: &str) -> Pair {
    if pair.is_unknown() {
        return Pair::Unknown;
    }
    let Some(name) = pair.get(name_key) else { return Pair::Fine };
    let Some(value) = pair.get(value_key) else { return Pair::Fine };
    let Some(name_text) = name.as_str() else {
        return if name.find_unknown().is_some() { Pair::Unknown } else { Pair::Fine };
    };
    let looks_secret = SECRET_NAME.as_ref().is_some_and(|r| r.is_match(name_text))
        && !REFERENCE_NAME.as_ref().is_some_and(|r| r.is_match(name_text))
        || name_text.eq_ignore_ascii_case("AWS_ACCESS_KEY_ID");
    if !looks_secret {
        return Pair::Fine;
    }
    // A value from a variable, a parameter or a dynamic reference is not a literal in the template.
    let Some(text) = value.as_str() else {
        return if value.find_unknown().is_some() { Pair::Unknown } else { Pair::Fine };
    };
    if is_trivial(text) { Pair::Fine } else { Pair::Secret(name.span) }
}

/// Values that configure rather than authenticate: empty, flags, numbers, ARNs, placeholders.
fn is_trivial(text: &str) -> bool {
    let t = text.trim();
    t.len() < 4
        || t.parse::<f64>().is_ok()
        || ["true", "false", "yes", "no", "none", "null", "enabled", "disabled", "changeme"]
            .iter()
            .any(|w| t.eq_ignore_ascii_case(w))
        || t.starts_with("arn:")
        || t.starts_with("{{resolve:")
        || t.starts_with("${")
}

/// The values at a dotted path; lists met on the way, and at the end, are searched item by item.
fn collect<'v>(value: &'v Value, path: &[&str], out: &mut Vec<&'v Value>) {
    match (&value.kind, path.split_first()) {
        (Kind::List(items), _) => items.iter().for_each(|i| collect(i, path, out)),
        // An Unknown met on the way may hold the list.
        (_, None) | (Kind::Unknown(_), Some(_)) => out.push(value),
        (Kind::Map(m), Some((first, rest))) => {
            if let Some(v) = m.get(first) {
                collect(v, rest, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::policy::engine::Truth;
    use crate::value::{Key, Map};

    fn value(json: &str) -> Value {
        Value::from_json(&serde_json::from_str(json).unwrap(), Span::default())
    }

    fn terraform(containers: &str) -> Value {
        let key = Key { name: "container_definitions".into(), span: Span::default() };
        let doc = Value::string(containers, Span::new(5, 9));
        Value::new(Kind::Map(Map { entries: vec![(key, doc)] }), Span::default())
    }

    fn args() -> Value {
        value(
            r#"{"documents": ["container_definitions"], "entries": "environment", "name": "name", "value": "value"}"#,
        )
    }

    fn truth(containers: &str) -> Truth {
        literal_secret(&terraform(containers), &args()).truth
    }

    #[test]
    fn literal_secrets_are_found() {
        assert_eq!(
            truth(r#"[{"environment": [{"name": "DB_PASSWORD", "value": "hunter22"}]}]"#),
            Truth::True
        );
        assert_eq!(
            truth(r#"[{"environment": [{"name": "stripe_api_key", "value": "sk_live_x1"}]}]"#),
            Truth::True
        );
        assert_eq!(
            truth(r#"[{"environment": [{"name": "AWS_SECRET_ACCESS_KEY", "value": "wJalrXUtnFEMI"}]}]"#),
            Truth::True
        );
        assert_eq!(
            truth(r#"[{"environment": [{"name": "AWS_ACCESS_KEY_ID", "value": "AKIAEXAMPLE"}]}]"#),
            Truth::True
        );
    }

    #[test]
    fn references_flags_and_ordinary_names_are_not() {
        for env in [
            r#"{"name": "DB_PASSWORD_SECRET_ARN", "value": "arn:aws:secretsmanager:eu-west-1:1:secret:x"}"#,
            r#"{"name": "TOKEN_URL", "value": "https://auth.example.com/token"}"#,
            r#"{"name": "REQUIRE_TOKEN", "value": "true"}"#,
            r#"{"name": "TOKEN_CACHE_SIZE", "value": "1000"}"#,
            r#"{"name": "LOG_LEVEL", "value": "debug"}"#,
            r#"{"name": "API_KEY", "value": ""}"#,
        ] {
            assert_eq!(truth(&format!(r#"[{{"environment": [{env}]}}]"#)), Truth::False, "{env}");
        }
        assert_eq!(
            truth(r#"[{"secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:ssm:x"}]}]"#),
            Truth::False
        );
    }

    #[test]
    fn structures_and_unknowns() {
        let mut containers = value(
            r#"[{"Environment": [{"Name": "ADMIN_TOKEN", "Value": "abcdef12"}, {"Name": "DB_PASSWORD", "Value": null}]}]"#,
        );
        let cfn_args = value(
            r#"{"documents": ["ContainerDefinitions"], "entries": "Environment", "name": "Name", "value": "Value"}"#,
        );
        let key = Key { name: "ContainerDefinitions".into(), span: Span::default() };
        let attrs =
            Value::new(Kind::Map(Map { entries: vec![(key.clone(), containers.clone())] }), Span::default());
        assert_eq!(literal_secret(&attrs, &cfn_args).truth, Truth::True);
        // The literal goes; the remaining one comes from a parameter without a default.
        if let Kind::List(items) = &mut containers.kind
            && let Kind::Map(c) = &mut items[0].kind
            && let Kind::List(env) = &mut c.entries[0].1.kind
        {
            env.remove(0);
            if let Kind::Map(pair) = &mut env[0].kind {
                pair.entries[1].1 = Value::unknown("Ref: DbPassword", Span::default());
            }
        }
        let attrs = Value::new(Kind::Map(Map { entries: vec![(key, containers)] }), Span::default());
        assert_eq!(literal_secret(&attrs, &cfn_args).truth, Truth::Unknown);
        let unknown = Value::new(
            Kind::Map(Map {
                entries: vec![(
                    Key { name: "container_definitions".into(), span: Span::default() },
                    Value::unknown("var.x has no value", Span::default()),
                )],
            }),
            Span::default(),
        );
        assert_eq!(literal_secret(&unknown, &args()).truth, Truth::Unknown);
    }

    #[test]
    fn validation() {
        assert!(validate(&args()).is_ok());
        assert!(validate(&value(r#"{"documents": ["a"], "entries": "e", "name": "n"}"#)).is_err());
    }
}
