/* SPDX-License-Identifier: MIT */
/*
 * qda-tool.h: what the qda command's source files share. main(), the
 * options and the command table are in qda.c, each command in its own
 * qda-<command>.c, the helpers in qda-common.c and qda-describe.c.
 */
#ifndef QDA_TOOL_H
#define QDA_TOOL_H

#include <stdbool.h>
#include <stdint.h>

#include <qda/qda.h>

#define EXIT_FAIL 1
#define EXIT_USAGE 2
#define EXIT_NODEV 3

#define TEST_URI "file:///libqda_test_skel.so?qda_test_skel_handle_invoke&_modver=1.0"
#define TEST_NOOP 2

struct opts {
	bool json;
	bool help;
	const char *domain;
	unsigned long count;
	int argc;		/* positional arguments after the command */
	char **argv;
};

/* A session with a DSP process and one module open (remote_open()) */
struct remote {
	struct qda_device *dev;
	struct qda_session *s;
	uint32_t h;
};

/* qda-common.c */
void json_str(const char *s);
int fail(const struct opts *o, const char *what, int err);
int open_dev(const char *what, struct qda_device **dev);
int remote_open(const struct opts *o, const char *uri, struct remote *r);
void remote_close(struct remote *r);
double now_us(void);

/* qda-describe.c */
void describe(struct qda_device *dev, bool json, bool full);

/* The commands, one source file each: run, and their usage text */
int cmd_list(const struct opts *o);
int cmd_info(const struct opts *o);
int cmd_ping(const struct opts *o);
int cmd_calc(const struct opts *o);
int cmd_bench(const struct opts *o);
extern const char cmd_list_usage[];
extern const char cmd_info_usage[];
extern const char cmd_ping_usage[];
extern const char cmd_calc_usage[];
extern const char cmd_bench_usage[];

#endif /* QDA_TOOL_H */
