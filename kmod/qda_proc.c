// SPDX-License-Identifier: GPL-2.0-only
/*
 * The process layer: a session's DSP process, through the process
 * manager's methods (create, attach, release, map, unmap), calls into it,
 * the capability query, and closing a file's process (quarantine when the
 * DSP does not answer). Its callers (qda_ioctl.c) have checked and copied
 * what userspace passed.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/slab.h>

#include "qda_accel.h"
#include "qda_call.h"
#include "qda_device.h"
#include "qda_fastrpc_wire.h"
#include "qda_gem.h"
#include "qda_payload.h"
#include "qda_proc.h"
#include "qda_session.h"

#define QDA_INIT_MEM_MIN	(2 * 1024 * 1024)
#define QDA_RELEASE_RETRY_MS	10

static void qda_proc_release_answered(struct qda_session *session,
				      u32 dsp_status);

/*
 * A kernel call to the process manager with kernel-memory arguments, made
 * in DSP epoch @epoch: -ENOTCONN if the DSP restarted since. Only the
 * release is teardown; the others are made for the file.
 */
static int qda_init_call(struct qda_session *session, u32 method, u32 pd,
			 u32 epoch, unsigned int nin, unsigned int nout,
			 struct qda_call_arg *args, u32 *dsp_status)
{
	bool release = method == QDA_FASTRPC_RMID_INIT_RELEASE;
	struct qda_call_req req = {
		.handle = QDA_FASTRPC_HANDLE_INIT,
		.sc = QDA_SC_MAKE(0, method, nin, nout, 0, 0),
		.pd = pd,
		.kind = release ? QDA_CALL_TEARDOWN : QDA_CALL_KERNEL,
		.epoch = epoch,
		.wait = QDA_WAIT_KERNEL,
		.args = args,
		.nargs = nin + nout,
		.answered = release ? qda_proc_release_answered : NULL,
	};
	int ret;

	ret = qda_call(session, &req);
	*dsp_status = req.dsp_status;
	return ret;
}

static int qda_dsp_error(struct qda_session *session, const char *what,
			 u32 status)
{
	if (!status)
		return 0;
	qda_dbg(session->qdev, "%s refused by the DSP: %#x\n", what, status);
	return -EREMOTEIO;
}

/* in_group_p() for a saved credential: groups_search() is not exported */
static bool qda_cred_in_group(const struct cred *cred, kgid_t gid)
{
	const struct group_info *groups = cred->group_info;
	int i;

	if (gid_eq(cred->fsgid, gid))
		return true;
	for (i = 0; i < groups->ngroups; i++)
		if (gid_eq(groups->gid[i], gid))
			return true;
	return false;
}

/**
 * qda_proc_privileged - whether a file's opener may attach to a
 *	privileged PD
 * @filp: The file.
 *
 * The rights are the opener's (f_cred, captured at open), so a file handed
 * to another process keeps them and a privileged process cannot borrow
 * them for a file someone else opened. Both the capability and the group are those of the
 * initial user namespace: a user namespace that maps privileged_gid onto a
 * group of its own gives nothing, and a gid with no mapping admits nobody.
 *
 * Return: whether it may.
 */
bool qda_proc_privileged(const struct file *filp)
{
	int gid = READ_ONCE(qda_privileged_gid);
	kgid_t kgid;

	if (file_ns_capable(filp, &init_user_ns, CAP_SYS_ADMIN))
		return true;
	if (gid < 0)
		return false;
	kgid = make_kgid(&init_user_ns, gid);
	return gid_valid(kgid) && qda_cred_in_group(filp->f_cred, kgid);
}

/* A process may be made: the session has none, and the DSP is up */
static int qda_proc_begin(struct qda_session *session, u32 *epoch)
{
	lockdep_assert_held(&session->lock);
	if (session->proc_state != DRM_QDA_PROC_STATE_NONE)
		return -EALREADY;
	*epoch = qda_remote_epoch(session->qdev);
	return *epoch ? 0 : -EPIPE;
}

/*
 * What a creation or attach that returned @ret left behind: a process
 * (READY), perhaps one (UNCONFIRMED: the request timed out and the DSP may
 * still act on it, so the release at close covers it), or none.
 */
