//! The verifying scan, without reading the project again: the first scan's files, syntax trees and
//! resources stand for everything the edits cannot change, and only what they can is parsed and
//! evaluated again: the edited files; the Terraform root modules whose evaluation reads an edited
//! file (each from its trees, with the module directories it calls, so that an edit in a module
//! reaches every caller); the edited templates. From there the graph, the policies, suppressions and
//! the baseline run over the whole project, so that the result is the scan a fresh run would give.
//!
//! A scan whose inputs this cannot reproduce (a Terraform plan, a pull-request scope, a nested
//! stack among the edited templates) is verified by a whole scan of the edited texts instead.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::super::{
    PhaseTimer, Read, ScanOptions, Template, Terraform, TerraformFile, analyse, load_template,
    load_terraform, var_files,
};
use crate::collections::{HashMap, HashSet};
use crate::diag::{Diagnostic, Error};
use crate::discover::{Discovered, Discovery, FileKind, classify};
use crate::eval::{Evaluated, budget::Budget, terraform};
use crate::fix::Plan;
use crate::model::{Input, Resource};
use crate::parse::terraform::on_parse_threads;
use crate::policy::Policy;
use crate::scan::Scan;
use crate::source::{FileId, Format, SourceFile};

/// What the verifying scans of one `fix` share: how the first scan evaluated Terraform (the
/// repositories `file()` reads in, the module caches), and what earlier rounds evaluated.
pub(super) struct Shared {
    terraform: terraform::Options,
    /// Templates evaluated by an earlier round: the text, and what it evaluated to.
    templates: HashMap<FileId, (String, Vec<Resource>, Vec<Diagnostic>)>,
    /// The Terraform evaluation of an earlier round, and the edited texts it was made from.
    evaluated: Option<(Vec<(FileId, String)>, Evaluated)>,
    /// What the last verifying scan evaluated from which texts, besides the resources it holds:
    /// they become `templates` and `evaluated` when that scan is given up for another round.
    pending: Option<Pending>,
}

struct Pending {
    terraform: Vec<(FileId, String)>,
    diagnostics: Vec<Diagnostic>,
    templates: Vec<(FileId, String, Vec<Diagnostic>)>,
}

impl Shared {
    /// `None` when the first scan's inputs are not all reproduced here: a Terraform plan among them,
    /// or a pull-request scope; each verification is then a whole scan.
    pub(super) fn new(before: &Scan, options: &ScanOptions) -> Result<Option<Shared>, Error> {
        if options.diff_base.is_some() || before.project.resources.iter().any(|r| r.plan.is_some()) {
            return Ok(None);
        }
        // The module caches of the directories the walk found and of the var files, as the first
        // scan read them (`read_terraform`): the walk costs little, the parsing it led to is skipped.
        let discovery = Discovery::run(&options.paths, &options.exclude)?;
        let named = var_files(options, &discovery)?;
        let caches = if options.terraform.no_module_cache {
            terraform::cache::Caches { disabled: true, ..Default::default() }
        } else {
            let dirs = discovery
                .files
                .iter()
                .filter(|d| d.kind.is_terraform())
                .chain(&named)
                .filter_map(|d| d.path.parent())
                .map(terraform::normalize_dir);
            discovery.module_caches(dirs, &mut HashSet::default()).0
        };
        let var_files =
            options.config_var_files.iter().chain(&options.terraform.var_files).cloned().collect();
        let terraform = terraform::Options {
            repos: Arc::clone(&discovery.repos),
            var_files,
            caches: Arc::new(caches),
            without_inputs: true,
            ..options.terraform.clone()
        };
        Ok(Some(Shared { terraform, templates: HashMap::default(), evaluated: None, pending: None }))
    }
}

/// The outcome of a verifying scan.
pub(super) enum Outcome {
    /// The scan of the project with the plan's texts.
    Scanned(Box<Scan>, Lent),
    /// Fixes refused before any scan, by finding fingerprint with the reason: their file would no
    /// longer parse, or no longer be read as a template.
    Refused(HashMap<String, String>),
    /// An edited template is part of a nested stack: only a whole scan reads it as its parent does.
    Whole,
}

