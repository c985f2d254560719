/* SPDX-License-Identifier: MIT */
/* One change applied to many records (a bulk update), for both front
 * ends: which record goes next, what an answer means, and the counts a
 * summary gives. Each record gets its own one-element POST; the caller
 * submits it and keeps a few on the wire (the worker's rate budget paces
 * them). The journal (journal.h) remembers each record's state on disk
 * before the POST leaves and when its answer comes, so that a run
 * interrupted and started again skips what the server confirmed and
 * never resends silently what may have been applied.
 *
 * Also the body of each record's POST from one template (the same
 * fields for every record, the record's id under id_key), and the plan
 * of a run the TUI started (bulkplan.h keeps it on disk). */
#ifndef HALO_BULK_H
#define HALO_BULK_H

#include <stdbool.h>
#include <stddef.h>
#include "errbuf.h"
#include "journal.h"
#include "worker.h"

struct bulk {
	long *ids;               /* borrowed: each once (bulk_dedupe) */
	size_t n;
	size_t next;             /* the next index bulk_next looks at */
	struct journal *j;       /* borrowed */
	bool resend_maybe;       /* send again what an earlier run may have
	                          * applied (the user checked) */
	bool stop;               /* no more sends: the journal failed, or the
	                          * user stopped */
	bool journal_failed;
	size_t inflight;         /* sent, answer still to come */
	size_t applied, failed, maybe;  /* answers of this run */
	size_t earlier, maybe_earlier;  /* settled by an earlier run */
};

enum bulk_step {
	BULK_SEND,            /* *id is to be sent now: journaled "sending" */
	BULK_EARLIER_APPLIED, /* *id was applied by an earlier run: skipped */
	BULK_EARLIER_MAYBE,   /* *id may have been applied by an earlier run
	                       * (its answer never came): skipped */
	BULK_END,             /* nothing more to send (or stopped) */
	BULK_JOURNAL_FAILED,  /* the journal could not be written: err says
	                       * why; nothing more is sent */
};

/* Keeps each id once, in the order first given; *n becomes the count.
 * 0, or -1 when out of memory (ids unchanged). */
int bulk_dedupe(long *ids, size_t *n);

/* Starts a run over ids[0..n) with journal j (both borrowed). */
void bulk_init(struct bulk *b, long *ids, size_t n, struct journal *j);

/* The next step. After BULK_SEND the caller submits *id's POST (or, when
 * it cannot, calls bulk_answer with POST_NOT_APPLIED). */
enum bulk_step bulk_next(struct bulk *b, long *id, struct errbuf *err);

/* The answer for id: journaled and counted. Returns the state recorded:
 * JOURNAL_APPLIED, JOURNAL_FAILED (refused: may be sent again) or
 * JOURNAL_MAYBE. err is set (and the run stopped) when the journal could
 * not be written. */
enum journal_state bulk_answer(struct bulk *b, long id,
                               enum post_outcome outcome, struct errbuf *err);

/* The user stops: nothing more is sent; the answers in flight count. */
void bulk_stop(struct bulk *b);

/* Records settled so far (answered or skipped). */
size_t bulk_done(const struct bulk *b);
/* Records never sent because the run stopped. */
size_t bulk_unsent(const struct bulk *b);
/* Nothing in flight and nothing more to send. */
bool bulk_finished(const struct bulk *b);

/* The POST body for record id: `[template + {id_key: id}]`, id_key first.
 * template is a JSON object of the fields (the same for every record),
 * or a one-element array of one (a body made for another record: its
 * id_key is replaced). HALO_EUSAGE when it is neither. Caller frees
 * *out. */
enum halo_status bulk_body(const char *template_json, const char *id_key,
                           long id, char **out, struct errbuf *err);

/* Seconds still to go for `left` records, from the rate seen so far
 * (done records in elapsed seconds) and the budget (limit per window
 * seconds, the budget's margin taken off); -1 when nothing can be said
 * yet. The slower of the two wins. */
long bulk_eta(size_t done, double elapsed, size_t left, int limit,
              double window);

#endif
