/* SPDX-License-Identifier: MIT */
/* The worker thread: owns the authenticated HTTP session (every curl
 * handle, the token, retry timers). Front ends submit requests and drain
 * events; they never wait on the network. The worker's only wait is
 * curl_multi_poll, woken by curl_multi_wakeup on submit and cancel.
 *
 * Threads: every function here is called from the front end's thread
 * (one thread). Events are read after worker_fd() becomes readable.
 * Ownership: worker_submit takes the request; worker_next hands over an
 * event that the caller frees with worker_event_free. */
#ifndef HALO_WORKER_H
#define HALO_WORKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "api.h"
#include "errbuf.h"
#include "kv.h"
#include "log.h"
#include "oauth.h"
#include "record.h"
#include "request.h"
#include "resource.h"
#include "settings.h"

enum event_kind {
	EV_DONE,     /* the request finished: ok or failed */
	EV_WAITING,  /* a retry is scheduled: wait_ms until it goes */
};

/* What a POST did on the server, as far as the client can know. The zero
 * value is the cautious one, so that an event nobody classified never
 * reads as "not applied" and invites a second send. */
enum post_outcome {
	POST_MAYBE_APPLIED = 0, /* sent, answer unknown: the connection broke,
	                         * timed out or was cut after the body went
	                         * out, or a 5xx came back */
	POST_NOT_APPLIED,       /* never sent (no connection, no token, a
	                         * read-only profile), or refused: a 4xx, or
	                         * a 503 with Retry-After */
	POST_APPLIED,           /* a 2xx, even one whose body cannot be read */
};

struct worker_event {
	enum event_kind kind;
	uint64_t id;             /* from worker_submit */
	enum req_kind req_kind;
	const struct resource *res;
	unsigned group;
	void *tag;
	int attempt;             /* attempts made so far */

	/* EV_DONE */
	enum halo_status status; /* HALO_OK or why not */
	int http_status;         /* 0 when the server never answered */
	char message[512];       /* for people, when status != HALO_OK */
	struct kv_list field_errors; /* per field, from a validation error */
	struct api_page page;    /* REQ_LIST */
	struct record *record;   /* REQ_GET, REQ_POST, REQ_ME, REQ_DELETE */
	char *body;              /* the raw body on success (for --format json) */
	size_t body_len;
	enum post_outcome outcome; /* REQ_POST: applied, not, or unknown; a 2xx
	                          * whose body is malformed has status
	                          * HALO_EPARSE and POST_APPLIED */

	char *saved_path;        /* REQ_DOWNLOAD: where the file now is */

	bool from_cache;         /* answered from halotui's cache file */
	long cache_age_s;        /* from_cache: seconds since it was saved */

	/* EV_WAITING */
	long wait_ms;
	int retry_status;        /* the status that caused it (429, 503, 0) */
	bool budget;             /* held by the client's own rate budget, not
	                          * by an answer (retry_status is then 429) */
};

void worker_event_free(struct worker_event **ev);

/* What the worker waits for, for a front end that tells its user (the
 * command line's "waiting for ..." line). */
enum wait_kind {
	WAIT_NONE,     /* nothing in flight */
	WAIT_ANSWER,   /* a request is on the wire, no answer yet */
	WAIT_RETRY,    /* a request waits to be tried again */
	WAIT_BUDGET,   /* a request waits for room in the rate budget */
};

struct worker_wait {
	enum wait_kind kind;
	char host[128];          /* the server: host[:port] */
	char request[160];       /* "GET /api/Tickets" (no query) */
	double until;            /* WAIT_RETRY, WAIT_BUDGET: monotonic seconds
	                          * when it may go */
	int retry_status;        /* WAIT_RETRY: 429, a 5xx, or 0 (network) */
	char reason[80];         /* WAIT_RETRY with status 0: the error */
	int attempt;             /* attempts made so far */
	int max_attempts;
};

struct worker;

/* Starts the thread. The worker keeps its own copies of what it needs from
 * s (the secret included; wiped at stop). reqlog_path, when set, receives
 * one line per HTTP request: time, method, path and query, status,
 * milliseconds, attempt; never a secret or token. */
enum halo_status worker_start(struct worker **out, const struct settings *s,
                              const struct log_sink *log,
                              const char *reqlog_path, struct errbuf *err);

/* halotui login's grant: the first token request of a per-user flow
 * posts this form (a password or an authorization code) instead of the
 * stored login's refresh token, and its answer becomes the stored login
 * (refreshstore.h). */
struct worker_grant {
	enum oauth_grant kind;    /* GRANT_PASSWORD or GRANT_CODE */
	const char *form;         /* oauth_password_form, oauth_code_form;
	                           * copied (and the copy wiped) */
	const char *secrets[3];   /* what the form holds that is secret (the
	                           * password, the code, the verifier; NULL
	                           * for none): scrubbed from every message and
	                           * log line like the token; copied */
};

/* worker_start, for a login: with grant (may be NULL: worker_start), the
 * stored login is neither read nor needed. */
enum halo_status worker_start_login(struct worker **out,
                                    const struct settings *s,
                                    const struct log_sink *log,
                                    const char *reqlog_path,
                                    const struct worker_grant *grant,
                                    struct errbuf *err);

/* Readable when events are waiting; the caller then calls worker_next
 * until it returns NULL (which also drains the fd). */
int worker_fd(const struct worker *w);

/* Queues req (taking ownership, also on failure). Returns the request's id
 * (> 0), or 0 when out of memory. On a read-only profile (settings'
 * read_only) a request that is not a GET is never sent: its EV_DONE comes
 * at once with HALO_EREADONLY, settings_check_write's message and
 * POST_NOT_APPLIED. */
uint64_t worker_submit(struct worker *w, struct request *req);

/* Drops every request of `group` that is queued, waiting or running, except
 * POSTs already sent. Their events are not delivered. */
void worker_cancel_group(struct worker *w, unsigned group);
void worker_cancel(struct worker *w, uint64_t id);

/* The front end no longer waits for request id (a page scrolled past),
 * but would still use its answer. Not started yet (queued, waiting for a
 * token or a retry): it is dropped, with an event of status
 * HALO_ECANCELLED. On the wire: it runs to its end and its event comes as
 * usual, but it no longer holds one of the slots the other requests start
 * in, and a failure is not tried again. At most a few such transfers run
 * at once: beyond that the oldest is cut off (HALO_ECANCELLED), so that
 * connections stay bounded. A POST is never abandoned. */
void worker_abandon(struct worker *w, uint64_t id);

/* Next event, or NULL when none. Never blocks. */
struct worker_event *worker_next(struct worker *w);

/* What the worker waits for now: a request waiting on a rate limit (a
 * 429's hold) first, then one waiting for room in the budget, else the
 * one longest on the wire, else the next retry. Cheap
 * (a copy under the lock), so a front end may ask every second. */
void worker_waiting(struct worker *w, struct worker_wait *out);

/* One line for people about ww: what halotui waits for, where, and for
 * how long (waited_s: seconds the front end has waited so far; now:
 * monotonic seconds, for the time left of a retry). */
void worker_wait_text(const struct worker_wait *ww, double now, long waited_s,
                      char *out, size_t outlen);

/* Requests submitted and not yet finished (for the status line). */
unsigned worker_pending(const struct worker *w);

/* Stops the thread, aborts what is in flight, wipes the secret and token,
 * frees everything, and sets *w to NULL. */
void worker_stop(struct worker **w);

#endif
