/* SPDX-License-Identifier: MIT */
/* My time today (M, :mytime): the notes I logged time on today, from
 * Halo's time entries (mytime.h), each with its time, and the total. "I"
 * is who the queue tabs' "me" is (me.c). Enter opens the entry's ticket. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mytime.h"
#include "notetime.h"
#include "panes.h"
#include "screen.h"

struct mytime_state {
	struct record **ev;
	size_t n;
	bool asked, loaded;
	char error[400];
	char day[64];
	struct scroller scroll;   /* a cursor over the entries */
};

static void ask(struct ui *ui, struct pane *p, struct mytime_state *st)
{
	const struct me *me = me_known(ui);
	const char *err = me_error(ui);
	struct request *req;

	if (!me) {
		if (err)
			snprintf(st->error, sizeof st->error, "who you are is not "
			         "known: %s", err);
		else
			me_need(ui, true);   /* NOTICE_RESOLVED brings it */
		return;
	}
	req = mytime_request(me->id, time(NULL));
	if (!req)
		ui_oom();
	st->asked = true;
	ui_submit(ui, p, req, 1, 0);
}

static int mytime_open_pane(struct ui *ui, struct pane *p, void *arg)
{
	struct mytime_state *st = p->state;
	char a[40], b[40];

	(void)arg;
	st->scroll.has_cursor = true;
	mytime_day(time(NULL), a, b, sizeof a, st->day, sizeof st->day);
	ask(ui, p, st);
	return 0;
}

static void mytime_close(struct ui *ui, struct pane *p)
{
	struct mytime_state *st = p->state;

	(void)ui;
	records_free(&st->ev, &st->n);
}

static void mytime_draw(struct ui *ui, struct pane *p, bool focused)
{
	static const struct key_hint hints[] = {
		{ ACT_OPEN, 0, "ticket" }, { ACT_REFRESH, 0, "again" },
		{ ACT_CLOSE, 0, "closes" },
	};
	struct mytime_state *st = p->state;
	char title[120], head[200], total[32];
	struct rect in;
	int y;

	snprintf(title, sizeof title, " My time today, %s ", st->day);
	in = screen_box(&p->rect, title, ui->attrs[ROLE_BORDER],
	                ui->attrs[ROLE_TITLE]);
	if (in.h < 2)
		return;
	y = in.y;
	if (st->error[0]) {
		screen_put(y, in.x, in.w, st->error, ui->attrs[ROLE_ERROR]);
	} else if (!st->loaded) {
		screen_put(y, in.x, in.w, "reading your time entries\xe2\x80\xa6",
		           ui->attrs[ROLE_PLACEHOLDER]);
	} else {
		notetime_format(mytime_total(st->ev, st->n), total, sizeof total);
		snprintf(head, sizeof head, "%zu note%s with time today, %s in all",
		         st->n, st->n == 1 ? "" : "s", total);
		screen_put(y, in.x, in.w, head, ui->attrs[ROLE_DETAIL_SECTION]);
	}
	y += 2;
	scroller_fit(&st->scroll, in.y + in.h - y, (long)st->n);
	for (size_t i = (size_t)st->scroll.top; i < st->n && y < in.y + in.h; i++) {
		char *line = mytime_line(st->ev[i]);
		if (!line)
			ui_oom();
		screen_put(y++, in.x, in.w, line,
		           ui->attrs[(long)i == st->scroll.cursor && focused ?
		                     ROLE_FORM_SELECTED : ROLE_NORMAL]);
		free(line);
	}
	ui_box_hint(ui, &p->rect, NULL, hints, sizeof hints / sizeof hints[0]);
}

static unsigned mytime_handle(struct ui *ui, struct pane *p, int key,
                              enum action act)
{
	struct mytime_state *st = p->state;
	long t;

	(void)key;
	switch (act) {
	case ACT_CLOSE:
	case ACT_MY_TIME:
		return UI_CLOSE;
	case ACT_QUIT:
		return UI_QUIT;
	case ACT_REFRESH:
		records_free(&st->ev, &st->n);
		st->loaded = false;
		st->error[0] = '\0';
		if (me_error(ui))
			me_retry(ui);
		ask(ui, p, st);
		return UI_REDRAW;
	case ACT_OPEN:
		if (st->scroll.cursor < 0 || (size_t)st->scroll.cursor >= st->n)
			return UI_REDRAW;
		t = record_id_of(st->ev[st->scroll.cursor], "ticket_id");
		if (t <= 0)
			return UI_REDRAW;
		ui_pop(ui, p);
		detail_open_id(ui, resource_find("tickets"), t);
		return UI_REDRAW;
	default:
		return UI_NOT_MINE | UI_REDRAW;
	}
}

static struct scroller *mytime_scroller(struct ui *ui, struct pane *p)
{
	struct mytime_state *st = p->state;

	(void)ui;
	st->scroll.count = (long)st->n;
	return &st->scroll;
}

static unsigned mytime_on_event(struct ui *ui, struct pane *p,
                                struct worker_event *ev, int what, long arg)
{
	struct mytime_state *st = p->state;

	(void)ui;
	(void)what;
	(void)arg;
	if (ev->status != HALO_OK) {
		snprintf(st->error, sizeof st->error, "your time entries could not "
		         "be read: %s", ev->message);
		return UI_REDRAW;
	}
	api_page_take(&ev->page, &st->ev, &st->n);
	mytime_sort(st->ev, st->n);
	st->loaded = true;
	return UI_REDRAW;
}

/* Who I am arrived (or failed) while the pane waited for it. */
static unsigned mytime_notify(struct ui *ui, struct pane *p,
                              const struct ui_notice *n)
{
	struct mytime_state *st = p->state;

	if (n->kind != NOTICE_RESOLVED || st->asked || st->loaded)
		return 0;
	ask(ui, p, st);
	return UI_REDRAW;
}

const struct pane_ops mytime_pane_ops = {
	.name = "mytime",
	.state_size = sizeof(struct mytime_state),
	.open = mytime_open_pane,
	.close = mytime_close,
	.draw = mytime_draw,
	.handle = mytime_handle,
	.scroller = mytime_scroller,
	.on_event = mytime_on_event,
	.notify = mytime_notify,
};

void mytime_open(struct ui *ui)
{
	if (!ui_find(ui, &mytime_pane_ops))
		ui_push(ui, &mytime_pane_ops, PLACE_OVERLAY, NULL);
}
