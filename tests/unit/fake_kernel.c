/* SPDX-License-Identifier: MIT */
/*
 * fake_kernel.c: see fake_kernel.h. Thread-safe (one mutex), so libqda's
 * concurrent invokes can be tested; DSP methods run outside the lock.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <xf86drm.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "fake_kernel.h"

#define FD_BASE 1000
#define MAX_FDS 64
#define MAX_NODES 16
#define MAX_BOS 256
#define MAX_MAPS 256
#define MAX_FAILS 16
#define MAX_DMABUFS 8
#define PAGE 4096u

#define AEE_EBADPARM 0x8000040eu
#define AEE_ENOSUCHMOD 0x8000043eu
#define AEE_EBADHANDLE 0x8000042cu
#define AEE_EUNSUPPORTED 0x80000414u

struct node {
	char path[64], dir[32], name[32], driver[16], domain[64];
	uint32_t domain_id;
	int open_err;
};

struct file {
	bool used;
	int node;
	uint32_t proc_state;
	bool modules[2];	/* calculator, test open */
};

struct bo {
	bool used;
	int fd;			/* owning file index */
	uint32_t handle;
	uint64_t size;
	uint8_t *mem;
	bool imported;
	int dmabuf;		/* index of the dma-buf it came from, or -1 */
	uint64_t mmap_offset;
};

struct map {
	bool used;
	void *addr;
	size_t len;
};

struct dmabuf {
	bool used;
	uint64_t size;
	uint8_t *mem;
};

struct fail {
	unsigned long req;
	int nth, err, times;
};

struct fdir {
	int idx;
	char dir[32];
	struct dirent de;
};

static pthread_mutex_t fk_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	struct node nodes[MAX_NODES];
	int nnodes;
	char dirs[4][32];
	int ndirs;
	char fail_open_path[64];
	int fail_open_err;
	struct file files[MAX_FDS];
	struct bo bos[MAX_BOS];
	uint32_t next_handle;
	struct map maps[MAX_MAPS];
	struct dmabuf dmabufs[MAX_DMABUFS];
	struct fail fails[MAX_FAILS];
	int nfails;
	int mmap_err;
	uint32_t dsp_status_next;
	uint32_t uapi_version;
	uint64_t max_bo_size;
	bool caps_unsupported, unprivileged;
	unsigned int delay_us;
	struct fk_counts counts;
	unsigned int in_flight;
	unsigned int ioctl_counts[256];
	struct fk_invoke last;
	int last_fd;
	struct fk_proc last_proc;
} fk;

#define LOCK() pthread_mutex_lock(&fk_lock)
#define UNLOCK() pthread_mutex_unlock(&fk_lock)

void fk_reset(void)
{
	int i;

	pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;

	/* A failed test may have longjmp'ed out with the lock held. */
	fk_lock = fresh;
	LOCK();
	for (i = 0; i < MAX_BOS; i++)
		free(fk.bos[i].mem);
	for (i = 0; i < MAX_DMABUFS; i++)
		free(fk.dmabufs[i].mem);
	memset(&fk, 0, sizeof(fk));
	fk.next_handle = 1;
	fk.uapi_version = DRM_QDA_UAPI_VERSION_MAJOR << 16 |
			  DRM_QDA_UAPI_VERSION_MINOR;
	fk.max_bo_size = 1ull << 30;
	UNLOCK();
}

void fk_check_clean(void)
{
	int i;

	LOCK();
	for (i = 0; i < MAX_FDS; i++)
		if (fk.files[i].used)
			fail_msg("fake kernel: device fd %d leaked", FD_BASE + i);
	for (i = 0; i < MAX_BOS; i++)
		if (fk.bos[i].used)
			fail_msg("fake kernel: GEM handle %u leaked",
				 fk.bos[i].handle);
	for (i = 0; i < MAX_MAPS; i++)
		if (fk.maps[i].used)
			fail_msg("fake kernel: mapping %p leaked",
				 fk.maps[i].addr);
	assert_int_equal(fk.counts.private_ioctls_on_foreign, 0);
	UNLOCK();
}

void fk_add_dir(const char *dir)
{
	int i;

	for (i = 0; i < fk.ndirs; i++)
		if (!strcmp(fk.dirs[i], dir))
			return;
	snprintf(fk.dirs[fk.ndirs++], sizeof(fk.dirs[0]), "%s", dir);
}