/// Scans the project as it would be with the plan written, from `before` (whose syntax trees are
/// lent to the scan and given back).
pub(super) fn rescan(
    before: &mut Scan,
    plan: &Plan,
    options: &ScanOptions,
    policies: &[Policy],
    shared: &mut Shared,
) -> Outcome {
    let timer = PhaseTimer::from_env();
    let edited: HashMap<FileId, &str> = plan.files.iter().map(|f| (f.file, f.fixed.as_str())).collect();
    if nested(before, &edited) {
        return Outcome::Whole;
    }
    let overlay = Arc::new(plan.files.iter().map(|f| (f.path.clone(), f.fixed.clone())).collect());
    let options = ScanOptions { overlay, keep_templates: false, ..options.clone() };
    // Terraform files have the first ids, one syntax tree each.
    let tf_count = before.syntax.len();
    let budget = Budget::default();
    let mut ids: Vec<FileId> = edited.keys().copied().collect();
    ids.sort_unstable();
    let (trees, templates, evaluated_templates, mut diagnostics, refused) =
        parse_edited(before, &ids, &edited, &options, shared, &budget);
    if !refused.is_empty() {
        return Outcome::Refused(refused);
    }
    timer.lap("parse the edited files");

    // The first scan's files, lent to this one with the edited texts in their place.
    let mut files = std::mem::take(&mut before.project.files);
    let mut lent = Vec::with_capacity(ids.len());
    for &id in &ids {
        let fixed = copy(&files[id], edited[&id].to_string());
        lent.push((id, std::mem::replace(&mut files[id], fixed)));
    }
    let mut tf_texts: Vec<(FileId, String)> =
        ids.iter().filter(|&&id| id < tf_count).map(|&id| (id, edited[&id].to_string())).collect();
    tf_texts.sort();
    // The Terraform files whose text differs from the last evaluation's (the first scan's, or an
    // earlier round's): only the roots that read them are evaluated again.
    let previous = shared.evaluated.take();
    let changed: HashSet<FileId> = match &previous {
        Some((texts, _)) => {
            let was: HashMap<FileId, &String> = texts.iter().map(|(id, t)| (*id, t)).collect();
            let now: HashMap<FileId, &String> = tf_texts.iter().map(|(id, t)| (*id, t)).collect();
            was.keys().chain(now.keys()).filter(|id| was.get(id) != now.get(id)).copied().collect()
        }
        None => tf_texts.iter().map(|(id, _)| *id).collect(),
    };
    let base = previous.map(|(_, evaluated)| evaluated);
    let tf = match base {
        Some(base) if changed.is_empty() => base,
        base => {
            let lent = (&files[..tf_count], trees);
            evaluate_terraform(before, lent, &changed, base, &shared.terraform, &budget)
        }
    };
    shared.pending = Some(Pending {
        terraform: tf_texts,
        diagnostics: tf.diagnostics.clone(),
        templates: evaluated_templates,
    });
    timer.lap("evaluate Terraform");

    let mut resources: Vec<Resource> = before
        .project
        .resources
        .iter()
        .filter(|r| r.format == Format::CloudFormation && !edited.contains_key(&r.file))
        .cloned()
        .collect();
    for (resources_of, diagnostics_of) in templates {
        resources.extend(resources_of);
        diagnostics.extend(diagnostics_of);
    }
    let Evaluated { resources: mut tf_resources, diagnostics: mut tf_diagnostics, unevaluated } = tf;
    resources.append(&mut tf_resources);
    diagnostics.append(&mut tf_diagnostics);
    // What the first scan said of the files not edited still holds (parse warnings, unreadable files,
    // discovery); what is said again is deduplicated. The notices come first in every scan and are
    // added again.
    let edited_shown: HashSet<&str> = plan.files.iter().map(|f| f.display.as_str()).collect();
    let kept = before.project.diagnostics.iter().skip(options.notices.len());
    let mut earlier: Vec<Diagnostic> =
        kept.filter(|d| !edited_shown.contains(d.file.as_str())).cloned().collect();
    earlier.append(&mut diagnostics);

    let parsed = std::mem::take(&mut before.syntax);
    let read = Read {
        terraform: Terraform {
            files,
            parsed,
            evaluated: Evaluated { resources, diagnostics: Vec::new(), unevaluated },
            diagnostics: Vec::new(),
        },
        templates: Vec::new(),
        diagnostics: earlier,
        repos: Arc::clone(&shared.terraform.repos),
        budget,
    };
    let mut after = analyse(&options, policies.to_vec(), read, &None, &timer);
    before.syntax = std::mem::take(&mut after.syntax);
    Outcome::Scanned(Box::new(after), Lent(lent))
}

