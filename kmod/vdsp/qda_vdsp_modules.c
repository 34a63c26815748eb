// SPDX-License-Identifier: GPL-2.0-only
/*
 * Built-in DSP modules, opened through remotectl by library name:
 *
 *  calculator (libcalculator_skel.so): the Hexagon SDK's first example,
 *	sum and max of an int32 vector.
 *  qda_test (libqda_test_skel.so): methods for testing the driver: noop,
 *	echo, fill, checksum, sleep, set_outlen, error, handles, peek, poke,
 *	keep, kept_read, release_kept.
 *
 * Both are domains-style interfaces: methods 0 and 1 are the interface's
 * open and close (no-ops here), its own methods start at 2. The exact ABI
 * is in docs/vdsp.md.
 */
#include <linux/crc32.h>
#include <linux/limits.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "qda_vdsp_modules.h"

#define VDSP_BOUNCE		4096
#define VDSP_MAX_SLEEP_US	60000000U
#define VDSP_MAX_PEEK		(16U << 20)

struct vdsp_module {
	const char *name;
	const char *lib;
	const char *skel;
	u32 (*invoke)(struct vdsp_call *call);
};

/* Methods 0 and 1 (the interface's open and close), qda_test's noop */
static u32 vdsp_method_noop(struct vdsp_call *call)
{
	return 0;
}

static int vdsp_read_u32(struct vdsp_call *call, unsigned int i, u32 *v)
{
	__le32 x;
	int ret;

	if (vdsp_arg_len(call, i) < sizeof(x))
		return -EINVAL;
	ret = vdsp_arg_read(call, i, 0, &x, sizeof(x));
	*v = le32_to_cpu(x);
	return ret;
}

/* in0, a u32, of a method called with sc (@in, @out): 0 or an AEE code */
static u32 vdsp_in0_u32(struct vdsp_call *call, u32 in, u32 out, u32 *v)
{
	if (!vdsp_sc_is(call, in, out))
		return QDA_AEE_EBADPARM;
	return vdsp_errno_to_aee(vdsp_read_u32(call, 0, v));
}

static int vdsp_read_u64(struct vdsp_call *call, unsigned int i, u64 *v)
{
	__le64 x;
	int ret;

	if (vdsp_arg_len(call, i) < sizeof(x))
		return -EINVAL;
	ret = vdsp_arg_read(call, i, 0, &x, sizeof(x));
	*v = le64_to_cpu(x);
	return ret;
}

/* calculator */

enum { VDSP_CALC_SUM, VDSP_CALC_MAX };

static u32 vdsp_calc_reduce(struct vdsp_call *call, int op)
{
	u64 off, bytes, outsz = op == VDSP_CALC_SUM ? 8 : 4;
	s64 sum = 0;
	s32 max = S32_MIN;
	u32 vec_len, n, j;
	__le32 *buf;
	int ret;

	if (!vdsp_sc_is(call, 2, 1) || vdsp_arg_len(call, 0) != sizeof(u32) ||
	    vdsp_arg_len(call, 2) < outsz)
		return QDA_AEE_EBADPARM;
	ret = vdsp_read_u32(call, 0, &vec_len);
	if (ret)
		return vdsp_errno_to_aee(ret);
	bytes = (u64)vec_len * sizeof(u32);
	if (vdsp_arg_len(call, 1) != bytes)
		return QDA_AEE_EBADPARM;
	if (op == VDSP_CALC_MAX && !vec_len)
		return QDA_AEE_EBADPARM;

	buf = kmalloc(VDSP_BOUNCE, GFP_KERNEL);
	if (!buf)
		return QDA_AEE_ENOMEMORY;
	for (off = 0; off < bytes; off += n * sizeof(u32)) {
		n = min_t(u64, bytes - off, VDSP_BOUNCE) / sizeof(u32);
		ret = vdsp_arg_read(call, 1, off, buf, n * sizeof(u32));
		if (ret)
			break;
		for (j = 0; j < n; j++) {
			s32 v = (s32)le32_to_cpu(buf[j]);

			sum += v;
			if (v > max)
				max = v;
		}
	}
	kfree(buf);
	if (ret)
		return vdsp_errno_to_aee(ret);

	if (op == VDSP_CALC_SUM) {
		__le64 res = cpu_to_le64(sum);

		ret = vdsp_arg_write(call, 2, 0, &res, sizeof(res));
	} else {
		__le32 res = cpu_to_le32(max);

		ret = vdsp_arg_write(call, 2, 0, &res, sizeof(res));
	}
	if (ret)
		return vdsp_errno_to_aee(ret);
	vdsp_arg_set_outlen(call, 2, outsz);
	return 0;
}

static u32 vdsp_calc_sum(struct vdsp_call *call)
{
	return vdsp_calc_reduce(call, VDSP_CALC_SUM);
}

