/* SPDX-License-Identifier: MIT */
/* A change that may have been applied, beside what the server has now:
 * the record it changed is read again (for a note, its ticket and latest
 * notes; for a new record, the newest of its kind) and shown under the
 * change itself. It can be sent again only once that was shown, and only
 * after a second key confirms it; or kept for later, or discarded because
 * it was applied. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "detailfmt.h"
#include "grow.h"
#include "note.h"
#include "panes.h"
#include "recordtext.h"
#include "screen.h"
#include "text.h"

#define CHECK_NOTES 5      /* the latest notes of a note's ticket */
#define CHECK_NEWEST 5     /* the newest records, for a new one */

enum check_what { WHAT_RECORD = 1, WHAT_NOTES = 2, WHAT_NEWEST = 3 };

struct check_args {
	struct draft *d;
	draft_check_fn fn;
	long arg;
};

struct check_state {
	struct draft d;
	draft_check_fn fn;
	long arg;
	struct record *change;      /* the draft's body as a record, or NULL */
	const struct resource *res; /* what is read again */
	long id;                    /* its id; 0: the newest of res */
	struct record *rec;         /* the server's record now */
	struct record **list;       /* its notes, or the newest records */
	size_t nlist;
	int waiting;                /* requests not yet answered */
	char error[400];            /* why the record could not be read */
	bool confirm;               /* "send it again?" asked */
	struct dlines lines;
	int built_width;
	bool dirty;
	struct scroller scroll;
};

static bool is_note(const struct draft *d)
{
	return strcmp(d->kind, "note") == 0;
}

/* Asks for the record (and its notes, or the newest records) again. */
static void read_again(struct ui *ui, struct pane *p, struct check_state *st)
{
	struct request *req;

	st->error[0] = '\0';
	record_free(&st->rec);
	records_free(&st->list, &st->nlist);
	st->waiting = 0;
	if (st->id > 0) {
		req = request_item(st->res, st->id, 0);
		if (!req)
			ui_oom();
		ui_submit(ui, p, req, WHAT_RECORD, 0);
		st->waiting++;
		if (is_note(&st->d)) {
			req = request_notes_for(st->res, st->id, CHECK_NOTES);
			if (!req)
				ui_oom();
			ui_submit(ui, p, req, WHAT_NOTES, 0);
			st->waiting++;
		}
	} else {
		struct list_query q = { 0 };
		req = request_page(st->res, &q, 1, CHECK_NEWEST);
		if (!req)
			ui_oom();
		ui_submit(ui, p, req, WHAT_NEWEST, 0);
		st->waiting++;
	}
	st->dirty = true;
}

static int check_open_pane(struct ui *ui, struct pane *p, void *arg)
{
	struct check_args *a = arg;
	struct check_state *st = p->state;
	const struct resource *res = resource_find(a->d->resource);
	struct errbuf err;

	st->d = *a->d;
	memset(a->d, 0, sizeof *a->d);
	st->fn = a->fn;
	st->arg = a->arg;
	if (res && st->d.body &&
	    api_parse_item(res, st->d.body, strlen(st->d.body), &st->change,
	                   &err) != HALO_OK)
		st->change = NULL;
	if (is_note(&st->d)) {
		st->res = resource_find("tickets");
		st->id = st->d.ticket_id;
	} else {
		st->res = res;
		st->id = strcmp(st->d.kind, "create") == 0 ? 0 : st->d.id;
	}
	if (!st->res) {
		snprintf(st->error, sizeof st->error, "a draft for an unknown "
		         "resource \"%s\": nothing to read", st->d.resource);
		st->dirty = true;
		return 0;
	}
	read_again(ui, p, st);
	return 0;
}

/* ---- the text ------------------------------------------------------------ */

/* Everything asked for has arrived: only then may it be sent again. */
static bool record_shown(const struct check_state *st)
{
	return !st->waiting && !st->error[0] && (st->id <= 0 || st->rec);
}

static void add(struct dlines *d, const char *text, enum theme_role role)
{
	struct dline *l = grow_for_one(d->l, d->n, &d->cap, sizeof *l, 32);
	char *t;

	if (!l)
		ui_oom();
	d->l = l;
	t = text_sanitize(text, strlen(text), 0);
	if (!t)
		ui_oom();
	d->l[d->n++] = (struct dline){ t, role, 0 };
}

/* Moves the lines of src (indented by two) to the end of d. */
static void add_lines(struct dlines *d, struct dlines *src)
{
	for (size_t i = 0; i < src->n; i++) {
		struct dline *l = grow_for_one(d->l, d->n, &d->cap, sizeof *l, 32);

		if (!l)
			ui_oom();
		d->l = l;
		d->l[d->n++] = src->l[i];
		src->l[i].text = NULL;
	}
	dlines_free(src);
}

static void add_record(struct ui *ui, struct dlines *d, const struct record *r,
                       struct record *const *notes, size_t n, int width)
{
	struct dlines part = { 0 };

