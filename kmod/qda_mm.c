// SPDX-License-Identifier: GPL-2.0-only
/*
 * Memory backends and context-bank mappings.
 *
 * Two backends: "pages" allocates individual system pages, for context
 * banks behind an IOMMU (which makes them contiguous for the DSP);
 * "coherent" allocates DMA-coherent memory on the context bank's device,
 * for banks without one. The DSP needs every buffer contiguous in its
 * address space, so a bank without an IOMMU can only take coherent memory.
 */
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <drm/drm_drv.h>

#include "qda_bo.h"
#include "qda_device.h"
#include "qda_mm.h"

static char *mem_backend = "auto";
module_param(mem_backend, charp, 0444);
MODULE_PARM_DESC(mem_backend,
		 "BO memory: auto (pages behind an IOMMU, else coherent), pages or coherent");

static bool qda_cb_has_iommu(struct qda_device *qdev, struct qda_cb *cb)
{
	return qdev->provider_smmu || device_iommu_mapped(cb->dev);
}

const struct qda_mem_backend *qda_mm_backend_for(struct qda_device *qdev,
						 struct qda_cb *cb)
{
	if (!strcmp(mem_backend, "coherent"))
		return &qda_mem_coherent;
	if (!strcmp(mem_backend, "pages") || qda_cb_has_iommu(qdev, cb))
		return &qda_mem_pages;
	return &qda_mem_coherent;
}

/*
 * "pages": system pages, in chunks as large as the buddy allocator gives
 * cheaply (64 KiB, else single pages, as the system dma-heap does), split
 * so each page stands alone: fewer allocations, and fewer ranges to map.
 */
static const unsigned int qda_chunk_orders[] = { 4, 0 };

static struct page *qda_alloc_chunk(unsigned int left, unsigned int *order)
{
	/*
	 * Charged to the caller's memory cgroup and allowed to fail: a large
	 * BO must end in -ENOMEM, not in the OOM killer picking a bystander.
	 */
	const gfp_t gfp = GFP_KERNEL_ACCOUNT | __GFP_ZERO | __GFP_NOWARN;
	unsigned int i;
	struct page *page;

	for (i = 0; i < ARRAY_SIZE(qda_chunk_orders); i++) {
		*order = qda_chunk_orders[i];
		if (left < 1U << *order)
			continue;
		page = alloc_pages(*order ? gfp | __GFP_NORETRY :
				   gfp | __GFP_RETRY_MAYFAIL, *order);
		if (page)
			return page;
	}
	return NULL;
}

static int qda_pages_alloc(struct qda_bo *bo, struct qda_cb *cb)
{
	unsigned int npages = bo->base.size >> PAGE_SHIFT;
	unsigned int i = 0, j, order;
	struct page *page;
	int ret;

	bo->pages = kvcalloc(npages, sizeof(*bo->pages), GFP_KERNEL);
	if (!bo->pages)
		return -ENOMEM;

	while (i < npages) {
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			goto err_free_pages;
		}
		page = qda_alloc_chunk(npages - i, &order);
		if (!page) {
			ret = -ENOMEM;
			goto err_free_pages;
		}
		if (order)
			split_page(page, order);
		for (j = 0; j < 1U << order; j++)
			bo->pages[i++] = page + j;
	}

	bo->sgt = kzalloc(sizeof(*bo->sgt), GFP_KERNEL);
	if (!bo->sgt) {
		ret = -ENOMEM;
		goto err_free_pages;
	}
	ret = sg_alloc_table_from_pages(bo->sgt, bo->pages, npages, 0,
					bo->base.size, GFP_KERNEL);
	if (ret)
		goto err_free_sgt;
	return 0;

err_free_sgt:
	kfree(bo->sgt);
	bo->sgt = NULL;
err_free_pages:
	while (i--)
		__free_page(bo->pages[i]);
	kvfree(bo->pages);
	bo->pages = NULL;
	return ret;
}

