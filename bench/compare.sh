#!/usr/bin/env bash
# Times mapi-lint against ast-grep and semgrep on the same generated corpus.
#
#   bench/compare.sh [LINES...]          (default: 100000 1000000)
#   bench/compare.sh DIR...              time the tools on existing directories (a real corpus,
#                                        e.g. checkouts of mfcmapi and kopano-core side by side)
#
# For each size: generate the corpus (examples/gen_corpus.rs; reused if already there), then
# time, round-robin, RUNS times each (after one untimed warm-up run each):
#   mapi-lint            all rules, --format json > /dev/null
#   parse-only           mapi-lint --parse-only (parse and lower, no analysis)
#   mapi-lint -j1        the same two with one worker (EXTRA=1, the default)
#   parse-only -j1
#   ast-grep             one pattern: ast-grep run --pattern '$S->Logoff($$$)' --lang cpp DIR
#   ast-grep +.h         the same with .h mapped to C++ (sgconfig languageGlobs), so it reads
#                        the same C/C++ files as semgrep and mapi-lint (EXTRA=1)
#   semgrep              one rule, languages [cpp], pattern $S->Logoff(...), offline
# and print the median wall time, CPU (user+sys) and peak RSS of each, the ratio to ast-grep,
# for mapi-lint the ratio to parse-only, and the scaling from the smallest to the largest size.
#
# Environment:
#   BENCH_DIR        work directory (corpora, tools' scratch, results) [${TMPDIR:-/tmp}/mapi-lint-bench]
#                    Keep it outside a git work tree: every tool honours .gitignore.
#   RUNS             timed runs per tool [3]
#   EXTRA            1: also time the -j1 and ast-grep +.h variants; 0: only the four tools [1]
#   SCALING_CHECK    1: with two sizes or more, also time mapi-lint on the smallest and largest
#                    alternately, RUNS times each, for a scaling figure both sizes share [1]
#   MAPI_LINT_BIN    use this mapi-lint binary instead of building one
#   MAPI_LINT_REV    build this git revision (git archive, own target dir) instead of the work tree
#   BENCH_VENV       virtualenv for ast-grep and semgrep [bench/.venv]
#   AST_GREP_VERSION / SEMGREP_VERSION   PyPI versions installed when missing [0.51.1 / 1.185.0]
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/mapi-lint-bench}
RUNS=${RUNS:-3}
EXTRA=${EXTRA:-1}
SCALING_CHECK=${SCALING_CHECK:-1}
VENV=${BENCH_VENV:-$REPO/bench/.venv}
AST_GREP_VERSION=${AST_GREP_VERSION:-0.51.1}
SEMGREP_VERSION=${SEMGREP_VERSION:-1.185.0}
PATTERN='$S->Logoff($$$)'

if [ "$#" -gt 0 ]; then
    SIZES=("$@")
else
    SIZES=(100000 1000000)
fi
GENERATED=1
for n in "${SIZES[@]}"; do
    case "$n" in
        '' | *[!0-9]*)
            [ -d "$n" ] || { echo "compare.sh: arguments must be line counts or directories, got '$n'" >&2; exit 2; }
            GENERATED=0
            ;;
    esac
done

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'compare.sh: %s\n' "$*" >&2; exit 1; }

mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
if git -C "$BENCH_DIR" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    die "BENCH_DIR=$BENCH_DIR is inside a git work tree; the tools would apply its .gitignore. Pick another."
fi

# --- prerequisites -----------------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
        log "installing GNU time"
        apt-get install -y -qq time > /dev/null || { apt-get update -qq && apt-get install -y -qq time > /dev/null; }
    else
        die "GNU time (/usr/bin/time) is needed: apt-get install time"
    fi
fi
command -v cargo > /dev/null || die "cargo is needed"
command -v python3 > /dev/null || die "python3 is needed"

# --- mapi-lint and the corpus generator ----------------------------------------------------------
if [ -n "${MAPI_LINT_BIN:-}" ]; then
    LINT=$MAPI_LINT_BIN
    LINT_DESC="$LINT (given)"
