/* SPDX-License-Identifier: MIT */
/* The Halo API's shapes: request paths, list and item replies, error
 * bodies (HALO_API.md section 8), edit bodies; the resource table and its
 * agreement with Halo's OpenAPI document; records and their display text. */
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
#include <strings.h>
#include <time.h>

#include "api.h"
#include "jsonx.h"
#include "lookup.h"
#include "record.h"
#include "resource.h"

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

static const struct resource *res_named(const char *name)
{
	const struct resource *r = resource_find(name);

	assert_non_null(r);
	return r;
}

/* Compares and frees a path built by the code under test. */
static void check_path(char *got, const char *want)
{
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* ---- Paths ------------------------------------------------------------- */

static void test_escape(void **state)
{
	(void)state;
	check_path(api_escape(NULL), "");
	check_path(api_escape(""), "");
	check_path(api_escape("AZaz09-._~"), "AZaz09-._~");
	check_path(api_escape("a b&c=d"), "a%20b%26c%3Dd");
	check_path(api_escape("/?#+%,"), "%2F%3F%23%2B%25%2C");
	check_path(api_escape("caf\xc3\xa9 \xe2\x98\x95"), "caf%C3%A9%20%E2%98%95");
	check_path(api_escape("\n\x7f\xff"), "%0A%7F%FF");
}

static void test_item_paths(void **state)
{
	const struct resource *t = res_named("tickets");
	const struct resource *a = res_named("actions");

	(void)state;
	check_path(api_collection_path(t), "/api/Tickets");
	check_path(api_collection_path(res_named("contracts")),
	           "/api/ClientContract");
	check_path(api_item_path(t, 5, 0, NULL), "/api/Tickets/5");
	check_path(api_item_path(t, 12345678, 0, ""), "/api/Tickets/12345678");
	check_path(api_item_path(t, 5, 0, "includedetails=true"),
	           "/api/Tickets/5?includedetails=true");
	/* Action ids are per ticket (HALO_API.md 7.3). */
	check_path(api_item_path(a, 3, 9, NULL), "/api/Actions/3?ticket_id=9");
	check_path(api_item_path(a, 3, 9, "includedetails=true"),
	           "/api/Actions/3?ticket_id=9&includedetails=true");
	check_path(api_collection_path(NULL), "/api/");
}

static void test_list_path_paged(void **state)
{
	struct list_query q = { .search = "printer & fax" };

	(void)state;
	/* Tickets: newest first unless told otherwise. */
	check_path(api_list_path(res_named("tickets"), &q, 2, 50),
	           "/api/Tickets?pageinate=true&page_size=50&page_no=2"
	           "&search=printer%20%26%20fax&order=id&orderdesc=true");
	check_path(api_list_path(res_named("tickets"), NULL, 1, 100),
	           "/api/Tickets?pageinate=true&page_size=100&page_no=1"
	           "&order=id&orderdesc=true");
	check_path(api_list_path(res_named("clients"), NULL, 1, 25),
	           "/api/Client?pageinate=true&page_size=25&page_no=1"
	           "&order=name");
	/* No size: the server's default. */
	check_path(api_list_path(res_named("assets"), NULL, 3, 0),
	           "/api/Asset?pageinate=true&page_no=3");
}

static void test_list_path_params(void **state)
{
	struct kv_list params = { 0 };
	struct list_query q = { .params = &params, .order = "summary",
	                        .search = "" };

	(void)state;
	assert_int_equal(kv_add(&params, "status_id", "1"), 0);
	assert_int_equal(kv_add(&params, "team", "1,2"), 0);
	assert_int_equal(kv_add(&params, "open_only", "true"), 0);
	assert_int_equal(kv_add(&params, "search_user_name", "Zo\xc3\xab =&?"), 0);
	check_path(api_list_path(res_named("tickets"), &q, 1, 50),
	           "/api/Tickets?pageinate=true&page_size=50&page_no=1"
	           "&status_id=1&team=1%2C2&open_only=true"
	           "&search_user_name=Zo%C3%AB%20%3D%26%3F&order=summary");
	q.orderdesc = true;
	q.params = NULL;
	check_path(api_list_path(res_named("users"), &q, 1, 10),
	           "/api/Users?pageinate=true&page_size=10&page_no=1"
	           "&order=summary&orderdesc=true");
	kv_done(&params);
	/* A parameter name is escaped too. */
	assert_int_equal(kv_add(&params, "a b", ""), 0);
	q.params = &params;
	q.order = NULL;
	check_path(api_list_path(res_named("sites"), &q, 0, 0),
	           "/api/Site?a%20b=&order=name");
	kv_done(&params);
}

static void test_list_path_unpaged(void **state)
{
	struct list_query q = { .ticket_id = 9, .count = 20 };

	(void)state;
	/* Lookup lists: the whole list, no paging. */
	check_path(api_list_path(res_named("statuses"), NULL, 0, 0),
	           "/api/Status");
	check_path(api_list_path(res_named("priorities"), NULL, 1, 50),
	           "/api/Priority");
	/* Agents: the table's fixed query names unassigned, disabled and
	 * API-only ones. */
	check_path(api_list_path(res_named("agents"), NULL, 0, 0),
	           "/api/Agent?includeunassigned=true&includedisabled=true"
	           "&includeapiagents=true");
	/* Actions take ticket_id and count, never pageinate, and always ask
	 * for the HTML note. */
	check_path(api_list_path(res_named("actions"), &q, 0, 0),
	           "/api/Actions?ticket_id=9&count=20&includehtmlnote=true");
	check_path(api_list_path(res_named("actions"), &q, 1, 50),
	           "/api/Actions?ticket_id=9&count=20&includehtmlnote=true");
	/* count only without paging. */
	q.ticket_id = 0;
	q.count = 10;
	check_path(api_list_path(res_named("tickets"), &q, 0, 0),
	           "/api/Tickets?count=10&order=id&orderdesc=true");
	check_path(api_list_path(res_named("tickets"), &q, 1, 50),
	           "/api/Tickets?pageinate=true&page_size=50&page_no=1"
	           "&order=id&orderdesc=true");
}

/* ---- Lists ------------------------------------------------------------- */

/* {<members>"tickets":[{"id":1,...},...n]} (members end with a comma). */
static char *ticket_list(const char *members, int n)
{
	size_t cap = 256 + (size_t)n * 64, used;
	char *s = malloc(cap);

	assert_non_null(s);
	used = (size_t)snprintf(s, cap, "{%s\"tickets\":[", members);
	for (int i = 1; i <= n; i++)
		used += (size_t)snprintf(s + used, cap - used,
		                         "%s{\"id\":%d,\"summary\":\"T%d\"}",
		                         i > 1 ? "," : "", i, i);
	snprintf(s + used, cap - used, "]}");
	return s;
}

static enum halo_status parse_list(const char *res, const char *body,
                                   struct api_page *p, struct errbuf *err)
{
	return api_parse_list(res_named(res), body, body ? strlen(body) : 0, p,
	                      err);
}

static void test_list_wrapped(void **state)
{
	char *body = ticket_list("\"record_count\":717,\"page_no\":2,"
	                         "\"page_size\":100,\"include_children\":false,",
	                         100);
	struct api_page p;
	struct errbuf err = { "" };

	(void)state;
	assert_int_equal(parse_list("tickets", body, &p, &err), HALO_OK);
	assert_int_equal(p.n, 100);
	assert_int_equal(p.record_count, 717);
	assert_int_equal(p.page_no, 2);
	assert_int_equal(p.page_size, 100);
	assert_int_equal(p.records[0]->id, 1);
	assert_int_equal(p.records[99]->id, 100);
	assert_ptr_equal(p.records[0]->res, res_named("tickets"));
	assert_string_equal(record_str(p.records[4], "summary"), "T5");
	api_page_done(&p);
	assert_null(p.records);
	assert_int_equal(p.n, 0);
	free(body);
}

static void test_list_page_capped(void **state)
{
	/* HALO_API.md 3.3: asked for 1000, served 100 of 717. */
	char *body = ticket_list("\"record_count\":717,\"page_no\":1,"
	                         "\"page_size\":1000,", 100);
	struct api_page p;

	(void)state;
	assert_int_equal(parse_list("tickets", body, &p, NULL), HALO_OK);
	assert_int_equal(p.page_size, 100);
	assert_int_equal(p.record_count, 717);
	api_page_done(&p);
	free(body);
	/* A short last page keeps the size served. */
	body = ticket_list("\"record_count\":717,\"page_no\":8,"
	                   "\"page_size\":100,", 17);
	assert_int_equal(parse_list("tickets", body, &p, NULL), HALO_OK);
	assert_int_equal(p.page_size, 100);
	assert_int_equal(p.n, 17);
	api_page_done(&p);
	free(body);
}

static void test_list_without_page_members(void **state)
{
	char *body = ticket_list("\"record_count\":2,", 2);
	struct api_page p;

	(void)state;
	assert_int_equal(parse_list("tickets", body, &p, NULL), HALO_OK);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.record_count, 2);
	assert_int_equal(p.page_no, 0);
	assert_int_equal(p.page_size, 2);
	api_page_done(&p);
	free(body);
}

