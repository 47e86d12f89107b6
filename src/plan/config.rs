//! The `configuration` part of a plan: what each resource block writes (its `expressions`), and what
//! those expressions reference, followed through module variables and outputs to the resources they
//! name. Terraform leaves locals out of this part, so a reference through a local ends there.

use crate::collections::HashMap;

use super::address::{Address, Step, key_suffix, module_prefix, parse};
use crate::value::Value;

/// Variables and outputs followed from one reference at most this deep, and at most this many in
/// all for one attribute: a plan is input, and a hand-made one may send a variable round in a circle
/// or fan each one out to many.
const MAX_HOPS: usize = 32;
const MAX_STEPS: usize = 1024;

/// `configuration.root_module` of a plan, indexed.
pub struct Config<'a> {
    /// Module calls by the prefix of the module they make (`module.a.module.b.`).
    calls: HashMap<String, &'a Value>,
    /// Resource blocks by address without instance keys (`module.a.aws_s3_bucket.b`).
    blocks: HashMap<String, &'a Value>,
}

/// What the configuration says about one attribute of a resource.
#[derive(Clone, Copy)]
pub enum Written<'a> {
    /// No configuration for this resource: whether the attribute is written is not known.
    Unknown,
    /// The block does not write it.
    No,
    /// An expression writes it (and everything inside it).
    Expr(&'a Value),
    /// A nested block body: a map of its own expressions.
    Body(&'a Value),
    /// Nested blocks of one type, one body each.
    Blocks(&'a [Value]),
}

impl<'a> Written<'a> {
    /// The body of expressions this stands for, when it is a block or blocks.
    #[must_use]
    pub fn body(self) -> Option<&'a Value> {
        match self {
            Written::Body(body) => Some(body),
            Written::Blocks(blocks) => Some(blocks.first().unwrap_or(&NULL)),
            Written::Unknown | Written::No | Written::Expr(_) => None,
        }
    }

    /// What one entry of a body of expressions says.
    #[must_use]
    pub fn of(entry: Option<&'a Value>) -> Written<'a> {
        match entry {
            None => Written::No,
            Some(v) => v.as_list().map_or(Written::Expr(v), Written::Blocks),
        }
    }

    /// The configuration of item `i` of a list.
    #[must_use]
    pub fn item(self, i: usize) -> Written<'a> {
        match self {
            // More blocks in the plan than written (a `dynamic` block): the last body stands in.
            Written::Blocks(blocks) => blocks.get(i).or(blocks.last()).map_or(Written::No, Written::Body),
            other => other,
        }
    }

    /// Whether the configuration says the attribute is written.
    #[must_use]
    pub fn is_written(self) -> bool {
        !matches!(self, Written::No | Written::Unknown)
    }

    /// The references of an expression.
    #[must_use]
    pub fn references(self) -> Vec<&'a str> {
        match self {
            Written::Expr(e) => strings(e.get("references")),
            _ => Vec::new(),
        }
    }
}

static NULL: Value = Value { kind: crate::value::Kind::Null, span: crate::source::Span { start: 0, end: 0 } };

fn strings(v: Option<&Value>) -> Vec<&str> {
    v.and_then(Value::as_list).map(|l| l.iter().filter_map(Value::as_str).collect()).unwrap_or_default()
}

impl<'a> Config<'a> {
    /// Indexes the configuration of a plan: every lookup is made once per planned instance.
    #[must_use]
    pub fn new(plan: &'a Value) -> Self {
        let root = plan.get("configuration").and_then(|c| c.get("root_module"));
        let mut config = Config { calls: HashMap::default(), blocks: HashMap::default() };
        let mut stack: Vec<(String, &Value)> = root.map(|m| (String::new(), m)).into_iter().collect();
        while let Some((prefix, module)) = stack.pop() {
            for r in module.get("resources").and_then(Value::as_list).unwrap_or_default() {
                if let Some(address) = r.get("address").and_then(Value::as_str) {
                    config.blocks.entry(format!("{prefix}{address}")).or_insert(r);
                }
            }
            let calls = module.get("module_calls").and_then(Value::as_map);
            for (name, call) in calls.map(crate::value::Map::iter).into_iter().flatten() {
                let inner = format!("{prefix}module.{}.", name.name);
                config.calls.entry(inner.clone()).or_insert(call);
                if let Some(child) = call.get("module") {
                    stack.push((inner, child));
                }
            }
        }
        config
    }

