/* SPDX-License-Identifier: MIT */
/* Bulk changes an earlier halotui left unfinished (a crash, a lost SSH
 * connection, kill -9, a quit in the middle), offered at start one at a
 * time like the drafts (drafts_offer.c): resume it, keep it for later, or
 * discard it. A resumed run skips what its journal says the server
 * confirmed and never sends again what may have been applied. A run
 * whose journal another halotui holds is its own, and is not offered. */
#include "config.h"
#include "marks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal.h"

enum { OFFER_RESUME = 1, OFFER_KEEP = 2, OFFER_DISCARD = 3 };

struct offer_state {
	struct bulk_plan *list;
	size_t n, next;
	bool listed;
};

struct offer_ctx {
	struct bulk_plan plan;
	struct journal *j;
};

static void offer_free(void *ctx)
{
	struct offer_ctx *c = ctx;

	journal_close(&c->j, false);
	bulk_plan_done(&c->plan);
	free(c);
}

static void offer_state_close(struct ui *ui, void *state)
{
	struct offer_state *os = state;

	(void)ui;
	for (size_t i = os->next; i < os->n; i++)
		bulk_plan_done(&os->list[i]);
	free(os->list);
	os->list = NULL;
	os->n = os->next = 0;
}

static const struct ui_module offer_module = {
	.name = "bulk-offer",
	.state_size = sizeof(struct offer_state),
	.close = offer_state_close,
};

static unsigned chosen(struct ui *ui, void *ctx, const struct picker_item *it)
{
	struct offer_ctx *c = ctx;

	if (it->id == OFFER_RESUME) {
		struct bulk_plan *plan = malloc(sizeof *plan);

		if (!plan)
			ui_oom();
		*plan = c->plan;
		memset(&c->plan, 0, sizeof c->plan);
		bulk_run_start(ui, plan, c->j);
		c->j = NULL;
		return UI_REDRAW;
	}
	if (it->id == OFFER_DISCARD) {
		bulk_plan_remove(&c->plan);
		journal_close(&c->j, true);
		ui_message(ui, "the unfinished bulk change was discarded");
	}
	bulk_offer(ui);
	drafts_offer(ui);
	return UI_REDRAW;
}

static void offer(struct ui *ui, struct bulk_plan *p, struct journal *j)
{
	struct offer_ctx *c = calloc(1, sizeof *c);
	struct picker_item *items = calloc(3, sizeof *items);
	size_t applied = journal_count(j, JOURNAL_APPLIED);
	size_t unknown = journal_count(j, JOURNAL_SENDING) +
	                 journal_count(j, JOURNAL_MAYBE);
	size_t settled = applied + unknown;
	char title[300], resume[200];

	if (!c || !items)
		ui_oom();
	c->plan = *p;
	memset(p, 0, sizeof *p);
	c->j = j;
	snprintf(title, sizeof title, "unfinished bulk change: %s on %zu %s, "
	         "%zu applied%s%.0zu", c->plan.title, c->plan.n,
	         c->plan.n == 1 ? "record" : "records", applied,
	         unknown ? ", may have been applied: " : "", unknown);
	snprintf(resume, sizeof resume, "Resume: send to the %zu not yet sent",
	         c->plan.n > settled ? c->plan.n - settled : 0);
	items[0].label = strdup(resume);
	items[0].id = OFFER_RESUME;
	items[1].label = strdup("Keep it for later");
	items[1].id = OFFER_KEEP;
	items[2].label = strdup("Discard it");
	items[2].id = OFFER_DISCARD;
	for (int i = 0; i < 3; i++)
		if (!items[i].label)
			ui_oom();
	picker_open_owned(ui, title, items, 3, 0, chosen, c, offer_free);
}

void bulk_offer(struct ui *ui)
{
	struct offer_state *os = ui_module(ui, &offer_module);
	const struct settings *s = &ui->s->settings;
	struct cache_owner o = { s->base_url, s->tenant, s->client_id };
	struct errbuf err;

	if (!os)
		ui_oom();
	if (!os->listed) {
		os->listed = true;
		if (bulk_plan_list(s->profile, &o, &os->list, &os->n) != 0)
			ui_oom();
		if (os->n && settings_check_write(s, &err) != HALO_OK) {
			ui_message(ui, "%zu unfinished bulk change%s kept for later: "
			           "%s", os->n, os->n == 1 ? "" : "s", err.msg);
			offer_state_close(ui, os);
			return;
		}
	}
	if (ui_find(ui, &picker_pane_ops) || bulk_running(ui))
		return;
	while (os->next < os->n) {
		struct bulk_plan *p = &os->list[os->next++];
		struct journal *j = NULL;

		errbuf_clear(&err);
		/* Refused while another halotui runs it: its own. */
		if (journal_open(&j, NULL, p->journal_key, &err) != HALO_OK) {
			bulk_plan_done(p);
			continue;
		}
		offer(ui, p, j);
		return;
	}
}
