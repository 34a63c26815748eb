/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A QDA device: one per DSP domain (struct qda_device), its context banks
 * and counters, the lock order, and what qda_device.c defines for every
 * layer.
 */
#ifndef _QDA_DEVICE_H_
#define _QDA_DEVICE_H_

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/idr.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <drm/drm_device.h>
#include <drm/drm_file.h>
#include <drm/drm_print.h>

#include "qda_compat.h"
#include "qda_fastrpc_wire.h"
#include "qda_transport.h"

/**
 * DOC: locking
 *
 * Lock order, outermost first:
 *   qda_session.lock -> qda_device.caps_lock -> qda_bo.lock ->
 *   the dma-buf's reservation lock (attach and map of imports) ->
 *   qda_device.cb_lock, qda_device.ctx_xa (xa_lock, irq-safe),
 *   qda_session.pool_lock, qda_session.intr_lock, qda_device.zombie_lock
 * The spinlocks are leaves: nothing is taken, nothing sleeps, under them.
 *
 * Calls to the DSP never hold a qda_bo.lock; they may hold the calling
 * session's lock (process setup and teardown, which are serialised per
 * session) or caps_lock. qda_domain_receive() only takes the ctx_xa lock,
 * so it may run in any context.
 */

#define QDA_NAME_LEN		16
#define QDA_MAX_ARGS		64
#define QDA_MAX_BO_SIZE		BIT_ULL(31)

/**
 * struct qda_cb - a context bank: one IOMMU stream of the DSP
 * @dev: DMA device of the stream (reference held while registered).
 * @sid: Stream id, the high bits of every device address on this CB.
 * @in_use: Assigned to a session. Protected by qda_device.cb_lock.
 */
struct qda_cb {
	struct device *dev;
	u32 sid;
	bool in_use;
};

/**
 * struct qda_stats - per-device counters, shown in debugfs "qda_stats"
 * @bos: Live BOs, imports and kernel ones included.
 * @imports: Live imported BOs.
 * @sessions: Live sessions.
 * @contexts: Live invocation contexts.
 * @cb_maps: Live BO mappings on context banks.
 * @dsp_maps: Live DSP process mappings (MAP ioctl).
 * @bytes: Bytes of memory allocated for BOs.
 * @invokes: Calls sent.
 * @dropped: Responses dropped: unknown or stale ctx.
 * @bad_rsp: Responses dropped: malformed.
 * @bad_outlen: Calls failed: DSP wrote back a bad length.
 * @timeouts: Calls given up at their deadline.
 * @interrupted: Calls abandoned on a signal.
 * @remote_down: DSP down events seen.
 * @late_releases: Quarantines ended by a late release answer.
 *
 * Tests read them to prove nothing leaked. Live counts go up and down;
 * the others only go up.
 */
struct qda_stats {
	atomic64_t bos;
	atomic64_t imports;
	atomic64_t sessions;
	atomic64_t contexts;
	atomic64_t cb_maps;
	atomic64_t dsp_maps;
	atomic64_t bytes;
	atomic64_t invokes;
	atomic64_t dropped;
	atomic64_t bad_rsp;
	atomic64_t bad_outlen;
	atomic64_t timeouts;
	atomic64_t interrupted;
	atomic64_t remote_down;
	atomic64_t late_releases;
};

/**
 * struct qda_device - one DSP domain
 * @drm: The DRM device (accel minor).
 * @ops: Transport operations of the provider. Its module may be gone once
 *	the device is unplugged: only dereference inside drm_dev_enter().
 * @provider_smmu: The provider maps memory for its context banks
 *	(ops->cb_map), read at registration so it is known after unplug.
 * @xprt_priv: The provider's cookie for @ops.
 * @name: Domain name.
 * @domain_id: DRM_QDA_DOMAIN_* value.
 * @cbs: Context banks, @num_cbs of them.
 * @num_cbs: Number of context banks.
 * @cb_lock: Protects the in_use flags of @cbs.
 * @client_ida: Client ids given to sessions (the DSP's process key).
 * @users_lock: Protects adding and removing @users entries and their
 *	session counts.
 * @users: struct qda_user of each user with a file open, by kuid.
 * @ctx_xa: Invocation contexts in flight, by id (1..255). Its own lock
 *	(xa_lock_irqsave) protects insertion, lookup and removal, and also
 *	@remote_up and @remote_epoch, so that a call is either registered
 *	before the DSP goes down (and then failed by the sweep) or sees it
 *	down.
 * @ctx_next: Cyclic allocation cursor for @ctx_xa.
 * @ctx_job: Job sequence put in the high bits of context values; under
 *	the @ctx_xa lock.
 * @remote_up: The DSP accepts calls.
 * @remote_epoch: Incremented at every DSP restart; sessions whose process
 *	was made in an older epoch have lost it.
 * @caps_lock: Protects @caps, @caps_epoch and @caps_err.
 * @caps: DSP capability words, valid when @caps_epoch == @remote_epoch.
 * @caps_epoch: Epoch the capabilities were read in (0: never).
 * @caps_err: Result of the last capability query.
 * @stats: Counters.
 * @zombie_lock: Protects @zombies and qda_session.release_answered.
 * @zombies: Closed sessions whose DSP process was not confirmed released:
 *	their context bank and mappings are kept from reuse until the DSP
 *	goes down (restart or unplug), when @reap_work lets them go.
 * @reap_work: Releases @zombies after the DSP went down.
 */
struct qda_device {
	struct drm_device drm;
	const struct qda_transport_ops *ops;
	bool provider_smmu;
	void *xprt_priv;
	char name[QDA_NAME_LEN];
	u32 domain_id;

	struct qda_cb *cbs;
	unsigned int num_cbs;
	spinlock_t cb_lock; /* context bank claims: cbs[].in_use */

	struct ida client_ida;

	struct mutex users_lock; /* users: adding, removing, qda_user.sessions */
	struct xarray users;

	struct xarray ctx_xa;
	u32 ctx_next;
	u64 ctx_job;

	bool remote_up;
	u32 remote_epoch;

	struct mutex caps_lock; /* caps, caps_epoch, caps_err */
	u32 caps[QDA_FASTRPC_NUM_ATTRIBUTES];
	u32 caps_epoch;
	int caps_err;

	struct qda_stats stats;
	spinlock_t zombie_lock; /* zombies, sessions' release_answered */
	struct list_head zombies;
	struct work_struct reap_work;
};

static inline struct qda_device *to_qda_device(struct drm_device *drm)
{
	return container_of(drm, struct qda_device, drm);
}

/* qda_device.c */
u32 qda_remote_epoch(struct qda_device *qdev);
extern struct workqueue_struct *qda_wq;
extern int qda_privileged_gid;
extern unsigned int qda_max_file_mib;
extern unsigned int qda_max_file_bos;
extern unsigned int qda_max_file_calls;
extern unsigned int qda_max_user_calls;
extern unsigned int qda_release_timeout_ms;

#define qda_err(qdev, fmt, ...) \
	drm_err_ratelimited(&(qdev)->drm, fmt, ##__VA_ARGS__)
#define qda_warn(qdev, fmt, ...) \
	__drm_printk(&(qdev)->drm, warn, _ratelimited, fmt, ##__VA_ARGS__)
#define qda_dbg(qdev, fmt, ...) \
	drm_dbg_driver(&(qdev)->drm, fmt, ##__VA_ARGS__)

#endif /* _QDA_DEVICE_H_ */
