/* SPDX-License-Identifier: MIT */
/* Drafts left by an earlier run against this instance (a form that was
 * not sent, a POST refused or never answered), offered once each at
 * start, newest first, one at a time. An unsent one: keep it, send it
 * now, or discard it. One that may have been applied is shown beside the
 * server's record, read again first (draft_check.c). Drafts another
 * halotui holds are not offered: they are its own. A read-only profile
 * offers none and says they are kept. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "panes.h"

struct offer_state {
	struct draft *list;    /* found at start, each locked by us */
	size_t n, next;
	bool listed;
};

static void offer_close(struct ui *ui, void *state)
{
	struct offer_state *os = state;

	(void)ui;
	draft_list_free(os->list, os->n);
	os->list = NULL;
	os->n = 0;
}

static const struct ui_module offer_module = {
	.name = "drafts-offer",
	.state_size = sizeof(struct offer_state),
	.close = offer_close,
};

/* After a choice: the draft goes, is sent, or is kept for a later run. */
static unsigned decided(struct ui *ui, enum check_choice c, struct draft *d)
{
	if (c == CHECK_SEND) {
		triage_send(ui, d);
	} else if (c == CHECK_DISCARD) {
		draft_remove(d);
		ui_message(ui, "draft discarded");
	} else {
		draft_release(d);   /* another run may offer it */
	}
	/* The next one, if any. */
	drafts_offer(ui);
	return UI_REDRAW;
}

static unsigned offer_chosen(struct ui *ui, void *ctx,
                             const struct picker_item *it)
{
	return decided(ui, it->id == 1 ? CHECK_SEND : it->id == 2 ?
	               CHECK_DISCARD : CHECK_KEEP, ctx);
}

static unsigned check_done(struct ui *ui, long arg, enum check_choice c,
                           struct draft *d)
{
	(void)arg;
	return decided(ui, c, d);
}

static void offer_free(void *ctx)
{
	struct draft *d = ctx;

	draft_done(d);
	free(d);
}

static void offer_unsent(struct ui *ui, struct draft *d)
{
	static const char *const choices[] = { "Keep it for later", "Send it now",
	                                       "Discard it" };
	struct picker_item *items = calloc(3, sizeof *items);
	struct draft *o = malloc(sizeof *o);
	char title[300], age[32];

	if (!o || !items)
		ui_oom();
	*o = *d;
	draft_age(o->saved, time(NULL), age, sizeof age);
	snprintf(title, sizeof title, "%s draft from %s: %s",
	         draft_state_words(o->state), age, o->title);
	for (int i = 0; i < 3; i++) {
		items[i].id = i;
		if (!(items[i].label = strdup(choices[i])))
			ui_oom();
	}
	picker_open_owned(ui, title, items, 3, 0, offer_chosen, o, offer_free);
}

/* A read-only profile sends nothing: the drafts stay on disk, unlocked,
 * for a later run that may send them. */
static bool kept_read_only(struct ui *ui, struct offer_state *os)
{
	struct errbuf err;
	size_t left = os->n - os->next;

	if (left == 0 || settings_check_write(&ui->s->settings, &err) == HALO_OK)
		return false;
	ui_message(ui, "%zu draft%s kept for later: %s", left,
	           left == 1 ? "" : "s", err.msg);
	draft_list_free(os->list, os->n);
	os->list = NULL;
	os->n = os->next = 0;
	return true;
}

void drafts_offer(struct ui *ui)
{
	struct offer_state *os = ui_module(ui, &offer_module);
	struct draft d;

	if (!os)
		ui_oom();
	if (!os->listed) {
		os->n = draft_list(ui->s->settings.base_url, ui->s->settings.tenant,
		                   &os->list);
		os->listed = true;
	}
	if (kept_read_only(ui, os))
		return;
	if (os->next >= os->n || ui_find(ui, &picker_pane_ops) ||
	    ui_find(ui, &draft_check_pane_ops))
		return;
	d = os->list[os->next];
	memset(&os->list[os->next], 0, sizeof os->list[os->next]);
	os->next++;
	if (d.state == DRAFT_UNSENT)
		offer_unsent(ui, &d);
	else
		draft_check_open(ui, &d, check_done, 0);
}
