/* Layout and list rows as strings: pane rectangles for terminal sizes,
 * columns fitted to widths, truncation, wide characters, placeholders. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "listfmt.h"
#include "text.h"

static void test_layout_degenerate(void **state)
{
	struct layout l;

	(void)state;
	layout_compute(0, 0, false, false, &l);
	assert_int_equal(l.list.h, 0);
	assert_int_equal(l.status.h, 0);
	assert_int_equal(layout_list_rows(&l), 0);
	layout_compute(-5, 10, true, true, &l);
	assert_int_equal(l.detail.w, 0);
	layout_compute(80, 2, true, false, &l);
	assert_int_equal(l.status.y, 1);
	assert_int_equal(l.list.h, 0);
	assert_int_equal(l.detail.h, 0);
	layout_compute(10, 3, false, false, &l);
	assert_int_equal(l.list.h, 1);
	assert_int_equal(layout_list_rows(&l), 0);
	assert_true(l.overlay.w <= 10 && l.overlay.x >= 0);
}

static void test_layout_80x24(void **state)
{
	struct layout l;

	(void)state;
	layout_compute(80, 24, false, false, &l);
	assert_int_equal(l.title.y, 0);
	assert_int_equal(l.title.w, 80);
	assert_int_equal(l.list.y, 1);
	assert_int_equal(l.list.h, 22);
	assert_int_equal(l.list.w, 80);
	assert_int_equal(layout_list_rows(&l), 21);
	assert_int_equal(l.status.y, 23);
	assert_int_equal(l.detail.h, 0);
	assert_false(l.split);
	/* Narrow: the detail replaces the list. */
	layout_compute(80, 24, true, false, &l);
	assert_false(l.split);
	assert_int_equal(l.list.w, 0);
	assert_int_equal(l.detail.y, 1);
	assert_int_equal(l.detail.h, 22);
	assert_int_equal(l.detail.w, 80);
	/* The edit form opens over the detail. */
	layout_compute(80, 24, true, true, &l);
	assert_int_equal(l.edit.w, 80);
	assert_int_equal(l.edit.h, 22);
	assert_true(l.overlay.w <= 76);
	assert_true(l.overlay.y >= 1 && l.overlay.y + l.overlay.h <= 23);
	layout_compute(139, 40, true, false, &l);
	assert_false(l.split);
}

static void test_layout_wide(void **state)
{
	struct layout l;

	(void)state;
	layout_compute(140, 40, false, false, &l);
	assert_false(l.split);
	assert_int_equal(l.list.w, 140);
	layout_compute(140, 40, true, false, &l);
	assert_true(l.split);
	assert_int_equal(l.list.x, 0);
	assert_int_equal(l.list.w, 60);
	assert_int_equal(l.detail.x, 61);
	assert_int_equal(l.detail.w, 79);
	assert_int_equal(l.list.h, 38);
	assert_int_equal(l.detail.h, 38);
	layout_compute(200, 50, true, true, &l);
	assert_true(l.split);
	assert_int_equal(l.list.w, 80);
	assert_int_equal(l.edit.x, 81);
	assert_int_equal(l.edit.w, 119);
	assert_int_equal(l.overlay.w, 100);
	assert_true(rect_contains(&l.list, 1, 0));
	assert_false(rect_contains(&l.list, 1, 80));
	assert_true(rect_contains(&l.edit, 48, 199));
	assert_false(rect_contains(&l.edit, 49, 199));  /* the status line */
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

static void test_listfmt_header_and_rows(void **state)
{
	struct listfmt lf;
	struct lookups lk;
	struct record *r;
	char *s;

	(void)state;
	lookups_init(&lk);
	listfmt_init(&lf, &res, 40);
	assert_int_equal(lf.n, 3);
	assert_int_equal(lf.shown, 3);
	s = listfmt_header(&lf, NULL, false);
	assert_non_null(s);
	assert_int_equal(text_width(s), 40);
	assert_memory_equal(s, "ID     Summary", 14);
	free(s);
	s = listfmt_header(&lf, "summary", true);
	assert_non_null(strstr(s, "Summary\xe2\x96\xbc"));
	assert_int_equal(text_width(s), 40);
	free(s);

	r = rec("{\"id\": 42, \"summary\": \"Printer on fire\", \"who\": \"Ann\"}");
	s = listfmt_row(&lf, r, &lk);
	assert_non_null(s);
	assert_int_equal(text_width(s), 40);
	assert_memory_equal(s, "42     Printer on fire", 22);
	assert_non_null(strstr(s, "Ann"));
	free(s);
	record_free(&r);

	/* Escape sequences arrive inert; wide characters align. */
	r = rec("{\"id\": 7, \"summary\": \"\\u001b]0;pwned\\u0007\xe4\xb8\xad\xe6\x96\x87 title\","
	        " \"who\": null}");
	s = listfmt_row(&lf, r, &lk);
	assert_null(strchr(s, '\x1b'));
	assert_null(strchr(s, '\a'));
	assert_int_equal(text_width(s), 40);
	free(s);
	record_free(&r);
	lookups_done(&lk);
}

static void test_listfmt_truncation(void **state)
{
	struct listfmt lf;
	struct lookups lk;
	struct record *r;
	char *s;

	(void)state;
	lookups_init(&lk);
	r = rec("{\"id\": 123456789, \"summary\": \"A very long summary that cannot fit anywhere\","
	        " \"who\": \"Somebody Long\"}");
	/* Narrow: the rightmost non-flex column goes first. */
	listfmt_init(&lf, &res, 16);
	assert_int_equal(lf.widths[2], 0);
	s = listfmt_row(&lf, r, &lk);
	assert_int_equal(text_width(s), 16);
	assert_non_null(strstr(s, "\xe2\x80\xa6"));  /* cut with an ellipsis */
	assert_null(strstr(s, "Somebody"));
	free(s);
	/* Too narrow for anything. */
	listfmt_init(&lf, &res, 2);
	s = listfmt_row(&lf, r, &lk);
	assert_non_null(s);
	assert_true(text_width(s) <= 2);
	free(s);
	listfmt_init(&lf, &res, 0);
	assert_int_equal(lf.shown, 0);
	s = listfmt_placeholder(&lf, false);
	assert_string_equal(s, "");
	free(s);
	listfmt_init(&lf, &res, 30);
	s = listfmt_placeholder(&lf, false);
	assert_int_equal(text_width(s), 30);
	assert_non_null(strstr(s, "loading"));
	free(s);
	s = listfmt_placeholder(&lf, true);
	assert_non_null(strstr(s, "not loaded"));
	free(s);
	/* No resource: no columns, no crash. */
	listfmt_init(&lf, NULL, 30);
	assert_int_equal(lf.n, 0);
	record_free(&r);
	lookups_done(&lk);
}

static void test_listfmt_real_tickets(void **state)
{
	const struct resource *t = resource_find("tickets");
	struct listfmt lf;
	char *s;

	(void)state;
	assert_non_null(t);
	for (int w = 20; w <= 220; w += 20) {
		listfmt_init(&lf, t, w);
		s = listfmt_header(&lf, "id", false);
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
		cmocka_unit_test(test_layout_degenerate),
		cmocka_unit_test(test_layout_80x24),
		cmocka_unit_test(test_layout_wide),
		cmocka_unit_test(test_listfmt_header_and_rows),
		cmocka_unit_test(test_listfmt_truncation),
		cmocka_unit_test(test_listfmt_real_tickets),
	};

	setlocale(LC_ALL, "");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("ui layout", tests, NULL, NULL);
}
