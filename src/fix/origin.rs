//! Where a Terraform value read from a variable was written, so that its fix is made there: the
//! variable is followed from the resource up through the module calls that led to it, to a literal
//! argument of a module call, a tfvars line of the root module, or the variable's default.
//!
//! Each step holds only when the variable is read once in its module (by the attribute the fix is
//! for, or by the module call that passes it on): a value that other resources read too is the
//! author's to change, and the fix is refused with the number of places that read it.

use hcl_edit::Span as _;
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body};

use super::{Outcome, module_files, scanned_tree, terraform};
use crate::eval::terraform::ParsedFile;
use crate::model::Resource;
use crate::scan::Scan;
use crate::source::FileId;
use crate::value::Value;

/// The place a fix of a value read from a variable is made.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) struct Target {
    pub file: FileId,
    pub place: Place,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Place {
    /// `NAME = …` at the top of a tfvars file the root module loads.
    Tfvars { name: String },
    /// The argument `argument` of the block `module "<call>"`.
    Argument { call: String, argument: String },
    /// The default of `variable "<name>"`.
    Default { name: String },
    /// The block `resource "<rtype>" "<name>"`, whose attributes the fix sets as it does in the
    /// finding's file.
    Resource { rtype: String, name: String },
}

impl Target {
    /// The fix's values set at this place of `text` (the target file's current text): the one
    /// value the variable is given, or the resource's attributes.
    pub(super) fn apply(&self, scan: &Scan, text: &str, set: &[(Vec<String>, Value)]) -> Outcome {
        let parsed = scanned_tree(scan, self.file, text);
        if let Place::Resource { rtype, name } = &self.place {
            return terraform::apply(text, parsed, rtype, name, set);
        }
        let [(_, value)] = set else { return Err("a variable is given one value".into()) };
        let mut root = terraform::tree(text, parsed)?;
        let changed = {
            let (body, indent, key) = match &self.place {
                Place::Tfvars { name } => (&mut root, String::new(), name.as_str()),
                Place::Argument { call, argument } => {
                    let block = find_block(&mut root, "module", call)?;
                    let indent = terraform::indent_of(hcl_edit::Decorate::decor(&*block));
                    (&mut block.body, format!("{indent}  "), argument.as_str())
                }
                Place::Default { name } => {
                    let block = find_block(&mut root, "variable", name)?;
                    let indent = terraform::indent_of(hcl_edit::Decorate::decor(&*block));
                    (&mut block.body, format!("{indent}  "), "default")
                }
                Place::Resource { .. } => return Err("a resource is not a variable".into()),
            };
            terraform::set_attribute(body, &indent, key, value, text)?
        };
        Ok(changed.then(|| root.to_string()))
    }
}

fn find_block<'b>(body: &'b mut Body, ident: &str, name: &str) -> Result<&'b mut Block, String> {
    body.blocks_mut()
        .find(|b| b.has_ident(ident) && b.has_exact_labels(&[name]))
        .ok_or_else(|| format!("no block {ident} \"{name}\" in the file"))
}

