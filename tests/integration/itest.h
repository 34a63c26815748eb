/* SPDX-License-Identifier: MIT */
/*
 * Tiny harness for the integration tests: each check prints
 * "ok <name>" or "FAIL <name>: reason"; itest_done() prints
 * "N passed, N failed" and gives the exit status.
 */
#ifndef ITEST_H
#define ITEST_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int itest_passed, itest_failed;

#define OK(name) (printf("ok %s\n", name), itest_passed++)
#define FAIL(name, ...)                                              \
	do {                                                         \
		printf("FAIL %s: ", name);                           \
		printf(__VA_ARGS__);                                 \
		printf("\n");                                        \
		itest_failed++;                                      \
	} while (0)

/* CHECK(name, cond, fmt, ...) */
#define CHECK(name, cond, ...)                                       \
	do {                                                         \
		if (cond)                                            \
			OK(name);                                    \
		else                                                 \
			FAIL(name, __VA_ARGS__);                     \
	} while (0)

/* A libqda call must return @want (0 or -errno). */
#define CHECK_RET(name, call, want)                                   \
	do {                                                          \
		int r_ = (call);                                      \
		if (r_ == (want))                                     \
			OK(name);                                     \
		else                                                  \
			FAIL(name, "returned %d (%s), want %d (%s)", r_, \
			     strerror(-r_), (want), strerror(-(want))); \
	} while (0)

static inline int itest_done(void)
{
	fflush(stdout);
	printf("%d passed, %d failed\n", itest_passed, itest_failed);
	return itest_failed ? 1 : 0;
}

#endif
