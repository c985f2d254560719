/* SPDX-License-Identifier: MIT */
/* Lookup lists: filling them from lookup-list records (statuses, priorities
 * repeated per SLA, agents, ...), naming ids, and finding ids for what a
 * user typed (numbers, exact names, unique prefixes, ambiguity). */
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

#include "lookup.h"
#include "record.h"
#include "resource.h"

struct recs {
	struct record **r;
	size_t n;
};

/* Records of the lookup resource for `kind` from a JSON array. */
static struct recs make(enum lookup_kind kind, const char *json)
{
	const struct resource *res = resource_for_lookup(kind);
	cJSON *arr = cJSON_Parse(json), *it;
	struct recs out = { 0 };

	assert_non_null(res);
	assert_non_null(arr);
	out.r = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *out.r);
	assert_non_null(out.r);
	cJSON_ArrayForEach(it, arr)
		out.r[out.n++] = record_copy(res, it);  /* NULL for non-objects */
	cJSON_Delete(arr);
	return out;
}

static void recs_free(struct recs *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		record_free(&rs->r[i]);
	free(rs->r);
}

static void set_json(struct lookups *lk, enum lookup_kind kind,
                     const char *json)
{
	struct recs rs = make(kind, json);
	struct errbuf err = { "" };

	assert_int_equal(lookups_set(lk, kind, rs.r, rs.n, &err), HALO_OK);
	recs_free(&rs);
}

static const char statuses[] =
	"[{\"id\":1,\"name\":\"New\",\"colour\":\"#68bc00\"},"
	"{\"id\":2,\"name\":\"In Progress\"},"
	"{\"id\":3,\"name\":\"Action Required\"},"
	"{\"id\":5,\"name\":\"Invoiced\"},"
	"{\"id\":9,\"name\":\"Closed\"},"
	"{\"id\":10,\"name\":\"Newer\"}]";

static void test_empty(void **state)
{
	struct lookups lk;
	struct errbuf err = { "" };

	(void)state;
	lookups_init(&lk);
	for (int k = 0; k < LOOKUP__COUNT; k++) {
		assert_false(lookups_loaded(&lk, (enum lookup_kind)k));
		assert_null(lookups_name(&lk, (enum lookup_kind)k, 1));
	}
	assert_false(lookups_loaded(NULL, LOOKUP_STATUS));
	assert_null(lookups_name(NULL, LOOKUP_STATUS, 1));
	assert_int_equal(lookups_find(NULL, LOOKUP_STATUS, "x", &err), 0);
	assert_int_equal(lookups_set(&lk, LOOKUP_NONE, NULL, 0, &err),
	                 HALO_EUSAGE);
	assert_int_equal(lookups_set(&lk, LOOKUP__COUNT, NULL, 0, &err),
	                 HALO_EUSAGE);
	/* No records is a loaded, empty list. */
	assert_int_equal(lookups_set(&lk, LOOKUP_TEAM, NULL, 0, &err), HALO_OK);
	assert_true(lookups_loaded(&lk, LOOKUP_TEAM));
	lookups_done(&lk);
	lookups_done(&lk);
	lookups_done(NULL);
}

static void test_set_and_name(void **state)
{
	struct lookups lk;

	(void)state;
	lookups_init(&lk);
	set_json(&lk, LOOKUP_STATUS, statuses);
	assert_true(lookups_loaded(&lk, LOOKUP_STATUS));
	assert_false(lookups_loaded(&lk, LOOKUP_AGENT));
	assert_int_equal(lk.lists[LOOKUP_STATUS].n, 6);
	assert_string_equal(lookups_name(&lk, LOOKUP_STATUS, 1), "New");
	assert_string_equal(lookups_name(&lk, LOOKUP_STATUS, 9), "Closed");
	assert_string_equal(lk.lists[LOOKUP_STATUS].items[0].colour, "#68bc00");
	assert_null(lk.lists[LOOKUP_STATUS].items[1].colour);
	assert_null(lookups_name(&lk, LOOKUP_STATUS, 4));
	assert_null(lookups_name(&lk, LOOKUP_STATUS, 0));
	assert_null(lookups_name(&lk, LOOKUP_STATUS, -1));
	/* Another list is not consulted. */
	assert_null(lookups_name(&lk, LOOKUP_AGENT, 1));
	lookups_done(&lk);
}

