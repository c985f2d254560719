/* SPDX-License-Identifier: MIT */
/* The sparse page cache of a list: which pages a window wants, each page
 * fetched once, G wanting only the last page, placeholders, eviction,
 * replacing an edited record, a server that serves smaller pages; the
 * screen's pages first, pages left behind abandoned, failures retried
 * when wanted again, and tracking bounded by the window. */
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

/* The pages wanted for rows first..last, all of them on the screen. */
static size_t wanted(const struct listmodel *m, long first, long last,
                     long *out, size_t max)
{
	struct lwindow w = { first, last, first, last };

	return listmodel_wanted(m, &w, out, max);
}

/* What listmodel_leave asked for. */
static struct {
	uint64_t abandoned[64], cancelled[64];
	size_t nabandoned, ncancelled;
} drops;

static void on_drop(void *ctx, uint64_t req, bool cancel)
{
	(void)ctx;
	if (cancel) {
		assert_true(drops.ncancelled < 64);
		drops.cancelled[drops.ncancelled++] = req;
	} else {
		assert_true(drops.nabandoned < 64);
		drops.abandoned[drops.nabandoned++] = req;
	}
}

/* The window moves to rows top..bottom, wanting first..last. */
static void move(struct listmodel *m, long top, long bottom, long first,
                 long last)
{
	struct lwindow w = { top, bottom, first, last };

	memset(&drops, 0, sizeof drops);
	/* Loaded pages are kept one screen either side. */
	listmodel_leave(m, &w, bottom - top + 1, on_drop, NULL);
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
	assert_int_equal(wanted(&m, 0, 100, want, 8), 1);
	assert_int_equal(want[0], 1);
	assert_int_equal(wanted(&m, 0, 100, want, 0), 0);
	assert_null(listmodel_row(&m, 0, &st));
	assert_int_equal(st, LPAGE_MISSING);
	assert_int_equal(listmodel_loading(&m, 1, 11), 0);
	assert_int_equal(wanted(&m, 0, 100, want, 8), 0);
	assert_null(listmodel_row(&m, 3, &st));
	assert_int_equal(st, LPAGE_LOADING);
	{
		struct api_page p;
		make_page(&p, 0, 0, 0);
		assert_true(listmodel_apply(&m, 1, 11, &p));
		api_page_done(&p);
	}
	assert_int_equal(m.count, 0);
	assert_int_equal(wanted(&m, 0, 30, want, 8), 0);
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
	assert_true(listmodel_apply(&m, 1, 1, &p));
	assert_null(p.records);
	assert_int_equal(m.count, 1000);
	r = listmodel_row(&m, 49, &st);
	assert_non_null(r);
	assert_int_equal(r->id, 50);
	assert_int_equal(st, LPAGE_LOADED);
	/* Rows 0..35 visible plus one screen of prefetch: page 2 wanted. */
	n = wanted(&m, 0, 71, want, 8);
	assert_int_equal(n, 1);
	assert_int_equal(want[0], 2);
	listmodel_loading(&m, 2, 2);
	assert_int_equal(wanted(&m, 0, 71, want, 8), 0);
	assert_null(listmodel_row(&m, 60, &st));
	assert_int_equal(st, LPAGE_LOADING);  /* a placeholder */
	make_page(&p, 50, 50, 1000);
	assert_false(listmodel_apply(&m, 2, 2, &p));
	assert_int_equal(listmodel_row(&m, 60, &st)->id, 61);
	/* Scrolling through everything asks for each page exactly once. */
	for (long top = 0; top < 1000; top += 7) {
		n = wanted(&m, top, top + 71, want, 8);
		for (size_t i = 0; i < n; i++) {
			listmodel_loading(&m, want[i], 100 + (uint64_t)want[i]);
			make_page(&p, (want[i] - 1) * 50, 50, 1000);
			listmodel_apply(&m, want[i], 100 + (uint64_t)want[i], &p);
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
	listmodel_apply(&m, 1, 1, &p);
	/* G: the window is the last 36 rows, no prefetch: only page 20. */
	assert_int_equal(wanted(&m, 964, 999, want, 8), 1);
	assert_int_equal(want[0], 20);
	/* A window past the end is clipped to the set. */
	assert_int_equal(wanted(&m, 990, 5000, want, 8), 1);
	assert_int_equal(want[0], 20);
	listmodel_loading(&m, 20, 5);
	make_page(&p, 950, 50, 1000);
	listmodel_apply(&m, 20, 5, &p);
	assert_int_equal(listmodel_row(&m, 999, &st)->id, 1000);
	/* Page 1 is far from the window: evicted. */
	assert_int_equal(listmodel_evict(&m, 964, 999, 36), 1);
	assert_null(listmodel_row(&m, 0, &st));
	assert_int_equal(st, LPAGE_MISSING);
	/* Back to the top (g): page 1 is wanted again. */
	assert_int_equal(wanted(&m, 0, 35, want, 8), 1);
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
	listmodel_apply(&m, 1, 1, &p);
	listmodel_loading(&m, 2, 2);
	move(&m, 50, 99, 50, 99);
	assert_true(listmodel_fail(&m, 2, 2, false));
	assert_null(listmodel_row(&m, 70, &st));
	assert_int_equal(st, LPAGE_FAILED);
	/* A failed page is not asked for again while it stays wanted. */
	assert_int_equal(wanted(&m, 50, 99, want, 8), 0);
	move(&m, 50, 99, 50, 99);
	assert_int_equal(wanted(&m, 50, 99, want, 8), 0);
	/* Page 3 arrives shorter than the count said: rows past it missing. */
	listmodel_loading(&m, 3, 3);
	make_page(&p, 100, 5, 105);
	assert_true(listmodel_apply(&m, 3, 3, &p));
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
	assert_true(listmodel_apply(&m, 1, 1, &p));
	assert_int_equal(m.page_size, 100);
	assert_int_equal(listmodel_pages_held(&m), 1);  /* page 2 dropped */
	assert_int_equal(listmodel_row(&m, 99, &st)->id, 100);
	assert_int_equal(wanted(&m, 100, 150, want, 8), 1);
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
	listmodel_apply(&m, 1, 1, &p);
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

/* A re-read of a page on screen replaces its rows in place; a count that
 * moved drops the other pages; a page in flight or not held takes
 * nothing; an empty set takes its first page. */
static void test_refresh_in_place(void **state)
{
	struct listmodel m;
	struct api_page p;
	enum lpage_state st;

	(void)state;
	listmodel_init(&m, 10);
	listmodel_loading(&m, 1, 1);
	make_page(&p, 0, 10, 25);
	listmodel_apply(&m, 1, 1, &p);
	listmodel_loading(&m, 2, 2);
	make_page(&p, 10, 10, 25);
	listmodel_apply(&m, 2, 2, &p);
	/* Same count: page 2 stays. */
	make_page(&p, 100, 10, 25);
	assert_false(listmodel_refresh(&m, 1, &p));
	assert_int_equal(listmodel_row(&m, 0, &st)->id, 101);
	assert_non_null(listmodel_row(&m, 10, &st));
	/* One more row: the count follows, page 2 goes. */
	make_page(&p, 200, 10, 26);
	assert_true(listmodel_refresh(&m, 1, &p));
	assert_int_equal(m.count, 26);
	assert_int_equal(listmodel_row(&m, 0, &st)->id, 201);
	assert_null(listmodel_row(&m, 10, &st));
	assert_int_equal(listmodel_pages_held(&m), 1);
	/* Page 3 is not held: its answer is dropped. */
	make_page(&p, 20, 6, 26);
	assert_false(listmodel_refresh(&m, 3, &p));
	assert_int_equal(listmodel_pages_held(&m), 1);
	/* In flight: the fetch's own answer wins. */
	listmodel_loading(&m, 1, 3);
	make_page(&p, 0, 10, 26);
	assert_false(listmodel_refresh(&m, 1, &p));
	assert_null(listmodel_row(&m, 0, &st));
	assert_int_equal(st, LPAGE_LOADING);
	listmodel_clear(&m);
	/* An empty set gets its first rows. */
	listmodel_init(&m, 10);
	listmodel_loading(&m, 1, 1);
	make_page(&p, 0, 0, 0);
	listmodel_apply(&m, 1, 1, &p);
	assert_int_equal(m.count, 0);
	make_page(&p, 300, 1, 1);
	assert_true(listmodel_refresh(&m, 1, &p));
	assert_int_equal(m.count, 1);
	assert_int_equal(listmodel_row(&m, 0, &st)->id, 301);
	listmodel_clear(&m);
}

/* A page arrives as request req: true when the model took it. */
static bool arrive(struct listmodel *m, long no, uint64_t req)
{
	struct api_page p;
	enum lpage_state st;
	long first = (no - 1) * m->page_size;

	make_page(&p, first, (size_t)m->page_size, m->count);
	listmodel_apply(m, no, req, &p);
	api_page_done(&p);
	return listmodel_row(m, first, &st) != NULL;
}

static void loaded_first_page(struct listmodel *m, int size, long count)
{
	struct api_page p;

	listmodel_init(m, size);
	listmodel_loading(m, 1, 1);
	make_page(&p, 0, (size_t)size, count);
	listmodel_apply(m, 1, 1, &p);
	api_page_done(&p);
}

static void test_screen_first_then_nearest(void **state)
{
	struct listmodel m;
	long want[16];
	const long order[] = { 6, 7, 5, 8, 4, 9, 3, 10 };
	struct lwindow w = { 50, 59, 20, 99 };

	(void)state;
	loaded_first_page(&m, 10, 1000);
	/* Rows 50..59 on the screen (page 6), 20..99 wanted (pages 3..10):
	 * the screen's page first, then outwards. */
	assert_int_equal(listmodel_wanted(&m, &w, want, 16), 8);
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(want[i], order[i]);
	/* With room for two, the screen's page and its nearest neighbour. */
	assert_int_equal(listmodel_wanted(&m, &w, want, 2), 2);
	assert_int_equal(want[0], 6);
	assert_int_equal(want[1], 7);
	/* A screen over two pages: both, top down, before any prefetch. */
	w = (struct lwindow){ 55, 64, 55, 84 };
	assert_int_equal(listmodel_wanted(&m, &w, want, 16), 4);
	assert_int_equal(want[0], 6);
	assert_int_equal(want[1], 7);
	assert_int_equal(want[2], 8);
	assert_int_equal(want[3], 9);
	listmodel_clear(&m);
}

static void test_left_pages_are_abandoned_and_still_kept(void **state)
{
	struct listmodel m;
	long want[8];
	enum lpage_state st;

	(void)state;
	loaded_first_page(&m, 100, 5000);
	listmodel_loading(&m, 5, 50);
	listmodel_loading(&m, 6, 60);
	move(&m, 400, 437, 400, 537);
	assert_int_equal(drops.nabandoned, 0);
	/* Down past both: each abandoned once, and still tracked, so that
	 * coming back does not ask for it a second time. */
	move(&m, 900, 937, 900, 975);
	assert_int_equal(drops.nabandoned, 2);
	assert_int_equal(drops.ncancelled, 0);
	move(&m, 901, 938, 901, 976);
	assert_int_equal(drops.nabandoned, 0);
	move(&m, 500, 537, 500, 575);
	assert_int_equal(drops.nabandoned, 0);
	assert_int_equal(wanted(&m, 500, 575, want, 8), 0);
	assert_null(listmodel_row(&m, 510, &st));
	assert_int_equal(st, LPAGE_LOADING);
	/* The answer of an abandoned page still fills the cache. */
	move(&m, 900, 937, 900, 975);
	assert_int_equal(drops.nabandoned, 1);   /* page 6 left again */
	assert_true(arrive(&m, 5, 50));
	assert_int_equal(listmodel_row(&m, 450, &st)->id, 451);
	/* Its failure, left behind, is forgotten without a word. */
	assert_false(listmodel_fail(&m, 6, 60, false));
	assert_null(listmodel_row(&m, 550, &st));
	assert_int_equal(st, LPAGE_MISSING);
	/* Then the loaded page is evicted like any other. */
	move(&m, 3000, 3037, 3000, 3075);
	assert_null(listmodel_row(&m, 450, &st));
	assert_int_equal(st, LPAGE_MISSING);
	assert_int_equal(listmodel_pages_held(&m), 0);
	listmodel_clear(&m);
}

static void test_stale_and_dropped_answers(void **state)
{
	struct listmodel m;
	long want[8];

	(void)state;
	loaded_first_page(&m, 100, 5000);
	/* An answer to no request the model tracks is dropped. */
	assert_false(arrive(&m, 7, 70));
	assert_int_equal(listmodel_pages_held(&m), 1);
	listmodel_loading(&m, 7, 71);
	assert_false(arrive(&m, 7, 70));
	assert_false(listmodel_fail(&m, 7, 70, false));
	assert_true(arrive(&m, 7, 71));
	/* A request the worker dropped before it started (HALO_ECANCELLED):
	 * forgotten, and asked for again while wanted, without an error. */
	listmodel_loading(&m, 8, 80);
	move(&m, 700, 737, 700, 799);
	assert_false(listmodel_fail(&m, 8, 80, true));
	assert_int_equal(wanted(&m, 700, 799, want, 8), 1);
	assert_int_equal(want[0], 8);
	listmodel_clear(&m);
}

static void test_failed_page_retried_when_wanted_again(void **state)
{
	struct listmodel m;
	long want[8];
	enum lpage_state st;

	(void)state;
	loaded_first_page(&m, 100, 5000);
	move(&m, 200, 237, 200, 237);
	listmodel_loading(&m, 3, 30);
	assert_true(listmodel_fail(&m, 3, 30, false));
	assert_null(listmodel_row(&m, 210, &st));
	assert_int_equal(st, LPAGE_FAILED);
	/* While it stays on the screen it is not asked for again (no loop
	 * of requests against a failing server). */
	move(&m, 210, 247, 210, 247);
	assert_int_equal(wanted(&m, 210, 247, want, 8), 0);
	/* Off the screen the mark goes; back on, it is asked for again. */
	move(&m, 600, 637, 600, 637);
	assert_int_equal(listmodel_pages_held(&m), 0);
	move(&m, 200, 237, 200, 237);
	assert_int_equal(wanted(&m, 200, 237, want, 8), 1);
	assert_int_equal(want[0], 3);
	listmodel_clear(&m);
}

/* Held PgDn over a million rows on a server that answers little: what the
 * model tracks stays bounded by the window, and every request it gave up
 * is abandoned or cancelled exactly once. */
static void test_tracking_is_bounded(void **state)
{
	struct listmodel m;
	long want[8];
	uint64_t next_req = 2, asked = 0, dropped = 0;
	size_t most = 0;

	(void)state;
	loaded_first_page(&m, 100, 1000000);
	for (long top = 0; top + 38 < 1000000; top += 37) {
		struct lwindow w = { top, top + 37, top, top + 75 };
		size_t n;

		memset(&drops, 0, sizeof drops);
		listmodel_leave(&m, &w, 2 * 38 + 100, on_drop, NULL);
		dropped += drops.nabandoned;
		/* A page cancelled outright was abandoned before. */
		assert_true(drops.ncancelled <= 1);
		n = listmodel_wanted(&m, &w, want, 8);
		for (size_t i = 0; i < n; i++) {
			uint64_t req = next_req++;
			assert_int_equal(listmodel_loading(&m, want[i], req), 0);
			asked++;
			/* One page in five answers, one in seven fails; the
			 * rest are still on the wire when the window leaves. */
			if (req % 5 == 0)
				arrive(&m, want[i], req);
			else if (req % 7 == 0)
				listmodel_fail(&m, want[i], req, false);
		}
		if (listmodel_pages_held(&m) > most)
			most = listmodel_pages_held(&m);
	}
	/* One request a page (page 1 was there), each left one abandoned
	 * once. */
	assert_int_equal(asked, 9999);
	assert_true(dropped > 6000);
	assert_true(most <= LISTMODEL_MAX_ABANDONED + 5);
	listmodel_clear(&m);
}

static int setup(void **state)
{
	(void)state;
	res = resource_find("tickets");
	return res ? 0 : -1;
}

/* A deleted record leaves the set: later rows move up across loaded
 * pages, the count drops, and a page left short before one that is not
 * loaded is forgotten so that it is asked for again. */
static void test_remove(void **state)
{
	struct listmodel m;
	struct api_page p;
	enum lpage_state ps;
	long out[8];

	(void)state;
	listmodel_init(&m, 10);
	for (long no = 1; no <= 2; no++) {
		listmodel_loading(&m, no, (uint64_t)no);
		make_page(&p, (no - 1) * 10, 10, 35);
		listmodel_apply(&m, no, (uint64_t)no, &p);
		api_page_done(&p);
	}
	assert_int_equal(listmodel_remove(&m, 99, 0), 0);
	assert_int_equal(listmodel_remove(&m, 5, 0), 1);
	assert_int_equal(m.count, 34);
	assert_int_equal(listmodel_row(&m, 4, &ps)->id, 6);
	/* Row 11 moved up into page 1; page 2 is short before page 3 (not
	 * loaded), so it is asked for again. */
	assert_int_equal(listmodel_row(&m, 9, &ps)->id, 11);
	assert_null(listmodel_row(&m, 10, &ps));
	assert_int_equal(ps, LPAGE_MISSING);
	assert_int_equal(wanted(&m, 0, 19, out, 8), 1);
	assert_int_equal(out[0], 2);
	assert_int_equal(listmodel_pages_held(&m), 1);
	listmodel_clear(&m);

	/* The last page may be short. */
	listmodel_init(&m, 10);
	listmodel_loading(&m, 1, 1);
	make_page(&p, 0, 3, 3);
	listmodel_apply(&m, 1, 1, &p);
	api_page_done(&p);
	assert_int_equal(listmodel_remove(&m, 3, 0), 1);
	assert_int_equal(m.count, 2);
	assert_int_equal(listmodel_pages_held(&m), 1);
	assert_int_equal(listmodel_row(&m, 1, &ps)->id, 2);
	listmodel_clear(&m);
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
		cmocka_unit_test(test_screen_first_then_nearest),
		cmocka_unit_test(test_left_pages_are_abandoned_and_still_kept),
		cmocka_unit_test(test_stale_and_dropped_answers),
		cmocka_unit_test(test_failed_page_retried_when_wanted_again),
		cmocka_unit_test(test_tracking_is_bounded),
		cmocka_unit_test(test_remove),
		cmocka_unit_test(test_refresh_in_place),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("ui listmodel", tests, setup, NULL);
}
