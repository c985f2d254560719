/* SPDX-License-Identifier: MIT */
/* Attachments in the TUI, without a pane of their own: saving one of a
 * ticket's files (to the download directory, then opened when there is
 * a local display), and the files the note form carries, sent one at a
 * time once the note is in (attach.h says how). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach.h"
#include "opener.h"
#include "panes.h"
#include "screen.h"
#include "text.h"

enum attach_what { WHAT_DOWNLOAD = 1, WHAT_UPLOAD = 2 };

struct upload {
	long ticket, action;
	char *path;
};

struct attach_state {
	char **files;            /* the note form's, until sent or left */
	size_t nfiles;
	struct upload *up;       /* sent notes' files, in order */
	size_t nup, next;
	size_t ok, failed;
	bool busy;               /* an upload is on its way */
};

static void send_next(struct ui *ui, struct attach_state *st);

/* ---- saving ------------------------------------------------------------ */

/* Text from elsewhere (a path, the server's message) made safe to show. */
static char *shown(const char *s)
{
	char *t = text_sanitize(s, strlen(s), 0);

	if (!t)
		ui_oom();
	return t;
}

static void downloaded(struct ui *ui, struct worker_event *ev)
{
	char *path;
	struct errbuf err;

	if (ev->status != HALO_OK || !ev->saved_path) {
		ui_error(ui, "the attachment was not saved: %s", ev->message);
		return;
	}
	path = shown(ev->saved_path);
	if (!opener_have_display()) {
		ui_message(ui, "saved to %s", path);
	} else if (opener_open_file(ev->saved_path, &err) != HALO_OK) {
		ui_error(ui, "saved to %s, but %s", path, err.msg);
	} else {
		ui_message(ui, "saved to %s and opened", path);
	}
	free(path);
}

void attach_save(struct ui *ui, long id, const char *name)
{
	struct request *req;
	struct errbuf err;
	char dir[4096];

	if (attach_download_dir(dir, sizeof dir) != 0) {
		ui_error(ui, "nowhere to save: set XDG_DOWNLOAD_DIR or HOME");
		return;
	}
	req = request_download(id, dir, name, &err);
	if (!req) {
		ui_error(ui, "%s", err.msg);
		return;
	}
	{
		char *n = shown(req->save_name);

		ui_message(ui, "saving %s\xe2\x80\xa6", n);
		free(n);
	}
	ui_submit_module(ui, &attach_module, req, WHAT_DOWNLOAD, 0);
}

struct pick_ctx {
	size_t n;
	long *ids;
	char **names;
};

static void pick_free(void *p)
{
	struct pick_ctx *c = p;

	for (size_t i = 0; i < c->n; i++)
		free(c->names[i]);
	free(c->names);
	free(c->ids);
	free(c);
}

static unsigned picked(struct ui *ui, void *ctx, const struct picker_item *it)
{
	struct pick_ctx *c = ctx;

	if (it->id >= 0 && (size_t)it->id < c->n)
		attach_save(ui, c->ids[it->id], c->names[it->id]);
	return UI_REDRAW;
}

unsigned attach_save_pick(struct ui *ui, struct record *const *atts, size_t n,
                          long ticket)
{
	struct picker_item *items;
	struct pick_ctx *c;

	if (n == 0) {
		ui_message(ui, "ticket %ld has no attachments", ticket);
		return UI_REDRAW;
	}
	if (n == 1) {
		attach_save(ui, atts[0]->id, record_str(atts[0], "filename"));
		return UI_REDRAW;
	}
	items = calloc(n, sizeof *items);
	c = calloc(1, sizeof *c);
	if (!items || !c)
		ui_oom();
	c->ids = calloc(n, sizeof *c->ids);
	c->names = calloc(n, sizeof *c->names);
	if (!c->ids || !c->names)
		ui_oom();
	c->n = n;
	for (size_t i = 0; i < n; i++) {
		const char *name = record_str(atts[i], "filename");

		items[i].label = attach_line(atts[i], &ui->s->lookups);
		items[i].id = (long)i;
		c->ids[i] = atts[i]->id;
		c->names[i] = strdup(name ? name : "");
		if (!items[i].label || !c->names[i])
			ui_oom();
	}
	picker_open_owned(ui, "save which attachment", items, n, 0, picked, c,
	                  pick_free);
	return UI_REDRAW;
}

/* ---- the note form's files --------------------------------------------- */

static struct attach_state *state(struct ui *ui)
{
	struct attach_state *st = ui_module(ui, &attach_module);

	if (!st)
		ui_oom();
	return st;
}

static unsigned file_given(struct ui *ui, void *ctx, const char *text)
{
	struct attach_state *st = state(ui);
	struct errbuf err;
	char **f, *path = NULL;
	const char *home = getenv("HOME");

	(void)ctx;
	if (!*text)
		return UI_REDRAW;
	if (text[0] == '~' && text[1] == '/' && home) {
		size_t len = strlen(home) + strlen(text);

		path = malloc(len);
		if (path)
			snprintf(path, len, "%s%s", home, text + 1);
	} else {
		path = strdup(text);
	}
	if (!path)
		ui_oom();
	if (attach_check_file(path, ui->s->settings.attachment_max_mb, NULL,
	                      &err) != HALO_OK) {
		char *m = shown(err.msg);

		ui_error(ui, "%s", m);
		free(m);
		free(path);
		return UI_REDRAW;
	}
	f = realloc(st->files, (st->nfiles + 1) * sizeof *f);
	if (!f)
		ui_oom();
	st->files = f;
	st->files[st->nfiles++] = path;
	return UI_REDRAW;
}

