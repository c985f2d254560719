/* SPDX-License-Identifier: MIT */
/* "What changed" (:changed, w): the tickets in my queues (assigned to
 * me, and in my teams) whose last action is newer than when I last
 * looked, newest first, with the last action's outcome and who did it.
 * Opening it is looking: the time is kept at once (changed.c), so that
 * the next opening shows only what came after. Two list requests (agent
 * and teams, one page each, by lastactiondate descending) and one
 * /Actions?count=1 per row on screen, never more. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changed.h"
#include "clock.h"
#include "grow.h"
#include "panes.h"
#include "screen.h"
#include "text.h"
#include "trace.h"

enum { WHAT_TICKETS = 1, WHAT_ACTION = 2 };
enum changed_phase { CH_WAIT_ME, CH_ASKED, CH_READY, CH_FAILED };

/* One page of each query: the newest changes are on it. */
#define CHANGED_PAGE 50

struct changed_state {
	enum changed_phase phase;
	long long since;              /* the look before this one, ms */
	int pending;                  /* ticket lists still to come */
	struct record **got;          /* every ticket of the answers (owned) */
	size_t ngot, capgot;
	const struct record *rows[CHANGED_MAX];
	char what[CHANGED_MAX][200];  /* "outcome · who"; "" until known */
	bool asked[CHANGED_MAX];
	size_t n;
	bool more;                    /* a page came full: older changes left */
	struct scroller scroll;
	char error[400];
};

static const struct resource *tickets(void)
{
	return resource_find("tickets");
}

static void ask_tickets(struct ui *ui, struct pane *p, const char *param,
                        const char *value)
{
	struct changed_state *st = p->state;
	struct kv_list params = { 0 };
	struct list_query q = { .params = &params, .order = "lastactiondate",
	                        .orderdesc = true };
	struct request *req;

	if (kv_add(&params, param, value) != 0)
		ui_oom();
	req = request_page(tickets(), &q, 1, CHANGED_PAGE);
	kv_done(&params);
	if (!req)
		ui_oom();
	if (ui_submit(ui, p, req, WHAT_TICKETS, 0))
		st->pending++;
}

/* Who I am is known: ask for my tickets and my teams' tickets. */
static void ask_all(struct ui *ui, struct pane *p, const struct me *me)
{
	struct changed_state *st = p->state;
	char id[32], teams[ME_MAX_TEAMS * 21 + 1] = "";

	snprintf(id, sizeof id, "%ld", me->id);
	ask_tickets(ui, p, "agent_id", id);
	for (size_t i = 0; i < me->nteams; i++) {
		size_t at = strlen(teams);

		snprintf(teams + at, sizeof teams - at, "%s%ld", i ? "," : "",
		         me->teams[i]);
	}
	if (*teams)
		ask_tickets(ui, p, "team", teams);
	st->phase = st->pending ? CH_ASKED : CH_FAILED;
	if (!st->pending)
		snprintf(st->error, sizeof st->error, "the tickets could not be asked for");
}

static void start(struct ui *ui, struct pane *p)
{
	struct changed_state *st = p->state;
	const struct me *me = me_known(ui);
	const char *why;

	if (me) {
		ask_all(ui, p, me);
	} else if ((why = me_error(ui)) != NULL) {
		st->phase = CH_FAILED;
		snprintf(st->error, sizeof st->error, "who you are is not known: %s", why);
	} else {
		st->phase = CH_WAIT_ME;
		me_need(ui, true);
	}
}

static int changed_open_pane(struct ui *ui, struct pane *p, void *arg)
{
	struct changed_state *st = p->state;
	long long now = clock_now_ms();
	struct errbuf err;

	(void)arg;
	st->scroll.has_cursor = true;
	/* Never looked: the last day is what changed. */
	if (!changed_last_look(&ui->s->settings, &st->since))
		st->since = now - 24 * 3600 * 1000LL;
	errbuf_clear(&err);
	if (changed_save_look(&ui->s->settings, now, &err) != HALO_OK)
		ui_error(ui, "%s", err.msg);
	start(ui, p);
	return 0;
}

