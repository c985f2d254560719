/* SPDX-License-Identifier: MIT */
/* The plan of a bulk change the TUI started: which records, which
 * change, and the key of its journal (journal.h), kept on disk from
 * before the first POST until the run ends, so that a run cut short (a
 * crash, a lost SSH connection, kill -9) is offered again at the next
 * start and resumes from its journal without sending again what the
 * server confirmed.
 *
 * One file per run in $XDG_STATE_HOME/halotui/bulk/<profile>/, a
 * cachefile (cachefile.h: written aside and renamed, 0600, of one
 * instance) holding a JSON object. */
#ifndef HALO_BULKPLAN_H
#define HALO_BULKPLAN_H

#include <stddef.h>
#include <time.h>
#include "cachefile.h"
#include "errbuf.h"

struct bulk_plan {
	char *resource;     /* the resource the POSTs go to ("tickets") */
	char *id_key;       /* where each record's id goes ("id") */
	char *change;       /* the fields, a JSON object (bulk_body) */
	char *title;        /* the change for people: "status Closed" */
	char *journal_key;  /* its journal's key */
	long *ids;
	size_t n;
	time_t started;
	char path[4096];    /* its file; "" until saved */
};

/* Takes copies of the strings and ids into p (zeroed first). 0, or -1
 * when out of memory (p is then safe to _done). */
int bulk_plan_set(struct bulk_plan *p, const char *resource,
                  const char *id_key, const char *change, const char *title,
                  const long *ids, size_t n);

/* Writes p to disk: a new file named by the time, the process and a
 * counter the first time (p->path and p->journal_key are set then), the
 * same file after. */
enum halo_status bulk_plan_save(struct bulk_plan *p, const char *profile,
                                const struct cache_owner *o,
                                struct errbuf *err);

/* The plans of profile and instance o left on disk, oldest first: *out
 * an array of *n (caller frees each with bulk_plan_done, then the
 * array). Unreadable or foreign files are skipped. 0, or -1 when out of
 * memory. */
int bulk_plan_list(const char *profile, const struct cache_owner *o,
                   struct bulk_plan **out, size_t *n);

/* Removes p's file (the run is over). */
void bulk_plan_remove(struct bulk_plan *p);

void bulk_plan_done(struct bulk_plan *p);

#endif
