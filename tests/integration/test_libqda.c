/* SPDX-License-Identifier: MIT */
/*
 * libqda end to end against the real driver and the virtual DSP: discovery,
 * queries, BOs, sessions, modules, the calculator and the test module.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/dma-heap.h>

#include <qda/qda.h>

#include "itest.h"
#include "qt.h"

#define T_NOOP 2
#define T_ECHO 3
#define T_FILL 4
#define T_CHECKSUM 5
#define T_SET_OUTLEN 7
#define T_ERROR 8

static void test_discovery(void)
{
	struct qda_device_list *l = NULL;
	struct qda_device *dev;
	size_t i, n;
	int ret;

	ret = qda_device_list_get(&l);
	n = qda_device_list_count(l);
	CHECK("list", ret == 0 && n >= 1, "ret %d, %zu devices", ret, n);
	for (i = 0; i < n; i++) {
		const char *p = qda_device_list_path(l, i);

		CHECK("list-path", p && (!strncmp(p, "/dev/accel/accel", 16) ||
					 !strncmp(p, "/dev/dri/renderD", 16)),
		      "path %s", p ? p : "(null)");
		ret = qda_device_open_path(p, &dev);
		CHECK("open-path", ret == 0, "%s: %d", p, ret);
		if (ret)
			continue;
		CHECK("open-path-domain",
		      !strcmp(qda_device_domain_name(dev), qda_device_list_domain(l, i)) &&
		      qda_device_domain_id(dev) == qda_device_list_domain_id(l, i),
		      "domain %s vs %s", qda_device_domain_name(dev),
		      qda_device_list_domain(l, i));
		qda_device_close(dev);
	}
	qda_device_list_free(l);
	CHECK_RET("open-unknown-domain", qda_device_open("nodsp", &dev), -ENODEV);
	CHECK_RET("open-path-missing", qda_device_open_path("/dev/accel/accel99", &dev), -ENOENT);
	CHECK_RET("open-path-not-drm", qda_device_open_path("/dev/null", &dev), -ENODEV);
}

static void test_queries(struct qda_device *dev)
{
	uint32_t major = 0, minor = 0, v = 0;
	uint64_t x;
	int ret;

	CHECK_RET("uapi-version", qda_device_uapi_version(dev, &major, &minor), 0);
	CHECK("uapi-major", major == 1, "major %u", major);
	CHECK_RET("query-domain-id", qda_device_query(dev, QDA_PARAM_DOMAIN_ID, &x), 0);
	CHECK("domain-id-cdsp", x == QDA_DOMAIN_CDSP, "id %" PRIu64, x);
	CHECK_RET("query-max-args", qda_device_query(dev, QDA_PARAM_MAX_ARGS, &x), 0);
	CHECK("max-args-sane", x >= 4 && x <= 255 + 255 + 30, "%" PRIu64, x);
	CHECK_RET("query-max-bo", qda_device_query(dev, QDA_PARAM_MAX_BO_SIZE, &x), 0);
	CHECK("max-bo-sane", x >= (1u << 20), "%" PRIu64, x);
	CHECK_RET("query-cbs", qda_device_query(dev, QDA_PARAM_NUM_CONTEXT_BANKS, &x), 0);
	CHECK("cbs-sane", x >= 1 && x <= 15, "%" PRIu64, x);
	CHECK_RET("query-unknown", qda_device_query(dev, 1000, &x), -EINVAL);
	ret = qda_device_capability(dev, QDA_DSP_ATTR_ARCH_VER, &v);
	CHECK("cap-arch", ret == 0 && v == 0x73, "ret %d v 0x%x", ret, v);
	ret = qda_device_capability(dev, QDA_DSP_ATTR_VTCM_PAGE, &v);
	CHECK("cap-vtcm-page", ret == 0 && v == 262144, "ret %d v %u", ret, v);
	ret = qda_device_capability(dev, QDA_DSP_ATTR_UNSIGNED_PD_SUPPORT, &v);
	CHECK("cap-unsigned-pd", ret == 0 && v == 1, "ret %d v %u", ret, v);
	ret = qda_device_capability(dev, 200, &v);
	CHECK("cap-unknown-zero", ret == 0 && v == 0, "ret %d v %u", ret, v);
	CHECK_RET("cap-out-of-range", qda_device_capability(dev, 256, &v), -EINVAL);
}

static void test_bos(struct qda_session *s)
{
	struct qda_bo *bo = NULL, *imp = NULL;
	uint8_t *p = NULL;
	size_t i;
	void *q;
	int fd = -1, ret, bad = 0;

	CHECK_RET("bo-alloc", qda_bo_alloc(s, 10000, 0, &bo), 0);
	if (!bo)
		return;
	CHECK("bo-size-rounded", qda_bo_size(bo) >= 10000 && qda_bo_size(bo) % 4096 == 0,
	      "size %" PRIu64, qda_bo_size(bo));
	CHECK_RET("bo-map", qda_bo_map(bo, (void **)&p), 0);
	CHECK_RET("bo-map-again", qda_bo_map(bo, &q), 0);
	CHECK("bo-map-cached", q == p, "%p vs %p", q, (void *)p);
	if (p) {
		for (i = 0; i < 10000; i++)
			p[i] = (uint8_t)(i * 13);
		for (i = 0; i < 10000; i++)
			bad |= p[i] != (uint8_t)(i * 13);
		CHECK("bo-write-read", !bad, "data mismatch");
	}
	CHECK_RET("bo-alloc-zero", qda_bo_alloc(s, 0, 0, &imp), -EINVAL);
	CHECK_RET("bo-alloc-huge", qda_bo_alloc(s, 1ull << 50, 0, &imp), -E2BIG);
	CHECK_RET("bo-export", qda_bo_export(bo, &fd), 0);
	if (fd >= 0) {
		ret = qda_bo_import(s, fd, &imp);
		CHECK("bo-self-import", ret == 0, "ret %d", ret);
		if (!ret) {
			CHECK("bo-self-import-size", qda_bo_size(imp) == qda_bo_size(bo),
			      "%" PRIu64, qda_bo_size(imp));
			/* the kernel hands back the same GEM handle; both
			 * objects are freed, the first free drops it */
			qda_bo_free(imp);
		}
		close(fd);
	}
	qda_bo_free(bo);
}

