// SPDX-License-Identifier: MIT
/*
 * holder MODE: keep one kind of reference to a QDA device alive until
 * stdin closes, for the module lifetime test (lifecycle.sh).
 *   fd      an open file with a BO
 *   mmap    only a CPU mapping of a BO (the file itself is closed)
 *   dmabuf  only an exported dma-buf of a BO (the file itself is closed)
 * Prints "ready" once the reference is the only one left.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xf86drm.h>

#include <drm/qda_accel.h>

/* The first qda node in DIR whose name starts with PREFIX */
static int open_qda_in(const char *dir, const char *prefix)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int fd = -1;

	while (d && (de = readdir(d))) {
		char path[300];
		drmVersionPtr v;

		if (strncmp(de->d_name, prefix, strlen(prefix)))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		fd = open(path, O_RDWR | O_CLOEXEC);
		v = fd >= 0 ? drmGetVersion(fd) : NULL;
		if (v && !strcmp(v->name, "qda")) {
			drmFreeVersion(v);
			break;
		}
		if (v)
			drmFreeVersion(v);
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	if (d)
		closedir(d);
	return fd;
}

/* The accel node, or the render node of the render-node flavour */
static int open_qda(void)
{
	int fd = open_qda_in("/dev/accel", "accel");

	return fd >= 0 ? fd : open_qda_in("/dev/dri", "renderD");
}

int main(int argc, char **argv)
{
	struct drm_qda_gem_create c = { .size = 65536 };
	struct drm_qda_gem_info info = { 0 };
	void *p = MAP_FAILED;
	int fd, buf = -1;
	char line[16];

	if (argc != 2)
		return 2;
	fd = open_qda();
	if (fd < 0 || drmIoctl(fd, DRM_IOCTL_QDA_GEM_CREATE, &c))
		return 1;
	info.handle = c.handle;
	if (drmIoctl(fd, DRM_IOCTL_QDA_GEM_INFO, &info))
		return 1;

	if (!strcmp(argv[1], "mmap")) {
		p = mmap(NULL, c.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			 info.mmap_offset);
		if (p == MAP_FAILED)
			return 1;
		close(fd);
	} else if (!strcmp(argv[1], "dmabuf")) {
		if (drmPrimeHandleToFD(fd, c.handle, DRM_CLOEXEC | DRM_RDWR, &buf))
			return 1;
		close(fd);
	} else if (strcmp(argv[1], "fd")) {
		return 2;
	}
	printf("ready\n");
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin))
		;
	if (p != MAP_FAILED) {
		memset(p, 0x42, c.size);	/* still usable after unplug */
		munmap(p, c.size);
	}
	if (buf >= 0)
		close(buf);
	return 0;
}
