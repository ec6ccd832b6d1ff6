#!/bin/sh
# tests/install/run.sh BUILD - installs BUILD's wexec with
# `make install DESTDIR=TMP PREFIX=/usr` and checks the result as a user
# would: the files and the shared library's version links and SONAME, that
# libwexec.so exports only wexec_* symbols, and that a program outside the
# tree (outside.c, and one including only <wexec_wasi.h>) compiles with
# `pkg-config --cflags --libs wexec`, links the shared library and runs. $CC and $CFLAGS build that program (the
# sanitizer build passes its flags). Prints one line per check and a
# summary; exits 1 if any check failed. The temporary tree is removed
# unless a check failed.
set -u
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
CC=${CC:-cc}
CFLAGS=${CFLAGS:-}
MAKE=${MAKE:-make}
here=tests/install
pass=0
fails=0
skips=0

ok() { echo "ok    $1"; pass=$((pass + 1)); }
fail() { echo "FAIL  $1"; fails=$((fails + 1)); }
skip() { echo "skip  $1"; skips=$((skips + 1)); }
check() { # name command...
	name=$1
	shift
	if "$@" >/dev/null 2>&1; then ok "$name"; else fail "$name"; fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/wexec-install.XXXXXX")
dest=$tmp/dest
lib=$dest/usr/lib

if ! $MAKE --no-print-directory BUILD="$BUILD" DESTDIR="$dest" PREFIX=/usr \
	install >"$tmp/install.log" 2>&1; then
	cat "$tmp/install.log"
	echo "install: make install failed; left $tmp"
	exit 1
fi
version=$(sed -n 's/^#define WEXEC_VERSION  *"\(.*\)"/\1/p' include/wexec.h)
major=${version%%.*}

for f in usr/bin/wexec usr/lib/libwexec.a usr/lib/libwexec.so.$version \
	usr/include/wexec.h usr/include/wexec_wasi.h usr/lib/pkgconfig/wexec.pc \
	usr/share/man/man1/wexec.1; do
	check "installs /$f" test -f "$dest/$f"
done
check "libwexec.so -> libwexec.so.$major" \
	test "$(readlink "$lib/libwexec.so")" = "libwexec.so.$major"
check "libwexec.so.$major -> libwexec.so.$version" \
	test "$(readlink "$lib/libwexec.so.$major")" = "libwexec.so.$version"
soname=$(readelf -d "$lib/libwexec.so.$version" 2>/dev/null |
	sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
check "SONAME is libwexec.so.$major ($soname)" \
	test "$soname" = "libwexec.so.$major"
check "installed wexec --version says $version" \
	test "$("$dest/usr/bin/wexec" --version)" = "wexec $version"

nm -D --defined-only "$lib/libwexec.so" | awk '{print $NF}' >"$tmp/exports"
others=$(grep -v '^wexec_' "$tmp/exports" | tr '\n' ' ')
nexports=$(grep -c '^wexec_' "$tmp/exports")
if [ -z "$others" ] && [ "$nexports" -gt 0 ]; then
	ok "libwexec.so exports only wexec_* ($nexports symbols)"
else
	fail "libwexec.so exports more than wexec_*: $others"
fi

if ! command -v pkg-config >/dev/null 2>&1; then
	skip "pkg-config is not installed: outside program not built"
else
	# Only the installed wexec.pc; its paths (/usr/...) resolve inside
	# DESTDIR. /usr/include and /usr/lib are "system" directories that
	# pkg-config would drop, which here would lose the DESTDIR copies.
	flags=$(PKG_CONFIG_LIBDIR="$lib/pkgconfig" \
		PKG_CONFIG_SYSROOT_DIR="$dest" \
		PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 \
		PKG_CONFIG_ALLOW_SYSTEM_LIBS=1 \
		pkg-config --cflags --libs wexec)
	check "pkg-config --modversion wexec is $version" test \
		"$(PKG_CONFIG_LIBDIR="$lib/pkgconfig" pkg-config --modversion wexec)" \
		= "$version"
	want="-I$dest/usr/include -L$lib -lwexec"
	for w in $want; do
		case " $flags " in
		*" $w "*) ;;
		*) want= ;;
		esac
	done
	if [ -n "$want" ]; then
		ok "pkg-config --cflags --libs wexec: $flags"
	else
		fail "pkg-config --cflags --libs wexec: $flags"
	fi
	# Built from a copy, away from the source tree and its include/.
	cp "$here/outside.c" "$tmp/outside.c"
	# shellcheck disable=SC2086 # flags and CFLAGS are word lists
	if (cd "$tmp" && $CC -std=c11 -Wall -Wextra -Werror $CFLAGS \
		-o outside outside.c $flags) >"$tmp/cc.log" 2>&1; then
		ok "outside.c builds against the installed tree"
		got=$(LD_LIBRARY_PATH="$lib" "$tmp/outside" 2>&1)
		want="wexec $version: add(40, 2) = 42"
		if [ "$got" = "$want" ]; then
			ok "outside runs with the installed libwexec.so"
		else
			fail "outside printed '$got', want '$want'"
		fi
		needed=$(readelf -d "$tmp/outside" |
			sed -n 's/.*NEEDED.*\[\(libwexec[^]]*\)\].*/\1/p')
		check "outside needs $needed, the SONAME" \
			test "$needed" = "libwexec.so.$major"
		resolved=$(LD_LIBRARY_PATH="$lib" ldd "$tmp/outside" |
			sed -n 's/.*libwexec[^ ]* => \([^ ]*\).*/\1/p')
		check "outside loads $resolved from DESTDIR" \
			test "$resolved" = "$lib/libwexec.so.$major"
	else
		cat "$tmp/cc.log"
		fail "outside.c builds against the installed tree"
	fi
	# The WASI header on its own: it brings in wexec.h.
	cat >"$tmp/wasi_only.c" <<-'EOF'
	#include <wexec_wasi.h>
	int main(void)
	{
		wexec_error err = WEXEC_ERROR_INIT;
		wexec_wasi *wasi = NULL;
		int rc = wexec_wasi_new(NULL, &wasi, &err) != WEXEC_OK ||
		         wexec_wasi_is_command(NULL);
		wexec_wasi_free(wasi);
		return rc;
	}
	EOF
	# shellcheck disable=SC2086 # flags and CFLAGS are word lists
	if (cd "$tmp" && $CC -std=c11 -Wall -Wextra -Werror $CFLAGS \
		-o wasi_only wasi_only.c $flags) >"$tmp/cc.log" 2>&1 &&
		LD_LIBRARY_PATH="$lib" "$tmp/wasi_only"; then
		ok "a program including only <wexec_wasi.h> builds and runs"
	else
		cat "$tmp/cc.log"
		fail "a program including only <wexec_wasi.h> builds and runs"
	fi
fi

echo "install: $pass passed, $fails failed, $skips skipped"
if [ "$fails" -gt 0 ]; then
	echo "install: kept $tmp"
	exit 1
fi
rm -rf "$tmp"
