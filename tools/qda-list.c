/* SPDX-License-Identifier: MIT */
/*
 * qda list: every QDA device with its domain, UAPI version and capabilities.
 */
#define _GNU_SOURCE
#include <stdio.h>

#include "qda-tool.h"

const char cmd_list_usage[] =
	"usage: qda list [--json]\n"
	"List every QDA device (accel or render node) with its DSP domain, UAPI\n"
	"version and the DSP's capability words.\n";

int cmd_list(const struct opts *o)
{
	struct qda_device_list *l;
	size_t i, n;
	int ret, rc = 0;

	if (o->argc)
		return EXIT_USAGE;
	ret = qda_device_list_get(&l);
	if (ret)
		return fail(o, "list", ret);
	n = qda_device_list_count(l);
	if (o->json)
		printf("{\"devices\":[");
	else if (!n)
		fprintf(stderr, "qda: no QDA devices found\n");
	for (i = 0; i < n; i++) {
		struct qda_device *dev;

		ret = qda_device_open_path(qda_device_list_path(l, i), &dev);
		if (o->json && i)
			printf(",");
		if (ret) {
			if (o->json) {
				printf("{\"path\":");
				json_str(qda_device_list_path(l, i));
				printf(",\"domain\":");
				json_str(qda_device_list_domain(l, i));
				printf(",\"error\":");
				json_str(qda_strerror(ret));
				printf("}");
			} else {
				printf("%s: domain %s: %s\n",
				       qda_device_list_path(l, i),
				       qda_device_list_domain(l, i),
				       qda_strerror(ret));
			}
			rc = EXIT_FAIL;
			continue;
		}
		describe(dev, o->json, false);
		qda_device_close(dev);
	}
	if (o->json)
		printf("]}\n");
	qda_device_list_free(l);
	return n ? rc : EXIT_NODEV;
}
