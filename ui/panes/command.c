/* SPDX-License-Identifier: MIT */
/* The `:` command line, quick lookups (:client acme, :ticket 1234), jumps
 * between related records, and the actions that the list and the detail
 * share. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "filter.h"
#include "panes.h"
#include "parse.h"
#include "text.h"
#include "view.h"

static void close_detail(struct ui *ui)
{
	struct pane *d = ui_find(ui, &detail_pane_ops);

	if (d)
		ui_pop(ui, d);
}

/* A list view of res searched for text; a lone match opens by itself. */
static void find_by_name(struct ui *ui, const struct resource *res,
                         const char *text)
{
	struct view *v;
	long id = parse_id(text);

	if (!*text) {
		list_switch(ui, res);
		return;
	}
	back_push_detail(ui);   /* q comes back to the detail left */
	if (id > 0) {
		detail_open_id(ui, res, id);
		return;
	}
	close_detail(ui);
	v = view_new(ui, res);
	snprintf(v->title, sizeof v->title, "%s matching \"%s\"", res->name, text);
	view_set_search(v, text);
	v->open_single = true;
	list_push_view(ui, v);
}

unsigned ui_jump(struct ui *ui, enum action act, const struct record *sel)
{
	static const char *const target_names[] = {
		[ACT_GOTO_CLIENT - ACT_GOTO_CLIENT] = "clients",
		[ACT_GOTO_SITE - ACT_GOTO_CLIENT] = "sites",
		[ACT_GOTO_USER - ACT_GOTO_CLIENT] = "users",
		[ACT_GOTO_ASSETS - ACT_GOTO_CLIENT] = "assets",
		[ACT_GOTO_TICKETS - ACT_GOTO_CLIENT] = "tickets",
	};
	const struct resource *target;
	struct view *v;
	char param[48], idtxt[32];
	const char *title;
	char *clean;

	if (!sel) {
		ui_message(ui, "nothing selected");
		return UI_REDRAW;
	}
	target = resource_find(target_names[act - ACT_GOTO_CLIENT]);
	if (!target || target == sel->res) {
		ui_message(ui, "already on %s", sel->res->name);
		return UI_REDRAW;
	}
	/* A record that names one (a ticket's client): open that one. */
	if (act == ACT_GOTO_CLIENT || act == ACT_GOTO_SITE || act == ACT_GOTO_USER) {
		for (size_t i = 0; i < sel->res->nfields; i++) {
			const struct field_def *f = &sel->res->fields[i];
			long id;
			if (f->kind != FIELD_ID || !f->link || strcmp(f->link, target->name))
				continue;
			id = record_id_of(sel, f->key);
			if (!id) {
				ui_message(ui, "this %s has no %s", sel->res->singular,
				           target->singular);
				return UI_REDRAW;
			}
			back_push_detail(ui);   /* q comes back to it */
			detail_open_id(ui, target, id);
			return UI_REDRAW;
		}
	}
	/* Else the records of the target that refer to this one. The detail
	 * closes, and sel may be its record: take what is needed first. */
	snprintf(param, sizeof param, "%s_id", sel->res->singular);
	snprintf(idtxt, sizeof idtxt, "%ld", sel->id);
	title = sel->res->title_key ? record_str(sel, sel->res->title_key) : NULL;
	clean = text_sanitize(title ? title : idtxt, strlen(title ? title : idtxt), 0);
	if (!clean)
		ui_oom();
	v = view_new(ui, target);
	snprintf(v->title, sizeof v->title, "%s of %s %s", target->name,
	         sel->res->singular, clean);
	view_set_param(v, param, idtxt, clean);
	free(clean);
	back_push_detail(ui);   /* q comes back to it */
	close_detail(ui);
	list_push_view(ui, v);
	return UI_REDRAW;
}

static unsigned command_done(struct ui *ui, void *ctx, const char *text)
{
	(void)ctx;
	cmdhistory_add(ui, text);
	return command_run(ui, text);
}

void command_open(struct ui *ui)
{
	static const struct prompt_extras x = {
		.complete = complete_line,
		.history = cmdhistory,
	};

	prompt_open_extras(ui, ":", "", command_done, NULL, &x);
}

