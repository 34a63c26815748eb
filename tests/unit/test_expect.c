/* SPDX-License-Identifier: MIT */
/*
 * The exact system calls of libqda, in the strict script mode of the mocks
 * (mock_script.h): every call must be the next one expected, with the
 * expected request and key fields; anything else fails the test. Then one
 * test per errno the kernel documents for each ioctl (and per open/mmap
 * error), checking the libqda return value and that nothing leaks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <qda/qda.h>
#include "mock_script.h"

#define NODE "/dev/accel/accel0"
#define OFL (O_RDWR | O_CLOEXEC)
#define DEV_FD 10
#define SES_FD 11
#define UAPI_1_0 (DRM_QDA_UAPI_VERSION_MAJOR << 16 | DRM_QDA_UAPI_VERSION_MINOR)
#define ARGBUF_SIZE 65536u
#define ARGBUF_HANDLE 9u
#define ARGBUF_OFF 0x200000u

static int setup(void **state)
{
	(void)state;
	sx_begin();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sx_end();
	return 0;
}

/* ---- script fragments ------------------------------------------------------ */

/* qda_identify(): the driver name first, then the QDA queries. */
static void script_identify(int fd, const char *domain, uint32_t id)
{
	sx_expect_version(fd, "qda", 0);
	sx_expect_query(fd, DRM_QDA_PARAM_UAPI_VERSION, 0, UAPI_1_0, 0);
	sx_expect_query(fd, DRM_QDA_PARAM_DOMAIN_ID, 0, id, 0);
	sx_expect_query_name(fd, 32, domain, 0);
}

static void open_dev(struct qda_device **dev)
{
	sx_expect_open(NODE, OFL, DEV_FD);
	script_identify(DEV_FD, "cdsp", 3);
	assert_int_equal(qda_device_open_path(NODE, dev), 0);
}

static void open_session(struct qda_device *dev, struct qda_session **s)
{
	sx_expect_open(NODE, OFL, SES_FD);
	sx_expect_version(SES_FD, "qda", 0);
	assert_int_equal(qda_session_open(dev, s), 0);
}

static void close_all(struct qda_device *dev, struct qda_session *s)
{
	if (s) {
		sx_expect_close(SES_FD);
		qda_session_close(s);
	}
	sx_expect_close(DEV_FD);
	qda_device_close(dev);
}

/* The INVOKE expected on the session: remote handle, scalars, arguments */
static void expect_init(struct sx_invoke *e, uint32_t rh, uint32_t sc,
			uint32_t num_args)
{
	memset(e, 0, sizeof(*e));
	e->fd = SES_FD;
	e->remote_handle = rh;
	e->sc = sc;
	e->num_args = num_args;
}

/* An INVOKE of method 3 of handle 30 with one 4-byte output in the
 * argument BO, which the kernel answers as @out_len bytes of @data */
static void expect_out4(struct sx_invoke *e, uint32_t out_len,
			const char *data)
{
	expect_init(e, 30, DRM_QDA_SCALARS(0, 3, 0, 1, 0, 0), 1);
	e->args[0] = (struct drm_qda_invoke_arg){ 0, 4, ARGBUF_HANDLE, 0 };
	e->set_len[0] = true;
	e->out_len[0] = out_len;
	e->out_data[0] = data;
}

static void alloc_bo(struct qda_session *s, uint32_t handle, uint64_t size,
		     struct qda_bo **bo)
{
	sx_expect_gem_create(SES_FD, size, handle, 0);
	sx_expect_gem_info(SES_FD, handle, size, 0x100000ull * handle, 0, 0);
	assert_int_equal(qda_bo_alloc(s, size, 0, bo), 0);
}

/* The first plain-memory invoke of a session creates its argument BO. */
static void script_argbuf_new(void)
{
	sx_expect_gem_create(SES_FD, ARGBUF_SIZE, ARGBUF_HANDLE, 0);
	sx_expect_gem_info(SES_FD, ARGBUF_HANDLE, ARGBUF_SIZE, ARGBUF_OFF, 0, 0);
	sx_expect_mmap(SES_FD, ARGBUF_SIZE, ARGBUF_OFF, 0);
}

static void script_argbuf_release(void)
{
	sx_expect_munmap(SES_FD, ARGBUF_OFF, ARGBUF_SIZE);
	sx_expect_gem_close(SES_FD, ARGBUF_HANDLE, 0);
}

/* ---- discovery and open --------------------------------------------------- */