/* Imports from another session: a foreign dma-buf for that session. */
static void test_prime_cross_session(struct qda_device *dev, struct qda_session *s)
{
	struct qda_session *s2 = NULL;
	struct qda_bo *bo = NULL, *imp = NULL;
	void *p;
	int fd = -1;

	if (qda_session_open(dev, &s2))
		return;
	CHECK_RET("prime-alloc", qda_bo_alloc(s, 8192, 0, &bo), 0);
	CHECK_RET("prime-export", qda_bo_export(bo, &fd), 0);
	CHECK_RET("prime-import", qda_bo_import(s2, fd, &imp), 0);
	/* same device: the original object, so it stays CPU-mappable */
	CHECK("prime-self-import-native", imp && !(qda_bo_flags(imp) & QDA_BO_IMPORTED),
	      "flags 0x%x", qda_bo_flags(imp));
	CHECK("prime-self-import-size", qda_bo_size(imp) == 8192, "%" PRIu64,
	      qda_bo_size(imp));
	CHECK_RET("prime-self-import-map", qda_bo_map(imp, &p), 0);
	CHECK_RET("prime-import-bad-fd", qda_bo_import(s2, 0, &imp), -EINVAL);
	if (fd >= 0)
		close(fd);
	qda_bo_free(imp);
	qda_bo_free(bo);
	qda_session_close(s2);
}

