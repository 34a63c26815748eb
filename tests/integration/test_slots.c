// SPDX-License-Identifier: MIT
/*
 * Call slots. A device has 255; the last 16 are kept for process releases,
 * so that closing a file always reaches the DSP, and one file holds at most
 * 64 calls alive. The kernel messages made for a file (map, unmap, create,
 * attach, capability query) count as that file's calls and never take the
 * kept slots: otherwise one user could drain them with MAP calls and every
 * later close would leave its context bank quarantined.
 *
 * Calls are kept alive by the vDSP's "drop" knob (user calls are never
 * answered) and a short deadline (the call is abandoned and stays
 * registered); a DSP restart clears them at the end.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "qt.h"

#define FILE_MAX_CALLS	64
#define FILLERS		3

static struct qt_dev dev;

static void counters_back(const struct qt_base *b, const char *name)
{
	char why[512];

	if (qt_base_check(&dev, b, 5000, why, sizeof(why)))
		qt_fail(name, "%s", why);
	else
		qt_ok(name);
}

/*
 * Abandon never-answered calls on @s until @max of them reached the DSP or
 * a call fails otherwise; returns how many reached it, by the core's
 * "invokes" counter. A call's deadline can pass before the call is sent
 * (a debug kernel is that slow): such a call holds no slot and is retried.
 * *@last gets the error that stopped it (0 if @max were made).
 */
static int fill(struct qt_sess *s, int max, int *last)
{
	int64_t base = qt_stat_file(dev.core_stats, "invokes");
	int sent = 0, tries, ret = 0;
	uint32_t st;

	for (tries = 0; tries < 8 * max && sent < max; tries++) {
		ret = qt_noop(s, (int64_t)(qt_now_ns() + 20000000), &st);
		sent = (int)(qt_stat_file(dev.core_stats, "invokes") - base);
		if (ret != -ETIMEDOUT)
			break;
	}
	*last = sent == max && ret == -ETIMEDOUT ? 0 : ret;
	return sent;
}

static int map_one(struct qt_sess *s)
{
	uint64_t addr;
	uint32_t h;
	int ret;

	ret = qt_gem_create(s->fd, 65536, &h);
	if (!ret)
		ret = qt_map(s->fd, h, 0, 65536, 0, &addr);
	if (!ret)
		qt_unmap(s->fd, addr);
	return ret;
}

static int restart_dsp(void)
{
	return qt_inject(&dev, "clear") || qt_inject(&dev, "crash 50") ||
	       qt_wait_up(&dev, 5000) ? -1 : 0;
}

/* A file at its limit cannot make kernel messages either */
static void test_file_limit(void)
{
	struct qt_sess s;
	struct qt_base b;
	int n, last;

	qt_base_take(&dev, &b);
	if (qt_sess_open(&dev, &s, "itest_slots", true) ||
	    qt_inject(&dev, "drop every=1")) {
		qt_fail("file-limit-setup", "session or knob");
		qt_sess_close(&s);
		return;
	}
	n = fill(&s, FILE_MAX_CALLS + 1, &last);
	if (n == FILE_MAX_CALLS && last == -EBUSY)
		qt_ok("file-holds-at-most-64-calls");
	else
		qt_fail("file-holds-at-most-64-calls", "%d calls, then %d", n, last);
	n = map_one(&s);
	if (n == -EBUSY)
		qt_ok("file-at-its-limit-cannot-map");
	else
		qt_fail("file-at-its-limit-cannot-map", "map returned %d", n);
	if (restart_dsp())
		qt_fail("file-limit-restart", "DSP restart failed");
	qt_sess_close(&s);
	counters_back(&b, "file-limit-counters-back");
}

/* With every ordinary slot taken, a map is refused and a release passes */
static void test_teardown_reserve(void)
{
	struct qt_sess fillers[FILLERS], victim;
	int64_t procs;
	struct qt_base b;
	int i, n, last, total = 0;

	qt_base_take(&dev, &b);
	memset(fillers, 0, sizeof(fillers));
	for (i = 0; i < FILLERS; i++)
		fillers[i].fd = -1;
	if (qt_sess_open(&dev, &victim, "itest_slots_victim", true)) {
		qt_fail("reserve-setup", "session");
		return;
	}
	for (i = 0; i < FILLERS; i++)
		if (qt_sess_open(&dev, &fillers[i], "itest_slots_filler", true))
			break;
	if (i < FILLERS || qt_inject(&dev, "drop every=1")) {
		qt_fail("reserve-setup", "sessions or knob");
		goto out;
	}
	for (i = 0; i < FILLERS; i++)
		total += fill(&fillers[i], FILE_MAX_CALLS, &last);
	/* the victim takes what is left of the ordinary slots */
	n = fill(&victim, FILE_MAX_CALLS, &last);
	total += n;
	if (last == -EBUSY && n < FILE_MAX_CALLS)
		qt_ok("ordinary-slots-run-out");
	else
		qt_fail("ordinary-slots-run-out", "%d calls in all, last %d",
			total, last);
	n = map_one(&victim);
	if (n == -EBUSY)
		qt_ok("map-never-takes-the-teardown-slots");
	else
		qt_fail("map-never-takes-the-teardown-slots", "map returned %d", n);

	procs = qt_vdsp(&dev, "processes");
	qt_sess_close(&victim);
	if (qt_vdsp(&dev, "processes") == procs - 1)
		qt_ok("release-gets-through-when-slots-run-out");
	else
		qt_fail("release-gets-through-when-slots-run-out",
			"DSP processes %lld -> %lld", (long long)procs,
			(long long)qt_vdsp(&dev, "processes"));
	if (restart_dsp())
		qt_fail("reserve-restart", "DSP restart failed");
out:
	qt_inject(&dev, "clear");
	for (i = 0; i < FILLERS; i++)
		qt_sess_close(&fillers[i]);
	if (victim.fd >= 0)
		qt_sess_close(&victim);
	counters_back(&b, "reserve-counters-back");
}

int main(void)
{
	if (qt_dev_find(&dev)) {
		qt_fail("find-device", "no qda device with the vDSP");
		return qt_summary();
	}
	test_file_limit();
	test_teardown_reserve();
	return qt_summary();
}
