// SPDX-License-Identifier: MIT
/*
 * qt.c: shared helpers of the QDA fault/stress/fuzz/bench programs
 * (see qt.h).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "qt.h"

int qt_passed, qt_failed;
bool qt_verbose;

void qt_ok(const char *name)
{
	printf("ok %s\n", name);
	fflush(stdout);
	__atomic_add_fetch(&qt_passed, 1, __ATOMIC_SEQ_CST);
}

void qt_fail(const char *name, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf("FAIL %s: %s\n", name, buf);
	fflush(stdout);
	__atomic_add_fetch(&qt_failed, 1, __ATOMIC_SEQ_CST);
}

void qt_expect(const char *name, int got, int want)
{
	if (got == want)
		qt_ok(name);
	else
		qt_fail(name, "got %d (%s), want %d", got, strerror(-got), want);
}

void qt_note(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

const char *qt_errname(int ret)
{
	static __thread char buf[32];

	if (!ret)
		return "0";
	snprintf(buf, sizeof(buf), "-%s", strerrorname_np(-ret) ?: "?");
	return buf;
}

int qt_summary(void)
{
	printf("%d passed, %d failed\n", qt_passed, qt_failed);
	fflush(stdout);
	return qt_failed ? 1 : 0;
}

uint64_t qt_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void qt_sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* ---- device ------------------------------------------------------------ */

int qt_ioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) ? -errno : 0;
}

/* ioctl retried on EINTR: for setup paths that are not under test */
static int qt_ioctl_r(int fd, unsigned long req, void *arg)
{
	int ret;

	do
		ret = ioctl(fd, req, arg);
	while (ret && (errno == EINTR || errno == EAGAIN));
	return ret ? -errno : 0;
}

int qt_query(int fd, uint32_t param, uint32_t index, uint64_t *value)
{
	struct drm_qda_query q = { .param = param, .index = index };
	int ret = qt_ioctl_r(fd, DRM_IOCTL_QDA_QUERY, &q);

	if (!ret && value)
		*value = q.value;
	return ret;
}

static int is_qda(int fd)
{
	char name[16] = "";
	struct drm_version v = { .name = name, .name_len = sizeof(name) - 1 };

	if (ioctl(fd, DRM_IOCTL_VERSION, &v))
		return 0;
	return !strcmp(name, "qda");
}

/*
 * The device nodes a qda device may have: the accel node, or the render
 * node of the render-node flavour (kernels without DRM accel, e.g.
 * Debian's arm64 6.12), each with its sysfs class and debugfs root.
 */
static const struct qt_node_kind {
	const char *node;	/* the node's path without its index */
	const char *cls;	/* its sysfs class directory, same */
	const char *debugfs;	/* the DRM debugfs root of that kind */
	int first;		/* the first index */
} qt_node_kinds[] = {
	{ "/dev/accel/accel", "/sys/class/accel/accel", "/sys/kernel/debug/accel", 0 },
	{ "/dev/dri/renderD", "/sys/class/drm/renderD", "/sys/kernel/debug/dri", 128 },
};

/*
 * debugfs of the device: <root>/<unique>/ on 6.12 (unique = the parent
 * device's name), <root>/<minor>/ on other kernels.
 */
static void find_core_stats(struct qt_dev *d, unsigned int minor, int idx,
			    const struct qt_node_kind *k)
{
	char link[96], target[200];
	const char *base;
	ssize_t n;

	snprintf(d->core_stats, sizeof(d->core_stats), "%s/%u/qda_stats",
		 k->debugfs, minor);
	if (!access(d->core_stats, R_OK))
		return;
	snprintf(link, sizeof(link), "%s%d/device", k->cls, idx);
	n = readlink(link, target, sizeof(target) - 1);
	if (n <= 0)
		return;
	target[n] = 0;
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	snprintf(d->core_stats, sizeof(d->core_stats), "%s/%s/qda_stats",
		 k->debugfs, base);
}

