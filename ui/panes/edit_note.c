/* SPDX-License-Identifier: MIT */
/* What only the note form has: a timer that runs from when it opened (the
 * time sent when none is typed, as Halo's own note form does), the
 * outcomes chosen from the instance's /Outcome list narrowed to what the
 * ticket's workflow step allows (HALO_API.md F16), and canned text
 * (/CannedText) put into the note at the cursor. */
#include "config.h"
#include "edit_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonx.h"
#include "notetime.h"
#include "text.h"

/* The note form's field for key (form.c makes every one). */
static struct form_field *field(struct edit_state *st, const char *key)
{
	for (size_t i = 0; i < st->fm.n; i++)
		if (strcmp(st->fm.f[i].def->key, key) == 0)
			return &st->fm.f[i];
	abort();   /* not reached: form_init gives a note form every one */
}

void edit_note_done(struct edit_state *st)
{
	records_free(&st->note.outcomes, &st->note.noutcomes);
	records_free(&st->note.canned, &st->note.ncanned);
}

/* ---- the timer ------------------------------------------------------------ */

void edit_note_timer(struct ui *ui, struct edit_state *st, char *buf,
                     size_t len)
{
	struct timespec now;
	long s, ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	s = (long)(now.tv_sec - st->note.opened.tv_sec);
	ms = (long)((now.tv_nsec - st->note.opened.tv_nsec) / 1000000);
	if (ms < 0) {
		s--;
		ms += 1000;
	}
	st->fm.timer_s = s > 0 ? s : 0;
	if (!buf)
		return;
	snprintf(buf, len, "%ld:%02ld:%02ld running (type a time, e.g. 0:15, "
	         "to replace it)", st->fm.timer_s / 3600,
	         st->fm.timer_s / 60 % 60, st->fm.timer_s % 60);
	ui_clock_tick(ui, 1000 - ms);
}

/* ---- outcomes ----------------------------------------------------------- */

static void ask_outcomes(struct ui *ui, struct pane *p, struct edit_state *st)
{
	const struct resource *res = resource_find("outcomes");
	struct request *req;
	char num[32];

	if (!res)
		return;
	req = request_new(REQ_LIST, res);
	if (!req)
		ui_oom();
	if (st->note.wf_id > 0) {
		snprintf(num, sizeof num, "%ld", st->note.wf_id);
		if (kv_add(&req->params, "workflow_id", num) != 0)
			ui_oom();
		snprintf(num, sizeof num, "%ld", st->note.wf_step);
		if (kv_add(&req->params, "workflow_step", num) != 0)
			ui_oom();
	}
	/* A lookup list in all but name: kept between runs as they are. */
	req->cache_ttl_s = SESSION_LOOKUP_TTL_S;
	ui_submit(ui, p, req, WHAT_OUTCOMES, 0);
}

/* Whether ticket r says which workflow step it is at (a list row may
 * not carry the members at all). */
static bool workflow_of(const struct record *r, long *id, long *step)
{
	if (!r || !cJSON_GetObjectItemCaseSensitive(r->obj, "workflow_id"))
		return false;
	*id = jsonx_id(r->obj, "workflow_id");
	*step = jsonx_id(r->obj, "workflow_step");
	if (*id < 0)
		*id = 0;
	return true;
}

void edit_note_begin(struct ui *ui, struct pane *p, struct edit_state *st,
                     const struct record *r)
{
	clock_gettime(CLOCK_MONOTONIC, &st->note.opened);
	if (workflow_of(r, &st->note.wf_id, &st->note.wf_step)) {
		ask_outcomes(ui, p, st);
	} else {
		struct request *req = request_item(resource_find("tickets"),
		                                   st->fm.ticket_id, 0);
		if (!req)
			ui_oom();
		ui_submit(ui, p, req, WHAT_NOTE_TICKET, 0);
	}
}

static bool outcome_private(const struct record *o)
{
	return record_flag(o, "hidefromuser");
}

static const char *outcome_name(const struct record *o)
{
	const char *n = record_str(o, "outcome");

	return n && *n ? n : record_str(o, "buttonname");
}

/* The instance's own name for the private note replaces ours, unless the
 * person chose another outcome already. */
