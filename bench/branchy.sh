#!/usr/bin/env bash
# Times mapi-lint on the branchy corpus (examples/gen_branchy.rs): command-line MAPI tools whose
# functions have 30-200 branches, the shape that makes path analysis expensive.
#
#   bench/branchy.sh [LINES...]          (default: 100000 1000000)
#
# For each size: generate the corpus (reused if already there and the generator is older),
# one untimed warm-up run (WARMUP=1), then RUNS timed runs of each tool, round-robin:
#   mapi-lint   all rules, --format json > /dev/null, with --function-stats (a table of what
#               each function's analysis cost, written after the analysis)
#   ast-grep    one pattern, $S->Logoff($$$), --lang cpp (when an ast-grep is found)
# and print the median wall time, CPU (user+sys) and peak RSS (`/usr/bin/time -v`) of each,
# the time per line, and per function-size class (the branch count the generator planned,
# in the name: `Cmd..._b<N>`) the functions, their analysis time (the median over the runs of
# the class's total), states explored and CFG size; then the scaling from the smallest to the
# largest size.
#
# Environment:
#   BENCH_DIR      work directory [${TMPDIR:-/tmp}/mapi-lint-branchy]; outside any git work
#                  tree (the tools honour .gitignore)
#   RUNS           timed runs per tool [3]
#   WARMUP         1: one untimed run of each tool first; 0: none (the corpus was just written,
#                  so it is in the page cache anyway) [1]
#   MAPI_LINT_BIN  use this mapi-lint binary instead of building one (release, from the work
#                  tree, into ${CARGO_TARGET_DIR:-target})
#   AST_GREP       the ast-grep binary [the first of $BENCH_VENV/bin/ast-grep, ast-grep on
#                  PATH, ~/.cargo/bin/ast-grep; none: the comparison is left out]
#   BENCH_VENV     virtualenv compare.sh installs ast-grep into [bench/.venv]
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/mapi-lint-branchy}
RUNS=${RUNS:-3}
WARMUP=${WARMUP:-1}
VENV=${BENCH_VENV:-$REPO/bench/.venv}
PATTERN='$S->Logoff($$$)'
if [ "$#" -gt 0 ]; then SIZES=("$@"); else SIZES=(100000 1000000); fi

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'branchy.sh: %s\n' "$*" >&2; exit 1; }

for n in "${SIZES[@]}"; do
    case "$n" in '' | *[!0-9]*) die "arguments must be line counts, got '$n'" ;; esac
done
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) is needed: apt-get install time"
command -v python3 > /dev/null || die "python3 is needed"
mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
if git -C "$BENCH_DIR" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    die "BENCH_DIR=$BENCH_DIR is inside a git work tree; pick another"
fi

if [ -n "${MAPI_LINT_BIN:-}" ]; then
    LINT=$MAPI_LINT_BIN
else
    log "building mapi-lint from the work tree (release)"
    (cd "$REPO" && cargo build --release --locked --bin mapi-lint >&2)
    LINT="${CARGO_TARGET_DIR:-$REPO/target}/release/mapi-lint"
fi
[ -x "$LINT" ] || die "no mapi-lint binary at $LINT"

GEN="$BENCH_DIR/gen_branchy"
if [ ! -x "$GEN" ] || [ "$REPO/examples/gen_branchy.rs" -nt "$GEN" ]; then
    log "compiling examples/gen_branchy.rs"
    rustc --edition 2024 -O -o "$GEN" "$REPO/examples/gen_branchy.rs"
fi

if [ -z "${AST_GREP:-}" ]; then
    for c in "$VENV/bin/ast-grep" "$(command -v ast-grep || true)" "$HOME/.cargo/bin/ast-grep"; do
        if [ -n "$c" ] && [ -x "$c" ]; then AST_GREP=$c; break; fi
    done
fi
TOOLS=(mapi-lint)
if [ -n "${AST_GREP:-}" ]; then
    TOOLS+=(ast-grep)
    PEER="$("$AST_GREP" --version 2>&1 | head -n1)"
else
    PEER="none (no ast-grep found; set AST_GREP)"
fi

echo "date:      $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine:   $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo 2> /dev/null | sed 's/.*: //' || echo unknown)"
echo "mapi-lint: $LINT ($(git -C "$REPO" rev-parse --short=12 HEAD 2> /dev/null || echo '?'))"
echo "peer:      $PEER"
echo "runs:      $RUNS timed per tool (median reported), after $WARMUP warm-up"

# measure TOOL DIR RUN: one timed run; appends "TOOL wall cpu rss_kb" to $RESULTS.
measure() {
    local tool=$1 dir=$2 run=$3 tf="$BENCH_DIR/time.out" rc=0 t0 t1
    case "$tool" in
        mapi-lint) CMD=("$LINT" --format json --function-stats "$BENCH_DIR/functions-$run.tsv" "$dir") ;;
        ast-grep) CMD=("$AST_GREP" run --pattern "$PATTERN" --lang cpp "$dir") ;;
    esac
    t0=$EPOCHREALTIME
    /usr/bin/time -v -o "$tf" "${CMD[@]}" > "$BENCH_DIR/$tool.out" 2> "$BENCH_DIR/$tool.stderr" || rc=$?
    t1=$EPOCHREALTIME
    if [ "$rc" -gt 1 ]; then
        cat "$BENCH_DIR/$tool.stderr" >&2
        die "$tool exited with status $rc"
    fi
    awk -v n="$tool" -v w="$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')" -F': ' '
        /User time/ {u = $2} /System time/ {s = $2} /Maximum resident set size/ {m = $2}
        END {printf "%s %.3f %.2f %d\n", n, w, u + s, m}' "$tf" >> "$RESULTS"
}