void fk_add_node(const char *dir, const char *name, const char *driver,
		 const char *domain, uint32_t domain_id)
{
	struct node *n = &fk.nodes[fk.nnodes++];

	fk_add_dir(dir);
	snprintf(n->dir, sizeof(n->dir), "%s", dir);
	snprintf(n->name, sizeof(n->name), "%s", name);
	snprintf(n->path, sizeof(n->path), "%s/%s", dir, name);
	snprintf(n->driver, sizeof(n->driver), "%s", driver);
	snprintf(n->domain, sizeof(n->domain), "%s", domain);
	n->domain_id = domain_id;
}

void fk_fail_open(const char *path, int err)
{
	snprintf(fk.fail_open_path, sizeof(fk.fail_open_path), "%s", path);
	fk.fail_open_err = err;
}

void fk_fail_ioctl(unsigned long req, int nth, int err, int times)
{
	LOCK();
	fk.fails[fk.nfails++] = (struct fail){ req, nth, err, times ? times : 1 };
	UNLOCK();
}

void fk_fail_mmap(int err) { fk.mmap_err = err; }
void fk_dsp_status_next(uint32_t s) { fk.dsp_status_next = s; }
void fk_set_uapi_version(uint32_t v) { fk.uapi_version = v; }
void fk_set_max_bo_size(uint64_t v) { fk.max_bo_size = v; }
void fk_set_caps_unsupported(bool v) { fk.caps_unsupported = v; }
void fk_set_unprivileged(bool v) { fk.unprivileged = v; }
void fk_set_dsp_delay_us(unsigned int us) { fk.delay_us = us; }

int fk_make_dmabuf(uint64_t size)
{
	int i;

	for (i = 0; i < MAX_DMABUFS; i++)
		if (!fk.dmabufs[i].used) {
			fk.dmabufs[i].used = true;
			fk.dmabufs[i].size = size;
			fk.dmabufs[i].mem = calloc(1, size);
			return 2000 + i;
		}
	fail_msg("too many dma-bufs");
	return -1;
}

void fk_close_dmabuf(int fd)
{
	struct dmabuf *d = &fk.dmabufs[fd - 2000];

	/* imported BOs have their own copy of the memory in this fake */
	free(d->mem);
	d->mem = NULL;
	d->used = false;
}

void fk_counts(struct fk_counts *c)
{
	LOCK();
	*c = fk.counts;
	UNLOCK();
}

unsigned int fk_ioctl_count(unsigned long req)
{
	return fk.ioctl_counts[_IOC_NR(req) & 0xff];
}

void fk_last_invoke(struct fk_invoke *out)
{
	LOCK();
	*out = fk.last;
	UNLOCK();
}

static struct bo *bo_find(int fi, uint32_t handle)
{
	int i;

	for (i = 0; i < MAX_BOS; i++)
		if (fk.bos[i].used && fk.bos[i].handle == handle &&
		    (fi < 0 || fk.bos[i].fd == fi))
			return &fk.bos[i];
	return NULL;
}

void *fk_bo_data(uint32_t handle, uint64_t offset)
{
	struct bo *b = bo_find(-1, handle);

	return b ? b->mem + offset : NULL;
}

uint64_t fk_bo_size(uint32_t handle)
{
	struct bo *b = bo_find(-1, handle);

	return b ? b->size : 0;
}

void fk_last_proc(struct fk_proc *out) { *out = fk.last_proc; }

/* ---- files ------------------------------------------------------------- */

int fk_open(const char *path, int flags)
{
	int i, n = -1;

	if (fk.fail_open_err && !strcmp(path, fk.fail_open_path)) {
		errno = fk.fail_open_err;
		return -1;
	}
	for (i = 0; i < fk.nnodes; i++)
		if (!strcmp(fk.nodes[i].path, path))
			n = i;
	if (n < 0)
		fail_msg("fake kernel: unexpected open(\"%s\")", path);
	if (!(flags & O_CLOEXEC))
		fail_msg("fake kernel: open(\"%s\") without O_CLOEXEC", path);
	if ((flags & O_ACCMODE) != O_RDWR)
		fail_msg("fake kernel: open(\"%s\") not O_RDWR", path);
	LOCK();
	for (i = 0; i < MAX_FDS; i++)
		if (!fk.files[i].used) {
			memset(&fk.files[i], 0, sizeof(fk.files[i]));
			fk.files[i].used = true;
			fk.files[i].node = n;
			fk.counts.open_fds++;
			UNLOCK();
			return FD_BASE + i;
		}
	UNLOCK();
	errno = EMFILE;
	return -1;
}