int qt_dev_find(struct qt_dev *d)
{
	const char *want = getenv("QDA_TEST_DEVICE");
	struct stat st;
	uint64_t v;
	int i, j, fd;

	memset(d, 0, sizeof(*d));
	for (j = 0; j < 2 * 64; j++) {
		const struct qt_node_kind *k = &qt_node_kinds[j / 64];
		char path[64], name[64] = "";
		struct drm_qda_query q = { .param = DRM_QDA_PARAM_DOMAIN_NAME };

		i = k->first + j % 64;
		snprintf(path, sizeof(path), "%s%d", k->node, i);
		if (want && strcmp(want, path))
			continue;
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (!is_qda(fd) || fstat(fd, &st)) {
			close(fd);
			continue;
		}
		q.data_ptr = (uintptr_t)name;
		q.data_size = sizeof(name);
		if (qt_ioctl(fd, DRM_IOCTL_QDA_QUERY, &q)) {
			close(fd);
			continue;
		}
		if (!qt_query(fd, DRM_QDA_PARAM_NUM_CONTEXT_BANKS, 0, &v))
			d->num_cbs = (unsigned int)v;
		close(fd);
		snprintf(d->path, sizeof(d->path), "%s", path);
		snprintf(d->domain, sizeof(d->domain), "%s", name);
		find_core_stats(d, minor(st.st_rdev), i, k);
		snprintf(d->vdsp_dir, sizeof(d->vdsp_dir),
			 "/sys/kernel/debug/qda_vdsp/%s", name);
		if (access(d->core_stats, R_OK)) {
			fprintf(stderr, "qt: %s not readable\n", d->core_stats);
			return -ENOENT;
		}
		if (access(d->vdsp_dir, R_OK)) {
			fprintf(stderr, "qt: %s missing (qda_vdsp not loaded?)\n",
				d->vdsp_dir);
			return -ENOENT;
		}
		return 0;
	}
	return -ENODEV;
}

