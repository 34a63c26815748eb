// SPDX-License-Identifier: MIT
/*
 * qda-faults: one subtest per hostile knob of the virtual DSP (docs/vdsp.md
 * "Hostile knobs"), asserting the driver's documented reaction
 * (include/uapi/drm/qda_accel.h) and that every live counter of the core
 * (qda_stats) and of the vDSP is back to its baseline once everything is
 * closed.  Runs inside the test VM: tests/faults/run.sh.
 *
 *   qda-faults [-v] [SUBTEST...]
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qt.h"

static struct qt_dev dev;

#define MS(x) ((int64_t)(x) * 1000000ll)

/* Fail the subtest and jump to its cleanup */
#define EXPECT(cond, ...)                                  \
	do {                                               \
		if (!(cond)) {                             \
			qt_fail(name, __VA_ARGS__);        \
			goto out;                          \
		}                                          \
	} while (0)

static int64_t deadline_in(unsigned int ms)
{
	return (int64_t)qt_now_ns() + MS(ms);
}

/* Wait until core counter @c reaches @want (or more), up to @ms */
static int64_t wait_core(const char *c, int64_t want, unsigned int ms)
{
	uint64_t end = qt_now_ns() + (uint64_t)ms * 1000000ull;
	int64_t v;

	for (;;) {
		v = qt_core(&dev, c);
		if (v >= want || qt_now_ns() >= end)
			return v;
		qt_sleep_ms(10);
	}
}

/* Close-out shared by every subtest */
static void finish(const char *name, bool passed, const struct qt_base *b)
{
	char why[1024];

	qt_inject(&dev, "clear");
	if (!passed) {
		/* drain what the failed subtest left, for the next baseline */
		if (qt_base_check(&dev, b, 5000, why, sizeof(why)))
			qt_note("%s: also %s", name, why);
		return;
	}
	if (qt_base_check(&dev, b, 5000, why, sizeof(why))) {
		qt_fail(name, "%s", why);
		return;
	}
	qt_ok(name);
}

static const char *en(int ret)
{
	return qt_errname(ret);
}

/*
 * A subtest on one session with the qda_test module open, named @proc on
 * the DSP: run_on_session() takes the baseline, opens the session, runs
 * @body (true: passed; it jumps to its "out" label on failure), closes the
 * session and checks the baseline.
 */
struct fctx {
	const char *name;
	const char *knob;	/* the knob a shared body injects */
	struct qt_sess s;
	struct qt_base b;
};

static void run_on_session(const char *name, const char *proc,
			   const char *knob, bool (*body)(struct fctx *f))
{
	struct fctx f = { .name = name, .knob = knob, .s = { .fd = -1 } };
	bool passed = false;
	int ret;

	qt_base_take(&dev, &f.b);
	ret = qt_sess_open(&dev, &f.s, proc, true);
	if (ret)
		qt_fail(name, "session: %s", en(ret));
	else
		passed = body(&f);
	qt_sess_close(&f.s);
	finish(name, passed, &f.b);
}

/*
 * Inject @knob, make an echo call (@len, @seed) that must still succeed
 * (@what names it in a failure) and wait up to @ms until core counter
 * @counter has gone up by exactly one.  Reports its own failure.
 */
static bool call_counted(struct fctx *f, const char *knob, uint32_t len,
			 uint32_t seed, const char *what, const char *counter,
			 unsigned int ms)
{
	const char *name = f->name;
	int64_t c0 = qt_core(&dev, counter), c;
	int ret;

	qt_inject(&dev, knob);
	ret = qt_echo_check(&f->s, len, seed);
	EXPECT(!ret, "%s: %s", what, en(ret));
	c = wait_core(counter, c0 + 1, ms);
	EXPECT(c == c0 + 1, "%s %" PRId64 ", expected %" PRId64, counter, c, c0 + 1);
	return true;
out:
	return false;
}

/* ---- crash mid-call ------------------------------------------------------ */

struct sleeper {
	struct qt_sess *s;
	uint32_t us;
	int ret;
	uint32_t status;
	uint64_t end_ns;
};

static void *sleeper_fn(void *p)
{
	struct sleeper *sl = p;

	sl->ret = qt_sleep_call(sl->s, sl->us, 0, &sl->status);
	sl->end_ns = qt_now_ns();
	return NULL;
}

