//! Terraform: modules, variables, locals, expressions and functions, count and for_each.
//!
//! A directory is a module. Directories that no other scanned directory calls are root modules; the
//! others are evaluated only through the `module` blocks that call them, with the call's arguments.

pub mod cache;
mod env;
mod expand;
mod expr;
mod files;
mod functions;
mod merge;
mod module;
mod net;
mod policy_document;
mod providers;
mod strings;
mod template;
mod traverse;
mod types;
mod vars;
mod version;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_functions;
#[cfg(test)]
mod tests_json;
#[cfg(test)]
mod tests_modules;
#[cfg(test)]
mod tests_override;
#[cfg(test)]
mod tests_providers;
#[cfg(test)]
mod tests_types;

use crate::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use self::env::{ModuleEnv, Run};
use self::module::{Defs, ModuleDef, local_source_dir, normalize};
use super::Evaluated;
use crate::diag::{DiagLevel, Diagnostic};
use crate::eval::budget::Budget;
use crate::model::Resource;
use crate::parse::terraform_json::SpanMap;
use crate::source::{FileId, SourceFile, Span};
use crate::value::{Kind, Value};

/// Inputs that come from the command line or config rather than from the files.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--var-file` paths, in order.
    pub var_files: Vec<std::path::PathBuf>,
    /// `--var name=value`, in order.
    pub vars: Vec<(String, String)>,
    /// The repositories of the scan: `file()` and its kin read only what git would track in them.
    pub repos: std::sync::Arc<crate::discover::Repos>,
    /// The module caches `terraform init` left in the root modules (read by the pipeline).
    pub caches: std::sync::Arc<cache::Caches>,
    /// `--no-module-cache`: remote module calls are not resolved through the cache.
    pub no_module_cache: bool,
    /// Whether to leave out what each resource's evaluation read ([`Resource::inputs`]): only a
    /// pull-request scan asks, and recording it is a twentieth of a scan.
    pub without_inputs: bool,
}

/// A directory as evaluation names it: lexically normalised (`a/b/../c` is `a/c`).
#[must_use]
pub fn normalize_dir(dir: &Path) -> PathBuf {
    normalize(dir)
}

/// The directories that the `module` blocks of these files call with a local source (`./x`,
/// `../x`), as the evaluation resolves them.
#[must_use]
pub fn called_dirs(files: &[SourceFile], parsed: &[ParsedFile]) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for p in parsed {
        let Some(file) = files.get(p.file) else { continue };
        let dir = normalize(file.path.parent().unwrap_or(Path::new("")));
        for block in p.body.blocks().filter(|b| b.ident.as_str() == "module") {
            let source = block.body.get_attribute("source").and_then(|a| a.value.as_str());
            dirs.extend(source.and_then(|s| local_source_dir(&dir, s)));
        }
    }
    dirs
}

/// A parsed Terraform file.
#[derive(Debug)]
pub struct ParsedFile {
    pub file: FileId,
    pub body: hcl_edit::structure::Body,
    /// For files in JSON syntax, which are evaluated from a native-syntax rewrite: the way back to
    /// the JSON text.
    pub spans: Option<SpanMap>,
}

/// Evaluates every root module (directory) among the parsed files into resource instances.
#[must_use]
pub fn evaluate(files: &[SourceFile], parsed: &[ParsedFile], options: &Options) -> Evaluated {
    evaluate_within(files, parsed, options, &Budget::default())
}

