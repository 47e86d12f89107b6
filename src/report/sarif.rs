//! The SARIF 2.1.0 report, shaped for GitHub code scanning: one run, one rule per policy that ran,
//! repo-relative locations, partial fingerprints, suppressions, and parse failures as tool execution
//! notifications. Everything is expressible with `serde-sarif`'s types.

mod rules;

#[cfg(test)]
mod conformance;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use rayon::prelude::*;
use serde_json::json;
use serde_sarif::sarif as s;

use super::{RenderOptions, RepoRoot, file_of, region};
use crate::diag::{DiagLevel, Diagnostic};
use crate::escape::text;
use crate::policy::{Finding, SuppressionKind};
use crate::scan::Scan;
use crate::source::FileId;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
pub const INFORMATION_URI: &str = "https://github.com/palisade-iac/palisade";
/// The base every relative uri is resolved against: the directory the scan ran in.
pub const SRCROOT: &str = "%SRCROOT%";
/// The key of [`Finding::fingerprint`] in `partialFingerprints`; bump it if the hash ever changes.
pub const FINGERPRINT_KEY: &str = "palisade/v2";
/// GitHub rejects runs with more results, and results with more locations.
pub const MAX_RESULTS: usize = 25_000;
pub const MAX_LOCATIONS: usize = 1_000;
/// Addresses named in a result message; the logical locations list all of them.
const MESSAGE_ADDRESSES: usize = 3;

#[must_use]
pub fn render(scan: &Scan, options: &RenderOptions) -> String {
    let rules = rules::rules(&scan.policies);
    let root = RepoRoot::new(options);
    // Each file's uri once: a file has many findings.
    let uris: Vec<s::ArtifactLocation> =
        scan.project.files.iter().map(|f| artifact(&f.display, root.as_ref())).collect();
    let fixes = planned_fixes(scan, options);
    let ctx = Ctx { scan, uris: &uris, index: &rules.index, fixes: &fixes };
    // Results are most of the log. Each is built and serialised on its own, in parallel, at the
    // indentation it has in the log, and spliced in where the serialised run holds an empty list.
    let results: Vec<String> = reported(scan, MAX_RESULTS)
        .par_iter()
        .map(|&i| {
            let Some(f) = scan.findings.get(i) else { return String::new() };
            let mut result = result(&ctx, f);
            result.fixes = ctx.fixes.get(&i).and_then(|(file, edit)| sarif_fix(&ctx, f, *file, edit));
            mark_scope(scan, i, &mut result);
            let json = serde_json::to_string_pretty(&result).unwrap_or_default();
            indented(&json, RESULTS.item_break)
        })
        .collect();
    // The rule descriptors, a few kilobytes each, the same way.
    let descriptors: Vec<String> = rules
        .descriptors
        .par_iter()
        .map(|d| indented(&serde_json::to_string_pretty(d).unwrap_or_default(), RULES.item_break))
        .collect();
    let mut log = s::Sarif::builder()
        .version(json!("2.1.0"))
        .runs(vec![run(scan, options, root.as_ref(), Vec::new())])
        .build();
    log.schema = Some(SCHEMA_URI.to_string());
    // Serialising serde-sarif's types into a String cannot fail: all map keys are strings.
    let estimate = 1024 * scan.project.diagnostics.len() + 64 * 1024;
    let mut buffer = Vec::with_capacity(estimate);
    let skeleton = match serde_json::to_writer_pretty(&mut buffer, &log) {
        Ok(()) => String::from_utf8(buffer).unwrap_or_default(),
        Err(_) => String::new(),
    };
    splice(&skeleton, [(&RESULTS, &results), (&RULES, &descriptors)])
}

/// A list the serialised skeleton holds empty, as the pretty printer writes it, and where its items
/// go: each after a line break and the indentation of its depth, the closing bracket one level out.
struct Slot {
    empty: &'static str,
    open: &'static str,
    item_break: &'static str,
    close: &'static str,
}

/// `runs[0].results`, four levels deep, and `runs[0].tool.driver.rules`, six.
const RESULTS: Slot =
    Slot { empty: "\"results\": []", open: "\"results\": [", item_break: "\n        ", close: "\n      ]" };