static void t_crash(void)
{
	const char *name = "crash_mid_call";
	struct qt_sess s1 = { .fd = -1 }, s2 = { .fd = -1 }, s3 = { .fd = -1 };
	struct sleeper sl = { .us = 5000000 };
	struct qt_base b;
	pthread_t th;
	bool started = false, passed = false;
	int64_t rd0, sleeps0;
	uint64_t t0;
	uint32_t st, state;
	int ret;

	qt_base_take(&dev, &b);
	ret = qt_sess_open(&dev, &s1, "qt-crash", true);
	EXPECT(!ret, "session: %s", en(ret));
	rd0 = qt_core(&dev, "remote_down");
	sleeps0 = qt_vdsp(&dev, "calls.qda_test.sleep");
	sl.s = &s1;
	pthread_create(&th, NULL, sleeper_fn, &sl);
	started = true;
	/* wait until the DSP is executing the sleep */
	for (int i = 0; i < 300 && qt_vdsp(&dev, "calls.qda_test.sleep") == sleeps0; i++)
		qt_sleep_ms(10);
	qt_sleep_ms(50);
	t0 = qt_now_ns();
	ret = qt_inject(&dev, "crash 1500");
	EXPECT(!ret, "inject crash: %s", en(ret));
	pthread_join(th, NULL);
	started = false;
	EXPECT(sl.ret == -EPIPE, "pending call returned %s, expected -EPIPE",
	       en(sl.ret));
	EXPECT(sl.end_ns - t0 < 1000000000ull,
	       "pending call took %" PRIu64 " ms to fail after the crash",
	       (sl.end_ns - t0) / 1000000);
	EXPECT(qt_core(&dev, "remote_down") == rd0 + 1,
	       "remote_down %" PRId64 ", expected %" PRId64,
	       qt_core(&dev, "remote_down"), rd0 + 1);
	/* while it is down */
	EXPECT(qt_core(&dev, "remote_epoch") == 0,
	       "remote_epoch %" PRId64 " while down (DSP came back too soon?)",
	       qt_core(&dev, "remote_epoch"));
	ret = qt_noop(&s1, 0, &st);
	EXPECT(ret == -EPIPE, "call while down: %s, expected -EPIPE", en(ret));
	ret = qt_sess_open(&dev, &s3, "qt-crash-down", false);
	EXPECT(ret == -EPIPE, "PROC_CREATE while down: %s, expected -EPIPE",
	       en(ret));
	/* after the restart */
	ret = qt_wait_up(&dev, 10000);
	EXPECT(!ret, "the DSP did not come back up");
	ret = qt_noop(&s1, 0, &st);
	EXPECT(ret == -ENOTCONN, "old session after restart: %s, expected -ENOTCONN",
	       en(ret));
	ret = qt_proc_state(s1.fd, &state);
	EXPECT(!ret && state == DRM_QDA_PROC_STATE_LOST,
	       "old session PROC_STATE %u (%s), expected LOST", state, en(ret));
	ret = qt_sess_open(&dev, &s2, "qt-crash-new", true);
	EXPECT(!ret, "new session after restart: %s", en(ret));
	ret = qt_echo_check(&s2, 4096, 1);
	EXPECT(!ret, "echo on the new session: %s", en(ret));
	passed = true;
out:
	if (started) {
		qt_inject(&dev, "crash 10");
		pthread_join(th, NULL);
	}
	qt_sess_close(&s1);
	qt_sess_close(&s2);
	qt_sess_close(&s3);
	qt_wait_up(&dev, 10000);
	finish(name, passed, &b);
}

/* ---- kill one remote process ---------------------------------------------- */

static void t_kill(void)
{
	const char *name = "kill_process";
	struct qt_sess s1 = { .fd = -1 }, s2 = { .fd = -1 };
	struct qt_base b;
	bool passed = false;
	char cmd[64];
	uint32_t st = 0;
	int cid, ret;
	int64_t p0;

	qt_base_take(&dev, &b);
	ret = qt_sess_open(&dev, &s1, "qt-kill-a", true);
	EXPECT(!ret, "session a: %s", en(ret));
	ret = qt_sess_open(&dev, &s2, "qt-kill-b", true);
	EXPECT(!ret, "session b: %s", en(ret));
	cid = qt_vdsp_client_id(&dev, "qt-kill-a");
	EXPECT(cid > 0, "process qt-kill-a not listed in %s/processes",
	       dev.vdsp_dir);
	snprintf(cmd, sizeof(cmd), "kill %d", cid);
	ret = qt_inject(&dev, cmd);
	EXPECT(!ret, "inject %s: %s", cmd, en(ret));
	ret = qt_noop(&s1, 0, &st);
	EXPECT(!ret && st == QT_AEE_ENOSUCHPROCESS,
	       "call of the killed process: %s status %#x, expected 0 with AEE_ENOSUCHPROCESS",
	       en(ret), st);
	ret = qt_echo_check(&s2, 1000, 2);
	EXPECT(!ret, "the other process: echo %s", en(ret));
	p0 = qt_vdsp(&dev, "processes");
	qt_sess_close(&s1);
	EXPECT(qt_vdsp(&dev, "processes") == p0 - 1,
	       "vdsp processes %" PRId64 " after closing the killed session, expected %" PRId64,
	       qt_vdsp(&dev, "processes"), p0 - 1);
	ret = qt_echo_check(&s2, 1000, 3);
	EXPECT(!ret, "the other process after the close: echo %s", en(ret));
	passed = true;
out:
	qt_sess_close(&s1);
	qt_sess_close(&s2);
	finish(name, passed, &b);
}

