/* SPDX-License-Identifier: MIT */
/* settings: the YAML config, its profiles, the environment overrides, the
 * checks on secrets and URLs, and client_secret_cmd. Every test works in
 * its own mkdtemp directory with HOME and XDG_CONFIG_HOME pointing into it
 * and the HALOPSA_* variables cleared. */
#include "config.h"
#include "settings.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const env_names[] = {
	"HALOPSA_BASE_URL", "HALOPSA_TENANT", "HALOPSA_CLIENT_ID",
	"HALOPSA_CLIENT_SECRET", "XDG_CONFIG_HOME", "HOME",
};
#define NENV (sizeof env_names / sizeof env_names[0])

struct fx {
	char dir[128];
	char path[512];          /* the last file written */
	char *saved[NENV];
	struct settings s;
	struct errbuf err;
};

#define assert_msg_has(fx, sub) do { \
	if (!strstr((fx)->err.msg, (sub))) \
		fail_msg("message \"%s\" lacks \"%s\"", (fx)->err.msg, (sub)); \
} while (0)

#define assert_msg_lacks(fx, sub) do { \
	if (strstr((fx)->err.msg, (sub))) \
		fail_msg("message \"%s\" has \"%s\"", (fx)->err.msg, (sub)); \
} while (0)

/* The message starts with "<last file>:line:col: ". */
#define assert_at(fx, line, col) do { \
	char pre_[600]; \
	snprintf(pre_, sizeof pre_, "%s:%d:%d: ", (fx)->path, (line), (col)); \
	if (strncmp((fx)->err.msg, pre_, strlen(pre_))) \
		fail_msg("message \"%s\" does not start with \"%s\"", \
		         (fx)->err.msg, pre_); \
} while (0)

static int rm_entry(const char *p, const struct stat *sb, int flag,
                    struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);
	char buf[256];
	size_t i;

	if (!fx)
		return -1;
	snprintf(fx->dir, sizeof fx->dir, "/tmp/test_settings.XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	for (i = 0; i < NENV; i++) {
		const char *v = getenv(env_names[i]);

		fx->saved[i] = v ? strdup(v) : NULL;
		unsetenv(env_names[i]);
	}
	snprintf(buf, sizeof buf, "%s/xdg", fx->dir);
	setenv("XDG_CONFIG_HOME", buf, 1);
	snprintf(buf, sizeof buf, "%s/home", fx->dir);
	setenv("HOME", buf, 1);
	settings_init(&fx->s);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	size_t i;

	settings_done(&fx->s);
	for (i = 0; i < NENV; i++) {
		if (fx->saved[i])
			setenv(env_names[i], fx->saved[i], 1);
		else
			unsetenv(env_names[i]);
		free(fx->saved[i]);
	}
	nftw(fx->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(fx);
	return 0;
}

