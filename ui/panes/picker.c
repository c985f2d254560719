/* SPDX-License-Identifier: MIT */
/* A picker overlay: choose one item of a list; typed text narrows it
 * (case-insensitive substring), arrows move, Enter chooses, Esc leaves. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "panes.h"
#include "screen.h"
#include "text.h"

struct picker_state {
	char title[96];
	struct picker_item *items;
	size_t n;
	size_t *match;     /* indexes of items that match the filter */
	size_t nmatch;
	struct scroller scroll;   /* the cursor: an index into match */
	struct lineedit filter;
	picker_cb cb;
	void *ctx;
	void (*ctx_free)(void *);
};

struct picker_args {
	const char *title;
	struct picker_item *items;
	size_t n, sel;
	picker_cb cb;
	void *ctx;
	void (*ctx_free)(void *);
};

static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (!n)
		return true;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

static void refilter(struct picker_state *st)
{
	st->nmatch = 0;
	for (size_t i = 0; i < st->n; i++)
		if (contains_ci(st->items[i].label, lineedit_text(&st->filter)))
			st->match[st->nmatch++] = i;
	st->scroll.count = (long)st->nmatch;
	scroller_clamp(&st->scroll);
}

static void free_items(struct picker_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(items[i].label);
	free(items);
}

static int picker_open_pane(struct ui *ui, struct pane *p, void *arg)
{
	struct picker_args *a = arg;
	struct picker_state *st = p->state;

	(void)ui;
	st->scroll.has_cursor = true;
	snprintf(st->title, sizeof st->title, "%s", a->title);
	st->items = a->items;
	st->n = a->n;
	st->match = calloc(a->n ? a->n : 1, sizeof *st->match);
	if (!st->match)
		ui_oom();
	for (size_t i = 0; i < st->n; i++)
		if (!st->items[i].label && !(st->items[i].label = strdup("")))
			ui_oom();
	st->cb = a->cb;
	st->ctx = a->ctx;
	st->ctx_free = a->ctx_free;
	refilter(st);
	st->scroll.cursor = a->sel < st->nmatch ? (long)a->sel : 0;
	return 0;
}

static void picker_draw(struct ui *ui, struct pane *p, bool focused)
{
	/* Fixed keys: every other key types into the filter. */
	static const struct key_hint hints[] = {
		{ ACT_NONE, KEYC_FN(KEY_ENTER), "chooses" },
		{ ACT_NONE, KEYC_ESC, "leaves" },
	};
	struct picker_state *st = p->state;
	struct rect r = p->rect, in;
	int rows;
	char line[200];

	(void)focused;
	/* As tall as the items need, centred in the overlay's place. */
	if ((size_t)r.h > st->n + 4) {
		int h = (int)st->n + 4;
		r.y += (r.h - h) / 2;
		r.h = h;
	}
	snprintf(line, sizeof line, " %s (%zu) ", st->title, st->nmatch);
	in = screen_box(&r, line, ui->attrs[ROLE_BORDER], ui->attrs[ROLE_TITLE]);
	if (in.h < 2)
		return;
	lineedit_draw(&st->filter, in.y, in.x, in.w, "> ", ui->attrs[ROLE_PROMPT]);
	rows = in.h - 1;
	scroller_fit(&st->scroll, rows, (long)st->nmatch);
	for (int i = 0; i < rows; i++) {
		size_t m = (size_t)st->scroll.top + (size_t)i;
		if (m >= st->nmatch) {
			screen_put(in.y + 1 + i, in.x, in.w, "", ui->attrs[ROLE_NORMAL]);
			continue;
		}
		snprintf(line, sizeof line, " %s", st->items[st->match[m]].label);
		screen_put(in.y + 1 + i, in.x, in.w, line,
		           ui->attrs[m == (size_t)st->scroll.cursor ?
		                     ROLE_PICKER_SELECTED : ROLE_NORMAL]);
	}
	ui_box_hint(ui, &r, "type to narrow", hints, sizeof hints / sizeof hints[0]);
}

static unsigned choose(struct ui *ui, struct pane *p)
{
	struct picker_state *st = p->state;
	struct picker_item it;
	picker_cb cb = st->cb;
	void *ctx = st->ctx;
	void (*ctx_free)(void *) = st->ctx_free;
	unsigned flags;

	if (!st->nmatch)
		return UI_REDRAW;
	it = st->items[st->match[st->scroll.cursor]];
	it.label = strdup(it.label);
	if (!it.label)
		ui_oom();
	/* Close first: the callback may open the next pane. ctx outlives
	 * the pane until the callback is done with it. */
	st->ctx_free = NULL;
	ui_pop(ui, p);
	flags = cb ? cb(ui, ctx, &it) : 0;
	if (ctx_free)
		ctx_free(ctx);
	free(it.label);
	return (flags & ~(unsigned)UI_CLOSE) | UI_REDRAW;
}

