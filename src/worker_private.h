/* SPDX-License-Identifier: MIT */
/* Shared by the worker*.c files only; the contract for everyone else is
 * worker.h. The fields of struct worker marked "under lock" are shared
 * with the front end's thread; the rest, and every job on w->jobs, belong
 * to the worker thread, where the functions below run unless they say
 * otherwise.
 *   worker.c       the thread loop, the queues, events, the public calls
 *   worker_jobs.c  a job's life: paths, attempts, completion, retries
 *   worker_auth.c  finding the token server and getting a token
 *   worker_login.c a per-user login: its grant, refresh tokens, rotation
 *   worker_cache.c the token, authinfo and cached GETs kept between runs
 *   worker_scrub.c keeping the token and the secret out of what it reports */
#ifndef HALO_WORKER_PRIVATE_H
#define HALO_WORKER_PRIVATE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <curl/curl.h>

#include "auth.h"
#include "http.h"
#include "log.h"
#include "oauth.h"
#include "ratebudget.h"
#include "refreshstore.h"
#include "reqlog.h"
#include "retry.h"
#include "settings.h"
#include "worker.h"

/* Requests on the wire at once: the server allows about 300 a 5 minutes,
 * and a prefetch must not starve the user's own request. */
#define MAX_RUNNING 4
/* Abandoned transfers (worker_abandon) still on the wire, besides those:
 * together at most MAX_RUNNING + MAX_ABANDONED connections. */
#define MAX_ABANDONED 4

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
	bool revalidate;          /* answered from the cache already: its
	                           * answer only replaces the cache file */
	unsigned token_gen;       /* token generation the attempt used */
	char *path;               /* path and query (logged) */
	int retry_status;         /* JOB_BACKOFF: the status that caused it */
	double sent_at;           /* when the budget let the attempt go */
	bool probe;               /* the one request sent after a 429 hold */
	bool budget_wait;         /* JOB_READY, held by the budget until due */
	double told_due;          /* when its last EV_WAITING said it goes
	                           * (0: none): a later wait is told again */
	char retry_reason[80];    /* JOB_BACKOFF: the network error, or "" */
	char *auth_header;        /* secret; wiped */
	struct http_call call;
	bool abandoned;           /* running, but nobody waits: holds no slot
	                           * of MAX_RUNNING, is not tried again */
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
	struct cancel *abandons;   /* under lock; worker_abandon's ids */
	struct event_node *ev_head, *ev_tail;  /* under lock */
	uint64_t next_id;          /* under lock */
	struct worker_wait wait;   /* under lock; see worker_waiting */
	atomic_uint pending;

	/* Owned by the worker thread from here on. */
	struct settings cfg;       /* copies of what the session needs */
	struct log_sink log;        /* scrubs, then writes to front_log */
	struct log_sink front_log;  /* the front end's sink */
	struct reqlog *reqlog;
	struct retry_policy policy;
	struct ratebudget budget;  /* every request draws from it first */
	struct job *jobs;
	unsigned running;          /* transfers that hold a slot */
	unsigned abandoned;        /* abandoned transfers on the wire */
	struct token token;
	char *auth_url;            /* known token server; NULL until found */
	char *auth_tenant;         /* authinfo's tenant_id when none is set */
	struct job *auth_job;      /* the authinfo or token job in flight */
	char *form;                /* token request body (secret) */
	enum oauth_grant form_grant; /* what form asks for */
	char *secret_form;         /* the secret percent-encoded, when that
	                            * differs (secret; wiped) */

	/* The per-user flows (worker_login.c). */
	struct login_state login;  /* the refresh token (secret) and who */
	char *grant;               /* halotui login's form until it is sent */
	enum oauth_grant grant_kind;
	char *grant_secrets[6];    /* scrubbed like the token; wiped */
	bool login_retried;        /* an invalid_grant read the store again */
	char login_msg[512];       /* why there is no login any more */
};

/* What worker_ensure_auth returns besides 0. */
#define WORKER_AUTH_NOMEM (-1)
#define WORKER_AUTH_NO_LOGIN (-2)   /* a per-user flow without a login */

/* ---- worker.c ---- */

/* A new EV_DONE or EV_WAITING event about j; NULL when out of memory. */
struct worker_event *worker_event_for(const struct job *j, enum event_kind k);

/* Queues ev for the front end (taking it) and wakes the front end. */
void worker_push_event(struct worker *w, struct worker_event *ev);

/* Publishes what the worker waits for now (worker_waiting). */
void worker_publish_wait(struct worker *w);

/* ---- worker_jobs.c ---- */

/* Frees a job that is on no list (either thread). */
void job_free(struct job *j);

/* Takes j off the job list and, when running, off the multi handle. */
void job_unlink(struct worker *w, struct job *j);

/* Finishes a job: unlinks and frees it, delivering ev (NULL: nothing, as
 * when cancelled). */
void job_finish(struct worker *w, struct job *j, struct worker_event *ev);

/* Finishes an API job with an EV_DONE event that says why it failed,
 * before its request was sent (so: POST_NOT_APPLIED). */
void job_fail(struct worker *w, struct job *j, enum halo_status st,
              int http_status, const char *msg);

/* A new API job j that would change something (any method but GET) on a
 * read-only profile: fails it at once with settings_check_write's
 * message, before the cache, the token, the rate budget or the wire see
 * it (POST_NOT_APPLIED), and returns true. Every API request enters the
 * worker through take_incoming, which asks this first: it is the one
 * place that keeps a read-only profile from changing the server. */
bool job_refused_read_only(struct worker *w, struct job *j);

