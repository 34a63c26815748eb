// SPDX-License-Identifier: MIT
/*
 * Call slots. A device has 255; the last 16 are kept for process releases,
 * so that closing a file always reaches the DSP. One file holds at most
 * 64 calls alive and one user (the files' opener) at most 128, so that
 * neither a file nor a user with many files takes every slot
 * (max_file_calls and max_user_calls). The kernel messages made for a file
 * (map, unmap, create, attach, capability query) count as that file's
 * calls and never take the kept slots: otherwise one user could drain them
 * with MAP calls and every later close would leave its context bank
 * quarantined.
 *
 * Calls are kept alive by the vDSP's "drop" knob (user calls are never
 * answered) and a short deadline (the call is abandoned and stays
 * registered); a DSP restart clears them at the end.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "qt.h"

#define FILE_MAX_CALLS	64
#define USER_MAX_CALLS	128
#define FILLERS		3
#define FILLER_UID	1001	/* fillers i = 0.. are users 1001 + i */

static struct qt_dev dev;

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

/*
 * qt_sess_open() as user @uid: a file is charged to its opener's real uid.
 * The effective uid stays 0, so that the node opens whatever its mode.
 */
static int sess_open_as(uid_t uid, struct qt_sess *s, const char *name)
{
	int ret;

	if (setresuid(uid, 0, 0))
		return -1;
	ret = qt_sess_open(&dev, s, name, true);
	if (setresuid(0, 0, 0))
		ret = -1;
	if (ret)
		qt_note("session of user %u: %d", (unsigned int)uid, ret);
	return ret;
}

static int set_param(const char *name, unsigned int value)
{
	char text[16];

	snprintf(text, sizeof(text), "%u", value);
	return qt_param_set(name, text);
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
	return qt_inject(&dev, "clear") || qt_restart(&dev);
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
	qt_counters_back(&dev, &b, "file-limit-counters-back");
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
	/* each filler its own user, so that only the device's slots run out */
	for (i = 0; i < FILLERS; i++)
		if (sess_open_as(FILLER_UID + i, &fillers[i],
				 "itest_slots_filler"))
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
	qt_counters_back(&dev, &b, "reserve-counters-back");
}

/* A user's files together hold at most 128 calls; other users are not held */
static void test_user_limit(void)
{
	struct qt_sess files[3], other = { .fd = -1 };
	struct qt_base b;
	int i, n[3], on, last[3], olast;

	qt_base_take(&dev, &b);
	memset(files, 0, sizeof(files));
	for (i = 0; i < 3; i++)
		files[i].fd = -1;
	for (i = 0; i < 3; i++)
		if (qt_sess_open(&dev, &files[i], "itest_slots_user", true))
			break;
	if (i < 3 || sess_open_as(FILLER_UID, &other, "itest_slots_other") ||
	    qt_inject(&dev, "drop every=1")) {
		qt_fail("user-limit-setup", "sessions or knob");
		goto out;
	}
	for (i = 0; i < 3; i++)
		n[i] = fill(&files[i], FILE_MAX_CALLS, &last[i]);
	if (n[0] + n[1] == USER_MAX_CALLS && !last[1] && n[2] == 0 &&
	    last[2] == -EBUSY)
		qt_ok("user-holds-at-most-128-calls");
	else
		qt_fail("user-holds-at-most-128-calls",
			"files made %d, %d, %d calls; the third stopped at %d",
			n[0], n[1], n[2], last[2]);
	on = fill(&other, FILE_MAX_CALLS, &olast);
	if (on == FILE_MAX_CALLS && !olast)
		qt_ok("other-users-keep-their-calls");
	else
		qt_fail("other-users-keep-their-calls", "%d calls, then %d",
			on, olast);
	if (restart_dsp())
		qt_fail("user-limit-restart", "DSP restart failed");
out:
	qt_inject(&dev, "clear");
	for (i = 0; i < 3; i++)
		qt_sess_close(&files[i]);
	if (other.fd >= 0)
		qt_sess_close(&other);
	qt_counters_back(&dev, &b, "user-limit-counters-back");
}

/*
 * Subtest @name: @s makes @want calls, and the one after them is refused
 * with -EBUSY (@what prefixes the failure's explanation)
 */
static void expect_busy_after(struct qt_sess *s, int want, const char *name,
			      const char *what)
{
	int last, n = fill(s, want + 1, &last);

	if (n == want && last == -EBUSY)
		qt_ok(name);
	else
		qt_fail(name, "%s%d calls, then %d", what, n, last);
}

/* The limits are module parameters: each holds at its edge, and recovers */
static void test_limit_params(void)
{
	struct qt_sess a = { .fd = -1 }, c = { .fd = -1 };
	struct qt_base b;

	qt_base_take(&dev, &b);
	if (set_param("max_file_calls", 5) || set_param("max_user_calls", 7)) {
		qt_fail("limit-params-setup", "cannot set the parameters");
		goto out;
	}
	if (qt_sess_open(&dev, &a, "itest_slots_param", true) ||
	    qt_sess_open(&dev, &c, "itest_slots_param", true) ||
	    qt_inject(&dev, "drop every=1")) {
		qt_fail("limit-params-setup", "sessions or knob");
		goto out;
	}
	expect_busy_after(&a, 5, "max_file_calls-5-allows-5", "");
	expect_busy_after(&c, 2, "max_user_calls-7-allows-7", "second file: ");
	if (restart_dsp())
		qt_fail("limit-params-restart", "DSP restart failed");
	qt_sess_close(&a);
	qt_sess_close(&c);
	/* the abandoned calls went with the restart: a new file has them all */
	if (qt_sess_open(&dev, &a, "itest_slots_param", true) ||
	    qt_inject(&dev, "drop every=1")) {
		qt_fail("limit-params-recover", "session or knob");
		goto out;
	}
	expect_busy_after(&a, 5, "limits-recover-after-release", "");
	if (restart_dsp())
		qt_fail("limit-params-restart", "DSP restart failed");
out:
	qt_inject(&dev, "clear");
	set_param("max_file_calls", FILE_MAX_CALLS);
	set_param("max_user_calls", USER_MAX_CALLS);
	if (a.fd >= 0)
		qt_sess_close(&a);
	if (c.fd >= 0)
		qt_sess_close(&c);
	qt_counters_back(&dev, &b, "limit-params-counters-back");
}

int main(void)
{
	if (qt_dev_find(&dev)) {
		qt_fail("find-device", "no qda device with the vDSP");
		return qt_summary();
	}
	test_file_limit();
	test_teardown_reserve();
	test_user_limit();
	test_limit_params();
	return qt_summary();
}
