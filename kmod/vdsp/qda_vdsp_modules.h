/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The modules layer: what the engine dispatches a call to, and the DSP
 * processes they run in.
 */
#ifndef _QDA_VDSP_MODULES_H_
#define _QDA_VDSP_MODULES_H_

#include "qda_vdsp_call.h"

/* Most buffers a process keeps across calls (qda_test's keep method) */
#define VDSP_MAX_KEPT	16

/*
 * A buffer a module kept after the call that passed it, as DSP code that
 * caches a dma handle does: only its device address, never a reference on
 * its memory, so it reaches the memory only while the driver keeps it
 * mapped on the process's bank.
 */
struct vdsp_kept {
	u32 fd;
	u64 addr;
	u64 size;
};

/* A DSP process (protection domain) of one client */
struct vdsp_process {
	struct kref ref;
	struct vdsp_domain *dom;
	u32 client_id;
	u32 sid;
	u32 pd;
	bool unsigned_pd;
	bool is_static;
	bool killed;	/* only goes true; read with READ_ONCE() */
	char name[64];

	/*
	 * @lock serialises @handles allocation and every access to @vas and
	 * @nmaps (readers included: @vas is not in RCU mode). @handles is
	 * read locklessly (xa_load() is RCU-safe); debugfs peeks at @nmaps
	 * with READ_ONCE().
	 */
	struct mutex lock;
	struct xarray handles;		/* module handle -> vdsp_module */
	u32 next_handle;
	struct maple_tree vas;		/* DSP VA -> struct vdsp_dsp_map */
	unsigned int nmaps;
	struct vdsp_kept kept[VDSP_MAX_KEPT];	/* under @lock */
	unsigned int nkept;
};

/* One method of a handle: its call counter and its implementation */
struct vdsp_method {
	enum vdsp_mstat stat;
	u32 (*fn)(struct vdsp_call *call);
};

/*
 * Count and run the method @call names, from @methods (indexed by method
 * number; an entry without @fn is no method); any other is counted as
 * @other and answered AEE_EUNSUPPORTED.
 */
static inline u32 vdsp_method_invoke(struct vdsp_call *call,
				     const struct vdsp_method *methods,
				     unsigned int n, enum vdsp_mstat other)
{
	u32 m = QDA_SC_METHOD(call->sc);

	if (m >= n || !methods[m].fn) {
		atomic64_inc(&call->dom->mstats[other]);
		return QDA_AEE_EUNSUPPORTED;
	}
	atomic64_inc(&call->dom->mstats[methods[m].stat]);
	return methods[m].fn(call);
}

/* qda_vdsp_init.c */
u32 vdsp_init_invoke(struct vdsp_call *call);
struct vdsp_process *vdsp_proc_get(struct vdsp_domain *dom, u32 client_id);
void vdsp_proc_put(struct vdsp_process *proc);
void vdsp_proc_drop_all(struct vdsp_domain *dom);
int vdsp_proc_kill(struct vdsp_domain *dom, u32 client_id);
int vdsp_proc_access(struct vdsp_process *proc, u32 epoch, u64 vaddr,
		     void *buf, size_t len, bool write);

/* qda_vdsp_remotectl.c */
u32 vdsp_remotectl_invoke(struct vdsp_call *call);

/* qda_vdsp_caps.c */
u32 vdsp_caps_invoke(struct vdsp_call *call);

/* qda_vdsp_modules.c */
struct vdsp_module;
const struct vdsp_module *vdsp_module_find(const char *lib);
const char *vdsp_module_skel(const struct vdsp_module *mod);
u32 vdsp_module_invoke(const struct vdsp_module *mod, struct vdsp_call *call);

#endif /* _QDA_VDSP_MODULES_H_ */
