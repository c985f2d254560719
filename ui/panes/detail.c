/* SPDX-License-Identifier: MIT */
/* The detail pane: one record in full (re-read with a GET, since list
 * items are a subset), and for a ticket its notes, loaded once when the
 * pane opens, without holding anything else up. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "detail_cache.h"
#include "detail_attach.h"
#include "detailfmt.h"
#include "livemarks.h"
#include "hyperlink.h"
#include "note.h"
#include "panes.h"
#include "screen.h"
#include "text.h"
#include "weburl.h"

enum detail_what { WHAT_GET = 1, WHAT_NOTES = 2, WHAT_ATTACHMENTS = 3 };

#define DETAIL_MAX_NOTES 500

struct detail_state {
	const struct resource *res;
	long id;
	struct record *rec;          /* NULL until the GET answers */
	struct record **notes;
	size_t nnotes;
	enum notes_state ns;
	char notes_error[300];
	char error[300];
	struct dlines lines;
	int built_width;
	bool dirty;
	struct scroller scroll;      /* the text scrolls; no cursor */
	struct detail_atts atts;     /* a ticket's files */
	long back_top;               /* the way back: the first line to show
	                              * once the notes are in (0: none) */
};

struct detail_args {
	const struct record *r;
	const struct resource *res;
	long id;
	bool cached_ok;   /* a copy kept of r as it is now will do */
};

static void request_notes(struct ui *ui, struct pane *p, struct detail_state *st)
{
	struct request *req;

	if (!resource_child(st->res))
		return;
	req = request_notes_for(st->res, st->id, DETAIL_MAX_NOTES);
	if (!req)
		ui_oom();
	st->ns = NOTES_LOADING;
	ui_submit(ui, p, req, WHAT_NOTES, 0);
}

static void request_attachments(struct ui *ui, struct pane *p,
                                struct detail_state *st)
{
	struct request *req = detail_atts_request(st->res, st->id);

	if (!req)
		return;
	st->atts.st = NOTES_LOADING;
	ui_submit(ui, p, req, WHAT_ATTACHMENTS, 0);
}

static void request_record(struct ui *ui, struct pane *p, struct detail_state *st)
{
	struct request *req;

	if (st->res->flags & RES_CHILD)
		return;
	req = request_item(st->res, st->id, 0);
	if (!req)
		ui_oom();
	ui_submit(ui, p, req, WHAT_GET, 0);
}

/* The record and its notes as read a moment ago, while the list's row r
 * says the server has nothing newer. */
static bool from_cache(struct ui *ui, struct detail_state *st,
                       const struct record *r)
{
	char stamp[LIVEMARKS_STAMP_MAX];
	struct record *rec, **notes;
	size_t n;

	if (!detail_cache_get(ui, st->res, st->id,
	                      livemarks_stamp(r, stamp, sizeof stamp), &rec,
	                      &notes, &n))
		return false;
	record_free(&st->rec);
	st->rec = rec;
	st->notes = notes;
	st->nnotes = n;
	st->ns = resource_child(st->res) ? NOTES_LOADED : st->ns;
	return true;
}

static int detail_open_pane(struct ui *ui, struct pane *p, void *arg)
{
	struct detail_args *a = arg;
	struct detail_state *st = p->state;

	st->res = a->r ? a->r->res : a->res;
	st->id = a->r ? a->r->id : a->id;
	if (a->r && !(st->rec = record_dup(a->r)))
		ui_oom();
	st->dirty = true;
	ui_need_lookups_for(ui, st->res);
	if (a->cached_ok && from_cache(ui, st, a->r))
		return 0;
	request_record(ui, p, st);
	request_notes(ui, p, st);
	request_attachments(ui, p, st);
	return 0;
}

static void rebuild(struct ui *ui, struct detail_state *st, int width)
{
	dlines_free(&st->lines);
	if (!st->rec) {
		st->lines.l = NULL;
		st->built_width = 0;
		return;
	}
	if (detail_build(&st->lines, st->rec, &ui->s->lookups, st->notes,
	                 st->nnotes, st->ns, st->notes_error, width) != 0)
		ui_oom();
	{
		static const struct key_hint h[] = {
			{ ACT_SAVE_ATTACHMENT, 0, "saves one" },
		};
		char hint[80];

		ui_hint(ui, h, 1, "", hint, sizeof hint);
		if (detail_atts_lines(&st->lines, &st->atts, st->notes, st->nnotes,
		                      &ui->s->lookups, hint) != 0)
			ui_oom();
	}
	st->built_width = width;
	st->dirty = false;
}

