//! Terraform's built-in functions: dispatch, argument checks and the collection functions. String,
//! encoding and network functions live in [`super::strings`] and [`super::net`].
//!
//! An Unknown argument makes the result Unknown, except where a function looks only at the shape of
//! its arguments (`length`, `merge`, `lookup` …) or picks among them (`coalesce`, `try`). A wrong
//! argument or an unsupported function is Unknown too, never an error that loses the resource.

use hcl_edit::expr::FuncCall;

use super::expr::{Eval, MAX_ITEMS, equal, respan};
use super::{net, strings};
use crate::escape::quote;
use crate::source::Span;
use crate::value::{Key, Kind, Map, Value};

pub(crate) enum Fail {
    /// The result depends on an Unknown.
    Unknown(Value),
    /// The call is wrong: bad arguments, unsupported function.
    Error(String),
}

pub(crate) type Result<T> = std::result::Result<T, Fail>;

pub(crate) fn err<T>(message: impl Into<String>) -> Result<T> {
    Err(Fail::Error(message.into()))
}

/// Functions that handle Unknown elements inside their arguments themselves.
const SHAPE_ONLY: &[&str] = &[
    "length",
    "merge",
    "concat",
    "lookup",
    "element",
    "keys",
    "values",
    "flatten",
    "tolist",
    "tomap",
    "coalesce",
    "coalescelist",
    "zipmap",
    "one",
    "slice",
    "reverse",
    "compact",
];

pub(crate) fn call(ev: &mut Eval<'_, '_>, call: &FuncCall, span: Span) -> Value {
    let name = call.name.name.as_str();
    match name {
        "try" if !call.name.is_namespaced() => {
            let start = ev.errors;
            for arg in &call.args {
                let v = ev.expr(arg);
                if ev.errors == start {
                    return v;
                }
                ev.errors = start;
            }
            return ev.error("function try: no argument could be evaluated", span);
        }
        "can" if !call.name.is_namespaced() => {
            let start = ev.errors;
            let v = call.args.get(0).map_or_else(|| Value::null(span), |a| ev.expr(a));
            if ev.errors != start {
                ev.errors = start;
                return Value::new(Kind::Bool(false), span);
            }
            return match v.find_unknown() {
                Some(u) => Value::new(Kind::Unknown(u.clone()), span),
                None => Value::new(Kind::Bool(true), span),
            };
        }
        _ => {}
    }
    let mut args: Vec<Value> = call.args.iter().map(|a| ev.expr(a)).collect();
    if call.name.is_namespaced() {
        return Value::unknown(format!("provider function {name} is not evaluated"), span);
    }
    if call.args.expand_final() {
        match args.pop().map(|v| v.kind) {
            Some(Kind::List(items)) => args.extend(items),
            Some(Kind::Unknown(u)) => return Value::new(Kind::Unknown(u), span),
            _ => {
                return ev.error(format!("function {name}: the last argument to expand is not a list"), span);
            }
        }
    }
    if let Some(v) = super::files::call(ev, name, &args, span) {
        return v;
    }
    match apply(name, args, span) {
        Ok(v) => v,
        Err(Fail::Unknown(v)) => respan(&v, span),
        Err(Fail::Error(message)) => ev.error(format!("function {name}: {message}"), span),
    }
}

