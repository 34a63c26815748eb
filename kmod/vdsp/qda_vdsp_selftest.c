// SPDX-License-Identifier: GPL-2.0-only
/*
 * In-kernel self-tests of the vDSP's own data structures, run on demand
 * from debugfs ("selftest"). They exist because some races are too narrow
 * to hit reliably through the whole driver from userspace.
 *
 * smmu_race: several kthreads map, translate and unmap buffers on one
 * context bank at once, as the core's map/unmap and the DSP's workers do
 * under load. Each thread checks that what it reads back through the
 * translation is what it wrote; any fault or mismatch fails the test, and
 * a translation that walks freed tree nodes oopses the kernel (which the
 * VM harness reports).
 *
 * smmu_unmap: what an SMMU promises the driver. Mapping takes no
 * reference on the pages (the driver owns them; a DSP model that pins them
 * would hide a driver that frees memory before unmapping it), and an unmap
 * returns only once no translation in progress still uses the mapping (the
 * TLB sync), after which the range faults.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "qda_vdsp_side.h"
#include "qda_vdsp_smmu.h"

#define VDSP_ST_RACE_THREADS	4
#define VDSP_ST_RACE_PAGES	8
/* mappings held for the whole run, so that the IOVA tree has inner nodes */
#define VDSP_ST_RACE_BACKGROUND	64
/* mappings each thread holds and replaces at random */
#define VDSP_ST_RACE_HELD	16

struct vdsp_race {
	struct vdsp_domain *dom;
	u32 sid;
	unsigned int iters;
	atomic_t errors;
	atomic_t running;
	struct completion done;
};

struct vdsp_race_thread {
	struct vdsp_race *race;
	struct page *pages[VDSP_ST_RACE_PAGES];
	struct sg_table sgt;
	u32 seed;
	struct {
		u64 iova;
		size_t size;	/* 0: slot empty */
	} held[VDSP_ST_RACE_HELD];
};

struct vdsp_race_check {
	u32 expect;
	bool bad;
};

static int vdsp_race_check_fn(void *ptr, size_t len, void *priv)
{
	struct vdsp_race_check *c = priv;
	u32 *w = ptr;
	size_t i;

	for (i = 0; i < len / sizeof(*w); i++)
		if (w[i] != c->expect)
			c->bad = true;
	return 0;
}

static void vdsp_race_fill(struct vdsp_race_thread *t, u32 v)
{
	unsigned int i;

	for (i = 0; i < VDSP_ST_RACE_PAGES; i++)
		memset32(page_address(t->pages[i]), v, PAGE_SIZE / sizeof(u32));
}

/* Map a buffer of a size picked from @r, held in slot @slot */
static int vdsp_race_map(struct vdsp_race_thread *t, unsigned int slot, u32 r)
{
	struct vdsp_race *race = t->race;
	size_t size = (1 + r % VDSP_ST_RACE_PAGES) * PAGE_SIZE;
	int ret;

	ret = vdsp_smmu_map(race->dom, race->sid, &t->sgt, size,
			    &t->held[slot].iova);
	if (!ret)
		t->held[slot].size = size;
	return ret;
}

static void vdsp_race_unmap(struct vdsp_race_thread *t, unsigned int slot)
{
	if (!t->held[slot].size)
		return;
	vdsp_smmu_unmap(t->race->dom, t->race->sid, t->held[slot].iova,
			t->held[slot].size);
	t->held[slot].size = 0;
}

/*
 * One round: replace a random held mapping by one of another size (tree
 * nodes split and merge as the IOVA space fragments), then read back a
 * random held mapping through the translation.
 */
static int vdsp_race_round(struct vdsp_race_thread *t, unsigned int n)
{
	struct vdsp_race *race = t->race;
	struct vdsp_race_check c = { .expect = t->seed ^ n };
	u32 r = get_random_u32();
	unsigned int slot = r % VDSP_ST_RACE_HELD;
	int ret;

	/* every held mapping maps the same pages: all read the new value */
	vdsp_race_fill(t, c.expect);
	vdsp_race_unmap(t, slot);
	ret = vdsp_race_map(t, slot, r >> 8);
	if (ret)
		return ret;
	slot = (r >> 16) % VDSP_ST_RACE_HELD;
	if (!t->held[slot].size)
		return 0;
	ret = vdsp_smmu_walk(race->dom, READ_ONCE(race->dom->epoch), race->sid,
			     (u64)race->sid << 32 | t->held[slot].iova,
			     t->held[slot].size, vdsp_race_check_fn, &c,
			     "selftest");
	if (!ret && c.bad)
		ret = -EIO;
	return ret;
}

