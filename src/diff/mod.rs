//! PR-scoped scans (`--diff-base REF`): which findings are on resources whose definition changed
//! since `REF`. The whole project is still evaluated (a module needs its callers) and every finding is
//! kept: those in the change decide the exit code and fill the annotations, the job summary and the
//! text report, while the SARIF report holds them all (code scanning would otherwise close every alert
//! outside the change) and marks which are in it.
//!
//! This is the gate on untrusted pull requests: a resource wrongly out of scope is a new finding
//! passed in silence, one wrongly in scope only shows a finding that was already there. So every
//! doubt resolves to "in scope", and the rules follow what the evaluation read, not what a change
//! looks like. A resource instance is in scope when:
//! 1. its block overlaps a changed line (a changed module file thus reaches every caller's instances);
//! 2. one of the `module` blocks that instantiated it overlaps a changed line or uses a changed symbol;
//! 3. its block uses (`var.x`, `local.y`) a variable or local whose definition changed in its module
//!    directory: a `variable` block, a `locals` entry, or a `x = …` line of a changed `.tfvars` file;
//!    locals that use changed symbols are changed too. CloudFormation: its text names a parameter,
//!    mapping or condition whose entry changed;
//! 4. its evaluation read something that changed ([`Resource::inputs`](crate::model::Resource)): a
//!    local, module output or variable default whose expression overlaps a changed line, any line of a
//!    tfvars or var file of its root module (the file that set a value, or the one whose removed line
//!    let another value through), a file read by `file()`, `templatefile()` or `fileexists()` (added,
//!    changed or deleted), or the CloudFormation parameters file of a template that declares
//!    parameters;
//! 5. its address (or logical id) appears in lines removed from its module directory (or template),
//!    including files deleted from that directory: a deleted `aws_s3_bucket_versioning` changes the
//!    verdict on the bucket it pointed at;
//! 6. it references, or is referenced by, a resource in scope by rules 1–5 (one hop in the graph).
//!
//! What changed comes from [`git`], read so that the pull request's `.gitattributes` and odd file
//! names cannot hide a hunk.

pub mod base;
pub mod git;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use regex::Regex;

use crate::app::Scan;
use crate::eval::value::Kind;
use crate::graph::{Graph, base_address};
use crate::model::{Input, Location, Project};
use crate::source::{FileId, Format, SourceFile, Span};
pub use git::{Changes, FileChange};

/// The outcome of `--diff-base`, kept on the scan for the reports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DiffScope {
    /// The revision compared against.
    pub base: String,
    /// Per resource (index into `project.resources`): whether it is in scope.
    pub resources: Vec<bool>,
    /// Per finding (index into `scan.findings`): whether it is on a resource in scope.
    pub findings: Vec<bool>,
    /// Findings on resources the change does not touch.
    pub out_of_scope: usize,
    /// The files configuring the scan that the change adds, modifies or deletes (as shown); the scan
    /// read them from the base revision.
    pub configuration: Vec<String>,
}

/// Marks which findings are in the change and counts those that are not. No finding is dropped:
/// see [`Scan::gated`].
pub fn restrict(scan: &mut Scan, base: &str, changes: &Changes) {
    let in_scope = resources_in_scope(&scan.project, changes);
    let project = &scan.project;
    // Keyed by scope too: two root modules calling one module both have `module.x.…` in its file.
    let mut by_address: HashMap<(FileId, &str, usize), Vec<usize>> = HashMap::new();
    for (i, r) in project.resources.iter().enumerate() {
        // A finding decided in an override file is in that file.
        for file in r.files() {
            by_address.entry((file, r.address.as_str(), r.scope)).or_default().push(i);
        }
    }
    let findings: Vec<bool> = scan
        .findings
        .iter()
        .map(|f| {
            f.resources
                .iter()
                .filter_map(|r| by_address.get(&(f.origin.file, r.address.as_str(), r.scope)))
                .flatten()
                .any(|&i| in_scope[i])
        })
        .collect();
    let out_of_scope = findings.iter().filter(|&&kept| !kept).count();
    scan.diff = Some(DiffScope {
        base: base.to_string(),
        resources: in_scope,
        findings,
        out_of_scope,
        configuration: Vec::new(),
    });
}

