// SPDX-License-Identifier: GPL-2.0-only
/*
 * The DRM ioctls: each checks every field of its UAPI struct, copies what
 * userspace passes, resolves the file's handles, and hands the result to
 * the process or memory layer. Nothing below this file sees a UAPI struct
 * of the process ioctls, so the FastRPC character-device front end can
 * drive the same layers.
 */
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>

#include "qda_accel.h"
#include "qda_call.h"
#include "qda_device.h"
#include "qda_fastrpc_wire.h"
#include "qda_gem.h"
#include "qda_ioctl.h"
#include "qda_payload.h"
#include "qda_proc.h"
#include "qda_session.h"

static int qda_query_string(struct drm_qda_query *args, const char *str)
{
	size_t need = strlen(str) + 1;

	args->value = need - 1;
	if (args->data_ptr) {
		if (args->data_size < need)
			return -ENOSPC;
		if (copy_to_user(u64_to_user_ptr(args->data_ptr), str, need))
			return -EFAULT;
	}
	args->data_size = need;
	return 0;
}

int qda_ioctl_query(struct drm_device *drm, void *data,
		    struct drm_file *file)
{
	struct qda_device *qdev = to_qda_device(drm);
	struct qda_session *session = qda_file_session(file);
	struct drm_qda_query *args = data;
	u32 value;
	int ret;

	if (args->pad)
		return -EINVAL;
	if (args->param != DRM_QDA_PARAM_DOMAIN_NAME &&
	    (args->data_ptr || args->data_size))
		return -EINVAL;
	if (args->param != DRM_QDA_PARAM_DSP_CAPABILITY && args->index)
		return -EINVAL;

	switch (args->param) {
	case DRM_QDA_PARAM_UAPI_VERSION:
		args->value = DRM_QDA_UAPI_VERSION_MAJOR << 16 |
			      DRM_QDA_UAPI_VERSION_MINOR;
		return 0;
	case DRM_QDA_PARAM_DOMAIN_ID:
		args->value = qdev->domain_id;
		return 0;
	case DRM_QDA_PARAM_DOMAIN_NAME:
		return qda_query_string(args, qdev->name);
	case DRM_QDA_PARAM_DSP_CAPABILITY:
		if (args->index >= DRM_QDA_NUM_DSP_ATTRIBUTES)
			return -EINVAL;
		ret = qda_proc_get_caps(session, args->index, &value);
		if (ret)
			return ret;
		args->value = value;
		return 0;
	case DRM_QDA_PARAM_MAX_ARGS:
		args->value = QDA_MAX_ARGS;
		return 0;
	case DRM_QDA_PARAM_MAX_BO_SIZE:
		args->value = QDA_MAX_BO_SIZE;
		return 0;
	case DRM_QDA_PARAM_NUM_CONTEXT_BANKS:
		args->value = qdev->num_cbs;
		return 0;
	case DRM_QDA_PARAM_PROC_STATE:
		args->value = qda_proc_state(session);
		return 0;
	default:
		return -EINVAL;
	}
}

int qda_ioctl_gem_create(struct drm_device *drm, void *data,
			 struct drm_file *file)
{
	struct drm_qda_gem_create *args = data;
	struct qda_bo *bo;
	u32 handle;
	int ret;

	if (args->flags)
		return -EINVAL;
	if (!args->size)
		return -EINVAL;
	if (args->size > QDA_MAX_BO_SIZE)
		return -E2BIG;

	bo = qda_bo_create(qda_file_session(file), PAGE_ALIGN(args->size));
	if (IS_ERR(bo))
		return PTR_ERR(bo);

	ret = drm_gem_handle_create(file, &bo->base, &handle);
	/* The handle holds the BO now, or nothing does */
	drm_gem_object_put(&bo->base);
	if (ret)
		return ret;

	args->handle = handle;
	return 0;
}

