/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _QDA_GEM_H_
#define _QDA_GEM_H_

#include "qda_bo.h"

struct dma_buf;
struct drm_device;
struct drm_file;
struct qda_session;

struct qda_bo *qda_bo_create(struct qda_session *session, size_t size);
int qda_bo_vmap_kernel(struct qda_bo *bo);

struct qda_bo_map *qda_bo_map_get(struct qda_bo *bo,
				  struct qda_session *session);
struct qda_bo_map *qda_bo_map_lookup(struct drm_file *file, u32 handle,
				     struct qda_bo **bo_out);
void qda_bo_map_put(struct qda_bo_map *map);

struct drm_gem_object *qda_gem_prime_import(struct drm_device *drm,
					    struct dma_buf *dma_buf);

#endif /* _QDA_GEM_H_ */
