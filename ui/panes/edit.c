/* SPDX-License-Identifier: MIT */
/* The edit pane: a form over the record, and the note and create forms.
 * Changing a field is in edit_field.c; sending the form is in
 * edit_submit.c. */
#include "config.h"
#include "edit_private.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notetime.h"
#include "screen.h"
#include "text.h"

struct edit_args {
	enum form_mode mode;
	const struct resource *res;
	const struct record *r;
	bool bulk;    /* a note for every marked ticket (marks.h) */
};

/* ---- the pane ------------------------------------------------------------ */

static int edit_open_pane(struct ui *ui, struct pane *p, void *arg)
{
	struct edit_args *a = arg;
	struct edit_state *st = p->state;
	int rc;

	st->scroll.has_cursor = true;
	rc = form_init(&st->fm, a->mode, a->res, a->r, &ui->s->lookups);
	if (rc == -1)
		ui_oom();
	if (rc != 0 || !st->fm.n) {
		ui_error(ui, "nothing to edit here");
		return -1;
	}
	if (a->mode == FORM_CREATE)
		st->fm.source = ui->s->settings.create_source;
	form_describe(&st->fm, st->title, sizeof st->title);
	st->bulk = a->bulk;
	if (st->bulk)
		snprintf(st->title, sizeof st->title, "note on the marked tickets");
	edit_draft_begin(ui, st);
	if (a->mode == FORM_NOTE)
		edit_note_begin(ui, p, st, a->r);
	for (size_t i = 0; i < st->fm.n; i++)
		ui_need_lookup(ui, st->fm.f[i].def->lookup);
	if (a->mode == FORM_EDIT && !(a->res->flags & RES_CHILD)) {
		/* Edit what the server has now, not a list row's subset. */
		struct request *req = request_item(a->res, st->fm.id, 0);
		if (!req)
			ui_oom();
		ui_submit(ui, p, req, WHAT_FULL, 0);
		st->loading = true;
	}
	return 0;
}

static void draw_field(struct ui *ui, struct edit_state *st, size_t i, int y,
                       const struct rect *r, bool focused)
{
	const struct form_field *f = &st->fm.f[i];
	bool changed = form_field_changed(&st->fm, f);
	char *val, line[1200], count[32] = "";
	size_t nlines;
	int lw = 14, role;

	if (i == edit_sel(st) && st->inline_on) {
		char lab[64];
		snprintf(lab, sizeof lab, "  %-*.*s ", lw, lw, f->def->label);
		lineedit_draw(&st->le, y, r->x, r->w, lab, ui->attrs[ROLE_FORM_SELECTED]);
		return;
	}
	if (st->fm.mode == FORM_NOTE && strcmp(f->def->key, "timetaken") == 0 &&
	    !*f->value) {
		char clock[200];
		edit_note_timer(ui, st, clock, sizeof clock);
		val = strdup(clock);
	} else {
		val = form_display(f, &ui->s->lookups);
	}
	if (!val)
		ui_oom();
	nlines = lineedit_count_lines(val, strlen(val), NULL);
	if (nlines > 1)   /* every line is kept: say how many there are */
		snprintf(count, sizeof count, "(%zu lines) ", nlines);
	text_flatten(val);
	snprintf(line, sizeof line, "%c %-*.*s %s%s%s", changed ? '*' : ' ', lw, lw,
	         f->def->label, count, val,
	         (f->def->flags & FIELD_REQUIRED) && !*val ? "(required)" : "");
	free(val);
	role = i == edit_sel(st) && focused ? ROLE_FORM_SELECTED :
	       changed ? ROLE_FORM_CHANGED : ROLE_NORMAL;
	screen_put(y, r->x, r->w, line, ui->attrs[role]);
	if (i != edit_sel(st) || !focused)
		screen_put_cut(y, r->x + 2, lw, f->def->label, ui->attrs[ROLE_FORM_LABEL]);
}

