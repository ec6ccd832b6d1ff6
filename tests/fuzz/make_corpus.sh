#!/bin/sh
# Fills a seed corpus for the fuzz targets:
#   sh tests/fuzz/make_corpus.sh OUT_DIR [BUILD]
# Seeds are generated at test time, never checked in: the modules wast2json
# wrote for the spec suite (BUILD/spec-cache, made by `make spec`; when it
# is missing, the suite's .wast files are converted here) and the CLI
# tests' .wat files compiled with wat2wasm. Each seed is named by its
# SHA-1, as libFuzzer names corpus files, so duplicates collapse.
set -eu
cd "$(dirname "$0")/../.."
out=${1:?usage: make_corpus.sh OUT_DIR [BUILD]}
build=${2:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

add() {
	sum=$(sha1sum <"$1")
	cp "$1" "$out/${sum%% *}"
}

cache=$build/spec-cache
if ! find "$cache" -name '*.wasm' 2>/dev/null | grep -q .; then
	# No converted suite: convert it here (as the spec runner finds it).
	suite=
	for d in "${WEXEC_TESTSUITE:-}" ../shared/wasm-testsuite tools/testsuite; do
		if [ -n "$d" ] && [ -d "$d" ]; then
			suite=$d
			break
		fi
	done
	cache=$tmp/spec
	if [ -n "$suite" ] && command -v wast2json >/dev/null 2>&1; then
		for w in "$suite"/*.wast; do
			n=$(basename "$w" .wast)
			mkdir -p "$cache/$n"
			wast2json "$w" -o "$cache/$n/$n.json" 2>/dev/null || true
		done
	else
		echo "make_corpus: no spec suite or no wast2json; CLI seeds only" >&2
	fi
fi
find "$cache" -name '*.wasm' 2>/dev/null >"$tmp/list" || true
while IFS= read -r f; do
	add "$f"
done <"$tmp/list"

if command -v wat2wasm >/dev/null 2>&1; then
	for w in tests/cli/*.wat; do
		# Some CLI tests are invalid on purpose; those cannot be seeds.
		wat2wasm --enable-all "$w" -o "$tmp/seed.wasm" 2>/dev/null &&
			add "$tmp/seed.wasm"
	done
fi
echo "make_corpus: $(ls "$out" | wc -l) seeds in $out"
