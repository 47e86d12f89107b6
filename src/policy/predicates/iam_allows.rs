//! What a policy document allows: named actions, sets of actions that together escalate privileges,
//! wildcard actions, actions of an access level (write, permissions management; see
//! [`super::iam_levels`]), or anything at all to a public principal, narrowed by the statement's resource,
//! principal and conditions. Documents are read by [`super::iam_doc`].

use super::iam_doc::{
    and, any_item, covers_action, glob, has_condition, is_allow, items, not, over_documents,
    principal_is_public, resource_is_wildcard, statements,
};
use super::iam_levels::{self, Level};
use super::{Predicate, only_args, validate_documents};
use crate::policy::engine::{Outcome, Truth};
use crate::source::Span;
use crate::value::{Kind, Value};

pub static ALLOWS: Predicate = Predicate {
    name: "iam_policy_allows",
    summary: "a policy document at one of `documents` allows one of `actions`, every action of one of `action_sets`, an action of `access_level` (write, permissions-management) that accepts a resource ARN, a wildcard action (`wildcard_actions`) or anything (`any_action`), counting only statements with `resource_wildcard`/`public_principal`/`principal_contains` when asked and without a condition on `unless_condition_keys` (any condition with `unless_any_condition`)",
    validate,
    eval: |_, resource, args| {
        let q = Query::from_args(args);
        over_documents(resource, args, |doc| q.judge(doc))
    },
};

const ARGS: &[&str] = &[
    "documents",
    "actions",
    "action_sets",
    "access_level",
    "wildcard_actions",
    "any_action",
    "resource_wildcard",
    "public_principal",
    "unless_condition_keys",
    "unless_any_condition",
    "principal_contains",
];

fn validate(args: &Value) -> Result<(), String> {
    only_args(args, ARGS)?;
    validate_documents("iam_policy_allows", args)?;
    let strings =
        |v: &Value| v.as_list().is_some_and(|l| !l.is_empty() && l.iter().all(|x| x.as_str().is_some()));
    let modes = [
        args.get("actions").map(&strings),
        args.get("action_sets").map(|v| v.as_list().is_some_and(|l| !l.is_empty() && l.iter().all(strings))),
        args.get("access_level").map(|v| v.as_str().and_then(Level::parse).is_some()),
        args.get("wildcard_actions").map(|v| v.as_bool() == Some(true)),
        args.get("any_action").map(|v| v.as_bool() == Some(true)),
    ];
    let given: Vec<bool> = modes.iter().flatten().copied().collect();
    if given.len() != 1 || !given[0] {
        return Err("iam_policy_allows needs exactly one of `actions: [names]`, `action_sets: [[names]]`, \
                    `access_level: write|permissions-management`, `wildcard_actions: true`, `any_action: true`"
            .to_string());
    }
    for flag in ["resource_wildcard", "public_principal", "unless_any_condition"] {
        if args.get(flag).is_some_and(|v| v.as_bool().is_none()) {
            return Err(format!("iam_policy_allows: `{flag}` must be true or false"));
        }
    }
    if args.get("principal_contains").is_some_and(|v| !strings(v)) {
        return Err("iam_policy_allows: `principal_contains` must be a list of strings".to_string());
    }
    if args.get("unless_condition_keys").is_some_and(|v| !strings(v)) {
        return Err("iam_policy_allows: `unless_condition_keys` must be a list of strings".to_string());
    }
    Ok(())
}

enum Mode {
    Actions(Vec<String>),
    Sets(Vec<Vec<String>>),
    Level(Level),
    Wildcard,
    Anything,
}

struct Query {
    mode: Mode,
    resource_wildcard: bool,
    public_principal: bool,
    condition_keys: Vec<String>,
    any_condition: bool,
    /// Only statements whose principal (any type) names one of these, e.g. an OIDC provider.
    principal_contains: Vec<String>,
}

fn strings(v: Option<&Value>) -> Vec<String> {
    items(v).iter().filter_map(|x| x.as_str().map(str::to_string)).collect()
}

