/* SPDX-License-Identifier: MIT */
/* Sessions, DSP processes, buffer objects, DSP mappings. */
#include "test_common.h"

static void test_session_open_close(void **state)
{
	struct env e = { 0 };
	struct fk_counts c;
	uint32_t st = 99;

	(void)state;
	env_open(&e, 0);
	fk_counts(&c);
	assert_int_equal(c.open_fds, 2);	/* device + session */
	assert_string_equal(qda_session_domain_name(e.s), "cdsp");
	assert_null(qda_session_domain_name(NULL));
	assert_int_equal(qda_session_pd_state(e.s, &st), 0);
	assert_int_equal(st, QDA_PD_STATE_NONE);
	assert_int_equal(qda_session_pd_state(e.s, NULL), -EINVAL);
	/* the session outlives its device */
	qda_device_close(e.dev);
	e.dev = NULL;
	assert_int_equal(qda_session_create_pd(e.s, NULL, 0, NULL, 0, 0), 0);
	assert_int_equal(qda_session_pd_state(e.s, &st), 0);
	assert_int_equal(st, QDA_PD_STATE_READY);
	env_close(&e);
	qda_session_close(NULL);
}

static void test_session_open_errors(void **state)
{
	struct qda_device *dev;
	struct qda_session *s = NULL;

	(void)state;
	assert_int_equal(qda_device_open("cdsp", &dev), 0);
	fk_fail_open("/dev/accel/accel0", EBUSY);
	assert_int_equal(qda_session_open(dev, &s), -EBUSY);
	fk_fail_open("/dev/accel/accel0", ENOSPC);
	assert_int_equal(qda_session_open(dev, &s), -ENOSPC);
	fk_fail_open("", 0);
	fk_fail_ioctl(DRM_IOCTL_VERSION, 1, ENODEV, 1);
	assert_int_equal(qda_session_open(dev, &s), -ENODEV);
	assert_int_equal(qda_session_open(NULL, &s), -EINVAL);
	assert_int_equal(qda_session_open(dev, NULL), -EINVAL);
	assert_null(s);
	qda_device_close(dev);
}

static void test_create_pd(void **state)
{
	struct env e = { 0 };
	struct fk_proc p;
	struct qda_bo *shell;

	(void)state;
	env_open(&e, 0);
	assert_int_equal(qda_bo_alloc(e.s, 8192, 0, &shell), 0);
	assert_int_equal(qda_session_create_pd(e.s, "myapp", QDA_PD_UNSIGNED,
					       shell, 4096, 100), 0);
	fk_last_proc(&p);
	assert_string_equal(p.name, "myapp");
	assert_int_equal(p.flags, DRM_QDA_PROC_UNSIGNED);
	assert_int_not_equal(p.shell_handle, 0);
	assert_int_equal(p.shell_offset, 4096);
	assert_int_equal(p.shell_size, 100);
	assert_int_equal(qda_session_create_pd(e.s, "again", 0, NULL, 0, 0),
			 -EALREADY);
	assert_int_equal(qda_session_attach_pd(e.s, QDA_PD_ROOT), -EALREADY);
	qda_bo_free(shell);
	env_close(&e);
}

