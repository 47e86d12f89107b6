//! `count`, `for_each` and `dynamic` blocks: from one block in the source to its instances.

use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::structure::{Attribute, Block, Body, Structure};

use super::env::ModuleEnv;
use super::expr::{Eval, respan};
use super::merge::{self, Item, Overrides, Shift};
use super::module::{ResourceDecl, head_span, span_of};
use crate::eval::budget::Limit;
use crate::model::{Input, Location, Mode, Reference, Resource, add_input, compact_inputs};
use crate::source::{FileId, Format, Span};
use crate::value::{Key, Kind, Map, Value};

/// Instances of one resource or module call beyond this are dropped with a warning.
pub(crate) const MAX_INSTANCES: usize = 10_000;

/// One instance of a block with `count` or `for_each`.
pub(crate) struct Instance {
    /// The address suffix: `[0]`, `["logs"]`, or `None` without count/for_each or when unknown. A key
    /// is printed through [`crate::escape::quote`] (escaped, masked, capped): it is part of the address
    /// every report prints, and module prefixes and references are built from this same string.
    pub suffix: Option<String>,
    /// The for_each key, for `module.NAME["key"]`.
    pub raw: Option<String>,
    /// `count` or `each`, bound while evaluating the instance.
    pub bindings: Vec<(String, Value)>,
    /// Why there may be no such instance at all: it stands for an unknown `count` or `for_each`,
    /// which may be zero.
    pub may_not_exist: Option<String>,
}

impl Instance {
    /// The instance of a block without count or for_each, or the one standing for unknown instances.
    pub fn unkeyed(bindings: Vec<(String, Value)>) -> Self {
        Instance { suffix: None, raw: None, bindings, may_not_exist: None }
    }
}

fn object(entries: Vec<(&str, Value)>, span: Span) -> Value {
    let mut map = Map::default();
    for (name, value) in entries {
        map.insert(Key { name: name.to_string(), span }, value);
    }
    Value::new(Kind::Map(map), span)
}

/// What `count` or `for_each` makes of one block.
pub(crate) enum Expansion {
    /// Neither is set: one instance without bindings.
    Single,
    /// `count`: the instances in index order.
    Count(Vec<Instance>),
    /// `for_each`: the instances in key order.
    ForEach(Vec<Instance>),
    /// The count or for_each is unknown or invalid: one instance whose bindings are Unknown stands for
    /// all of them, so that the block is still judged where its values do not depend on them.
    Unknown { instance: Instance, reason: String },
}

impl Expansion {
    pub fn into_instances(self) -> Vec<Instance> {
        match self {
            Expansion::Single => vec![Instance::unkeyed(Vec::new())],
            Expansion::Count(list) | Expansion::ForEach(list) => list,
            Expansion::Unknown { mut instance, reason } => {
                instance.may_not_exist = Some(reason);
                vec![instance]
            }
        }
    }
}

/// What evaluating a block's `count` or `for_each` met: references, and what it read.
#[derive(Default)]
pub(crate) struct Meta {
    pub refs: Vec<Reference>,
    pub inputs: Vec<Input>,
}

/// Evaluates a block's `count` or `for_each` in its module, each given with its file (an override
/// file may set them); `what` names the block in messages.
pub(crate) fn expand_by(
    env: &ModuleEnv<'_>,
    count: Option<(FileId, &Attribute)>,
    for_each: Option<(FileId, &Attribute)>,
    what: &str,
) -> (Expansion, Meta) {
    let (expansion, ev) = if let Some((file, attr)) = count {
        let mut ev = Eval::new(env, file);
        ev.via = vec!["count".into()];
        let v = ev.expr(&attr.value);
        (by_count(env, file, &v, what), ev)
    } else if let Some((file, attr)) = for_each {
        let mut ev = Eval::new(env, file);
        ev.via = vec!["for_each".into()];
        let v = ev.expr(&attr.value);
        (by_for_each(env, file, &v, what), ev)
    } else {
        return (Expansion::Single, Meta::default());
    };
    let mut inputs = ev.inputs;
    compact_inputs(&mut inputs);
    (expansion, Meta { refs: ev.refs, inputs })
}

