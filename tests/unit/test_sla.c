/* SPDX-License-Identifier: MIT */
/* The SLA countdown against a frozen clock: which target counts (fix-by,
 * or respond-by while nobody has responded and it comes first), the risk
 * (breached, under a quarter of the window left, fine), paused on hold,
 * nothing without a target (sentinel dates, excluded, closed), the text,
 * HALOTUI_NOW, and sorting the column by fixbydate on the server. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "columns.h"
#include "clock.h"
#include "jsonx.h"
#include "sla.h"

static const struct resource *tickets;
static time_t now;   /* 2024-07-01T09:00:00Z */

static struct record *rec(const char *json)
{
	cJSON *o = cJSON_Parse(json);

	assert_non_null(o);
	return record_take(tickets, o);
}

static struct sla_status status_of(const char *json)
{
	struct record *r = rec(json);
	struct sla_status s;

	sla_status(r, now, &s);
	record_free(&r);
	return s;
}

static const char *cell_of(const char *json)
{
	static char buf[64];
	struct sla_status s = status_of(json);

	sla_cell(&s, buf, sizeof buf);
	return buf;
}

static int setup(void **state)
{
	(void)state;
	tickets = resource_find("tickets");
	assert_true(jsonx_parse_date("2024-07-01T09:00:00Z", &now));
	return 0;
}

static void test_no_target(void **state)
{
	(void)state;
	assert_int_equal(status_of("{}").state, SLA_NONE);
	assert_string_equal(cell_of("{}"), "");
	/* Halo's three "no date" values. */
	assert_int_equal(status_of("{\"fixbydate\":\"1900-01-01T00:00:00\","
	                           "\"respondbydate\":\"1899-12-30T00:00:00\"}").state,
	                 SLA_NONE);
	assert_int_equal(status_of("{\"fixbydate\":\"0001-01-01T00:00:00\"}").state,
	                 SLA_NONE);
	/* Wrong types are no dates either. */
	assert_int_equal(status_of("{\"fixbydate\":12,\"respondbydate\":null}").state,
	                 SLA_NONE);
	/* Excluded from SLA, or closed: nothing to count. */
	assert_int_equal(status_of("{\"fixbydate\":\"2024-07-01T10:00:00\","
	                           "\"excludefromsla\":true}").state, SLA_NONE);
	assert_int_equal(status_of("{\"fixbydate\":\"2024-07-01T10:00:00\","
	                           "\"status_id\":9}").state, SLA_NONE);
	assert_int_equal(status_of("{\"fixbydate\":\"2024-07-01T10:00:00\","
	                           "\"dateclosed\":\"2024-06-30T10:00:00\"}").state,
	                 SLA_NONE);
	/* A deadline alone is not an SLA target. */
	assert_int_equal(status_of("{\"deadlinedate\":\"2024-07-01T10:00:00\"}").state,
	                 SLA_NONE);
}

static void test_fix_by(void **state)
{
	struct sla_status s;

	(void)state;
	/* Opened 4h ago, due in 2h13m: over a quarter of 6h13m left. */
	s = status_of("{\"dateoccurred\":\"2024-07-01T05:00:00\","
	              "\"fixbydate\":\"2024-07-01T11:13:00.5Z\","
	              "\"responsedate\":\"2024-07-01T02:00:00\"}");
	assert_int_equal(s.state, SLA_OK);
	assert_false(s.respond);
	assert_int_equal(s.left, 2 * 3600 + 13 * 60);
	assert_string_equal(cell_of("{\"dateoccurred\":\"2024-07-01T01:00:00\","
	                            "\"fixbydate\":\"2024-07-01T11:13:00\"}"),
	                    "2h13m");
	/* Opened 8h ago, due in 1h: under a quarter of 9h left. */
	s = status_of("{\"dateoccurred\":\"2024-07-01T01:00:00\","
	              "\"fixbydate\":\"2024-07-01T10:00:00\"}");
	assert_int_equal(s.state, SLA_WARNING);
	/* Exactly a quarter left is still fine. */
	s = status_of("{\"dateoccurred\":\"2024-07-01T06:00:00\","
	              "\"fixbydate\":\"2024-07-01T10:00:00\"}");
	assert_int_equal(s.state, SLA_OK);
	/* Past: breached, with a minus. */
	s = status_of("{\"dateoccurred\":\"2024-06-25T01:00:00\","
	              "\"fixbydate\":\"2024-06-30T05:00:00\"}");
	assert_int_equal(s.state, SLA_BREACHED);
	assert_string_equal(cell_of("{\"fixbydate\":\"2024-06-30T05:00:00\"}"),
	                    "-1d4h");
	/* Due now to the second: not yet breached. */
	assert_int_equal(status_of("{\"fixbydate\":\"2024-07-01T09:00:00\"}").state,
	                 SLA_OK);
	/* Without a start there is no window: fine until breached. */
	assert_int_equal(status_of("{\"fixbydate\":\"2024-07-01T09:05:00\"}").state,
	                 SLA_OK);
}

