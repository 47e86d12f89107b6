//! What the parsers and evaluators produce and the policies read: resources with evaluated attributes,
//! the references between them, and the files they came from.

use std::path::PathBuf;

use crate::diag::Diagnostic;
use crate::source::{FileId, Format, SourceFile, Span};
use crate::value::Value;

/// Whether a Terraform block is a managed resource or a data source. CloudFormation has only resources.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    Managed,
    Data,
    /// A block that configures how Terraform builds the infrastructure rather than a piece of it: a
    /// `module` call (type `module`, with its `source` and `version`) or a `terraform` block (type
    /// `terraform`). Policies judge them like resources; they are not counted as resources.
    Setting,
}

/// A place in a file: used for the calling `module` blocks of a module's resources.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    pub file: FileId,
    pub span: Span,
}

/// One resource instance, as Terraform or CloudFormation would create it.
#[derive(Clone, Debug)]
pub struct Resource {
    pub format: Format,
    pub mode: Mode,
    /// `aws_s3_bucket`, `AWS::S3::Bucket`.
    pub rtype: String,
    /// Terraform's instance address (`module.web.aws_security_group.this`, `aws_s3_bucket.b["logs"]`),
    /// or the CloudFormation logical id.
    pub address: String,
    pub file: FileId,
    /// The namespace in which addresses are unique and references resolve: one per Terraform root
    /// module directory or CloudFormation template (two roots may both have `aws_s3_bucket.b`).
    pub scope: usize,
    /// The whole block or resource entry.
    pub span: Span,
    /// The declaration: `resource "aws_s3_bucket" "b"`, or the logical id key. Findings about something
    /// missing point here.
    pub head: Span,
    /// Evaluated attributes, always a map. Terraform: the block body, nested blocks as lists of maps
    /// (`ingress` is a list even when written once). CloudFormation: the resource entry without `Type`
    /// (`Properties`, `DeletionPolicy`, `Metadata`, …).
    pub attrs: Value,
    /// References from this resource to others, found in its attributes.
    pub refs: Vec<Reference>,
    /// The `module` blocks that led to this instance, outermost first.
    pub module_calls: Vec<Location>,
    /// The branch this instance stands for, when its values depend on conditions nobody can know
    /// before deployment (`IsProduction is false`): each feasible branch is judged on its own.
    pub assumptions: Vec<String>,
    /// Why this instance may not exist at all (its `count` or `for_each`, or a module call's, is
    /// unknown and may be zero). Its own findings still hold for every instance that could exist, but
    /// it cannot make another resource pass or fail.
    pub may_not_exist: Option<String>,
    /// CloudFormation: where a parameter's default stood in for a value nobody gave, and which
    /// (`Env = ""`). A finding decided there says which value it assumed.
    pub parameter_defaults: Vec<(Span, String)>,
    /// What the evaluation of this instance read besides its own block and the `module` blocks that
    /// led to it: a pull request that changes any of these may change its verdict.
    pub inputs: Vec<Input>,
    /// Terraform: the ranges of `span`s that stand for another file, an override file merged into
    /// this resource's block (see `eval::terraform::merge`). Empty for almost every resource.
    pub span_files: Vec<(Span, FileId)>,
    /// Terraform: the blocks of override files merged into this resource's block, in the order they
    /// apply. Suppression comments on them apply as on the block itself.
    pub overrides: Vec<Location>,
    /// Terraform: the plan file (`terraform show -json` output) this instance was read from. Its
    /// location is in the source the plan was made from when that is found; each plan is a scope
    /// of its own.
    pub plan: Option<FileId>,
    /// Terraform, in a module: where the module uses a value its caller decided (the span of
    /// `var.public` in this resource), and the place in the caller's files that decided it (the
    /// module argument, or the tfvars line the root module read it from). A finding about such a
    /// value is reported there: that is the line the user changes.
    pub origins: Vec<(Span, Location)>,
    /// Terraform, in a module `terraform init` downloaded: the `module` block in the user's own
    /// files that led here. The user cannot edit the module, only that call.
    pub user_call: Option<Location>,
}