static const struct record *full_record(struct ui *ui, const struct record *sel)
{
	const struct record *d = detail_record(ui);

	/* The detail's copy was read in full; a list row is a subset. */
	if (d && sel && d->res == sel->res && d->id == sel->id)
		return d;
	return sel;
}

/* The keys that change the server. On a read-only profile each says so
 * on the status line instead of opening a form or a picker: nothing is
 * sent (and the worker would refuse it anyway). */
static bool refused_read_only(struct ui *ui, enum action act)
{
	struct errbuf err;

	switch (act) {
	case ACT_EDIT:
	case ACT_EDIT_EXTERNAL:
	case ACT_NOTE:
	case ACT_CREATE:
	case ACT_SET_STATUS:
	case ACT_SET_PRIORITY:
	case ACT_ASSIGN_ME:
	case ACT_SUBMIT:
	case ACT_DELETE:
		break;
	default:
		return false;
	}
	if (settings_check_write(&ui->s->settings, &err) == HALO_OK)
		return false;
	ui_error(ui, "%s", err.msg);
	return true;
}

unsigned ui_common_action(struct ui *ui, enum action act,
                          const struct resource *res,
                          const struct record *sel)
{
	if (refused_read_only(ui, act))
		return UI_REDRAW;
	switch (act) {
	case ACT_EDIT:
		if (sel && (res->flags & RES_EDITABLE))
			edit_open(ui, FORM_EDIT, res, full_record(ui, sel));
		else
			ui_message(ui, "%s cannot be edited here", res->name);
		return UI_REDRAW;
	case ACT_NOTE:
		if (sel && strcmp(res->name, "tickets") == 0)
			edit_open(ui, FORM_NOTE, resource_find("actions"), sel);
		else
			ui_message(ui, "notes are added to a ticket");
		return UI_REDRAW;
	case ACT_CREATE:
		edit_open(ui, FORM_CREATE, resource_find("tickets"),
		          sel && strcmp(sel->res->name, "tickets") ? sel : NULL);
		return UI_REDRAW;
	case ACT_DELETE:
		delete_ask(ui, res, sel, NULL, 0);
		return UI_REDRAW;
	case ACT_EDIT_EXTERNAL:
		ui_message(ui, "E edits a text field in a form: open one with e, n or c");
		return UI_REDRAW;
	case ACT_SET_STATUS:
		triage_pick(ui, sel, "status_id");
		return UI_REDRAW;
	case ACT_SET_PRIORITY:
		triage_pick(ui, sel, "priority_id");
		return UI_REDRAW;
	case ACT_ASSIGN_ME:
		triage_assign_me(ui, sel);
		return UI_REDRAW;
	case ACT_GOTO_CLIENT:
	case ACT_GOTO_SITE:
	case ACT_GOTO_USER:
	case ACT_GOTO_ASSETS:
	case ACT_GOTO_TICKETS:
		return ui_jump(ui, act, sel);
	case ACT_SAVE_ATTACHMENT:
		ui_message(ui, "attachments are saved from a ticket's detail: "
		           "open the ticket first");
		return UI_REDRAW;
	case ACT_ATTACH_FILE:
		ui_message(ui, "files are attached in the note form: open it on "
		           "a ticket first");
		return UI_REDRAW;
	case ACT_COPY_ID:
	case ACT_COPY_URL:
	case ACT_OPEN_BROWSER:
		return reach_action(ui, act, full_record(ui, sel));
	case ACT_HELP:
		help_open(ui);
		return UI_REDRAW;
	case ACT_CHANGED:
		changed_open(ui);
		return UI_REDRAW;
	case ACT_MY_TIME:
		mytime_open(ui);
		return UI_REDRAW;
	case ACT_COMMAND:
		command_open(ui);
		return UI_REDRAW;
	case ACT_VIEW_SAVED:
		list_pick_saved(ui);
		return UI_REDRAW;
	case ACT_NEXT_VIEW:
	case ACT_PREV_VIEW:
		list_tab_step(ui, act == ACT_NEXT_VIEW ? 1 : -1);
		return UI_REDRAW;
	case ACT_VIEW_TICKETS:
	case ACT_VIEW_CLIENTS:
	case ACT_VIEW_ASSETS:
	case ACT_VIEW_USERS:
	case ACT_VIEW_SITES:
	case ACT_VIEW_CONTRACTS: {
		static const char *const names[] = { "tickets", "clients", "assets",
		                                     "users", "sites", "contracts" };
		list_switch(ui, resource_find(names[act - ACT_VIEW_TICKETS]));
		return UI_REDRAW;
	}
	case ACT_QUIT:
		return UI_QUIT;
	case ACT_SEARCH:
	case ACT_FILTER:
	case ACT_SORT:
		ui_message(ui, "close the detail (q) to search, filter or sort the list");
		return UI_REDRAW;
	default:
		return UI_NOT_MINE;   /* movement: the pane's scroller */
	}
}

