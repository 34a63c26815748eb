/* SPDX-License-Identifier: MIT */
/*
 * qda: command-line front end of libqda.
 *
 *   qda list                     devices, domains and DSP capabilities
 *   qda info DEVICE|DOMAIN       every parameter of one device
 *   qda ping [-d DOMAIN] [-n N]  round trip through the DSP's test module
 *   qda calc sum|max N...        the calculator module
 *   qda bench [-d DOMAIN] [-n N] quick figures of calls and BOs
 *
 * Exit status: 0 success, 1 the operation failed (device or DSP error,
 * wrong answer), 2 usage error, 3 no QDA device (or no such domain).
 *
 * This file parses the options common to every command and dispatches;
 * each command lives in its own qda-<command>.c (see qda-tool.h).
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qda-tool.h"

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

static const struct {
	const char *name;
	int (*fn)(const struct opts *o);
	const char *usage;
} cmds[] = {
	{ "list", cmd_list, cmd_list_usage },
	{ "info", cmd_info, cmd_info_usage },
	{ "ping", cmd_ping, cmd_ping_usage },
	{ "calc", cmd_calc, cmd_calc_usage },
	{ "bench", cmd_bench, cmd_bench_usage },
};

/*
 * The options every command shares may stand anywhere on the command line
 * (qda --json list, qda list --json), up to "--"; a word starting with '-'
 * and a digit is a number, not an option. The other words, the command and
 * its arguments, go to @pos. Returns their count, or -1 after reporting an
 * unknown option.
 */
static int parse_options(int argc, char **argv, struct opts *o, char **pos)
{
	bool opts_done = false;
	int npos = 0, i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (opts_done || a[0] != '-' || !a[1] ||
		    (a[1] >= '0' && a[1] <= '9')) {
			pos[npos++] = argv[i];
		} else if (!strcmp(a, "--")) {
			opts_done = true;
		} else if (!strcmp(a, "--json")) {
			o->json = true;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			o->help = true;
		} else if ((!strcmp(a, "-d") || !strcmp(a, "--domain")) &&
			   i + 1 < argc) {
			o->domain = argv[++i];
		} else if ((!strcmp(a, "-n") || !strcmp(a, "--count")) &&
			   i + 1 < argc) {
			o->count = strtoul(argv[++i], NULL, 0);
		} else {
			fprintf(stderr, "qda: unknown option %s\n%s", a, usage);
			return -1;
		}
	}
	return npos;
}

/* The index of command @name in cmds[], or -1 */
static int find_command(const char *name)
{
	int i;

	for (i = 0; i < (int)(sizeof(cmds) / sizeof(cmds[0])); i++)
		if (!strcmp(name, cmds[i].name))
			return i;
	return -1;
}

int main(int argc, char **argv)
{
	struct opts o = { .count = 10 };
	char **pos = calloc((size_t)argc + 1, sizeof(*pos));
	int npos, c = -1, rc;

	if (!pos)
		return EXIT_FAIL;
	npos = parse_options(argc, argv, &o, pos);
	if (npos < 0) {
		free(pos);
		return EXIT_USAGE;
	}
	if (npos) {
		c = find_command(pos[0]);
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
