#!/bin/sh
# examples/run.sh BUILD - runs the bundled examples with BUILD/wexec and
# checks what they print: the WASI hello world, --invoke on fib.wasm, and
# the embedding examples (embed.c, wasi_embed.c) compiled against
# BUILD/libwexec.a.
# The prebuilt .wasm files work without wabt; when wat2wasm is installed
# the script also checks they still match their .wat sources.
set -u
BUILD=${1:-build}
dir=$(dirname "$0")
wexec="$BUILD/wexec"
fails=0

check() { # name expected actual
	if [ "$2" = "$3" ]; then
		echo "ok    $1"
	else
		echo "FAIL  $1: expected '$2', got '$3'"
		fails=$((fails + 1))
	fi
}

if [ ! -x "$wexec" ]; then
	echo "examples: $wexec not built (run make)" >&2
	exit 1
fi

check "hello.wasm prints Hello, world!" "Hello, world!" \
	"$("$wexec" "$dir/hello.wasm" 2>&1)"
check "fib(20) via --invoke" "6765" \
	"$("$wexec" --invoke fib "$dir/fib.wasm" 20 2>&1)"
check "fib_iter(90) via --invoke" "2880067194370816120" \
	"$("$wexec" --invoke fib_iter "$dir/fib.wasm" 90 2>&1)"

mkdir -p "$BUILD/examples"
if [ -f "$BUILD/libwexec.a" ]; then
	# A sanitizer build of the library needs the sanitizer runtimes.
	san=
	if nm "$BUILD/libwexec.a" 2>/dev/null | grep -q __asan_; then
		san="-fsanitize=address,undefined"
	fi
	if ${CC:-cc} -std=c11 -Wall -Wextra -Werror -I"$dir/../include" $san \
		-o "$BUILD/examples/embed" "$dir/embed.c" "$BUILD/libwexec.a" -lm -lpthread; then
		check "embed.c calls fib(10)" "fib(10) = 55" \
			"$("$BUILD/examples/embed" "$dir/fib.wasm" 2>&1)"
	else
		echo "FAIL  embed.c does not compile"
		fails=$((fails + 1))
	fi
	if ${CC:-cc} -std=c11 -Wall -Wextra -Werror -I"$dir/../include" $san \
		-o "$BUILD/examples/wasi_embed" "$dir/wasi_embed.c" "$BUILD/libwexec.a" -lm -lpthread; then
		check "wasi_embed.c runs hello.wasm" \
			"$(printf '[guest stdout] Hello, world!\nexit code 0')" \
			"$("$BUILD/examples/wasi_embed" "$dir/hello.wasm" 2>&1)"
	else
		echo "FAIL  wasi_embed.c does not compile"
		fails=$((fails + 1))
	fi
fi

if command -v wat2wasm >/dev/null 2>&1; then
	for w in hello fib; do
		wat2wasm "$dir/$w.wat" -o "$BUILD/examples/$w.wasm" 2>/dev/null
		if cmp -s "$dir/$w.wasm" "$BUILD/examples/$w.wasm"; then
			echo "ok    $w.wasm matches $w.wat"
		else
			echo "FAIL  $w.wasm is stale: wat2wasm $dir/$w.wat -o $dir/$w.wasm"
			fails=$((fails + 1))
		fi
	done
fi

if [ "$fails" -ne 0 ]; then
	echo "examples: $fails failed"
	exit 1
fi
echo "examples: all passed"
