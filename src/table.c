/*
 * table.c - table instances and the bulk table instructions (spec:
 * exec/modules.rst "Growing tables", exec/instructions.rst table.fill,
 * table.copy, table.init).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "table.h"
#include "store.h"

/* True when [i, i + n) lies inside a table or segment of `size` entries. */
static bool range_ok(uint64_t size, uint64_t i, uint64_t n)
{
	return i <= size && n <= size - i;
}

/* The element array's bytes: the whole effective maximum is reserved at
 * once, in address space only (MAP_NORESERVE), so it never moves and a
 * page costs memory only once an element on it is written. */
static size_t mapped_bytes(const wexec_table *t)
{
	size_t page = 65536;
	return ((size_t)t->capacity * sizeof *t->elems + page - 1) & ~(page - 1);
}

/* Maps the elements on first need. Untouched pages read as zero bytes,
 * which are null references (NULL is all-zero bits on every host wexec
 * runs on), so a table of null elements is written nowhere. */
static bool reserve(wexec_table *t, uint32_t need)
{
	void *p;
	if (need <= t->capacity)
		return true;
	if (t->elems != NULL || need > t->max)
		return false;
	t->capacity = (uint32_t)t->max;
	p = mmap(NULL, mapped_bytes(t), PROT_READ | PROT_WRITE,
	         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		t->capacity = 0;
		return false;
	}
	t->elems = p;
	return true;
}

wexec_status wx_table_init_object(wexec_table *t, const wx_tabletype *type,
                                  void *init, wexec_error *err)
{
	uint64_t max = type->limits.has_max ? type->limits.max : UINT32_MAX;

	memset(t, 0, sizeof *t);
	if (max > WX_TABLE_MAX_ELEMS)
		max = WX_TABLE_MAX_ELEMS;
	t->type = *type;
	t->max = max;
	if (type->limits.min > max)
		return wexec_error_set(
		    err, WEXEC_ERR_LIMIT,
		    "table of %llu elements exceeds the limit "
		    "of %llu elements",
		    (unsigned long long)type->limits.min,
		    (unsigned long long)max);
	if (wx_table_grow(t, (uint32_t)type->limits.min, init) < 0) {
		wx_table_clear(t);
		return wexec_error_set(
		    err, WEXEC_ERR_NOMEM,
		    "out of memory allocating a table of %llu "
		    "elements",
		    (unsigned long long)type->limits.min);
	}
	return WEXEC_OK;
}

void wx_table_clear(wexec_table *t)
{
	if (t->elems)
		munmap(t->elems, mapped_bytes(t));
	t->elems = NULL;
	t->size = 0;
	t->capacity = 0;
}

int64_t wx_table_grow(wexec_table *t, uint32_t delta, void *init)
{
	uint32_t old = t->size;
	uint32_t i;

	if (delta > t->max - old)
		return -1;
	if (!reserve(t, old + delta) ||
	    !wx_store_charge(t->store, (uint64_t)delta * sizeof *t->elems))
		return -1;
	/* New elements are already null: write only other values. */
	for (i = old; init != NULL && i < old + delta; i++)
		t->elems[i] = init;
	t->size = old + delta;
	t->type.limits.min = t->size;
	return old;
}

wexec_trap wx_table_fill(wexec_table *t, uint32_t i, void *ref, uint32_t n)
{
	uint32_t k;

	if (!range_ok(t->size, i, n))
		return WEXEC_TRAP_TABLE_OOB;
	for (k = 0; k < n; k++)
		t->elems[i + k] = ref;
	return WEXEC_TRAP_NONE;
}

wexec_trap wx_table_copy(wexec_table *dst, const wexec_table *src, uint32_t d,
                         uint32_t s, uint32_t n)
{
	if (!range_ok(dst->size, d, n) || !range_ok(src->size, s, n))
		return WEXEC_TRAP_TABLE_OOB;
	if (n != 0)
		memmove(dst->elems + d, src->elems + s,
		        (size_t)n * sizeof *dst->elems);
	return WEXEC_TRAP_NONE;
}

wexec_trap wx_table_init(wexec_table *t, void *const *refs, uint32_t len,
                         uint32_t d, uint32_t s, uint32_t n)
{
	if (!range_ok(len, s, n) || !range_ok(t->size, d, n))
		return WEXEC_TRAP_TABLE_OOB;
	if (n != 0)
		memcpy(t->elems + d, refs + s, (size_t)n * sizeof *t->elems);
	return WEXEC_TRAP_NONE;
}
