/* SPDX-License-Identifier: MIT */
/* The detail pane's text as strings: fields with names and local dates,
 * sentinel dates empty, custom fields, the HTML body wrapped, notes in
 * time order with who, when, outcome and a private marker; and the help
 * overlay, the man page table and the `:` command parser, all made from
 * the one action list. */
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

#include "commands.h"
#include "detailfmt.h"
#include "keyhelp.h"
#include "note.h"
#include "text.h"

static const struct resource *tickets, *actions;

static struct record *rec(const struct resource *res, const char *json)
{
	cJSON *o = cJSON_Parse(json);

	assert_non_null(o);
	return record_take(res, o);
}

static bool has_line(const struct dlines *d, const char *needle, int role)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->l[i].text, needle) &&
		    (role < 0 || (int)d->l[i].role == role))
			return true;
	return false;
}

static size_t line_of(const struct dlines *d, const char *needle)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->l[i].text, needle))
			return i;
	fail_msg("no line with %s", needle);
	return 0;
}

static void test_edge_cases(void **state)
{
	struct dlines d;

	(void)state;
	assert_int_equal(detail_build(&d, NULL, NULL, NULL, 0, NOTES_NONE, NULL, 80), 0);
	assert_int_equal(d.n, 1);
	dlines_free(&d);
	{
		struct record *r = rec(tickets, "{}");
		/* Width below 10 is taken as 10; nothing crashes on a bare record. */
		assert_int_equal(detail_build(&d, r, NULL, NULL, 0, NOTES_LOADING,
		                              NULL, 0), 0);
		assert_true(has_line(&d, "Notes (loading", ROLE_DETAIL_SECTION));
		dlines_free(&d);
		record_free(&r);
	}
	notes_sort(NULL, 0);
}

static void test_ticket_fields(void **state)
{
	struct record *r = rec(tickets,
		"{\"id\": 42, \"summary\": \"VPN \\u001b]0;evil\\u0007down\","
		" \"status_id\": 2, \"status_name\": \"In Progress\","
		" \"client_id\": 7, \"client_name\": \"Acme \xe4\xb8\xad\xe6\x96\x87\","
		" \"dateoccurred\": \"2024-06-20T14:45:15.9746271Z\","
		" \"deadlinedate\": \"1900-01-01T00:00:00\","
		" \"details_html\": \"<p>First para</p><p>Second &amp; <b>last</b></p>\","
		" \"customfields\": [{\"label\": \"Users affected\", \"display\": \"Many\"},"
		"   {\"label\": \"Empty\", \"display\": \"\"}]}");
	struct dlines d;

	(void)state;
	assert_int_equal(detail_build(&d, r, NULL, NULL, 0, NOTES_NONE, NULL, 60), 0);
	assert_true(has_line(&d, "Ticket 42: VPN down", ROLE_DETAIL_TITLE));
	for (size_t i = 0; i < d.n; i++) {
		assert_null(strchr(d.l[i].text, '\x1b'));
		assert_true(text_width(d.l[i].text) <= 60);
	}
	assert_true(has_line(&d, "In Progress", ROLE_NORMAL));
	assert_true(has_line(&d, "Acme \xe4\xb8\xad\xe6\x96\x87", ROLE_NORMAL));
	assert_true(has_line(&d, "2024-06-20 14:45", ROLE_NORMAL));  /* TZ=UTC */
	assert_false(has_line(&d, "Deadline", -1));  /* sentinel: not shown */
	assert_false(has_line(&d, "1900", -1));
	assert_true(has_line(&d, "Custom fields", ROLE_DETAIL_SECTION));
	assert_true(has_line(&d, "Many", ROLE_NORMAL));
	assert_false(has_line(&d, "Empty", -1));
	assert_true(has_line(&d, "First para", ROLE_NORMAL));
	assert_true(has_line(&d, "Second & last", ROLE_NORMAL));
	/* Labels are aligned: values start in the same column. */
	{
		size_t a = line_of(&d, "In Progress"), b = line_of(&d, "Acme");
		assert_int_equal(d.l[a].label_w, d.l[b].label_w);
		assert_true(d.l[a].label_w > 0);
		assert_int_equal(strstr(d.l[a].text, "In Progress") - d.l[a].text,
		                 strstr(d.l[b].text, "Acme") - d.l[b].text);
	}
	/* Not a ticket's notes section unless asked. */
	assert_false(has_line(&d, "Notes", -1));
	dlines_free(&d);
	record_free(&r);
}

