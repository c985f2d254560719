/* SPDX-License-Identifier: MIT */
/* Triage: one-field POSTs from the list or the detail (status, priority,
 * assign to me) without opening a form, and any other change sent
 * outside a form (a draft resent from an earlier run). "Me" is the agent
 * the token acts as (GET /api/Agent/me), except under client_credentials
 * with agent: in the profile, which names the person at the keyboard
 * (a name in the agents list, or an id). Each is a draft
 * on disk, "sending" until the server answers, then removed (applied),
 * "unsent" (refused) or "sent, answer unknown" (offered with the record
 * at the next start). A module, not a pane: its answers arrive whatever
 * panes are open. A record without an id that can be read is not
 * changed here: the change could only go out as a new record. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "panes.h"
#include "yamlx.h"

#define TRIAGE_SLOTS 8

enum triage_what { WHAT_POST = 1 };

struct triage_state {
	long assign_waiting;              /* a ticket to assign to me once
	                                   * the server said who I am; 0 */
	long me_id;                       /* the profile's agent:, once
	                                   * resolved; 0 unknown */
	struct draft inflight[TRIAGE_SLOTS];
	bool used[TRIAGE_SLOTS];
	bool authored[TRIAGE_SLOTS];      /* a note or an assignment */
	/* Assign to me pressed before the agents list that resolves the
	 * profile's agent: arrived: the record to assign (0: none). */
	const struct resource *me_res;
	long me_record;
	bool told_api_agent;              /* see triage_api_agent_note */
	/* A triage key pressed before its list arrived: the picker opens
	 * when the list does (an owned copy of the record). */
	struct record *waiting;
	char waiting_key[32];
};

static unsigned triage_on_event(struct ui *ui, void *state,
                                struct worker_event *ev, int what, long arg);
static unsigned triage_notify(struct ui *ui, void *state,
                              const struct ui_notice *n);
static void triage_close(struct ui *ui, void *state);

static const struct ui_module triage_module = {
	.name = "triage",
	.state_size = sizeof(struct triage_state),
	.on_event = triage_on_event,
	.notify = triage_notify,
	.close = triage_close,
};

static struct triage_state *state_of(struct ui *ui)
{
	struct triage_state *t = ui_module(ui, &triage_module);

	if (!t)
		ui_oom();
	return t;
}

/* ---- changes in flight --------------------------------------------------- */

static int slot_take(struct ui *ui, struct triage_state *t)
{
	for (int i = 0; i < TRIAGE_SLOTS; i++)
		if (!t->used[i]) {
			memset(&t->inflight[i], 0, sizeof t->inflight[i]);
			t->used[i] = true;
			return i;
		}
	ui_error(ui, "too many changes in flight; wait a moment");
	return -1;
}

static void slot_release(struct triage_state *t, int slot)
{
	draft_done(&t->inflight[slot]);
	t->used[slot] = false;
	t->authored[slot] = false;
}

const char *triage_api_agent_note(struct ui *ui)
{
	struct triage_state *t = state_of(ui);
	const struct settings *s = &ui->s->settings;
	static char note[300];

	if (t->told_api_agent || s->auth != AUTH_CLIENT_CREDENTIALS ||
	    (ui->opt && ui->opt->demo))
		return "";
	t->told_api_agent = true;
	if (s->profile)
		snprintf(note, sizeof note, " \xc2\xb7 Halo attributes it to the API "
		         "agent; to act as yourself, set auth: password (or "
		         "authorization_code) in profile '%s' and run halotui "
		         "login -p %s", s->profile, s->profile);
	else
		snprintf(note, sizeof note, " \xc2\xb7 Halo attributes it to the API "
		         "agent; to act as yourself, set auth: password (or "
		         "authorization_code) in a profile and run halotui "
		         "login -p PROFILE");
	return note;
}

/* Sends the draft in slot; releases the slot when it could not. */
static void slot_send(struct ui *ui, struct triage_state *t, int slot,
                      const struct resource *res)
{
	struct request *req = edit_draft_post(ui, &t->inflight[slot], res);

	if (!req || !ui_submit_module(ui, &triage_module, req, WHAT_POST, slot))
		slot_release(t, slot);
}

void triage_send(struct ui *ui, struct draft *d)
{
	struct triage_state *t = state_of(ui);
	const struct resource *res = resource_find(d->resource);
	int slot;

	if (!res) {
		ui_error(ui, "draft for an unknown resource \"%s\": not sent",
		         d->resource);
		return;
	}
	if ((slot = slot_take(ui, t)) < 0)
		return;
	t->inflight[slot] = *d;
	t->authored[slot] = strcmp(t->inflight[slot].kind, "note") == 0;
	memset(d, 0, sizeof *d);
	slot_send(ui, t, slot, res);
}