static unsigned list_command(struct ui *ui, enum command_id id, const char *arg)
{
	struct view *v = list_current(ui);
	struct errbuf err;
	char key[64];
	const char *value;

	if (!v)
		return 0;
	if (id == CMD_SEARCH) {
		view_set_search(v, arg);
	} else if (id == CMD_FILTER) {
		if (!*arg || strcasecmp(arg, "none") == 0) {
			view_clear_filters(v);
		} else if (filter_split(arg, key, sizeof key, &value, &err) != HALO_OK) {
			ui_error(ui, "%s", err.msg);
			return UI_REDRAW;
		} else if (view_add_filter(ui, v, key, value) != 0) {
			return UI_REDRAW;
		}
	} else {
		const struct field_def *f;
		char *sp;
		snprintf(key, sizeof key, "%s", arg);
		sp = strchr(key, ' ');
		if (sp)
			*sp++ = '\0';
		f = resource_field(v->res, key);
		if (!f) {
			ui_error(ui, "%s have no field \"%s\"", v->res->name, key);
			return UI_REDRAW;
		}
		view_set_order(v, f->key, sp && strncasecmp(sp, "desc", 4) == 0);
	}
	close_detail(ui);
	view_restart(ui, v);
	view_top(v);
	return UI_REDRAW;
}

unsigned command_run(struct ui *ui, const char *line)
{
	char arg[512];
	const char *resname;
	enum command_id id = command_parse(line, &resname, arg, sizeof arg);

	/* Over a form only what leaves it alone: the rest would close it or
	 * open a pane beneath it. */
	if (id != CMD_NONE && id != CMD_HELP && id != CMD_PROFILE &&
	    ui_find(ui, &edit_pane_ops)) {
		ui_error(ui, "a form is open: send it or leave it first");
		return UI_REDRAW;
	}
	if (id != CMD_NONE && command_table[id - 1].finds) {
		find_by_name(ui, resource_find(command_table[id - 1].finds), arg);
		return UI_REDRAW;
	}
	switch (id) {
	case CMD_TICKETS:
		list_switch(ui, resource_find(resname));
		if (*arg)
			return list_command(ui, CMD_SEARCH, arg);
		return UI_REDRAW;
	case CMD_VIEW:
		if (*arg) {
			close_detail(ui);
			list_open_saved(ui, arg);
		} else {
			list_pick_saved(ui);
		}
		return UI_REDRAW;
	case CMD_SEARCH:
	case CMD_FILTER:
	case CMD_SORT:
		return list_command(ui, id, arg);
	case CMD_REFRESH:
		list_refresh(ui);
		return UI_REDRAW;
	case CMD_SAVE_VIEW:
		view_save(ui, arg);
		return UI_REDRAW;
	case CMD_PROFILE:
		return profile_command(ui, arg);
	case CMD_HELP:
		help_open(ui);
		return UI_REDRAW;
	case CMD_MYTIME:
		mytime_open(ui);
		return UI_REDRAW;
	case CMD_QUIT:
		return UI_QUIT;
	case CMD_CHANGED:
		changed_open(ui);
		return UI_REDRAW;
	default:
		if (line && *line) {
			char *clean = text_sanitize(line, strlen(line), 0);
			ui_error(ui, "unknown command \"%s\" (:help lists them)",
			         clean ? clean : "");
			free(clean);
		}
		return UI_REDRAW;
	}
}
