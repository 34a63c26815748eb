/* SPDX-License-Identifier: MIT */
/* Remote calls: argument packing, copy-back, errors, modules. */
#include <stdio.h>
#include <stdlib.h>

#include "test_common.h"

static uint32_t open_mod(struct env *e, const char *uri)
{
	uint32_t h = 0;

	assert_int_equal(qda_module_open(e->s, uri, &h, NULL, NULL, 0), 0);
	return h;
}

/* Plain memory is packed in kernel order, each slice 128-byte aligned. */
static void test_packing_layout(void **state)
{
	uint8_t a[3] = { 1, 2, 3 }, b[200], c[130], out1[5], out2[300];
	struct env e = { 0 };
	struct fk_invoke inv;
	struct qda_arg args[5];
	uint32_t h, st = 77, i, ah;

	(void)state;
	env_open(&e, 1);
	h = open_mod(&e, QT_TEST_URI);
	for (i = 0; i < sizeof(b); i++)
		b[i] = (uint8_t)i;
	memset(c, 0xcc, sizeof(c));
	/* out, in, out, in, in: libqda sorts them into in,in,in,out,out */
	args[0] = QDA_ARG_OUT_MEM(out1, sizeof(out1));
	args[1] = QDA_ARG_IN_MEM(a, sizeof(a));
	args[2] = QDA_ARG_OUT_MEM(out2, sizeof(out2));
	args[3] = QDA_ARG_IN_MEM(b, sizeof(b));
	args[4] = QDA_ARG_IN_MEM(c, sizeof(c));
	assert_int_equal(qda_invoke(e.s, h, 2 /* noop */, args, 5, NULL, &st), 0);
	assert_int_equal(st, 0);
	fk_last_invoke(&inv);
	assert_int_equal(inv.remote_handle, h);
	assert_int_equal(inv.sc, DRM_QDA_SCALARS(0, 2, 3, 2, 0, 0));
	assert_int_equal(inv.num_args, 5);
	ah = inv.args[0].handle;
	assert_int_not_equal(ah, 0);
	for (i = 0; i < 5; i++) {
		assert_int_equal(inv.args[i].handle, ah);	/* one argument BO */
		assert_int_equal(inv.args[i].offset % QDA_ARG_ALIGN, 0);
		assert_int_equal(inv.args[i].flags, 0);
	}
	assert_int_equal(inv.args[0].offset, 0);
	assert_int_equal(inv.args[0].length, 3);
	assert_int_equal(inv.args[1].offset, 128);
	assert_int_equal(inv.args[1].length, 200);
	assert_int_equal(inv.args[2].offset, 384);
	assert_int_equal(inv.args[2].length, 130);
	assert_int_equal(inv.args[3].offset, 640);
	assert_int_equal(inv.args[3].length, 5);
	assert_int_equal(inv.args[4].offset, 768);
	assert_int_equal(inv.args[4].length, 300);
	assert_memory_equal(inv.data[0], a, 3);
	assert_memory_equal(inv.data[1], b, 200);
	assert_memory_equal(inv.data[2], c, 130);
	assert_int_equal(inv.timeout_ns, 0);
	assert_int_equal(inv.flags, 0);
	qda_module_close(e.s, h, NULL);
	env_close(&e);
}

/* BO slices go by reference; plain memory and BOs mix. */
static void test_bo_slices(void **state)
{
	struct env e = { 0 };
	struct fk_invoke inv;
	struct qda_arg args[3];
	struct qda_bo *bo;
	int32_t *v, max = 0;
	uint32_t h, n = 4;

	(void)state;
	env_open(&e, 1);
	h = open_mod(&e, QT_CALC_URI);
	assert_int_equal(qda_bo_alloc(e.s, 4096, 0, &bo), 0);
	assert_int_equal(qda_bo_map(bo, (void **)&v), 0);
	v[64] = 5; v[65] = -7; v[66] = 42; v[67] = 9;
	args[0] = QDA_ARG_IN_MEM(&n, sizeof(n));
	args[1] = QDA_ARG_IN_BO(bo, 256, 16);
	args[2] = QDA_ARG_OUT_BO(bo, 1024, 4);
	assert_int_equal(qda_invoke(e.s, h, 3, args, 3, NULL, NULL), 0);
	assert_int_equal(v[256], 42);
	assert_int_equal(args[2].length, 4);
	fk_last_invoke(&inv);
	assert_int_equal(inv.args[1].offset, 256);
	assert_int_equal(inv.args[1].length, 16);
	assert_int_equal(inv.args[2].offset, 1024);
	assert_int_not_equal(inv.args[1].handle, inv.args[0].handle);
	/* same call, result into plain memory */
	args[2] = QDA_ARG_OUT_MEM(&max, sizeof(max));
	assert_int_equal(qda_invoke(e.s, h, 3, args, 3, NULL, NULL), 0);
	assert_int_equal(max, 42);
	/* only BO slices: no argument BO at all */
	args[0] = QDA_ARG_IN_BO(bo, 2048, 4);
	v[512] = 4;
	args[2] = QDA_ARG_OUT_BO(bo, 1024, 4);
	assert_int_equal(qda_invoke(e.s, h, 3, args, 3, NULL, NULL), 0);
	assert_int_equal(v[256], 42);
	qda_bo_free(bo);
	qda_module_close(e.s, h, NULL);
	env_close(&e);
}