unsigned note_files_prompt(struct ui *ui)
{
	pathprompt_open(ui, "attach file (Tab completes): ", file_given, NULL);
	return UI_REDRAW;
}

int note_files_draw(struct ui *ui, const struct rect *r, int y)
{
	struct attach_state *st = state(ui);
	char line[1200];
	size_t used;

	if (y >= r->y + r->h)
		return y;
	used = (size_t)snprintf(line, sizeof line, "  %-14s ", "Files");
	if (st->nfiles == 0) {
		/* In the note form, assign-me's key (a) attaches a file. */
		static const struct key_hint h[] = {
			{ ACT_ASSIGN_ME, 0, "attaches one" },
		};
		char hint[80];

		ui_hint(ui, h, 1, "", hint, sizeof hint);
		snprintf(line + used, sizeof line - used, "(none: %s)", hint);
	}
	for (size_t i = 0; i < st->nfiles && used < sizeof line; i++) {
		const char *base = strrchr(st->files[i], '/');
		char *b = shown(base ? base + 1 : st->files[i]);

		used += (size_t)snprintf(line + used, sizeof line - used, "%s%s",
		                         i ? ", " : "", b);
		free(b);
	}
	screen_put(y, r->x, r->w, line, ui->attrs[st->nfiles ? ROLE_NORMAL :
	                                               ROLE_PLACEHOLDER]);
	screen_put_cut(y, r->x + 2, 14, "Files", ui->attrs[ROLE_FORM_LABEL]);
	return y + 1;
}

size_t note_files_count(struct ui *ui)
{
	return state(ui)->nfiles;
}

void note_files_forget(struct ui *ui)
{
	struct attach_state *st = state(ui);

	for (size_t i = 0; i < st->nfiles; i++)
		free(st->files[i]);
	free(st->files);
	st->files = NULL;
	st->nfiles = 0;
}

void note_files_send(struct ui *ui, long ticket, long action)
{
	struct attach_state *st = state(ui);
	struct upload *u;

	if (st->nfiles == 0)
		return;
	u = realloc(st->up, (st->nup + st->nfiles) * sizeof *u);
	if (!u)
		ui_oom();
	st->up = u;
	for (size_t i = 0; i < st->nfiles; i++)
		st->up[st->nup++] = (struct upload){ ticket, action, st->files[i] };
	free(st->files);
	st->files = NULL;
	st->nfiles = 0;
	if (!st->busy)
		send_next(ui, st);
}

static void uploads_done(struct attach_state *st)
{
	for (size_t i = 0; i < st->nup; i++)
		free(st->up[i].path);
	free(st->up);
	st->up = NULL;
	st->nup = st->next = 0;
	st->ok = st->failed = 0;
}

static void send_next(struct ui *ui, struct attach_state *st)
{
	const struct resource *res = resource_find("attachments");

	while (st->next < st->nup) {
		struct upload *u = &st->up[st->next];
		struct errbuf err;
		char *body = attach_upload_body(u->path, u->ticket, u->action,
		                                ui->s->settings.attachment_max_mb,
		                                &err);

		if (body) {
			ui_submit_module(ui, &attach_module, request_post(res, body),
			                 WHAT_UPLOAD, 0);
			st->busy = true;
			return;
		}
		{
			char *m = shown(err.msg);

			ui_error(ui, "note %ld was added to ticket %ld, but a file was "
			         "not attached: %s", u->action, u->ticket, m);
			free(m);
		}
		st->failed++;
		st->next++;
	}
	st->busy = false;
	if (st->nup && st->failed == 0)
		ui_message(ui, "attached %zu file%s to note %ld of ticket %ld",
		           st->ok, st->ok == 1 ? "" : "s", st->up[0].action,
		           st->up[0].ticket);
	uploads_done(st);
}

static void uploaded(struct ui *ui, struct attach_state *st,
                     struct worker_event *ev)
{
	struct upload *u;

	if (st->next >= st->nup)
		return;
	u = &st->up[st->next++];
	/* A 2xx is attached even when its answer cannot be read. */
	if (ev->status == HALO_OK || ev->outcome == POST_APPLIED) {
		st->ok++;
		if (ev->record)
			ui_record_saved(ui, ev->record);
	} else {
		const char *base = strrchr(u->path, '/');
		char *b = shown(base ? base + 1 : u->path);

		st->failed++;
		if (ev->outcome == POST_MAYBE_APPLIED)
			ui_error(ui, "%s: sent, answer unknown (may have been "
			         "applied): look at ticket %ld before sending it "
			         "again (%s)", b, u->ticket, ev->message);
		else
			ui_error(ui, "note %ld was added to ticket %ld, but %s was "
			         "not attached: %s", u->action, u->ticket, b,
			         ev->message);
		free(b);
	}
	send_next(ui, st);
}

static unsigned attach_on_event(struct ui *ui, void *state_,
                                struct worker_event *ev, int what, long arg)
{
	struct attach_state *st = state_;

	(void)arg;
	if (what == WHAT_DOWNLOAD)
		downloaded(ui, ev);
	else if (what == WHAT_UPLOAD)
		uploaded(ui, st, ev);
	return UI_REDRAW;
}

static void attach_close(struct ui *ui, void *state_)
{
	struct attach_state *st = state_;

	(void)ui;
	for (size_t i = 0; i < st->nfiles; i++)
		free(st->files[i]);
	free(st->files);
	uploads_done(st);
}

const struct ui_module attach_module = {
	.name = "attachments",
	.state_size = sizeof(struct attach_state),
	.on_event = attach_on_event,
	.close = attach_close,
};
