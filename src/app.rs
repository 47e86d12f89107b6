//! The pipeline, end to end: discover → read and parse (parallel) → evaluate → graph → policies
//! (parallel) → sorted findings → suppressions and baseline → diff scope.

mod fix;
mod nested;

pub use fix::{FixRun, fix, fix_with_policies, write as write_fixes};

use crate::collections::HashSet;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{DiagLevel, Diagnostic, Error};
use crate::discover::{Discovered, Discovery, FileKind};
use crate::eval::{cloudformation, terraform};
use crate::graph::Graph;
use crate::model::Project;
use crate::parse::terraform_json::SpanMap;
use crate::policy::engine::{Ctx, Settings};
use crate::policy::{Policy, Severity, catalog};
use crate::repo::{ReadError, Symlinks, read_regular};
pub use crate::scan::Scan;
use crate::source::{SourceFile, Span};

/// Files larger than this are refused with an error: above GitHub's 100 MiB limit on a pushed file,
/// so that no file a repository can hold is dropped, while parsing one (about 25 bytes of syntax tree
/// per byte of HCL) stays within a few gigabytes.
pub const MAX_FILE_BYTES: u64 = 128 * 1024 * 1024;

#[derive(Clone, Debug, Default)]
pub struct ScanOptions {
    pub paths: Vec<PathBuf>,
    pub exclude: Vec<String>,
    pub policy_dirs: Vec<PathBuf>,
    pub only: Vec<String>,
    pub skip: Vec<String>,
    pub terraform: terraform::Options,
    pub cfn_parameters: cloudformation::Parameters,
    /// The file `cfn_parameters` came from: a pull request that changes it changes every template
    /// that declares parameters.
    pub cfn_parameters_file: Option<PathBuf>,
    pub settings: Settings,
    /// Severity overrides by policy id or alias; they apply to findings and to SARIF rules.
    pub severity: BTreeMap<String, Severity>,
    pub suppress: crate::suppress::Options,
    /// Custom policies already read (path as shown, text): those the configuration names.
    pub policy_files: Vec<(String, String)>,
    /// A baseline whose findings are accepted (suppressed as `external`).
    pub baseline: Option<crate::suppress::baseline::Loaded>,
    /// Warnings about the scan's own configuration (a pull request changing it), reported first.
    pub notices: Vec<Diagnostic>,
    /// Report only findings on resources changed since this git revision.
    pub diff_base: Option<String>,
    /// Where `.palisade.yml` names each policy id it uses (`file:line:column`), for error messages.
    pub id_locations: BTreeMap<String, String>,
    /// Terraform variable files the configuration names (before `terraform.var_files`, which the
    /// command line names): they are read only where `file()` may read, inside the repository.
    pub config_var_files: Vec<PathBuf>,
    /// The root module directory the Terraform plans named among `paths` were made from (default:
    /// each plan's own directory).
    pub plan_source: Option<PathBuf>,
    /// Texts that stand in for files on disk, by the path discovery gives them: `palisade fix`
    /// scans its edits in memory before it writes any of them.
    pub overlay: Overlay,
    /// Keep each template's parsed document in the scan ([`Scan::documents`]): `palisade fix` edits
    /// templates by their parse, which it then need not make again.
    pub keep_templates: bool,
}

/// Replacement texts for files, by path.
pub type Overlay = Arc<BTreeMap<PathBuf, String>>;

