// SPDX-License-Identifier: GPL-2.0-only
/*
 * The protocol engine: takes a FastRPC message as the firmware receives it,
 * reads the payload through the SMMU (rpra, list and page entries), checks
 * every argument the way the DSP's own mapping step would, dispatches to
 * the handle's implementation, writes the produced output lengths back and
 * answers with a response carrying the message's ctx.
 *
 * It does not know how messages arrive: vdsp_engine_send() takes the bytes
 * of one message, the response leaves through vdsp_emit_locked(). The
 * hostile knobs that qda_vdsp_faults.c arms are fired here, on the call
 * and its response (vdsp_knob_fire()).
 */
#include <linux/bitmap.h>
#include <linux/dma-direct.h>
#include <linux/slab.h>
#include <linux/wait.h>

#include "qda_vdsp_engine.h"
#include "qda_vdsp_modules.h"

/* Hand a message to the core; dom->lock held, epoch checked */
void vdsp_emit_locked(struct vdsp_domain *dom, const void *buf, size_t len)
{
	lockdep_assert_held(&dom->lock);
	vdsp_stat_add(dom, VDSP_ST_RESPONSES, 1);
	qda_domain_receive(dom->qdev, buf, len);
}

/* Short and oversize responses (the short and oversize knobs) */
#define VDSP_SHORT_LEN		12
#define VDSP_OVERSIZE_LEN	64

/*
 * Does @knob fire for this response? Counts the responses in its scope;
 * a one-shot knob disarms itself. @arg receives the knob's argument.
 */
static bool vdsp_knob_fire(struct vdsp_domain *dom, enum vdsp_knob knob,
			   bool kernel_msg, u32 *arg)
{
	struct vdsp_knob_state *k = &dom->knobs[knob];
	bool fire = false;

	spin_lock(&dom->knob_lock);
	if (!k->armed)
		goto out;
	if (k->scope == VDSP_SCOPE_USER && kernel_msg)
		goto out;
	if (k->scope == VDSP_SCOPE_KERNEL && !kernel_msg)
		goto out;
	k->seen++;
	if (!k->every) {
		fire = true;
		k->armed = false;
	} else if (k->seen % k->every == 0) {
		fire = true;
	}
	if (fire && arg)
		*arg = k->arg;
out:
	spin_unlock(&dom->knob_lock);
	return fire;
}

/* What the response knobs that fired make of one response */
struct vdsp_rsp_knobs {
	bool stale;
	bool unknown;
	bool dup;
	u8 *shortm;	/* a short message sent first */
	u8 *big;	/* the response, oversize */
};

/*
 * Hand @rsp, as @k alters it, to the core unless the call's epoch ended
 * meanwhile (a crash or teardown).
 */
static void vdsp_emit_rsp(struct vdsp_call *call, struct qda_fastrpc_rsp *rsp,
			  const struct vdsp_rsp_knobs *k)
{
	struct vdsp_domain *dom = call->dom;
	u64 prev;

	spin_lock(&dom->lock);
	if (dom->epoch != call->epoch || dom->dying)
		goto unlock;
	prev = dom->last_ctx;
	dom->last_ctx = call->ctx;
	if (k->stale)
		rsp->ctx = cpu_to_le64(prev);
	else if (k->unknown)
		rsp->ctx = cpu_to_le64(call->ctx & ~QDA_FASTRPC_CTX_ID_MASK);
	if (k->shortm)
		vdsp_emit_locked(dom, k->shortm, VDSP_SHORT_LEN);
	if (k->big) {
		memset(k->big, 0xa5, VDSP_OVERSIZE_LEN);
		memcpy(k->big, rsp, sizeof(*rsp));
		vdsp_emit_locked(dom, k->big, VDSP_OVERSIZE_LEN);
	} else {
		vdsp_emit_locked(dom, rsp, sizeof(*rsp));
	}
	if (k->dup)
		vdsp_emit_locked(dom, rsp, sizeof(*rsp));
unlock:
	spin_unlock(&dom->lock);
}

