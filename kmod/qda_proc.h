/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _QDA_PROC_H_
#define _QDA_PROC_H_

#include <linux/list.h>
#include <linux/types.h>

struct file;
struct qda_bo_map;
struct qda_call_req;
struct qda_device;
struct qda_session;

/**
 * struct qda_dsp_map - a BO slice mapped into the DSP process (MAP ioctl)
 * @node: Entry in qda_session.dsp_maps.
 * @map: The BO's mapping on the session's bank (reference held).
 * @dsp_addr: Address in the DSP process.
 * @offset: Slice offset in the BO.
 * @length: Slice length.
 * @legacy: Made with INIT_MMAP rather than INIT_MEM_MAP.
 * @handle: GEM handle the DSP was told about (MEM_MAP's fd).
 * @unconfirmed: The MAP timed out: the DSP may have made it, at an address
 *	we never learnt. Kept (and its BO mapped) until the process is gone;
 *	UNMAP cannot name it.
 */
struct qda_dsp_map {
	struct list_head node;
	struct qda_bo_map *map;
	u64 dsp_addr;
	u64 offset;
	u64 length;
	bool legacy;
	u32 handle;
	bool unconfirmed;
};

/**
 * struct qda_proc_image - what a dynamic process is created from
 * @name: Its name, NUL-terminated.
 * @name_len: Length of @name without the NUL.
 * @shell_map: The shell's BO mapping on the session's bank, or NULL for
 *	the shell the DSP has built in.
 * @shell_offset: Where the shell starts in its BO.
 * @shell_size: Its size (0 without @shell_map).
 * @unsigned_pd: Run it as an unsigned PD.
 */
struct qda_proc_image {
	char *name;
	u32 name_len;
	struct qda_bo_map *shell_map;
	u64 shell_offset;
	u64 shell_size;
	bool unsigned_pd;
};

bool qda_proc_privileged(const struct file *filp);
int qda_proc_attach(struct qda_session *session, u32 pd);
int qda_proc_create(struct qda_session *session,
		    const struct qda_proc_image *img);
u32 qda_proc_state(struct qda_session *session);
int qda_proc_ready(struct qda_session *session);
int qda_proc_invoke(struct qda_session *session, struct qda_call_req *req);
int qda_proc_map(struct qda_session *session, struct qda_dsp_map *want);
int qda_proc_unmap(struct qda_session *session, u64 dsp_addr);
int qda_proc_get_caps(struct qda_session *session, u32 attr, u32 *value);

int qda_proc_release(struct qda_session *session);
void qda_proc_drop_dsp_maps(struct qda_session *session);
void qda_proc_close(struct qda_session *session);
void qda_proc_reap_zombies(struct qda_device *qdev);

#endif /* _QDA_PROC_H_ */