static void post_one(struct ui *ui, const struct resource *res, long id,
                     const char *key, long value, const char *what)
{
	struct triage_state *t = state_of(ui);
	struct edit_value v = { .key = key, .type = EDIT_NUMBER };
	struct errbuf err;
	char num[32];
	int slot = slot_take(ui, t);
	struct draft *d;

	if (slot < 0)
		return;
	d = &t->inflight[slot];
	ui_draft_instance(ui, d);
	snprintf(num, sizeof num, "%ld", value);
	v.text = num;
	if (api_edit_body(id, &v, 1, &d->body, &err) != HALO_OK) {
		ui_error(ui, "%s", err.msg);
		slot_release(t, slot);
		return;
	}
	snprintf(d->resource, sizeof d->resource, "%s", res->name);
	snprintf(d->kind, sizeof d->kind, "edit");
	d->id = id;
	t->authored[slot] = strcmp(key, "agent_id") == 0;
	snprintf(d->title, sizeof d->title, "%s %ld: %s", res->singular, id, what);
	ui_message(ui, "%s\xe2\x80\xa6", d->title);
	slot_send(ui, t, slot, res);
}

/* ---- pickers ------------------------------------------------------------- */

struct pick_ctx {
	const struct resource *res;
	long id;
	char key[32];
};

static unsigned value_chosen(struct ui *ui, void *ctx,
                             const struct picker_item *it)
{
	struct pick_ctx *c = ctx;
	char what[160];

	snprintf(what, sizeof what, "%s %s", c->key, it->label);
	post_one(ui, c->res, c->id, c->key, it->id, what);
	return UI_REDRAW;
}

/* False, with a message, for a record without an id that can be read. */
static bool has_id(struct ui *ui, const struct record *r)
{
	if (r->id > 0)
		return true;
	ui_error(ui, "this %s has no id that can be read: it is read-only here",
	         r->res ? r->res->singular : "record");
	return false;
}

void triage_pick(struct ui *ui, const struct record *r, const char *key)
{
	const struct field_def *f = r ? resource_field(r->res, key) : NULL;
	const struct lookup_list *l;
	struct picker_item *items;
	struct pick_ctx *c;
	size_t sel = 0, n = 0;

	if (!f || !f->lookup || !(r->res->flags & RES_EDITABLE)) {
		ui_message(ui, "nothing to change here");
		return;
	}
	if (!has_id(ui, r))
		return;
	l = &ui->s->lookups.lists[f->lookup];
	if (!l->loaded) {
		/* Opens by itself when the list arrives (triage_notify). */
		struct triage_state *t = state_of(ui);
		struct record *copy = record_dup(r);

		if (!copy)
			ui_oom();
		record_free(&t->waiting);
		t->waiting = copy;
		snprintf(t->waiting_key, sizeof t->waiting_key, "%s", key);
		ui_need_lookup(ui, f->lookup);
		ui_message(ui, "loading the %s list\xe2\x80\xa6",
		           lookup_kind_name(f->lookup));
		return;
	}
	items = picker_lookup_items(l, record_scope(r, f), 0,
	                            record_id_of(r, key), NULL, &sel, &n);
	c = calloc(1, sizeof *c);
	if (!c)
		ui_oom();
	c->res = r->res;
	c->id = r->id;
	snprintf(c->key, sizeof c->key, "%s", key);
	picker_open_owned(ui, f->label, items, n, sel, value_chosen, c, free);
}

/* The profile's agent: (client_credentials only; the per-user flows are
 * the agent themselves): an id as it is, a name through the agents list.
 * Returns the id; 0 when there is none to go by or the list is still to
 * come (*wait set, the list asked for); -1 when the name is not an agent
 * (said on the status line). */
static long profile_me(struct ui *ui, bool *wait)
{
	const struct settings *s = &ui->s->settings;
	char shown[81];
	struct errbuf err;
	long id = me_profile_agent(ui, true, wait, &err);

	if (id >= 0)
		return id;
	ui_error(ui, "agent: %s in profile '%s' says who \"me\" is, but: %s",
	         yamlx_shown(s->agent, shown, sizeof shown),
	         s->profile ? s->profile : "", err.msg);
	return -1;
}

void triage_assign_me(struct ui *ui, const struct record *r)
{
	struct triage_state *t = state_of(ui);
	const struct me *me = me_known(ui);
	bool wait;
	long id;

	if (!r || !resource_field(r->res, "agent_id") ||
	    !(r->res->flags & RES_EDITABLE)) {
		ui_message(ui, "nothing to assign here");
		return;
	}
	if (!has_id(ui, r))
		return;
	/* An API application's agent: says who I am; else the server. */
	if (!t->me_id && (id = profile_me(ui, &wait)) != 0) {
		if (id < 0)
			return;
		t->me_id = id;
	}
	if (t->me_id) {
		post_one(ui, r->res, r->id, "agent_id", t->me_id, "assigned to me");
		return;
	}
	if (wait) {
		/* Assigned when the list arrives (triage_notify). */
		t->me_res = r->res;
		t->me_record = r->id;
		ui_message(ui, "loading the agent list\xe2\x80\xa6");
		return;
	}
	if (me) {
		post_one(ui, r->res, r->id, "agent_id", me->id, "assigned to me");
		return;
	}
	/* Assigned when me.c hears (triage_notify). */
	t->assign_waiting = r->id;
	me_need(ui, true);
	ui_message(ui, "asking the server who I am\xe2\x80\xa6");
}

