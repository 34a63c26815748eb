// SPDX-License-Identifier: GPL-2.0-only
/*
 * Invocation contexts: registering a call, sending it, matching the DSP's
 * response, and failing calls when the DSP goes away.
 *
 * A context is in qda_device.ctx_xa from just before its message is sent
 * until its response arrives, the DSP goes down, or its session's process
 * is released. While registered it holds its payload and every BO mapping
 * of its arguments, so a caller that gives up (signal, deadline) never
 * leaves the DSP writing into memory that was freed or reused.
 */
#include <linux/sched.h>
#include <linux/slab.h>
#include <drm/drm_drv.h>

#include "qda_call.h"
#include "qda_device.h"
#include "qda_fastrpc_wire.h"
#include "qda_gem.h"
#include "qda_session.h"

static void qda_ctx_free_work(struct work_struct *work)
{
	struct qda_ctx *ctx = container_of(work, struct qda_ctx, free_work);
	struct qda_session *session = ctx->session;
	unsigned int i;

	/* Answered, in time or late */
	if (ctx->answered && completion_done(&ctx->done) && !ctx->status)
		ctx->answered(session, ctx->retval);
	if (ctx->payload)
		qda_payload_put(session, ctx->payload);
	for (i = 0; i < ctx->nargs; i++)
		if (ctx->args[i].map)
			qda_bo_map_put(ctx->args[i].map);
	atomic64_dec(&session->qdev->stats.contexts);
	if (ctx->kind != QDA_CALL_TEARDOWN)
		qda_session_uncharge_call(session);
	qda_session_put(session);
	kfree(ctx);
}

/* The last reference may go in the response path, which can't sleep */
static void qda_ctx_release(struct kref *ref)
{
	struct qda_ctx *ctx = container_of(ref, struct qda_ctx, ref);

	queue_work(qda_wq, &ctx->free_work);
}

static void qda_ctx_put(struct qda_ctx *ctx)
{
	kref_put(&ctx->ref, qda_ctx_release);
}

/* In process context the last reference frees at once, no worker round */
static void qda_ctx_release_now(struct kref *ref)
{
	qda_ctx_free_work(&container_of(ref, struct qda_ctx, ref)->free_work);
}

static void qda_ctx_put_sync(struct qda_ctx *ctx)
{
	might_sleep();
	kref_put(&ctx->ref, qda_ctx_release_now);
}

/*
 * A user call interrupted by a signal is parked on its session: when the
 * same thread makes the same call again (the restarted system call, or
 * libqda's retry) it waits for the call already on the DSP instead of
 * running it twice. One parked call per thread; another call by that
 * thread discards it (it stays registered until the DSP answers).
 */
static void qda_ctx_park(struct qda_ctx *ctx)
{
	struct qda_session *session = ctx->session;
	struct qda_ctx *old = NULL, *it;

	kref_get(&ctx->ref);
	ctx->tid = task_pid_nr(current);
	spin_lock(&session->intr_lock);
	list_for_each_entry(it, &session->interrupted, intr_node) {
		if (it->tid == ctx->tid) {
			list_del(&it->intr_node);
			old = it;
			break;
		}
	}
	list_add(&ctx->intr_node, &session->interrupted);
	spin_unlock(&session->intr_lock);
	if (old)
		qda_ctx_put_sync(old);
}

/* Take the calling thread's parked call off its session, if any */
static struct qda_ctx *qda_ctx_unpark(struct qda_session *session)
{
	pid_t tid = task_pid_nr(current);
	struct qda_ctx *ctx = NULL, *it;

	spin_lock(&session->intr_lock);
	list_for_each_entry(it, &session->interrupted, intr_node) {
		if (it->tid == tid) {
			list_del(&it->intr_node);
			ctx = it;
			break;
		}
	}
	spin_unlock(&session->intr_lock);
	return ctx;
}

/* Forget every parked call of a closing session */
void qda_ctx_drop_parked(struct qda_session *session)
{
	struct qda_ctx *ctx, *tmp;
	LIST_HEAD(list);

	spin_lock(&session->intr_lock);
	list_splice_init(&session->interrupted, &list);
	spin_unlock(&session->intr_lock);
	list_for_each_entry_safe(ctx, tmp, &list, intr_node) {
		list_del(&ctx->intr_node);
		qda_ctx_put_sync(ctx);
	}
}