impl Resource {
    /// The files its findings may be in: its own, and the override files merged into it.
    pub fn files(&self) -> impl Iterator<Item = FileId> + '_ {
        std::iter::once(self.file).chain(self.span_files.iter().map(|(_, file)| *file))
    }

    /// The file a span of this resource's values is in, and its place there.
    #[must_use]
    pub fn locate(&self, span: Span) -> (FileId, Span) {
        match self.span_files.iter().find(|(range, _)| range.start <= span.start && span.start <= range.end) {
            Some((range, file)) => {
                let back = |n: u32| n.saturating_sub(range.start);
                (*file, Span { start: back(span.start), end: back(span.end.min(range.end)) })
            }
            None => (self.file, span),
        }
    }
}

/// Something an evaluation read, for `--diff-base` to tell which resources a change reaches.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Input {
    /// An expression of a scanned file: a local, an output, a variable's default, a tfvars value.
    Text(Location),
    /// A whole file read by `file()`, `templatefile()` or `fileexists()`, or a parameters file: its
    /// canonical path, or for a file that does not exist the path that was looked for.
    File(PathBuf),
    /// Too many inputs to keep: any change at all may matter.
    Any,
}

/// More inputs than this on one value become [`Input::Any`]: the list stays small however the
/// configuration is written.
pub const MAX_INPUTS: usize = 256;

/// Adds `input` to `inputs`, keeping the list within twice [`MAX_INPUTS`]; [`compact_inputs`] makes
/// it distinct. Duplicates are dropped in batches, not looked for on every call: an evaluation adds
/// inputs hundreds of thousands of times, mostly ones it has already, and a search each time made
/// this a tenth of a scan.
pub fn add_input(inputs: &mut Vec<Input>, input: &Input) {
    if inputs.first() == Some(&Input::Any) || inputs.last() == Some(input) {
        return;
    }
    if *input == Input::Any {
        inputs.clear();
        inputs.push(Input::Any);
        return;
    }
    inputs.push(input.clone());
    if inputs.len() > 2 * MAX_INPUTS {
        compact_inputs(inputs);
    }
}

/// Lists up to this long are made distinct without sorting them.
const SMALL_INPUTS: usize = 16;

/// Makes `inputs` distinct; more than [`MAX_INPUTS`] become [`Input::Any`].
pub fn compact_inputs(inputs: &mut Vec<Input>) {
    if inputs.len() <= SMALL_INPUTS {
        // Most lists are a handful of inputs: a look back through them costs less than a sort.
        let mut kept = 0;
        for i in 0..inputs.len() {
            if !inputs[..kept].contains(&inputs[i]) {
                inputs.swap(kept, i);
                kept += 1;
            }
        }
        inputs.truncate(kept);
    } else {
        inputs.sort_unstable();
        inputs.dedup();
    }
    if inputs.len() > MAX_INPUTS || inputs.contains(&Input::Any) {
        inputs.clear();
        inputs.push(Input::Any);
    }
}

/// `aws_s3_bucket_versioning.v.bucket = aws_s3_bucket.b.id` is a reference from `v`, through the
/// attribute `bucket`, to the address `aws_s3_bucket.b`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// Dotted path of the attribute holding the reference, without list indices
    /// (`bucket`, `Properties.GroupId`, `ingress.security_groups`).
    pub via: String,
    /// The address of the referenced resource, in the same module (`aws_s3_bucket.b`,
    /// `module.x.aws_s3_bucket.b`) or a CloudFormation logical id; with its instance key when the
    /// reference names one instance and the key is known (`aws_s3_bucket.b[3]`, `aws_s3_bucket.b["logs"]`).
    pub target: String,
    pub span: Span,
}

