/* SPDX-License-Identifier: MIT */
/*
 * libqda: the stable C API of QDA, the DRM accel driver for Qualcomm
 * Hexagon DSPs.
 *
 * Applications use this header and libqda only; they never issue the
 * driver's ioctls themselves and this header does not expose them.
 *
 * Conventions for every function below:
 *  - A function that can fail returns 0 on success or a negative errno
 *    value (-EINVAL, -ENOMEM, ...). It never returns -1 with errno set.
 *    qda_strerror() describes any such value.
 *  - Results are returned through out-parameters, which are only written
 *    on success unless stated otherwise.
 *  - Destructors (qda_*_close, qda_*_free) return nothing and accept NULL.
 *  - -EINVAL is returned for NULL object pointers or out-parameters that
 *    are required, and for undefined flag bits.
 *  - Every file descriptor libqda opens is close-on-exec.
 *  - Logging is silent unless QDA_LOG=err|info|debug is set in the
 *    environment (read at qda_device_open*(); ignored for set-user-id
 *    programs) or a log function is installed with qda_set_log_fn().
 *
 * Objects and threads:
 *  - struct qda_device: a DSP domain opened for queries. Its functions may
 *    be called from several threads at once, except qda_device_close()
 *    and the qda_set_log_*() setters, which must not race with other
 *    calls on the same device.
 *  - struct qda_session: one client of the DSP (one open file of the
 *    device, with its own IOMMU context bank and DSP process). Every
 *    function taking a session may be called from several threads at
 *    once, including qda_invoke() (concurrent calls proceed in parallel).
 *    qda_session_close() must not race with other calls on the session.
 *  - struct qda_bo: a buffer object of one session. Functions taking a BO
 *    are thread-safe; qda_bo_free() must not race with other uses of the
 *    same BO (including an in-flight qda_invoke() that references it).
 *  - A session stays alive (its file stays open) until it is closed AND
 *    all of its BOs are freed; BOs may thus outlive qda_session_close().
 *  - There is no global mutable state: independent devices and sessions
 *    never share locks.
 */
#ifndef QDA_QDA_H
#define QDA_QDA_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

/** QDA_VERSION_MAJOR: major version of libqda this header belongs to. Since: 1.0 */
#define QDA_VERSION_MAJOR 1
/** QDA_VERSION_MINOR: minor version (API additions). Since: 1.0 */
#define QDA_VERSION_MINOR 0
/** QDA_VERSION_PATCH: patch level (fixes only). Since: 1.0 */
#define QDA_VERSION_PATCH 0

/** QDA_VERSION_ENCODE: encode a version as one comparable integer. Since: 1.0 */
#define QDA_VERSION_ENCODE(major, minor, patch) \
	((uint32_t)(((major) << 16) | ((minor) << 8) | (patch)))

/** QDA_VERSION: the version of this header, encoded. Since: 1.0 */
#define QDA_VERSION \
	QDA_VERSION_ENCODE(QDA_VERSION_MAJOR, QDA_VERSION_MINOR, QDA_VERSION_PATCH)

struct qda_device;
struct qda_device_list;
struct qda_session;
struct qda_bo;

/* ------------------------------------------------------------------------ */
/* Library                                                                  */
/* ------------------------------------------------------------------------ */

/**
 * qda_get_version() - version of the libqda that is running
 *
 * Returns: QDA_VERSION_ENCODE(major, minor, patch) of the shared library,
 * which may be newer than the header the application was built with.
 * Thread-safe. Since: 1.0
 */
uint32_t qda_get_version(void);

/**
 * qda_strerror() - describe an error returned by libqda
 * @err: a value returned by a libqda function; the sign is ignored.
 *
 * Returns: a static, NUL-terminated, non-localised English string. Errors
 * with a QDA-specific meaning (e.g. -EREMOTEIO, -ENOTCONN, -EPIPE) get a
 * QDA-specific description. Never NULL. Thread-safe. Since: 1.0
 */
const char *qda_strerror(int err);

/** enum qda_log_level - priorities of log messages. Since: 1.0 */
enum qda_log_level {
	QDA_LOG_NONE = 0,	/* nothing (the default) */
	QDA_LOG_ERR = 3,	/* failures */
	QDA_LOG_INFO = 6,	/* device discovery, sessions, modules */
	QDA_LOG_DEBUG = 7,	/* every ioctl */
};

