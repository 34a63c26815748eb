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

const struct drm_driver qda_driver = {
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
