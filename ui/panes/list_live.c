/* SPDX-License-Identifier: MIT */
/* The list kept live. Every refresh_interval (a timer of the loop: the UI
 * sleeps in poll() until then, never polling in between) the page on
 * screen of the current view and the counts of the view tabs are read
 * again, as background requests through the worker's request budget, and
 * never while the last re-read is still out or the TUI is not in the
 * foreground. Rows are compared with what was shown (livemarks.c): a row
 * a re-read brought that was never shown is new, one whose lastactiondate
 * or last_update moved on is changed; both are marked in a column of their own until
 * the cursor rests on them. Resting (LIST_LIVE_SETTLE_MS) is also when the
 * detail beside the list follows the cursor: a burst of moves costs one
 * detail, for the row where the cursor stopped. After the agent's own
 * writes the lists show the server's copy (list_notify), a note's ticket
 * is read again (the module below) and, shortly after, the tabs are
 * counted again and a record the view did not hold (a new one) brings a
 * re-read of the page on screen. */
#include "config.h"
#include "list_private.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "paging.h"
#include "screen.h"
#include "trace.h"
#include "view.h"

#define MARK_NEW "\xe2\x97\x8f"      /* ● */
#define MARK_CHANGED "\xe2\x80\xa2"  /* • */

/* ---- the ticket of a note, read again ------------------------------------ */

struct note_follow {
	unsigned rereads;
};

static unsigned follow_notify(struct ui *ui, void *state,
                              const struct ui_notice *n);
static unsigned follow_event(struct ui *ui, void *state,
                             struct worker_event *ev, int what, long arg);

static const struct ui_module note_follow_module = {
	.name = "note-follow",
	.state_size = sizeof(struct note_follow),
	.on_event = follow_event,
	.notify = follow_notify,
};

/* A note was saved: its ticket (a status the note set, the time of its
 * last action) is read again and passed on as saved, so that every list
 * and detail showing it shows the server's copy. */
static unsigned follow_notify(struct ui *ui, void *state,
                              const struct ui_notice *n)
{
	const struct record *r = n->record;
	const struct resource *tickets = resource_find("tickets");
	struct note_follow *f = state;
	struct request *req;
	long tid;

	if (n->kind != NOTICE_RECORD_SAVED || !r || !tickets ||
	    strcmp(r->res->name, "actions") != 0)
		return 0;
	tid = r->ticket_id ? r->ticket_id : record_id_of(r, "ticket_id");
	if (tid <= 0)
		return 0;
	req = request_item(tickets, tid, 0);
	if (!req)
		ui_oom();
	f->rereads++;
	ui_submit_module(ui, &note_follow_module, req, 0, tid);
	return 0;
}

static unsigned follow_event(struct ui *ui, void *state,
                             struct worker_event *ev, int what, long arg)
{
	(void)state;
	(void)what;
	if (ev->status == HALO_OK && ev->record) {
		ui_record_saved(ui, ev->record);
		return UI_REDRAW;
	}
	if (ev->status != HALO_ECANCELLED)
		ui_error(ui, "ticket %ld was not read again after the note: %s "
		         "(r reloads)", arg, ev->message);
	return UI_REDRAW;
}

/* ---- timers ------------------------------------------------------------- */

static struct list_state *live_state(struct ui *ui, struct pane **pp)
{
	struct pane *p = list_pane(ui);

	if (pp)
		*pp = p;
	return p ? p->state : NULL;
}

static unsigned refresh_tick(struct ui *ui);

static void arm_refresh(struct ui *ui, struct list_state *st)
{
	long ms = ui->s->settings.refresh_interval_ms;

	st->live.timer_armed = ms > 0;
	ui_timer_set(ui, UI_TIMER_REFRESH, ms > 0 ? ms : -1, refresh_tick);
}

/* Whether the terminal shows us: a job stopped or put in the background
 * asks nothing. */
static bool in_foreground(void)
{
	pid_t fg = tcgetpgrp(STDIN_FILENO);

	return fg < 0 || fg == getpgrp();
}

/* The pages holding the rows on screen (the first page of an empty
 * list). */
static int screen_pages(struct ui *ui, const struct view *v, long *out)
{
	long top = v->scroll.top, last = top + list_rows(ui) - 1, a, b;
	int n = 0;

	if (v->model.count <= 0) {
		out[0] = 1;
		return 1;
	}
	if (last > v->model.count - 1)
		last = v->model.count - 1;
	a = paging_page_of_row(top, v->model.page_size);
	b = paging_page_of_row(last, v->model.page_size);
	for (long p = a; p <= b && n < LIST_LIVE_PAGES; p++)
		out[n++] = p;
	return n;
}

static bool reread_out(const struct list_state *st)
{
	for (int i = 0; i < LIST_LIVE_PAGES; i++)
		if (st->live.req[i])
			return true;
	return false;
}