/// Follows the attribute at `path` of resource `r` (its block `name`) to where its value is written.
/// `Ok(None)`: the attribute is not a variable read alone (or the file is not native syntax), and
/// the fix is made in the resource as usual.
///
/// # Errors
/// Why the value's place is not one to edit.
pub(super) fn trace(
    scan: &Scan,
    r: &Resource,
    name: &str,
    path: &[String],
) -> Result<Option<Target>, String> {
    let Some(file) = native(scan, r.file) else { return Ok(None) };
    let text = scan.project.files[r.file].text.as_str();
    let Some(block) =
        file.body.blocks().find(|b| b.has_ident("resource") && b.has_exact_labels(&[r.rtype.as_str(), name]))
    else {
        return Ok(None);
    };
    let Some(mut variable) = terraform::read_variable(&block.body, path, text) else { return Ok(None) };
    // The module whose variable it is, and how many module calls lead to it.
    let mut module = r.file;
    let mut depth = r.module_calls.len();
    loop {
        let reads: usize = module_files(scan, module)
            .map(|p| terraform::variable_reads(&scan.project.files[p.file].text, &variable))
            .sum();
        if reads != 1 {
            return Err(format!(
                "the value comes from var.{variable}, which the module reads in {reads} places"
            ));
        }
        if depth == 0 {
            return root_value(scan, module, &variable);
        }
        depth -= 1;
        let call = &r.module_calls[depth];
        let caller = native(scan, call.file)
            .ok_or_else(|| format!("the value comes from var.{variable}, passed in Terraform JSON syntax"))?;
        let block = caller
            .body
            .get_blocks("module")
            .find(|b| b.span().is_some_and(|s| s.start == call.span.start as usize))
            .ok_or("the module call is not found in its file")?;
        let Some(argument) = block.body.get_attribute(&variable) else {
            // The caller leaves the variable to its default.
            return default(scan, module, &variable);
        };
        let call_name = block.labels.first().map(|l| l.as_str().to_string()).unwrap_or_default();
        if literal(&argument.value) {
            let place = Place::Argument { call: call_name, argument: variable };
            return Ok(Some(Target { file: call.file, place }));
        }
        let caller_text = scan.project.files[call.file].text.as_str();
        let written = argument.value.span().and_then(|s| caller_text.get(s)).unwrap_or_default().trim();
        let Some(next) = written.strip_prefix("var.").filter(|n| identifier(n)) else {
            let shown: String = written.chars().take(80).collect();
            return Err(format!(
                "the value comes from the argument {variable} = {} of module.{call_name}",
                crate::escape::text(&shown)
            ));
        };
        variable = next.to_string();
        module = call.file;
    }
}

/// A root module's variable: the last tfvars file it loads that sets it, or its default.
fn root_value(scan: &Scan, module: FileId, variable: &str) -> Result<Option<Target>, String> {
    let name_of = |p: &ParsedFile| {
        scan.project.files[p.file].path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase())
    };
    let mut tfvars: Vec<(String, &ParsedFile)> = module_files(scan, module)
        .filter_map(|p| {
            let name = name_of(p)?;
            let stem = name.strip_suffix(".json").unwrap_or(&name).strip_suffix(".tfvars")?;
            (stem == "terraform" || stem.rsplit_once('.').is_some_and(|(_, ext)| ext == "auto"))
                .then(|| (name.clone(), p))
        })
        .collect();
    // Terraform's load order, as the evaluation reads them: later files override earlier ones.
    tfvars.sort_by_key(|(name, _)| (!name.starts_with("terraform.tfvars"), name.clone()));
    let Some((shown, setting)) = tfvars.iter().rev().find(|(_, p)| p.body.get_attribute(variable).is_some())
    else {
        return default(scan, module, variable);
    };
    let value = setting.body.get_attribute(variable).map(|a| &a.value);
    if setting.spans.is_some() || !value.is_some_and(literal) {
        return Err(format!("the value comes from var.{variable}, set by an expression in {shown}"));
    }
    Ok(Some(Target { file: setting.file, place: Place::Tfvars { name: variable.to_string() } }))
}

/// The default of the module's variable, when it is a literal.
fn default(scan: &Scan, module: FileId, variable: &str) -> Result<Option<Target>, String> {
    let declared = module_files(scan, module).find_map(|p| {
        p.body.get_blocks("variable").find(|b| b.has_exact_labels(&[variable])).map(|b| (p, b))
    });
    let (file, block) =
        declared.ok_or_else(|| format!("the value comes from var.{variable}, not declared"))?;
    if file.spans.is_some() {
        return Err(format!("the value comes from var.{variable}, declared in Terraform JSON syntax"));
    }
    match block.body.get_attribute("default") {
        None => Err(format!("the value comes from var.{variable}, which has no default")),
        Some(a) if !literal(&a.value) => {
            Err(format!("the value comes from var.{variable}, whose default is an expression"))
        }
        Some(_) => Ok(Some(Target { file: file.file, place: Place::Default { name: variable.to_string() } })),
    }
}

/// The scan's tree of `file` when it is native syntax (a JSON file's tree is a rewrite).
fn native(scan: &Scan, file: FileId) -> Option<&ParsedFile> {
    scan.syntax.iter().find(|p| p.file == file && p.spans.is_none())
}

fn literal(expr: &Expression) -> bool {
    matches!(expr, Expression::Null(_) | Expression::Bool(_) | Expression::Number(_) | Expression::String(_))
}

fn identifier(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}