static void name_default(struct edit_state *st)
{
	struct form_field *f = field(st, "outcome");

	if (form_field_changed(&st->fm, f))
		return;
	for (size_t i = 0; i < st->note.noutcomes; i++) {
		const struct record *o = st->note.outcomes[i];
		const char *n = outcome_name(o);
		char *clean;

		if (o->id != FORM_PRIVATE_NOTE || !n)
			continue;
		clean = text_sanitize(n, strlen(n), 0);
		if (!clean || form_note_outcome(&st->fm, FORM_PRIVATE_NOTE, clean,
		                                true) != 0)
			ui_oom();
		free(clean);
		return;
	}
}

static unsigned outcome_chosen(struct ui *ui, void *ctx,
                               const struct picker_item *it)
{
	struct edit_state *st = ctx;
	const struct record *o;
	const char *name;
	char *clean;

	(void)ui;
	if (it->id < 0 || (size_t)it->id >= st->note.noutcomes)
		return UI_REDRAW;
	o = st->note.outcomes[it->id];
	name = outcome_name(o);
	if (!name)
		return UI_REDRAW;   /* listed only with a name */
	clean = text_sanitize(name, strlen(name), 0);
	if (!clean || form_note_outcome(&st->fm, o->id, clean, false) != 0)
		ui_oom();
	free(clean);
	/* A private outcome makes a private note; a public one is seen by
	 * the user. */
	field(st, "hiddenfromuser")->flag = outcome_private(o);
	return UI_REDRAW;
}

static unsigned open_outcomes(struct ui *ui, struct edit_state *st)
{
	struct picker_item *items;
	size_t n = 0, sel = 0;

	if (!st->note.noutcomes) {
		ui_error(ui, "no outcome is allowed at this step of the ticket's "
		         "workflow: a note cannot be added");
		return UI_REDRAW;
	}
	items = calloc(st->note.noutcomes, sizeof *items);
	if (!items)
		ui_oom();
	/* Private outcomes first, then those the user sees. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < st->note.noutcomes; i++) {
			const struct record *o = st->note.outcomes[i];
			bool priv = outcome_private(o);
			char label[300], *clean;
			const char *name = outcome_name(o);

			if (priv != (pass == 0) || !name)
				continue;
			clean = text_sanitize(name, strlen(name), 0);
			if (!clean)
				ui_oom();
			snprintf(label, sizeof label, "%-8s %s%s", priv ? "private" :
			         "public", clean, !priv && record_flag(o, "sendemail") ?
			         "  (e-mails the user)" : "");
			free(clean);
			if (o->id == field(st, "outcome")->id)
				sel = n;
			items[n].id = (long)i;
			if (!(items[n++].label = strdup(label)))
				ui_oom();
		}
	picker_open(ui, "Outcome", items, n, sel, outcome_chosen, st);
	return UI_REDRAW;
}

unsigned edit_note_pick_outcome(struct ui *ui, struct pane *p,
                                struct edit_state *st)
{
	if (st->note.outcomes_loaded)
		return open_outcomes(ui, st);
	if (st->note.outcomes_error[0]) {
		ui_error(ui, "the outcomes could not be read: %s",
		         st->note.outcomes_error);
		st->note.outcomes_error[0] = '\0';
		st->note.pick_when_loaded = true;
		ask_outcomes(ui, p, st);   /* once more */
		return UI_REDRAW;
	}
	st->note.pick_when_loaded = true;
	ui_message(ui, "reading the outcomes the ticket allows\xe2\x80\xa6");
	return UI_REDRAW;
}

/* ---- canned text ---------------------------------------------------------- */

static void insert_text(struct ui *ui, struct edit_state *st,
                        const struct record *c)
{
	char *text = record_body_text(c, 0);
	size_t len;

	if (!text)
		ui_oom();
	len = strlen(text);
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
		text[--len] = '\0';
	if (!len) {
		ui_error(ui, "that canned text is empty: nothing was inserted");
		free(text);
		return;
	}
	/* Into the note, where its cursor is when it is being edited. */
	if (!(st->inline_on && edit_sel(st) == 0)) {
		if (st->inline_on) {
			if (form_set_text(&st->fm.f[edit_sel(st)],
			                  lineedit_text(&st->le)) != 0)
				ui_oom();
			st->inline_on = false;
		}
		st->scroll.cursor = 0;
	}
	edit_paste_field(ui, st, text, len);
	free(text);
}

