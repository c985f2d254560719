/* SPDX-License-Identifier: MIT */
/* Deleting a record: the request (tickets by id, notes by id and ticket),
 * the question that names it, the id typed back, the words by HTTP status,
 * and the cache files that forget it. */
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

#include "cachefile.h"
#include "delete.h"
#include "worker_private.h"
#include "testdir.h"

static int setup(void **state)
{
	(void)state;
	return testdir_make("delete", "XDG_CACHE_HOME", NULL);
}

static void test_request(void **state)
{
	const struct resource *t = resource_find("tickets");
	const struct resource *a = resource_find("actions");
	struct request *r;
	char *path;

	(void)state;
	r = request_delete(t, 1234, 99);
	assert_non_null(r);
	assert_int_equal(r->kind, REQ_DELETE);
	path = request_path(r);
	assert_string_equal(path, "/api/Tickets/1234");
	free(path);
	request_free(&r);

	r = request_delete(a, 3, 1234);
	assert_non_null(r);
	path = request_path(r);
	assert_string_equal(path, "/api/Actions/3?ticket_id=1234");
	free(path);
	request_free(&r);

	/* A note needs its ticket; only tickets and notes; ids > 0. */
	assert_null(request_delete(a, 3, 0));
	assert_null(request_delete(resource_find("clients"), 3, 0));
	assert_null(request_delete(t, 0, 0));
	assert_null(request_delete(NULL, 1, 0));
	assert_true(delete_allowed(t));
	assert_false(delete_allowed(resource_find("sites")));
}

static struct record *rec(const char *res, const char *json)
{
	struct record *r = record_take(resource_find(res), cJSON_Parse(json));

	assert_non_null(r);
	return r;
}

static void test_describe(void **state)
{
	const struct resource *t = resource_find("tickets");
	const struct resource *a = resource_find("actions");
	struct record *r = rec("tickets", "{\"id\":1234,\"summary\":"
	                       "\"Printer \\u001b[31mon\\nfire\"}");
	char out[400];

	(void)state;
	delete_describe(t, 1234, 0, r, out, sizeof out);
	assert_string_equal(out, "ticket 1234 'Printer on fire'");
	delete_describe(t, 1234, 0, NULL, out, sizeof out);
	assert_string_equal(out, "ticket 1234");
	record_free(&r);

	r = rec("actions", "{\"id\":3,\"ticket_id\":1234,\"outcome\":\"Note\"}");
	delete_describe(a, 3, 1234, r, out, sizeof out);
	assert_string_equal(out, "note 3 on ticket 1234 'Note'");
	record_free(&r);

	/* A long title is cut to 60 columns. */
	r = rec("tickets", "{\"id\":1,\"summary\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}");
	delete_describe(t, 1, 0, r, out, sizeof out);
	assert_true(strlen(out) < 80);
	record_free(&r);
}

static void test_typed(void **state)
{
	(void)state;
	assert_true(delete_typed_ok("1234", 1234));
	assert_true(delete_typed_ok("  1234 \n", 1234));
	assert_false(delete_typed_ok("1235", 1234));
	assert_false(delete_typed_ok("12345", 1234));
	assert_false(delete_typed_ok("1234x", 1234));
	assert_false(delete_typed_ok("+1234", 1234));
	assert_false(delete_typed_ok("yes", 1234));
	assert_false(delete_typed_ok("", 1234));
	assert_false(delete_typed_ok(NULL, 1234));
	assert_false(delete_typed_ok("0", 0));
}

static void test_failure_text(void **state)
{
	char out[600];

	(void)state;
	delete_failure_text("ticket 5", 404, "", out, sizeof out);
	assert_string_equal(out, "ticket 5 not deleted: it is not there: "
	                    "deleted already, or never was (reload the list)");
	delete_failure_text("ticket 5", 403, "Forbidden (DELETE /api/Tickets/5)",
	                    out, sizeof out);
	assert_non_null(strstr(out, "needs permission to delete"));
	assert_non_null(strstr(out, "; Forbidden (DELETE"));
	delete_failure_text("ticket 5", 500, "boom", out, sizeof out);
	assert_non_null(strstr(out, "may or may not be deleted"));
	delete_failure_text("ticket 5", 0, NULL, out, sizeof out);
	assert_non_null(strstr(out, "no answer"));
}

static const struct cache_owner owner = { "https://h.example", "t", "c" };

static void put(const struct settings *s, const char *name, const char *json)
{
	char path[4096];
	struct errbuf err;

	assert_int_equal(cachefile_path(XDG_CACHE, NULL, s->profile, name, path,
	                                sizeof path), 0);
	assert_int_equal(cachefile_write(path, &owner, json, strlen(json), &err),
	                 HALO_OK);
}

static char *get(const struct settings *s, const char *name)
{
	char path[4096], *data = NULL;
	size_t len;
	time_t saved;

	assert_int_equal(cachefile_path(XDG_CACHE, NULL, s->profile, name, path,
	                                sizeof path), 0);
	if (!cachefile_read(path, &owner, &data, &len, &saved))
		return NULL;
	return data;
}

static void test_forget_cached(void **state)
{
	struct settings s;
	struct errbuf err;
	char *d;
	char profile[] = "work", base[] = "https://h.example", tenant[] = "t",
	     client[] = "c";

	(void)state;
	settings_init(&s);
	s.profile = profile;
	s.base_url = base;
	s.tenant = tenant;
	s.client_id = client;
	s.cache = true;
	put(&s, "rows-tickets-0123456789abcdef",
	    "{\"record_count\":3,\"tickets\":[{\"id\":7},{\"id\":8},{\"id\":9}]}");
	put(&s, "rows-tickets-fedcba9876543210",
	    "{\"record_count\":2,\"tickets\":[{\"id\":1},{\"id\":2}]}");
	put(&s, "rows-clients-0123456789abcdef",
	    "{\"record_count\":1,\"clients\":[{\"id\":8}]}");
	put(&s, "rows-actions-0123456789abcdef",
	    "{\"ticket_id\":40,\"record_count\":2,\"actions\":"
	    "[{\"id\":8},{\"id\":9}]}");

	assert_int_equal(delete_forget_cached(&s, resource_find("tickets"), 8, 0,
	                                      &err), 1);
	d = get(&s, "rows-tickets-0123456789abcdef");
	assert_non_null(d);
	assert_string_equal(d, "{\"record_count\":2,\"tickets\":"
	                    "[{\"id\":7},{\"id\":9}]}");
	free(d);
	d = get(&s, "rows-tickets-fedcba9876543210");
	assert_non_null(strstr(d, "{\"id\":2}"));
	free(d);
	/* Another resource's id 8 is another record. */
	d = get(&s, "rows-clients-0123456789abcdef");
	assert_non_null(strstr(d, "{\"id\":8}"));
	free(d);

	/* A note: its id and its ticket. */
	assert_int_equal(delete_forget_cached(&s, resource_find("actions"), 8, 41,
	                                      &err), 0);
	assert_int_equal(delete_forget_cached(&s, resource_find("actions"), 8, 40,
	                                      &err), 1);
	d = get(&s, "rows-actions-0123456789abcdef");
	assert_non_null(d);
	assert_null(strstr(d, "{\"id\":8}"));
	free(d);

	/* cache: false keeps no file to change. */
	s.cache = false;
	assert_int_equal(delete_forget_cached(&s, resource_find("tickets"), 9, 0,
	                                      &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_typed),
		cmocka_unit_test(test_failure_text),
		cmocka_unit_test(test_forget_cached),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("delete", tests, setup,
	                                   testdir_teardown);
}
