#!/usr/bin/env bash
# Runs Palisade for the composite action (action.yml). Every input arrives as an environment variable
# (INPUT_*), never interpolated into this script, so a crafted branch name or input cannot inject
# shell. Writes the SARIF file, appends the markdown summary to $GITHUB_STEP_SUMMARY, prints GitHub
# annotations, and sets the outputs sarif-file, findings and exit-code in $GITHUB_OUTPUT.
set -euo pipefail

palisade="${PALISADE:-palisade}"
scan_path="${INPUT_PATH:-.}"
sarif_file="${INPUT_SARIF_FILE:-palisade.sarif}"
workdir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
summary_file="$(mktemp "$workdir/palisade-summary.XXXXXX")"
annotations_file="$(mktemp "$workdir/palisade-annotations.XXXXXX")"
json_file="$(mktemp "$workdir/palisade-json.XXXXXX")"
trap 'rm -f "$summary_file" "$annotations_file" "$json_file"' EXIT

args=(scan "$scan_path"
  --format sarif --output "$sarif_file"
  --format markdown --output "$summary_file"
  --format github --output "$annotations_file"
  --format json --output "$json_file")
if [[ -n "${INPUT_CONFIG:-}" ]]; then args+=(--config "$INPUT_CONFIG"); fi
if [[ -n "${INPUT_SEVERITY_THRESHOLD:-}" ]]; then args+=(--severity-threshold "$INPUT_SEVERITY_THRESHOLD"); fi
if [[ -n "${INPUT_DIFF_BASE:-}" ]]; then args+=(--diff-base "$INPUT_DIFF_BASE"); fi
# A file Palisade could not read or parse fails the gate unless the workflow says otherwise.
if [[ "${INPUT_STRICT:-true}" != "false" ]]; then args+=(--strict); fi
if [[ -n "${GITHUB_REPOSITORY:-}" && -n "${GITHUB_SHA:-}" ]]; then
  args+=(--link-base "${GITHUB_SERVER_URL:-https://github.com}/$GITHUB_REPOSITORY/blob/$GITHUB_SHA/")
fi
if [[ -n "${INPUT_FORMAT:-}" && "$INPUT_FORMAT" != "none" ]]; then args+=(--format "$INPUT_FORMAT"); fi
# extra-args is split on whitespace on purpose (it is a list of flags); no glob expansion.
if [[ -n "${INPUT_EXTRA_ARGS:-}" ]]; then
  set -f
  # shellcheck disable=SC2206
  extra=(${INPUT_EXTRA_ARGS})
  set +f
  args+=("${extra[@]}")
fi

# actions/checkout fetches one commit by default: bring the base branch in so the diff has a base.
if [[ "${INPUT_DIFF_BASE:-}" == origin/?* ]] && ! git rev-parse --verify --quiet "$INPUT_DIFF_BASE^{commit}" >/dev/null 2>&1; then
  branch="${INPUT_DIFF_BASE#origin/}"
  git fetch --no-tags --depth=50 origin -- "refs/heads/$branch:refs/remotes/origin/$branch" >&2 || true
fi

# terraform-init: download the modules the configuration calls, as `terraform init -backend=false`
# would (modules only: no providers, no backend), so that Palisade reads them from the cache. The
# module sources in the checked-out code decide what is downloaded; off unless the workflow asks.
if [[ "${INPUT_TERRAFORM_INIT:-false}" == "true" ]]; then
  if ! command -v "${TERRAFORM:-terraform}" >/dev/null 2>&1; then
    echo "::warning::terraform-init: terraform is not installed (hashicorp/setup-terraform); modules are not downloaded"
  else
    while IFS= read -r -d '' dir; do
      echo "palisade: terraform get in $dir" >&2
      if ! "${TERRAFORM:-terraform}" "-chdir=$dir" get -no-color >&2; then
        echo "::warning::terraform-init: terraform get failed in one directory; its modules are not evaluated"
      fi
    done < <(find "$scan_path" \( -name .terraform -o -name .git \) -prune -o -type f -name '*.tf' -print0 \
      | xargs -0 -r grep -l -Z -E '^[[:space:]]*module[[:space:]]+"' \
      | xargs -0 -r -n 1 dirname -z | sort -z -u)
  fi
fi

code=0
"$palisade" "${args[@]}" || code=$?

if [[ -s "$annotations_file" ]]; then cat "$annotations_file"; fi
if [[ -n "${GITHUB_STEP_SUMMARY:-}" && -s "$summary_file" ]]; then
  cat "$summary_file" >> "$GITHUB_STEP_SUMMARY"
fi
# The count of open findings the gate judged (with a diff base, those in the change) is the JSON
# report's `summary.findings`, its first `"findings": N`: a
# quote inside a JSON string is escaped, so scanned text cannot forge the key, whereas annotation
# lines carry text from the scanned files.
findings=$(grep -m 1 -o -E '"findings": [0-9]+' "$json_file" | grep -o -E '[0-9]+$' || true)
findings="${findings:-0}"
if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
  {
    echo "sarif-file=$sarif_file"
    echo "findings=$findings"
    echo "exit-code=$code"
  } >> "$GITHUB_OUTPUT"
fi

if [[ "$code" -eq 1 && "${INPUT_SOFT_FAIL:-false}" == "true" ]]; then
  echo "palisade: findings reported, soft-fail is on" >&2
  exit 0
fi
exit "$code"