static u32 vdsp_calc_max(struct vdsp_call *call)
{
	return vdsp_calc_reduce(call, VDSP_CALC_MAX);
}

static u32 vdsp_calc_invoke(struct vdsp_call *call)
{
	static const struct vdsp_method methods[] = {
		[0] = { VDSP_M_CALC_OPEN, vdsp_method_noop },
		[1] = { VDSP_M_CALC_CLOSE, vdsp_method_noop },
		[2] = { VDSP_M_CALC_SUM, vdsp_calc_sum },
		[3] = { VDSP_M_CALC_MAX, vdsp_calc_max },
	};

	return vdsp_method_invoke(call, methods, ARRAY_SIZE(methods),
				  VDSP_M_CALC_OTHER);
}

/* qda_test */

struct vdsp_copy_state {
	struct vdsp_call *call;
	unsigned int dst;
	u64 off;
	u32 crc;
	u8 value;
};

static int vdsp_echo_piece(void *ptr, size_t len, void *priv)
{
	struct vdsp_copy_state *st = priv;
	int ret = vdsp_arg_write(st->call, st->dst, st->off, ptr, len);

	st->off += len;
	return ret;
}

static int vdsp_fill_piece(void *ptr, size_t len, void *priv)
{
	struct vdsp_copy_state *st = priv;

	memset(ptr, st->value, len);
	return 0;
}

static int vdsp_crc_piece(void *ptr, size_t len, void *priv)
{
	struct vdsp_copy_state *st = priv;

	st->crc = crc32_le(st->crc, ptr, len);
	return 0;
}

static u32 vdsp_test_echo(struct vdsp_call *call)
{
	struct vdsp_copy_state st = { .call = call, .dst = 1 };
	u64 len = vdsp_arg_len(call, 0);
	int ret;

	if (!vdsp_sc_is(call, 1, 1) || vdsp_arg_len(call, 1) < len)
		return QDA_AEE_EBADPARM;
	ret = vdsp_arg_walk(call, 0, 0, len, vdsp_echo_piece, &st);
	if (ret)
		return vdsp_errno_to_aee(ret);
	vdsp_arg_set_outlen(call, 1, len);
	return 0;
}

static u32 vdsp_test_fill(struct vdsp_call *call)
{
	struct vdsp_copy_state st = { .call = call };
	__le32 in[2];
	u32 count;
	int ret;

	if (!vdsp_sc_is(call, 1, 1) || vdsp_arg_len(call, 0) < sizeof(in))
		return QDA_AEE_EBADPARM;
	ret = vdsp_arg_read(call, 0, 0, in, sizeof(in));
	if (ret)
		return vdsp_errno_to_aee(ret);
	st.value = le32_to_cpu(in[0]) & 0xff;
	count = le32_to_cpu(in[1]);
	if (count > vdsp_arg_len(call, 1))
		return QDA_AEE_EBADPARM;
	ret = vdsp_arg_walk(call, 1, 0, count, vdsp_fill_piece, &st);
	if (ret)
		return vdsp_errno_to_aee(ret);
	vdsp_arg_set_outlen(call, 1, count);
	return 0;
}

static u32 vdsp_test_checksum(struct vdsp_call *call)
{
	struct vdsp_copy_state st = { .call = call, .crc = ~0U };
	__le32 res;
	int ret;

	if (!vdsp_sc_is(call, 1, 1) || vdsp_arg_len(call, 1) < sizeof(res))
		return QDA_AEE_EBADPARM;
	ret = vdsp_arg_walk(call, 0, 0, vdsp_arg_len(call, 0), vdsp_crc_piece,
			    &st);
	if (ret)
		return vdsp_errno_to_aee(ret);
	res = cpu_to_le32(~st.crc);
	ret = vdsp_arg_write(call, 1, 0, &res, sizeof(res));
	if (ret)
		return vdsp_errno_to_aee(ret);
	vdsp_arg_set_outlen(call, 1, sizeof(res));
	return 0;
}

static u32 vdsp_test_sleep(struct vdsp_call *call)
{
	u32 us, ret;

	ret = vdsp_in0_u32(call, 1, 0, &us);
	if (ret)
		return ret;
	if (us > VDSP_MAX_SLEEP_US)
		return QDA_AEE_EBADPARM;
	/* a crash ends the sleep; the engine then never answers */
	vdsp_wait(call, us);
	return 0;
}

static u32 vdsp_test_set_outlen(struct vdsp_call *call)
{
	u32 n, ret;

	ret = vdsp_in0_u32(call, 1, 1, &n);
	if (ret)
		return ret;
	vdsp_arg_set_outlen(call, 1, n);
	return 0;
}

static u32 vdsp_test_error(struct vdsp_call *call)
{
	u32 code, ret;

	ret = vdsp_in0_u32(call, 1, 0, &code);
	return ret ?: code;
}