static void changed_close(struct ui *ui, struct pane *p)
{
	struct changed_state *st = p->state;

	(void)ui;
	records_free(&st->got, &st->ngot);
}

/* The last action of each row on screen, asked once. */
static void changed_sync(struct ui *ui, struct pane *p)
{
	struct changed_state *st = p->state;
	size_t top = (size_t)st->scroll.top, rows = (size_t)st->scroll.rows;

	/* Before the rows were first drawn: as many as the box can hold. */
	if (rows < 1)
		rows = p->rect.h > 2 ? (size_t)p->rect.h - 2 : 1;
	if (st->phase != CH_READY)
		return;
	for (size_t i = top; i < st->n && i < top + rows; i++) {
		struct request *req;

		if (st->asked[i])
			continue;
		st->asked[i] = true;
		req = request_notes_for(tickets(), st->rows[i]->id, 1);
		if (!req)
			ui_oom();
		ui_submit(ui, p, req, WHAT_ACTION, (long)i);
	}
}

static void took_tickets(struct changed_state *st, struct worker_event *ev)
{
	if (ev->status != HALO_OK) {
		if (!st->error[0])
			snprintf(st->error, sizeof st->error, "%s", ev->message);
		return;
	}
	if (ev->page.n >= CHANGED_PAGE)
		st->more = true;
	for (size_t i = 0; i < ev->page.n; i++) {
		struct record **g = grow_for_one(st->got, st->ngot, &st->capgot,
		                                 sizeof *g, 64);

		if (!g)
			ui_oom();
		st->got = g;
		st->got[st->ngot++] = ev->page.records[i];
		ev->page.records[i] = NULL;
	}
}

static unsigned changed_on_event(struct ui *ui, struct pane *p,
                                 struct worker_event *ev, int what, long arg)
{
	struct changed_state *st = p->state;

	if (what == WHAT_ACTION) {
		if (arg < 0 || (size_t)arg >= st->n)
			return 0;
		if (ev->status != HALO_OK)
			snprintf(st->what[arg], sizeof st->what[arg],
			         "(last action not loaded)");
		else if (ev->page.n > 0)
			changed_who_what(ev->page.records[0], st->what[arg],
			                 sizeof st->what[arg]);
		else
			snprintf(st->what[arg], sizeof st->what[arg], "(no actions)");
		return UI_REDRAW;
	}
	took_tickets(st, ev);
	if (--st->pending > 0)
		return UI_REDRAW;
	if (st->error[0] && !st->ngot) {
		st->phase = CH_FAILED;
		return UI_REDRAW;
	}
	st->n = changed_select(st->got, st->ngot, st->since, st->rows,
	                       CHANGED_MAX);
	st->phase = CH_READY;
	/* One of the two queues came, the other did not: say so. */
	if (st->error[0])
		ui_error(ui, "what changed: one queue could not be read: %s",
		         st->error);
	trace_event("changed", "%zu", st->n);
	return UI_REDRAW;
}

static unsigned changed_notify(struct ui *ui, struct pane *p,
                               const struct ui_notice *n)
{
	struct changed_state *st = p->state;

	if (n->kind != NOTICE_RESOLVED || st->phase != CH_WAIT_ME)
		return 0;
	start(ui, p);
	return UI_REDRAW;
}

static void row_text(const struct changed_state *st, size_t i, int w,
                     char *out, size_t len)
{
	const struct record *r = st->rows[i];
	const struct field_def *f = resource_field(tickets(), "lastactiondate");
	char *when = record_display(r, f, NULL);
	char *summary = text_sanitize(record_str(r, "summary"),
	                              strlen(record_str(r, "summary") ?
	                                     record_str(r, "summary") : ""), 0);
	const char *what = st->what[i][0] ? st->what[i] : "\xe2\x80\xa6";
	int ww = w / 3 > 40 ? 40 : w / 3, sw = w - 16 - 1 - 7 - 1 - 2 - ww;
	char *s, *wh;

	if (!when || !summary)
		ui_oom();
	s = text_fit(summary, sw > 4 ? sw : 4, 1);
	wh = text_fit(what, ww, 0);
	if (!s || !wh)
		ui_oom();
	snprintf(out, len, "%-16s %-7ld %s  %s", when, r->id, s, wh);
	free(when);
	free(summary);
	free(s);
	free(wh);
}