    /// The `module` call `name` in the module at `path`.
    fn call(&self, path: &[(String, Option<Step>)], name: &str) -> Option<&'a Value> {
        self.calls.get(&format!("{}module.{name}.", module_prefix(path, false))).copied()
    }

    /// The resource block a planned instance comes from.
    #[must_use]
    pub fn block(&self, address: &Address) -> Option<&'a Value> {
        self.blocks.get(&address.unkeyed()).copied()
    }

    /// What a resource block writes; [`Written::Unknown`] without configuration.
    #[must_use]
    pub fn written(block: Option<&'a Value>) -> Written<'a> {
        match block.and_then(|b| b.get("expressions")) {
            Some(body) if body.as_map().is_some() => Written::Body(body),
            // A block that writes nothing has no `expressions` at all.
            None if block.is_some() => Written::Body(&NULL),
            _ => Written::Unknown,
        }
    }

    /// The references of a resource block, each as (attribute path, instance address) in the scope
    /// of the plan's root module; `depends_on` included.
    #[must_use]
    pub fn references(&self, address: &Address, block: &'a Value) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(body) = block.get("expressions") {
            self.body_references(address, body, &mut Vec::new(), &mut out);
        }
        let mut steps = MAX_STEPS;
        for target in strings(block.get("depends_on")) {
            for t in self.resolve(&address.modules, target, 0, &mut steps) {
                out.push(("depends_on".to_string(), t));
            }
        }
        out.sort();
        out.dedup();
        out
    }

    fn body_references(
        &self,
        address: &Address,
        body: &'a Value,
        via: &mut Vec<&'a str>,
        out: &mut Vec<(String, String)>,
    ) {
        let Some(map) = body.as_map() else { return };
        for (key, value) in map.iter() {
            via.push(&key.name);
            if let Some(blocks) = value.as_list() {
                for block in blocks {
                    self.body_references(address, block, via, out);
                }
            } else {
                let mut targets: Vec<String> = Vec::new();
                let mut steps = MAX_STEPS;
                for reference in strings(value.get("references")) {
                    targets.extend(self.resolve(&address.modules, reference, 0, &mut steps));
                }
                // `b[0].id` comes listed with `b[0]` and `b`: the instance named is the link.
                let keyed: Vec<String> = targets.iter().filter(|t| t.ends_with(']')).cloned().collect();
                targets.retain(|t| !keyed.iter().any(|k| k.len() > t.len() && k.starts_with(t.as_str())));
                let path = via.join(".");
                out.extend(targets.into_iter().map(|t| (path.clone(), t)));
            }
            via.pop();
        }
    }

    /// The resource instances a reference written in the module at `modules` names.
    fn resolve(
        &self,
        modules: &[(String, Option<Step>)],
        reference: &str,
        hops: usize,
        budget: &mut usize,
    ) -> Vec<String> {
        if hops > MAX_HOPS || *budget == 0 {
            return Vec::new();
        }
        *budget -= 1;
        let Some(steps) = parse(reference) else { return Vec::new() };
        let prefix = module_prefix(modules, true);
        let name = |i: usize| match steps.get(i) {
            Some(Step::Name(n)) => Some(n.as_str()),
            _ => None,
        };
        let key = |i: usize| {
            steps.get(i).filter(|s| !matches!(s, Step::Name(_))).map(key_suffix).unwrap_or_default()
        };
        match (name(0), name(1)) {
            (Some("var"), Some(var)) => {
                // A variable of a module is what its caller passes.
                let Some(((call, _), parent)) = modules.split_last() else { return Vec::new() };
                let Some(expr) =
                    self.call(parent, call).and_then(|c| c.get("expressions")).and_then(|e| e.get(var))
                else {
                    return Vec::new();
                };
                strings(expr.get("references"))
                    .into_iter()
                    .flat_map(|r| self.resolve(parent, r, hops + 1, budget))
                    .collect()
            }
            (Some("module"), Some(call_name)) => {
                let Some(call) = self.call(modules, call_name) else { return Vec::new() };
                let instance = steps.get(2).filter(|s| !matches!(s, Step::Name(_))).cloned();
                let output = name(if instance.is_some() { 3 } else { 2 });
                let repeated =
                    call.get("count_expression").is_some() || call.get("for_each_expression").is_some();
                let (Some(output), false) = (output, repeated && instance.is_none()) else {
                    return Vec::new();
                };
                let Some(expr) = call
                    .get("module")
                    .and_then(|m| m.get("outputs"))
                    .and_then(|o| o.get(output))
                    .and_then(|o| o.get("expression"))
                else {
                    return Vec::new();
                };
                let mut inner = modules.to_vec();
                inner.push((call_name.to_string(), instance));
                strings(expr.get("references"))
                    .into_iter()
                    .flat_map(|r| self.resolve(&inner, r, hops + 1, budget))
                    .collect()
            }
            (Some("data"), Some(rtype)) => match name(2) {
                Some(n) => vec![format!("{prefix}data.{rtype}.{n}{}", key(3))],
                None => Vec::new(),
            },
            (Some("local" | "each" | "count" | "path" | "terraform" | "self"), _) => Vec::new(),
            (Some(rtype), Some(n)) => vec![format!("{prefix}{rtype}.{n}{}", key(2))],
            _ => Vec::new(),
        }
    }
}

/// Whether an expression names a managed resource, whose exported attributes always exist once it
/// does: an unknown value it gives is still certainly set, as in a source scan.
#[must_use]
pub fn names_a_resource(written: Written<'_>) -> bool {
    written.references().iter().any(|r| {
        let first = r.split(['.', '[']).next().unwrap_or_default();
        !matches!(
            first,
            "var" | "local" | "module" | "data" | "each" | "count" | "path" | "terraform" | "self"
        )
    })
}