static void bo_release(struct bo *b)
{
	free(b->mem);
	memset(b, 0, sizeof(*b));
	fk.counts.bos--;
}

int fk_close(int fd)
{
	int fi = fd - FD_BASE, i;

	if (fd >= 2000 && fd < 2000 + MAX_DMABUFS) {
		fk_close_dmabuf(fd);
		return 0;
	}
	LOCK();
	if (fi < 0 || fi >= MAX_FDS || !fk.files[fi].used) {
		UNLOCK();
		fail_msg("fake kernel: close of unknown fd %d", fd);
	}
	for (i = 0; i < MAX_BOS; i++)
		if (fk.bos[i].used && fk.bos[i].fd == fi)
			bo_release(&fk.bos[i]);
	fk.files[fi].used = false;
	fk.counts.open_fds--;
	UNLOCK();
	return 0;
}

/* ---- mmap -------------------------------------------------------------- */

void *fk_mmap(void *addr, size_t len, int prot, int flags, int fd, long off)
{
	int fi = fd - FD_BASE, i;
	struct bo *b = NULL;

	if (fk.mmap_err) {
		errno = fk.mmap_err;
		fk.mmap_err = 0;
		return MAP_FAILED;
	}
	LOCK();
	if (fi < 0 || fi >= MAX_FDS || !fk.files[fi].used) {
		UNLOCK();
		fail_msg("fake kernel: mmap of unknown fd %d", fd);
	}
	if ((flags & MAP_TYPE) != MAP_SHARED) {
		UNLOCK();
		errno = EINVAL;
		return MAP_FAILED;
	}
	for (i = 0; i < MAX_BOS; i++)
		if (fk.bos[i].used && fk.bos[i].fd == fi &&
		    fk.bos[i].mmap_offset == (uint64_t)off && off)
			b = &fk.bos[i];
	if (!b || len > b->size) {
		UNLOCK();
		errno = EINVAL;
		return MAP_FAILED;
	}
	for (i = 0; i < MAX_MAPS; i++)
		if (!fk.maps[i].used) {
			fk.maps[i] = (struct map){ true, b->mem, len };
			break;
		}
	fk.counts.maps++;
	fk.counts.mmaps++;
	UNLOCK();
	return b->mem;
}

int fk_munmap(void *addr, size_t len)
{
	int i;

	LOCK();
	for (i = 0; i < MAX_MAPS; i++)
		if (fk.maps[i].used && fk.maps[i].addr == addr &&
		    fk.maps[i].len == len) {
			fk.maps[i].used = false;
			fk.counts.maps--;
			UNLOCK();
			return 0;
		}
	UNLOCK();
	fail_msg("fake kernel: munmap(%p, %zu) of nothing mapped", addr, len);
	return -1;
}

/* ---- directories ------------------------------------------------------- */

void *fk_opendir(const char *path)
{
	struct fdir *d;
	int i;

	for (i = 0; i < fk.ndirs; i++)
		if (!strcmp(fk.dirs[i], path))
			break;
	if (i == fk.ndirs) {
		if (strcmp(path, "/dev/accel") && strcmp(path, "/dev/dri"))
			fail_msg("fake kernel: unexpected opendir(\"%s\")", path);
		errno = ENOENT;
		return NULL;
	}
	d = calloc(1, sizeof(*d));
	snprintf(d->dir, sizeof(d->dir), "%s", path);
	d->idx = -2;	/* "." and ".." first */
	return d;
}

void *fk_readdir(void *dir)
{
	struct fdir *d = dir;

	if (d->idx < 0) {
		snprintf(d->de.d_name, sizeof(d->de.d_name), "%s",
			 d->idx == -2 ? "." : "..");
		d->idx++;
		return &d->de;
	}
	/* nodes in reverse order of addition: libqda must sort */
	while (d->idx < fk.nnodes) {
		struct node *n = &fk.nodes[fk.nnodes - 1 - d->idx++];

		if (!strcmp(n->dir, d->dir)) {
			snprintf(d->de.d_name, sizeof(d->de.d_name), "%s",
				 n->name);
			return &d->de;
		}
	}
	return NULL;
}

