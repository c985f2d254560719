/* SPDX-License-Identifier: MIT */
/* Tolerant JSON readers: ids, numbers, strings, booleans, dates and scalar
 * text from members that may be missing, null or of the wrong type. */
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

#include "jsonx.h"

/* The fixture's dateoccurred second: 2024-06-20T14:45:15Z. */
#define T_2024_06_20 1718894715L

static cJSON *parse(const char *json)
{
	cJSON *o = cJSON_Parse(json);

	assert_non_null(o);
	return o;
}

/* jsonx_id of {"v": <json>}. */
static long id_of(const char *json)
{
	char buf[256];
	cJSON *o;
	long id;

	snprintf(buf, sizeof buf, "{\"v\":%s}", json);
	o = parse(buf);
	id = jsonx_id(o, "v");
	cJSON_Delete(o);
	return id;
}

static void test_get_edges(void **state)
{
	cJSON *o = parse("{\"ID\":1,\"id\":2,\"Name\":\"x\"}");
	cJSON *arr = parse("[1,2]");

	(void)state;
	assert_null(jsonx_get(NULL, "id"));
	assert_null(jsonx_get(o, NULL));
	assert_null(jsonx_get(arr, "id"));
	assert_null(jsonx_get(o, "missing"));
	/* The exact spelling wins over one that differs in case. */
	assert_int_equal(jsonx_get(o, "id")->valueint, 2);
	assert_int_equal(jsonx_get(o, "ID")->valueint, 1);
	/* Halo's casing varies: "name" finds "Name". */
	assert_string_equal(jsonx_get(o, "name")->valuestring, "x");
	cJSON_Delete(o);
	cJSON_Delete(arr);
}

static void test_id_none(void **state)
{
	cJSON *o = parse("{}");

	(void)state;
	assert_int_equal(jsonx_id(NULL, "id"), 0);
	assert_int_equal(jsonx_id(o, "id"), 0);
	assert_int_equal(jsonx_id(o, NULL), 0);
	assert_int_equal(id_of("null"), 0);
	assert_int_equal(id_of("\"\""), 0);
	assert_int_equal(id_of("0"), 0);
	assert_int_equal(id_of("-1"), 0);
	assert_int_equal(id_of("-0.0"), 0);
	assert_int_equal(id_of("\"-1\""), 0);
	cJSON_Delete(o);
}

static void test_id_wrong_types(void **state)
{
	(void)state;
	assert_int_equal(id_of("true"), 0);
	assert_int_equal(id_of("false"), 0);
	assert_int_equal(id_of("[18]"), 0);
	assert_int_equal(id_of("{\"id\":18}"), 0);
	assert_int_equal(id_of("18.5"), 0);
	assert_int_equal(id_of("1e300"), 0);
	assert_int_equal(id_of("\"12abc\""), 0);
	assert_int_equal(id_of("\"abc\""), 0);
	assert_int_equal(id_of("\"0x12\""), 0);
	assert_int_equal(id_of("\"nan\""), 0);
	assert_int_equal(id_of("\"inf\""), 0);
	assert_int_equal(id_of("\"18 19\""), 0);
	/* Above 2^53 a double no longer tells ids apart. */
	assert_int_equal(id_of("18014398509481984"), 0);
}

static void test_id_forms(void **state)
{
	(void)state;
	assert_int_equal(id_of("18"), 18);
	/* users.site_id is a double. */
	assert_int_equal(id_of("18.0"), 18);
	/* Posted and sometimes served as strings. */
	assert_int_equal(id_of("\"18\""), 18);
	assert_int_equal(id_of("\"18.0\""), 18);
	assert_int_equal(id_of("\" 18 \""), 18);
	assert_int_equal(id_of("1"), 1);
	assert_int_equal(id_of("12345678"), 12345678);
	assert_int_equal(id_of("4294967296"), 4294967296L);
	assert_int_equal(id_of("1.8e1"), 18);
}

