#!/bin/sh
# tests/real/run.sh BUILD - real programs: two large WASI commands
# published on npm, at pinned versions, run under BUILD/wexec.
#
#   clang   @yowasp/clang (a 75 MB module): compiles and links sort.c;
#           the object and the module it writes must be the bytes node's
#           node:wasi makes of the same run (their hashes below), and the
#           program must print sort.out.
#   yosys   @yowasp/yosys (30 MB): synthesises counter.v; its statistics
#           must be counter.out, which node:wasi prints too.
#
# The packages are fetched once with npm into $WEXEC_REAL_CACHE (default
# build/real-cache of the project, shared by every BUILD). A test that cannot run here (no npm, no
# registry, no node to unpack yosys's files) says skip and is counted.
# Prints one line per test and a summary; exits 1 if any test failed.
set -u
BUILD=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
wexec="$(cd "$(dirname "$BUILD/wexec")" && pwd)/wexec"
cache=${WEXEC_REAL_CACHE:-$here/../../build/real-cache}
pass=0
fails=0
skips=0

CLANG_PKG=@yowasp/clang@22.0.0-git20542-10
CLANG_O_SHA=aab4ad0e5344289db6c6e755638e8c9daa72cdf62bf36da4cc1c82673fdcb499
CLANG_WASM_SHA=2a6e3cd80fcb79f5eeaf66824dd3a9ad6e2b79ce003aa27eb6311e0a1a445ea0
YOSYS_PKG=@yowasp/yosys@0.55.944

if [ ! -x "$wexec" ]; then
	echo "real: $wexec not built" >&2
	exit 1
fi
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/wexec-real.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM

ok() { echo "ok   $1"; pass=$((pass + 1)); }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
skip() { echo "skip $1: $2"; skips=$((skips + 1)); }

# fetch NAME PACKAGE: the package's directory under $cache/NAME, installed
# there unless it already is; empty when npm cannot install it.
fetch() {
	dir="$cache/$1/node_modules/${2%@*}"
	if [ ! -f "$dir/package.json" ]; then
		command -v npm >/dev/null 2>&1 || return 0
		npm install --prefix "$cache/$1" --no-audit --no-fund \
		    --no-save --silent "$2" >"$scratch/npm.log" 2>&1 || return 0
	fi
	[ -f "$dir/package.json" ] && echo "$dir"
}

sha() { sha256sum "$1" | cut -d' ' -f1; }

