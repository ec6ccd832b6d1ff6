#!/bin/sh
# tests/cli/run.sh BUILD - command-line tests of BUILD/wexec: --invoke value
# parsing and printing, every bad-input case (one line on stderr, the right
# exit code, never a signal), limits, and WASI programs. Fixtures are the
# .wat files next to this script, compiled with wat2wasm into a fresh
# directory under BUILD/cli-tests/ (kept when a case fails); malformed
# binaries are written with printf.
# Prints one line per case and a summary (passed, failed, skipped: a case
# that cannot run here says skip and is counted); exits 1 if any case
# failed.
set -u
BUILD=${1:-build}
here=$(dirname "$0")
wexec="$BUILD/wexec"
out="$BUILD/cli-tests"
pass=0
fails=0
skips=0

if [ ! -x "$wexec" ]; then
	echo "cli: $wexec not built" >&2
	exit 1
fi
if ! command -v wat2wasm >/dev/null 2>&1; then
	echo "cli: wat2wasm not found (apt-get install wabt)" >&2
	exit 1
fi
# A directory of this run's own: other runs may share BUILD at the same time.
mkdir -p "$out"
out=$(mktemp -d "$out/run.XXXXXX") || exit 1
for w in "$here"/*.wat; do
	# --no-check: invalid.wat is invalid on purpose (the validator's job).
	if ! wat2wasm --enable-multi-memory --enable-memory64 --debug-names \
		--no-check "$w" -o "$out/$(basename "$w" .wat).wasm"; then
		echo "cli: cannot compile $w" >&2
		exit 1
	fi
done
wat2wasm "$here/../../examples/hello.wat" -o "$out/hello.wasm" || exit 1
: > "$out/empty.wasm"
printf '\000asm\001\000' > "$out/truncated.wasm"
printf '\000asX\001\000\000\000' > "$out/badmagic.wasm"
printf '\000asm\002\000\000\000' > "$out/badversion.wasm"
printf '\000asm\001\000\000\000\016\001\000' > "$out/badsection.wasm"
mkdir -p "$out/dir" "$out/data"
printf 'file contents\n' > "$out/data/data.txt"

ok() { pass=$((pass + 1)); echo "ok    $1"; }
skip() { skips=$((skips + 1)); echo "skip  $1: $2"; }
bad() { fails=$((fails + 1)); echo "FAIL  $1: $2"; sed 's/^/      | /' "$out/stderr" | head -5; }

# run NAME CODE CMD...: runs CMD, keeps its output in $out/stdout and
# $out/stderr, and checks the exit code. wexec's own failures (1, 124, 134)
# must come with exactly one stderr line starting "wexec: ", not none;
# usage errors (2) print the usage, and other codes are the program's own.
run() {
	name=$1 code=$2
	shift 2
	"$@" > "$out/stdout" 2> "$out/stderr" < /dev/null
	rc=$?
	if [ "$rc" -ne "$code" ]; then
		bad "$name" "exit code $rc, expected $code"
		return 1
	fi
	case $code in
	1|124|134)
		# One 'wexec: ' line; a trap may add its backtrace under it.
		if [ "$(grep -c . "$out/stderr")" -lt 1 ] ||
		   ! head -1 "$out/stderr" | grep -q '^wexec: ' ||
		   tail -n +2 "$out/stderr" |
		   grep -qv '^wasm backtrace, innermost first:$\|^  *[0-9]*: \|^  \.\.\. and \([0-9]* \)\{0,1\}more$' ||
		   { [ "$code" != 134 ] && [ "$(wc -l < "$out/stderr")" -ne 1 ]; }; then
			bad "$name" "stderr is not one 'wexec: ' line (and a backtrace)"
			return 1
		fi
		;;
	esac
	return 0
}

# program_exit NAME CODE CMD...: the program ends with exit code CODE of
# its own (proc_exit), which is no failure of wexec's: nothing on stdout or
# stderr, even when CODE is 1.
program_exit() {
	name=$1 code=$2
	shift 2
	"$@" > "$out/stdout" 2> "$out/stderr" < /dev/null
	rc=$?
	if [ "$rc" -ne "$code" ]; then
		bad "$name" "exit code $rc, expected $code"
	elif [ -s "$out/stdout" ] || [ -s "$out/stderr" ]; then
		bad "$name" "output from wexec"
	else
		ok "$name"
	fi
}

# out_is NAME CODE EXPECTED CMD...: stdout must equal EXPECTED (printf %b).
out_is() {
	name=$1 code=$2 want=$3
	shift 3
	run "$name" "$code" "$@" || return
	if [ "$(cat "$out/stdout")" = "$(printf '%b' "$want")" ]; then
		ok "$name"
	else
		bad "$name" "stdout '$(tr '\n' '|' < "$out/stdout")', expected '$want'"
	fi
}

# grep_in STREAM NAME CODE PHRASE CMD...: STREAM (stdout/stderr) must
# contain PHRASE.
grep_in() {
	stream=$1 name=$2 code=$3 phrase=$4
	shift 4
	run "$name" "$code" "$@" || return
	if grep -qF -- "$phrase" "$out/$stream"; then
		ok "$name"
	else
		bad "$name" "$stream lacks '$phrase'"
	fi
}
err_has() { grep_in stderr "$@"; }
out_has() { grep_in stdout "$@"; }

a="$out/arith.wasm"

echo "== the suite's own rules"
# rule_holds NAME CMD...: whether run accepts CMD's exit 1 (in a subshell,
# so that its verdict is not counted).
rule_holds() { (run "$@" > /dev/null 2>&1); }
for case in "nothing:exit 1" "two lines:echo 'wexec: a' >&2; echo 'wexec: b' >&2; exit 1" \
	    "no prefix:echo 'error' >&2; exit 1"; do
	if rule_holds self 1 sh -c "${case#*:}"; then
		bad "stderr of ${case%%:*} fails a wexec error" "accepted"
	else
		ok "stderr of ${case%%:*} fails a wexec error"
	fi
done
if rule_holds self 1 sh -c "echo 'wexec: a' >&2; exit 1"; then
	ok "one 'wexec: ' line passes"
else
	bad "one 'wexec: ' line passes" "refused"
fi

echo "== usage"
err_has "no arguments prints usage" 2 "usage: wexec" "$wexec"
out_has "--help" 0 "exit status" "$wexec" --help
out_has "--version" 0 "wexec " "$wexec" --version
out_has "--help names run" 0 "usage: wexec [run] [OPTIONS]" "$wexec" --help
out_has "--help says how to run a file named run" 0 "(wexec -- run)" "$wexec" --help
out_has "--help lists --trap-unknown-imports" 0 "--trap-unknown-imports" "$wexec" --help
err_has "run without a module prints usage" 2 "usage: wexec" "$wexec" run
err_has "unknown option" 2 "unknown option '--bogus'" "$wexec" --bogus "$a"
err_has "option without value" 2 "needs a value" "$wexec" --invoke
err_has "bad --dir names the whole spec" 2 "bad directory 'a::b::rw'" "$wexec" --dir a::b::rw "$a"
err_has "bad --max-memory" 2 "--max-memory" "$wexec" --max-memory lots "$a"

echo "== bad input"
err_has "missing file" 1 "cannot open '$out/nope.wasm': No such file or directory" \
	"$wexec" "$out/nope.wasm"
err_has "directory as module" 1 "Is a directory" "$wexec" "$out/dir"
err_has "empty file" 1 "empty file" "$wexec" "$out/empty.wasm"
err_has "truncated file" 1 "unexpected end" "$wexec" "$out/truncated.wasm"
err_has "bad magic" 1 "magic header not detected" "$wexec" "$out/badmagic.wasm"
err_has "bad version" 1 "unknown binary version" "$wexec" "$out/badversion.wasm"
err_has "malformed section id" 1 "malformed section id" "$wexec" "$out/badsection.wasm"
err_has "invalid module" 1 "type mismatch" "$wexec" --invoke f "$out/invalid.wasm"
err_has "text format gets a hint" 1 "convert it with wat2wasm" "$wexec" "$here/arith.wat"
err_has "_start of the wrong type" 1 "_start must take no parameters" "$wexec" "$out/badstart.wasm"
err_has "unknown import" 1 "unknown import: env::missing" "$wexec" "$out/unknown_import.wasm"
err_has "no _start without WASI" 1 "use --invoke" "$wexec" "$a"
# A reactor (WASI imports, no _start) run without --invoke: nothing runs,
# which is said, and an error as for any module without _start.
err_has "reactor without --invoke says nothing ran" 1 \
	"reactor.wasm: module has no _start; nothing was run (use --invoke FUNC to call an export: ready)" \
	"$wexec" "$out/reactor.wasm"
err_has "unknown import hints at --trap-unknown-imports" 1 \
	"unknown import: env::unused (--trap-unknown-imports" "$wexec" "$out/extra_import.wasm"
run "no hint when a memory is unknown too" 1 "$wexec" "$out/unknown_memory.wasm" &&
	if grep -q "trap-unknown-imports" "$out/stderr"; then
		bad "no hint when a memory is unknown too" "hint given"
	else
		ok "no hint when a memory is unknown too"
	fi
err_has "wasi_unstable imports get a hint" 1 \
	"unknown import: wasi_unstable::proc_exit (wexec provides wasi_snapshot_preview1, not the older wasi_unstable)" \
	"$wexec" "$out/wasi_unstable.wasm"
run "no hint when an import has the wrong type" 1 "$wexec" "$out/incompatible_import.wasm" &&
	if ! grep -q "incompatible import type: wasi_snapshot_preview1::proc_exit" "$out/stderr"; then
		bad "no hint when an import has the wrong type" "not the incompatible import"
	elif grep -q "trap-unknown-imports" "$out/stderr"; then
		bad "no hint when an import has the wrong type" "hint given"
	else
		ok "no hint when an import has the wrong type"
	fi

echo "== traps"
err_has "divide by zero names the function" 134 \
	"trap: integer divide by zero (in function div)" "$wexec" --invoke div "$a" 1 0
err_has "out of bounds load" 134 "out of bounds memory access" "$wexec" --invoke oob "$a"
err_has "infinite recursion via _start" 134 "call stack exhausted" "$wexec" "$out/recurse.wasm"
err_has "infinite recursion via --invoke" 134 "call stack exhausted" \
	"$wexec" --invoke down "$out/recurse.wasm" 0
# Under the trap's line, the calls that led to it: 10 of them, and a count.
if [ "$(sed -n 2p "$out/stderr")" = "wasm backtrace, innermost first:" ] &&
   [ "$(grep -c '^  *[0-9]*: ' "$out/stderr")" -eq 10 ] &&
   grep -q '^  \.\.\. and more$' "$out/stderr"; then
	ok "a trap deep in calls prints a backtrace"
else
	bad "a trap deep in calls prints a backtrace" "$(tr '\n' '|' < "$out/stderr")"
fi
# stdout and stderr in one file: the trap's one line comes last.
"$wexec" "$out/start_trap.wasm" > "$out/stdout" 2>&1 < /dev/null
rc=$?
: > "$out/stderr"
if [ "$rc" -eq 134 ] && [ "$(head -1 "$out/stdout")" = "before trap" ] &&
   [ "$(wc -l < "$out/stdout")" -eq 2 ] &&
   tail -1 "$out/stdout" | grep -q "^wexec: trap: unreachable"; then
	ok "output before a trap comes first"
else
	bad "output before a trap comes first" "exit code $rc, output '$(tr '\n' '|' < "$out/stdout")'"
fi

echo "== wexec run (wasmtime's spelling)"
# The module is copied to a file named run, which `wexec run` alone would
# take for the subcommand.
wexec_abs=$(cd "$(dirname "$wexec")" && pwd)/$(basename "$wexec")
cp "$out/hello.wasm" "$out/run"
out_is "run module" 0 "Hello, world!" "$wexec" run "$out/hello.wasm"
out_is "run with options" 0 "5" "$wexec" run --invoke add "$a" 2 3
out_is "run, then -- and the module" 0 "$out/args.wasm\n--env" "$wexec" run -- "$out/args.wasm" --env
out_is "a module named run, after --" 0 "Hello, world!" sh -c "cd '$out' && '$wexec_abs' -- run"
out_is "a module named run, as ./run" 0 "Hello, world!" sh -c "cd '$out' && '$wexec_abs' ./run"
out_is "a module named run, after run" 0 "Hello, world!" sh -c "cd '$out' && '$wexec_abs' run run"

echo "== --trap-unknown-imports"
out_is "an unknown import that is not called" 0 "ran" \
	"$wexec" --trap-unknown-imports "$out/extra_import.wasm"
err_has "an unknown import called from _start traps" 134 \
	"trap: unknown import env::missing called" \
	"$wexec" --trap-unknown-imports "$out/unknown_import.wasm"
err_has "an unknown import called via --invoke traps" 134 \
	"trap: unknown import env::unused called" \
	"$wexec" run --trap-unknown-imports --invoke call_unused "$out/extra_import.wasm"
err_has "an unknown memory stays unknown" 1 "unknown import: env::mem" \
	"$wexec" --trap-unknown-imports "$out/unknown_memory.wasm"

echo "== --invoke"
out_is "i32 add" 0 "5" "$wexec" --invoke add "$a" 2 3
out_is "i32 hex and negative" 0 "15" "$wexec" --invoke add "$a" -1 0x10
out_is "i32 unsigned range wraps" 0 "0" "$wexec" --invoke add "$a" 4294967295 1
out_is "i32 prints signed" 0 "-2147483648" "$wexec" --invoke add "$a" 2147483647 1
out_is "i64 add" 0 "-9223372036854775808" "$wexec" --invoke add64 "$a" 9223372036854775807 1
out_is "i64 large" 0 "12345678901234567" "$wexec" --invoke add64 "$a" 12345678901234560 7
out_is "i64 hex all ones" 0 "-1" "$wexec" --invoke add64 "$a" 0xffffffffffffffff 0
out_is "i64 most negative" 0 "-9223372036854775807" "$wexec" --invoke add64 "$a" -0x8000000000000000 1
out_is "f32 0.1" 0 "0.1" "$wexec" --invoke id32 "$a" 0.1
out_is "f32 -0" 0 "-0" "$wexec" --invoke id32 "$a" -0
out_is "f32 nan" 0 "nan" "$wexec" --invoke id32 "$a" nan
out_is "f32 nan payload" 0 "nan:0x200000" "$wexec" --invoke id32 "$a" nan:0x200000
out_is "f32 -inf" 0 "-inf" "$wexec" --invoke id32 "$a" -inf
out_is "f32 hex float" 0 "1e-45" "$wexec" --invoke id32 "$a" 0x1p-149
out_is "f32 max" 0 "3.4028235e+38" "$wexec" --invoke id32 "$a" 3.4028235e38
out_is "f32 1/0" 0 "inf" "$wexec" --invoke div32 "$a" 1 0
out_has "f32 0/0 is a nan" 0 "nan" "$wexec" --invoke div32 "$a" 0 0
out_is "f64 1e300" 0 "1e+300" "$wexec" --invoke id64 "$a" 1e300
out_is "f64 0.1" 0 "0.1" "$wexec" --invoke id64 "$a" 0.1
out_is "f64 pi from hex" 0 "3.141592653589793" "$wexec" --invoke id64 "$a" 0x1.921fb54442d18p+1
out_is "f64 -nan payload" 0 "-nan:0x1" "$wexec" --invoke id64 "$a" -nan:0x1
out_is "f64 inf" 0 "inf" "$wexec" --invoke id64 "$a" inf
out_is "multi-value results" 0 "4.25\n3.5\n2\n1" "$wexec" --invoke swap "$a" 1 2 3.5 4.25
out_is "no results" 0 "" "$wexec" --invoke none "$a"
out_is "null funcref result" 0 "null" "$wexec" --invoke nullref "$a"
out_is "funcref result" 0 "ref" "$wexec" --invoke fref "$a"
out_is "null externref argument" 0 "1" "$wexec" --invoke isnull "$a" null
err_has "externref takes only null" 1 "bad argument '5'" "$wexec" --invoke isnull "$a" 5
out_is "reactor runs _initialize first" 0 "42" "$wexec" --invoke ready "$out/reactor.wasm"
out_is "v128 argument and result" 0 "0x00000000000000ff0123456789abcdef" \
	"$wexec" --invoke swap "$out/simd.wasm" 0x0123456789abcdef00000000000000ff
out_is "v128 short hex" 0 "0x00000000000000010000000000000000" \
	"$wexec" --invoke swap "$out/simd.wasm" 0x1
err_has "bad argument" 1 "bad argument 'x'" "$wexec" --invoke add "$a" x 1
err_has "i32 out of range" 1 "bad argument '4294967296'" "$wexec" --invoke add "$a" 4294967296 0
err_has "f32 overflow is refused" 1 "bad argument '1e39'" "$wexec" --invoke id32 "$a" 1e39
err_has "junk after a float" 1 "bad argument '1.5x'" "$wexec" --invoke id64 "$a" 1.5x
err_has "wrong argument count" 1 "takes 2 arguments" "$wexec" --invoke add "$a" 1
err_has "no such export" 1 "no exported function 'nope'" "$wexec" --invoke nope "$a"
err_has "export is not a function" 1 "export 'g' is not a function" "$wexec" --invoke g "$a"

echo "== --call"
# plugin.wat by docs/call-bytes.md; the C plugin runs in tests/wasi.
p="$out/plugin.wasm"
printf 'bytes\000in\377' > "$out/call.in"
run "echo gives the input back" 0 "$wexec" --call echo --input "$out/call.in" "$p" &&
	if cmp -s "$out/call.in" "$out/stdout"; then ok "echo gives the input back"
	else bad "echo gives the input back" "stdout differs from the input"; fi
out_is "output from a data segment" 0 "hello" "$wexec" --call hello "$p"
out_is "no --input is empty input" 0 "" "$wexec" --call echo "$p"
out_is "--input - reads stdin (here empty)" 0 "" "$wexec" --call echo --input - "$p"
err_has "output outside memory" 1 \
	"call_bytes: the output (ptr 65536, len 1) lies outside the guest's memory (65536 bytes)" \
	"$wexec" --call outside "$p"
err_has "output length wraps 32 bits" 1 "the output (ptr 16, len 4294967295) lies outside" \
	"$wexec" --call overflow "$p"
err_has "function of the wrong type" 1 "export 'wrong' must have type (i32, i32) -> i64" \
	"$wexec" --call wrong "$p"
err_has "no such function" 1 "call_bytes: no exported function 'nope'" "$wexec" --call nope "$p"
err_has "no alloc" 1 "call_bytes: no exported function 'alloc'" "$wexec" --call add "$a"
err_has "a trap in the called function" 134 "trap: unreachable" "$wexec" --call boom "$p"
err_has "unreadable --input" 1 "--input: cannot open '$out/missing.in'" \
	"$wexec" --call echo --input "$out/missing.in" "$p"
err_has "--input needs --call" 2 "--input needs --call" "$wexec" --input - "$p"
err_has "--call and --invoke" 2 "--call and --invoke do not go together" \
	"$wexec" --call echo --invoke echo "$p"
out_has "--help lists --call" 0 "--call FUNC" "$wexec" --help

echo "== limits"
err_has "--timeout stops a loop" 124 "timeout after 1 s" "$wexec" --timeout 1 --invoke spin "$a"
err_has "--timeout ends a blocking host call" 124 "timeout after 1 s" \
	"$wexec" --timeout 1 "$out/sleep.wasm"
err_has "--fuel runs out" 134 "all fuel consumed" "$wexec" --fuel 10000 --invoke spin "$a"
out_is "memory.grow within the default" 0 "1" "$wexec" --invoke grow "$out/grow.wasm" 1
out_is "--max-memory fails memory.grow" 0 "-1" \
	"$wexec" --max-memory 64K --invoke grow "$out/grow.wasm" 1
err_has "--max-memory below a minimum" 1 "wexec: " "$wexec" --max-memory 1M "$out/bigmem.wasm"
out_is "a 64-bit memory grows" 0 "1" "$wexec" --invoke grow "$out/mem64.wasm" 1
out_is "--max-memory bounds a 64-bit memory" 0 "-1" \
	"$wexec" --max-memory 1G --invoke grow "$out/mem64.wasm" 65536
err_has "an i64 address past a 64-bit memory traps" 134 "out of bounds memory access" \
	"$wexec" --invoke peek "$out/mem64.wasm" 65536
out_is "50 tables of 10M null elements instantiate" 0 "10000000" \
	"$wexec" --invoke size "$out/bigtables.wasm"
err_has "--max-memory covers tables" 1 "exceeds the store's budget" \
	"$wexec" --max-memory 64M --invoke size "$out/bigtables.wasm"

echo "== WASI"
out_is "hello world" 0 "Hello, world!" "$wexec" "$out/hello.wasm"
program_exit "proc_exit code" 7 "$wexec" "$out/exit7.wasm"
program_exit "proc_exit under --invoke" 7 "$wexec" --invoke _start "$out/exit7.wasm"
program_exit "proc_exit code above 255 fails" 1 "$wexec" "$out/exit256.wasm"
out_is "arguments" 0 "$out/args.wasm\na\nb c" "$wexec" "$out/args.wasm" a "b c"
out_is "arguments after --" 0 "$out/args.wasm\n--env" "$wexec" -- "$out/args.wasm" --env
out_is "--env" 0 "FOO=bar\nX=" "$wexec" --env FOO=bar --env X= "$out/environ.wasm"
out_is "--env NAME passes the host's value" 0 "WEXEC_CLI=3" \
	env WEXEC_CLI=3 "$wexec" --env WEXEC_CLI --env WEXEC_CLI_UNSET "$out/environ.wasm"
out_is "no environment by default" 0 "" env WEXEC_CLI=1 "$wexec" "$out/environ.wasm"
out_has "--inherit-env" 0 "WEXEC_CLI=1" env WEXEC_CLI=1 "$wexec" --inherit-env "$out/environ.wasm"
out_is "--dir HOST::/" 0 "file contents" "$wexec" --dir "$out/data::/" "$out/cat.wasm"
out_is "--dir HOST" 0 "file contents" "$wexec" --dir "$out/data" "$out/cat.wasm"
run "--dir allows writes" 0 "$wexec" --dir "$out/data::." "$out/write.wasm" &&
	if [ "$(cat "$out/data/out.txt" 2>/dev/null)" = "written" ]; then
		ok "--dir allows writes"
	else
		bad "--dir allows writes" "out.txt not written"
	fi
rm -f "$out/data/out.txt"
run "--dir-ro refuses writes" 0 sh -c "'$wexec' --dir-ro '$out/data::/' '$out/write.wasm'; test \$? -ne 0" &&
	if [ ! -e "$out/data/out.txt" ]; then ok "--dir-ro refuses writes"; else bad "--dir-ro refuses writes" "out.txt created"; fi
run "::ro suffix refuses writes" 0 sh -c "'$wexec' --dir '$out/data::/::ro' '$out/write.wasm'; test \$? -ne 0" &&
	if [ ! -e "$out/data/out.txt" ]; then ok "::ro suffix refuses writes"; else bad "::ro suffix refuses writes" "out.txt created"; fi
out_is "--env overrides --inherit-env" 0 "WEXEC_CLI=2" sh -c \
	"WEXEC_CLI=1 '$wexec' --inherit-env --env WEXEC_CLI=2 '$out/environ.wasm' | grep WEXEC_CLI"
out_is "--tcplisten puts a socket at fd 3" 6 "" \
	"$wexec" --tcplisten 127.0.0.1:0 "$out/sockprobe.wasm"
out_is "no socket without --tcplisten" 100 "" "$wexec" "$out/sockprobe.wasm"
err_has "--tcplisten on a bad address" 1 "--tcplisten: " \
	"$wexec" --tcplisten 256.0.0.1:80 "$out/sockprobe.wasm"
# The port is a number from 0 (the kernel picks one) to 65535; getaddrinfo
# alone would listen on 99999's low 16 bits, or on a named service.
err_has "--tcplisten port above 65535" 1 "bad port '99999' in '127.0.0.1:99999' (0 to 65535)" \
	"$wexec" --tcplisten 127.0.0.1:99999 "$out/sockprobe.wasm"
err_has "--tcplisten port 65536" 1 "bad port '65536'" \
	"$wexec" --tcplisten 127.0.0.1:65536 "$out/sockprobe.wasm"
err_has "--tcplisten negative port" 1 "bad port '-1'" \
	"$wexec" --tcplisten 127.0.0.1:-1 "$out/sockprobe.wasm"
err_has "--tcplisten port by service name" 1 "bad port 'http'" \
	"$wexec" --tcplisten 127.0.0.1:http "$out/sockprobe.wasm"
err_has "--tcplisten port with junk" 1 "bad port '80x'" \
	"$wexec" --tcplisten 127.0.0.1:80x "$out/sockprobe.wasm"
err_has "--dir of a missing directory" 1 "$out/missing" "$wexec" --dir "$out/missing" "$out/cat.wasm"

echo "== in-memory directories"
# An overlay reads the host directory and writes only its copy; a tmpfs
# starts empty. The host tree is compared whole before and after.
tree() { (cd "$out/data" && find . -printf '%p %s\n' | sort && cat ./*); }
before=$(tree)
out_is "--dir-overlay reads the host's files" 0 "file contents" \
	"$wexec" --dir-overlay "$out/data::/" "$out/cat.wasm"
out_is "--dir-overlay takes writes" 0 "" "$wexec" --dir-overlay "$out/data::/" "$out/write.wasm"
if [ "$(tree)" = "$before" ]; then ok "--dir-overlay leaves the host as it was"
else bad "--dir-overlay leaves the host as it was" "the host tree changed"; fi
run "--dir-overlay ::ro refuses writes" 0 sh -c \
	"'$wexec' --dir-overlay '$out/data::/::ro' '$out/write.wasm'; test \$? -eq 76" &&
	ok "--dir-overlay ::ro refuses writes"
out_is "--tmpfs takes writes" 0 "" "$wexec" --tmpfs / "$out/write.wasm"
run "--tmpfs starts empty" 0 sh -c "'$wexec' --tmpfs / '$out/cat.wasm'; test \$? -eq 44" &&
	ok "--tmpfs starts empty"
err_has "--dir-overlay of a missing directory" 1 "$out/missing" \
	"$wexec" --dir-overlay "$out/missing" "$out/cat.wasm"
err_has "--tmpfs takes no host side" 2 "bad directory 'a::/' (--tmpfs GUEST)" \
	"$wexec" --tmpfs a::/ "$out/cat.wasm"
err_has "--dir-overlay needs a host directory" 2 "bad directory '::/'" \
	"$wexec" --dir-overlay ::/ "$out/cat.wasm"

echo "== --trace"
# trace.wasm writes "hello" to stdout and "guest err" to stderr, makes
# made.txt, fails on a missing file, a bad fd and two bad pointers, reads
# the clocks, sleeps 5 ms and exits with 3.
mkdir -p "$out/tracedir"
# has_line NAME LINE FILE: FILE holds LINE, whole.
has_line() {
	if grep -qxF -- "$2" "$3"; then ok "$1"; else bad "$1" "no line '$2' in $(basename "$3")"; fi
}
run "--trace runs the program" 3 "$wexec" --trace --dir "$out/tracedir::/" "$out/trace.wasm"
if [ "$(cat "$out/stdout")" = "hello" ]; then
	ok "--trace adds nothing to the program's stdout"
else
	bad "--trace adds nothing to the program's stdout" "stdout '$(tr '\n' '|' < "$out/stdout")'"
fi
cp "$out/stderr" "$out/trace.stderr"
has_line "--trace: fd_write and its byte count" "fd_write(1, [6 bytes]) = 6" "$out/trace.stderr"
has_line "--trace: the program's stderr stays whole" "guest err" "$out/trace.stderr"
has_line "--trace: ENOENT by name, lookup flags" \
	'path_open(3, SYMLINK_FOLLOW, "missing.txt", rights=0x2, inheriting=0x0) = ENOENT' "$out/trace.stderr"
has_line "--trace: path_open's flags and new fd" \
	'path_open(3, "made.txt", oflags=CREAT|TRUNC, rights=0x40, inheriting=0x0, fdflags=APPEND) = 4' "$out/trace.stderr"
has_line "--trace: EBADF" "fd_close(99) = EBADF" "$out/trace.stderr"
has_line "--trace: a bad iovec pointer" "fd_write(2, <bad pointer>) = EFAULT" "$out/trace.stderr"
has_line "--trace: a bad path pointer" \
	"path_open(3, <bad pointer>, rights=0x2, inheriting=0x0) = EFAULT" "$out/trace.stderr"
has_line "--trace: random_get" "random_get([16 bytes]) = 0" "$out/trace.stderr"
has_line "--trace: poll_oneoff's subscriptions" \
	"poll_oneoff([clock(MONOTONIC, 5000000)]) = 1" "$out/trace.stderr"
has_line "--trace: proc_exit has no result" "proc_exit(3)" "$out/trace.stderr"
if [ "$(grep -vxF 'guest err' "$out/trace.stderr" |
	grep -cv '^[a-z_]*(.*)\( = \([0-9][0-9]*\|E[A-Z0-9]*\|<bad pointer>\)\)\{0,1\}$')" -eq 0 ] &&
   [ "$(grep -c . "$out/trace.stderr")" -eq 15 ]; then
	ok "--trace: one line per call, each 'name(args) = result'"
else
	bad "--trace: one line per call, each 'name(args) = result'" "$(tr '\n' '|' < "$out/trace.stderr")"
fi
rm -f "$out/tracedir/made.txt"
run "--trace=FILE" 3 "$wexec" --trace="$out/trace.log" --dir "$out/tracedir::/" "$out/trace.wasm"
if [ "$(cat "$out/stderr")" = "guest err" ] && [ "$(cat "$out/stdout")" = "hello" ]; then
	ok "--trace=FILE leaves stdout and stderr to the program"
else
	bad "--trace=FILE leaves stdout and stderr to the program" "stderr '$(tr '\n' '|' < "$out/stderr")'"
fi
has_line "--trace=FILE writes the lines there" "fd_close(99) = EBADF" "$out/trace.log"
# (but for the times the clocks gave)
if grep -vxF 'guest err' "$out/trace.stderr" | grep -v '^clock_time_get' > "$out/trace1" &&
   grep -v '^clock_time_get' "$out/trace.log" | cmp -s - "$out/trace1"; then
	ok "--trace=FILE holds the same lines as --trace"
else
	bad "--trace=FILE holds the same lines as --trace" "they differ"
fi
err_has "--trace= without a file" 2 "--trace= needs a file" "$wexec" --trace= "$out/hello.wasm"
err_has "--trace=FILE that cannot be opened" 1 "--trace: cannot open '$out/nodir/t.log'" \
	"$wexec" --trace="$out/nodir/t.log" "$out/hello.wasm"
out_has "--help lists --trace" 0 "--trace[=FILE]" "$wexec" --help

echo "== --profile"
# profile.wasm calls cold 1000 times, then spends its time in hot's loop,
# writes "done" and exits with 3; its export "trap" does the same and traps.
# prof_table NAME FILE: FILE holds the table after the program's own lines:
# the totals, the header, then rows "PCT% SAMPLES CALLS NAME", hot first
# with most of the samples, cold with its 1000 calls, proc_exit's one
# (with a few samples at most, under 10%: ticks may land while it flushes
# stdout, two of them once on a loaded machine).
prof_table() {
	if grep -q '^profile: [0-9]* samples of 1 ms CPU time, 1005 calls, 6 functions ran$' "$2" &&
	   grep -qx '  self%    samples        calls  function' "$2" &&
	   [ "$(grep -c '^ *[0-9.]*% *[0-9][0-9]* *[0-9][0-9]*  [a-z_]*$' "$2")" -eq 6 ] &&
	   sed -n '/self%/{n;p;}' "$2" | grep -q '^ *\(100\|[5-9][0-9]\)\.[0-9]% *[1-9][0-9]* *1  hot$' &&
	   grep -q '^ *[0-4]\.[0-9]% *[0-9] *1000  cold$' "$2" &&
	   grep -q '^ *[0-9]\.[0-9]% *[0-9] *1  exit$' "$2"; then
		ok "$1"
	else
		bad "$1" "$(tr '\n' '|' < "$2")"
	fi
}
run "--profile runs the program" 3 "$wexec" --profile "$out/profile.wasm"
if [ "$(cat "$out/stdout")" = "done" ] && [ "$(head -1 "$out/stderr" | cut -c1-9)" = "profile: " ]; then
	ok "--profile leaves stdout to the program"
else
	bad "--profile leaves stdout to the program" "stdout '$(tr '\n' '|' < "$out/stdout")'"
fi
prof_table "--profile: the table at proc_exit, the loop's function first" "$out/stderr"
run "--profile=FILE" 3 "$wexec" --profile="$out/profile.txt" "$out/profile.wasm"
if [ ! -s "$out/stderr" ]; then
	ok "--profile=FILE leaves stderr to the program"
else
	bad "--profile=FILE leaves stderr to the program" "stderr '$(tr '\n' '|' < "$out/stderr")'"
fi
prof_table "--profile=FILE writes the table there" "$out/profile.txt"
"$wexec" --profile --invoke trap "$out/profile.wasm" > "$out/stdout" 2> "$out/stderr" < /dev/null
rc=$?
if [ "$rc" -eq 134 ] && [ "$(head -1 "$out/stderr")" = "wexec: trap: unreachable (in function trap)" ] &&
   sed -n 2p "$out/stderr" | grep -q '^profile: [0-9]* samples of 1 ms CPU time, 1003 calls, 4 functions ran$' &&
   grep -q '% *[1-9][0-9]* *1  hot$' "$out/stderr"; then
	ok "--profile after a trap: the trap's line, then the table"
else
	bad "--profile after a trap: the trap's line, then the table" "exit $rc: $(tr '\n' '|' < "$out/stderr")"
fi
err_has "--profile= without a file" 2 "--profile= needs a file" "$wexec" --profile= "$out/hello.wasm"
err_has "--profile=FILE that cannot be opened" 1 "--profile: cannot open '$out/nodir/p.txt'" \
	"$wexec" --profile="$out/nodir/p.txt" "$out/hello.wasm"
out_has "--help lists --profile" 0 "--profile[=FILE]" "$wexec" --help

echo "== --deterministic"
# The trace shows what the clocks answered; two runs give the same bytes.
for i in 1 2; do
	rm -f "$out/tracedir/made.txt"
	"$wexec" --deterministic --trace="$out/det$i.log" --dir "$out/tracedir::/" \
		"$out/trace.wasm" > /dev/null 2>&1 < /dev/null
done
has_line "--deterministic: the realtime clock starts at 2000-01-01" \
	"clock_time_get(REALTIME, 0) = 946684800000000000" "$out/det1.log"
has_line "--deterministic: each read advances the clocks 1 ms" \
	"clock_time_get(MONOTONIC, 0) = 1000000" "$out/det1.log"
has_line "--deterministic: a 5 ms sleep moves the clock on 5 ms" \
	"clock_time_get(MONOTONIC, 0) = 7000000" "$out/det1.log"
if cmp -s "$out/det1.log" "$out/det2.log"; then
	ok "--deterministic: two runs trace the same"
else
	bad "--deterministic: two runs trace the same" "$(diff "$out/det1.log" "$out/det2.log" | head -3 | tr '\n' '|')"
fi
err_has "--seed takes a number" 2 "bad --seed 'x'" "$wexec" --seed x "$out/hello.wasm"
out_has "--help lists --deterministic" 0 "--deterministic" "$wexec" --help
out_has "--help lists --seed" 0 "--seed N" "$wexec" --help

echo "== examples"
if sh "$here/../../examples/run.sh" "$BUILD" > "$out/stdout" 2> "$out/stderr"; then
	ok "examples/run.sh (hello.wasm, fib.wasm, embed.c)"
else
	bad "examples/run.sh" "$(grep FAIL "$out/stdout" | head -1)"
fi

echo "== robustness"
# Every prefix of a module and every single-byte corruption of it must end
# in an exit code wexec documents (0, 1 or a trap's 134), never a signal.
robust() { # NAME: runs $out/mut.wasm, records a bad exit in $out/robust
	"$wexec" --invoke add "$out/mut.wasm" 1 2 > /dev/null 2> "$out/stderr" < /dev/null
	rc=$?
	case $rc in
	0|1|134) ;;
	*) echo "$1: exit code $rc: $(head -1 "$out/stderr")" >> "$out/robust" ;;
	esac
}
len=$(wc -c < "$a")
: > "$out/robust"
i=0
while [ "$i" -lt "$len" ]; do
	head -c "$i" "$a" > "$out/mut.wasm"
	robust "prefix of $i bytes"
	i=$((i + 1))
done
if [ -s "$out/robust" ]; then bad "every truncation fails cleanly" "$(head -1 "$out/robust")"; else ok "every truncation fails cleanly ($len cases)"; fi
: > "$out/robust"
i=8
while [ "$i" -lt "$len" ]; do
	{ head -c "$i" "$a"; printf '\377'; tail -c +"$((i + 2))" "$a"; } > "$out/mut.wasm"
	robust "byte $i set to 0xff"
	{ head -c "$i" "$a"; printf '\000'; tail -c +"$((i + 2))" "$a"; } > "$out/mut.wasm"
	robust "byte $i set to 0x00"
	i=$((i + 1))
done
if [ -s "$out/robust" ]; then bad "every corrupted byte fails cleanly" "$(head -1 "$out/robust")"; else ok "every corrupted byte fails cleanly ($(( (len - 8) * 2 )) cases)"; fi

echo "cli: $pass passed, $fails failed, $skips skipped"
if [ "$fails" -ne 0 ]; then
	echo "cli: fixtures and outputs kept in $out"
	exit 1
fi
rm -rf "$out"
