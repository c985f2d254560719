/* SPDX-License-Identifier: MIT */
/* Where each pane goes for a terminal size. Pure arithmetic, tested as
 * numbers without a terminal: a title line on top, a status line at the
 * bottom, and between them the list; the detail beside the list from
 * LAYOUT_SPLIT_COLS columns up, else over it; the edit form over the
 * detail; overlays (help, pickers) centred. */
#ifndef HALO_UI_LAYOUT_H
#define HALO_UI_LAYOUT_H

#include <stdbool.h>

#define LAYOUT_SPLIT_COLS 140

struct rect {
	int y, x, h, w;   /* h or w 0: not shown */
};

struct layout {
	struct rect title;
	struct rect list;     /* with its header row */
	struct rect detail;
	struct rect edit;
	struct rect status;
	struct rect overlay;
	bool split;           /* list and detail side by side */
};

void layout_compute(int cols, int rows, bool detail_open, bool edit_open,
                    struct layout *out);

/* Rows of records the list shows (its rect minus the header row), >= 0. */
int layout_list_rows(const struct layout *l);

bool rect_contains(const struct rect *r, int y, int x);

#endif
