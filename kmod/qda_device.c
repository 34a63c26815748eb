// SPDX-License-Identifier: GPL-2.0-only
/*
 * What every layer of a QDA device reads: the module parameters, the
 * driver's workqueue, the domain table and the DSP's epoch. This file
 * calls nothing of the driver's.
 */
#include <linux/module.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "qda_accel.h"
#include "qda_device.h"

int qda_privileged_gid = -1;
module_param_named(privileged_gid, qda_privileged_gid, int, 0644);
MODULE_PARM_DESC(privileged_gid,
		 "Group of the initial user namespace whose members may attach to the root or sensors PD besides CAP_SYS_ADMIN holders; judged on the file's opener (-1: none)");

unsigned int qda_release_timeout_ms = 2000;
module_param_named(release_timeout_ms, qda_release_timeout_ms, uint, 0644);
MODULE_PARM_DESC(release_timeout_ms,
		 "How long kernel calls (process setup and release) wait for the DSP");

/*
 * 4 GiB: a context bank's whole IOVA space, which one file cannot exceed
 * anyway; memory cgroups bound what it costs.
 */
unsigned int qda_max_file_mib = 4096;
module_param_named(max_file_mib, qda_max_file_mib, uint, 0644);
MODULE_PARM_DESC(max_file_mib,
		 "Most MiB of buffer objects one open file may hold handles to (-EDQUOT beyond)");

unsigned int qda_max_file_bos = 16384;
module_param_named(max_file_bos, qda_max_file_bos, uint, 0644);
MODULE_PARM_DESC(max_file_bos,
		 "Most buffer objects one open file may hold handles to (-EDQUOT beyond)");

/*
 * A device has 239 call slots for ordinary calls: a file may take a quarter
 * of them and a user, with all their files, about half, so that neither
 * can keep every other caller waiting.
 */
unsigned int qda_max_file_calls = 64;
module_param_named(max_file_calls, qda_max_file_calls, uint, 0644);
MODULE_PARM_DESC(max_file_calls,
		 "Most calls one open file may have alive on a DSP, kernel messages made for it included (-EBUSY beyond)");

unsigned int qda_max_user_calls = 128;
module_param_named(max_user_calls, qda_max_user_calls, uint, 0644);
MODULE_PARM_DESC(max_user_calls,
		 "Most calls the files one user opened may have alive on a DSP together (-EBUSY beyond)");

struct workqueue_struct *qda_wq;

static const struct {
	const char *name;
	u32 id;
} qda_domains[] = {
	{ "adsp", DRM_QDA_DOMAIN_ADSP },
	{ "mdsp", DRM_QDA_DOMAIN_MDSP },
	{ "sdsp", DRM_QDA_DOMAIN_SDSP },
	{ "cdsp", DRM_QDA_DOMAIN_CDSP },
	{ "cdsp1", DRM_QDA_DOMAIN_CDSP1 },
	{ "gdsp0", DRM_QDA_DOMAIN_GDSP0 },
	{ "gdsp1", DRM_QDA_DOMAIN_GDSP1 },
};

/**
 * qda_domain_id - the DRM_QDA_DOMAIN_* value of a domain name
 * @name: Domain name as providers give it ("cdsp", ...); compared exactly.
 * @id: Out: the domain's id.
 *
 * Return: 0 with *@id set, or -EINVAL for a name that is no domain.
 */
int qda_domain_id(const char *name, u32 *id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(qda_domains); i++) {
		if (!strcmp(name, qda_domains[i].name)) {
			*id = qda_domains[i].id;
			return 0;
		}
	}
	return -EINVAL;
}
EXPORT_SYMBOL_GPL(qda_domain_id);

/**
 * qda_remote_epoch - the DSP's current boot
 * @qdev: The domain.
 *
 * Return: the epoch (1 at registration, one more after every restart),
 * or 0 while the DSP is down.
 */
u32 qda_remote_epoch(struct qda_device *qdev)
{
	unsigned long flags;
	u32 epoch;

	xa_lock_irqsave(&qdev->ctx_xa, flags);
	epoch = qdev->remote_up ? qdev->remote_epoch : 0;
	xa_unlock_irqrestore(&qdev->ctx_xa, flags);
	return epoch;
}