/* A foreign exporter: the system DMA heap. */
static void test_import_dma_heap(struct qda_session *s)
{
	struct dma_heap_allocation_data d = { .len = 3 * 4096,
					      .fd_flags = O_RDWR | O_CLOEXEC };
	struct qda_bo *bo = NULL;
	struct qda_arg a[2];
	uint32_t h = 0, crc = 0;
	uint8_t *p;
	void *q;
	int heap, ret;

	heap = open("/dev/dma_heap/system", O_RDWR | O_CLOEXEC);
	if (heap < 0) {
		printf("ok heap-import # skip: no /dev/dma_heap/system\n");
		return;
	}
	ret = ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &d);
	close(heap);
	if (ret) {
		FAIL("heap-alloc", "%s", strerror(errno));
		return;
	}
	p = mmap(NULL, d.len, PROT_READ | PROT_WRITE, MAP_SHARED, (int)d.fd, 0);
	if (p != MAP_FAILED) {
		memset(p, 0xa5, d.len);
		munmap(p, d.len);
	}
	CHECK_RET("heap-import", qda_bo_import(s, (int)d.fd, &bo), 0);
	close((int)d.fd);	/* the BO keeps the buffer alive */
	if (!bo)
		return;
	CHECK("heap-import-flag", qda_bo_flags(bo) & QDA_BO_IMPORTED, "flags 0x%x",
	      qda_bo_flags(bo));
	CHECK("heap-import-size", qda_bo_size(bo) == 3 * 4096, "%" PRIu64, qda_bo_size(bo));
	CHECK_RET("heap-import-no-map", qda_bo_map(bo, &q), -EOPNOTSUPP);
	if (!qda_module_open(s, QT_TEST_URI, &h, NULL, NULL, 0)) {
		uint8_t ref[3 * 4096];

		memset(ref, 0xa5, sizeof(ref));
		a[0] = QDA_ARG_IN_BO(bo, 0, 3 * 4096);
		a[1] = QDA_ARG_OUT_MEM(&crc, 4);
		CHECK_RET("heap-import-checksum", qda_invoke(s, h, T_CHECKSUM, a, 2, NULL, NULL), 0);
		CHECK("heap-import-checksum-value", crc == qt_crc32(ref, sizeof(ref)),
		      "crc 0x%08x", crc);
		qda_module_close(s, h, NULL);
	}
	qda_bo_free(bo);
}

static void test_calculator(struct qda_session *s)
{
	int32_t vec[6] = { 5, -3, 99, 12, -200, 7 }, *v, max = 0;
	struct qda_bo *bo = NULL;
	struct qda_arg a[3];
	uint32_t h = 0, n = 6, st = 0;
	int64_t sum = 0;

	CHECK_RET("calc-open", qda_module_open(s, QT_CALC_URI, &h, &st, NULL, 0), 0);
	CHECK("calc-handle", h > 20, "handle %u", h);
	a[0] = QDA_ARG_IN_MEM(&n, 4);
	a[1] = QDA_ARG_IN_MEM(vec, sizeof(vec));
	a[2] = QDA_ARG_OUT_MEM(&sum, 8);
	CHECK_RET("calc-sum-mem", qda_invoke(s, h, 2, a, 3, NULL, &st), 0);
	CHECK("calc-sum-mem-value", sum == -80 && a[2].length == 8,
	      "sum %" PRId64 " len %" PRIu64, sum, a[2].length);
	a[2] = QDA_ARG_OUT_MEM(&max, 4);
	CHECK_RET("calc-max-mem", qda_invoke(s, h, 3, a, 3, NULL, &st), 0);
	CHECK("calc-max-mem-value", max == 99, "max %d", max);
	if (!qda_bo_alloc(s, 4096, 0, &bo) && !qda_bo_map(bo, (void **)&v)) {
		memcpy(v + 32, vec, sizeof(vec));
		a[1] = QDA_ARG_IN_BO(bo, 128, sizeof(vec));
		a[2] = QDA_ARG_OUT_BO(bo, 1024, 8);
		CHECK_RET("calc-sum-bo", qda_invoke(s, h, 2, a, 3, NULL, &st), 0);
		CHECK("calc-sum-bo-value", *(int64_t *)(v + 256) == -80, "sum %" PRId64,
		      *(int64_t *)(v + 256));
		a[2] = QDA_ARG_OUT_BO(bo, 2048, 4);
		CHECK_RET("calc-max-bo", qda_invoke(s, h, 3, a, 3, NULL, &st), 0);
		CHECK("calc-max-bo-value", v[512] == 99, "max %d", v[512]);
	}
	n = 0;
	a[1] = QDA_ARG_IN_MEM(vec, 0);
	a[2] = QDA_ARG_OUT_MEM(&max, 4);
	CHECK_RET("calc-max-empty", qda_invoke(s, h, 3, a, 3, NULL, &st), -EREMOTEIO);
	CHECK("calc-max-empty-status", st == 0x8000040e, "status 0x%x", st);
	qda_bo_free(bo);
	CHECK_RET("calc-close", qda_module_close(s, h, NULL), 0);
	CHECK_RET("calc-close-again", qda_module_close(s, h, &st), -EREMOTEIO);
	CHECK("calc-close-again-status", st == 0x8000042c, "status 0x%x", st);
}

