/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "worker.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <curl/curl.h>

#include "api.h"
#include "auth.h"
#include "http.h"
#include "reqlog.h"
#include "retry.h"
#include "worker_private.h"

/* ---- events ------------------------------------------------------------ */

void worker_event_free(struct worker_event **ev)
{
	struct worker_event *e;

	if (!ev || !*ev)
		return;
	e = *ev;
	api_page_done(&e->page);
	record_free(&e->record);
	kv_done(&e->field_errors);
	free(e->body);
	free(e->saved_path);
	free(e);
	*ev = NULL;
}

struct worker_event *worker_event_for(const struct job *j, enum event_kind k)
{
	struct worker_event *ev = calloc(1, sizeof *ev);

	if (!ev)
		return NULL;
	ev->kind = k;
	ev->id = j->id;
	ev->req_kind = j->req->kind;
	ev->res = j->req->res;
	ev->group = j->req->group;
	ev->tag = j->req->tag;
	ev->attempt = j->attempt;
	return ev;
}

/* Queues an event for the front end and wakes it. The byte is written
 * under the lock so that worker_next never drains a byte whose event it
 * has not yet seen. */
/* Whether a cancel drops ev: a sent POST's answer is always delivered. */
static bool cancel_drops(const struct cancel *c, const struct worker_event *ev)
{
	if (ev->req_kind == REQ_POST)
		return false;
	return c->by_group ? ev->group == c->value : ev->id == c->value;
}

void worker_push_event(struct worker *w, struct worker_event *ev)
{
	struct event_node *n = calloc(1, sizeof *n);
	char byte = 1;
	ssize_t rc;

	if (!n) {
		worker_event_free(&ev);
		return;
	}
	n->ev = ev;
	worker_scrub_event(w, ev);
	pthread_mutex_lock(&w->lock);
	/* Cancelled after its job finished but before this thread saw the
	 * cancel: the front end has left the view, so it never arrives. */
	for (const struct cancel *c = w->cancels; c; c = c->next)
		if (cancel_drops(c, ev)) {
			pthread_mutex_unlock(&w->lock);
			worker_event_free(&n->ev);
			free(n);
			return;
		}
	if (w->ev_tail)
		w->ev_tail->next = n;
	else
		w->ev_head = n;
	w->ev_tail = n;
	rc = write(w->pipe_wr, &byte, 1);
	(void)rc;   /* a full pipe already means "wake up" */
	pthread_mutex_unlock(&w->lock);
}

/* ---- what the worker waits for ---------------------------------------- */

/* "METHOD /path" of a job, without scheme, host or query. */
static void wait_request(const struct job *j, char *out, size_t outlen)
{
	const char *p = j->path, *scheme = strstr(p, "://");
	const char *method = "GET";

	if (scheme && strchr(scheme + 3, '/'))
		p = strchr(scheme + 3, '/');
	if (j->internal == JOB_TOKEN ||
	    (j->internal == JOB_API && j->req->kind == REQ_POST))
		method = "POST";
	else if (j->internal == JOB_API && j->req->kind == REQ_DELETE)
		method = "DELETE";
	snprintf(out, outlen, "%s %.*s", method, (int)strcspn(p, "?"), p);
}