static void test_list_sequence(void **state)
{
	static const char *const accel[] = { "accel1", "by-path", "accel0",
					     "accel", NULL };
	static const char *const dri[] = { "card0", "renderD128", NULL };
	struct qda_device_list *l = NULL;

	(void)state;
	sx_expect_scan("/dev/accel", 0, accel);
	/* numeric order: accel0 first */
	sx_expect_open("/dev/accel/accel0", OFL, 20);
	script_identify(20, "cdsp", 3);
	sx_expect_close(20);
	/* a foreign driver: nothing but DRM_IOCTL_VERSION, then close */
	sx_expect_open("/dev/accel/accel1", OFL, 21);
	sx_expect_version(21, "vgem", 0);
	sx_expect_close(21);
	/* render nodes only; one that cannot be opened is skipped */
	sx_expect_scan("/dev/dri", 0, dri);
	sx_expect_open("/dev/dri/renderD128", OFL, -EACCES);
	assert_int_equal(qda_device_list_get(&l), 0);
	assert_int_equal(qda_device_list_count(l), 1);
	assert_string_equal(qda_device_list_path(l, 0), "/dev/accel/accel0");
	assert_string_equal(qda_device_list_domain(l, 0), "cdsp");
	assert_int_equal(qda_device_list_domain_id(l, 0), 3);
	qda_device_list_free(l);
}

static void test_list_no_dirs(void **state)
{
	struct qda_device_list *l = NULL;

	(void)state;
	sx_expect_scan("/dev/accel", ENOENT, NULL);
	sx_expect_scan("/dev/dri", ENOENT, NULL);
	assert_int_equal(qda_device_list_get(&l), 0);
	assert_int_equal(qda_device_list_count(l), 0);
	qda_device_list_free(l);
}

/* A node whose driver is "vgem" gets no QDA ioctl and is skipped. */
static void test_open_vgem_skipped(void **state)
{
	static const char *const accel[] = { "accel0", NULL };
	struct qda_device *dev = NULL;

	(void)state;
	sx_expect_scan("/dev/accel", 0, accel);
	sx_expect_open(NODE, OFL, 20);
	sx_expect_version(20, "vgem", 0);
	sx_expect_close(20);
	sx_expect_scan("/dev/dri", ENOENT, NULL);
	assert_int_equal(qda_device_open("cdsp", &dev), -ENODEV);
	assert_null(dev);

	sx_expect_open(NODE, OFL, 20);
	sx_expect_version(20, "vgem", 0);
	sx_expect_close(20);
	assert_int_equal(qda_device_open_path(NODE, &dev), -ENODEV);
	assert_null(dev);
}

/* A driver whose name merely starts with "qda" is not QDA either. */
static void test_open_qda_prefix_skipped(void **state)
{
	struct qda_device *dev = NULL;

	(void)state;
	sx_expect_open(NODE, OFL, 20);
	sx_expect_version(20, "qdax", 0);
	sx_expect_close(20);
	assert_int_equal(qda_device_open_path(NODE, &dev), -ENODEV);
}

static void test_open_uapi_major(void **state)
{
	struct qda_device *dev = NULL;

	(void)state;
	sx_expect_open(NODE, OFL, 20);
	sx_expect_version(20, "qda", 0);
	sx_expect_query(20, DRM_QDA_PARAM_UAPI_VERSION, 0, 2u << 16, 0);
	sx_expect_close(20);
	assert_int_equal(qda_device_open_path(NODE, &dev), -EPROTO);
	assert_null(dev);
}

static void test_open_session_pd(void **state)
{
	static const char *const accel[] = { "accel0", NULL };
	struct qda_device *dev = NULL;
	struct qda_session *s = NULL;
	uint32_t st = 99;

	(void)state;
	sx_expect_scan("/dev/accel", 0, accel);
	sx_expect_open(NODE, OFL, 20);
	script_identify(20, "cdsp", 3);
	sx_expect_close(20);
	/* found: /dev/dri is not scanned; the device is opened for good */
	sx_expect_open(NODE, OFL, DEV_FD);
	script_identify(DEV_FD, "cdsp", 3);
	assert_int_equal(qda_device_open("cdsp", &dev), 0);
	assert_string_equal(qda_device_domain_name(dev), "cdsp");

	open_session(dev, &s);
	sx_expect_proc_create(SES_FD, "t", DRM_QDA_PROC_UNSIGNED, 0, 0, 0, 0);
	assert_int_equal(qda_session_create_pd(s, "t", QDA_PD_UNSIGNED, NULL,
					       0, 0), 0);
	sx_expect_query(SES_FD, DRM_QDA_PARAM_PROC_STATE, 0,
			DRM_QDA_PROC_STATE_READY, 0);
	assert_int_equal(qda_session_pd_state(s, &st), 0);
	assert_int_equal(st, QDA_PD_STATE_READY);
	/* argument checks fail before any system call */
	assert_int_equal(qda_session_create_pd(s, "", 0, NULL, 0, 0), -EINVAL);
	assert_int_equal(qda_session_create_pd(s, "t", 2, NULL, 0, 0), -EINVAL);
	assert_int_equal(qda_session_attach_pd(s, 1), -EINVAL);
	/* the session does not depend on the device */
	sx_expect_close(DEV_FD);
	qda_device_close(dev);
	sx_expect_close(SES_FD);
	qda_session_close(s);
}

