/* SPDX-License-Identifier: MIT */
/* The form's draft and sending it. The draft is on disk soon after each
 * key ("unsent"), is marked "sending" before the POST goes out, and
 * follows the answer: removed when applied, "unsent" again when refused,
 * "sent, answer unknown (may have been applied)" otherwise, and then it is
 * sent again only after the server's record was read and the user
 * confirmed. */
#include "config.h"
#include "edit_private.h"
#include "marks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- drafts ------------------------------------------------------------- */

static const char *mode_name(enum form_mode m)
{
	return m == FORM_EDIT ? "edit" : m == FORM_CREATE ? "create" : "note";
}

void ui_draft_instance(struct ui *ui, struct draft *d)
{
	draft_set_instance(d, ui->s->settings.base_url, ui->s->settings.tenant);
}

void edit_draft_begin(struct ui *ui, struct edit_state *st)
{
	struct draft *d = &st->draft;

	ui_draft_instance(ui, d);
	snprintf(d->resource, sizeof d->resource, "%s", st->fm.res->name);
	snprintf(d->kind, sizeof d->kind, "%s", mode_name(st->fm.mode));
	d->id = st->fm.mode == FORM_EDIT ? st->fm.id : 0;
	d->ticket_id = st->fm.ticket_id;
	snprintf(d->title, sizeof d->title, "%s", st->title);
	d->state = DRAFT_UNSENT;
}

/* The form's body as its draft holds it, what is being typed in place
 * included; NULL when there is nothing to keep. */
static char *current_body(struct edit_state *st)
{
	struct form_field *f = st->inline_on ? &st->fm.f[edit_sel(st)] : NULL;
	char *keep = NULL, *json = NULL;
	struct errbuf err;

	if (f) {
		keep = f->value ? strdup(f->value) : NULL;
		if ((f->value && !keep) || form_set_text(f, st->le.buf) != 0)
			ui_oom();
	}
	if (form_draft_body(&st->fm, &json, &err) != HALO_OK)
		json = NULL;
	if (f) {
		free(f->value);
		f->value = keep;
	}
	return json;
}

void edit_persist(struct ui *ui, struct pane *p)
{
	struct edit_state *st = p->state;
	struct errbuf err;
	char *json;

	/* While sending, the file holds what is on the wire. A bulk note's
	 * plan keeps it once confirmed (marks.h). */
	if (st->sending || st->bulk)
		return;
	json = current_body(st);
	if (!json) {
		if (st->draft.state == DRAFT_UNSENT)
			draft_remove(&st->draft);
		return;
	}
	if (st->draft.path[0] && st->draft.body && strcmp(json, st->draft.body) == 0) {
		free(json);
		return;
	}
	free(st->draft.body);
	st->draft.body = json;
	if (draft_save(&st->draft, &err) != 0)
		ui_error(ui, "the draft could not be saved: %s", err.msg);
}

struct request *edit_draft_post(struct ui *ui, struct draft *d,
                                const struct resource *res)
{
	enum draft_state was = d->state;
	struct errbuf err;
	struct request *req;

	d->state = DRAFT_SENDING;
	if (draft_save(d, &err) != 0) {
		/* Nothing is sent that could not be kept. */
		d->state = was;
		ui_error(ui, "not sent: %s", err.msg);
		return NULL;
	}
	req = request_post(res, strdup(d->body));
	if (!req || !req->body)
		ui_oom();
	return req;
}

enum post_outcome edit_post_outcome(struct ui *ui, struct draft *d,
                                    const struct worker_event *ev)
{
	struct errbuf err;

	(void)ui;
	if (ev->outcome == POST_APPLIED) {
		draft_remove(d);
		return POST_APPLIED;
	}
	d->state = ev->outcome == POST_NOT_APPLIED ? DRAFT_UNSENT : DRAFT_UNKNOWN;
	/* It stays "sending" on disk when this fails, which reads as "may
	 * have been applied" later: the cautious way. */
	(void)draft_save(d, &err);
	return ev->outcome;
}

/* ---- sending -------------------------------------------------------------- */

static unsigned send_now(struct ui *ui, struct pane *p, struct edit_state *st)
{
	struct request *req = edit_draft_post(ui, &st->draft, st->fm.res);

	if (req && ui_submit(ui, p, req, WHAT_POST, 0)) {
		st->sending = true;
		ui_message(ui, "sending %s\xe2\x80\xa6", st->title);
	}
	return UI_REDRAW;
}

static unsigned checked(struct ui *ui, long arg, enum check_choice c,
                        struct draft *d)
{
	struct pane *p = ui_pane_by_serial(ui, (unsigned)arg);
	struct edit_state *st = p ? p->state : NULL;
	char title[200];