int fk_closedir(void *dir)
{
	free(dir);
	return 0;
}

/* ---- the virtual DSP --------------------------------------------------- */

struct slice {
	uint8_t *p;
	uint64_t len;
};

static uint32_t le32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/* Runs without the lock. @outlen are the lengths to write back. */
static uint32_t dsp_call(struct file *f, uint32_t h, uint32_t sc,
			 struct slice *a, uint64_t *outlen)
{
	uint32_t method = DRM_QDA_SCALARS_METHOD(sc);
	uint32_t nin = DRM_QDA_SCALARS_INBUFS(sc);
	uint32_t nout = DRM_QDA_SCALARS_OUTBUFS(sc);
	uint32_t i, v;

	if (fk.delay_us)
		usleep(fk.delay_us);
	if (h == DRM_QDA_REMOTE_HANDLE_REMOTECTL) {
		if (method == 0 && nin == 2 && nout == 2) {
			uint32_t out[2] = { 0, 0 };
			const char *name = (const char *)a[1].p;
			const char *msg = "lib: cannot open shared object file";

			if (a[0].len != 8 || a[2].len < 8 ||
			    le32(a[0].p) != a[1].len || !a[1].len ||
			    name[a[1].len - 1] != '\0')
				return AEE_EBADPARM;
			if (strstr(name, "libcalculator_skel.so")) {
				out[0] = FK_CALC_HANDLE;
				f->modules[0] = true;
			} else if (strstr(name, "libqda_test_skel.so")) {
				out[0] = FK_TEST_HANDLE;
				f->modules[1] = true;
			} else {
				out[1] = AEE_ENOSUCHMOD;
				snprintf((char *)a[3].p, a[3].len, "%s", msg);
				outlen[1] = strlen(msg) + 1;
			}
			memcpy(a[2].p, out, 8);
			outlen[0] = 8;
			if (!out[1])
				outlen[1] = 0;
			return 0;
		}
		if (method == 1 && nin == 1 && nout == 2) {
			uint32_t nerr = 0;

			v = le32(a[0].p);
			if (v == FK_CALC_HANDLE && f->modules[0])
				f->modules[0] = false;
			else if (v == FK_TEST_HANDLE && f->modules[1])
				f->modules[1] = false;
			else
				nerr = AEE_EBADHANDLE;
			memcpy(a[1].p, &nerr, 4);
			outlen[0] = 4;
			outlen[1] = 0;
			return 0;
		}
		return AEE_EBADPARM;
	}
	if (h == FK_CALC_HANDLE && f->modules[0]) {
		uint32_t n;

		if ((method != 2 && method != 3) || nin != 2 || nout != 1 ||
		    a[0].len != 4)
			return AEE_EBADPARM;
		n = le32(a[0].p);
		if (a[1].len != (uint64_t)n * 4)
			return AEE_EBADPARM;
		if (method == 2) {
			int64_t sum = 0;

			if (a[2].len < 8)
				return AEE_EBADPARM;
			for (i = 0; i < n; i++)
				sum += (int32_t)le32(a[1].p + 4 * i);
			memcpy(a[2].p, &sum, 8);
			outlen[0] = 8;
		} else {
			int32_t max = INT32_MIN;

			if (!n || a[2].len < 4)
				return AEE_EBADPARM;
			for (i = 0; i < n; i++)
				if ((int32_t)le32(a[1].p + 4 * i) > max)
					max = (int32_t)le32(a[1].p + 4 * i);
			memcpy(a[2].p, &max, 4);
			outlen[0] = 4;
		}
		return 0;
	}
	if (h == FK_TEST_HANDLE && f->modules[1]) {
		switch (method) {
		case 2: /* noop */
			for (i = 0; i < nout; i++)
				outlen[i] = a[nin + i].len;
			return 0;
		case 3: /* echo */
			if (nin != 1 || nout != 1 || a[1].len < a[0].len)
				return AEE_EBADPARM;
			memcpy(a[1].p, a[0].p, a[0].len);
			outlen[0] = a[0].len;
			return 0;
		case 4: /* fill */
			if (nin != 1 || nout != 1 || a[0].len != 8 ||
			    le32(a[0].p + 4) > a[1].len)
				return AEE_EBADPARM;
			memset(a[1].p, (int)(le32(a[0].p) & 0xff),
			       le32(a[0].p + 4));
			outlen[0] = le32(a[0].p + 4);
			return 0;
		case 7: /* set_outlen (hostile) */
			if (nin != 1 || nout != 1)
				return AEE_EBADPARM;
			outlen[0] = le32(a[0].p);
			return 0;
		case 8: /* error */
			return le32(a[0].p);
		}
		return AEE_EUNSUPPORTED;
	}
	return AEE_EBADHANDLE;
}

