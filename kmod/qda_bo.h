/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The memory layer's objects: a buffer object and its mappings on context
 * banks. Types only; qda_gem.c, qda_prime.c and qda_mm.c work on them.
 */
#ifndef _QDA_BO_H_
#define _QDA_BO_H_

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <drm/drm_gem.h>

struct qda_mem_backend;
struct qda_session;

/**
 * struct qda_bo - a QDA buffer object
 * @base: The GEM object.
 * @backend: Memory backend; NULL for imports.
 * @sgt: The BO's pages (native BOs; imports map per context bank).
 * @pages: Page array (pages backend).
 * @vaddr: Kernel mapping, when there is one (coherent memory, or vmapped
 *	kernel-internal BOs).
 * @dma: DMA address (coherent backend).
 * @dma_dev: Device @dma belongs to (coherent backend).
 * @lock: Protects @maps.
 * @maps: struct qda_bo_map entries, one per session using the BO.
 */
struct qda_bo {
	struct drm_gem_object base;
	const struct qda_mem_backend *backend;
	struct sg_table *sgt;
	struct page **pages;
	void *vaddr;
	dma_addr_t dma;
	struct device *dma_dev;
	struct mutex lock; /* maps */
	struct list_head maps;
};

/**
 * struct qda_seg - one piece of a buffer as the DSP sees it
 * @addr: Device address (SID-prefixed), page-aligned.
 * @len: Bytes, page-aligned.
 */
struct qda_seg {
	u64 addr;
	u64 len;
};

/**
 * struct qda_bo_map - a BO made visible to the DSP for one session
 * @ref: Held by the session's GEM handle, by calls in flight that use it,
 *	and by DSP process mappings (MAP ioctl).
 * @node: Entry in qda_bo.maps, under qda_bo.lock.
 * @bo: The BO (reference held).
 * @session: The session (reference held: its context bank stays put).
 * @iova: Start on the session's context bank.
 * @dev_addr: Start as the DSP sees it (SID-prefixed).
 * @segs: NULL when the BO is one range from @dev_addr; else its @nsegs
 *	pieces in order (an import on a bank without an IOMMU), which calls
 *	describe with one page entry each.
 * @nsegs: Entries in @segs.
 * @dma_sgt: DMA-API mapping, when the core made one.
 * @sync: @dma_sgt needs cache maintenance around the DSP's use of it.
 * @attach: Import attachment on the context bank's device.
 * @import_sgt: The exporter's mapping of @attach.
 */
struct qda_bo_map {
	struct kref ref;
	struct list_head node;
	struct qda_bo *bo;
	struct qda_session *session;
	u64 iova;
	u64 dev_addr;
	struct qda_seg *segs;
	unsigned int nsegs;
	struct sg_table *dma_sgt;
	bool sync;
	struct dma_buf_attachment *attach;
	struct sg_table *import_sgt;
};

static inline struct qda_bo *to_qda_bo(struct drm_gem_object *obj)
{
	return container_of(obj, struct qda_bo, base);
}

#endif /* _QDA_BO_H_ */
