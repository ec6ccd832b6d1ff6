#!/bin/sh
# Runs the WebAssembly spec test suite: sh spec-tests/run.sh BUILD [ARGS...]
# BUILD is the build directory holding spec-runner (default: build); ARGS go
# to the runner (-v, --list-skips, file names; see spec-runner --help).
# Converted scripts are cached in BUILD/spec-cache.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
[ $# -gt 0 ] && shift
if ! command -v wast2json >/dev/null 2>&1; then
	echo "spec: wast2json (wabt) is needed to convert the test suite" >&2
	exit 2
fi
# The runner's own checks first: a failure below must be the engine's.
"$build/spec-runner" --self-test >/dev/null
exec "$build/spec-runner" --cache "$build/spec-cache" \
	--skip-file spec-tests/skip.txt "$@"
