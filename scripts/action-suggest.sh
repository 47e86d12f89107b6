#!/usr/bin/env bash
# The composite action's `suggestions` input (action.yml): on a pull request from the repository
# itself, posts one review comment per fixable finding on lines the pull request changed, each with a
# ```suggestion block the author applies with one click. The fixes, the lines they replace and the
# comments' Markdown come from `palisade fix --diff --format json`; this script only selects and
# posts them, through GitHub's REST API with `gh` (or `curl` when `gh` is missing).
#
# Every value arrives through the environment and is treated as hostile: file names and replacement
# text come from the pull request, so request bodies are built by jq from Palisade's JSON, never by
# pasting text into shell code or JSON, and nothing read from them is printed as a workflow command.
# Failing to post is a warning: the gate is the scan step.
set -euo pipefail

# GitHub accepts many more, but a review buried under comments is not read.
max_comments=50

palisade="${PALISADE:-palisade}"
gh="${GH:-gh}"
curl="${CURL:-curl}"
jq="${JQ:-jq}"
scan_path="${INPUT_PATH:-.}"

notice() { echo "::notice title=Palisade suggestions::$1"; }
warning() { echo "::warning title=Palisade suggestions::$1"; }

if [[ "${GITHUB_EVENT_NAME:-}" != "pull_request" ]]; then
  notice "suggestions are posted on pull_request events only"
  exit 0
fi
# A fork's pull request runs its own code with a read-only token: never hand it one that can write.
if [[ -z "${PR_HEAD_REPO:-}" || "${PR_HEAD_REPO}" != "${PR_BASE_REPO:-}" ]]; then
  notice "the pull request comes from a fork: no suggestions are posted"
  exit 0
fi
# These go into the request's URL and body: only the shapes GitHub gives them.
if ! [[ "${PR_NUMBER:-}" =~ ^[0-9]+$ && "${PR_HEAD_SHA:-}" =~ ^[0-9a-f]{40}$ \
  && "${GITHUB_REPOSITORY:-}" =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]]; then
  warning "the pull request number, head commit or repository is missing or malformed: no suggestions"
  exit 0
