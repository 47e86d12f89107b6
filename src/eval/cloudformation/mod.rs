//! CloudFormation: parameters, mappings, conditions and intrinsic functions.
//!
//! A template evaluates into one [`Resource`] per entry of `Resources`, with intrinsic functions resolved
//! as far as the template and the given parameters allow. Whatever only AWS can know at deploy time
//! (resource ids, attributes, pseudo parameters, imports) is an Unknown value with a reason, never an
//! error: a resource is dropped only when its `Type` is unusable or its `Condition` is known false.

mod conditions;
mod detect;
mod duplicates;
mod foreach;
mod intrinsics;
mod sam;
mod symbols;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_foreach;

use crate::collections::{HashMap, HashSet};
use std::borrow::Cow;

pub use detect::looks_like_template;
use intrinsics::{Context, Walker};

use super::Evaluated;
use crate::diag::{DiagLevel, Diagnostic};
use crate::eval::budget::{Budget, Limit, Share};
use crate::model::{Input, Location, Mode, Reference, Resource};
use crate::source::{FileId, Format, SourceFile, Span};
use crate::value::{Kind, Map, Value};

/// Parameter values given on the command line (`--cfn-parameters`), by name.
pub type Parameters = std::collections::BTreeMap<String, String>;

/// Whether a parsed JSON/YAML document is a CloudFormation template: it has
/// `AWSTemplateFormatVersion`, or `Resources` whose entries have an `AWS::…`-style `Type`.
#[must_use]
pub fn is_template(doc: &Value) -> bool {
    let Some(top) = doc.as_map() else {
        return false;
    };
    if top.get("AWSTemplateFormatVersion").is_some() {
        return true;
    }
    top.get("Resources").and_then(Value::as_map).is_some_and(|resources| {
        resources.iter().any(|(_, r)| r.get("Type").and_then(Value::as_str).is_some_and(|t| t.contains("::")))
    })
}

/// Evaluates one template into resources.
#[must_use]
pub fn evaluate(file: FileId, source: &SourceFile, template: &Value, parameters: &Parameters) -> Evaluated {
    evaluate_within(file, source, template, parameters, &Budget::default())
}

/// [`evaluate`] within a budget shared with the rest of the scan.
#[must_use]
pub fn evaluate_within(
    file: FileId,
    source: &SourceFile,
    template: &Value,
    parameters: &Parameters,
    budget: &Budget,
) -> Evaluated {
    evaluate_given(file, source, template, &Given::Text(parameters), budget)
}

/// The parameter values a template is evaluated with: text from the command line, or the values a
/// parent stack passes to a nested one (`Parameters` of `AWS::CloudFormation::Stack`), which may be
/// Unknown.
pub enum Given<'p> {
    Text(&'p Parameters),
    /// The parent's `Parameters`, evaluated; `Err` when it is not a map (Unknown, or malformed):
    /// then every parameter is Unknown.
    Passed(Result<&'p Map, &'p Value>),
}

impl Given<'_> {
    fn contains(&self, name: &str) -> bool {
        match self {
            Given::Text(given) => given.contains_key(name),
            Given::Passed(Ok(map)) => map.get(name).is_some(),
            Given::Passed(Err(_)) => true,
        }
    }

    fn names(&self) -> Vec<&str> {
        match self {
            Given::Text(given) => given.keys().map(String::as_str).collect(),
            Given::Passed(Ok(map)) => map.iter().map(|(k, _)| k.name.as_str()).collect(),
            Given::Passed(Err(_)) => Vec::new(),
        }
    }

    /// The value given for a parameter of type `ptype`, at `span` (the parameter's declaration).
    fn value(&self, name: &str, ptype: &str, span: Span) -> Option<Value> {
        let passed = match self {
            Given::Text(given) => return given.get(name).map(|text| typed_text(text, ptype, span)),
            Given::Passed(Ok(map)) => map.get(name)?,
            Given::Passed(Err(all)) if all.is_unknown() => all,
            Given::Passed(Err(_)) => {
                let reason = format!("parameter {name}: the parent stack's Parameters is not a map");
                return Some(Value::unknown(reason, span));
            }
        };
        Some(match &passed.kind {
            Kind::Unknown(u) => Value::unknown(
                format!("parameter {name} is passed an unknown value by the parent stack ({})", u.reason),
                span,
            ),
            Kind::List(_) => passed.clone(),
            _ => match passed.scalar_text() {
                Some(text) => typed_text(&text, ptype, span),
                None => Value::unknown(format!("parameter {name} is passed a value that is not text"), span),
            },
        })
    }
}

