/* SPDX-License-Identifier: MIT */
/*
 * mock_script.c: the strict, cmocka-expectation driven mode of the wrapped
 * system calls. See mock_script.h.
 *
 * Two queues work together. The call queue below (kind, ioctl request and
 * a description per expected call) lets a wrapper reject a call that is
 * not the next one expected at once, with a message naming both. The
 * cmocka queues (expect_*() / will_return() on the sx_* functions) then
 * check the call's arguments and provide its result.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <xf86drm.h>

#include <cmocka.h>

#include "mock_script.h"

#define SX_MAX_CALLS 1024
#define SX_MAX_RETS 256
#define SX_MAX_FDS 64
#define SX_MAX_MAPS 32
#define SX_MAX_INFOS 64
#define SX_MAX_NAMES 128

enum sx_kind {
	SX_OPEN = 1,
	SX_CLOSE,
	SX_IOCTL,
	SX_MMAP,
	SX_MUNMAP,
	SX_OPENDIR,
	SX_READDIR,
	SX_CLOSEDIR,
};

struct sx_call {
	enum sx_kind kind;
	unsigned long req;
	char what[112];
};

/* What the "kernel" writes back on success (one per expected ioctl). */
struct sx_ret {
	uint64_t v[3];
	char str[64];
	struct sx_invoke inv;
	uint8_t out[SX_MAX_ARGS][SX_MAX_DATA];
};

struct sx_map {
	bool used;
	int fd;
	uint64_t off;
	void *addr;
	size_t len;
};

struct sx_info {
	int fd;
	uint32_t handle;
	uint64_t off;
};

struct sx_dir {
	char path[64];
	struct dirent de;
};

static struct {
	bool active;
	struct sx_call calls[SX_MAX_CALLS];
	unsigned int head, tail;
	struct sx_ret rets[SX_MAX_RETS];
	unsigned int nrets;
	int fds[SX_MAX_FDS];
	unsigned int nfds;
	struct sx_map maps[SX_MAX_MAPS];
	struct sx_info infos[SX_MAX_INFOS];
	unsigned int ninfos;
	char names[SX_MAX_NAMES][sizeof(((struct dirent *)0)->d_name)];
	unsigned int nnames;
	unsigned int open_dirs;
} sx;

static const char *ioctl_name(unsigned long req)
{
	switch (req) {
	case DRM_IOCTL_VERSION: return "DRM_IOCTL_VERSION";
	case DRM_IOCTL_GEM_CLOSE: return "DRM_IOCTL_GEM_CLOSE";
	case DRM_IOCTL_PRIME_HANDLE_TO_FD: return "DRM_IOCTL_PRIME_HANDLE_TO_FD";
	case DRM_IOCTL_PRIME_FD_TO_HANDLE: return "DRM_IOCTL_PRIME_FD_TO_HANDLE";
	case DRM_IOCTL_QDA_QUERY: return "DRM_IOCTL_QDA_QUERY";
	case DRM_IOCTL_QDA_GEM_CREATE: return "DRM_IOCTL_QDA_GEM_CREATE";
	case DRM_IOCTL_QDA_GEM_INFO: return "DRM_IOCTL_QDA_GEM_INFO";
	case DRM_IOCTL_QDA_PROC_CREATE: return "DRM_IOCTL_QDA_PROC_CREATE";
	case DRM_IOCTL_QDA_PROC_ATTACH: return "DRM_IOCTL_QDA_PROC_ATTACH";
	case DRM_IOCTL_QDA_INVOKE: return "DRM_IOCTL_QDA_INVOKE";
	case DRM_IOCTL_QDA_MAP: return "DRM_IOCTL_QDA_MAP";
	case DRM_IOCTL_QDA_UNMAP: return "DRM_IOCTL_QDA_UNMAP";
	default: return "unknown ioctl";
	}
}

/* ---- the call queue ------------------------------------------------------ */

