//! IAM policy documents read statement by statement, from every source a template can hold them in.
//!
//! Sources: CloudFormation maps (`PolicyDocument`, `KeyPolicy`, `AssumeRolePolicyDocument`, an Identity
//! Center permission set's `InlinePolicy`), JSON strings (Terraform `jsonencode(...)`, heredocs, literal
//! JSON, CloudFormation string documents; `aws_ssoadmin_permission_set_inline_policy` too), and
//! Terraform `data "aws_iam_policy_document"` blocks, which the evaluator renders into the document
//! they produce. Statements may be a list or a single map; `Action`/`NotAction`, `Resource`/
//! `NotResource` and `Principal` may be a string, a list or (for principals) a map.
//!
//! Action patterns in a document are globs (`iam:*`, `iam:Put*`, `*`) matched case-insensitively
//! against the concrete action names a policy asks about, so `iam:Put*` grants `iam:PutRolePolicy`.

use super::iam::document;
use super::{Predicate, any_document, only_args, validate_documents};
use crate::model::Resource;
use crate::policy::engine::{Outcome, Truth};
use crate::source::Span;
use crate::value::{Kind, Value};

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

/// Case-insensitive glob with `*` and `?`, as IAM matches actions. It runs for every action of
/// every statement against every action a policy asks about, so the ASCII case (every real action)
/// is matched on the bytes in place.
#[must_use]
pub fn glob(pattern: &str, text: &str) -> bool {
    if pattern.is_ascii() && text.is_ascii() {
        return glob_on(pattern.as_bytes(), text.as_bytes(), u8::eq_ignore_ascii_case);
    }
    let p: Vec<char> = pattern.chars().map(|c| c.to_ascii_lowercase()).collect();
    let t: Vec<char> = text.chars().map(|c| c.to_ascii_lowercase()).collect();
    glob_on(&p, &t, |p, t| p == t)
}

/// Wildcard matching with backtracking to the last `*`: linear for the patterns IAM allows.
fn glob_on<T: Copy + PartialEq + From<u8>>(p: &[T], t: &[T], same: impl Fn(&T, &T) -> bool) -> bool {
    let (star, any) = (T::from(b'*'), T::from(b'?'));
    let (mut pi, mut ti) = (0, 0);
    let mut backtrack: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == any || same(&p[pi], &t[ti])) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == star {
            backtrack = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = backtrack {
            pi = sp + 1;
            ti = st + 1;
            backtrack = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == star)
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
/// any was Unknown, else False. A string that is not JSON is no document; that is for other tools to
/// report.
pub fn over_documents(resource: &Resource, args: &Value, judge: impl Fn(&Value) -> Outcome) -> Outcome {
    any_document(resource, args, |value| match document(value) {
        Ok(doc) => judge(&doc),
        Err(o) => o,
    })
}

pub static DENIES_INSECURE_TRANSPORT: Predicate = Predicate {
    name: "iam_policy_denies_insecure_transport",
    summary: "a policy document at one of `documents` denies requests with `aws:SecureTransport` false to every principal",
    validate: |args| {
        only_args(args, &["documents"])?;
        validate_documents("iam_policy_denies_insecure_transport", args)
    },
    eval: |_, resource, args| over_documents(resource, args, denies_insecure_transport),
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
