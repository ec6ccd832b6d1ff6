/*
 * ctx.c - the WASI context (wexec_wasi.h): building it from a
 * config, defining the wasi_snapshot_preview1 imports in a linker, and
 * running a command (_start) or reactor (_initialize). The functions
 * themselves live in misc.c, fd.c, pathops.c and sock.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi.h"

#define STDIN_RIGHTS                                                           \
	(WASI_R_FD_READ | WASI_R_FD_FDSTAT_SET_FLAGS |                         \
	 WASI_R_FD_FILESTAT_GET | WASI_R_POLL_FD_READWRITE | WASI_R_FD_ADVISE)
#define STDOUT_RIGHTS                                                          \
	(WASI_R_FD_WRITE | WASI_R_FD_DATASYNC | WASI_R_FD_SYNC |               \
	 WASI_R_FD_FDSTAT_SET_FLAGS | WASI_R_FD_FILESTAT_GET |                 \
	 WASI_R_POLL_FD_READWRITE | WASI_R_FD_ADVISE)
#define SOCKET_RIGHTS (WASI_R_CONNECTION | WASI_R_SOCK_ACCEPT)

static char *dupstr(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

static char **dupvec(const char *const *v, size_t n, bool *ok)
{
	*ok = true;
	if (n == 0)
		return NULL;
	char **out = calloc(n, sizeof *out);
	if (!out) {
		*ok = false;
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		out[i] = dupstr(v[i] ? v[i] : "");
		if (!out[i])
			*ok = false;
	}
	return out;
}

static void freevec(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

/* A stdio entry for guest fd `fd` (0, 1 or 2). */
static wasi_fd stdio_entry(wexec_wasi *w, int fd, wexec_wasi_stdio mode)
{
	wasi_fd f;
	memset(&f, 0, sizeof f);
	f.host = -1;
	f.base = fd == 0 ? STDIN_RIGHTS : STDOUT_RIGHTS;
	f.filetype = WASI_FILETYPE_CHARACTER_DEVICE;
	if (mode == WEXEC_WASI_STDIO_INHERIT) {
		struct stat st;
		f.kind = WASI_FD_HOST;
		f.host = fd;
		if (fstat(fd, &st) == 0) {
			f.filetype = wasi_filetype_of_mode(st.st_mode);
			f.pipe = S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode);
			if (S_ISREG(st.st_mode))
				f.base |= WASI_R_FD_SEEK | WASI_R_FD_TELL;
		}
	} else if (mode == WEXEC_WASI_STDIO_BUFFER ||
	           (mode == WEXEC_WASI_STDIO_CALLBACK && fd != 0)) {
		f.kind = fd == 0 ? WASI_FD_BUFIN : WASI_FD_BUFOUT;
		/* Not a tty: the guest's libc then buffers fully, which is
		 * what a capture wants. */
		f.filetype = WASI_FILETYPE_UNKNOWN;
		f.stream = fd;
		if (mode == WEXEC_WASI_STDIO_BUFFER)
			f.out = fd == 1 ? &w->out : fd == 2 ? &w->errout : NULL;
	} else {
		f.kind = WASI_FD_NULL;
	}
	return f;
}

/* A filesystem preopen: its mount (kept by the context until it is
 * freed, after every fd) and the root handle, into f. */
static wexec_status fs_root(wexec_wasi *w, const wexec_wasi_preopen *p,
                            wasi_fd *f, wexec_error *err)
{
	const wexec_wasi_fs *ops = p->fs;
	if (!ops->root || !ops->open || !ops->close || !ops->stat)
		return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                       "filesystem for %s lacks root, open, "
		                       "close or stat",
		                       p->guest_path);
	wasi_mount *m = calloc(1, sizeof *m);
	if (!m)
		return wexec_error_set(err, WEXEC_ERR_NOMEM, "out of memory");
	size_t n = ops->size ? ops->size : sizeof m->ops;
	memcpy(&m->ops, ops, n < sizeof m->ops ? n : sizeof m->ops);
	wasi_mount_fill(&m->ops);
	m->fs = p->fs_data;
	m->next = w->mounts;
	w->mounts = m;
	int r = m->ops.root(m->fs, &f->handle);
	if (r)
		return wexec_error_set(err, WEXEC_ERR_IO,
		                       "cannot open filesystem root for %s: %s",
		                       p->guest_path, strerror(r));
	f->kind = WASI_FD_FS;
	f->mount = m;
	return WEXEC_OK;
}

