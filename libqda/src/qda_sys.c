/* SPDX-License-Identifier: MIT */
/*
 * qda_sys.c: the one place where libqda makes system calls.
 *
 * Keeping open/close/ioctl/mmap/munmap and directory scanning here gives the
 * unit tests a single, small surface to replace with ld --wrap, and gives the
 * library one consistent error convention (0 or -errno).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "qda_private.h"

int qda_sys_open(const char *path, int flags)
{
	int fd;

	do {
		fd = open(path, flags | O_CLOEXEC);
	} while (fd < 0 && errno == EINTR);
	return fd < 0 ? -errno : fd;
}

int qda_sys_close(int fd)
{
	/* Never retry close() on EINTR: on Linux the fd is gone already. */
	if (fd < 0)
		return 0;
	return close(fd) < 0 ? -errno : 0;
}

int qda_sys_ioctl(int fd, unsigned long request, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, request, arg);
	} while (ret == -1 && (errno == EINTR || errno == EAGAIN));
	return ret == -1 ? -errno : 0;
}

int qda_sys_mmap(int fd, size_t len, uint64_t offset, void **out)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		       (off_t)offset);

	if (p == MAP_FAILED)
		return -errno;
	*out = p;
	return 0;
}

int qda_sys_munmap(void *addr, size_t len)
{
	return munmap(addr, len) < 0 ? -errno : 0;
}

int qda_sys_scandir(const char *dir, int (*cb)(void *ctx, const char *name),
		    void *ctx)
{
	struct dirent *de;
	DIR *d;
	int ret = 0;

	d = opendir(dir);
	if (!d)
		return -errno;
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de) {
			if (errno)
				ret = -errno;
			break;
		}
		if (de->d_name[0] == '.')
			continue;
		ret = cb(ctx, de->d_name);
		if (ret)
			break;
	}
	closedir(d);
	return ret;
}
