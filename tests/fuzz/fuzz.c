// SPDX-License-Identifier: MIT
/*
 * qda-fuzz: a structured ioctl fuzzer for QDA, inside the test VM
 * (tests/fuzz/run.sh).
 *
 *   qda-fuzz [-d SECONDS] [-s SEED] [-f FDS] [-n MAXOPS] [-v]
 *
 * Random sequences of valid-ish and invalid QDA ioctls (and the DRM core's
 * GEM_CLOSE / PRIME ioctls, mmap) over live handles on a few open files:
 * random sizes, offsets, lengths, flags, pads, scalars words, remote
 * handles, argument arrays, deadlines.  Single-threaded and driven by one
 * xorshift generator, so a seed replays the same sequence (timing-dependent
 * outcomes such as deadlines aside).
 *
 * Assertions (beyond the VM harness's kernel log scan, which catches
 * crashes, WARNs and KFENCE reports):
 *  - every errno is in the documented set of its ioctl; -EFAULT only when a
 *    bad user pointer was passed on purpose;
 *  - oracles on well-formed requests: valid GEM_CREATE and GEM_INFO
 *    succeed, a well-formed echo returns its input, MAP of a valid slice
 *    of a session with a process succeeds;
 *  - at the end, with every file closed, every live counter of the core and
 *    the vDSP is back to its baseline.
 * Subtests printed: "ok fuzz-<ioctl>" per ioctl kind exercised, "ok
 * fuzz-counters"; a failure prints the seed and op number to replay.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "qt.h"

#define MAX_FDS 4
#define MAX_BOS 24
#define MAX_MAPS 16

struct fbo {
	uint32_t handle;
	uint64_t size;
	uint8_t *ptr;		/* CPU mapping, or NULL */
};

struct ffile {
	int fd;
	bool proc;		/* has a DSP process */
	uint32_t test_h;	/* qda_test handle, 0 if none */
	struct fbo bo[MAX_BOS];
	unsigned int nbo;
	uint64_t maps[MAX_MAPS];
	unsigned int nmaps;
	uint32_t closed_handle;	/* a handle closed recently */
};

enum op {
	OP_QUERY, OP_GEM_CREATE, OP_GEM_INFO, OP_GEM_CLOSE, OP_PROC_CREATE,
	OP_PROC_ATTACH, OP_INVOKE, OP_ECHO, OP_MAP, OP_UNMAP, OP_PRIME, OP_MMAP,
	OP_REOPEN, OP_BADPTR, OP_UNKNOWN_IOCTL, NUM_OPS
};

static const char *const op_names[NUM_OPS] = {
	"query", "gem_create", "gem_info", "gem_close", "proc_create",
	"proc_attach", "invoke", "echo_oracle", "map", "unmap", "prime", "mmap",
	"reopen", "bad_pointers", "unknown_ioctl",
};
static const unsigned int op_weight[NUM_OPS] = {
	4, 6, 3, 4, 2, 1, 14, 3, 3, 2, 2, 2, 1, 2, 1,
};