static int vdsp_race_thread_fn(void *data)
{
	struct vdsp_race_thread *t = data;
	struct vdsp_race *race = t->race;
	unsigned int n;

	for (n = 0; n < race->iters; n++) {
		int ret = vdsp_race_round(t, n);

		if (ret) {
			dev_err(race->dom->dev, "selftest smmu_race: round %u: %d\n",
				n, ret);
			atomic_inc(&race->errors);
			break;
		}
		if (!(n & 63))
			cond_resched();
	}
	for (n = 0; n < VDSP_ST_RACE_HELD; n++)
		vdsp_race_unmap(t, n);
	if (atomic_dec_and_test(&race->running))
		complete(&race->done);
	return 0;
}

static struct device *vdsp_selftest_cb_dev(struct vdsp_domain *dom, u32 sid)
{
	unsigned int i;

	for (i = 0; i < dom->num_cbs; i++)
		if (dom->cbs[i].sid == sid)
			return &dom->cbs[i].pdev->dev;
	return NULL;
}

static int vdsp_selftest_dma_map(struct vdsp_domain *dom, u32 sid,
				 struct sg_table *sgt)
{
	return dma_map_sgtable(vdsp_selftest_cb_dev(dom, sid), sgt,
			       DMA_BIDIRECTIONAL, 0);
}

static void vdsp_selftest_dma_unmap(struct vdsp_domain *dom, u32 sid,
				    struct sg_table *sgt)
{
	dma_unmap_sgtable(vdsp_selftest_cb_dev(dom, sid), sgt,
			  DMA_BIDIRECTIONAL, 0);
}

static int vdsp_race_thread_init(struct vdsp_race_thread *t,
				 struct vdsp_race *race)
{
	unsigned int i;
	int ret;

	t->race = race;
	t->seed = get_random_u32();
	for (i = 0; i < VDSP_ST_RACE_PAGES; i++) {
		t->pages[i] = alloc_page(GFP_KERNEL);
		if (!t->pages[i])
			return -ENOMEM;
	}
	ret = sg_alloc_table_from_pages(&t->sgt, t->pages, VDSP_ST_RACE_PAGES,
					0, VDSP_ST_RACE_PAGES * PAGE_SIZE,
					GFP_KERNEL);
	if (ret)
		return ret;
	/* the SMMU maps DMA addresses, as the driver hands it */
	ret = vdsp_selftest_dma_map(race->dom, race->sid, &t->sgt);
	if (ret) {
		sg_free_table(&t->sgt);
		t->sgt.sgl = NULL;
	}
	return ret;
}

static void vdsp_race_thread_fini(struct vdsp_race_thread *t)
{
	unsigned int i;

	if (t->sgt.sgl) {
		vdsp_selftest_dma_unmap(t->race->dom, t->race->sid, &t->sgt);
		sg_free_table(&t->sgt);
	}
	for (i = 0; i < VDSP_ST_RACE_PAGES; i++)
		if (t->pages[i])
			__free_page(t->pages[i]);
}

/* Hold @n one-page mappings of @t's buffer; their IOVAs go to @iovas */
static int vdsp_race_background(struct vdsp_race_thread *t, u64 *iovas,
				unsigned int n)
{
	struct vdsp_race *race = t->race;
	unsigned int i;
	int ret;

	for (i = 0; i < n; i++) {
		ret = vdsp_smmu_map(race->dom, race->sid, &t->sgt, PAGE_SIZE,
				    &iovas[i]);
		if (ret) {
			while (i--)
				vdsp_smmu_unmap(race->dom, race->sid, iovas[i],
						PAGE_SIZE);
			return ret;
		}
	}
	return 0;
}

static int vdsp_race_run(struct vdsp_race *race, struct vdsp_race_thread *t)
{
	unsigned int i;

	atomic_set(&race->running, VDSP_ST_RACE_THREADS);
	for (i = 0; i < VDSP_ST_RACE_THREADS; i++) {
		struct task_struct *k;

		k = kthread_run(vdsp_race_thread_fn, &t[i], "vdsp-race/%u", i);
		if (IS_ERR(k)) {
			atomic_inc(&race->errors);
			if (atomic_dec_and_test(&race->running))
				complete(&race->done);
		}
	}
	/* every thread, started or not, has taken itself off @running */
	wait_for_completion(&race->done);
	return atomic_read(&race->errors) ? -EIO : 0;
}