/**
 * qda_log_fn - log callback
 * @userdata: the pointer given to qda_set_log_fn()
 * @level: QDA_LOG_ERR, QDA_LOG_INFO or QDA_LOG_DEBUG
 * @func: the libqda function logging
 * @fmt, @args: printf-style message, without a trailing newline
 *
 * May be called from any thread that calls into the device or its sessions.
 * Since: 1.0
 */
typedef void (*qda_log_fn)(void *userdata, int level, const char *func,
			   const char *fmt, va_list args);

/**
 * qda_set_log_fn() - route a device's log messages (and those of sessions
 * opened from it afterwards) to @fn
 * @dev: the device
 * @fn: callback, or NULL to restore the default (stderr, "libqda: ...")
 * @userdata: passed to @fn
 *
 * Messages are only produced up to the level set with qda_set_log_level()
 * or by the QDA_LOG environment variable (default: none).
 * Not thread-safe against other calls on @dev. Since: 1.0
 */
void qda_set_log_fn(struct qda_device *dev, qda_log_fn fn, void *userdata);

/**
 * qda_set_log_level() - set the most verbose level that is logged
 * @dev: the device
 * @level: an enum qda_log_level value; QDA_LOG_NONE silences the device.
 *
 * Affects the device and sessions opened from it afterwards.
 * Not thread-safe against other calls on @dev. Since: 1.0
 */
void qda_set_log_level(struct qda_device *dev, enum qda_log_level level);

/* ------------------------------------------------------------------------ */
/* Discovery                                                                */
/* ------------------------------------------------------------------------ */

/**
 * qda_device_list_get() - find the QDA devices of this machine
 * @out: where the new list is stored
 *
 * Scans /dev/accel/accel* and then /dev/dri/renderD* (kernels without
 * DRM accel support), checks that the DRM driver name is "qda" before
 * anything else is asked of a node, and reads each domain's name and id.
 * Nodes that cannot be opened (e.g. -EACCES) or belong to other drivers
 * are skipped. An empty list is not an error.
 *
 * Returns: 0, -EINVAL if @out is NULL, -ENOMEM.
 * Thread-safe. Since: 1.0
 */
int qda_device_list_get(struct qda_device_list **out);

/**
 * qda_device_list_count() - number of devices in @list (0 for NULL).
 * Thread-safe. Since: 1.0
 */
size_t qda_device_list_count(const struct qda_device_list *list);

/**
 * qda_device_list_path() - device node path of entry @i
 *
 * Returns: e.g. "/dev/accel/accel0"; NULL if @i is out of range. Valid
 * until qda_device_list_free(). Thread-safe. Since: 1.0
 */
const char *qda_device_list_path(const struct qda_device_list *list, size_t i);

/**
 * qda_device_list_domain() - DSP domain name of entry @i
 *
 * Returns: e.g. "cdsp"; NULL if @i is out of range. Valid until
 * qda_device_list_free(). Thread-safe. Since: 1.0
 */
const char *qda_device_list_domain(const struct qda_device_list *list,
				   size_t i);

/**
 * qda_device_list_domain_id() - DSP domain id of entry @i
 *
 * Returns: one of QDA_DOMAIN_*, or UINT32_MAX if @i is out of range.
 * Thread-safe. Since: 1.0
 */
uint32_t qda_device_list_domain_id(const struct qda_device_list *list,
				   size_t i);

/** qda_device_list_free() - free a list (NULL is ignored). Since: 1.0 */
void qda_device_list_free(struct qda_device_list *list);

/* ------------------------------------------------------------------------ */
/* Devices                                                                  */
/* ------------------------------------------------------------------------ */

/** DSP domain ids (qda_device_domain_id()). Since: 1.0 */
enum qda_domain {
	QDA_DOMAIN_ADSP = 0,
	QDA_DOMAIN_MDSP = 1,
	QDA_DOMAIN_SDSP = 2,
	QDA_DOMAIN_CDSP = 3,
	QDA_DOMAIN_CDSP1 = 4,
	QDA_DOMAIN_GDSP0 = 5,
	QDA_DOMAIN_GDSP1 = 6,
};

/**
 * qda_device_open() - open the QDA device of a DSP domain
 * @domain: domain name ("cdsp", "adsp", ...), or NULL for the first QDA
 *	device found (in the order of qda_device_list_get()).
 * @out: where the new device is stored
 *
 * Returns: 0; -ENODEV if no QDA device serves @domain (or none exists;
 * nodes that cannot be opened are skipped); -EPROTO if the
 * driver's UAPI major version is not one libqda speaks; -ENOMEM; -EINVAL.
 * Thread-safe. Since: 1.0
 */