static void test_number(void **state)
{
	cJSON *o = parse("{\"i\":3,\"s\":\"3.5\",\"bad\":\"3.5x\",\"n\":null,"
	                 "\"b\":true,\"neg0\":-0.0,\"big\":\"1e400\","
	                 "\"a\":[1],\"e\":\"\"}");
	double d = 42;

	(void)state;
	assert_false(jsonx_number(NULL, "i", &d));
	assert_false(jsonx_number(o, "missing", &d));
	assert_false(jsonx_number(o, "n", &d));
	assert_false(jsonx_number(o, "b", &d));
	assert_false(jsonx_number(o, "bad", &d));
	assert_false(jsonx_number(o, "big", &d));
	assert_false(jsonx_number(o, "a", &d));
	assert_false(jsonx_number(o, "e", &d));
	/* Failure leaves *out alone. */
	assert_true(d == 42);
	assert_true(jsonx_number(o, "i", &d));
	assert_true(d == 3);
	assert_true(jsonx_number(o, "s", &d));
	assert_true(d == 3.5);
	assert_true(jsonx_number(o, "neg0", &d));
	assert_true(d == 0);
	/* out may be NULL: a presence test. */
	assert_true(jsonx_number(o, "i", NULL));
	cJSON_Delete(o);
}

static void test_str(void **state)
{
	cJSON *o = parse("{\"s\":\"Low\",\"e\":\"\",\"n\":null,\"num\":5,"
	                 "\"b\":true,\"o\":{},\"u\":\"caf\\u00e9\"}");

	(void)state;
	assert_null(jsonx_str(NULL, "s"));
	assert_null(jsonx_str(o, "missing"));
	assert_null(jsonx_str(o, "e"));
	assert_null(jsonx_str(o, "n"));
	assert_null(jsonx_str(o, "num"));
	assert_null(jsonx_str(o, "b"));
	assert_null(jsonx_str(o, "o"));
	assert_string_equal(jsonx_str(o, "s"), "Low");
	assert_string_equal(jsonx_str(o, "u"), "caf\xc3\xa9");
	cJSON_Delete(o);
}

static void test_bool(void **state)
{
	cJSON *o = parse("{\"t\":true,\"f\":false,\"one\":1,\"zero\":0,\"two\":2,"
	                 "\"st\":\"true\",\"sT\":\"TRUE\",\"sf\":\"false\","
	                 "\"s1\":\"1\",\"s0\":\"0\",\"yes\":\"yes\",\"n\":null,"
	                 "\"a\":[],\"off\":\"Off\",\"maybe\":\"maybe\"}");

	(void)state;
	assert_true(jsonx_bool(NULL, "t", true));
	assert_false(jsonx_bool(NULL, "t", false));
	assert_true(jsonx_bool(o, "t", false));
	assert_false(jsonx_bool(o, "f", true));
	assert_true(jsonx_bool(o, "one", false));
	assert_false(jsonx_bool(o, "zero", true));
	assert_true(jsonx_bool(o, "st", false));
	assert_true(jsonx_bool(o, "sT", false));
	assert_false(jsonx_bool(o, "sf", true));
	assert_true(jsonx_bool(o, "s1", false));
	assert_false(jsonx_bool(o, "s0", true));
	/* Strings are read as people's yes/no values are (parse_bool). */
	assert_true(jsonx_bool(o, "yes", false));
	assert_false(jsonx_bool(o, "off", true));
	/* Anything else is the default, whichever it is. */
	assert_true(jsonx_bool(o, "two", true));
	assert_false(jsonx_bool(o, "two", false));
	assert_true(jsonx_bool(o, "maybe", true));
	assert_false(jsonx_bool(o, "maybe", false));
	assert_true(jsonx_bool(o, "n", true));
	assert_false(jsonx_bool(o, "a", false));
	assert_true(jsonx_bool(o, "missing", true));
	cJSON_Delete(o);
}

