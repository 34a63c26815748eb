// SPDX-License-Identifier: GPL-2.0-only
/*
 * SMMU emulation: each context bank has a 32-bit IOVA space. cb_map places
 * the DMA segments of a scatter-gather table, mapped by the driver for the
 * bank's device, at a contiguous IOVA range; every access the DSP side
 * makes goes through vdsp_smmu_walk(), which resolves SID << 32 | IOVA to
 * a DMA address and that to memory, or reports a translation fault. Only
 * DMA addresses are used, never the table's page links: an importer may
 * not read those (CONFIG_DMABUF_DEBUG scrambles them), and some exporters
 * have no pages at all.
 */
#include <linux/dma-direct.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "qda_vdsp_smmu.h"

#define VDSP_IOVA_MIN	0x10000UL
#define VDSP_IOVA_MAX	0xffffffffUL

/*
 * A mapping holds no reference on its pages: the driver owns them and
 * frees them after unmapping, as with a real SMMU. @ref counts the tree's
 * reference and translations in progress; @idle completes when the last
 * one goes, which the unmap waits for (the TLB sync).
 */
struct vdsp_smmu_seg {
	u64 off;		/* in the mapping */
	dma_addr_t addr;
	u64 len;
};

struct vdsp_smmu_map {
	struct kref ref;
	struct completion idle;
	struct rcu_head rcu;
	u64 iova;
	u64 size;
	unsigned int nsegs;
	struct vdsp_smmu_seg segs[] __counted_by(nsegs);
};

static void vdsp_smmu_map_idle(struct kref *ref)
{
	complete(&container_of(ref, struct vdsp_smmu_map, ref)->idle);
}

/*
 * Drop the tree's reference on a map taken out of the tree and wait until
 * no translation uses it; then nothing reaches its pages any more. The
 * memory goes after a grace period: a lockless lookup may still hold the
 * pointer, and fails to take a reference.
 */
static void vdsp_smmu_map_retire(struct vdsp_smmu_map *map)
{
	kref_put(&map->ref, vdsp_smmu_map_idle);
	wait_for_completion(&map->idle);
	kvfree_rcu(map, rcu);
}

static struct vdsp_cb *vdsp_smmu_cb(struct vdsp_domain *dom, u32 sid)
{
	unsigned int i;

	for (i = 0; i < dom->num_cbs; i++)
		if (dom->cbs[i].sid == sid)
			return &dom->cbs[i];
	return NULL;
}

static struct device *vdsp_cb_dev(struct vdsp_cb *cb)
{
	return &cb->pdev->dev;
}

/*
 * The DMA segments covering @size bytes of @sgt, page-aligned; or
 * ERR_PTR(-EINVAL) for a table that does not, ERR_PTR(-ENOMEM).
 */
static struct vdsp_smmu_map *vdsp_smmu_segments(struct vdsp_domain *dom,
						struct sg_table *sgt,
						size_t size)
{
	struct vdsp_smmu_map *map;
	struct scatterlist *sg;
	unsigned int i, n = 0;
	u64 off = 0;

	for_each_sgtable_dma_sg(sgt, sg, i) {
		if (off >= size)
			break;
		if (!PAGE_ALIGNED(sg_dma_address(sg)) ||
		    !PAGE_ALIGNED(sg_dma_len(sg)) || !sg_dma_len(sg)) {
			dev_err(dom->dev, "cb_map: DMA segment %u not page-aligned\n",
				i);
			return ERR_PTR(-EINVAL);
		}
		off += sg_dma_len(sg);
		n++;
	}
	if (off < size) {
		dev_err(dom->dev, "cb_map: sg table has %llu bytes, %zu asked\n",
			off, size);
		return ERR_PTR(-EINVAL);
	}
	map = kvzalloc(struct_size(map, segs, n), GFP_KERNEL);
	if (!map)
		return ERR_PTR(-ENOMEM);
	map->nsegs = n;
	off = 0;
	for_each_sgtable_dma_sg(sgt, sg, i) {
		if (i == n)
			break;
		map->segs[i].off = off;
		map->segs[i].addr = sg_dma_address(sg);
		map->segs[i].len = min_t(u64, sg_dma_len(sg), size - off);
		off += map->segs[i].len;
	}
	return map;
}

