/* SPDX-License-Identifier: MIT */
/* Views as written to query parameters: the built-in views, a config
 * view's names (statuses, teams, agents, "me", "mine", a client found by a
 * search) resolved through the lookup lists, what a resolution still
 * waits for, and a name that names nothing as an error with the file,
 * line and column where it is written. Also views.yaml written and read
 * back. */
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
#include <unistd.h>

#include "record.h"
#include "settings.h"
#include "viewdef.h"
#include "viewfile.h"

struct fx {
	char dir[64];
	char config[128];
	struct settings s;
	struct lookups lk;
	struct me me;
};

static void set_json(struct lookups *lk, enum lookup_kind kind,
                     const char *json)
{
	const struct resource *res = resource_for_lookup(kind);
	cJSON *arr = cJSON_Parse(json), *it;
	struct record *r[16];
	struct errbuf err;
	size_t n = 0;

	assert_non_null(arr);
	cJSON_ArrayForEach(it, arr)
		r[n++] = record_copy(res, it);
	cJSON_Delete(arr);
	assert_int_equal(lookups_set(lk, kind, r, n, &err), HALO_OK);
	while (n)
		record_free(&r[--n]);
}

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);

	assert_non_null(fx);
	snprintf(fx->dir, sizeof fx->dir, "/tmp/halotui-viewdef-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->config, sizeof fx->config, "%s/config.yaml", fx->dir);
	/* Never the user's own views.yaml. */
	setenv("XDG_CONFIG_HOME", fx->dir, 1);
	setenv("HOME", fx->dir, 1);
	settings_init(&fx->s);
	lookups_init(&fx->lk);
	set_json(&fx->lk, LOOKUP_STATUS,
	         "[{\"id\":1,\"name\":\"New\"},{\"id\":2,\"name\":\"In Progress\"},"
	         "{\"id\":9,\"name\":\"Closed\"}]");
	set_json(&fx->lk, LOOKUP_TEAM,
	         "[{\"id\":26,\"name\":\"1st Line Support\"},"
	         "{\"id\":27,\"name\":\"2nd Line Support\"}]");
	set_json(&fx->lk, LOOKUP_AGENT,
	         "[{\"id\":1,\"name\":\"Unassigned\"},{\"id\":2,\"name\":\"API User\"},"
	         "{\"id\":6,\"name\":\"Dagny Jonsdottir\"}]");
	fx->me.id = 2;
	snprintf(fx->me.name, sizeof fx->me.name, "API User");
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	char path[160];

	settings_done(&fx->s);
	lookups_done(&fx->lk);
	snprintf(path, sizeof path, "%s/halotui/views.yaml", fx->dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/halotui", fx->dir);
	rmdir(path);
	unlink(fx->config);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

/* Loads text as the config and returns view `name` as a viewdef. */
static void load_view(struct fx *fx, const char *text, const char *name,
                      struct viewdef *d)
{
	FILE *f = fopen(fx->config, "w");
	struct errbuf err;
	size_t i;

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(fx->config, 0600);
	settings_done(&fx->s);
	if (settings_load(&fx->s, fx->config, NULL, &err) != HALO_OK)
		fail_msg("%s", err.msg);
	for (i = 0; i < fx->s.nviews && strcmp(fx->s.views[i].name, name); i++)
		;
	assert_true(i < fx->s.nviews);
	if (viewdef_from_settings(&fx->s.views[i], d, &err) != HALO_OK)
		fail_msg("%s", err.msg);
}

/* A client search that found Acme (12), is on its way for Pending, and
 * found nothing else. */
static long find(void *ctx, const struct resource *res, const char *text,
                 struct errbuf *err)
{
	(void)ctx;
	assert_string_equal(res->name, "clients");
	if (strcmp(text, "Acme") == 0)
		return 12;
	if (strcmp(text, "Pending") == 0)
		return 0;
	errbuf_set(err, HALO_ENOTFOUND, "no client named \"%s\"", text);
	return -1;
}

static enum halo_status resolve(struct fx *fx, const struct viewdef *d,
                                bool me_known, struct kv_list *params,
                                struct kv_list *labels,
                                struct viewdef_need *need, struct errbuf *err)
{
	struct viewdef_env env = { .lk = &fx->lk, .me = me_known ? &fx->me : NULL,
	                           .find = find };

	errbuf_clear(err);
	return viewdef_resolve(d, &env, params, labels, need, err);
}

static void test_builtins(void **state)
{
	static const char *const names[] = { "My tickets", "Unassigned",
	                                     "My teams", "All open",
	                                     "Recently updated" };
	struct fx *fx = *state;
	struct kv_list params = { 0 }, labels = { 0 };
	struct viewdef_need need;
	struct errbuf err;
	struct viewdef d;

	assert_int_equal(viewdef_builtin_count(), 5);
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(viewdef_builtin(i, &d), 0);
		assert_string_equal(d.name, names[i]);
		assert_string_equal(d.res->name, "tickets");
		assert_int_equal(viewdef_counted(&d), i != 4);
		viewdef_done(&d);
	}
	/* My tickets: mine and open, once the server said who I am. */
	assert_int_equal(viewdef_builtin(0, &d), 0);
	assert_int_equal(resolve(fx, &d, false, &params, &labels, &need, &err),
	                 HALO_OK);
	assert_true(need.waiting && need.me);
	assert_int_equal(params.n, 0);
	assert_int_equal(resolve(fx, &d, true, &params, &labels, &need, &err),
	                 HALO_OK);
	assert_false(need.waiting);
	assert_string_equal(kv_get(&params, "agent_id"), "2");
	assert_string_equal(kv_get(&params, "open_only"), "true");
	assert_string_equal(kv_get(&labels, "agent_id"), "me");
	viewdef_done(&d);
	/* Unassigned: Halo's "Unassigned" agent, named by the agent list. */
	assert_int_equal(viewdef_builtin(1, &d), 0);
	assert_int_equal(resolve(fx, &d, false, &params, &labels, &need, &err),
	                 HALO_OK);
	assert_false(need.waiting);
	assert_string_equal(kv_get(&params, "agent_id"), "1");
	assert_string_equal(kv_get(&labels, "agent_id"), "Unassigned");
	viewdef_done(&d);
	/* My teams: every team I am in, sent to the list parameter. */
	fx->me.teams[0] = 26;
	fx->me.teams[1] = 27;
	fx->me.nteams = 2;
	assert_int_equal(viewdef_builtin(2, &d), 0);
	assert_int_equal(resolve(fx, &d, true, &params, &labels, &need, &err),
	                 HALO_OK);
	assert_string_equal(kv_get(&params, "team"), "26,27");
	assert_string_equal(kv_get(&labels, "team"),
	                    "1st Line Support, 2nd Line Support");
	/* In no team: it selects nothing, and says why. */
	fx->me.nteams = 0;
	assert_int_equal(resolve(fx, &d, true, &params, &labels, &need, &err),
	                 HALO_ENOTFOUND);
	assert_non_null(strstr(err.msg, "API User) is in no team"));
	assert_int_equal(params.n, 0);
	viewdef_done(&d);
	/* Recently updated: every ticket, last action first. */
	assert_int_equal(viewdef_builtin(4, &d), 0);
	assert_string_equal(d.sort, "lastactiondate");
	assert_true(d.desc);
	assert_int_equal(d.nterms, 0);
	viewdef_done(&d);
	kv_done(&params);
	kv_done(&labels);
}

static const char config[] =
	"views:\n"
	"  second:\n"
	"    resource: tickets\n"
	"    agent: me\n"
	"    status: [New, \"In Progress\"]\n"
	"    team: \"2nd Line Support\"\n"
	"    client: Acme\n"
	"    filters: {open: true, closed: no}\n"
	"  bad:\n"
	"    resource: tickets\n"
	"    team: 3rd Line\n"
	"    status: Nw\n"
	"  waiting:\n"
	"    resource: tickets\n"
	"    client: Pending\n"
	"    priority: High\n"
	"  nobody:\n"
	"    resource: tickets\n"
	"    client: Initech\n";

static void test_config_names(void **state)
{
	struct fx *fx = *state;
	struct kv_list params = { 0 }, labels = { 0 };
	struct viewdef_need need;
	struct errbuf err;
	struct viewdef d;
	char want[300];

	load_view(fx, config, "second", &d);
	assert_string_equal(d.file, fx->config);
	assert_int_equal(d.line, 2);
	assert_int_equal(resolve(fx, &d, true, &params, &labels, &need, &err),
	                 HALO_OK);
	assert_false(need.waiting);
	assert_string_equal(kv_get(&params, "agent_id"), "2");
	/* Several statuses: the list parameter, comma-separated. */
	assert_null(kv_get(&params, "status_id"));
	assert_string_equal(kv_get(&params, "status"), "1,2");
	assert_string_equal(kv_get(&labels, "status"), "New, In Progress");
	assert_string_equal(kv_get(&params, "team"), "27");
	assert_string_equal(kv_get(&params, "client_id"), "12");
	assert_string_equal(kv_get(&params, "open_only"), "true");
	/* Off is the server's default: not sent. */
	assert_null(kv_get(&params, "closed_only"));
	viewdef_done(&d);

	/* An unknown name: file, line and column of the value. */
	load_view(fx, config, "bad", &d);
	assert_int_equal(resolve(fx, &d, true, &params, &labels, &need, &err),
	                 HALO_ECONFIG);
	snprintf(want, sizeof want, "%s:11:11: view 'bad': no team named "
	         "\"3rd Line\"", fx->config);
	assert_non_null(strstr(err.msg, want));
	assert_int_equal(params.n, 0);
	viewdef_done(&d);

	/* A list not loaded yet and a search on its way: waiting. */
	load_view(fx, config, "waiting", &d);
	assert_int_equal(resolve(fx, &d, true, &params, &labels, &need, &err),
	                 HALO_OK);
	assert_true(need.waiting && need.names && need.lookup[LOOKUP_PRIORITY]);
	assert_false(need.me);
	assert_int_equal(params.n, 0);
	viewdef_done(&d);

	/* A client the search did not find. */
	load_view(fx, config, "nobody", &d);
	assert_int_equal(resolve(fx, &d, true, &params, &labels, &need, &err),
	                 HALO_ECONFIG);
	snprintf(want, sizeof want, "%s:19:13: view 'nobody': no client "
	         "named \"Initech\"", fx->config);
	assert_string_equal(err.msg, want);
	viewdef_done(&d);
	kv_done(&params);
	kv_done(&labels);
}

static void test_load_errors(void **state)
{
	struct fx *fx = *state;
	struct errbuf err;
	FILE *f = fopen(fx->config, "w");
	char want[300];

	assert_non_null(f);
	fputs("views:\n  x:\n    resource: tickets\n    site: [1, 2]\n", f);
	fclose(f);
	assert_int_equal(settings_load(&fx->s, fx->config, NULL, &err),
	                 HALO_ECONFIG);
	snprintf(want, sizeof want, "%s:4:11: view 'x': filter site takes one "
	         "value, not a list", fx->config);
	assert_string_equal(err.msg, want);
	f = fopen(fx->config, "w");
	fputs("views:\n  x:\n    resource: tickets\n    agnet: me\n", f);
	fclose(f);
	assert_int_equal(settings_load(&fx->s, fx->config, NULL, &err),
	                 HALO_ECONFIG);
	assert_non_null(strstr(err.msg, ":4:5: unknown key 'agnet' in view "
	                        "'x' (did you mean agent?)"));
	f = fopen(fx->config, "w");
	fputs("views:\n  x:\n    resource: tikets\n", f);
	fclose(f);
	assert_int_equal(settings_load(&fx->s, fx->config, NULL, &err),
	                 HALO_ECONFIG);
	assert_non_null(strstr(err.msg, ":3:15: view 'x': unknown resource "
	                        "'tikets'"));
	f = fopen(fx->config, "w");
	fputs("views:\n  x:\n    resource: tickets\n    open: maybe\n", f);
	fclose(f);
	assert_int_equal(settings_load(&fx->s, fx->config, NULL, &err),
	                 HALO_ECONFIG);
	assert_non_null(strstr(err.msg, ":4:11: view 'x': filter open wants"));
}

static void test_several_for_one(void **state)
{
	struct fx *fx = *state;
	struct kv_list params = { 0 }, labels = { 0 };
	struct viewdef_need need;
	struct errbuf err;
	struct viewdef d;

	/* Typed twice into a filter that takes one value. */
	viewdef_init(&d, resource_find("tickets"));
	d.name = strdup("typed");
	assert_int_equal(viewdef_add(&d, resource_filter(d.res, "site"), "4",
	                             0, 0), 0);
	assert_int_equal(viewdef_add(&d, resource_filter(d.res, "site"), "5",
	                             0, 0), 0);
	assert_int_equal(resolve(fx, &d, true, &params, &labels, &need, &err),
	                 HALO_ECONFIG);
	assert_string_equal(err.msg, "view 'typed': this filter takes one value");
	/* Set replaces; NULL removes. */
	assert_int_equal(viewdef_set(&d, resource_filter(d.res, "site"), NULL,
	                             "7", "Head office"), 0);
	assert_int_equal(resolve(fx, &d, true, &params, &labels, &need, &err),
	                 HALO_OK);
	assert_string_equal(kv_get(&params, "site_id"), "7");
	assert_string_equal(kv_get(&labels, "site_id"), "Head office");
	assert_int_equal(viewdef_set(&d, resource_filter(d.res, "site"), NULL,
	                             NULL, NULL), 0);
	assert_int_equal(d.nterms, 0);
	viewdef_done(&d);
	kv_done(&params);
	kv_done(&labels);
}

static void test_views_file(void **state)
{
	struct fx *fx = *state;
	struct viewdef d, again;
	struct errbuf err;
	char path[160];
	struct stat sb;
	size_t i;

	load_view(fx, config, "second", &d);
	free(d.name);
	d.name = strdup("saved one");
	free(d.file);
	d.file = NULL;
	d.sort = strdup("lastactiondate");
	d.desc = true;
	assert_int_equal(settings_views_path(path, sizeof path), 0);
	assert_int_equal(viewfile_save(path, &d, &err), HALO_OK);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* Saved again: replaced, not doubled. */
	assert_int_equal(viewfile_save(path, &d, &err), HALO_OK);
	/* Read after the config's views, as at a start. */
	load_view(fx, config, "saved one", &again);
	for (i = 0; i < fx->s.nviews && strcmp(fx->s.views[i].name, "saved one");
	     i++)
		;
	assert_int_equal(fx->s.nviews, 5);
	assert_string_equal(again.file, path);
	assert_string_equal(again.sort, "lastactiondate");
	assert_true(again.desc);
	assert_int_equal(again.nterms, d.nterms);
	for (i = 0; i < d.nterms; i++) {
		assert_ptr_equal(again.terms[i].def, d.terms[i].def);
		assert_int_equal(again.terms[i].n, d.terms[i].n);
		for (size_t k = 0; k < d.terms[i].n; k++)
			assert_string_equal(again.terms[i].values[k].text,
			                    d.terms[i].values[k].text);
	}
	viewdef_done(&again);
	viewdef_done(&d);
	/* A views file that is not one is left alone. */
	{
		FILE *f = fopen(path, "w");

		fputs("views: [broken\n", f);
		fclose(f);
	}
	assert_int_equal(viewdef_builtin(0, &d), 0);
	assert_int_not_equal(viewfile_save(path, &d, &err), HALO_OK);
	assert_non_null(strstr(err.msg, path));
	viewdef_done(&d);
}

/* Halo's saved views from /ViewLists records: every member may be
 * missing, null or of another type, and names reach the terminal safe. */
static struct record *saved(const char *json)
{
	cJSON *o = cJSON_Parse(json);

	assert_non_null(o);
	return record_take(resource_find("viewlists"), o);
}

static void test_saved_views(void **state)
{
	static const char *const refused[] = {
		"{\"name\": \"no id\", \"ticket_count\": 3}",
		"{\"id\": null, \"name\": \"x\"}",
		"{\"id\": \"abc\", \"name\": \"x\"}",
		"{\"id\": -4, \"name\": \"x\"}",
		"{\"id\": 9, \"name\": \"x\", \"type_name\": \"Opportunities\"}",
	};
	struct viewdef d;
	struct kv_list params = { 0 }, labels = { 0 };
	struct viewdef_need need;
	struct viewdef_env env = { 0 };
	struct errbuf err;
	struct record *r;
	long count;

	(void)state;
	r = saved("{\"id\": 101, \"name\": \"High \\u001b[31mpriority\\u0007  "
	          "open\", \"type_name\": \"Tickets\", \"ticket_count\": 15}");
	assert_int_equal(viewdef_from_saved(r, &d, &count, &err), HALO_OK);
	assert_string_equal(d.name, "High priority open");
	assert_string_equal(d.res->name, "tickets");
	assert_int_equal(count, 15);
	assert_true(viewdef_counted(&d));
	assert_int_equal(viewdef_resolve(&d, &env, &params, &labels, &need,
	                                 &err), HALO_OK);
	assert_false(need.waiting);
	assert_int_equal(params.n, 1);
	assert_string_equal(params.items[0].key, "view_id");
	assert_string_equal(params.items[0].value, "101");
	kv_done(&params);
	kv_done(&labels);
	viewdef_done(&d);
	record_free(&r);

	/* An id as text or a real; no name, no count, a count of another
	 * type; a long name is cut. */
	r = saved("{\"id\": \"7\", \"name\": null, \"ticket_count\": \"many\"}");
	assert_int_equal(viewdef_from_saved(r, &d, &count, &err), HALO_OK);
	assert_string_equal(d.name, "view 7");
	assert_int_equal(count, -1);
	viewdef_done(&d);
	record_free(&r);
	r = saved("{\"id\": 8.0, \"name\": \"   \", \"ticket_count\": -2}");
	assert_int_equal(viewdef_from_saved(r, &d, &count, &err), HALO_OK);
	assert_string_equal(d.name, "view 8");
	assert_int_equal(count, -1);
	viewdef_done(&d);
	record_free(&r);
	r = saved("{\"id\": 9, \"name\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}");
	assert_int_equal(viewdef_from_saved(r, &d, &count, &err), HALO_OK);
	assert_true(strlen(d.name) <= VIEWDEF_SAVED_NAME_COLS + 2);
	viewdef_done(&d);
	record_free(&r);

	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		r = saved(refused[i]);
		assert_int_equal(viewdef_from_saved(r, &d, &count, &err),
		                 HALO_ENOTFOUND);
		assert_null(d.name);
		assert_int_equal(d.nterms, 0);
		record_free(&r);
	}
	assert_int_equal(viewdef_from_saved(NULL, &d, &count, &err),
	                 HALO_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_builtins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_several_for_one, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_views_file, setup, teardown),
		cmocka_unit_test(test_saved_views),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("viewdef", tests, NULL, NULL);
}
