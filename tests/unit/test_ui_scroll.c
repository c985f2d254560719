/* SPDX-License-Identifier: MIT */
/* The one routine that moves every pane (ui/core/scroll.c), and hints
 * made from the keymap: a cursor over a list whose size may be unknown,
 * text that scrolls without a cursor, pages, ends, and rebound keys. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "scroll.h"
#include "ui.h"

static struct scroller cursor_over(long count, int rows)
{
	struct scroller s = { .has_cursor = true };

	scroller_fit(&s, rows, count);
	return s;
}

static void test_cursor_moves_and_stays_in_the_window(void **state)
{
	struct scroller s = cursor_over(100, 10);

	(void)state;
	assert_true(scroller_apply(&s, ACT_MOVE_DOWN));
	assert_int_equal(s.cursor, 1);
	assert_int_equal(s.top, 0);
	assert_int_equal(s.dir, 1);
	for (int i = 0; i < 9; i++)
		scroller_apply(&s, ACT_MOVE_DOWN);
	/* Row 10 is below a window of 10 rows: the window follows. */
	assert_int_equal(s.cursor, 10);
	assert_int_equal(s.top, 1);
	assert_true(scroller_apply(&s, ACT_MOVE_UP));
	assert_int_equal(s.cursor, 9);
	assert_int_equal(s.dir, -1);
	s.cursor = 0;
	scroller_clamp(&s);
	assert_int_equal(s.top, 0);
	assert_true(scroller_apply(&s, ACT_MOVE_UP));
	assert_int_equal(s.cursor, 0);
}

static void test_pages_and_ends(void **state)
{
	struct scroller s = cursor_over(100, 10);

	(void)state;
	scroller_apply(&s, ACT_PAGE_DOWN);
	assert_int_equal(s.cursor, 10);
	assert_int_equal(s.top, 10);
	scroller_apply(&s, ACT_PAGE_UP);
	assert_int_equal(s.cursor, 0);
	assert_int_equal(s.top, 0);
	scroller_apply(&s, ACT_LAST);
	assert_int_equal(s.cursor, 99);
	assert_int_equal(s.top, 90);
	assert_int_equal(s.dir, 0);
	scroller_apply(&s, ACT_PAGE_DOWN);
	assert_int_equal(s.cursor, 99);
	scroller_apply(&s, ACT_FIRST);
	assert_int_equal(s.cursor, 0);
	assert_int_equal(s.top, 0);
}

static void test_last_before_the_count_is_known(void **state)
{
	struct scroller s = cursor_over(-1, 10);

	(void)state;
	/* A list still loading: G is remembered, nothing moves. */
	assert_true(scroller_apply(&s, ACT_LAST));
	assert_true(s.want_last);
	assert_int_equal(s.cursor, 0);
	scroller_apply(&s, ACT_MOVE_DOWN);
	assert_int_equal(s.cursor, 0);
	/* g forgets it. */
	scroller_apply(&s, ACT_FIRST);
	assert_false(s.want_last);
}

static void test_text_scrolls_without_a_cursor(void **state)
{
	struct scroller s = { 0 };

	(void)state;
	scroller_fit(&s, 10, 25);
	scroller_apply(&s, ACT_MOVE_DOWN);
	assert_int_equal(s.top, 1);
	/* A page keeps one line of the last screen. */
	scroller_apply(&s, ACT_PAGE_DOWN);
	assert_int_equal(s.top, 10);
	scroller_apply(&s, ACT_PAGE_DOWN);
	assert_int_equal(s.top, 15);   /* the end: the last 10 lines */
	scroller_apply(&s, ACT_FIRST);
	assert_int_equal(s.top, 0);
	scroller_apply(&s, ACT_LAST);
	assert_int_equal(s.top, 15);
	/* Shorter than the window: nothing to scroll. */
	scroller_fit(&s, 10, 4);
	assert_int_equal(s.top, 0);
	scroller_apply(&s, ACT_MOVE_DOWN);
	assert_int_equal(s.top, 0);
}

static void test_other_actions_are_not_movement(void **state)
{
	struct scroller s = cursor_over(10, 5), before;

	(void)state;
	before = s;
	assert_false(scroller_apply(&s, ACT_OPEN));
	assert_false(scroller_apply(&s, ACT_HELP));
	assert_false(scroller_apply(&s, ACT_NONE));
	assert_memory_equal(&s, &before, sizeof s);
}

static void test_empty_and_shrinking(void **state)
{
	struct scroller s = cursor_over(0, 10);

	(void)state;
	scroller_apply(&s, ACT_LAST);
	assert_int_equal(s.cursor, 0);
	s = cursor_over(50, 10);
	scroller_apply(&s, ACT_LAST);
	/* The list shrank under the cursor (a new filter). */
	scroller_fit(&s, 10, 3);
	assert_int_equal(s.cursor, 2);
	assert_int_equal(s.top, 0);
	/* A zero-height window counts as one row. */
	scroller_fit(&s, 0, 3);
	assert_int_equal(s.rows, 1);
	assert_int_equal(s.top, 2);
}

static void test_hints_follow_the_keymap(void **state)
{
	static const struct key_hint hints[] = {
		{ ACT_SUBMIT, 0, "send" }, { ACT_NONE, KEYC_ESC, "leave" },
		{ ACT_HELP, 0, ":help" },
	};
	struct ui ui;
	char buf[128];

	(void)state;
	memset(&ui, 0, sizeof ui);
	assert_int_equal(keymap_init(&ui.keys), 0);
	ui_hint(&ui, hints, 3, "  ", buf, sizeof buf);
	assert_string_equal(buf, "C-s send  Esc leave  ?:help");
	/* Rebound: the hint shows the new key; unbound: no hint. */
	keymap_unbind_action(&ui.keys, ACT_SUBMIT);
	assert_int_equal(keymap_bind(&ui.keys, keymap_parse_key("F2"), ACT_SUBMIT), 0);
	keymap_unbind_action(&ui.keys, ACT_HELP);
	ui_hint(&ui, hints, 3, " \xc2\xb7 ", buf, sizeof buf);
	assert_string_equal(buf, "F2 send \xc2\xb7 Esc leave");
	/* A small buffer is cut, never overrun. */
	ui_hint(&ui, hints, 3, "  ", buf, 6);
	assert_int_equal(strlen(buf), 5);
	keymap_done(&ui.keys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cursor_moves_and_stays_in_the_window),
		cmocka_unit_test(test_pages_and_ends),
		cmocka_unit_test(test_last_before_the_count_is_known),
		cmocka_unit_test(test_text_scrolls_without_a_cursor),
		cmocka_unit_test(test_other_actions_are_not_movement),
		cmocka_unit_test(test_empty_and_shrinking),
		cmocka_unit_test(test_hints_follow_the_keymap),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("scroll", tests, NULL, NULL);
}
