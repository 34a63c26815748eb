/* SPDX-License-Identifier: MIT */
/*
 * qda info: the parameters and capabilities of one device.
 */
#define _GNU_SOURCE
#include <stdio.h>

#include "qda-tool.h"

const char cmd_info_usage[] =
	"usage: qda info [--json] DEVICE|DOMAIN\n"
	"Show the parameters and capabilities of one device, given by node path\n"
	"(/dev/accel/accel0) or domain name (cdsp).\n";

int cmd_info(const struct opts *o)
{
	struct qda_device *dev;
	int ret;

	if (o->argc != 1)
		return EXIT_USAGE;
	ret = open_dev(o->argv[0], &dev);
	if (ret)
		return fail(o, o->argv[0], ret);
	describe(dev, o->json, true);
	if (o->json)
		printf("\n");
	qda_device_close(dev);
	return 0;
}