static unsigned picker_handle(struct ui *ui, struct pane *p, int key,
                              enum action act)
{
	struct picker_state *st = p->state;
	int rc;

	(void)act;
	if (key == KEYC_ESC || key == KEYC_CTRL('g'))
		return UI_CLOSE;
	if (key == KEYC_FN(KEY_ENTER))
		return choose(ui, p);
	rc = lineedit_key(&st->filter, key);
	if (rc == LINEEDIT_NOT_MINE)
		return UI_NOT_MINE | UI_REDRAW;   /* arrows, pages: the scroller */
	lineedit_complain(ui, rc, 0);
	refilter(st);
	return UI_REDRAW;
}

/* Pasted text narrows the list, as typed text does; the filter is one
 * line. */
static unsigned picker_paste(struct ui *ui, struct pane *p, const char *text,
                             size_t len)
{
	struct picker_state *st = p->state;
	size_t lines;
	int rc = lineedit_paste_line(&st->filter, text, len, &lines);

	lineedit_complain(ui, rc, lines);
	refilter(st);
	return UI_REDRAW;
}

static struct scroller *picker_scroller(struct ui *ui, struct pane *p)
{
	struct picker_state *st = p->state;

	(void)ui;
	return &st->scroll;
}

static void picker_close(struct ui *ui, struct pane *p)
{
	struct picker_state *st = p->state;

	(void)ui;
	free_items(st->items, st->n);
	free(st->match);
	lineedit_done(&st->filter);
	if (st->ctx_free)
		st->ctx_free(st->ctx);
}

/* Typing narrows the list: typed text. */
static bool picker_takes_text(struct ui *ui, struct pane *p)
{
	(void)ui;
	(void)p;
	return true;
}

const struct pane_ops picker_pane_ops = {
	.name = "picker",
	.state_size = sizeof(struct picker_state),
	.open = picker_open_pane,
	.close = picker_close,
	.draw = picker_draw,
	.handle = picker_handle,
	.paste = picker_paste,
	.scroller = picker_scroller,
	.takes_text = picker_takes_text,
};

struct pane *picker_open_owned(struct ui *ui, const char *title,
                               struct picker_item *items, size_t n,
                               size_t sel, picker_cb cb, void *ctx,
                               void (*ctx_free)(void *))
{
	struct picker_args a = { title, items, n, sel, cb, ctx, ctx_free };
	struct pane *p = ui_push(ui, &picker_pane_ops, PLACE_OVERLAY, &a);

	if (!p) {
		free_items(items, n);
		if (ctx_free)
			ctx_free(ctx);
	}
	return p;
}

struct pane *picker_open(struct ui *ui, const char *title,
                         struct picker_item *items, size_t n, size_t sel,
                         picker_cb cb, void *ctx)
{
	return picker_open_owned(ui, title, items, n, sel, cb, ctx, NULL);
}

/* ---- items from lookups and records ------------------------------------- */

struct picker_item *picker_lookup_items(const struct lookup_list *l,
                                        long scope, size_t lead, long cur_id,
                                        const char *cur_name, size_t *sel,
                                        size_t *n)
{
	struct picker_item *items = calloc(lead + l->n + 1, sizeof *items);
	size_t at = lead;

	if (!items)
		ui_oom();
	for (size_t i = 0; i < l->n; i++) {
		const struct lookup_entry *e = &l->items[i];
		struct picker_item *it = &items[at];
		bool dup = false;

		if (!lookup_entry_in(e, scope))
			continue;
		/* All scopes: one item per id (a filter on priority 2 is
		 * priority 2 under every SLA). */
		for (size_t j = lead; j < at && !dup; j++)
			dup = items[j].id == e->id;
		if (dup)
			continue;
		if (e->id == cur_id || (cur_name && strcmp(e->name, cur_name) == 0))
			*sel = at;
		it->label = strdup(e->name);
		it->id = e->id;
		if (!it->label)
			ui_oom();
		at++;
	}
	*n = at;
	return items;
}

struct picker_item *picker_record_items(struct record *const *records,
                                        size_t n)
{
	struct picker_item *items = calloc(n ? n : 1, sizeof *items);

	if (!items)
		ui_oom();
	for (size_t i = 0; i < n; i++) {
		const struct record *r = records[i];
		const char *key = r->res ? r->res->title_key : NULL;
		const char *t = key ? record_str(r, key) : NULL;

		items[i].label = text_sanitize(t ? t : "", t ? strlen(t) : 0, 0);
		items[i].id = r->id;
		if (!items[i].label)
			ui_oom();
	}
	return items;
}
