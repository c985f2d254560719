/* The edit pane (a form over the record), the note and create forms,
 * triage from the list (status, priority, assign to me), and drafts:
 * written before a POST goes out, removed only when the server confirms. */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api.h"
#include "panes.h"
#include "screen.h"
#include "text.h"

enum edit_what { WHAT_POST = 1, WHAT_CLIENT_SEARCH = 2, WHAT_FULL = 3 };

struct edit_state {
	struct form fm;
	size_t sel;
	bool inline_on;
	struct lineedit le;
	bool sending;
	bool loading;         /* the full record is on its way */
	struct draft draft;
	char title[200];
};

struct edit_args {
	enum form_mode mode;
	const struct resource *res;
	const struct record *r;
};

/* ---- drafts and sending ------------------------------------------------- */

static const char *mode_name(enum form_mode m)
{
	return m == FORM_EDIT ? "edit" : m == FORM_CREATE ? "create" : "note";
}

/* Writes the draft, then sends it. Returns the request id or 0. */
static uint64_t send_draft(struct ui *ui, struct pane *owner, struct draft *d,
                           const struct resource *res, int what, long arg)
{
	struct errbuf err;
	struct request *req;

	if (draft_save(d, &err) != 0) {
		/* Nothing is sent that could not be kept. */
		ui_error(ui, "not sent: %s", err.msg);
		return 0;
	}
	req = request_new(REQ_POST, res);
	if (!req || !(req->body = strdup(d->body)))
		ui_oom();
	return ui_submit(ui, owner, req, what, arg);
}

static unsigned submit(struct ui *ui, struct pane *p, struct edit_state *st)
{
	struct errbuf err;
	char *json = NULL;
	enum halo_status rc;

	if (st->sending)
		return 0;
	rc = form_body(&st->fm, &json, &err);
	if (rc != HALO_OK) {
		if (!form_changed(&st->fm) && st->fm.mode == FORM_EDIT)
			ui_message(ui, "nothing changed: nothing sent");
		else
			ui_error(ui, "%s", err.msg);
		return UI_REDRAW;
	}
	free(st->draft.body);
	st->draft.body = json;
	snprintf(st->draft.resource, sizeof st->draft.resource, "%s", st->fm.res->name);
	snprintf(st->draft.kind, sizeof st->draft.kind, "%s", mode_name(st->fm.mode));
	st->draft.id = st->fm.id;
	st->draft.ticket_id = st->fm.ticket_id;
	snprintf(st->draft.title, sizeof st->draft.title, "%s", st->title);
	form_clear_errors(&st->fm);
	if (send_draft(ui, p, &st->draft, st->fm.res, WHAT_POST, 0)) {
		st->sending = true;
		ui_message(ui, "sending %s\xe2\x80\xa6", st->title);
	}
	return UI_REDRAW;
}

static unsigned edit_on_event(struct ui *ui, struct pane *p,
                              struct worker_event *ev, int what, long arg);

/* ---- external editor ---------------------------------------------------- */

static char *read_back(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	buf = malloc(1024 * 1024 + 1);
	if (!buf)
		ui_oom();
	n = fread(buf, 1, 1024 * 1024, f);
	fclose(f);
	buf[n] = '\0';
	/* Editors end files with a newline; the field does not. */
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return buf;
}

