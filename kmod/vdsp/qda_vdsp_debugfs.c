// SPDX-License-Identifier: GPL-2.0-only
/*
 * debugfs: /sys/kernel/debug/qda_vdsp/<domain>/{stats,faults,inject,sync,
 * processes,selftest}. "stats" lists counters as "name value" lines for tests.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "qda_vdsp_side.h"
#include "qda_vdsp_modules.h"

static const char *const vdsp_stat_names[VDSP_NUM_STATS] = {
	[VDSP_ST_CALLS] = "calls",
	[VDSP_ST_CALLS_KERNEL] = "calls_kernel",
	[VDSP_ST_RESPONSES] = "responses",
	[VDSP_ST_ERRORS] = "errors",
	[VDSP_ST_FAULTS] = "faults",
	[VDSP_ST_PROCESSES] = "processes",
	[VDSP_ST_MODULE_HANDLES] = "module_handles",
	[VDSP_ST_DSP_MAPS] = "dsp_maps",
	[VDSP_ST_DSP_MAPPED_BYTES] = "dsp_mapped_bytes",
	[VDSP_ST_SMMU_MAPS] = "smmu_maps",
	[VDSP_ST_SMMU_MAPPED_BYTES] = "smmu_mapped_bytes",
	[VDSP_ST_CRASHES] = "crashes",
	[VDSP_ST_INJECTED] = "injected",
};

static const char *const vdsp_mstat_names[VDSP_NUM_MSTATS] = {
	[VDSP_M_INIT_ATTACH] = "init.attach",
	[VDSP_M_INIT_RELEASE] = "init.release",
	[VDSP_M_INIT_MMAP] = "init.mmap",
	[VDSP_M_INIT_MUNMAP] = "init.munmap",
	[VDSP_M_INIT_CREATE] = "init.create",
	[VDSP_M_INIT_CREATE_ATTR] = "init.create_attr",
	[VDSP_M_INIT_CREATE_STATIC] = "init.create_static",
	[VDSP_M_INIT_MEM_MAP] = "init.mem_map",
	[VDSP_M_INIT_MEM_UNMAP] = "init.mem_unmap",
	[VDSP_M_INIT_OTHER] = "init.other",
	[VDSP_M_REMOTECTL_OPEN] = "remotectl.open",
	[VDSP_M_REMOTECTL_CLOSE] = "remotectl.close",
	[VDSP_M_REMOTECTL_OTHER] = "remotectl.other",
	[VDSP_M_CAPS_QUERY] = "caps.query",
	[VDSP_M_CAPS_OTHER] = "caps.other",
	[VDSP_M_STATIC_OTHER] = "static.other",
	[VDSP_M_CALC_OPEN] = "calculator.open",
	[VDSP_M_CALC_CLOSE] = "calculator.close",
	[VDSP_M_CALC_SUM] = "calculator.sum",
	[VDSP_M_CALC_MAX] = "calculator.max",
	[VDSP_M_CALC_OTHER] = "calculator.other",
	[VDSP_M_TEST_OPEN] = "qda_test.open",
	[VDSP_M_TEST_CLOSE] = "qda_test.close",
	[VDSP_M_TEST_NOOP] = "qda_test.noop",
	[VDSP_M_TEST_ECHO] = "qda_test.echo",
	[VDSP_M_TEST_FILL] = "qda_test.fill",
	[VDSP_M_TEST_CHECKSUM] = "qda_test.checksum",
	[VDSP_M_TEST_SLEEP] = "qda_test.sleep",
	[VDSP_M_TEST_SET_OUTLEN] = "qda_test.set_outlen",
	[VDSP_M_TEST_ERROR] = "qda_test.error",
	[VDSP_M_TEST_HANDLES] = "qda_test.handles",
	[VDSP_M_TEST_PEEK] = "qda_test.peek",
	[VDSP_M_TEST_POKE] = "qda_test.poke",
	[VDSP_M_TEST_KEEP] = "qda_test.keep",
	[VDSP_M_TEST_KEPT_READ] = "qda_test.kept_read",
	[VDSP_M_TEST_RELEASE_KEPT] = "qda_test.release_kept",
	[VDSP_M_TEST_OTHER] = "qda_test.other",
};

#define VDSP_INJECT_MAX	256

static struct dentry *vdsp_debugfs_root;
static DEFINE_MUTEX(vdsp_debugfs_lock);
static unsigned int vdsp_debugfs_users;

static int vdsp_stats_show(struct seq_file *m, void *data)
{
	struct vdsp_domain *dom = m->private;
	unsigned int i;

	for (i = 0; i < VDSP_NUM_STATS; i++)
		seq_printf(m, "%s %lld\n", vdsp_stat_names[i],
			   atomic64_read(&dom->stats[i]));
	for (i = 0; i < VDSP_NUM_MSTATS; i++)
		seq_printf(m, "calls.%s %lld\n", vdsp_mstat_names[i],
			   atomic64_read(&dom->mstats[i]));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vdsp_stats);

static int vdsp_faults_count_show(struct seq_file *m, void *data)
{
	struct vdsp_domain *dom = m->private;

	seq_printf(m, "%lld\n", atomic64_read(&dom->stats[VDSP_ST_FAULTS]));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vdsp_faults_count);

static int vdsp_processes_show(struct seq_file *m, void *data)
{
	struct vdsp_domain *dom = m->private;
	struct vdsp_process *proc;
	unsigned long id;

	/* under the xa lock each listed process keeps the table's reference */
	xa_lock(&dom->procs);
	xa_for_each(&dom->procs, id, proc) {
		unsigned long h, nh = 0;
		void *mod;

		xa_for_each(&proc->handles, h, mod)
			nh++;
		seq_printf(m, "%u %u %u %s %s%s%s %lu %u\n", proc->client_id,
			   proc->sid, proc->pd, proc->name,
			   proc->is_static ? "static" : "dynamic",
			   proc->unsigned_pd ? ",unsigned" : "",
			   READ_ONCE(proc->killed) ? ",killed" : "", nh,
			   READ_ONCE(proc->nmaps));
	}
	xa_unlock(&dom->procs);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vdsp_processes);

