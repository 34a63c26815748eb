// SPDX-License-Identifier: GPL-2.0-only
/*
 * debugfs: per-device counters. Tests read "qda_stats" before and after
 * a run to prove that every object they made is gone again.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <drm/drm_debugfs.h>
#include <drm/drm_file.h>

#include "qda_drv.h"

static int qda_stats_show(struct seq_file *m, void *unused)
{
	struct drm_debugfs_entry *entry = m->private;
	struct qda_device *qdev = to_qda_device(entry->dev);
	struct qda_stats *st = &qdev->stats;

#define QDA_STAT(name) \
	seq_printf(m, "%s %lld\n", #name, (long long)atomic64_read(&st->name))
	QDA_STAT(bos);
	QDA_STAT(imports);
	QDA_STAT(sessions);
	QDA_STAT(contexts);
	QDA_STAT(cb_maps);
	QDA_STAT(dsp_maps);
	QDA_STAT(bytes);
	QDA_STAT(invokes);
	QDA_STAT(dropped);
	QDA_STAT(bad_rsp);
	QDA_STAT(bad_outlen);
	QDA_STAT(timeouts);
	QDA_STAT(interrupted);
	QDA_STAT(remote_down);
#undef QDA_STAT
	seq_printf(m, "remote_epoch %u\n", qda_remote_epoch(qdev));
	return 0;
}

static int qda_bad_addr_get(void *data, u64 *val)
{
	struct qda_device *qdev = data;

	*val = atomic_read(&qdev->debug_bad_addr);
	return 0;
}

static int qda_bad_addr_set(void *data, u64 val)
{
	struct qda_device *qdev = data;

	if (val > INT_MAX)
		return -EINVAL;
	atomic_set(&qdev->debug_bad_addr, val);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(qda_bad_addr_fops, qda_bad_addr_get,
			 qda_bad_addr_set, "%llu\n");

/*
 * Called before drm_dev_register(): the DRM core creates the file at
 * registration. (drm_driver.debugfs_init is never called for accel
 * minors, so it cannot be used.)
 */
void qda_debugfs_init(struct drm_device *drm)
{
	drm_debugfs_add_file(drm, "qda_stats", qda_stats_show, NULL);
}

/* Files DRM's read-only helpers can't make; once the device is registered */
void qda_debugfs_register(struct qda_device *qdev)
{
	/* Test hook: N user calls get a wrong argument address (see qda_drv.h) */
	debugfs_create_file_unsafe("inject_bad_addr", 0600,
				   qda_debugfs_dir(&qdev->drm), qdev,
				   &qda_bad_addr_fops);
}
