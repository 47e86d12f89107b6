//! The policy file format: the same YAML for built-in and custom policies.

use crate::eval::value::Value;
use crate::source::Format;

/// The check of one policy for one format.
#[derive(Clone, Debug)]
pub struct Check {
    pub format: Format,
    /// Resource types the check applies to (`aws_s3_bucket`, `AWS::S3::Bucket`).
    pub resources: Vec<String>,
    pub rule: Rule,
}

/// A check passes when its condition holds (`pass_when`) or fails when it holds (`fail_when`).
#[derive(Clone, Debug)]
pub enum Rule {
    PassWhen(Condition),
    FailWhen(Condition),
}

/// One segment of an attribute path: a name, or `*` for every item of a list or value of a map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Name(String),
    Any,
}

#[derive(Clone, Debug)]
pub enum Test {
    Exists(bool),
    Equals(Value),
    In(Vec<Value>),
    Matches(regex::Regex),
    Gt(f64),
    Gte(f64),
    Lt(f64),
    Lte(f64),
    Contains(Value),
}

#[derive(Clone, Debug)]
pub enum Condition {
    /// A test on the values at a path; lists on the way are searched item by item.
    Attribute {
        path: Vec<Segment>,
        test: Test,
        default: Option<Value>,
    },
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    /// Another resource of one of `types` whose attribute `via` references this one, satisfying `filter`.
    Connected {
        types: Vec<String>,
        via: String,
        filter: Option<Box<Condition>>,
    },
    /// A native predicate registered by name, with its arguments.
    Predicate {
        name: String,
        args: Value,
    },
}
