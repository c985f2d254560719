/* SPDX-License-Identifier: MIT */
/* The `:` command line's history for the session's profile: read on first
 * use, written (aside, synced, renamed) after each command, so that a
 * crash loses nothing and another halotui of the profile sees it next
 * time. With `cache: false` it stays in memory. What looks like a secret
 * is never kept (history.c). */
#include "config.h"

#include "history.h"
#include "panes.h"
#include "trace.h"

struct cmdhistory {
	struct history h;
	bool loaded;
};

static void cmdhistory_close(struct ui *ui, void *state)
{
	struct cmdhistory *st = state;

	(void)ui;
	history_done(&st->h);
}

static const struct ui_module cmdhistory_module = {
	.name = "cmdhistory",
	.state_size = sizeof(struct cmdhistory),
	.close = cmdhistory_close,
};

static bool path_of(struct ui *ui, char *buf, size_t len)
{
	return ui->s->settings.cache &&
	       history_path(ui->s->settings.profile, buf, len) == 0;
}

struct history *cmdhistory(struct ui *ui)
{
	struct cmdhistory *st = ui_module(ui, &cmdhistory_module);
	struct errbuf err;
	char path[4096];

	if (!st)
		ui_oom();
	if (st->loaded)
		return &st->h;
	st->loaded = true;
	history_init(&st->h, HISTORY_MAX);
	if (path_of(ui, path, sizeof path) &&
	    history_load(&st->h, path, &err) != HALO_OK)
		ui_error(ui, "command history: %s", err.msg);
	return &st->h;
}

void cmdhistory_add(struct ui *ui, const char *line)
{
	struct history *h = cmdhistory(ui);
	struct errbuf err;
	char path[4096];
	size_t before = h->n;
	const char *last = h->n ? h->items[h->n - 1] : NULL;

	if (history_add(h, line) != 0)
		ui_oom();
	if (h->n == before && (!last || h->items[h->n - 1] == last))
		return;   /* nothing kept: not worth a write */
	if (path_of(ui, path, sizeof path) &&
	    history_save(h, path, &err) != HALO_OK)
		ui_error(ui, "command history not saved: %s", err.msg);
	else
		trace_event("history", "%zu", h->n);
}
