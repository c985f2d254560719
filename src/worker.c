#include "config.h"
#include "worker.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <curl/curl.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "auth.h"
#include "http.h"
#include "reqlog.h"
#include "retry.h"

/* Requests on the wire at once: the server allows about 300 a 5 minutes,
 * and a prefetch must not starve the user's own request. */
#define MAX_RUNNING 4

enum job_state { JOB_READY, JOB_NEED_TOKEN, JOB_RUNNING, JOB_BACKOFF };
enum job_internal { JOB_API, JOB_AUTHINFO, JOB_TOKEN };

struct job {
	struct job *next;
	uint64_t id;
	enum job_internal internal;
	struct request *req;      /* JOB_API only */
	enum job_state state;
	int attempt;              /* attempts started */
	double due;               /* JOB_BACKOFF: monotonic seconds */
	bool replayed;            /* after one 401 */
	unsigned token_gen;       /* token generation the attempt used */
	char *path;               /* path and query (logged) */
	char *auth_header;        /* secret; wiped */
	struct http_call call;
};

struct cancel {
	struct cancel *next;
	bool by_group;
	uint64_t value;
};

struct event_node {
	struct event_node *next;
	struct worker_event *ev;
};

struct worker {
	pthread_t thread;
	pthread_mutex_t lock;
	int pipe_rd, pipe_wr;
	CURLM *multi;
	bool stop;                 /* under lock */
	struct job *incoming;      /* under lock; submitted, not yet taken */
	struct cancel *cancels;    /* under lock */
	struct event_node *ev_head, *ev_tail;  /* under lock */
	uint64_t next_id;          /* under lock */
	atomic_uint pending;

	/* Owned by the worker thread from here on. */
	struct settings cfg;       /* copies of what the session needs */
	struct log_sink log;
	struct reqlog *reqlog;
	struct retry_policy policy;
	struct job *jobs;
	unsigned running;
	struct token token;
	char *auth_url;            /* known token server; NULL until found */
	struct job *auth_job;      /* the authinfo or token job in flight */
	char *form;                /* token request body (secret) */
};

/* ---- requests and events ------------------------------------------------ */

struct request *request_new(enum req_kind kind, const struct resource *res)
{
	struct request *r = calloc(1, sizeof *r);

	if (r) {
		r->kind = kind;
		r->res = res;
	}
	return r;
}

void request_free(struct request **req)
{
	struct request *r;

	if (!req || !*req)
		return;
	r = *req;
	free(r->search);
	free(r->order);
	free(r->body);
	kv_done(&r->params);
	free(r);
	*req = NULL;
}

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
	free(e);
	*ev = NULL;
}

static struct worker_event *event_for(const struct job *j, enum event_kind k)
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
static void push_event(struct worker *w, struct worker_event *ev)
{
	struct event_node *n = calloc(1, sizeof *n);
	char byte = 1;
	ssize_t rc;

	if (!n) {
		worker_event_free(&ev);
		return;
	}
	n->ev = ev;
	pthread_mutex_lock(&w->lock);
	if (w->ev_tail)
		w->ev_tail->next = n;
	else
		w->ev_head = n;
	w->ev_tail = n;
	rc = write(w->pipe_wr, &byte, 1);
	(void)rc;   /* a full pipe already means "wake up" */
	pthread_mutex_unlock(&w->lock);
}

/* ---- jobs ---------------------------------------------------------------- */

static void job_free(struct job *j)
{
	http_call_done(&j->call);
	request_free(&j->req);
	auth_wipe_free(j->auth_header);
	free(j->path);
	free(j);
}

static void job_unlink(struct worker *w, struct job *j)
{
	for (struct job **p = &w->jobs; *p; p = &(*p)->next)
		if (*p == j) {
			*p = j->next;
			break;
		}
	if (j->state == JOB_RUNNING) {
		curl_multi_remove_handle(w->multi, j->call.easy);
		w->running--;
	}
	if (w->auth_job == j)
		w->auth_job = NULL;
}

/* Finishes an API job: delivers ev (may be NULL when cancelled). */
static void job_finish(struct worker *w, struct job *j, struct worker_event *ev)
{
	job_unlink(w, j);
	if (ev)
		push_event(w, ev);
	if (j->internal == JOB_API)
		atomic_fetch_sub(&w->pending, 1);
	job_free(j);
}

static void job_fail(struct worker *w, struct job *j, enum halo_status st,
                     int http_status, const char *msg)
{
	struct worker_event *ev = event_for(j, EV_DONE);

	if (ev) {
		ev->status = st;
		ev->http_status = http_status;
		snprintf(ev->message, sizeof ev->message, "%s", msg);
	}
	job_finish(w, j, ev);
}