/* Take @ctx out of the registry unless a response or a sweep did */
static bool qda_ctx_unregister(struct qda_device *qdev, struct qda_ctx *ctx)
{
	unsigned long flags;
	bool removed = false;

	xa_lock_irqsave(&qdev->ctx_xa, flags);
	if (xa_load(&qdev->ctx_xa, qda_fastrpc_ctxid_id(ctx->ctxid)) == ctx) {
		__xa_erase(&qdev->ctx_xa, qda_fastrpc_ctxid_id(ctx->ctxid));
		removed = true;
	}
	xa_unlock_irqrestore(&qdev->ctx_xa, flags);
	return removed;
}

static int qda_ctx_register(struct qda_device *qdev, struct qda_ctx *ctx,
			    u32 pd, u32 epoch)
{
	/* Only a release may take the last slots: it must always get through */
	u32 max = ctx->kind == QDA_CALL_TEARDOWN ? QDA_FASTRPC_CTX_ID_MAX :
			QDA_FASTRPC_CTX_ID_MAX - QDA_TEARDOWN_RESERVED_CTX;
	unsigned long flags;
	u32 id;
	int ret;

	kref_get(&ctx->ref);
	xa_lock_irqsave(&qdev->ctx_xa, flags);
	if (!qdev->remote_up) {
		ret = -EPIPE;
	} else if (epoch && epoch != qdev->remote_epoch) {
		ret = -ENOTCONN;
	} else {
		ret = __xa_alloc_cyclic(&qdev->ctx_xa, &id, ctx,
					XA_LIMIT(QDA_FASTRPC_CTX_ID_MIN, max),
					&qdev->ctx_next, GFP_ATOMIC);
		if (ret >= 0) {
			/* Set before the lock drops: responses compare it */
			qdev->ctx_job++;
			ctx->ctxid = qda_fastrpc_ctxid(qdev->ctx_job, id, pd);
			ret = 0;
		}
	}
	xa_unlock_irqrestore(&qdev->ctx_xa, flags);

	if (ret) {
		kref_put(&ctx->ref, qda_ctx_release);
		if (ret == -EBUSY)
			qda_warn(qdev, "all %u call contexts are busy\n",
				 QDA_FASTRPC_CTX_ID_MAX);
	}
	return ret;
}

static int qda_ctx_wait(struct qda_ctx *ctx, enum qda_wait wait,
			ktime_t deadline)
{
	long left;

	if (wait == QDA_WAIT_KERNEL) {
		unsigned long timeout = msecs_to_jiffies(qda_release_timeout_ms);

		left = wait_for_completion_timeout(&ctx->done, timeout);
		return left ? 0 : -ETIMEDOUT;
	}
	if (!deadline)
		return wait_for_completion_interruptible(&ctx->done);

	left = ktime_to_ns(ktime_sub(deadline, ktime_get()));
	if (left <= 0)
		return completion_done(&ctx->done) ? 0 : -ETIMEDOUT;
	left = nsecs_to_jiffies(left) + 1;
	left = wait_for_completion_interruptible_timeout(&ctx->done, left);
	if (left < 0)
		return left;
	return left ? 0 : -ETIMEDOUT;
}

static int qda_ctx_complete(struct qda_ctx *ctx, struct qda_call_req *req);

/* The call as the payload layer sees it */
static struct qda_layout qda_ctx_layout(struct qda_ctx *ctx)
{
	return (struct qda_layout){
		.session = ctx->session,
		.payload = ctx->payload,
		.args = ctx->args,
		.nargs = ctx->nargs,
		.sc = ctx->sc,
		.npages = ctx->npages,
	};
}

/* The calling thread's parked call, if it is the call @req makes again */
static struct qda_ctx *qda_ctx_resume(struct qda_session *session,
				      const struct qda_call_req *req)
{
	struct qda_ctx *ctx = qda_ctx_unpark(session);
	unsigned int i;

	if (!ctx)
		return NULL;
	if (ctx->handle != req->handle || ctx->sc != req->sc ||
	    ctx->nargs != req->nargs)
		goto differs;
	for (i = 0; i < req->nargs; i++) {
		if (ctx->args[i].handle != req->args[i].handle ||
		    ctx->args[i].offset != req->args[i].offset ||
		    ctx->args[i].length != req->args[i].length)
			goto differs;
	}
	return ctx;

differs:
	qda_ctx_put_sync(ctx);
	return NULL;
}