static wexec_status add_preopen(wexec_wasi *w, const wexec_wasi_preopen *p,
                                wexec_error *err)
{
	if ((!p->host_path && !p->fs) || !p->guest_path || !p->guest_path[0])
		return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                       "preopen needs a host path or a "
		                       "filesystem, and a guest path");
	wasi_fd f;
	memset(&f, 0, sizeof f);
	f.host = -1;
	if (p->fs) {
		wexec_status st = fs_root(w, p, &f, err);
		if (st != WEXEC_OK)
			return st;
	} else {
		f.host = open(p->host_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (f.host < 0)
			return wexec_error_set(err, WEXEC_ERR_IO,
			                       "cannot open directory %s: %s",
			                       p->host_path, strerror(errno));
		f.kind = WASI_FD_HOST;
		f.owned = true;
		f.mount = &wasi_host_mount;
		f.handle = (uint64_t)f.host;
	}
	f.filetype = WASI_FILETYPE_DIRECTORY;
	f.base = f.inheriting =
	    WASI_R_ALL & ~(WASI_R_SOCK_ACCEPT | WASI_R_SOCK_SHUTDOWN);
	f.base &= ~WASI_R_FILE_POSITION;
	if (p->read_only) {
		f.base &= ~WASI_R_WRITES;
		f.inheriting &= ~WASI_R_WRITES;
	}
	f.preopen = dupstr(p->guest_path);
	if (!f.preopen) {
		wasi_fd_release(&f);
		return wexec_error_set(err, WEXEC_ERR_NOMEM, "out of memory");
	}
	uint32_t num;
	/* On failure wasi_fd_add has released the entry: fd and name. */
	if (wasi_fd_add(w, &f, &num) != WASI_ESUCCESS)
		return wexec_error_set(err, WEXEC_ERR_NOMEM, "out of memory");
	return WEXEC_OK;
}

static wexec_status add_socket(wexec_wasi *w, int host, wexec_error *err)
{
	wasi_fd f;
	memset(&f, 0, sizeof f);
	f.host = fcntl(host, F_DUPFD_CLOEXEC, 0);
	if (f.host < 0)
		return wexec_error_set(err, WEXEC_ERR_IO,
		                       "cannot use socket fd %d: %s", host,
		                       strerror(errno));
	f.kind = WASI_FD_SOCKET;
	f.owned = true;
	f.filetype = WASI_FILETYPE_SOCKET_STREAM;
	f.base = SOCKET_RIGHTS;
	uint32_t num;
	if (wasi_fd_add(w, &f, &num) != WASI_ESUCCESS)
		return wexec_error_set(err, WEXEC_ERR_NOMEM, "out of memory");
	return WEXEC_OK;
}

void wexec_wasi_config_init(wexec_wasi_config *config)
{
	if (!config)
		return;
	memset(config, 0, sizeof *config);
	config->size = sizeof *config;
}

