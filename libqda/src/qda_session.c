/* SPDX-License-Identifier: MIT */
/*
 * qda_session.c: sessions (one open file of the device each) and their DSP
 * process.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qda_private.h"

QDA_EXPORT int qda_session_open(struct qda_device *dev,
				struct qda_session **out)
{
	struct qda_session *s;
	int ret;

	if (!dev || !out)
		return -EINVAL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	atomic_init(&s->refs, 1);
	s->log = dev->log;
	memcpy(s->path, dev->path, sizeof(s->path));
	memcpy(s->domain, dev->domain, sizeof(s->domain));
	ret = pthread_mutex_init(&s->lock, NULL);
	if (ret) {
		free(s);
		return -ret;
	}
	s->fd = qda_sys_open(dev->path, O_RDWR);
	if (s->fd < 0) {
		ret = s->fd;
		qda_err(&s->log, "open %s: %s", dev->path, qda_strerror(ret));
		goto err;
	}
	/* The node may have been replaced since the device was opened. */
	ret = qda_check_driver(s->fd);
	if (ret) {
		qda_sys_close(s->fd);
		goto err;
	}
	qda_info(&s->log, "session on %s (%s), fd %d", s->path, s->domain,
		 s->fd);
	*out = s;
	return 0;
err:
	pthread_mutex_destroy(&s->lock);
	free(s);
	return ret;
}

void qda_session_get(struct qda_session *s)
{
	atomic_fetch_add_explicit(&s->refs, 1, memory_order_relaxed);
}

void qda_session_put(struct qda_session *s)
{
	if (atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel) != 1)
		return;
	qda_argbuf_release_all(s);
	qda_sys_close(s->fd);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

QDA_EXPORT void qda_session_close(struct qda_session *s)
{
	if (!s)
		return;
	qda_info(&s->log, "closing session fd %d", s->fd);
	/* Cached argument BOs are not needed any more; the application's
	 * BOs may still hold the session open. */
	qda_argbuf_release_all(s);
	qda_session_put(s);
}

QDA_EXPORT const char *qda_session_domain_name(const struct qda_session *s)
{
	return s ? s->domain : NULL;
}

QDA_EXPORT int qda_session_create_pd(struct qda_session *s, const char *name,
				     uint32_t flags, struct qda_bo *shell,
				     uint64_t shell_offset, uint64_t shell_size)
{
	struct drm_qda_proc_create pc;
	size_t len;
	int ret;

	if (!s || (flags & ~(uint32_t)QDA_PD_UNSIGNED))
		return -EINVAL;
	if (!name)
		name = "qda";
	len = strlen(name);
	if (len == 0 || len > QDA_PD_NAME_MAX)
		return -EINVAL;
	if (shell) {
		if (shell->s != s)
			return -EXDEV;
		if (shell_size == 0 || shell_offset > shell->size ||
		    shell_size > shell->size - shell_offset)
			return -EINVAL;
	} else if (shell_offset || shell_size) {
		return -EINVAL;
	}
	memset(&pc, 0, sizeof(pc));
	pc.name_ptr = (uintptr_t)name;
	pc.name_len = (uint32_t)len;
	if (shell) {
		pc.shell_handle = shell->handle;
		pc.shell_offset = shell_offset;
		pc.shell_size = shell_size;
	}
	if (flags & QDA_PD_UNSIGNED)
		pc.flags |= DRM_QDA_PROC_UNSIGNED;
	ret = qda_sys_ioctl(s->fd, DRM_IOCTL_QDA_PROC_CREATE, &pc);
	if (ret) {
		qda_err(&s->log, "create PD \"%s\": %s", name, qda_strerror(ret));
		return ret;
	}
	qda_info(&s->log, "created %s PD \"%s\"",
		 (flags & QDA_PD_UNSIGNED) ? "unsigned" : "signed", name);
	return 0;
}

QDA_EXPORT int qda_session_attach_pd(struct qda_session *s, enum qda_pd pd)
{
	struct drm_qda_proc_attach pa;
	int ret;

	if (!s)
		return -EINVAL;
	memset(&pa, 0, sizeof(pa));
	switch (pd) {
	case QDA_PD_ROOT:
		pa.pd = DRM_QDA_PD_ROOT;
		break;
	case QDA_PD_SENSORS:
		pa.pd = DRM_QDA_PD_SENSORS;
		break;
	default:
		return -EINVAL;
	}
	ret = qda_sys_ioctl(s->fd, DRM_IOCTL_QDA_PROC_ATTACH, &pa);
	if (ret)
		qda_err(&s->log, "attach PD %d: %s", pd, qda_strerror(ret));
	else
		qda_info(&s->log, "attached to PD %d", pd);
	return ret;
}

QDA_EXPORT int qda_session_pd_state(struct qda_session *s, uint32_t *state)
{
	uint64_t v;
	int ret;

	if (!s || !state)
		return -EINVAL;
	ret = qda_query_raw(s->fd, DRM_QDA_PARAM_PROC_STATE, 0, &v);
	if (ret)
		return ret;
	*state = (uint32_t)v;
	return 0;
}

QDA_EXPORT int qda_session_dsp_unmap(struct qda_session *s, uint64_t dsp_addr)
{
	struct drm_qda_unmap u;
	int ret;

	if (!s)
		return -EINVAL;
	memset(&u, 0, sizeof(u));
	u.dsp_addr = dsp_addr;
	ret = qda_sys_ioctl(s->fd, DRM_IOCTL_QDA_UNMAP, &u);
	if (ret)
		qda_err(&s->log, "DSP unmap 0x%llx: %s",
			(unsigned long long)dsp_addr, qda_strerror(ret));
	return ret;
}
