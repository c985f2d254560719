/* SPDX-License-Identifier: MIT */
/* The action list and the keymap: key names, defaults, rebinding from the
 * config's keys: section. No terminal is needed. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <curses.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"

static void test_parse_edge_cases(void **state)
{
	(void)state;
	assert_int_equal(keymap_parse_key(NULL), 0);
	assert_int_equal(keymap_parse_key(""), 0);
	assert_int_equal(keymap_parse_key("Nope"), 0);
	assert_int_equal(keymap_parse_key("C-"), 0);
	assert_int_equal(keymap_parse_key("C-ab"), 0);
	assert_int_equal(keymap_parse_key("C-1"), 0);
	assert_int_equal(keymap_parse_key("F0"), 0);
	assert_int_equal(keymap_parse_key("F64"), 0);
	assert_int_equal(keymap_parse_key("F5x"), 0);
	assert_int_equal(keymap_parse_key("\x01"), 0);
	assert_int_equal(keymap_parse_key("\x7f"), 0);
	assert_int_equal(keymap_parse_key("\xff"), 0);
}

static void test_parse_names(void **state)
{
	(void)state;
	assert_int_equal(keymap_parse_key("j"), 'j');
	assert_int_equal(keymap_parse_key("J"), 'J');
	assert_int_equal(keymap_parse_key("?"), '?');
	assert_int_equal(keymap_parse_key("C-f"), 6);
	assert_int_equal(keymap_parse_key("C-F"), 6);
	assert_int_equal(keymap_parse_key("^B"), 2);
	assert_int_equal(keymap_parse_key("Down"), KEYC_FN(KEY_DOWN));
	assert_int_equal(keymap_parse_key("down"), KEYC_FN(KEY_DOWN));
	assert_int_equal(keymap_parse_key("PgDn"), KEYC_FN(KEY_NPAGE));
	assert_int_equal(keymap_parse_key("PageDown"), KEYC_FN(KEY_NPAGE));
	assert_int_equal(keymap_parse_key("PgUp"), KEYC_FN(KEY_PPAGE));
	assert_int_equal(keymap_parse_key("Enter"), KEYC_FN(KEY_ENTER));
	assert_int_equal(keymap_parse_key("C-m"), KEYC_FN(KEY_ENTER));
	assert_int_equal(keymap_parse_key("Esc"), KEYC_ESC);
	assert_int_equal(keymap_parse_key("C-["), KEYC_ESC);
	assert_int_equal(keymap_parse_key("Tab"), KEYC_TAB);
	assert_int_equal(keymap_parse_key("Space"), ' ');
	assert_int_equal(keymap_parse_key("F5"), KEYC_FN(KEY_F(5)));
	assert_int_equal(keymap_parse_key("f12"), KEYC_FN(KEY_F(12)));
	assert_int_equal(keymap_parse_key("Home"), KEYC_FN(KEY_HOME));
	assert_int_equal(keymap_parse_key("\xc3\xa9"), 0xe9);
	/* Function, not the letter: a lone "F" is the letter. */
	assert_int_equal(keymap_parse_key("F"), 'F');
}

static void test_normalize(void **state)
{
	(void)state;
	assert_int_equal(keymap_normalize('\r', 0), KEYC_FN(KEY_ENTER));
	assert_int_equal(keymap_normalize('\n', 0), KEYC_FN(KEY_ENTER));
	assert_int_equal(keymap_normalize(KEY_ENTER, 1), KEYC_FN(KEY_ENTER));
	assert_int_equal(keymap_normalize(127, 0), KEYC_FN(KEY_BACKSPACE));
	assert_int_equal(keymap_normalize(8, 0), KEYC_FN(KEY_BACKSPACE));
	assert_int_equal(keymap_normalize(KEY_DOWN, 1), KEYC_FN(KEY_DOWN));
	assert_int_equal(keymap_normalize('x', 0), 'x');
}

static void check_name(int key, const char *want)
{
	char buf[32];

	keymap_key_name(key, buf, sizeof buf);
	assert_string_equal(buf, want);
	assert_int_equal(keymap_parse_key(buf), key);
}