int qt_open(const struct qt_dev *d)
{
	int fd = open(d->path, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int qt_gem_create(int fd, uint64_t size, uint32_t *handle)
{
	struct drm_qda_gem_create c = { .size = size };
	int ret = qt_ioctl_r(fd, DRM_IOCTL_QDA_GEM_CREATE, &c);

	if (!ret)
		*handle = c.handle;
	return ret;
}

int qt_gem_close(int fd, uint32_t handle)
{
	struct drm_gem_close c = { .handle = handle };

	return qt_ioctl_r(fd, DRM_IOCTL_GEM_CLOSE, &c);
}

int qt_gem_mmap(int fd, uint32_t handle, uint64_t size, void **ptr)
{
	struct drm_qda_gem_info info = { .handle = handle };
	void *p;
	int ret = qt_ioctl_r(fd, DRM_IOCTL_QDA_GEM_INFO, &info);

	if (ret)
		return ret;
	if (!size)
		size = info.size;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 (off_t)info.mmap_offset);
	if (p == MAP_FAILED)
		return -errno;
	*ptr = p;
	return 0;
}

int qt_proc_create(int fd, const char *name)
{
	struct drm_qda_proc_create pc = {
		.name_ptr = (uintptr_t)name,
		.name_len = (uint32_t)strlen(name),
		.flags = DRM_QDA_PROC_UNSIGNED,
	};

	return qt_ioctl_r(fd, DRM_IOCTL_QDA_PROC_CREATE, &pc);
}

int qt_invoke(int fd, uint32_t rh, uint32_t sc, struct drm_qda_invoke_arg *args,
	      uint32_t nargs, int64_t deadline_ns, uint32_t *dsp_status)
{
	struct drm_qda_invoke inv = {
		.args_ptr = (uintptr_t)args,
		.timeout_ns = deadline_ns,
		.remote_handle = rh,
		.sc = sc,
		.num_args = nargs,
	};
	int ret = qt_ioctl(fd, DRM_IOCTL_QDA_INVOKE, &inv);

	if (!ret && dsp_status)
		*dsp_status = inv.dsp_status;
	return ret;
}

int qt_map(int fd, uint32_t handle, uint64_t off, uint64_t len, uint32_t flags,
	   uint64_t *dsp_addr)
{
	struct drm_qda_map m = { .offset = off, .length = len,
				 .handle = handle, .flags = flags };
	int ret = qt_ioctl_r(fd, DRM_IOCTL_QDA_MAP, &m);

	if (!ret && dsp_addr)
		*dsp_addr = m.dsp_addr;
	return ret;
}

int qt_unmap(int fd, uint64_t dsp_addr)
{
	struct drm_qda_unmap u = { .dsp_addr = dsp_addr };

	return qt_ioctl_r(fd, DRM_IOCTL_QDA_UNMAP, &u);
}

int qt_proc_state(int fd, uint32_t *state)
{
	uint64_t v = 0;
	int ret = qt_query(fd, DRM_QDA_PARAM_PROC_STATE, 0, &v);

	*state = (uint32_t)v;
	return ret;
}

/* ---- sessions ----------------------------------------------------------- */

int qt_sess_open(const struct qt_dev *d, struct qt_sess *s, const char *name,
		 bool module)
{
	void *p;
	uint32_t nerr = 0;
	int ret;

	memset(s, 0, sizeof(*s));
	s->fd = qt_open(d);
	if (s->fd < 0)
		return s->fd;
	ret = qt_gem_create(s->fd, QT_SCRATCH_SIZE, &s->scratch);
	if (ret)
		goto err;
	ret = qt_gem_mmap(s->fd, s->scratch, QT_SCRATCH_SIZE, &p);
	if (ret)
		goto err;
	s->sp = p;
	s->ssize = QT_SCRATCH_SIZE;
	if (!name)
		return 0;
	ret = qt_proc_create(s->fd, name);
	if (ret)
		goto err;
	if (module) {
		ret = qt_module_open(s, QT_TEST_URI, &s->test_h, &nerr);
		if (!ret && nerr)
			ret = -EREMOTEIO;
		if (ret)
			goto err;
	}
	return 0;
err:
	qt_sess_close(s);
	return ret;
}

void qt_sess_close(struct qt_sess *s)
{
	if (s->sp)
		munmap(s->sp, s->ssize);
	if (s->fd >= 0)
		close(s->fd);
	memset(s, 0, sizeof(*s));
	s->fd = -1;
}

static struct drm_qda_invoke_arg sarg(struct qt_sess *s, uint64_t off,
				      uint64_t len)
{
	return (struct drm_qda_invoke_arg){ .handle = len ? s->scratch : 0,
					    .offset = len ? off : 0,
					    .length = len };
}

/* A remote call of remotectl: 0, the ioctl's -errno, or -EREMOTEIO */
static int remotectl(struct qt_sess *s, uint32_t sc,
		     struct drm_qda_invoke_arg *a, uint32_t n)
{
	uint32_t status = 0;
	int ret;

	ret = qt_invoke(s->fd, DRM_QDA_REMOTE_HANDLE_REMOTECTL, sc, a, n, 0,
			&status);
	if (ret)
		return ret;
	return status ? -EREMOTEIO : 0;
}

int qt_module_open(struct qt_sess *s, const char *uri, uint32_t *handle,
		   uint32_t *nerr)
{
	size_t ulen = strlen(uri) + 1;
	uint32_t in0[2] = { (uint32_t)ulen, 256 };
	struct drm_qda_invoke_arg a[4];
	uint32_t out0[2];
	int ret;

	if (ulen > 4096)
		return -ENAMETOOLONG;
	memcpy(s->sp, in0, sizeof(in0));
	memcpy(s->sp + 128, uri, ulen);
	a[0] = sarg(s, 0, sizeof(in0));
	a[1] = sarg(s, 128, ulen);
	a[2] = sarg(s, QT_SCRATCH_OUT, 8);
	a[3] = sarg(s, QT_SCRATCH_OUT + 128, 256);
	ret = remotectl(s, DRM_QDA_SCALARS(0, 0, 2, 2, 0, 0), a, 4);
	if (ret)
		return ret;
	memcpy(out0, s->sp + QT_SCRATCH_OUT, sizeof(out0));
	*handle = out0[0];
	*nerr = out0[1];
	return 0;
}

int qt_module_close(struct qt_sess *s, uint32_t handle, uint32_t *nerr)
{
	uint32_t in0[2] = { handle, 64 };
	struct drm_qda_invoke_arg a[3];
	int ret;

	memcpy(s->sp, in0, sizeof(in0));
	a[0] = sarg(s, 0, sizeof(in0));
	a[1] = sarg(s, QT_SCRATCH_OUT, 4);
	a[2] = sarg(s, QT_SCRATCH_OUT + 128, 64);
	ret = remotectl(s, DRM_QDA_SCALARS(0, 1, 1, 2, 0, 0), a, 3);
	if (ret)
		return ret;
	memcpy(nerr, s->sp + QT_SCRATCH_OUT, 4);
	return 0;
}

int qt_echo(struct qt_sess *s, const void *in, uint32_t len, void *out,
	    uint32_t *outlen, int64_t deadline_ns, uint32_t *status)
{
	struct drm_qda_invoke_arg a[2];
	uint32_t olen = outlen && *outlen ? *outlen : len;
	int ret;

	if (len > QT_SCRATCH_OUT || olen > s->ssize - QT_SCRATCH_OUT)
		return -E2BIG;
	memcpy(s->sp, in, len);
	a[0] = sarg(s, 0, len);
	a[1] = sarg(s, QT_SCRATCH_OUT, olen);
	ret = qt_invoke(s->fd, s->test_h, QT_SC(QT_M_ECHO, 1, 1), a, 2,
			deadline_ns, status);
	if (ret)
		return ret;
	if (outlen)
		*outlen = (uint32_t)a[1].length;
	if (out && a[1].length <= olen)
		memcpy(out, s->sp + QT_SCRATCH_OUT, a[1].length);
	return 0;
}

int qt_sleep_call(struct qt_sess *s, uint32_t us, int64_t deadline_ns,
		  uint32_t *status)
{
	struct drm_qda_invoke_arg a[1];

	/* its own slot at the end: other threads may use the start */
	memcpy(s->sp + s->ssize - 64, &us, 4);
	a[0] = sarg(s, s->ssize - 64, 4);
	return qt_invoke(s->fd, s->test_h, QT_SC(QT_M_SLEEP, 1, 0), a, 1,
			 deadline_ns, status);
}

int qt_noop(struct qt_sess *s, int64_t deadline_ns, uint32_t *status)
{
	return qt_invoke(s->fd, s->test_h, QT_SC(QT_M_NOOP, 0, 0), NULL, 0,
			 deadline_ns, status);
}

int qt_u32_call(struct qt_sess *s, uint32_t method, uint32_t in,
		uint32_t outlen, int64_t deadline_ns, uint32_t *status,
		uint64_t *got_outlen)
{
	struct drm_qda_invoke_arg a[2];
	int ret;

	memcpy(s->sp, &in, 4);
	a[0] = sarg(s, 0, 4);
	a[1] = sarg(s, QT_SCRATCH_OUT, outlen);
	ret = qt_invoke(s->fd, s->test_h, QT_SC(method, 1, outlen ? 1 : 0), a,
			outlen ? 2 : 1, deadline_ns, status);
	if (!ret && got_outlen)
		*got_outlen = a[1].length;
	return ret;
}

int qt_peek(struct qt_sess *s, uint64_t dsp_addr, void *out, uint32_t len,
	    uint32_t *status)
{
	struct drm_qda_invoke_arg a[2];
	int ret;

	memcpy(s->sp, &dsp_addr, 8);
	a[0] = sarg(s, 0, 8);
	a[1] = sarg(s, QT_SCRATCH_OUT, len);
	ret = qt_invoke(s->fd, s->test_h, QT_SC(QT_M_PEEK, 1, 1), a, 2, 0,
			status);
	if (!ret && out)
		memcpy(out, s->sp + QT_SCRATCH_OUT, len);
	return ret;
}

int qt_poke(struct qt_sess *s, uint64_t dsp_addr, const void *in, uint32_t len,
	    uint32_t *status)
{
	struct drm_qda_invoke_arg a[2];

	memcpy(s->sp, &dsp_addr, 8);
	memcpy(s->sp + 128, in, len);
	a[0] = sarg(s, 0, 8);
	a[1] = sarg(s, 128, len);
	return qt_invoke(s->fd, s->test_h, QT_SC(QT_M_POKE, 2, 0), a, 2, 0,
			 status);
}

int qt_echo_check(struct qt_sess *s, uint32_t len, uint32_t seed)
{
	uint8_t *in = malloc(len ? len : 1), *out = malloc(len ? len : 1);
	uint32_t olen = len, status = 0, i;
	int ret;

	if (!in || !out) {
		free(in);
		free(out);
		return -ENOMEM;
	}
	for (i = 0; i < len; i++)
		in[i] = (uint8_t)(seed + i * 7u);
	ret = qt_echo(s, in, len, out, &olen, 0, &status);
	if (!ret && (status || olen != len || memcmp(in, out, len)))
		ret = -EBADMSG;
	free(in);
	free(out);
	return ret;
}

uint32_t qt_crc32(const void *buf, size_t len)
{
	static uint32_t table[256];
	const uint8_t *p = buf;
	uint32_t crc = 0xffffffffu;
	size_t i;

	if (!table[1]) {
		for (uint32_t n = 0; n < 256; n++) {
			uint32_t c = n;

			for (int k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
			table[n] = c;
		}
	}
	for (i = 0; i < len; i++)
		crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
	return crc ^ 0xffffffffu;
}

/* ---- debugfs ------------------------------------------------------------ */

int64_t qt_stat_file(const char *path, const char *name)
{
	char line[256];
	size_t n = strlen(name);
	int64_t v = INT64_MIN;
	FILE *f = fopen(path, "re");

	if (!f)
		return INT64_MIN;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, name, n) && line[n] == ' ') {
			v = strtoll(line + n + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return v;
}

int64_t qt_core(const struct qt_dev *d, const char *name)
{
	return qt_stat_file(d->core_stats, name);
}

int64_t qt_vdsp(const struct qt_dev *d, const char *name)
{
	char path[200];

	snprintf(path, sizeof(path), "%s/stats", d->vdsp_dir);
	return qt_stat_file(path, name);
}

int qt_child_result(pid_t pid)
{
	int st;

	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
		return -2000;
	return WEXITSTATUS(st) > 100 ? -(1000 + WEXITSTATUS(st) - 100) :
				       -WEXITSTATUS(st);
}

int qt_write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	if (n < 0) {
		n = -errno;
		close(fd);
		return (int)n;
	}
	close(fd);
	return 0;
}

int qt_read_file(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "re");
	int r;

	if (!f)
		return -errno;
	r = fgets(buf, (int)size, f) ? 0 : -EIO;
	fclose(f);
	return r;
}

