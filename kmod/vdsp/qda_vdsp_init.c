// SPDX-License-Identifier: GPL-2.0-only
/*
 * The INIT handle (1): the DSP's process manager. Kernel messages only.
 * Keeps one record per DSP process (client id -> SID, PD, name, module
 * handles, DSP virtual address space) and the mappings made with MMAP and
 * MEM_MAP into that address space.
 */
#include <linux/slab.h>
#include <linux/string.h>

#include "qda_vdsp_modules.h"

#define VDSP_VA_MIN		0x10000000UL
#define VDSP_VA_MAX		0xefffffffUL
#define VDSP_MAX_DSP_MAPS	1024
#define VDSP_MAX_INIT_PAGES	16

struct vdsp_dsp_map {
	u64 vaddr;
	u64 size;
	u64 phys;		/* SID << 32 | IOVA */
	s32 fd;
	u32 offset;
	bool mem_map;
};

static void vdsp_proc_free(struct kref *ref)
{
	struct vdsp_process *proc = container_of(ref, struct vdsp_process, ref);
	struct vdsp_domain *dom = proc->dom;
	struct vdsp_dsp_map *map;
	unsigned long index = 0;
	void *mod;

	/* last reference: nobody else reaches @handles or @vas now */
	xa_for_each(&proc->handles, index, mod)
		vdsp_stat_add(dom, VDSP_ST_MODULE_HANDLES, -1);
	xa_destroy(&proc->handles);
	index = 0;
	mt_for_each(&proc->vas, map, index, ULONG_MAX) {
		vdsp_stat_add(dom, VDSP_ST_DSP_MAPS, -1);
		vdsp_stat_add(dom, VDSP_ST_DSP_MAPPED_BYTES, -(s64)map->size);
		kfree(map);
	}
	mtree_destroy(&proc->vas);
	mutex_destroy(&proc->lock);
	vdsp_stat_add(dom, VDSP_ST_PROCESSES, -1);
	kfree(proc);
}

void vdsp_proc_put(struct vdsp_process *proc)
{
	kref_put(&proc->ref, vdsp_proc_free);
}

struct vdsp_process *vdsp_proc_get(struct vdsp_domain *dom, u32 client_id)
{
	struct vdsp_process *proc;

	xa_lock(&dom->procs);
	proc = xa_load(&dom->procs, client_id);
	if (proc)
		kref_get(&proc->ref);
	xa_unlock(&dom->procs);
	return proc;
}

/* A live (not killed) process of a client id named inside an INIT message */
static struct vdsp_process *vdsp_proc_get_live(struct vdsp_domain *dom,
					       u32 client_id)
{
	struct vdsp_process *proc = vdsp_proc_get(dom, client_id);

	if (proc && READ_ONCE(proc->killed)) {
		vdsp_proc_put(proc);
		return NULL;
	}
	return proc;
}

void vdsp_proc_drop_all(struct vdsp_domain *dom)
{
	struct vdsp_process *proc;
	unsigned long id;

	/*
	 * xa_for_each() is RCU-safe without the lock; xa_erase() decides
	 * which of two concurrent droppers puts the table's reference.
	 */
	xa_for_each(&dom->procs, id, proc) {
		if (xa_erase(&dom->procs, id) == proc)
			vdsp_proc_put(proc);
	}
}

int vdsp_proc_kill(struct vdsp_domain *dom, u32 client_id)
{
	struct vdsp_process *proc = vdsp_proc_get(dom, client_id);

	if (!proc)
		return -ENOENT;
	WRITE_ONCE(proc->killed, true);
	dev_info(dom->dev, "DSP process of client %u killed\n", client_id);
	vdsp_proc_put(proc);
	return 0;
}

static struct vdsp_process *vdsp_proc_alloc(struct vdsp_call *call,
					    u32 client_id, u32 sid)
{
	struct vdsp_process *proc = kzalloc(sizeof(*proc), GFP_KERNEL);

	if (!proc)
		return NULL;
	kref_init(&proc->ref);
	proc->dom = call->dom;
	proc->client_id = client_id;
	proc->sid = sid;
	proc->pd = call->ctx & QDA_FASTRPC_CTX_PD_MASK;
	mutex_init(&proc->lock);
	xa_init_flags(&proc->handles, XA_FLAGS_ALLOC);
	mt_init_flags(&proc->vas, MT_FLAGS_ALLOC_RANGE);
	vdsp_stat_add(call->dom, VDSP_ST_PROCESSES, 1);
	return proc;
}

