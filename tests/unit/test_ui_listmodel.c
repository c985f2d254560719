/* SPDX-License-Identifier: MIT */
/* The sparse page cache of a list: which pages a window wants, each page
 * fetched once, G wanting only the last page, placeholders, eviction,
 * replacing an edited record, a server that serves smaller pages. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listmodel.h"

static const struct resource *res;

/* A page as the worker hands it over: rows first..first+n-1 with ids
 * equal to row + 1. */
static void make_page(struct api_page *p, long first, size_t n, long count)
{
	memset(p, 0, sizeof *p);
	p->records = calloc(n ? n : 1, sizeof *p->records);
	assert_non_null(p->records);
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "id", (double)(first + (long)i + 1));
		cJSON_AddStringToObject(o, "summary", "row");
		p->records[i] = record_take(res, o);
		assert_non_null(p->records[i]);
	}
	p->n = n;
	p->record_count = count;
}

static void test_empty_and_unknown(void **state)
{
	struct listmodel m;
	long want[8];
	enum lpage_state st;

	(void)state;
	listmodel_init(&m, 0);  /* a size of 0 is taken as 1 */
	assert_int_equal(m.page_size, 1);
	listmodel_init(&m, 50);
	assert_int_equal(m.count, -1);
	/* Before the count is known only page 1 is wanted. */
	assert_int_equal(listmodel_wanted(&m, 0, 100, want, 8), 1);
	assert_int_equal(want[0], 1);
	assert_int_equal(listmodel_wanted(&m, 0, 100, want, 0), 0);
	assert_null(listmodel_row(&m, 0, &st));
	assert_int_equal(st, LPAGE_MISSING);
	assert_int_equal(listmodel_loading(&m, 1, 11), 0);
	assert_int_equal(listmodel_wanted(&m, 0, 100, want, 8), 0);
	assert_null(listmodel_row(&m, 3, &st));
	assert_int_equal(st, LPAGE_LOADING);
	{
		struct api_page p;
		make_page(&p, 0, 0, 0);
		assert_true(listmodel_apply(&m, 1, &p));
		api_page_done(&p);
	}
	assert_int_equal(m.count, 0);
	assert_int_equal(listmodel_wanted(&m, 0, 30, want, 8), 0);
	assert_null(listmodel_row(&m, 0, &st));
	listmodel_clear(&m);
	listmodel_clear(&m);
}

static void test_window_fetches_once(void **state)
{
	struct listmodel m;
	struct api_page p;
	long want[8];
	enum lpage_state st;
	const struct record *r;
	size_t n;

	(void)state;
	listmodel_init(&m, 50);
	listmodel_loading(&m, 1, 1);
	make_page(&p, 0, 50, 1000);
	assert_true(listmodel_apply(&m, 1, &p));
	assert_null(p.records);
	assert_int_equal(m.count, 1000);
	r = listmodel_row(&m, 49, &st);
	assert_non_null(r);
	assert_int_equal(r->id, 50);
	assert_int_equal(st, LPAGE_LOADED);
	/* Rows 0..35 visible plus one screen of prefetch: page 2 wanted. */
	n = listmodel_wanted(&m, 0, 71, want, 8);
	assert_int_equal(n, 1);
	assert_int_equal(want[0], 2);
	listmodel_loading(&m, 2, 2);
	assert_int_equal(listmodel_wanted(&m, 0, 71, want, 8), 0);
	assert_null(listmodel_row(&m, 60, &st));
	assert_int_equal(st, LPAGE_LOADING);  /* a placeholder */
	make_page(&p, 50, 50, 1000);
	assert_false(listmodel_apply(&m, 2, &p));
	assert_int_equal(listmodel_row(&m, 60, &st)->id, 61);
	/* Scrolling through everything asks for each page exactly once. */
	for (long top = 0; top < 1000; top += 7) {
		n = listmodel_wanted(&m, top, top + 71, want, 8);
		for (size_t i = 0; i < n; i++) {
			listmodel_loading(&m, want[i], 100 + (uint64_t)want[i]);
			make_page(&p, (want[i] - 1) * 50, 50, 1000);
			listmodel_apply(&m, want[i], &p);
		}
		listmodel_evict(&m, top, top + 35, 72);
		assert_true(listmodel_pages_held(&m) <= 5);
	}
	assert_int_equal(m.fetches, 20);
	listmodel_clear(&m);
	assert_int_equal(m.fetches, 0);
	assert_int_equal(listmodel_pages_held(&m), 0);
}

