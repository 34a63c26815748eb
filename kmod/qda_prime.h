/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _QDA_PRIME_H_
#define _QDA_PRIME_H_

struct drm_gem_object;
struct iosys_map;
struct qda_bo_map;
struct sg_table;

struct sg_table *qda_gem_prime_get_sg_table(struct drm_gem_object *obj);
int qda_gem_prime_vmap(struct drm_gem_object *obj, struct iosys_map *map);
int qda_prime_map_import(struct qda_bo_map *map);
void qda_prime_unmap_import(struct qda_bo_map *map);

#endif /* _QDA_PRIME_H_ */