impl Query {
    fn from_args(args: &Value) -> Query {
        let flag = |name: &str| args.get(name).and_then(Value::as_bool) == Some(true);
        let mode = if let Some(sets) = args.get("action_sets").and_then(Value::as_list) {
            Mode::Sets(sets.iter().map(|s| strings(Some(s))).collect())
        } else if let Some(level) = args.get("access_level").and_then(Value::as_str).and_then(Level::parse) {
            Mode::Level(level)
        } else if flag("wildcard_actions") {
            Mode::Wildcard
        } else if flag("any_action") {
            Mode::Anything
        } else {
            Mode::Actions(strings(args.get("actions")))
        };
        Query {
            mode,
            resource_wildcard: flag("resource_wildcard"),
            public_principal: flag("public_principal"),
            condition_keys: strings(args.get("unless_condition_keys")),
            any_condition: flag("unless_any_condition"),
            principal_contains: strings(args.get("principal_contains")),
        }
    }

    /// Whether an Allow statement counts for this query, whatever it allows; with the span of the
    /// principal when that is what the query is about.
    fn counts(&self, s: &Value) -> (Truth, Option<Span>) {
        let mut t = match is_allow(s) {
            Some(true) => Truth::True,
            Some(false) => return (Truth::False, None),
            None => Truth::Unknown,
        };
        let mut at = None;
        if self.resource_wildcard {
            t = and(t, resource_is_wildcard(s));
        }
        if self.public_principal {
            let (p, span) = principal_is_public(s);
            t = and(t, p);
            at = span;
        }
        if !self.principal_contains.is_empty() {
            let (p, span) = principal_names(s, &self.principal_contains);
            t = and(t, p);
            at = at.or(span);
        }
        if self.any_condition {
            t = and(t, not(has_condition(s, &[])));
        } else if !self.condition_keys.is_empty() {
            let keys: Vec<&str> = self.condition_keys.iter().map(String::as_str).collect();
            t = and(t, not(has_condition(s, &keys)));
        }
        (t, at)
    }

    fn judge(&self, doc: &Value) -> Outcome {
        let statements = match statements(doc) {
            Ok(s) => s,
            Err(o) => return o,
        };
        match &self.mode {
            Mode::Anything => first_true(statements.iter().map(|s| self.counts(s))),
            Mode::Wildcard => first_true(statements.iter().map(|s| {
                let (t, _) = self.counts(s);
                let (w, at) = wildcard_action(s);
                (and(t, w), at)
            })),
            Mode::Actions(actions) => first_true(actions.iter().map(|a| self.allows(&statements, a))),
            // Full administrator access is AWS-IAM-001's finding, as in `allows`.
            Mode::Level(level) => first_true(statements.iter().filter(|s| !is_full_admin(s)).map(|s| {
                let (t, _) = self.counts(s);
                if t == Truth::False {
                    return (Truth::False, None);
                }
                let (c, at) = covers_level(s, *level, &statements);
                (and(t, c), at)
            })),
            Mode::Sets(sets) => first_true(sets.iter().map(|set| {
                let mut truth = Truth::True;
                let mut at = None;
                for a in set {
                    let (t, span) = self.allows(&statements, a);
                    truth = and(truth, t);
                    at = at.or(span);
                }
                (truth, at)
            })),
        }
    }

    /// Whether the document allows `action` through a counting statement and no unconditional Deny of
    /// it on every resource takes it back.
    fn allows(&self, statements: &[&Value], action: &str) -> (Truth, Option<Span>) {
        // `*` on every resource is full administrator access, AWS-IAM-001's finding; reporting it again
        // under every action-specific policy would only multiply one problem.
        let granted = first_true(statements.iter().filter(|s| !is_full_admin(s)).map(|s| {
            let (t, _) = self.counts(s);
            let (c, at) = covers_action(s, action);
            (and(t, c), at)
        }));
        if granted.truth != Truth::True {
            return (granted.truth, None);
        }
        if denied_everywhere(statements, action) { (Truth::False, None) } else { (Truth::True, granted.at) }
    }
}

/// An unconditional Deny of `action` on every resource takes back whatever an Allow grants.
fn denied_everywhere(statements: &[&Value], action: &str) -> bool {
    statements.iter().any(|s| {
        is_allow(s) == Some(false)
            && s.get("Effect").and_then(Value::as_str) == Some("Deny")
            && s.get("Condition").is_none()
            && resource_is_wildcard(s) == Truth::True
            && covers_action(s, action).0 == Truth::True
    })
}

