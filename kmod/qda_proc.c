// SPDX-License-Identifier: GPL-2.0-only
/*
 * The process layer: the DSP process manager's methods (create, attach,
 * release, map, unmap), the capability query, the ioctls built on them,
 * and closing a file's process (quarantine when the DSP does not answer).
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <drm/drm_file.h>

#include "qda_accel.h"
#include "qda_call.h"
#include "qda_drv.h"
#include "qda_fastrpc_wire.h"
#include "qda_gem.h"
#include "qda_payload.h"
#include "qda_proc.h"
#include "qda_session.h"

#define QDA_INIT_MEM_MIN	(2 * 1024 * 1024)
#define QDA_RELEASE_RETRY_MS	10

/**
 * struct qda_dsp_map - a BO slice mapped into the DSP process (MAP ioctl)
 * @node: Entry in qda_session.dsp_maps.
 * @map: The BO's mapping on the session's bank (reference held).
 * @dsp_addr: Address in the DSP process.
 * @offset: Slice offset in the BO.
 * @length: Slice length.
 * @legacy: Made with INIT_MMAP rather than INIT_MEM_MAP.
 * @handle: GEM handle the DSP was told about (MEM_MAP's fd).
 * @unconfirmed: The MAP timed out: the DSP may have made it, at an address
 *	we never learnt. Kept (and its BO mapped) until the process is gone;
 *	UNMAP cannot name it.
 */
struct qda_dsp_map {
	struct list_head node;
	struct qda_bo_map *map;
	u64 dsp_addr;
	u64 offset;
	u64 length;
	bool legacy;
	u32 handle;
	bool unconfirmed;
};

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

/*
 * Whether the file's opener may attach to a privileged PD. The rights are
 * the opener's (f_cred, captured at open), so a file handed to another
 * process keeps them and a privileged process cannot borrow them for a file
 * someone else opened. Both the capability and the group are those of the
 * initial user namespace: a user namespace that maps privileged_gid onto a
 * group of its own gives nothing, and a gid with no mapping admits nobody.
 */
static bool qda_privileged(struct drm_file *file)
{
	const struct file *filp = file->filp;
	int gid = READ_ONCE(qda_privileged_gid);
	kgid_t kgid;

	if (file_ns_capable(filp, &init_user_ns, CAP_SYS_ADMIN))
		return true;
	if (gid < 0)
		return false;
	kgid = make_kgid(&init_user_ns, gid);
	return gid_valid(kgid) && qda_cred_in_group(filp->f_cred, kgid);
}

int qda_ioctl_proc_attach(struct drm_device *drm, void *data,
			  struct drm_file *file)
{
	struct qda_session *session = qda_file_session(file);
	struct drm_qda_proc_attach *args = data;
	__le32 client_id = cpu_to_le32(session->client_id);
	struct qda_call_arg cargs[1] = {
		{ .kbuf = &client_id, .length = sizeof(client_id) },
	};
	u32 epoch, status;
	int ret;

	if (args->flags)
		return -EINVAL;
	if (args->pd != DRM_QDA_PD_ROOT && args->pd != DRM_QDA_PD_SENSORS)
		return -EINVAL;
	if (!qda_privileged(file))
		return -EPERM;

	mutex_lock(&session->lock);
	if (session->proc_state != DRM_QDA_PROC_STATE_NONE) {
		ret = -EALREADY;
		goto out_unlock;
	}
	epoch = qda_remote_epoch(session->qdev);
	if (!epoch) {
		ret = -EPIPE;
		goto out_unlock;
	}
	ret = qda_init_call(session, QDA_FASTRPC_RMID_INIT_ATTACH, args->pd,
			    epoch, 1, 0, cargs, &status);
	if (!ret)
		ret = qda_dsp_error(session, "attach", status);
	if (ret == -ETIMEDOUT) {
		/* The DSP may still attach us: release at close, as for create */
		session->pd = args->pd;
		session->proc_epoch = epoch;
		WRITE_ONCE(session->proc_state, QDA_PROC_STATE_UNCONFIRMED);
	}
	if (!ret) {
		session->pd = args->pd;
		session->proc_epoch = epoch;
		/* pd and epoch are read without the lock once READY is seen */
		smp_store_release(&session->proc_state,
				  DRM_QDA_PROC_STATE_READY);
	}
out_unlock:
	mutex_unlock(&session->lock);
	return ret;
}

