/* SPDX-License-Identifier: MIT */
/* The XDG resolver: an absolute variable wins, a relative one is ignored
 * (as the spec says), $HOME is the fallback, and nothing without either. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "xdg.h"

static void test_variables(void **state)
{
	static const struct {
		enum xdg_dir dir;
		const char *var, *home_part;
	} dirs[] = {
		{ XDG_CONFIG, "XDG_CONFIG_HOME", "/h/.config/halotui/x" },
		{ XDG_STATE, "XDG_STATE_HOME", "/h/.local/state/halotui/x" },
		{ XDG_CACHE, "XDG_CACHE_HOME", "/h/.cache/halotui/x" },
		{ XDG_DATA, "XDG_DATA_HOME", "/h/.local/share/halotui/x" },
	};
	char out[256];

	(void)state;
	setenv("HOME", "/h", 1);
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		setenv(dirs[i].var, "/base", 1);
		assert_int_equal(xdg_path(dirs[i].dir, "x", out, sizeof out), 0);
		assert_string_equal(out, "/base/halotui/x");
		setenv(dirs[i].var, "relative", 1);
		assert_int_equal(xdg_path(dirs[i].dir, "x", out, sizeof out), 0);
		assert_string_equal(out, dirs[i].home_part);
		setenv(dirs[i].var, "", 1);
		assert_int_equal(xdg_path(dirs[i].dir, "x", out, sizeof out), 0);
		assert_string_equal(out, dirs[i].home_part);
		unsetenv(dirs[i].var);
		assert_int_equal(xdg_path(dirs[i].dir, "x", out, sizeof out), 0);
		assert_string_equal(out, dirs[i].home_part);
	}
}

static void test_edges(void **state)
{
	char out[32];

	(void)state;
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/h", 1);
	/* No rel: the directory itself. */
	assert_int_equal(xdg_path(XDG_CONFIG, NULL, out, sizeof out), 0);
	assert_string_equal(out, "/h/.config/halotui");
	assert_int_equal(xdg_path(XDG_CONFIG, "", out, sizeof out), 0);
	assert_string_equal(out, "/h/.config/halotui");
	/* Too small: -1 and an empty string, never a cut path. */
	assert_int_equal(xdg_path(XDG_CONFIG, "config.yaml", out, 20), -1);
	assert_string_equal(out, "");
	assert_int_equal(xdg_path(XDG_CONFIG, "x", out, 0), -1);
	assert_int_equal(xdg_path((enum xdg_dir)99, "x", out, sizeof out), -1);
	/* Neither the variable nor HOME: nowhere. */
	unsetenv("HOME");
	assert_int_equal(xdg_path(XDG_CONFIG, "x", out, sizeof out), -1);
	setenv("HOME", "", 1);
	assert_int_equal(xdg_path(XDG_CONFIG, "x", out, sizeof out), -1);
	/* An absolute variable needs no HOME. */
	setenv("XDG_CONFIG_HOME", "/c", 1);
	assert_int_equal(xdg_path(XDG_CONFIG, "x", out, sizeof out), 0);
	assert_string_equal(out, "/c/halotui/x");
	unsetenv("XDG_CONFIG_HOME");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_variables),
		cmocka_unit_test(test_edges),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("xdg", tests, NULL, NULL);
}
