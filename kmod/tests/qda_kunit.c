// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of qda.ko's pure parts: the FastRPC wire format, scalars,
 * the payload layout a call's metadata gets (and its overflow checks),
 * context values and their matching, SID-prefixed device addresses and
 * the domain table. Built as qda_kunit.ko where the kernel has KUnit;
 * tests/vm/kunit.sh loads it in the debug VM (make check-debug).
 *
 * Expected values are written out from the protocol (struct offsets, bit
 * positions, byte offsets in the payload), not computed with the code
 * under test. The payload tests run qda_payload_build() and
 * qda_payload_finish() on stand-in objects: no device, no DSP.
 */
#include <kunit/test.h>
#include <linux/limits.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/string.h>

#include "qda_accel.h"
#include "qda_call.h"
#include "qda_device.h"
#include "qda_fastrpc_wire.h"
#include "qda_gem.h"
#include "qda_mm.h"
#include "qda_payload.h"
#include "qda_proc.h"
#include "qda_session.h"

/* ---- wire format ------------------------------------------------------- */

static void qda_test_wire_offsets(struct kunit *test)
{
	/* APPS -> DSP message: 40 bytes */
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_msg, client_id), 0);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_msg, tid), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_msg, ctx), 8);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_msg, handle), 16);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_msg, sc), 20);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_msg, addr), 24);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_msg, size), 32);
	KUNIT_EXPECT_EQ(test, sizeof(struct qda_fastrpc_msg), 40);

	/* DSP -> APPS response: 16 bytes */
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_rsp, ctx), 0);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_rsp, retval), 8);
	KUNIT_EXPECT_EQ(test, sizeof(struct qda_fastrpc_rsp), 16);

	/* Payload metadata entries */
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_remote_buf, pv), 0);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_remote_buf, len), 8);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_remote_dmahandle, fd), 0);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_remote_dmahandle, offset), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_remote_dmahandle, len), 8);
	KUNIT_EXPECT_EQ(test, sizeof(union qda_fastrpc_remote_arg), 16);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_invoke_buf, num), 0);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_invoke_buf, pgidx), 4);
	KUNIT_EXPECT_EQ(test, sizeof(struct qda_fastrpc_invoke_buf), 8);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_phy_page, addr), 0);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_phy_page, size), 8);
	KUNIT_EXPECT_EQ(test, sizeof(struct qda_fastrpc_phy_page), 16);
}

static void qda_test_wire_init_msgs(struct kunit *test)
{
	/* INIT_CREATE in0: six 32-bit words */
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_create_msg, client_id), 0);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_create_msg, namelen), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_create_msg, filelen), 8);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_create_msg, pageslen), 12);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_create_msg, attrs), 16);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_create_msg, siglen), 20);
	KUNIT_EXPECT_EQ(test, sizeof(struct qda_fastrpc_create_msg), 24);

	/* INIT_MMAP: 24 bytes, vaddr 8-aligned; the response one u64 */
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_mmap_req, flags), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_mmap_req, vaddr), 8);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_mmap_req, num), 16);
	KUNIT_EXPECT_EQ(test, sizeof(struct qda_fastrpc_mmap_req), 24);
	KUNIT_EXPECT_EQ(test, sizeof(struct qda_fastrpc_mmap_rsp), 8);

	/* INIT_MUNMAP: client id, then two u64 at 8 and 16 */
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_munmap_req, vaddr), 8);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_munmap_req, size), 16);
	KUNIT_EXPECT_EQ(test, sizeof(struct qda_fastrpc_munmap_req), 24);

	/* INIT_MEM_MAP: 32 bytes */
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_mem_map_req, fd), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_mem_map_req, offset), 8);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_mem_map_req, flags), 12);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_mem_map_req, vaddrin), 16);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_mem_map_req, num), 24);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_mem_map_req, data_len), 28);
	KUNIT_EXPECT_EQ(test, sizeof(struct qda_fastrpc_mem_map_req), 32);

	/* INIT_MEM_UNMAP: 24 bytes */
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_mem_unmap_req, fd), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_mem_unmap_req, vaddrin), 8);
	KUNIT_EXPECT_EQ(test, offsetof(struct qda_fastrpc_mem_unmap_req, len), 16);
	KUNIT_EXPECT_EQ(test, sizeof(struct qda_fastrpc_mem_unmap_req), 24);
}

/* A message encodes little-endian, byte for byte where the DSP reads it */
static void qda_test_wire_msg_bytes(struct kunit *test)
{
	static const u8 want[40] = {
		0x01, 0x02, 0x03, 0x04,				/* client_id */
		0x11, 0x12, 0x13, 0x14,				/* tid */
		0x02, 0x05, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00,	/* ctx */
		0x21, 0x22, 0x23, 0x24,				/* handle */
		0x00, 0x00, 0x02, 0x03,				/* sc */
		0x00, 0x10, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00,	/* addr */
		0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* size */
	};
	struct qda_fastrpc_msg msg = {
		.client_id = cpu_to_le32(0x04030201),
		.tid = cpu_to_le32(0x14131211),
		.ctx = cpu_to_le64(qda_fastrpc_ctxid(7, 5, QDA_FASTRPC_PD_SENSORS)),
		.handle = cpu_to_le32(0x24232221),
		.sc = cpu_to_le32(QDA_SC_MAKE(0, 3, 2, 0, 0, 0)),
		.addr = cpu_to_le64(0x500001000ULL),
		.size = cpu_to_le64(0x2000),
	};

	KUNIT_EXPECT_MEMEQ(test, &msg, want, sizeof(want));
}

/* A response decodes from the bytes the DSP wrote */
static void qda_test_wire_rsp_bytes(struct kunit *test)
{
	static const u8 bytes[16] = {
		0x01, 0x03, 0x2a, 0x00, 0x00, 0x00, 0x01, 0x00,	/* ctx */
		0x0e, 0x04, 0x00, 0x80,				/* retval */
		0xff, 0xff, 0xff, 0xff,				/* pad */
	};
	struct qda_fastrpc_rsp rsp;

	memcpy(&rsp, bytes, sizeof(rsp));
	KUNIT_EXPECT_EQ(test, le64_to_cpu(rsp.ctx), 0x10000002a0301ULL);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(rsp.retval), QDA_AEE_EBADPARM);
	KUNIT_EXPECT_EQ(test, qda_fastrpc_ctxid_id(le64_to_cpu(rsp.ctx)), 3);
}

