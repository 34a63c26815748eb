/* SPDX-License-Identifier: MIT */
/*
 * mock_sys.c: the ld --wrap'ed system calls of libqda's qda_sys.c, forwarded
 * to the fake kernel. They are thin: all policy (what is expected, what
 * fails the test) lives in fake_kernel.c.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/types.h>

#include "fake_kernel.h"

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

int __wrap_open(const char *path, int flags, ...) { return fk_open(path, flags); }
int __wrap_open64(const char *path, int flags, ...) { return fk_open(path, flags); }
int __wrap_openat(int dirfd, const char *path, int flags, ...) { return fk_open(path, flags); }
int __wrap_openat64(int dirfd, const char *path, int flags, ...) { return fk_open(path, flags); }
int __wrap___open_2(const char *path, int flags) { return fk_open(path, flags); }
int __wrap___open64_2(const char *path, int flags) { return fk_open(path, flags); }
int __wrap_close(int fd) { return fk_close(fd); }

int __wrap_ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	return fk_ioctl(fd, request, arg);
}

void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd,
		  off_t off)
{
	return fk_mmap(addr, len, prot, flags, fd, (long)off);
}

void *__wrap_mmap64(void *addr, size_t len, int prot, int flags, int fd,
		    off_t off)
{
	return fk_mmap(addr, len, prot, flags, fd, (long)off);
}

int __wrap_munmap(void *addr, size_t len) { return fk_munmap(addr, len); }
DIR *__wrap_opendir(const char *path) { return fk_opendir(path); }
struct dirent *__wrap_readdir(DIR *d) { return fk_readdir(d); }
struct dirent *__wrap_readdir64(DIR *d) { return fk_readdir(d); }
int __wrap_closedir(DIR *d) { return fk_closedir(d); }