int vdsp_smmu_map(struct vdsp_domain *dom, u32 sid, struct sg_table *sgt,
		  size_t size, u64 *iova)
{
	struct vdsp_cb *cb = vdsp_smmu_cb(dom, sid);
	struct vdsp_smmu_map *map;
	unsigned long start;
	int ret;

	if (!cb || !sgt || !size || !PAGE_ALIGNED(size))
		return -EINVAL;
	map = vdsp_smmu_segments(dom, sgt, size);
	if (IS_ERR(map))
		return PTR_ERR(map);

	kref_init(&map->ref);
	init_completion(&map->idle);
	map->size = size;
	/* one guard page after each mapping */
	mutex_lock(&cb->lock);
	ret = mtree_alloc_range(&cb->iovas, &start, map, size + PAGE_SIZE,
				VDSP_IOVA_MIN, VDSP_IOVA_MAX, GFP_KERNEL);
	if (!ret)
		WRITE_ONCE(map->iova, start);
	mutex_unlock(&cb->lock);
	if (ret) {
		kvfree(map);	/* never published */
		return ret == -EBUSY ? -ENOSPC : ret;
	}
	*iova = start;
	vdsp_stat_add(dom, VDSP_ST_SMMU_MAPS, 1);
	vdsp_stat_add(dom, VDSP_ST_SMMU_MAPPED_BYTES, size);
	return 0;
}

/* Erase the map at exactly [@iova, +@size) and return it, or NULL */
static struct vdsp_smmu_map *vdsp_smmu_take(struct vdsp_cb *cb, u64 iova,
					    size_t size)
{
	struct vdsp_smmu_map *map;

	/*
	 * Under @cb->lock: of two concurrent unmaps of one range only one
	 * finds the map, and the erase cannot hit a map made in between.
	 */
	mutex_lock(&cb->lock);
	map = mtree_load(&cb->iovas, iova);
	if (map && map->iova == iova && map->size == size)
		mtree_erase(&cb->iovas, iova);
	else
		map = NULL;
	mutex_unlock(&cb->lock);
	return map;
}

void vdsp_smmu_unmap(struct vdsp_domain *dom, u32 sid, u64 iova, size_t size)
{
	struct vdsp_cb *cb = vdsp_smmu_cb(dom, sid);
	struct vdsp_smmu_map *map = NULL;

	if (cb && iova <= ULONG_MAX)
		map = vdsp_smmu_take(cb, iova, size);
	if (!map)
		goto bad;
	vdsp_stat_add(dom, VDSP_ST_SMMU_MAPS, -1);
	vdsp_stat_add(dom, VDSP_ST_SMMU_MAPPED_BYTES, -(s64)size);
	vdsp_smmu_map_retire(map);
	return;
bad:
	vdsp_stat_add(dom, VDSP_ST_FAULTS, 1);
	dev_err_ratelimited(dom->dev, "cb_unmap of sid %u iova %#llx size %#zx: no such mapping\n",
			    sid, iova, size);
}

/*
 * A bank in bypass has no IOVA space: the DSP uses DMA addresses as they
 * are. It still reaches only what the driver mapped on the bank now: each
 * DMA segment the driver reports (vdsp_bypass_watch()) is entered in the
 * bank's tree at its own DMA address, as a one-segment map, so the walk
 * is the one of an SMMU whose IOVAs equal the DMA addresses.
 */
static int vdsp_bypass_enter(struct vdsp_cb *cb, dma_addr_t addr, u64 len)
{
	struct vdsp_smmu_map *map;
	int ret;

	if (!PAGE_ALIGNED(addr) || !PAGE_ALIGNED(len) || !len ||
	    addr + len - 1 > VDSP_IOVA_MAX)
		return -EINVAL;
	map = kvzalloc(struct_size(map, segs, 1), GFP_KERNEL);
	if (!map)
		return -ENOMEM;
	kref_init(&map->ref);
	init_completion(&map->idle);
	map->iova = addr;
	map->size = len;
	map->nsegs = 1;
	map->segs[0].addr = addr;
	map->segs[0].len = len;
	mutex_lock(&cb->lock);
	ret = mtree_insert_range(&cb->iovas, addr, addr + len - 1, map,
				 GFP_KERNEL);
	mutex_unlock(&cb->lock);
	if (ret)
		kvfree(map);	/* never published */
	return ret;
}

static void vdsp_bypass_leave(struct vdsp_domain *dom, struct vdsp_cb *cb,
			      dma_addr_t addr, u64 len)
{
	struct vdsp_smmu_map *map = vdsp_smmu_take(cb, addr, len);

	if (!map) {
		vdsp_stat_add(dom, VDSP_ST_FAULTS, 1);
		dev_err_ratelimited(dom->dev, "unwatch of sid %u %pad+%#llx: not watched\n",
				    cb->sid, &addr, len);
		return;
	}
	vdsp_smmu_map_retire(map);
}

/* Undo the entries of the first @n DMA segments of @sgt */
static void vdsp_bypass_leave_n(struct vdsp_domain *dom, struct vdsp_cb *cb,
				struct sg_table *sgt, unsigned int n)
{
	struct scatterlist *sg;
	unsigned int i;

