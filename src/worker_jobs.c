/* SPDX-License-Identifier: MIT */
/* A job's life on the worker thread: its path, each attempt on the multi
 * handle, and what a finished transfer leads to (an event, a retry after a
 * back-off, a replay after a 401, or a failure). */
#include "config.h"
#include "worker_private.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <curl/curl.h>
#include <openssl/rand.h>

#include "api.h"
#include "auth.h"
#include "http.h"
#include "hint.h"
#include "reqlog.h"
#include "retry.h"

/* ---- jobs ---------------------------------------------------------------- */

void job_free(struct job *j)
{
	http_call_done(&j->call);
	request_free(&j->req);
	auth_wipe_free(j->auth_header);
	free(j->path);
	free(j);
}

void job_unlink(struct worker *w, struct job *j)
{
	for (struct job **p = &w->jobs; *p; p = &(*p)->next)
		if (*p == j) {
			*p = j->next;
			break;
		}
	if (j->state == JOB_RUNNING) {
		curl_multi_remove_handle(w->multi, j->call.easy);
		worker_release_slot(w, j);
	}
	/* A probe dropped unanswered: another one may go. */
	if (j->probe)
		ratebudget_on_end(&w->budget, http_now(), true, false);
	j->probe = false;
	if (w->auth_job == j)
		w->auth_job = NULL;
}

/* Finishes an API job: delivers ev (may be NULL when cancelled). */
void job_finish(struct worker *w, struct job *j, struct worker_event *ev)
{
	job_unlink(w, j);
	/* A revalidation's front end had its answer from the cache. */
	if (j->revalidate)
		worker_event_free(&ev);
	/* Not pending any more before the front end can see the event. */
	else if (j->internal == JOB_API)
		atomic_fetch_sub(&w->pending, 1);
	if (ev)
		worker_push_event(w, ev);
	job_free(j);
}

void job_fail(struct worker *w, struct job *j, enum halo_status st,
              int http_status, const char *msg)
{
	struct worker_event *ev = worker_event_for(j, EV_DONE);

	if (ev) {
		ev->status = st;
		ev->http_status = http_status;
		/* Every caller fails a job before its request left: no token,
		 * no memory. A transfer that broke is transport_failed's. */
		ev->outcome = POST_NOT_APPLIED;
		snprintf(ev->message, sizeof ev->message, "%s", msg);
	}
	job_finish(w, j, ev);
}

/* "METHOD /path" of j's request, without the query (the request log has
 * it), for the end of a message: "what happened: what to do (GET
 * /api/Tickets)". The reason and the advice come first, so that a narrow
 * terminal cuts the path and not them. The token request names its
 * server's URL, which may not be base_url's. */
void job_request_text(const struct job *j, char *out, size_t outlen)
{
	const char *path = j->path, *method = "GET";
	size_t n;

	if (j->internal == JOB_TOKEN)
		method = "POST";
	else if (j->internal == JOB_API && j->req->kind == REQ_POST)
		method = "POST";
	else if (j->internal == JOB_API && j->req->kind == REQ_DELETE)
		method = "DELETE";
	n = strcspn(path, "?");
	snprintf(out, outlen, "%s %.*s", method, (int)n, path);
}

void job_message(const struct job *j, const char *text, char *out,
                 size_t outlen)
{
	char req[300];

	job_request_text(j, req, sizeof req);
	snprintf(out, outlen, "%s (%s)", text, req);
}

/* A single GET's extra query: the table's fixed part (tickets:
 * "includedetails=true"), then the request's own "k=v" pairs, escaped.
 * NULL when out of memory. */
static char *get_query(const char *fixed, const struct kv_list *params)
{
	size_t flen = fixed ? strlen(fixed) : 0, len = flen + 1;
	char *q, *p;

	for (size_t i = 0; i < params->n; i++)
		len += api_escaped_len(params->items[i].key) +
		       api_escaped_len(params->items[i].value) + 2;
	q = malloc(len);
	if (!q)
		return NULL;
	memcpy(q, fixed ? fixed : "", flen);
	p = q + flen;
	for (size_t i = 0; i < params->n; i++) {
		if (p > q)
			*p++ = '&';
		p = api_escape_to(p, params->items[i].key);
		*p++ = '=';
		p = api_escape_to(p, params->items[i].value);
	}
	*p = '\0';
	return q;
}

