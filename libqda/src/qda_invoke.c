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

/* Check one argument: its kind and flags, and its BO slice or memory. */
static int check_arg(const struct qda_session *s, const struct qda_arg *a)
{
	if (a->kind > QDA_ARG_OUT_HANDLE || a->flags || a->reserved[0] ||
	    a->reserved[1])
		return -EINVAL;
	if (a->bo) {
		if (a->bo->s != s)
			return -EXDEV;
		if (a->offset > a->bo->size ||
		    a->length > a->bo->size - a->offset)
			return -EINVAL;
		return 0;
	}
	/* The DSP keeps referring to handle arguments after the call, so
	 * they cannot live in a per-call argument BO. */
	if (a->kind >= QDA_ARG_IN_HANDLE || a->offset || (a->length && !a->ptr))
		return -EINVAL;
	/* More than could ever be copied into an argument BO. */
	if (a->length > (uint64_t)SIZE_MAX / 4)
		return -E2BIG;
	return 0;
}

/*
 * Check every argument, in the caller's order so that the first bad one
 * decides the error, and count them per kind into @count: the scalars word
 * tells the DSP how many of each kind there are.
 */
static int count_args(const struct qda_session *s, const struct qda_arg *args,
		      uint32_t nargs, uint32_t count[4])
{
	uint32_t i;
	int ret;

	for (i = 0; i < nargs; i++) {
		ret = check_arg(s, &args[i]);
		if (ret)
			return ret;
		count[args[i].kind]++;
	}
	if (count[QDA_ARG_IN] > QDA_MAX_INBUFS ||
	    count[QDA_ARG_OUT] > QDA_MAX_OUTBUFS ||
	    count[QDA_ARG_IN_HANDLE] > QDA_MAX_HANDLES ||
	    count[QDA_ARG_OUT_HANDLE] > QDA_MAX_HANDLES)
		return -EINVAL;
	return 0;
}

/*
 * What one call needs besides the caller's arguments: the kernel's
 * argument array, the caller's index of each of its entries, and the
 * argument BO plain memory is packed into. Up to 16 arguments (nearly
 * every call) use the arrays on the stack, saving two allocations.
 */
struct invoke_call {
	struct drm_qda_invoke_arg kargs_small[16], *kargs;
	uint32_t order_small[16], *order;
	struct qda_argbuf *ab;
};

static int call_init(struct invoke_call *c, uint32_t nargs)
{
	c->kargs = c->kargs_small;
	c->order = c->order_small;
	c->ab = NULL;
	if (nargs <= 16)
		return 0;
	c->kargs = calloc(nargs, sizeof(*c->kargs));
	c->order = calloc(nargs, sizeof(*c->order));
	return c->kargs && c->order ? 0 : -ENOMEM;
}

static void call_fini(struct qda_session *s, struct invoke_call *c)
{
	if (c->ab)
		argbuf_put(s, c->ab);
	if (c->kargs != c->kargs_small)
		free(c->kargs);
	if (c->order != c->order_small)
		free(c->order);
}

/*
 * Put the arguments in the kernel's order (inputs, outputs, input handles,
 * output handles; the caller's order within a kind) into @order. Returns
 * the bytes plain memory needs once packed in that order, each slice
 * QDA_ARG_ALIGN-aligned.
 */
static uint64_t order_args(const struct qda_arg *args, uint32_t nargs,
			   uint32_t *order)
{
	uint64_t packed = 0;
	uint32_t i, k, n = 0;

	for (k = QDA_ARG_IN; k <= QDA_ARG_OUT_HANDLE; k++)
		for (i = 0; i < nargs; i++)
			if (args[i].kind == k) {
				order[n++] = i;
				if (!args[i].bo && args[i].length)
					packed = qda_align_up(packed,
							      QDA_ARG_ALIGN) +
						 args[i].length;
			}
	return packed;
}