	if (detail_build(&part, r, &ui->s->lookups, notes, n,
	                 notes ? NOTES_LOADED : NOTES_NONE, NULL, width) != 0)
		ui_oom();
	add_lines(d, &part);
}

/* Text wrapped to width, each line indented by two. */
static void add_text(struct dlines *d, const char *text, int width)
{
	char **lines = NULL, line[2100];
	size_t n = 0;

	if (text_wrap(text, width - 2 > 10 ? width - 2 : 10, &lines, &n) != 0)
		ui_oom();
	for (size_t i = 0; i < n; i++) {
		snprintf(line, sizeof line, "  %s", lines[i]);
		add(d, line, ROLE_NORMAL);
	}
	text_lines_free(&lines, n);
}

/* A note: who wrote it when, and its text. */
static void add_note(struct ui *ui, struct dlines *d, const struct record *n,
                     int width)
{
	char head[600], *body;

	if (detail_note_head(n, &ui->s->lookups, head, sizeof head, NULL) != 0)
		ui_oom();
	add(d, head, ROLE_NOTE_HEADER);
	body = record_body_text(n, width);
	if (!body)
		ui_oom();
	add_text(d, body, width);
	free(body);
}

/* What the draft sends: a note's text, or the changed fields. */
static void add_change(struct ui *ui, struct check_state *st, int width)
{
	struct dlines *d = &st->lines;
	char *body;

	if (!st->change) {
		add_text(d, st->d.body ? st->d.body : "", width);
		return;
	}
	if (!is_note(&st->d)) {
		add_record(ui, d, st->change, NULL, 0, width);
		return;
	}
	add(d, record_flag(st->change, "hiddenfromuser") ? "  a private note:" :
	    "  a note the end user sees:", ROLE_NORMAL);
	body = record_body_text(st->change, width);
	if (!body)
		ui_oom();
	add_text(d, body, width);
	free(body);
}

/* What the server has now: a note's ticket and its latest notes, the
 * record edited, or the newest records. */
static void add_server(struct ui *ui, struct check_state *st, int width)
{
	struct dlines *d = &st->lines;
	char line[700], *t;

	if (st->id > 0 && is_note(&st->d)) {
		t = record_title(st->rec);
		if (!t)
			ui_oom();
		snprintf(line, sizeof line, "What the server has now (read just "
		         "now): %s; is the note among its latest?", t);
		free(t);
		add(d, line, ROLE_DETAIL_SECTION);
		for (size_t i = 0; i < st->nlist; i++)
			add_note(ui, d, st->list[i], width);
		if (!st->nlist)
			add(d, "  (no notes)", ROLE_PLACEHOLDER);
		return;
	}
	if (st->id > 0) {
		add(d, "What the server has now (read just now); is the change "
		    "there?", ROLE_DETAIL_SECTION);
		add_record(ui, d, st->rec, NULL, 0, width);
		return;
	}
	snprintf(line, sizeof line, "What the server has now (read just now): "
	         "the newest %s; is it among them?", st->res->name);
	add(d, line, ROLE_DETAIL_SECTION);
	for (size_t i = 0; i < st->nlist; i++) {
		t = record_title(st->list[i]);
		if (!t)
			ui_oom();
		snprintf(line, sizeof line, "  %s", t);
		add(d, line, ROLE_NORMAL);
		free(t);
	}
}

static void rebuild(struct ui *ui, struct check_state *st, int width)
{
	struct dlines *d = &st->lines;
	char line[700], age[32];

	dlines_free(d);
	draft_age(st->d.saved, time(NULL), age, sizeof age);
	snprintf(line, sizeof line, "%s: %s (from %s)",
	         draft_state_words(st->d.state), st->d.title, age);
	add(d, line, ROLE_FORM_ERROR);
	add(d, "", ROLE_NORMAL);
	add(d, "The change:", ROLE_DETAIL_SECTION);
	add_change(ui, st, width);
	add(d, "", ROLE_NORMAL);
	if (st->error[0]) {
		snprintf(line, sizeof line, "The server's record could not be read: "
		         "%s (r reads it again)", st->error);
		add(d, line, ROLE_ERROR);
	} else if (st->waiting) {
		snprintf(line, sizeof line, "Reading %s %ld from the server\xe2\x80\xa6",
		         st->res->singular, st->id);
		add(d, st->id > 0 ? line : "Reading the newest from the server\xe2\x80\xa6",
		    ROLE_PLACEHOLDER);
	} else if (record_shown(st)) {
		add_server(ui, st, width);
	}
	st->built_width = width;
	st->dirty = false;
}

