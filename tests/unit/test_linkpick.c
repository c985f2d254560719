/* SPDX-License-Identifier: MIT */
/* Choosing a site or user of a client: the owner relation from the
 * resource table, the scoped request, the owner of a record and the
 * picker's labels. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "linkpick.h"
#include "worker_private.h"

static void test_scope(void **state)
{
	const struct filter_def *f;

	(void)state;
	f = linkpick_scope(resource_find("sites"), "clients");
	assert_non_null(f);
	assert_string_equal(f->param, "client_id");
	f = linkpick_scope(resource_find("users"), "clients");
	assert_non_null(f);
	assert_string_equal(f->param, "client_id");
	/* A client belongs to nothing; unknown owners have none. */
	assert_null(linkpick_scope(resource_find("clients"), "clients"));
	assert_null(linkpick_scope(resource_find("sites"), "agents"));
	assert_null(linkpick_scope(NULL, "clients"));
}

static void test_request(void **state)
{
	const struct resource *sites = resource_find("sites");
	const struct filter_def *f = linkpick_scope(sites, "clients");
	struct request *r;
	char *path;

	(void)state;
	assert_null(linkpick_request(sites, f, 0));
	assert_null(linkpick_request(sites, NULL, 3));
	r = linkpick_request(sites, f, 3);
	assert_non_null(r);
	assert_int_equal(r->kind, REQ_LIST);
	assert_int_equal(r->cache_ttl_s, LINKPICK_TTL_S);
	path = request_path(r);
	assert_non_null(strstr(path, "/api/Site?"));
	assert_non_null(strstr(path, "client_id=3"));
	assert_non_null(strstr(path, "page_size=100"));
	assert_non_null(strstr(path, "page_no=1"));
	free(path);
	request_free(&r);
}

static void test_owner_and_label(void **state)
{
	const struct resource *sites = resource_find("sites");
	const struct filter_def *f = linkpick_scope(sites, "clients");
	struct record *r = record_take(sites, cJSON_Parse(
		"{\"id\":4,\"name\":\"London\\u001b[2J\",\"client_id\":3.0,"
		"\"client_name\":\"Acme\\nLtd\"}"));
	const char *name;
	char *label;

	(void)state;
	assert_non_null(r);
	assert_int_equal(linkpick_owner(r, f, &name), 3);
	assert_string_equal(name, "Acme\nLtd");
	label = linkpick_label(r, f);
	assert_string_equal(label, "London  (Acme Ltd)");
	free(label);
	label = linkpick_label(r, NULL);
	assert_string_equal(label, "London");
	free(label);
	record_free(&r);

	/* No owner named: the title alone; none at all: 0. */
	r = record_take(sites, cJSON_Parse("{\"id\":5,\"name\":\"Depot\"}"));
	assert_int_equal(linkpick_owner(r, f, &name), 0);
	assert_null(name);
	label = linkpick_label(r, f);
	assert_string_equal(label, "Depot");
	free(label);
	record_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scope),
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_owner_and_label),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("linkpick", tests, NULL, NULL);
}
