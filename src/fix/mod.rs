//! Automatic fixes: from a scan's findings and the policies' `fix:` sections to edited file texts.
//!
//! This module only plans: it computes, for each file, the text with the fixes applied and the
//! replacement each finding's fix makes on its own. Verifying the plan (a scan of the edited texts:
//! each finding gone, no new finding, every file parses) and writing it are `app::fix`'s, which can
//! run a scan; writing goes through [`write_atomically`].

mod cloudformation;
pub mod diff;
mod editing;
mod origin;
pub mod suggest;
mod terraform;
mod write;

pub use write::{writable, write_atomically};

use editing::Editing;

use crate::collections::{HashMap, HashSet};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::eval::terraform::ParsedFile;
use crate::model::Resource;
use crate::policy::{Finding, Safety};
use crate::scan::Scan;
use crate::source::{FileId, Format, Span};

/// A fix's effect on a text: the new text, `None` when it already holds the fixed value, or why
/// it cannot be fixed automatically.
type Outcome = Result<Option<String>, String>;

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Apply unsafe fixes too (`--unsafe-fixes`; `--diff` shows them either way).
    pub unsafe_fixes: bool,
    /// The repository root: nothing outside it is written.
    pub root: PathBuf,
    /// Fingerprints of findings whose fixes a verification refused, with the reason.
    pub refused: HashMap<String, String>,
    /// Only the findings the gate judges (with `--diff-base`, those on resources the change
    /// touches): `palisade fix` in a pull request fixes what the pull request brought.
    pub gated_only: bool,
}

/// One finding's fix: the smallest replacement of the original text that makes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// Index into the scan's findings.
    pub finding: usize,
    pub safety: Safety,
    /// The replaced range of the original text, and what replaces it.
    pub span: Span,
    pub text: String,
}

/// The fixes of one file.
#[derive(Clone, Debug)]
pub struct FileFix {
    pub file: FileId,
    pub path: PathBuf,
    pub display: String,
    pub original: String,
    /// The text with every edit applied, one after the other.
    pub fixed: String,
    pub edits: Vec<Edit>,
}

/// A finding with a fix that was not applied, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotFixed {
    pub finding: usize,
    pub reason: String,
}

#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub files: Vec<FileFix>,
    pub not_fixed: Vec<NotFixed>,
}

/// The fixes the scan's unsuppressed findings have, file by file.
#[must_use]
pub fn plan(scan: &Scan, options: &Options) -> Plan {
    plan_within(scan, options, None)
}

/// `previous` planned again for the findings of `files` (sorted), with the refusals `options` holds
/// now: the plans of the other files do not depend on them. A file's fixes may be of findings in other
/// files (a value fixed where it is written), so the files planned again are closed over that: every
/// file with an edit of one of their findings, and the files of every finding edited there.
#[must_use]
pub fn replan(scan: &Scan, options: &Options, previous: Plan, files: &[FileId]) -> Plan {
    let mut again: HashSet<FileId> = files.iter().copied().collect();
    loop {
        let count = again.len();
        for fix in &previous.files {
            let finding_files = fix.edits.iter().map(|e| scan.findings[e.finding].file);
            if again.contains(&fix.file) || finding_files.clone().any(|f| again.contains(&f)) {
                again.insert(fix.file);
                again.extend(finding_files);
            }
        }
        if again.len() == count {
            break;
        }
    }
    let within = |file: &FileId| again.contains(file);
    let mut fresh = plan_within(scan, options, Some(&within));
    // A fix planned now in a file outside those (one refused before for the edits there) would
    // meet that file's previous plan: everything is planned again.
    if fresh.files.iter().any(|f| !within(&f.file)) {
        return plan(scan, options);
    }
    fresh.files.extend(previous.files.into_iter().filter(|f| !within(&f.file)));
    fresh.files.sort_by_key(|f| f.file);
    let kept = previous.not_fixed.into_iter().filter(|n| !within(&scan.findings[n.finding].file));
    fresh.not_fixed.extend(kept);
    fresh.not_fixed.sort_by_key(|n| n.finding);
    fresh
}

