/* SPDX-License-Identifier: MIT */
/* Themes: parsing (errors name file:line:col), the bundled files, and
 * resolving for 256-colour, 8-colour and NO_COLOR terminals. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "theme.h"

static enum halo_status parse(struct theme *t, const char *text,
                              struct errbuf *err)
{
	return theme_parse(t, text, strlen(text), "t.yaml", err);
}

static void test_edge_cases(void **state)
{
	struct theme t;
	struct errbuf err = { "" };

	(void)state;
	assert_int_equal(theme_parse(&t, NULL, 0, "t.yaml", &err), HALO_ECONFIG);
	assert_int_equal(parse(&t, "", &err), HALO_ECONFIG);
	assert_non_null(strstr(err.msg, "t.yaml"));
	assert_int_equal(parse(&t, "- a\n- b\n", &err), HALO_ECONFIG);
	assert_non_null(strstr(err.msg, "t.yaml:1:1:"));
	assert_int_equal(parse(&t, "name: [unclosed\n", &err), HALO_ECONFIG);
	assert_non_null(strstr(err.msg, "t.yaml:"));
	assert_int_equal(theme_parse(&t, "name: x", 7, NULL, &err), HALO_OK);
	assert_string_equal(t.name, "x");
	assert_string_equal(theme_role_name(ROLE__COUNT), "");
	assert_string_equal(theme_role_name(ROLE_LIST_SELECTED), "list.selected");
}

static void test_errors_name_position(void **state)
{
	struct theme t;
	struct errbuf err = { "" };

	(void)state;
	assert_int_equal(parse(&t, "name: x\ncolours: {}\n", &err), HALO_ECONFIG);
	assert_non_null(strstr(err.msg, "t.yaml:2:1:"));
	assert_non_null(strstr(err.msg, "colours"));
	assert_int_equal(parse(&t, "colors8:\n  list.selceted: {fg: red}\n", &err),
	                 HALO_ECONFIG);
	assert_non_null(strstr(err.msg, "t.yaml:2:3: unknown role"));
	assert_int_equal(parse(&t, "colors8:\n  header: {fg: purple}\n", &err),
	                 HALO_ECONFIG);
	assert_non_null(strstr(err.msg, "t.yaml:2:16: unknown colour"));
	assert_int_equal(parse(&t, "colors8:\n  header: {fg: 256}\n", &err),
	                 HALO_ECONFIG);
	assert_int_equal(parse(&t, "colors8:\n  header: {fg: -1}\n", &err),
	                 HALO_ECONFIG);
	assert_int_equal(parse(&t, "colors8:\n  header: {attrs: [bold, blink]}\n",
	                       &err), HALO_ECONFIG);
	assert_non_null(strstr(err.msg, "blink"));
	assert_non_null(strstr(err.msg, "t.yaml:2:26:"));
	assert_int_equal(parse(&t, "colors8:\n  header: bold\n", &err),
	                 HALO_ECONFIG);
	assert_int_equal(parse(&t, "colors8:\n  header: {size: 3}\n", &err),
	                 HALO_ECONFIG);
	assert_int_equal(parse(&t, "colors8: [1]\n", &err), HALO_ECONFIG);
	assert_int_equal(parse(&t, "colors8:\n  header: {attrs: {a: b}}\n", &err),
	                 HALO_ECONFIG);
	/* A failed parse leaves the built-in theme. */
	assert_string_equal(t.name, "built-in");
	assert_false(t.c8[ROLE_HEADER].set);
}

static void test_parse_values(void **state)
{
	struct theme t;
	struct errbuf err = { "" };
	const char *doc =
		"name: test\n"
		"description: anything\n"
		"colors256:\n"
		"  list.selected: {fg: 231, bg: 24, attrs: [bold, underline]}\n"
		"colors8:\n"
		"  list.selected: {fg: white, bg: blue, attrs: reverse}\n"
		"  error: {fg: bright-red}\n"
		"  header: {attrs: none}\n";

	(void)state;
	assert_int_equal(parse(&t, doc, &err), HALO_OK);
	assert_string_equal(t.name, "test");
	assert_true(t.c256[ROLE_LIST_SELECTED].set);
	assert_int_equal(t.c256[ROLE_LIST_SELECTED].fg, 231);
	assert_int_equal(t.c256[ROLE_LIST_SELECTED].bg, 24);
	assert_int_equal(t.c256[ROLE_LIST_SELECTED].attrs,
	                 THEME_BOLD | THEME_UNDERLINE);
	assert_int_equal(t.c8[ROLE_LIST_SELECTED].fg, 7);
	assert_int_equal(t.c8[ROLE_LIST_SELECTED].bg, 4);
	assert_int_equal(t.c8[ROLE_LIST_SELECTED].attrs, THEME_REVERSE);
	assert_int_equal(t.c8[ROLE_ERROR].fg, 9);
	assert_int_equal(t.c8[ROLE_ERROR].bg, THEME_COLOR_DEFAULT);
	assert_true(t.c8[ROLE_HEADER].set);
	assert_int_equal(t.c8[ROLE_HEADER].attrs, 0);
	assert_false(t.c8[ROLE_TITLE].set);
}