static void test_last_page_only(void **state)
{
	struct listmodel m;
	struct api_page p;
	long want[8];
	enum lpage_state st;

	(void)state;
	listmodel_init(&m, 50);
	listmodel_loading(&m, 1, 1);
	make_page(&p, 0, 50, 1000);
	listmodel_apply(&m, 1, &p);
	/* G: the window is the last 36 rows, no prefetch: only page 20. */
	assert_int_equal(listmodel_wanted(&m, 964, 999, want, 8), 1);
	assert_int_equal(want[0], 20);
	/* A window past the end is clipped to the set. */
	assert_int_equal(listmodel_wanted(&m, 990, 5000, want, 8), 1);
	assert_int_equal(want[0], 20);
	listmodel_loading(&m, 20, 5);
	make_page(&p, 950, 50, 1000);
	listmodel_apply(&m, 20, &p);
	assert_int_equal(listmodel_row(&m, 999, &st)->id, 1000);
	/* Page 1 is far from the window: evicted. */
	assert_int_equal(listmodel_evict(&m, 964, 999, 36), 1);
	assert_null(listmodel_row(&m, 0, &st));
	assert_int_equal(st, LPAGE_MISSING);
	/* Back to the top (g): page 1 is wanted again. */
	assert_int_equal(listmodel_wanted(&m, 0, 35, want, 8), 1);
	assert_int_equal(want[0], 1);
	listmodel_clear(&m);
}

static void test_fail_and_shrink(void **state)
{
	struct listmodel m;
	struct api_page p;
	long want[8];
	enum lpage_state st;

	(void)state;
	listmodel_init(&m, 50);
	listmodel_loading(&m, 1, 1);
	make_page(&p, 0, 50, 120);
	listmodel_apply(&m, 1, &p);
	listmodel_loading(&m, 2, 2);
	listmodel_fail(&m, 2);
	assert_null(listmodel_row(&m, 70, &st));
	assert_int_equal(st, LPAGE_FAILED);
	/* A failed page is not asked for again until a refresh. */
	assert_int_equal(listmodel_wanted(&m, 50, 99, want, 8), 0);
	/* Page 3 arrives shorter than the count said: rows past it missing. */
	listmodel_loading(&m, 3, 3);
	make_page(&p, 100, 5, 105);
	assert_true(listmodel_apply(&m, 3, &p));
	assert_int_equal(m.count, 105);
	assert_non_null(listmodel_row(&m, 104, &st));
	assert_null(listmodel_row(&m, 110, &st));
	assert_int_equal(st, LPAGE_MISSING);
	listmodel_clear(&m);
}

static void test_server_serves_smaller_pages(void **state)
{
	struct listmodel m;
	struct api_page p;
	long want[8];
	enum lpage_state st;

	(void)state;
	/* Asked for 200, served 100 (Halo caps silently). */
	listmodel_init(&m, 200);
	listmodel_loading(&m, 1, 1);
	listmodel_loading(&m, 2, 2);
	make_page(&p, 0, 100, 717);
	assert_true(listmodel_apply(&m, 1, &p));
	assert_int_equal(m.page_size, 100);
	assert_int_equal(listmodel_pages_held(&m), 1);  /* page 2 dropped */
	assert_int_equal(listmodel_row(&m, 99, &st)->id, 100);
	assert_int_equal(listmodel_wanted(&m, 100, 150, want, 8), 1);
	assert_int_equal(want[0], 2);
	listmodel_clear(&m);
}

static void test_replace(void **state)
{
	struct listmodel m;
	struct api_page p;
	enum lpage_state st;
	struct record *edited;
	cJSON *o;

	(void)state;
	listmodel_init(&m, 10);
	listmodel_loading(&m, 1, 1);
	make_page(&p, 0, 10, 10);
	listmodel_apply(&m, 1, &p);
	assert_int_equal(listmodel_replace(&m, NULL), 0);
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", 4);
	cJSON_AddStringToObject(o, "summary", "edited");
	edited = record_take(res, o);
	assert_int_equal(listmodel_replace(&m, edited), 1);
	assert_string_equal(record_str(listmodel_row(&m, 3, &st), "summary"),
	                    "edited");
	/* The model holds its own copy. */
	record_free(&edited);
	assert_string_equal(record_str(listmodel_row(&m, 3, &st), "summary"),
	                    "edited");
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", 999);
	edited = record_take(res, o);
	assert_int_equal(listmodel_replace(&m, edited), 0);
	record_free(&edited);
	listmodel_clear(&m);
}

static int setup(void **state)
{
	(void)state;
	res = resource_find("tickets");
	return res ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_and_unknown),
		cmocka_unit_test(test_window_fetches_once),
		cmocka_unit_test(test_last_page_only),
		cmocka_unit_test(test_fail_and_shrink),
		cmocka_unit_test(test_server_serves_smaller_pages),
		cmocka_unit_test(test_replace),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("ui listmodel", tests, setup, NULL);
}
