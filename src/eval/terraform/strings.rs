//! String, conversion and encoding functions.

use super::expr::MAX_STRING;
use super::functions::{Fail, Result, arity, err, int_arg, list_arg, text_arg};
use crate::source::Span;
use crate::value::{Key, Kind, Map, Value, format_number};

#[allow(clippy::too_many_lines)]
pub(crate) fn apply(name: &str, args: &[Value], span: Span) -> Result<Value> {
    let text = |s: String| {
        if s.len() > MAX_STRING { err("result longer than 1 MB") } else { Ok(Value::string(s, span)) }
    };
    let one = |args: &[Value]| -> Result<String> {
        arity(args, 1, 1)?;
        text_arg(args, 0)
    };
    match name {
        "format" => {
            arity(args, 1, usize::MAX)?;
            text(format(&text_arg(args, 0)?, &args[1..])?)
        }
        "join" => {
            arity(args, 2, 2)?;
            let sep = text_arg(args, 0)?;
            let mut parts = Vec::new();
            for item in list_arg(args, 1)? {
                parts.push(item.scalar_text().ok_or_else(|| Fail::Error("needs a list of strings".into()))?);
            }
            let total: usize = parts.iter().map(String::len).sum::<usize>() + sep.len() * parts.len();
            if total > MAX_STRING {
                return err("result longer than 1 MB");
            }
            text(parts.join(&sep))
        }
        "split" => {
            arity(args, 2, 2)?;
            let (sep, s) = (text_arg(args, 0)?, text_arg(args, 1)?);
            let parts: Vec<Value> = if sep.is_empty() {
                s.chars().map(|c| Value::string(c.to_string(), span)).collect()
            } else {
                s.split(sep.as_str()).map(|p| Value::string(p, span)).collect()
            };
            if parts.len() > super::expr::MAX_ITEMS {
                return err("too many parts");
            }
            Ok(Value::new(Kind::List(parts), span))
        }
        "replace" => {
            arity(args, 3, 3)?;
            let (s, from, to) = (text_arg(args, 0)?, text_arg(args, 1)?, text_arg(args, 2)?);
            if from.len() > 2 && from.starts_with('/') && from.ends_with('/') {
                let re = regex::RegexBuilder::new(&from[1..from.len() - 1])
                    .size_limit(1 << 20)
                    .build()
                    .map_err(|e| Fail::Error(format!("invalid regular expression: {e}")))?;
                // Terraform writes capture groups as $1 like the regex crate; only the size is checked.
                let out = re.replace_all(&s, to.as_str());
                return text(out.into_owned());
            }
            if from.is_empty() {
                return text(s);
            }
            let count = s.matches(from.as_str()).count();
            if s.len() + count * to.len() > MAX_STRING {
                return err("result longer than 1 MB");
            }
            text(s.replace(from.as_str(), &to))
        }
        "lower" => text(one(args)?.to_lowercase()),
        "upper" => text(one(args)?.to_uppercase()),
        "trimspace" => text(one(args)?.trim().to_string()),
        "chomp" => text(one(args)?.trim_end_matches(['\n', '\r']).to_string()),
        "strrev" => text(one(args)?.chars().rev().collect()),
        "trim" | "trimprefix" | "trimsuffix" | "startswith" | "endswith" => {
            arity(args, 2, 2)?;
            let (s, p) = (text_arg(args, 0)?, text_arg(args, 1)?);
            match name {
                "trim" => text(s.trim_matches(|c| p.contains(c)).to_string()),
                "trimprefix" => text(s.strip_prefix(p.as_str()).unwrap_or(&s).to_string()),
                "trimsuffix" => text(s.strip_suffix(p.as_str()).unwrap_or(&s).to_string()),
                "startswith" => Ok(Value::new(Kind::Bool(s.starts_with(&p)), span)),
                _ => Ok(Value::new(Kind::Bool(s.ends_with(&p)), span)),
            }
        }
        "substr" => {
            arity(args, 3, 3)?;
            let chars: Vec<char> = text_arg(args, 0)?.chars().collect();
            let (offset, length) = (int_arg(args, 1)?, int_arg(args, 2)?);
            let len = chars.len() as i64;
            let start = if offset < 0 { len + offset } else { offset };
            if start < 0 || start > len {
                return err("offset out of range");
            }
            let end = if length < 0 { len } else { (start + length).min(len) };
            text(chars[start as usize..end as usize].iter().collect())
        }
        "tostring" => {
            arity(args, 1, 1)?;
            match &args[0].kind {
                Kind::Null => Ok(Value::null(span)),
                _ => text(text_arg(args, 0)?),
            }
        }
        "tonumber" => {
            arity(args, 1, 1)?;
            match &args[0].kind {
                Kind::Null => Ok(Value::null(span)),
                _ => match args[0].as_f64() {
                    Some(n) if n.is_finite() => Ok(Value::new(Kind::Number(n), span)),
                    _ => err("not a number"),
                },
            }
        }
        "tobool" => {
            arity(args, 1, 1)?;
            match &args[0].kind {
                Kind::Null => Ok(Value::null(span)),
                _ => match super::expr::bool_of(&args[0]) {
                    Some(b) => Ok(Value::new(Kind::Bool(b), span)),
                    None => err("not a bool"),
                },
            }
        }
        "base64encode" => text(base64_encode(one(args)?.as_bytes())),
        "base64decode" => {
            let bytes = base64_decode(&one(args)?).ok_or_else(|| Fail::Error("invalid base64".into()))?;
            text(String::from_utf8(bytes).map_err(|_| Fail::Error("decoded bytes are not UTF-8".into()))?)
        }
        "jsonencode" => {
            arity(args, 1, 1)?;
            text(serde_json::to_string(&to_json(&args[0])).unwrap_or_default())
        }
        "jsondecode" => {
            let parsed: serde_json::Value =
                serde_json::from_str(&one(args)?).map_err(|e| Fail::Error(format!("invalid JSON: {e}")))?;
            Ok(from_json(&parsed, span))
        }
        _ => err("is not supported"),
    }
}

