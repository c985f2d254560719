/* SPDX-License-Identifier: MIT */
/* The TUI's loop. The UI thread waits only in poll() on stdin, the
 * worker's fd and a signal pipe (SIGWINCH, SIGTERM, SIGHUP, SIGINT), with
 * no timeout unless a visible countdown runs, a draft is due to be
 * saved or a timer is set (ui_timer_set: then until it is due). Keys go
 * through the keymap to the focused pane, and movement a pane leaves alone
 * to its scroller; events go to the pane that asked (events.c); the loop
 * is the one place that draws. Setting up and tearing down the terminal
 * are here too; the pane stack is in panestack.c, the status line in
 * statusline.c. Which panes exist is not known here (app.c assembles
 * them). */
#include "config.h"
#include "tui.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "api.h"
#include "datadir.h"
#include "hyperlink.h"
#include "screen.h"
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

/* ---- drawing ----------------------------------------------------------- */

/* Every pane asks for what the next frame needs. */
static void sync_panes(struct ui *ui)
{
	for (int i = 0; i < ui->npanes; i++)
		if (ui->panes[i].ops->sync)
			ui->panes[i].ops->sync(ui, &ui->panes[i]);
}

static void draw(struct ui *ui)
{
	struct pane *f = ui_focused(ui);

	ui_links_reset();
	erase();
	ui->clock_due.tv_sec = 0;
	if (ui->lay.title.h)
		ui_draw_title(ui);
	if (ui->lay.status.h)
		ui_draw_status(ui);
	for (int i = 0; i < ui->npanes; i++) {
		struct pane *p = &ui->panes[i];
		/* Full-screen detail/edit hide the list: skip drawing it. */
		if (p->rect.h == 0 || p->rect.w == 0)
			continue;
		if (p->ops->draw)
			p->ops->draw(ui, p, p == f);
	}
	if (ui->lay.split)
		screen_vline(ui->lay.list.y, ui->lay.list.w, ui->lay.list.h,
		             ui->attrs[ROLE_BORDER]);
	refresh();
	ui_links_flush(ui);   /* OSC 8 over the links the panes named */
}

/* ---- input ------------------------------------------------------------- */

/* Gives a key to pane p; movement it does not take moves its scroller. */
static unsigned pane_key(struct ui *ui, struct pane *p, int key,
                         enum action act)
{
	unsigned flags = p->ops->handle ? p->ops->handle(ui, p, key, act) :
	                 UI_NOT_MINE;

	if (flags & UI_NOT_MINE) {
		struct scroller *s = p->ops->scroller ? p->ops->scroller(ui, p) : NULL;
		flags &= ~(unsigned)UI_NOT_MINE;
		if (s && scroller_apply(s, act))
			flags |= UI_REDRAW;
	}
	return flags;
}

/* One line per key, for latency measurements: its name and action, but
 * never what was typed. A key in a pane that takes text, or one bound to
 * no action, is just "text". */
static void trace_key(struct ui *ui, struct pane *p, int key, enum action act)
{
	char name[32];

	if (act == ACT_NONE ||
	    (p && p->ops->takes_text && p->ops->takes_text(ui, p))) {
		trace_event("key", "text");
		return;
	}
	keymap_key_name(key, name, sizeof name);
	trace_event("key", "%s %s", name, action_name(act));
}

static unsigned quit_wait_key(struct ui *ui, int key, enum action act);

static unsigned handle_key(struct ui *ui, int key)
{
	struct pane *p = ui_focused(ui);
	enum action act = keymap_lookup(&ui->keys, key);
	unsigned flags;

	if (trace_on())
		trace_key(ui, p, key, act);
	if (ui->quit_by.tv_sec)
		return quit_wait_key(ui, key, act);
	if (!p)
		return UI_QUIT;
	if (act == ACT_FOCUS_NEXT && ui->lay.split &&
	    (p->place == PLACE_LIST || p->place == PLACE_DETAIL)) {
		ui->split_focus_detail = !ui->split_focus_detail;
		return UI_REDRAW;
	}
	flags = pane_key(ui, p, key, act);
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

	/* A release is asked for only so that curses hands it over (see
	 * screen_begin): the press did what a click does. */
	if (me->bstate & BUTTON1_RELEASED)
		return;
	for (int i = ui->npanes - 1; i >= 0 && !p; i--)
		if (rect_contains(&ui->panes[i].rect, me->y, me->x))
			p = &ui->panes[i];
	if (!p || !top || (top->place >= PLACE_EDIT && p != top))
		return;
	if (me->bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		enum action a = (me->bstate & BUTTON4_PRESSED) ? ACT_MOVE_UP :
		                ACT_MOVE_DOWN;
		for (int i = 0; i < 3; i++)
			*flags |= pane_key(ui, p, 0, a) & ~(unsigned)UI_CLOSE;
	} else {
		if (p->place == PLACE_LIST || p->place == PLACE_DETAIL)
			ui->split_focus_detail = p->place == PLACE_DETAIL;
		if (p->ops->click)
			p->ops->click(ui, p, me->y, me->x);
	}
	*flags |= UI_REDRAW;
}