static void qda_proc_settle(struct qda_session *session, u32 pd, u32 epoch,
			    int ret)
{
	lockdep_assert_held(&session->lock);
	if (ret && ret != -ETIMEDOUT)
		return;
	session->pd = pd;
	session->proc_epoch = epoch;
	if (ret)
		WRITE_ONCE(session->proc_state, QDA_PROC_STATE_UNCONFIRMED);
	else
		/* pd and epoch are read without the lock once READY is seen */
		smp_store_release(&session->proc_state,
				  DRM_QDA_PROC_STATE_READY);
}

/**
 * qda_proc_attach - attach the session to a static PD of the DSP
 * @session: The session.
 * @pd: QDA_FASTRPC_PD_ROOT or QDA_FASTRPC_PD_SENSORS; the caller checked
 *	that the file may (qda_proc_privileged()).
 *
 * Return: 0, -EALREADY when the session has a process, -EPIPE when the
 * DSP is down, -EREMOTEIO when it refused, or qda_call()'s error.
 */
int qda_proc_attach(struct qda_session *session, u32 pd)
{
	__le32 client_id = cpu_to_le32(session->client_id);
	struct qda_call_arg cargs[1] = {
		{ .kbuf = &client_id, .length = sizeof(client_id) },
	};
	u32 epoch, status;
	int ret;

	mutex_lock(&session->lock);
	ret = qda_proc_begin(session, &epoch);
	if (ret)
		goto out_unlock;
	ret = qda_init_call(session, QDA_FASTRPC_RMID_INIT_ATTACH, pd, epoch,
			    1, 0, cargs, &status);
	if (!ret)
		ret = qda_dsp_error(session, "attach", status);
	qda_proc_settle(session, pd, epoch, ret);
out_unlock:
	mutex_unlock(&session->lock);
	return ret;
}

/* The initial memory of a new process, mapped on the session's bank */
static struct qda_bo_map *qda_proc_init_mem(struct qda_session *session,
					    size_t size)
{
	struct qda_bo_map *map;
	struct qda_bo *bo;

	bo = qda_bo_create(session, size);
	if (IS_ERR(bo))
		return ERR_CAST(bo);
	map = qda_bo_map_get(bo, session);
	/* The mapping holds the BO from here on */
	drm_gem_object_put(&bo->base);
	return map;
}

/* INIT_CREATE(_ATTR) of @img on @init_map, in DSP epoch @epoch */
static int qda_proc_create_call(struct qda_session *session,
				const struct qda_proc_image *img,
				struct qda_bo_map *init_map, size_t init_size,
				u32 epoch)
{
	struct qda_fastrpc_create_msg msg = {};
	struct qda_fastrpc_phy_page init_page;
	struct qda_call_arg cargs[4] = {};
	u32 status;
	int ret;

	msg.client_id = cpu_to_le32(session->client_id);
	msg.namelen = cpu_to_le32(img->name_len + 1);
	msg.filelen = cpu_to_le32(img->shell_size);
	msg.pageslen = cpu_to_le32(1);
	if (img->unsigned_pd)
		msg.attrs = cpu_to_le32(QDA_FASTRPC_MODE_UNSIGNED_MODULE);
	init_page = qda_payload_phy_page(init_map->dev_addr, init_size);

	cargs[0].kbuf = &msg;
	cargs[0].length = sizeof(msg);
	cargs[1].kbuf = img->name;
	cargs[1].length = img->name_len + 1;
	cargs[2].map = img->shell_map;
	cargs[2].offset = img->shell_offset;
	cargs[2].length = img->shell_size;
	cargs[3].kbuf = &init_page;
	cargs[3].length = sizeof(init_page);

	ret = qda_init_call(session, msg.attrs ?
			    QDA_FASTRPC_RMID_INIT_CREATE_ATTR :
			    QDA_FASTRPC_RMID_INIT_CREATE,
			    QDA_FASTRPC_PD_USER, epoch, 4, 0, cargs, &status);
	if (!ret)
		ret = qda_dsp_error(session, "process creation", status);
	return ret;
}

