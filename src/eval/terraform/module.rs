//! Collecting the declarations of one module directory from its files.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body};

use crate::model::Mode;
use crate::source::{FileId, Span};

pub(crate) struct VarDecl<'a> {
    pub file: FileId,
    pub default: Option<&'a Expression>,
    /// The declared type when it is a plain primitive (`string`, `number`, `bool`).
    pub primitive: Option<String>,
    /// The `type` expression, if any.
    pub type_expr: Option<&'a Expression>,
}

pub(crate) struct ResourceDecl<'a> {
    pub mode: Mode,
    pub rtype: String,
    pub name: String,
    pub file: FileId,
    pub block: &'a Block,
}

impl ResourceDecl<'_> {
    /// The address without instance key, as references name it.
    pub fn address(&self) -> String {
        match self.mode {
            Mode::Managed => format!("{}.{}", self.rtype, self.name),
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
    /// `terraform.tfvars` and `*.auto.tfvars` files of the directory, in load order.
    pub tfvars: Vec<(FileId, &'a Body)>,
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
                    let type_expr = block.body.get_attribute("type").map(|a| &a.value);
                    self.variables
                        .insert((*name).to_string(), VarDecl { file, default, primitive, type_expr });
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
                    });
                }
                ("module", [name]) => {
                    let source =
                        block.body.get_attribute("source").and_then(|a| a.value.as_str()).map(str::to_string);
                    self.calls.push(CallDecl { name: (*name).to_string(), file, block, source });
                }
                _ => {}
            }
        }
    }

    pub fn has_resource(&self, mode: Mode, rtype: &str, name: &str) -> bool {
        self.resources.iter().any(|r| r.mode == mode && r.rtype == rtype && r.name == name)
    }
}

/// The directory a local module source points at, resolved lexically (the scan never touches the disk
/// here). `None` for registry, git and other remote sources.
pub(crate) fn local_source_dir(caller_dir: &Path, source: &str) -> Option<PathBuf> {
    if !(source.starts_with("./") || source.starts_with("../") || source == "." || source == "..") {
        return None;
    }
    Some(normalize(&caller_dir.join(source)))
}

/// Removes `.` and resolves `..` lexically, so that `a/b/../c` and `a/c` name the same module.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(component),
            },
            other => out.push(other),
        }
    }
    out.iter().collect()
}

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
