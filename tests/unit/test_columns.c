/* SPDX-License-Identifier: MIT */
/* Column fitting and row layout, and a resource's list columns with a
 * record's values (shared by the command line's table and the TUI's
 * lists), tested as strings. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "text.h"

static const struct column_spec ticket_cols[] = {
	{ 7, 5, false },    /* id */
	{ 14, 8, false },   /* status */
	{ 40, 12, true },   /* summary */
	{ 20, 10, false },  /* client */
};

static int sum_with_gaps(const int *w, int n)
{
	int total = 0, shown = 0;

	for (int i = 0; i < n; i++)
		if (w[i] > 0) {
			total += w[i];
			shown++;
		}
	return shown ? total + shown - 1 : 0;
}

static void test_fit_exact_width_when_roomy(void **state)
{
	int w[4];

	(void)state;
	assert_int_equal(columns_fit(ticket_cols, 4, 120, w), 4);
	assert_int_equal(w[0], 7);
	assert_int_equal(w[1], 14);
	assert_int_equal(w[3], 20);
	/* The flex column takes everything left over. */
	assert_int_equal(sum_with_gaps(w, 4), 120);
	assert_true(w[2] > 40);
}

static void test_fit_title_grows_before_others(void **state)
{
	int w[4];

	(void)state;
	/* mins: 5+8+12+10 + 3 gaps = 38; 60 leaves 22 to share. */
	assert_int_equal(columns_fit(ticket_cols, 4, 60, w), 4);
	assert_int_equal(w[2], 12 + 22 > 40 ? 40 : 34);
	assert_int_equal(sum_with_gaps(w, 4), 60);
}

static void test_fit_drops_rightmost_non_flex_first(void **state)
{
	int w[4];

	(void)state;
	/* 30 columns cannot hold all minimums (38): the client goes first. */
	assert_int_equal(columns_fit(ticket_cols, 4, 30, w), 3);
	assert_int_equal(w[3], 0);
	assert_true(w[2] >= 12);
	assert_true(sum_with_gaps(w, 4) <= 30);
}

static void test_fit_tiny_terminal_keeps_title_last(void **state)
{
	int w[4];

	(void)state;
	assert_int_equal(columns_fit(ticket_cols, 4, 12, w), 1);
	assert_int_equal(w[2], 12);
	assert_int_equal(columns_fit(ticket_cols, 4, 5, w), 0);
}

static void test_fit_without_flex_grows_nothing_past_preferred(void **state)
{
	const struct column_spec cols[] = { { 5, 3, false }, { 6, 3, false } };
	int w[2];

	(void)state;
	assert_int_equal(columns_fit(cols, 2, 80, w), 2);
	assert_int_equal(w[0], 5);
	assert_int_equal(w[1], 6);
}

static void test_row_pads_and_truncates_by_width(void **state)
{
	const char *cells[] = { "42", "In Progress", "Printer on floor 3 jams", "Acme" };
	int w[] = { 4, 6, 10, 0 };
	char *row;

	(void)state;
	row = columns_row(cells, w, 4);
	assert_non_null(row);
	assert_string_equal(row, "42   In Pr\xe2\x80\xa6 Printer o\xe2\x80\xa6");
	assert_int_equal(text_width(row), 4 + 1 + 6 + 1 + 10);
	free(row);
}

static void test_row_aligns_wide_characters(void **state)
{
	/* CJK is two columns a character: a cut never splits one. */
	const char *cells[] = { "\xe6\x9d\xb1\xe4\xba\xac\xe6\x94\xaf\xe5\xba\x97", "x" };
	int w[] = { 5, 1 };
	char *row;

	(void)state;
	row = columns_row(cells, w, 2);
	assert_non_null(row);
	assert_int_equal(text_width(row), 7);
	assert_string_equal(row + strlen(row) - 2, " x");
	free(row);
}

static void test_row_null_cells_are_blank(void **state)
{
	const char *cells[] = { NULL, "b" };
	int w[] = { 3, 1 };
	char *row;

	(void)state;
	row = columns_row(cells, w, 2);
	assert_string_equal(row, "    b");
	free(row);
}

static void test_row_many_combining_marks(void **state)
{
	/* 'e' + 40 combining acutes: one column, 81 bytes; must not overflow. */
	char cell[128];
	const char *cells[1] = { cell };
	int w[] = { 3 };
	size_t n = 0;
	char *row;

	(void)state;
	cell[n++] = 'e';
	for (int i = 0; i < 40; i++) {
		cell[n++] = (char)0xcc;
		cell[n++] = (char)0x81;
	}
	cell[n] = '\0';
	row = columns_row(cells, w, 1);
	assert_non_null(row);
	assert_int_equal(text_width(row), 3);
	free(row);
}