/* ---- drop / delay: deadlines ---------------------------------------------- */

static bool t_drop(struct fctx *f)
{
	const char *name = f->name;
	uint8_t buf[64] = { 1, 2, 3 };
	uint32_t st;
	int64_t to0, c;
	uint64_t t0;
	int ret;

	to0 = qt_core(&dev, "timeouts");
	qt_inject(&dev, "drop");
	t0 = qt_now_ns();
	ret = qt_echo(&f->s, buf, sizeof(buf), NULL, NULL, deadline_in(300), &st);
	EXPECT(ret == -ETIMEDOUT, "call with a dropped answer: %s, expected -ETIMEDOUT",
	       en(ret));
	EXPECT(qt_now_ns() - t0 < 3000000000ull, "deadline of 300 ms took %" PRIu64 " ms",
	       (qt_now_ns() - t0) / 1000000);
	EXPECT(qt_core(&dev, "timeouts") == to0 + 1, "timeouts %" PRId64 ", expected %" PRId64,
	       qt_core(&dev, "timeouts"), to0 + 1);
	c = qt_core(&dev, "contexts");
	EXPECT(c == f->b.v[3] + 1,
	       "contexts %" PRId64 " after the timeout, expected %" PRId64 " (the abandoned call stays registered)",
	       c, f->b.v[3] + 1);
	ret = qt_echo_check(&f->s, 512, 4);
	EXPECT(!ret, "next call: %s", en(ret));
	/* closing the session reclaims the abandoned context (checked below) */
	return true;
out:
	return false;
}

static bool t_delay(struct fctx *f)
{
	const char *name = f->name;
	uint8_t buf[64] = { 1 };
	uint32_t st;
	int64_t to0, d0, c;
	int ret;

	to0 = qt_core(&dev, "timeouts");
	d0 = qt_core(&dev, "dropped");
	qt_inject(&dev, "delay 800");
	ret = qt_echo(&f->s, buf, sizeof(buf), NULL, NULL, deadline_in(150), &st);
	EXPECT(ret == -ETIMEDOUT, "late answer: %s, expected -ETIMEDOUT", en(ret));
	EXPECT(qt_core(&dev, "timeouts") == to0 + 1, "timeouts %" PRId64 ", expected %" PRId64,
	       qt_core(&dev, "timeouts"), to0 + 1);
	/* the late answer completes the abandoned context: reclaimed while open */
	for (int i = 0; i < 300 && qt_core(&dev, "contexts") != f->b.v[3]; i++)
		qt_sleep_ms(10);
	c = qt_core(&dev, "contexts");
	EXPECT(c == f->b.v[3], "contexts %" PRId64 " 3 s after the late answer, expected %" PRId64,
	       c, f->b.v[3]);
	EXPECT(qt_core(&dev, "dropped") == d0,
	       "the late answer of an abandoned call was counted as dropped");
	ret = qt_echo_check(&f->s, 512, 5);
	EXPECT(!ret, "next call: %s", en(ret));
	return true;
out:
	return false;
}

/* ---- dup / stale / unknown ------------------------------------------------ */

static bool t_dup(struct fctx *f)
{
	const char *name = f->name;
	int ret;

	if (!call_counted(f, "dup", 3000, 6, "call with a duplicated answer",
			  "dropped", 2000))
		return false;
	ret = qt_echo_check(&f->s, 100, 7);
	EXPECT(!ret, "next call: %s", en(ret));
	return true;
out:
	return false;
}

