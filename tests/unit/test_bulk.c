/* SPDX-License-Identifier: MIT */
/* A bulk change: ids once each in their order, a run over its journal
 * (what goes next, what an answer means, what an earlier run settled, a
 * stop), each record's body from one template, the time left, a pattern
 * over a list's rows, and the plan kept on disk for a resume. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cjson/cJSON.h>

#include "bulk.h"
#include "bulkplan.h"
#include "rowmatch.h"
#include "testjournal.h"

static int setup(void **state)
{
	(void)state;
	return testdir_make("bulk", "XDG_STATE_HOME", NULL);
}

static void test_dedupe_keeps_the_first_order(void **state)
{
	long ids[] = { 5, 3, 5, 9, 3, 1, 9 };
	size_t n = 7, none = 0;

	(void)state;
	assert_int_equal(bulk_dedupe(ids, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(ids[0], 5);
	assert_int_equal(ids[1], 3);
	assert_int_equal(ids[2], 9);
	assert_int_equal(ids[3], 1);
	assert_int_equal(bulk_dedupe(ids, &none), 0);
	assert_int_equal(none, 0);
}

static void test_run_sends_each_and_counts_answers(void **state)
{
	long ids[] = { 11, 12, 13 };
	struct journal *j = open_ok("run one");
	struct errbuf err;
	struct bulk b;
	long id;

	(void)state;
	bulk_init(&b, ids, 3, j);
	assert_int_equal(bulk_next(&b, &id, &err), BULK_SEND);
	assert_int_equal(id, 11);
	/* On disk before the POST leaves. */
	assert_int_equal(journal_state(j, 11), JOURNAL_SENDING);
	assert_int_equal(bulk_next(&b, &id, &err), BULK_SEND);
	assert_int_equal(b.inflight, 2);
	assert_int_equal(bulk_answer(&b, 12, POST_APPLIED, &err), JOURNAL_APPLIED);
	assert_int_equal(bulk_answer(&b, 11, POST_NOT_APPLIED, &err),
	                 JOURNAL_FAILED);
	assert_int_equal(bulk_next(&b, &id, &err), BULK_SEND);
	assert_false(bulk_finished(&b));
	assert_int_equal(bulk_answer(&b, 13, POST_MAYBE_APPLIED, &err),
	                 JOURNAL_MAYBE);
	assert_int_equal(bulk_next(&b, &id, &err), BULK_END);
	assert_true(bulk_finished(&b));
	assert_int_equal(b.applied, 1);
	assert_int_equal(b.failed, 1);
	assert_int_equal(b.maybe, 1);
	assert_int_equal(bulk_done(&b), 3);
	assert_int_equal(bulk_unsent(&b), 0);
	assert_int_equal(journal_state(j, 12), JOURNAL_APPLIED);
	assert_int_equal(journal_state(j, 13), JOURNAL_MAYBE);
	journal_close(&j, true);
}

static void test_resume_skips_what_was_settled(void **state)
{
	long ids[] = { 1, 2, 3, 4 };
	struct journal *j = open_ok("run two");
	struct errbuf err;
	struct bulk b;
	long id;

	(void)state;
	/* The earlier run: 1 applied, 2 sent without an answer (killed). */
	bulk_init(&b, ids, 4, j);
	assert_int_equal(bulk_next(&b, &id, &err), BULK_SEND);
	assert_int_equal(bulk_next(&b, &id, &err), BULK_SEND);
	bulk_answer(&b, 1, POST_APPLIED, &err);
	journal_close(&j, false);

	j = open_ok("run two");
	assert_true(journal_resumed(j));
	bulk_init(&b, ids, 4, j);
	assert_int_equal(bulk_next(&b, &id, &err), BULK_EARLIER_APPLIED);
	assert_int_equal(id, 1);
	assert_int_equal(bulk_next(&b, &id, &err), BULK_EARLIER_MAYBE);
	assert_int_equal(id, 2);
	assert_int_equal(bulk_next(&b, &id, &err), BULK_SEND);
	assert_int_equal(id, 3);
	/* The user stops: the one in flight still counts, 4 is not sent. */
	bulk_stop(&b);
	assert_int_equal(bulk_next(&b, &id, &err), BULK_END);
	assert_false(bulk_finished(&b));
	bulk_answer(&b, 3, POST_APPLIED, &err);
	assert_true(bulk_finished(&b));
	assert_int_equal(b.earlier, 1);
	assert_int_equal(b.maybe_earlier, 1);
	assert_int_equal(b.applied, 1);
	assert_int_equal(bulk_unsent(&b), 1);
	journal_close(&j, true);
}