	(void)d;
	if (!st)
		return UI_REDRAW;
	switch (c) {
	case CHECK_SEND:
		return send_now(ui, p, st);
	case CHECK_DISCARD:
		snprintf(title, sizeof title, "%s", st->title);
		draft_remove(&st->draft);
		ui_pop(ui, p);
		ui_message(ui, "%s was applied: its draft is discarded", title);
		return UI_REDRAW;
	case CHECK_KEEP:
		break;
	}
	ui_message(ui, "not sent; the draft is kept (%s)",
	           draft_state_words(st->draft.state));
	return UI_REDRAW;
}

/* The last send may have been applied: show the server's record before
 * anything goes out again. */
static unsigned check_first(struct ui *ui, struct pane *p, struct edit_state *st)
{
	struct draft copy = st->draft;
	struct errbuf err;

	if (draft_save(&st->draft, &err) != 0)
		ui_error(ui, "the draft could not be saved: %s", err.msg);
	copy.body = strdup(st->draft.body);
	copy.lock = 0;
	if (!copy.body)
		ui_oom();
	draft_check_open(ui, &copy, checked, (long)p->serial);
	return UI_REDRAW;
}

/* A new record's required fields that are empty are marked under each,
 * the cursor goes to the first, and nothing is sent. */
static bool edit_missing(struct ui *ui, struct edit_state *st)
{
	size_t first = 0;
	int n = form_mark_missing(&st->fm, &first);

	if (n < 0)
		ui_oom();
	if (n == 0)
		return false;
	st->scroll.cursor = (long)first;
	ui_error(ui, "not sent: %s is required%s", st->fm.f[first].def->label,
	         n > 1 ? " (so are the other fields marked)" : "");
	return true;
}

unsigned edit_submit(struct ui *ui, struct pane *p, struct edit_state *st)
{
	struct errbuf err;
	char *json = NULL;
	enum halo_status rc;

	if (st->sending)
		return 0;
	if (edit_missing(ui, st))
		return UI_REDRAW;
	rc = form_body(&st->fm, &json, &err);
	if (rc != HALO_OK) {
		if (!form_changed(&st->fm) && st->fm.mode == FORM_EDIT)
			ui_message(ui, "nothing changed: nothing sent");
		else
			ui_error(ui, "%s", err.msg);
		return UI_REDRAW;
	}
	if (st->bulk && note_files_count(ui) > 0) {
		/* Each upload names one note: a bulk note has none yet. */
		free(json);
		ui_error(ui, "a note for several tickets carries no files: "
		         "remove them (q, then n again) or attach them ticket "
		         "by ticket");
		return UI_REDRAW;
	}
	if (st->bulk) {
		ui_pop(ui, p);
		bulk_note(ui, json, "a note");
		return UI_REDRAW;
	}
	free(st->draft.body);
	st->draft.body = json;
	form_clear_errors(&st->fm);
	if (st->draft.state == DRAFT_UNKNOWN)
		return check_first(ui, p, st);
	return send_now(ui, p, st);
}

unsigned edit_post_done(struct ui *ui, struct pane *p, struct edit_state *st,
                        struct worker_event *ev)
{
	enum form_mode mode = st->fm.mode;
	char title[200];

	st->sending = false;
	switch (edit_post_outcome(ui, &st->draft, ev)) {
	case POST_NOT_APPLIED:
		/* The form stays, with the server's words; the draft too. */
		form_set_errors(&st->fm, &ev->field_errors, ev->message);
		ui_error(ui, "unsent, not saved (draft kept): %s", ev->message);
		return UI_REDRAW;
	case POST_MAYBE_APPLIED: {
		char why[700];
		snprintf(why, sizeof why, "%s. Sending it again first shows what "
		         "the server has now.", ev->message);
		form_set_errors(&st->fm, &ev->field_errors, why);
		ui_error(ui, "%s: sent, answer unknown (may have been applied); "
		         "draft kept", st->title);
		return UI_REDRAW;
	}
	case POST_APPLIED:
		break;
	}
	snprintf(title, sizeof title, "%s", st->title);
	/* The note is in: its files follow it (attach.c). */
	if (mode == FORM_NOTE && ev->record && ev->record->id > 0)
		note_files_send(ui, st->fm.ticket_id, ev->record->id);
	ui_pop(ui, p);
	if (ev->status != HALO_OK)
		ui_message(ui, "%s %s (applied; the server's answer could not be "
		           "read: %s)", mode == FORM_CREATE ? "created" : "saved",
		           title, ev->message);
	else
		ui_message(ui, "%s %s (applied)%s",
		           mode == FORM_CREATE ? "created" : "saved", title,
		           mode == FORM_NOTE ? triage_api_agent_note(ui) : "");
	if (ev->record) {
		ui_record_saved(ui, ev->record);
		if (mode == FORM_CREATE && ev->record->id)
			detail_open_record(ui, ev->record);
	}
	return UI_REDRAW;
}
