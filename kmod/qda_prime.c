// SPDX-License-Identifier: GPL-2.0-only
/*
 * PRIME, below the GEM objects: what importers of our BOs get (a table of
 * their pages, a kernel mapping), and a foreign dma-buf's memory mapped
 * onto a session's context bank. The GEM object of an import is made in
 * qda_gem.c (qda_gem_prime_import()).
 *
 * Lifetime of an import: the BO holds a reference on the dma-buf and an
 * attachment on the accel device (DRM's bookkeeping) from import until the
 * BO is freed. Each session that gets a handle to it attaches the dma-buf
 * again on its own context bank's device, because that is the device the
 * DSP reaches the memory through; that attachment lives as long as the
 * session's mapping of the BO (see qda_gem.c).
 */
#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <drm/drm_drv.h>
#include <drm/drm_prime.h>

#include "qda_bo.h"
#include "qda_device.h"
#include "qda_mm.h"
#include "qda_prime.h"
#include "qda_session.h"

/*
 * For importers of our BOs: a fresh table of the BO's pages each time.
 * DRM's PRIME helper does not say which device will map it, so entries
 * are as long as the memory is contiguous.
 */
struct sg_table *qda_gem_prime_get_sg_table(struct drm_gem_object *obj)
{
	if (qda_gem_is_imported(obj))
		return ERR_PTR(-EINVAL);
	return qda_sgt_copy(to_qda_bo(obj)->sgt, UINT_MAX);
}

int qda_gem_prime_vmap(struct drm_gem_object *obj, struct iosys_map *map)
{
	struct qda_bo *bo = to_qda_bo(obj);
	void *vaddr;

	if (qda_gem_is_imported(obj))
		return -EINVAL;
	if (bo->vaddr) {
		iosys_map_set_vaddr(map, bo->vaddr);
		return 0;
	}
	vaddr = vmap(bo->pages, obj->size >> PAGE_SHIFT, VM_MAP, PAGE_KERNEL);
	if (!vaddr)
		return -ENOMEM;
	iosys_map_set_vaddr(map, vaddr);
	return 0;
}

/* Record the DMA segments of an import made through the DMA API */
static int qda_prime_segments(struct qda_bo_map *map, struct sg_table *sgt)
{
	struct qda_device *qdev = map->session->qdev;
	struct qda_cb *cb = map->session->cb;
	u64 size = map->bo->base.size, total = 0;
	struct scatterlist *sg;
	unsigned int i, n = 0;

	for_each_sgtable_dma_sg(sgt, sg, i) {
		if (!PAGE_ALIGNED(sg_dma_address(sg)) ||
		    !PAGE_ALIGNED(sg_dma_len(sg)) ||
		    !qda_mm_iova_fits(sg_dma_address(sg), sg_dma_len(sg))) {
			qda_err(qdev, "import: DMA segment %u not page-aligned or above 4 GiB on CB %u\n",
				i, cb->sid);
			return -EINVAL;
		}
		total += sg_dma_len(sg);
	}
	if (total < size)
		return -EINVAL;

	map->iova = sg_dma_address(sgt->sgl);
	if (sgt->nents == 1)
		return 0;

	map->segs = kcalloc(sgt->nents, sizeof(*map->segs), GFP_KERNEL);
	if (!map->segs)
		return -ENOMEM;
	for_each_sgtable_dma_sg(sgt, sg, i) {
		u64 len = min_t(u64, sg_dma_len(sg), size);

		if (!len)
			break;
		map->segs[n].addr = qda_mm_dev_addr(cb, sg_dma_address(sg));
		map->segs[n].len = len;
		size -= len;
		n++;
	}
	map->nsegs = n;
	return 0;
}

/*
 * An import on a bank whose translation the provider keeps (its SMMU):
 * the provider maps the importer's DMA segments at one IOVA range.
 */
static int qda_prime_provider_map(struct qda_bo_map *map,
				  struct sg_table *sgt)
{
	struct qda_session *session = map->session;
	struct qda_device *qdev = session->qdev;
	size_t size = map->bo->base.size;
	struct scatterlist *sg;
	unsigned int i;
	u64 total = 0;
	int ret, idx;