static bool t_badctx(struct fctx *f)
{
	const char *name = f->name, *knob = f->knob;
	uint8_t buf[16] = { 9 };
	int64_t d0, to0, d;
	uint32_t st;
	int ret;

	ret = qt_echo_check(&f->s, 64, 8); /* a previous call for stale_ctx */
	EXPECT(!ret, "first call: %s", en(ret));
	d0 = qt_core(&dev, "dropped");
	to0 = qt_core(&dev, "timeouts");
	qt_inject(&dev, knob);
	ret = qt_echo(&f->s, buf, sizeof(buf), NULL, NULL, deadline_in(300), &st);
	EXPECT(ret == -ETIMEDOUT, "call answered with a %s: %s, expected -ETIMEDOUT",
	       knob, en(ret));
	d = wait_core("dropped", d0 + 1, 2000);
	EXPECT(d == d0 + 1, "dropped %" PRId64 ", expected %" PRId64, d, d0 + 1);
	EXPECT(qt_core(&dev, "timeouts") == to0 + 1, "timeouts %" PRId64 ", expected %" PRId64,
	       qt_core(&dev, "timeouts"), to0 + 1);
	ret = qt_echo_check(&f->s, 64, 9);
	EXPECT(!ret, "next call: %s", en(ret));
	return true;
out:
	return false;
}

/* ---- malformed answers ---------------------------------------------------- */

static bool t_short(struct fctx *f)
{
	const char *name = f->name;
	int64_t d0 = qt_core(&dev, "dropped");

	if (!call_counted(f, "short", 200, 10, "call preceded by a short message",
			  "bad_rsp", 1000))
		return false;
	EXPECT(qt_core(&dev, "dropped") == d0, "dropped changed");
	return true;
out:
	return false;
}

static bool t_oversize(struct fctx *f)
{
	const char *name = f->name;
	int64_t r0, d0;
	int ret;

	r0 = qt_core(&dev, "bad_rsp");
	d0 = qt_core(&dev, "dropped");
	qt_inject(&dev, "oversize");
	ret = qt_echo_check(&f->s, 200, 11);
	EXPECT(!ret, "call with a 64-byte answer: %s", en(ret));
	EXPECT(qt_core(&dev, "bad_rsp") == r0 && qt_core(&dev, "dropped") == d0,
	       "an oversize answer was counted as bad (bad_rsp %" PRId64 "->%" PRId64
	       ", dropped %" PRId64 "->%" PRId64 ")",
	       r0, qt_core(&dev, "bad_rsp"), d0, qt_core(&dev, "dropped"));
	return true;
out:
	return false;
}

static bool t_outlen(struct fctx *f)
{
	const char *name = f->name;
	uint8_t buf[100] = { 5 };
	uint64_t got = 0;
	int64_t o0;
	uint32_t st;
	int ret;

	o0 = qt_core(&dev, "bad_outlen");
	qt_inject(&dev, "outlen");
	ret = qt_echo(&f->s, buf, sizeof(buf), NULL, NULL, 0, &st);
	EXPECT(ret == -EPROTO, "answer claiming len + 4096: %s, expected -EPROTO",
	       en(ret));
	EXPECT(qt_core(&dev, "bad_outlen") == o0 + 1, "bad_outlen %" PRId64 ", expected %" PRId64,
	       qt_core(&dev, "bad_outlen"), o0 + 1);
	/* the same through the test module's set_outlen method */
	ret = qt_u32_call(&f->s, QT_M_SET_OUTLEN, 65, 64, 0, &st, &got);
	EXPECT(ret == -EPROTO, "set_outlen 65 on a 64-byte output: %s (len %" PRIu64
	       "), expected -EPROTO", en(ret), got);
	EXPECT(qt_core(&dev, "bad_outlen") == o0 + 2, "bad_outlen %" PRId64 ", expected %" PRId64,
	       qt_core(&dev, "bad_outlen"), o0 + 2);
	ret = qt_u32_call(&f->s, QT_M_SET_OUTLEN, 64, 64, 0, &st, &got);
	EXPECT(!ret && !st && got == 64, "set_outlen 64 on a 64-byte output: %s status %#x len %" PRIu64,
	       en(ret), st, got);
	ret = qt_echo_check(&f->s, 100, 12);
	EXPECT(!ret, "next call: %s", en(ret));
	return true;
out:
	return false;
}

