/* SPDX-License-Identifier: MIT */
/* Which rows of the lists are new or changed since the agent last looked
 * at them: per record (its resource and id), the stamp it showed when it
 * was last seen (a ticket's lastactiondate and last_update) and its mark.
 * A row is known once it was shown; an automatic re-read that brings an
 * id never shown marks it new, a stamp other than the one seen marks it
 * changed; looking at the row (opening it, the cursor resting on it)
 * clears the mark. Pure: no terminal, no worker; bounded in size. */
#ifndef HALO_LIVEMARKS_H
#define HALO_LIVEMARKS_H

#include <stdbool.h>
#include <stddef.h>

struct record;

enum live_mark { LIVE_NONE, LIVE_NEW, LIVE_CHANGED };

struct livemark {
	const void *res;          /* the record's resource (compared only) */
	long id;
	char *stamp;              /* as last seen; NULL when it had none */
	enum live_mark mark;
	unsigned long used;       /* when last touched, for eviction */
};

/* Records remembered at most: beyond, the least recently touched one
 * without a mark is forgotten (shown again later, it is known afresh). */
#define LIVEMARKS_MAX 4096

struct livemarks {
	struct livemark *e;
	size_t n, cap;
	unsigned long clock;
};

void livemarks_init(struct livemarks *m);
void livemarks_done(struct livemarks *m);

/* The stamp that says a record changed, in buf: its lastactiondate (a
 * note, an action) and its last_update (an edit), as "A|U"; NULL when it
 * has neither. */
#define LIVEMARKS_STAMP_MAX 128
const char *livemarks_stamp(const struct record *r, char *buf, size_t len);

/* A row is drawn with stamp: an unknown one becomes known, unmarked; a
 * known one whose stamp differs from the one seen is marked changed
 * (unless already new); one seen without a stamp takes this one. Returns
 * its mark, or -1 out of memory. */
int livemarks_shown(struct livemarks *m, const void *res, long id,
                    const char *stamp);

/* An automatic re-read brought the row where the agent will see it: an
 * unknown id is marked new (a stamp-only change is left to
 * livemarks_shown). Returns its mark, or -1 out of memory. */
int livemarks_arrived(struct livemarks *m, const void *res, long id,
                      const char *stamp);

/* The agent looked at the row (or changed it): its mark goes and stamp is
 * what was seen. 0, or -1 out of memory. */
int livemarks_seen(struct livemarks *m, const void *res, long id,
                   const char *stamp);

/* The row's mark (LIVE_NONE when unknown). */
enum live_mark livemarks_get(const struct livemarks *m, const void *res,
                             long id);

/* How many rows of res (NULL: any) carry mark k. */
size_t livemarks_count(const struct livemarks *m, const void *res,
                       enum live_mark k);

#endif
