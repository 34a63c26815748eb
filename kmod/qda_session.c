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
#include "qda_device.h"
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
