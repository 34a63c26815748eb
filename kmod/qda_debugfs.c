// SPDX-License-Identifier: GPL-2.0-only
/*
 * debugfs: per-device counters. Tests read "qda_stats" before and after
 * a run to prove that every object they made is gone again.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <drm/drm_debugfs.h>
#include <drm/drm_file.h>

#include "qda_debugfs.h"
#include "qda_device.h"

/* The counters of struct qda_stats, in the order the file lists them */
#define QDA_STAT(name) { #name, offsetof(struct qda_stats, name) }
static const struct {
	const char *name;
	size_t offset;
} qda_stat_fields[] = {
	QDA_STAT(bos),
	QDA_STAT(imports),
	QDA_STAT(sessions),
	QDA_STAT(contexts),
	QDA_STAT(cb_maps),
	QDA_STAT(dsp_maps),
	QDA_STAT(bytes),
	QDA_STAT(invokes),
	QDA_STAT(dropped),
	QDA_STAT(bad_rsp),
	QDA_STAT(bad_outlen),
	QDA_STAT(timeouts),
	QDA_STAT(interrupted),
	QDA_STAT(remote_down),
	QDA_STAT(late_releases),
};

#undef QDA_STAT

static int qda_stats_show(struct seq_file *m, void *unused)
{
	struct drm_debugfs_entry *entry = m->private;
	struct qda_device *qdev = to_qda_device(entry->dev);
	const void *st = &qdev->stats;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(qda_stat_fields); i++) {
		const atomic64_t *v = st + qda_stat_fields[i].offset;

		seq_printf(m, "%s %lld\n", qda_stat_fields[i].name,
			   (long long)atomic64_read(v));
	}
	seq_printf(m, "remote_epoch %u\n", qda_remote_epoch(qdev));
	return 0;
}

/*
 * Called before drm_dev_register(): the DRM core creates the file at
 * registration. (drm_driver.debugfs_init is never called for accel
 * minors, so it cannot be used.)
 */
void qda_debugfs_init(struct drm_device *drm)
{
	drm_debugfs_add_file(drm, "qda_stats", qda_stats_show, NULL);
}