static void test_create_pd_errors(void **state)
{
	char longname[QDA_PD_NAME_MAX + 2];
	struct env e = { 0 }, e2 = { 0 };
	struct qda_bo *bo, *other;
	struct fk_proc p;

	(void)state;
	env_open(&e, 0);
	env_open(&e2, 0);
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(qda_session_create_pd(e.s, longname, 0, NULL, 0, 0), -EINVAL);
	longname[QDA_PD_NAME_MAX] = '\0';	/* exactly the maximum */
	assert_int_equal(qda_bo_alloc(e.s, 4096, 0, &bo), 0);
	assert_int_equal(qda_bo_alloc(e2.s, 4096, 0, &other), 0);
	assert_int_equal(qda_session_create_pd(e.s, "", 0, NULL, 0, 0), -EINVAL);
	assert_int_equal(qda_session_create_pd(e.s, "x", 2, NULL, 0, 0), -EINVAL);
	assert_int_equal(qda_session_create_pd(e.s, "x", 0, NULL, 0, 1), -EINVAL);
	assert_int_equal(qda_session_create_pd(e.s, "x", 0, bo, 0, 0), -EINVAL);
	assert_int_equal(qda_session_create_pd(e.s, "x", 0, bo, 4000, 100), -EINVAL);
	assert_int_equal(qda_session_create_pd(e.s, "x", 0, other, 0, 10), -EXDEV);
	assert_int_equal(qda_session_create_pd(NULL, "x", 0, NULL, 0, 0), -EINVAL);
	fk_fail_ioctl(DRM_IOCTL_QDA_PROC_CREATE, 1, EREMOTEIO, 1);
	assert_int_equal(qda_session_create_pd(e.s, "x", 0, NULL, 0, 0), -EREMOTEIO);
	fk_fail_ioctl(DRM_IOCTL_QDA_PROC_CREATE, 1, ENOMEM, 1);
	assert_int_equal(qda_session_create_pd(e.s, "x", 0, NULL, 0, 0), -ENOMEM);
	assert_int_equal(qda_session_create_pd(e.s, longname, 0, NULL, 0, 0), 0);
	fk_last_proc(&p);
	assert_int_equal(strlen(p.name), QDA_PD_NAME_MAX);
	assert_int_equal(p.flags, 0);
	assert_int_equal(p.shell_handle, 0);
	qda_bo_free(bo);
	qda_bo_free(other);
	env_close(&e2);
	env_close(&e);
}

static void test_attach_pd(void **state)
{
	struct env e = { 0 };
	uint32_t st;

	(void)state;
	env_open(&e, 0);
	assert_int_equal(qda_session_attach_pd(e.s, 1), -EINVAL);
	assert_int_equal(qda_session_attach_pd(e.s, 3), -EINVAL);
	assert_int_equal(qda_session_attach_pd(NULL, QDA_PD_ROOT), -EINVAL);
	fk_set_unprivileged(true);
	assert_int_equal(qda_session_attach_pd(e.s, QDA_PD_ROOT), -EPERM);
	assert_int_equal(qda_session_attach_pd(e.s, QDA_PD_SENSORS), -EPERM);
	fk_set_unprivileged(false);
	assert_int_equal(qda_session_attach_pd(e.s, QDA_PD_SENSORS), 0);
	assert_int_equal(qda_session_pd_state(e.s, &st), 0);
	assert_int_equal(st, QDA_PD_STATE_READY);
	env_close(&e);
}

static void test_bo_alloc(void **state)
{
	struct env e = { 0 };
	struct qda_bo *bo = NULL;
	struct fk_counts c;

	(void)state;
	env_open(&e, 0);
	assert_int_equal(qda_bo_alloc(e.s, 100, 0, &bo), 0);
	assert_int_equal(qda_bo_size(bo), 4096);	/* rounded by the kernel */
	assert_int_equal(qda_bo_flags(bo), 0);
	fk_counts(&c);
	assert_int_equal(c.bos, 1);
	qda_bo_free(bo);
	fk_counts(&c);
	assert_int_equal(c.bos, 0);
	qda_bo_free(NULL);
	assert_int_equal(qda_bo_size(NULL), 0);
	assert_int_equal(qda_bo_flags(NULL), 0);
	env_close(&e);
}

static void test_bo_alloc_errors(void **state)
{
	struct env e = { 0 };
	struct qda_bo *bo = NULL;
	struct fk_counts c;

	(void)state;
	env_open(&e, 0);
	assert_int_equal(qda_bo_alloc(e.s, 0, 0, &bo), -EINVAL);
	assert_int_equal(qda_bo_alloc(e.s, 4096, 1, &bo), -EINVAL);
	assert_int_equal(qda_bo_alloc(NULL, 4096, 0, &bo), -EINVAL);
	assert_int_equal(qda_bo_alloc(e.s, 4096, 0, NULL), -EINVAL);
	fk_set_max_bo_size(1 << 20);
	assert_int_equal(qda_bo_alloc(e.s, (1 << 20) + 1, 0, &bo), -E2BIG);
	fk_fail_ioctl(DRM_IOCTL_QDA_GEM_CREATE, 1, ENOMEM, 1);
	assert_int_equal(qda_bo_alloc(e.s, 4096, 0, &bo), -ENOMEM);
	fk_fail_ioctl(DRM_IOCTL_QDA_GEM_CREATE, 1, ENODEV, 1);
	assert_int_equal(qda_bo_alloc(e.s, 4096, 0, &bo), -ENODEV);
	/* GEM_INFO failing after create: the handle is not leaked */
	fk_fail_ioctl(DRM_IOCTL_QDA_GEM_INFO, 1, ENODEV, 1);
	assert_int_equal(qda_bo_alloc(e.s, 4096, 0, &bo), -ENODEV);
	fk_counts(&c);
	assert_int_equal(c.bos, 0);
	assert_null(bo);
	env_close(&e);
}