/* Outputs are copied back with the lengths the kernel returns. */
static void test_copy_back_lengths(void **state)
{
	uint8_t out[64], want[64];
	uint32_t fill[2] = { 0xab, 10 }, h;
	struct env e = { 0 };
	struct qda_arg args[2];

	(void)state;
	env_open(&e, 1);
	h = open_mod(&e, QT_TEST_URI);
	memset(out, 0x11, sizeof(out));
	args[0] = QDA_ARG_IN_MEM(fill, sizeof(fill));
	args[1] = QDA_ARG_OUT_MEM(out, sizeof(out));
	assert_int_equal(qda_invoke(e.s, h, 4 /* fill */, args, 2, NULL, NULL), 0);
	assert_int_equal(args[1].length, 10);
	memset(want, 0x11, sizeof(want));
	memset(want, 0xab, 10);
	assert_memory_equal(out, want, sizeof(out));	/* nothing past 10 */
	/* echo: output length = input length */
	args[0] = QDA_ARG_IN_MEM("hello", 6);
	args[1] = QDA_ARG_OUT_MEM(out, sizeof(out));
	assert_int_equal(qda_invoke(e.s, h, 3, args, 2, NULL, NULL), 0);
	assert_int_equal(args[1].length, 6);
	assert_string_equal((char *)out, "hello");
	/* zero-length plain output: handle 0 */
	args[0] = QDA_ARG_IN_MEM(fill, 0);
	args[1] = QDA_ARG_OUT_MEM(NULL, 0);
	assert_int_equal(qda_invoke(e.s, h, 2, args, 2, NULL, NULL), 0);
	{
		struct fk_invoke inv;

		fk_last_invoke(&inv);
		assert_int_equal(inv.args[0].handle, 0);
		assert_int_equal(inv.args[1].handle, 0);
	}
	qda_module_close(e.s, h, NULL);
	env_close(&e);
}

/* A kernel reporting more output than given is a protocol error. */
static void test_hostile_outlen(void **state)
{
	uint32_t n = 4096, h, out[4] = { 0 };
	struct env e = { 0 };
	struct qda_arg args[2];

	(void)state;
	env_open(&e, 1);
	h = open_mod(&e, QT_TEST_URI);
	args[0] = QDA_ARG_IN_MEM(&n, sizeof(n));
	args[1] = QDA_ARG_OUT_MEM(out, sizeof(out));
	assert_int_equal(qda_invoke(e.s, h, 7 /* set_outlen */, args, 2, NULL, NULL),
			 -EPROTO);
	assert_int_equal(args[1].length, sizeof(out));	/* untouched */
	qda_module_close(e.s, h, NULL);
	env_close(&e);
}

static void test_dsp_error(void **state)
{
	uint32_t code = 0x8000040e, h, st = 0, out = 0xdead;
	struct env e = { 0 };
	struct qda_arg args[2];

	(void)state;
	env_open(&e, 1);
	h = open_mod(&e, QT_TEST_URI);
	args[0] = QDA_ARG_IN_MEM(&code, sizeof(code));
	assert_int_equal(qda_invoke(e.s, h, 8 /* error */, args, 1, NULL, &st),
			 -EREMOTEIO);
	assert_int_equal(st, 0x8000040e);
	assert_int_equal(qda_invoke(e.s, h, 8, args, 1, NULL, NULL), -EREMOTEIO);
	/* outputs are not copied back on a DSP error */
	fk_dsp_status_next(0x80000414);
	args[1] = QDA_ARG_OUT_MEM(&out, sizeof(out));
	assert_int_equal(qda_invoke(e.s, h, 3, args, 2, NULL, &st), -EREMOTEIO);
	assert_int_equal(st, 0x80000414);
	assert_int_equal(out, 0xdead);
	assert_int_equal(args[1].length, sizeof(out));
	qda_module_close(e.s, h, NULL);
	env_close(&e);
}

