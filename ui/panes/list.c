/* SPDX-License-Identifier: MIT */
/* The list pane: the view tabs on its first row (list_tabs.c), then a
 * stack of list views (a jump or a quick lookup pushes one, q pops it),
 * drawn from the sparse page cache. What its keys do is in
 * list_actions.c. */
#include "config.h"
#include "list_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hint.h"
#include "screen.h"
#include "sla_style.h"
#include "trace.h"
#include "view.h"

static struct list_state *state_of(struct ui *ui)
{
	struct pane *p = ui_find(ui, &list_pane_ops);

	return p ? p->state : NULL;
}

struct pane *list_pane(struct ui *ui)
{
	return ui_find(ui, &list_pane_ops);
}

struct view *list_current(struct ui *ui)
{
	struct list_state *st = state_of(ui);

	return st && st->n ? st->views[st->n - 1] : NULL;
}

int list_rows(struct ui *ui)
{
	struct pane *p = list_pane(ui);
	int rows = p ? p->rect.h - 2 : 0;   /* less the tabs and the header */

	/* A full-screen detail hides the list: keep the last useful size. */
	if (rows < 1)
		rows = ui->rows - 4;
	return rows > 0 ? rows : 1;
}

void list_push_view(struct ui *ui, struct view *v)
{
	struct list_state *st = state_of(ui);

	if (!st) {
		view_free(ui, &v);
		return;
	}
	if (st->n == LIST_MAX_VIEWS) {
		/* Forget the oldest view rather than refuse a new one. */
		view_free(ui, &st->views[0]);
		memmove(st->views, st->views + 1, (size_t)(st->n - 1) * sizeof st->views[0]);
		st->n--;
	}
	st->views[st->n++] = v;
	ui_need_lookups_for(ui, v->res);
	if (!view_resolve(ui, v) && v->pending)
		ui_message(ui, "%s: loading names for the filters\xe2\x80\xa6",
		           v->title);
}

void list_switch(struct ui *ui, const struct resource *res)
{
	struct list_state *st = state_of(ui);
	struct pane *d;

	if (!st)
		return;
	/* A resource key starts over: close the detail, replace the view
	 * (none: the caller pushes its own). */
	d = ui_find(ui, &detail_pane_ops);
	if (d)
		ui_pop(ui, d);
	while (st->n)
		view_free(ui, &st->views[--st->n]);
	if (res)
		list_push_view(ui, view_new(ui, res));
}

static void list_status(struct ui *ui, struct pane *p, char *buf, size_t len)
{
	struct view *v = list_current(ui);
	size_t used;

	buf[0] = '\0';
	if (!v)
		return;
	used = (size_t)snprintf(buf, len, " %s", v->title);
	if (v->search && used < len)
		used += (size_t)snprintf(buf + used, len - used, "  /%s", v->search);
	for (size_t i = 0; i < v->labels.n && used < len; i++) {
		/* Filters by the names people type: status=Closed. */
		const struct filter_def *f = resource_filter(v->res, v->labels.items[i].key);
		used += (size_t)snprintf(buf + used, len - used, "  %s=%s",
		                         f ? f->name : v->labels.items[i].key,
		                         v->labels.items[i].value);
	}
	if (used >= len)
		return;
	if (v->model.count > 0)
		snprintf(buf + used, len - used, "  row %ld of %ld",
		         v->scroll.cursor + 1, v->model.count);
	else if (v->model.count == 0)
		snprintf(buf + used, len - used, "  no %s", v->res->name);
	else if (v->error[0])   /* failed, nothing on its way: not "loading" */
		snprintf(buf + used, len - used, "  not loaded: r retries");
	else
		snprintf(buf + used, len - used, "  loading\xe2\x80\xa6");
	list_cache_status(ui, v, buf + used, len - used);
	list_live_status(ui, p->state, buf, len);
	list_marks_status(p->state, v, buf, len);
}

/* Asks for the pages the window needs now (before every frame). */
static void list_sync(struct ui *ui, struct pane *p)
{
	struct view *v = list_current(ui);

	if (!v)
		return;
	view_fit(v, list_rows(ui));
	view_fetch(ui, p, v, list_rows(ui));
	list_live_sync(ui, p->state, v);
	/* After the pages: with few requests on the wire at once, the first
	 * page must not queue behind the lookup lists (names fill in later).
	 * Asked once per session; later calls do nothing. */
	ui_need_lookups_for(ui, v->res);
}

/* ---- drawing ----------------------------------------------------------- */