elif [ -n "${MAPI_LINT_REV:-}" ]; then
    sha=$(git -C "$REPO" rev-parse --verify "$MAPI_LINT_REV^{commit}")
    src="$BENCH_DIR/src-${sha:0:12}"
    if [ ! -f "$src/Cargo.toml" ]; then
        log "exporting $MAPI_LINT_REV ($sha) to $src"
        rm -rf "$src" && mkdir -p "$src"
        git -C "$REPO" archive "$sha" | tar -x -C "$src"
    fi
    # One target directory per revision: cargo does not tell two copies of the same package
    # apart, and build.rs would embed the rules/ of whichever copy built it first.
    log "building mapi-lint ${sha:0:12} (release)"
    (cd "$src" && CARGO_TARGET_DIR="$BENCH_DIR/target-${sha:0:12}" cargo build --release --locked --bin mapi-lint >&2)
    LINT="$BENCH_DIR/target-${sha:0:12}/release/mapi-lint"
    LINT_DESC="commit ${sha:0:12} (clean export)"
else
    log "building mapi-lint from the work tree (release)"
    (cd "$REPO" && cargo build --release --locked --bin mapi-lint >&2)
    LINT="$REPO/target/release/mapi-lint"
    dirty=""
    [ -n "$(git -C "$REPO" status --porcelain --untracked-files=no 2> /dev/null)" ] && dirty=", with uncommitted changes"
    LINT_DESC="work tree at $(git -C "$REPO" rev-parse --short=12 HEAD 2> /dev/null || echo '?')$dirty"
fi
[ -x "$LINT" ] || die "no mapi-lint binary at $LINT"

# The generator uses std only, so compile it on its own: no dependency on the crate's state.
GEN="$BENCH_DIR/gen_corpus"
if [ ! -x "$GEN" ] || [ "$REPO/examples/gen_corpus.rs" -nt "$GEN" ]; then
    log "compiling examples/gen_corpus.rs"
    rustc --edition 2024 -O -o "$GEN" "$REPO/examples/gen_corpus.rs"
fi

# --- peers ---------------------------------------------------------------------------------------
ensure_venv() {
    [ -x "$VENV/bin/pip" ] && return 0
    log "creating virtualenv $VENV"
    if ! python3 -m venv "$VENV" > /dev/null 2>&1; then
        rm -rf "$VENV"
        if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
            log "installing python3-venv"
            apt-get update -qq && apt-get install -y -qq python3-venv > /dev/null
            python3 -m venv "$VENV"
        else
            die "python3 -m venv failed: apt-get install python3-venv"
        fi
    fi
    "$VENV/bin/pip" install -q --upgrade pip > /dev/null 2>&1 || true
}

AST_GREP=""
for c in "$VENV/bin/ast-grep" "$(command -v ast-grep || true)" "$HOME/.cargo/bin/ast-grep"; do
    if [ -n "$c" ] && [ -x "$c" ]; then AST_GREP=$c; break; fi
done
if [ -z "$AST_GREP" ]; then
    log "installing ast-grep-cli==$AST_GREP_VERSION"
    if ensure_venv && "$VENV/bin/pip" install -q "ast-grep-cli==$AST_GREP_VERSION"; then
        AST_GREP="$VENV/bin/ast-grep"
    else
        log "pip failed; cargo install ast-grep --locked"
        cargo install ast-grep --locked --version "$AST_GREP_VERSION" >&2
        AST_GREP="$HOME/.cargo/bin/ast-grep"
    fi
fi

SEMGREP=""
for c in "$VENV/bin/semgrep" "$(command -v semgrep || true)"; do
    if [ -n "$c" ] && [ -x "$c" ]; then SEMGREP=$c; break; fi
done
if [ -z "$SEMGREP" ]; then
    log "installing semgrep==$SEMGREP_VERSION"
    ensure_venv
    "$VENV/bin/pip" install -q "semgrep==$SEMGREP_VERSION"
    SEMGREP="$VENV/bin/semgrep"