int qda_ioctl_gem_info(struct drm_device *drm, void *data,
		       struct drm_file *file)
{
	struct drm_qda_gem_info *args = data;
	struct drm_gem_object *obj;

	obj = drm_gem_object_lookup(file, args->handle);
	if (!obj)
		return -ENOENT;

	args->size = obj->size;
	if (qda_gem_is_imported(obj)) {
		args->mmap_offset = 0;
		args->info_flags = DRM_QDA_BO_INFO_IMPORTED;
	} else {
		args->mmap_offset = drm_vma_node_offset_addr(&obj->vma_node);
		args->info_flags = 0;
	}
	drm_gem_object_put(obj);
	return 0;
}

int qda_ioctl_proc_attach(struct drm_device *drm, void *data,
			  struct drm_file *file)
{
	struct drm_qda_proc_attach *args = data;

	if (args->flags)
		return -EINVAL;
	if (args->pd != DRM_QDA_PD_ROOT && args->pd != DRM_QDA_PD_SENSORS)
		return -EINVAL;
	if (!qda_proc_privileged(file->filp))
		return -EPERM;
	return qda_proc_attach(qda_file_session(file), args->pd);
}

/* The fields of a PROC_CREATE that need no lookup */
static int qda_proc_create_check(const struct drm_qda_proc_create *args)
{
	if (args->flags & ~DRM_QDA_PROC_FLAGS || args->pad)
		return -EINVAL;
	if (!args->name_len || args->name_len > DRM_QDA_PROC_NAME_MAX)
		return -EINVAL;
	if (!args->shell_handle && (args->shell_size || args->shell_offset))
		return -EINVAL;
	if (args->shell_handle &&
	    (!args->shell_size || args->shell_size > DRM_QDA_PROC_SHELL_MAX))
		return -EINVAL;
	return 0;
}

int qda_ioctl_proc_create(struct drm_device *drm, void *data,
			  struct drm_file *file)
{
	struct drm_qda_proc_create *args = data;
	char name[DRM_QDA_PROC_NAME_MAX + 1];
	struct qda_proc_image img = {
		.name = name,
		.name_len = args->name_len,
		.shell_offset = args->shell_offset,
		.shell_size = args->shell_size,
		.unsigned_pd = args->flags & DRM_QDA_PROC_UNSIGNED,
	};
	struct qda_bo *shell_bo;
	u64 end;
	int ret;

	ret = qda_proc_create_check(args);
	if (ret)
		return ret;
	if (copy_from_user(name, u64_to_user_ptr(args->name_ptr),
			   args->name_len))
		return -EFAULT;
	name[args->name_len] = '\0';

	if (args->shell_handle) {
		img.shell_map = qda_bo_map_lookup(file, args->shell_handle,
						  &shell_bo);
		if (IS_ERR(img.shell_map))
			return PTR_ERR(img.shell_map);
		if (check_add_overflow(args->shell_offset, args->shell_size,
				       &end) || end > shell_bo->base.size) {
			qda_bo_map_put(img.shell_map);
			return -EINVAL;
		}
	}
	return qda_proc_create(qda_file_session(file), &img);
}

/* The fields of an INVOKE that need no copy or lookup */
static int qda_invoke_check(const struct drm_qda_invoke *args)
{
	unsigned int n = args->num_args;

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
	return 0;
}

/*
 * One argument of an INVOKE (@i of the @nbufs buffers and the handles
 * after them) into @ca, with a reference on its BO mapping if it names
 * one.
 */
static int qda_invoke_arg(struct drm_file *file,
			  const struct drm_qda_invoke_arg *ua, unsigned int i,
			  unsigned int nbufs, struct qda_call_arg *ca)
{
	struct qda_bo *bo;
	u64 end;

	if (ua->flags)
		return -EINVAL;
	ca->offset = ua->offset;
	ca->length = ua->length;
	ca->handle = ua->handle;
	if (!ua->handle)
		return ua->length || ua->offset ? -EINVAL : 0;
	ca->map = qda_bo_map_lookup(file, ua->handle, &bo);
	if (IS_ERR(ca->map)) {
		int ret = PTR_ERR(ca->map);

		ca->map = NULL;
		return ret;
	}
	if (check_add_overflow(ua->offset, ua->length, &end) ||
	    end > bo->base.size ||
	    (i >= nbufs && (ua->offset > U32_MAX || ua->length > U32_MAX)))
		return -EINVAL;
	return 0;
}