static void draw_row(struct ui *ui, struct list_state *st, struct view *v,
                     int y, struct rect *r, long row, bool focused,
                     int gutter)
{
	enum lpage_state ps;
	const struct record *rec = listmodel_row(&v->model, row, &ps);
	char *line;
	int attr = ui->attrs[ROLE_NORMAL];

	if (rec) {
		line = listfmt_row(&st->fmt, rec, &ui->s->lookups);
		if (!st->first_rows_traced) {
			st->first_rows_traced = true;
			trace_event("first-rows", "%s", v->res->name);
		}
	} else {
		line = listfmt_placeholder(&st->fmt, ps == LPAGE_FAILED);
		attr = ui->attrs[ROLE_PLACEHOLDER];
	}
	if (!line)
		ui_oom();
	if (row == v->scroll.cursor)
		attr = ui->attrs[focused ? ROLE_LIST_SELECTED : ROLE_LIST_INACTIVE];
	if (list_marks_width(st, v))
		list_marks_cell(ui, st, rec, y, r->x - list_marks_width(st, v));
	/* The new/changed mark in a column of its own, before the row. */
	list_live_mark(ui, st, rec, y, r->x, gutter);
	screen_put(y, r->x + gutter, r->w - gutter, line, attr);
	free(line);
	if (rec && row != v->scroll.cursor)
		sla_paint_cell(ui, &st->fmt.cols, rec, y, r->x + gutter);
}

static void list_draw(struct ui *ui, struct pane *p, bool focused)
{
	struct list_state *st = p->state;
	struct view *v = list_current(ui);
	struct rect body = p->rect, *r = &body;
	char *head;
	int rows, gutter = 0;

	if (!v || p->rect.h < 1)
		return;
	list_tabs_draw(ui, &st->tabs, p->rect.y, p->rect.x, p->rect.w, v->tab,
	               focused);
	/* The rest is the list: its header and rows. */
	body.y++;
	body.h--;
	rows = r->h - 1;
	if (list_marks_width(st, v) && body.w > list_marks_width(st, v)) {
		/* The marks' own column, left of the others. */
		screen_put(body.y, body.x, list_marks_width(st, v), "",
		           ui->attrs[ROLE_HEADER]);
		body.x += list_marks_width(st, v);
		body.w -= list_marks_width(st, v);
	}
	if (r->h < 1)
		return;
	if (v->model.count > 0)
		gutter = list_live_gutter(ui, st, v, rows);
	if (st->fmt_res != v->res || st->fmt_width != r->w - gutter ||
	    !listfmt_sorted_by(&st->fmt, v->order)) {
		listfmt_init_sorted(&st->fmt, v->res, r->w - gutter, v->order);
		st->fmt_res = v->res;
		st->fmt_width = r->w - gutter;
	}
	head = listfmt_header(&st->fmt, v->order, v->desc);
	if (!head)
		ui_oom();
	screen_put(r->y, r->x + gutter, r->w - gutter, head,
	           ui->attrs[ROLE_HEADER]);
	free(head);
	if (v->model.count == 0 || (v->model.count < 0 && v->error[0])) {
		char msg[400];
		const char *why = hint_empty_list(v->res);  /* HALO_API.md F9 */

		snprintf(msg, sizeof msg, "  %s", v->error[0] ? v->error :
		         v->search || v->labels.n ? "nothing matches" :
		         why ? why : "nothing here");
		screen_put(r->y + 1, r->x, r->w, msg,
		           ui->attrs[v->error[0] ? ROLE_ERROR : ROLE_PLACEHOLDER]);
		return;
	}
	if (v->model.count < 0 && list_cache_draw(ui, st, v, r, focused))
		return;
	if (v->model.count < 0) {
		screen_put(r->y + 1, r->x, r->w, "  loading\xe2\x80\xa6",
		           ui->attrs[ROLE_PLACEHOLDER]);
		return;
	}
	for (int i = 0; i < rows && v->scroll.top + i < v->model.count; i++)
		draw_row(ui, st, v, r->y + 1 + i, r, v->scroll.top + i, focused,
		         gutter);
}

static void list_click(struct ui *ui, struct pane *p, int y, int x)
{
	struct list_state *st = p->state;
	struct view *v = list_current(ui);
	long row;

	if (y == p->rect.y) {
		int tab = list_tabs_at(&st->tabs, x);

		if (tab >= 0 && (!v || v->tab != tab))
			list_tab_open(ui, tab);
		return;
	}
	if (!v || y <= p->rect.y + 1)   /* the header */
		return;
	row = v->scroll.top + (y - p->rect.y - 2);
	if (row < v->model.count && row >= 0)
		v->scroll.cursor = row;
}

static struct scroller *list_scroller(struct ui *ui, struct pane *p)
{
	struct view *v = list_current(ui);

	(void)p;
	if (!v)
		return NULL;
	view_fit(v, list_rows(ui));
	return &v->scroll;
}

/* ---- events ------------------------------------------------------------ */

