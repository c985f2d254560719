/* SPDX-License-Identifier: MIT */
/* The list kept live (list_live.c): the page on screen and the tabs'
 * counts re-read every refresh_interval, new and changed rows marked in a
 * column of their own until looked at, the detail beside the list
 * following the cursor once it rests, and the lists caught up after the
 * agent's own writes. Internal to the list*.c files. */
#ifndef HALO_UI_LIST_LIVE_H
#define HALO_UI_LIST_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "livemarks.h"

struct ui;
struct pane;
struct view;
struct record;
struct list_state;
struct worker_event;

/* How long the cursor rests on a row before it counts as looked at (and
 * the detail beside the list follows it). */
#define LIST_LIVE_SETTLE_MS 300
/* Writes close together cost one catch-up. */
#define LIST_LIVE_WRITTEN_MS 500
/* Pages on screen at most (a window never spans more). */
#define LIST_LIVE_PAGES 4

struct list_live {
	struct livemarks marks;
	uint64_t req[LIST_LIVE_PAGES];   /* re-reads in flight, or 0 */
	long rested_id;                  /* the row the cursor rests on */
	const void *rested_res;
	bool timer_armed;                /* the refresh timer runs */
	bool rang;                       /* this refresh rang the bell */
	bool written_new;                /* a saved record not in the view */
};

void list_live_open(struct ui *ui, struct list_state *st);
void list_live_close(struct ui *ui, struct list_state *st);
/* Before a frame: the refresh timer runs once the list has rows; the
 * cursor on another row starts the settle timer. */
void list_live_sync(struct ui *ui, struct list_state *st, struct view *v);
/* Columns the mark column takes on this frame (0 when no row on screen
 * has a mark); classifies the rows on screen as drawn. */
int list_live_gutter(struct ui *ui, struct list_state *st, struct view *v,
                     int rows);
/* Draws row rec's mark at y, x (gutter columns wide). */
void list_live_mark(struct ui *ui, struct list_state *st,
                    const struct record *rec, int y, int x, int gutter);
/* A re-read arrived (what WHAT_LIVE). Returns the flags. */
unsigned list_live_event(struct ui *ui, struct pane *p, struct list_state *st,
                         struct worker_event *ev, long page);
/* A record was saved (NOTICE_RECORD_SAVED); in_view: the current view
 * held it. */
void list_live_saved(struct ui *ui, struct list_state *st,
                     const struct record *r, bool in_view);
/* The view under a closed one is current again: its page is read again
 * when a record it did not hold was saved meanwhile (view.stale). */
void list_live_shown_again(struct ui *ui, struct pane *p,
                           struct list_state *st);
/* "  2 new" after the list's status, when tickets are marked new. */
void list_live_status(struct ui *ui, struct list_state *st, char *buf,
                      size_t len);

#endif
