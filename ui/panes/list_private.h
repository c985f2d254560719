/* SPDX-License-Identifier: MIT */
/* Shared by the list*.c pane files only; the contract for the other
 * panes is panes.h and ui.h.
 *   list.c          the pane: its stack of views, drawing, events
 *   list_actions.c  what its keys do: moves, search, filters, sort,
 *                   saved views, resource keys
 *   list_tabs.c     the view tabs over the list and their counts
 *   list_cache.c    the start view's first page from the last run */
#ifndef HALO_UI_LIST_PRIVATE_H
#define HALO_UI_LIST_PRIVATE_H

#include "listfmt.h"
#include "marks.h"
#include "panes.h"
#include "list_live.h"

#define LIST_MAX_VIEWS 16
#define LIST_MAX_TABS 16

/* What the pane's requests are for (struct pending's what). */
enum list_what { WHAT_PAGE = 1, WHAT_LINK_SEARCH = 2, WHAT_COUNT = 3,
                 WHAT_SAVED_VIEWS = 4,
                 WHAT_LIVE = 20 /* list_live.c's re-reads */ };

enum tab_state {
	TAB_RESOLVING,   /* its names are not all known yet */
	TAB_READY,       /* params hold its query */
	TAB_EMPTY,       /* it selects nothing (count 0, nothing asked) */
	TAB_FAILED,      /* a name names nothing: error says which */
};

struct list_tab {
	struct viewdef def;
	enum tab_state state;
	struct kv_list params, labels;
	long count;       /* its record_count, -1 unknown */
	bool saved;       /* one of Halo's saved views (/ViewLists) */
	uint64_t req;     /* the count's request in flight, or 0 */
	char error[300];
};

struct list_tabs {
	struct list_tab tab[LIST_MAX_TABS];
	int n;
	bool live;        /* counts are asked (after the first page came) */
	bool saved_asked; /* Halo's saved views were asked for */
	uint64_t saved_req; /* that request while in flight, or 0 */
	int x0[LIST_MAX_TABS], x1[LIST_MAX_TABS];  /* columns drawn last, for
	                                            * a click; x1 0: off */
};

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
	struct list_tabs tabs;
	struct list_live live;   /* new rows, auto-refresh (list_live.c) */
	struct list_marks marks;  /* list_marks.c */
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

/* ---- list_tabs.c -------------------------------------------------------- */
/* The built-in views of tickets, then those of the settings (config.yaml,
 * then views.yaml), at most LIST_MAX_TABS; Halo's saved views follow once
 * they come (list_tabs_saved_done). */
void list_tabs_open(struct ui *ui, struct list_tabs *t);
void list_tabs_close(struct ui *ui, struct list_tabs *t);
/* Resolves the tabs still waiting for names and, once live, asks once
 * for Halo's saved views and for each tab's count that is not known or on
 * its way (background requests). */
void list_tabs_kick(struct ui *ui, struct pane *p, struct list_tabs *t);
/* The counts again (the refresh key): those in flight are cancelled. */
void list_tabs_refresh(struct ui *ui, struct pane *p, struct list_tabs *t);
/* The answer to the request for Halo's saved views: a tab for each after
 * the others, as far as there is room. */
unsigned list_tabs_saved_done(struct ui *ui, struct pane *p,
                              struct list_tabs *t, struct worker_event *ev);
/* The counts again without forgetting those shown (an automatic
 * re-read): each tab's that is not on its way already. */
void list_tabs_recount(struct ui *ui, struct pane *p, struct list_tabs *t);
/* The answer to tab i's count. */
unsigned list_tabs_count_done(struct ui *ui, struct list_tabs *t,
                              struct worker_event *ev, long i);
/* The tab bar on row y from column x, w wide, tab `current` (-1: none)
 * highlighted. */
void list_tabs_draw(struct ui *ui, struct list_tabs *t, int y, int x, int w,
                    int current, bool focused);
/* The tab drawn at column x, or -1. */
int list_tabs_at(const struct list_tabs *t, int x);
/* Tab d (a copy), replacing the tab of the same name or after the
 * others; its count is asked. Its index, or -1 when there is no room. */
int list_tabs_put(struct ui *ui, struct pane *p, struct list_tabs *t,
                  const struct viewdef *d);
/* The index of the tab named name, or -1. */
int list_tab_find(const struct list_tabs *t, const char *name);
/* Replaces the list's views by tab i's view (the detail closes). */
void list_tab_open(struct ui *ui, int i);

/* ---- list_marks.c ------------------------------------------------------ */
/* The mark keys, and the triage keys while rows are marked; *taken says
 * whether act was one of them. */
unsigned list_marks_handle(struct ui *ui, struct list_state *st,
                           struct view *v, enum action act, bool *taken);
/* The mark column's width for v: 2 while rows of its resource are
 * marked, else 0. */
int list_marks_width(const struct list_state *st, const struct view *v);
/* Row r's mark (or blanks) at y, x. */
void list_marks_cell(struct ui *ui, const struct list_state *st,
                     const struct record *r, int y, int x);
/* "  3 marked" after what buf holds. */
void list_marks_status(const struct list_state *st, const struct view *v,
                       char *buf, size_t len);

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