void worker_publish_wait(struct worker *w)
{
	const struct job *rate = NULL, *run = NULL, *retry = NULL, *budget = NULL;
	const struct job *pick;
	struct worker_wait ww;

	memset(&ww, 0, sizeof ww);
	for (const struct job *j = w->jobs; j; j = j->next) {
		if (j->revalidate)
			continue;   /* nobody waits for it */
		if (j->state == JOB_RUNNING) {
			if (!run || j->call.started < run->call.started)
				run = j;
		} else if (j->state == JOB_BACKOFF && j->retry_status == 429) {
			if (!rate || j->due > rate->due)
				rate = j;
		} else if (j->state == JOB_BACKOFF) {
			if (!retry || j->due < retry->due)
				retry = j;
		} else if (j->state == JOB_READY && j->budget_wait) {
			if (!budget || j->due < budget->due)
				budget = j;
		}
	}
	/* A rate limit says how long; else what is on the wire; else the
	 * next retry. */
	pick = rate ? rate : budget ? budget : run ? run : retry;
	if (pick) {
		ww.kind = pick == run ? WAIT_ANSWER :
		          pick == budget ? WAIT_BUDGET : WAIT_RETRY;
		http_url_host(pick->call.url ? pick->call.url :
		              pick->internal == JOB_TOKEN ? pick->path :
		              w->cfg.base_url, ww.host, sizeof ww.host);
		wait_request(pick, ww.request, sizeof ww.request);
		ww.until = pick->due;
		ww.retry_status = pick == budget ? 429 : pick->retry_status;
		snprintf(ww.reason, sizeof ww.reason, "%s", pick->retry_reason);
		ww.attempt = pick->attempt;
		ww.max_attempts = w->policy.max_attempts;
	}
	pthread_mutex_lock(&w->lock);
	w->wait = ww;
	pthread_mutex_unlock(&w->lock);
}

void worker_waiting(struct worker *w, struct worker_wait *out)
{
	pthread_mutex_lock(&w->lock);
	*out = w->wait;
	pthread_mutex_unlock(&w->lock);
}

void worker_wait_text(const struct worker_wait *ww, double now, long waited_s,
                      char *out, size_t outlen)
{
	int attempt = ww->attempt + (ww->kind != WAIT_ANSWER);
	long left = 0;
	char note[80] = "";
	const char *open, *close;
	size_t n = 0;

	if (ww->kind != WAIT_ANSWER && ww->until > now)
		left = (long)(ww->until - now + 0.999);
	/* "3 s, attempt 2 of 5", with what there is to say: a rate limit's
	 * line comes at once, when nothing was waited yet, and is no failure;
	 * a first attempt is no news. */
	if (ww->kind == WAIT_ANSWER)
		snprintf(note, sizeof note, "%ld s", waited_s);
	else if (waited_s > 0)
		snprintf(note, sizeof note, "waited %ld s", waited_s);
	n = strlen(note);
	if (ww->retry_status != 429 && ww->max_attempts > 1 && attempt > 1)
		snprintf(note + n, sizeof note - n, "%sattempt %d of %d",
		         n > 0 ? ", " : "", attempt, ww->max_attempts);
	open = *note ? " (" : "";
	close = *note ? ")" : "";
	if (ww->kind == WAIT_ANSWER)
		snprintf(out, outlen, "waiting for %s to answer %s%s%s%s",
		         ww->host, ww->request, open, note, close);
	else if (ww->kind == WAIT_BUDGET)
		snprintf(out, outlen, "keeping under the rate limit of %s: sending "
		         "%s in %ld s%s%s%s", ww->host, ww->request, left, open,
		         note, close);
	else if (ww->kind == WAIT_RETRY && ww->retry_status == 429)
		snprintf(out, outlen, "rate limited by %s: retrying %s in %ld s"
		         "%s%s%s", ww->host, ww->request, left, open, note, close);
	else if (ww->kind == WAIT_RETRY && ww->retry_status > 0)
		snprintf(out, outlen, "%s answered HTTP %d: retrying %s in %ld s"
		         "%s%s%s", ww->host, ww->retry_status, ww->request, left,
		         open, note, close);
	else if (ww->kind == WAIT_RETRY)
		snprintf(out, outlen, "network error with %s (%s): retrying %s in "
		         "%ld s%s%s%s", ww->host, ww->reason, ww->request, left,
		         open, note, close);
	else
		snprintf(out, outlen, "waiting (%ld s)", waited_s);
}

/* ---- the thread ------------------------------------------------------------ */