static int run_editor(const char *path)
{
	struct sigaction ign, old_int, old_term;
	pid_t pid;
	int status = -1;

	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGTERM, &ign, &old_term);
	screen_suspend();
	pid = fork();
	if (pid == 0) {
		int fd = screen_saved_stderr();
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		if (fd >= 0)
			dup2(fd, STDERR_FILENO);
		execl("/bin/sh", "sh", "-c",
		      "exec ${VISUAL:-${EDITOR:-vi}} \"$1\"", "sh", path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	screen_resume();
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	return pid > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Edits text in $VISUAL / $EDITOR (fallback vi). Returns the new text, or
 * NULL when the editor failed (message set). */
static char *edit_externally(struct ui *ui, const char *text)
{
	const char *tmpdir = getenv("TMPDIR");
	char path[512];
	char *out;
	int fd, rc;
	size_t len = strlen(text);

	snprintf(path, sizeof path, "%s/halotui-XXXXXX.txt",
	         tmpdir && *tmpdir ? tmpdir : "/tmp");
	fd = mkstemps(path, 4);
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
	out = rc == 0 ? read_back(path) : NULL;
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
	struct form_field *f = &st->fm.f[st->sel];

	(void)ui;
	if (f->def->kind == FIELD_ID) {
		if (form_set_id(f, it->id, it->label) != 0)
			ui_oom();
	} else if (form_set_text(f, it->label) != 0) {
		ui_oom();
	}
	return UI_REDRAW;
}

static void pick_lookup(struct ui *ui, struct edit_state *st,
                        const struct form_field *f)
{
	const struct lookup_list *l = &ui->s->lookups.lists[f->def->lookup];
	struct picker_item *items;
	size_t n = 0, sel = 0;

	if (!l->loaded) {
		ui_need_lookup(ui, f->def->lookup);
		ui_message(ui, "loading the %s list; try again in a moment",
		           lookup_kind_name(f->def->lookup));
		return;
	}
	items = calloc(l->n + 1, sizeof *items);
	if (!items)
		ui_oom();
	if (!(f->def->flags & FIELD_REQUIRED) && st->fm.mode != FORM_EDIT) {
		items[n].label = strdup("(none)");
		items[n++].id = 0;
	}
	for (size_t i = 0; i < l->n; i++) {
		if (l->items[i].id == f->id ||
		    (f->value && strcmp(l->items[i].name, f->value) == 0))
			sel = n;
		items[n].label = strdup(l->items[i].name);
		items[n++].id = l->items[i].id;
	}
	for (size_t i = 0; i < n; i++)
		if (!items[i].label)
			ui_oom();
	picker_open(ui, f->def->label, items, n, sel, lookup_chosen, st);
}

static unsigned link_typed(struct ui *ui, void *ctx, const char *text)
{
	struct edit_state *st = ctx;
	struct form_field *f = &st->fm.f[st->sel];
	const struct resource *lres = resource_find(f->def->link);
	struct request *req;
	char *end;
	long id = strtol(text, &end, 10);

	if (!*text)
		return UI_REDRAW;
	if (!*end && id > 0) {
		if (form_set_id(f, id, NULL) != 0)
			ui_oom();
		return UI_REDRAW;
	}
	if (!lres)
		return UI_REDRAW;
	req = request_new(REQ_LIST, lres);
	if (!req || !(req->search = strdup(text)))
		ui_oom();
	req->page_no = 1;
	req->page_size = 20;
	ui_submit(ui, ui_find(ui, &edit_pane_ops), req, WHAT_CLIENT_SEARCH,
	          (long)st->sel);
	ui_message(ui, "looking up %s \"%s\"\xe2\x80\xa6", lres->singular, text);
	return UI_REDRAW;
}

static void link_results(struct ui *ui, struct edit_state *st,
                         struct worker_event *ev, long field)
{
	struct picker_item *items;

	if (ev->status != HALO_OK || !ev->page.n) {
		ui_error(ui, "%s", ev->status != HALO_OK ? ev->message : "no match");
		return;
	}
	items = calloc(ev->page.n, sizeof *items);
	if (!items)
		ui_oom();
	for (size_t i = 0; i < ev->page.n; i++) {
		const struct record *r = ev->page.records[i];
		const char *t = r->res->title_key ? record_str(r, r->res->title_key) : NULL;
		items[i].label = text_sanitize(t ? t : "", t ? strlen(t) : 0, 0);
		items[i].id = r->id;
		if (!items[i].label)
			ui_oom();
	}
	st->sel = (size_t)field;
	picker_open(ui, ev->res->singular, items, ev->page.n, 0, lookup_chosen, st);
}

static unsigned change_field(struct ui *ui, struct edit_state *st)
{
	struct form_field *f;

	if (!st->fm.n)
		return 0;
	f = &st->fm.f[st->sel];
	if (f->def->kind == FIELD_BOOL) {
		form_toggle(f);
	} else if (f->def->lookup) {
		pick_lookup(ui, st, f);
	} else if (f->def->kind == FIELD_ID && f->def->link) {
		prompt_open(ui, "name or id: ", "", link_typed, st);
	} else if ((f->def->kind == FIELD_LONGTEXT || f->def->kind == FIELD_HTML) &&
	           strchr(f->value, '\n')) {
		char *t = edit_externally(ui, f->value);
		if (t && form_set_text(f, t) != 0)
			ui_oom();
		free(t);
	} else {
		st->inline_on = true;
		lineedit_set(&st->le, f->value);
	}
	return UI_REDRAW;
}

/* ---- the pane ------------------------------------------------------------ */

static int edit_open_pane(struct ui *ui, struct pane *p, void *arg)
{
	struct edit_args *a = arg;
	struct edit_state *st = calloc(1, sizeof *st);
	int rc;

	if (!st)
		ui_oom();
	p->state = st;
	rc = form_init(&st->fm, a->mode, a->res, a->r, &ui->s->lookups);
	if (rc == -1)
		ui_oom();
	if (rc != 0 || !st->fm.n) {
		ui_error(ui, "nothing to edit here");
		return -1;
	}
	form_describe(&st->fm, st->title, sizeof st->title);
	for (size_t i = 0; i < st->fm.n; i++)
		ui_need_lookup(ui, st->fm.f[i].def->lookup);
	if (a->mode == FORM_EDIT && !(a->res->flags & RES_CHILD)) {
		/* Edit what the server has now, not a list row's subset. */
		struct request *req = request_new(REQ_GET, a->res);
		if (!req)
			ui_oom();
		req->id = st->fm.id;
		ui_submit(ui, p, req, WHAT_FULL, 0);
		st->loading = true;
	}
	return 0;
}

static void draw_field(struct ui *ui, struct edit_state *st, size_t i, int y,
                       const struct rect *r, bool focused)
{
	const struct form_field *f = &st->fm.f[i];
	bool changed = form_field_changed(&st->fm, f);
	char *val, line[1200];
	int lw = 14, role;

	if (i == st->sel && st->inline_on) {
		char lab[64];
		snprintf(lab, sizeof lab, "  %-*.*s ", lw, lw, f->def->label);
		lineedit_draw(&st->le, y, r->x, r->w, lab, ui->attrs[ROLE_FORM_SELECTED]);
		return;
	}
	val = form_display(f, &ui->s->lookups);
	if (!val)
		ui_oom();
	text_flatten(val);
	snprintf(line, sizeof line, "%c %-*.*s %s%s", changed ? '*' : ' ', lw, lw,
	         f->def->label, val,
	         (f->def->flags & FIELD_REQUIRED) && !*val ? "(required)" : "");
	free(val);
	role = i == st->sel && focused ? ROLE_FORM_SELECTED :
	       changed ? ROLE_FORM_CHANGED : ROLE_NORMAL;
	screen_put(y, r->x, r->w, line, ui->attrs[role]);
	if (i != st->sel || !focused)
		screen_put_cut(y, r->x + 2, lw, f->def->label, ui->attrs[ROLE_FORM_LABEL]);
}

static void edit_draw(struct ui *ui, struct pane *p, bool focused)
{
	struct edit_state *st = p->state;
	struct rect r = p->rect;
	char head[300];
	int y = r.y;

	if (r.h < 3)
		return;
	screen_fill(&r, ui->attrs[ROLE_NORMAL]);
	snprintf(head, sizeof head, " %s %s%s", st->fm.mode == FORM_EDIT ? "Edit" :
	         st->fm.mode == FORM_CREATE ? "Create" : "Add", st->title,
	         st->sending ? "  (sending\xe2\x80\xa6)" :
	         st->loading ? "  (reading it from the server\xe2\x80\xa6)" : "");
	screen_put(y++, r.x, r.w, head, ui->attrs[ROLE_TITLE]);
	screen_put(y++, r.x, r.w,
	           " Enter change  E $EDITOR  C-s send  Esc leave",
	           ui->attrs[ROLE_PLACEHOLDER]);
	y++;
	for (size_t i = 0; i < st->fm.n && y < r.y + r.h; i++) {
		draw_field(ui, st, i, y++, &r, focused);
		if (st->fm.f[i].error && y < r.y + r.h) {
			snprintf(head, sizeof head, "    ! %s", st->fm.f[i].error);
			screen_put(y++, r.x, r.w, head, ui->attrs[ROLE_FORM_ERROR]);
		}
	}
	if (st->fm.error[0] && y + 1 < r.y + r.h) {
		char **lines = NULL;
		size_t n = 0;
		y++;
		if (text_wrap(st->fm.error, r.w - 2 > 10 ? r.w - 2 : 10, &lines, &n) != 0)
			ui_oom();
		for (size_t i = 0; i < n && y < r.y + r.h; i++)
			screen_put(y++, r.x + 1, r.w - 1, lines[i], ui->attrs[ROLE_FORM_ERROR]);
		text_lines_free(&lines, n);
	}
}

static unsigned discard_chosen(struct ui *ui, void *ctx,
                               const struct picker_item *it)
{
	struct pane *p = ui_find(ui, &edit_pane_ops);
	struct edit_state *st = p ? p->state : NULL;

	(void)ctx;
	if (it->id != 1 || !st)
		return UI_REDRAW;
	draft_remove(&st->draft);
	ui_pop(ui, p);
	return UI_REDRAW;
}

static unsigned leave(struct ui *ui, struct edit_state *st)
{
	struct picker_item *items;

	if (!form_changed(&st->fm) || st->fm.mode == FORM_NOTE) {
		if (st->fm.mode != FORM_NOTE || !st->fm.f[0].value[0])
			return UI_CLOSE;
	}
	items = calloc(2, sizeof *items);
	if (!items)
		ui_oom();
	items[0].label = strdup("Keep editing");
	items[0].id = 0;
	items[1].label = strdup("Discard the changes");
	items[1].id = 1;
	if (!items[0].label || !items[1].label)
		ui_oom();
	picker_open(ui, "unsaved changes", items, 2, 0, discard_chosen, st);
	return UI_REDRAW;
}

static unsigned inline_key(struct edit_state *st, int key)
{
	if (key == KEYC_ESC || key == 7) {
		st->inline_on = false;
	} else if (key == KEYC_FN(KEY_ENTER)) {
		if (form_set_text(&st->fm.f[st->sel], st->le.buf) != 0)
			ui_oom();
		st->inline_on = false;
	} else {
		lineedit_key(&st->le, key);
	}
	return UI_REDRAW;
}

static unsigned edit_handle(struct ui *ui, struct pane *p, int key,
                            enum action act)
{
	struct edit_state *st = p->state;
	struct form_field *f = st->fm.n ? &st->fm.f[st->sel] : NULL;

	if (st->inline_on && key)
		return inline_key(st, key);
	switch (act) {
	case ACT_MOVE_DOWN:
		if (st->sel + 1 < st->fm.n)
			st->sel++;
		return UI_REDRAW;
	case ACT_MOVE_UP:
		if (st->sel)
			st->sel--;
		return UI_REDRAW;
	case ACT_FIRST:
		st->sel = 0;
		return UI_REDRAW;
	case ACT_LAST:
		st->sel = st->fm.n ? st->fm.n - 1 : 0;
		return UI_REDRAW;
	case ACT_OPEN:
		return change_field(ui, st);
	case ACT_EDIT_EXTERNAL:
		if (f && f->def->kind != FIELD_ID && f->def->kind != FIELD_BOOL) {
			char *t = edit_externally(ui, f->value);
			if (t && form_set_text(f, t) != 0)
				ui_oom();
			free(t);
		}
		return UI_REDRAW | UI_RELAYOUT;
	case ACT_SUBMIT:
		return submit(ui, p, st);
	case ACT_CLOSE:
	case ACT_QUIT:
		return leave(ui, st);
	case ACT_HELP:
		help_open(ui);
		return UI_REDRAW;
	default:
		return 0;
	}
}

static unsigned edit_on_event(struct ui *ui, struct pane *p,
                              struct worker_event *ev, int what, long arg)
{
	struct edit_state *st = p->state;
	enum form_mode mode = st->fm.mode;
	char title[200];

	if (what == WHAT_CLIENT_SEARCH) {
		link_results(ui, st, ev, arg);
		return UI_REDRAW;
	}
	if (what == WHAT_FULL) {
		st->loading = false;
		if (ev->status == HALO_OK && ev->record &&
		    form_rebase(&st->fm, ev->record, &ui->s->lookups) != 0)
			ui_oom();
		if (ev->status != HALO_OK)
			ui_error(ui, "%s: %s", st->title, ev->message);
		return UI_REDRAW;
	}
	if (what != WHAT_POST)
		return 0;
	st->sending = false;
	if (ev->status != HALO_OK) {
		/* The form stays, with the server's words; the draft stays too. */
		form_set_errors(&st->fm, &ev->field_errors, ev->message);
		ui_error(ui, "not saved (draft kept): %s", ev->message);
		return UI_REDRAW;
	}
	draft_remove(&st->draft);
	snprintf(title, sizeof title, "%s", st->title);
	ui_pop(ui, p);
	ui_message(ui, "%s %s", mode == FORM_CREATE ? "created" : "saved", title);
	if (ev->record) {
		ui_record_saved(ui, ev->record);
		if (mode == FORM_CREATE && ev->record->id)
			detail_open_record(ui, ev->record);
	}
	return UI_REDRAW;
}

static void edit_close(struct ui *ui, struct pane *p)
{
	struct edit_state *st = p->state;

	(void)ui;
	if (!st)
		return;
	form_done(&st->fm);
	draft_done(&st->draft);
	free(st);
	p->state = NULL;
}

const struct pane_ops edit_pane_ops = {
	.name = "edit",
	.open = edit_open_pane,
	.on_event = edit_on_event,
	.draw = edit_draw,
	.handle = edit_handle,
	.close = edit_close,
};

void edit_open(struct ui *ui, enum form_mode mode, const struct resource *res,
               const struct record *r)
{
	struct edit_args a = { mode, res, r };

	if (ui_find(ui, &edit_pane_ops)) {
		ui_message(ui, "a form is already open");
		return;
	}
	ui_push(ui, &edit_pane_ops, PLACE_EDIT, &a);
}

/* ---- triage: one-field POSTs from the list ------------------------------- */

static int inflight_slot(struct ui *ui)
{
	for (int i = 0; i < 8; i++)
		if (!ui->inflight_used[i]) {
			memset(&ui->inflight[i], 0, sizeof ui->inflight[i]);
			ui->inflight_used[i] = true;
			return i;
		}
	ui_error(ui, "too many changes in flight; wait a moment");
	return -1;
}

static void inflight_release(struct ui *ui, int slot)
{
	draft_done(&ui->inflight[slot]);
	ui->inflight_used[slot] = false;
}

static void post_one(struct ui *ui, const struct resource *res, long id,
                     const char *key, long value, const char *what)
{
	struct edit_value v = { .key = key, .type = EDIT_NUMBER };
	struct errbuf err;
	char num[32];
	int slot = inflight_slot(ui);
	struct draft *d;

	if (slot < 0)
		return;
	d = &ui->inflight[slot];
	snprintf(num, sizeof num, "%ld", value);
	v.text = num;
	if (api_edit_body(id, &v, 1, &d->body, &err) != HALO_OK) {
		ui_error(ui, "%s", err.msg);
		inflight_release(ui, slot);
		return;
	}
	snprintf(d->resource, sizeof d->resource, "%s", res->name);
	snprintf(d->kind, sizeof d->kind, "edit");
	d->id = id;
	snprintf(d->title, sizeof d->title, "%s %ld: %s", res->singular, id, what);
	if (!send_draft(ui, ui_find(ui, &list_pane_ops), d, res, UI_WHAT_TRIAGE, slot))
		inflight_release(ui, slot);
	else
		ui_message(ui, "%s\xe2\x80\xa6", d->title);
}

struct triage_ctx {
	const struct resource *res;
	long id;
	char key[32];
};

static unsigned triage_chosen(struct ui *ui, void *ctx,
                              const struct picker_item *it)
{
	struct triage_ctx *t = ctx;
	char what[160];

	snprintf(what, sizeof what, "%s %s", t->key, it->label);
	post_one(ui, t->res, t->id, t->key, it->id, what);
	free(t);
	return UI_REDRAW;
}

void triage_pick(struct ui *ui, const struct record *r, const char *key)
{
	const struct field_def *f = r ? resource_field(r->res, key) : NULL;
	const struct lookup_list *l;
	struct picker_item *items;
	struct triage_ctx *t;
	size_t sel = 0;

	if (!f || !f->lookup || !(r->res->flags & RES_EDITABLE)) {
		ui_message(ui, "nothing to change here");
		return;
	}
	l = &ui->s->lookups.lists[f->lookup];
	if (!l->loaded) {
		ui_need_lookup(ui, f->lookup);
		ui_message(ui, "loading the %s list; try again in a moment",
		           lookup_kind_name(f->lookup));
		return;
	}
	items = calloc(l->n ? l->n : 1, sizeof *items);
	t = calloc(1, sizeof *t);
	if (!items || !t)
		ui_oom();
	for (size_t i = 0; i < l->n; i++) {
		items[i].label = strdup(l->items[i].name);
		items[i].id = l->items[i].id;
		if (!items[i].label)
			ui_oom();
		if (l->items[i].id == record_id_of(r, key))
			sel = i;
	}
	t->res = r->res;
	t->id = r->id;
	snprintf(t->key, sizeof t->key, "%s", key);
	/* The picker owns items; t is freed by the callback or below. */
	if (!picker_open(ui, f->label, items, l->n, sel, triage_chosen, t))
		free(t);
}

void triage_assign_me(struct ui *ui, const struct record *r)
{
	struct request *req;

	if (!r || !resource_field(r->res, "agent_id") ||
	    !(r->res->flags & RES_EDITABLE)) {
		ui_message(ui, "nothing to assign here");
		return;
	}
	if (ui->me_id) {
		post_one(ui, r->res, r->id, "agent_id", ui->me_id, "assigned to me");
		return;
	}
	req = request_new(REQ_ME, resource_find("agents"));
	if (!req)
		ui_oom();
	ui_submit(ui, ui_find(ui, &list_pane_ops), req, UI_WHAT_ME, r->id);
	ui_message(ui, "asking the server who I am\xe2\x80\xa6");
}

unsigned triage_event(struct ui *ui, struct worker_event *ev, int what,
                      long arg)
{
	if (what == UI_WHAT_ME) {
		if (ev->status != HALO_OK || !ev->record || !ev->record->id) {
			ui_error(ui, "who am I: %s", ev->status != HALO_OK ?
			         ev->message : "the server did not say");
			return UI_REDRAW;
		}
		ui->me_id = ev->record->id;
		post_one(ui, resource_find("tickets"), arg, "agent_id", ui->me_id,
		         "assigned to me");
		return UI_REDRAW;
	}
	if (arg < 0 || arg >= 8 || !ui->inflight_used[arg])
		return 0;
	if (ev->status != HALO_OK) {
		ui_error(ui, "%s: not saved (draft kept): %s", ui->inflight[arg].title,
		         ev->message);
	} else {
		draft_remove(&ui->inflight[arg]);
		ui_message(ui, "saved %s", ui->inflight[arg].title);
		if (ev->record)
			ui_record_saved(ui, ev->record);
	}
	inflight_release(ui, (int)arg);
	return UI_REDRAW;
}

/* ---- drafts from an earlier run ------------------------------------------ */

struct offer_ctx {
	struct draft d;
};

static unsigned offer_chosen(struct ui *ui, void *ctx,
                             const struct picker_item *it)
{
	struct offer_ctx *o = ctx;
	const struct resource *res = resource_find(o->d.resource);
	int slot;

	if (it->id == 1 && res) {
		slot = inflight_slot(ui);
		if (slot >= 0) {
			ui->inflight[slot] = o->d;
			memset(&o->d, 0, sizeof o->d);
			if (!send_draft(ui, ui_find(ui, &list_pane_ops),
			                &ui->inflight[slot], res, UI_WHAT_TRIAGE, slot))
				inflight_release(ui, slot);
		}
	} else if (it->id == 2) {
		draft_remove(&o->d);
		ui_message(ui, "draft discarded");
	}
	draft_done(&o->d);
	free(o);
	/* The next one, if any. */
	ui_offer_drafts(ui);
	return UI_REDRAW;
}

void ui_offer_drafts(struct ui *ui)
{
	struct draft *list;
	size_t n = draft_list(&list, 16);
	struct picker_item *items;
	struct offer_ctx *o;
	char title[300];
	size_t pick = n;

	/* Offer each draft once a run, in order. */
	for (size_t i = 0; i < n && pick == n; i++)
		if (strcmp(list[i].path, ui->drafts_offered) > 0)
			pick = i;
	if (pick == n || ui_find(ui, &picker_pane_ops)) {
		draft_list_free(list, n);
		return;
	}
	snprintf(ui->drafts_offered, sizeof ui->drafts_offered, "%s", list[pick].path);
	o = calloc(1, sizeof *o);
	items = calloc(3, sizeof *items);
	if (!o || !items)
		ui_oom();
	o->d = list[pick];
	memset(&list[pick], 0, sizeof list[pick]);
	draft_list_free(list, n);
	snprintf(title, sizeof title, "unsent draft: %s", o->d.title);
	items[0].label = strdup("Keep it for later");
	items[1].label = strdup("Send it now");
	items[2].label = strdup("Discard it");
	for (int i = 0; i < 3; i++) {
		items[i].id = i;
		if (!items[i].label)
			ui_oom();
	}
	if (!picker_open(ui, title, items, 3, 0, offer_chosen, o)) {
		draft_done(&o->d);
		free(o);
	}
}