#define QT_PARAMS "/sys/module/qda/parameters/"

int qt_param_set(const char *name, const char *value)
{
	char path[128];

	snprintf(path, sizeof(path), QT_PARAMS "%s", name);
	return qt_write_file(path, value);
}

int qt_param_get(const char *name, char *buf, size_t size)
{
	char path[128];

	snprintf(path, sizeof(path), QT_PARAMS "%s", name);
	return qt_read_file(path, buf, size);
}

void qt_close_keeps_bo(const struct qt_dev *d, int fd, uint32_t h,
		       const char *name)
{
	int64_t bos = qt_core(d, "bos");

	qt_gem_close(fd, h);
	if (qt_core(d, "bos") == bos)
		qt_ok(name);
	else
		qt_fail(name, "bos %lld -> %lld", (long long)bos,
			(long long)qt_core(d, "bos"));
}

int qt_inject(const struct qt_dev *d, const char *cmd)
{
	char path[200];

	snprintf(path, sizeof(path), "%s/inject", d->vdsp_dir);
	return qt_write_file(path, cmd);
}

int qt_set_sync(const struct qt_dev *d, int on)
{
	char path[200];

	snprintf(path, sizeof(path), "%s/sync", d->vdsp_dir);
	return qt_write_file(path, on ? "1" : "0");
}