char *request_path(const struct request *r)
{
	struct list_query q = { 0 };
	char *extra = NULL, *path;

	switch (r->kind) {
	case REQ_LIST:
		q.search = r->search;
		q.params = &r->params;
		q.order = r->order;
		q.orderdesc = r->orderdesc;
		q.ticket_id = r->ticket_id;
		q.count = r->count;
		return api_list_path(r->res, &q, r->page_no, r->page_size);
	case REQ_GET:
		if (r->params.n > 0 || r->res->item_query) {
			extra = get_query(r->res->item_query, &r->params);
			if (!extra)
				return NULL;
		}
		path = api_item_path(r->res, r->id, r->ticket_id, extra);
		free(extra);
		return path;
	case REQ_DELETE:
		return api_item_path(r->res, r->id, r->ticket_id, NULL);
	case REQ_POST:
		return api_collection_path(r->res);
	case REQ_ME:
		return strdup("/api/Agent/me");
	case REQ_DOWNLOAD:
		return api_item_path(r->res, r->id, 0, NULL);
	}
	return NULL;
}

static enum http_method request_method(const struct request *r)
{
	if (r->kind == REQ_POST)
		return HTTP_POST;
	if (r->kind == REQ_DELETE)
		return HTTP_DELETE;
	return HTTP_GET;
}

bool job_refused_read_only(struct worker *w, struct job *j)
{
	struct errbuf err;

	if (request_method(j->req) == HTTP_GET ||
	    settings_check_write(&w->cfg, &err) == HALO_OK)
		return false;
	job_fail(w, j, HALO_EREADONLY, 0, err.msg);
	return true;
}

static char *join_url(const char *base, const char *path)
{
	size_t n = strlen(base) + strlen(path) + 1;
	char *url = malloc(n);

	if (url)
		snprintf(url, n, "%s%s", base, path);
	return url;
}

/* Whether two URLs name the same host: the token server given by
 * /api/authinfo or auth_url may live elsewhere, and a message must then
 * point at auth_url, not base_url. */
static bool same_host(const char *a, const char *b)
{
	char ha[256], hb[256];

	http_url_host(a, ha, sizeof ha);
	http_url_host(b, hb, sizeof hb);
	return strcasecmp(ha, hb) == 0;
}

/* Starts one attempt of j on the multi handle. */
int job_start(struct worker *w, struct job *j)
{
	enum http_method m = HTTP_GET;
	const char *post = NULL, *ctype = NULL, *base = w->cfg.base_url;
	char *url;
	int rc;

	if (j->internal == JOB_API) {
		m = request_method(j->req);
		post = j->req->kind == REQ_POST ? j->req->body : NULL;
		ctype = "application/json";
		auth_wipe_free(j->auth_header);
		j->auth_header = token_header(&w->token);
		j->token_gen = w->token.generation;
		if (!j->auth_header)
			return -1;
	} else if (j->internal == JOB_TOKEN) {
		m = HTTP_POST;
		post = w->form;
		ctype = "application/x-www-form-urlencoded";
		base = "";
	}
	url = join_url(base, j->path);
	if (!url)
		return -1;
	http_call_done(&j->call);
	rc = http_call_init(&j->call, &w->cfg, m, url, j->auth_header, post, ctype);
	free(url);
	if (rc != 0)
		return -1;
	if (j->internal == JOB_API && j->req->kind == REQ_DOWNLOAD &&
	    worker_download_start(j) != 0)
		return -1;
	if (j->internal == JOB_TOKEN && !same_host(w->cfg.base_url, j->path))
		j->call.url_key = "auth_url";
	if (curl_multi_add_handle(w->multi, j->call.easy) != CURLM_OK)
		return -1;
	j->attempt++;
	j->state = JOB_RUNNING;
	w->running++;
	return 0;
}