/* A new context for @req, charged to the session unless teardown */
static struct qda_ctx *qda_ctx_new(struct qda_session *session,
				   const struct qda_call_req *req)
{
	struct qda_ctx *ctx;
	int ret;

	if (req->kind != QDA_CALL_TEARDOWN) {
		ret = qda_session_charge_call(session);
		if (ret)
			return ERR_PTR(ret);
	}
	ctx = kzalloc(struct_size(ctx, args, req->nargs), GFP_KERNEL);
	if (!ctx) {
		if (req->kind != QDA_CALL_TEARDOWN)
			qda_session_uncharge_call(session);
		return ERR_PTR(-ENOMEM);
	}
	ctx->kind = req->kind;
	ctx->answered = req->answered;
	kref_init(&ctx->ref);
	INIT_WORK(&ctx->free_work, qda_ctx_free_work);
	init_completion(&ctx->done);
	ctx->nargs = req->nargs;
	memcpy(ctx->args, req->args, req->nargs * sizeof(*req->args));
	ctx->sc = req->sc;
	ctx->handle = req->handle;
	ctx->session = session;
	qda_session_get(session);
	atomic64_inc(&session->qdev->stats.contexts);
	return ctx;
}

/* Lay @ctx's payload out, register it and send it to the DSP */
static int qda_ctx_send(struct qda_ctx *ctx, const struct qda_call_req *req)
{
	struct qda_session *session = ctx->session;
	struct qda_device *qdev = session->qdev;
	struct qda_fastrpc_msg msg;
	struct qda_layout lay;
	u64 size;
	int ret, idx;

	ctx->payload = qda_payload_get(session);
	if (IS_ERR(ctx->payload)) {
		ret = PTR_ERR(ctx->payload);
		ctx->payload = NULL;
		return ret;
	}
	lay = qda_ctx_layout(ctx);
	ret = qda_payload_build(&lay, &size);
	ctx->npages = lay.npages;
	if (ret)
		return ret;

	ret = qda_ctx_register(qdev, ctx, req->pd, req->epoch);
	if (ret)
		return ret;

	memset(&msg, 0, sizeof(msg));
	msg.client_id = cpu_to_le32(req->kind == QDA_CALL_USER ?
				    session->client_id : 0);
	msg.tid = cpu_to_le32(task_pid_nr(current));
	msg.ctx = cpu_to_le64(ctx->ctxid);
	msg.handle = cpu_to_le32(req->handle);
	msg.sc = cpu_to_le32(req->sc);
	msg.addr = cpu_to_le64(ctx->payload->map->dev_addr);
	msg.size = cpu_to_le64(size);

	if (drm_dev_enter(&qdev->drm, &idx)) {
		ret = qdev->ops->send(qdev->xprt_priv, &msg, sizeof(msg));
		drm_dev_exit(idx);
	} else {
		ret = -ENODEV;
	}
	atomic64_inc(&qdev->stats.invokes);
	if (ret && qda_ctx_unregister(qdev, ctx))
		qda_ctx_put(ctx);
	return ret;
}

/**
 * qda_call - make one remote call and wait for its answer
 * @session: Calling session.
 * @req: The call. When the calling thread was interrupted in this same
 *	call (same handle, scalars and arguments) and the call is still on
 *	the DSP, a user wait (QDA_WAIT_USER) waits for that one instead of
 *	making the call twice.
 *
 * Ownership: the BO mapping references in @req->args pass to qda_call()
 * whatever it returns; the caller must not drop them. They are dropped
 * when the call is freed: at once if it never reached the DSP, else only
 * once the DSP answered it or is known to have dropped it, so that a late
 * DSP access never reaches memory that was freed. A call abandoned by its
 * caller (timeout, signal) thus stays alive, with its references, until
 * then.
 *
 * Return: 0 when the DSP answered (its return code in @req->dsp_status),
 * else a negative errno: -ETIMEDOUT or -ERESTARTSYS (not answered in
 * time), -ENOTCONN (the DSP restarted since @req->epoch), -EPIPE (the DSP
 * is or went down), -ENODEV (the device is gone), -EBUSY (no call slot
 * free, or the file's or its user's call bound reached), -ENOMEM, or the
 * payload layer's error for arguments it cannot lay out.
 */
int qda_call(struct qda_session *session, struct qda_call_req *req)
{
	struct qda_ctx *ctx;
	int ret;

	if (req->wait == QDA_WAIT_USER) {
		ctx = qda_ctx_resume(session, req);
		if (ctx) {
			/* The parked call holds its own references */
			qda_call_args_put(req->args, req->nargs);
			return qda_ctx_complete(ctx, req);
		}
	}

	ctx = qda_ctx_new(session, req);
	if (IS_ERR(ctx)) {
		qda_call_args_put(req->args, req->nargs);
		return PTR_ERR(ctx);
	}
	if (req->deadline && ktime_after(ktime_get(), req->deadline))
		ret = -ETIMEDOUT;
	else
		ret = qda_ctx_send(ctx, req);
	if (ret) {
		qda_ctx_put_sync(ctx);
		return ret;
	}
	return qda_ctx_complete(ctx, req);
}