/* Writes dir/name (creating the directories on the way) with mode. */
static const char *write_file(struct fx *fx, const char *name,
                              const void *data, size_t len, mode_t mode)
{
	char *slash;
	FILE *f;

	snprintf(fx->path, sizeof fx->path, "%s/%s", fx->dir, name);
	for (slash = strchr(fx->path + strlen(fx->dir) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(fx->path, 0700);
		*slash = '/';
	}
	f = fopen(fx->path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(fx->path, mode), 0);
	return fx->path;
}

static enum halo_status load_text(struct fx *fx, const char *text,
                                  const char *profile)
{
	settings_done(&fx->s);
	write_file(fx, "config.yaml", text, strlen(text), 0600);
	return settings_load(&fx->s, fx->path, profile, &fx->err);
}

static void expect_error(struct fx *fx, const char *text, int line, int col,
                         const char *sub)
{
	assert_int_equal(load_text(fx, text, NULL), HALO_ECONFIG);
	assert_at(fx, line, col);
	assert_msg_has(fx, sub);
	/* Left initialised on failure. */
	assert_null(fx->s.base_url);
	assert_null(fx->s.path);
	assert_int_equal(fx->s.page_size, 50);
}

/* ---- Defaults and the environment --------------------------------------- */

static void test_init_defaults(void **state)
{
	struct settings s;

	(void)state;
	memset(&s, 0x5a, sizeof s);
	settings_init(&s);
	assert_null(s.path);
	assert_null(s.base_url);
	assert_null(s.client_secret);
	assert_null(s.theme);
	assert_int_equal(s.page_size, 50);
	assert_int_equal(s.connect_timeout_ms, 10000);
	assert_int_equal(s.request_timeout_ms, 30000);
	assert_int_equal(s.max_attempts, 5);
	assert_int_equal(s.backoff_max_ms, 60000);
	assert_int_equal(s.rate_limit, 300);
	assert_int_equal(s.rate_window_ms, 300000);
	assert_true(s.mouse);
	assert_int_equal(s.nkeys, 0);
	assert_int_equal(s.nviews, 0);
	settings_done(&s);
	settings_done(&s);
	settings_done(NULL);
	assert_int_equal(s.page_size, 50);
}

static void test_no_file_no_env(void **state)
{
	struct fx *fx = *state;
	char want[600];

	assert_int_equal(settings_load(&fx->s, NULL, NULL, &fx->err), HALO_OK);
	assert_null(fx->s.path);
	assert_null(fx->s.profile);
	assert_null(fx->s.base_url);
	assert_string_equal(fx->s.scope, "all");
	assert_int_equal(fx->s.page_size, 50);
	assert_int_equal(settings_check_session(&fx->s, &fx->err),
	                 HALO_ECONFIG);
	snprintf(want, sizeof want, "no base_url: set base_url in a profile of "
	         "%s/xdg/halotui/config.yaml or HALOPSA_BASE_URL", fx->dir);
	assert_string_equal(fx->err.msg, want);
}

static void test_env_only(void **state)
{
	struct fx *fx = *state;

	setenv("HALOPSA_BASE_URL", "https://acme.halopsa.com/api/", 1);
	setenv("HALOPSA_TENANT", "acme", 1);
	setenv("HALOPSA_CLIENT_ID", "id-1", 1);
	setenv("HALOPSA_CLIENT_SECRET", "s3cret", 1);
	assert_int_equal(settings_load(&fx->s, NULL, NULL, &fx->err), HALO_OK);
	assert_null(fx->s.path);
	assert_string_equal(fx->s.base_url, "https://acme.halopsa.com");
	assert_string_equal(fx->s.tenant, "acme");
	assert_string_equal(fx->s.client_id, "id-1");
	assert_string_equal(fx->s.client_secret, "s3cret");
	assert_null(fx->s.auth_url);
	assert_int_equal(settings_check_session(&fx->s, &fx->err), HALO_OK);
	assert_int_equal(settings_resolve_secret(&fx->s, &fx->err), HALO_OK);
	assert_string_equal(fx->s.client_secret, "s3cret");
}

static void test_env_http_refused(void **state)
{
	struct fx *fx = *state;

	setenv("HALOPSA_BASE_URL", "http://acme.example.com", 1);
	assert_int_equal(settings_load(&fx->s, NULL, NULL, &fx->err),
	                 HALO_ECONFIG);
	assert_string_equal(fx->err.msg, "HALOPSA_BASE_URL "
	                    "'http://acme.example.com' sends the secret in "
	                    "clear; use https:// (http:// is allowed only for "
	                    "127.0.0.1, ::1 or localhost)");
	assert_null(fx->s.base_url);
	setenv("HALOPSA_BASE_URL", "http://localhost:8080/", 1);
	assert_int_equal(settings_load(&fx->s, NULL, NULL, &fx->err), HALO_OK);
	assert_string_equal(fx->s.base_url, "http://localhost:8080");
}

static void test_env_empty_and_control(void **state)
{
	struct fx *fx = *state;

	setenv("HALOPSA_TENANT", "", 1);
	setenv("HALOPSA_CLIENT_ID", "", 1);
	assert_int_equal(settings_load(&fx->s, NULL, NULL, &fx->err), HALO_OK);
	assert_null(fx->s.tenant);
	assert_null(fx->s.client_id);
	settings_done(&fx->s);
	setenv("HALOPSA_CLIENT_ID", "a\nb", 1);
	assert_int_equal(settings_load(&fx->s, NULL, NULL, &fx->err),
	                 HALO_ECONFIG);
	assert_msg_has(fx, "HALOPSA_CLIENT_ID contains a control character");
}

static void test_env_overrides_file(void **state)
{
	struct fx *fx = *state;

	setenv("HALOPSA_BASE_URL", "https://env.example.com", 1);
	setenv("HALOPSA_CLIENT_ID", "env-id", 1);
	setenv("HALOPSA_CLIENT_SECRET", "env-secret", 1);
	assert_int_equal(load_text(fx,
		"profiles:\n"
		"  work:\n"
		"    base_url: https://file.example.com\n"
		"    tenant: filetenant\n"
		"    client_id: file-id\n"
		"    client_secret_cmd: exit 3\n", NULL), HALO_OK);
	assert_string_equal(fx->s.base_url, "https://env.example.com");
	assert_string_equal(fx->s.tenant, "filetenant");
	assert_string_equal(fx->s.client_id, "env-id");
	assert_string_equal(fx->s.client_secret, "env-secret");
	/* The env secret wins: the failing command is never run. */
	assert_int_equal(settings_resolve_secret(&fx->s, &fx->err), HALO_OK);
	assert_string_equal(fx->s.client_secret, "env-secret");
}

/* ---- Finding the file --------------------------------------------------- */

static void test_default_path_xdg(void **state)
{
	struct fx *fx = *state;
	static const char text[] = "profiles:\n  w:\n    client_id: x\n";

	write_file(fx, "xdg/halotui/config.yaml", text, strlen(text), 0600);
	assert_int_equal(settings_load(&fx->s, NULL, NULL, &fx->err), HALO_OK);
	assert_string_equal(fx->s.path, fx->path);
	assert_string_equal(fx->s.profile, "w");
	assert_string_equal(fx->s.client_id, "x");
}

static void test_default_path_home(void **state)
{
	struct fx *fx = *state;
	static const char text[] = "profiles:\n  h:\n    client_id: y\n";

	write_file(fx, "home/.config/halotui/config.yaml", text, strlen(text),
	           0600);
	unsetenv("XDG_CONFIG_HOME");
	assert_int_equal(settings_load(&fx->s, NULL, NULL, &fx->err), HALO_OK);
	assert_string_equal(fx->s.path, fx->path);
	assert_string_equal(fx->s.client_id, "y");
	settings_done(&fx->s);
	/* A relative XDG_CONFIG_HOME is ignored, as the XDG spec says. */
	setenv("XDG_CONFIG_HOME", "relative/dir", 1);
	assert_int_equal(settings_load(&fx->s, NULL, NULL, &fx->err), HALO_OK);
	assert_string_equal(fx->s.path, fx->path);
}

static void test_explicit_missing(void **state)
{
	struct fx *fx = *state;
	char path[600], want[700];

	snprintf(path, sizeof path, "%s/nope.yaml", fx->dir);
	assert_int_equal(settings_load(&fx->s, path, NULL, &fx->err),
	                 HALO_ECONFIG);
	snprintf(want, sizeof want, "%s: cannot open: No such file or "
	         "directory", path);
	assert_string_equal(fx->err.msg, want);
	assert_null(fx->s.path);
}

static void test_not_regular(void **state)
{
	struct fx *fx = *state;
	char want[700];

	assert_int_equal(settings_load(&fx->s, fx->dir, NULL, &fx->err),
	                 HALO_ECONFIG);
	snprintf(want, sizeof want, "%s: not a regular file", fx->dir);
	assert_string_equal(fx->err.msg, want);
	/* A FIFO must be refused without blocking in open(). */
	snprintf(fx->path, sizeof fx->path, "%s/fifo", fx->dir);
	assert_int_equal(mkfifo(fx->path, 0600), 0);
	assert_int_equal(settings_load(&fx->s, fx->path, NULL, &fx->err),
	                 HALO_ECONFIG);
	assert_msg_has(fx, "not a regular file");
}

static void test_profile_without_file(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(settings_load(&fx->s, NULL, "work", &fx->err),
	                 HALO_ECONFIG);
	assert_msg_has(fx, "profile 'work' not found: no config file (");
	assert_msg_has(fx, "/xdg/halotui/config.yaml)");
}

static void test_empty_and_comments(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load_text(fx, "", NULL), HALO_OK);
	assert_string_equal(fx->s.path, fx->path);
	assert_null(fx->s.profile);
	assert_string_equal(fx->s.scope, "all");
	settings_done(&fx->s);
	assert_int_equal(load_text(fx, "# nothing yet\n\n   # really\n", NULL),
	                 HALO_OK);
	assert_null(fx->s.profile);
	settings_done(&fx->s);
	assert_int_equal(load_text(fx, "---\n~\n", NULL), HALO_OK);
	settings_done(&fx->s);
	assert_int_equal(load_text(fx, "profiles:\nkeys: ~\nviews:\n", NULL),
	                 HALO_OK);
	assert_null(fx->s.profile);
	assert_int_equal(settings_check_session(&fx->s, &fx->err),
	                 HALO_ECONFIG);
	assert_msg_has(fx, "no base_url: set base_url in a profile of ");
	assert_msg_has(fx, "config.yaml or HALOPSA_BASE_URL");
}

/* ---- Profiles ----------------------------------------------------------- */

static void test_full_profile(void **state)
{
	struct fx *fx = *state;
	char want[300];

	assert_int_equal(load_text(fx,
		"theme: dark\n"
		"mouse: off\n"
		"profiles:\n"
		"  work:\n"
		"    base_url: https://acme.halopsa.com/\n"
		"    tenant: acme\n"
		"    client_id: abc\n"
		"    client_secret: xyz\n"
		"    auth_url: https://auth.acme.com/auth/\n"
		"    scope: all edit:tickets\n"
		"    ca_file: ~/ca.pem\n"
		"    page_size: 100\n"
		"    connect_timeout: 2.5\n"
		"    request_timeout: 45\n"
		"    max_attempts: 20\n"
		"    backoff_max: 0\n"
		"    rate_limit: 20\n"
		"    rate_window: 2.5\n"
		"    theme: light\n", NULL), HALO_OK);
	assert_string_equal(fx->s.profile, "work");
	assert_string_equal(fx->s.base_url, "https://acme.halopsa.com");
	assert_string_equal(fx->s.tenant, "acme");
	assert_string_equal(fx->s.client_id, "abc");
	assert_string_equal(fx->s.client_secret, "xyz");
	assert_null(fx->s.client_secret_cmd);
	assert_string_equal(fx->s.auth_url, "https://auth.acme.com/auth");
	assert_string_equal(fx->s.scope, "all edit:tickets");
	snprintf(want, sizeof want, "%s/home/ca.pem", fx->dir);
	assert_string_equal(fx->s.ca_file, want);
	assert_int_equal(fx->s.page_size, 100);
	assert_int_equal(fx->s.connect_timeout_ms, 2500);
	assert_int_equal(fx->s.request_timeout_ms, 45000);
	assert_int_equal(fx->s.max_attempts, 20);
	assert_int_equal(fx->s.backoff_max_ms, 0);
	assert_int_equal(fx->s.rate_limit, 20);
	assert_int_equal(fx->s.rate_window_ms, 2500);
	assert_string_equal(fx->s.theme, "light");
	assert_false(fx->s.mouse);
	assert_int_equal(settings_check_session(&fx->s, &fx->err), HALO_OK);
}