/// [`expand_by`] for a declaration that override files may patch.
pub(crate) fn merged_expansion(
    env: &ModuleEnv<'_>,
    file: FileId,
    block: &Block,
    overrides: &Overrides<'_>,
    what: &str,
) -> (Expansion, Meta) {
    let count = overrides.attribute(file, block, "count");
    let for_each = overrides.attribute(file, block, "for_each");
    expand_by(env, count, for_each, what)
}

/// The instances of a declaration that override files may patch.
pub(crate) fn merged_instances(
    env: &ModuleEnv<'_>,
    file: FileId,
    block: &Block,
    overrides: &Overrides<'_>,
    what: &str,
) -> (Vec<Instance>, Meta) {
    let (expansion, meta) = merged_expansion(env, file, block, overrides, what);
    (expansion.into_instances(), meta)
}

fn by_count(env: &ModuleEnv<'_>, file: FileId, v: &Value, what: &str) -> Expansion {
    let span = v.span;
    let unknown = |reason: &str| {
        let index = Value::unknown(format!("count.index of {what}: {reason}"), span);
        let bindings = vec![("count".to_string(), object(vec![("index", index)], span))];
        Expansion::Unknown {
            instance: Instance::unkeyed(bindings),
            reason: format!("the count of {what} is unknown: {reason}"),
        }
    };
    match (&v.kind, v.as_f64()) {
        (Kind::Unknown(u), _) => unknown(&u.reason),
        (_, Some(n)) if n >= 0.0 && n.fract() == 0.0 => {
            let mut n = n as usize;
            if n > MAX_INSTANCES {
                env.run.warn(
                    file,
                    span,
                    format!(
                        "{what}: count {n} is too large; only the first {MAX_INSTANCES} instances are checked"
                    ),
                );
                n = MAX_INSTANCES;
            }
            Expansion::Count(
                (0..n)
                    .take_while(|_| env.run.step(file, span))
                    .map(|i| {
                        let index = Value::new(Kind::Number(i as f64), span);
                        Instance {
                            suffix: Some(format!("[{i}]")),
                            raw: None,
                            bindings: vec![("count".to_string(), object(vec![("index", index)], span))],
                            may_not_exist: None,
                        }
                    })
                    .collect(),
            )
        }
        _ => {
            env.run.warn(file, span, format!("{what}: count is not a whole non-negative number"));
            unknown("invalid count")
        }
    }
}

fn by_for_each(env: &ModuleEnv<'_>, file: FileId, v: &Value, what: &str) -> Expansion {
    let span = v.span;
    let unknown = |reason: &str| {
        let u = |part: &str| Value::unknown(format!("each.{part} of {what}: {reason}"), span);
        let each = object(vec![("key", u("key")), ("value", u("value"))], span);
        Expansion::Unknown {
            instance: Instance::unkeyed(vec![("each".to_string(), each)]),
            reason: format!("the for_each of {what} is unknown: {reason}"),
        }
    };
    let pairs: Option<Vec<(String, Value)>> = match &v.kind {
        Kind::Map(map) => {
            let mut pairs: Vec<(String, Value)> = Vec::new();
            for (k, value) in map.iter() {
                pairs.retain(|(name, _)| name != &k.name);
                pairs.push((k.name.clone(), value.clone()));
            }
            Some(pairs)
        }
        Kind::List(items) if items.iter().all(|i| matches!(i.kind, Kind::String(_))) => {
            Some(items.iter().filter_map(|i| i.as_str().map(|s| (s.to_string(), i.clone()))).collect())
        }
        _ => None,
    };
    let Some(mut pairs) = pairs else {
        return match &v.kind {
            Kind::Unknown(u) => unknown(&u.reason),
            Kind::List(items) if items.iter().any(Value::is_unknown) => {
                unknown("the set has unknown elements")
            }
            _ => {
                env.run.warn(file, span, format!("{what}: for_each must be a map or a set of strings"));
                unknown("invalid for_each")
            }
        };
    };
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    pairs.dedup_by(|a, b| a.0 == b.0);
    if pairs.len() > MAX_INSTANCES {
        env.run.warn(
            file,
            span,
            format!("{what}: for_each has too many elements; only the first {MAX_INSTANCES} are checked"),
        );
        pairs.truncate(MAX_INSTANCES);
    }
    Expansion::ForEach(
        pairs
            .into_iter()
            .take_while(|_| env.run.step(file, span))
            .map(|(key, value)| {
                let each = object(vec![("key", Value::string(key.clone(), span)), ("value", value)], span);
                Instance {
                    suffix: Some(format!("[{}]", crate::escape::quote(&key))),
                    raw: Some(key),
                    bindings: vec![("each".to_string(), each)],
                    may_not_exist: None,
                }
            })
            .collect(),
    )
}

