// SPDX-License-Identifier: MIT
/*
 * sweep.c: the allocation-failure sweep (issue 13), INSIDE the debug VM
 * (tests/sweep/run.sh; needs FAILSLAB, FAIL_PAGE_ALLOC and
 * FAULT_INJECTION_DEBUG_FS, which only the check-debug kernel has).
 *
 * For each operation (open, close, every QDA ioctl, PRIME, and, with
 * --load, module load and device probe) and N = 1, 2, ...: the Nth
 * failable call (slab or page allocation) this thread makes during the
 * operation fails (/proc/thread-self/fail-nth), until an operation runs
 * without reaching its Nth one, i.e. fault-free; it must then succeed.
 * After every injected failure:
 *  - the result is a clean error (-ENOMEM, or the DSP's answer for the
 *    vDSP's own allocation failures: -EREMOTEIO or AEE_ENOMEMORY), or a
 *    success with correct results (e.g. a fallback to smaller pages);
 *  - the live-object counters are those from before the operation (the
 *    pool of payload buffers, a cache, is left out for operations that
 *    make the session's first DSP call);
 *  - once the file is closed, every counter (driver and vDSP) is back at
 *    its value from before the setup.
 * The vDSP runs in sync mode, so that its side of each message runs in
 * this thread and is swept as well. Leaks are kmemleak's (run.sh).
 * Module loads and the probe must fail with -ENOMEM (or the driver
 * core's -EINVAL, see load_error_clean()) and leave no module, no device
 * behind; the kernel's module loader itself is sampled (sweep_load()).
 *
 * Output: "ok sweep-<op> (<N> failure points)" or "FAIL sweep-<op>: why"
 * per operation, then "N passed, N failed".
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/dma-heap.h>
#include <linux/udmabuf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/klog.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <xf86drm.h>

#include "qt.h"

#define AEE_ENOMEMORY	0x80000402u	/* QDA_AEE_ENOMEMORY */
#define MAX_POINTS	3000	/* an operation with more is broken */
#define CALC_URI "file:///libcalculator_skel.so?calculator_skel_handle_invoke&_modver=1.0&_dom=cdsp"

static struct qt_dev dev;
static int nth_fd = -1;

/* ---- fail-nth ------------------------------------------------------------ */

/* -v: a line in the kernel log before each point, to find its stack */
static void mark(const char *name, unsigned int n)
{
	char buf[128];
	int fd, len;

	if (!qt_verbose)
		return;
	fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	len = snprintf(buf, sizeof(buf), "qda-sweep: %s point %u\n", name, n);
	if (write(fd, buf, (size_t)len) < 0)
		perror("sweep: /dev/kmsg");
	close(fd);
}

static void nth_arm(unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	if (pwrite(nth_fd, buf, (size_t)len, 0) != len) {
		perror("sweep: write fail-nth");
		exit(2);
	}
}

/* Disarm; returns what was left: non-zero means the Nth call never came */
static unsigned int nth_disarm(void)
{
	char buf[16] = "";
	ssize_t n = pread(nth_fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0 || pwrite(nth_fd, "0", 1, 0) != 1) {
		perror("sweep: fail-nth");
		exit(2);
	}
	buf[n] = 0;
	return (unsigned int)strtoul(buf, NULL, 10);
}

/* ---- operations ---------------------------------------------------------- */

struct sw {
	struct qt_sess s;	/* the session under test */
	int fd2;		/* a second file (PRIME) */
	int newfd;		/* an fd the operation made */
	int dmabuf;		/* a dma-buf to import */
	uint32_t bo, h2, calc_h;
	uint64_t dsp_addr;
	void *ptr;
	uint32_t status;	/* the DSP's answer, when the ioctl succeeded */
};

/* MID_NOPOOL: may leave its payload in the pool (see mid_check()) */
#define MID_NOPOOL	(1u << 0)
/*
 * REUSE: the setup serves every N (the operation leaves the state as it
 * found it, after its undo or its failure, which the counters check); the
 * file is closed and checked once, at the end. Otherwise each N has its
 * own setup and close.
 */
#define REUSE		(1u << 1)

struct op {
	const char *name;
	int (*setup)(struct sw *c);
	int (*run)(struct sw *c);	/* the operation, under fail-nth */
	void (*undo)(struct sw *c);	/* after it succeeded */
	unsigned int flags;
};

static int ioc(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) ? -errno : 0;
}

static int gem_create(int fd, uint64_t size, uint32_t *h)
{
	struct drm_qda_gem_create c = { .size = size };
	int ret = ioc(fd, DRM_IOCTL_QDA_GEM_CREATE, &c);

	if (!ret)
		*h = c.handle;
	return ret;
}

static int gem_close(int fd, uint32_t h)
{
	struct drm_gem_close c = { .handle = h };

	return ioc(fd, DRM_IOCTL_GEM_CLOSE, &c);
}

static int sess(struct sw *c, bool proc, bool module)
{
	int ret = qt_sess_open(&dev, &c->s, proc ? "sweep" : NULL, module);

	/* fault the scratch mapping in now, not during an operation */
	for (uint64_t off = 0; !ret && off < c->s.ssize; off += 4096)
		((volatile uint8_t *)c->s.sp)[off] = 0;
	return ret;
}

static int with_bo(struct sw *c, bool proc, bool module)
{
	int ret = sess(c, proc, module);

	return ret ? ret : gem_create(c->s.fd, 64 * 1024, &c->bo);
}

static struct drm_qda_invoke_arg sarg(struct sw *c, uint64_t off, uint64_t len)
{
	return (struct drm_qda_invoke_arg){ .handle = c->s.scratch,
					    .offset = off, .length = len };
}

