// SPDX-License-Identifier: GPL-2.0-only
/*
 * The payload layer: the shared memory of one call's FastRPC metadata,
 * laid out from the call's arguments before it is sent and read back when
 * it is answered, and the dma handles the DSP may keep past a call. It
 * knows calls only as a struct qda_layout, so that it sits below the call
 * layer (qda_call.c), above memory (qda_gem.c, qda_mm.c).
 */
#include <linux/dma-mapping.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <drm/drm_gem.h>

#include "qda_device.h"
#include "qda_fastrpc_wire.h"
#include "qda_gem.h"
#include "qda_payload.h"
#include "qda_session.h"

#define QDA_FASTRPC_PAGE_MASK	(~(QDA_FASTRPC_PAGE_SIZE - 1))

/**
 * struct qda_dsp_held - a dma handle the DSP may have kept
 * @node: Entry in qda_session.held.
 * @map: The BO's mapping on the session's bank (reference held).
 * @handle: The fd the DSP was given, which its fdlist names.
 */
struct qda_dsp_held {
	struct list_head node;
	struct qda_bo_map *map;
	u32 handle;
};

/*
 * DSP code may keep a dma handle beyond the call that passed it (FastRPC's
 * rule); until it says it let go (fdlist), the buffer stays mapped on the
 * bank even if the app closes its handle. One entry per mapping: passing
 * it again while held changes nothing.
 */
static int qda_hold_handles(struct qda_layout *lay)
{
	struct qda_session *session = lay->session;
	unsigned int i;

	for (i = qda_sc_nbufs(lay->sc); i < lay->nargs; i++) {
		struct qda_call_arg *a = &lay->args[i];
		struct qda_dsp_held *h, *new;
		bool found = false;

		if (!a->map)
			continue;
		new = kzalloc(sizeof(*new), GFP_KERNEL);
		if (!new)
			return -ENOMEM;
		spin_lock(&session->held_lock);
		list_for_each_entry(h, &session->held, node) {
			if (h->map == a->map) {
				found = true;
				break;
			}
		}
		if (!found) {
			kref_get(&a->map->ref);
			new->map = a->map;
			new->handle = a->handle;
			list_add_tail(&new->node, &session->held);
			new = NULL;
		}
		spin_unlock(&session->held_lock);
		kfree(new);
	}
	return 0;
}

/**
 * qda_payload_held_free() - let go of held dma handles
 * @list: Entries (struct qda_dsp_held) taken off qda_session.held.
 */
void qda_payload_held_free(struct list_head *list)
{
	struct qda_dsp_held *h, *tmp;

	list_for_each_entry_safe(h, tmp, list, node) {
		list_del(&h->node);
		qda_bo_map_put(h->map);
		kfree(h);
	}
}

/*
 * The fdlist of an answered call: handles the DSP let go of, up to the
 * first 0. The DSP wrote it, so an entry that names nothing held is
 * ignored; an entry releases every mapping held under that handle value
 * (a value may have been reused for another BO since).
 */
static void qda_release_fdlist(struct qda_layout *lay)
{
	struct qda_session *session = lay->session;
	unsigned int n = lay->nargs, i;
	const __le64 *fdlist = lay->payload->bo->vaddr +
		n * (sizeof(union qda_fastrpc_remote_arg) +
		     sizeof(struct qda_fastrpc_invoke_buf)) +
		lay->npages * sizeof(struct qda_fastrpc_phy_page);
	struct qda_dsp_held *h, *tmp;
	LIST_HEAD(gone);

	spin_lock(&session->held_lock);
	for (i = 0; i < QDA_FASTRPC_MAX_FDLIST; i++) {
		u64 fd = le64_to_cpu(READ_ONCE(fdlist[i]));

		if (!fd)
			break;
		list_for_each_entry_safe(h, tmp, &session->held, node)
			if (h->handle == fd)
				list_move(&h->node, &gone);
	}
	spin_unlock(&session->held_lock);
	qda_payload_held_free(&gone);
}

/**
 * qda_payload_phy_page() - the page entry covering [@addr, @addr + @len)
 * @addr: Device address.
 * @len: Bytes.
 *
 * Return: The entry, its start and size in whole DSP pages.
 */
