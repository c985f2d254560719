/* SPDX-License-Identifier: MIT */
/* The capped string buffer: appends keep it NUL-terminated, the cap and a
 * failure are sticky and free the text, and taking hands the text over. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

static void test_empty(void **state)
{
	struct strbuf b = STRBUF_INIT(10);
	char *s;

	(void)state;
	assert_null(b.s);
	assert_string_equal(strbuf_str(&b), "");
	/* Taking an empty buffer gives an empty string, not NULL. */
	s = strbuf_take(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	assert_int_equal(strbuf_addstr(&b, NULL), 0);
	assert_int_equal(strbuf_add(&b, NULL, 0), 0);
	assert_int_equal(b.len, 0);
	strbuf_done(&b);
	strbuf_done(&b);
}

static void test_appends(void **state)
{
	struct strbuf b;
	char *s;

	(void)state;
	strbuf_init(&b, 1000);
	assert_int_equal(strbuf_addstr(&b, "ab"), 0);
	assert_int_equal(strbuf_addc(&b, 'c'), 0);
	assert_int_equal(strbuf_addn(&b, '-', 3), 0);
	assert_int_equal(strbuf_add(&b, "xyz", 2), 0);
	assert_int_equal(strbuf_addf(&b, "[%d %s]", 42, "n"), 0);
	assert_string_equal(strbuf_str(&b), "abc---xy[42 n]");
	assert_int_equal(b.len, strlen("abc---xy[42 n]"));
	/* Many small appends grow it past its first allocation. */
	for (int i = 0; i < 200; i++)
		assert_int_equal(strbuf_addc(&b, 'z'), 0);
	assert_int_equal(b.len, 214);
	assert_int_equal(strlen(b.s), 214);
	s = strbuf_take(&b);
	assert_int_equal(strlen(s), 214);
	assert_null(b.s);
	assert_int_equal(b.len, 0);
	free(s);
	/* The buffer is usable again after a take. */
	assert_int_equal(strbuf_addstr(&b, "again"), 0);
	assert_string_equal(strbuf_str(&b), "again");
	strbuf_done(&b);
}

static void test_cap(void **state)
{
	struct strbuf b = STRBUF_INIT(5);

	(void)state;
	assert_int_equal(strbuf_addstr(&b, "12345"), 0);
	assert_string_equal(strbuf_str(&b), "12345");
	/* One byte over the cap fails the buffer and frees the text. */
	assert_int_equal(strbuf_addc(&b, '6'), -1);
	assert_int_equal(b.failed, STRBUF_ETOOBIG);
	assert_null(b.s);
	assert_int_equal(b.len, 0);
	assert_string_equal(strbuf_str(&b), "");
	/* Sticky: a later small append does nothing. */
	assert_int_equal(strbuf_addc(&b, 'x'), -1);
	assert_int_equal(strbuf_addf(&b, "%d", 1), -1);
	assert_null(strbuf_take(&b));
	strbuf_done(&b);
	assert_int_equal(b.failed, STRBUF_OK);
	assert_int_equal(strbuf_addc(&b, 'x'), 0);
	strbuf_done(&b);
	/* A formatted append is checked before it is written. */
	strbuf_init(&b, 4);
	assert_int_equal(strbuf_addf(&b, "%s", "12345"), -1);
	assert_int_equal(b.failed, STRBUF_ETOOBIG);
	strbuf_done(&b);
	/* A cap of 0 holds only the empty string; SIZE_MAX does not overflow. */
	strbuf_init(&b, 0);
	assert_int_equal(strbuf_addc(&b, 'a'), -1);
	strbuf_done(&b);
	strbuf_init(&b, SIZE_MAX);
	assert_int_equal(strbuf_addstr(&b, "ok"), 0);
	assert_int_equal(strbuf_add(&b, "x", SIZE_MAX - 1), -1);
	assert_int_equal(b.failed, STRBUF_ETOOBIG);
	strbuf_done(&b);
}

static void test_fail_from_outside(void **state)
{
	struct strbuf b = STRBUF_INIT(100);

	(void)state;
	strbuf_addstr(&b, "partial");
	strbuf_fail(&b, STRBUF_ENOMEM);
	assert_int_equal(b.failed, STRBUF_ENOMEM);
	assert_null(b.s);
	/* The first reason is kept. */
	strbuf_fail(&b, STRBUF_ETOOBIG);
	assert_int_equal(b.failed, STRBUF_ENOMEM);
	assert_null(strbuf_take(&b));
	strbuf_done(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_fail_from_outside),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("strbuf", tests, NULL, NULL);
}
