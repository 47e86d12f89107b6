//! Terraform plans in JSON, as `terraform show -json PLANFILE` writes them: the resources a plan
//! will create, update or keep, judged with the same policies as a source scan and located in the
//! source the plan was made from.
//!
//! Palisade never makes a plan and never runs Terraform: it reads a file the user names on the
//! command line (a directory walk never picks one up, so a scan does not report a root twice). The
//! plan's root module is read from the plan's directory (or `--plan-source`); each planned instance
//! is found there by its address (module path, resource, key), takes the spans, calling `module`
//! blocks and suppressions of the block it came from, and so reports at the same line, with the same
//! fingerprint, as a source scan. The plan's resources replace those of its root's evaluation. An
//! instance inside a module the scan did not evaluate points at the `module` block that calls it;
//! one that is not found at all, at its address in the plan file.

mod address;
mod config;
mod values;

use crate::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use self::address::{Address, module_prefix};
use self::config::Config;
use crate::diag::{DiagLevel, Diagnostic, Error};
use crate::discover::{Discovered, Discovery};
use crate::eval::Evaluated;
use crate::eval::terraform::{ParsedFile, module_block, module_dir_key};
use crate::model::{Location, Mode, Reference, Resource};
use crate::repo::{Symlinks, read_regular};
use crate::source::{FileId, Format, SourceFile, Span};
use crate::value::Value;

/// A plan file named on the command line, read.
#[derive(Debug)]
pub struct PlanInput {
    pub discovered: Discovered,
    pub text: String,
    /// The directory of the root module the plan was made from.
    pub source_dir: PathBuf,
}

/// Text of a file in the encodings `terraform show -json > plan.json` leaves: UTF-8 (with or without
/// a byte order mark), or UTF-16 with one, which PowerShell's redirection writes. `None` otherwise.
#[must_use]
pub fn decode(bytes: &[u8]) -> Option<String> {
    let utf16 = |rest: &[u8], unit: fn([u8; 2]) -> u16| -> Option<String> {
        if !rest.len().is_multiple_of(2) {
            return None;
        }
        char::decode_utf16(rest.chunks_exact(2).map(|c| unit([c[0], c[1]])))
            .collect::<Result<String, _>>()
            .ok()
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    let text = std::str::from_utf8(bytes).ok()?;
    Some(text.strip_prefix('\u{feff}').unwrap_or(text).to_string())
}

/// Whether a text is worth parsing as a plan: a JSON object that names the plan's parts.
#[must_use]
pub fn looks_like_plan(text: &str) -> bool {
    text.trim_start().starts_with('{')
        && text.contains("\"format_version\"")
        && (text.contains("\"planned_values\"") || text.contains("\"resource_changes\""))
}

/// Whether a parsed document is a plan: `format_version` and planned resources.
#[must_use]
pub fn is_plan(doc: &Value) -> bool {
    doc.get("format_version").and_then(Value::as_str).is_some()
        && (doc.get("planned_values").is_some() || doc.get("resource_changes").is_some())
}

/// The plans among the files named on the command line, read, and the rest of the discovered
/// files. `plan_source` (`--plan-source`) must be a directory inside the repository root.
///
/// # Errors
/// A `plan_source` that is not a directory inside the repository root.
pub fn named_plans(
    paths: &[PathBuf],
    discovery: &Discovery,
    plan_source: Option<&Path>,
    max_bytes: u64,
) -> Result<(Vec<PlanInput>, HashSet<PathBuf>), Error> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let absolute = |p: &Path| if p.is_absolute() { p.to_path_buf() } else { cwd.join(p) };
    let source = match plan_source {
        Some(dir) => {
            let refused = |why: &str| Error::Usage(format!("--plan-source {}: {why}", dir.display()));
            let canonical = dir.canonicalize().map_err(|e| refused(&e.to_string()))?;
            if !canonical.is_dir() {
                return Err(refused("is not a directory"));
            }
            if discovery.repos.rules_for(&canonical).is_none() {
                return Err(refused("is outside the repository root"));
            }
            Some(absolute(dir))
        }
        None => None,
    };
    let named: HashSet<PathBuf> = paths.iter().filter(|p| p.is_file()).map(|p| absolute(p)).collect();
    let mut plans = Vec::new();
    let mut taken = HashSet::default();
    for d in discovery.files.iter().filter(|d| named.contains(&d.path) && !d.kind.is_terraform()) {
        // Unreadable files are left to the template reader, which reports them.
        let Ok(bytes) = read_regular(&d.path, max_bytes, Symlinks::Follow) else { continue };
        let Some(text) = decode(&bytes).filter(|t| looks_like_plan(t)) else { continue };
        let source_dir =
            source.clone().unwrap_or_else(|| d.path.parent().map(Path::to_path_buf).unwrap_or_default());
        taken.insert(d.path.clone());
        plans.push(PlanInput { discovered: d.clone(), text, source_dir });
    }
    Ok((plans, taken))
}