static void test_profile_choice(void **state)
{
	struct fx *fx = *state;
	static const char two[] =
		"theme: top\n"
		"default_profile: home\n"
		"profiles:\n"
		"  work: {client_id: w, theme: wt}\n"
		"  home: {client_id: h}\n";

	assert_int_equal(load_text(fx, "profiles:\n  only: {client_id: o}\n",
	                           NULL), HALO_OK);
	assert_string_equal(fx->s.profile, "only");
	assert_string_equal(fx->s.client_id, "o");
	settings_done(&fx->s);
	assert_int_equal(load_text(fx, two, NULL), HALO_OK);
	assert_string_equal(fx->s.profile, "home");
	assert_string_equal(fx->s.client_id, "h");
	assert_string_equal(fx->s.theme, "top");
	settings_done(&fx->s);
	/* -p wins over default_profile; the profile's theme over the top's. */
	assert_int_equal(load_text(fx, two, "work"), HALO_OK);
	assert_string_equal(fx->s.profile, "work");
	assert_string_equal(fx->s.client_id, "w");
	assert_string_equal(fx->s.theme, "wt");
}

static void test_profile_ambiguous(void **state)
{
	struct fx *fx = *state;

	expect_error(fx, "profiles:\n  a: {}\n  b: {}\n", 2, 3,
	             "2 profiles (a, b) and no default_profile; add "
	             "default_profile: NAME");
}

static void test_profile_not_found(void **state)
{
	struct fx *fx = *state;
	char want[700];

	assert_int_equal(load_text(fx, "profiles:\n  work: {}\n  home: {}\n",
	                           "x"), HALO_ECONFIG);
	snprintf(want, sizeof want, "%s: profile 'x' not found (profiles: "
	         "work, home)", fx->path);
	assert_string_equal(fx->err.msg, want);
	assert_int_equal(load_text(fx, "theme: t\n", "x"), HALO_ECONFIG);
	snprintf(want, sizeof want, "%s: profile 'x' not found (it has no "
	         "profiles)", fx->path);
	assert_string_equal(fx->err.msg, want);
	expect_error(fx, "default_profile: wrok\nprofiles:\n  work: {}\n", 1, 18,
	             "default_profile 'wrok' is not a profile (profiles: "
	             "work)");
	expect_error(fx, "default_profile: x\n", 1, 18,
	             "default_profile 'x' is not a profile (it has no "
	             "profiles)");
}

static void test_unknown_keys(void **state)
{
	struct fx *fx = *state;

	expect_error(fx, "profiles:\n  work:\n    clientid: abc\n", 3, 5,
	             "unknown key 'clientid' in profile 'work' (did you mean "
	             "client_id?)");
	expect_error(fx, "profile:\n  work: {}\n", 1, 1,
	             "unknown key 'profile' (did you mean profiles?)");
	expect_error(fx, "colour: red\n", 1, 1,
	             "unknown key 'colour' (known keys: default_profile, "
	             "profiles, theme, mouse, keys, views, osc52, hyperlinks)");
	expect_error(fx, "hyperlinks: maybe\n", 1, 13,
	             "hyperlinks must be auto, on or off (got maybe)");
	expect_error(fx, "osc52: perhaps\n", 1, 8,
	             "osc52 must be true or false (got perhaps)");
	/* mouse is top-level only. */
	expect_error(fx, "profiles:\n  w:\n    mouse: true\n", 3, 5,
	             "unknown key 'mouse' in profile 'w' (known keys: base_url,");
}

static void test_duplicate_key(void **state)
{
	struct fx *fx = *state;

	expect_error(fx, "profiles:\n  w:\n    tenant: a\n    tenant: b\n", 4, 5,
	             "duplicate key 'tenant' in profile 'w' (first at line 3)");
	expect_error(fx, "theme: a\ntheme: b\n", 2, 1,
	             "duplicate key 'theme' (first at line 1)");
}

static void test_page_size(void **state)
{
	struct fx *fx = *state;

	expect_error(fx, "profiles:\n  w:\n    page_size: 500\n", 3, 16,
	             "page_size must be a whole number from 1 to 100 (got 500)");
	expect_error(fx, "profiles:\n  w:\n    page_size: 0\n", 3, 16,
	             "(got 0)");
	expect_error(fx, "profiles:\n  w:\n    page_size: -5\n", 3, 16,
	             "(got -5)");
	expect_error(fx, "profiles:\n  w:\n    page_size: 5.5\n", 3, 16,
	             "(got 5.5)");
	expect_error(fx, "profiles:\n  w:\n    page_size: 99999999999999\n", 3,
	             16, "page_size must be a whole number");
	assert_int_equal(load_text(fx, "profiles:\n  w: {page_size: \"1\"}\n",
	                           NULL), HALO_OK);
	assert_int_equal(fx->s.page_size, 1);
}

static void test_attempts_and_durations(void **state)
{
	struct fx *fx = *state;

	expect_error(fx, "profiles:\n  w:\n    max_attempts: 21\n", 3, 19,
	             "max_attempts must be a whole number from 1 to 20 "
	             "(got 21)");
	expect_error(fx, "profiles:\n  w:\n    connect_timeout: 0\n", 3, 22,
	             "connect_timeout must be a number of seconds from 1 to "
	             "300 (got 0)");
	expect_error(fx, "profiles:\n  w:\n    request_timeout: 10s\n", 3, 22,
	             "request_timeout must be a number of seconds from 1 to "
	             "3600 (got 10s)");
	expect_error(fx, "profiles:\n  w:\n    backoff_max: 1.2345\n", 3, 18,
	             "backoff_max must be a number of seconds");
	expect_error(fx, "profiles:\n  w:\n    backoff_max: 3601\n", 3, 18,
	             "from 0 to 3600 (got 3601)");
	expect_error(fx, "profiles:\n  w:\n    rate_limit: 0\n", 3, 17,
	             "rate_limit must be a whole number from 1 to 100000 "
	             "(got 0)");
	expect_error(fx, "profiles:\n  w:\n    rate_window: 0.5\n", 3, 18,
	             "rate_window must be a number of seconds from 1 to "
	             "86400 (got 0.5)");
	expect_error(fx, "profiles:\n  w:\n    connect_timeout: .5\n", 3, 22,
	             "(got .5)");
	assert_int_equal(load_text(fx, "profiles:\n  w:\n    backoff_max: 0.25\n"
	                           "    connect_timeout: 300\n", NULL), HALO_OK);
	assert_int_equal(fx->s.backoff_max_ms, 250);
	assert_int_equal(fx->s.connect_timeout_ms, 300000);
}

static void test_wrong_types(void **state)
{
	struct fx *fx = *state;

	expect_error(fx, "profiles:\n  w:\n    base_url: {a: b}\n", 3, 15,
	             "base_url must be a single value, not a mapping");
	expect_error(fx, "profiles:\n  w:\n    page_size: [1]\n", 3, 16,
	             "page_size must be a single value, not a list");
	expect_error(fx, "profiles:\n  - w\n", 2, 3,
	             "profiles must be a mapping of profile names to settings, "
	             "not a list");
	expect_error(fx, "profiles:\n  w: 5\n", 2, 6,
	             "profile 'w' must be a mapping of settings");
	expect_error(fx, "- a\n- b\n", 1, 1,
	             "the top level must be a mapping (key: value lines), not "
	             "a list");
	expect_error(fx, "profiles:\n  w:\n    ? [a]\n    : b\n", 3, 7,
	             "a key must be a single value, not a list");
	expect_error(fx, "default_profile: [a]\n", 1, 18,
	             "default_profile must be a single value, not a list");
	expect_error(fx, "profiles:\n  w:\n    client_id: \"a\\tb\"\n", 3, 16,
	             "client_id contains a control character");
}

