//! CloudFormation nested stacks: an `AWS::CloudFormation::Stack` whose `TemplateURL`, or an
//! `AWS::Serverless::Application` whose `Location`, is a local path (the form `aws cloudformation
//! package` and `sam build` read) is evaluated with the `Parameters` its parent passes, and its
//! resources are addressed `Stack/Child` (`Network/BastionSg`), recursively.
//!
//! A template that a scanned template includes is evaluated through its parents only, as a
//! Terraform module directory is through its callers: its standalone evaluation (with its own
//! defaults) would report the same lines again under other addresses, with values the deployment
//! never uses. A scanned template that nothing scanned includes is a root; a group of templates that
//! only include each other gets its first member (in path order) as a root. The child must lie
//! inside the repository root and outside `.git/`; a cycle, a depth past [`MAX_DEPTH`] and more
//! than [`MAX_STACKS`] nested stacks in all are diagnostics, and what they would have added is not
//! evaluated.

use crate::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use crate::diag::{DiagLevel, Diagnostic};
use crate::discover::Repos;
use crate::escape::quote;
use crate::eval::Evaluated;
use crate::eval::budget::Budget;
use crate::eval::cloudformation::{self, Given};
use crate::model::{Location, Resource};
use crate::source::{FileId, SourceFile, Span};
use crate::value::{Map, Value};

/// Nested stacks inside nested stacks, beyond the template a scan starts from. Real applications
/// nest two or three levels.
pub const MAX_DEPTH: usize = 8;
/// Nested stack instances evaluated in one scan: each one evaluates a whole template again.
pub const MAX_STACKS: usize = 1_000;

/// The local template a nested-stack resource names, and where it names it; `None` for any other
/// resource, and for a template in S3, on a web server, in the Serverless Application Repository,
/// or not known before deployment. The AWS CDK writes the URL of the S3 asset, and names the file
/// in `cdk.out` it uploads there in the resource's `Metadata` (`aws:asset:path`, with
/// `aws:asset:property: TemplateURL`).
#[must_use]
pub fn local_template(r: &Resource) -> Option<(&str, Span)> {
    let property = match r.rtype.as_str() {
        "AWS::CloudFormation::Stack" => "TemplateURL",
        "AWS::Serverless::Application" => "Location",
        _ => return None,
    };
    let local = |value: &'_ Value| -> Option<Span> {
        let path = value.as_str()?.trim();
        (!path.contains("://") && !path.is_empty()).then_some(value.span)
    };
    if let Some(value) = r.attrs.get("Properties").and_then(|p| p.get(property))
        && let Some(span) = local(value)
    {
        return Some((value.as_str()?.trim(), span));
    }
    let metadata = r.attrs.get("Metadata")?;
    if metadata.get("aws:asset:property")?.as_str()? != property {
        return None;
    }
    let value = metadata.get("aws:asset:path")?;
    local(value).and_then(|span| Some((value.as_str()?.trim(), span)))
}

/// Evaluates the nested stacks of `templates` (each with its file id) and returns them with the
/// resources of their nested stacks added, the standalone evaluation of every included template
/// dropped, and the diagnostics of the nesting.
pub fn expand(
    templates: Vec<(FileId, Evaluated)>,
    files: &mut Vec<SourceFile>,
    repos: &Repos,
    budget: &Budget,
) -> (Vec<(FileId, Evaluated)>, Vec<Diagnostic>) {
    if !templates.iter().any(|(_, e)| e.resources.iter().any(|r| local_template(r).is_some())) {
        return (templates, Vec::new());
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut nesting = Nesting {
        files,
        ids: HashMap::default(),
        docs: HashMap::default(),
        repos,
        budget,
        cwd,
        diagnostics: Vec::new(),
        covered: HashSet::default(),
        stacks: 0,
        stopped: false,
    };
    for (id, _) in &templates {
        if let Ok(canonical) = nesting.files[*id].path.canonicalize() {
            nesting.ids.entry(canonical).or_insert(*id);
        }
    }
    // Roots first: templates that no scanned template includes, then the others in path order.
    let included: HashSet<FileId> = templates
        .iter()
        .flat_map(|(_, e)| e.resources.iter())
        .filter_map(|r| {
            let (path, _) = local_template(r)?;
            let canonical = nesting.dir_of(r.file).join(path).canonicalize().ok()?;
            nesting.ids.get(&canonical).copied()
        })
        .collect();
    let mut order: Vec<usize> = (0..templates.len()).collect();
    order.sort_by_key(|&i| (included.contains(&templates[i].0), templates[i].0));
    let mut added: HashMap<FileId, Vec<Resource>> = HashMap::default();
    for i in order {
        let (id, evaluated) = &templates[i];
        if nesting.covered.contains(id) {
            continue;
        }
        let mut out = Vec::new();
        nesting.stacks_of(&evaluated.resources, &mut vec![*id], &mut out);
        added.insert(*id, out);
    }
    let Nesting { covered, diagnostics, .. } = nesting;
    let kept = templates
        .into_iter()
        .filter(|(id, _)| !covered.contains(id))
        .map(|(id, mut evaluated)| {
            evaluated.resources.extend(added.remove(&id).unwrap_or_default());
            (id, evaluated)
        })
        .collect();
    (kept, diagnostics)
}

struct Nesting<'a> {
    files: &'a mut Vec<SourceFile>,
    /// Every template read, scanned or included, by canonical path.
    ids: HashMap<PathBuf, FileId>,
    /// Included templates, parsed once however often they are included; `None`: not a template.
    docs: HashMap<FileId, Option<Rc<Value>>>,
    repos: &'a Repos,
    budget: &'a Budget,
    cwd: PathBuf,
    diagnostics: Vec<Diagnostic>,
    /// Templates evaluated as a nested stack of another.
    covered: HashSet<FileId>,
    stacks: usize,
    stopped: bool,
}

