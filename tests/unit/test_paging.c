/* SPDX-License-Identifier: MIT */
/* Paging arithmetic: page counts, rows to pages and back, the size to ask
 * for, the window of pages a view needs, and pages for a --limit. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <locale.h>

#include "paging.h"

static void test_page_count_edges(void **state)
{
	(void)state;
	assert_int_equal(paging_page_count(0, 50), 0);
	assert_int_equal(paging_page_count(-5, 50), 0);
	/* A served size of 0 must not divide by zero. */
	assert_int_equal(paging_page_count(3, 0), 3);
	assert_int_equal(paging_page_count(3, -1), 3);
	/* Near LONG_MAX the naive (n + ps - 1) / ps would overflow. */
	assert_int_equal(paging_page_count(LONG_MAX, 100),
	                 LONG_MAX / 100 + 1);
	assert_int_equal(paging_page_count(LONG_MAX, 1), LONG_MAX);
}

static void test_page_count(void **state)
{
	(void)state;
	assert_int_equal(paging_page_count(1, 50), 1);
	assert_int_equal(paging_page_count(50, 50), 1);
	assert_int_equal(paging_page_count(51, 50), 2);
	assert_int_equal(paging_page_count(100, 100), 1);
	assert_int_equal(paging_page_count(101, 100), 2);
	/* HALO_API.md 3.3: 717 tickets asked 1000 a page, served 100. */
	assert_int_equal(paging_page_count(717, 100), 8);
	assert_int_equal(paging_page_count(717, 1), 717);
}

static void test_page_of_row_edges(void **state)
{
	(void)state;
	assert_int_equal(paging_page_of_row(-1, 50), 1);
	assert_int_equal(paging_page_of_row(0, 0), 1);
	assert_int_equal(paging_page_of_row(5, 0), 6);
	/* Saturates at the last representable page. */
	assert_int_equal(paging_page_of_row(LONG_MAX, 1), LONG_MAX);
	assert_int_equal(paging_page_of_row(LONG_MAX, 2), LONG_MAX / 2 + 1);
}

static void test_page_of_row(void **state)
{
	(void)state;
	assert_int_equal(paging_page_of_row(0, 50), 1);
	assert_int_equal(paging_page_of_row(49, 50), 1);
	assert_int_equal(paging_page_of_row(50, 50), 2);
	assert_int_equal(paging_page_of_row(99, 100), 1);
	assert_int_equal(paging_page_of_row(100, 100), 2);
	assert_int_equal(paging_page_of_row(716, 100), 8);
}

static void test_first_row_edges(void **state)
{
	(void)state;
	assert_int_equal(paging_first_row(0, 50), 0);
	assert_int_equal(paging_first_row(-3, 50), 0);
	assert_int_equal(paging_first_row(3, 0), 2);
	/* Saturates instead of overflowing. */
	assert_int_equal(paging_first_row(LONG_MAX, 100), LONG_MAX);
}

static void test_first_row(void **state)
{
	(void)state;
	assert_int_equal(paging_first_row(1, 50), 0);
	assert_int_equal(paging_first_row(2, 50), 50);
	assert_int_equal(paging_first_row(8, 100), 700);
}

static void test_round_trips(void **state)
{
	static const int sizes[] = { 1, 7, 50, 100 };

	(void)state;
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		int ps = sizes[i];

		for (long page = 1; page <= 20; page++) {
			long first = paging_first_row(page, ps);

			assert_int_equal(paging_page_of_row(first, ps), page);
			assert_int_equal(paging_page_of_row(first + ps - 1, ps),
			                 page);
			assert_int_equal(paging_page_of_row(first + ps, ps),
			                 page + 1);
		}
		for (long row = 0; row < 500; row++) {
			long page = paging_page_of_row(row, ps);

			assert_true(paging_first_row(page, ps) <= row);
			assert_true(row < paging_first_row(page + 1, ps));
		}
	}
}

static void test_request_size(void **state)
{
	(void)state;
	/* Not configured (<= 0): the default of 50. */
	assert_int_equal(paging_request_size(0, 0), 50);
	assert_int_equal(paging_request_size(-4, 0), 50);
	assert_int_equal(paging_request_size(1, 0), 1);
	assert_int_equal(paging_request_size(50, 0), 50);
	assert_int_equal(paging_request_size(100, 0), 100);
	/* The server caps at 100 silently: never ask for more. */
	assert_int_equal(paging_request_size(101, 0), 100);
	assert_int_equal(paging_request_size(500, 0), 100);
	assert_int_equal(paging_request_size(INT_MAX, 0), 100);
	/* A small --limit asks for just that. */
	assert_int_equal(paging_request_size(50, 7), 7);
	assert_int_equal(paging_request_size(500, 7), 7);
	assert_int_equal(paging_request_size(0, 7), 7);
	assert_int_equal(paging_request_size(50, 1), 1);
	/* A limit above the size or negative changes nothing. */
	assert_int_equal(paging_request_size(50, 200), 50);
	assert_int_equal(paging_request_size(50, -1), 50);
	assert_int_equal(paging_request_size(50, LONG_MAX), 50);
}

static void test_window_empty(void **state)
{
	long first = -7, last = -7;

	(void)state;
	assert_int_equal(paging_window(0, 20, 20, 0, 50, &first, &last), 0);
	assert_int_equal(paging_window(10, 20, 20, -1, 50, &first, &last), 0);
	/* Untouched on an empty set. */
	assert_int_equal(first, -7);
	assert_int_equal(last, -7);
	/* NULL outputs are fine. */
	assert_int_equal(paging_window(0, 20, 20, 10, 50, NULL, NULL), 1);
}