/// The policies a scan runs: built-in plus custom, filtered by `only` and `skip` (ids or aliases).
pub fn policies(options: &ScanOptions) -> Result<Vec<Policy>, Error> {
    let mut all = catalog::builtin()?;
    all.extend(catalog::from_texts(&options.policy_files)?);
    for dir in &options.policy_dirs {
        all.extend(catalog::from_dir(dir)?);
    }
    catalog::check_unique(&all)?;
    let named = |p: &Policy, ids: &[String]| ids.iter().any(|id| *id == p.id || p.aliases.contains(id));
    for id in options.only.iter().chain(&options.skip).chain(options.severity.keys()) {
        if !all.iter().any(|p| named(p, std::slice::from_ref(id))) {
            let origin = options.id_locations.get(id).map(|at| format!("{at}: ")).unwrap_or_default();
            return Err(Error::Usage(format!("{origin}unknown policy id `{id}` (see `palisade rules`)")));
        }
    }
    all.retain(|p| (options.only.is_empty() || named(p, &options.only)) && !named(p, &options.skip));
    all.sort_by(|a, b| a.id.cmp(&b.id));
    for policy in &mut all {
        let chosen = options.severity.iter().find(|(id, _)| named(policy, std::slice::from_ref(id)));
        if let Some((_, &severity)) = chosen {
            let (low, high) = severity.score_band();
            policy.severity = severity;
            if !(low..=high).contains(&policy.score) {
                policy.score = severity.default_score();
            }
        }
    }
    Ok(all)
}

/// Runs a whole scan.
///
/// The whole scan runs on the parser's threads (`parse::terraform::on_parse_threads`), which
/// Terraform's parsing and evaluation need: on one set of threads, memory one stage frees is reused
/// by the next, where a second pool's threads would take fresh memory of their own (peak memory on
/// the corpus fell from about 210 MB to 200 MB).
pub fn scan(options: &ScanOptions) -> Result<Scan, Error> {
    crate::parse::terraform::on_parse_threads(|| scan_here(options))
}

fn scan_here(options: &ScanOptions) -> Result<Scan, Error> {
    let timer = PhaseTimer::from_env();
    // The catalogue is parsed while the files are: it is independent of them, and parsing 190 policy
    // files alone would keep a core busy in front of the scan. Its errors still come first.
    let (policies, read) = rayon::join(
        || policies(options),
        || Ok::<_, Error>((diff_changes(options)?, read_and_parse(options)?)),
    );
    timer.lap("policy catalogue | discover, read, parse, evaluate");
    let policies = policies?;
    let (changes, read) = read?;
    Ok(analyse(options, policies, read, &changes, &timer))
}

/// Runs a whole scan with policies already loaded (and filtered): callers scanning many small inputs
/// load the catalogue once.
pub fn scan_with_policies(options: &ScanOptions, policies: Vec<Policy>) -> Result<Scan, Error> {
    crate::parse::terraform::on_parse_threads(|| scan_with_policies_here(options, policies))
}

fn scan_with_policies_here(options: &ScanOptions, policies: Vec<Policy>) -> Result<Scan, Error> {
    let changes = diff_changes(options)?;
    let timer = PhaseTimer::from_env();
    let loaded = read_and_parse(options)?;
    timer.lap("discover, read, parse, evaluate");
    Ok(analyse(options, policies, loaded, &changes, &timer))
}

type Changes<'a> = Option<(&'a String, crate::diff::git::Changes)>;

/// Git first: a bad revision or a missing repository should fail before the work, not after.
fn diff_changes(options: &ScanOptions) -> Result<Changes<'_>, Error> {
    Ok(match &options.diff_base {
        Some(base) => Some((base, crate::diff::git::changes(base, &options.paths)?)),
        None => None,
    })
}

/// Every file read, parsed and evaluated: Terraform files first, then CloudFormation templates, each
/// in discovery order.
struct Read {
    terraform: Terraform,
    templates: Vec<Template>,
    diagnostics: Vec<Diagnostic>,
    /// For nested stacks, which are read once every template is.
    repos: Arc<crate::discover::Repos>,
    budget: crate::eval::budget::Budget,
}

/// The Terraform files that parsed (their file ids count from 0), their trees and what they evaluate to.
struct Terraform {
    files: Vec<SourceFile>,
    parsed: Vec<terraform::ParsedFile>,
    evaluated: crate::eval::Evaluated,
    diagnostics: Vec<Diagnostic>,
}

