/* SPDX-License-Identifier: MIT */
/*
 * Raw-ioctl conformance of the QDA kernel ABI (include/uapi/drm/qda_accel.h):
 * for each ioctl the happy path and each field's bad values, asserting the
 * errno the header documents. Uses no libqda.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <drm.h>
#include "drm/qda_accel.h"

#include "itest.h"
#include "qt_modules.h"

#define TEST_URI_CDSP QT_TEST_URI "&_dom=cdsp"

static char node[300];

static int xioctl(int fd, unsigned long req, void *arg)
{
	int r;

	do {
		r = ioctl(fd, req, arg);
	} while (r < 0 && (errno == EINTR || errno == EAGAIN));
	return r < 0 ? -errno : 0;
}

#define CHECK_IOCTL(name, fd, req, arg, want) \
	CHECK_RET(name, xioctl(fd, req, arg), want)

static bool is_qda(int fd)
{
	struct drm_version v = { 0 };
	char name[16] = "";

	v.name = name;
	v.name_len = sizeof(name) - 1;
	return !xioctl(fd, DRM_IOCTL_VERSION, &v) && v.name_len == 3 &&
	       !memcmp(name, "qda", 3);
}

static bool find_node(void)
{
	const char *dirs[] = { "/dev/accel", "/dev/dri" };
	struct dirent *de;
	char domain[32];
	size_t i;

	for (i = 0; i < 2; i++) {
		DIR *d = opendir(dirs[i]);

		while (d && (de = readdir(d))) {
			struct drm_qda_query q = { 0 };
			int fd;

			if (de->d_name[0] == '.' || !strncmp(de->d_name, "card", 4))
				continue;
			snprintf(node, sizeof(node), "%s/%s", dirs[i], de->d_name);
			fd = open(node, O_RDWR | O_CLOEXEC);
			if (fd < 0)
				continue;
			q.param = DRM_QDA_PARAM_DOMAIN_NAME;
			q.data_ptr = (uintptr_t)domain;
			q.data_size = sizeof(domain);
			if (is_qda(fd) && !xioctl(fd, DRM_IOCTL_QDA_QUERY, &q) &&
			    !strcmp(domain, "cdsp")) {
				close(fd);
				closedir(d);
				return true;
			}
			close(fd);
		}
		if (d)
			closedir(d);
	}
	return false;
}

static int open_node(void)
{
	return open(node, O_RDWR | O_CLOEXEC);
}

static uint32_t gem_create(int fd, uint64_t size)
{
	struct drm_qda_gem_create c = { .size = size };

	return xioctl(fd, DRM_IOCTL_QDA_GEM_CREATE, &c) ? 0 : c.handle;
}

static void gem_close(int fd, uint32_t h)
{
	struct drm_gem_close c = { .handle = h };

	xioctl(fd, DRM_IOCTL_GEM_CLOSE, &c);
}

static int proc_create(int fd)
{
	struct drm_qda_proc_create pc = { 0 };

	pc.name_ptr = (uintptr_t)"abi";
	pc.name_len = 3;
	pc.flags = DRM_QDA_PROC_UNSIGNED;
	return xioctl(fd, DRM_IOCTL_QDA_PROC_CREATE, &pc);
}

static void test_query(int fd)
{
	struct drm_qda_query q;
	char buf[32];

	memset(&q, 0, sizeof(q));
	q.param = DRM_QDA_PARAM_UAPI_VERSION;
	CHECK_IOCTL("query-uapi", fd, DRM_IOCTL_QDA_QUERY, &q, 0);
	CHECK("query-uapi-value", q.value == (DRM_QDA_UAPI_VERSION_MAJOR << 16 |
					      DRM_QDA_UAPI_VERSION_MINOR),
	      "0x%" PRIx64, (uint64_t)q.value);
	memset(&q, 0, sizeof(q));
	q.param = DRM_QDA_PARAM_DOMAIN_ID;
	CHECK_IOCTL("query-domain-id", fd, DRM_IOCTL_QDA_QUERY, &q, 0);
	CHECK("query-domain-id-value", q.value == DRM_QDA_DOMAIN_CDSP, "%" PRIu64,
	      (uint64_t)q.value);
	memset(&q, 0, sizeof(q));
	q.param = DRM_QDA_PARAM_DOMAIN_NAME;
	CHECK_IOCTL("query-name-size", fd, DRM_IOCTL_QDA_QUERY, &q, 0);
	CHECK("query-name-size-value", q.data_size == 5, "%u", q.data_size);
	q.data_ptr = (uintptr_t)buf;
	q.data_size = 4;
	CHECK_IOCTL("query-name-short", fd, DRM_IOCTL_QDA_QUERY, &q, -ENOSPC);
	q.data_size = sizeof(buf);
	memset(buf, 0x7f, sizeof(buf));
	CHECK_IOCTL("query-name", fd, DRM_IOCTL_QDA_QUERY, &q, 0);
	CHECK("query-name-value", !strcmp(buf, "cdsp") && q.value == 4, "\"%.8s\" %" PRIu64,
	      buf, (uint64_t)q.value);
	memset(&q, 0, sizeof(q));
	q.param = DRM_QDA_PARAM_DSP_CAPABILITY;
	q.index = 6;
	CHECK_IOCTL("query-cap", fd, DRM_IOCTL_QDA_QUERY, &q, 0);
	CHECK("query-cap-value", q.value == 0x73, "0x%" PRIx64, (uint64_t)q.value);
	q.index = DRM_QDA_NUM_DSP_ATTRIBUTES;
	CHECK_IOCTL("query-cap-index-range", fd, DRM_IOCTL_QDA_QUERY, &q, -EINVAL);
	memset(&q, 0, sizeof(q));
	q.param = DRM_QDA_PARAM_MAX_ARGS;
	CHECK_IOCTL("query-max-args", fd, DRM_IOCTL_QDA_QUERY, &q, 0);
	q.param = DRM_QDA_PARAM_MAX_BO_SIZE;
	CHECK_IOCTL("query-max-bo", fd, DRM_IOCTL_QDA_QUERY, &q, 0);
	q.param = DRM_QDA_PARAM_NUM_CONTEXT_BANKS;
	CHECK_IOCTL("query-cbs", fd, DRM_IOCTL_QDA_QUERY, &q, 0);
	q.param = DRM_QDA_PARAM_PROC_STATE;
	CHECK_IOCTL("query-proc-state", fd, DRM_IOCTL_QDA_QUERY, &q, 0);
	CHECK("query-proc-state-none", q.value == DRM_QDA_PROC_STATE_NONE, "%" PRIu64,
	      (uint64_t)q.value);
	memset(&q, 0, sizeof(q));
	q.param = 1000;
	CHECK_IOCTL("query-unknown-param", fd, DRM_IOCTL_QDA_QUERY, &q, -EINVAL);
	memset(&q, 0, sizeof(q));
	q.param = DRM_QDA_PARAM_UAPI_VERSION;
	q.pad = 1;
	CHECK_IOCTL("query-pad", fd, DRM_IOCTL_QDA_QUERY, &q, -EINVAL);
	q.pad = 0;
	q.index = 1;
	CHECK_IOCTL("query-index-mbz", fd, DRM_IOCTL_QDA_QUERY, &q, -EINVAL);
	q.index = 0;
	q.data_ptr = (uintptr_t)buf;
	CHECK_IOCTL("query-data-ptr-mbz", fd, DRM_IOCTL_QDA_QUERY, &q, -EINVAL);
	q.data_ptr = 0;
	q.data_size = 8;
	CHECK_IOCTL("query-data-size-mbz", fd, DRM_IOCTL_QDA_QUERY, &q, -EINVAL);
}

static void test_gem(int fd)
{
	struct drm_qda_gem_create c;
	struct drm_qda_gem_info gi;
	struct drm_qda_query q = { .param = DRM_QDA_PARAM_MAX_BO_SIZE };
	struct drm_gem_close gc;
	uint8_t *p;

	xioctl(fd, DRM_IOCTL_QDA_QUERY, &q);
	memset(&c, 0, sizeof(c));
	c.size = 5000;
	CHECK_IOCTL("gem-create", fd, DRM_IOCTL_QDA_GEM_CREATE, &c, 0);
	CHECK("gem-create-handle", c.handle != 0, "handle 0");
	memset(&gi, 0, sizeof(gi));
	gi.handle = c.handle;
	CHECK_IOCTL("gem-info", fd, DRM_IOCTL_QDA_GEM_INFO, &gi, 0);
	CHECK("gem-info-size", gi.size == 8192, "%" PRIu64, (uint64_t)gi.size);
	CHECK("gem-info-offset", gi.mmap_offset != 0 && gi.info_flags == 0,
	      "offset 0x%" PRIx64 " flags 0x%x", (uint64_t)gi.mmap_offset, gi.info_flags);
	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)gi.mmap_offset);
	CHECK("gem-mmap-shared", p != MAP_FAILED, "%s", strerror(errno));
	if (p != MAP_FAILED) {
		p[0] = 1;
		p[8191] = 2;
		munmap(p, 8192);
	}
	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, (off_t)gi.mmap_offset);
	CHECK("gem-mmap-private", p == MAP_FAILED && errno == EINVAL, "%s",
	      p == MAP_FAILED ? strerror(errno) : "mapped");
	if (p != MAP_FAILED)
		munmap(p, 8192);
	p = mmap(NULL, 3 * 4096, PROT_READ, MAP_SHARED, fd, (off_t)gi.mmap_offset);
	CHECK("gem-mmap-too-long", p == MAP_FAILED, "mapped past the BO");
	if (p != MAP_FAILED)
		munmap(p, 3 * 4096);
	memset(&gi, 0, sizeof(gi));
	gi.handle = 0xdead;
	CHECK_IOCTL("gem-info-bad-handle", fd, DRM_IOCTL_QDA_GEM_INFO, &gi, -ENOENT);
	memset(&gc, 0, sizeof(gc));
	gc.handle = c.handle;
	CHECK_IOCTL("gem-close", fd, DRM_IOCTL_GEM_CLOSE, &gc, 0);
	memset(&c, 0, sizeof(c));
	CHECK_IOCTL("gem-create-zero", fd, DRM_IOCTL_QDA_GEM_CREATE, &c, -EINVAL);
	c.size = 4096;
	c.flags = 1;
	CHECK_IOCTL("gem-create-flags", fd, DRM_IOCTL_QDA_GEM_CREATE, &c, -EINVAL);
	c.flags = 0;
	c.size = q.value + 1;
	CHECK_IOCTL("gem-create-huge", fd, DRM_IOCTL_QDA_GEM_CREATE, &c, -E2BIG);
	c.size = ~0ull;
	CHECK_IOCTL("gem-create-max-u64", fd, DRM_IOCTL_QDA_GEM_CREATE, &c, -E2BIG);
	/* The largest valid size is more than the VM's memory: a clean
	 * -ENOMEM, not the OOM killer, and the device still works after */
	c.size = q.value;
	CHECK_IOCTL("gem-create-max-enomem", fd, DRM_IOCTL_QDA_GEM_CREATE, &c, -ENOMEM);
	c.size = 4096;
	CHECK_IOCTL("gem-create-after-enomem", fd, DRM_IOCTL_QDA_GEM_CREATE, &c, 0);
}

