#!/usr/bin/env bash
# lintcheck: scan local copies of real repositories and write their findings in a stable,
# sorted text form with per-rule counts, so that a precision change shows up as a diff
# between two runs (as clippy's lintcheck does).
#
#   lintcheck/run.sh OUT.txt /path/to/mfcmapi /path/to/kopano-core ...
#   diff -u before.txt after.txt
#
# The repositories are only read; nothing of them is written into this repository.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 OUT.txt REPO_DIR..." >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
out=$1; shift
(cd "$here" && cargo build --release --locked --quiet)
bin="$here/target/release/mapi-lint"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
{
    echo "# mapi-lint lintcheck ($("$bin" --version))"
    for dir in "$@"; do
        dir=$(cd "$dir" && pwd)
        name=$(basename "$dir")
        # Paths relative to the repository's parent: they start with its name.
        (cd "$(dirname "$dir")" && "$bin" --format short --no-progress "$name" 2>"$tmp/notes" || true) \
            | LC_ALL=C sort > "$tmp/findings"
        echo
        echo "## $name: $(wc -l < "$tmp/findings") findings, $(grep -c '' "$tmp/notes" || true) notes"
        sed -E 's/^[^ ]+ [a-z]+\[([a-z-]+)\].*/\1/' "$tmp/findings" | LC_ALL=C sort | uniq -c \
            | awk '{ printf "  %-42s %d\n", $2, $1 }'
        echo
        cat "$tmp/findings"
    done
} > "$out"
echo "lintcheck: wrote $out" >&2
