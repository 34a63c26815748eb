/* SPDX-License-Identifier: MIT */
#ifndef TEST_COMMON_H
#define TEST_COMMON_H

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <qda/qda.h>
#include "fake_kernel.h"
#include "qt_modules.h"

/* One cdsp domain on /dev/accel/accel0. */
static inline int setup_one(void **state)
{
	(void)state;
	fk_reset();
	fk_add_node("/dev/accel", "accel0", "qda", "cdsp", 3);
	return 0;
}

static inline int teardown_check(void **state)
{
	(void)state;
	fk_check_clean();
	return 0;
}

struct env {
	struct qda_device *dev;
	struct qda_session *s;
};

/* Device + session + DSP process on the single cdsp node. */
static inline void env_open(struct env *e, int with_pd)
{
	assert_int_equal(qda_device_open("cdsp", &e->dev), 0);
	assert_int_equal(qda_session_open(e->dev, &e->s), 0);
	if (with_pd)
		assert_int_equal(qda_session_create_pd(e->s, "t", QDA_PD_UNSIGNED,
						       NULL, 0, 0), 0);
}

static inline void env_close(struct env *e)
{
	qda_session_close(e->s);
	qda_device_close(e->dev);
}

#endif
