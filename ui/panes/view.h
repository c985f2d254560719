/* SPDX-License-Identifier: MIT */
/* A list view: a resource, a query (search, filters as written in a
 * viewdef and resolved to parameters, sort), a generation (the worker's
 * cancel group) and the sparse page cache with the cursor. Changing the
 * query starts a new generation and cancels the old one's requests. */
#ifndef HALO_UI_VIEW_H
#define HALO_UI_VIEW_H

#include <stdbool.h>
#include "kv.h"
#include "listmodel.h"
#include "resource.h"
#include "ui.h"
#include "viewdef.h"

struct view {
	const struct resource *res;
	char title[160];
	char *search;
	struct viewdef def;       /* the filters as written (agent=me) */
	struct kv_list params;    /* def resolved: query parameters sent */
	struct kv_list labels;    /* the same for people: filter = name */
	bool pending;             /* def waits for names: nothing asked yet */
	bool blocked;             /* def did not resolve (error says why) or
	                           * selects nothing: nothing is asked */
	int tab;                  /* the view tab it was opened as, or -1 */
	char *order;
	bool desc;
	unsigned group;
	struct listmodel model;
	struct scroller scroll;   /* the cursor; dir: prefetch that way */
	bool open_single;         /* a quick lookup: open a lone result */
	long traced_top;          /* the window's top in the trace, or -1 */
	unsigned long serial;     /* unique, growing: a later view's is larger
	                           * (the way back, backstack.c) */
	bool stale;               /* a record of its resource was saved that
	                           * it did not hold (a new one, maybe its
	                           * own): its page is read again when it is
	                           * shown again */
	char error[300];
};

struct view *view_new(struct ui *ui, const struct resource *res);
/* A view of d (its filters, search and sort), titled title. */
struct view *view_from_def(struct ui *ui, const struct viewdef *d,
                           const char *title);
void view_free(struct ui *ui, struct view **v);

/* Forgets the rows, resolves the filters again and starts a new
 * generation (the old one's requests are cancelled). The cursor stays
 * where it was. */
void view_restart(struct ui *ui, struct view *v);

/* Sets (value non-NULL) or removes a filter by its name or parameter;
 * value is as written (an id, a name, "me"), label what people see for
 * it (NULL: the name the lookup gives). Takes effect at view_restart. */
void view_set_param(struct view *v, const char *param, const char *value,
                    const char *label);
/* Removes every filter (at view_restart). */
void view_clear_filters(struct view *v);
void view_set_search(struct view *v, const char *search);
void view_set_order(struct view *v, const char *order, bool desc);

/* Asks for the pages that the window of `rows` rows (plus one screen of
 * prefetch in the direction of travel) needs, the screen's first;
 * abandons the pages in flight it left, evicts far pages. */
void view_fetch(struct ui *ui, struct pane *p, struct view *v, int rows);

/* The request for page `page` of v's query, in v's generation. */
struct request *view_page_request(struct view *v, long page);

/* A page arrived (or failed: said so when the page is still wanted).
 * Returns true when rows changed. */
bool view_page_done(struct ui *ui, struct view *v, struct worker_event *ev,
                    long page, int rows);

/* Fits the cursor's window to `rows` rows and the rows known now. */
void view_fit(struct view *v, int rows);
/* Back to the first row (after the query changed). */
void view_top(struct view *v);

/* The selected record, or NULL (not loaded, none). */
const struct record *view_selected(const struct view *v);

/* Resolves the filters as written into the parameters sent, asking for
 * what names need. Returns true when the view could start (nothing left
 * to wait for); a name that names nothing blocks the view with its
 * message (shown, and said on the status line). */
bool view_resolve(struct ui *ui, struct view *v);

#endif