static void test_proc(void)
{
	struct drm_qda_proc_create pc;
	struct drm_qda_proc_attach pa;
	struct drm_qda_query q = { .param = DRM_QDA_PARAM_PROC_STATE };
	char name[80];
	int fd = open_node();

	memset(name, 'n', sizeof(name));
	memset(&pc, 0, sizeof(pc));
	pc.name_ptr = (uintptr_t)name;
	pc.name_len = 0;
	CHECK_IOCTL("proc-create-name-empty", fd, DRM_IOCTL_QDA_PROC_CREATE, &pc, -EINVAL);
	pc.name_len = DRM_QDA_PROC_NAME_MAX + 1;
	CHECK_IOCTL("proc-create-name-long", fd, DRM_IOCTL_QDA_PROC_CREATE, &pc, -EINVAL);
	pc.name_len = 4;
	pc.pad = 1;
	CHECK_IOCTL("proc-create-pad", fd, DRM_IOCTL_QDA_PROC_CREATE, &pc, -EINVAL);
	pc.pad = 0;
	pc.flags = 2;
	CHECK_IOCTL("proc-create-flags", fd, DRM_IOCTL_QDA_PROC_CREATE, &pc, -EINVAL);
	pc.flags = 0;
	pc.shell_size = 10;	/* without a shell handle */
	CHECK_IOCTL("proc-create-shell-size", fd, DRM_IOCTL_QDA_PROC_CREATE, &pc, -EINVAL);
	pc.shell_size = 0;
	pc.shell_handle = 0xdead;
	pc.shell_size = 10;
	CHECK_IOCTL("proc-create-shell-bad-handle", fd, DRM_IOCTL_QDA_PROC_CREATE, &pc, -ENOENT);
	pc.shell_handle = 0;
	pc.shell_size = 0;
	pc.name_len = DRM_QDA_PROC_NAME_MAX;
	CHECK_IOCTL("proc-create", fd, DRM_IOCTL_QDA_PROC_CREATE, &pc, 0);
	xioctl(fd, DRM_IOCTL_QDA_QUERY, &q);
	CHECK("proc-state-ready", q.value == DRM_QDA_PROC_STATE_READY, "%" PRIu64,
	      (uint64_t)q.value);
	CHECK_IOCTL("proc-create-again", fd, DRM_IOCTL_QDA_PROC_CREATE, &pc, -EALREADY);
	memset(&pa, 0, sizeof(pa));
	CHECK_IOCTL("proc-attach-after-create", fd, DRM_IOCTL_QDA_PROC_ATTACH, &pa, -EALREADY);
	close(fd);

	fd = open_node();
	memset(&pa, 0, sizeof(pa));
	pa.flags = 1;
	CHECK_IOCTL("proc-attach-flags", fd, DRM_IOCTL_QDA_PROC_ATTACH, &pa, -EINVAL);
	pa.flags = 0;
	pa.pd = 1;
	CHECK_IOCTL("proc-attach-pd", fd, DRM_IOCTL_QDA_PROC_ATTACH, &pa, -EINVAL);
	/*
	 * Who may attach (an unprivileged opener may not; a file keeps its
	 * opener's rights when passed on) is test_privilege.c's subject.
	 */
	if (geteuid() == 0) {
		pa.pd = DRM_QDA_PD_ROOT;
		CHECK_IOCTL("proc-attach-root", fd, DRM_IOCTL_QDA_PROC_ATTACH, &pa, 0);
		CHECK_IOCTL("proc-attach-again", fd, DRM_IOCTL_QDA_PROC_ATTACH, &pa, -EALREADY);
		CHECK_IOCTL("proc-create-after-attach", fd, DRM_IOCTL_QDA_PROC_CREATE, &pc, -EALREADY);
	}
	close(fd);
}