/* Bytes of s that fill `cols` columns. */
static size_t prefix_bytes(const char *s, int cols)
{
	size_t off = 0, n;
	unsigned cp;
	int w, used = 0;

	while ((n = text_next(s + off, &cp, &w)) > 0 && used + w <= cols) {
		used += w;
		off += n;
	}
	return off;
}

static void draw_line(struct ui *ui, const struct dline *l, int y, int x, int w)
{
	screen_put(y, x, w, l->text, ui->attrs[l->role]);
	if (l->label_w > 0) {
		size_t n = prefix_bytes(l->text, l->label_w);
		char *lab = strndup(l->text, n);
		if (!lab)
			ui_oom();
		screen_put_cut(y, x, l->label_w, lab, ui->attrs[ROLE_DETAIL_LABEL]);
		free(lab);
	}
}

/* A footnote's URL ("[2] https://...") drawn whole on its line becomes a
 * hyperlink where the terminal shows them. */
static void link_footnote(struct ui *ui, struct pane *p, const struct dline *l,
                          int y, int x, int w)
{
	size_t off, len;
	char *url;

	if (text_width(l->text) >= w || !reach_footnote(l->text, &off, &len))
		return;
	url = weburl_clean(l->text + off, len);
	if (url && weburl_openable(url))
		ui_link_add(ui, p, y, x + (int)off, l->text + off, len,
		            ui->attrs[l->role], url);
	free(url);
}

/* The title's "Ticket 12" becomes a hyperlink to the record's page. */
static void link_title(struct ui *ui, struct pane *p, const struct record *r,
                       const struct dline *l, int y, int x)
{
	struct errbuf err;
	char name[64], *url;
	const char *sing = r->res->singular;
	size_t n, lead = strspn(l->text, " ");

	snprintf(name, sizeof name, "%c%s %ld",
	         sing[0] >= 'a' && sing[0] <= 'z' ? sing[0] - 'a' + 'A' : sing[0],
	         sing + 1, r->id);
	n = strlen(name);
	if (strncmp(l->text + lead, name, n) != 0)
		return;
	url = weburl_record(ui->s->settings.base_url, r->res, r->id, &err);
	if (url)
		ui_link_add(ui, p, y, x + (int)lead, name, n, ui->attrs[l->role], url);
	free(url);
}

static void detail_draw(struct ui *ui, struct pane *p, bool focused)
{
	struct detail_state *st = p->state;
	struct rect r = p->rect;
	int w = r.w - 2, rows = r.h;
	bool links = ui_links_enabled(ui);

	(void)focused;
	if (w < 1 || rows < 1)
		return;
	if (st->dirty || st->built_width != w)
		rebuild(ui, st, w);
	if (!st->rec) {
		screen_put(r.y, r.x + 1, w, st->error[0] ? st->error : "loading\xe2\x80\xa6",
		           ui->attrs[st->error[0] ? ROLE_ERROR : ROLE_PLACEHOLDER]);
		return;
	}
	if (st->back_top && st->ns != NOTES_LOADING) {
		st->scroll.top = st->back_top;
		st->back_top = 0;
	}
	scroller_fit(&st->scroll, rows, (long)st->lines.n);
	for (int i = 0; i < rows && st->scroll.top + i < (long)st->lines.n; i++) {
		draw_line(ui, &st->lines.l[st->scroll.top + i], r.y + i, r.x + 1, w);
		if (!links)
			continue;
		if (st->scroll.top + i == 0)
			link_title(ui, p, st->rec, &st->lines.l[0], r.y + i, r.x + 1);
		/* The last row of a long text carries the position. */
		else if (i < rows - 1 || st->lines.n <= (size_t)rows)
			link_footnote(ui, p, &st->lines.l[st->scroll.top + i],
			              r.y + i, r.x + 1, w);
	}
	if (st->lines.n > (size_t)rows) {
		char pos[48];
		snprintf(pos, sizeof pos, " %zu%% ",
		         ((size_t)st->scroll.top + (size_t)rows) * 100 / st->lines.n);
		screen_put_cut(r.y + rows - 1, r.x + r.w - text_width(pos), text_width(pos),
		               pos, ui->attrs[ROLE_STATUS_BAR]);
	}
}

