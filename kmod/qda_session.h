/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _QDA_SESSION_H_
#define _QDA_SESSION_H_

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/uidgid.h>

struct cred;
struct drm_file;
struct qda_bo_map;
struct qda_cb;
struct qda_device;

/* Internal process state: a creation that timed out, may exist on the DSP */
#define QDA_PROC_STATE_UNCONFIRMED	0x100

/**
 * struct qda_user - what one user's files hold on a device
 * @uid: The files' opener (real uid of their credentials at open).
 * @sessions: Sessions of @uid alive; under qda_device.users_lock.
 * @calls: Their calls alive, releases excepted; at most max_user_calls.
 */
struct qda_user {
	kuid_t uid;
	unsigned int sessions;
	atomic_t calls;
};

/**
 * struct qda_session - one open file: a context bank and a DSP process
 * @ref: Held by the file, by its calls in flight and by its BO mappings.
 * @qdev: The domain.
 * @cb: Context bank, taken on first use (qda_session_cb()) and ours
 *	until the last reference is gone; set once, read without a lock.
 * @client_id: The DSP's key for our process.
 * @lock: Serialises process setup and teardown; protects @proc_state,
 *	@proc_epoch, @pd, @init_map and @dsp_maps.
 * @proc_state: DRM_QDA_PROC_STATE_NONE or _READY, or
 *	QDA_PROC_STATE_UNCONFIRMED. Written under @lock with WRITE_ONCE() or
 *	smp_store_release() (READY); invoke reads it without the lock
 *	(smp_load_acquire()), so that @pd and @proc_epoch are seen as set.
 *	A call that still sees READY after a release fails at the DSP with
 *	"no such process"; it holds its own references, so nothing it uses
 *	is freed under it.
 * @proc_epoch: qda_device.remote_epoch when the process was made.
 * @pd: PD type put in context ids (QDA_FASTRPC_PD_*).
 * @init_map: The initial memory given to a created process, mapped on
 *	@cb (the mapping holds the BO).
 * @dsp_maps: struct qda_dsp_map entries made by the MAP ioctl.
 * @held_lock: Protects @held; taken alone (calls add and drop entries
 *	without @lock).
 * @held: Dma handles the DSP may have kept (struct qda_dsp_held): each
 *	keeps its BO mapped on @cb after the app closed its handle, until
 *	the DSP lists it in a response's fdlist or the process is gone.
 * @pool_lock: Protects @payload_pool, @pool_count and @closed.
 * @payload_pool: Free payload buffers, reused so calls don't allocate.
 * @pool_count: Entries in @payload_pool.
 * @closed: The file is gone; payloads are freed, not pooled.
 * @user: The totals of the file's opener on this device.
 * @user_calls: The session's calls alive (in flight, parked or abandoned)
 *	but releases, at most max_file_calls.
 * @handle_count: BOs the file holds handles to (max_file_bos at most).
 * @handle_bytes: Their bytes (max_file_mib at most).
 * @zombie_node: Entry in qda_device.zombies while quarantined (see
 *	qda_session_close()); empty otherwise. Whoever takes it off the list
 *	(a late release answer, or the DSP going down) ends the quarantine.
 * @release_answered: The DSP answered the release, possibly after it
 *	timed out; under qda_device.zombie_lock.
 * @intr_lock: Protects @interrupted.
 * @interrupted: Calls interrupted by a signal, one per thread, kept for
 *	that thread to resume (qda_call_resume()).
 */
struct qda_session {
	struct kref ref;
	struct qda_device *qdev;
	struct qda_cb *cb;
	u32 client_id;

	struct mutex lock; /* process setup/teardown; proc_*, pd .. dsp_maps */
	u32 proc_state;
	u32 proc_epoch;
	u32 pd;
	struct qda_bo_map *init_map;
	struct list_head dsp_maps;

	spinlock_t held_lock; /* held */
	struct list_head held;

	spinlock_t pool_lock; /* payload_pool, pool_count, closed */
	struct list_head payload_pool;
	unsigned int pool_count;
	bool closed;

	struct qda_user *user;
	atomic_t user_calls;
	atomic_t handle_count;
	atomic64_t handle_bytes;
	struct list_head zombie_node;
	bool release_answered;

	spinlock_t intr_lock; /* interrupted */
	struct list_head interrupted;
};

struct qda_session *qda_session_open(struct qda_device *qdev,
				     const struct cred *opener);
int qda_session_charge_call(struct qda_session *session);
void qda_session_uncharge_call(struct qda_session *session);
struct qda_cb *qda_session_cb(struct qda_session *session);

static inline void qda_session_get(struct qda_session *session)
{
	kref_get(&session->ref);
}

void qda_session_put(struct qda_session *session);

static inline struct qda_session *qda_file_session(struct drm_file *file)
{
	return file->driver_priv;
}

#endif /* _QDA_SESSION_H_ */
