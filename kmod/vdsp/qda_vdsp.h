/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtual DSP: internal interfaces between its parts.
 *
 * qda_vdsp_drv.c	domains, context-bank devices, transport ops
 * qda_vdsp_smmu.c	per-CB IOVA spaces and address translation
 * qda_vdsp_engine.c	message and payload parsing, dispatch, responses
 * qda_vdsp_init.c	INIT handle: DSP processes and their mappings
 * qda_vdsp_remotectl.c	remotectl handle: module open/close
 * qda_vdsp_caps.c	utilities handle: capability query
 * qda_vdsp_modules.c	built-in modules (calculator, qda_test)
 * qda_vdsp_faults.c	hostile knobs
 * qda_vdsp_selftest.c	in-kernel self-tests run from debugfs
 * qda_vdsp_debugfs.c	counters and knobs in debugfs
 */
#ifndef _QDA_VDSP_H_
#define _QDA_VDSP_H_

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/maple_tree.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "qda_fastrpc_wire.h"
#include "qda_transport.h"

#define VDSP_MAX_CBS		15
#define VDSP_SID(dom_index, cb)	((dom_index) * 16 + (cb) + 1)

/* Domain-wide counters, printed by name in debugfs "stats" */
enum vdsp_stat {
	VDSP_ST_CALLS,
	VDSP_ST_CALLS_KERNEL,
	VDSP_ST_RESPONSES,
	VDSP_ST_ERRORS,
	VDSP_ST_FAULTS,
	VDSP_ST_PROCESSES,
	VDSP_ST_MODULE_HANDLES,
	VDSP_ST_DSP_MAPS,
	VDSP_ST_DSP_MAPPED_BYTES,
	VDSP_ST_SMMU_MAPS,
	VDSP_ST_SMMU_MAPPED_BYTES,
	VDSP_ST_CRASHES,
	VDSP_ST_INJECTED,
	VDSP_NUM_STATS
};

/* Per-method call counters, printed as "calls.<name>" */
enum vdsp_mstat {
	VDSP_M_INIT_ATTACH,
	VDSP_M_INIT_RELEASE,
	VDSP_M_INIT_MMAP,
	VDSP_M_INIT_MUNMAP,
	VDSP_M_INIT_CREATE,
	VDSP_M_INIT_CREATE_ATTR,
	VDSP_M_INIT_CREATE_STATIC,
	VDSP_M_INIT_MEM_MAP,
	VDSP_M_INIT_MEM_UNMAP,
	VDSP_M_INIT_OTHER,
	VDSP_M_REMOTECTL_OPEN,
	VDSP_M_REMOTECTL_CLOSE,
	VDSP_M_REMOTECTL_OTHER,
	VDSP_M_CAPS_QUERY,
	VDSP_M_CAPS_OTHER,
	VDSP_M_STATIC_OTHER,
	VDSP_M_CALC_OPEN,
	VDSP_M_CALC_CLOSE,
	VDSP_M_CALC_SUM,
	VDSP_M_CALC_MAX,
	VDSP_M_CALC_OTHER,
	VDSP_M_TEST_OPEN,
	VDSP_M_TEST_CLOSE,
	VDSP_M_TEST_NOOP,
	VDSP_M_TEST_ECHO,
	VDSP_M_TEST_FILL,
	VDSP_M_TEST_CHECKSUM,
	VDSP_M_TEST_SLEEP,
	VDSP_M_TEST_SET_OUTLEN,
	VDSP_M_TEST_ERROR,
	VDSP_M_TEST_HANDLES,
	VDSP_M_TEST_PEEK,
	VDSP_M_TEST_POKE,
	VDSP_M_TEST_KEEP,
	VDSP_M_TEST_KEPT_READ,
	VDSP_M_TEST_RELEASE_KEPT,
	VDSP_M_TEST_OTHER,
	VDSP_NUM_MSTATS
};

