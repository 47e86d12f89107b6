//! Three-valued evaluation of policies over resources.
//!
//! Every condition evaluates to True, False or Unknown, and the combinators follow Kleene logic: `any`
//! is True if one branch is True, Unknown if none is True and one is Unknown; `all` is the mirror
//! image. Because this lives here and not in the policies, no policy can forget that a value from an
//! unset variable is not a violation.

use crate::collections::HashMap;
use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

pub use super::fingerprint::{fingerprint, identity};
use super::format::{Check, Condition, Rule, Segment, Test};
use super::{Finding, FindingResource, Policy, UnknownVerdict};
use crate::graph::{Graph, base_address};
use crate::model::{Location, Mode, Project, Resource};
use crate::source::Span;
use crate::value::{Kind, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Truth {
    True,
    False,
    Unknown,
}

/// The result of a condition, with the span (in the judged resource's file) of the value that decided
/// it, and the reason when Unknown.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub truth: Truth,
    pub at: Option<Span>,
    pub reason: Option<String>,
    /// What exactly was found, when a predicate can say more than the policy's message (which tags
    /// are missing): appended to the finding's message.
    pub detail: Option<String>,
}

impl Outcome {
    #[must_use]
    pub fn yes(at: Option<Span>) -> Self {
        Outcome { truth: Truth::True, at, reason: None, detail: None }
    }

    #[must_use]
    pub fn no(at: Option<Span>) -> Self {
        Outcome { truth: Truth::False, at, reason: None, detail: None }
    }

    #[must_use]
    pub fn unknown(reason: impl Into<String>) -> Self {
        Outcome { truth: Truth::Unknown, at: None, reason: Some(reason.into()), detail: None }
    }

    /// The outcome, saying what exactly was found.
    #[must_use]
    pub fn detailed(self, detail: impl Into<String>) -> Self {
        Outcome { detail: Some(detail.into()), ..self }
    }

    /// `any` over outcomes nobody needs to keep: the first True, else the first Unknown, else False.
    /// Stops at the first True, so a lazy iterator judges no more than it must.
    pub fn any_true(outcomes: impl IntoIterator<Item = Outcome>) -> Self {
        let mut unknown = None;
        for o in outcomes {
            match o.truth {
                Truth::True => return o,
                Truth::Unknown => unknown = unknown.or(Some(o)),
                Truth::False => {}
            }
        }
        unknown.unwrap_or(Outcome::no(None))
    }

    fn negate(self) -> Self {
        let truth = match self.truth {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        };
        Outcome { truth, ..self }
    }
}

/// Settings that policies read from the configuration.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Tag keys every taggable resource must carry; the tagging policy is off when empty.
    pub required_tags: Vec<String>,
    /// The tag key that names a stateful resource's backup/DR procedure; the policy is off when unset.
    pub backup_tag: Option<String>,
}

/// What a predicate or condition may look at.
pub struct Ctx<'a> {
    pub project: &'a Project,
    pub graph: &'a Graph,
    pub settings: &'a Settings,
    /// Per (scope, type, via): why a resource of that type may point at anything, when one's `via`
    /// is unknown. Computed once per key: asked for every resource, it would otherwise make
    /// `connected` quadratic in the number of resources of a type.
    unresolved: Mutex<HashMap<(usize, String, String), Option<String>>>,
}

impl<'a> Ctx<'a> {
    #[must_use]
    pub fn new(project: &'a Project, graph: &'a Graph, settings: &'a Settings) -> Self {
        Ctx { project, graph, settings, unresolved: Mutex::new(HashMap::default()) }
    }
}

