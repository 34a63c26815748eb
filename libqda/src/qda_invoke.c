/* SPDX-License-Identifier: MIT */
/*
 * qda_invoke.c: remote calls. Plain-memory arguments are packed into a
 * session-private argument BO (the kernel only ever sees BOs), and module
 * open/close are remote calls to the DSP's module loader (remotectl).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qda_private.h"

#define QDA_ARGBUF_MIN (64u * 1024u)
#define QDA_MAX_INBUFS 255u
#define QDA_MAX_OUTBUFS 255u
#define QDA_MAX_HANDLES 15u
#define QDA_MAX_TOTAL_ARGS \
	(QDA_MAX_INBUFS + QDA_MAX_OUTBUFS + 2 * QDA_MAX_HANDLES)

/* remotectl (handle 0) methods and wire layouts */
#define REMOTECTL_OPEN 0
#define REMOTECTL_CLOSE 1

/* ---- argument BO pool --------------------------------------------------- */

static void argbuf_destroy(struct qda_session *s, struct qda_argbuf *b)
{
	if (b->map)
		qda_sys_munmap(b->map, (size_t)b->size);
	qda_gem_close(s->fd, b->handle);
	free(b);
}

/*
 * Take an argument BO of at least @need bytes: a cached one if one is big
 * enough, else a new one. Each in-flight call owns its BO, so concurrent
 * calls never share argument memory and the lock is only held for list
 * operations, never across a remote call.
 */
static int argbuf_get(struct qda_session *s, uint64_t need,
		      struct qda_argbuf **out)
{
	struct qda_argbuf **pp, *b = NULL;
	uint64_t size;
	int ret;

	pthread_mutex_lock(&s->lock);
	for (pp = &s->free_args; *pp; pp = &(*pp)->next) {
		if ((*pp)->size >= need) {
			b = *pp;
			*pp = b->next;
			s->nfree_args--;
			break;
		}
	}
	pthread_mutex_unlock(&s->lock);
	if (b) {
		*out = b;
		return 0;
	}

	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	size = qda_align_up(need > QDA_ARGBUF_MIN ? need : QDA_ARGBUF_MIN,
			    4096);
	ret = qda_gem_create(s->fd, size, &b->handle);
	if (ret) {
		free(b);
		return ret;
	}
	b->size = size;
	ret = qda_gem_map(s->fd, b->handle, size, &b->map);
	if (ret) {
		b->map = NULL;
		argbuf_destroy(s, b);
		return ret;
	}
	qda_dbg(&s->log, "new argument BO %u, %llu bytes", b->handle,
		(unsigned long long)size);
	*out = b;
	return 0;
}

static void argbuf_put(struct qda_session *s, struct qda_argbuf *b)
{
	pthread_mutex_lock(&s->lock);
	if (s->nfree_args < QDA_ARGBUF_CACHE_MAX) {
		b->next = s->free_args;
		s->free_args = b;
		s->nfree_args++;
		b = NULL;
	}
	pthread_mutex_unlock(&s->lock);
	if (b)
		argbuf_destroy(s, b);
}

void qda_argbuf_release_all(struct qda_session *s)
{
	struct qda_argbuf *b, *next;

	pthread_mutex_lock(&s->lock);
	b = s->free_args;
	s->free_args = NULL;
	s->nfree_args = 0;
	pthread_mutex_unlock(&s->lock);
	for (; b; b = next) {
		next = b->next;
		argbuf_destroy(s, b);
	}
}

/* ---- invoke ------------------------------------------------------------- */

int qda_invoke_raw(struct qda_session *s, uint32_t handle, uint32_t sc,
		   struct drm_qda_invoke_arg *args, uint32_t nargs,
		   int64_t timeout_ns, uint32_t *dsp_status)
{
	struct drm_qda_invoke inv;
	int ret;

	memset(&inv, 0, sizeof(inv));
	inv.args_ptr = (uintptr_t)args;
	inv.timeout_ns = timeout_ns;
	inv.remote_handle = handle;
	inv.sc = sc;
	inv.num_args = nargs;
	ret = qda_sys_ioctl(s->fd, DRM_IOCTL_QDA_INVOKE, &inv);
	if (ret) {
		qda_dbg(&s->log, "invoke handle %u sc 0x%08x: %s", handle, sc,
			qda_strerror(ret));
		return ret;
	}
	*dsp_status = inv.dsp_status;
	qda_dbg(&s->log, "invoke handle %u sc 0x%08x: DSP status 0x%x", handle,
		sc, inv.dsp_status);
	return 0;
}

static bool opts_valid(const struct qda_invoke_opts *o)
{
	return !o || (o->attr <= 7 && !o->flags && !o->reserved[0] &&
		      !o->reserved[1] && o->timeout_ns >= 0);
}

