//! The evaluation state of one module instance: its variables, lazily evaluated locals and the module
//! instances it calls.

use crate::collections::{HashMap, HashSet};
use std::cell::{Cell, RefCell};
use std::path::PathBuf;
use std::rc::Rc;

use hcl_edit::Span as _;

use super::cache::Caches;
use super::expand::{self, Instance};
use super::expr::Eval;
use super::module::{Defs, ModuleDef, local_source_dir, span_of};
use super::vars;
use crate::diag::{DiagLevel, Diagnostic};
use crate::escape::quote;
use crate::eval::budget::{Budget, Limit, Share};
use crate::model::{Input, Location, UnevaluatedCall, add_input, compact_inputs};
use crate::parse::terraform_json::SpanMap;
use crate::source::{FileId, SourceFile, Span};
use crate::value::{Key, Kind, Map, Value};

/// Evaluation steps allowed per root module: enough for any real configuration, small enough that
/// nested `for` expressions over huge ranges end in seconds.
const BUDGET: u64 = 5_000_000;
/// Nested evaluation (expressions inside locals inside module outputs …) deeper than this is Unknown.
pub(crate) const MAX_DEPTH: u32 = 400;
/// A chain of locals each referring to the next.
const MAX_LOCAL_CHAIN: usize = 64;
/// Modules calling modules.
const MAX_MODULE_DEPTH: usize = 16;

/// A value with the addresses of the resources it was computed from, so that a resource using a local
/// or a module variable still records a reference to the resource behind it.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub value: Value,
    pub targets: Vec<String>,
    /// What computing it read, for `--diff-base`.
    pub inputs: Vec<Input>,
    /// Where a value passed down from a caller was decided (see [`crate::model::Resource::origins`]),
    /// and the span (in the evaluated text of the caller's file) that values decided there lie in: a
    /// part of the value that lies elsewhere (an optional attribute's default, filled in by the
    /// variable's type) was decided by the module.
    pub origin: Option<(Location, Span)>,
}

impl Entry {
    pub fn plain(value: Value) -> Self {
        Entry { value, targets: Vec::new(), inputs: Vec::new(), origin: None }
    }

    /// An entry whose inputs are made distinct: it is copied into everything that reads it.
    pub fn new(value: Value, targets: Vec<String>, mut inputs: Vec<Input>) -> Self {
        compact_inputs(&mut inputs);
        Entry { value, targets, inputs, origin: None }
    }

    /// The entry, with where its value was decided when a caller decided it.
    pub fn decided_at(self, origin: Option<(Location, Span)>) -> Self {
        Entry { origin, ..self }
    }
}

/// State shared by every module instance evaluated under one root module.
pub(crate) struct Run<'a> {
    pub files: &'a [SourceFile],
    pub defs: &'a Defs<'a>,
    pub repos: &'a crate::discover::Repos,
    /// Files written in JSON syntax: spans of their rewrite back to the JSON text.
    pub span_maps: &'a HashMap<FileId, &'a SpanMap>,
    budget: Cell<u64>,
    /// This root module's share of the scan's budget.
    shared: Share<'a>,
    /// Whether this root module has reported that a shared limit stopped it.
    stopped: Cell<bool>,
    /// Whether this root module has reported an expression nested past [`MAX_DEPTH`].
    too_deep: Cell<bool>,
    pub depth: Cell<u32>,
    pub diags: RefCell<Vec<Diagnostic>>,
    /// The module caches of the scan's root modules.
    pub caches: &'a Caches,
    /// Module calls that were not evaluated, by `module` block.
    pub unevaluated: RefCell<Vec<UnevaluatedCall>>,
    /// Whether evaluation records its inputs (see [`super::Options::without_inputs`]).
    pub record_inputs: bool,
}