/**
 * qda_proc_create - create the session's dynamic process on the DSP
 * @session: The session.
 * @img: What to make it from. The reference on @img->shell_map passes to
 *	qda_proc_create() whatever it returns.
 *
 * Return: 0, -EALREADY when the session has a process, -EPIPE when the
 * DSP is down, -EREMOTEIO when it refused, -ENOMEM, or qda_call()'s error.
 * After -ETIMEDOUT the DSP may still create the process: its initial
 * memory stays mapped and the release at close covers it.
 */
int qda_proc_create(struct qda_session *session,
		    const struct qda_proc_image *img)
{
	struct qda_bo_map *shell_map = img->shell_map;
	struct qda_bo_map *init_map;
	size_t init_size;
	u32 epoch;
	int ret;

	mutex_lock(&session->lock);
	ret = qda_proc_begin(session, &epoch);
	if (ret)
		goto err_unlock;
	init_size = ALIGN(max_t(u64, QDA_INIT_MEM_MIN, 4 * img->shell_size),
			  1024 * 1024);
	init_map = qda_proc_init_mem(session, init_size);
	if (IS_ERR(init_map)) {
		ret = PTR_ERR(init_map);
		goto err_unlock;
	}

	/* The call owns the shell mapping reference from here */
	shell_map = NULL;
	ret = qda_proc_create_call(session, img, init_map, init_size, epoch);
	if (ret && ret != -ETIMEDOUT)
		qda_bo_map_put(init_map);
	else
		session->init_map = init_map;
	qda_proc_settle(session, QDA_FASTRPC_PD_USER, epoch, ret);

err_unlock:
	mutex_unlock(&session->lock);
	if (shell_map)
		qda_bo_map_put(shell_map);
	return ret;
}

/**
 * qda_proc_state - the session's process as userspace sees it
 * @session: The session.
 *
 * Return: DRM_QDA_PROC_STATE_NONE or _READY, or _LOST for a process of an
 * earlier DSP boot or one whose creation was never confirmed.
 */
u32 qda_proc_state(struct qda_session *session)
{
	u32 state;

	mutex_lock(&session->lock);
	state = session->proc_state;
	if ((state == DRM_QDA_PROC_STATE_READY &&
	     session->proc_epoch != qda_remote_epoch(session->qdev)) ||
	    state == QDA_PROC_STATE_UNCONFIRMED)
		state = DRM_QDA_PROC_STATE_LOST;
	mutex_unlock(&session->lock);
	return state;
}

/**
 * qda_proc_ready - whether the session has a process to call
 * @session: The session.
 *
 * Return: 0, or -ENOTCONN when it has none (or only an unconfirmed one).
 */
int qda_proc_ready(struct qda_session *session)
{
	/* Pairs with qda_proc_settle(): pd and epoch are set */
	if (smp_load_acquire(&session->proc_state) != DRM_QDA_PROC_STATE_READY)
		return -ENOTCONN;
	return 0;
}

/**
 * qda_proc_invoke - call a method of the session's DSP process
 * @session: The session.
 * @req: The call: handle, scalars, arguments and deadline set; the rest
 *	is filled in here. The arguments' BO mapping references pass to
 *	qda_proc_invoke() whatever it returns, as for qda_call().
 *
 * Return: 0 when the DSP answered (its code in @req->dsp_status),
 * -ENOTCONN without a process, or qda_call()'s error.
 */
int qda_proc_invoke(struct qda_session *session, struct qda_call_req *req)
{
	int ret = qda_proc_ready(session);

	if (ret) {
		qda_call_args_put(req->args, req->nargs);
		return ret;
	}
	req->pd = session->pd;
	req->epoch = session->proc_epoch;
	req->kind = QDA_CALL_USER;
	req->wait = QDA_WAIT_USER;
	return qda_call(session, req);
}

/* INIT_MMAP (legacy) or INIT_MEM_MAP of @dm at device address @addr */
static int qda_proc_map_call(struct qda_session *session,
			     struct qda_dsp_map *dm, u64 addr)
{
	struct qda_fastrpc_phy_page page = qda_payload_phy_page(addr,
								dm->length);
	__le32 client_id = cpu_to_le32(session->client_id);
	struct qda_fastrpc_mem_map_req mem_req = {};
	struct qda_fastrpc_mmap_req mmap_req = {};
	struct qda_fastrpc_mmap_rsp rsp = {};
	struct qda_call_arg cargs[4] = {};
	unsigned int nin;
	u32 method, status;
	int ret;