static void test_booleans(void **state)
{
	struct fx *fx = *state;
	static const char *const truths[] = { "true", "Yes", "ON", "TRUE", "1" };
	static const char *const lies[] = { "false", "no", "Off", "NO", "0" };
	char text[64];
	size_t i;

	/* The one yes/no grammar of the command line and the TUI. */
	for (i = 0; i < 5; i++) {
		snprintf(text, sizeof text, "mouse: %s\n", lies[i]);
		assert_int_equal(load_text(fx, text, NULL), HALO_OK);
		assert_false(fx->s.mouse);
		snprintf(text, sizeof text, "mouse: %s\n", truths[i]);
		assert_int_equal(load_text(fx, text, NULL), HALO_OK);
		assert_true(fx->s.mouse);
	}
	expect_error(fx, "mouse: maybe\n", 1, 8,
	             "mouse must be true or false (got maybe)");
	expect_error(fx, "mouse: 2\n", 1, 8, "(got 2)");
}

/* read_only: a yes/no of a profile; settings_check_write says which
 * profile refuses and how to change that. */
static void test_read_only(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load_text(fx, "profiles:\n  w: {client_id: x}\n",
	                           NULL), HALO_OK);
	assert_false(fx->s.read_only);
	assert_int_equal(settings_check_write(&fx->s, &fx->err), HALO_OK);
	assert_int_equal(load_text(fx, "profiles:\n  w:\n    read_only: yes\n",
	                           NULL), HALO_OK);
	assert_true(fx->s.read_only);
	assert_int_equal(settings_check_write(&fx->s, &fx->err),
	                 HALO_EREADONLY);
	assert_string_equal(fx->err.msg, "profile 'w' is read-only: nothing was "
	                    "sent (remove read_only or --read-only to make "
	                    "changes)");
	assert_int_equal(load_text(fx, "profiles:\n  w: {read_only: Off}\n",
	                           NULL), HALO_OK);
	assert_false(fx->s.read_only);
	/* Another profile's read_only is its own. */
	assert_int_equal(load_text(fx, "profiles:\n  a: {read_only: true}\n"
	                           "  b: {}\n", "b"), HALO_OK);
	assert_false(fx->s.read_only);
	expect_error(fx, "profiles:\n  w:\n    read_only: sometimes\n", 3, 16,
	             "read_only must be true or false (got sometimes)");
	expect_error(fx, "profiles:\n  w:\n    read_only: [yes]\n", 3, 16,
	             "read_only must be a single value, not a list");
	expect_error(fx, "profiles:\n  w:\n    readonly: true\n", 3, 5,
	             "unknown key 'readonly' in profile 'w' (did you mean "
	             "read_only?)");
	/* No profile (the environment only): --read-only said so. */
	settings_done(&fx->s);
	fx->s.read_only = true;
	assert_int_equal(settings_check_write(&fx->s, &fx->err),
	                 HALO_EREADONLY);
	assert_msg_has(fx, "(--read-only): nothing was sent (remove --read-only");
}

static void test_secret_and_cmd(void **state)
{
	struct fx *fx = *state;

	expect_error(fx, "profiles:\n  w:\n    client_secret: a\n"
	             "    client_secret_cmd: pass halo\n", 4, 5,
	             "profile 'w' sets both client_secret and "
	             "client_secret_cmd; keep one");
}

static void test_other_profile_checked(void **state)
{
	struct fx *fx = *state;

	/* A mistake in a profile not in use is still reported. */
	assert_int_equal(load_text(fx, "profiles:\n  a: {client_id: x}\n"
	                           "  b: {page_size: 0}\n", "a"), HALO_ECONFIG);
	assert_at(fx, 3, 18);
	assert_msg_has(fx, "page_size must be a whole number");
}

/* ---- URLs --------------------------------------------------------------- */

static void expect_base_url(struct fx *fx, const char *in, const char *out)
{
	char text[300];

	snprintf(text, sizeof text, "profiles:\n  w:\n    base_url: %s\n", in);
	assert_int_equal(load_text(fx, text, NULL), HALO_OK);
	assert_string_equal(fx->s.base_url, out);
	settings_done(&fx->s);
}

static void test_base_url_strip(void **state)
{
	struct fx *fx = *state;

	expect_base_url(fx, "https://acme.halopsa.com", "https://acme.halopsa.com");
	expect_base_url(fx, "https://acme.halopsa.com///",
	                "https://acme.halopsa.com");
	expect_base_url(fx, "https://acme.halopsa.com/api",
	                "https://acme.halopsa.com");
	expect_base_url(fx, "https://acme.halopsa.com/API/",
	                "https://acme.halopsa.com");
	expect_base_url(fx, "https://host:8443/halo/api/",
	                "https://host:8443/halo");
	/* A host called "api" is a host, not the API path. */
	expect_base_url(fx, "https://api/", "https://api");
	expect_base_url(fx, "https://acme.com/apis", "https://acme.com/apis");
}

static void test_loopback_http(void **state)
{
	struct fx *fx = *state;

	expect_base_url(fx, "http://127.0.0.1:8080/", "http://127.0.0.1:8080");
	expect_base_url(fx, "http://localhost", "http://localhost");
	expect_base_url(fx, "http://LocalHost:9/api", "http://LocalHost:9");
	expect_base_url(fx, "\"http://[::1]:8443\"", "http://[::1]:8443");
	expect_base_url(fx, "https://[2001:db8::1]/", "https://[2001:db8::1]");
}

static void test_http_refused(void **state)
{
	struct fx *fx = *state;

	expect_error(fx, "profiles:\n  w:\n    base_url: http://acme.example.com"
	             "\n", 3, 15, "base_url 'http://acme.example.com' sends "
	             "the secret in clear; use https:// (http:// is allowed "
	             "only for 127.0.0.1, ::1 or localhost)");
	expect_error(fx, "profiles:\n  w:\n    base_url: "
	             "http://127.0.0.1.evil.com\n", 3, 15, "sends the secret "
	             "in clear");
	expect_error(fx, "profiles:\n  w:\n    base_url: http://localhost.evil"
	             "\n", 3, 15, "sends the secret in clear");
	expect_error(fx, "profiles:\n  w:\n    base_url: \"http://[::2]\"\n", 3,
	             15, "sends the secret in clear");
	expect_error(fx, "profiles:\n  w:\n    auth_url: http://auth.example.com"
	             "\n", 3, 15, "auth_url 'http://auth.example.com' sends "
	             "the secret in clear");
}

static void test_bad_urls(void **state)
{
	struct fx *fx = *state;

	expect_error(fx, "profiles:\n  w:\n    base_url: acme.halopsa.com\n", 3,
	             15, "base_url 'acme.halopsa.com' must start with https://");
	expect_error(fx, "profiles:\n  w:\n    base_url: ftp://a.com\n", 3, 15,
	             "must start with https://");
	expect_error(fx, "profiles:\n  w:\n    base_url: https://\n", 3, 15,
	             "base_url 'https://' needs a host name");
	expect_error(fx, "profiles:\n  w:\n    base_url: https://a.com:x/\n", 3,
	             15, "needs a host name (and at most a :port)");
	expect_error(fx, "profiles:\n  w:\n    base_url: https://a.com/?x=1\n",
	             3, 15, "must not have a query (?) or fragment (#)");
	expect_error(fx, "profiles:\n  w:\n    base_url: \"https://a .com\"\n",
	             3, 15, "base_url must not contain spaces");
	/* Credentials in the URL: refused, and not echoed. */
	expect_error(fx, "profiles:\n  w:\n    base_url: "
	             "http://127.0.0.1@evil.com\n", 3, 15,
	             "base_url must not hold a user name or password");
	expect_error(fx, "profiles:\n  w:\n    base_url: "
	             "https://me:hunter2@a.com\n", 3, 15,
	             "must not hold a user name");
	assert_msg_lacks(fx, "hunter2");
}

/* ---- File permissions --------------------------------------------------- */

static const char secret_text[] =
	"profiles:\n  w:\n    base_url: https://a.com\n    client_secret: xyz\n";

