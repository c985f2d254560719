/* SPDX-License-Identifier: MIT */
/* Keeping the worker's secrets out of what it reports. Everything a
 * person sees or a log keeps leaves the worker through three doors, and
 * each is scrubbed of the token, the client secret and "Bearer ..."
 * (scrub.h): an error body as it arrives (before any message quotes it
 * and cuts it short), an event as it is queued, and a log line or request
 * log line as it is written. All on the worker thread, which owns the
 * token. */
#include "config.h"
#include "worker_private.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

#include "api.h"
#include "scrub.h"

/* The current token, the token job j sent (it may be older), the client
 * secret as configured and as the form sends it, a per-user login's
 * refresh token, and halotui login's password or code and verifier. */
static void worker_secrets(const struct worker *w, const struct job *j,
                           struct scrub *sc)
{
	scrub_init(sc);
	scrub_add(sc, w->token.access);
	if (j && j->auth_header) {
		const char *sp = strrchr(j->auth_header, ' ');
		scrub_add(sc, sp ? sp + 1 : NULL);
	}
	scrub_add(sc, w->cfg.client_secret);
	scrub_add(sc, w->secret_form);
	scrub_add(sc, w->login.refresh);
	for (size_t i = 0; i < sizeof w->grant_secrets / sizeof *w->grant_secrets;
	     i++)
		scrub_add(sc, w->grant_secrets[i]);
}

int worker_secret_form(struct worker *w)
{
	const char *secret = w->cfg.client_secret;
	char *form;

	if (!secret)
		return 0;
	form = malloc(api_escaped_len(secret) + 1);
	if (!form)
		return -1;
	*api_escape_to(form, secret) = '\0';
	if (strcmp(form, secret) == 0) {
		auth_wipe_free(form);
		form = NULL;
	}
	w->secret_form = form;
	return 0;
}

void worker_scrub_body(struct worker *w, struct job *j)
{
	struct strbuf out = STRBUF_INIT(HTTP_MAX_BODY);
	struct scrub sc;

	if (!j->call.body.s || j->call.body.len == 0)
		return;
	worker_secrets(w, j, &sc);
	if (scrub_append(&sc, j->call.body.s, j->call.body.len, &out) != 0) {
		/* No memory for a clean copy: the body is not quoted at all. */
		strbuf_done(&out);
		OPENSSL_cleanse(j->call.body.s, j->call.body.len);
		strbuf_done(&j->call.body);
		return;
	}
	OPENSSL_cleanse(j->call.body.s, j->call.body.len);
	strbuf_done(&j->call.body);
	j->call.body = out;
}

/* Replaces an owned string with its scrubbed copy; without memory for
 * the copy, scrubs it in place (a long mark may then cut it short). */
static void scrub_owned(const struct scrub *sc, char **s)
{
	struct strbuf b = STRBUF_INIT(SIZE_MAX / 4);
	char *copy = NULL;
	size_t n;

	if (!*s)
		return;
	n = strlen(*s);
	if (scrub_append(sc, *s, n, &b) == 0)
		copy = strbuf_take(&b);
	strbuf_done(&b);
	if (!copy) {
		scrub_text(sc, *s, n + 1);
		return;
	}
	OPENSSL_cleanse(*s, n);
	free(*s);
	*s = copy;
}

void worker_scrub_event(struct worker *w, struct worker_event *ev)
{
	struct scrub sc;

	worker_secrets(w, NULL, &sc);
	scrub_text(&sc, ev->message, sizeof ev->message);
	for (size_t i = 0; i < ev->field_errors.n; i++) {
		scrub_owned(&sc, &ev->field_errors.items[i].key);
		scrub_owned(&sc, &ev->field_errors.items[i].value);
	}
}

void worker_reqlog(struct worker *w, const struct job *j, const char *path,
                   int status, long ms, const char *note)
{
	char p[2048], n[512];
	struct scrub sc;

	if (!w->reqlog)
		return;
	worker_secrets(w, j, &sc);
	snprintf(p, sizeof p, "%s", path);
	scrub_text(&sc, p, sizeof p);
	if (note) {
		snprintf(n, sizeof n, "%s", note);
		scrub_text(&sc, n, sizeof n);
	}
	reqlog_write(w->reqlog, http_method_name(j->call.method), p, status,
	             ms, j->attempt, note ? n : NULL);
}

/* The sink the worker logs through: scrubs, then hands the line to the
 * front end's sink. */
static void scrubbing_write(void *ctx, enum log_level level, const char *msg)
{
	struct worker *w = ctx;
	char line[1024];
	struct scrub sc;

	if (!w->front_log.write)
		return;
	worker_secrets(w, NULL, &sc);
	snprintf(line, sizeof line, "%s", msg);
	scrub_text(&sc, line, sizeof line);
	w->front_log.write(w->front_log.ctx, level, line);
}

void worker_log_init(struct worker *w, const struct log_sink *front)
{
	if (front)
		w->front_log = *front;
	w->log.write = scrubbing_write;
	w->log.ctx = w;
	w->log.min_level = w->front_log.min_level;
}