static unsigned on_saved(struct ui *ui, struct pane *p, struct detail_state *st,
                         const struct record *r)
{
	if (r->res == st->res && r->id == st->id) {
		record_free(&st->rec);
		st->rec = record_dup(r);
		if (!st->rec)
			ui_oom();
		st->dirty = true;
	} else if (strcmp(r->res->name, "actions") == 0 && st->ns != NOTES_LOADING &&
	           (r->ticket_id == st->id || record_id_of(r, "ticket_id") == st->id)) {
		/* A note was added here: read the notes again (the ticket
		 * comes again as saved, read by the list's note follower). */
		request_notes(ui, p, st);
		st->dirty = true;
	} else if (strcmp(r->res->name, "attachments") == 0 &&
	           record_id_of(r, "ticket_id") == st->id) {
		/* A file was attached here. */
		request_attachments(ui, p, st);
	}
	return UI_REDRAW;
}

/* A deleted record: the detail showing it closes (or, under a form or
 * a picker, says so); a deleted note of this ticket leaves its notes. */
static unsigned on_removed(struct ui *ui, struct pane *p,
                           struct detail_state *st, const struct ui_notice *n)
{
	if (n->res == st->res && n->id == st->id) {
		if (ui_top(ui) == p) {
			ui_pop(ui, p);
			return UI_REDRAW | UI_RELAYOUT;
		}
		record_free(&st->rec);
		snprintf(st->error, sizeof st->error, "%s %ld was deleted",
		         st->res->singular, st->id);
		st->dirty = true;
		return UI_REDRAW;
	}
	if (!n->res || !(n->res->flags & RES_CHILD) || n->ticket_id != st->id ||
	    st->res != resource_find(n->res->parent))
		return 0;
	for (size_t i = 0; i < st->nnotes; i++) {
		if (st->notes[i]->id != n->id)
			continue;
		record_free(&st->notes[i]);
		memmove(st->notes + i, st->notes + i + 1,
		        (st->nnotes - i - 1) * sizeof *st->notes);
		st->nnotes--;
		st->dirty = true;
		break;
	}
	return UI_REDRAW;
}

static unsigned detail_on_event(struct ui *ui, struct pane *p,
                                struct worker_event *ev, int what, long arg)
{
	struct detail_state *st = p->state;

	(void)arg;
	st->dirty = true;
	if (what == WHAT_GET) {
		if (ev->status == HALO_OK && ev->record) {
			record_free(&st->rec);
			st->rec = ev->record;
			ev->record = NULL;
			detail_cache_record(ui, st->rec);
		} else if (ev->status != HALO_OK) {
			snprintf(st->error, sizeof st->error, "%s", ev->message);
			ui_error(ui, "%s %ld: %s", st->res->singular, st->id, ev->message);
		}
	} else if (what == WHAT_NOTES) {
		if (ev->status == HALO_OK) {
			api_page_take(&ev->page, &st->notes, &st->nnotes);
			notes_sort(st->notes, st->nnotes);
			st->ns = NOTES_LOADED;
			detail_cache_notes(ui, st->res, st->id, st->notes,
			                   st->nnotes);
		} else {
			records_free(&st->notes, &st->nnotes);
			snprintf(st->notes_error, sizeof st->notes_error, "%s", ev->message);
			st->ns = NOTES_FAILED;
		}
	} else if (what == WHAT_ATTACHMENTS) {
		detail_atts_take(&st->atts, ev);
	}
	return UI_REDRAW;
}

static unsigned detail_notify(struct ui *ui, struct pane *p,
                              const struct ui_notice *n)
{
	struct detail_state *st = p->state;

	if (n->kind == NOTICE_LOOKUP) {
		st->dirty = true;   /* names for ids */
		return UI_REDRAW;
	}
	if (n->kind == NOTICE_RECORD_REMOVED)
		return on_removed(ui, p, st, n);
	/* Only a saved record carries one (who I am resolved says nothing
	 * to a detail). */
	if (n->kind != NOTICE_RECORD_SAVED || !n->record)
		return 0;
	return on_saved(ui, p, st, n->record);
}

static struct scroller *detail_scroller(struct ui *ui, struct pane *p)
{
	struct detail_state *st = p->state;

	(void)ui;
	return &st->scroll;
}