impl Ctx<'_> {
    #[must_use]
    pub fn eval(&self, condition: &Condition, resource: usize) -> Outcome {
        let r = &self.project.resources[resource];
        match condition {
            Condition::Attribute { path, test, default } => attribute(&r.attrs, path, test, default.as_ref()),
            Condition::All(items) => {
                let mut unknown = None;
                // Guards come first (`exists`), the specific test last: the last branch decides where
                // a finding points, and when it is about an absence the finding points at the block.
                let mut last_at = None;
                for item in items {
                    let o = self.eval(item, resource);
                    match o.truth {
                        Truth::False => return o,
                        Truth::Unknown => unknown = unknown.or(Some(o)),
                        Truth::True => last_at = o.at,
                    }
                }
                unknown.unwrap_or(Outcome::yes(last_at))
            }
            Condition::Any(items) => {
                let mut unknown = None;
                // Alternatives come after the main test: when all are false, the first one decides
                // where a finding points (and an absence points at the block).
                let mut first_at = None;
                for (i, item) in items.iter().enumerate() {
                    let o = self.eval(item, resource);
                    match o.truth {
                        Truth::True => return o,
                        Truth::Unknown => unknown = unknown.or(Some(o)),
                        Truth::False if i == 0 => first_at = o.at,
                        Truth::False => {}
                    }
                }
                unknown.unwrap_or(Outcome::no(first_at))
            }
            Condition::Not(inner) => self.eval(inner, resource).negate(),
            Condition::Connected { types, via, filter } => {
                self.connected(resource, types, via, filter.as_deref())
            }
            Condition::References { types, via, filter } => {
                self.references(resource, types, via, filter.as_deref())
            }
            Condition::ResourceType(types) => {
                if types.contains(&r.rtype) {
                    Outcome::yes(None)
                } else {
                    Outcome::no(None)
                }
            }
            Condition::Predicate { name, args } => match super::predicates::lookup(name) {
                Some(p) => (p.eval)(self, r, args),
                None => Outcome::unknown(format!("unknown predicate {name}")),
            },
        }
    }

    fn connected(&self, resource: usize, types: &[String], via: &str, filter: Option<&Condition>) -> Outcome {
        let mut unknown = None;
        for (other, edge) in self.graph.referrers(resource) {
            let r = &self.project.resources[other];
            if edge.via != via || !types.contains(&r.rtype) || r.mode != Mode::Managed {
                continue;
            }
            let o = filter.map_or(Outcome::yes(None), |f| self.eval(f, other));
            match o.truth {
                // A companion that may not exist decides nothing either way.
                Truth::True if r.may_not_exist.is_some() => {
                    let reason = r.may_not_exist.as_deref().unwrap_or_default();
                    unknown = unknown.or_else(|| Some(format!("{}: {reason}", r.address)));
                }
                // The deciding value lives in another resource, maybe another file: the finding
                // points at the judged resource instead.
                Truth::True => return Outcome::yes(None),
                Truth::Unknown => unknown = unknown.or(o.reason),
                Truth::False => {}
            }
        }
        if let Some(reason) =
            unknown.or_else(|| self.graph.unfollowed_referrers(resource).map(str::to_string))
        {
            return Outcome::unknown(reason);
        }
        // A resource of the right type whose `via` cannot be resolved may point at this one.
        let scope = self.project.resources[resource].scope;
        for t in types {
            if let Some(reason) = self.unresolved(scope, t, via) {
                return Outcome::unknown(reason);
            }
        }
        Outcome::no(None)
    }

    fn references(
        &self,
        resource: usize,
        types: &[String],
        via: &str,
        filter: Option<&Condition>,
    ) -> Outcome {
        let r = &self.project.resources[resource];
        let unfollowed = self.graph.unfollowed_targets(resource, via);
        let mut targets = self.graph.targets(resource).filter(|(_, edge)| edge.via == via).peekable();
        if let (None, Some(reason)) = (targets.peek(), unfollowed) {
            return Outcome::unknown(reason);
        }
        if targets.peek().is_none() {
            // A value that names nothing in the scan (a literal id, a variable, a data source) may
            // name a resource of the type deployed elsewhere.
            return match lookup_path(&r.attrs, via) {
                Some(v) if !matches!(v.kind, Kind::Null) => Outcome::unknown(format!(
                    "{}.{via} names no {} declared in the scan",
                    r.address,
                    types.join(" or ")
                )),
                _ => Outcome::no(None),
            };
        }
        let matching = targets.filter_map(|(other, _)| {
            let o = &self.project.resources[other];
            if !types.contains(&o.rtype) {
                return None;
            }
            if o.mode != Mode::Managed {
                return Some(Outcome::unknown(format!("{} is read from a data source", o.address)));
            }
            // The deciding value lives in another resource: the finding points at the judged one.
            let outcome = filter.map_or(Outcome::yes(None), |f| self.eval(f, other));
            Some(Outcome { at: None, ..outcome })
        });
        match (Outcome::any_true(matching), unfollowed) {
            (o, Some(reason)) if o.truth != Truth::True => Outcome::unknown(reason),
            (o, _) => o,
        }
    }

    fn unresolved(&self, scope: usize, rtype: &str, via: &str) -> Option<String> {
        let key = (scope, rtype.to_string(), via.to_string());
        if let Some(known) = self.unresolved.lock().unwrap_or_else(PoisonError::into_inner).get(&key) {
            return known.clone();
        }
        let found = self.graph.of_type(rtype).iter().find_map(|&other| {
            let r = &self.project.resources[other];
            if r.scope != scope || self.graph.has_reference_via(other, via) {
                return None;
            }
            let u = lookup_path(&r.attrs, via).and_then(Value::find_unknown)?;
            Some(format!("{}.{via} is unknown: {}", r.address, u.reason))
        });
        self.unresolved.lock().unwrap_or_else(PoisonError::into_inner).insert(key, found.clone());
        found
    }
}