impl<'a> Run<'a> {
    pub fn new(
        files: &'a [SourceFile],
        defs: &'a Defs<'a>,
        repos: &'a crate::discover::Repos,
        span_maps: &'a HashMap<FileId, &'a SpanMap>,
        shared: &'a Budget,
        caches: &'a Caches,
    ) -> Self {
        Run {
            caches,
            unevaluated: RefCell::new(Vec::new()),
            files,
            defs,
            repos,
            span_maps,
            budget: Cell::new(BUDGET),
            shared: Share::of(shared),
            stopped: Cell::new(false),
            too_deep: Cell::new(false),
            depth: Cell::new(0),
            diags: RefCell::new(Vec::new()),
            record_inputs: true,
        }
    }

    /// Reports, once per root module, an expression whose evaluation went past [`MAX_DEPTH`]: a warning,
    /// since the file was read and only the value so deep is unknown.
    pub fn nested_too_deeply(&self, file: FileId, span: Span) {
        if !self.too_deep.replace(true) {
            self.warn(
                file,
                span,
                format!("expression nested more than {MAX_DEPTH} levels deep; its value is unknown"),
            );
        }
    }

    /// Takes one evaluation step; false once the budget is spent (reported once).
    pub fn step(&self, file: FileId, span: Span) -> bool {
        match self.budget.get() {
            0 => false,
            1 => {
                self.budget.set(0);
                // An error, as a spent shared limit is: the values it leaves unknown can hide findings.
                self.report(DiagLevel::Error, file, span, "evaluation stopped here: the configuration takes too many steps to evaluate; the remaining values are unknown");
                false
            }
            n => {
                self.budget.set(n - 1);
                true
            }
        }
    }

    /// Takes `n` units of a shared limit for what is built at `span`; false once the limit is reached,
    /// which the first construct it stops in this root module reports.
    pub fn take(&self, limit: Limit, n: u64, file: FileId, span: Span) -> bool {
        if self.shared.take(limit, n) {
            return true;
        }
        self.stop(limit, file, span);
        false
    }

    /// Whether a shared limit is already reached, reported as [`Run::take`] does.
    pub fn spent(&self, limit: Limit, file: FileId, span: Span) -> bool {
        if !self.shared.spent(limit) {
            return false;
        }
        self.stop(limit, file, span);
        true
    }

    fn stop(&self, limit: Limit, file: FileId, span: Span) {
        if !self.stopped.replace(true) {
            self.report(DiagLevel::Error, file, span, Budget::message(limit));
        }
    }

    /// Adds `input` to `inputs` when this evaluation records what it reads (see
    /// [`super::Options::without_inputs`]). Every input starts here or in [`Eval::read`], which uses
    /// it: lists built from recorded inputs stay empty when nothing is recorded.
    pub fn note(&self, inputs: &mut Vec<Input>, input: &Input) {
        if self.record_inputs {
            add_input(inputs, input);
        }
    }

    /// A span as it is in the file's own text (the same span unless the file is JSON syntax).
    pub fn original(&self, file: FileId, span: Span) -> Span {
        self.span_maps.get(&file).map_or(span, |map| map.span(span))
    }

    /// An expression of a scanned file as an input, at its place in the file's own text.
    pub fn text_input(&self, file: FileId, span: Span) -> Input {
        Input::Text(Location { file, span: self.original(file, span) })
    }

    pub fn warn(&self, file: FileId, span: Span, message: impl Into<String>) {
        self.report(DiagLevel::Warning, file, span, message);
    }

    pub fn report(&self, level: DiagLevel, file: FileId, span: Span, message: impl Into<String>) {
        let diag = match self.files.get(file) {
            Some(f) => Diagnostic::at(level, f, self.original(file, span), message),
            None => {
                Diagnostic { level, file: String::new(), line: None, column: None, message: message.into() }
            }
        };
        self.diags.borrow_mut().push(diag);
    }
}

enum Slot<T> {
    InProgress,
    Done(T),
}

