// SPDX-License-Identifier: MIT
/*
 * Privilege, both ways: attaching to the root or sensors PD needs
 * CAP_SYS_ADMIN or the group named by qda's privileged_gid parameter;
 * creating one's own dynamic PD needs neither.
 */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "qt.h"

#define PARAM "/sys/module/qda/parameters/privileged_gid"
#define TEST_GID 4242
#define NOBODY 65534

static struct qt_dev dev;

static int set_param(int gid)
{
	FILE *f = fopen(PARAM, "w");
	int r;

	if (!f)
		return -errno;
	r = fprintf(f, "%d\n", gid) < 0 ? -EIO : 0;
	if (fclose(f))
		r = -errno;
	return r;
}

/* In a child without privilege (in @gid when not -1): the errno of @what */
static int as_user(int gid, int attach)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		gid_t groups[1] = { (gid_t)gid };
		int fd, r;

		if (setgroups(gid >= 0 ? 1 : 0, groups) || setgid(NOBODY) ||
		    setuid(NOBODY))
			_exit(100);
		fd = qt_open(&dev);
		if (fd < 0)
			_exit(101);
		if (attach) {
			struct drm_qda_proc_attach a = { .pd = DRM_QDA_PD_ROOT };

			r = qt_ioctl(fd, DRM_IOCTL_QDA_PROC_ATTACH, &a);
		} else {
			r = qt_proc_create(fd, "itest_user");
		}
		_exit(-r);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
		return -1000;
	return -WEXITSTATUS(st);
}

static void expect(const char *name, int got, int want)
{
	if (got == want)
		qt_ok(name);
	else
		qt_fail(name, "got %d (%s), want %d", got, strerror(-got), want);
}

int main(void)
{
	struct qt_base b;

	if (qt_dev_find(&dev)) {
		qt_fail("find-device", "no qda device");
		return qt_summary();
	}
	qt_base_take(&dev, &b);
	/* The device node must be usable by the unprivileged user */
	chmod(dev.path, 0666);

	expect("default-unprivileged-attach-eperm", as_user(-1, 1), -EPERM);
	expect("default-unprivileged-create-ok", as_user(-1, 0), 0);
	expect("set-privileged-gid", set_param(TEST_GID), 0);
	expect("group-member-attach-ok", as_user(TEST_GID, 1), 0);
	expect("non-member-attach-eperm", as_user(TEST_GID + 1, 1), -EPERM);
	expect("reset-privileged-gid", set_param(-1), 0);
	expect("after-reset-attach-eperm", as_user(TEST_GID, 1), -EPERM);
	chmod(dev.path, 0600);
	{
		char why[512];

		if (qt_base_check(&dev, &b, 5000, why, sizeof(why)))
			qt_fail("counters-back", "%s", why);
		else
			qt_ok("counters-back");
	}
	return qt_summary();
}