static int invoke(struct sw *c, uint32_t rh, uint32_t sc,
		  struct drm_qda_invoke_arg *a, uint32_t n)
{
	struct drm_qda_invoke inv = {
		.args_ptr = (uintptr_t)a, .remote_handle = rh, .sc = sc,
		.num_args = n,
	};
	int ret = ioc(c->s.fd, DRM_IOCTL_QDA_INVOKE, &inv);

	c->status = ret ? 0 : inv.dsp_status;
	return ret;
}

/* remotectl open; a refusal (nErr) is the DSP's answer too */
static int module_open(struct sw *c, const char *uri, uint32_t *h)
{
	size_t ulen = strlen(uri) + 1;
	uint32_t in0[2] = { (uint32_t)ulen, 256 }, out0[2];
	struct drm_qda_invoke_arg a[4] = {
		sarg(c, 0, sizeof(in0)), sarg(c, 128, ulen),
		sarg(c, QT_SCRATCH_OUT, 8), sarg(c, QT_SCRATCH_OUT + 128, 256),
	};
	int ret;

	memcpy(c->s.sp, in0, sizeof(in0));
	memcpy(c->s.sp + 128, uri, ulen);
	ret = invoke(c, DRM_QDA_REMOTE_HANDLE_REMOTECTL,
		     DRM_QDA_SCALARS(0, 0, 2, 2, 0, 0), a, 4);
	if (ret || c->status)
		return ret;
	memcpy(out0, c->s.sp + QT_SCRATCH_OUT, sizeof(out0));
	c->status = out0[1];
	*h = out0[0];
	return 0;
}

static int module_close(struct sw *c, uint32_t h)
{
	uint32_t in0[2] = { h, 64 }, nerr;
	struct drm_qda_invoke_arg a[3] = {
		sarg(c, 0, sizeof(in0)), sarg(c, QT_SCRATCH_OUT, 4),
		sarg(c, QT_SCRATCH_OUT + 128, 64),
	};
	int ret;

	memcpy(c->s.sp, in0, sizeof(in0));
	ret = invoke(c, DRM_QDA_REMOTE_HANDLE_REMOTECTL,
		     DRM_QDA_SCALARS(0, 1, 1, 2, 0, 0), a, 3);
	if (ret || c->status)
		return ret;
	memcpy(&nerr, c->s.sp + QT_SCRATCH_OUT, 4);
	c->status = nerr;
	return 0;
}

static int do_map(struct sw *c, uint32_t flags)
{
	struct drm_qda_map m = { .offset = 4096, .length = 8192,
				 .handle = c->bo, .flags = flags };
	int ret = ioc(c->s.fd, DRM_IOCTL_QDA_MAP, &m);

	if (!ret)
		c->dsp_addr = m.dsp_addr;
	return ret;
}

static int do_unmap(struct sw *c)
{
	struct drm_qda_unmap u = { .dsp_addr = c->dsp_addr };

	return ioc(c->s.fd, DRM_IOCTL_QDA_UNMAP, &u);
}

/* open / close */
static int su_none(struct sw *c) { return 0; }
static int op_open(struct sw *c)
{
	c->newfd = open(dev.path, O_RDWR | O_CLOEXEC);
	return c->newfd < 0 ? -errno : 0;
}
static void un_open(struct sw *c) { close(c->newfd); c->newfd = -1; }

static int su_open(struct sw *c)
{
	c->newfd = open(dev.path, O_RDWR | O_CLOEXEC);
	return c->newfd < 0 ? -errno : 0;
}
static int op_close_fd(struct sw *c)
{
	int ret = close(c->newfd) ? -errno : 0;

	c->newfd = -1;
	return ret;
}

/* A file with all there is to let go of: process, module, BOs, DSP
 * mapping, a dma handle the DSP holds; closing it releases the process.
 */
static int su_close_proc(struct sw *c)
{
	uint32_t nr = 1;
	struct drm_qda_invoke_arg a[2];
	int ret = with_bo(c, true, true);

	if (!ret)
		ret = do_map(c, 0);
	if (ret)
		return ret;
	memcpy(c->s.sp, &nr, 4);
	a[0] = (struct drm_qda_invoke_arg){ .handle = c->bo, .length = 4096 };
	ret = invoke(c, c->s.test_h, DRM_QDA_SCALARS(0, QT_M_KEEP, 0, 0, 1, 0),
		     a, 1);
	if (!ret && c->status)
		ret = -EREMOTEIO;
	if (ret)
		return ret;
	/* the CPU mapping holds the file: the close must be the last ref */
	munmap(c->s.sp, c->s.ssize);
	c->s.sp = NULL;
	c->newfd = c->s.fd;
	c->s.fd = -1;
	return 0;
}

/* QUERY */
static int op_query(struct sw *c)
{
	char name[32];
	struct drm_qda_query q = { .param = DRM_QDA_PARAM_DOMAIN_NAME,
				   .data_ptr = (uintptr_t)name,
				   .data_size = sizeof(name) };
	static const uint32_t params[] = {
		DRM_QDA_PARAM_UAPI_VERSION, DRM_QDA_PARAM_DOMAIN_ID,
		DRM_QDA_PARAM_MAX_ARGS, DRM_QDA_PARAM_MAX_BO_SIZE,
		DRM_QDA_PARAM_NUM_CONTEXT_BANKS, DRM_QDA_PARAM_PROC_STATE,
	};
	int ret = ioc(c->s.fd, DRM_IOCTL_QDA_QUERY, &q);

	for (size_t i = 0; !ret && i < sizeof(params) / sizeof(params[0]); i++) {
		struct drm_qda_query p = { .param = params[i] };

		ret = ioc(c->s.fd, DRM_IOCTL_QDA_QUERY, &p);
	}
	if (!ret && strcmp(name, dev.domain))
		ret = -EBADMSG;
	return ret;
}