// One match over all names reads as the table of supported functions.
#[allow(clippy::too_many_lines)]
fn apply(name: &str, args: Vec<Value>, span: Span) -> Result<Value> {
    if name != "coalesce" {
        let unknown = if SHAPE_ONLY.contains(&name) {
            args.iter().find(|a| a.is_unknown()).and_then(Value::find_unknown)
        } else {
            args.iter().find_map(Value::find_unknown)
        };
        if let Some(u) = unknown {
            return Err(Fail::Unknown(Value::new(Kind::Unknown(u.clone()), span)));
        }
    }
    let v = |kind| Ok(Value::new(kind, span));
    match name {
        "length" => {
            arity(&args, 1, 1)?;
            let n = match &args[0].kind {
                Kind::List(l) => l.len(),
                Kind::Map(m) => m.len(),
                Kind::String(s) => s.chars().count(),
                _ => return err("needs a list, map or string"),
            };
            v(Kind::Number(n as f64))
        }
        "merge" => {
            let mut out = Map::default();
            for arg in args {
                match arg.kind {
                    Kind::Map(m) => {
                        for (k, val) in m.entries {
                            out.replace(k, val);
                        }
                    }
                    Kind::Null => {}
                    _ => return err("needs maps"),
                }
            }
            v(Kind::Map(out))
        }
        "concat" => {
            let mut out = Vec::new();
            for arg in args {
                out.extend(into_list(arg)?);
            }
            v(Kind::List(capped(out)?))
        }
        "lookup" => {
            arity(&args, 2, 3)?;
            let map = map_arg(&args, 0)?;
            let key = text_arg(&args, 1)?;
            match (map.get(&key), args.get(2)) {
                (Some(found), _) => Ok(found.clone()),
                (None, Some(default)) => Ok(default.clone()),
                (None, None) => err(format!("no key {}", quote(&key))),
            }
        }
        "element" => {
            arity(&args, 2, 2)?;
            let list = list_arg(&args, 0)?;
            let i = int_arg(&args, 1)?;
            if list.is_empty() || i < 0 {
                return err("index out of range");
            }
            Ok(list[(i as usize) % list.len()].clone())
        }
        "keys" | "values" => {
            arity(&args, 1, 1)?;
            let mut entries: Vec<(String, Value)> =
                map_arg(&args, 0)?.iter().map(|(k, val)| (k.name.clone(), val.clone())).collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            let list = if name == "keys" {
                entries.into_iter().map(|(k, _)| Value::string(k, span)).collect()
            } else {
                entries.into_iter().map(|(_, val)| val).collect()
            };
            v(Kind::List(list))
        }
        "contains" => {
            arity(&args, 2, 2)?;
            v(Kind::Bool(list_arg(&args, 0)?.iter().any(|i| equal(i, &args[1]) == Some(true))))
        }
        "coalesce" => {
            for arg in args {
                match &arg.kind {
                    Kind::Unknown(_) => return Err(Fail::Unknown(arg)),
                    Kind::Null => {}
                    Kind::String(s) if s.is_empty() => {}
                    _ => return Ok(arg),
                }
            }
            err("no non-null, non-empty argument")
        }
        "coalescelist" => {
            for arg in args {
                match &arg.kind {
                    Kind::List(l) if l.is_empty() => {}
                    Kind::List(_) => return Ok(arg),
                    _ => return err("needs lists"),
                }
            }
            err("no non-empty list")
        }
        "compact" => {
            arity(&args, 1, 1)?;
            let mut out = Vec::new();
            for item in list_arg(&args, 0)? {
                match &item.kind {
                    Kind::Unknown(_) => return Err(Fail::Unknown(item.clone())),
                    Kind::Null => {}
                    Kind::String(s) if s.is_empty() => {}
                    _ => out.push(item.clone()),
                }
            }
            v(Kind::List(out))
        }
        "distinct" => {
            arity(&args, 1, 1)?;
            v(Kind::List(distinct(list_arg(&args, 0)?.to_vec())))
        }
        "flatten" => {
            arity(&args, 1, 1)?;
            let mut out = Vec::new();
            flatten(list_arg(&args, 0)?, &mut out)?;
            v(Kind::List(capped(out)?))
        }
        "toset" => {
            arity(&args, 1, 1)?;
            let mut items = distinct(into_list(args[0].clone())?);
            items.sort_by(|a, b| match (&a.kind, &b.kind) {
                (Kind::Number(x), Kind::Number(y)) => x.total_cmp(y),
                _ => a.scalar_text().cmp(&b.scalar_text()),
            });
            v(Kind::List(items))
        }
        "tolist" => {
            arity(&args, 1, 1)?;
            v(Kind::List(into_list(args[0].clone())?))
        }
        "tomap" => {
            arity(&args, 1, 1)?;
            Ok(Value::new(Kind::Map(map_arg(&args, 0)?.clone()), span))
        }
        "zipmap" => {
            arity(&args, 2, 2)?;
            let (keys, values) = (list_arg(&args, 0)?, list_arg(&args, 1)?);
            if keys.len() != values.len() {
                return err("the lists differ in length");
            }
            let mut map = Map::default();
            for (k, val) in keys.iter().zip(values) {
                let Some(name) = k.scalar_text() else {
                    return match k.kind {
                        Kind::Unknown(_) => Err(Fail::Unknown(k.clone())),
                        _ => err("keys must be strings"),
                    };
                };
                map.replace(Key { name, span: k.span }, val.clone());
            }
            v(Kind::Map(map))
        }
        "range" => range(&args, span),
        "max" | "min" | "sum" => {
            let mut nums = Vec::new();
            let items: Vec<Value> = if name == "sum" { list_arg(&args, 0)?.to_vec() } else { args };
            for item in &items {
                nums.push(item.as_f64().ok_or_else(|| Fail::Error("needs numbers".into()))?);
            }
            let first = *nums.first().ok_or_else(|| Fail::Error("needs at least one number".into()))?;
            let n = match name {
                "max" => nums.iter().copied().fold(first, f64::max),
                "min" => nums.iter().copied().fold(first, f64::min),
                _ => nums.iter().sum(),
            };
            v(Kind::Number(n))
        }
        "one" => {
            arity(&args, 1, 1)?;
            match &args[0].kind {
                Kind::Null => Ok(Value::null(span)),
                Kind::List(l) if l.is_empty() => Ok(Value::null(span)),
                Kind::List(l) if l.len() == 1 => Ok(l[0].clone()),
                _ => err("needs a list of at most one element"),
            }
        }
        "sort" => {
            arity(&args, 1, 1)?;
            let mut items = Vec::new();
            for item in list_arg(&args, 0)? {
                items.push(item.scalar_text().ok_or_else(|| Fail::Error("needs strings".into()))?);
            }
            items.sort();
            v(Kind::List(items.into_iter().map(|s| Value::string(s, span)).collect()))
        }
        "reverse" => {
            arity(&args, 1, 1)?;
            v(Kind::List(list_arg(&args, 0)?.iter().rev().cloned().collect()))
        }
        "slice" => {
            arity(&args, 3, 3)?;
            let list = list_arg(&args, 0)?;
            let (from, to) = (int_arg(&args, 1)?, int_arg(&args, 2)?);
            if from < 0 || to < from || to as usize > list.len() {
                return err("index out of range");
            }
            v(Kind::List(list[from as usize..to as usize].to_vec()))
        }
        "alltrue" | "anytrue" => {
            arity(&args, 1, 1)?;
            let bools: Vec<Option<bool>> = list_arg(&args, 0)?.iter().map(super::expr::bool_of).collect();
            if bools.iter().any(Option::is_none) {
                return err("needs bools");
            }
            let b = if name == "alltrue" {
                bools.iter().all(|b| *b == Some(true))
            } else {
                bools.contains(&Some(true))
            };
            v(Kind::Bool(b))
        }
        "abs" | "ceil" | "floor" => {
            arity(&args, 1, 1)?;
            let n = num_arg(&args, 0)?;
            v(Kind::Number(match name {
                "abs" => n.abs(),
                "ceil" => n.ceil(),
                _ => n.floor(),
            }))
        }
        "cidrsubnet" | "cidrhost" | "cidrnetmask" | "cidrcontains" => net::apply(name, &args, span),
        // `file`, `fileexists` and `templatefile` are read inside the scan roots (files.rs); these
        // others give nothing a policy needs.
        "filebase64" | "fileset" | "filemd5" | "filesha256" | "abspath" => {
            Err(Fail::Unknown(Value::unknown(format!("{name}(…) is not evaluated"), span)))
        }
        "timestamp" | "uuid" | "bcrypt" | "plantimestamp" => {
            Err(Fail::Unknown(Value::unknown(format!("{name}() is known after apply"), span)))
        }
        _ => strings::apply(name, &args, span),
    }
}

