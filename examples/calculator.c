/* SPDX-License-Identifier: MIT */
/*
 * calculator: the Hexagon SDK's first example, through libqda.
 *
 * Computes the sum and the maximum of an int32 array on the DSP's
 * "calculator" module, once with the array in a buffer object shared with
 * the DSP (zero-copy) and once from plain memory (libqda packs it), and
 * checks the answers against the CPU's. Exit status: 0 when every answer is
 * right, 1 on a mismatch, 2 when the DSP could not be used.
 *
 *   calculator [DOMAIN [N]]     DOMAIN defaults to cdsp, N (elements) to 1000
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qda/qda.h>

#define CALCULATOR_URI \
	"file:///libcalculator_skel.so?calculator_skel_handle_invoke&_modver=1.0"
#define CALCULATOR_SUM 2	/* sum(in int32 vec[], out int64 res) */
#define CALCULATOR_MAX 3	/* max(in int32 vec[], out int32 res) */

static int check(const char *what, int ret, uint32_t dsp_status)
{
	if (ret == 0)
		return 0;
	if (ret == -EREMOTEIO)
		fprintf(stderr, "calculator: %s: DSP error 0x%08" PRIx32 "\n",
			what, dsp_status);
	else
		fprintf(stderr, "calculator: %s: %s\n", what, qda_strerror(ret));
	return ret;
}

/* sum with the vector in a BO slice, the length and result in plain memory */
static int dsp_sum_bo(struct qda_session *s, uint32_t h, struct qda_bo *bo,
		      uint64_t offset, uint32_t n, int64_t *res)
{
	struct qda_arg args[3];
	uint32_t status = 0;

	args[0] = QDA_ARG_IN_MEM(&n, sizeof(n));
	args[1] = QDA_ARG_IN_BO(bo, offset, (uint64_t)n * sizeof(int32_t));
	args[2] = QDA_ARG_OUT_MEM(res, sizeof(*res));
	return check("sum (BO)",
		     qda_invoke(s, h, CALCULATOR_SUM, args, 3, NULL, &status),
		     status);
}

/* sum and max with everything in plain memory */
static int dsp_call_mem(struct qda_session *s, uint32_t h, uint32_t method,
			const int32_t *vec, uint32_t n, void *res, size_t rlen)
{
	struct qda_arg args[3];
	uint32_t status = 0;

	args[0] = QDA_ARG_IN_MEM(&n, sizeof(n));
	args[1] = QDA_ARG_IN_MEM(vec, (uint64_t)n * sizeof(int32_t));
	args[2] = QDA_ARG_OUT_MEM(res, rlen);
	return check(method == CALCULATOR_SUM ? "sum (memory)" : "max (memory)",
		     qda_invoke(s, h, method, args, 3, NULL, &status), status);
}

/* max with the vector and the result both in the BO */
static int dsp_max_bo(struct qda_session *s, uint32_t h, struct qda_bo *bo,
		      uint32_t n, uint64_t res_off)
{
	struct qda_arg args[3];
	uint32_t status = 0;

	args[0] = QDA_ARG_IN_MEM(&n, sizeof(n));
	args[1] = QDA_ARG_IN_BO(bo, 0, (uint64_t)n * sizeof(int32_t));
	args[2] = QDA_ARG_OUT_BO(bo, res_off, sizeof(int32_t));
	return check("max (BO)",
		     qda_invoke(s, h, CALCULATOR_MAX, args, 3, NULL, &status),
		     status);
}