struct qda_fastrpc_phy_page qda_payload_phy_page(u64 addr, u64 len)
{
	struct qda_fastrpc_phy_page page;
	u64 start = addr & QDA_FASTRPC_PAGE_MASK;

	page.addr = cpu_to_le64(start);
	page.size = cpu_to_le64(round_up(addr + len, QDA_FASTRPC_PAGE_SIZE) -
				start);
	return page;
}

/* Make the CPU's writes visible to a DSP behind a non-coherent bank */
static void qda_sync_for_dsp(struct qda_session *session,
			     struct qda_bo_map *map)
{
	if (map->sync)
		dma_sync_sgtable_for_device(session->cb->dev, map->dma_sgt,
					    DMA_BIDIRECTIONAL);
}

static void qda_sync_for_cpu(struct qda_session *session,
			     struct qda_bo_map *map)
{
	if (map->sync)
		dma_sync_sgtable_for_cpu(session->cb->dev, map->dma_sgt,
					 DMA_BIDIRECTIONAL);
}

/*
 * Page entries for @len bytes at @off of a BO mapping, written to @pages
 * unless NULL; returns how many. A BO in one range needs one; an import
 * made of several DMA segments needs one per segment it touches, each
 * starting at its segment's first byte, as the DSP continues a buffer at
 * the start of its next page entry.
 */
static unsigned int qda_slice_pages(const struct qda_bo_map *map, u64 off,
				    u64 len, struct qda_fastrpc_phy_page *pages,
				    u64 *first)
{
	unsigned int i, n = 0;

	if (!map->segs) {
		if (pages)
			pages[0] = qda_payload_phy_page(map->dev_addr + off, len);
		*first = map->dev_addr + off;
		return 1;
	}
	for (i = 0; i < map->nsegs && len; i++) {
		const struct qda_seg *seg = &map->segs[i];
		u64 piece;

		if (off >= seg->len) {
			off -= seg->len;
			continue;
		}
		piece = min(len, seg->len - off);
		if (!n)
			*first = seg->addr + off;
		if (pages)
			pages[n] = qda_payload_phy_page(seg->addr + off, piece);
		n++;
		len -= piece;
		off = 0;
	}
	return n;
}

/* Page entries argument @i needs */
static unsigned int qda_arg_pages(struct qda_layout *lay, unsigned int i)
{
	struct qda_call_arg *a = &lay->args[i];
	u64 first;

	if (i >= qda_sc_nbufs(lay->sc))
		return a->map ? qda_slice_pages(a->map, 0, a->map->bo->base.size,
						NULL, &first) : 0;
	if (!a->length)
		return 0;
	if (a->kbuf)
		return 1;
	return qda_slice_pages(a->map, a->offset, a->length, NULL, &first);
}

/* Handle argument @i: page entries for its whole BO at @pages */
static int qda_payload_handle_arg(struct qda_layout *lay, unsigned int i,
				  union qda_fastrpc_remote_arg *ra,
				  struct qda_fastrpc_phy_page *pages)
{
	struct qda_call_arg *a = &lay->args[i];
	unsigned int num = 0;
	u64 addr;

	ra->dma.fd = cpu_to_le32(a->handle);
	ra->dma.offset = cpu_to_le32(a->offset);
	ra->dma.len = cpu_to_le32(a->length);
	if (a->map) {
		num = qda_slice_pages(a->map, 0, a->map->bo->base.size, pages,
				      &addr);
		qda_sync_for_dsp(lay->session, a->map);
	}
	return num;
}

/*
 * Buffer argument @i: its page entries at @pages. Kernel memory is
 * carried in the payload at *@off (copied for inputs, cleared for
 * outputs), which moves past it. Return: the entries used, or -E2BIG.
 */
static int qda_payload_buf_arg(struct qda_layout *lay, unsigned int i,
			       union qda_fastrpc_remote_arg *ra,
			       struct qda_fastrpc_phy_page *pages, size_t *off)
{
	struct qda_payload *pl = lay->payload;
	struct qda_call_arg *a = &lay->args[i];
	unsigned int num;
	u64 addr;