/// The root module directory a resource of the source evaluation belongs to.
fn root_dir(files: &[SourceFile], r: &Resource) -> PathBuf {
    let file = r.module_calls.first().map_or(r.file, |c| c.file);
    files.get(file).map(|f| module_dir_key(f.path.parent().unwrap_or(Path::new("")))).unwrap_or_default()
}

/// Reads each plan into resource instances that replace its root module's evaluation. The plan files
/// join `files`; what went wrong is a diagnostic.
pub fn apply(
    files: &mut Vec<SourceFile>,
    parsed: &[ParsedFile],
    evaluated: &mut Evaluated,
    plans: Vec<PlanInput>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if plans.is_empty() {
        return;
    }
    let dirs: Vec<PathBuf> = plans.iter().map(|p| module_dir_key(&p.source_dir)).collect();
    let (taken, kept): (Vec<Resource>, Vec<Resource>) = std::mem::take(&mut evaluated.resources)
        .into_iter()
        .partition(|r| r.format == Format::Terraform && dirs.contains(&root_dir(files, r)));
    evaluated.resources = kept;
    for (plan, dir) in plans.into_iter().zip(dirs) {
        let id = files.len();
        let mut file = SourceFile::new(plan.discovered.display, plan.discovered.path, plan.text);
        file.generated = true;
        let doc = match crate::parse::json::parse(&file) {
            Ok(doc) if is_plan(&doc) => doc,
            Ok(_) => {
                let message = "not a Terraform plan: `format_version` or the planned resources are missing";
                diagnostics.push(Diagnostic::error(file.display.clone(), Some(1), None, message));
                continue;
            }
            Err(e) => {
                diagnostics.push(Diagnostic::at(DiagLevel::Error, &file, e.span, e.message));
                continue;
            }
        };
        let own: Vec<&Resource> = taken.iter().filter(|r| root_dir(files, r) == dir).collect();
        let source = Source::new(&own, files, parsed, dir);
        let mut built =
            Builder { plan: id, doc: &doc, config: Config::new(&doc), source: &source, out: Vec::new() };
        built.run(&file, diagnostics);
        let resources = built.out;
        evaluated.resources.extend(resources);
        files.push(file);
    }
}

/// The source evaluation of a plan's root module, indexed to find each planned instance.
struct Source<'a> {
    exact: HashMap<&'a str, &'a Resource>,
    /// By address without instance keys: a block whose `count` the source scan could not know.
    loose: HashMap<String, &'a Resource>,
    /// By module path without keys (`module.a.module.b.`): a resource evaluated in that module.
    in_module: HashMap<String, &'a Resource>,
    files: &'a [SourceFile],
    parsed: &'a [ParsedFile],
    dir: PathBuf,
}

