//! Suppressions in a CloudFormation resource's `Metadata` (JSON and YAML alike):
//!
//! ```yaml
//! Metadata:
//!   palisade: { ignore: [{ id: AWS-S3-002, reason: static site, expires: 2026-12-31 }] }
//!   checkov: { skip: [{ id: CKV_AWS_21, comment: … }] }
//!   cfn_nag: { rules_to_suppress: [{ id: W35, reason: … }] }
//!   cfn-lint: { config: { ignore_checks: [W3005] } }
//! ```

use super::date::Date;
use super::{Directive, Target, Tool};
use crate::diag::Diagnostic;
use crate::model::Resource;
use crate::source::{Format, SourceFile};
use crate::value::{Kind, Value};

/// The directives in one resource's `Metadata`.
pub(super) fn scan(
    index: usize,
    resource: &Resource,
    file: &SourceFile,
    out: &mut Vec<Directive>,
    diags: &mut Vec<Diagnostic>,
) {
    if resource.format != Format::CloudFormation {
        return;
    }
    let Some(metadata) = resource.attrs.get("Metadata") else { return };
    let line = |v: &Value| file.line_col(v.span.start as usize).line;
    let mut push = |tool: Tool, item: &Value, ids: Vec<String>, reason: Option<String>, expires| {
        let mut d = Directive::new(tool, ids, reason, expires, Target::Resource(index));
        d.file = resource.file;
        d.line = line(item);
        out.push(d);
    };
    let text = |v: Option<&Value>| v.and_then(Value::scalar_text).filter(|s| !s.trim().is_empty());

    for item in list(path(metadata, &["palisade", "ignore"])) {
        let Some(id) = text(item.get("id")) else {
            diags.push(warning(file, line(item), "Metadata.palisade.ignore entry has no `id`"));
            continue;
        };
        let expires = match text(item.get("expires")) {
            Some(raw) => {
                let Some(d) = Date::parse(&raw) else {
                    let message = format!("suppression of {id}: expiry `{raw}` is not a YYYY-MM-DD date");
                    diags.push(warning(file, line(item), &message));
                    continue;
                };
                Some(d)
            }
            None => None,
        };
        push(Tool::Palisade, item, vec![id], text(item.get("reason")), expires);
    }
    for item in list(path(metadata, &["checkov", "skip"])) {
        if let Some(id) = text(item.get("id")) {
            push(Tool::Checkov, item, vec![id], text(item.get("comment")), None);
        }
    }
    for item in list(path(metadata, &["cfn_nag", "rules_to_suppress"])) {
        if let Some(id) = text(item.get("id")) {
            push(Tool::CfnNag, item, vec![id], text(item.get("reason")), None);
        }
    }
    for item in list(path(metadata, &["cfn-lint", "config", "ignore_checks"])) {
        if let Some(id) = text(Some(item)) {
            push(Tool::CfnLint, item, vec![id], None, None);
        }
    }
}

fn path<'v>(value: &'v Value, keys: &[&str]) -> Option<&'v Value> {
    keys.iter().try_fold(value, |v, k| v.get(k))
}

/// A list's items; a single mapping where a list is expected counts as a list of one.
fn list(value: Option<&Value>) -> Vec<&Value> {
    match value.map(|v| &v.kind) {
        Some(Kind::List(items)) => items.iter().collect(),
        Some(Kind::Map(_) | Kind::String(_)) => value.into_iter().collect(),
        _ => Vec::new(),
    }
}

fn warning(file: &SourceFile, line: usize, message: &str) -> Diagnostic {
    Diagnostic::warning(&file.display, Some(line), None, message)
}
