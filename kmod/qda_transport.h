/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The interface between the QDA core (qda.ko) and the providers that
 * carry FastRPC messages to a DSP: the RPMsg transport on Qualcomm SoCs,
 * and the virtual DSP (qda_vdsp.ko) everywhere else.
 *
 * A provider registers one domain per DSP it reaches, with the context
 * banks (IOMMU streams) sessions of that domain may use. The core sends
 * messages with ops->send() and the provider hands every message that
 * arrives from the DSP to qda_domain_receive(). The provider reports the
 * DSP going down and coming back (subsystem restart) with
 * qda_domain_remote_down() and qda_domain_remote_up().
 */
#ifndef _QDA_TRANSPORT_H_
#define _QDA_TRANSPORT_H_

#include <linux/device.h>
#include <linux/scatterlist.h>
#include <linux/types.h>

struct qda_device;

/**
 * struct qda_cb_info - a context bank offered to the core
 * @dev: Device to allocate and map DMA memory on for this CB; its DMA
 *	mask must not exceed 32 bits (the stream id takes the bits above).
 * @sid: Stream id; the DSP sees device addresses as sid << 32 | iova.
 */
struct qda_cb_info {
	struct device *dev;
	u32 sid;
};

/**
 * struct qda_transport_ops - what a provider implements
 * @send: Send @len bytes at @msg to the DSP. Process context, may sleep.
 *	The response may be delivered (qda_domain_receive()) before @send
 *	returns. Returns 0 or a negative errno.
 * @cb_map: Optional, for providers that emulate the SMMU of their CBs:
 *	map the pages of @sgt (@size bytes, page-aligned) contiguously into
 *	the IOVA space of CB @sid and return the IOVA in @iova, below 4 GiB
 *	(the DSP reads the stream id from the address bits above). When NULL
 *	the core maps through the DMA API on the CB's device, which must then
 *	sit behind an IOMMU that yields one contiguous range.
 * @cb_unmap: Undo @cb_map. Required when @cb_map is set.
 * @cb_watch: Optional, for providers without @cb_map that check what the
 *	DSP touches (the vDSP in bypass): the core mapped @dma_sgt on CB
 *	@sid through the DMA API, and the DSP may now reach its DMA
 *	segments, and only those. Returns 0 or a negative errno.
 * @cb_unwatch: The core is about to unmap @dma_sgt (given to @cb_watch
 *	before): from now on the DSP may not reach it. Required when
 *	@cb_watch is set.
 */
struct qda_transport_ops {
	int (*send)(void *priv, const void *msg, size_t len);
	int (*cb_map)(void *priv, u32 sid, struct sg_table *sgt, size_t size,
		      u64 *iova);
	void (*cb_unmap)(void *priv, u32 sid, u64 iova, size_t size);
	int (*cb_watch)(void *priv, u32 sid, struct sg_table *dma_sgt);
	void (*cb_unwatch)(void *priv, u32 sid, struct sg_table *dma_sgt);
};

/**
 * struct qda_domain_info - a DSP domain as a provider describes it
 * @name: Domain name: adsp, mdsp, sdsp, cdsp, cdsp1, gdsp0 or gdsp1.
 * @parent: The provider's bound device; the accel device lives under it
 *	and is torn down (unplugged) when it unbinds.
 * @ops: Transport operations.
 * @priv: Passed back to every operation.
 * @cbs: Context banks, @num_cbs of them (at least one).
 * @num_cbs: Number of entries in @cbs.
 */
struct qda_domain_info {
	const char *name;
	struct device *parent;
	const struct qda_transport_ops *ops;
	void *priv;
	const struct qda_cb_info *cbs;
	unsigned int num_cbs;
};

/*
 * The DRM_QDA_DOMAIN_* id of a domain name ("adsp", "cdsp", ...): 0 with
 * *@id set, or -EINVAL for a name that is no domain. The driver's one
 * table of domains; providers check names with it.
 */
int qda_domain_id(const char *name, u32 *id);

/*
 * Register a domain: creates and publishes its accel device. Call from
 * the provider's probe (devres of @info->parent). Returns the device or an
 * ERR_PTR.
 */
struct qda_device *qda_domain_register(const struct qda_domain_info *info);

/*
 * Unplug the domain: pending calls fail with -EPIPE, open files stay valid
 * until closed but every ioctl returns -ENODEV. Call before the provider's
 * parent device goes away; no operation is called after it returns.
 */
void qda_domain_unregister(struct qda_device *qdev);

/* A message from the DSP. Any context, including atomic. */
void qda_domain_receive(struct qda_device *qdev, const void *data,
			size_t len);

/* The DSP went down: every pending call completes with -EPIPE. */
void qda_domain_remote_down(struct qda_device *qdev);

/* The DSP is back: new calls are accepted, older sessions are -ENOTCONN. */
void qda_domain_remote_up(struct qda_device *qdev);

#endif /* _QDA_TRANSPORT_H_ */