static int query_cap(struct sw *c, uint64_t *v)
{
	struct drm_qda_query q = { .param = DRM_QDA_PARAM_DSP_CAPABILITY,
				   .index = 1 };
	int ret = ioc(c->s.fd, DRM_IOCTL_QDA_QUERY, &q);

	*v = q.value;
	return ret;
}

/*
 * The capabilities are asked once per DSP boot: restart the DSP so that
 * the query below reaches it (with a payload already in the pool).
 */
static int su_caps(struct sw *c)
{
	int64_t epoch;
	uint64_t v;
	int ret = sess(c, false, false);

	if (!ret)
		ret = query_cap(c, &v);
	if (ret)
		return ret;
	epoch = qt_core(&dev, "remote_epoch");
	ret = qt_inject(&dev, "crash 1");
	if (ret)
		return ret;
	for (int i = 0; i < 500; i++) {
		if (qt_core(&dev, "remote_epoch") > epoch)
			return 0;
		qt_sleep_ms(2);
	}
	return -ETIMEDOUT;
}
static int op_caps(struct sw *c)
{
	uint64_t v = 0;
	int ret = query_cap(c, &v);

	return !ret && v != 1 ? -EBADMSG : ret;
}

/* GEM */
static int su_sess(struct sw *c) { return sess(c, false, false); }
static int su_bo(struct sw *c) { return with_bo(c, false, false); }
static int op_gem_create(struct sw *c)
{
	/* 68 KiB: an order-4 chunk and an order-0 page */
	return gem_create(c->s.fd, 68 * 1024, &c->h2);
}
static void un_h2(struct sw *c) { gem_close(c->s.fd, c->h2); }
static int op_gem_info(struct sw *c)
{
	struct drm_qda_gem_info i = { .handle = c->bo };
	int ret = ioc(c->s.fd, DRM_IOCTL_QDA_GEM_INFO, &i);

	return !ret && (i.size != 64 * 1024 || !i.mmap_offset) ? -EBADMSG : ret;
}
static int op_gem_mmap(struct sw *c)
{
	struct drm_qda_gem_info i = { .handle = c->bo };
	int ret = ioc(c->s.fd, DRM_IOCTL_QDA_GEM_INFO, &i);

	if (ret)
		return ret;
	c->ptr = mmap(NULL, 64 * 1024, PROT_READ | PROT_WRITE, MAP_SHARED,
		      c->s.fd, (off_t)i.mmap_offset);
	return c->ptr == MAP_FAILED ? -errno : 0;
}
static void un_gem_mmap(struct sw *c)
{
	/* the first touch is a fault, outside the sweep */
	((volatile uint8_t *)c->ptr)[100] = 1;
	munmap(c->ptr, 64 * 1024);
}
static int op_gem_close(struct sw *c) { return gem_close(c->s.fd, c->bo); }

/* PRIME */
static int op_export(struct sw *c)
{
	struct drm_prime_handle p = { .handle = c->bo,
				      .flags = DRM_CLOEXEC | DRM_RDWR };
	int ret = ioc(c->s.fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &p);

	if (!ret)
		c->newfd = p.fd;
	return ret;
}
static void un_newfd(struct sw *c) { close(c->newfd); c->newfd = -1; }

static int import(struct sw *c, int fd)
{
	struct drm_prime_handle p = { .fd = c->dmabuf };
	int ret = ioc(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &p);

	if (!ret)
		c->h2 = p.handle;
	return ret;
}

/* our own BO, exported by one file and imported by another */
static int su_import_self(struct sw *c)
{
	int ret = su_bo(c);

	if (ret || (ret = op_export(c)))
		return ret;
	c->dmabuf = c->newfd;
	c->newfd = -1;
	c->fd2 = open(dev.path, O_RDWR | O_CLOEXEC);
	return c->fd2 < 0 ? -errno : 0;
}
static int op_import_self(struct sw *c) { return import(c, c->fd2); }
static void un_import_self(struct sw *c) { gem_close(c->fd2, c->h2); }

static int su_udmabuf(struct sw *c)
{
	const size_t size = 64 * 1024;
	int memfd, udev, ret = sess(c, false, false);
	struct udmabuf_create u = { .flags = UDMABUF_FLAGS_CLOEXEC,
				    .size = size };

	if (ret)
		return ret;
	memfd = memfd_create("sweep", MFD_ALLOW_SEALING | MFD_CLOEXEC);
	udev = open("/dev/udmabuf", O_RDWR | O_CLOEXEC);
	ret = -errno;
	if (memfd >= 0 && udev >= 0 && !ftruncate(memfd, (off_t)size) &&
	    !fcntl(memfd, F_ADD_SEALS, F_SEAL_SHRINK)) {
		u.memfd = (uint32_t)memfd;
		c->dmabuf = ioctl(udev, UDMABUF_CREATE, &u);
		ret = c->dmabuf < 0 ? -errno : 0;
	}
	if (memfd >= 0)
		close(memfd);
	if (udev >= 0)
		close(udev);
	return ret;
}
static int su_heap(struct sw *c)
{
	struct dma_heap_allocation_data a = { .len = 64 * 1024,
					      .fd_flags = O_RDWR | O_CLOEXEC };
	int heap, ret = sess(c, false, false);

	if (ret)
		return ret;
	heap = open("/dev/dma_heap/system", O_RDWR | O_CLOEXEC);
	if (heap < 0)
		return -errno;
	ret = ioc(heap, DMA_HEAP_IOCTL_ALLOC, &a);
	close(heap);
	c->dmabuf = ret ? -1 : (int)a.fd;
	return ret;
}
static int op_import(struct sw *c) { return import(c, c->s.fd); }