# ---------------------------------------------------------------- clang
run_clang() {
	pkg=$(fetch clang "$CLANG_PKG")
	if [ -z "$pkg" ]; then
		skip clang "cannot install $CLANG_PKG with npm"
		return
	fi
	res="$cache/clang/resources"
	if [ ! -d "$res/include" ]; then
		rm -rf "$res.part" && mkdir -p "$res.part" &&
		    tar xf "$pkg/gen/llvm-resources.tar" -C "$res.part" &&
		    mv "$res.part" "$res" || {
			fail clang "cannot unpack llvm-resources.tar"
			return
		}
	fi
	w="$scratch/clang"
	mkdir -p "$w/work" "$w/tmp"
	cp "$here/sort.c" "$w/work/"
	# The driver would spawn these two: cc1, then the linker.
	llvm() {
		"$wexec" --dir "$w/work::/work" --dir "$res::/usr" \
		    --dir "$w/tmp::/tmp" --env TMPDIR=/tmp \
		    "$pkg/gen/llvm.core.wasm" "$@"
	}
	if ! llvm clang -cc1 -triple wasm32-unknown-wasip1 -O2 -emit-obj \
	    -main-file-name sort.c -mrelocation-model static \
	    -target-cpu generic -fvisibility=hidden -resource-dir /usr \
	    -isysroot /usr -internal-isystem /usr/include \
	    -internal-isystem /usr/include/wasm32-wasip1 -vectorize-loops \
	    -vectorize-slp -o /work/sort.o -x c /work/sort.c \
	    >"$w/cc1.log" 2>&1; then
		fail clang "cc1 failed: $(head -3 "$w/cc1.log")"
		return
	fi
	if ! llvm wasm-ld -m wasm32 -L/usr/lib/wasm32-wasip1 \
	    /usr/lib/wasm32-wasip1/crt1.o /work/sort.o -lc \
	    /usr/lib/wasm32-unknown-wasip1/libclang_rt.builtins.a \
	    -o /work/sort.wasm >"$w/ld.log" 2>&1; then
		fail clang "wasm-ld failed: $(head -3 "$w/ld.log")"
		return
	fi
	if [ "$(sha "$w/work/sort.o")" != "$CLANG_O_SHA" ]; then
		fail clang "sort.o is not the object node:wasi's run writes"
		return
	fi
	if [ "$(sha "$w/work/sort.wasm")" != "$CLANG_WASM_SHA" ]; then
		fail clang "sort.wasm is not the module node:wasi's run writes"
		return
	fi
	"$wexec" "$w/work/sort.wasm" xyz >"$w/sort.txt" 2>&1
	rc=$?
	if [ $rc -ne 0 ] || ! cmp -s "$here/sort.out" "$w/sort.txt"; then
		fail clang "the compiled program exited $rc, printing:"
		sed 's/^/    /' "$w/sort.txt" | head -5
		return
	fi
	ok "clang: compiled, linked and ran sort.c"
}

# ---------------------------------------------------------------- yosys
run_yosys() {
	pkg=$(fetch yosys "$YOSYS_PKG")
	if [ -z "$pkg" ]; then
		skip yosys "cannot install $YOSYS_PKG with npm"
		return
	fi
	# yosys's techmap files ship inside a JavaScript module.
	share="$cache/yosys/share"
	if [ ! -f "$share/techmap.v" ]; then
		if ! command -v node >/dev/null 2>&1; then
			skip yosys "node is needed to unpack its share/ files"
			return
		fi
		rm -rf "$share.part"
		cat >"$scratch/unpack.mjs" <<-EOF
		import { filesystem } from '$pkg/gen/resources-yosys.js';
		import fs from 'node:fs';
		import path from 'node:path';
		function walk(obj, dir) {
		  fs.mkdirSync(dir, { recursive: true });
		  for (const [k, v] of Object.entries(obj)) {
		    const p = path.join(dir, k);
		    if (typeof v === 'string' || v instanceof Uint8Array)
		      fs.writeFileSync(p, v);
		    else walk(v, p);
		  }
		}
		walk(filesystem.share, '$share.part');
		EOF
		if ! node "$scratch/unpack.mjs" >"$scratch/node.log" 2>&1 ||
		   ! mv "$share.part" "$share"; then
			fail yosys "cannot unpack share/: $(head -3 "$scratch/node.log")"
			return
		fi
	fi
	w="$scratch/yosys"
	mkdir -p "$w/work"
	cp "$here/counter.v" "$w/work/"
	if ! "$wexec" --dir "$w/work::/work" --dir "$share::/share" \
	    "$pkg/gen/yosys.core.wasm" -q -p "read_verilog /work/counter.v;
	    synth -top counter -noabc; tee -q -o /work/stat.txt stat" \
	    >"$w/yosys.log" 2>&1; then
		fail yosys "exited non-zero: $(head -3 "$w/yosys.log")"
		return
	fi
	if ! cmp -s "$here/counter.out" "$w/work/stat.txt"; then
		fail yosys "statistics differ from counter.out"
		diff "$here/counter.out" "$w/work/stat.txt" | head -10 |
		    sed 's/^/    /'
		return
	fi
	ok "yosys: synthesised counter.v"
}

run_clang
run_yosys
echo "real: $pass passed, $fails failed, $skips skipped"
[ $fails -eq 0 ]