int qda_ioctl_proc_create(struct drm_device *drm, void *data,
			  struct drm_file *file)
{
	struct qda_session *session = qda_file_session(file);
	struct drm_qda_proc_create *args = data;
	struct qda_fastrpc_create_msg msg = {};
	struct qda_fastrpc_phy_page init_page;
	struct qda_bo_map *shell_map = NULL;
	char name[DRM_QDA_PROC_NAME_MAX + 1];
	struct qda_call_arg cargs[4] = {};
	struct qda_bo *shell_bo, *init_mem;
	struct qda_bo_map *init_map;
	size_t init_size;
	u32 epoch, status;
	u64 end;
	int ret;

	if (args->flags & ~DRM_QDA_PROC_FLAGS || args->pad)
		return -EINVAL;
	if (!args->name_len || args->name_len > DRM_QDA_PROC_NAME_MAX)
		return -EINVAL;
	if (!args->shell_handle && (args->shell_size || args->shell_offset))
		return -EINVAL;
	if (args->shell_handle &&
	    (!args->shell_size || args->shell_size > DRM_QDA_PROC_SHELL_MAX))
		return -EINVAL;
	if (copy_from_user(name, u64_to_user_ptr(args->name_ptr),
			   args->name_len))
		return -EFAULT;
	name[args->name_len] = '\0';

	if (args->shell_handle) {
		shell_map = qda_bo_map_lookup(file, args->shell_handle,
					      &shell_bo);
		if (IS_ERR(shell_map))
			return PTR_ERR(shell_map);
		if (check_add_overflow(args->shell_offset, args->shell_size,
				       &end) || end > shell_bo->base.size) {
			ret = -EINVAL;
			goto err_put_shell;
		}
	}

	mutex_lock(&session->lock);
	if (session->proc_state != DRM_QDA_PROC_STATE_NONE) {
		ret = -EALREADY;
		goto err_unlock;
	}
	epoch = qda_remote_epoch(session->qdev);
	if (!epoch) {
		ret = -EPIPE;
		goto err_unlock;
	}

	init_size = ALIGN(max_t(u64, QDA_INIT_MEM_MIN, 4 * args->shell_size),
			  1024 * 1024);
	init_mem = qda_bo_create(session, init_size);
	if (IS_ERR(init_mem)) {
		ret = PTR_ERR(init_mem);
		goto err_unlock;
	}
	init_map = qda_bo_map_get(init_mem, session);
	/* The mapping holds the BO from here on */
	drm_gem_object_put(&init_mem->base);
	if (IS_ERR(init_map)) {
		ret = PTR_ERR(init_map);
		goto err_unlock;
	}

	msg.client_id = cpu_to_le32(session->client_id);
	msg.namelen = cpu_to_le32(args->name_len + 1);
	msg.filelen = cpu_to_le32(args->shell_size);
	msg.pageslen = cpu_to_le32(1);
	if (args->flags & DRM_QDA_PROC_UNSIGNED)
		msg.attrs = cpu_to_le32(QDA_FASTRPC_MODE_UNSIGNED_MODULE);
	init_page = qda_payload_phy_page(init_map->dev_addr, init_size);

	cargs[0].kbuf = &msg;
	cargs[0].length = sizeof(msg);
	cargs[1].kbuf = name;
	cargs[1].length = args->name_len + 1;
	cargs[2].map = shell_map;
	cargs[2].offset = args->shell_offset;
	cargs[2].length = args->shell_size;
	cargs[3].kbuf = &init_page;
	cargs[3].length = sizeof(init_page);
	/* The call owns the shell mapping reference from here */
	shell_map = NULL;

	ret = qda_init_call(session, msg.attrs ?
			    QDA_FASTRPC_RMID_INIT_CREATE_ATTR :
			    QDA_FASTRPC_RMID_INIT_CREATE,
			    QDA_FASTRPC_PD_USER, epoch, 4, 0, cargs, &status);
	if (!ret)
		ret = qda_dsp_error(session, "process creation", status);
	if (ret == -ETIMEDOUT) {
		/*
		 * The DSP may still create it, on this init memory: keep both,
		 * and send the release at close as for a process we know of.
		 */
		session->init_map = init_map;
		session->pd = QDA_FASTRPC_PD_USER;
		session->proc_epoch = epoch;
		WRITE_ONCE(session->proc_state, QDA_PROC_STATE_UNCONFIRMED);
		goto err_unlock;
	}
	if (ret) {
		qda_bo_map_put(init_map);
		goto err_unlock;
	}

