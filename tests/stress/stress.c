// SPDX-License-Identifier: MIT
/*
 * qda-stress: bounded stress runs against the QDA core and the vDSP, inside
 * the test VM (tests/stress/run.sh).
 *
 *   qda-stress [-d SECONDS] [-p PROCS] [-t THREADS] [-s SEED] [SUBTEST...]
 *
 * Subtests:
 *   mixed           PROCS processes x THREADS threads, for SECONDS: BO
 *                   alloc/mmap/free, echo and checksum invokes with content
 *                   checks (raw ioctls and libqda, BO and plain-memory
 *                   arguments), MAP/poke/peek/UNMAP, short-lived sessions
 *   interruptible   invokes under a 1 ms timer signal (SA_RESTART off);
 *                   every EINTR is retried and every result checked
 *   interruptible_long  the same with 2 ms DSP calls (longer than the
 *                   signal period): they must still complete
 *   fork            fork() with an open device: the child uses and closes
 *                   the inherited file, the parent carries on
 *   kill_mid_invoke a process killed while its call sleeps on the DSP
 * Each ends with every live counter of the core and the vDSP back to its
 * baseline.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <qda/qda.h>
#include "qt.h"

static struct qt_dev dev;
static unsigned int opt_secs = 30, opt_procs = 2, opt_threads = 4;
static uint64_t opt_seed;

static const char *en(int ret)
{
	return qt_errname(ret);
}

static uint64_t rnd(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

static void finish(const char *name, bool passed, const struct qt_base *b,
		   unsigned int ms)
{
	char why[1024];

	if (!passed) {
		/* let what the failed subtest left behind drain, so that the
		 * next subtest's baseline is clean; report a leak as well */
		if (qt_base_check(&dev, b, ms, why, sizeof(why)))
			qt_note("%s: also %s", name, why);
		return;
	}
	if (qt_base_check(&dev, b, ms, why, sizeof(why))) {
		qt_fail(name, "%s", why);
		return;
	}
	qt_ok(name);
}

/* ---- mixed ----------------------------------------------------------------- */

#define BUF_SIZE (1u << 20)

struct worker {
	struct qt_sess *raw;		/* shared by the process's threads */
	struct qda_session *lib;	/* likewise */
	uint32_t lib_h;
	uint32_t in_h, out_h;		/* this thread's BOs in @raw */
	uint8_t *in, *out;
	struct qda_bo *lin, *lout;	/* this thread's BOs in @lib */
	uint8_t *lin_p, *lout_p;
	uint64_t seed;
	uint64_t end_ns;
	unsigned long ops[8];
	char err[512];
};

#define WFAIL(w, ...)                                                      \
	do {                                                               \
		if (!(w)->err[0])                                          \
			snprintf((w)->err, sizeof((w)->err), __VA_ARGS__); \
		return -1;                                                 \
	} while (0)

static int op_bo_cycle(struct worker *w)
{
	uint64_t size = 4096 + rnd(&w->seed) % (2u << 20);
	uint32_t h;
	uint8_t *p;
	int ret = qt_gem_create(w->raw->fd, size, &h);

	if (ret)
		WFAIL(w, "GEM_CREATE %" PRIu64 ": %s", size, en(ret));
	ret = qt_gem_mmap(w->raw->fd, h, 0, (void **)&p);
	if (ret)
		WFAIL(w, "mmap: %s", en(ret));
	for (uint64_t i = 0; i < size; i += 4096)
		p[i] = (uint8_t)i;
	munmap(p, (size + 4095) & ~4095ull);
	ret = qt_gem_close(w->raw->fd, h);
	if (ret)
		WFAIL(w, "GEM_CLOSE: %s", en(ret));
	return 0;
}

static int op_raw_echo(struct worker *w)
{
	uint32_t len = 1 + (uint32_t)(rnd(&w->seed) % (BUF_SIZE - 4096));
	uint32_t off = (uint32_t)(rnd(&w->seed) % 4096), st = 0;
	uint8_t v = (uint8_t)rnd(&w->seed);
	struct drm_qda_invoke_arg a[2] = {
		{ .handle = w->in_h, .offset = off, .length = len },
		{ .handle = w->out_h, .offset = 0, .length = BUF_SIZE },
	};
	int ret;

	memset(w->in + off, v, len);
	w->in[off + len - 1] = (uint8_t)(v + 1);
	ret = qt_invoke(w->raw->fd, w->raw->test_h, QT_SC(QT_M_ECHO, 1, 1), a, 2,
			0, &st);
	if (ret || st)
		WFAIL(w, "echo %u bytes: %s status %#x", len, en(ret), st);
	if (a[1].length != len || memcmp(w->out, w->in + off, len))
		WFAIL(w, "echo %u bytes: wrong output (len %" PRIu64 ")", len,
		      (uint64_t)a[1].length);
	return 0;
}