/* processes */
static int su_shell(struct sw *c)
{
	int ret = sess(c, false, false);

	return ret ? ret : gem_create(c->s.fd, 8192, &c->bo);
}
static int proc_create(struct sw *c, uint32_t flags, bool shell)
{
	struct drm_qda_proc_create pc = {
		.name_ptr = (uintptr_t)"sweep", .name_len = 5, .flags = flags,
		.shell_handle = shell ? c->bo : 0, .shell_size = shell ? 8192 : 0,
	};

	return ioc(c->s.fd, DRM_IOCTL_QDA_PROC_CREATE, &pc);
}
static int op_create(struct sw *c) { return proc_create(c, DRM_QDA_PROC_UNSIGNED, true); }
static int op_create_signed(struct sw *c) { return proc_create(c, 0, false); }
static int op_attach(struct sw *c)
{
	struct drm_qda_proc_attach pa = { .pd = DRM_QDA_PD_ROOT };

	return ioc(c->s.fd, DRM_IOCTL_QDA_PROC_ATTACH, &pa);
}

/* remotectl */
static int su_proc(struct sw *c) { return sess(c, true, false); }
static int su_module(struct sw *c) { return sess(c, true, true); }
static int op_module_open(struct sw *c)
{
	return module_open(c, QT_TEST_URI, &c->h2);
}
static void un_module_open(struct sw *c) { module_close(c, c->h2); }
static int op_module_close(struct sw *c)
{
	return module_close(c, c->s.test_h);
}

/* user calls */
static int op_echo(struct sw *c)
{
	uint32_t len = 4096;
	struct drm_qda_invoke_arg a[2] = { sarg(c, 0, len),
					   sarg(c, QT_SCRATCH_OUT, len) };
	int ret;

	for (uint32_t i = 0; i < len; i++)
		c->s.sp[i] = (uint8_t)(i * 7 + 3);
	memset(c->s.sp + QT_SCRATCH_OUT, 0, len);
	ret = invoke(c, c->s.test_h, QT_SC(QT_M_ECHO, 1, 1), a, 2);
	if (!ret && !c->status &&
	    (a[1].length != len ||
	     memcmp(c->s.sp, c->s.sp + QT_SCRATCH_OUT, len)))
		return -EBADMSG;
	return ret;
}
static int op_handles(struct sw *c)
{
	struct drm_qda_invoke_arg a[2] = {
		sarg(c, QT_SCRATCH_OUT, 12),
		{ .handle = c->bo, .offset = 4096, .length = 8192 },
	};
	uint32_t got[3];
	int ret = invoke(c, c->s.test_h,
			 DRM_QDA_SCALARS(0, QT_M_HANDLES, 0, 1, 1, 0), a, 2);

	if (ret || c->status)
		return ret;
	memcpy(got, c->s.sp + QT_SCRATCH_OUT, sizeof(got));
	return got[0] == c->bo && got[1] == 4096 && got[2] == 8192 ?
	       0 : -EBADMSG;
}
static int op_keep(struct sw *c)
{
	struct drm_qda_invoke_arg a[1] = {
		{ .handle = c->bo, .length = 4096 },
	};

	return invoke(c, c->s.test_h, DRM_QDA_SCALARS(0, QT_M_KEEP, 0, 0, 1, 0),
		      a, 1);
}
static int op_release_kept(struct sw *c)
{
	struct drm_qda_invoke_arg a[1] = { sarg(c, 0, 4) };

	memcpy(c->s.sp, &c->bo, 4);
	return invoke(c, c->s.test_h, QT_SC(QT_M_RELEASE_KEPT, 1, 0), a, 1);
}
static void un_keep(struct sw *c) { op_release_kept(c); }
static int su_kept(struct sw *c)
{
	int ret = with_bo(c, true, true);

	if (!ret)
		ret = op_keep(c);
	return ret ? ret : c->status ? -EREMOTEIO : 0;
}
static int su_calc(struct sw *c)
{
	int ret = su_module(c);

	if (!ret)
		ret = module_open(c, CALC_URI, &c->calc_h);
	return ret ? ret : c->status ? -EREMOTEIO : 0;
}
static int op_calc_sum(struct sw *c)
{
	uint32_t in0 = 3;
	int32_t vec[3] = { 1, 2, 3 };
	int64_t res = 0;
	struct drm_qda_invoke_arg a[3] = { sarg(c, 0, 4), sarg(c, 128, 12),
					   sarg(c, QT_SCRATCH_OUT, 8) };
	int ret;

	memcpy(c->s.sp, &in0, 4);
	memcpy(c->s.sp + 128, vec, sizeof(vec));
	ret = invoke(c, c->calc_h, DRM_QDA_SCALARS(0, 2, 2, 1, 0, 0), a, 3);
	if (ret || c->status)
		return ret;
	memcpy(&res, c->s.sp + QT_SCRATCH_OUT, 8);
	return res == 6 ? 0 : -EBADMSG;
}

/* DSP mappings */
static int su_map_bo(struct sw *c) { return with_bo(c, true, true); }
static int op_map(struct sw *c) { return do_map(c, 0); }
static int op_map_legacy(struct sw *c) { return do_map(c, DRM_QDA_MAP_LEGACY); }
static void un_map(struct sw *c)
{
	uint8_t v = 0x5c, got = 0;
	uint32_t st = 1;

	/* the mapping reaches the BO's second page */
	if (!qt_poke(&c->s, c->dsp_addr, &v, 1, &st) && !st)
		qt_peek(&c->s, c->dsp_addr, &got, 1, &st);
	if (got != v)
		qt_fail("sweep-map-check", "DSP mapping does not work (%u)", st);
	do_unmap(c);
}
static int su_mapped(struct sw *c)
{
	int ret = with_bo(c, true, true);

	return ret ? ret : do_map(c, 0);
}
static int su_mapped_legacy(struct sw *c)
{
	int ret = with_bo(c, true, true);

	return ret ? ret : do_map(c, DRM_QDA_MAP_LEGACY);
}
static int op_unmap(struct sw *c) { return do_unmap(c); }