static unsigned list_notify(struct ui *ui, struct pane *p,
                            const struct ui_notice *n)
{
	struct list_state *st = p->state;
	bool names = n->kind == NOTICE_LOOKUP || n->kind == NOTICE_RESOLVED;

	int held = 0;

	for (int i = 0; i < st->n; i++) {
		struct view *v = st->views[i];
		if (names && v->pending) {
			view_restart(ui, v);   /* resolved again: it may start */
		} else if (n->kind == NOTICE_RECORD_SAVED && v->res == n->record->res) {
			/* Every view shows the saved copy; one that does not
			 * hold it may be missing a new record of its filter. */
			held = listmodel_replace(&v->model, n->record);
			if (held < 0)
				ui_oom();
			if (held == 0)
				v->stale = true;
		} else if (n->kind == NOTICE_RECORD_REMOVED && v->res == n->res) {
			listmodel_remove(&v->model, n->id, n->ticket_id);
		}
	}
	if (n->kind == NOTICE_RECORD_SAVED && n->record)
		list_live_saved(ui, st, n->record, held > 0);
	if (names)
		list_tabs_kick(ui, p, &st->tabs);
	return UI_REDRAW;
}

/* Of a search's first page, the one row named exactly as searched (a
 * LIKE search also finds longer names, HALO_API.md F2), or NULL. */
static const struct record *exact_row(const struct view *v)
{
	const struct record *rows[64];
	size_t n = 0;
	long at;

	if (!v->search)
		return NULL;
	for (long i = 0; i < v->model.count && n < 64; i++) {
		enum lpage_state state;
		const struct record *r = listmodel_row(&v->model, i, &state);

		if (!r)
			break;
		rows[n++] = r;
	}
	at = records_exact_title((struct record *const *)rows, n, v->search);
	return at >= 0 ? rows[at] : NULL;
}

static unsigned list_on_event(struct ui *ui, struct pane *p,
                              struct worker_event *ev, int what, long arg)
{
	struct list_state *st = p->state;

	if (what == WHAT_LINK_SEARCH)
		return list_link_results(ui, st, ev);
	if (what == WHAT_COUNT)
		return list_tabs_count_done(ui, &st->tabs, ev, arg);
	if (what == WHAT_SAVED_VIEWS)
		return list_tabs_saved_done(ui, p, &st->tabs, ev);
	if (what == WHAT_LIVE)
		return list_live_event(ui, p, st, ev, arg);
	if (!st->tabs.live) {
		/* The first page is in: the tabs' counts may go now, behind
		 * it (asked here, before this answer is done with, so that
		 * whoever waits for every request sees them). */
		st->tabs.live = true;
		list_tabs_kick(ui, p, &st->tabs);
	}
	for (int i = 0; i < st->n; i++) {
		struct view *v = st->views[i];
		if (v->group != ev->group)
			continue;
		list_cache_page(ui, v, ev, arg);
		if (!view_page_done(ui, v, ev, arg, list_rows(ui)))
			return 0;
		if (v->open_single && arg == 1 && ev->status == HALO_OK) {
			const struct record *only = view_selected(v);
			v->open_single = false;
			if (v->model.count != 1)
				only = exact_row(v);
			if (only)
				detail_open_record(ui, only);
		}
		return UI_REDRAW;
	}
	return 0;
}

/* ---- the pane ---------------------------------------------------------- */

static int list_open(struct ui *ui, struct pane *p, void *arg)
{
	const struct resource *res = arg;
	struct list_state *st = p->state;

	st->views[st->n++] = view_new(ui, res);   /* lookups: see list_sync */
	list_cache_open(ui, st->views[0]);
	list_tabs_open(ui, &st->tabs);
	list_live_open(ui, st);
	return 0;
}

static void list_close(struct ui *ui, struct pane *p)
{
	struct list_state *st = p->state;

	list_tabs_close(ui, &st->tabs);
	list_live_close(ui, st);
	marks_done(&st->marks);
	while (st->n)
		view_free(ui, &st->views[--st->n]);
}

const struct pane_ops list_pane_ops = {
	.name = "list",
	.state_size = sizeof(struct list_state),
	.open = list_open,
	.close = list_close,
	.sync = list_sync,
	.draw = list_draw,
	.handle = list_handle,
	.scroller = list_scroller,
	.click = list_click,
	.status = list_status,
	.on_event = list_on_event,
	.notify = list_notify,
};

int list_start(struct ui *ui, const char *resource)
{
	const struct resource *res = resource_find(resource ? resource : "tickets");

	if (!res || !(res->flags & RES_BROWSE) || !(res->flags & RES_PAGED))
		return -1;
	return ui_push(ui, &list_pane_ops, PLACE_LIST, (void *)res) ? 0 : -1;
}
