/* SPDX-License-Identifier: MIT */
/*
 * qda_log.c: per-device logging, silent by default.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "qda_private.h"

static int level_from_env(void)
{
	const char *v = secure_getenv("QDA_LOG");

	if (!v || !*v)
		return QDA_LOG_NONE;
	if (!strcasecmp(v, "debug") || !strcmp(v, "7"))
		return QDA_LOG_DEBUG;
	if (!strcasecmp(v, "info") || !strcmp(v, "6"))
		return QDA_LOG_INFO;
	if (!strcasecmp(v, "err") || !strcasecmp(v, "error") || !strcmp(v, "3"))
		return QDA_LOG_ERR;
	return QDA_LOG_NONE;
}

void qda_log_init(struct qda_log *log)
{
	log->fn = NULL;
	log->userdata = NULL;
	log->level = level_from_env();
}

void qda_log_msg(const struct qda_log *log, int level, const char *func,
		 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (log->fn) {
		log->fn(log->userdata, level, func, fmt, ap);
	} else {
		/* One fprintf per line keeps concurrent messages whole. */
		char line[512];

		vsnprintf(line, sizeof(line), fmt, ap);
		fprintf(stderr, "libqda: %s: %s\n", func, line);
	}
	va_end(ap);
}

QDA_EXPORT void qda_set_log_fn(struct qda_device *dev, qda_log_fn fn,
			       void *userdata)
{
	if (!dev)
		return;
	dev->log.fn = fn;
	dev->log.userdata = userdata;
}

QDA_EXPORT void qda_set_log_level(struct qda_device *dev,
				  enum qda_log_level level)
{
	/* C passes any int here, and GCC gives this enum an unsigned type:
	 * compare as an int, so that a negative level still means none. */
	int l = (int)level;

	if (!dev)
		return;
	if (l < QDA_LOG_NONE)
		l = QDA_LOG_NONE;
	dev->log.level = l;
}