static void edit_draw(struct ui *ui, struct pane *p, bool focused)
{
	static const struct key_hint hints[] = {
		{ ACT_OPEN, 0, "change" }, { ACT_EDIT_EXTERNAL, 0, "$EDITOR" },
		{ ACT_SUBMIT, 0, "send" }, { ACT_CLOSE, 0, "leave" },
	};
	static const struct key_hint note_hints[] = {
		{ ACT_OPEN, 0, "change" }, { ACT_EDIT_EXTERNAL, 0, "$EDITOR" },
		{ ACT_CANNED_TEXT, 0, "canned text" },
		{ ACT_SUBMIT, 0, "send" }, { ACT_CLOSE, 0, "leave" },
	};
	struct edit_state *st = p->state;
	struct rect r = p->rect;
	char head[300], hint[200];
	int y = r.y;

	if (r.h < 3)
		return;
	screen_fill(&r, ui->attrs[ROLE_NORMAL]);
	snprintf(head, sizeof head, " %s %s%s%s%s", st->fm.mode == FORM_EDIT ? "Edit" :
	         st->fm.mode == FORM_CREATE ? "Create" : "Add", st->title,
	         st->sending ? "  (sending\xe2\x80\xa6)" :
	         st->loading ? "  (reading it from the server\xe2\x80\xa6)" : "",
	         !st->sending && st->draft.state == DRAFT_UNKNOWN ? "  (" : "",
	         !st->sending && st->draft.state == DRAFT_UNKNOWN ?
	         "sent, answer unknown (may have been applied))" : "");
	screen_put(y++, r.x, r.w, head, ui->attrs[ROLE_TITLE]);
	if (st->fm.mode == FORM_NOTE)
		ui_hint(ui, note_hints, sizeof note_hints / sizeof note_hints[0],
		        "  ", hint, sizeof hint);
	else
		ui_hint(ui, hints, sizeof hints / sizeof hints[0], "  ", hint,
		        sizeof hint);
	snprintf(head, sizeof head, " %s", hint);
	screen_put(y++, r.x, r.w, head, ui->attrs[ROLE_PLACEHOLDER]);
	y++;
	/* Fields scroll when the form is taller than the pane. */
	scroller_fit(&st->scroll, r.y + r.h - y, (long)st->fm.n);
	for (size_t i = (size_t)st->scroll.top; i < st->fm.n && y < r.y + r.h; i++) {
		draw_field(ui, st, i, y++, &r, focused);
		if (st->fm.f[i].error && y < r.y + r.h) {
			snprintf(head, sizeof head, "    ! %s", st->fm.f[i].error);
			screen_put(y++, r.x, r.w, head, ui->attrs[ROLE_FORM_ERROR]);
		}
	}
	if (st->fm.mode == FORM_NOTE)
		y = note_files_draw(ui, &r, y);
	if (st->fm.error[0] && y + 1 < r.y + r.h) {
		char **lines = NULL;
		size_t n = 0;
		y++;
		if (text_wrap(st->fm.error, r.w - 2 > 10 ? r.w - 2 : 10, &lines, &n) != 0)
			ui_oom();
		for (size_t i = 0; i < n && y < r.y + r.h; i++)
			screen_put(y++, r.x + 1, r.w - 1, lines[i], ui->attrs[ROLE_FORM_ERROR]);
		text_lines_free(&lines, n);
	}
}

static unsigned discard_chosen(struct ui *ui, void *ctx,
                               const struct picker_item *it)
{
	struct pane *p = ui_find(ui, &edit_pane_ops);
	struct edit_state *st = p ? p->state : NULL;

	(void)ctx;
	if (it->id != 1 || !st)
		return UI_REDRAW;
	draft_remove(&st->draft);
	ui_pop(ui, p);
	return UI_REDRAW;
}