static void sx_push(enum sx_kind kind, unsigned long req, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void sx_push(enum sx_kind kind, unsigned long req, const char *fmt, ...)
{
	struct sx_call *c;
	va_list ap;

	if (sx.tail == SX_MAX_CALLS)
		fail_msg("mock_script: too many expected calls");
	c = &sx.calls[sx.tail++];
	c->kind = kind;
	c->req = req;
	va_start(ap, fmt);
	vsnprintf(c->what, sizeof(c->what), fmt, ap);
	va_end(ap);
}

/* Accept the call described by @desc if it is the next one expected. */
static void sx_pop(enum sx_kind kind, unsigned long req, const char *desc)
{
	const struct sx_call *c;

	if (sx.head == sx.tail)
		fail_msg("unexpected system call %s: no more calls expected", desc);
	c = &sx.calls[sx.head];
	if (c->kind != kind || (kind == SX_IOCTL && c->req != req))
		fail_msg("unexpected system call %s: expected %s (call #%u)",
			 desc, c->what, sx.head + 1);
	sx.head++;
}

static struct sx_ret *sx_ret_new(void)
{
	struct sx_ret *r;

	if (sx.nrets == SX_MAX_RETS)
		fail_msg("mock_script: too many expected ioctls");
	r = &sx.rets[sx.nrets++];
	memset(r, 0, sizeof(*r));
	return r;
}

static void sx_fd_add(int fd)
{
	if (sx.nfds == SX_MAX_FDS)
		fail_msg("mock_script: too many open fds");
	sx.fds[sx.nfds++] = fd;
}

static bool sx_fd_del(int fd)
{
	unsigned int i;

	for (i = 0; i < sx.nfds; i++)
		if (sx.fds[i] == fd) {
			sx.fds[i] = sx.fds[--sx.nfds];
			return true;
		}
	return false;
}

static bool sx_fd_open(int fd)
{
	unsigned int i;

	for (i = 0; i < sx.nfds; i++)
		if (sx.fds[i] == fd)
			return true;
	return false;
}

/* Forget what is known about the BOs of @fd (closed file or handle). */
static void sx_info_forget(int fd, uint32_t handle, bool all)
{
	unsigned int i = 0;

	while (i < sx.ninfos) {
		if (sx.infos[i].fd == fd && (all || sx.infos[i].handle == handle))
			sx.infos[i] = sx.infos[--sx.ninfos];
		else
			i++;
	}
}

/* The CPU address of (@fd, @handle, @offset, @len), or fail. */
static uint8_t *sx_slice(int fd, uint32_t handle, uint64_t offset,
			 uint64_t len)
{
	unsigned int i, j;

	for (i = 0; i < sx.ninfos; i++) {
		if (sx.infos[i].fd != fd || sx.infos[i].handle != handle)
			continue;
		for (j = 0; j < SX_MAX_MAPS; j++) {
			const struct sx_map *m = &sx.maps[j];

			if (m->used && m->fd == fd && m->off == sx.infos[i].off) {
				if (offset > m->len || len > m->len - offset)
					fail_msg("mock_script: slice %llu+%llu of BO %u "
						 "is outside its mapping",
						 (unsigned long long)offset,
						 (unsigned long long)len, handle);
				return (uint8_t *)m->addr + offset;
			}
		}
	}
	fail_msg("mock_script: BO %u of fd %d is not CPU-mapped", handle, fd);
	return NULL;
}

/* ---- control ------------------------------------------------------------- */

void sx_begin(void)
{
	unsigned int i;

	for (i = 0; i < SX_MAX_MAPS; i++)
		free(sx.maps[i].addr);
	memset(&sx, 0, sizeof(sx));
	sx.active = true;
}

bool sx_active(void)
{
	return sx.active;
}

void sx_end(void)
{
	unsigned int i;

	if (!sx.active)
		return;
	sx.active = false;
	if (sx.head != sx.tail)
		fail_msg("expected system call %s (call #%u) was not made",
			 sx.calls[sx.head].what, sx.head + 1);
	for (i = 0; i < sx.nfds; i++)
		fail_msg("fd %d leaked (opened, never closed)", sx.fds[i]);
	for (i = 0; i < SX_MAX_MAPS; i++)
		if (sx.maps[i].used)
			fail_msg("mapping of fd %d offset 0x%llx leaked",
				 sx.maps[i].fd,
				 (unsigned long long)sx.maps[i].off);
	if (sx.open_dirs)
		fail_msg("%u directory streams leaked", sx.open_dirs);
}

unsigned int sx_open_fds(void)
{
	return sx.nfds;
}

unsigned int sx_maps(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < SX_MAX_MAPS; i++)
		n += sx.maps[i].used;
	return n;
}