/* Jobs are kept oldest first, so that they start in submission order. */
void job_append(struct worker *w, struct job *j)
{
	struct job **p = &w->jobs;

	while (*p)
		p = &(*p)->next;
	j->next = NULL;
	*p = j;
}

struct job *job_new_internal(struct worker *w, enum job_internal kind,
                             char *path)
{
	struct job *j = calloc(1, sizeof *j);

	if (!j) {
		free(path);
		return NULL;
	}
	j->internal = kind;
	j->path = path;
	j->state = JOB_READY;
	job_append(w, j);
	return j;
}

/* ---- completion ---------------------------------------------------------- */

static void deliver_success(struct worker *w, struct job *j, int status)
{
	struct worker_event *ev = worker_event_for(j, EV_DONE);
	struct errbuf err;
	enum halo_status st = HALO_OK;

	if (!ev) {
		job_finish(w, j, NULL);
		return;
	}
	if (j->req->kind == REQ_DOWNLOAD) {
		worker_download_done(w, j, ev, status);
		return;
	}
	ev->http_status = status;
	/* The server said yes: whatever the body holds, it was applied. */
	ev->outcome = POST_APPLIED;
	errbuf_clear(&err);
	if (j->req->kind == REQ_LIST)
		st = api_parse_list(j->req->res, j->call.body.s, j->call.body.len,
		                    &ev->page, &err);
	else if (j->req->kind != REQ_DELETE || j->call.body.len > 0)
		st = api_parse_item(j->req->res, j->call.body.s, j->call.body.len,
		                    &ev->record, &err);
	ev->status = st;
	if (st != HALO_OK) {
		char text[sizeof err.msg + 40];

		snprintf(text, sizeof text, "malformed response from the "
		         "server: %s", err.msg);
		job_message(j, text, ev->message, sizeof ev->message);
	} else {
		worker_cache_save(w, j);
		/* The raw body is handed over for --format json. */
		ev->body_len = j->call.body.len;
		ev->body = strbuf_take(&j->call.body);
	}
	job_finish(w, j, ev);
}

/* An answer that is not a 2xx: a 4xx is a refusal, and so is a 503 with
 * Retry-After ("not now": the request was not run, which is why a POST may
 * be retried after one). Any other 5xx came after the body was sent, and
 * the server may have applied it before failing. */
static enum post_outcome refused_outcome(int status, const char *retry_after)
{
	if (status >= 400 && status < 500)
		return POST_NOT_APPLIED;
	if (status == 503 && retry_after && retry_after[0])
		return POST_NOT_APPLIED;
	return POST_MAYBE_APPLIED;
}

static void deliver_http_error(struct worker *w, struct job *j, int status)
{
	struct worker_event *ev = worker_event_for(j, EV_DONE);
	char text[400];

	if (!ev) {
		job_finish(w, j, NULL);
		return;
	}
	api_error_text(status, j->call.body.s, j->call.body.len, text, sizeof text);
	job_message(j, text, ev->message, sizeof ev->message);
	if (status == 403) {
		/* Scopes or permissions (HALO_API.md F7) first, then the
		 * server's own words. */
		char said[sizeof ev->message];
		size_t used;

		snprintf(said, sizeof said, "%s", ev->message);
		hint_forbidden(http_method_name(j->call.method),
		               j->req ? j->req->res : NULL, ev->message,
		               sizeof ev->message);
		used = strlen(ev->message);
		snprintf(ev->message + used, sizeof ev->message - used,
		         " (the server said: %s)", said);
	}
	ev->http_status = status;
	ev->outcome = refused_outcome(status, j->call.retry_after);
	ev->status = status == 404 ? HALO_ENOTFOUND :
	             status == 429 ? HALO_ERATE :
	             status == 401 || status == 403 ? HALO_EAUTH : HALO_EHTTP;
	if (status == 400 || status == 422)
		api_error_fields(j->call.body.s, j->call.body.len, &ev->field_errors);
	job_finish(w, j, ev);
}

