//! Input variables: defaults, tfvars files, `--var-file` and `--var`, in Terraform's precedence.

use crate::collections::HashMap;

use hcl_edit::expr::Expression;
use hcl_edit::structure::Body;

use super::env::{Entry, ModuleEnv};
use super::expr::Eval;
use super::module::span_of;
use crate::model::{Input, Location, compact_inputs};
use crate::source::{FileId, Span};
use crate::value::Value;

/// Values given to every root module from outside its directory.
pub(crate) struct Inputs<'a> {
    /// `--var-file` files that could be read, in command-line order.
    pub var_files: Vec<(FileId, &'a Body)>,
    /// `--var name=value`, in command-line order.
    pub vars: &'a [(String, String)],
}

/// The provided values of a root module's variables: each later source overrides the earlier ones
/// (terraform.tfvars, then *.auto.tfvars in lexical order, then --var-file, then --var).
pub(crate) fn root_values(env: &ModuleEnv<'_>, inputs: &Inputs<'_>) -> HashMap<String, Entry> {
    let mut values = HashMap::default();
    for (file, body) in env.def.tfvars.iter().chain(&inputs.var_files) {
        for attr in body.attributes() {
            let mut ev = Eval::new(env, *file);
            let value = ev.expr(&attr.value);
            // A module argument that passes this variable on was decided on this line.
            let at = Location { file: *file, span: env.run.original(*file, span_of(attr)) };
            let origin = Some((at, span_of(attr)));
            let entry = Entry::new(value, Vec::new(), ev.inputs).decided_at(origin);
            values.insert(attr.key.as_str().to_string(), entry);
        }
    }
    for (name, raw) in inputs.vars {
        let string_typed =
            env.def.variables.get(name).is_none_or(|v| v.primitive.as_deref() == Some("string"));
        let value =
            if string_typed { Value::string(raw.clone(), Span::default()) } else { parse_raw(env, raw) };
        values.insert(name.clone(), Entry::plain(value));
    }
    values
}

/// Every variable of a root module depends on all of its tfvars and var files, whichever set it: a
/// line removed from one of them (or from the file that used to override it) changes the value.
pub(crate) fn add_value_files(env: &mut ModuleEnv<'_>, inputs: &Inputs<'_>) {
    let files: Vec<Input> = env
        .def
        .tfvars
        .iter()
        .chain(&inputs.var_files)
        .map(|(file, _)| {
            let len = env.run.files.get(*file).map_or(0, |f| f.text.len());
            Input::Text(Location { file: *file, span: Span::new(0, len) })
        })
        .collect();
    let run = env.run;
    for entry in env.vars.values_mut() {
        for input in &files {
            run.note(&mut entry.inputs, input);
        }
        compact_inputs(&mut entry.inputs);
    }
}

/// A `--var` value for a variable that is not a string: an HCL literal when it parses as one
/// (`3`, `true`, `["a"]`, `{ a = 1 }`), else the raw text, as Terraform does.
fn parse_raw(env: &ModuleEnv<'_>, raw: &str) -> Value {
    let literal = |e: &Expression| {
        matches!(
            e,
            Expression::Null(_)
                | Expression::Bool(_)
                | Expression::Number(_)
                | Expression::String(_)
                | Expression::Array(_)
                | Expression::Object(_)
                | Expression::StringTemplate(_)
        )
    };
    match hcl_edit::parser::parse_expr(raw) {
        Ok(expr) if literal(&expr) => {
            // Spans point into the command-line text, not into a file: blank them.
            let mut ev = Eval::new(env, usize::MAX);
            super::expr::respan(&ev.expr(&expr), Span::default())
        }
        _ => Value::string(raw, Span::default()),
    }
}

/// The value of every declared variable: the provided one (converted to the declared primitive
/// type), else the default, else Unknown.
pub(crate) fn declared(env: &ModuleEnv<'_>, mut provided: HashMap<String, Entry>) -> HashMap<String, Entry> {
    let mut out = crate::collections::map_with_capacity(env.def.variables.len());
    for (name, decl) in &env.def.variables {
        let ty = &decl.ty;
        // Optional attributes' defaults are constants of the declaring module.
        let mut ev = Eval::new(env, decl.file);
        let entry = if let Some(mut entry) = provided.remove(name) {
            entry.value = ty.convert(&mut ev, entry.value);
            entry
        } else if let Some(default) = decl.default {
            ev.read(&env.run.text_input(decl.file, span_of(default)));
            let value = ev.expr(default);
            let value = ty.convert(&mut ev, value);
            Entry::new(value, Vec::new(), ev.inputs)
        } else {
            Entry::plain(Value::unknown(format!("var.{name} has no value"), Span::default()))
        };
        let mut entry = entry;
        for &(file, span) in &decl.blocks {
            env.run.note(&mut entry.inputs, &env.run.text_input(file, span));
        }
        compact_inputs(&mut entry.inputs);
        out.insert(name.clone(), entry);
    }
    out
}
