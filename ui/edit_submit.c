/* Sending: drafts are written before a POST goes out and removed only
 * when the server confirms. The edit form's POST, triage from the list
 * (status, priority, assign to me) as one-field POSTs, and drafts left by
 * an earlier run, offered once each. */
#include "config.h"
#include "edit_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"

/* ---- drafts and sending ------------------------------------------------- */

static const char *mode_name(enum form_mode m)
{
	return m == FORM_EDIT ? "edit" : m == FORM_CREATE ? "create" : "note";
}

/* Writes the draft, then sends it. Returns the request id or 0. */
static uint64_t send_draft(struct ui *ui, struct pane *owner, struct draft *d,
                           const struct resource *res, int what, long arg)
{
	struct errbuf err;
	struct request *req;

	if (draft_save(d, &err) != 0) {
		/* Nothing is sent that could not be kept. */
		ui_error(ui, "not sent: %s", err.msg);
		return 0;
	}
	req = request_post(res, strdup(d->body));
	if (!req || !req->body)
		ui_oom();
	return ui_submit(ui, owner, req, what, arg);
}

unsigned edit_submit(struct ui *ui, struct pane *p, struct edit_state *st)
{
	struct errbuf err;
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
	if (send_draft(ui, p, &st->draft, st->fm.res, WHAT_POST, 0)) {
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

/* ---- triage: one-field POSTs from the list ------------------------------- */

static int inflight_slot(struct ui *ui)
{
	for (int i = 0; i < 8; i++)
		if (!ui->inflight_used[i]) {
			memset(&ui->inflight[i], 0, sizeof ui->inflight[i]);
			ui->inflight_used[i] = true;
			return i;
		}
	ui_error(ui, "too many changes in flight; wait a moment");
	return -1;
}

static void inflight_release(struct ui *ui, int slot)
{
	draft_done(&ui->inflight[slot]);
	ui->inflight_used[slot] = false;
}

static void post_one(struct ui *ui, const struct resource *res, long id,
                     const char *key, long value, const char *what)
{
	struct edit_value v = { .key = key, .type = EDIT_NUMBER };
	struct errbuf err;
	char num[32];
	int slot = inflight_slot(ui);
	struct draft *d;

	if (slot < 0)
		return;
	d = &ui->inflight[slot];
	snprintf(num, sizeof num, "%ld", value);
	v.text = num;
	if (api_edit_body(id, &v, 1, &d->body, &err) != HALO_OK) {
		ui_error(ui, "%s", err.msg);
		inflight_release(ui, slot);
		return;
	}
	snprintf(d->resource, sizeof d->resource, "%s", res->name);
	snprintf(d->kind, sizeof d->kind, "edit");
	d->id = id;
	snprintf(d->title, sizeof d->title, "%s %ld: %s", res->singular, id, what);
	if (!send_draft(ui, ui_find(ui, &list_pane_ops), d, res, UI_WHAT_TRIAGE, slot))
		inflight_release(ui, slot);
	else
		ui_message(ui, "%s\xe2\x80\xa6", d->title);
}

struct triage_ctx {
	const struct resource *res;
	long id;
	char key[32];
};

static unsigned triage_chosen(struct ui *ui, void *ctx,
                              const struct picker_item *it)
{
	struct triage_ctx *t = ctx;
	char what[160];

	snprintf(what, sizeof what, "%s %s", t->key, it->label);
	post_one(ui, t->res, t->id, t->key, it->id, what);
	return UI_REDRAW;
}

void triage_lookup_arrived(struct ui *ui, enum lookup_kind kind)
{
	struct record *r = ui->triage_record;
	const struct field_def *f = r ? resource_field(r->res, ui->triage_key) : NULL;

	if (!f || f->lookup != kind || !lookups_loaded(&ui->s->lookups, kind))
		return;
	ui->triage_record = NULL;
	triage_pick(ui, r, ui->triage_key);
	record_free(&r);
}

void triage_pick(struct ui *ui, const struct record *r, const char *key)
{
	const struct field_def *f = r ? resource_field(r->res, key) : NULL;
	const struct lookup_list *l;
	struct picker_item *items;
	struct triage_ctx *t;
	size_t sel = 0;

	if (!f || !f->lookup || !(r->res->flags & RES_EDITABLE)) {
		ui_message(ui, "nothing to change here");
		return;
	}
	l = &ui->s->lookups.lists[f->lookup];
	if (!l->loaded) {
		/* Opens by itself when the list arrives (triage_lookup_arrived). */
		struct record *copy = record_dup(r);

		if (!copy)
			ui_oom();
		record_free(&ui->triage_record);
		ui->triage_record = copy;
		snprintf(ui->triage_key, sizeof ui->triage_key, "%s", key);
		ui_need_lookup(ui, f->lookup);
		ui_message(ui, "loading the %s list\xe2\x80\xa6",
		           lookup_kind_name(f->lookup));
		return;
	}
	items = picker_lookup_items(l, 0, record_id_of(r, key), NULL, &sel);
	t = calloc(1, sizeof *t);
	if (!t)
		ui_oom();
	t->res = r->res;
	t->id = r->id;
	snprintf(t->key, sizeof t->key, "%s", key);
	picker_open_owned(ui, f->label, items, l->n, sel, triage_chosen, t, free);
}

void triage_assign_me(struct ui *ui, const struct record *r)
{
	struct request *req;

	if (!r || !resource_field(r->res, "agent_id") ||
	    !(r->res->flags & RES_EDITABLE)) {
		ui_message(ui, "nothing to assign here");
		return;
	}
	if (ui->me_id) {
		post_one(ui, r->res, r->id, "agent_id", ui->me_id, "assigned to me");
		return;
	}
	req = request_new(REQ_ME, resource_find("agents"));
	if (!req)
		ui_oom();
	ui_submit(ui, ui_find(ui, &list_pane_ops), req, UI_WHAT_ME, r->id);
	ui_message(ui, "asking the server who I am\xe2\x80\xa6");
}

unsigned triage_event(struct ui *ui, struct worker_event *ev, int what,
                      long arg)
{
	if (what == UI_WHAT_ME) {
		if (ev->status != HALO_OK || !ev->record || !ev->record->id) {
			ui_error(ui, "who am I: %s", ev->status != HALO_OK ?
			         ev->message : "the server did not say");
			return UI_REDRAW;
		}
		ui->me_id = ev->record->id;
		post_one(ui, resource_find("tickets"), arg, "agent_id", ui->me_id,
		         "assigned to me");
		return UI_REDRAW;
	}
	if (arg < 0 || arg >= 8 || !ui->inflight_used[arg])
		return 0;
	if (ev->status != HALO_OK) {
		ui_error(ui, "%s: not saved (draft kept): %s", ui->inflight[arg].title,
		         ev->message);
	} else {
		draft_remove(&ui->inflight[arg]);
		ui_message(ui, "saved %s", ui->inflight[arg].title);
		if (ev->record)
			ui_record_saved(ui, ev->record);
	}
	inflight_release(ui, (int)arg);
	return UI_REDRAW;
}

/* ---- drafts from an earlier run ------------------------------------------ */

struct offer_ctx {
	struct draft d;
};

static unsigned offer_chosen(struct ui *ui, void *ctx,
                             const struct picker_item *it)
{
	struct offer_ctx *o = ctx;
	const struct resource *res = resource_find(o->d.resource);
	int slot;

	if (it->id == 1 && res) {
		slot = inflight_slot(ui);
		if (slot >= 0) {
			ui->inflight[slot] = o->d;
			memset(&o->d, 0, sizeof o->d);
			if (!send_draft(ui, ui_find(ui, &list_pane_ops),
			                &ui->inflight[slot], res, UI_WHAT_TRIAGE, slot))
				inflight_release(ui, slot);
		}
	} else if (it->id == 2) {
		draft_remove(&o->d);
		ui_message(ui, "draft discarded");
	}
	/* The next one, if any. */
	ui_offer_drafts(ui);
	return UI_REDRAW;
}

static void offer_free(void *ctx)
{
	struct offer_ctx *o = ctx;

	draft_done(&o->d);
	free(o);
}

void ui_offer_drafts(struct ui *ui)
{
	struct draft *list;
	size_t n = draft_list(&list, 16);
	struct picker_item *items;
	struct offer_ctx *o;
	char title[300];
	size_t pick = n;

	/* Offer each draft once a run, in order. */
	for (size_t i = 0; i < n && pick == n; i++)
		if (strcmp(list[i].path, ui->drafts_offered) > 0)
			pick = i;
	if (pick == n || ui_find(ui, &picker_pane_ops)) {
		draft_list_free(list, n);
		return;
	}
	snprintf(ui->drafts_offered, sizeof ui->drafts_offered, "%s", list[pick].path);
	o = calloc(1, sizeof *o);
	items = calloc(3, sizeof *items);
	if (!o || !items)
		ui_oom();
	o->d = list[pick];
	memset(&list[pick], 0, sizeof list[pick]);
	draft_list_free(list, n);
	snprintf(title, sizeof title, "unsent draft: %s", o->d.title);
	items[0].label = strdup("Keep it for later");
	items[1].label = strdup("Send it now");
	items[2].label = strdup("Discard it");
	for (int i = 0; i < 3; i++) {
		items[i].id = i;
		if (!items[i].label)
			ui_oom();
	}
	picker_open_owned(ui, title, items, 3, 0, offer_chosen, o, offer_free);
}
