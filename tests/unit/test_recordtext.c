/* SPDX-License-Identifier: MIT */
/* A record as text for people: the title, the fields with names for ids
 * (the lookup's name, the record's own name member, or "#id"), empty and
 * sentinel values left out, the id and title not repeated, custom fields,
 * and the label that heads the long text. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "recordtext.h"

static const struct resource *tickets;

static struct record *rec(const struct resource *res, const char *json)
{
	cJSON *o = cJSON_Parse(json);

	assert_non_null(o);
	return record_take(res, o);
}

static const char *value_of(const struct kv_list *l, const char *label)
{
	return kv_get(l, label);
}

static void test_edges(void **state)
{
	struct record_text rt;
	struct record *r = rec(tickets, "{}");
	char *t;

	(void)state;
	assert_int_equal(record_text_build(&rt, NULL, NULL), 0);
	assert_null(rt.title);
	assert_int_equal(rt.fields.n, 0);
	record_text_done(&rt);
	/* A bare record: a title, nothing else, no crash. */
	assert_int_equal(record_text_build(&rt, r, NULL), 0);
	assert_string_equal(rt.title, "Ticket 0");
	assert_int_equal(rt.fields.n, 0);
	assert_int_equal(rt.custom.n, 0);
	assert_string_equal(rt.body_label, "Details");
	record_text_done(&rt);
	record_text_done(&rt);
	record_free(&r);
	t = record_title(NULL);
	assert_string_equal(t, "Record 0");
	free(t);
}

static void test_title(void **state)
{
	struct record *r = rec(tickets, "{\"id\": 42, \"summary\": "
	                       "\"VPN \\u001b]0;evil\\u0007down\"}");
	struct record *c = rec(resource_find("clients"), "{\"id\": 7, "
	                       "\"name\": \"Acme\"}");
	char *t;

	(void)state;
	t = record_title(r);
	assert_string_equal(t, "Ticket 42: VPN down");
	free(t);
	t = record_title(c);
	assert_string_equal(t, "Client 7: Acme");
	free(t);
	record_free(&r);
	record_free(&c);
}

static void test_fields(void **state)
{
	struct record *r = rec(tickets,
		"{\"id\": 42, \"summary\": \"VPN down\", \"status_id\": 2,"
		" \"agent_id\": 5, \"client_id\": 7, \"client_name\": \"Acme\","
		" \"tickettype_id\": 99,"
		" \"dateoccurred\": \"2024-06-20T14:45:15Z\","
		" \"deadlinedate\": \"1900-01-01T00:00:00\", \"onhold\": false,"
		" \"category_1\": \"\","
		" \"customfields\": [{\"label\": \"Tier\", \"display\": \"Gold\"},"
		"   {\"label\": \"Empty\", \"display\": \"\"}]}");
	struct lookups lk;
	struct record *st[1];
	cJSON *o = cJSON_Parse("{\"id\": 2, \"name\": \"In Progress\"}");
	struct record_text rt;
	struct errbuf err;

	(void)state;
	lookups_init(&lk);
	st[0] = record_take(resource_for_lookup(LOOKUP_STATUS), o);
	assert_int_equal(lookups_set(&lk, LOOKUP_STATUS, st, 1, &err), HALO_OK);
	assert_int_equal(record_text_build(&rt, r, &lk), 0);
	/* Names for ids: from the lookup, from the record, else "#id". */
	assert_string_equal(value_of(&rt.fields, "Status"), "In Progress");
	assert_string_equal(value_of(&rt.fields, "Client"), "Acme");
	assert_string_equal(value_of(&rt.fields, "Agent"), "#5");
	assert_string_equal(value_of(&rt.fields, "Type"), "#99");
	assert_string_equal(value_of(&rt.fields, "Opened"), "2024-06-20 14:45");
	assert_string_equal(value_of(&rt.fields, "On hold"), "no");
	/* Not repeated from the title; nothing for empty or sentinel values. */
	assert_null(value_of(&rt.fields, "ID"));
	assert_null(value_of(&rt.fields, "Summary"));
	assert_null(value_of(&rt.fields, "Deadline"));
	assert_null(value_of(&rt.fields, "Category"));
	/* In table order. */
	assert_string_equal(rt.fields.items[0].key, "Status");
	assert_int_equal(rt.custom.n, 1);
	assert_string_equal(rt.custom.items[0].key, "Tier");
	assert_string_equal(rt.custom.items[0].value, "Gold");
	record_text_done(&rt);
	record_free(&st[0]);
	record_free(&r);
	lookups_done(&lk);
}

static void test_label_width(void **state)
{
	(void)state;
	/* "Reported by" and "User e-mail" are the widest ticket labels. */
	assert_int_equal(record_text_label_width(tickets, 0, 0), 11);
	assert_int_equal(record_text_label_width(tickets, 0, 8), 8);
	assert_int_equal(record_text_label_width(tickets, 20, 0), 20);
	assert_int_equal(record_text_label_width(NULL, 6, 16), 6);
}

static void test_body_label(void **state)
{
	struct record *a = rec(resource_find("actions"), "{\"id\": 1}");
	struct record_text rt;

	(void)state;
	assert_int_equal(record_text_build(&rt, a, NULL), 0);
	assert_string_equal(rt.body_label, "Note");
	record_text_done(&rt);
	record_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_title),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_label_width),
		cmocka_unit_test(test_body_label),
	};

	setlocale(LC_ALL, "");
	tickets = resource_find("tickets");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("recordtext", tests, NULL, NULL);
}
