/* SPDX-License-Identifier: MIT */
/*
 * dmabuf_share: hand a buffer from another exporter to the DSP.
 *
 * Allocates a dma-buf from the system DMA heap, imports it into a QDA
 * session, writes a pattern through the dma-buf's own CPU mapping and has
 * the DSP's test module compute its CRC-32, which must equal the CPU's.
 * Exit status: 0 match, 1 mismatch, 2 setup failure, 77 no DMA heap.
 *
 *   dmabuf_share [DOMAIN [BYTES]]   DOMAIN defaults to cdsp, BYTES to 1 MiB
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>

#include <qda/qda.h>

#define TEST_URI "file:///libqda_test_skel.so?qda_test_skel_handle_invoke&_modver=1.0"
#define TEST_CHECKSUM 5	/* in0 data, out0 u32 CRC-32 */

/*
 * The CPU's CRC-32 (IEEE 802.3, as zlib computes it) to check the DSP's.
 * copies: the tests have the same function (qt_crc32() in tests/lib): an
 * example is a standalone program a user copies, so it carries its own
 * rather than share a file with the tests or depend on zlib for one
 * function.
 */
static uint32_t crc32_ieee(const uint8_t *p, size_t n)
{
	uint32_t crc = 0xffffffffu;
	int k;

	while (n--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

static int heap_alloc(size_t len, int *out)
{
	struct dma_heap_allocation_data a;
	int heap, ret;

	heap = open("/dev/dma_heap/system", O_RDWR | O_CLOEXEC);
	if (heap < 0)
		return -errno;
	memset(&a, 0, sizeof(a));
	a.len = len;
	a.fd_flags = O_RDWR | O_CLOEXEC;
	ret = ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &a);
	ret = ret < 0 ? -errno : 0;
	close(heap);
	if (!ret)
		*out = (int)a.fd;
	return ret;
}

static int dmabuf_sync(int fd, uint64_t flags)
{
	struct dma_buf_sync sync = { .flags = flags };

	return ioctl(fd, DMA_BUF_IOCTL_SYNC, &sync) < 0 ? -errno : 0;
}

int main(int argc, char **argv)
{
	const char *domain = argc > 1 ? argv[1] : "cdsp";
	size_t len = argc > 2 ? strtoul(argv[2], NULL, 0) : 1u << 20;
	struct qda_device *dev = NULL;
	struct qda_session *s = NULL;
	struct qda_bo *bo = NULL;
	struct qda_arg args[2];
	uint32_t h = 0, status = 0, dsp_crc = 0, cpu_crc;
	uint8_t *p = MAP_FAILED;
	int fd = -1, ret, rc = 2;
	size_t i;

	if (len == 0)
		return 2;
	ret = heap_alloc(len, &fd);
	if (ret) {
		fprintf(stderr, "dmabuf_share: system DMA heap: %s\n",
			strerror(-ret));
		return 77;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		perror("dmabuf_share: mmap dma-buf");
		goto out;
	}
	dmabuf_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(i * 31 + (i >> 8));
	dmabuf_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
	cpu_crc = crc32_ieee(p, len);

	if ((ret = qda_device_open(domain, &dev)) ||
	    (ret = qda_session_open(dev, &s)) ||
	    (ret = qda_session_create_pd(s, "dmabuf_share", QDA_PD_UNSIGNED,
					 NULL, 0, 0)) ||
	    (ret = qda_module_open(s, TEST_URI, &h, &status, NULL, 0))) {
		fprintf(stderr, "dmabuf_share: setup: %s\n", qda_strerror(ret));
		goto out;
	}
	ret = qda_bo_import(s, fd, &bo);
	if (ret) {
		fprintf(stderr, "dmabuf_share: import: %s\n", qda_strerror(ret));
		goto out;
	}
	printf("dmabuf_share: imported %zu-byte dma-buf as a %" PRIu64
	       "-byte BO (flags 0x%x)\n", len, qda_bo_size(bo), qda_bo_flags(bo));

	args[0] = QDA_ARG_IN_BO(bo, 0, len);
	args[1] = QDA_ARG_OUT_MEM(&dsp_crc, sizeof(dsp_crc));
	ret = qda_invoke(s, h, TEST_CHECKSUM, args, 2, NULL, &status);
	if (ret) {
		fprintf(stderr, "dmabuf_share: checksum: %s (DSP 0x%08" PRIx32 ")\n",
			qda_strerror(ret), status);
		goto out;
	}
	printf("dmabuf_share: CRC-32 DSP 0x%08" PRIx32 " CPU 0x%08" PRIx32 " %s\n",
	       dsp_crc, cpu_crc, dsp_crc == cpu_crc ? "ok" : "MISMATCH");
	rc = dsp_crc == cpu_crc ? 0 : 1;
out:
	/* Every libqda object, in the reverse order of opening; each close
	 * accepts NULL. copies: the same as in calculator.c; each example
	 * stands alone, so neither shares a helper with the other. */
	if (h)
		qda_module_close(s, h, NULL);
	qda_bo_free(bo);
	qda_session_close(s);
	qda_device_close(dev);
	if (p != MAP_FAILED)
		munmap(p, len);
	if (fd >= 0)
		close(fd);
	return rc;
}
