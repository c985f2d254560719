/* SPDX-License-Identifier: MIT */
/* "What changed": which tickets are newer than the last look (to the
 * millisecond, sentinels and bad dates left out, each ticket once,
 * newest first), who did what, and the last look kept per profile. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "changed.h"

static struct record *rec(const char *res, const char *json)
{
	cJSON *o = cJSON_Parse(json);

	assert_non_null(o);
	return record_take(resource_find(res), o);
}

static void test_date_ms(void **state)
{
	struct record *r = rec("tickets",
	                       "{\"a\":\"2024-07-01T09:00:00.9746271Z\","
	                       "\"b\":\"2024-07-01T09:00:00.5\","
	                       "\"c\":\"2024-07-01T09:00:00\","
	                       "\"d\":\"1900-01-01T00:00:00\",\"e\":7}");
	long long ms, base = 1719824400LL * 1000;

	(void)state;
	assert_true(changed_date_ms(r, "a", &ms));
	assert_int_equal(ms, base + 974);
	assert_true(changed_date_ms(r, "b", &ms));
	assert_int_equal(ms, base + 500);
	assert_true(changed_date_ms(r, "c", &ms));
	assert_int_equal(ms, base);
	assert_false(changed_date_ms(r, "d", &ms));
	assert_false(changed_date_ms(r, "e", &ms));
	assert_false(changed_date_ms(r, "missing", &ms));
	record_free(&r);
}

static void test_select(void **state)
{
	struct record *in[6];
	const struct record *out[6];
	long long since = 1719824400LL * 1000 + 500;   /* 09:00:00.5 */
	size_t n;

	(void)state;
	in[0] = rec("tickets", "{\"id\":1,\"lastactiondate\":\"2024-07-01T09:00:00.4\"}");
	in[1] = rec("tickets", "{\"id\":2,\"lastactiondate\":\"2024-07-01T09:00:00.6\"}");
	in[2] = rec("tickets", "{\"id\":3,\"lastactiondate\":\"2024-07-01T10:00:00\"}");
	in[3] = rec("tickets", "{\"id\":2,\"lastactiondate\":\"2024-07-01T09:00:00.6\"}");
	in[4] = rec("tickets", "{\"id\":4,\"lastactiondate\":\"1900-01-01T00:00:00\"}");
	in[5] = rec("tickets", "{\"id\":5,\"lastactiondate\":\"2024-07-01T10:00:00\"}");
	n = changed_select(in, 6, since, out, 6);
	/* Newest first, the same second by id; the one a moment before the
	 * look, the sentinel and the repeat left out. */
	assert_int_equal(n, 3);
	assert_int_equal(out[0]->id, 5);
	assert_int_equal(out[1]->id, 3);
	assert_int_equal(out[2]->id, 2);
	assert_int_equal(changed_select(in, 6, since, out, 1), 1);
	assert_int_equal(out[0]->id, 5);
	assert_int_equal(changed_select(in, 0, since, out, 6), 0);
	for (int i = 0; i < 6; i++)
		record_free(&in[i]);
}

static void test_who_what(void **state)
{
	struct record *a = rec("actions", "{\"outcome\":\"Phone Call\","
	                       "\"who\":\"Ana\\u001b[31m\"}");
	struct record *b = rec("actions", "{\"outcome\":null}");
	char buf[64];

	(void)state;
	changed_who_what(a, buf, sizeof buf);
	assert_string_equal(buf, "Phone Call \xc2\xb7 Ana");
	changed_who_what(b, buf, sizeof buf);
	assert_string_equal(buf, "note \xc2\xb7 someone");
	record_free(&a);
	record_free(&b);
}

static void test_last_look_kept(void **state)
{
	char dir[] = "/tmp/halotui-changed-XXXXXX";
	struct settings s;
	struct errbuf err;
	long long t = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("XDG_STATE_HOME", dir, 1);
	memset(&s, 0, sizeof s);
	s.base_url = "https://halo.example.com";
	s.tenant = "t";
	s.client_id = "c";
	s.profile = "work";
	assert_false(changed_last_look(&s, &t));
	assert_int_equal(changed_save_look(&s, 1719824400123LL, &err), HALO_OK);
	assert_true(changed_last_look(&s, &t));
	assert_int_equal(t, 1719824400123LL);
	/* Per profile, and per instance. */
	s.profile = "home";
	assert_false(changed_last_look(&s, &t));
	s.profile = "work";
	s.base_url = "https://other.example.com";
	assert_false(changed_last_look(&s, &t));
	/* Tidy up: the file, the profile's and halotui's directories. */
	{
		char path[512];

		snprintf(path, sizeof path, "%s/halotui/work/last-look", dir);
		assert_int_equal(unlink(path), 0);
		snprintf(path, sizeof path, "%s/halotui/work", dir);
		rmdir(path);
		snprintf(path, sizeof path, "%s/halotui", dir);
		rmdir(path);
		rmdir(dir);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_ms),
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_who_what),
		cmocka_unit_test(test_last_look_kept),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("changed", tests, NULL, NULL);
}