fn lookup_path<'v>(value: &'v Value, dotted: &str) -> Option<&'v Value> {
    dotted.split('.').try_fold(value, |v, key| v.get(key))
}

/// Collects the values at `path`, each with the span a finding about it should point at: the value
/// itself for a scalar, its key for a block (a YAML block mapping starts on the line after its key);
/// a list met on the way is searched item by item. The flag says whether the whole path was walked;
/// it is false for an unknown value met before the end of the path, which says nothing about what
/// lies inside it.
fn select<'v>(value: &'v Value, at: Span, path: &[Segment], out: &mut Vec<(&'v Value, Span, bool)>) {
    let Some((first, rest)) = path.split_first() else {
        out.push((value, at, true));
        return;
    };
    let point = |key: &crate::value::Key, v: &Value| match v.kind {
        Kind::List(_) | Kind::Map(_) => key.span,
        _ => v.span,
    };
    match (&value.kind, first) {
        (Kind::List(items), _) => items.iter().for_each(|item| select(item, item.span, path, out)),
        (Kind::Map(m), Segment::Name(name)) => {
            if let Some((k, v)) = m.entry(name) {
                select(v, point(k, v), rest, out);
            }
        }
        (Kind::Map(m), Segment::Any) => m.iter().for_each(|(k, v)| select(v, point(k, v), rest, out)),
        // The rest of the path is inside a value nobody can know yet.
        (Kind::Unknown(_), _) => out.push((value, at, false)),
        _ => {}
    }
}

fn attribute(root: &Value, path: &[Segment], test: &Test, default: Option<&Value>) -> Outcome {
    let mut found = Vec::new();
    select(root, root.span, path, &mut found);
    found.retain(|(v, _, _)| !matches!(v.kind, Kind::Null));
    if let Test::Exists(expected) = test {
        // Presence is known even when the value is not: `RestApiId: !Ref Api` is there.
        let present = |v: &Value, whole: bool| v.as_unknown().is_none_or(|u| u.present && whole);
        let outcome = if let Some((_, at, _)) = found.iter().find(|(v, _, whole)| present(v, *whole)) {
            Outcome::yes(Some(*at))
        } else if let Some(u) = found.iter().find_map(|(v, _, _)| v.as_unknown()) {
            Outcome::unknown(u.reason.to_string())
        } else {
            Outcome::no(None)
        };
        return if *expected { outcome } else { outcome.negate() };
    }
    if found.is_empty()
        && let Some(d) = default
    {
        // The provider default applies; the finding then points at the resource, not at the default.
        let mut o = test_value(d, test);
        o.at = None;
        return o;
    }
    let mut unknown = None;
    let mut first_at = None;
    for (v, at, _) in found {
        let o = test_value(v, test);
        match o.truth {
            Truth::True => return Outcome { at: Some(at), ..o },
            Truth::Unknown => unknown = unknown.or(o.reason),
            Truth::False => first_at = first_at.or(Some(at)),
        }
    }
    unknown.map_or(Outcome::no(first_at), Outcome::unknown)
}