static int op_raw_checksum(struct worker *w)
{
	uint32_t len = (uint32_t)(rnd(&w->seed) % BUF_SIZE), st = 0, crc;
	struct drm_qda_invoke_arg a[2] = {
		{ .handle = len ? w->in_h : 0, .offset = 0, .length = len },
		{ .handle = w->out_h, .offset = 64, .length = 4 },
	};
	int ret;

	for (uint32_t i = 0; i < len; i += 512)
		w->in[i] = (uint8_t)rnd(&w->seed);
	ret = qt_invoke(w->raw->fd, w->raw->test_h, QT_SC(QT_M_CHECKSUM, 1, 1),
			a, 2, 0, &st);
	if (ret || st)
		WFAIL(w, "checksum %u bytes: %s status %#x", len, en(ret), st);
	memcpy(&crc, w->out + 64, 4);
	if (crc != qt_crc32(w->in, len))
		WFAIL(w, "checksum %u bytes: %#x, expected %#x", len, crc,
		      qt_crc32(w->in, len));
	return 0;
}

static int op_lib_echo_mem(struct worker *w)
{
	uint32_t len = 1 + (uint32_t)(rnd(&w->seed) % 65536), st = 0;
	uint8_t *in, *out;
	struct qda_arg a[2];
	int ret, bad;

	if (!w->lib)
		return 0;
	in = malloc(len);
	out = malloc(len);
	if (!in || !out)
		abort();
	for (uint32_t i = 0; i < len; i++)
		in[i] = (uint8_t)(i ^ len);
	a[0] = QDA_ARG_IN_MEM(in, len);
	a[1] = QDA_ARG_OUT_MEM(out, len);
	ret = qda_invoke(w->lib, w->lib_h, QT_M_ECHO, a, 2, NULL, &st);
	bad = ret || a[1].length != len || memcmp(in, out, len);
	free(in);
	free(out);
	if (bad)
		WFAIL(w, "libqda echo (memory) %u bytes: %s status %#x len %" PRIu64,
		      len, en(ret), st, a[1].length);
	return 0;
}

static int op_lib_checksum_bo(struct worker *w)
{
	uint32_t len = 1 + (uint32_t)(rnd(&w->seed) % (BUF_SIZE - 1)), crc = 0;
	struct qda_arg a[2];
	int ret;

	if (!w->lib)
		return 0;
	for (uint32_t i = 0; i < len; i += 256)
		w->lin_p[i] = (uint8_t)rnd(&w->seed);
	a[0] = QDA_ARG_IN_BO(w->lin, 0, len);
	a[1] = QDA_ARG_OUT_MEM(&crc, 4);
	ret = qda_invoke(w->lib, w->lib_h, QT_M_CHECKSUM, a, 2, NULL, NULL);
	if (ret || crc != qt_crc32(w->lin_p, len))
		WFAIL(w, "libqda checksum (BO) %u bytes: %s crc %#x expected %#x",
		      len, en(ret), crc, qt_crc32(w->lin_p, len));
	return 0;
}

static int op_map(struct worker *w)
{
	uint64_t va = 0, off = (rnd(&w->seed) % 255) * 4096;
	uint8_t data[128], back[128];
	uint32_t st = 0, h;
	uint8_t *p;
	int ret;

	/* its own BO: the scratch-based peek/poke helpers are per thread-unsafe */
	ret = qt_gem_create(w->raw->fd, BUF_SIZE, &h);
	if (ret)
		WFAIL(w, "GEM_CREATE: %s", en(ret));
	ret = qt_gem_mmap(w->raw->fd, h, BUF_SIZE, (void **)&p);
	if (ret)
		WFAIL(w, "mmap: %s", en(ret));
	ret = qt_map(w->raw->fd, h, off, 4096, rnd(&w->seed) & 1 ? DRM_QDA_MAP_LEGACY : 0,
		     &va);
	if (ret)
		WFAIL(w, "MAP: %s", en(ret));
	for (unsigned int i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)rnd(&w->seed);
	{
		/* poke through this thread's in/out BOs */
		struct drm_qda_invoke_arg a[2] = {
			{ .handle = w->in_h, .offset = 0, .length = 8 },
			{ .handle = w->in_h, .offset = 4096, .length = sizeof(data) },
		};
		uint64_t addr = va + 100;

		memcpy(w->in, &addr, 8);
		memcpy(w->in + 4096, data, sizeof(data));
		ret = qt_invoke(w->raw->fd, w->raw->test_h, QT_SC(QT_M_POKE, 2, 0), a,
				2, 0, &st);
		if (ret || st)
			WFAIL(w, "poke: %s status %#x", en(ret), st);
		a[1] = (struct drm_qda_invoke_arg){ .handle = w->out_h, .length = sizeof(back) };
		ret = qt_invoke(w->raw->fd, w->raw->test_h, QT_SC(QT_M_PEEK, 1, 1), a,
				2, 0, &st);
		if (ret || st)
			WFAIL(w, "peek: %s status %#x", en(ret), st);
		memcpy(back, w->out, sizeof(back));
	}
	if (memcmp(back, data, sizeof(data)) || memcmp(p + off + 100, data, sizeof(data)))
		WFAIL(w, "poke/peek through a DSP mapping: data differs");
	munmap(p, BUF_SIZE);
	/* free the BO before the unmap half of the time: the map keeps it */
	if (rnd(&w->seed) & 1)
		qt_gem_close(w->raw->fd, h), h = 0;
	ret = qt_unmap(w->raw->fd, va);
	if (ret)
		WFAIL(w, "UNMAP: %s", en(ret));
	if (h)
		qt_gem_close(w->raw->fd, h);
	return 0;
}

