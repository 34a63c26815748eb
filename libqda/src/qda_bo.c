/* SPDX-License-Identifier: MIT */
/*
 * qda_bo.c: buffer objects: allocation, CPU mapping, PRIME import/export,
 * DSP mapping.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "qda_private.h"

int qda_gem_create(int fd, uint64_t size, uint32_t *handle)
{
	struct drm_qda_gem_create c;
	int ret;

	memset(&c, 0, sizeof(c));
	c.size = size;
	ret = qda_sys_ioctl(fd, DRM_IOCTL_QDA_GEM_CREATE, &c);
	if (ret)
		return ret;
	if (!c.handle)
		return -EPROTO;
	*handle = c.handle;
	return 0;
}

int qda_gem_close(int fd, uint32_t handle)
{
	struct drm_gem_close c;

	memset(&c, 0, sizeof(c));
	c.handle = handle;
	return qda_sys_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &c);
}

static int qda_gem_info(int fd, uint32_t handle, struct drm_qda_gem_info *info)
{
	memset(info, 0, sizeof(*info));
	info->handle = handle;
	return qda_sys_ioctl(fd, DRM_IOCTL_QDA_GEM_INFO, info);
}

int qda_gem_map(int fd, uint32_t handle, uint64_t size, void **out)
{
	struct drm_qda_gem_info info;
	int ret;

	ret = qda_gem_info(fd, handle, &info);
	if (ret)
		return ret;
	if ((info.info_flags & DRM_QDA_BO_INFO_IMPORTED) || !info.mmap_offset)
		return -EOPNOTSUPP;
	if (info.size < size)
		return -EPROTO;
	return qda_sys_mmap(fd, (size_t)size, info.mmap_offset, out);
}

/* Count one more qda_bo on @handle. Returns 0 or -ENOMEM. */
static int handle_hold(struct qda_session *s, uint32_t handle)
{
	struct qda_handle_ref *r;
	int ret = 0;

	pthread_mutex_lock(&s->lock);
	for (r = s->handles; r; r = r->next)
		if (r->handle == handle)
			break;
	if (r) {
		r->refs++;
	} else {
		r = calloc(1, sizeof(*r));
		if (r) {
			r->handle = handle;
			r->refs = 1;
			r->next = s->handles;
			s->handles = r;
		} else {
			ret = -ENOMEM;
		}
	}
	pthread_mutex_unlock(&s->lock);
	return ret;
}

/* One qda_bo less on @handle: true when the kernel handle must be closed */
static bool handle_drop(struct qda_session *s, uint32_t handle)
{
	struct qda_handle_ref **pp, *r;
	bool last = true;

	pthread_mutex_lock(&s->lock);
	for (pp = &s->handles; (r = *pp); pp = &r->next) {
		if (r->handle != handle)
			continue;
		last = --r->refs == 0;
		if (last) {
			*pp = r->next;
			free(r);
		}
		break;
	}
	pthread_mutex_unlock(&s->lock);
	return last;
}

static void handle_release(struct qda_session *s, uint32_t handle)
{
	if (handle_drop(s, handle))
		qda_gem_close(s->fd, handle);
}

/* Counting failed: close @handle only if no qda_bo of the session uses it */
static void handle_release_unheld(struct qda_session *s, uint32_t handle)
{
	struct qda_handle_ref *r;

	pthread_mutex_lock(&s->lock);
	for (r = s->handles; r; r = r->next)
		if (r->handle == handle)
			break;
	pthread_mutex_unlock(&s->lock);
	if (!r)
		qda_gem_close(s->fd, handle);
}

static struct qda_bo *bo_new(struct qda_session *s, uint32_t handle,
			     uint64_t size, uint32_t flags)
{
	struct qda_bo *bo = calloc(1, sizeof(*bo));

	if (!bo)
		return NULL;
	if (pthread_mutex_init(&bo->lock, NULL)) {
		free(bo);
		return NULL;
	}
	bo->s = s;
	bo->handle = handle;
	bo->size = size;
	bo->flags = flags;
	qda_session_get(s);
	return bo;
}

QDA_EXPORT int qda_bo_alloc(struct qda_session *s, uint64_t size,
			    uint32_t flags, struct qda_bo **out)
{
	struct drm_qda_gem_info info;
	struct qda_bo *bo;
	uint32_t handle;
	int ret;

	if (!s || !out || !size || flags)
		return -EINVAL;
	ret = qda_gem_create(s->fd, size, &handle);
	if (ret) {
		qda_err(&s->log, "alloc %llu bytes: %s",
			(unsigned long long)size, qda_strerror(ret));
		return ret;
	}
	/* The kernel rounds the size up: report the real one. */
	ret = qda_gem_info(s->fd, handle, &info);
	if (ret)
		goto err_close;
	if (info.size < size) {
		ret = -EPROTO;
		goto err_close;
	}
	ret = handle_hold(s, handle);
	if (ret)
		goto err_close;
	bo = bo_new(s, handle, info.size, 0);
	if (!bo) {
		handle_release(s, handle);
		return -ENOMEM;
	}
	qda_dbg(&s->log, "BO %u: %llu bytes", handle,
		(unsigned long long)info.size);
	*out = bo;
	return 0;
err_close:
	qda_gem_close(s->fd, handle);
	return ret;
}