static void test_date_fractions(void **state)
{
	static const char *const forms[] = {
		"2024-06-20T14:45:15",
		"2024-06-20T14:45:15Z",
		"2024-06-20T14:45:15.9Z",
		"2024-06-20T14:45:15.975Z",
		"2024-06-20T14:45:15.9746271Z",
		"2024-06-20T14:45:15.9746271",
		"2024-06-20T14:45:15.28",
	};
	time_t t;

	(void)state;
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		t = 0;
		assert_true(jsonx_parse_date(forms[i], &t));
		/* Fractions are dropped, never rounded up. */
		assert_int_equal((long)t, T_2024_06_20);
	}
	assert_true(jsonx_parse_date("1970-01-01T00:00:00Z", &t));
	assert_int_equal((long)t, 0);
	/* Time-less and minute-only forms. */
	assert_true(jsonx_parse_date("2024-06-20", &t));
	assert_int_equal((long)t, T_2024_06_20 - (14 * 3600 + 45 * 60 + 15));
	assert_true(jsonx_parse_date("2024-06-20T14:45", &t));
	assert_int_equal((long)t, T_2024_06_20 - 15);
}

static void test_date_zones(void **state)
{
	time_t t;

	(void)state;
	assert_true(jsonx_parse_date("2024-06-20T14:45:15+00:00", &t));
	assert_int_equal((long)t, T_2024_06_20);
	assert_true(jsonx_parse_date("2024-06-20T14:45:15.123-00:00", &t));
	assert_int_equal((long)t, T_2024_06_20);
	assert_true(jsonx_parse_date("2024-06-20T14:45:15z", &t));
	assert_int_equal((long)t, T_2024_06_20);
	/* 16:45 at +02:00 is 14:45 UTC. */
	assert_true(jsonx_parse_date("2024-06-20T16:45:15+02:00", &t));
	assert_int_equal((long)t, T_2024_06_20);
	assert_true(jsonx_parse_date("2024-06-20T09:15:15-0530", &t));
	assert_int_equal((long)t, T_2024_06_20);
	/* A space instead of the T (some exports). */
	assert_true(jsonx_parse_date("2024-06-20 14:45:15", &t));
	assert_int_equal((long)t, T_2024_06_20);
}

static void test_date_sentinels(void **state)
{
	time_t t = 123;

	(void)state;
	assert_false(jsonx_parse_date("1900-01-01T00:00:00", &t));
	assert_false(jsonx_parse_date("0001-01-01T00:00:00", &t));
	assert_false(jsonx_parse_date("1900-12-31T23:59:59Z", &t));
	assert_false(jsonx_parse_date("0001-01-01T00:00:00.0000000Z", &t));
	assert_int_equal((long)t, 123);
	assert_true(jsonx_parse_date("1901-01-01T00:00:00", &t));
	assert_int_equal((long)t, -2177452800L);
}

static void test_date_garbage(void **state)
{
	static const char *const bad[] = {
		"", "garbage", "00:00:00", "2024", "2024-06", "2024-6-20",
		"2024-06-20T", "2024-06-20T1", "2024-06-20T14:45:15.",
		"2024-06-20T14:45:15Zjunk", "2024-06-20T14:45:15 Z",
		"2024-13-01T00:00:00", "2024-00-10T00:00:00",
		"2024-06-31T00:00:00", "2024-06-00T00:00:00",
		"2024-06-20T24:00:00", "2024-06-20T14:60:00",
		"2024-06-20T14:45:61", "2024-06-20T14:45:15+25:00",
		"2024-06-20T14:45:15+02", "2024-06-20T14:45:15.12345678901Z",
		"\xff\xfe-06-20", "2024-06-20X14:45:15",
	};
	time_t t = 7;

	(void)state;
	assert_false(jsonx_parse_date(NULL, &t));
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (jsonx_parse_date(bad[i], &t))
			fail_msg("accepted \"%s\"", bad[i]);
	assert_int_equal((long)t, 7);
	/* out may be NULL: a validity test. */
	assert_true(jsonx_parse_date("2024-06-20T14:45:15Z", NULL));
}

