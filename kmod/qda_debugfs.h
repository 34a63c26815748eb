/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _QDA_DEBUGFS_H_
#define _QDA_DEBUGFS_H_

struct drm_device;

void qda_debugfs_init(struct drm_device *drm);

#endif /* _QDA_DEBUGFS_H_ */