	/* Request, page, [an empty data buffer for MEM_MAP], response */
	cargs[1].kbuf = &page;
	cargs[1].length = sizeof(page);
	/* copies: two wire requests whose fields look alike but differ */
	if (dm->legacy) {
		mmap_req.client_id = client_id;
		mmap_req.flags = cpu_to_le32(QDA_FASTRPC_MMAP_ADD_PAGES);
		mmap_req.num = cpu_to_le32(sizeof(page));
		cargs[0].kbuf = &mmap_req;
		cargs[0].length = sizeof(mmap_req);
		method = QDA_FASTRPC_RMID_INIT_MMAP;
		nin = 2;
	} else {
		mem_req.client_id = client_id;
		mem_req.fd = cpu_to_le32(dm->handle);
		mem_req.offset = cpu_to_le32(0);
		mem_req.flags = cpu_to_le32(QDA_FASTRPC_MAP_FD);
		mem_req.num = cpu_to_le32(sizeof(page));
		cargs[0].kbuf = &mem_req;
		cargs[0].length = sizeof(mem_req);
		method = QDA_FASTRPC_RMID_INIT_MEM_MAP;
		nin = 3;
	}
	cargs[nin].kbuf = &rsp;
	cargs[nin].length = sizeof(rsp);
	ret = qda_init_call(session, method, session->pd, session->proc_epoch,
			    nin, 1, cargs, &status);
	if (!ret)
		ret = qda_dsp_error(session, "map", status);
	dm->dsp_addr = le64_to_cpu(rsp.vaddr);
	return ret;
}

/**
 * qda_proc_map - map a BO slice into the session's DSP process
 * @session: The session.
 * @want: The slice: @want->map (whose reference passes to qda_proc_map()
 *	whatever it returns), @want->handle, @want->offset, @want->length
 *	(page-aligned, inside the BO, which is one range) and @want->legacy.
 *	On success @want->dsp_addr is where the DSP mapped it.
 *
 * Return: 0, -ENOTCONN without a process of this DSP boot, -EREMOTEIO
 * when the DSP refused, -ENOMEM, or qda_call()'s error. After -ETIMEDOUT
 * the slice stays mapped on the bank until the process is gone.
 */
int qda_proc_map(struct qda_session *session, struct qda_dsp_map *want)
{
	struct qda_bo_map *map = want->map;
	struct qda_dsp_map *dm;
	int ret;

	dm = kmemdup(want, sizeof(*dm), GFP_KERNEL);
	if (!dm) {
		qda_bo_map_put(map);
		return -ENOMEM;
	}

	mutex_lock(&session->lock);
	if (session->proc_state != DRM_QDA_PROC_STATE_READY ||
	    session->proc_epoch != qda_remote_epoch(session->qdev)) {
		ret = -ENOTCONN;
		goto err_unlock;
	}
	ret = qda_proc_map_call(session, dm, map->dev_addr + dm->offset);
	if (ret && ret != -ETIMEDOUT)
		goto err_unlock;

	dm->unconfirmed = ret == -ETIMEDOUT;
	list_add_tail(&dm->node, &session->dsp_maps);
	atomic64_inc(&session->qdev->stats.dsp_maps);
	/* Before unlocking: another thread may unmap (and free) it at once */
	want->dsp_addr = dm->dsp_addr;
	mutex_unlock(&session->lock);
	return ret;

err_unlock:
	mutex_unlock(&session->lock);
	kfree(dm);
	qda_bo_map_put(map);
	return ret;
}

/* INIT_MUNMAP (legacy) or INIT_MEM_UNMAP of @dm */
static int qda_proc_unmap_call(struct qda_session *session,
			       struct qda_dsp_map *dm)
{
	__le32 client_id = cpu_to_le32(session->client_id);
	struct qda_fastrpc_mem_unmap_req mem_req = {};
	struct qda_fastrpc_munmap_req mreq = {};
	struct qda_call_arg cargs[1] = {};
	u32 method, status;
	int ret;