static void test_respond_by(void **state)
{
	struct sla_status s;

	(void)state;
	/* Not yet responded, respond-by first: it counts, marked "r". */
	s = status_of("{\"dateoccurred\":\"2024-07-01T08:00:00\","
	              "\"respondbydate\":\"2024-07-01T09:45:00\","
	              "\"fixbydate\":\"2024-07-02T08:00:00\","
	              "\"responsedate\":\"1900-01-01T00:00:00\"}");
	assert_true(s.respond);
	assert_int_equal(s.state, SLA_OK);
	assert_string_equal(cell_of("{\"respondbydate\":\"2024-07-01T09:45:00\","
	                            "\"fixbydate\":\"2024-07-02T08:00:00\"}"),
	                    "r 45m");
	/* Responded (either member): the fix-by counts. */
	s = status_of("{\"respondbydate\":\"2024-07-01T09:45:00\","
	              "\"fixbydate\":\"2024-07-02T08:00:00\","
	              "\"responsedate\":\"2024-07-01T08:30:00\"}");
	assert_false(s.respond);
	assert_string_equal(cell_of("{\"respondbydate\":\"2024-07-01T08:45:00\","
	                            "\"fixbydate\":\"2024-07-02T08:00:00\","
	                            "\"firstresponsedate\":\"2024-07-01T08:30:00\"}"),
	                    "23h00m");
	/* A missed response is a breach even when the fix-by is far. */
	s = status_of("{\"respondbydate\":\"2024-07-01T08:00:00\","
	              "\"fixbydate\":\"2024-07-03T08:00:00\"}");
	assert_true(s.respond);
	assert_int_equal(s.state, SLA_BREACHED);
	/* Only a respond-by. */
	assert_string_equal(cell_of("{\"respondbydate\":\"2024-07-01T09:00:59\"}"),
	                    "r 0m");
}

static void test_on_hold(void **state)
{
	struct sla_status s;

	(void)state;
	s = status_of("{\"fixbydate\":\"2024-06-30T05:00:00\",\"onhold\":true}");
	assert_int_equal(s.state, SLA_PAUSED);
	assert_string_equal(cell_of("{\"fixbydate\":\"2024-06-30T05:00:00\","
	                            "\"onhold\":\"true\"}"), "paused");
	/* On hold without a target: nothing, not "paused". */
	assert_string_equal(cell_of("{\"onhold\":true}"), "");
}

static void test_duration(void **state)
{
	char b[32];

	(void)state;
	sla_duration(0, b, sizeof b);
	assert_string_equal(b, "0m");
	sla_duration(59, b, sizeof b);
	assert_string_equal(b, "0m");
	sla_duration(-60, b, sizeof b);
	assert_string_equal(b, "-1m");
	sla_duration(3600 + 5 * 60, b, sizeof b);
	assert_string_equal(b, "1h05m");
	sla_duration(-(86400LL * 900 + 3600 * 3), b, sizeof b);
	assert_string_equal(b, "-900d");
	sla_duration(86400LL * 99 + 3600 * 23, b, sizeof b);
	assert_string_equal(b, "99d23h");
	sla_duration(86400, b, sizeof b);
	assert_string_equal(b, "1d0h");
	/* A short buffer is cut, not overrun. */
	sla_duration(86400, b, 3);
	assert_string_equal(b, "1d");
}

static void test_display_and_clock(void **state)
{
	const struct field_def *f = resource_field(tickets, "sla");
	struct record *r = rec("{\"fixbydate\":\"2024-07-01T11:13:00\"}");
	char *t;

	(void)state;
	assert_non_null(f);
	assert_true(f->flags & FIELD_SLA);
	assert_ptr_equal(resource_field(tickets, "breaching"), f);
	/* HALOTUI_NOW freezes the clock (read once, at the first call). */
	assert_int_equal(clock_now(), now);
	t = record_display(r, f, NULL);
	assert_string_equal(t, "2h13m");
	free(t);
	record_free(&r);
}

static void test_sort_on_server(void **state)
{
	struct list_query q = { .order = "sla" };
	char *url;

	(void)state;
	/* Breaching soon first: ascending fix-by, ordered by Halo. */
	url = api_list_path(tickets, &q, 1, 50);
	assert_non_null(url);
	assert_non_null(strstr(url, "order=fixbydate"));
	assert_null(strstr(url, "orderdesc"));
	assert_null(strstr(url, "order=sla"));
	free(url);
}

static int column_of(const struct column_layout *cl, const char *key)
{
	for (int i = 0; i < cl->n; i++)
		if (cl->widths[i] && strcmp(cl->fields[i]->key, key) == 0)
			return i;
	return -1;
}

static void test_column_placement(void **state)
{
	struct column_layout cl;
	int x;

	(void)state;
	/* The command line never shows it... */
	columns_layout(&cl, tickets, 400);
	assert_int_equal(column_of(&cl, "sla"), -1);
	columns_layout(&cl, tickets, 0);
	assert_int_equal(column_of(&cl, "sla"), -1);
	/* ... a TUI list always does, in its place after the priority, at the
	 * widths terminals have, sorted by it or not. */
	for (int w = 80; w <= 200; w += 40) {
		columns_layout_sorted(&cl, tickets, w, NULL);
		assert_int_equal(column_of(&cl, "sla"), 3);
		assert_int_equal(columns_find(&cl, FIELD_SLA, &x), 3);
		assert_int_equal(x, cl.widths[0] + cl.widths[1] +
		                 cl.widths[2] + 3);
		assert_true(cl.widths[3] >= 7);
	}
	columns_layout_sorted(&cl, tickets, 120, "sla");
	assert_int_equal(column_of(&cl, "sla"), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_target),
		cmocka_unit_test(test_fix_by),
		cmocka_unit_test(test_respond_by),
		cmocka_unit_test(test_on_hold),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_display_and_clock),
		cmocka_unit_test(test_sort_on_server),
		cmocka_unit_test(test_column_placement),
	};

	setenv("HALOTUI_NOW", "2024-07-01T09:00:00Z", 1);
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("sla", tests, setup, NULL);
}
