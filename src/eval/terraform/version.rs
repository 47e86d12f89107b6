//! Terraform's version constraints (`version = "~> 5.0, != 5.1.2"` in a `module` block), to tell
//! whether the module `terraform init` cached is one the call accepts.

use std::cmp::Ordering;

/// A version as registries publish them: up to three numbers, a pre-release after `-`, build
/// metadata after `+` (ignored, as semver says).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Version {
    numbers: [u64; 3],
    /// How many numbers were written: `~> 1.2` and `~> 1.2.0` differ.
    written: usize,
    pre: Option<String>,
}

impl Version {
    fn parse(text: &str) -> Option<Version> {
        let text = text.trim();
        let text = text.strip_prefix('v').unwrap_or(text);
        let text = text.split_once('+').map_or(text, |(v, _)| v);
        let (core, pre) = match text.split_once('-') {
            Some((core, pre)) if !pre.is_empty() => (core, Some(pre.to_string())),
            Some(_) => return None,
            None => (text, None),
        };
        let mut numbers = [0; 3];
        let mut written = 0;
        for part in core.split('.') {
            if written == 3 || part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            numbers[written] = part.parse().ok()?;
            written += 1;
        }
        Some(Version { numbers, written, pre })
    }

    fn compare(&self, other: &Version) -> Ordering {
        self.numbers.cmp(&other.numbers).then_with(|| match (&self.pre, &other.pre) {
            (None, None) => Ordering::Equal,
            // 1.0.0-beta < 1.0.0
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some(a), Some(b)) => compare_pre(a, b),
        })
    }
}

/// Semver's pre-release order: dot-separated identifiers, numeric ones numerically and below
/// alphanumeric ones, a shorter list first when all else is equal.
fn compare_pre(ours: &str, theirs: &str) -> Ordering {
    let mut left = ours.split('.');
    let mut right = theirs.split('.');
    loop {
        match (left.next(), right.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(mine), Some(other)) => {
                let order = match (mine.parse::<u64>(), other.parse::<u64>()) {
                    (Ok(m), Ok(o)) => m.cmp(&o),
                    (Ok(_), Err(_)) => Ordering::Less,
                    (Err(_), Ok(_)) => Ordering::Greater,
                    (Err(_), Err(_)) => mine.cmp(other),
                };
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    /// `~>`: this version or a later one that changes only the last number written.
    Pessimistic,
}

/// Whether `version` satisfies every comma-separated constraint of `constraints`; an error names
/// what could not be read. As in Terraform, a pre-release version is accepted only by a constraint
/// that names it exactly (`= 1.0.0-beta`).
pub(crate) fn satisfies(constraints: &str, version: &str) -> Result<bool, String> {
    let v = Version::parse(version).ok_or_else(|| format!("version {version:?} is not a version number"))?;
    let mut exact_pre = false;
    let mut all = true;
    for part in constraints.split(',') {
        let part = part.trim();
        let (op, rest) = split_op(part);
        let bound = Version::parse(rest).ok_or_else(|| format!("constraint {part:?} is not understood"))?;
        if v.pre.is_some() && op == Op::Eq && v.compare(&bound) == Ordering::Equal {
            exact_pre = true;
        }
        let order = v.compare(&bound);
        let holds = match op {
            Op::Eq => order == Ordering::Equal,
            Op::Ne => order != Ordering::Equal,
            Op::Gt => order == Ordering::Greater,
            Op::Ge => order != Ordering::Less,
            Op::Lt => order == Ordering::Less,
            Op::Le => order != Ordering::Greater,
            Op::Pessimistic => {
                order != Ordering::Less && v.compare(&pessimistic_limit(&bound)) == Ordering::Less
            }
        };
        all &= holds;
    }
    Ok(all && (v.pre.is_none() || exact_pre))
}

fn split_op(part: &str) -> (Op, &str) {
    for (text, op) in [
        ("~>", Op::Pessimistic),
        (">=", Op::Ge),
        ("<=", Op::Le),
        ("!=", Op::Ne),
        ("=", Op::Eq),
        (">", Op::Gt),
        ("<", Op::Lt),
    ] {
        if let Some(rest) = part.strip_prefix(text) {
            return (op, rest);
        }
    }
    (Op::Eq, part)
}

/// The first version `~> bound` refuses: `~> 1.2.3` → 1.3.0, `~> 1.2` → 2.0.0, `~> 1` → 2.0.0.
fn pessimistic_limit(bound: &Version) -> Version {
    let mut numbers = [0; 3];
    // The number before the last one written goes up; a single number goes up itself.
    let bump = bound.written.saturating_sub(2);
    numbers[..bump].copy_from_slice(&bound.numbers[..bump]);
    numbers[bump] = bound.numbers[bump].saturating_add(1);
    Version { numbers, written: 3, pre: None }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::satisfies;

    fn ok(c: &str, v: &str) -> bool {
        satisfies(c, v).unwrap()
    }

    #[test]
    fn operators_follow_terraform() {
        assert!(ok("5.1.0", "5.1.0"));
        assert!(ok("= 5.1.0", "5.1.0"));
        assert!(!ok("= 5.1.0", "5.1.1"));
        assert!(ok("!= 5.1.0", "5.1.1"));
        assert!(!ok("!= 5.1.0", "5.1.0"));
        assert!(ok("> 5.0", "5.0.1"));
        assert!(!ok("> 5.0.1", "5.0.1"));
        assert!(ok(">= 5.0.1", "5.0.1"));
        assert!(ok("< 6", "5.99.0"));
        assert!(!ok("< 6", "6.0.0"));
        assert!(ok("<= 6.0.0", "6.0.0"));
        assert!(ok(">= 5.0, < 6.0, != 5.1.2", "5.3.0"));
        assert!(!ok(">= 5.0, < 6.0, != 5.1.2", "5.1.2"));
    }

    #[test]
    fn pessimistic_bumps_the_second_to_last_number_written() {
        assert!(ok("~> 1.2.3", "1.2.9"));
        assert!(!ok("~> 1.2.3", "1.3.0"));
        assert!(!ok("~> 1.2.3", "1.2.2"));
        assert!(ok("~> 1.2", "1.9.0"));
        assert!(!ok("~> 1.2", "2.0.0"));
        assert!(!ok("~> 1.2", "1.1.9"));
        assert!(ok("~> 1", "1.5.0"));
        assert!(!ok("~> 1", "2.0.0"));
    }

    #[test]
    fn pre_releases_only_match_exactly() {
        assert!(!ok(">= 1.0.0", "1.1.0-beta1"));
        assert!(ok("= 1.1.0-beta1", "1.1.0-beta1"));
        assert!(ok("1.1.0-beta.2", "1.1.0-beta.2"));
        assert!(!ok("~> 1.0", "1.1.0-rc.1"));
        // Build metadata does not count.
        assert!(ok("= 1.1.0", "1.1.0+abc"));
    }

    #[test]
    fn nonsense_is_an_error_not_a_match() {
        assert!(satisfies("~> banana", "1.0.0").is_err());
        assert!(satisfies(">= 1.0", "latest").is_err());
        assert!(satisfies("", "1.0.0").is_err());
        assert!(satisfies(">= 1.0,", "1.0.0").is_err());
    }
}