	for_each_sgtable_dma_sg(sgt, sg, i) {
		if (i == n)
			break;
		vdsp_bypass_leave(dom, cb, sg_dma_address(sg), sg_dma_len(sg));
	}
}

int vdsp_bypass_watch(struct vdsp_domain *dom, u32 sid,
		      struct sg_table *dma_sgt)
{
	struct vdsp_cb *cb = vdsp_smmu_cb(dom, sid);
	struct scatterlist *sg;
	unsigned int i;
	int ret;

	if (!cb)
		return -EINVAL;
	for_each_sgtable_dma_sg(dma_sgt, sg, i) {
		ret = vdsp_bypass_enter(cb, sg_dma_address(sg), sg_dma_len(sg));
		if (ret) {
			dev_err(dom->dev, "watch of sid %u segment %u: %d\n",
				sid, i, ret);
			vdsp_bypass_leave_n(dom, cb, dma_sgt, i);
			return ret;
		}
	}
	return 0;
}

void vdsp_bypass_unwatch(struct vdsp_domain *dom, u32 sid,
			 struct sg_table *dma_sgt)
{
	struct vdsp_cb *cb = vdsp_smmu_cb(dom, sid);

	if (cb)
		vdsp_bypass_leave_n(dom, cb, dma_sgt, dma_sgt->nents);
}

static void vdsp_smmu_fault(struct vdsp_domain *dom, u64 addr, u64 len,
			    const char *what, const char *why)
{
	vdsp_stat_add(dom, VDSP_ST_FAULTS, 1);
	dev_err_ratelimited(dom->dev, "translation fault: sid %llu iova %#llx len %#llx (%s): %s\n",
			    addr >> 32, addr & 0xffffffffULL, len, what, why);
}

/* The segment of @map holding byte @off (there is one: @off < size) */
static unsigned int vdsp_smmu_seg_at(const struct vdsp_smmu_map *map, u64 off)
{
	unsigned int lo = 0, hi = map->nsegs - 1;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo + 1) / 2;

		if (map->segs[mid].off <= off)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/*
 * Whether work of DSP epoch @epoch may still touch memory. A crash (or the
 * module going away) starts a new epoch: from that instant nothing that
 * ran before it reads or writes another byte, as on a DSP that stopped.
 * Unlocked: a crash that races with the check is as one just after it,
 * and the next page's check sees it.
 */
static bool vdsp_smmu_live(struct vdsp_domain *dom, u32 epoch)
{
	return READ_ONCE(dom->epoch) == epoch && !READ_ONCE(dom->down);
}

/*
 * Call @fn on [@off, @off + @len) of @map, page by page, through the DMA
 * addresses: the bank's device has no IOMMU of its own, so a DMA address
 * is a physical one. Stops with -ECANCELED when epoch @epoch ends.
 */
static int vdsp_smmu_copy_segs(struct vdsp_domain *dom, u32 epoch,
			       struct vdsp_cb *cb,
			       const struct vdsp_smmu_map *map, u64 off,
			       u64 len, vdsp_walk_fn fn, void *priv)
{
	unsigned int i = vdsp_smmu_seg_at(map, off);
	int ret = 0;

	while (len && i < map->nsegs) {
		const struct vdsp_smmu_seg *seg = &map->segs[i];
		u64 in_seg = off - seg->off;
		phys_addr_t pa = dma_to_phys(vdsp_cb_dev(cb), seg->addr + in_seg);
		size_t n = min_t(u64, len, PAGE_SIZE - offset_in_page(pa));
		void *va;

		n = min_t(u64, n, seg->len - in_seg);
		if (!vdsp_smmu_live(dom, epoch))
			return -ECANCELED;
		va = kmap_local_page(pfn_to_page(PHYS_PFN(pa)));
		ret = fn(va + offset_in_page(pa), n, priv);
		kunmap_local(va);
		if (ret)
			break;
		off += n;
		len -= n;
		if (off == seg->off + seg->len)
			i++;
		if (!offset_in_page(off))
			cond_resched();
	}
	return ret;
}

/*
 * Resolve [@addr, @addr + @len) (SID << 32 | IOVA) and call @fn on each
 * piece, page by page, for work of DSP epoch @epoch. @want_sid 0 accepts
 * any CB of the domain. @fn NULL only checks the translation. Returns 0,
 * -EFAULT on a translation fault (counted and logged), -ECANCELED once
 * @epoch ended (the DSP crashed or went away), or what @fn returned.
 */