/// Every resource instance of a module instance and of the modules it calls.
pub(crate) fn resources(env: &ModuleEnv<'_>, out: &mut Vec<Resource>) {
    for decl in &env.def.resources {
        resource_instances(env, decl, out);
    }
    settings(env, out);
    for child in env.all_children() {
        resources(&child, out);
    }
}

fn resource_instances(env: &ModuleEnv<'_>, decl: &ResourceDecl<'_>, out: &mut Vec<Resource>) {
    let address = format!("{}{}", env.prefix, decl.address());
    let (instances, mut meta) = merged_instances(env, decl.file, decl.block, &decl.overrides, &address);
    let items = merge::items(decl.file, decl.block, &decl.overrides.blocks, true);
    let shift = Shift { regions: &decl.overrides.regions, fallback: head_span(decl.block) };
    let expanded_by =
        ["count", "for_each"].iter().find_map(|n| decl.overrides.attribute(decl.file, decl.block, n));
    if let Some((file, _)) = expanded_by.filter(|(file, _)| *file != decl.file) {
        shift.refs(env.run, file, &mut meta.refs);
    }
    // A block of a root module stands for itself at least once: only the instances it multiplies
    // into count, so that a large file of plain resources is read whole.
    let free = usize::from(env.prefix.is_empty());
    for (i, instance) in instances.into_iter().enumerate() {
        if i >= free && !env.run.take(Limit::Instances, 1, decl.file, head_span(decl.block)) {
            break;
        }
        let may_not_exist = instance.may_not_exist.or_else(|| env.may_not_exist.clone());
        let mut ev = Eval::new(env, decl.file);
        ev.scope = instance.bindings;
        let mut attrs = if decl.overrides.blocks.is_empty() {
            body(&mut ev, &decl.block.body, true, span_of(decl.block))
        } else {
            merged_body(&mut ev, &items, true, span_of(decl.block), &shift)
        };
        match decl.overrides.attribute(decl.file, decl.block, "depends_on") {
            Some((file, attr)) if file == decl.file => depends_on(&mut ev, attr),
            Some((file, attr)) => {
                let (own, start) = (std::mem::replace(&mut ev.file, file), ev.refs.len());
                depends_on(&mut ev, attr);
                shift.refs(env.run, file, &mut ev.refs[start..]);
                ev.file = own;
            }
            None => {}
        }
        let mut refs = meta.refs.clone();
        refs.append(&mut ev.refs);
        let mut inputs = env.inherited.clone();
        for input in meta.inputs.iter().chain(&ev.inputs) {
            add_input(&mut inputs, input);
        }
        // A change to an override block changes the resource.
        let overrides: Vec<Location> = decl
            .overrides
            .locations()
            .map(|(file, span)| Location { file, span: env.run.original(file, span) })
            .collect();
        for at in &overrides {
            env.run.note(&mut inputs, &Input::Text(at.clone()));
        }
        if decl.mode == crate::model::Mode::Managed {
            super::providers::add_default_tags(env, decl, &mut attrs, &mut inputs);
        }
        compact_inputs(&mut inputs);
        let mut seen = crate::collections::HashSet::default();
        refs.retain(|r| seen.insert((r.via.clone(), r.target.clone(), r.span)));
        out.push(Resource {
            format: Format::Terraform,
            mode: decl.mode,
            rtype: decl.rtype.clone(),
            address: format!("{address}{}", instance.suffix.unwrap_or_default()),
            file: decl.file,
            // Set by the pipeline once every root module is known.
            scope: 0,
            span: span_of(decl.block),
            head: head_span(decl.block),
            attrs,
            refs,
            module_calls: env.calls.clone(),
            assumptions: Vec::new(),
            may_not_exist,
            parameter_defaults: Vec::new(),
            inputs,
            span_files: decl.overrides.regions.clone(),
            overrides,
            plan: None,
            // In a root module every value is the user's own, written where it is used.
            origins: if env.calls.is_empty() { Vec::new() } else { std::mem::take(&mut ev.origins) },
            user_call: env.user_call.clone(),
        });
    }
}

