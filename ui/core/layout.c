/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "layout.h"

#include <string.h>

static struct rect rect_make(int y, int x, int h, int w)
{
	struct rect r = { y, x, h > 0 ? h : 0, w > 0 ? w : 0 };

	if (!r.h || !r.w)
		r.h = r.w = 0;
	return r;
}

void layout_compute(int cols, int rows, bool detail_open, bool edit_open,
                    struct layout *out)
{
	int body_y = 1, body_h;
	struct rect body, side;

	memset(out, 0, sizeof *out);
	if (cols < 1 || rows < 1)
		return;
	/* With fewer than 3 rows only the status line is left. */
	out->status = rect_make(rows - 1, 0, 1, cols);
	if (rows < 3)
		return;
	out->title = rect_make(0, 0, 1, cols);
	body_h = rows - 2;
	body = rect_make(body_y, 0, body_h, cols);
	out->split = cols >= LAYOUT_SPLIT_COLS && (detail_open || edit_open);
	if (out->split) {
		/* The list keeps a useful width; the detail gets the rest, less
		 * one column that separates them. */
		int list_w = cols * 2 / 5;
		if (list_w < 60)
			list_w = 60;
		out->list = rect_make(body_y, 0, body_h, list_w);
		side = rect_make(body_y, list_w + 1, body_h, cols - list_w - 1);
	} else {
		out->list = (detail_open || edit_open) ? rect_make(0, 0, 0, 0) : body;
		side = body;
	}
	if (detail_open)
		out->detail = side;
	if (edit_open)
		out->edit = side;
	{
		int ow = cols - 4 > 100 ? 100 : cols - 4;
		int oh = rows - 4;
		if (ow < 20)
			ow = cols;
		if (oh < 3)
			oh = body_h;
		out->overlay = rect_make(1 + (body_h - oh) / 2, (cols - ow) / 2,
		                         oh, ow);
	}
}

int layout_list_rows(const struct layout *l)
{
	return l->list.h > 1 ? l->list.h - 1 : 0;
}

bool rect_contains(const struct rect *r, int y, int x)
{
	return r->h > 0 && r->w > 0 && y >= r->y && y < r->y + r->h &&
	       x >= r->x && x < r->x + r->w;
}