static const struct op ops[] = {
	{ "open", su_none, op_open, un_open, REUSE },
	{ "close", su_open, op_close_fd, NULL, 0 },
	{ "close-process", su_close_proc, op_close_fd, NULL, 0 },
	{ "query", su_sess, op_query, NULL, REUSE },
	{ "query-caps", su_caps, op_caps, NULL, 0 },
	{ "gem-create", su_sess, op_gem_create, un_h2, REUSE },
	{ "gem-info", su_bo, op_gem_info, NULL, REUSE },
	{ "gem-mmap", su_bo, op_gem_mmap, un_gem_mmap, REUSE },
	{ "gem-close", su_bo, op_gem_close, NULL, 0 },
	{ "prime-export", su_bo, op_export, un_newfd, 0 },	/* cached on the BO */
	{ "prime-import-self", su_import_self, op_import_self, un_import_self, REUSE },
	{ "prime-import-udmabuf", su_udmabuf, op_import, un_h2, REUSE },
	{ "prime-import-heap", su_heap, op_import, un_h2, REUSE },
	{ "proc-create", su_shell, op_create, NULL, MID_NOPOOL },
	{ "proc-create-signed", su_sess, op_create_signed, NULL, MID_NOPOOL },
	{ "proc-attach", su_sess, op_attach, NULL, MID_NOPOOL },
	{ "module-open", su_proc, op_module_open, un_module_open, REUSE },
	{ "module-close", su_module, op_module_close, NULL, 0 },
	{ "invoke-echo", su_module, op_echo, NULL, REUSE },
	{ "invoke-handles", su_map_bo, op_handles, NULL, REUSE },
	{ "invoke-keep", su_map_bo, op_keep, un_keep, REUSE },
	{ "invoke-release-kept", su_kept, op_release_kept, NULL, 0 },
	{ "invoke-calculator", su_calc, op_calc_sum, NULL, REUSE },
	{ "map", su_map_bo, op_map, un_map, REUSE },
	{ "map-legacy", su_map_bo, op_map_legacy, un_map, REUSE },
	{ "unmap", su_mapped, op_unmap, NULL, 0 },
	{ "unmap-legacy", su_mapped_legacy, op_unmap, NULL, 0 },
};

static void teardown(struct sw *c)
{
	if (c->newfd >= 0)
		close(c->newfd);
	if (c->dmabuf >= 0)
		close(c->dmabuf);
	if (c->fd2 >= 0)
		close(c->fd2);
	if (c->s.fd >= 0)
		qt_sess_close(&c->s);
}

static void sw_init(struct sw *c)
{
	memset(c, 0, sizeof(*c));
	c->s.fd = -1;
	c->fd2 = -1;
	c->newfd = -1;
	c->dmabuf = -1;
}

/*
 * Counters compared right after a failed operation, with the file still
 * open: everything, or (MID_NOPOOL) all but the BOs and their mappings
 * (the session's first DSP call leaves a payload buffer in its pool).
 */
static const char *const live[QT_NUM_LIVE] = {
	"core.bos", "core.imports", "core.sessions", "core.contexts",
	"core.cb_maps", "core.dsp_maps", "core.bytes", "vdsp.processes",
	"vdsp.module_handles", "vdsp.dsp_maps", "vdsp.dsp_mapped_bytes",
	"vdsp.smmu_maps", "vdsp.smmu_mapped_bytes",
};
/* All live counters, reading each debugfs file once */
static void snap(struct qt_base *b)
{
	static const char *const names[QT_NUM_LIVE] = {
		"bos", "imports", "sessions", "contexts", "cb_maps", "dsp_maps",
		"bytes", "processes", "module_handles", "dsp_maps",
		"dsp_mapped_bytes", "smmu_maps", "smmu_mapped_bytes",
	};
	char path[sizeof(dev.core_stats) + 8], line[256];

	for (int i = 0; i < QT_NUM_LIVE; i++)
		b->v[i] = INT64_MIN;
	for (int f = 0; f < 2; f++) {
		int lo = f ? 7 : 0, hi = f ? QT_NUM_LIVE : 7;
		FILE *fp;

		snprintf(path, sizeof(path), "%s%s", f ? dev.vdsp_dir : dev.core_stats,
			 f ? "/stats" : "");
		fp = fopen(path, "re");
		if (!fp)
			continue;
		while (fgets(line, sizeof(line), fp)) {
			char *sp = strchr(line, ' ');

			if (!sp)
				continue;
			*sp = 0;
			for (int i = lo; i < hi; i++)
				if (!strcmp(line, names[i]))
					b->v[i] = strtoll(sp + 1, NULL, 10);
		}
		fclose(fp);
	}
}

/* Wait up to 2 s for the counters (but @skip) to equal @b; else say why */
static int counters_check(const struct qt_base *b, unsigned int skip,
			  char *why, size_t len)
{
	struct qt_base now;
	size_t off = 0;
	int bad, i, tries;

	for (tries = 0; tries < 100; tries++) {
		snap(&now);
		bad = 0;
		for (i = 0; i < QT_NUM_LIVE; i++)
			if ((now.v[i] != b->v[i] || now.v[i] == INT64_MIN) &&
			    !(skip & (1u << i)))
				bad++;
		if (!bad)
			return 0;
		qt_sleep_ms(20);
	}
	for (i = 0; i < QT_NUM_LIVE && off < len; i++)
		if ((now.v[i] != b->v[i] || now.v[i] == INT64_MIN) &&
		    !(skip & (1u << i)))
			off += (size_t)snprintf(why + off, len - off,
						" %s %" PRId64 " (was %" PRId64 ")",
						live[i], now.v[i], b->v[i]);
	return -1;
}

/* BOs and their mappings, incl. a pooled payload's: bos cb_maps bytes smmu_* */
#define POOL_COUNTERS	(1u << 0 | 1u << 4 | 1u << 6 | 1u << 11 | 1u << 12)

