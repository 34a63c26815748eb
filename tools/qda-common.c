/* SPDX-License-Identifier: MIT */
/*
 * qda-common.c: what the qda commands share: JSON strings, error reports,
 * opening a device, and a session with a DSP process and a module.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "qda-tool.h"

void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

int fail(const struct opts *o, const char *what, int err)
{
	int code = err == -ENODEV ? EXIT_NODEV : EXIT_FAIL;

	if (o->json) {
		printf("{\"error\":");
		json_str(what);
		printf(",\"errno\":%d,\"message\":", -err);
		json_str(qda_strerror(err));
		printf("}\n");
	} else {
		fprintf(stderr, "qda: %s: %s\n", what, qda_strerror(err));
	}
	return code;
}

int open_dev(const char *what, struct qda_device **dev)
{
	if (!what)
		return qda_device_open("cdsp", dev) == 0 ? 0 :
						 qda_device_open(NULL, dev);
	if (what[0] == '/')
		return qda_device_open_path(what, dev);
	return qda_device_open(what, dev);
}

int remote_open(const struct opts *o, const char *uri, struct remote *r)
{
	char dlerr[256] = "";
	int ret;

	memset(r, 0, sizeof(*r));
	ret = open_dev(o->domain, &r->dev);
	if (ret)
		return fail(o, o->domain ? o->domain : "open device", ret);
	ret = qda_session_open(r->dev, &r->s);
	if (ret)
		return fail(o, "open session", ret);
	ret = qda_session_create_pd(r->s, "qda", QDA_PD_UNSIGNED, NULL, 0, 0);
	if (ret)
		return fail(o, "create DSP process", ret);
	ret = qda_module_open(r->s, uri, &r->h, NULL, dlerr, sizeof(dlerr));
	if (ret) {
		if (dlerr[0] && !o->json)
			fprintf(stderr, "qda: DSP loader: %s\n", dlerr);
		return fail(o, "open module", ret);
	}
	return 0;
}

void remote_close(struct remote *r)
{
	if (r->h)
		qda_module_close(r->s, r->h, NULL);
	qda_session_close(r->s);
	qda_device_close(r->dev);
}

double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}
