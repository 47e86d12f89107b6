#!/usr/bin/env bash
# Palisade benchmark: wall time and peak memory on the shared corpus, synthetic repositories of 1k, 10k
# and 100k resources, and one 50 MB template; compared with Checkov when its timings are at hand.
#
#   scripts/bench.sh                  # everything; run from anywhere, paths are relative to the repo root
#   RUNS=3 scripts/bench.sh           # fewer runs per measurement (default 5; the median is reported)
#   SKIP_SYNTHETIC=1 SKIP_LARGE=1 scripts/bench.sh
#   CHECKOV_RUN=1 scripts/bench.sh    # also run Checkov, once per corpus repository (takes many minutes)
#
# What is measured, each as the median wall time and the highest peak RSS over RUNS runs:
#   - `palisade scan CORPUS --format sarif` with every built-in policy, at --jobs 1 and --jobs 2;
#   - the parse-only floor (examples/parse_only.rs: discover, read and parse, no evaluation or policies);
#   - synthetic repositories (scripts/gen-synthetic.py), and the 100k/10k time ratio (linear would be 10);
#   - a generated 50 MB CloudFormation template (tests/hostile.rs uses 3 MB in debug builds).
# Checkov: by default the per-repository timings another process wrote to ../checkov-out/timings.txt
# (`repo exit-code seconds`) are reused, since Checkov takes minutes per repository; PEERS.md in
# ../shared has quiet-machine figures. The machine load (`uptime`) is printed: numbers taken while
# others compile are noisy.
#
# Environment: CORPUS (default ../shared/corpus), RUNS, CHECKOV (default ../.peers/bin/checkov),
# CHECKOV_TIMEOUT (seconds, default 900), KEEP_TMP=1 to keep the generated inputs.
set -euo pipefail

cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/corpus}
RUNS=${RUNS:-5}
CHECKOV=${CHECKOV:-../.peers/bin/checkov}
CHECKOV_TIMEOUT=${CHECKOV_TIMEOUT:-900}
TMP=$(mktemp -d)
[ "${KEEP_TMP:-}" = 1 ] || trap 'rm -rf "$TMP"' EXIT

echo "building release binaries..." >&2
cargo build --release --quiet --bin palisade --example parse_only
BIN=target/release/palisade
PARSE=target/release/examples/parse_only

# One timed run: prints "wall-seconds peak-kilobytes cpu-seconds" (cpu = user + system). /usr/bin/time when installed (apt package `time`),
# otherwise Python's getrusage of the child; without either, wall time only.
timed() {
    if [ -x /usr/bin/time ]; then
        # Wall time from the clock in nanoseconds: time(1) rounds it to 10 ms, a tenth of the floor.
        local start end
        start=$(date +%s%N)
        /usr/bin/time -f '%e %M %U %S' -o "$TMP/time" "$@" >/dev/null 2>"$TMP/stderr" || true
        end=$(date +%s%N)
        tail -n 1 "$TMP/time" | awk -v ns=$((end - start)) '{ printf "%.3f %s %.2f\n", ns / 1e9, $2, $3 + $4 }'
    elif command -v python3 >/dev/null; then
        python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.monotonic()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{time.monotonic() - t:.3f} {r.ru_maxrss} {r.ru_utime + r.ru_stime:.3f}")
PY
    else
        local start end
        start=$(date +%s.%N)
        "$@" >/dev/null 2>&1 || true
        end=$(date +%s.%N)
        echo "$(echo "$end - $start" | bc) 0 0"
    fi
}

# RUNS timed runs: prints "median-wall max-megabytes cpu-of-the-median-run". CPU time is printed
# because it barely moves with machine load, while wall time does.
measure() {
    local i
    for i in $(seq "$RUNS"); do timed "$@"; done |
        sort -n | awk '{ t[NR] = $1; c[NR] = $3; if ($2 > m) m = $2 }
            END { i = int((NR + 1) / 2); printf "%.3f %.0f %.2f\n", t[i], m / 1024, c[i] }'
}

row() { printf '| %-44s | %9s | %9s | %8s | %s\n' "$1" "$2" "$3" "$4" "${5:-}"; }

echo "machine: $(nproc) cores; $(uptime | sed 's/.*load/load/')"
echo "commit: $(git rev-parse --short HEAD)  date: $(date -u +%Y-%m-%d)  runs per measurement: $RUNS"
echo
row "what" "wall (s)" "peak (MB)" "cpu (s)" "notes"
row "---" "---:" "---:" "---:" "---"

PAL_WALL=""
if [ -d "$CORPUS" ]; then
    files=$(find "$CORPUS" -type f \( -name '*.tf' -o -name '*.json' -o -name '*.yaml' -o -name '*.yml' -o -name '*.template' \) | wc -l)
    for jobs in 1 2; do
        read -r wall mem cpu < <(measure "$BIN" scan "$CORPUS" --format sarif --output "$TMP/out.sarif" --jobs "$jobs")
        row "corpus, --jobs $jobs, SARIF, all policies" "$wall" "$mem" "$cpu" "$files candidate files"
        [ "$jobs" = 2 ] && PAL_WALL=$wall && PAL_MEM=$mem
    done
    read -r wall mem cpu < <(measure "$PARSE" "$CORPUS" --jobs 2)
    row "corpus, parse only (--jobs 2)" "$wall" "$mem" "$cpu" "examples/parse_only.rs"
    # The ratio from pairs run back to back, so that a change in machine load between the two
    # measurements above does not skew it: the median of the per-pair ratios.
    pairs=$(for i in $(seq "$RUNS"); do
        read -r fw _ fc < <(timed "$BIN" scan "$CORPUS" --format sarif --output "$TMP/out.sarif" --jobs 2)
        read -r pw _ pc < <(timed "$PARSE" "$CORPUS" --jobs 2)
        echo "$fw $pw $fc $pc"
    done)
    median_ratio() {
        awk -v a="$1" -v b="$2" '$b > 0 { print $a / $b }' | sort -n |
            awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] }'
    }
    row "full scan / parse-only floor, paired runs" "$(median_ratio 1 2 <<<"$pairs")x" "" \
        "$(median_ratio 3 4 <<<"$pairs")x" "target <= 2x; median of $RUNS back-to-back pairs"
