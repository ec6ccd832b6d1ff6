/*
 * test_memory.c - memory.c and table.c (spec: exec/modules.rst "Growing
 * memories", "Growing tables"; exec/instructions.rst memory.fill/copy/init,
 * table.fill/copy/init): limits, growth to the maximum and beyond, zeroed
 * new pages, and the bounds of every bulk operation (zero length at the
 * end, one past the end, 64-bit wrap-around, overlapping copies).
 */
#include <stdint.h>
#include <string.h>

#include "memory.h"
#include "table.h"
#include "unit.h"

#define PAGE WX_PAGE_SIZE

static wx_limits limits(uint64_t min, bool has_max, uint64_t max)
{
	wx_limits l;

	l.min = min;
	l.max = max;
	l.has_max = has_max;
	return l;
}

static bool all_zero(const uint8_t *p, uint64_t n)
{
	uint64_t i;

	for (i = 0; i < n; i++)
		if (p[i] != 0)
			return false;
	return true;
}

static void test_memory_init_and_limits(void)
{
	wexec_memory mem;
	wexec_error err = WEXEC_ERROR_INIT;
	wx_limits l = limits(2, true, 5);

	CHECK(wx_memory_init_object(&mem, &l, 0, &err) == WEXEC_OK);
	CHECK(mem.size == 2 * PAGE && mem.max_pages == 5 && mem.data != NULL);
	CHECK(all_zero(mem.data, mem.size));
	wx_memory_clear(&mem);
	CHECK(mem.data == NULL && mem.size == 0);

	/* No declared maximum: the spec's 65536 pages, capped by the store. */
	l = limits(0, false, 0);
	CHECK(wx_memory_init_object(&mem, &l, 0, &err) == WEXEC_OK);
	CHECK(mem.max_pages == WX_MAX_PAGES && mem.size == 0 &&
	      mem.data == NULL);
	wx_memory_clear(&mem);
	CHECK(wx_memory_init_object(&mem, &l, 10, &err) == WEXEC_OK);
	CHECK(mem.max_pages == 10);
	wx_memory_clear(&mem);

	/* A minimum above the store's limit is refused. */
	l = limits(11, false, 0);
	CHECK(wx_memory_init_object(&mem, &l, 10, &err) == WEXEC_ERR_LIMIT);
	CHECK(err.status == WEXEC_ERR_LIMIT && err.message[0] != 0);
	wx_memory_clear(&mem);
}

static void test_memory_grow(void)
{
	wexec_memory mem;
	wexec_error err = WEXEC_ERROR_INIT;
	wx_limits l = limits(0, true, 3);

	CHECK(wx_memory_init_object(&mem, &l, 0, &err) == WEXEC_OK);
	CHECK(wx_memory_grow(&mem, 0) == 0);
	CHECK(wx_memory_grow(&mem, 1) == 0);
	CHECK(mem.size == PAGE && mem.type.min == 1);
	memset(mem.data, 0xAB, PAGE);
	CHECK(wx_memory_grow(&mem, 3) == -1); /* 4 > max 3 */
	CHECK(mem.size == PAGE);
	CHECK(wx_memory_grow(&mem, 2) == 1);
	CHECK(mem.size == 3 * PAGE);
	CHECK(mem.data[PAGE - 1] == 0xAB);
	CHECK(all_zero(mem.data + PAGE, 2 * PAGE));
	CHECK(wx_memory_grow(&mem, 1) == -1);
	CHECK(wx_memory_grow(&mem, 0) == 3);
	CHECK(wx_memory_grow(&mem, UINT64_MAX) == -1);
	wx_memory_clear(&mem);

	/* Growth to the store's limit, then no further. */
	l = limits(1, false, 0);
	CHECK(wx_memory_init_object(&mem, &l, 4, &err) == WEXEC_OK);
	CHECK(wx_memory_grow(&mem, 3) == 1);
	CHECK(wx_memory_grow(&mem, 1) == -1);
	mem.data[4 * PAGE - 1] = 1;
	wx_memory_clear(&mem);

	/* The full 4 GiB is reserved, not committed: growing to it and
	 * touching both ends must work on any 64-bit host. */
	l = limits(0, false, 0);
	CHECK(wx_memory_init_object(&mem, &l, 0, &err) == WEXEC_OK);
	CHECK(wx_memory_grow(&mem, WX_MAX_PAGES) == 0);
	CHECK(mem.size == (uint64_t)WX_MAX_PAGES * PAGE);
	CHECK(mem.data[0] == 0 && mem.data[mem.size - 1] == 0);
	CHECK(wx_memory_grow(&mem, 1) == -1);
	CHECK(wx_memory_grow(&mem, 0) == WX_MAX_PAGES);
	wx_memory_clear(&mem);
}