/// [`evaluate`] within a budget shared with the rest of the scan.
#[must_use]
pub fn evaluate_within(
    files: &[SourceFile],
    parsed: &[ParsedFile],
    options: &Options,
    budget: &Budget,
) -> Evaluated {
    let mut diagnostics = Vec::new();
    let extra = read_var_files(files, parsed, options, &mut diagnostics);
    let var_files: Vec<(FileId, &hcl_edit::structure::Body)> = extra
        .iter()
        .filter_map(|(id, own)| {
            let body = own
                .as_ref()
                .map(|(body, _)| body)
                .or_else(|| parsed.iter().find(|p| p.file == *id).map(|p| &p.body))?;
            Some((*id, body))
        })
        .collect();
    let inputs = vars::Inputs { var_files, vars: &options.vars };
    let defs = collect(files, parsed, &mut diagnostics);
    let roots = roots(&defs, &options.caches);
    let mut span_maps: HashMap<FileId, &SpanMap> =
        parsed.iter().filter_map(|p| Some((p.file, p.spans.as_ref()?))).collect();
    for (id, own) in &extra {
        if let Some((_, Some(map))) = own {
            span_maps.insert(*id, map);
        }
    }

    let run_root = |dir: &PathBuf| -> Rooted {
        let Some(def) = defs.get(dir) else { return Rooted::default() };
        let mut run = Run::new(files, &defs, &options.repos, &span_maps, budget, &options.caches);
        run.record_inputs = !options.without_inputs;
        let mut resources = Vec::new();
        {
            let env = ModuleEnv::root(&run, def, &inputs);
            expand::resources(&env, &mut resources);
        }
        (resources, run.diags.into_inner(), run.unevaluated.into_inner())
    };
    // Evaluation recurses through expressions, locals and modules up to fixed depths: the parser's
    // threads have the large stacks that keep the deepest allowed nesting far from the limit, and
    // reusing them spares a pool of fresh threads, each of which the allocator gives a fresh heap.
    let results: Vec<Rooted> =
        crate::parse::terraform::on_parse_threads(|| roots.par_iter().map(run_root).collect());

    let mut resources = Vec::new();
    let mut unevaluated = Vec::new();
    for (mut r, mut d, mut u) in results {
        resources.append(&mut r);
        diagnostics.append(&mut d);
        unevaluated.append(&mut u);
    }
    // One entry per `module` block, however many instances of its module were evaluated.
    unevaluated.sort();
    unevaluated.dedup_by(|a, b| a.at == b.at);
    if !span_maps.is_empty() {
        for r in &mut resources {
            to_original_spans(r, &span_maps);
        }
    }
    // Instances of one block keep their generation order (count index, for_each key, module call).
    resources.sort_by_key(|r| (r.file, r.span.start));
    diagnostics.sort();
    diagnostics.dedup();
    Evaluated { resources, diagnostics, unevaluated }
}

/// What one root module evaluates to: resources, diagnostics, module calls not evaluated.
type Rooted = (Vec<Resource>, Vec<Diagnostic>, Vec<crate::model::UnevaluatedCall>);

/// A `--var-file` parsed here, with its span map when it is JSON syntax.
type OwnVarFile = (hcl_edit::structure::Body, Option<SpanMap>);

