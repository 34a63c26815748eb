// SPDX-License-Identifier: GPL-2.0-only
/*
 * qda_vdsp: a virtual Hexagon DSP for QDA, like vkms/vgem for display.
 *
 * Module parameters create DSP domains: one platform device
 * "qda-vdsp-<domain>" each, bound by this driver, with num_cbs virtual
 * context-bank child devices, registered with the QDA core as a transport
 * provider. The protocol engine answers the core's FastRPC messages as the
 * DSP firmware would. See docs/vdsp.md.
 */
#include <linux/dma-mapping.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "qda_vdsp_side.h"
#include "qda_vdsp_engine.h"
#include "qda_vdsp_modules.h"

#define VDSP_DRV_NAME		"qda-vdsp"
/* One device a domain at most: DRM_QDA_DOMAIN_ADSP .. _GDSP1 */
#define VDSP_MAX_DOMAINS	(DRM_QDA_DOMAIN_GDSP1 + 1)
#define VDSP_MAX_ACTIVE		4

static char *domains = "cdsp";
module_param(domains, charp, 0444);
MODULE_PARM_DESC(domains, "Comma-separated DSP domains to create (adsp, mdsp, sdsp, cdsp, cdsp1, gdsp0, gdsp1)");

static unsigned int num_cbs = 4;
module_param(num_cbs, uint, 0444);
MODULE_PARM_DESC(num_cbs, "Context banks per domain (1-15)");

static bool sync;
module_param(sync, bool, 0444);
MODULE_PARM_DESC(sync, "Execute calls in the sender's context (runtime: debugfs <domain>/sync)");

static bool smmu = true;
module_param(smmu, bool, 0444);
MODULE_PARM_DESC(smmu,
		 "Emulate an SMMU per context bank (default); 0: banks in bypass, the DSP sees DMA addresses of the memory itself");

static struct platform_device *vdsp_pdevs[VDSP_MAX_DOMAINS];
static unsigned int vdsp_num_pdevs;

static int vdsp_send(void *priv, const void *msg, size_t len)
{
	return vdsp_engine_send(priv, msg, len);
}

static int vdsp_cb_map(void *priv, u32 sid, struct sg_table *sgt, size_t size,
		       u64 *iova)
{
	return vdsp_smmu_map(priv, sid, sgt, size, iova);
}

static void vdsp_cb_unmap(void *priv, u32 sid, u64 iova, size_t size)
{
	vdsp_smmu_unmap(priv, sid, iova, size);
}

static const struct qda_transport_ops vdsp_ops = {
	.send = vdsp_send,
	.cb_map = vdsp_cb_map,
	.cb_unmap = vdsp_cb_unmap,
};

static int vdsp_cb_watch(void *priv, u32 sid, struct sg_table *dma_sgt)
{
	return vdsp_bypass_watch(priv, sid, dma_sgt);
}

static void vdsp_cb_unwatch(void *priv, u32 sid, struct sg_table *dma_sgt)
{
	vdsp_bypass_unwatch(priv, sid, dma_sgt);
}

/*
 * Banks without an SMMU: the core maps through the DMA API and tells the
 * vDSP what it mapped, so that the DSP reaches only that.
 */
static const struct qda_transport_ops vdsp_ops_bypass = {
	.send = vdsp_send,
	.cb_watch = vdsp_cb_watch,
	.cb_unwatch = vdsp_cb_unwatch,
};

static void vdsp_up_work(struct work_struct *work)
{
	struct vdsp_domain *dom = container_of(to_delayed_work(work),
					       struct vdsp_domain, up_work);

	spin_lock(&dom->lock);
	if (dom->dying) {
		spin_unlock(&dom->lock);
		return;
	}
	dom->down = false;
	spin_unlock(&dom->lock);
	dev_info(dom->dev, "DSP back up\n");
	qda_domain_remote_up(dom->qdev);
}

static void vdsp_cbs_destroy(struct vdsp_domain *dom)
{
	unsigned int i;

	for (i = 0; i < dom->num_cbs; i++) {
		platform_device_unregister(dom->cbs[i].pdev);
		dom->cbs[i].pdev = NULL;
	}
}