static int op_session_cycle(struct worker *w)
{
	struct qt_sess s = { .fd = -1 };
	int ret = qt_sess_open(&dev, &s, "qt-stress-x", rnd(&w->seed) & 1);

	/* all context banks may be taken by the other processes */
	if (ret == -EBUSY || ret == -ENOSPC) {
		w->ops[7]++;
		return 0;
	}
	if (ret)
		WFAIL(w, "short-lived session: %s", en(ret));
	if (s.test_h && qt_echo_check(&s, 100, 1)) {
		qt_sess_close(&s);
		WFAIL(w, "short-lived session: echo failed");
	}
	qt_sess_close(&s);
	return 0;
}

static int (*const ops[])(struct worker *) = {
	op_bo_cycle, op_raw_echo, op_raw_checksum, op_lib_echo_mem,
	op_lib_checksum_bo, op_map, op_session_cycle,
};
static const unsigned int op_weight[] = { 2, 6, 4, 4, 3, 2, 1 };

static void *worker_fn(void *p)
{
	struct worker *w = p;
	unsigned int total = 0, i;

	for (i = 0; i < sizeof(op_weight) / sizeof(op_weight[0]); i++)
		total += op_weight[i];
	while (qt_now_ns() < w->end_ns && !w->err[0]) {
		unsigned int r = (unsigned int)(rnd(&w->seed) % total);

		for (i = 0; r >= op_weight[i]; i++)
			r -= op_weight[i];
		if (ops[i](w))
			break;
		w->ops[i]++;
	}
	return NULL;
}

