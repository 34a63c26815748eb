/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _QDA_IOCTL_H_
#define _QDA_IOCTL_H_

struct drm_device;
struct drm_file;

/* The handler of DRM_IOCTL_QDA_<NAME>, with DRM's ioctl signature */
#define QDA_IOCTL_HANDLER(name) \
	int qda_ioctl_##name(struct drm_device *drm, void *data, \
			     struct drm_file *file)

QDA_IOCTL_HANDLER(query);
QDA_IOCTL_HANDLER(gem_create);
QDA_IOCTL_HANDLER(gem_info);
QDA_IOCTL_HANDLER(proc_create);
QDA_IOCTL_HANDLER(proc_attach);
QDA_IOCTL_HANDLER(invoke);
QDA_IOCTL_HANDLER(map);
QDA_IOCTL_HANDLER(unmap);

#endif /* _QDA_IOCTL_H_ */
