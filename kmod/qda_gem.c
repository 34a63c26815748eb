// SPDX-License-Identifier: GPL-2.0-only
/*
 * GEM buffer objects and their mappings on context banks.
 *
 * A BO becomes visible to the DSP through a qda_bo_map, one per session
 * that holds a handle to it: made when the handle is created (GEM .open)
 * and dropped when it is closed (GEM .close), kept alive meanwhile by any
 * call in flight that uses it. So the DSP can only reach memory that a
 * session still holds.
 */
#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_prime.h>
#include <drm/drm_vma_manager.h>

#include "qda_accel.h"
#include "qda_device.h"
#include "qda_gem.h"
#include "qda_mm.h"
#include "qda_prime.h"
#include "qda_session.h"

static void qda_gem_free(struct drm_gem_object *obj)
{
	struct qda_device *qdev = to_qda_device(obj->dev);
	struct qda_bo *bo = to_qda_bo(obj);

	WARN_ON(!list_empty(&bo->maps));

	if (qda_gem_is_imported(obj)) {
		drm_prime_gem_destroy(obj, NULL);
		atomic64_dec(&qdev->stats.imports);
	} else {
		bo->backend->free(bo);
		atomic64_sub(obj->size, &qdev->stats.bytes);
	}
	atomic64_dec(&qdev->stats.bos);
	drm_gem_free_mmap_offset(obj);
	drm_gem_object_release(obj);
	mutex_destroy(&bo->lock);
	kfree(bo);
}

static void qda_file_uncharge(struct qda_session *session, size_t size)
{
	atomic_dec(&session->handle_count);
	atomic64_sub(size, &session->handle_bytes);
}

/* Count a new handle against the file's limits: -EDQUOT past them */
static int qda_file_charge(struct qda_session *session, size_t size)
{
	u64 max_bytes = (u64)READ_ONCE(qda_max_file_mib) << 20;
	unsigned int max_bos = READ_ONCE(qda_max_file_bos);

	if (atomic_inc_return(&session->handle_count) > max_bos) {
		atomic_dec(&session->handle_count);
		return -EDQUOT;
	}
	if (atomic64_add_return(size, &session->handle_bytes) > max_bytes) {
		qda_file_uncharge(session, size);
		return -EDQUOT;
	}
	return 0;
}

static int qda_gem_open(struct drm_gem_object *obj, struct drm_file *file)
{
	struct qda_session *session = qda_file_session(file);
	struct qda_bo_map *map;
	int ret;

	ret = qda_file_charge(session, obj->size);
	if (ret)
		return ret;
	map = qda_bo_map_get(to_qda_bo(obj), session);
	if (IS_ERR(map)) {
		qda_file_uncharge(session, obj->size);
		return PTR_ERR(map);
	}
	return 0;
}

static void qda_gem_close(struct drm_gem_object *obj, struct drm_file *file)
{
	struct qda_session *session = qda_file_session(file);
	struct qda_bo *bo = to_qda_bo(obj);
	struct qda_bo_map *map, *found = NULL;

	mutex_lock(&bo->lock);
	list_for_each_entry(map, &bo->maps, node) {
		if (map->session == session) {
			found = map;
			break;
		}
	}
	mutex_unlock(&bo->lock);

	/* The handle's reference and charge, taken in qda_gem_open() */
	if (found) {
		qda_file_uncharge(session, obj->size);
		qda_bo_map_put(found);
	}
}

static int qda_gem_mmap(struct drm_gem_object *obj, struct vm_area_struct *vma)
{
	struct qda_bo *bo = to_qda_bo(obj);

	/* Imports are mapped through their exporter's dma-buf */
	if (qda_gem_is_imported(obj))
		return -EINVAL;
	/* A private copy-on-write mapping would split the CPU from the DSP */
	if (is_cow_mapping(vma->vm_flags))
		return -EINVAL;

	/* Both DRM's and PRIME's mmap paths hand us the fake offset */
	vma->vm_pgoff -= drm_vma_node_start(&obj->vma_node);
	vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
	return bo->backend->mmap(bo, vma);
}

static void qda_gem_vunmap(struct drm_gem_object *obj, struct iosys_map *map)
{
	struct qda_bo *bo = to_qda_bo(obj);

	if (!bo->vaddr)
		vunmap(map->vaddr);
}