static void test_session_open_eintr(void **state)
{
	struct qda_device *dev;
	struct qda_session *s;

	(void)state;
	open_dev(&dev);
	sx_expect_open(NODE, OFL, -EINTR);
	sx_expect_open(NODE, OFL, SES_FD);
	sx_expect_version(SES_FD, "qda", 0);
	assert_int_equal(qda_session_open(dev, &s), 0);
	sx_expect_proc_create(SES_FD, "qda", 0, 0, 0, 0, EINTR);
	sx_expect_proc_create(SES_FD, "qda", 0, 0, 0, 0, EAGAIN);
	sx_expect_proc_create(SES_FD, "qda", 0, 0, 0, 0, 0);
	assert_int_equal(qda_session_create_pd(s, NULL, 0, NULL, 0, 0), 0);
	close_all(dev, s);
}

/* ---- buffer objects ----------------------------------------------------- */

static void test_bo_alloc_map(void **state)
{
	struct qda_device *dev;
	struct qda_session *s;
	struct qda_bo *bo = NULL;
	uint64_t addr = 0;
	void *p = NULL, *q = NULL;

	(void)state;
	open_dev(&dev);
	open_session(dev, &s);
	sx_expect_gem_create(SES_FD, 5000, 3, 0);
	/* the kernel rounds up: the BO reports the real size */
	sx_expect_gem_info(SES_FD, 3, 8192, 0x100000, 0, 0);
	assert_int_equal(qda_bo_alloc(s, 5000, 0, &bo), 0);
	assert_int_equal(qda_bo_size(bo), 8192);
	assert_int_equal(qda_bo_flags(bo), 0);

	sx_expect_gem_info(SES_FD, 3, 8192, 0x100000, 0, 0);
	sx_expect_mmap(SES_FD, 8192, 0x100000, 0);
	assert_int_equal(qda_bo_map(bo, &p), 0);
	assert_non_null(p);
	memset(p, 0x5a, 8192);
	assert_int_equal(qda_bo_map(bo, &q), 0);	/* no system call */
	assert_ptr_equal(p, q);
	assert_int_equal(sx_maps(), 1);

	sx_expect_map(SES_FD, 3, 4096, 4096, DRM_QDA_MAP_LEGACY, 0xa0001000, 0);
	assert_int_equal(qda_bo_dsp_map(bo, 4096, 4096, QDA_DSP_MAP_LEGACY,
					&addr), 0);
	assert_int_equal(addr, 0xa0001000);
	sx_expect_unmap(SES_FD, 0xa0001000, 0);
	assert_int_equal(qda_session_dsp_unmap(s, addr), 0);
	assert_int_equal(qda_bo_dsp_map(bo, 4096, 8192, 0, &addr), -EINVAL);
	assert_int_equal(qda_bo_alloc(s, 0, 0, &bo), -EINVAL);

	sx_expect_munmap(SES_FD, 0x100000, 8192);
	sx_expect_gem_close(SES_FD, 3, 0);
	qda_bo_free(bo);
	close_all(dev, s);
}

static void test_export_import(void **state)
{
	struct qda_device *dev;
	struct qda_session *s;
	struct qda_bo *bo, *imp = NULL;
	int fd = -1;
	void *p;

	(void)state;
	assert_int_equal(DRM_CLOEXEC, O_CLOEXEC);
	assert_int_equal(DRM_RDWR, O_RDWR);
	open_dev(&dev);
	open_session(dev, &s);
	alloc_bo(s, 4, 4096, &bo);
	sx_expect_prime_to_fd(SES_FD, 4, O_CLOEXEC | O_RDWR, 50, 0);
	assert_int_equal(qda_bo_export(bo, &fd), 0);
	assert_int_equal(fd, 50);

	sx_expect_prime_to_handle(SES_FD, 60, 5, 0);
	sx_expect_gem_info(SES_FD, 5, 4096, 0, DRM_QDA_BO_INFO_IMPORTED, 0);
	assert_int_equal(qda_bo_import(s, 60, &imp), 0);
	assert_int_equal(qda_bo_flags(imp), QDA_BO_IMPORTED);
	assert_int_equal(qda_bo_size(imp), 4096);
	assert_int_equal(qda_bo_map(imp, &p), -EOPNOTSUPP);	/* no call */
	assert_int_equal(qda_bo_import(s, -1, &imp), -EBADF);

	/* BOs keep the session's file open past qda_session_close() */
	qda_session_close(s);
	sx_expect_gem_close(SES_FD, 5, 0);
	qda_bo_free(imp);
	sx_expect_gem_close(SES_FD, 4, 0);
	sx_expect_close(SES_FD);
	qda_bo_free(bo);
	close_all(dev, NULL);
}

/* ---- invoke -------------------------------------------------------------- */

static const uint8_t hello[5] = "hello";

static void fill_big(uint8_t *big, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		big[i] = (uint8_t)(i * 7 + 1);
}