/* Values the firmware defines; a typo here would be a silent DSP error */
static void qda_test_wire_constants(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, QDA_FASTRPC_NOTIF_CTX, 0xabcdabcdULL);
	KUNIT_EXPECT_EQ(test, QDA_FASTRPC_HANDLE_REMOTECTL, 0);
	KUNIT_EXPECT_EQ(test, QDA_FASTRPC_HANDLE_INIT, 1);
	KUNIT_EXPECT_EQ(test, QDA_FASTRPC_HANDLE_UTILITIES, 2);
	KUNIT_EXPECT_EQ(test, QDA_FASTRPC_RMID_INIT_ATTACH, 0);
	KUNIT_EXPECT_EQ(test, QDA_FASTRPC_RMID_INIT_RELEASE, 1);
	KUNIT_EXPECT_EQ(test, QDA_FASTRPC_RMID_INIT_MMAP, 4);
	KUNIT_EXPECT_EQ(test, QDA_FASTRPC_RMID_INIT_MUNMAP, 5);
	KUNIT_EXPECT_EQ(test, QDA_FASTRPC_RMID_INIT_CREATE, 6);
	KUNIT_EXPECT_EQ(test, QDA_FASTRPC_RMID_INIT_CREATE_ATTR, 7);
	KUNIT_EXPECT_EQ(test, QDA_FASTRPC_RMID_INIT_CREATE_STATIC, 8);
	KUNIT_EXPECT_EQ(test, QDA_FASTRPC_RMID_INIT_MEM_MAP, 10);
	KUNIT_EXPECT_EQ(test, QDA_FASTRPC_RMID_INIT_MEM_UNMAP, 11);
	KUNIT_EXPECT_EQ(test, QDA_FASTRPC_MMAP_ADD_PAGES, 0x1000);
	KUNIT_EXPECT_EQ(test, QDA_FASTRPC_MAP_FD, 2);
	KUNIT_EXPECT_EQ(test, QDA_FASTRPC_MODE_UNSIGNED_MODULE, 8);
	KUNIT_EXPECT_EQ(test, QDA_AEE_EOFFSET, 0x80000400u);
	KUNIT_EXPECT_EQ(test, QDA_AEE_ENOSUCHPROCESS, 0x80000441u);
	KUNIT_EXPECT_EQ(test, QDA_AEE_EUNSUPPORTED, 0x80000414u);
}

/* ---- scalars ----------------------------------------------------------- */

static void qda_test_sc_fields(struct kunit *test)
{
	u32 sc = QDA_SC_MAKE(5, 17, 3, 2, 1, 4);

	KUNIT_EXPECT_EQ(test, sc, 0xb1030214u);
	KUNIT_EXPECT_EQ(test, QDA_SC_METHOD(sc), 17);
	KUNIT_EXPECT_EQ(test, QDA_SC_INBUFS(sc), 3);
	KUNIT_EXPECT_EQ(test, QDA_SC_OUTBUFS(sc), 2);
	KUNIT_EXPECT_EQ(test, QDA_SC_INHANDLES(sc), 1);
	KUNIT_EXPECT_EQ(test, QDA_SC_OUTHANDLES(sc), 4);

	KUNIT_EXPECT_EQ(test, QDA_SC_MAKE(0, 0, 0, 0, 0, 0), 0u);
	KUNIT_EXPECT_EQ(test, QDA_SC_MAKE(7, 31, 255, 255, 15, 15), U32_MAX);
	/* The process manager's words, as the firmware expects them */
	KUNIT_EXPECT_EQ(test, QDA_SC_MAKE(0, QDA_FASTRPC_RMID_INIT_CREATE, 4, 0, 0, 0),
			0x06040000u);
	KUNIT_EXPECT_EQ(test, QDA_SC_MAKE(0, QDA_FASTRPC_RMID_INIT_MEM_MAP, 3, 1, 0, 0),
			0x0a030100u);
	KUNIT_EXPECT_EQ(test, QDA_SC_MAKE(0, QDA_FASTRPC_RMID_INIT_RELEASE, 1, 0, 0, 0),
			0x01010000u);
}

/* A value too wide for its field never spills into the next one */
static void qda_test_sc_masking(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, QDA_SC_MAKE(8, 0, 0, 0, 0, 0), 0u);
	KUNIT_EXPECT_EQ(test, QDA_SC_MAKE(0, 32, 0, 0, 0, 0), 0u);
	KUNIT_EXPECT_EQ(test, QDA_SC_MAKE(0, 0, 0x100, 0, 0, 0), 0u);
	KUNIT_EXPECT_EQ(test, QDA_SC_MAKE(0, 0, 0, 0x1ff, 0, 0), 0xff00u);
	KUNIT_EXPECT_EQ(test, QDA_SC_MAKE(0, 0, 0, 0, 0x10, 0), 0u);
	KUNIT_EXPECT_EQ(test, QDA_SC_MAKE(0, 0, 0, 0, 0, 0x1f), 0xfu);
}

static void qda_test_sc_counts(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, qda_sc_nbufs(0), 0);
	KUNIT_EXPECT_EQ(test, qda_sc_length(0), 0);
	KUNIT_EXPECT_EQ(test, qda_sc_nbufs(QDA_SC_MAKE(0, 0, 2, 1, 3, 4)), 3);
	KUNIT_EXPECT_EQ(test, qda_sc_length(QDA_SC_MAKE(0, 0, 2, 1, 3, 4)), 10);
	/* Handles only: no buffers */
	KUNIT_EXPECT_EQ(test, qda_sc_nbufs(QDA_SC_MAKE(7, 31, 0, 0, 15, 15)), 0);
	KUNIT_EXPECT_EQ(test, qda_sc_length(QDA_SC_MAKE(7, 31, 0, 0, 15, 15)), 30);
	/* The largest word counts, without wrapping, past QDA_MAX_ARGS */
	KUNIT_EXPECT_EQ(test, qda_sc_nbufs(U32_MAX), 510);
	KUNIT_EXPECT_EQ(test, qda_sc_length(U32_MAX), 540);
	KUNIT_EXPECT_GT(test, qda_sc_length(U32_MAX), QDA_MAX_ARGS);
}