/// What a verifying scan holds of the first scan's files: the originals of those it edited; the
/// others are in its own files.
pub(super) struct Lent(Vec<(FileId, SourceFile)>);

/// Gives `before` its files back: moved from `after` when it is dropped next, copied when it is
/// kept (the result of the fix).
pub(super) fn give_back(before: &mut Scan, after: &mut Scan, lent: Lent, keep: bool, shared: &mut Shared) {
    if let (false, Some(pending)) = (keep, shared.pending.take()) {
        // What the next round may reuse, moved out of the scan it gives up.
        let mut tf = Vec::new();
        let mut by_template: HashMap<FileId, Vec<Resource>> = HashMap::default();
        let edited: HashSet<FileId> = pending.templates.iter().map(|(id, _, _)| *id).collect();
        for r in after.project.resources.drain(..) {
            if r.format == Format::Terraform {
                tf.push(r);
            } else if edited.contains(&r.file) {
                by_template.entry(r.file).or_default().push(r);
            }
        }
        let unevaluated = std::mem::take(&mut after.project.unevaluated);
        let evaluated = Evaluated { resources: tf, diagnostics: pending.diagnostics, unevaluated };
        shared.evaluated = Some((pending.terraform, evaluated));
        for (id, text, diagnostics) in pending.templates {
            shared.templates.insert(id, (text, by_template.remove(&id).unwrap_or_default(), diagnostics));
        }
    }
    before.project.files = if keep {
        after.project.files.iter().map(|f| copy(f, f.text.clone())).collect()
    } else {
        std::mem::take(&mut after.project.files)
    };
    for (id, original) in lent.0 {
        before.project.files[id] = original;
    }
}

fn copy(file: &SourceFile, text: String) -> SourceFile {
    let mut copy = SourceFile::new(file.display.clone(), file.path.clone(), text);
    copy.generated = file.generated;
    copy
}

/// An edited file read again.
enum Loaded {
    Terraform(Result<TerraformFile, Diagnostic>),
    Template(Template),
}

type Parsed = (
    Vec<(FileId, hcl_edit::structure::Body)>,
    Vec<(Vec<Resource>, Vec<Diagnostic>)>,
    Vec<(FileId, String, Vec<Diagnostic>)>,
    Vec<Diagnostic>,
    HashMap<String, String>,
);