int qt_restart(const struct qt_dev *d)
{
	return qt_inject(d, "crash 50") || qt_wait_up(d, 5000) ? -1 : 0;
}

int qt_vdsp_client_id(const struct qt_dev *d, const char *name)
{
	char path[200], line[256], pname[128];
	unsigned int cid, sid, pd;
	int found = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/processes", d->vdsp_dir);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%u %u %u %127s", &cid, &sid, &pd, pname) == 4 &&
		    !strcmp(pname, name))
			found = (int)cid;
	fclose(f);
	return found;
}

int qt_wait_up(const struct qt_dev *d, unsigned int ms)
{
	uint64_t end = qt_now_ns() + (uint64_t)ms * 1000000ull;

	do {
		if (qt_core(d, "remote_epoch") > 0)
			return 0;
		qt_sleep_ms(10);
	} while (qt_now_ns() < end);
	return -ETIMEDOUT;
}

static const char *const live_names[QT_NUM_LIVE] = {
	"bos", "imports", "sessions", "contexts", "cb_maps", "dsp_maps",
	"bytes",
	/* vDSP */
	"processes", "module_handles", "dsp_maps", "dsp_mapped_bytes",
	"smmu_maps", "smmu_mapped_bytes",
};
#define QT_NUM_CORE_LIVE 7