/* Each errno DRM_IOCTL_QDA_INVOKE documents reaches the caller as is. */
static void test_kernel_errors(void **state)
{
	static const int errs[] = { ETIMEDOUT, EPIPE, ENOTCONN, ENODEV, ENOENT,
				    EINVAL, EPERM, ENOMEM, EFAULT };
	struct env e = { 0 };
	uint32_t h, st = 1234;
	size_t i;

	(void)state;
	env_open(&e, 1);
	h = open_mod(&e, QT_TEST_URI);
	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		fk_fail_ioctl(DRM_IOCTL_QDA_INVOKE, 1, errs[i], 1);
		assert_int_equal(qda_invoke(e.s, h, 2, NULL, 0, NULL, &st), -errs[i]);
		assert_int_equal(st, 1234);	/* no DSP answer: untouched */
	}
	/* EINTR: retried until the call goes through */
	fk_fail_ioctl(DRM_IOCTL_QDA_INVOKE, 1, EINTR, 3);
	assert_int_equal(qda_invoke(e.s, h, 2, NULL, 0, NULL, &st), 0);
	assert_int_equal(st, 0);
	/* real kernel checks: handle 1 */
	assert_int_equal(qda_invoke(e.s, 1, 0, NULL, 0, NULL, NULL), -EPERM);
	qda_module_close(e.s, h, NULL);
	env_close(&e);
}

static void test_no_process(void **state)
{
	struct env e = { 0 };
	uint32_t h = 0;

	(void)state;
	env_open(&e, 0);
	assert_int_equal(qda_invoke(e.s, 30, 2, NULL, 0, NULL, NULL), -ENOTCONN);
	assert_int_equal(qda_module_open(e.s, QT_TEST_URI, &h, NULL, NULL, 0),
			 -ENOTCONN);
	env_close(&e);
}

static void test_invalid_args(void **state)
{
	struct env e = { 0 }, e2 = { 0 };
	struct qda_invoke_opts o = { 0 };
	struct qda_arg a[2], many[600];
	struct qda_bo *bo, *other;
	uint32_t x = 0, h;

	(void)state;
	env_open(&e, 1);
	env_open(&e2, 1);
	h = open_mod(&e, QT_TEST_URI);
	assert_int_equal(qda_bo_alloc(e.s, 4096, 0, &bo), 0);
	assert_int_equal(qda_bo_alloc(e2.s, 4096, 0, &other), 0);
	a[0] = QDA_ARG_IN_MEM(&x, 4);
	assert_int_equal(qda_invoke(NULL, h, 2, a, 1, NULL, NULL), -EINVAL);
	assert_int_equal(qda_invoke(e.s, h, 32, a, 1, NULL, NULL), -EINVAL);
	assert_int_equal(qda_invoke(e.s, h, 2, NULL, 1, NULL, NULL), -EINVAL);
	o.attr = 8;
	assert_int_equal(qda_invoke(e.s, h, 2, a, 1, &o, NULL), -EINVAL);
	o.attr = 0;
	o.flags = 1;
	assert_int_equal(qda_invoke(e.s, h, 2, a, 1, &o, NULL), -EINVAL);
	o.flags = 0;
	o.reserved[1] = 1;
	assert_int_equal(qda_invoke(e.s, h, 2, a, 1, &o, NULL), -EINVAL);
	o.reserved[1] = 0;
	o.timeout_ns = -1;
	assert_int_equal(qda_invoke(e.s, h, 2, a, 1, &o, NULL), -EINVAL);
	a[0].kind = 4;
	assert_int_equal(qda_invoke(e.s, h, 2, a, 1, NULL, NULL), -EINVAL);
	a[0] = QDA_ARG_IN_MEM(&x, 4);
	a[0].flags = 1;
	assert_int_equal(qda_invoke(e.s, h, 2, a, 1, NULL, NULL), -EINVAL);
	a[0] = QDA_ARG_IN_MEM(&x, 4);
	a[0].reserved[0] = 1;
	assert_int_equal(qda_invoke(e.s, h, 2, a, 1, NULL, NULL), -EINVAL);
	a[0] = QDA_ARG_IN_MEM(NULL, 4);	/* NULL with a length */
	assert_int_equal(qda_invoke(e.s, h, 2, a, 1, NULL, NULL), -EINVAL);
	a[0] = QDA_ARG_IN_MEM(&x, 4);
	a[0].kind = QDA_ARG_IN_HANDLE;	/* handles must be BOs */
	assert_int_equal(qda_invoke(e.s, h, 2, a, 1, NULL, NULL), -EINVAL);
	a[0] = QDA_ARG_IN_BO(bo, 4000, 100);	/* past the end */
	assert_int_equal(qda_invoke(e.s, h, 2, a, 1, NULL, NULL), -EINVAL);
	a[0] = QDA_ARG_IN_BO(bo, 5000, 0);
	assert_int_equal(qda_invoke(e.s, h, 2, a, 1, NULL, NULL), -EINVAL);
	a[0] = QDA_ARG_IN_BO(other, 0, 4);	/* another session's BO */
	assert_int_equal(qda_invoke(e.s, h, 2, a, 1, NULL, NULL), -EXDEV);
	memset(many, 0, sizeof(many));
	assert_int_equal(qda_invoke(e.s, h, 2, many, 600, NULL, NULL), -EINVAL);
	for (x = 0; x < 16; x++)
		many[x].kind = QDA_ARG_IN_HANDLE, many[x].bo = bo;
	assert_int_equal(qda_invoke(e.s, h, 2, many, 16, NULL, NULL), -EINVAL);
	qda_bo_free(bo);
	qda_bo_free(other);
	qda_module_close(e.s, h, NULL);
	env_close(&e2);
	env_close(&e);
}

