/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memory manager: where BO memory comes from (backends) and how it is made
 * visible to the DSP through a context bank.
 */
#ifndef _QDA_MM_H_
#define _QDA_MM_H_

#include <linux/mm_types.h>
#include <linux/kernel.h>
#include <linux/types.h>

struct qda_bo;
struct qda_cb;
struct qda_device;
struct sg_table;

/**
 * struct qda_mem_backend - a source of BO memory
 * @name: Shown in debugfs and logs.
 * @coherent: The CPU and the DSP see the memory alike without cache
 *	maintenance (no DMA syncs).
 * @alloc: Allocate bo->size bytes for @cb; set bo->sgt (the pages) and
 *	bo->vaddr when the memory has a kernel mapping anyway.
 * @free: Release what @alloc set up.
 * @mmap: Map @vma (already checked: MAP_SHARED, inside the BO) with
 *	vma->vm_pgoff the page offset into the BO.
 */
struct qda_mem_backend {
	const char *name;
	bool coherent;
	int (*alloc)(struct qda_bo *bo, struct qda_cb *cb);
	void (*free)(struct qda_bo *bo);
	int (*mmap)(struct qda_bo *bo, struct vm_area_struct *vma);
};

extern const struct qda_mem_backend qda_mem_pages;
extern const struct qda_mem_backend qda_mem_coherent;

const struct qda_mem_backend *qda_mm_backend_for(struct qda_device *qdev,
						 struct qda_cb *cb);

struct sg_table *qda_sgt_copy(struct sg_table *src, unsigned int max_seg);
int qda_mm_cb_map(struct qda_device *qdev, struct qda_cb *cb,
		  struct sg_table *sgt, size_t size, u64 *iova,
		  struct sg_table **dma_sgt);
int qda_mm_cb_watch(struct qda_device *qdev, struct qda_cb *cb,
		    struct sg_table *dma_sgt);
void qda_mm_cb_unwatch(struct qda_device *qdev, struct qda_cb *cb,
		       struct sg_table *dma_sgt);
void qda_mm_cb_unmap(struct qda_device *qdev, struct qda_cb *cb, u64 iova,
		     size_t size, struct sg_table *dma_sgt);

/*
 * The DSP takes the stream id from bits 63:32 of an address: an IOVA range
 * must stay below 4 GiB, or it would name another stream.
 */
static inline bool qda_mm_iova_fits(u64 iova, u64 size)
{
	return size && !upper_32_bits(iova + size - 1) && iova + size > iova;
}

/* The address the DSP uses for @iova on @cb: the one place it is made */
static inline u64 qda_mm_dev_addr(const struct qda_cb *cb, u64 iova)
{
	return (u64)cb->sid << 32 | iova;
}

#endif /* _QDA_MM_H_ */
