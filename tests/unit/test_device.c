/* SPDX-License-Identifier: MIT */
/* Discovery, devices, queries, errors, versions, logging. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

#include "test_common.h"

static void test_version(void **state)
{
	(void)state;
	assert_int_equal(qda_get_version(), QDA_VERSION);
	assert_int_equal(QDA_VERSION, QDA_VERSION_ENCODE(1, 0, 0));
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(qda_strerror(0), "success");
	assert_non_null(strstr(qda_strerror(-EREMOTEIO), "DSP"));
	assert_string_equal(qda_strerror(-EREMOTEIO), qda_strerror(EREMOTEIO));
	assert_non_null(strstr(qda_strerror(-ENOTCONN), "DSP process"));
	assert_string_equal(qda_strerror(-ENOENT), "No such file or directory");
	assert_non_null(qda_strerror(-99999));
}

static void test_list_no_device(void **state)
{
	struct qda_device_list *l;

	(void)state;
	fk_reset();	/* neither /dev/accel nor /dev/dri exist */
	assert_int_equal(qda_device_list_get(&l), 0);
	assert_int_equal(qda_device_list_count(l), 0);
	assert_null(qda_device_list_path(l, 0));
	assert_null(qda_device_list_domain(l, 0));
	assert_int_equal(qda_device_list_domain_id(l, 0), UINT32_MAX);
	qda_device_list_free(l);
	assert_int_equal(qda_device_list_get(NULL), -EINVAL);
	assert_int_equal(qda_device_list_count(NULL), 0);
	qda_device_list_free(NULL);
}

static void test_open_no_device(void **state)
{
	struct qda_device *dev = NULL;

	(void)state;
	fk_reset();
	fk_add_dir("/dev/accel");	/* empty */
	assert_int_equal(qda_device_open("cdsp", &dev), -ENODEV);
	assert_int_equal(qda_device_open(NULL, &dev), -ENODEV);
	assert_null(dev);
	assert_int_equal(qda_device_open("cdsp", NULL), -EINVAL);
}

/* Several domains, listed out of order, with foreign drivers in between. */
static void test_list_several(void **state)
{
	struct qda_device_list *l;

	(void)state;
	fk_reset();
	fk_add_node("/dev/accel", "accel10", "qda", "adsp", 0);
	fk_add_node("/dev/accel", "accel2", "ivpu", "", 0);
	fk_add_node("/dev/accel", "accel1", "qda", "cdsp", 3);
	fk_add_node("/dev/dri", "card0", "qda", "gdsp0", 5); /* not a render node */
	fk_add_node("/dev/dri", "renderD128", "qda", "sdsp", 2);
	fk_add_node("/dev/dri", "renderD129", "i915", "", 0);
	assert_int_equal(qda_device_list_get(&l), 0);
	assert_int_equal(qda_device_list_count(l), 3);
	assert_string_equal(qda_device_list_path(l, 0), "/dev/accel/accel1");
	assert_string_equal(qda_device_list_domain(l, 0), "cdsp");
	assert_int_equal(qda_device_list_domain_id(l, 0), 3);
	assert_string_equal(qda_device_list_path(l, 1), "/dev/accel/accel10");
	assert_string_equal(qda_device_list_domain(l, 1), "adsp");
	/* kernels without accel: render nodes */
	assert_string_equal(qda_device_list_path(l, 2), "/dev/dri/renderD128");
	assert_string_equal(qda_device_list_domain(l, 2), "sdsp");
	qda_device_list_free(l);
	fk_check_clean();	/* no private ioctl reached ivpu/i915 */
}

static void test_list_skips_unopenable(void **state)
{
	struct qda_device_list *l;

	(void)state;
	fk_reset();
	fk_add_node("/dev/accel", "accel0", "qda", "cdsp", 3);
	fk_add_node("/dev/accel", "accel1", "qda", "adsp", 0);
	fk_fail_open("/dev/accel/accel0", EACCES);
	assert_int_equal(qda_device_list_get(&l), 0);
	assert_int_equal(qda_device_list_count(l), 1);
	assert_string_equal(qda_device_list_domain(l, 0), "adsp");
	qda_device_list_free(l);
}

