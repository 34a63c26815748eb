/* SPDX-License-Identifier: MIT */
/*
 * qda-describe.c: one device described, as qda list and qda info show it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "qda-tool.h"

static const char *const attr_names[] = {
	[QDA_DSP_ATTR_DOMAIN_SUPPORT] = "domain_support",
	[QDA_DSP_ATTR_UNSIGNED_PD_SUPPORT] = "unsigned_pd_support",
	[QDA_DSP_ATTR_HVX_SUPPORT_64B] = "hvx_support_64b",
	[QDA_DSP_ATTR_HVX_SUPPORT_128B] = "hvx_support_128b",
	[QDA_DSP_ATTR_VTCM_PAGE] = "vtcm_page",
	[QDA_DSP_ATTR_VTCM_COUNT] = "vtcm_count",
	[QDA_DSP_ATTR_ARCH_VER] = "arch_ver",
	[QDA_DSP_ATTR_HMX_SUPPORT_DEPTH] = "hmx_support_depth",
	[QDA_DSP_ATTR_HMX_SUPPORT_SPATIAL] = "hmx_support_spatial",
	[QDA_DSP_ATTR_ASYNC_FASTRPC_SUPPORT] = "async_fastrpc_support",
	[QDA_DSP_ATTR_STATUS_NOTIFICATION_SUPPORT] = "status_notification_support",
	[QDA_DSP_ATTR_MCID_MULTICAST] = "mcid_multicast",
};
#define NUM_NAMED_ATTRS (sizeof(attr_names) / sizeof(attr_names[0]))

static void print_caps(struct qda_device *dev, bool json, const char *indent)
{
	uint32_t v, a;
	bool first = true;
	int ret;

	for (a = 1; a < QDA_DSP_ATTR_COUNT; a++) {
		ret = qda_device_capability(dev, a, &v);
		if (ret == -EOPNOTSUPP && a == 1) {
			if (!json)
				printf("%scapabilities: not reported by the DSP\n",
				       indent);
			return;
		}
		if (ret)
			continue;
		if (a >= NUM_NAMED_ATTRS && !v)
			continue;
		if (json) {
			printf("%s\"", first ? "" : ",");
			if (a < NUM_NAMED_ATTRS)
				printf("%s", attr_names[a]);
			else
				printf("attr_%u", a);
			printf("\":%" PRIu32, v);
		} else {
			if (a < NUM_NAMED_ATTRS)
				printf("%s%-28s %" PRIu32 "\n", indent,
				       attr_names[a], v);
			else
				printf("%sattr_%-23u %" PRIu32 "\n", indent, a,
				       v);
		}
		first = false;
	}
}

void describe(struct qda_device *dev, bool json, bool full)
{
	static const struct {
		enum qda_param param;
		const char *name;
	} params[] = {
		{ QDA_PARAM_MAX_ARGS, "max_args" },
		{ QDA_PARAM_MAX_BO_SIZE, "max_bo_size" },
		{ QDA_PARAM_NUM_CONTEXT_BANKS, "num_context_banks" },
	};
	uint32_t major = 0, minor = 0;
	uint64_t v;
	size_t i;

	qda_device_uapi_version(dev, &major, &minor);
	if (json) {
		printf("{\"path\":");
		json_str(qda_device_path(dev));
		printf(",\"domain\":");
		json_str(qda_device_domain_name(dev));
		printf(",\"domain_id\":%" PRIu32 ",\"uapi_version\":\"%" PRIu32
		       ".%" PRIu32 "\"",
		       qda_device_domain_id(dev), major, minor);
		if (full)
			for (i = 0; i < sizeof(params) / sizeof(params[0]); i++)
				if (!qda_device_query(dev, params[i].param, &v))
					printf(",\"%s\":%" PRIu64, params[i].name,
					       v);
		printf(",\"capabilities\":{");
		print_caps(dev, true, "");
		printf("}}");
		return;
	}
	printf("%s: domain %s (id %" PRIu32 "), UAPI %" PRIu32 ".%" PRIu32 "\n",
	       qda_device_path(dev), qda_device_domain_name(dev),
	       qda_device_domain_id(dev), major, minor);
	if (full)
		for (i = 0; i < sizeof(params) / sizeof(params[0]); i++)
			if (!qda_device_query(dev, params[i].param, &v))
				printf("  %-28s %" PRIu64 "\n", params[i].name,
				       v);
	print_caps(dev, false, "  ");
}
