# tools/bench/timing.sh - sourced by tools/bench.sh and tools/bench-simd.sh,
# which set RUNS and tmp first.

# best_time CMD...: the best wall-clock seconds of $RUNS runs of CMD, with
# its stdout left in $tmp/last.out. Fails if CMD fails. Uses hyperfine when
# installed.
best_time() {
	"$@" > "$tmp/last.out" 2> "$tmp/last.err" || return 1
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N --runs "$RUNS" --export-csv "$tmp/hf.csv" -- \
			"$(printf '%s ' "$@")" >/dev/null 2>&1 || return 1
		awk -F, 'NR == 2 { printf "%.4f\n", $7 }' "$tmp/hf.csv"
		return 0
	fi
	best=
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		s=$(date +%s.%N)
		"$@" > /dev/null 2>&1 || return 1
		e=$(date +%s.%N)
		best=$(awk -v s="$s" -v e="$e" -v b="$best" \
			'BEGIN { t = e - s; if (b == "" || t < b) b = t; printf "%.4f", b }')
		i=$((i + 1))
	done
	echo "$best"
}
