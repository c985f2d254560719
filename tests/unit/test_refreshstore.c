/* SPDX-License-Identifier: MIT */
/* The per-user login on disk: mode 0600 in 0700 directories, read back
 * only by the profile's own instance, client id, flow and username, the
 * access token kept only while it lives and never with cache: false, and
 * removed by forget. */
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

#include "refreshstore.h"
#include "testdir.h"

static int setup(void **state)
{
	(void)state;
	return testdir_make("refreshstore", "XDG_STATE_HOME", NULL);
}

static void profile(struct settings *s)
{
	settings_init(s);
	s->profile = "work";
	s->base_url = "https://a.example";
	s->tenant = "t1";
	s->client_id = "login-app";
	s->auth = AUTH_PASSWORD;
	s->username = "ann@example.com";
}

/* A login with refresh token r and an access token for an hour. */
static void login(struct login_state *ls, const char *r, double now)
{
	login_state_init(ls);
	ls->flow = AUTH_PASSWORD;
	ls->user = strdup("ann@example.com");
	ls->refresh = strdup(r);
	ls->access.access = strdup("acc-123");
	ls->access.type = strdup("Bearer");
	ls->access.expires_at = now + 3600;
	ls->who.agent_id = 5;
	snprintf(ls->who.name, sizeof ls->who.name, "Ann Example");
	ls->has_who = true;
}

static void save(const struct settings *s, const char *r)
{
	struct login_state ls;
	struct errbuf err;

	login(&ls, r, 100.0);
	assert_int_equal(refreshstore_save(s, &ls, 100.0, &err), HALO_OK);
	login_state_done(&ls);
}

static void test_round_trip_and_mode(void **state)
{
	struct settings s;
	struct login_state ls;
	struct stat st;
	char path[4096], buf[4096];
	FILE *f;
	size_t n;

	(void)state;
	profile(&s);
	save(&s, "refresh-abc");
	assert_int_equal(refreshstore_path(&s, path, sizeof path), 0);
	assert_non_null(strstr(path, "/halotui/logins/work"));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	*strrchr(path, '/') = '\0';
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	login_state_init(&ls);
	assert_true(refreshstore_load(&s, 100.0, &ls));
	assert_string_equal(ls.refresh, "refresh-abc");
	assert_string_equal(ls.access.access, "acc-123");
	assert_string_equal(ls.user, "ann@example.com");
	assert_true(ls.has_who);
	assert_int_equal(ls.who.agent_id, 5);
	assert_string_equal(ls.who.name, "Ann Example");
	login_state_done(&ls);
	/* The file holds the refresh token, not the instance's secret. */
	assert_int_equal(refreshstore_path(&s, path, sizeof path), 0);
	f = fopen(path, "rb");
	assert_non_null(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_non_null(strstr(buf, "refresh refresh-abc\n"));
}

static void test_other_instance_ignores_it(void **state)
{
	struct settings s, o;
	struct login_state ls;

	(void)state;
	profile(&s);
	save(&s, "refresh-abc");
	login_state_init(&ls);
	profile(&o);
	o.base_url = "https://b.example";
	assert_false(refreshstore_load(&o, 100.0, &ls));
	profile(&o);
	o.tenant = "t2";
	assert_false(refreshstore_load(&o, 100.0, &ls));
	profile(&o);
	o.tenant = NULL;
	assert_false(refreshstore_load(&o, 100.0, &ls));
	profile(&o);
	o.client_id = "another-app";
	assert_false(refreshstore_load(&o, 100.0, &ls));
	/* Another agent's username, another flow. */
	profile(&o);
	o.username = "bob@example.com";
	assert_false(refreshstore_load(&o, 100.0, &ls));
	profile(&o);
	o.auth = AUTH_CODE;
	o.username = NULL;
	assert_false(refreshstore_load(&o, 100.0, &ls));
	profile(&o);
	o.auth = AUTH_CLIENT_CREDENTIALS;
	assert_false(refreshstore_load(&o, 100.0, &ls));
	assert_null(ls.refresh);
	/* The profile's own still reads. */
	assert_true(refreshstore_load(&s, 100.0, &ls));
	login_state_done(&ls);
}

static void test_readable_or_altered_is_absent(void **state)
{
	struct settings s;
	struct login_state ls;
	char path[4096];
	FILE *f;

	(void)state;
	profile(&s);
	save(&s, "refresh-abc");
	assert_int_equal(refreshstore_path(&s, path, sizeof path), 0);
	login_state_init(&ls);
	assert_int_equal(chmod(path, 0644), 0);
	assert_false(refreshstore_load(&s, 100.0, &ls));
	assert_int_equal(chmod(path, 0600), 0);
	assert_true(refreshstore_load(&s, 100.0, &ls));
	f = fopen(path, "r+b");
	assert_non_null(f);
	fseek(f, -3, SEEK_END);
	fputc('X', f);
	fclose(f);
	assert_false(refreshstore_load(&s, 100.0, &ls));
	login_state_done(&ls);
}

static void test_expired_access_and_cache_false(void **state)
{
	struct settings s;
	struct login_state ls;

	struct errbuf err;

	(void)state;
	profile(&s);
	/* An access token with less than a minute left: too late to send. */
	login(&ls, "refresh-abc", 100.0);
	ls.access.expires_at = 100.0 + 30;
	assert_int_equal(refreshstore_save(&s, &ls, 100.0, &err), HALO_OK);
	login_state_done(&ls);
	/* The refresh token stays, the access token is gone. */
	assert_true(refreshstore_load(&s, 100.0, &ls));
	assert_string_equal(ls.refresh, "refresh-abc");
	assert_null(ls.access.access);
	/* cache: false keeps the login, never the access token. */
	s.cache = false;
	save(&s, "refresh-def");
	assert_true(refreshstore_load(&s, 100.0, &ls));
	assert_string_equal(ls.refresh, "refresh-def");
	assert_null(ls.access.access);
	login_state_done(&ls);
}

static void test_forget(void **state)
{
	struct settings s;
	struct login_state ls;
	struct errbuf err;

	(void)state;
	profile(&s);
	save(&s, "refresh-abc");
	assert_int_equal(refreshstore_forget(&s, &err), 1);
	assert_int_equal(refreshstore_forget(&s, &err), 0);
	login_state_init(&ls);
	assert_false(refreshstore_load(&s, 100.0, &ls));
	login_state_done(&ls);
}

static void test_unsafe_text_not_saved(void **state)
{
	struct settings s;
	struct login_state ls;
	struct errbuf err;

	(void)state;
	profile(&s);
	login(&ls, "refresh with space", 100.0);
	assert_int_equal(refreshstore_save(&s, &ls, 100.0, &err), HALO_EIO);
	login_state_done(&ls);
	login(&ls, "ok", 100.0);
	snprintf(ls.who.name, sizeof ls.who.name, "a\nrefresh evil");
	assert_int_equal(refreshstore_save(&s, &ls, 100.0, &err), HALO_EIO);
	login_state_done(&ls);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, testdir_teardown)
	const struct CMUnitTest tests[] = {
		T(test_round_trip_and_mode),
		T(test_other_instance_ignores_it),
		T(test_readable_or_altered_is_absent),
		T(test_expired_access_and_cache_false),
		T(test_forget),
		T(test_unsafe_text_not_saved),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("refreshstore", tests, NULL, NULL);
}