static void test_bo_map(void **state)
{
	struct env e = { 0 };
	struct qda_bo *bo;
	struct fk_counts c;
	void *p1, *p2;
	uint32_t h;

	(void)state;
	env_open(&e, 0);
	assert_int_equal(qda_bo_alloc(e.s, 8192, 0, &bo), 0);
	fk_counts(&c);
	assert_int_equal(c.mmaps, 0);	/* lazy */
	assert_int_equal(qda_bo_map(bo, &p1), 0);
	assert_int_equal(qda_bo_map(bo, &p2), 0);
	assert_ptr_equal(p1, p2);
	fk_counts(&c);
	assert_int_equal(c.mmaps, 1);	/* cached */
	memset(p1, 0x5a, 8192);
	h = 1;	/* first handle of this fake kernel */
	assert_int_equal(((uint8_t *)fk_bo_data(h, 8191))[0], 0x5a);
	assert_int_equal(qda_bo_map(bo, NULL), -EINVAL);
	assert_int_equal(qda_bo_map(NULL, &p1), -EINVAL);
	qda_bo_free(bo);	/* unmaps: checked by the fake kernel */
	fk_counts(&c);
	assert_int_equal(c.maps, 0);
	env_close(&e);
}

static void test_bo_map_errors(void **state)
{
	struct env e = { 0 };
	struct qda_bo *bo;
	void *p = NULL;

	(void)state;
	env_open(&e, 0);
	assert_int_equal(qda_bo_alloc(e.s, 4096, 0, &bo), 0);
	fk_fail_mmap(ENOMEM);
	assert_int_equal(qda_bo_map(bo, &p), -ENOMEM);
	fk_fail_ioctl(DRM_IOCTL_QDA_GEM_INFO, 1, ENODEV, 1);
	assert_int_equal(qda_bo_map(bo, &p), -ENODEV);
	assert_null(p);
	assert_int_equal(qda_bo_map(bo, &p), 0);	/* recovers */
	qda_bo_free(bo);
	env_close(&e);
}

static void test_bo_import(void **state)
{
	struct env e = { 0 };
	struct qda_bo *bo = NULL;
	void *p;
	int fd;

	(void)state;
	env_open(&e, 0);
	fd = fk_make_dmabuf(3 * 4096);
	assert_int_equal(qda_bo_import(e.s, fd, &bo), 0);
	assert_int_equal(qda_bo_size(bo), 3 * 4096);
	assert_int_equal(qda_bo_flags(bo), QDA_BO_IMPORTED);
	assert_int_equal(qda_bo_map(bo, &p), -EOPNOTSUPP);
	fk_close_dmabuf(fd);
	qda_bo_free(bo);
	assert_int_equal(qda_bo_import(e.s, -1, &bo), -EBADF);
	assert_int_equal(qda_bo_import(e.s, 7, &bo), -EBADF);	/* kernel */
	assert_int_equal(qda_bo_import(NULL, 7, &bo), -EINVAL);
	assert_int_equal(qda_bo_import(e.s, 7, NULL), -EINVAL);
	fd = fk_make_dmabuf(4096);
	fk_fail_ioctl(DRM_IOCTL_PRIME_FD_TO_HANDLE, 1, EINVAL, 1);
	assert_int_equal(qda_bo_import(e.s, fd, &bo), -EINVAL);
	fk_fail_ioctl(DRM_IOCTL_QDA_GEM_INFO, 1, ENOMEM, 1);
	assert_int_equal(qda_bo_import(e.s, fd, &bo), -ENOMEM);	/* no leak */
	fk_close_dmabuf(fd);
	env_close(&e);
}

