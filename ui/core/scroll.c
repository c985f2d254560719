/* SPDX-License-Identifier: MIT */
/* Movement and scrolling for every pane (see scroll.h). */
#include "config.h"
#include "scroll.h"

static long rows_of(const struct scroller *s)
{
	return s->rows > 0 ? s->rows : 1;
}

void scroller_clamp(struct scroller *s)
{
	long rows = rows_of(s), count = s->count;

	if (count <= 0) {
		s->cursor = s->top = 0;
		return;
	}
	if (s->has_cursor) {
		if (s->cursor >= count)
			s->cursor = count - 1;
		if (s->cursor < 0)
			s->cursor = 0;
	}
	if (s->top > count - rows)
		s->top = count - rows;
	if (s->top < 0)
		s->top = 0;
	if (!s->has_cursor)
		return;
	if (s->cursor < s->top)
		s->top = s->cursor;
	if (s->cursor >= s->top + rows)
		s->top = s->cursor - rows + 1;
}

void scroller_fit(struct scroller *s, int rows, long count)
{
	s->rows = rows > 0 ? rows : 1;
	s->count = count;
	scroller_clamp(s);
}

void scroller_move(struct scroller *s, long delta)
{
	if (s->count <= 0 || !delta)
		return;
	if (s->has_cursor)
		s->cursor += delta;
	else
		s->top += delta;
	s->dir = delta > 0 ? 1 : -1;
	scroller_clamp(s);
}

bool scroller_apply(struct scroller *s, enum action act)
{
	long rows = rows_of(s);
	/* A screen of text keeps one line of the last for context. */
	long page = s->has_cursor || rows < 2 ? rows : rows - 1;

	switch (act) {
	case ACT_MOVE_DOWN:
		scroller_move(s, 1);
		break;
	case ACT_MOVE_UP:
		scroller_move(s, -1);
		break;
	case ACT_PAGE_DOWN:
	case ACT_MARK:   /* Space: a list marks with it, the rest pages */
		if (s->has_cursor)
			s->top += page;
		scroller_move(s, page);
		break;
	case ACT_PAGE_UP:
		if (s->has_cursor)
			s->top -= page;
		scroller_move(s, -page);
		break;
	case ACT_FIRST:
		s->cursor = s->top = 0;
		s->dir = 0;
		s->want_last = false;
		break;
	case ACT_LAST:
		s->dir = 0;
		if (s->count < 0) {
			s->want_last = true;
			break;
		}
		s->cursor = s->count - 1;
		s->top = s->count - rows;
		scroller_clamp(s);
		break;
	default:
		return false;
	}
	return true;
}
