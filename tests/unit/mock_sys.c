/* SPDX-License-Identifier: MIT */
/*
 * mock_sys.c: the ld --wrap'ed system calls of libqda's qda_sys.c, forwarded
 * to the fake kernel (the default) or, between sx_begin() and sx_end(), to
 * the strict expectation script (mock_script.c). They are thin: all policy
 * (what is expected, what fails the test) lives in those two files.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/types.h>

#include "fake_kernel.h"
#include "mock_script.h"

int __wrap_open(const char *path, int flags, ...);
int __wrap_open64(const char *path, int flags, ...);
int __wrap_openat(int dirfd, const char *path, int flags, ...);
int __wrap_openat64(int dirfd, const char *path, int flags, ...);
int __wrap___open_2(const char *path, int flags);
int __wrap___open64_2(const char *path, int flags);
int __wrap_close(int fd);
int __wrap_ioctl(int fd, unsigned long request, ...);
void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd,
		  off_t off);
void *__wrap_mmap64(void *addr, size_t len, int prot, int flags, int fd,
		    off_t off);
int __wrap_munmap(void *addr, size_t len);
DIR *__wrap_opendir(const char *path);
struct dirent *__wrap_readdir(DIR *d);
struct dirent *__wrap_readdir64(DIR *d);
int __wrap_closedir(DIR *d);

static int any_open(const char *path, int flags)
{
	return sx_active() ? sx_open(path, flags) : fk_open(path, flags);
}

int __wrap_open(const char *path, int flags, ...) { return any_open(path, flags); }
int __wrap_open64(const char *path, int flags, ...) { return any_open(path, flags); }
int __wrap_openat(int dirfd, const char *path, int flags, ...) { return any_open(path, flags); }
int __wrap_openat64(int dirfd, const char *path, int flags, ...) { return any_open(path, flags); }
int __wrap___open_2(const char *path, int flags) { return any_open(path, flags); }
int __wrap___open64_2(const char *path, int flags) { return any_open(path, flags); }
int __wrap_close(int fd) { return sx_active() ? sx_close(fd) : fk_close(fd); }

int __wrap_ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	return sx_active() ? sx_ioctl(fd, request, arg) : fk_ioctl(fd, request, arg);
}

void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd,
		  off_t off)
{
	if (sx_active())
		return sx_mmap(addr, len, prot, flags, fd, (long)off);
	return fk_mmap(addr, len, prot, flags, fd, (long)off);
}

void *__wrap_mmap64(void *addr, size_t len, int prot, int flags, int fd,
		    off_t off)
{
	if (sx_active())
		return sx_mmap(addr, len, prot, flags, fd, (long)off);
	return fk_mmap(addr, len, prot, flags, fd, (long)off);
}

int __wrap_munmap(void *addr, size_t len)
{
	return sx_active() ? sx_munmap(addr, len) : fk_munmap(addr, len);
}

DIR *__wrap_opendir(const char *path)
{
	return sx_active() ? sx_opendir(path) : fk_opendir(path);
}

struct dirent *__wrap_readdir(DIR *d)
{
	return sx_active() ? sx_readdir(d) : fk_readdir(d);
}

struct dirent *__wrap_readdir64(DIR *d)
{
	return sx_active() ? sx_readdir(d) : fk_readdir(d);
}

int __wrap_closedir(DIR *d)
{
	return sx_active() ? sx_closedir(d) : fk_closedir(d);
}
