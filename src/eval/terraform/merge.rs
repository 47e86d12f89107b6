//! Terraform's override files: `override.tf`, `*_override.tf` and their `.tf.json` forms are not
//! declarations of their own but patches to the blocks their directory declares elsewhere, applied
//! after every other file, in file-name order.
//!
//! A merged block keeps its original block and the override blocks that patch it, and is evaluated as
//! one body ([`items`]): an override's argument replaces the original's argument of that name, and its
//! nested blocks of one type replace every nested block of that type (`dynamic "x"` counts as `x`),
//! except `lifecycle`, which merges argument by argument.
//!
//! A value written in an override file has spans in that file, but a resource has one file. Such
//! values are moved into a range of their own above [`SHIFTED`], one range per override file, which no
//! span of a real file reaches (files are far smaller); the resource lists the ranges
//! (`Resource::span_files`) and `Resource::locate` turns a span back into its file and offset. The
//! policy engine locates every finding this way, so a finding decided by an override argument points
//! at the override file, and what follows from the finding's place (snippet, suppression comments,
//! fingerprint, `--diff-base` scope) follows with it.

use hcl_edit::structure::{Attribute, Block, Structure};

use super::env::Run;
use crate::model::Reference;
use crate::source::{FileId, Span};
use crate::value::{Kind, Value};

/// Spans at or above this belong to an override file (see the module documentation).
pub(crate) const SHIFTED: u32 = 1 << 31;

/// `override.tf`, `x_override.tf`, `override.tf.json`, `x_override.tf.json`, and OpenTofu's
/// `.tofu` and `.tofu.json` forms of each.
pub(crate) fn is_override_file(name: &str) -> bool {
    let stem = name
        .strip_suffix(".tf.json")
        .or_else(|| name.strip_suffix(".tofu.json"))
        .or_else(|| name.strip_suffix(".tf"))
        .or_else(|| name.strip_suffix(".tofu"));
    stem.is_some_and(|s| s == "override" || s.ends_with("_override"))
}

/// The OpenTofu file that takes the place of a Terraform file of the same name (`main.tofu` for
/// `main.tf`, `x.tofu.json` for `x.tf.json`): OpenTofu loads only that one when both exist. Names are
/// compared as discovery classifies them, lower-cased.
pub(crate) fn tofu_twin(lower_name: &str) -> Option<String> {
    if let Some(stem) = lower_name.strip_suffix(".tf.json") {
        Some(format!("{stem}.tofu.json"))
    } else {
        lower_name.strip_suffix(".tf").map(|stem| format!("{stem}.tofu"))
    }
}

/// The override blocks of one declaration, in the order they apply.
#[derive(Default)]
pub(crate) struct Overrides<'a> {
    pub blocks: Vec<(FileId, &'a Block)>,
    /// The range each override file's values are moved to.
    pub regions: Vec<(Span, FileId)>,
}

impl<'a> Overrides<'a> {
    /// Adds an override block of `file`, whose text is `len` bytes long.
    pub fn push(&mut self, file: FileId, len: usize, block: &'a Block) {
        self.blocks.push((file, block));
        if self.regions.iter().any(|(_, f)| *f == file) {
            return;
        }
        let start = self.regions.last().map_or(u64::from(SHIFTED), |(s, _)| u64::from(s.end) + 1);
        let end = start + len as u64;
        // Past the range, the values of further files are placed at the declaration instead: their
        // findings are still reported, at the original block.
        if let (Ok(start), Ok(end)) = (u32::try_from(start), u32::try_from(end)) {
            self.regions.push((Span { start, end }, file));
        }
    }

    /// The argument `name` as the merge leaves it.
    pub fn attribute(&self, file: FileId, block: &'a Block, name: &str) -> Option<(FileId, &'a Attribute)> {
        self.blocks
            .iter()
            .rev()
            .find_map(|(f, b)| Some((*f, b.body.get_attribute(name)?)))
            .or_else(|| Some((file, block.body.get_attribute(name)?)))
    }

    /// The override blocks' spans in their own files, for `--diff-base` to see a change to them.
    pub fn locations(&self) -> impl Iterator<Item = (FileId, Span)> + '_ {
        self.blocks.iter().map(|(f, b)| (*f, super::module::span_of(*b)))
    }
}