static void test_invoke_plain_memory(void **state)
{
	struct qda_invoke_opts opts = { .attr = 2, .timeout_ns = 123456789 };
	struct qda_device *dev;
	struct qda_session *s;
	struct qda_bo *b;
	struct sx_invoke e;
	struct qda_arg a[6];
	uint8_t big[200], out16[16], out3[3], exp16[16], word[4] = { 1, 2, 3, 4 };
	uint32_t st = 77;

	(void)state;
	fill_big(big, sizeof(big));
	memset(out16, 0xee, sizeof(out16));
	memset(out3, 0xee, sizeof(out3));
	open_dev(&dev);
	open_session(dev, &s);
	alloc_bo(s, 3, 8192, &b);

	/* any order of kinds in, kernel order out */
	a[0] = QDA_ARG_OUT_MEM(out16, sizeof(out16));
	a[1] = (struct qda_arg){ .kind = QDA_ARG_IN_HANDLE, .bo = b,
				 .offset = 0, .length = 64 };
	a[2] = QDA_ARG_IN_MEM(hello, sizeof(hello));
	a[3] = (struct qda_arg){ .kind = QDA_ARG_OUT_HANDLE, .bo = b,
				 .offset = 4096, .length = 100 };
	a[4] = QDA_ARG_IN_MEM(big, sizeof(big));
	a[5] = QDA_ARG_OUT_MEM(out3, sizeof(out3));

	script_argbuf_new();
	expect_init(&e, 42, DRM_QDA_SCALARS(2, 5, 2, 2, 1, 1), 6);
	e.timeout_ns = 123456789;
	/* inputs, 128-byte aligned in the argument BO */
	e.args[0] = (struct drm_qda_invoke_arg){ 0, 5, ARGBUF_HANDLE, 0 };
	e.args[1] = (struct drm_qda_invoke_arg){ 128, 200, ARGBUF_HANDLE, 0 };
	/* outputs: 128 + 200 = 328 -> 384; 384 + 16 = 400 -> 512 */
	e.args[2] = (struct drm_qda_invoke_arg){ 384, 16, ARGBUF_HANDLE, 0 };
	e.args[3] = (struct drm_qda_invoke_arg){ 512, 3, ARGBUF_HANDLE, 0 };
	/* handles: BO slices by reference */
	e.args[4] = (struct drm_qda_invoke_arg){ 0, 64, 3, 0 };
	e.args[5] = (struct drm_qda_invoke_arg){ 4096, 100, 3, 0 };
	e.in_data[0] = hello;
	e.in_data[1] = big;
	e.set_len[2] = true;
	e.out_len[2] = 10;
	e.out_data[2] = "0123456789";
	e.set_len[3] = true;
	e.out_len[3] = 2;
	e.out_data[3] = "xy";
	e.set_len[5] = true;
	e.out_len[5] = 40;
	sx_expect_invoke(&e);
	assert_int_equal(qda_invoke(s, 42, 5, a, 6, &opts, &st), 0);
	assert_int_equal(st, 0);
	/* copy-back uses the kernel-written lengths */
	memset(exp16, 0xee, sizeof(exp16));
	memcpy(exp16, "0123456789", 10);
	assert_memory_equal(out16, exp16, sizeof(out16));
	assert_int_equal(a[0].length, 10);
	assert_memory_equal(out3, "xy\xee", 3);
	assert_int_equal(a[5].length, 2);
	assert_int_equal(a[3].length, 40);
	assert_int_equal(a[2].length, 5);
	assert_int_equal(a[4].length, 200);
	assert_int_equal(a[1].length, 64);

	/* the argument BO is cached: no new allocation */
	expect_init(&e, 42, DRM_QDA_SCALARS(0, 31, 1, 0, 0, 0), 1);
	e.args[0] = (struct drm_qda_invoke_arg){ 0, 4, ARGBUF_HANDLE, 0 };
	e.in_data[0] = word;
	sx_expect_invoke(&e);
	a[0] = QDA_ARG_IN_MEM(word, sizeof(word));
	assert_int_equal(qda_invoke(s, 42, 31, a, 1, NULL, NULL), 0);

	sx_expect_gem_close(SES_FD, 3, 0);
	qda_bo_free(b);
	script_argbuf_release();
	close_all(dev, s);
}

static void test_invoke_eintr_eagain(void **state)
{
	struct qda_device *dev;
	struct qda_session *s;
	struct sx_invoke e;
	uint32_t st = 77;

	(void)state;
	open_dev(&dev);
	open_session(dev, &s);
	expect_init(&e, 30, DRM_QDA_SCALARS(0, 1, 0, 0, 0, 0), 0);
	e.err = EINTR;
	sx_expect_invoke(&e);
	e.err = EAGAIN;
	sx_expect_invoke(&e);
	e.err = 0;
	sx_expect_invoke(&e);
	assert_int_equal(qda_invoke(s, 30, 1, NULL, 0, NULL, &st), 0);
	assert_int_equal(st, 0);
	close_all(dev, s);
}

