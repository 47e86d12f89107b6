//! `palisade init`: a commented starter `.palisade.yml`, every key present and explained, all of them
//! optional. A test parses it with [`crate::config::parse`] so it cannot drift from what is accepted.

use std::path::{Path, PathBuf};

use crate::config::DEFAULT_FILE;
use crate::diag::Error;

pub const STARTER: &str = r"# Palisade configuration. Every key is optional; the command line wins over this file.
# Paths are relative to this file. Docs: docs/pre-deploy.md, docs/github-action.md.

# Findings at or above this severity make `palisade scan` exit with 1
# (critical, high, medium, low, info).
severity_threshold: low

# Change the severity of a policy for this project (findings and SARIF rules alike).
severity: {}
#  AWS-S3-002: high

# Policies not to run, or the only ones to run (ids or former ids).
skip: []
only: []

# Paths not to scan (globs).
exclude:
  - '**/.terraform/**'

# Tag keys every taggable resource must carry (turns on AWS-TAG-001).
required_tags: []

# Extra policy directories, Terraform variable files, CloudFormation parameters.
policy_dirs: []
var_files: []
# cfn_parameters: params.json

# Accept the findings recorded here (write it with `palisade scan --write-baseline FILE`).
# baseline: .palisade-baseline.json

# Warn about `palisade:ignore` comments that no longer match a finding.
report_unused_suppressions: false
";

/// Writes the starter file into `dir`; an existing file is kept unless `force`.
pub fn write(dir: &Path, force: bool) -> Result<PathBuf, Error> {
    let path = dir.join(DEFAULT_FILE);
    if path.exists() && !force {
        return Err(Error::Usage(format!("{} already exists; use --force to overwrite it", path.display())));
    }
    std::fs::write(&path, STARTER).map_err(|source| Error::Io { path: path.clone(), error: source })?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn starter_config_parses() {
        let config = crate::config::parse(".palisade.yml", STARTER, Path::new(".")).unwrap();
        assert_eq!(config.severity_threshold, Some(crate::policy::Severity::Low));
        assert_eq!(config.exclude, ["**/.terraform/**"]);
        assert!(config.baseline.is_none() && config.severity.is_empty());
    }
}
