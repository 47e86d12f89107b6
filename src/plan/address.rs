//! Terraform addresses and references as a plan spells them (`module.a["x"].aws_s3_bucket.b[0]`,
//! `aws_s3_bucket.b.id`), read into steps and written back the way the source evaluation writes
//! them, so that an instance has one address whichever way the scan read it.

use crate::escape::quote;

/// One step of a traversal: a name, or an instance key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Name(String),
    Index(u64),
    Key(String),
}

impl Step {
    fn name(&self) -> Option<&str> {
        match self {
            Step::Name(n) => Some(n),
            _ => None,
        }
    }
}

/// The suffix an instance key is written with: `[3]`, `["logs"]` (quoted and escaped as the source
/// evaluation quotes `for_each` keys).
#[must_use]
pub fn key_suffix(step: &Step) -> String {
    match step {
        Step::Index(n) => format!("[{n}]"),
        Step::Key(k) => format!("[{}]", quote(k)),
        Step::Name(_) => String::new(),
    }
}

/// Reads `a.b["k"][0].c` into steps; `None` for anything else (a plan is input like any other).
#[must_use]
pub fn parse(text: &str) -> Option<Vec<Step>> {
    let bytes = text.as_bytes();
    let mut steps = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'.' if !steps.is_empty() => i += 1,
            b'[' => {
                let (step, next) = key(text, i + 1)?;
                steps.push(step);
                i = next;
                continue;
            }
            _ => {}
        }
        if i < bytes.len() && bytes[i] != b'[' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'-')) {
                i += 1;
            }
            if i == start {
                return None;
            }
            steps.push(Step::Name(text[start..i].to_string()));
        }
    }
    Some(steps)
}

/// A key after `[`: digits or a quoted string with HCL's escapes, up to the closing `]`.
fn key(text: &str, from: usize) -> Option<(Step, usize)> {
    let rest = &text[from..];
    if let Some(body) = rest.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = body.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    let after = from + 1 + i + 1;
                    return text[after..].starts_with(']').then(|| (Step::Key(out), after + 1));
                }
                '\\' => match chars.next()?.1 {
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    'u' => {
                        let hex: String = (0..4).filter_map(|_| chars.next().map(|(_, c)| c)).collect();
                        out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                    }
                    other => out.push(other),
                },
                c => out.push(c),
            }
        }
        return None;
    }
    let end = rest.find(']')?;
    let n = rest[..end].parse().ok()?;
    Some((Step::Index(n), from + end + 1))
}

/// A resource instance's address, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address {
    /// The module calls, outermost first, each with its instance key.
    pub modules: Vec<(String, Option<Step>)>,
    pub data: bool,
    pub rtype: String,
    pub name: String,
    pub key: Option<Step>,
}

impl Address {
    #[must_use]
    pub fn parse(text: &str) -> Option<Address> {
        let steps = parse(text)?;
        let mut it = steps.into_iter().peekable();
        let mut modules = Vec::new();
        let mut data = false;
        loop {
            let first = it.next()?;
            match first.name()? {
                "module" => {
                    let name = it.next()?.name()?.to_string();
                    let key = it.next_if(|s| !matches!(s, Step::Name(_)));
                    modules.push((name, key));
                }
                "data" if !data => data = true,
                rtype => {
                    let rtype = rtype.to_string();
                    let name = it.next()?.name()?.to_string();
                    let key = it.next_if(|s| !matches!(s, Step::Name(_)));
                    return it.next().is_none().then_some(Address { modules, data, rtype, name, key });
                }
            }
        }
    }

    /// The module prefix as the source evaluation writes it: `module.a["x"].module.b.`.
    #[must_use]
    pub fn prefix(&self) -> String {
        module_prefix(&self.modules, true)
    }

    /// The address within its module, without the instance key: `aws_s3_bucket.b`, `data.x.y`.
    #[must_use]
    pub fn local(&self) -> String {
        format!("{}{}.{}", if self.data { "data." } else { "" }, self.rtype, self.name)
    }

    /// The full instance address, keys written as the source evaluation writes them.
    #[must_use]
    pub fn canonical(&self) -> String {
        format!("{}{}{}", self.prefix(), self.local(), self.key.as_ref().map(key_suffix).unwrap_or_default())
    }

    /// The address with every instance key removed: what finds a block whose instances the source
    /// evaluation could not count.
    #[must_use]
    pub fn unkeyed(&self) -> String {
        format!("{}{}", module_prefix(&self.modules, false), self.local())
    }
}

/// `module.a["x"].module.b.`: the calls of a module path, with their keys or without.
#[must_use]
pub fn module_prefix(modules: &[(String, Option<Step>)], keys: bool) -> String {
    let mut out = String::new();
    for (name, key) in modules {
        out.push_str("module.");
        out.push_str(name);
        if keys && let Some(key) = key {
            out.push_str(&key_suffix(key));
        }
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn addresses_round_trip_with_the_source_evaluations_quoting() {
        let a = Address::parse(r#"module.a["x.y"].module.b[2].data.aws_iam_policy_document.d["k\"1"]"#);
        let a = a.unwrap();
        assert_eq!(a.modules.len(), 2);
        assert!(a.data);
        assert_eq!(a.canonical(), r#"module.a["x.y"].module.b[2].data.aws_iam_policy_document.d["k\"1"]"#);
        assert_eq!(a.unkeyed(), "module.a.module.b.data.aws_iam_policy_document.d");
        assert_eq!(a.local(), "data.aws_iam_policy_document.d");
        assert_eq!(Address::parse("aws_s3_bucket.b.id"), None);
        assert_eq!(Address::parse("aws_s3_bucket"), None);
        assert_eq!(Address::parse(r#"aws_s3_bucket.b["open"#), None);
    }

    #[test]
    fn references_read_into_steps() {
        assert_eq!(
            parse(r"aws_s3_bucket.b[0].id"),
            Some(vec![
                Step::Name("aws_s3_bucket".into()),
                Step::Name("b".into()),
                Step::Index(0),
                Step::Name("id".into())
            ])
        );
        assert_eq!(parse(r#"module.m["a\u0041"].out"#).map(|s| s[2].clone()), Some(Step::Key("aA".into())));
        assert_eq!(parse("a..b"), None);
        assert_eq!(parse("a[x]"), None);
        assert_eq!(parse(""), Some(vec![]));
    }
}
