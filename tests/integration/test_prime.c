// SPDX-License-Identifier: MIT
/*
 * PRIME in the VM: QDA BOs exported to vgem and mapped by it, foreign
 * buffers (vgem, udmabuf incl. scattered memfd pages, the system dma-heap)
 * imported into QDA and read and written by the DSP, self-import, and the
 * rules for imported BOs (not mappable through QDA).
 *
 * Content is checked both ways: the CPU writes through the exporter's
 * mapping and the DSP checksums it; the DSP fills and the CPU reads.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <linux/udmabuf.h>
#include <xf86drm.h>

#include <qda/qda.h>
#include <drm/qda_accel.h>

#include "itest.h"
#include "qt_modules.h"

#define M_CHECKSUM 5
#define M_FILL 4
#define M_ECHO 3

static uint32_t crc32_ieee(const uint8_t *p, size_t n)
{
	uint32_t crc = 0xffffffffu;

	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

static void pattern(uint8_t *p, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 31 + seed + (i >> 12));
}

/* First DRM node whose driver is @name, opened O_RDWR */
static int open_driver(const char *dir, const char *prefix, const char *name)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int fd = -1;

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char path[300];
		drmVersionPtr v;

		if (strncmp(de->d_name, prefix, strlen(prefix)))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		v = drmGetVersion(fd);
		if (v && !strcmp(v->name, name)) {
			drmFreeVersion(v);
			break;
		}
		if (v)
			drmFreeVersion(v);
		close(fd);
		fd = -1;
	}
	closedir(d);
	return fd;
}

struct dsp {
	struct qda_device *dev;
	struct qda_session *s;
	uint32_t mod;
};

static int dsp_open(struct dsp *d)
{
	uint32_t st;
	int r;

	r = qda_device_open("cdsp", &d->dev);
	if (r)
		return r;
	r = qda_session_open(d->dev, &d->s);
	if (r)
		return r;
	r = qda_session_create_pd(d->s, "itest_prime", 0, NULL, 0, 0);
	if (r)
		return r;
	return qda_module_open(d->s, QT_TEST_URI, &d->mod, &st, NULL, 0);
}

static void dsp_close(struct dsp *d)
{
	if (d->s)
		qda_session_close(d->s);
	if (d->dev)
		qda_device_close(d->dev);
}

/* CRC of @len bytes of @bo at @off, computed by the DSP */
static int dsp_crc(struct dsp *d, struct qda_bo *bo, uint64_t off,
		   uint64_t len, uint32_t *crc)
{
	struct qda_arg a[2] = {
		QDA_ARG_IN_BO(bo, off, len),
		QDA_ARG_OUT_MEM(crc, sizeof(*crc)),
	};

	return qda_invoke(d->s, d->mod, M_CHECKSUM, a, 2, NULL, NULL);
}

/* The DSP writes @count bytes of @value into @bo at @off */
static int dsp_fill(struct dsp *d, struct qda_bo *bo, uint64_t off,
		    uint32_t value, uint32_t count)
{
	uint32_t in[2] = { value, count };
	struct qda_arg a[2] = {
		QDA_ARG_IN_MEM(in, sizeof(in)),
		QDA_ARG_OUT_BO(bo, off, count),
	};

	return qda_invoke(d->s, d->mod, M_FILL, a, 2, NULL, NULL);
}

static void sync_dmabuf(int fd, uint64_t flags)
{
	struct dma_buf_sync s = { .flags = flags };

	ioctl(fd, DMA_BUF_IOCTL_SYNC, &s);
}

