// SPDX-License-Identifier: MIT
/*
 * Kernel messages the DSP answers late. A message that timed out may still
 * be carried out by the DSP, so the driver must treat its effect as
 * possible: a capability query keeps its payload (and the session's bank)
 * until answered, an attach is released at close as if it had been made,
 * a map keeps its buffer mapped until the process is gone, and a release
 * answered late ends the quarantine it caused. A DSP restart in each of
 * these states ends it: everything the DSP could still reach is let go,
 * and no answer from before the restart arrives after it. The vDSP's
 * "stall" knob starts a call late (its writes come late); "delay" makes
 * only the answer late. The driver's kernel-call timeout is shortened to
 * make them time out.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qt.h"

#define TIMEOUT_PARAM	"release_timeout_ms"
#define SHORT_TIMEOUT	"300"
#define LATE_MS		1200

static struct qt_dev dev;
static char saved_timeout[32];

/* L1: the query's payload outlives the file while the DSP may write it */
static void test_late_capability_query(void)
{
	struct qt_base b;
	int64_t faults;
	uint64_t v;
	int fd;

	/* Capabilities are asked once per DSP boot: start a new one */
	if (qt_inject(&dev, "crash 50") || qt_wait_up(&dev, 5000)) {
		qt_fail("caps-setup", "DSP restart failed");
		return;
	}
	qt_base_take(&dev, &b);
	faults = qt_vdsp(&dev, "faults");
	fd = qt_open(&dev);
	if (fd < 0 || qt_inject(&dev, "stall 1200 scope=kernel")) {
		qt_fail("caps-setup", "open or knob failed");
		return;
	}
	qt_expect("caps-query-times-out",
	       qt_query(fd, DRM_QDA_PARAM_DSP_CAPABILITY, 1, &v), -ETIMEDOUT);
	close(fd);
	qt_sleep_ms(LATE_MS + 500);
	if (qt_vdsp(&dev, "faults") == faults)
		qt_ok("late-caps-answer-finds-its-payload-mapped");
	else
		qt_fail("late-caps-answer-finds-its-payload-mapped",
			"vDSP translation faults %lld -> %lld", (long long)faults,
			(long long)qt_vdsp(&dev, "faults"));
	qt_counters_back(&dev, &b, "caps-counters-back");
}

/* L2: an attach that timed out is released at close */
static void test_late_attach(void)
{
	struct drm_qda_proc_attach a = { .pd = DRM_QDA_PD_ROOT };
	struct qt_base b;
	uint32_t state = 0;
	int fd;

	qt_base_take(&dev, &b);
	fd = qt_open(&dev);
	if (fd < 0 || qt_inject(&dev, "delay 1200 scope=kernel")) {
		qt_fail("attach-setup", "open or knob failed");
		return;
	}
	qt_expect("attach-times-out", qt_ioctl(fd, DRM_IOCTL_QDA_PROC_ATTACH, &a),
	       -ETIMEDOUT);
	qt_proc_state(fd, &state);
	if (state == DRM_QDA_PROC_STATE_LOST)
		qt_ok("timed-out-attach-reads-lost");
	else
		qt_fail("timed-out-attach-reads-lost", "state %u", state);
	qt_sleep_ms(LATE_MS + 300);
	close(fd);
	qt_counters_back(&dev, &b, "timed-out-attach-released-at-close");
}

/* L2: a map that timed out keeps its buffer mapped until the process goes */
static void test_late_map(void)
{
	struct qt_sess s;
	struct qt_base b;
	uint64_t addr = 0;
	uint32_t h;

	qt_base_take(&dev, &b);
	if (qt_sess_open(&dev, &s, "itest_unconfirmed", false)) {
		qt_fail("map-setup", "session");
		return;
	}
	if (qt_gem_create(s.fd, 65536, &h) ||
	    qt_inject(&dev, "delay 1200 scope=kernel")) {
		qt_fail("map-setup", "BO or knob failed");
		goto out;
	}
	qt_expect("map-times-out", qt_map(s.fd, h, 0, 65536, 0, &addr),
	       -ETIMEDOUT);
	/* No call between the two counts: only the close can change it */
	qt_close_keeps_bo(&dev, s.fd, h, "timed-out-map-keeps-its-buffer");
	qt_expect("unmap-cannot-name-it", qt_unmap(s.fd, 0), -ENOENT);
	qt_sleep_ms(LATE_MS + 300);
out:
	qt_sess_close(&s);
	qt_counters_back(&dev, &b, "timed-out-map-counters-back");
}