static void test_mode_refused(void **state)
{
	struct fx *fx = *state;
	char want[900];

	write_file(fx, "config.yaml", secret_text, strlen(secret_text), 0644);
	assert_int_equal(settings_load(&fx->s, fx->path, NULL, &fx->err),
	                 HALO_ECONFIG);
	snprintf(want, sizeof want, "%s: holds client_secret but is readable "
	         "by group or others (mode 0644); run: chmod 600 %s", fx->path,
	         fx->path);
	assert_string_equal(fx->err.msg, want);
	assert_null(fx->s.client_secret);

	write_file(fx, "config.yaml", secret_text, strlen(secret_text), 0620);
	assert_int_equal(settings_load(&fx->s, fx->path, NULL, &fx->err),
	                 HALO_ECONFIG);
	assert_msg_has(fx, "is writable by group or others (mode 0620)");

	write_file(fx, "my config.yaml", secret_text, strlen(secret_text), 0604);
	assert_int_equal(settings_load(&fx->s, fx->path, NULL, &fx->err),
	                 HALO_ECONFIG);
	snprintf(want, sizeof want, "run: chmod 600 '%s'", fx->path);
	assert_msg_has(fx, want);
}

static void test_mode_ok(void **state)
{
	struct fx *fx = *state;
	static const char cmd_text[] =
		"profiles:\n  w:\n    client_secret_cmd: pass halo\n";

	write_file(fx, "config.yaml", secret_text, strlen(secret_text), 0600);
	assert_int_equal(settings_load(&fx->s, fx->path, NULL, &fx->err),
	                 HALO_OK);
	assert_string_equal(fx->s.client_secret, "xyz");
	settings_done(&fx->s);
	write_file(fx, "config.yaml", secret_text, strlen(secret_text), 0400);
	assert_int_equal(settings_load(&fx->s, fx->path, NULL, &fx->err),
	                 HALO_OK);
	settings_done(&fx->s);
	/* No literal secret: a readable file is fine. */
	write_file(fx, "config.yaml", cmd_text, strlen(cmd_text), 0644);
	assert_int_equal(settings_load(&fx->s, fx->path, NULL, &fx->err),
	                 HALO_OK);
	assert_string_equal(fx->s.client_secret_cmd, "pass halo");
	assert_null(fx->s.client_secret);
}

static void test_mode_other_profile(void **state)
{
	struct fx *fx = *state;
	static const char text[] =
		"profiles:\n  a: {client_id: x}\n  b: {client_secret: y}\n";

	/* The secret sits in the file whichever profile is used. */
	write_file(fx, "config.yaml", text, strlen(text), 0640);
	assert_int_equal(settings_load(&fx->s, fx->path, "a", &fx->err),
	                 HALO_ECONFIG);
	assert_msg_has(fx, "holds client_secret but is readable by group or "
	               "others (mode 0640)");
}

static const char cmd_text[] =
	"profiles:\n  w:\n    base_url: https://a.com\n"
	"    client_secret_cmd: pass halo\n";

/* Whoever can write the file chooses the command halotui runs. */
static void test_cmd_mode_refused(void **state)
{
	struct fx *fx = *state;
	static const char other[] =
		"profiles:\n  a: {client_id: x}\n  b: {client_secret_cmd: y}\n";
	static const mode_t modes[] = { 0664, 0646, 0620, 0602, 0777 };
	char want[900];

	for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
		write_file(fx, "config.yaml", cmd_text, strlen(cmd_text),
		           modes[i]);
		assert_int_equal(settings_load(&fx->s, fx->path, NULL, &fx->err),
		                 HALO_ECONFIG);
		snprintf(want, sizeof want, "%s: holds client_secret_cmd, a "
		         "command halotui runs, but is writable by group or "
		         "others (mode %04o); run: chmod go-w %s", fx->path,
		         (unsigned)modes[i], fx->path);
		assert_string_equal(fx->err.msg, want);
		assert_null(fx->s.client_secret_cmd);
	}
	/* In a profile not used, too: the file is the same file. */
	write_file(fx, "config.yaml", other, strlen(other), 0660);
	assert_int_equal(settings_load(&fx->s, fx->path, "a", &fx->err),
	                 HALO_ECONFIG);
	assert_msg_has(fx, "writable by group or others (mode 0660)");
	/* Readable is fine: the command is no secret. */
	write_file(fx, "config.yaml", cmd_text, strlen(cmd_text), 0644);
	assert_int_equal(settings_load(&fx->s, fx->path, NULL, &fx->err),
	                 HALO_OK);
	settings_done(&fx->s);
	write_file(fx, "config.yaml", cmd_text, strlen(cmd_text), 0400);
	assert_int_equal(settings_load(&fx->s, fx->path, NULL, &fx->err),
	                 HALO_OK);
}

/* A file another user owns is theirs to change; root's is fine. */
static void test_owner_refused(void **state)
{
	struct fx *fx = *state;
	char want[900];

	if (geteuid() != 0)
		skip();   /* only root can give a file away */
	write_file(fx, "config.yaml", cmd_text, strlen(cmd_text), 0600);
	assert_int_equal(chown(fx->path, 65534, 65534), 0);
	assert_int_equal(settings_load(&fx->s, fx->path, NULL, &fx->err),
	                 HALO_ECONFIG);
	snprintf(want, sizeof want, "%s: holds client_secret_cmd but belongs "
	         "to another user (uid 65534), who can change it; run: sudo "
	         "chown root %s", fx->path, fx->path);
	assert_string_equal(fx->err.msg, want);
	assert_null(fx->s.client_secret_cmd);

	write_file(fx, "config.yaml", secret_text, strlen(secret_text), 0600);
	assert_int_equal(chown(fx->path, 65534, 65534), 0);
	assert_int_equal(settings_load(&fx->s, fx->path, NULL, &fx->err),
	                 HALO_ECONFIG);
	assert_msg_has(fx, "holds client_secret but belongs to another user");
	assert_null(fx->s.client_secret);

	/* Neither secret nor command: whose it is does not matter. */
	write_file(fx, "config.yaml", "theme: mono\n", 12, 0644);
	assert_int_equal(chown(fx->path, 65534, 65534), 0);
	assert_int_equal(settings_load(&fx->s, fx->path, NULL, &fx->err),
	                 HALO_OK);
	settings_done(&fx->s);
	/* Root's own file (we are root here). */
	write_file(fx, "config.yaml", cmd_text, strlen(cmd_text), 0600);
	assert_int_equal(chown(fx->path, 0, 0), 0);
	assert_int_equal(settings_load(&fx->s, fx->path, NULL, &fx->err),
	                 HALO_OK);
}

/* ---- client_secret_cmd -------------------------------------------------- */

static enum halo_status run_cmd(struct fx *fx, const char *cmd)
{
	settings_done(&fx->s);
	fx->s.client_secret_cmd = strdup(cmd);
	assert_non_null(fx->s.client_secret_cmd);
	return settings_resolve_secret(&fx->s, &fx->err);
}

static void test_secret_cmd_ok(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load_text(fx, "profiles:\n  w:\n    client_secret_cmd:"
	                           " \"printf 'first\\\\nsecond\\\\n'\"\n",
	                           NULL), HALO_OK);
	assert_string_equal(fx->s.client_secret_cmd,
	                    "printf 'first\\nsecond\\n'");
	assert_int_equal(settings_resolve_secret(&fx->s, &fx->err), HALO_OK);
	assert_string_equal(fx->s.client_secret, "first");
	/* Resolved once: a second call keeps the secret. */
	assert_int_equal(settings_resolve_secret(&fx->s, &fx->err), HALO_OK);
	assert_string_equal(fx->s.client_secret, "first");

	assert_int_equal(run_cmd(fx, "printf 'crlf\\r\\n'"), HALO_OK);
	assert_string_equal(fx->s.client_secret, "crlf");
	assert_int_equal(run_cmd(fx, "printf 'no-newline'"), HALO_OK);
	assert_string_equal(fx->s.client_secret, "no-newline");
	/* Output after the first line is read and dropped; no SIGPIPE. */
	assert_int_equal(run_cmd(fx, "echo tok; head -c 200000 /dev/zero"),
	                 HALO_OK);
	assert_string_equal(fx->s.client_secret, "tok");
}

