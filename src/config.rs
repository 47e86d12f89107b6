//! `.palisade.yml`: the project's settings, merged with the command line (the command line wins).
//! Read with the same spanned YAML parser as templates, so an unknown key is an error with its line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::Error;
use crate::eval::value::{Kind, Value};
use crate::policy::Severity;
use crate::source::{SourceFile, Span};

pub const DEFAULT_FILE: &str = ".palisade.yml";

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// Tag keys every taggable resource must carry.
    pub required_tags: Vec<String>,
    /// The tag key that names a stateful resource's backup/DR procedure.
    pub backup_tag: Option<String>,
    /// Glob patterns of paths not to scan.
    pub exclude: Vec<String>,
    /// Policy ids (or aliases) not to run.
    pub skip: Vec<String>,
    /// When non-empty, only these policy ids run.
    pub only: Vec<String>,
    /// Findings at or above this severity make the exit code 1.
    pub severity_threshold: Option<Severity>,
    /// Directories of custom policies, relative to the config file.
    pub policy_dirs: Vec<PathBuf>,
    /// Terraform variable files, relative to the config file.
    pub var_files: Vec<PathBuf>,
    /// A CloudFormation parameters file, relative to the config file.
    pub cfn_parameters: Option<PathBuf>,
    /// Severity overrides by policy id: `severity: {AWS-S3-002: high}`.
    pub severity: BTreeMap<String, Severity>,
    /// A baseline file, relative to the config file (`--baseline` wins).
    pub baseline: Option<PathBuf>,
    /// Warn about Palisade suppressions that match no finding.
    pub report_unused_suppressions: bool,
}

const KEYS: &[&str] = &[
    "required_tags",
    "backup_tag",
    "exclude",
    "skip",
    "only",
    "severity_threshold",
    "policy_dirs",
    "var_files",
    "cfn_parameters",
    "severity",
    "baseline",
    "report_unused_suppressions",
];

/// Reads a config file. `Ok(None)` when `path` does not exist and was not asked for explicitly.
pub fn load(path: &Path, explicit: bool) -> Result<Option<Config>, Error> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if !explicit && e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(Error::Io { path: path.to_path_buf(), source }),
    };
    let base = path.parent().unwrap_or(Path::new("."));
    parse(&path.to_string_lossy(), &text, base).map(Some)
}

/// Parses config text; relative paths in it are resolved against `base`.
pub fn parse(display: &str, text: &str, base: &Path) -> Result<Config, Error> {
    let source = SourceFile::new(display.to_string(), display.into(), text.to_string());
    let err = |span: Span, message: String| {
        let pos = source.line_col(span.start as usize);
        Error::Policy { path: display.to_string(), line: pos.line, column: pos.column, message }
    };
    let doc = crate::parse::yaml::parse(&source).map_err(|e| err(e.span, e.message))?;
    let mut config = Config::default();
    let map = match &doc.kind {
        Kind::Null => return Ok(config),
        Kind::Map(m) => m,
        _ => return Err(err(doc.span, "the config file must be a mapping".to_string())),
    };
    let strings = |v: &Value| -> Result<Vec<String>, Error> {
        let items = match &v.kind {
            Kind::List(items) => items.iter().collect(),
            _ => vec![v],
        };
        items
            .into_iter()
            .map(|i| i.scalar_text().ok_or_else(|| err(i.span, "expected a string".to_string())))
            .collect()
    };
    let severity = |v: &Value| -> Result<Severity, Error> {
        let text = v.scalar_text().unwrap_or_default();
        Severity::parse(&text).ok_or_else(|| {
            err(v.span, format!("unknown severity `{text}` (critical, high, medium, low, info)"))
        })
    };
    for (key, value) in map.iter() {
        match key.name.as_str() {
            "required_tags" => config.required_tags = strings(value)?,
            "backup_tag" => {
                let key = value.as_str().filter(|s| !s.trim().is_empty());
                config.backup_tag = Some(
                    key.ok_or_else(|| err(value.span, "expected a tag key (a string)".to_string()))?
                        .to_string(),
                );
            }
            "exclude" => config.exclude = strings(value)?,
            "skip" => config.skip = strings(value)?,
            "only" => config.only = strings(value)?,
            "severity_threshold" => config.severity_threshold = Some(severity(value)?),
            "severity" => {
                let Kind::Map(overrides) = &value.kind else {
                    return Err(err(value.span, "expected a mapping of policy id to severity".to_string()));
                };
                for (id, level) in overrides.iter() {
                    config.severity.insert(id.name.clone(), severity(level)?);
                }
            }
            "baseline" => config.baseline = strings(value)?.into_iter().next().map(|p| base.join(p)),
            "report_unused_suppressions" => {
                config.report_unused_suppressions =
                    value.as_bool().ok_or_else(|| err(value.span, "expected true or false".to_string()))?;
            }
            "policy_dirs" => config.policy_dirs = strings(value)?.into_iter().map(|p| base.join(p)).collect(),
            "var_files" => config.var_files = strings(value)?.into_iter().map(|p| base.join(p)).collect(),
            "cfn_parameters" => {
                config.cfn_parameters = strings(value)?.into_iter().next().map(|p| base.join(p));
            }
            other => {
                return Err(err(
                    key.span,
                    format!("unknown key `{other}` (expected one of: {})", KEYS.join(", ")),
                ));
            }
        }
    }
    Ok(config)
}

#[cfg(test)]
mod backup_tag_tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn backup_tag_is_a_single_tag_key() {
        let config = parse("c.yml", "backup_tag: BackupPlan\n", Path::new(".")).unwrap();
        assert_eq!(config.backup_tag.as_deref(), Some("BackupPlan"));
        assert_eq!(parse("c.yml", "required_tags: [Owner]\n", Path::new(".")).unwrap().backup_tag, None);
    }

    #[test]
    fn backup_tag_of_the_wrong_type_is_an_error() {
        assert!(parse("c.yml", "backup_tag: [BackupPlan]\n", Path::new(".")).is_err());
        assert!(parse("c.yml", "backup_tag: \"\"\n", Path::new(".")).is_err());
    }
}