/* ---- expectations: files, memory, directories --------------------------- */

void sx_expect_open(const char *path, int flags, int ret)
{
	sx_push(SX_OPEN, 0, "open(\"%s\", 0x%x)", path, flags);
	expect_string(sx_open, path, path);
	expect_value(sx_open, flags, flags);
	will_return(sx_open, ret);
}

void sx_expect_close(int fd)
{
	sx_push(SX_CLOSE, 0, "close(%d)", fd);
	expect_value(sx_close, fd, fd);
}

void sx_expect_scan(const char *dir, int err, const char *const *names)
{
	static const char *const dots[] = { ".", ".." };
	unsigned int i;

	sx_push(SX_OPENDIR, 0, "opendir(\"%s\")", dir);
	expect_string(sx_opendir, path, dir);
	will_return(sx_opendir, err);
	if (err)
		return;
	for (i = 0; i < 2; i++) {
		sx_push(SX_READDIR, 0, "readdir(\"%s\") -> %s", dir, dots[i]);
		will_return(sx_readdir, dots[i]);
	}
	for (i = 0; names && names[i]; i++) {
		if (sx.nnames == SX_MAX_NAMES)
			fail_msg("mock_script: too many directory entries");
		snprintf(sx.names[sx.nnames], sizeof(sx.names[0]), "%s",
			 names[i]);
		sx_push(SX_READDIR, 0, "readdir(\"%s\") -> %s", dir, names[i]);
		will_return(sx_readdir, sx.names[sx.nnames]);
		sx.nnames++;
	}
	sx_push(SX_READDIR, 0, "readdir(\"%s\") -> end", dir);
	will_return(sx_readdir, NULL);
	sx_push(SX_CLOSEDIR, 0, "closedir(\"%s\")", dir);
}

void sx_expect_mmap(int fd, size_t len, uint64_t offset, int err)
{
	sx_push(SX_MMAP, 0, "mmap(fd %d, len %zu, offset 0x%llx)", fd, len,
		(unsigned long long)offset);
	expect_value(sx_mmap, fd, fd);
	expect_value(sx_mmap, len, len);
	expect_value(sx_mmap, prot, PROT_READ | PROT_WRITE);
	expect_value(sx_mmap, flags, MAP_SHARED);
	expect_value(sx_mmap, off, offset);
	will_return(sx_mmap, err);
}

void sx_expect_munmap(int fd, uint64_t offset, size_t len)
{
	sx_push(SX_MUNMAP, 0, "munmap(fd %d offset 0x%llx, len %zu)", fd,
		(unsigned long long)offset, len);
	expect_value(sx_munmap, fd, fd);
	expect_value(sx_munmap, off, offset);
	expect_value(sx_munmap, len, len);
}

/* ---- expectations: ioctls ------------------------------------------------ */

static void sx_push_ioctl(int fd, unsigned long req, int err, struct sx_ret *r)
{
	sx_push(SX_IOCTL, req, "ioctl(%d, %s) -> %s", fd, ioctl_name(req),
		err ? strerrorname_np(err) : "0");
	expect_value(sx_ioctl, fd, fd);
	expect_value(sx_ioctl, request, req);
	will_return(sx_ioctl, err);
	will_return(sx_ioctl, r);
}

void sx_expect_version(int fd, const char *name, int err)
{
	struct sx_ret *r = sx_ret_new();

	snprintf(r->str, sizeof(r->str), "%s", name);
	sx_push_ioctl(fd, DRM_IOCTL_VERSION, err, r);
}

void sx_expect_query(int fd, uint32_t param, uint32_t index, uint64_t value,
		     int err)
{
	struct sx_ret *r = sx_ret_new();

	r->v[0] = value;
	sx_push_ioctl(fd, DRM_IOCTL_QDA_QUERY, err, r);
	expect_value(sx_ioctl, param, param);
	expect_value(sx_ioctl, index, index);
}

