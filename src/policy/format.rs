//! The policy file format: the same YAML for built-in and custom policies.
//!
//! A policy file is parsed into our spanned [`Value`] tree first, so every error names the file, line
//! and column of the offending key. Unknown keys are errors: a typo in a condition must not silently
//! turn a check into one that always passes.

use std::collections::BTreeMap;

use super::{Companion, Fix, Policy, Remediation, Safety, Severity};
use crate::diag::Error;
use crate::source::{Format, SourceFile, Span};
use crate::value::{Kind, Map, Value};

/// The check of one policy for one format.
#[derive(Clone, Debug)]
pub struct Check {
    pub format: Format,
    /// Resource types the check applies to (`aws_s3_bucket`, `AWS::S3::Bucket`).
    pub resources: Vec<String>,
    pub rule: Rule,
}

/// A check passes when its condition holds (`pass_when`) or fails when it holds (`fail_when`).
#[derive(Clone, Debug)]
pub enum Rule {
    PassWhen(Condition),
    FailWhen(Condition),
}

/// One segment of an attribute path: a name, or `*` for every item of a list or value of a map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Name(String),
    Any,
}

#[derive(Clone, Debug)]
pub enum Test {
    Exists(bool),
    Equals(Value),
    In(Vec<Value>),
    Matches(Pattern),
    Gt(f64),
    Gte(f64),
    Lt(f64),
    Lte(f64),
    Contains(Value),
    /// The list has at least this many items (a scalar is one): known even when the items are not.
    MinItems(usize),
}

/// A `matches` regex. A built-in policy's is compiled on first use: compiling the catalogue's patterns
/// took longer than parsing most files, and most are never needed. (Every built-in pattern is
/// compiled by the tests.) A user's is compiled as it is loaded, so that a bad one is an error there.
#[derive(Clone, Debug)]
pub struct Pattern {
    source: String,
    compiled: std::sync::OnceLock<Option<regex::Regex>>,
}

impl Pattern {
    fn lazy(source: String) -> Self {
        Pattern { source, compiled: std::sync::OnceLock::new() }
    }

    fn compiled(source: String) -> Result<Self, regex::Error> {
        let regex = regex::Regex::new(&source)?;
        Ok(Pattern { source, compiled: std::sync::OnceLock::from(Some(regex)) })
    }

    /// The compiled regex; `None` only for a built-in pattern that does not compile, which the tests
    /// rule out.
    #[must_use]
    pub fn regex(&self) -> Option<&regex::Regex> {
        self.compiled.get_or_init(|| regex::Regex::new(&self.source).ok()).as_ref()
    }
}

#[derive(Clone, Debug)]
pub enum Condition {
    /// A test on the values at a path; lists on the way are searched item by item.
    Attribute {
        path: Vec<Segment>,
        test: Test,
        default: Option<Value>,
    },
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    /// Another resource of one of `types` whose attribute `via` references this one, satisfying `filter`.
    Connected {
        types: Vec<String>,
        via: String,
        filter: Option<Box<Condition>>,
    },
    /// A resource of one of `types` that this one's attribute `via` references, satisfying `filter`:
    /// `connected` in the other direction (the API a route belongs to).
    References {
        types: Vec<String>,
        via: String,
        filter: Option<Box<Condition>>,
    },
    /// The judged resource is of one of these types: for a check that covers several types of which
    /// only some carry a meaning by their type alone (`aws_iam_user_policy_attachment` is about a user).
    ResourceType(Vec<String>),
    /// A native predicate registered by name, with its arguments.
    Predicate {
        name: String,
        args: Value,
    },
}

const TEST_KEYS: [&str; 10] =
    ["exists", "equals", "in", "matches", "gt", "gte", "lt", "lte", "contains", "min_items"];

/// Parses a policy file. `origin` is the path shown in errors and docs.
pub fn load(origin: &str, text: &str, builtin: bool) -> Result<Policy, Error> {
    let source = SourceFile::new(origin.to_string(), origin.into(), text.to_string());
    let doc = crate::parse::yaml::parse(&source).map_err(|e| error_at(&source, e.span, e.message))?;
    Loader { source: &source, builtin }.policy(&doc, builtin)
}