/* A release answered late: quarantined until then, released after */
static void test_late_release(void)
{
	int64_t sessions, late;
	struct qt_sess s;
	struct qt_base b;

	qt_base_take(&dev, &b);
	late = qt_core(&dev, "late_releases");
	if (qt_sess_open(&dev, &s, "itest_unconfirmed", false) ||
	    qt_inject(&dev, "delay 1200 scope=kernel")) {
		qt_fail("release-setup", "session or knob");
		qt_sess_close(&s);
		return;
	}
	sessions = qt_core(&dev, "sessions");
	qt_sess_close(&s);
	if (qt_core(&dev, "sessions") == sessions)
		qt_ok("unanswered-release-quarantines");
	else
		qt_fail("unanswered-release-quarantines", "sessions %lld -> %lld",
			(long long)sessions, (long long)qt_core(&dev, "sessions"));
	qt_counters_back(&dev, &b, "late-release-answer-ends-quarantine");
	if (qt_core(&dev, "late_releases") == late + 1)
		qt_ok("late-release-counted");
	else
		qt_fail("late-release-counted", "late_releases %lld -> %lld",
			(long long)late, (long long)qt_core(&dev, "late_releases"));
}

/*
 * A DSP restart while the driver waits for a kernel message's answer
 * (@what: "release", "map" or "attach", each made to time out): the
 * restart ends every wait, the memory goes back, and the answer of before
 * the restart never comes.
 */
static void test_restart_while_unconfirmed(const char *what)
{
	int64_t late = qt_core(&dev, "late_releases");
	int64_t dropped = qt_core(&dev, "dropped");
	struct drm_qda_proc_attach a = { .pd = DRM_QDA_PD_ROOT };
	struct qt_sess s = { .fd = -1 };
	char name[96];
	uint64_t addr;
	struct qt_base b;
	uint32_t h;
	int ret = 0;

	qt_base_take(&dev, &b);
	snprintf(name, sizeof(name), "restart-during-unconfirmed-%s", what);
	if (qt_sess_open(&dev, &s, strcmp(what, "attach") ? "itest_unconfirmed" :
			 NULL, false) ||
	    qt_inject(&dev, "delay 1200 scope=kernel")) {
		qt_fail(name, "session or knob");
		goto out;
	}
	if (!strcmp(what, "release")) {
		qt_sess_close(&s);
	} else if (!strcmp(what, "map")) {
		ret = qt_gem_create(s.fd, 65536, &h);
		if (!ret)
			ret = qt_map(s.fd, h, 0, 65536, 0, &addr);
		if (!ret || ret == -ETIMEDOUT)
			qt_gem_close(s.fd, h);
	} else {
		ret = qt_ioctl(s.fd, DRM_IOCTL_QDA_PROC_ATTACH, &a);
	}
	if (ret != (strcmp(what, "release") ? -ETIMEDOUT : 0)) {
		qt_fail(name, "setup returned %d", ret);
		goto out;
	}
	if (qt_restart(&dev)) {
		qt_fail(name, "DSP restart failed");
		goto out;
	}
	qt_inject(&dev, "clear");
	qt_sess_close(&s);
	qt_ok(name);
	/* past the delayed answer's time: it must not have come */
	qt_sleep_ms(LATE_MS + 300);
	snprintf(name, sizeof(name), "restart-during-unconfirmed-%s-no-late-answer",
		 what);
	if (qt_core(&dev, "late_releases") == late &&
	    qt_core(&dev, "dropped") == dropped)
		qt_ok(name);
	else
		qt_fail(name, "late_releases %lld -> %lld, dropped %lld -> %lld",
			(long long)late, (long long)qt_core(&dev, "late_releases"),
			(long long)dropped, (long long)qt_core(&dev, "dropped"));
out:
	qt_inject(&dev, "clear");
	qt_sess_close(&s);
	snprintf(name, sizeof(name), "restart-during-unconfirmed-%s-counters-back",
		 what);
	qt_counters_back(&dev, &b, name);
}

/* Every case, or the one named by the first argument */
int main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : NULL;

	if (qt_dev_find(&dev)) {
		qt_fail("find-device", "no qda device with the vDSP");
		return qt_summary();
	}
	if (qt_param_get(TIMEOUT_PARAM, saved_timeout, sizeof(saved_timeout)) ||
	    qt_param_set(TIMEOUT_PARAM, SHORT_TIMEOUT)) {
		qt_fail("set-timeout", "cannot set %s", TIMEOUT_PARAM);
		return qt_summary();
	}
	if (!only || !strcmp(only, "caps"))
		test_late_capability_query();
	if (!only || !strcmp(only, "attach"))
		test_late_attach();
	if (!only || !strcmp(only, "map"))
		test_late_map();
	if (!only || !strcmp(only, "release"))
		test_late_release();
	if (!only || !strcmp(only, "restart")) {
		test_restart_while_unconfirmed("release");
		test_restart_while_unconfirmed("map");
		test_restart_while_unconfirmed("attach");
	}
	qt_inject(&dev, "clear");
	if (qt_param_set(TIMEOUT_PARAM, saved_timeout))
		qt_fail("restore-timeout", "cannot restore %s", TIMEOUT_PARAM);
	return qt_summary();
}
