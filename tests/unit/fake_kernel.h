/* SPDX-License-Identifier: MIT */
/*
 * A fake QDA kernel driver + virtual DSP for libqda's unit tests. The
 * ld --wrap'ed system calls (mock_sys.c) land here. Any call the fake does
 * not expect (unknown path, fd, ioctl, mapping) fails the running test.
 */
#ifndef FAKE_KERNEL_H
#define FAKE_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <drm.h>
#include "drm/qda_accel.h"

#define FK_CALC_HANDLE 101
#define FK_TEST_HANDLE 102

/* Reset everything (call from each test's setup). */
void fk_reset(void);
/* Check that no fd, BO or mapping leaked (call from teardown). */
void fk_check_clean(void);

/* Directories /dev/accel and /dev/dri exist only when a node is added or
 * fk_add_dir() is called. */
void fk_add_dir(const char *dir);
/* Add a device node dir/name served by @driver ("qda" or other). */
void fk_add_node(const char *dir, const char *name, const char *driver,
		 const char *domain, uint32_t domain_id);
/* Make open() of @path fail with @err (positive errno). */
void fk_fail_open(const char *path, int err);
/* Fail the @nth (1-based) next call of ioctl @req with @err; EINTR/EAGAIN
 * may be repeated @times. */
void fk_fail_ioctl(unsigned long req, int nth, int err, int times);
/* Fail the next mmap() with @err. */
void fk_fail_mmap(int err);
/* Answer the next user invoke with DSP status @status. */
void fk_dsp_status_next(uint32_t status);
/* Driver parameters. */
void fk_set_uapi_version(uint32_t v);
void fk_set_max_bo_size(uint64_t v);
void fk_set_caps_unsupported(bool v);
/* Pretend the caller is unprivileged (PROC_ATTACH -> EPERM). */
void fk_set_unprivileged(bool v);
/* Sleep this many microseconds inside every DSP method (concurrency). */
void fk_set_dsp_delay_us(unsigned int us);

/* A dma-buf fd from a foreign exporter, of @size bytes. */
int fk_make_dmabuf(uint64_t size);
void fk_close_dmabuf(int fd);

/* Observations */
struct fk_counts {
	unsigned int open_fds;	/* device files open */
	unsigned int bos;	/* live GEM handles */
	unsigned int maps;	/* live CPU mappings */
	unsigned int gem_creates;
	unsigned int mmaps;
	unsigned int invokes;
	unsigned int private_ioctls_on_foreign; /* must stay 0 */
	unsigned int max_parallel;	/* most invokes in flight at once */
};
void fk_counts(struct fk_counts *c);
unsigned int fk_ioctl_count(unsigned long req);

/* The last invoke as the kernel saw it (arguments before the call). */
struct fk_invoke {
	uint32_t remote_handle, sc, num_args, flags;
	int64_t timeout_ns;
	struct drm_qda_invoke_arg args[64];
	uint8_t data[64][256];	/* first bytes of each input slice */
};
void fk_last_invoke(struct fk_invoke *out);
/* Data of BO @handle of the last invoke's file at @offset (NULL if none). */
void *fk_bo_data(uint32_t handle, uint64_t offset);
uint64_t fk_bo_size(uint32_t handle);
/* The proc_create request of the last PROC_CREATE. */
struct fk_proc {
	char name[80];
	uint32_t flags, shell_handle;
	uint64_t shell_offset, shell_size;
};
void fk_last_proc(struct fk_proc *out);

/* Wrapped call entry points (mock_sys.c) */
int fk_open(const char *path, int flags);
int fk_close(int fd);
int fk_ioctl(int fd, unsigned long req, void *arg);
void *fk_mmap(void *addr, size_t len, int prot, int flags, int fd, long off);
int fk_munmap(void *addr, size_t len);
void *fk_opendir(const char *path);
void *fk_readdir(void *dir);
int fk_closedir(void *dir);

#endif
