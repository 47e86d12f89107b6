//! IAM policy documents read statement by statement, from every source a template can hold them in.
//!
//! Sources: CloudFormation maps (`PolicyDocument`, `KeyPolicy`, `AssumeRolePolicyDocument`), JSON
//! strings (Terraform `jsonencode(...)`, heredocs, literal JSON, CloudFormation string documents), and
//! Terraform `data "aws_iam_policy_document"` blocks reached through the reference in `policy = ...json`,
//! which the evaluator leaves Unknown. Statements may be a list or a single map; `Action`/`NotAction`,
//! `Resource`/`NotResource` and `Principal` may be a string, a list or (for principals) a map.
//!
//! Action patterns in a document are globs (`iam:*`, `iam:Put*`, `*`) matched case-insensitively
//! against the concrete action names a policy asks about, so `iam:Put*` grants `iam:PutRolePolicy`.

use super::iam::document;
use super::{Predicate, document_paths, only_args, validate_documents, values_at};
use crate::eval::value::{Key, Kind, Map, Value};
use crate::graph::base_address;
use crate::model::Resource;
use crate::policy::engine::{Ctx, Outcome, Truth};
use crate::source::Span;

/// One document found at a path, ready to read.
pub struct Doc {
    pub value: Value,
    /// The statements came from an `aws_iam_policy_document` that also merges documents we cannot
    /// read (`source_policy_documents`, `override_json`, …): a "no" about it is only an Unknown.
    pub partial: bool,
}

/// The documents at the dotted `paths` of a resource; `Err` carries an Unknown when a document cannot be
/// read (a variable without a value, a data source other than `aws_iam_policy_document`).
pub fn documents(ctx: &Ctx<'_>, resource: &Resource, paths: &[&str]) -> Vec<Result<Doc, Outcome>> {
    let mut out = Vec::new();
    for path in paths {
        let mut found = Vec::new();
        values_at(&resource.attrs, &path.split('.').collect::<Vec<_>>(), &mut found);
        // A null document is an unset argument, not a document.
        found.retain(|v| !matches!(v.kind, Kind::Null));
        for value in found {
            if let Kind::Unknown(_) = value.kind
                && let Some(doc) = from_data_source(ctx, resource, path, value.span)
            {
                out.push(Ok(doc));
                continue;
            }
            match document(value) {
                Ok(doc) => out.push(Ok(Doc { value: doc, partial: false })),
                // A string that is not JSON is no document; that is for other tools to report.
                Err(o) if o.truth == Truth::Unknown => out.push(Err(o)),
                Err(_) => {}
            }
        }
    }
    out
}

/// `policy = data.aws_iam_policy_document.x.json`: rebuilds the document from the data block. Every
/// value takes `at`, the span of the attribute in the judged resource, since the data block may live in
/// another file.
fn from_data_source(ctx: &Ctx<'_>, resource: &Resource, path: &str, at: Span) -> Option<Doc> {
    let targets: Vec<&str> = resource
        .refs
        .iter()
        .filter(|r| r.via == path && r.target.contains("data.aws_iam_policy_document."))
        .map(|r| base_address(&r.target))
        .collect();
    let data = ctx
        .graph
        .of_type("aws_iam_policy_document")
        .iter()
        .map(|&i| &ctx.project.resources[i])
        .find(|d| d.scope == resource.scope && targets.contains(&base_address(&d.address)))?;
    let attrs = &data.attrs;
    let partial = ["source_policy_documents", "override_policy_documents", "source_json", "override_json"]
        .iter()
        .any(|k| attrs.get(k).is_some_and(|v| !matches!(v.kind, Kind::Null)));
    let statements = match attrs.get("statement") {
        Some(Value { kind: Kind::List(items), .. }) => {
            Value::new(Kind::List(items.iter().map(|s| statement_from_block(s, at)).collect()), at)
        }
        Some(v @ Value { kind: Kind::Unknown(_), .. }) => respan(v, at),
        _ => Value::new(Kind::List(Vec::new()), at),
    };
    let mut doc = Map::default();
    doc.insert(Key { name: "Statement".into(), span: at }, statements);
    Some(Doc { value: Value::new(Kind::Map(doc), at), partial })
}