/* An INVOKE of @rh with scalars @sc and the @n arguments @a */
static void invoke_init(struct drm_qda_invoke *inv, struct drm_qda_invoke_arg *a,
			uint32_t rh, uint32_t sc, uint32_t n)
{
	memset(inv, 0, sizeof(*inv));
	inv->args_ptr = (uintptr_t)a;
	inv->remote_handle = rh;
	inv->sc = sc;
	inv->num_args = n;
}

/* remotectl open of the test module through raw ioctls */
static uint32_t raw_open_test(int fd, uint32_t bo)
{
	struct drm_qda_invoke_arg a[4];
	struct drm_qda_invoke inv;
	struct drm_qda_gem_info gi = { .handle = bo };
	uint32_t *w, len = sizeof(TEST_URI_CDSP), h;
	uint8_t *p;

	if (xioctl(fd, DRM_IOCTL_QDA_GEM_INFO, &gi))
		return 0;
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)gi.mmap_offset);
	if (p == MAP_FAILED)
		return 0;
	w = (uint32_t *)p;
	w[0] = len;
	w[1] = 64;
	memcpy(p + 128, TEST_URI_CDSP, len);
	memset(a, 0, sizeof(a));
	a[0] = (struct drm_qda_invoke_arg){ .offset = 0, .length = 8, .handle = bo };
	a[1] = (struct drm_qda_invoke_arg){ .offset = 128, .length = len, .handle = bo };
	a[2] = (struct drm_qda_invoke_arg){ .offset = 1024, .length = 8, .handle = bo };
	a[3] = (struct drm_qda_invoke_arg){ .offset = 2048, .length = 64, .handle = bo };
	invoke_init(&inv, a, DRM_QDA_REMOTE_HANDLE_REMOTECTL,
		    DRM_QDA_SCALARS(0, 0, 2, 2, 0, 0), 4);
	h = 0;
	if (!xioctl(fd, DRM_IOCTL_QDA_INVOKE, &inv) && !inv.dsp_status &&
	    !((uint32_t *)(p + 1024))[1])
		h = ((uint32_t *)(p + 1024))[0];
	munmap(p, 4096);
	return h;
}