static void test_list_skips_old_uapi(void **state)
{
	struct qda_device_list *l;

	(void)state;
	fk_set_uapi_version(2u << 16);
	assert_int_equal(qda_device_list_get(&l), 0);
	assert_int_equal(qda_device_list_count(l), 0);
	qda_device_list_free(l);
}

static void test_open_by_domain(void **state)
{
	struct qda_device *dev;

	(void)state;
	fk_reset();
	fk_add_node("/dev/accel", "accel0", "qda", "adsp", 0);
	fk_add_node("/dev/accel", "accel1", "qda", "cdsp", 3);
	assert_int_equal(qda_device_open("cdsp", &dev), 0);
	assert_string_equal(qda_device_path(dev), "/dev/accel/accel1");
	assert_string_equal(qda_device_domain_name(dev), "cdsp");
	assert_int_equal(qda_device_domain_id(dev), QDA_DOMAIN_CDSP);
	qda_device_close(dev);
	assert_int_equal(qda_device_open(NULL, &dev), 0);	/* first one */
	assert_string_equal(qda_device_domain_name(dev), "adsp");
	qda_device_close(dev);
	assert_int_equal(qda_device_open("mdsp", &dev), -ENODEV);
	fk_check_clean();
}

static void test_open_path(void **state)
{
	struct qda_device *dev;

	(void)state;
	assert_int_equal(qda_device_open_path("/dev/accel/accel0", &dev), 0);
	assert_string_equal(qda_device_domain_name(dev), "cdsp");
	qda_device_close(dev);
	qda_device_close(NULL);
	assert_int_equal(qda_device_open_path(NULL, &dev), -EINVAL);
	assert_int_equal(qda_device_open_path("/dev/accel/accel0", NULL), -EINVAL);
	assert_null(qda_device_path(NULL));
	assert_null(qda_device_domain_name(NULL));
}

static void test_open_path_wrong_driver(void **state)
{
	struct qda_device *dev = NULL;

	(void)state;
	fk_add_node("/dev/accel", "accel1", "qdax", "cdsp", 3);
	fk_add_node("/dev/accel", "accel2", "qd", "cdsp", 3);
	assert_int_equal(qda_device_open_path("/dev/accel/accel1", &dev), -ENODEV);
	assert_int_equal(qda_device_open_path("/dev/accel/accel2", &dev), -ENODEV);
	assert_null(dev);
	/* the name check came first: no private ioctl was sent */
	assert_int_equal(fk_ioctl_count(DRM_IOCTL_QDA_QUERY), 0);
}

static void test_open_path_errors(void **state)
{
	struct qda_device *dev = NULL;

	(void)state;
	fk_fail_open("/dev/accel/accel0", EACCES);
	assert_int_equal(qda_device_open_path("/dev/accel/accel0", &dev), -EACCES);
	fk_fail_open("/dev/accel/accel0", ENOENT);
	assert_int_equal(qda_device_open_path("/dev/accel/accel0", &dev), -ENOENT);
	fk_fail_open("", 0);
	fk_fail_ioctl(DRM_IOCTL_VERSION, 1, ENOTTY, 1);
	assert_int_equal(qda_device_open_path("/dev/accel/accel0", &dev), -ENODEV);
	fk_fail_ioctl(DRM_IOCTL_QDA_QUERY, 1, ENODEV, 1);
	assert_int_equal(qda_device_open_path("/dev/accel/accel0", &dev), -ENODEV);
	fk_set_uapi_version(2u << 16 | 0);
	assert_int_equal(qda_device_open_path("/dev/accel/accel0", &dev), -EPROTO);
	assert_null(dev);
}

static void test_open_domain_name_too_long(void **state)
{
	struct qda_device *dev = NULL;

	(void)state;
	fk_add_node("/dev/accel", "accel1", "qda",
		    "a-domain-name-longer-than-31-bytes", 3);
	assert_int_equal(qda_device_open_path("/dev/accel/accel1", &dev),
			 -ENAMETOOLONG);
}

