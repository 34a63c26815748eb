// SPDX-License-Identifier: MIT
/*
 * Dma handles the DSP keeps. FastRPC lets DSP code keep a buffer passed as
 * a handle beyond the call, until it lists the handle in a response's
 * fdlist; the driver must keep that buffer mapped on the bank meanwhile,
 * even after the application closed its handle, and let it go on the
 * fdlist, on close (release confirmed) and after a DSP restart. The vDSP's
 * qda_test module keeps only the device address (keep), reads through the
 * bank as mapped at that moment (kept_read) and lists the handle when it
 * lets go (release_kept).
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "qt.h"

#define BO_SIZE		4096u
#define READ_LEN	64u

static struct qt_dev dev;

/* A BO filled with @byte; its handle, or 0 */
static uint32_t filled_bo(struct qt_sess *s, uint8_t byte)
{
	uint32_t h;
	void *p;

	if (qt_gem_create(s->fd, BO_SIZE, &h))
		return 0;
	if (qt_gem_mmap(s->fd, h, BO_SIZE, &p)) {
		qt_gem_close(s->fd, h);
		return 0;
	}
	memset(p, byte, BO_SIZE);
	munmap(p, BO_SIZE);
	return h;
}

/* qda_test.keep(in handle @h): 0 when the DSP kept it */
static int keep(struct qt_sess *s, uint32_t h)
{
	struct drm_qda_invoke_arg a = { .length = BO_SIZE, .handle = h };
	uint32_t st = 0;
	int ret = qt_invoke(s->fd, s->test_h, DRM_QDA_SCALARS(0, QT_M_KEEP, 0,
							      0, 1, 0),
			    &a, 1, 0, &st);

	return ret ? ret : (int)st;
}

/* qda_test.kept_read(fd @h): the DSP status; the bytes into @out */
static uint32_t kept_read(struct qt_sess *s, uint32_t h, uint8_t *out)
{
	uint32_t st = 0;
	int ret = qt_u32_call(s, QT_M_KEPT_READ, h, READ_LEN, 0, &st, NULL);

	if (ret)
		return 0xffffffffu;
	memcpy(out, s->sp + QT_SCRATCH_OUT, READ_LEN);
	return st;
}

static uint32_t release_kept(struct qt_sess *s, uint32_t h)
{
	uint32_t st = 0;

	return qt_u32_call(s, QT_M_RELEASE_KEPT, h, 0, 0, &st, NULL) ?
		       0xffffffffu : st;
}

static bool all_bytes(const uint8_t *p, size_t n, uint8_t byte)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != byte)
			return false;
	return true;
}

/*
 * Until the calls made so far are freed, their payload buffers (BOs too)
 * may still be on their way back to the session's pool: wait for that,
 * so that BO counts taken around a call see only what the call changed.
 */
static int64_t settled_bos(int64_t contexts_base)
{
	for (int i = 0; i < 200 && qt_core(&dev, "contexts") != contexts_base; i++)
		qt_sleep_ms(10);
	return qt_core(&dev, "bos");
}

static void test_kept_until_fdlist(void)
{
	uint8_t got[READ_LEN];
	int64_t bos, contexts;
	struct qt_sess s;
	struct qt_base b;
	uint32_t h, st;

	qt_base_take(&dev, &b);
	contexts = qt_core(&dev, "contexts");
	if (qt_sess_open(&dev, &s, "itest_dsp_held", true)) {
		qt_fail("held-setup", "session");
		return;
	}
	h = filled_bo(&s, 0xa7);
	if (!h || keep(&s, h)) {
		qt_fail("held-keep", "cannot make or keep a BO");
		goto out;
	}
	qt_ok("held-keep");
	qt_close_keeps_bo(&dev, s.fd, h, "kept-buffer-outlives-its-handle");

	memset(got, 0, sizeof(got));
	st = kept_read(&s, h, got);
	if (!st && all_bytes(got, sizeof(got), 0xa7))
		qt_ok("dsp-reads-kept-buffer-after-app-closed-it");
	else
		qt_fail("dsp-reads-kept-buffer-after-app-closed-it",
			"status %#x, first byte %#x", st, got[0]);

	bos = settled_bos(contexts);
	st = release_kept(&s, h);
	if (!st && settled_bos(contexts) == bos - 1)
		qt_ok("fdlist-lets-the-buffer-go");
	else
		qt_fail("fdlist-lets-the-buffer-go", "status %#x, bos %lld -> %lld",
			st, (long long)bos, (long long)qt_core(&dev, "bos"));
out:
	qt_sess_close(&s);
	qt_counters_back(&dev, &b, "held-counters-back");
}

/* Kept at close, or kept when the DSP restarts: gone with the process */
static void test_kept_at_teardown(bool crash)
{
	const char *name = crash ? "held-across-dsp-restart-counters-back" :
				   "held-at-close-counters-back";
	struct qt_sess s;
	struct qt_base b;
	uint32_t h;

	qt_base_take(&dev, &b);
	if (qt_sess_open(&dev, &s, "itest_dsp_held", true)) {
		qt_fail(name, "session");
		return;
	}
	h = filled_bo(&s, 0x3c);
	if (!h || keep(&s, h)) {
		qt_fail(name, "cannot make or keep a BO");
	} else {
		qt_gem_close(s.fd, h);
		if (crash && (qt_inject(&dev, "crash 100") ||
			      qt_wait_up(&dev, 5000)))
			qt_fail(name, "crash/restart failed");
	}
	qt_sess_close(&s);
	qt_counters_back(&dev, &b, name);
}

int main(void)
{
	if (qt_dev_find(&dev)) {
		qt_fail("find-device", "no qda device with the vDSP");
		return qt_summary();
	}
	test_kept_until_fdlist();
	test_kept_at_teardown(false);
	test_kept_at_teardown(true);
	return qt_summary();
}
