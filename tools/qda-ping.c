/* SPDX-License-Identifier: MIT */
/*
 * qda ping: round trips through the DSP's test module.
 */
#define _GNU_SOURCE
#include <stdio.h>

#include "qda-tool.h"

const char cmd_ping_usage[] =
	"usage: qda ping [--json] [-d DOMAIN] [-n COUNT]\n"
	"Open a session, create a DSP process, open the test module and time\n"
	"COUNT (default 10) empty calls. Reports the round trips in microseconds.\n";

int cmd_ping(const struct opts *o)
{
	double t, dt, min = 1e30, max = 0, sum = 0;
	uint32_t status = 0;
	struct remote r;
	unsigned long i;
	int ret, rc;

	if (o->argc || o->count == 0)
		return EXIT_USAGE;
	rc = remote_open(o, TEST_URI, &r);
	if (rc)
		goto out;
	for (i = 0; i < o->count; i++) {
		t = now_us();
		ret = qda_invoke(r.s, r.h, TEST_NOOP, NULL, 0, NULL, &status);
		dt = now_us() - t;
		if (ret) {
			rc = fail(o, "noop", ret);
			goto out;
		}
		sum += dt;
		min = dt < min ? dt : min;
		max = dt > max ? dt : max;
	}
	if (o->json)
		printf("{\"domain\":\"%s\",\"count\":%lu,\"min_us\":%.1f,"
		       "\"avg_us\":%.1f,\"max_us\":%.1f}\n",
		       qda_session_domain_name(r.s), o->count, min,
		       sum / (double)o->count, max);
	else
		printf("%s: %lu round trips: min %.1f us, avg %.1f us, max %.1f us\n",
		       qda_session_domain_name(r.s), o->count, min,
		       sum / (double)o->count, max);
out:
	remote_close(&r);
	return rc;
}
