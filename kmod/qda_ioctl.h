/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _QDA_IOCTL_H_
#define _QDA_IOCTL_H_

struct drm_device;
struct drm_file;

int qda_ioctl_query(struct drm_device *drm, void *data,
		    struct drm_file *file);
int qda_ioctl_gem_create(struct drm_device *drm, void *data,
			 struct drm_file *file);
int qda_ioctl_gem_info(struct drm_device *drm, void *data,
		       struct drm_file *file);
int qda_ioctl_proc_create(struct drm_device *drm, void *data,
			  struct drm_file *file);
int qda_ioctl_proc_attach(struct drm_device *drm, void *data,
			  struct drm_file *file);
int qda_ioctl_invoke(struct drm_device *drm, void *data,
		     struct drm_file *file);
int qda_ioctl_map(struct drm_device *drm, void *data, struct drm_file *file);
int qda_ioctl_unmap(struct drm_device *drm, void *data,
		    struct drm_file *file);

#endif /* _QDA_IOCTL_H_ */