/* The kernel's scalars are the UAPI's, field for field */
static void qda_test_sc_uapi(struct kunit *test)
{
	static const u8 f[][6] = {
		{ 0, 0, 0, 0, 0, 0 }, { 7, 31, 255, 255, 15, 15 },
		{ 1, 2, 3, 4, 5, 6 }, { 6, 5, 4, 3, 2, 1 }, { 0, 31, 0, 255, 0, 15 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(f); i++) {
		u32 sc = QDA_SC_MAKE(f[i][0], f[i][1], f[i][2], f[i][3],
				     f[i][4], f[i][5]);

		KUNIT_EXPECT_EQ(test, sc, DRM_QDA_SCALARS(f[i][0], f[i][1], f[i][2],
							  f[i][3], f[i][4], f[i][5]));
		KUNIT_EXPECT_EQ(test, qda_sc_length(sc), DRM_QDA_SCALARS_LENGTH(sc));
	}
}

/* ---- payload metadata size -------------------------------------------- */

static void qda_test_meta_size(struct kunit *test)
{
	/* fdlist (16 x u64) and crclist (64 x u32) are always there */
	KUNIT_EXPECT_EQ(test, qda_fastrpc_meta_size(0, 0), 384);
	KUNIT_EXPECT_EQ(test, qda_fastrpc_meta_size(1, 0), 408);
	KUNIT_EXPECT_EQ(test, qda_fastrpc_meta_size(0, 1), 400);
	/* One page entry per argument: 40 bytes per argument */
	KUNIT_EXPECT_EQ(test, qda_fastrpc_meta_size(1, 1), 424);
	KUNIT_EXPECT_EQ(test, qda_fastrpc_meta_size(QDA_MAX_ARGS, QDA_MAX_ARGS),
			40 * QDA_MAX_ARGS + 384);
	KUNIT_EXPECT_LE(test, qda_fastrpc_meta_size(QDA_MAX_ARGS, QDA_MAX_ARGS),
			QDA_PAYLOAD_SIZE);
	/* Never wraps: the largest inputs give a size past any payload */
	KUNIT_EXPECT_EQ(test, qda_fastrpc_meta_size(UINT_MAX, UINT_MAX),
			(size_t)UINT_MAX * 40 + 384);
	KUNIT_EXPECT_GT(test, qda_fastrpc_meta_size(0, UINT_MAX), QDA_PAYLOAD_SIZE);
}

/* ---- building a call's payload ----------------------------------------- */

/* The payload's device address: SID 3, page-aligned */
#define QDA_TEST_PL_ADDR	0x300100000ULL

/**
 * struct qda_test_call - stand-ins for what a call's payload is built from
 * @qdev: The device (counters only).
 * @session: The session (held handles, its lock).
 * @pl_bo: The payload's BO; vaddr is the payload memory.
 * @pl_map: The payload's mapping: dev_addr QDA_TEST_PL_ADDR, no syncs.
 * @payload: The payload.
 * @bo: A BO that argument mappings point to (only its size is read).
 */
struct qda_test_call {
	struct qda_device *qdev;
	struct qda_session session;
	struct qda_bo pl_bo;
	struct qda_bo_map pl_map;
	struct qda_payload payload;
	struct qda_bo bo;
};

static struct qda_test_call *qda_test_call_new(struct kunit *test)
{
	struct qda_test_call *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->qdev = kunit_kzalloc(test, sizeof(*c->qdev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->qdev);
	c->session.qdev = c->qdev;
	mutex_init(&c->session.lock);
	INIT_LIST_HEAD(&c->session.dsp_maps);
	spin_lock_init(&c->session.held_lock);
	INIT_LIST_HEAD(&c->session.held);
	c->pl_bo.vaddr = kunit_kzalloc(test, QDA_PAYLOAD_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->pl_bo.vaddr);
	/* Whatever the build leaves alone must read back as this */
	memset(c->pl_bo.vaddr, 0xa5, QDA_PAYLOAD_SIZE);
	c->pl_map.dev_addr = QDA_TEST_PL_ADDR;
	c->payload.bo = &c->pl_bo;
	c->payload.map = &c->pl_map;
	c->bo.base.size = 0x3000;
	mutex_init(&c->bo.lock);
	return c;
}

/* Forget the handles the DSP was left holding, as a process release does */
static void qda_test_call_end(struct qda_test_call *c)
{
	mutex_lock(&c->session.lock);
	qda_proc_drop_dsp_maps(&c->session);
	mutex_unlock(&c->session.lock);
	mutex_destroy(&c->session.lock);
	mutex_destroy(&c->bo.lock);
}

static void qda_test_map_init(struct qda_test_call *c, struct qda_bo_map *map,
			      u64 dev_addr)
{
	kref_init(&map->ref);
	map->bo = &c->bo;
	map->dev_addr = dev_addr;
}

static struct qda_layout *qda_test_ctx(struct kunit *test,
				       struct qda_test_call *c, u32 sc,
				       const struct qda_call_arg *args,
				       unsigned int nargs)
{
	struct qda_layout *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->args = kunit_kcalloc(test, nargs ?: 1, sizeof(*args), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->args);
	ctx->nargs = nargs;
	memcpy(ctx->args, args, nargs * sizeof(*args));
	ctx->sc = sc;
	ctx->session = &c->session;
	ctx->payload = &c->payload;
	return ctx;
}

/* Little-endian words of the payload, at (aligned) byte offsets */
static u64 pl64(struct qda_test_call *c, size_t off)
{
	return le64_to_cpup(c->pl_bo.vaddr + off);
}

static u32 pl32(struct qda_test_call *c, size_t off)
{
	return le32_to_cpup(c->pl_bo.vaddr + off);
}

/* What the DSP writes into the payload */
static void pl64_set(struct qda_test_call *c, size_t off, u64 v)
{
	*(__le64 *)(c->pl_bo.vaddr + off) = cpu_to_le64(v);
}

/*
 * Kernel arguments are copied into the payload after the metadata, each
 * 128-byte aligned, and described by one page entry each. Three arguments,
 * three page entries: rpra at 0, list at 48, pages at 72, fdlist at 120,
 * crclist at 248, 504 bytes of metadata; the first copy at 512.
 */
static void qda_test_build_inline(struct kunit *test)
{
	struct qda_test_call *c = qda_test_call_new(test);
	u8 in0[16], in1[200], out0[8];
	struct qda_call_arg args[3] = {
		{ .kbuf = in0, .length = sizeof(in0) },
		{ .kbuf = in1, .length = sizeof(in1) },
		{ .kbuf = out0, .length = sizeof(out0) },
	};
	struct qda_layout *ctx;
	unsigned int i;
	u64 size = 0;

	memset(in0, 0x11, sizeof(in0));
	memset(in1, 0x22, sizeof(in1));
	memset(out0, 0x33, sizeof(out0));
	ctx = qda_test_ctx(test, c, QDA_SC_MAKE(0, 3, 2, 1, 0, 0), args, 3);
	KUNIT_ASSERT_EQ(test, qda_payload_build(ctx, &size), 0);
	KUNIT_EXPECT_EQ(test, size, 4096);
	KUNIT_EXPECT_EQ(test, ctx->npages, 3);

	/* rpra[i].buf: pv is the device address of the copy */
	KUNIT_EXPECT_EQ(test, pl64(c, 0), QDA_TEST_PL_ADDR + 512);
	KUNIT_EXPECT_EQ(test, pl64(c, 8), 16);
	KUNIT_EXPECT_EQ(test, pl64(c, 16), QDA_TEST_PL_ADDR + 640);
	KUNIT_EXPECT_EQ(test, pl64(c, 24), 200);
	KUNIT_EXPECT_EQ(test, pl64(c, 32), QDA_TEST_PL_ADDR + 896);
	KUNIT_EXPECT_EQ(test, pl64(c, 40), 8);
	KUNIT_EXPECT_EQ(test, ctx->args[0].inline_off, 512);
	KUNIT_EXPECT_EQ(test, ctx->args[1].inline_off, 640);
	KUNIT_EXPECT_EQ(test, ctx->args[2].inline_off, 896);
	/* list[i] = { num 1, pgidx i } */
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, pl32(c, 48 + 8 * i), 1);
		KUNIT_EXPECT_EQ(test, pl32(c, 52 + 8 * i), i);
		/* pages[i]: the payload's first page, page-aligned */
		KUNIT_EXPECT_EQ(test, pl64(c, 72 + 16 * i), QDA_TEST_PL_ADDR);
		KUNIT_EXPECT_EQ(test, pl64(c, 80 + 16 * i), 4096);
	}
	/* fdlist and crclist zeroed, nothing written between them and 512 */
	for (i = 120; i < 504; i++)
		KUNIT_EXPECT_EQ(test, ((u8 *)c->pl_bo.vaddr)[i], 0);
	KUNIT_EXPECT_EQ(test, ((u8 *)c->pl_bo.vaddr)[504], 0xa5);
	/* Inputs copied, outputs zeroed */
	KUNIT_EXPECT_MEMEQ(test, c->pl_bo.vaddr + 512, in0, sizeof(in0));
	KUNIT_EXPECT_MEMEQ(test, c->pl_bo.vaddr + 640, in1, sizeof(in1));
	KUNIT_EXPECT_EQ(test, pl64(c, 896), 0);
	qda_test_call_end(c);
}