static void test_list_record_count_forms(void **state)
{
	static const struct {
		const char *members;
		long want;
	} cases[] = {
		{ "", 3 },                              /* missing: n */
		{ "\"record_count\":\"717\",", 717 },   /* a string */
		{ "\"record_count\":717.0,", 717 },     /* a float */
		{ "\"record_count\":null,", 3 },
		{ "\"record_count\":\"many\",", 3 },
		{ "\"record_count\":-5,", 3 },
		{ "\"record_count\":1e300,", 3 },
		{ "\"record_count\":true,", 3 },
		{ "\"record_count\":1,", 3 },           /* fewer than served */
		{ "\"record_count\":0,", 3 },
	};

	(void)state;
	for (size_t i = 0; i < NITEMS(cases); i++) {
		char *body = ticket_list(cases[i].members, 3);
		struct api_page p;

		assert_int_equal(parse_list("tickets", body, &p, NULL), HALO_OK);
		if (p.record_count != cases[i].want)
			fail_msg("%s: record_count %ld, want %ld", cases[i].members,
			         p.record_count, cases[i].want);
		assert_int_equal(p.n, 3);
		api_page_done(&p);
		free(body);
	}
}

static void test_list_bare(void **state)
{
	struct api_page p;

	(void)state;
	assert_int_equal(parse_list("statuses", "[{\"id\":1,\"name\":\"New\"},"
	                            "{\"id\":9,\"name\":\"Closed\"}]", &p, NULL),
	                 HALO_OK);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.record_count, 2);
	assert_int_equal(p.page_no, 0);
	assert_int_equal(p.page_size, 2);
	assert_int_equal(p.records[1]->id, 9);
	api_page_done(&p);
	/* A lookup list wrapped after all (PD's shape) is accepted too. */
	assert_int_equal(parse_list("teams", "{\"record_count\":1,\"teams\":"
	                            "[{\"id\":26,\"name\":\"1st Line\"}]}", &p,
	                            NULL), HALO_OK);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.records[0]->id, 26);
	api_page_done(&p);
	/* Priorities: the record id is priorityid, not the GUID. */
	assert_int_equal(parse_list("priorities", "[{\"id\":\"aeb80996-1\","
	                            "\"priorityid\":4,\"name\":\"Low\"}]", &p,
	                            NULL), HALO_OK);
	assert_int_equal(p.records[0]->id, 4);
	api_page_done(&p);
}

static void test_list_other_key(void **state)
{
	struct api_page p;
	struct errbuf err = { "" };

	(void)state;
	/* The only array of objects is the list, whatever its key. */
	assert_int_equal(parse_list("tickets", "{\"record_count\":1,\"faults\":"
	                            "[{\"id\":7}],\"ids\":[1,2]}", &p, &err),
	                 HALO_OK);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.records[0]->id, 7);
	api_page_done(&p);
	/* The key's casing may differ. */
	assert_int_equal(parse_list("tickets", "{\"Tickets\":[{\"id\":8}]}", &p,
	                            &err), HALO_OK);
	assert_int_equal(p.records[0]->id, 8);
	api_page_done(&p);
	/* Two candidates: no guessing. */
	assert_int_equal(parse_list("tickets", "{\"a\":[{\"id\":1}],\"b\":"
	                            "[{\"id\":2}]}", &p, &err), HALO_EPARSE);
	assert_string_equal(err.msg, "the server's reply holds no list of "
	                    "tickets");
	assert_null(p.records);
	/* A null list is an empty one. */
	assert_int_equal(parse_list("tickets", "{\"record_count\":0,"
	                            "\"tickets\":null}", &p, &err), HALO_OK);
	assert_int_equal(p.n, 0);
	assert_int_equal(p.record_count, 0);
	api_page_done(&p);
}

static void test_list_empty(void **state)
{
	struct api_page p;

	(void)state;
	assert_int_equal(parse_list("tickets", "{\"record_count\":0,\"page_no\":1,"
	                            "\"page_size\":50,\"tickets\":[]}", &p, NULL),
	                 HALO_OK);
	assert_int_equal(p.n, 0);
	assert_int_equal(p.record_count, 0);
	assert_int_equal(p.page_size, 50);
	api_page_done(&p);
	assert_int_equal(parse_list("agents", "[]", &p, NULL), HALO_OK);
	assert_int_equal(p.n, 0);
	assert_int_equal(p.page_size, 0);
	api_page_done(&p);
	/* Past the end (HALO_API.md 3.3): empty, record_count still told. */
	assert_int_equal(parse_list("tickets", "{\"record_count\":717,"
	                            "\"tickets\":[]}", &p, NULL), HALO_OK);
	assert_int_equal(p.record_count, 717);
	api_page_done(&p);
	api_page_done(NULL);
}

static void test_list_not_json(void **state)
{
	struct api_page p;
	struct errbuf err = { "" };

	(void)state;
	assert_int_equal(parse_list("tickets", "<!DOCTYPE html>\n<html><body>"
	                            "Sign in</body></html>", &p, &err),
	                 HALO_EPARSE);
	assert_string_equal(err.msg, "the server's reply is not JSON: "
	                    "\"<!DOCTYPE html>\"");
	assert_null(p.records);
	assert_int_equal(parse_list("tickets", "", &p, &err), HALO_EPARSE);
	assert_string_equal(err.msg, "the server sent an empty reply");
	assert_int_equal(parse_list("tickets", NULL, &p, &err), HALO_EPARSE);
	assert_int_equal(parse_list("tickets", "{\"record_count\":3,\"tickets\":"
	                            "[{\"id\":1,\"summary\":\"Prin", &p, &err),
	                 HALO_EPARSE);
	assert_non_null(strstr(err.msg, "cut short after 52 bytes"));
	assert_int_equal(parse_list("tickets", "42", &p, &err), HALO_EPARSE);
	assert_int_equal(parse_list("tickets", "\"tickets\"", &p, &err),
	                 HALO_EPARSE);
	assert_int_equal(parse_list("tickets", "{\"Message\":\"x\"}", &p, &err),
	                 HALO_EPARSE);
	assert_string_equal(err.msg, "the server's reply holds no list of "
	                    "tickets");
	/* Escapes in the excerpt do not reach the terminal. */
	assert_int_equal(parse_list("tickets", "\x1b]0;pwned\x07oops", &p, &err),
	                 HALO_EPARSE);
	assert_null(strchr(err.msg, '\x1b'));
	assert_null(strchr(err.msg, '\x07'));
}

static void test_list_non_objects(void **state)
{
	struct api_page p;

	(void)state;
	assert_int_equal(parse_list("statuses", "[1,\"x\",null,{\"id\":5,"
	                            "\"name\":\"a\"},[],true,{\"id\":6}]", &p,
	                            NULL), HALO_OK);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.records[0]->id, 5);
	assert_int_equal(p.records[1]->id, 6);
	assert_int_equal(p.record_count, 2);
	api_page_done(&p);
	assert_int_equal(parse_list("tickets", "{\"record_count\":2,\"tickets\":"
	                            "[{\"id\":1},7,{\"id\":2}]}", &p, NULL),
	                 HALO_OK);
	assert_int_equal(p.n, 2);
	api_page_done(&p);
}

static void test_list_actions(void **state)
{
	struct api_page p;

	(void)state;
	assert_int_equal(parse_list("actions", "{\"record_count\":2,\"actions\":"
	                            "[{\"id\":3,\"ticket_id\":9499},"
	                            "{\"id\":2,\"ticket_id\":\"9499\"}]}", &p,
	                            NULL), HALO_OK);
	assert_int_equal(p.records[0]->id, 3);
	assert_int_equal(p.records[0]->ticket_id, 9499);
	assert_int_equal(p.records[1]->ticket_id, 9499);
	api_page_done(&p);
}

/* ---- Items ------------------------------------------------------------- */

static enum halo_status parse_item(const char *res, const char *body,
                                   struct record **r, struct errbuf *err)
{
	return api_parse_item(res_named(res), body, body ? strlen(body) : 0, r,
	                      err);
}

static void test_item_shapes(void **state)
{
	struct record *r = NULL;
	struct errbuf err = { "" };

	(void)state;
	assert_int_equal(parse_item("tickets", "{\"id\":9499,\"summary\":\"x\"}",
	                            &r, &err), HALO_OK);
	assert_int_equal(r->id, 9499);
	record_free(&r);
	assert_null(r);
	/* A one-element POST reply may come as an array. */
	assert_int_equal(parse_item("tickets", "[{\"id\":1},{\"id\":2}]", &r,
	                            &err), HALO_OK);
	assert_int_equal(r->id, 1);
	record_free(&r);
	assert_int_equal(parse_item("tickets", "[1,null,{\"id\":3}]", &r, &err),
	                 HALO_OK);
	assert_int_equal(r->id, 3);
	record_free(&r);
	assert_int_equal(parse_item("actions", "{\"id\":4,\"ticket_id\":18.0}",
	                            &r, &err), HALO_OK);
	assert_int_equal(r->ticket_id, 18);
	record_free(&r);
}