/// The `--var-file` files that are among the scanned files, with their body when it still has to be
/// parsed here (the scan never reads a file outside its root).
fn read_var_files(
    files: &[SourceFile],
    parsed: &[ParsedFile],
    options: &Options,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(FileId, Option<OwnVarFile>)> {
    let mut out = Vec::new();
    for path in &options.var_files {
        let want = normalize(path);
        // The same file may be named relative on one side and absolute on the other.
        let canonical = |p: &Path| std::fs::canonicalize(p).ok();
        let found = files.iter().position(|f| normalize(&f.path) == want).or_else(|| {
            let want = canonical(path)?;
            files.iter().position(|f| canonical(&f.path).as_ref() == Some(&want))
        });
        let Some(id) = found else {
            diagnostics.push(Diagnostic::error(
                path.display().to_string(),
                None,
                None,
                "var file is not among the scanned files; it was not read",
            ));
            continue;
        };
        if parsed.iter().any(|p| p.file == id) {
            out.push((id, None));
            continue;
        }
        let is_json = files[id].path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let parsed = if is_json {
            // Reading it as variables only: warnings about other content do not apply.
            crate::parse::terraform_json::parse(&files[id], true).map(|r| (r.body, Some(r.spans)))
        } else {
            crate::parse::terraform::parse(&files[id]).map(|body| (body, None))
        };
        match parsed {
            Ok(parsed) => out.push((id, Some(parsed))),
            Err(e) => diagnostics.push(Diagnostic::at(DiagLevel::Error, &files[id], e.span, e.message)),
        }
    }
    out
}

/// Spans of instances declared in (or called through) JSON-syntax files, carried back from the rewrite
/// to the JSON text. Every span of an instance points into its own file, which makes this one pass.
fn to_original_spans(resource: &mut Resource, maps: &HashMap<FileId, &SpanMap>) {
    fn walk(value: &mut Value, map: &SpanMap) {
        value.span = back(map, value.span);
        match &mut value.kind {
            Kind::List(items) => items.iter_mut().for_each(|v| walk(v, map)),
            Kind::Map(m) => {
                for (key, v) in &mut m.entries {
                    key.span = back(map, key.span);
                    walk(v, map);
                }
            }
            _ => {}
        }
    }
    // Spans moved into an override file's range are already in that file's own text.
    fn back(map: &SpanMap, span: Span) -> Span {
        if span.start >= merge::SHIFTED { span } else { map.span(span) }
    }
    for call in resource.module_calls.iter_mut().chain(&mut resource.user_call) {
        if let Some(map) = maps.get(&call.file) {
            call.span = map.span(call.span);
        }
    }
    let Some(map) = maps.get(&resource.file) else { return };
    resource.span = map.span(resource.span);
    resource.head = map.span(resource.head);
    walk(&mut resource.attrs, map);
    for reference in &mut resource.refs {
        reference.span = back(map, reference.span);
    }
    for (span, _) in &mut resource.origins {
        *span = back(map, *span);
    }
}

/// Each directory's declarations; tfvars files are kept apart, in Terraform's load order. Directories
/// are independent of each other, so they are read in parallel; within one, files keep their order.
/// Override files are merged last, in file-name order; a block of theirs that overrides nothing is
/// reported in `diagnostics`.
fn collect<'a>(
    files: &[SourceFile],
    parsed: &'a [ParsedFile],
    diagnostics: &mut Vec<Diagnostic>,
) -> Defs<'a> {
    let mut by_dir: HashMap<PathBuf, Vec<&'a ParsedFile>> = HashMap::default();
    for p in parsed {
        let Some(file) = files.get(p.file) else { continue };
        by_dir.entry(normalize(file.path.parent().unwrap_or(Path::new("")))).or_default().push(p);
    }
    let name_of = |id: FileId| files[id].path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let collected: Vec<(PathBuf, ModuleDef<'a>, Vec<Diagnostic>)> = by_dir
        .into_par_iter()
        .map(|(dir, members)| {
            let mut def = ModuleDef { dir: dir.clone(), ..ModuleDef::default() };
            let mut overrides = Vec::new();
            let mut diags = Vec::new();
            // OpenTofu loads `x.tofu` instead of `x.tf` when both are in a directory. Terraform does
            // the opposite (it never reads `.tofu`), so the file left out is named: a pull request
            // adding a clean `main.tofu` must not silently hide what Terraform deploys.
            let names: HashMap<String, String> = members
                .iter()
                .map(|p| (name_of(p.file).to_ascii_lowercase(), name_of(p.file).into_owned()))
                .collect();
            for p in members {
                let name = name_of(p.file);
                let lower = name.to_ascii_lowercase();
                if let Some(twin) = merge::tofu_twin(&lower).and_then(|twin| names.get(&twin)) {
                    let message = format!(
                        "not evaluated: OpenTofu reads {} instead (Terraform would read this file and ignore that one)",
                        crate::escape::quote(twin)
                    );
                    diags.push(Diagnostic::warning(files[p.file].display.clone(), None, None, message));
                    continue;
                }
                if let Some(stem) = lower.strip_suffix(".json").unwrap_or(&lower).strip_suffix(".tfvars") {
                    if stem == "terraform" || stem.rsplit_once('.').is_some_and(|(_, ext)| ext == "auto") {
                        def.tfvars.push((p.file, &p.body));
                    }
                } else if merge::is_override_file(&name) {
                    overrides.push(p);
                } else {
                    def.add_file(p.file, &p.body);
                }
            }
            overrides.sort_by_key(|p| name_of(p.file));
            for p in overrides {
                let file = &files[p.file];
                let mut warn = |span: Span, message: String| {
                    let span = p.spans.as_ref().map_or(span, |m| m.span(span));
                    diags.push(Diagnostic::at(DiagLevel::Warning, file, span, message));
                };
                def.add_override(p.file, file.text.len(), &p.body, &mut warn);
            }
            // terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars(.json) by name: later files
            // override earlier ones.
            def.tfvars.sort_by_key(|(id, _)| {
                let name =
                    files[*id].path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                (!name.starts_with("terraform.tfvars"), name)
            });
            (dir, def, diags)
        })
        .collect();
    let mut defs = crate::collections::map_with_capacity(collected.len());
    for (dir, def, mut diags) in collected {
        diagnostics.append(&mut diags);
        defs.insert(dir, def);
    }
    defs
}