/// Which resources the change touches (see the module docs for the rules).
#[must_use]
pub fn resources_in_scope(project: &Project, changes: &Changes) -> Vec<bool> {
    let files: Vec<Option<&FileChange>> = project
        .files
        .iter()
        .map(|f| changes.get(&f.path.canonicalize().unwrap_or_else(|_| f.path.clone())))
        .collect();
    let overlaps = |file: FileId, span: Span| -> bool {
        let (Some(Some(change)), Some(source)) = (files.get(file), project.files.get(file)) else {
            return false;
        };
        let (start, end) = source.span_positions(span);
        change.ranges.iter().any(|&(a, b)| a <= end.line && start.line <= b)
    };
    let symbols = ChangedSymbols::collect(project, &files, &overlaps);
    // Removed text by Terraform module directory or CloudFormation template.
    let mut removed: HashMap<PathBuf, String> = HashMap::new();
    for (file, change) in project.files.iter().zip(&files) {
        if let Some(change) = change {
            removed.entry(dir_of(file)).or_default().push_str(&change.removed);
            removed.entry(file.path.clone()).or_default().push_str(&change.removed);
        }
    }
    // A deleted file is no longer among the scanned ones, but what it declared may be what fixed a
    // resource of its directory.
    for (path, change) in changes {
        if !change.removed.is_empty() && !path.exists() {
            let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            removed.entry(dir).or_default().push_str(&change.removed);
        }
    }
    let removed_mention = |r: &crate::model::Resource| {
        let Some(file) = project.files.get(r.file) else { return false };
        let base = base_address(&r.address);
        match r.format {
            Format::CloudFormation => removed.get(&file.path).is_some_and(|t| mentioned(t, base)),
            // Inside a module, its own files write `aws_x.y`, not `module.m.aws_x.y`.
            Format::Terraform => {
                let local = base.find(r.rtype.as_str()).map_or(base, |i| &base[i..]);
                removed.get(&dir_of(file)).is_some_and(|t| mentioned(t, local))
            }
        }
    };

    let text_of = |file: FileId, span: Span| {
        project.files.get(file).and_then(|f| f.text.get(span.range())).unwrap_or_default()
    };
    let call_changed = |call: &Location| {
        overlaps(call.file, call.span) || symbols.used_by(project, call.file, text_of(call.file, call.span))
    };
    let read_changed = |input: &Input| match input {
        Input::Text(at) => overlaps(at.file, at.span),
        Input::File(path) => changes.contains_key(path),
        Input::Any => !changes.is_empty(),
    };
    let direct: Vec<bool> = project
        .resources
        .iter()
        .map(|r| {
            overlaps(r.file, r.span)
                || symbols.used_by(project, r.file, text_of(r.file, r.span))
                || r.module_calls.iter().any(call_changed)
                || r.inputs.iter().any(read_changed)
                || removed_mention(r)
        })
        .collect();

    // One hop both ways: a new versioning resource changes the verdict on its bucket, and the bucket's
    // changed name changes the verdict on the resources that find it by name.
    Graph::build(project).one_hop(&direct)
}

/// Whether `text` contains `name` as a whole word (not as part of a longer identifier).
fn mentioned(text: &str, name: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    !name.is_empty()
        && text.match_indices(name).any(|(i, _)| {
            let before = text[..i].chars().next_back().is_none_or(|c| !ident(c));
            let after = text[i + name.len()..].chars().next().is_none_or(|c| !ident(c));
            before && after
        })
}

/// Variables and locals (per Terraform module directory) and CloudFormation parameters, mappings and
/// conditions (per template) whose definitions changed.
struct ChangedSymbols {
    /// Directory → `var.x` / `local.y` names.
    terraform: HashMap<PathBuf, HashSet<String>>,
    /// Template file → logical names.
    cloudformation: HashMap<FileId, Vec<String>>,
    reference: Option<Regex>,
}