	ra->buf.len = cpu_to_le64(a->length);
	if (!a->length)
		return 0;
	if (a->kbuf) {
		*off = ALIGN(*off, QDA_FASTRPC_ALIGN);
		if (a->length > QDA_PAYLOAD_SIZE - *off)
			return -E2BIG;
		a->inline_off = *off;
		if (i < QDA_SC_INBUFS(lay->sc))
			memcpy(pl->bo->vaddr + *off, a->kbuf, a->length);
		else
			memset(pl->bo->vaddr + *off, 0, a->length);
		addr = pl->map->dev_addr + *off;
		pages[0] = qda_payload_phy_page(addr, a->length);
		num = 1;
		*off += a->length;
	} else {
		num = qda_slice_pages(a->map, a->offset, a->length, pages,
				      &addr);
		qda_sync_for_dsp(lay->session, a->map);
	}
	ra->buf.pv = cpu_to_le64(addr);
	return num;
}

/**
 * qda_payload_build - lay out a call's metadata in its payload
 * @lay: The call; @lay->npages is set.
 * @size: Out: payload bytes to announce, page-rounded.
 *
 * Each buffer argument gets the page entries that cover it (one, unless
 * it is an import in several pieces); the DSP finds its first byte at its
 * first page entry's address plus the low 12 bits of pv, so pv carries the
 * device address of that byte. Handles get entries for their whole BO.
 * Kernel arguments are copied after the metadata, each 128-byte aligned.
 *
 * Return: 0 with *@size the bytes used; -E2BIG when the metadata and
 * kernel arguments do not fit the payload, or another negative errno.
 */
int qda_payload_build(struct qda_layout *lay, u64 *size)
{
	struct qda_payload *pl = lay->payload;
	u32 sc = lay->sc;
	unsigned int n = qda_sc_length(sc);
	unsigned int nbufs = qda_sc_nbufs(sc);
	union qda_fastrpc_remote_arg *rpra = pl->bo->vaddr;
	struct qda_fastrpc_invoke_buf *list;
	struct qda_fastrpc_phy_page *pages;
	unsigned int i, np = 0, npages = 0;
	size_t meta, off;

	if (n != lay->nargs)
		return -EINVAL;
	for (i = 0; i < n; i++)
		npages += qda_arg_pages(lay, i);
	meta = qda_fastrpc_meta_size(n, npages);
	if (meta > QDA_PAYLOAD_SIZE)
		return -E2BIG;

	list = (void *)(rpra + n);
	pages = (void *)(list + n);
	memset(rpra, 0, meta);
	off = ALIGN(meta, QDA_FASTRPC_ALIGN);

	for (i = 0; i < n; i++) {
		int num;

		list[i].pgidx = cpu_to_le32(np);
		if (i >= nbufs)
			num = qda_payload_handle_arg(lay, i, &rpra[i], &pages[np]);
		else
			num = qda_payload_buf_arg(lay, i, &rpra[i], &pages[np],
						  &off);
		if (num < 0)
			return num;
		list[i].num = cpu_to_le32(num);
		np += num;
	}

	qda_sync_for_dsp(lay->session, pl->map);
	lay->npages = np;
	*size = round_up(off, QDA_FASTRPC_PAGE_SIZE);
	/* Last: nothing after it fails, so a hold is never taken in vain */
	return qda_hold_handles(lay);
}
EXPORT_SYMBOL_IF_KUNIT(qda_payload_build);

/**
 * qda_payload_finish - read back what the DSP produced
 * @lay: The answered call, as built.
 *
 * The DSP writes each output buffer's length into the shared metadata; a
 * length beyond the buffer it was given is a protocol violation and fails
 * the call rather than being trusted. The handles it let go of (fdlist)
 * are released whatever else the response says.
 *
 * Return: 0, or -EPROTO when the DSP broke the protocol.
 */