/* Send the response of @call, altered by whatever knob fires */
static void vdsp_respond(struct vdsp_call *call, u32 retval)
{
	struct vdsp_domain *dom = call->dom;
	bool kmsg = !call->client_id;
	struct qda_fastrpc_rsp rsp = {
		.ctx = cpu_to_le64(call->ctx),
		.retval = cpu_to_le32(retval),
	};
	struct vdsp_rsp_knobs k = {};
	u32 delay_ms = 0;

	if (retval)
		vdsp_stat_add(dom, VDSP_ST_ERRORS, 1);
	if (vdsp_knob_fire(dom, VDSP_K_DROP, kmsg, NULL)) {
		vdsp_stat_add(dom, VDSP_ST_INJECTED, 1);
		return;
	}
	if (vdsp_knob_fire(dom, VDSP_K_DELAY, kmsg, &delay_ms)) {
		vdsp_stat_add(dom, VDSP_ST_INJECTED, 1);
		if (vdsp_wait(call, delay_ms * 1000UL))
			return;
	}
	k.stale = vdsp_knob_fire(dom, VDSP_K_STALE_CTX, kmsg, NULL);
	k.unknown = vdsp_knob_fire(dom, VDSP_K_UNKNOWN_CTX, kmsg, NULL);
	k.dup = vdsp_knob_fire(dom, VDSP_K_DUP, kmsg, NULL);
	if (vdsp_knob_fire(dom, VDSP_K_SHORT, kmsg, NULL)) {
		/* exactly 12 bytes, so a driver reading 16 trips slub/kfence */
		k.shortm = kmalloc(VDSP_SHORT_LEN, GFP_KERNEL);
		if (k.shortm) {
			memcpy(k.shortm, &rsp.ctx, sizeof(rsp.ctx));
			memset(k.shortm + sizeof(rsp.ctx), 0xff,
			       VDSP_SHORT_LEN - sizeof(rsp.ctx));
		}
	}
	if (vdsp_knob_fire(dom, VDSP_K_OVERSIZE, kmsg, NULL))
		k.big = kmalloc(VDSP_OVERSIZE_LEN, GFP_KERNEL);
	if (k.stale || k.unknown || k.dup || k.shortm || k.big)
		vdsp_stat_add(dom, VDSP_ST_INJECTED, 1);

	vdsp_emit_rsp(call, &rsp, &k);
	kfree(k.shortm);
	kfree(k.big);
}

/* Past any mapping a context bank can hold: where bad_addr moves a page */
#define VDSP_BAD_ADDR_SHIFT	BIT_ULL(31)

/*
 * Where bad_addr moves a page entry at @addr. Behind the SMMU: 2 GiB off,
 * where no mapping reaches. In bypass: onto RAM nothing ever mapped on a
 * bank (the stray page), which a DSP that reached any RAM would read.
 */
static u64 vdsp_bad_addr(struct vdsp_domain *dom, u64 addr)
{
	if (dom->smmu)
		return addr + VDSP_BAD_ADDR_SHIFT;
	return (addr & ~0xffffffffULL) |
	       phys_to_dma(&dom->cbs[0].pdev->dev, page_to_phys(dom->stray));
}

/*
 * The bad_addr knob: the first buffer with page entries is read as if the
 * driver had put it where nothing is mapped for the DSP, so its walk is a
 * translation fault. Only a call that has such a buffer consumes the knob.
 */
static void vdsp_knob_bad_addr(struct vdsp_call *call)
{
	unsigned int nbufs = qda_sc_nbufs(call->sc), i;

	for (i = 0; i < nbufs; i++) {
		struct qda_fastrpc_phy_page *pg;

		if (!call->list[i].num || !le64_to_cpu(call->rpra[i].buf.len))
			continue;
		if (!vdsp_knob_fire(call->dom, VDSP_K_BAD_ADDR,
				    !call->client_id, NULL))
			return;
		vdsp_stat_add(call->dom, VDSP_ST_INJECTED, 1);
		pg = &call->pages[le32_to_cpu(call->list[i].pgidx)];
		pg->addr = cpu_to_le64(vdsp_bad_addr(call->dom,
						     le64_to_cpu(pg->addr)));
		return;
	}
}