static void test_resolve(void **state)
{
	struct theme t;
	struct theme_style out[ROLE__COUNT];
	struct errbuf err = { "" };
	const char *doc =
		"colors256:\n"
		"  list.selected: {fg: 231, bg: 24, attrs: bold}\n"
		"colors8:\n"
		"  list.selected: {fg: white, bg: blue}\n"
		"  error: {fg: bright-red}\n";

	(void)state;
	assert_int_equal(parse(&t, doc, &err), HALO_OK);
	theme_resolve(&t, 256, false, out);
	assert_int_equal(out[ROLE_LIST_SELECTED].fg, 231);
	assert_int_equal(out[ROLE_LIST_SELECTED].attrs, THEME_BOLD);
	assert_int_equal(out[ROLE_ERROR].fg, 9);  /* from colors8 */
	/* Unset roles keep their look by attributes. */
	assert_int_equal(out[ROLE_STATUS_BAR].attrs, THEME_REVERSE);
	assert_int_equal(out[ROLE_STATUS_BAR].fg, THEME_COLOR_DEFAULT);

	theme_resolve(&t, 8, false, out);
	assert_int_equal(out[ROLE_LIST_SELECTED].fg, 7);
	assert_int_equal(out[ROLE_LIST_SELECTED].bg, 4);
	assert_int_equal(out[ROLE_ERROR].fg, THEME_COLOR_DEFAULT);  /* 9 >= 8 */

	theme_resolve(&t, 256, true, out);  /* NO_COLOR */
	for (int r = 0; r < ROLE__COUNT; r++) {
		assert_int_equal(out[r].fg, THEME_COLOR_DEFAULT);
		assert_int_equal(out[r].bg, THEME_COLOR_DEFAULT);
	}
	/* The selection must stay visible without colour. */
	assert_int_equal(out[ROLE_LIST_SELECTED].attrs, THEME_BOLD);
	assert_int_equal(out[ROLE_PICKER_SELECTED].attrs, THEME_REVERSE);

	theme_resolve(&t, 0, false, out);  /* a mono terminal */
	assert_int_equal(out[ROLE_LIST_SELECTED].fg, THEME_COLOR_DEFAULT);
}

static void test_no_color_env(void **state)
{
	(void)state;
	unsetenv("NO_COLOR");
	assert_false(theme_no_color_env());
	setenv("NO_COLOR", "", 1);
	assert_false(theme_no_color_env());
	setenv("NO_COLOR", "1", 1);
	assert_true(theme_no_color_env());
	unsetenv("NO_COLOR");
}

static void test_bundled_themes(void **state)
{
	const char *names[] = { "default", "light", "solarized-dark", "mono" };
	char path[4096];
	struct errbuf err = { "" };

	(void)state;
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	for (size_t i = 0; i < 4; i++) {
		struct theme t;
		struct theme_style out[ROLE__COUNT];

		assert_int_equal(theme_find(names[i], NULL, HALOTUI_SRCDIR, path,
		                            sizeof path, &err), 0);
		if (theme_load_file(&t, path, &err) != HALO_OK)
			fail_msg("%s", err.msg);
		assert_string_equal(t.name, names[i]);
		theme_resolve(&t, 256, false, out);
		assert_true(out[ROLE_LIST_SELECTED].attrs != 0 ||
		            out[ROLE_LIST_SELECTED].bg != THEME_COLOR_DEFAULT);
		theme_resolve(&t, 8, false, out);
		for (int r = 0; r < ROLE__COUNT; r++)
			assert_true(out[r].fg < 8 && out[r].bg < 8);
	}
	assert_int_equal(theme_find("nope", NULL, HALOTUI_SRCDIR, path,
	                            sizeof path, &err), -1);
	assert_non_null(strstr(err.msg, "unknown theme \"nope\""));
	assert_int_equal(theme_find("/no/such.yaml", NULL, NULL, path,
	                            sizeof path, &err), -1);
	assert_non_null(strstr(err.msg, "/no/such.yaml"));
	{
		struct theme t;
		assert_int_equal(theme_load_file(&t, "/no/such.yaml", &err),
		                 HALO_ECONFIG);
	}
	unsetenv("XDG_CONFIG_HOME");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edge_cases),
		cmocka_unit_test(test_errors_name_position),
		cmocka_unit_test(test_parse_values),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_no_color_env),
		cmocka_unit_test(test_bundled_themes),
	};

	setlocale(LC_ALL, "");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("ui theme", tests, NULL, NULL);
}
