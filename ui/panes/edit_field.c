/* SPDX-License-Identifier: MIT */
/* Changing one field of the edit form: a picker for lookup values, a
 * search by name for links to other records, the line editor in place,
 * or $VISUAL / $EDITOR for multi-line text. */
#include "config.h"
#include "edit_private.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api.h"
#include "child.h"
#include "readfile.h"
#include "screen.h"

/* ---- external editor ---------------------------------------------------- */

static char *read_back(struct ui *ui, const char *path)
{
	struct readfile f;
	struct errbuf err;
	enum halo_status st = readfile(path, "a text field", HALO_TEXT_MAX, 0,
	                               &f, &err);

	if (st == HALO_ENOMEM)
		ui_oom();
	if (st != HALO_OK) {
		ui_error(ui, "%s: field unchanged", err.msg);
		return NULL;
	}
	/* Editors end files with a newline; the field does not. */
	while (f.len && (f.data[f.len - 1] == '\n' || f.data[f.len - 1] == '\r'))
		f.data[--f.len] = '\0';
	return f.data;
}

/* The editor gets the terminal's stderr, default signals and no secret
 * or descriptor of ours (child.h). */
static int run_editor(const char *path)
{
	struct sigaction ign, old_int, old_term;
	char sh[] = "sh", dash_c[] = "-c",
	     script[] = "exec ${VISUAL:-${EDITOR:-vi}} \"$1\"";
	char *argv[] = { sh, dash_c, script, sh, (char *)path, NULL };
	struct child_io io = { CHILD_KEEP, CHILD_KEEP, CHILD_KEEP, false, false };
	pid_t pid = -1;
	int status = -1;

	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGTERM, &ign, &old_term);
	screen_suspend();
	if (screen_saved_stderr() >= 0)
		io.err = screen_saved_stderr();
	if (child_spawn(&pid, "/bin/sh", argv, &io) == 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	screen_resume();
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	return pid > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Edits text in $VISUAL / $EDITOR (fallback vi). Returns the new text, or
 * NULL when the editor failed (message set). */
char *edit_externally(struct ui *ui, const char *text)
{
	const char *tmpdir = getenv("TMPDIR");
	char path[512];
	char *out;
	int fd, rc;
	size_t len = strlen(text);

	snprintf(path, sizeof path, "%s/halotui-XXXXXX.txt",
	         tmpdir && *tmpdir ? tmpdir : "/tmp");
	fd = mkostemps(path, 4, O_CLOEXEC);
	if (fd < 0) {
		ui_error(ui, "cannot create a file for the editor: %s", strerror(errno));
		return NULL;
	}
	if (write(fd, text, len) != (ssize_t)len || write(fd, "\n", 1) != 1) {
		close(fd);
		unlink(path);
		ui_error(ui, "cannot write %s", path);
		return NULL;
	}
	close(fd);
	rc = run_editor(path);
	out = rc == 0 ? read_back(ui, path) : NULL;
	unlink(path);
	if (rc != 0)
		ui_error(ui, "the editor exited with status %d: field unchanged", rc);
	return out;
}

/* ---- choosing values ------------------------------------------------------ */

static unsigned lookup_chosen(struct ui *ui, void *ctx,
                              const struct picker_item *it)
{
	struct edit_state *st = ctx;
	struct form_field *f = &st->fm.f[edit_sel(st)];

	(void)ui;
	if (f->def->kind == FIELD_ID) {
		if (form_set_id(f, it->id, it->label) != 0)
			ui_oom();
	} else if (form_set_text(f, it->label) != 0) {
		ui_oom();
	}
	return UI_REDRAW;
}

/* A picker of the field's values (its lookup list is loaded by now). */
static unsigned pick_lookup(struct ui *ui, struct pane *p, long field)
{
	struct edit_state *st = p->state;
	const struct form_field *f;
	const struct lookup_list *l;
	struct picker_item *items;
	size_t lead = 0, sel = 0, n = 0;

	if (field < 0 || (size_t)field >= st->fm.n)
		return 0;
	st->scroll.cursor = field;   /* lookup_chosen sets the selected field */
	f = &st->fm.f[field];
	l = &ui->s->lookups.lists[f->def->lookup];
	if (!(f->def->flags & FIELD_REQUIRED) && st->fm.mode != FORM_EDIT)
		lead = 1;
	items = picker_lookup_items(l, f->scope, lead, f->id, f->value, &sel,
	                            &n);
	if (lead && !(items[0].label = strdup("(none)")))
		ui_oom();
	picker_open(ui, f->def->label, items, n, sel, lookup_chosen, st);
	return UI_REDRAW;
}

static unsigned link_typed(struct ui *ui, void *ctx, const char *text)
{
	struct edit_state *st = ctx;
	struct form_field *f = &st->fm.f[edit_sel(st)];
	const struct resource *lres = resource_find(f->def->link);
	char *end;
	long id = strtol(text, &end, 10);

	if (!*text)
		return UI_REDRAW;
	if (!*end && id > 0) {
		long old = f->id;

		if (form_set_id(f, id, NULL) != 0)
			ui_oom();
		edit_pick_owner_changed(ui, st, edit_sel(st), old);
		return UI_REDRAW;
	}
	snprintf(st->link_text, sizeof st->link_text, "%s", text);
	if (lres)
		ui_search_link(ui, ui_find(ui, &edit_pane_ops), lres, text,
		               WHAT_CLIENT_SEARCH, (long)edit_sel(st));
	return UI_REDRAW;
}

void edit_link_results(struct ui *ui, struct edit_state *st,
                       struct worker_event *ev, long field)
{
	edit_pick_search_results(ui, st, ev, field);
}

/* Editing f in place, from its value, cursor at the end. */
static bool start_inline(struct ui *ui, struct edit_state *st,
                         const struct form_field *f)
{
	if (lineedit_set(&st->le, f->value) != LINEEDIT_DONE) {
		ui_error(ui, "%s is longer than %zu bytes (1 MiB): it cannot be "
		         "edited here", f->def->label, HALO_TEXT_MAX);
		return false;
	}
	st->inline_on = true;
	return true;
}

static bool long_text(const struct field_def *d)
{
	return d->kind == FIELD_LONGTEXT || d->kind == FIELD_HTML;
}

/* Adds text[0..len) at the end of f's value. */
static bool append_value(struct ui *ui, struct form_field *f, const char *text,
                         size_t len)
{
	size_t have = strlen(f->value);
	char *v;

	if (len > HALO_TEXT_MAX - (have < HALO_TEXT_MAX ? have : HALO_TEXT_MAX)) {
		lineedit_complain(ui, LINEEDIT_TOO_LONG, 0);
		return false;
	}
	v = malloc(have + len + 1);
	if (!v)
		ui_oom();
	memcpy(v, f->value, have);
	memcpy(v + have, text, len);
	v[have + len] = '\0';
	if (form_set_text(f, v) != 0)
		ui_oom();
	free(v);
	return true;
}

unsigned edit_paste_field(struct ui *ui, struct edit_state *st,
                          const char *text, size_t len)
{
	struct form_field *f;
	size_t lines, keep;
	int rc;

	if (!st->fm.n)
		return 0;
	f = &st->fm.f[edit_sel(st)];
	if (f->def->kind == FIELD_ID || f->def->kind == FIELD_BOOL) {
		ui_error(ui, "%s takes no text: nothing was pasted", f->def->label);
		return UI_REDRAW;
	}
	/* Line ends at the end of a paste go, as an editor's last one does. */
	lines = lineedit_count_lines(text, len, &keep);
	if (!long_text(f->def)) {
		if (lines > 1) {
			lineedit_complain(ui, LINEEDIT_LINES, lines);
			return UI_REDRAW;
		}
		if (st->inline_on || start_inline(ui, st, f)) {
			rc = lineedit_paste_line(&st->le, text, len, &lines);
			lineedit_complain(ui, rc, lines);
		}
		return UI_REDRAW;
	}
	/* Long text keeps every line: in place at the cursor while it is one
	 * line, else at the end of the value. */
	if (!st->inline_on && !strchr(f->value, '\n') &&
	    !start_inline(ui, st, f))
		return UI_REDRAW;
	if (st->inline_on) {
		rc = lineedit_insert(&st->le, text, keep);
		if (rc != LINEEDIT_DONE) {
			lineedit_complain(ui, rc, lines);
			return UI_REDRAW;
		}
		if (!strchr(lineedit_text(&st->le), '\n'))
			return UI_REDRAW;
		/* Several lines now: the field's value, for $EDITOR to edit. */
		if (form_set_text(f, lineedit_text(&st->le)) != 0)
			ui_oom();
		st->inline_on = false;
	} else if (!append_value(ui, f, text, keep)) {
		return UI_REDRAW;
	}
	ui_message(ui, "%zu lines pasted into %s (%s has %zu lines)", lines,
	           f->def->label, f->def->label,
	           lineedit_count_lines(f->value, strlen(f->value), NULL));
	return UI_REDRAW;
}

unsigned edit_change_field(struct ui *ui, struct edit_state *st)
{
	struct form_field *f;

	if (!st->fm.n)
		return 0;
	f = &st->fm.f[edit_sel(st)];
	if (st->fm.mode == FORM_NOTE && strcmp(f->def->key, "outcome") == 0) {
		struct pane *p = ui_find(ui, &edit_pane_ops);
		if (p)
			return edit_note_pick_outcome(ui, p, st);
	} else if (f->def->kind == FIELD_BOOL) {
		form_toggle(f);
	} else if (f->def->lookup) {
		struct pane *p = ui_find(ui, &edit_pane_ops);
		if (p)
			return ui_with_lookup(ui, p, f->def->lookup, pick_lookup,
			                      (long)edit_sel(st));
	} else if (f->def->kind == FIELD_ID && f->def->link) {
		struct pane *p = ui_find(ui, &edit_pane_ops);
		/* A site or user of the chosen client: offered at once. */
		if (p && edit_pick_scoped(ui, p, st, edit_sel(st)))
			return UI_REDRAW;
		prompt_open(ui, "name or id: ", "", link_typed, st);
	} else if ((f->def->kind == FIELD_LONGTEXT || f->def->kind == FIELD_HTML) &&
	           strchr(f->value, '\n')) {
		char *t = edit_externally(ui, f->value);
		if (t && form_set_text(f, t) != 0)
			ui_oom();
		free(t);
	} else {
		start_inline(ui, st, f);
	}
	return UI_REDRAW;
}