static void test_invoke(void)
{
	struct drm_qda_invoke_arg a[2];
	struct drm_qda_invoke inv;
	struct drm_qda_query q = { .param = DRM_QDA_PARAM_MAX_ARGS };
	struct timespec ts;
	uint32_t bo, bo2, h, us;
	int fd = open_node(), fd2 = open_node();

	bo = gem_create(fd, 8192);
	bo2 = gem_create(fd2, 4096);
	memset(&inv, 0, sizeof(inv));
	inv.remote_handle = 0;
	inv.sc = DRM_QDA_SCALARS(0, 0, 0, 0, 0, 0);
	CHECK_IOCTL("invoke-no-proc", fd, DRM_IOCTL_QDA_INVOKE, &inv, -ENOTCONN);
	CHECK_RET("invoke-proc-create", proc_create(fd), 0);
	h = raw_open_test(fd, bo);
	CHECK("invoke-remotectl-open", h > 20, "handle %u", h);

	memset(a, 0, sizeof(a));
	a[0] = (struct drm_qda_invoke_arg){ .offset = 0, .length = 100, .handle = bo };
	a[1] = (struct drm_qda_invoke_arg){ .offset = 4096, .length = 100, .handle = bo };
	invoke_init(&inv, a, h, DRM_QDA_SCALARS(0, 3 /* echo */, 1, 1, 0, 0), 2);
	CHECK_IOCTL("invoke-echo", fd, DRM_IOCTL_QDA_INVOKE, &inv, 0);
	CHECK("invoke-echo-status", inv.dsp_status == 0 && a[1].length == 100,
	      "status 0x%x len %" PRIu64, inv.dsp_status, (uint64_t)a[1].length);

#define BAD(name, field, value, want)                                    \
	do {                                                             \
		struct drm_qda_invoke b_ = inv;                          \
		struct drm_qda_invoke_arg ba_[2] = { a[0], a[1] };       \
		ba_[1].length = 100;                                     \
		b_.args_ptr = (uintptr_t)ba_;                            \
		b_.dsp_status = 0;                                       \
		field = value;                                           \
		CHECK_IOCTL(name, fd, DRM_IOCTL_QDA_INVOKE, &b_, want);  \
	} while (0)
	BAD("invoke-flags", b_.flags, 1, -EINVAL);
	BAD("invoke-pad", b_.pad, 1, -EINVAL);
	BAD("invoke-handle-1", b_.remote_handle, 1, -EPERM);
	BAD("invoke-num-args-mismatch", b_.num_args, 3, -EINVAL);
	BAD("invoke-num-args-short", b_.num_args, 1, -EINVAL);
	BAD("invoke-arg-flags", ba_[0].flags, 1, -EINVAL);
	BAD("invoke-arg-past-end", ba_[0].offset, 8192 - 50, -EINVAL);
	BAD("invoke-arg-length-past-end", ba_[1].length, 8192, -EINVAL);
	BAD("invoke-arg-offset-huge", ba_[0].offset, ~0ull - 10, -EINVAL);
	BAD("invoke-arg-bad-handle", ba_[0].handle, 0xdead, -ENOENT);
	BAD("invoke-arg-other-file-handle", ba_[0].handle, bo2 == bo ? 0xdeae : bo2 + 1000, -ENOENT);
	BAD("invoke-arg-handle0-with-length", ba_[0].handle, 0, -EINVAL);
	BAD("invoke-bad-args-ptr", b_.args_ptr, 8, -EFAULT);
	xioctl(fd, DRM_IOCTL_QDA_QUERY, &q);
	{
		struct drm_qda_invoke b = inv;

		b.sc = DRM_QDA_SCALARS(0, 2, q.value + 1, 0, 0, 0);
		b.num_args = (uint32_t)q.value + 1;
		b.args_ptr = 0;
		CHECK("invoke-too-many-args",
		      xioctl(fd, DRM_IOCTL_QDA_INVOKE, &b) == -EINVAL, "not EINVAL");
	}
	/* unknown module handle: answered by the DSP */
	{
		struct drm_qda_invoke b = inv;
		struct drm_qda_invoke_arg ba[2] = { a[0], a[1] };

		b.args_ptr = (uintptr_t)ba;
		b.remote_handle = 9999;
		CHECK_IOCTL("invoke-unknown-module", fd, DRM_IOCTL_QDA_INVOKE, &b, 0);
		CHECK("invoke-unknown-module-status", b.dsp_status == 0x8000042c,
		      "status 0x%x", b.dsp_status);
	}
	/* a deadline: the test module sleeps 2 s, the deadline is 100 ms */
	{
		struct drm_qda_invoke b;
		struct drm_qda_gem_info gi = { .handle = bo };
		uint32_t *p;

		xioctl(fd, DRM_IOCTL_QDA_GEM_INFO, &gi);
		p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			 (off_t)gi.mmap_offset);
		if (p != MAP_FAILED) {
			us = 2000000;
			memcpy(p, &us, 4);
			munmap(p, 4096);
		}
		a[0] = (struct drm_qda_invoke_arg){ .offset = 0, .length = 4, .handle = bo };
		invoke_init(&b, a, h, DRM_QDA_SCALARS(0, 6 /* sleep */, 1, 0, 0, 0), 1);
		clock_gettime(CLOCK_MONOTONIC, &ts);
		b.timeout_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec + 100000000;
		CHECK_IOCTL("invoke-timeout", fd, DRM_IOCTL_QDA_INVOKE, &b, -ETIMEDOUT);
		b.timeout_ns = 1;	/* long past */
		CHECK_IOCTL("invoke-timeout-past", fd, DRM_IOCTL_QDA_INVOKE, &b, -ETIMEDOUT);
	}
	gem_close(fd, bo);
	gem_close(fd2, bo2);
	close(fd2);
	close(fd);
}

