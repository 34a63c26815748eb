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
#include "qda_drv.h"
#include "qda_fastrpc_wire.h"
#include "qda_gem.h"
#include "qda_proc.h"
#include "qda_session.h"

static void qda_ctx_free_work(struct work_struct *work)
{
	struct qda_ctx *ctx = container_of(work, struct qda_ctx, free_work);
	struct qda_session *session = ctx->session;
	unsigned int i;

	/* A release answered, in time or late: the DSP process is gone */
	if (ctx->kind == QDA_CALL_TEARDOWN && completion_done(&ctx->done) &&
	    !ctx->status && (!ctx->retval ||
			     ctx->retval == QDA_AEE_ENOSUCHPROCESS))
		qda_proc_release_answered(session);
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

static int qda_ctx_complete(struct qda_ctx *ctx, enum qda_wait wait,
			    ktime_t deadline, struct qda_call_arg *args,
			    u32 *dsp_status);

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

/**
 * qda_call - make one remote call and wait for its answer
 * @session: Calling session.
 * @handle: Remote handle.
 * @sc: Scalars.
 * @pd: PD type for the context id.
 * @args: qda_sc_length(@sc) arguments; their BO mapping references pass
 *	to the call whatever it returns. Output lengths are updated.
 * @nargs: Entries in @args.
 * @kind: A call of the session's process, or a kernel message (client id
 *	0) made for the file or for its teardown.
 * @epoch: DSP epoch the call belongs to (-ENOTCONN if the DSP restarted
 *	since), or 0 for any.
 * @wait: How to wait.
 * @deadline: Absolute CLOCK_MONOTONIC deadline, 0 for none (user calls).
 * @dsp_status: Out: the DSP's return code when the call returns 0.
 *
 * Return: 0 when the DSP answered, else a negative errno.
 */
int qda_call(struct qda_session *session, u32 handle, u32 sc, u32 pd,
	     struct qda_call_arg *args, unsigned int nargs,
	     enum qda_call_kind kind, u32 epoch, enum qda_wait wait,
	     ktime_t deadline, u32 *dsp_status)
{
	bool counted = kind != QDA_CALL_TEARDOWN;
	struct qda_device *qdev = session->qdev;
	struct qda_fastrpc_msg msg;
	struct qda_layout lay;
	struct qda_ctx *ctx;
	unsigned int i;
	u64 size;
	int ret, idx;

	if (counted) {
		ret = qda_session_charge_call(session);
		if (ret)
			goto err_put_args;
	}
	ctx = kzalloc(struct_size(ctx, args, nargs), GFP_KERNEL);
	if (!ctx) {
		ret = -ENOMEM;
		goto err_uncount;
	}
	ctx->kind = kind;
	kref_init(&ctx->ref);
	INIT_WORK(&ctx->free_work, qda_ctx_free_work);
	init_completion(&ctx->done);
	ctx->nargs = nargs;
	memcpy(ctx->args, args, nargs * sizeof(*args));
	ctx->sc = sc;
	ctx->session = session;
	qda_session_get(session);
	atomic64_inc(&qdev->stats.contexts);

	if (deadline && ktime_after(ktime_get(), deadline)) {
		ret = -ETIMEDOUT;
		goto out_put;
	}

	ctx->payload = qda_payload_get(session);
	if (IS_ERR(ctx->payload)) {
		ret = PTR_ERR(ctx->payload);
		ctx->payload = NULL;
		goto out_put;
	}
	lay = qda_ctx_layout(ctx);
	ret = qda_payload_build(&lay, &size);
	ctx->npages = lay.npages;
	if (ret)
		goto out_put;

	ret = qda_ctx_register(qdev, ctx, pd, epoch);
	if (ret)
		goto out_put;

	memset(&msg, 0, sizeof(msg));
	msg.client_id = cpu_to_le32(kind == QDA_CALL_USER ?
				    session->client_id : 0);
	msg.tid = cpu_to_le32(task_pid_nr(current));
	msg.ctx = cpu_to_le64(ctx->ctxid);
	msg.handle = cpu_to_le32(handle);
	msg.sc = cpu_to_le32(sc);
	msg.addr = cpu_to_le64(ctx->payload->map->dev_addr);
	msg.size = cpu_to_le64(size);

	if (drm_dev_enter(&qdev->drm, &idx)) {
		ret = qdev->ops->send(qdev->xprt_priv, &msg, sizeof(msg));
		drm_dev_exit(idx);
	} else {
		ret = -ENODEV;
	}
	atomic64_inc(&qdev->stats.invokes);
	if (ret) {
		if (qda_ctx_unregister(qdev, ctx))
			qda_ctx_put(ctx);
		goto out_put;
	}

	ctx->handle = handle;
	return qda_ctx_complete(ctx, wait, deadline, args, dsp_status);

out_put:
	qda_ctx_put_sync(ctx);
	return ret;

err_uncount:
	if (counted)
		qda_session_uncharge_call(session);
err_put_args:
	for (i = 0; i < nargs; i++)
		if (args[i].map)
			qda_bo_map_put(args[i].map);
	return ret;
}

/* Wait for @ctx, read its results, drop the caller's reference */
static int qda_ctx_complete(struct qda_ctx *ctx, enum qda_wait wait,
			    ktime_t deadline, struct qda_call_arg *args,
			    u32 *dsp_status)
{
	struct qda_device *qdev = ctx->session->qdev;
	struct qda_layout lay;
	unsigned int i;
	int ret;

	ret = qda_ctx_wait(ctx, wait, deadline);
	if (ret) {
		/* Abandoned: it stays registered, and alive, until answered */
		if (ret == -ETIMEDOUT) {
			atomic64_inc(&qdev->stats.timeouts);
		} else {
			atomic64_inc(&qdev->stats.interrupted);
			if (wait == QDA_WAIT_USER)
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
		args[i].length = ctx->args[i].length;
	*dsp_status = ctx->retval;

out_put:
	qda_ctx_put_sync(ctx);
	return ret;
}

/**
 * qda_call_resume - finish the calling thread's interrupted call
 * @session: Calling session.
 * @handle: Remote handle of the call being made.
 * @sc: Its scalars.
 * @args: Its arguments (offset, length, handle compared; lengths updated).
 * @nargs: Entries in @args.
 * @deadline: Its deadline.
 * @dsp_status: Out, as for qda_call().
 *
 * Return: 1 when the thread has no parked call that is this one (a parked
 * call that differs is discarded), else what qda_call() would return.
 */
int qda_call_resume(struct qda_session *session, u32 handle, u32 sc,
		    struct qda_call_arg *args, unsigned int nargs,
		    ktime_t deadline, u32 *dsp_status)
{
	struct qda_ctx *ctx = qda_ctx_unpark(session);
	unsigned int i;

	if (!ctx)
		return 1;
	if (ctx->handle != handle || ctx->sc != sc || ctx->nargs != nargs)
		goto differs;
	for (i = 0; i < nargs; i++) {
		if (ctx->args[i].handle != args[i].handle ||
		    ctx->args[i].offset != args[i].offset ||
		    ctx->args[i].length != args[i].length)
			goto differs;
	}
	return qda_ctx_complete(ctx, QDA_WAIT_USER, deadline, args,
				dsp_status);

differs:
	qda_ctx_put_sync(ctx);
	return 1;
}

/**
 * qda_domain_receive - a message from the DSP
 * @qdev: The domain.
 * @data: The message.
 * @len: Its length.
 *
 * Anything that is not a well-formed response to a registered context,
 * with exactly the context value that was sent, is dropped and counted.
 */
void qda_domain_receive(struct qda_device *qdev, const void *data, size_t len)
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
EXPORT_SYMBOL_GPL(qda_domain_receive);

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
