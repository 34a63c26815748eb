// SPDX-License-Identifier: MIT
/*
 * Handle arguments end to end: BO slices passed as input handles reach the
 * DSP as {fd, offset, len} descriptors (the fd being the BO's handle in
 * this file) with page entries for the whole BO; the test module reports
 * what it saw. Also a handle of a BO from another session is refused.
 */
#include <stdint.h>
#include <string.h>

#include <qda/qda.h>

#include "itest.h"
#include "qt_modules.h"

#define T_HANDLES 9

int main(void)
{
	struct qda_device *dev = NULL;
	struct qda_session *s = NULL, *other = NULL;
	struct qda_bo *b1 = NULL, *b2 = NULL, *ob = NULL;
	uint32_t mod = 0, st = 0, seen[6];
	int r;

	r = qda_device_open("cdsp", &dev);
	r = r ? r : qda_session_open(dev, &s);
	r = r ? r : qda_session_create_pd(s, "itest_handles", 0, NULL, 0, 0);
	r = r ? r : qda_module_open(s, QT_TEST_URI, &mod, &st, NULL, 0);
	r = r ? r : qda_bo_alloc(s, 8192, 0, &b1);
	r = r ? r : qda_bo_alloc(s, 16384, 0, &b2);
	r = r ? r : qda_session_open(dev, &other);
	r = r ? r : qda_bo_alloc(other, 4096, 0, &ob);
	CHECK_RET("setup", r, 0);
	if (r)
		goto out;

	{
		struct qda_arg a[3] = {
			{ .kind = QDA_ARG_IN_HANDLE, .bo = b1, .offset = 4096, .length = 100 },
			{ .kind = QDA_ARG_IN_HANDLE, .bo = b2, .offset = 0, .length = 16384 },
			QDA_ARG_OUT_MEM(seen, sizeof(seen)),
		};

		memset(seen, 0xff, sizeof(seen));
		r = qda_invoke(s, mod, T_HANDLES, a, 3, NULL, &st);
		CHECK_RET("in-handles-call", r, 0);
		CHECK("in-handles-seen",
		      !r && a[2].length == sizeof(seen) &&
		      seen[1] == 4096 && seen[2] == 100 &&
		      seen[4] == 0 && seen[5] == 16384 &&
		      seen[0] != 0 && seen[3] != 0 && seen[0] != seen[3],
		      "seen {%u,%u,%u} {%u,%u,%u}", seen[0], seen[1], seen[2],
		      seen[3], seen[4], seen[5]);
	}
	{
		struct qda_arg a[2] = {
			{ .kind = QDA_ARG_IN_HANDLE, .bo = b1, .offset = 8000, .length = 500 },
			QDA_ARG_OUT_MEM(seen, 12),
		};

		r = qda_invoke(s, mod, T_HANDLES, a, 2, NULL, &st);
		CHECK_RET("in-handle-past-bo-einval", r, -EINVAL);
	}
	{
		struct qda_arg a[2] = {
			{ .kind = QDA_ARG_IN_HANDLE, .bo = ob, .offset = 0, .length = 4096 },
			QDA_ARG_OUT_MEM(seen, 12),
		};

		r = qda_invoke(s, mod, T_HANDLES, a, 2, NULL, &st);
		CHECK_RET("in-handle-other-session-exdev", r, -EXDEV);
	}
out:
	qda_bo_free(ob);
	qda_bo_free(b2);
	qda_bo_free(b1);
	qda_session_close(other);
	qda_session_close(s);
	qda_device_close(dev);
	return itest_done();
}
