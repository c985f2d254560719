/* SPDX-License-Identifier: MIT */
/* Sending the form: its draft is written before the POST goes out and
 * removed only when the server confirms. */
#include "config.h"
#include "edit_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* ---- drafts and sending ------------------------------------------------- */

static const char *mode_name(enum form_mode m)
{
	return m == FORM_EDIT ? "edit" : m == FORM_CREATE ? "create" : "note";
}

struct request *edit_draft_post(struct ui *ui, struct draft *d,
                                const struct resource *res)
{
	struct errbuf err;
	struct request *req;

	if (draft_save(d, &err) != 0) {
		/* Nothing is sent that could not be kept. */
		ui_error(ui, "not sent: %s", err.msg);
		return NULL;
	}
	req = request_post(res, strdup(d->body));
	if (!req || !req->body)
		ui_oom();
	return req;
}

unsigned edit_submit(struct ui *ui, struct pane *p, struct edit_state *st)
{
	struct errbuf err;
	struct request *req;
	char *json = NULL;
	enum halo_status rc;

	if (st->sending)
		return 0;
	rc = form_body(&st->fm, &json, &err);
	if (rc != HALO_OK) {
		if (!form_changed(&st->fm) && st->fm.mode == FORM_EDIT)
			ui_message(ui, "nothing changed: nothing sent");
		else
			ui_error(ui, "%s", err.msg);
		return UI_REDRAW;
	}
	free(st->draft.body);
	st->draft.body = json;
	snprintf(st->draft.resource, sizeof st->draft.resource, "%s", st->fm.res->name);
	snprintf(st->draft.kind, sizeof st->draft.kind, "%s", mode_name(st->fm.mode));
	st->draft.id = st->fm.id;
	st->draft.ticket_id = st->fm.ticket_id;
	snprintf(st->draft.title, sizeof st->draft.title, "%s", st->title);
	form_clear_errors(&st->fm);
	req = edit_draft_post(ui, &st->draft, st->fm.res);
	if (req && ui_submit(ui, p, req, WHAT_POST, 0)) {
		st->sending = true;
		ui_message(ui, "sending %s\xe2\x80\xa6", st->title);
	}
	return UI_REDRAW;
}

unsigned edit_post_done(struct ui *ui, struct pane *p, struct edit_state *st,
                        struct worker_event *ev)
{
	enum form_mode mode = st->fm.mode;
	char title[200];

	st->sending = false;
	if (ev->status != HALO_OK) {
		/* The form stays, with the server's words; the draft stays too. */
		form_set_errors(&st->fm, &ev->field_errors, ev->message);
		ui_error(ui, "not saved (draft kept): %s", ev->message);
		return UI_REDRAW;
	}
	draft_remove(&st->draft);
	snprintf(title, sizeof title, "%s", st->title);
	ui_pop(ui, p);
	ui_message(ui, "%s %s", mode == FORM_CREATE ? "created" : "saved", title);
	if (ev->record) {
		ui_record_saved(ui, ev->record);
		if (mode == FORM_CREATE && ev->record->id)
			detail_open_record(ui, ev->record);
	}
	return UI_REDRAW;
}