impl Nesting<'_> {
    fn dir_of(&self, file: FileId) -> PathBuf {
        self.files[file].path.parent().map(Path::to_path_buf).unwrap_or_default()
    }

    fn warn(&mut self, level: DiagLevel, file: FileId, span: Span, message: String) {
        self.diagnostics.push(Diagnostic::at(level, &self.files[file], span, message));
    }

    /// The resources of the nested stacks among `parents`, evaluated and addressed from `parents`'
    /// template, whose ancestors (itself last) are `chain`.
    fn stacks_of(&mut self, parents: &[Resource], chain: &mut Vec<FileId>, out: &mut Vec<Resource>) {
        for parent in parents {
            let Some((path, span)) = local_template(parent) else { continue };
            let stack = quote(&parent.address);
            let Some(id) = self.include(parent, path, span, &stack) else { continue };
            if let Some(at) = chain.iter().position(|&c| c == id) {
                let cycle: Vec<String> =
                    chain[at..].iter().chain([&id]).map(|&c| quote(&self.files[c].display)).collect();
                let message = format!(
                    "nested stack {stack}: the templates include each other ({}); not evaluated again",
                    cycle.join(" -> ")
                );
                self.warn(DiagLevel::Warning, parent.file, span, message);
                continue;
            }
            if chain.len() > MAX_DEPTH {
                let message =
                    format!("nested stack {stack}: nested more than {MAX_DEPTH} levels deep; not evaluated");
                self.warn(DiagLevel::Warning, parent.file, span, message);
                continue;
            }
            if self.stacks >= MAX_STACKS {
                if !self.stopped {
                    self.stopped = true;
                    let message = format!("more than {MAX_STACKS} nested stacks; the rest are not evaluated");
                    self.warn(DiagLevel::Error, parent.file, span, message);
                }
                continue;
            }
            let Some(Some(doc)) = self.docs.get(&id).cloned() else { continue };
            self.stacks += 1;
            self.covered.insert(id);
            let passed = match parent.attrs.get("Properties").and_then(|p| p.get("Parameters")) {
                None => Given::Passed(Ok(&EMPTY)),
                Some(v) => Given::Passed(v.as_map().ok_or(v)),
            };
            let evaluated = cloudformation::evaluate_given(id, &self.files[id], &doc, &passed, self.budget);
            self.diagnostics.extend(evaluated.diagnostics);
            chain.push(id);
            let mut grandchildren = Vec::new();
            self.stacks_of(&evaluated.resources, chain, &mut grandchildren);
            chain.pop();
            let call = Location { file: parent.file, span: parent.span };
            for mut child in evaluated.resources.into_iter().chain(grandchildren) {
                child.address = format!("{}/{}", parent.address, child.address);
                for reference in &mut child.refs {
                    reference.target = format!("{}/{}", parent.address, reference.target);
                }
                child.module_calls.insert(0, call.clone());
                let mut assumptions = parent.assumptions.clone();
                assumptions.append(&mut child.assumptions);
                child.assumptions = assumptions;
                if child.may_not_exist.is_none() {
                    child.may_not_exist.clone_from(&parent.may_not_exist);
                }
                out.push(child);
            }
        }
    }

    /// The file id of the template a nested stack names, read and parsed the first time; `None`
    /// (with a diagnostic) when it is not to be read or not a template.
    fn include(&mut self, parent: &Resource, path: &str, span: Span, stack: &str) -> Option<FileId> {
        let joined = lexical(&self.dir_of(parent.file).join(path));
        let shown = quote(path);
        let Ok(canonical) = joined.canonicalize() else {
            let message =
                format!("nested stack {stack}: template {shown} not found; its resources are not scanned");
            self.warn(DiagLevel::Warning, parent.file, span, message);
            return None;
        };
        let inside = self
            .repos
            .rules_for(&canonical)
            .is_some_and(|(_, rel)| !rel.components().any(|c| c.as_os_str() == ".git"));
        if !inside {
            let message = format!(
                "nested stack {stack}: template {shown} is outside the repository root or inside .git/; not read"
            );
            self.warn(DiagLevel::Error, parent.file, span, message);
            return None;
        }
        let id = if let Some(&id) = self.ids.get(&canonical) {
            id
        } else {
            let text = match super::read_text(&canonical, &super::Overlay::default()) {
                Ok(text) => text,
                Err(e) => {
                    let message = format!("nested stack {stack}: template {shown}: {}", e.message());
                    self.warn(DiagLevel::Error, parent.file, span, message);
                    return None;
                }
            };
            let display = crate::discover::display_outside(&joined, &self.cwd);
            self.files.push(SourceFile::new(display, joined, text));
            let id = self.files.len() - 1;
            self.ids.insert(canonical, id);
            id
        };
        if !self.docs.contains_key(&id) {
            let doc = match crate::parse::template(&self.files[id]) {
                Ok(doc) if cloudformation::is_template(&doc) => Some(Rc::new(doc)),
                Ok(_) => {
                    let message = format!("nested stack {stack}: {shown} is not a CloudFormation template");
                    self.warn(DiagLevel::Warning, parent.file, span, message);
                    None
                }
                Err(e) => {
                    self.diagnostics.push(super::parse_failure(&self.files[id], e));
                    None
                }
            };
            self.docs.insert(id, doc);
        }
        Some(id)
    }
}

static EMPTY: Map = Map { entries: Vec::new() };

/// `a/./b/../c` → `a/c` without touching the disk: the path as users see it.
fn lexical(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.iter().collect()
}
