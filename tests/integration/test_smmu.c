// SPDX-License-Identifier: MIT
/*
 * The virtual DSP behaves like an SMMU: an argument address that maps
 * nothing (the vDSP's "bad_addr" knob reads a page entry 2 GiB off) is a
 * translation fault there: counted, and the call is answered with
 * AEE_EBADVA instead of touching memory. The next call, with right
 * addresses, works.
 *
 * The production module carries no fault injection of its own: no debugfs
 * file of qda's may make it send wrong addresses.
 */
#define _GNU_SOURCE
#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qda/qda.h>

#include "itest.h"
#include "qt_modules.h"

#define AEE_EBADVA 0x80000483u

static long read_stat(const char *pattern, const char *name)
{
	glob_t g;
	long v = -1;

	if (glob(pattern, 0, NULL, &g))
		return -1;
	for (size_t i = 0; i < g.gl_pathc && v < 0; i++) {
		FILE *f = fopen(g.gl_pathv[i], "r");
		char key[64];
		long val;

		while (f && fscanf(f, "%63s %ld", key, &val) == 2)
			if (!strcmp(key, name)) {
				v = val;
				break;
			}
		if (f)
			fclose(f);
	}
	globfree(&g);
	return v;
}

#define VDSP_INJECT "/sys/kernel/debug/qda_vdsp/cdsp/inject"

static int write_knob(const char *cmd)
{
	FILE *f = fopen(VDSP_INJECT, "w");
	int r;

	if (!f)
		return -1;
	r = fputs(cmd, f) < 0 ? -1 : 0;
	return fclose(f) ? -1 : r;
}

/* How many files named @name qda's debugfs directories hold */
static size_t qda_debugfs_files(const char *name)
{
	static const char *const dirs[] = {
		"/sys/kernel/debug/accel/*/", "/sys/kernel/debug/dri/*/",
	};
	char pattern[128];
	size_t n = 0;
	glob_t g;

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(pattern, sizeof(pattern), "%s%s", dirs[i], name);
		if (!glob(pattern, 0, NULL, &g))
			n += g.gl_pathc;
		globfree(&g);
	}
	return n;
}

int main(void)
{
	struct qda_device *dev = NULL;
	struct qda_session *s = NULL;
	struct qda_bo *bo = NULL;
	uint32_t mod = 0, st = 0, crc = 0;
	long faults0, faults1;
	int r;

	r = qda_device_open("cdsp", &dev);
	r = r ? r : qda_session_open(dev, &s);
	r = r ? r : qda_session_create_pd(s, "itest_smmu", 0, NULL, 0, 0);
	r = r ? r : qda_module_open(s, QT_TEST_URI, &mod, &st, NULL, 0);
	r = r ? r : qda_bo_alloc(s, 8192, 0, &bo);
	CHECK_RET("setup", r, 0);
	if (r)
		goto out;

	faults0 = read_stat("/sys/kernel/debug/qda_vdsp/cdsp/stats", "faults");
	CHECK("vdsp-faults-readable", faults0 >= 0, "no vDSP stats");
	CHECK("no-injection-hook-in-qda", qda_debugfs_files("inject_bad_addr") == 0,
	      "qda.ko exposes inject_bad_addr");
	CHECK("knob-armed", write_knob("bad_addr") == 0, "cannot arm bad_addr");
	{
		struct qda_arg a[2] = {
			QDA_ARG_IN_BO(bo, 0, 4096),
			QDA_ARG_OUT_MEM(&crc, sizeof(crc)),
		};

		st = 0;
		r = qda_invoke(s, mod, 5, a, 2, NULL, &st);
		CHECK("bad-address-refused", r == -EREMOTEIO && st == AEE_EBADVA,
		      "r=%d status %#x", r, st);
	}
	faults1 = read_stat("/sys/kernel/debug/qda_vdsp/cdsp/stats", "faults");
	CHECK("translation-fault-counted", faults1 == faults0 + 1,
	      "faults %ld -> %ld", faults0, faults1);
	{
		struct qda_arg a[2] = {
			QDA_ARG_IN_BO(bo, 0, 4096),
			QDA_ARG_OUT_MEM(&crc, sizeof(crc)),
		};

		r = qda_invoke(s, mod, 5, a, 2, NULL, &st);
		CHECK("next-call-works", r == 0 && st == 0, "r=%d status %#x", r, st);
	}
out:
	qda_bo_free(bo);
	qda_session_close(s);
	qda_device_close(dev);
	return itest_done();
}