/// The module instance's `module` calls and `terraform` blocks, as [`Mode::Setting`] resources that
/// policies can judge (a module source that is not pinned, a provider without a version constraint).
/// A call carries only its `source` and `version`, which Terraform requires to be literals, so neither
/// its `count` nor its other arguments are evaluated again here; a call in a module instantiated
/// several times stands once per instance, and their findings merge.
fn settings(env: &ModuleEnv<'_>, out: &mut Vec<Resource>) {
    let setting = |rtype: &str, address: String, file: FileId, block: &Block, attrs: Value| Resource {
        format: Format::Terraform,
        mode: Mode::Setting,
        rtype: rtype.to_string(),
        address,
        file,
        scope: 0,
        span: span_of(block),
        head: head_span(block),
        attrs,
        refs: Vec::new(),
        module_calls: env.calls.clone(),
        assumptions: Vec::new(),
        may_not_exist: env.may_not_exist.clone(),
        parameter_defaults: Vec::new(),
        inputs: env.inherited.clone(),
        span_files: Vec::new(),
        overrides: Vec::new(),
        plan: None,
        origins: Vec::new(),
        user_call: env.user_call.clone(),
    };
    for call in &env.def.calls {
        let mut ev = Eval::new(env, call.file);
        let mut map = Map::default();
        for attr in call.block.body.attributes().filter(|a| matches!(a.key.as_str(), "source" | "version")) {
            attribute(&mut ev, attr, true, &mut map);
        }
        let attrs = Value::new(Kind::Map(map), span_of(call.block));
        let address = format!("{}module.{}", env.prefix, call.name);
        out.push(setting("module", address, call.file, call.block, attrs));
    }
    for &(file, block) in &env.def.settings {
        let mut ev = Eval::new(env, file);
        let attrs = body(&mut ev, &block.body, true, span_of(block));
        out.push(setting("terraform", format!("{}terraform", env.prefix), file, block, attrs));
    }
}

/// A block body as a map: attributes by name, nested blocks as lists of maps under their name.
pub(crate) fn body(ev: &mut Eval<'_, '_>, body: &Body, top: bool, span: Span) -> Value {
    let mut map = Map::default();
    for structure in body {
        match structure {
            Structure::Attribute(attr) => attribute(ev, attr, top, &mut map),
            Structure::Block(block) => nested(ev, block, &mut map),
        }
    }
    Value::new(Kind::Map(map), span)
}

fn attribute(ev: &mut Eval<'_, '_>, attr: &Attribute, top: bool, map: &mut Map) {
    let name = attr.key.as_str();
    if top && matches!(name, "count" | "for_each" | "depends_on" | "provider") {
        return;
    }
    ev.via.push(name.to_string());
    let value = ev.expr(&attr.value);
    ev.via.pop();
    map.insert(Key { name: name.to_string(), span: span_of(&attr.key) }, value);
}

fn nested(ev: &mut Eval<'_, '_>, block: &Block, map: &mut Map) {
    if block.ident.as_str() == "dynamic" {
        dynamic(ev, block, map);
        return;
    }
    let name = block.ident.as_str().to_string();
    ev.via.push(name.clone());
    let value = self::body(ev, &block.body, false, span_of(block));
    ev.via.pop();
    push_block(map, Key { name, span: span_of(&block.ident) }, value);
}

