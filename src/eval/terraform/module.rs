//! Collecting the declarations of one module directory from its files.

use crate::collections::HashMap;
use std::path::{Path, PathBuf};

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body};

use super::merge::Overrides;
use super::types::Type;
use crate::model::Mode;
use crate::source::{FileId, Span};

pub(crate) struct VarDecl<'a> {
    pub file: FileId,
    pub default: Option<&'a Expression>,
    /// The declared type when it is a plain primitive (`string`, `number`, `bool`).
    pub primitive: Option<String>,
    /// The `type` constraint (`any` when there is none), read once for every instance of the module.
    pub ty: Type<'a>,
    /// The `variable` block and the override blocks patching it: a change to any of them (a
    /// default, a type, a validation) changes what reading the variable gives.
    pub blocks: Vec<(FileId, Span)>,
}

pub(crate) struct ResourceDecl<'a> {
    pub mode: Mode,
    pub rtype: String,
    pub name: String,
    pub file: FileId,
    pub block: &'a Block,
    pub overrides: Overrides<'a>,
}

impl ResourceDecl<'_> {
    /// The address without instance key, as references name it.
    pub fn address(&self) -> String {
        match self.mode {
            Mode::Managed | Mode::Setting => format!("{}.{}", self.rtype, self.name),
            Mode::Data => format!("data.{}.{}", self.rtype, self.name),
        }
    }
}

pub(crate) struct CallDecl<'a> {
    pub name: String,
    pub file: FileId,
    pub block: &'a Block,
    /// The `source` argument when it is a literal string.
    pub source: Option<String>,
    pub overrides: Overrides<'a>,
}

/// Every scanned directory's declarations, by normalized path.
pub(crate) type Defs<'a> = HashMap<PathBuf, ModuleDef<'a>>;

