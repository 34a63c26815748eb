// SPDX-License-Identifier: GPL-2.0-only
/*
 * QDA - Qualcomm DSP Accelerator: device lifecycle, the ioctl table, open
 * and close, QUERY, and the entry points transport providers call.
 */
#include <linux/cred.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>
#include <drm/drm_accel.h>
#include <drm/drm_drv.h>
#include <drm/drm_gem.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_managed.h>
#include <drm/drm_prime.h>

#include "qda_accel.h"
#include "qda_call.h"
#include "qda_drv.h"
#include "qda_gem.h"
#include "qda_ioctl.h"
#include "qda_proc.h"
#include "qda_session.h"

#define QDA_DRIVER_VERSION	"0.1.0"

int qda_privileged_gid = -1;
module_param_named(privileged_gid, qda_privileged_gid, int, 0644);
MODULE_PARM_DESC(privileged_gid,
		 "Group of the initial user namespace whose members may attach to the root or sensors PD besides CAP_SYS_ADMIN holders; judged on the file's opener (-1: none)");

unsigned int qda_release_timeout_ms = 2000;
module_param_named(release_timeout_ms, qda_release_timeout_ms, uint, 0644);
MODULE_PARM_DESC(release_timeout_ms,
		 "How long kernel calls (process setup and release) wait for the DSP");

/*
 * 4 GiB: a context bank's whole IOVA space, which one file cannot exceed
 * anyway; memory cgroups bound what it costs.
 */
unsigned int qda_max_file_mib = 4096;
module_param_named(max_file_mib, qda_max_file_mib, uint, 0644);
MODULE_PARM_DESC(max_file_mib,
		 "Most MiB of buffer objects one open file may hold handles to (-EDQUOT beyond)");

unsigned int qda_max_file_bos = 16384;
module_param_named(max_file_bos, qda_max_file_bos, uint, 0644);
MODULE_PARM_DESC(max_file_bos,
		 "Most buffer objects one open file may hold handles to (-EDQUOT beyond)");

/*
 * A device has 239 call slots for ordinary calls: a file may take a quarter
 * of them and a user, with all their files, about half, so that neither
 * can keep every other caller waiting.
 */
unsigned int qda_max_file_calls = 64;
module_param_named(max_file_calls, qda_max_file_calls, uint, 0644);
MODULE_PARM_DESC(max_file_calls,
		 "Most calls one open file may have alive on a DSP, kernel messages made for it included (-EBUSY beyond)");

unsigned int qda_max_user_calls = 128;
module_param_named(max_user_calls, qda_max_user_calls, uint, 0644);
MODULE_PARM_DESC(max_user_calls,
		 "Most calls the files one user opened may have alive on a DSP together (-EBUSY beyond)");

struct workqueue_struct *qda_wq;

static const struct {
	const char *name;
	u32 id;
} qda_domains[] = {
	{ "adsp", DRM_QDA_DOMAIN_ADSP },
	{ "mdsp", DRM_QDA_DOMAIN_MDSP },
	{ "sdsp", DRM_QDA_DOMAIN_SDSP },
	{ "cdsp", DRM_QDA_DOMAIN_CDSP },
	{ "cdsp1", DRM_QDA_DOMAIN_CDSP1 },
	{ "gdsp0", DRM_QDA_DOMAIN_GDSP0 },
	{ "gdsp1", DRM_QDA_DOMAIN_GDSP1 },
};

/**
 * qda_domain_id - the DRM_QDA_DOMAIN_* value of a domain name
 * @name: Domain name as providers give it ("cdsp", ...); compared exactly.
 * @id: Out: the domain's id.
 *
 * Static unless KUnit is enabled, for the KUnit tests (kmod/tests/).
 *
 * Return: 0 with *@id set, or -EINVAL for a name that is no domain.
 */
VISIBLE_IF_KUNIT int qda_domain_id(const char *name, u32 *id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(qda_domains); i++) {
		if (!strcmp(name, qda_domains[i].name)) {
			*id = qda_domains[i].id;
			return 0;
		}
	}
	return -EINVAL;
}
EXPORT_SYMBOL_IF_KUNIT(qda_domain_id);

u32 qda_remote_epoch(struct qda_device *qdev)
{
	unsigned long flags;
	u32 epoch;

	xa_lock_irqsave(&qdev->ctx_xa, flags);
	epoch = qdev->remote_up ? qdev->remote_epoch : 0;
	xa_unlock_irqrestore(&qdev->ctx_xa, flags);
	return epoch;
}

static int qda_open(struct drm_device *drm, struct drm_file *file)
{
	struct qda_session *session;

	/* file->filp is not set yet; the opener is the caller */
	session = qda_session_open(to_qda_device(drm), current_cred());
	if (IS_ERR(session))
		return PTR_ERR(session);
	file->driver_priv = session;
	return 0;
}

