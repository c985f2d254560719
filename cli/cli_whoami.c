/* SPDX-License-Identifier: MIT */
/* halotui whoami [-p PROFILE]: the instance (base URL, tenant), the flow,
 * and the agent requests act as. A per-user login names its agent from
 * the stored id_token without a request; otherwise GET /api/Agent/me
 * asks. With client_credentials every request acts as the API
 * application's agent, and agent: in the profile says who "me" is. */
#include "config.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "idtoken.h"
#include "refreshstore.h"
#include "yamlx.h"

static void print_instance(const struct settings *s, FILE *out)
{
	char b[81], u[81];

	if (s->tenant && *s->tenant)
		fprintf(out, "instance: %s (tenant %s)\n", s->base_url,
		        yamlx_shown(s->tenant, b, sizeof b));
	else
		fprintf(out, "instance: %s\n", s->base_url);
	if (s->auth == AUTH_PASSWORD)
		fprintf(out, "flow:     password (user %s)\n",
		        yamlx_shown(s->username ? s->username : "", u, sizeof u));
	else if (s->auth == AUTH_CODE)
		fprintf(out, "flow:     authorization_code (a browser login)\n");
	else
		fprintf(out, "flow:     client_credentials (one API agent for "
		        "everyone)\n");
}

/* A per-user login: who it is, from the store; else the server says. */
static int whoami_user(const struct cli_globals *g, struct settings *s)
{
	struct login_state ls;
	struct session sess;
	char who[400], path[4096] = "";
	int rc;

	login_state_init(&ls);
	if (!refreshstore_load(s, http_now(), &ls)) {
		/* session_start says "not logged in", with what to run. */
		rc = cli_start(g, &sess, s, NULL);
		if (rc == 0)
			session_close(&sess);
		return rc ? rc : EXIT_REFUSED;
	}
	refreshstore_path(s, path, sizeof path);
	print_instance(s, g->out);
	if (ls.has_who) {
		identity_text(&ls.who, who, sizeof who);
		fprintf(g->out, "agent:    %s%s%s%s\n", who,
		        *ls.who.email ? " <" : "", ls.who.email,
		        *ls.who.email ? ">" : "");
		rc = 0;
	} else {
		rc = cli_start(g, &sess, s, NULL);
		if (rc == 0) {
			rc = cli_who_is_me(&sess, who, sizeof who);
			session_close(&sess);
		}
		if (rc == 0)
			fprintf(g->out, "agent:    %s\n", who);
	}
	if (rc == 0)
		fprintf(g->out, "login:    %s\n", path);
	login_state_done(&ls);
	settings_done(s);
	return rc;
}

static int whoami_client(const struct cli_globals *g, struct settings *s)
{
	struct session sess;
	char who[400], me[200], b[81];
	int rc;

	print_instance(s, g->out);
	if (s->agent)
		snprintf(me, sizeof me, "%s", yamlx_shown(s->agent, b, sizeof b));
	else
		snprintf(me, sizeof me, "not set (agent: NAME in the profile "
		         "says who you are)");
	rc = cli_start(g, &sess, s, NULL);
	if (rc != 0)
		return rc;
	rc = cli_who_is_me(&sess, who, sizeof who);
	session_close(&sess);
	if (rc == 0)
		fprintf(g->out, "agent:    acting as API agent %s; me = %s\n",
		        who, me);
	return rc;
}

int cli_whoami(const struct cli_globals *g, int argc, char **argv)
{
	struct cli_globals own = *g;
	struct settings s;
	int rc;

	rc = cli_profile_args(&own, argc, argv);
	if (rc != 0)
		return rc;
	g = &own;
	rc = cli_settings(g, &s);
	if (rc == 0 && !s.base_url) {
		struct errbuf err;

		settings_check_session(&s, &err);
		cli_error("%s", err.msg);
		rc = EXIT_USAGE;
	}
	if (rc != 0) {
		settings_done(&s);
		return rc;
	}
	if (settings_per_user(&s))
		return whoami_user(g, &s);
	return whoami_client(g, &s);
}