/* How many page entries the @n arguments of @list reach */
static u64 vdsp_meta_npages(const struct qda_fastrpc_invoke_buf *list,
			    unsigned int n)
{
	unsigned int i;
	u64 npages = 0;

	for (i = 0; i < n; i++) {
		u64 end = (u64)le32_to_cpu(list[i].pgidx) +
			  le32_to_cpu(list[i].num);

		if (list[i].num && end > npages)
			npages = end;
	}
	return npages;
}

/* Read rpra[], list[] and pages[] of the payload */
static int vdsp_load_meta(struct vdsp_call *call)
{
	struct vdsp_domain *dom = call->dom;
	unsigned int n = call->nargs;
	size_t hdr = n * (sizeof(union qda_fastrpc_remote_arg) +
			  sizeof(struct qda_fastrpc_invoke_buf));
	u64 npages;
	void *meta;
	int ret;

	if (!n)
		return 0;
	if (!call->addr || !call->size || call->size > SZ_1G)
		return -EINVAL;
	call->sid = call->addr >> 32;
	/* the payload is one mapping in the caller's CB */
	ret = vdsp_smmu_walk(dom, call->epoch, call->arg_sid, call->addr,
			     call->size, NULL, NULL, "payload");
	if (ret)
		return ret;
	if (hdr > call->size)
		return -EINVAL;

	meta = kvmalloc(hdr, GFP_KERNEL);
	if (!meta)
		return -ENOMEM;
	ret = vdsp_smmu_read(dom, call->epoch, 0, call->addr, meta, hdr,
			     "payload");
	if (ret)
		goto err;
	npages = vdsp_meta_npages(meta + n * sizeof(union qda_fastrpc_remote_arg),
				  n);
	if (npages > call->size / sizeof(struct qda_fastrpc_phy_page) ||
	    qda_fastrpc_meta_size(n, npages) > call->size) {
		ret = -EINVAL;
		goto err;
	}
	call->npages = npages;
	call->rpra = kvmalloc(hdr + npages * sizeof(*call->pages), GFP_KERNEL);
	if (!call->rpra) {
		ret = -ENOMEM;
		goto err;
	}
	memcpy(call->rpra, meta, hdr);
	kvfree(meta);
	call->list = (void *)call->rpra +
		     n * sizeof(union qda_fastrpc_remote_arg);
	call->pages = (void *)call->list +
		      n * sizeof(struct qda_fastrpc_invoke_buf);
	ret = vdsp_smmu_read(dom, call->epoch, 0, call->addr + hdr,
			     call->pages, npages * sizeof(*call->pages),
			     "payload");
	if (ret)
		return ret;
	vdsp_knob_bad_addr(call);
	call->outlen = kcalloc(n, sizeof(*call->outlen), GFP_KERNEL);
	call->dirty = bitmap_zalloc(n, GFP_KERNEL);
	if (!call->outlen || !call->dirty)
		return -ENOMEM;
	return 0;
err:
	kvfree(meta);
	return ret;
}

/*
 * What the DSP's mapping step does before a method runs: every buffer's
 * page entries must cover it and translate, every handle's entries must
 * translate.
 */
static int vdsp_check_args(struct vdsp_call *call)
{
	unsigned int nbufs = qda_sc_nbufs(call->sc), i, j;
	int ret;

	for (i = 0; i < call->nargs; i++) {
		u32 pgidx = le32_to_cpu(call->list[i].pgidx);
		u32 num = le32_to_cpu(call->list[i].num);
		u64 have = 0, need;

		for (j = 0; j < num; j++) {
			const struct qda_fastrpc_phy_page *pg =
				&call->pages[pgidx + j];

			if (le64_to_cpu(pg->addr) & (QDA_FASTRPC_PAGE_SIZE - 1))
				return -EINVAL;
			if (check_add_overflow(have, le64_to_cpu(pg->size),
					       &have))
				return -EINVAL;
			if (i >= nbufs) {
				ret = vdsp_smmu_walk(call->dom, call->epoch, call->arg_sid,
						     le64_to_cpu(pg->addr),
						     le64_to_cpu(pg->size),
						     NULL, NULL, "handle");
				if (ret)
					return ret;
			}
		}
		if (i >= nbufs)
			continue;
		need = vdsp_arg_len(call, i);
		if (!need)
			continue;
		if (check_add_overflow(need, le64_to_cpu(call->rpra[i].buf.pv) &
				       (QDA_FASTRPC_PAGE_SIZE - 1), &need) ||
		    need > have)
			return -EINVAL;
		ret = vdsp_arg_walk(call, i, 0, vdsp_arg_len(call, i), NULL,
				    NULL);
		if (ret)
			return ret;
	}
	return 0;
}