/* A DSP error: -EREMOTEIO with the raw status; outputs not copied. */
static void test_invoke_dsp_error(void **state)
{
	struct qda_device *dev;
	struct qda_session *s;
	struct sx_invoke e;
	struct qda_arg a[1];
	uint8_t out[4] = { 9, 9, 9, 9 };
	uint32_t st = 0;

	(void)state;
	open_dev(&dev);
	open_session(dev, &s);
	a[0] = QDA_ARG_OUT_MEM(out, sizeof(out));
	script_argbuf_new();
	expect_out4(&e, 2, "ab");
	e.dsp_status = 0x8000040e;
	sx_expect_invoke(&e);
	assert_int_equal(qda_invoke(s, 30, 3, a, 1, NULL, &st), -EREMOTEIO);
	assert_int_equal(st, 0x8000040e);
	assert_memory_equal(out, "\x09\x09\x09\x09", 4);
	assert_int_equal(a[0].length, 4);
	script_argbuf_release();
	close_all(dev, s);
}

/* The kernel claims more output than there is room for: -EPROTO. */
static void test_invoke_output_too_long(void **state)
{
	struct qda_device *dev;
	struct qda_session *s;
	struct sx_invoke e;
	struct qda_arg a[1];
	uint8_t out[4] = { 9, 9, 9, 9 };

	(void)state;
	open_dev(&dev);
	open_session(dev, &s);
	a[0] = QDA_ARG_OUT_MEM(out, sizeof(out));
	script_argbuf_new();
	expect_out4(&e, 8, NULL);
	sx_expect_invoke(&e);
	assert_int_equal(qda_invoke(s, 30, 3, a, 1, NULL, NULL), -EPROTO);
	assert_memory_equal(out, "\x09\x09\x09\x09", 4);
	assert_int_equal(a[0].length, 4);
	script_argbuf_release();
	close_all(dev, s);
}

/* ---- one errno per test ---------------------------------------------------- */

enum op {
	OP_OPEN_PATH,		/* open() of qda_device_open_path() */
	OP_VERSION,		/* DRM_IOCTL_VERSION of qda_device_open_path() */
	OP_UAPI,		/* QUERY(UAPI_VERSION) of qda_device_open_path() */
	OP_SESSION_OPEN,	/* open() of qda_session_open() */
	OP_SESSION_VERSION,	/* DRM_IOCTL_VERSION of qda_session_open() */
	OP_QUERY,		/* qda_device_query() */
	OP_CAPABILITY,		/* qda_device_capability() */
	OP_PD_STATE,		/* qda_session_pd_state() */
	OP_GEM_CREATE,		/* qda_bo_alloc() */
	OP_GEM_INFO,		/* qda_bo_alloc(), after GEM_CREATE */
	OP_MMAP,		/* qda_bo_map() */
	OP_PROC_CREATE,		/* qda_session_create_pd() */
	OP_PROC_ATTACH,		/* qda_session_attach_pd() */
	OP_INVOKE,		/* qda_invoke() */
	OP_ARGBUF_CREATE,	/* qda_invoke(): GEM_CREATE of the argument BO */
	OP_ARGBUF_MMAP,		/* qda_invoke(): mmap of the argument BO */
	OP_MAP,			/* qda_bo_dsp_map() */
	OP_UNMAP,		/* qda_session_dsp_unmap() */
	OP_EXPORT,		/* qda_bo_export() */
	OP_IMPORT,		/* qda_bo_import() */
	OP_IMPORT_INFO,		/* qda_bo_import(), after FD_TO_HANDLE */
	OP_COUNT
};

static const char *const op_names[OP_COUNT] = {
	"device_open_path/open", "device_open_path/VERSION",
	"device_open_path/QUERY", "session_open/open", "session_open/VERSION",
	"device_query/QUERY", "device_capability/QUERY",
	"session_pd_state/QUERY", "bo_alloc/GEM_CREATE", "bo_alloc/GEM_INFO",
	"bo_map/mmap", "session_create_pd/PROC_CREATE",
	"session_attach_pd/PROC_ATTACH", "invoke/INVOKE",
	"invoke/GEM_CREATE", "invoke/mmap", "bo_dsp_map/MAP",
	"session_dsp_unmap/UNMAP", "bo_export/PRIME_HANDLE_TO_FD",
	"bo_import/PRIME_FD_TO_HANDLE", "bo_import/GEM_INFO",
};

struct ecase {
	enum op op;
	int err;	/* what the kernel returns */
	int want;	/* what libqda must return (negated) */
	char name[80];
};

#define E(o, e) { OP_##o, e, e, "" }
#define EMAP(o, e, w) { OP_##o, e, w, "" }

/* Per call, the errnos the UAPI header (and open(2)/mmap(2)) document,
 * and the libqda function's documented return for each. */