QDA_EXPORT int qda_invoke(struct qda_session *s, uint32_t handle,
			  uint32_t method, struct qda_arg *args, uint32_t nargs,
			  const struct qda_invoke_opts *opts,
			  uint32_t *dsp_status)
{
	struct drm_qda_invoke_arg kargs_small[16], *kargs = kargs_small;
	uint32_t order_small[16], *order = order_small;
	uint32_t count[4] = { 0 }, i, k, n, status = 0, sc;
	struct qda_argbuf *ab = NULL;
	uint64_t packed = 0, off;
	int ret;

	if (!s || (nargs && !args) || method > QDA_METHOD_MAX ||
	    nargs > QDA_MAX_TOTAL_ARGS || !opts_valid(opts))
		return -EINVAL;

	/* Validate and count each kind; compute the packed size. */
	for (i = 0; i < nargs; i++) {
		const struct qda_arg *a = &args[i];

		if (a->kind > QDA_ARG_OUT_HANDLE || a->flags ||
		    a->reserved[0] || a->reserved[1])
			return -EINVAL;
		count[a->kind]++;
		if (a->bo) {
			if (a->bo->s != s)
				return -EXDEV;
			if (a->offset > a->bo->size ||
			    a->length > a->bo->size - a->offset)
				return -EINVAL;
		} else {
			if (a->kind >= QDA_ARG_IN_HANDLE || a->offset ||
			    (a->length && !a->ptr))
				return -EINVAL;
			if (a->length > (uint64_t)SIZE_MAX / 4)
				return -E2BIG;
		}
	}
	if (count[QDA_ARG_IN] > QDA_MAX_INBUFS ||
	    count[QDA_ARG_OUT] > QDA_MAX_OUTBUFS ||
	    count[QDA_ARG_IN_HANDLE] > QDA_MAX_HANDLES ||
	    count[QDA_ARG_OUT_HANDLE] > QDA_MAX_HANDLES)
		return -EINVAL;
	sc = DRM_QDA_SCALARS(opts ? opts->attr : 0, method, count[QDA_ARG_IN],
			     count[QDA_ARG_OUT], count[QDA_ARG_IN_HANDLE],
			     count[QDA_ARG_OUT_HANDLE]);

	if (nargs > 16) {
		kargs = calloc(nargs, sizeof(*kargs));
		order = calloc(nargs, sizeof(*order));
		if (!kargs || !order) {
			ret = -ENOMEM;
			goto out;
		}
	}
	/* Kernel order: inputs, outputs, input handles, output handles;
	 * plain memory is packed in that order, each slice 128-byte aligned. */
	n = 0;
	for (k = QDA_ARG_IN; k <= QDA_ARG_OUT_HANDLE; k++)
		for (i = 0; i < nargs; i++)
			if (args[i].kind == k) {
				order[n++] = i;
				if (!args[i].bo && args[i].length)
					packed = qda_align_up(packed,
							      QDA_ARG_ALIGN) +
						 args[i].length;
			}
	if (packed > (uint64_t)SIZE_MAX / 2) {
		ret = -E2BIG;
		goto out;
	}
	if (packed) {
		ret = argbuf_get(s, packed, &ab);
		if (ret)
			goto out;
	}

	off = 0;
	for (n = 0; n < nargs; n++) {
		const struct qda_arg *a = &args[order[n]];
		struct drm_qda_invoke_arg *ka = &kargs[n];

		memset(ka, 0, sizeof(*ka));
		ka->length = a->length;
		if (a->bo) {
			ka->handle = a->bo->handle;
			ka->offset = a->offset;
		} else if (a->length) {
			off = qda_align_up(off, QDA_ARG_ALIGN);
			ka->handle = ab->handle;
			ka->offset = off;
			if (a->kind == QDA_ARG_IN)
				memcpy((char *)ab->map + off, a->ptr,
				       (size_t)a->length);
			off += a->length;
		}
	}

	ret = qda_invoke_raw(s, handle, sc, kargs, nargs,
			     opts ? opts->timeout_ns : 0, &status);
	if (ret)
		goto out;
	if (dsp_status)
		*dsp_status = status;
	if (status) {
		qda_dbg(&s->log, "handle %u method %u: DSP error 0x%08x",
			handle, method, status);
		ret = -EREMOTEIO;
		goto out;
	}

	/* Outputs: check, then copy back plain memory with the kernel's
	 * lengths. */
	for (n = 0; n < nargs; n++)
		if (args[order[n]].kind != QDA_ARG_IN &&
		    kargs[n].length > args[order[n]].length) {
			qda_err(&s->log, "kernel returned output length %llu > %llu",
				(unsigned long long)kargs[n].length,
				(unsigned long long)args[order[n]].length);
			ret = -EPROTO;
			goto out;
		}
	for (n = 0; n < nargs; n++) {
		struct qda_arg *a = &args[order[n]];

		if (a->kind != QDA_ARG_OUT && a->kind != QDA_ARG_OUT_HANDLE)
			continue;
		if (!a->bo && kargs[n].length)
			memcpy(a->ptr, (char *)ab->map + kargs[n].offset,
			       (size_t)kargs[n].length);
		a->length = kargs[n].length;
	}
out:
	if (ab)
		argbuf_put(s, ab);
	if (kargs != kargs_small)
		free(kargs);
	if (order != order_small)
		free(order);
	return ret;
}