const RULES: Slot = Slot {
    empty: "\"rules\": []",
    open: "\"rules\": [",
    item_break: "\n            ",
    close: "\n          ]",
};

/// The skeleton with each slot's items put in, assembled once at its final size: fresh memory is
/// slow to touch, and this is megabytes. The empty lists are the only places their text can occur:
/// inside a JSON string every quote is escaped.
fn splice(skeleton: &str, slots: [(&Slot, &Vec<String>); 2]) -> String {
    let mut found: Vec<(usize, &Slot, &Vec<String>)> = slots
        .into_iter()
        .filter(|(_, items)| !items.is_empty())
        .filter_map(|(slot, items)| skeleton.find(slot.empty).map(|at| (at, slot, items)))
        .collect();
    found.sort_by_key(|(at, _, _)| *at);
    let size = skeleton.len()
        + found
            .iter()
            .flat_map(|(_, slot, items)| items.iter().map(|i| i.len() + slot.item_break.len() + 1))
            .sum::<usize>()
        + 64;
    let mut out = String::with_capacity(size);
    let mut from = 0;
    for (at, slot, items) in found {
        out.push_str(&skeleton[from..at]);
        out.push_str(slot.open);
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(slot.item_break);
            out.push_str(item);
        }
        out.push_str(slot.close);
        from = at + slot.empty.len();
    }
    out.push_str(&skeleton[from..]);
    out.push('\n');
    out
}

/// The indices of the findings reported, in order: all of them up to `cap`; past it, the findings in
/// the change are the ones to keep.
fn reported(scan: &Scan, cap: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scan.findings.len()).collect();
    if order.len() > cap {
        order.sort_by_key(|&i| !scan.in_diff(i));
        order.truncate(cap);
    }
    order
}

/// `json` with every line break followed by `item_break`, the indentation of its place in the log.
/// Thousands of results of a hundred lines each: memchr finds the breaks several times faster than
/// `str::replace` does.
fn indented(json: &str, item_break: &str) -> String {
    let breaks = memchr::memchr_iter(b'\n', json.as_bytes());
    let mut out = String::with_capacity(json.len() + json.len() / 4);
    let mut from = 0;
    for at in breaks {
        out.push_str(&json[from..at]);
        out.push_str(item_break);
        from = at + 1;
    }
    out.push_str(&json[from..]);
    out
}

/// What every result needs: the scan, the uri of each file and the index of each rule.
struct Ctx<'a> {
    scan: &'a Scan,
    uris: &'a [s::ArtifactLocation],
    index: &'a BTreeMap<String, usize>,
    /// Each fixable finding's edit, by finding index.
    fixes: &'a BTreeMap<usize, (FileId, crate::fix::Edit)>,
}

fn run(
    scan: &Scan,
    options: &RenderOptions,
    root: Option<&RepoRoot>,
    rules: Vec<s::ReportingDescriptor>,
) -> s::Run {
    let mut notifications: Vec<s::Notification> =
        scan.project.diagnostics.iter().map(|d| notification(d, root)).collect();
    if scan.findings.len() > MAX_RESULTS {
        let text = format!(
            "results truncated: the first {MAX_RESULTS} of {} findings are reported",
            scan.findings.len()
        );
        let mut truncated = s::Notification::builder().message(message(text)).build();
        truncated.level = Some(json!("warning"));
        notifications.push(truncated);
    }

    let mut driver = s::ToolComponent::builder().name("palisade").build();
    driver.version = Some(env!("CARGO_PKG_VERSION").to_string());
    driver.semantic_version = Some(env!("CARGO_PKG_VERSION").to_string());
    driver.information_uri = Some(INFORMATION_URI.to_string());
    driver.rules = Some(rules);

    let mut invocation = s::Invocation::builder().execution_successful(true).build();
    invocation.tool_execution_notifications = Some(notifications);

    let mut run = s::Run::builder().tool(s::Tool::builder().driver(driver).build()).build();
    run.automation_details = Some(s::RunAutomationDetails {
        id: Some(automation_id(options.category.as_deref())),
        ..Default::default()
    });
    // No uri: the consumer (GitHub: the repository root) decides where the repository is, which keeps
    // the log free of machine paths.
    let base = if root.is_some() {
        "The repository root (its git top-level, or --root)."
    } else {
        "The directory palisade was run in."
    };
    run.original_uri_base_ids = Some(BTreeMap::from([(
        SRCROOT.to_string(),
        s::ArtifactLocation { description: Some(message(base.to_string())), ..Default::default() },
    )]));
    // Columns count characters (see `SourceFile::line_col`), not SARIF's default UTF-16 code units.
    run.column_kind = Some(json!("unicodeCodePoints"));
    run.invocations = Some(vec![invocation]);
    run.results = Some(Vec::new());
    run
}