/* One process of the mixed run; returns the exit status, reports on @fd */
static int mixed_proc(unsigned int idx, int fd, int ready_fd, int go_fd)
{
	struct worker *w = calloc(opt_threads, sizeof(*w));
	pthread_t *th = calloc(opt_threads, sizeof(*th));
	struct qt_sess raw = { .fd = -1 };
	struct qda_session *lib = NULL;
	unsigned long ops_total[8] = { 0 };
	uint32_t lib_h = 0;
	char msg[600] = "";
	unsigned int i, k;
	int ret = 0, rc = 0;

	/* the other processes' short-lived sessions may hold the free context
	 * banks for a moment */
	/* libqda first: its device handle is an open file too, which takes a
	 * context bank until it is closed */
	/* libqda sessions in even processes only: with 2 processes and 4
	 * context banks, one bank stays free for the short-lived sessions */
	for (i = 0; i < 500 && !(idx & 1); i++) {
		ret = qt_lib_open(&dev, "qt-stress-lib", &lib, &lib_h);
		if (ret != -EBUSY && ret != -ENOSPC)
			break;
		qt_sleep_ms(10);
	}
	for (i = 0; !ret && i < 500; i++) {
		ret = qt_sess_open(&dev, &raw, "qt-stress", true);
		if (ret != -EBUSY && ret != -ENOSPC)
			break;
		qt_sleep_ms(10);
	}
	if (ret) {
		dprintf(fd, "process %u: sessions: %s\n", idx, en(ret));
		if (write(ready_fd, "f", 1) != 1)
			return 1;
		return 1;
	}
	/* start together, once every process has its sessions */
	{
		char c = 'r';

		if (write(ready_fd, &c, 1) != 1 || read(go_fd, &c, 1) != 1)
			return 1;
		close(ready_fd);
		close(go_fd);
	}
	for (i = 0; i < opt_threads; i++) {
		struct worker *x = &w[i];

		x->raw = &raw;
		x->lib = lib;
		x->lib_h = lib_h;
		x->seed = opt_seed * 1000003u + idx * 101u + i + 1;
		x->end_ns = qt_now_ns() + (uint64_t)opt_secs * 1000000000ull;
		if (qt_gem_create(raw.fd, BUF_SIZE, &x->in_h) ||
		    qt_gem_create(raw.fd, BUF_SIZE, &x->out_h) ||
		    qt_gem_mmap(raw.fd, x->in_h, BUF_SIZE, (void **)&x->in) ||
		    qt_gem_mmap(raw.fd, x->out_h, BUF_SIZE, (void **)&x->out) ||
		    (lib && (qda_bo_alloc(lib, BUF_SIZE, 0, &x->lin) ||
			     qda_bo_map(x->lin, (void **)&x->lin_p)))) {
			dprintf(fd, "process %u: thread BOs failed\n", idx);
			return 1;
		}
		pthread_create(&th[i], NULL, worker_fn, x);
	}
	for (i = 0; i < opt_threads; i++) {
		pthread_join(th[i], NULL);
		for (k = 0; k < 8; k++)
			ops_total[k] += w[i].ops[k];
		if (w[i].err[0] && !msg[0]) {
			snprintf(msg, sizeof(msg), "process %u thread %u: %s", idx, i,
				 w[i].err);
			rc = 1;
		}
		munmap(w[i].in, BUF_SIZE);
		munmap(w[i].out, BUF_SIZE);
		qda_bo_free(w[i].lin);
	}
	if (msg[0])
		dprintf(fd, "%s\n", msg);
	dprintf(fd, "#ops %lu %lu %lu %lu %lu %lu %lu %lu\n", ops_total[0], ops_total[1],
		ops_total[2], ops_total[3], ops_total[4], ops_total[5], ops_total[6],
		ops_total[7]);
	qda_session_close(lib);
	qt_sess_close(&raw);
	free(w);
	free(th);
	return rc;
}

static void t_mixed(void)
{
	const char *name = "mixed";
	unsigned long tot[8] = { 0 };
	struct qt_base b;
	pid_t *pids = calloc(opt_procs, sizeof(*pids));
	int pfd[2], rdy[2], go[2], status;
	bool passed = true;
	char line[1024];
	FILE *f;
	unsigned int i;

	qt_base_take(&dev, &b);
	qt_note("mixed: %u processes x %u threads, %u s, seed %" PRIu64, opt_procs,
		opt_threads, opt_secs, opt_seed);
	if (pipe(pfd) || pipe(rdy) || pipe(go))
		abort();
	for (i = 0; i < opt_procs; i++) {
		pids[i] = fork();
		if (!pids[i]) {
			close(pfd[0]);
			close(rdy[0]);
			close(go[1]);
			_exit(mixed_proc(i, pfd[1], rdy[1], go[0]));
		}
	}
	close(pfd[1]);
	close(rdy[1]);
	close(go[0]);
	for (i = 0; i < opt_procs; i++) {
		char c;

		if (read(rdy[0], &c, 1) != 1)
			break;
	}
	for (i = 0; i < opt_procs; i++)
		if (write(go[1], "g", 1) != 1)
			break;
	close(rdy[0]);
	close(go[1]);
	f = fdopen(pfd[0], "r");
	while (fgets(line, sizeof(line), f)) {
		unsigned long o[8];

		line[strcspn(line, "\n")] = 0;
		if (sscanf(line, "#ops %lu %lu %lu %lu %lu %lu %lu %lu", &o[0], &o[1], &o[2],
			   &o[3], &o[4], &o[5], &o[6], &o[7]) == 8) {
			for (i = 0; i < 8; i++)
				tot[i] += o[i];
			continue;
		}
		if (passed)
			qt_fail(name, "%s", line);
		passed = false;
	}
	fclose(f);
	for (i = 0; i < opt_procs; i++) {
		waitpid(pids[i], &status, 0);
		if (passed && (!WIFEXITED(status) || WEXITSTATUS(status))) {
			qt_fail(name, "process %u exited with status %#x", i, status);
			passed = false;
		}
	}
	qt_note("mixed ops: bo_cycle %lu raw_echo %lu raw_checksum %lu lib_echo_mem %lu "
		"lib_checksum_bo %lu map %lu session_cycle %lu (of which no free context bank %lu)",
		tot[0], tot[1], tot[2], tot[3], tot[4], tot[5], tot[6], tot[7]);
	if (passed && (!tot[1] || !tot[3] || !tot[5])) {
		qt_fail(name, "some operation kinds never ran");
		passed = false;
	}
	free(pids);
	finish(name, passed, &b, 10000);
}