fn plan_within(scan: &Scan, options: &Options, files: Option<&(dyn Fn(&FileId) -> bool + Sync)>) -> Plan {
    let index: HashMap<(&str, usize), &Resource> =
        scan.project.resources.iter().map(|r| ((r.address.as_str(), r.scope), r)).collect();
    let mut plan = Plan::default();
    let mut by_file: BTreeMap<FileId, Vec<usize>> = BTreeMap::new();
    for (i, finding) in scan.findings.iter().enumerate() {
        if files.is_some_and(|within| !within(&finding.file)) {
            continue;
        }
        let Some(fix) = scan.policies.get(finding.policy).and_then(|p| p.fix_of(finding)) else {
            continue;
        };
        if finding.suppression.is_some() || (options.gated_only && !scan.in_diff(i)) {
            continue;
        }
        let refuse = |reason: String| NotFixed { finding: i, reason };
        if let Some(reason) = options.refused.get(&finding.fingerprint) {
            plan.not_fixed.push(refuse(reason.clone()));
        } else if fix.safety == Safety::Unsafe && !options.unsafe_fixes {
            plan.not_fixed.push(refuse(format!("apply it with --unsafe-fixes ({})", fix.reason)));
        } else {
            by_file.entry(finding.file).or_default().push(i);
        }
    }
    // Files are independent: each is planned on its own, in parallel, on the threads that parse
    // Terraform (planning re-parses what it edits); then the fixes made where values are written,
    // maybe in other files.
    let modules = Modules::new(scan);
    crate::parse::terraform::on_parse_threads(|| {
        let planned: Vec<Planned> = by_file
            .into_par_iter()
            .map(|(file, findings)| plan_file(scan, (&index, &modules), options, file, findings))
            .collect();
        let mut elsewhere = Vec::new();
        for Planned { fix, mut not_fixed, mut deferred } in planned {
            plan.files.extend(fix);
            plan.not_fixed.append(&mut not_fixed);
            elsewhere.append(&mut deferred);
        }
        origin::plan_where_written(scan, options, &mut plan, elsewhere);
    });
    plan.not_fixed.sort_by_key(|n| n.finding);
    plan
}

/// What planning one file gives: its fixes, the findings it could not fix, and the fixes to make
/// where their value is written, maybe in another file.
struct Planned {
    fix: Option<FileFix>,
    not_fixed: Vec<NotFixed>,
    deferred: Vec<origin::Deferred>,
}

