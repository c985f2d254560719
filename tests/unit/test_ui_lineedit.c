/* SPDX-License-Identifier: MIT */
/* The line editor: it holds what is typed, pasted or given whole (no
 * fixed size below HALO_TEXT_MAX), edits by whole characters, and keeps
 * the real bytes. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "keymap.h"
#include "lineedit.h"

static void test_empty(void **state)
{
	struct lineedit le;
	int keys[] = { KEYC_FN(KEY_BACKSPACE), KEYC_FN(KEY_DC), KEYC_CTRL('k'),
	               KEYC_CTRL('w'), KEYC_CTRL('u'), KEYC_FN(KEY_LEFT),
	               KEYC_FN(KEY_RIGHT), KEYC_FN(KEY_HOME), KEYC_FN(KEY_END) };

	(void)state;
	memset(&le, 0, sizeof le);        /* a zeroed line is an empty one */
	assert_string_equal(lineedit_text(&le), "");
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		assert_int_equal(lineedit_key(&le, keys[i]), LINEEDIT_DONE);
	assert_string_equal(lineedit_text(&le), "");
	assert_int_equal(lineedit_key(&le, KEYC_FN(KEY_F(5))), LINEEDIT_NOT_MINE);
	assert_int_equal(lineedit_key(&le, KEYC_META('x')), LINEEDIT_NOT_MINE);
	assert_int_equal(lineedit_key(&le, KEYC_ESC), LINEEDIT_NOT_MINE);
	assert_int_equal(lineedit_set(&le, NULL), LINEEDIT_DONE);
	assert_int_equal(lineedit_insert(&le, "", 0), LINEEDIT_DONE);
	assert_string_equal(lineedit_text(&le), "");
	lineedit_done(&le);
	lineedit_done(&le);               /* twice is harmless */
}

/* 10,000 bytes typed one key at a time, all kept. */
static void test_typed_10000_bytes(void **state)
{
	struct lineedit le = { 0 };

	(void)state;
	for (int i = 0; i < 10000; i++)
		assert_int_equal(lineedit_key(&le, 'a' + i % 26), LINEEDIT_DONE);
	assert_int_equal(le.len, 10000);
	assert_int_equal(strlen(lineedit_text(&le)), 10000);
	assert_int_equal(lineedit_text(&le)[9999], 'a' + 9999 % 26);
	/* Edits at the front move the whole of it. */
	assert_int_equal(lineedit_key(&le, KEYC_FN(KEY_HOME)), LINEEDIT_DONE);
	assert_int_equal(lineedit_key(&le, '>'), LINEEDIT_DONE);
	assert_int_equal(le.len, 10001);
	assert_int_equal(lineedit_text(&le)[0], '>');
	assert_int_equal(lineedit_text(&le)[10000], 'a' + 9999 % 26);
	lineedit_done(&le);
}

/* Multi-byte characters: 10,000 bytes of them; cursor moves and
 * deletes by whole characters, never half of one. */
static void test_multibyte(void **state)
{
	struct lineedit le = { 0 };
	const char *t;

	(void)state;
	for (int i = 0; i < 5000; i++)
		lineedit_key(&le, 0xe9);                 /* é, 2 bytes */
	assert_int_equal(le.len, 10000);
	t = lineedit_text(&le);
	for (size_t i = 0; i < 10000; i += 2)
		assert_memory_equal(t + i, "\xc3\xa9", 2);
	lineedit_key(&le, KEYC_FN(KEY_BACKSPACE));
	assert_int_equal(le.len, 9998);
	lineedit_key(&le, KEYC_FN(KEY_LEFT));
	assert_int_equal(le.cur, 9996);
	lineedit_key(&le, 0x6771);                   /* 東, 3 bytes */
	lineedit_key(&le, 0x1f680);                  /* 🚀, 4 bytes */
	assert_int_equal(le.len, 10005);
	assert_int_equal(le.cur, 10003);
	assert_memory_equal(lineedit_text(&le) + 9996,
	                    "\xe6\x9d\xb1\xf0\x9f\x9a\x80\xc3\xa9", 9);
	lineedit_key(&le, KEYC_FN(KEY_BACKSPACE));   /* the rocket, whole */
	assert_int_equal(le.len, 10001);
	lineedit_key(&le, KEYC_FN(KEY_DC));          /* é after the cursor */
	assert_int_equal(le.len, 9999);
	assert_memory_equal(lineedit_text(&le) + 9996, "\xe6\x9d\xb1", 4);
	lineedit_key(&le, KEYC_FN(KEY_HOME));
	lineedit_key(&le, KEYC_FN(KEY_RIGHT));
	assert_int_equal(le.cur, 2);
	lineedit_key(&le, KEYC_CTRL('k'));
	assert_string_equal(lineedit_text(&le), "\xc3\xa9");
	lineedit_key(&le, KEYC_FN(KEY_END));
	lineedit_key(&le, ' ');
	lineedit_key(&le, 'w');
	lineedit_key(&le, KEYC_CTRL('w'));
	assert_string_equal(lineedit_text(&le), "\xc3\xa9 ");
	lineedit_key(&le, KEYC_CTRL('u'));
	assert_string_equal(lineedit_text(&le), "");
	lineedit_done(&le);
}