/// A `module` call whose module was not evaluated: the resources it declares are missing from the
/// scan.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct UnevaluatedCall {
    /// The `module` block.
    pub at: Location,
    /// `module.vpc`, `module.app.module.vpc`.
    pub address: String,
    pub reason: String,
    /// Whether `terraform init` would let Palisade evaluate it (no cache, or a stale one).
    pub needs_init: bool,
}

/// Everything a scan found in its inputs.
#[derive(Debug, Default)]
pub struct Project {
    pub files: Vec<SourceFile>,
    pub resources: Vec<Resource>,
    pub diagnostics: Vec<Diagnostic>,
    /// Sorted, one entry per `module` block.
    pub unevaluated: Vec<UnevaluatedCall>,
}

impl Project {
    /// The directory of the root module whose `module` block led to this instance, as users see
    /// it; `None` for an instance declared in its root module (or a CloudFormation resource), and for
    /// a root in the current directory, so that the common single-root layout reads (and
    /// fingerprints) as it always did. For a resource of a CloudFormation nested stack, the template
    /// the scan started from (`stacks/app.yaml`): two templates of one directory may both name a
    /// stack `Network`.
    #[must_use]
    pub fn module_root(&self, r: &Resource) -> Option<String> {
        let call = r.module_calls.first()?;
        let display = &self.files.get(call.file)?.display;
        if r.format == Format::CloudFormation {
            return Some(display.clone());
        }
        display.rfind('/').map(|i| display[..i].to_string())
    }

    /// The name of the namespace an instance's address is unique in, for fingerprints: the
    /// directory of its Terraform root module (`""` for the current directory), or its template file.
    #[must_use]
    pub fn root_name(&self, r: &Resource) -> String {
        let Some(file) = self.files.get(r.module_calls.first().map_or(r.file, |call| call.file)) else {
            return String::new();
        };
        match r.format {
            Format::CloudFormation => file.display.clone(),
            Format::Terraform => {
                file.display.rfind('/').map(|i| file.display[..i].to_string()).unwrap_or_default()
            }
        }
    }

    /// An instance's address as reports show it: prefixed with its root module's directory when it
    /// came through a module call, since two roots may call the same module under the same name.
    #[must_use]
    pub fn qualified_address(&self, r: &Resource) -> String {
        match self.module_root(r) {
            Some(root) => format!("{root}:{}", r.address),
            None => r.address.clone(),
        }
    }

    /// Resource instances, counting the condition branches of one CloudFormation resource once.
    #[must_use]
    pub fn instance_count(&self) -> usize {
        self.resources
            .iter()
            .filter(|r| r.mode != Mode::Setting && r.assumptions.iter().all(|a| a.ends_with(" is false")))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_stay_distinct_and_bounded() {
        let mut inputs = Vec::new();
        add_input(&mut inputs, &Input::File(PathBuf::from("/r/a.json")));
        add_input(&mut inputs, &Input::File(PathBuf::from("/r/a.json")));
        assert_eq!(inputs, [Input::File(PathBuf::from("/r/a.json"))]);
        for _ in 0..3 {
            for i in 0..MAX_INPUTS - 1 {
                add_input(&mut inputs, &Input::File(PathBuf::from(format!("/r/{i}"))));
            }
            assert!(inputs.len() <= 2 * MAX_INPUTS, "bounded between compactions");
        }
        compact_inputs(&mut inputs);
        assert_eq!(inputs.len(), MAX_INPUTS, "distinct once compacted");
        add_input(&mut inputs, &Input::File(PathBuf::from("/r/c.json")));
        compact_inputs(&mut inputs);
        // Past the bound, any change at all counts: never a silent "out of scope".
        assert_eq!(inputs, [Input::Any]);
        add_input(&mut inputs, &Input::File(PathBuf::from("/r/b.json")));
        assert_eq!(inputs, [Input::Any]);
    }
}
