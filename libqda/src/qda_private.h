/* SPDX-License-Identifier: MIT */
/*
 * libqda internals. Never installed.
 */
#ifndef QDA_PRIVATE_H
#define QDA_PRIVATE_H

#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <drm.h>
#include "drm/qda_accel.h"
#include "qda/qda.h"

#define QDA_EXPORT __attribute__((visibility("default")))

#define QDA_DRIVER_NAME "qda"
#define QDA_PATH_MAX 64
#define QDA_DOMAIN_NAME_MAX 32
#define QDA_URI_MAX 4096
#define QDA_DLERROR_MAX 256

/* ---- qda_sys.c: the only file doing system calls ---------------------- */
int qda_sys_open(const char *path, int flags);
int qda_sys_close(int fd);
/* Returns 0 or -errno; retries EINTR and EAGAIN. */
int qda_sys_ioctl(int fd, unsigned long request, void *arg);
/* Returns 0 or -errno. */
int qda_sys_mmap(int fd, size_t len, uint64_t offset, void **out);
int qda_sys_munmap(void *addr, size_t len);
/* Directory scanning: calls @cb for each entry name; returns 0 or -errno
 * (-ENOENT if the directory does not exist). */
int qda_sys_scandir(const char *dir, int (*cb)(void *ctx, const char *name),
		    void *ctx);

/* ---- qda_log.c -------------------------------------------------------- */
struct qda_log {
	qda_log_fn fn;		/* NULL: stderr */
	void *userdata;
	int level;
};

void qda_log_init(struct qda_log *log);
void qda_log_msg(const struct qda_log *log, int level, const char *func,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#define qda_err(log, ...) qda_log_cond(log, QDA_LOG_ERR, __VA_ARGS__)
#define qda_info(log, ...) qda_log_cond(log, QDA_LOG_INFO, __VA_ARGS__)
#define qda_dbg(log, ...) qda_log_cond(log, QDA_LOG_DEBUG, __VA_ARGS__)
#define qda_log_cond(log, lvl, ...)                                      \
	do {                                                             \
		if ((log) && (log)->level >= (lvl))                      \
			qda_log_msg((log), (lvl), __func__, __VA_ARGS__); \
	} while (0)

/* ---- objects ----------------------------------------------------------- */
struct qda_device {
	int fd;
	uint32_t domain_id;
	uint32_t uapi_version;
	char path[QDA_PATH_MAX];
	char domain[QDA_DOMAIN_NAME_MAX];
	struct qda_log log;
};

struct qda_dev_entry {
	char path[QDA_PATH_MAX];
	char domain[QDA_DOMAIN_NAME_MAX];
	uint32_t domain_id;
};

struct qda_device_list {
	size_t count;
	struct qda_dev_entry *entries;
};

/* A cached argument BO of a session (plain-memory arguments). */
struct qda_argbuf {
	struct qda_argbuf *next;
	uint32_t handle;
	uint64_t size;
	void *map;
};

#define QDA_ARGBUF_CACHE_MAX 4

/* A kernel GEM handle and how many qda_bo objects of the session use it */
struct qda_handle_ref {
	struct qda_handle_ref *next;
	uint32_t handle;
	unsigned int refs;
};

struct qda_session {
	atomic_uint refs;	/* 1 for the application + 1 per BO */
	int fd;
	char path[QDA_PATH_MAX];
	char domain[QDA_DOMAIN_NAME_MAX];
	struct qda_log log;
	pthread_mutex_t lock;	/* protects the argument BO pool and handles */
	struct qda_argbuf *free_args;
	unsigned int nfree_args;
	/*
	 * The kernel gives one handle per buffer and file: importing a dma-buf
	 * of a buffer the session already holds returns that handle again, so
	 * it is closed only when its last qda_bo is freed.
	 */
	struct qda_handle_ref *handles;
};

struct qda_bo {
	struct qda_session *s;
	uint32_t handle;
	uint32_t flags;		/* QDA_BO_* */
	uint64_t size;
	pthread_mutex_t lock;	/* protects map */
	void *map;
};

/* qda_device.c */
int qda_check_driver(int fd);
int qda_query_raw(int fd, uint32_t param, uint32_t index, uint64_t *value);
int qda_query_domain_name(int fd, char *buf, size_t size);

/* qda_session.c */
void qda_session_put(struct qda_session *s);
void qda_session_get(struct qda_session *s);

/* qda_bo.c */
int qda_gem_create(int fd, uint64_t size, uint32_t *handle);
int qda_gem_close(int fd, uint32_t handle);
int qda_gem_map(int fd, uint32_t handle, uint64_t size, void **out);

/* qda_invoke.c */
int qda_invoke_raw(struct qda_session *s, uint32_t handle, uint32_t sc,
		   struct drm_qda_invoke_arg *args, uint32_t nargs,
		   int64_t timeout_ns, uint32_t *dsp_status);
void qda_argbuf_release_all(struct qda_session *s);

static inline uint64_t qda_align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

#endif /* QDA_PRIVATE_H */
