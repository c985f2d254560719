/* SPDX-License-Identifier: MIT */
/* UTF-8 at the byte level: decoding (invalid input as maximal subparts),
 * encoding, stepping over characters and cutting at a boundary. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "utf8.h"

static unsigned decode(const char *s, size_t *len)
{
	unsigned cp;

	*len = utf8_decode((const unsigned char *)s, strlen(s) + 1, &cp);
	return cp;
}

static void test_decode_invalid(void **state)
{
	size_t n;

	(void)state;
	/* A stray continuation byte, an overlong form, a surrogate, a value
	 * above U+10FFFF: one bad subpart each. */
	assert_int_equal(decode("\x80", &n), UTF8_BAD);
	assert_int_equal(n, 1);
	assert_int_equal(decode("\xc0\xaf", &n), UTF8_BAD);
	assert_int_equal(n, 1);
	assert_int_equal(decode("\xe0\x80\xaf", &n), UTF8_BAD);
	assert_int_equal(n, 1);
	assert_int_equal(decode("\xed\xa0\x80", &n), UTF8_BAD);
	assert_int_equal(n, 1);
	assert_int_equal(decode("\xf4\x90\x80\x80", &n), UTF8_BAD);
	assert_int_equal(n, 1);
	/* Cut short by the NUL: never read past it. */
	assert_int_equal(decode("\xe2\x82", &n), UTF8_BAD);
	assert_int_equal(n, 2);
	assert_int_equal(decode("\xf0\x9f\x98", &n), UTF8_BAD);
	assert_int_equal(n, 3);
	{
		unsigned cp;
		/* n = 1 with a lead byte: cut short by the length. */
		assert_int_equal(utf8_decode((const unsigned char *)"\xc3\xa9", 1,
		                             &cp), 1);
		assert_int_equal(cp, UTF8_BAD);
	}
}

static void test_decode(void **state)
{
	size_t n;

	(void)state;
	assert_int_equal(decode("", &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(decode("A", &n), 'A');
	assert_int_equal(decode("\xc3\xa9", &n), 0xe9);
	assert_int_equal(n, 2);
	assert_int_equal(decode("\xe2\x82\xac", &n), 0x20ac);
	assert_int_equal(n, 3);
	assert_int_equal(decode("\xf0\x9f\x98\x80", &n), 0x1f600);
	assert_int_equal(n, 4);
	assert_int_equal(decode("\xf4\x8f\xbf\xbf", &n), 0x10ffff);
}

static void test_encode(void **state)
{
	static const unsigned cps[] = { 0, 'a', 0x7f, 0x80, 0x7ff, 0x800,
	                                0xfffd, 0xffff, 0x10000, 0x10ffff };
	char u[4];

	(void)state;
	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		unsigned back;
		size_t n = utf8_encode(cps[i], u);
		assert_int_equal(utf8_decode((const unsigned char *)u, n, &back), n);
		assert_int_equal(back, cps[i]);
	}
	/* What cannot be encoded becomes U+FFFD. */
	assert_int_equal(utf8_encode(0xd800, u), 3);
	assert_memory_equal(u, "\xef\xbf\xbd", 3);
	assert_int_equal(utf8_encode(0x110000, u), 3);
	assert_memory_equal(u, "\xef\xbf\xbd", 3);
}

static void test_prev_next(void **state)
{
	const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z";
	size_t len = strlen(s);
	static const size_t starts[] = { 0, 1, 3, 6, 10, 11 };

	(void)state;
	assert_int_equal(utf8_prev(s, 0), 0);
	assert_int_equal(utf8_next(s, len, len), len);
	assert_int_equal(utf8_next(s, len, len + 5), len);
	for (size_t i = 0; i + 1 < sizeof starts / sizeof starts[0]; i++) {
		assert_int_equal(utf8_next(s, len, starts[i]), starts[i + 1]);
		assert_int_equal(utf8_prev(s, starts[i + 1]), starts[i]);
	}
	/* From the middle of a character: to its neighbours' starts. */
	assert_int_equal(utf8_prev(s, 8), 6);
	assert_int_equal(utf8_next(s, len, 7), 10);
	/* Only continuation bytes: back to 0, forward to the end. */
	assert_int_equal(utf8_prev("\x80\x80\x80", 3), 0);
	assert_int_equal(utf8_next("\x80\x80\x80", 3, 0), 3);
}

static void test_cut(void **state)
{
	const char *s = "ab\xe2\x82\xac" "c";

	(void)state;
	assert_int_equal(utf8_cut(s, 0), 0);
	assert_int_equal(utf8_cut(s, 2), 2);
	assert_int_equal(utf8_cut(s, 3), 2);
	assert_int_equal(utf8_cut(s, 4), 2);
	assert_int_equal(utf8_cut(s, 5), 5);
	assert_int_equal(utf8_cut(s, 6), 6);
	assert_int_equal(utf8_cut("\x80\x80", 1), 0);
	assert_true(utf8_is_cont(0x80) && utf8_is_cont(0xbf));
	assert_false(utf8_is_cont('a') || utf8_is_cont(0xc3) || utf8_is_cont(0));
}

static void test_drop_partial(void **state)
{
	char a[] = "ab\xe2\x82", b[] = "ab\xe2\x82\xac", c[] = "\xf0\x9f",
	     d[] = "", e[] = "x\x80\x80\x80\x80", f[] = "\xc3";

	(void)state;
	utf8_drop_partial(a);
	assert_string_equal(a, "ab");
	utf8_drop_partial(b);
	assert_string_equal(b, "ab\xe2\x82\xac");
	utf8_drop_partial(c);
	assert_string_equal(c, "");
	utf8_drop_partial(d);
	assert_string_equal(d, "");
	/* Stray continuation bytes are not a cut character: left alone. */
	utf8_drop_partial(e);
	assert_string_equal(e, "x\x80\x80\x80\x80");
	utf8_drop_partial(f);
	assert_string_equal(f, "");
	{
		/* What snprintf leaves when it cuts a character in two. */
		char buf[5];
		snprintf(buf, sizeof buf, "%s", "abc\xc3\xa9");
		utf8_drop_partial(buf);
		assert_string_equal(buf, "abc");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_invalid),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_prev_next),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_drop_partial),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