wexec_status wexec_wasi_new(const wexec_wasi_config *config,
                            WEXEC_OWN wexec_wasi **out, wexec_error *err)
{
	/* The caller's fields; later ones keep their defaults. */
	wexec_wasi_config c;
	wexec_wasi_config_init(&c);
	if (config) {
		size_t n = config->size ? config->size : sizeof c;
		memcpy(&c, config, n < sizeof c ? n : sizeof c);
	}
	const wexec_wasi_config *cfg = &c;
	wexec_status st = WEXEC_ERR_NOMEM;
	bool ok1, ok2;
	if (!out)
		return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                       "%s: out is NULL", __func__);
	*out = NULL;
	wexec_wasi *w = calloc(1, sizeof *w);
	if (!w)
		return wexec_error_set(err, WEXEC_ERR_NOMEM, "out of memory");
	w->argv = dupvec(cfg->argv, cfg->argc, &ok1);
	w->argc = cfg->argc;
	w->env = dupvec(cfg->env, cfg->envc, &ok2);
	w->envc = cfg->envc;
	if (!ok1 || !ok2)
		goto nomem;
	if (cfg->stdin_mode == WEXEC_WASI_STDIO_BUFFER && cfg->stdin_len &&
	    !cfg->stdin_data) {
		st = wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                     "stdin_len is %zu but stdin_data is NULL",
		                     cfg->stdin_len);
		goto fail;
	}
	if (cfg->stdin_mode == WEXEC_WASI_STDIO_BUFFER && cfg->stdin_len) {
		w->stdin_data = malloc(cfg->stdin_len);
		if (!w->stdin_data)
			goto nomem;
		memcpy(w->stdin_data, cfg->stdin_data, cfg->stdin_len);
		w->stdin_len = cfg->stdin_len;
	}
	if (cfg->stdin_mode == WEXEC_WASI_STDIO_CALLBACK) {
		st = wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                     "stdin cannot be "
		                     "WEXEC_WASI_STDIO_CALLBACK (output only)");
		goto fail;
	}
	if (cfg->stdout_mode == WEXEC_WASI_STDIO_CALLBACK ||
	    cfg->stderr_mode == WEXEC_WASI_STDIO_CALLBACK) {
		if (!cfg->output) {
			st = wexec_error_set(
			    err, WEXEC_ERR_ARGUMENT,
			    "WEXEC_WASI_STDIO_CALLBACK needs config->output");
			goto fail;
		}
		w->output = cfg->output;
		w->output_user = cfg->output_user;
	}
	w->trace = cfg->trace;
	w->trace_user = cfg->trace_user;
	w->deterministic = cfg->deterministic;
	wasi_prng_seed(w->rng, cfg->seed);
	wexec_wasi_stdio modes[3] = {cfg->stdin_mode, cfg->stdout_mode,
	                             cfg->stderr_mode};
	for (int fd = 0; fd < 3; fd++) {
		wasi_fd f = stdio_entry(w, fd, modes[fd]);
		uint32_t num;
		if (wasi_fd_add(w, &f, &num) != WASI_ESUCCESS)
			goto nomem;
	}
	for (size_t i = 0; i < cfg->npreopens; i++)
		if ((st = add_preopen(w, &cfg->preopens[i], err)) != WEXEC_OK)
			goto fail;
	for (size_t i = 0; i < cfg->nlisten_fds; i++)
		if ((st = add_socket(w, cfg->listen_fds[i], err)) != WEXEC_OK)
			goto fail;
	*out = w;
	return WEXEC_OK;
nomem:
	st = wexec_error_set(err, WEXEC_ERR_NOMEM, "out of memory");
fail:
	wexec_wasi_free(w);
	return st;
}

void wexec_wasi_free(WEXEC_OWN wexec_wasi *w)
{
	if (!w)
		return;
	for (uint32_t i = 0; i < w->nfds; i++)
		if (w->fds[i].kind != WASI_FD_FREE)
			wasi_fd_release(&w->fds[i]);
	free(w->fds);
	while (w->mounts) {
		wasi_mount *next = w->mounts->next;
		free(w->mounts);
		w->mounts = next;
	}
	freevec(w->argv, w->argc);
	freevec(w->env, w->envc);
	free(w->stdin_data);
	free(w->out.data);
	free(w->errout.data);
	free(w->bindings);
	free(w);
}

/* The host function behind every import: fetches the caller's memory,
 * runs the body and turns its errno into the i32 result. */