static void check_draw(struct ui *ui, struct pane *p, bool focused)
{
	static const struct key_hint ready[] = {
		{ ACT_NONE, 's', "send it again" },
		{ ACT_CLOSE, 0, "keep it for later" },
		{ ACT_NONE, 'd', "discard it (it was applied)" },
	};
	static const struct key_hint confirm[] = {
		{ ACT_NONE, 'y', "yes, send it again" },
		{ ACT_CLOSE, 0, "no" },
	};
	struct check_state *st = p->state;
	struct rect in = screen_box(&p->rect, " sent, answer unknown ",
	                            ui->attrs[ROLE_BORDER], ui->attrs[ROLE_TITLE]);

	(void)focused;
	if (in.h < 1 || in.w < 10)
		return;
	if (st->dirty || st->built_width != in.w)
		rebuild(ui, st, in.w);
	scroller_fit(&st->scroll, in.h, (long)st->lines.n);
	for (int i = 0; i < in.h; i++) {
		size_t at = (size_t)st->scroll.top + (size_t)i;
		if (at < st->lines.n)
			screen_put(in.y + i, in.x, in.w, st->lines.l[at].text,
			           ui->attrs[st->lines.l[at].role]);
		else
			screen_put(in.y + i, in.x, in.w, "", ui->attrs[ROLE_NORMAL]);
	}
	if (st->confirm)
		ui_box_hint(ui, &p->rect, "it may have been applied: send it again?",
		            confirm, 2);
	else if (record_shown(st))
		ui_box_hint(ui, &p->rect, NULL, ready, 3);
	else
		ui_box_hint(ui, &p->rect, NULL, ready + 1, 2);
}

/* ---- keys ----------------------------------------------------------------- */

/* Closes the pane, then hands the draft and the choice on. */
static unsigned finish(struct ui *ui, struct pane *p, enum check_choice c)
{
	struct check_state *st = p->state;
	struct draft d = st->d;
	draft_check_fn fn = st->fn;
	long arg = st->arg;
	unsigned flags;

	memset(&st->d, 0, sizeof st->d);
	ui_pop(ui, p);
	flags = fn ? fn(ui, arg, c, &d) : 0;
	draft_done(&d);
	return flags | UI_REDRAW;
}

static unsigned check_handle(struct ui *ui, struct pane *p, int key,
                             enum action act)
{
	struct check_state *st = p->state;

	if (st->confirm) {
		st->confirm = false;
		if (key == 'y')
			return finish(ui, p, CHECK_SEND);
		ui_message(ui, "not sent");
		return UI_REDRAW;
	}
	if (key == 's') {
		if (record_shown(st))
			st->confirm = true;
		else
			ui_message(ui, "the server's record is shown first: wait "
			           "for it (r reads it again)");
		return UI_REDRAW;
	}
	if (key == 'd')
		return finish(ui, p, CHECK_DISCARD);
	if (key == 'r' || act == ACT_REFRESH) {
		if (st->res)
			read_again(ui, p, st);
		return UI_REDRAW;
	}
	if (act == ACT_CLOSE || act == ACT_QUIT)
		return finish(ui, p, CHECK_KEEP);
	return UI_NOT_MINE | UI_REDRAW;
}

static struct scroller *check_scroller(struct ui *ui, struct pane *p)
{
	struct check_state *st = p->state;

	(void)ui;
	return &st->scroll;
}

static unsigned check_on_event(struct ui *ui, struct pane *p,
                               struct worker_event *ev, int what, long arg)
{
	struct check_state *st = p->state;

	(void)ui;
	(void)arg;
	if (st->waiting > 0)
		st->waiting--;
	st->dirty = true;
	if (ev->status != HALO_OK) {
		snprintf(st->error, sizeof st->error, "%s", ev->message);
		return UI_REDRAW;
	}
	if (what == WHAT_RECORD) {
		record_free(&st->rec);
		st->rec = ev->record;
		ev->record = NULL;
	} else {
		api_page_take(&ev->page, &st->list, &st->nlist);
		if (what == WHAT_NOTES)
			notes_sort(st->list, st->nlist);
	}
	return UI_REDRAW;
}

static void check_close(struct ui *ui, struct pane *p)
{
	struct check_state *st = p->state;

	(void)ui;
	/* Closed without a choice (the program ends): kept for later. */
	draft_done(&st->d);
	record_free(&st->change);
	record_free(&st->rec);
	records_free(&st->list, &st->nlist);
	dlines_free(&st->lines);
}

const struct pane_ops draft_check_pane_ops = {
	.name = "draft-check",
	.state_size = sizeof(struct check_state),
	.open = check_open_pane,
	.close = check_close,
	.draw = check_draw,
	.handle = check_handle,
	.scroller = check_scroller,
	.on_event = check_on_event,
};

void draft_check_open(struct ui *ui, struct draft *d, draft_check_fn fn,
                      long arg)
{
	struct check_args a = { d, fn, arg };

	if (ui_find(ui, &draft_check_pane_ops) ||
	    !ui_push(ui, &draft_check_pane_ops, PLACE_OVERLAY, &a)) {
		/* Only one at a time: this one is kept for later. */
		if (fn)
			fn(ui, arg, CHECK_KEEP, d);
		draft_done(d);
	}
}