/* Write the produced lengths (and filled out-handles) back to the payload */
static int vdsp_writeback(struct vdsp_call *call)
{
	unsigned int nbufs = qda_sc_nbufs(call->sc), i;
	int ret;

	for_each_set_bit(i, call->dirty, call->nargs) {
		u64 at = call->addr + i * sizeof(union qda_fastrpc_remote_arg);

		if (i < nbufs) {
			__le64 len = cpu_to_le64(call->outlen[i]);

			ret = vdsp_smmu_write(call->dom, call->epoch, 0,
					      at + offsetof(struct qda_fastrpc_remote_buf, len),
					      &len, sizeof(len), "payload");
		} else {
			ret = vdsp_smmu_write(call->dom, call->epoch, 0, at,
					      &call->rpra[i],
					      sizeof(call->rpra[i]), "payload");
		}
		if (ret)
			return ret;
	}
	return 0;
}

static u32 vdsp_dispatch(struct vdsp_call *call)
{
	const struct vdsp_module *mod;

	switch (call->handle) {
	case QDA_FASTRPC_HANDLE_REMOTECTL:
		return vdsp_remotectl_invoke(call);
	case QDA_FASTRPC_HANDLE_INIT:
		return vdsp_init_invoke(call);
	case QDA_FASTRPC_HANDLE_UTILITIES:
		return vdsp_caps_invoke(call);
	}
	if (call->handle <= QDA_FASTRPC_MAX_STATIC_HANDLE) {
		atomic64_inc(&call->dom->mstats[VDSP_M_STATIC_OTHER]);
		return QDA_AEE_EUNSUPPORTED;
	}
	/*
	 * Lockless: xa_load() is RCU-safe, and the entries are the built-in
	 * module descriptors, which are never freed.
	 */
	mod = xa_load(&call->proc->handles, call->handle);
	if (!mod)
		return QDA_AEE_EBADHANDLE;
	return vdsp_module_invoke(mod, call);
}

/*
 * Who may call what: kernel messages reach INIT and the utilities only,
 * any other call needs a live process of its client (taken into
 * @call->proc). Returns 0 or the AEE code to answer with.
 */
static u32 vdsp_admit(struct vdsp_call *call)
{
	struct vdsp_domain *dom = call->dom;

	if (!call->client_id) {
		vdsp_stat_add(dom, VDSP_ST_CALLS_KERNEL, 1);
		if (call->handle != QDA_FASTRPC_HANDLE_INIT &&
		    call->handle != QDA_FASTRPC_HANDLE_UTILITIES)
			return QDA_AEE_EBADPARM;
		return 0;
	}
	if (call->handle == QDA_FASTRPC_HANDLE_INIT)
		return QDA_AEE_EBADPARM;
	call->proc = vdsp_proc_get(dom, call->client_id);
	/* @killed only ever goes true; a call that misses it is as
	 * one that arrived just before the kill
	 */
	if (!call->proc || READ_ONCE(call->proc->killed))
		return QDA_AEE_ENOSUCHPROCESS;
	call->arg_sid = call->proc->sid;
	return 0;
}

/* After the method: the outlen knob, then the lengths written back */
static u32 vdsp_finish(struct vdsp_call *call, u32 retval)
{
	struct vdsp_domain *dom = call->dom;
	int ret;

	if (QDA_SC_OUTBUFS(call->sc) &&
	    vdsp_knob_fire(dom, VDSP_K_OUTLEN, !call->client_id, NULL)) {
		unsigned int i = QDA_SC_INBUFS(call->sc);

		vdsp_stat_add(dom, VDSP_ST_INJECTED, 1);
		call->outlen[i] = vdsp_arg_len(call, i) + 4096;
		vdsp_arg_dirty(call, i);
	}
	if (call->nargs) {
		ret = vdsp_writeback(call);
		if (ret && !retval)
			retval = vdsp_errno_to_aee(ret);
	}
	return retval;
}

