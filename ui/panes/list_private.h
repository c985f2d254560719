/* SPDX-License-Identifier: MIT */
/* Shared by the list*.c pane files only; the contract for the other
 * panes is panes.h and ui.h.
 *   list.c          the pane: its stack of views, drawing, events
 *   list_actions.c  what its keys do: moves, search, filters, sort,
 *                   saved views, resource keys */
#ifndef HALO_UI_LIST_PRIVATE_H
#define HALO_UI_LIST_PRIVATE_H

#include "listfmt.h"
#include "panes.h"

#define LIST_MAX_VIEWS 16

/* What the pane's requests are for (struct pending's what). */
enum list_what { WHAT_PAGE = 1, WHAT_LINK_SEARCH = 2 };

struct list_state {
	struct view *views[LIST_MAX_VIEWS];
	int n;
	struct listfmt fmt;
	const struct resource *fmt_res;
	int fmt_width;
	char link_param[64];     /* the filter a name search is for */
	char link_label[64];
	char link_text[128];     /* the name typed for it */
	bool first_rows_traced;
};

/* ---- list.c ------------------------------------------------------------ */
struct pane *list_pane(struct ui *ui);
/* Rows of records the pane shows (at least 1). */
int list_rows(struct ui *ui);

/* ---- list_actions.c ---------------------------------------------------- */
/* The pane's handle: keys to moves, pickers and prompts. */
unsigned list_handle(struct ui *ui, struct pane *p, int key, enum action act);
/* The answer to a filter's search by name: a picker of the matches. */
unsigned list_link_results(struct ui *ui, struct list_state *st,
                           struct worker_event *ev);

/* ---- list_cache.c ------------------------------------------------------ */
/* The start view v was just made: its first page as last seen is read
 * from the cache (cache: true). */
void list_cache_open(struct ui *ui, struct view *v);
/* While v waits for its first page: draws the cached rows in r and
 * returns true; false when there are none to draw. */
bool list_cache_draw(struct ui *ui, struct list_state *st, struct view *v,
                     const struct rect *r, bool focused);
/* "  cached 3 min ago, loading…" while the cached rows show; else
 * nothing. */
void list_cache_status(struct ui *ui, const struct view *v, char *buf,
                       size_t len);
/* Page `page` of v arrived: the first fresh one replaces the cached rows
 * and is kept for the next start. */
void list_cache_page(struct ui *ui, const struct view *v,
                     const struct worker_event *ev, long page);

#endif