impl<'a> Source<'a> {
    fn new(
        resources: &[&'a Resource],
        files: &'a [SourceFile],
        parsed: &'a [ParsedFile],
        dir: PathBuf,
    ) -> Self {
        let mut source = Source {
            exact: HashMap::default(),
            loose: HashMap::default(),
            in_module: HashMap::default(),
            files,
            parsed,
            dir,
        };
        for &r in resources {
            source.exact.entry(r.address.as_str()).or_insert(r);
            if let Some(a) = Address::parse(&r.address) {
                source.loose.entry(a.unkeyed()).or_insert(r);
                for depth in 1..=a.modules.len() {
                    source.in_module.entry(module_prefix(&a.modules[..depth], false)).or_insert(r);
                }
            }
        }
        source
    }

    /// Whether the source directory holds Terraform files the scan read.
    fn has_files(&self) -> bool {
        self.parsed.iter().any(|p| {
            self.files
                .get(p.file)
                .is_some_and(|f| module_dir_key(f.path.parent().unwrap_or(Path::new(""))) == self.dir)
        })
    }

    fn find(&self, address: &Address) -> Option<&'a Resource> {
        self.exact.get(address.canonical().as_str()).or_else(|| self.loose.get(&address.unkeyed())).copied()
    }

    /// The `module` block that calls the outermost module of `address` the source scan did not
    /// evaluate, with the calls that lead to it.
    fn module_call(&self, address: &Address) -> Option<(Vec<Location>, Span)> {
        for depth in (0..address.modules.len()).rev() {
            let prefix = module_prefix(&address.modules[..depth], false);
            let (calls, dir) = if depth == 0 {
                (Vec::new(), self.dir.clone())
            } else {
                let Some(r) = self.in_module.get(&prefix) else { continue };
                // The module's directory: that of the call it makes further down, else its own file.
                let file = r.module_calls.get(depth).map_or(r.file, |c| c.file);
                let dir = self.files.get(file)?.path.parent().map(module_dir_key).unwrap_or_default();
                (r.module_calls[..depth.min(r.module_calls.len())].to_vec(), dir)
            };
            let (file, span, head) = module_block(self.files, self.parsed, &dir, &address.modules[depth].0)?;
            let mut calls = calls;
            calls.push(Location { file, span });
            return Some((calls, head));
        }
        None
    }
}

/// One plan's instances, being built.
struct Builder<'a, 'd> {
    plan: FileId,
    doc: &'d Value,
    config: Config<'d>,
    source: &'a Source<'a>,
    out: Vec<Resource>,
}

/// One planned instance as the plan gives it.
struct Entry<'d> {
    /// The `address` string, where a finding on an instance found nowhere else points.
    at: Span,
    address: Address,
    after: Option<&'d Value>,
    unknown: Option<&'d Value>,
    sensitive: Option<&'d Value>,
    from_changes: bool,
}

