/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SMMU layer: context banks' IOVA spaces and every translation of a
 * DSP address (qda_vdsp_smmu.c).
 */
#ifndef _QDA_VDSP_SMMU_H_
#define _QDA_VDSP_SMMU_H_

#include "qda_vdsp.h"

typedef int (*vdsp_walk_fn)(void *ptr, size_t len, void *priv);

int vdsp_smmu_map(struct vdsp_domain *dom, u32 sid, struct sg_table *sgt,
		  size_t size, u64 *iova);
void vdsp_smmu_unmap(struct vdsp_domain *dom, u32 sid, u64 iova, size_t size);
int vdsp_bypass_watch(struct vdsp_domain *dom, u32 sid,
		      struct sg_table *dma_sgt);
void vdsp_bypass_unwatch(struct vdsp_domain *dom, u32 sid,
			 struct sg_table *dma_sgt);
int vdsp_smmu_walk(struct vdsp_domain *dom, u32 epoch, u32 want_sid,
		   u64 addr, u64 len, vdsp_walk_fn fn, void *priv,
		   const char *what);

/**
 * struct vdsp_copy - what vdsp_smmu_copy() copies
 * @buf: The buffer on our side; moves on as pieces are copied.
 * @write: Into the memory walked (else out of it).
 */
struct vdsp_copy {
	u8 *buf;
	bool write;
};

int vdsp_smmu_copy(void *ptr, size_t len, void *priv);
int vdsp_smmu_read(struct vdsp_domain *dom, u32 epoch, u32 want_sid,
		   u64 addr, void *dst, size_t len, const char *what);
int vdsp_smmu_write(struct vdsp_domain *dom, u32 epoch, u32 want_sid,
		    u64 addr, const void *src, size_t len, const char *what);
void vdsp_smmu_init(struct vdsp_domain *dom);
void vdsp_smmu_fini(struct vdsp_domain *dom);

#endif /* _QDA_VDSP_SMMU_H_ */