static bool t_flood(struct fctx *f)
{
	const char *name = f->name;
	int64_t d0, d;
	int ret;

	d0 = qt_core(&dev, "dropped");
	ret = qt_inject(&dev, "flood 500");
	EXPECT(!ret, "inject flood: %s", en(ret));
	d = wait_core("dropped", d0 + 500, 5000);
	EXPECT(d == d0 + 500, "dropped %" PRId64 ", expected %" PRId64, d, d0 + 500);
	ret = qt_echo_check(&f->s, 4096, 13);
	EXPECT(!ret, "call after the flood: %s", en(ret));
	return true;
out:
	return false;
}

/* ---- wrong addresses --------------------------------------------------------
 *
 * The kernel builds every address the DSP sees (BO handles + offsets in the
 * UAPI), so user space cannot name a wrong address directly.  What can go
 * wrong is the core handing the DSP an address of the wrong context bank,
 * e.g. for a BO exported by one session and imported into another one of
 * the same device (GEM resolves that to the same object).  The subtest
 * pushes that case through invoke and MAP+peek/poke and requires correct
 * data and no translation fault; it also checks the error answers of the
 * DSP for addresses it does not know (peek of an unmapped DSP address).
 */
static void t_address(void)
{
	const char *name = "wrong_address";
	struct qt_sess a = { .fd = -1 }, s = { .fd = -1 };
	struct qt_base b;
	bool passed = false;
	struct drm_prime_handle ph = { 0 };
	struct drm_qda_invoke_arg args[2];
	uint32_t ha = 0, hb = 0, st = 0, crc;
	uint8_t *pa = NULL, tmp[256];
	uint64_t va = 0;
	int64_t f0, e0;
	int ret, i;

	qt_base_take(&dev, &b);
	f0 = qt_vdsp(&dev, "faults");
	ret = qt_sess_open(&dev, &a, "qt-addr-a", true);
	EXPECT(!ret, "session a: %s", en(ret));
	ret = qt_sess_open(&dev, &s, "qt-addr-b", true);
	EXPECT(!ret, "session b: %s", en(ret));

	/* unmapped DSP addresses: answered with an error, not a crash */
	ret = qt_peek(&s, 0x10000000ull, tmp, 64, &st);
	EXPECT(!ret && st == QT_AEE_ENOSUCHMAP, "peek of an unmapped DSP address: %s status %#x",
	       en(ret), st);
	ret = qt_peek(&s, 0xffffffffffff0000ull, tmp, 64, &st);
	EXPECT(!ret && st != 0, "peek of a wild DSP address: %s status %#x", en(ret), st);

	/* a BO of session a, exported and imported into session b */
	ret = qt_gem_create(a.fd, 65536, &ha);
	EXPECT(!ret, "gem create: %s", en(ret));
	ret = qt_gem_mmap(a.fd, ha, 65536, (void **)&pa);
	EXPECT(!ret, "mmap: %s", en(ret));
	for (i = 0; i < 65536; i++)
		pa[i] = (uint8_t)(i * 13 + 1);
	ph.handle = ha;
	ph.flags = DRM_CLOEXEC | DRM_RDWR;
	ret = qt_ioctl(a.fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &ph);
	EXPECT(!ret, "export: %s", en(ret));
	ph.handle = 0;
	ret = qt_ioctl(s.fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &ph);
	close(ph.fd);
	EXPECT(!ret, "import into session b: %s", en(ret));
	hb = ph.handle;
	e0 = qt_vdsp(&dev, "errors");
	args[0] = (struct drm_qda_invoke_arg){ .handle = hb, .offset = 4096, .length = 60000 };
	args[1] = (struct drm_qda_invoke_arg){ .handle = s.scratch, .offset = QT_SCRATCH_OUT,
					       .length = 4 };
	ret = qt_invoke(s.fd, s.test_h, QT_SC(QT_M_CHECKSUM, 1, 1), args, 2, 0, &st);
	EXPECT(!ret, "checksum of the imported BO: %s", en(ret));
	memcpy(&crc, s.sp + QT_SCRATCH_OUT, 4);
	EXPECT(!st && crc == qt_crc32(pa + 4096, 60000),
	       "checksum of the imported BO: status %#x crc %#x expected %#x (faults %" PRId64 "->%" PRId64 ")",
	       st, crc, qt_crc32(pa + 4096, 60000), f0, qt_vdsp(&dev, "faults"));
	ret = qt_map(s.fd, hb, 0, 65536, 0, &va);
	EXPECT(!ret, "MAP of the imported BO: %s", en(ret));
	ret = qt_peek(&s, va + 100, tmp, 200, &st);
	EXPECT(!ret && !st && !memcmp(tmp, pa + 100, 200),
	       "peek through the imported BO's DSP mapping: %s status %#x", en(ret), st);
	/* the end of the mapping: one byte past is not mapped */
	ret = qt_peek(&s, va + 65536 - 8, tmp, 16, &st);
	EXPECT(!ret && st != 0, "peek across the end of a DSP mapping: %s status %#x",
	       en(ret), st);
	ret = qt_unmap(s.fd, va);
	EXPECT(!ret, "UNMAP: %s", en(ret));
	EXPECT(qt_vdsp(&dev, "faults") == f0,
	       "translation faults %" PRId64 " -> %" PRId64 ": the core handed the DSP an address of the wrong context bank",
	       f0, qt_vdsp(&dev, "faults"));
	(void)e0;
	passed = true;
out:
	if (pa)
		munmap(pa, 65536);
	qt_sess_close(&a);
	qt_sess_close(&s);
	finish(name, passed, &b);
}