/// Whether a statement's `Action` (or what its `NotAction` leaves out) covers an action of `level`
/// that no unconditional Deny takes back; with the span of the item that does.
fn covers_level(s: &Value, level: Level, statements: &[&Value]) -> (Truth, Option<Span>) {
    let kept = |action: &str| !denied_everywhere(statements, action);
    if let Some(list) = s.get("Action") {
        let mut unknown = false;
        for item in items(Some(list)) {
            match &item.kind {
                Kind::String(p) if iam_levels::covered(level, p).into_iter().any(kept) => {
                    return (Truth::True, Some(item.span));
                }
                Kind::Unknown(_) => unknown = true,
                _ => {}
            }
        }
        return (if unknown { Truth::Unknown } else { Truth::False }, None);
    }
    if let Some(list) = s.get("NotAction") {
        if items(Some(list)).iter().any(|i| i.is_unknown()) {
            return (Truth::Unknown, None);
        }
        let excluded: Vec<&str> = items(Some(list)).iter().filter_map(|i| i.as_str()).collect();
        if iam_levels::all(level).any(|a| !excluded.iter().any(|p| glob(p, a)) && kept(a)) {
            return (Truth::True, Some(list.span));
        }
    }
    (Truth::False, None)
}

/// An `Action` item that is `*`, `*:*` or a whole service (`s3:*`). `*` on every resource is full
/// administrator access, reported by its own policy, so it does not count here.
fn wildcard_action(s: &Value) -> (Truth, Option<Span>) {
    let Some(list) = s.get("Action") else { return (Truth::False, None) };
    let everything = resource_is_wildcard(s);
    let mut unknown = false;
    for item in items(Some(list)) {
        match &item.kind {
            Kind::String(a) if a == "*" || a == "*:*" => match everything {
                Truth::False => return (Truth::True, Some(item.span)),
                Truth::Unknown => unknown = true,
                Truth::True => {}
            },
            Kind::String(a)
                if a.split_once(':').is_some_and(|(svc, rest)| !svc.is_empty() && rest == "*") =>
            {
                return (Truth::True, Some(item.span));
            }
            Kind::Unknown(_) => unknown = true,
            _ => {}
        }
    }
    (if unknown { Truth::Unknown } else { Truth::False }, None)
}

/// Whether a principal value of any type (`AWS`, `Federated`, `Service`) contains one of `needles`.
fn principal_names(s: &Value, needles: &[String]) -> (Truth, Option<Span>) {
    match s.get("Principal") {
        None => (Truth::False, None),
        Some(Value { kind: Kind::Unknown(_), .. }) => (Truth::Unknown, None),
        Some(p @ Value { kind: Kind::String(_), .. }) => {
            any_item(p, |x| needles.iter().any(|n| x.contains(n.as_str())))
        }
        Some(p) => {
            let mut unknown = false;
            for (_, v) in p.as_map().into_iter().flat_map(crate::value::Map::iter) {
                match any_item(v, |x| needles.iter().any(|n| x.contains(n.as_str()))) {
                    (Truth::True, at) => return (Truth::True, at),
                    (Truth::Unknown, _) => unknown = true,
                    (Truth::False, _) => {}
                }
            }
            (if unknown { Truth::Unknown } else { Truth::False }, None)
        }
    }
}

fn is_full_admin(s: &Value) -> bool {
    s.get("Action").is_some_and(|a| any_item(a, |x| x == "*" || x == "*:*").0 == Truth::True)
        && resource_is_wildcard(s) == Truth::True
}

fn first_true(results: impl Iterator<Item = (Truth, Option<Span>)>) -> Outcome {
    let mut unknown = false;
    for (t, at) in results {
        match t {
            Truth::True => return Outcome::yes(at),
            Truth::Unknown => unknown = true,
            Truth::False => {}
        }
    }
    if unknown {
        Outcome::unknown("a statement of the policy document is unknown")
    } else {
        Outcome::no(None)
    }
}