void sx_expect_query_name(int fd, uint32_t size, const char *name, int err)
{
	struct sx_ret *r = sx_ret_new();

	snprintf(r->str, sizeof(r->str), "%s", name);
	r->v[0] = strlen(name);
	sx_push_ioctl(fd, DRM_IOCTL_QDA_QUERY, err, r);
	expect_value(sx_ioctl, param, DRM_QDA_PARAM_DOMAIN_NAME);
	expect_value(sx_ioctl, index, 0);
	expect_value(sx_ioctl, data_size, size);
}

void sx_expect_gem_create(int fd, uint64_t size, uint32_t handle, int err)
{
	struct sx_ret *r = sx_ret_new();

	r->v[0] = handle;
	sx_push_ioctl(fd, DRM_IOCTL_QDA_GEM_CREATE, err, r);
	expect_value(sx_ioctl, size, size);
	expect_value(sx_ioctl, flags, 0);
}

void sx_expect_gem_info(int fd, uint32_t handle, uint64_t size,
			uint64_t mmap_offset, uint32_t info_flags, int err)
{
	struct sx_ret *r = sx_ret_new();

	r->v[0] = size;
	r->v[1] = mmap_offset;
	r->v[2] = info_flags;
	sx_push_ioctl(fd, DRM_IOCTL_QDA_GEM_INFO, err, r);
	expect_value(sx_ioctl, handle, handle);
}

void sx_expect_gem_close(int fd, uint32_t handle, int err)
{
	sx_push_ioctl(fd, DRM_IOCTL_GEM_CLOSE, err, sx_ret_new());
	expect_value(sx_ioctl, handle, handle);
}

void sx_expect_proc_create(int fd, const char *name, uint32_t flags,
			   uint32_t shell_handle, uint64_t shell_offset,
			   uint64_t shell_size, int err)
{
	sx_push_ioctl(fd, DRM_IOCTL_QDA_PROC_CREATE, err, sx_ret_new());
	expect_value(sx_ioctl, name_len, strlen(name));
	expect_memory(sx_ioctl, name, name, strlen(name));
	expect_value(sx_ioctl, flags, flags);
	expect_value(sx_ioctl, handle, shell_handle);
	expect_value(sx_ioctl, offset, shell_offset);
	expect_value(sx_ioctl, size, shell_size);
}

void sx_expect_proc_attach(int fd, uint32_t pd, int err)
{
	sx_push_ioctl(fd, DRM_IOCTL_QDA_PROC_ATTACH, err, sx_ret_new());
	expect_value(sx_ioctl, pd, pd);
	expect_value(sx_ioctl, flags, 0);
}

void sx_expect_prime_to_fd(int fd, uint32_t handle, uint32_t flags,
			   int dmabuf, int err)
{
	struct sx_ret *r = sx_ret_new();

	r->v[0] = (uint64_t)(int64_t)dmabuf;
	sx_push_ioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, err, r);
	expect_value(sx_ioctl, handle, handle);
	expect_value(sx_ioctl, flags, flags);
}

void sx_expect_prime_to_handle(int fd, int dmabuf, uint32_t handle, int err)
{
	struct sx_ret *r = sx_ret_new();

	r->v[0] = handle;
	sx_push_ioctl(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, err, r);
	expect_value(sx_ioctl, dmabuf, dmabuf);
	expect_value(sx_ioctl, flags, 0);
}

void sx_expect_map(int fd, uint32_t handle, uint64_t offset, uint64_t length,
		   uint32_t flags, uint64_t dsp_addr, int err)
{
	struct sx_ret *r = sx_ret_new();

	r->v[0] = dsp_addr;
	sx_push_ioctl(fd, DRM_IOCTL_QDA_MAP, err, r);
	expect_value(sx_ioctl, handle, handle);
	expect_value(sx_ioctl, offset, offset);
	expect_value(sx_ioctl, length, length);
	expect_value(sx_ioctl, flags, flags);
}

void sx_expect_unmap(int fd, uint64_t dsp_addr, int err)
{
	sx_push_ioctl(fd, DRM_IOCTL_QDA_UNMAP, err, sx_ret_new());
	expect_value(sx_ioctl, dsp_addr, dsp_addr);
}