/* The page on screen of the current view, read again in place. */
static void reread(struct ui *ui, struct pane *p, struct list_state *st)
{
	struct view *v = list_current(ui);
	long pages[LIST_LIVE_PAGES];
	int n;

	/* Still loading, or the last re-read is still out (held by the
	 * budget, a slow server): never two at once. */
	if (!v || v->pending || v->blocked || v->model.count < 0 ||
	    reread_out(st))
		return;
	v->stale = false;
	n = screen_pages(ui, v, pages);
	for (int i = 0; i < n; i++) {
		struct request *req = view_page_request(v, pages[i]);

		req->background = true;
		st->live.req[i] = ui_submit(ui, p, req, WHAT_LIVE, pages[i]);
	}
	trace_event("live", "reread %s pages=%d", v->res->name, n);
}

static unsigned refresh_tick(struct ui *ui)
{
	struct pane *p;
	struct list_state *st = live_state(ui, &p);

	if (!st)
		return 0;
	arm_refresh(ui, st);
	/* Nothing of the list on screen (a full-screen detail or form over
	 * it), or the terminal not ours: nothing is worth a request. */
	if (!in_foreground() || p->rect.h < 1 || p->rect.w < 1)
		return 0;
	st->live.rang = false;
	reread(ui, p, st);
	list_tabs_recount(ui, p, &st->tabs);
	return 0;
}

/* Shortly after the agent's own writes: the tabs' counts, and the page
 * on screen when a record came that the view did not hold. */
static unsigned written(struct ui *ui)
{
	struct pane *p;
	struct list_state *st = live_state(ui, &p);

	if (!st)
		return 0;
	if (st->live.written_new)
		reread(ui, p, st);
	st->live.written_new = false;
	list_tabs_recount(ui, p, &st->tabs);
	return 0;
}

/* The cursor rested on a row: it counts as seen, and the detail beside
 * the list shows it. */
static unsigned settled(struct ui *ui)
{
	struct list_state *st = live_state(ui, NULL);
	struct view *v = list_current(ui);
	const struct record *rec = v ? view_selected(v) : NULL, *shown;
	struct pane *d = ui_find(ui, &detail_pane_ops), *top = ui_top(ui);
	char stamp[LIVEMARKS_STAMP_MAX];
	bool marked;

	if (!st || !rec || rec->id != st->live.rested_id ||
	    (const void *)rec->res != st->live.rested_res)
		return 0;
	marked = livemarks_get(&st->live.marks, rec->res, rec->id) != LIVE_NONE;
	if (livemarks_seen(&st->live.marks, rec->res, rec->id,
	                   livemarks_stamp(rec, stamp, sizeof stamp)) < 0)
		ui_oom();
	shown = detail_record(ui);
	if (ui->lay.split && d && top && !ui->split_focus_detail &&
	    (top == d || top->place == PLACE_LIST) &&
	    (!shown || shown->id != rec->id || shown->res != rec->res)) {
		trace_event("live", "follow %s %ld", rec->res->name, rec->id);
		detail_follow_record(ui, rec);
		return UI_REDRAW;
	}
	return marked ? UI_REDRAW : 0;
}

/* ---- the pane's side ------------------------------------------------------ */

void list_live_open(struct ui *ui, struct list_state *st)
{
	livemarks_init(&st->live.marks);
	(void)ui_module(ui, &note_follow_module);
}

void list_live_close(struct ui *ui, struct list_state *st)
{
	for (int i = 0; i < LIST_LIVE_PAGES; i++)
		if (st->live.req[i])
			ui_cancel(ui, st->live.req[i]);
	livemarks_done(&st->live.marks);
	ui_timer_set(ui, UI_TIMER_REFRESH, -1, NULL);
	ui_timer_set(ui, UI_TIMER_SETTLE, -1, NULL);
	ui_timer_set(ui, UI_TIMER_WRITTEN, -1, NULL);
	memset(&st->live, 0, sizeof st->live);
}

void list_live_sync(struct ui *ui, struct list_state *st, struct view *v)
{
	const struct record *rec;

	if (!st->live.timer_armed && v->model.count >= 0 &&
	    ui->s->settings.refresh_interval_ms > 0)
		arm_refresh(ui, st);
	rec = view_selected(v);
	if (rec && (rec->id != st->live.rested_id ||
	            (const void *)rec->res != st->live.rested_res)) {
		st->live.rested_id = rec->id;
		st->live.rested_res = rec->res;
		ui_timer_set(ui, UI_TIMER_SETTLE, LIST_LIVE_SETTLE_MS, settled);
	}
}

int list_live_gutter(struct ui *ui, struct list_state *st, struct view *v,
                     int rows)
{
	char stamp[LIVEMARKS_STAMP_MAX];
	bool any = false;

	(void)ui;
	for (int i = 0; i < rows && v->scroll.top + i < v->model.count; i++) {
		enum lpage_state ps;
		const struct record *r = listmodel_row(&v->model,
		                                       v->scroll.top + i, &ps);
		int m;

		if (!r)
			continue;
		m = livemarks_shown(&st->live.marks, r->res, r->id,
		                    livemarks_stamp(r, stamp, sizeof stamp));
		if (m < 0)
			ui_oom();
		any |= m != LIVE_NONE;
	}
	return any ? 2 : 0;
}

