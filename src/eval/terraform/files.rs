//! `file`, `fileexists` and `templatefile`, confined to the scan roots.
//!
//! The scanner runs on untrusted pull requests: a template must not be able to make it read
//! `/etc/passwd` or `../../secrets` and leak the content into a finding. A path is resolved against the
//! root module's directory (as Terraform does), canonicalised (so `..` and symlinks are followed to
//! where they really lead), and read only when that lies inside a scan root. Anything else is Unknown.

use std::path::{Path, PathBuf};

use hcl_edit::template::Template;

use super::expr::{Eval, respan};
use crate::escape::quote;
use crate::eval::value::{Kind, Value};
use crate::source::Span;

/// Larger files are not read: a template is never this big, and memory stays bounded.
const MAX_FILE: u64 = 1 << 20;

pub(crate) fn call(ev: &mut Eval<'_, '_>, name: &str, args: &[Value], span: Span) -> Option<Value> {
    if !matches!(name, "file" | "fileexists" | "templatefile") {
        return None;
    }
    let Some(first) = args.first() else {
        return Some(ev.error(format!("function {name}: takes a path"), span));
    };
    if let Some(u) = first.find_unknown() {
        return Some(Value::new(Kind::Unknown(u.clone()), span));
    }
    let Some(path) = first.as_str() else {
        return Some(ev.error(format!("function {name}: the path must be a string"), span));
    };
    let resolved = match confine(&ev.env.root_dir(), ev.env.run.roots, path) {
        Ok(p) => p,
        Err(reason) => return Some(Value::unknown(format!("{name}({}): {reason}", quote(path)), span)),
    };
    Some(match (name, resolved) {
        ("fileexists", found) => Value::new(Kind::Bool(found.is_some()), span),
        (_, None) => ev.error(format!("function {name}: no such file"), span),
        ("file", Some(p)) => {
            read(&p).map_or_else(|reason| Value::unknown(reason, span), |t| Value::string(t, span))
        }
        (_, Some(p)) => match read(&p) {
            Ok(text) => render(ev, &text, args.get(1), span),
            Err(reason) => Value::unknown(reason, span),
        },
    })
}

/// The canonical path inside a root, `Ok(None)` when it does not exist inside one, `Err` when it
/// would leave every root.
fn confine(base: &Path, roots: &[PathBuf], path: &str) -> Result<Option<PathBuf>, &'static str> {
    let joined = base.join(path);
    let Ok(canonical) = joined.canonicalize() else {
        // Not there (or not reachable): say so only if the lexical path stays inside a root.
        let lexical = normalise(&joined);
        return if roots.iter().any(|r| lexical.starts_with(r)) {
            Ok(None)
        } else {
            Err("outside the scanned directories")
        };
    };
    if roots.iter().any(|r| canonical.starts_with(r)) && canonical.is_file() {
        Ok(Some(canonical))
    } else {
        Err("outside the scanned directories")
    }
}

/// `a/b/../c` → `a/c` without touching the disk.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn read(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read file: {e}"))?;
    if meta.len() > MAX_FILE {
        return Err("file is larger than 1 MiB; not read".to_string());
    }
    std::fs::read_to_string(path).map_err(|_| "file is not UTF-8 text".to_string())
}

/// Renders a template file with its variables: only the given variables are in scope, as in Terraform.
fn render(ev: &mut Eval<'_, '_>, text: &str, vars: Option<&Value>, span: Span) -> Value {
    let Ok(template) = text.parse::<Template>() else {
        return Value::unknown("templatefile: the template does not parse", span);
    };
    let bindings: Vec<(String, Value)> = match vars.map(|v| &v.kind) {
        Some(Kind::Map(m)) => m.iter().map(|(k, v)| (k.name.clone(), v.clone())).collect(),
        Some(Kind::Unknown(u)) => return Value::new(Kind::Unknown(u.clone()), span),
        _ => Vec::new(),
    };
    let depth = ev.scope.len();
    ev.scope.extend(bindings);
    // Spans inside the template point into another file: the result takes the call's span.
    let rendered = ev.template(&template, span);
    ev.scope.truncate(depth);
    respan(&rendered, span)
}