static char *request_path(const struct request *r)
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
		if (r->params.n > 0) {
			/* Extra query for a single GET, e.g. includedetails. */
			size_t len = 1;
			for (size_t i = 0; i < r->params.n; i++)
				len += strlen(r->params.items[i].key) +
				       strlen(r->params.items[i].value) * 3 + 2;
			extra = calloc(1, len);
			if (!extra)
				return NULL;
			for (size_t i = 0; i < r->params.n; i++) {
				char *v = api_escape(r->params.items[i].value);
				size_t used = strlen(extra);
				if (!v) {
					free(extra);
					return NULL;
				}
				snprintf(extra + used, len - used, "%s%s=%s",
				         i ? "&" : "", r->params.items[i].key, v);
				free(v);
			}
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

static char *join_url(const char *base, const char *path)
{
	size_t n = strlen(base) + strlen(path) + 1;
	char *url = malloc(n);

	if (url)
		snprintf(url, n, "%s%s", base, path);
	return url;
}

/* Starts one attempt of j on the multi handle. */
static int job_start(struct worker *w, struct job *j)
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
	if (rc != 0 || curl_multi_add_handle(w->multi, j->call.easy) != CURLM_OK)
		return -1;
	j->attempt++;
	j->state = JOB_RUNNING;
	w->running++;
	return 0;
}

/* Jobs are kept oldest first, so that they start in submission order. */
static void job_append(struct worker *w, struct job *j)
{
	struct job **p = &w->jobs;

	while (*p)
		p = &(*p)->next;
	j->next = NULL;
	*p = j;
}

