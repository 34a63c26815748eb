/* SPDX-License-Identifier: MIT */
/*
 * qda_device.c: version, error strings, discovery, device open and queries.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qda_private.h"

QDA_EXPORT uint32_t qda_get_version(void)
{
	return QDA_VERSION;
}

static const struct {
	int err;
	const char *msg;
} qda_errors[] = {
	{ EREMOTEIO, "the DSP reported an error (see the DSP status code)" },
	{ ENOTCONN, "the session has no DSP process (create or attach one; "
		    "after a DSP restart open a new session)" },
	{ EPIPE, "the DSP went down during the call" },
	{ ENODEV, "no such QDA device, or it was unplugged" },
	{ EALREADY, "the session already has a DSP process" },
	{ EXDEV, "the buffer belongs to another session" },
	{ EPROTO, "unexpected answer from the QDA driver" },
	{ ETIMEDOUT, "the DSP did not answer before the deadline" },
	{ EOPNOTSUPP, "operation not supported by this buffer, driver or DSP" },
	{ E2BIG, "size exceeds the device limit" },
};

QDA_EXPORT const char *qda_strerror(int err)
{
	const char *d;
	size_t i;

	if (err < 0)
		err = -err;
	if (err == 0)
		return "success";
	for (i = 0; i < sizeof(qda_errors) / sizeof(qda_errors[0]); i++)
		if (qda_errors[i].err == err)
			return qda_errors[i].msg;
	d = strerrordesc_np(err);
	return d ? d : "unknown error";
}

/* ---- helpers shared with sessions -------------------------------------- */

int qda_check_driver(int fd)
{
	struct drm_version v;
	char name[16];
	int ret;

	memset(&v, 0, sizeof(v));
	memset(name, 0, sizeof(name));
	v.name = name;
	v.name_len = sizeof(name) - 1;
	ret = qda_sys_ioctl(fd, DRM_IOCTL_VERSION, &v);
	if (ret)
		return ret == -ENOTTY || ret == -EINVAL ? -ENODEV : ret;
	/* name_len is the full length, even if we truncated it */
	if (v.name_len != strlen(QDA_DRIVER_NAME) ||
	    memcmp(name, QDA_DRIVER_NAME, v.name_len) != 0)
		return -ENODEV;
	return 0;
}

int qda_query_raw(int fd, uint32_t param, uint32_t index, uint64_t *value)
{
	struct drm_qda_query q;
	int ret;

	memset(&q, 0, sizeof(q));
	q.param = param;
	q.index = index;
	ret = qda_sys_ioctl(fd, DRM_IOCTL_QDA_QUERY, &q);
	if (!ret)
		*value = q.value;
	return ret;
}

int qda_query_domain_name(int fd, char *buf, size_t size)
{
	struct drm_qda_query q;
	int ret;

	memset(&q, 0, sizeof(q));
	memset(buf, 0, size);
	q.param = DRM_QDA_PARAM_DOMAIN_NAME;
	q.data_ptr = (uintptr_t)buf;
	q.data_size = (uint32_t)size;
	ret = qda_sys_ioctl(fd, DRM_IOCTL_QDA_QUERY, &q);
	if (ret)
		return ret == -ENOSPC ? -ENAMETOOLONG : ret;
	buf[size - 1] = '\0';
	if (q.value >= size || strlen(buf) != q.value)
		return -EPROTO;
	return 0;
}

/* Identify @fd as a QDA device and read its domain. */
static int qda_identify(int fd, char *domain, size_t size, uint32_t *domain_id,
			uint32_t *uapi)
{
	uint64_t v;
	int ret;

	ret = qda_check_driver(fd);
	if (ret)
		return ret;
	ret = qda_query_raw(fd, DRM_QDA_PARAM_UAPI_VERSION, 0, &v);
	if (ret)
		return ret;
	if ((v >> 16) != DRM_QDA_UAPI_VERSION_MAJOR)
		return -EPROTO;
	if (uapi)
		*uapi = (uint32_t)v;
	ret = qda_query_raw(fd, DRM_QDA_PARAM_DOMAIN_ID, 0, &v);
	if (ret)
		return ret;
	*domain_id = (uint32_t)v;
	return qda_query_domain_name(fd, domain, size);
}

/* ---- discovery --------------------------------------------------------- */

struct scan_ctx {
	const char *prefix;
	char **names;
	size_t count, cap;
};