/// A piece of a merged block body, with the file it was written in.
pub(crate) enum Item<'a> {
    Attr(FileId, &'a Attribute),
    Block(FileId, &'a Block),
    /// A `lifecycle` block that overrides merge into argument by argument.
    Merged(FileId, &'a Block, Vec<(FileId, &'a Block)>),
}

impl Item<'_> {
    pub fn file(&self) -> FileId {
        match self {
            Item::Attr(f, _) | Item::Block(f, _) | Item::Merged(f, _, _) => *f,
        }
    }

    fn block_type(&self) -> Option<&str> {
        match self {
            Item::Attr(..) => None,
            Item::Block(_, b) | Item::Merged(_, b, _) => Some(block_type(b)),
        }
    }
}

/// The type of nested block a block stands for: `dynamic "x"` stands for `x` blocks.
fn block_type(block: &Block) -> &str {
    match (block.ident.as_str(), block.labels.first()) {
        ("dynamic", Some(label)) => label.as_str(),
        (ident, _) => ident,
    }
}

/// The body of `block` with `overrides` applied. `top` is for a resource's own body, where `lifecycle`
/// merges argument by argument; everywhere else nested blocks replace by type.
pub(crate) fn items<'a>(
    file: FileId,
    block: &'a Block,
    overrides: &[(FileId, &'a Block)],
    top: bool,
) -> Vec<Item<'a>> {
    let mut items: Vec<Item<'a>> = block
        .body
        .iter()
        .map(|s| match s {
            Structure::Attribute(a) => Item::Attr(file, a),
            Structure::Block(b) => Item::Block(file, b),
        })
        .collect();
    for &(over, patch) in overrides {
        let mut replaced: Vec<&str> = Vec::new();
        for s in &patch.body {
            match s {
                Structure::Attribute(a) => {
                    let same =
                        |i: &Item<'_>| matches!(i, Item::Attr(_, x) if x.key.as_str() == a.key.as_str());
                    match items.iter().position(same) {
                        Some(i) => items[i] = Item::Attr(over, a),
                        None => items.push(Item::Attr(over, a)),
                    }
                }
                Structure::Block(b)
                    if top && block_type(b) == "lifecycle" && b.ident.as_str() != "dynamic" =>
                {
                    let existing = items.iter().position(|i| i.block_type() == Some("lifecycle"));
                    match existing.map(|i| (i, &mut items[i])) {
                        Some((_, Item::Merged(_, _, patches))) => patches.push((over, b)),
                        Some((i, Item::Block(f, original))) => {
                            items[i] = Item::Merged(*f, original, vec![(over, b)]);
                        }
                        _ => items.push(Item::Block(over, b)),
                    }
                }
                Structure::Block(b) => {
                    let kind = block_type(b);
                    if !replaced.contains(&kind) {
                        replaced.push(kind);
                        items.retain(|i| i.block_type() != Some(kind));
                    }
                    items.push(Item::Block(over, b));
                }
            }
        }
    }
    items
}

/// Moves values written in override files into their ranges.
pub(crate) struct Shift<'r> {
    pub regions: &'r [(Span, FileId)],
    /// Where values go whose file got no range: the declaration.
    pub fallback: Span,
}

impl Shift<'_> {
    /// A span of `file` (as evaluated: for JSON syntax, in the rewrite) moved into the file's range.
    pub fn span(&self, run: &Run<'_>, file: FileId, span: Span) -> Span {
        match self.regions.iter().find(|(_, f)| *f == file) {
            Some((range, _)) => {
                let own = run.original(file, span);
                let at = |n: u32| range.start.saturating_add(n).min(range.end);
                Span { start: at(own.start), end: at(own.end) }
            }
            None => self.fallback,
        }
    }

    pub fn value(&self, run: &Run<'_>, file: FileId, value: &mut Value) {
        value.span = self.span(run, file, value.span);
        match &mut value.kind {
            Kind::List(items) => items.iter_mut().for_each(|v| self.value(run, file, v)),
            Kind::Map(map) => {
                for (key, v) in &mut map.entries {
                    key.span = self.span(run, file, key.span);
                    self.value(run, file, v);
                }
            }
            _ => {}
        }
    }

    pub fn refs(&self, run: &Run<'_>, file: FileId, refs: &mut [Reference]) {
        for r in refs {
            r.span = self.span(run, file, r.span);
        }
    }
}