static void test_resend_maybe_sends_the_unknown_again(void **state)
{
	long ids[] = { 7 };
	struct journal *j = open_ok("run three");
	struct errbuf err;
	struct bulk b;
	long id;

	(void)state;
	assert_int_equal(journal_mark(j, 7, JOURNAL_MAYBE, &err), HALO_OK);
	bulk_init(&b, ids, 1, j);
	b.resend_maybe = true;
	assert_int_equal(bulk_next(&b, &id, &err), BULK_SEND);
	journal_close(&j, true);
}

static void test_body_puts_the_id_first(void **state)
{
	struct errbuf err;
	char *out = NULL;

	(void)state;
	assert_int_equal(bulk_body("{\"status_id\":9}", "id", 42, &out, &err),
	                 HALO_OK);
	assert_string_equal(out, "[{\"id\":42,\"status_id\":9}]");
	free(out);
	/* A body made for another record: its id is replaced. */
	assert_int_equal(bulk_body("[{\"ticket_id\":1,\"note\":\"x\"}]",
	                           "ticket_id", 5, &out, &err), HALO_OK);
	assert_string_equal(out, "[{\"ticket_id\":5,\"note\":\"x\"}]");
	free(out);
	assert_int_equal(bulk_body("[1,2]", "id", 5, &out, &err), HALO_EUSAGE);
	assert_null(out);
	assert_int_equal(bulk_body("not json", "id", 5, &out, &err), HALO_EUSAGE);
	assert_int_equal(bulk_body(NULL, "id", 5, &out, &err), HALO_EUSAGE);
}

static void test_eta(void **state)
{
	(void)state;
	assert_int_equal(bulk_eta(0, 0, 10, 300, 300), -1);
	assert_int_equal(bulk_eta(10, 5.0, 0, 300, 300), 0);
	/* As fast as seen so far. */
	assert_int_equal(bulk_eta(10, 5.0, 10, 300, 300), 5);
	/* More than the budget's room: windows must pass (270 a window). */
	assert_int_equal(bulk_eta(0, 0, 540, 300, 300), 300);
}

/* ---- a pattern over rows ------------------------------------------------ */

static const struct field_def fields[] = {
	{ .key = "id", .label = "ID", .kind = FIELD_ID, .width = 6,
	  .min_width = 4, .flags = FIELD_COLUMN },
	{ .key = "summary", .label = "Summary", .kind = FIELD_TEXT,
	  .width = 30, .min_width = 10, .flags = FIELD_COLUMN },
	{ .key = "status", .label = "Status", .alias = "state",
	  .kind = FIELD_TEXT, .width = 10, .min_width = 6,
	  .flags = FIELD_COLUMN },
	{ .key = "hidden", .label = "Hidden", .kind = FIELD_TEXT },
};

static const struct resource res = {
	.name = "things", .singular = "thing", .path = "Thing",
	.list_key = "things", .id_key = "id", .title_key = "summary",
	.fields = fields, .nfields = 4,
};