fi
if [[ -z "${GH_TOKEN:-}" || "$GH_TOKEN" =~ [[:space:]\"\\] ]]; then
  warning "no usable github-token: no suggestions"
  exit 0
fi
if ! command -v "$jq" >/dev/null 2>&1; then
  warning "jq is not installed: no suggestions"
  exit 0
fi
api="${GITHUB_API_URL:-https://api.github.com}"
# gh talks to github.com unless told otherwise; curl takes a GitHub Enterprise Server's API as it is.
if [[ "$api" == "https://api.github.com" ]] && command -v "$gh" >/dev/null 2>&1; then
  client=gh
elif command -v "$curl" >/dev/null 2>&1; then
  client=curl
else
  warning "neither gh nor curl is installed: no suggestions"
  exit 0
fi

workdir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
fixes_file="$(mktemp "$workdir/palisade-fixes.XXXXXX")"
requests_file="$(mktemp "$workdir/palisade-requests.XXXXXX")"
request_file="$(mktemp "$workdir/palisade-request.XXXXXX")"
trap 'rm -f "$fixes_file" "$requests_file" "$request_file"' EXIT

args=(fix --diff --format json --output "$fixes_file" "$scan_path")
if [[ -n "${INPUT_CONFIG:-}" ]]; then args+=(--config "$INPUT_CONFIG"); fi
if [[ -n "${INPUT_DIFF_BASE:-}" ]]; then args+=(--diff-base "$INPUT_DIFF_BASE"); fi
# As in action-run.sh: a list of flags, split on whitespace, no glob expansion.
if [[ -n "${INPUT_EXTRA_ARGS:-}" ]]; then
  set -f
  # shellcheck disable=SC2206
  extra=(${INPUT_EXTRA_ARGS})
  set +f
  args+=("${extra[@]}")
fi
code=0
"$palisade" "${args[@]}" >&2 || code=$?
if [[ "$code" -gt 1 ]]; then
  warning "palisade fix --diff failed (exit code $code): no suggestions"
  exit 0
fi

# Fixes on lines the pull request wrote (`changed` needs a diff base), most severe first as Palisade
# sorts them, one compact JSON request body a line. Multi-line comments name their first line too.
"$jq" -c --arg sha "$PR_HEAD_SHA" --argjson max "$max_comments" '
  [.fixes[] | select(.changed == true)] | .[:$max][]
  | {body: .comment, commit_id: $sha, path: .path, line: .end_line, side: "RIGHT"}
    + (if .start_line < .end_line then {start_line: .start_line, start_side: "RIGHT"} else {} end)
' "$fixes_file" > "$requests_file"
total=$("$jq" '[.fixes[] | select(.changed == true)] | length' "$fixes_file")
if [[ "$total" -gt "$max_comments" ]]; then
  notice "$((total - max_comments)) more fixable findings on changed lines are not suggested (at most $max_comments comments)"
fi

# The lines are those of the checked-out tree; GitHub places them in the head commit's files. The
# checkout may be another commit (the merge commit actions/checkout makes for a pull request), so a
# file is suggested on only when the head commit has it as it is here.
# Palisade names files from the git top-level of the scanned path, which need not be the workspace.
scan_dir="$scan_path"
if [[ ! -d "$scan_dir" ]]; then scan_dir="$(dirname -- "$scan_dir")"; fi
top="$(git -C "$scan_dir" rev-parse --show-toplevel 2>/dev/null || true)"
if [[ -n "$top" ]] && ! git -C "$top" cat-file -e "$PR_HEAD_SHA^{commit}" 2>/dev/null; then
  git -C "$top" fetch --no-tags --depth=1 origin "$PR_HEAD_SHA" >&2 2>/dev/null || true
fi
same_in_head() {
  local here there
  [[ -n "$top" ]] || return 1
  here="$(git -C "$top" hash-object -- "$1" 2>/dev/null)" || return 1
  there="$(git -C "$top" rev-parse --verify --quiet "$PR_HEAD_SHA:$1" 2>/dev/null)" || return 1
  [[ -n "$here" && "$here" == "$there" ]]
}

endpoint="repos/$GITHUB_REPOSITORY/pulls/$PR_NUMBER/comments"
posted=0
skipped=0
failed=0
while IFS= read -r request; do
  # A final `/` keeps the trailing newlines of a name, which command substitution would strip.
  path="$("$jq" -r '.path + "/"' <<< "$request")"
  if ! same_in_head "${path%/}"; then
    skipped=$((skipped + 1))
    continue
  fi
  printf '%s\n' "$request" > "$request_file"
  if [[ "$client" == gh ]]; then
    result=0
    "$gh" api --method POST -H "Accept: application/vnd.github+json" "$endpoint" \
      --input "$request_file" > /dev/null || result=$?
  else
    result=0
    # The token goes in on standard input, not on the command line other processes can read.
    printf 'header = "Authorization: Bearer %s"\n' "$GH_TOKEN" | "$curl" --config - \
      --silent --show-error --fail --output /dev/null --request POST \
      --header "Accept: application/vnd.github+json" --header "Content-Type: application/json" \
      --data-binary "@$request_file" "$api/$endpoint" || result=$?
  fi
  if [[ "$result" -eq 0 ]]; then posted=$((posted + 1)); else failed=$((failed + 1)); fi
done < "$requests_file"

if [[ "$skipped" -gt 0 ]]; then
  notice "$skipped suggestions skipped: their file differs between the checked-out commit and the pull request's head (check out the head commit to get them)"
fi
if [[ "$failed" -gt 0 ]]; then
  warning "$failed review comments could not be posted (does the job grant pull-requests: write?)"
fi
echo "palisade: posted $posted review comments with suggested fixes" >&2
