# wexec - build and test. `make` builds the library and the command,
# `make test` runs every suite, `make install` installs the command, the
# library, its headers, pkg-config file and manual page under PREFIX (and
# DESTDIR), `make asan` runs the suites under AddressSanitizer and
# UndefinedBehaviorSanitizer in build/asan, `make fuzz` runs the execution
# fuzz target (clang's libFuzzer) in build/fuzz, `make spec-proposals` runs
# the spec tests of the WebAssembly 3.0 proposals wexec implements, `make
# real` two real programs from npm (tests/real/run.sh).

CC      ?= cc
BUILD   ?= build
OPT     ?= -O2 -g
WARN    := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes
CFLAGS  ?=
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) -fPIC -Iinclude $(CFLAGS)
LDLIBS  := -lm -lpthread

LIB_SRCS  := $(wildcard src/*.c) $(wildcard wasi/*.c)
LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
SPEC_SRCS := $(wildcard spec-tests/*.c)
SPEC_OBJS := $(SPEC_SRCS:%.c=$(BUILD)/obj/%.o)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

# The version comes from wexec.h; the shared library's SONAME carries its
# major number: libwexec.so -> libwexec.so.0 -> libwexec.so.0.1.0.
VERSION := $(shell sed -n 's/^\#define WEXEC_VERSION  *"\(.*\)"/\1/p' include/wexec.h)
SOMAJOR := $(firstword $(subst ., ,$(VERSION)))
SONAME  := libwexec.so.$(SOMAJOR)

PREFIX     ?= /usr/local
DESTDIR    ?=
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig

.PHONY: all test unit spec spec-proposals cli wasi real asan bench bench-simd \
	clean example fuzz fuzz-smoke fuzz-build fuzz-seeds install install-test

all: $(BUILD)/libwexec.a $(BUILD)/libwexec.so $(BUILD)/wexec $(BUILD)/spec-runner

# Only what include/wexec.h marks WEXEC_API leaves libwexec.so; the unit
# tests, which link libwexec.a, still reach the internal wx_* functions.
$(LIB_OBJS): ALL_CFLAGS += -fvisibility=hidden
# The engine does not depend on WASI: wexec.h leaves wexec_wasi.h out.
$(filter $(BUILD)/obj/src/%,$(LIB_OBJS)): ALL_CFLAGS += -DWEXEC_NO_WASI

# Layers the build enforces: every object is compiled with -Iinclude
# alone, so a file sees the public headers and those of its own directory
# (where "..." includes look first), nothing else. wasi/, tools/ and
# spec-tests/ are thus written against include/ only: `#include
# "runtime.h"` there does not compile. Only the unit tests look inside the
# engine (TEST_CFLAGS). Add no -I here or in ALL_CFLAGS.
$(BUILD)/obj/%.o: %.c $(wildcard include/*.h src/*.h src/*.def src/*.inc wasi/*.h tools/*.h spec-tests/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# The dispatch loop's speed depends on where its handlers fall: aligning
# every branch target to 32 bytes keeps it from changing with each handler
# added (scalar kernels moved by up to 20% without it).
# (gcc's option; other compilers go without.)
ALIGN_LABELS := $(shell $(CC) -Werror -falign-labels=32 -x c -c /dev/null -o /dev/null 2>/dev/null && echo -falign-labels=32)
$(BUILD)/obj/src/interp.o: ALL_CFLAGS += $(ALIGN_LABELS)

$(BUILD)/libwexec.a: $(LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/libwexec.so.$(VERSION): $(LIB_OBJS)
	$(CC) $(ALL_CFLAGS) -shared -Wl,-soname,$(SONAME) -o $@ $^ $(LDLIBS)

$(BUILD)/$(SONAME): $(BUILD)/libwexec.so.$(VERSION)
	ln -sf libwexec.so.$(VERSION) $@

$(BUILD)/libwexec.so: $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $@

TOOL_OBJS := $(BUILD)/obj/tools/wexec.o $(BUILD)/obj/tools/values.o \
             $(BUILD)/obj/tools/options.o \
             $(BUILD)/obj/tools/mounts.o $(BUILD)/obj/tools/profile.o

$(BUILD)/wexec: $(TOOL_OBJS) $(BUILD)/libwexec.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/spec-runner: $(SPEC_OBJS) $(BUILD)/libwexec.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

# Unit tests look inside the engine, the WASI layer and the command. A
# test of code outside the library lists its objects as prerequisites.
TEST_CFLAGS := -Isrc -Iwasi -Itools -Itests/unit

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h tests/unit/failalloc.h \
                 tests/unit/code.h tests/unit/fixture.h $(BUILD)/libwexec.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -o $@ $< $(filter %.o,$^) \
	    $(BUILD)/libwexec.a $(LDLIBS)

$(BUILD)/tests/test_values: $(BUILD)/obj/tools/values.o

# Every suite; fails on the first failing one. The spec suites go last:
# when the suite cannot be found or fetched, the others have still run.
test: unit cli wasi install-test spec spec-proposals real

unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t; done

cli: $(BUILD)/wexec
	sh tests/cli/run.sh $(BUILD)

spec: $(BUILD)/spec-runner
	sh spec-tests/run.sh $(BUILD)

# The WebAssembly 3.0 proposals wexec implements, from the suite's
# proposals/ directory, each with its own features (runner.c).
PROPOSALS ?= tail-call extended-const multi-memory memory64
spec-proposals: $(BUILD)/spec-runner
	sh spec-tests/run.sh $(BUILD) $(addprefix --proposal ,$(PROPOSALS))

wasi: $(BUILD)/wexec
	sh tests/wasi/run.sh $(BUILD)

# Real programs (tests/real/): clang and yosys from npm, pinned.
real: $(BUILD)/wexec
	sh tests/real/run.sh $(BUILD)

example: $(BUILD)/wexec
	sh examples/run.sh $(BUILD)

# Paths in wexec.pc are the installed ones, so it is made at install time.
install: $(BUILD)/libwexec.a $(BUILD)/libwexec.so $(BUILD)/wexec
	sed -e 's|@VERSION@|$(VERSION)|' -e 's|@PREFIX@|$(PREFIX)|' \
	    -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    tools/wexec.pc.in >$(BUILD)/wexec.pc
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) \
	    $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR) \
	    $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BUILD)/wexec $(DESTDIR)$(BINDIR)/wexec
	install -m 644 $(BUILD)/libwexec.a $(DESTDIR)$(LIBDIR)/libwexec.a
	install -m 755 $(BUILD)/libwexec.so.$(VERSION) $(DESTDIR)$(LIBDIR)/
	ln -sf libwexec.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libwexec.so
	install -m 644 include/wexec.h include/wexec_wasi.h \
	    $(DESTDIR)$(INCLUDEDIR)/
	install -m 644 $(BUILD)/wexec.pc $(DESTDIR)$(PKGCONFIGDIR)/wexec.pc
	install -m 644 docs/wexec.1 $(DESTDIR)$(MANDIR)/man1/wexec.1

# Installs into a temporary DESTDIR and builds a program against it with
# pkg-config, as an embedder would (with this build's compiler and flags).
install-test: $(BUILD)/libwexec.a $(BUILD)/libwexec.so $(BUILD)/wexec
	CC="$(CC)" CFLAGS="$(CFLAGS)" MAKE="$(MAKE)" \
	    sh tests/install/run.sh $(BUILD)

asan:
	$(MAKE) BUILD=build/asan OPT="-O1 -g -fno-omit-frame-pointer" \
		CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -DWX_VERIFY_CODE" \
		test

# Fuzzing with libFuzzer under AddressSanitizer and UndefinedBehaviorSanitizer
# (tests/fuzz/): `make fuzz` runs fuzz_exec for FUZZ_SECONDS, `make
# fuzz-smoke` runs each target for half of FUZZ_SMOKE_SECONDS. Inputs found
# are kept in build/fuzz/corpus-*; a crash, leak, timeout or out-of-memory
# writes its input to build/fuzz/artifacts/ and fails the target.
FUZZ_CC            ?= clang
FUZZ_BUILD         ?= build/fuzz
FUZZ_SECONDS       ?= 900
FUZZ_SMOKE_SECONDS ?= 60
FUZZ_FLAGS         ?= -timeout=30 -rss_limit_mb=2048 -max_len=65536 \
                      -print_final_stats=1
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_RUN  = mkdir -p $(FUZZ_BUILD)/corpus-$(1) $(FUZZ_BUILD)/artifacts && \
	$(FUZZ_BUILD)/fuzz_$(1) $(FUZZ_FLAGS) -max_total_time=$(2) \
	-artifact_prefix=$(FUZZ_BUILD)/artifacts/$(1)- \
	$(FUZZ_BUILD)/corpus-$(1) $(FUZZ_BUILD)/seeds

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(BUILD)/libwexec.a
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(BUILD)/libwexec.a $(LDLIBS)

fuzz-build:
	$(MAKE) CC=$(FUZZ_CC) BUILD=$(FUZZ_BUILD) \
		OPT="-O1 -g -fno-omit-frame-pointer" \
		CFLAGS="$(FUZZ_SAN) -fsanitize=fuzzer-no-link -DWX_VERIFY_CODE" \
		$(FUZZ_BUILD)/fuzz_module $(FUZZ_BUILD)/fuzz_exec

# Seeds are made afresh each run from the converted spec suite.
fuzz-seeds:
	rm -rf $(FUZZ_BUILD)/seeds
	sh tests/fuzz/make_corpus.sh $(FUZZ_BUILD)/seeds $(BUILD)

fuzz: fuzz-build fuzz-seeds
	$(call FUZZ_RUN,exec,$(FUZZ_SECONDS))

fuzz-smoke: fuzz-build fuzz-seeds
	$(call FUZZ_RUN,module,$$(($(FUZZ_SMOKE_SECONDS) / 2)))
	$(call FUZZ_RUN,exec,$$(($(FUZZ_SMOKE_SECONDS) / 2)))

bench: $(BUILD)/wexec
	sh tools/bench.sh $(BUILD)

bench-simd: $(BUILD)/wexec
	sh tools/bench-simd.sh $(BUILD)

clean:
	rm -rf build
