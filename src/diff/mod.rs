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
//! 2. one of the `module` blocks that instantiated it overlaps a changed line;
//! 3. its evaluation read something that changed ([`Resource::inputs`](crate::model::Resource)), as
//!    the evaluators record it, never guessed from names in the text: a local or module output
//!    expression, a `variable` block (its default, type or validation) or a provider's
//!    `default_tags` that overlaps a changed line, any line of a tfvars or var file of its root
//!    module (the file that set a value, or the one whose removed line let another value through), a
//!    file read by `file()`, `templatefile()` or `fileexists()` (added, changed or deleted), what the
//!    `count` or `for_each` of a module call above it read; in CloudFormation the entry of a parameter,
//!    mapping or condition it read (a condition with every parameter, mapping and condition it reads
//!    in turn), or the parameters file of a template that declares parameters;
//! 4. its address (or logical id) appears in lines removed from its module directory (or template),
//!    including files deleted from that directory: a deleted `aws_s3_bucket_versioning` changes the
//!    verdict on the bucket it pointed at;
//! 5. it references, or is referenced by, a resource in scope by rules 1–4 (one hop in the graph).
//!
//! What changed comes from [`git`], read so that the pull request's `.gitattributes` and odd file
//! names cannot hide a hunk.

pub mod base;
pub mod git;

use crate::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::graph::{Graph, base_address};
use crate::model::{Input, Location, Project};
use crate::source::{FileId, Format, SourceFile, Span};
pub use git::{Changes, FileChange};

use crate::scan::{DiffScope, Scan};

/// Marks which findings are in the change and counts those that are not. No finding is dropped:
/// see [`Scan::gated`].
pub fn restrict(scan: &mut Scan, base: &str, changes: &Changes) {
    let in_scope = resources_in_scope(&scan.project, changes);
    let project = &scan.project;
    // Keyed by scope too: two root modules calling one module both have `module.x.…` in its file.
    let mut by_address: HashMap<(FileId, &str, usize), Vec<usize>> = HashMap::default();
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
    // Removed text by Terraform module directory or CloudFormation template.
    let mut removed: HashMap<PathBuf, String> = HashMap::default();
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

    let call_changed = |call: &Location| overlaps(call.file, call.span);
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

fn dir_of(file: &SourceFile) -> PathBuf {
    let dir = file.path.parent().map(Path::to_path_buf).unwrap_or_default();
    dir.canonicalize().unwrap_or(dir)
}