static unsigned detail_handle(struct ui *ui, struct pane *p, int key,
                              enum action act)
{
	struct detail_state *st = p->state;

	(void)key;
	switch (act) {
	case ACT_CLOSE:
		/* Back to the detail a jump left, if it lay over this list. */
		if (back_reopen(ui))
			return UI_REDRAW;   /* p is gone: the detail is another */
		return UI_CLOSE;
	case ACT_QUIT:
		return UI_QUIT;
	case ACT_REFRESH:
		request_record(ui, p, st);
		if (st->ns != NOTES_LOADING)
			request_notes(ui, p, st);
		if (st->atts.st != NOTES_LOADING)
			request_attachments(ui, p, st);
		st->dirty = true;
		return UI_REDRAW;
	case ACT_OPEN:
		return 0;
	case ACT_DELETE:
		if (!st->rec || st->ns != NOTES_LOADED)
			return ui_common_action(ui, act, st->res, st->rec);
		delete_ask(ui, st->res, st->rec, st->notes, st->nnotes);
		return UI_REDRAW;
	case ACT_SAVE_ATTACHMENT:
		if (st->atts.st == NOTES_NONE)
			return ui_common_action(ui, act, st->res, st->rec);
		if (st->atts.st == NOTES_LOADING) {
			ui_message(ui, "the attachments are still being read");
			return UI_REDRAW;
		}
		return attach_save_pick(ui, st->atts.a, st->atts.n, st->id);
	default:
		return ui_common_action(ui, act, st->res, st->rec);
	}
}

static void detail_close(struct ui *ui, struct pane *p)
{
	struct detail_state *st = p->state;

	(void)ui;
	record_free(&st->rec);
	records_free(&st->notes, &st->nnotes);
	detail_atts_free(&st->atts);
	dlines_free(&st->lines);
}

const struct pane_ops detail_pane_ops = {
	.name = "detail",
	.state_size = sizeof(struct detail_state),
	.open = detail_open_pane,
	.close = detail_close,
	.draw = detail_draw,
	.handle = detail_handle,
	.scroller = detail_scroller,
	.on_event = detail_on_event,
	.notify = detail_notify,
};

static void open_with(struct ui *ui, struct detail_args *a)
{
	struct pane *old = ui_find(ui, &detail_pane_ops);
	struct pane *top = ui_top(ui);

	if (old) {
		/* Never pull a detail from under a form or an overlay. */
		if (top != old && top->place != PLACE_LIST)
			return;
		ui_pop(ui, old);
	}
	ui_push(ui, &detail_pane_ops, PLACE_DETAIL, a);
}

static void open_record(struct ui *ui, const struct record *r, bool cached_ok)
{
	struct detail_args a = { r, r->res, r->id, cached_ok };
	bool keep_focus = ui->lay.split && !ui->split_focus_detail &&
	                  ui_find(ui, &detail_pane_ops);

	open_with(ui, &a);
	/* Moving in the list beside a detail keeps the keys in the list. */
	if (keep_focus)
		ui->split_focus_detail = false;
}

void detail_open_record(struct ui *ui, const struct record *r)
{
	open_record(ui, r, false);
}

void detail_follow_record(struct ui *ui, const struct record *r)
{
	open_record(ui, r, true);
}

void detail_open_id(struct ui *ui, const struct resource *res, long id)
{
	struct detail_args a = { NULL, res, id, false };

	open_with(ui, &a);
}

const struct record *detail_record(struct ui *ui)
{
	struct pane *p = ui_find(ui, &detail_pane_ops);
	struct detail_state *st = p ? p->state : NULL;

	return st ? st->rec : NULL;
}

struct record *const *detail_notes(struct ui *ui, size_t *n)
{
	struct pane *p = ui_find(ui, &detail_pane_ops);
	struct detail_state *st = p ? p->state : NULL;

	*n = st ? st->nnotes : 0;
	return st ? st->notes : NULL;
}

long detail_top(struct ui *ui)
{
	struct pane *p = ui_find(ui, &detail_pane_ops);
	struct detail_state *st = p ? p->state : NULL;

	return st ? st->scroll.top : 0;
}

void detail_set_top(struct ui *ui, long top)
{
	struct pane *p = ui_find(ui, &detail_pane_ops);
	struct detail_state *st = p ? p->state : NULL;

	if (st)
		st->back_top = top;   /* the notes make the text that long */
}