/*
 * Fill the kernel's argument array: BO slices as they are, plain memory as
 * slices of the argument BO (the kernel only ever sees BOs), with the
 * inputs copied in.
 */
static void pack_args(const struct qda_arg *args, uint32_t nargs,
		      struct invoke_call *c)
{
	uint64_t off = 0;
	uint32_t n;

	for (n = 0; n < nargs; n++) {
		const struct qda_arg *a = &args[c->order[n]];
		struct drm_qda_invoke_arg *ka = &c->kargs[n];

		memset(ka, 0, sizeof(*ka));
		ka->length = a->length;
		if (a->bo) {
			ka->handle = a->bo->handle;
			ka->offset = a->offset;
		} else if (a->length) {
			off = qda_align_up(off, QDA_ARG_ALIGN);
			ka->handle = c->ab->handle;
			ka->offset = off;
			if (a->kind == QDA_ARG_IN)
				memcpy((char *)c->ab->map + off, a->ptr,
				       (size_t)a->length);
			off += a->length;
		}
	}
}

/*
 * After a successful call: give the caller the lengths the kernel
 * reported for outputs, and copy plain-memory outputs back. Every length
 * is checked before anything is copied, so a bad answer leaves the
 * caller's arguments untouched.
 */
static int unpack_outputs(struct qda_session *s, struct qda_arg *args,
			  uint32_t nargs, const struct invoke_call *c)
{
	uint32_t n;

	for (n = 0; n < nargs; n++)
		if (args[c->order[n]].kind != QDA_ARG_IN &&
		    c->kargs[n].length > args[c->order[n]].length) {
			qda_err(&s->log, "kernel returned output length %llu > %llu",
				(unsigned long long)c->kargs[n].length,
				(unsigned long long)args[c->order[n]].length);
			return -EPROTO;
		}
	for (n = 0; n < nargs; n++) {
		struct qda_arg *a = &args[c->order[n]];

		if (a->kind != QDA_ARG_OUT && a->kind != QDA_ARG_OUT_HANDLE)
			continue;
		if (!a->bo && c->kargs[n].length)
			memcpy(a->ptr, (char *)c->ab->map + c->kargs[n].offset,
			       (size_t)c->kargs[n].length);
		a->length = c->kargs[n].length;
	}
	return 0;
}

