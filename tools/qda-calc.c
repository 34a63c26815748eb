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

int cmd_calc(const struct opts *o)
{
	int64_t cpu_sum = 0, dsp_sum = 0;
	int32_t cpu_max = INT32_MIN, dsp_max = 0, *vec;
	struct qda_arg args[3];
	uint32_t n, status = 0, i, method;
	struct remote r;
	int ret, rc;

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
	for (i = 0; i < n; i++) {
		char *end;
		long v;

		errno = 0;
		v = strtol(o->argv[i + 1], &end, 0);
		if (errno || *end || end == o->argv[i + 1] || v < INT32_MIN ||
		    v > INT32_MAX) {
			fprintf(stderr, "qda: not a 32-bit integer: %s\n",
				o->argv[i + 1]);
			free(vec);
			return EXIT_USAGE;
		}
		vec[i] = (int32_t)v;
		cpu_sum += v;
		if (vec[i] > cpu_max)
			cpu_max = vec[i];
	}
	rc = remote_open(o, CALC_URI, &r);
	if (rc)
		goto out;
	args[0] = QDA_ARG_IN_MEM(&n, sizeof(n));
	args[1] = QDA_ARG_IN_MEM(vec, n * sizeof(*vec));
	if (method == CALC_SUM)
		args[2] = QDA_ARG_OUT_MEM(&dsp_sum, sizeof(dsp_sum));
	else
		args[2] = QDA_ARG_OUT_MEM(&dsp_max, sizeof(dsp_max));
	ret = qda_invoke(r.s, r.h, method, args, 3, NULL, &status);
	if (ret) {
		rc = fail(o, o->argv[0], ret);
		if (ret == -EREMOTEIO && !o->json)
			fprintf(stderr, "qda: DSP status 0x%08" PRIx32 "\n",
				status);
		goto out;
	}
	if (method == CALC_SUM) {
		rc = dsp_sum == cpu_sum ? 0 : EXIT_FAIL;
		if (o->json)
			printf("{\"op\":\"sum\",\"result\":%" PRId64
			       ",\"expected\":%" PRId64 ",\"ok\":%s}\n",
			       dsp_sum, cpu_sum, rc ? "false" : "true");
		else
			printf("%" PRId64 "%s\n", dsp_sum,
			       rc ? " (MISMATCH: CPU says different)" : "");
	} else {
		rc = dsp_max == cpu_max ? 0 : EXIT_FAIL;
		if (o->json)
			printf("{\"op\":\"max\",\"result\":%" PRId32
			       ",\"expected\":%" PRId32 ",\"ok\":%s}\n",
			       dsp_max, cpu_max, rc ? "false" : "true");
		else
			printf("%" PRId32 "%s\n", dsp_max,
			       rc ? " (MISMATCH: CPU says different)" : "");
	}
out:
	remote_close(&r);
	free(vec);
	return rc;
}
