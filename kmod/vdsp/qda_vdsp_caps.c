// SPDX-License-Identifier: GPL-2.0-only
/*
 * The utilities handle (2): capability query, method 0. in0 is a u32
 * count, out0 receives count u32 values where out0[j] is attribute j + 1
 * (attribute 0, domain support, is answered on the application side).
 */
#include <linux/slab.h>

#include "qda_vdsp_modules.h"

enum {
	VDSP_ATTR_UNSIGNED_PD = 1,
	VDSP_ATTR_HVX_64B = 2,
	VDSP_ATTR_HVX_128B = 3,
	VDSP_ATTR_VTCM_PAGE = 4,
	VDSP_ATTR_VTCM_COUNT = 5,
	VDSP_ATTR_ARCH_VER = 6,
};

static u32 vdsp_caps_value(u32 attr)
{
	switch (attr) {
	case VDSP_ATTR_UNSIGNED_PD:
		return 1;
	case VDSP_ATTR_HVX_128B:
		return 4;
	case VDSP_ATTR_VTCM_PAGE:
		return 256 * 1024;
	case VDSP_ATTR_VTCM_COUNT:
		return 1;
	case VDSP_ATTR_ARCH_VER:
		return 0x73;
	default:
		return 0;
	}
}

static u32 vdsp_caps_query(struct vdsp_call *call)
{
	const u32 max = QDA_FASTRPC_NUM_ATTRIBUTES - 1;
	__le32 count, *vals;
	u32 n, j;
	int ret;

	if (!vdsp_sc_is(call, 1, 1) || vdsp_arg_len(call, 0) < sizeof(count))
		return QDA_AEE_EBADPARM;
	ret = vdsp_arg_read(call, 0, 0, &count, sizeof(count));
	if (ret)
		return vdsp_errno_to_aee(ret);
	n = le32_to_cpu(count);
	if (!n || n > max || vdsp_arg_len(call, 1) < (u64)n * sizeof(*vals))
		return QDA_AEE_EBADPARM;
	vals = kcalloc(n, sizeof(*vals), GFP_KERNEL);
	if (!vals)
		return QDA_AEE_ENOMEMORY;
	for (j = 0; j < n; j++)
		vals[j] = cpu_to_le32(vdsp_caps_value(j + 1));
	ret = vdsp_arg_write(call, 1, 0, vals, n * sizeof(*vals));
	kfree(vals);
	if (ret)
		return vdsp_errno_to_aee(ret);
	vdsp_arg_set_outlen(call, 1, n * sizeof(*vals));
	return 0;
}

u32 vdsp_caps_invoke(struct vdsp_call *call)
{
	static const struct vdsp_method methods[] = {
		[0] = { VDSP_M_CAPS_QUERY, vdsp_caps_query },
	};

	return vdsp_method_invoke(call, methods, ARRAY_SIZE(methods),
				  VDSP_M_CAPS_OTHER);
}
