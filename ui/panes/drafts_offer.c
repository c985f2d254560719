/* SPDX-License-Identifier: MIT */
/* Drafts left by an earlier run (a POST that never got its answer, a
 * form that was not sent), offered once each at start, one picker at a
 * time: keep it, send it now, or discard it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panes.h"

struct offer_state {
	char offered[1024];    /* drafts up to this path were offered */
};

static const struct ui_module offer_module = {
	.name = "drafts-offer",
	.state_size = sizeof(struct offer_state),
};

struct offer_ctx {
	struct draft d;
};

static unsigned offer_chosen(struct ui *ui, void *ctx,
                             const struct picker_item *it)
{
	struct offer_ctx *o = ctx;

	if (it->id == 1) {
		triage_send(ui, &o->d);
	} else if (it->id == 2) {
		draft_remove(&o->d);
		ui_message(ui, "draft discarded");
	}
	/* The next one, if any. */
	drafts_offer(ui);
	return UI_REDRAW;
}

static void offer_free(void *ctx)
{
	struct offer_ctx *o = ctx;

	draft_done(&o->d);
	free(o);
}

void drafts_offer(struct ui *ui)
{
	static const char *const choices[] = { "Keep it for later", "Send it now",
	                                       "Discard it" };
	struct offer_state *os = ui_module(ui, &offer_module);
	struct draft *list;
	size_t n = draft_list(&list, 16);
	struct picker_item *items;
	struct offer_ctx *o;
	char title[300];
	size_t pick = n;

	if (!os)
		ui_oom();
	/* Offer each draft once a run, in order. */
	for (size_t i = 0; i < n && pick == n; i++)
		if (strcmp(list[i].path, os->offered) > 0)
			pick = i;
	if (pick == n || ui_find(ui, &picker_pane_ops)) {
		draft_list_free(list, n);
		return;
	}
	snprintf(os->offered, sizeof os->offered, "%s", list[pick].path);
	o = calloc(1, sizeof *o);
	items = calloc(3, sizeof *items);
	if (!o || !items)
		ui_oom();
	o->d = list[pick];
	memset(&list[pick], 0, sizeof list[pick]);
	draft_list_free(list, n);
	snprintf(title, sizeof title, "unsent draft: %s", o->d.title);
	for (int i = 0; i < 3; i++) {
		items[i].id = i;
		if (!(items[i].label = strdup(choices[i])))
			ui_oom();
	}
	picker_open_owned(ui, title, items, 3, 0, offer_chosen, o, offer_free);
}