static void test_set_skips(void **state)
{
	struct lookups lk;

	(void)state;
	lookups_init(&lk);
	set_json(&lk, LOOKUP_AGENT,
	         "[{\"name\":\"No id\"},{\"id\":0,\"name\":\"Zero\"},"
	         "{\"id\":-1,\"name\":\"Minus\"},{\"id\":\"x\",\"name\":\"Bad\"},"
	         "{\"id\":4},{\"id\":5,\"name\":\"\"},{\"id\":6,\"name\":null},"
	         "{\"id\":7,\"name\":12},{\"id\":8,\"name\":\"\\u001b\\u0007\"},"
	         "42,\"text\",null,[1],"
	         "{\"id\":\"3\",\"name\":\"Admin\"},{\"id\":3.0,\"name\":\"Dup\"},"
	         "{\"id\":1,\"name\":\"  Unassigned  \"}]");
	assert_int_equal(lk.lists[LOOKUP_AGENT].n, 2);
	/* The first of a repeated id is kept; names are trimmed. */
	assert_string_equal(lookups_name(&lk, LOOKUP_AGENT, 3), "Admin");
	assert_string_equal(lookups_name(&lk, LOOKUP_AGENT, 1), "Unassigned");
	assert_null(lookups_name(&lk, LOOKUP_AGENT, 8));
	lookups_done(&lk);
}

static void test_priorities_per_sla(void **state)
{
	struct lookups lk;
	struct errbuf err = { "" };

	(void)state;
	lookups_init(&lk);
	/* One row per SLA x priority; `id` is a GUID, priorityid the key. */
	set_json(&lk, LOOKUP_PRIORITY,
	         "[{\"id\":\"aeb80996-9bd8-4e71-8b0b-5a8b3e3f1c11\",\"slaid\":1,"
	         "\"priorityid\":4,\"name\":\"Low\",\"colour\":\"#68bc00\"},"
	         "{\"id\":\"0d4b6c8e-1111-2222-3333-444455556666\",\"slaid\":2,"
	         "\"priorityid\":4,\"name\":\"Low\"},"
	         "{\"id\":\"5f0e0000-aaaa-bbbb-cccc-ddddeeeeffff\",\"slaid\":1,"
	         "\"priorityid\":1,\"name\":\"Critical\"},"
	         "{\"id\":\"99999999-aaaa-bbbb-cccc-ddddeeeeffff\",\"slaid\":1,"
	         "\"name\":\"No priorityid\"},"
	         "{\"id\":7,\"name\":\"Integer id only\"}]");
	/* Low is kept under both SLAs: each SLA may name it differently. */
	assert_int_equal(lk.lists[LOOKUP_PRIORITY].n, 3);
	assert_string_equal(lookups_name(&lk, LOOKUP_PRIORITY, 4), "Low");
	assert_string_equal(lookups_name(&lk, LOOKUP_PRIORITY, 1), "Critical");
	assert_null(lookups_name(&lk, LOOKUP_PRIORITY, 7));
	assert_int_equal(lookups_find(&lk, LOOKUP_PRIORITY, "low", &err), 4);
	assert_int_equal(lookups_find(&lk, LOOKUP_PRIORITY, "crit", &err), 1);
	lookups_done(&lk);
}

/* HALO_API.md F1: priorityid 2 under SLA 1 and SLA 2 are two priorities
 * with their own names; a ticket's SLA picks which. */