static void test_names_round_trip(void **state)
{
	(void)state;
	check_name('j', "j");
	check_name(6, "C-f");
	check_name(KEYC_FN(KEY_NPAGE), "PgDn");
	check_name(KEYC_FN(KEY_ENTER), "Enter");
	check_name(KEYC_ESC, "Esc");
	check_name(KEYC_FN(KEY_F(10)), "F10");
	check_name(' ', "Space");
	check_name(0x4e2d, "\xe4\xb8\xad");
	keymap_key_name('x', NULL, 0);  /* no crash */
}

/* Alt-keys: "M-" before any key name, a key of its own (never Esc). */
static void test_meta_names(void **state)
{
	struct settings_key keys[] = { { "refresh", "M-r", 2, 12 },
	                               { "submit", "M-Enter", 3, 11 } };
	struct settings s;
	struct keymap km;
	struct errbuf err = { "" };

	(void)state;
	assert_int_equal(keymap_parse_key("M-x"), KEYC_META('x'));
	assert_int_equal(keymap_parse_key("m-x"), KEYC_META('x'));
	assert_int_equal(keymap_parse_key("M-X"), KEYC_META('X'));
	assert_int_not_equal(keymap_parse_key("M-x"), keymap_parse_key("M-X"));
	assert_int_equal(keymap_parse_key("M-Enter"), KEYC_META(KEYC_FN(KEY_ENTER)));
	assert_int_equal(keymap_parse_key("M-enter"), KEYC_META(KEYC_FN(KEY_ENTER)));
	assert_int_equal(keymap_parse_key("M-C-f"), KEYC_META(6));
	assert_int_equal(keymap_parse_key("M-Down"), KEYC_META(KEYC_FN(KEY_DOWN)));
	assert_int_equal(keymap_parse_key("M-F5"), KEYC_META(KEYC_FN(KEY_F(5))));
	assert_int_equal(keymap_parse_key("M-\xc3\xa9"), KEYC_META(0xe9));
	assert_int_equal(keymap_parse_key("M-["), KEYC_META('['));
	/* Not names. */
	assert_int_equal(keymap_parse_key("M-"), 0);
	assert_int_equal(keymap_parse_key("M-M-x"), 0);
	assert_int_equal(keymap_parse_key("M-Nope"), 0);
	assert_int_equal(keymap_parse_key("M-\x01"), 0);
	/* An Alt-key is none of Esc, the key, or another key. */
	assert_int_not_equal(KEYC_META('j'), KEYC_ESC);
	assert_int_not_equal(KEYC_META('j'), 'j');
	assert_true(KEYC_IS_META(KEYC_META(KEYC_FN(KEY_ENTER))));
	assert_false(KEYC_IS_META(KEYC_FN(KEY_MAX)));
	/* Names print back as they parse. */
	check_name(KEYC_META('x'), "M-x");
	check_name(KEYC_META('X'), "M-X");
	check_name(KEYC_META(KEYC_FN(KEY_ENTER)), "M-Enter");
	check_name(KEYC_META(6), "M-C-f");
	check_name(KEYC_META(KEYC_ESC), "M-Esc");
	check_name(KEYC_META(KEYC_FN(KEY_F(5))), "M-F5");
	check_name(KEYC_META(0x4e2d), "M-\xe4\xb8\xad");
	/* And bind from the config; the plain key stays as it was. */
	memset(&s, 0, sizeof s);
	s.keys = keys;
	s.nkeys = 2;
	assert_int_equal(keymap_init(&km), 0);
	assert_int_equal(keymap_apply_settings(&km, &s, &err), HALO_OK);
	assert_int_equal(keymap_lookup(&km, KEYC_META('r')), ACT_REFRESH);
	assert_int_equal(keymap_lookup(&km, KEYC_META(KEYC_FN(KEY_ENTER))), ACT_SUBMIT);
	assert_int_equal(keymap_lookup(&km, 'r'), ACT_NONE);  /* refresh's own keys replaced */
	assert_int_equal(keymap_lookup(&km, KEYC_FN(KEY_ENTER)), ACT_OPEN);
	assert_int_equal(keymap_lookup(&km, KEYC_ESC), ACT_CLOSE);
	{
		char buf[64];
		keymap_keys_of(&km, ACT_SUBMIT, buf, sizeof buf);
		assert_string_equal(buf, "M-Enter");
	}
	keymap_done(&km);
}