int main(int argc, char **argv)
{
	const char *domain = argc > 1 ? argv[1] : "cdsp";
	uint32_t n = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 0) : 1000;
	struct qda_device *dev = NULL;
	struct qda_session *s = NULL;
	struct qda_bo *bo = NULL;
	int64_t cpu_sum = 0, dsp_sum_b = 0, dsp_sum_m = 0;
	int32_t cpu_max = INT32_MIN, dsp_max_m = 0, *vec, *map;
	uint64_t res_off;
	uint32_t h = 0, i;
	char dlerr[256];
	int ret, bad = 0;

	if (n == 0 || n > (1u << 24)) {
		fprintf(stderr, "calculator: N must be 1..%u\n", 1u << 24);
		return 2;
	}
	vec = malloc(n * sizeof(*vec));
	if (!vec)
		return 2;
	srand(42);
	for (i = 0; i < n; i++) {
		vec[i] = (int32_t)(rand() % 2000001) - 1000000;
		cpu_sum += vec[i];
		if (vec[i] > cpu_max)
			cpu_max = vec[i];
	}

	ret = qda_device_open(domain, &dev);
	if (check("open device", ret, 0))
		goto out;
	ret = qda_session_open(dev, &s);
	if (check("open session", ret, 0))
		goto out;
	ret = qda_session_create_pd(s, "calculator", QDA_PD_UNSIGNED, NULL, 0, 0);
	if (check("create DSP process", ret, 0))
		goto out;
	ret = qda_module_open(s, CALCULATOR_URI, &h, NULL, dlerr, sizeof(dlerr));
	if (ret) {
		fprintf(stderr, "calculator: open module: %s %s\n",
			qda_strerror(ret), dlerr);
		goto out;
	}
	printf("calculator: %s (%s), %u elements\n", qda_device_domain_name(dev),
	       qda_device_path(dev), n);

	/* Zero-copy: the array lives in a BO the DSP reads in place; the
	 * result slot for max sits after it, 128-byte aligned. */
	res_off = ((uint64_t)n * sizeof(int32_t) + 127) & ~(uint64_t)127;
	ret = qda_bo_alloc(s, res_off + 128, 0, &bo);
	if (check("alloc BO", ret, 0))
		goto out;
	ret = qda_bo_map(bo, (void **)&map);
	if (check("map BO", ret, 0))
		goto out;
	memcpy(map, vec, n * sizeof(*vec));

	ret = dsp_sum_bo(s, h, bo, 0, n, &dsp_sum_b);
	if (ret)
		goto out;
	ret = dsp_max_bo(s, h, bo, n, res_off);
	if (ret)
		goto out;
	ret = dsp_call_mem(s, h, CALCULATOR_SUM, vec, n, &dsp_sum_m,
			   sizeof(dsp_sum_m));
	if (ret)
		goto out;
	ret = dsp_call_mem(s, h, CALCULATOR_MAX, vec, n, &dsp_max_m,
			   sizeof(dsp_max_m));
	if (ret)
		goto out;

#define REPORT(label, dsp, cpu, fmt)                                         \
	do {                                                                 \
		int ok = (dsp) == (cpu);                                     \
		printf("  %-14s DSP %" fmt "  CPU %" fmt "  %s\n", label, dsp, \
		       cpu, ok ? "ok" : "MISMATCH");                         \
		bad |= !ok;                                                  \
	} while (0)
	REPORT("sum (BO)", dsp_sum_b, cpu_sum, PRId64);
	REPORT("sum (memory)", dsp_sum_m, cpu_sum, PRId64);
	REPORT("max (BO)", *(int32_t *)((char *)map + res_off), cpu_max, PRId32);
	REPORT("max (memory)", dsp_max_m, cpu_max, PRId32);
	printf("calculator: %s\n", bad ? "FAILED" : "all results correct");

	ret = qda_module_close(s, h, NULL);
	h = 0;
	check("close module", ret, 0);
out:
	/* Every libqda object, in the reverse order of opening; each close
	 * accepts NULL. copies: the same as in dmabuf_share.c; each example
	 * stands alone, so neither shares a helper with the other. */
	if (h)
		qda_module_close(s, h, NULL);
	qda_bo_free(bo);
	qda_session_close(s);
	qda_device_close(dev);
	free(vec);
	if (bad)
		return 1;
	return ret ? 2 : 0;
}
