#!/usr/bin/env bash
# The cache key of the Palisade binary the composite action (action.yml) builds, written as the step
# output `hash`. `hashFiles()` cannot compute it: it sees only files under GITHUB_WORKSPACE, and the
# action's own checkout lies outside it (or, for `uses: ./`, is the workspace, where it errors).
# A commit SHA (`uses: owner/palisade@<sha>`) names the sources exactly and is the key as it is; any
# other ref (a branch, a tag that can move, `./`) keys on a hash of everything that goes into the
# binary, so a new commit on `main` builds a new one instead of reusing a stale binary forever.
set -euo pipefail

action_path="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}"
ref="${ACTION_REF:-}"

if [[ "$ref" =~ ^[0-9a-f]{40}$ ]]; then
  hash="$ref"
else
  if command -v sha256sum >/dev/null 2>&1; then
    sum() { sha256sum; }
  else
    sum() { shasum -a 256; }
  fi
  cd "$action_path"
  inputs=()
  for input in Cargo.toml Cargo.lock build.rs src policies; do
    if [[ -e "$input" ]]; then inputs+=("$input"); fi
  done
  # Names and contents of the build inputs, in a fixed order: a renamed file changes the key too.
  hash=$(
    find "${inputs[@]}" -type f -print0 |
      LC_ALL=C sort -z |
      while IFS= read -r -d '' file; do
        printf '%s\0' "$file"
        sum < "$file"
      done | sum
  )
  hash="${hash%% *}"
fi

echo "palisade: build key ${hash:0:12}" >&2
if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
  echo "hash=$hash" >> "$GITHUB_OUTPUT"
else
  echo "$hash"
fi