/// A `statement { ... }` block as the JSON statement it renders to.
fn statement_from_block(block: &Value, at: Span) -> Value {
    let mut out = Map::default();
    let mut put = |name: &str, v: Value| out.insert(Key { name: name.into(), span: at }, v);
    if block.is_unknown() {
        return respan(block, at);
    }
    put("Effect", block.get("effect").map_or_else(|| Value::string("Allow", at), |v| respan(v, at)));
    for (from, to) in [
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ] {
        if let Some(v) = block.get(from).filter(|v| !matches!(v.kind, Kind::Null)) {
            put(to, respan(v, at));
        }
    }
    for (from, to) in [("principals", "Principal"), ("not_principals", "NotPrincipal")] {
        if let Some(v) = block.get(from) {
            put(to, principals_from_blocks(v, at));
        }
    }
    if let Some(v) = block.get("condition") {
        put("Condition", conditions_from_blocks(v, at));
    }
    Value::new(Kind::Map(out), at)
}

/// `principals { type = "AWS", identifiers = ["*"] }` → `{"AWS": ["*"]}`; type `*` → `"*"`.
fn principals_from_blocks(v: &Value, at: Span) -> Value {
    let Some(blocks) = v.as_list() else { return respan(v, at) };
    let mut map = Map::default();
    for b in blocks {
        match b.get("type").map(|t| &t.kind) {
            Some(Kind::String(t)) if t == "*" => return Value::string("*", at),
            Some(Kind::String(t)) => map.insert(
                Key { name: t.clone(), span: at },
                b.get("identifiers").map_or_else(|| Value::null(at), |i| respan(i, at)),
            ),
            _ => return Value::unknown("principal type is unknown", at),
        }
    }
    Value::new(Kind::Map(map), at)
}

/// `condition { test, variable, values }` blocks → `{"test": {"variable": values}}`.
fn conditions_from_blocks(v: &Value, at: Span) -> Value {
    let Some(blocks) = v.as_list() else { return respan(v, at) };
    let mut map = Map::default();
    for b in blocks {
        let (Some(test), Some(variable)) =
            (b.get("test").and_then(Value::as_str), b.get("variable").and_then(Value::as_str))
        else {
            return Value::unknown("condition test or variable is unknown", at);
        };
        let mut inner = Map::default();
        inner.insert(
            Key { name: variable.to_string(), span: at },
            b.get("values").map_or_else(|| Value::null(at), |x| respan(x, at)),
        );
        map.insert(Key { name: test.to_string(), span: at }, Value::new(Kind::Map(inner), at));
    }
    Value::new(Kind::Map(map), at)
}

fn respan(v: &Value, at: Span) -> Value {
    let kind = match &v.kind {
        Kind::List(items) => Kind::List(items.iter().map(|i| respan(i, at)).collect()),
        Kind::Map(m) => Kind::Map(Map {
            entries: m.iter().map(|(k, x)| (Key { name: k.name.clone(), span: at }, respan(x, at))).collect(),
        }),
        other => other.clone(),
    };
    Value::new(kind, at)
}

/// Items of a string-or-list field.
pub fn items(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value { kind: Kind::List(items), .. }) => items.iter().collect(),
        Some(Value { kind: Kind::Null, .. }) | None => vec![],
        Some(v) => vec![v],
    }
}

/// The statements of a document: a list, or a single statement map.
pub fn statements(doc: &Value) -> Result<Vec<&Value>, Outcome> {
    match doc.get("Statement") {
        Some(Value { kind: Kind::Unknown(u), .. }) => {
            Err(Outcome::unknown(format!("policy statements are unknown: {}", u.reason)))
        }
        s => Ok(items(s)),
    }
}