/* ---- interruptible ----------------------------------------------------------- */

static volatile sig_atomic_t sig_count;

static void on_sig(int sig)
{
	(void)sig;
	sig_count++;
}

struct intr_arg {
	struct qt_sess *s;
	unsigned int secs;
	bool long_calls;	/* only 2 ms DSP sleeps, longer than the signal period */
	/*
	 * Go on after @secs until this many calls completed (60 s more at
	 * most): what is checked is that calls complete, not how fast, which
	 * depends on the kernel (KASAN) and on the load of the machine.
	 */
	unsigned long min_calls;
	unsigned long calls, eintr;
	char err[512];
};

/* This thread gets a SIGRTMIN every ms */
static int arm_timer(timer_t *t)
{
	struct sigevent sev = { 0 };
	struct itimerspec its = { { 0, 1000000 }, { 0, 1000000 } };

	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = SIGRTMIN;
	sev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
	if (timer_create(CLOCK_MONOTONIC, &sev, t))
		return -errno;
	return timer_settime(*t, 0, &its, NULL) ? -errno : 0;
}

static void *intr_fn(void *p)
{
	struct intr_arg *a = p;
	uint64_t end = qt_now_ns() + (uint64_t)a->secs * 1000000000ull, seed = 77;
	uint32_t h_in, h_out;
	uint8_t *in, *out;
	timer_t t;
	int ret;

	if (qt_gem_create(a->s->fd, 65536, &h_in) || qt_gem_create(a->s->fd, 65536, &h_out) ||
	    qt_gem_mmap(a->s->fd, h_in, 65536, (void **)&in) ||
	    qt_gem_mmap(a->s->fd, h_out, 65536, (void **)&out)) {
		snprintf(a->err, sizeof(a->err), "BOs");
		return NULL;
	}
	ret = arm_timer(&t);
	if (ret) {
		snprintf(a->err, sizeof(a->err), "timer: %s", en(ret));
		return NULL;
	}
	while (qt_now_ns() < end ||
	       (a->calls < a->min_calls && qt_now_ns() < end + 60000000000ull)) {
		uint32_t len = 1 + (uint32_t)(rnd(&seed) % 65535), st = 0, us;
		struct drm_qda_invoke_arg args[2] = {
			{ .handle = h_in, .length = len },
			{ .handle = h_out, .length = 65536 },
		};
		int which = a->long_calls ? 2 : (int)(rnd(&seed) % 2);

		memset(in, (int)(len & 0xff), len);
		memset(out, 0, 65536);
		do {
			if (which == 2) {
				/* a 2 ms sleep on the DSP: interrupted every time */
				us = 2000;
				memcpy(in, &us, 4);
				args[0].length = 4;
				ret = qt_invoke(a->s->fd, a->s->test_h, QT_SC(QT_M_SLEEP, 1, 0),
						args, 1, 0, &st);
			} else if (which == 1) {
				args[1].length = 4;
				ret = qt_invoke(a->s->fd, a->s->test_h,
						QT_SC(QT_M_CHECKSUM, 1, 1), args, 2, 0, &st);
			} else {
				args[1].length = 65536;
				ret = qt_invoke(a->s->fd, a->s->test_h, QT_SC(QT_M_ECHO, 1, 1),
						args, 2, 0, &st);
			}
			if (ret == -EINTR || ret == -ERESTART)
				a->eintr++;
		} while (ret == -EINTR && qt_now_ns() < end + 20000000000ull);
		if (ret || st) {
			snprintf(a->err, sizeof(a->err), "call %d: %s status %#x", which,
				 en(ret), st);
			break;
		}
		if (which == 0 && (args[1].length != len || memcmp(in, out, len))) {
			snprintf(a->err, sizeof(a->err), "echo under signals: wrong output");
			break;
		}
		if (which == 1) {
			uint32_t crc;

			memcpy(&crc, out, 4);
			if (crc != qt_crc32(in, len)) {
				snprintf(a->err, sizeof(a->err), "checksum under signals: wrong");
				break;
			}
		}
		a->calls++;
	}
	timer_delete(t);
	munmap(in, 65536);
	munmap(out, 65536);
	qt_gem_close(a->s->fd, h_in);
	qt_gem_close(a->s->fd, h_out);
	return NULL;
}

/*
 * The start of an interruption subtest: the baseline @b, the timer
 * signal's handler (no SA_RESTART), the session @s named @proc.  Non-zero
 * (reported as the subtest's failure) when the session cannot be opened.
 */
