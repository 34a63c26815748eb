/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * QDA: Qualcomm DSP Accelerator, DRM accel UAPI.
 *
 * One accel device (/dev/accel/accelN, DRM driver name "qda") exists per
 * DSP domain. Each open file is one session: it owns one context bank
 * (an IOMMU stream of the DSP) and, once created or attached, one process
 * on the DSP ("protection domain", PD).
 *
 * Rules that hold for every ioctl below:
 *  - Buffers are GEM handles plus byte offsets, never user pointers. The
 *    kernel never reads or writes application data other than through BOs.
 *    dma-bufs are imported with DRM_IOCTL_PRIME_FD_TO_HANDLE first.
 *  - Every field marked MBZ (must be zero), every pad and every flags bit
 *    that is not defined here must be zero, or the ioctl fails with -EINVAL.
 *  - Handles are resolved in the calling file only; a handle of another
 *    file is -ENOENT.
 *  - Ioctl numbers are append-only. Do not re-order, replace or remove.
 */
#ifndef _QDA_ACCEL_H_
#define _QDA_ACCEL_H_

#include "drm.h"

#if defined(__cplusplus)
extern "C" {
#endif

/** DRM_QDA_UAPI_VERSION_MAJOR - incompatible changes (never expected) */
#define DRM_QDA_UAPI_VERSION_MAJOR	1
/** DRM_QDA_UAPI_VERSION_MINOR - additions (new params, flags, ioctls) */
#define DRM_QDA_UAPI_VERSION_MINOR	0

#define DRM_QDA_QUERY		0x00
#define DRM_QDA_GEM_CREATE	0x01
#define DRM_QDA_GEM_INFO	0x02
#define DRM_QDA_PROC_CREATE	0x03
#define DRM_QDA_PROC_ATTACH	0x04
#define DRM_QDA_INVOKE		0x05
#define DRM_QDA_MAP		0x06
#define DRM_QDA_UNMAP		0x07

#define DRM_IOCTL_QDA_QUERY \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_QDA_QUERY, struct drm_qda_query)
#define DRM_IOCTL_QDA_GEM_CREATE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_QDA_GEM_CREATE, struct drm_qda_gem_create)
#define DRM_IOCTL_QDA_GEM_INFO \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_QDA_GEM_INFO, struct drm_qda_gem_info)
#define DRM_IOCTL_QDA_PROC_CREATE \
	DRM_IOW(DRM_COMMAND_BASE + DRM_QDA_PROC_CREATE, struct drm_qda_proc_create)
#define DRM_IOCTL_QDA_PROC_ATTACH \
	DRM_IOW(DRM_COMMAND_BASE + DRM_QDA_PROC_ATTACH, struct drm_qda_proc_attach)
#define DRM_IOCTL_QDA_INVOKE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_QDA_INVOKE, struct drm_qda_invoke)
#define DRM_IOCTL_QDA_MAP \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_QDA_MAP, struct drm_qda_map)
#define DRM_IOCTL_QDA_UNMAP \
	DRM_IOW(DRM_COMMAND_BASE + DRM_QDA_UNMAP, struct drm_qda_unmap)

/*
 * DSP domain identifiers, as returned by DRM_QDA_PARAM_DOMAIN_ID. The
 * textual name (DRM_QDA_PARAM_DOMAIN_NAME) is the one FastRPC URIs use in
 * "&_dom=<name>".
 */
#define DRM_QDA_DOMAIN_ADSP	0
#define DRM_QDA_DOMAIN_MDSP	1
#define DRM_QDA_DOMAIN_SDSP	2
#define DRM_QDA_DOMAIN_CDSP	3
#define DRM_QDA_DOMAIN_CDSP1	4
#define DRM_QDA_DOMAIN_GDSP0	5
#define DRM_QDA_DOMAIN_GDSP1	6

/**
 * DOC: query parameters
 *
 * %DRM_QDA_PARAM_UAPI_VERSION: @value = major << 16 | minor of this header
 * as implemented by the running driver.
 *
 * %DRM_QDA_PARAM_DOMAIN_ID: @value = one of DRM_QDA_DOMAIN_*.
 *
 * %DRM_QDA_PARAM_DOMAIN_NAME: the domain name ("cdsp", ...) as a
 * NUL-terminated string written to @data_ptr. @value = its length without
 * the NUL. If @data_ptr is 0 only @data_size is written (bytes needed,
 * NUL included); if @data_size is smaller than needed: -ENOSPC.
 *
 * %DRM_QDA_PARAM_DSP_CAPABILITY: @value = the DSP's capability word for
 * attribute id @index (0..255, the FastRPC "remote_dsp_attributes" ids,
 * e.g. 1 unsigned PD support, 2/3 HVX 64/128-byte support, 6 arch
 * version). Fetched from the DSP once per boot of the DSP and cached.
 * -EOPNOTSUPP if the DSP cannot answer capability queries.
 *
 * %DRM_QDA_PARAM_MAX_ARGS: @value = the largest argument count
 * (DRM_QDA_SCALARS_LENGTH) that DRM_IOCTL_QDA_INVOKE accepts.
 *
 * %DRM_QDA_PARAM_MAX_BO_SIZE: @value = the largest size DRM_IOCTL_QDA_GEM_CREATE
 * accepts, in bytes.
 *
 * %DRM_QDA_PARAM_NUM_CONTEXT_BANKS: @value = the number of context banks
 * (IOMMU streams) of this domain. A file takes one with its first BO,
 * import, DSP process or capability query and keeps it until closed, so
 * this is how many such files can exist at once; past it those calls fail
 * with -EBUSY. A file that only queries the device holds none.
 *
 * %DRM_QDA_PARAM_PROC_STATE: @value = DRM_QDA_PROC_STATE_* of the calling
 * file's DSP process.
 *
 * For every parameter but DOMAIN_NAME, @data_ptr and @data_size are MBZ;
 * @index is MBZ for every parameter but DSP_CAPABILITY. Unknown
 * parameters: -EINVAL.
 */
#define DRM_QDA_PARAM_UAPI_VERSION	0
#define DRM_QDA_PARAM_DOMAIN_ID		1
#define DRM_QDA_PARAM_DOMAIN_NAME	2
#define DRM_QDA_PARAM_DSP_CAPABILITY	3
#define DRM_QDA_PARAM_MAX_ARGS		4
#define DRM_QDA_PARAM_MAX_BO_SIZE	5
#define DRM_QDA_PARAM_NUM_CONTEXT_BANKS	6
#define DRM_QDA_PARAM_PROC_STATE	7

/** DRM_QDA_NUM_DSP_ATTRIBUTES - capability attribute ids are below this */
#define DRM_QDA_NUM_DSP_ATTRIBUTES	256

/* Values of DRM_QDA_PARAM_PROC_STATE */
#define DRM_QDA_PROC_STATE_NONE		0	/* no DSP process yet */
#define DRM_QDA_PROC_STATE_READY	1	/* created or attached */
#define DRM_QDA_PROC_STATE_LOST		2	/* the DSP restarted since */

/**
 * struct drm_qda_query - read one device parameter
 * @value: Out. The parameter's value (see DOC: query parameters).
 * @data_ptr: In. User pointer for parameters that return bytes, else MBZ.
 * @param: In. One of DRM_QDA_PARAM_*.
 * @index: In. Sub-index (DSP_CAPABILITY only), else MBZ.
 * @data_size: In/Out. Size of the buffer at @data_ptr; out: bytes needed.
 * @pad: MBZ.
 */
struct drm_qda_query {
	__u64 value;
	__u64 data_ptr;
	__u32 param;
	__u32 index;
	__u32 data_size;
	__u32 pad;
};

/**
 * struct drm_qda_gem_create - allocate a buffer object
 * @size: In. Bytes, non-zero, rounded up to the page size; at most
 *	DRM_QDA_PARAM_MAX_BO_SIZE (-E2BIG beyond, -ENOMEM if memory runs out
 *	or the caller's memory cgroup is at its limit, -EDQUOT if the file
 *	would hold more BOs or bytes than the qda module parameters
 *	max_file_bos and max_file_mib allow (imported BOs count too), -EBUSY
 *	if the file has no context bank and none is free).
 * @flags: In. MBZ (no flags are defined yet).
 * @handle: Out. GEM handle, valid in this file only.
 *
 * The BO is mapped into the file's context bank at once, so the DSP can
 * reach it as soon as it is passed to DRM_IOCTL_QDA_INVOKE or
 * DRM_IOCTL_QDA_MAP. Freed with DRM_IOCTL_GEM_CLOSE.
 */
struct drm_qda_gem_create {
	__u64 size;
	__u32 flags;
	__u32 handle;
};

/* Bits of drm_qda_gem_info.info_flags */
#define DRM_QDA_BO_INFO_IMPORTED	(1u << 0)	/* imported dma-buf */

/**
 * struct drm_qda_gem_info - describe a buffer object
 * @size: Out. Size in bytes.
 * @mmap_offset: Out. Offset to pass to mmap() on this file to map the BO
 *	from its start (MAP_SHARED; a private writable mapping or an offset
 *	inside the BO is -EINVAL: map the BO's dma-buf for a page offset).
 *	0 for imported BOs, which are not mappable through QDA: map the
 *	dma-buf itself.
 * @handle: In. GEM handle.
 * @info_flags: Out. DRM_QDA_BO_INFO_* bits.
 */
struct drm_qda_gem_info {
	__u64 size;
	__u64 mmap_offset;
	__u32 handle;
	__u32 info_flags;
};

/* Bits of drm_qda_proc_create.flags */
#define DRM_QDA_PROC_UNSIGNED	(1u << 0)	/* unsigned PD (no signed code) */
#define DRM_QDA_PROC_FLAGS	(DRM_QDA_PROC_UNSIGNED)

/** DRM_QDA_PROC_NAME_MAX - longest process name, in bytes */
#define DRM_QDA_PROC_NAME_MAX	64
/** DRM_QDA_PROC_SHELL_MAX - largest process shell image, in bytes */
#define DRM_QDA_PROC_SHELL_MAX	(16u * 1024 * 1024)

/**
 * struct drm_qda_proc_create - create this session's process on the DSP
 * @name_ptr: In. User pointer to the process name (@name_len bytes, no
 *	NUL needed; shows up in DSP logs).
 * @shell_offset: In. Offset of the shell image in @shell_handle.
 * @shell_size: In. Bytes of the shell image; 0 when @shell_handle is 0,
 *	else 1..DRM_QDA_PROC_SHELL_MAX.
 * @name_len: In. 1..DRM_QDA_PROC_NAME_MAX.
 * @shell_handle: In. BO holding the DSP process shell ELF
 *	(fastrpc_shell_<n> or its unsigned twin), or 0 to let the DSP use
 *	the one it has built in.
 * @flags: In. DRM_QDA_PROC_* bits.
 * @pad: MBZ.
 *
 * Creates a dynamic user PD bound to this session; the driver allocates
 * its initial memory. Once per file: a second call (or one after
 * DRM_IOCTL_QDA_PROC_ATTACH) is -EALREADY. -EREMOTEIO when the DSP
 * refuses, -EPIPE while it is down. The process is released when the file
 * is closed, even if the application is killed.
 */
struct drm_qda_proc_create {
	__u64 name_ptr;
	__u64 shell_offset;
	__u64 shell_size;
	__u32 name_len;
	__u32 shell_handle;
	__u32 flags;
	__u32 pad;
};

/* Values of drm_qda_proc_attach.pd */
#define DRM_QDA_PD_ROOT		0	/* the DSP's root (guest OS) PD */
#define DRM_QDA_PD_SENSORS	2	/* the static sensors PD */

/**
 * struct drm_qda_proc_attach - attach this session to an existing DSP PD
 * @pd: In. DRM_QDA_PD_ROOT or DRM_QDA_PD_SENSORS.
 * @flags: In. MBZ.
 *
 * Privileged: needs CAP_SYS_ADMIN or membership of the group set by the
 * qda module parameter "privileged_gid", judged on the file's opener;
 * otherwise -EPERM. Ordinary applications use DRM_IOCTL_QDA_PROC_CREATE.
 * -ETIMEDOUT when the DSP does not answer in time: the session may then be
 * attached or not (DRM_QDA_PARAM_PROC_STATE reads LOST) and can only be
 * closed; the close detaches it.
 */
struct drm_qda_proc_attach {
	__u32 pd;
	__u32 flags;
};

/**
 * DOC: scalars and arguments of DRM_IOCTL_QDA_INVOKE
 *
 * A call names a remote handle and a 32-bit "scalars" word (sc):
 *
 *  bits 31..29  attr       method attributes, passed to the DSP as is
 *  bits 28..24  method     method index in the remote interface (0..31;
 *                          31 means "extended": the real method id is the
 *                          first 32-bit word of input buffer 0)
 *  bits 23..16  in bufs    number of input buffers
 *  bits 15..8   out bufs   number of output buffers
 *  bits  7..4   in handles number of input handles (buffers the DSP keeps
 *                          a reference to, e.g. for a later call)
 *  bits  3..0   out handles number of output handles
 *
 * The argument array has DRM_QDA_SCALARS_LENGTH(sc) entries in exactly this
 * order: input buffers, output buffers, input handles, output handles.
 * Each entry is a slice (handle, offset, length) of a BO of this file. A
 * zero-length slice may use handle 0. The DSP reads input slices and
 * writes output slices in place; no data is copied by the kernel. On
 * return the length of each output buffer holds the bytes the DSP
 * produced (never more than was passed in).
 *
 * Remote handles: 0 is the DSP's module loader ("remotectl": open a module
 * by URI, get its handle), 2 the DSP utilities. Handle 1 is the DSP
 * process manager and is reserved to the kernel: -EPERM. Handles returned
 * by remotectl (above 20) address loaded modules.
 */
#define DRM_QDA_SCALARS(attr, method, in, out, hin, hout)		\
	((((__u32)(attr) & 0x7) << 29) | (((__u32)(method) & 0x1f) << 24) | \
	 (((__u32)(in) & 0xff) << 16) | (((__u32)(out) & 0xff) << 8) |	\
	 (((__u32)(hin) & 0xf) << 4) | ((__u32)(hout) & 0xf))
#define DRM_QDA_SCALARS_ATTR(sc)	(((sc) >> 29) & 0x7)
#define DRM_QDA_SCALARS_METHOD(sc)	(((sc) >> 24) & 0x1f)
#define DRM_QDA_SCALARS_INBUFS(sc)	(((sc) >> 16) & 0xff)
#define DRM_QDA_SCALARS_OUTBUFS(sc)	(((sc) >> 8) & 0xff)
#define DRM_QDA_SCALARS_INHANDLES(sc)	(((sc) >> 4) & 0xf)
#define DRM_QDA_SCALARS_OUTHANDLES(sc)	((sc) & 0xf)
#define DRM_QDA_SCALARS_LENGTH(sc)					\
	(DRM_QDA_SCALARS_INBUFS(sc) + DRM_QDA_SCALARS_OUTBUFS(sc) +	\
	 DRM_QDA_SCALARS_INHANDLES(sc) + DRM_QDA_SCALARS_OUTHANDLES(sc))

/** DRM_QDA_REMOTE_HANDLE_REMOTECTL - the DSP's module loader */
#define DRM_QDA_REMOTE_HANDLE_REMOTECTL	0
/** DRM_QDA_REMOTE_HANDLE_UTILITIES - DSP utilities (capabilities) */
#define DRM_QDA_REMOTE_HANDLE_UTILITIES	2

/**
 * struct drm_qda_invoke_arg - one argument of a remote call
 * @offset: In. Byte offset of the slice in the BO.
 * @length: In/Out. Bytes of the slice; for output buffers, out: the bytes
 *	the DSP wrote. offset + length must lie inside the BO.
 * @handle: In. GEM handle of this file; 0 only when @length is 0.
 * @flags: In. MBZ.
 */
struct drm_qda_invoke_arg {
	__u64 offset;
	__u64 length;
	__u32 handle;
	__u32 flags;
};

/**
 * struct drm_qda_invoke - call a method on the DSP and wait for its answer
 * @args_ptr: In. User pointer to @num_args struct drm_qda_invoke_arg;
 *	output lengths are written back there.
 * @timeout_ns: In. Absolute CLOCK_MONOTONIC deadline in ns, or 0 to wait
 *	until the DSP answers. Past it: -ETIMEDOUT.
 * @remote_handle: In. Remote handle (see DOC above); 1 is -EPERM.
 * @sc: In. Scalars word (DRM_QDA_SCALARS()).
 * @num_args: In. Must equal DRM_QDA_SCALARS_LENGTH(@sc) and be at most
 *	DRM_QDA_PARAM_MAX_ARGS.
 * @flags: In. MBZ.
 * @dsp_status: Out. The method's return code on the DSP: 0 on success,
 *	else the DSP's error (AEE codes, e.g. 0x80000400 + n).
 * @pad: MBZ.
 *
 * Returns 0 when the DSP answered (check @dsp_status), -EINTR when a
 * signal arrived first: the call goes on on the DSP, and when the same
 * thread makes the same call again (same handle, sc and arguments: the
 * restarted system call, or a retry) it waits for that one instead of
 * running the method twice; any other call by the thread forgets it.
 * -ETIMEDOUT past the deadline (the call is abandoned, not resumable),
 * -EPIPE when the DSP went down during the call (or is down), -ENOTCONN
 * when the session's process is gone (the DSP restarted since it was
 * created) or was never created, -EPROTO when the DSP's answer broke the
 * protocol (e.g. it claimed to write more than an output buffer holds),
 * -EBUSY when the file has max_file_calls calls alive (a qda module
 * parameter, 64 by default; abandoned calls included), the files its
 * opener has open on the device have max_user_calls (128 by default), or
 * the device's call slots for ordinary calls are all taken, -ENODEV once
 * the device is unplugged. An abandoned call keeps its buffers mapped
 * until the DSP answers it or is known to have dropped it.
 */
struct drm_qda_invoke {
	__u64 args_ptr;
	__s64 timeout_ns;
	__u32 remote_handle;
	__u32 sc;
	__u32 num_args;
	__u32 flags;
	__u32 dsp_status;
	__u32 pad;
};

/* Bits of drm_qda_map.flags */
#define DRM_QDA_MAP_LEGACY	(1u << 0)	/* use the DSP's older MMAP method */
#define DRM_QDA_MAP_FLAGS	(DRM_QDA_MAP_LEGACY)

/**
 * struct drm_qda_map - map a BO slice into the DSP process's address space
 * @offset: In. Page-aligned offset in the BO.
 * @length: In. Page-aligned, non-zero; offset + length inside the BO.
 * @dsp_addr: Out. The DSP virtual address of the slice.
 * @handle: In. GEM handle.
 * @flags: In. DRM_QDA_MAP_* bits.
 *
 * The mapping holds the BO alive until DRM_IOCTL_QDA_UNMAP or the end of
 * the session. Needs a DSP process (-ENOTCONN otherwise); -EREMOTEIO when
 * the DSP refuses; -EINVAL for an imported BO that reaches the DSP in
 * several pieces (a context bank without an IOMMU). -ETIMEDOUT when the
 * DSP does not answer in time: it may have made the mapping, so the BO
 * stays mapped until the session ends (no address to unmap is known).
 */
struct drm_qda_map {
	__u64 offset;
	__u64 length;
	__u64 dsp_addr;
	__u32 handle;
	__u32 flags;
};

/**
 * struct drm_qda_unmap - undo a DRM_IOCTL_QDA_MAP
 * @dsp_addr: In. Address returned by DRM_IOCTL_QDA_MAP; -ENOENT if no map
 *	of this session starts there.
 * @flags: In. MBZ.
 * @pad: MBZ.
 */
struct drm_qda_unmap {
	__u64 dsp_addr;
	__u32 flags;
	__u32 pad;
};

#if defined(__cplusplus)
}
#endif

#endif /* _QDA_ACCEL_H_ */