fi

# Semgrep offline: no metrics, no version check, a local rule file, no registry.
export SEMGREP_SEND_METRICS=off SEMGREP_ENABLE_VERSION_CHECK=0 SEMGREP_SETTINGS_FILE="$BENCH_DIR/semgrep-settings.yml"
RULE="$BENCH_DIR/logoff-rule.yaml"
cat > "$RULE" << 'EOF'
rules:
  - id: session-logoff
    languages: [cpp]
    severity: INFO
    message: IMAPISession::Logoff call
    pattern: $S->Logoff(...)
EOF
SGCONFIG="$BENCH_DIR/sgconfig/sgconfig.yml"
mkdir -p "$BENCH_DIR/sgconfig/rules"
printf 'ruleDirs: [rules]\nlanguageGlobs:\n  cpp: ["*.h"]\n' > "$SGCONFIG"

AST_GREP_V=$("$AST_GREP" --version 2>&1 | head -n1)
SEMGREP_V="semgrep $("$SEMGREP" --version 2>/dev/null | tail -n1)"

# --- machine -------------------------------------------------------------------------------------
cpu_model=$(grep -m1 'model name' /proc/cpuinfo 2> /dev/null | sed 's/.*: //' || echo unknown)
mem_total=$(free -g 2> /dev/null | awk '/^Mem:/ {print $2 " GiB"}' || echo unknown)
echo "date:      $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine:   $(nproc) cores, $mem_total, $cpu_model"
echo "mapi-lint: $LINT_DESC"
echo "peers:     $AST_GREP_V; $SEMGREP_V"
echo "runs:      $RUNS timed per tool (median reported), after 1 warm-up"

# --- timing --------------------------------------------------------------------------------------
# tool_cmd NAME DIR: sets CMD to the command line of one tool on DIR.
tool_cmd() {
    local name=$1 dir=$2
    case "$name" in
        mapi-lint | mapi-lint@*) CMD=("$LINT" --format json "$dir") ;;
        parse-only) CMD=("$LINT" --parse-only --format json "$dir") ;;
        mapi-lint-j1) CMD=("$LINT" -j 1 --format json "$dir") ;;
        parse-only-j1) CMD=("$LINT" -j 1 --parse-only --format json "$dir") ;;
        ast-grep) CMD=("$AST_GREP" run --pattern "$PATTERN" --lang cpp "$dir") ;;
        ast-grep+h) CMD=("$AST_GREP" run --config "$SGCONFIG" --pattern "$PATTERN" --lang cpp "$dir") ;;
        semgrep) CMD=("$SEMGREP" --metrics=off --disable-version-check --config "$RULE" "$dir") ;;
        *) die "unknown tool $name" ;;
    esac
}

# measure NAME DIR RESULTS: one timed run, stdout to /dev/null; appends "NAME wall cpu rss_kb"
# to RESULTS. Exit status 0 or 1 is a success (mapi-lint uses 1 for error-level findings).
measure() {
    local name=$1 dir=$2 results=$3 tf="$BENCH_DIR/time.out" rc=0 t0 t1
    tool_cmd "$name" "$dir"
    t0=${EPOCHREALTIME:-}
    /usr/bin/time -f '%e %U %S %M' -o "$tf" "${CMD[@]}" > /dev/null 2> "$BENCH_DIR/$name.stderr" || rc=$?
    t1=${EPOCHREALTIME:-}
    if [ "$rc" -gt 1 ]; then
        cat "$BENCH_DIR/$name.stderr" >&2
        die "$name exited with status $rc"
    fi
    # Wall time from bash's microsecond clock when there is one (GNU time's %e has 10 ms
    # steps, too coarse for runs of a tenth of a second); CPU and RSS from GNU time. The last
    # line of the -o file is the format (a non-zero status adds a line before it).
    tail -n1 "$tf" | awk -v n="$name" -v t0="$t0" -v t1="$t1" \
        '{w = (t0 != "" && t1 != "") ? t1 - t0 : $1; printf "%s %.3f %.2f %s\n", n, w, $2 + $3, $4}' >> "$results"
}