static unsigned canned_chosen(struct ui *ui, void *ctx,
                              const struct picker_item *it)
{
	struct edit_state *st = ctx;
	const struct record *c;
	char *body;
	struct pane *p;

	if (it->id < 0 || (size_t)it->id >= st->note.ncanned)
		return UI_REDRAW;
	c = st->note.canned[it->id];
	body = record_body_text(c, 0);
	if (!body)
		ui_oom();
	p = ui_find(ui, &edit_pane_ops);
	if (*body || !p) {
		insert_text(ui, st, c);
	} else {
		/* A list without the texts: the one chosen, in full. */
		struct request *req = request_item(c->res, c->id, 0);
		if (!req)
			ui_oom();
		ui_submit(ui, p, req, WHAT_CANNED_ONE, 0);
	}
	free(body);
	return UI_REDRAW | UI_RELAYOUT;
}

static unsigned open_canned(struct ui *ui, struct edit_state *st)
{
	struct picker_item *items;

	if (!st->note.ncanned) {
		ui_message(ui, "you have no canned text (none of yours or your "
		           "teams')");
		return UI_REDRAW;
	}
	items = picker_record_items(st->note.canned, st->note.ncanned);
	for (size_t i = 0; i < st->note.ncanned; i++)
		items[i].id = (long)i;
	picker_open(ui, "Canned text", items, st->note.ncanned, 0,
	            canned_chosen, st);
	return UI_REDRAW;
}

unsigned edit_note_canned(struct ui *ui, struct pane *p, struct edit_state *st)
{
	const struct resource *res = resource_find("cannedtexts");
	struct request *req;

	if (st->fm.mode != FORM_NOTE) {
		ui_message(ui, "canned text goes into a note (n on a ticket)");
		return UI_REDRAW;
	}
	if (st->note.ncanned)
		return open_canned(ui, st);
	req = res ? request_new(REQ_LIST, res) : NULL;
	if (!req)
		ui_oom();
	ui_submit(ui, p, req, WHAT_CANNED, 0);
	ui_message(ui, "reading your canned text\xe2\x80\xa6");
	return UI_REDRAW;
}

/* ---- answers -------------------------------------------------------------- */

unsigned edit_note_event(struct ui *ui, struct pane *p, struct edit_state *st,
                         struct worker_event *ev, int what, long arg)
{
	(void)arg;
	if (what == WHAT_NOTE_TICKET) {
		/* Without the ticket every outcome is offered: Halo still
		 * refuses one its workflow does not allow, and says so. */
		if (ev->status != HALO_OK ||
		    !workflow_of(ev->record, &st->note.wf_id, &st->note.wf_step))
			st->note.wf_id = st->note.wf_step = 0;
		ask_outcomes(ui, p, st);
		return UI_REDRAW;
	}
	if (what == WHAT_OUTCOMES) {
		if (ev->status != HALO_OK) {
			snprintf(st->note.outcomes_error,
			         sizeof st->note.outcomes_error, "%s", ev->message);
			if (st->note.pick_when_loaded)
				ui_error(ui, "the outcomes could not be read: %s",
				         ev->message);
			st->note.pick_when_loaded = false;
			return UI_REDRAW;
		}
		api_page_take(&ev->page, &st->note.outcomes,
		              &st->note.noutcomes);
		st->note.outcomes_loaded = true;
		name_default(st);
		if (st->note.pick_when_loaded) {
			st->note.pick_when_loaded = false;
			ui_message(ui, "%s", "");
			return open_outcomes(ui, st);
		}
		return UI_REDRAW;
	}
	if (what == WHAT_CANNED) {
		if (ev->status != HALO_OK) {
			ui_error(ui, "canned text could not be read: %s",
			         ev->message);
			return UI_REDRAW;
		}
		api_page_take(&ev->page, &st->note.canned, &st->note.ncanned);
		ui_message(ui, "%s", "");
		return open_canned(ui, st);
	}
	if (what == WHAT_CANNED_ONE) {
		if (ev->status != HALO_OK || !ev->record)
			ui_error(ui, "the canned text could not be read: %s",
			         ev->status != HALO_OK ? ev->message : "no answer");
		else
			insert_text(ui, st, ev->record);
		return UI_REDRAW | UI_RELAYOUT;
	}
	return 0;
}
