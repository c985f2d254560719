/* SPDX-License-Identifier: MIT */
/* The edit form's model: fields of a record, what changed, and the exact
 * one-element POST body (changed fields only; nothing when nothing
 * changed; notes and creates). */
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

#include "api.h"
#include "form.h"

static const struct resource *tickets, *actions, *clients;
static struct lookups lk;

static struct record *rec(const struct resource *res, const char *json)
{
	cJSON *o = cJSON_Parse(json);

	assert_non_null(o);
	return record_take(res, o);
}

static struct form_field *field(struct form *fm, const char *key)
{
	for (size_t i = 0; i < fm->n; i++)
		if (strcmp(fm->f[i].def->key, key) == 0)
			return &fm->f[i];
	fail_msg("no field %s", key);
	return NULL;
}

static const char *ticket_json =
	"{\"id\": 12, \"summary\": \"Printer \\u001b[31mon fire\", \"status_id\": 2,"
	" \"priority_id\": 3, \"agent_id\": 4, \"team\": \"1st Line\","
	" \"details\": \"line one\\nline two\", \"client_id\": 7,"
	" \"client_name\": \"Acme\", \"tickettype_id\": null}";

static void test_edge_cases(void **state)
{
	struct form fm;
	struct errbuf err = { "" };
	char *json = (char *)1;

	(void)state;
	assert_int_equal(form_init(&fm, FORM_EDIT, NULL, NULL, &lk), -2);
	assert_int_equal(form_init(&fm, FORM_EDIT, tickets, NULL, &lk), -2);
	assert_int_equal(form_init(&fm, FORM_NOTE, actions, NULL, &lk), -2);
	form_done(&fm);
	/* A record with nothing in it still gives a form. */
	{
		struct record *r = rec(tickets, "{\"id\": 5}");
		assert_int_equal(form_init(&fm, FORM_EDIT, tickets, r, &lk), 0);
		assert_true(fm.n > 0);
		assert_false(form_changed(&fm));
		assert_int_equal(form_body(&fm, &json, &err), HALO_EUSAGE);
		assert_null(json);
		assert_non_null(strstr(err.msg, "nothing changed"));
		form_done(&fm);
		form_done(&fm);
		record_free(&r);
	}
}

static void test_edit_changed_only(void **state)
{
	struct record *r = rec(tickets, ticket_json);
	struct form fm;
	struct errbuf err = { "" };
	char *json = NULL;

	(void)state;
	assert_int_equal(form_init(&fm, FORM_EDIT, tickets, r, &lk), 0);
	assert_int_equal(fm.id, 12);
	/* Server text is kept as it came (only its display is made safe);
	 * unchanged, it is never sent. */
	assert_string_equal(field(&fm, "summary")->value, "Printer \x1b[31mon fire");
	assert_string_equal(field(&fm, "details")->value, "line one\nline two");
	assert_int_equal(field(&fm, "status_id")->id, 2);
	assert_false(form_changed(&fm));
	assert_int_equal(form_body(&fm, &json, &err), HALO_EUSAGE);

	assert_int_equal(form_set_id(field(&fm, "status_id"), 9, "Closed"), 0);
	assert_int_equal(form_set_text(field(&fm, "summary"), "New \"summary\""), 0);
	assert_true(form_field_changed(&fm, field(&fm, "status_id")));
	assert_false(form_field_changed(&fm, field(&fm, "priority_id")));
	assert_int_equal(form_body(&fm, &json, &err), HALO_OK);
	assert_string_equal(json,
	                    "[{\"id\":12,\"status_id\":9,\"summary\":\"New \\\"summary\\\"\"}]");
	free(json);

	/* Back to the original: nothing to send again. */
	assert_int_equal(form_set_id(field(&fm, "status_id"), 2, NULL), 0);
	assert_int_equal(form_set_text(field(&fm, "summary"), field(&fm, "summary")->orig), 0);
	assert_false(form_changed(&fm));
	/* The team is posted by name. */
	assert_int_equal(form_set_text(field(&fm, "team"), "2nd Line"), 0);
	assert_int_equal(form_body(&fm, &json, &err), HALO_OK);
	assert_string_equal(json, "[{\"id\":12,\"team\":\"2nd Line\"}]");
	free(json);
	form_done(&fm);
	record_free(&r);
}