/// Evaluates one template with the given parameter values.
#[must_use]
pub fn evaluate_given(
    file: FileId,
    source: &SourceFile,
    template: &Value,
    parameters: &Given<'_>,
    budget: &Budget,
) -> Evaluated {
    let budget = &Share::of(budget);
    let mut out = Evaluated::default();
    let warn = |out: &mut Evaluated, span: Span, message: String| {
        out.diagnostics.push(Diagnostic::at(DiagLevel::Warning, source, span, message));
    };
    let Some(top) = template.as_map() else {
        warn(&mut out, template.span, "the template is not a map".to_string());
        return out;
    };
    for (span, message) in
        duplicates::repeated_keys(template).into_iter().chain(undeclared_parameters(top, parameters))
    {
        warn(&mut out, span, message);
    }
    let Some((resources_key, resources_value)) = top.entry("Resources") else {
        return out;
    };
    let Some(resources) = resources_value.as_map() else {
        warn(&mut out, resources_key.span, "Resources is not a map; no resource was read".to_string());
        return out;
    };

    let defaulted = defaulted_parameters(top.get("Parameters").and_then(Value::as_map), parameters);
    let parameters = parameter_values(top.get("Parameters").and_then(Value::as_map), parameters);
    let (mut expanded, mut stopped) = (Vec::new(), None);
    let resources = foreach::expand(resources, &parameters, budget, &mut expanded, &mut stopped);
    for (span, message) in expanded {
        warn(&mut out, span, message);
    }
    let declared: HashSet<&str> = resources.iter().map(|(k, _)| k.name.as_str()).collect();
    let mut cx = Context {
        parameters,
        mappings: top.get("Mappings").and_then(Value::as_map),
        resources: std::rc::Rc::new(declared),
        conditions: HashMap::default(),
        defaulted: std::rc::Rc::new(defaulted),
        budget,
        symbols: std::rc::Rc::new(symbols::Symbols::of(top)),
    };
    cx.conditions = conditions::evaluate_all(&cx, top.get("Conditions").and_then(Value::as_map));

    // AWS keeps the last of duplicated logical ids; reporting both would double every finding.
    let last: HashMap<&str, usize> =
        resources.iter().enumerate().map(|(i, (k, _))| (k.name.as_str(), i)).collect();
    for (index, (key, entry)) in resources.iter().enumerate() {
        let id = &key.name;
        if last.get(id.as_str()) != Some(&index) {
            warn(
                &mut out,
                key.span,
                format!("resource {id} is declared again later; this declaration is ignored"),
            );
            continue;
        }
        let (body, rtype) = match body_and_type(id, entry) {
            Ok(found) => found,
            Err(message) => {
                warn(&mut out, key.span, message);
                continue;
            }
        };
        let condition = body.get("Condition").and_then(Value::as_str);
        if condition.is_some_and(|c| cx.condition(c) == Some(false)) {
            continue;
        }
        // A resource created only under a condition nobody can know before deployment.
        let may_not_exist = condition
            .filter(|c| cx.condition(c).is_none())
            .map(|c| format!("{id} exists only when condition {c} is true, which is unknown"));
        let merged = sam::globals_for(top, &rtype)
            .map(|g| Value::new(Kind::Map(sam::with_globals(body, g)), entry.span));
        let (entry, body) = merged.as_ref().map_or((entry, body), |m| (m, m.as_map().unwrap_or(body)));
        for (assumptions, branch) in branches(&cx, entry) {
            let Walked { attrs, refs, parameter_defaults, stopped: stop, read } =
                resource_attrs(&branch, body);
            stopped = stopped.or(stop);
            out.resources.push(Resource {
                format: Format::CloudFormation,
                mode: Mode::Managed,
                rtype: rtype.clone(),
                address: id.clone(),
                file,
                scope: file,
                span: symbols::entry_span(key, entry),
                head: key.span,
                attrs: Value::new(Kind::Map(attrs), entry.span),
                refs,
                module_calls: Vec::new(),
                assumptions,
                may_not_exist: may_not_exist.clone(),
                parameter_defaults,
                span_files: Vec::new(),
                origins: Vec::new(),
                user_call: None,
                overrides: Vec::new(),
                plan: None,
                inputs: inputs_of(file, read),
            });
        }
    }
    if let Some((span, limit)) = stopped {
        out.diagnostics.push(Diagnostic::at(DiagLevel::Error, source, span, Budget::message(limit)));
    }
    out
}

