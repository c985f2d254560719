/* SPDX-License-Identifier: MIT */
/* Movement and scrolling, written once for every pane: a scroller is a
 * window of `rows` lines over `count` lines, with or without a cursor.
 * A pane that returns UI_NOT_MINE for a movement action gets it applied
 * to its scroller by the loop. Pure: no terminal is needed. */
#ifndef HALO_UI_SCROLL_H
#define HALO_UI_SCROLL_H

#include <stdbool.h>
#include "keymap.h"

struct scroller {
	long top;          /* first line shown */
	long cursor;       /* the selected line (when has_cursor) */
	long count;        /* lines; < 0 while unknown (a list still loading) */
	int rows;          /* lines shown, as last drawn (at least 1) */
	int dir;           /* last movement: +1 down, -1 up, 0 a jump */
	bool has_cursor;   /* false: the keys scroll the text itself */
	bool want_last;    /* the last line was asked for before count was known */
};

/* Applies a movement action (move, page, first, last). Returns false,
 * changing nothing, when act is not one. */
bool scroller_apply(struct scroller *s, enum action act);
/* Moves the cursor by delta lines (or the text, without a cursor). */
void scroller_move(struct scroller *s, long delta);
/* Keeps top and cursor inside count, and the cursor inside the window. */
void scroller_clamp(struct scroller *s);
/* Sets the window's height and count, then clamps. */
void scroller_fit(struct scroller *s, int rows, long count);

#endif