/* A BO slice is not copied: pv is its device address, page entry spans it */
static void qda_test_build_bo_slice(struct kunit *test)
{
	struct qda_test_call *c = qda_test_call_new(test);
	struct qda_bo_map map = {};
	struct qda_call_arg args[1] = {
		{ .map = &map, .offset = 0x1234, .length = 0x2000 },
	};
	struct qda_layout *ctx;
	u64 size = 0;

	qda_test_map_init(c, &map, 0x200200000ULL);
	ctx = qda_test_ctx(test, c, QDA_SC_MAKE(0, 0, 1, 0, 0, 0), args, 1);
	KUNIT_ASSERT_EQ(test, qda_payload_build(ctx, &size), 0);
	/* Only metadata: 424 bytes, aligned to 512, one page announced */
	KUNIT_EXPECT_EQ(test, size, 4096);
	KUNIT_EXPECT_EQ(test, pl64(c, 0), 0x200201234ULL);
	KUNIT_EXPECT_EQ(test, pl64(c, 8), 0x2000);
	KUNIT_EXPECT_EQ(test, pl32(c, 16), 1);
	KUNIT_EXPECT_EQ(test, pl32(c, 20), 0);
	/* 0x...1234 + 0x2000 ends in the third page from 0x...1000 */
	KUNIT_EXPECT_EQ(test, pl64(c, 24), 0x200201000ULL);
	KUNIT_EXPECT_EQ(test, pl64(c, 32), 0x3000);
	KUNIT_EXPECT_EQ(test, kref_read(&map.ref), 1);
	qda_test_call_end(c);
}

/*
 * An import in several DMA segments: a slice gets a page entry for each
 * segment it touches, the first starting at the slice's page, the next
 * ones at their segment's first byte.
 */
static void qda_test_build_segments(struct kunit *test)
{
	struct qda_test_call *c = qda_test_call_new(test);
	struct qda_seg segs[3] = {
		{ 0x100010000ULL, 0x1000 },
		{ 0x100050000ULL, 0x2000 },
		{ 0x100090000ULL, 0x1000 },
	};
	struct qda_bo_map map = {};
	struct qda_call_arg args[3] = {
		/* seg 0 from 0x800, then 0x1800 of seg 1 */
		{ .map = &map, .offset = 0x800, .length = 0x2000 },
		/* inside seg 1 only */
		{ .map = &map, .offset = 0x1800, .length = 0x100 },
		/* the last byte of seg 1 and all of seg 2 */
		{ .map = &map, .offset = 0x2fff, .length = 0x1001 },
	};
	struct qda_layout *ctx;
	u64 size = 0;

	qda_test_map_init(c, &map, 0);
	map.segs = segs;
	map.nsegs = ARRAY_SIZE(segs);
	/* copies: one expectation a line, so that a failure names its word */
	ctx = qda_test_ctx(test, c, QDA_SC_MAKE(0, 0, 3, 0, 0, 0), args, 3);
	KUNIT_ASSERT_EQ(test, qda_payload_build(ctx, &size), 0);
	KUNIT_EXPECT_EQ(test, ctx->npages, 5);
	/* rpra */
	KUNIT_EXPECT_EQ(test, pl64(c, 0), 0x100010800ULL);
	KUNIT_EXPECT_EQ(test, pl64(c, 16), 0x100050800ULL);
	KUNIT_EXPECT_EQ(test, pl64(c, 32), 0x100051fffULL);
	/* list at 48: {2, 0}, {1, 2}, {2, 3} */
	KUNIT_EXPECT_EQ(test, pl32(c, 48), 2);
	KUNIT_EXPECT_EQ(test, pl32(c, 52), 0);
	KUNIT_EXPECT_EQ(test, pl32(c, 56), 1);
	KUNIT_EXPECT_EQ(test, pl32(c, 60), 2);
	KUNIT_EXPECT_EQ(test, pl32(c, 64), 2);
	KUNIT_EXPECT_EQ(test, pl32(c, 68), 3);
	/* pages at 72 */
	KUNIT_EXPECT_EQ(test, pl64(c, 72), 0x100010000ULL);
	KUNIT_EXPECT_EQ(test, pl64(c, 80), 0x1000);
	KUNIT_EXPECT_EQ(test, pl64(c, 88), 0x100050000ULL);
	KUNIT_EXPECT_EQ(test, pl64(c, 96), 0x2000);
	KUNIT_EXPECT_EQ(test, pl64(c, 104), 0x100050000ULL);
	KUNIT_EXPECT_EQ(test, pl64(c, 112), 0x1000);
	KUNIT_EXPECT_EQ(test, pl64(c, 120), 0x100051000ULL);
	KUNIT_EXPECT_EQ(test, pl64(c, 128), 0x1000);
	KUNIT_EXPECT_EQ(test, pl64(c, 136), 0x100090000ULL);
	KUNIT_EXPECT_EQ(test, pl64(c, 144), 0x1000);
	/* fdlist right after the five page entries, zeroed */
	KUNIT_EXPECT_EQ(test, pl64(c, 152), 0);
	qda_test_call_end(c);
}

