//! `file`, `fileexists` and `templatefile`, confined to what git would track in the repository; and
//! `templatestring` (OpenTofu 1.7, Terraform 1.9), which renders a string the same way and reads nothing.
//!
//! The scanner runs on untrusted pull requests: a template must not be able to make it read
//! `/etc/passwd`, `../../secrets`, the token `.git/config` holds or an ignored `.env`, and leak the
//! content into a finding. A path is resolved against the root module's directory (as Terraform
//! does), canonicalised (so `..` and symlinks are followed to where they really lead), and read only
//! when that is a regular file the repository's rules admit ([`Repos::admits`]): inside the
//! repository root, not under `.git/`, not hidden, tracked or not ignored. Anything else is Unknown,
//! with a reason that names the path, never the content.

use std::path::{Path, PathBuf};

use hcl_edit::template::Template;

use super::expr::{Eval, respan};
use crate::discover::{Refusal, Repos};
use crate::escape::quote;
use crate::model::Input;
use crate::repo::{ReadError, Symlinks, read_regular};
use crate::source::Span;
use crate::value::{Kind, Value};

/// Larger files are not read: a template is never this big, and memory stays bounded.
const MAX_FILE: u64 = 1 << 20;

pub(crate) fn call(ev: &mut Eval<'_, '_>, name: &str, args: &[Value], span: Span) -> Option<Value> {
    if !matches!(name, "file" | "fileexists" | "templatefile" | "templatestring") {
        return None;
    }
    let Some(first) = args.first() else {
        return Some(ev.error(format!("function {name}: takes a path"), span));
    };
    if let Some(u) = first.find_unknown() {
        return Some(Value::new(Kind::Unknown(u.clone()), span));
    }
    if name == "templatestring" {
        return Some(match first.as_str() {
            Some(text) => render(ev, name, text, args.get(1), span),
            None => ev.error(format!("function {name}: the template must be a string"), span),
        });
    }
    let Some(path) = first.as_str() else {
        return Some(ev.error(format!("function {name}: the path must be a string"), span));
    };
    let resolved = match confine(&ev.env.root_dir(), &ev.env.def.dir, ev.env.run.repos, path) {
        Ok(p) => p,
        Err(reason) => return Some(Value::unknown(format!("{name}({}): {reason}", quote(path)), span)),
    };
    // For `--diff-base`: a pull request that changes, adds or deletes this file changes the value.
    let looked_for =
        resolved.clone().unwrap_or_else(|| crate::repo::path_key(&normalise(&ev.env.root_dir().join(path))));
    ev.read(&Input::File(looked_for));
    Some(match (name, resolved) {
        ("fileexists", found) => Value::new(Kind::Bool(found.is_some()), span),
        (_, None) => ev.error(format!("function {name}: no such file"), span),
        ("file", Some(p)) => {
            read(&p).map_or_else(|reason| Value::unknown(reason, span), |t| Value::string(t, span))
        }
        (_, Some(p)) => match read(&p) {
            Ok(text) => render(ev, name, &text, args.get(1), span),
            Err(reason) => Value::unknown(reason, span),
        },
    })
}

/// The canonical path of a regular file the rules admit, `Ok(None)` when nothing is there inside a
/// repository, `Err` with the reason otherwise. `base` is the root module's directory, `module_dir`
/// that of the module being evaluated.
fn confine(base: &Path, module_dir: &Path, repos: &Repos, path: &str) -> Result<Option<PathBuf>, String> {
    let joined = base.join(path);
    let Ok(canonical) = joined.canonicalize() else {
        // Not there (or not reachable): say so only if the lexical path stays inside a repository.
        let lexical = normalise(&joined);
        return if repos.roots().any(|r| lexical.starts_with(r)) {
            Ok(None)
        } else {
            Err(Refusal::Outside.to_string())
        };
    };
    match repos.admits(&canonical, None) {
        Ok(()) => {}
        // A module in a hidden directory, which runs because a `module` block calls it, reads the
        // files beside it.
        Err(Refusal::Hidden) => repos
            .admits(&canonical, module_dir.canonicalize().ok().as_deref())
            .map_err(|refusal| refusal.to_string())?,
        Err(refusal) => return Err(refusal.to_string()),
    }
    // A FIFO would block the read, a device would never end it.
    if !canonical.is_file() {
        return Err(ReadError::NotRegular.to_string());
    }
    Ok(Some(canonical))
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
    let bytes = read_regular(path, MAX_FILE, Symlinks::Follow).map_err(|e| match e {
        ReadError::TooLarge { .. } => "file is larger than 1 MiB; not read".to_string(),
        other => other.to_string(),
    })?;
    String::from_utf8(bytes).map_err(|_| "file is not UTF-8 text".to_string())
}

/// Renders a template with its variables: only the given variables are in scope, as in Terraform.
fn render(ev: &mut Eval<'_, '_>, name: &str, text: &str, vars: Option<&Value>, span: Span) -> Value {
    let Ok(template) = text.parse::<Template>() else {
        return Value::unknown(format!("{name}: the template does not parse"), span);
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
