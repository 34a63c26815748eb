/* SPDX-License-Identifier: MIT */
/*
 * qt.h: helpers shared by the QDA fault, stress, fuzz and benchmark
 * programs (tests/faults, tests/stress, tests/fuzz, tests/bench).
 *
 * Everything here talks to the driver through raw ioctls (no libqda), reads
 * the core's debugfs counters (qda_stats) and the vDSP's debugfs files, and
 * reports subtests as "ok <name>" / "FAIL <name>: reason" lines.
 *
 * All int-returning functions return 0 or a negative errno value.
 */
#ifndef QDA_TESTS_QT_H
#define QDA_TESTS_QT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "qda_accel.h"

#include "qt_modules.h"

/* AEE codes the vDSP answers with (docs/vdsp.md) */
#define QT_AEE_EBADPARM		0x8000040eu
#define QT_AEE_EUNSUPPORTED	0x80000414u
#define QT_AEE_EBADHANDLE	0x8000042cu
#define QT_AEE_ENOSUCHMOD	0x8000043eu
#define QT_AEE_ENOSUCHPROCESS	0x80000441u
#define QT_AEE_EBADVA		0x80000483u
#define QT_AEE_ENOSUCHMAP	0x80000448u

/* qda_test module methods */
#define QT_M_NOOP	2
#define QT_M_ECHO	3
#define QT_M_FILL	4
#define QT_M_CHECKSUM	5
#define QT_M_SLEEP	6
#define QT_M_SET_OUTLEN	7
#define QT_M_ERROR	8
#define QT_M_HANDLES	9
#define QT_M_PEEK	10
#define QT_M_POKE	11
#define QT_M_KEEP	12
#define QT_M_KEPT_READ	13
#define QT_M_RELEASE_KEPT 14

#define QT_SC(m, in, out) DRM_QDA_SCALARS(0, (m), (in), (out), 0, 0)


/* The device under test */
struct qt_dev {
	char path[64];		/* /dev/accel/accelN */
	char domain[32];	/* "cdsp" */
	char core_stats[400];	/* .../accel/<minor>/qda_stats */
	char vdsp_dir[160];	/* /sys/kernel/debug/qda_vdsp/<domain> */
	unsigned int num_cbs;
};

/* A session with a DSP process and the qda_test module open */
struct qt_sess {
	int fd;
	uint32_t scratch;	/* BO used to marshal small arguments */
	uint8_t *sp;		/* its CPU mapping */
	uint64_t ssize;
	uint32_t test_h;	/* qda_test module handle (0: not opened) */
};

#define QT_SCRATCH_SIZE	(256u * 1024u)
#define QT_SCRATCH_OUT	(128u * 1024u)	/* outputs start here in scratch */