static void test_notes_in_time_order(void **state)
{
	struct record *t = rec(tickets, "{\"id\": 9, \"summary\": \"s\"}");
	struct record *notes[3];
	struct dlines d;
	size_t a, b, c;

	(void)state;
	/* The server lists newest first. */
	notes[0] = rec(actions, "{\"id\": 3, \"ticket_id\": 9, \"datetime\": \"2024-06-22T10:00:00Z\","
	                        " \"who\": \"Ann\", \"outcome\": \"Phone call\", \"hiddenfromuser\": true,"
	                        " \"note_html\": \"<p>Called back</p>\"}");
	notes[1] = rec(actions, "{\"id\": 2, \"ticket_id\": 9, \"datetime\": \"2024-06-21T10:00:00Z\","
	                        " \"who\": \"Bob\", \"outcome\": \"Note\", \"hiddenfromuser\": false,"
	                        " \"note\": \"plain text note\"}");
	notes[2] = rec(actions, "{\"id\": 1, \"ticket_id\": 9, \"datetime\": \"2024-06-20T09:30:00Z\","
	                        " \"who\": \"System\", \"outcome\": \"Ticket Logged\"}");
	notes_sort(notes, 3);
	assert_int_equal(notes[0]->id, 1);
	assert_int_equal(notes[2]->id, 3);
	assert_int_equal(detail_build(&d, t, NULL, notes, 3, NOTES_LOADED, NULL, 70), 0);
	assert_true(has_line(&d, "Notes (3)", ROLE_DETAIL_SECTION));
	a = line_of(&d, "2024-06-20 09:30 \xc2\xb7 System \xc2\xb7 Ticket Logged");
	b = line_of(&d, "2024-06-21 10:00 \xc2\xb7 Bob \xc2\xb7 Note");
	c = line_of(&d, "2024-06-22 10:00 \xc2\xb7 Ann \xc2\xb7 Phone call \xc2\xb7 [private]");
	assert_true(a < b && b < c);
	assert_int_equal(d.l[c].role, ROLE_PRIVATE_NOTE);
	assert_int_equal(d.l[b].role, ROLE_NOTE_HEADER);
	assert_false(strstr(d.l[b].text, "private"));
	assert_true(has_line(&d, "  Called back", ROLE_NORMAL));
	assert_true(has_line(&d, "  plain text note", ROLE_NORMAL));
	dlines_free(&d);
	assert_int_equal(detail_build(&d, t, NULL, NULL, 0, NOTES_FAILED,
	                              "HTTP 500 Internal Server Error", 70), 0);
	assert_true(has_line(&d, "Notes: HTTP 500", ROLE_ERROR));
	dlines_free(&d);
	for (int i = 0; i < 3; i++)
		record_free(&notes[i]);
	record_free(&t);
}

static void test_wrapping(void **state)
{
	struct record *r = rec(tickets,
		"{\"id\": 1, \"summary\": \"A summary long enough to need wrapping at twenty\","
		" \"details\": \"word word word word word word word word word word\"}");
	struct dlines d;

	(void)state;
	assert_int_equal(detail_build(&d, r, NULL, NULL, 0, NOTES_NONE, NULL, 20), 0);
	for (size_t i = 0; i < d.n; i++)
		assert_true(text_width(d.l[i].text) <= 20);
	assert_true(has_line(&d, "word word", ROLE_NORMAL));
	dlines_free(&d);
	record_free(&r);
}

