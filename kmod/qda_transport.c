// SPDX-License-Identifier: GPL-2.0-only
/*
 * The entry points of qda_transport.h: a provider registers a DSP domain
 * (which makes its DRM device), hands over what the DSP sends, and
 * reports the DSP going down and coming back. Like the ioctls, these are
 * the top of the driver: they call down into the layers, which never call
 * back up here; providers are called only through qda_transport_ops.
 */
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <drm/drm_drv.h>
#include <drm/drm_managed.h>
#include <drm/drm_print.h>

#include "qda_call.h"
#include "qda_debugfs.h"
#include "qda_device.h"
#include "qda_drv.h"
#include "qda_proc.h"
#include "qda_transport.h"

static void qda_device_fini(struct drm_device *drm, void *arg)
{
	struct qda_device *qdev = to_qda_device(drm);
	unsigned int i;

	for (i = 0; i < qdev->num_cbs; i++)
		put_device(qdev->cbs[i].dev);
	kfree(qdev->cbs);
	ida_destroy(&qdev->client_ida);
	WARN_ON(!xa_empty(&qdev->users));
	xa_destroy(&qdev->users);
	mutex_destroy(&qdev->users_lock);
	xa_destroy(&qdev->ctx_xa);
	mutex_destroy(&qdev->caps_lock);
}

/* Sessions kept for a DSP that did not confirm a release: it is gone now */
static void qda_reap_work(struct work_struct *work)
{
	qda_proc_reap_zombies(container_of(work, struct qda_device,
					   reap_work));
}

struct qda_device *qda_domain_register(const struct qda_domain_info *info)
{
	struct qda_device *qdev;
	unsigned int i;
	int ret;

	if (!info->parent || !info->ops || !info->ops->send || !info->name ||
	    !info->num_cbs || !info->cbs ||
	    (info->ops->cb_map && !info->ops->cb_unmap) ||
	    (info->ops->cb_watch && !info->ops->cb_unwatch))
		return ERR_PTR(-EINVAL);

	qdev = devm_drm_dev_alloc(info->parent, &qda_driver, struct qda_device,
				  drm);
	if (IS_ERR(qdev))
		return qdev;

	ret = qda_domain_id(info->name, &qdev->domain_id);
	if (ret) {
		dev_err(info->parent, "unknown DSP domain '%s'\n", info->name);
		return ERR_PTR(ret);
	}

	strscpy(qdev->name, info->name, sizeof(qdev->name));
	qdev->ops = info->ops;
	qdev->provider_smmu = info->ops->cb_map;
	qdev->xprt_priv = info->priv;
	spin_lock_init(&qdev->cb_lock);
	ida_init(&qdev->client_ida);
	mutex_init(&qdev->users_lock);
	xa_init(&qdev->users);
	xa_init_flags(&qdev->ctx_xa, XA_FLAGS_ALLOC1 | XA_FLAGS_LOCK_IRQ);
	mutex_init(&qdev->caps_lock);
	spin_lock_init(&qdev->zombie_lock);
	INIT_LIST_HEAD(&qdev->zombies);
	INIT_WORK(&qdev->reap_work, qda_reap_work);
	qdev->remote_up = true;
	qdev->remote_epoch = 1;

	qdev->cbs = kcalloc(info->num_cbs, sizeof(*qdev->cbs), GFP_KERNEL);
	if (!qdev->cbs)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < info->num_cbs; i++) {
		qdev->cbs[i].dev = get_device(info->cbs[i].dev);
		qdev->cbs[i].sid = info->cbs[i].sid;
	}
	qdev->num_cbs = info->num_cbs;

	ret = drmm_add_action_or_reset(&qdev->drm, qda_device_fini, NULL);
	if (ret)
		return ERR_PTR(ret);

	qda_debugfs_init(&qdev->drm);
	ret = drm_dev_register(&qdev->drm, 0);
	if (ret)
		return ERR_PTR(ret);
	return qdev;
}
EXPORT_SYMBOL_GPL(qda_domain_register);

static void qda_mark_down(struct qda_device *qdev)
{
	unsigned long flags;

	xa_lock_irqsave(&qdev->ctx_xa, flags);
	qdev->remote_up = false;
	xa_unlock_irqrestore(&qdev->ctx_xa, flags);
	qda_ctx_fail_all(qdev, NULL, -EPIPE);
	queue_work(qda_wq, &qdev->reap_work);
}

void qda_domain_unregister(struct qda_device *qdev)
{
	/* Fail what is in flight first, so that nobody waits on a DSP that is going */
	qda_mark_down(qdev);
	drm_dev_unplug(&qdev->drm);
	/* Calls registered while the unplug waited for senders */
	qda_ctx_fail_all(qdev, NULL, -EPIPE);
	flush_work(&qdev->reap_work);
	qda_proc_reap_zombies(qdev);
}
EXPORT_SYMBOL_GPL(qda_domain_unregister);

void qda_domain_remote_down(struct qda_device *qdev)
{
	atomic64_inc(&qdev->stats.remote_down);
	drm_warn(&qdev->drm, "DSP %s went down\n", qdev->name);
	qda_mark_down(qdev);
}
EXPORT_SYMBOL_GPL(qda_domain_remote_down);

void qda_domain_remote_up(struct qda_device *qdev)
{
	unsigned long flags;

	xa_lock_irqsave(&qdev->ctx_xa, flags);
	if (!qdev->remote_up) {
		qdev->remote_epoch++;
		qdev->remote_up = true;
	}
	xa_unlock_irqrestore(&qdev->ctx_xa, flags);
	drm_info(&qdev->drm, "DSP %s is up\n", qdev->name);
}
EXPORT_SYMBOL_GPL(qda_domain_remote_up);

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
	qda_call_receive(qdev, data, len);
}
EXPORT_SYMBOL_GPL(qda_domain_receive);