static struct qt_dev dev;
static struct ffile files[MAX_FDS];
static unsigned int nfiles = 3;
static uint64_t seed, rng, opno;
static unsigned long op_count[NUM_OPS], op_fail[NUM_OPS];
static char first_fail[NUM_OPS][600];
static unsigned long nbusy;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint64_t rn(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static bool chance(unsigned int pct)
{
	return rn(100) < pct;
}

static const char *en(int ret)
{
	return qt_errname(ret);
}

static void bad(enum op o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bad(enum op o, const char *fmt, ...)
{
	va_list ap;
	char msg[500];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!op_fail[o]++)
		snprintf(first_fail[o], sizeof(first_fail[o]), "op #%" PRIu64 ": %s", opno,
			 msg);
	if (qt_verbose)
		printf("# op %" PRIu64 " %s: %s\n", opno, op_names[o], msg);
}

/* errno allowed for an op; @fault: a bad user pointer was passed on purpose */
static void check_errno(enum op o, int ret, const int *allowed, bool fault,
			const char *what)
{
	if (!ret)
		return;
	if (ret == -EFAULT) {
		if (!fault)
			bad(o, "%s: -EFAULT with valid pointers", what);
		return;
	}
	for (; *allowed; allowed++)
		if (ret == -*allowed)
			return;
	bad(o, "%s: unexpected %s", what, en(ret));
}

/* the errno classes each ioctl documents (0-terminated) */
static const int E_QUERY[] = { EINVAL, ENOSPC, EOPNOTSUPP, EPIPE, ETIMEDOUT, 0 };
/*
 * -EBUSY (not in the UAPI text for these ioctls): the file takes its context
 * bank on first use, and a bank of a file closed a moment ago is only free
 * once that session's last call context is gone (asynchronously).
 */
static const int E_CREATE[] = { EINVAL, E2BIG, ENOMEM, EBUSY, 0 };
static const int E_INFO[] = { EINVAL, ENOENT, 0 };
static const int E_CLOSE[] = { EINVAL, ENOENT, 0 };
static const int E_PROC[] = { EINVAL, EALREADY, ENOENT, EREMOTEIO, ENOMEM, EPERM, EBUSY, 0 };
static const int E_INVOKE[] = { EINVAL, ENOENT, EPERM, ENOTCONN, ETIMEDOUT, EPROTO,
				 ENOMEM, EBUSY, E2BIG, 0 };
static const int E_MAP[] = { EINVAL, ENOENT, ENOTCONN, EREMOTEIO, ENOMEM, EBUSY, 0 };
static const int E_UNMAP[] = { EINVAL, ENOENT, ENOTCONN, EREMOTEIO, 0 };
static const int E_PRIME[] = { EINVAL, ENOENT, EBADF, EMFILE, ENOMEM, EOPNOTSUPP, 0 };
static const int E_MMAP[] = { EINVAL, EACCES, ENOMEM, EPERM, ENXIO, 0 };

/* ---- state helpers ------------------------------------------------------------ */

static struct ffile *pick_file(void)
{
	return &files[rn(nfiles)];
}

static struct fbo *pick_bo(struct ffile *f)
{
	return f->nbo ? &f->bo[rn(f->nbo)] : NULL;
}

static void forget_bo(struct ffile *f, struct fbo *b)
{
	if (b->ptr)
		munmap(b->ptr, b->size);
	*b = f->bo[--f->nbo];
}

/* a handle value: mostly live, sometimes 0, closed, of another file, random */
static uint32_t pick_handle(struct ffile *f, uint64_t *size)
{
	struct fbo *b = pick_bo(f);
	unsigned int r = (unsigned int)rn(100);

	*size = 0;
	if (b && r < 75) {
		*size = b->size;
		return b->handle;
	}
	if (r < 80)
		return 0;
	if (r < 87)
		return f->closed_handle;
	if (r < 94) {
		struct ffile *g = pick_file();
		struct fbo *gb = pick_bo(g);

		return gb ? gb->handle : 1;
	}
	return (uint32_t)rnd();
}

static uint64_t pick_size(void)
{
	static const uint64_t edge[] = {
		/* not 1 << 31 (the valid maximum): the VM has less memory, and
		 * the allocation then ends in the OOM killer, not -ENOMEM */
		0, 1, 4095, 4096, 4097, 65536, (1ull << 31) + 1,
		UINT64_MAX, UINT64_MAX - 4095, 1ull << 32, 1ull << 63,
	};

	if (chance(80))
		return 1 + rn(chance(80) ? 65536 : 4u << 20);
	return edge[rn(sizeof(edge) / sizeof(edge[0]))];
}

static uint64_t pick_off(uint64_t size)
{
	static const uint64_t edge[] = { 0, 1, 4095, 4096, UINT64_MAX, UINT64_MAX - 4095,
					 1ull << 32, 0xffffffffull };

	if (chance(70))
		return size ? rn(size + 1) : 0;
	if (chance(50))
		return size + rn(3) * 4096;
	return edge[rn(sizeof(edge) / sizeof(edge[0]))];
}

static uint32_t maybe_junk32(void)
{
	return chance(90) ? 0 : (chance(50) ? 1u << rn(32) : (uint32_t)rnd());
}

static int file_open(struct ffile *f)
{
	memset(f, 0, sizeof(*f));
	f->fd = qt_open(&dev);
	return f->fd < 0 ? f->fd : 0;
}

static void file_close(struct ffile *f)
{
	while (f->nbo)
		forget_bo(f, &f->bo[0]);
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}

/* ---- ops -------------------------------------------------------------------- */

static void op_query(void)
{
	struct ffile *f = pick_file();
	char buf[64];
	struct drm_qda_query q = {
		.param = (uint32_t)(chance(90) ? rn(9) : rnd()),
		.index = chance(70) ? 0 : (uint32_t)(chance(50) ? rn(300) : rnd()),
		.pad = maybe_junk32(),
	};
	bool fault = false;
	int ret;

	if (q.param == DRM_QDA_PARAM_DOMAIN_NAME || chance(10)) {
		q.data_size = (uint32_t)rn(70);
		if (chance(10)) {
			q.data_ptr = 8;
			fault = true;
		} else if (chance(80)) {
			q.data_ptr = (uintptr_t)buf;
			if (q.data_size > sizeof(buf))
				q.data_size = sizeof(buf);
		}
	}
	ret = qt_ioctl(f->fd, DRM_IOCTL_QDA_QUERY, &q);
	check_errno(OP_QUERY, ret, E_QUERY, fault, "QUERY");
	if (q.param <= DRM_QDA_PARAM_PROC_STATE && q.param != DRM_QDA_PARAM_DOMAIN_NAME &&
	    q.param != DRM_QDA_PARAM_DSP_CAPABILITY && !q.index && !q.pad && !q.data_ptr &&
	    !q.data_size && ret)
		bad(OP_QUERY, "well-formed QUERY param %u failed: %s", q.param, en(ret));
}

static void op_gem_create(void)
{
	struct ffile *f = pick_file();
	struct drm_qda_gem_create c = { .size = pick_size(), .flags = maybe_junk32() };
	bool valid = c.size && c.size <= (1ull << 31) && !c.flags;
	int ret;

	if (f->nbo == MAX_BOS)
		return;
	c.handle = chance(5) ? (uint32_t)rnd() : 0;
	ret = qt_ioctl(f->fd, DRM_IOCTL_QDA_GEM_CREATE, &c);
	check_errno(OP_GEM_CREATE, ret, E_CREATE, false, "GEM_CREATE");
	if (ret == -EBUSY)
		nbusy++;
	if (valid && c.size <= (4u << 20) && ret && ret != -EBUSY)
		bad(OP_GEM_CREATE, "GEM_CREATE of %" PRIu64 " bytes failed: %s", (uint64_t)c.size,
		    en(ret));
	if (!valid && !ret)
		bad(OP_GEM_CREATE, "GEM_CREATE size %#" PRIx64 " flags %#x succeeded",
		    (uint64_t)c.size, c.flags);
	if (!ret) {
		struct fbo *b = &f->bo[f->nbo++];

		b->handle = c.handle;
		b->size = (c.size + 4095) & ~4095ull;
		b->ptr = NULL;
	}
}

static void op_gem_info(void)
{
	struct ffile *f = pick_file();
	uint64_t size;
	struct drm_qda_gem_info i = { .handle = pick_handle(f, &size) };
	int ret;

	if (chance(10))
		i.info_flags = (uint32_t)rnd();
	ret = qt_ioctl(f->fd, DRM_IOCTL_QDA_GEM_INFO, &i);
	check_errno(OP_GEM_INFO, ret, E_INFO, false, "GEM_INFO");
	if (size && !ret && i.size != size)
		bad(OP_GEM_INFO, "GEM_INFO size %" PRIu64 ", created %" PRIu64, (uint64_t)i.size,
		    size);
	if (size && ret && ret != -EINVAL)
		bad(OP_GEM_INFO, "GEM_INFO of a live handle: %s", en(ret));
}

static void op_gem_close(void)
{
	struct ffile *f = pick_file();
	struct fbo *b = pick_bo(f);
	struct drm_gem_close c = { 0 };
	bool live = b && chance(85);
	int ret;

	c.handle = live ? b->handle : (chance(50) ? f->closed_handle : (uint32_t)rn(64));
	/* a "closed" or random handle may have been reused by a new BO */
	for (unsigned int i = 0; !live && i < f->nbo; i++)
		if (f->bo[i].handle == c.handle) {
			b = &f->bo[i];
			live = true;
		}
	ret = qt_ioctl(f->fd, DRM_IOCTL_GEM_CLOSE, &c);
	check_errno(OP_GEM_CLOSE, ret, E_CLOSE, false, "GEM_CLOSE");
	if (live) {
		if (ret)
			bad(OP_GEM_CLOSE, "GEM_CLOSE of a live handle: %s", en(ret));
		f->closed_handle = b->handle;
		forget_bo(f, b);
	}
}

static void op_proc_create(void)
{
	struct ffile *f = pick_file();
	char name[80];
	uint64_t size;
	struct drm_qda_proc_create pc = { 0 };
	bool fault = false, valid;
	int ret;

	memset(name, 'a' + (int)rn(26), sizeof(name));
	pc.name_len = chance(85) ? 1 + (uint32_t)rn(64) : (uint32_t)rn(80);
	pc.name_ptr = (uintptr_t)name;
	if (chance(5)) {
		pc.name_ptr = chance(50) ? 0 : 16;
		fault = true;
	}
	pc.flags = chance(80) ? DRM_QDA_PROC_UNSIGNED : maybe_junk32();
	pc.pad = maybe_junk32();
	if (chance(15)) {
		pc.shell_handle = pick_handle(f, &size);
		pc.shell_offset = pick_off(size);
		pc.shell_size = rn(size + 1);
	}
	valid = !fault && pc.name_len >= 1 && pc.name_len <= 64 && !pc.pad &&
		!(pc.flags & ~DRM_QDA_PROC_FLAGS) && !pc.shell_handle && !pc.shell_offset &&
		!pc.shell_size;
	ret = qt_ioctl(f->fd, DRM_IOCTL_QDA_PROC_CREATE, &pc);
	check_errno(OP_PROC_CREATE, ret, E_PROC, fault, "PROC_CREATE");
	if (ret == -EBUSY)
		nbusy++;
	if (valid && !f->proc && ret && ret != -EBUSY)
		bad(OP_PROC_CREATE, "well-formed PROC_CREATE on a fresh file: %s", en(ret));
	if (f->proc && ret != -EALREADY && !(ret == -EINVAL || ret == -EFAULT || ret == -ENOENT))
		bad(OP_PROC_CREATE, "second PROC_CREATE: %s, expected -EALREADY", en(ret));
	if (!ret) {
		f->proc = true;
		if (chance(90)) {
			struct qt_sess s = { .fd = f->fd };
			uint32_t sh, nerr = 0;
			void *p;

			/* module open through a scratch BO of the file */
			if (f->nbo < MAX_BOS && !qt_gem_create(f->fd, QT_SCRATCH_SIZE, &sh) &&
			    !qt_gem_mmap(f->fd, sh, QT_SCRATCH_SIZE, &p)) {
				s.scratch = sh;
				s.sp = p;
				s.ssize = QT_SCRATCH_SIZE;
				ret = qt_module_open(&s, QT_TEST_URI, &f->test_h, &nerr);
				if (ret || nerr)
					bad(OP_PROC_CREATE, "qda_test open: %s nErr %#x", en(ret), nerr);
				f->bo[f->nbo++] = (struct fbo){ sh, QT_SCRATCH_SIZE, p };
			}
		}
	}
}

static void op_proc_attach(void)
{
	struct ffile *f = pick_file();
	struct drm_qda_proc_attach a = { .pd = (uint32_t)(chance(80) ? rn(4) : rnd()),
					 .flags = maybe_junk32() };
	int ret = qt_ioctl(f->fd, DRM_IOCTL_QDA_PROC_ATTACH, &a);

	check_errno(OP_PROC_ATTACH, ret, E_PROC, false, "PROC_ATTACH");
	if (!ret)
		f->proc = true;
}

static void op_invoke(void)
{
	struct ffile *f = pick_file();
	struct drm_qda_invoke_arg args[70];
	struct drm_qda_invoke inv = { 0 };
	unsigned int n, i, method;
	uint64_t size;
	int ret;

	/* remote handle: mostly the test module, else loader/utilities/INIT/junk */
	switch (rn(10)) {
	case 0: inv.remote_handle = 0; break;
	case 1: inv.remote_handle = 1; break;
	case 2: inv.remote_handle = 2; break;
	case 3: inv.remote_handle = (uint32_t)(chance(50) ? rn(40) : rnd()); break;
	default: inv.remote_handle = f->test_h; break;
	}
	method = (unsigned int)rn(32);
	/* never a DSP-side sleep with a random length: it would stall the run */
	if (method == QT_M_SLEEP)
		method = QT_M_NOOP;
	if (chance(70))
		inv.sc = DRM_QDA_SCALARS(rn(8), method, rn(4), rn(4), rn(3), rn(2));
	else
		inv.sc = ((uint32_t)rnd() & ~(0x1fu << 24)) | (method << 24);
	n = DRM_QDA_SCALARS_LENGTH(inv.sc);
	inv.num_args = chance(90) ? n : (uint32_t)rn(80);
	if (n > 70 && inv.num_args == n)
		inv.num_args = (uint32_t)rn(70);
	for (i = 0; i < 70; i++) {
		args[i].handle = pick_handle(f, &size);
		args[i].offset = chance(80) ? rn(size + 1) : pick_off(size);
		args[i].length = chance(80) ? rn(size - (args[i].offset < size ? args[i].offset : size) + 1)
					    : pick_off(size);
		args[i].flags = maybe_junk32();
		if (!args[i].handle && chance(80))
			args[i].offset = args[i].length = 0;
	}
	inv.args_ptr = (uintptr_t)args;
	inv.flags = maybe_junk32();
	inv.pad = maybe_junk32();
	/* a deadline most of the time: dropped state must not stall the run */
	switch (rn(6)) {
	case 0: inv.timeout_ns = 0; break;
	case 1: inv.timeout_ns = 1; break;	/* long past */
	case 2: inv.timeout_ns = -(int64_t)rn(1000); break;
	default: inv.timeout_ns = (int64_t)qt_now_ns() + (int64_t)rn(300) * 1000000; break;
	}
	ret = qt_ioctl(f->fd, DRM_IOCTL_QDA_INVOKE, &inv);
	check_errno(OP_INVOKE, ret, E_INVOKE, false, "INVOKE");
	if (!ret && inv.remote_handle == 1)
		bad(OP_INVOKE, "INVOKE of handle 1 (INIT) succeeded");
	if (!ret && inv.num_args != n)
		bad(OP_INVOKE, "INVOKE with num_args %u != %u succeeded", inv.num_args, n);
	if (!ret && (inv.flags || inv.pad))
		bad(OP_INVOKE, "INVOKE with flags %#x pad %#x succeeded", inv.flags, inv.pad);
}

/* well-formed echo on a file with the test module: must succeed and match */
static void op_echo(void)
{
	struct ffile *f = pick_file();
	struct fbo *in = pick_bo(f), *out = pick_bo(f);
	struct drm_qda_invoke_arg a[2];
	uint32_t st = 0;
	uint64_t len, ioff, ooff;
	int ret;

	if (!f->test_h || !in || !out || !in->ptr || !out->ptr)
		return;
	len = 1 + rn(in->size < out->size ? in->size : out->size);
	ioff = rn(in->size - len + 1);
	ooff = rn(out->size - len + 1);
	if (in == out && ioff < ooff + len && ooff < ioff + len)
		return;
	for (uint64_t i = 0; i < len; i += 97)
		in->ptr[ioff + i] = (uint8_t)rnd();
	a[0] = (struct drm_qda_invoke_arg){ .handle = in->handle, .offset = ioff, .length = len };
	a[1] = (struct drm_qda_invoke_arg){ .handle = out->handle, .offset = ooff, .length = len };
	ret = qt_invoke(f->fd, f->test_h, QT_SC(QT_M_ECHO, 1, 1), a, 2, 0, &st);
	if (ret || st)
		bad(OP_ECHO, "well-formed echo of %" PRIu64 " bytes: %s status %#x", len, en(ret), st);
	else if (a[1].length != len || memcmp(in->ptr + ioff, out->ptr + ooff, len))
		bad(OP_ECHO, "echo of %" PRIu64 " bytes: output differs", len);
}

static void op_map(void)
{
	struct ffile *f = pick_file();
	uint64_t size;
	struct drm_qda_map m = { 0 };
	bool valid;
	int ret;

	if (f->nmaps == MAX_MAPS)
		return;
	m.handle = pick_handle(f, &size);
	m.offset = chance(70) ? rn(size / 4096 + 1) * 4096 : pick_off(size);
	m.length = chance(70) ? (1 + rn(4)) * 4096 : pick_off(size);
	m.flags = chance(80) ? (uint32_t)rn(2) : maybe_junk32();
	m.dsp_addr = chance(90) ? 0 : rnd();
	valid = size && f->proc && !(m.flags & ~DRM_QDA_MAP_FLAGS) && m.length &&
		!(m.offset & 4095) && !(m.length & 4095) && m.offset + m.length <= size &&
		m.offset + m.length > m.offset;
	ret = qt_ioctl(f->fd, DRM_IOCTL_QDA_MAP, &m);
	check_errno(OP_MAP, ret, E_MAP, false, "MAP");
	if (valid && ret && ret != -EBUSY)
		bad(OP_MAP, "well-formed MAP (off %#" PRIx64 " len %#" PRIx64 "): %s",
		    (uint64_t)m.offset, (uint64_t)m.length, en(ret));
	if (!ret)
		f->maps[f->nmaps++] = m.dsp_addr;
}

static void op_unmap(void)
{
	struct ffile *f = pick_file();
	struct drm_qda_unmap u = { .flags = maybe_junk32(), .pad = maybe_junk32() };
	unsigned int k = 0;
	bool live = f->nmaps && chance(80);
	int ret;

	if (live) {
		k = (unsigned int)rn(f->nmaps);
		u.dsp_addr = f->maps[k];
	} else {
		u.dsp_addr = chance(50) ? 0x10000000ull + rn(64) * 4096 : rnd();
		/* a guessed address may be a live mapping */
		for (unsigned int i = 0; i < f->nmaps; i++)
			if (f->maps[i] == u.dsp_addr) {
				k = i;
				live = true;
			}
	}
	ret = qt_ioctl(f->fd, DRM_IOCTL_QDA_UNMAP, &u);
	check_errno(OP_UNMAP, ret, E_UNMAP, false, "UNMAP");
	if (live && !u.flags && !u.pad && ret)
		bad(OP_UNMAP, "UNMAP of a live mapping: %s", en(ret));
	if (live && !ret)
		f->maps[k] = f->maps[--f->nmaps];
}

static void op_prime(void)
{
	struct ffile *f = pick_file(), *g = pick_file();
	uint64_t size;
	struct drm_prime_handle ph = { .handle = pick_handle(f, &size) };
	int ret;

	ph.flags = chance(85) ? DRM_CLOEXEC | DRM_RDWR : (uint32_t)rnd();
	ret = qt_ioctl(f->fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &ph);
	check_errno(OP_PRIME, ret, E_PRIME, false, "PRIME_HANDLE_TO_FD");
	if (ret)
		return;
	if (g->nbo < MAX_BOS) {
		struct drm_prime_handle ih = { .fd = ph.fd };

		ret = qt_ioctl(g->fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &ih);
		check_errno(OP_PRIME, ret, E_PRIME, false, "PRIME_FD_TO_HANDLE");
		if (!ret) {
			bool known = false;

			for (unsigned int i = 0; i < g->nbo; i++)
				known |= g->bo[i].handle == ih.handle;
			if (!known)
				g->bo[g->nbo++] = (struct fbo){ ih.handle, size, NULL };
		}
	}
	close(ph.fd);
}

static void op_mmap(void)
{
	struct ffile *f = pick_file();
	struct fbo *b = pick_bo(f);
	struct drm_qda_gem_info i = { 0 };
	uint64_t len, delta;
	bool shared;
	void *p;

	if (!b || b->ptr)
		return;
	i.handle = b->handle;
	if (qt_ioctl(f->fd, DRM_IOCTL_QDA_GEM_INFO, &i))
		return;
	len = chance(80) ? b->size : pick_off(b->size);
	if (!len || len > (64ull << 20))
		len = 4096;
	shared = chance(90);
	delta = chance(90) ? 0 : rn(4) * 4096;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, shared ? MAP_SHARED : MAP_PRIVATE,
		 f->fd, (off_t)(i.mmap_offset + delta));
	if (p == MAP_FAILED) {
		int err = -errno;

		check_errno(OP_MMAP, err, E_MMAP, false, "mmap");
		if (shared && !delta && len == b->size && i.mmap_offset &&
		    !(i.info_flags & DRM_QDA_BO_INFO_IMPORTED))
			bad(OP_MMAP, "MAP_SHARED mmap of a whole BO: %s", en(err));
		return;
	}
	if (len == b->size && shared && !delta) {
		/* touch every page */
		for (uint64_t o = 0; o < len; o += 4096)
			((volatile uint8_t *)p)[o] = (uint8_t)o;
		b->ptr = p;
	} else {
		munmap(p, len);
	}
}