void list_live_mark(struct ui *ui, struct list_state *st,
                    const struct record *rec, int y, int x, int gutter)
{
	enum live_mark m;

	if (gutter <= 0)
		return;
	m = rec ? livemarks_get(&st->live.marks, rec->res, rec->id) : LIVE_NONE;
	screen_put(y, x, gutter, m == LIVE_NEW ? MARK_NEW :
	           m == LIVE_CHANGED ? MARK_CHANGED : "",
	           ui->attrs[m == LIVE_NONE ? ROLE_NORMAL : ROLE_LIST_NEW]);
}

/* The row of the record with id among rows [from, from + n) of v, or -1. */
static long row_of(const struct view *v, long id, long from, long n)
{
	for (long i = from; i < from + n && i < v->model.count; i++) {
		enum lpage_state ps;
		const struct record *r = listmodel_row(&v->model, i, &ps);

		if (r && r->id == id)
			return i;
	}
	return -1;
}

unsigned list_live_event(struct ui *ui, struct pane *p, struct list_state *st,
                         struct worker_event *ev, long page)
{
	struct view *v = list_current(ui);
	const struct record *sel;
	long sel_id, first, top, bottom, at;
	size_t before, after;
	char stamp[LIVEMARKS_STAMP_MAX];
	int slot = -1;

	(void)p;
	for (int i = 0; i < LIST_LIVE_PAGES; i++)
		if (st->live.req[i] && st->live.req[i] == ev->id)
			slot = i;
	if (slot < 0)
		return 0;
	st->live.req[slot] = 0;
	if (!v || ev->group != v->group)
		return 0;   /* the query changed meanwhile */
	if (ev->status != HALO_OK) {
		trace_event("live", "failed http=%d", ev->http_status);
		if (ev->status != HALO_ECANCELLED)
			ui_error(ui, "auto-refresh of %s: %s (r reloads)",
			         v->res->name, ev->message);
		return UI_REDRAW;
	}
	sel = view_selected(v);
	sel_id = sel ? sel->id : 0;
	before = livemarks_count(&st->live.marks, v->res, LIVE_NEW);
	first = paging_first_row(page, v->model.page_size);
	top = v->scroll.top;
	bottom = top + list_rows(ui) - 1;
	/* Rows never shown that land on the screen are new. */
	for (size_t j = 0; j < ev->page.n; j++) {
		const struct record *r = ev->page.records[j];
		long row = first + (long)j;

		if (r && row >= top && row <= bottom &&
		    livemarks_arrived(&st->live.marks, r->res, r->id,
		                      livemarks_stamp(r, stamp, sizeof stamp)) < 0)
			ui_oom();
	}
	listmodel_refresh(&v->model, page, &ev->page);
	/* The cursor stays on its record when rows above it came or went. */
	if (sel_id && (at = row_of(v, sel_id, first, v->model.page_size)) >= 0) {
		v->scroll.cursor = at;
		st->live.rested_id = sel_id;
	}
	view_fit(v, list_rows(ui));
	after = livemarks_count(&st->live.marks, v->res, LIVE_NEW);
	if (after > before && ui->s->settings.bell_on_new && !st->live.rang) {
		beep();
		st->live.rang = true;
	}
	trace_event("live", "page=%ld new=%zu", page, after - before);
	return UI_REDRAW;
}

void list_live_saved(struct ui *ui, struct list_state *st,
                     const struct record *r, bool in_view)
{
	struct view *v = list_current(ui);
	char stamp[LIVEMARKS_STAMP_MAX];

	/* The agent's own change is no news to the agent. */
	if (livemarks_seen(&st->live.marks, r->res, r->id,
	                   livemarks_stamp(r, stamp, sizeof stamp)) < 0)
		ui_oom();
	if (v && v->res == r->res && !in_view)
		st->live.written_new = true;
	ui_timer_set(ui, UI_TIMER_WRITTEN, LIST_LIVE_WRITTEN_MS, written);
}

void list_live_shown_again(struct ui *ui, struct pane *p,
                           struct list_state *st)
{
	struct view *v = list_current(ui);

	if (v && v->stale)
		reread(ui, p, st);
}

void list_live_status(struct ui *ui, struct list_state *st, char *buf,
                      size_t len)
{
	const struct resource *tickets = resource_find("tickets");
	size_t n = tickets ? livemarks_count(&st->live.marks, tickets,
	                                     LIVE_NEW) : 0;
	size_t used = strlen(buf);

	(void)ui;
	if (n && used < len)
		snprintf(buf + used, len - used, "  " MARK_NEW " %zu new ticket%s",
		         n, n == 1 ? "" : "s");
}