static void test_display(void **state)
{
	struct record *r = rec(tickets, ticket_json);
	struct form fm;
	char *s;

	(void)state;
	assert_int_equal(form_init(&fm, FORM_EDIT, tickets, r, &lk), 0);
	s = form_display(field(&fm, "status_id"), &lk);
	assert_string_equal(s, "In Progress");  /* from the lookup */
	free(s);
	assert_int_equal(form_set_id(field(&fm, "agent_id"), 99, NULL), 0);
	s = form_display(field(&fm, "agent_id"), &lk);
	assert_string_equal(s, "#99");  /* unknown: the id */
	free(s);
	assert_int_equal(form_set_id(field(&fm, "agent_id"), 0, NULL), 0);
	s = form_display(field(&fm, "agent_id"), &lk);
	assert_string_equal(s, "");
	free(s);
	form_done(&fm);
	record_free(&r);
}

/* The form edits the server's text, not what the screen shows of it: a
 * tab and a bidi mark are shown as a space and nothing, but kept. */
static void test_real_values_kept(void **state)
{
	struct record *r = rec(tickets,
		"{\"id\": 16, \"summary\": \"\\u202egnp.exe\\u202c\\there\","
		" \"details\": \"a\\u0007b\\r\\nc\", \"category_1\": \"Printing\"}");
	struct form fm;
	struct errbuf err = { "" };
	char *json = NULL, *s;

	(void)state;
	assert_int_equal(form_init(&fm, FORM_EDIT, tickets, r, &lk), 0);
	assert_string_equal(field(&fm, "summary")->value,
	                    "\xe2\x80\xaegnp.exe\xe2\x80\xac\there");
	s = form_display(field(&fm, "summary"), &lk);
	assert_string_equal(s, "gnp.exe here");
	free(s);
	s = form_display(field(&fm, "details"), &lk);
	assert_string_equal(s, "ab\nc");     /* long text keeps its lines */
	free(s);
	/* Another field changed: the others are not sent. */
	assert_int_equal(form_set_text(field(&fm, "category_1"), "Network"), 0);
	assert_int_equal(form_body(&fm, &json, &err), HALO_OK);
	assert_string_equal(json, "[{\"id\":16,\"category_1\":\"Network\"}]");
	free(json);
	/* The summary with "x" added: the server's bytes and the "x". */
	{
		char want[64];
		snprintf(want, sizeof want, "%sx", field(&fm, "summary")->orig);
		assert_int_equal(form_set_text(field(&fm, "summary"), want), 0);
	}
	assert_int_equal(form_body(&fm, &json, &err), HALO_OK);
	assert_string_equal(json, "[{\"id\":16,\"summary\":"
	                    "\"\xe2\x80\xaegnp.exe\xe2\x80\xac\\there"
	                    "x\",\"category_1\":\"Network\"}]");
	free(json);
	form_done(&fm);
	record_free(&r);
}

/* Text up to the limit is sent whole; past it, nothing is sent. */
static void test_text_limit(void **state)
{
	struct record *r = rec(tickets, "{\"id\": 5, \"summary\": \"s\"}");
	struct form fm;
	struct errbuf err = { "" };
	char *json = NULL, *big = malloc(HALO_TEXT_MAX + 2);

	(void)state;
	assert_non_null(big);
	memset(big, 'a', HALO_TEXT_MAX);
	big[HALO_TEXT_MAX] = '\0';
	assert_int_equal(form_init(&fm, FORM_EDIT, tickets, r, &lk), 0);
	assert_int_equal(form_set_text(field(&fm, "details"), big), 0);
	assert_int_equal(form_body(&fm, &json, &err), HALO_OK);
	assert_true(strlen(json) > HALO_TEXT_MAX);
	free(json);
	json = NULL;
	strcpy(big + HALO_TEXT_MAX, "b");
	assert_int_equal(form_set_text(field(&fm, "details"), big), 0);
	assert_int_equal(form_body(&fm, &json, &err), HALO_EUSAGE);
	assert_null(json);
	assert_non_null(strstr(err.msg, "Details is 1048577 bytes"));
	assert_non_null(strstr(err.msg, "1 MiB"));
	form_done(&fm);
	record_free(&r);
	free(big);
}

