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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_heading),
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_body),
	};

	actions = resource_find("actions");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("note", tests, NULL, NULL);
}
