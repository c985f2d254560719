/* SPDX-License-Identifier: MIT */
/* D: deleting a ticket, or one of its notes from the ticket's detail (a
 * picker of the ticket and its notes chooses which). The question names
 * the record and is answered by typing its id; anything else deletes
 * nothing. One DELETE; once the server says yes, every list drops the
 * record, a detail showing it closes (NOTICE_RECORD_REMOVED) and the
 * cache files forget it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "delete.h"
#include "note.h"
#include "panes.h"
#include "recordtext.h"
#include "text.h"

enum { WHAT_DELETE = 1 };

struct target {
	const struct resource *res;
	long id, ticket_id;
	long serial;             /* in flight: the request's arg */
	char what[400];          /* "ticket 12 'Printer on fire'" */
};

struct delete_mod {
	struct target asking;     /* the question on the status line */
	struct target *notes;     /* the picker's choices: [0] the ticket */
	size_t nnotes;
	struct target *sent;      /* DELETEs in flight */
	size_t nsent;
	long serial;
};

static unsigned del_on_event(struct ui *ui, void *state,
                             struct worker_event *ev, int what, long arg);
static void del_close(struct ui *ui, void *state);

static const struct ui_module delete_module = {
	.name = "delete",
	.state_size = sizeof(struct delete_mod),
	.on_event = del_on_event,
	.close = del_close,
};

static void del_close(struct ui *ui, void *state)
{
	struct delete_mod *m = state;

	(void)ui;
	free(m->notes);
	m->notes = NULL;
	m->nnotes = 0;
	free(m->sent);
	m->sent = NULL;
	m->nsent = 0;
}

static void target_of(struct target *t, const struct record *r)
{
	t->res = r->res;
	t->id = r->id;
	t->ticket_id = (r->res->flags & RES_CHILD) ?
	               (r->ticket_id > 0 ? r->ticket_id :
	                record_id_of(r, "ticket_id")) : 0;
	delete_describe(t->res, t->id, t->ticket_id, r, t->what, sizeof t->what);
}

static unsigned typed(struct ui *ui, void *ctx, const char *text)
{
	struct delete_mod *m = ctx;
	struct target *t = &m->asking, *grown;
	struct request *req;

	if (!delete_typed_ok(text, t->id)) {
		ui_error(ui, "%s not deleted: the id typed was not %ld", t->what,
		         t->id);
		return UI_REDRAW;
	}
	req = request_delete(t->res, t->id, t->ticket_id);
	if (!req)
		ui_oom();
	/* The answer finds its record by arg: another question may have
	 * been asked meanwhile. */
	grown = realloc(m->sent, (m->nsent + 1) * sizeof *m->sent);
	if (!grown)
		ui_oom();
	m->sent = grown;
	t->serial = ++m->serial;
	m->sent[m->nsent++] = *t;
	if (ui_submit_module(ui, &delete_module, req, WHAT_DELETE, t->serial))
		ui_message(ui, "deleting %s\xe2\x80\xa6", t->what);
	else
		m->nsent--;
	return UI_REDRAW;
}

static void ask(struct ui *ui, struct delete_mod *m, const struct target *t)
{
	char label[600];

	m->asking = *t;
	snprintf(label, sizeof label, "Delete %s? Type %ld to delete it: ",
	         t->what, t->id);
	prompt_open(ui, label, "", typed, m);
}

static unsigned note_chosen(struct ui *ui, void *ctx,
                            const struct picker_item *it)
{
	struct delete_mod *m = ctx;

	if (it->id >= 0 && (size_t)it->id < m->nnotes)
		ask(ui, m, &m->notes[it->id]);
	return UI_REDRAW;
}

/* "note 3  2026-01-02 10:00  Ann  Note: first words" */
static char *note_label(struct ui *ui, const struct record *n)
{
	struct note_heading h;
	char *body = record_body_text(n, 60), *label;
	size_t len;

	if (!body || note_heading_build(&h, n, &ui->s->lookups) != 0)
		ui_oom();
	text_flatten(body);
	text_squeeze(body);
	len = strlen(h.when) + strlen(h.who) + strlen(h.outcome) + strlen(body) +
	      64;
	label = malloc(len);
	if (!label)
		ui_oom();
	snprintf(label, len, "note %ld  %s  %s%s%s%s%s", n->id, h.when, h.who,
	         *h.outcome ? "  " : "", h.outcome, *body ? ": " : "", body);
	note_heading_done(&h);
	free(body);
	return label;
}

/* A picker of the ticket and its notes (newest first). */
static void pick(struct ui *ui, struct delete_mod *m, const struct record *r,
                 struct record *const *notes, size_t n)
{
	struct picker_item *items = calloc(n + 1, sizeof *items);
	char *title = record_title(r);

	free(m->notes);
	m->notes = calloc(n + 1, sizeof *m->notes);
	if (!items || !m->notes || !title)
		ui_oom();
	m->nnotes = n + 1;
	target_of(&m->notes[0], r);
	items[0].label = text_sanitize(title, strlen(title), 0);
	free(title);
	for (size_t i = 0; i < n; i++) {
		target_of(&m->notes[i + 1], notes[n - 1 - i]);
		items[i + 1].label = note_label(ui, notes[n - 1 - i]);
	}
	for (size_t i = 0; i <= n; i++) {
		if (!items[i].label)
			ui_oom();
		items[i].id = (long)i;
	}
	picker_open(ui, "Delete which?", items, n + 1, 0, note_chosen, m);
}

void delete_ask(struct ui *ui, const struct resource *res,
                const struct record *r, struct record *const *notes, size_t n)
{
	struct delete_mod *m;
	struct errbuf err;
	struct target t;

	if (settings_check_write(&ui->s->settings, &err) != HALO_OK) {
		ui_error(ui, "%s", err.msg);
		return;
	}
	if (!delete_allowed(res)) {
		ui_error(ui, "halotui deletes tickets and their notes, not %s",
		         res ? res->name : "this");
		return;
	}
	if (!r || r->id <= 0) {
		ui_error(ui, "no %s to delete here", res->singular);
		return;
	}
	m = ui_module(ui, &delete_module);
	if (!m)
		ui_oom();
	if (n > 0) {
		pick(ui, m, r, notes, n);
		return;
	}
	target_of(&t, r);
	ask(ui, m, &t);
}

static unsigned del_on_event(struct ui *ui, void *state,
                             struct worker_event *ev, int what, long arg)
{
	struct delete_mod *m = state;
	struct target t;
	struct errbuf err;
	char msg[1200];
	size_t i;

	if (what != WHAT_DELETE)
		return 0;
	for (i = 0; i < m->nsent && m->sent[i].serial != arg; i++)
		;
	if (i == m->nsent)
		return 0;
	t = m->sent[i];
	m->sent[i] = m->sent[--m->nsent];
	if (ev->status != HALO_OK) {
		delete_failure_text(t.what, ev->http_status, ev->message, msg,
		                    sizeof msg);
		ui_error(ui, "%s", msg);
		return UI_REDRAW;
	}
	ui_message(ui, "deleted %s", t.what);
	if (delete_forget_cached(&ui->s->settings, t.res, t.id, t.ticket_id,
	                         &err) < 0)
		ui_error(ui, "deleted %s; %s", t.what, err.msg);
	ui_record_removed(ui, t.res, t.id, t.ticket_id);
	return UI_REDRAW;
}
