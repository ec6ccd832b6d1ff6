#!/bin/sh
# tests/wasi/run.sh BUILD - the WASI suite: compiles every tests/wasi/*.c
# to wasm32-wasi (into BUILD/wasi-tests/), runs each with BUILD/wexec in a
# fresh scratch directory (fixture files and symlinks made here), and
# compares stdout with NAME.out and the exit code with the table below.
# Prints one line per test and a summary (passed, failed, skipped: a test
# that cannot run here says skip and is counted); exits 1 if any test
# failed.
set -u
BUILD=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
wexec="$(cd "$(dirname "$BUILD/wexec")" && pwd)/wexec"
out="$BUILD/wasi-tests"
CC_WASM=${CC_WASM:-clang}
SYSROOT=${WASI_SYSROOT:-/usr}
pass=0
fails=0
skips=0

if [ ! -x "$wexec" ]; then
	echo "wasi: $wexec not built" >&2
	exit 1
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
for c in "$here"/*.c; do
	name=$(basename "$c" .c)
	if [ ! -f "$out/$name.wasm" ] || [ "$c" -nt "$out/$name.wasm" ] ||
	   [ "$here/t.h" -nt "$out/$name.wasm" ]; then
		model=command
		case $name in reactor*) model=reactor ;; esac
		if ! "$CC_WASM" --target=wasm32-wasi --sysroot="$SYSROOT" -O2 \
		     -mexec-model=$model -Wall -Werror -I"$here" "$c" \
		     -o "$out/$name.wasm"; then
			echo "wasi: cannot compile $c (needs clang, lld, wasi-libc," \
			     "libclang-rt-*-dev-wasm32)" >&2
			exit 1
		fi
	fi
done

# A fresh scratch tree: $scratch/root is what the guest sees; secret.txt
# sits next to it, outside, for the escape tests.
new_scratch() {
	scratch=$(mktemp -d "${TMPDIR:-/tmp}/wexec-wasi.XXXXXX")
	root="$scratch/root"
	mkdir -p "$root/sub"
	printf 'hello world\n' > "$root/data.txt"
	printf 'inner\n' > "$root/sub/inner.txt"
	printf 'secret\n' > "$scratch/secret.txt"
	ln -s ../secret.txt "$root/out_rel"
	ln -s "$scratch/secret.txt" "$root/out_abs"
	ln -s sub/inner.txt "$root/in_rel"
	ln -s chain2 "$root/chain1"
	ln -s sub/../data.txt "$root/chain2"
	ln -s chain_out2 "$root/chain_out1"
	ln -s sub/../../secret.txt "$root/chain_out2"
	ln -s loop2 "$root/loop1"
	ln -s loop1 "$root/loop2"
	ln -s sub "$root/dirlink"
	ln -s .. "$root/outdir"
	ln -s .. "$root/sub/up"
	ln -s ../.. "$root/sub/upup"
}

# check NAME WANT_CODE ACTUAL_CODE STDOUT_FILE [NOTE]
check() {
	name=$1 want=$2 got=$3 stdout=$4 note=${5:-}
	if [ "$got" != "$want" ]; then
		echo "FAIL $name$note: exit code $got, want $want"
		sed 's/^/    /' "$stdout" | grep -v '^    ok ' | head -20
		fails=$((fails + 1))
	elif [ -f "$here/$name.out" ] && ! cmp -s "$here/$name.out" "$stdout"; then
		echo "FAIL $name$note: stdout differs from $name.out"
		diff "$here/$name.out" "$stdout" | head -20 | sed 's/^/    /'
		fails=$((fails + 1))
	else
		echo "ok   $name$note"
		pass=$((pass + 1))
	fi
}

# run NAME WANT_CODE [WEXEC OPTIONS...] -- [PROGRAM ARGS...]; stdin is
# empty unless the caller redirects it.
run() {
	name=$1 want=$2
	shift 2
	new_scratch
	opts=""
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		opts="$opts $1"
		shift
	done
	[ $# -gt 0 ] && shift
	opts=$(printf '%s' "$opts" | sed "s#@ROOT@#$root#g")
	# shellcheck disable=SC2086
	(cd "$scratch" && "$wexec" --timeout 60 $opts "$out/$name.wasm" "$@") \
		> "$out/$name.stdout" 2> "$out/$name.stderr"
	code=$?
	check "$name" "$want" "$code" "$out/$name.stdout"
	rm -rf "$scratch"
}

run args 0 --env FOO=bar --env EMPTY= -- alpha "beta gamma" < /dev/null
run exit 42 -- < /dev/null
run rawexit 7 -- < /dev/null
run trap 134 -- < /dev/null
if ! grep -q "unreachable" "$out/trap.stderr"; then
	echo "FAIL trap: stderr lacks the trap message"; fails=$((fails + 1))
fi
run raise 143 -- < /dev/null
printf 'line one\nline two\nno newline' > "$out/stdin.txt"
run stdin 0 -- < "$out/stdin.txt"
run reactor 0 --env FACTOR=3 --invoke scaled -- 14 < /dev/null
run files 0 --dir @ROOT@::/ -- < /dev/null
run paths 0 --dir @ROOT@::/ -- < /dev/null
run sandbox 0 --dir @ROOT@::/ -- < /dev/null
run readonly 0 --dir-ro @ROOT@::/ -- < /dev/null
run dirsock 0 --dir @ROOT@::/ -- < /dev/null

# The same programs on in-memory mounts (docs/filesystems.md): a
# --dir-overlay of the scratch tree must answer as the tree itself, and
# leave it as it was, byte for byte; tmpfs.c makes its own files on two
# --tmpfs mounts.
snapshot() {
	(cd "$scratch" && find . -printf '%p %y %s %l\n' | sort &&
	 find . -type f -exec cat {} +) | cksum
}

# overlay NAME WANT_CODE [WEXEC OPTIONS...]: NAME on --dir-overlay of
# the scratch root (prepare_NAME, when defined, adds to the tree first).
overlay() {
	name=$1 want=$2
	shift 2
	new_scratch
	if command -v "prepare_$name" >/dev/null 2>&1; then "prepare_$name"; fi
	before=$(snapshot)
	opts=$(printf '%s ' "$@" | sed "s#@ROOT@#$root#g")
	# shellcheck disable=SC2086
	(cd "$scratch" && "$wexec" --timeout 120 $opts "$out/$name.wasm") \
		> "$out/$name.ov.stdout" 2> "$out/$name.ov.stderr" < /dev/null
	code=$?
	if [ "$(snapshot)" != "$before" ]; then
		echo "FAIL $name (overlay): the host tree changed"
		fails=$((fails + 1))
	elif [ "$name" = chaos ] &&
	     ! grep -q "chaos: 0 invalid errnos" "$out/$name.ov.stderr"; then
		echo "FAIL chaos (overlay): exit code $code, no clean report"
		fails=$((fails + 1))
	else
		check "$name" "$want" "$code" "$out/$name.ov.stdout" \
		      " (in memory: $*)"
	fi
	chmod -R u+rwx "$scratch" 2>/dev/null
	rm -rf "$scratch"
}

prepare_readdir() {
	mkdir "$root/many"
	(cd "$root/many" && i=0 && while [ $i -lt 1000 ]; do
		: > "$(printf 'f%04d' $i)"; i=$((i + 1)); done)
}

for t in files paths sandbox dirsock readdir chaos; do
	overlay $t 0 --dir-overlay @ROOT@::/
done
overlay readonly 0 --dir-overlay @ROOT@::/::ro
run tmpfs 0 --tmpfs / --tmpfs /other -- < /dev/null
# An in-memory mount's file times are the fixed epoch under --deterministic.
run fstimes 0 --deterministic --tmpfs /t -- < /dev/null

# reactor_plugin: --call by docs/call-bytes.md, input from stdin or a
# file, the WASI context (its environment) in reach of the plugin.
call_check() {
	name=$1 want=$2
	if [ "$(cat "$out/$name.stdout")" = "$want" ]; then
		echo "ok   $name"; pass=$((pass + 1))
	else
		echo "FAIL $name: stdout '$(head -c 200 "$out/$name.stdout")', want '$want'"
		sed 's/^/    /' "$out/$name.stderr" | head -5
		fails=$((fails + 1))
	fi
}
plugin="$out/reactor_plugin.wasm"
printf 'Hello, plugin!' | "$wexec" --call upper --input - "$plugin" \
	> "$out/plugin_upper.stdout" 2> "$out/plugin_upper.stderr"
call_check plugin_upper "HELLO, PLUGIN!"
printf 'one\ntwo\n' > "$out/plugin.in"
"$wexec" --env TAG=t1 --call json_len --input "$out/plugin.in" "$plugin" \
	> "$out/plugin_json.stdout" 2> "$out/plugin_json.stderr" < /dev/null
call_check plugin_json '{"len":8,"lines":2,"tag":"t1"}'
"$wexec" --call json_len --input - "$plugin" < /dev/null \
	> "$out/plugin_json_empty.stdout" 2> "$out/plugin_json_empty.stderr"
call_check plugin_json_empty '{"len":0,"lines":0,"tag":null}'
"$wexec" --call upper "$plugin" < /dev/null \
	> "$out/plugin_empty.stdout" 2> "$out/plugin_empty.stderr"
call_check plugin_empty ""
# 3 MiB through the guest's malloc, which grows its memory.
head -c 3145728 /dev/zero | tr '\0' 'a' | fold -w 63 > "$out/plugin_big.in"
"$wexec" --call upper --input "$out/plugin_big.in" "$plugin" < /dev/null \
	2> "$out/plugin_big.stderr" | cmp -s - "$(tr a A < "$out/plugin_big.in" \
	> "$out/plugin_big.want" && echo "$out/plugin_big.want")"
if [ $? = 0 ]; then
	echo "ok   plugin_big"; pass=$((pass + 1))
else
	echo "FAIL plugin_big: output differs"; fails=$((fails + 1))
fi

# determinism: clocks, a sleep and random bytes under --deterministic
# are determinism.out, on every run; another --seed changes the random
# bytes alone.
run determinism 0 --deterministic -- < /dev/null
cp "$out/determinism.stdout" "$out/determinism.first"
run determinism 0 --deterministic -- < /dev/null
if cmp -s "$out/determinism.first" "$out/determinism.stdout"; then
	echo "ok   determinism: two runs are byte-identical"; pass=$((pass + 1))
else
	echo "FAIL determinism: two runs differ"; fails=$((fails + 1))
fi
"$wexec" --seed 1 "$out/determinism.wasm" > "$out/determinism.seed1" \
	2> /dev/null < /dev/null
if grep -v '^random' "$here/determinism.out" |
	cmp -s - "$(grep -v '^random' "$out/determinism.seed1" > "$out/determinism.s1" &&
	            echo "$out/determinism.s1")" &&
   ! grep '^random 16' "$out/determinism.seed1" |
	cmp -s - "$(grep '^random 16' "$here/determinism.out" > "$out/determinism.r0" &&
	            echo "$out/determinism.r0")"; then
	echo "ok   determinism: --seed 1 changes the random bytes alone"
	pass=$((pass + 1))
else
	echo "FAIL determinism: --seed 1"; fails=$((fails + 1))
fi

# readdir: 1000 files made in the scratch tree before the run.
new_scratch
mkdir "$root/many"
(cd "$root/many" && i=0 && while [ $i -lt 1000 ]; do
	: > "$(printf 'f%04d' $i)"; i=$((i + 1)); done)
(cd "$scratch" && "$wexec" --timeout 60 --dir "$root::/" "$out/readdir.wasm") \
	> "$out/readdir.stdout" 2> "$out/readdir.stderr" < /dev/null
check readdir 0 $? "$out/readdir.stdout"
rm -rf "$scratch"

# chaos: random calls inside a preopen; afterwards everything outside the
# preopen must be as it was.
new_scratch
before=$(cd "$scratch" && find . -path ./root -prune -o -print | sort; cat secret.txt)
(cd "$scratch" && "$wexec" --timeout 120 --dir "$root::/" "$out/chaos.wasm") \
	> "$out/chaos.stdout" 2> "$out/chaos.stderr" < /dev/null
code=$?
after=$(cd "$scratch" && find . -path ./root -prune -o -print | sort; cat secret.txt)
if [ "$before" != "$after" ]; then
	echo "FAIL chaos: something outside the preopen changed"
	fails=$((fails + 1))
elif ! grep -q "chaos: 0 invalid errnos" "$out/chaos.stderr"; then
	echo "FAIL chaos: exit code $code, no clean report"
	fails=$((fails + 1))
else
	check chaos 0 $code "$out/chaos.stdout"
fi
chmod -R u+rwx "$scratch" 2>/dev/null
rm -rf "$scratch"

# poll: stdin is a pipe holding "ping\n" before the program starts.
printf 'ping\n' > "$out/ping.txt"
cat "$out/ping.txt" | { sleep 0.2; "$wexec" --timeout 60 "$out/poll.wasm"; } \
	> "$out/poll.stdout" 2> "$out/poll.stderr"
check poll 0 $? "$out/poll.stdout"

# 64 MiB to stdout: every byte arrives, quickly.
t0=$(date +%s%N)
"$wexec" "$out/big.wasm" < /dev/null 2> "$out/big.stderr" | wc -c > "$out/big.count"
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
bytes=$(tr -d ' ' < "$out/big.count")
if [ "$bytes" = 67108864 ]; then
	echo "ok   big (64 MiB in $ms ms)"; pass=$((pass + 1))
else
	echo "FAIL big: $bytes bytes, want 67108864"; fails=$((fails + 1))
fi

# A reader that goes away: the guest sees EPIPE (exit 3), no SIGPIPE.
{ "$wexec" "$out/epipe.wasm" < /dev/null 2> "$out/epipe.stderr"
  echo $? > "$out/epipe.code"; } | head -n 1 > "$out/epipe.stdout"
code=$(cat "$out/epipe.code")
if [ "$code" = 3 ] && grep -q "write: pipe" "$out/epipe.stderr"; then
	echo "ok   epipe"; pass=$((pass + 1))
else
	echo "FAIL epipe: exit code $code, stderr: $(cat "$out/epipe.stderr")"
	fails=$((fails + 1))
fi

# sockets: needs python3 as the client.
if command -v python3 >/dev/null 2>&1; then
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	"$wexec" --timeout 30 --tcplisten "127.0.0.1:$port" "$out/sock.wasm" \
		> "$out/sock.stdout" 2> "$out/sock.stderr" < /dev/null &
	pid=$!
	reply=$(python3 - "$port" <<'PY'
import socket, sys, time
for _ in range(100):
    try:
        s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
        break
    except OSError:
        time.sleep(0.05)
s.sendall(b"hello")
data = b""
while True:
    d = s.recv(100)
    if not d:
        break
    data += d
print(data.decode())
PY
)
	wait $pid
	code=$?
	if [ "$reply" != "HELLO" ]; then
		echo "FAIL sock: client got '$reply'"; fails=$((fails + 1))
	else
		check sock 0 $code "$out/sock.stdout"
	fi
else
	echo "skip sock: no python3 for the client"
	skips=$((skips + 1))
fi

echo "wasi: $pass passed, $fails failed, $skips skipped"
[ "$fails" -eq 0 ]
