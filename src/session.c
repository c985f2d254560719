/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "session.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "http.h"
#include "oauth.h"
#include "record.h"
#include "refreshstore.h"

/* A per-user flow needs a login, unless this session makes one: said at
 * once rather than at the first request. */
static enum halo_status need_login(const struct settings *cfg,
                                   struct errbuf *err)
{
	struct login_state ls;
	char login[200], where[700];
	bool found;

	if (!settings_per_user(cfg))
		return HALO_OK;
	login_state_init(&ls);
	found = refreshstore_load(cfg, http_now(), &ls);
	login_state_done(&ls);
	if (found)
		return HALO_OK;
	oauth_login_command(cfg, login, sizeof login);
	settings_where(cfg, where, sizeof where);
	return errbuf_set(err, HALO_EAUTH, "not logged in (auth: %s%s): run %s",
	                  settings_auth_name(cfg->auth), where, login);
}

enum halo_status session_start(struct session *s, struct settings *loaded,
                               const char *reqlog_path,
                               const struct log_sink *log,
                               const struct worker_grant *grant,
                               struct errbuf *err)
{
	enum halo_status st;

	memset(s, 0, sizeof *s);
	lookups_init(&s->lookups);
	if (log)
		s->log = *log;
	s->settings = *loaded;
	settings_init(loaded);
	st = settings_resolve_secret_logged(&s->settings, &s->log, err);
	if (st == HALO_OK)
		st = settings_check_session(&s->settings, err);
	if (st == HALO_OK && !grant)
		st = need_login(&s->settings, err);
	if (st == HALO_OK)
		st = worker_start_login(&s->worker, &s->settings, &s->log,
		                        reqlog_path, grant, err);
	if (st != HALO_OK)
		session_close(s);
	return st;
}

enum halo_status session_open(struct session *s, const char *config_path,
                              const char *profile, bool read_only,
                              const char *reqlog_path,
                              const struct log_sink *log, struct errbuf *err)
{
	struct settings loaded;
	enum halo_status st;

	st = settings_load(&loaded, config_path, profile, err);
	if (st != HALO_OK) {
		memset(s, 0, sizeof *s);
		settings_init(&s->settings);
		lookups_init(&s->lookups);
		settings_done(&loaded);
		return st;
	}
	if (read_only)
		loaded.read_only = true;
	return session_start(s, &loaded, reqlog_path, log, NULL, err);
}

/* Without a `waiting` callback: one warning per retry. */
static void report_wait(struct session *s, const struct worker_event *ev)
{
	if (ev->budget)
		log_msg(&s->log, LOG_WARN, "keeping under the rate limit: "
		        "sending in %ld s", (ev->wait_ms + 999) / 1000);
	else if (ev->retry_status == 429)
		log_msg(&s->log, LOG_WARN, "rate limited (HTTP 429), retrying "
		        "in %ld s", (ev->wait_ms + 999) / 1000);
	else if (ev->retry_status > 0)
		log_msg(&s->log, LOG_WARN, "HTTP %d from the server, retrying "
		        "in %ld s", ev->retry_status, (ev->wait_ms + 999) / 1000);
	else
		log_msg(&s->log, LOG_WARN, "network error, retrying in %ld s",
		        (ev->wait_ms + 999) / 1000);
}

/* A wait, for the sink's `waiting` line: said from its first second on,
 * then once a second, and at once when the worker schedules a retry that
 * ends past that first second (a rate limit says how long). */
struct wait_note {
	double start;   /* monotonic seconds */
	double next;    /* when to say it next */
	bool said;
};

static void say_wait(struct session *s, struct wait_note *wn, double now)
{
	struct worker_wait ww;
	char line[512];

	worker_waiting(s->worker, &ww);
	worker_wait_text(&ww, now, (long)(now - wn->start), line, sizeof line);
	s->log.waiting(s->log.ctx, line, false);
	wn->said = true;
	while (wn->next <= now)
		wn->next += 1.0;
}

/* Milliseconds until the wait line is due; -1 (for ever) without one. */
static int wait_timeout(const struct session *s, const struct wait_note *wn)
{
	double left;

	if (!s->log.waiting)
		return -1;
	left = wn->next - http_now();
	return left <= 0 ? 0 : (int)(left * 1000.0) + 1;
}

static void on_waiting(struct session *s, struct wait_note *wn,
                       const struct worker_event *ev)
{
	double now;

	if (!s->log.waiting) {
		report_wait(s, ev);
		return;
	}
	now = http_now();
	if (!wn->said && now + (double)ev->wait_ms / 1000.0 >= wn->start + 1.0)
		say_wait(s, wn, now);
}

/* The stashed event of one of ids[], removed from the stash; NULL when
 * none is there. */
static struct worker_event *unstash(struct session *s, const uint64_t *ids,
                                    size_t n, size_t *which)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < s->nstash; k++) {
			struct worker_event *ev = s->stash[k];

			if (ev->id != ids[i])
				continue;
			s->stash[k] = s->stash[--s->nstash];
			*which = i;
			return ev;
		}
	return NULL;
}

/* Keeps ev for whoever waits for it; an event nobody can keep is dropped
 * (out of memory: its wait then ends with NULL). */
static void stash(struct session *s, struct worker_event *ev)
{
	struct worker_event **grown = grow_for_one(s->stash, s->nstash,
	                                           &s->capstash,
	                                           sizeof *s->stash, 8);

	if (!grown) {
		worker_event_free(&ev);
		return;
	}
	s->stash = grown;
	s->stash[s->nstash++] = ev;
}

/* Whether the event of one of ids[] is in the stash. */
static bool stashed(const struct session *s, const uint64_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < s->nstash; k++)
			if (s->stash[k]->id == ids[i])
				return true;
	return false;
}