static void test_opts_and_handles(void **state)
{
	struct qda_invoke_opts o = { .attr = 5, .timeout_ns = 123456789 };
	struct env e = { 0 };
	struct fk_invoke inv;
	struct qda_arg a[3];
	struct qda_bo *bo;
	uint32_t h;

	(void)state;
	env_open(&e, 1);
	h = open_mod(&e, QT_TEST_URI);
	assert_int_equal(qda_bo_alloc(e.s, 8192, 0, &bo), 0);
	a[0] = (struct qda_arg){ .kind = QDA_ARG_OUT_HANDLE, .bo = bo,
				 .offset = 4096, .length = 100 };
	a[1] = (struct qda_arg){ .kind = QDA_ARG_IN_HANDLE, .bo = bo,
				 .offset = 0, .length = 4096 };
	a[2] = QDA_ARG_IN_MEM("x", 1);
	assert_int_equal(qda_invoke(e.s, h, 2, a, 3, &o, NULL), 0);
	fk_last_invoke(&inv);
	assert_int_equal(inv.sc, DRM_QDA_SCALARS(5, 2, 1, 0, 1, 1));
	assert_int_equal(inv.timeout_ns, 123456789);
	assert_int_equal(inv.args[1].offset, 0);	/* in handle */
	assert_int_equal(inv.args[1].length, 4096);
	assert_int_equal(inv.args[2].offset, 4096);	/* out handle */
	qda_bo_free(bo);
	qda_module_close(e.s, h, NULL);
	env_close(&e);
}