static struct job *job_new_internal(struct worker *w, enum job_internal kind,
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

/* ---- authentication ------------------------------------------------------ */

static void fail_waiting_for_token(struct worker *w, enum halo_status st,
                                   int http_status, const char *msg)
{
	struct job *j = w->jobs, *next;

	for (; j; j = next) {
		next = j->next;
		if (j->internal == JOB_API && j->state == JOB_NEED_TOKEN)
			job_fail(w, j, st, http_status, msg);
	}
}

static void start_token_request(struct worker *w)
{
	char *url = auth_token_url(w->auth_url, w->cfg.tenant);

	if (!w->form)
		w->form = auth_form_body(&w->cfg);
	if (!url || !w->form) {
		free(url);
		fail_waiting_for_token(w, HALO_ENOMEM, 0, "out of memory");
		return;
	}
	w->auth_job = job_new_internal(w, JOB_TOKEN, url);
}

/* Makes sure a token is on its way: discovers the token server once
 * (GET /api/authinfo, falling back to base_url/auth), then asks it. */
static void ensure_auth(struct worker *w)
{
	if (w->auth_job)
		return;
	if (w->auth_url) {
		start_token_request(w);
		return;
	}
	w->auth_job = job_new_internal(w, JOB_AUTHINFO, strdup("/api/authinfo"));
}

static void on_authinfo(struct worker *w, struct job *j, int status)
{
	char *found = NULL;

	if (status == 200)
		found = auth_parse_authinfo(j->call.body, j->call.len);
	free(w->auth_url);
	w->auth_url = found ? found : auth_default_url(w->cfg.base_url);
	log_msg(&w->log, LOG_DEBUG, "token server: %s", w->auth_url);
	job_finish(w, j, NULL);
	if (!w->auth_url) {
		fail_waiting_for_token(w, HALO_ENOMEM, 0, "out of memory");
		return;
	}
	start_token_request(w);
}

static void on_token(struct worker *w, struct job *j, int status)
{
	struct errbuf err;
	char msg[512];

	if (status == 200 &&
	    auth_parse_token(j->call.body, j->call.len, http_now(), &w->token,
	                     &err) == HALO_OK) {
		job_finish(w, j, NULL);
		for (struct job *a = w->jobs; a; a = a->next)
			if (a->state == JOB_NEED_TOKEN)
				a->state = JOB_READY;
		return;
	}
	if (status == 200)
		snprintf(msg, sizeof msg, "token response: %s", err.msg);
	else
		auth_error_text(status, j->call.body, j->call.len, msg, sizeof msg);
	job_finish(w, j, NULL);
	fail_waiting_for_token(w, HALO_EAUTH, status, msg);
}

/* ---- completion ---------------------------------------------------------- */

static void deliver_success(struct worker *w, struct job *j, int status)
{
	struct worker_event *ev = event_for(j, EV_DONE);
	struct errbuf err;
	enum halo_status st = HALO_OK;

	if (!ev) {
		job_finish(w, j, NULL);
		return;
	}
	ev->http_status = status;
	errbuf_clear(&err);
	if (j->req->kind == REQ_LIST)
		st = api_parse_list(j->req->res, j->call.body, j->call.len,
		                    &ev->page, &err);
	else if (j->req->kind != REQ_DELETE || j->call.len > 0)
		st = api_parse_item(j->req->res, j->call.body, j->call.len,
		                    &ev->record, &err);
	ev->status = st;
	if (st != HALO_OK) {
		snprintf(ev->message, sizeof ev->message, "%s %s: malformed "
		         "response: %s", http_method_name(j->call.method), j->path,
		         err.msg);
	} else {
		/* The raw body is handed over for --format json. */
		ev->body = j->call.body;
		ev->body_len = j->call.len;
		j->call.body = NULL;
		j->call.len = j->call.cap = 0;
	}
	job_finish(w, j, ev);
}

static void deliver_http_error(struct worker *w, struct job *j, int status)
{
	struct worker_event *ev = event_for(j, EV_DONE);
	char text[400];

	if (!ev) {
		job_finish(w, j, NULL);
		return;
	}
	api_error_text(status, j->call.body, j->call.len, text, sizeof text);
	snprintf(ev->message, sizeof ev->message, "%s: %s", j->path, text);
	ev->http_status = status;
	ev->status = status == 404 ? HALO_ENOTFOUND :
	             status == 429 ? HALO_ERATE :
	             status == 401 || status == 403 ? HALO_EAUTH : HALO_EHTTP;
	if (status == 400 || status == 422)
		api_error_fields(j->call.body, j->call.len, &ev->field_errors);
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
                           struct retry_input *in)
{
	long delay;

	in->attempt = j->attempt;
	delay = retry_delay_ms(&w->policy, in, time(NULL), random_u32());
	if (delay < 0)
		return false;
	j->state = JOB_BACKOFF;
	j->due = http_now() + (double)delay / 1000.0;
	log_msg(&w->log, LOG_INFO, "%s %s: %d, retrying in %.1f s (attempt %d)",
	        http_method_name(j->call.method), j->path, in->http_status,
	        (double)delay / 1000.0, j->attempt + 1);
	if (j->internal == JOB_API) {
		struct worker_event *ev = event_for(j, EV_WAITING);
		if (ev) {
			ev->wait_ms = delay;
			ev->retry_status = in->http_status;
			push_event(w, ev);
		}
	}
	return true;
}

/* A 401 from the API: the token expired or was revoked. Get a new one
 * once and replay the request once. */
static bool replay_after_401(struct worker *w, struct job *j)
{
	if (j->replayed)
		return false;
	j->replayed = true;
	if (j->token_gen == w->token.generation)
		token_clear(&w->token);
	j->attempt--;   /* the replay is not a retry */
	if (token_valid(&w->token, http_now())) {
		/* Another request already fetched a newer token. */
		j->state = JOB_READY;
		return true;
	}
	j->state = JOB_NEED_TOKEN;
	ensure_auth(w);
	return true;
}

static void on_done(struct worker *w, struct job *j, CURLcode result)
{
	struct retry_input in;
	char msg[400];
	int status;
	long ms;

	curl_multi_remove_handle(w->multi, j->call.easy);
	w->running--;
	j->state = JOB_BACKOFF;   /* not running any more; set properly below */
	status = http_call_outcome(&j->call, result, &in, msg, sizeof msg);
	ms = (long)((http_now() - j->call.started) * 1000.0);
	reqlog_write(w->reqlog, http_method_name(j->call.method), j->path,
	             status, ms, j->attempt,
	             result != CURLE_OK ? curl_easy_strerror(result) : NULL);

	if (status >= 200 && status < 300) {
		if (j->internal == JOB_AUTHINFO)
			on_authinfo(w, j, status);
		else if (j->internal == JOB_TOKEN)
			on_token(w, j, status);
		else
			deliver_success(w, j, status);
		return;
	}
	if (j->internal == JOB_API && status == 401 && replay_after_401(w, j))
		return;
	if (!http_call_fatal(result) && schedule_retry(w, j, &in))
		return;
	if (j->internal == JOB_AUTHINFO) {
		/* No discovery: Halo's usual layout is base_url/auth. */
		on_authinfo(w, j, status);
	} else if (j->internal == JOB_TOKEN && status == 0) {
		char text[512];
		snprintf(text, sizeof text, "cannot reach the token server %s: %s",
		         w->auth_url, msg);
		job_finish(w, j, NULL);
		fail_waiting_for_token(w, HALO_ETRANSPORT, 0, text);
	} else if (j->internal == JOB_TOKEN) {
		on_token(w, j, status);
	} else if (status == 0) {
		job_fail(w, j, HALO_ETRANSPORT, 0, msg);
	} else {
		deliver_http_error(w, j, status);
	}
}

/* ---- the thread ------------------------------------------------------------ */

static void take_incoming(struct worker *w)
{
	struct job *in, *next;
	struct cancel *c, *cnext;

	pthread_mutex_lock(&w->lock);
	in = w->incoming;
	w->incoming = NULL;
	c = w->cancels;
	w->cancels = NULL;
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
			job_append(w, rev);
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
}

/* Starts what can start, oldest first; returns ms until the next due
 * back-off (-1 when none). A failure frees jobs, so the scan restarts. */
static long start_ready(struct worker *w)
{
	double now, next_due;
	struct job *j;

restart:
	now = http_now();
	next_due = -1;
	for (j = w->jobs; j; j = j->next) {
		if (j->state == JOB_BACKOFF && j->due <= now)
			j->state = JOB_READY;
		if (j->state == JOB_BACKOFF) {
			if (next_due < 0 || j->due < next_due)
				next_due = j->due;
			continue;
		}
		if (j->state == JOB_READY && j->internal == JOB_API &&
		    !token_valid(&w->token, now)) {
			j->state = JOB_NEED_TOKEN;
			ensure_auth(w);   /* appends the auth job: the scan meets it */
		}
		if (j->state != JOB_READY || w->running >= MAX_RUNNING)
			continue;
		if (job_start(w, j) != 0) {
			if (j->internal == JOB_API)
				job_fail(w, j, HALO_ENOMEM, 0, "out of memory");
			else
				fail_waiting_for_token(w, HALO_ENOMEM, 0, "out of memory");
			goto restart;
		}
	}
	if (next_due < 0)
		return -1;
	return (long)((next_due - now) * 1000.0) + 1;
}

/* Hands finished transfers to on_done; returns how many there were. */
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
				on_done(w, j, m->data.result);
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
		/* Idle means idle: with no timer, sleep until woken. */
		curl_multi_poll(w->multi, NULL, 0, wait < 0 ? INT_MAX : (int)
		                (wait > INT_MAX ? INT_MAX : wait), NULL);
	}
	return NULL;
}

