// SPDX-License-Identifier: MIT
/*
 * Context-bank pool: a file that only queries holds no bank; each file
 * that allocates takes one; past the pool's size allocation is -EBUSY
 * and nothing is lost; closing a file gives its bank back. Also several
 * sessions of one process are independent (the pool is per file, not
 * per PID).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <xf86drm.h>

#include <drm/qda_accel.h>

#include "itest.h"

#define MAX_FILES 64

static int qda_path(char *path, size_t len)
{
	/* the accel nodes, then the render nodes (render-node flavour) */
	for (int i = 0; i < 32; i++) {
		drmVersionPtr v;
		int fd;

		if (i < 16)
			snprintf(path, len, "/dev/accel/accel%d", i);
		else
			snprintf(path, len, "/dev/dri/renderD%d", 128 + i - 16);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		v = drmGetVersion(fd);
		close(fd);
		if (v && !strcmp(v->name, "qda")) {
			drmFreeVersion(v);
			return 0;
		}
		if (v)
			drmFreeVersion(v);
	}
	return -1;
}

static int bo_create(int fd, uint32_t *handle)
{
	struct drm_qda_gem_create c = { .size = 4096 };
	int r = ioctl(fd, DRM_IOCTL_QDA_GEM_CREATE, &c) ? -errno : 0;

	*handle = c.handle;
	return r;
}

int main(void)
{
	struct drm_qda_query q = { .param = DRM_QDA_PARAM_NUM_CONTEXT_BANKS };
	int fds[MAX_FILES], idle[MAX_FILES];
	char path[64];
	uint32_t h;
	int n, r, i;

	if (qda_path(path, sizeof(path))) {
		FAIL("open", "no qda node");
		return itest_done();
	}
	fds[0] = open(path, O_RDWR | O_CLOEXEC);
	r = ioctl(fds[0], DRM_IOCTL_QDA_QUERY, &q);
	n = (int)q.value;
	CHECK("num-cbs", !r && n > 0 && n < MAX_FILES, "n=%d", n);
	if (r || n <= 0 || n >= MAX_FILES)
		return itest_done();
	close(fds[0]);

	/* Files that only query take no bank */
	for (i = 0; i < n + 2; i++)
		idle[i] = open(path, O_RDWR | O_CLOEXEC);
	CHECK("query-only-files-take-no-bank", idle[n + 1] >= 0,
	      "open: %s", strerror(errno));

	for (i = 0; i < n; i++) {
		fds[i] = open(path, O_RDWR | O_CLOEXEC);
		if (fds[i] < 0 || bo_create(fds[i], &h))
			break;
	}
	CHECK("each-file-takes-a-bank", i == n, "only %d of %d", i, n);

	fds[n] = open(path, O_RDWR | O_CLOEXEC);
	r = bo_create(fds[n], &h);
	CHECK("pool-exhausted-ebusy", r == -EBUSY, "r=%d", r);
	r = bo_create(fds[n], &h);
	CHECK("pool-exhausted-stays-ebusy", r == -EBUSY, "r=%d", r);

	close(fds[0]);
	r = bo_create(fds[n], &h);
	CHECK("bank-returned-on-close", r == 0, "r=%d", r);
	r = bo_create(fds[n], &h);
	CHECK("same-file-keeps-its-bank", r == 0, "r=%d", r);

	for (i = 1; i <= n; i++)
		close(fds[i]);
	for (i = 0; i < n + 2; i++)
		if (idle[i] >= 0)
			close(idle[i]);
	return itest_done();
}