	if (dm->legacy) {
		mreq.client_id = client_id;
		mreq.vaddr = cpu_to_le64(dm->dsp_addr);
		mreq.size = cpu_to_le64(dm->length);
		cargs[0].kbuf = &mreq;
		cargs[0].length = sizeof(mreq);
		method = QDA_FASTRPC_RMID_INIT_MUNMAP;
	} else {
		mem_req.client_id = client_id;
		mem_req.fd = cpu_to_le32(dm->handle);
		mem_req.vaddrin = cpu_to_le64(dm->dsp_addr);
		mem_req.len = cpu_to_le64(dm->length);
		cargs[0].kbuf = &mem_req;
		cargs[0].length = sizeof(mem_req);
		method = QDA_FASTRPC_RMID_INIT_MEM_UNMAP;
	}
	ret = qda_init_call(session, method, session->pd, session->proc_epoch,
			    1, 0, cargs, &status);
	/* Without a DSP process there is nothing left to unmap remotely */
	if (ret == -EPIPE || ret == -ENOTCONN)
		return 0;
	if (!ret)
		ret = qda_dsp_error(session, "unmap", status);
	return ret;
}

/**
 * qda_proc_unmap - undo a qda_proc_map()
 * @session: The session.
 * @dsp_addr: The address qda_proc_map() returned.
 *
 * Return: 0 (also when the DSP restarted or went down and took the
 * mapping with it), -ENOENT when nothing confirmed is mapped there,
 * -EREMOTEIO when the DSP refused, or qda_call()'s error.
 */
int qda_proc_unmap(struct qda_session *session, u64 dsp_addr)
{
	struct qda_dsp_map *dm, *found = NULL;
	int ret = 0;

	mutex_lock(&session->lock);
	list_for_each_entry(dm, &session->dsp_maps, node) {
		if (!dm->unconfirmed && dm->dsp_addr == dsp_addr) {
			found = dm;
			break;
		}
	}
	if (!found) {
		ret = -ENOENT;
		goto out_unlock;
	}
	/* The DSP restarted: the process and its mappings are gone there */
	if (session->proc_epoch == qda_remote_epoch(session->qdev))
		ret = qda_proc_unmap_call(session, found);
	if (ret)
		goto out_unlock;

	list_del(&found->node);
	qda_bo_map_put(found->map);
	atomic64_dec(&session->qdev->stats.dsp_maps);
	kfree(found);
out_unlock:
	mutex_unlock(&session->lock);
	return ret;
}

/**
 * qda_proc_release - end the session's DSP process
 * @session: The session, its lock held.
 *
 * Return: 0 when the DSP confirmed, or when there is no DSP process left
 * to confirm (none made, or the DSP restarted since); else a negative
 * errno.
 */
int qda_proc_release(struct qda_session *session)
{
	__le32 client_id = cpu_to_le32(session->client_id);
	struct qda_call_arg cargs[1] = {
		{ .kbuf = &client_id, .length = sizeof(client_id) },
	};
	unsigned long end;
	u32 status;
	int ret;

	lockdep_assert_held(&session->lock);
	if (session->proc_state != DRM_QDA_PROC_STATE_READY &&
	    session->proc_state != QDA_PROC_STATE_UNCONFIRMED)
		return 0;
	WRITE_ONCE(session->proc_state, DRM_QDA_PROC_STATE_NONE);
	if (qda_remote_epoch(session->qdev) != session->proc_epoch)
		return 0;

	/*
	 * A release that does not reach the DSP quarantines the session
	 * until the DSP restarts: a shortage of memory, here (-ENOMEM before
	 * the message is sent) or on the DSP (which then did not release),
	 * is waited out for as long as the DSP is given to answer.
	 */
	end = jiffies + msecs_to_jiffies(qda_release_timeout_ms);
	for (;;) {
		ret = qda_init_call(session, QDA_FASTRPC_RMID_INIT_RELEASE,
				    session->pd, session->proc_epoch, 1, 0,
				    cargs, &status);
		if ((ret != -ENOMEM && (ret || status != QDA_AEE_ENOMEMORY)) ||
		    time_after(jiffies, end))
			break;
		msleep(QDA_RELEASE_RETRY_MS);
	}
	if (ret == -EPIPE || ret == -ENOTCONN || ret == -ENODEV)
		return 0;
	/* (An unconfirmed creation the DSP never made: nothing to release) */
	if (!ret && status == QDA_AEE_ENOSUCHPROCESS)
		return 0;
	if (!ret)
		ret = qda_dsp_error(session, "process release", status);
	return ret;
}

