// SPDX-License-Identifier: GPL-2.0-only
/*
 * A call's memory as the code it runs reaches it: its buffer arguments
 * and the payload's fdlist, each access through the context bank's
 * translations (qda_vdsp_smmu.c), in the SID the call's process uses.
 */
#include <linux/minmax.h>
#include <linux/string.h>

#include "qda_vdsp_call.h"
#include "qda_vdsp_smmu.h"

/*
 * Walk @len bytes from offset @off of buffer argument @i: the data starts
 * at pages[pgidx].addr + (pv & 0xfff) and runs on through the argument's
 * page entries, which are contiguous in the DSP's virtual address space.
 */
int vdsp_arg_walk(struct vdsp_call *call, unsigned int i, u64 off, u64 len,
		  vdsp_walk_fn fn, void *priv)
{
	u64 blen = vdsp_arg_len(call, i);
	u32 pgidx, num, j;
	u64 skip;
	int ret;

	if (i >= qda_sc_nbufs(call->sc) || off > blen || len > blen - off)
		return -EINVAL;
	if (!len)
		return 0;
	pgidx = le32_to_cpu(call->list[i].pgidx);
	num = le32_to_cpu(call->list[i].num);
	skip = (le64_to_cpu(call->rpra[i].buf.pv) & (QDA_FASTRPC_PAGE_SIZE - 1)) +
	       off;
	for (j = 0; j < num && len; j++) {
		const struct qda_fastrpc_phy_page *pg = &call->pages[pgidx + j];
		u64 psize = le64_to_cpu(pg->size);
		u64 n;

		if (skip >= psize) {
			skip -= psize;
			continue;
		}
		n = min(len, psize - skip);
		ret = vdsp_smmu_walk(call->dom, call->epoch, call->arg_sid,
				     le64_to_cpu(pg->addr) + skip, n, fn, priv,
				     "argument");
		if (ret)
			return ret;
		len -= n;
		skip = 0;
	}
	return len ? -EINVAL : 0;
}

int vdsp_arg_read(struct vdsp_call *call, unsigned int i, u64 off,
		  void *dst, size_t len)
{
	struct vdsp_copy c = { .buf = dst };

	return vdsp_arg_walk(call, i, off, len, vdsp_smmu_copy, &c);
}

int vdsp_arg_write(struct vdsp_call *call, unsigned int i, u64 off,
		   const void *src, size_t len)
{
	struct vdsp_copy c = { .buf = (u8 *)src, .write = true };

	if (i < QDA_SC_INBUFS(call->sc))
		return -EINVAL;
	return vdsp_arg_walk(call, i, off, len, vdsp_smmu_copy, &c);
}

/**
 * vdsp_fdlist_add - tell the driver the DSP let go of a dma handle
 * @call: The call whose response carries the news.
 * @fd: The handle's fd, as the call that passed it gave it.
 *
 * The fdlist follows the page entries in the payload's metadata; the
 * driver zeroed it, and it ends at the first 0.
 *
 * Return: 0, -ENOSPC when the list is full, or a translation error.
 */
int vdsp_fdlist_add(struct vdsp_call *call, u32 fd)
{
	u64 at = call->addr + call->nargs *
			(sizeof(union qda_fastrpc_remote_arg) +
			 sizeof(struct qda_fastrpc_invoke_buf)) +
		 call->npages * sizeof(struct qda_fastrpc_phy_page);
	__le64 entry;
	unsigned int i;
	int ret;

	for (i = 0; i < QDA_FASTRPC_MAX_FDLIST; i++, at += sizeof(entry)) {
		ret = vdsp_smmu_read(call->dom, call->epoch, call->arg_sid, at,
				     &entry, sizeof(entry), "fdlist");
		if (ret)
			return ret;
		if (entry)
			continue;
		entry = cpu_to_le64(fd);
		return vdsp_smmu_write(call->dom, call->epoch, call->arg_sid,
				       at, &entry, sizeof(entry), "fdlist");
	}
	return -ENOSPC;
}
