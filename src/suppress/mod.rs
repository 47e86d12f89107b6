//! Suppressions: accepting a finding without fixing it, and saying why.
//!
//! In-source suppressions come from comments ([`comments`]) and CloudFormation `Metadata`
//! ([`metadata`]); a baseline file ([`baseline`]) accepts findings by fingerprint. A suppressed finding
//! is kept and marked, never dropped, so SARIF carries the audit trail. The rules, in one place:
//!
//! - a comment applies to the code line it is on, or — written on its own line(s) — to the first code
//!   line below it; it suppresses a finding when that line is the finding's line or the first line of
//!   one of the finding's resources (`resource "…" "…" {`, or the CloudFormation logical id);
//! - a `palisade:ignore:` or `#checkov:skip=` comment written anywhere inside a resource's block (its
//!   own line at the top or end of the body, above or inside a nested block, trailing an attribute)
//!   also applies to every finding of that resource, wherever the finding points: that is where
//!   Checkov expects its comments, and where people put them. In YAML, a comment indented deeper than
//!   the code line below it ends the block above it and belongs there;
//! - `palisade:ignore-file:` applies to every finding of the file; `Metadata` to its resource;
//! - ids: Palisade's own forms name policy ids or aliases; the peers' forms name the ids listed in the
//!   policy's `equivalents` (tfsec/trivy: AVD ids and tfsec's long `aws-…` names);
//! - an expired suppression (today is after `exp:`) does not suppress and is reported as a warning;
//!   a Palisade suppression without a reason suppresses, with a warning.

pub mod baseline;
mod comments;
pub mod date;
mod metadata;
mod peers;

use crate::collections::HashMap;

use crate::diag::Diagnostic;
use crate::model::Project;
use crate::policy::{Finding, Policy, Suppression, SuppressionKind};
use crate::scan::Scan;
use crate::source::{FileId, Span};
pub use date::Date;

#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// The date expiries are compared with (the system date unless a test sets it).
    pub today: Option<Date>,
    /// Warn about Palisade suppressions that matched no finding.
    pub report_unused: bool,
}

/// Whose syntax a suppression was written in: decides which ids it may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tool {
    Palisade,
    Checkov,
    /// tfsec and trivy share ids (`AVD-AWS-0090`, `aws-s3-enable-versioning`).
    Tfsec,
    CfnNag,
    CfnLint,
}

impl Tool {
    fn name(self) -> &'static str {
        match self {
            Tool::Palisade => "palisade:ignore",
            Tool::Checkov => "checkov:skip",
            Tool::Tfsec => "tfsec/trivy:ignore",
            Tool::CfnNag => "cfn_nag",
            Tool::CfnLint => "cfn-lint",
        }
    }
}

/// What a suppression applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// Findings on this 1-based line or on resources that start on it.
    Line(usize),
    /// Every finding in the file.
    File,
    /// Findings on this resource (index into `project.resources`).
    Resource(usize),
    /// A comment followed by a blank line or the end of the file.
    Nothing,
    /// Findings on resources whose block holds this 1-based line: a `"//"` comment key in Terraform
    /// JSON syntax, which sits inside the object it is about, or a YAML comment that ends a block.
    Enclosing(usize),
}

#[derive(Clone, Debug)]
pub(crate) struct Directive {
    tool: Tool,
    ids: Vec<String>,
    reason: Option<String>,
    expires: Option<Date>,
    target: Target,
    file: FileId,
    /// Where it is written (1-based).
    line: usize,
    used: bool,
}

impl Directive {
    fn new(
        tool: Tool,
        ids: Vec<String>,
        reason: Option<String>,
        expires: Option<Date>,
        target: Target,
    ) -> Self {
        Directive { tool, ids, reason, expires, target, file: 0, line: 0, used: false }
    }

    fn names(&self, policy: &Policy) -> bool {
        self.ids.iter().any(|id| peers::names(self.tool, id, policy))
    }

    fn justification(&self) -> Option<String> {
        match (&self.reason, self.tool) {
            (Some(reason), _) => Some(reason.clone()),
            (None, Tool::Palisade) => None,
            (None, tool) => Some(format!("{} {}", tool.name(), self.ids.join(","))),
        }
    }
}

