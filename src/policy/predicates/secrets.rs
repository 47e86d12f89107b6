//! Secrets written into infrastructure code: AWS access key ids, AWS secret access keys and passwords.
//!
//! Three kinds of places are read, each named by the policy:
//! - `passwords`: attributes that hold a password or secret (`password`, `MasterUserPassword`,
//!   `SecretString`). A value written as a literal is a finding; a reference (`var.x`, `!Ref`, a
//!   `{{resolve:secretsmanager:…}}` or `{{resolve:ssm-secure:…}}` dynamic reference) is not.
//! - `environments`: maps of variable names to values (Lambda `variables`), or lists of
//!   `{name, value}` (ECS container `environment`, inside `container_definitions` JSON or CloudFormation
//!   `ContainerDefinitions`). A secret-looking name with a literal value, or any value that is an AWS
//!   access key id, is a finding.
//! - `texts`: free text such as EC2 user data (base64 is decoded first). An AWS access key id, or an
//!   assignment like `AWS_SECRET_ACCESS_KEY=…` or `password=…` with a literal value, is a finding.
//!
//! A finding points at the value's location; the value itself never leaves this module, so no report
//! can leak it.

use std::sync::LazyLock;

use regex::Regex;

use super::{Predicate, only_args};
use crate::model::Resource;
use crate::policy::engine::{Ctx, Outcome};
use crate::source::{Format, Span};
use crate::value::{Kind, Value};

pub static HARDCODED_SECRET: Predicate = Predicate {
    name: "hardcoded_secret",
    summary: "a literal AWS access key id, AWS secret access key or password in one of the `passwords` attributes, the `environments` variable maps/lists or the `texts` (user data)",
    validate,
    eval,
};

const ARGS: &[&str] = &["passwords", "environments", "texts"];

fn validate(args: &Value) -> Result<(), String> {
    only_args(args, ARGS)?;
    let mut any = false;
    for key in ARGS {
        if let Some(v) = args.get(key) {
            if !v.as_list().is_some_and(|l| l.iter().all(|x| x.as_str().is_some())) {
                return Err(format!("hardcoded_secret: `{key}` must be a list of attribute paths"));
            }
            any = true;
        }
    }
    if any {
        Ok(())
    } else {
        Err("hardcoded_secret needs `passwords`, `environments` or `texts`".to_string())
    }
}

static ACCESS_KEY_ID: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z2-7]{16}\b").ok());

/// `aws_secret_access_key = "…40 chars…"` and friends in free text.
static SECRET_KEY_ASSIGNMENT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r#"(?i)secret_?access_?key["']?\s*[:=]\s*["']?[A-Za-z0-9/+]{40}(?:[^A-Za-z0-9/+=]|$)"#).ok()
});

/// `password=…`, `DB_PASSWORD: "…"`, `--password …` in free text, with the value captured.
static PASSWORD_ASSIGNMENT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    // `--password value` takes a space; a bare word after "password" in prose does not count.
    Regex::new(r#"(?i)(?:(?:passw(?:or)?d|pwd)["']?\s*[:=]\s*|--passw(?:or)?d\s+)["']?([^\s"'`;&|\\]{4,})"#)
        .ok()
});

/// Variable names that hold secrets.
static SECRET_NAME: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)(passw(or)?d|passwd|pwd|secret|token|api_?key|private_?key|credential|access_?key)").ok()
});

/// Names that mention a secret but hold its address, not its value.
static SECRET_REFERENCE_NAME: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)(_?(arn|name|id|ids|path|url|uri|file|param|parameter|key_id|ssm|region|length|ttl|expiry|header|type|version|bucket|table|prefix|env|enabled|location)s?)$")
        .ok()
});

fn is_match(re: &LazyLock<Option<Regex>>, text: &str) -> bool {
    re.as_ref().is_some_and(|r| r.is_match(text))
}

