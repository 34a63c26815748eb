// SPDX-License-Identifier: GPL-2.0-only
/*
 * QDA - Qualcomm DSP Accelerator: the module, the DRM driver every
 * domain's device is made with (its ioctl table and file operations), and
 * open and close of a file. The ioctls are in qda_ioctl.c, the entry
 * points of transport providers in qda_transport.c.
 */
#include <linux/cred.h>
#include <linux/module.h>
#include <linux/workqueue.h>
#include <drm/drm_accel.h>
#include <drm/drm_drv.h>
#include <drm/drm_gem.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_prime.h>

#include "qda_accel.h"
#include "qda_device.h"
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