/* A value given whole (the server's) is held whole, with its real bytes,
 * and more can be added to it. */
static void test_set_whole_and_real(void **state)
{
	struct lineedit le = { 0 };
	char *big = malloc(10001);

	(void)state;
	assert_non_null(big);
	memset(big, 'z', 10000);
	big[10000] = '\0';
	assert_int_equal(lineedit_set(&le, big), LINEEDIT_DONE);
	assert_int_equal(le.cur, 10000);
	lineedit_key(&le, 'x');
	assert_int_equal(le.len, 10001);
	assert_int_equal(strncmp(lineedit_text(&le), big, 10000), 0);
	assert_string_equal(lineedit_text(&le) + 10000, "x");
	/* Tabs, controls and bidi marks stay as they are. */
	assert_int_equal(lineedit_set(&le, "\xe2\x80\xae" "a\tb\x1b[31m"), LINEEDIT_DONE);
	lineedit_key(&le, 'x');
	assert_string_equal(lineedit_text(&le), "\xe2\x80\xae" "a\tb\x1b[31mx");
	/* Shorter again: the old text is gone. */
	assert_int_equal(lineedit_set(&le, "ok"), LINEEDIT_DONE);
	assert_string_equal(lineedit_text(&le), "ok");
	assert_int_equal(le.len, 2);
	lineedit_done(&le);
	free(big);
}

/* The limit: up to HALO_TEXT_MAX is taken, past it refused whole, with
 * the line left as it was. */
static void test_limit(void **state)
{
	struct lineedit le = { 0 };
	char *big = malloc(HALO_TEXT_MAX + 2);

	(void)state;
	assert_non_null(big);
	memset(big, 'q', HALO_TEXT_MAX + 1);
	big[HALO_TEXT_MAX + 1] = '\0';
	assert_int_equal(lineedit_set(&le, "keep"), LINEEDIT_DONE);
	assert_int_equal(lineedit_set(&le, big), LINEEDIT_TOO_LONG);
	assert_string_equal(lineedit_text(&le), "keep");
	big[HALO_TEXT_MAX - 4] = '\0';
	assert_int_equal(lineedit_insert(&le, big, strlen(big)), LINEEDIT_DONE);
	assert_int_equal(le.len, HALO_TEXT_MAX);
	assert_int_equal(lineedit_key(&le, 'x'), LINEEDIT_TOO_LONG);
	assert_int_equal(lineedit_insert(&le, "x", 1), LINEEDIT_TOO_LONG);
	assert_int_equal(le.len, HALO_TEXT_MAX);
	assert_int_equal(lineedit_key(&le, KEYC_FN(KEY_BACKSPACE)), LINEEDIT_DONE);
	assert_int_equal(lineedit_key(&le, 0xe9), LINEEDIT_TOO_LONG);  /* 2 bytes */
	assert_int_equal(lineedit_key(&le, 'x'), LINEEDIT_DONE);
	assert_int_equal(le.len, HALO_TEXT_MAX);
	lineedit_done(&le);
	free(big);
}

/* Pastes into a field of one line. */
static void test_paste_line(void **state)
{
	struct lineedit le = { 0 };
	size_t lines = 99, keep = 0;

	(void)state;
	assert_int_equal(lineedit_count_lines("", 0, &keep), 0);
	assert_int_equal(lineedit_count_lines("\n\n", 2, &keep), 0);
	assert_int_equal(keep, 0);
	assert_int_equal(lineedit_count_lines("a", 1, NULL), 1);
	assert_int_equal(lineedit_count_lines("a\n", 2, &keep), 1);
	assert_int_equal(keep, 1);
	assert_int_equal(lineedit_count_lines("a\n\nb\n", 5, &keep), 3);
	assert_int_equal(keep, 4);
	lineedit_set(&le, "ab");
	lineedit_key(&le, KEYC_FN(KEY_LEFT));
	assert_int_equal(lineedit_paste_line(&le, "M\xc3\xbcller\n", 8, &lines),
	                 LINEEDIT_DONE);
	assert_int_equal(lines, 1);
	assert_string_equal(lineedit_text(&le), "aM\xc3\xbcllerb");
	assert_int_equal(lineedit_paste_line(&le, "one\ntwo\n", 8, &lines),
	                 LINEEDIT_LINES);
	assert_int_equal(lines, 2);
	assert_string_equal(lineedit_text(&le), "aM\xc3\xbcllerb");
	lineedit_done(&le);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_typed_10000_bytes),
		cmocka_unit_test(test_multibyte),
		cmocka_unit_test(test_set_whole_and_real),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_paste_line),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("ui lineedit", tests, NULL, NULL);
}