fn read_and_parse(options: &ScanOptions) -> Result<Read, Error> {
    let discovery = crate::discover::Discovery::run(&options.paths, &options.exclude)?;
    let named = var_files(options, &discovery)?;
    let (plans, plan_paths) =
        crate::plan::named_plans(&options.paths, &discovery, options.plan_source.as_deref(), MAX_FILE_BYTES)?;
    let (mut tf, other): (Vec<&Discovered>, Vec<&Discovered>) =
        discovery.files.iter().filter(|d| !plan_paths.contains(&d.path)).partition(|d| d.kind.is_terraform());
    tf.extend(&named);
    // Terraform's files are parsed first, on every core: its evaluation needs every module's files,
    // and its roots are too few and too uneven to keep the cores busy alone. The templates are read
    // while it runs, filling the cores it leaves idle. (Reading both at once made parsing, and so
    // evaluation, finish last.) One budget for everything evaluation builds, whichever thread
    // builds it.
    let budget = crate::eval::budget::Budget::default();
    let parsed = read_terraform(&tf, &plans, &discovery, options);
    let (terraform, templates) = rayon::join(
        || evaluate_terraform(parsed, plans, &discovery, options, &budget),
        || other.par_iter().map(|d| load_template(d, options, &budget)).collect(),
    );
    Ok(Read { terraform, templates, diagnostics: discovery.diagnostics, repos: discovery.repos, budget })
}

/// Reads and parses the Terraform files, the plans' root modules, the module caches and every module
/// a `module` block calls.
fn read_terraform(
    discovered: &[&Discovered],
    plans: &[crate::plan::PlanInput],
    discovery: &Discovery,
    options: &ScanOptions,
) -> (Terraform, terraform::cache::Caches) {
    let mut tf = Terraform {
        files: Vec::with_capacity(discovered.len()),
        parsed: Vec::with_capacity(discovered.len()),
        evaluated: crate::eval::Evaluated::default(),
        diagnostics: Vec::new(),
    };
    tf.load(discovered, &options.overlay);
    // A plan's root module is read to locate its resources, when the walk did not read it.
    for plan in plans {
        let (found, mut warnings) = discovery.module_dir(&plan.source_dir);
        tf.diagnostics.append(&mut warnings);
        tf.load(&found.iter().collect::<Vec<_>>(), &options.overlay);
    }
    let mut looked: HashSet<PathBuf> = HashSet::default();
    let caches = if options.terraform.no_module_cache {
        terraform::cache::Caches { disabled: true, ..Default::default() }
    } else {
        tf.read_caches(discovery, &mut looked, &options.overlay)
    };
    // Modules the walk did not read (in hidden directories, or outside the scan paths but inside the
    // repository root) are read once a `module` block calls them, and the modules they call in turn.
    // Each directory is looked at once. One inside a module cache is read as the cache is.
    let mut from = 0;
    loop {
        let called = terraform::called_dirs(&tf.files, &tf.parsed[from..]);
        from = tf.parsed.len();
        let mut batch = Vec::new();
        for dir in called {
            if looked.insert(dir.clone()) {
                let cache_root =
                    caches.manifests.keys().find(|root| dir.starts_with(root.join(".terraform")));
                let (mut found, mut warnings) = match cache_root {
                    Some(root) => discovery.cached_module_dir(root, &dir),
                    None => discovery.module_dir(&dir),
                };
                batch.append(&mut found);
                tf.diagnostics.append(&mut warnings);
            }
        }
        if batch.is_empty() {
            break;
        }
        tf.load(&batch.iter().collect::<Vec<_>>(), &options.overlay);
    }
    (tf, caches)
}

fn evaluate_terraform(
    (mut tf, caches): (Terraform, terraform::cache::Caches),
    plans: Vec<crate::plan::PlanInput>,
    discovery: &Discovery,
    options: &ScanOptions,
    budget: &crate::eval::budget::Budget,
) -> Terraform {
    let var_files = options.config_var_files.iter().chain(&options.terraform.var_files).cloned().collect();
    let tf_options = terraform::Options {
        repos: Arc::clone(&discovery.repos),
        var_files,
        caches: Arc::new(caches),
        without_inputs: options.diff_base.is_none(),
        ..options.terraform.clone()
    };
    tf.evaluated = terraform::evaluate_within(&tf.files, &tf.parsed, &tf_options, budget);
    crate::plan::apply(&mut tf.files, &tf.parsed, &mut tf.evaluated, plans, &mut tf.diagnostics);
    tf
}