static void qda_pages_free(struct qda_bo *bo)
{
	unsigned int npages = bo->base.size >> PAGE_SHIFT;
	unsigned int i;

	if (bo->vaddr)
		vunmap(bo->vaddr);
	sg_free_table(bo->sgt);
	kfree(bo->sgt);
	for (i = 0; i < npages; i++)
		__free_page(bo->pages[i]);
	kvfree(bo->pages);
}

/*
 * Mapped at once, a physically contiguous run at a time. After DRM zapped
 * the mapping on unplug, qda_gem_fault() puts the pages back one by one:
 * the memory lives as long as the mapping holds the BO.
 */
static int qda_pages_mmap(struct qda_bo *bo, struct vm_area_struct *vma)
{
	unsigned long npages = bo->base.size >> PAGE_SHIFT;
	unsigned long addr = vma->vm_start;
	unsigned long i = vma->vm_pgoff;
	int ret;

	vm_flags_set(vma, VM_PFNMAP);
	vma->vm_page_prot = vm_get_page_prot(vma->vm_flags);
	while (addr < vma->vm_end && i < npages) {
		unsigned long pfn = page_to_pfn(bo->pages[i]);
		unsigned long run = 1;

		while (addr + (run << PAGE_SHIFT) < vma->vm_end &&
		       i + run < npages &&
		       page_to_pfn(bo->pages[i + run]) == pfn + run)
			run++;
		ret = remap_pfn_range(vma, addr, pfn, run << PAGE_SHIFT,
				      vma->vm_page_prot);
		if (ret)
			return ret;
		addr += run << PAGE_SHIFT;
		i += run;
	}
	return 0;
}

const struct qda_mem_backend qda_mem_pages = {
	.name = "pages",
	.alloc = qda_pages_alloc,
	.free = qda_pages_free,
	.mmap = qda_pages_mmap,
};

/* "coherent": one DMA-coherent block on the context bank's device */
static int qda_coherent_alloc(struct qda_bo *bo, struct qda_cb *cb)
{
	int ret;

	/* Charged to the caller's memory cgroup, as the pages backend is */
	bo->vaddr = dma_alloc_coherent(cb->dev, bo->base.size, &bo->dma,
				       GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!bo->vaddr)
		return -ENOMEM;
	bo->dma_dev = cb->dev;

	bo->sgt = kzalloc(sizeof(*bo->sgt), GFP_KERNEL);
	if (!bo->sgt) {
		ret = -ENOMEM;
		goto err_free;
	}
	ret = dma_get_sgtable(cb->dev, bo->sgt, bo->vaddr, bo->dma,
			      bo->base.size);
	if (ret)
		goto err_free_sgt;
	return 0;

err_free_sgt:
	kfree(bo->sgt);
	bo->sgt = NULL;
err_free:
	dma_free_coherent(cb->dev, bo->base.size, bo->vaddr, bo->dma);
	bo->vaddr = NULL;
	return ret;
}

static void qda_coherent_free(struct qda_bo *bo)
{
	sg_free_table(bo->sgt);
	kfree(bo->sgt);
	dma_free_coherent(bo->dma_dev, bo->base.size, bo->vaddr, bo->dma);
}

static int qda_coherent_mmap(struct qda_bo *bo, struct vm_area_struct *vma)
{
	unsigned long off = vma->vm_pgoff << PAGE_SHIFT;

	/* dma_mmap_coherent() takes the offset from vm_pgoff itself */
	if (off >= bo->base.size)
		return -EINVAL;
	return dma_mmap_coherent(bo->dma_dev, vma, bo->vaddr, bo->dma,
				 bo->base.size);
}

const struct qda_mem_backend qda_mem_coherent = {
	.name = "coherent",
	.coherent = true,
	.alloc = qda_coherent_alloc,
	.free = qda_coherent_free,
	.mmap = qda_coherent_mmap,
};