/// GitHub takes everything up to the last `/` as the category.
fn automation_id(category: Option<&str>) -> String {
    let category = category.map(str::trim).filter(|c| !c.is_empty()).unwrap_or("palisade");
    if category.ends_with('/') { category.to_string() } else { format!("{category}/") }
}

fn message(text: String) -> s::Message {
    s::Message { text: Some(text), ..Default::default() }
}

fn result(ctx: &Ctx<'_>, finding: &Finding) -> s::Result {
    let rule_index = ctx.index;
    let logical: Vec<s::LogicalLocation> = finding
        .resources
        .iter()
        .take(MAX_LOCATIONS)
        .map(|r| s::LogicalLocation {
            // CDK output: the construct path, which the user finds in their code.
            name: r.construct.as_deref().map(|c| text(c).into_owned()),
            fully_qualified_name: Some(text(&r.qualified()).into_owned()),
            kind: Some("resource".to_string()),
            ..Default::default()
        })
        .collect();
    let location = s::Location {
        physical_location: physical(ctx, finding.file, finding.span),
        logical_locations: (!logical.is_empty()).then_some(logical),
        ..Default::default()
    };
    let related: Vec<s::Location> = finding
        .related
        .iter()
        .take(MAX_LOCATIONS)
        .enumerate()
        .map(|(id, l)| s::Location {
            id: Some(id as i64),
            physical_location: physical(ctx, l.file, l.span),
            message: Some(message(if *l == finding.origin {
                "where the module uses the value".to_string()
            } else {
                match finding.format {
                    crate::source::Format::CloudFormation => "nested stack".to_string(),
                    crate::source::Format::Terraform => "module call".to_string(),
                }
            })),
            ..Default::default()
        })
        .collect();
    let suppressions = finding.suppression.as_ref().map(|sup| {
        let kind = match sup.kind {
            SuppressionKind::InSource => "inSource",
            SuppressionKind::External => "external",
        };
        let mut suppression = s::Suppression::builder().kind(json!(kind)).build();
        suppression.justification = sup.justification.as_deref().map(|j| text(j).into_owned());
        vec![suppression]
    });
    let types: BTreeSet<_> = finding.resources.iter().map(|r| text(&r.rtype)).collect();
    let mut properties = s::PropertyBag {
        tags: None,
        additional_properties: BTreeMap::from([
            ("format".to_string(), json!(finding.format.name())),
            ("resourceTypes".to_string(), json!(types)),
        ]),
    };
    if !finding.assumed_parameters.is_empty() {
        // The verdict holds for these defaults only: a dashboard can tell it from a certain one.
        properties
            .additional_properties
            .insert("assumedParameterDefaults".to_string(), json!(finding.assumed_parameters));
    }
    let mut result = s::Result::builder().message(message(result_message(finding))).build();
    result.rule_id = Some(finding.rule_id.clone());
    result.rule_index = rule_index.get(&finding.rule_id).map(|&i| i as i64);
    result.level = Some(rules::level(finding.severity));
    result.locations = Some(vec![location]);
    result.partial_fingerprints =
        Some(BTreeMap::from([(FINGERPRINT_KEY.to_string(), finding.fingerprint.clone())]));
    result.related_locations = (!related.is_empty()).then_some(related);
    result.suppressions = suppressions;
    result.properties = Some(properties);
    result
}

