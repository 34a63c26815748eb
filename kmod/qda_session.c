// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sessions: one per open file. A session takes a context bank from its
 * domain's pool for its whole life and a client id that names its process
 * on the DSP; several sessions of one process are independent.
 */
#include <linux/cred.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include <drm/drm_drv.h>

#include "qda_accel.h"
#include "qda_call.h"
#include "qda_drv.h"
#include "qda_gem.h"
#include "qda_payload.h"
#include "qda_proc.h"
#include "qda_session.h"

static struct qda_cb *qda_cb_assign(struct qda_device *qdev)
{
	struct qda_cb *cb = NULL;
	unsigned int i;

	spin_lock(&qdev->cb_lock);
	for (i = 0; i < qdev->num_cbs; i++) {
		if (!qdev->cbs[i].in_use) {
			cb = &qdev->cbs[i];
			cb->in_use = true;
			break;
		}
	}
	spin_unlock(&qdev->cb_lock);
	return cb;
}

static void qda_cb_release(struct qda_device *qdev, struct qda_cb *cb)
{
	spin_lock(&qdev->cb_lock);
	cb->in_use = false;
	spin_unlock(&qdev->cb_lock);
}

/**
 * qda_session_cb - the session's context bank, taken from the pool on
 *	first use
 * @session: The session.
 *
 * A file that only queries the device never holds a bank.
 *
 * Return: the bank, or ERR_PTR(-EBUSY) when every bank of the domain is
 * taken.
 */
struct qda_cb *qda_session_cb(struct qda_session *session)
{
	struct qda_device *qdev = session->qdev;
	struct qda_cb *cb = READ_ONCE(session->cb);

	if (cb)
		return cb;
	cb = qda_cb_assign(qdev);
	if (!cb) {
		qda_warn(qdev, "all %u context banks are in use; close a session first\n",
			 qdev->num_cbs);
		return ERR_PTR(-EBUSY);
	}
	/* Two first uses may race: one bank wins, the other goes back */
	if (cmpxchg(&session->cb, NULL, cb)) {
		qda_cb_release(qdev, cb);
		cb = READ_ONCE(session->cb);
	}
	return cb;
}

/* The totals of @uid's files on @qdev, created with its first session */
static struct qda_user *qda_user_get(struct qda_device *qdev, kuid_t uid)
{
	struct qda_user *user;
	int ret;

	mutex_lock(&qdev->users_lock);
	user = xa_load(&qdev->users, __kuid_val(uid));
	if (!user) {
		user = kzalloc(sizeof(*user), GFP_KERNEL);
		if (!user) {
			user = ERR_PTR(-ENOMEM);
			goto out;
		}
		user->uid = uid;
		ret = xa_insert(&qdev->users, __kuid_val(uid), user, GFP_KERNEL);
		if (ret) {
			kfree(user);
			user = ERR_PTR(ret);
			goto out;
		}
	}
	user->sessions++;
out:
	mutex_unlock(&qdev->users_lock);
	return user;
}

static void qda_user_put(struct qda_device *qdev, struct qda_user *user)
{
	mutex_lock(&qdev->users_lock);
	if (!--user->sessions) {
		WARN_ON(atomic_read(&user->calls));
		xa_erase(&qdev->users, __kuid_val(user->uid));
		kfree(user);
	}
	mutex_unlock(&qdev->users_lock);
}

/**
 * qda_session_charge_call() - count a call against the file and its user
 * @session: The calling session.
 *
 * Bounds what one file and one user hold of the device's call slots, so
 * that calls sleeping in the DSP or abandoned there cannot keep others
 * waiting. Releases are not charged: closing a file always gets through.
 *
 * Return: 0, or -EBUSY when the file or its user is at its limit (nothing
 * is counted then).
 */
int qda_session_charge_call(struct qda_session *session)
{
	if (atomic_inc_return(&session->user_calls) >
	    READ_ONCE(qda_max_file_calls))
		goto err_file;
	if (atomic_inc_return(&session->user->calls) >
	    READ_ONCE(qda_max_user_calls))
		goto err_user;
	return 0;

err_user:
	atomic_dec(&session->user->calls);
err_file:
	atomic_dec(&session->user_calls);
	return -EBUSY;
}

/**
 * qda_session_uncharge_call() - a charged call is gone
 * @session: The session qda_session_charge_call() counted it for.
 */
void qda_session_uncharge_call(struct qda_session *session)
{
	atomic_dec(&session->user->calls);
	atomic_dec(&session->user_calls);
}

/**
 * qda_session_open() - the state of a newly opened file
 * @qdev: The device.
 * @opener: Credentials of the file's opener: its calls are charged to
 *	that user.
 *
 * Return: The session, or an ERR_PTR().
 */