static int all_bytes(const uint8_t *p, size_t n, uint8_t v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

/* Import @dmabuf of @size bytes, written by the CPU at @cpu: check both ways */
static void roundtrip(struct dsp *d, const char *what, int dmabuf,
		      uint8_t *cpu, size_t size)
{
	char name[96];
	struct qda_bo *bo = NULL;
	uint32_t crc = 0;
	int r;

	pattern(cpu, size, 7);
	sync_dmabuf(dmabuf, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW);

	snprintf(name, sizeof(name), "%s-import", what);
	r = qda_bo_import(d->s, dmabuf, &bo);
	CHECK_RET(name, r, 0);
	if (r)
		return;

	snprintf(name, sizeof(name), "%s-dsp-reads-cpu-data", what);
	r = dsp_crc(d, bo, 0, size, &crc);
	CHECK(name, !r && crc == crc32_ieee(cpu, size),
	      "r=%d crc %08x want %08x", r, crc, crc32_ieee(cpu, size));

	snprintf(name, sizeof(name), "%s-dsp-reads-slice", what);
	r = dsp_crc(d, bo, 4096 + 100, size - 8192, &crc);
	CHECK(name, !r && crc == crc32_ieee(cpu + 4096 + 100, size - 8192),
	      "r=%d", r);

	snprintf(name, sizeof(name), "%s-cpu-reads-dsp-data", what);
	r = dsp_fill(d, bo, 4096, 0x5a, (uint32_t)(size - 4096));
	sync_dmabuf(dmabuf, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW);
	CHECK(name, !r && all_bytes(cpu + 4096, size - 4096, 0x5a) &&
	      cpu[0] == (uint8_t)7, "r=%d", r);

	snprintf(name, sizeof(name), "%s-not-cpu-mappable-via-qda", what);
	{
		void *p = NULL;

		r = qda_bo_map(bo, &p);
		CHECK(name, r < 0, "qda_bo_map returned %d", r);
	}
	qda_bo_free(bo);
}

static void test_dma_heap(struct dsp *d)
{
	struct dma_heap_allocation_data alloc = {
		.len = 64 * 1024,
		.fd_flags = O_RDWR | O_CLOEXEC,
	};
	int heap = open("/dev/dma_heap/system", O_RDWR | O_CLOEXEC);
	uint8_t *cpu;

	if (heap < 0 && errno == ENOENT) {
		/* a kernel without CONFIG_DMABUF_HEAPS (Debian's arm64 6.12) */
		printf("NOT RUN dmaheap: no /dev/dma_heap/system in this kernel (CONFIG_DMABUF_HEAPS)\n");
		return;
	}
	if (heap < 0 || ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &alloc)) {
		FAIL("dmaheap-alloc", "%s", strerror(errno));
		if (heap >= 0)
			close(heap);
		return;
	}
	close(heap);
	cpu = mmap(NULL, alloc.len, PROT_READ | PROT_WRITE, MAP_SHARED,
		   alloc.fd, 0);
	if (cpu == MAP_FAILED) {
		FAIL("dmaheap-mmap", "%s", strerror(errno));
		close(alloc.fd);
		return;
	}
	roundtrip(d, "dmaheap", alloc.fd, cpu, alloc.len);
	munmap(cpu, alloc.len);
	close(alloc.fd);
}

/* @scatter: build the udmabuf from memfd pages in a shuffled order */
static void test_udmabuf(struct dsp *d, int scatter)
{
	const size_t pg = 4096, npages = 16, size = npages * pg;
	const char *what = scatter ? "udmabuf-scattered" : "udmabuf";
	int memfd, udev, buf;
	uint8_t *mem, *view;

	memfd = memfd_create("itest", MFD_ALLOW_SEALING | MFD_CLOEXEC);
	udev = open("/dev/udmabuf", O_RDWR | O_CLOEXEC);
	if (memfd < 0 || udev < 0 || ftruncate(memfd, size) ||
	    fcntl(memfd, F_ADD_SEALS, F_SEAL_SHRINK)) {
		FAIL(what, "setup: %s", strerror(errno));
		goto out;
	}

	if (!scatter) {
		struct udmabuf_create c = {
			.memfd = memfd, .flags = UDMABUF_FLAGS_CLOEXEC,
			.offset = 0, .size = size,
		};

		buf = ioctl(udev, UDMABUF_CREATE, &c);
	} else {
		struct {
			struct udmabuf_create_list h;
			struct udmabuf_create_item it[16];
		} l = { .h = { .flags = UDMABUF_FLAGS_CLOEXEC,
			       .count = npages } };

		/* Logical page i comes from memfd page (i * 5) % 16 */
		for (size_t i = 0; i < npages; i++) {
			l.it[i].memfd = memfd;
			l.it[i].offset = ((i * 5) % npages) * pg;
			l.it[i].size = pg;
		}
		buf = ioctl(udev, UDMABUF_CREATE_LIST, &l);
	}
	if (buf < 0) {
		FAIL(what, "create: %s", strerror(errno));
		goto out;
	}

	/* The dma-buf's own mapping shows the logical order */
	view = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, buf, 0);
	if (view == MAP_FAILED) {
		FAIL(what, "mmap: %s", strerror(errno));
		close(buf);
		goto out;
	}
	roundtrip(d, what, buf, view, size);

	if (scatter) {
		/* The DSP's fill landed in memfd page 5 for logical page 1 */
		mem = mmap(NULL, size, PROT_READ, MAP_SHARED, memfd, 0);
		CHECK("udmabuf-scattered-pages-land-in-memfd",
		      mem != MAP_FAILED && mem[0] == view[0] &&
		      all_bytes(mem + 5 * pg, pg, 0x5a),
		      "memfd page order");
		if (mem != MAP_FAILED)
			munmap(mem, size);
	}
	munmap(view, size);
	close(buf);