static unsigned int qda_sgt_entries(struct sg_table *src, unsigned int max_seg)
{
	struct scatterlist *sg;
	unsigned int i, n = 0;

	/* Not DIV_ROUND_UP(): length + max_seg - 1 overflows for long ones */
	for_each_sgtable_sg(src, sg, i)
		n += sg->length ? (sg->length - 1) / max_seg + 1 : 0;
	return n;
}

/**
 * qda_sgt_copy - a new table over the same memory, for a mapping of its own
 * @src: The table (pages, not yet DMA-mapped).
 * @max_seg: Longest entry the mapping device takes (rounded down to whole
 *	pages); longer entries of @src are cut, since the DMA API may not be
 *	handed a segment longer than the device declares.
 *
 * Return: the new table (not DMA-mapped), or an ERR_PTR().
 */
struct sg_table *qda_sgt_copy(struct sg_table *src, unsigned int max_seg)
{
	struct scatterlist *sg, *dst;
	struct sg_table *sgt;
	unsigned int i, off, len;
	int ret;

	max_seg = max_t(unsigned int, round_down(max_seg, PAGE_SIZE),
			PAGE_SIZE);
	sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	if (!sgt)
		return ERR_PTR(-ENOMEM);
	ret = sg_alloc_table(sgt, qda_sgt_entries(src, max_seg), GFP_KERNEL);
	if (ret) {
		kfree(sgt);
		return ERR_PTR(ret);
	}
	dst = sgt->sgl;
	for_each_sgtable_sg(src, sg, i) {
		for (off = 0; off < sg->length; off += len) {
			unsigned int at = sg->offset + off;

			len = min(sg->length - off, max_seg);
			sg_set_page(dst, nth_page(sg_page(sg), at >> PAGE_SHIFT),
				    len, offset_in_page(at));
			dst = sg_next(dst);
		}
	}
	return sgt;
}

/* Whether the DMA segments of @sgt follow each other without a gap */
static bool qda_sgt_dma_contiguous(struct sg_table *sgt)
{
	dma_addr_t next = sg_dma_address(sgt->sgl);
	struct scatterlist *sg;
	unsigned int i;

	for_each_sgtable_dma_sg(sgt, sg, i) {
		if (sg_dma_address(sg) != next)
			return false;
		next += sg_dma_len(sg);
	}
	return true;
}

/**
 * qda_mm_cb_watch - tell a checking provider the DSP may reach @dma_sgt
 * @qdev: The domain.
 * @cb: The context bank @dma_sgt is DMA-mapped on.
 * @dma_sgt: The mapping.
 *
 * Only for banks without an emulated SMMU; a provider without the hook
 * checks nothing.
 *
 * Return: 0, -ENODEV after an unplug, or the provider's errno.
 */
int qda_mm_cb_watch(struct qda_device *qdev, struct qda_cb *cb,
		    struct sg_table *dma_sgt)
{
	int ret = 0, idx;

	/* The ops live in the provider's module: only while it is bound */
	if (!drm_dev_enter(&qdev->drm, &idx))
		return -ENODEV;
	if (qdev->ops->cb_watch)
		ret = qdev->ops->cb_watch(qdev->xprt_priv, cb->sid, dma_sgt);
	drm_dev_exit(idx);
	return ret;
}

/**
 * qda_mm_cb_unwatch - undo qda_mm_cb_watch() before unmapping @dma_sgt
 * @qdev: The domain.
 * @cb: The context bank.
 * @dma_sgt: The mapping given to qda_mm_cb_watch().
 */
void qda_mm_cb_unwatch(struct qda_device *qdev, struct qda_cb *cb,
		       struct sg_table *dma_sgt)
{
	int idx;

	/*
	 * After an unplug the provider has dropped its tables itself, and its
	 * ops may be gone with its module.
	 */
	if (!drm_dev_enter(&qdev->drm, &idx))
		return;
	if (qdev->ops->cb_unwatch)
		qdev->ops->cb_unwatch(qdev->xprt_priv, cb->sid, dma_sgt);
	drm_dev_exit(idx);
}