/* An empty buffer takes no page entry; pv stays 0 */
static void qda_test_build_empty(struct kunit *test)
{
	struct qda_test_call *c = qda_test_call_new(test);
	u32 word = 0x01020304;
	struct qda_call_arg args[3] = {
		{ .kbuf = NULL, .length = 0 },
		{ .kbuf = &word, .length = 0 },
		{ .kbuf = &word, .length = sizeof(word) },
	};
	struct qda_layout *ctx;
	u64 size = 0;

	/* copies: one expectation a line, so that a failure names its word */
	ctx = qda_test_ctx(test, c, QDA_SC_MAKE(0, 0, 3, 0, 0, 0), args, 3);
	KUNIT_ASSERT_EQ(test, qda_payload_build(ctx, &size), 0);
	KUNIT_EXPECT_EQ(test, ctx->npages, 1);
	KUNIT_EXPECT_EQ(test, pl64(c, 0), 0);
	KUNIT_EXPECT_EQ(test, pl64(c, 8), 0);
	KUNIT_EXPECT_EQ(test, pl64(c, 16), 0);
	KUNIT_EXPECT_EQ(test, pl32(c, 48), 0);
	KUNIT_EXPECT_EQ(test, pl32(c, 52), 0);
	KUNIT_EXPECT_EQ(test, pl32(c, 56), 0);
	KUNIT_EXPECT_EQ(test, pl32(c, 60), 0);
	/* 3 args, 1 page: 72 + 16 + 384 = 472 bytes; the copy at 512 */
	KUNIT_EXPECT_EQ(test, pl32(c, 64), 1);
	KUNIT_EXPECT_EQ(test, pl32(c, 68), 0);
	KUNIT_EXPECT_EQ(test, pl64(c, 32), QDA_TEST_PL_ADDR + 512);
	KUNIT_EXPECT_EQ(test, pl32(c, 512), 0x01020304);
	qda_test_call_end(c);
}

/*
 * Handles: rpra[i].dma carries the handle as "fd" and the caller's offset
 * and length; a mapped BO gets one page entry for all of it, and the DSP
 * is taken to hold it (once per mapping) until an fdlist lets it go.
 */
static void qda_test_build_handles(struct kunit *test)
{
	struct qda_test_call *c = qda_test_call_new(test);
	struct qda_bo_map map = {};
	struct qda_call_arg args[3] = {
		{ .map = &map, .handle = 7, .offset = 0x10, .length = 0x20 },
		{ .handle = 0 },
		{ .map = &map, .handle = 7 },
	};
	struct qda_layout *ctx;
	u64 size = 0;

	qda_test_map_init(c, &map, 0x400000000ULL);
	/* copies: one expectation a line, so that a failure names its word */
	ctx = qda_test_ctx(test, c, QDA_SC_MAKE(0, 0, 0, 0, 2, 1), args, 3);
	KUNIT_ASSERT_EQ(test, qda_payload_build(ctx, &size), 0);
	KUNIT_EXPECT_EQ(test, ctx->npages, 2);
	/* rpra[0].dma = { fd 7, offset 0x10, len 0x20, pad 0 } */
	KUNIT_EXPECT_EQ(test, pl32(c, 0), 7);
	KUNIT_EXPECT_EQ(test, pl32(c, 4), 0x10);
	KUNIT_EXPECT_EQ(test, pl32(c, 8), 0x20);
	KUNIT_EXPECT_EQ(test, pl32(c, 12), 0);
	KUNIT_EXPECT_EQ(test, pl64(c, 16), 0);
	KUNIT_EXPECT_EQ(test, pl64(c, 24), 0);
	KUNIT_EXPECT_EQ(test, pl32(c, 32), 7);
	/* list: {1, 0}, {0, 1}, {1, 1} */
	KUNIT_EXPECT_EQ(test, pl32(c, 48), 1);
	KUNIT_EXPECT_EQ(test, pl32(c, 52), 0);
	KUNIT_EXPECT_EQ(test, pl32(c, 56), 0);
	KUNIT_EXPECT_EQ(test, pl32(c, 60), 1);
	KUNIT_EXPECT_EQ(test, pl32(c, 64), 1);
	KUNIT_EXPECT_EQ(test, pl32(c, 68), 1);
	/* pages: the whole 0x3000-byte BO, twice */
	KUNIT_EXPECT_EQ(test, pl64(c, 72), 0x400000000ULL);
	KUNIT_EXPECT_EQ(test, pl64(c, 80), 0x3000);
	KUNIT_EXPECT_EQ(test, pl64(c, 88), 0x400000000ULL);
	KUNIT_EXPECT_EQ(test, pl64(c, 96), 0x3000);
	/* Held once, although passed twice */
	KUNIT_EXPECT_EQ(test, kref_read(&map.ref), 2);
	KUNIT_EXPECT_TRUE(test, list_is_singular(&c->session.held));
	qda_test_call_end(c);
	KUNIT_EXPECT_EQ(test, kref_read(&map.ref), 1);
	KUNIT_EXPECT_TRUE(test, list_empty(&c->session.held));
}

static void qda_test_build_nargs(struct kunit *test)
{
	struct qda_test_call *c = qda_test_call_new(test);
	struct qda_call_arg args[2] = {};
	struct qda_layout *ctx;
	u64 size = 0;

	/* Two arguments given, the scalars say three */
	ctx = qda_test_ctx(test, c, QDA_SC_MAKE(0, 0, 2, 1, 0, 0), args, 2);
	KUNIT_EXPECT_EQ(test, qda_payload_build(ctx, &size), -EINVAL);
	/* ... or one */
	ctx = qda_test_ctx(test, c, QDA_SC_MAKE(0, 0, 0, 0, 1, 0), args, 2);
	KUNIT_EXPECT_EQ(test, qda_payload_build(ctx, &size), -EINVAL);
	/* No argument at all is a call too: metadata only */
	ctx = qda_test_ctx(test, c, 0, NULL, 0);
	KUNIT_EXPECT_EQ(test, qda_payload_build(ctx, &size), 0);
	KUNIT_EXPECT_EQ(test, size, 4096);
	qda_test_call_end(c);
}

/*
 * One kernel argument: 424 bytes of metadata, the copy at 512. It may end
 * at the payload's last byte, not one byte later.
 */
static void qda_test_build_inline_limit(struct kunit *test)
{
	struct qda_test_call *c = qda_test_call_new(test);
	size_t max = QDA_PAYLOAD_SIZE - 512;
	u8 *buf = kunit_kzalloc(test, max + 1, GFP_KERNEL);
	struct qda_call_arg args[1] = { { .length = max } };
	struct qda_layout *ctx;
	u64 size = 0;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	args[0].kbuf = buf;
	ctx = qda_test_ctx(test, c, QDA_SC_MAKE(0, 0, 1, 0, 0, 0), args, 1);
	KUNIT_EXPECT_EQ(test, qda_payload_build(ctx, &size), 0);
	KUNIT_EXPECT_EQ(test, size, QDA_PAYLOAD_SIZE);

	args[0].length = max + 1;
	ctx = qda_test_ctx(test, c, QDA_SC_MAKE(0, 0, 1, 0, 0, 0), args, 1);
	KUNIT_EXPECT_EQ(test, qda_payload_build(ctx, &size), -E2BIG);

	/* A length that would wrap the payload offset */
	args[0].length = U64_MAX;
	ctx = qda_test_ctx(test, c, QDA_SC_MAKE(0, 0, 1, 0, 0, 0), args, 1);
	KUNIT_EXPECT_EQ(test, qda_payload_build(ctx, &size), -E2BIG);
	qda_test_call_end(c);
}

/*
 * Page entries count against the payload too: one buffer over N one-page
 * segments needs 24 + 16 N + 384 bytes, which fits 16 KiB up to N = 998.
 */