static void test_window_start(void **state)
{
	long first = 0, last = 0;

	(void)state;
	/* Rows 0..19 plus 20 below: rows 0..39, page 1 of 50. */
	assert_int_equal(paging_window(0, 20, 20, 717, 50, &first, &last), 1);
	assert_int_equal(first, 1);
	assert_int_equal(last, 1);
	/* Margin reaches row 50: page 2 too. */
	assert_int_equal(paging_window(0, 20, 31, 717, 50, &first, &last), 1);
	assert_int_equal(first, 1);
	assert_int_equal(last, 2);
}

static void test_window_middle(void **state)
{
	long first = 0, last = 0;

	(void)state;
	/* Rows 300..319, margin 20: rows 280..339 = pages 6..7 of 50. */
	assert_int_equal(paging_window(300, 20, 20, 717, 50, &first, &last), 1);
	assert_int_equal(first, 6);
	assert_int_equal(last, 7);
	/* No margin, all inside page 7 (rows 300..349). */
	assert_int_equal(paging_window(300, 20, 0, 717, 50, &first, &last), 1);
	assert_int_equal(first, 7);
	assert_int_equal(last, 7);
	/* The margin reaching exactly one row into the page before. */
	assert_int_equal(paging_window(320, 20, 20, 717, 50, &first, &last), 1);
	assert_int_equal(first, 7);
	assert_int_equal(paging_window(320, 20, 21, 717, 50, &first, &last), 1);
	assert_int_equal(first, 6);
	assert_int_equal(last, 8);
	/* Negative margin counts as none. */
	assert_int_equal(paging_window(300, 20, -5, 717, 50, &first, &last), 1);
	assert_int_equal(first, 7);
	assert_int_equal(last, 7);
}

static void test_window_end(void **state)
{
	long first = 0, last = 0;

	(void)state;
	/* Rows 697..716 (the last screen), margin beyond the end clipped. */
	assert_int_equal(paging_window(697, 20, 20, 717, 100, &first, &last),
	                 1);
	assert_int_equal(first, 7);
	assert_int_equal(last, 8);
	/* A huge margin covers the whole set, both ends clipped. */
	assert_int_equal(paging_window(350, 20, INT_MAX, 717, 100, &first,
	                               &last), 1);
	assert_int_equal(first, 1);
	assert_int_equal(last, 8);
	/* top just past the end: the last row's page, not the one after. */
	assert_int_equal(paging_window(10, 1, 0, 10, 1, &first, &last), 1);
	assert_int_equal(first, 10);
	assert_int_equal(last, 10);
	/* top past the end (the set shrank): the last page. */
	assert_int_equal(paging_window(5000, 20, 0, 717, 100, &first, &last),
	                 1);
	assert_int_equal(first, 8);
	assert_int_equal(last, 8);
}

static void test_window_odd_inputs(void **state)
{
	long first = 0, last = 0;

	(void)state;
	/* Height larger than the set. */
	assert_int_equal(paging_window(0, 1000, 0, 30, 10, &first, &last), 1);
	assert_int_equal(first, 1);
	assert_int_equal(last, 3);
	/* Negative top is the start; zero height is one row. */
	assert_int_equal(paging_window(-10, 0, 0, 30, 10, &first, &last), 1);
	assert_int_equal(first, 1);
	assert_int_equal(last, 1);
	/* A huge record_count with a huge height must not overflow. */
	assert_int_equal(paging_window(LONG_MAX - 5, INT_MAX, INT_MAX,
	                               LONG_MAX, 100, &first, &last), 1);
	assert_int_equal(last, paging_page_of_row(LONG_MAX - 1, 100));
	assert_true(first <= last);
	/* A single row. */
	assert_int_equal(paging_window(0, 20, 20, 1, 50, &first, &last), 1);
	assert_int_equal(first, 1);
	assert_int_equal(last, 1);
}

static void test_pages_for_limit(void **state)
{
	(void)state;
	/* limit <= 0: all of the set. */
	assert_int_equal(paging_pages_for_limit(0, 717, 100), 8);
	assert_int_equal(paging_pages_for_limit(-1, 717, 100), 8);
	/* A limit smaller than a page: one page. */
	assert_int_equal(paging_pages_for_limit(7, 717, 100), 1);
	assert_int_equal(paging_pages_for_limit(100, 717, 100), 1);
	assert_int_equal(paging_pages_for_limit(101, 717, 100), 2);
	/* Beyond record_count: only what exists. */
	assert_int_equal(paging_pages_for_limit(5000, 717, 100), 8);
	/* Empty set. */
	assert_int_equal(paging_pages_for_limit(0, 0, 100), 0);
	assert_int_equal(paging_pages_for_limit(10, 0, 100), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_count_edges),
		cmocka_unit_test(test_page_count),
		cmocka_unit_test(test_page_of_row_edges),
		cmocka_unit_test(test_page_of_row),
		cmocka_unit_test(test_first_row_edges),
		cmocka_unit_test(test_first_row),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_request_size),
		cmocka_unit_test(test_window_empty),
		cmocka_unit_test(test_window_start),
		cmocka_unit_test(test_window_middle),
		cmocka_unit_test(test_window_end),
		cmocka_unit_test(test_window_odd_inputs),
		cmocka_unit_test(test_pages_for_limit),
	};

	setlocale(LC_ALL, "");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("paging", tests, NULL, NULL);
}