	/* Only the DMA side of an importer's table is ours to read */
	for_each_sgtable_dma_sg(sgt, sg, i) {
		if (!PAGE_ALIGNED(sg_dma_address(sg)) ||
		    !PAGE_ALIGNED(sg_dma_len(sg))) {
			qda_err(qdev, "import: DMA segment %u not page-aligned\n",
				i);
			return -EINVAL;
		}
		total += sg_dma_len(sg);
	}
	if (total < size)
		return -EINVAL;
	if (!drm_dev_enter(&qdev->drm, &idx))
		return -ENODEV;
	ret = qdev->ops->cb_map(qdev->xprt_priv, session->cb->sid, sgt, size,
				&map->iova);
	if (!ret && !qda_mm_iova_fits(map->iova, size)) {
		qdev->ops->cb_unmap(qdev->xprt_priv, session->cb->sid,
				    map->iova, size);
		ret = -EINVAL;
	}
	drm_dev_exit(idx);
	return ret;
}

/**
 * qda_prime_map_import - map an imported BO on its session's context bank
 * @map: The mapping being made (bo and session set).
 *
 * The whole scatter-gather table is used, never only its first entry, and
 * only its DMA addresses (an importer may not read the exporter's page
 * links; some exporters have no pages): a provider that emulates the SMMU
 * maps every DMA segment into one range; through the DMA API each DMA
 * segment becomes a piece that calls describe with its own page entry
 * (segments must be page-aligned, else the import is refused).
 *
 * Return: 0, or a negative errno (-EINVAL for a layout the DSP cannot
 * reach).
 */
int qda_prime_map_import(struct qda_bo_map *map)
{
	struct qda_session *session = map->session;
	struct qda_device *qdev = session->qdev;
	struct drm_gem_object *obj = &map->bo->base;
	struct dma_buf *dma_buf = obj->import_attach->dmabuf;
	struct sg_table *sgt;
	int ret;

	map->attach = dma_buf_attach(dma_buf, session->cb->dev);
	if (IS_ERR(map->attach)) {
		ret = PTR_ERR(map->attach);
		map->attach = NULL;
		return ret;
	}

	sgt = dma_buf_map_attachment_unlocked(map->attach, DMA_BIDIRECTIONAL);
	if (IS_ERR(sgt)) {
		ret = PTR_ERR(sgt);
		goto err_detach;
	}
	map->import_sgt = sgt;

	if (qdev->provider_smmu) {
		ret = qda_prime_provider_map(map, sgt);
		if (ret)
			goto err_unmap;
		return 0;
	}

	ret = qda_prime_segments(map, sgt);
	if (!ret)
		ret = qda_mm_cb_watch(qdev, session->cb, sgt);
	if (ret) {
		kfree(map->segs);
		map->segs = NULL;
		goto err_unmap;
	}
	return 0;

err_unmap:
	dma_buf_unmap_attachment_unlocked(map->attach, sgt, DMA_BIDIRECTIONAL);
err_detach:
	dma_buf_detach(dma_buf, map->attach);
	map->attach = NULL;
	map->import_sgt = NULL;
	return ret;
}

void qda_prime_unmap_import(struct qda_bo_map *map)
{
	struct qda_session *session = map->session;
	struct qda_device *qdev = session->qdev;
	struct dma_buf *dma_buf = map->attach->dmabuf;
	int idx;

	/* After an unplug the provider has dropped its tables itself */
	if (!qdev->provider_smmu) {
		qda_mm_cb_unwatch(qdev, session->cb, map->import_sgt);
	} else if (drm_dev_enter(&qdev->drm, &idx)) {
		qdev->ops->cb_unmap(qdev->xprt_priv, session->cb->sid, map->iova,
				    map->bo->base.size);
		drm_dev_exit(idx);
	}
	dma_buf_unmap_attachment_unlocked(map->attach, map->import_sgt,
					  DMA_BIDIRECTIONAL);
	dma_buf_detach(dma_buf, map->attach);
	kfree(map->segs);
}