static void test_secret_cmd_fails(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(run_cmd(fx, "echo leaked-output; exit 3"),
	                 HALO_ECONFIG);
	assert_msg_has(fx, "client_secret_cmd 'echo leaked-output; exit 3' "
	               "failed (exit status 3)");
	assert_null(fx->s.client_secret);
	/* Endless output: read up to a cap, then the pipe is closed. The
	 * command dies of SIGPIPE even when the caller ignores it. */
	signal(SIGPIPE, SIG_IGN);
	assert_int_equal(run_cmd(fx, "exec yes"), HALO_ECONFIG);
	signal(SIGPIPE, SIG_DFL);
	assert_msg_has(fx, "client_secret_cmd 'exec yes' was killed by signal 13");
	assert_null(fx->s.client_secret);
}

static void test_secret_cmd_output_not_leaked(void **state)
{
	struct fx *fx = *state;

	/* The output spells a word that the command text does not hold. */
	assert_int_equal(run_cmd(fx, "printf 'hun'; printf 'ter2'; exit 1"),
	                 HALO_ECONFIG);
	assert_msg_has(fx, "failed (exit status 1)");
	assert_msg_lacks(fx, "hunter2");
	assert_int_equal(run_cmd(fx, "printf 'hun'; printf 'ter2\\n'; "
	                         "kill -9 $$"), HALO_ECONFIG);
	assert_msg_has(fx, "was killed by signal 9");
	assert_msg_lacks(fx, "hunter2");
	assert_null(fx->s.client_secret);
}

static void test_secret_cmd_empty(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(run_cmd(fx, "true"), HALO_ECONFIG);
	assert_msg_has(fx, "client_secret_cmd 'true' printed nothing on its "
	               "first line (exit status 0)");
	assert_int_equal(run_cmd(fx, "printf '\\nsec'; printf 'ond\\n'"),
	                 HALO_ECONFIG);
	assert_msg_has(fx, "printed nothing on its first line");
	assert_msg_lacks(fx, "second");
	/* stdin is /dev/null: cat ends at once instead of waiting. */
	assert_int_equal(run_cmd(fx, "cat"), HALO_ECONFIG);
	assert_msg_has(fx, "printed nothing");
	assert_int_equal(run_cmd(fx, "head -c 5000 /dev/zero | tr '\\0' x"),
	                 HALO_ECONFIG);
	assert_msg_has(fx, "printed a first line longer than 4095 bytes");
	assert_msg_lacks(fx, "xxx");
}

static void test_secret_cmd_names_profile(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load_text(fx, "profiles:\n  work:\n"
	                           "    client_secret_cmd: exit 7\n", NULL),
	                 HALO_OK);
	assert_int_equal(settings_resolve_secret(&fx->s, &fx->err),
	                 HALO_ECONFIG);
	assert_msg_has(fx, "client_secret_cmd 'exit 7' of profile 'work' in ");
	assert_msg_has(fx, "failed (exit status 7)");
}

static void test_resolve_nothing(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(settings_resolve_secret(&fx->s, &fx->err), HALO_OK);
	assert_null(fx->s.client_secret);
}

static void test_check_session(void **state)
{
	struct fx *fx = *state;
	char want[900];

	assert_int_equal(load_text(fx, "profiles:\n  work:\n"
	                           "    base_url: https://a.com\n", NULL),
	                 HALO_OK);
	assert_int_equal(settings_check_session(&fx->s, &fx->err),
	                 HALO_ECONFIG);
	snprintf(want, sizeof want, "no client_id: set client_id in profile "
	         "'work' of %s or HALOPSA_CLIENT_ID", fx->path);
	assert_string_equal(fx->err.msg, want);
	setenv("HALOPSA_CLIENT_ID", "id", 1);
	assert_int_equal(load_text(fx, "profiles:\n  work: {}\n", NULL), HALO_OK);
	assert_int_equal(settings_check_session(&fx->s, &fx->err),
	                 HALO_ECONFIG);
	snprintf(want, sizeof want, "no base_url: set base_url in profile "
	         "'work' of %s or HALOPSA_BASE_URL", fx->path);
	assert_string_equal(fx->err.msg, want);
	setenv("HALOPSA_BASE_URL", "https://b.com", 1);
	assert_int_equal(load_text(fx, "profiles:\n  work: {}\n", NULL), HALO_OK);
	assert_int_equal(settings_check_session(&fx->s, &fx->err),
	                 HALO_ECONFIG);
	snprintf(want, sizeof want, "no client secret: set client_secret or "
	         "client_secret_cmd in profile 'work' of %s, or "
	         "HALOPSA_CLIENT_SECRET", fx->path);
	assert_string_equal(fx->err.msg, want);
	assert_int_equal(load_text(fx, "profiles:\n  work: {client_secret_cmd: "
	                           "x}\n", NULL), HALO_OK);
	assert_int_equal(settings_check_session(&fx->s, &fx->err), HALO_OK);
}

/* ---- auth: the flows and their keys ------------------------------------- */

static void test_auth_flows(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load_text(fx, "profiles:\n  w:\n    base_url: "
	                           "https://a.com\n", NULL), HALO_OK);
	assert_int_equal(fx->s.auth, AUTH_CLIENT_CREDENTIALS);
	assert_false(settings_per_user(&fx->s));
	assert_int_equal(load_text(fx, "profiles:\n  w:\n    auth: password\n"
	                           "    username: ann@example.com\n"
	                           "    password_cmd: pass halo/ann\n", NULL),
	                 HALO_OK);
	assert_int_equal(fx->s.auth, AUTH_PASSWORD);
	assert_true(settings_per_user(&fx->s));
	assert_string_equal(fx->s.username, "ann@example.com");
	assert_string_equal(fx->s.password_cmd, "pass halo/ann");
	/* The redirect URI is kept as written (it must match Halo's). */
	assert_int_equal(load_text(fx, "profiles:\n  w:\n"
	                           "    redirect_uri: http://127.0.0.1:8765/cb/\n"
	                           "    auth: authorization_code\n", NULL),
	                 HALO_OK);
	assert_int_equal(fx->s.auth, AUTH_CODE);
	assert_string_equal(fx->s.redirect_uri, "http://127.0.0.1:8765/cb/");
	assert_int_equal(load_text(fx, "profiles:\n  w:\n    agent: Ann\n",
	                           NULL), HALO_OK);
	assert_string_equal(fx->s.agent, "Ann");
	assert_string_equal(settings_auth_name(AUTH_CODE), "authorization_code");
}

static void test_auth_errors(void **state)
{
	struct fx *fx = *state;

	expect_error(fx, "profiles:\n  w:\n    auth: oauth\n", 3, 11,
	             "auth must be client_credentials, authorization_code or "
	             "password (got 'oauth')");
	expect_error(fx, "profiles:\n  w:\n    auth: [password]\n", 3, 11,
	             "auth");
	/* A key of another flow: most likely a forgotten auth: line. */
	expect_error(fx, "profiles:\n  w:\n    username: ann\n", 3, 5,
	             "username is for auth: password, but profile 'w' uses "
	             "auth: client_credentials: add auth: password or remove "
	             "username");
	expect_error(fx, "profiles:\n  w:\n    auth: authorization_code\n"
	             "    password_cmd: x\n", 4, 5, "password_cmd is for auth: "
	             "password");
	expect_error(fx, "profiles:\n  w:\n    auth: password\n"
	             "    redirect_uri: http://127.0.0.1:1/cb\n", 4, 5,
	             "redirect_uri is for auth: authorization_code");
	expect_error(fx, "profiles:\n  w:\n    auth: password\n    agent: Ann\n",
	             4, 5, "agent says who \"me\" is for auth: "
	             "client_credentials; profile 'w' uses auth: password");
	/* An unchosen profile is checked too. */
	expect_error(fx, "default_profile: a\nprofiles:\n  a: {}\n  b:\n"
	             "    agent: x\n    auth: password\n", 5, 5, "agent says");
	expect_error(fx, "profiles:\n  w:\n    auth: authorization_code\n"
	             "    redirect_uri: http://example.com/cb\n", 4, 19,
	             "redirect_uri 'http://example.com/cb'");
	expect_error(fx, "profiles:\n  w:\n    password: x\n", 3, 5,
	             "unknown key 'password'");
}

