/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _QDA_CALL_H_
#define _QDA_CALL_H_

#include <linux/completion.h>
#include <linux/kref.h>
#include <linux/ktime.h>
#include <linux/workqueue.h>

#include "qda_payload.h"

struct qda_bo_map;
struct qda_device;
struct qda_payload;
struct qda_session;

/**
 * enum qda_call_kind - on whose behalf a call is made, which decides the
 * slots it may take
 * @QDA_CALL_USER: A call of the session's DSP process (client id set).
 * @QDA_CALL_KERNEL: A kernel message made for the file (create, attach,
 *	map, unmap, capability query): counted against the file's calls
 *	like a user call, and never given the slots kept for teardown.
 * @QDA_CALL_TEARDOWN: The process release: not counted, and may take the
 *	slots kept for it, so that closing a file always reaches the DSP.
 */
enum qda_call_kind {
	QDA_CALL_USER,
	QDA_CALL_KERNEL,
	QDA_CALL_TEARDOWN,
};

/**
 * struct qda_ctx - a call in flight
 * @ref: One reference for the caller, one while registered in ctx_xa.
 * @free_work: Final release, which may sleep, off the response path.
 * @session: Calling session (reference held).
 * @payload: Shared memory with the call's metadata.
 * @done: Completed when the DSP answered or the call was failed.
 * @ctxid: Context value sent; a response must carry exactly this.
 * @status: 0 when the DSP answered, else why the call failed (-EPIPE).
 * @retval: The DSP's return code.
 * @sc: Scalars.
 * @handle: Remote handle called.
 * @kind: On whose behalf; all but teardown are counted in
 *	qda_session.user_calls.
 * @answered: qda_call_req.answered.
 * @tid: Thread that was interrupted, while parked.
 * @intr_node: Entry in qda_session.interrupted while parked.
 * @npages: Page entries in the payload's metadata (the fdlist follows).
 * @nargs: Entries in @args.
 * @args: Arguments; their BO mappings stay referenced until the context
 *	is freed, so a late DSP access never reaches freed memory.
 */
struct qda_ctx {
	struct kref ref;
	struct work_struct free_work;
	struct qda_session *session;
	struct qda_payload *payload;
	struct completion done;
	u64 ctxid;
	int status;
	u32 retval;
	u32 sc;
	u32 handle;
	enum qda_call_kind kind;
	void (*answered)(struct qda_session *session, u32 dsp_status);
	pid_t tid;
	struct list_head intr_node;
	unsigned int npages;
	unsigned int nargs;
	struct qda_call_arg args[] __counted_by(nargs);
};

/* How long to wait for the DSP */
enum qda_wait {
	QDA_WAIT_USER,		/* interruptible, optional deadline */
	QDA_WAIT_KERNEL,	/* not interruptible, bounded */
};

/* Call slots kept for teardown */
#define QDA_TEARDOWN_RESERVED_CTX	16

/**
 * struct qda_call_req - one remote call to make, for qda_call()
 * @handle: Remote handle.
 * @sc: Scalars.
 * @pd: PD type put in the context value (QDA_FASTRPC_PD_*).
 * @kind: A call of the session's process, or a kernel message (client id
 *	0) made for the file or for its teardown.
 * @epoch: DSP epoch the call belongs to (-ENOTCONN if the DSP restarted
 *	since), or 0 for any.
 * @wait: How to wait.
 * @deadline: Absolute CLOCK_MONOTONIC deadline, 0 for none (user calls).
 * @args: qda_sc_length(@sc) arguments. Output lengths are updated when
 *	the call succeeds.
 * @nargs: Entries in @args.
 * @answered: If set, called once the DSP has answered the call, with its
 *	return code, even when nobody waits for it any more (after a
 *	timeout): from process context, as the call is freed. The process
 *	layer learns this way that a late release has been confirmed.
 * @dsp_status: Out: the DSP's return code when qda_call() returns 0.
 */
struct qda_call_req {
	u32 handle;
	u32 sc;
	u32 pd;
	enum qda_call_kind kind;
	u32 epoch;
	enum qda_wait wait;
	ktime_t deadline;
	struct qda_call_arg *args;
	unsigned int nargs;
	void (*answered)(struct qda_session *session, u32 dsp_status);
	u32 dsp_status;
};

int qda_call(struct qda_session *session, struct qda_call_req *req);
void qda_call_receive(struct qda_device *qdev, const void *data, size_t len);
void qda_ctx_drop_parked(struct qda_session *session);

void qda_ctx_fail_all(struct qda_device *qdev, struct qda_session *only,
		      int status);

#endif /* _QDA_CALL_H_ */
