// SPDX-License-Identifier: MIT
/*
 * Who may use which node. With DRM accel the driver has one accel node per
 * domain and nothing else. The render-node flavour (kernels without accel)
 * also gets a primary node, /dev/dri/cardN, as every DRM render driver
 * does: there the driver's ioctls follow the DRM rule for primary nodes
 * (DRM_AUTH: the master, root, or a client the master authenticated), while
 * the render node serves anyone who can open it. Node modes are udev's
 * policy (packaging/udev/60-qda.rules); the test opens them up to check
 * the driver's own rules, and puts them back.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <grp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xf86drm.h>

#include "qt.h"

#define NOBODY 65534

/* The first node matching @pattern that the qda driver owns, into @path */
static int find_qda_node(const char *pattern, char *path, size_t size)
{
	int found = -ENOENT;
	glob_t g;

	if (glob(pattern, 0, NULL, &g))
		return -ENOENT;
	for (size_t i = 0; i < g.gl_pathc && found; i++) {
		int fd = open(g.gl_pathv[i], O_RDWR | O_CLOEXEC);
		drmVersionPtr v = fd < 0 ? NULL : drmGetVersion(fd);

		if (v && !strcmp(v->name, "qda")) {
			snprintf(path, size, "%s", g.gl_pathv[i]);
			found = 0;
		}
		drmFreeVersion(v);
		if (fd >= 0)
			close(fd);
	}
	globfree(&g);
	return found;
}

static int query_version(int fd)
{
	uint64_t v;

	return qt_query(fd, DRM_QDA_PARAM_UAPI_VERSION, 0, &v);
}

static int drop_to_nobody(void)
{
	return setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY) ? -1 : 0;
}

/*
 * As nobody: open @path and query. 0 or the ioctl's -errno; 1000 + n when
 * setup step n failed.
 */
static int nobody_query(const char *path)
{
	pid_t pid = fork();
	int fd;

	if (pid == 0) {
		if (drop_to_nobody())
			_exit(101);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			_exit(102);
		_exit(-query_version(fd));
	}
	return qt_child_result(pid);
}

/*
 * As nobody, on the primary node: the first open becomes the DRM master
 * (the VM has no display server), a second open is an unauthenticated
 * client. The query's result on the master (@second false) or on the
 * second file; 1000 + n when setup step n failed.
 */
static int nobody_primary_query(const char *path, bool second)
{
	pid_t pid = fork();
	int master, other;

	if (pid == 0) {
		if (drop_to_nobody())
			_exit(101);
		master = open(path, O_RDWR | O_CLOEXEC);
		other = open(path, O_RDWR | O_CLOEXEC);
		if (master < 0 || other < 0)
			_exit(102);
		_exit(-query_version(second ? other : master));
	}
	return qt_child_result(pid);
}

static void check_render_flavour(const char *render, const char *card)
{
	struct stat rs, cs;

	if (stat(render, &rs) || stat(card, &cs)) {
		qt_fail("stat-nodes", "%s", strerror(errno));
		return;
	}
	chmod(render, 0666);
	chmod(card, 0666);
	qt_expect("render-node-serves-any-opener", nobody_query(render), 0);
	qt_expect("primary-node-serves-its-master", nobody_primary_query(card, false),
	       0);
	qt_expect("primary-node-refuses-unauthenticated",
	       nobody_primary_query(card, true), -EACCES);
	chmod(render, rs.st_mode & 07777);
	chmod(card, cs.st_mode & 07777);
}

static void check_accel_flavour(const char *accel)
{
	struct stat as;

	if (stat(accel, &as)) {
		qt_fail("stat-node", "%s", strerror(errno));
		return;
	}
	chmod(accel, 0666);
	qt_expect("accel-node-serves-any-opener", nobody_query(accel), 0);
	chmod(accel, as.st_mode & 07777);
}

int main(void)
{
	char accel[64], render[64], card[64];
	bool has_accel = !find_qda_node("/dev/accel/accel*", accel,
					sizeof(accel));
	bool has_render = !find_qda_node("/dev/dri/renderD*", render,
					 sizeof(render));
	bool has_card = !find_qda_node("/dev/dri/card*", card, sizeof(card));

	if (has_accel) {
		qt_note("accel flavour: %s", accel);
		qt_expect("accel-flavour-no-render-node", has_render ? -EEXIST : 0, 0);
		qt_expect("accel-flavour-no-primary-node", has_card ? -EEXIST : 0, 0);
		check_accel_flavour(accel);
	} else if (has_render && has_card) {
		qt_note("render flavour: %s, %s", render, card);
		check_render_flavour(render, card);
	} else {
		qt_fail("find-nodes", "no qda accel node, nor render + primary");
	}
	return qt_summary();
}