median() { sort -g | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

declare -A WALL LINES
for n in "${SIZES[@]}"; do
    corpus="$BENCH_DIR/corpus-$n"
    if [ ! -f "$corpus.done" ] || [ "$GEN" -nt "$corpus.done" ]; then
        log "generating $n lines into $corpus"
        rm -rf "$corpus"
        "$GEN" "$corpus" "$n" > "$corpus.done.tmp"
        mv "$corpus.done.tmp" "$corpus.done"
    fi
    LINES[$n]=$(awk '{print $3}' "$corpus.done")
    if [ "$WARMUP" = 1 ]; then
        log "$n lines: warm-up"
        RESULTS="$BENCH_DIR/warm-up.txt"
        for t in "${TOOLS[@]}"; do measure "$t" "$corpus" warm; done
    fi
    RESULTS="$BENCH_DIR/results-$n.txt"
    : > "$RESULTS"
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    for r in $(seq 1 "$RUNS"); do
        for t in "${TOOLS[@]}"; do
            log "$n lines: run $r/$RUNS $t"
            measure "$t" "$corpus" "$r"
        done
    done
    # What the last run found.
    findings=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); s=d["summary"]; print(s["files_scanned"], "files,", s["errors"], "errors,", s["warnings"], "warnings,", len(d["notes"]), "notes")' "$BENCH_DIR/mapi-lint.out")
    ag_hits=""
    [ -n "${AST_GREP:-}" ] && ag_hits="; ast-grep: $(grep -c 'Logoff(' "$BENCH_DIR/ast-grep.out" || true) Logoff matches"

    echo
    echo "## $n lines: $(cat "$corpus.done")"
    echo "load average before the timed runs: $load"
    echo "mapi-lint: $findings$ag_hits"
    echo
    echo "| tool | wall s | CPU s | peak RSS MiB | us per line | x ast-grep |"
    echo "|---|---:|---:|---:|---:|---:|"
    ag_wall=""
    [ -n "${AST_GREP:-}" ] && ag_wall=$(awk '$1 == "ast-grep" {print $2}' "$RESULTS" | median)
    for t in "${TOOLS[@]}"; do
        w=$(awk -v t="$t" '$1 == t {print $2}' "$RESULTS" | median)
        c=$(awk -v t="$t" '$1 == t {print $3}' "$RESULTS" | median)
        m=$(awk -v t="$t" '$1 == t {print $4}' "$RESULTS" | median)
        [ "$t" = mapi-lint ] && WALL[$n]=$w
        awk -v t="$t" -v w="$w" -v c="$c" -v m="$m" -v l="${LINES[$n]}" -v ag="$ag_wall" \
            'BEGIN {printf "| %s | %.3f | %.2f | %.1f | %.2f | %s |\n", t, w, c, m / 1024, w * 1e6 / l, ag == "" ? "-" : sprintf("%.2f", w / ag)}'
    done
    echo
    # Per function-size class, from the --function-stats tables of the timed runs.
    python3 - "$BENCH_DIR" "$RUNS" << 'EOF'
import statistics, sys, re
bench, runs = sys.argv[1], int(sys.argv[2])
classes = [("30-59", 30, 59), ("60-119", 60, 119), ("120-200", 120, 200)]
def key(name):
    m = re.search(r"_b(\d+)$", name)
    if not m:
        return "dispatcher" if name.startswith("RunTool") else "other"
    b = int(m.group(1))
    return next((c for c, lo, hi in classes if lo <= b <= hi), "other")
per_run = []
for r in range(1, runs + 1):
    rows = {}
    with open(f"{bench}/functions-{r}.tsv") as f:
        next(f)
        for line in f:
            name, place, nodes, branches, rules, states, micros, hit = line.rstrip("\n").split("\t")
            rows.setdefault(key(name), []).append((int(nodes), int(branches), int(states), int(micros), int(hit)))
    per_run.append(rows)
print("| planned branches | functions | CFG nodes (mean) | CFG branches (mean) | states (mean) | budget hits | analysis ms (class total) | ms per function | us per CFG node |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
names = [c for c, _, _ in classes] + ["dispatcher", "other"]
for c in names:
    if c not in per_run[0]:
        continue
    rows = per_run[0][c]
    n = len(rows)
    total_ms = statistics.median(sum(x[3] for x in run.get(c, [])) / 1e3 for run in per_run)
    nodes = sum(x[0] for x in rows)
    print(f"| {c} | {n} | {nodes / n:.0f} | {sum(x[1] for x in rows) / n:.0f} | {sum(x[2] for x in rows) / n:.0f} | {sum(x[4] for x in rows)} | {total_ms:.1f} | {total_ms / n:.3f} | {total_ms * 1e3 / nodes:.2f} |")
total = statistics.median(sum(x[3] for rows in run.values() for x in rows) / 1e3 for run in per_run)
print(f"\nanalysis time summed over functions (median of runs): {total:.1f} ms")
EOF
done

if [ "${#SIZES[@]}" -ge 2 ]; then
    lo=${SIZES[0]} hi=${SIZES[${#SIZES[@]} - 1]}
    echo
    awk -v a="${WALL[$lo]}" -v b="${WALL[$hi]}" -v la="${LINES[$lo]}" -v lb="${LINES[$hi]}" \
        'BEGIN {printf "## scaling %d -> %d lines (%.2fx): mapi-lint %.3f s -> %.3f s = %.2fx the time; %.2f -> %.2f us per line\n", la, lb, lb / la, a, b, b / a, a * 1e6 / la, b * 1e6 / lb}'
fi