static void test_item_bad(void **state)
{
	static const char *const bad[] = {
		"[]", "[1,2]", "5", "\"x\"", "null", "true", "<html>", "{", "",
	};
	struct record *r = (struct record *)1;
	struct errbuf err = { "" };

	(void)state;
	for (size_t i = 0; i < NITEMS(bad); i++) {
		assert_int_equal(parse_item("tickets", bad[i], &r, &err),
		                 HALO_EPARSE);
		assert_null(r);
	}
	assert_int_equal(parse_item("tickets", "[]", &r, &err), HALO_EPARSE);
	assert_string_equal(err.msg, "the server's reply holds no ticket");
	assert_int_equal(parse_item("tickets", NULL, &r, &err), HALO_EPARSE);
}

/* ---- Errors ------------------------------------------------------------ */

/* api_error_text of a NUL-terminated body, compared. */
static void check_error(int status, const char *body, const char *want)
{
	char out[512];

	memset(out, 'X', sizeof out);
	api_error_text(status, body, body ? strlen(body) : 0, out, sizeof out);
	assert_string_equal(out, want);
}

static void test_error_order(void **state)
{
	(void)state;
	/* resultCode + errorMessage comes first... */
	check_error(400, "{\"resultCode\":1,\"errorMessage\":\"Ticket is locked\","
	            "\"Message\":\"other\",\"error\":\"x\"}",
	            "HTTP 400 Bad Request: Ticket is locked");
	/* ...then a serialised .NET exception... */
	check_error(500, "{\"ClassName\":\"System.NullReferenceException\","
	            "\"Message\":\"Object reference not set\",\"error\":\"x\"}",
	            "HTTP 500 Internal Server Error: Object reference not set");
	/* ...then Message (either case)... */
	check_error(403, "{\"message\":\"Not allowed for this agent\"}",
	            "HTTP 403 Forbidden: Not allowed for this agent");
	/* ...then the OAuth-style error... */
	check_error(401, "{\"error\":\"invalid_client\"}",
	            "HTTP 401 Unauthorized: invalid_client");
	check_error(401, "{\"error\":\"invalid_client\",\"error_description\":"
	            "\"Bad credentials\"}",
	            "HTTP 401 Unauthorized: invalid_client: Bad credentials");
	check_error(429, "{\"error\":\"Rate Limit Reached - 300 Requests per "
	            "rolling 5 minute window\"}",
	            "HTTP 429 Too Many Requests: Rate Limit Reached - 300 "
	            "Requests per rolling 5 minute window");
	check_error(400, "{\"error\":{\"message\":\"Nested\"}}",
	            "HTTP 400 Bad Request: Nested");
}

static void test_error_json_string(void **state)
{
	(void)state;
	check_error(400, "\"CODE:APP03/2 Please select the CAB members to "
	            "approve\"",
	            "HTTP 400 Bad Request: CODE:APP03/2 Please select the CAB "
	            "members to approve");
	check_error(429, "\"Rate Limit Reached\"",
	            "HTTP 429 Too Many Requests: Rate Limit Reached");
	check_error(400, "\"\"", "HTTP 400 Bad Request");
}

static void test_error_model(void **state)
{
	(void)state;
	check_error(400, "{\"[0].id\":[\"The value 'abc' is not valid.\"]}",
	            "HTTP 400 Bad Request: id: The value 'abc' is not valid.");
	check_error(400, "{\"type\":\"https://tools.ietf.org/html/rfc7231\","
	            "\"title\":\"One or more validation errors occurred.\","
	            "\"status\":400,\"errors\":{\"Summary\":[\"The Summary field "
	            "is required.\"],\"$[0].client_id\":[\"Not a number.\","
	            "\"Too big.\"]}}",
	            "HTTP 400 Bad Request: summary: The Summary field is "
	            "required.; client_id: Not a number.; Too big.");
	check_error(400, "{\"errors\":[\"Details are required\","
	            "\"Category is required\"]}",
	            "HTTP 400 Bad Request: Details are required; Category is "
	            "required");
	check_error(400, "{\"\":[\"A non-empty request body is required.\"]}",
	            "HTTP 400 Bad Request: A non-empty request body is "
	            "required.");
	/* A problem-details body without errors shows its title. */
	check_error(415, "{\"title\":\"Unsupported Media Type\",\"status\":415}",
	            "HTTP 415 Unsupported Media Type");
	check_error(400, "{\"title\":\"Bad input\",\"status\":400}",
	            "HTTP 400 Bad Request: Bad input");
}

static void test_error_raw(void **state)
{
	(void)state;
	check_error(500, "Something broke\nat line 2",
	            "HTTP 500 Internal Server Error: Something broke");
	check_error(500, "\n\n   padded text   \n",
	            "HTTP 500 Internal Server Error: padded text");
	/* JSON that names nothing: its text. */
	check_error(500, "{\"foo\":1}",
	            "HTTP 500 Internal Server Error: {\"foo\":1}");
	check_error(500, "[1,2]", "HTTP 500 Internal Server Error: [1,2]");
	check_error(400, "{\"Message\":", "HTTP 400 Bad Request: {\"Message\":");
}

static void test_error_html(void **state)
{
	(void)state;
	/* A proxy's page: the title repeats the status, so it adds nothing. */
	check_error(502, "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
	            "<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n"
	            "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
	            "HTTP 502 Bad Gateway");
	check_error(502, "<!DOCTYPE html><html><head><TITLE>tenant.halopsa.com | "
	            "502: Bad gateway</TITLE></head></html>",
	            "HTTP 502 Bad Gateway: tenant.halopsa.com | 502: Bad "
	            "gateway");
	check_error(503, "<html><body><h1>Down for\n maintenance</h1></body>",
	            "HTTP 503 Service Unavailable: Down for maintenance");
	check_error(503, "<html><body><p>nothing useful</p></body></html>",
	            "HTTP 503 Service Unavailable");
	check_error(503, "<html><title>unterminated", "HTTP 503 Service "
	            "Unavailable");
}

static void test_error_empty(void **state)
{
	(void)state;
	check_error(404, "", "HTTP 404 Not Found");
	check_error(404, NULL, "HTTP 404 Not Found");
	check_error(404, "   \n ", "HTTP 404 Not Found");
	check_error(599, "odd", "HTTP 599: odd");
	check_error(599, NULL, "HTTP 599");
	check_error(404, "Not Found", "HTTP 404 Not Found");
	check_error(404, "404", "HTTP 404 Not Found");
}

static void test_error_huge(void **state)
{
	size_t n = 10 * 1024;
	char *body = malloc(n + 32), out[1024];
	const char *colon;

	(void)state;
	assert_non_null(body);
	memset(body, 'x', n);
	body[n] = '\0';
	api_error_text(500, body, n, out, sizeof out);
	colon = strstr(out, ": ");
	assert_non_null(colon);
	/* 199 x and an ellipsis: 200 columns. */
	assert_int_equal(strlen(colon + 2), 199 + 3);
	assert_string_equal(colon + 2 + 199, "\xe2\x80\xa6");
	memcpy(body, "{\"Message\":\"", 12);
	memcpy(body + n - 2, "\"}", 3);
	api_error_text(500, body, n, out, sizeof out);
	assert_int_equal(strlen(strstr(out, ": ") + 2), 199 + 3);
	/* The length given is honoured: no NUL is needed. */
	memset(body, 'y', n + 32);
	api_error_text(500, body, 5, out, sizeof out);
	assert_string_equal(out, "HTTP 500 Internal Server Error: yyyyy");
	free(body);
}

static void test_error_unsafe(void **state)
{
	char out[40];

	(void)state;
	check_error(500, "{\"Message\":\"bad\\u001b[2Jthing\\r\\nnext\\u0007\"}",
	            "HTTP 500 Internal Server Error: badthing next");
	check_error(500, "\x1b]52;c;ZXZpbA==\x07 gone\r\nx",
	            "HTTP 500 Internal Server Error: gone");
	check_error(500, "\xff\xfe bad bytes",
	            "HTTP 500 Internal Server Error: \xef\xbf\xbd\xef\xbf\xbd "
	            "bad bytes");
	/* Small buffers: cut, never in the middle of a character. */
	api_error_text(500, "\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"", 12,
	               out, 36);
	assert_string_equal(out, "HTTP 500 Internal Server Error: \xc3\xa9");
	api_error_text(404, "x", 1, out, 5);
	assert_string_equal(out, "HTTP");
	api_error_text(404, "x", 1, out, 0);
	api_error_text(404, "x", 1, NULL, 10);
}

static void test_error_fields(void **state)
{
	struct kv_list f = { 0 };
	const char *b1 = "{\"[0].id\":[\"The value 'abc' is not valid.\"],"
	                 "\"[0].Summary\":[\"Required\",\"Too long\"],"
	                 "\"Message\":\"not a field\"}";
	const char *b2 = "{\"title\":\"One or more validation errors occurred.\","
	                 "\"status\":400,\"errors\":{\"Summary\":[\"Required\"],"
	                 "\"$[0].client_id\":\"Not a number\",\"\":[\"body\"],"
	                 "\"x\":5}}";

	(void)state;
	assert_int_equal(api_error_fields(b1, strlen(b1), &f), 2);
	assert_string_equal(f.items[0].key, "id");
	assert_string_equal(f.items[0].value, "The value 'abc' is not valid.");
	assert_string_equal(f.items[1].key, "summary");
	assert_string_equal(f.items[1].value, "Required; Too long");
	kv_done(&f);
	assert_int_equal(api_error_fields(b2, strlen(b2), &f), 2);
	assert_string_equal(kv_get(&f, "summary"), "Required");
	assert_string_equal(kv_get(&f, "client_id"), "Not a number");
	kv_done(&f);
}