/// The instances of one `module` call.
pub(crate) struct Child<'a> {
    /// `module.NAME` as a value: an object of outputs, or a list/map of them with count/for_each.
    pub entry: Entry,
    pub envs: Vec<Rc<ModuleEnv<'a>>>,
}

pub(crate) struct ModuleEnv<'a> {
    pub run: &'a Run<'a>,
    pub def: &'a ModuleDef<'a>,
    /// `""` for a root module, `module.a.` or `module.a["k"].` inside one.
    pub prefix: String,
    pub calls: Vec<Location>,
    /// Why this module instance may not exist: a call on the way has an unknown count or for_each.
    pub may_not_exist: Option<String>,
    /// What the `count` or `for_each` of the calls that led here read: every instance inside
    /// depends on it.
    pub inherited: Vec<Input>,
    /// The directories of the call chain, this one last, to catch modules calling themselves.
    dirs: Vec<PathBuf>,
    /// The key `terraform init` gives this module's calls in the cache manifest: `""` in the root,
    /// `vpc` in `module.vpc`, `vpc.endpoints` below it (instance keys are not part of it).
    key: String,
    /// Whether this module is one `terraform init` downloaded, or lies inside one.
    cached: bool,
    /// In a downloaded module: the `module` block in the user's own files that led here.
    pub user_call: Option<Location>,
    pub vars: HashMap<String, Entry>,
    /// Shared, so that reading a local does not copy its value.
    locals: RefCell<HashMap<String, Slot<Rc<Entry>>>>,
    local_stack: RefCell<Vec<String>>,
    cyclic: RefCell<HashSet<String>>,
    children: RefCell<HashMap<String, Slot<Rc<Child<'a>>>>>,
    /// The provider configurations resources of this instance are managed by.
    pub providers: super::providers::Providers,
}

impl<'a> ModuleEnv<'a> {
    fn new(
        run: &'a Run<'a>,
        def: &'a ModuleDef<'a>,
        prefix: String,
        calls: Vec<Location>,
        dirs: Vec<PathBuf>,
    ) -> Self {
        ModuleEnv {
            run,
            def,
            prefix,
            calls,
            may_not_exist: None,
            inherited: Vec::new(),
            dirs,
            key: String::new(),
            cached: false,
            user_call: None,
            vars: HashMap::default(),
            locals: RefCell::new(HashMap::default()),
            local_stack: RefCell::new(Vec::new()),
            cyclic: RefCell::new(HashSet::default()),
            children: RefCell::new(HashMap::default()),
            providers: super::providers::Providers::default(),
        }
    }

    /// A root module, its variables set from tfvars files and the command line.
    pub fn root(run: &'a Run<'a>, def: &'a ModuleDef<'a>, inputs: &vars::Inputs<'_>) -> Self {
        let mut env = ModuleEnv::new(run, def, String::new(), Vec::new(), vec![def.dir.clone()]);
        let values = vars::root_values(&env, inputs);
        env.vars = vars::declared(&env, values);
        vars::add_value_files(&mut env, inputs);
        env.providers = super::providers::declared(&env);
        env
    }

    /// The root module's directory: Terraform resolves relative file paths against it.
    pub fn root_dir(&self) -> PathBuf {
        self.dirs.first().cloned().unwrap_or_else(|| self.def.dir.clone())
    }

    /// `path.module` relative to the root module, as Terraform gives it (`.` in the root).
    pub fn path_module(&self) -> String {
        let root = self.root_dir();
        match self.def.dir.strip_prefix(&root) {
            Ok(rel) if rel.as_os_str().is_empty() => ".".to_string(),
            Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
            // A module outside the root's tree: climb with `..` the way Terraform prints it.
            Err(_) => relative(&root, &self.def.dir),
        }
    }

