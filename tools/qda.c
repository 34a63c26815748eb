/* SPDX-License-Identifier: MIT */
/*
 * qda: command-line front end of libqda.
 *
 *   qda list                     devices, domains and DSP capabilities
 *   qda info DEVICE|DOMAIN       every parameter of one device
 *   qda ping [-d DOMAIN] [-n N]  round trip through the DSP's test module
 *   qda calc sum|max N...        the calculator module
 *
 * Exit status: 0 success, 1 the operation failed (device or DSP error,
 * wrong answer), 2 usage error, 3 no QDA device (or no such domain).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <qda/qda.h>

#define EXIT_FAIL 1
#define EXIT_USAGE 2
#define EXIT_NODEV 3

#define CALC_URI "file:///libcalculator_skel.so?calculator_skel_handle_invoke&_modver=1.0"
#define TEST_URI "file:///libqda_test_skel.so?qda_test_skel_handle_invoke&_modver=1.0"
#define CALC_SUM 2
#define CALC_MAX 3
#define TEST_NOOP 2

struct opts {
	bool json;
	bool help;
	const char *domain;
	unsigned long count;
	int argc;		/* positional arguments after the command */
	char **argv;
};

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

/* Usage texts: qda --help, and each command's (qda COMMAND --help) */
static const char usage[] =
	"usage: qda [--json] COMMAND [ARGS]\n"
	"\n"
	"commands:\n"
	"  list                      list QDA devices, their domains and DSP capabilities\n"
	"  info DEVICE|DOMAIN        show every parameter of one device\n"
	"  ping [-d DOMAIN] [-n N]   time N round trips (noop) to the DSP test module\n"
	"  calc sum|max N...         sum or maximum of integers on the DSP calculator\n"
	"  bench [-d DOMAIN] [-n N]  quick figures: call latency, BO argument, packing, BO allocation\n"
	"\n"
	"options:\n"
	"  --json        machine-readable output\n"
	"  -h, --help    help (also: qda COMMAND --help)\n"
	"\n"
	"exit status: 0 ok, 1 failure, 2 usage error, 3 no QDA device\n";

static const char list_usage[] =
	"usage: qda list [--json]\n"
	"List every QDA device (accel or render node) with its DSP domain, UAPI\n"
	"version and the DSP's capability words.\n";

static const char info_usage[] =
	"usage: qda info [--json] DEVICE|DOMAIN\n"
	"Show the parameters and capabilities of one device, given by node path\n"
	"(/dev/accel/accel0) or domain name (cdsp).\n";

static const char ping_usage[] =
	"usage: qda ping [--json] [-d DOMAIN] [-n COUNT]\n"
	"Open a session, create a DSP process, open the test module and time\n"
	"COUNT (default 10) empty calls. Reports the round trips in microseconds.\n";

static const char calc_usage[] =
	"usage: qda calc [--json] [-d DOMAIN] sum|max N...\n"
	"Compute the sum or the maximum of the integers N... on the DSP's\n"
	"calculator module and check it against the CPU.\n";

static const char bench_usage[] =
	"usage: qda bench [--json] [-d DOMAIN] [-n COUNT]\n"
	"Measure, in one run, COUNT (default 10; at least 100 is sensible) of\n"
	"each: a trivial device query, an empty call to the DSP test module,\n"
	"the same call with a 64 KiB BO argument and with 64 KiB of plain memory\n"
	"(which libqda copies) against a memcpy of 64 KiB, and a 64 KiB BO\n"
	"allocated, CPU-mapped, touched and freed. Figures are per operation and\n"
	"the ratios are taken within the run; the full suite is `make bench`.\n";

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static int fail(const struct opts *o, const char *what, int err)
{
	int code = err == -ENODEV ? EXIT_NODEV : EXIT_FAIL;

	if (o->json) {
		printf("{\"error\":");
		json_str(what);
		printf(",\"errno\":%d,\"message\":", -err);
		json_str(qda_strerror(err));
		printf("}\n");
	} else {
		fprintf(stderr, "qda: %s: %s\n", what, qda_strerror(err));
	}
	return code;
}

static int open_dev(const char *what, struct qda_device **dev)
{
	if (!what)
		return qda_device_open("cdsp", dev) == 0 ? 0 :
						 qda_device_open(NULL, dev);
	if (what[0] == '/')
		return qda_device_open_path(what, dev);
	return qda_device_open(what, dev);
}

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

/* ---- list / info -------------------------------------------------------- */

static void describe(struct qda_device *dev, bool json, bool full)
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

