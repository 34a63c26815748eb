// SPDX-License-Identifier: MIT
/*
 * qda-bench: QDA micro-benchmarks, all measured in one run, inside the test
 * VM (tests/bench/run.sh boots it).  Prints a table and a JSON document
 * (between "BENCH-JSON-BEGIN" and "BENCH-JSON-END").  Nothing here passes
 * or fails on absolute time: the results are figures and ratios, each next
 * to its target.
 *
 *   qda-bench [-t SECONDS_PER_POINT] [-r REPEATS]
 *
 * Every figure is the median of REPEATS runs of a time-bounded loop.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <linux/dma-heap.h>

#include <qda/qda.h>
#include "qt.h"

static struct qt_dev dev;
static double point_secs = 0.4;
static int repeats = 3;

/* ---- JSON + table output ---------------------------------------------------- */

static char json[65536];
static size_t jlen;

static void jadd(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void jadd(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	jlen += (size_t)vsnprintf(json + jlen, sizeof(json) - jlen, fmt, ap);
	va_end(ap);
}

static int nres;

/* One result: name, value, unit; optional ratio with its target */
static void result(const char *name, double value, const char *unit)
{
	printf("  %-44s %14.2f %s\n", name, value, unit);
	jadd("%s\n    {\"name\": \"%s\", \"value\": %.3f, \"unit\": \"%s\"}", nres++ ? "," : "",
	     name, value, unit);
}

static void ratio(const char *name, double value, const char *target, bool met)
{
	printf("  %-44s %14.3f x    target %s: %s\n", name, value, target,
	       met ? "met" : "MISSED");
	jadd("%s\n    {\"name\": \"%s\", \"value\": %.4f, \"unit\": \"ratio\", \"target\": \"%s\", "
	     "\"met\": %s}",
	     nres++ ? "," : "", name, value, target, met ? "true" : "false");
}

/* ---- measuring ---------------------------------------------------------------- */

typedef int (*op_fn)(void *ctx);

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* ns per call of @fn over one time-bounded loop (no warm-up), or -1 */
static double measure_once(op_fn fn, void *ctx)
{
	uint64_t t0 = qt_now_ns(), t, n = 0;
	uint64_t limit = (uint64_t)(point_secs * 1e9);
	int i, ret;

	do {
		for (i = 0; i < 8; i++) {
			ret = fn(ctx);
			if (ret) {
				printf("# operation failed: %s\n", strerror(-ret));
				return -1;
			}
		}
		n += 8;
		t = qt_now_ns();
	} while (t - t0 < limit);
	return (double)(t - t0) / (double)n;
}

static double median(double *r, int n)
{
	qsort(r, (size_t)n, sizeof(r[0]), cmp_d);
	return r[n / 2];
}

/* ns per call of @fn: median of @repeats time-bounded loops */
static double measure(op_fn fn, void *ctx)
{
	double r[16];
	int k, i, ret;

	for (i = 0; i < 20; i++) { /* warm-up */
		ret = fn(ctx);
		if (ret) {
			fprintf(stderr, "qda-bench: operation failed: %s\n", strerror(-ret));
			printf("# operation failed: %s\n", strerror(-ret));
			return -1;
		}
	}
	for (k = 0; k < repeats && k < 16; k++) {
		r[k] = measure_once(fn, ctx);
		if (r[k] < 0)
			return -1;
	}
	return median(r, k);
}

/*
 * @fa and @fb alternated: @warm warm-up calls of each, then @repeats
 * measure_once() of each, one after the other, into @ra and @rb
 */
static void measure_alternated(op_fn fa, op_fn fb, void *ctx, int warm,
			       double *ra, double *rb)
{
	int k;

	for (k = 0; k < warm; k++) {
		fa(ctx);
		fb(ctx);
	}
	for (k = 0; k < repeats; k++) {
		ra[k] = measure_once(fa, ctx);
		rb[k] = measure_once(fb, ctx);
	}
}

/* ---- the operations -------------------------------------------------------------- */

struct ctx {
	struct qt_sess *s;
	struct qda_session *lib;
	uint32_t lib_h;
	struct qda_bo *lbo;
	struct drm_qda_invoke_arg a[2];
	uint32_t nargs;
	void *src, *dst;
	size_t len;
	int heap_fd;
};

static int op_query(void *p)
{
	struct ctx *c = p;
	struct drm_qda_query q = { .param = DRM_QDA_PARAM_UAPI_VERSION };

	return qt_ioctl(c->s->fd, DRM_IOCTL_QDA_QUERY, &q);
}

static int op_raw_invoke(void *p)
{
	struct ctx *c = p;
	uint32_t st;
	int ret = qt_invoke(c->s->fd, c->s->test_h,
			    DRM_QDA_SCALARS(0, QT_M_NOOP, c->nargs, 0, 0, 0), c->a, c->nargs,
			    0, &st);

	return ret ? ret : (st ? -EREMOTEIO : 0);
}

static int op_lib_invoke(void *p)
{
	struct ctx *c = p;
	struct qda_arg a[1];

	if (c->lbo) {
		a[0] = QDA_ARG_IN_BO(c->lbo, 0, c->len);
		return qda_invoke(c->lib, c->lib_h, QT_M_NOOP, a, 1, NULL, NULL);
	}
	if (c->len) {
		a[0] = QDA_ARG_IN_MEM(c->src, c->len);
		return qda_invoke(c->lib, c->lib_h, QT_M_NOOP, a, 1, NULL, NULL);
	}
	return qda_invoke(c->lib, c->lib_h, QT_M_NOOP, NULL, 0, NULL, NULL);
}

static int op_memcpy(void *p)
{
	struct ctx *c = p;

	memcpy(c->dst, c->src, c->len);
	__asm__ volatile("" ::: "memory");
	return 0;
}

static void touch(uint8_t *p, size_t len)
{
	for (size_t o = 0; o < len; o += 4096)
		p[o] = 1;
}

static int op_bo_cycle(void *p)
{
	struct ctx *c = p;
	uint32_t h;
	void *m;
	int ret = qt_gem_create(c->s->fd, c->len, &h);

	if (ret)
		return ret;
	ret = qt_gem_mmap(c->s->fd, h, c->len, &m);
	if (!ret) {
		touch(m, c->len);
		munmap(m, c->len);
	}
	qt_gem_close(c->s->fd, h);
	return ret;
}

static int op_heap_cycle(void *p)
{
	struct ctx *c = p;
	struct dma_heap_allocation_data d = { .len = c->len, .fd_flags = O_RDWR | O_CLOEXEC };
	void *m;

	if (ioctl(c->heap_fd, DMA_HEAP_IOCTL_ALLOC, &d))
		return -errno;
	m = mmap(NULL, c->len, PROT_READ | PROT_WRITE, MAP_SHARED, (int)d.fd, 0);
	if (m == MAP_FAILED) {
		close((int)d.fd);
		return -errno;
	}
	touch(m, c->len);
	munmap(m, c->len);
	close((int)d.fd);
	return 0;
}

/* ---- threads --------------------------------------------------------------------- */

struct thr {
	struct qt_sess s;
	volatile int *go, *stop;
	uint64_t calls;
	int err;
};

static void *thr_fn(void *p)
{
	struct thr *t = p;
	uint32_t st;

	while (!*t->go)
		;
	while (!*t->stop) {
		int ret = qt_noop(&t->s, 0, &st);

		if (ret || st) {
			t->err = ret ? ret : -EREMOTEIO;
			break;
		}
		t->calls++;
	}
	return NULL;
}

/* aggregate noop calls/s of @n threads, each with its own session */
static double threads_rate(int n, char *err, size_t errlen)
{
	struct thr t[16];
	pthread_t th[16];
	volatile int go = 0, stop = 0;
	uint64_t t0, t1, total = 0;
	double best = 0;
	int i, ret, k;

	for (i = 0; i < n; i++) {
		char name[32];

		snprintf(name, sizeof(name), "qt-bench-%d", i);
		memset(&t[i], 0, sizeof(t[i]));
		ret = qt_sess_open(&dev, &t[i].s, name, true);
		if (ret) {
			snprintf(err, errlen, "session %d of %d: %s", i + 1, n, strerror(-ret));
			while (i--)
				qt_sess_close(&t[i].s);
			return -1;
		}
	}
	for (k = 0; k < repeats; k++) {
		go = 0;
		stop = 0;
		for (i = 0; i < n; i++) {
			t[i].go = &go;
			t[i].stop = &stop;
			t[i].calls = 0;
			pthread_create(&th[i], NULL, thr_fn, &t[i]);
		}
		t0 = qt_now_ns();
		go = 1;
		qt_sleep_ms((unsigned int)(point_secs * 2500));
		stop = 1;
		t1 = qt_now_ns();
		total = 0;
		for (i = 0; i < n; i++) {
			pthread_join(th[i], NULL);
			total += t[i].calls;
			if (t[i].err)
				snprintf(err, errlen, "thread %d: %s", i, strerror(-t[i].err));
		}
		if ((double)total * 1e9 / (double)(t1 - t0) > best)
			best = (double)total * 1e9 / (double)(t1 - t0);
	}
	for (i = 0; i < n; i++)
		qt_sess_close(&t[i].s);
	return best;
}

/* ---- main ------------------------------------------------------------------------ */

static const size_t bo_sizes[] = { 4096, 65536, 1u << 20, 4u << 20, 16u << 20 };
#define NBO (sizeof(bo_sizes) / sizeof(bo_sizes[0]))

static const char *sz(size_t s)
{
	static char b[8][32];
	static int i;
	char *r = b[i++ & 7];

	if (s >= (1u << 20))
		snprintf(r, 32, "%zuMiB", s >> 20);
	else
		snprintf(r, 32, "%zuKiB", s >> 10);
	return r;
}

int main(int argc, char **argv)
{
	struct qt_sess s = { .fd = -1 };
	struct ctx c = { 0 };
	struct utsname u;
	double t_query, t_null_sync, t_null_work, t_lib_null, t_raw_null, bo_ns[NBO];
	double mem_ns[NBO], cpy_ns[NBO], rate[4];
	char name[96], err[256] = "";
	uint32_t h[NBO];
	time_t now = time(NULL);
	char date[64];
	int ret, opt, i;
	uint64_t max_bo = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((opt = getopt(argc, argv, "t:r:")) != -1) {
		switch (opt) {
		case 't': point_secs = atof(optarg); break;
		case 'r': repeats = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: qda-bench [-t secs-per-point] [-r repeats]\n");
			return 2;
		}
	}
	if (repeats < 1 || repeats > 15)
		repeats = 3;
	ret = qt_dev_find(&dev);
	if (ret) {
		fprintf(stderr, "qda-bench: no QDA device with a vDSP (%s)\n", strerror(-ret));
		return 1;
	}
	ret = qt_sess_open(&dev, &s, "qt-bench", true);
	if (ret) {
		fprintf(stderr, "qda-bench: session: %s\n", strerror(-ret));
		return 1;
	}
	ret = qt_lib_open(&dev, "qt-bench-lib", &c.lib, &c.lib_h);
	if (ret) {
		fprintf(stderr, "qda-bench: libqda session: %s\n", strerror(-ret));
		return 1;
	}
	c.s = &s;
	uname(&u);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	qt_query(s.fd, DRM_QDA_PARAM_MAX_BO_SIZE, 0, &max_bo);
	printf("QDA benchmarks, %s, kernel %s %s, %ld CPUs, %u context banks, median of %d x %.1f s\n",
	       date, u.release, u.machine, sysconf(_SC_NPROCESSORS_ONLN), dev.num_cbs, repeats,
	       point_secs);
	jadd("{\n  \"date\": \"%s\",\n  \"kernel\": \"%s\",\n  \"machine\": \"%s\",\n"
	     "  \"cpus\": %ld,\n  \"repeats\": %d,\n  \"seconds_per_point\": %.2f,\n  \"results\": [",
	     date, u.release, u.machine, sysconf(_SC_NPROCESSORS_ONLN), repeats, point_secs);

	/* 1. null invoke vs a trivial ioctl */
	printf("\nnull invoke round trip (qda_test noop, no arguments)\n");
	t_query = measure(op_query, &c);
	qt_set_sync(&dev, 1);
	c.nargs = 0;
	t_null_sync = measure(op_raw_invoke, &c);
	qt_set_sync(&dev, 0);
	t_null_work = measure(op_raw_invoke, &c);
	result("trivial ioctl (QUERY UAPI_VERSION)", t_query, "ns");
	result("null invoke, vDSP sync", t_null_sync, "ns");
	result("null invoke, vDSP worker", t_null_work, "ns");
	ratio("null invoke sync / trivial ioctl", t_null_sync / t_query, "<= 2", t_null_sync <= 2 * t_query);
	ratio("null invoke worker / trivial ioctl", t_null_work / t_query, "(none)", true);

	/* 2. libqda vs the raw ioctl (sync, to isolate the library) */
	printf("\nlibqda overhead (null invoke, vDSP sync)\n");
	qt_set_sync(&dev, 1);
	{
		double rr[16], rl[16];

		measure_alternated(op_raw_invoke, op_lib_invoke, &c, 20, rr, rl);
		t_raw_null = median(rr, repeats);
		t_lib_null = median(rl, repeats);
	}
	result("raw DRM_IOCTL_QDA_INVOKE", t_raw_null, "ns");
	result("libqda qda_invoke", t_lib_null, "ns");
	result("libqda overhead per call", t_lib_null - t_raw_null, "ns");
	ratio("qda_invoke / raw ioctl", t_lib_null / t_raw_null, "(none)", true);

	/* 3. one BO argument, 4 KiB .. 16 MiB: zero copy, flat.  The sizes
	 * are interleaved in every repeat, so that host noise hits them alike. */
	printf("\ninvoke with one in-BO (noop, vDSP sync): zero copy\n");
	{
		double mn = 1e300, mx = 0, r[NBO][16];
		int k;

		for (i = 0; i < (int)NBO; i++) {
			ret = qt_gem_create(s.fd, bo_sizes[i], &h[i]);
			if (ret) {
				fprintf(stderr, "qda-bench: BO %zu: %s\n", bo_sizes[i], strerror(-ret));
				return 1;
			}
			c.a[0] = (struct drm_qda_invoke_arg){ .handle = h[i], .length = bo_sizes[i] };
			c.nargs = 1;
			for (k = 0; k < 20; k++)
				op_raw_invoke(&c);
		}
		for (k = 0; k < repeats; k++)
			for (i = 0; i < (int)NBO; i++) {
				c.a[0] = (struct drm_qda_invoke_arg){ .handle = h[i],
								      .length = bo_sizes[i] };
				c.nargs = 1;
				r[i][k] = measure_once(op_raw_invoke, &c);
			}
		for (i = 0; i < (int)NBO; i++) {
			bo_ns[i] = median(r[i], repeats);
			snprintf(name, sizeof(name), "in-BO %s", sz(bo_sizes[i]));
			result(name, bo_ns[i], "ns");
			mn = bo_ns[i] < mn ? bo_ns[i] : mn;
			mx = bo_ns[i] > mx ? bo_ns[i] : mx;
		}
		ratio("in-BO latency max / min (4KiB..16MiB)", mx / mn, "<= 1.10", mx / mn <= 1.10);
		for (i = 0; i < (int)NBO; i++)
			qt_gem_close(s.fd, h[i]);
		c.nargs = 0;
	}

	/* 4. plain memory (packed by libqda) vs memcpy */
	printf("\ninvoke with one plain-memory input (libqda packs it; noop, vDSP sync) vs memcpy\n");
	{
		double worst = 1e300;

		c.src = malloc(16u << 20);
		c.dst = malloc(16u << 20);
		memset(c.src, 1, 16u << 20);
		memset(c.dst, 2, 16u << 20);
		for (i = 1; i < (int)NBO; i++) {
			double bw_pack, bw_cpy;
			double rm[16], rc[16];

			c.len = bo_sizes[i];
			c.lbo = NULL;
			measure_alternated(op_lib_invoke, op_memcpy, &c, 10, rm, rc);
			mem_ns[i] = median(rm, repeats);
			cpy_ns[i] = median(rc, repeats);
			bw_pack = (double)c.len / mem_ns[i];	/* bytes/ns = GB/s */
			bw_cpy = (double)c.len / cpy_ns[i];
			snprintf(name, sizeof(name), "packed %s invoke", sz(c.len));
			result(name, mem_ns[i], "ns");
			snprintf(name, sizeof(name), "memcpy %s", sz(c.len));
			result(name, cpy_ns[i], "ns");
			snprintf(name, sizeof(name), "packed %s bandwidth / memcpy", sz(c.len));
			ratio(name, bw_pack / bw_cpy, ">= 0.80", bw_pack / bw_cpy >= 0.80);
			worst = bw_pack / bw_cpy < worst ? bw_pack / bw_cpy : worst;
		}
		c.len = 0;
		(void)worst;
	}
	qt_set_sync(&dev, 0);

	/* 5. threads, each with its own session (vDSP worker mode, then sync) */
	for (int mode = 0; mode < 2; mode++) {
		static const int nt[4] = { 1, 2, 4, 8 };

		qt_set_sync(&dev, mode);
		printf("\nnull invokes from 1..8 threads, one session each (vDSP %s)\n",
		       mode ? "sync" : "worker");
		for (i = 0; i < 4; i++) {
			rate[i] = threads_rate(nt[i], err, sizeof(err));
			snprintf(name, sizeof(name), "%d thread%s, %s", nt[i], nt[i] > 1 ? "s" : "",
				 mode ? "sync" : "worker");
			if (rate[i] < 0) {
				printf("  %-44s skipped: %s\n", name, err);
				continue;
			}
			result(name, rate[i], "calls/s");
		}
		if (rate[0] > 0 && rate[1] > 0) {
			snprintf(name, sizeof(name), "scaling 2 threads / 1 (%s)", mode ? "sync" : "worker");
			ratio(name, rate[1] / rate[0], ">= 1.7", rate[1] / rate[0] >= 1.7);
		}
		if (rate[0] > 0 && rate[3] > 0) {
			snprintf(name, sizeof(name), "scaling 8 threads / 1 (%s)", mode ? "sync" : "worker");
			ratio(name, rate[3] / rate[0], "(none)", true);
		}
	}
	qt_set_sync(&dev, 0);

	/* 6. BO alloc + mmap + first touch + free vs the system dma-heap */
	printf("\nBO alloc + mmap + first touch + free, vs /dev/dma_heap/system\n");
	c.heap_fd = open("/dev/dma_heap/system", O_RDONLY | O_CLOEXEC);
	for (i = 0; i < 4; i++) {
		double qda_ns, heap_ns = -1, rq[16], rh[16];
		int k;

		c.len = bo_sizes[i];
		for (k = 0; k < 10; k++) {
			op_bo_cycle(&c);
			if (c.heap_fd >= 0)
				op_heap_cycle(&c);
		}
		/* alternate the two in every repeat */
		for (k = 0; k < repeats; k++) {
			rq[k] = measure_once(op_bo_cycle, &c);
			rh[k] = c.heap_fd >= 0 ? measure_once(op_heap_cycle, &c) : -1;
		}
		qda_ns = median(rq, repeats);
		snprintf(name, sizeof(name), "QDA BO %s cycles", sz(c.len));
		result(name, 1e9 / qda_ns, "/s");
		if (c.heap_fd >= 0) {
			heap_ns = median(rh, repeats);
			snprintf(name, sizeof(name), "dma-heap %s cycles", sz(c.len));
			result(name, 1e9 / heap_ns, "/s");
			snprintf(name, sizeof(name), "QDA BO / dma-heap rate, %s", sz(c.len));
			ratio(name, heap_ns / qda_ns, ">= 1.0", heap_ns / qda_ns >= 1.0);
		}
	}
	if (c.heap_fd < 0)
		printf("  /dev/dma_heap/system: %s (skipped)\n", strerror(errno));

	jadd("\n  ]\n}\n");
	printf("\nBENCH-JSON-BEGIN\n%sBENCH-JSON-END\n", json);
	qda_session_close(c.lib);
	qt_sess_close(&s);
	return 0;
}