	session->init_map = init_map;
	session->pd = QDA_FASTRPC_PD_USER;
	session->proc_epoch = epoch;
	/* pd and epoch are read without the lock once READY is seen */
	smp_store_release(&session->proc_state, DRM_QDA_PROC_STATE_READY);
	mutex_unlock(&session->lock);
	return 0;

err_unlock:
	mutex_unlock(&session->lock);
err_put_shell:
	if (shell_map)
		qda_bo_map_put(shell_map);
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
	__le32 count = cpu_to_le32(QDA_FASTRPC_NUM_ATTRIBUTES - 1);
	struct qda_call_arg cargs[2] = {};
	struct qda_call_req req = {
		.handle = QDA_FASTRPC_HANDLE_UTILITIES,
		.sc = QDA_SC_MAKE(0, 0, 1, 1, 0, 0),
		.pd = QDA_FASTRPC_PD_ROOT,
		.kind = QDA_CALL_KERNEL,
		.wait = QDA_WAIT_KERNEL,
		.args = cargs,
		.nargs = ARRAY_SIZE(cargs),
	};
	u32 epoch, status;
	__le32 *words;
	unsigned int i;
	int ret;

	mutex_lock(&qdev->caps_lock);
	epoch = qda_remote_epoch(qdev);
	if (!epoch) {
		ret = -EPIPE;
		goto out_unlock;
	}
	if (qdev->caps_epoch == epoch) {
		ret = qdev->caps_err;
		goto out_value;
	}

	words = kcalloc(QDA_FASTRPC_NUM_ATTRIBUTES - 1, sizeof(*words),
			GFP_KERNEL);
	if (!words) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	cargs[0].kbuf = &count;
	cargs[0].length = sizeof(count);
	cargs[1].kbuf = words;
	cargs[1].length = (QDA_FASTRPC_NUM_ATTRIBUTES - 1) * sizeof(*words);
	req.epoch = epoch;
	ret = qda_call(session, &req);
	status = req.dsp_status;
	if (!ret && status == QDA_AEE_EUNSUPPORTED)
		ret = -EOPNOTSUPP;
	else if (!ret && status)
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
out_value:
	if (!ret)
		*value = qdev->caps[attr];
out_unlock:
	mutex_unlock(&qdev->caps_lock);
	return ret;
}

int qda_ioctl_invoke(struct drm_device *drm, void *data,
		     struct drm_file *file)
{
	struct qda_session *session = qda_file_session(file);
	struct drm_qda_invoke *args = data;
	struct drm_qda_invoke_arg __user *uptr = u64_to_user_ptr(args->args_ptr);
	struct drm_qda_invoke_arg *uargs = NULL;
	struct qda_call_arg *cargs = NULL;
	unsigned int n = args->num_args, nbufs, nin, i;
	struct qda_call_req req = {
		.handle = args->remote_handle,
		.sc = args->sc,
		.kind = QDA_CALL_USER,
		.wait = QDA_WAIT_USER,
		.deadline = args->timeout_ns,
		.nargs = n,
	};
	int ret;

	if (args->flags || args->pad)
		return -EINVAL;
	if (args->remote_handle == QDA_FASTRPC_HANDLE_INIT)
		return -EPERM;
	if (n != qda_sc_length(args->sc) || n > QDA_MAX_ARGS)
		return -EINVAL;
	if (args->timeout_ns < 0)
		return -EINVAL;
	if (n && !args->args_ptr)
		return -EFAULT;
	/* Pairs with the release in create/attach: pd and epoch are set */
	if (smp_load_acquire(&session->proc_state) != DRM_QDA_PROC_STATE_READY)
		return -ENOTCONN;

	req.pd = session->pd;
	req.epoch = session->proc_epoch;
	nin = QDA_SC_INBUFS(args->sc);
	nbufs = qda_sc_nbufs(args->sc);
	if (n) {
		uargs = kmalloc_array(n, sizeof(*uargs), GFP_KERNEL);
		cargs = kcalloc(n, sizeof(*cargs), GFP_KERNEL);
		req.args = cargs;
		if (!uargs || !cargs) {
			ret = -ENOMEM;
			goto out_free;
		}
		if (copy_from_user(uargs, uptr, n * sizeof(*uargs))) {
			ret = -EFAULT;
			goto out_free;
		}
	}