/* Publish @proc unless the DSP restarted since @call arrived */
static u32 vdsp_proc_publish(struct vdsp_call *call, struct vdsp_process *proc)
{
	struct vdsp_domain *dom = call->dom;
	int ret;

	spin_lock(&dom->lock);
	if (call->epoch != dom->epoch)
		ret = -ECANCELED;
	else
		ret = xa_insert(&dom->procs, proc->client_id, proc, GFP_ATOMIC);
	spin_unlock(&dom->lock);
	if (!ret)
		return 0;
	vdsp_proc_put(proc);
	if (ret == -EBUSY)
		return QDA_AEE_EALREADY;
	return vdsp_errno_to_aee(ret);
}

/* Read a struct of at least @len bytes from input buffer @i */
static int vdsp_read_in(struct vdsp_call *call, unsigned int i, void *dst,
			size_t len)
{
	if (vdsp_arg_len(call, i) < len)
		return -EINVAL;
	return vdsp_arg_read(call, i, 0, dst, len);
}

/*
 * The request in0 of a method called with sc (@nin, 0) that has no output:
 * 0 or an AEE code
 */
static u32 vdsp_read_req(struct vdsp_call *call, u32 nin, void *req,
			 size_t len)
{
	if (!vdsp_sc_is(call, nin, 0))
		return QDA_AEE_EBADPARM;
	return vdsp_errno_to_aee(vdsp_read_in(call, 0, req, len));
}

static int vdsp_read_name(struct vdsp_call *call, unsigned int i, u32 namelen,
			  char *name, size_t size)
{
	size_t n = min_t(size_t, namelen, size - 1);
	int ret;

	if (!namelen || vdsp_arg_len(call, i) < namelen)
		return -EINVAL;
	ret = vdsp_arg_read(call, i, 0, name, n);
	if (ret)
		return ret;
	name[n] = '\0';
	return 0;
}

/* A page list of process memory: each entry must translate in @sid */
static int vdsp_check_pages(struct vdsp_call *call, unsigned int i,
			    u32 npages, u32 *sid)
{
	struct qda_fastrpc_phy_page pg;
	u32 j;
	int ret;

	if (npages > VDSP_MAX_INIT_PAGES ||
	    vdsp_arg_len(call, i) < (u64)npages * sizeof(pg))
		return -EINVAL;
	for (j = 0; j < npages; j++) {
		ret = vdsp_arg_read(call, i, j * sizeof(pg), &pg, sizeof(pg));
		if (ret)
			return ret;
		if (!j && !*sid)
			*sid = le64_to_cpu(pg.addr) >> 32;
		if (!le64_to_cpu(pg.size))
			return -EINVAL;
		ret = vdsp_smmu_walk(call->dom, call->epoch, *sid,
				     le64_to_cpu(pg.addr), le64_to_cpu(pg.size),
				     NULL, NULL, "process memory");
		if (ret)
			return ret;
	}
	return 0;
}

static u32 vdsp_init_attach(struct vdsp_call *call)
{
	struct vdsp_process *proc;
	__le32 id;
	u32 ret;

	ret = vdsp_read_req(call, 1, &id, sizeof(id));
	if (ret)
		return ret;
	if (!le32_to_cpu(id))
		return QDA_AEE_EBADPARM;
	proc = vdsp_proc_alloc(call, le32_to_cpu(id), call->sid);
	if (!proc)
		return QDA_AEE_ENOMEMORY;
	strscpy(proc->name, proc->pd == QDA_FASTRPC_PD_SENSORS ?
		"sensorspd" : "rootpd", sizeof(proc->name));
	proc->is_static = true;
	return vdsp_proc_publish(call, proc);
}

