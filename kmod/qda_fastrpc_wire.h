/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FastRPC wire format, as the Hexagon DSP firmware reads and writes it.
 *
 * Shared by the driver (qda.ko) and the virtual DSP (qda_vdsp.ko). All
 * fields are little-endian; structures are naturally aligned, so their
 * sizes below are what the firmware expects.
 */
#ifndef _QDA_FASTRPC_WIRE_H_
#define _QDA_FASTRPC_WIRE_H_

#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/types.h>

#include "qda_accel.h"

/*
 * Message from the application processor to the DSP (40 bytes). All
 * argument data lives in shared memory described by @addr/@size.
 */
struct qda_fastrpc_msg {
	__le32 client_id;	/* 0 for kernel messages, else the session id */
	__le32 tid;		/* calling thread, informational */
	__le64 ctx;		/* context id, echoed in the response */
	__le32 handle;		/* remote handle */
	__le32 sc;		/* scalars */
	__le64 addr;		/* device address of the payload (SID-prefixed) */
	__le64 size;		/* payload size, page-rounded */
};

/* Response from the DSP (16 bytes); longer responses carry extensions */
struct qda_fastrpc_rsp {
	__le64 ctx;
	__le32 retval;
	__le32 pad;
};

/* ctx value the firmware uses for process status notifications */
#define QDA_FASTRPC_NOTIF_CTX		0xabcdabcdULL

/*
 * Context id layout the DSP reads (16 bits): bits 15..8 id, bit 4 set for
 * asynchronous jobs (always clear here), bits 3..0 the PD type. The DSP
 * echoes all 64 bits, so bits 63..16 carry a job sequence number: a late
 * or repeated response can never complete a later call that reuses the id.
 */
#define QDA_FASTRPC_CTX_JOB_MASK	GENMASK_ULL(63, 16)
#define QDA_FASTRPC_CTX_ID_MASK		GENMASK_ULL(15, 8)
#define QDA_FASTRPC_CTX_ASYNC		BIT_ULL(4)
#define QDA_FASTRPC_CTX_PD_MASK		GENMASK_ULL(3, 0)
#define QDA_FASTRPC_CTX_ID_MIN		1
#define QDA_FASTRPC_CTX_ID_MAX		255

/**
 * qda_fastrpc_ctxid - the context value of a call, as sent to the DSP
 * @job: Job sequence number; its low 48 bits are kept.
 * @id: Context id, QDA_FASTRPC_CTX_ID_MIN..QDA_FASTRPC_CTX_ID_MAX; its
 *	low 8 bits are kept.
 * @pd: PD type (QDA_FASTRPC_PD_*); its low 4 bits are kept.
 *
 * Return: @job << 16 | @id << 8 | @pd, with the async bit clear.
 */
static inline u64 qda_fastrpc_ctxid(u64 job, u32 id, u32 pd)
{
	/* (Masked first: FIELD_PREP() refuses constants too wide to fit) */
	return FIELD_PREP(QDA_FASTRPC_CTX_JOB_MASK,
			  job & FIELD_MAX(QDA_FASTRPC_CTX_JOB_MASK)) |
	       FIELD_PREP(QDA_FASTRPC_CTX_ID_MASK,
			  id & FIELD_MAX(QDA_FASTRPC_CTX_ID_MASK)) |
	       FIELD_PREP(QDA_FASTRPC_CTX_PD_MASK,
			  pd & FIELD_MAX(QDA_FASTRPC_CTX_PD_MASK));
}

/**
 * qda_fastrpc_ctxid_id - the context id a context value names
 * @ctxid: Context value, as sent or as echoed in a response.
 *
 * Return: bits 15..8 of @ctxid.
 */
static inline u32 qda_fastrpc_ctxid_id(u64 ctxid)
{
	return FIELD_GET(QDA_FASTRPC_CTX_ID_MASK, ctxid);
}

/* PD types carried in the context id */
#define QDA_FASTRPC_PD_ROOT		0
#define QDA_FASTRPC_PD_USER		1
#define QDA_FASTRPC_PD_SENSORS		2

/*
 * Scalars word: the UAPI hands userspace the wire's own layout, so its
 * DRM_QDA_SCALARS* macros are the one definition; the wire code uses them
 * under these shorter names.
 */