fn test_value(v: &Value, test: &Test) -> Outcome {
    if let Test::MinItems(n) = test {
        // `subnets = [aws_subnet.a.id, aws_subnet.b.id]` has two items whatever their ids will be.
        return match &v.kind {
            Kind::Unknown(u) => Outcome::unknown(u.reason.to_string()),
            Kind::List(items) if items.len() >= *n => Outcome::yes(Some(v.span)),
            Kind::List(_) => Outcome::no(Some(v.span)),
            _ if *n <= 1 => Outcome::yes(Some(v.span)),
            _ => Outcome::no(Some(v.span)),
        };
    }
    if let Kind::List(items) = &v.kind
        && !matches!(test, Test::Contains(_))
    {
        // `cidr_blocks equals 0.0.0.0/0` asks about any item of the list.
        let mut unknown = None;
        for item in items {
            let o = test_value(item, test);
            match o.truth {
                Truth::True => return o,
                Truth::Unknown => unknown = unknown.or(o.reason),
                Truth::False => {}
            }
        }
        return unknown.map_or(Outcome::no(Some(v.span)), Outcome::unknown);
    }
    if let Some(u) = v.find_unknown() {
        return Outcome::unknown(u.reason.to_string());
    }
    let at = Some(v.span);
    let truth = match test {
        Test::Exists(_) => true,
        Test::Equals(expected) => loosely_equal(v, expected),
        Test::In(options) => options.iter().any(|o| loosely_equal(v, o)),
        Test::Matches(pattern) => {
            v.scalar_text().is_some_and(|s| pattern.regex().is_some_and(|re| re.is_match(&s)))
        }
        Test::Gt(n) => v.as_f64().is_some_and(|x| x > *n),
        Test::Gte(n) => v.as_f64().is_some_and(|x| x >= *n),
        Test::Lt(n) => v.as_f64().is_some_and(|x| x < *n),
        Test::Lte(n) => v.as_f64().is_some_and(|x| x <= *n),
        Test::Contains(needle) => match &v.kind {
            Kind::List(items) => items.iter().any(|i| loosely_equal(i, needle)),
            Kind::String(s) => needle.scalar_text().is_some_and(|n| s.contains(&n)),
            Kind::Map(m) => needle.scalar_text().is_some_and(|n| m.get(&n).is_some()),
            _ => false,
        },
        Test::MinItems(_) => false,
    };
    if truth { Outcome::yes(at) } else { Outcome::no(at) }
}

/// Equality as AWS reads templates: `true`, `"true"` and `"True"` are one value, so are `7` and `"7"`.
#[must_use]
pub fn loosely_equal(a: &Value, b: &Value) -> bool {
    if let (Some(x), Some(y)) = (a.as_bool(), b.as_bool()) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) {
        return (x - y).abs() < f64::EPSILON;
    }
    match (a.scalar_text(), b.scalar_text()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// The verdict of one check on one resource.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Pass,
    /// Where, and what exactly was found if the predicate said.
    Fail(Span, Option<String>),
    Unknown(String),
}

#[must_use]
pub fn judge(ctx: &Ctx<'_>, check: &Check, resource: usize) -> Verdict {
    let head = ctx.project.resources[resource].head;
    let (condition, fail_on) = match &check.rule {
        Rule::PassWhen(c) => (c, Truth::False),
        Rule::FailWhen(c) => (c, Truth::True),
    };
    let o = ctx.eval(condition, resource);
    match o.truth {
        Truth::Unknown => Verdict::Unknown(o.reason.unwrap_or_default()),
        t if t == fail_on => Verdict::Fail(o.at.unwrap_or(head), o.detail),
        _ => Verdict::Pass,
    }
}