/// Reads a built-in policy from the JSON document build.rs made of its YAML file. `origin` is the
/// YAML file's path, as [`load`] takes it.
pub fn load_json(origin: &str, json: &str) -> Result<Policy, Error> {
    let json: serde_json::Value =
        serde_json::from_str(json).map_err(|e| Error::Usage(format!("{origin}: {e}")))?;
    let doc = from_catalog_json(&json);
    // No text: the spans of a document read from JSON point nowhere in it.
    let source = SourceFile::new(origin.to_string(), origin.into(), String::new());
    Loader { source: &source, builtin: true }.policy(&doc, true)
}

/// The value build.rs wrote: each scalar as how it was written, `p` and the text of a plain scalar
/// (resolved as the YAML parser resolves one), `s` and the text of any other.
#[must_use]
pub fn from_catalog_json(json: &serde_json::Value) -> Value {
    Value::from_json_with(json, Span::default(), &|s| match s.strip_prefix('p') {
        Some(plain) => crate::parse::yaml::plain_scalar(plain),
        None => Kind::String(s.get(1..).unwrap_or_default().to_string()),
    })
}

fn error_at(source: &SourceFile, span: Span, message: impl Into<String>) -> Error {
    Error::at(source, span, message)
}

struct Loader<'a> {
    source: &'a SourceFile,
    builtin: bool,
}