    /// The value of `local.NAME`, evaluated on first use.
    pub fn local(&self, name: &str, file: FileId, span: Span) -> Rc<Entry> {
        match self.locals.borrow().get(name) {
            Some(Slot::Done(entry)) => return Rc::clone(entry),
            Some(Slot::InProgress) => {
                let stack = self.local_stack.borrow();
                let start = stack.iter().position(|n| n == name).unwrap_or(0);
                let mut cycle: Vec<&str> = stack[start..].iter().map(String::as_str).collect();
                cycle.push(name);
                self.cyclic.borrow_mut().extend(cycle.iter().map(|s| (*s).to_string()));
                let (file, span) = self.def.locals.get(name).map_or((file, span), |(f, e)| (*f, span_of(*e)));
                self.run.warn(file, span, format!("cycle in locals: {}", cycle.join(" → ")));
                return Rc::new(Entry::plain(Value::unknown(
                    format!("local.{name} is part of a cycle"),
                    span,
                )));
            }
            None => {}
        }
        let Some(&(def_file, expr)) = self.def.locals.get(name) else {
            return Rc::new(Entry::plain(Value::unknown(format!("local.{name} is not declared"), span)));
        };
        if self.local_stack.borrow().len() >= MAX_LOCAL_CHAIN {
            return Rc::new(Entry::plain(Value::unknown(
                format!("local.{name}: locals refer to each other too deeply"),
                span,
            )));
        }
        self.locals.borrow_mut().insert(name.to_string(), Slot::InProgress);
        self.local_stack.borrow_mut().push(name.to_string());
        let mut ev = Eval::new(self, def_file);
        ev.read(&self.run.text_input(def_file, span_of(expr)));
        let value = ev.expr(expr);
        let targets = ev.targets();
        self.local_stack.borrow_mut().pop();
        let value = if self.cyclic.borrow().contains(name) {
            Value::unknown(format!("local.{name} is part of a cycle"), span)
        } else {
            value
        };
        // A local that only passes a variable on passes its origin on.
        let origin = ev.origin_of(span_of(expr)).map(|at| (at, span_of(expr)));
        let entry = Rc::new(Entry::new(value, targets, ev.inputs).decided_at(origin));
        self.locals.borrow_mut().insert(name.to_string(), Slot::Done(Rc::clone(&entry)));
        entry
    }