/* Run smmu_race for @iters rounds per thread on the domain's last CB */
static int vdsp_selftest_smmu_race(struct vdsp_domain *dom, unsigned int iters)
{
	struct vdsp_race race = { .dom = dom, .iters = iters };
	struct vdsp_race_thread *t;
	u64 *background;
	unsigned int i;
	int ret;

	if (!dom->smmu)
		return -EOPNOTSUPP;
	race.sid = dom->cbs[dom->num_cbs - 1].sid;
	init_completion(&race.done);
	t = kcalloc(VDSP_ST_RACE_THREADS, sizeof(*t), GFP_KERNEL);
	background = kcalloc(VDSP_ST_RACE_BACKGROUND, sizeof(*background),
			     GFP_KERNEL);
	ret = t && background ? 0 : -ENOMEM;
	for (i = 0; !ret && i < VDSP_ST_RACE_THREADS; i++)
		ret = vdsp_race_thread_init(&t[i], &race);
	if (!ret)
		ret = vdsp_race_background(&t[0], background,
					   VDSP_ST_RACE_BACKGROUND);
	if (!ret) {
		ret = vdsp_race_run(&race, t);
		for (i = 0; i < VDSP_ST_RACE_BACKGROUND; i++)
			vdsp_smmu_unmap(dom, race.sid, background[i], PAGE_SIZE);
	}
	for (i = 0; t && i < VDSP_ST_RACE_THREADS; i++)
		vdsp_race_thread_fini(&t[i]);
	kfree(background);
	kfree(t);
	return ret;
}

#define VDSP_ST_UNMAP_PAGES	4
#define VDSP_ST_UNMAP_PAGE_MS	20

struct vdsp_unmap_walk {
	struct vdsp_domain *dom;
	u32 epoch;
	u64 addr;
	struct completion started;
	struct completion done;
	atomic_t pieces;
	int ret;
};

/* A slow translation: one page every VDSP_ST_UNMAP_PAGE_MS */
static int vdsp_unmap_piece(void *ptr, size_t len, void *priv)
{
	struct vdsp_unmap_walk *w = priv;

	if (atomic_inc_return(&w->pieces) == 1)
		complete(&w->started);
	msleep(VDSP_ST_UNMAP_PAGE_MS);
	return 0;
}

static int vdsp_unmap_walker(void *arg)
{
	struct vdsp_unmap_walk *w = arg;

	w->ret = vdsp_smmu_walk(w->dom, w->epoch, 0, w->addr,
				VDSP_ST_UNMAP_PAGES * PAGE_SIZE,
				vdsp_unmap_piece, w, "selftest");
	complete(&w->started);
	complete(&w->done);
	return 0;
}

/* Start a slow walk of @sid's mapping at @iova on a thread of its own */
static int vdsp_unmap_walker_run(struct vdsp_unmap_walk *w, u32 sid, u64 iova,
				 const char *name)
{
	struct task_struct *k;

	w->addr = (u64)sid << 32 | iova;
	init_completion(&w->started);
	init_completion(&w->done);
	k = kthread_run(vdsp_unmap_walker, w, name);
	return PTR_ERR_OR_ZERO(k);
}

static int vdsp_unmap_check(struct vdsp_domain *dom, struct page **pages,
			    struct sg_table *sgt, u32 sid)
{
	struct vdsp_unmap_walk w = { .dom = dom, .epoch = READ_ONCE(dom->epoch) };
	int before = page_ref_count(pages[0]);
	u64 iova;
	int ret, err;

	ret = vdsp_smmu_map(dom, sid, sgt, VDSP_ST_UNMAP_PAGES * PAGE_SIZE,
			    &iova);
	if (ret)
		return ret;
	if (page_ref_count(pages[0]) != before) {
		dev_err(dom->dev, "selftest smmu_unmap: mapping took page references\n");
		ret = -EIO;
	}
	err = vdsp_unmap_walker_run(&w, sid, iova, "vdsp-unmap");
	if (err) {
		vdsp_smmu_unmap(dom, sid, iova, VDSP_ST_UNMAP_PAGES * PAGE_SIZE);
		return err;
	}
	wait_for_completion(&w.started);
	vdsp_smmu_unmap(dom, sid, iova, VDSP_ST_UNMAP_PAGES * PAGE_SIZE);
	if (atomic_read(&w.pieces) != VDSP_ST_UNMAP_PAGES) {
		dev_err(dom->dev, "selftest smmu_unmap: unmap returned with a translation in progress (%d of %d pages)\n",
			atomic_read(&w.pieces), VDSP_ST_UNMAP_PAGES);
		ret = -EIO;
	}
	wait_for_completion(&w.done);
	if (w.ret) {
		dev_err(dom->dev, "selftest smmu_unmap: walk failed: %d\n", w.ret);
		ret = -EIO;
	}
	if (vdsp_smmu_walk(dom, w.epoch, 0, w.addr, PAGE_SIZE, NULL, NULL,
			   "selftest (expected fault)") != -EFAULT) {
		dev_err(dom->dev, "selftest smmu_unmap: unmapped range translates\n");
		ret = -EIO;
	}
	return ret;
}