static wexec_status dispatch(wexec_instance *caller, void *user,
                             const wexec_val *args, wexec_val *results,
                             wexec_error *err)
{
	struct wasi_binding *b = user;
	wasi_call c;
	memset(&c, 0, sizeof c);
	c.wasi = b->wasi;
	c.err = err;
	wexec_wasi *w = b->wasi;
	if (caller != w->mem_owner) {
		w->mem_owner = caller;
		w->mem =
		    caller ? wexec_instance_memory(caller, "memory") : NULL;
	}
	wexec_memory *m = w->mem;
	if (m) {
		c.mem = wexec_memory_data(m);
		c.mem_size = wexec_memory_size(m);
	}
	wasi_errno e = b->func->impl(&c, args);
	if (w->trace)
		wasi_trace_call(&c, b->func, args, e);
	if (c.status != WEXEC_OK)
		return c.status;
	if (b->func->returns_errno)
		results[0] = wexec_val_i32(e);
	return WEXEC_OK;
}

static const wasi_func *const tables[] = {
    wasi_funcs_misc,
    wasi_funcs_fd,
    wasi_funcs_path,
    wasi_funcs_sock,
};

/* WEXEC_ERR_ARGUMENT for a NULL argument, worded as libwexec's own. */
static wexec_status null_arg(wexec_error *err, const char *fn,
                             const char *arg)
{
	return wexec_error_set(err, WEXEC_ERR_ARGUMENT, "%s: %s is NULL", fn,
	                       arg);
}

wexec_status wexec_wasi_link(wexec_wasi *w, wexec_linker *linker,
                             wexec_error *err)
{
	if (!w)
		return null_arg(err, __func__, "wasi");
	if (!linker)
		return null_arg(err, __func__, "linker");
	size_t n = 0;
	for (size_t t = 0; t < sizeof tables / sizeof *tables; t++)
		for (const wasi_func *f = tables[t]; f->name; f++)
			n++;
	if (!w->bindings) {
		w->bindings = calloc(n, sizeof *w->bindings);
		if (!w->bindings)
			return wexec_error_set(err, WEXEC_ERR_NOMEM,
			                       "out of memory");
	}
	static const wexec_valtype i32res[1] = {WEXEC_I32};
	size_t k = 0;
	/* A new linker may mean a new store, whose instances can reuse the
	 * addresses of freed ones: forget the cached caller. */
	w->mem_owner = NULL;
	w->mem = NULL;
	for (size_t t = 0; t < sizeof tables / sizeof *tables; t++) {
		for (const wasi_func *f = tables[t]; f->name; f++, k++) {
			wexec_valtype params[16];
			uint32_t np = 0;
			for (const char *p = f->params; *p && np < 16; p++)
				params[np++] =
				    *p == 'I' ? WEXEC_I64 : WEXEC_I32;
			wexec_functype type = {params, np, i32res,
			                       f->returns_errno ? 1u : 0u};
			w->bindings[k].wasi = w;
			w->bindings[k].func = f;
			wexec_status st = wexec_linker_define_func(
			    linker, "wasi_snapshot_preview1", f->name, &type,
			    dispatch, &w->bindings[k], err);
			if (st != WEXEC_OK)
				return st;
		}
	}
	return WEXEC_OK;
}

/* ---------------------------------------------------------------- commands
 * The WASI application ABI (legacy/application-abi.md): a command exports
 * a function `_start` of type [] -> [], which the host calls once. These
 * are the only places that know it. */

static wexec_status no_start(wexec_error *err)
{
	return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
	                       "module exports no _start function");
}

static wexec_status check_start_type(const wexec_functype *type,
                                     wexec_error *err)
{
	if (type->nparams == 0 && type->nresults == 0)
		return WEXEC_OK;
	return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
	                       "_start must take no parameters and return no "
	                       "results");
}

/* The module's function export `_start`, into *out; false if none. */
static bool find_start(const wexec_module *module, wexec_export_desc *out)
{
	size_t n = wexec_module_export_count(module);
	for (size_t i = 0; i < n; i++)
		if (wexec_module_export(module, i, out) &&
		    out->type.kind == WEXEC_EXTERN_FUNC && out->name_len == 6 &&
		    memcmp(out->name, "_start", 6) == 0)
			return true;
	return false;
}

