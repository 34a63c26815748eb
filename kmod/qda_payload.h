/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _QDA_PAYLOAD_H_
#define _QDA_PAYLOAD_H_

#include <linux/list.h>
#include <linux/types.h>

#include "qda_fastrpc_wire.h"

struct qda_bo;
struct qda_bo_map;
struct qda_session;

/**
 * struct qda_payload - shared memory for one call's FastRPC metadata
 * @node: Entry in qda_session.payload_pool while free.
 * @bo: The kernel-internal BO, mapped in the kernel.
 * @map: Its mapping on the session's context bank.
 */
struct qda_payload {
	struct list_head node;
	struct qda_bo *bo;
	struct qda_bo_map *map;
};

#define QDA_PAYLOAD_SIZE	(16 * 1024)
#define QDA_PAYLOAD_POOL_MAX	8

/**
 * struct qda_call_arg - one argument of a remote call
 * @map: BO mapping of a BO slice (reference owned by the call), or NULL.
 * @kbuf: Kernel memory carried in the payload (kernel calls), or NULL.
 * @offset: Offset of the slice in the BO.
 * @length: Bytes; for output buffers, updated with what the DSP wrote.
 * @handle: For handle arguments: the value the DSP sees as the "fd".
 * @inline_off: Where @kbuf sits in the payload (set when built).
 */
struct qda_call_arg {
	struct qda_bo_map *map;
	void *kbuf;
	u64 offset;
	u64 length;
	u32 handle;
	u32 inline_off;
};

/**
 * struct qda_layout - one call as the payload layer sees it
 * @session: The calling session.
 * @payload: Where the metadata goes.
 * @args: The arguments, @nargs of them.
 * @nargs: Entries in @args; must match the scalars.
 * @sc: Scalars.
 * @npages: Page entries in the metadata (the fdlist follows), set by
 *	qda_payload_build().
 */
struct qda_layout {
	struct qda_session *session;
	struct qda_payload *payload;
	struct qda_call_arg *args;
	unsigned int nargs;
	u32 sc;
	unsigned int npages;
};

struct qda_payload *qda_payload_get(struct qda_session *session);
void qda_payload_put(struct qda_session *session, struct qda_payload *pl);
void qda_payload_pool_close(struct qda_session *session);

int qda_payload_build(struct qda_layout *lay, u64 *size);
int qda_payload_finish(struct qda_layout *lay);
struct qda_fastrpc_phy_page qda_payload_phy_page(u64 addr, u64 len);
void qda_payload_held_free(struct list_head *list);
void qda_call_args_put(struct qda_call_arg *args, unsigned int nargs);

#endif /* _QDA_PAYLOAD_H_ */
