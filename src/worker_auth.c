/* SPDX-License-Identifier: MIT */
/* The worker's token: API jobs wait (JOB_NEED_TOKEN) while one authinfo
 * job finds the token server and one token job asks it (client
 * credentials, or for a per-user login its grant or refresh token:
 * worker_login.c). The secret goes only to auth_url when it is set, else
 * to the token server authinfo names on base_url's origin, else to
 * base_url/auth. */
#include "config.h"
#include "worker_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "http.h"
#include "log.h"
#include "oauth.h"

/* ---- authentication ------------------------------------------------------ */

void worker_fail_waiting_for_token(struct worker *w, enum halo_status st,
                                   int http_status, const char *msg)
{
	struct job *j = w->jobs, *next;

	for (; j; j = next) {
		next = j->next;
		if (j->internal == JOB_API && j->state == JOB_NEED_TOKEN)
			job_fail(w, j, st, http_status, msg);
	}
}

void worker_tokens_ready(struct worker *w)
{
	for (struct job *a = w->jobs; a; a = a->next)
		if (a->state == JOB_NEED_TOKEN)
			a->state = JOB_READY;
}

void worker_auth_failed(struct worker *w, int rc)
{
	char login[200], msg[700];

	if (rc != WORKER_AUTH_NO_LOGIN) {
		worker_fail_waiting_for_token(w, HALO_ENOMEM, 0, "out of memory");
		return;
	}
	oauth_login_command(&w->cfg, login, sizeof login);
	if (w->login_msg[0])
		snprintf(msg, sizeof msg, "%s", w->login_msg);
	else
		snprintf(msg, sizeof msg, "not logged in (auth: %s): run %s",
		         settings_auth_name(w->cfg.auth), login);
	worker_fail_waiting_for_token(w, HALO_EAUTH, 0, msg);
}

/* Appends the token job; WORKER_AUTH_NOMEM or WORKER_AUTH_NO_LOGIN when
 * there is none (nothing is failed here: the caller may be walking the
 * job list). */
static int start_token_request(struct worker *w)
{
	/* A configured tenant wins; else the one authinfo named. */
	char *url = auth_token_url(w->auth_url, w->cfg.tenant && *w->cfg.tenant ?
	                           w->cfg.tenant : w->auth_tenant);
	int rc = 0;

	if (settings_per_user(&w->cfg)) {
		rc = worker_login_form(w);
	} else if (!w->form) {
		w->form = auth_form_body(&w->cfg);
		w->form_grant = GRANT_CLIENT;
	}
	if (rc == 0 && (!url || !w->form))
		rc = WORKER_AUTH_NOMEM;
	if (rc != 0) {
		free(url);
		return rc;
	}
	w->auth_job = job_new_internal(w, JOB_TOKEN, url);
	return w->auth_job ? 0 : WORKER_AUTH_NOMEM;
}

/* Makes sure a token is on its way: discovers the token server once
 * (GET /api/authinfo, falling back to base_url/auth), then asks it. */
/* Takes the token server from a cached authinfo answer; false when there
 * is none, or it names a server the secret may not go to (then the
 * server is asked, and says so itself). */
static bool authinfo_from_cache(struct worker *w)
{
	size_t len = 0;
	char *body = worker_authinfo_cached(w, &len), *found;
	bool oom = false;

	if (!body)
		return false;
	found = auth_parse_authinfo(body, len, &oom);
	if (found && !auth_same_origin(found, w->cfg.base_url)) {
		free(found);
		found = NULL;
	}
	if (found) {
		free(w->auth_tenant);
		w->auth_tenant = auth_parse_authinfo_tenant(body, len);
		free(w->auth_url);
		w->auth_url = found;
		log_msg(&w->log, LOG_DEBUG, "token server (cached): %s", found);
	}
	free(body);
	return found != NULL;
}

int worker_ensure_auth(struct worker *w)
{
	char *path;

	if (w->auth_job)
		return 0;
	if (settings_per_user(&w->cfg) && !w->grant) {
		/* Another halotui may have renewed the login since: its
		 * access token saves a refresh, and our refresh token may be
		 * revoked by now. */
		if (worker_login_reload(w) == 1)
			return 0;
		if (!w->login.refresh)
			return WORKER_AUTH_NO_LOGIN;
	}
	if (w->auth_url || authinfo_from_cache(w))
		return start_token_request(w);
	path = strdup("/api/authinfo");
	if (!path)
		return -1;
	w->auth_job = job_new_internal(w, JOB_AUTHINFO, path);
	return w->auth_job ? 0 : -1;
}

/* authinfo named a token server off base_url's origin: the secret does
 * not go there unless the user says so with auth_url. */
static void refuse_foreign(struct worker *w, struct job *j, char *found)
{
	char msg[512];

	snprintf(msg, sizeof msg, "the server's /api/authinfo names %s as its "
	         "token server, which is not on base_url's host (%s); halotui "
	         "sends the client secret only there or to auth_url: if that is "
	         "your Halo's authorisation server, set auth_url: %s in the "
	         "profile", found, w->cfg.base_url, found);
	free(found);
	job_finish(w, j, NULL);
	worker_fail_waiting_for_token(w, HALO_ECONFIG, 0, msg);
}

void worker_on_authinfo(struct worker *w, struct job *j, int status)
{
	char *found = NULL;
	bool oom = false;
	int rc;

	if (status == 200) {
		found = auth_parse_authinfo(j->call.body.s, j->call.body.len, &oom);
		free(w->auth_tenant);
		w->auth_tenant = auth_parse_authinfo_tenant(j->call.body.s,
		                                            j->call.body.len);
	}
	if (oom) {
		job_finish(w, j, NULL);
		worker_fail_waiting_for_token(w, HALO_ENOMEM, 0, "out of memory");
		return;
	}
	if (found && !auth_same_origin(found, w->cfg.base_url)) {
		refuse_foreign(w, j, found);
		return;
	}
	/* Only an answer that names a server is kept: a fallback is cheap
	 * to find again, and an error page is no answer. */
	if (found)
		worker_authinfo_save(w, j->call.body.s, j->call.body.len);
	free(w->auth_url);
	w->auth_url = found ? found : auth_default_url(w->cfg.base_url);
	job_finish(w, j, NULL);
	if (w->auth_url)
		log_msg(&w->log, LOG_DEBUG, "token server: %s", w->auth_url);
	if (!w->auth_url)
		worker_fail_waiting_for_token(w, HALO_ENOMEM, 0, "out of memory");
	else if ((rc = start_token_request(w)) != 0)
		worker_auth_failed(w, rc);
}

void worker_on_token(struct worker *w, struct job *j, int status)
{
	struct errbuf err;
	char msg[512], text[sizeof msg + 300];

	if (status == 200 &&
	    auth_parse_token(j->call.body.s, j->call.body.len, http_now(), &w->token,
	                     &err) == HALO_OK) {
		if (settings_per_user(&w->cfg))
			worker_login_took(w, j);
		else
			worker_token_save(w);
		job_finish(w, j, NULL);
		worker_tokens_ready(w);
		return;
	}
	if (status != 200 && worker_login_refused(w, j, status))
		return;
	if (status == 200)
		snprintf(msg, sizeof msg, "token response: %s", err.msg);
	else
		oauth_error_text(w->form_grant, &w->cfg, status, j->call.body.s,
		                 j->call.body.len, msg, sizeof msg);
	/* The reason and the advice first, the request last. */
	job_message(j, msg, text, sizeof text);
	job_finish(w, j, NULL);
	worker_fail_waiting_for_token(w, HALO_EAUTH, status, text);
}