	for (i = 0; i < n; i++) {
		struct drm_qda_invoke_arg *ua = &uargs[i];
		struct qda_bo *bo;
		u64 end;

		if (ua->flags) {
			ret = -EINVAL;
			goto err_put_maps;
		}
		cargs[i].offset = ua->offset;
		cargs[i].length = ua->length;
		cargs[i].handle = ua->handle;
		if (!ua->handle) {
			if (ua->length || ua->offset) {
				ret = -EINVAL;
				goto err_put_maps;
			}
			continue;
		}
		cargs[i].map = qda_bo_map_lookup(file, ua->handle, &bo);
		if (IS_ERR(cargs[i].map)) {
			ret = PTR_ERR(cargs[i].map);
			cargs[i].map = NULL;
			goto err_put_maps;
		}
		if (check_add_overflow(ua->offset, ua->length, &end) ||
		    end > bo->base.size ||
		    (i >= nbufs && (ua->offset > U32_MAX ||
				    ua->length > U32_MAX))) {
			ret = -EINVAL;
			goto err_put_maps;
		}
	}

	/* The call owns the mapping references now */
	ret = qda_call(session, &req);
	if (ret)
		goto out_free;

	for (i = nin; i < nbufs; i++)
		uargs[i].length = cargs[i].length;
	if (n && copy_to_user(uptr, uargs, n * sizeof(*uargs))) {
		ret = -EFAULT;
		goto out_free;
	}
	args->dsp_status = req.dsp_status;
	goto out_free;

err_put_maps:
	for (i = 0; i < n; i++)
		if (cargs[i].map)
			qda_bo_map_put(cargs[i].map);
out_free:
	kfree(cargs);
	kfree(uargs);
	return ret;
}

int qda_ioctl_map(struct drm_device *drm, void *data, struct drm_file *file)
{
	struct qda_session *session = qda_file_session(file);
	__le32 client_id = cpu_to_le32(session->client_id);
	struct drm_qda_map *args = data;
	struct qda_fastrpc_mem_map_req mem_req = {};
	struct qda_fastrpc_mmap_req mmap_req = {};
	struct qda_fastrpc_mmap_rsp rsp = {};
	struct qda_fastrpc_phy_page page;
	struct qda_call_arg cargs[4] = {};
	struct qda_bo_map *map;
	struct qda_dsp_map *dm;
	struct qda_bo *bo;
	u32 status;
	u64 end;
	int ret;

	if (args->flags & ~DRM_QDA_MAP_FLAGS)
		return -EINVAL;
	if (!args->length || !PAGE_ALIGNED(args->offset) ||
	    !PAGE_ALIGNED(args->length))
		return -EINVAL;

	map = qda_bo_map_lookup(file, args->handle, &bo);
	if (IS_ERR(map))
		return PTR_ERR(map);
	/* The process manager takes one range: not an import in pieces */
	if (check_add_overflow(args->offset, args->length, &end) ||
	    end > bo->base.size || map->segs) {
		ret = -EINVAL;
		goto err_put_map;
	}

	dm = kzalloc(sizeof(*dm), GFP_KERNEL);
	if (!dm) {
		ret = -ENOMEM;
		goto err_put_map;
	}

	mutex_lock(&session->lock);
	if (session->proc_state != DRM_QDA_PROC_STATE_READY ||
	    session->proc_epoch != qda_remote_epoch(session->qdev)) {
		ret = -ENOTCONN;
		goto err_unlock;
	}

	page = qda_payload_phy_page(map->dev_addr + args->offset, args->length);
	if (args->flags & DRM_QDA_MAP_LEGACY) {
		mmap_req.client_id = client_id;
		mmap_req.flags = cpu_to_le32(QDA_FASTRPC_MMAP_ADD_PAGES);
		mmap_req.num = cpu_to_le32(sizeof(page));
		cargs[0].kbuf = &mmap_req;
		cargs[0].length = sizeof(mmap_req);
		cargs[1].kbuf = &page;
		cargs[1].length = sizeof(page);
		cargs[2].kbuf = &rsp;
		cargs[2].length = sizeof(rsp);
		ret = qda_init_call(session, QDA_FASTRPC_RMID_INIT_MMAP,
				    session->pd, session->proc_epoch, 2, 1, cargs, &status);
	} else {
		mem_req.client_id = client_id;
		mem_req.fd = cpu_to_le32(args->handle);
		mem_req.offset = cpu_to_le32(0);
		mem_req.flags = cpu_to_le32(QDA_FASTRPC_MAP_FD);
		mem_req.num = cpu_to_le32(sizeof(page));
		cargs[0].kbuf = &mem_req;
		cargs[0].length = sizeof(mem_req);
		cargs[1].kbuf = &page;
		cargs[1].length = sizeof(page);
		/* cargs[2]: an empty data buffer, as the firmware expects */
		cargs[3].kbuf = &rsp;
		cargs[3].length = sizeof(rsp);
		ret = qda_init_call(session, QDA_FASTRPC_RMID_INIT_MEM_MAP,
				    session->pd, session->proc_epoch, 3, 1, cargs, &status);
	}
	if (!ret)
		ret = qda_dsp_error(session, "map", status);
	if (ret == -ETIMEDOUT) {
		dm->map = map;
		dm->handle = args->handle;
		dm->unconfirmed = true;
		list_add_tail(&dm->node, &session->dsp_maps);
		atomic64_inc(&session->qdev->stats.dsp_maps);
		mutex_unlock(&session->lock);
		return ret;
	}
	if (ret)
		goto err_unlock;

	dm->map = map;
	dm->dsp_addr = le64_to_cpu(rsp.vaddr);
	dm->offset = args->offset;
	dm->length = args->length;
	dm->legacy = args->flags & DRM_QDA_MAP_LEGACY;
	dm->handle = args->handle;
	list_add_tail(&dm->node, &session->dsp_maps);
	atomic64_inc(&session->qdev->stats.dsp_maps);
	/* Before unlocking: another thread may unmap (and free) it at once */
	args->dsp_addr = dm->dsp_addr;
	mutex_unlock(&session->lock);
	return 0;

err_unlock:
	mutex_unlock(&session->lock);
	kfree(dm);
err_put_map:
	qda_bo_map_put(map);
	return ret;
}