/// The var files the walk did not find, to be read with the Terraform files. One named on the command
/// line is the user's choice and is read wherever it is (git-ignored, outside the scan paths or the
/// repository); one the configuration names is read only where `file()` may read. Either must be a
/// readable regular file: one that is not fails the scan, since the values it holds would be missing.
fn var_files(options: &ScanOptions, discovery: &Discovery) -> Result<Vec<Discovered>, Error> {
    let configured = options.config_var_files.iter().map(|p| ("var_files", p));
    let named = options.terraform.var_files.iter().map(|p| ("--var-file", p));
    let mut out = Vec::new();
    for (origin, path) in configured.chain(named) {
        let refused = |why: String| Error::Usage(format!("{origin}: {}: {why}", path.display()));
        if origin == "var_files" {
            let canonical = path.canonicalize().map_err(|e| refused(ReadError::Io(e).to_string()))?;
            match discovery.repos.admits(&canonical, None) {
                // Configuration names a file outside the repository only when the user named that
                // configuration on the command line and it lies outside too (`config::Sources`).
                Ok(()) | Err(crate::discover::Refusal::Outside) => {}
                Err(refusal) => return Err(refused(refusal.to_string())),
            }
        }
        let bytes =
            read_regular(path, MAX_FILE_BYTES, Symlinks::Follow).map_err(|e| refused(e.to_string()))?;
        if let Err(e) = std::str::from_utf8(&bytes) {
            return Err(refused(format!("is not valid UTF-8 (at byte {})", e.valid_up_to())));
        }
        let json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let kind = if json { FileKind::TerraformVarsJson } else { FileKind::TerraformVars };
        if let Some(found) = discovery.named(path, kind)
            && !out.iter().any(|d: &Discovered| d.path == found.path)
        {
            out.push(found);
        }
    }
    Ok(out)
}

impl Terraform {
    /// Reads the module caches of the directories of the files read so far (see
    /// [`Discovery::module_caches`]) and the modules they hold; those directories are then `looked` at.
    fn read_caches(
        &mut self,
        discovery: &Discovery,
        looked: &mut HashSet<PathBuf>,
        overlay: &Overlay,
    ) -> terraform::cache::Caches {
        let dirs = self.files.iter().filter_map(|f| f.path.parent()).map(terraform::normalize_dir);
        let (caches, batch, mut diagnostics) = discovery.module_caches(dirs, looked);
        self.diagnostics.append(&mut diagnostics);
        self.load(&batch.iter().collect::<Vec<_>>(), overlay);
        caches
    }

    /// Reads and parses files in parallel, giving them the next file ids in order.
    fn load(&mut self, batch: &[&Discovered], overlay: &Overlay) {
        // On the parser's own threads: a file at a time handed from another pool would cost a
        // cross-pool wait per file.
        let loaded: Vec<Result<TerraformFile, Diagnostic>> =
            crate::parse::terraform::on_parse_threads(|| {
                batch.par_iter().map(|d| load_terraform(d, overlay)).collect()
            });
        for item in loaded {
            match item {
                Ok(TerraformFile { file, body, spans, mut warnings }) => {
                    self.diagnostics.append(&mut warnings);
                    self.parsed.push(terraform::ParsedFile { file: self.files.len(), body, spans });
                    self.files.push(file);
                }
                Err(d) => self.diagnostics.push(d),
            }
        }
    }
}