/* ---- knobs on kernel messages --------------------------------------------- */

/* A kernel message (the close's RELEASE) whose answer is dropped: the close
 * must not hang longer than the release timeout and must leak nothing. */
static bool t_kernel_drop(struct fctx *f)
{
	const char *name = f->name;
	uint64_t t0, dt;
	int ret;

	qt_inject(&dev, "drop scope=kernel");
	t0 = qt_now_ns();
	qt_sess_close(&f->s);
	dt = (qt_now_ns() - t0) / 1000000;
	qt_note("close with a dropped RELEASE answer took %" PRIu64 " ms", dt);
	EXPECT(dt < 30000, "close took %" PRIu64 " ms", dt);
	/* the unanswered RELEASE stays registered (and pins the session) until
	 * the DSP is known to have dropped it: a restart */
	EXPECT(qt_core(&dev, "contexts") == f->b.v[3] + 1,
	       "contexts %" PRId64 " after the unanswered RELEASE, expected %" PRId64,
	       qt_core(&dev, "contexts"), f->b.v[3] + 1);
	qt_inject(&dev, "clear");
	ret = qt_inject(&dev, "crash 100");
	EXPECT(!ret, "inject crash: %s", en(ret));
	ret = qt_wait_up(&dev, 10000);
	EXPECT(!ret, "the DSP did not come back up");
	return true;
out:
	return false;
}

/* A subtest: @fn runs it whole, or @body runs on one session named @proc */
static const struct {
	const char *name;
	void (*fn)(void);
	bool (*body)(struct fctx *f);
	const char *proc;
	const char *knob;
} tests[] = {
	{ .name = "crash_mid_call", .fn = t_crash },
	{ .name = "kill_process", .fn = t_kill },
	{ .name = "drop", .body = t_drop, .proc = "qt-drop" },
	{ .name = "delay_past_deadline", .body = t_delay, .proc = "qt-delay" },
	{ .name = "dup", .body = t_dup, .proc = "qt-dup" },
	{ .name = "stale_ctx", .body = t_badctx, .proc = "qt-ctx", .knob = "stale_ctx" },
	{ .name = "unknown_ctx", .body = t_badctx, .proc = "qt-ctx", .knob = "unknown_ctx" },
	{ .name = "short", .body = t_short, .proc = "qt-short" },
	{ .name = "oversize", .body = t_oversize, .proc = "qt-over" },
	{ .name = "outlen", .body = t_outlen, .proc = "qt-outlen" },
	{ .name = "flood", .body = t_flood, .proc = "qt-flood" },
	{ .name = "wrong_address", .fn = t_address },
	{ .name = "drop_kernel_release", .body = t_kernel_drop, .proc = "qt-kdrop" },
};

int main(int argc, char **argv)
{
	int ret, i, j, n = (int)(sizeof(tests) / sizeof(tests[0]));

	setvbuf(stdout, NULL, _IOLBF, 0);
	ret = qt_dev_find(&dev);
	if (ret) {
		qt_fail("setup", "no QDA device with a vDSP found (%s)", en(ret));
		return qt_summary();
	}
	qt_note("faults: %s domain %s, %s", dev.path, dev.domain, dev.core_stats);
	qt_inject(&dev, "clear");
	qt_set_sync(&dev, 0);
	for (i = 0; i < n; i++) {
		bool run = argc < 2;

		for (j = 1; j < argc; j++)
			if (!strcmp(argv[j], tests[i].name))
				run = true;
		if (run && tests[i].fn)
			tests[i].fn();
		else if (run)
			run_on_session(tests[i].name, tests[i].proc,
				       tests[i].knob, tests[i].body);
	}
	return qt_summary();
}