int qda_device_open(const char *domain, struct qda_device **out);

/**
 * qda_device_open_path() - open a QDA device by its node path
 * @path: e.g. "/dev/accel/accel0"
 * @out: where the new device is stored
 *
 * Returns: 0; -ENODEV if the node's DRM driver is not "qda" (no private
 * ioctl is issued to it then); the open() error (-ENOENT, -EACCES, ...);
 * -EPROTO for an incompatible UAPI major version; -ENOMEM; -EINVAL.
 * Thread-safe. Since: 1.0
 */
int qda_device_open_path(const char *path, struct qda_device **out);

/** qda_device_close() - close a device (NULL is ignored). Since: 1.0 */
void qda_device_close(struct qda_device *dev);

/**
 * qda_device_path() - the node path of @dev (valid until close).
 * Thread-safe. Since: 1.0
 */
const char *qda_device_path(const struct qda_device *dev);

/**
 * qda_device_domain_name() - the DSP domain name of @dev, e.g. "cdsp"
 * (valid until close). Thread-safe. Since: 1.0
 */
const char *qda_device_domain_name(const struct qda_device *dev);

/**
 * qda_device_domain_id() - the DSP domain id of @dev (enum qda_domain).
 * Thread-safe. Since: 1.0
 */
uint32_t qda_device_domain_id(const struct qda_device *dev);

/** enum qda_param - parameters for qda_device_query(). Since: 1.0 */
enum qda_param {
	/* driver UAPI version, major << 16 | minor */
	QDA_PARAM_UAPI_VERSION = 0,
	/* enum qda_domain */
	QDA_PARAM_DOMAIN_ID = 1,
	/* largest argument count of qda_invoke() (all kinds together) */
	QDA_PARAM_MAX_ARGS = 4,
	/* largest size qda_bo_alloc() accepts, in bytes */
	QDA_PARAM_MAX_BO_SIZE = 5,
	/* context banks of the domain, i.e. how many sessions can be open */
	QDA_PARAM_NUM_CONTEXT_BANKS = 6,
};

/**
 * qda_device_query() - read a numeric device parameter
 * @dev: the device
 * @param: an enum qda_param value
 * @value: where the value is stored
 *
 * Returns: 0; -EINVAL for an unknown @param (or one the running driver
 * does not know); -ENODEV if the device was unplugged.
 * Thread-safe. Since: 1.0
 */
int qda_device_query(struct qda_device *dev, enum qda_param param,
		     uint64_t *value);

/**
 * qda_device_uapi_version() - the driver's UAPI version
 * @dev: the device
 * @major, @minor: where the version is stored (either may be NULL)
 *
 * Returns: 0 or a qda_device_query() error. Thread-safe. Since: 1.0
 */
int qda_device_uapi_version(struct qda_device *dev, uint32_t *major,
			    uint32_t *minor);

/** Well-known DSP capability attribute ids (FastRPC numbering). Since: 1.0 */
enum qda_dsp_attr {
	QDA_DSP_ATTR_DOMAIN_SUPPORT = 0,
	QDA_DSP_ATTR_UNSIGNED_PD_SUPPORT = 1,
	QDA_DSP_ATTR_HVX_SUPPORT_64B = 2,
	QDA_DSP_ATTR_HVX_SUPPORT_128B = 3,
	QDA_DSP_ATTR_VTCM_PAGE = 4,
	QDA_DSP_ATTR_VTCM_COUNT = 5,
	QDA_DSP_ATTR_ARCH_VER = 6,
	QDA_DSP_ATTR_HMX_SUPPORT_DEPTH = 7,
	QDA_DSP_ATTR_HMX_SUPPORT_SPATIAL = 8,
	QDA_DSP_ATTR_ASYNC_FASTRPC_SUPPORT = 9,
	QDA_DSP_ATTR_STATUS_NOTIFICATION_SUPPORT = 10,
	QDA_DSP_ATTR_MCID_MULTICAST = 11,
	QDA_DSP_ATTR_COUNT = 256, /* attribute ids are below this */
};