void sx_expect_invoke(const struct sx_invoke *e)
{
	struct sx_ret *r = sx_ret_new();
	uint32_t i;

	if (e->num_args > SX_MAX_ARGS)
		fail_msg("mock_script: too many invoke arguments");
	r->inv = *e;
	for (i = 0; i < e->num_args; i++) {
		if (e->set_len[i] && e->out_data[i]) {
			if (e->out_len[i] > SX_MAX_DATA)
				fail_msg("mock_script: output too long");
			memcpy(r->out[i], e->out_data[i], e->out_len[i]);
			r->inv.out_data[i] = r->out[i];
		}
		r->inv.in_data[i] = NULL;
	}
	sx_push_ioctl(e->fd, DRM_IOCTL_QDA_INVOKE, e->err, r);
	expect_value(sx_ioctl, remote_handle, e->remote_handle);
	expect_value(sx_ioctl, sc, e->sc);
	expect_value(sx_ioctl, num_args, e->num_args);
	expect_value(sx_ioctl, timeout_ns, e->timeout_ns);
	expect_value(sx_ioctl, flags, 0);
	if (e->num_args)
		expect_memory(sx_ioctl, args, e->args,
			      e->num_args * sizeof(e->args[0]));
	for (i = 0; i < e->num_args; i++)
		if (e->in_data[i]) {
			r->inv.in_data[i] = r;	/* "checked": any non-NULL */
			expect_memory(sx_ioctl, in_data, e->in_data[i],
				      e->args[i].length);
		}
}

/* ---- the wrapped calls ---------------------------------------------------- */

int sx_open(const char *path, int flags)
{
	char desc[128];
	int ret;

	snprintf(desc, sizeof(desc), "open(\"%s\", 0x%x)", path, flags);
	sx_pop(SX_OPEN, 0, desc);
	check_expected(path);
	check_expected(flags);
	ret = mock_type(int);
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	if (sx_fd_open(ret))
		fail_msg("mock_script: open() script returns fd %d twice", ret);
	sx_fd_add(ret);
	return ret;
}

int sx_close(int fd)
{
	char desc[64];

	snprintf(desc, sizeof(desc), "close(%d)", fd);
	sx_pop(SX_CLOSE, 0, desc);
	check_expected(fd);
	if (!sx_fd_del(fd))
		fail_msg("close(%d) of an fd that is not open", fd);
	sx_info_forget(fd, 0, true);
	return 0;
}

void *sx_mmap(void *addr, size_t len, int prot, int flags, int fd, long off)
{
	char desc[128];
	unsigned int i;
	int err;
	void *p;

	snprintf(desc, sizeof(desc), "mmap(fd %d, len %zu, offset 0x%lx)", fd,
		 len, off);
	sx_pop(SX_MMAP, 0, desc);
	if (addr)
		fail_msg("%s: with an address hint", desc);
	check_expected(fd);
	check_expected(len);
	check_expected(prot);
	check_expected(flags);
	check_expected(off);
	err = mock_type(int);
	if (err) {
		errno = err;
		return MAP_FAILED;
	}
	if (!sx_fd_open(fd))
		fail_msg("%s: fd is not open", desc);
	for (i = 0; i < SX_MAX_MAPS; i++)
		if (!sx.maps[i].used)
			break;
	if (i == SX_MAX_MAPS)
		fail_msg("mock_script: too many mappings");
	p = aligned_alloc(4096, len ? (len + 4095) & ~(size_t)4095 : 4096);
	assert_non_null(p);
	memset(p, 0, len);
	free(sx.maps[i].addr);
	sx.maps[i] = (struct sx_map){ true, fd, (uint64_t)off, p, len };
	return p;
}

int sx_munmap(void *addr, size_t len)
{
	char desc[128];
	unsigned int i;
	uint64_t off;
	int fd;

	snprintf(desc, sizeof(desc), "munmap(%p, %zu)", addr, len);
	sx_pop(SX_MUNMAP, 0, desc);
	for (i = 0; i < SX_MAX_MAPS; i++)
		if (sx.maps[i].used && sx.maps[i].addr == addr)
			break;
	if (i == SX_MAX_MAPS)
		fail_msg("%s: not a mapping", desc);
	fd = sx.maps[i].fd;
	off = sx.maps[i].off;
	check_expected(fd);
	check_expected(off);
	check_expected(len);
	sx.maps[i].used = false;
	free(sx.maps[i].addr);
	sx.maps[i].addr = NULL;
	return 0;
}