static void qda_test_build_meta_limit(struct kunit *test)
{
	struct qda_test_call *c = qda_test_call_new(test);
	const unsigned int nsegs = 999;
	struct qda_bo_map map = {};
	struct qda_call_arg args[1] = { { .map = &map } };
	struct qda_seg *segs;
	struct qda_layout *ctx;
	unsigned int i;
	u64 size = 0;

	segs = kunit_kcalloc(test, nsegs, sizeof(*segs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, segs);
	for (i = 0; i < nsegs; i++) {
		segs[i].addr = 0x100000000ULL + 0x2000ULL * i;
		segs[i].len = 0x1000;
	}
	qda_test_map_init(c, &map, 0);
	map.segs = segs;
	map.nsegs = nsegs;

	args[0].length = 998 * 0x1000ULL;
	ctx = qda_test_ctx(test, c, QDA_SC_MAKE(0, 0, 0, 1, 0, 0), args, 1);
	KUNIT_EXPECT_EQ(test, qda_payload_build(ctx, &size), 0);
	KUNIT_EXPECT_EQ(test, ctx->npages, 998);
	KUNIT_EXPECT_EQ(test, size, QDA_PAYLOAD_SIZE);

	args[0].length = 999 * 0x1000ULL;
	ctx = qda_test_ctx(test, c, QDA_SC_MAKE(0, 0, 0, 1, 0, 0), args, 1);
	KUNIT_EXPECT_EQ(test, qda_payload_build(ctx, &size), -E2BIG);
	qda_test_call_end(c);
}

/* What the DSP wrote back: output lengths, checked, and copies */
static void qda_test_finish_outputs(struct kunit *test)
{
	struct qda_test_call *c = qda_test_call_new(test);
	u32 in0 = 1;
	u8 out0[8] = {};
	static const u8 dsp[6] = { 1, 2, 3, 4, 5, 6 };
	struct qda_call_arg args[2] = {
		{ .kbuf = &in0, .length = sizeof(in0) },
		{ .kbuf = out0, .length = sizeof(out0) },
	};
	struct qda_layout *ctx;
	u64 size = 0;

	ctx = qda_test_ctx(test, c, QDA_SC_MAKE(0, 0, 1, 1, 0, 0), args, 2);
	KUNIT_ASSERT_EQ(test, qda_payload_build(ctx, &size), 0);
	KUNIT_ASSERT_EQ(test, ctx->args[1].inline_off, 640);
	/* The DSP writes 6 bytes and says so in rpra[1].buf.len */
	memcpy(c->pl_bo.vaddr + 640, dsp, sizeof(dsp));
	pl64_set(c, 24, sizeof(dsp));
	KUNIT_EXPECT_EQ(test, qda_payload_finish(ctx), 0);
	KUNIT_EXPECT_EQ(test, ctx->args[1].length, 6);
	KUNIT_EXPECT_MEMEQ(test, out0, dsp, sizeof(dsp));
	KUNIT_EXPECT_EQ(test, out0[6], 0);
	/* Input lengths are not the DSP's to change */
	KUNIT_EXPECT_EQ(test, ctx->args[0].length, 4);

	/* Exactly the buffer is fine; one byte more is a protocol error */
	ctx = qda_test_ctx(test, c, QDA_SC_MAKE(0, 0, 1, 1, 0, 0), args, 2);
	KUNIT_ASSERT_EQ(test, qda_payload_build(ctx, &size), 0);
	pl64_set(c, 24, 8);
	KUNIT_EXPECT_EQ(test, qda_payload_finish(ctx), 0);
	KUNIT_EXPECT_EQ(test, ctx->args[1].length, 8);
	ctx = qda_test_ctx(test, c, QDA_SC_MAKE(0, 0, 1, 1, 0, 0), args, 2);
	KUNIT_ASSERT_EQ(test, qda_payload_build(ctx, &size), 0);
	pl64_set(c, 24, 9);
	KUNIT_EXPECT_EQ(test, qda_payload_finish(ctx), -EPROTO);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->qdev->stats.bad_outlen), 1);
	ctx = qda_test_ctx(test, c, QDA_SC_MAKE(0, 0, 1, 1, 0, 0), args, 2);
	KUNIT_ASSERT_EQ(test, qda_payload_build(ctx, &size), 0);
	pl64_set(c, 24, U64_MAX);
	KUNIT_EXPECT_EQ(test, qda_payload_finish(ctx), -EPROTO);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->qdev->stats.bad_outlen), 2);
	qda_test_call_end(c);
}

/*
 * The fdlist (after the page entries) names handles the DSP let go of,
 * up to the first 0; a name nothing is held under changes nothing.
 */
static void qda_test_finish_fdlist(struct kunit *test)
{
	struct qda_test_call *c = qda_test_call_new(test);
	struct qda_bo_map map7 = {}, map9 = {};
	struct qda_call_arg args[2] = {
		{ .map = &map7, .handle = 7 },
		{ .map = &map9, .handle = 9 },
	};
	struct qda_layout *ctx;
	u64 size = 0;

	qda_test_map_init(c, &map7, 0x400000000ULL);
	qda_test_map_init(c, &map9, 0x400010000ULL);
	ctx = qda_test_ctx(test, c, QDA_SC_MAKE(0, 0, 0, 0, 2, 0), args, 2);
	KUNIT_ASSERT_EQ(test, qda_payload_build(ctx, &size), 0);
	KUNIT_ASSERT_EQ(test, kref_read(&map7.ref), 2);
	KUNIT_ASSERT_EQ(test, kref_read(&map9.ref), 2);

	/* 2 args and 2 page entries: the fdlist at 2 * 24 + 2 * 16 = 80 */
	pl64_set(c, 80, 5);
	pl64_set(c, 88, 9);
	pl64_set(c, 96, 0);
	pl64_set(c, 104, 7);
	KUNIT_EXPECT_EQ(test, qda_payload_finish(ctx), 0);
	KUNIT_EXPECT_EQ(test, kref_read(&map9.ref), 1);
	/* 7 came after the terminating 0: still held */
	KUNIT_EXPECT_EQ(test, kref_read(&map7.ref), 2);
	qda_test_call_end(c);
	KUNIT_EXPECT_EQ(test, kref_read(&map7.ref), 1);
}

/* ---- context values ---------------------------------------------------- */

static void qda_test_ctxid_compose(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, qda_fastrpc_ctxid(0, 1, QDA_FASTRPC_PD_ROOT), 0x100ULL);
	KUNIT_EXPECT_EQ(test, qda_fastrpc_ctxid(1, 255, QDA_FASTRPC_PD_SENSORS),
			0x1ff02ULL);
	KUNIT_EXPECT_EQ(test, qda_fastrpc_ctxid(0x123456789abcULL, 0x42,
						QDA_FASTRPC_PD_USER),
			0x123456789abc4201ULL);
	/* The job keeps its low 48 bits; it wraps, never spills */
	KUNIT_EXPECT_EQ(test, qda_fastrpc_ctxid(BIT_ULL(48), 1, 0), 0x100ULL);
	KUNIT_EXPECT_EQ(test, qda_fastrpc_ctxid(U64_MAX, 255, 15), U64_MAX & ~0xf0ULL);
	/* Out-of-range ids and PD types are cut to their fields */
	KUNIT_EXPECT_EQ(test, qda_fastrpc_ctxid(0, 0x1ff, 0), 0xff00ULL);
	KUNIT_EXPECT_EQ(test, qda_fastrpc_ctxid(0, 0, 0x1f), 0xfULL);
}

