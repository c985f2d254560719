/* SPDX-License-Identifier: MIT */
/* Which change goes to every marked record: a picker of changes (the
 * bulk key), or straight to a field's values (a triage key while rows
 * are marked); then a confirmation naming the change and the count, and
 * the run (bulk_run.c). The ids are those marked when the key was
 * pressed. */
#include "config.h"
#include "marks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "view.h"

/* What can change, in the picker's order. */
struct change_kind {
	const char *key;       /* bulk_choose's key */
	const char *field;     /* the record's field it needs */
	const char *label;
};

static const struct change_kind kinds[] = {
	{ "status_id", "status_id", "status\xe2\x80\xa6" },
	{ "priority_id", "priority_id", "priority\xe2\x80\xa6" },
	{ "agent_id", "agent_id", "agent\xe2\x80\xa6" },
	{ "me", "agent_id", "assign to me" },
	{ "team", "team", "team\xe2\x80\xa6" },
	{ "note", "status_id", "add a note\xe2\x80\xa6" },
	{ "close", "status_id", "close" },
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

/* A change on its way to the confirmation: owned by the picker. */
struct change {
	const struct resource *res;   /* where the POSTs go */
	char id_key[32];
	char *body;                   /* the template (a one-element body) */
	char title[200];
	long *ids;
	size_t n;
};

static void change_free(void *ctx)
{
	struct change *c = ctx;

	free(c->body);
	free(c->ids);
	free(c);
}

static unsigned confirmed(struct ui *ui, void *ctx,
                          const struct picker_item *it)
{
	struct change *c = ctx;
	struct bulk_plan *plan;

	if (it->id != 1) {
		ui_message(ui, "nothing sent");
		return UI_REDRAW;
	}
	plan = calloc(1, sizeof *plan);
	if (!plan || bulk_plan_set(plan, c->res->name, c->id_key, c->body,
	                           c->title, c->ids, c->n) != 0)
		ui_oom();
	bulk_run_start(ui, plan, NULL);
	return UI_REDRAW;
}

/* The confirmation: the change and how many records. Takes body. */
static void confirm(struct ui *ui, const struct resource *res,
                    const char *id_key, char *body, const char *title)
{
	const struct resource *marked_res;
	struct picker_item *items = calloc(2, sizeof *items);
	struct change *c = calloc(1, sizeof *c);
	char head[300], send[300];

	if (!items || !c)
		ui_oom();
	c->n = list_marked(ui, &marked_res, &c->ids);
	c->res = res;
	c->body = body;
	snprintf(c->id_key, sizeof c->id_key, "%s", id_key);
	snprintf(c->title, sizeof c->title, "%s", title);
	if (!c->n) {
		ui_message(ui, "nothing is marked any more: nothing sent");
		change_free(c);
		free(items);
		return;
	}
	snprintf(head, sizeof head, "%s on %zu %s?", title, c->n,
	         c->n == 1 ? marked_res->singular : marked_res->name);
	snprintf(send, sizeof send, "Send: %s to %zu %s (one request each)",
	         title, c->n, c->n == 1 ? marked_res->singular : marked_res->name);
	items[0].label = strdup(send);
	items[0].id = 1;
	items[1].label = strdup("Cancel");
	items[1].id = 0;
	if (!items[0].label || !items[1].label)
		ui_oom();
	picker_open_owned(ui, head, items, 2, 0, confirmed, c, change_free);
}

/* One field set to one value on every marked record. */
static void confirm_field(struct ui *ui, const char *key, bool number,
                          const char *value, const char *title)
{
	const struct resource *res;
	struct edit_value v = { .key = key, .type = number ? EDIT_NUMBER :
	                        EDIT_STRING, .text = value };
	struct errbuf err;
	long *ids;
	char *body = NULL;

	if (!list_marked(ui, &res, &ids))
		return;
	free(ids);
	errbuf_clear(&err);
	if (api_create_body(&v, 1, &body, &err) != HALO_OK) {
		ui_error(ui, "%s", err.msg);
		return;
	}
	confirm(ui, res, "id", body, title);
}

static void confirm_number(struct ui *ui, const char *key, long value,
                           const char *title)
{
	char num[32];

	snprintf(num, sizeof num, "%ld", value);
	confirm_field(ui, key, true, num, title);
}

/* ---- values ---------------------------------------------------------------- */

static unsigned value_chosen(struct ui *ui, void *ctx,
                             const struct picker_item *it)
{
	const struct change_kind *k = ctx;
	const struct resource *res = list_current(ui) ? list_current(ui)->res :
	                             NULL;
	const struct field_def *f = res ? resource_field(res, k->field) : NULL;
	char title[200];

	snprintf(title, sizeof title, "%s %s", f ? f->label : k->key, it->label);
	if (strcmp(k->key, "team") == 0)
		confirm_field(ui, "team", false, it->label, title);
	else
		confirm_number(ui, k->field, it->id, title);
	return UI_REDRAW;
}

static unsigned pick_value(struct ui *ui, struct pane *p, long kind)
{
	const struct change_kind *k = &kinds[kind];
	const struct resource *res = list_current(ui) ? list_current(ui)->res :
	                             NULL;
	const struct field_def *f = res ? resource_field(res, k->field) : NULL;
	struct picker_item *items;
	size_t sel = 0, n = 0;

	(void)p;
	if (!f || !f->lookup)
		return 0;
	/* Every entry once (priorities differ by SLA between records). */
	items = picker_lookup_items(&ui->s->lookups.lists[f->lookup], 0, 0, 0,
	                            NULL, &sel, &n);
	picker_open(ui, f->label, items, n, 0, value_chosen, (void *)k);
	return UI_REDRAW;
}

static unsigned close_with_list(struct ui *ui, struct pane *p, long arg)
{
	struct errbuf err;
	long id;

	(void)p;
	(void)arg;
	errbuf_clear(&err);
	id = lookups_find(&ui->s->lookups, LOOKUP_STATUS, "Closed", &err);
	if (id <= 0) {
		ui_error(ui, "no status named Closed in the statuses list: pick "
		         "one with the status change instead");
		return UI_REDRAW;
	}
	confirm_number(ui, "status_id", id, "Status Closed");
	return UI_REDRAW;
}

/* Assign to me waiting for who I am (the server, or the agents list
 * that names the profile's agent:): it goes on when that arrives. */
struct me_wait {
	bool waiting;
};

static unsigned me_notify(struct ui *ui, void *state,
                          const struct ui_notice *n);

static const struct ui_module me_wait_module = {
	.name = "bulk-me",
	.state_size = sizeof(struct me_wait),
	.notify = me_notify,
};

/* Assign to me: the profile's agent:, else who the server says I am. */
static void assign_me(struct ui *ui)
{
	const struct me *me = me_known(ui);
	struct me_wait *w;
	struct errbuf err;
	bool wait = false;
	long id;

	errbuf_clear(&err);
	id = me_profile_agent(ui, true, &wait, &err);
	if (id < 0) {
		ui_error(ui, "agent: in the profile says who \"me\" is, but: %s",
		         err.msg);
		return;
	}
	if (!id && !wait && me)
		id = me->id;
	if (id > 0) {
		confirm_number(ui, "agent_id", id, "assign to me");
		return;
	}
	if (!wait)
		me_need(ui, true);
	w = ui_module(ui, &me_wait_module);
	if (!w)
		ui_oom();
	w->waiting = true;
	ui_message(ui, "finding out who I am\xe2\x80\xa6");
}

static unsigned me_notify(struct ui *ui, void *state,
                          const struct ui_notice *n)
{
	struct me_wait *w = state;
	bool agents = n->kind == NOTICE_LOOKUP && n->lookup == LOOKUP_AGENT;

	if (!w->waiting || (n->kind != NOTICE_RESOLVED && !agents))
		return 0;
	if (n->kind == NOTICE_RESOLVED && !me_known(ui) && !me_error(ui))
		return 0;   /* another name was resolved */
	w->waiting = false;
	if (n->kind == NOTICE_RESOLVED && !me_known(ui)) {
		ui_error(ui, "not assigned: who am I: %s", me_error(ui));
		return UI_REDRAW;
	}
	if (agents && !n->ok) {
		ui_error(ui, "not assigned: the agent list could not be loaded");
		return UI_REDRAW;
	}
	if (!bulk_running(ui) && !ui_find(ui, &picker_pane_ops))
		bulk_choose(ui, "me");
	return UI_REDRAW;
}

/* A note for every marked ticket: the note form on one of them, whose
 * body then goes to each (bulk_note). */
static void note_form(struct ui *ui)
{
	struct view *v = list_current(ui);
	const struct record *sel = v ? view_selected(v) : NULL;

	if (!v || strcmp(v->res->name, "tickets") != 0) {
		ui_message(ui, "notes are added to tickets");
		return;
	}
	if (!sel)
		sel = v->model.count > 0 ? listmodel_row(&v->model, 0,
		                                         &(enum lpage_state){0}) :
		      NULL;
	if (!sel) {
		ui_message(ui, "wait for the list to load");
		return;
	}
	edit_open_bulk_note(ui, sel);
}

void bulk_note(struct ui *ui, char *body, const char *title)
{
	confirm(ui, resource_find("actions"), "ticket_id", body, title);
}

static void choose(struct ui *ui, const struct change_kind *k)
{
	const struct resource *res = list_current(ui) ? list_current(ui)->res :
	                             NULL;
	const struct field_def *f = res ? resource_field(res, k->field) : NULL;

	if (!f) {
		ui_message(ui, "%s have no %s", res ? res->name : "these", k->field);
		return;
	}
	if (strcmp(k->key, "me") == 0)
		assign_me(ui);
	else if (strcmp(k->key, "note") == 0)
		note_form(ui);
	else if (strcmp(k->key, "close") == 0)
		ui_with_lookup(ui, ui_find(ui, &list_pane_ops), LOOKUP_STATUS, close_with_list,
		               0);
	else if (f->lookup)
		ui_with_lookup(ui, ui_find(ui, &list_pane_ops), f->lookup, pick_value,
		               (long)(k - kinds));
}

static unsigned kind_chosen(struct ui *ui, void *ctx,
                            const struct picker_item *it)
{
	(void)ctx;
	if (it->id >= 0 && (size_t)it->id < NKINDS)
		choose(ui, &kinds[it->id]);
	return UI_REDRAW;
}

static void menu(struct ui *ui, const struct resource *res, size_t n)
{
	struct picker_item *items = calloc(NKINDS, sizeof *items);
	size_t k = 0;
	char title[160];

	if (!items)
		ui_oom();
	for (size_t i = 0; i < NKINDS; i++) {
		if (!resource_field(res, kinds[i].field) ||
		    ((!strcmp(kinds[i].key, "note") || !strcmp(kinds[i].key, "close"))
		     && strcmp(res->name, "tickets") != 0))
			continue;
		items[k].label = strdup(kinds[i].label);
		if (!items[k].label)
			ui_oom();
		items[k++].id = (long)i;
	}
	if (!k) {
		free(items);
		ui_message(ui, "%s cannot be changed here", res->name);
		return;
	}
	snprintf(title, sizeof title, "change %zu marked %s", n,
	         n == 1 ? res->singular : res->name);
	picker_open(ui, title, items, k, 0, kind_chosen, NULL);
}

void bulk_choose(struct ui *ui, const char *key)
{
	const struct resource *res;
	struct errbuf err;
	long *ids;
	size_t n = list_marked(ui, &res, &ids);

	free(ids);
	if (!n)
		return;
	if (settings_check_write(&ui->s->settings, &err) != HALO_OK) {
		ui_error(ui, "%s", err.msg);
		return;
	}
	if (bulk_running(ui)) {
		ui_message(ui, "a bulk change is still running");
		return;
	}
	if (!(res->flags & RES_EDITABLE)) {
		ui_message(ui, "%s cannot be changed here", res->name);
		return;
	}
	if (!key) {
		menu(ui, res, n);
		return;
	}
	for (size_t i = 0; i < NKINDS; i++)
		if (strcmp(kinds[i].key, key) == 0)
			choose(ui, &kinds[i]);
}