bool wexec_wasi_is_command(const wexec_module *module)
{
	wexec_export_desc d;
	return module && find_start(module, &d);
}

wexec_status wexec_wasi_check_command(const wexec_module *module,
                                      wexec_error *err)
{
	wexec_export_desc d;
	if (!module)
		return null_arg(err, __func__, "module");
	if (!find_start(module, &d))
		return no_start(err);
	return check_start_type(&d.type.func, err);
}

wexec_status wexec_wasi_run_start(wexec_wasi *w, wexec_instance *instance,
                                  int *exit_code, wexec_error *err)
{
	if (!exit_code)
		return null_arg(err, __func__, "exit_code");
	*exit_code = WEXEC_WASI_EXIT_TRAP;
	if (!w)
		return null_arg(err, __func__, "wasi");
	if (!instance)
		return null_arg(err, __func__, "instance");
	wexec_func *start = wexec_instance_func(instance, "_start");
	if (!start)
		return no_start(err);
	wexec_functype type;
	wexec_func_type(start, &type);
	wexec_status st = check_start_type(&type, err);
	if (st != WEXEC_OK)
		return st;
	w->exited = false;
	st = wexec_func_call(start, NULL, 0, NULL, 0, err);
	if (st == WEXEC_OK) {
		*exit_code = 0;
	} else if (st == WEXEC_ERR_EXIT || w->exited) {
		/* The context's own record is authoritative: err may be NULL
		 * or may not have been the record the exit was written to. */
		*exit_code =
		    w->exited ? w->exit_code : (err ? err->exit_code : 1);
		if (err && err->status == WEXEC_ERR_EXIT)
			wexec_error_clear(err);
		st = WEXEC_OK;
	}
	return st;
}

wexec_status wexec_wasi_initialize(wexec_wasi *w, wexec_instance *instance,
                                   wexec_error *err)
{
	if (!w)
		return null_arg(err, __func__, "wasi");
	if (!instance)
		return null_arg(err, __func__, "instance");
	wexec_func *init = wexec_instance_func(instance, "_initialize");
	if (!init)
		return WEXEC_OK;
	w->exited = false;
	return wexec_func_call(init, NULL, 0, NULL, 0, err);
}

const uint8_t *wexec_wasi_stdout(const wexec_wasi *w, size_t *len)
{
	if (!w || !len) {
		if (len)
			*len = 0;
		return NULL;
	}
	*len = w->out.len;
	return w->out.len ? w->out.data : NULL;
}

const uint8_t *wexec_wasi_stderr(const wexec_wasi *w, size_t *len)
{
	if (!w || !len) {
		if (len)
			*len = 0;
		return NULL;
	}
	*len = w->errout.len;
	return w->errout.len ? w->errout.data : NULL;
}

void wexec_wasi_clear_output(wexec_wasi *w)
{
	if (!w)
		return;
	free(w->out.data);
	free(w->errout.data);
	memset(&w->out, 0, sizeof w->out);
	memset(&w->errout, 0, sizeof w->errout);
}