/// JSON as Terraform's `jsonencode` writes it: object keys sorted, whole numbers without a fraction.
pub(crate) fn to_json(v: &Value) -> serde_json::Value {
    match &v.kind {
        Kind::Null | Kind::Unknown(_) => serde_json::Value::Null,
        Kind::Bool(b) => serde_json::Value::Bool(*b),
        Kind::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => serde_json::Value::from(*n as i64),
        Kind::Number(n) => {
            serde_json::Number::from_f64(*n).map_or(serde_json::Value::Null, serde_json::Value::Number)
        }
        Kind::String(s) => serde_json::Value::String(s.clone()),
        Kind::List(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        Kind::Map(m) => {
            let mut entries: Vec<(&str, &Value)> = Vec::new();
            for (k, val) in m.iter() {
                entries.retain(|(name, _)| *name != k.name);
                entries.push((&k.name, val));
            }
            entries.sort_by(|a, b| a.0.cmp(b.0));
            serde_json::Value::Object(
                entries.into_iter().map(|(k, val)| (k.to_string(), to_json(val))).collect(),
            )
        }
    }
}

fn from_json(v: &serde_json::Value, span: Span) -> Value {
    let kind = match v {
        serde_json::Value::Null => Kind::Null,
        serde_json::Value::Bool(b) => Kind::Bool(*b),
        serde_json::Value::Number(n) => Kind::Number(n.as_f64().unwrap_or(f64::NAN)),
        serde_json::Value::String(s) => Kind::String(s.clone()),
        serde_json::Value::Array(items) => Kind::List(items.iter().map(|i| from_json(i, span)).collect()),
        serde_json::Value::Object(map) => Kind::Map(Map {
            entries: map
                .iter()
                .map(|(k, val)| (Key { name: k.clone(), span }, from_json(val, span)))
                .collect(),
        }),
    };
    Value::new(kind, span)
}

/// Go-style `format`: `%s %d %v %q %f %t %x %%`, with flags, width and precision.
fn format(spec: &str, args: &[Value]) -> Result<String> {
    let mut out = String::new();
    let mut chars = spec.chars().peekable();
    let mut next = 0usize;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            out.push('%');
            continue;
        }
        let mut flags = String::new();
        while let Some(&f) = chars.peek().filter(|f| "-+ #0".contains(**f)) {
            flags.push(f);
            chars.next();
        }
        let mut width = String::new();
        while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
            width.push(d);
            chars.next();
        }
        let mut precision = None;
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut p = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                p.push(d);
                chars.next();
            }
            precision = Some(p.parse::<usize>().unwrap_or(0).min(100));
        }
        let verb = chars.next().ok_or_else(|| Fail::Error("format ends in %".into()))?;
        let arg = args.get(next).ok_or_else(|| Fail::Error("not enough arguments for format".into()))?;
        next += 1;
        let piece = match verb {
            's' => arg.scalar_text().ok_or_else(|| Fail::Error("%s needs a string".into()))?,
            'v' => match &arg.kind {
                Kind::String(s) => s.clone(),
                Kind::Null => "null".into(),
                Kind::List(_) | Kind::Map(_) => serde_json::to_string(&to_json(arg)).unwrap_or_default(),
                _ => arg.scalar_text().unwrap_or_default(),
            },
            'q' => serde_json::to_string(
                &arg.scalar_text().ok_or_else(|| Fail::Error("%q needs a string".into()))?,
            )
            .unwrap_or_default(),
            't' => {
                super::expr::bool_of(arg).ok_or_else(|| Fail::Error("%t needs a bool".into()))?.to_string()
            }
            'd' | 'x' | 'X' | 'o' | 'b' => {
                let n = arg.as_f64().filter(|n| n.fract() == 0.0 && n.abs() < 9e15);
                let n = n.ok_or_else(|| Fail::Error(format!("%{verb} needs a whole number")))? as i64;
                let sign = if n < 0 {
                    "-"
                } else if flags.contains('+') {
                    "+"
                } else {
                    ""
                };
                let m = n.unsigned_abs();
                let digits = match verb {
                    'x' => format!("{m:x}"),
                    'X' => format!("{m:X}"),
                    'o' => format!("{m:o}"),
                    'b' => format!("{m:b}"),
                    _ => m.to_string(),
                };
                format!("{sign}{digits}")
            }
            'f' | 'e' | 'g' => {
                let n = arg.as_f64().ok_or_else(|| Fail::Error(format!("%{verb} needs a number")))?;
                match verb {
                    'f' => format!("{n:.*}", precision.unwrap_or(6)),
                    'e' => format!("{n:.*e}", precision.unwrap_or(6)),
                    _ => format_number(n),
                }
            }
            other => return err(format!("unsupported verb %{other}")),
        };
        let piece = match (verb, precision) {
            ('s' | 'v', Some(p)) => piece.chars().take(p).collect(),
            _ => piece,
        };
        pad(&mut out, &piece, &flags, width.parse().unwrap_or(0), verb);
        if out.len() > MAX_STRING {
            return err("result longer than 1 MB");
        }
    }
    Ok(out)
}

/// Appends `piece` padded to `width` characters as the flags ask: `-` left-aligns, `0` zero-fills
/// numbers after their sign.
fn pad(out: &mut String, piece: &str, flags: &str, width: usize, verb: char) {
    let pad = width.min(1000).saturating_sub(piece.chars().count());
    if flags.contains('-') {
        out.push_str(piece);
        out.extend(std::iter::repeat_n(' ', pad));
    } else if flags.contains('0') && "dxXobfe".contains(verb) {
        let (sign, digits) = piece.split_at(usize::from(piece.starts_with(['-', '+'])));
        out.push_str(sign);
        out.extend(std::iter::repeat_n('0', pad));
        out.push_str(digits);
    } else {
        out.extend(std::iter::repeat_n(' ', pad));
        out.push_str(piece);
    }
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(B64[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = B64.iter().position(|&b| b == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}