/* The argument BO is created once, reused, and grown on demand. */
static void test_argbuf_reuse_and_grow(void **state)
{
	struct env e = { 0 };
	struct fk_counts c0, c1;
	struct qda_arg a[2];
	uint8_t *big, *out;
	uint32_t h, i;

	(void)state;
	env_open(&e, 1);
	h = open_mod(&e, QT_TEST_URI);	/* creates the first argument BO */
	fk_counts(&c0);
	for (i = 0; i < 10; i++) {
		a[0] = QDA_ARG_IN_MEM(&i, 4);
		a[1] = QDA_ARG_OUT_MEM(&c1, 4);
		assert_int_equal(qda_invoke(e.s, h, 3, a, 2, NULL, NULL), 0);
	}
	fk_counts(&c1);
	assert_int_equal(c1.gem_creates, c0.gem_creates);
	assert_int_equal(c1.mmaps, c0.mmaps);
	big = malloc(300000);
	out = malloc(300000);
	for (i = 0; i < 300000; i++)
		big[i] = (uint8_t)(i * 7);
	a[0] = QDA_ARG_IN_MEM(big, 300000);
	a[1] = QDA_ARG_OUT_MEM(out, 300000);
	assert_int_equal(qda_invoke(e.s, h, 3, a, 2, NULL, NULL), 0);
	assert_memory_equal(big, out, 300000);
	fk_counts(&c1);
	assert_int_equal(c1.gem_creates, c0.gem_creates + 1);
	{
		struct fk_invoke inv;

		fk_last_invoke(&inv);
		assert_true(fk_bo_size(inv.args[0].handle) >= 300032 + 300000 - 32);
		assert_int_equal(inv.args[1].offset, 300032);
	}
	/* a failure to create the argument BO reaches the caller */
	fk_fail_ioctl(DRM_IOCTL_QDA_GEM_CREATE, 1, ENOMEM, 1);
	a[0] = QDA_ARG_IN_MEM(big, 300000);
	a[1] = QDA_ARG_OUT_MEM(out, 600000 - 300000);
	{
		uint8_t *huge = malloc(700000);

		a[0] = QDA_ARG_IN_MEM(huge, 700000);
		memset(huge, 0, 700000);
		assert_int_equal(qda_invoke(e.s, h, 2, a, 1, NULL, NULL), -ENOMEM);
		free(huge);
	}
	free(big);
	free(out);
	qda_module_close(e.s, h, NULL);
	env_close(&e);
}

/* More than 16 arguments take the heap path. */
static void test_many_args(void **state)
{
	struct qda_arg a[40];
	uint32_t vals[40], h, i;
	struct env e = { 0 };
	struct fk_invoke inv;

	(void)state;
	env_open(&e, 1);
	h = open_mod(&e, QT_TEST_URI);
	for (i = 0; i < 40; i++) {
		vals[i] = i;
		a[i] = QDA_ARG_IN_MEM(&vals[i], 4);
	}
	assert_int_equal(qda_invoke(e.s, h, 2, a, 40, NULL, NULL), 0);
	fk_last_invoke(&inv);
	assert_int_equal(inv.num_args, 40);
	for (i = 0; i < 40; i++) {
		assert_int_equal(inv.args[i].offset, i * 128);
		assert_memory_equal(inv.data[i], &i, 4);
	}
	qda_module_close(e.s, h, NULL);
	env_close(&e);
}

static void test_module_open_wire(void **state)
{
	struct env e = { 0 };
	struct fk_invoke inv;
	uint32_t h = 0, st = 5;
	const char *uri_dom = "file:///libcalculator_skel.so?x&_dom=cdsp";
	char expect[256];

	(void)state;
	env_open(&e, 1);
	assert_int_equal(qda_module_open(e.s, QT_CALC_URI, &h, &st, NULL, 0), 0);
	assert_int_equal(h, FK_CALC_HANDLE);
	assert_int_equal(st, 0);
	fk_last_invoke(&inv);
	assert_int_equal(inv.remote_handle, 0);
	assert_int_equal(inv.sc, 0x00020200);
	snprintf(expect, sizeof(expect), "%s&_dom=cdsp", QT_CALC_URI);
	assert_int_equal(inv.args[0].length, 8);
	assert_int_equal(((uint32_t *)inv.data[0])[0], strlen(expect) + 1);
	assert_int_equal(((uint32_t *)inv.data[0])[1], 256);
	assert_int_equal(inv.args[1].length, strlen(expect) + 1);
	assert_string_equal((char *)inv.data[1], expect);
	assert_int_equal(inv.args[2].length, 8);
	assert_int_equal(inv.args[3].length, 256);
	/* _dom= already given: not appended twice */
	assert_int_equal(qda_module_close(e.s, h, &st), 0);
	fk_last_invoke(&inv);
	assert_int_equal(inv.sc, 0x01010200);
	assert_int_equal(((uint32_t *)inv.data[0])[0], FK_CALC_HANDLE);
	assert_int_equal(((uint32_t *)inv.data[0])[1], 256);
	assert_int_equal(inv.args[1].length, 4);
	assert_int_equal(qda_module_open(e.s, uri_dom, &h, NULL, NULL, 0), 0);
	fk_last_invoke(&inv);
	assert_string_equal((char *)inv.data[1], uri_dom);
	assert_int_equal(qda_module_close(e.s, h, NULL), 0);
	env_close(&e);
}