int vdsp_smmu_walk(struct vdsp_domain *dom, u32 epoch, u32 want_sid,
		   u64 addr, u64 len, vdsp_walk_fn fn, void *priv,
		   const char *what)
{
	u32 sid = addr >> 32;
	u64 iova = addr & 0xffffffffULL;
	struct vdsp_smmu_map *map;
	struct vdsp_cb *cb;
	u64 base, off;
	int ret = 0;

	if (!vdsp_smmu_live(dom, epoch))
		return -ECANCELED;
	if (!len)
		return 0;
	cb = vdsp_smmu_cb(dom, sid);
	if (!cb) {
		vdsp_smmu_fault(dom, addr, len, what, "no such stream id");
		return -EFAULT;
	}
	if (want_sid && sid != want_sid) {
		vdsp_smmu_fault(dom, addr, len, what, "stream id of another process");
		return -EFAULT;
	}
	/*
	 * Lockless translation, as a hardware walker does: the tree is in
	 * RCU mode (its nodes outlive any reader inside rcu_read_lock()) and
	 * a map is freed only after a grace period (kvfree_rcu()), so a
	 * reference taken here is on a live map or fails. While it is held
	 * an unmap of the map waits (vdsp_smmu_map_retire()).
	 */
	rcu_read_lock();
	map = mtree_load(&cb->iovas, iova);
	if (map && !kref_get_unless_zero(&map->ref))
		map = NULL;
	rcu_read_unlock();
	if (!map) {
		vdsp_smmu_fault(dom, addr, len, what, "unmapped");
		return -EFAULT;
	}
	/* map->iova is 0 until vdsp_smmu_map() has set it: then this faults */
	base = READ_ONCE(map->iova);
	off = iova - base;
	if (iova < base || off >= map->size || len > map->size - off) {
		vdsp_smmu_fault(dom, addr, len, what, "beyond the end of a mapping");
		ret = -EFAULT;
		goto out;
	}

	if (fn)
		ret = vdsp_smmu_copy_segs(dom, epoch, cb, map, off, len, fn,
					  priv);
out:
	kref_put(&map->ref, vdsp_smmu_map_idle);
	return ret;
}

/**
 * vdsp_smmu_copy - a vdsp_walk_fn that copies between a buffer and the
 *	memory walked
 * @ptr: The piece of memory reached.
 * @len: Its length.
 * @priv: A struct vdsp_copy, whose buffer moves on by @len.
 *
 * Return: 0.
 */
int vdsp_smmu_copy(void *ptr, size_t len, void *priv)
{
	struct vdsp_copy *c = priv;

	if (c->write)
		memcpy(ptr, c->buf, len);
	else
		memcpy(c->buf, ptr, len);
	c->buf += len;
	return 0;
}

int vdsp_smmu_read(struct vdsp_domain *dom, u32 epoch, u32 want_sid,
		   u64 addr, void *dst, size_t len, const char *what)
{
	struct vdsp_copy c = { .buf = dst, .write = false };

	return vdsp_smmu_walk(dom, epoch, want_sid, addr, len, vdsp_smmu_copy,
			      &c, what);
}

int vdsp_smmu_write(struct vdsp_domain *dom, u32 epoch, u32 want_sid,
		    u64 addr, const void *src, size_t len, const char *what)
{
	struct vdsp_copy c = { .buf = (u8 *)src, .write = true };

	return vdsp_smmu_walk(dom, epoch, want_sid, addr, len, vdsp_smmu_copy,
			      &c, what);
}

void vdsp_smmu_init(struct vdsp_domain *dom)
{
	unsigned int i;

	/*
	 * MT_FLAGS_USE_RCU: vdsp_smmu_walk() reads the tree without its
	 * lock while the core maps and unmaps. Outside RCU mode the tree
	 * rewrites and frees nodes under such readers (a use-after-free).
	 */
	for (i = 0; i < dom->num_cbs; i++) {
		mutex_init(&dom->cbs[i].lock);
		mt_init_flags(&dom->cbs[i].iovas,
			      MT_FLAGS_ALLOC_RANGE | MT_FLAGS_USE_RCU);
	}
}

/*
 * Free what the core left mapped. Unlocked walk: the core calls no
 * operation after unregister and the workers have been drained.
 */
void vdsp_smmu_fini(struct vdsp_domain *dom)
{
	unsigned long left = 0;
	unsigned int i;

	for (i = 0; i < dom->num_cbs; i++) {
		struct vdsp_cb *cb = &dom->cbs[i];
		struct vdsp_smmu_map *map;
		unsigned long index = 0;

		mt_for_each(&cb->iovas, map, index, ULONG_MAX) {
			vdsp_stat_add(dom, VDSP_ST_SMMU_MAPS, -1);
			vdsp_stat_add(dom, VDSP_ST_SMMU_MAPPED_BYTES,
				      -(s64)map->size);
			vdsp_smmu_map_retire(map);
			left++;
		}
		mtree_destroy(&cb->iovas);
		mutex_destroy(&cb->lock);
	}
	if (left)
		dev_info(dom->dev, "%lu context bank mappings left at teardown\n",
			 left);
}