/* The fallback without a reservation moves the data on growth and must
 * keep its contents. */
static void test_memory_fallback(void)
{
	wexec_memory mem;
	wexec_error err = WEXEC_ERROR_INIT;
	wx_limits l = limits(1, true, 4);

	CHECK(wx_memory_init_object(&mem, &l, 0, &err) == WEXEC_OK);
	wx_memory_clear(&mem);
	/* Simulate a failed reservation: what init does when mmap refuses. */
	memset(&mem, 0, sizeof mem);
	mem.type = l;
	mem.max_pages = 4;
	CHECK(wx_memory_grow(&mem, 1) == 0);
	mem.data[10] = 42;
	CHECK(wx_memory_grow(&mem, 2) == 1);
	CHECK(mem.mapped == 3 * PAGE && mem.data[10] == 42);
	CHECK(all_zero(mem.data + PAGE, 2 * PAGE));
	CHECK(wx_memory_grow(&mem, 2) == -1);
	wx_memory_clear(&mem);
}

static void test_memory_bulk(void)
{
	wexec_memory mem, other;
	wexec_error err = WEXEC_ERROR_INIT;
	wx_limits l = limits(1, false, 0);
	static const uint8_t seg[4] = {1, 2, 3, 4};
	uint8_t *d;

	CHECK(wx_memory_init_object(&mem, &l, 0, &err) == WEXEC_OK);
	d = mem.data;

	/* fill: zero length at the end is fine, one past the end traps. */
	CHECK(wx_memory_fill(&mem, PAGE, 1, 0) == WEXEC_TRAP_NONE);
	CHECK(wx_memory_fill(&mem, PAGE + 1, 1, 0) == WEXEC_TRAP_MEMORY_OOB);
	CHECK(wx_memory_fill(&mem, PAGE - 1, 7, 1) == WEXEC_TRAP_NONE);
	CHECK(d[PAGE - 1] == 7);
	CHECK(wx_memory_fill(&mem, PAGE - 1, 9, 2) == WEXEC_TRAP_MEMORY_OOB);
	CHECK(d[PAGE - 1] == 7); /* nothing written on a trap */
	CHECK(wx_memory_fill(&mem, UINT64_MAX, 9, 2) == WEXEC_TRAP_MEMORY_OOB);
	CHECK(wx_memory_fill(&mem, 1, 9, UINT64_MAX) == WEXEC_TRAP_MEMORY_OOB);
	CHECK(wx_memory_fill(&mem, 0x100, 5, 0x10) == WEXEC_TRAP_NONE);
	CHECK(d[0xFF] == 0 && d[0x100] == 5 && d[0x10F] == 5 && d[0x110] == 0);

	/* copy: overlapping ranges in both directions. */
	memcpy(d, "abcdefgh", 8);
	CHECK(wx_memory_copy(&mem, &mem, 2, 0, 6) == WEXEC_TRAP_NONE);
	CHECK(memcmp(d, "ababcdef", 8) == 0);
	memcpy(d, "abcdefgh", 8);
	CHECK(wx_memory_copy(&mem, &mem, 0, 2, 6) == WEXEC_TRAP_NONE);
	CHECK(memcmp(d, "cdefghgh", 8) == 0);
	CHECK(wx_memory_copy(&mem, &mem, PAGE, 0, 0) == WEXEC_TRAP_NONE);
	CHECK(wx_memory_copy(&mem, &mem, 0, PAGE, 0) == WEXEC_TRAP_NONE);
	CHECK(wx_memory_copy(&mem, &mem, PAGE + 1, 0, 0) ==
	      WEXEC_TRAP_MEMORY_OOB);
	CHECK(wx_memory_copy(&mem, &mem, 0, PAGE + 1, 0) ==
	      WEXEC_TRAP_MEMORY_OOB);
	CHECK(wx_memory_copy(&mem, &mem, 0, PAGE - 3, 4) ==
	      WEXEC_TRAP_MEMORY_OOB);
	CHECK(d[0] == 'c');
	CHECK(wx_memory_copy(&mem, &mem, PAGE - 3, 0, 4) ==
	      WEXEC_TRAP_MEMORY_OOB);

	/* copy between two memories, one of size 0. */
	l = limits(0, true, 0);
	CHECK(wx_memory_init_object(&other, &l, 0, &err) == WEXEC_OK);
	CHECK(wx_memory_copy(&other, &mem, 0, 0, 0) == WEXEC_TRAP_NONE);
	CHECK(wx_memory_copy(&mem, &other, 0, 0, 0) == WEXEC_TRAP_NONE);
	CHECK(wx_memory_copy(&mem, &other, 0, 0, 1) == WEXEC_TRAP_MEMORY_OOB);
	CHECK(wx_memory_copy(&other, &mem, 1, 0, 0) == WEXEC_TRAP_MEMORY_OOB);
	CHECK(wx_memory_fill(&other, 0, 0, 0) == WEXEC_TRAP_NONE);
	CHECK(wx_memory_grow(&other, 1) == -1);
	wx_memory_clear(&other);

	/* init: both the segment and the memory range are checked. */
	CHECK(wx_memory_init(&mem, seg, 4, 100, 1, 3) == WEXEC_TRAP_NONE);
	CHECK(d[100] == 2 && d[102] == 4);
	CHECK(wx_memory_init(&mem, seg, 4, 200, 4, 0) == WEXEC_TRAP_NONE);
	CHECK(wx_memory_init(&mem, seg, 4, 200, 5, 0) == WEXEC_TRAP_MEMORY_OOB);
	CHECK(wx_memory_init(&mem, seg, 4, 200, 2, 3) == WEXEC_TRAP_MEMORY_OOB);
	CHECK(wx_memory_init(&mem, seg, 4, PAGE - 1, 0, 2) ==
	      WEXEC_TRAP_MEMORY_OOB);
	CHECK(d[PAGE - 1] == 7);
	CHECK(wx_memory_init(&mem, seg, 4, PAGE, 0, 0) == WEXEC_TRAP_NONE);
	CHECK(wx_memory_init(&mem, seg, 4, PAGE + 1, 0, 0) ==
	      WEXEC_TRAP_MEMORY_OOB);
	CHECK(wx_memory_init(&mem, NULL, 0, 0, 0, 0) ==
	      WEXEC_TRAP_NONE); /* dropped */
	CHECK(wx_memory_init(&mem, NULL, 0, 0, 0, 1) == WEXEC_TRAP_MEMORY_OOB);
	CHECK(wx_memory_init(&mem, seg, 4, 0, UINT64_MAX, 2) ==
	      WEXEC_TRAP_MEMORY_OOB);

	CHECK(wx_memory_range_ok(&mem, PAGE, 0));
	CHECK(!wx_memory_range_ok(&mem, PAGE, 1));
	CHECK(!wx_memory_range_ok(&mem, UINT64_MAX, UINT64_MAX));
	wx_memory_clear(&mem);
}