static int intr_begin(const char *name, struct qt_base *b, struct qt_sess *s,
		      const char *proc)
{
	struct sigaction sa = { .sa_handler = on_sig };
	int ret;

	qt_base_take(&dev, b);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGRTMIN, &sa, NULL);
	ret = qt_sess_open(&dev, s, proc, true);
	if (ret)
		qt_fail(name, "session: %s", en(ret));
	return ret;
}

static void t_interruptible(void)
{
	const char *name = "interruptible";
	struct intr_arg a[2] = { 0 };
	struct qt_sess s = { .fd = -1 };
	struct qda_session *lib = NULL;
	struct qt_base b;
	bool passed = false;
	pthread_t th[2];
	int64_t i0, x0;
	uint32_t lib_h = 0;
	unsigned long lib_calls = 0;
	timer_t t;
	int ret, i;

	if (intr_begin(name, &b, &s, "qt-intr"))
		goto out;
	i0 = qt_core(&dev, "interrupted");
	x0 = qt_vdsp(&dev, "calls.qda_test.echo") + qt_vdsp(&dev, "calls.qda_test.checksum") +
	     qt_vdsp(&dev, "calls.qda_test.sleep");
	for (i = 0; i < 2; i++) {
		a[i].s = &s;
		a[i].secs = opt_secs / 4 ? opt_secs / 4 : 1;
		pthread_create(&th[i], NULL, intr_fn, &a[i]);
	}
	/* libqda under the same signal rain: it retries EINTR itself */
	ret = qt_lib_open(&dev, "qt-stress-lib", &lib, &lib_h);
	if (ret) {
		qt_fail(name, "libqda session: %s", en(ret));
		for (i = 0; i < 2; i++)
			pthread_join(th[i], NULL);
		goto out;
	}
	if (arm_timer(&t)) {
		qt_fail(name, "timer");
		goto out;
	}
	{
		uint64_t end = qt_now_ns() + (uint64_t)a[0].secs * 1000000000ull;
		uint8_t in[3000], outb[3000];

		while (qt_now_ns() < end) {
			struct qda_arg q[2];

			memset(in, (int)lib_calls, sizeof(in));
			q[0] = QDA_ARG_IN_MEM(in, sizeof(in));
			q[1] = QDA_ARG_OUT_MEM(outb, sizeof(outb));
			ret = qda_invoke(lib, lib_h, QT_M_ECHO, q, 2, NULL, NULL);
			if (ret || memcmp(in, outb, sizeof(in))) {
				qt_fail(name, "libqda echo under signals: %s after %lu calls "
					"(core interrupted +%" PRId64 ", contexts live %" PRId64 ")",
					en(ret), lib_calls, qt_core(&dev, "interrupted") - i0,
					qt_core(&dev, "contexts"));
				timer_delete(t);
				for (i = 0; i < 2; i++)
					pthread_join(th[i], NULL);
				goto out;
			}
			lib_calls++;
		}
	}
	timer_delete(t);
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < 2; i++)
		if (a[i].err[0]) {
			qt_fail(name, "thread %d: %s", i, a[i].err);
			goto out;
		}
	qt_note("interruptible: %lu + %lu raw calls, %lu + %lu EINTR retries, %lu libqda calls, "
		"%d signals, core interrupted +%" PRId64 ", methods executed on the DSP %" PRId64
		" for %lu completed calls",
		a[0].calls, a[1].calls, a[0].eintr, a[1].eintr, lib_calls, (int)sig_count,
		qt_core(&dev, "interrupted") - i0,
		qt_vdsp(&dev, "calls.qda_test.echo") + qt_vdsp(&dev, "calls.qda_test.checksum") +
		qt_vdsp(&dev, "calls.qda_test.sleep") - x0,
		a[0].calls + a[1].calls + lib_calls);
	if (!a[0].eintr && !a[1].eintr) {
		qt_fail(name, "no call was ever interrupted: the test did not test anything");
		goto out;
	}
	if (qt_core(&dev, "interrupted") - i0 < (int64_t)(a[0].eintr + a[1].eintr)) {
		qt_fail(name, "core 'interrupted' +%" PRId64 " < %lu EINTRs seen",
			qt_core(&dev, "interrupted") - i0, a[0].eintr + a[1].eintr);
		goto out;
	}
	/* An interrupted call is resumed, never run again on the DSP */
	{
		int64_t ran = qt_vdsp(&dev, "calls.qda_test.echo") +
			      qt_vdsp(&dev, "calls.qda_test.checksum") +
			      qt_vdsp(&dev, "calls.qda_test.sleep") - x0;
		uint64_t done = a[0].calls + a[1].calls + lib_calls;

		if (ran != (int64_t)done) {
			qt_fail(name, "%" PRId64 " DSP executions for %" PRIu64
				" completed calls: a call ran more than once", ran, done);
			goto out;
		}
	}
	passed = true;