fn eval(ctx: &Ctx<'_>, resource: &Resource, args: &Value) -> Outcome {
    // A value may have been written in an override file merged into the resource.
    let located = |span: Span| {
        let (file, span) = resource.locate(span);
        (ctx.project.files.get(file).map_or("", |f| f.text.as_str()), span)
    };
    // The line holding the secret, in the resource's span space (an override file's is shifted).
    let narrowed = |span: Span| {
        let (source, local) = located(span);
        let line = secret_line(source, local);
        Span { start: span.start + (line.start - local.start), end: span.start + (line.end - local.start) }
    };
    let paths = |key: &str| -> Vec<Vec<&str>> {
        args.get(key)
            .and_then(Value::as_list)
            .unwrap_or(&[])
            .iter()
            .filter_map(Value::as_str)
            .map(|p| p.split('.').collect())
            .collect()
    };
    for path in paths("passwords") {
        for v in at_path(&resource.attrs, &path) {
            if let Kind::String(s) = &v.kind
                && is_written_literal(located(v.span).0, located(v.span).1, resource.format)
                && is_password_value(s)
            {
                return Outcome::yes(Some(v.span));
            }
        }
    }
    for path in paths("environments") {
        for v in at_path(&resource.attrs, &path) {
            if let Some(at) = environment_secret(&located, v, resource.format) {
                return Outcome::yes(Some(narrowed(at)));
            }
        }
    }
    for path in paths("texts") {
        for v in at_path(&resource.attrs, &path) {
            let found = match &v.kind {
                Kind::String(s) => {
                    text_has_secret(s) || decode_base64(s).is_some_and(|d| text_has_secret(&d))
                }
                // A script with interpolations (`Fn::Sub` with `${AWS::Region}`, a heredoc with
                // `${var.x}`) is unknown as a whole, but its literal parts are written in the file.
                Kind::Unknown(_) => {
                    let (source, span) = located(v.span);
                    source.get(span.range()).is_some_and(text_has_secret)
                }
                _ => false,
            };
            if found {
                return Outcome::yes(Some(narrowed(v.span)));
            }
        }
    }
    // Unknown values are not secrets we can see, and never findings: nothing to report is a no.
    Outcome::no(None)
}

/// In a value written over several lines (a heredoc, a YAML block scalar), the line that holds the
/// secret: the one to change, and the one a reviewer sees annotated. The whole value otherwise.
fn secret_line(source: &str, span: Span) -> Span {
    let Some(text) = source.get(span.range()) else { return span };
    if !text.contains('\n') {
        return span;
    }
    let mut offset = span.start as usize;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if text_has_secret(trimmed) {
            let indent = trimmed.len() - trimmed.trim_start().len();
            return Span::new(offset + indent, offset + trimmed.len());
        }
        offset += line.len();
    }
    span
}