static int cmd_list(const struct opts *o)
{
	struct qda_device_list *l;
	size_t i, n;
	int ret, rc = 0;

	if (o->argc)
		return EXIT_USAGE;
	ret = qda_device_list_get(&l);
	if (ret)
		return fail(o, "list", ret);
	n = qda_device_list_count(l);
	if (o->json)
		printf("{\"devices\":[");
	else if (!n)
		fprintf(stderr, "qda: no QDA devices found\n");
	for (i = 0; i < n; i++) {
		struct qda_device *dev;

		ret = qda_device_open_path(qda_device_list_path(l, i), &dev);
		if (o->json && i)
			printf(",");
		if (ret) {
			if (o->json) {
				printf("{\"path\":");
				json_str(qda_device_list_path(l, i));
				printf(",\"domain\":");
				json_str(qda_device_list_domain(l, i));
				printf(",\"error\":");
				json_str(qda_strerror(ret));
				printf("}");
			} else {
				printf("%s: domain %s: %s\n",
				       qda_device_list_path(l, i),
				       qda_device_list_domain(l, i),
				       qda_strerror(ret));
			}
			rc = EXIT_FAIL;
			continue;
		}
		describe(dev, o->json, false);
		qda_device_close(dev);
	}
	if (o->json)
		printf("]}\n");
	qda_device_list_free(l);
	return n ? rc : EXIT_NODEV;
}

static int cmd_info(const struct opts *o)
{
	struct qda_device *dev;
	int ret;

	if (o->argc != 1)
		return EXIT_USAGE;
	ret = open_dev(o->argv[0], &dev);
	if (ret)
		return fail(o, o->argv[0], ret);
	describe(dev, o->json, true);
	if (o->json)
		printf("\n");
	qda_device_close(dev);
	return 0;
}

/* ---- sessions ----------------------------------------------------------- */

struct remote {
	struct qda_device *dev;
	struct qda_session *s;
	uint32_t h;
};

static int remote_open(const struct opts *o, const char *uri, struct remote *r)
{
	char dlerr[256] = "";
	int ret;

	memset(r, 0, sizeof(*r));
	ret = open_dev(o->domain, &r->dev);
	if (ret)
		return fail(o, o->domain ? o->domain : "open device", ret);
	ret = qda_session_open(r->dev, &r->s);
	if (ret)
		return fail(o, "open session", ret);
	ret = qda_session_create_pd(r->s, "qda", QDA_PD_UNSIGNED, NULL, 0, 0);
	if (ret)
		return fail(o, "create DSP process", ret);
	ret = qda_module_open(r->s, uri, &r->h, NULL, dlerr, sizeof(dlerr));
	if (ret) {
		if (dlerr[0] && !o->json)
			fprintf(stderr, "qda: DSP loader: %s\n", dlerr);
		return fail(o, "open module", ret);
	}
	return 0;
}