static u32 vdsp_init_create(struct vdsp_call *call)
{
	struct qda_fastrpc_create_msg req;
	struct vdsp_process *proc;
	u32 sid = 0, client_id, aee;
	char name[64];
	int ret;

	aee = vdsp_read_req(call, 4, &req, sizeof(req));
	if (aee)
		return aee;
	client_id = le32_to_cpu(req.client_id);
	if (!client_id || !le32_to_cpu(req.pageslen) ||
	    vdsp_arg_len(call, 2) < le32_to_cpu(req.filelen))
		return QDA_AEE_EBADPARM;
	ret = vdsp_read_name(call, 1, le32_to_cpu(req.namelen), name,
			     sizeof(name));
	if (!ret)
		ret = vdsp_check_pages(call, 3, le32_to_cpu(req.pageslen), &sid);
	if (ret)
		return vdsp_errno_to_aee(ret);

	proc = vdsp_proc_alloc(call, client_id, sid);
	if (!proc)
		return QDA_AEE_ENOMEMORY;
	strscpy(proc->name, name, sizeof(proc->name));
	proc->unsigned_pd = le32_to_cpu(req.attrs) &
			    QDA_FASTRPC_MODE_UNSIGNED_MODULE;
	return vdsp_proc_publish(call, proc);
}

static u32 vdsp_init_create_static(struct vdsp_call *call)
{
	struct vdsp_process *proc;
	__le32 req[3];	/* client_id, namelen, pageslen */
	u32 sid = 0, aee;
	char name[64];
	int ret;

	aee = vdsp_read_req(call, 3, req, sizeof(req));
	if (aee)
		return aee;
	if (!le32_to_cpu(req[0]))
		return QDA_AEE_EBADPARM;
	ret = vdsp_read_name(call, 1, le32_to_cpu(req[1]), name, sizeof(name));
	if (!ret)
		ret = vdsp_check_pages(call, 2, le32_to_cpu(req[2]), &sid);
	if (ret)
		return vdsp_errno_to_aee(ret);
	proc = vdsp_proc_alloc(call, le32_to_cpu(req[0]), sid ?: call->sid);
	if (!proc)
		return QDA_AEE_ENOMEMORY;
	strscpy(proc->name, name, sizeof(proc->name));
	proc->is_static = true;
	return vdsp_proc_publish(call, proc);
}

static u32 vdsp_init_release(struct vdsp_call *call)
{
	struct vdsp_process *proc;
	__le32 id;
	u32 ret;

	ret = vdsp_read_req(call, 1, &id, sizeof(id));
	if (ret)
		return ret;
	proc = xa_erase(&call->dom->procs, le32_to_cpu(id));
	if (!proc)
		return QDA_AEE_ENOSUCHPROCESS;
	vdsp_proc_put(proc);
	return 0;
}

/* Give [@phys, +@size) a DSP virtual address in @proc */
static u32 vdsp_proc_map(struct vdsp_call *call, struct vdsp_process *proc,
			 u64 phys, u64 size, s32 fd, u32 offset, bool mem_map,
			 u64 *vaddr)
{
	struct vdsp_dsp_map *map;
	unsigned long start;
	int ret;

	if (!size || (size | phys) & (QDA_FASTRPC_PAGE_SIZE - 1) ||
	    size > VDSP_VA_MAX - VDSP_VA_MIN)
		return QDA_AEE_EBADPARM;
	ret = vdsp_smmu_walk(call->dom, call->epoch, proc->sid, phys, size,
			     NULL, NULL, "dsp map");
	if (ret)
		return vdsp_errno_to_aee(ret);
	map = kzalloc(sizeof(*map), GFP_KERNEL);
	if (!map)
		return QDA_AEE_ENOMEMORY;
	map->size = size;
	map->phys = phys;
	map->fd = fd;
	map->offset = offset;
	map->mem_map = mem_map;

	mutex_lock(&proc->lock);
	if (proc->nmaps >= VDSP_MAX_DSP_MAPS) {
		ret = -ENOSPC;
	} else {
		ret = mtree_alloc_range(&proc->vas, &start, map,
					size + QDA_FASTRPC_PAGE_SIZE,
					VDSP_VA_MIN, VDSP_VA_MAX, GFP_KERNEL);
		if (!ret) {
			map->vaddr = start;
			proc->nmaps++;
		}
	}
	mutex_unlock(&proc->lock);
	if (ret) {
		kfree(map);
		return QDA_AEE_ENOMEMORY;
	}
	vdsp_stat_add(call->dom, VDSP_ST_DSP_MAPS, 1);
	vdsp_stat_add(call->dom, VDSP_ST_DSP_MAPPED_BYTES, size);
	*vaddr = map->vaddr;
	return 0;
}