struct qda_session *qda_session_open(struct qda_device *qdev,
				     const struct cred *opener)
{
	struct qda_session *session;
	int ret;

	session = kzalloc(sizeof(*session), GFP_KERNEL);
	if (!session)
		return ERR_PTR(-ENOMEM);

	session->user = qda_user_get(qdev, opener->uid);
	if (IS_ERR(session->user)) {
		ret = PTR_ERR(session->user);
		goto err_free;
	}

	/* The DSP keys processes by client id; 0 means "the kernel" */
	ret = ida_alloc_range(&qdev->client_ida, 1, INT_MAX, GFP_KERNEL);
	if (ret < 0)
		goto err_user;
	session->client_id = ret;

	kref_init(&session->ref);
	session->qdev = qdev;
	mutex_init(&session->lock);
	INIT_LIST_HEAD(&session->dsp_maps);
	INIT_LIST_HEAD(&session->zombie_node);
	spin_lock_init(&session->held_lock);
	INIT_LIST_HEAD(&session->held);
	spin_lock_init(&session->pool_lock);
	INIT_LIST_HEAD(&session->payload_pool);
	spin_lock_init(&session->intr_lock);
	INIT_LIST_HEAD(&session->interrupted);
	session->proc_state = DRM_QDA_PROC_STATE_NONE;
	drm_dev_get(&qdev->drm);
	atomic64_inc(&qdev->stats.sessions);
	return session;

err_user:
	qda_user_put(qdev, session->user);
err_free:
	kfree(session);
	return ERR_PTR(ret);
}

static void qda_session_release(struct kref *ref)
{
	struct qda_session *session = container_of(ref, struct qda_session, ref);
	struct qda_device *qdev = session->qdev;

	WARN_ON(!list_empty(&session->dsp_maps));
	WARN_ON(!list_empty(&session->held));
	WARN_ON(!list_empty(&session->payload_pool));
	ida_free(&qdev->client_ida, session->client_id);
	qda_user_put(qdev, session->user);
	if (session->cb)
		qda_cb_release(qdev, session->cb);
	mutex_destroy(&session->lock);
	atomic64_dec(&qdev->stats.sessions);
	kfree(session);
	drm_dev_put(&qdev->drm);
}

void qda_session_put(struct qda_session *session)
{
	kref_put(&session->ref, qda_session_release);
}

/* End a quarantine: the DSP process is gone, and so is what it used */
static void qda_session_end_quarantine(struct qda_session *session)
{
	mutex_lock(&session->lock);
	qda_proc_drop_dsp_maps(session);
	mutex_unlock(&session->lock);
	qda_ctx_fail_all(session->qdev, session, -EPIPE);
	qda_session_put(session);
}

/* The DSP went down: sessions kept for it may go (process context) */
void qda_session_reap_zombies(struct qda_device *qdev)
{
	struct qda_session *session;

	/* One at a time: a late release answer may take one off meanwhile */
	spin_lock(&qdev->zombie_lock);
	while ((session = list_first_entry_or_null(&qdev->zombies,
						   struct qda_session,
						   zombie_node))) {
		list_del_init(&session->zombie_node);
		spin_unlock(&qdev->zombie_lock);
		qda_session_end_quarantine(session);
		spin_lock(&qdev->zombie_lock);
	}
	spin_unlock(&qdev->zombie_lock);
}

/**
 * qda_session_release_answered - the DSP confirmed a release
 * @session: The session released.
 *
 * Called when the release's answer arrives, in time or late (process
 * context). A session quarantined because the answer was late leaves
 * quarantine now; one not quarantined yet will not be.
 */
void qda_session_release_answered(struct qda_session *session)
{
	struct qda_device *qdev = session->qdev;
	bool quarantined;

	spin_lock(&qdev->zombie_lock);
	session->release_answered = true;
	quarantined = !list_empty(&session->zombie_node);
	if (quarantined)
		list_del_init(&session->zombie_node);
	spin_unlock(&qdev->zombie_lock);
	if (quarantined) {
		atomic64_inc(&qdev->stats.late_releases);
		qda_session_end_quarantine(session);
	}
}

/* Quarantine @session unless its release was answered meanwhile */
static bool qda_session_quarantine(struct qda_session *session)
{
	struct qda_device *qdev = session->qdev;
	bool answered;

	qda_session_get(session);
	spin_lock(&qdev->zombie_lock);
	answered = session->release_answered;
	if (!answered)
		list_add(&session->zombie_node, &qdev->zombies);
	spin_unlock(&qdev->zombie_lock);
	if (answered)
		qda_session_put(session);
	return !answered;
}

/**
 * qda_session_close - the file is closed
 * @session: Its session.
 *
 * Releases the DSP process (bounded wait, also after the application was
 * killed), forgets its DSP mappings and pooled payloads, then drops the
 * file's reference. Calls the application abandoned keep the session
 * until the DSP answers them or is known to have dropped them.
 */
void qda_session_close(struct qda_session *session)
{
	struct qda_device *qdev = session->qdev;
	int ret;

	qda_ctx_drop_parked(session);

	mutex_lock(&session->lock);
	ret = qda_proc_release(session);
	mutex_unlock(&session->lock);

	/*
	 * Not confirmed: the process may live on and use its memory. Keep
	 * the session, its context bank and mappings, out of reach of new
	 * sessions until the release is answered late or the DSP goes down.
	 */
	if (ret && qda_session_quarantine(session)) {
		qda_warn(qdev, "DSP did not confirm the release of client %u (%d); its context bank is held until it does or the DSP restarts\n",
			 session->client_id, ret);
	} else {
		mutex_lock(&session->lock);
		qda_proc_drop_dsp_maps(session);
		mutex_unlock(&session->lock);
		/* Once the process is gone its pending calls won't be answered */
		qda_ctx_fail_all(qdev, session, -EPIPE);
	}

	qda_payload_pool_close(session);

	qda_session_put(session);
}