static void test_help_lists_every_action(void **state)
{
	struct keymap km;
	char **lines;
	size_t n;

	(void)state;
	assert_int_equal(keymap_init(&km), 0);
	assert_int_equal(keyhelp_lines(&km, &lines, &n), 0);
	for (int a = ACT_NONE + 1; a < ACT__COUNT; a++) {
		bool found = false;
		for (size_t i = 0; i < n && !found; i++)
			found = strstr(lines[i], action_name(a)) &&
			        strstr(lines[i], action_help(a));
		if (!found)
			fail_msg("help misses %s", action_name(a));
	}
	for (size_t c = 0; c < command_count; c++) {
		bool found = false;
		char want[64];
		snprintf(want, sizeof want, ":%s", command_table[c].name);
		for (size_t i = 0; i < n && !found; i++)
			found = strstr(lines[i], want) != NULL;
		assert_true(found);
	}
	text_lines_free(&lines, n);
	/* A rebound key shows in the help; an unbound action says so. */
	keymap_unbind_action(&km, ACT_HELP);
	assert_int_equal(keyhelp_lines(&km, &lines, &n), 0);
	{
		bool found = false;
		for (size_t i = 0; i < n; i++)
			found = found || (strstr(lines[i], "(unbound)") &&
			                  strstr(lines[i], "help "));
		assert_true(found);
	}
	text_lines_free(&lines, n);
	keymap_done(&km);
}

static void test_man_table(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(f);
	assert_int_equal(keyhelp_man(f), 0);
	fclose(f);
	assert_non_null(strstr(buf, ".SH KEYS\n"));
	assert_non_null(strstr(buf, ".B j, Down, C\\-n\n"));
	assert_non_null(strstr(buf, "(move\\-down)"));
	assert_non_null(strstr(buf, ".SH COMMANDS\n"));
	assert_non_null(strstr(buf, ".B :client NAME|ID\n"));
	for (int a = ACT_NONE + 1; a < ACT__COUNT; a++) {
		char want[64];
		snprintf(want, sizeof want, "(%s)", action_name(a));
		for (char *p = want; *p; p++)
			if (*p == '-') {
				memmove(p + 2, p + 1, strlen(p + 1) + 1);
				p[0] = '\\';
				p[1] = '-';
				p++;
			}
		assert_non_null(strstr(buf, want));
	}
	free(buf);
}

static void test_command_parse(void **state)
{
	const char *res;
	char arg[64];

	(void)state;
	assert_int_equal(command_parse(NULL, &res, arg, sizeof arg), CMD_NONE);
	assert_int_equal(command_parse("", &res, arg, sizeof arg), CMD_NONE);
	assert_int_equal(command_parse("   ", &res, arg, sizeof arg), CMD_NONE);
	assert_int_equal(command_parse("frobnicate", &res, arg, sizeof arg), CMD_NONE);
	assert_int_equal(command_parse("clients", &res, arg, sizeof arg), CMD_TICKETS);
	assert_string_equal(res, "clients");
	assert_string_equal(arg, "");
	assert_int_equal(command_parse(":client   acme corp  ", &res, arg, sizeof arg),
	                 CMD_CLIENT);
	assert_null(res);
	assert_string_equal(arg, "acme corp");
	assert_int_equal(command_parse("ticket 1234", &res, arg, sizeof arg), CMD_TICKET);
	assert_string_equal(arg, "1234");
	assert_int_equal(command_parse("ASSET TAG-9", &res, arg, sizeof arg), CMD_ASSET);
	assert_int_equal(command_parse("q", &res, arg, sizeof arg), CMD_QUIT);
	assert_int_equal(command_parse("view my-open", &res, arg, 4), CMD_VIEW);
	assert_string_equal(arg, "my-");  /* cut, terminated */
	assert_int_equal(command_parse("contract", &res, arg, sizeof arg), CMD_TICKETS);
	assert_string_equal(res, "contracts");
	{
		char longword[200];
		memset(longword, 'x', sizeof longword - 1);
		longword[sizeof longword - 1] = '\0';
		assert_int_equal(command_parse(longword, &res, arg, sizeof arg), CMD_NONE);
	}
}

static int setup(void **state)
{
	(void)state;
	tickets = resource_find("tickets");
	actions = resource_find("actions");
	return tickets && actions ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edge_cases),
		cmocka_unit_test(test_ticket_fields),
		cmocka_unit_test(test_notes_in_time_order),
		cmocka_unit_test(test_wrapping),
		cmocka_unit_test(test_help_lists_every_action),
		cmocka_unit_test(test_man_table),
		cmocka_unit_test(test_command_parse),
	};

	setlocale(LC_ALL, "");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("ui detail and help", tests, setup, NULL);
}
