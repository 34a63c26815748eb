/* SPDX-License-Identifier: MIT */
/* Concurrent invokes on one session share the argument BO pool safely. */
#include <pthread.h>
#include <stdio.h>

#include "test_common.h"

#define THREADS 8
#define CALLS 200

struct worker {
	struct qda_session *s;
	uint32_t h;
	int id;
	int errors;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	uint8_t in[600], out[600];
	struct qda_arg a[2];
	int i, len;

	for (i = 0; i < CALLS; i++) {
		len = 1 + (w->id * 37 + i * 11) % (int)sizeof(in);
		memset(in, w->id * 16 + (i & 15), (size_t)len);
		memset(out, 0, sizeof(out));
		a[0] = QDA_ARG_IN_MEM(in, (uint64_t)len);
		a[1] = QDA_ARG_OUT_MEM(out, sizeof(out));
		if (qda_invoke(w->s, w->h, 3 /* echo */, a, 2, NULL, NULL) ||
		    a[1].length != (uint64_t)len || memcmp(in, out, (size_t)len))
			w->errors++;
	}
	return NULL;
}

static void test_concurrent_invokes(void **state)
{
	struct worker w[THREADS];
	pthread_t t[THREADS];
	struct env e = { 0 };
	struct fk_counts c;
	uint32_t h;
	int i;

	(void)state;
	env_open(&e, 1);
	assert_int_equal(qda_module_open(e.s, QT_TEST_URI, &h, NULL, NULL, 0), 0);
	fk_set_dsp_delay_us(50);	/* make calls overlap */
	for (i = 0; i < THREADS; i++) {
		w[i] = (struct worker){ .s = e.s, .h = h, .id = i };
		assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(w[i].errors, 0);
	}
	fk_set_dsp_delay_us(0);
	fk_counts(&c);
	assert_true(c.max_parallel > 1);	/* calls really overlapped */
	assert_true(c.invokes >= THREADS * CALLS);
	/* the pool is bounded: at most the cache plus what ran at once */
	assert_true(c.gem_creates <= THREADS + 1);
	print_message("max parallel invokes %u, argument BOs created %u\n",
		      c.max_parallel, c.gem_creates);
	assert_int_equal(qda_module_close(e.s, h, NULL), 0);
	env_close(&e);
}

/* Concurrent lazy maps of one BO map it once. */
static void *map_work(void *arg)
{
	void *p;

	return qda_bo_map(arg, &p) ? NULL : p;
}

static void test_concurrent_map(void **state)
{
	struct env e = { 0 };
	pthread_t t[THREADS];
	struct qda_bo *bo;
	struct fk_counts c;
	void *r[THREADS];
	int i;

	(void)state;
	env_open(&e, 0);
	assert_int_equal(qda_bo_alloc(e.s, 65536, 0, &bo), 0);
	for (i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, map_work, bo);
	for (i = 0; i < THREADS; i++)
		pthread_join(t[i], &r[i]);
	for (i = 1; i < THREADS; i++)
		assert_ptr_equal(r[i], r[0]);
	assert_non_null(r[0]);
	fk_counts(&c);
	assert_int_equal(c.mmaps, 1);
	qda_bo_free(bo);
	env_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_concurrent_invokes, setup_one, teardown_check),
		cmocka_unit_test_setup_teardown(test_concurrent_map, setup_one, teardown_check),
	};

	return cmocka_run_group_tests_name("threads", tests, NULL, NULL);
}