/// The fixes of one file's findings, applied one after the other; those of values read from a
/// variable are deferred to where the value is written.
fn plan_file(
    scan: &Scan,
    (index, modules): (&HashMap<(&str, usize), &Resource>, &Modules<'_>),
    options: &Options,
    file: FileId,
    findings: Vec<usize>,
) -> Planned {
    let source = &scan.project.files[file];
    let mut not_fixed = Vec::new();
    let mut deferred = Vec::new();
    let findings: Vec<usize> = findings
        .into_iter()
        .filter(|&i| match origin::where_written(scan, index, modules, i) {
            Ok(None) => true,
            Ok(Some(mut places)) => {
                deferred.append(&mut places);
                false
            }
            Err(reason) => {
                not_fixed.push(NotFixed { finding: i, reason });
                false
            }
        })
        .collect();
    if let Err(reason) = writable(&source.path, &options.root, source.generated) {
        not_fixed.extend(findings.iter().map(|&finding| NotFixed { finding, reason: reason.clone() }));
        return Planned { fix: None, not_fixed, deferred };
    }
    let original = source.text.as_str();
    let scanned = scan.documents.binary_search_by_key(&file, |(id, _)| *id).ok().map(|at| {
        let yaml = crate::parse::template_is_yaml(&source.path, &source.text);
        (&scan.documents[at].1, yaml)
    });
    let parsed = cloudformation::Original::new(original, scanned);
    let template = findings.first().is_some_and(|&i| scan.findings[i].format == Format::CloudFormation);
    let yaml = template && crate::parse::template_is_yaml(&source.path, &source.text);
    let mut editing = Editing::new(original, None, yaml);
    let planning = Planning { scan, index, modules, original: &parsed };
    for i in findings {
        let finding = &scan.findings[i];
        let (alone, redirected) = planning.fix_or_default(finding, original);
        let outcome = alone.and_then(|alone| {
            let alone = alone.ok_or(
                "the attributes the fix sets already have its values; the finding is decided elsewhere in the resource",
            )?;
            let (replaced, new_text) = replacement(original, &alone);
            // A fix made in a default points away from the finding, at the reference, by design.
            if !redirected && decides_elsewhere(index, finding, replaced) {
                return Err("the finding is decided by a value the fix does not set".to_string());
            }
            let edit = Edit { finding: i, safety: safety(scan, i), span: replaced, text: new_text };
            editing.add(edit, |text| planning.fix_or_default(finding, text).0)
        });
        if let Err(reason) = outcome {
            not_fixed.push(NotFixed { finding: i, reason });
        }
    }
    let (fixed, edits) = editing.finish();
    let file_fix = (!edits.is_empty()).then(|| FileFix::new(scan, file, fixed, edits));
    Planned { fix: file_fix, not_fixed, deferred }
}

impl FileFix {
    fn new(scan: &Scan, file: FileId, fixed: String, edits: Vec<Edit>) -> Self {
        let source = &scan.project.files[file];
        FileFix {
            file,
            path: source.path.clone(),
            display: source.display.clone(),
            original: source.text.clone(),
            fixed,
            edits,
        }
    }
}

/// Whether the fix of the finding at `index` is safe or unsafe.
fn safety(scan: &Scan, index: usize) -> Safety {
    let finding = &scan.findings[index];
    scan.policies[finding.policy].fix_of(finding).map_or(Safety::Safe, |f| f.safety)
}

/// Whether the finding points at a value the edit leaves alone (a list item the fix does not name):
/// the fix cannot make it go away. A finding about an absence points at the resource's declaration.
fn decides_elsewhere(index: &HashMap<(&str, usize), &Resource>, finding: &Finding, edit: Span) -> bool {
    let at_declaration = finding.resources.iter().any(|fr| {
        index
            .get(&(fr.address.as_str(), fr.scope))
            .is_some_and(|r| r.locate(r.head) == (finding.file, finding.span))
    });
    let touched = edit.start <= finding.span.start && finding.span.start < edit.end.max(edit.start + 1);
    !at_declaration && !touched
}

/// What planning one file's fixes reads: the scan, its resources by address, and the file's text
/// as it was read, parsed once.
#[derive(Clone, Copy)]
struct Planning<'a> {
    scan: &'a Scan,
    index: &'a HashMap<(&'a str, usize), &'a Resource>,
    modules: &'a Modules<'a>,
    original: &'a cloudformation::Original<'a>,
}