static u32 vdsp_proc_unmap(struct vdsp_call *call, struct vdsp_process *proc,
			   u64 vaddr, u64 size, s32 fd, bool mem_map)
{
	struct vdsp_dsp_map *map;
	u32 ret = 0;

	mutex_lock(&proc->lock);
	map = mtree_load(&proc->vas, vaddr);
	if (!map || map->vaddr != vaddr || map->size != size ||
	    map->mem_map != mem_map || (mem_map && map->fd != fd)) {
		ret = QDA_AEE_ENOSUCHMAP;
	} else {
		mtree_erase(&proc->vas, vaddr);
		proc->nmaps--;
	}
	mutex_unlock(&proc->lock);
	if (ret)
		return ret;
	vdsp_stat_add(call->dom, VDSP_ST_DSP_MAPS, -1);
	vdsp_stat_add(call->dom, VDSP_ST_DSP_MAPPED_BYTES, -(s64)size);
	kfree(map);
	return 0;
}

/*
 * Access the process's memory by DSP virtual address (test module), for a
 * call of DSP epoch @epoch
 */
int vdsp_proc_access(struct vdsp_process *proc, u32 epoch, u64 vaddr,
		     void *buf, size_t len, bool write)
{
	struct vdsp_dsp_map *map;
	u64 phys;
	int ret;

	mutex_lock(&proc->lock);
	map = vaddr <= ULONG_MAX ? mtree_load(&proc->vas, vaddr) : NULL;
	if (!map || vaddr < map->vaddr || vaddr - map->vaddr >= map->size ||
	    len > map->size - (vaddr - map->vaddr)) {
		ret = -ENOENT;
		goto out;
	}
	phys = map->phys + (vaddr - map->vaddr);
	if (write)
		ret = vdsp_smmu_write(proc->dom, epoch, proc->sid, phys, buf,
				      len, "dsp va");
	else
		ret = vdsp_smmu_read(proc->dom, epoch, proc->sid, phys, buf,
				     len, "dsp va");
out:
	mutex_unlock(&proc->lock);
	return ret;
}

static u32 vdsp_read_page(struct vdsp_call *call, unsigned int i, u64 *addr,
			  u64 *size)
{
	struct qda_fastrpc_phy_page pg;
	int ret = vdsp_read_in(call, i, &pg, sizeof(pg));

	if (ret)
		return vdsp_errno_to_aee(ret);
	*addr = le64_to_cpu(pg.addr);
	*size = le64_to_cpu(pg.size);
	return 0;
}

static u32 vdsp_reply_vaddr(struct vdsp_call *call, unsigned int i, u64 vaddr)
{
	__le64 v = cpu_to_le64(vaddr);
	int ret = vdsp_arg_write(call, i, 0, &v, sizeof(v));

	if (ret)
		return vdsp_errno_to_aee(ret);
	vdsp_arg_set_outlen(call, i, sizeof(v));
	return 0;
}

/*
 * Map [@addr, +@size) into the live process @client_id and answer its DSP
 * address in output argument @out (MMAP: @fd -1, MEM_MAP: the BO's fd).
 */
static u32 vdsp_map_reply(struct vdsp_call *call, u32 client_id, u64 addr,
			  u64 size, s32 fd, u32 offset, bool mem_map,
			  unsigned int out)
{
	struct vdsp_process *proc;
	u64 vaddr;
	u32 ret;

	proc = vdsp_proc_get_live(call->dom, client_id);
	if (!proc)
		return QDA_AEE_ENOSUCHPROCESS;
	ret = vdsp_proc_map(call, proc, addr, size, fd, offset, mem_map,
			    &vaddr);
	if (!ret) {
		ret = vdsp_reply_vaddr(call, out, vaddr);
		if (ret)
			vdsp_proc_unmap(call, proc, vaddr, size, fd, mem_map);
	}
	vdsp_proc_put(proc);
	return ret;
}

/* Undo vdsp_map_reply() for the live process @client_id */
static u32 vdsp_unmap_for(struct vdsp_call *call, u32 client_id, u64 vaddr,
			  u64 size, s32 fd, bool mem_map)
{
	struct vdsp_process *proc;
	u32 ret;

	proc = vdsp_proc_get_live(call->dom, client_id);
	if (!proc)
		return QDA_AEE_ENOSUCHPROCESS;
	ret = vdsp_proc_unmap(call, proc, vaddr, size, fd, mem_map);
	vdsp_proc_put(proc);
	return ret;
}

/*
 * What MMAP and MEM_MAP start with: sc (@nin, 1) with room for the DSP VA
 * in out0, the request @req in in0 and the page in in1.
 */