static void test_error_fields_none(void **state)
{
	static const char *const none[] = {
		"{\"Message\":\"x\"}", "{\"error\":\"invalid_client\"}",
		"{\"errors\":[\"a\"]}", "{\"\":[\"b\"]}", "\"text\"", "[1]", "<html>",
		"", "{\"errors\":{}}", "{\"a\":[1,2]}", "{\"[0].x\":[]}",
	};
	struct kv_list f = { 0 };
	const char *b1;

	(void)state;
	for (size_t i = 0; i < NITEMS(none); i++) {
		assert_int_equal(api_error_fields(none[i], strlen(none[i]), &f), 0);
		assert_int_equal(f.n, 0);
	}
	assert_int_equal(api_error_fields(NULL, 0, &f), 0);
	assert_int_equal(api_error_fields("{\"[0].a\":[\"b\"]}", 15, NULL), 0);
	/* Names are made safe too. */
	b1 = "{\"[0].A\\u0007B\":[\"m\\u0007\"]}";
	assert_int_equal(api_error_fields(b1, strlen(b1), &f), 1);
	assert_string_equal(f.items[0].key, "ab");
	assert_string_equal(f.items[0].value, "m");
	kv_done(&f);
}

/* HALO_API.md F16: Halo's plain texts about a note's outcome are shown by
 * the Outcome field. */
static void test_error_fields_known_texts(void **state)
{
	const char *b1 = "\"An Outcome must be entered for this Action\"";
	const char *b2 = "{\"message\":\"You do not have access to this "
	                 "Action at the moment\"}";
	struct kv_list f = { 0 };

	(void)state;
	assert_int_equal(api_error_fields(b1, strlen(b1), &f), 1);
	assert_string_equal(f.items[0].key, "outcome");
	assert_string_equal(f.items[0].value,
	                    "An Outcome must be entered for this Action");
	kv_done(&f);
	assert_int_equal(api_error_fields(b2, strlen(b2), &f), 1);
	assert_string_equal(f.items[0].key, "outcome");
	kv_done(&f);
	assert_int_equal(api_error_fields("\"Something else\"", 16, &f), 0);
}

static void test_reason(void **state)
{
	(void)state;
	assert_string_equal(api_reason(200), "OK");
	assert_string_equal(api_reason(201), "Created");
	assert_string_equal(api_reason(400), "Bad Request");
	assert_string_equal(api_reason(401), "Unauthorized");
	assert_string_equal(api_reason(404), "Not Found");
	assert_string_equal(api_reason(429), "Too Many Requests");
	assert_string_equal(api_reason(502), "Bad Gateway");
	assert_string_equal(api_reason(0), "");
	assert_string_equal(api_reason(-1), "");
	assert_string_equal(api_reason(599), "");
}

/* ---- Edit bodies ------------------------------------------------------- */

static void check_body(long id, const struct edit_value *v, size_t n,
                       const char *want)
{
	struct errbuf err = { "" };
	char *body = NULL;

	/* 0: a create, the one body without an id. */
	if ((id ? api_edit_body(id, v, n, &body, &err) :
	          api_create_body(v, n, &body, &err)) != HALO_OK)
		fail_msg("the body failed: %s", err.msg);
	assert_non_null(body);
	assert_string_equal(body, want);
	free(body);
}

static void test_edit_create_update(void **state)
{
	const struct edit_value create[] = {
		{ .key = "client_id", .type = EDIT_NUMBER, .text = "12" },
		{ .key = "summary", .type = EDIT_STRING, .text = "Printer jam" },
	};
	const struct edit_value update[] = {
		{ .key = "status_id", .type = EDIT_NUMBER, .text = "2" },
	};

	(void)state;
	/* A create has no id member at all. */
	check_body(0, create, NITEMS(create),
	           "[{\"client_id\":12,\"summary\":\"Printer jam\"}]");
	check_body(9499, update, 1, "[{\"id\":9499,\"status_id\":2}]");
	check_body(0, NULL, 0, "[{}]");
	check_body(5, NULL, 0, "[{\"id\":5}]");
	/* Ids never turn into 1.2345678e+07. */
	check_body(12345678, NULL, 0, "[{\"id\":12345678}]");
	check_body(4294967296L, NULL, 0, "[{\"id\":4294967296}]");
}

static void test_edit_numbers(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "12345678", "12345678" }, { "-3", "-3" }, { "1.5", "1.5" },
		{ " 7 ", "7" }, { "18.0", "18" }, { "-0", "0" },
		{ "3000000000", "3000000000" }, { "1e15", "1000000000000000" },
		{ "0.25", "0.25" }, { "2E3", "2000" },
	};

	(void)state;
	for (size_t i = 0; i < NITEMS(cases); i++) {
		struct edit_value v = { .key = "n", .type = EDIT_NUMBER,
		                        .text = cases[i].text };
		char want[64];

		snprintf(want, sizeof want, "[{\"n\":%s}]", cases[i].want);
		check_body(0, &v, 1, want);
	}
}

static void test_edit_bad_numbers(void **state)
{
	static const char *const bad[] = {
		"abc", "", "12abc", "0x10", "nan", "inf", "-inf", "1e400", "1,5",
		"1 2", "true", "\"5\"", "[5]", "+", "-",
	};
	struct errbuf err = { "" };
	char *body = (char *)1;

	(void)state;
	for (size_t i = 0; i < NITEMS(bad); i++) {
		struct edit_value v = { .key = "priority_id", .type = EDIT_NUMBER,
		                        .text = bad[i] };

		if (api_edit_body(1, &v, 1, &body, &err) != HALO_EUSAGE)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_null(body);
	}
	assert_string_equal(err.msg, "priority_id: \"-\" is not a number");
	{
		struct edit_value v = { .key = "x", .type = EDIT_NUMBER };

		assert_int_equal(api_edit_body(1, &v, 1, &body, &err), HALO_EUSAGE);
		assert_string_equal(err.msg, "x: \"\" is not a number");
	}
}

static void test_edit_strings(void **state)
{
	const struct edit_value v[] = {
		{ .key = "summary", .type = EDIT_STRING,
		  .text = "He said \"hi\"\\ \n\ttab \x01" },
		{ .key = "details", .type = EDIT_STRING,
		  .text = "caf\xc3\xa9 \xe2\x98\x95 </script>" },
		{ .key = "category_1", .type = EDIT_STRING, .text = NULL },
	};
	struct errbuf err = { "" };
	char *body = NULL;
	cJSON *back, *obj;

	(void)state;
	assert_int_equal(api_edit_body(7, v, NITEMS(v), &body, &err), HALO_OK);
	/* Whatever the escaping, the server reads back exactly the text. */
	back = cJSON_Parse(body);
	assert_non_null(back);
	assert_true(cJSON_IsArray(back));
	assert_int_equal(cJSON_GetArraySize(back), 1);
	obj = cJSON_GetArrayItem(back, 0);
	assert_string_equal(jsonx_str(obj, "summary"), v[0].text);
	assert_string_equal(jsonx_str(obj, "details"), v[1].text);
	assert_string_equal(cJSON_GetObjectItem(obj, "category_1")->valuestring,
	                    "");
	assert_int_equal(jsonx_id(obj, "id"), 7);
	/* Raw control characters never appear in the body. */
	assert_null(strchr(body, '\n'));
	assert_null(strchr(body, '\x01'));
	cJSON_Delete(back);
	free(body);
}

static void test_edit_bool_null(void **state)
{
	const struct edit_value v[] = {
		{ .key = "inactive", .type = EDIT_BOOL, .flag = true },
		{ .key = "is_vip", .type = EDIT_BOOL, .flag = false },
		{ .key = "notes", .type = EDIT_NULL },
	};

	(void)state;
	check_body(5, v, NITEMS(v),
	           "[{\"id\":5,\"inactive\":true,\"is_vip\":false,\"notes\":null}]");
}