/// More unknown conditions than this in one resource are not enumerated (2^n branches); their
/// `Fn::If` values stay Unknown instead.
const MAX_BRANCH_CONDITIONS: usize = 3;

/// The feasible branches of a resource: one context per combination of the unknown conditions its
/// `Fn::If`s test, each named (`IsProd is false`). A resource without such conditions has one branch.
fn branches<'c, 'a>(cx: &'c Context<'a>, entry: &Value) -> Vec<(Vec<String>, Cow<'c, Context<'a>>)> {
    // Inside a resource that exists only when `Condition: C` holds, C is true. The context is copied
    // only when that, or a branch, changes it: most resources need neither.
    let mut base = Cow::Borrowed(cx);
    if let Some(own) = entry.get("Condition").and_then(Value::as_str)
        && cx.conditions.contains_key(own)
        && cx.condition(own).is_none()
    {
        base.to_mut().conditions.insert(own.to_string(), Some(true));
    }
    let mut names = Vec::new();
    unknown_if_conditions(&base, entry, &mut names, 0);
    names.sort();
    names.dedup();
    if names.is_empty() || names.len() > MAX_BRANCH_CONDITIONS {
        return vec![(Vec::new(), base)];
    }
    (0..1u32 << names.len())
        .map(|bits| {
            let mut branch = base.clone().into_owned();
            let mut assumptions = Vec::new();
            for (i, name) in names.iter().enumerate() {
                let value = bits & (1 << i) != 0;
                branch.conditions.insert(name.clone(), Some(value));
                assumptions.push(format!("{name} is {value}"));
            }
            (assumptions, Cow::Owned(branch))
        })
        .collect()
}

fn unknown_if_conditions(cx: &Context<'_>, value: &Value, out: &mut Vec<String>, depth: usize) {
    if depth > 64 {
        return;
    }
    match &value.kind {
        Kind::Map(map) => {
            for (key, inner) in map.iter() {
                if key.name == "Fn::If"
                    && let Some([condition, when_true, when_false]) = inner.as_list()
                    && let Some(name) = condition.as_str()
                    && cx.conditions.contains_key(name)
                    && cx.condition(name).is_none()
                    // Equal branches (`!If [C, admin, admin]`) do not depend on C.
                    && when_true.to_json() != when_false.to_json()
                {
                    out.push(name.to_string());
                }
                unknown_if_conditions(cx, inner, out, depth + 1);
            }
        }
        Kind::List(items) => items.iter().for_each(|i| unknown_if_conditions(cx, i, out, depth + 1)),
        _ => {}
    }
}

