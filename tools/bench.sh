#!/bin/sh
# tools/bench.sh BUILD - compares BUILD/wexec with native code. Each kernel
# in tools/bench/ (the C files with a "bench: N" marker) is compiled to
# freestanding wasm32 with clang and natively with gcc -O2; both run
# run(N), must print the same checksum, and the best of $BENCH_RUNS
# (default 3) wall-clock times is reported with the ratio wexec/native and
# the geometric mean of the ratios. Then start-up cost: wexec on a generated
# ~1 MiB module against decoding and validating it alone.
# Options through the environment: BENCH_RUNS=N, BENCH_ONLY="fib sieve".
# This is a measurement, not a test: it needs clang with the wasm32 target,
# wasm-ld, wat2wasm and gcc. Uses hyperfine when installed.
set -u
BUILD=${1:-build}
RUNS=${BENCH_RUNS:-3}
here=$(dirname "$0")/bench
out="$BUILD/bench"
wexec="$BUILD/wexec"
CLANG=${CLANG:-clang}
WASM_CC="$CLANG --target=wasm32 -O2 -nostdlib"

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$wexec" ] || die "$wexec not built (run make)"
for tool in "$CLANG" gcc wat2wasm awk; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool not found"
done
mkdir -p "$out"
# Everything this run builds and prints, apart from other runs that may
# share BUILD; removed at the end.
tmp=$(mktemp -d "$out/run.XXXXXX") || die "cannot create a temporary directory"
trap 'rm -rf "$tmp"' EXIT INT TERM

. "$here/timing.sh"

$WASM_CC -fno-builtin -c "$here/support.c" -o "$tmp/support.o" || die "cannot compile support.c"

printf '%-8s %10s %12s %12s %8s\n' kernel N native_s wexec_s ratio
ratios=
for src in "$here"/*.c; do
	n=$(sed -n 's/.*bench: \([0-9][0-9]*\).*/\1/p' "$src" | head -1)
	[ -n "$n" ] || continue
	k=$(basename "$src" .c)
	if [ -n "${BENCH_ONLY:-}" ] && ! echo " $BENCH_ONLY " | grep -q " $k "; then
		continue
	fi
	$WASM_CC -c "$src" -o "$tmp/$k.o" &&
	$WASM_CC -Wl,--no-entry -Wl,--export=run -o "$tmp/$k.wasm" "$tmp/$k.o" "$tmp/support.o" ||
		die "cannot compile $k to wasm"
	gcc -O2 -I"$here" -o "$tmp/$k.native" "$here/main.c" "$src" -lm ||
		die "cannot compile $k natively"
	tn=$(best_time "$tmp/$k.native" "$n") || die "$k: native run failed"
	want=$(cat "$tmp/last.out")
	tw=$(best_time "$wexec" --invoke run "$tmp/$k.wasm" "$n")
	if [ -z "$tw" ]; then
		printf '%-8s %10s %12s %12s %8s  (%s)\n' "$k" "$n" "$tn" FAILED - \
			"$(head -1 "$tmp/last.err")"
		continue
	fi
	got=$(cat "$tmp/last.out")
	if [ "$got" != "$want" ]; then
		printf '%-8s %10s %12s %12s %8s  (wexec printed %s, native %s)\n' \
			"$k" "$n" "$tn" "$tw" WRONG "$got" "$want"
		continue
	fi
	r=$(awk -v w="$tw" -v n="$tn" 'BEGIN { printf "%.1f", w / n }')
	ratios="$ratios $r"
	printf '%-8s %10s %12s %12s %8s\n' "$k" "$n" "$tn" "$tw" "$r"
done
if [ -n "$ratios" ]; then
	echo "$ratios" | awk '{ s = 0; for (i = 1; i <= NF; i++) s += log($i);
		printf "geometric mean of wexec/native: %.1f (%d kernels)\n", exp(s / NF), NF }'
fi

# Start-up: 4,400 functions of ~240 bytes each (about 1 MiB of code), one
# export. wexec decodes and validates everything, then runs f0.
echo
awk 'BEGIN {
	print "(module"
	for (f = 0; f < 4400; f++) {
		printf "(func $f%d (param i32) (result i32) (local i32)\n", f
		for (i = 0; i < 30; i++)
			printf " local.get 0 i32.const %d i32.add local.set 1\n", f * 31 + i
		if (f > 0)
			printf " local.get 1 call $f%d drop\n", f - 1
		print " local.get 1)"
	}
	print "(export \"f0\" (func $f0)))"
}' > "$tmp/big.wat"
wat2wasm "$tmp/big.wat" -o "$tmp/big.wasm" || die "cannot build big.wasm"
printf '(module (func (export "f0") (param i32) (result i32) local.get 0))' > "$tmp/tiny.wat"
wat2wasm "$tmp/tiny.wat" -o "$tmp/tiny.wasm" || die "cannot build tiny.wasm"
cc -std=c11 -D_GNU_SOURCE -O2 -Iinclude -o "$tmp/load" "$here/load.c" "$BUILD/libwexec.a" -lm -lpthread ||
	die "cannot build the load-only program"
size=$(wc -c < "$tmp/big.wasm")
# The best of $RUNS batches of 10 back-to-back runs, in ms per run, so the
# cost of starting the timer processes is spread thin.
startup_ms() {
	"$@" > /dev/null 2> "$tmp/last.err" || return 1
	best=
	r=0
	while [ "$r" -lt "$RUNS" ]; do
		s=$(date +%s.%N)
		i=0
		while [ "$i" -lt 10 ]; do
			"$@" > /dev/null 2>&1 || return 1
			i=$((i + 1))
		done
		e=$(date +%s.%N)
		best=$(awk -v s="$s" -v e="$e" -v b="$best" \
			'BEGIN { t = (e - s) * 100; if (b == "" || t < b) b = t; printf "%.2f", b }')
		r=$((r + 1))
	done
	echo "$best"
}
t_true=$(startup_ms true) || die "cannot run true"
t_tiny=$(startup_ms "$wexec" --invoke f0 "$tmp/tiny.wasm" 1) || die "wexec on tiny.wasm failed"
t_big=$(startup_ms "$wexec" --invoke f0 "$tmp/big.wasm" 1) ||
	die "wexec on big.wasm failed: $(cat "$tmp/last.err")"
t_loadp=$(startup_ms "$tmp/load" "$tmp/big.wasm" 1) || die "validating big.wasm failed"
t_load=$("$tmp/load" "$tmp/big.wasm" 10) || die "validating big.wasm failed"
awk -v s="$size" -v z="$t_true" -v a="$t_tiny" -v b="$t_big" -v p="$t_loadp" -v c="$t_load" 'BEGIN {
	printf "start-up, %d-byte module (4400 functions), ms per run:\n", s
	printf "  an empty process (true)                 %8.2f\n", z
	printf "  wexec --invoke on a tiny module         %8.2f\n", a
	printf "  wexec --invoke on the large module      %8.2f\n", b
	printf "  a process that only decodes + validates %8.2f\n", p
	printf "  decode + validate, warm, in-process     %8.2f (%.0f MB/s)\n", c, s / c / 1e3
}'