    /// The instances of `module "NAME"`, created on first use.
    pub fn child(&self, name: &str, span: Span) -> Rc<Child<'a>> {
        let unknown = |reason: String| {
            Rc::new(Child { entry: Entry::plain(Value::unknown(reason, span)), envs: vec![] })
        };
        match self.children.borrow().get(name) {
            Some(Slot::Done(child)) => return Rc::clone(child),
            Some(Slot::InProgress) => return unknown(format!("module.{name} depends on itself")),
            None => {}
        }
        let Some(call) = self.def.calls.iter().find(|c| c.name == name) else {
            return unknown(format!("module.{name} is not declared"));
        };
        self.children.borrow_mut().insert(name.to_string(), Slot::InProgress);
        let child = Rc::new(self.instantiate(call));
        self.children.borrow_mut().insert(name.to_string(), Slot::Done(Rc::clone(&child)));
        child
    }

    fn instantiate(&self, call: &super::module::CallDecl<'a>) -> Child<'a> {
        let span = span_of(call.block);
        let unknown =
            |reason: String| Child { entry: Entry::plain(Value::unknown(reason, span)), envs: vec![] };
        let Some(source) = &call.source else {
            return unknown(format!("module.{} has no literal source", call.name));
        };
        let key = if self.key.is_empty() { call.name.clone() } else { format!("{}.{}", self.key, call.name) };
        let (dir, cached) = match local_source_dir(&self.def.dir, source) {
            Some(dir) => (dir, self.cached),
            None => match super::cache::resolve(self.run, &self.root_dir(), call, source, &key) {
                Ok(dir) => (dir, true),
                Err(reason) => return unknown(reason),
            },
        };
        let Some(def) = self.run.defs.get(&dir) else {
            // Called directories inside the repository were read if they could be: one that is
            // missing here does not exist, or git ignores it. One outside is never read, and the
            // resources it would declare are missing from the scan: an error, which fails `--strict`.
            let canonical = dir.canonicalize().unwrap_or_else(|_| dir.clone());
            if self.run.repos.rules_for(&canonical).is_none() {
                self.run.report(
                    DiagLevel::Error,
                    call.file,
                    span,
                    format!(
                        "module {}: source {} is outside the repository root; not read",
                        call.name,
                        quote(source)
                    ),
                );
                return unknown(format!(
                    "module.{} source {} is outside the repository",
                    call.name,
                    quote(source)
                ));
            }
            self.run.warn(
                call.file,
                span,
                format!("module {}: source {} is not among the scanned files", call.name, quote(source)),
            );
            return unknown(format!("module.{} source {} was not scanned", call.name, quote(source)));
        };
        if self.dirs.contains(&dir) {
            self.run.warn(
                call.file,
                span,
                format!("module {} calls itself (source {})", call.name, quote(source)),
            );
            return unknown(format!("module.{} calls itself", call.name));
        }
        if self.dirs.len() >= MAX_MODULE_DEPTH {
            self.run.warn(call.file, span, format!("module {}: modules nested too deeply", call.name));
            return unknown(format!("module.{} is nested too deeply", call.name));
        }
        let what = format!("module.{}", call.name);
        let (instances, meta) = expand::merged_instances(self, call.file, call.block, &call.overrides, &what);
        let mut inherited = self.inherited.clone();
        for input in &meta.inputs {
            add_input(&mut inherited, input);
        }
        // A change to an override of the call changes every resource of the module.
        for (file, span) in call.overrides.locations() {
            self.run.note(&mut inherited, &self.run.text_input(file, span));
        }
        compact_inputs(&mut inherited);
        let mut envs = Vec::new();
        let mut outputs = Vec::new();
        for instance in instances {
            if !self.run.take(Limit::Modules, 1, call.file, span) {
                break;
            }
            let mut env = self.child_env(call, def, &dir, &instance);
            env.user_call = if cached {
                self.user_call.clone().or(Some(Location { file: call.file, span }))
            } else {
                None
            };
            env.key.clone_from(&key);
            env.cached = cached;
            env.inherited.clone_from(&inherited);
            let env = Rc::new(env);
            outputs.push((instance.raw.clone(), env.outputs(span)));
            envs.push(env);
        }
        let shape = if call.overrides.attribute(call.file, call.block, "count").is_some() {
            Shape::List
        } else if call.overrides.attribute(call.file, call.block, "for_each").is_some() {
            Shape::Map
        } else {
            Shape::Single
        };
        Child { entry: combine(outputs, shape, span), envs }
    }

    fn child_env(
        &self,
        call: &super::module::CallDecl<'a>,
        def: &'a ModuleDef<'a>,
        dir: &std::path::Path,
        instance: &Instance,
    ) -> ModuleEnv<'a> {
        let mut ev = Eval::new(self, call.file);
        ev.scope.clone_from(&instance.bindings);
        let mut args = HashMap::default();
        let items = super::merge::items(call.file, call.block, &call.overrides.blocks, false);
        let attributes = items.iter().filter_map(|item| match item {
            super::merge::Item::Attr(file, attr) => Some((*file, *attr)),
            _ => None,
        });
        for (file, attr) in attributes {
            ev.file = file;
            let name = attr.key.as_str();
            if matches!(name, "source" | "version" | "count" | "for_each" | "providers" | "depends_on") {
                continue;
            }
            ev.via = vec![name.to_string()];
            let value = ev.expr(&attr.value);
            let targets = ev.targets();
            ev.refs.clear();
            let inputs = std::mem::take(&mut ev.inputs);
            // The argument decided the value, unless it only passes on what its own caller (or a
            // tfvars file) decided.
            // A downloaded module's own line is not the user's: what it decides is reported at the
            // user's `module` block instead.
            let origin = match ev.origin_of(span_of(&attr.value)) {
                Some(at) => Some((at, span_of(&attr.value))),
                None if self.cached => None,
                None => {
                    Some((Location { file, span: self.run.original(file, span_of(attr)) }, span_of(attr)))
                }
            };
            ev.origins.clear();
            args.insert(name.to_string(), Entry::new(value, targets, inputs).decided_at(origin));
        }
        let prefix =
            format!("{}module.{}{}.", self.prefix, call.name, instance.suffix.as_deref().unwrap_or(""));
        let mut calls = self.calls.clone();
        calls.push(Location { file: call.file, span: span_of(call.block) });
        let mut dirs = self.dirs.clone();
        dirs.push(dir.to_path_buf());
        let mut env = ModuleEnv::new(self.run, def, prefix, calls, dirs);
        env.may_not_exist = instance.may_not_exist.clone().or_else(|| self.may_not_exist.clone());
        env.vars = vars::declared(&env, args);
        let own = super::providers::declared(&env);
        env.providers = super::providers::inherited(self, call, own);
        env
    }

    /// The module's outputs as one object.
    fn outputs(&self, span: Span) -> Entry {
        let mut map = Map::default();
        let mut targets = Vec::new();
        let mut inputs = Vec::new();
        for (name, file, expr) in &self.def.outputs {
            let mut ev = Eval::new(self, *file);
            ev.read(&self.run.text_input(*file, span_of(*expr)));
            let value = ev.expr(expr);
            targets.extend(ev.targets());
            for input in &ev.inputs {
                add_input(&mut inputs, input);
            }
            map.insert(
                Key { name: name.clone(), span: expr.span().map_or(span, |r| Span::new(r.start, r.end)) },
                value,
            );
        }
        targets.sort();
        targets.dedup();
        Entry::new(Value::new(Kind::Map(map), span), targets, inputs)
    }

    /// The instances of every module call, for collecting their resources.
    pub fn all_children(&self) -> Vec<Rc<ModuleEnv<'a>>> {
        let mut out = Vec::new();
        for call in &self.def.calls {
            let child = self.child(&call.name, span_of(call.block));
            out.extend(child.envs.iter().cloned());
        }
        out
    }
}