static void remote_close(struct remote *r)
{
	if (r->h)
		qda_module_close(r->s, r->h, NULL);
	qda_session_close(r->s);
	qda_device_close(r->dev);
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmd_ping(const struct opts *o)
{
	double t, dt, min = 1e30, max = 0, sum = 0;
	uint32_t status = 0;
	struct remote r;
	unsigned long i;
	int ret, rc;

	if (o->argc || o->count == 0)
		return EXIT_USAGE;
	rc = remote_open(o, TEST_URI, &r);
	if (rc)
		goto out;
	for (i = 0; i < o->count; i++) {
		t = now_us();
		ret = qda_invoke(r.s, r.h, TEST_NOOP, NULL, 0, NULL, &status);
		dt = now_us() - t;
		if (ret) {
			rc = fail(o, "noop", ret);
			goto out;
		}
		sum += dt;
		min = dt < min ? dt : min;
		max = dt > max ? dt : max;
	}
	if (o->json)
		printf("{\"domain\":\"%s\",\"count\":%lu,\"min_us\":%.1f,"
		       "\"avg_us\":%.1f,\"max_us\":%.1f}\n",
		       qda_session_domain_name(r.s), o->count, min,
		       sum / (double)o->count, max);
	else
		printf("%s: %lu round trips: min %.1f us, avg %.1f us, max %.1f us\n",
		       qda_session_domain_name(r.s), o->count, min,
		       sum / (double)o->count, max);
out:
	remote_close(&r);
	return rc;
}

static int cmd_calc(const struct opts *o)
{
	int64_t cpu_sum = 0, dsp_sum = 0;
	int32_t cpu_max = INT32_MIN, dsp_max = 0, *vec;
	struct qda_arg args[3];
	uint32_t n, status = 0, i, method;
	struct remote r;
	int ret, rc;

	if (o->argc < 2)
		return EXIT_USAGE;
	if (!strcmp(o->argv[0], "sum"))
		method = CALC_SUM;
	else if (!strcmp(o->argv[0], "max"))
		method = CALC_MAX;
	else
		return EXIT_USAGE;
	n = (uint32_t)(o->argc - 1);
	vec = calloc(n, sizeof(*vec));
	if (!vec)
		return fail(o, "calc", -ENOMEM);
	for (i = 0; i < n; i++) {
		char *end;
		long v;

		errno = 0;
		v = strtol(o->argv[i + 1], &end, 0);
		if (errno || *end || end == o->argv[i + 1] || v < INT32_MIN ||
		    v > INT32_MAX) {
			fprintf(stderr, "qda: not a 32-bit integer: %s\n",
				o->argv[i + 1]);
			free(vec);
			return EXIT_USAGE;
		}
		vec[i] = (int32_t)v;
		cpu_sum += v;
		if (vec[i] > cpu_max)
			cpu_max = vec[i];
	}
	rc = remote_open(o, CALC_URI, &r);
	if (rc)
		goto out;
	args[0] = QDA_ARG_IN_MEM(&n, sizeof(n));
	args[1] = QDA_ARG_IN_MEM(vec, n * sizeof(*vec));
	if (method == CALC_SUM)
		args[2] = QDA_ARG_OUT_MEM(&dsp_sum, sizeof(dsp_sum));
	else
		args[2] = QDA_ARG_OUT_MEM(&dsp_max, sizeof(dsp_max));
	ret = qda_invoke(r.s, r.h, method, args, 3, NULL, &status);
	if (ret) {
		rc = fail(o, o->argv[0], ret);
		if (ret == -EREMOTEIO && !o->json)
			fprintf(stderr, "qda: DSP status 0x%08" PRIx32 "\n",
				status);
		goto out;
	}
	if (method == CALC_SUM) {
		rc = dsp_sum == cpu_sum ? 0 : EXIT_FAIL;
		if (o->json)
			printf("{\"op\":\"sum\",\"result\":%" PRId64
			       ",\"expected\":%" PRId64 ",\"ok\":%s}\n",
			       dsp_sum, cpu_sum, rc ? "false" : "true");
		else
			printf("%" PRId64 "%s\n", dsp_sum,
			       rc ? " (MISMATCH: CPU says different)" : "");
	} else {
		rc = dsp_max == cpu_max ? 0 : EXIT_FAIL;
		if (o->json)
			printf("{\"op\":\"max\",\"result\":%" PRId32
			       ",\"expected\":%" PRId32 ",\"ok\":%s}\n",
			       dsp_max, cpu_max, rc ? "false" : "true");
		else
			printf("%" PRId32 "%s\n", dsp_max,
			       rc ? " (MISMATCH: CPU says different)" : "");
	}
out:
	remote_close(&r);
	free(vec);
	return rc;
}

/* Average microseconds of @count runs of @op */
#define BENCH_LOOP(count, op, out_us)					\
	do {								\
		double t0_ = now_us();					\
		for (unsigned long i_ = 0; i_ < (count); i_++) {	\
			int r_ = (op);					\
			if (r_) {					\
				rc = fail(o, #op, r_);			\
				goto out;				\
			}						\
		}							\
		(out_us) = (now_us() - t0_) / (double)(count);		\
	} while (0)

static int bo_cycle(struct qda_session *s, size_t size)
{
	struct qda_bo *bo;
	uint8_t *p;
	int ret;

	ret = qda_bo_alloc(s, size, 0, &bo);
	if (ret)
		return ret;
	ret = qda_bo_map(bo, (void **)&p);
	if (!ret)
		for (size_t off = 0; off < size; off += 4096)
			p[off] = 1;
	qda_bo_free(bo);
	return ret;
}

static int memcpy_op(void *dst, const void *src, size_t n)
{
	memcpy(dst, src, n);
	__asm__ volatile("" : : "r"(dst) : "memory");
	return 0;
}

static int cmd_bench(const struct opts *o)
{
	const size_t size = 64 * 1024;
	double q_us, null_us, bo_us, mem_us, cpy_us, alloc_us;
	struct qda_arg bo_arg[1], mem_arg[1];
	uint8_t *src = NULL, *dst = NULL;
	struct qda_bo *bo = NULL;
	uint32_t status = 0;
	uint64_t v;
	struct remote r;
	int rc;

	if (o->argc || o->count == 0)
		return EXIT_USAGE;
	rc = remote_open(o, TEST_URI, &r);
	if (rc)
		goto out;
	src = calloc(1, size);
	dst = calloc(1, size);
	if (!src || !dst) {
		rc = fail(o, "bench", -ENOMEM);
		goto out;
	}
	rc = qda_bo_alloc(r.s, size, 0, &bo);
	if (rc) {
		rc = fail(o, "bench", rc);
		goto out;
	}
	bo_arg[0] = QDA_ARG_IN_BO(bo, 0, size);
	mem_arg[0] = QDA_ARG_IN_MEM(src, size);

	/* Warm up: the first calls of a session allocate its payloads */
	BENCH_LOOP(10, qda_invoke(r.s, r.h, TEST_NOOP, bo_arg, 1, NULL, &status), bo_us);
	BENCH_LOOP(10, qda_invoke(r.s, r.h, TEST_NOOP, mem_arg, 1, NULL, &status), mem_us);
	BENCH_LOOP(o->count, qda_device_query(r.dev, QDA_PARAM_UAPI_VERSION, &v), q_us);
	BENCH_LOOP(o->count, qda_invoke(r.s, r.h, TEST_NOOP, NULL, 0, NULL, &status), null_us);
	BENCH_LOOP(o->count, qda_invoke(r.s, r.h, TEST_NOOP, bo_arg, 1, NULL, &status), bo_us);
	BENCH_LOOP(o->count, qda_invoke(r.s, r.h, TEST_NOOP, mem_arg, 1, NULL, &status), mem_us);
	BENCH_LOOP(o->count, memcpy_op(dst, src, size), cpy_us);
	BENCH_LOOP(o->count, bo_cycle(r.s, size), alloc_us);

	if (o->json) {
		printf("{\"domain\":\"%s\",\"count\":%lu,\"query_us\":%.2f,"
		       "\"null_invoke_us\":%.2f,\"null_invoke_per_query\":%.2f,"
		       "\"bo_arg_64k_us\":%.2f,\"packed_64k_us\":%.2f,"
		       "\"memcpy_64k_us\":%.2f,\"packed_over_memcpy_bw\":%.3f,"
		       "\"bo_cycles_64k_per_s\":%.1f}\n",
		       qda_session_domain_name(r.s), o->count, q_us, null_us,
		       null_us / q_us, bo_us, mem_us, cpy_us, cpy_us / mem_us,
		       1e6 / alloc_us);
	} else {
		printf("%s, %lu of each:\n", qda_session_domain_name(r.s), o->count);
		printf("  trivial query                 %10.2f us\n", q_us);
		printf("  empty call                    %10.2f us  (%.1fx the query)\n",
		       null_us, null_us / q_us);
		printf("  call with a 64 KiB BO         %10.2f us\n", bo_us);
		printf("  call with 64 KiB of memory    %10.2f us  (bandwidth %.2fx a memcpy of %.2f us)\n",
		       mem_us, cpy_us / mem_us, cpy_us);
		printf("  64 KiB BO alloc+map+touch+free %9.1f /s\n", 1e6 / alloc_us);
	}
out:
	qda_bo_free(bo);
	free(src);
	free(dst);
	remote_close(&r);
	return rc;
}

/* ---- main --------------------------------------------------------------- */

static const struct {
	const char *name;
	int (*fn)(const struct opts *o);
	const char *usage;
} cmds[] = {
	{ "list", cmd_list, list_usage },
	{ "info", cmd_info, info_usage },
	{ "ping", cmd_ping, ping_usage },
	{ "calc", cmd_calc, calc_usage },
	{ "bench", cmd_bench, bench_usage },
};

int main(int argc, char **argv)
{
	struct opts o = { .count = 10 };
	char **pos = calloc((size_t)argc + 1, sizeof(*pos));
	int npos = 0, i, c = -1, rc;
	bool opts_done = false;

	if (!pos)
		return EXIT_FAIL;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (opts_done || a[0] != '-' || !a[1] ||
		    (a[1] >= '0' && a[1] <= '9')) {
			pos[npos++] = argv[i];
		} else if (!strcmp(a, "--")) {
			opts_done = true;
		} else if (!strcmp(a, "--json")) {
			o.json = true;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			o.help = true;
		} else if ((!strcmp(a, "-d") || !strcmp(a, "--domain")) &&
			   i + 1 < argc) {
			o.domain = argv[++i];
		} else if ((!strcmp(a, "-n") || !strcmp(a, "--count")) &&
			   i + 1 < argc) {
			o.count = strtoul(argv[++i], NULL, 0);
		} else {
			fprintf(stderr, "qda: unknown option %s\n%s", a,
				usage);
			free(pos);
			return EXIT_USAGE;
		}
	}
	if (npos) {
		for (i = 0; i < (int)(sizeof(cmds) / sizeof(cmds[0])); i++)
			if (!strcmp(pos[0], cmds[i].name))
				c = i;
		if (c < 0) {
			fprintf(stderr, "qda: unknown command %s\n%s", pos[0],
				usage);
			free(pos);
			return EXIT_USAGE;
		}
	}
	if (o.help || c < 0) {
		fputs(c < 0 ? usage : cmds[c].usage, o.help ? stdout : stderr);
		free(pos);
		return o.help ? 0 : EXIT_USAGE;
	}
	o.argc = npos - 1;
	o.argv = pos + 1;
	rc = cmds[c].fn(&o);
	if (rc == EXIT_USAGE)
		fputs(cmds[c].usage, stderr);
	free(pos);
	return rc;
}
