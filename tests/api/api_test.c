/* SPDX-License-Identifier: MIT */
/*
 * api_test.c: libqda.so through its public header only. Runs on any
 * machine: with no QDA device, discovery must give an empty list and
 * qda_device_open() -ENODEV.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <qda/qda.h>

static int failures;

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "%s:%d: check failed: %s\n",       \
				__FILE__, __LINE__, #cond);                \
			failures++;                                        \
		}                                                          \
	} while (0)

static void check_version(void)
{
	uint32_t v = qda_get_version();

	CHECK(QDA_VERSION == QDA_VERSION_ENCODE(QDA_VERSION_MAJOR,
						QDA_VERSION_MINOR,
						QDA_VERSION_PATCH));
	/* same major; the running library is at least this header */
	CHECK((v >> 16) == QDA_VERSION_MAJOR);
	CHECK(v >= QDA_VERSION);
	CHECK(v == QDA_VERSION);	/* built from this tree */
}

static void check_strerror(void)
{
	static const int errs[] = {
		EINVAL, ENOENT, EPERM, E2BIG, ENOMEM, EBUSY, EALREADY,
		ENOTCONN, EPIPE, ETIMEDOUT, EPROTO, EREMOTEIO, ENODEV,
		EFAULT, EXDEV, EOPNOTSUPP, EACCES, ENAMETOOLONG, EBADF,
		EMFILE, ENFILE, ENOSPC, EINTR,
	};
	const size_t n = sizeof(errs) / sizeof(errs[0]);
	const char *s[sizeof(errs) / sizeof(errs[0])];
	size_t i, j;

	for (i = 0; i < n; i++) {
		s[i] = qda_strerror(-errs[i]);
		CHECK(s[i] != NULL);
		if (!s[i])
			continue;
		CHECK(s[i][0] != '\0');
		/* the sign is ignored */
		CHECK(strcmp(s[i], qda_strerror(errs[i])) == 0);
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (s[i] && s[j] && strcmp(s[i], s[j]) == 0) {
				fprintf(stderr, "errno %d and %d share \"%s\"\n",
					errs[i], errs[j], s[i]);
				failures++;
			}
	CHECK(qda_strerror(0) != NULL);
	CHECK(qda_strerror(-99999) != NULL);
	CHECK(qda_strerror(-2147483647 - 1) != NULL);
}

static void check_discovery(void)
{
	struct qda_device_list *l = NULL;
	struct qda_device *dev = NULL;
	size_t i, n;
	int ret;

	CHECK(qda_device_list_get(NULL) == -EINVAL);
	ret = qda_device_list_get(&l);
	/* "An empty list is not an error": 0 (or -ENOMEM) only */
	CHECK(ret == 0);
	if (ret)
		return;
	n = qda_device_list_count(l);
	for (i = 0; i < n; i++) {
		CHECK(qda_device_list_path(l, i) != NULL);
		CHECK(qda_device_list_domain(l, i) != NULL);
	}
	CHECK(qda_device_list_path(l, n) == NULL);
	CHECK(qda_device_list_domain(l, n) == NULL);
	CHECK(qda_device_list_domain_id(l, n) == UINT32_MAX);
	qda_device_list_free(l);
	printf("%zu QDA device(s) found\n", n);
	if (n == 0) {
		CHECK(qda_device_open(NULL, &dev) == -ENODEV);
		CHECK(dev == NULL);
		CHECK(qda_device_open("cdsp", &dev) == -ENODEV);
		CHECK(dev == NULL);
	}
	CHECK(qda_device_open("no-such-domain", &dev) == -ENODEV);
	CHECK(qda_device_open_path("/nonexistent/accel0", &dev) == -ENOENT);
	CHECK(dev == NULL);
}

static void check_null_safety(void)
{
	uint64_t v;

	CHECK(qda_device_list_count(NULL) == 0);
	qda_device_list_free(NULL);
	qda_device_close(NULL);
	qda_session_close(NULL);
	qda_bo_free(NULL);
	CHECK(qda_bo_size(NULL) == 0);
	CHECK(qda_device_query(NULL, QDA_PARAM_MAX_ARGS, &v) == -EINVAL);
	CHECK(qda_session_open(NULL, NULL) == -EINVAL);
	CHECK(qda_bo_alloc(NULL, 4096, 0, NULL) == -EINVAL);
	CHECK(qda_invoke(NULL, 0, 0, NULL, 0, NULL, NULL) == -EINVAL);
}

int main(void)
{
	check_version();
	check_strerror();
	check_discovery();
	check_null_safety();
	if (failures) {
		fprintf(stderr, "%d check(s) failed\n", failures);
		return 1;
	}
	printf("libqda %u.%u.%u: public API checks passed\n",
	       qda_get_version() >> 16, (qda_get_version() >> 8) & 0xff,
	       qda_get_version() & 0xff);
	return 0;
}