/* Wait up to 5 s for the DSP to come back after a crash */
static int vdsp_selftest_wait_up(struct vdsp_domain *dom)
{
	unsigned int ms;

	for (ms = 0; ms < 5000; ms += 20) {
		if (!READ_ONCE(dom->down))
			return 0;
		msleep(20);
	}
	return -ETIMEDOUT;
}

/*
 * A DSP that crashes stops touching memory at once: a translation in
 * progress stops at the next page, and work of the epoch before the crash
 * reaches nothing after the DSP is back; new work does.
 */
static int vdsp_down_check(struct vdsp_domain *dom, struct page **pages,
			   struct sg_table *sgt, u32 sid)
{
	struct vdsp_unmap_walk w = { .dom = dom, .epoch = READ_ONCE(dom->epoch) };
	u64 iova;
	int ret;

	ret = vdsp_smmu_map(dom, sid, sgt, VDSP_ST_UNMAP_PAGES * PAGE_SIZE,
			    &iova);
	if (ret)
		return ret;
	ret = vdsp_unmap_walker_run(&w, sid, iova, "vdsp-down");
	if (ret)
		goto out;
	wait_for_completion(&w.started);
	vdsp_crash(dom, 20);
	wait_for_completion(&w.done);
	if (w.ret != -ECANCELED || atomic_read(&w.pieces) >= VDSP_ST_UNMAP_PAGES) {
		dev_err(dom->dev, "selftest smmu_down: a walk went on after the crash (%d, %d of %d pages)\n",
			w.ret, atomic_read(&w.pieces), VDSP_ST_UNMAP_PAGES);
		ret = -EIO;
	}
	if (vdsp_selftest_wait_up(dom)) {
		dev_err(dom->dev, "selftest smmu_down: the DSP did not come back\n");
		ret = -EIO;
		goto out;
	}
	if (vdsp_smmu_walk(dom, w.epoch, 0, w.addr, PAGE_SIZE, NULL, NULL,
			   "selftest") != -ECANCELED) {
		dev_err(dom->dev, "selftest smmu_down: work from before the crash translates\n");
		ret = -EIO;
	}
	if (vdsp_smmu_walk(dom, READ_ONCE(dom->epoch), 0, w.addr, PAGE_SIZE,
			   NULL, NULL, "selftest")) {
		dev_err(dom->dev, "selftest smmu_down: new work does not translate\n");
		ret = -EIO;
	}
out:
	vdsp_smmu_unmap(dom, sid, iova, VDSP_ST_UNMAP_PAGES * PAGE_SIZE);
	return ret;
}

/* Run @check on pages mapped on the domain's last CB */
static int vdsp_selftest_on_pages(struct vdsp_domain *dom,
				  int (*check)(struct vdsp_domain *dom,
					       struct page **pages,
					       struct sg_table *sgt, u32 sid))
{
	struct page *pages[VDSP_ST_UNMAP_PAGES] = {};
	struct sg_table sgt;
	unsigned int i;
	int ret = 0;

	if (!dom->smmu)
		return -EOPNOTSUPP;
	for (i = 0; i < VDSP_ST_UNMAP_PAGES && !ret; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		if (!pages[i])
			ret = -ENOMEM;
	}
	if (!ret)
		ret = sg_alloc_table_from_pages(&sgt, pages, VDSP_ST_UNMAP_PAGES,
						0, VDSP_ST_UNMAP_PAGES * PAGE_SIZE,
						GFP_KERNEL);
	if (!ret) {
		u32 sid = dom->cbs[dom->num_cbs - 1].sid;

		ret = vdsp_selftest_dma_map(dom, sid, &sgt);
		if (!ret) {
			ret = check(dom, pages, &sgt, sid);
			vdsp_selftest_dma_unmap(dom, sid, &sgt);
		}
		sg_free_table(&sgt);
	}
	for (i = 0; i < VDSP_ST_UNMAP_PAGES; i++)
		if (pages[i])
			__free_page(pages[i]);
	return ret;
}

/*
 * A command written to debugfs "selftest": "smmu_race ROUNDS",
 * "smmu_unmap" or "smmu_down" (crashes the DSP once). Returns 0 when the
 * test passed, -EIO when it found a fault, a mismatch or a broken promise.
 */
int vdsp_selftest_command(struct vdsp_domain *dom, char *line)
{
	char *name = strsep(&line, " \t\n");
	unsigned int iters;

	if (name && !strcmp(name, "smmu_unmap"))
		return vdsp_selftest_on_pages(dom, vdsp_unmap_check);
	if (name && !strcmp(name, "smmu_down"))
		return vdsp_selftest_on_pages(dom, vdsp_down_check);
	if (!name || strcmp(name, "smmu_race"))
		return -EINVAL;
	if (!line || kstrtouint(strim(line), 0, &iters) || !iters ||
	    iters > 1000000)
		return -EINVAL;
	return vdsp_selftest_smmu_race(dom, iters);
}