fn analyse(
    options: &ScanOptions,
    policies: Vec<Policy>,
    read: Read,
    changes: &Changes<'_>,
    timer: &PhaseTimer,
) -> Scan {
    let Read { terraform, templates, mut diagnostics, repos, budget } = read;
    let Terraform { files, parsed: tf_parsed, evaluated: tf, diagnostics: mut tf_diagnostics } = terraform;
    diagnostics.append(&mut tf_diagnostics);
    // Sized up front: fresh memory is slow to touch, and growing by doubling touches it twice over.
    let mut project = Project { files, ..Project::default() };
    project.files.reserve_exact(templates.len());
    let mut evaluated = Vec::with_capacity(templates.len());
    let mut documents = Vec::new();
    for item in templates {
        match item {
            Template::Skip => {}
            Template::Failed(d) => diagnostics.push(d),
            Template::Read(file, mut template, document) => {
                // File ids are known only now, once every file before this one was read or skipped.
                let id = project.files.len();
                for r in &mut template.resources {
                    r.file = id;
                    r.scope = id;
                    // The declarations the resource read are in its template.
                    for input in &mut r.inputs {
                        if let crate::model::Input::Text(at) = input {
                            at.file = id;
                        }
                    }
                }
                evaluated.push((id, template));
                if let Some(document) = document {
                    documents.push((id, document));
                }
                project.files.push(file);
            }
        }
    }
    let (evaluated, mut nesting) = nested::expand(evaluated, &mut project.files, &repos, &budget);
    diagnostics.append(&mut nesting);
    let evaluated: Vec<crate::eval::Evaluated> = evaluated.into_iter().map(|(_, e)| e).collect();
    let count = evaluated.iter().map(|e| e.resources.len()).sum::<usize>() + tf.resources.len();
    project.resources.reserve_exact(count);
    for evaluated in evaluated.into_iter().chain(std::iter::once(tf)) {
        project.resources.extend(evaluated.resources);
        diagnostics.extend(evaluated.diagnostics);
        project.unevaluated.extend(evaluated.unevaluated);
    }
    assign_scopes(&mut project);
    let graph = Graph::build(&project);
    timer.lap("graph");
    diagnostics.extend_from_slice(graph.diagnostics());
    diagnostics.sort();
    diagnostics.dedup();
    project.diagnostics = diagnostics;

    let ctx = Ctx::new(&project, &graph, &options.settings);
    let (findings, unknowns) = crate::policy::engine::run(&ctx, &policies);
    timer.lap("policies");
    let mut scan = Scan { project, policies, findings, unknowns, diff: None, syntax: tf_parsed, documents };

    crate::suppress::apply(&mut scan, &options.suppress);
    if let Some(loaded) = &options.baseline {
        crate::suppress::baseline::apply(&mut scan, &loaded.baseline, &loaded.display);
    }
    if let Some((base, changes)) = changes {
        crate::diff::restrict(&mut scan, base, changes);
        if let Some(diff) = &mut scan.diff {
            diff.configuration = options.notices.iter().map(|d| d.file.clone()).collect();
        }
    }
    // First in every report: a reader must know the pull request tried to change the rules.
    scan.project.diagnostics.splice(0..0, options.notices.iter().cloned());
    timer.lap("suppressions, baseline");
    scan
}

/// A path as reports show it: `/`-separated, relative to the current directory when under it.
#[must_use]
pub fn display_path(path: &Path) -> String {
    let relative =
        std::env::current_dir().ok().and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    let path = relative.unwrap_or_else(|| path.to_path_buf());
    // `./baseline.json` (a config file in `.` names `baseline.json`) reads as `baseline.json`.
    let parts: Vec<String> = path
        .components()
        .filter(|c| *c != std::path::Component::CurDir)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/").replace("//", "/")
}