static void op_reopen(void)
{
	struct ffile *f = pick_file();

	file_close(f);
	if (file_open(f))
		bad(OP_REOPEN, "reopen failed");
}

static void op_badptr(void)
{
	struct ffile *f = pick_file();
	void *ptrs[] = { (void *)8, (void *)0xdead0000ul, (void *)~0ul };
	void *p = ptrs[rn(3)];
	int ret;

	switch (rn(4)) {
	case 0: {
		struct drm_qda_invoke inv = { .args_ptr = (uintptr_t)p, .remote_handle = f->test_h,
					      .sc = QT_SC(QT_M_ECHO, 1, 1), .num_args = 2 };

		ret = qt_ioctl(f->fd, DRM_IOCTL_QDA_INVOKE, &inv);
		check_errno(OP_BADPTR, ret, E_INVOKE, true, "INVOKE bad args_ptr");
		if (!ret)
			bad(OP_BADPTR, "INVOKE with args_ptr %p succeeded", p);
		break;
	}
	case 1: {
		struct drm_qda_proc_create pc = { .name_ptr = (uintptr_t)p, .name_len = 8 };

		ret = qt_ioctl(f->fd, DRM_IOCTL_QDA_PROC_CREATE, &pc);
		check_errno(OP_BADPTR, ret, E_PROC, true, "PROC_CREATE bad name_ptr");
		if (!ret)
			bad(OP_BADPTR, "PROC_CREATE with name_ptr %p succeeded", p);
		break;
	}
	case 2: {
		struct drm_qda_query q = { .param = DRM_QDA_PARAM_DOMAIN_NAME,
					   .data_ptr = (uintptr_t)p, .data_size = 32 };

		ret = qt_ioctl(f->fd, DRM_IOCTL_QDA_QUERY, &q);
		check_errno(OP_BADPTR, ret, E_QUERY, true, "QUERY bad data_ptr");
		if (!ret)
			bad(OP_BADPTR, "QUERY with data_ptr %p succeeded", p);
		break;
	}
	default:
		/* the ioctl argument itself */
		ret = qt_ioctl(f->fd, DRM_IOCTL_QDA_GEM_CREATE, p);
		if (ret != -EFAULT)
			bad(OP_BADPTR, "GEM_CREATE with arg %p: %s, expected -EFAULT", p, en(ret));
		break;
	}
}

