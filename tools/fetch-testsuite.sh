#!/bin/sh
# Fetches the official WebAssembly test suite at the commit the spec runner
# is known to pass with, into tools/testsuite/ (ignored by git). The runner
# looks there when $WEXEC_TESTSUITE is unset and ../shared/wasm-testsuite
# does not exist.
#
#   sh tools/fetch-testsuite.sh [DIR]
set -eu

url=https://github.com/WebAssembly/testsuite
commit=4f77306
dir=${1:-"$(cd "$(dirname "$0")" && pwd)/testsuite"}

if [ -d "$dir/.git" ]; then
	have=$(git -C "$dir" rev-parse HEAD)
	case "$have" in
	"$commit"*)
		echo "testsuite: $dir is already at $commit"
		exit 0
		;;
	esac
	git -C "$dir" fetch --quiet origin
else
	if [ -e "$dir" ]; then
		echo "testsuite: $dir exists and is not a git clone" >&2
		exit 1
	fi
	# Clone into a temporary name so an interrupted fetch leaves nothing
	# that looks complete.
	tmp="$dir.partial.$$"
	trap 'rm -rf "$tmp"' EXIT INT TERM
	git clone --quiet --no-checkout "$url" "$tmp"
	mv "$tmp" "$dir"
	trap - EXIT INT TERM
fi
git -C "$dir" -c advice.detachedHead=false checkout --quiet "$commit"
count=$(ls "$dir"/*.wast | wc -l)
echo "testsuite: $dir at $(git -C "$dir" rev-parse --short HEAD), $count .wast files"
