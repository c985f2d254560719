/* SPDX-License-Identifier: MIT */
/* What halotui says about a 403 (scopes, permissions: HALO_API.md F7) and
 * an empty list that should have rows (the API agent's visibility: F9),
 * on screen and in the request log. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "hint.h"
#include "request.h"

static void test_forbidden(void **state)
{
	char buf[256];

	(void)state;
	hint_forbidden("POST", resource_find("tickets"), buf, sizeof buf);
	assert_non_null(strstr(buf, "403"));
	assert_non_null(strstr(buf, "scopes"));
	assert_non_null(strstr(buf, "POST on tickets"));
	hint_forbidden(NULL, NULL, buf, sizeof buf);
	assert_non_null(strstr(buf, "this request on this resource"));
	hint_forbidden("GET", resource_find("assets"), buf, 8);
	assert_int_equal(strlen(buf), 7);
}

static void test_empty_list(void **state)
{
	(void)state;
	assert_non_null(strstr(hint_empty_list(resource_find("tickets")),
	                       "all customers"));
	assert_non_null(hint_empty_list(resource_find("clients")));
	/* Lookup lists and notes do not depend on customer visibility. */
	assert_null(hint_empty_list(resource_find("statuses")));
	assert_null(hint_empty_list(resource_find("actions")));
	assert_null(hint_empty_list(NULL));
}

static void test_log_note(void **state)
{
	const struct resource *t = resource_find("tickets");
	struct request *r = request_new(REQ_LIST, t);
	const char *empty = "{\"record_count\":0,\"tickets\":[]}";
	const char *rows = "{\"record_count\":2,\"tickets\":[{},{}]}";
	char buf[300];

	(void)state;
	assert_non_null(r);
	r->page_no = 1;
	assert_non_null(strstr(hint_log_note(r, "GET", 200, empty, strlen(empty),
	                                     buf, sizeof buf), "API agent"));
	assert_null(hint_log_note(r, "GET", 200, rows, strlen(rows), buf,
	                          sizeof buf));
	assert_null(hint_log_note(r, "GET", 500, empty, strlen(empty), buf,
	                          sizeof buf));
	assert_non_null(strstr(hint_log_note(r, "GET", 403, "", 0, buf,
	                                     sizeof buf), "GET on tickets"));
	/* A filtered or searched list may well be empty. */
	assert_int_equal(kv_add(&r->params, "status_id", "1"), 0);
	assert_null(hint_log_note(r, "GET", 200, empty, strlen(empty), buf,
	                          sizeof buf));
	request_free(&r);
	r = request_search(resource_find("clients"), "x", 5);
	assert_null(hint_log_note(r, "GET", 200, "{\"record_count\":0}", 18,
	                          buf, sizeof buf));
	request_free(&r);
	assert_null(hint_log_note(NULL, "GET", 403, "", 0, buf, sizeof buf));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forbidden),
		cmocka_unit_test(test_empty_list),
		cmocka_unit_test(test_log_note),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("hint", tests, NULL, NULL);
}