static void test_query(void **state)
{
	struct qda_device *dev;
	uint32_t major = 9, minor = 9;
	uint64_t v;

	(void)state;
	assert_int_equal(qda_device_open("cdsp", &dev), 0);
	assert_int_equal(qda_device_query(dev, QDA_PARAM_UAPI_VERSION, &v), 0);
	assert_int_equal(v, 1u << 16);
	assert_int_equal(qda_device_uapi_version(dev, &major, &minor), 0);
	assert_int_equal(major, 1);
	assert_int_equal(minor, 0);
	assert_int_equal(qda_device_uapi_version(dev, NULL, NULL), 0);
	assert_int_equal(qda_device_query(dev, QDA_PARAM_DOMAIN_ID, &v), 0);
	assert_int_equal(v, 3);
	assert_int_equal(qda_device_query(dev, QDA_PARAM_MAX_ARGS, &v), 0);
	assert_int_equal(v, 64);
	assert_int_equal(qda_device_query(dev, QDA_PARAM_MAX_BO_SIZE, &v), 0);
	assert_int_equal(v, 1ull << 30);
	assert_int_equal(qda_device_query(dev, QDA_PARAM_NUM_CONTEXT_BANKS, &v), 0);
	assert_int_equal(v, 4);
	/* unknown to libqda (2 = domain name, 3 = capability, 7 = proc state) */
	assert_int_equal(qda_device_query(dev, 2, &v), -EINVAL);
	assert_int_equal(qda_device_query(dev, 3, &v), -EINVAL);
	assert_int_equal(qda_device_query(dev, 99, &v), -EINVAL);
	assert_int_equal(qda_device_query(dev, -1, &v), -EINVAL);
	assert_int_equal(qda_device_query(dev, QDA_PARAM_MAX_ARGS, NULL), -EINVAL);
	assert_int_equal(qda_device_query(NULL, QDA_PARAM_MAX_ARGS, &v), -EINVAL);
	/* kernel errors come back as they are */
	fk_fail_ioctl(DRM_IOCTL_QDA_QUERY, 1, EINVAL, 1);
	assert_int_equal(qda_device_query(dev, QDA_PARAM_MAX_ARGS, &v), -EINVAL);
	fk_fail_ioctl(DRM_IOCTL_QDA_QUERY, 1, ENODEV, 1);
	assert_int_equal(qda_device_uapi_version(dev, &major, &minor), -ENODEV);
	/* EINTR and EAGAIN are retried */
	fk_fail_ioctl(DRM_IOCTL_QDA_QUERY, 1, EINTR, 3);
	assert_int_equal(qda_device_query(dev, QDA_PARAM_MAX_ARGS, &v), 0);
	fk_fail_ioctl(DRM_IOCTL_QDA_QUERY, 1, EAGAIN, 2);
	assert_int_equal(qda_device_query(dev, QDA_PARAM_MAX_ARGS, &v), 0);
	qda_device_close(dev);
}