out:
	if (memfd >= 0)
		close(memfd);
	if (udev >= 0)
		close(udev);
}

static void test_vgem_import(struct dsp *d, int vgem)
{
	struct drm_mode_create_dumb c = { .width = 1024, .height = 16, .bpp = 32 };
	struct drm_mode_map_dumb m = { 0 };
	int buf = -1;
	uint8_t *cpu;

	if (drmIoctl(vgem, DRM_IOCTL_MODE_CREATE_DUMB, &c) ||
	    drmPrimeHandleToFD(vgem, c.handle, DRM_CLOEXEC | DRM_RDWR, &buf)) {
		FAIL("vgem-export", "%s", strerror(errno));
		return;
	}
	m.handle = c.handle;
	if (drmIoctl(vgem, DRM_IOCTL_MODE_MAP_DUMB, &m)) {
		FAIL("vgem-map", "%s", strerror(errno));
		close(buf);
		return;
	}
	cpu = mmap(NULL, c.size, PROT_READ | PROT_WRITE, MAP_SHARED, vgem,
		   m.offset);
	if (cpu == MAP_FAILED) {
		FAIL("vgem-mmap", "%s", strerror(errno));
		close(buf);
		return;
	}
	roundtrip(d, "vgem", buf, cpu, c.size);
	munmap(cpu, c.size);
	close(buf);
	drmIoctl(vgem, DRM_IOCTL_GEM_CLOSE, &(struct drm_gem_close){ .handle = c.handle });
}

