// SPDX-License-Identifier: MIT
/*
 * qt_libqda.c: the qda_qt helpers that go through libqda (see qt.h); only
 * the programs that link qda pull this object in.
 */
#include <stddef.h>

#include <qda/qda.h>

#include "qt.h"

int qt_lib_open(const struct qt_dev *d, const char *name,
		struct qda_session **out, uint32_t *h)
{
	struct qda_device *ld = NULL;
	int ret = qda_device_open_path(d->path, &ld);

	if (ret)
		return ret;
	ret = qda_session_open(ld, out);
	qda_device_close(ld);
	if (ret)
		return ret;
	ret = qda_session_create_pd(*out, name, QDA_PD_UNSIGNED, NULL, 0, 0);
	if (!ret)
		ret = qda_module_open(*out, QT_TEST_URI, h, NULL, NULL, 0);
	if (ret) {
		qda_session_close(*out);
		*out = NULL;
	}
	return ret;
}