/**
 * qda_mm_cb_map - make @sgt reachable by the DSP through @cb
 * @qdev: The domain.
 * @cb: The context bank.
 * @sgt: The memory (pages), @size bytes.
 * @size: Bytes, page-aligned.
 * @iova: Out: start of the contiguous range on @cb.
 * @dma_sgt: Out: the DMA-API mapping to hand back to qda_mm_cb_unmap().
 *
 * The DMA API maps a copy of it on the bank's device, without cache
 * maintenance: the same memory may be mapped on several devices at once
 * (other banks, importers), so the caller syncs explicitly around the
 * DSP's use of it. A provider that emulates the SMMU then maps those DMA
 * segments at one range of its own; otherwise the DMA API must have given
 * one contiguous range (an IOMMU does, even when it cuts it into segments
 * no longer than the device takes).
 *
 * Return: 0 with *@iova and *@dma_sgt set, or a negative errno.
 */
int qda_mm_cb_map(struct qda_device *qdev, struct qda_cb *cb,
		  struct sg_table *sgt, size_t size, u64 *iova,
		  struct sg_table **dma_sgt)
{
	struct sg_table *copy;
	int ret, idx;

	/* The BO's table may be mapped on other banks too: map a copy */
	copy = qda_sgt_copy(sgt, dma_get_max_seg_size(cb->dev));
	if (IS_ERR(copy))
		return PTR_ERR(copy);

	ret = dma_map_sgtable(cb->dev, copy, DMA_BIDIRECTIONAL,
			      DMA_ATTR_SKIP_CPU_SYNC);
	if (ret)
		goto err_table;

	if (qdev->provider_smmu) {
		/* The provider's SMMU maps the DMA segments; gone once unplugged */
		if (!drm_dev_enter(&qdev->drm, &idx)) {
			ret = -ENODEV;
			goto err_unmap;
		}
		ret = qdev->ops->cb_map(qdev->xprt_priv, cb->sid, copy, size,
					iova);
		if (!ret && !qda_mm_iova_fits(*iova, size)) {
			qdev->ops->cb_unmap(qdev->xprt_priv, cb->sid, *iova,
					    size);
			ret = -EINVAL;
		}
		drm_dev_exit(idx);
		if (ret)
			goto err_unmap;
	} else if (!qda_sgt_dma_contiguous(copy) ||
		   !qda_mm_iova_fits(sg_dma_address(copy->sgl), size)) {
		qda_err(qdev, "CB %u: buffer not one range below 4 GiB for the DSP (%u segments)\n",
			cb->sid, copy->nents);
		ret = -EINVAL;
		goto err_unmap;
	} else {
		ret = qda_mm_cb_watch(qdev, cb, copy);
		if (ret)
			goto err_unmap;
		*iova = sg_dma_address(copy->sgl);
	}
	*dma_sgt = copy;
	return 0;

err_unmap:
	dma_unmap_sgtable(cb->dev, copy, DMA_BIDIRECTIONAL, DMA_ATTR_SKIP_CPU_SYNC);
err_table:
	sg_free_table(copy);
	kfree(copy);
	return ret;
}

void qda_mm_cb_unmap(struct qda_device *qdev, struct qda_cb *cb, u64 iova,
		     size_t size, struct sg_table *dma_sgt)
{
	int idx;

	/* After an unplug the provider has dropped its tables itself */
	if (!qdev->provider_smmu) {
		qda_mm_cb_unwatch(qdev, cb, dma_sgt);
	} else if (drm_dev_enter(&qdev->drm, &idx)) {
		qdev->ops->cb_unmap(qdev->xprt_priv, cb->sid, iova, size);
		drm_dev_exit(idx);
	}
	dma_unmap_sgtable(cb->dev, dma_sgt, DMA_BIDIRECTIONAL,
			  DMA_ATTR_SKIP_CPU_SYNC);
	sg_free_table(dma_sgt);
	kfree(dma_sgt);
}