static struct ecase cases[] = {
	E(OPEN_PATH, ENOENT), E(OPEN_PATH, EACCES), E(OPEN_PATH, EPERM),
	E(OPEN_PATH, ENODEV), E(OPEN_PATH, EBUSY),
	EMAP(VERSION, ENOTTY, ENODEV), EMAP(VERSION, EINVAL, ENODEV),
	E(VERSION, ENODEV),
	E(UAPI, ENODEV), E(UAPI, EINVAL),
	E(SESSION_OPEN, EBUSY), E(SESSION_OPEN, ENOSPC),
	E(SESSION_OPEN, ENODEV), E(SESSION_OPEN, EACCES),
	E(SESSION_VERSION, ENODEV), EMAP(SESSION_VERSION, ENOTTY, ENODEV),
	E(QUERY, EINVAL), E(QUERY, ENODEV),
	E(CAPABILITY, EOPNOTSUPP), E(CAPABILITY, ENODEV), E(CAPABILITY, EPIPE),
	E(CAPABILITY, ETIMEDOUT), E(CAPABILITY, EBUSY),
	E(PD_STATE, ENODEV),
	E(GEM_CREATE, EINVAL), E(GEM_CREATE, E2BIG), E(GEM_CREATE, ENOMEM),
	E(GEM_CREATE, EBUSY), E(GEM_CREATE, ENODEV),
	E(GEM_INFO, ENOENT), E(GEM_INFO, ENODEV),
	E(MMAP, ENOMEM), E(MMAP, ENODEV), E(MMAP, EINVAL),
	E(PROC_CREATE, EALREADY), E(PROC_CREATE, EREMOTEIO),
	E(PROC_CREATE, EPIPE), E(PROC_CREATE, ETIMEDOUT),
	E(PROC_CREATE, ENOMEM), E(PROC_CREATE, EBUSY), E(PROC_CREATE, ENODEV),
	E(PROC_CREATE, EINVAL), E(PROC_CREATE, ENOENT),
	E(PROC_ATTACH, EPERM), E(PROC_ATTACH, EALREADY), E(PROC_ATTACH, EINVAL),
	E(PROC_ATTACH, EREMOTEIO), E(PROC_ATTACH, EPIPE),
	E(PROC_ATTACH, ETIMEDOUT), E(PROC_ATTACH, ENODEV),
	E(INVOKE, EINVAL), E(INVOKE, ENOENT), E(INVOKE, EPERM),
	E(INVOKE, ETIMEDOUT), E(INVOKE, EPIPE), E(INVOKE, ENOTCONN),
	E(INVOKE, EPROTO), E(INVOKE, EBUSY), E(INVOKE, ENODEV),
	E(INVOKE, EFAULT), E(INVOKE, ENOMEM),
	E(ARGBUF_CREATE, ENOMEM), E(ARGBUF_CREATE, EBUSY),
	E(ARGBUF_CREATE, ENODEV),
	E(ARGBUF_MMAP, ENOMEM), E(ARGBUF_MMAP, ENODEV),
	E(MAP, EINVAL), E(MAP, ENOENT), E(MAP, ENOTCONN), E(MAP, EREMOTEIO),
	E(MAP, ENOMEM), E(MAP, ENODEV), E(MAP, EPIPE), E(MAP, ETIMEDOUT),
	E(UNMAP, ENOENT), E(UNMAP, ENOTCONN), E(UNMAP, EREMOTEIO),
	E(UNMAP, ENODEV), E(UNMAP, EPIPE), E(UNMAP, EINVAL),
	E(EXPORT, EMFILE), E(EXPORT, ENFILE), E(EXPORT, ENOMEM),
	E(EXPORT, ENODEV), E(EXPORT, ENOENT),
	E(IMPORT, EBADF), E(IMPORT, EINVAL), E(IMPORT, ENOMEM),
	E(IMPORT, ENODEV), E(IMPORT, EBUSY),
	E(IMPORT_INFO, ENODEV), E(IMPORT_INFO, ENOENT),
};