/// Everything declared in one directory.
#[derive(Default)]
pub(crate) struct ModuleDef<'a> {
    pub dir: PathBuf,
    pub variables: HashMap<String, VarDecl<'a>>,
    pub locals: HashMap<String, (FileId, &'a Expression)>,
    pub outputs: Vec<(String, FileId, &'a Expression)>,
    pub resources: Vec<ResourceDecl<'a>>,
    pub calls: Vec<CallDecl<'a>>,
    /// `terraform` blocks (required providers, required version, backend).
    pub settings: Vec<(FileId, &'a Block)>,
    /// `terraform.tfvars` and `*.auto.tfvars` files of the directory, in load order.
    pub tfvars: Vec<(FileId, &'a Body)>,
    pub providers: Vec<super::providers::ProviderDecl<'a>>,
}

impl<'a> ModuleDef<'a> {
    pub fn add_file(&mut self, file: FileId, body: &'a Body) {
        for block in body.blocks() {
            let labels: Vec<&str> =
                block.labels.iter().map(hcl_edit::structure::BlockLabel::as_str).collect();
            match (block.ident.as_str(), labels.as_slice()) {
                ("variable", [name]) => {
                    let default = block.body.get_attribute("default").map(|a| &a.value);
                    let primitive = block.body.get_attribute("type").and_then(|a| match &a.value {
                        Expression::Variable(v) => Some(v.as_str().to_string()),
                        _ => None,
                    });
                    let ty = block.body.get_attribute("type").map_or(Type::Any, |a| Type::parse(&a.value));
                    let blocks = vec![(file, span_of(block))];
                    self.variables
                        .insert((*name).to_string(), VarDecl { file, default, primitive, ty, blocks });
                }
                ("locals", []) => {
                    for attr in block.body.attributes() {
                        self.locals.insert(attr.key.as_str().to_string(), (file, &attr.value));
                    }
                }
                ("output", [name]) => {
                    if let Some(attr) = block.body.get_attribute("value") {
                        self.outputs.push(((*name).to_string(), file, &attr.value));
                    }
                }
                ("resource" | "data", [rtype, name]) => {
                    let mode = if block.ident.as_str() == "data" { Mode::Data } else { Mode::Managed };
                    self.resources.push(ResourceDecl {
                        mode,
                        rtype: (*rtype).to_string(),
                        name: (*name).to_string(),
                        file,
                        block,
                        overrides: Overrides::default(),
                    });
                }
                ("provider", [name]) => {
                    self.providers.push(super::providers::ProviderDecl::new(name, file, block));
                }
                ("terraform", []) => self.settings.push((file, block)),
                ("module", [name]) => {
                    let source = literal_source(block);
                    let overrides = Overrides::default();
                    self.calls.push(CallDecl { name: (*name).to_string(), file, block, source, overrides });
                }
                _ => {}
            }
        }
    }

    /// Merges the blocks of an override file into what the other files declared. `len` is the file's
    /// length; `warn` reports a block that overrides nothing (an error for Terraform), which is ignored.
    pub fn add_override(
        &mut self,
        file: FileId,
        len: usize,
        body: &'a Body,
        warn: &mut dyn FnMut(Span, String),
    ) {
        for block in body.blocks() {
            let labels: Vec<&str> =
                block.labels.iter().map(hcl_edit::structure::BlockLabel::as_str).collect();
            let missing = |what: String| {
                format!(
                    "override of {what}, which no other file of the directory declares; Terraform refuses it, and it is ignored"
                )
            };
            match (block.ident.as_str(), labels.as_slice()) {
                ("variable", [name]) => {
                    let Some(decl) = self.variables.get_mut(*name) else {
                        warn(head_span(block), missing(format!("variable \"{name}\"")));
                        continue;
                    };
                    decl.blocks.push((file, span_of(block)));
                    if let Some(attr) = block.body.get_attribute("default") {
                        decl.default = Some(&attr.value);
                        decl.file = file;
                    }
                    if let Some(attr) = block.body.get_attribute("type") {
                        decl.ty = Type::parse(&attr.value);
                        decl.primitive = match &attr.value {
                            Expression::Variable(v) => Some(v.as_str().to_string()),
                            _ => None,
                        };
                    }
                }
                ("locals", []) => {
                    for attr in block.body.attributes() {
                        let name = attr.key.as_str();
                        match self.locals.get_mut(name) {
                            Some(local) => *local = (file, &attr.value),
                            None => warn(span_of(&attr.key), missing(format!("local.{name}"))),
                        }
                    }
                }
                ("output", [name]) => {
                    let Some(output) = self.outputs.iter_mut().find(|(n, _, _)| n == name) else {
                        // An output without `value` is not kept; it still exists for Terraform.
                        if block.body.get_attribute("value").is_some() {
                            warn(head_span(block), missing(format!("output \"{name}\"")));
                        }
                        continue;
                    };
                    if let Some(attr) = block.body.get_attribute("value") {
                        *output = ((*name).to_string(), file, &attr.value);
                    }
                }
                ("resource" | "data", [rtype, name]) => {
                    let mode = if block.ident.as_str() == "data" { Mode::Data } else { Mode::Managed };
                    let found = self
                        .resources
                        .iter_mut()
                        .find(|r| r.mode == mode && r.rtype == *rtype && r.name == *name);
                    match found {
                        Some(decl) => decl.overrides.push(file, len, block),
                        None => warn(
                            head_span(block),
                            missing(format!("{} \"{rtype}\" \"{name}\"", block.ident.as_str())),
                        ),
                    }
                }
                ("module", [name]) => match self.calls.iter_mut().find(|c| c.name == *name) {
                    Some(call) => {
                        // Terraform takes an overriding `source` too.
                        if block.body.get_attribute("source").is_some() {
                            call.source = literal_source(block);
                        }
                        call.overrides.push(file, len, block);
                    }
                    None => warn(head_span(block), missing(format!("module \"{name}\""))),
                },
                _ => {}
            }
        }
    }

    pub fn has_resource(&self, mode: Mode, rtype: &str, name: &str) -> bool {
        self.resources.iter().any(|r| r.mode == mode && r.rtype == rtype && r.name == name)
    }
}

fn literal_source(block: &Block) -> Option<String> {
    block.body.get_attribute("source").and_then(|a| a.value.as_str()).map(str::to_string)
}

/// The directory a local module source points at, resolved lexically (the scan never touches the disk
/// here). `None` for registry, git and other remote sources.
pub(crate) fn local_source_dir(caller_dir: &Path, source: &str) -> Option<PathBuf> {
    if !(source.starts_with("./") || source.starts_with("../") || source == "." || source == "..") {
        return None;
    }
    Some(normalize(&caller_dir.join(source)))
}

pub(crate) use crate::repo::normalize;

/// The span of an hcl-edit node, or an empty span at the start when hcl-edit has none.
pub(crate) fn span_of(node: &impl hcl_edit::Span) -> Span {
    node.span().map_or_else(Span::default, |r| Span::new(r.start, r.end))
}

/// `resource "aws_s3_bucket" "b"`: from the block identifier to the end of the last label.
pub(crate) fn head_span(block: &Block) -> Span {
    let start = span_of(&block.ident);
    let end = block.labels.last().and_then(hcl_edit::Span::span).map_or(start.end as usize, |r| r.end);
    Span::new(start.start as usize, end)
}