impl Loader<'_> {
    fn err(&self, span: Span, message: impl Into<String>) -> Error {
        error_at(self.source, span, message)
    }

    fn map<'v>(&self, value: &'v Value, what: &str) -> Result<&'v Map, Error> {
        value.as_map().ok_or_else(|| self.err(value.span, format!("{what} must be a mapping")))
    }

    fn only_keys(&self, map: &Map, allowed: &[&str], what: &str) -> Result<(), Error> {
        for (key, _) in map.iter() {
            if !allowed.contains(&key.name.as_str()) {
                return Err(self.err(
                    key.span,
                    format!("unknown key `{}` in {what} (expected one of: {})", key.name, allowed.join(", ")),
                ));
            }
        }
        Ok(())
    }

    fn string(&self, value: &Value, what: &str) -> Result<String, Error> {
        value.scalar_text().ok_or_else(|| self.err(value.span, format!("{what} must be a string")))
    }

    fn required<'v>(&self, map: &'v Map, key: &str, span: Span, what: &str) -> Result<&'v Value, Error> {
        map.get(key).ok_or_else(|| self.err(span, format!("{what} needs `{key}`")))
    }

    fn strings(&self, value: &Value, what: &str) -> Result<Vec<String>, Error> {
        match &value.kind {
            Kind::List(items) => items.iter().map(|v| self.string(v, what)).collect(),
            _ => Ok(vec![self.string(value, what)?]),
        }
    }

    fn string_lists(&self, value: &Value, what: &str) -> Result<BTreeMap<String, Vec<String>>, Error> {
        let map = self.map(value, what)?;
        map.iter().map(|(k, v)| Ok((k.name.clone(), self.strings(v, what)?))).collect()
    }

    fn policy(&self, doc: &Value, builtin: bool) -> Result<Policy, Error> {
        let map = self.map(doc, "a policy file")?;
        self.only_keys(
            map,
            &[
                "id",
                "aliases",
                "title",
                "severity",
                "score",
                "service",
                "description",
                "message",
                "remediation",
                "references",
                "compliance",
                "compliance_note",
                "equivalents",
                "terraform",
                "cloudformation",
                "fix",
            ],
            "a policy",
        )?;
        let text = |key: &str| -> Result<String, Error> {
            self.string(self.required(map, key, doc.span, "a policy")?, key)
        };
        let id = text("id")?;
        if !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') || id.is_empty() {
            return Err(
                self.err(doc.span, format!("policy id `{id}` may only hold letters, digits, - and _"))
            );
        }
        let title = text("title")?;
        let severity_value = self.required(map, "severity", doc.span, "a policy")?;
        let severity = Severity::parse(&self.string(severity_value, "severity")?).ok_or_else(|| {
            self.err(severity_value.span, "severity must be one of critical, high, medium, low, info")
        })?;
        let score = match map.get("score") {
            None => severity.default_score(),
            Some(v) => {
                let score = v.as_f64().ok_or_else(|| self.err(v.span, "score must be a number"))?;
                let (low, high) = severity.score_band();
                if !(low..=high).contains(&score) {
                    return Err(self.err(
                        v.span,
                        format!("score {score} is outside the {} band {low}–{high}", severity.name()),
                    ));
                }
                score
            }
        };
        let service = match map.get("service") {
            Some(v) => self.string(v, "service")?,
            None => id.split('-').nth(1).unwrap_or("general").to_ascii_lowercase(),
        };
        let optional = |key: &str| map.get(key).map(|v| self.string(v, key)).transpose();
        let message = optional("message")?.unwrap_or_else(|| title.clone());
        let mut checks = Vec::new();
        for (key, format) in [("terraform", Format::Terraform), ("cloudformation", Format::CloudFormation)] {
            if let Some(section) = map.get(key) {
                checks.push(self.check(section, format)?);
            }
        }
        if checks.is_empty() {
            return Err(self.err(doc.span, "a policy needs a `terraform` or `cloudformation` section"));
        }
        let fixes = map.get("fix").map(|v| self.fixes(v, &checks)).transpose()?.unwrap_or_default();
        Ok(Policy {
            fixes,
            aliases: map.get("aliases").map(|v| self.strings(v, "aliases")).transpose()?.unwrap_or_default(),
            severity,
            score,
            service,
            description: text("description")?.trim().to_string(),
            message,
            remediation: map.get("remediation").map(|v| self.remediation(v)).transpose()?.unwrap_or_default(),
            references: map
                .get("references")
                .map(|v| self.strings(v, "references"))
                .transpose()?
                .unwrap_or_default(),
            compliance: map
                .get("compliance")
                .map(|v| self.string_lists(v, "compliance"))
                .transpose()?
                .unwrap_or_default(),
            compliance_note: optional("compliance_note")?,
            equivalents: map
                .get("equivalents")
                .map(|v| self.string_lists(v, "equivalents"))
                .transpose()?
                .unwrap_or_default(),
            checks,
            origin: self.source.display.clone(),
            builtin,
            id,
            title,
        })
    }

    fn remediation(&self, value: &Value) -> Result<Remediation, Error> {
        let map = self.map(value, "remediation")?;
        self.only_keys(map, &["text", "terraform", "cloudformation"], "remediation")?;
        let get = |key: &str| map.get(key).map(|v| self.string(v, key)).transpose();
        Ok(Remediation {
            text: get("text")?,
            terraform: get("terraform")?,
            cloudformation: get("cloudformation")?,
        })
    }

    fn fixes(&self, value: &Value, checks: &[Check]) -> Result<Vec<Fix>, Error> {
        let map = self.map(value, "fix")?;
        self.only_keys(map, &["terraform", "cloudformation"], "fix")?;
        let mut fixes = Vec::new();
        for (key, entry) in map.iter() {
            let format = if key.name == "terraform" { Format::Terraform } else { Format::CloudFormation };
            if !checks.iter().any(|c| c.format == format) {
                return Err(
                    self.err(key.span, format!("a fix for {} needs a `{}` section", key.name, key.name))
                );
            }
            // One fix, or a list of fixes for different resource types (the same setting has
            // another name on some: SAM's `Tracing`).
            let sections: Vec<&Value> = match &entry.kind {
                Kind::List(items) => items.iter().collect(),
                _ => vec![entry],
            };
            let before = fixes.len();
            for section in sections {
                fixes.push(self.fix(format, section)?);
            }
            if fixes.len() - before > 1 {
                let mut seen = std::collections::HashSet::new();
                for fix in &fixes[before..] {
                    let Some(types) = &fix.resources else {
                        return Err(self.err(entry.span, "each fix of a list names its `resources`"));
                    };
                    if let Some(t) = types.iter().find(|t| !seen.insert(t.as_str())) {
                        return Err(self.err(entry.span, format!("two fixes of {} cover {t}", key.name)));
                    }
                }
            }
        }
        Ok(fixes)
    }

    /// One fix of a format: a map of `safety`, `reason`, `set`, and maybe `resources`, `companion`.
    fn fix(&self, format: Format, entry: &Value) -> Result<Fix, Error> {
        let section = self.map(entry, "a fix")?;
        self.only_keys(section, &["safety", "reason", "resources", "companion", "set"], "a fix")?;
        let safety_value = self.required(section, "safety", entry.span, "a fix")?;
        let safety = match self.string(safety_value, "safety")?.as_str() {
            "safe" => Safety::Safe,
            "unsafe" => Safety::Unsafe,
            _ => return Err(self.err(safety_value.span, "safety must be safe or unsafe")),
        };
        let reason = self.string(self.required(section, "reason", entry.span, "a fix")?, "reason")?;
        let set_value = self.required(section, "set", entry.span, "a fix")?;
        let mut set = Vec::new();
        for (path, v) in self.map(set_value, "set")?.iter() {
            let segments: Vec<String> = path.name.split('.').map(str::to_string).collect();
            if segments.iter().any(|s| s.is_empty() || s == "*") {
                return Err(self.err(path.span, format!("bad attribute path `{}`", path.name)));
            }
            if !matches!(v.kind, Kind::Bool(_) | Kind::Number(_) | Kind::String(_)) {
                return Err(self.err(v.span, "a fix sets a boolean, a number or a string"));
            }
            set.push((segments, v.clone()));
        }
        if set.is_empty() {
            return Err(self.err(set_value.span, "`set` needs at least one attribute"));
        }
        let resources = section.get("resources").map(|v| self.strings(v, "resources")).transpose()?;
        let companion = section.get("companion").map(|v| self.companion(v, format)).transpose()?;
        Ok(Fix { format, safety, reason: reason.trim().to_string(), resources, companion, set })
    }

    /// A split Terraform resource the fix adds next to the resource it is for.
    fn companion(&self, value: &Value, format: Format) -> Result<Companion, Error> {
        if format != Format::Terraform {
            return Err(self.err(value.span, "a companion resource is a Terraform fix"));
        }
        let map = self.map(value, "companion")?;
        self.only_keys(map, &["type", "link", "conflicts"], "companion")?;
        let identifier = |v: &Value, what: &str| -> Result<String, Error> {
            let s = self.string(v, what)?;
            let ok = s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if ok { Ok(s) } else { Err(self.err(v.span, format!("`{s}` is not a Terraform name"))) }
        };
        let rtype = identifier(self.required(map, "type", value.span, "companion")?, "type")?;
        let link = identifier(self.required(map, "link", value.span, "companion")?, "link")?;
        let conflicts =
            map.get("conflicts").map(|v| self.strings(v, "conflicts")).transpose()?.unwrap_or_default();
        Ok(Companion { rtype, link, conflicts })
    }

    fn check(&self, value: &Value, format: Format) -> Result<Check, Error> {
        let map = self.map(value, format.name())?;
        self.only_keys(map, &["resources", "pass_when", "fail_when"], format.name())?;
        let resources =
            self.strings(self.required(map, "resources", value.span, format.name())?, "resources")?;
        let rule = match (map.get("pass_when"), map.get("fail_when")) {
            (Some(c), None) => Rule::PassWhen(self.condition(c, 0)?),
            (None, Some(c)) => Rule::FailWhen(self.condition(c, 0)?),
            _ => {
                return Err(
                    self.err(value.span, "a format section needs exactly one of `pass_when`, `fail_when`")
                );
            }
        };
        Ok(Check { format, resources, rule })
    }

    fn condition(&self, value: &Value, depth: usize) -> Result<Condition, Error> {
        if depth > 32 {
            return Err(self.err(value.span, "conditions nest too deeply"));
        }
        let map = self.map(value, "a condition")?;
        let list = |v: &Value| -> Result<Vec<Condition>, Error> {
            let items = v.as_list().ok_or_else(|| self.err(v.span, "expected a list of conditions"))?;
            items.iter().map(|c| self.condition(c, depth + 1)).collect()
        };
        if let Some(v) = map.get("all") {
            self.only_keys(map, &["all"], "an `all` condition")?;
            return Ok(Condition::All(list(v)?));
        }
        if let Some(v) = map.get("any") {
            self.only_keys(map, &["any"], "an `any` condition")?;
            return Ok(Condition::Any(list(v)?));
        }
        if let Some(v) = map.get("not") {
            self.only_keys(map, &["not"], "a `not` condition")?;
            return Ok(Condition::Not(Box::new(self.condition(v, depth + 1)?)));
        }
        for key in ["connected", "references"] {
            let Some(v) = map.get(key) else { continue };
            self.only_keys(map, &[key], &format!("a `{key}` condition"))?;
            let inner = self.map(v, key)?;
            self.only_keys(inner, &["type", "via", "where"], key)?;
            let types = self.strings(self.required(inner, "type", v.span, key)?, "type")?;
            let via = self.string(self.required(inner, "via", v.span, key)?, "via")?;
            let filter =
                inner.get("where").map(|w| self.condition(w, depth + 1).map(Box::new)).transpose()?;
            return Ok(if key == "connected" {
                Condition::Connected { types, via, filter }
            } else {
                Condition::References { types, via, filter }
            });
        }
        if let Some(v) = map.get("resource_type") {
            self.only_keys(map, &["resource_type"], "a `resource_type` condition")?;
            let types = self.strings(v, "resource_type")?;
            if types.is_empty() {
                return Err(self.err(v.span, "`resource_type` needs at least one type"));
            }
            return Ok(Condition::ResourceType(types));
        }
        if let Some(v) = map.get("predicate") {
            let name = self.string(v, "predicate")?;
            let known = super::predicates::lookup(&name).ok_or_else(|| {
                self.err(
                    v.span,
                    format!("unknown predicate `{name}` (known: {})", super::predicates::names().join(", ")),
                )
            })?;
            let mut args = Map::default();
            for (key, arg) in map.iter().filter(|(k, _)| k.name != "predicate") {
                args.insert(key.clone(), arg.clone());
            }
            let args = Value::new(Kind::Map(args), value.span);
            (known.validate)(&args).map_err(|message| self.err(value.span, message))?;
            return Ok(Condition::Predicate { name, args });
        }
        if let Some(v) = map.get("attribute") {
            let mut allowed = vec!["attribute", "default"];
            allowed.extend(TEST_KEYS);
            self.only_keys(map, &allowed, "an attribute condition")?;
            let path = self.path(v)?;
            let tests: Vec<_> = map.iter().filter(|(k, _)| TEST_KEYS.contains(&k.name.as_str())).collect();
            let [(key, arg)] = tests.as_slice() else {
                return Err(self.err(
                    value.span,
                    format!("an attribute condition needs exactly one of: {}", TEST_KEYS.join(", ")),
                ));
            };
            let test = self.test(&key.name, arg)?;
            return Ok(Condition::Attribute { path, test, default: map.get("default").cloned() });
        }
        Err(self.err(value.span, "a condition needs one of: attribute, all, any, not, connected, references, resource_type, predicate"))
    }

    /// The test of an attribute condition: its key (`equals`, `min_items`, …) and argument.
    fn test(&self, name: &str, arg: &Value) -> Result<Test, Error> {
        let number =
            |v: &Value| v.as_f64().ok_or_else(|| self.err(v.span, format!("`{name}` needs a number")));
        Ok(match name {
            "exists" => {
                Test::Exists(arg.as_bool().ok_or_else(|| self.err(arg.span, "`exists` needs true or false"))?)
            }
            "equals" => Test::Equals((*arg).clone()),
            "in" => Test::In(arg.as_list().ok_or_else(|| self.err(arg.span, "`in` needs a list"))?.to_vec()),
            "matches" => {
                let pattern = self.string(arg, "matches")?;
                Test::Matches(if self.builtin {
                    Pattern::lazy(pattern)
                } else {
                    Pattern::compiled(pattern).map_err(|e| self.err(arg.span, format!("bad regex: {e}")))?
                })
            }
            "gt" => Test::Gt(number(arg)?),
            "gte" => Test::Gte(number(arg)?),
            "lt" => Test::Lt(number(arg)?),
            "lte" => Test::Lte(number(arg)?),
            "min_items" => Test::MinItems(
                arg.as_f64()
                    .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= 1e6)
                    .map(|n| n as usize)
                    .ok_or_else(|| self.err(arg.span, "`min_items` needs a whole number"))?,
            ),
            _ => Test::Contains((*arg).clone()),
        })
    }

    fn path(&self, value: &Value) -> Result<Vec<Segment>, Error> {
        let text = self.string(value, "attribute")?;
        if text.is_empty() || text.split('.').any(str::is_empty) {
            return Err(self.err(value.span, format!("bad attribute path `{text}`")));
        }
        Ok(text
            .split('.')
            .map(|s| if s == "*" { Segment::Any } else { Segment::Name(s.to_string()) })
            .collect())
    }
}