static vm_fault_t qda_gem_fault(struct vm_fault *vmf)
{
	struct drm_gem_object *obj = vmf->vma->vm_private_data;
	struct qda_bo *bo = to_qda_bo(obj);

	struct page *page;
	void *va;

	/* vm_pgoff was made relative to the BO in qda_gem_mmap() */
	if (vmf->pgoff >= obj->size >> PAGE_SHIFT)
		return VM_FAULT_SIGBUS;
	if (bo->pages) {
		page = bo->pages[vmf->pgoff];
	} else if (bo->vaddr) {
		/* Coherent memory: its kernel mapping leads to the page */
		va = bo->vaddr + (vmf->pgoff << PAGE_SHIFT);
		page = is_vmalloc_addr(va) ? vmalloc_to_page(va) :
					     virt_to_page(va);
	} else {
		return VM_FAULT_SIGBUS;
	}
	return vmf_insert_pfn(vmf->vma, vmf->address, page_to_pfn(page));
}

static const struct vm_operations_struct qda_gem_vm_ops = {
	.fault = qda_gem_fault,
	.open = drm_gem_vm_open,
	.close = drm_gem_vm_close,
};

static const struct drm_gem_object_funcs qda_gem_funcs = {
	.free = qda_gem_free,
	.open = qda_gem_open,
	.close = qda_gem_close,
	.get_sg_table = qda_gem_prime_get_sg_table,
	.vmap = qda_gem_prime_vmap,
	.vunmap = qda_gem_vunmap,
	.mmap = qda_gem_mmap,
	.vm_ops = &qda_gem_vm_ops,
};

static void qda_gem_init_object(struct drm_device *drm, struct qda_bo *bo,
				size_t size)
{
	bo->base.funcs = &qda_gem_funcs;
	mutex_init(&bo->lock);
	INIT_LIST_HEAD(&bo->maps);
	drm_gem_private_object_init(drm, &bo->base, size);
}

/**
 * qda_bo_create - allocate a BO with memory suited to @session's bank
 * @session: The session whose context bank will map it first.
 * @size: Bytes, page-aligned, non-zero.
 *
 * The BO has no handle and no mapping yet.
 *
 * Return: the BO with one reference, or an ERR_PTR().
 */
struct qda_bo *qda_bo_create(struct qda_session *session, size_t size)
{
	struct qda_device *qdev = session->qdev;
	struct qda_cb *cb;
	struct qda_bo *bo;
	int ret;

	cb = qda_session_cb(session);
	if (IS_ERR(cb))
		return ERR_CAST(cb);

	bo = kzalloc(sizeof(*bo), GFP_KERNEL);
	if (!bo)
		return ERR_PTR(-ENOMEM);
	qda_gem_init_object(&qdev->drm, bo, size);

	bo->backend = qda_mm_backend_for(qdev, cb);
	ret = bo->backend->alloc(bo, cb);
	if (ret)
		goto err_release;

	ret = drm_gem_create_mmap_offset(&bo->base);
	if (ret)
		goto err_free_mem;

	atomic64_inc(&qdev->stats.bos);
	atomic64_add(size, &qdev->stats.bytes);
	return bo;

err_free_mem:
	bo->backend->free(bo);
err_release:
	drm_gem_object_release(&bo->base);
	mutex_destroy(&bo->lock);
	kfree(bo);
	return ERR_PTR(ret);
}

/* Give a kernel-internal BO a kernel mapping (kept until it is freed) */
int qda_bo_vmap_kernel(struct qda_bo *bo)
{
	if (bo->vaddr)
		return 0;
	bo->vaddr = vmap(bo->pages, bo->base.size >> PAGE_SHIFT, VM_MAP,
			 PAGE_KERNEL);
	return bo->vaddr ? 0 : -ENOMEM;
}

static void qda_bo_map_release(struct kref *ref)
	__releases(&map->bo->lock)
{
	struct qda_bo_map *map = container_of(ref, struct qda_bo_map, ref);
	struct qda_session *session = map->session;
	struct qda_device *qdev = session->qdev;
	struct qda_bo *bo = map->bo;

	list_del(&map->node);
	mutex_unlock(&bo->lock);

	if (map->attach)
		qda_prime_unmap_import(map);
	else
		qda_mm_cb_unmap(qdev, session->cb, map->iova, bo->base.size,
				map->dma_sgt);
	atomic64_dec(&qdev->stats.cb_maps);
	/* The BO first: its free needs the device the session keeps alive */
	drm_gem_object_put(&bo->base);
	qda_session_put(session);
	kfree(map);
}

void qda_bo_map_put(struct qda_bo_map *map)
{
	kref_put_mutex(&map->ref, qda_bo_map_release, &map->bo->lock);
}

/**
 * qda_bo_map_get - make @bo reachable by @session's DSP process
 * @bo: The BO.
 * @session: The session.
 *
 * Return: the session's mapping of @bo with a new reference, created on
 * first use, or an ERR_PTR().
 */
struct qda_bo_map *qda_bo_map_get(struct qda_bo *bo,
				  struct qda_session *session)
{
	struct qda_device *qdev = session->qdev;
	struct qda_bo_map *map;
	struct qda_cb *cb;
	u64 iova;
	int ret;