static void test_create(void **state)
{
	struct record *client = rec(clients, "{\"id\": 7, \"name\": \"Acme \\u0007Corp\"}");
	struct form fm;
	struct errbuf err = { "" };
	char *json = NULL, *s;

	(void)state;
	assert_int_equal(form_init(&fm, FORM_CREATE, tickets, NULL, &lk), 0);
	assert_int_equal(fm.id, 0);
	assert_int_equal(form_body(&fm, &json, &err), HALO_EUSAGE);
	assert_non_null(strstr(err.msg, "required"));
	form_done(&fm);

	/* From a client: the client is filled in. */
	assert_int_equal(form_init(&fm, FORM_CREATE, tickets, client, &lk), 0);
	assert_int_equal(field(&fm, "client_id")->id, 7);
	s = form_display(field(&fm, "client_id"), &lk);
	assert_string_equal(s, "Acme Corp");
	free(s);
	assert_int_equal(form_body(&fm, &json, &err), HALO_EUSAGE);
	assert_non_null(strstr(err.msg, "Summary is required"));
	/* Its draft keeps what there is: nothing to send yet, but typed. */
	assert_int_equal(form_set_text(field(&fm, "details"), "Half"), 0);
	assert_int_equal(form_draft_body(&fm, &json, &err), HALO_OK);
	assert_string_equal(json, "[{\"client_id\":7,\"details\":\"Half\"}]");
	free(json);
	assert_int_equal(form_body(&fm, &json, &err), HALO_EUSAGE);
	assert_int_equal(form_set_text(field(&fm, "summary"), "Broken mouse"), 0);
	assert_int_equal(form_set_id(field(&fm, "priority_id"), 4, NULL), 0);
	assert_int_equal(form_set_text(field(&fm, "details"), "It squeaks.\nLoudly."), 0);
	assert_int_equal(form_body(&fm, &json, &err), HALO_OK);
	/* No id: a create. Fields in table order, empty ones left out. */
	assert_string_equal(json,
	                    "[{\"priority_id\":4,\"summary\":\"Broken mouse\","
	                    "\"client_id\":7,\"details\":\"It squeaks.\\nLoudly.\"}]");
	free(json);
	form_done(&fm);
	record_free(&client);
}

static void test_create_status_source_missing(void **state)
{
	struct form fm;
	struct errbuf err = { "" };
	char *json = NULL;
	size_t first = 99;

	(void)state;
	assert_int_equal(form_init(&fm, FORM_CREATE, tickets, NULL, &lk), 0);
	/* Every required field still empty is marked, the first named. */
	assert_int_equal(form_mark_missing(&fm, &first), 2);
	assert_ptr_equal(&fm.f[first], field(&fm, "summary"));
	assert_string_equal(field(&fm, "summary")->error, "required");
	assert_string_equal(field(&fm, "client_id")->error, "required");
	assert_null(field(&fm, "details")->error);
	/* The status is set at creation; the source is stamped last. */
	fm.source = 7;
	assert_int_equal(form_set_id(field(&fm, "status_id"), 2, NULL), 0);
	assert_int_equal(form_set_text(field(&fm, "summary"), "Jam"), 0);
	assert_int_equal(form_set_id(field(&fm, "client_id"), 3, NULL), 0);
	assert_int_equal(form_mark_missing(&fm, &first), 0);
	assert_int_equal(form_body(&fm, &json, &err), HALO_OK);
	assert_string_equal(json, "[{\"status_id\":2,\"summary\":\"Jam\","
	                    "\"client_id\":3,\"source\":7}]");
	free(json);
	form_done(&fm);
}