/* A paste goes to the focused pane as text; a pane without text takes
 * none, and the paste is dropped, never typed as keys. */
static unsigned handle_paste(struct ui *ui, const char *text, size_t len)
{
	struct pane *p = ui_focused(ui);

	trace_event("key", "Paste %zu-bytes", len);
	if (!len)
		return UI_REDRAW;
	if (!p || !p->ops->paste) {
		ui_error(ui, "paste ignored: nothing here takes text");
		return UI_REDRAW;
	}
	return p->ops->paste(ui, p, text, len) | UI_REDRAW;
}

/* What keyread reads from: curses, non-blocking unless asked to wait. */
static enum keyread_rc curses_source(void *ctx, int wait_ms, wint_t *wch)
{
	int rc;

	(void)ctx;
	if (wait_ms > 0)
		timeout(wait_ms);
	rc = get_wch(wch);
	if (wait_ms > 0)
		timeout(0);
	return rc == ERR ? KEYREAD_RC_ERR :
	       rc == KEY_CODE_YES ? KEYREAD_RC_FN : KEYREAD_RC_OK;
}

/* Everything there is to read, through keyread.c: keys (to the keymap and
 * the focused pane), Alt-keys, unknown escape sequences (dropped) and
 * pastes (to the focused pane's paste op, as text). */
static unsigned read_keys(struct ui *ui)
{
	unsigned flags = 0;
	struct keyread_event ev;
	MEVENT me;

	while (!(flags & UI_QUIT) &&
	       keyread_next(&ui->input, &ev) != KEYREAD_NONE) {
		switch (ev.kind) {
		case KEYREAD_FN_EVENT:
			if (ev.key == KEY_RESIZE)
				flags |= UI_RELAYOUT | UI_REDRAW;
			else if (ev.key == KEY_MOUSE && getmouse(&me) == OK)
				ui_mouse(ui, &me, &flags);
			break;
		case KEYREAD_KEY:
			flags |= handle_key(ui, ev.key);
			break;
		case KEYREAD_IGNORED:
			trace_event("key", "unknown-escape-sequence ignored");
			flags |= UI_REDRAW;
			break;
		case KEYREAD_PASTE:
			flags |= handle_paste(ui, ev.text, ev.len);
			free(ev.text);
			break;
		case KEYREAD_PASTE_TOO_LONG:
			trace_event("key", "Paste %zu-bytes too-long", ev.len);
			ui_error(ui, "paste refused: %zu bytes, more than the limit "
			         "of %zu bytes (1 MiB); nothing was pasted", ev.len,
			         HALO_TEXT_MAX);
			flags |= UI_REDRAW;
			break;
		case KEYREAD_NOMEM:
			ui_oom();
		case KEYREAD_NONE:
			break;
		}
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
	ui_relayout(ui);
}

/* SIGHUP (the SSH connection dropped), SIGTERM and SIGINT end the
 * program at once, without waiting for changes in flight: the loop ends,
 * every draft is saved, and the exit status says which signal it was. */
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
				if (!ui->exit_signal)
					ui->exit_signal = buf[i];
				flags |= UI_QUIT;
			}
		}
	return flags;
}

/* ---- timers: the countdown, drafts due, quitting -------------------------- */

static long ms_until(const struct timespec *t, const struct timespec *now)
{
	return (long)(t->tv_sec - now->tv_sec) * 1000 +
	       (t->tv_nsec - now->tv_nsec) / 1000000;
}

