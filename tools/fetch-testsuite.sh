#!/bin/sh
# Fetches the official WebAssembly test suite at the commit the spec runner
# is known to pass with, into tools/testsuite/ (ignored by git). The runner
# looks there when $WEXEC_TESTSUITE is unset and ../shared/wasm-testsuite
# does not exist; `make spec` (and so `make test`) runs this script itself
# when it finds no suite.
#
#   sh tools/fetch-testsuite.sh [DIR]
#
# $WEXEC_TESTSUITE_URL replaces the upstream repository: another URL (a
# mirror, which must hold the pinned commit), or a local path. A local git
# repository is cloned and checked out at the pinned commit when it has it,
# else at its HEAD; a local plain directory of .wast files is copied. In
# both cases the script says which suite it took.
set -eu

upstream=https://github.com/WebAssembly/testsuite
commit=4f77306
src=${WEXEC_TESTSUITE_URL:-$upstream}
dir=${1:-"$(cd "$(dirname "$0")" && pwd)/testsuite"}
# Records, in a copied suite, the directory it came from.
mark=.wexec-testsuite-source

say() { echo "testsuite: $*"; }
die() { echo "testsuite: $*" >&2; exit 1; }

wast_count() { ls "$1"/*.wast 2>/dev/null | wc -l; }

# A git repository at exactly this path (not a directory inside one).
is_git_repo() {
	[ "$(git -C "$1" rev-parse --is-bare-repository 2>/dev/null)" = true ] &&
		return 0
	top=$(git -C "$1" rev-parse --show-toplevel 2>/dev/null) || return 1
	[ "$top" = "$(cd "$1" && pwd -P)" ]
}

# Checks out the pinned commit, or, for a local source without it, the
# source's HEAD, saying so.
checkout() {
	if git -C "$1" cat-file -e "$commit^{commit}" 2>/dev/null; then
		git -C "$1" -c advice.detachedHead=false checkout --quiet "$commit"
	elif [ -d "$src" ]; then
		git -C "$1" -c advice.detachedHead=false checkout --quiet \
			origin/HEAD
		say "$src does not have the pinned commit $commit;" \
		    "using its HEAD, $(git -C "$1" rev-parse --short HEAD)"
	else
		die "$src does not have the pinned commit $commit"
	fi
}

if [ -d "$dir/.git" ]; then
	have=$(git -C "$dir" rev-parse HEAD)
	case "$have" in
	"$commit"*)
		say "$dir is already at $commit"
		exit 0
		;;
	esac
	src=$(git -C "$dir" remote get-url origin)
	say "updating $dir from $src"
	git -C "$dir" fetch --quiet origin
	checkout "$dir"
elif [ -e "$dir/$mark" ]; then
	say "$dir is already there, copied from $(cat "$dir/$mark")" \
	    "(not a git clone: the pinned commit $commit was not checked)"
	exit 0
elif [ -e "$dir" ]; then
	die "$dir exists and is not a git clone"
else
	# Fetch into a temporary name so an interrupted fetch leaves nothing
	# that looks complete.
	tmp="$dir.partial.$$"
	trap 'rm -rf "$tmp"' EXIT INT TERM
	if [ -d "$src" ] && ! is_git_repo "$src"; then
		[ "$(wast_count "$src")" -gt 0 ] ||
			die "$src holds no .wast files"
		say "copying $src into $dir (a plain directory, not a git" \
		    "clone: the pinned commit $commit cannot be checked)"
		mkdir -p "$tmp"
		cp -R "$src/." "$tmp"
		(cd "$src" && pwd -P) >"$tmp/$mark"
	else
		say "cloning $src into $dir, for the pinned commit $commit"
		git clone --quiet --no-checkout "$src" "$tmp"
		checkout "$tmp"
	fi
	mv "$tmp" "$dir"
	trap - EXIT INT TERM
fi
count=$(wast_count "$dir")
[ "$count" -gt 0 ] || die "$dir holds no .wast files"
if [ -d "$dir/.git" ]; then
	say "$dir at $(git -C "$dir" rev-parse --short HEAD), $count .wast files"
else
	say "$dir, $count .wast files"
fi