static void test_map(void)
{
	struct drm_qda_map m;
	struct drm_qda_unmap u;
	int fd = open_node();
	uint32_t bo = gem_create(fd, 4 * 4096);

	memset(&m, 0, sizeof(m));
	m.handle = bo;
	m.length = 4096;
	CHECK_IOCTL("map-no-proc", fd, DRM_IOCTL_QDA_MAP, &m, -ENOTCONN);
	proc_create(fd);
	CHECK_IOCTL("map", fd, DRM_IOCTL_QDA_MAP, &m, 0);
	CHECK("map-addr", m.dsp_addr != 0, "addr 0");
	memset(&u, 0, sizeof(u));
	u.dsp_addr = m.dsp_addr;
	u.flags = 1;
	CHECK_IOCTL("unmap-flags", fd, DRM_IOCTL_QDA_UNMAP, &u, -EINVAL);
	u.flags = 0;
	u.pad = 1;
	CHECK_IOCTL("unmap-pad", fd, DRM_IOCTL_QDA_UNMAP, &u, -EINVAL);
	u.pad = 0;
	CHECK_IOCTL("unmap", fd, DRM_IOCTL_QDA_UNMAP, &u, 0);
	CHECK_IOCTL("unmap-again", fd, DRM_IOCTL_QDA_UNMAP, &u, -ENOENT);
	u.dsp_addr = 0x1234;
	CHECK_IOCTL("unmap-unknown", fd, DRM_IOCTL_QDA_UNMAP, &u, -ENOENT);
#define BADMAP(name, field, value, want)                                 \
	do {                                                             \
		struct drm_qda_map b_ = { .handle = bo, .length = 4096 }; \
		field = value;                                           \
		CHECK_IOCTL(name, fd, DRM_IOCTL_QDA_MAP, &b_, want);     \
	} while (0)
	BADMAP("map-flags", b_.flags, 2, -EINVAL);
	BADMAP("map-length-zero", b_.length, 0, -EINVAL);
	BADMAP("map-length-unaligned", b_.length, 100, -EINVAL);
	BADMAP("map-offset-unaligned", b_.offset, 100, -EINVAL);
	BADMAP("map-past-end", b_.offset, 4 * 4096, -EINVAL);
	BADMAP("map-length-past-end", b_.length, 5 * 4096, -EINVAL);
	BADMAP("map-bad-handle", b_.handle, 0xdead, -ENOENT);
	/* a mapping left in place is released with the session */
	memset(&m, 0, sizeof(m));
	m.handle = bo;
	m.offset = 8192;
	m.length = 4096;
	m.flags = DRM_QDA_MAP_LEGACY;
	CHECK_IOCTL("map-legacy", fd, DRM_IOCTL_QDA_MAP, &m, 0);
	gem_close(fd, bo);
	close(fd);
}