/**
 * qda_device_capability() - read one of the DSP's capability words
 * @dev: the device
 * @attr: attribute id, 0..QDA_DSP_ATTR_COUNT-1 (enum qda_dsp_attr)
 * @value: where the capability word is stored
 *
 * Returns: 0; -EINVAL if @attr is out of range; -EOPNOTSUPP if the DSP
 * cannot answer capability queries; -ENODEV, -EPIPE/-ETIMEDOUT if the DSP
 * could not be reached; -EBUSY if the query needs a context bank and none
 * is free. Thread-safe. Since: 1.0
 */
int qda_device_capability(struct qda_device *dev, uint32_t attr,
			  uint32_t *value);

/* ------------------------------------------------------------------------ */
/* Sessions                                                                 */
/* ------------------------------------------------------------------------ */

/**
 * qda_session_open() - open a new session on a device
 * @dev: the device; the session does not depend on it afterwards (the
 *	device may be closed first).
 * @out: where the new session is stored
 *
 * Opens a new file on the device node: the kernel's unit of isolation
 * (IOMMU context bank, DSP process). A session has no DSP process until
 * qda_session_create_pd() or qda_session_attach_pd() succeeds.
 *
 * Returns: 0; the open() error (-ENODEV, -EACCES); -ENOMEM; -EINVAL.
 * Opening takes no context bank: the first BO, import or DSP process
 * does, and fails with -EBUSY when all of the domain's are in use.
 * Thread-safe. Since: 1.0
 */
int qda_session_open(struct qda_device *dev, struct qda_session **out);

/**
 * qda_session_close() - drop the application's reference to a session
 *
 * The session's file (and with it the DSP process) is closed once its
 * last BO is freed as well. NULL is ignored. Since: 1.0
 */
void qda_session_close(struct qda_session *s);

/** Flags of qda_session_create_pd(). Since: 1.0 */
enum qda_pd_flags {
	QDA_PD_UNSIGNED = 1u << 0,	/* unsigned PD: no signed code needed */
};

/** QDA_PD_NAME_MAX: longest DSP process name, in bytes. Since: 1.0 */
#define QDA_PD_NAME_MAX 64

/**
 * qda_session_create_pd() - create the session's own (dynamic) DSP process
 * @s: the session
 * @name: process name, 1..QDA_PD_NAME_MAX bytes (shows in DSP logs), or
 *	NULL for "qda".
 * @flags: enum qda_pd_flags bits
 * @shell: BO of @s holding the DSP process shell ELF, or NULL for the
 *	DSP's built-in shell
 * @shell_offset, @shell_size: the shell's slice in @shell (0, 0 if none)
 *
 * Returns: 0; -EALREADY if the session already has a DSP process;
 * -EINVAL (bad name length, flags, shell slice); -EXDEV if @shell belongs
 * to another session; -EREMOTEIO if the DSP refused; -EBUSY if no context
 * bank is free; -ENOMEM; -ENODEV, -EPIPE, -ETIMEDOUT. Thread-safe.
 * Since: 1.0
 */
int qda_session_create_pd(struct qda_session *s, const char *name,
			  uint32_t flags, struct qda_bo *shell,
			  uint64_t shell_offset, uint64_t shell_size);

/** DSP protection domains to attach to. Since: 1.0 */
enum qda_pd {
	QDA_PD_ROOT = 0,	/* the DSP's root PD (guest OS) */
	QDA_PD_SENSORS = 2,	/* the static sensors PD */
};

/**
 * qda_session_attach_pd() - attach the session to an existing DSP process
 * @s: the session
 * @pd: QDA_PD_ROOT or QDA_PD_SENSORS
 *
 * Privileged: needs CAP_SYS_ADMIN or the group set by the qda module
 * parameter "privileged_gid". Applications use qda_session_create_pd().
 *
 * Returns: 0; -EPERM for unprivileged callers; -EALREADY if the session
 * already has a DSP process; -EINVAL for an unknown @pd; -EREMOTEIO,
 * -ENODEV, -EPIPE, -ETIMEDOUT. Thread-safe. Since: 1.0
 */
int qda_session_attach_pd(struct qda_session *s, enum qda_pd pd);

/** States of a session's DSP process. Since: 1.0 */
enum qda_pd_state {
	QDA_PD_STATE_NONE = 0,	/* no DSP process yet */
	QDA_PD_STATE_READY = 1,	/* created or attached */
	QDA_PD_STATE_LOST = 2,	/* the DSP restarted since: open a new session */
};