/// The edits `palisade fix` would plan for the findings, safe and unsafe, by finding index.
fn planned_fixes(scan: &Scan, options: &RenderOptions) -> BTreeMap<usize, (FileId, crate::fix::Edit)> {
    if !options.sarif_fixes || !scan.policies.iter().any(|p| !p.fixes.is_empty()) {
        return BTreeMap::new();
    }
    let root = options.root.clone().unwrap_or_else(|| std::path::PathBuf::from("."));
    let fix_options = crate::fix::Options { unsafe_fixes: true, root, ..Default::default() };
    let plan = crate::fix::plan(scan, &fix_options);
    let edits = plan.files.into_iter().flat_map(|f| f.edits.into_iter().map(move |e| (f.file, e)));
    edits.map(|(file, e)| (e.finding, (file, e))).collect()
}

/// SARIF `fixes`: one artifact change replacing the edit's region of the file it is in (the finding's,
/// or the one where the value is written).
fn sarif_fix(
    ctx: &Ctx<'_>,
    finding: &Finding,
    in_file: FileId,
    edit: &crate::fix::Edit,
) -> Option<Vec<s::Fix>> {
    // The replacement is scanned text: one that holds control characters or a secret is not
    // printed, since escaping or masking it would make it a different edit.
    if edit.text.split('\n').any(|line| crate::fix::diff::printable(line) != line) {
        return None;
    }
    let file = file_of(ctx.scan, in_file)?;
    let (start, end) = file.span_positions(edit.span);
    let policy = ctx.scan.policies.get(finding.policy)?;
    let reason = policy.fix_of(finding).map(|f| f.reason.clone()).unwrap_or_default();
    let fix = json!({
        "description": {"text": format!("{} fix: {}", edit.safety.name(), text(&reason))},
        "artifactChanges": [{
            "artifactLocation": ctx.uris.get(in_file)?,
            "replacements": [{
                "deletedRegion": {
                    "startLine": start.line,
                    "startColumn": start.column,
                    "endLine": end.line,
                    "endColumn": end.column,
                },
                "insertedContent": {"text": edit.text},
            }],
        }],
    });
    serde_json::from_value(json!([fix])).ok()
}

/// In a `--diff-base` scan every finding is reported, since code scanning closes the alerts an upload
/// leaves out. Those on resources the change touches are `baselineState: new` and `inDiff: true`,
/// the others `unchanged` and `false`: the state is the resource's, not a comparison of two scans.
fn mark_scope(scan: &Scan, index: usize, result: &mut s::Result) {
    if scan.diff.is_none() {
        return;
    }
    let in_diff = scan.in_diff(index);
    result.baseline_state = Some(json!(if in_diff { "new" } else { "unchanged" }));
    if let Some(properties) = &mut result.properties {
        properties.additional_properties.insert("inDiff".to_string(), json!(in_diff));
    }
}

/// The message names the resources: GitHub lists alerts by message, and one rule fires on many.
fn result_message(finding: &Finding) -> String {
    text(&untrusted_result_message(finding)).into_owned()
}

fn untrusted_result_message(finding: &Finding) -> String {
    let addresses: Vec<std::borrow::Cow<'_, str>> = finding.resources.iter().map(|r| r.qualified()).collect();
    match addresses.len() {
        0 => finding.message.clone(),
        n if n <= MESSAGE_ADDRESSES => format!("{}: {}", finding.message, addresses.join(", ")),
        n => format!(
            "{}: {}, and {} more",
            finding.message,
            addresses[..MESSAGE_ADDRESSES].join(", "),
            n - MESSAGE_ADDRESSES
        ),
    }
}

fn physical(ctx: &Ctx<'_>, id: usize, at: crate::source::Span) -> Option<s::PhysicalLocation> {
    let file = file_of(ctx.scan, id)?;
    let (start, end) = region(file, at);
    Some(s::PhysicalLocation {
        artifact_location: ctx.uris.get(id).cloned(),
        region: Some(s::Region {
            start_line: Some(start.line as i64),
            start_column: Some(start.column as i64),
            end_line: Some(end.line as i64),
            end_column: Some(end.column as i64),
            ..Default::default()
        }),
        ..Default::default()
    })
}