/* Forget the session's DSP mappings and held handles; the process is gone */
void qda_proc_drop_dsp_maps(struct qda_session *session)
{
	struct qda_dsp_map *dm, *tmp;
	LIST_HEAD(held);

	lockdep_assert_held(&session->lock);
	spin_lock(&session->held_lock);
	list_splice_init(&session->held, &held);
	spin_unlock(&session->held_lock);
	qda_payload_held_free(&held);
	list_for_each_entry_safe(dm, tmp, &session->dsp_maps, node) {
		list_del(&dm->node);
		qda_bo_map_put(dm->map);
		atomic64_dec(&session->qdev->stats.dsp_maps);
		kfree(dm);
	}
	if (session->init_map) {
		qda_bo_map_put(session->init_map);
		session->init_map = NULL;
	}
}
EXPORT_SYMBOL_IF_KUNIT(qda_proc_drop_dsp_maps);

/*
 * Ask the DSP (boot @epoch) for its capability words and cache them in
 * the device; a DSP that has no such query has none (-EOPNOTSUPP, cached).
 */
static int qda_proc_query_caps(struct qda_session *session, u32 epoch)
{
	struct qda_device *qdev = session->qdev;
	__le32 count = cpu_to_le32(QDA_FASTRPC_NUM_ATTRIBUTES - 1);
	struct qda_call_arg cargs[2] = {};
	struct qda_call_req req = {
		.handle = QDA_FASTRPC_HANDLE_UTILITIES,
		.sc = QDA_SC_MAKE(0, 0, 1, 1, 0, 0),
		.pd = QDA_FASTRPC_PD_ROOT,
		.kind = QDA_CALL_KERNEL,
		.epoch = epoch,
		.wait = QDA_WAIT_KERNEL,
		.args = cargs,
		.nargs = ARRAY_SIZE(cargs),
	};
	__le32 *words;
	unsigned int i;
	int ret;

	lockdep_assert_held(&qdev->caps_lock);
	words = kcalloc(QDA_FASTRPC_NUM_ATTRIBUTES - 1, sizeof(*words),
			GFP_KERNEL);
	if (!words)
		return -ENOMEM;
	cargs[0].kbuf = &count;
	cargs[0].length = sizeof(count);
	cargs[1].kbuf = words;
	cargs[1].length = (QDA_FASTRPC_NUM_ATTRIBUTES - 1) * sizeof(*words);
	ret = qda_call(session, &req);
	if (!ret && req.dsp_status == QDA_AEE_EUNSUPPORTED)
		ret = -EOPNOTSUPP;
	else if (!ret && req.dsp_status)
		ret = -EREMOTEIO;

	if (ret == -EOPNOTSUPP || !ret) {
		/* Attribute 0 (domain support) is answered by userspace */
		qdev->caps[0] = 0;
		for (i = 1; i < QDA_FASTRPC_NUM_ATTRIBUTES; i++)
			qdev->caps[i] = ret ? 0 : le32_to_cpu(words[i - 1]);
		qdev->caps_epoch = epoch;
		qdev->caps_err = ret;
	}
	kfree(words);
	return ret;
}

/**
 * qda_proc_get_caps - one DSP capability word
 * @session: Session whose bank carries the query if it must be made.
 * @attr: Attribute id, below QDA_FASTRPC_NUM_ATTRIBUTES.
 * @value: Out.
 *
 * The DSP is asked once per boot of it; the answer is cached.
 *
 * Return: 0 with *@value set, or a negative errno.
 */