static int mid_check(const struct qt_base *b, unsigned int flags, char *why,
		     size_t len)
{
	return counters_check(b, flags & MID_NOPOOL ? POOL_COUNTERS : 0, why,
			      len);
}

static bool clean_error(int ret, uint32_t status)
{
	if (ret == -ENOMEM || ret == -EREMOTEIO)
		return true;
	return !ret && status == AEE_ENOMEMORY;
}

static void sweep(const struct op *op)
{
	bool reuse = op->flags & REUSE, fresh = true;
	char name[96], why[512];
	struct qt_base base0, base1;
	unsigned int n, left;
	struct sw c;
	int ret;

	snprintf(name, sizeof(name), "sweep-%s", op->name);
	snap(&base0);
	for (n = 1; n <= MAX_POINTS; n++) {
		if (fresh) {
			sw_init(&c);
			ret = op->setup(&c);
			if (ret) {
				qt_fail(name, "setup failed: %s", strerror(-ret));
				goto out;
			}
			fresh = !reuse;
		}
		snap(&base1);

		mark(name, n);
		nth_arm(n);
		ret = op->run(&c);
		left = nth_disarm();

		if (left && (ret || c.status)) {
			/* the Nth failable call never came: a fault-free run */
			qt_fail(name, "fails without injected failure: %d (%s), DSP status %#x",
				ret, strerror(-ret), c.status);
			goto out;
		}
		if ((ret || c.status) && !clean_error(ret, c.status)) {
			qt_fail(name, "failure point %u: not a clean error: %d (%s), DSP status %#x",
				n, ret, strerror(-ret), c.status);
			goto out;
		}
		if (ret || c.status) {
			if (qt_verbose)
				qt_note("%s: point %u: %d, DSP status %#x", name,
					n, ret, c.status);
		} else if (op->undo) {
			/* fault-free, or the failure was absorbed (a fallback) */
			op->undo(&c);
		}
		if ((ret || c.status || reuse) &&
		    mid_check(&base1, op->flags, why, sizeof(why))) {
			qt_fail(name, "failure point %u (%s, DSP status %#x): counters not back:%s",
				n, strerror(-ret), c.status, why);
			goto out;
		}
		if (!reuse || left) {
			teardown(&c);
			if (counters_check(&base0, 0, why, sizeof(why))) {
				qt_fail(name, "failure point %u%s: after close:%s",
					n, left ? " (none injected)" : "", why);
				return;
			}
		}
		if (left) {
			snprintf(name, sizeof(name), "sweep-%s (%u failure points)",
				 op->name, n - 1);
			qt_ok(name);
			return;
		}
	}
	qt_fail(name, "still failing after %u failure points", MAX_POINTS);
out:
	teardown(&c);
}

/* ---- module load and device probe ----------------------------------------- */

static bool module_loaded(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/module/%s", name);
	return !access(path, F_OK);
}

static int unload(const char *name)
{
	for (int i = 0; i < 200; i++) {
		if (!syscall(SYS_delete_module, name, O_NONBLOCK))
			return 0;
		if (errno != EAGAIN && errno != EBUSY)
			break;
		qt_sleep_ms(10);
	}
	return -errno;
}

static bool accel_present(void)
{
	return qt_dev_find(&dev) == 0;
}

static int load(int kofd, const char *args)
{
	return syscall(SYS_finit_module, kofd, args, 0) ? -errno : 0;
}

static int wait_accel(bool want)
{
	for (int i = 0; i < 200; i++) {
		if (accel_present() == want)
			return 0;
		qt_sleep_ms(10);
	}
	return -ETIMEDOUT;
}

/*
 * A defect of the 6.12 DRM core, outside QDA: when drm_sysfs_minor_alloc()
 * fails (its kzalloc() of the minor's device, or dev_set_name()),
 * drm_minor_alloc() returns with minor->kdev an ERR_PTR, and the managed
 * release it registered just before, drm_minor_alloc_release(), calls
 * put_device() on it: a general protection fault in kobject_put() (seen
 * here in the vDSP's probe, devm_drm_dev_alloc() in qda_domain_register()).
 * QDA cannot avoid it, so those points are left out of the probe and the
 * vDSP's load: each injected failure's stack is read back from the kernel
 * log (fail_dump(), verbose 2), and once one is in drm_minor_alloc() the
 * next SKIP_WINDOW points are not failed: the minor's own allocations
 * with kmemleak's for them (at most 6 before drm_sysfs_minor_alloc()),
 * its 4, and a margin for slab page refills. What follows them is
 * drm_dev_init()'s rest, safe to fail, and failed.
 */
#define SKIP_WINDOW	12
#define DBGFS		"/sys/kernel/debug"

struct skips {
	unsigned int until;	/* points up to this one are skipped */
	unsigned int n;		/* how many were */
	int kmsg;		/* /dev/kmsg, positioned after the last run */
	int loglevel;		/* the console's, restored at the end */
};

static bool skipped(struct skips *sk, unsigned int n)
{
	if (n > sk->until)
		return false;
	sk->n++;
	return true;
}