static int do_invoke(int fi, struct drm_qda_invoke *inv)
{
	struct drm_qda_invoke_arg *args = (void *)(uintptr_t)inv->args_ptr;
	struct slice sl[64];
	uint64_t outlen[64];
	uint32_t n = inv->num_args, i, nin, nout, status;
	struct file *f = &fk.files[fi];

	if (inv->flags || inv->pad)
		return -EINVAL;
	if (inv->remote_handle == 1)
		return -EPERM;
	if (n != DRM_QDA_SCALARS_LENGTH(inv->sc) || n > 64)
		return -EINVAL;
	if (f->proc_state != DRM_QDA_PROC_STATE_READY)
		return -ENOTCONN;
	memset(&fk.last, 0, sizeof(fk.last));
	fk.last.remote_handle = inv->remote_handle;
	fk.last.sc = inv->sc;
	fk.last.num_args = n;
	fk.last.flags = inv->flags;
	fk.last.timeout_ns = inv->timeout_ns;
	fk.last_fd = fi;
	for (i = 0; i < n; i++) {
		struct bo *b = NULL;

		if (args[i].flags)
			return -EINVAL;
		if (args[i].handle) {
			b = bo_find(fi, args[i].handle);
			if (!b)
				return -ENOENT;
			if (args[i].offset > b->size ||
			    args[i].length > b->size - args[i].offset)
				return -EINVAL;
		} else if (args[i].length) {
			return -EINVAL;
		}
		fk.last.args[i] = args[i];
		sl[i].p = b ? b->mem + args[i].offset : NULL;
		sl[i].len = args[i].length;
		if (sl[i].p)
			memcpy(fk.last.data[i], sl[i].p,
			       sl[i].len < 256 ? sl[i].len : 256);
	}
	nin = DRM_QDA_SCALARS_INBUFS(inv->sc);
	nout = DRM_QDA_SCALARS_OUTBUFS(inv->sc);
	memset(outlen, 0, sizeof(outlen));
	for (i = 0; i < nout; i++)
		outlen[i] = sl[nin + i].len;
	fk.counts.invokes++;
	if (fk.dsp_status_next) {
		inv->dsp_status = fk.dsp_status_next;
		fk.dsp_status_next = 0;
		return 0;
	}
	fk.in_flight++;
	if (fk.in_flight > fk.counts.max_parallel)
		fk.counts.max_parallel = fk.in_flight;
	UNLOCK();
	status = dsp_call(f, inv->remote_handle, inv->sc, sl, outlen);
	LOCK();
	fk.in_flight--;
	inv->dsp_status = status;
	if (!status)
		for (i = 0; i < nout; i++)
			args[nin + i].length = outlen[i];
	return 0;
}

static int do_version(int fi, struct drm_version *v)
{
	const char *name = fk.nodes[fk.files[fi].node].driver;
	size_t len = strlen(name);

	v->version_major = 1;
	if (v->name && v->name_len)
		memcpy(v->name, name, len < v->name_len ? len : v->name_len);
	v->name_len = len;
	v->date_len = 0;
	v->desc_len = 0;
	return 0;
}