static void test_note(void **state)
{
	struct record *t = rec(tickets, ticket_json);
	struct form fm;
	struct errbuf err = { "" };
	char *json = NULL;

	(void)state;
	assert_int_equal(form_init(&fm, FORM_NOTE, actions, t, &lk), 0);
	assert_int_equal(fm.ticket_id, 12);
	assert_true(field(&fm, "hiddenfromuser")->flag);  /* private by default */
	/* The private note: id 7 on every instance (HALO_API.md F16). */
	assert_string_equal(field(&fm, "outcome")->value, "Private note");
	assert_int_equal(field(&fm, "outcome")->id, 7);
	assert_false(form_field_changed(&fm, field(&fm, "outcome")));
	assert_int_equal(form_body(&fm, &json, &err), HALO_EUSAGE);
	assert_non_null(strstr(err.msg, "empty"));
	assert_int_equal(form_set_text(field(&fm, "note"), "Called <Bob> & fixed"), 0);
	assert_int_equal(form_body(&fm, &json, &err), HALO_OK);
	assert_non_null(strstr(json, "\"ticket_id\":12"));
	assert_non_null(strstr(json, "\"outcome_id\":7"));
	assert_null(strstr(json, "\"outcome\""));
	assert_null(strstr(json, "timetaken"));   /* the timer has not run */
	assert_non_null(strstr(json, "\"hiddenfromuser\":true"));
	assert_non_null(strstr(json, "&lt;Bob&gt; &amp; fixed"));
	assert_null(strstr(json, "new_status"));
	assert_null(strstr(json, "\"id\""));
	assert_true(json[0] == '[' && json[strlen(json) - 1] == ']');
	free(json);
	/* Public, with a new status. */
	form_toggle(field(&fm, "hiddenfromuser"));
	assert_int_equal(form_set_id(field(&fm, "new_status"), 9, "Closed"), 0);
	assert_int_equal(form_body(&fm, &json, &err), HALO_OK);
	assert_non_null(strstr(json, "\"hiddenfromuser\":false"));
	assert_non_null(strstr(json, "\"new_status\":9"));
	free(json);
	/* The instance's name for it: still the default, unchanged. */
	assert_int_equal(form_note_outcome(&fm, 7, "Recorded Note", true), 0);
	assert_false(form_field_changed(&fm, field(&fm, "outcome")));
	/* The timer's time, unless one is typed. */
	fm.timer_s = 95;
	assert_int_equal(form_body(&fm, &json, &err), HALO_OK);
	assert_non_null(strstr(json, "\"timetaken\":0.026389"));
	free(json);
	assert_int_equal(form_set_text(field(&fm, "timetaken"), "0:15"), 0);
	assert_int_equal(form_body(&fm, &json, &err), HALO_OK);
	assert_non_null(strstr(json, "\"timetaken\":0.25"));
	free(json);
	assert_int_equal(form_set_text(field(&fm, "timetaken"), "soon"), 0);
	assert_int_equal(form_body(&fm, &json, &err), HALO_EUSAGE);
	assert_non_null(strstr(err.msg, "Time: "));
	/* Its draft keeps the note meanwhile. */
	assert_int_equal(form_draft_body(&fm, &json, &err), HALO_OK);
	assert_non_null(strstr(json, "Called"));
	assert_null(strstr(json, "timetaken"));
	free(json);
	assert_int_equal(form_set_text(field(&fm, "timetaken"), ""), 0);
	/* An outcome by name is sent by name. */
	assert_int_equal(form_note_outcome(&fm, 0, "Phone Call", false), 0);
	assert_true(form_field_changed(&fm, field(&fm, "outcome")));
	assert_int_equal(form_body(&fm, &json, &err), HALO_OK);
	assert_non_null(strstr(json, "\"outcome\":\"Phone Call\""));
	assert_null(strstr(json, "outcome_id"));
	free(json);
	assert_int_equal(form_note_outcome(&fm, 0, "", false), 0);
	assert_int_equal(form_set_text(field(&fm, "outcome"), ""), 0);
	assert_int_equal(form_body(&fm, &json, &err), HALO_EUSAGE);
	form_done(&fm);
	record_free(&t);
}

