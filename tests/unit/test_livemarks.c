/* SPDX-License-Identifier: MIT */
/* New and changed rows: what was shown against what a re-read brings. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <cJSON.h>

#include "livemarks.h"
#include "record.h"
#include "resource.h"

static const int RES_A = 1, RES_B = 2;

/* Rows first shown are known, unmarked; the same stamp again stays so. */
static void test_shown_is_known(void **state)
{
	struct livemarks m;

	(void)state;
	livemarks_init(&m);
	assert_int_equal(livemarks_shown(&m, &RES_A, 7, "2024-01-01T10:00:00"),
	                 LIVE_NONE);
	assert_int_equal(livemarks_shown(&m, &RES_A, 7, "2024-01-01T10:00:00"),
	                 LIVE_NONE);
	assert_int_equal(livemarks_arrived(&m, &RES_A, 7, "2024-01-01T10:00:00"),
	                 LIVE_NONE);
	assert_int_equal(livemarks_count(&m, NULL, LIVE_NEW), 0);
	livemarks_done(&m);
}

/* A re-read bringing an id never shown marks it new until seen. */
static void test_arrived_new_until_seen(void **state)
{
	struct livemarks m;

	(void)state;
	livemarks_init(&m);
	livemarks_shown(&m, &RES_A, 1, "a");
	assert_int_equal(livemarks_arrived(&m, &RES_A, 2, "b"), LIVE_NEW);
	/* Drawn as it is: still new. */
	assert_int_equal(livemarks_shown(&m, &RES_A, 2, "b"), LIVE_NEW);
	assert_int_equal(livemarks_count(&m, &RES_A, LIVE_NEW), 1);
	assert_int_equal(livemarks_count(&m, &RES_B, LIVE_NEW), 0);
	assert_int_equal(livemarks_get(&m, &RES_A, 2), LIVE_NEW);
	/* The same id of another resource is another record. */
	assert_int_equal(livemarks_get(&m, &RES_B, 2), LIVE_NONE);
	assert_int_equal(livemarks_seen(&m, &RES_A, 2, "b"), 0);
	assert_int_equal(livemarks_get(&m, &RES_A, 2), LIVE_NONE);
	assert_int_equal(livemarks_count(&m, NULL, LIVE_NEW), 0);
	livemarks_done(&m);
}

/* A stamp other than the one seen marks the row changed; seeing it takes
 * the new stamp; a change the agent made (seen) marks nothing. */
static void test_changed_stamp(void **state)
{
	struct livemarks m;

	(void)state;
	livemarks_init(&m);
	livemarks_shown(&m, &RES_A, 5, "t1");
	assert_int_equal(livemarks_shown(&m, &RES_A, 5, "t2"), LIVE_CHANGED);
	assert_int_equal(livemarks_shown(&m, &RES_A, 5, "t3"), LIVE_CHANGED);
	livemarks_seen(&m, &RES_A, 5, "t3");
	assert_int_equal(livemarks_shown(&m, &RES_A, 5, "t3"), LIVE_NONE);
	/* Saved here: the new stamp is what the agent saw. */
	livemarks_seen(&m, &RES_A, 5, "t4");
	assert_int_equal(livemarks_shown(&m, &RES_A, 5, "t4"), LIVE_NONE);
	/* No stamp: no change can be told. */
	livemarks_shown(&m, &RES_A, 6, NULL);
	assert_int_equal(livemarks_shown(&m, &RES_A, 6, NULL), LIVE_NONE);
	/* Saved without a stamp (a reply that lacks it): the next one shown
	 * is taken as seen. */
	livemarks_seen(&m, &RES_A, 9, NULL);
	assert_int_equal(livemarks_shown(&m, &RES_A, 9, "u1"), LIVE_NONE);
	assert_int_equal(livemarks_shown(&m, &RES_A, 9, "u2"), LIVE_CHANGED);
	/* A new row stays new when its stamp moves on. */
	livemarks_arrived(&m, &RES_A, 8, "x");
	assert_int_equal(livemarks_shown(&m, &RES_A, 8, "y"), LIVE_NEW);
	livemarks_done(&m);
}

/* Bounded: the oldest unmarked entries go, the marked ones stay. */
static void test_bounded(void **state)
{
	struct livemarks m;

	(void)state;
	livemarks_init(&m);
	livemarks_arrived(&m, &RES_A, 1, "n");
	for (long i = 2; i < LIVEMARKS_MAX + 100; i++)
		assert_true(livemarks_shown(&m, &RES_A, i, "s") >= 0);
	assert_true(m.n <= LIVEMARKS_MAX);
	assert_int_equal(livemarks_get(&m, &RES_A, 1), LIVE_NEW);
	assert_int_equal(livemarks_count(&m, &RES_A, LIVE_NEW), 1);
	livemarks_done(&m);
}

/* The stamp: lastactiondate and last_update (a note moves the one, an
 * edit the other); missing or of the wrong type is none. */
static void test_stamp(void **state)
{
	const struct resource *res = resource_find("tickets");
	cJSON *a = cJSON_Parse("{\"id\":1,\"lastactiondate\":\"2024-06-01T10:00:00\","
	                       "\"last_update\":\"2024-05-01T00:00:00\"}");
	cJSON *b = cJSON_Parse("{\"id\":2,\"last_update\":\"2024-05-02T00:00:00\"}");
	cJSON *c = cJSON_Parse("{\"id\":3,\"lastactiondate\":17}");
	struct record *ra, *rb, *rc;
	char buf[LIVEMARKS_STAMP_MAX];

	(void)state;
	assert_non_null(res);
	ra = record_take(res, a);
	rb = record_take(res, b);
	rc = record_take(res, c);
	assert_non_null(ra);
	assert_non_null(rb);
	assert_non_null(rc);
	assert_string_equal(livemarks_stamp(ra, buf, sizeof buf),
	                    "2024-06-01T10:00:00|2024-05-01T00:00:00");
	assert_string_equal(livemarks_stamp(rb, buf, sizeof buf),
	                    "|2024-05-02T00:00:00");
	assert_null(livemarks_stamp(rc, buf, sizeof buf));
	record_free(&ra);
	record_free(&rb);
	record_free(&rc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shown_is_known),
		cmocka_unit_test(test_arrived_new_until_seen),
		cmocka_unit_test(test_changed_stamp),
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_stamp),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("livemarks", tests, NULL, NULL);
}