static void test_edit_refused(void **state)
{
	struct edit_value v = { .key = "summary", .type = EDIT_STRING,
	                        .text = "x" };
	const struct edit_value twice[] = {
		{ .key = "summary", .type = EDIT_STRING, .text = "first" },
		{ .key = "summary", .type = EDIT_STRING, .text = "last" },
	};
	struct errbuf err = { "" };
	char *body = (char *)1;

	(void)state;
	assert_int_equal(api_edit_body(-1, &v, 1, &body, &err), HALO_EUSAGE);
	assert_null(body);
	/* An update never leaves without its id: 0 (a record whose id could
	 * not be read) would create a record instead. */
	body = (char *)1;
	assert_int_equal(api_edit_body(0, &v, 1, &body, &err), HALO_EUSAGE);
	assert_null(body);
	assert_non_null(strstr(err.msg, "no id"));
	v.key = "";
	assert_int_equal(api_edit_body(1, &v, 1, &body, &err), HALO_EUSAGE);
	v.key = NULL;
	assert_int_equal(api_edit_body(1, &v, 1, &body, &err), HALO_EUSAGE);
	/* The id comes from the record, never from a field. */
	v.key = "ID";
	assert_int_equal(api_edit_body(1, &v, 1, &body, &err), HALO_EUSAGE);
	assert_string_equal(err.msg, "the id cannot be changed");
	v.key = "x";
	v.type = (enum edit_type)99;
	assert_int_equal(api_edit_body(1, &v, 1, &body, &err), HALO_EUSAGE);
	assert_int_equal(api_edit_body(1, NULL, 1, &body, &err), HALO_EUSAGE);
	assert_null(body);
	/* A key given twice: one member, the last value. */
	check_body(1, twice, 2, "[{\"id\":1,\"summary\":\"last\"}]");
}

/* ---- The resource table ------------------------------------------------ */

static void test_resource_find(void **state)
{
	(void)state;
	assert_null(resource_find(NULL));
	assert_null(resource_find(""));
	assert_null(resource_find("ticketz"));
	assert_null(resource_find(" tickets"));
	assert_null(resource_find("Tickets/"));
	assert_string_equal(resource_find("tickets")->name, "tickets");
	assert_string_equal(resource_find("ticket")->name, "tickets");
	assert_string_equal(resource_find("TICKETS")->name, "tickets");
	assert_string_equal(resource_find("Client")->name, "clients");
	assert_string_equal(resource_find("clients")->name, "clients");
	assert_string_equal(resource_find("asset")->name, "assets");
	assert_string_equal(resource_find("Users")->name, "users");
	assert_string_equal(resource_find("site")->name, "sites");
	assert_string_equal(resource_find("contract")->name, "contracts");
	assert_string_equal(resource_find("clientcontract")->name, "contracts");
	assert_string_equal(resource_find("Action")->name, "actions");
	assert_string_equal(resource_find("status")->name, "statuses");
	assert_string_equal(resource_find("priorities")->name, "priorities");
	assert_string_equal(resource_find("TicketType")->name, "tickettypes");
}

static void test_resource_paths(void **state)
{
	static const char *const want[][3] = {
		/* name, path, list key (HALO_API.md sections 2 and 3) */
		{ "tickets", "Tickets", "tickets" },
		{ "clients", "Client", "clients" },
		{ "assets", "Asset", "assets" },
		{ "users", "Users", "users" },
		{ "sites", "Site", "sites" },
		{ "contracts", "ClientContract", "contracts" },
		{ "actions", "Actions", "actions" },
		{ "statuses", "Status", NULL },
		{ "priorities", "Priority", NULL },
		{ "agents", "Agent", NULL },
		{ "teams", "Team", NULL },
		{ "tickettypes", "TicketType", NULL },
		{ "attachments", "Attachment", "attachments" },
		{ "viewlists", "ViewLists", NULL },
		{ "outcomes", "Outcome", NULL },
		{ "cannedtexts", "CannedText", NULL },
		{ "timesheetevents", "TimesheetEvent", NULL },
	};

	(void)state;
	assert_int_equal(resource_count, NITEMS(want));
	for (size_t i = 0; i < NITEMS(want); i++) {
		const struct resource *r = &resource_table[i];

		assert_string_equal(r->name, want[i][0]);
		assert_string_equal(r->path, want[i][1]);
		if (want[i][2])
			assert_string_equal(r->list_key, want[i][2]);
		else
			assert_null(r->list_key);
	}
	assert_true(res_named("actions")->flags & RES_CHILD);
	assert_false(res_named("actions")->flags & RES_PAGED);
	assert_string_equal(res_named("tickets")->default_order, "id");
	assert_true(res_named("tickets")->default_desc);
}

static void test_resource_names(void **state)
{
	char names[256] = "";
	size_t used = 0;

	(void)state;
	for (size_t i = 0; i < resource_count; i++)
		if (resource_table[i].flags & RES_BROWSE)
			used += (size_t)snprintf(names + used, sizeof names - used,
			                         "%s%s", used ? ", " : "",
			                         resource_table[i].name);
	assert_string_equal(resource_names(), names);
	assert_string_equal(resource_names(), "tickets, clients, assets, users, "
	                    "sites, contracts, actions");
}

static bool has_field(const struct resource *r, const char *key)
{
	for (size_t i = 0; i < r->nfields; i++)
		if (strcmp(r->fields[i].key, key) == 0)
			return true;
	return false;
}

/* Keys unique; aliases unique and never another field's key. */
static void check_names_unique(const struct resource *r)
{
	for (size_t i = 0; i < r->nfields; i++) {
		const struct field_def *f = &r->fields[i];

		for (size_t j = i + 1; j < r->nfields; j++)
			if (strcasecmp(f->key, r->fields[j].key) == 0)
				fail_msg("%s: key %s twice", r->name, f->key);
		if (f->alias && resource_field(r, f->alias) != f)
			fail_msg("%s: alias %s names another field", r->name,
			         f->alias);
		if (resource_field(r, f->key) != f)
			fail_msg("%s: %s not found by key", r->name, f->key);
	}
	for (size_t i = 0; i < r->nfilters; i++)
		if (resource_filter(r, r->filters[i].name) != &r->filters[i])
			fail_msg("%s: filter %s shadowed", r->name,
			         r->filters[i].name);
}

static void check_field(const struct resource *r, const struct field_def *f)
{
	if (!f->key || !*f->key || !f->label || !*f->label)
		fail_msg("%s: a field without key or label", r->name);
	if ((unsigned)f->lookup >= LOOKUP__COUNT)
		fail_msg("%s.%s: bad lookup", r->name, f->key);
	if (f->link && !resource_find(f->link))
		fail_msg("%s.%s: link %s unknown", r->name, f->key, f->link);
	if ((f->flags & FIELD_REQUIRED) && !(f->flags & FIELD_CREATE))
		fail_msg("%s.%s: required but not asked on create", r->name,
		         f->key);
	if ((f->flags & FIELD_FLEX) && !(f->flags & FIELD_COLUMN))
		fail_msg("%s.%s: flex but not a column", r->name, f->key);
	if ((f->flags & FIELD_COLUMN) &&
	    (f->min_width < 1 || f->width < f->min_width))
		fail_msg("%s.%s: widths %d/%d", r->name, f->key, f->width,
		         f->min_width);
	if (f->kind == FIELD_DATE && (f->flags & FIELD_COLUMN) &&
	    f->min_width < 16)
		fail_msg("%s.%s: a date needs 16 columns", r->name, f->key);
}

static void check_columns(const struct resource *r)
{
	size_t cols = 0, flex = 0, edit = 0, req = 0;

	for (size_t i = 0; i < r->nfields; i++) {
		unsigned fl = r->fields[i].flags;

		cols += (fl & FIELD_COLUMN) != 0;
		flex += (fl & FIELD_FLEX) != 0;
		edit += (fl & FIELD_EDIT) != 0;
		req += (fl & FIELD_REQUIRED) != 0;
	}
	if (r->flags & RES_BROWSE) {
		if (cols < 3 || flex != 1 || !r->list_key)
			fail_msg("%s: %zu columns, %zu flex", r->name, cols, flex);
		if (!(r->flags & RES_LOOKUP) && r->lookup != LOOKUP_NONE)
			fail_msg("%s: a lookup kind on a record list", r->name);
	}
	if ((r->flags & RES_EDITABLE) && edit == 0)
		fail_msg("%s: editable without editable fields", r->name);
	if ((r->flags & RES_CREATE) && req == 0)
		fail_msg("%s: creatable without a required field", r->name);
}

static void test_resource_invariants(void **state)
{
	(void)state;
	for (size_t i = 0; i < resource_count; i++) {
		const struct resource *r = &resource_table[i];

		assert_non_null(r->name);
		assert_non_null(r->singular);
		assert_non_null(r->path);
		assert_non_null(r->id_key);
		assert_non_null(r->title_key);
		assert_true(r->nfields > 0);
		if (!has_field(r, r->title_key) || !has_field(r, r->id_key))
			fail_msg("%s: title or id not a field", r->name);
		for (size_t j = 0; j < r->nfields; j++)
			check_field(r, &r->fields[j]);
		for (size_t j = 0; j < r->nfilters; j++)
			if (r->filters[j].link && !resource_find(r->filters[j].link))
				fail_msg("%s: filter link unknown", r->name);
		check_names_unique(r);
		check_columns(r);
		assert_ptr_equal(resource_find(r->name), r);
		assert_ptr_equal(resource_find(r->singular), r);
		assert_ptr_equal(resource_find(r->path), r);
	}
}

