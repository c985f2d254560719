/* SPDX-License-Identifier: MIT */
/* The worker's side of a per-user login (auth: authorization_code or
 * password): halotui login's grant, then refresh tokens. The server
 * rotates the refresh token at every refresh (the old one is revoked), so
 * the login is stored again each time, and another halotui of the same
 * profile (a TUI beside a command) may have rotated it since this one
 * read it: before refreshing, and once after a refusal, the store is read
 * again and a newer login in it is taken instead. A refusal that the
 * store cannot explain ends the login: every waiting request fails with a
 * message that says to run halotui login, as a normal error event. */
#include "config.h"
#include "worker_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "log.h"
#include "oauth.h"
#include "refreshstore.h"

/* Moves from's token into w->token as a new generation. */
static void take_access(struct worker *w, struct token *from)
{
	unsigned gen = w->token.generation;

	token_clear(&w->token);
	w->token = *from;
	w->token.generation = gen + 1;
	memset(from, 0, sizeof *from);
}

void worker_login_load(struct worker *w)
{
	if (!refreshstore_load(&w->cfg, http_now(), &w->login))
		return;
	if (w->login.access.access) {
		take_access(w, &w->login.access);
		log_msg(&w->log, LOG_DEBUG, "using the stored login's token");
	}
}

/* The login as it is to be stored: ours, with w->token as its access
 * token (borrowed, not copied). */
static struct login_state login_now(const struct worker *w)
{
	struct login_state ls = w->login;

	ls.flow = w->cfg.auth;
	ls.user = w->cfg.auth == AUTH_PASSWORD ? w->cfg.username : NULL;
	ls.access = w->token;
	return ls;
}

static void login_save(struct worker *w)
{
	struct login_state ls = login_now(w);
	struct errbuf err;

	if (refreshstore_save(&w->cfg, &ls, http_now(), &err) != HALO_OK)
		log_msg(&w->log, LOG_WARN, "the login was not stored: %s; the "
		        "next halotui will need halotui login again", err.msg);
}

/* Whether the stored login's refresh token is ours (both none counts). */
static bool same_refresh(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int worker_login_reload(struct worker *w)
{
	struct login_state found;

	login_state_init(&found);
	if (!refreshstore_load(&w->cfg, http_now(), &found) ||
	    !found.refresh || same_refresh(found.refresh, w->login.refresh)) {
		login_state_done(&found);
		return -1;
	}
	login_state_done(&w->login);
	w->login = found;
	w->login_msg[0] = '\0';
	log_msg(&w->log, LOG_DEBUG, "another halotui renewed the login: "
	        "using its refresh token");
	if (!w->login.access.access)
		return 0;
	take_access(w, &w->login.access);
	worker_tokens_ready(w);
	return 1;
}

int worker_login_form(struct worker *w)
{
	auth_wipe_free(w->form);
	w->form = NULL;
	if (w->grant) {
		w->form = w->grant;
		w->grant = NULL;
		w->form_grant = w->grant_kind;
		return 0;
	}
	if (!w->login.refresh)
		return WORKER_AUTH_NO_LOGIN;
	w->form = oauth_refresh_form(&w->cfg, w->login.refresh);
	w->form_grant = GRANT_REFRESH;
	return w->form ? 0 : WORKER_AUTH_NOMEM;
}

void worker_login_took(struct worker *w, const struct job *j)
{
	struct agent_identity who;
	struct errbuf err;
	char *refresh = NULL;
	bool has_who = false;

	if (oauth_parse_extras(j->call.body.s, j->call.body.len, &refresh, &who,
	                       &has_who, &err) != HALO_OK)
		log_msg(&w->log, LOG_WARN, "token response: %s", err.msg);
	if (refresh) {
		auth_wipe_free(w->login.refresh);
		w->login.refresh = refresh;
	} else if (w->form_grant != GRANT_REFRESH) {
		/* A login without a refresh token lasts as long as its access
		 * token. A refresh without one keeps the old: that server does
		 * not rotate. */
		auth_wipe_free(w->login.refresh);
		w->login.refresh = NULL;
		log_msg(&w->log, LOG_WARN, "the token endpoint gave no "
		        "refresh_token: the login ends when its access token "
		        "expires");
	}
	if (has_who) {
		w->login.who = who;
		w->login.has_who = true;
	}
	w->login_retried = false;
	w->login_msg[0] = '\0';
	login_save(w);
}

/* Removes the stored login when it still holds the refresh token that was
 * refused (a newer one belongs to another halotui's login). */
static void forget_refused(struct worker *w)
{
	struct login_state found;
	struct errbuf err;

	login_state_init(&found);
	if (refreshstore_load(&w->cfg, http_now(), &found) &&
	    !same_refresh(found.refresh, w->login.refresh)) {
		login_state_done(&found);
		return;
	}
	login_state_done(&found);
	if (refreshstore_forget(&w->cfg, &err) < 0)
		log_msg(&w->log, LOG_WARN, "%s", err.msg);
}

bool worker_login_refused(struct worker *w, struct job *j, int status)
{
	char msg[512], text[sizeof msg + 300];
	int rc;

	if (!settings_per_user(&w->cfg) || w->form_grant != GRANT_REFRESH ||
	    !oauth_is_invalid_grant(status, j->call.body.s, j->call.body.len))
		return false;
	if (!w->login_retried && worker_login_reload(w) >= 0) {
		/* Another halotui rotated it: its token, once. */
		w->login_retried = true;
		job_finish(w, j, NULL);
		rc = worker_ensure_auth(w);
		if (rc != 0)
			worker_auth_failed(w, rc);
		return true;
	}
	oauth_error_text(GRANT_REFRESH, &w->cfg, status, j->call.body.s,
	                 j->call.body.len, msg, sizeof msg);
	job_message(j, msg, text, sizeof text);
	snprintf(w->login_msg, sizeof w->login_msg, "%s", msg);
	job_finish(w, j, NULL);
	worker_fail_waiting_for_token(w, HALO_EAUTH, status, text);
	forget_refused(w);
	auth_wipe_free(w->login.refresh);
	w->login.refresh = NULL;
	token_clear(&w->token);
	return true;
}

void worker_login_drop_access(struct worker *w)
{
	struct login_state found;

	/* Stored again without the refused token, unless another halotui
	 * stored a newer login meanwhile: that one stays as it is. */
	login_state_init(&found);
	if (refreshstore_load(&w->cfg, http_now(), &found) &&
	    same_refresh(found.refresh, w->login.refresh))
		login_save(w);
	login_state_done(&found);
}