else
    echo "corpus not found at $CORPUS; skipping the corpus rows (set CORPUS=...)" >&2
fi

if [ -z "${SKIP_SYNTHETIC:-}" ]; then
    declare -A SYN CPU
    for n in 1000 10000 100000; do
        python3 scripts/gen-synthetic.py "$TMP/syn$n" "$n"
        runs=$RUNS
        [ "$n" = 100000 ] && RUNS=$(( RUNS < 3 ? RUNS : 3 ))
        read -r wall mem cpu < <(measure "$BIN" scan "$TMP/syn$n" --format sarif --output "$TMP/out.sarif" --jobs 2)
        RUNS=$runs
        # Exit code 1 means findings, which these repositories have on purpose.
        resources=$({ "$BIN" scan "$TMP/syn$n" --format json --jobs 2 2>/dev/null || true; } |
            python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["resources"])' 2>/dev/null || echo "?")
        row "synthetic ${n} (--jobs 2)" "$wall" "$mem" "$cpu" "$resources resources evaluated"
        SYN[$n]=$wall
        CPU[$n]=$cpu
        rm -rf "$TMP/syn$n"
    done
    ratio=$(awk -v a="${SYN[100000]}" -v b="${SYN[10000]}" 'BEGIN { printf "%.1f", a / b }')
    cratio=$(awk -v a="${CPU[100000]}" -v b="${CPU[10000]}" 'BEGIN { printf "%.1f", a / b }')
    row "synthetic 100k / 10k ratio" "${ratio}x" "" "${cratio}x" "target <= 12x"
fi

if [ -z "${SKIP_LARGE:-}" ]; then
    python3 scripts/gen-synthetic.py --large "$TMP/large" 50
    size=$(du -m "$TMP/large/large.yaml" | cut -f1)
    read -r wall mem cpu < <(RUNS=1 measure "$BIN" scan "$TMP/large" --format sarif --output "$TMP/out.sarif" --jobs 2)
    row "one ${size} MB template (1 run)" "$wall" "$mem" "$cpu" ""
    rm -rf "$TMP/large"
fi

# Checkov: reuse recorded timings, or run it when asked.
CK_TOTAL=""
if [ -n "${CHECKOV_RUN:-}" ] && [ -x "$CHECKOV" ] && [ -d "$CORPUS" ]; then
    export BC_SKIP_MAPPING=TRUE CKV_SKIP_PACKAGE_UPDATE_CHECK=TRUE DOWNLOAD_EXTERNAL_MODULES=false
    CK_TOTAL=0
    for dir in "$CORPUS"/*/; do
        name=$(basename "$dir")
        read -r wall mem cpu < <(RUNS=1 measure timeout "$CHECKOV_TIMEOUT" "$CHECKOV" -d "$dir" \
            --framework terraform cloudformation --skip-download -o json --quiet --compact \
            --skip-path 'RainModules/(bucket|static-site)\.yml' --skip-path 'StackSets/common-resources\.(json|yaml)' \
            --skip-path 'Solutions/(GitLab/GitLabServer|GitLabAndVSCode/GitLabAndVSCode|Gitea/Gitea|VSCode/VSCodeServer)\.(json|yaml)')
        row "checkov $name" "$wall" "$mem" "$cpu" "1 run"
        CK_TOTAL=$(awk -v a="$CK_TOTAL" -v b="$wall" 'BEGIN { print a + b }')
    done
elif [ -f ../checkov-out/timings.txt ]; then
    CK_TOTAL=0
    while read -r name code secs; do
        [[ "$secs" =~ ^[0-9.]+$ ]] || continue
        note="recorded in ../checkov-out/timings.txt"
        [ "$code" = 124 ] && note="timed out (lower bound)"
        row "checkov $name" "$(printf '%.1f' "$secs")" "" "" "$note"
        CK_TOTAL=$(awk -v a="$CK_TOTAL" -v b="$secs" 'BEGIN { print a + b }')
    done < ../checkov-out/timings.txt
else
    echo "no Checkov timings (../checkov-out/timings.txt) and CHECKOV_RUN unset; see ../shared/PEERS.md" >&2
fi
if [ -n "$CK_TOTAL" ] && [ -n "$PAL_WALL" ]; then
    row "checkov, sum of the repositories above" "$(printf '%.1f' "$CK_TOTAL")" "" "" \
        "$(awk -v a="$CK_TOTAL" -v b="$PAL_WALL" 'BEGIN { printf "%.0fx Palisade (whole corpus, --jobs 2)", a / b }')"
fi