/* "METHOD /path" of j's request without the query, for the end of a
 * message. */
void job_request_text(const struct job *j, char *out, size_t outlen);

/* text, then j's request: "text (GET /api/Tickets)". */
void job_message(const struct job *j, const char *text, char *out,
                 size_t outlen);

/* Path and query of r (owned), or NULL when out of memory. Called by
 * worker_submit on the front end's thread. */
char *request_path(const struct request *r);

/* Starts one attempt of j on the multi handle (the budget has let it
 * go); -1 when out of memory. */
int job_start(struct worker *w, struct job *j);

/* Puts j last: jobs are kept oldest first. */
void job_append(struct worker *w, struct job *j);

/* A new ready authinfo or token job for path (taken, freed on failure),
 * appended; NULL when out of memory. */
struct job *job_new_internal(struct worker *w, enum job_internal kind,
                             char *path);

/* A transfer of j finished with result: delivers, retries or fails it. */
void job_on_done(struct worker *w, struct job *j, CURLcode result);

/* ---- worker_download.c ---- */

/* Before each attempt of a REQ_DOWNLOAD: its file emptied, the call's
 * body going there. -1 when the file cannot be reset. */
int worker_download_start(struct job *j);

/* A download's 2xx: the file synced and named (attach_commit), ev says
 * where or why not; finishes j. */
void worker_download_done(struct worker *w, struct job *j,
                          struct worker_event *ev, int status);

/* ---- worker_abandon.c ---- */

/* Applies the abandons taken from w->abandons (freeing the list). */
void worker_apply_abandons(struct worker *w, struct cancel *list);

/* A transfer of j left the wire: frees its slot, or its place among the
 * abandoned. */
void worker_release_slot(struct worker *w, struct job *j);

/* ---- worker_auth.c ---- */

/* Fails every API job that waits for a token. */
void worker_fail_waiting_for_token(struct worker *w, enum halo_status st,
                                   int http_status, const char *msg);

/* Makes sure a token is on its way (or, for a per-user flow, takes the
 * one another halotui stored meanwhile). 0, WORKER_AUTH_NOMEM, or
 * WORKER_AUTH_NO_LOGIN. It fails no job itself: callers may be walking
 * the job list. */
int worker_ensure_auth(struct worker *w);

/* Fails every job that waits for a token with what a non-zero
 * worker_ensure_auth said. */
void worker_auth_failed(struct worker *w, int rc);

/* Lets every job that waited for a token go. */
void worker_tokens_ready(struct worker *w);

/* The authinfo or token job j finished with HTTP status (0: no answer). */
void worker_on_authinfo(struct worker *w, struct job *j, int status);
void worker_on_token(struct worker *w, struct job *j, int status);

/* ---- worker_cache.c ---- */

/* Loads the profile's cached token (at start). */
void worker_token_load(struct worker *w);
/* Saves the token just received; a failure is a warning. */
void worker_token_save(struct worker *w);
/* The server refused the token: its file goes too. */
void worker_token_drop(struct worker *w);

/* A fresh enough cached authinfo answer (owned, NUL-terminated), or
 * NULL. */
char *worker_authinfo_cached(struct worker *w, size_t *len);
/* Keeps an authinfo answer for later runs. */
void worker_authinfo_save(struct worker *w, const char *body, size_t len);

/* A new job whose request has cache_ttl_s: answers it from the cache
 * file when there is one. Returns true when j was finished (fresh); a
 * stale answer is delivered and j goes on as a background revalidation
 * (j->revalidate). */
bool worker_cache_serve(struct worker *w, struct job *j);
/* Keeps a successful answer of j (a request with cache_ttl_s). */
void worker_cache_save(struct worker *w, const struct job *j);

/* ---- worker_login.c: the per-user flows ---- */

/* Reads the stored login at start: the refresh token, who, and the
 * access token while it lives. */
void worker_login_load(struct worker *w);

/* Takes the login another halotui stored meanwhile (it rotated the
 * refresh token, or logged in again): 1 when that brought an access token
 * that can be used now (waiting jobs are let go), 0 when a refresh token
 * only, -1 when there is nothing new. */
int worker_login_reload(struct worker *w);

/* Sets w->form for the next token request: the login's grant once, else
 * the refresh token. 0, WORKER_AUTH_NOMEM or WORKER_AUTH_NO_LOGIN. */
int worker_login_form(struct worker *w);

/* A token reply of 200 was read into w->token: keeps its refresh token
 * and identity, and stores the login. */
void worker_login_took(struct worker *w, const struct job *j);

/* The token request j was refused with status: true when it was handled
 * here (j finished): a refused refresh token ends the login, unless
 * another halotui rotated it meanwhile (then its token is used). */
bool worker_login_refused(struct worker *w, struct job *j, int status);

/* The server refused the access token (401): the stored one goes too. */
void worker_login_drop_access(struct worker *w);

/* ---- worker_scrub.c ---- */

/* Sets w->secret_form from w->cfg; -1 when out of memory. */
int worker_secret_form(struct worker *w);

/* Makes w->log a sink that scrubs each line and hands it to front. */
void worker_log_init(struct worker *w, const struct log_sink *front);

/* Scrubs the error body of j as it arrives, before anything quotes it
 * (without memory for that, the body is dropped). */
void worker_scrub_body(struct worker *w, struct job *j);

/* Scrubs an event's message and field errors before it is queued. */
void worker_scrub_event(struct worker *w, struct worker_event *ev);

/* Writes j's line to the request log (if any), scrubbed. */
void worker_reqlog(struct worker *w, const struct job *j, const char *path,
                   int status, long ms, const char *note);

#endif