#define QDA_SC_MAKE		DRM_QDA_SCALARS
#define QDA_SC_METHOD		DRM_QDA_SCALARS_METHOD
#define QDA_SC_INBUFS		DRM_QDA_SCALARS_INBUFS
#define QDA_SC_OUTBUFS		DRM_QDA_SCALARS_OUTBUFS
#define QDA_SC_INHANDLES	DRM_QDA_SCALARS_INHANDLES
#define QDA_SC_OUTHANDLES	DRM_QDA_SCALARS_OUTHANDLES

/* Buffers (in, then out) of a scalars word */
static inline unsigned int qda_sc_nbufs(u32 sc)
{
	return QDA_SC_INBUFS(sc) + QDA_SC_OUTBUFS(sc);
}

/* Arguments of a scalars word: buffers, then in and out handles */
static inline unsigned int qda_sc_length(u32 sc)
{
	return qda_sc_nbufs(sc) + QDA_SC_INHANDLES(sc) + QDA_SC_OUTHANDLES(sc);
}

/*
 * Payload layout in shared memory, for n = qda_sc_length(sc) arguments:
 *
 *   union qda_fastrpc_remote_arg  rpra[n]	 16 bytes each
 *   struct qda_fastrpc_invoke_buf list[n]	  8 bytes each
 *   struct qda_fastrpc_phy_page   pages[P]	 16 bytes each
 *   u64 fdlist[16]; u32 crclist[64]
 *
 * P is the number of page entries; list[i] names the entries of argument
 * i (num entries from pgidx). The DSP finds byte 0 of buffer argument i at
 * pages[list[i].pgidx].addr + (rpra[i].buf.pv & 0xfff): page entries are
 * page-aligned and the low 12 bits of pv carry the offset into the page.
 */
struct qda_fastrpc_remote_buf {
	__le64 pv;
	__le64 len;
};

struct qda_fastrpc_remote_dmahandle {
	__le32 fd;
	__le32 offset;
	__le32 len;
	__le32 pad;
};

union qda_fastrpc_remote_arg {
	struct qda_fastrpc_remote_buf buf;
	struct qda_fastrpc_remote_dmahandle dma;
};

struct qda_fastrpc_invoke_buf {
	__le32 num;
	__le32 pgidx;
};

struct qda_fastrpc_phy_page {
	__le64 addr;
	__le64 size;
};

#define QDA_FASTRPC_MAX_FDLIST		16
#define QDA_FASTRPC_MAX_CRCLIST		64
#define QDA_FASTRPC_ALIGN		128
#define QDA_FASTRPC_PAGE_SIZE		4096ULL

/* Bytes of metadata for @nargs arguments and @npages page entries */
static inline size_t qda_fastrpc_meta_size(unsigned int nargs,
					   unsigned int npages)
{
	return nargs * (sizeof(union qda_fastrpc_remote_arg) +
			sizeof(struct qda_fastrpc_invoke_buf)) +
	       npages * sizeof(struct qda_fastrpc_phy_page) +
	       QDA_FASTRPC_MAX_FDLIST * sizeof(u64) +
	       QDA_FASTRPC_MAX_CRCLIST * sizeof(u32);
}

/* Static remote handles */
#define QDA_FASTRPC_HANDLE_REMOTECTL	0
#define QDA_FASTRPC_HANDLE_INIT		1	/* kernel only */
#define QDA_FASTRPC_HANDLE_UTILITIES	2
#define QDA_FASTRPC_MAX_STATIC_HANDLE	20

/* Methods of the INIT handle (process manager) */
#define QDA_FASTRPC_RMID_INIT_ATTACH		0
#define QDA_FASTRPC_RMID_INIT_RELEASE		1
#define QDA_FASTRPC_RMID_INIT_MMAP		4
#define QDA_FASTRPC_RMID_INIT_MUNMAP		5
#define QDA_FASTRPC_RMID_INIT_CREATE		6
#define QDA_FASTRPC_RMID_INIT_CREATE_ATTR	7
#define QDA_FASTRPC_RMID_INIT_CREATE_STATIC	8
#define QDA_FASTRPC_RMID_INIT_MEM_MAP		10
#define QDA_FASTRPC_RMID_INIT_MEM_UNMAP		11

/* INIT_CREATE(_ATTR) in0; in1 name, in2 shell ELF, in3 phy_page[1] init memory */
struct qda_fastrpc_create_msg {
	__le32 client_id;
	__le32 namelen;
	__le32 filelen;
	__le32 pageslen;
	__le32 attrs;
	__le32 siglen;
};