median() { sort -g | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

TOOLS=(mapi-lint parse-only ast-grep semgrep)
[ "$EXTRA" = 1 ] && TOOLS=(mapi-lint parse-only mapi-lint-j1 parse-only-j1 ast-grep ast-grep+h semgrep)

declare -A SUMMARY_WALL SUMMARY_CPU SIZE_LINES
for n in "${SIZES[@]}"; do
    if [ -d "$n" ]; then
        # An existing directory: timed as it is.
        corpus=$(cd "$n" && pwd)
        src=$(find "$corpus" -type f \( -name '*.c' -o -name '*.cc' -o -name '*.cpp' -o -name '*.cxx' \
            -o -name '*.h' -o -name '*.hpp' -o -name '*.hxx' -o -name '*.rs' \) -print0 | xargs -0 cat | wc -lc)
        desc="$corpus: $(echo "$src" | awk '{print $1 " lines, " $2 " bytes of C, C++ and Rust"}')"
        SIZE_LINES[$n]=$(echo "$src" | awk '{print $1}')
    else
        corpus="$BENCH_DIR/corpus-$n"
        # Regenerate when the generator changed since the corpus was written.
        if [ ! -f "$corpus.done" ] || [ "$GEN" -nt "$corpus.done" ]; then
            log "generating $n lines into $corpus"
            rm -rf "$corpus"
            "$GEN" "$corpus" "$n" > "$corpus.done.tmp"
            mv "$corpus.done.tmp" "$corpus.done"
        fi
        desc=$(cat "$corpus.done")
        SIZE_LINES[$n]=$(awk '{print $3}' "$corpus.done")
    fi

    # Warm-up: one untimed run of each tool, output kept to check that they all found something.
    log "$n lines: warm-up"
    for t in "${TOOLS[@]}"; do
        rc=0
        tool_cmd "$t" "$corpus"
        "${CMD[@]}" > "$BENCH_DIR/$t.out" 2> "$BENCH_DIR/$t.stderr" || rc=$?
        [ "$rc" -le 1 ] || { cat "$BENCH_DIR/$t.stderr" >&2; die "$t exited with status $rc"; }
    done
    findings=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print(s["files_scanned"], "files,", s["errors"], "errors,", s["warnings"], "warnings")' "$BENCH_DIR/mapi-lint.out")
    ag_hits=$(grep -c 'Logoff(' "$BENCH_DIR/ast-grep.out" || true)
    agh_hits=
    [ "$EXTRA" = 1 ] && agh_hits=$(grep -c 'Logoff(' "$BENCH_DIR/ast-grep+h.out" 2> /dev/null || true)
    sg_hits=$(grep -o 'Ran 1 rule on [0-9]* files: [0-9]* findings' "$BENCH_DIR/semgrep.stderr" | head -n1 || true)

    results="$BENCH_DIR/results-$(basename "$n").txt"
    : > "$results"
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    for r in $(seq 1 "$RUNS"); do
        for t in "${TOOLS[@]}"; do
            log "$n lines: run $r/$RUNS $t"
            measure "$t" "$corpus" "$results"
        done
    done

    echo
    if [ -d "$n" ]; then echo "## $desc"; else echo "## $n lines: $desc"; fi
    echo "load average before the timed runs: $load"
    echo "mapi-lint: $findings; ast-grep: $ag_hits Logoff matches${agh_hits:+ (+.h: $agh_hits)}; semgrep: ${sg_hits:-?}"
    echo
    declare -A W C M
    for t in "${TOOLS[@]}"; do
        W[$t]=$(awk -v t="$t" '$1 == t {print $2}' "$results" | median)
        C[$t]=$(awk -v t="$t" '$1 == t {print $3}' "$results" | median)
        M[$t]=$(awk -v t="$t" '$1 == t {print $4}' "$results" | median)
        SUMMARY_WALL[$t,$n]=${W[$t]}
        SUMMARY_CPU[$t,$n]=${C[$t]}
    done
    printf '| %-14s | %8s | %8s | %13s | %11s | %13s |\n' tool "wall s" "CPU s" "peak RSS MiB" "x ast-grep" "x parse-only"
    printf '|%s|%s|%s|%s|%s|%s|\n' "----------------" "---------:" "---------:" "--------------:" "------------:" "--------------:"
    for t in "${TOOLS[@]}"; do
        vs_pp="-"
        case "$t" in
            mapi-lint) vs_pp=$(awk -v a="${W[$t]}" -v b="${W[parse-only]}" 'BEGIN {printf "%.2f", a / b}') ;;
            mapi-lint-j1) vs_pp=$(awk -v a="${W[$t]}" -v b="${W[parse-only-j1]}" 'BEGIN {printf "%.2f", a / b}') ;;
        esac
        awk -v t="$t" -v w="${W[$t]}" -v c="${C[$t]}" -v m="${M[$t]}" -v ag="${W[ast-grep]}" -v pp="$vs_pp" \
            'BEGIN {printf "| %-14s | %8.3f | %8.2f | %13.1f | %11.2f | %13s |\n", t, w, c, m / 1024, w / ag, pp}'
    done
    unset W C M
