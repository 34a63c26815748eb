// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hostile knobs: the remote side is never to be trusted, so the vDSP can
 * misbehave on command. Response knobs arm for the next response in scope
 * (or every N-th); crash, kill and flood act at once. The command syntax
 * is documented in docs/vdsp.md ("inject"). This file arms the knobs and
 * carries out those that act at once; the engine fires the others.
 */
#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "qda_vdsp_side.h"
#include "qda_vdsp_engine.h"
#include "qda_vdsp_modules.h"

#define VDSP_MAX_FLOOD		1000000
#define VDSP_MAX_DELAY_MS	60000

static const char *const vdsp_knob_names[VDSP_NUM_KNOBS] = {
	[VDSP_K_DROP] = "drop",
	[VDSP_K_DELAY] = "delay",
	[VDSP_K_DUP] = "dup",
	[VDSP_K_STALE_CTX] = "stale_ctx",
	[VDSP_K_UNKNOWN_CTX] = "unknown_ctx",
	[VDSP_K_SHORT] = "short",
	[VDSP_K_OVERSIZE] = "oversize",
	[VDSP_K_OUTLEN] = "outlen",
	[VDSP_K_BAD_ADDR] = "bad_addr",
	[VDSP_K_STALL] = "stall",
};

static const char *const vdsp_scope_names[] = {
	[VDSP_SCOPE_USER] = "user",
	[VDSP_SCOPE_KERNEL] = "kernel",
	[VDSP_SCOPE_ALL] = "all",
};

static bool vdsp_ctx_in_flight(struct vdsp_domain *dom, u64 ctx)
{
	struct vdsp_call *call;

	list_for_each_entry(call, &dom->inflight, node)
		if (((call->ctx ^ ctx) & QDA_FASTRPC_CTX_ID_MASK) == 0)
			return true;
	return false;
}

static int vdsp_flood(struct vdsp_domain *dom, u32 n)
{
	struct qda_fastrpc_rsp rsp = {};
	u32 i, tries = 0;
	u64 ctx;

	for (i = 0; i < n && tries < 16 * n; tries++) {
		ctx = get_random_u64();
		rsp.ctx = cpu_to_le64(ctx);
		rsp.retval = cpu_to_le32(get_random_u32());
		spin_lock(&dom->lock);
		if (dom->down || dom->dying) {
			spin_unlock(&dom->lock);
			return -EPIPE;
		}
		if (ctx == QDA_FASTRPC_NOTIF_CTX || vdsp_ctx_in_flight(dom, ctx)) {
			spin_unlock(&dom->lock);
			continue;
		}
		vdsp_emit_locked(dom, &rsp, sizeof(rsp));
		spin_unlock(&dom->lock);
		vdsp_stat_add(dom, VDSP_ST_INJECTED, 1);
		i++;
		if (!(i % 256))
			cond_resched();
	}
	return 0;
}

/*
 * Subsystem restart: the core learns the DSP is down, every call in flight
 * is lost, all DSP processes and their mappings vanish; the DSP comes back
 * after @up_delay_ms.
 */
void vdsp_crash(struct vdsp_domain *dom, unsigned int up_delay_ms)
{
	spin_lock(&dom->lock);
	if (dom->dying || dom->down) {
		spin_unlock(&dom->lock);
		return;
	}
	dom->epoch++;
	dom->down = true;
	spin_unlock(&dom->lock);
	wake_up_all(&dom->wake);
	vdsp_stat_add(dom, VDSP_ST_CRASHES, 1);
	dev_info(dom->dev, "DSP crash injected, back in %u ms\n", up_delay_ms);
	qda_domain_remote_down(dom->qdev);
	vdsp_proc_drop_all(dom);
	schedule_delayed_work(&dom->up_work, msecs_to_jiffies(up_delay_ms));
}

static int vdsp_parse_u32(const char *s, u32 *v)
{
	return s ? kstrtou32(s, 0, v) : -EINVAL;
}

/* A line written to "inject": a command, its value and its options */
struct vdsp_cmd {
	char *name;		/* NULL: an empty line */
	const char *value;
	u32 every;
	enum vdsp_scope scope;
};

