/* SPDX-License-Identifier: MIT */
/* halotui login [-p PROFILE]: gets a token the way the profile's auth:
 * says and says whom it acts as. client_credentials: a fresh token (the
 * cached one is dropped first), cached as every command caches it.
 * password: the password from password_cmd or the terminal, one password
 * grant, and the login (refresh token) stored. authorization_code: see
 * cli_login_code.c. The password and tokens appear on no screen, log,
 * command line or child's environment. */
#include "config.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "http.h"
#include "oauth.h"
#include "refreshstore.h"
#include "text.h"
#include "tokencache.h"
#include "yamlx.h"

int cli_who_is_me(struct session *s, char *out, size_t outlen)
{
	struct request *req = request_new(REQ_ME, resource_find("agents"));
	struct worker_event *ev = req ? session_wait(s, req) : NULL;
	const char *name;
	char *safe = NULL;
	int rc = 0;

	if (!ev) {
		cli_error("out of memory");
		return EXIT_REFUSED;
	}
	if (ev->status != HALO_OK) {
		cli_error("%s", ev->message);
		rc = cli_exit_for(ev->status);
	} else {
		name = ev->record ? record_str(ev->record, "name") : NULL;
		if (name)
			safe = text_sanitize(name, strlen(name), 0);
		if (safe && *safe && ev->record->id > 0)
			snprintf(out, outlen, "%s (agent %ld)", safe,
			         ev->record->id);
		else if (ev->record && ev->record->id > 0)
			snprintf(out, outlen, "agent %ld", ev->record->id);
		else
			snprintf(out, outlen, "%s", safe && *safe ? safe :
			         "an agent without a name or id");
		free(safe);
	}
	worker_event_free(&ev);
	return rc;
}

int cli_login_done(const struct cli_globals *g, struct session *s)
{
	struct login_state ls;
	char who[400], host[256], path[4096] = "";
	int rc = cli_who_is_me(s, who, sizeof who);

	login_state_init(&ls);
	/* The worker stores the login before any request uses its token:
	 * one that could not be stored is no login for the next run. */
	if (rc == 0 && settings_per_user(&s->settings) &&
	    !refreshstore_load(&s->settings, http_now(), &ls)) {
		refreshstore_path(&s->settings, path, sizeof path);
		cli_error("the token works but the login could not be stored in "
		          "%s (see the warning above): the next halotui will not "
		          "be logged in", *path ? path : "$XDG_STATE_HOME");
		rc = EXIT_REFUSED;
	}
	login_state_done(&ls);
	if (rc == 0) {
		http_url_host(s->settings.base_url, host, sizeof host);
		fprintf(g->out, "logged in to %s as %s\n", host, who);
	}
	session_close(s);
	return rc;
}

/* client_credentials: the cached token is dropped, so that login proves
 * the client id and secret work now. */
static int login_client(const struct cli_globals *g, struct settings *s)
{
	struct session sess;
	struct errbuf err;
	int rc;

	if (s->cache && tokencache_forget(s, &err) < 0) {
		cli_error("%s", err.msg);
		settings_done(s);
		return EXIT_REFUSED;
	}
	rc = cli_start(g, &sess, s, NULL);
	if (rc != 0)
		return rc;
	return cli_login_done(g, &sess);
}

/* The password: password_cmd's first line, else asked on the terminal. */
static int get_password(struct settings *s, char **password)
{
	struct errbuf err;
	enum halo_status st;
	char where[700], b[81], prompt[300];

	settings_where(s, where, sizeof where);
	if (s->password_cmd) {
		errbuf_clear(&err);
		st = settings_password(s, cli_log_sink(), password, &err);
		if (st != HALO_OK)
			cli_error("%s", err.msg);
		return cli_exit_for(st);
	}
	if (!isatty(STDIN_FILENO)) {
		cli_error("auth: password needs the password, and standard "
		          "input is not a terminal to ask it on: set "
		          "password_cmd%s (a command that prints it), or run "
		          "halotui login on a terminal", where);
		return EXIT_USAGE;
	}
	snprintf(prompt, sizeof prompt, "Halo password for %s: ",
	         yamlx_shown(s->username, b, sizeof b));
	if (cli_ask_secret(prompt, password) != 0) {
		cli_error("no password given");
		return EXIT_USAGE;
	}
	return 0;
}

static int login_password(const struct cli_globals *g, struct settings *s)
{
	struct worker_grant grant = { .kind = GRANT_PASSWORD };
	struct session sess;
	char *password = NULL, where[700];
	int rc;

	settings_where(s, where, sizeof where);
	if (!s->username || !*s->username) {
		cli_error("auth: password needs a username: set username%s",
		          where);
		settings_done(s);
		return EXIT_USAGE;
	}
	rc = get_password(s, &password);
	if (rc == 0 && (!password || !*password)) {
		cli_error("the password is empty%s", s->password_cmd ?
		          ": password_cmd printed an empty first line" : "");
		rc = EXIT_USAGE;
	}
	if (rc == 0) {
		grant.form = oauth_password_form(s, s->username, password);
		grant.secrets[0] = password;
		if (!grant.form) {
			cli_error("out of memory");
			rc = EXIT_REFUSED;
		}
	}
	if (rc == 0)
		rc = cli_start(g, &sess, s, &grant);
	else
		settings_done(s);
	auth_wipe_free((char *)grant.form);
	auth_wipe_free(password);
	if (rc != 0)
		return rc;
	return cli_login_done(g, &sess);
}

int cli_login(const struct cli_globals *g, int argc, char **argv)
{
	struct cli_globals own = *g;
	struct settings s;
	int rc;

	rc = cli_profile_args(&own, argc, argv);
	if (rc != 0)
		return rc;
	g = &own;
	rc = cli_settings(g, &s);
	if (rc != 0) {
		settings_done(&s);
		return rc;
	}
	/* A per-user login's optional secret before the password or the
	 * browser: a failing client_secret_cmd wastes neither. */
	if (settings_per_user(&s)) {
		struct errbuf err;
		enum halo_status st;

		errbuf_clear(&err);
		st = settings_resolve_secret_logged(&s, cli_log_sink(), &err);
		if (st != HALO_OK) {
			cli_error("%s", err.msg);
			settings_done(&s);
			return cli_exit_for(st);
		}
	}
	switch (s.auth) {
	case AUTH_PASSWORD:
		return login_password(g, &s);
	case AUTH_CODE:
		return cli_login_code(g, &s);
	case AUTH_CLIENT_CREDENTIALS:
		break;
	}
	return login_client(g, &s);
}
