#!/bin/sh
# Seeds fuzz/corpus/<target>/ (gitignored) from the repository's test data and rules.
# Run from fuzz/: sh seed.sh
set -e
mkdir -p corpus/cpp_frontend corpus/scan_cpp corpus/rust_frontend corpus/rule_loader
find ../testdata/cpp ../testdata/examples ../testdata/multi -type f \
    \( -name '*.cpp' -o -name '*.c' -o -name '*.h' \) | while read -r f; do
    n=$(echo "$f" | sed 's|^\.\./testdata/||; s|/|_|g')
    cp "$f" "corpus/cpp_frontend/$n"
    cp "$f" "corpus/scan_cpp/$n"
done
find ../testdata/rust ../rules/models -type f -name '*.rs' | while read -r f; do
    n=$(echo "$f" | sed 's|^\.\./||; s|/|_|g')
    cp "$f" "corpus/rust_frontend/$n"
done
cp ../rules/*.toml corpus/rule_loader/
