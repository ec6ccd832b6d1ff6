/*
 * memory.c - linear memory instances and the bulk memory instructions
 * (spec: exec/modules.rst "Growing memories", exec/instructions.rst
 * memory.fill, memory.copy, memory.init). See memory.h for the storage
 * scheme.
 */
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>

#include "memory.h"
#include "store.h"

/* The most a memory reserves up front: 8 GiB. */
#define RESERVE_PAGES64 ((uint64_t)1 << 17)

/* Reservations are aligned to a huge page, and memories of HUGE_FROM
 * bytes or more are committed in steps of one: they then use the host's
 * transparent huge pages (MADV_HUGEPAGE), which saves most TLB misses of
 * random access (large hash tables). The bytes between the size and the
 * step are accessible but never accessed: every access is bounds-checked
 * against the size. Smaller memories commit exactly, so an instance with
 * a page of memory still costs a page. */
#define HUGE_BYTES ((uint64_t)2 << 20)
#define HUGE_FROM ((uint64_t)16 << 20)

static uint64_t page_bytes(uint64_t pages)
{
	return pages * WX_PAGE_SIZE;
}

/* The address space all memories of the process may reserve together:
 * 16 TiB, 4096 memories of 4 GiB. A module may declare thousands of
 * memories (multi-memory); past this they map exactly their size, so
 * the host's address space and mapping count stay its own. */
#define RESERVE_TOTAL ((uint64_t)1 << 44)
static _Atomic uint64_t reserved_total;

/* Reserves `bytes` of address space without committing memory; false when
 * the host refuses or the process has reserved enough (the caller then
 * falls back to exact mappings). */
static bool reserve(wexec_memory *mem, uint64_t bytes)
{
	void *p;

	if (bytes == 0 || bytes > SIZE_MAX)
		return false;
	if (atomic_fetch_add(&reserved_total, bytes) + bytes > RESERVE_TOTAL) {
		atomic_fetch_sub(&reserved_total, bytes);
		return false;
	}
	size_t slack = bytes >= HUGE_BYTES ? (size_t)HUGE_BYTES : 0;
	p = mmap(NULL, (size_t)bytes + slack, PROT_NONE,
	         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		atomic_fetch_sub(&reserved_total, bytes);
		return false;
	}
	if (slack) {
		uint8_t *start = (uint8_t *)p, *end = start + bytes + slack;
		uint8_t *aligned =
		    start + (-(uintptr_t)start & (uintptr_t)(HUGE_BYTES - 1));
		if (aligned > start)
			munmap(start, (size_t)(aligned - start));
		if (end > aligned + bytes)
			munmap(aligned + bytes, (size_t)(end - aligned - bytes));
		p = aligned;
#ifdef MADV_HUGEPAGE
		madvise(p, (size_t)bytes, MADV_HUGEPAGE);
#endif
	}
	mem->mapping = p;
	mem->mapped = bytes;
	mem->reserved = true;
	return true;
}

/* Makes the first new_bytes of the memory accessible (new_bytes > size).
 * Inside the reservation that is one mprotect; beyond it (fallback mode)
 * a fresh mapping of exactly new_bytes replaces the old one. Pages never
 * touched before read as zero either way. */