/* Process attributes of INIT_CREATE_ATTR */
#define QDA_FASTRPC_MODE_UNSIGNED_MODULE	BIT(3)

/* INIT_MMAP in0; in1 phy_page; out0 qda_fastrpc_mmap_rsp */
struct qda_fastrpc_mmap_req {
	__le32 client_id;
	__le32 flags;
	__le64 vaddr;
	__le32 num;
	__le32 pad;
};

struct qda_fastrpc_mmap_rsp {
	__le64 vaddr;
};

struct qda_fastrpc_munmap_req {
	__le32 client_id;
	__le32 pad;
	__le64 vaddr;
	__le64 size;
};

/* INIT_MEM_MAP in0; in1 phy_page; in2 zero-length; out0 qda_fastrpc_mmap_rsp */
struct qda_fastrpc_mem_map_req {
	__le32 client_id;
	__le32 fd;
	__le32 offset;
	__le32 flags;
	__le64 vaddrin;
	__le32 num;
	__le32 data_len;
};

struct qda_fastrpc_mem_unmap_req {
	__le32 client_id;
	__le32 fd;
	__le64 vaddrin;
	__le64 len;
};

/* Flags of INIT_MMAP and INIT_MEM_MAP used here */
#define QDA_FASTRPC_MMAP_ADD_PAGES	0x1000
#define QDA_FASTRPC_MAP_FD		2

/* Capability query: handle 2, method 0, in0 u32 count, out0 u32[count] */
#define QDA_FASTRPC_NUM_ATTRIBUTES	256

/*
 * remotectl (handle 0): method 0 open, in0 u32[2] {namelen, dlerrlen},
 * in1 name, out0 u32[2] {handle, err}, out1 dlerror string; method 1
 * close, in0 u32[2] {handle, dlerrlen}, out0 u32[1] {err}, out1 dlerror.
 */
#define QDA_FASTRPC_REMOTECTL_OPEN	0
#define QDA_FASTRPC_REMOTECTL_CLOSE	1

/* DSP error codes (AEE) */
#define QDA_AEE_EOFFSET			0x80000400u
#define QDA_AEE_EFAILED			(QDA_AEE_EOFFSET + 0x01)
#define QDA_AEE_ENOMEMORY		(QDA_AEE_EOFFSET + 0x02)
#define QDA_AEE_EBADPARM		(QDA_AEE_EOFFSET + 0x0e)
#define QDA_AEE_EUNSUPPORTED		(QDA_AEE_EOFFSET + 0x14)
#define QDA_AEE_ENOSUCHMOD		(QDA_AEE_EOFFSET + 0x3e)
#define QDA_AEE_EALREADY		(QDA_AEE_EOFFSET + 0x1a)
#define QDA_AEE_EBADHANDLE		(QDA_AEE_EOFFSET + 0x2c)
#define QDA_AEE_ENOSUCHPROCESS		(QDA_AEE_EOFFSET + 0x41)
#define QDA_AEE_ENOSUCHSYMBOL		(QDA_AEE_EOFFSET + 0x42)
#define QDA_AEE_ENOSUCHMAP		(QDA_AEE_EOFFSET + 0x48)
#define QDA_AEE_EBADVA			(QDA_AEE_EOFFSET + 0x83)

static inline void qda_fastrpc_wire_checks(void)
{
	BUILD_BUG_ON(sizeof(struct qda_fastrpc_msg) != 40);
	BUILD_BUG_ON(sizeof(struct qda_fastrpc_rsp) != 16);
	BUILD_BUG_ON(sizeof(union qda_fastrpc_remote_arg) != 16);
	BUILD_BUG_ON(sizeof(struct qda_fastrpc_invoke_buf) != 8);
	BUILD_BUG_ON(sizeof(struct qda_fastrpc_phy_page) != 16);
	BUILD_BUG_ON(sizeof(struct qda_fastrpc_create_msg) != 24);
	BUILD_BUG_ON(sizeof(struct qda_fastrpc_mmap_req) != 24);
	BUILD_BUG_ON(sizeof(struct qda_fastrpc_munmap_req) != 24);
	BUILD_BUG_ON(sizeof(struct qda_fastrpc_mem_map_req) != 32);
	BUILD_BUG_ON(sizeof(struct qda_fastrpc_mem_unmap_req) != 24);
}

#endif /* _QDA_FASTRPC_WIRE_H_ */