/// Runs every policy over every resource it applies to, in parallel, and merges instances of one
/// resource that fail at the same place into one finding.
#[must_use]
pub fn run(ctx: &Ctx<'_>, policies: &[Policy]) -> (Vec<Finding>, Vec<UnknownVerdict>) {
    // Judged where they are listed, in parallel over policies, and only what is not a pass is kept:
    // the pairs of policy and resource number in the tens of thousands.
    let verdicts: Vec<(usize, usize, Verdict)> = policies
        .par_iter()
        .enumerate()
        .flat_map_iter(|(p, policy)| {
            policy.checks.iter().flat_map(move |check| {
                check.resources.iter().flat_map(move |t| {
                    ctx.graph.of_type(t).iter().filter_map(move |&r| {
                        let res = &ctx.project.resources[r];
                        // Data sources are read, not created; settings (`module`, `terraform`) are
                        // judged by the policies written for their types.
                        if res.format != check.format || res.mode == Mode::Data {
                            return None;
                        }
                        let verdict = judge(ctx, check, r);
                        (!matches!(verdict, Verdict::Pass)).then_some((p, r, verdict))
                    })
                })
            })
        })
        .collect();

    // Instances merge only within one root module: two roots calling the same module are two
    // deployments, and each must be reported (and accepted in a baseline) on its own.
    let mut merged: BTreeMap<(usize, Place, usize), Vec<usize>> = BTreeMap::new();
    let mut decided: HashMap<(usize, usize, Span), Location> = HashMap::default();
    let mut raw: HashMap<(usize, usize), Span> = HashMap::default();
    let mut unknowns = Vec::new();
    for (p, r, verdict) in verdicts {
        match verdict {
            Verdict::Pass => {}
            Verdict::Fail(span, detail) => {
                if let Some(at) = decided_at(&ctx.project.resources[r], span) {
                    decided.insert((p, r, span), at);
                }
                let res = &ctx.project.resources[r];
                // A value an override file wrote is found there.
                let (file, at) = res.locate(span);
                merged.entry((p, Place { file, span: at, detail }, res.scope)).or_default().push(r);
                // The span as judged, for `decided_at` (the located one may be in another file).
                raw.insert((p, r), span);
            }
            Verdict::Unknown(reason) => unknowns.push(UnknownVerdict { policy: p, resource: r, reason }),
        }
    }
    let mut findings: Vec<Finding> = merged
        .into_iter()
        .map(|((p, place, _), rs)| {
            // Instances of one block that fail at one place were led there by one call: the first
            // one's deciding line stands for all.
            let primary = raw.get(&(p, rs[0])).and_then(|judged| decided.get(&(p, rs[0], *judged))).cloned();
            finding(ctx.project, &policies[p], p, place, primary, &rs)
        })
        .collect();
    sort_findings(ctx.project, &mut findings);
    unknowns.sort_by_key(|u| (u.policy, u.resource));
    (findings, unknowns)
}

/// Where a finding is, and what exactly was found there.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    file: usize,
    span: Span,
    detail: Option<String>,
}

/// Where a finding about the value at `span` of a module's resource is reported, when not at
/// `span` itself: the line in the caller's files that decided the value (a module argument, or the
/// tfvars line it came from), or, in a module `terraform init` downloaded, which its user cannot
/// edit, the `module` block that called it.
fn decided_at(r: &Resource, span: Span) -> Option<Location> {
    let within = |outer: &Span| outer.start <= span.start && span.end <= outer.end;
    r.origins.iter().find(|(used, _)| within(used)).map(|(_, at)| at.clone()).or_else(|| r.user_call.clone())
}