/* ---- reporting ---- */
extern int qt_passed, qt_failed;
extern bool qt_verbose;
void qt_ok(const char *name);
void qt_fail(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* ok when @got == @want, else FAIL with both errnos */
void qt_expect(const char *name, int got, int want);
/* Print the final "N passed, N failed" line; returns the exit status */
int qt_summary(void);
/* "0" or "-EXXX" for a 0-or-negative-errno result (a per-thread buffer) */
const char *qt_errname(int ret);
void qt_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- time ---- */
uint64_t qt_now_ns(void);	/* CLOCK_MONOTONIC */
void qt_sleep_ms(unsigned int ms);

/* ---- device ---- */
int qt_dev_find(struct qt_dev *d);
int qt_open(const struct qt_dev *d);
/* One ioctl, no EINTR retry: 0 or -errno */
int qt_ioctl(int fd, unsigned long req, void *arg);
int qt_query(int fd, uint32_t param, uint32_t index, uint64_t *value);
int qt_gem_create(int fd, uint64_t size, uint32_t *handle);
int qt_gem_close(int fd, uint32_t handle);
int qt_gem_mmap(int fd, uint32_t handle, uint64_t size, void **ptr);
int qt_proc_create(int fd, const char *name);
int qt_invoke(int fd, uint32_t rh, uint32_t sc, struct drm_qda_invoke_arg *args,
	      uint32_t nargs, int64_t deadline_ns, uint32_t *dsp_status);
int qt_map(int fd, uint32_t handle, uint64_t off, uint64_t len, uint32_t flags,
	   uint64_t *dsp_addr);
int qt_unmap(int fd, uint64_t dsp_addr);
int qt_proc_state(int fd, uint32_t *state);

/* ---- sessions ---- */
/* open + PROC_CREATE(@name) + scratch BO + (if @module) open qda_test */
int qt_sess_open(const struct qt_dev *d, struct qt_sess *s, const char *name,
		 bool module);
void qt_sess_close(struct qt_sess *s);
int qt_module_open(struct qt_sess *s, const char *uri, uint32_t *handle,
		   uint32_t *nerr);
int qt_module_close(struct qt_sess *s, uint32_t handle, uint32_t *nerr);
/*
 * qda_test calls through the scratch BO; @deadline_ns absolute or 0.
 * Return the ioctl result; *status the DSP's code when it answered.
 */
int qt_echo(struct qt_sess *s, const void *in, uint32_t len, void *out,
	    uint32_t *outlen, int64_t deadline_ns, uint32_t *status);
int qt_sleep_call(struct qt_sess *s, uint32_t us, int64_t deadline_ns,
		  uint32_t *status);
int qt_noop(struct qt_sess *s, int64_t deadline_ns, uint32_t *status);
int qt_u32_call(struct qt_sess *s, uint32_t method, uint32_t in,
		uint32_t outlen, int64_t deadline_ns, uint32_t *status,
		uint64_t *got_outlen);
int qt_peek(struct qt_sess *s, uint64_t dsp_addr, void *out, uint32_t len,
	    uint32_t *status);
int qt_poke(struct qt_sess *s, uint64_t dsp_addr, const void *in, uint32_t len,
	    uint32_t *status);
/* Echo @len bytes of a pattern and compare: 0, -errno, or -EBADMSG */
int qt_echo_check(struct qt_sess *s, uint32_t len, uint32_t seed);

uint32_t qt_crc32(const void *buf, size_t len);

/*
 * A libqda session on @d with an unsigned PD named @name and the qda_test
 * module open as *@h; on failure nothing is left open (*@out is NULL).
 * In qt_libqda.c: the caller links qda.
 */
struct qda_session;
int qt_lib_open(const struct qt_dev *d, const char *name,
		struct qda_session **out, uint32_t *h);

/* ---- debugfs ---- */
/* Value of counter @name in a "name value" file, or INT64_MIN */
int64_t qt_stat_file(const char *path, const char *name);
int64_t qt_core(const struct qt_dev *d, const char *name);
int64_t qt_vdsp(const struct qt_dev *d, const char *name);
int qt_inject(const struct qt_dev *d, const char *cmd);
/*
 * Close GEM handle @h on @fd; subtest @name passes when the core's "bos"
 * count stays the same (the buffer is still held elsewhere).
 */
void qt_close_keeps_bo(const struct qt_dev *d, int fd, uint32_t h,
		       const char *name);
/* The vDSP crashes and is back 50 ms later; 0 once it is up again */
int qt_restart(const struct qt_dev *d);
/* Write @s to / read a line of the file at @path: 0 or -errno */
int qt_write_file(const char *path, const char *s);
/*
 * Wait for child @pid (a failed fork's -1 allowed) that exits with 0 or an
 * errno, or with 100 + n when its setup step n failed: 0 or -errno, or
 * -(1000 + n); -2000 when it could not be waited for or did not exit.
 */
int qt_child_result(pid_t pid);
int qt_read_file(const char *path, char *buf, size_t size);
/* qda.ko's module parameter @name (/sys/module/qda/parameters): 0/-errno */
int qt_param_set(const char *name, const char *value);
int qt_param_get(const char *name, char *buf, size_t size);
int qt_set_sync(const struct qt_dev *d, int on);
/* Client id of the live DSP process named @name, or -1 */
int qt_vdsp_client_id(const struct qt_dev *d, const char *name);
/* Wait until the DSP is up (core remote_epoch != 0) up to @ms */
int qt_wait_up(const struct qt_dev *d, unsigned int ms);

/* Live counters that must return to their baseline */
#define QT_NUM_LIVE 13
struct qt_base {
	int64_t v[QT_NUM_LIVE];
};
void qt_base_take(const struct qt_dev *d, struct qt_base *b);
/*
 * Wait (up to @ms) until every live counter equals @b; on failure write
 * the differing counters into @why and return -1.
 */
int qt_base_check(const struct qt_dev *d, const struct qt_base *b,
		  unsigned int ms, char *why, size_t whylen);
/* Subtest @name: the counters are back at @b within 5 s */
void qt_counters_back(const struct qt_dev *d, const struct qt_base *b,
		      const char *name);

#endif
