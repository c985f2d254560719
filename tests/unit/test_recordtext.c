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

/* HALO_API.md F1: a ticket's priority is named by its own SLA: the full
 * record's priority object, else the lookup entry of its sla_id. */
static void test_priority_per_sla(void **state)
{
	const struct field_def *pf = resource_field(tickets, "priority");
	struct record *full = rec(tickets, "{\"id\": 1, \"priority_id\": 2,"
	    " \"sla_id\": 2, \"priority\": {\"slaid\": 2, \"priorityid\": 2,"
	    " \"name\": \"From the object\"}}");
	struct record *row1 = rec(tickets, "{\"id\": 2, \"priority_id\": 2,"
	                          " \"sla_id\": 1}");
	struct record *row2 = rec(tickets, "{\"id\": 3, \"priority_id\": 2,"
	                          " \"sla_id\": 2}");
	struct record *row9 = rec(tickets, "{\"id\": 4, \"priority_id\": 2,"
	                          " \"sla_id\": 9}");
	cJSON *arr = cJSON_Parse("[{\"slaid\":1,\"priorityid\":2,\"name\":\"High\"},"
	    "{\"slaid\":2,\"priorityid\":2,\"name\":\"P2 Next Day\"}]");
	const struct resource *pres = resource_for_lookup(LOOKUP_PRIORITY);
	struct record *pr[2];
	struct lookups lk;
	struct errbuf err;
	char *v;

	(void)state;
	assert_non_null(pf);
	pr[0] = record_copy(pres, cJSON_GetArrayItem(arr, 0));
	pr[1] = record_copy(pres, cJSON_GetArrayItem(arr, 1));
	cJSON_Delete(arr);
	lookups_init(&lk);
	assert_int_equal(lookups_set(&lk, LOOKUP_PRIORITY, pr, 2, &err), HALO_OK);
	assert_int_equal(record_scope(row2, pf), 2);
	v = record_display(full, pf, &lk);
	assert_string_equal(v, "From the object");
	free(v);
	v = record_display(row1, pf, &lk);
	assert_string_equal(v, "High");
	free(v);
	v = record_display(row2, pf, &lk);
	assert_string_equal(v, "P2 Next Day");
	free(v);
	/* An SLA the list does not know: the id, not another SLA's name. */
	v = record_display(row9, pf, &lk);
	assert_string_equal(v, "#2");
	free(v);
	record_free(&pr[0]);
	record_free(&pr[1]);
	record_free(&full);
	record_free(&row1);
	record_free(&row2);
	record_free(&row9);
	lookups_done(&lk);
}

/* HALO_API.md F3, F4: unset custom fields and dates show nothing; set
 * ones their display text; multi-selects their display list; dates
 * without Z are UTC. */
static void test_unset_values(void **state)
{
	struct record *r = rec(tickets,
		"{\"id\": 5, \"summary\": \"s\","
		" \"dateoccurred\": \"2022-09-26T16:15:38.897\","
		" \"respondbydate\": \"2019-01-09T09:37:08.7\","
		" \"fixbydate\": \"1899-12-30T00:00:00\","
		" \"targetdate\": \"0001-01-01T00:00:00\","
		" \"deadlinedate\": \"1900-01-01T00:00:00\","
		" \"customfields\": ["
		"  {\"label\": \"Service\", \"value\": 0, \"display\": \"\"},"
		"  {\"label\": \"Change type\", \"value\": 0},"
		"  {\"label\": \"Go-live\", \"value\": \"1900-01-01T00:00:00\"},"
		"  {\"label\": \"Reviewed\", \"value\": \"2024-06-20T14:45:16\","
		"   \"display\": \"20/06/2024\"},"
		"  {\"label\": \"Regions\", \"value\": [{\"id\": 1, \"display\": \"EU\"},"
		"   {\"id\": 2, \"display\": \"US\"}]},"
		"  {\"label\": \"Tags\", \"display\": [\"a\", \"b\"]}]}");
	struct record_text rt;
	struct lookups lk;

	(void)state;
	lookups_init(&lk);
	assert_int_equal(record_text_build(&rt, r, &lk), 0);
	assert_string_equal(value_of(&rt.fields, "Opened"), "2022-09-26 16:15");
	assert_string_equal(value_of(&rt.fields, "Respond by"), "2019-01-09 09:37");
	assert_null(value_of(&rt.fields, "Fix by"));
	assert_null(value_of(&rt.fields, "Target"));
	assert_null(value_of(&rt.fields, "Deadline"));
	assert_null(value_of(&rt.custom, "Service"));
	assert_null(value_of(&rt.custom, "Change type"));
	assert_null(value_of(&rt.custom, "Go-live"));
	assert_string_equal(value_of(&rt.custom, "Reviewed"), "20/06/2024");
	assert_string_equal(value_of(&rt.custom, "Regions"), "EU, US");
	assert_string_equal(value_of(&rt.custom, "Tags"), "a, b");
	assert_int_equal(rt.custom.n, 3);
	record_text_done(&rt);
	record_free(&r);
	lookups_done(&lk);
}