static void take_incoming(struct worker *w)
{
	struct job *in, *next;
	struct cancel *c, *cnext, *abandons;

	pthread_mutex_lock(&w->lock);
	in = w->incoming;
	w->incoming = NULL;
	c = w->cancels;
	w->cancels = NULL;
	abandons = w->abandons;
	w->abandons = NULL;
	pthread_mutex_unlock(&w->lock);

	/* Incoming jobs arrive newest first: reverse into submission order. */
	{
		struct job *rev = NULL;
		for (; in; in = next) {
			next = in->next;
			in->next = rev;
			rev = in;
		}
		for (; rev; rev = next) {
			next = rev->next;
			if (job_refused_read_only(w, rev))
				continue;
			job_append(w, rev);
			/* Answered from the cache file, when it has it. */
			(void)worker_cache_serve(w, rev);
		}
	}
	for (; c; c = cnext) {
		struct job *j = w->jobs, *jn;

		cnext = c->next;
		for (; j; j = jn) {
			jn = j->next;
			if (j->internal != JOB_API)
				continue;
			if (c->by_group ? j->req->group != c->value : j->id != c->value)
				continue;
			/* A POST on the wire may be applied: let it finish. */
			if (j->req->kind == REQ_POST && j->state == JOB_RUNNING)
				continue;
			job_finish(w, j, NULL);
		}
		free(c);
	}
	worker_apply_abandons(w, abandons);
}

/* Pass 0 starts the user's requests (and the token's), pass 1 the
 * prefetches, which leave the last slot free. */
static bool may_start(const struct worker *w, const struct job *j, int pass)
{
	bool background = j->internal == JOB_API && j->req->background;

	if (background != (pass == 1))
		return false;
	return w->running < (background ? MAX_RUNNING - 1u : MAX_RUNNING);
}

/* Whether the budget lets j go now (a prefetch leaves the last slot).
 * Held, j waits READY until due, and the front end hears of a wait of a
 * second or more, and again whenever it moves a second or more past what
 * it was told (a hold, then a learned-down window), so that its
 * countdown never sits at 0 s. */
static bool budget_allows(struct worker *w, struct job *j, int pass,
                          double now, double *next_due)
{
	bool probe;
	long wait = ratebudget_take(&w->budget, now, pass == 1, &probe);
	double due = now + (double)wait / 1000.0;

	if (wait == 0) {
		j->probe = probe;
		j->sent_at = now;
		j->budget_wait = false;
		return true;
	}
	j->budget_wait = true;
	j->due = due;
	if (*next_due < 0 || due < *next_due)
		*next_due = due;
	if (j->internal == JOB_API && wait >= 1000 &&
	    (j->told_due <= 0 || due > j->told_due + 1.0)) {
		struct worker_event *ev = worker_event_for(j, EV_WAITING);

		j->told_due = due;
		/* The front end may look at the wait as soon as it hears. */
		worker_publish_wait(w);
		if (ev) {
			ev->wait_ms = wait;
			ev->retry_status = 429;
			ev->budget = true;
			worker_push_event(w, ev);
		}
	}
	return false;
}

/* One pass over the jobs: wakes due back-offs, sends jobs without a token
 * to wait for one, and starts what may start. Returns false when a failure
 * freed jobs (the scan must restart). */
static bool scan_jobs(struct worker *w, int pass, double now, double *next_due)
{
	for (struct job *j = w->jobs; j; j = j->next) {
		if (j->state == JOB_BACKOFF && j->due <= now)
			j->state = JOB_READY;
		if (j->state == JOB_BACKOFF) {
			if (*next_due < 0 || j->due < *next_due)
				*next_due = j->due;
			continue;
		}
		if (j->state == JOB_READY && j->internal == JOB_API &&
		    !token_valid(&w->token, now)) {
			j->state = JOB_NEED_TOKEN;
			/* Appends the auth job: the scan meets it. */
			int rc = worker_ensure_auth(w);

			if (rc != 0) {
				worker_auth_failed(w, rc);
				return false;
			}
		}
		if (j->state != JOB_READY || !may_start(w, j, pass) ||
		    !budget_allows(w, j, pass, now, next_due))
			continue;
		if (job_start(w, j) != 0) {
			if (j->internal == JOB_API) {
				job_fail(w, j, HALO_ENOMEM, 0, "out of memory");
			} else {
				/* Dropped too, or the next scan would try it again
				 * for ever. */
				job_finish(w, j, NULL);
				worker_fail_waiting_for_token(w, HALO_ENOMEM, 0,
				                              "out of memory");
			}
			return false;
		}
	}
	return true;
}

