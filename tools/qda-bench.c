/* SPDX-License-Identifier: MIT */
/*
 * qda bench: quick figures of call latency, arguments and BO allocation
 * (the full suite is tests/bench, `make bench`).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qda-tool.h"

const char cmd_bench_usage[] =
	"usage: qda bench [--json] [-d DOMAIN] [-n COUNT]\n"
	"Measure, in one run, COUNT (default 10; at least 100 is sensible) of\n"
	"each: a trivial device query, an empty call to the DSP test module,\n"
	"the same call with a 64 KiB BO argument and with 64 KiB of plain memory\n"
	"(which libqda copies) against a memcpy of 64 KiB, and a 64 KiB BO\n"
	"allocated, CPU-mapped, touched and freed. Figures are per operation and\n"
	"the ratios are taken within the run; the full suite is `make bench`.\n";

/* Average microseconds of @count runs of @op */
#define BENCH_LOOP(count, op, out_us)					\
	do {								\
		double t0_ = now_us();					\
		for (unsigned long i_ = 0; i_ < (count); i_++) {	\
			int r_ = (op);					\
			if (r_) {					\
				rc = fail(o, #op, r_);			\
				goto out;				\
			}						\
		}							\
		(out_us) = (now_us() - t0_) / (double)(count);		\
	} while (0)

static int bo_cycle(struct qda_session *s, size_t size)
{
	struct qda_bo *bo;
	uint8_t *p;
	int ret;

	ret = qda_bo_alloc(s, size, 0, &bo);
	if (ret)
		return ret;
	ret = qda_bo_map(bo, (void **)&p);
	if (!ret)
		for (size_t off = 0; off < size; off += 4096)
			p[off] = 1;
	qda_bo_free(bo);
	return ret;
}

static int memcpy_op(void *dst, const void *src, size_t n)
{
	memcpy(dst, src, n);
	__asm__ volatile("" : : "r"(dst) : "memory");
	return 0;
}

/* One run's figures: microseconds per operation */
struct bench_figures {
	double query;		/* a trivial device query */
	double null_call;	/* an empty call */
	double bo_call;		/* a call with a 64 KiB BO argument */
	double mem_call;	/* a call with 64 KiB of plain memory */
	double copy;		/* a memcpy of 64 KiB */
	double bo_cycle;	/* a 64 KiB BO allocated, mapped, touched, freed */
};

static void bench_report(const struct opts *o, const char *domain,
			 const struct bench_figures *f)
{
	if (o->json) {
		printf("{\"domain\":\"%s\",\"count\":%lu,\"query_us\":%.2f,"
		       "\"null_invoke_us\":%.2f,\"null_invoke_per_query\":%.2f,"
		       "\"bo_arg_64k_us\":%.2f,\"packed_64k_us\":%.2f,"
		       "\"memcpy_64k_us\":%.2f,\"packed_over_memcpy_bw\":%.3f,"
		       "\"bo_cycles_64k_per_s\":%.1f}\n",
		       domain, o->count, f->query, f->null_call,
		       f->null_call / f->query, f->bo_call, f->mem_call,
		       f->copy, f->copy / f->mem_call, 1e6 / f->bo_cycle);
		return;
	}
	printf("%s, %lu of each:\n", domain, o->count);
	printf("  trivial query                 %10.2f us\n", f->query);
	printf("  empty call                    %10.2f us  (%.1fx the query)\n",
	       f->null_call, f->null_call / f->query);
	printf("  call with a 64 KiB BO         %10.2f us\n", f->bo_call);
	printf("  call with 64 KiB of memory    %10.2f us  (bandwidth %.2fx a memcpy of %.2f us)\n",
	       f->mem_call, f->copy / f->mem_call, f->copy);
	printf("  64 KiB BO alloc+map+touch+free %9.1f /s\n", 1e6 / f->bo_cycle);
}

int cmd_bench(const struct opts *o)
{
	const size_t size = 64 * 1024;
	struct qda_arg bo_arg[1], mem_arg[1];
	uint8_t *src = NULL, *dst = NULL;
	struct bench_figures f;
	struct qda_bo *bo = NULL;
	uint32_t status = 0;
	uint64_t v;
	struct remote r;
	int rc;

	if (o->argc || o->count == 0)
		return EXIT_USAGE;
	rc = remote_open(o, TEST_URI, &r);
	if (rc)
		goto out;
	src = calloc(1, size);
	dst = calloc(1, size);
	if (!src || !dst) {
		rc = fail(o, "bench", -ENOMEM);
		goto out;
	}
	rc = qda_bo_alloc(r.s, size, 0, &bo);
	if (rc) {
		rc = fail(o, "bench", rc);
		goto out;
	}
	bo_arg[0] = QDA_ARG_IN_BO(bo, 0, size);
	mem_arg[0] = QDA_ARG_IN_MEM(src, size);

	/* Warm up: the first calls of a session allocate its payloads */
	BENCH_LOOP(10, qda_invoke(r.s, r.h, TEST_NOOP, bo_arg, 1, NULL, &status), f.bo_call);
	BENCH_LOOP(10, qda_invoke(r.s, r.h, TEST_NOOP, mem_arg, 1, NULL, &status), f.mem_call);
	BENCH_LOOP(o->count, qda_device_query(r.dev, QDA_PARAM_UAPI_VERSION, &v), f.query);
	BENCH_LOOP(o->count, qda_invoke(r.s, r.h, TEST_NOOP, NULL, 0, NULL, &status), f.null_call);
	BENCH_LOOP(o->count, qda_invoke(r.s, r.h, TEST_NOOP, bo_arg, 1, NULL, &status), f.bo_call);
	BENCH_LOOP(o->count, qda_invoke(r.s, r.h, TEST_NOOP, mem_arg, 1, NULL, &status), f.mem_call);
	BENCH_LOOP(o->count, memcpy_op(dst, src, size), f.copy);
	BENCH_LOOP(o->count, bo_cycle(r.s, size), f.bo_cycle);
	bench_report(o, qda_session_domain_name(r.s), &f);
out:
	qda_bo_free(bo);
	free(src);
	free(dst);
	remote_close(&r);
	return rc;
}
