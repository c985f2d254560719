/* SPDX-License-Identifier: MIT */
/* A failed copy is an error, never a quiet change of meaning: a lost
 * auth_url is not discovery, a lost --search does not list everything, a
 * lost note is not an empty one, a lost default path is not "no config
 * file", and a lost authinfo URL is not the fallback. The program is
 * linked with -Wl,--wrap=strdup, so that one chosen copy fails. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "cli.h"
#include "settings.h"
#include "worker.h"

char *__real_strdup(const char *s);
char *__wrap_strdup(const char *s);

/* The copy of fail_text numbered fail_nth (from 1) fails. */
static const char *fail_text;
static int fail_nth, seen, failed;

char *__wrap_strdup(const char *s)
{
	if (fail_text && strcmp(s, fail_text) == 0 && ++seen == fail_nth) {
		failed++;
		errno = ENOMEM;
		return NULL;
	}
	return __real_strdup(s);
}

static void fail_copy(const char *text, int nth)
{
	fail_text = text;
	fail_nth = nth;
	seen = failed = 0;
}

static char home[] = "/tmp/halotest-oom-XXXXXX";

static int setup(void **state)
{
	static const char *const vars[] = { "HALOPSA_BASE_URL", "HALOPSA_TENANT",
	                                    "HALOPSA_CLIENT_ID",
	                                    "HALOPSA_CLIENT_SECRET" };

	(void)state;
	for (size_t i = 0; i < sizeof vars / sizeof *vars; i++)
		unsetenv(vars[i]);
	if (!mkdtemp(home))
		return -1;
	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", home, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rmdir(home);
	return 0;
}

static void test_worker_auth_url(void **state)
{
	static char auth[] = "https://acme.example/auth";
	struct settings s;
	struct worker *w = NULL;
	struct errbuf err;

	(void)state;
	settings_init(&s);
	s.base_url = "https://acme.example";
	s.client_id = "id";
	s.client_secret = "secret-value";
	s.auth_url = auth;
	/* The first copy is the settings', the second the token server's. */
	fail_copy(auth, 2);
	assert_int_equal(worker_start(&w, &s, NULL, NULL, &err), HALO_ENOMEM);
	assert_int_equal(failed, 1);
	assert_null(w);
	assert_string_equal(err.msg, "out of memory");
	worker_stop(&w);
	fail_copy(NULL, 0);
}

static void test_cli_search(void **state)
{
	struct cli_globals g = { 0 };
	char *argv[] = { "list", "--search", "needle-text", "tickets", NULL };

	(void)state;
	fail_copy("needle-text", 1);
	assert_int_equal(cli_list(&g, 4, argv), EXIT_REFUSED);
	assert_int_equal(failed, 1);
	fail_copy(NULL, 0);
}

static void test_cli_note(void **state)
{
	struct cli_globals g = { 0 };
	char *argv[] = { "note", "12", "the note's text", NULL };

	(void)state;
	fail_copy("the note's text", 1);
	/* Out of memory (1), not "the note is empty" (2). */
	assert_int_equal(cli_note(&g, 3, argv), EXIT_REFUSED);
	assert_int_equal(failed, 1);
	fail_copy(NULL, 0);
}

static void test_settings_default_path(void **state)
{
	char path[4200];
	struct settings s;
	struct errbuf err;

	(void)state;
	snprintf(path, sizeof path, "%s/halotui/config.yaml", home);
	fail_copy(path, 1);
	assert_int_equal(settings_load(&s, NULL, NULL, &err), HALO_ENOMEM);
	assert_int_equal(failed, 1);
	settings_done(&s);
	fail_copy(NULL, 0);
	/* Without the failure: no file there is fine. */
	assert_int_equal(settings_load(&s, NULL, NULL, &err), HALO_OK);
	assert_string_equal(s.path ? s.path : "", "");
	settings_done(&s);
}

static void test_authinfo_copy(void **state)
{
	static const char body[] = "{\"auth_url\":\"https://acme.example/auth\"}";
	bool oom = false;

	(void)state;
	fail_copy("https://acme.example/auth", 1);
	assert_null(auth_parse_authinfo(body, sizeof body - 1, &oom));
	assert_true(oom);
	fail_copy(NULL, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worker_auth_url),
		cmocka_unit_test(test_cli_search),
		cmocka_unit_test(test_cli_note),
		cmocka_unit_test(test_settings_default_path),
		cmocka_unit_test(test_authinfo_copy),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("oom", tests, setup, teardown);
}