/* Device-level cases: return true when done. */
static bool run_device_case(const struct ecase *c, struct qda_device **devp)
{
	struct qda_device *dev = NULL;
	uint64_t v = 7;
	uint32_t w = 7;

	switch (c->op) {
	case OP_OPEN_PATH:
		sx_expect_open(NODE, OFL, -c->err);
		assert_int_equal(qda_device_open_path(NODE, &dev), -c->want);
		assert_null(dev);
		return true;
	case OP_VERSION:
	case OP_UAPI:
		sx_expect_open(NODE, OFL, DEV_FD);
		sx_expect_version(DEV_FD, "qda", c->op == OP_VERSION ? c->err : 0);
		if (c->op == OP_UAPI)
			sx_expect_query(DEV_FD, DRM_QDA_PARAM_UAPI_VERSION, 0,
					UAPI_1_0, c->err);
		sx_expect_close(DEV_FD);
		assert_int_equal(qda_device_open_path(NODE, &dev), -c->want);
		assert_null(dev);
		return true;
	default:
		break;
	}
	open_dev(devp);
	dev = *devp;
	switch (c->op) {
	case OP_SESSION_OPEN: {
		struct qda_session *s = NULL;

		sx_expect_open(NODE, OFL, -c->err);
		assert_int_equal(qda_session_open(dev, &s), -c->want);
		assert_null(s);
		break;
	}
	case OP_SESSION_VERSION: {
		struct qda_session *s = NULL;

		sx_expect_open(NODE, OFL, SES_FD);
		sx_expect_version(SES_FD, "qda", c->err);
		sx_expect_close(SES_FD);
		assert_int_equal(qda_session_open(dev, &s), -c->want);
		assert_null(s);
		break;
	}
	case OP_QUERY:
		sx_expect_query(DEV_FD, DRM_QDA_PARAM_MAX_ARGS, 0, 1, c->err);
		assert_int_equal(qda_device_query(dev, QDA_PARAM_MAX_ARGS, &v),
				 -c->want);
		assert_int_equal(v, 7);
		break;
	case OP_CAPABILITY:
		sx_expect_query(DEV_FD, DRM_QDA_PARAM_DSP_CAPABILITY,
				QDA_DSP_ATTR_ARCH_VER, 0x73, c->err);
		assert_int_equal(qda_device_capability(dev, QDA_DSP_ATTR_ARCH_VER,
						       &w), -c->want);
		assert_int_equal(w, 7);
		break;
	default:
		return false;
	}
	sx_expect_close(DEV_FD);
	qda_device_close(dev);
	return true;
}

static void run_session_case(const struct ecase *c, struct qda_session *s)
{
	struct qda_bo *bo = NULL;
	struct sx_invoke e;
	struct qda_arg a[1];
	uint8_t buf[4] = { 0 };
	uint64_t addr = 7;
	uint32_t st = 7;
	int fd = 7;
	void *p = NULL;

	switch (c->op) {
	case OP_PD_STATE:
		sx_expect_query(SES_FD, DRM_QDA_PARAM_PROC_STATE, 0, 1, c->err);
		assert_int_equal(qda_session_pd_state(s, &st), -c->want);
		assert_int_equal(st, 7);
		break;
	case OP_GEM_CREATE:
		sx_expect_gem_create(SES_FD, 4096, 1, c->err);
		assert_int_equal(qda_bo_alloc(s, 4096, 0, &bo), -c->want);
		assert_null(bo);
		break;
	case OP_GEM_INFO:
		sx_expect_gem_create(SES_FD, 4096, 1, 0);
		sx_expect_gem_info(SES_FD, 1, 4096, 0x100000, 0, c->err);
		sx_expect_gem_close(SES_FD, 1, 0);
		assert_int_equal(qda_bo_alloc(s, 4096, 0, &bo), -c->want);
		assert_null(bo);
		break;
	case OP_MMAP:
		alloc_bo(s, 1, 4096, &bo);
		sx_expect_gem_info(SES_FD, 1, 4096, 0x100000, 0, 0);
		sx_expect_mmap(SES_FD, 4096, 0x100000, c->err);
		assert_int_equal(qda_bo_map(bo, &p), -c->want);
		assert_null(p);
		sx_expect_gem_close(SES_FD, 1, 0);
		qda_bo_free(bo);
		break;
	case OP_PROC_CREATE:
		sx_expect_proc_create(SES_FD, "qda", 0, 0, 0, 0, c->err);
		assert_int_equal(qda_session_create_pd(s, NULL, 0, NULL, 0, 0),
				 -c->want);
		break;
	case OP_PROC_ATTACH:
		sx_expect_proc_attach(SES_FD, DRM_QDA_PD_SENSORS, c->err);
		assert_int_equal(qda_session_attach_pd(s, QDA_PD_SENSORS),
				 -c->want);
		break;
	case OP_INVOKE:
		expect_init(&e, 30, DRM_QDA_SCALARS(0, 2, 0, 0, 0, 0), 0);
		e.err = c->err;
		sx_expect_invoke(&e);
		assert_int_equal(qda_invoke(s, 30, 2, NULL, 0, NULL, &st),
				 -c->want);
		assert_int_equal(st, 7);	/* the DSP did not answer */
		break;
	case OP_ARGBUF_CREATE:
		a[0] = QDA_ARG_IN_MEM(buf, sizeof(buf));
		sx_expect_gem_create(SES_FD, ARGBUF_SIZE, ARGBUF_HANDLE, c->err);
		assert_int_equal(qda_invoke(s, 30, 2, a, 1, NULL, &st), -c->want);
		assert_int_equal(st, 7);
		break;
	case OP_ARGBUF_MMAP:
		a[0] = QDA_ARG_IN_MEM(buf, sizeof(buf));
		sx_expect_gem_create(SES_FD, ARGBUF_SIZE, ARGBUF_HANDLE, 0);
		sx_expect_gem_info(SES_FD, ARGBUF_HANDLE, ARGBUF_SIZE,
				   ARGBUF_OFF, 0, 0);
		sx_expect_mmap(SES_FD, ARGBUF_SIZE, ARGBUF_OFF, c->err);
		sx_expect_gem_close(SES_FD, ARGBUF_HANDLE, 0);
		assert_int_equal(qda_invoke(s, 30, 2, a, 1, NULL, &st), -c->want);
		assert_int_equal(st, 7);
		break;
	case OP_MAP:
		alloc_bo(s, 1, 8192, &bo);
		sx_expect_map(SES_FD, 1, 0, 4096, 0, 0xa000, c->err);
		assert_int_equal(qda_bo_dsp_map(bo, 0, 4096, 0, &addr), -c->want);
		assert_int_equal(addr, 7);
		sx_expect_gem_close(SES_FD, 1, 0);
		qda_bo_free(bo);
		break;
	case OP_UNMAP:
		sx_expect_unmap(SES_FD, 0xa000, c->err);
		assert_int_equal(qda_session_dsp_unmap(s, 0xa000), -c->want);
		break;
	case OP_EXPORT:
		alloc_bo(s, 1, 4096, &bo);
		sx_expect_prime_to_fd(SES_FD, 1, O_CLOEXEC | O_RDWR, 50, c->err);
		assert_int_equal(qda_bo_export(bo, &fd), -c->want);
		assert_int_equal(fd, 7);
		sx_expect_gem_close(SES_FD, 1, 0);
		qda_bo_free(bo);
		break;
	case OP_IMPORT:
		sx_expect_prime_to_handle(SES_FD, 60, 2, c->err);
		assert_int_equal(qda_bo_import(s, 60, &bo), -c->want);
		assert_null(bo);
		break;
	case OP_IMPORT_INFO:
		sx_expect_prime_to_handle(SES_FD, 60, 2, 0);
		sx_expect_gem_info(SES_FD, 2, 4096, 0, DRM_QDA_BO_INFO_IMPORTED,
				   c->err);
		sx_expect_gem_close(SES_FD, 2, 0);
		assert_int_equal(qda_bo_import(s, 60, &bo), -c->want);
		assert_null(bo);
		break;
	default:
		fail_msg("unhandled case %d", c->op);
	}
}