/* ---- public API ----------------------------------------------------------- */

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int copy_settings(struct settings *d, const struct settings *s)
{
	settings_init(d);
	d->base_url = dup_or_null(s->base_url);
	d->tenant = dup_or_null(s->tenant);
	d->client_id = dup_or_null(s->client_id);
	d->client_secret = dup_or_null(s->client_secret);
	d->auth_url = dup_or_null(s->auth_url);
	d->scope = dup_or_null(s->scope);
	d->ca_file = dup_or_null(s->ca_file);
	d->page_size = s->page_size;
	d->connect_timeout_ms = s->connect_timeout_ms;
	d->request_timeout_ms = s->request_timeout_ms;
	d->max_attempts = s->max_attempts;
	d->backoff_max_ms = s->backoff_max_ms;
	if (!d->base_url || (s->client_secret && !d->client_secret) ||
	    (s->client_id && !d->client_id))
		return -1;
	return 0;
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
	while (w->ev_head) {
		struct event_node *n = w->ev_head;
		w->ev_head = n->next;
		worker_event_free(&n->ev);
		free(n);
	}
	if (w->multi)
		curl_multi_cleanup(w->multi);
	token_clear(&w->token);
	auth_wipe_free(w->form);
	free(w->auth_url);
	reqlog_close(&w->reqlog);
	settings_done(&w->cfg);
	if (w->pipe_rd >= 0)
		close(w->pipe_rd);
	if (w->pipe_wr >= 0)
		close(w->pipe_wr);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

enum halo_status worker_start(struct worker **out, const struct settings *s,
                              const struct log_sink *log,
                              const char *reqlog_path, struct errbuf *err)
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
	if (log)
		w->log = *log;
	w->next_id = 1;
	if (copy_settings(&w->cfg, s) != 0) {
		worker_free_all(w);
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	retry_policy_default(&w->policy);
	w->policy.max_attempts = s->max_attempts;
	w->policy.max_ms = s->backoff_max_ms;
	if (s->auth_url)
		w->auth_url = strdup(s->auth_url);
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
	curl_multi_setopt(w->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)MAX_RUNNING);
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