/// The declarations a resource's walk read, as inputs of the resource.
fn inputs_of(file: FileId, read: Vec<Span>) -> Vec<Input> {
    let mut inputs: Vec<Input> = read.into_iter().map(|span| Input::Text(Location { file, span })).collect();
    crate::model::compact_inputs(&mut inputs);
    inputs
}

/// A resource entry walked: its attributes and what the walk found on the way.
struct Walked {
    attrs: Map,
    refs: Vec<Reference>,
    parameter_defaults: Vec<(Span, String)>,
    stopped: Option<(Span, Limit)>,
    /// The declarations of parameters, mappings and conditions read.
    read: Vec<Span>,
}

/// The resource entry without `Type`, with intrinsic functions resolved, and the references it makes.
fn resource_attrs(cx: &Context<'_>, body: &Map) -> Walked {
    let mut walker = Walker::new(cx);
    let mut attrs = Map::default();
    for (key, value) in body.iter() {
        match key.name.as_str() {
            "Type" => {}
            // Names of conditions and resources, not values.
            "Condition" => {
                if let Some(name) = value.as_str() {
                    cx.symbols.condition(name, &mut walker.read);
                }
                attrs.insert(key.clone(), value.clone());
            }
            "DependsOn" => {
                let names = value.as_list().map_or_else(|| vec![value], |items| items.iter().collect());
                for name in names {
                    if let Some(target) = name.as_str().filter(|t| cx.resources.contains(t)) {
                        walker.refs.push(Reference {
                            via: "DependsOn".to_string(),
                            target: target.to_string(),
                            span: name.span,
                        });
                    }
                }
                attrs.insert(key.clone(), value.clone());
            }
            _ => {
                if let Some(resolved) = walker.resolve_at(&key.name, value) {
                    attrs.insert(key.clone(), resolved);
                }
            }
        }
    }
    Walked {
        attrs,
        refs: walker.refs,
        parameter_defaults: walker.defaults_used,
        stopped: walker.stopped,
        read: walker.read,
    }
}

/// Given parameters that a template declaring parameters does not declare: a typo, or the wrong file.
fn undeclared_parameters(top: &Map, given: &Given<'_>) -> Option<(Span, String)> {
    let (key, Kind::Map(declared)) = top.entry("Parameters").map(|(k, v)| (k, &v.kind))? else {
        return None;
    };
    let undeclared: Vec<String> = given
        .names()
        .into_iter()
        .filter(|name| declared.get(name).is_none())
        .map(crate::escape::quote)
        .collect();
    (!undeclared.is_empty()).then(|| {
        (
            key.span,
            format!("the given parameters {} are not declared by this template", undeclared.join(", ")),
        )
    })
}

/// A resource entry's body and `Type`, or why the entry is skipped.
fn body_and_type<'v>(id: &str, entry: &'v Value) -> Result<(&'v Map, String), String> {
    let Some(body) = entry.as_map() else {
        return Err(format!("resource {id} is not a map; skipped"));
    };
    match body.get("Type").map(|t| &t.kind) {
        Some(Kind::String(t)) => Ok((body, t.clone())),
        Some(_) => Err(format!("resource {id} has a Type that is not a string; skipped")),
        None => Err(format!("resource {id} has no Type; skipped")),
    }
}

/// The parameters that take their `Default` because no value was given, shown as `Name = "value"`.
fn defaulted_parameters(declared: Option<&Map>, given: &Given<'_>) -> HashMap<String, String> {
    // A parameter a parent stack does not pass takes its default when deployed: nothing is assumed.
    let (Some(declared), Given::Text(_)) = (declared, given) else { return HashMap::default() };
    declared
        .iter()
        .filter(|(key, _)| !given.contains(&key.name))
        .filter_map(|(key, decl)| {
            let default = decl.get("Default")?;
            Some((key.name.clone(), format!("{} = {}", key.name, default.to_json())))
        })
        .collect()
}