static void test_rebase_on_full_record(void **state)
{
	/* A list row lacks details; the full record arrives while the user
	 * has already changed the summary. */
	struct record *row = rec(tickets, "{\"id\": 12, \"summary\": \"old\", \"status_id\": 2}");
	struct record *full = rec(tickets, "{\"id\": 12, \"summary\": \"older\","
	                          " \"status_id\": 2, \"details\": \"the body\"}");
	struct record *other = rec(tickets, "{\"id\": 13, \"details\": \"no\"}");
	struct form fm;
	struct errbuf err = { "" };
	char *json = NULL;

	(void)state;
	assert_int_equal(form_init(&fm, FORM_EDIT, tickets, row, &lk), 0);
	assert_string_equal(field(&fm, "details")->value, "");
	assert_int_equal(form_set_text(field(&fm, "summary"), "new"), 0);
	assert_int_equal(form_rebase(&fm, other, &lk), 0);  /* not this one */
	assert_string_equal(field(&fm, "details")->value, "");
	assert_int_equal(form_rebase(&fm, full, &lk), 0);
	assert_string_equal(field(&fm, "details")->value, "the body");
	assert_false(form_field_changed(&fm, field(&fm, "details")));
	assert_string_equal(field(&fm, "summary")->value, "new");
	assert_string_equal(field(&fm, "summary")->orig, "older");
	assert_int_equal(form_body(&fm, &json, &err), HALO_OK);
	assert_string_equal(json, "[{\"id\":12,\"summary\":\"new\"}]");
	free(json);
	form_done(&fm);
	record_free(&row);
	record_free(&full);
	record_free(&other);
}

static void test_errors(void **state)
{
	struct record *r = rec(tickets, ticket_json);
	struct form fm;
	struct kv_list fe = { 0 };
	char desc[64];

	(void)state;
	assert_int_equal(form_init(&fm, FORM_EDIT, tickets, r, &lk), 0);
	kv_add(&fe, "summary", "Summary is too long\x1b]0;x\a");
	kv_add(&fe, "nosuchfield", "ignored");
	form_set_errors(&fm, &fe, "HTTP 400 Bad Request: Summary is too long");
	assert_string_equal(fm.error, "HTTP 400 Bad Request: Summary is too long");
	assert_non_null(field(&fm, "summary")->error);
	assert_null(strchr(field(&fm, "summary")->error, '\x1b'));
	assert_null(field(&fm, "status_id")->error);
	form_set_errors(&fm, NULL, NULL);
	assert_string_equal(fm.error, "");
	assert_null(field(&fm, "summary")->error);
	form_describe(&fm, desc, sizeof desc);
	assert_string_equal(desc, "ticket 12");
	kv_done(&fe);
	form_done(&fm);
	record_free(&r);
}

static int setup(void **state)
{
	static const char *statuses =
		"[{\"id\": 2, \"name\": \"In Progress\"}, {\"id\": 9, \"name\": \"Closed\"}]";
	struct api_page page;
	struct errbuf err;

	(void)state;
	tickets = resource_find("tickets");
	actions = resource_find("actions");
	clients = resource_find("clients");
	lookups_init(&lk);
	if (api_parse_list(resource_for_lookup(LOOKUP_STATUS), statuses,
	                   strlen(statuses), &page, &err) != HALO_OK)
		return -1;
	lookups_set(&lk, LOOKUP_STATUS, page.records, page.n, &err);
	api_page_done(&page);
	return tickets && actions && clients ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	lookups_done(&lk);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edge_cases),
		cmocka_unit_test(test_edit_changed_only),
		cmocka_unit_test(test_display),
		cmocka_unit_test(test_real_values_kept),
		cmocka_unit_test(test_text_limit),
		cmocka_unit_test(test_create),
		cmocka_unit_test(test_create_status_source_missing),
		cmocka_unit_test(test_note),
		cmocka_unit_test(test_rebase_on_full_record),
		cmocka_unit_test(test_errors),
	};

	setlocale(LC_ALL, "");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("ui form", tests, setup, teardown);
}