/// Case-insensitive glob with `*` and `?`, as IAM matches actions.
#[must_use]
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_ascii_lowercase().chars().collect();
    let t: Vec<char> = text.to_ascii_lowercase().chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// The statement's effect: `Some(true)` Allow, `Some(false)` Deny or anything else, `None` unknown.
pub fn is_allow(statement: &Value) -> Option<bool> {
    match statement.get("Effect") {
        Some(v) if v.is_unknown() => None,
        Some(v) => Some(v.as_str() == Some("Allow")),
        None => Some(false),
    }
}

/// Whether a statement covers `action`, and the span of the item that decided.
pub fn covers_action(statement: &Value, action: &str) -> (Truth, Option<Span>) {
    if let Some(list) = statement.get("Action") {
        return any_item(list, |s| glob(s, action));
    }
    if let Some(list) = statement.get("NotAction") {
        return match any_item(list, |s| glob(s, action)) {
            (Truth::True, _) => (Truth::False, None),
            (Truth::Unknown, _) => (Truth::Unknown, None),
            (Truth::False, _) => (Truth::True, Some(list.span)),
        };
    }
    (Truth::False, None)
}

/// Some string item of a string-or-list satisfies `test`.
pub fn any_item(list: &Value, test: impl Fn(&str) -> bool) -> (Truth, Option<Span>) {
    let mut unknown = false;
    for item in items(Some(list)) {
        match &item.kind {
            Kind::String(s) if test(s) => return (Truth::True, Some(item.span)),
            Kind::Unknown(_) => unknown = true,
            _ => {}
        }
    }
    (if unknown { Truth::Unknown } else { Truth::False }, None)
}

/// `Resource: "*"`, or `NotResource` (everything but a few).
pub fn resource_is_wildcard(statement: &Value) -> Truth {
    if statement.get("NotResource").is_some() {
        return Truth::True;
    }
    statement.get("Resource").map_or(Truth::False, |r| any_item(r, |s| s == "*").0)
}

/// `Principal: "*"`, `{"AWS": "*"}` (or a list holding `*`), or an Allow with `NotPrincipal`.
pub fn principal_is_public(statement: &Value) -> (Truth, Option<Span>) {
    if let Some(np) = statement.get("NotPrincipal") {
        return (Truth::True, Some(np.span));
    }
    match statement.get("Principal") {
        None => (Truth::False, None),
        Some(p @ Value { kind: Kind::String(s), .. }) => {
            (if s == "*" { Truth::True } else { Truth::False }, Some(p.span))
        }
        Some(Value { kind: Kind::Unknown(_), .. }) => (Truth::Unknown, None),
        Some(p) => p.get("AWS").map_or((Truth::False, None), |aws| any_item(aws, |s| s == "*")),
    }
}

/// Whether the statement has a condition naming one of `keys` (case-insensitive), or any condition
/// at all when `keys` is empty.
pub fn has_condition(statement: &Value, keys: &[&str]) -> Truth {
    let Some(cond) = statement.get("Condition") else { return Truth::False };
    let Some(ops) = cond.as_map() else {
        return if cond.is_unknown() { Truth::Unknown } else { Truth::False };
    };
    if keys.is_empty() {
        return if ops.is_empty() { Truth::False } else { Truth::True };
    }
    let mut unknown = false;
    for (_, inner) in ops.iter() {
        match &inner.kind {
            Kind::Map(m)
                if m.iter().any(|(k, _)| keys.iter().any(|want| k.name.eq_ignore_ascii_case(want))) =>
            {
                return Truth::True;
            }
            Kind::Unknown(_) => unknown = true,
            _ => {}
        }
    }
    if unknown { Truth::Unknown } else { Truth::False }
}

/// Kleene `and`.
#[must_use]
pub fn and(a: Truth, b: Truth) -> Truth {
    match (a, b) {
        (Truth::False, _) | (_, Truth::False) => Truth::False,
        (Truth::True, Truth::True) => Truth::True,
        _ => Truth::Unknown,
    }
}

