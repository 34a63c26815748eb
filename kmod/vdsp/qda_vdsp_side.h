/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Beside the call path: debugfs, the hostile knobs and the self-tests it
 * drives.
 */
#ifndef _QDA_VDSP_SIDE_H_
#define _QDA_VDSP_SIDE_H_

#include "qda_vdsp.h"

struct seq_file;

/* qda_vdsp_faults.c */
int vdsp_faults_command(struct vdsp_domain *dom, char *line);
void vdsp_faults_show(struct vdsp_domain *dom, struct seq_file *m);
void vdsp_crash(struct vdsp_domain *dom, unsigned int up_delay_ms);

/* qda_vdsp_selftest.c */
int vdsp_selftest_command(struct vdsp_domain *dom, char *line);

/* qda_vdsp_debugfs.c */
void vdsp_debugfs_init(struct vdsp_domain *dom);
void vdsp_debugfs_fini(struct vdsp_domain *dom);

#endif /* _QDA_VDSP_SIDE_H_ */