/// The edited files parsed: Terraform trees, templates evaluated (or taken from an earlier round
/// that evaluated the same text), parse warnings, and the fixes whose file no longer parses.
fn parse_edited(
    before: &Scan,
    ids: &[FileId],
    edited: &HashMap<FileId, &str>,
    options: &ScanOptions,
    shared: &mut Shared,
    budget: &Budget,
) -> Parsed {
    let tf_count = before.syntax.len();
    let discovered = |id: FileId| {
        let file = &before.project.files[id];
        let kind = classify(&file.path).unwrap_or(FileKind::YamlCandidate);
        let root = file.path.parent().map(PathBuf::from).unwrap_or_default();
        Discovered { display: file.display.clone(), path: file.path.clone(), kind, root }
    };
    let mut refused = HashMap::default();
    let mut refuse = |file: FileId, reason: String| {
        for f in before.findings.iter().filter(|f| f.file == file) {
            refused.insert(f.fingerprint.clone(), reason.clone());
        }
    };
    let (mut trees, mut templates, mut diagnostics) = (Vec::new(), Vec::new(), Vec::new());
    let mut done = Vec::new();
    let mut to_load = Vec::new();
    for &id in ids {
        if id >= tf_count
            && let Some((text, resources, diagnostics)) = shared.templates.remove(&id)
            && text == edited[&id]
        {
            done.push((id, text, diagnostics.clone()));
            templates.push((resources, diagnostics));
        } else {
            to_load.push(id);
        }
    }
    // In parallel, on the threads that parse Terraform, as the first scan read them.
    let loaded: Vec<(FileId, Loaded)> = on_parse_threads(|| {
        to_load
            .par_iter()
            .map(|&id| {
                let d = discovered(id);
                if id < tf_count {
                    (id, Loaded::Terraform(load_terraform(&d, &options.overlay)))
                } else {
                    (id, Loaded::Template(load_template(&d, options, budget)))
                }
            })
            .collect()
    });
    for (id, loaded) in loaded {
        let template = match loaded {
            Loaded::Terraform(Ok(loaded)) => {
                diagnostics.extend(loaded.warnings);
                trees.push((id, loaded.body));
                continue;
            }
            Loaded::Terraform(Err(e)) => {
                refuse(id, format!("the fixed file would not parse: {}", e.message));
                continue;
            }
            Loaded::Template(template) => template,
        };
        match template {
            Template::Read(_, mut evaluated, _) => {
                // As `analyse` does once the file has its id.
                for r in &mut evaluated.resources {
                    r.file = id;
                    r.scope = id;
                    for input in &mut r.inputs {
                        if let Input::Text(at) = input {
                            at.file = id;
                        }
                    }
                }
                let text = edited[&id].to_string();
                done.push((id, text, evaluated.diagnostics.clone()));
                templates.push((evaluated.resources, evaluated.diagnostics));
            }
            Template::Failed(e) => refuse(id, format!("the fixed file would not parse: {}", e.message)),
            Template::Skip => refuse(id, "the fixed file would no longer be read as a template".into()),
        }
    }
    (trees, templates, done, diagnostics, refused)
}

/// The Terraform resources with the edited trees: the root modules that read an edited file are
/// evaluated again, with the module directories they call; the other roots' resources are the first
/// scan's. When the roots evaluated again are not exactly those (a cycle of module calls may choose
/// another root), every root is.
fn evaluate_terraform(
    before: &mut Scan,
    (files, trees): (&[SourceFile], Vec<(FileId, hcl_edit::structure::Body)>),
    changed: &HashSet<FileId>,
    base: Option<Evaluated>,
    options: &terraform::Options,
    budget: &Budget,
) -> Evaluated {
    // Each Terraform file's directory, numbered once: roots are compared for every resource.
    let mut dir_names: Vec<PathBuf> = Vec::new();
    let mut numbered: HashMap<PathBuf, usize> = HashMap::default();
    let mut dir_ids = Vec::with_capacity(files.len());
    for f in files {
        let dir = terraform::normalize_dir(f.path.parent().unwrap_or(Path::new("")));
        let next = dir_names.len();
        let id = *numbered.entry(dir.clone()).or_insert(next);
        if id == next {
            dir_names.push(dir);
        }
        dir_ids.push(id);
    }
    let dir_of = |id: FileId| dir_names[dir_ids[id]].clone();
    let root_of = |r: &Resource| dir_ids[r.module_calls.first().map_or(r.file, |c| c.file)];
    let tf = |r: &&Resource| r.format == Format::Terraform;
    // An edit reaches the roots of every resource of its module, and of every module it calls
    // (a tfvars line, a variable's default, a module call's argument).
    let changed_dirs: HashSet<usize> = changed.iter().map(|&id| dir_ids[id]).collect();
    let reached = |r: &&Resource| {
        changed_dirs.contains(&dir_ids[r.file])
            || r.module_calls.iter().any(|c| changed_dirs.contains(&dir_ids[c.file]))
    };
    let roots: HashSet<usize> =
        before.project.resources.iter().filter(tf).filter(reached).map(root_of).collect();
    let root_dirs: BTreeSet<PathBuf> = roots.iter().map(|&d| dir_names[d].clone()).collect();
    let dirs = closure(before, files, &root_dirs, &dir_of);

    // The first scan's trees, lent with the edited files' trees in their place.
    let mut all = std::mem::take(&mut before.syntax);
    let mut originals = Vec::with_capacity(trees.len());
    for (id, body) in trees {
        originals.push((id, std::mem::replace(&mut all[id].body, body)));
    }
    let (subset, rest): (Vec<_>, Vec<_>) =
        all.into_iter().partition(|p| dirs.contains(&dir_names[dir_ids[p.file]]));
    let mut evaluated = terraform::evaluate_within(files, &subset, options, budget);
    // Each root evaluated again gives at least the instances it gave (a fix adds resources, never
    // removes one), and no other root is evaluated.
    let again: HashSet<(&str, usize)> =
        evaluated.resources.iter().map(|r| (r.address.as_str(), root_of(r))).collect();
    let same_roots = again.iter().all(|(_, root)| roots.contains(root))
        && before.project.resources.iter().filter(tf).all(|r| {
            let root = root_of(r);
            !roots.contains(&root) || again.contains(&(r.address.as_str(), root))
        });
    drop(again);
    let mut all: Vec<terraform::ParsedFile> = subset.into_iter().chain(rest).collect();
    all.sort_by_key(|p| p.file);
    if !same_roots {
        evaluated = terraform::evaluate_within(files, &all, options, budget);
    }
    for (id, body) in originals {
        all[id].body = body;
    }
    before.syntax = all;
    if !same_roots {
        return evaluated;
    }
    // The other roots' resources, from the last evaluation.
    let (mut unevaluated, diagnostics) = if let Some(base) = base {
        let others = base.resources.into_iter().filter(|r| !roots.contains(&root_of(r)));
        evaluated.resources.extend(others);
        (base.unevaluated, base.diagnostics)
    } else {
        let others = before.project.resources.iter().filter(tf).filter(|r| !roots.contains(&root_of(r)));
        evaluated.resources.extend(others.cloned());
        (before.project.unevaluated.clone(), Vec::new())
    };
    evaluated.diagnostics.extend(diagnostics);
    unevaluated.append(&mut evaluated.unevaluated);
    unevaluated.sort();
    unevaluated.dedup_by(|a, b| a.at == b.at);
    evaluated.unevaluated = unevaluated;
    evaluated
}