#[must_use]
pub fn not(a: Truth) -> Truth {
    match a {
        Truth::True => Truth::False,
        Truth::False => Truth::True,
        Truth::Unknown => Truth::Unknown,
    }
}

/// Runs `judge` over every document at the `documents` paths: True on the first True, else Unknown if
/// any was Unknown (or a partial document said no), else False.
pub fn over_documents(
    ctx: &Ctx<'_>,
    resource: &Resource,
    args: &Value,
    judge: impl Fn(&Value) -> Outcome,
) -> Outcome {
    Outcome::any_true(documents(ctx, resource, &document_paths(args)).into_iter().map(|doc| match doc {
        Ok(d) => {
            let o = judge(&d.value);
            if d.partial && o.truth == Truth::False {
                Outcome::unknown("the policy document merges other documents that cannot be read")
            } else {
                o
            }
        }
        Err(o) => o,
    }))
}

pub static DENIES_INSECURE_TRANSPORT: Predicate = Predicate {
    name: "iam_policy_denies_insecure_transport",
    summary: "a policy document at one of `documents` denies requests with `aws:SecureTransport` false to every principal",
    validate: |args| {
        only_args(args, &["documents"])?;
        validate_documents("iam_policy_denies_insecure_transport", args)
    },
    eval: |ctx, resource, args| over_documents(ctx, resource, args, denies_insecure_transport),
};

fn denies_insecure_transport(doc: &Value) -> Outcome {
    let statements = match statements(doc) {
        Ok(s) => s,
        Err(o) => return o,
    };
    let mut unknown = false;
    for s in statements {
        let deny = match s.get("Effect") {
            Some(v) if v.is_unknown() => Truth::Unknown,
            Some(v) if v.as_str() == Some("Deny") => Truth::True,
            _ => Truth::False,
        };
        let everyone = principal_is_public(s).0;
        let reads = covers_action(s, "s3:GetObject").0;
        let insecure = secure_transport_false(s);
        match and(and(deny, everyone), and(reads, insecure)) {
            Truth::True => return Outcome::yes(None),
            Truth::Unknown => unknown = true,
            Truth::False => {}
        }
    }
    if unknown {
        Outcome::unknown("a deny statement of the bucket policy is unknown")
    } else {
        Outcome::no(None)
    }
}

/// `"Condition": {"Bool": {"aws:SecureTransport": "false"}}` (or `BoolIfExists`).
fn secure_transport_false(statement: &Value) -> Truth {
    let Some(cond) = statement.get("Condition") else { return Truth::False };
    let Some(ops) = cond.as_map() else {
        return if cond.is_unknown() { Truth::Unknown } else { Truth::False };
    };
    let mut unknown = false;
    for (op, inner) in ops.iter() {
        if !op.name.eq_ignore_ascii_case("Bool") && !op.name.eq_ignore_ascii_case("BoolIfExists") {
            continue;
        }
        let Some(m) = inner.as_map() else {
            unknown |= inner.is_unknown();
            continue;
        };
        for (k, v) in m.iter() {
            if !k.name.eq_ignore_ascii_case("aws:SecureTransport") {
                continue;
            }
            for item in items(Some(v)) {
                match item.as_bool() {
                    Some(false) => return Truth::True,
                    None if item.is_unknown() => unknown = true,
                    _ => {}
                }
            }
        }
    }
    if unknown { Truth::Unknown } else { Truth::False }
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn globs_match_like_iam() {
        assert!(glob("*", "iam:PassRole"));
        assert!(glob("iam:*", "iam:PassRole"));
        assert!(glob("IAM:pass*", "iam:PassRole"));
        assert!(glob("iam:Put*Policy", "iam:PutRolePolicy"));
        assert!(glob("s3:Get?bject", "s3:GetObject"));
        assert!(!glob("iam:Get*", "iam:PassRole"));
        assert!(!glob("s3:*", "iam:PassRole"));
        assert!(!glob("iam:PassRole", "iam:PassRoles"));
    }
}