pub(crate) fn arity(args: &[Value], min: usize, max: usize) -> Result<()> {
    if args.len() < min || args.len() > max {
        return err(format!("takes {min}..{max} arguments, got {}", args.len()));
    }
    Ok(())
}

fn arg(args: &[Value], i: usize) -> Result<&Value> {
    args.get(i).ok_or_else(|| Fail::Error(format!("missing argument {}", i + 1)))
}

pub(crate) fn text_arg(args: &[Value], i: usize) -> Result<String> {
    arg(args, i)?.scalar_text().ok_or_else(|| Fail::Error(format!("argument {} must be a string", i + 1)))
}

pub(crate) fn num_arg(args: &[Value], i: usize) -> Result<f64> {
    arg(args, i)?.as_f64().ok_or_else(|| Fail::Error(format!("argument {} must be a number", i + 1)))
}

pub(crate) fn int_arg(args: &[Value], i: usize) -> Result<i64> {
    let n = num_arg(args, i)?;
    if n.fract() != 0.0 || n.abs() > 9e15 {
        return err(format!("argument {} must be a whole number", i + 1));
    }
    Ok(n as i64)
}

pub(crate) fn list_arg(args: &[Value], i: usize) -> Result<&[Value]> {
    arg(args, i)?.as_list().ok_or_else(|| Fail::Error(format!("argument {} must be a list", i + 1)))
}