static int vdsp_cmd_parse(char *line, struct vdsp_cmd *c)
{
	char *words[4], *word;
	unsigned int nw = 0, i;
	int ret;

	*c = (struct vdsp_cmd) { .scope = VDSP_SCOPE_USER };
	while ((word = strsep(&line, " \t\n")) != NULL) {
		if (!*word)
			continue;
		if (nw == ARRAY_SIZE(words))
			return -EINVAL;
		words[nw++] = word;
	}
	if (!nw)
		return 0;
	c->name = words[0];
	for (i = 1; i < nw; i++) {
		if (str_has_prefix(words[i], "every=")) {
			ret = kstrtou32(words[i] + 6, 0, &c->every);
			if (ret || !c->every)
				return -EINVAL;
		} else if (str_has_prefix(words[i], "scope=")) {
			ret = match_string(vdsp_scope_names,
					   ARRAY_SIZE(vdsp_scope_names),
					   words[i] + 6);
			if (ret < 0)
				return ret;
			c->scope = ret;
		} else if (!c->value) {
			c->value = words[i];
		} else {
			return -EINVAL;
		}
	}
	return 0;
}

/* Arm the response knob @c names */
static int vdsp_knob_arm(struct vdsp_domain *dom, const struct vdsp_cmd *c)
{
	u32 v = 0;
	int knob;

	knob = match_string(vdsp_knob_names, ARRAY_SIZE(vdsp_knob_names),
			    c->name);
	if (knob < 0)
		return -EINVAL;
	if (knob == VDSP_K_DELAY || knob == VDSP_K_STALL) {
		if (vdsp_parse_u32(c->value, &v) || v > VDSP_MAX_DELAY_MS)
			return -EINVAL;
	} else if (c->value) {
		return -EINVAL;
	}
	spin_lock(&dom->knob_lock);
	dom->knobs[knob] = (struct vdsp_knob_state) {
		.armed = true,
		.scope = c->scope,
		.arg = v,
		.every = c->every,
	};
	spin_unlock(&dom->knob_lock);
	return 0;
}

int vdsp_faults_command(struct vdsp_domain *dom, char *line)
{
	struct vdsp_cmd c;
	u32 v = 0;
	int ret;

	ret = vdsp_cmd_parse(line, &c);
	if (ret || !c.name)
		return ret;
	if (!strcmp(c.name, "clear")) {
		spin_lock(&dom->knob_lock);
		memset(dom->knobs, 0, sizeof(dom->knobs));
		spin_unlock(&dom->knob_lock);
		return 0;
	}
	if (!strcmp(c.name, "crash")) {
		v = 200;
		if (c.value && vdsp_parse_u32(c.value, &v))
			return -EINVAL;
		if (v > VDSP_MAX_DELAY_MS)
			return -EINVAL;
		vdsp_crash(dom, v);
		return 0;
	}
	if (!strcmp(c.name, "kill")) {
		if (vdsp_parse_u32(c.value, &v))
			return -EINVAL;
		return vdsp_proc_kill(dom, v);
	}
	if (!strcmp(c.name, "flood")) {
		if (vdsp_parse_u32(c.value, &v) || !v || v > VDSP_MAX_FLOOD)
			return -EINVAL;
		return vdsp_flood(dom, v);
	}
	return vdsp_knob_arm(dom, &c);
}

void vdsp_faults_show(struct vdsp_domain *dom, struct seq_file *m)
{
	struct vdsp_knob_state knobs[VDSP_NUM_KNOBS];
	unsigned int i;

	spin_lock(&dom->knob_lock);
	memcpy(knobs, dom->knobs, sizeof(knobs));
	spin_unlock(&dom->knob_lock);
	for (i = 0; i < VDSP_NUM_KNOBS; i++) {
		if (!knobs[i].armed)
			continue;
		seq_puts(m, vdsp_knob_names[i]);
		if (i == VDSP_K_DELAY || i == VDSP_K_STALL)
			seq_printf(m, " %u", knobs[i].arg);
		if (knobs[i].every)
			seq_printf(m, " every=%u", knobs[i].every);
		seq_printf(m, " scope=%s\n", vdsp_scope_names[knobs[i].scope]);
	}
}