/**
 * qda_session_pd_state() - state of the session's DSP process
 * @s: the session
 * @state: where an enum qda_pd_state value is stored
 *
 * Returns: 0, -ENODEV, -EINVAL. Thread-safe. Since: 1.0
 */
int qda_session_pd_state(struct qda_session *s, uint32_t *state);

/**
 * qda_session_domain_name() - the DSP domain name of the session's device
 * (valid until the session is gone). Thread-safe. Since: 1.0
 */
const char *qda_session_domain_name(const struct qda_session *s);

/* ------------------------------------------------------------------------ */
/* Buffer objects                                                           */
/* ------------------------------------------------------------------------ */

/** Bits returned by qda_bo_flags(). Since: 1.0 */
enum qda_bo_flags {
	QDA_BO_IMPORTED = 1u << 0,	/* imported from a dma-buf */
};

/**
 * qda_bo_alloc() - allocate a buffer object shared with the DSP
 * @s: the session the BO belongs to (only usable in this session)
 * @size: bytes, non-zero; rounded up to the page size
 * @flags: must be 0 (no allocation flags are defined yet)
 * @out: where the new BO is stored
 *
 * Returns: 0; -EINVAL (zero size, flags); -E2BIG if @size exceeds
 * QDA_PARAM_MAX_BO_SIZE; -EBUSY if the session has no context bank yet
 * and none is free (a session takes one with its first BO, import or DSP
 * process); -ENOMEM; -ENODEV. Thread-safe. Since: 1.0
 */
int qda_bo_alloc(struct qda_session *s, uint64_t size, uint32_t flags,
		 struct qda_bo **out);

/**
 * qda_bo_import() - import a dma-buf into a session
 * @s: the session
 * @dmabuf_fd: the dma-buf; libqda does not take ownership (close it when
 *	convenient, the BO keeps the buffer alive)
 * @out: where the new BO is stored
 *
 * Imported BOs cannot be CPU-mapped through QDA (qda_bo_map() fails with
 * -EOPNOTSUPP): map the dma-buf itself, bracketing CPU access with
 * DMA_BUF_IOCTL_SYNC as its exporter requires.
 *
 * Returns: 0; -EBADF (not a file), -EINVAL (not a dma-buf, or one the
 * DSP cannot reach); -EBUSY if the session has no context bank yet and
 * none is free; -ENOMEM; -ENODEV. Importing a buffer the session already
 * holds (the same dma-buf twice, or one exported from this session) gives
 * another BO object on the same kernel buffer; each must be freed, and
 * the buffer is released with the last of them.
 * Thread-safe. Since: 1.0
 */
int qda_bo_import(struct qda_session *s, int dmabuf_fd, struct qda_bo **out);

/**
 * qda_bo_export() - export a BO as a dma-buf
 * @bo: the BO
 * @dmabuf_fd: where the new fd (O_CLOEXEC, read-write) is stored; the
 *	caller owns it
 *
 * Returns: 0; -EMFILE/-ENFILE; -ENOMEM; -ENODEV. Thread-safe. Since: 1.0
 */
int qda_bo_export(struct qda_bo *bo, int *dmabuf_fd);

/**
 * qda_bo_map() - CPU address of a BO's contents
 * @bo: the BO
 * @ptr: where the address is stored
 *
 * The first call maps the whole BO (shared, read-write); later calls return
 * the same address. The mapping lives until qda_bo_free().
 *
 * Returns: 0; -EOPNOTSUPP for imported BOs; -ENOMEM; -ENODEV.
 * Thread-safe. Since: 1.0
 */
int qda_bo_map(struct qda_bo *bo, void **ptr);

/**
 * qda_bo_free() - free a BO (NULL is ignored)
 *
 * Unmaps the CPU mapping and releases the handle. The memory itself lives
 * on while a DSP mapping (qda_bo_dsp_map()) or an exported dma-buf refers
 * to it. Since: 1.0
 */
void qda_bo_free(struct qda_bo *bo);

/** qda_bo_size() - size of the BO in bytes (0 for NULL). Since: 1.0 */
uint64_t qda_bo_size(const struct qda_bo *bo);

/** qda_bo_flags() - enum qda_bo_flags bits of the BO. Since: 1.0 */
uint32_t qda_bo_flags(const struct qda_bo *bo);

/** Flags of qda_bo_dsp_map(). Since: 1.0 */
enum qda_dsp_map_flags {
	QDA_DSP_MAP_LEGACY = 1u << 0,	/* use the DSP's older map method */
};