static void test_password_cmd(void **state)
{
	struct fx *fx = *state;
	char *pw = NULL;

	assert_int_equal(load_text(fx, "profiles:\n  work:\n    auth: password\n"
	                           "    username: ann\n    password_cmd: "
	                           "\"printf 'pw1\\\\nmore'\"\n", NULL),
	                 HALO_OK);
	assert_int_equal(settings_password(&fx->s, NULL, &pw, &fx->err),
	                 HALO_OK);
	assert_string_equal(pw, "pw1");
	free(pw);
	/* The client secret is another thing: not set by it. */
	assert_null(fx->s.client_secret);
	assert_int_equal(load_text(fx, "profiles:\n  work:\n    auth: password\n"
	                           "    password_cmd: echo leaked; exit 4\n",
	                           NULL), HALO_OK);
	assert_int_equal(settings_password(&fx->s, NULL, &pw, &fx->err),
	                 HALO_ECONFIG);
	assert_null(pw);
	assert_msg_has(fx, "password_cmd 'echo leaked; exit 4' of profile "
	               "'work' in ");
	assert_msg_has(fx, "failed (exit status 4)");
	assert_msg_lacks(fx, "leaked\n");
	assert_int_equal(load_text(fx, "profiles:\n  work:\n    auth: password\n",
	                           NULL), HALO_OK);
	assert_int_equal(settings_password(&fx->s, NULL, &pw, &fx->err),
	                 HALO_EUSAGE);
}

static void test_password_cmd_mode_refused(void **state)
{
	struct fx *fx = *state;
	const char *text = "profiles:\n  w:\n    auth: password\n"
	                   "    password_cmd: pass halo\n";

	settings_done(&fx->s);
	write_file(fx, "config.yaml", text, strlen(text), 0664);
	assert_int_equal(settings_load(&fx->s, fx->path, NULL, &fx->err),
	                 HALO_ECONFIG);
	assert_msg_has(fx, "holds password_cmd, a command halotui runs, but is "
	               "writable by group or others (mode 0664)");
}

static void test_check_session_per_user(void **state)
{
	struct fx *fx = *state;

	/* Halo's applications for people have no secret. */
	assert_int_equal(load_text(fx, "profiles:\n  w:\n    base_url: "
	                           "https://a.com\n    client_id: app\n"
	                           "    auth: password\n    username: ann\n",
	                           NULL), HALO_OK);
	assert_int_equal(settings_check_session(&fx->s, &fx->err), HALO_OK);
	assert_int_equal(load_text(fx, "profiles:\n  w:\n    base_url: "
	                           "https://a.com\n    client_id: app\n", NULL),
	                 HALO_OK);
	assert_int_equal(settings_check_session(&fx->s, &fx->err),
	                 HALO_ECONFIG);
}

/* Whether word occurs in text with no letter, digit or '_' around it. */
static bool has_word(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = text; (p = strstr(p, word)); p++) {
		char before = p == text ? ' ' : p[-1], after = p[n];

		if (!(before == '_' || (before >= 'a' && before <= 'z') ||
		      (before >= '0' && before <= '9')) &&
		    !(after == '_' || (after >= 'a' && after <= 'z') ||
		      (after >= '0' && after <= '9')))
			return true;
	}
	return false;
}

static char *slurp_doc(const char *rel)
{
	char path[1024], *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof path, "%s/%s", HALOTUI_SRCDIR, rel);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Every profile key is in the man page and in doc/configuration.md. */
static void test_every_profile_key_documented(void **state)
{
	char *man = slurp_doc("doc/halotui.1");
	char *conf = slurp_doc("doc/configuration.md");
	const char *key;
	size_t i;

	(void)state;
	for (i = 0; (key = settings_profile_key(i)); i++) {
		if (!has_word(man, key))
			fail_msg("doc/halotui.1 does not name profile key %s", key);
		if (!has_word(conf, key))
			fail_msg("doc/configuration.md does not name profile key %s",
			         key);
	}
	assert_true(i > 20);
	free(man);
	free(conf);
}

/* ---- keys and views ----------------------------------------------------- */

static void test_keys(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load_text(fx,
		"keys:\n"
		"  quit: q\n"
		"  move-down: [j, Down]\n"
		"  page-up:\n"
		"    - PgUp\n"
		"    - \"C-b\"\n"
		"  refresh: ~\n", NULL), HALO_OK);
	assert_int_equal(fx->s.nkeys, 5);
	assert_string_equal(fx->s.keys[0].action, "quit");
	assert_string_equal(fx->s.keys[0].key, "q");
	assert_int_equal(fx->s.keys[0].line, 2);
	assert_int_equal(fx->s.keys[0].col, 9);
	assert_string_equal(fx->s.keys[1].action, "move-down");
	assert_string_equal(fx->s.keys[1].key, "j");
	assert_int_equal(fx->s.keys[1].line, 3);
	assert_int_equal(fx->s.keys[1].col, 15);
	assert_string_equal(fx->s.keys[2].key, "Down");
	assert_int_equal(fx->s.keys[2].col, 18);
	assert_string_equal(fx->s.keys[3].action, "page-up");
	assert_string_equal(fx->s.keys[3].key, "PgUp");
	assert_int_equal(fx->s.keys[3].line, 5);
	assert_int_equal(fx->s.keys[3].col, 7);
	assert_string_equal(fx->s.keys[4].key, "C-b");
	assert_int_equal(fx->s.keys[4].line, 6);
}

static void test_keys_errors(void **state)
{
	struct fx *fx = *state;

	expect_error(fx, "keys: [q]\n", 1, 7,
	             "keys must be a mapping of action names to keys, not a "
	             "list");
	expect_error(fx, "keys:\n  quit: []\n", 2, 9,
	             "keys for 'quit' is an empty list; give at least one key");
	expect_error(fx, "keys:\n  quit: {a: b}\n", 2, 9,
	             "keys for 'quit' must be a key name or a list of key "
	             "names, not a mapping");
	expect_error(fx, "keys:\n  quit: [q, ~]\n", 2, 13,
	             "empty key name for 'quit'");
	expect_error(fx, "keys:\n  quit: [q, [x]]\n", 2, 13,
	             "a key name must be a single value, not a list");
	expect_error(fx, "keys:\n  quit: q\n  quit: x\n", 3, 3,
	             "duplicate key 'quit' in keys (first at line 2)");
}

static void test_views(void **state)
{
	struct fx *fx = *state;
	const struct settings_view *v;

	assert_int_equal(load_text(fx,
		"views:\n"
		"  my-open:\n"
		"    resource: tickets\n"
		"    search: printer\n"
		"    filters: {agent_id: 3, open_only: true, status: ~}\n"
		"    sort: dateoccurred\n"
		"    desc: true\n"
		"  assets:\n"
		"    resource: assets\n", NULL), HALO_OK);
	assert_int_equal(fx->s.nviews, 2);
	v = &fx->s.views[0];
	assert_string_equal(v->name, "my-open");
	assert_string_equal(v->resource, "tickets");
	assert_string_equal(v->search, "printer");
	assert_int_equal(v->nfilters, 2);
	assert_string_equal(v->filters[0].key, "agent_id");
	assert_string_equal(v->filters[0].value, "3");
	assert_int_equal(v->filters[0].line, 5);
	assert_int_equal(v->filters[0].col, 25);
	assert_int_equal(v->line, 2);
	assert_int_equal(v->col, 3);
	assert_string_equal(v->filters[1].key, "open_only");
	assert_string_equal(v->filters[1].value, "true");
	assert_string_equal(v->sort, "dateoccurred");
	assert_true(v->desc);
	v = &fx->s.views[1];
	assert_string_equal(v->name, "assets");
	assert_string_equal(v->resource, "assets");
	assert_null(v->search);
	assert_null(v->sort);
	assert_int_equal(v->nfilters, 0);
	assert_false(v->desc);
}