static struct timespec after_ms(const struct timespec *t, long ms)
{
	struct timespec r = *t;

	r.tv_sec += ms / 1000;
	r.tv_nsec += (ms % 1000) * 1000000;
	if (r.tv_nsec >= 1000000000) {
		r.tv_sec++;
		r.tv_nsec -= 1000000000;
	}
	return r;
}

/* The shorter of two poll() timeouts (-1: none). */
static int sooner(int a, long b)
{
	if (b < 0)
		return a;
	if (b > 60000)
		b = 60000;
	return a < 0 || b < a ? (int)b : a;
}

void ui_timer_set(struct ui *ui, enum ui_timer t, long ms, ui_timer_fn fn)
{
	struct timespec now;

	if ((unsigned)t >= UI_TIMER__COUNT)
		return;
	ui->timers[t].at.tv_sec = 0;
	ui->timers[t].fn = NULL;
	if (ms < 0 || !fn)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ui->timers[t].at = after_ms(&now, ms);
	if (!ui->timers[t].at.tv_sec)
		ui->timers[t].at.tv_sec = 1;   /* 0 means off */
	ui->timers[t].fn = fn;
}

/* The timers that are due run (each once; it may set itself again). */
static unsigned run_timers(struct ui *ui)
{
	struct timespec now;
	unsigned flags = 0;

	clock_gettime(CLOCK_MONOTONIC, &now);
	for (int t = 0; t < UI_TIMER__COUNT; t++) {
		ui_timer_fn fn = ui->timers[t].fn;

		if (!ui->timers[t].at.tv_sec || ms_until(&ui->timers[t].at, &now) > 0)
			continue;
		ui->timers[t].at.tv_sec = 0;
		ui->timers[t].fn = NULL;
		if (fn)
			flags |= fn(ui);
	}
	return flags;
}

/* poll()'s timeout: none unless a countdown is on screen, a draft is due
 * to be saved or a timer is set; idle means no wake-ups. */
static int poll_timeout(struct ui *ui)
{
	struct timespec now;
	int timeout = -1;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (ui->wait_until.tv_sec) {
		ms = ms_until(&ui->wait_until, &now);
		if (ms <= 0)
			ui->wait_until.tv_sec = 0;
		else
			timeout = ms % 1000 ? (int)(ms % 1000) : 1000;
	}
	if (ui->save_due.tv_sec) {
		ms = ms_until(&ui->save_due, &now);
		timeout = sooner(timeout, ms > 0 ? ms : 0);
	}
	if (ui->clock_due.tv_sec) {
		ms = ms_until(&ui->clock_due, &now);
		timeout = sooner(timeout, ms > 0 ? ms : 0);
	}
	if (ui->quit_by.tv_sec) {
		ms = ms_until(&ui->quit_by, &now);
		timeout = sooner(timeout, ms <= 0 ? 0 : ms % 1000 ? ms % 1000 : 1000);
	}
	for (int t = 0; t < UI_TIMER__COUNT; t++) {
		if (!ui->timers[t].at.tv_sec)
			continue;
		/* Exactly until it is due (rounded up), not in steps. */
		ms = ms_until(&ui->timers[t].at, &now) + 1;
		if (ms < 0)
			ms = 0;
		if (ms > 24L * 3600 * 1000)
			ms = 24L * 3600 * 1000;
		if (timeout < 0 || ms < timeout)
			timeout = (int)ms;
	}
	return timeout;
}

void ui_clock_tick(struct ui *ui, long ms)
{
	struct timespec now, due;

	clock_gettime(CLOCK_MONOTONIC, &now);
	due = after_ms(&now, ms < 1 ? 1 : ms);
	if (!ui->clock_due.tv_sec || ms_until(&due, &ui->clock_due) < 0)
		ui->clock_due = due;
}

/* ---- drafts ---------------------------------------------------------------- */

static bool any_persist(const struct ui *ui)
{
	for (int i = 0; i < ui->npanes; i++)
		if (ui->panes[i].ops->persist)
			return true;
	return false;
}

static void persist_all(struct ui *ui)
{
	ui->save_due.tv_sec = 0;
	ui->save_first.tv_sec = 0;
	for (int i = 0; i < ui->npanes; i++)
		if (ui->panes[i].ops->persist)
			ui->panes[i].ops->persist(ui, &ui->panes[i]);
}

