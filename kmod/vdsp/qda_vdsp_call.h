/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One call as the code it runs sees it: its message, its arguments and
 * their memory (reached through the SMMU, in qda_vdsp_smmu.c).
 */
#ifndef _QDA_VDSP_CALL_H_
#define _QDA_VDSP_CALL_H_

#include <linux/bitops.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/wait.h>

#include "qda_vdsp_smmu.h"

struct vdsp_process;

/* One call being executed */
struct vdsp_call {
	struct vdsp_domain *dom;
	struct work_struct work;
	struct list_head node;		/* dom->inflight */
	u32 epoch;

	u32 client_id;
	u64 ctx;
	u32 handle;
	u32 sc;
	u64 addr;
	u64 size;

	struct vdsp_process *proc;	/* NULL for kernel messages */
	u32 sid;			/* of the payload */
	u32 arg_sid;			/* SID arguments must use, 0: any */

	unsigned int nargs;
	unsigned int npages;
	union qda_fastrpc_remote_arg *rpra;
	struct qda_fastrpc_invoke_buf *list;
	struct qda_fastrpc_phy_page *pages;
	u64 *outlen;			/* written-back length per arg */
	unsigned long *dirty;		/* rpra entries to write back */
};

static inline u32 vdsp_errno_to_aee(int err)
{
	switch (err) {
	case 0:
		return 0;
	case -EFAULT:
		return QDA_AEE_EBADVA;
	case -ENOMEM:
		return QDA_AEE_ENOMEMORY;
	case -EINVAL:
	case -EOVERFLOW:
		return QDA_AEE_EBADPARM;
	case -ENOENT:
		return QDA_AEE_ENOSUCHMAP;
	case -ENOSPC:
		return QDA_AEE_ENOMEMORY;
	default:
		return QDA_AEE_EFAILED;
	}
}

static inline bool vdsp_sc_is(const struct vdsp_call *call, u32 in, u32 out)
{
	return QDA_SC_INBUFS(call->sc) == in &&
	       QDA_SC_OUTBUFS(call->sc) == out &&
	       !QDA_SC_INHANDLES(call->sc) && !QDA_SC_OUTHANDLES(call->sc);
}

static inline u64 vdsp_arg_len(const struct vdsp_call *call, unsigned int i)
{
	if (i >= qda_sc_nbufs(call->sc))
		return 0;
	return le64_to_cpu(call->rpra[i].buf.len);
}

static inline void vdsp_arg_dirty(struct vdsp_call *call, unsigned int i)
{
	if (i < call->nargs)
		__set_bit(i, call->dirty);
}

/* Record the bytes the DSP produced in output buffer @i (written back) */
static inline void vdsp_arg_set_outlen(struct vdsp_call *call, unsigned int i,
				       u64 len)
{
	if (i < QDA_SC_INBUFS(call->sc) || i >= qda_sc_nbufs(call->sc))
		return;
	call->outlen[i] = len;
	vdsp_arg_dirty(call, i);
}

static inline struct qda_fastrpc_remote_dmahandle *
vdsp_arg_dma(struct vdsp_call *call, unsigned int i)
{
	if (i < qda_sc_nbufs(call->sc) || i >= call->nargs)
		return NULL;
	return &call->rpra[i].dma;
}

/*
 * Unlocked peek at @epoch and @dying (written under dom->lock): a call that
 * misses a crash here is caught under the lock when it responds, since no
 * response of an older epoch is handed to the core.
 */
static inline bool vdsp_call_stale(struct vdsp_call *call)
{
	struct vdsp_domain *dom = call->dom;

	return READ_ONCE(dom->epoch) != call->epoch || READ_ONCE(dom->dying);
}

/*
 * Sleep @us microseconds on behalf of a call. Returns -ECANCELED at once
 * when the DSP crashes or goes away meanwhile.
 */
static inline int vdsp_wait(struct vdsp_call *call, unsigned long us)
{
	if (us <= 20000) {
		if (us)
			usleep_range(us, us + us / 16 + 10);
	} else {
		wait_event_timeout(call->dom->wake, vdsp_call_stale(call),
				   usecs_to_jiffies(us));
	}
	return vdsp_call_stale(call) ? -ECANCELED : 0;
}

int vdsp_arg_walk(struct vdsp_call *call, unsigned int i, u64 off, u64 len,
		  vdsp_walk_fn fn, void *priv);
int vdsp_arg_read(struct vdsp_call *call, unsigned int i, u64 off,
		  void *dst, size_t len);
int vdsp_arg_write(struct vdsp_call *call, unsigned int i, u64 off,
		   const void *src, size_t len);
int vdsp_fdlist_add(struct vdsp_call *call, u32 fd);

#endif /* _QDA_VDSP_CALL_H_ */
