//! Where a Terraform value read from a variable was written, so that its fix is made there: the
//! variable is followed from the resource up through the module calls that led to it, to a literal
//! argument of a module call, a tfvars line of the root module, or the variable's default.
//!
//! Each step holds only when the variable is read once in its module (by the attribute the fix is
//! for, or by the module call that passes it on): a value that other resources read too is the
//! author's to change, and the fix is refused with the number of places that read it.
//!
//! Such a fix may be in another file than its finding's, so it is planned after the fixes of each
//! file ([`plan_where_written`]), on top of the fixes already planned in the file it edits.

use hcl_edit::Span as _;
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body};

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::{
    Edit, Editing, FileFix, Modules, NotFixed, Options, Outcome, Plan, block_name, is_json, native,
    replacement, safety, scanned_tree, terraform, writable,
};
use crate::collections::HashMap;
use crate::eval::terraform::ParsedFile;
use crate::model::Resource;
use crate::scan::Scan;
use crate::source::{FileId, Format, Span};
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
        // The file as scanned: its literal's span is known, and the edit is spliced in there, as
        // the tree would print it, without copying and printing the whole tree.
        if let Some(body) = parsed
            && let Some(literal) = self.literal(body)
            && let Some(range) = literal.span()
        {
            if terraform::same(literal, value) {
                return Ok(None);
            }
            let written = terraform::expression(value)?.to_string();
            return Ok(Some(format!("{}{written}{}", &text[..range.start], &text[range.end..])));
        }
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

impl Target {
    /// The literal this place holds in `body`, the tree of its file.
    fn literal<'b>(&self, body: &'b Body) -> Option<&'b Expression> {
        let in_block = |ident: &str, name: &str, key: &str| {
            let block = body.blocks().find(|b| b.has_ident(ident) && b.has_exact_labels(&[name]))?;
            block.body.get_attribute(key).map(|a| &a.value)
        };
        let value = match &self.place {
            Place::Tfvars { name } => body.get_attribute(name).map(|a| &a.value),
            Place::Argument { call, argument } => in_block("module", call, argument),
            Place::Default { name } => in_block("variable", name, "default"),
            Place::Resource { .. } => None,
        }?;
        terraform::is_literal(value).then_some(value)
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
fn trace(modules: &Modules<'_>, r: &Resource, name: &str, path: &[String]) -> Result<Option<Target>, String> {
    let scan = modules.scan;
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
        let reads: usize = modules
            .files(module)
            .map(|p| terraform::variable_reads(&scan.project.files[p.file].text, &variable))
            .sum();
        if reads != 1 {
            return Err(format!(
                "the value comes from var.{variable}, which the module reads in {reads} places"
            ));
        }
        if depth == 0 {
            return root_value(modules, module, &variable);
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
            return default(modules, module, &variable);
        };
        let call_name = block.labels.first().map(|l| l.as_str().to_string()).unwrap_or_default();
        if terraform::is_literal(&argument.value) {
            let place = Place::Argument { call: call_name, argument: variable };
            return Ok(Some(Target { file: call.file, place }));
        }
        let caller_text = scan.project.files[call.file].text.as_str();
        let written = argument.value.span().and_then(|s| caller_text.get(s)).unwrap_or_default().trim();
        let Some(next) = terraform::variable_alone(written) else {
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
fn root_value(modules: &Modules<'_>, module: FileId, variable: &str) -> Result<Option<Target>, String> {
    let scan = modules.scan;
    let name_of = |p: &ParsedFile| {
        scan.project.files[p.file].path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase())
    };
    let mut tfvars: Vec<(String, &ParsedFile)> = modules
        .files(module)
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
        return default(modules, module, variable);
    };
    let value = setting.body.get_attribute(variable).map(|a| &a.value);
    if setting.spans.is_some() || !value.is_some_and(terraform::is_literal) {
        return Err(format!("the value comes from var.{variable}, set by an expression in {shown}"));
    }
    Ok(Some(Target { file: setting.file, place: Place::Tfvars { name: variable.to_string() } }))
}

/// The default of the module's variable, when it is a literal.
fn default(modules: &Modules<'_>, module: FileId, variable: &str) -> Result<Option<Target>, String> {
    let declared = modules.files(module).find_map(|p| {
        p.body.get_blocks("variable").find(|b| b.has_exact_labels(&[variable])).map(|b| (p, b))
    });
    let (file, block) =
        declared.ok_or_else(|| format!("the value comes from var.{variable}, not declared"))?;
    if file.spans.is_some() {
        return Err(format!("the value comes from var.{variable}, declared in Terraform JSON syntax"));
    }
    match block.body.get_attribute("default") {
        None => Err(format!("the value comes from var.{variable}, which has no default")),
        Some(a) if !terraform::is_literal(&a.value) => {
            Err(format!("the value comes from var.{variable}, whose default is an expression"))
        }
        Some(_) => Ok(Some(Target { file: file.file, place: Place::Default { name: variable.to_string() } })),
    }
}