impl ChangedSymbols {
    fn collect(
        project: &Project,
        files: &[Option<&FileChange>],
        overlaps: &dyn Fn(FileId, Span) -> bool,
    ) -> Self {
        let mut terraform: HashMap<PathBuf, HashSet<String>> = HashMap::new();
        // All locals of a directory with the text of their values, for the closure below.
        let mut locals: HashMap<PathBuf, Vec<(String, String)>> = HashMap::new();
        let dirs_with_changes: BTreeSet<PathBuf> =
            project.files.iter().zip(files).filter(|(_, c)| c.is_some()).map(|(f, _)| dir_of(f)).collect();
        let cfn_files: BTreeSet<FileId> =
            project.resources.iter().filter(|r| r.format == Format::CloudFormation).map(|r| r.file).collect();
        let mut cloudformation = HashMap::new();
        for (id, file) in project.files.iter().enumerate() {
            if cfn_files.contains(&id) {
                if files[id].is_some() {
                    cloudformation.insert(id, cfn_symbols(id, file, overlaps));
                }
                continue;
            }
            let dir = dir_of(file);
            if !dirs_with_changes.contains(&dir) {
                continue;
            }
            let name = file.path.to_string_lossy();
            if name.ends_with(".tfvars") {
                if let Some(change) = files[id] {
                    let changed = terraform.entry(dir).or_default();
                    for &(a, b) in &change.ranges {
                        for line in a..=b.min(file.line_count()) {
                            let text = file.line_text(line);
                            if let Some((key, _)) = text.split_once('=') {
                                changed.insert(format!("var.{}", key.trim()));
                            }
                        }
                    }
                }
                continue;
            }
            let Ok(body) = crate::parse::terraform::parse(file) else { continue };
            for structure in &body {
                let Some(block) = structure.as_block() else { continue };
                let span = hcl_span(block);
                match block.ident.as_str() {
                    "variable" => {
                        if let Some(label) = block.labels.first()
                            && overlaps(id, span)
                        {
                            terraform
                                .entry(dir.clone())
                                .or_default()
                                .insert(format!("var.{}", label.as_str()));
                        }
                    }
                    "locals" => {
                        for attr in block.body.attributes() {
                            let span = hcl_span(attr);
                            let key = format!("local.{}", attr.key.as_str());
                            if overlaps(id, span) {
                                terraform.entry(dir.clone()).or_default().insert(key.clone());
                            }
                            let text = file.text.get(span.range()).unwrap_or_default().to_string();
                            locals.entry(dir.clone()).or_default().push((key, text));
                        }
                    }
                    _ => {}
                }
            }
        }
        let reference = Regex::new(r"\b(?:var|local)\.[A-Za-z_][A-Za-z0-9_-]*").ok();
        // A local computed from a changed symbol changed too; repeat until nothing new is found.
        if let Some(re) = &reference {
            for (dir, entries) in &locals {
                let changed = terraform.entry(dir.clone()).or_default();
                loop {
                    let before = changed.len();
                    for (key, text) in entries {
                        if !changed.contains(key) && re.find_iter(text).any(|m| changed.contains(m.as_str()))
                        {
                            changed.insert(key.clone());
                        }
                    }
                    if changed.len() == before {
                        break;
                    }
                }
            }
        }
        ChangedSymbols { terraform, cloudformation, reference }
    }

    /// Whether the text of a block in `file` uses a changed symbol of its module or template.
    fn used_by(&self, project: &Project, file: FileId, text: &str) -> bool {
        if let Some(names) = self.cloudformation.get(&file) {
            return names.iter().any(|n| mentioned(text, n));
        }
        let Some(source) = project.files.get(file) else { return false };
        let (Some(changed), Some(re)) = (self.terraform.get(&dir_of(source)), &self.reference) else {
            return false;
        };
        !changed.is_empty() && re.find_iter(text).any(|m| changed.contains(m.as_str()))
    }
}

/// The names of `Parameters`, `Mappings` and `Conditions` entries of a template that overlap a change.
fn cfn_symbols(id: FileId, file: &SourceFile, overlaps: &dyn Fn(FileId, Span) -> bool) -> Vec<String> {
    let parsed = crate::parse::template(file);
    let Ok(doc) = parsed else { return Vec::new() };
    let mut names = Vec::new();
    for section in ["Parameters", "Mappings", "Conditions"] {
        let Some(Kind::Map(entries)) = doc.get(section).map(|v| &v.kind) else { continue };
        for (key, value) in entries.iter() {
            if overlaps(id, Span { start: key.span.start, end: value.span.end.max(key.span.end) }) {
                names.push(key.name.clone());
            }
        }
    }
    names
}

fn dir_of(file: &SourceFile) -> PathBuf {
    let dir = file.path.parent().map(Path::to_path_buf).unwrap_or_default();
    dir.canonicalize().unwrap_or(dir)
}

fn hcl_span(node: &impl hcl_edit::Span) -> Span {
    node.span().map_or_else(Span::default, |r| Span::new(r.start, r.end))
}