int qda_ioctl_invoke(struct drm_device *drm, void *data,
		     struct drm_file *file)
{
	struct qda_session *session = qda_file_session(file);
	struct drm_qda_invoke *args = data;
	struct drm_qda_invoke_arg __user *uptr = u64_to_user_ptr(args->args_ptr);
	struct drm_qda_invoke_arg *uargs = NULL;
	unsigned int n = args->num_args, nbufs, i;
	struct qda_call_req req = {
		.handle = args->remote_handle,
		.sc = args->sc,
		.deadline = args->timeout_ns,
		.nargs = n,
	};
	int ret;

	ret = qda_invoke_check(args) ?: qda_proc_ready(session);
	if (ret)
		return ret;
	nbufs = qda_sc_nbufs(args->sc);
	if (n) {
		uargs = kmalloc_array(n, sizeof(*uargs), GFP_KERNEL);
		req.args = kcalloc(n, sizeof(*req.args), GFP_KERNEL);
		if (!uargs || !req.args) {
			ret = -ENOMEM;
			goto out_free;
		}
		if (copy_from_user(uargs, uptr, n * sizeof(*uargs))) {
			ret = -EFAULT;
			goto out_free;
		}
	}
	for (i = 0; i < n; i++) {
		ret = qda_invoke_arg(file, &uargs[i], i, nbufs, &req.args[i]);
		if (ret) {
			qda_call_args_put(req.args, n);
			goto out_free;
		}
	}

	/* The call owns the mapping references now */
	ret = qda_proc_invoke(session, &req);
	if (ret)
		goto out_free;

	for (i = QDA_SC_INBUFS(args->sc); i < nbufs; i++)
		uargs[i].length = req.args[i].length;
	if (n && copy_to_user(uptr, uargs, n * sizeof(*uargs))) {
		ret = -EFAULT;
		goto out_free;
	}
	args->dsp_status = req.dsp_status;

out_free:
	kfree(req.args);
	kfree(uargs);
	return ret;
}

int qda_ioctl_map(struct drm_device *drm, void *data, struct drm_file *file)
{
	struct drm_qda_map *args = data;
	struct qda_dsp_map want = {
		.offset = args->offset,
		.length = args->length,
		.legacy = args->flags & DRM_QDA_MAP_LEGACY,
		.handle = args->handle,
	};
	struct qda_bo *bo;
	u64 end;
	int ret;

	if (args->flags & ~DRM_QDA_MAP_FLAGS)
		return -EINVAL;
	if (!args->length || !PAGE_ALIGNED(args->offset) ||
	    !PAGE_ALIGNED(args->length))
		return -EINVAL;

	want.map = qda_bo_map_lookup(file, args->handle, &bo);
	if (IS_ERR(want.map))
		return PTR_ERR(want.map);
	/* The process manager takes one range: not an import in pieces */
	if (check_add_overflow(args->offset, args->length, &end) ||
	    end > bo->base.size || want.map->segs) {
		qda_bo_map_put(want.map);
		return -EINVAL;
	}
	ret = qda_proc_map(qda_file_session(file), &want);
	if (!ret)
		args->dsp_addr = want.dsp_addr;
	return ret;
}

int qda_ioctl_unmap(struct drm_device *drm, void *data,
		    struct drm_file *file)
{
	struct drm_qda_unmap *args = data;

	if (args->flags || args->pad)
		return -EINVAL;
	return qda_proc_unmap(qda_file_session(file), args->dsp_addr);
}
