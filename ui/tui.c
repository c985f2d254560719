/* The TUI's loop. The UI thread waits only in poll() on stdin, the
 * worker's fd and a signal pipe (SIGWINCH, SIGTERM, SIGHUP), with no
 * timeout unless a visible countdown runs. Keys go through the keymap to
 * the focused pane; events go to the pane that asked; the loop is the one
 * place that draws. */
#include "config.h"
#include "tui.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "draft.h"
#include "panes.h"
#include "screen.h"
#include "text.h"
#include "trace.h"
#include "ui.h"

static int sig_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
	int saved = errno;
	unsigned char c = (unsigned char)sig;

	if (sig_pipe[1] >= 0 && write(sig_pipe[1], &c, 1) < 0) {
		/* The pipe is full: a wake-up is already pending. */
	}
	errno = saved;
}

void ui_oom(void)
{
	screen_end();
	fputs("halotui: out of memory\n", stderr);
	exit(1);
}

static int signals_install(void)
{
	struct sigaction sa;

	if (pipe(sig_pipe) != 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		fcntl(sig_pipe[i], F_SETFL, fcntl(sig_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(sig_pipe[i], F_SETFD, FD_CLOEXEC);
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGWINCH, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	return 0;
}

static void signals_remove(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGWINCH, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	for (int i = 0; i < 2; i++) {
		if (sig_pipe[i] >= 0)
			close(sig_pipe[i]);
		sig_pipe[i] = -1;
	}
}

/* ---- status line messages ---------------------------------------------- */

static void set_message(struct ui *ui, bool is_error, const char *fmt,
                        va_list ap) __attribute__((format(printf, 3, 0)));

static void set_message(struct ui *ui, bool is_error, const char *fmt,
                        va_list ap)
{
	char raw[512];
	char *clean;

	vsnprintf(raw, sizeof raw, fmt, ap);
	/* Messages quote the server: make them safe like everything else. */
	clean = text_sanitize(raw, strlen(raw), 0);
	snprintf(ui->message, sizeof ui->message, "%s", clean ? clean : "");
	free(clean);
	ui->message_is_error = is_error;
}

void ui_message(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_message(ui, false, fmt, ap);
	va_end(ap);
}

void ui_error(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_message(ui, true, fmt, ap);
	va_end(ap);
}

/* ---- panes ------------------------------------------------------------- */

struct pane *ui_top(struct ui *ui)
{
	return ui->npanes ? &ui->panes[ui->npanes - 1] : NULL;
}

struct pane *ui_find(struct ui *ui, const struct pane_ops *ops)
{
	for (int i = ui->npanes - 1; i >= 0; i--)
		if (ui->panes[i].ops == ops)
			return &ui->panes[i];
	return NULL;
}

static struct pane *pane_by_serial(struct ui *ui, unsigned serial)
{
	for (int i = 0; i < ui->npanes; i++)
		if (ui->panes[i].serial == serial)
			return &ui->panes[i];
	return NULL;
}

static void relayout(struct ui *ui);

struct pane *ui_push(struct ui *ui, const struct pane_ops *ops,
                     enum pane_place place, void *arg)
{
	struct pane *p;

	if (ui->npanes == UI_MAX_PANES) {
		ui_error(ui, "too many panes open: close one with q");
		return NULL;
	}
	p = &ui->panes[ui->npanes++];
	memset(p, 0, sizeof *p);
	p->ops = ops;
	p->place = place;
	p->serial = ++ui->next_serial;
	relayout(ui);
	if (ops->open && ops->open(ui, p, arg) != 0) {
		ui_forget_pane(ui, p);
		if (ops->close)
			ops->close(ui, p);
		ui->npanes--;
		relayout(ui);
		return NULL;
	}
	if (place == PLACE_DETAIL || place == PLACE_EDIT)
		ui->split_focus_detail = true;
	trace_event("pane", "open %s", ops->name);
	return p;
}

void ui_pop(struct ui *ui, struct pane *p)
{
	int idx = (int)(p - ui->panes);

	if (idx < 0 || idx >= ui->npanes)
		return;
	while (ui->npanes > idx) {
		struct pane *top = &ui->panes[ui->npanes - 1];
		trace_event("pane", "close %s", top->ops->name);
		ui_forget_pane(ui, top);
		if (top->ops->close)
			top->ops->close(ui, top);
		ui->npanes--;
	}
	relayout(ui);
}

/* ---- requests ---------------------------------------------------------- */

unsigned ui_new_group(struct ui *ui)
{
	return ++ui->next_group;
}

static const char *req_kind_name(enum req_kind k)
{
	static const char *const names[] = { "list", "get", "post", "delete", "me" };

	return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

uint64_t ui_submit(struct ui *ui, struct pane *p, struct request *req,
                   int what, long arg)
{
	uint64_t id;
	enum req_kind kind;
	const char *res;
	int page;

	if (!req)
		ui_oom();
	if (ui->npend == ui->cappend) {
		size_t cap = ui->cappend ? ui->cappend * 2 : 32;
		struct pending *np = realloc(ui->pend, cap * sizeof *np);
		if (!np)
			ui_oom();
		ui->pend = np;
		ui->cappend = cap;
	}
	kind = req->kind;
	res = req->res ? req->res->name : "";
	page = req->page_no;
	id = worker_submit(ui->s->worker, req);
	if (!id)
		ui_oom();
	ui->pend[ui->npend++] = (struct pending){ id, p ? p->serial : 0, what,
	                                          arg, kind == REQ_POST };
	trace_event("request", "id=%llu %s %s page=%d", (unsigned long long)id,
	            req_kind_name(kind), res, page);
	return id;
}

void ui_forget_pane(struct ui *ui, struct pane *p)
{
	size_t out = 0;

	for (size_t i = 0; i < ui->npend; i++) {
		if (ui->pend[i].pane == p->serial) {
			/* A POST already sent stays on the server's side; its
			 * answer is just not applied to a pane that is gone. */
			worker_cancel(ui->s->worker, ui->pend[i].id);
			continue;
		}
		ui->pend[out++] = ui->pend[i];
	}
	ui->npend = out;
}

void ui_need_lookup(struct ui *ui, enum lookup_kind kind)
{
	if (kind <= LOOKUP_NONE || kind >= LOOKUP__COUNT ||
	    ui->lookups_asked[kind] || lookups_loaded(&ui->s->lookups, kind))
		return;
	ui->lookups_asked[kind] = true;
	ui_submit(ui, NULL, session_lookup_request(kind), 0, kind);
}

void ui_retry_lookups(struct ui *ui)
{
	for (int k = LOOKUP_NONE + 1; k < LOOKUP__COUNT; k++)
		if (ui->lookups_failed[k]) {
			ui->lookups_failed[k] = false;
			ui->lookups_asked[k] = false;
			ui_need_lookup(ui, (enum lookup_kind)k);
		}
}

void ui_need_lookups_for(struct ui *ui, const struct resource *res)
{
	if (!res)
		return;
	for (size_t i = 0; i < res->nfields; i++)
		if (res->fields[i].flags & (FIELD_COLUMN | FIELD_DETAIL))
			ui_need_lookup(ui, res->fields[i].lookup);
}

void ui_record_saved(struct ui *ui, const struct record *r)
{
	for (int i = 0; i < ui->npanes; i++) {
		struct pane *p = &ui->panes[i];
		if (p->ops->on_event) {
			/* Panes learn of a saved record through a synthetic event. */
			struct worker_event ev;
			memset(&ev, 0, sizeof ev);
			ev.kind = EV_DONE;
			ev.req_kind = REQ_POST;
			ev.res = r->res;
			ev.status = HALO_OK;
			ev.record = (struct record *)r;
			p->ops->on_event(ui, p, &ev, -1, 0);
		}
	}
}

static unsigned apply_event(struct ui *ui, struct worker_event *ev)
{
	struct pending pd = { 0 };
	bool found = false;
	struct pane *p;

	for (size_t i = 0; i < ui->npend; i++)
		if (ui->pend[i].id == ev->id) {
			pd = ui->pend[i];
			ui->pend[i] = ui->pend[--ui->npend];
			found = true;
			break;
		}
	if (ev->kind == EV_WAITING) {
		clock_gettime(CLOCK_MONOTONIC, &ui->wait_until);
		ui->wait_until.tv_sec += (ev->wait_ms + 999) / 1000;
		ui->wait_status = ev->retry_status;
		ui->wait_id = ev->id;
		if (found)
			ui->pend[ui->npend++] = pd;  /* still pending */
		return UI_REDRAW;
	}
	/* Only the waiting request's own answer ends its countdown. */
	if (ev->id == ui->wait_id)
		ui->wait_until.tv_sec = 0;
	trace_event("response", "id=%llu status=%d http=%d",
	            (unsigned long long)ev->id, (int)ev->status, ev->http_status);
	if (!found)
		return 0;
	if (pd.pane == 0) {
		/* The UI's own: lookup lists. */
		if (ev->status == HALO_OK) {
			session_apply_lookup(ui->s, ev);
		} else {
			/* Not asked again by itself (r does): a failing list must
			 * not turn into a loop of requests. */
			if (pd.arg > LOOKUP_NONE && pd.arg < LOOKUP__COUNT)
				ui->lookups_failed[pd.arg] = true;
			ui_error(ui, "%s list: %s", lookup_kind_name((enum lookup_kind)pd.arg),
			         ev->message);
		}
		/* Names appear: every pane may want to rebuild. */
		for (int i = 0; i < ui->npanes; i++)
			if (ui->panes[i].ops->on_event)
				ui->panes[i].ops->on_event(ui, &ui->panes[i], ev, -2, pd.arg);
		return UI_REDRAW;
	}
	p = pane_by_serial(ui, pd.pane);
	if (!p || !p->ops->on_event)
		return 0;
	return p->ops->on_event(ui, p, ev, pd.what, pd.arg) | UI_REDRAW;
}

static unsigned drain_worker(struct ui *ui)
{
	struct worker_event *ev;
	unsigned flags = 0;

	while ((ev = worker_next(ui->s->worker)) != NULL) {
		flags |= apply_event(ui, ev);
		trace_event("applied", "id=%llu", (unsigned long long)ev->id);
		worker_event_free(&ev);
	}
	/* Panes close themselves from events (ui_pop); the flag means nothing
	 * here. */
	return flags & ~(unsigned)UI_CLOSE;
}

/* ---- layout and drawing ------------------------------------------------ */

static void relayout(struct ui *ui)
{
	bool detail = false, edit = false;

	for (int i = 0; i < ui->npanes; i++) {
		if (ui->panes[i].place == PLACE_DETAIL)
			detail = true;
		if (ui->panes[i].place == PLACE_EDIT)
			edit = true;
	}
	layout_compute(ui->cols, ui->rows, detail, edit, &ui->lay);
	for (int i = 0; i < ui->npanes; i++) {
		struct pane *p = &ui->panes[i];
		switch (p->place) {
		case PLACE_LIST:
			p->rect = ui->lay.list;
			break;
		case PLACE_DETAIL:
			p->rect = ui->lay.detail;
			break;
		case PLACE_EDIT:
			p->rect = ui->lay.edit;
			break;
		case PLACE_OVERLAY:
			p->rect = ui->lay.overlay;
			break;
		case PLACE_BOTTOM:
			p->rect = ui->lay.status;
			break;
		}
	}
}

/* The pane that gets keys: the top one, except that in a split layout
 * Tab can give them to the list beside the detail. */
static struct pane *focused(struct ui *ui)
{
	struct pane *top = ui_top(ui);

	if (!top)
		return NULL;
	if (top->place == PLACE_DETAIL && ui->lay.split &&
	    !ui->split_focus_detail)
		return &ui->panes[0];
	return top;
}

static void draw_title(struct ui *ui)
{
	char line[512];
	const char *profile = ui->s->settings.profile;

	snprintf(line, sizeof line, " halotui%s%s%s   ?:help  q:back/quit",
	         ui->opt && ui->opt->demo ? " [demo]" : "",
	         profile ? " \xc2\xb7 " : "", profile ? profile : "");
	screen_put(ui->lay.title.y, 0, ui->lay.title.w, line,
	           ui->attrs[ROLE_TITLE]);
}

static void draw_status(struct ui *ui)
{
	char left[512], right[600];
	int w = ui->lay.status.w, used;
	struct timespec now;
	unsigned pending = worker_pending(ui->s->worker);

	list_status(ui, left, sizeof left);
	right[0] = '\0';
	if (ui->wait_until.tv_sec) {
		long secs;
		clock_gettime(CLOCK_MONOTONIC, &now);
		secs = (long)(ui->wait_until.tv_sec - now.tv_sec);
		if (secs < 0)
			secs = 0;
		snprintf(right, sizeof right, "%s, retrying in %ld s  ",
		         ui->wait_status == 429 ? "rate limited" : "server busy",
		         secs);
	}
	if (pending)
		snprintf(right + strlen(right), sizeof right - strlen(right),
		         "\xe2\x9f\xb3 %u  ", pending);
	screen_put(ui->lay.status.y, 0, w, left,
	           ui->attrs[pending ? ROLE_STATUS_BUSY : ROLE_STATUS_BAR]);
	used = text_width(left) + 2;
	if (ui->message[0] && used < w) {
		int mw = w - used - text_width(right);
		screen_put_cut(ui->lay.status.y, used, mw, ui->message,
		               ui->attrs[ui->message_is_error ? ROLE_ERROR :
		                         ROLE_STATUS_BAR]);
	}
	if (right[0] && text_width(right) < w)
		screen_put_cut(ui->lay.status.y, w - text_width(right),
		               text_width(right), right,
		               ui->attrs[ROLE_STATUS_BUSY]);
}

static void draw(struct ui *ui)
{
	struct pane *f = focused(ui);

	erase();
	if (ui->lay.title.h)
		draw_title(ui);
	if (ui->lay.status.h)
		draw_status(ui);
	for (int i = 0; i < ui->npanes; i++) {
		struct pane *p = &ui->panes[i];
		/* Full-screen detail/edit hide the list: skip drawing it. */
		if (p->rect.h == 0 || p->rect.w == 0)
			continue;
		if (p->ops->draw)
			p->ops->draw(ui, p, p == f);
	}
	if (ui->lay.split) {
		attrset(ui->attrs[ROLE_BORDER]);
		mvvline_set(ui->lay.list.y, ui->lay.list.w, WACS_VLINE, ui->lay.list.h);
		attrset(A_NORMAL);
	}
	refresh();
}

/* ---- input ------------------------------------------------------------- */

static unsigned handle_key(struct ui *ui, int key)
{
	struct pane *p = focused(ui);
	enum action act = keymap_lookup(&ui->keys, key);
	unsigned flags;

	if (trace_on()) {
		char name[32];
		keymap_key_name(key, name, sizeof name);
		trace_event("key", "%s %s", name, action_name(act));
	}
	if (!p)
		return UI_QUIT;
	if (act == ACT_FOCUS_NEXT && ui->lay.split &&
	    (p->place == PLACE_LIST || p->place == PLACE_DETAIL)) {
		ui->split_focus_detail = !ui->split_focus_detail;
		return UI_REDRAW;
	}
	flags = p->ops->handle ? p->ops->handle(ui, p, key, act) : 0;
	if (flags & UI_CLOSE) {
		ui_pop(ui, p);
		flags |= UI_REDRAW;
		if (ui->npanes == 0)
			flags |= UI_QUIT;
	}
	return flags | UI_REDRAW;
}

/* Click selects, the wheel scrolls the pane under the pointer. */
static void ui_mouse(struct ui *ui, MEVENT *me, unsigned *flags)
{
	struct pane *p = NULL, *top = ui_top(ui);

	for (int i = ui->npanes - 1; i >= 0 && !p; i--)
		if (rect_contains(&ui->panes[i].rect, me->y, me->x))
			p = &ui->panes[i];
	if (!p || !top || (top->place >= PLACE_EDIT && p != top))
		return;
	if (me->bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		enum action a = (me->bstate & BUTTON4_PRESSED) ? ACT_MOVE_UP :
		                ACT_MOVE_DOWN;
		for (int i = 0; i < 3 && p->ops->handle; i++)
			*flags |= p->ops->handle(ui, p, 0, a);
	} else if (p->place == PLACE_LIST) {
		ui->split_focus_detail = false;
		list_click(ui, p, me->y);
	} else if (p->place == PLACE_DETAIL) {
		ui->split_focus_detail = true;
	}
	*flags |= UI_REDRAW;
}

static unsigned read_keys(struct ui *ui)
{
	unsigned flags = 0;
	wint_t wch;
	int rc;

	while ((rc = get_wch(&wch)) != ERR) {
		int key;
		if (rc == KEY_CODE_YES && wch == KEY_RESIZE) {
			flags |= UI_RELAYOUT | UI_REDRAW;
			continue;
		}
		if (rc == KEY_CODE_YES && wch == KEY_MOUSE) {
			MEVENT me;
			if (getmouse(&me) == OK)
				ui_mouse(ui, &me, &flags);
			continue;
		}
		key = keymap_normalize((int)wch, rc == KEY_CODE_YES);
		flags |= handle_key(ui, key);
		if (flags & UI_QUIT)
			break;
	}
	return flags;
}

static void on_resize(struct ui *ui)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
		resizeterm(ws.ws_row, ws.ws_col);
	ui->rows = LINES;
	ui->cols = COLS;
	relayout(ui);
}

static unsigned read_signals(struct ui *ui)
{
	unsigned char buf[64];
	ssize_t n;
	unsigned flags = 0;

	while ((n = read(sig_pipe[0], buf, sizeof buf)) > 0)
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == SIGWINCH) {
				on_resize(ui);
				flags |= UI_REDRAW | UI_RELAYOUT;
			} else {
				flags |= UI_QUIT;
			}
		}
	return flags;
}

/* poll()'s timeout: none unless a countdown is on screen. */
static int poll_timeout(struct ui *ui)
{
	struct timespec now;
	long ms;

	if (!ui->wait_until.tv_sec)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (ui->wait_until.tv_sec - now.tv_sec) * 1000 +
	     (ui->wait_until.tv_nsec - now.tv_nsec) / 1000000;
	if (ms <= 0) {
		ui->wait_until.tv_sec = 0;
		return -1;
	}
	return ms % 1000 ? (int)(ms % 1000) : 1000;
}

static void loop(struct ui *ui)
{
	unsigned flags = UI_REDRAW;

	while (!(flags & UI_QUIT)) {
		struct pollfd fds[3];
		int rc;

		if (flags & UI_RELAYOUT)
			relayout(ui);
		if (flags & UI_REDRAW) {
			/* Ask for the pages the list's window needs now. */
			list_sync(ui);
			draw(ui);
			if (!ui->first_frame_traced) {
				trace_event("first-frame", NULL);
				ui->first_frame_traced = true;
			} else {
				trace_event("frame", NULL);
			}
		}
		flags = 0;
		fds[0] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
		fds[1] = (struct pollfd){ .fd = worker_fd(ui->s->worker), .events = POLLIN };
		fds[2] = (struct pollfd){ .fd = sig_pipe[0], .events = POLLIN };
		rc = poll(fds, 3, poll_timeout(ui));
		if (rc < 0 && errno != EINTR)
			break;
		if (rc == 0)
			flags |= UI_REDRAW;  /* the countdown ticks */
		if (rc > 0 && (fds[2].revents & POLLIN))
			flags |= read_signals(ui);
		if (rc > 0 && (fds[1].revents & POLLIN))
			flags |= drain_worker(ui);
		if (rc > 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
			if (fds[0].revents & (POLLHUP | POLLERR) &&
			    !(fds[0].revents & POLLIN))
				break;  /* the terminal went away */
			flags |= read_keys(ui);
		}
		if (ui->quit)
			flags |= UI_QUIT;
	}
}

/* ---- setup ------------------------------------------------------------- */

static enum halo_status load_theme(struct ui *ui, struct errbuf *err)
{
	const char *name = ui->opt && ui->opt->theme ? ui->opt->theme :
	                   ui->s->settings.theme;
	char path[4096];

	if (theme_find(name, HALOTUI_DATADIR, HALOTUI_SRCDIR, path, sizeof path,
	               err) != 0)
		return HALO_ECONFIG;
	return theme_load_file(&ui->theme, path, err);
}

static int run(struct ui *ui, struct errbuf *err)
{
	enum halo_status st;

	if (keymap_init(&ui->keys) != 0)
		ui_oom();
	st = keymap_apply_settings(&ui->keys, &ui->s->settings, err);
	if (st == HALO_OK)
		st = load_theme(ui, err);
	if (st != HALO_OK)
		return 2;
	if (signals_install() != 0) {
		errbuf_set(err, HALO_EIO, "pipe: %s", strerror(errno));
		return 1;
	}
	st = screen_begin(ui->s->settings.mouse, err);
	if (st != HALO_OK)
		return st == HALO_EUSAGE ? 2 : 1;
	screen_theme(&ui->theme, ui->attrs);
	ui->rows = LINES;
	ui->cols = COLS;
	relayout(ui);
	if (ui_start_list(ui, ui->opt ? ui->opt->start : NULL) != 0) {
		screen_end();
		errbuf_set(err, HALO_EUSAGE, "unknown resource \"%s\" (one of %s)",
		           ui->opt && ui->opt->start ? ui->opt->start : "",
		           resource_names());
		return 2;
	}
	ui_offer_drafts(ui);
	loop(ui);
	while (ui->npanes)
		ui_pop(ui, &ui->panes[0]);
	screen_end();
	return 0;
}

int tui_run(struct session *s, const struct tui_options *opt,
            struct errbuf *err)
{
	struct ui *ui;
	int rc;

	if (trace_open(opt ? opt->trace_path : NULL) != 0)
		return errbuf_set(err, HALO_ECONFIG, "HALOTUI_TRACE: cannot open %s: %s",
		                  opt->trace_path, strerror(errno)), 2;
	trace_event("start", NULL);
	ui = calloc(1, sizeof *ui);
	if (!ui)
		ui_oom();
	ui->s = s;
	ui->opt = opt;
	theme_init(&ui->theme);
	rc = run(ui, err);
	screen_end();
	signals_remove();
	trace_event("quit", "status=%d", rc);
	trace_close();
	keymap_done(&ui->keys);
	free(ui->pend);
	free(ui);
	return rc;
}