/// Directories no other scanned directory calls; a group of directories that only call each other
/// gets its first member as a root, so that nothing is silently skipped. A module cache is never a
/// root: its modules are evaluated through the calls `terraform init` downloaded them for, or not.
fn roots(defs: &Defs<'_>, caches: &cache::Caches) -> Vec<PathBuf> {
    let edges = |dir: &PathBuf| -> Vec<PathBuf> {
        defs.get(dir)
            .map(|d| {
                d.calls
                    .iter()
                    .filter_map(|c| c.source.as_deref().and_then(|s| local_source_dir(dir, s)))
                    .filter(|t| t != dir && defs.contains_key(t))
                    .collect()
            })
            .unwrap_or_default()
    };
    // Sorted, so that roots (and the first member of a cycle) do not depend on hashing.
    let mut dirs: Vec<&PathBuf> = defs.keys().filter(|d| !caches.holds(d)).collect();
    dirs.sort_unstable();
    let called: HashSet<PathBuf> = dirs.iter().flat_map(|d| edges(d)).collect();
    let mut roots: Vec<PathBuf> =
        dirs.iter().filter(|d| !called.contains(**d)).map(|d| (*d).clone()).collect();
    let mut reached: HashSet<PathBuf> = HashSet::default();
    let mut stack: Vec<PathBuf> = roots.clone();
    let mut candidates = dirs.into_iter();
    loop {
        while let Some(dir) = stack.pop() {
            if reached.insert(dir.clone()) {
                stack.extend(edges(&dir));
            }
        }
        match candidates.by_ref().find(|d| !reached.contains(*d)) {
            Some(dir) => {
                roots.push(dir.clone());
                stack.push(dir.clone());
            }
            None => break,
        }
    }
    roots.sort();
    roots
}

/// The `module "name"` block among the files of the module directory `dir` (as [`normalize`]
/// writes it): its file, whole block and declaration, in the file's own text. What a plan's resource
/// inside a module the scan did not evaluate is located at.
#[must_use]
pub fn module_block(
    files: &[SourceFile],
    parsed: &[ParsedFile],
    dir: &Path,
    name: &str,
) -> Option<(FileId, Span, Span)> {
    parsed.iter().find_map(|p| {
        let file = files.get(p.file)?;
        if normalize(file.path.parent().unwrap_or(Path::new(""))) != dir {
            return None;
        }
        let block = p
            .body
            .blocks()
            .find(|b| b.ident.as_str() == "module" && b.labels.first().is_some_and(|l| l.as_str() == name))?;
        let back = |span: Span| p.spans.as_ref().map_or(span, |m| m.span(span));
        Some((p.file, back(module::span_of(block)), back(module::head_span(block))))
    })
}

/// A directory as the evaluation keys modules by: `.` and `..` resolved without the file system.
#[must_use]
pub fn module_dir_key(dir: &Path) -> PathBuf {
    normalize(dir)
}