/// Where a Terraform finding's fix is made when it is not all in the resource's block of the
/// finding's file: a value read from a variable is fixed where it is written, and the resource's own
/// attributes in the resource's file (a module's, when the finding is on the module call that set its
/// value). `Ok(None)`: in the finding's file, as for a literal there. The instances of a finding (a
/// module called twice) may each have their own places.
pub(super) fn where_written(
    scan: &Scan,
    index: &HashMap<(&str, usize), &Resource>,
    modules: &Modules<'_>,
    i: usize,
) -> Result<Option<Vec<Deferred>>, String> {
    let finding = &scan.findings[i];
    let Some(fix) = scan.policies.get(finding.policy).and_then(|p| p.fix_of(finding)) else {
        return Ok(None);
    };
    if fix.companion.is_some() {
        return Ok(None);
    }
    let mut deferred: Vec<Deferred> = Vec::new();
    let mut elsewhere = false;
    for fr in &finding.resources {
        let Some(r) = index.get(&(fr.address.as_str(), fr.scope)) else { return Ok(None) };
        let covered = fix.resources.as_ref().is_none_or(|types| types.contains(&r.rtype));
        if r.format != Format::Terraform
            || r.plan.is_some()
            || !covered
            || is_json(&scan.project.files[r.file].path)
        {
            return Ok(None);
        }
        let Some(name) = block_name(&r.address, &r.rtype) else { return Ok(None) };
        let mut in_block = Vec::new();
        for (path, value) in &fix.set {
            match trace(modules, r, &name, path)? {
                Some(target) => {
                    elsewhere = true;
                    deferred.push(Deferred { finding: i, target, set: vec![(path.clone(), value.clone())] });
                }
                None => in_block.push((path.clone(), value.clone())),
            }
        }
        elsewhere |= r.file != finding.file;
        if !in_block.is_empty() {
            let place = Place::Resource { rtype: r.rtype.clone(), name };
            deferred.push(Deferred { finding: i, target: Target { file: r.file, place }, set: in_block });
        }
    }
    if !elsewhere {
        return Ok(None);
    }
    let mut distinct: Vec<Deferred> = Vec::new();
    for d in deferred {
        if !distinct.iter().any(|e| e.target == d.target && e.set == d.set) {
            distinct.push(d);
        }
    }
    Ok(Some(distinct))
}

/// A fix made where its value is written, maybe in another file than its finding's.
pub(super) struct Deferred {
    finding: usize,
    target: Target,
    set: Vec<(Vec<String>, Value)>,
}

/// A deferred fix made on its file's original text: the place and the replacement.
type Alone = (Deferred, Span, String);

/// The deferred fixes: each finding's edits made on the original texts, all of them or none (a place
/// that has the value already needs none); then file by file, each applied after the fixes planned in
/// that file already. One place may hold the value of several findings (the instances of a module
/// in several roots), which the first of them fixes for all.
pub(super) fn plan_where_written(scan: &Scan, options: &Options, plan: &mut Plan, deferred: Vec<Deferred>) {
    let mut by_finding: BTreeMap<usize, Vec<Deferred>> = BTreeMap::new();
    for d in deferred {
        by_finding.entry(d.finding).or_default().push(d);
    }
    // Each finding's edits on the original texts, in parallel.
    let alone: Vec<(usize, Result<Vec<Alone>, String>)> = by_finding
        .into_par_iter()
        .map(|(finding, places)| {
            let mut edits = Vec::new();
            for d in places {
                let source = &scan.project.files[d.target.file];
                if let Err(reason) = writable(&source.path, &options.root, source.generated) {
                    return (finding, Err(reason));
                }
                match d.target.apply(scan, &source.text, &d.set) {
                    Ok(Some(fixed)) => {
                        let (replaced, new_text) = replacement(&source.text, &fixed);
                        edits.push((d, replaced, new_text));
                    }
                    Ok(None) => {}
                    Err(reason) => return (finding, Err(reason)),
                }
            }
            if edits.is_empty() {
                let reason = "the values the fix sets are written already; the finding is decided elsewhere";
                return (finding, Err(reason.into()));
            }
            (finding, Ok(edits))
        })
        .collect();
    let mut by_file: BTreeMap<FileId, Vec<Alone>> = BTreeMap::new();
    for (finding, edits) in alone {
        match edits {
            Ok(edits) => {
                for edit in edits {
                    by_file.entry(edit.0.target.file).or_default().push(edit);
                }
            }
            Err(reason) => plan.not_fixed.push(NotFixed { finding, reason }),
        }
    }
    // Then file by file, in parallel, each edit after those before it, the fixes planned in the file
    // already first.
    let planned_at: HashMap<FileId, usize> =
        plan.files.iter().enumerate().map(|(at, f)| (f.file, at)).collect();
    let files = &plan.files;
    let merged: Vec<(FileId, String, Vec<Edit>, Vec<NotFixed>)> = by_file
        .into_par_iter()
        .map(|(file, fixes)| {
            let so_far = planned_at.get(&file).map(|&at| files[at].fixed.clone());
            let mut editing = Editing::new(&scan.project.files[file].text, so_far, false);
            let mut refused = Vec::new();
            for (d, span, text) in fixes {
                let edit = Edit { finding: d.finding, safety: safety(scan, d.finding), span, text };
                if let Err(reason) = editing.add(edit, |text| d.target.apply(scan, text, &d.set)) {
                    refused.push(NotFixed { finding: d.finding, reason });
                }
            }
            let (fixed, edits) = editing.finish();
            (file, fixed, edits, refused)
        })
        .collect();
    for (file, fixed, mut edits, mut refused) in merged {
        plan.not_fixed.append(&mut refused);
        if edits.is_empty() {
            continue;
        }
        if let Some(&at) = planned_at.get(&file) {
            plan.files[at].fixed = fixed;
            plan.files[at].edits.append(&mut edits);
        } else {
            plan.files.push(FileFix::new(scan, file, fixed, edits));
        }
    }
    plan.files.sort_by_key(|f| f.file);
}
