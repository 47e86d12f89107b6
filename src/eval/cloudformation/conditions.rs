//! The `Conditions` section: each named condition is true, false, or unknown (`None`) when it depends on
//! a parameter without a value, a pseudo parameter, or anything else only known at deploy time.

use crate::collections::{HashMap, HashSet};

use super::intrinsics::{Context, Walker, same};
use crate::value::{Kind, Map, Value};

/// Conditions nest little; this bounds hostile input without relying on the parser's limit.
const MAX_DEPTH: usize = 64;

/// Evaluates every declared condition. `cx.conditions` is not read, so it may still be empty.
pub(super) fn evaluate_all(cx: &Context<'_>, declared: Option<&Map>) -> HashMap<String, Option<bool>> {
    let Some(declared) = declared else {
        return HashMap::default();
    };
    let mut eval = Evaluator { cx, declared, memo: HashMap::default(), visiting: HashSet::default() };
    for (key, _) in declared.iter() {
        eval.named(&key.name, 0);
    }
    eval.memo
}

struct Evaluator<'c, 'a> {
    cx: &'c Context<'a>,
    declared: &'a Map,
    memo: HashMap<String, Option<bool>>,
    visiting: HashSet<String>,
}

impl Evaluator<'_, '_> {
    fn named(&mut self, name: &str, depth: usize) -> Option<bool> {
        if let Some(known) = self.memo.get(name) {
            return *known;
        }
        // A cycle is a template error AWS rejects; here it is simply unknown.
        let declaration = self.declared.get(name)?;
        if !self.visiting.insert(name.to_string()) {
            return None;
        }
        let outcome = self.expr(declaration, depth + 1);
        self.visiting.remove(name);
        self.memo.insert(name.to_string(), outcome);
        outcome
    }

    fn expr(&mut self, value: &Value, depth: usize) -> Option<bool> {
        if depth > MAX_DEPTH {
            return None;
        }
        let Kind::Map(map) = &value.kind else {
            return match value.kind {
                Kind::Bool(b) => Some(b),
                _ => None,
            };
        };
        let [(key, arg)] = map.entries.as_slice() else {
            return None;
        };
        let args = arg.as_list();
        match (key.name.as_str(), args) {
            ("Fn::Equals", Some([a, b])) => {
                // Only parameters and mappings matter here, so a throwaway walk is enough.
                let mut walker = Walker::new(self.cx);
                let a = walker.resolve(a, 0)?;
                let b = walker.resolve(b, 0)?;
                if a.find_unknown().is_some() || b.find_unknown().is_some() {
                    return None;
                }
                Some(same(&a, &b))
            }
            ("Fn::Not", Some([inner])) => self.expr(inner, depth + 1).map(|b| !b),
            ("Fn::And", Some(items)) => {
                let outcomes: Vec<Option<bool>> = items.iter().map(|c| self.expr(c, depth + 1)).collect();
                if outcomes.contains(&Some(false)) {
                    Some(false)
                } else if outcomes.iter().all(|o| *o == Some(true)) {
                    Some(true)
                } else {
                    None
                }
            }
            ("Fn::Or", Some(items)) => {
                let outcomes: Vec<Option<bool>> = items.iter().map(|c| self.expr(c, depth + 1)).collect();
                if outcomes.contains(&Some(true)) {
                    Some(true)
                } else if outcomes.iter().all(|o| *o == Some(false)) {
                    Some(false)
                } else {
                    None
                }
            }
            ("Condition", _) => self.named(arg.as_str()?, depth + 1),
            _ => None,
        }
    }
}