static int scan_cb(void *data, const char *name)
{
	struct scan_ctx *c = data;
	size_t plen = strlen(c->prefix);
	char **n;

	if (strncmp(name, c->prefix, plen) != 0 || !name[plen])
		return 0;
	if (strspn(name + plen, "0123456789") != strlen(name + plen))
		return 0;
	if (c->count == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 8;

		n = realloc(c->names, cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		c->names = n;
		c->cap = cap;
	}
	c->names[c->count] = strdup(name);
	if (!c->names[c->count])
		return -ENOMEM;
	c->count++;
	return 0;
}

static size_t name_num(const char *name)
{
	while (*name && (*name < '0' || *name > '9'))
		name++;
	return (size_t)strtoul(name, NULL, 10);
}

static int name_cmp(const void *a, const void *b)
{
	size_t x = name_num(*(char *const *)a), y = name_num(*(char *const *)b);

	return x < y ? -1 : x > y;
}

/* Call @fn for each candidate node, accel nodes first, in numeric order. */
static int for_each_node(int (*fn)(void *ctx, const char *path), void *ctx)
{
	static const struct {
		const char *dir, *prefix;
	} dirs[] = {
		{ "/dev/accel", "accel" },
		{ "/dev/dri", "renderD" },
	};
	char path[QDA_PATH_MAX];
	size_t d, i;
	int ret = 0;

	for (d = 0; d < sizeof(dirs) / sizeof(dirs[0]) && !ret; d++) {
		struct scan_ctx c = { .prefix = dirs[d].prefix };

		ret = qda_sys_scandir(dirs[d].dir, scan_cb, &c);
		if (ret == -ENOENT || ret == -ENOTDIR || ret == -EACCES)
			ret = 0;
		if (!ret) {
			if (c.count)
				qsort(c.names, c.count, sizeof(*c.names),
				      name_cmp);
			for (i = 0; i < c.count && !ret; i++) {
				snprintf(path, sizeof(path), "%s/%s",
					 dirs[d].dir, c.names[i]);
				ret = fn(ctx, path);
			}
		}
		for (i = 0; i < c.count; i++)
			free(c.names[i]);
		free(c.names);
	}
	return ret;
}

static int list_add(void *data, const char *path)
{
	struct qda_device_list *l = data;
	struct qda_dev_entry e, *n;
	int fd, ret;

	memset(&e, 0, sizeof(e));
	fd = qda_sys_open(path, O_RDWR);
	if (fd < 0)
		return 0;	/* not ours to judge: skip */
	ret = qda_identify(fd, e.domain, sizeof(e.domain), &e.domain_id, NULL);
	qda_sys_close(fd);
	if (ret == -ENOMEM)
		return ret;
	if (ret)
		return 0;
	snprintf(e.path, sizeof(e.path), "%s", path);
	n = realloc(l->entries, (l->count + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	l->entries = n;
	l->entries[l->count++] = e;
	return 0;
}

QDA_EXPORT int qda_device_list_get(struct qda_device_list **out)
{
	struct qda_device_list *l;
	int ret;

	if (!out)
		return -EINVAL;
	l = calloc(1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	ret = for_each_node(list_add, l);
	if (ret) {
		qda_device_list_free(l);
		return ret;
	}
	*out = l;
	return 0;
}

QDA_EXPORT size_t qda_device_list_count(const struct qda_device_list *list)
{
	return list ? list->count : 0;
}

QDA_EXPORT const char *qda_device_list_path(const struct qda_device_list *list,
					    size_t i)
{
	return list && i < list->count ? list->entries[i].path : NULL;
}

QDA_EXPORT const char *
qda_device_list_domain(const struct qda_device_list *list, size_t i)
{
	return list && i < list->count ? list->entries[i].domain : NULL;
}

QDA_EXPORT uint32_t qda_device_list_domain_id(const struct qda_device_list *list,
					      size_t i)
{
	return list && i < list->count ? list->entries[i].domain_id : UINT32_MAX;
}

QDA_EXPORT void qda_device_list_free(struct qda_device_list *list)
{
	if (!list)
		return;
	free(list->entries);
	free(list);
}

/* ---- devices ----------------------------------------------------------- */

QDA_EXPORT int qda_device_open_path(const char *path, struct qda_device **out)
{
	struct qda_device *dev;
	int ret;

	if (!path || !out)
		return -EINVAL;
	if (strlen(path) >= QDA_PATH_MAX)
		return -ENAMETOOLONG;
	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	qda_log_init(&dev->log);
	snprintf(dev->path, sizeof(dev->path), "%s", path);
	dev->fd = qda_sys_open(path, O_RDWR);
	if (dev->fd < 0) {
		ret = dev->fd;
		qda_err(&dev->log, "open %s: %s", path, qda_strerror(ret));
		free(dev);
		return ret;
	}
	ret = qda_identify(dev->fd, dev->domain, sizeof(dev->domain),
			   &dev->domain_id, &dev->uapi_version);
	if (ret) {
		qda_err(&dev->log, "%s: not a usable QDA device: %s", path,
			qda_strerror(ret));
		qda_sys_close(dev->fd);
		free(dev);
		return ret;
	}
	qda_info(&dev->log, "%s: domain %s (id %u), UAPI %u.%u", path,
		 dev->domain, dev->domain_id, dev->uapi_version >> 16,
		 dev->uapi_version & 0xffff);
	*out = dev;
	return 0;
}

struct find_ctx {
	const char *domain;
	char path[QDA_PATH_MAX];
};

static int find_domain(void *data, const char *path)
{
	struct find_ctx *c = data;
	char domain[QDA_DOMAIN_NAME_MAX];
	uint32_t id;
	int fd, ret;

	fd = qda_sys_open(path, O_RDWR);
	if (fd < 0)
		return 0;
	ret = qda_identify(fd, domain, sizeof(domain), &id, NULL);
	qda_sys_close(fd);
	if (ret == -ENOMEM)
		return ret;
	if (ret)
		return 0;
	if (c->domain && strcmp(c->domain, domain) != 0)
		return 0;
	snprintf(c->path, sizeof(c->path), "%s", path);
	return 1;	/* found: stop */
}

QDA_EXPORT int qda_device_open(const char *domain, struct qda_device **out)
{
	struct find_ctx c = { .domain = domain };
	int ret;

	if (!out)
		return -EINVAL;
	ret = for_each_node(find_domain, &c);
	if (ret < 0)
		return ret;
	if (ret == 0)
		return -ENODEV;
	return qda_device_open_path(c.path, out);
}

QDA_EXPORT void qda_device_close(struct qda_device *dev)
{
	if (!dev)
		return;
	qda_sys_close(dev->fd);
	free(dev);
}

QDA_EXPORT const char *qda_device_path(const struct qda_device *dev)
{
	return dev ? dev->path : NULL;
}

QDA_EXPORT const char *qda_device_domain_name(const struct qda_device *dev)
{
	return dev ? dev->domain : NULL;
}

QDA_EXPORT uint32_t qda_device_domain_id(const struct qda_device *dev)
{
	return dev ? dev->domain_id : UINT32_MAX;
}

QDA_EXPORT int qda_device_query(struct qda_device *dev,
				enum qda_param param, uint64_t *value)
{
	uint32_t p;
	int ret;

	if (!dev || !value)
		return -EINVAL;
	switch (param) {
	case QDA_PARAM_UAPI_VERSION:
		p = DRM_QDA_PARAM_UAPI_VERSION;
		break;
	case QDA_PARAM_DOMAIN_ID:
		p = DRM_QDA_PARAM_DOMAIN_ID;
		break;
	case QDA_PARAM_MAX_ARGS:
		p = DRM_QDA_PARAM_MAX_ARGS;
		break;
	case QDA_PARAM_MAX_BO_SIZE:
		p = DRM_QDA_PARAM_MAX_BO_SIZE;
		break;
	case QDA_PARAM_NUM_CONTEXT_BANKS:
		p = DRM_QDA_PARAM_NUM_CONTEXT_BANKS;
		break;
	default:
		return -EINVAL;
	}
	ret = qda_query_raw(dev->fd, p, 0, value);
	if (ret)
		qda_dbg(&dev->log, "query %u: %s", p, qda_strerror(ret));
	return ret;
}

QDA_EXPORT int qda_device_uapi_version(struct qda_device *dev, uint32_t *major,
				       uint32_t *minor)
{
	uint64_t v;
	int ret;

	ret = qda_device_query(dev, QDA_PARAM_UAPI_VERSION, &v);
	if (ret)
		return ret;
	if (major)
		*major = (uint32_t)(v >> 16);
	if (minor)
		*minor = (uint32_t)(v & 0xffff);
	return 0;
}

QDA_EXPORT int qda_device_capability(struct qda_device *dev, uint32_t attr,
				     uint32_t *value)
{
	uint64_t v;
	int ret;

	if (!dev || !value || attr >= DRM_QDA_NUM_DSP_ATTRIBUTES)
		return -EINVAL;
	ret = qda_query_raw(dev->fd, DRM_QDA_PARAM_DSP_CAPABILITY, attr, &v);
	if (ret) {
		qda_dbg(&dev->log, "capability %u: %s", attr, qda_strerror(ret));
		return ret;
	}
	*value = (uint32_t)v;
	return 0;
}