/*
 * A bank in bypass hands the DSP DMA addresses as they are, and the DSP
 * addresses 32 bits. Behind the emulated SMMU a DMA address is only what
 * an IOVA translates to: any memory, so that nothing bounces.
 */
static u64 vdsp_cb_dma_mask(const struct vdsp_domain *dom)
{
	return dom->smmu ? DMA_BIT_MASK(64) : DMA_BIT_MASK(32);
}

static int vdsp_cbs_create(struct vdsp_domain *dom, unsigned int n)
{
	char name[32];
	unsigned int i;
	int ret;

	for (i = 0; i < n; i++) {
		struct platform_device_info info = {
			.parent = dom->dev,
			.name = name,
			.id = i,
			.dma_mask = vdsp_cb_dma_mask(dom),
		};
		struct platform_device *cb;

		snprintf(name, sizeof(name), "%s-cb", dev_name(dom->dev));
		cb = platform_device_register_full(&info);
		if (IS_ERR(cb)) {
			ret = PTR_ERR(cb);
			goto err;
		}
		dom->cbs[i].pdev = cb;
		dom->num_cbs = i + 1;
		ret = dma_coerce_mask_and_coherent(&cb->dev,
						   vdsp_cb_dma_mask(dom));
		if (ret)
			goto err;
		/*
		 * Neither the emulated SMMU nor bypass limits a segment's
		 * length; the 64 KiB the DMA API assumes otherwise would make
		 * every exporter's larger segments a DMA-API error.
		 */
		dma_set_max_seg_size(&cb->dev, UINT_MAX);
		dom->cbs[i].sid = VDSP_SID(dom->index, i);
		dom->cb_info[i].dev = &cb->dev;
		dom->cb_info[i].sid = dom->cbs[i].sid;
	}
	return 0;
err:
	vdsp_cbs_destroy(dom);
	return ret;
}

static void vdsp_domain_teardown(struct vdsp_domain *dom)
{
	vdsp_engine_drain(dom);
	cancel_delayed_work_sync(&dom->up_work);
	vdsp_proc_drop_all(dom);
	xa_destroy(&dom->procs);
	vdsp_smmu_fini(dom);
	vdsp_cbs_destroy(dom);
	__free_page(dom->stray);
}

/* Register the domain with the QDA core as a transport provider */
static int vdsp_register(struct vdsp_domain *dom)
{
	struct qda_domain_info info = {
		.name = dom->name,
		.parent = dom->dev,
		.ops = dom->smmu ? &vdsp_ops : &vdsp_ops_bypass,
		.priv = dom,
		.cbs = dom->cb_info,
		.num_cbs = dom->num_cbs,
	};

	dom->qdev = qda_domain_register(&info);
	if (IS_ERR(dom->qdev)) {
		int ret = PTR_ERR(dom->qdev);

		dom->qdev = NULL;
		return ret;
	}
	return 0;
}

static int vdsp_probe(struct platform_device *pdev)
{
	const unsigned int *index = dev_get_platdata(&pdev->dev);
	struct device *dev = &pdev->dev;
	struct vdsp_domain *dom;
	int ret;

	if (!index)
		return -EINVAL;
	dom = devm_kzalloc(dev, sizeof(*dom), GFP_KERNEL);
	if (!dom)
		return -ENOMEM;
	dom->dev = dev;
	dom->index = *index;
	dom->name = platform_get_device_id(pdev)->name +
		    strlen(VDSP_DRV_NAME "-");
	dom->sync = sync;
	dom->smmu = smmu;
	spin_lock_init(&dom->lock);
	INIT_LIST_HEAD(&dom->inflight);
	init_waitqueue_head(&dom->wake);
	INIT_DELAYED_WORK(&dom->up_work, vdsp_up_work);
	xa_init(&dom->procs);
	spin_lock_init(&dom->knob_lock);
	dom->stray = alloc_page(GFP_KERNEL | GFP_DMA32);
	if (!dom->stray)
		return -ENOMEM;

	ret = vdsp_cbs_create(dom, num_cbs);
	if (ret) {
		__free_page(dom->stray);
		return ret;
	}
	vdsp_smmu_init(dom);
	dom->wq = alloc_workqueue("qda-vdsp-%s", WQ_UNBOUND, VDSP_MAX_ACTIVE,
				  dom->name);
	if (!dom->wq) {
		ret = -ENOMEM;
		goto err;
	}
	platform_set_drvdata(pdev, dom);

	ret = vdsp_register(dom);
	if (ret)
		goto err;
	vdsp_debugfs_init(dom);
	dev_info(dev, "virtual %s DSP, %u context banks, SIDs %u-%u\n",
		 dom->name, dom->num_cbs, dom->cbs[0].sid,
		 dom->cbs[dom->num_cbs - 1].sid);
	return 0;
err:
	vdsp_domain_teardown(dom);
	return ret;
}

