/*
 * call_bytes.c - wexec_call_bytes: bytes in, bytes out, through a guest's
 * own allocator (docs/call-bytes.md). Built on the public interface alone
 * (spec: appendix/embedding.rst, "Functions" and "Memories"), as an
 * embedder would write it: calls go through wexec_func_call and guest
 * memory through the bounds-checked wexec_memory_read and _write.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "wexec.h"

static const wexec_valtype i32_i32[] = {WEXEC_I32, WEXEC_I32};
static const wexec_valtype i64_only[] = {WEXEC_I64};

static bool types_equal(const wexec_valtype *a, uint32_t na,
                        const wexec_valtype *b, uint32_t nb)
{
	return na == nb && (na == 0 || memcmp(a, b, na * sizeof *a) == 0);
}

/* The exported function `name` when it has the type `want`. */
static wexec_status export_func(wexec_instance *inst, const char *name,
                                const wexec_functype *want, const char *shape,
                                wexec_func **out, wexec_error *err)
{
	wexec_functype ft;
	wexec_func *f = wexec_instance_func(inst, name);
	if (!f)
		return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                       "call_bytes: no exported function '%s'",
		                       name);
	wexec_func_type(f, &ft);
	if (!types_equal(ft.params, ft.nparams, want->params, want->nparams) ||
	    !types_equal(ft.results, ft.nresults, want->results,
	                 want->nresults))
		return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                       "call_bytes: export '%s' must have type %s",
		                       name, shape);
	*out = f;
	return WEXEC_OK;
}

/* Whether [ptr, ptr + len) lies inside the memory, in 64 bits so that
 * no sum wraps. */
static wexec_status check_span(const wexec_memory *mem, const char *what,
                               uint32_t ptr, uint32_t len, wexec_error *err)
{
	uint64_t size = wexec_memory_size(mem);
	if ((uint64_t)ptr + len <= size)
		return WEXEC_OK;
	return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
	                       "call_bytes: %s (ptr %" PRIu32 ", len %" PRIu32
	                       ") lies outside the guest's memory (%" PRIu64
	                       " bytes)",
	                       what, ptr, len, size);
}

static wexec_status call_dealloc(wexec_func *dealloc, uint32_t ptr,
                                 uint32_t len, wexec_error *err)
{
	wexec_val args[2] = {wexec_val_i32((int32_t)ptr),
	                     wexec_val_i32((int32_t)len)};
	if (!dealloc || len == 0)
		return WEXEC_OK;
	return wexec_func_call(dealloc, args, 2, NULL, 0, err);
}

/* Puts the input into guest memory: alloc(len), then a copy. An empty
 * input is (0, 0) and allocates nothing. */
static wexec_status pass_input(wexec_func *alloc, wexec_memory *mem,
                               const uint8_t *in, uint32_t len, uint32_t *ptr,
                               wexec_error *err)
{
	wexec_val arg = wexec_val_i32((int32_t)len), res;
	wexec_status s;
	*ptr = 0;
	if (len == 0)
		return WEXEC_OK;
	if ((s = wexec_func_call(alloc, &arg, 1, &res, 1, err)))
		return s;
	*ptr = (uint32_t)res.of.i32;
	if (*ptr == 0)
		return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                       "call_bytes: alloc(%" PRIu32
		                       ") returned 0 (the guest is out of "
		                       "memory)",
		                       len);
	if (check_span(mem, "alloc's block", *ptr, len, err))
		return WEXEC_ERR_ARGUMENT;
	return wexec_memory_write(mem, *ptr, in, len, err);
}

wexec_status wexec_call_bytes(wexec_instance *inst, const char *name,
                              const uint8_t *in, size_t in_len, uint8_t **out,
                              size_t *out_len, wexec_error *err)
{
	static const wexec_functype alloc_type = {i32_i32, 1, i32_i32, 1};
	static const wexec_functype dealloc_type = {i32_i32, 2, NULL, 0};
	static const wexec_functype call_type = {i32_i32, 2, i64_only, 1};
	wexec_func *alloc, *dealloc = NULL, *f;
	wexec_memory *mem;
	wexec_val args[2], res;
	uint32_t in_ptr = 0, out_ptr, len;
	uint8_t *buf = NULL;
	wexec_status s;

	if (out)
		*out = NULL;
	if (out_len)
		*out_len = 0;
	if (!inst || !name || !out || !out_len || (!in && in_len))
		return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                       "wexec_call_bytes: %s is NULL",
		                       !inst          ? "instance"
		                       : !name        ? "name"
		                       : !out         ? "out"
		                       : !out_len     ? "out_len"
		                                      : "in");
	if (in_len > UINT32_MAX)
		return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                       "call_bytes: input of %zu bytes exceeds "
		                       "a 32-bit length",
		                       in_len);
	mem = wexec_instance_memory(inst, "memory");
	if (!mem)
		return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                       "call_bytes: no exported memory 'memory'");
	if ((s = export_func(inst, "alloc", &alloc_type, "(i32) -> i32",
	                     &alloc, err)) ||
	    (s = export_func(inst, name, &call_type, "(i32, i32) -> i64", &f,
	                     err)))
		return s;
	if (wexec_instance_func(inst, "dealloc") &&
	    (s = export_func(inst, "dealloc", &dealloc_type,
	                     "(i32, i32) -> ()", &dealloc, err)))
		return s;

	if ((s = pass_input(alloc, mem, in, (uint32_t)in_len, &in_ptr, err)))
		goto fail;
	args[0] = wexec_val_i32((int32_t)in_ptr);
	args[1] = wexec_val_i32((int32_t)in_len);
	if ((s = wexec_func_call(f, args, 2, &res, 1, err)))
		goto fail;
	/* The high half is the pointer, the low half the length. */
	out_ptr = (uint32_t)((uint64_t)res.of.i64 >> 32);
	len = (uint32_t)res.of.i64;
	if (len) {
		if ((s = check_span(mem, "the output", out_ptr, len, err)))
			goto fail;
		buf = malloc(len);
		if (!buf) {
			s = wexec_error_set(err, WEXEC_ERR_NOMEM,
			                    "out of memory");
			/* The guest gets its output block back too; a dealloc
			 * that traps is run no more. */
			if (call_dealloc(dealloc, out_ptr, len, NULL))
				in_ptr = 0;
			goto fail;
		}
		if ((s = wexec_memory_read(mem, out_ptr, buf, len, err)) ||
		    (s = call_dealloc(dealloc, out_ptr, len, err)))
			goto fail;
	}
	if ((s = call_dealloc(dealloc, in_ptr, (uint32_t)in_len, err))) {
		in_ptr = 0; /* not twice */
		goto fail;
	}
	*out = buf;
	*out_len = len;
	return WEXEC_OK;
fail:
	free(buf);
	/* A guest that broke the contract without trapping gets its input
	 * block back; after a trap or an exit its code runs no more, as its
	 * allocator may have stopped halfway. The first error stays. */
	if (in_ptr && s != WEXEC_ERR_TRAP && s != WEXEC_ERR_EXIT)
		call_dealloc(dealloc, in_ptr, (uint32_t)in_len, NULL);
	return s;
}