static void test_resource_field(void **state)
{
	const struct resource *t = res_named("tickets");
	const struct field_def *f;

	(void)state;
	assert_null(resource_field(NULL, "status"));
	assert_null(resource_field(t, NULL));
	assert_null(resource_field(t, ""));
	assert_null(resource_field(t, "nope"));
	assert_null(resource_field(t, "_id"));
	assert_string_equal(resource_field(t, "status")->key, "status_id");
	assert_string_equal(resource_field(t, "STATUS_ID")->key, "status_id");
	assert_string_equal(resource_field(t, "type")->key, "tickettype_id");
	/* The key without "_id" works as well as the alias. */
	assert_string_equal(resource_field(t, "tickettype")->key,
	                    "tickettype_id");
	assert_string_equal(resource_field(t, "client")->key, "client_id");
	assert_string_equal(resource_field(t, "Summary")->key, "summary");
	assert_string_equal(resource_field(t, "details")->key, "details");
	assert_string_equal(resource_field(res_named("users"), "email")->key,
	                    "emailaddress");
	assert_string_equal(resource_field(res_named("actions"),
	                                   "private")->key, "hiddenfromuser");
	/* What a ticket edit posts (OpenAPI schema Faults). */
	f = resource_field(t, "status");
	assert_int_equal(f->kind, FIELD_ID);
	assert_int_equal(f->lookup, LOOKUP_STATUS);
	assert_true(f->flags & FIELD_EDIT);
	f = resource_field(t, "team");
	assert_string_equal(f->key, "team");
	assert_int_equal(f->kind, FIELD_TEXT);
	assert_int_equal(f->lookup, LOOKUP_TEAM);
	assert_true(resource_field(t, "client_id")->flags & FIELD_REQUIRED);
	assert_true(resource_field(t, "summary")->flags & FIELD_REQUIRED);
	assert_int_equal(resource_field(t, "details")->kind, FIELD_LONGTEXT);
	assert_true(resource_field(t, "details")->flags & FIELD_EDIT);
}

static void test_resource_filter(void **state)
{
	const struct resource *t = res_named("tickets");

	(void)state;
	assert_null(resource_filter(NULL, "status"));
	assert_null(resource_filter(t, NULL));
	assert_null(resource_filter(t, "nope"));
	assert_string_equal(resource_filter(t, "status")->param, "status_id");
	assert_string_equal(resource_filter(t, "OPEN")->param, "open_only");
	assert_true(resource_filter(t, "open")->boolean);
	assert_string_equal(resource_filter(t, "open_only")->name, "open");
	assert_string_equal(resource_filter(t, "team")->param, "team");
	assert_int_equal(resource_filter(t, "team")->lookup, LOOKUP_TEAM);
	assert_string_equal(resource_filter(t, "type")->param, "requesttype_id");
	assert_string_equal(resource_filter(t, "client")->link, "clients");
	assert_string_equal(resource_filter(res_named("actions"),
	                                    "public")->param, "excludeprivate");
}

/* GET query parameters of each list path in Halo's OpenAPI document
 * (/work/shared/reference/halo-openapi.json), copied verbatim. */
static const char *const params_tickets[] = {
	"advanced_search", "agent", "agent_id", "alerttype", "asset_id",
	"awaitinginput", "billableonly", "billing_date", "billing_type",
	"billingcontractid", "calendar_enddate", "calendar_startdate",
	"category_1", "category_2", "category_3", "category_4",
	"checkmyticketsonly", "client_id", "client_ids", "client_ref",
	"closed_only", "columns_id", "contract_id", "contract_period",
	"count", "datesearch", "debug", "default_columns", "deleted",
	"domain", "enddate", "enddatetime", "excludeslacalcs",
	"excludethese", "excludetickettypeallowall", "extraportalfilter",
	"facebook_id", "fetchgrandchildren", "flagged", "followedandagents",
	"ignoremilestonerestriction", "includeaccountmanager",
	"includeagent", "includeallopen", "includeappointmentid",
	"includeapproval", "includeassetkeyfield", "includeassettype",
	"includebreached", "includebudgettype", "includechildids",
	"includechildread", "includechildren", "includeclosed",
	"includecolumns", "includecompleted", "includecontract",
	"includecountryregion", "includefirstname", "includefollowedonly",
	"includehold", "includeinactivetechs", "includeinactiveusers",
	"includeitilname", "includelastaction", "includelastincomingemail",
	"includelastname", "includelastnote", "includelocked",
	"includemailbox", "includemailid", "includemyuseronly",
	"includenextactivitydate", "includenextappointmenttype",
	"includeparentsubject", "includeprojects", "includeread",
	"includerelatedservices", "includerelease1", "includerelease2",
	"includerelease3", "includeservicecategory", "includeslaactiondate",
	"includeslatimer", "includestatus", "includesubmittedonly",
	"includesupplier", "includetickettype", "includetimetaken",
	"includetoplevel", "includeviewing", "includeworkflowstage",
	"includeworkflowstagenumber", "includuserdepartments",
	"inlcludeopenchildcount", "invlucebranch", "ismilestone", "isorion",
	"isquicktimesearch", "isscom", "isteams", "iszapier",
	"itil_requesttype", "itil_requesttype_id", "kanbanviewontheagentapp",
	"kanbanviewontheportal", "lastupdatefromdate", "lastupdatetodate",
	"list_id", "milestone_id", "mine", "nochargeonly", "notime",
	"onlytime", "open_only", "order", "order2", "order3", "order4",
	"order5", "orderdesc", "orderdesc2", "orderdesc3", "orderdesc4",
	"orderdesc5", "orion_type", "page_no", "page_size", "pageinate",
	"parent_id", "pending_review", "per_action", "prepayorcontractonly",
	"priority", "product", "project_ids", "ready_for_invoicing",
	"related_id", "release_id", "requesttype", "requesttype_id",
	"requesttypegroup", "search", "search_details", "search_id",
	"search_inventory_number", "search_oppcompanyname",
	"search_oppcontactname", "search_oppemailaddress", "search_release1",
	"search_release2", "search_release3", "search_releasenote",
	"search_reportedby", "search_summary", "search_supplier_reference",
	"search_user_name", "search_version", "searchactions",
	"searchthisticketid", "service_id", "showonroadmap", "site_id",
	"sitepostcode", "sla", "sprint_for_tickettype_id", "sprints",
	"startandendset", "startdate", "startdatetime", "status",
	"status_id", "submittedandagents", "supplier_id", "supplier_status",
	"team", "team_name", "ticketarea_id", "ticketcontract_id",
	"ticketidonly", "ticketids", "ticketlinktype", "toplevel_id",
	"unlinked_only", "user_id", "username", "utcoffset", "view_id",
	"withattachments", NULL,
};

static const char *const params_client[] = {
	"accountmanageronly", "activeinactive", "advanced_search",
	"azureclients", "callplan", "columns_id", "count", "domain",
	"exclude_internal", "gficlients", "idonly", "includeactive",
	"includeazuretenants", "includecolumns", "includeinactive",
	"includeinvoicetemplatename", "includenotes", "includeqbofields",
	"integration_tenantids", "integration_type", "isjira", "issentinel",
	"isservicenow", "lastupdatefromdate", "lastupdatetodate", "order",
	"order2", "order3", "order4", "order5", "orderdesc", "orderdesc2",
	"orderdesc3", "orderdesc4", "orderdesc5", "page_no", "page_size",
	"pageinate", "search", "search_name_only", "sentinelid",
	"showcounts", "sitefields", "snowaccountid", "snowclients",
	"ticketarea_id", "toplevel_id", "view_id", NULL,
};

static const char *const params_asset[] = {
	"activeinactive", "advanced_search", "assetgroup_id", "assetgroups",
	"assets", "assetstatuses", "assettype", "assettype_id", "assettypes",
	"bookmarked", "client_id", "columns_id", "consignable",
	"consignment_id", "contract_id", "contract_id_adding_to", "count",
	"domotzagents", "excludethese", "globalSearchID", "idonly",
	"includeactive", "includeallowedstatus", "includeassetfields",
	"includechildren", "includecolumns", "includeinactive",
	"includeservices", "includeuser", "integration_tenantids",
	"integration_type", "inventory_number", "islogonbehalfview",
	"item_id", "itemstock_id", "kb_id", "lastupdatefromdate",
	"lastupdatetodate", "licence_id", "linked_to_ticket", "linkedto_id",
	"mine", "mysite", "noicon", "order", "order2", "order3", "order4",
	"order5", "orderdesc", "orderdesc2", "orderdesc3", "orderdesc4",
	"orderdesc5", "page_no", "page_size", "pageinate",
	"previously_selected", "previously_selected_client_id",
	"previously_selected_site_id", "previously_selected_user_id",
	"salesorder_id", "salesorder_line", "search",
	"search_inventory_number_only", "service_id", "service_ids",
	"site_id", "stockbin_id", "stockbin_ids", "supplier_contract_id",
	"supplier_id", "suppliercontracts", "ticket_id", "tickettype_id",
	"user_id", "username", NULL,
};

