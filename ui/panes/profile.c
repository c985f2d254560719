/* SPDX-License-Identifier: MIT */
/* :profile NAME puts the TUI on another profile of the same config file;
 * :profile alone picks one. Refused while a form is open or a change is
 * in flight: the user sends or leaves it first, so that nothing typed or
 * sent is dropped. Otherwise the new profile's settings are loaded (with
 * --read-only as given) and its session started first; only then does
 * the current one close (its worker stopped, its drafts left on disk and
 * unlocked), and the TUI starts over on the new one: the start list (its
 * cached first page drawn at once), the drafts of that instance offered.
 * A profile that does not load leaves everything as it was and says why. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panes.h"
#include "screen.h"
#include "text.h"

/* Whether the TUI must keep its session now (said on the status line). */
static bool refused(struct ui *ui, const char *name)
{
	unsigned n = ui_changes_in_flight(ui);

	if (n) {
		ui_error(ui, "%u change%s in flight: wait for %s answer, then "
		         ":profile %s", n, n == 1 ? "" : "s",
		         n == 1 ? "its" : "their", name);
		return true;
	}
	if (ui_find(ui, &edit_pane_ops)) {
		ui_error(ui, "a form is open: send it or leave it first, then "
		         ":profile %s", name);
		return true;
	}
	return false;
}

/* Loads the profile's settings and starts its session into ns. */
static enum halo_status open_profile(struct ui *ui, const char *name,
                                     struct session *ns, struct errbuf *err)
{
	const struct tui_options *opt = ui->opt;
	struct settings loaded;
	enum halo_status st;
	bool cmd;

	memset(ns, 0, sizeof *ns);
	st = settings_load(&loaded, opt ? opt->config_path : NULL, name, err);
	if (st != HALO_OK) {
		settings_done(&loaded);
		return st;
	}
	if (opt && opt->read_only)
		loaded.read_only = true;
	/* client_secret_cmd may ask on the terminal (a passphrase). */
	cmd = loaded.client_secret_cmd && !loaded.client_secret;
	if (cmd)
		screen_suspend();
	st = session_start(ns, &loaded, opt ? opt->log_path : NULL, &ui->s->log,
	                   NULL, err);
	if (cmd)
		screen_resume();
	settings_done(&loaded);
	return st;
}

static unsigned switch_to(struct ui *ui, const char *name)
{
	const char *cur = ui->s->settings.profile;
	struct session ns;
	struct errbuf err;
	char *shown;
	bool themed;

	if (!(shown = text_sanitize(name, strlen(name), 0)))
		ui_oom();
	if (cur && strcmp(cur, name) == 0) {
		ui_message(ui, "already on profile '%s'", shown);
		free(shown);
		return UI_REDRAW;
	}
	if (refused(ui, shown)) {
		free(shown);
		return UI_REDRAW;
	}
	errbuf_clear(&err);
	if (open_profile(ui, name, &ns, &err) != HALO_OK) {
		/* The title still names the current profile. */
		ui_error(ui, "%s", err.msg);
		free(shown);
		return UI_REDRAW | UI_RELAYOUT;
	}
	ui_replace_session(ui, &ns);
	/* An error now says why the profile's theme did not load: it stays. */
	themed = !ui->message_is_error;
	if (list_start(ui, ui->opt ? ui->opt->start : NULL) != 0 &&
	    list_start(ui, NULL) != 0)
		ui_oom();   /* the tickets list cannot fail but for memory */
	if (themed)
		ui_message(ui, "profile '%s': %s%s", shown,
		           ui->s->settings.base_url,
		           ui->s->settings.read_only ? " (read-only)" : "");
	drafts_offer(ui);
	free(shown);
	return UI_REDRAW | UI_RELAYOUT;
}

static unsigned profile_chosen(struct ui *ui, void *ctx,
                               const struct picker_item *it)
{
	const struct settings *s = &ui->s->settings;
	char *name;
	unsigned flags;

	(void)ctx;
	if (it->id < 0 || (size_t)it->id >= s->nprofiles)
		return UI_REDRAW;
	/* The session, and the name with it, may be replaced. */
	if (!(name = strdup(s->profiles[it->id])))
		ui_oom();
	flags = switch_to(ui, name);
	free(name);
	return flags;
}

static void pick(struct ui *ui)
{
	const struct settings *s = &ui->s->settings;
	struct picker_item *items;
	size_t sel = 0;

	if (!s->nprofiles) {
		ui_message(ui, "no profiles in %s", s->path ? s->path :
		           "the config (there is no config file)");
		return;
	}
	items = calloc(s->nprofiles, sizeof *items);
	if (!items)
		ui_oom();
	for (size_t i = 0; i < s->nprofiles; i++) {
		bool cur = s->profile && strcmp(s->profile, s->profiles[i]) == 0;
		char *clean = text_sanitize(s->profiles[i], strlen(s->profiles[i]), 0);
		size_t len = clean ? strlen(clean) + sizeof " (current)" : 0;

		if (!clean || !(items[i].label = malloc(len)))
			ui_oom();
		snprintf(items[i].label, len, "%s%s", clean, cur ? " (current)" : "");
		free(clean);
		items[i].id = (long)i;
		if (cur)
			sel = i;
	}
	picker_open(ui, "profile", items, s->nprofiles, sel, profile_chosen, NULL);
}

unsigned profile_command(struct ui *ui, const char *name)
{
	if (!name || !*name) {
		pick(ui);
		return UI_REDRAW;
	}
	return switch_to(ui, name);
}
