/* SPDX-License-Identifier: MIT */
/*
 * qda calc: sum or maximum of integers on the DSP's calculator module.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qda-tool.h"

#define CALC_URI "file:///libcalculator_skel.so?calculator_skel_handle_invoke&_modver=1.0"
#define CALC_SUM 2
#define CALC_MAX 3

const char cmd_calc_usage[] =
	"usage: qda calc [--json] [-d DOMAIN] sum|max N...\n"
	"Compute the sum or the maximum of the integers N... on the DSP's\n"
	"calculator module and check it against the CPU.\n";

/*
 * Parse the integers N... into @vec. The calculator's elements are
 * int32: anything else is a usage error, reported here.
 */
static int parse_ints(char *const *argv, uint32_t n, int32_t *vec)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		char *end;
		long v;

		errno = 0;
		v = strtol(argv[i], &end, 0);
		if (errno || *end || end == argv[i] || v < INT32_MIN ||
		    v > INT32_MAX) {
			fprintf(stderr, "qda: not a 32-bit integer: %s\n",
				argv[i]);
			return EXIT_USAGE;
		}
		vec[i] = (int32_t)v;
	}
	return 0;
}

/* The answer the DSP must give: the same computation on the CPU */
static int64_t cpu_result(uint32_t method, const int32_t *vec, uint32_t n)
{
	int32_t max = INT32_MIN;
	int64_t sum = 0;
	uint32_t i;

	for (i = 0; i < n; i++) {
		sum += vec[i];
		if (vec[i] > max)
			max = vec[i];
	}
	return method == CALC_SUM ? sum : max;
}

/*
 * Run @method on the DSP's calculator. The result is an int64 for sum and
 * an int32 for max; either is returned as an int64. Returns 0, or the
 * exit status of a failure it reported.
 */
static int dsp_result(const struct opts *o, uint32_t method, int32_t *vec,
		      uint32_t n, int64_t *result)
{
	struct qda_arg args[3];
	uint32_t status = 0;
	int64_t sum = 0;
	int32_t max = 0;
	struct remote r;
	int ret, rc;

	rc = remote_open(o, CALC_URI, &r);
	if (rc)
		goto out;
	args[0] = QDA_ARG_IN_MEM(&n, sizeof(n));
	args[1] = QDA_ARG_IN_MEM(vec, n * sizeof(*vec));
	if (method == CALC_SUM)
		args[2] = QDA_ARG_OUT_MEM(&sum, sizeof(sum));
	else
		args[2] = QDA_ARG_OUT_MEM(&max, sizeof(max));
	ret = qda_invoke(r.s, r.h, method, args, 3, NULL, &status);
	if (ret) {
		rc = fail(o, o->argv[0], ret);
		if (ret == -EREMOTEIO && !o->json)
			fprintf(stderr, "qda: DSP status 0x%08" PRIx32 "\n",
				status);
		goto out;
	}
	*result = method == CALC_SUM ? sum : max;
out:
	remote_close(&r);
	return rc;
}

int cmd_calc(const struct opts *o)
{
	int64_t result = 0, expected;
	uint32_t n, method;
	int32_t *vec;
	int rc;

	if (o->argc < 2)
		return EXIT_USAGE;
	if (!strcmp(o->argv[0], "sum"))
		method = CALC_SUM;
	else if (!strcmp(o->argv[0], "max"))
		method = CALC_MAX;
	else
		return EXIT_USAGE;
	n = (uint32_t)(o->argc - 1);
	vec = calloc(n, sizeof(*vec));
	if (!vec)
		return fail(o, "calc", -ENOMEM);
	rc = parse_ints(o->argv + 1, n, vec);
	if (!rc)
		rc = dsp_result(o, method, vec, n, &result);
	if (!rc) {
		expected = cpu_result(method, vec, n);
		rc = result == expected ? 0 : EXIT_FAIL;
		if (o->json)
			printf("{\"op\":\"%s\",\"result\":%" PRId64
			       ",\"expected\":%" PRId64 ",\"ok\":%s}\n",
			       o->argv[0], result, expected,
			       rc ? "false" : "true");
		else
			printf("%" PRId64 "%s\n", result,
			       rc ? " (MISMATCH: CPU says different)" : "");
	}
	free(vec);
	return rc;
}