static void vdsp_remove(struct platform_device *pdev)
{
	struct vdsp_domain *dom = platform_get_drvdata(pdev);

	/* no more knobs, no more responses, then unplug */
	vdsp_debugfs_fini(dom);
	spin_lock(&dom->lock);
	dom->dying = true;
	dom->epoch++;
	spin_unlock(&dom->lock);
	wake_up_all(&dom->wake);
	cancel_delayed_work_sync(&dom->up_work);
	qda_domain_unregister(dom->qdev);
	vdsp_domain_teardown(dom);
}

static const struct platform_device_id vdsp_ids[] = {
	{ VDSP_DRV_NAME "-adsp" },
	{ VDSP_DRV_NAME "-mdsp" },
	{ VDSP_DRV_NAME "-sdsp" },
	{ VDSP_DRV_NAME "-cdsp" },
	{ VDSP_DRV_NAME "-cdsp1" },
	{ VDSP_DRV_NAME "-gdsp0" },
	{ VDSP_DRV_NAME "-gdsp1" },
	{ }
};
MODULE_DEVICE_TABLE(platform, vdsp_ids);

static struct platform_driver vdsp_driver = {
	.driver = {
		.name = VDSP_DRV_NAME,
	},
	.probe = vdsp_probe,
	.remove = vdsp_remove,
	.id_table = vdsp_ids,
};

static void vdsp_destroy_devices(void)
{
	while (vdsp_num_pdevs)
		platform_device_unregister(vdsp_pdevs[--vdsp_num_pdevs]);
}

static int vdsp_create_devices(void)
{
	char *list, *cur, *name;
	unsigned int seen = 0;
	int ret = 0;

	list = kstrdup(domains, GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	cur = list;
	while ((name = strsep(&cur, ",")) != NULL) {
		char devname[32];
		unsigned int index = vdsp_num_pdevs;
		struct platform_device *pdev;
		u32 d;

		name = strim(name);
		if (!*name)
			continue;
		if (qda_domain_id(name, &d) || d >= VDSP_MAX_DOMAINS ||
		    seen & BIT(d)) {
			pr_err("qda_vdsp: bad or repeated domain '%s'\n", name);
			ret = -EINVAL;
			break;
		}
		seen |= BIT(d);
		snprintf(devname, sizeof(devname), VDSP_DRV_NAME "-%s", name);
		pdev = platform_device_register_data(NULL, devname,
						     PLATFORM_DEVID_NONE,
						     &index, sizeof(index));
		if (IS_ERR(pdev)) {
			ret = PTR_ERR(pdev);
			break;
		}
		vdsp_pdevs[vdsp_num_pdevs++] = pdev;
	}
	kfree(list);
	if (!ret && !vdsp_num_pdevs)
		ret = -EINVAL;
	if (ret)
		vdsp_destroy_devices();
	return ret;
}

static int __init vdsp_init(void)
{
	int ret;

	qda_fastrpc_wire_checks();
	if (!num_cbs || num_cbs > VDSP_MAX_CBS) {
		pr_err("qda_vdsp: num_cbs must be 1-%u\n", VDSP_MAX_CBS);
		return -EINVAL;
	}
	ret = platform_driver_register(&vdsp_driver);
	if (ret)
		return ret;
	ret = vdsp_create_devices();
	if (ret)
		platform_driver_unregister(&vdsp_driver);
	return ret;
}

static void __exit vdsp_exit(void)
{
	vdsp_destroy_devices();
	platform_driver_unregister(&vdsp_driver);
}

module_init(vdsp_init);
module_exit(vdsp_exit);

MODULE_DESCRIPTION("QDA virtual Hexagon DSP (FastRPC firmware emulation)");
MODULE_LICENSE("GPL");
