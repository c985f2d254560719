/* SPDX-License-Identifier: MIT */
/* :save-view NAME: the current list's resource, filters as written
 * (agent: me, status: Closed), search and sort, kept as view NAME in
 * $XDG_CONFIG_HOME/halotui/views.yaml (viewfile.c), read at the next
 * start after the config's views. It is a tab from now on. */
#include "config.h"
#include "list_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "view.h"
#include "viewfile.h"

void view_save(struct ui *ui, const char *name)
{
	struct view *v = list_current(ui);
	struct pane *p = list_pane(ui);
	struct list_state *st = p ? p->state : NULL;
	struct viewdef d;
	struct errbuf err;
	char path[4096];
	int tab;

	if (!v || !st)
		return;
	if (!name || !*name) {
		ui_error(ui, "give the view a name: :save-view NAME");
		return;
	}
	tab = list_tab_find(&st->tabs, name);
	if (tab >= 0 && (size_t)tab < viewdef_builtin_count()) {
		ui_error(ui, "%s is a built-in view: give another name", name);
		return;
	}
	if (settings_views_path(path, sizeof path) != 0) {
		ui_error(ui, "no place to save views: HOME is not set");
		return;
	}
	if (viewdef_copy(&d, &v->def) != 0)
		ui_oom();
	free(d.name);
	free(d.search);
	free(d.sort);
	free(d.file);
	d.file = NULL;
	d.name = strdup(name);
	d.search = v->search ? strdup(v->search) : NULL;
	d.sort = v->order ? strdup(v->order) : NULL;
	d.desc = v->order && v->desc;
	if (!d.name || (v->search && !d.search) || (v->order && !d.sort))
		ui_oom();
	if (viewfile_save(path, &d, &err) != HALO_OK) {
		ui_error(ui, "view %s not saved: %s", name, err.msg);
		viewdef_done(&d);
		return;
	}
	tab = list_tabs_put(ui, p, &st->tabs, &d);
	if (tab >= 0)
		v->tab = tab;
	ui_message(ui, "view %s saved in %s", name, path);
	viewdef_done(&d);
}