static void test_rowmatch(void **state)
{
	struct column_layout cl;
	struct lookups lk;
	struct rowmatch m;
	struct errbuf err;
	struct record *r = record_take(&res, cJSON_Parse(
		"{\"id\":3,\"summary\":\"Printer on fire\",\"status\":\"New\","
		"\"hidden\":\"secret\"}"));

	(void)state;
	assert_non_null(r);
	lookups_init(&lk);
	columns_layout(&cl, &res, 80);
	assert_int_equal(rowmatch_parse(&m, &cl, "printer", &err), HALO_OK);
	assert_int_equal(rowmatch_test(&m, &cl, r, &lk), 1);
	assert_int_equal(rowmatch_parse(&m, &cl, "secret", &err), HALO_OK);
	assert_int_equal(rowmatch_test(&m, &cl, r, &lk), 0);   /* not shown */
	assert_int_equal(rowmatch_parse(&m, &cl, "status=new", &err), HALO_OK);
	assert_int_equal(rowmatch_test(&m, &cl, r, &lk), 1);
	assert_int_equal(rowmatch_parse(&m, &cl, "state = New", &err), HALO_OK);
	assert_int_equal(rowmatch_test(&m, &cl, r, &lk), 1);
	/* A column's value is the whole value, not a part of it. */
	assert_int_equal(rowmatch_parse(&m, &cl, "status=Ne", &err), HALO_OK);
	assert_int_equal(rowmatch_test(&m, &cl, r, &lk), 0);
	assert_int_equal(rowmatch_parse(&m, &cl, "colour=red", &err), HALO_EUSAGE);
	assert_non_null(strstr(err.msg, "no column \"colour\""));
	assert_non_null(strstr(err.msg, "state"));
	assert_int_equal(rowmatch_parse(&m, &cl, "  ", &err), HALO_EUSAGE);
	assert_int_equal(rowmatch_parse(&m, &cl, NULL, &err), HALO_EUSAGE);
	record_free(&r);
	lookups_done(&lk);
}

/* ---- the plan on disk ---------------------------------------------------- */

static void test_plan_saved_listed_removed(void **state)
{
	const struct cache_owner o = { "https://a.example", "t", "c" };
	const struct cache_owner other = { "https://b.example", "t", "c" };
	long ids[] = { 4, 5, 6 };
	struct bulk_plan p, *list = NULL;
	struct errbuf err;
	struct stat sb;
	size_t n = 9;

	(void)state;
	assert_int_equal(bulk_plan_set(&p, "tickets", "id", "{\"status_id\":9}",
	                               "Status Closed", ids, 3), 0);
	assert_int_equal(bulk_plan_save(&p, "prof", &o, &err), HALO_OK);
	assert_non_null(p.journal_key);
	assert_int_equal(stat(p.path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);

	assert_int_equal(bulk_plan_list("prof", &o, &list, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].title, "Status Closed");
	assert_string_equal(list[0].change, "{\"status_id\":9}");
	assert_string_equal(list[0].journal_key, p.journal_key);
	assert_string_equal(list[0].path, p.path);
	assert_int_equal(list[0].n, 3);
	assert_int_equal(list[0].ids[2], 6);
	bulk_plan_done(&list[0]);
	free(list);

	/* Another instance's, or another profile's: none. */
	assert_int_equal(bulk_plan_list("prof", &other, &list, &n), 0);
	assert_int_equal(n, 0);
	free(list);
	assert_int_equal(bulk_plan_list("else", &o, &list, &n), 0);
	assert_int_equal(n, 0);
	free(list);

	bulk_plan_remove(&p);
	assert_int_equal(bulk_plan_list("prof", &o, &list, &n), 0);
	assert_int_equal(n, 0);
	free(list);
	bulk_plan_done(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dedupe_keeps_the_first_order),
		cmocka_unit_test(test_run_sends_each_and_counts_answers),
		cmocka_unit_test(test_resume_skips_what_was_settled),
		cmocka_unit_test(test_resend_maybe_sends_the_unknown_again),
		cmocka_unit_test(test_body_puts_the_id_first),
		cmocka_unit_test(test_eta),
		cmocka_unit_test(test_rowmatch),
		cmocka_unit_test(test_plan_saved_listed_removed),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, testdir_teardown);
}