static unsigned leave(struct ui *ui, struct edit_state *st)
{
	struct picker_item *items;

	if (st->sending) {
		/* Its answer decides what becomes of the draft. */
		ui_message(ui, "%s is being sent: the form stays until the "
		           "server answers", st->title);
		return UI_REDRAW;
	}
	if ((!form_changed(&st->fm) || st->fm.mode == FORM_NOTE) &&
	    st->draft.state == DRAFT_UNSENT) {
		if (st->fm.mode != FORM_NOTE || !st->fm.f[0].value[0]) {
			/* Nothing left to keep: a draft saved on the way goes. */
			draft_remove(&st->draft);
			return UI_CLOSE;
		}
	}
	items = calloc(2, sizeof *items);
	if (!items)
		ui_oom();
	items[0].label = strdup("Keep editing");
	items[0].id = 0;
	items[1].label = strdup("Discard the changes");
	items[1].id = 1;
	if (!items[0].label || !items[1].label)
		ui_oom();
	picker_open(ui, "unsaved changes", items, 2, 0, discard_chosen, st);
	return UI_REDRAW;
}

static unsigned inline_key(struct ui *ui, struct edit_state *st, int key)
{
	if (key == KEYC_ESC || key == KEYC_CTRL('g')) {
		st->inline_on = false;
	} else if (key == KEYC_FN(KEY_ENTER)) {
		struct form_field *f = &st->fm.f[edit_sel(st)];
		const char *typed = lineedit_text(&st->le);
		bool note = st->fm.mode == FORM_NOTE;

		if (note && strcmp(f->def->key, "timetaken") == 0) {
			struct errbuf err;
			long secs;
			if (notetime_parse(typed, &secs, &err) != HALO_OK) {
				ui_error(ui, "Time: %s", err.msg);
				return UI_REDRAW;
			}
		}
		if (note && strcmp(f->def->key, "outcome") == 0) {
			/* An outcome typed by name is sent by name; none
			 * typed keeps the one there. */
			if (*typed && strcmp(typed, f->value) != 0 &&
			    form_note_outcome(&st->fm, 0, typed, false) != 0)
				ui_oom();
		} else if (form_set_text(f, typed) != 0) {
			ui_oom();
		}
		st->inline_on = false;
	} else {
		lineedit_complain(ui, lineedit_key(&st->le, key), 0);
	}
	return UI_REDRAW;
}

static unsigned edit_handle(struct ui *ui, struct pane *p, int key,
                            enum action act)
{
	struct edit_state *st = p->state;
	struct form_field *f = st->fm.n ? &st->fm.f[edit_sel(st)] : NULL;

	/* Canned text goes in also while the note is being typed (a key
	 * that types text stays text there). */
	if (act == ACT_CANNED_TEXT &&
	    !(st->inline_on && key >= ' ' && key < 0x7f))
		return edit_note_canned(ui, p, st);
	if (st->inline_on && key)
		return inline_key(ui, st, key);
	switch (act) {
	case ACT_OPEN:
		return edit_change_field(ui, st);
	case ACT_EDIT_EXTERNAL:
		if (f && f->def->kind != FIELD_ID && f->def->kind != FIELD_BOOL) {
			char *t = edit_externally(ui, f->value);
			if (t && form_set_text(f, t) != 0)
				ui_oom();
			free(t);
		}
		return UI_REDRAW | UI_RELAYOUT;
	case ACT_SUBMIT:
		if (st->fm.mode == FORM_NOTE)
			edit_note_timer(ui, st, NULL, 0);   /* the time now */
		return edit_submit(ui, p, st);
	case ACT_ASSIGN_ME:      /* its key, a, attaches a file in a note */
	case ACT_ATTACH_FILE:
		if (st->fm.mode == FORM_NOTE && !st->sending)
			return note_files_prompt(ui);
		return UI_NOT_MINE;
	case ACT_QUIT:
		/* Quitting waits for the answer itself, with a countdown and a
		 * way to quit anyway (tui.c). */
		if (st->sending)
			return UI_QUIT;
		return leave(ui, st);
	case ACT_CLOSE:
		return leave(ui, st);
	case ACT_HELP:
		help_open(ui);
		return UI_REDRAW;
	case ACT_COMMAND:
		command_open(ui);
		return UI_REDRAW;
	default:
		return UI_NOT_MINE;   /* movement between fields */
	}
}

