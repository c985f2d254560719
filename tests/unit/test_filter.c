/* SPDX-License-Identifier: MIT */
/* The one filter grammar of --filter, :filter and saved views: name=value,
 * known names only, yes/no words, and ids told apart from names. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "filter.h"

static const struct resource *tickets;

static void test_split_edges(void **state)
{
	struct errbuf err;
	char name[8];
	const char *value;

	(void)state;
	assert_int_equal(filter_split(NULL, name, sizeof name, &value, &err),
	                 HALO_EUSAGE);
	assert_int_equal(filter_split("status", name, sizeof name, &value, &err),
	                 HALO_EUSAGE);
	assert_non_null(strstr(err.msg, "name=value"));
	assert_int_equal(filter_split("=Open", name, sizeof name, &value, &err),
	                 HALO_EUSAGE);
	/* A name that does not fit is refused, not cut. */
	assert_int_equal(filter_split("priority=1", name, sizeof name, &value,
	                              &err), HALO_EUSAGE);
	assert_int_equal(filter_split("status=", name, sizeof name, &value, &err),
	                 HALO_OK);
	assert_string_equal(name, "status");
	assert_string_equal(value, "");
	assert_int_equal(filter_split("a=b=c", name, sizeof name, &value, &err),
	                 HALO_OK);
	assert_string_equal(name, "a");
	assert_string_equal(value, "b=c");
}

static void test_unknown_and_empty(void **state)
{
	struct filter_value fv;
	struct errbuf err;

	(void)state;
	assert_int_equal(filter_parse(tickets, "colour", "red", &fv, &err),
	                 HALO_EUSAGE);
	assert_null(fv.def);
	assert_non_null(strstr(err.msg, "unknown filter 'colour' for tickets"));
	assert_non_null(strstr(err.msg, "status, agent"));
	assert_int_equal(filter_parse(tickets, NULL, "x", &fv, &err), HALO_EUSAGE);
	assert_int_equal(filter_parse(NULL, "status", "x", &fv, &err),
	                 HALO_EUSAGE);
	assert_int_equal(filter_parse(tickets, "status", "", &fv, &err),
	                 HALO_EUSAGE);
	assert_string_equal(err.msg, "filter status wants a value");
	assert_int_equal(filter_parse(tickets, "status", NULL, &fv, &err),
	                 HALO_EUSAGE);
}

static void test_booleans(void **state)
{
	static const char *const off[] = { "off", "OFF", "false", "no", "0" };
	static const char *const on[] = { "on", "True", "yes", "1" };
	struct filter_value fv;
	struct errbuf err;

	(void)state;
	/* open=off means false wherever it is typed. */
	for (size_t i = 0; i < sizeof off / sizeof off[0]; i++) {
		assert_int_equal(filter_parse(tickets, "open", off[i], &fv, &err),
		                 HALO_OK);
		assert_false(fv.flag);
		assert_string_equal(fv.value, "false");
		assert_string_equal(fv.def->param, "open_only");
		assert_int_equal(fv.need, FILTER_READY);
	}
	for (size_t i = 0; i < sizeof on / sizeof on[0]; i++) {
		assert_int_equal(filter_parse(tickets, "open", on[i], &fv, &err),
		                 HALO_OK);
		assert_true(fv.flag);
		assert_string_equal(fv.value, "true");
	}
	assert_int_equal(filter_parse(tickets, "open", "all", &fv, &err),
	                 HALO_EUSAGE);
	assert_string_equal(err.msg, "filter open wants yes or no (true/false, "
	                    "on/off, 1/0), got 'all'");
}

static void test_ids_and_names(void **state)
{
	struct filter_value fv;
	struct errbuf err;

	(void)state;
	assert_int_equal(filter_parse(tickets, "status", "9", &fv, &err), HALO_OK);
	assert_int_equal(fv.need, FILTER_READY);
	assert_string_equal(fv.value, "9");
	assert_string_equal(fv.def->param, "status_id");
	/* By its query parameter, too. */
	assert_int_equal(filter_parse(tickets, "STATUS_ID", "Closed", &fv, &err),
	                 HALO_OK);
	assert_int_equal(fv.need, FILTER_LOOKUP);
	assert_string_equal(fv.value, "Closed");
	assert_int_equal(filter_parse(tickets, "client", "acme corp", &fv, &err),
	                 HALO_OK);
	assert_int_equal(fv.need, FILTER_SEARCH);
	assert_int_equal(filter_parse(tickets, "client", "12", &fv, &err),
	                 HALO_OK);
	assert_int_equal(fv.need, FILTER_READY);
	/* "-1" is not an id: a name to look up. */
	assert_int_equal(filter_parse(tickets, "agent", "-1", &fv, &err),
	                 HALO_OK);
	assert_int_equal(fv.need, FILTER_LOOKUP);
	/* A filter with neither a lookup nor a link takes the text as it is. */
	assert_int_equal(filter_parse(resource_find("clients"), "toplevel",
	                              "Customers", &fv, &err), HALO_OK);
	assert_int_equal(fv.need, FILTER_READY);
	assert_string_equal(fv.value, "Customers");
}

static void test_names(void **state)
{
	char out[400];
	static const struct resource bare = { .name = "bare" };

	(void)state;
	filter_names(tickets, out, sizeof out);
	assert_string_equal(out, "status, agent, team, priority, type, client, "
	                    "site, user, asset, open, closed");
	filter_names(&bare, out, sizeof out);
	assert_string_equal(out, "none");
	/* Cut at a name, never inside one. */
	filter_names(tickets, out, 20);
	assert_string_equal(out, "status, agent, team");
	filter_names(tickets, out, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_edges),
		cmocka_unit_test(test_unknown_and_empty),
		cmocka_unit_test(test_booleans),
		cmocka_unit_test(test_ids_and_names),
		cmocka_unit_test(test_names),
	};

	tickets = resource_find("tickets");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("filter", tests, NULL, NULL);
}
