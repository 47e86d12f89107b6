#!/usr/bin/env bash
# Dependency audit: checks Cargo.lock against the RustSec advisory database, offline.
#
#   scripts/audit.sh                 # uses ../shared/advisory-db (a clone of rustsec/advisory-db)
#   ADVISORY_DB=path scripts/audit.sh
#
# Installs cargo-audit from crates.io (`cargo install --locked cargo-audit`) when it is missing. Exits
# non-zero when an advisory (vulnerability, or a yanked crate) hits a dependency; warnings such as
# "unmaintained" are printed but do not fail. Documented in docs/security.md.
set -euo pipefail

cd "$(dirname "$0")/.."
DB=${ADVISORY_DB:-../shared/advisory-db}

if ! cargo audit --version >/dev/null 2>&1; then
    echo "cargo-audit not found; installing it (cargo install --locked cargo-audit)..." >&2
    cargo install --locked cargo-audit
fi
if [ ! -d "$DB" ]; then
    echo "advisory database not found at $DB; set ADVISORY_DB or clone https://github.com/rustsec/advisory-db there" >&2
    exit 2
fi
# The offline copy is not a git checkout; its SOURCE.md names the upstream commit and date.
echo "advisory database: $DB ($(grep -o '[0-9a-f]\{40\}, [0-9-]*' "$DB/SOURCE.md" 2>/dev/null || echo 'age unknown'))"
exec cargo audit --db "$DB" --no-fetch --deny yanked "$@"