static void changed_draw(struct ui *ui, struct pane *p, bool focused)
{
	static const struct key_hint hints[] = {
		{ ACT_OPEN, 0, "opens" }, { ACT_CLOSE, 0, "closes" },
	};
	struct changed_state *st = p->state;
	char title[120], since[32], line[2000];
	time_t secs = (time_t)(st->since / 1000);
	struct tm tm;
	struct rect in;

	(void)focused;
	localtime_r(&secs, &tm);
	strftime(since, sizeof since, "%Y-%m-%d %H:%M", &tm);
	snprintf(title, sizeof title, " What changed since %s ", since);
	in = screen_box(&p->rect, title, ui->attrs[ROLE_BORDER],
	                ui->attrs[ROLE_TITLE]);
	if (in.h < 1)
		return;
	if (st->phase != CH_READY) {
		screen_put(in.y, in.x, in.w, st->phase == CH_FAILED ? st->error :
		           "  loading\xe2\x80\xa6", ui->attrs[st->phase == CH_FAILED ?
		                                        ROLE_ERROR : ROLE_PLACEHOLDER]);
		return;
	}
	if (!st->n) {
		snprintf(line, sizeof line, "  nothing changed in your queues since %s",
		         since);
		screen_put(in.y, in.x, in.w, line, ui->attrs[ROLE_PLACEHOLDER]);
	}
	scroller_fit(&st->scroll, in.h - (st->more ? 1 : 0) > 0 ?
	             in.h - (st->more ? 1 : 0) : 1, (long)st->n);
	for (int i = 0; i < st->scroll.rows; i++) {
		size_t at = (size_t)st->scroll.top + (size_t)i;

		if (at >= st->n)
			break;
		row_text(st, at, in.w, line, sizeof line);
		screen_put(in.y + i, in.x, in.w, line,
		           ui->attrs[(long)at == st->scroll.cursor ?
		                     ROLE_LIST_SELECTED : ROLE_NORMAL]);
	}
	if (st->more && st->n)
		screen_put(in.y + in.h - 1, in.x, in.w,
		           "  (older changes not shown: the newest of each queue only)",
		           ui->attrs[ROLE_PLACEHOLDER]);
	ui_box_hint(ui, &p->rect, NULL, hints, sizeof hints / sizeof hints[0]);
}

static unsigned changed_handle(struct ui *ui, struct pane *p, int key,
                               enum action act)
{
	struct changed_state *st = p->state;

	(void)key;
	switch (act) {
	case ACT_CLOSE:
	case ACT_CHANGED:
		return UI_CLOSE;
	case ACT_QUIT:
		return UI_QUIT;
	case ACT_OPEN:
		if (st->phase == CH_READY && st->scroll.cursor >= 0 &&
		    (size_t)st->scroll.cursor < st->n) {
			long id = st->rows[st->scroll.cursor]->id;

			ui_pop(ui, p);   /* p is gone from here on */
			detail_open_id(ui, tickets(), id);
		}
		return UI_REDRAW;
	default:
		return UI_NOT_MINE | UI_REDRAW;
	}
}

static struct scroller *changed_scroller(struct ui *ui, struct pane *p)
{
	struct changed_state *st = p->state;

	(void)ui;
	return &st->scroll;
}

const struct pane_ops changed_pane_ops = {
	.name = "changed",
	.state_size = sizeof(struct changed_state),
	.open = changed_open_pane,
	.close = changed_close,
	.sync = changed_sync,
	.draw = changed_draw,
	.handle = changed_handle,
	.scroller = changed_scroller,
	.on_event = changed_on_event,
	.notify = changed_notify,
};

void changed_open(struct ui *ui)
{
	struct pane *p = ui_find(ui, &changed_pane_ops);

	if (p)
		ui_pop(ui, p);
	ui_push(ui, &changed_pane_ops, PLACE_OVERLAY, NULL);
}