/// Marks the findings of `scan` that an in-source suppression accepts, and adds the warnings about
/// suppressions (expired, without a reason, malformed, unused when asked) to the scan's diagnostics.
pub fn apply(scan: &mut Scan, options: &Options) {
    let today = options.today.unwrap_or_else(Date::today);
    let mut directives = Vec::new();
    let mut diags = Vec::new();
    for (id, file) in scan.project.files.iter().enumerate() {
        comments::scan(id, file, &mut directives, &mut diags);
    }
    for (index, r) in scan.project.resources.iter().enumerate() {
        if let Some(file) = scan.project.files.get(r.file) {
            metadata::scan(index, r, file, &mut directives, &mut diags);
        }
    }
    let display = |d: &Directive| scan.project.files.get(d.file).map_or("", |f| f.display.as_str());
    for d in &directives {
        let ids = d.ids.join(",");
        if d.expires.is_some_and(|e| e < today) {
            let date = d.expires.map(|e| e.to_string()).unwrap_or_default();
            let message = format!("suppression of {ids} expired on {date}; the finding is reported again");
            diags.push(Diagnostic::warning(display(d), Some(d.line), None, message));
        } else if d.tool == Tool::Palisade && d.reason.is_none() {
            let message = format!("suppression of {ids} has no reason; say why after the id");
            diags.push(Diagnostic::warning(display(d), Some(d.line), None, message));
        }
    }

    let index = ResourceIndex::new(&scan.project);
    // Every directive applies within its own file only (a finding's resources are looked up in the
    // finding's file), so each finding is compared with its file's directives alone.
    let mut by_file: HashMap<FileId, Vec<usize>> = HashMap::default();
    for (i, d) in directives.iter().enumerate() {
        by_file.entry(d.file).or_default().push(i);
    }
    let (project, policies) = (&scan.project, &scan.policies);
    for finding in &mut scan.findings {
        if finding.suppression.is_some() {
            continue;
        }
        let Some(policy) = policies.get(finding.policy) else { continue };
        let lines = index.lines(project, finding);
        let resources = index.resources(finding);
        // A finding reported at the caller's line that decided its value (a module argument, a
        // tfvars line) is suppressed there too, by a comment on or above that line or the `module`
        // block: the user may not be able to edit the module.
        let moved = finding.file != finding.origin.file || finding.span != finding.origin.span;
        let caller = if moved { caller_lines(project, finding) } else { Vec::new() };
        let candidates = by_file.get(&finding.origin.file).into_iter().flatten().map(|&i| (i, false));
        let at_caller = by_file.get(&finding.file).into_iter().flatten().map(|&i| (i, true));
        let at_caller = at_caller.filter(|_| finding.file != finding.origin.file);
        let mut chosen = None;
        for (i, from_caller) in candidates.chain(at_caller) {
            let d = &mut directives[i];
            let targeted = match d.target {
                Target::Line(n) => {
                    lines.contains(&n) || (from_caller || d.file == finding.file) && caller.contains(&n)
                }
                Target::File => true,
                Target::Resource(r) => resources.contains(&r),
                Target::Nothing => false,
                Target::Enclosing(line) => {
                    !from_caller && ResourceIndex::inside(project, &resources, d.file, line)
                }
            };
            let applies = targeted
                || (!from_caller
                    && matches!(d.tool, Tool::Palisade | Tool::Checkov)
                    && ResourceIndex::inside(project, &resources, d.file, d.line));
            if !applies || !d.names(policy) {
                continue;
            }
            d.used = true;
            let expired = d.expires.is_some_and(|e| e < today);
            if !expired && chosen.is_none() {
                chosen = Some(i);
            }
        }
        if let Some(i) = chosen {
            let justification = directives[i].justification();
            finding.suppression = Some(Suppression { kind: SuppressionKind::InSource, justification });
        }
    }

    if options.report_unused {
        for d in directives.iter().filter(|d| !d.used && d.tool == Tool::Palisade) {
            let message = format!("suppression of {} matches no finding", d.ids.join(","));
            diags.push(Diagnostic::warning(display(d), Some(d.line), None, message));
        }
    }
    scan.project.diagnostics.extend(diags);
    scan.project.diagnostics.sort();
    scan.project.diagnostics.dedup();
}

/// The lines a suppression of a finding reported at a caller's line may target: that line, and the
/// first line of the `module` block that holds it.
fn caller_lines(project: &Project, finding: &Finding) -> Vec<usize> {
    let Some(file) = project.files.get(finding.file) else { return Vec::new() };
    let line = |offset: u32| file.line_col(offset as usize).line;
    let mut lines = vec![line(finding.span.start)];
    let holds = |l: &crate::model::Location| {
        l.file == finding.file && l.span.start <= finding.span.start && finding.span.end <= l.span.end
    };
    lines.extend(finding.related.iter().filter(|l| holds(l)).map(|l| line(l.span.start)));
    lines
}

/// Finds the resources a finding names: by file and address (addresses are unique per file).
struct ResourceIndex<'a> {
    by_address: HashMap<(FileId, &'a str, usize), Vec<usize>>,
}

impl<'a> ResourceIndex<'a> {
    fn new(project: &'a Project) -> Self {
        let mut by_address: HashMap<(FileId, &str, usize), Vec<usize>> =
            crate::collections::map_with_capacity(project.resources.len());
        for (i, r) in project.resources.iter().enumerate() {
            // A finding decided in an override file is in that file.
            for file in r.files() {
                by_address.entry((file, r.address.as_str(), r.scope)).or_default().push(i);
            }
        }
        ResourceIndex { by_address }
    }

    fn resources(&self, finding: &Finding) -> Vec<usize> {
        finding
            .resources
            .iter()
            .filter_map(|r| self.by_address.get(&(finding.origin.file, r.address.as_str(), r.scope)))
            .flatten()
            .copied()
            .collect()
    }

    /// The finding's own line and the first lines of its resources and their declarations.
    fn lines(&self, project: &Project, finding: &Finding) -> Vec<usize> {
        let at = &finding.origin;
        let Some(file) = project.files.get(at.file) else { return Vec::new() };
        let line = |offset: u32| file.line_col(offset as usize).line;
        let mut lines = vec![line(at.span.start)];
        for r in self.resources(finding) {
            let res = &project.resources[r];
            if res.file == at.file {
                lines.extend([line(res.span.start), line(res.head.start)]);
            }
            // The first line of an override block in the finding's file, as for the block itself.
            let overrides = res.overrides.iter().filter(|o| o.file == at.file);
            lines.extend(overrides.map(|o| line(o.span.start)));
        }
        lines
    }

    /// Whether `line` of `file` is inside one of these resources' blocks.
    fn inside(project: &Project, resources: &[usize], file: FileId, line: usize) -> bool {
        let Some(source) = project.files.get(file) else { return false };
        let holds = |span: Span| {
            let (start, end) = source.span_positions(span);
            (start.line..=end.line).contains(&line)
        };
        resources.iter().any(|&r| {
            let res = &project.resources[r];
            (res.file == file && holds(res.span))
                || res.overrides.iter().any(|o| o.file == file && holds(o.span))
        })
    }
}