static const char *const params_users[] = {
	"activeinactive", "advanced_search", "allapprovers",
	"approvers_only", "asset_id", "client_id", "contract_id", "count",
	"department_id", "exclude_agents", "exclude_defaultsiteusers",
	"exclude_generaluser", "idonly", "includeactive",
	"includebillinginfo", "includeinactive", "includename",
	"includenonserviceaccount", "includenotes", "includeserviceaccount",
	"integration_type", "is3cxcall", "is_followers",
	"lastupdatefromdate", "lastupdatetodate", "licence_id",
	"listagentuserfirst", "myallcustomers", "myarea", "mydepartment",
	"mysite", "mysitecontact", "mytoplevel", "opp_id", "order", "order2",
	"order3", "order4", "order5", "orderdesc", "orderdesc2",
	"orderdesc3", "orderdesc4", "orderdesc5", "organisation_id",
	"page_no", "page_size", "pageinate", "role", "search",
	"search_phonenumbers", "site_id", "supplier_id", "tickettype_id",
	"toplevel_id", NULL,
};

static const char *const params_site[] = {
	"activeinactive", "advanced_search", "azuresites", "client_id",
	"contract_id", "count", "exclude_internal", "gfisites", "idonly",
	"includeactive", "includeaddress", "includeinactive",
	"includenonstocklocations", "includenoorderstockbin", "includenotes",
	"includestocklocations", "iscalendarfilter", "item_id_qty",
	"item_salesorder_id", "item_salesorder_line", "lastupdatefromdate",
	"lastupdatetodate", "order", "order2", "order3", "order4", "order5",
	"orderdesc", "orderdesc2", "orderdesc3", "orderdesc4", "orderdesc5",
	"override_enablestockbins", "page_no", "page_size", "pageinate",
	"search", "site_id", "sitefields", "stocklocation", "toplevel_id",
	"user_override", NULL,
};

static const char *const params_clientcontract[] = {
	"client_id", "count", "device_id", "excluderenewed",
	"includeinactive", "includelastrenewed", "isbillingplansetup",
	"isoracle", "order", "order2", "order3", "order4", "order5",
	"orderdesc", "orderdesc2", "orderdesc3", "orderdesc4", "orderdesc5",
	"page_no", "page_size", "pageinate", "pending_recurring_invoice",
	"search", "site_id", NULL,
};

static const char *const params_actions[] = {
	"actoutcome", "actoutcomenum", "agentonly", "conversationonly",
	"count", "datesearch", "enddate", "excludebilling",
	"excludehiddenfrominternalit", "excludeprivate", "excludesys",
	"importantonly", "importanttop", "includeagentdetails",
	"includeattachments", "includefacebookfields", "includehtmlemail",
	"includehtmlnote", "includenonactionattachments",
	"includetranslations", "includetwitterfields", "intraticketonly",
	"ischildnotes", "isrelatednotes", "slaonly", "startdate",
	"supplieronly", "ticket_id", "timeentriesonly", NULL,
};

static bool listed(const char *const *params, const char *name)
{
	for (; *params; params++)
		if (strcmp(*params, name) == 0)
			return true;
	return false;
}

/* Every filter parameter, and the paging, order and search parameters the
 * list paths send, exist among the OpenAPI GET parameters of the path. */
static void test_filters_in_openapi(void **state)
{
	static const struct {
		const char *path;
		const char *const *params;
	} paths[] = {
		{ "Tickets", params_tickets }, { "Client", params_client },
		{ "Asset", params_asset }, { "Users", params_users },
		{ "Site", params_site }, { "ClientContract", params_clientcontract },
		{ "Actions", params_actions },
	};
	size_t checked = 0;

	(void)state;
	for (size_t i = 0; i < NITEMS(paths); i++) {
		const struct resource *r = res_named(paths[i].path);
		const char *const *p = paths[i].params;

		for (size_t j = 0; j < r->nfilters; j++, checked++) {
			if (!listed(p, r->filters[j].param))
				fail_msg("%s: %s is not a GET parameter", r->path,
				         r->filters[j].param);
			if (r->filters[j].many && !listed(p, r->filters[j].many))
				fail_msg("%s: %s is not a GET parameter", r->path,
				         r->filters[j].many);
		}
		if ((r->flags & RES_PAGED) &&
		    (!listed(p, "pageinate") || !listed(p, "page_size") ||
		     !listed(p, "page_no") || !listed(p, "order") ||
		     !listed(p, "orderdesc") || !listed(p, "search")))
			fail_msg("%s: paging or order parameters missing", r->path);
		if ((r->flags & RES_PAGED) == 0 && listed(p, "pageinate"))
			fail_msg("%s: pages but is not RES_PAGED", r->path);
		if (!listed(p, "count"))
			fail_msg("%s: no count", r->path);
		if ((r->flags & RES_CHILD) && !listed(p, "ticket_id"))
			fail_msg("%s: no ticket_id", r->path);
	}
	assert_true(checked >= 20);
	/* The browsable resources are exactly these paths. */
	for (size_t i = 0; i < resource_count; i++) {
		bool found = false;

		for (size_t j = 0; j < NITEMS(paths); j++)
			found |= strcmp(paths[j].path, resource_table[i].path) == 0;
		if (found != ((resource_table[i].flags & RES_BROWSE) != 0))
			fail_msg("%s: not checked against OpenAPI",
			         resource_table[i].name);
	}
}

/* ---- Records ----------------------------------------------------------- */

static struct record *rec(const char *res, const char *json)
{
	cJSON *o = cJSON_Parse(json);
	struct record *r;

	assert_non_null(o);
	r = record_take(res_named(res), o);
	assert_non_null(r);
	return r;
}

/* record_display of field `name`, compared and freed. */
static void check_display(const struct record *r, const char *name,
                          const struct lookups *lk, const char *want)
{
	const struct field_def *f = resource_field(r->res, name);
	char *got;

	assert_non_null(f);
	got = record_display(r, f, lk);
	assert_non_null(got);
	if (strcmp(got, want) != 0)
		fail_msg("%s: \"%s\", want \"%s\"", name, got, want);
	free(got);
}

static void test_record_take(void **state)
{
	const struct resource *t = res_named("tickets");
	struct record *r, *d;

	(void)state;
	assert_null(record_take(t, NULL));
	assert_null(record_take(t, cJSON_CreateArray()));
	assert_null(record_take(t, cJSON_CreateString("x")));
	assert_null(record_copy(t, NULL));
	assert_null(record_dup(NULL));
	record_free(NULL);
	r = rec("tickets", "{\"id\":\"9499\",\"summary\":\"S\"}");
	assert_int_equal(r->id, 9499);
	assert_int_equal(r->ticket_id, 0);
	r->ticket_id = 7;
	d = record_dup(r);
	assert_non_null(d);
	assert_ptr_not_equal(d->obj, r->obj);
	assert_int_equal(d->id, 9499);
	assert_int_equal(d->ticket_id, 7);
	assert_string_equal(record_str(d, "summary"), "S");
	record_free(&r);
	record_free(&d);
	assert_null(d);
	/* No id at all: 0. */
	r = record_take(NULL, cJSON_Parse("{\"id\":-1}"));
	assert_non_null(r);
	assert_int_equal(r->id, 0);
	record_free(&r);
}

static void test_record_accessors(void **state)
{
	struct record *r = rec("users", "{\"id\":38,\"site_id\":18.0,"
	                       "\"name\":\"Zoe\",\"datecreated\":"
	                       "\"2024-06-20T14:45:15.9746271Z\"}");
	time_t t = 0;

	(void)state;
	assert_null(record_str(NULL, "name"));
	assert_int_equal(record_id_of(NULL, "site_id"), 0);
	assert_false(record_date(NULL, "datecreated", &t));
	assert_string_equal(record_str(r, "name"), "Zoe");
	assert_int_equal(record_id_of(r, "site_id"), 18);
	assert_true(record_date(r, "datecreated", &t));
	assert_int_equal((long)t, 1718894715L);
	record_free(&r);
}

static void test_display_ids(void **state)
{
	struct record *r = rec("tickets", "{\"id\":1,\"client_id\":12,"
	                       "\"client_name\":\"Acme \\u001b[1mLtd\","
	                       "\"site_id\":18,\"site_name\":\"\","
	                       "\"user_id\":-1,\"user_name\":null,"
	                       "\"status_id\":2,\"agent_id\":1,"
	                       "\"agent_name\":\"Unassigned\","
	                       "\"priority_id\":\"4\",\"tickettype_id\":36}");
	struct lookups lk;
	struct errbuf err = { "" };
	struct record *st = rec("statuses", "{\"id\":2,\"name\":\"In Progress\"}");

	(void)state;
	lookups_init(&lk);
	assert_int_equal(lookups_set(&lk, LOOKUP_STATUS, &st, 1, &err), HALO_OK);
	/* name_key first, made safe. */
	check_display(r, "client", &lk, "Acme Ltd");
	/* An empty name: the id. */
	check_display(r, "site", &lk, "#18");
	/* -1 is none. */
	check_display(r, "user", &lk, "");
	/* No status_name in list items: the lookup names it. */
	check_display(r, "status", &lk, "In Progress");
	check_display(r, "status", NULL, "#2");
	check_display(r, "agent", &lk, "Unassigned");
	check_display(r, "priority", &lk, "#4");
	check_display(r, "type", &lk, "#36");
	record_free(&st);
	lookups_done(&lk);
	record_free(&r);
}