/**
 * qda_bo_dsp_map() - map a BO slice into the session's DSP process
 * @bo: the BO
 * @offset, @length: page-aligned slice, @length non-zero
 * @flags: enum qda_dsp_map_flags bits
 * @dsp_addr: where the DSP virtual address is stored
 *
 * The mapping keeps the memory alive until qda_session_dsp_unmap() or the
 * end of the session (even if the BO is freed).
 *
 * Returns: 0; -EINVAL (alignment, range, flags); -ENOTCONN if the session
 * has no DSP process; -EREMOTEIO if the DSP refused; -ENOMEM; -ENODEV,
 * -EPIPE, -ETIMEDOUT. Thread-safe. Since: 1.0
 */
int qda_bo_dsp_map(struct qda_bo *bo, uint64_t offset, uint64_t length,
		   uint32_t flags, uint64_t *dsp_addr);

/**
 * qda_session_dsp_unmap() - undo qda_bo_dsp_map()
 * @s: the session
 * @dsp_addr: the address qda_bo_dsp_map() returned
 *
 * Returns: 0; -ENOENT if no mapping of @s starts at @dsp_addr;
 * -ENOTCONN, -EREMOTEIO, -ENODEV, -EPIPE. Thread-safe. Since: 1.0
 */
int qda_session_dsp_unmap(struct qda_session *s, uint64_t dsp_addr);

/* ------------------------------------------------------------------------ */
/* Modules and remote calls                                                 */
/* ------------------------------------------------------------------------ */

/**
 * qda_module_open() - load a module in the session's DSP process
 * @s: the session (with a DSP process)
 * @uri: FastRPC module URI, e.g. "file:///libcalculator_skel.so?
 *	calculator_skel_handle_invoke&_modver=1.0", or a built-in module
 *	name; "&_dom=<domain>" is appended if the URI has no "_dom=" key.
 * @handle: where the module's remote handle is stored
 * @dsp_status: optional; on -EREMOTEIO, the DSP's error (the call status
 *	or, if that was 0, the module loader's nErr); 0 otherwise
 * @dlerror: optional buffer for the DSP loader's error string (always
 *	NUL-terminated, "" when none)
 * @dlerror_size: size of @dlerror (0 if none)
 *
 * Returns: 0; -EREMOTEIO if the DSP could not load the module;
 * -ENOTCONN if the session has no DSP process; -ENAMETOOLONG for URIs
 * longer than 4095 bytes; -EINVAL; -ENOMEM; -ENODEV, -EPIPE, -ETIMEDOUT.
 * Thread-safe. Since: 1.0
 */
int qda_module_open(struct qda_session *s, const char *uri, uint32_t *handle,
		    uint32_t *dsp_status, char *dlerror, size_t dlerror_size);

/**
 * qda_module_close() - unload a module opened with qda_module_open()
 * @s: the session
 * @handle: the module's remote handle
 * @dsp_status: optional, as for qda_module_open()
 *
 * Returns: 0; -EREMOTEIO if the DSP reported an error (e.g. unknown
 * handle); -ENOTCONN; -ENODEV, -EPIPE, -ETIMEDOUT. Thread-safe.
 * Since: 1.0
 */
int qda_module_close(struct qda_session *s, uint32_t handle,
		     uint32_t *dsp_status);

/** Kinds of remote call arguments. Since: 1.0 */
enum qda_arg_kind {
	QDA_ARG_IN = 0,		/* input buffer: the DSP reads it */
	QDA_ARG_OUT = 1,	/* output buffer: the DSP writes it */
	QDA_ARG_IN_HANDLE = 2,	/* buffer the DSP keeps a reference to */
	QDA_ARG_OUT_HANDLE = 3,	/* output handle buffer */
};

/**
 * struct qda_arg - one argument of qda_invoke()
 * @kind: enum qda_arg_kind
 * @flags: must be 0
 * @bo: a BO of the calling session, or NULL for plain memory at @ptr
 * @ptr: plain memory (when @bo is NULL): read for inputs, written for
 *	outputs. Unused for BO arguments.
 * @offset: byte offset of the slice in @bo (0 for plain memory)
 * @length: bytes of the argument. For outputs it is updated on success to
 *	the bytes the DSP produced (never more than given).
 * @reserved: must be zero
 *
 * Plain memory is copied into a session-private argument BO before the
 * call and copied back (outputs) afterwards; BO slices are passed by
 * reference without copies. Handle kinds must be BO slices (the DSP keeps
 * referring to them after the call). Use the QDA_ARG_*() initialisers.
 * Since: 1.0
 */