static uint32_t random_u32(void)
{
	uint32_t r = 0;

	if (RAND_bytes((unsigned char *)&r, sizeof r) != 1)
		r = (uint32_t)time(NULL) * 2654435761u;
	return r;
}

/* Schedules another attempt when the policy allows one; else false. */
static bool schedule_retry(struct worker *w, struct job *j,
                           struct retry_input *in, const char *reason)
{
	long delay;

	in->attempt = j->attempt;
	delay = retry_delay_ms(&w->policy, in, time(NULL), random_u32());
	if (delay < 0)
		return false;
	j->state = JOB_BACKOFF;
	j->due = http_now() + (double)delay / 1000.0;
	j->retry_status = in->http_status;
	snprintf(j->retry_reason, sizeof j->retry_reason, "%s", reason);
	log_msg(&w->log, LOG_INFO, "%s %s: %d, retrying in %.1f s (attempt %d)",
	        http_method_name(j->call.method), j->path, in->http_status,
	        (double)delay / 1000.0, j->attempt + 1);
	/* The front end may look at the wait as soon as it hears of it. */
	worker_publish_wait(w);
	if (j->internal == JOB_API && !j->revalidate) {
		struct worker_event *ev = worker_event_for(j, EV_WAITING);
		if (ev) {
			ev->wait_ms = delay;
			ev->retry_status = in->http_status;
			worker_push_event(w, ev);
		}
	}
	return true;
}

/* A 429 holds the whole worker (ratebudget): j goes back to the queue
 * until the hold ends, and then waits its turn like every other request;
 * it does not retry on its own. A POST refused with 429 was not applied,
 * so it may go again. False when j has had its attempts. */
static bool hold_after_429(struct worker *w, struct job *j,
                           const struct retry_input *in)
{
	double now = http_now();
	long hold = ratebudget_on_429(&w->budget, now, j->sent_at, j->probe,
	                              retry_after_ms(in->retry_after,
	                                             time(NULL)),
	                              random_u32());

	j->probe = false;
	if (j->attempt >= w->policy.max_attempts)
		return false;
	j->state = JOB_BACKOFF;
	j->due = now + (double)hold / 1000.0;
	j->told_due = j->due;
	j->retry_status = 429;
	j->retry_reason[0] = '\0';
	if (hold <= 0)
		return true;   /* sent before the hold: it waits in the queue */
	log_msg(&w->log, LOG_INFO, "%s %s: 429, every request held for %.1f s "
	        "(attempt %d next)", http_method_name(j->call.method), j->path,
	        (double)hold / 1000.0, j->attempt + 1);
	worker_publish_wait(w);
	if (j->internal == JOB_API) {
		struct worker_event *ev = worker_event_for(j, EV_WAITING);
		if (ev) {
			ev->wait_ms = hold;
			ev->retry_status = 429;
			worker_push_event(w, ev);
		}
	}
	return true;
}

/* A 401 from the API: the token expired or was revoked. Get a new one
 * once and replay the request once. */
static bool replay_after_401(struct worker *w, struct job *j)
{
	int rc;

	if (j->replayed)
		return false;
	j->replayed = true;
	if (j->token_gen == w->token.generation) {
		token_clear(&w->token);
		worker_token_drop(w);   /* a cached one, maybe: not again */
	}
	j->attempt--;   /* the replay is not a retry */
	if (token_valid(&w->token, http_now())) {
		/* Another request already fetched a newer token. */
		j->state = JOB_READY;
		return true;
	}
	j->state = JOB_NEED_TOKEN;
	rc = worker_ensure_auth(w);
	if (rc != 0)
		worker_auth_failed(w, rc);
	return true;
}

/* The path and query of a job for the request log: the token request
 * holds a whole URL, every line of the log shows just the path. */
static const char *path_of(const char *url)
{
	const char *scheme = strstr(url, "://");
	const char *slash = scheme ? strchr(scheme + 3, '/') : NULL;

	return slash ? slash : url;
}