static u32 vdsp_test_handles(struct vdsp_call *call)
{
	u32 hin = QDA_SC_INHANDLES(call->sc), hout = QDA_SC_OUTHANDLES(call->sc);
	unsigned int base = qda_sc_nbufs(call->sc), j;
	__le32 triple[3];
	int ret;

	if (QDA_SC_INBUFS(call->sc) || QDA_SC_OUTBUFS(call->sc) != 1 ||
	    hout > hin || vdsp_arg_len(call, 0) < (u64)hin * sizeof(triple))
		return QDA_AEE_EBADPARM;
	for (j = 0; j < hin; j++) {
		struct qda_fastrpc_remote_dmahandle *h =
			vdsp_arg_dma(call, base + j);

		triple[0] = h->fd;
		triple[1] = h->offset;
		triple[2] = h->len;
		ret = vdsp_arg_write(call, 0, j * sizeof(triple), triple,
				     sizeof(triple));
		if (ret)
			return vdsp_errno_to_aee(ret);
	}
	for (j = 0; j < hout; j++) {
		struct qda_fastrpc_remote_dmahandle *src =
			vdsp_arg_dma(call, base + j);
		struct qda_fastrpc_remote_dmahandle *dst =
			vdsp_arg_dma(call, base + hin + j);

		dst->fd = src->fd;
		dst->offset = src->offset;
		dst->len = src->len;
		vdsp_arg_dirty(call, base + hin + j);
	}
	vdsp_arg_set_outlen(call, 0, hin * sizeof(triple));
	return 0;
}

/*
 * peek(in u64 dsp_addr, out buf) and poke(in u64 dsp_addr, in data): copy
 * between an argument and the process's DSP virtual memory.
 */
static u32 vdsp_test_access(struct vdsp_call *call, bool poke)
{
	u64 addr, len = vdsp_arg_len(call, 1);
	void *buf;
	int ret;

	if (!vdsp_sc_is(call, poke ? 2 : 1, poke ? 0 : 1) ||
	    len > VDSP_MAX_PEEK)
		return QDA_AEE_EBADPARM;
	ret = vdsp_read_u64(call, 0, &addr);
	if (ret)
		return vdsp_errno_to_aee(ret);
	buf = kvmalloc(len ?: 1, GFP_KERNEL);
	if (!buf)
		return QDA_AEE_ENOMEMORY;
	if (poke) {
		ret = vdsp_arg_read(call, 1, 0, buf, len);
		if (!ret)
			ret = vdsp_proc_access(call->proc, call->epoch, addr,
					       buf, len, true);
	} else {
		ret = vdsp_proc_access(call->proc, call->epoch, addr, buf,
				       len, false);
		if (!ret)
			ret = vdsp_arg_write(call, 1, 0, buf, len);
	}
	kvfree(buf);
	if (!ret && !poke)
		vdsp_arg_set_outlen(call, 1, len);
	return vdsp_errno_to_aee(ret);
}

static u32 vdsp_test_peek(struct vdsp_call *call)
{
	return vdsp_test_access(call, false);
}

static u32 vdsp_test_poke(struct vdsp_call *call)
{
	return vdsp_test_access(call, true);
}

/* The kept buffer with @fd, or NULL; under proc->lock */
static struct vdsp_kept *vdsp_kept_find(struct vdsp_process *proc, u32 fd)
{
	unsigned int i;

	for (i = 0; i < proc->nkept; i++)
		if (proc->kept[i].fd == fd)
			return &proc->kept[i];
	return NULL;
}

/* keep(in handle): remember the handle's buffer beyond this call */
static u32 vdsp_test_keep(struct vdsp_call *call)
{
	struct qda_fastrpc_remote_dmahandle *h;
	const struct qda_fastrpc_phy_page *pg;
	struct vdsp_process *proc = call->proc;
	unsigned int i = qda_sc_nbufs(call->sc);
	u32 ret = 0;

	if (qda_sc_nbufs(call->sc) || QDA_SC_INHANDLES(call->sc) != 1 ||
	    QDA_SC_OUTHANDLES(call->sc) || le32_to_cpu(call->list[i].num) != 1)
		return QDA_AEE_EBADPARM;
	h = vdsp_arg_dma(call, i);
	pg = &call->pages[le32_to_cpu(call->list[i].pgidx)];

	mutex_lock(&proc->lock);
	if (vdsp_kept_find(proc, le32_to_cpu(h->fd)))
		ret = QDA_AEE_EBADPARM;
	else if (proc->nkept == VDSP_MAX_KEPT)
		ret = QDA_AEE_ENOMEMORY;
	else
		proc->kept[proc->nkept++] = (struct vdsp_kept) {
			.fd = le32_to_cpu(h->fd),
			.addr = le64_to_cpu(pg->addr),
			.size = le64_to_cpu(pg->size),
		};
	mutex_unlock(&proc->lock);
	return ret;
}