/// [`body`] of a block that override files patch: what an override file wrote is evaluated in that
/// file and moved into its range (see [`merge`]).
pub(crate) fn merged_body(
    ev: &mut Eval<'_, '_>,
    items: &[Item<'_>],
    top: bool,
    span: Span,
    shift: &Shift<'_>,
) -> Value {
    let mut map = Map::default();
    for item in items {
        let file = item.file();
        let own = std::mem::replace(&mut ev.file, file);
        let start = ev.refs.len();
        let mut part = Map::default();
        match item {
            Item::Attr(_, attr) => attribute(ev, attr, top, &mut part),
            Item::Block(_, block) => nested(ev, block, &mut part),
            Item::Merged(_, block, patches) => {
                let name = block.ident.as_str().to_string();
                let inner = merge::items(file, block, patches, false);
                ev.via.push(name.clone());
                let value = merged_body(ev, &inner, false, span_of(*block), shift);
                ev.via.pop();
                push_block(&mut part, Key { name, span: span_of(&block.ident) }, value);
            }
        }
        ev.file = own;
        let moved = file != own && !matches!(item, Item::Merged(..));
        if moved {
            shift.refs(ev.env.run, file, &mut ev.refs[start..]);
        }
        for (mut key, mut value) in part.entries {
            if moved {
                key.span = shift.span(ev.env.run, file, key.span);
                shift.value(ev.env.run, file, &mut value);
            }
            if matches!(item, Item::Attr(..)) {
                map.insert(key, value);
            } else if let Kind::List(blocks) = value.kind {
                for block in blocks {
                    push_block(&mut map, key.clone(), block);
                }
            }
        }
    }
    Value::new(Kind::Map(map), span)
}

/// Nested blocks of one name collect into one list, in source order.
fn push_block(map: &mut Map, key: Key, value: Value) {
    if let Some((_, Value { kind: Kind::List(list), .. })) =
        map.entries.iter_mut().find(|(k, _)| k.name == key.name)
    {
        list.push(value);
    } else {
        let span = value.span;
        map.insert(key, Value::new(Kind::List(vec![value]), span));
    }
}

/// `dynamic "x" { for_each = …  iterator = it  content { … } }` becomes one `x` block per element.
fn dynamic(ev: &mut Eval<'_, '_>, block: &Block, map: &mut Map) {
    let Some(label) = block.labels.first().map(|l| l.as_str().to_string()) else {
        return;
    };
    let span = span_of(block);
    let key = Key { name: label.clone(), span: block.labels.first().map_or(span, span_of) };
    let iterator = block
        .body
        .get_attribute("iterator")
        .and_then(|a| match &a.value {
            Expression::Variable(v) => Some(v.as_str().to_string()),
            _ => None,
        })
        .unwrap_or_else(|| label.clone());
    let Some(content) = block.body.get_blocks("content").next() else {
        return;
    };
    ev.via.push(label.clone());
    let coll = match block.body.get_attribute("for_each") {
        Some(attr) => ev.expr(&attr.value),
        None => Value::unknown("dynamic block without for_each", span),
    };
    let items = match ev.items(coll) {
        Ok(items) => items,
        Err(unknown) => {
            let u = respan(&unknown, span);
            vec![(u.clone(), u)]
        }
    };
    for (k, v) in items.into_iter().take(MAX_INSTANCES) {
        ev.scope.push((iterator.clone(), object(vec![("key", k), ("value", v)], span)));
        let value = body(ev, &content.body, false, span);
        ev.scope.pop();
        push_block(map, key.clone(), value);
    }
    ev.via.pop();
}

/// `depends_on = [aws_iam_role.r, data.x.y]` records references without evaluating anything.
fn depends_on(ev: &mut Eval<'_, '_>, attr: &Attribute) {
    let Expression::Array(items) = &attr.value else {
        return;
    };
    for item in items {
        let Expression::Traversal(t) = item else { continue };
        let Expression::Variable(root) = &t.expr else { continue };
        let names: Vec<&str> = t
            .operators
            .iter()
            .map_while(|op| match op.value() {
                TraversalOperator::GetAttr(id) => Some(id.as_str()),
                _ => None,
            })
            .collect();
        let target = match (root.as_str(), names.as_slice()) {
            ("data", [rtype, name, ..]) => format!("data.{rtype}.{name}"),
            ("module" | "var" | "local" | "data", _) => continue,
            (rtype, [name, ..]) => format!("{rtype}.{name}"),
            _ => continue,
        };
        ev.refs.push(Reference {
            via: "depends_on".into(),
            target: format!("{}{target}", ev.env.prefix),
            span: span_of(item),
        });
    }
}