static u32 vdsp_map_args(struct vdsp_call *call, u32 nin, void *req,
			 size_t reqlen, u64 *addr, u64 *size)
{
	if (!vdsp_sc_is(call, nin, 1) || vdsp_arg_len(call, nin) < sizeof(u64))
		return QDA_AEE_EBADPARM;
	if (vdsp_read_in(call, 0, req, reqlen))
		return QDA_AEE_EBADPARM;
	return vdsp_read_page(call, 1, addr, size);
}

static u32 vdsp_init_mmap(struct vdsp_call *call)
{
	struct qda_fastrpc_mmap_req req;
	u64 addr, size;
	u32 ret;

	ret = vdsp_map_args(call, 2, &req, sizeof(req), &addr, &size);
	if (ret)
		return ret;
	if (le32_to_cpu(req.flags) != QDA_FASTRPC_MMAP_ADD_PAGES)
		return QDA_AEE_EUNSUPPORTED;
	if (req.vaddr)
		return QDA_AEE_EBADPARM;
	return vdsp_map_reply(call, le32_to_cpu(req.client_id), addr, size,
			      -1, 0, false, 2);
}

static u32 vdsp_init_munmap(struct vdsp_call *call)
{
	struct qda_fastrpc_munmap_req req;

	if (!vdsp_sc_is(call, 1, 0) ||
	    vdsp_read_in(call, 0, &req, sizeof(req)))
		return QDA_AEE_EBADPARM;
	return vdsp_unmap_for(call, le32_to_cpu(req.client_id),
			      le64_to_cpu(req.vaddr), le64_to_cpu(req.size), -1,
			      false);
}

static u32 vdsp_init_mem_map(struct vdsp_call *call)
{
	struct qda_fastrpc_mem_map_req req;
	u64 addr, size;
	u32 ret;

	ret = vdsp_map_args(call, 3, &req, sizeof(req), &addr, &size);
	if (ret)
		return ret;
	return vdsp_map_reply(call, le32_to_cpu(req.client_id), addr, size,
			      le32_to_cpu(req.fd), le32_to_cpu(req.offset), true,
			      3);
}

static u32 vdsp_init_mem_unmap(struct vdsp_call *call)
{
	struct qda_fastrpc_mem_unmap_req req;

	if (!vdsp_sc_is(call, 1, 0) ||
	    vdsp_read_in(call, 0, &req, sizeof(req)))
		return QDA_AEE_EBADPARM;
	return vdsp_unmap_for(call, le32_to_cpu(req.client_id),
			      le64_to_cpu(req.vaddrin), le64_to_cpu(req.len),
			      le32_to_cpu(req.fd), true);
}

u32 vdsp_init_invoke(struct vdsp_call *call)
{
	static const struct vdsp_method methods[] = {
		[QDA_FASTRPC_RMID_INIT_ATTACH] = { VDSP_M_INIT_ATTACH, vdsp_init_attach },
		[QDA_FASTRPC_RMID_INIT_RELEASE] = { VDSP_M_INIT_RELEASE, vdsp_init_release },
		[QDA_FASTRPC_RMID_INIT_MMAP] = { VDSP_M_INIT_MMAP, vdsp_init_mmap },
		[QDA_FASTRPC_RMID_INIT_MUNMAP] = { VDSP_M_INIT_MUNMAP, vdsp_init_munmap },
		[QDA_FASTRPC_RMID_INIT_CREATE] = { VDSP_M_INIT_CREATE, vdsp_init_create },
		[QDA_FASTRPC_RMID_INIT_CREATE_ATTR] = { VDSP_M_INIT_CREATE_ATTR, vdsp_init_create },
		[QDA_FASTRPC_RMID_INIT_CREATE_STATIC] = { VDSP_M_INIT_CREATE_STATIC,
							  vdsp_init_create_static },
		[QDA_FASTRPC_RMID_INIT_MEM_MAP] = { VDSP_M_INIT_MEM_MAP, vdsp_init_mem_map },
		[QDA_FASTRPC_RMID_INIT_MEM_UNMAP] = { VDSP_M_INIT_MEM_UNMAP, vdsp_init_mem_unmap },
	};

	return vdsp_method_invoke(call, methods, ARRAY_SIZE(methods),
				  VDSP_M_INIT_OTHER);
}
