#!/bin/sh
# tools/bench-simd.sh BUILD - what WebAssembly SIMD buys under BUILD/wexec
# (`make bench-simd`). Each kernel in tools/bench/vec/ (the C files with a
# "bench: N" marker: loops clang auto-vectorises) is compiled to
# freestanding wasm32 at -O3 twice, with and without -msimd128, and natively
# with gcc -O2. Both wasm builds run run(N) under wexec and must print the
# native checksum; the best of $BENCH_RUNS (default 3) wall-clock times of
# each is reported with the speedup scalar/simd, then the geometric mean of
# the speedups (the target is at least 3x). A kernel whose run fails or
# prints another checksum shows FAILED or WRONG, and the script then exits
# 1 after the table.
# Options through the environment: BENCH_RUNS=N, BENCH_ONLY="saxpy blend".
# This is a measurement, not a test: it needs clang with the wasm32 target,
# wasm-ld and gcc. Uses hyperfine when installed, and wasm-objdump (wabt),
# when installed, to flag a SIMD build in which clang emitted no SIMD.
set -u
BUILD=${1:-build}
RUNS=${BENCH_RUNS:-3}
here=$(dirname "$0")/bench
out="$BUILD/bench"
wexec="$BUILD/wexec"
CLANG=${CLANG:-clang}
WASM_CC="$CLANG --target=wasm32 -nostdlib"

die() { echo "bench-simd: $*" >&2; exit 1; }
[ -x "$wexec" ] || die "$wexec not built (run make)"
for tool in "$CLANG" gcc awk; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool not found"
done
mkdir -p "$out"
# Everything this run builds and prints, apart from other runs that may
# share BUILD; removed at the end.
tmp=$(mktemp -d "$out/simd.XXXXXX") || die "cannot create a temporary directory"
trap 'rm -rf "$tmp"' EXIT INT TERM

. "$here/timing.sh"

# The same support.o, built without SIMD, goes into both builds, so that
# only the kernel differs between them.
$WASM_CC -O2 -fno-builtin -c "$here/support.c" -o "$tmp/support.o" ||
	die "cannot compile support.c"

printf '%-8s %8s %10s %10s %8s\n' kernel N scalar_s simd_s speedup
ratios=
bad=0
for src in "$here"/vec/*.c; do
	n=$(sed -n 's/.*bench: \([0-9][0-9]*\).*/\1/p' "$src" | head -1)
	[ -n "$n" ] || continue
	k=$(basename "$src" .c)
	if [ -n "${BENCH_ONLY:-}" ] && ! echo " $BENCH_ONLY " | grep -q " $k "; then
		continue
	fi
	for v in scalar simd; do
		flags=
		[ "$v" = simd ] && flags=-msimd128
		$WASM_CC -O3 $flags -I"$here" -c "$src" -o "$tmp/$k.$v.o" &&
		$WASM_CC -O3 $flags -Wl,--no-entry -Wl,--export=run \
			-o "$tmp/$k.$v.wasm" "$tmp/$k.$v.o" "$tmp/support.o" ||
			die "cannot compile $k to wasm ($v)"
	done
	gcc -O2 -I"$here" -o "$tmp/$k.native" "$here/main.c" "$src" ||
		die "cannot compile $k natively"
	"$tmp/$k.native" "$n" > "$tmp/last.out" || die "$k: native run failed"
	want=$(cat "$tmp/last.out")
	notes=
	if command -v wasm-objdump >/dev/null 2>&1 &&
	   ! wasm-objdump -d "$tmp/$k.simd.wasm" | grep -q 'v128\.\|[if][0-9][0-9]*x[0-9][0-9]*\.'; then
		notes="$notes; clang emitted no SIMD"
	fi
	for v in scalar simd; do
		if ! t=$(best_time "$wexec" --invoke run "$tmp/$k.$v.wasm" "$n"); then
			t=FAILED
			notes="$notes; $v: $(head -1 "$tmp/last.err" | sed "s|$tmp/||")"
		elif [ "$(cat "$tmp/last.out")" != "$want" ]; then
			t=WRONG
			notes="$notes; $v printed $(head -1 "$tmp/last.out"), native $want"
		fi
		if [ "$v" = scalar ]; then ts=$t; else tv=$t; fi
	done
	case "$ts$tv" in
	*FAILED* | *WRONG*)
		bad=$((bad + 1))
		r=-
		;;
	*)
		r=$(awk -v s="$ts" -v v="$tv" 'BEGIN { printf "%.4f", s / (v > 0 ? v : 1e-4) }')
		ratios="$ratios $r"
		r=$(awk -v r="$r" 'BEGIN { printf "%.2f", r }')
		;;
	esac
	printf '%-8s %8s %10s %10s %8s' "$k" "$n" "$ts" "$tv" "$r"
	[ -z "$notes" ] || printf '  (%s)' "${notes#; }"
	echo
done
if [ -n "$ratios" ]; then
	echo "$ratios" | awk '{ s = 0; for (i = 1; i <= NF; i++) s += log($i);
		printf "geometric mean speedup of the SIMD build: %.1fx (%d kernels)\n", exp(s / NF), NF }'
fi
if [ "$bad" -gt 0 ]; then
	echo "bench-simd: $bad kernel(s) FAILED or WRONG" >&2
	exit 1
fi