/* A key was read while a pane holds something to keep: save it half a
 * second after the last key, and at most a second after the first one
 * not yet saved, so that typing without a pause is saved every second. */
static void save_soon(struct ui *ui)
{
	struct timespec now, last, first;

	if (!any_persist(ui))
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!ui->save_first.tv_sec)
		ui->save_first = now;
	last = after_ms(&now, 500);
	first = after_ms(&ui->save_first, 1000);
	ui->save_due = ms_until(&last, &first) < 0 ? last : first;
}

static void save_if_due(struct ui *ui)
{
	struct timespec now;

	if (!ui->save_due.tv_sec)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (ms_until(&ui->save_due, &now) <= 0)
		persist_all(ui);
}

/* ---- quitting with changes in flight ------------------------------------- */

unsigned ui_changes_in_flight(const struct ui *ui)
{
	unsigned n = 0;

	for (size_t i = 0; i < ui->npend; i++)
		if (ui->pend[i].post)
			n++;
	return n;
}

static enum halo_status load_theme(struct ui *ui, struct errbuf *err);

void ui_replace_session(struct ui *ui, struct session *ns)
{
	struct errbuf err;
	struct theme keep;

	persist_all(ui);
	while (ui->npanes)
		ui_pop(ui, &ui->panes[0]);
	ui_close_modules(ui);
	/* The old worker's ids mean nothing to the new one. */
	ui->npend = 0;
	session_close(ui->s);
	*ui->s = *ns;
	memset(ns, 0, sizeof *ns);
	memset(ui->lookups_asked, 0, sizeof ui->lookups_asked);
	memset(ui->lookups_failed, 0, sizeof ui->lookups_failed);
	ui->lookup_wait.fn = NULL;
	ui->wait_until.tv_sec = 0;
	ui->wait_id = 0;
	ui->quit_by.tv_sec = 0;
	ui->quit_anyway = false;
	ui->split_focus_detail = false;
	memset(ui->timers, 0, sizeof ui->timers);
	ui->message[0] = '\0';
	ui->message_is_error = false;
	/* The new profile's colours (its theme:, else the top-level one; a
	 * --theme given on the command line still wins). One that does not
	 * load keeps the colours as they were, and says why. */
	keep = ui->theme;
	if (load_theme(ui, &err) == HALO_OK) {
		screen_theme(&ui->theme, ui->attrs);
	} else {
		ui->theme = keep;
		ui_error(ui, "%s", err.msg);
	}
	ui_relayout(ui);
	trace_event("session", "profile=%s", ui->s->settings.profile ?
	            ui->s->settings.profile : "");
}

static void quit_wait_message(struct ui *ui)
{
	struct timespec now;
	unsigned n = ui_changes_in_flight(ui);
	int key = keymap_first_key(&ui->keys, ACT_QUIT);
	char name[32] = "Q";
	long secs;

	clock_gettime(CLOCK_MONOTONIC, &now);
	secs = (ms_until(&ui->quit_by, &now) + 999) / 1000;
	if (key)
		keymap_key_name(key, name, sizeof name);
	ui_message(ui, "waiting for %u change%s to be answered\xe2\x80\xa6 %ld s "
	           "(%s: quit anyway)", n, n == 1 ? "" : "s", secs > 0 ? secs : 0,
	           name);
}

/* The user quit: at once when nothing is in flight, else after the
 * answers, for as long as a request may take. Returns the flags. */
static unsigned quit_asked(struct ui *ui)
{
	struct timespec now;

	if (ui->exit_signal || ui->quit_anyway || !ui_changes_in_flight(ui))
		return UI_QUIT;
	if (!ui->quit_by.tv_sec) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		ui->quit_by = after_ms(&now, ui->s->settings.request_timeout_ms + 1000);
		trace_event("quit-wait", "changes=%u", ui_changes_in_flight(ui));
	}
	quit_wait_message(ui);
	return UI_REDRAW;
}

/* Keys while quitting waits: the quit key quits anyway (the changes stay
 * "may have been applied"), Esc stays in the program. */
