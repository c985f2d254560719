/* SPDX-License-Identifier: MIT */
/* Layout and list rows as strings: pane rectangles for terminal sizes,
 * and the placeholder of a row still loading. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "listfmt.h"
#include "text.h"

static void test_layout_degenerate(void **state)
{
	struct layout l;

	(void)state;
	layout_compute(0, 0, false, false, &l);
	assert_int_equal(l.list.h, 0);
	assert_int_equal(l.status.h, 0);
	assert_int_equal(layout_list_rows(&l), 0);
	layout_compute(-5, 10, true, true, &l);
	assert_int_equal(l.detail.w, 0);
	layout_compute(80, 2, true, false, &l);
	assert_int_equal(l.status.y, 1);
	assert_int_equal(l.list.h, 0);
	assert_int_equal(l.detail.h, 0);
	layout_compute(10, 3, false, false, &l);
	assert_int_equal(l.list.h, 1);
	assert_int_equal(layout_list_rows(&l), 0);
	assert_true(l.overlay.w <= 10 && l.overlay.x >= 0);
}

static void test_layout_80x24(void **state)
{
	struct layout l;

	(void)state;
	layout_compute(80, 24, false, false, &l);
	assert_int_equal(l.title.y, 0);
	assert_int_equal(l.title.w, 80);
	assert_int_equal(l.list.y, 1);
	assert_int_equal(l.list.h, 22);
	assert_int_equal(l.list.w, 80);
	assert_int_equal(layout_list_rows(&l), 21);
	assert_int_equal(l.status.y, 23);
	assert_int_equal(l.detail.h, 0);
	assert_false(l.split);
	/* Narrow: the detail replaces the list. */
	layout_compute(80, 24, true, false, &l);
	assert_false(l.split);
	assert_int_equal(l.list.w, 0);
	assert_int_equal(l.detail.y, 1);
	assert_int_equal(l.detail.h, 22);
	assert_int_equal(l.detail.w, 80);
	/* The edit form opens over the detail. */
	layout_compute(80, 24, true, true, &l);
	assert_int_equal(l.edit.w, 80);
	assert_int_equal(l.edit.h, 22);
	assert_true(l.overlay.w <= 76);
	assert_true(l.overlay.y >= 1 && l.overlay.y + l.overlay.h <= 23);
	layout_compute(139, 40, true, false, &l);
	assert_false(l.split);
}

static void test_layout_wide(void **state)
{
	struct layout l;

	(void)state;
	layout_compute(140, 40, false, false, &l);
	assert_false(l.split);
	assert_int_equal(l.list.w, 140);
	layout_compute(140, 40, true, false, &l);
	assert_true(l.split);
	assert_int_equal(l.list.x, 0);
	assert_int_equal(l.list.w, 60);
	assert_int_equal(l.detail.x, 61);
	assert_int_equal(l.detail.w, 79);
	assert_int_equal(l.list.h, 38);
	assert_int_equal(l.detail.h, 38);
	layout_compute(200, 50, true, true, &l);
	assert_true(l.split);
	assert_int_equal(l.list.w, 80);
	assert_int_equal(l.edit.x, 81);
	assert_int_equal(l.edit.w, 119);
	assert_int_equal(l.overlay.w, 100);
	assert_true(rect_contains(&l.list, 1, 0));
	assert_false(rect_contains(&l.list, 1, 80));
	assert_true(rect_contains(&l.edit, 48, 199));
	assert_false(rect_contains(&l.edit, 49, 199));  /* the status line */
}

/* The rows themselves are the engine's (test_columns); the pane adds
 * the line of a row still loading, and draws what columns_record gives. */
static void test_listfmt_placeholder(void **state)
{
	const struct resource *t = resource_find("tickets");
	struct listfmt lf;
	char *s;

	(void)state;
	listfmt_init(&lf, t, 0);
	assert_int_equal(lf.cols.shown, 0);
	s = listfmt_placeholder(&lf, false);
	assert_string_equal(s, "");
	free(s);
	listfmt_init(&lf, t, 30);
	s = listfmt_placeholder(&lf, false);
	assert_int_equal(text_width(s), 30);
	assert_non_null(strstr(s, "loading"));
	free(s);
	s = listfmt_placeholder(&lf, true);
	assert_non_null(strstr(s, "not loaded"));
	free(s);
	s = listfmt_header(&lf, "id", false);
	assert_int_equal(text_width(s), 30);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_degenerate),
		cmocka_unit_test(test_layout_80x24),
		cmocka_unit_test(test_layout_wide),
		cmocka_unit_test(test_listfmt_placeholder),
	};

	setlocale(LC_ALL, "");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("ui layout", tests, NULL, NULL);
}