static void test_priorities_scoped(void **state)
{
	struct lookups lk;
	struct errbuf err = { "" };

	(void)state;
	lookups_init(&lk);
	set_json(&lk, LOOKUP_PRIORITY,
	         "[{\"slaid\":1,\"priorityid\":1,\"name\":\"Critical\"},"
	         "{\"slaid\":1,\"priorityid\":2,\"name\":\"High\"},"
	         "{\"slaid\":2,\"priorityid\":1,\"name\":\"P1 Urgent\"},"
	         "{\"slaid\":2,\"priorityid\":2,\"name\":\"P2 Next Day\"},"
	         "{\"slaid\":3,\"priorityid\":2,\"name\":\"High\"}]");
	assert_int_equal(lk.lists[LOOKUP_PRIORITY].n, 5);
	assert_int_equal(lk.lists[LOOKUP_PRIORITY].items[2].scope, 2);
	assert_string_equal(lookups_name_in(&lk, LOOKUP_PRIORITY, 2, 1), "High");
	assert_string_equal(lookups_name_in(&lk, LOOKUP_PRIORITY, 2, 2),
	                    "P2 Next Day");
	assert_string_equal(lookups_name_in(&lk, LOOKUP_PRIORITY, 1, 0),
	                    "Critical");
	assert_null(lookups_name_in(&lk, LOOKUP_PRIORITY, 1, 3));
	/* Names resolve within the SLA only. */
	assert_int_equal(lookups_find_in(&lk, LOOKUP_PRIORITY, "p2 next day", 2,
	                                 &err), 2);
	assert_int_equal(lookups_find_in(&lk, LOOKUP_PRIORITY, "High", 2, &err),
	                 0);
	assert_non_null(strstr(err.msg, "P1 Urgent"));
	assert_null(strstr(err.msg, "Critical"));
	assert_int_equal(lookups_find_in(&lk, LOOKUP_PRIORITY, "High", 1, &err),
	                 2);
	/* Without an SLA, one id under two SLAs is one answer, not two. */
	assert_int_equal(lookups_find(&lk, LOOKUP_PRIORITY, "High", &err), 2);
	assert_int_equal(lookups_find(&lk, LOOKUP_PRIORITY, "P1", &err), 1);
	lookups_done(&lk);
}

static void test_names_sanitised(void **state)
{
	struct lookups lk;

	(void)state;
	lookups_init(&lk);
	set_json(&lk, LOOKUP_TEAM,
	         "[{\"id\":1,\"name\":\"1st \\u001b[31mLine\\u001b[0m\"},"
	         "{\"id\":2,\"name\":\"Ops\\r\\nTeam\",\"colour\":\"\\u001b]0;x\\u0007#fff\"}]");
	assert_string_equal(lookups_name(&lk, LOOKUP_TEAM, 1), "1st Line");
	assert_null(strchr(lookups_name(&lk, LOOKUP_TEAM, 2), '\n'));
	assert_null(strchr(lookups_name(&lk, LOOKUP_TEAM, 2), '\r'));
	assert_null(strchr(lk.lists[LOOKUP_TEAM].items[1].colour, '\x1b'));
	lookups_done(&lk);
}

static void test_set_replaces(void **state)
{
	struct lookups lk;

	(void)state;
	lookups_init(&lk);
	set_json(&lk, LOOKUP_TICKETTYPE, "[{\"id\":1,\"name\":\"Incident\"}]");
	set_json(&lk, LOOKUP_TICKETTYPE, "[{\"id\":2,\"name\":\"Request\"}]");
	assert_int_equal(lk.lists[LOOKUP_TICKETTYPE].n, 1);
	assert_null(lookups_name(&lk, LOOKUP_TICKETTYPE, 1));
	assert_string_equal(lookups_name(&lk, LOOKUP_TICKETTYPE, 2), "Request");
	lookups_done(&lk);
}

static void test_find_numbers(void **state)
{
	struct lookups lk;
	struct errbuf err = { "" };

	(void)state;
	lookups_init(&lk);
	/* A number is an id, loaded or not, known or not. */
	assert_int_equal(lookups_find(&lk, LOOKUP_STATUS, "9", &err), 9);
	set_json(&lk, LOOKUP_STATUS, statuses);
	assert_int_equal(lookups_find(&lk, LOOKUP_STATUS, "42", &err), 42);
	/* Not ids: then they are names, and there are none such. */
	assert_int_equal(lookups_find(&lk, LOOKUP_STATUS, "0", &err), 0);
	assert_int_equal(lookups_find(&lk, LOOKUP_STATUS, "-1", &err), 0);
	assert_int_equal(lookups_find(&lk, LOOKUP_STATUS, "9x", &err), 0);
	assert_int_equal(lookups_find(&lk, LOOKUP_STATUS,
	                              "99999999999999999999", &err), 0);
	lookups_done(&lk);
}