/// A path inside the repository root (or, without one, the current directory) becomes a
/// `%SRCROOT%`-relative uri; a path outside it becomes a `file://` uri, since no base can reach it.
/// The uri must name the file, so it is the raw path, percent-encoded: no control character survives
/// [`encode`].
fn artifact(display: &str, root: Option<&RepoRoot>) -> s::ArtifactLocation {
    let in_root = root.map(|r| r.relative(display));
    let path = match &in_root {
        Some(Some(relative)) => relative.clone(),
        _ => display.replace('\\', "/"),
    };
    let mut path = path.as_str();
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    let drive = path.len() >= 2 && path.as_bytes()[1] == b':' && path.as_bytes()[0].is_ascii_alphabetic();
    if path.starts_with('/') || drive {
        // The drive letter's colon stays: `file:///C:/x` is how every consumer spells it.
        let uri = if drive {
            format!("file:///{}{}", &path[..2], encode(&path[2..]))
        } else {
            format!("file://{}", encode(path))
        };
        return s::ArtifactLocation { uri: Some(uri), ..Default::default() };
    }
    s::ArtifactLocation {
        uri: Some(encode(path)),
        uri_base_id: Some(SRCROOT.to_string()),
        ..Default::default()
    }
}

/// Percent-encodes everything but unreserved characters, `/`, and the sub-delimiters a path may hold.
/// `:` is encoded too, so a first segment like `c:` is never read as a scheme.
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&byte);
        if keep {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

fn notification(diagnostic: &Diagnostic, root: Option<&RepoRoot>) -> s::Notification {
    let level = match diagnostic.level {
        DiagLevel::Error => "error",
        DiagLevel::Warning => "warning",
        DiagLevel::Note => "note",
    };
    let location = (!diagnostic.file.is_empty()).then(|| {
        let region = diagnostic.line.filter(|&l| l > 0).map(|line| s::Region {
            start_line: Some(line as i64),
            start_column: diagnostic.column.filter(|&c| c > 0).map(|c| c as i64),
            ..Default::default()
        });
        vec![s::Location {
            physical_location: Some(s::PhysicalLocation {
                artifact_location: Some(artifact(&diagnostic.file, root)),
                region,
                ..Default::default()
            }),
            ..Default::default()
        }]
    });
    let mut notification =
        s::Notification::builder().message(message(text(&diagnostic.message).into_owned())).build();
    notification.level = Some(json!(level));
    notification.locations = location;
    notification
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        let a = artifact("./modules\\web/main file.tf", None);
        assert_eq!(a.uri.as_deref(), Some("modules/web/main%20file.tf"));
        assert_eq!(a.uri_base_id.as_deref(), Some(SRCROOT));
        let a = artifact("/abs/x#1.tf", None);
        assert_eq!(a.uri.as_deref(), Some("file:///abs/x%231.tf"));
        assert_eq!(a.uri_base_id, None);
        let a = artifact("C:\\x\\y.tf", None);
        assert_eq!(a.uri.as_deref(), Some("file:///C:/x/y.tf"));
        assert_eq!(encode("caf\u{e9}:1"), "caf%C3%A9%3A1");
    }

    #[test]
    fn past_the_cap_the_findings_in_the_change_are_kept() {
        let mut scan = crate::report::fixture::scan();
        assert_eq!(reported(&scan, 2), [0, 1]);
        let findings = vec![false, false, true];
        scan.diff = Some(crate::scan::DiffScope { findings, ..Default::default() });
        assert_eq!(reported(&scan, 2), [2, 0]);
        assert_eq!(reported(&scan, 3), [0, 1, 2]);
    }

    #[test]
    fn automation_ids_end_with_a_slash() {
        assert_eq!(automation_id(None), "palisade/");
        assert_eq!(automation_id(Some("infra")), "infra/");
        assert_eq!(automation_id(Some("infra/")), "infra/");
        assert_eq!(automation_id(Some(" ")), "palisade/");
    }
}