static void test_bo_export(void **state)
{
	struct env e = { 0 };
	struct qda_bo *bo;
	int fd = -1;

	(void)state;
	env_open(&e, 0);
	assert_int_equal(qda_bo_alloc(e.s, 4096, 0, &bo), 0);
	assert_int_equal(qda_bo_export(bo, &fd), 0);	/* flags checked by fake */
	assert_true(fd >= 3000);
	fk_fail_ioctl(DRM_IOCTL_PRIME_HANDLE_TO_FD, 1, EMFILE, 1);
	assert_int_equal(qda_bo_export(bo, &fd), -EMFILE);
	assert_int_equal(qda_bo_export(bo, NULL), -EINVAL);
	assert_int_equal(qda_bo_export(NULL, &fd), -EINVAL);
	qda_bo_free(bo);
	env_close(&e);
}

/* BOs keep their session's file open after qda_session_close(). */
static void test_bo_outlives_session(void **state)
{
	struct env e = { 0 };
	struct qda_bo *bo;
	struct fk_counts c;
	void *p;

	(void)state;
	env_open(&e, 1);
	assert_int_equal(qda_bo_alloc(e.s, 4096, 0, &bo), 0);
	assert_int_equal(qda_bo_map(bo, &p), 0);
	qda_session_close(e.s);
	e.s = NULL;
	fk_counts(&c);
	assert_int_equal(c.open_fds, 2);
	memset(p, 1, 4096);
	qda_bo_free(bo);
	fk_counts(&c);
	assert_int_equal(c.open_fds, 1);
	env_close(&e);
}

static void test_dsp_map(void **state)
{
	struct env e = { 0 };
	struct qda_bo *bo;
	uint64_t a = 0;

	(void)state;
	env_open(&e, 0);
	assert_int_equal(qda_bo_alloc(e.s, 4 * 4096, 0, &bo), 0);
	assert_int_equal(qda_bo_dsp_map(bo, 0, 4096, 0, &a), -ENOTCONN);
	assert_int_equal(qda_session_create_pd(e.s, "m", 0, NULL, 0, 0), 0);
	assert_int_equal(qda_bo_dsp_map(bo, 4096, 8192, QDA_DSP_MAP_LEGACY, &a), 0);
	assert_int_equal(a, 0x10000000ull + 4096);
	assert_int_equal(qda_bo_dsp_map(bo, 0, 0, 0, &a), -EINVAL);
	assert_int_equal(qda_bo_dsp_map(bo, 0, 5 * 4096, 0, &a), -EINVAL);
	assert_int_equal(qda_bo_dsp_map(bo, 4096, 4 * 4096, 0, &a), -EINVAL);
	assert_int_equal(qda_bo_dsp_map(bo, 0, 4096, 2, &a), -EINVAL);
	assert_int_equal(qda_bo_dsp_map(bo, 0, 4096, 0, NULL), -EINVAL);
	assert_int_equal(qda_bo_dsp_map(NULL, 0, 4096, 0, &a), -EINVAL);
	assert_int_equal(qda_bo_dsp_map(bo, 1, 4096, 0, &a), -EINVAL); /* kernel */
	fk_fail_ioctl(DRM_IOCTL_QDA_MAP, 1, EREMOTEIO, 1);
	assert_int_equal(qda_bo_dsp_map(bo, 0, 4096, 0, &a), -EREMOTEIO);
	assert_int_equal(qda_session_dsp_unmap(e.s, 0x10000000ull), 0);
	assert_int_equal(qda_session_dsp_unmap(e.s, 0x1234), -ENOENT);
	assert_int_equal(qda_session_dsp_unmap(NULL, 0x1234), -EINVAL);
	fk_fail_ioctl(DRM_IOCTL_QDA_UNMAP, 1, ENOTCONN, 1);
	assert_int_equal(qda_session_dsp_unmap(e.s, 0x10000000ull), -ENOTCONN);
	qda_bo_free(bo);
	env_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_one, teardown_check)
		T(test_session_open_close),
		T(test_session_open_errors),
		T(test_create_pd),
		T(test_create_pd_errors),
		T(test_attach_pd),
		T(test_bo_alloc),
		T(test_bo_alloc_errors),
		T(test_bo_map),
		T(test_bo_map_errors),
		T(test_bo_import),
		T(test_bo_export),
		T(test_bo_outlives_session),
		T(test_dsp_map),
	};

	return cmocka_run_group_tests_name("session_bo", tests, NULL, NULL);
}