fn at_path<'v>(value: &'v Value, path: &[&str]) -> Vec<&'v Value> {
    fn walk<'v>(value: &'v Value, path: &[&str], out: &mut Vec<&'v Value>) {
        let Some((first, rest)) = path.split_first() else {
            out.push(value);
            return;
        };
        match &value.kind {
            Kind::List(items) => items.iter().for_each(|i| walk(i, path, out)),
            Kind::Map(m) => {
                if let Some(v) = m.get(first) {
                    walk(v, rest, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, path, &mut out);
    out
}

/// Whether the text at `span` is a literal rather than a reference or function: in Terraform a quoted
/// string or heredoc without interpolation (not `var.x`, `"${var.x}"`, `random_password.p.result`); in
/// CloudFormation anything but an intrinsic function (`!Ref X`, `{"Ref": …}`, `!Sub`).
fn is_written_literal(source: &str, span: Span, format: Format) -> bool {
    let Some(text) = source.get(span.range()) else { return false };
    let text = text.trim_start();
    match format {
        Format::Terraform => (text.starts_with('"') || text.starts_with("<<")) && !text.contains("${"),
        Format::CloudFormation => !text.is_empty() && !text.starts_with(['!', '{', '[']),
    }
}

/// A literal that is a password rather than a placeholder for one or a dynamic reference.
fn is_password_value(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty() && !t.contains("{{resolve:") && !t.starts_with("arn:")
}

fn environment_secret<'s>(
    located: &dyn Fn(Span) -> (&'s str, Span),
    env: &Value,
    format: Format,
) -> Option<Span> {
    let parsed;
    // `container_definitions = jsonencode([...])`: the JSON is one value in the file, and whatever it
    // holds was known when it was written, so its values count as literals.
    let (env, from_json) = match &env.kind {
        Kind::String(text) if text.trim_start().starts_with(['[', '{']) => {
            parsed = super::iam::document(env).ok()?;
            (&*parsed, true)
        }
        _ => (env, false),
    };
    let mut pairs: Vec<(String, &Value)> = Vec::new();
    collect_pairs(env, &mut pairs, 0);
    for (name, value) in pairs {
        let Kind::String(s) = &value.kind else { continue };
        if is_match(&ACCESS_KEY_ID, s) {
            return Some(value.span);
        }
        if (from_json || is_written_literal(located(value.span).0, located(value.span).1, format))
            && is_match(&SECRET_NAME, &name)
            && !is_match(&SECRET_REFERENCE_NAME, &name)
            && looks_like_secret_value(s)
        {
            return Some(value.span);
        }
    }
    None
}

/// Name/value pairs from a map of variables, or from `environment` lists of `{name, value}` found
/// anywhere below (ECS container definitions).
fn collect_pairs<'v>(v: &'v Value, out: &mut Vec<(String, &'v Value)>, depth: usize) {
    if depth > 8 {
        return;
    }
    match &v.kind {
        Kind::Map(m) => {
            let name = m.get("name").or_else(|| m.get("Name")).and_then(Value::as_str);
            let value = m.get("value").or_else(|| m.get("Value"));
            if let (Some(name), Some(value)) = (name, value) {
                out.push((name.to_string(), value));
                return;
            }
            for (k, x) in m.iter() {
                match &x.kind {
                    Kind::List(_) | Kind::Map(_) => collect_pairs(x, out, depth + 1),
                    _ => out.push((k.name.clone(), x)),
                }
            }
        }
        Kind::List(items) => items.iter().for_each(|i| collect_pairs(i, out, depth + 1)),
        _ => {}
    }
}

fn looks_like_secret_value(s: &str) -> bool {
    let t = s.trim();
    if t.len() < 4 || t.contains("{{resolve:") || t.starts_with("arn:") || t.starts_with('/') {
        return false;
    }
    let lower = t.to_ascii_lowercase();
    if matches!(lower.as_str(), "true" | "false" | "none" | "null" | "enabled" | "disabled") {
        return false;
    }
    // Numbers (`TOKEN_TTL = 3600`) and URLs are settings, not secrets.
    !(t.chars().all(|c| c.is_ascii_digit() || c == '.')
        || lower.starts_with("http://")
        || lower.starts_with("https://"))
}

fn text_has_secret(text: &str) -> bool {
    if is_match(&ACCESS_KEY_ID, text) || is_match(&SECRET_KEY_ASSIGNMENT, text) {
        return true;
    }
    let Some(re) = PASSWORD_ASSIGNMENT.as_ref() else { return false };
    re.captures_iter(text).any(|c| {
        c.get(1).is_some_and(|m| {
            let v = m.as_str();
            // `$VAR`, `$(cmd)`, `{{resolve:…}}`, `<placeholder>`, `%s`: not a literal password.
            !v.starts_with(['$', '{', '<', '%', '(', '@', '-'])
                && !v.eq_ignore_ascii_case("required")
                && looks_like_secret_value(v)
        })
    })
}

/// Decodes standard base64 text (user data is often encoded); `None` when it is not base64 of UTF-8.
fn decode_base64(s: &str) -> Option<String> {
    let t: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if t.len() < 16 || !t.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(t.len() / 4 * 3);
    for chunk in t.chunks(4) {
        let mut n = 0u32;
        let mut pad = 0;
        for &b in chunk {
            let v = match b {
                b'A'..=b'Z' => b - b'A',
                b'a'..=b'z' => b - b'a' + 26,
                b'0'..=b'9' => b - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                b'=' => {
                    pad += 1;
                    0
                }
                _ => return None,
            };
            n = (n << 6) | u32::from(v);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad.min(2)]);
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_and_passwords_in_text() {
        assert!(text_has_secret("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n"));
        assert!(text_has_secret("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"));
        assert!(text_has_secret("mysql -u root --password hunter22 <<EOF"));
        assert!(text_has_secret("DB_PASSWORD=\"s3cr3t!x\""));
        assert!(!text_has_secret("DB_PASSWORD=$(aws ssm get-parameter --name db)"));
        assert!(!text_has_secret("password: {{resolve:secretsmanager:db}}"));
        assert!(!text_has_secret("#!/bin/bash\nyum install -y httpd\n"));
        assert!(!text_has_secret("# the password must be rotated by the admin"));
        // Raw template text keeps escapes: `\n` ends the value.
        assert!(!text_has_secret(r"gitea admin --must-change-password=false\n\n# done"));
    }

    #[test]
    fn decodes_base64_user_data() {
        // "#!/bin/bash\npassword=hunter22\n"
        let encoded = "IyEvYmluL2Jhc2gKcGFzc3dvcmQ9aHVudGVyMjIK";
        assert_eq!(decode_base64(encoded).as_deref(), Some("#!/bin/bash\npassword=hunter22\n"));
        assert!(decode_base64("not base64 at all!").is_none());
    }

    #[test]
    fn literals_are_told_from_references() {
        let src =
            r#"a = "x" b = var.pw c = "${var.pw}" d = random_password.p.result e: !Ref P f: plain.text"#;
        let span = |needle: &str| {
            let start = src.find(needle).unwrap_or_default();
            Span::new(start, start + needle.len())
        };
        let tf = Format::Terraform;
        assert!(is_written_literal(src, span("\"x\""), tf));
        assert!(!is_written_literal(src, span("var.pw"), tf));
        assert!(!is_written_literal(src, span("\"${var.pw}\""), tf));
        assert!(!is_written_literal(src, span("random_password.p.result"), tf));
        assert!(!is_written_literal(src, span("!Ref P"), Format::CloudFormation));
        assert!(is_written_literal(src, span("plain.text"), Format::CloudFormation));
    }
}