static void test_display_dates(void **state)
{
	struct record *r = rec("tickets", "{\"lastactiondate\":"
	                       "\"2024-06-20T14:45:17.4715717Z\","
	                       "\"targetdate\":\"1900-01-01T00:00:00\","
	                       "\"deadlinedate\":\"soon\",\"fixbydate\":5,"
	                       "\"dateoccurred\":\"2024-06-20T23:59:00\"}");

	(void)state;
	check_display(r, "lastactiondate", NULL, "2024-06-20 14:45");
	check_display(r, "targetdate", NULL, "");
	check_display(r, "deadlinedate", NULL, "");
	check_display(r, "fixbydate", NULL, "");
	check_display(r, "respondbydate", NULL, "");
	/* Local time: a POSIX zone two hours east of UTC. */
	setenv("TZ", "XST-2", 1);
	tzset();
	check_display(r, "lastactiondate", NULL, "2024-06-20 16:45");
	check_display(r, "dateoccurred", NULL, "2024-06-21 01:59");
	setenv("TZ", "UTC", 1);
	tzset();
	record_free(&r);
}

static void test_display_scalars(void **state)
{
	struct record *r = rec("tickets", "{\"id\":9499,\"summary\":"
	                       "\"Printer\\u001b]0;x\\u0007 on fire\\r\\n!\","
	                       "\"onhold\":false,\"team\":\"1st Line\","
	                       "\"category_1\":null,\"sla_name\":5}");
	struct record *c = rec("clients", "{\"id\":1,\"inactive\":\"true\","
	                       "\"is_vip\":2,\"open_ticket_count\":-0.0}");
	struct record *a = rec("actions", "{\"id\":3,\"note\":\"line 1\\n\\n"
	                       "line 2\\tend\",\"hiddenfromuser\":true}");
	char *s;

	(void)state;
	check_display(r, "id", NULL, "9499");
	check_display(r, "summary", NULL, "Printer on fire !");
	check_display(r, "onhold", NULL, "no");
	check_display(r, "team", NULL, "1st Line");
	check_display(r, "category_1", NULL, "");
	check_display(r, "sla_name", NULL, "5");
	check_display(r, "reference", NULL, "");
	check_display(c, "inactive", NULL, "yes");
	check_display(c, "is_vip", NULL, "");
	check_display(c, "open_ticket_count", NULL, "0");
	/* Long text in a cell: one line. */
	check_display(a, "note", NULL, "line 1 line 2 end");
	check_display(a, "private", NULL, "yes");
	s = record_display(NULL, NULL, NULL);
	assert_string_equal(s, "");
	free(s);
	record_free(&r);
	record_free(&c);
	record_free(&a);
}

static void test_display_html(void **state)
{
	static const struct field_def html = {
		.key = "details_html", .label = "Details", .kind = FIELD_HTML,
	};
	struct record *r = rec("tickets", "{\"details_html\":\"<p>Hello "
	                       "<b>there</b></p><p>World\\u001b[2J</p>\"}");
	struct record *e = rec("tickets", "{\"details_html\":\"\"}");
	char *s;

	(void)state;
	s = record_display(r, &html, NULL);
	assert_string_equal(s, "Hello there World");
	free(s);
	s = record_display(e, &html, NULL);
	assert_string_equal(s, "");
	free(s);
	record_free(&r);
	record_free(&e);
}

static void test_body_text(void **state)
{
	struct record *h = rec("tickets", "{\"details\":\"plain\","
	                       "\"details_html\":\"<p>Rich</p>\"}");
	struct record *p = rec("tickets", "{\"details\":\"one two three "
	                       "four\\u001b[31m\",\"details_html\":\"\"}");
	struct record *n = rec("tickets", "{\"details\":null}");
	struct record *a = rec("actions", "{\"note\":\"n\",\"note_html\":"
	                       "\"<div dir='ltr'>Hi<br>there</div>\"}");
	char *s;

	(void)state;
	s = record_body_text(h, 80);
	assert_string_equal(s, "Rich");
	free(s);
	/* details_html empty: the plain text, wrapped. */
	s = record_body_text(p, 10);
	assert_string_equal(s, "one two\nthree four");
	free(s);
	s = record_body_text(p, 0);
	assert_string_equal(s, "one two three four");
	free(s);
	s = record_body_text(n, 80);
	assert_string_equal(s, "");
	free(s);
	s = record_body_text(a, 80);
	assert_string_equal(s, "Hi\nthere");
	free(s);
	s = record_body_text(NULL, 80);
	assert_string_equal(s, "");
	free(s);
	record_free(&h);
	record_free(&p);
	record_free(&n);
	record_free(&a);
}

static void test_customfields(void **state)
{
	struct record *r = rec("tickets", "{\"customfields\":["
	                       "{\"id\":1,\"name\":\"CFImpact\",\"label\":\"Impact\","
	                       "\"display\":\"Single User\",\"value\":2},"
	                       "{\"name\":\"CFEmail\",\"label\":\"\",\"value\":\"a@b\"},"
	                       "{\"name\":\"CFEmpty\",\"label\":\"Empty\",\"value\":\"\"},"
	                       "{\"label\":\"Count\",\"value\":3},"
	                       "{\"label\":\"Flag\",\"value\":true,\"display\":\"\"},"
	                       "{\"label\":\"Null\",\"value\":null},"
	                       "\"not an object\",{\"value\":1},"
	                       "{\"label\":\"Esc\\u001b[1m\",\"display\":\"x\\ny\"}]}");
	struct record *none = rec("tickets", "{\"customfields\":{}}");
	struct kv_list l = { 0 };

	(void)state;
	assert_int_equal(record_customfields(r, &l), 0);
	assert_int_equal(l.n, 5);
	assert_string_equal(l.items[0].key, "Impact");
	assert_string_equal(l.items[0].value, "Single User");
	assert_string_equal(l.items[1].key, "CFEmail");
	assert_string_equal(l.items[1].value, "a@b");
	assert_string_equal(l.items[2].key, "Count");
	assert_string_equal(l.items[2].value, "3");
	assert_string_equal(l.items[3].key, "Flag");
	assert_string_equal(l.items[3].value, "yes");
	assert_string_equal(l.items[4].key, "Esc");
	assert_string_equal(l.items[4].value, "x y");
	kv_done(&l);
	assert_int_equal(record_customfields(none, &l), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(record_customfields(NULL, &l), 0);
	record_free(&r);
	record_free(&none);
}

static void test_record_json(void **state)
{
	struct record *r = rec("tickets", "{ \"id\" : 5, \"summary\" : \"a\\\"b\" }");
	char *s = record_json(r);

	(void)state;
	assert_string_equal(s, "{\"id\":5,\"summary\":\"a\\\"b\"}");
	free(s);
	s = record_json(NULL);
	assert_string_equal(s, "{}");
	free(s);
	record_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_item_paths),
		cmocka_unit_test(test_list_path_paged),
		cmocka_unit_test(test_list_path_params),
		cmocka_unit_test(test_list_path_unpaged),
		cmocka_unit_test(test_list_wrapped),
		cmocka_unit_test(test_list_page_capped),
		cmocka_unit_test(test_list_without_page_members),
		cmocka_unit_test(test_list_record_count_forms),
		cmocka_unit_test(test_list_bare),
		cmocka_unit_test(test_list_other_key),
		cmocka_unit_test(test_list_empty),
		cmocka_unit_test(test_list_not_json),
		cmocka_unit_test(test_list_non_objects),
		cmocka_unit_test(test_list_actions),
		cmocka_unit_test(test_item_shapes),
		cmocka_unit_test(test_item_bad),
		cmocka_unit_test(test_error_order),
		cmocka_unit_test(test_error_json_string),
		cmocka_unit_test(test_error_model),
		cmocka_unit_test(test_error_raw),
		cmocka_unit_test(test_error_html),
		cmocka_unit_test(test_error_empty),
		cmocka_unit_test(test_error_huge),
		cmocka_unit_test(test_error_unsafe),
		cmocka_unit_test(test_error_fields),
		cmocka_unit_test(test_error_fields_none),
		cmocka_unit_test(test_error_fields_known_texts),
		cmocka_unit_test(test_reason),
		cmocka_unit_test(test_edit_create_update),
		cmocka_unit_test(test_edit_numbers),
		cmocka_unit_test(test_edit_bad_numbers),
		cmocka_unit_test(test_edit_strings),
		cmocka_unit_test(test_edit_bool_null),
		cmocka_unit_test(test_edit_refused),
		cmocka_unit_test(test_resource_find),
		cmocka_unit_test(test_resource_paths),
		cmocka_unit_test(test_resource_names),
		cmocka_unit_test(test_resource_invariants),
		cmocka_unit_test(test_resource_field),
		cmocka_unit_test(test_resource_filter),
		cmocka_unit_test(test_filters_in_openapi),
		cmocka_unit_test(test_record_take),
		cmocka_unit_test(test_record_accessors),
		cmocka_unit_test(test_display_ids),
		cmocka_unit_test(test_display_dates),
		cmocka_unit_test(test_display_scalars),
		cmocka_unit_test(test_display_html),
		cmocka_unit_test(test_body_text),
		cmocka_unit_test(test_customfields),
		cmocka_unit_test(test_record_json),
	};

	setlocale(LC_ALL, "");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("api", tests, NULL, NULL);
}