/* Hostile knobs acting on responses (qda_vdsp_faults.c) */
enum vdsp_knob {
	VDSP_K_DROP,
	VDSP_K_DELAY,
	VDSP_K_DUP,
	VDSP_K_STALE_CTX,
	VDSP_K_UNKNOWN_CTX,
	VDSP_K_SHORT,
	VDSP_K_OVERSIZE,
	VDSP_K_OUTLEN,
	VDSP_K_BAD_ADDR,
	VDSP_K_STALL,
	VDSP_NUM_KNOBS
};

enum vdsp_scope { VDSP_SCOPE_USER, VDSP_SCOPE_KERNEL, VDSP_SCOPE_ALL };

struct vdsp_knob_state {
	bool armed;
	enum vdsp_scope scope;
	u32 arg;
	u32 every;	/* 0: one-shot */
	u32 seen;
};

/*
 * A context bank: its device and its IOVA space.
 * @iovas maps IOVA -> struct vdsp_smmu_map. Writers (map, unmap) hold
 * @lock; readers (the DSP's translations, vdsp_smmu_walk()) hold only
 * rcu_read_lock(): the tree is in RCU mode and maps are freed by RCU.
 */
struct vdsp_cb {
	struct platform_device *pdev;
	u32 sid;
	struct mutex lock; /* serialises writers of iovas */
	struct maple_tree iovas;
};

struct vdsp_domain {
	struct device *dev;
	const char *name;
	unsigned int index;
	struct qda_device *qdev;

	struct vdsp_cb cbs[VDSP_MAX_CBS];
	struct qda_cb_info cb_info[VDSP_MAX_CBS];
	unsigned int num_cbs;

	struct workqueue_struct *wq;
	bool sync;
	bool smmu;	/* emulate the SMMU (else: banks in bypass) */
	/* RAM below 4 GiB never mapped on any bank: where bad_addr points */
	struct page *stray;

	/*
	 * @lock protects @epoch, @down, @dying, @inflight, @last_ctx and is
	 * held while a response is handed to the core, so that no response
	 * of an older epoch (before a crash) ever reaches it.
	 */
	spinlock_t lock;
	u32 epoch;
	bool down;
	bool dying;
	struct list_head inflight;
	u64 last_ctx;
	wait_queue_head_t wake;		/* woken on crash and teardown */
	struct delayed_work up_work;

	struct xarray procs;		/* client_id -> struct vdsp_process */

	spinlock_t knob_lock;		/* protects @knobs */
	struct vdsp_knob_state knobs[VDSP_NUM_KNOBS];

	struct dentry *debugfs;
	atomic64_t stats[VDSP_NUM_STATS];
	atomic64_t mstats[VDSP_NUM_MSTATS];
};

static inline void vdsp_stat_add(struct vdsp_domain *dom, enum vdsp_stat s,
				 s64 v)
{
	atomic64_add(v, &dom->stats[s]);
}

/* Most buffers a process keeps across calls (qda_test's keep method) */
#define VDSP_MAX_KEPT	16

/*
 * A buffer a module kept after the call that passed it, as DSP code that
 * caches a dma handle does: only its device address, never a reference on
 * its memory, so it reaches the memory only while the driver keeps it
 * mapped on the process's bank.
 */
struct vdsp_kept {
	u32 fd;
	u64 addr;
	u64 size;
};

/* A DSP process (protection domain) of one client */
struct vdsp_process {
	struct kref ref;
	struct vdsp_domain *dom;
	u32 client_id;
	u32 sid;
	u32 pd;
	bool unsigned_pd;
	bool is_static;
	bool killed;	/* only goes true; read with READ_ONCE() */
	char name[64];

	/*
	 * @lock serialises @handles allocation and every access to @vas and
	 * @nmaps (readers included: @vas is not in RCU mode). @handles is
	 * read locklessly (xa_load() is RCU-safe); debugfs peeks at @nmaps
	 * with READ_ONCE().
	 */
	struct mutex lock;
	struct xarray handles;		/* module handle -> vdsp_module */
	u32 next_handle;
	struct maple_tree vas;		/* DSP VA -> struct vdsp_dsp_map */
	unsigned int nmaps;
	struct vdsp_kept kept[VDSP_MAX_KEPT];	/* under @lock */
	unsigned int nkept;
};

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