/* QDA BO exported, imported by vgem and mapped through vgem */
static void test_export_to_vgem(struct dsp *d, int vgem)
{
	const size_t size = 32 * 1024;
	struct qda_bo *bo;
	uint8_t *qcpu, *vcpu;
	uint32_t vh = 0;
	int buf = -1, vbuf = -1, r;

	r = qda_bo_alloc(d->s, size, 0, &bo);
	CHECK_RET("export-alloc", r, 0);
	if (r)
		return;
	r = qda_bo_map(bo, (void **)&qcpu);
	CHECK_RET("export-cpu-map", r, 0);
	if (r)
		goto out;
	r = dsp_fill(d, bo, 0, 0xc3, size);
	CHECK_RET("export-dsp-fill", r, 0);

	r = qda_bo_export(bo, &buf);
	CHECK_RET("export-to-dmabuf", r, 0);
	if (r)
		goto out;
	r = drmPrimeFDToHandle(vgem, buf, &vh);
	CHECK("export-vgem-import", !r, "%s", strerror(errno));
	if (r)
		goto out;
	/*
	 * vgem refuses to CPU-map imports itself (dumb offsets are for its own
	 * BOs), so it maps through the dma-buf it re-exports: the same one.
	 */
	r = drmPrimeHandleToFD(vgem, vh, DRM_CLOEXEC | DRM_RDWR, &vbuf);
	CHECK("export-vgem-reexport", !r, "%s", strerror(errno));
	vcpu = r ? MAP_FAILED : mmap(NULL, size, PROT_READ | PROT_WRITE,
				     MAP_SHARED, vbuf, 0);
	CHECK("export-vgem-mmap", vcpu != MAP_FAILED, "%s", strerror(errno));
	if (vcpu != MAP_FAILED) {
		CHECK("export-vgem-sees-dsp-data", all_bytes(vcpu, size, 0xc3),
		      "content differs");
		memset(vcpu + 100, 0x11, 50);
		CHECK("export-qda-sees-vgem-writes",
		      all_bytes(qcpu + 100, 50, 0x11) && qcpu[99] == 0xc3,
		      "content differs");
		munmap(vcpu, size);
	}
	/* Another process maps it too */
	{
		pid_t pid = fork();
		int st = -1;

		if (pid == 0) {
			uint8_t *p = mmap(NULL, size, PROT_READ, MAP_SHARED,
					  buf, 0);

			_exit(p != MAP_FAILED && all_bytes(p + 100, 50, 0x11) ?
			      0 : 1);
		}
		waitpid(pid, &st, 0);
		CHECK("export-other-process-maps", pid > 0 && st == 0,
		      "child status %d", st);
	}
	/* The dma-buf's own mmap reaches the same pages */
	vcpu = mmap(NULL, size, PROT_READ, MAP_SHARED, buf, 0);
	CHECK("export-dmabuf-mmap", vcpu != MAP_FAILED &&
	      all_bytes(vcpu + 100, 50, 0x11), "%s", strerror(errno));
	if (vcpu != MAP_FAILED)
		munmap(vcpu, size);
	drmIoctl(vgem, DRM_IOCTL_GEM_CLOSE, &(struct drm_gem_close){ .handle = vh });
out:
	if (vbuf >= 0)
		close(vbuf);
	if (buf >= 0)
		close(buf);
	qda_bo_free(bo);
}

/*
 * libqda: a buffer exported by a session and imported back into it is the
 * same kernel buffer; freeing either BO object must leave the other
 * working (the library closes the kernel handle with the last one).
 */
static void test_libqda_self_import(struct dsp *d)
{
	struct qda_bo *a = NULL, *b = NULL, *c = NULL;
	uint8_t *p = NULL;
	uint32_t crc = 0, want = 0;
	int buf = -1, r;

	r = qda_bo_alloc(d->s, 8192, 0, &a);
	r = r ? r : qda_bo_map(a, (void **)&p);
	if (!r) {
		pattern(p, 8192, 3);
		want = crc32_ieee(p, 8192);
	}
	r = r ? r : qda_bo_export(a, &buf);
	r = r ? r : qda_bo_import(d->s, buf, &b);
	CHECK_RET("libqda-self-import", r, 0);
	if (r)
		goto out;
	qda_bo_free(a);	/* also unmaps p */
	a = NULL;
	/* A new buffer must not take over the kernel handle b still uses */
	r = qda_bo_alloc(d->s, 4096, 0, &c);
	r = r ? r : dsp_crc(d, b, 0, 8192, &crc);
	CHECK("libqda-self-import-survives-free", !r && crc == want,
	      "r=%d crc %08x", r, crc);
out:
	if (buf >= 0)
		close(buf);
	qda_bo_free(c);
	qda_bo_free(b);
	qda_bo_free(a);
}

/* The qda node: accel, or render in the render-node flavour */
static int open_qda_node(void)
{
	int fd = open_driver("/dev/accel", "accel", "qda");

	return fd >= 0 ? fd : open_driver("/dev/dri", "renderD", "qda");
}