static unsigned edit_paste(struct ui *ui, struct pane *p, const char *text,
                           size_t len)
{
	return edit_paste_field(ui, p->state, text, len);
}

static struct scroller *edit_scroller(struct ui *ui, struct pane *p)
{
	struct edit_state *st = p->state;

	(void)ui;
	st->scroll.count = (long)st->fm.n;
	return &st->scroll;
}

static unsigned edit_on_event(struct ui *ui, struct pane *p,
                              struct worker_event *ev, int what, long arg)
{
	struct edit_state *st = p->state;

	if (what == WHAT_CLIENT_SEARCH) {
		edit_link_results(ui, st, ev, arg);
		return UI_REDRAW;
	}
	if (what == WHAT_SCOPED) {
		edit_pick_scoped_results(ui, st, ev, arg);
		return UI_REDRAW;
	}
	if (what >= WHAT_NOTE_TICKET && what <= WHAT_CANNED_ONE)
		return edit_note_event(ui, p, st, ev, what, arg);
	if (what == WHAT_FULL) {
		st->loading = false;
		if (ev->status == HALO_OK && ev->record &&
		    form_rebase(&st->fm, ev->record, &ui->s->lookups) != 0)
			ui_oom();
		if (ev->status != HALO_OK)
			ui_error(ui, "%s: %s", st->title, ev->message);
		return UI_REDRAW;
	}
	if (what != WHAT_POST)
		return 0;
	return edit_post_done(ui, p, st, ev);
}

/* The form closes when it was sent, left or discarded, or when the
 * program ends: then its draft stays on disk (persist saved it), and a
 * change still in flight is "sent, answer unknown". */
static void edit_close(struct ui *ui, struct pane *p)
{
	struct edit_state *st = p->state;
	struct errbuf err;

	(void)ui;
	if (st->sending && st->draft.path[0]) {
		st->draft.state = DRAFT_UNKNOWN;
		(void)draft_save(&st->draft, &err);
	}
	if (st->fm.mode == FORM_NOTE)
		note_files_forget(ui);   /* unless they went with the note */
	edit_note_done(st);
	form_done(&st->fm);
	draft_done(&st->draft);
	lineedit_done(&st->le);
	edit_pick_forget(st);
}

/* The in-place editor takes typed text; the form's keys are actions. */
static bool edit_takes_text(struct ui *ui, struct pane *p)
{
	const struct edit_state *st = p->state;

	(void)ui;
	return st->inline_on;
}

const struct pane_ops edit_pane_ops = {
	.name = "edit",
	.state_size = sizeof(struct edit_state),
	.open = edit_open_pane,
	.close = edit_close,
	.draw = edit_draw,
	.handle = edit_handle,
	.paste = edit_paste,
	.scroller = edit_scroller,
	.on_event = edit_on_event,
	.takes_text = edit_takes_text,
	.persist = edit_persist,
};

void edit_open(struct ui *ui, enum form_mode mode, const struct resource *res,
               const struct record *r)
{
	struct edit_args a = { mode, res, r, false };

	if (ui_find(ui, &edit_pane_ops)) {
		ui_message(ui, "a form is already open");
		return;
	}
	/* Without its id, a change could only go out as a new record. */
	if (mode != FORM_CREATE && r && r->id <= 0) {
		ui_error(ui, "this %s has no id that can be read: it is read-only "
		         "here", r->res ? r->res->singular : "record");
		return;
	}
	ui_push(ui, &edit_pane_ops, PLACE_EDIT, &a);
}

void edit_open_bulk_note(struct ui *ui, const struct record *r)
{
	struct edit_args a = { FORM_NOTE, resource_find("actions"), r, true };

	if (ui_find(ui, &edit_pane_ops)) {
		ui_message(ui, "a form is already open");
		return;
	}
	ui_push(ui, &edit_pane_ops, PLACE_EDIT, &a);
}