out:
	qda_session_close(lib);
	qt_sess_close(&s);
	signal(SIGRTMIN, SIG_IGN);
	finish(name, passed, &b, 10000);
}

/*
 * Calls longer than the signal period: a 2 ms DSP sleep under a 1 ms timer
 * signal, retried on every EINTR as the DRM rules ask of user space.  The
 * calls must complete (an interrupted ioctl has to be restartable), not
 * livelock or run out of call slots (-EBUSY).
 */
static void t_interruptible_long(void)
{
	const char *name = "interruptible_long";
	struct intr_arg a = { 0 };
	struct qt_sess s = { .fd = -1 };
	struct qt_base b;
	bool passed = false;
	pthread_t th;
	int64_t x0;

	if (intr_begin(name, &b, &s, "qt-intr-long"))
		goto out;
	x0 = qt_vdsp(&dev, "calls.qda_test.sleep");
	a.s = &s;
	a.secs = 3;
	a.long_calls = true;
	a.min_calls = 50;
	pthread_create(&th, NULL, intr_fn, &a);
	pthread_join(th, NULL);
	qt_note("interruptible_long: %lu calls completed, %lu EINTR retries, %" PRId64
		" sleeps executed on the DSP",
		a.calls, a.eintr, qt_vdsp(&dev, "calls.qda_test.sleep") - x0);
	if (a.err[0]) {
		qt_fail(name, "%s after %lu completed calls and %lu EINTR retries (%" PRId64
			" sleeps executed on the DSP)",
			a.err, a.calls, a.eintr, qt_vdsp(&dev, "calls.qda_test.sleep") - x0);
		goto out;
	}
	/*
	 * Each call runs once on the DSP however often it is interrupted (the
	 * last one may still be running); and calls complete at all: a call
	 * re-sent after every signal would never finish (ideal: 1500 in 3 s; the
	 * run goes on for up to 60 s more until 50 have).
	 */
	if (a.calls < a.min_calls || qt_vdsp(&dev, "calls.qda_test.sleep") - x0 > (int64_t)a.calls + 1) {
		qt_fail(name, "%lu calls completed (%lu wanted; ideal 1500 in 3 s) with %lu EINTR retries and %" PRId64
			" DSP executions: an interrupted call must be resumed, not run again",
			a.calls, a.min_calls, a.eintr, qt_vdsp(&dev, "calls.qda_test.sleep") - x0);
		goto out;
	}
	passed = true;
out:
	qt_sess_close(&s);
	signal(SIGRTMIN, SIG_IGN);
	finish(name, passed, &b, 10000);
}

/* ---- fork ------------------------------------------------------------------ */

static void t_fork(void)
{
	const char *name = "fork";
	struct qt_sess s = { .fd = -1 };
	struct qt_base b;
	bool passed = false;
	int status, ret;
	pid_t pid;

	qt_base_take(&dev, &b);
	ret = qt_sess_open(&dev, &s, "qt-fork", true);
	if (ret) {
		qt_fail(name, "session: %s", en(ret));
		goto out;
	}
	s.sp[QT_SCRATCH_SIZE - 200] = 0x5a;
	/* 1: the child uses the inherited file and the shared mapping */
	pid = fork();
	if (!pid) {
		int r = qt_echo_check(&s, 5000, 3);

		if (r)
			_exit(10);
		if (s.sp[QT_SCRATCH_SIZE - 200] != 0x5a)
			_exit(11);
		s.sp[QT_SCRATCH_SIZE - 199] = 0xa5;
		qt_sess_close(&s);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		qt_fail(name, "child using the inherited session: status %#x", status);
		goto out;
	}
	if (s.sp[QT_SCRATCH_SIZE - 199] != 0xa5) {
		qt_fail(name, "the child's write through the shared mapping is not visible");
		goto out;
	}
	ret = qt_echo_check(&s, 5000, 4);
	if (ret) {
		qt_fail(name, "parent after the child exited: %s", en(ret));
		goto out;
	}
	/* 2: the parent closes first; the child keeps the file (and session) alive */
	{
		int pp[2];
		char c = 0;

		if (pipe(pp))
			abort();
		pid = fork();
		if (!pid) {
			close(pp[1]);
			if (read(pp[0], &c, 1) != 1)
				_exit(12);
			_exit(qt_echo_check(&s, 3000, 5) ? 13 : 0);
		}
		close(pp[0]);
		munmap(s.sp, s.ssize);
		close(s.fd);
		s.sp = NULL;
		s.fd = -1;
		if (write(pp[1], "x", 1) != 1)
			abort();
		close(pp[1]);
		waitpid(pid, &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			qt_fail(name, "child after the parent closed: status %#x", status);
			goto out;
		}
	}
	/* 3: a child that exits (without closing) while holding only the inherited fd */
	passed = true;
out:
	qt_sess_close(&s);
	finish(name, passed, &b, 5000);
}