impl Planning<'_> {
    /// The finding's fix applied to `text`; when the value it would set is read from a template
    /// parameter alone, the fix made in the parameter's default instead, if nothing else reads it (and
    /// whether it was, for [`decides_elsewhere`]). A Terraform variable's value is fixed where it is
    /// written ([`origin`]).
    fn fix_or_default(&self, finding: &Finding, text: &str) -> (Outcome, bool) {
        match self.fix_text(finding, text) {
            Err(reason) if reason.starts_with(cloudformation::FROM_PARAMETER) => {
                match self.fix_default(finding, text) {
                    Ok(outcome) => (Ok(outcome), true),
                    // The default's reason says more when it is about the value (a `Ref` to a
                    // resource, not a parameter; a parameter read twice).
                    Err(why) if why.starts_with("the value comes from") => (Err(why), false),
                    Err(_) => (Err(reason), false),
                }
            }
            other => (other, false),
        }
    }

    /// [`fix_or_default`]'s edit of a template parameter's default: one resource, one value set, no
    /// companion. (A Terraform variable's is planned where the value is written: [`where_written`].)
    fn fix_default(&self, finding: &Finding, text: &str) -> Outcome {
        let Planning { scan, index, original, .. } = *self;
        let fix = scan.policies[finding.policy].fix_of(finding).ok_or("no fix")?;
        if fix.companion.is_some() {
            return Err("a companion is not made from a default".into());
        }
        let mut ids = finding.resources.iter().map(|fr| {
            index
                .get(&(fr.address.as_str(), fr.scope))
                .filter(|r| r.format == Format::CloudFormation && r.file == finding.file)
                .map(|r| r.address.rsplit('/').next().unwrap_or(&r.address))
                .ok_or("the resource is not in the finding's template")
        });
        let id = ids.next().ok_or("no resource")??;
        if ids.any(|other| other != Ok(id)) {
            return Err("the finding is on several resources".into());
        }
        let yaml = crate::parse::template_is_yaml(&scan.project.files[finding.file].path, text);
        cloudformation::apply_to_default(text, yaml, id, &fix.set, original)
    }

    /// The finding's fix applied to `text`, the current text of its file.
    fn fix_text(&self, finding: &Finding, text: &str) -> Outcome {
        let Planning { scan, index, original, .. } = *self;
        let fix = scan.policies[finding.policy].fix_of(finding).ok_or("no fix")?;
        let mut result: Option<String> = None;
        let mut seen = HashSet::default();
        // Instances of one block (count, for_each, condition branches) share its text: one edit.
        for fr in &finding.resources {
            let r = index.get(&(fr.address.as_str(), fr.scope)).ok_or("the resource is not in the scan")?;
            if r.file != finding.file || r.plan.is_some() {
                return Err("the resource is declared in another file than the finding".into());
            }
            if fix.resources.as_ref().is_some_and(|types| !types.contains(&r.rtype)) {
                return Err(format!("the fix does not cover {}", r.rtype));
            }
            let current = result.as_deref().unwrap_or(text);
            let next = match r.format {
                Format::Terraform => {
                    if is_json(&scan.project.files[r.file].path) {
                        return Err("Terraform JSON syntax is not edited automatically".into());
                    }
                    let name = block_name(&r.address, &r.rtype).ok_or("the resource's block is not found")?;
                    if !seen.insert(name.clone()) {
                        continue;
                    }
                    match &fix.companion {
                        Some(companion) => {
                            let siblings = self.modules.siblings(r.file);
                            let added = current != scan.project.files[r.file].text;
                            let parsed = scanned_tree(scan, r.file, current);
                            terraform::add_companion(
                                (current, parsed),
                                &r.rtype,
                                &name,
                                companion,
                                &fix.set,
                                &siblings,
                                added,
                            )?
                        }
                        None => terraform::apply(
                            current,
                            scanned_tree(scan, r.file, current),
                            &r.rtype,
                            &name,
                            &fix.set,
                        )?,
                    }
                }
                Format::CloudFormation => {
                    let id = r.address.rsplit('/').next().unwrap_or(&r.address).to_string();
                    if !seen.insert(id.clone()) {
                        continue;
                    }
                    // As the scan read it: a `.template` is JSON when it looks like JSON.
                    let yaml = crate::parse::template_is_yaml(&scan.project.files[r.file].path, text);
                    cloudformation::apply(current, yaml, &id, &fix.set, original)?
                }
            };
            if let Some(next) = next {
                result = Some(next);
            }
        }
        Ok(result)
    }
}

/// The syntax tree the scan parsed of `file`, when `text` is still what it parsed: the file as read,
/// in native syntax, without a byte order mark (which the parser saw as spaces).
fn scanned_tree<'s>(scan: &'s Scan, file: FileId, text: &str) -> Option<&'s hcl_edit::structure::Body> {
    let source = &scan.project.files[file];
    if text != source.text || text.starts_with('\u{feff}') {
        return None;
    }
    native(scan, file).map(|p| &p.body)
}

/// The scan's tree of `file` when it is native syntax (a JSON file's tree is a rewrite). Terraform
/// files have the first ids, in the order of their trees.
fn native(scan: &Scan, file: FileId) -> Option<&ParsedFile> {
    let at = scan.syntax.get(file).filter(|p| p.file == file);
    at.or_else(|| scan.syntax.iter().find(|p| p.file == file)).filter(|p| p.spans.is_none())
}