/* Starts what can start, oldest first and the user's requests before
 * prefetches; returns ms until the next due back-off (-1 when none). */
static long start_ready(struct worker *w)
{
	double now, next_due;

restart:
	now = http_now();
	next_due = -1;
	for (int pass = 0; pass < 2; pass++)
		if (!scan_jobs(w, pass, now, &next_due))
			goto restart;
	if (next_due < 0)
		return -1;
	return (long)((next_due - now) * 1000.0) + 1;
}

/* Hands finished transfers to job_on_done; returns how many there were. */
static int collect_done(struct worker *w)
{
	CURLMsg *m;
	int left, done = 0;

	while ((m = curl_multi_info_read(w->multi, &left))) {
		struct http_call *c = NULL;

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&c);
		for (struct job *j = w->jobs; j; j = j->next)
			if (&j->call == c) {
				job_on_done(w, j, m->data.result);
				done++;
				break;
			}
	}
	return done;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	for (;;) {
		int still;
		long wait;

		pthread_mutex_lock(&w->lock);
		if (w->stop) {
			pthread_mutex_unlock(&w->lock);
			break;
		}
		pthread_mutex_unlock(&w->lock);
		take_incoming(w);
		/* A fast server can finish a transfer inside perform: keep going
		 * until nothing completes, or its message would wait forever. */
		do {
			wait = start_ready(w);
			curl_multi_perform(w->multi, &still);
		} while (collect_done(w) > 0);
		worker_publish_wait(w);
		/* Idle means idle: with no timer, sleep until woken. */
		curl_multi_poll(w->multi, NULL, 0, wait < 0 ? INT_MAX : (int)
		                (wait > INT_MAX ? INT_MAX : wait), NULL);
	}
	return NULL;
}

/* ---- public API ----------------------------------------------------------- */

/* *dst = a copy of src (NULL stays NULL); false when out of memory. */
static bool dup_field(char **dst, const char *src)
{
	*dst = src ? strdup(src) : NULL;
	return !src || *dst;
}

static int copy_settings(struct settings *d, const struct settings *s)
{
	bool ok;

	settings_init(d);
	/* Every string is checked: a lost tenant or ca_file would quietly
	 * change where the secret goes or which server is trusted. */
	ok = dup_field(&d->base_url, s->base_url) &&
	     dup_field(&d->tenant, s->tenant) &&
	     dup_field(&d->client_id, s->client_id) &&
	     dup_field(&d->client_secret, s->client_secret) &&
	     dup_field(&d->auth_url, s->auth_url) &&
	     dup_field(&d->scope, s->scope) &&
	     dup_field(&d->ca_file, s->ca_file) &&
	     dup_field(&d->profile, s->profile) &&
	     dup_field(&d->username, s->username);
	d->auth = s->auth;
	d->cache = s->cache;
	d->read_only = s->read_only;
	d->page_size = s->page_size;
	d->connect_timeout_ms = s->connect_timeout_ms;
	d->request_timeout_ms = s->request_timeout_ms;
	d->max_attempts = s->max_attempts;
	d->backoff_max_ms = s->backoff_max_ms;
	d->rate_limit = s->rate_limit;
	d->rate_window_ms = s->rate_window_ms;
	return ok && d->base_url ? 0 : -1;
}