/* A resource of our own, so that the test states its columns. */
static const struct field_def fields[] = {
	{ .key = "id", .label = "ID", .kind = FIELD_NUMBER, .width = 6,
	  .min_width = 4, .flags = FIELD_COLUMN },
	{ .key = "summary", .label = "Summary", .kind = FIELD_TEXT,
	  .width = 20, .min_width = 8, .flags = FIELD_COLUMN | FIELD_FLEX },
	{ .key = "who", .label = "Who", .kind = FIELD_TEXT, .width = 8,
	  .min_width = 5, .flags = FIELD_COLUMN },
	{ .key = "hidden", .label = "Hidden", .kind = FIELD_TEXT,
	  .flags = FIELD_DETAIL },
};
static const struct resource res = {
	.name = "things", .singular = "thing", .path = "Thing",
	.list_key = "things", .id_key = "id", .title_key = "summary",
	.fields = fields, .nfields = 4,
};

static struct record *rec(const char *json)
{
	cJSON *obj = cJSON_Parse(json);

	assert_non_null(obj);
	return record_take(&res, obj);
}

static void test_layout_header_and_rows(void **state)
{
	struct column_layout lf;
	struct lookups lk;
	struct record *r;
	char *s;

	(void)state;
	lookups_init(&lk);
	columns_layout(&lf, &res, 40);
	assert_int_equal(lf.n, 3);
	assert_int_equal(lf.shown, 3);
	s = columns_header(&lf, NULL, false);
	assert_non_null(s);
	assert_int_equal(text_width(s), 40);
	assert_memory_equal(s, "ID     Summary", 14);
	free(s);
	s = columns_header(&lf, "summary", true);
	assert_non_null(strstr(s, "Summary\xe2\x96\xbc"));
	assert_int_equal(text_width(s), 40);
	free(s);

	r = rec("{\"id\": 42, \"summary\": \"Printer on fire\", \"who\": \"Ann\"}");
	s = columns_record(&lf, r, &lk);
	assert_non_null(s);
	assert_int_equal(text_width(s), 40);
	assert_memory_equal(s, "42     Printer on fire", 22);
	assert_non_null(strstr(s, "Ann"));
	free(s);
	record_free(&r);

	/* Escape sequences arrive inert; wide characters align. */
	r = rec("{\"id\": 7, \"summary\": \"\\u001b]0;pwned\\u0007\xe4\xb8\xad\xe6\x96\x87 title\","
	        " \"who\": null}");
	s = columns_record(&lf, r, &lk);
	assert_null(strchr(s, '\x1b'));
	assert_null(strchr(s, '\a'));
	assert_int_equal(text_width(s), 40);
	free(s);
	record_free(&r);
	lookups_done(&lk);
}

static void test_layout_truncation(void **state)
{
	struct column_layout lf;
	struct lookups lk;
	struct record *r;
	char *s;

	(void)state;
	lookups_init(&lk);
	r = rec("{\"id\": 123456789, \"summary\": \"A very long summary that cannot fit anywhere\","
	        " \"who\": \"Somebody Long\"}");
	/* Narrow: the rightmost non-flex column goes first. */
	columns_layout(&lf, &res, 16);
	assert_int_equal(lf.widths[2], 0);
	s = columns_record(&lf, r, &lk);
	assert_int_equal(text_width(s), 16);
	assert_non_null(strstr(s, "\xe2\x80\xa6"));  /* cut with an ellipsis */
	assert_null(strstr(s, "Somebody"));
	free(s);
	/* Too narrow for anything. */
	columns_layout(&lf, &res, 2);
	s = columns_record(&lf, r, &lk);
	assert_non_null(s);
	assert_true(text_width(s) <= 2);
	free(s);
	/* Not fitted (TSV): every column listed, none shown. */
	columns_layout(&lf, &res, 0);
	assert_int_equal(lf.n, 3);
	assert_int_equal(lf.shown, 0);
	/* No resource: no columns, no crash. */
	columns_layout(&lf, NULL, 30);
	assert_int_equal(lf.n, 0);
	record_free(&r);
	lookups_done(&lk);
}

static void test_layout_real_tickets(void **state)
{
	const struct resource *t = resource_find("tickets");
	struct column_layout lf;
	char *s;

	(void)state;
	assert_non_null(t);
	for (int w = 20; w <= 220; w += 20) {
		columns_layout(&lf, t, w);
		s = columns_header(&lf, "id", false);
		assert_non_null(s);
		assert_true(text_width(s) <= w);
		if (lf.shown)
			assert_non_null(strstr(s, "Summary"));  /* flex survives */
		free(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fit_exact_width_when_roomy),
		cmocka_unit_test(test_fit_title_grows_before_others),
		cmocka_unit_test(test_fit_drops_rightmost_non_flex_first),
		cmocka_unit_test(test_fit_tiny_terminal_keeps_title_last),
		cmocka_unit_test(test_fit_without_flex_grows_nothing_past_preferred),
		cmocka_unit_test(test_row_pads_and_truncates_by_width),
		cmocka_unit_test(test_row_aligns_wide_characters),
		cmocka_unit_test(test_row_null_cells_are_blank),
		cmocka_unit_test(test_row_many_combining_marks),
		cmocka_unit_test(test_layout_header_and_rows),
		cmocka_unit_test(test_layout_truncation),
		cmocka_unit_test(test_layout_real_tickets),
	};

	setlocale(LC_ALL, "");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("columns", tests, NULL, NULL);
}