static void test_find_names(void **state)
{
	struct lookups lk;
	struct errbuf err = { "" };

	(void)state;
	lookups_init(&lk);
	set_json(&lk, LOOKUP_STATUS, statuses);
	assert_int_equal(lookups_find(&lk, LOOKUP_STATUS, "Closed", &err), 9);
	assert_int_equal(lookups_find(&lk, LOOKUP_STATUS, "closed", &err), 9);
	assert_int_equal(lookups_find(&lk, LOOKUP_STATUS, "IN PROGRESS", &err),
	                 2);
	/* An exact name beats a longer one it prefixes. */
	assert_int_equal(lookups_find(&lk, LOOKUP_STATUS, "new", &err), 1);
	/* A unique prefix. */
	assert_int_equal(lookups_find(&lk, LOOKUP_STATUS, "in p", &err), 2);
	assert_int_equal(lookups_find(&lk, LOOKUP_STATUS, "act", &err), 3);
	assert_int_equal(lookups_find(&lk, LOOKUP_STATUS, "newe", &err), 10);
	lookups_done(&lk);
}

static void test_find_ambiguous(void **state)
{
	struct lookups lk;
	struct errbuf err = { "" };

	(void)state;
	lookups_init(&lk);
	set_json(&lk, LOOKUP_STATUS, statuses);
	assert_int_equal(lookups_find(&lk, LOOKUP_STATUS, "in", &err), 0);
	assert_string_equal(err.msg, "status \"in\" is ambiguous: "
	                    "In Progress (2), Invoiced (5)");
	/* Two agents with one name: only an id tells them apart. */
	set_json(&lk, LOOKUP_AGENT, "[{\"id\":3,\"name\":\"Sam Lee\"},"
	         "{\"id\":7,\"name\":\"sam lee\"},{\"id\":8,\"name\":\"Sam\"}]");
	assert_int_equal(lookups_find(&lk, LOOKUP_AGENT, "sam lee", &err), 0);
	assert_string_equal(err.msg, "agent \"sam lee\" is ambiguous: "
	                    "Sam Lee (3), sam lee (7)");
	assert_int_equal(lookups_find(&lk, LOOKUP_AGENT, "sam", &err), 8);
	lookups_done(&lk);
}

static void test_find_unknown(void **state)
{
	struct lookups lk;
	struct errbuf err = { "" };

	(void)state;
	lookups_init(&lk);
	assert_int_equal(lookups_find(&lk, LOOKUP_TEAM, "Ops", &err), 0);
	assert_non_null(strstr(err.msg, "team list is not loaded"));
	assert_int_equal(lookups_find(&lk, LOOKUP_TEAM, "", &err), 0);
	assert_string_equal(err.msg, "an empty team");
	assert_int_equal(lookups_find(&lk, LOOKUP_TEAM, NULL, &err), 0);
	assert_int_equal(lookups_find(&lk, LOOKUP_NONE, "x", &err), 0);
	set_json(&lk, LOOKUP_TEAM, "[]");
	assert_int_equal(lookups_find(&lk, LOOKUP_TEAM, "Ops", &err), 0);
	assert_string_equal(err.msg, "no team named \"Ops\" (the list is empty)");
	set_json(&lk, LOOKUP_STATUS, statuses);
	assert_int_equal(lookups_find(&lk, LOOKUP_STATUS, "Open", &err), 0);
	assert_string_equal(err.msg, "no status named \"Open\" (known: New, "
	                    "In Progress, Action Required, Invoiced, Closed, "
	                    "Newer)");
	/* err may be NULL. */
	assert_int_equal(lookups_find(&lk, LOOKUP_STATUS, "Open", NULL), 0);
	lookups_done(&lk);
}