static int dbg_write(const char *file, const char *str)
{
	int fd = open(file, O_WRONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, str, strlen(str)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/* Stack traces of injected failures into the log, not onto the console */
static int skips_start(struct skips *sk)
{
	FILE *f = fopen("/proc/sys/kernel/printk", "re");

	memset(sk, 0, sizeof(*sk));
	sk->loglevel = 5;
	if (f) {
		if (fscanf(f, "%d", &sk->loglevel) != 1)
			sk->loglevel = 5;
		fclose(f);
	}
	klogctl(8, NULL, 1);	/* SYSLOG_ACTION_CONSOLE_LEVEL */
	sk->kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (sk->kmsg < 0)
		return -errno;
	lseek(sk->kmsg, 0, SEEK_END);
	return dbg_write(DBGFS "/failslab/verbose", "2") ?:
	       dbg_write(DBGFS "/fail_page_alloc/verbose", "2");
}

static void skips_stop(struct skips *sk)
{
	dbg_write(DBGFS "/failslab/verbose", "0");
	dbg_write(DBGFS "/fail_page_alloc/verbose", "0");
	klogctl(8, NULL, sk->loglevel);
	if (sk->kmsg >= 0)
		close(sk->kmsg);
}

/*
 * After point @n was failed: where was it? Arms the skip window; returns
 * whether it was in a module's init (do_one_initcall()).
 */
static bool skips_check(struct skips *sk, unsigned int n)
{
	bool in_minor = false, in_sysfs = false, in_init = false, seen = false;
	char rec[2048];
	ssize_t len;

	/* one record per read; the run's whole log since the last check */
	while ((len = read(sk->kmsg, rec, sizeof(rec) - 1)) > 0 ||
	       (len < 0 && errno == EPIPE)) {
		if (len <= 0)
			continue;
		rec[len] = 0;
		if (strstr(rec, "FAULT_INJECTION: forcing a failure")) {
			if (seen)
				break;	/* only the first injection's stack */
			seen = true;
		}
		if (!seen)
			continue;
		in_minor |= strstr(rec, " drm_minor_alloc+") != NULL;
		in_sysfs |= strstr(rec, "drm_sysfs_minor_alloc") != NULL;
		in_init |= strstr(rec, " do_one_initcall+") != NULL;
	}
	while (read(sk->kmsg, rec, sizeof(rec) - 1) > 0)
		;
	if (in_minor && !in_sysfs && sk->until < n)
		sk->until = n + SKIP_WINDOW;
	return in_init;
}

/*
 * The driver core reports two allocation failures as -EINVAL, in kernel
 * code outside QDA: module_add_driver() when kobject_create_and_add() of
 * /sys/module/<mod>/drivers fails (qda_vdsp's platform_driver_register()),
 * and device_add() when dev_set_name() failed (platform_device_add() of
 * the vDSP's context-bank devices in its probe). Loads and probes that
 * register drivers or devices accept -EINVAL besides -ENOMEM; what they
 * leave behind is checked all the same. qda.ko registers neither: only
 * -ENOMEM.
 */
static bool load_error_clean(int ret, bool driver_core)
{
	return ret == -ENOMEM || (driver_core && ret == -EINVAL);
}

#define LOADER_STRIDE	8

/*
 * Load @ko (module @mod) with the Nth allocation failing, N = 1, 2, ...
 * A failed load leaves no module behind; a successful one (the vDSP's
 * probe may have failed in it: its device then is not there) is unloaded
 * again. @probe: the module's device must come up on a fault-free load.
 *
 * Bounded: a failed load costs about 0.3 s on the debug VM, and nearly
 * all of a load's 450-odd points are the kernel's module loader's before
 * the module's init runs (reading and relocating the image, its memory,
 * sysfs, kallsyms, BTF, the notifiers): core kernel code, the same for
 * any module, not QDA's. Those are sampled, every LOADER_STRIDE-th (each
 * must still fail cleanly and leave nothing), until a sampled failure's
 * stack is in the module's init; from LOADER_STRIDE points before that
 * one on, every point is failed (the init, the vDSP's probe, what the
 * loader does after). The vDSP's init allocates far more than
 * LOADER_STRIDE times before its probe reaches drm_minor_alloc(), so no
 * sample lands in the skip window (struct skips) before it is armed.
 */
static void sweep_load(const char *ko, const char *mod, const char *args,
		       bool probe)
{
	/* the vDSP registers a driver and devices (load_error_clean()) */
	bool driver_core = probe, full = false;
	unsigned int n, left, from = 0, tried = 0;
	struct skips sk = { .kmsg = -1 };
	char name[200];
	int fd, ret;

	/* copies: the probe sweep opens its file and starts alike (own cleanup) */
	snprintf(name, sizeof(name), "sweep-load-%s", mod);
	fd = open(ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		qt_fail(name, "%s: %s", ko, strerror(errno));
		return;
	}
	if (skips_start(&sk)) {
		qt_fail(name, "cannot read the failures' stacks back");
		goto out;
	}
	for (n = 1; n <= MAX_POINTS; n++) {
		bool in_init;

		if ((!full && n % LOADER_STRIDE != 1) || skipped(&sk, n))
			continue;
		tried++;
		mark(name, n);
		nth_arm(n);
		ret = load(fd, args);
		left = nth_disarm();
		in_init = skips_check(&sk, n);
		if (ret) {
			if (left || !load_error_clean(ret, driver_core)) {
				qt_fail(name, "failure point %u: load failed with %d (%s)%s",
					n, ret, strerror(-ret),
					left ? ", none injected" : "");
				break;
			}
			if (module_loaded(mod)) {
				qt_fail(name, "failure point %u: a failed load left the module", n);
				break;
			}
		} else {
			/* with a failure injected the probe may have failed */
			if (probe && left && wait_accel(true)) {
				qt_fail(name, "no device after a fault-free load");
				break;
			}
			ret = unload(mod);
			if (ret) {
				qt_fail(name, "point %u: unload: %s", n, strerror(-ret));
				break;
			}
		}
		if (left) {
			snprintf(name, sizeof(name),
				 "sweep-load-%s (%u failure points: every %uth up to %u, all from there; %u in drm_minor_alloc skipped; %u failed)",
				 mod, n - 1, LOADER_STRIDE, from, sk.n, tried - 1);
			qt_ok(name);
			break;
		}
		if (!full && (in_init || !ret)) {
			/* the module's own code from here: back to every point */
			full = true;
			from = n > LOADER_STRIDE ? n - LOADER_STRIDE : 0;
			n = from;
		}
	}
	if (n > MAX_POINTS)
		qt_fail(name, "still failing after %u failure points", MAX_POINTS);
out:
	skips_stop(&sk);
	close(fd);
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/* Bind the vDSP's device to its driver with the Nth allocation failing */
static void sweep_probe(const char *devname)
{
	const char *drv = "/sys/bus/platform/drivers/qda-vdsp";
	char name[160], path[160];
	struct skips sk = { .kmsg = -1 };
	unsigned int n, left;
	int fd, ret;

	snprintf(name, sizeof(name), "sweep-probe");
	snprintf(path, sizeof(path), "%s/unbind", drv);
	ret = write_str(path, devname);
	if (ret || wait_accel(false)) {
		qt_fail(name, "unbind %s: %s", devname, strerror(-ret));
		return;
	}
	snprintf(path, sizeof(path), "%s/bind", drv);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		qt_fail(name, "%s: %s", path, strerror(errno));
		return;
	}
	if (skips_start(&sk)) {
		qt_fail(name, "cannot read the failures' stacks back");
		skips_stop(&sk);
		close(fd);
		return;
	}
	for (n = 1; n <= MAX_POINTS; n++) {
		if (skipped(&sk, n))
			continue;
		mark(name, n);
		nth_arm(n);
		ret = write(fd, devname, strlen(devname)) < 0 ? -errno : 0;
		left = nth_disarm();
		skips_check(&sk, n);
		if (ret) {
			if (left || !load_error_clean(ret, true)) {
				qt_fail(name, "failure point %u: bind failed with %d (%s)%s",
					n, ret, strerror(-ret),
					left ? ", none injected" : "");
				break;
			}
			if (accel_present()) {
				qt_fail(name, "failure point %u: a failed probe left the device", n);
				break;
			}
			continue;
		}
		if (wait_accel(true)) {
			qt_fail(name, "point %u: no device after a successful probe", n);
			break;
		}
		if (left) {
			snprintf(name, sizeof(name),
				 "sweep-probe (%u failure points, %u in drm_minor_alloc skipped)",
				 n - 1, sk.n);
			qt_ok(name);
			break;
		}
		snprintf(path, sizeof(path), "%s/unbind", drv);
		ret = write_str(path, devname);
		if (ret || wait_accel(false)) {
			qt_fail(name, "point %u: unbind: %s", n, strerror(-ret));
			break;
		}
	}
	skips_stop(&sk);
	if (n > MAX_POINTS)
		qt_fail(name, "still failing after %u failure points", MAX_POINTS);
	close(fd);
}

static int do_load(const char *kodir, const char *qda_args,
		   const char *vdsp_args)
{
	char qko[256], vko[256], devname[64];
	int fd;

	snprintf(qko, sizeof(qko), "%s/qda.ko", kodir);
	snprintf(vko, sizeof(vko), "%s/qda_vdsp.ko", kodir);
	if (qt_dev_find(&dev)) {
		qt_fail("sweep-load", "no QDA device to start from");
		return qt_summary();
	}
	snprintf(devname, sizeof(devname), "qda-vdsp-%s", dev.domain);
	if (unload("qda_vdsp") || unload("qda")) {
		qt_fail("sweep-load", "cannot unload the modules: %s",
			strerror(errno));
		return qt_summary();
	}
	sweep_load(qko, "qda", qda_args, false);
	fd = open(qko, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || load(fd, qda_args)) {
		qt_fail("sweep-load", "loading qda.ko: %s", strerror(errno));
		return qt_summary();
	}
	close(fd);
	sweep_load(vko, "qda_vdsp", vdsp_args, true);
	fd = open(vko, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || load(fd, vdsp_args) || wait_accel(true)) {
		qt_fail("sweep-load", "loading qda_vdsp.ko: %s", strerror(errno));
		return qt_summary();
	}
	close(fd);
	sweep_probe(devname);
	/* the same device as before all this: nothing (minor, ids) leaked */
	if (wait_accel(true) || strcmp(dev.path, "/dev/accel/accel0"))
		qt_fail("sweep-load-device-back", "device %s", dev.path);
	else
		qt_ok("sweep-load-device-back");
	return qt_summary();
}

static void usage(void)
{
	fprintf(stderr,
		"usage: qda-sweep [-v] [OP...]            ioctl, open/close sweeps (vDSP set to sync)\n"
		"       qda-sweep --load KODIR QDA_ARGS VDSP_ARGS   module load and probe sweeps\n"
		"       qda-sweep --list\n");
}

int main(int argc, char **argv)
{
	int argi = 1, ran = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "--list")) {
		for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
			printf("%s\n", ops[i].name);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "-v")) {
		qt_verbose = true;
		argi++;
	}
	/* no page faults of our own in the sweep (they would count) */
	if (mlockall(MCL_CURRENT | MCL_FUTURE))
		perror("sweep: mlockall");
	nth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	if (nth_fd < 0) {
		perror("sweep: /proc/thread-self/fail-nth (CONFIG_FAULT_INJECTION?)");
		return 2;
	}
	if (argc - argi == 4 && !strcmp(argv[argi], "--load"))
		return do_load(argv[argi + 1], argv[argi + 2], argv[argi + 3]);
	if (argi < argc && argv[argi][0] == '-') {
		usage();
		return 2;
	}
	if (qt_dev_find(&dev)) {
		qt_fail("sweep", "no QDA device with a vDSP");
		return qt_summary();
	}
	if (qt_set_sync(&dev, 1)) {
		qt_fail("sweep", "cannot set the vDSP to sync mode");
		return qt_summary();
	}
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		bool want = argi == argc;

		for (int a = argi; a < argc; a++)
			want |= !strcmp(argv[a], ops[i].name);
		if (!want)
			continue;
		sweep(&ops[i]);
		ran++;
	}
	qt_set_sync(&dev, 0);
	if (!ran)
		qt_fail("sweep", "no such operation");
	return qt_summary();
}
