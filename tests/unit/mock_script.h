/* SPDX-License-Identifier: MIT */
/*
 * Strict "script" mode of the wrapped system calls (mock_sys.c).
 *
 * After sx_begin() every wrapped call (open, close, ioctl, mmap, munmap,
 * opendir, readdir, closedir) must be the next call queued with the
 * sx_expect_*() helpers below, in order. Anything else fails the running
 * test at once with fail_msg() naming the call. The helpers queue cmocka
 * expectations (expect_value()/expect_memory()/expect_string() on the
 * request code and key argument fields, checked with check_expected()) and
 * results (will_return(): the errno, then what the "kernel" writes back).
 *
 * sx_end() (call it from teardown) checks that every queued call was made
 * and that nothing leaked: every fd returned by open() was closed, every
 * mapping unmapped, every directory closed. It then returns to the default
 * fake-kernel mode (fake_kernel.c).
 *
 * Errors are positive errno values; 0 means success. Not thread-safe
 * (cmocka's expectation queues are not): use it from one thread only.
 */
#ifndef MOCK_SCRIPT_H
#define MOCK_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <drm.h>
#include "drm/qda_accel.h"

#define SX_MAX_ARGS 16
#define SX_MAX_DATA 256

void sx_begin(void);
void sx_end(void);
bool sx_active(void);

/* open(@path, @flags) returns @ret: an fd (>= 0) or -errno. */
void sx_expect_open(const char *path, int flags, int ret);
void sx_expect_close(int fd);
/* opendir(@dir) (fails with @err if non-zero), then readdir() returning
 * ".", "..", each of @names (NULL-terminated, may be NULL) and NULL, then
 * closedir(). */
void sx_expect_scan(const char *dir, int err, const char *const *names);
/* mmap(NULL, @len, PROT_READ|PROT_WRITE, MAP_SHARED, @fd, @offset). */
void sx_expect_mmap(int fd, size_t len, uint64_t offset, int err);
/* munmap() of the mapping made at (@fd, @offset), of @len bytes. */
void sx_expect_munmap(int fd, uint64_t offset, size_t len);

/* DRM_IOCTL_VERSION answering driver name @name. */
void sx_expect_version(int fd, const char *name, int err);
/* DRM_IOCTL_QDA_QUERY of @param/@index answering @value. */
void sx_expect_query(int fd, uint32_t param, uint32_t index, uint64_t value,
		     int err);
/* DRM_IOCTL_QDA_QUERY of DOMAIN_NAME with a @size-byte buffer. */
void sx_expect_query_name(int fd, uint32_t size, const char *name, int err);
void sx_expect_gem_create(int fd, uint64_t size, uint32_t handle, int err);
void sx_expect_gem_info(int fd, uint32_t handle, uint64_t size,
			uint64_t mmap_offset, uint32_t info_flags, int err);
void sx_expect_gem_close(int fd, uint32_t handle, int err);
void sx_expect_proc_create(int fd, const char *name, uint32_t flags,
			   uint32_t shell_handle, uint64_t shell_offset,
			   uint64_t shell_size, int err);
void sx_expect_proc_attach(int fd, uint32_t pd, int err);
/* PRIME_HANDLE_TO_FD of @handle with @flags; the new fd is @dmabuf. */
void sx_expect_prime_to_fd(int fd, uint32_t handle, uint32_t flags,
			   int dmabuf, int err);
/* PRIME_FD_TO_HANDLE of @dmabuf giving @handle. */
void sx_expect_prime_to_handle(int fd, int dmabuf, uint32_t handle, int err);
void sx_expect_map(int fd, uint32_t handle, uint64_t offset, uint64_t length,
		   uint32_t flags, uint64_t dsp_addr, int err);
void sx_expect_unmap(int fd, uint64_t dsp_addr, int err);

/* DRM_IOCTL_QDA_INVOKE. */
struct sx_invoke {
	int fd;
	uint32_t remote_handle, sc, num_args;
	int64_t timeout_ns;
	/* the exact argument array the library must pass */
	struct drm_qda_invoke_arg args[SX_MAX_ARGS];
	/* expected bytes of input slices (args[i].length of them; NULL:
	 * unchecked), read from the CPU mapping of the slice's BO */
	const void *in_data[SX_MAX_ARGS];
	/* what the "DSP" does: for each i with set_len[i], write out_len[i]
	 * bytes of out_data[i] (if non-NULL) into the slice and set
	 * args[i].length to out_len[i] */
	bool set_len[SX_MAX_ARGS];
	uint64_t out_len[SX_MAX_ARGS];
	const void *out_data[SX_MAX_ARGS];
	uint32_t dsp_status;
	int err;
};
void sx_expect_invoke(const struct sx_invoke *e);

/* Number of fds opened (and not closed) in script mode. */
unsigned int sx_open_fds(void);
/* Number of live mappings in script mode. */
unsigned int sx_maps(void);

/* Entry points of mock_sys.c in script mode. */
int sx_open(const char *path, int flags);
int sx_close(int fd);
int sx_ioctl(int fd, unsigned long request, void *arg);
void *sx_mmap(void *addr, size_t len, int prot, int flags, int fd, long off);
int sx_munmap(void *addr, size_t len);
void *sx_opendir(const char *path);
void *sx_readdir(void *dir);
int sx_closedir(void *dir);

#endif