fn map_arg(args: &[Value], i: usize) -> Result<&Map> {
    arg(args, i)?.as_map().ok_or_else(|| Fail::Error(format!("argument {} must be a map", i + 1)))
}

fn into_list(v: Value) -> Result<Vec<Value>> {
    match v.kind {
        Kind::List(items) => Ok(items),
        _ => err("needs lists"),
    }
}

fn capped(items: Vec<Value>) -> Result<Vec<Value>> {
    if items.len() > MAX_ITEMS { err("list too large") } else { Ok(items) }
}

/// Callers have ruled out Unknowns, so the JSON text (which tells `1` from `"1"`) identifies a value
/// and long lists stay linear.
fn distinct(items: Vec<Value>) -> Vec<Value> {
    let mut seen = crate::collections::HashSet::default();
    items
        .into_iter()
        .filter(|item| seen.insert(serde_json::to_string(&strings::to_json(item)).unwrap_or_default()))
        .collect()
}

fn flatten(items: &[Value], out: &mut Vec<Value>) -> Result<()> {
    for item in items {
        match &item.kind {
            Kind::List(inner) => flatten(inner, out)?,
            Kind::Unknown(_) => return Err(Fail::Unknown(item.clone())),
            _ => out.push(item.clone()),
        }
        if out.len() > MAX_ITEMS {
            return err("list too large");
        }
    }
    Ok(())
}

fn range(args: &[Value], span: Span) -> Result<Value> {
    arity(args, 1, 3)?;
    let (start, end, step) = match args.len() {
        1 => (0.0, num_arg(args, 0)?, 1.0),
        2 => (num_arg(args, 0)?, num_arg(args, 1)?, 1.0),
        _ => (num_arg(args, 0)?, num_arg(args, 1)?, num_arg(args, 2)?),
    };
    if step == 0.0 || (end - start) / step > MAX_ITEMS as f64 {
        return err("step must not be zero and the range must stay under 100000 elements");
    }
    let mut out = Vec::new();
    let mut n = start;
    while (step > 0.0 && n < end) || (step < 0.0 && n > end) {
        out.push(Value::new(Kind::Number(n), span));
        n += step;
        if out.len() > MAX_ITEMS {
            return err("range too large");
        }
    }
    Ok(Value::new(Kind::List(out), span))
}
