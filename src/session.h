/* SPDX-License-Identifier: MIT */
/* A session for a front end: the settings, the worker and the lookup
 * cache, opened and closed together. The command line waits on it
 * synchronously (session_wait); the TUI drives the worker itself. */
#ifndef HALO_SESSION_H
#define HALO_SESSION_H

#include <stdbool.h>
#include "errbuf.h"
#include "log.h"
#include "lookup.h"
#include "settings.h"
#include "worker.h"

struct session {
	struct settings settings;
	struct worker *worker;
	struct lookups lookups;
	struct log_sink log;
	/* Events that arrived while the front end waited for others: kept
	 * until it waits for them (or the session closes). */
	struct worker_event **stash;
	size_t nstash, capstash;
};

/* Loads the settings (config_path and profile may be NULL), resolves the
 * secret, checks what a session needs (for a per-user flow, a stored
 * login) and starts the worker. read_only (--read-only) makes the
 * session read-only whatever the profile says. Returns HALO_ECONFIG for
 * configuration problems (exit status 2). On failure everything is
 * released and s may still be passed to session_close. */
enum halo_status session_open(struct session *s, const char *config_path,
                              const char *profile, bool read_only,
                              const char *reqlog_path,
                              const struct log_sink *log, struct errbuf *err);

/* session_open's second half, for a front end that loaded the settings
 * itself (halotui login, whoami): takes *loaded (it is left initialised),
 * resolves the secret, checks what a session needs and starts the worker.
 * A per-user flow needs a stored login (else HALO_EAUTH saying to run
 * halotui login), unless grant (halotui login's) makes one. */
enum halo_status session_start(struct session *s, struct settings *loaded,
                               const char *reqlog_path,
                               const struct log_sink *log,
                               const struct worker_grant *grant,
                               struct errbuf *err);

/* Submits req and waits for its EV_DONE. While it waits, the log sink's
 * `waiting` callback hears what for (the server and the request, a rate
 * limit and its seconds left), from the first second on, once a second,
 * and NULL at the end; a sink without one gets a warning per retry
 * instead ("rate limited, retrying in N s"). Returns the event (caller
 * frees), or NULL when out of memory. */
struct worker_event *session_wait(struct session *s, struct request *req);

/* Queues req (taking it) for a later session_wait_id/_any. Returns its
 * id, or 0 when out of memory. */
uint64_t session_submit(struct session *s, struct request *req);

/* Waits for the EV_DONE of request `id` (from session_submit), telling
 * the sink what it waits for as session_wait does. Events of other
 * requests that arrive meanwhile are kept for their own wait. Returns the
 * event (caller frees), or NULL when out of memory or the worker failed. */
struct worker_event *session_wait_id(struct session *s, uint64_t id);

/* Waits until one of ids[0..n) has its EV_DONE and returns it (the first
 * in ids[] order when several are there); *which gets its index. NULL as
 * for session_wait_id. */
struct worker_event *session_wait_any(struct session *s, const uint64_t *ids,
                                      size_t n, size_t *which);

/* Submits every request of reqs[0..n) (taking them) at once, so that the
 * worker runs them side by side, and waits for all: out[i] is the event
 * of reqs[i] (NULL when out of memory). Returns 0, or -1 when any is
 * NULL. */
int session_wait_all(struct session *s, struct request **reqs, size_t n,
                     struct worker_event **out);

/* Lookup lists asked for and not yet waited for: what the caller does
 * in between shares the wire with them. */
struct lookup_wait {
	uint64_t ids[LOOKUP__COUNT];
	enum lookup_kind which[LOOKUP__COUNT];
	size_t n;
};

/* Asks for the lookup lists among kinds[0..n) not loaded yet, without
 * waiting; session_lookups_collect then waits for them and loads them. */
void session_lookups_ask(struct session *s, const enum lookup_kind *kinds,
                         size_t n, struct lookup_wait *lw);
enum halo_status session_lookups_collect(struct session *s,
                                         struct lookup_wait *lw,
                                         struct errbuf *err);

/* Makes sure the given lookup lists are loaded, fetching the missing ones
 * in parallel. A lookup that fails is reported in err; names then fall
 * back to ids. */
enum halo_status session_need_lookups(struct session *s,
                                      const enum lookup_kind *kinds, size_t n,
                                      struct errbuf *err);

/* Seconds a cached lookup list is served before it is fetched again (in
 * the background, while the cached one is served). */
#define SESSION_LOOKUP_TTL_S 3600

/* A request for a whole lookup list (group 0), answered from the cache
 * file when there is one (cache_ttl_s). NULL when out of memory. */
struct request *session_lookup_request(enum lookup_kind kind);

/* Updates lookups from a finished lookup-list event (the TUI's path). */
void session_apply_lookup(struct session *s, const struct worker_event *ev);

void session_close(struct session *s);

#endif
