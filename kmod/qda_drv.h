/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _QDA_DRV_H_
#define _QDA_DRV_H_

struct drm_driver;

/* The DRM driver every domain's device is made with */
extern const struct drm_driver qda_driver;

#endif /* _QDA_DRV_H_ */