static void test_actions(void **state)
{
	(void)state;
	assert_string_equal(action_name(ACT_NONE), "");
	assert_string_equal(action_name(ACT__COUNT), "");
	assert_string_equal(action_name((enum action)-1), "");
	assert_int_equal(action_find(NULL), ACT_NONE);
	assert_int_equal(action_find(""), ACT_NONE);
	assert_int_equal(action_find("no-such"), ACT_NONE);
	assert_int_equal(action_find("move-down"), ACT_MOVE_DOWN);
	assert_int_equal(action_find("QUIT"), ACT_QUIT);
	/* Every action has a unique name, help text, and default keys that
	 * all parse. */
	for (int a = ACT_NONE + 1; a < ACT__COUNT; a++) {
		assert_true(strlen(action_name(a)) > 0);
		assert_true(strlen(action_help(a)) > 0);
		assert_int_equal(action_find(action_name(a)), a);
		char keys[128];
		snprintf(keys, sizeof keys, "%s", action_default_keys(a));
		for (char *t = strtok(keys, " "); t; t = strtok(NULL, " "))
			assert_int_not_equal(keymap_parse_key(t), 0);
	}
}

static void test_defaults(void **state)
{
	struct keymap km;
	char buf[128];

	(void)state;
	assert_int_equal(keymap_init(&km), 0);
	assert_int_equal(keymap_lookup(&km, 'j'), ACT_MOVE_DOWN);
	assert_int_equal(keymap_lookup(&km, KEYC_FN(KEY_DOWN)), ACT_MOVE_DOWN);
	assert_int_equal(keymap_lookup(&km, 'k'), ACT_MOVE_UP);
	assert_int_equal(keymap_lookup(&km, 6), ACT_PAGE_DOWN);
	assert_int_equal(keymap_lookup(&km, 2), ACT_PAGE_UP);
	assert_int_equal(keymap_lookup(&km, 'g'), ACT_FIRST);
	assert_int_equal(keymap_lookup(&km, 'G'), ACT_LAST);
	assert_int_equal(keymap_lookup(&km, KEYC_FN(KEY_END)), ACT_LAST);
	assert_int_equal(keymap_lookup(&km, KEYC_FN(KEY_ENTER)), ACT_OPEN);
	assert_int_equal(keymap_lookup(&km, KEYC_TAB), ACT_FOCUS_NEXT);
	assert_int_equal(keymap_lookup(&km, 'q'), ACT_CLOSE);
	assert_int_equal(keymap_lookup(&km, KEYC_ESC), ACT_CLOSE);
	assert_int_equal(keymap_lookup(&km, '/'), ACT_SEARCH);
	assert_int_equal(keymap_lookup(&km, 'f'), ACT_FILTER);
	assert_int_equal(keymap_lookup(&km, 's'), ACT_SORT);
	assert_int_equal(keymap_lookup(&km, 'r'), ACT_REFRESH);
	assert_int_equal(keymap_lookup(&km, 'e'), ACT_EDIT);
	assert_int_equal(keymap_lookup(&km, 'E'), ACT_EDIT_EXTERNAL);
	assert_int_equal(keymap_lookup(&km, 'n'), ACT_NOTE);
	assert_int_equal(keymap_lookup(&km, 'c'), ACT_CREATE);
	assert_int_equal(keymap_lookup(&km, 'S'), ACT_SET_STATUS);
	assert_int_equal(keymap_lookup(&km, 'a'), ACT_ASSIGN_ME);
	assert_int_equal(keymap_lookup(&km, 'P'), ACT_SET_PRIORITY);
	assert_int_equal(keymap_lookup(&km, '1'), ACT_VIEW_TICKETS);
	assert_int_equal(keymap_lookup(&km, '6'), ACT_VIEW_CONTRACTS);
	assert_int_equal(keymap_lookup(&km, '7'), ACT_VIEW_SAVED);
	assert_int_equal(keymap_lookup(&km, ':'), ACT_COMMAND);
	assert_int_equal(keymap_lookup(&km, '?'), ACT_HELP);
	assert_int_equal(keymap_lookup(&km, 'z'), ACT_NONE);
	keymap_keys_of(&km, ACT_MOVE_DOWN, buf, sizeof buf);
	assert_string_equal(buf, "j, Down, C-n");
	keymap_keys_of(&km, ACT_MOVE_DOWN, buf, 4);  /* truncated, terminated */
	assert_true(strlen(buf) < 4);
	keymap_done(&km);
	keymap_done(&km);  /* twice is harmless */
}

