/* SPDX-License-Identifier: MIT */
/* Notes for both front ends: a note's heading (placeholders for what is
 * missing, the private marker), their order, and a new note's POST body. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "note.h"

static const struct resource *actions;

static struct record *rec(const char *json)
{
	cJSON *o = cJSON_Parse(json);

	assert_non_null(o);
	return record_take(actions, o);
}

static void test_heading(void **state)
{
	struct record *n = rec("{\"id\": 3, \"datetime\": \"2024-06-22T10:00:00Z\","
	                       " \"who\": \"Ann\", \"outcome\": \"Phone call\","
	                       " \"hiddenfromuser\": true}");
	struct record *bare = rec("{\"id\": 4, \"hiddenfromuser\": \"no\"}");
	struct note_heading h;

	(void)state;
	assert_int_equal(note_heading_build(&h, NULL, NULL), -1);
	assert_int_equal(note_heading_build(&h, n, NULL), 0);
	assert_string_equal(h.when, "2024-06-22 10:00");   /* TZ=UTC */
	assert_string_equal(h.who, "Ann");
	assert_string_equal(h.outcome, "Phone call");
	assert_true(h.is_private);
	note_heading_done(&h);
	assert_int_equal(note_heading_build(&h, bare, NULL), 0);
	assert_string_equal(h.when, "(no date)");
	assert_string_equal(h.who, "(unknown)");
	assert_string_equal(h.outcome, "");
	assert_false(h.is_private);
	note_heading_done(&h);
	note_heading_done(&h);
	record_free(&n);
	record_free(&bare);
}

static void test_sort(void **state)
{
	struct record *notes[5];

	(void)state;
	notes_sort(NULL, 3);
	notes[0] = rec("{\"id\": 9}");
	notes[1] = NULL;
	notes[2] = rec("{\"id\": 3, \"datetime\": \"2024-06-22T10:00:00Z\"}");
	notes[3] = rec("{\"id\": 2, \"datetime\": \"2024-06-22T10:00:00Z\"}");
	notes[4] = rec("{\"id\": 1, \"datetime\": \"2024-06-23T08:00:00Z\"}");
	notes_sort(notes, 5);
	/* Oldest first, ties by id, then the undated, then nothing. */
	assert_int_equal(notes[0]->id, 2);
	assert_int_equal(notes[1]->id, 3);
	assert_int_equal(notes[2]->id, 1);
	assert_int_equal(notes[3]->id, 9);
	assert_null(notes[4]);
	for (int i = 0; i < 4; i++)
		record_free(&notes[i]);
}

static void test_body(void **state)
{
	struct note_draft n = { .ticket_id = 9, .text = "Called.\n\nNo <answer>.",
	                        .outcome = "Phone call", .private_note = true };
	struct errbuf err;
	char *json = NULL;

	(void)state;
	assert_int_equal(note_body(&n, &json, &err), HALO_OK);
	assert_string_equal(json, "[{\"ticket_id\":9,\"outcome\":\"Phone call\","
	                    "\"note_html\":\"<p>Called.</p><p>No &lt;answer&gt;.</p>\","
	                    "\"hiddenfromuser\":true}]");
	free(json);
	n.new_status = 4;
	n.private_note = false;
	assert_int_equal(note_body(&n, &json, &err), HALO_OK);
	assert_non_null(strstr(json, "\"hiddenfromuser\":false,\"new_status\":4}"));
	free(json);
	n.text = "";
	assert_int_equal(note_body(&n, &json, &err), HALO_EUSAGE);
	assert_null(json);
	assert_string_equal(err.msg, "the note is empty");
	n.text = "x";
	n.outcome = NULL;
	assert_int_equal(note_body(&n, &json, &err), HALO_EUSAGE);
	assert_string_equal(err.msg, "Outcome is required");
	/* A ticket whose id could not be read gets no note. */
	n.outcome = "Note";
	n.ticket_id = 0;
	assert_int_equal(note_body(&n, &json, &err), HALO_EUSAGE);
	assert_null(json);
	assert_non_null(strstr(err.msg, "no id"));
}

/* An outcome by id (HALO_API.md F16) and the time in hours (F17). */
static void test_body_outcome_id_and_time(void **state)
{
	struct note_draft n = { .ticket_id = 9, .text = "Done.",
	                        .outcome = "ignored", .outcome_id = 7,
	                        .private_note = true, .time_s = 15 * 60 };
	struct errbuf err;
	char *json = NULL;

	(void)state;
	assert_int_equal(note_body(&n, &json, &err), HALO_OK);
	assert_string_equal(json, "[{\"ticket_id\":9,\"outcome_id\":7,"
	                    "\"note_html\":\"<p>Done.</p>\","
	                    "\"hiddenfromuser\":true,\"timetaken\":0.25}]");
	free(json);
	n.outcome = NULL;          /* the id is enough */
	n.time_s = 0;              /* no time: no timetaken */
	assert_int_equal(note_body(&n, &json, &err), HALO_OK);
	assert_null(strstr(json, "timetaken"));
	free(json);
	n.time_s = 25 * 3600;
	assert_int_equal(note_body(&n, &json, &err), HALO_EUSAGE);
	assert_non_null(strstr(err.msg, "Time"));
	n.time_s = -1;
	assert_int_equal(note_body(&n, &json, &err), HALO_EUSAGE);
	assert_null(json);
}

static void test_note_time(void **state)
{
	struct record *a = rec("{\"id\": 1, \"timetaken\": 0.5}");
	struct record *b = rec("{\"id\": 2, \"timetaken\": \"0.25\"}");
	struct record *c = rec("{\"id\": 3, \"timetaken\": null}");
	struct record *d = rec("{\"id\": 4, \"timetaken\": -3}");

	(void)state;
	assert_int_equal(note_time(a), 1800);
	assert_int_equal(note_time(b), 900);
	assert_int_equal(note_time(c), 0);
	assert_int_equal(note_time(d), 0);
	assert_int_equal(note_time(NULL), 0);
	{
		struct record *all[] = { a, NULL, b, c, d };
		assert_int_equal(notes_time(all, 5), 2700);
		assert_int_equal(notes_time(NULL, 3), 0);
	}
	record_free(&a);
	record_free(&b);
	record_free(&c);
	record_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_heading),
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_body),
		cmocka_unit_test(test_body_outcome_id_and_time),
		cmocka_unit_test(test_note_time),
	};

	actions = resource_find("actions");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("note", tests, NULL, NULL);
}