/// Every declared parameter's value: from the command line or the parent stack, else its default,
/// else Unknown.
fn parameter_values(declared: Option<&Map>, given: &Given<'_>) -> HashMap<String, Value> {
    let mut values = HashMap::default();
    let Some(declared) = declared else {
        return values;
    };
    for (key, decl) in declared.iter() {
        let name = &key.name;
        let ptype = decl.get("Type").and_then(Value::as_str).unwrap_or("String");
        let span = key.span;
        let value = if ptype.starts_with("AWS::SSM::Parameter::Value<") {
            // The given text names an SSM parameter; its value is read at deploy time.
            Value::unknown(format!("parameter {name} is read from SSM at deploy time"), span)
        } else if let Some(value) = given.value(name, ptype, span) {
            value
        } else if let Some(default) = decl.get("Default") {
            match (&default.kind, is_list_type(ptype)) {
                (Kind::String(text), true) => typed_text(text, ptype, default.span),
                // A Number default stays as written: `8080` and `"8080"` compare alike anyway.
                _ => default.clone(),
            }
        } else {
            Value::unknown(format!("parameter {name} has no value"), span)
        };
        values.insert(name.clone(), value);
    }
    values
}

fn is_list_type(ptype: &str) -> bool {
    ptype == "CommaDelimitedList" || ptype.starts_with("List<")
}

fn typed_text(text: &str, ptype: &str, span: Span) -> Value {
    if is_list_type(ptype) {
        // AWS trims the spaces around each member of a comma-delimited list.
        let items = text.split(',').map(|item| Value::string(item.trim(), span)).collect();
        Value::new(Kind::List(items), span)
    } else if ptype == "Number" {
        text.trim().parse().map_or_else(|_| Value::string(text, span), |n| Value::new(Kind::Number(n), span))
    } else {
        Value::string(text, span)
    }
}

/// Reads parameter values from a file: the AWS CLI form `[{"ParameterKey": "K", "ParameterValue": "V"}]`
/// or a plain `{"K": "V"}` object. Numbers and booleans become their text; a list becomes the
/// comma-joined text a `CommaDelimitedList` expects.
///
/// # Errors
/// Invalid JSON, or a shape other than the two above, as a message.
pub fn load_parameters(text: &str) -> Result<Parameters, String> {
    let json: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    let mut out = Parameters::new();
    match json {
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let key = item.get("ParameterKey").and_then(serde_json::Value::as_str);
                let value = item.get("ParameterValue").and_then(parameter_text);
                match (key, value) {
                    (Some(key), Some(value)) => {
                        out.insert(key.to_string(), value);
                    }
                    // `UsePreviousValue` entries have no value to scan with.
                    (Some(_), None) if item.get("UsePreviousValue").is_some() => {}
                    _ => {
                        return Err(format!("entry {i} needs a string ParameterKey and a ParameterValue"));
                    }
                }
            }
        }
        serde_json::Value::Object(mut map) => {
            // CodePipeline's template configuration file: `{"Parameters": {…}, "Tags": {…}, …}`.
            let configuration = map.get("Parameters").is_some_and(serde_json::Value::is_object)
                && map.keys().all(|k| matches!(k.as_str(), "Parameters" | "Tags" | "StackPolicy"));
            if configuration && let Some(serde_json::Value::Object(inner)) = map.remove("Parameters") {
                map = inner;
            }
            for (key, value) in &map {
                let value = parameter_text(value)
                    .ok_or_else(|| format!("parameter {key} is not a scalar or list"))?;
                out.insert(key.clone(), value);
            }
        }
        _ => return Err("expected a list of ParameterKey/ParameterValue entries or an object".to_string()),
    }
    Ok(out)
}

fn parameter_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        serde_json::Value::Array(items) => {
            items.iter().map(parameter_text).collect::<Option<Vec<_>>>().map(|parts| parts.join(","))
        }
        _ => None,
    }
}