static void test_capability(void **state)
{
	struct qda_device *dev;
	uint32_t v = 0;

	(void)state;
	assert_int_equal(qda_device_open("cdsp", &dev), 0);
	assert_int_equal(qda_device_capability(dev, QDA_DSP_ATTR_ARCH_VER, &v), 0);
	assert_int_equal(v, 0x73);
	assert_int_equal(qda_device_capability(dev, QDA_DSP_ATTR_UNSIGNED_PD_SUPPORT, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(qda_device_capability(dev, 255, &v), 0);
	assert_int_equal(qda_device_capability(dev, 256, &v), -EINVAL);
	assert_int_equal(qda_device_capability(dev, 1, NULL), -EINVAL);
	assert_int_equal(qda_device_capability(NULL, 1, &v), -EINVAL);
	fk_set_caps_unsupported(true);
	assert_int_equal(qda_device_capability(dev, 1, &v), -EOPNOTSUPP);
	fk_set_caps_unsupported(false);
	fk_fail_ioctl(DRM_IOCTL_QDA_QUERY, 1, ETIMEDOUT, 1);
	assert_int_equal(qda_device_capability(dev, 1, &v), -ETIMEDOUT);
	fk_fail_ioctl(DRM_IOCTL_QDA_QUERY, 1, EPIPE, 1);
	assert_int_equal(qda_device_capability(dev, 1, &v), -EPIPE);
	qda_device_close(dev);
}

struct logbuf {
	int calls, last_level;
	char last[256];
};

static void log_cb(void *ud, int level, const char *func, const char *fmt,
		   va_list ap)
{
	struct logbuf *b = ud;

	b->calls++;
	b->last_level = level;
	vsnprintf(b->last, sizeof(b->last), fmt, ap);
}

static void test_logging(void **state)
{
	struct logbuf b = { 0 };
	struct qda_device *dev;
	struct qda_session *s;
	struct qda_bo *bo;

	(void)state;
	unsetenv("QDA_LOG");
	assert_int_equal(qda_device_open("cdsp", &dev), 0);
	qda_set_log_fn(dev, log_cb, &b);
	assert_int_equal(qda_device_capability(dev, 1000, &(uint32_t){ 0 }), -EINVAL);
	assert_int_equal(b.calls, 0);	/* silent by default */
	qda_set_log_level(dev, QDA_LOG_ERR);
	assert_int_equal(qda_session_open(dev, &s), 0);
	assert_int_equal(b.calls, 0);	/* info not logged at ERR */
	fk_fail_ioctl(DRM_IOCTL_QDA_GEM_CREATE, 1, ENOMEM, 1);
	assert_int_equal(qda_bo_alloc(s, 4096, 0, &bo), -ENOMEM);
	assert_int_equal(b.calls, 1);
	assert_int_equal(b.last_level, QDA_LOG_ERR);
	assert_non_null(strstr(b.last, "4096"));
	qda_session_close(s);
	qda_set_log_level(dev, QDA_LOG_DEBUG);
	assert_int_equal(qda_session_open(dev, &s), 0);
	assert_true(b.calls > 1);
	qda_session_close(s);
	qda_set_log_fn(NULL, NULL, NULL);
	qda_set_log_level(NULL, 0);
	qda_device_close(dev);

	/* QDA_LOG is read at device open */
	setenv("QDA_LOG", "debug", 1);
	memset(&b, 0, sizeof(b));
	assert_int_equal(qda_device_open("cdsp", &dev), 0);
	qda_set_log_fn(dev, log_cb, &b);
	assert_int_equal(qda_session_open(dev, &s), 0);
	assert_true(b.calls > 0);
	qda_session_close(s);
	qda_device_close(dev);
	unsetenv("QDA_LOG");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test_teardown(test_list_no_device, teardown_check),
		cmocka_unit_test_teardown(test_open_no_device, teardown_check),
		cmocka_unit_test_teardown(test_list_several, teardown_check),
		cmocka_unit_test_teardown(test_list_skips_unopenable, teardown_check),
		cmocka_unit_test_setup_teardown(test_list_skips_old_uapi, setup_one, teardown_check),
		cmocka_unit_test_teardown(test_open_by_domain, teardown_check),
		cmocka_unit_test_setup_teardown(test_open_path, setup_one, teardown_check),
		cmocka_unit_test_setup_teardown(test_open_path_wrong_driver, setup_one, teardown_check),
		cmocka_unit_test_setup_teardown(test_open_path_errors, setup_one, teardown_check),
		cmocka_unit_test_setup_teardown(test_open_domain_name_too_long, setup_one, teardown_check),
		cmocka_unit_test_setup_teardown(test_query, setup_one, teardown_check),
		cmocka_unit_test_setup_teardown(test_capability, setup_one, teardown_check),
		cmocka_unit_test_setup_teardown(test_logging, setup_one, teardown_check),
	};

	return cmocka_run_group_tests_name("device", tests, NULL, NULL);
}