int qda_ioctl_unmap(struct drm_device *drm, void *data,
		    struct drm_file *file)
{
	struct qda_session *session = qda_file_session(file);
	__le32 client_id = cpu_to_le32(session->client_id);
	struct drm_qda_unmap *args = data;
	struct qda_fastrpc_mem_unmap_req mem_req = {};
	struct qda_fastrpc_munmap_req mreq = {};
	struct qda_call_arg cargs[1] = {};
	struct qda_dsp_map *dm, *found = NULL;
	u32 status;
	int ret;

	if (args->flags || args->pad)
		return -EINVAL;

	mutex_lock(&session->lock);
	list_for_each_entry(dm, &session->dsp_maps, node) {
		if (!dm->unconfirmed && dm->dsp_addr == args->dsp_addr) {
			found = dm;
			break;
		}
	}
	if (!found) {
		ret = -ENOENT;
		goto out_unlock;
	}
	/* The DSP restarted: the process and its mappings are gone there */
	if (session->proc_epoch != qda_remote_epoch(session->qdev)) {
		ret = -EPIPE;
	} else if (found->legacy) {
		mreq.client_id = client_id;
		mreq.vaddr = cpu_to_le64(found->dsp_addr);
		mreq.size = cpu_to_le64(found->length);
		cargs[0].kbuf = &mreq;
		cargs[0].length = sizeof(mreq);
		ret = qda_init_call(session, QDA_FASTRPC_RMID_INIT_MUNMAP,
				    session->pd, session->proc_epoch, 1, 0, cargs, &status);
	} else {
		mem_req.client_id = client_id;
		mem_req.fd = cpu_to_le32(found->handle);
		mem_req.vaddrin = cpu_to_le64(found->dsp_addr);
		mem_req.len = cpu_to_le64(found->length);
		cargs[0].kbuf = &mem_req;
		cargs[0].length = sizeof(mem_req);
		ret = qda_init_call(session, QDA_FASTRPC_RMID_INIT_MEM_UNMAP,
				    session->pd, session->proc_epoch, 1, 0, cargs, &status);
	}
	/* Without a DSP process there is nothing left to unmap remotely */
	if (ret == -EPIPE || ret == -ENOTCONN)
		ret = 0;
	else if (!ret)
		ret = qda_dsp_error(session, "unmap", status);
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
