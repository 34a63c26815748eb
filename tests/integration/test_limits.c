// SPDX-License-Identifier: MIT
/*
 * Per-file limits and memory accounting. One file may hold handles to at
 * most max_file_bos BOs and max_file_mib MiB (module parameters); past
 * either, GEM_CREATE fails with -EDQUOT and nothing is lost; closing a
 * handle makes room again. BO memory is charged to the caller's memory
 * cgroup whichever backend the bank uses (pages with an SMMU, coherent
 * memory in bypass), so a cgroup at its limit gets -ENOMEM.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "qt.h"

#define CGROOT	"/sys/fs/cgroup"
#define CG	CGROOT "/qda-itest"

static struct qt_dev dev;

/* With @param set to @value: @n BOs of @size fit, one more does not */
static void check_edge(const char *param, const char *value, int n,
		       uint64_t size, const char *name)
{
	char saved[32], what[160];
	uint32_t h[64], extra;
	int fd, i, ret = 0;

	if (qt_param_get(param, saved, sizeof(saved)) ||
	    qt_param_set(param, value) || (fd = qt_open(&dev)) < 0) {
		qt_fail(name, "cannot set %s or open", param);
		return;
	}
	for (i = 0; i < n && !ret; i++)
		ret = qt_gem_create(fd, size, &h[i]);
	snprintf(what, sizeof(what), "%s-at-limit", name);
	qt_expect(what, ret, 0);
	snprintf(what, sizeof(what), "%s-past-limit-edquot", name);
	qt_expect(what, qt_gem_create(fd, 4096, &extra), -EDQUOT);
	snprintf(what, sizeof(what), "%s-room-after-close", name);
	qt_gem_close(fd, h[0]);
	ret = qt_gem_create(fd, size, &extra);
	qt_expect(what, ret, 0);
	close(fd);
	qt_param_set(param, saved);
}

/*
 * In a cgroup limited to 8 MiB, BOs of 2 MiB (small enough for the
 * coherent backend's contiguous blocks) until 32 MiB: the cgroup's limit
 * must stop them. The error that did; 0 if none did.
 */
static int create_in_small_cgroup(void)
{
	char pid[32];
	pid_t child;
	int st;

	mkdir(CG, 0755);
	if (qt_write_file(CG "/memory.max", "8M"))
		return -1000;
	child = fork();
	if (child == 0) {
		uint32_t h;
		int fd, i, ret = 0;

		snprintf(pid, sizeof(pid), "%d", getpid());
		if (qt_write_file(CG "/cgroup.procs", pid))
			_exit(101);
		fd = qt_open(&dev);
		if (fd < 0)
			_exit(102);
		for (i = 0; i < 16 && !ret; i++)
			ret = qt_gem_create(fd, 2u << 20, &h);
		_exit(-ret);
	}
	if (child < 0 || waitpid(child, &st, 0) < 0 || !WIFEXITED(st))
		st = -2000;
	else
		st = WEXITSTATUS(st) > 100 ? -(1000 + WEXITSTATUS(st) - 100) :
					     -WEXITSTATUS(st);
	rmdir(CG);
	return st;
}

static void check_memcg(void)
{
	struct stat sb;

	/* the test VM boots without a cgroup mount: make one */
	if (stat(CGROOT "/cgroup.controllers", &sb) &&
	    mount("none", CGROOT, "cgroup2", 0, NULL)) {
		qt_fail("memcg-setup", "cannot mount cgroup2: %s", strerror(errno));
		return;
	}
	if (qt_write_file(CGROOT "/cgroup.subtree_control", "+memory")) {
		qt_fail("memcg-setup", "cannot enable the memory controller");
		return;
	}
	qt_expect("bo-memory-charged-to-memcg", create_in_small_cgroup(), -ENOMEM);
}

int main(void)
{
	if (qt_dev_find(&dev)) {
		qt_fail("find-device", "no qda device with the vDSP");
		return qt_summary();
	}
	check_edge("max_file_bos", "4", 4, 4096, "file-bo-count");
	check_edge("max_file_mib", "1", 1, 1u << 20, "file-bytes");
	check_memcg();
	return qt_summary();
}