struct qda_arg {
	uint32_t kind;
	uint32_t flags;
	struct qda_bo *bo;
	void *ptr;
	uint64_t offset;
	uint64_t length;
	uint64_t reserved[2];
};

/** QDA_ARG_IN_MEM(): plain-memory input. Since: 1.0 */
#define QDA_ARG_IN_MEM(p, len) \
	((struct qda_arg){ .kind = QDA_ARG_IN, .ptr = (void *)(p), .length = (len) })
/** QDA_ARG_OUT_MEM(): plain-memory output. Since: 1.0 */
#define QDA_ARG_OUT_MEM(p, len) \
	((struct qda_arg){ .kind = QDA_ARG_OUT, .ptr = (p), .length = (len) })
/** QDA_ARG_IN_BO(): BO-slice input. Since: 1.0 */
#define QDA_ARG_IN_BO(b, off, len) \
	((struct qda_arg){ .kind = QDA_ARG_IN, .bo = (b), .offset = (off), .length = (len) })
/** QDA_ARG_OUT_BO(): BO-slice output. Since: 1.0 */
#define QDA_ARG_OUT_BO(b, off, len) \
	((struct qda_arg){ .kind = QDA_ARG_OUT, .bo = (b), .offset = (off), .length = (len) })

/** QDA_ARG_ALIGN: alignment of packed plain-memory arguments. Since: 1.0 */
#define QDA_ARG_ALIGN 128

/**
 * struct qda_invoke_opts - optional parameters of qda_invoke()
 * @attr: method attributes, 0..7, passed to the DSP as is
 * @flags: must be 0
 * @timeout_ns: absolute CLOCK_MONOTONIC deadline in ns, 0 for none
 * @reserved: must be zero
 * Since: 1.0
 */
struct qda_invoke_opts {
	uint32_t attr;
	uint32_t flags;
	int64_t timeout_ns;
	uint64_t reserved[2];
};

/** QDA_METHOD_MAX: highest method index of qda_invoke(). Since: 1.0 */
#define QDA_METHOD_MAX 31

/**
 * qda_invoke() - call a method of a DSP module and wait for its answer
 * @s: the session (with a DSP process)
 * @handle: remote handle (from qda_module_open(), or 0 for the module
 *	loader, 2 for the DSP utilities; 1 is reserved to the kernel)
 * @method: method index 0..QDA_METHOD_MAX (31: extended, the method id is
 *	the first 32-bit word of the first input)
 * @args: @nargs arguments, in any order of kinds: the DSP receives inputs,
 *	outputs, input handles and output handles, each group in the order
 *	given here
 * @nargs: number of arguments (at most QDA_PARAM_MAX_ARGS)
 * @opts: optional (NULL: no attributes, no timeout)
 * @dsp_status: optional; the method's raw return code on the DSP (0 on
 *	success). Written whenever the DSP answered.
 *
 * Returns: 0 when the DSP answered success; -EREMOTEIO when the DSP's
 * method failed (raw code in @dsp_status, outputs not copied back);
 * -EINVAL (bad kind/flags/method/attr, NULL plain-memory pointer, plain
 * memory for a handle kind, BO slice out of range, too many arguments of
 * a kind); -EXDEV if a BO belongs to another session; -ENOTCONN if the
 * session has no DSP process or lost it (DSP restart); -ETIMEDOUT past
 * @opts->timeout_ns; -EPIPE if the DSP went down during the call;
 * -EPROTO if the DSP or the kernel reported an impossible output length;
 * -EPERM for @handle 1; -ENOENT if a BO's kernel buffer is gone; -EBUSY
 * if all of the device's call slots are taken or no context bank is free;
 * -ENOMEM; -ENODEV after unplug. A call interrupted by a signal is
 * retried, and the kernel resumes the call already running on the DSP
 * rather than running the method twice. Thread-safe: concurrent calls on
 * one session proceed in parallel. Since: 1.0
 */
int qda_invoke(struct qda_session *s, uint32_t handle, uint32_t method,
	       struct qda_arg *args, uint32_t nargs,
	       const struct qda_invoke_opts *opts, uint32_t *dsp_status);

#ifdef __cplusplus
}
#endif

#endif /* QDA_QDA_H */
