//! IAM actions by access level (Write, Permissions management), from `data/iam-actions.tsv`.
//!
//! The table is bounded and documented: AWS's Service Authorization Reference classifies every action,
//! and only the actions that accept a resource ARN are listed, since an action that works on `*` alone
//! cannot be constrained and allowing it on every resource is no mistake. A policy asks whether a
//! statement's action pattern (`s3:Put*`, `iam:CreateRole`, `*`) covers any action of a level: a
//! literal is one binary search in its service, a pattern is matched against its service's actions
//! only (every service only when the service part itself has a wildcard).

use crate::collections::HashMap;
use std::sync::LazyLock;

use super::iam_doc::glob;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Write,
    PermissionsManagement,
}

impl Level {
    pub fn parse(name: &str) -> Option<Level> {
        match name {
            "write" => Some(Level::Write),
            "permissions-management" => Some(Level::PermissionsManagement),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Level::Write => "write",
            Level::PermissionsManagement => "permissions-management",
        }
    }
}

const TABLE: &str = include_str!("data/iam-actions.tsv");

/// One level's actions: lowercase service prefix → sorted lowercase full names (`s3:putobject`).
type Services = HashMap<&'static str, Vec<String>>;

static LEVELS: LazyLock<[Services; 2]> =
    LazyLock::new(|| [load(Level::Write), load(Level::PermissionsManagement)]);

fn load(level: Level) -> Services {
    let mut out: Services = HashMap::default();
    for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
        let mut fields = line.split('\t');
        let (Some(name), Some(service), Some(actions)) = (fields.next(), fields.next(), fields.next()) else {
            continue;
        };
        if name != level.name() {
            continue;
        }
        let lower = service.to_ascii_lowercase();
        let entry = out.entry(service).or_default();
        // Built in place: thousands of names, each loaded on every scan that judges IAM documents.
        entry.extend(actions.split(' ').map(|action| {
            let mut full = String::with_capacity(lower.len() + 1 + action.len());
            full.push_str(&lower);
            full.push(':');
            full.push_str(action);
            full.make_ascii_lowercase();
            full
        }));
    }
    for actions in out.values_mut() {
        actions.sort();
    }
    out
}

fn services(level: Level) -> &'static Services {
    &LEVELS[usize::from(level == Level::PermissionsManagement)]
}

/// Every action of `level` (lowercase), for `NotAction`, which covers what it does not name.
pub fn all(level: Level) -> impl Iterator<Item = &'static str> {
    services(level).values().flatten().map(String::as_str)
}

/// The actions of `level` a statement's action pattern covers, lowercase.
pub fn covered(level: Level, pattern: &str) -> Vec<&'static str> {
    let pattern = pattern.to_ascii_lowercase();
    let Some((service, action)) = pattern.split_once(':') else {
        // `*` alone is every action; anything else without a service prefix names no action.
        return if pattern.chars().all(|c| c == '*') { all(level).collect() } else { Vec::new() };
    };
    let wild = |s: &str| s.contains(['*', '?']);
    if wild(service) {
        return all(level).filter(|a| glob(&pattern, a)).collect();
    }
    let Some(actions) = services(level).get(service) else { return Vec::new() };
    if wild(action) {
        actions.iter().map(String::as_str).filter(|a| glob(&pattern, a)).collect()
    } else {
        actions.binary_search(&pattern).map(|i| vec![actions[i].as_str()]).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::{Level, covered};

    #[test]
    fn patterns_cover_the_actions_of_their_level() {
        assert_eq!(covered(Level::PermissionsManagement, "iam:AttachRolePolicy"), ["iam:attachrolepolicy"]);
        assert_eq!(covered(Level::PermissionsManagement, "IAM:attachROLEpolicy"), ["iam:attachrolepolicy"]);
        assert!(covered(Level::PermissionsManagement, "iam:GetRole").is_empty());
        assert!(covered(Level::Write, "s3:PutObject").contains(&"s3:putobject"));
        assert!(covered(Level::Write, "s3:Put*").len() > 10);
        assert!(covered(Level::Write, "s3:Get*").is_empty());
        assert!(covered(Level::Write, "sts:AssumeRole").contains(&"sts:assumerole"));
        // Wildcard-only actions are not in the table: they cannot be constrained.
        assert!(covered(Level::Write, "cloudwatch:PutMetricData").is_empty());
        assert!(covered(Level::PermissionsManagement, "ecr:PutRegistryPolicy").is_empty());
        assert!(covered(Level::Write, "nosuchservice:Put*").is_empty());
        assert!(covered(Level::Write, "*").len() > 5000);
        assert!(covered(Level::Write, "*:PutObject").contains(&"s3:putobject"));
        assert!(covered(Level::Write, "nonsense").is_empty());
    }
}