static void base_read(const struct qt_dev *d, struct qt_base *b)
{
	for (int i = 0; i < QT_NUM_LIVE; i++)
		b->v[i] = i < QT_NUM_CORE_LIVE ? qt_core(d, live_names[i]) :
						 qt_vdsp(d, live_names[i]);
}

void qt_base_take(const struct qt_dev *d, struct qt_base *b)
{
	base_read(d, b);
}

int qt_base_check(const struct qt_dev *d, const struct qt_base *b,
		  unsigned int ms, char *why, size_t whylen)
{
	uint64_t end = qt_now_ns() + (uint64_t)ms * 1000000ull;
	struct qt_base now;
	size_t off;
	int i, bad;

	for (;;) {
		base_read(d, &now);
		bad = 0;
		for (i = 0; i < QT_NUM_LIVE; i++)
			if (now.v[i] != b->v[i] || now.v[i] == INT64_MIN)
				bad++;
		if (!bad)
			return 0;
		if (qt_now_ns() >= end)
			break;
		qt_sleep_ms(20);
	}
	off = (size_t)snprintf(why, whylen, "counters not back to baseline:");
	for (i = 0; i < QT_NUM_LIVE && off < whylen; i++)
		if (now.v[i] != b->v[i] || now.v[i] == INT64_MIN)
			off += (size_t)snprintf(why + off, whylen - off,
						" %s.%s %" PRId64 " (was %" PRId64 ")",
						i < QT_NUM_CORE_LIVE ? "core" : "vdsp",
						live_names[i], now.v[i], b->v[i]);
	return -1;
}

void qt_counters_back(const struct qt_dev *d, const struct qt_base *b,
		      const char *name)
{
	char why[512];

	if (qt_base_check(d, b, 5000, why, sizeof(why)))
		qt_fail(name, "%s", why);
	else
		qt_ok(name);
}