static void test_prime(void)
{
	struct drm_prime_handle p;
	struct drm_qda_gem_info gi;
	int fd = open_node(), fd2 = open_node();
	uint32_t bo = gem_create(fd, 8192);

	memset(&p, 0, sizeof(p));
	p.handle = bo;
	p.flags = DRM_CLOEXEC | DRM_RDWR;
	CHECK_IOCTL("prime-export", fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &p, 0);
	if (p.fd >= 0) {
		struct drm_prime_handle i = { .fd = p.fd };

		CHECK_IOCTL("prime-import", fd2, DRM_IOCTL_PRIME_FD_TO_HANDLE, &i, 0);
		memset(&gi, 0, sizeof(gi));
		gi.handle = i.handle;
		CHECK_IOCTL("prime-import-info", fd2, DRM_IOCTL_QDA_GEM_INFO, &gi, 0);
		/* same device: the original object comes back, not an import */
		CHECK("prime-self-import-native", gi.info_flags == 0 &&
		      gi.mmap_offset != 0 && gi.size == 8192,
		      "flags 0x%x off 0x%" PRIx64 " size %" PRIu64, gi.info_flags,
		      (uint64_t)gi.mmap_offset, (uint64_t)gi.size);
		gem_close(fd2, i.handle);
		close(p.fd);
	}
	{
		struct drm_prime_handle i = { .fd = 0 };	/* stdin: not a dma-buf */
		int r = xioctl(fd2, DRM_IOCTL_PRIME_FD_TO_HANDLE, &i);

		CHECK("prime-import-not-dmabuf", r == -EINVAL || r == -EBADF, "ret %d", r);
	}
	gem_close(fd, bo);
	close(fd2);
	close(fd);
}

int main(void)
{
	int fd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!find_node()) {
		FAIL("find-cdsp", "no QDA cdsp node");
		return itest_done();
	}
	OK("find-cdsp");
	fd = open_node();
	CHECK("version-name", is_qda(fd), "driver name is not qda");
	test_query(fd);
	test_gem(fd);
	close(fd);
	test_proc();
	test_invoke();
	test_map();
	test_prime();
	return itest_done();
}