QDA_EXPORT int qda_bo_import(struct qda_session *s, int dmabuf_fd,
			     struct qda_bo **out)
{
	struct drm_prime_handle p;
	struct drm_qda_gem_info info;
	struct qda_bo *bo;
	int ret;

	if (!s || !out)
		return -EINVAL;
	if (dmabuf_fd < 0)
		return -EBADF;
	memset(&p, 0, sizeof(p));
	p.fd = dmabuf_fd;
	ret = qda_sys_ioctl(s->fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &p);
	if (ret) {
		qda_err(&s->log, "import dma-buf fd %d: %s", dmabuf_fd,
			qda_strerror(ret));
		return ret;
	}
	/* The handle may be one the session already holds (same buffer) */
	ret = handle_hold(s, p.handle);
	if (ret) {
		handle_release_unheld(s, p.handle);
		return ret;
	}
	ret = qda_gem_info(s->fd, p.handle, &info);
	if (ret)
		goto err_release;
	bo = bo_new(s, p.handle, info.size,
		    (info.info_flags & DRM_QDA_BO_INFO_IMPORTED) ?
			    QDA_BO_IMPORTED : 0);
	if (!bo) {
		ret = -ENOMEM;
		goto err_release;
	}
	*out = bo;
	return 0;
err_release:
	handle_release(s, p.handle);
	return ret;
}

QDA_EXPORT int qda_bo_export(struct qda_bo *bo, int *dmabuf_fd)
{
	struct drm_prime_handle p;
	int ret;

	if (!bo || !dmabuf_fd)
		return -EINVAL;
	memset(&p, 0, sizeof(p));
	p.handle = bo->handle;
	p.flags = DRM_CLOEXEC | DRM_RDWR;
	p.fd = -1;
	ret = qda_sys_ioctl(bo->s->fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &p);
	if (ret) {
		qda_err(&bo->s->log, "export BO %u: %s", bo->handle,
			qda_strerror(ret));
		return ret;
	}
	if (p.fd < 0)
		return -EPROTO;
	*dmabuf_fd = p.fd;
	return 0;
}

QDA_EXPORT int qda_bo_map(struct qda_bo *bo, void **ptr)
{
	int ret = 0;

	if (!bo || !ptr)
		return -EINVAL;
	if (bo->flags & QDA_BO_IMPORTED)
		return -EOPNOTSUPP;
	pthread_mutex_lock(&bo->lock);
	if (!bo->map)
		ret = qda_gem_map(bo->s->fd, bo->handle, bo->size, &bo->map);
	if (!ret)
		*ptr = bo->map;
	pthread_mutex_unlock(&bo->lock);
	if (ret)
		qda_err(&bo->s->log, "map BO %u: %s", bo->handle,
			qda_strerror(ret));
	return ret;
}

QDA_EXPORT void qda_bo_free(struct qda_bo *bo)
{
	struct qda_session *s;

	if (!bo)
		return;
	s = bo->s;
	if (bo->map)
		qda_sys_munmap(bo->map, (size_t)bo->size);
	handle_release(s, bo->handle);
	pthread_mutex_destroy(&bo->lock);
	free(bo);
	qda_session_put(s);
}

QDA_EXPORT uint64_t qda_bo_size(const struct qda_bo *bo)
{
	return bo ? bo->size : 0;
}

QDA_EXPORT uint32_t qda_bo_flags(const struct qda_bo *bo)
{
	return bo ? bo->flags : 0;
}

QDA_EXPORT int qda_bo_dsp_map(struct qda_bo *bo, uint64_t offset,
			      uint64_t length, uint32_t flags,
			      uint64_t *dsp_addr)
{
	struct drm_qda_map m;
	int ret;

	if (!bo || !dsp_addr || !length ||
	    (flags & ~(uint32_t)QDA_DSP_MAP_LEGACY) || offset > bo->size ||
	    length > bo->size - offset)
		return -EINVAL;
	memset(&m, 0, sizeof(m));
	m.handle = bo->handle;
	m.offset = offset;
	m.length = length;
	if (flags & QDA_DSP_MAP_LEGACY)
		m.flags |= DRM_QDA_MAP_LEGACY;
	ret = qda_sys_ioctl(bo->s->fd, DRM_IOCTL_QDA_MAP, &m);
	if (ret) {
		qda_err(&bo->s->log, "DSP map BO %u: %s", bo->handle,
			qda_strerror(ret));
		return ret;
	}
	*dsp_addr = m.dsp_addr;
	return 0;
}
