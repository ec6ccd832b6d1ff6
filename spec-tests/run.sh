#!/bin/sh
# Runs the WebAssembly spec test suite: sh spec-tests/run.sh BUILD [ARGS...]
# BUILD is the build directory holding spec-runner (default: build); ARGS go
# to the runner (-v, --list-skips, file names; see spec-runner --help).
# Converted scripts are cached in BUILD/spec-cache. When no suite is found
# it is fetched first (tools/fetch-testsuite.sh).
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
[ $# -gt 0 ] && shift
if ! command -v wast2json >/dev/null 2>&1; then
	echo "spec: wast2json (wabt) is needed to convert the test suite" >&2
	exit 2
fi
# No suite where the runner looks (--suite, $WEXEC_TESTSUITE,
# ../shared/wasm-testsuite, tools/testsuite): fetch the pinned one into
# tools/testsuite, from $WEXEC_TESTSUITE_URL when set.
has_wast() { ls "$1"/*.wast >/dev/null 2>&1; }
given=
for a in "$@"; do
	[ "$a" = --suite ] && given=1
done
if [ -z "$given" ] && [ -z "${WEXEC_TESTSUITE:-}" ] &&
	! has_wast ../shared/wasm-testsuite && ! has_wast tools/testsuite; then
	echo "spec: no test suite found; fetching it (tools/fetch-testsuite.sh)"
	if ! sh tools/fetch-testsuite.sh; then
		echo "spec: could not fetch the test suite; set WEXEC_TESTSUITE" \
		     "to a copy, or WEXEC_TESTSUITE_URL to fetch it from" >&2
		exit 2
	fi
fi
# The runner's own checks first: a failure below must be the engine's.
"$build/spec-runner" --self-test >/dev/null
exec "$build/spec-runner" --cache "$build/spec-cache" \
	--skip-file spec-tests/skip.txt "$@"
