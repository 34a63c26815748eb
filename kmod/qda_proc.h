/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _QDA_PROC_H_
#define _QDA_PROC_H_

#include <linux/types.h>

struct drm_device;
struct drm_file;
struct qda_device;
struct qda_session;

int qda_proc_release(struct qda_session *session);
void qda_proc_close(struct qda_session *session);
void qda_proc_reap_zombies(struct qda_device *qdev);
void qda_proc_drop_dsp_maps(struct qda_session *session);
int qda_proc_get_caps(struct qda_session *session, u32 attr, u32 *value);

int qda_ioctl_proc_create(struct drm_device *drm, void *data,
			  struct drm_file *file);
int qda_ioctl_proc_attach(struct drm_device *drm, void *data,
			  struct drm_file *file);
int qda_ioctl_invoke(struct drm_device *drm, void *data,
		     struct drm_file *file);
int qda_ioctl_map(struct drm_device *drm, void *data, struct drm_file *file);
int qda_ioctl_unmap(struct drm_device *drm, void *data,
		    struct drm_file *file);

#endif /* _QDA_PROC_H_ */
