/* SPDX-License-Identifier: MIT */
/* The request constructors both front ends use: a page of a list with
 * every part of its query copied, one record, a record's notes, a POST;
 * and the table's answers they rely on (the child resource, the lookups a
 * resource's fields need). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "request.h"

static void test_page(void **state)
{
	const struct resource *t = resource_find("tickets");
	struct kv_list params = { 0 };
	struct list_query q = { .search = "printer", .params = &params,
	                        .order = "id", .orderdesc = true,
	                        .ticket_id = 0, .count = 0 };
	struct request *r;

	(void)state;
	assert_int_equal(kv_add(&params, "status_id", "9"), 0);
	r = request_page(t, &q, 3, 50);
	assert_non_null(r);
	assert_int_equal(r->kind, REQ_LIST);
	assert_ptr_equal(r->res, t);
	assert_string_equal(r->search, "printer");
	assert_string_equal(r->order, "id");
	assert_true(r->orderdesc);
	assert_int_equal(r->page_no, 3);
	assert_int_equal(r->page_size, 50);
	assert_string_equal(kv_get(&r->params, "status_id"), "9");
	/* Copies: the query's own lists stay the caller's. */
	assert_ptr_not_equal(r->params.items, params.items);
	request_free(&r);
	assert_null(r);
	kv_done(&params);
	/* No query, an empty search and order: none sent. */
	q = (struct list_query){ .search = "", .order = "" };
	r = request_page(t, &q, 0, 0);
	assert_null(r->search);
	assert_null(r->order);
	request_free(&r);
	r = request_page(t, NULL, 1, 10);
	assert_non_null(r);
	assert_int_equal(r->params.n, 0);
	request_free(&r);
	request_free(NULL);
}

static void test_item_notes_post(void **state)
{
	const struct resource *t = resource_find("tickets");
	const struct resource *a = resource_find("actions");
	struct request *r;

	(void)state;
	r = request_item(a, 5, 9);
	assert_int_equal(r->kind, REQ_GET);
	assert_int_equal(r->id, 5);
	assert_int_equal(r->ticket_id, 9);
	request_free(&r);
	/* A ticket's notes are its actions, asked for in one request. */
	r = request_notes_for(t, 42, 500);
	assert_non_null(r);
	assert_ptr_equal(r->res, a);
	assert_int_equal(r->kind, REQ_LIST);
	assert_int_equal(r->ticket_id, 42);
	assert_int_equal(r->count, 500);
	assert_int_equal(r->page_no, 0);
	request_free(&r);
	assert_null(request_notes_for(resource_find("clients"), 1, 0));
	assert_null(request_notes_for(NULL, 1, 0));
	assert_null(request_post(t, NULL));
	r = request_post(t, strdup("[{}]"));
	assert_int_equal(r->kind, REQ_POST);
	assert_string_equal(r->body, "[{}]");
	request_free(&r);
}

static void test_table_answers(void **state)
{
	enum lookup_kind kinds[LOOKUP__COUNT];
	size_t n;

	(void)state;
	assert_ptr_equal(resource_child(resource_find("tickets")),
	                 resource_find("actions"));
	assert_null(resource_child(resource_find("actions")));
	assert_null(resource_child(NULL));
	/* Tickets' columns name statuses, priorities, agents and teams. */
	n = resource_lookups(resource_find("tickets"), FIELD_COLUMN, kinds);
	assert_true(n >= 3);
	for (size_t i = 0; i < n; i++) {
		assert_int_not_equal(kinds[i], LOOKUP_NONE);
		for (size_t j = 0; j < i; j++)
			assert_int_not_equal(kinds[i], kinds[j]);
	}
	n = resource_lookups(resource_find("tickets"), FIELD_DETAIL, kinds);
	assert_true(n >= 4);
	assert_int_equal(resource_lookups(NULL, FIELD_DETAIL, kinds), 0);
	assert_int_equal(resource_lookups(resource_find("tickets"), 0, kinds), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page),
		cmocka_unit_test(test_item_notes_post),
		cmocka_unit_test(test_table_answers),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("request", tests, NULL, NULL);
}
