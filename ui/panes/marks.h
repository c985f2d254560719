/* SPDX-License-Identifier: MIT */
/* Marks on list rows and one change applied to every marked record.
 *   list_marks.c  the marks: kept by record id (they outlive scrolling,
 *                 pages and a refresh), their column, the keys
 *   bulk_apply.c  which change (status, priority, agent, team, note,
 *                 close), the confirmation, the plan on disk
 *   bulk_run.c    the run: a POST per record paced by the rate budget,
 *                 its progress, Esc to stop, the summary
 *   bulk_offer.c  a run cut short, offered again at the next start */
#ifndef HALO_UI_MARKS_H
#define HALO_UI_MARKS_H

#include <stdbool.h>
#include <stddef.h>
#include "bulkplan.h"
#include "panes.h"

struct journal;

/* Record ids, sorted; of one resource. */
struct list_marks {
	const struct resource *res;
	long *ids;
	size_t n, cap;
};

/* ---- list_marks.c -------------------------------------------------------- */
bool marks_has(const struct list_marks *m, long id);
void marks_done(struct list_marks *m);
/* The marked ids of the list's current resource (a copy the caller
 * frees, sorted) and that resource; 0 when none is marked. */
size_t list_marked(struct ui *ui, const struct resource **res, long **ids);
/* The records whose change the server confirmed lose their mark. */
void list_unmark(struct ui *ui, const struct resource *res, const long *ids,
                 size_t n);

/* ---- bulk_apply.c --------------------------------------------------------- */
/* The change for the marked records of res: a picker of what to change
 * (key NULL), or the values of one field: "status_id", "priority_id",
 * "agent_id", "team", "me" (assign to me), "note", "close". */
void bulk_choose(struct ui *ui, const char *key);
/* A note written in the note form for every marked ticket: body is the
 * form's one-element POST body for one of them (taken). */
void bulk_note(struct ui *ui, char *body, const char *title);

/* ---- bulk_run.c ----------------------------------------------------------- */
/* Runs plan (taken) over its journal j (taken; NULL: opened here). */
void bulk_run_start(struct ui *ui, struct bulk_plan *plan, struct journal *j);
/* Whether a run is going on (one at a time). */
bool bulk_running(struct ui *ui);

/* ---- bulk_offer.c --------------------------------------------------------- */
/* Offers the next run left unfinished by an earlier halotui, if any. */
void bulk_offer(struct ui *ui);

#endif