typedef int (*vdsp_walk_fn)(void *ptr, size_t len, void *priv);

/* qda_vdsp_smmu.c */
int vdsp_smmu_map(struct vdsp_domain *dom, u32 sid, struct sg_table *sgt,
		  size_t size, u64 *iova);
void vdsp_smmu_unmap(struct vdsp_domain *dom, u32 sid, u64 iova, size_t size);
int vdsp_bypass_watch(struct vdsp_domain *dom, u32 sid,
		      struct sg_table *dma_sgt);
void vdsp_bypass_unwatch(struct vdsp_domain *dom, u32 sid,
			 struct sg_table *dma_sgt);
int vdsp_smmu_walk(struct vdsp_domain *dom, u32 epoch, u32 want_sid,
		   u64 addr, u64 len, vdsp_walk_fn fn, void *priv,
		   const char *what);
int vdsp_smmu_read(struct vdsp_domain *dom, u32 epoch, u32 want_sid,
		   u64 addr, void *dst, size_t len, const char *what);
int vdsp_smmu_write(struct vdsp_domain *dom, u32 epoch, u32 want_sid,
		    u64 addr, const void *src, size_t len, const char *what);
void vdsp_smmu_init(struct vdsp_domain *dom);
void vdsp_smmu_fini(struct vdsp_domain *dom);
int vdsp_arg_walk(struct vdsp_call *call, unsigned int i, u64 off, u64 len,
		  vdsp_walk_fn fn, void *priv);
int vdsp_arg_read(struct vdsp_call *call, unsigned int i, u64 off,
		  void *dst, size_t len);
int vdsp_arg_write(struct vdsp_call *call, unsigned int i, u64 off,
		   const void *src, size_t len);
int vdsp_fdlist_add(struct vdsp_call *call, u32 fd);

/* qda_vdsp_engine.c */
int vdsp_engine_send(struct vdsp_domain *dom, const void *msg, size_t len);
void vdsp_engine_drain(struct vdsp_domain *dom);
void vdsp_emit_locked(struct vdsp_domain *dom, const void *buf, size_t len);

/* qda_vdsp_init.c */
u32 vdsp_init_invoke(struct vdsp_call *call);
struct vdsp_process *vdsp_proc_get(struct vdsp_domain *dom, u32 client_id);
void vdsp_proc_put(struct vdsp_process *proc);
void vdsp_proc_drop_all(struct vdsp_domain *dom);
int vdsp_proc_kill(struct vdsp_domain *dom, u32 client_id);
int vdsp_proc_access(struct vdsp_process *proc, u32 epoch, u64 vaddr,
		     void *buf, size_t len, bool write);

/* qda_vdsp_remotectl.c */
u32 vdsp_remotectl_invoke(struct vdsp_call *call);

/* qda_vdsp_caps.c */
u32 vdsp_caps_invoke(struct vdsp_call *call);

/* qda_vdsp_modules.c */
struct vdsp_module;
const struct vdsp_module *vdsp_module_find(const char *lib);
const char *vdsp_module_skel(const struct vdsp_module *mod);
u32 vdsp_module_invoke(const struct vdsp_module *mod, struct vdsp_call *call);

/* qda_vdsp_faults.c */
int vdsp_faults_command(struct vdsp_domain *dom, char *line);
void vdsp_faults_show(struct vdsp_domain *dom, struct seq_file *m);
void vdsp_crash(struct vdsp_domain *dom, unsigned int up_delay_ms);

/* qda_vdsp_selftest.c */
int vdsp_selftest_command(struct vdsp_domain *dom, char *line);

/* qda_vdsp_debugfs.c */
void vdsp_debugfs_init(struct vdsp_domain *dom);
void vdsp_debugfs_fini(struct vdsp_domain *dom);

#endif /* _QDA_VDSP_H_ */