/* ---- the module ---------------------------------------------------------- */

/* Who I am is known (or could not be): the ticket waiting for it. */
static unsigned me_heard(struct ui *ui, struct triage_state *t)
{
	const struct me *me = me_known(ui);
	long ticket = t->assign_waiting;

	if (!me && !me_error(ui))
		return 0;   /* another name was resolved */
	t->assign_waiting = 0;
	if (me)
		post_one(ui, resource_find("tickets"), ticket, "agent_id", me->id,
		         "assigned to me");
	else
		ui_error(ui, "who am I: %s", me_error(ui));
	return UI_REDRAW;
}

static unsigned triage_on_event(struct ui *ui, void *state,
                                struct worker_event *ev, int what, long arg)
{
	struct triage_state *t = state;

	(void)what;
	if (arg < 0 || arg >= TRIAGE_SLOTS || !t->used[arg])
		return 0;
	switch (edit_post_outcome(ui, &t->inflight[arg], ev)) {
	case POST_NOT_APPLIED:
		ui_error(ui, "%s: unsent, not saved (draft kept): %s",
		         t->inflight[arg].title, ev->message);
		break;
	case POST_MAYBE_APPLIED:
		ui_error(ui, "%s: sent, answer unknown (may have been applied); "
		         "the draft is offered with the record at the next start: "
		         "%s", t->inflight[arg].title, ev->message);
		break;
	case POST_APPLIED:
		ui_message(ui, "saved %s (applied)%s", t->inflight[arg].title,
		           t->authored[arg] ? triage_api_agent_note(ui) : "");
		if (ev->record)
			ui_record_saved(ui, ev->record);
		break;
	}
	slot_release(t, (int)arg);
	return UI_REDRAW;
}

/* The agents list arrived (or failed) while assign to me waited for it
 * to resolve the profile's agent:. */
static unsigned me_list_arrived(struct ui *ui, struct triage_state *t,
                                const struct ui_notice *n)
{
	const struct resource *res = t->me_res;
	long id = t->me_record;
	bool wait;

	t->me_record = 0;
	if (!n->ok || !lookups_loaded(&ui->s->lookups, LOOKUP_AGENT)) {
		ui_error(ui, "not assigned: agent: in profile '%s' is a name, "
		         "and the agent list that says whose could not be "
		         "loaded (an id needs no list)",
		         ui->s->settings.profile ? ui->s->settings.profile : "");
		return UI_REDRAW;
	}
	if ((t->me_id = profile_me(ui, &wait)) < 0)
		t->me_id = 0;
	else if (t->me_id)
		post_one(ui, res, id, "agent_id", t->me_id, "assigned to me");
	return UI_REDRAW;
}

static unsigned triage_notify(struct ui *ui, void *state,
                              const struct ui_notice *n)
{
	struct triage_state *t = state;
	struct record *r = t->waiting;
	const struct field_def *f = r ? resource_field(r->res, t->waiting_key) : NULL;
	char key[sizeof t->waiting_key];
	unsigned flags = 0;

	if (n->kind == NOTICE_RESOLVED && t->assign_waiting)
		return me_heard(ui, t);
	if (n->kind == NOTICE_LOOKUP && n->lookup == LOOKUP_AGENT &&
	    t->me_record)
		flags = me_list_arrived(ui, t, n);
	if (n->kind != NOTICE_LOOKUP || !n->ok || !f || f->lookup != n->lookup ||
	    !lookups_loaded(&ui->s->lookups, n->lookup))
		return flags;
	t->waiting = NULL;
	snprintf(key, sizeof key, "%s", t->waiting_key);
	triage_pick(ui, r, key);
	record_free(&r);
	return UI_REDRAW;
}

/* At the end of the program: a change still in flight is "sent, answer
 * unknown" on disk, and offered with its record at the next start. */
static void triage_close(struct ui *ui, void *state)
{
	struct triage_state *t = state;
	struct errbuf err;

	(void)ui;
	for (int i = 0; i < TRIAGE_SLOTS; i++)
		if (t->used[i]) {
			if (t->inflight[i].path[0] &&
			    t->inflight[i].state == DRAFT_SENDING) {
				t->inflight[i].state = DRAFT_UNKNOWN;
				(void)draft_save(&t->inflight[i], &err);
			}
			slot_release(t, i);
		}
	record_free(&t->waiting);
}