	cb = qda_session_cb(session);
	if (IS_ERR(cb))
		return ERR_CAST(cb);

	mutex_lock(&bo->lock);
	list_for_each_entry(map, &bo->maps, node) {
		if (map->session == session && kref_get_unless_zero(&map->ref))
			goto out_unlock;
	}

	map = kzalloc(sizeof(*map), GFP_KERNEL);
	if (!map) {
		map = ERR_PTR(-ENOMEM);
		goto out_unlock;
	}
	kref_init(&map->ref);
	map->bo = bo;
	map->session = session;

	if (qda_gem_is_imported(&bo->base)) {
		ret = qda_prime_map_import(map);
	} else {
		ret = qda_mm_cb_map(qdev, cb, bo->sgt, bo->base.size,
				    &iova, &map->dma_sgt);
		map->iova = iova;
		map->sync = !ret && !bo->backend->coherent;
	}
	if (ret) {
		kfree(map);
		map = ERR_PTR(ret);
		goto out_unlock;
	}
	map->dev_addr = qda_mm_dev_addr(cb, map->iova);
	/* What the CPU wrote so far, for a DSP that may read it any time */
	if (map->sync)
		dma_sync_sgtable_for_device(cb->dev, map->dma_sgt,
					    DMA_BIDIRECTIONAL);

	drm_gem_object_get(&bo->base);
	qda_session_get(session);
	list_add(&map->node, &bo->maps);
	atomic64_inc(&qdev->stats.cb_maps);
out_unlock:
	mutex_unlock(&bo->lock);
	return map;
}

/**
 * qda_bo_map_lookup - resolve a handle of @file to its mapping
 * @file: The calling file.
 * @handle: GEM handle.
 * @bo_out: Out: the BO (valid while the returned reference is held).
 *
 * Kernels without "drm/gem: Fix race in drm_gem_handle_create_tail()"
 * publish a handle before the object's .open hook has run for it; nothing
 * here depends on that hook having run: the BO is complete before
 * it gets a handle, and a handle whose mapping qda_gem_open() has not made
 * yet resolves to -ENOENT, as if it did not exist yet.
 *
 * Return: a new reference on the mapping, or ERR_PTR(-ENOENT).
 */
struct qda_bo_map *qda_bo_map_lookup(struct drm_file *file, u32 handle,
				     struct qda_bo **bo_out)
{
	struct qda_session *session = qda_file_session(file);
	struct qda_bo_map *map, *found = ERR_PTR(-ENOENT);
	struct drm_gem_object *obj;
	struct qda_bo *bo;

	obj = drm_gem_object_lookup(file, handle);
	if (!obj)
		return ERR_PTR(-ENOENT);
	bo = to_qda_bo(obj);

	mutex_lock(&bo->lock);
	list_for_each_entry(map, &bo->maps, node) {
		if (map->session == session && kref_get_unless_zero(&map->ref)) {
			found = map;
			break;
		}
	}
	mutex_unlock(&bo->lock);

	/* The mapping holds the BO */
	drm_gem_object_put(obj);
	if (!IS_ERR(found))
		*bo_out = bo;
	return found;
}

/**
 * qda_gem_prime_import - the GEM object for a dma-buf (drm_driver hook)
 * @drm: The importing device.
 * @dma_buf: The buffer.
 *
 * Return: our own BO when @dma_buf is one of ours, else a new imported
 * BO, or an ERR_PTR().
 */
struct drm_gem_object *qda_gem_prime_import(struct drm_device *drm,
					    struct dma_buf *dma_buf)
{
	struct qda_device *qdev = to_qda_device(drm);
	struct dma_buf_attachment *attach;
	struct qda_bo *bo;
	int ret;

	if (qda_gem_is_own_dma_buf(drm, dma_buf)) {
		struct drm_gem_object *obj = dma_buf->priv;

		/* Our own BO coming back: the same object, not a copy */
		drm_gem_object_get(obj);
		return obj;
	}

	if (!dma_buf->size || !PAGE_ALIGNED(dma_buf->size))
		return ERR_PTR(-EINVAL);

	attach = dma_buf_attach(dma_buf, drm->dev);
	if (IS_ERR(attach))
		return ERR_CAST(attach);

	bo = kzalloc(sizeof(*bo), GFP_KERNEL);
	if (!bo) {
		ret = -ENOMEM;
		goto err_detach;
	}
	qda_gem_init_object(drm, bo, dma_buf->size);
	bo->base.import_attach = attach;
	bo->base.resv = dma_buf->resv;
	get_dma_buf(dma_buf);

	atomic64_inc(&qdev->stats.bos);
	atomic64_inc(&qdev->stats.imports);
	return &bo->base;

err_detach:
	dma_buf_detach(dma_buf, attach);
	return ERR_PTR(ret);
}