static void test_views_errors(void **state)
{
	struct fx *fx = *state;

	expect_error(fx, "views:\n  mine:\n    search: x\n", 2, 3,
	             "view 'mine' needs a resource (for example resource: "
	             "tickets)");
	expect_error(fx, "views:\n  mine:\n    resource: tickets\n"
	             "    sortby: id\n", 4, 5,
	             "unknown key 'sortby' in view 'mine' (did you mean sort?)");
	expect_error(fx, "views:\n  mine:\n    resource: tickets\n"
	             "    filters: [a]\n", 4, 14,
	             "filters must be a mapping (field: value), not a list");
	expect_error(fx, "views:\n  mine:\n    resource: tickets\n"
	             "    filters: {status: [[1]]}\n", 4, 24,
	             "a filter value must be a single value, not a list");
	expect_error(fx, "views:\n  mine:\n    resource: tickets\n"
	             "    filters: {a: 1}\n", 4, 15,
	             "view 'mine': unknown filter 'a' for tickets; known "
	             "filters: status, agent, team, priority, type, client, "
	             "site, user, asset, open, closed");
	expect_error(fx, "views:\n  mine:\n    resource: tickets\n"
	             "    stauts: New\n", 4, 5,
	             "unknown key 'stauts' in view 'mine' (did you mean "
	             "status?)");
	expect_error(fx, "views:\n  mine:\n    resource: tickets\n"
	             "    desc: sometimes\n", 4, 11,
	             "desc must be true or false (got sometimes)");
	expect_error(fx, "views:\n  mine: tickets\n", 2, 9,
	             "view 'mine' must be a mapping (resource: ...), not a "
	             "single value");
	expect_error(fx, "views: 3\n", 1, 8,
	             "views must be a mapping of view names to views");
}

/* ---- Broken files ------------------------------------------------------- */

static void test_yaml_syntax_error(void **state)
{
	struct fx *fx = *state;

	expect_error(fx, "profiles:\n  work:\n    base_url: [x\n", 4, 1,
	             "invalid YAML: did not find expected ',' or ']' (while "
	             "parsing a flow sequence at 3:15)");
	expect_error(fx, "theme: a\n  bad: b\n", 2, 6,
	             "invalid YAML: mapping values are not allowed in this "
	             "context");
	expect_error(fx, "a: *nowhere\n", 1, 4, "invalid YAML: found undefined "
	             "alias");
	expect_error(fx, "theme: a\n---\ntheme: b\n", 2, 1,
	             "a second YAML document; the config is one document");
}

static void test_invalid_utf8(void **state)
{
	struct fx *fx = *state;

	expect_error(fx, "theme: ok\ntheme2: \xff\xfe\n", 2, 9,
	             "invalid YAML: invalid leading UTF-8 octet (byte 0xff)");
}

static void test_garbage_1mb(void **state)
{
	struct fx *fx = *state;
	size_t n = 1000 * 1000, i;
	static const char noise[] = " :-[]{},#&*!|>'\"%@`\nabcq?";
	unsigned char *buf = malloc(n);
	uint32_t x = 12345;
	int mode;

	assert_non_null(buf);
	/* Binary noise, then printable noise full of YAML indicators. */
	for (mode = 0; mode < 2; mode++) {
		for (i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			buf[i] = mode ? (unsigned char)noise[(x >> 16) %
			                                     (sizeof noise - 1)]
			              : (unsigned char)(x >> 16);
		}
		write_file(fx, "config.yaml", buf, n, 0600);
		assert_int_equal(settings_load(&fx->s, fx->path, NULL, &fx->err),
		                 HALO_ECONFIG);
		assert_int_equal(strncmp(fx->err.msg, fx->path, strlen(fx->path)),
		                 0);
		assert_true(fx->err.msg[strlen(fx->path)] == ':');
		assert_true(strlen(fx->err.msg) < sizeof fx->err.msg - 1);
	}
	free(buf);
}

static void test_too_large_and_deep(void **state)
{
	struct fx *fx = *state;
	size_t n = 1024 * 1024 + 1;
	char *buf = malloc(n);

	assert_non_null(buf);
	memset(buf, '#', n);
	write_file(fx, "config.yaml", buf, n, 0600);
	assert_int_equal(settings_load(&fx->s, fx->path, NULL, &fx->err),
	                 HALO_ECONFIG);
	assert_msg_has(fx, "config.yaml: too large (1048577 bytes; a config "
	               "file may hold at most 1048576)");
	/* 100 000 nested lists: refused after 32 levels, cheaply. */
	memset(buf, '[', 100000);
	memset(buf + 100000, ']', 100000);
	write_file(fx, "config.yaml", buf, 200000, 0600);
	assert_int_equal(settings_load(&fx->s, fx->path, NULL, &fx->err),
	                 HALO_ECONFIG);
	assert_at(fx, 1, 33);
	assert_msg_has(fx, "nested more than 32 levels deep");
	free(buf);
}

static void test_long_names_in_messages(void **state)
{
	struct fx *fx = *state;
	char text[700];

	memcpy(text, "profiles:\n  ", 12);
	memset(text + 12, 'p', 500);
	memcpy(text + 512, ":\n    bogus: 1\n", 16);
	assert_int_equal(load_text(fx, text, NULL), HALO_ECONFIG);
	assert_at(fx, 3, 5);
	assert_msg_has(fx, "unknown key 'bogus' in profile 'ppp");
	assert_msg_has(fx, "ppp...' (known keys:");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_init_defaults),
		T(test_no_file_no_env),
		T(test_env_only),
		T(test_env_http_refused),
		T(test_env_empty_and_control),
		T(test_env_overrides_file),
		T(test_default_path_xdg),
		T(test_default_path_home),
		T(test_explicit_missing),
		T(test_not_regular),
		T(test_profile_without_file),
		T(test_empty_and_comments),
		T(test_full_profile),
		T(test_profile_choice),
		T(test_profile_ambiguous),
		T(test_profile_not_found),
		T(test_unknown_keys),
		T(test_duplicate_key),
		T(test_page_size),
		T(test_attempts_and_durations),
		T(test_wrong_types),
		T(test_booleans),
		T(test_read_only),
		T(test_secret_and_cmd),
		T(test_other_profile_checked),
		T(test_base_url_strip),
		T(test_loopback_http),
		T(test_http_refused),
		T(test_bad_urls),
		T(test_mode_refused),
		T(test_mode_ok),
		T(test_mode_other_profile),
		T(test_cmd_mode_refused),
		T(test_owner_refused),
		T(test_secret_cmd_ok),
		T(test_secret_cmd_fails),
		T(test_secret_cmd_output_not_leaked),
		T(test_secret_cmd_empty),
		T(test_secret_cmd_names_profile),
		T(test_resolve_nothing),
		T(test_check_session),
		T(test_auth_flows),
		T(test_auth_errors),
		T(test_password_cmd),
		T(test_password_cmd_mode_refused),
		T(test_check_session_per_user),
		T(test_every_profile_key_documented),
		T(test_keys),
		T(test_keys_errors),
		T(test_views),
		T(test_views_errors),
		T(test_yaml_syntax_error),
		T(test_invalid_utf8),
		T(test_garbage_1mb),
		T(test_too_large_and_deep),
		T(test_long_names_in_messages),
#undef T
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("settings", tests, NULL, NULL);
}
