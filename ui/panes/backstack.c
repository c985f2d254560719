/* SPDX-License-Identifier: MIT */
/* The way back through cross-links. A jump from a detail (C, U, T...,
 * :ticket 12) used to drop the detail it left; now that detail (its
 * record and where it was scrolled) goes on this stack, tagged with the
 * list view it lay over. q on a detail, or on a list view that a jump
 * pushed, comes back to exactly what was there: the list views keep their
 * own cursors on the list's stack of views, and an entry here reopens the
 * detail that lay over the view now on top. Entries of views that are
 * gone are dropped; the oldest goes when the stack is full. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "panes.h"
#include "view.h"

#define BACK_MAX 32

struct back_entry {
	struct record *rec;
	long top;                 /* the detail's first line shown */
	unsigned long view;       /* serial of the list view under it */
	bool focused;             /* it had the focus (else the list beside
	                           * it had: the wide layout) */
};

struct back_state {
	struct back_entry e[BACK_MAX];
	size_t n;
};

static void back_close(struct ui *ui, void *state)
{
	struct back_state *st = state;

	(void)ui;
	for (size_t i = 0; i < st->n; i++)
		record_free(&st->e[i].rec);
	st->n = 0;
}

static const struct ui_module back_module = {
	.name = "back",
	.state_size = sizeof(struct back_state),
	.close = back_close,
};

static struct back_state *state(struct ui *ui)
{
	struct back_state *st = ui_module(ui, &back_module);

	if (!st)
		ui_oom();
	return st;
}

void back_push_detail(struct ui *ui)
{
	struct pane *d = ui_find(ui, &detail_pane_ops);
	const struct record *r = detail_record(ui);
	struct view *v = list_current(ui);
	struct back_state *st;
	struct back_entry *e;

	/* A detail beside the list (following its cursor) is left by a jump
	 * from the list too: it comes back as it was, unfocused. */
	if (!d || !r || !v)
		return;
	st = state(ui);
	if (st->n == BACK_MAX) {
		record_free(&st->e[0].rec);
		memmove(st->e, st->e + 1, (BACK_MAX - 1) * sizeof st->e[0]);
		st->n--;
	}
	e = &st->e[st->n];
	if (!(e->rec = record_dup(r)))
		ui_oom();
	e->top = detail_top(ui);
	e->view = v->serial;
	e->focused = ui_focused(ui) == d;
	st->n++;
}

bool back_reopen(struct ui *ui)
{
	struct back_state *st = state(ui);
	struct view *v = list_current(ui);
	struct back_entry e;

	if (!v)
		return false;
	/* Entries of views popped since are of no use any more. */
	while (st->n && st->e[st->n - 1].view > v->serial)
		record_free(&st->e[--st->n].rec);
	if (!st->n || st->e[st->n - 1].view != v->serial)
		return false;
	e = st->e[--st->n];
	detail_open_record(ui, e.rec);
	detail_set_top(ui, e.top);
	ui->split_focus_detail = e.focused;
	record_free(&e.rec);
	return true;
}