void *sx_opendir(const char *path)
{
	char desc[96];
	struct sx_dir *d;
	int err;

	snprintf(desc, sizeof(desc), "opendir(\"%s\")", path);
	sx_pop(SX_OPENDIR, 0, desc);
	check_expected(path);
	err = mock_type(int);
	if (err) {
		errno = err;
		return NULL;
	}
	d = calloc(1, sizeof(*d));
	assert_non_null(d);
	snprintf(d->path, sizeof(d->path), "%s", path);
	sx.open_dirs++;
	return d;
}

void *sx_readdir(void *dir)
{
	struct sx_dir *d = dir;
	const char *name;
	char desc[96];

	snprintf(desc, sizeof(desc), "readdir(\"%s\")", d->path);
	sx_pop(SX_READDIR, 0, desc);
	name = mock_ptr_type(const char *);
	if (!name)
		return NULL;
	snprintf(d->de.d_name, sizeof(d->de.d_name), "%s", name);
	return &d->de;
}

int sx_closedir(void *dir)
{
	struct sx_dir *d = dir;
	char desc[96];

	snprintf(desc, sizeof(desc), "closedir(\"%s\")", d->path);
	sx_pop(SX_CLOSEDIR, 0, desc);
	free(d);
	sx.open_dirs--;
	return 0;
}

/* check_expected() on behalf of sx_ioctl() (it names __func__). */
#define SX_CHECK_IOCTL(p) \
	_check_expected("sx_ioctl", #p, __FILE__, __LINE__, \
			cast_to_largest_integral_type(p))

static void sx_do_invoke(int fd, struct drm_qda_invoke *k,
			 const struct sx_invoke *e, bool answer)
{
	struct drm_qda_invoke_arg *a = (void *)(uintptr_t)k->args_ptr;
	uint32_t remote_handle = k->remote_handle, sc = k->sc;
	uint32_t num_args = k->num_args, flags = k->flags | k->pad, i;
	int64_t timeout_ns = k->timeout_ns;
	const void *args = a;

	SX_CHECK_IOCTL(remote_handle);
	SX_CHECK_IOCTL(sc);
	SX_CHECK_IOCTL(num_args);
	SX_CHECK_IOCTL(timeout_ns);
	SX_CHECK_IOCTL(flags);
	if (num_args != e->num_args)
		return;
	if (num_args)
		SX_CHECK_IOCTL(args);
	for (i = 0; i < num_args; i++)
		if (e->in_data[i]) {
			const void *in_data = sx_slice(fd, a[i].handle,
						       a[i].offset, a[i].length);

			SX_CHECK_IOCTL(in_data);
		}
	if (!answer)
		return;
	for (i = 0; i < num_args; i++) {
		if (!e->set_len[i])
			continue;
		if (e->out_data[i] && e->out_len[i])
			memcpy(sx_slice(fd, a[i].handle, a[i].offset,
					e->out_len[i]),
			       e->out_data[i], e->out_len[i]);
		a[i].length = e->out_len[i];
	}
	k->dsp_status = e->dsp_status;
}