/// References resolve within one CloudFormation template (one nested stack instance: the template
/// and the address of its stack), or within one Terraform root module: the directory of the
/// outermost `module` call, or of the resource itself when it is not in a module.
fn assign_scopes(project: &mut Project) {
    #[derive(PartialEq, Eq, Hash)]
    enum Key {
        /// The root module's directory, and the plan it was read from.
        Dir(Option<usize>, PathBuf),
        /// The template, the template of the outermost stack, and the stack's address.
        Stack(usize, usize, String),
    }
    // A map, not a list search: with 500 root directories and 100k resources the search was a quarter
    // of the scan's time. Indices are still given in first-seen order.
    // A plan is a scope of its own: two plans of one root are two deployments.
    let mut scopes: crate::collections::HashMap<Key, usize> = crate::collections::HashMap::default();
    let files = project.files.len();
    for r in &mut project.resources {
        let key = match r.format {
            crate::source::Format::CloudFormation => match r.address.rsplit_once('/') {
                // Logical ids are alphanumeric: a `/` is the one a nested stack's address adds.
                Some((stack, _)) if let Some(root) = r.module_calls.first() => {
                    Key::Stack(r.file, root.file, stack.to_string())
                }
                _ => {
                    r.scope = r.file;
                    continue;
                }
            },
            crate::source::Format::Terraform => {
                let root_file = r.module_calls.first().map_or(r.file, |call| call.file);
                let dir = match r.plan {
                    Some(_) => PathBuf::new(),
                    None => project.files[root_file].path.parent().map(Path::to_path_buf).unwrap_or_default(),
                };
                Key::Dir(r.plan, dir)
            }
        };
        let next = scopes.len();
        r.scope = files + *scopes.entry(key).or_insert(next);
    }
}

/// A Terraform file; JSON syntax comes with its span map and the parts of it that were skipped.
struct TerraformFile {
    file: SourceFile,
    body: hcl_edit::structure::Body,
    spans: Option<SpanMap>,
    warnings: Vec<Diagnostic>,
}

enum Template {
    Skip,
    Failed(Diagnostic),
    /// Evaluated where it was parsed, so that its value tree is freed at once rather than held until
    /// every file is read. Resource file ids are placeholders until the file gets its id.
    Read(SourceFile, crate::eval::Evaluated, Option<crate::value::Value>),
}

fn parse_failure(file: &SourceFile, e: crate::diag::ParseError) -> Diagnostic {
    Diagnostic::at(DiagLevel::Error, file, e.span, e.message)
}

/// Reads and parses one Terraform file (either syntax); one that cannot be read is an error.
fn load_terraform(d: &Discovered, overlay: &Overlay) -> Result<TerraformFile, Diagnostic> {
    let text = read_text(&d.path, overlay).map_err(|e| refused(d, e.message()))?;
    let file = SourceFile::new(d.display.clone(), d.path.clone(), text);
    if !matches!(d.kind, FileKind::TerraformJson | FileKind::TerraformVarsJson) {
        return match crate::parse::terraform::parse_with_warnings(&file) {
            Ok(r) => {
                let warnings = located(&file, r.warnings);
                Ok(TerraformFile { file, body: r.body, spans: None, warnings })
            }
            Err(e) => Err(parse_failure(&file, e)),
        };
    }
    match crate::parse::terraform_json::parse(&file, d.kind == FileKind::TerraformVarsJson) {
        Ok(r) => {
            let warnings = located(&file, r.warnings);
            Ok(TerraformFile { file, body: r.body, spans: Some(r.spans), warnings })
        }
        Err(e) => Err(parse_failure(&file, e)),
    }
}

/// Warnings from a parser, at their place in `file`.
fn located(file: &SourceFile, warnings: Vec<(Span, String)>) -> Vec<Diagnostic> {
    warnings
        .into_iter()
        .map(|(span, message)| Diagnostic::at(DiagLevel::Warning, file, span, message))
        .collect()
}