static void qda_postclose(struct drm_device *drm, struct drm_file *file)
{
	qda_proc_close(qda_file_session(file));
}

static int qda_query_string(struct drm_qda_query *args, const char *str)
{
	size_t need = strlen(str) + 1;

	args->value = need - 1;
	if (args->data_ptr) {
		if (args->data_size < need)
			return -ENOSPC;
		if (copy_to_user(u64_to_user_ptr(args->data_ptr), str, need))
			return -EFAULT;
	}
	args->data_size = need;
	return 0;
}

static int qda_ioctl_query(struct drm_device *drm, void *data,
			   struct drm_file *file)
{
	struct qda_device *qdev = to_qda_device(drm);
	struct qda_session *session = qda_file_session(file);
	struct drm_qda_query *args = data;
	u32 value;
	int ret;

	if (args->pad)
		return -EINVAL;
	if (args->param != DRM_QDA_PARAM_DOMAIN_NAME &&
	    (args->data_ptr || args->data_size))
		return -EINVAL;
	if (args->param != DRM_QDA_PARAM_DSP_CAPABILITY && args->index)
		return -EINVAL;

	switch (args->param) {
	case DRM_QDA_PARAM_UAPI_VERSION:
		args->value = DRM_QDA_UAPI_VERSION_MAJOR << 16 |
			      DRM_QDA_UAPI_VERSION_MINOR;
		return 0;
	case DRM_QDA_PARAM_DOMAIN_ID:
		args->value = qdev->domain_id;
		return 0;
	case DRM_QDA_PARAM_DOMAIN_NAME:
		return qda_query_string(args, qdev->name);
	case DRM_QDA_PARAM_DSP_CAPABILITY:
		if (args->index >= DRM_QDA_NUM_DSP_ATTRIBUTES)
			return -EINVAL;
		ret = qda_proc_get_caps(session, args->index, &value);
		if (ret)
			return ret;
		args->value = value;
		return 0;
	case DRM_QDA_PARAM_MAX_ARGS:
		args->value = QDA_MAX_ARGS;
		return 0;
	case DRM_QDA_PARAM_MAX_BO_SIZE:
		args->value = QDA_MAX_BO_SIZE;
		return 0;
	case DRM_QDA_PARAM_NUM_CONTEXT_BANKS:
		args->value = qdev->num_cbs;
		return 0;
	case DRM_QDA_PARAM_PROC_STATE:
		mutex_lock(&session->lock);
		if ((session->proc_state == DRM_QDA_PROC_STATE_READY &&
		     session->proc_epoch != qda_remote_epoch(qdev)) ||
		    session->proc_state == QDA_PROC_STATE_UNCONFIRMED)
			args->value = DRM_QDA_PROC_STATE_LOST;
		else
			args->value = session->proc_state;
		mutex_unlock(&session->lock);
		return 0;
	default:
		return -EINVAL;
	}
}

#define QDA_IOCTL(n, func) \
	DRM_IOCTL_DEF_DRV(QDA_##n, qda_ioctl_##func, QDA_IOCTL_NODE_FLAGS)

static const struct drm_ioctl_desc qda_ioctls[] = {
	QDA_IOCTL(QUERY, query),
	QDA_IOCTL(GEM_CREATE, gem_create),
	QDA_IOCTL(GEM_INFO, gem_info),
	QDA_IOCTL(PROC_CREATE, proc_create),
	QDA_IOCTL(PROC_ATTACH, proc_attach),
	QDA_IOCTL(INVOKE, invoke),
	QDA_IOCTL(MAP, map),
	QDA_IOCTL(UNMAP, unmap),
};

QDA_DEFINE_FOPS(qda_fops);

static const struct drm_driver qda_driver = {
	.driver_features = DRIVER_GEM | QDA_DRIVER_NODE_FEATURES,
	.open = qda_open,
	.postclose = qda_postclose,
	.gem_prime_import = qda_gem_prime_import,
	.ioctls = qda_ioctls,
	.num_ioctls = ARRAY_SIZE(qda_ioctls),
	.fops = &qda_fops,
	.name = "qda",
	.desc = "Qualcomm DSP Accelerator",
	.major = DRM_QDA_UAPI_VERSION_MAJOR,
	.minor = DRM_QDA_UAPI_VERSION_MINOR,
};

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

static int __init qda_init(void)
{
	qda_fastrpc_wire_checks();
	qda_wq = alloc_workqueue("qda", WQ_UNBOUND, 0);
	return qda_wq ? 0 : -ENOMEM;
}

static void __exit qda_exit(void)
{
	destroy_workqueue(qda_wq);
}

module_init(qda_init);
module_exit(qda_exit);

MODULE_DESCRIPTION("Qualcomm DSP Accelerator (FastRPC) DRM accel driver");
MODULE_AUTHOR("QDA developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(QDA_DRIVER_VERSION);
QDA_IMPORT_NS_DMA_BUF();