/* Every id, every PD: the async bit and bits 7..5 stay clear, id reads back */
static void qda_test_ctxid_fields(struct kunit *test)
{
	unsigned int id, pd, bad = 0;

	for (id = QDA_FASTRPC_CTX_ID_MIN; id <= QDA_FASTRPC_CTX_ID_MAX; id++) {
		for (pd = 0; pd < 16; pd++) {
			u64 v = qda_fastrpc_ctxid(0xabcdef, id, pd);

			if ((v & 0xf0) || qda_fastrpc_ctxid_id(v) != id ||
			    (v & 0xf) != pd || v >> 16 != 0xabcdef)
				bad++;
		}
	}
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_EQ(test, qda_fastrpc_ctxid_id(0), 0);
	KUNIT_EXPECT_EQ(test, qda_fastrpc_ctxid_id(U64_MAX), 255);
	KUNIT_EXPECT_EQ(test, qda_fastrpc_ctxid_id(QDA_FASTRPC_NOTIF_CTX), 0xab);
}

/**
 * struct qda_test_rx - a device with one call registered, for responses
 * @qdev: The device: its context registry and counters.
 * @ctx: The call, registered under id 5 as job 7 of the user PD, with a
 *	reference kept by the test so that no response frees it.
 * @ctxid: Its context value.
 */
struct qda_test_rx {
	struct qda_device *qdev;
	struct qda_ctx *ctx;
	u64 ctxid;
};

static void qda_test_rx_init(struct kunit *test, struct qda_test_rx *rx)
{
	rx->qdev = kunit_kzalloc(test, sizeof(*rx->qdev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rx->qdev);
	rx->ctx = kunit_kzalloc(test, sizeof(*rx->ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rx->ctx);
	xa_init_flags(&rx->qdev->ctx_xa, XA_FLAGS_ALLOC1 | XA_FLAGS_LOCK_IRQ);
	kref_init(&rx->ctx->ref);
	kref_get(&rx->ctx->ref);
	init_completion(&rx->ctx->done);
	rx->ctx->status = -EINPROGRESS;
	rx->ctxid = qda_fastrpc_ctxid(7, 5, QDA_FASTRPC_PD_USER);
	rx->ctx->ctxid = rx->ctxid;
	KUNIT_ASSERT_EQ(test, xa_err(xa_store(&rx->qdev->ctx_xa, 5, rx->ctx,
					      GFP_KERNEL)), 0);
}

/* A response of @len bytes: 16 of them the response, then an extension */
static void qda_test_rx_send(struct qda_test_rx *rx, u64 ctxid, u32 retval,
			     size_t len)
{
	struct {
		struct qda_fastrpc_rsp rsp;
		__le64 ext;
	} m = {
		.rsp.ctx = cpu_to_le64(ctxid),
		.rsp.retval = cpu_to_le32(retval),
		.ext = cpu_to_le64(U64_MAX),
	};

	qda_domain_receive(rx->qdev, &m, len);
}

/* Responses that complete nothing: counted, and the call stays pending */
static void qda_test_rx_rejects(struct kunit *test)
{
	struct qda_test_rx rx;
	struct qda_stats *st;

	qda_test_rx_init(test, &rx);
	st = &rx.qdev->stats;

	qda_test_rx_send(&rx, rx.ctxid, 0, 15);		/* short */
	KUNIT_EXPECT_EQ(test, atomic64_read(&st->bad_rsp), 1);
	qda_test_rx_send(&rx, rx.ctxid, 0, 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&st->bad_rsp), 2);
	qda_test_rx_send(&rx, QDA_FASTRPC_NOTIF_CTX, 0, 16);	/* notification */
	KUNIT_EXPECT_EQ(test, atomic64_read(&st->dropped), 0);
	/* Same id, but another job (a late answer), PD or the async bit */
	qda_test_rx_send(&rx, qda_fastrpc_ctxid(6, 5, QDA_FASTRPC_PD_USER), 0, 16);
	qda_test_rx_send(&rx, qda_fastrpc_ctxid(7, 5, QDA_FASTRPC_PD_ROOT), 0, 16);
	qda_test_rx_send(&rx, rx.ctxid | QDA_FASTRPC_CTX_ASYNC, 0, 16);
	/* A free id */
	qda_test_rx_send(&rx, qda_fastrpc_ctxid(7, 6, QDA_FASTRPC_PD_USER), 0, 16);
	KUNIT_EXPECT_EQ(test, atomic64_read(&st->dropped), 4);
	KUNIT_EXPECT_EQ(test, atomic64_read(&st->bad_rsp), 2);

	KUNIT_EXPECT_FALSE(test, completion_done(&rx.ctx->done));
	KUNIT_EXPECT_EQ(test, rx.ctx->status, -EINPROGRESS);
	KUNIT_EXPECT_PTR_EQ(test, xa_load(&rx.qdev->ctx_xa, 5), (void *)rx.ctx);
	KUNIT_EXPECT_EQ(test, kref_read(&rx.ctx->ref), 2);
	xa_destroy(&rx.qdev->ctx_xa);
}

/* The exact value completes the call, once; a longer response is fine */
static void qda_test_rx_match(struct kunit *test)
{
	struct qda_test_rx rx;

	qda_test_rx_init(test, &rx);
	qda_test_rx_send(&rx, rx.ctxid, QDA_AEE_EBADPARM, 24);
	KUNIT_EXPECT_TRUE(test, completion_done(&rx.ctx->done));
	KUNIT_EXPECT_EQ(test, rx.ctx->status, 0);
	KUNIT_EXPECT_EQ(test, rx.ctx->retval, QDA_AEE_EBADPARM);
	KUNIT_EXPECT_NULL(test, xa_load(&rx.qdev->ctx_xa, 5));
	/* The registry's reference was dropped, the test's is left */
	KUNIT_EXPECT_EQ(test, kref_read(&rx.ctx->ref), 1);
	KUNIT_EXPECT_EQ(test, atomic64_read(&rx.qdev->stats.dropped), 0);

	/* The same answer again is a stale one */
	qda_test_rx_send(&rx, rx.ctxid, 0, 16);
	KUNIT_EXPECT_EQ(test, atomic64_read(&rx.qdev->stats.dropped), 1);
	KUNIT_EXPECT_EQ(test, rx.ctx->retval, QDA_AEE_EBADPARM);
	xa_destroy(&rx.qdev->ctx_xa);
}

/* ---- device addresses -------------------------------------------------- */

static void qda_test_mm_dev_addr(struct kunit *test)
{
	struct qda_cb cb = { .sid = 0 };

	KUNIT_EXPECT_EQ(test, qda_mm_dev_addr(&cb, 0), 0ULL);
	KUNIT_EXPECT_EQ(test, qda_mm_dev_addr(&cb, 0xfffff000ULL), 0xfffff000ULL);
	cb.sid = 1;
	KUNIT_EXPECT_EQ(test, qda_mm_dev_addr(&cb, 0x1000), 0x100001000ULL);
	cb.sid = 0x12;
	KUNIT_EXPECT_EQ(test, qda_mm_dev_addr(&cb, 0x89abc000ULL), 0x1289abc000ULL);
	cb.sid = U32_MAX;
	KUNIT_EXPECT_EQ(test, qda_mm_dev_addr(&cb, U32_MAX), U64_MAX);
	KUNIT_EXPECT_EQ(test, qda_mm_dev_addr(&cb, 0), 0xffffffff00000000ULL);
}

/* A range fits when it is not empty and all of it is below 4 GiB */
static void qda_test_mm_iova_fits(struct kunit *test)
{
	const u64 g4 = 0x100000000ULL;

	KUNIT_EXPECT_FALSE(test, qda_mm_iova_fits(0, 0));
	KUNIT_EXPECT_FALSE(test, qda_mm_iova_fits(0x1000, 0));
	KUNIT_EXPECT_TRUE(test, qda_mm_iova_fits(0, 1));
	KUNIT_EXPECT_TRUE(test, qda_mm_iova_fits(0, g4));
	KUNIT_EXPECT_FALSE(test, qda_mm_iova_fits(0, g4 + 1));
	KUNIT_EXPECT_TRUE(test, qda_mm_iova_fits(g4 - 1, 1));
	KUNIT_EXPECT_FALSE(test, qda_mm_iova_fits(g4 - 1, 2));
	KUNIT_EXPECT_TRUE(test, qda_mm_iova_fits(g4 - 0x1000, 0x1000));
	KUNIT_EXPECT_FALSE(test, qda_mm_iova_fits(g4, 1));
	KUNIT_EXPECT_FALSE(test, qda_mm_iova_fits(g4, 0x1000));
	/* Wrapping ranges */
	KUNIT_EXPECT_FALSE(test, qda_mm_iova_fits(U64_MAX, 1));
	KUNIT_EXPECT_FALSE(test, qda_mm_iova_fits(1, U64_MAX));
	KUNIT_EXPECT_FALSE(test, qda_mm_iova_fits(0, U64_MAX));
	KUNIT_EXPECT_FALSE(test, qda_mm_iova_fits(0x1000, U64_MAX - 0xfff));
}

/* ---- domains ----------------------------------------------------------- */

static void qda_test_domain_names(struct kunit *test)
{
	static const struct {
		const char *name;
		u32 id;
	} want[] = {
		{ "adsp", 0 }, { "mdsp", 1 }, { "sdsp", 2 }, { "cdsp", 3 },
		{ "cdsp1", 4 }, { "gdsp0", 5 }, { "gdsp1", 6 },
	};
	unsigned int i;

	/* The UAPI's values, which QUERY reports, are the protocol's */
	KUNIT_EXPECT_EQ(test, DRM_QDA_DOMAIN_ADSP, 0);
	KUNIT_EXPECT_EQ(test, DRM_QDA_DOMAIN_CDSP, 3);
	KUNIT_EXPECT_EQ(test, DRM_QDA_DOMAIN_GDSP1, 6);
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		u32 id = U32_MAX;

		KUNIT_EXPECT_EQ_MSG(test, qda_domain_id(want[i].name, &id), 0,
				    "%s", want[i].name);
		KUNIT_EXPECT_EQ_MSG(test, id, want[i].id, "%s", want[i].name);
	}
}