int qda_proc_get_caps(struct qda_session *session, u32 attr, u32 *value)
{
	struct qda_device *qdev = session->qdev;
	u32 epoch;
	int ret;

	mutex_lock(&qdev->caps_lock);
	epoch = qda_remote_epoch(qdev);
	if (!epoch) {
		ret = -EPIPE;
		goto out_unlock;
	}
	if (qdev->caps_epoch == epoch)
		ret = qdev->caps_err;
	else
		ret = qda_proc_query_caps(session, epoch);
	if (!ret)
		*value = qdev->caps[attr];
out_unlock:
	mutex_unlock(&qdev->caps_lock);
	return ret;
}

/* End a quarantine: the DSP process is gone, and so is what it used */
static void qda_proc_end_quarantine(struct qda_session *session)
{
	mutex_lock(&session->lock);
	qda_proc_drop_dsp_maps(session);
	mutex_unlock(&session->lock);
	qda_ctx_fail_all(session->qdev, session, -EPIPE);
	qda_session_put(session);
}

/* The DSP went down: sessions kept for it may go (process context) */
void qda_proc_reap_zombies(struct qda_device *qdev)
{
	struct qda_session *session;

	/* One at a time: a late release answer may take one off meanwhile */
	spin_lock(&qdev->zombie_lock);
	while ((session = list_first_entry_or_null(&qdev->zombies,
						   struct qda_session,
						   zombie_node))) {
		list_del_init(&session->zombie_node);
		spin_unlock(&qdev->zombie_lock);
		qda_proc_end_quarantine(session);
		spin_lock(&qdev->zombie_lock);
	}
	spin_unlock(&qdev->zombie_lock);
}

/*
 * The DSP answered a release, in time or late (qda_call_req.answered, in
 * process context). Confirmed, or no such process: a session quarantined
 * because the answer was late leaves quarantine now; one not quarantined
 * yet will not be.
 */
static void qda_proc_release_answered(struct qda_session *session,
				      u32 dsp_status)
{
	struct qda_device *qdev = session->qdev;
	bool quarantined;

	if (dsp_status && dsp_status != QDA_AEE_ENOSUCHPROCESS)
		return;

	spin_lock(&qdev->zombie_lock);
	session->release_answered = true;
	quarantined = !list_empty(&session->zombie_node);
	if (quarantined)
		list_del_init(&session->zombie_node);
	spin_unlock(&qdev->zombie_lock);
	if (quarantined) {
		atomic64_inc(&qdev->stats.late_releases);
		qda_proc_end_quarantine(session);
	}
}

/* Quarantine @session unless its release was answered meanwhile */
static bool qda_proc_quarantine(struct qda_session *session)
{
	struct qda_device *qdev = session->qdev;
	bool answered;

	qda_session_get(session);
	spin_lock(&qdev->zombie_lock);
	answered = session->release_answered;
	if (!answered)
		list_add(&session->zombie_node, &qdev->zombies);
	spin_unlock(&qdev->zombie_lock);
	if (answered)
		qda_session_put(session);
	return !answered;
}

/**
 * qda_proc_close - the file is closed
 * @session: Its session.
 *
 * Releases the DSP process (bounded wait, also after the application was
 * killed), forgets its DSP mappings and pooled payloads, then drops the
 * file's reference. Calls the application abandoned keep the session
 * until the DSP answers them or is known to have dropped them.
 */
void qda_proc_close(struct qda_session *session)
{
	struct qda_device *qdev = session->qdev;
	int ret;

	qda_ctx_drop_parked(session);

	mutex_lock(&session->lock);
	ret = qda_proc_release(session);
	mutex_unlock(&session->lock);

	/*
	 * Not confirmed: the process may live on and use its memory. Keep
	 * the session, its context bank and mappings, out of reach of new
	 * sessions until the release is answered late or the DSP goes down.
	 */
	if (ret && qda_proc_quarantine(session)) {
		qda_warn(qdev, "DSP did not confirm the release of client %u (%d); its context bank is held until it does or the DSP restarts\n",
			 session->client_id, ret);
	} else {
		mutex_lock(&session->lock);
		qda_proc_drop_dsp_maps(session);
		mutex_unlock(&session->lock);
		/* Once the process is gone its pending calls won't be answered */
		qda_ctx_fail_all(qdev, session, -EPIPE);
	}

	qda_payload_pool_close(session);

	qda_session_put(session);
}