/* The transfer broke without an answer that could be read. What the
 * server did depends on how far it got: no connection or nothing sent is
 * not applied; a status line of 2xx before the break (a reply cut short)
 * is applied; anything else after the request went out may have been. */
static void transport_failed(struct worker *w, struct job *j,
                             const struct retry_input *in, const char *msg)
{
	struct worker_event *ev = worker_event_for(j, EV_DONE);
	long seen = 0;

	if (!ev) {
		job_finish(w, j, NULL);
		return;
	}
	ev->status = HALO_ETRANSPORT;
	snprintf(ev->message, sizeof ev->message, "%s", msg);
	curl_easy_getinfo(j->call.easy, CURLINFO_RESPONSE_CODE, &seen);
	if (seen >= 200 && seen < 300)
		ev->outcome = POST_APPLIED;
	else if (in->failure == RETRY_CONNECT || !in->request_sent)
		ev->outcome = POST_NOT_APPLIED;
	else
		ev->outcome = POST_MAYBE_APPLIED;
	job_finish(w, j, ev);
}

void job_on_done(struct worker *w, struct job *j, CURLcode result)
{
	struct retry_input in;
	char msg[400], note[400], text[sizeof msg + 300];
	int status;
	long ms;

	curl_multi_remove_handle(w->multi, j->call.easy);
	worker_release_slot(w, j);
	j->state = JOB_BACKOFF;   /* not running any more; set properly below */
	status = http_call_outcome(&j->call, result, &in, msg, sizeof msg);
	ms = (long)((http_now() - j->call.started) * 1000.0);
	worker_reqlog(w, j, path_of(j->path), status, ms,
	              result != CURLE_OK ? curl_easy_strerror(result) :
	              hint_log_note(j->req, http_method_name(j->call.method),
	                            status, j->call.body.s, j->call.body.len,
	                            note, sizeof note));
	/* Before anything reads it: an error body may quote our secrets. */
	if (status < 200 || status >= 300)
		worker_scrub_body(w, j);
	/* Any answer but 429 from the probe ends a hold; none lets another
	 * probe go. */
	if (status != 429) {
		ratebudget_on_end(&w->budget, http_now(), j->probe, status != 0);
		j->probe = false;
	}

	if (status >= 200 && status < 300) {
		if (j->internal == JOB_AUTHINFO)
			worker_on_authinfo(w, j, status);
		else if (j->internal == JOB_TOKEN)
			worker_on_token(w, j, status);
		else
			deliver_success(w, j, status);
		return;
	}
	/* Nobody waits for an abandoned request: its failure is its answer. */
	if (j->internal == JOB_API && status == 401 && !j->abandoned &&
	    replay_after_401(w, j))
		return;
	/* An abandoned request is never retried, but its 429 still holds
	 * the budget for everyone else. */
	if (j->abandoned && status == 429) {
		ratebudget_on_429(&w->budget, http_now(), j->sent_at, j->probe,
		                  retry_after_ms(in.retry_after, time(NULL)),
		                  random_u32());
		j->probe = false;
	} else if (!j->abandoned &&
	           (status == 429 ? hold_after_429(w, j, &in) :
	            schedule_retry(w, j, &in, status ? "" :
	                           curl_easy_strerror(result))))
		return;
	job_message(j, msg, text, sizeof text);
	if (j->internal != JOB_API && status == 0) {
		/* No answer at all. Discovery would fall back to a token
		 * server on base_url's host, which did not answer either; the
		 * token server itself has nothing left to try. Every request
		 * waiting for a token fails with the reason. */
		job_finish(w, j, NULL);
		worker_fail_waiting_for_token(w, HALO_ETRANSPORT, 0, text);
	} else if (j->internal == JOB_AUTHINFO) {
		/* No discovery: Halo's usual layout is base_url/auth. */
		worker_on_authinfo(w, j, status);
	} else if (j->internal == JOB_TOKEN) {
		worker_on_token(w, j, status);
	} else if (status == 0) {
		transport_failed(w, j, &in, text);
	} else {
		deliver_http_error(w, j, status);
	}
}