QDA_EXPORT int qda_invoke(struct qda_session *s, uint32_t handle,
			  uint32_t method, struct qda_arg *args, uint32_t nargs,
			  const struct qda_invoke_opts *opts,
			  uint32_t *dsp_status)
{
	uint32_t count[4] = { 0 }, status = 0, sc;
	struct invoke_call c;
	uint64_t packed;
	int ret;

	if (!s || (nargs && !args) || method > QDA_METHOD_MAX ||
	    nargs > QDA_MAX_TOTAL_ARGS || !opts_valid(opts))
		return -EINVAL;
	ret = count_args(s, args, nargs, count);
	if (ret)
		return ret;
	sc = DRM_QDA_SCALARS(opts ? opts->attr : 0, method, count[QDA_ARG_IN],
			     count[QDA_ARG_OUT], count[QDA_ARG_IN_HANDLE],
			     count[QDA_ARG_OUT_HANDLE]);

	ret = call_init(&c, nargs);
	if (ret)
		goto out;
	packed = order_args(args, nargs, c.order);
	if (packed > (uint64_t)SIZE_MAX / 2) {
		ret = -E2BIG;
		goto out;
	}
	if (packed) {
		ret = argbuf_get(s, packed, &c.ab);
		if (ret)
			goto out;
	}
	pack_args(args, nargs, &c);

	ret = qda_invoke_raw(s, handle, sc, c.kargs, nargs,
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
	ret = unpack_outputs(s, args, nargs, &c);
out:
	call_fini(s, &c);
	return ret;
}

/* ---- modules ------------------------------------------------------------ */

/*
 * The name the DSP's module loader is given: @uri with "&_dom=<domain>"
 * appended if it has no "_dom=" key, so that it names the session's DSP.
 * *@size counts the terminating NUL, which the loader expects.
 */
static int module_uri(const struct qda_session *s, const char *uri,
		      char **out, uint32_t *size)
{
	size_t ulen = strlen(uri), dlen = 0;
	char *name;

	if (!strstr(uri, "_dom="))
		dlen = strlen("&_dom=") + strlen(s->domain);
	if (ulen + dlen >= QDA_URI_MAX)
		return -ENAMETOOLONG;
	name = malloc(ulen + dlen + 1);
	if (!name)
		return -ENOMEM;
	memcpy(name, uri, ulen + 1);
	if (dlen)
		sprintf(name + ulen, "&_dom=%s", s->domain);
	*out = name;
	*size = (uint32_t)(ulen + dlen + 1);
	return 0;
}

/* What the module loader answered to an open */
struct loader_answer {
	uint32_t status;		/* the call's status */
	uint32_t out0[2];		/* the module's handle, the loader's nErr */
	uint64_t out0_len;		/* bytes of out0 the DSP wrote */
	char dlerr[QDA_DLERROR_MAX];	/* the loader's error string */
};

/* remotectl open: in (name size, dlerror size), name; out (handle, nErr),
 * dlerror. Returns qda_invoke()'s result, the answer in @a. */
static int remotectl_open(struct qda_session *s, const char *name,
			  uint32_t size, struct loader_answer *a)
{
	uint32_t in0[2] = { size, sizeof(a->dlerr) };
	struct qda_arg args[4];
	int ret;

	memset(a, 0, sizeof(*a));
	args[0] = QDA_ARG_IN_MEM(in0, sizeof(in0));
	args[1] = QDA_ARG_IN_MEM(name, size);
	args[2] = QDA_ARG_OUT_MEM(a->out0, sizeof(a->out0));
	args[3] = QDA_ARG_OUT_MEM(a->dlerr, sizeof(a->dlerr));
	ret = qda_invoke(s, DRM_QDA_REMOTE_HANDLE_REMOTECTL, REMOTECTL_OPEN,
			 args, 4, NULL, &a->status);
	a->out0_len = args[2].length;
	a->dlerr[sizeof(a->dlerr) - 1] = '\0';
	return ret;
}

QDA_EXPORT int qda_module_open(struct qda_session *s, const char *uri,
			       uint32_t *handle, uint32_t *dsp_status,
			       char *dlerror, size_t dlerror_size)
{
	struct loader_answer a;
	uint32_t size, status;
	char *name;
	int ret;

	if (dsp_status)
		*dsp_status = 0;
	if (dlerror && dlerror_size)
		dlerror[0] = '\0';
	if (!s || !uri || !handle || !*uri)
		return -EINVAL;
	ret = module_uri(s, uri, &name, &size);
	if (ret)
		return ret;
	ret = remotectl_open(s, name, size, &a);
	/* The loader can fail with a call status of 0 and its nErr set. */
	if (ret == -EREMOTEIO || (!ret && a.out0[1])) {
		if (ret == 0 && a.out0_len < sizeof(a.out0)) {
			ret = -EPROTO;
			goto out;
		}
		status = a.status ? a.status : a.out0[1];
		if (dsp_status)
			*dsp_status = status;
		if (dlerror && dlerror_size)
			snprintf(dlerror, dlerror_size, "%s", a.dlerr);
		qda_err(&s->log, "open \"%s\": DSP error 0x%08x %s", name,
			status, a.dlerr);
		ret = -EREMOTEIO;
		goto out;
	}
	if (ret)
		goto out;
	if (a.out0_len < sizeof(a.out0)) {
		ret = -EPROTO;
		goto out;
	}
	*handle = a.out0[0];
	qda_info(&s->log, "opened \"%s\": handle %u", name, a.out0[0]);
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