/// The scan's parsed Terraform files by directory (module), indexed once for a plan.
struct Modules<'s> {
    scan: &'s Scan,
    by_dir: HashMap<Option<&'s Path>, Vec<&'s ParsedFile>>,
}

impl<'s> Modules<'s> {
    fn new(scan: &'s Scan) -> Self {
        let mut by_dir: HashMap<Option<&Path>, Vec<&ParsedFile>> = HashMap::default();
        for p in &scan.syntax {
            if let Some(f) = scan.project.files.get(p.file) {
                by_dir.entry(f.path.parent()).or_default().push(p);
            }
        }
        Modules { scan, by_dir }
    }

    /// The parsed Terraform files of `file`'s directory (its module), `file` among them.
    fn files(&self, file: FileId) -> impl Iterator<Item = &'s ParsedFile> + use<'s, '_> {
        let dir = self.scan.project.files[file].path.parent();
        self.by_dir.get(&dir).into_iter().flatten().copied()
    }

    /// The syntax trees of the other Terraform files of `file`'s directory (its module).
    fn siblings(&self, file: FileId) -> Vec<&'s hcl_edit::structure::Body> {
        self.files(file).filter(|p| p.file != file).map(|p| &p.body).collect()
    }
}

fn is_json(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// `module.a.aws_s3_bucket.b["x"]` → `b`: the block's name in its file.
fn block_name(address: &str, rtype: &str) -> Option<String> {
    let at = address.rfind(&format!("{rtype}."))?;
    let rest = &address[at + rtype.len() + 1..];
    let name = rest.split('[').next()?;
    (!name.is_empty()).then(|| name.to_string())
}

/// The single replacement that turns `old` into `new`: the whole lines of `old` between their
/// common prefix and suffix, and the text of `new` there. Whole lines read better in a SARIF viewer
/// or a suggestion than `fals` becoming `tru`.
#[must_use]
pub fn replacement(old: &str, new: &str) -> (Span, String) {
    let both = |p: usize| old.is_char_boundary(p) && new.is_char_boundary(p);
    let mut prefix = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    while !both(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix =
        old.bytes().rev().zip(new.bytes().rev()).take(max_suffix).take_while(|(a, b)| a == b).count();
    while !(old.is_char_boundary(old.len() - suffix) && new.is_char_boundary(new.len() - suffix)) {
        suffix -= 1;
    }
    let start = old[..prefix].rfind('\n').map_or(0, |i| i + 1);
    let old_end = old.len() - suffix;
    // A change that ends where a line ends (a whole line inserted) keeps its end; any other is
    // extended to the end of its line.
    if !(old_end > 0 && old.as_bytes()[old_end - 1] == b'\n') {
        let line_end = old[old_end..].find('\n').map_or(old.len(), |i| old_end + i);
        suffix = old.len() - line_end;
    }
    (Span::new(start, old.len() - suffix), new[start..new.len() - suffix].to_string())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn replacement_is_the_changed_middle() {
        assert_eq!(replacement("a = false\n", "a = true\n"), (Span::new(0, 9), "a = true".into()));
        assert_eq!(replacement("x\n}", "x\n  y = 1\n}"), (Span::new(2, 2), "  y = 1\n".into()));
        assert_eq!(
            replacement("a\nb = 1 # c\nd\n", "a\nb = 2 # c\nd\n"),
            (Span::new(2, 11), "b = 2 # c".into())
        );
        assert_eq!(replacement("é", "è"), (Span::new(0, 2), "è".into()));
        let (span, text) = replacement("k {\n  a = 1\n}\n", "k {\n  a   = 1\n  bcd = 2\n}\n");
        assert_eq!((span, text.as_str()), (Span::new(4, 11), "  a   = 1\n  bcd = 2"));
    }

    #[test]
    fn block_names_drop_modules_and_keys() {
        assert_eq!(block_name("module.a.aws_kms_key.k[\"x\"]", "aws_kms_key").as_deref(), Some("k"));
        assert_eq!(block_name("aws_kms_key.k[0]", "aws_kms_key").as_deref(), Some("k"));
        assert_eq!(block_name("aws_kms_key", "aws_kms_key"), None);
    }
}