/* ---- kill mid-invoke --------------------------------------------------------- */

static void t_kill_mid_invoke(void)
{
	const char *name = "kill_mid_invoke";
	struct qt_base b;
	bool passed = false;
	int64_t s0, d0;
	uint64_t t0;
	int status, i;
	pid_t pid[2];

	qt_base_take(&dev, &b);
	s0 = qt_vdsp(&dev, "calls.qda_test.sleep");
	d0 = qt_core(&dev, "dropped");
	for (i = 0; i < 2; i++) {
		pid[i] = fork();
		if (!pid[i]) {
			struct qt_sess s = { .fd = -1 };
			uint32_t st;

			if (qt_sess_open(&dev, &s, "qt-killme", true))
				_exit(1);
			/* a BO mapped on the DSP too, so its teardown is exercised */
			{
				uint32_t h;
				uint64_t va;

				if (qt_gem_create(s.fd, 1 << 20, &h) ||
				    qt_map(s.fd, h, 0, 1 << 20, 0, &va))
					_exit(2);
			}
			qt_sleep_call(&s, 3000000, 0, &st);
			_exit(3);
		}
	}
	for (i = 0; i < 500 && qt_vdsp(&dev, "calls.qda_test.sleep") < s0 + 2; i++)
		qt_sleep_ms(10);
	if (qt_vdsp(&dev, "calls.qda_test.sleep") < s0 + 2) {
		qt_fail(name, "the children's sleep calls never reached the DSP");
		for (i = 0; i < 2; i++) {
			kill(pid[i], SIGKILL);
			waitpid(pid[i], &status, 0);
		}
		goto out;
	}
	t0 = qt_now_ns();
	for (i = 0; i < 2; i++)
		kill(pid[i], SIGKILL);
	for (i = 0; i < 2; i++)
		waitpid(pid[i], &status, 0);
	qt_note("kill_mid_invoke: children reaped %" PRIu64 " ms after SIGKILL",
		(qt_now_ns() - t0) / 1000000);
	passed = true;
out:
	/* the DSP's sleeps end within 3 s; their answers are then dropped */
	finish(name, passed, &b, 10000);
	if (passed)
		qt_note("kill_mid_invoke: dropped +%" PRId64, qt_core(&dev, "dropped") - d0);
}

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "mixed", t_mixed },
	{ "interruptible", t_interruptible },
	{ "interruptible_long", t_interruptible_long },
	{ "fork", t_fork },
	{ "kill_mid_invoke", t_kill_mid_invoke },
};

int main(int argc, char **argv)
{
	int ret, i, j, c, n = (int)(sizeof(tests) / sizeof(tests[0]));

	setvbuf(stdout, NULL, _IOLBF, 0);
	opt_seed = (uint64_t)time(NULL);
	while ((c = getopt(argc, argv, "d:p:t:s:v")) != -1) {
		switch (c) {
		case 'd': opt_secs = (unsigned int)atoi(optarg); break;
		case 'p': opt_procs = (unsigned int)atoi(optarg); break;
		case 't': opt_threads = (unsigned int)atoi(optarg); break;
		case 's': opt_seed = strtoull(optarg, NULL, 0); break;
		case 'v': qt_verbose = true; break;
		default:
			fprintf(stderr, "usage: qda-stress [-d secs] [-p procs] [-t threads] [-s seed] [subtest...]\n");
			return 2;
		}
	}
	if (!opt_procs || !opt_threads) {
		fprintf(stderr, "qda-stress: -p and -t must be at least 1\n");
		return 2;
	}
	ret = qt_dev_find(&dev);
	if (ret) {
		qt_fail("setup", "no QDA device with a vDSP found (%s)", en(ret));
		return qt_summary();
	}
	qt_note("stress: %s domain %s, seed %" PRIu64 " (rerun: make vm-run CMD='bash tests/stress/run.sh -d %u -p %u -t %u -s %" PRIu64 "')",
		dev.path, dev.domain, opt_seed, opt_secs, opt_procs, opt_threads, opt_seed);
	qt_inject(&dev, "clear");
	for (i = 0; i < n; i++) {
		bool run = optind >= argc;

		for (j = optind; j < argc; j++)
			if (!strcmp(argv[j], tests[i].name))
				run = true;
		if (run)
			tests[i].fn();
	}
	return qt_summary();
}
