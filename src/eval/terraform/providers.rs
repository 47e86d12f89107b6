//! Provider configurations, for what a provider adds to every resource it manages: the AWS provider's
//! `default_tags`, which it merges into each resource's tags (`tags_all`).
//!
//! Which configuration manages a resource follows Terraform: the `provider` meta-argument
//! (`aws.east`), else the default configuration of the type's provider (`aws` for `aws_s3_bucket`).
//! A module inherits its caller's default configurations, or exactly the ones its call's `providers`
//! map passes; a `provider` block of the module's own takes precedence.

use crate::collections::HashMap;
use std::rc::Rc;

use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};

use super::env::ModuleEnv;
use super::expr::Eval;
use super::module::{CallDecl, ResourceDecl, span_of};
use crate::model::{Input, add_input};
use crate::source::FileId;
use crate::value::{Key, Kind, Map, Value};

/// A `provider` block of a module.
pub(crate) struct ProviderDecl<'a> {
    /// `aws`, or `aws.east` for an aliased configuration.
    pub name: String,
    pub file: FileId,
    pub block: &'a hcl_edit::structure::Block,
}

impl<'a> ProviderDecl<'a> {
    pub fn new(local_name: &str, file: FileId, block: &'a hcl_edit::structure::Block) -> Self {
        let alias = block.body.get_attribute("alias").and_then(|a| a.value.as_str());
        let name = match alias {
            Some(alias) => format!("{local_name}.{alias}"),
            None => local_name.to_string(),
        };
        ProviderDecl { name, file, block }
    }
}

/// What a provider configuration adds to the resources it manages.
#[derive(Debug)]
pub(crate) struct ProviderConfig {
    /// `default_tags { tags = … }`, evaluated in the module that declares the configuration.
    pub default_tags: Option<Value>,
    /// What evaluating it read, the block included: a change there changes every resource it tags.
    pub inputs: Vec<Input>,
}

/// The configurations a module instance sees, by name (`aws`, `aws.east`).
pub(crate) type Providers = HashMap<String, Rc<ProviderConfig>>;

/// The configurations declared by the module itself.
pub(crate) fn declared(env: &ModuleEnv<'_>) -> Providers {
    let mut out = Providers::default();
    for decl in &env.def.providers {
        let mut ev = Eval::new(env, decl.file);
        let tags = decl
            .block
            .body
            .get_blocks("default_tags")
            .last()
            .and_then(|b| b.body.get_attribute("tags"))
            .map(|attr| ev.expr(&attr.value));
        let mut inputs = ev.inputs;
        env.run.note(&mut inputs, &env.run.text_input(decl.file, span_of(decl.block)));
        out.insert(decl.name.clone(), Rc::new(ProviderConfig { default_tags: tags, inputs }));
    }
    out
}

/// The configurations a module called by `call` from `parent` sees, `own` (its own blocks) first.
pub(crate) fn inherited(parent: &ModuleEnv<'_>, call: &CallDecl<'_>, own: Providers) -> Providers {
    let mut out = match call.overrides.attribute(call.file, call.block, "providers") {
        Some((_, attr)) => passed(parent, &attr.value),
        None => parent
            .providers
            .iter()
            .filter(|(name, _)| !name.contains('.'))
            .map(|(name, config)| (name.clone(), Rc::clone(config)))
            .collect(),
    };
    out.extend(own);
    out
}

/// `providers = { aws = aws.east, aws.west = aws.west }`: the child's name for each of the parent's.
fn passed(parent: &ModuleEnv<'_>, map: &Expression) -> Providers {
    let Expression::Object(object) = map else { return Providers::default() };
    object
        .iter()
        .filter_map(|(key, value)| {
            let child = match key {
                ObjectKey::Ident(ident) => ident.as_str().to_string(),
                ObjectKey::Expression(expr) => reference(expr)?,
            };
            let config = parent.providers.get(&reference(value.expr())?)?;
            Some((child, Rc::clone(config)))
        })
        .collect()
}

/// `aws` or `aws.east` written as a reference (or, in JSON syntax, rewritten from a string).
fn reference(expr: &Expression) -> Option<String> {
    match expr {
        Expression::Variable(v) => Some(v.as_str().to_string()),
        Expression::Traversal(t) => {
            let Expression::Variable(root) = &t.expr else { return None };
            let mut name = root.as_str().to_string();
            for op in &t.operators {
                let TraversalOperator::GetAttr(attr) = op.value() else { return None };
                name.push('.');
                name.push_str(attr.as_str());
            }
            Some(name)
        }
        Expression::String(s) => Some(s.as_str().to_string()),
        _ => None,
    }
}

/// Adds `tags_all` to an AWS resource's attributes as the provider computes it: its configuration's
/// default tags with the resource's own `tags` over them. Where the resource's tags are unknown
/// as a whole, `tags_all` holds the default tags only, and `tags` says that more may come.
pub(crate) fn add_default_tags(
    env: &ModuleEnv<'_>,
    decl: &ResourceDecl<'_>,
    attrs: &mut Value,
    inputs: &mut Vec<Input>,
) {
    let name = match decl.overrides.attribute(decl.file, decl.block, "provider") {
        Some((_, attr)) => reference(&attr.value),
        None => decl.rtype.split('_').next().map(str::to_string),
    };
    let Some(config) = name.and_then(|n| env.providers.get(&n)) else { return };
    let Some(default_tags) = &config.default_tags else { return };
    let Kind::Map(attributes) = &mut attrs.kind else { return };
    if attributes.get("tags_all").is_some() {
        return;
    }
    let merged = match (&default_tags.kind, attributes.get("tags").map(|t| &t.kind)) {
        (Kind::Map(defaults), Some(Kind::Map(own))) => {
            let mut out = Map::default();
            for (key, value) in defaults.iter().chain(own.iter()) {
                out.replace(key.clone(), value.clone());
            }
            Value::new(Kind::Map(out), default_tags.span)
        }
        _ => default_tags.clone(),
    };
    for input in &config.inputs {
        add_input(inputs, input);
    }
    let head = super::module::head_span(decl.block);
    attributes.insert(Key { name: "tags_all".to_string(), span: head }, merged);
}