static void vdsp_execute(struct vdsp_call *call)
{
	struct vdsp_domain *dom = call->dom;
	bool kmsg = !call->client_id;
	u32 retval, stall_ms;
	int ret;

	/* A busy DSP: the call starts late, its writes land late */
	if (vdsp_knob_fire(dom, VDSP_K_STALL, kmsg, &stall_ms)) {
		vdsp_stat_add(dom, VDSP_ST_INJECTED, 1);
		if (vdsp_wait(call, stall_ms * 1000UL))
			return;
	}

	vdsp_stat_add(dom, VDSP_ST_CALLS, 1);
	retval = vdsp_admit(call);
	if (retval)
		goto reply;

	ret = vdsp_load_meta(call);
	if (!ret)
		ret = vdsp_check_args(call);
	if (ret) {
		retval = vdsp_errno_to_aee(ret);
		goto reply;
	}

	retval = vdsp_dispatch(call);
	if (vdsp_call_stale(call))
		return;
	retval = vdsp_finish(call, retval);
reply:
	/*
	 * Let go of the process before answering: once the driver has the
	 * answer it may release the process, which must then be gone at once.
	 */
	if (call->proc) {
		vdsp_proc_put(call->proc);
		call->proc = NULL;
	}
	vdsp_respond(call, retval);
}

static void vdsp_call_free(struct vdsp_call *call)
{
	struct vdsp_domain *dom = call->dom;

	spin_lock(&dom->lock);
	list_del(&call->node);
	spin_unlock(&dom->lock);
	if (call->proc)
		vdsp_proc_put(call->proc);
	kvfree(call->rpra);
	kfree(call->outlen);
	bitmap_free(call->dirty);
	kfree(call);
}

static void vdsp_call_work(struct work_struct *work)
{
	struct vdsp_call *call = container_of(work, struct vdsp_call, work);

	vdsp_execute(call);
	vdsp_call_free(call);
}

int vdsp_engine_send(struct vdsp_domain *dom, const void *data, size_t len)
{
	const struct qda_fastrpc_msg *msg = data;
	struct vdsp_call *call;
	int ret = 0;

	if (len != sizeof(*msg))
		return -EINVAL;
	call = kzalloc(sizeof(*call), GFP_KERNEL);
	if (!call)
		return -ENOMEM;
	call->dom = dom;
	call->client_id = le32_to_cpu(msg->client_id);
	call->ctx = le64_to_cpu(msg->ctx);
	call->handle = le32_to_cpu(msg->handle);
	call->sc = le32_to_cpu(msg->sc);
	call->addr = le64_to_cpu(msg->addr);
	call->size = le64_to_cpu(msg->size);
	call->nargs = qda_sc_length(call->sc);
	INIT_WORK(&call->work, vdsp_call_work);

	spin_lock(&dom->lock);
	if (dom->dying)
		ret = -ENODEV;
	else if (dom->down)
		ret = -EPIPE;
	call->epoch = dom->epoch;
	if (!ret)
		list_add_tail(&call->node, &dom->inflight);
	spin_unlock(&dom->lock);
	if (ret) {
		kfree(call);
		return ret;
	}

	/* a test knob (debugfs bool): either mode is right for any call */
	if (READ_ONCE(dom->sync))
		vdsp_call_work(&call->work);
	else
		queue_work(dom->wq, &call->work);
	return 0;
}

/* Teardown: calls in flight end without answer, the workers are stopped */
void vdsp_engine_drain(struct vdsp_domain *dom)
{
	spin_lock(&dom->lock);
	dom->dying = true;
	dom->epoch++;
	spin_unlock(&dom->lock);
	wake_up_all(&dom->wake);
	if (dom->wq)
		destroy_workqueue(dom->wq);
	dom->wq = NULL;
}