static bool commit(wexec_memory *mem, uint64_t new_bytes)
{
	uint8_t *p;

	if (new_bytes > SIZE_MAX)
		return false;
	if (new_bytes <= mem->mapped) {
		uint64_t end = new_bytes;
		if (mem->reserved && new_bytes >= HUGE_FROM)
			end = (new_bytes + HUGE_BYTES - 1) & ~(HUGE_BYTES - 1);
		if (end > mem->mapped)
			end = mem->mapped;
		return mprotect(mem->mapping + mem->size,
		                (size_t)(end - mem->size),
		                PROT_READ | PROT_WRITE) == 0;
	}
	p = mmap(NULL, (size_t)new_bytes, PROT_READ | PROT_WRITE,
	         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return false;
	if (mem->size != 0)
		memcpy(p, mem->mapping, (size_t)mem->size);
	if (mem->reserved)
		atomic_fetch_sub(&reserved_total, mem->mapped);
	mem->reserved = false;
	if (mem->mapping != NULL)
		munmap(mem->mapping, (size_t)mem->mapped);
	mem->mapping = p;
	mem->mapped = new_bytes;
	return true;
}

static void set_size(wexec_memory *mem, uint64_t pages)
{
	mem->size = page_bytes(pages);
	mem->data = pages != 0 ? mem->mapping : NULL;
	mem->type.min = pages;
}

wexec_status wx_memory_init_object(wexec_memory *mem, const wx_limits *type,
                                   uint64_t store_max_pages, wexec_error *err)
{
	/* 2^48 pages would be 2^64 bytes, one past what a size can say. */
	const uint64_t top = type->is64 ? WX_MAX_PAGES64 - 1 : WX_MAX_PAGES;
	uint64_t max = type->has_max ? type->max : top;

	memset(mem, 0, sizeof *mem);
	if (max > top)
		max = top;
	if (store_max_pages != 0 && max > store_max_pages)
		max = store_max_pages;
	mem->type = *type;
	mem->max_pages = max;
	if (type->min > max)
		return wexec_error_set(
		    err, WEXEC_ERR_LIMIT,
		    "memory of %llu pages exceeds the limit of "
		    "%llu pages",
		    (unsigned long long)type->min, (unsigned long long)max);
	/* A 64-bit memory may declare far more than the address space: past
	 * RESERVE_PAGES64 it grows by remapping. */
	reserve(mem, page_bytes(max < RESERVE_PAGES64 ? max : RESERVE_PAGES64));
	if (type->min != 0 && !commit(mem, page_bytes(type->min))) {
		wx_memory_clear(mem);
		return wexec_error_set(err, WEXEC_ERR_NOMEM,
		                       "out of memory allocating %llu pages",
		                       (unsigned long long)type->min);
	}
	set_size(mem, type->min);
	return WEXEC_OK;
}

void wx_memory_clear(wexec_memory *mem)
{
	if (mem->reserved)
		atomic_fetch_sub(&reserved_total, mem->mapped);
	mem->reserved = false;
	if (mem->mapping != NULL)
		munmap(mem->mapping, (size_t)mem->mapped);
	mem->mapping = NULL;
	mem->mapped = 0;
	mem->data = NULL;
	mem->size = 0;
}

int64_t wx_memory_grow(wexec_memory *mem, uint64_t delta_pages)
{
	uint64_t old = mem->size / WX_PAGE_SIZE;

	if (delta_pages > mem->max_pages - old)
		return -1;
	if (delta_pages == 0)
		return (int64_t)old;
	if (!wx_store_charge(mem->store, page_bytes(delta_pages)))
		return -1;
	if (!commit(mem, page_bytes(old + delta_pages))) {
		if (mem->store)
			mem->store->budget_used -= page_bytes(delta_pages);
		return -1;
	}
	set_size(mem, old + delta_pages);
	return (int64_t)old;
}

wexec_trap wx_memory_fill(wexec_memory *mem, uint64_t d, uint8_t val,
                          uint64_t n)
{
	if (!wx_memory_range_ok(mem, d, n))
		return WEXEC_TRAP_MEMORY_OOB;
	if (n != 0)
		memset(mem->data + d, val, (size_t)n);
	return WEXEC_TRAP_NONE;
}

wexec_trap wx_memory_copy(wexec_memory *dst, const wexec_memory *src,
                          uint64_t d, uint64_t s, uint64_t n)
{
	if (!wx_memory_range_ok(dst, d, n) || !wx_memory_range_ok(src, s, n))
		return WEXEC_TRAP_MEMORY_OOB;
	if (n != 0)
		memmove(dst->data + d, src->data + s, (size_t)n);
	return WEXEC_TRAP_NONE;
}

wexec_trap wx_memory_init(wexec_memory *mem, const uint8_t *seg,
                          uint64_t seglen, uint64_t d, uint64_t s, uint64_t n)
{
	if (s > seglen || n > seglen - s || !wx_memory_range_ok(mem, d, n))
		return WEXEC_TRAP_MEMORY_OOB;
	if (n != 0)
		memcpy(mem->data + d, seg + s, (size_t)n);
	return WEXEC_TRAP_NONE;
}