done

if [ "$GENERATED" = 1 ] && [ "${#SIZES[@]}" -ge 2 ]; then
    lo=${SIZES[0]} hi=${SIZES[${#SIZES[@]} - 1]}
    echo
    echo "## scaling $lo -> $hi lines"
    awk -v a="${SIZE_LINES[$lo]}" -v b="${SIZE_LINES[$hi]}" 'BEGIN {printf "corpus: %.2fx the lines (%d -> %d)\n", b / a, a, b}'
    echo "(medians from the tables above; CPU = user+sys, which a busy machine disturbs less than wall)"
    for t in "${TOOLS[@]}"; do
        awk -v t="$t" -v a="${SUMMARY_WALL[$t,$lo]}" -v b="${SUMMARY_WALL[$t,$hi]}" \
            -v ca="${SUMMARY_CPU[$t,$lo]}" -v cb="${SUMMARY_CPU[$t,$hi]}" \
            -v la="${SIZE_LINES[$lo]}" -v lb="${SIZE_LINES[$hi]}" \
            'BEGIN {printf "%-14s %7.3f s -> %7.3f s: %5.2fx the time (CPU %5.2fx) for %.2fx the lines\n", t, a, b, b / a, cb / ca, lb / la}'
    done
    # The sizes above were timed minutes apart; on a shared machine the load may have changed
    # in between. Time mapi-lint on both sizes alternately, so both see the same conditions.
    if [ "$SCALING_CHECK" = 1 ]; then
        alt="$BENCH_DIR/scaling-alternate.txt"
        : > "$alt"
        for r in $(seq 1 "$RUNS"); do
            for n in "$lo" "$hi"; do
                log "scaling check: run $r/$RUNS mapi-lint on $n lines"
                measure "mapi-lint@$n" "$BENCH_DIR/corpus-$n" "$alt"
            done
        done
        wa=$(awk -v t="mapi-lint@$lo" '$1 == t {print $2}' "$alt" | median)
        wb=$(awk -v t="mapi-lint@$hi" '$1 == t {print $2}' "$alt" | median)
        ca=$(awk -v t="mapi-lint@$lo" '$1 == t {print $3}' "$alt" | median)
        cb=$(awk -v t="mapi-lint@$hi" '$1 == t {print $3}' "$alt" | median)
        awk -v a="$wa" -v b="$wb" -v ca="$ca" -v cb="$cb" -v la="${SIZE_LINES[$lo]}" -v lb="${SIZE_LINES[$hi]}" \
            'BEGIN {printf "mapi-lint, sizes alternated: %.3f s -> %.3f s: %.2fx the time (CPU %.2f s -> %.2f s: %.2fx) for %.2fx the lines\n", a, b, b / a, ca, cb, cb / ca, lb / la}'
    fi
fi
