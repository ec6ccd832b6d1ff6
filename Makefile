# wexec - build and test. `make` builds the library and the command,
# `make test` runs every suite, `make asan` runs them under AddressSanitizer
# and UndefinedBehaviorSanitizer in build/asan.

CC      ?= cc
BUILD   ?= build
OPT     ?= -O2 -g
WARN    := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes
CFLAGS  ?=
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) -fPIC -Iinclude -Isrc -Iwasi $(CFLAGS)
LDLIBS  := -lm -lpthread

LIB_SRCS  := $(wildcard src/*.c) $(wildcard wasi/*.c)
LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
SPEC_SRCS := $(wildcard spec-tests/*.c)
SPEC_OBJS := $(SPEC_SRCS:%.c=$(BUILD)/obj/%.o)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all test unit spec cli wasi asan bench bench-simd clean example

all: $(BUILD)/libwexec.a $(BUILD)/libwexec.so $(BUILD)/wexec $(BUILD)/spec-runner

$(BUILD)/obj/%.o: %.c $(wildcard include/*.h src/*.h src/*.def src/*.inc wasi/*.h spec-tests/*.h)
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

$(BUILD)/libwexec.so: $(LIB_OBJS)
	$(CC) $(ALL_CFLAGS) -shared -o $@ $^ $(LDLIBS)

$(BUILD)/wexec: $(BUILD)/obj/tools/wexec.o $(BUILD)/libwexec.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/spec-runner: $(SPEC_OBJS) $(BUILD)/libwexec.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h tests/unit/failalloc.h $(BUILD)/libwexec.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libwexec.a $(LDLIBS)

# Every suite; fails on the first failing one.
test: unit cli spec wasi

unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t; done

cli: $(BUILD)/wexec
	sh tests/cli/run.sh $(BUILD)

spec: $(BUILD)/spec-runner
	sh spec-tests/run.sh $(BUILD)

wasi: $(BUILD)/wexec
	sh tests/wasi/run.sh $(BUILD)

example: $(BUILD)/wexec
	sh examples/run.sh $(BUILD)

asan:
	$(MAKE) BUILD=build/asan OPT="-O1 -g -fno-omit-frame-pointer" \
		CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined" \
		test

bench: $(BUILD)/wexec
	sh tools/bench.sh $(BUILD)

bench-simd: $(BUILD)/wexec
	sh tools/bench-simd.sh $(BUILD)

clean:
	rm -rf build