/// The directories whose files the evaluation of `roots` reads: the roots, the local module
/// directories they call (and those call), and the module caches under them.
fn closure(
    before: &Scan,
    files: &[SourceFile],
    roots: &BTreeSet<PathBuf>,
    dir_of: &dyn Fn(FileId) -> PathBuf,
) -> HashSet<PathBuf> {
    let mut by_dir: HashMap<PathBuf, Vec<usize>> = HashMap::default();
    for (i, p) in before.syntax.iter().enumerate() {
        by_dir.entry(dir_of(p.file)).or_default().push(i);
    }
    // The directories inside a module cache, the few that the test below can match.
    let cached: Vec<&PathBuf> =
        by_dir.keys().filter(|d| d.components().any(|c| c.as_os_str() == ".terraform")).collect();
    let mut dirs: HashSet<PathBuf> = HashSet::default();
    let mut stack: Vec<PathBuf> = roots.iter().cloned().collect();
    while let Some(dir) = stack.pop() {
        if !dirs.insert(dir.clone()) {
            continue;
        }
        let cache = dir.join(".terraform");
        stack.extend(cached.iter().filter(|d| d.starts_with(&cache)).map(|d| (*d).clone()));
        let Some(indices) = by_dir.get(&dir) else { continue };
        for &i in indices {
            let parsed = std::slice::from_ref(&before.syntax[i]);
            stack.extend(
                terraform::called_dirs(files, parsed).into_iter().map(|d| terraform::normalize_dir(&d)),
            );
        }
    }
    dirs
}

/// Whether an edited template is read as a nested stack, or reads one: its resources are evaluated
/// with its parent's parameters, which only the whole pipeline passes.
fn nested(before: &Scan, edited: &HashMap<FileId, &str>) -> bool {
    before.project.resources.iter().any(|r| {
        r.format == Format::CloudFormation
            && !r.module_calls.is_empty()
            && (edited.contains_key(&r.file) || r.module_calls.iter().any(|c| edited.contains_key(&c.file)))
    })
}
