/* SPDX-License-Identifier: MIT */
/* A note's time: what people type, how it is shown, Halo's hours. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <stdlib.h>
#include <time.h>

#include "mytime.h"
#include "notetime.h"

static long parsed(const char *text)
{
	struct errbuf err;
	long s = -1;

	assert_int_equal(notetime_parse(text, &s, &err), HALO_OK);
	return s;
}

static void refused(const char *text, const char *says)
{
	struct errbuf err;
	long s = 99;

	assert_int_equal(notetime_parse(text, &s, &err), HALO_EUSAGE);
	assert_non_null(strstr(err.msg, says));
	assert_int_equal(s, 0);
}

/* What fmt (notetime_format, notetime_hours_text) writes for secs. */
static void shows(void (*fmt)(long, char *, size_t), long secs,
                  const char *want)
{
	char buf[32];

	fmt(secs, buf, sizeof buf);
	assert_string_equal(buf, want);
}

static void test_parse_forms(void **state)
{
	(void)state;
	assert_int_equal(parsed("0:15"), 15 * 60);
	assert_int_equal(parsed("1:05"), 3900);
	assert_int_equal(parsed(" 2:30 "), 9000);
	assert_int_equal(parsed("15"), 900);
	assert_int_equal(parsed("15m"), 900);
	assert_int_equal(parsed("90"), 5400);
	assert_int_equal(parsed("2h"), 7200);
	assert_int_equal(parsed("1h30m"), 5400);
	assert_int_equal(parsed("1h 30m"), 5400);
	assert_int_equal(parsed("0"), 0);
	assert_int_equal(parsed(""), 0);
	assert_int_equal(parsed("   "), 0);
	assert_int_equal(parsed(NULL), 0);
	assert_int_equal(parsed("24:00"), NOTETIME_MAX_S);
}

static void test_parse_refused(void **state)
{
	(void)state;
	refused("abc", "h:mm");
	refused("1:5", "not understood");
	refused("1:75", "up to 59");
	refused("-5", "negative");
	refused("1.5", "not understood");
	refused("15x", "not understood");
	refused("1h30", "not understood");
	refused("24:01", "24 hours");
	refused("9999999", "not understood");
	refused(":30", "not understood");
}

static void test_format(void **state)
{
	(void)state;
	shows(notetime_format, 0, "0:00");
	shows(notetime_format, 59, "0:00");
	shows(notetime_format, 900, "0:15");
	shows(notetime_format, 3600 * 10 + 7 * 60 + 30, "10:07");
	shows(notetime_format, -4, "0:00");
}

static void test_hours(void **state)
{
	(void)state;
	shows(notetime_hours_text, 900, "0.25");
	shows(notetime_hours_text, 5400, "1.5");
	shows(notetime_hours_text, 7200, "2");
	shows(notetime_hours_text, 600, "0.166667");
	/* Halo's own UI shows 0.0085 */
	shows(notetime_hours_text, 31, "0.008611");
	shows(notetime_hours_text, 0, "0");
	assert_int_equal(notetime_from_hours(0.25), 900);
	assert_int_equal(notetime_from_hours(0.166667), 600);
	assert_int_equal(notetime_from_hours(-1), 0);
	assert_int_equal(notetime_from_hours(1e300), 0);
}

/* My time today: the local day as UTC bounds, whatever the zone. */
static void test_mytime_day(void **state)
{
	char a[40], b[40], label[64];
	time_t noon = 1796212800;   /* 2026-12-02 12:00:00 UTC */

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	mytime_day(noon, a, b, sizeof a, label, sizeof label);
	assert_string_equal(a, "2026-12-02T00:00:00Z");
	assert_string_equal(b, "2026-12-03T00:00:00Z");
	assert_string_equal(label, "Wed  2 Dec 2026");
	setenv("TZ", "Pacific/Auckland", 1);   /* UTC+13 in December */
	tzset();
	mytime_day(noon, a, b, sizeof a, NULL, 0);
	assert_string_equal(a, "2026-12-02T11:00:00Z");
	assert_string_equal(b, "2026-12-03T11:00:00Z");
	setenv("TZ", "America/New_York", 1);   /* UTC-5 */
	tzset();
	mytime_day(noon - 13 * 3600, a, b, sizeof a, NULL, 0);   /* 06:00 local */
	assert_string_equal(a, "2026-12-01T05:00:00Z");
	assert_string_equal(b, "2026-12-02T05:00:00Z");
	setenv("TZ", "UTC", 1);
	tzset();
}

static void test_mytime_request_and_total(void **state)
{
	struct request *req;
	const struct resource *res = resource_find("timesheetevents");
	cJSON *o1 = cJSON_Parse("{\"id\": 1, \"timetaken\": 0.25, \"ticket_id\": 300,"
	                        " \"subject\": \"Printer \\u001b[2J jam\","
	                        " \"start_date\": \"2026-12-02T09:12:00Z\"}");
	cJSON *o2 = cJSON_Parse("{\"id\": 2, \"timetaken\": 1,"
	                        " \"start_date\": \"2026-12-02T08:00:00\"}");
	struct record *ev[2];
	char *line;

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	req = mytime_request(2, 1796212800);
	assert_non_null(req);
	assert_int_equal(req->params.n, 3);
	assert_string_equal(req->params.items[0].key, "agent_id");
	assert_string_equal(req->params.items[0].value, "2");
	assert_string_equal(req->params.items[1].value, "2026-12-02T00:00:00Z");
	request_free(&req);
	ev[0] = record_take(res, o1);
	ev[1] = record_take(res, o2);
	assert_non_null(ev[0]);
	assert_non_null(ev[1]);
	mytime_sort(ev, 2);
	assert_int_equal(ev[0]->id, 2);
	assert_int_equal(mytime_total(ev, 2), 4500);
	line = mytime_line(ev[1]);
	assert_non_null(line);
	assert_non_null(strstr(line, "09:12"));
	assert_non_null(strstr(line, "0:15"));
	assert_non_null(strstr(line, "ticket 300"));
	assert_null(strchr(line, '\x1b'));   /* the server's text made safe */
	free(line);
	record_free(&ev[0]);
	record_free(&ev[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_forms),
		cmocka_unit_test(test_parse_refused),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_hours),
		cmocka_unit_test(test_mytime_day),
		cmocka_unit_test(test_mytime_request_and_total),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("notetime", tests, NULL, NULL);
}