impl<'d> Builder<'_, 'd> {
    fn run(&mut self, file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) {
        if let Some(version) = self.doc.get("format_version").and_then(Value::as_str)
            && !version.starts_with("0.")
            && !version.starts_with("1.")
        {
            let message = format!(
                "plan format_version {} is newer than Palisade knows (1.x); read as 1.x",
                crate::escape::quote(version)
            );
            diagnostics.push(Diagnostic::warning(file.display.clone(), Some(1), None, message));
        }
        let mut seen = HashSet::default();
        let mut unread = 0usize;
        let changes = self.doc.get("resource_changes").and_then(Value::as_list).unwrap_or_default();
        let mut entries = Vec::new();
        for change in changes {
            let Some(address) = change.get("address").filter(|a| a.as_str().is_some()) else {
                unread += 1;
                continue;
            };
            let Some(parsed) = address.as_str().and_then(Address::parse) else {
                unread += 1;
                continue;
            };
            let Some(body) = change.get("change") else { continue };
            let actions: Vec<&str> = body
                .get("actions")
                .and_then(Value::as_list)
                .map(|l| l.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            // Deposed objects and instances being deleted or forgotten will not exist.
            let exists = actions.iter().any(|a| matches!(*a, "create" | "update" | "no-op" | "read"));
            seen.insert(parsed.canonical());
            if !exists || change.get("deposed").is_some() {
                continue;
            }
            entries.push(Entry {
                at: address.span,
                address: parsed,
                after: body.get("after"),
                unknown: body.get("after_unknown"),
                sensitive: body.get("after_sensitive"),
                from_changes: true,
            });
        }
        // Instances the plan leaves unchanged may be listed only among the planned values.
        let mut stack: Vec<&Value> =
            self.doc.get("planned_values").and_then(|p| p.get("root_module")).into_iter().collect();
        while let Some(module) = stack.pop() {
            for r in module.get("resources").and_then(Value::as_list).unwrap_or_default() {
                let Some(address) = r.get("address").filter(|a| a.as_str().is_some()) else { continue };
                let Some(parsed) = address.as_str().and_then(Address::parse) else { continue };
                if seen.insert(parsed.canonical()) {
                    entries.push(Entry {
                        at: address.span,
                        address: parsed,
                        after: r.get("values"),
                        unknown: None,
                        sensitive: r.get("sensitive_values"),
                        from_changes: false,
                    });
                }
            }
            stack.extend(module.get("child_modules").and_then(Value::as_list).unwrap_or_default());
        }
        let mut located = 0usize;
        for entry in &entries {
            if self.instance(entry) {
                located += 1;
            }
        }
        if unread > 0 {
            let message =
                format!("{unread} planned resources have no address Palisade can read; not checked");
            diagnostics.push(Diagnostic::warning(file.display.clone(), Some(1), None, message));
        }
        let missing = entries.len() - located;
        if missing > 0 && self.source.has_files() {
            let cwd = std::env::current_dir().unwrap_or_default();
            let message = format!(
                "{missing} of {} planned resources were not found in the source ({}); their findings point at the plan",
                entries.len(),
                crate::discover::display_outside(&self.source.dir, &cwd)
            );
            diagnostics.push(Diagnostic::warning(file.display.clone(), Some(1), None, message));
        }
    }

    /// Builds one instance; whether it was located in the source.
    fn instance(&mut self, entry: &Entry<'d>) -> bool {
        let address = &entry.address;
        let canonical = address.canonical();
        let block = self.config.block(address);
        let found = self.source.find(address);
        let (file, span, head, module_calls, located) = match found {
            Some(r) => (r.file, r.span, r.head, r.module_calls.clone(), true),
            None => match self.source.module_call(address) {
                Some((calls, head)) => {
                    let last = calls.last().map_or((self.plan, entry.at), |c| (c.file, c.span));
                    (last.0, last.1, head, calls, true)
                }
                None => (self.plan, entry.at, entry.at, Vec::new(), false),
            },
        };
        let planned = values::Planned {
            after: entry.after,
            unknown: if entry.from_changes { entry.unknown } else { None },
            sensitive: entry.sensitive,
            written: Config::written(block),
            source: found.map(|r| &r.attrs),
            head,
            address: &canonical,
        };
        let attrs = values::attributes(&planned);
        let mut refs: Vec<Reference> = found.map(|r| r.refs.clone()).unwrap_or_default();
        if let Some(block) = block {
            for (via, target) in self.config.references(address, block) {
                // The source evaluation follows locals and knows instance keys: where it found
                // references through an attribute, those are the ones.
                if found.is_some_and(|r| r.refs.iter().any(|x| x.via == via)) || target == canonical {
                    continue;
                }
                refs.push(Reference { via, target, span: head });
            }
        }
        self.out.push(Resource {
            format: Format::Terraform,
            mode: if address.data { Mode::Data } else { Mode::Managed },
            rtype: address.rtype.clone(),
            address: canonical.clone(),
            file,
            scope: 0,
            span,
            head,
            attrs,
            refs,
            module_calls,
            assumptions: Vec::new(),
            // The plan knows every instance it makes.
            may_not_exist: None,
            parameter_defaults: Vec::new(),
            inputs: found.map(|r| r.inputs.clone()).unwrap_or_default(),
            span_files: found.map(|r| r.span_files.clone()).unwrap_or_default(),
            overrides: found.map(|r| r.overrides.clone()).unwrap_or_default(),
            plan: Some(self.plan),
            // Where the source says a caller decided a value, the plan's value was decided there.
            origins: found.map(|r| r.origins.clone()).unwrap_or_default(),
            user_call: found.and_then(|r| r.user_call.clone()),
        });
        located
    }
}

#[cfg(test)]
mod tests;
