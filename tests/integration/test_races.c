// SPDX-License-Identifier: MIT
/*
 * mmap edge cases, a file closed while its calls are in flight, and
 * export/close races. Each case ends with the core's and the virtual DSP's
 * live counters back at their baseline.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xf86drm.h>

#include "qt.h"

static struct qt_dev dev;

/* Every live counter of the core and the vDSP back at @b */
static void test_mmap_edges(void)
{
	struct qt_base b;
	uint32_t ha, hb;
	struct drm_qda_gem_info ia = { 0 }, ib = { 0 };
	int a, c;
	uint8_t *p;

	qt_base_take(&dev, &b);
	a = qt_open(&dev);
	c = qt_open(&dev);
	if (a < 0 || c < 0 || qt_gem_create(a, 8192, &ha) || qt_gem_create(c, 8192, &hb)) {
		qt_fail("mmap-setup", "open/create failed");
		goto out;
	}
	ia.handle = ha;
	ib.handle = hb;
	qt_ioctl(a, DRM_IOCTL_QDA_GEM_INFO, &ia);
	qt_ioctl(c, DRM_IOCTL_QDA_GEM_INFO, &ib);

	/* Another file's offset is not this file's to map */
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, a, (off_t)ib.mmap_offset);
	if (p == MAP_FAILED && errno == EACCES)
		qt_ok("mmap-other-files-offset-eacces");
	else
		qt_fail("mmap-other-files-offset-eacces", "%s", p == MAP_FAILED ? strerror(errno) : "mapped");
	if (p != MAP_FAILED)
		munmap(p, 4096);

	p = mmap(NULL, 0, PROT_READ, MAP_SHARED, a, (off_t)ia.mmap_offset);
	if (p == MAP_FAILED && errno == EINVAL)
		qt_ok("mmap-length-zero-einval");
	else
		qt_fail("mmap-length-zero-einval", "%s", p == MAP_FAILED ? strerror(errno) : "mapped");

	/*
	 * DRM maps a BO from its start only; the second page alone is reached
	 * through the BO's dma-buf, whose mmap takes a page offset.
	 */
	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, a, (off_t)ia.mmap_offset);
	if (p != MAP_FAILED) {
		uint8_t *q;
		int buf = -1;

		memset(p + 4096, 0x77, 4096);
		q = mmap(NULL, 4096, PROT_READ, MAP_SHARED, a, (off_t)ia.mmap_offset + 4096);
		if (q == MAP_FAILED && errno == EINVAL)
			qt_ok("mmap-inner-offset-einval");
		else
			qt_fail("mmap-inner-offset-einval", "%s", q == MAP_FAILED ? strerror(errno) : "mapped");
		if (q != MAP_FAILED)
			munmap(q, 4096);
		q = MAP_FAILED;
		if (!drmPrimeHandleToFD(a, ha, DRM_CLOEXEC, &buf))
			q = mmap(NULL, 4096, PROT_READ, MAP_SHARED, buf, 4096);
		if (q != MAP_FAILED && q[0] == 0x77 && q[4095] == 0x77)
			qt_ok("dmabuf-mmap-second-page");
		else
			qt_fail("dmabuf-mmap-second-page", "%s", q == MAP_FAILED ? strerror(errno) : "content");
		if (q != MAP_FAILED)
			munmap(q, 4096);
		if (buf >= 0)
			close(buf);
		/* Closing the handle keeps a live mapping working ... */
		qt_gem_close(a, ha);
		p[0] = 1;
		if (p[4096] == 0x77)
			qt_ok("mapping-outlives-handle");
		else
			qt_fail("mapping-outlives-handle", "content");
		munmap(p, 8192);
	} else {
		qt_fail("mmap-shared", "%s", strerror(errno));
		qt_gem_close(a, ha);
	}
	/* ... but the offset is gone with it */
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, a, (off_t)ia.mmap_offset);
	if (p == MAP_FAILED)
		qt_ok("mmap-after-close-fails");
	else {
		qt_fail("mmap-after-close-fails", "mapped");
		munmap(p, 4096);
	}
	qt_gem_close(c, hb);
out:
	if (a >= 0)
		close(a);
	if (c >= 0)
		close(c);
	qt_counters_back(&dev, &b, "mmap-edges-counters");
}

struct sleeper {
	struct qt_sess *s;
	int ret;
	uint32_t status;
};

static void *sleeper_fn(void *arg)
{
	struct sleeper *sl = arg;

	sl->ret = qt_sleep_call(sl->s, 300 * 1000, 0, &sl->status);
	return NULL;
}

/*
 * close() while two calls sleep on the DSP: the file lives until they
 * return (they complete normally), then everything is released.
 */
static void test_close_in_flight(void)
{
	struct qt_sess s = { .fd = -1 };
	struct sleeper sl[2];
	pthread_t th[2];
	struct qt_base b;
	int i, fd;

	qt_base_take(&dev, &b);
	if (qt_sess_open(&dev, &s, "itest_close", true)) {
		qt_fail("close-in-flight", "session");
		return;
	}
	for (i = 0; i < 2; i++) {
		sl[i].s = &s;
		pthread_create(&th[i], NULL, sleeper_fn, &sl[i]);
	}
	qt_sleep_ms(100);
	fd = s.fd;
	munmap(s.sp, s.ssize);
	s.sp = NULL;
	close(fd);	/* the ioctls in flight hold the file */
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	if (sl[0].ret == 0 && sl[1].ret == 0 && !sl[0].status && !sl[1].status)
		qt_ok("close-in-flight-calls-complete");
	else
		qt_fail("close-in-flight-calls-complete", "ret %d/%d status %#x/%#x",
			sl[0].ret, sl[1].ret, sl[0].status, sl[1].status);
	s.fd = -1;
	qt_counters_back(&dev, &b, "close-in-flight-counters");
}

struct racer {
	int fd;
	uint32_t handle;
	int loops;
};

static void *export_close_fn(void *arg)
{
	struct racer *r = arg;

	for (int i = 0; i < r->loops; i++) {
		int buf = -1;

		if (!drmPrimeHandleToFD(r->fd, r->handle, DRM_CLOEXEC, &buf))
			close(buf);
	}
	return NULL;
}

/* One thread exports and closes dma-bufs while another closes the handle */
static void test_export_close_race(void)
{
	struct qt_base b;
	int fd, i, bad = 0;

	qt_base_take(&dev, &b);
	fd = qt_open(&dev);
	if (fd < 0) {
		qt_fail("export-close-race", "open");
		return;
	}
	for (i = 0; i < 200; i++) {
		struct racer r = { .fd = fd, .loops = 20 };
		pthread_t th;
		int ret;

		if (qt_gem_create(fd, 4096, &r.handle)) {
			bad++;
			break;
		}
		pthread_create(&th, NULL, export_close_fn, &r);
		ret = qt_gem_close(fd, r.handle);
		pthread_join(th, NULL);
		if (ret)
			bad++;
	}
	close(fd);
	if (!bad)
		qt_ok("export-close-race");
	else
		qt_fail("export-close-race", "%d failures", bad);
	qt_counters_back(&dev, &b, "export-close-race-counters");
}

int main(void)
{
	if (qt_dev_find(&dev)) {
		qt_fail("find-device", "no qda device");
		return qt_summary();
	}
	test_mmap_edges();
	test_close_in_flight();
	test_export_close_race();
	return qt_summary();
}