int sx_ioctl(int fd, unsigned long request, void *arg)
{
	const struct sx_ret *r;
	char desc[96];
	int err;

	snprintf(desc, sizeof(desc), "ioctl(%d, %s)", fd, ioctl_name(request));
	sx_pop(SX_IOCTL, request, desc);
	check_expected(fd);
	check_expected(request);
	if (!sx_fd_open(fd))
		fail_msg("%s: fd is not open", desc);
	err = mock_type(int);
	r = mock_ptr_type(const struct sx_ret *);

	switch (request) {
	case DRM_IOCTL_VERSION: {
		struct drm_version *v = arg;
		size_t n = strlen(r->str);

		if (err)
			break;
		v->version_major = 1;
		if (v->name && v->name_len)
			memcpy(v->name, r->str, n < v->name_len ? n : v->name_len);
		v->name_len = n;
		v->date_len = 0;
		v->desc_len = 0;
		break;
	}
	case DRM_IOCTL_QDA_QUERY: {
		struct drm_qda_query *q = arg;
		uint32_t param = q->param, index = q->index;
		uint32_t data_size = q->data_size;

		assert_int_equal(q->pad, 0);
		check_expected(param);
		check_expected(index);
		if (param == DRM_QDA_PARAM_DOMAIN_NAME) {
			check_expected(data_size);
			assert_true(q->data_ptr != 0);
		} else {
			assert_int_equal(q->data_ptr, 0);
			assert_int_equal(data_size, 0);
		}
		if (err)
			break;
		q->value = r->v[0];
		if (param == DRM_QDA_PARAM_DOMAIN_NAME) {
			size_t n = strlen(r->str) + 1;

			if (n > data_size) {
				err = ENOSPC;
				break;
			}
			memcpy((void *)(uintptr_t)q->data_ptr, r->str, n);
			q->data_size = (uint32_t)n;
		}
		break;
	}
	case DRM_IOCTL_QDA_GEM_CREATE: {
		struct drm_qda_gem_create *c = arg;
		uint64_t size = c->size;
		uint32_t flags = c->flags;

		check_expected(size);
		check_expected(flags);
		if (!err)
			c->handle = (uint32_t)r->v[0];
		break;
	}
	case DRM_IOCTL_QDA_GEM_INFO: {
		struct drm_qda_gem_info *gi = arg;
		uint32_t handle = gi->handle;

		check_expected(handle);
		if (err)
			break;
		gi->size = r->v[0];
		gi->mmap_offset = r->v[1];
		gi->info_flags = (uint32_t)r->v[2];
		if (r->v[1]) {
			sx_info_forget(fd, handle, false);
			if (sx.ninfos == SX_MAX_INFOS)
				fail_msg("mock_script: too many BOs");
			sx.infos[sx.ninfos++] =
				(struct sx_info){ fd, handle, r->v[1] };
		}
		break;
	}
	case DRM_IOCTL_GEM_CLOSE: {
		struct drm_gem_close *c = arg;
		uint32_t handle = c->handle;

		assert_int_equal(c->pad, 0);
		check_expected(handle);
		if (!err)
			sx_info_forget(fd, handle, false);
		break;
	}
	case DRM_IOCTL_QDA_PROC_CREATE: {
		struct drm_qda_proc_create *pc = arg;
		uint32_t name_len = pc->name_len, flags = pc->flags;
		uint32_t handle = pc->shell_handle;
		uint64_t offset = pc->shell_offset, size = pc->shell_size;
		const void *name = (const void *)(uintptr_t)pc->name_ptr;

		assert_int_equal(pc->pad, 0);
		check_expected(name_len);
		check_expected(name);
		check_expected(flags);
		check_expected(handle);
		check_expected(offset);
		check_expected(size);
		break;
	}
	case DRM_IOCTL_QDA_PROC_ATTACH: {
		struct drm_qda_proc_attach *pa = arg;
		uint32_t pd = pa->pd, flags = pa->flags;

		check_expected(pd);
		check_expected(flags);
		break;
	}
	case DRM_IOCTL_PRIME_HANDLE_TO_FD: {
		struct drm_prime_handle *p = arg;
		uint32_t handle = p->handle, flags = p->flags;

		check_expected(handle);
		check_expected(flags);
		if (!err)
			p->fd = (int32_t)r->v[0];
		break;
	}
	case DRM_IOCTL_PRIME_FD_TO_HANDLE: {
		struct drm_prime_handle *p = arg;
		int dmabuf = p->fd;
		uint32_t flags = p->flags;

		check_expected(dmabuf);
		check_expected(flags);
		if (!err)
			p->handle = (uint32_t)r->v[0];
		break;
	}
	case DRM_IOCTL_QDA_MAP: {
		struct drm_qda_map *m = arg;
		uint32_t handle = m->handle, flags = m->flags;
		uint64_t offset = m->offset, length = m->length;

		check_expected(handle);
		check_expected(offset);
		check_expected(length);
		check_expected(flags);
		if (!err)
			m->dsp_addr = r->v[0];
		break;
	}
	case DRM_IOCTL_QDA_UNMAP: {
		struct drm_qda_unmap *u = arg;
		uint64_t dsp_addr = u->dsp_addr;

		assert_int_equal(u->flags | u->pad, 0);
		check_expected(dsp_addr);
		break;
	}
	case DRM_IOCTL_QDA_INVOKE:
		sx_do_invoke(fd, arg, &r->inv, !err);
		break;
	default:
		fail_msg("%s: the script has no checks for it", desc);
	}
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}