static int do_query(int fi, struct drm_qda_query *q)
{
	struct node *nd = &fk.nodes[fk.files[fi].node];
	size_t need;

	if (q->pad)
		return -EINVAL;
	if (q->param != DRM_QDA_PARAM_DOMAIN_NAME && (q->data_ptr || q->data_size))
		return -EINVAL;
	if (q->param != DRM_QDA_PARAM_DSP_CAPABILITY && q->index)
		return -EINVAL;
	switch (q->param) {
	case DRM_QDA_PARAM_UAPI_VERSION:
		q->value = fk.uapi_version;
		return 0;
	case DRM_QDA_PARAM_DOMAIN_ID:
		q->value = nd->domain_id;
		return 0;
	case DRM_QDA_PARAM_DOMAIN_NAME:
		need = strlen(nd->domain) + 1;
		if (!q->data_ptr) {
			q->data_size = (uint32_t)need;
			return 0;
		}
		if (q->data_size < need)
			return -ENOSPC;
		memcpy((void *)(uintptr_t)q->data_ptr, nd->domain, need);
		q->value = need - 1;
		q->data_size = (uint32_t)need;
		return 0;
	case DRM_QDA_PARAM_DSP_CAPABILITY:
		if (q->index >= DRM_QDA_NUM_DSP_ATTRIBUTES)
			return -EINVAL;
		if (fk.caps_unsupported)
			return -EOPNOTSUPP;
		q->value = q->index == 6 ? 0x73 : q->index == 1 ? 1 : 0;
		return 0;
	case DRM_QDA_PARAM_MAX_ARGS:
		q->value = 64;
		return 0;
	case DRM_QDA_PARAM_MAX_BO_SIZE:
		q->value = fk.max_bo_size;
		return 0;
	case DRM_QDA_PARAM_NUM_CONTEXT_BANKS:
		q->value = 4;
		return 0;
	case DRM_QDA_PARAM_PROC_STATE:
		q->value = fk.files[fi].proc_state;
		return 0;
	}
	return -EINVAL;
}

static struct bo *bo_new(int fi, uint64_t size)
{
	int i;

	for (i = 0; i < MAX_BOS; i++)
		if (!fk.bos[i].used) {
			struct bo *b = &fk.bos[i];

			memset(b, 0, sizeof(*b));
			b->used = true;
			b->fd = fi;
			b->handle = fk.next_handle++;
			b->size = size;
			b->mem = aligned_alloc(PAGE, size);
			memset(b->mem, 0, size);
			b->dmabuf = -1;
			b->mmap_offset = (uint64_t)b->handle << 20;
			fk.counts.bos++;
			return b;
		}
	return NULL;
}