static wx_tabletype tabletype(uint64_t min, bool has_max, uint64_t max)
{
	wx_tabletype t;

	t.elem = WX_FUNCREF;
	t.limits = limits(min, has_max, max);
	return t;
}

static void test_table_grow(void)
{
	wexec_table t;
	wexec_error err = WEXEC_ERROR_INIT;
	wx_tabletype type = tabletype(2, true, 5);
	int a, b;
	uint32_t i;

	CHECK(wx_table_init_object(&t, &type, &a, &err) == WEXEC_OK);
	CHECK(t.size == 2 && t.elems[0] == &a && t.elems[1] == &a &&
	      t.max == 5);
	CHECK(wx_table_grow(&t, 0, NULL) == 2);
	CHECK(wx_table_grow(&t, 3, &b) == 2);
	CHECK(t.size == 5 && t.elems[1] == &a && t.elems[2] == &b &&
	      t.elems[4] == &b);
	CHECK(t.type.limits.min == 5);
	CHECK(wx_table_grow(&t, 1, NULL) == -1);
	CHECK(wx_table_grow(&t, UINT32_MAX, NULL) == -1);
	CHECK(t.size == 5);
	wx_table_clear(&t);
	CHECK(t.size == 0 && t.elems == NULL);

	/* No maximum: one at a time, many times (amortised), then refuse a
	 * request that would exhaust the host. */
	type = tabletype(0, false, 0);
	CHECK(wx_table_init_object(&t, &type, NULL, &err) == WEXEC_OK);
	CHECK(t.size == 0);
	for (i = 0; i < 10000; i++)
		if (wx_table_grow(&t, 1, &a) != (int64_t)i)
			break;
	CHECK(i == 10000 && t.size == 10000 && t.elems[9999] == &a);
	CHECK(wx_table_grow(&t, UINT32_MAX - 10000, NULL) == -1);
	CHECK(wx_table_grow(&t, WX_TABLE_MAX_ELEMS, NULL) == -1);
	CHECK(t.size == 10000);
	wx_table_clear(&t);

	type = tabletype(WX_TABLE_MAX_ELEMS + 1u, false, 0);
	CHECK(wx_table_init_object(&t, &type, NULL, &err) == WEXEC_ERR_LIMIT);
	wx_table_clear(&t);
}