/*
 * kept_read(in u32 fd, out buf): the first bytes of a kept buffer, read
 * through the process's bank as it is mapped now.
 */
static u32 vdsp_test_kept_read(struct vdsp_call *call)
{
	struct vdsp_process *proc = call->proc;
	u64 len = vdsp_arg_len(call, 1), addr = 0;
	struct vdsp_kept *k;
	void *buf;
	u32 fd, aee;
	int ret;

	if (len > VDSP_MAX_PEEK)
		return QDA_AEE_EBADPARM;
	aee = vdsp_in0_u32(call, 1, 1, &fd);
	if (aee)
		return aee;
	mutex_lock(&proc->lock);
	k = vdsp_kept_find(proc, fd);
	if (k && len <= k->size)
		addr = k->addr;
	mutex_unlock(&proc->lock);
	if (!addr)
		return QDA_AEE_EBADPARM;

	buf = kvmalloc(len ?: 1, GFP_KERNEL);
	if (!buf)
		return QDA_AEE_ENOMEMORY;
	ret = vdsp_smmu_read(call->dom, call->epoch, proc->sid, addr, buf,
			     len, "kept");
	if (!ret)
		ret = vdsp_arg_write(call, 1, 0, buf, len);
	kvfree(buf);
	if (ret)
		return vdsp_errno_to_aee(ret);
	vdsp_arg_set_outlen(call, 1, len);
	return 0;
}

/* release_kept(in u32 fd): forget a kept buffer, listing it in the fdlist */
static u32 vdsp_test_release_kept(struct vdsp_call *call)
{
	struct vdsp_process *proc = call->proc;
	struct vdsp_kept *k;
	u32 fd, ret;

	ret = vdsp_in0_u32(call, 1, 0, &fd);
	if (ret)
		return ret;
	mutex_lock(&proc->lock);
	k = vdsp_kept_find(proc, fd);
	if (k)
		*k = proc->kept[--proc->nkept];
	mutex_unlock(&proc->lock);
	if (!k)
		return QDA_AEE_EBADPARM;
	return vdsp_errno_to_aee(vdsp_fdlist_add(call, fd));
}

static u32 vdsp_test_invoke(struct vdsp_call *call)
{
	static const struct vdsp_method methods[] = {
		[0] = { VDSP_M_TEST_OPEN, vdsp_method_noop },
		[1] = { VDSP_M_TEST_CLOSE, vdsp_method_noop },
		[2] = { VDSP_M_TEST_NOOP, vdsp_method_noop },
		[3] = { VDSP_M_TEST_ECHO, vdsp_test_echo },
		[4] = { VDSP_M_TEST_FILL, vdsp_test_fill },
		[5] = { VDSP_M_TEST_CHECKSUM, vdsp_test_checksum },
		[6] = { VDSP_M_TEST_SLEEP, vdsp_test_sleep },
		[7] = { VDSP_M_TEST_SET_OUTLEN, vdsp_test_set_outlen },
		[8] = { VDSP_M_TEST_ERROR, vdsp_test_error },
		[9] = { VDSP_M_TEST_HANDLES, vdsp_test_handles },
		[10] = { VDSP_M_TEST_PEEK, vdsp_test_peek },
		[11] = { VDSP_M_TEST_POKE, vdsp_test_poke },
		[12] = { VDSP_M_TEST_KEEP, vdsp_test_keep },
		[13] = { VDSP_M_TEST_KEPT_READ, vdsp_test_kept_read },
		[14] = { VDSP_M_TEST_RELEASE_KEPT, vdsp_test_release_kept },
	};

	return vdsp_method_invoke(call, methods, ARRAY_SIZE(methods),
				  VDSP_M_TEST_OTHER);
}

static const struct vdsp_module vdsp_modules[] = {
	{
		.name = "calculator",
		.lib = "libcalculator_skel.so",
		.skel = "calculator_skel_handle_invoke",
		.invoke = vdsp_calc_invoke,
	},
	{
		.name = "qda_test",
		.lib = "libqda_test_skel.so",
		.skel = "qda_test_skel_handle_invoke",
		.invoke = vdsp_test_invoke,
	},
};

const struct vdsp_module *vdsp_module_find(const char *lib)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vdsp_modules); i++)
		if (!strcmp(lib, vdsp_modules[i].lib))
			return &vdsp_modules[i];
	return NULL;
}

const char *vdsp_module_skel(const struct vdsp_module *mod)
{
	return mod->skel;
}

u32 vdsp_module_invoke(const struct vdsp_module *mod, struct vdsp_call *call)
{
	return mod->invoke(call);
}
