/* SPDX-License-Identifier: MIT */
/* The one yes/no grammar and the one id grammar, edge cases first. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>

#include "parse.h"

static void test_bool_refused(void **state)
{
	static const char *const bad[] = { "", " yes", "yes ", "y", "n", "2",
	                                   "-1", "all", "none", "truee", "01",
	                                   "o", "ON!" };
	bool v = true;

	(void)state;
	assert_int_equal(parse_bool(NULL, &v), -1);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (parse_bool(bad[i], &v) != -1)
			fail_msg("'%s' was taken", bad[i]);
		/* Untouched on failure. */
		assert_true(v);
	}
}

static void test_bool(void **state)
{
	static const char *const yes[] = { "yes", "YES", "true", "True", "on",
	                                   "On", "1" };
	static const char *const no[] = { "no", "No", "false", "FALSE", "off",
	                                  "OFF", "0" };
	bool v;

	(void)state;
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		v = false;
		assert_int_equal(parse_bool(yes[i], &v), 0);
		assert_true(v);
	}
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
		v = true;
		assert_int_equal(parse_bool(no[i], &v), 0);
		assert_false(v);
	}
}

static void test_id(void **state)
{
	char big[32];

	(void)state;
	assert_int_equal(parse_id(NULL), 0);
	assert_int_equal(parse_id(""), 0);
	assert_int_equal(parse_id("0"), 0);
	assert_int_equal(parse_id("-5"), 0);
	assert_int_equal(parse_id("+5"), 0);
	assert_int_equal(parse_id(" 5"), 0);
	assert_int_equal(parse_id("5 "), 0);
	assert_int_equal(parse_id("5x"), 0);
	assert_int_equal(parse_id("0x10"), 0);
	assert_int_equal(parse_id("1.0"), 0);
	snprintf(big, sizeof big, "%ld", LONG_MAX);
	assert_int_equal(parse_id(big), 0);
	assert_int_equal(parse_id("99999999999999999999999"), 0);
	assert_int_equal(parse_id("1"), 1);
	assert_int_equal(parse_id("007"), 7);
	assert_int_equal(parse_id("1234"), 1234);
	snprintf(big, sizeof big, "%ld", LONG_MAX - 1);
	assert_int_equal(parse_id(big), LONG_MAX - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bool_refused),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_id),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