static void test_table_bulk(void)
{
	wexec_table t, u;
	wexec_error err = WEXEC_ERROR_INIT;
	wx_tabletype type = tabletype(8, false, 0);
	int x[8];
	void *refs[3] = {&x[5], &x[6], &x[7]};
	uint32_t i;

	CHECK(wx_table_init_object(&t, &type, NULL, &err) == WEXEC_OK);
	CHECK(wx_table_fill(&t, 8, &x[0], 0) == WEXEC_TRAP_NONE);
	CHECK(wx_table_fill(&t, 9, &x[0], 0) == WEXEC_TRAP_TABLE_OOB);
	CHECK(wx_table_fill(&t, 6, &x[0], 3) == WEXEC_TRAP_TABLE_OOB);
	CHECK(t.elems[6] == NULL);
	CHECK(wx_table_fill(&t, UINT32_MAX, &x[0], 2) == WEXEC_TRAP_TABLE_OOB);
	for (i = 0; i < 8; i++)
		t.elems[i] = &x[i];

	/* Overlapping copies in both directions. */
	CHECK(wx_table_copy(&t, &t, 2, 0, 4) == WEXEC_TRAP_NONE);
	CHECK(t.elems[2] == &x[0] && t.elems[5] == &x[3] &&
	      t.elems[6] == &x[6]);
	for (i = 0; i < 8; i++)
		t.elems[i] = &x[i];
	CHECK(wx_table_copy(&t, &t, 0, 2, 4) == WEXEC_TRAP_NONE);
	CHECK(t.elems[0] == &x[2] && t.elems[3] == &x[5] &&
	      t.elems[4] == &x[4]);
	CHECK(wx_table_copy(&t, &t, 8, 0, 0) == WEXEC_TRAP_NONE);
	CHECK(wx_table_copy(&t, &t, 0, 9, 0) == WEXEC_TRAP_TABLE_OOB);
	CHECK(wx_table_copy(&t, &t, 5, 0, 4) == WEXEC_TRAP_TABLE_OOB);
	CHECK(wx_table_copy(&t, &t, 0, UINT32_MAX, 2) == WEXEC_TRAP_TABLE_OOB);

	type = tabletype(0, true, 0);
	CHECK(wx_table_init_object(&u, &type, NULL, &err) == WEXEC_OK);
	CHECK(wx_table_copy(&u, &t, 0, 8, 0) == WEXEC_TRAP_NONE);
	CHECK(wx_table_copy(&u, &t, 0, 0, 1) == WEXEC_TRAP_TABLE_OOB);
	CHECK(wx_table_fill(&u, 0, NULL, 0) == WEXEC_TRAP_NONE);
	CHECK(wx_table_grow(&u, 1, NULL) == -1);
	wx_table_clear(&u);

	CHECK(wx_table_init(&t, refs, 3, 1, 1, 2) == WEXEC_TRAP_NONE);
	CHECK(t.elems[1] == &x[6] && t.elems[2] == &x[7]);
	CHECK(wx_table_init(&t, refs, 3, 8, 3, 0) == WEXEC_TRAP_NONE);
	CHECK(wx_table_init(&t, refs, 3, 8, 4, 0) == WEXEC_TRAP_TABLE_OOB);
	CHECK(wx_table_init(&t, refs, 3, 9, 0, 0) == WEXEC_TRAP_TABLE_OOB);
	CHECK(wx_table_init(&t, refs, 3, 7, 0, 2) == WEXEC_TRAP_TABLE_OOB);
	CHECK(t.elems[7] == &x[7]);
	CHECK(wx_table_init(&t, NULL, 0, 0, 0, 0) == WEXEC_TRAP_NONE);
	CHECK(wx_table_init(&t, refs, 3, 0, UINT32_MAX, 2) ==
	      WEXEC_TRAP_TABLE_OOB);
	wx_table_clear(&t);
}

int main(void)
{
	RUN(test_memory_init_and_limits);
	RUN(test_memory_grow);
	RUN(test_memory_fallback);
	RUN(test_memory_bulk);
	RUN(test_table_grow);
	RUN(test_table_bulk);
	return unit_report();
}