static void worker_free_all(struct worker *w)
{
	while (w->jobs) {
		struct job *j = w->jobs;
		job_unlink(w, j);
		job_free(j);
	}
	while (w->incoming) {
		struct job *j = w->incoming;
		w->incoming = j->next;
		job_free(j);
	}
	while (w->cancels) {
		struct cancel *c = w->cancels;
		w->cancels = c->next;
		free(c);
	}
	while (w->abandons) {
		struct cancel *c = w->abandons;
		w->abandons = c->next;
		free(c);
	}
	while (w->ev_head) {
		struct event_node *n = w->ev_head;
		w->ev_head = n->next;
		worker_event_free(&n->ev);
		free(n);
	}
	if (w->multi)
		curl_multi_cleanup(w->multi);
	ratebudget_done(&w->budget);
	token_clear(&w->token);
	auth_wipe_free(w->form);
	auth_wipe_free(w->secret_form);
	auth_wipe_free(w->grant);
	for (size_t i = 0; i < sizeof w->grant_secrets / sizeof *w->grant_secrets;
	     i++)
		auth_wipe_free(w->grant_secrets[i]);
	login_state_done(&w->login);
	free(w->auth_url);
	free(w->auth_tenant);
	reqlog_close(&w->reqlog);
	settings_done(&w->cfg);
	if (w->pipe_rd >= 0)
		close(w->pipe_rd);
	if (w->pipe_wr >= 0)
		close(w->pipe_wr);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

/* Copies halotui login's grant: its form and the secrets it holds, the
 * password percent-encoded too (as the form sends it). */
static int copy_grant(struct worker *w, const struct worker_grant *g)
{
	size_t n = 0;

	w->grant_kind = g->kind;
	w->grant = strdup(g->form ? g->form : "");
	if (!w->grant)
		return -1;
	for (size_t i = 0; i < sizeof g->secrets / sizeof *g->secrets; i++) {
		char *enc;

		if (!g->secrets[i] ||
		    n >= sizeof w->grant_secrets / sizeof *w->grant_secrets)
			continue;
		if (!(w->grant_secrets[n++] = strdup(g->secrets[i])))
			return -1;
		enc = malloc(api_escaped_len(g->secrets[i]) + 1);
		if (!enc)
			return -1;
		*api_escape_to(enc, g->secrets[i]) = '\0';
		if (strcmp(enc, g->secrets[i]) != 0 &&
		    n < sizeof w->grant_secrets / sizeof *w->grant_secrets)
			w->grant_secrets[n++] = enc;
		else
			auth_wipe_free(enc);
	}
	return 0;
}

enum halo_status worker_start(struct worker **out, const struct settings *s,
                              const struct log_sink *log,
                              const char *reqlog_path, struct errbuf *err)
{
	return worker_start_login(out, s, log, reqlog_path, NULL, err);
}

enum halo_status worker_start_login(struct worker **out,
                                    const struct settings *s,
                                    const struct log_sink *log,
                                    const char *reqlog_path,
                                    const struct worker_grant *grant,
                                    struct errbuf *err)
{
	struct worker *w;
	int fds[2];
	enum halo_status st;

	*out = NULL;
	w = calloc(1, sizeof *w);
	if (!w)
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	w->pipe_rd = w->pipe_wr = -1;
	pthread_mutex_init(&w->lock, NULL);
	worker_log_init(w, log);
	w->next_id = 1;
	if (copy_settings(&w->cfg, s) != 0 || worker_secret_form(w) != 0 ||
	    (grant && copy_grant(w, grant) != 0)) {
		worker_free_all(w);
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	retry_policy_default(&w->policy);
	w->policy.max_attempts = s->max_attempts;
	w->policy.max_ms = s->backoff_max_ms;
	if (ratebudget_init(&w->budget, s->rate_limit,
	                    (double)s->rate_window_ms / 1000.0,
	                    s->backoff_max_ms) != 0) {
		worker_free_all(w);
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	/* Lost to a failed copy, auth_url would silently become discovery. */
	if (s->auth_url && !(w->auth_url = strdup(s->auth_url))) {
		worker_free_all(w);
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	/* A login asks for a token of its own. */
	if (!grant)
		worker_token_load(w);
	if (reqlog_path) {
		st = reqlog_open(&w->reqlog, reqlog_path, err);
		if (st != HALO_OK) {
			worker_free_all(w);
			return st;
		}
	}
	if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
		worker_free_all(w);
		return errbuf_set(err, HALO_EIO, "pipe: %s", strerror(errno));
	}
	w->pipe_rd = fds[0];
	w->pipe_wr = fds[1];
	w->multi = curl_multi_init();
	if (!w->multi) {
		worker_free_all(w);
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	curl_multi_setopt(w->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
	                  (long)(MAX_RUNNING + MAX_ABANDONED));
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		worker_free_all(w);
		return errbuf_set(err, HALO_EIO, "cannot start the worker thread");
	}
	*out = w;
	return HALO_OK;
}

int worker_fd(const struct worker *w)
{
	return w->pipe_rd;
}

uint64_t worker_submit(struct worker *w, struct request *req)
{
	struct job *j;
	uint64_t id;

	if (!req)
		return 0;
	j = calloc(1, sizeof *j);
	if (j)
		j->path = request_path(req);
	if (!j || !j->path) {
		free(j);
		request_free(&req);
		return 0;
	}
	j->req = req;
	j->state = JOB_READY;
	atomic_fetch_add(&w->pending, 1);
	pthread_mutex_lock(&w->lock);
	id = w->next_id++;
	j->id = id;
	j->next = w->incoming;
	w->incoming = j;
	pthread_mutex_unlock(&w->lock);
	curl_multi_wakeup(w->multi);
	return id;
}

/* Drops the queued events that c cancels (the caller holds the lock). */
static void drop_events(struct worker *w, const struct cancel *c)
{
	struct event_node **p = &w->ev_head, *last = NULL;

	while (*p) {
		struct event_node *n = *p;

		if (cancel_drops(c, n->ev)) {
			*p = n->next;
			worker_event_free(&n->ev);
			free(n);
			continue;
		}
		last = n;
		p = &n->next;
	}
	w->ev_tail = last;
}

static void add_cancel(struct worker *w, bool by_group, uint64_t value)
{
	struct cancel *c = calloc(1, sizeof *c);
	struct job **p;

	if (!c)
		return;
	c->by_group = by_group;
	c->value = value;
	pthread_mutex_lock(&w->lock);
	/* Not yet taken by the worker: drop here. */
	for (p = &w->incoming; *p;) {
		struct job *j = *p;
		if (by_group ? j->req->group == value : j->id == value) {
			*p = j->next;
			job_free(j);
			atomic_fetch_sub(&w->pending, 1);
			continue;
		}
		p = &j->next;
	}
	drop_events(w, c);
	c->next = w->cancels;
	w->cancels = c;
	pthread_mutex_unlock(&w->lock);
	curl_multi_wakeup(w->multi);
}

void worker_cancel_group(struct worker *w, unsigned group)
{
	add_cancel(w, true, group);
}

void worker_cancel(struct worker *w, uint64_t id)
{
	add_cancel(w, false, id);
}

struct worker_event *worker_next(struct worker *w)
{
	struct event_node *n;
	struct worker_event *ev = NULL;

	pthread_mutex_lock(&w->lock);
	if (!w->ev_head) {
		char buf[256];
		while (read(w->pipe_rd, buf, sizeof buf) > 0)
			;
	}
	n = w->ev_head;
	if (n) {
		w->ev_head = n->next;
		if (!w->ev_head)
			w->ev_tail = NULL;
		ev = n->ev;
		free(n);
	}
	pthread_mutex_unlock(&w->lock);
	return ev;
}

unsigned worker_pending(const struct worker *w)
{
	return atomic_load(&((struct worker *)w)->pending);
}

void worker_stop(struct worker **wp)
{
	struct worker *w;

	if (!wp || !*wp)
		return;
	w = *wp;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_mutex_unlock(&w->lock);
	curl_multi_wakeup(w->multi);
	pthread_join(w->thread, NULL);
	worker_free_all(w);
	*wp = NULL;
}