static int do_ioctl(int fi, unsigned long req, void *arg)
{
	struct bo *b;

	switch (req) {
	case DRM_IOCTL_VERSION:
		return do_version(fi, arg);
	case DRM_IOCTL_GEM_CLOSE: {
		struct drm_gem_close *c = arg;

		if (c->pad)
			return -EINVAL;
		b = bo_find(fi, c->handle);
		if (!b)
			return -ENOENT;
		bo_release(b);
		return 0;
	}
	case DRM_IOCTL_PRIME_HANDLE_TO_FD: {
		struct drm_prime_handle *p = arg;

		if (p->flags != (DRM_CLOEXEC | DRM_RDWR))
			fail_msg("fake kernel: export without O_CLOEXEC|O_RDWR");
		b = bo_find(fi, p->handle);
		if (!b)
			return -ENOENT;
		p->fd = 3000 + (int)b->handle;	/* caller must not close it */
		return 0;
	}
	case DRM_IOCTL_PRIME_FD_TO_HANDLE: {
		struct drm_prime_handle *p = arg;
		struct dmabuf *d;

		if (p->fd < 2000 || p->fd >= 2000 + MAX_DMABUFS)
			return -EBADF;
		d = &fk.dmabufs[p->fd - 2000];
		if (!d->used)
			return -EBADF;
		b = bo_new(fi, d->size);
		if (!b)
			return -ENOMEM;
		b->imported = true;
		b->mmap_offset = 0;
		p->handle = b->handle;
		return 0;
	}
	case DRM_IOCTL_QDA_QUERY:
		return do_query(fi, arg);
	case DRM_IOCTL_QDA_GEM_CREATE: {
		struct drm_qda_gem_create *c = arg;

		if (c->flags)
			return -EINVAL;
		if (!c->size)
			return -EINVAL;
		if (c->size > fk.max_bo_size)
			return -E2BIG;
		b = bo_new(fi, (c->size + PAGE - 1) & ~(uint64_t)(PAGE - 1));
		if (!b)
			return -ENOMEM;
		fk.counts.gem_creates++;
		c->handle = b->handle;
		return 0;
	}
	case DRM_IOCTL_QDA_GEM_INFO: {
		struct drm_qda_gem_info *gi = arg;

		if (gi->info_flags || gi->size || gi->mmap_offset)
			return -EINVAL;
		b = bo_find(fi, gi->handle);
		if (!b)
			return -ENOENT;
		gi->size = b->size;
		gi->mmap_offset = b->mmap_offset;
		gi->info_flags = b->imported ? DRM_QDA_BO_INFO_IMPORTED : 0;
		return 0;
	}
	case DRM_IOCTL_QDA_PROC_CREATE: {
		struct drm_qda_proc_create *pc = arg;

		if (pc->pad || (pc->flags & ~DRM_QDA_PROC_FLAGS))
			return -EINVAL;
		if (!pc->name_len || pc->name_len > DRM_QDA_PROC_NAME_MAX)
			return -EINVAL;
		if (fk.files[fi].proc_state)
			return -EALREADY;
		memset(&fk.last_proc, 0, sizeof(fk.last_proc));
		memcpy(fk.last_proc.name, (void *)(uintptr_t)pc->name_ptr,
		       pc->name_len);
		fk.last_proc.flags = pc->flags;
		fk.last_proc.shell_handle = pc->shell_handle;
		fk.last_proc.shell_offset = pc->shell_offset;
		fk.last_proc.shell_size = pc->shell_size;
		if (pc->shell_handle && !bo_find(fi, pc->shell_handle))
			return -ENOENT;
		fk.files[fi].proc_state = DRM_QDA_PROC_STATE_READY;
		return 0;
	}
	case DRM_IOCTL_QDA_PROC_ATTACH: {
		struct drm_qda_proc_attach *pa = arg;

		if (pa->flags || (pa->pd != DRM_QDA_PD_ROOT &&
				  pa->pd != DRM_QDA_PD_SENSORS))
			return -EINVAL;
		if (fk.unprivileged)
			return -EPERM;
		if (fk.files[fi].proc_state)
			return -EALREADY;
		fk.files[fi].proc_state = DRM_QDA_PROC_STATE_READY;
		return 0;
	}
	case DRM_IOCTL_QDA_INVOKE:
		return do_invoke(fi, arg);
	case DRM_IOCTL_QDA_MAP: {
		struct drm_qda_map *m = arg;

		if (m->flags & ~DRM_QDA_MAP_FLAGS)
			return -EINVAL;
		b = bo_find(fi, m->handle);
		if (!b)
			return -ENOENT;
		if ((m->offset | m->length) & (PAGE - 1) || !m->length ||
		    m->offset + m->length > b->size)
			return -EINVAL;
		if (fk.files[fi].proc_state != DRM_QDA_PROC_STATE_READY)
			return -ENOTCONN;
		m->dsp_addr = 0x10000000ull + m->offset;
		return 0;
	}
	case DRM_IOCTL_QDA_UNMAP: {
		struct drm_qda_unmap *u = arg;

		if (u->flags || u->pad)
			return -EINVAL;
		return u->dsp_addr == 0x10000000ull ? 0 : -ENOENT;
	}
	}
	fail_msg("fake kernel: unexpected ioctl 0x%lx", req);
	return -ENOTTY;
}

int fk_ioctl(int fd, unsigned long req, void *arg)
{
	int fi = fd - FD_BASE, i, ret;

	LOCK();
	if (fi < 0 || fi >= MAX_FDS || !fk.files[fi].used) {
		UNLOCK();
		fail_msg("fake kernel: ioctl 0x%lx on unknown fd %d", req, fd);
	}
	fk.ioctl_counts[_IOC_NR(req) & 0xff]++;
	if (_IOC_NR(req) >= DRM_COMMAND_BASE &&
	    strcmp(fk.nodes[fk.files[fi].node].driver, "qda") != 0) {
		fk.counts.private_ioctls_on_foreign++;
		UNLOCK();
		errno = ENOTTY;
		return -1;
	}
	for (i = 0; i < fk.nfails; i++) {
		struct fail *fl = &fk.fails[i];

		if (fl->req != req || fl->times <= 0)
			continue;
		if (--fl->nth > 0)
			break;
		fl->nth = 1;
		fl->times--;
		UNLOCK();
		errno = fl->err;
		return -1;
	}
	ret = do_ioctl(fi, req, arg);
	UNLOCK();
	if (ret) {
		errno = -ret;
		return -1;
	}
	return 0;
}