static void test_errno(void **state)
{
	const struct ecase *c = *state;
	struct qda_device *dev = NULL;
	struct qda_session *s = NULL;

	if (run_device_case(c, &dev))
		return;
	open_session(dev, &s);
	run_session_case(c, s);
	close_all(dev, s);
}

/* ---- main ------------------------------------------------------------------ */

static const struct CMUnitTest sequence_tests[] = {
	cmocka_unit_test_setup_teardown(test_list_sequence, setup, teardown),
	cmocka_unit_test_setup_teardown(test_list_no_dirs, setup, teardown),
	cmocka_unit_test_setup_teardown(test_open_vgem_skipped, setup, teardown),
	cmocka_unit_test_setup_teardown(test_open_qda_prefix_skipped, setup, teardown),
	cmocka_unit_test_setup_teardown(test_open_uapi_major, setup, teardown),
	cmocka_unit_test_setup_teardown(test_open_session_pd, setup, teardown),
	cmocka_unit_test_setup_teardown(test_session_open_eintr, setup, teardown),
	cmocka_unit_test_setup_teardown(test_bo_alloc_map, setup, teardown),
	cmocka_unit_test_setup_teardown(test_export_import, setup, teardown),
	cmocka_unit_test_setup_teardown(test_invoke_plain_memory, setup, teardown),
	cmocka_unit_test_setup_teardown(test_invoke_eintr_eagain, setup, teardown),
	cmocka_unit_test_setup_teardown(test_invoke_dsp_error, setup, teardown),
	cmocka_unit_test_setup_teardown(test_invoke_output_too_long, setup, teardown),
};

int main(void)
{
	size_t n = sizeof(cases) / sizeof(cases[0]), i;
	struct CMUnitTest *t = calloc(n, sizeof(*t));
	int failed;

	if (!t)
		return 1;
	for (i = 0; i < n; i++) {
		snprintf(cases[i].name, sizeof(cases[i].name), "%s:%s",
			 op_names[cases[i].op], strerrorname_np(cases[i].err));
		t[i] = (struct CMUnitTest){
			.name = cases[i].name,
			.test_func = test_errno,
			.setup_func = setup,
			.teardown_func = teardown,
			.initial_state = &cases[i],
		};
	}
	failed = cmocka_run_group_tests_name("script", sequence_tests, NULL, NULL);
	failed += _cmocka_run_group_tests("errno", t, n, NULL, NULL);
	free(t);
	return failed ? 1 : 0;
}