static int vdsp_inject_show(struct seq_file *m, void *data)
{
	vdsp_faults_show(m->private, m);
	return 0;
}

static int vdsp_inject_open(struct inode *inode, struct file *file)
{
	return single_open(file, vdsp_inject_show, inode->i_private);
}

/* A command written to a control file, as a NUL-terminated copy */
static char *vdsp_command_copy(const char __user *ubuf, size_t len)
{
	if (len > VDSP_INJECT_MAX)
		return ERR_PTR(-EINVAL);
	return memdup_user_nul(ubuf, len);
}

static ssize_t vdsp_inject_write(struct file *file, const char __user *ubuf,
				 size_t len, loff_t *ppos)
{
	struct seq_file *m = file->private_data;
	char *buf, *line, *cur;
	int ret = 0;

	buf = vdsp_command_copy(ubuf, len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	cur = buf;
	while (!ret && (line = strsep(&cur, "\n")) != NULL)
		ret = vdsp_faults_command(m->private, line);
	kfree(buf);
	return ret ? ret : len;
}

static const struct file_operations vdsp_inject_fops = {
	.owner = THIS_MODULE,
	.open = vdsp_inject_open,
	.read = seq_read,
	.write = vdsp_inject_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static ssize_t vdsp_selftest_write(struct file *file, const char __user *ubuf,
				   size_t len, loff_t *ppos)
{
	char *buf;
	int ret;

	buf = vdsp_command_copy(ubuf, len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ret = vdsp_selftest_command(file->private_data, strim(buf));
	kfree(buf);
	return ret ? ret : len;
}

static const struct file_operations vdsp_selftest_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = vdsp_selftest_write,
};

void vdsp_debugfs_init(struct vdsp_domain *dom)
{
	mutex_lock(&vdsp_debugfs_lock);
	if (!vdsp_debugfs_users++)
		vdsp_debugfs_root = debugfs_create_dir("qda_vdsp", NULL);
	mutex_unlock(&vdsp_debugfs_lock);

	dom->debugfs = debugfs_create_dir(dom->name, vdsp_debugfs_root);
	debugfs_create_file("stats", 0444, dom->debugfs, dom, &vdsp_stats_fops);
	debugfs_create_file("faults", 0444, dom->debugfs, dom,
			    &vdsp_faults_count_fops);
	debugfs_create_file("processes", 0444, dom->debugfs, dom,
			    &vdsp_processes_fops);
	debugfs_create_file("inject", 0600, dom->debugfs, dom,
			    &vdsp_inject_fops);
	debugfs_create_bool("sync", 0600, dom->debugfs, &dom->sync);
	debugfs_create_file("selftest", 0200, dom->debugfs, dom,
			    &vdsp_selftest_fops);
}

void vdsp_debugfs_fini(struct vdsp_domain *dom)
{
	debugfs_remove_recursive(dom->debugfs);
	dom->debugfs = NULL;
	mutex_lock(&vdsp_debugfs_lock);
	if (!--vdsp_debugfs_users) {
		debugfs_remove_recursive(vdsp_debugfs_root);
		vdsp_debugfs_root = NULL;
	}
	mutex_unlock(&vdsp_debugfs_lock);
}