static void test_settings_rebind(void **state)
{
	struct settings_key keys[] = {
		{ "move-down", "J", 3, 14 },
		{ "move-down", "Down", 3, 17 },
		{ "quit", "j", 4, 9 },
		{ "help", "none", 5, 9 },
	};
	struct settings s;
	struct keymap km;
	struct errbuf err = { "" };

	(void)state;
	memset(&s, 0, sizeof s);
	s.path = "/home/a/.config/halotui/config.yaml";
	s.keys = keys;
	s.nkeys = 4;
	assert_int_equal(keymap_init(&km), 0);
	assert_int_equal(keymap_apply_settings(&km, &s, &err), HALO_OK);
	assert_int_equal(keymap_lookup(&km, 'J'), ACT_MOVE_DOWN);
	assert_int_equal(keymap_lookup(&km, KEYC_FN(KEY_DOWN)), ACT_MOVE_DOWN);
	assert_int_equal(keymap_lookup(&km, 14), ACT_NONE);  /* C-n dropped */
	assert_int_equal(keymap_lookup(&km, 'j'), ACT_QUIT);
	assert_int_equal(keymap_lookup(&km, 'Q'), ACT_NONE);
	assert_int_equal(keymap_lookup(&km, '?'), ACT_NONE);
	assert_int_equal(keymap_lookup(&km, 'k'), ACT_MOVE_UP);  /* untouched */
	keymap_done(&km);
}

static void test_settings_errors(void **state)
{
	struct settings_key bad_action[] = { { "fly-away", "x", 7, 3 } };
	struct settings_key bad_key[] = { { "quit", "Hyper-x", 8, 9 } };
	struct settings_key null_action[] = { { NULL, "x", 1, 1 } };
	struct settings s;
	struct keymap km;
	struct errbuf err = { "" };

	(void)state;
	memset(&s, 0, sizeof s);
	s.path = "cfg.yaml";
	assert_int_equal(keymap_init(&km), 0);
	s.keys = bad_action;
	s.nkeys = 1;
	assert_int_equal(keymap_apply_settings(&km, &s, &err), HALO_ECONFIG);
	assert_non_null(strstr(err.msg, "cfg.yaml:7:3:"));
	assert_non_null(strstr(err.msg, "fly-away"));
	s.keys = bad_key;
	assert_int_equal(keymap_apply_settings(&km, &s, &err), HALO_ECONFIG);
	assert_non_null(strstr(err.msg, "cfg.yaml:8:9:"));
	assert_non_null(strstr(err.msg, "Hyper-x"));
	s.keys = null_action;
	s.path = NULL;
	assert_int_equal(keymap_apply_settings(&km, &s, &err), HALO_ECONFIG);
	assert_non_null(strstr(err.msg, ":1:1:"));
	s.nkeys = 0;
	assert_int_equal(keymap_apply_settings(&km, &s, &err), HALO_OK);
	keymap_done(&km);
}

static void test_bind_many(void **state)
{
	struct keymap km;

	(void)state;
	assert_int_equal(keymap_init(&km), 0);
	for (int k = 0x4e00; k < 0x4e00 + 500; k++)
		assert_int_equal(keymap_bind(&km, k, ACT_HELP), 0);
	assert_int_equal(keymap_lookup(&km, 0x4e00 + 499), ACT_HELP);
	assert_int_equal(keymap_lookup(&km, 'j'), ACT_MOVE_DOWN);
	keymap_unbind_action(&km, ACT_HELP);
	assert_int_equal(keymap_lookup(&km, 0x4e00), ACT_NONE);
	assert_int_equal(keymap_lookup(&km, '?'), ACT_NONE);
	keymap_done(&km);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_edge_cases),
		cmocka_unit_test(test_parse_names),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_names_round_trip),
		cmocka_unit_test(test_meta_names),
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_settings_rebind),
		cmocka_unit_test(test_settings_errors),
		cmocka_unit_test(test_bind_many),
	};

	setlocale(LC_ALL, "");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("ui keymap", tests, NULL, NULL);
}