/* ---- modules ------------------------------------------------------------ */

QDA_EXPORT int qda_module_open(struct qda_session *s, const char *uri,
			       uint32_t *handle, uint32_t *dsp_status,
			       char *dlerror, size_t dlerror_size)
{
	char dlerr[QDA_DLERROR_MAX];
	uint32_t in0[2], out0[2] = { 0, 0 }, status = 0;
	struct qda_arg args[4];
	size_t ulen, dlen;
	char *name;
	int ret;

	if (dsp_status)
		*dsp_status = 0;
	if (dlerror && dlerror_size)
		dlerror[0] = '\0';
	if (!s || !uri || !handle || !*uri)
		return -EINVAL;
	ulen = strlen(uri);
	dlen = strlen(s->domain);
	if (strstr(uri, "_dom="))
		dlen = 0;
	else
		dlen += strlen("&_dom=");
	if (ulen + dlen >= QDA_URI_MAX)
		return -ENAMETOOLONG;
	name = malloc(ulen + dlen + 1);
	if (!name)
		return -ENOMEM;
	memcpy(name, uri, ulen + 1);
	if (dlen)
		sprintf(name + ulen, "&_dom=%s", s->domain);

	memset(dlerr, 0, sizeof(dlerr));
	in0[0] = (uint32_t)(ulen + dlen + 1);
	in0[1] = sizeof(dlerr);
	args[0] = QDA_ARG_IN_MEM(in0, sizeof(in0));
	args[1] = QDA_ARG_IN_MEM(name, in0[0]);
	args[2] = QDA_ARG_OUT_MEM(out0, sizeof(out0));
	args[3] = QDA_ARG_OUT_MEM(dlerr, sizeof(dlerr));
	ret = qda_invoke(s, DRM_QDA_REMOTE_HANDLE_REMOTECTL, REMOTECTL_OPEN,
			 args, 4, NULL, &status);
	if (ret == -EREMOTEIO || (!ret && out0[1])) {
		dlerr[sizeof(dlerr) - 1] = '\0';
		if (ret == 0 && args[2].length < sizeof(out0)) {
			ret = -EPROTO;
			goto out;
		}
		if (!status)
			status = out0[1];
		if (dsp_status)
			*dsp_status = status;
		if (dlerror && dlerror_size)
			snprintf(dlerror, dlerror_size, "%s", dlerr);
		qda_err(&s->log, "open \"%s\": DSP error 0x%08x %s", name,
			status, dlerr);
		ret = -EREMOTEIO;
		goto out;
	}
	if (ret)
		goto out;
	if (args[2].length < sizeof(out0)) {
		ret = -EPROTO;
		goto out;
	}
	*handle = out0[0];
	qda_info(&s->log, "opened \"%s\": handle %u", name, out0[0]);
out:
	free(name);
	return ret;
}

QDA_EXPORT int qda_module_close(struct qda_session *s, uint32_t handle,
				uint32_t *dsp_status)
{
	char dlerr[QDA_DLERROR_MAX];
	uint32_t in0[2], out0[1] = { 0 }, status = 0;
	struct qda_arg args[3];
	int ret;

	if (dsp_status)
		*dsp_status = 0;
	if (!s)
		return -EINVAL;
	in0[0] = handle;
	in0[1] = sizeof(dlerr);
	memset(dlerr, 0, sizeof(dlerr));
	args[0] = QDA_ARG_IN_MEM(in0, sizeof(in0));
	args[1] = QDA_ARG_OUT_MEM(out0, sizeof(out0));
	args[2] = QDA_ARG_OUT_MEM(dlerr, sizeof(dlerr));
	ret = qda_invoke(s, DRM_QDA_REMOTE_HANDLE_REMOTECTL, REMOTECTL_CLOSE,
			 args, 3, NULL, &status);
	if (ret == -EREMOTEIO || (!ret && out0[0])) {
		if (!status)
			status = out0[0];
		if (dsp_status)
			*dsp_status = status;
		dlerr[sizeof(dlerr) - 1] = '\0';
		qda_err(&s->log, "close handle %u: DSP error 0x%08x %s", handle,
			status, dlerr);
		return -EREMOTEIO;
	}
	if (!ret)
		qda_info(&s->log, "closed handle %u", handle);
	return ret;
}