int qda_payload_finish(struct qda_layout *lay)
{
	struct qda_device *qdev = lay->session->qdev;
	struct qda_payload *pl = lay->payload;
	union qda_fastrpc_remote_arg *rpra = pl->bo->vaddr;
	unsigned int nin = QDA_SC_INBUFS(lay->sc);
	unsigned int nbufs = qda_sc_nbufs(lay->sc);
	unsigned int i;

	qda_sync_for_cpu(lay->session, pl->map);
	qda_release_fdlist(lay);
	for (i = nin; i < nbufs; i++) {
		struct qda_call_arg *a = &lay->args[i];
		u64 len = le64_to_cpu(READ_ONCE(rpra[i].buf.len));

		if (len > a->length) {
			atomic64_inc(&qdev->stats.bad_outlen);
			qda_err(qdev, "DSP wrote back %llu bytes for a %llu-byte output\n",
				len, a->length);
			return -EPROTO;
		}
		if (a->kbuf)
			memcpy(a->kbuf, pl->bo->vaddr + a->inline_off, len);
		else if (a->map)
			qda_sync_for_cpu(lay->session, a->map);
		a->length = len;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(qda_payload_finish);

static void qda_payload_free(struct qda_payload *pl)
{
	qda_bo_map_put(pl->map);
	kfree(pl);
}

/**
 * qda_payload_get() - a payload for one call of @session
 * @session: The calling session.
 *
 * Pooled per session: the hot path reuses payloads instead of allocating.
 *
 * Return: The payload, mapped in the kernel and on the session's context
 * bank, or an ERR_PTR().
 */
struct qda_payload *qda_payload_get(struct qda_session *session)
{
	struct qda_payload *pl;
	struct qda_bo *bo;
	int ret;

	spin_lock(&session->pool_lock);
	pl = list_first_entry_or_null(&session->payload_pool,
				      struct qda_payload, node);
	if (pl) {
		list_del(&pl->node);
		session->pool_count--;
	}
	spin_unlock(&session->pool_lock);
	if (pl)
		return pl;

	pl = kzalloc(sizeof(*pl), GFP_KERNEL);
	if (!pl)
		return ERR_PTR(-ENOMEM);
	bo = qda_bo_create(session, QDA_PAYLOAD_SIZE);
	if (IS_ERR(bo)) {
		ret = PTR_ERR(bo);
		goto err_free;
	}
	ret = qda_bo_vmap_kernel(bo);
	if (ret)
		goto err_put_bo;
	pl->map = qda_bo_map_get(bo, session);
	if (IS_ERR(pl->map)) {
		ret = PTR_ERR(pl->map);
		goto err_put_bo;
	}
	/* The mapping holds the BO */
	drm_gem_object_put(&bo->base);
	pl->bo = bo;
	return pl;

err_put_bo:
	drm_gem_object_put(&bo->base);
err_free:
	kfree(pl);
	return ERR_PTR(ret);
}

/**
 * qda_payload_put() - a call is done with its payload
 * @session: The session it was taken from.
 * @pl: The payload: pooled for the next call, or freed once the file is
 *	closed or the pool is full.
 */
void qda_payload_put(struct qda_session *session, struct qda_payload *pl)
{
	bool keep;

	spin_lock(&session->pool_lock);
	keep = !session->closed && session->pool_count < QDA_PAYLOAD_POOL_MAX;
	if (keep) {
		list_add(&pl->node, &session->payload_pool);
		session->pool_count++;
	}
	spin_unlock(&session->pool_lock);
	if (!keep)
		qda_payload_free(pl);
}

/**
 * qda_payload_pool_close() - the file is gone: free the pooled payloads
 * @session: The closing session; payloads put later are freed, not pooled.
 */
void qda_payload_pool_close(struct qda_session *session)
{
	struct qda_payload *pl, *tmp;
	LIST_HEAD(pool);

	spin_lock(&session->pool_lock);
	session->closed = true;
	list_splice_init(&session->payload_pool, &pool);
	session->pool_count = 0;
	spin_unlock(&session->pool_lock);
	list_for_each_entry_safe(pl, tmp, &pool, node)
		qda_payload_free(pl);
}

/**
 * qda_call_args_put - drop the BO mapping references of call arguments
 * @args: The arguments.
 * @nargs: Entries in @args.
 *
 * For arguments that never became a call, or that a call does not keep.
 */
void qda_call_args_put(struct qda_call_arg *args, unsigned int nargs)
{
	unsigned int i;

	for (i = 0; i < nargs; i++)
		if (args[i].map)
			qda_bo_map_put(args[i].map);
}