static void test_test_module(struct qda_session *s)
{
	uint8_t in[5000], out[5000];
	uint32_t h = 0, st = 0, fill[2] = { 0x5a, 333 }, crc = 0, code, n;
	char dlerr[128];
	struct qda_arg a[2];
	size_t i;
	int bad = 0;

	CHECK_RET("mod-unknown", qda_module_open(s, "file:///libnope_skel.so", &h, &st,
						 dlerr, sizeof(dlerr)), -EREMOTEIO);
	CHECK("mod-unknown-nerr", st == 0x8000043e, "status 0x%x", st);
	CHECK("mod-unknown-dlerror", strstr(dlerr, "libnope_skel.so") != NULL,
	      "dlerror \"%s\"", dlerr);
	CHECK_RET("test-open", qda_module_open(s, QT_TEST_URI, &h, NULL, NULL, 0), 0);
	CHECK_RET("test-noop", qda_invoke(s, h, T_NOOP, NULL, 0, NULL, &st), 0);
	for (i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(i ^ (i >> 3));
	a[0] = QDA_ARG_IN_MEM(in, sizeof(in));
	a[1] = QDA_ARG_OUT_MEM(out, sizeof(out));
	CHECK_RET("test-echo", qda_invoke(s, h, T_ECHO, a, 2, NULL, &st), 0);
	CHECK("test-echo-data", a[1].length == sizeof(in) && !memcmp(in, out, sizeof(in)),
	      "len %" PRIu64, a[1].length);
	memset(out, 0, sizeof(out));
	a[0] = QDA_ARG_IN_MEM(fill, sizeof(fill));
	a[1] = QDA_ARG_OUT_MEM(out, 1000);
	CHECK_RET("test-fill", qda_invoke(s, h, T_FILL, a, 2, NULL, &st), 0);
	for (i = 0; i < 333; i++)
		bad |= out[i] != 0x5a;
	for (; i < 1000; i++)
		bad |= out[i] != 0;
	CHECK("test-fill-data", !bad && a[1].length == 333, "len %" PRIu64, a[1].length);
	a[0] = QDA_ARG_IN_MEM(in, sizeof(in));
	a[1] = QDA_ARG_OUT_MEM(&crc, 4);
	CHECK_RET("test-checksum", qda_invoke(s, h, T_CHECKSUM, a, 2, NULL, &st), 0);
	CHECK("test-checksum-value", crc == qt_crc32(in, sizeof(in)),
	      "crc 0x%08x want 0x%08x", crc, qt_crc32(in, sizeof(in)));
	code = 0x80000499;
	a[0] = QDA_ARG_IN_MEM(&code, 4);
	CHECK_RET("test-error", qda_invoke(s, h, T_ERROR, a, 1, NULL, &st), -EREMOTEIO);
	CHECK("test-error-status", st == 0x80000499, "status 0x%x", st);
	/* hostile output length: the kernel must refuse it, never copy past */
	n = 100000;
	memset(out, 0x77, sizeof(out));
	a[0] = QDA_ARG_IN_MEM(&n, 4);
	a[1] = QDA_ARG_OUT_MEM(out, 16);
	{
		int r = qda_invoke(s, h, T_SET_OUTLEN, a, 2, NULL, &st);

		CHECK("test-hostile-outlen", r < 0 && a[1].length == 16,
		      "ret %d len %" PRIu64, r, a[1].length);
		CHECK("test-hostile-outlen-nocopy", out[16] == 0x77, "wrote past");
	}
	CHECK_RET("test-after-hostile", qda_invoke(s, h, T_NOOP, NULL, 0, NULL, &st), 0);
	CHECK_RET("test-close", qda_module_close(s, h, NULL), 0);
}

static void test_dsp_map(struct qda_session *s)
{
	struct qda_bo *bo = NULL;
	uint64_t addr = 0;

	if (qda_bo_alloc(s, 4 * 4096, 0, &bo))
		return;
	CHECK_RET("dsp-map", qda_bo_dsp_map(bo, 4096, 8192, 0, &addr), 0);
	CHECK("dsp-map-addr", addr != 0, "addr 0");
	CHECK_RET("dsp-unmap", qda_session_dsp_unmap(s, addr), 0);
	CHECK_RET("dsp-unmap-again", qda_session_dsp_unmap(s, addr), -ENOENT);
	CHECK_RET("dsp-map-unaligned", qda_bo_dsp_map(bo, 100, 4096, 0, &addr), -EINVAL);
	qda_bo_free(bo);
}

struct worker {
	struct qda_session *s;
	uint32_t h;
	int id, errors;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	uint8_t in[777], out[777];
	struct qda_arg a[2];
	int i;

	for (i = 0; i < 50; i++) {
		memset(in, w->id * 10 + i, sizeof(in));
		a[0] = QDA_ARG_IN_MEM(in, sizeof(in) - (size_t)i);
		a[1] = QDA_ARG_OUT_MEM(out, sizeof(out));
		if (qda_invoke(w->s, w->h, T_ECHO, a, 2, NULL, NULL) ||
		    a[1].length != sizeof(in) - (size_t)i ||
		    memcmp(in, out, sizeof(in) - (size_t)i))
			w->errors++;
	}
	return NULL;
}

static void test_threads(struct qda_session *s)
{
	struct worker w[4];
	pthread_t t[4];
	uint32_t h;
	int i, errors = 0;

	if (qda_module_open(s, QT_TEST_URI, &h, NULL, NULL, 0))
		return;
	for (i = 0; i < 4; i++) {
		w[i] = (struct worker){ .s = s, .h = h, .id = i };
		pthread_create(&t[i], NULL, work, &w[i]);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		errors += w[i].errors;
	}
	CHECK("threads-echo", errors == 0, "%d failed calls", errors);
	qda_module_close(s, h, NULL);
}

int main(void)
{
	struct qda_device *dev = NULL;
	struct qda_session *s = NULL, *s0 = NULL;
	uint32_t state = 99;

	setvbuf(stdout, NULL, _IOLBF, 0);
	test_discovery();
	if (qda_device_open("cdsp", &dev)) {
		FAIL("open-cdsp", "no cdsp device");
		return itest_done();
	}
	OK("open-cdsp");
	test_queries(dev);
	CHECK_RET("session-open", qda_session_open(dev, &s), 0);
	if (!s)
		goto out;
	CHECK_RET("pd-state-none", qda_session_pd_state(s, &state), 0);
	CHECK("pd-state-none-value", state == QDA_PD_STATE_NONE, "state %u", state);
	CHECK_RET("invoke-no-pd", qda_invoke(s, 30, 2, NULL, 0, NULL, NULL), -ENOTCONN);
	test_bos(s);
	CHECK_RET("pd-create", qda_session_create_pd(s, "itest", QDA_PD_UNSIGNED, NULL, 0, 0), 0);
	CHECK_RET("pd-create-again", qda_session_create_pd(s, "itest", 0, NULL, 0, 0), -EALREADY);
	CHECK_RET("pd-state-ready", qda_session_pd_state(s, &state), 0);
	CHECK("pd-state-ready-value", state == QDA_PD_STATE_READY, "state %u", state);
	test_prime_cross_session(dev, s);
	test_import_dma_heap(s);
	test_calculator(s);
	test_test_module(s);
	test_dsp_map(s);
	test_threads(s);
	/* a signed PD with the built-in shell on a second session */
	if (!qda_session_open(dev, &s0)) {
		CHECK_RET("pd-create-signed", qda_session_create_pd(s0, NULL, 0, NULL, 0, 0), 0);
		qda_session_close(s0);
	}
out:
	qda_session_close(s);
	qda_device_close(dev);
	return itest_done();
}