/// `module.NAME` for the instances of a call: the object itself, or a list (count) or a map (for_each).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Single,
    List,
    Map,
}

fn combine(outputs: Vec<(Option<String>, Entry)>, shape: Shape, span: Span) -> Entry {
    let mut targets: Vec<String> = outputs.iter().flat_map(|(_, e)| e.targets.iter().cloned()).collect();
    targets.sort();
    targets.dedup();
    let mut inputs = Vec::new();
    for input in outputs.iter().flat_map(|(_, e)| &e.inputs) {
        add_input(&mut inputs, input);
    }
    let value = match (shape, outputs.as_slice()) {
        (Shape::Single, [(_, entry)]) => entry.value.clone(),
        (Shape::Single, _) => Value::null(span),
        (Shape::Map, [(None, _)]) => Value::unknown("the instances of this module are not known", span),
        (Shape::Map, _) => {
            let mut map = Map::default();
            for (key, entry) in outputs {
                let name = key.unwrap_or_default();
                map.insert(Key { name, span }, entry.value);
            }
            Value::new(Kind::Map(map), span)
        }
        (Shape::List, _) => Value::new(Kind::List(outputs.into_iter().map(|(_, e)| e.value).collect()), span),
    };
    Entry::new(value, targets, inputs)
}

/// `to` relative to `from`, with `..` segments; both are absolute, lexically normalised directories.
fn relative(from: &std::path::Path, to: &std::path::Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = std::iter::repeat_n("..".to_string(), from.len() - common).collect();
    parts.extend(to[common..].iter().map(|c| c.as_os_str().to_string_lossy().to_string()));
    if parts.is_empty() { ".".to_string() } else { parts.join("/") }
}