static void op_unknown_ioctl(void)
{
	struct ffile *f = pick_file();
	uint8_t buf[256] = { 0 };
	unsigned int nr = 0x08 + (unsigned int)rn(0x60 - 0x08);
	int ret = qt_ioctl(f->fd, DRM_IOWR(DRM_COMMAND_BASE + nr, struct drm_qda_query), buf);

	if (ret != -EINVAL && ret != -ENOTTY)
		bad(OP_UNKNOWN_IOCTL, "driver ioctl %#x: %s, expected -EINVAL/-ENOTTY", nr, en(ret));
}

static void (*const op_fns[NUM_OPS])(void) = {
	op_query, op_gem_create, op_gem_info, op_gem_close, op_proc_create,
	op_proc_attach, op_invoke, op_echo, op_map, op_unmap, op_prime, op_mmap,
	op_reopen, op_badptr, op_unknown_ioctl,
};

int main(int argc, char **argv)
{
	unsigned int secs = 30, total = 0, i;
	uint64_t maxops = UINT64_MAX, end;
	struct qt_base b;
	char why[1024];
	int c, ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 20);
	while ((c = getopt(argc, argv, "d:s:f:n:v")) != -1) {
		switch (c) {
		case 'd': secs = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'f': nfiles = (unsigned int)atoi(optarg); break;
		case 'n': maxops = strtoull(optarg, NULL, 0); break;
		case 'v': qt_verbose = true; break;
		default:
			fprintf(stderr, "usage: qda-fuzz [-d secs] [-s seed] [-f fds] [-n maxops] [-v]\n");
			return 2;
		}
	}
	if (!nfiles || nfiles > MAX_FDS)
		nfiles = 3;
	rng = seed ? seed : 1;
	ret = qt_dev_find(&dev);
	if (ret) {
		qt_fail("setup", "no QDA device with a vDSP found (%s)", en(ret));
		return qt_summary();
	}
	if (dev.num_cbs && nfiles > dev.num_cbs)
		nfiles = dev.num_cbs;
	qt_note("fuzz: %s, seed %" PRIu64 " (replay: -s %" PRIu64 "), %u files, %u s", dev.path,
		seed, seed, nfiles, secs);
	qt_inject(&dev, "clear");
	qt_base_take(&dev, &b);
	for (i = 0; i < nfiles; i++)
		if (file_open(&files[i])) {
			qt_fail("setup", "open %s failed", dev.path);
			return qt_summary();
		}
	for (i = 0; i < NUM_OPS; i++)
		total += op_weight[i];
	end = qt_now_ns() + (uint64_t)secs * 1000000000ull;
	for (opno = 0; opno < maxops && (secs == 0 || qt_now_ns() < end); opno++) {
		unsigned int r = (unsigned int)rn(total);

		for (i = 0; r >= op_weight[i]; i++)
			r -= op_weight[i];
		op_count[i]++;
		op_fns[i]();
	}
	for (i = 0; i < nfiles; i++)
		file_close(&files[i]);
	qt_note("fuzz: %" PRIu64 " ops, %lu GEM_CREATE/PROC_CREATE -EBUSY (no free context bank)",
		opno, nbusy);
	for (i = 0; i < NUM_OPS; i++) {
		char name[64];

		snprintf(name, sizeof(name), "fuzz-%s", op_names[i]);
		if (op_fail[i])
			qt_fail(name, "%lu of %lu ops failed; first: %s (seed %" PRIu64 ")",
				op_fail[i], op_count[i], first_fail[i], seed);
		else if (op_count[i])
			qt_ok(name);
	}
	printf("# ops:");
	for (i = 0; i < NUM_OPS; i++)
		printf(" %s %lu", op_names[i], op_count[i]);
	printf("\n");
	/* abandoned calls are answered within their 300 ms; sessions then go */
	if (qt_base_check(&dev, &b, 15000, why, sizeof(why)))
		qt_fail("fuzz-counters", "%s (seed %" PRIu64 ")", why, seed);
	else
		qt_ok("fuzz-counters");
	return qt_summary();
}