/* HALO_API.md F2: of a LIKE search's matches the exact name wins. */
static void test_exact_title(void **state)
{
	const struct resource *cl = resource_find("clients");
	struct record *r[3] = {
		rec(cl, "{\"id\": 1, \"name\": \"Initech Holdings\"}"),
		rec(cl, "{\"id\": 2, \"name\": \"Initech\"}"),
		rec(cl, "{\"id\": 3, \"name\": \"initech\"}"),
	};

	(void)state;
	assert_int_equal(records_exact_title(r, 2, "initech"), 1);
	assert_int_equal(records_exact_title(r, 2, " Initech "), 1);
	assert_int_equal(records_exact_title(r, 2, "Init"), -1);
	assert_int_equal(records_exact_title(r, 3, "Initech"), -1);
	assert_int_equal(records_exact_title(r, 0, "Initech"), -1);
	for (int i = 0; i < 3; i++)
		record_free(&r[i]);
}

/* Contract and client notes are HTML in many tenants: rendered, never
 * shown raw; a ticket's plain details stay plain. */
static void test_html_notes(void **state)
{
	struct record *k = rec(resource_find("contracts"), "{\"id\": 3, "
	    "\"ref\": \"C-3\", \"note\": \"Includes <b>out-of-hours</b> "
	    "cover &amp; on-site visits.\"}");
	struct record *t = rec(tickets, "{\"id\": 4, \"details\": "
	    "\"Update the <Out of Office> banner\"}");
	char *b;

	(void)state;
	assert_true(record_text_is_html("<p>x</p>"));
	assert_true(record_text_is_html("a<br/>b"));
	assert_true(record_text_is_html("a &amp; b"));
	assert_false(record_text_is_html("a < b > c"));
	assert_false(record_text_is_html("the <Out of Office> banner"));
	assert_false(record_text_is_html(NULL));
	b = record_body_text(k, 80);
	assert_string_equal(b, "Includes out-of-hours cover & on-site visits.");
	free(b);
	b = record_body_text(t, 80);
	assert_string_equal(b, "Update the <Out of Office> banner");
	free(b);
	record_free(&k);
	record_free(&t);
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

/* Lookup lists are asked for only for ids a record leaves unnamed. */
static void test_missing_lookups(void **state)
{
	struct record *named = rec(tickets, "{\"id\":1,\"status_id\":2,"
	        "\"status_name\":\"Open\",\"agent_id\":3,\"agent_name\":\"Ann\","
	        "\"priority_id\":1,\"priority\":{\"name\":\"High\"},"
	        "\"tickettype_id\":1,\"tickettype_name\":\"Incident\","
	        "\"team\":\"Ops\"}");
	struct record *bare = rec(tickets, "{\"id\":2,\"status_id\":2,"
	        "\"agent_id\":0,\"priority_id\":1,\"team\":\"Ops\"}");
	struct record *both[2];
	struct record *st[1];
	enum lookup_kind kinds[LOOKUP__COUNT];
	struct lookups lk;
	struct errbuf err;

	(void)state;
	both[0] = named;
	both[1] = bare;
	lookups_init(&lk);
	assert_int_equal(records_missing_lookups(&named, 1, FIELD_DETAIL, &lk,
	                                         kinds), 0);
	/* Status and priority ids without names; agent 0 and the team's
	 * text need nothing; each kind once. */
	assert_int_equal(records_missing_lookups(both, 2, FIELD_DETAIL, &lk,
	                                         kinds), 2);
	assert_int_equal(kinds[0], LOOKUP_STATUS);
	assert_int_equal(kinds[1], LOOKUP_PRIORITY);
	/* The type is a detail field, not a column. */
	assert_int_equal(records_missing_lookups(both, 2, FIELD_COLUMN, &lk,
	                                         kinds), 2);
	st[0] = rec(resource_for_lookup(LOOKUP_STATUS), "{\"id\":2,\"name\":\"Open\"}");
	assert_int_equal(lookups_set(&lk, LOOKUP_STATUS, st, 1, &err), HALO_OK);
	assert_int_equal(records_missing_lookups(both, 2, FIELD_DETAIL, &lk,
	                                         kinds), 1);
	assert_int_equal(kinds[0], LOOKUP_PRIORITY);
	record_free(&st[0]);
	record_free(&named);
	record_free(&bare);
	lookups_done(&lk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_title),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_priority_per_sla),
		cmocka_unit_test(test_unset_values),
		cmocka_unit_test(test_exact_title),
		cmocka_unit_test(test_html_notes),
		cmocka_unit_test(test_label_width),
		cmocka_unit_test(test_body_label),
		cmocka_unit_test(test_missing_lookups),
	};

	setlocale(LC_ALL, "");
	tickets = resource_find("tickets");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("recordtext", tests, NULL, NULL);
}