/* Raw ioctls: self-import and the imported-BO rules */
static void test_raw_prime(int vgem)
{
	int a = open_qda_node();
	int b = open_qda_node();
	struct drm_qda_gem_create c = { .size = 8192 };
	struct drm_qda_gem_info info = { 0 };
	uint32_t again = 0, other = 0;
	int buf = -1, r;

	if (a < 0 || b < 0) {
		FAIL("raw-open", "no qda node");
		goto out;
	}
	r = drmIoctl(a, DRM_IOCTL_QDA_GEM_CREATE, &c);
	CHECK("raw-create", !r, "%s", strerror(errno));
	r = drmPrimeHandleToFD(a, c.handle, DRM_CLOEXEC | DRM_RDWR, &buf);
	CHECK("raw-export", !r, "%s", strerror(errno));
	if (r)
		goto out;

	r = drmPrimeFDToHandle(a, buf, &again);
	CHECK("self-import-same-file-same-handle", !r && again == c.handle,
	      "handle %u want %u", again, c.handle);

	r = drmPrimeFDToHandle(b, buf, &other);
	info.handle = other;
	r = r ? r : drmIoctl(b, DRM_IOCTL_QDA_GEM_INFO, &info);
	CHECK("self-import-other-file-is-same-object",
	      !r && !(info.info_flags & DRM_QDA_BO_INFO_IMPORTED) &&
	      info.mmap_offset && info.size == 8192,
	      "r=%d flags %#x", r, info.info_flags);

	if (vgem >= 0) {
		struct drm_mode_create_dumb dc = { .width = 64, .height = 16, .bpp = 32 };
		uint32_t ih = 0;
		int vbuf = -1;
		void *p;

		r = drmIoctl(vgem, DRM_IOCTL_MODE_CREATE_DUMB, &dc);
		r = r ? r : drmPrimeHandleToFD(vgem, dc.handle, DRM_CLOEXEC, &vbuf);
		r = r ? r : drmPrimeFDToHandle(a, vbuf, &ih);
		CHECK("raw-import-vgem", !r, "%s", strerror(errno));
		memset(&info, 0, sizeof(info));
		info.handle = ih;
		r = drmIoctl(a, DRM_IOCTL_QDA_GEM_INFO, &info);
		CHECK("imported-info-flag-and-no-offset",
		      !r && (info.info_flags & DRM_QDA_BO_INFO_IMPORTED) &&
		      !info.mmap_offset, "flags %#x offset %llu", info.info_flags,
		      (unsigned long long)info.mmap_offset);
		/* No offset to map: even guessing one must not work */
		p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, a, 0x100000000ULL);
		CHECK("imported-not-mmappable", p == MAP_FAILED, "mapped");
		if (p != MAP_FAILED)
			munmap(p, 4096);
		drmIoctl(a, DRM_IOCTL_GEM_CLOSE, &(struct drm_gem_close){ .handle = ih });
		drmIoctl(vgem, DRM_IOCTL_GEM_CLOSE, &(struct drm_gem_close){ .handle = dc.handle });
		if (vbuf >= 0)
			close(vbuf);
	}

	/* Close the handle while the dma-buf lives; then the dma-buf last */
	drmIoctl(a, DRM_IOCTL_GEM_CLOSE, &(struct drm_gem_close){ .handle = c.handle });
	{
		void *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, buf, 0);

		CHECK("dmabuf-outlives-handle", p != MAP_FAILED, "%s", strerror(errno));
		if (p != MAP_FAILED) {
			memset(p, 1, 8192);
			munmap(p, 8192);
		}
	}
out:
	if (buf >= 0)
		close(buf);
	if (a >= 0)
		close(a);
	if (b >= 0)
		close(b);
}

int main(void)
{
	struct dsp d = { 0 };
	int vgem = open_driver("/dev/dri", "card", "vgem");
	int r;

	r = dsp_open(&d);
	CHECK_RET("dsp-session", r, 0);
	if (r)
		return itest_done();
	CHECK("vgem-present", vgem >= 0, "no vgem node (modprobe vgem)");

	test_dma_heap(&d);
	test_udmabuf(&d, 0);
	test_udmabuf(&d, 1);
	if (vgem >= 0) {
		test_vgem_import(&d, vgem);
		test_export_to_vgem(&d, vgem);
	}
	test_libqda_self_import(&d);
	test_raw_prime(vgem);

	dsp_close(&d);
	if (vgem >= 0)
		close(vgem);
	return itest_done();
}