/* Wait for @ctx, read its results into @req, drop the caller's reference */
static int qda_ctx_complete(struct qda_ctx *ctx, struct qda_call_req *req)
{
	struct qda_device *qdev = ctx->session->qdev;
	struct qda_layout lay;
	unsigned int i;
	int ret;

	ret = qda_ctx_wait(ctx, req->wait, req->deadline);
	if (ret) {
		/* Abandoned: it stays registered, and alive, until answered */
		if (ret == -ETIMEDOUT) {
			atomic64_inc(&qdev->stats.timeouts);
		} else {
			atomic64_inc(&qdev->stats.interrupted);
			if (req->wait == QDA_WAIT_USER)
				qda_ctx_park(ctx);
		}
		goto out_put;
	}

	ret = ctx->status;
	if (ret)
		goto out_put;
	lay = qda_ctx_layout(ctx);
	ret = qda_payload_finish(&lay);
	if (ret)
		goto out_put;
	for (i = 0; i < ctx->nargs; i++)
		req->args[i].length = ctx->args[i].length;
	req->dsp_status = ctx->retval;

out_put:
	qda_ctx_put_sync(ctx);
	return ret;
}

/**
 * qda_call_receive - complete the call a DSP message answers
 * @qdev: The domain.
 * @data: The message (qda_domain_receive()).
 * @len: Its length.
 *
 * Anything that is not a well-formed response to a registered context,
 * with exactly the context value that was sent, is dropped and counted.
 */
void qda_call_receive(struct qda_device *qdev, const void *data, size_t len)
{
	const struct qda_fastrpc_rsp *rsp = data;
	struct qda_ctx *ctx;
	unsigned long flags;
	u64 ctxid;

	if (len < sizeof(*rsp)) {
		atomic64_inc(&qdev->stats.bad_rsp);
		qda_dbg(qdev, "short message from the DSP (%zu bytes)\n", len);
		return;
	}
	ctxid = le64_to_cpu(rsp->ctx);
	/* Process status notifications carry no call to complete */
	if (ctxid == QDA_FASTRPC_NOTIF_CTX)
		return;

	xa_lock_irqsave(&qdev->ctx_xa, flags);
	ctx = xa_load(&qdev->ctx_xa, qda_fastrpc_ctxid_id(ctxid));
	if (!ctx || ctx->ctxid != ctxid) {
		xa_unlock_irqrestore(&qdev->ctx_xa, flags);
		atomic64_inc(&qdev->stats.dropped);
		qda_dbg(qdev, "response for unknown context %#llx\n", ctxid);
		return;
	}
	__xa_erase(&qdev->ctx_xa, qda_fastrpc_ctxid_id(ctxid));
	xa_unlock_irqrestore(&qdev->ctx_xa, flags);

	ctx->retval = le32_to_cpu(rsp->retval);
	ctx->status = 0;
	complete(&ctx->done);
	qda_ctx_put(ctx);
}

/**
 * qda_ctx_fail_all - fail registered calls that the DSP will not answer
 * @qdev: The domain.
 * @only: Only this session's calls (its process was released), or NULL
 *	for all of them (the DSP went down).
 * @status: What the callers get.
 */
void qda_ctx_fail_all(struct qda_device *qdev, struct qda_session *only,
		      int status)
{
	struct qda_ctx *ctx;
	unsigned long flags, id;

	xa_lock_irqsave(&qdev->ctx_xa, flags);
	xa_for_each(&qdev->ctx_xa, id, ctx) {
		/*
		 * A released process takes its calls with it, but not the
		 * kernel's messages made on its bank (a capability query): the
		 * DSP still answers those, into their payload, so they stay
		 * (and keep the session and its bank) until answered or down.
		 */
		if (only && (ctx->session != only || ctx->kind != QDA_CALL_USER))
			continue;
		__xa_erase(&qdev->ctx_xa, id);
		ctx->status = status;
		complete(&ctx->done);
		qda_ctx_put(ctx);
	}
	xa_unlock_irqrestore(&qdev->ctx_xa, flags);
}