/// Reads, parses and evaluates one JSON or YAML file. Files that merely share an extension with
/// templates (package.json, Kubernetes YAML) are skipped silently; a broken file that looks like a
/// template ([`cloudformation::looks_like_template`]) is a located error.
fn load_template(d: &Discovered, options: &ScanOptions, budget: &crate::eval::budget::Budget) -> Template {
    let text = match read_text(&d.path, &options.overlay) {
        Ok(text) => text,
        // A non-UTF-8 .json or .yaml is not infrastructure code we know.
        Err(Unread::NotUtf8(_)) => return Template::Skip,
        // One that was not read at all may be: it must not pass `--strict` unseen.
        Err(e @ Unread::Refused(_)) => return Template::Failed(refused(d, e.message())),
    };
    let file = SourceFile::new(d.display.clone(), d.path.clone(), text);
    let yaml = file
        .path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    // `looks` decides whether a file that does not parse is reported; a file that parses is a
    // template when its document says so, which may also hold for one that does not look like it.
    let looks = cloudformation::looks_like_template(&file.text, yaml);
    let weak = file.text.contains("Resources") && file.text.contains("AWS::");
    if !looks && !weak {
        return Template::Skip;
    }
    match crate::parse::template(&file) {
        Ok(doc) if cloudformation::is_template(&doc) => {
            let mut evaluated =
                cloudformation::evaluate_within(0, &file, &doc, &options.cfn_parameters, budget);
            if let Some(path) = &options.cfn_parameters_file
                && doc.get("Parameters").is_some()
            {
                let input = crate::model::Input::File(crate::repo::path_key(path));
                for r in &mut evaluated.resources {
                    r.inputs.push(input.clone());
                }
            }
            Template::Read(file, evaluated, options.keep_templates.then_some(doc))
        }
        Err(e) if looks => Template::Failed(parse_failure(&file, e)),
        Ok(_) | Err(_) => Template::Skip,
    }
}

/// Why a file's text was not read.
enum Unread {
    /// The file was not read: too large, or not readable.
    Refused(String),
    NotUtf8(String),
}

impl Unread {
    fn message(&self) -> &str {
        match self {
            Unread::Refused(m) | Unread::NotUtf8(m) => m,
        }
    }
}

/// A file the scan could not read, as an error at its first line: it fails `--strict`.
fn refused(d: &Discovered, message: &str) -> Diagnostic {
    Diagnostic::error(&d.display, Some(1), None, message)
}

fn read_text(path: &Path, overlay: &Overlay) -> Result<String, Unread> {
    if let Some(text) = overlay.get(path) {
        return Ok(text.clone());
    }
    // Only regular files: a FIFO named `x.tf` would block the scan, `/dev/zero` would fill memory.
    let bytes = read_regular(path, MAX_FILE_BYTES, Symlinks::Follow).map_err(|e| {
        Unread::Refused(match e {
            ReadError::TooLarge { .. } => {
                format!("file is larger than {} MiB; skipped", MAX_FILE_BYTES / 1024 / 1024)
            }
            other => other.to_string(),
        })
    })?;
    let mut text = String::from_utf8(bytes).map_err(|e| {
        Unread::NotUtf8(format!(
            "file is not valid UTF-8 (at byte {}); skipped",
            e.utf8_error().valid_up_to()
        ))
    })?;
    if text.starts_with('\u{feff}') {
        // Keep byte offsets meaningful for the parsers: a BOM is not part of the content.
        text.replace_range(..3, "");
    }
    Ok(text)
}

/// `PALISADE_TIMINGS=1` prints how long each phase took, on standard error: where the time of a scan
/// goes, without a profiler.
pub struct PhaseTimer {
    last: Option<std::cell::Cell<std::time::Instant>>,
}

impl PhaseTimer {
    #[must_use]
    pub fn from_env() -> Self {
        let on = std::env::var_os("PALISADE_TIMINGS").is_some_and(|v| v != "0");
        PhaseTimer { last: on.then(|| std::cell::Cell::new(std::time::Instant::now())) }
    }

    pub fn lap(&self, phase: &str) {
        if let Some(last) = &self.last {
            let now = std::time::Instant::now();
            let ms = (now - last.get()).as_secs_f64() * 1000.0;
            match resident_megabytes() {
                Some(mb) => eprintln!("timing: {phase}: {ms:.1} ms, resident {mb} MB"),
                None => eprintln!("timing: {phase}: {ms:.1} ms"),
            }
            last.set(now);
        }
    }
}

/// The resident set now (Linux only): which phase holds the memory, which peak RSS alone cannot tell.
fn resident_megabytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