static void test_date_leap(void **state)
{
	time_t t;

	(void)state;
	assert_true(jsonx_parse_date("2024-02-29T12:00:00Z", &t));
	assert_int_equal((long)t, 1709208000L);
	assert_true(jsonx_parse_date("2000-02-29T00:00:00", &t));
	assert_int_equal((long)t, 951782400L);
	assert_false(jsonx_parse_date("2023-02-29T00:00:00", &t));
	assert_false(jsonx_parse_date("2100-02-29T00:00:00", &t));
	/* A leap second is the second before. */
	assert_true(jsonx_parse_date("2016-12-31T23:59:60Z", &t));
	assert_int_equal((long)t, 1483228799L);
	assert_true(jsonx_parse_date("9999-12-31T23:59:59Z", &t));
	assert_int_equal((long long)t, 253402300799LL);
}

static void test_date_member(void **state)
{
	cJSON *o = parse("{\"d\":\"2024-06-20T14:45:15.9746271Z\","
	                 "\"target\":\"1900-01-01T00:00:00\",\"num\":1718894715,"
	                 "\"n\":null}");
	time_t t = 5;

	(void)state;
	assert_false(jsonx_date(NULL, "d", &t));
	assert_false(jsonx_date(o, "missing", &t));
	assert_false(jsonx_date(o, "target", &t));
	assert_false(jsonx_date(o, "num", &t));
	assert_false(jsonx_date(o, "n", &t));
	assert_int_equal((long)t, 5);
	assert_true(jsonx_date(o, "d", &t));
	assert_int_equal((long)t, T_2024_06_20);
	cJSON_Delete(o);
}

/* jsonx_scalar_text of <json>, compared and freed. */
static void check_scalar(const char *json, const char *want)
{
	cJSON *v = cJSON_Parse(json);
	char *got;

	assert_non_null(v);
	got = jsonx_scalar_text(v);
	if (!want) {
		if (got)
			fail_msg("%s gave \"%s\", wanted NULL", json, got);
	} else {
		assert_non_null(got);
		assert_string_equal(got, want);
	}
	free(got);
	cJSON_Delete(v);
}

static void test_scalar_text_none(void **state)
{
	(void)state;
	assert_null(jsonx_scalar_text(NULL));
	check_scalar("null", NULL);
	check_scalar("[1]", NULL);
	check_scalar("{}", NULL);
	check_scalar("[]", NULL);
}

static void test_scalar_text(void **state)
{
	(void)state;
	check_scalar("\"Low\"", "Low");
	check_scalar("\"\"", "");
	check_scalar("18", "18");
	check_scalar("18.0", "18");
	check_scalar("-0.0", "0");
	check_scalar("-3", "-3");
	check_scalar("12345678", "12345678");
	check_scalar("4294967296", "4294967296");
	check_scalar("0.5", "0.5");
	check_scalar("0.0095", "0.0095");
	check_scalar("3.999999999", "4");
	check_scalar("0.333333333333", "0.333333");
	check_scalar("1e300", "1e+300");
	check_scalar("1e15", "1e+15");
	check_scalar("true", "yes");
	check_scalar("false", "no");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_edges),
		cmocka_unit_test(test_id_none),
		cmocka_unit_test(test_id_wrong_types),
		cmocka_unit_test(test_id_forms),
		cmocka_unit_test(test_number),
		cmocka_unit_test(test_str),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_date_fractions),
		cmocka_unit_test(test_date_zones),
		cmocka_unit_test(test_date_sentinels),
		cmocka_unit_test(test_date_garbage),
		cmocka_unit_test(test_date_leap),
		cmocka_unit_test(test_date_member),
		cmocka_unit_test(test_scalar_text_none),
		cmocka_unit_test(test_scalar_text),
	};

	setlocale(LC_ALL, "");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("jsonx", tests, NULL, NULL);
}