/// `place` is where the failing value is; `primary`, when a caller decided it, where it is reported.
fn finding(
    project: &Project,
    policy: &Policy,
    p: usize,
    place: Place,
    primary: Option<Location>,
    rs: &[usize],
) -> Finding {
    let Place { file, span, detail } = place;
    let origin = Location { file, span };
    let first: &Resource = &project.resources[rs[0]];
    let mut resources: Vec<FindingResource> = rs
        .iter()
        .map(|&r| FindingResource {
            address: project.resources[r].address.clone(),
            rtype: project.resources[r].rtype.clone(),
            root: project.module_root(&project.resources[r]),
            construct: construct_path(&project.resources[r]).map(str::to_string),
            scope: project.resources[r].scope,
        })
        .collect();
    resources.sort();
    resources.dedup();
    // Every calling `module` block of every failing instance, in order of first appearance.
    let mut related: Vec<Location> = Vec::new();
    let at = primary.unwrap_or_else(|| origin.clone());
    if at != origin {
        related.push(origin.clone());
    }
    for &r in rs {
        for call in &project.resources[r].module_calls {
            if !related.contains(call) && *call != at {
                related.push(call.clone());
            }
        }
    }
    let assumed = assumed_parameters(project, origin.span, rs);
    let assumed_note = if assumed.is_empty() {
        String::new()
    } else {
        format!(
            " (assuming the parameter default {}; give the deployed values with --cfn-parameters)",
            assumed.join(", ")
        )
    };
    Finding {
        policy: p,
        rule_id: policy.id.clone(),
        severity: policy.severity,
        message: format!(
            "{}{}{}{}{assumed_note}",
            policy.message,
            detail.map(|d| format!(": {d}")).unwrap_or_default(),
            construct_note(&resources),
            branch_note(project, rs)
        ),
        assumed_parameters: assumed,
        format: first.format,
        file: at.file,
        span: at.span,
        fingerprint: identity(&policy.id, &project.root_name(first), base_address(&first.address)),
        origin,
        resources,
        related,
        suppression: None,
    }
}

/// The construct path the AWS CDK records in a resource it synthesised (`Metadata` key
/// `aws:cdk:path`).
#[must_use]
pub fn construct_path(r: &Resource) -> Option<&str> {
    if r.format != crate::source::Format::CloudFormation {
        return None;
    }
    r.attrs.get("Metadata")?.get("aws:cdk:path")?.as_str()
}

/// ` in construct "AppStack/Logs/Resource"`: the place in the CDK application that made the resource.
fn construct_note(resources: &[FindingResource]) -> String {
    let mut paths: Vec<&str> = resources.iter().filter_map(|r| r.construct.as_deref()).collect();
    paths.dedup();
    if paths.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = paths.iter().map(|p| crate::escape::quote(p)).collect();
    format!(" in construct {}", quoted.join(", "))
}

/// The parameter defaults the finding's value came from (`Env = ""`): its verdict holds for them only.
fn assumed_parameters(project: &Project, span: Span, failing: &[usize]) -> Vec<String> {
    let overlaps = |s: &Span| s.start < span.end.max(span.start + 1) && span.start < s.end.max(s.start + 1);
    let mut assumed: Vec<String> = failing
        .iter()
        .flat_map(|&r| &project.resources[r].parameter_defaults)
        .filter(|(s, _)| overlaps(s))
        .map(|(_, shown)| shown.clone())
        .collect();
    assumed.sort();
    assumed.dedup();
    assumed
}

/// ` (when IsProd is false)` when the failing instances are only some of the condition branches of
/// their resource: the reader needs to know which deployment is affected.
fn branch_note(project: &Project, failing: &[usize]) -> String {
    let first = &project.resources[failing[0]];
    if first.assumptions.is_empty() {
        return String::new();
    }
    let branches = project
        .resources
        .iter()
        .filter(|r| r.file == first.file && r.address == first.address && r.head == first.head)
        .count();
    if failing.len() >= branches {
        return String::new();
    }
    let mut cases: Vec<String> =
        failing.iter().map(|&r| project.resources[r].assumptions.join(" and ")).collect();
    cases.sort();
    cases.dedup();
    format!(" (when {})", cases.join(", or when "))
}

/// File, line, rule id: the order every report uses, so output is byte-identical between runs.
pub fn sort_findings(project: &Project, findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        let fa = &project.files[a.file].display;
        let fb = &project.files[b.file].display;
        (fa, a.span.start, &a.rule_id, &a.resources).cmp(&(fb, b.span.start, &b.rule_id, &b.resources))
    });
}

#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