static void test_module_errors(void **state)
{
	struct env e = { 0 };
	uint32_t h = 0, st = 0;
	char dlerr[64] = "junk", *longuri;

	(void)state;
	env_open(&e, 1);
	assert_int_equal(qda_module_open(e.s, "file:///libnope.so", &h, &st,
					 dlerr, sizeof(dlerr)), -EREMOTEIO);
	assert_int_equal(st, 0x8000043e);	/* nErr */
	assert_string_equal(dlerr, "lib: cannot open shared object file");
	assert_int_equal(h, 0);
	/* short dlerror buffer: truncated, terminated */
	assert_int_equal(qda_module_open(e.s, "libnope", &h, NULL, dlerr, 4),
			 -EREMOTEIO);
	assert_string_equal(dlerr, "lib");
	/* call-level DSP error */
	fk_dsp_status_next(0x80000441);
	assert_int_equal(qda_module_open(e.s, QT_TEST_URI, &h, &st, NULL, 0), -EREMOTEIO);
	assert_int_equal(st, 0x80000441);
	assert_int_equal(qda_module_close(e.s, 999, &st), -EREMOTEIO);
	assert_int_equal(st, 0x8000042c);
	fk_dsp_status_next(0x80000441);
	assert_int_equal(qda_module_close(e.s, 999, &st), -EREMOTEIO);
	assert_int_equal(st, 0x80000441);
	assert_int_equal(qda_module_open(e.s, "", &h, NULL, NULL, 0), -EINVAL);
	assert_int_equal(qda_module_open(e.s, NULL, &h, NULL, NULL, 0), -EINVAL);
	assert_int_equal(qda_module_open(e.s, QT_TEST_URI, NULL, NULL, NULL, 0), -EINVAL);
	assert_int_equal(qda_module_open(NULL, QT_TEST_URI, &h, NULL, NULL, 0), -EINVAL);
	assert_int_equal(qda_module_close(NULL, 1, NULL), -EINVAL);
	longuri = malloc(5000);
	memset(longuri, 'a', 4999);
	longuri[4999] = '\0';
	assert_int_equal(qda_module_open(e.s, longuri, &h, NULL, NULL, 0),
			 -ENAMETOOLONG);
	free(longuri);
	fk_fail_ioctl(DRM_IOCTL_QDA_INVOKE, 1, EPIPE, 1);
	assert_int_equal(qda_module_open(e.s, QT_TEST_URI, &h, NULL, NULL, 0), -EPIPE);
	fk_fail_ioctl(DRM_IOCTL_QDA_INVOKE, 1, ETIMEDOUT, 1);
	assert_int_equal(qda_module_close(e.s, 101, NULL), -ETIMEDOUT);
	env_close(&e);
}

static void test_calculator(void **state)
{
	int32_t vec[5] = { 3, -10, 7, 100, 2 }, max = 0;
	struct env e = { 0 };
	struct qda_arg a[3];
	int64_t sum = 0;
	uint32_t h, n = 5, st;

	(void)state;
	env_open(&e, 1);
	h = open_mod(&e, QT_CALC_URI);
	a[0] = QDA_ARG_IN_MEM(&n, 4);
	a[1] = QDA_ARG_IN_MEM(vec, sizeof(vec));
	a[2] = QDA_ARG_OUT_MEM(&sum, 8);
	assert_int_equal(qda_invoke(e.s, h, 2, a, 3, NULL, &st), 0);
	assert_int_equal(sum, 102);
	a[2] = QDA_ARG_OUT_MEM(&max, 4);
	assert_int_equal(qda_invoke(e.s, h, 3, a, 3, NULL, &st), 0);
	assert_int_equal(max, 100);
	n = 0;
	a[1].length = 0;
	assert_int_equal(qda_invoke(e.s, h, 3, a, 3, NULL, &st), -EREMOTEIO);
	assert_int_equal(st, 0x8000040e);
	assert_int_equal(qda_module_close(e.s, h, NULL), 0);
	env_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_one, teardown_check)
		T(test_packing_layout),
		T(test_bo_slices),
		T(test_copy_back_lengths),
		T(test_hostile_outlen),
		T(test_dsp_error),
		T(test_kernel_errors),
		T(test_no_process),
		T(test_invalid_args),
		T(test_opts_and_handles),
		T(test_argbuf_reuse_and_grow),
		T(test_many_args),
		T(test_module_open_wire),
		T(test_module_errors),
		T(test_calculator),
	};

	return cmocka_run_group_tests_name("invoke", tests, NULL, NULL);
}