/* Waits until one of ids[] has its EV_DONE, telling the sink what it
 * waits for from the first second on. Every event that arrives is
 * stashed first, so that none is lost to a wait for another. */
static struct worker_event *wait_some(struct session *s, const uint64_t *ids,
                                      size_t n, size_t *which)
{
	struct wait_note wn = { .start = http_now() };
	struct worker_event *found = NULL;

	wn.next = wn.start + 1.0;
	if (n == 0)
		return NULL;
	while (!(found = unstash(s, ids, n, which))) {
		struct pollfd pfd = { .fd = worker_fd(s->worker), .events = POLLIN };
		struct worker_event *ev;

		if (poll(&pfd, 1, wait_timeout(s, &wn)) < 0 && errno != EINTR)
			break;
		while ((ev = worker_next(s->worker))) {
			if (ev->kind == EV_WAITING) {
				on_waiting(s, &wn, ev);
				worker_event_free(&ev);
			} else {
				stash(s, ev);
			}
		}
		if (s->log.waiting && http_now() >= wn.next &&
		    !stashed(s, ids, n))
			say_wait(s, &wn, http_now());
	}
	/* Over: the front end clears the line before it says anything else. */
	if (wn.said)
		s->log.waiting(s->log.ctx, NULL, false);
	return found;
}

uint64_t session_submit(struct session *s, struct request *req)
{
	return worker_submit(s->worker, req);
}

struct worker_event *session_wait_id(struct session *s, uint64_t id)
{
	size_t which;

	return wait_some(s, &id, 1, &which);
}

struct worker_event *session_wait_any(struct session *s, const uint64_t *ids,
                                      size_t n, size_t *which)
{
	return wait_some(s, ids, n, which);
}

int session_wait_all(struct session *s, struct request **reqs, size_t n,
                     struct worker_event **out)
{
	uint64_t ids[16];
	int rc = 0;

	for (size_t base = 0; base < n; base += 16) {
		size_t m = n - base < 16 ? n - base : 16;

		for (size_t i = 0; i < m; i++)
			ids[i] = worker_submit(s->worker, reqs[base + i]);
		for (size_t i = 0; i < m; i++) {
			out[base + i] = ids[i] ? session_wait_id(s, ids[i]) : NULL;
			if (!out[base + i])
				rc = -1;
		}
	}
	return rc;
}

struct worker_event *session_wait(struct session *s, struct request *req)
{
	uint64_t id = worker_submit(s->worker, req);

	if (id == 0)
		return NULL;
	return session_wait_id(s, id);
}

struct request *session_lookup_request(enum lookup_kind kind)
{
	const struct resource *res = resource_for_lookup(kind);
	struct request *req;

	if (!res)
		return NULL;
	req = request_new(REQ_LIST, res);
	/* Lookup lists change rarely: from the cache at once, refreshed
	 * in the background after an hour. */
	if (req)
		req->cache_ttl_s = SESSION_LOOKUP_TTL_S;
	return req;
}

void session_lookups_ask(struct session *s, const enum lookup_kind *kinds,
                         size_t n, struct lookup_wait *lw)
{
	lw->n = 0;
	for (size_t i = 0; i < n && lw->n < LOOKUP__COUNT; i++) {
		bool seen = false;

		if (kinds[i] == LOOKUP_NONE || lookups_loaded(&s->lookups, kinds[i]))
			continue;
		for (size_t k = 0; k < lw->n; k++)
			seen = seen || lw->which[k] == kinds[i];
		if (seen)
			continue;
		lw->ids[lw->n] = worker_submit(s->worker,
		                               session_lookup_request(kinds[i]));
		lw->which[lw->n++] = kinds[i];
	}
}

enum halo_status session_lookups_collect(struct session *s,
                                         struct lookup_wait *lw,
                                         struct errbuf *err)
{
	enum halo_status st = HALO_OK;

	for (size_t k = 0; k < lw->n; k++) {
		struct worker_event *ev = lw->ids[k] ?
		        session_wait_id(s, lw->ids[k]) : NULL;

		if (!ev) {
			st = errbuf_set(err, HALO_ENOMEM, "out of memory");
		} else if (ev->status != HALO_OK) {
			st = errbuf_set(err, ev->status, "%s list: %s",
			                lookup_kind_name(lw->which[k]), ev->message);
		} else {
			session_apply_lookup(s, ev);
		}
		worker_event_free(&ev);
	}
	lw->n = 0;
	return st;
}

enum halo_status session_need_lookups(struct session *s,
                                      const enum lookup_kind *kinds, size_t n,
                                      struct errbuf *err)
{
	struct lookup_wait lw;

	session_lookups_ask(s, kinds, n, &lw);
	return session_lookups_collect(s, &lw, err);
}

void session_apply_lookup(struct session *s, const struct worker_event *ev)
{
	struct errbuf err;

	if (!ev->res || !(ev->res->flags & RES_LOOKUP) || ev->status != HALO_OK)
		return;
	if (lookups_set(&s->lookups, ev->res->lookup, ev->page.records,
	                ev->page.n, &err) != HALO_OK)
		log_msg(&s->log, LOG_WARN, "%s list: %s",
		        lookup_kind_name(ev->res->lookup), err.msg);
}

void session_close(struct session *s)
{
	worker_stop(&s->worker);
	for (size_t k = 0; k < s->nstash; k++)
		worker_event_free(&s->stash[k]);
	free(s->stash);
	s->stash = NULL;
	s->nstash = s->capstash = 0;
	lookups_done(&s->lookups);
	settings_done(&s->settings);
}