static unsigned quit_wait_key(struct ui *ui, int key, enum action act)
{
	if (act == ACT_QUIT) {
		ui->quit_anyway = true;
		return UI_QUIT;
	}
	if (key == KEYC_ESC) {
		ui->quit_by.tv_sec = 0;
		ui_message(ui, "not quitting; %u change%s still in flight",
		           ui_changes_in_flight(ui),
		           ui_changes_in_flight(ui) == 1 ? "" : "s");
	}
	return UI_REDRAW;
}

/* While quitting waits: done when every change is answered, or when the
 * time is up (the rest stay "may have been applied"). */
static unsigned quit_wait_tick(struct ui *ui)
{
	struct timespec now;

	if (!ui->quit_by.tv_sec)
		return 0;
	if (!ui_changes_in_flight(ui))
		return UI_QUIT;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (ms_until(&ui->quit_by, &now) <= 0) {
		ui->quit_anyway = true;
		return UI_QUIT;
	}
	quit_wait_message(ui);
	return UI_REDRAW;
}

static void loop(struct ui *ui)
{
	unsigned flags = UI_REDRAW;

	for (;;) {
		struct pollfd fds[3];
		int rc;

		if (flags & UI_QUIT) {
			flags = (flags & ~(unsigned)UI_QUIT) | quit_asked(ui);
			if (flags & UI_QUIT)
				break;
		}

		if (flags & UI_RELAYOUT)
			ui_relayout(ui);
		if (flags & UI_REDRAW) {
			sync_panes(ui);
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
		if (rc == 0 && (ui->wait_until.tv_sec || ui->quit_by.tv_sec ||
		                ui->clock_due.tv_sec))
			flags |= UI_REDRAW;  /* the countdown or the clock ticks */
		if (rc > 0 && (fds[2].revents & POLLIN))
			flags |= read_signals(ui);
		if (rc > 0 && (fds[1].revents & POLLIN))
			flags |= ui_drain_worker(ui);
		if (rc > 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
			if (fds[0].revents & (POLLHUP | POLLERR) &&
			    !(fds[0].revents & POLLIN)) {
				/* The terminal went away: as good as SIGHUP. */
				if (!ui->exit_signal)
					ui->exit_signal = SIGHUP;
				break;
			}
			flags |= read_keys(ui);
			save_soon(ui);
		}
		save_if_due(ui);
		flags |= run_timers(ui);
		flags |= quit_wait_tick(ui);
		if (ui->quit)
			flags |= UI_QUIT;
	}
}

/* ---- setup ------------------------------------------------------------- */

static enum halo_status load_theme(struct ui *ui, struct errbuf *err)
{
	const char *name = ui->opt && ui->opt->theme ? ui->opt->theme :
	                   ui->s->settings.theme;
	char path[4096], datadir[4096];

	halo_datadir(datadir, sizeof datadir);
	if (theme_find(name, datadir, NULL, path, sizeof path, err) != 0)
		return HALO_ECONFIG;
	return theme_load_file(&ui->theme, path, err);
}

struct ui *ui_new(struct session *s, const struct tui_options *opt)
{
	struct ui *ui = calloc(1, sizeof *ui);

	if (!ui)
		ui_oom();
	ui->s = s;
	ui->opt = opt;
	theme_init(&ui->theme);
	if (keymap_init(&ui->keys) != 0)
		ui_oom();
	/* The rest of an escape sequence that has begun comes with it; 100 ms
	 * leaves room for a slow link without making Alt-[ feel slow. */
	keyread_init(&ui->input, curses_source, NULL, 100);
	return ui;
}

int ui_begin(struct ui *ui, struct errbuf *err)
{
	enum halo_status st;

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
	ui_relayout(ui);
	return 0;
}

int ui_run(struct ui *ui)
{
	loop(ui);
	/* Whatever ended the loop, what the panes hold is on disk before
	 * they close. */
	persist_all(ui);
	if (ui->exit_signal)
		trace_event("signal", "%d", ui->exit_signal);
	return ui->exit_signal ? 128 + ui->exit_signal : 0;
}

void ui_free(struct ui **uip)
{
	struct ui *ui = *uip;

	if (!ui)
		return;
	ui_links_reset();
	while (ui->npanes)
		ui_pop(ui, &ui->panes[0]);
	ui_close_modules(ui);
	screen_end();
	signals_remove();
	keymap_done(&ui->keys);
	keyread_done(&ui->input);
	free(ui->pend);
	free(ui);
	*uip = NULL;
}