static void test_find_hint_capped(void **state)
{
	struct lookups lk;
	struct errbuf err = { "" };
	char json[8192];
	size_t used = 0;

	(void)state;
	used += (size_t)snprintf(json, sizeof json, "[");
	for (int i = 1; i <= 20; i++)
		used += (size_t)snprintf(json + used, sizeof json - used,
		                         "%s{\"id\":%d,\"name\":\"Agent %02d %0200d\"}",
		                         i > 1 ? "," : "", i, i, 0);
	snprintf(json + used, sizeof json - used, "]");
	lookups_init(&lk);
	set_json(&lk, LOOKUP_AGENT, json);
	assert_int_equal(lk.lists[LOOKUP_AGENT].n, 20);
	/* Long names fill the message without overflowing it. */
	assert_int_equal(lookups_find(&lk, LOOKUP_AGENT, "Agent", &err), 0);
	assert_non_null(strstr(err.msg, "is ambiguous: Agent 01 "));
	/* Only whole names, then "...". */
	assert_non_null(strstr(err.msg, "0 (2), ..."));
	assert_null(strstr(err.msg, "(3)"));
	assert_int_equal(lookups_find(&lk, LOOKUP_AGENT, "agent 07", &err), 7);
	lookups_done(&lk);
	/* Short names: eight are listed, then "...". */
	lookups_init(&lk);
	set_json(&lk, LOOKUP_AGENT, "[{\"id\":1,\"name\":\"a1\"},{\"id\":2,"
	         "\"name\":\"a2\"},{\"id\":3,\"name\":\"a3\"},{\"id\":4,\"name\":"
	         "\"a4\"},{\"id\":5,\"name\":\"a5\"},{\"id\":6,\"name\":\"a6\"},"
	         "{\"id\":7,\"name\":\"a7\"},{\"id\":8,\"name\":\"a8\"},"
	         "{\"id\":9,\"name\":\"a9\"}]");
	assert_int_equal(lookups_find(&lk, LOOKUP_AGENT, "zz", &err), 0);
	assert_string_equal(err.msg, "no agent named \"zz\" (known: a1, a2, a3, "
	                    "a4, a5, a6, a7, a8, ...)");
	lookups_done(&lk);
}

static void test_kind_names(void **state)
{
	(void)state;
	assert_string_equal(lookup_kind_name(LOOKUP_STATUS), "status");
	assert_string_equal(lookup_kind_name(LOOKUP_PRIORITY), "priority");
	assert_string_equal(lookup_kind_name(LOOKUP_AGENT), "agent");
	assert_string_equal(lookup_kind_name(LOOKUP_TEAM), "team");
	assert_string_equal(lookup_kind_name(LOOKUP_TICKETTYPE), "ticket type");
	assert_string_equal(lookup_kind_name(LOOKUP_NONE), "none");
	assert_string_equal(lookup_kind_name(LOOKUP__COUNT), "unknown");
	assert_string_equal(lookup_kind_name((enum lookup_kind)-1), "unknown");
}

static void test_lookup_resources(void **state)
{
	(void)state;
	assert_null(resource_for_lookup(LOOKUP_NONE));
	assert_null(resource_for_lookup(LOOKUP__COUNT));
	for (int k = LOOKUP_NONE + 1; k < LOOKUP__COUNT; k++) {
		const struct resource *r = resource_for_lookup((enum lookup_kind)k);

		assert_non_null(r);
		assert_true(r->flags & RES_LOOKUP);
		assert_int_equal(r->lookup, k);
		/* Bare arrays without paging (HALO_API.md 3.2). */
		assert_null(r->list_key);
		assert_false(r->flags & RES_PAGED);
		assert_false(r->flags & RES_BROWSE);
	}
	assert_string_equal(resource_for_lookup(LOOKUP_STATUS)->path, "Status");
	assert_string_equal(resource_for_lookup(LOOKUP_PRIORITY)->path,
	                    "Priority");
	assert_string_equal(resource_for_lookup(LOOKUP_PRIORITY)->id_key,
	                    "priorityid");
	assert_string_equal(resource_for_lookup(LOOKUP_AGENT)->path, "Agent");
	assert_string_equal(resource_for_lookup(LOOKUP_TEAM)->path, "Team");
	assert_string_equal(resource_for_lookup(LOOKUP_TICKETTYPE)->path,
	                    "TicketType");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_set_and_name),
		cmocka_unit_test(test_set_skips),
		cmocka_unit_test(test_priorities_per_sla),
		cmocka_unit_test(test_priorities_scoped),
		cmocka_unit_test(test_names_sanitised),
		cmocka_unit_test(test_set_replaces),
		cmocka_unit_test(test_find_numbers),
		cmocka_unit_test(test_find_names),
		cmocka_unit_test(test_find_ambiguous),
		cmocka_unit_test(test_find_unknown),
		cmocka_unit_test(test_find_hint_capped),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_lookup_resources),
	};

	setlocale(LC_ALL, "");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("lookup", tests, NULL, NULL);
}