static void qda_test_domain_unknown(struct kunit *test)
{
	static const char * const bad[] = {
		"", "CDSP", "cdsp ", " cdsp", "cdsp2", "cdsp0", "gdsp", "dsp",
		"cds", "adsp\n", "gdsp10",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		u32 id = 0x5a5a;

		KUNIT_EXPECT_EQ_MSG(test, qda_domain_id(bad[i], &id), -EINVAL,
				    "\"%s\"", bad[i]);
		KUNIT_EXPECT_EQ_MSG(test, id, 0x5a5a, "\"%s\"", bad[i]);
	}
}

/* ---- suites ------------------------------------------------------------ */

static struct kunit_case qda_wire_cases[] = {
	KUNIT_CASE(qda_test_wire_offsets),
	KUNIT_CASE(qda_test_wire_init_msgs),
	KUNIT_CASE(qda_test_wire_msg_bytes),
	KUNIT_CASE(qda_test_wire_rsp_bytes),
	KUNIT_CASE(qda_test_wire_constants),
	KUNIT_CASE(qda_test_sc_fields),
	KUNIT_CASE(qda_test_sc_masking),
	KUNIT_CASE(qda_test_sc_counts),
	KUNIT_CASE(qda_test_sc_uapi),
	KUNIT_CASE(qda_test_ctxid_compose),
	KUNIT_CASE(qda_test_ctxid_fields),
	{}
};

static struct kunit_suite qda_wire_suite = {
	.name = "qda_wire",
	.test_cases = qda_wire_cases,
};

static struct kunit_case qda_payload_cases[] = {
	KUNIT_CASE(qda_test_meta_size),
	KUNIT_CASE(qda_test_build_inline),
	KUNIT_CASE(qda_test_build_bo_slice),
	KUNIT_CASE(qda_test_build_segments),
	KUNIT_CASE(qda_test_build_empty),
	KUNIT_CASE(qda_test_build_handles),
	KUNIT_CASE(qda_test_build_nargs),
	KUNIT_CASE(qda_test_build_inline_limit),
	KUNIT_CASE(qda_test_build_meta_limit),
	KUNIT_CASE(qda_test_finish_outputs),
	KUNIT_CASE(qda_test_finish_fdlist),
	{}
};

static struct kunit_suite qda_payload_suite = {
	.name = "qda_payload",
	.test_cases = qda_payload_cases,
};

static struct kunit_case qda_core_cases[] = {
	KUNIT_CASE(qda_test_rx_rejects),
	KUNIT_CASE(qda_test_rx_match),
	KUNIT_CASE(qda_test_mm_dev_addr),
	KUNIT_CASE(qda_test_mm_iova_fits),
	KUNIT_CASE(qda_test_domain_names),
	KUNIT_CASE(qda_test_domain_unknown),
	{}
};

static struct kunit_suite qda_core_suite = {
	.name = "qda_core",
	.test_cases = qda_core_cases,
};

kunit_test_suites(&qda_wire_suite, &qda_payload_suite, &qda_core_suite);

MODULE_DESCRIPTION("KUnit tests of the QDA driver's wire format and payload layout");
MODULE_AUTHOR("QDA developers");
MODULE_LICENSE("GPL");
QDA_IMPORT_NS_KUNIT();