wexec_status wexec_wasi_listen_tcp(const char *hostport, int *fd,
                                   wexec_error *err)
{
	char host[256];
	if (!fd)
		return null_arg(err, __func__, "fd");
	*fd = -1;
	if (!hostport)
		return null_arg(err, __func__, "hostport");
	const char *colon = strrchr(hostport, ':');
	if (!colon || !colon[1] || (size_t)(colon - hostport) >= sizeof host)
		return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                       "expected HOST:PORT, got '%s'",
		                       hostport);
	/* The port is a number, 0 (the kernel picks a free one) to 65535:
	 * getaddrinfo() would take a service name, and keep only the low
	 * 16 bits of a larger number (99999 would listen on 34463). */
	const char *port = colon + 1;
	size_t plen = strspn(port, "0123456789");
	if (port[plen] != '\0' || plen > 5 || atol(port) > 65535)
		return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                       "bad port '%s' in '%s' (0 to 65535)",
		                       port, hostport);
	const char *h = hostport;
	size_t hlen = (size_t)(colon - hostport);
	if (hlen >= 2 && h[0] == '[' && h[hlen - 1] == ']') {
		h++;
		hlen -= 2;
	}
	memcpy(host, h, hlen);
	host[hlen] = 0;
	struct addrinfo hints, *res = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	int rc = getaddrinfo(hlen ? host : NULL, colon + 1, &hints, &res);
	if (rc != 0)
		return wexec_error_set(err, WEXEC_ERR_ARGUMENT, "%s: %s",
		                       hostport, gai_strerror(rc));
	int s = -1, saved = 0;
	for (struct addrinfo *a = res; a; a = a->ai_next) {
		s = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC,
		           a->ai_protocol);
		if (s < 0) {
			saved = errno;
			continue;
		}
		int one = 1;
		setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (bind(s, a->ai_addr, a->ai_addrlen) == 0 &&
		    listen(s, 128) == 0)
			break;
		saved = errno;
		close(s);
		s = -1;
	}
	freeaddrinfo(res);
	if (s < 0)
		return wexec_error_set(err, WEXEC_ERR_IO,
		                       "cannot listen on %s: %s", hostport,
		                       strerror(saved));
	*fd = s;
	return WEXEC_OK;
}

wexec_status wexec_wasi_run(const uint8_t *bytes, size_t len,
                            const wexec_wasi_config *config,
                            const wexec_config *store_config,
                            wexec_wasi_result *out, wexec_error *err)
{
	wexec_module *module = NULL;
	wexec_store *store = NULL;
	wexec_linker *linker = NULL;
	wexec_wasi *w = NULL;
	wexec_instance *inst = NULL;
	wexec_status st;
	if (!out)
		return null_arg(err, __func__, "out");
	memset(out, 0, sizeof *out);
	if ((st = wexec_module_new(bytes, len, &module, err)) != WEXEC_OK)
		goto done;
	store = wexec_store_new(store_config);
	linker = store ? wexec_linker_new(store) : NULL;
	if (!linker) {
		st = wexec_error_set(err, WEXEC_ERR_NOMEM, "out of memory");
		goto done;
	}
	/* Not a command: refused before its start function runs. */
	if ((st = wexec_wasi_check_command(module, err)) != WEXEC_OK ||
	    (st = wexec_wasi_new(config, &w, err)) != WEXEC_OK ||
	    (st = wexec_wasi_link(w, linker, err)) != WEXEC_OK)
		goto done;
	st = wexec_linker_instantiate(linker, module, &inst, err);
	if (st == WEXEC_OK)
		st = wexec_wasi_run_start(w, inst, &out->exit_code, err);
	else if (st == WEXEC_ERR_TRAP)
		out->exit_code = WEXEC_WASI_EXIT_TRAP;
	else if (st == WEXEC_ERR_EXIT && w->exited) /* exit in a start func */
		out->exit_code = w->exit_code, st = WEXEC_OK;
	if (st == WEXEC_OK || st == WEXEC_ERR_TRAP) {
		/* Hand the capture buffers over instead of copying them. */
		out->stdout_data = w->out.data;
		out->stdout_len = w->out.len;
		out->stderr_data = w->errout.data;
		out->stderr_len = w->errout.len;
		memset(&w->out, 0, sizeof w->out);
		memset(&w->errout, 0, sizeof w->errout);
	}
done:
	if (linker)
		wexec_linker_free(linker);
	if (store)
		wexec_store_free(store);
	wexec_wasi_free(w);
	if (module)
		wexec_module_free(module);
	return st;
}

void wexec_wasi_result_free(wexec_wasi_result *r)
{
	if (!r)
		return;
	free(r->stdout_data);
	free(r->stderr_data);
	memset(r, 0, sizeof *r);
}
