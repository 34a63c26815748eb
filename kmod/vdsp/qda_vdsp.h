/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtual DSP: the domain every part shares. Calls go one way, down
 * the layers (kmod/vdsp/layers.txt, checked by scripts/layers.py); a file
 * includes the headers of its own layer and of those below:
 *
 * face		qda_vdsp_drv.c: domains, context-bank devices, transport ops
 * side		qda_vdsp_debugfs.c, qda_vdsp_faults.c, qda_vdsp_selftest.c:
 *		counters, hostile knobs, self-tests (qda_vdsp_side.h)
 * engine	qda_vdsp_engine.c: one message's execution: payload, checks,
 *		dispatch, response (qda_vdsp_engine.h)
 * modules	qda_vdsp_init.c (INIT: DSP processes and their mappings),
 *		qda_vdsp_remotectl.c (module open/close), qda_vdsp_caps.c
 *		(capability query), qda_vdsp_modules.c (calculator, qda_test)
 *		(qda_vdsp_modules.h)
 * smmu		qda_vdsp_smmu.c: per-CB IOVA spaces, address translation, a
 *		call's memory through them (qda_vdsp_smmu.h, qda_vdsp_call.h)
 * domain	this header
 */
#ifndef _QDA_VDSP_H_
#define _QDA_VDSP_H_

#include <linux/atomic.h>
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

#endif /* _QDA_VDSP_H_ */
