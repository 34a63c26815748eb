// SPDX-License-Identifier: MIT
/*
 * Privilege, both ways: attaching to the root or sensors PD needs
 * CAP_SYS_ADMIN or the group named by qda's privileged_gid parameter;
 * creating one's own dynamic PD needs neither.
 *
 * The rights are those of the file's opener in the initial user namespace:
 * a user namespace that maps the privileged gid onto one's own group gives
 * nothing, and a file passed to another process keeps its opener's rights
 * (the rule of docs/driver.md, "Privileged PDs").
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "qt.h"

#define TEST_GID 4242
#define NOBODY 65534
/* the unprivileged user's own group in the user-namespace case */
#define OWN_GID 5555

static struct qt_dev dev;

static int set_param(int gid)
{
	char text[16];

	snprintf(text, sizeof(text), "%d", gid);
	return qt_param_set("privileged_gid", text);
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

static int attach_root(int fd)
{
	struct drm_qda_proc_attach a = { .pd = DRM_QDA_PD_ROOT };

	return qt_ioctl(fd, DRM_IOCTL_QDA_PROC_ATTACH, &a);
}

/*
 * An unprivileged user whose only group is OWN_GID makes a user namespace
 * in which TEST_GID is its group (and it is root), then opens the device
 * and attaches. The errno of the attach; 1000 + n when setup step n failed.
 */
static int userns_attach(void)
{
	pid_t pid = fork();
	char map[64];
	int fd;

	if (pid == 0) {
		/*
		 * setuid() from root leaves us non-dumpable, and then our
		 * /proc/self files stay root's: we could not write the maps.
		 */
		if (setgroups(0, NULL) || setgid(OWN_GID) || setuid(NOBODY) ||
		    prctl(PR_SET_DUMPABLE, 1))
			_exit(101);
		if (unshare(CLONE_NEWUSER))
			_exit(102);
		snprintf(map, sizeof(map), "%d %d 1\n", TEST_GID, OWN_GID);
		if (qt_write_file("/proc/self/setgroups", "deny") ||
		    qt_write_file("/proc/self/gid_map", map))
			_exit(103);
		snprintf(map, sizeof(map), "0 %d 1\n", NOBODY);
		if (qt_write_file("/proc/self/uid_map", map))
			_exit(104);
		if (getgid() != TEST_GID)
			_exit(105);
		fd = qt_open(&dev);
		if (fd < 0)
			_exit(106);
		_exit(-attach_root(fd));
	}
	return qt_child_result(pid);
}

/* We (privileged) open; a child that drops every privilege attaches */
static int passed_down_attach(void)
{
	int fd = qt_open(&dev), st;
	pid_t pid;

	if (fd < 0)
		return -1001;
	pid = fork();
	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
			_exit(100);
		_exit(-attach_root(fd));
	}
	close(fd);
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
		return -2000;
	return -WEXITSTATUS(st);
}

static int send_fd(int sock, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 }, byte = 0;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -errno;
}

static int recv_fd(int sock)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 }, byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sock, &msg, 0) != 1)
		return -errno;
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -EBADMSG;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

/* A child without privilege opens and hands us the file; we attach */
static int passed_up_attach(void)
{
	int sv[2], fd, st, r;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		return -1001;
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
			_exit(100);
		fd = qt_open(&dev);
		_exit(fd < 0 || send_fd(sv[1], fd) ? 101 : 0);
	}
	close(sv[1]);
	fd = recv_fd(sv[0]);
	close(sv[0]);
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) ||
	    WEXITSTATUS(st) || fd < 0) {
		if (fd >= 0)
			close(fd);
		return -1002;
	}
	r = attach_root(fd);
	close(fd);
	return r;
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

	qt_expect("default-unprivileged-attach-eperm", as_user(-1, 1), -EPERM);
	qt_expect("default-unprivileged-create-ok", as_user(-1, 0), 0);
	qt_expect("set-privileged-gid", set_param(TEST_GID), 0);
	qt_expect("group-member-attach-ok", as_user(TEST_GID, 1), 0);
	qt_expect("non-member-attach-eperm", as_user(TEST_GID + 1, 1), -EPERM);
	qt_expect("userns-mapped-gid-attach-eperm", userns_attach(), -EPERM);
	qt_expect("reset-privileged-gid", set_param(-1), 0);
	qt_expect("file-of-privileged-opener-attach-ok", passed_down_attach(), 0);
	qt_expect("file-of-unprivileged-opener-attach-eperm", passed_up_attach(),
	       -EPERM);
	qt_expect("after-reset-attach-eperm", as_user(TEST_GID, 1), -EPERM);
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
