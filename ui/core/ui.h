/* SPDX-License-Identifier: MIT */
/* The TUI's shared state and the pane interface (internal to ui/).
 *
 * Panes are function tables: a pane's handler changes its own state and
 * returns a flag mask saying what must happen next; the loop in tui.c is
 * the one place that draws. Only the UI thread runs any of this, and it
 * is the only thread that touches ncurses.
 *   tui.c         start-up, the poll loop, keys and signals, shutdown
 *   panestack.c   pushing, popping and finding panes; layout; focus
 *   events.c      requests and the worker's answers, lookups, countdown
 *   statusline.c  messages, the title line and the status line */
#ifndef HALO_UI_UI_H
#define HALO_UI_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "keymap.h"
#include "keyread.h"
#include "layout.h"
#include "screen.h"
#include "scroll.h"
#include "session.h"
#include "theme.h"
#include "tui.h"
#include "worker.h"

enum ui_flags {
	UI_REDRAW   = 1 << 0,  /* draw the screen again */
	UI_RELAYOUT = 1 << 1,  /* pane sizes changed */
	UI_QUIT     = 1 << 2,  /* leave the program */
	UI_CLOSE    = 1 << 3,  /* close the pane that returned it */
	UI_NOT_MINE = 1 << 4,  /* a handler did not take the key: the loop
	                        * applies movement to the pane's scroller */
};

struct ui;
struct pane;

/* See ui_with_lookup. */
typedef unsigned (*ui_lookup_fn)(struct ui *ui, struct pane *p, long arg);

/* Timers (tui.c): work that is due at a time, not on a key or an answer.
 * Each slot holds at most one; the loop's poll() waits until the soonest
 * and no longer, so that a UI without timers never wakes up by itself. */
enum ui_timer {
	UI_TIMER_REFRESH,   /* the automatic re-read of what is shown */
	UI_TIMER_SETTLE,    /* the list's cursor came to rest */
	UI_TIMER_WRITTEN,   /* shortly after records were saved */
	UI_TIMER__COUNT
};
typedef unsigned (*ui_timer_fn)(struct ui *ui);

/* What the framework tells every pane and module, besides the answers to
 * their own requests. */
enum ui_notice_kind {
	NOTICE_RECORD_SAVED,   /* a record was saved on the server */
	NOTICE_LOOKUP,         /* a lookup list arrived (or failed) */
	NOTICE_RESOLVED,       /* something names are resolved against
	                        * arrived (or failed): who I am, a record
	                        * found by its name */
	NOTICE_RECORD_REMOVED, /* a record is gone from the server (deleted):
	                        * every list drops it, a detail showing it
	                        * closes */
};

struct ui_notice {
	enum ui_notice_kind kind;
	const struct record *record;   /* RECORD_SAVED: the server's copy */
	enum lookup_kind lookup;       /* LOOKUP: which list */
	bool ok;                       /* LOOKUP: it loaded */
	const struct resource *res;    /* RECORD_REMOVED: which record: */
	long id;                       /* its resource, id and, for a */
	long ticket_id;                /* note, ticket (else 0) */
};

/* A pane is a function table. The framework allocates state_size zeroed
 * bytes as p->state before open and frees them after close; close frees
 * only what the state points to. Every member but name may be NULL. */
struct pane_ops {
	const char *name;
	size_t state_size;
	/* Called once when pushed; arg is the pane's own. Returns 0 or -1. */
	int (*open)(struct ui *ui, struct pane *p, void *arg);
	void (*close)(struct ui *ui, struct pane *p);
	/* Before every frame: ask for what the next frame needs. */
	void (*sync)(struct ui *ui, struct pane *p);
	void (*draw)(struct ui *ui, struct pane *p, bool focused);
	/* key is the keymap's code (0 for the mouse wheel); act what the
	 * keymap made of it. UI_NOT_MINE hands movement to the scroller. */
	unsigned (*handle)(struct ui *ui, struct pane *p, int key,
	                   enum action act);
	/* Text the user pasted (a bracketed paste): text[0..len), UTF-8,
	 * lines ended by '\n', tabs kept, no other control characters. It is
	 * text, never keys. NULL: the pane holds no text, and the loop says
	 * that the paste was ignored. */
	unsigned (*paste)(struct ui *ui, struct pane *p, const char *text,
	                  size_t len);
	/* The window that movement keys and the wheel move, or NULL. */
	struct scroller *(*scroller)(struct ui *ui, struct pane *p);
	/* A click at screen row y inside the pane. */
	void (*click)(struct ui *ui, struct pane *p, int y, int x);
	/* The left part of the status line; the topmost pane that has one
	 * writes it. */
	void (*status)(struct ui *ui, struct pane *p, char *buf, size_t len);
	/* A finished request that this pane submitted. The pane may keep
	 * ev's parts by taking them (setting them NULL); the loop frees ev. */
	unsigned (*on_event)(struct ui *ui, struct pane *p,
	                     struct worker_event *ev, int what, long arg);
	unsigned (*notify)(struct ui *ui, struct pane *p,
	                   const struct ui_notice *n);
	/* Whether keys are typed text now (a prompt, a picker's filter, the
	 * form's in-place editor): the trace then names no key. */
	bool (*takes_text)(struct ui *ui, struct pane *p);
	/* Writes to disk what the pane holds that must not be lost (a
	 * form's draft): half a second after the last key (at most a second
	 * after the first unsaved one) while the pane is open, and at once
	 * when a signal or a lost terminal ends the program. */
	void (*persist)(struct ui *ui, struct pane *p);
};

/* A module is work without a pane of its own (triage, drafts in flight):
 * state created on first use, told the notices, freed at shutdown. */
struct ui_module {
	const char *name;
	size_t state_size;
	unsigned (*on_event)(struct ui *ui, void *state,
	                     struct worker_event *ev, int what, long arg);
	unsigned (*notify)(struct ui *ui, void *state,
	                   const struct ui_notice *n);
	void (*close)(struct ui *ui, void *state);
};

enum pane_place {
	PLACE_LIST,     /* the base pane */
	PLACE_DETAIL,
	PLACE_EDIT,
	PLACE_OVERLAY,  /* help, pickers, prompts: over everything */
	PLACE_BOTTOM,   /* one-line prompts on the status line */
};

struct pane {
	const struct pane_ops *ops;
	enum pane_place place;
	struct rect rect;
	void *state;
	unsigned serial;   /* unique; requests name their pane by it */
};

#define UI_MAX_PANES 12
#define UI_MAX_MODULES 16

/* What a request was for, so that its event finds its owner. */
struct pending {
	uint64_t id;
	unsigned pane;     /* pane serial; 0 with mod NULL: the UI itself */
	const struct ui_module *mod;   /* or the module that asked */
	int what;
	long arg;
	bool post;         /* a POST: shown in the status line */
	bool background;   /* nobody waits for it (a prefetch, a count): its
	                    * wait shows no countdown */
};

struct ui {
	struct session *s;
	const struct tui_options *opt;
	struct keymap keys;
	struct keyread input;       /* keys, Alt-keys and pastes from curses */
	struct theme theme;
	int attrs[ROLE__COUNT];     /* curses attributes per role */
	struct layout lay;
	int rows, cols;
	bool split_focus_detail;    /* split layout: the detail has the keys */

	struct pane panes[UI_MAX_PANES];
	int npanes;
	unsigned next_serial;
	unsigned next_group;

	struct {
		const struct ui_module *mod;
		void *state;
	} modules[UI_MAX_MODULES];
	int nmodules;

	struct pending *pend;
	size_t npend, cappend;

	/* The status line. */
	char message[512];
	bool message_is_error;
	struct timespec wait_until;   /* a visible countdown; 0 when none */
	int wait_status;
	uint64_t wait_id;             /* the request the countdown is for */
	struct timespec clock_due;    /* a running clock on screen (a note's
	                               * timer) redraws then; 0 when none:
	                               * each frame sets it again */

	bool lookups_asked[LOOKUP__COUNT];
	bool lookups_failed[LOOKUP__COUNT];
	struct {                      /* see ui_with_lookup */
		unsigned pane;
		enum lookup_kind kind;
		ui_lookup_fn fn;
		long arg;
	} lookup_wait;
	bool first_frame_traced;
	bool quit;

	/* Drafts (tui.c): a save is due at save_due (0: none), debounced
	 * from the first unsaved key at save_first. */
	struct timespec save_due, save_first;
	/* Quitting waits for the changes in flight until quit_by (0: not
	 * quitting); quit_anyway leaves them "may have been applied". */
	struct timespec quit_by;
	bool quit_anyway;
	int exit_signal;              /* SIGHUP, SIGTERM, SIGINT: 0 none */

	struct {                      /* see ui_timer_set */
		struct timespec at;   /* CLOCK_MONOTONIC; tv_sec 0: off */
		ui_timer_fn fn;
	} timers[UI_TIMER__COUNT];
};

/* ---- panestack.c ------------------------------------------------------- */
/* Pushes a pane; returns it or NULL (message set). */
struct pane *ui_push(struct ui *ui, const struct pane_ops *ops,
                     enum pane_place place, void *arg);
/* Closes the pane and those above it. */
void ui_pop(struct ui *ui, struct pane *p);
struct pane *ui_find(struct ui *ui, const struct pane_ops *ops);
struct pane *ui_top(struct ui *ui);
/* The pane a request names by its serial, or NULL when it is gone. */
struct pane *ui_pane_by_serial(struct ui *ui, unsigned serial);
/* Gives every pane its rectangle: the layout follows the terminal's size
 * and which panes are open. */
void ui_relayout(struct ui *ui);
/* The pane that gets keys, or NULL when none is open. */
struct pane *ui_focused(struct ui *ui);

/* ---- events.c ---------------------------------------------------------- */
/* Submits req for pane p (NULL: the UI), remembering what it is for.
 * Takes req. Returns the id or 0 (message set). */
uint64_t ui_submit(struct ui *ui, struct pane *p, struct request *req,
                   int what, long arg);
/* Forgets (and cancels) every request of pane p. */
void ui_forget_pane(struct ui *ui, struct pane *p);
/* Cancels request id and forgets it: its answer never comes. */
void ui_cancel(struct ui *ui, uint64_t id);
unsigned ui_new_group(struct ui *ui);
/* Applies every finished request to the pane that asked (the lookups to
 * the session). Returns the flags. */
unsigned ui_drain_worker(struct ui *ui);

/* Makes sure the lookup list is loaded or on its way. */
void ui_need_lookup(struct ui *ui, enum lookup_kind kind);
void ui_need_lookups_for(struct ui *ui, const struct resource *res);
/* What a key does once a lookup list is loaded: fn(ui, p, arg) runs at
 * once when it is, else when it arrives, if p is still the top pane then.
 * One wait at a time (a newer one replaces it). Returns fn's flags. */
unsigned ui_with_lookup(struct ui *ui, struct pane *p, enum lookup_kind kind,
                        ui_lookup_fn fn, long arg);
/* Searches res for a name the user typed (the first page of matches);
 * the answer goes to pane p as what/arg. */
void ui_search_link(struct ui *ui, struct pane *p, const struct resource *res,
                    const char *text, int what, long arg);
/* Asks again for lookup lists that failed (the refresh key). */
void ui_retry_lookups(struct ui *ui);

/* A record saved on the server replaces the cached copy everywhere. */
void ui_record_saved(struct ui *ui, const struct record *r);
/* A record is gone from the server: tells NOTICE_RECORD_REMOVED. */
void ui_record_removed(struct ui *ui, const struct resource *res, long id,
                       long ticket_id);
/* Tells every pane and module (bottom to top, then modules). */
unsigned ui_notify(struct ui *ui, const struct ui_notice *n);

/* ---- modules (panestack.c) ---------------------------------------------- */
/* The module's state, created zeroed on first use; NULL only when every
 * slot is taken (a programming error: UI_MAX_MODULES is too small). */
void *ui_module(struct ui *ui, const struct ui_module *m);
/* Closes and frees every module (at shutdown). */
void ui_close_modules(struct ui *ui);
/* Submits req for module m; its answer goes to m->on_event. */
uint64_t ui_submit_module(struct ui *ui, const struct ui_module *m,
                          struct request *req, int what, long arg);

/* A clock drawn this frame changes in ms milliseconds: the loop wakes then
 * to draw it again (only while a frame keeps asking; idle otherwise). */
void ui_clock_tick(struct ui *ui, long ms);

/* ---- statusline.c ------------------------------------------------------ */
/* The status line's message. */
void ui_message(struct ui *ui, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ui_error(struct ui *ui, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Draw the title line and the status line (the loop's draw calls them). */
void ui_draw_title(struct ui *ui);
void ui_draw_status(struct ui *ui);

/* A hint line from the keymap: each entry shows the first key bound to
 * act (or, for ACT_NONE, the fixed key `key`) and what it does, so that
 * hints follow the user's bindings. */
struct key_hint {
	enum action act;
	int key;
	const char *what;
};
void ui_hint(const struct ui *ui, const struct key_hint *h, size_t n,
             const char *sep, char *buf, size_t len);
/* The same on the bottom edge of a box drawn by screen_box, after lead
 * (NULL: none), the parts separated by dots. */
void ui_box_hint(const struct ui *ui, const struct rect *box, const char *lead,
                 const struct key_hint *h, size_t n);

/* ---- tui.c: the loop ----------------------------------------------------- */
struct ui *ui_new(struct session *s, const struct tui_options *opt);
/* Keymap, theme, signals and the screen. Returns 0, or the exit status
 * (2: a usage or config problem, 1: anything else) with err set. */
int ui_begin(struct ui *ui, struct errbuf *err);
/* Runs until the user quits or the terminal goes away. Quitting waits
 * (with a countdown) for the changes in flight to be answered; a signal
 * (SIGHUP, SIGTERM, SIGINT) or a lost terminal saves every draft at once
 * and ends the loop. Returns 0 after a quit, else 128 + the signal (a lost
 * terminal counts as SIGHUP). */
int ui_run(struct ui *ui);
/* How many POSTs are sent and not yet answered. */
unsigned ui_changes_in_flight(const struct ui *ui);
/* Puts the UI on another session: what the panes hold is saved, every
 * pane and module closes (drafts let go, requests forgotten), the old
 * session closes (its worker stopped) and ns takes its place in *ui->s
 * (ns is left zeroed: nothing to close). The UI's own state of the old
 * session (requests pending, lookups asked, a countdown, quitting) starts
 * afresh. The caller refuses first what must not be dropped (a change in
 * flight) and opens the new start view after. */
void ui_replace_session(struct ui *ui, struct session *ns);
/* Runs fn once, ms milliseconds from now, replacing what slot t held
 * (ms < 0: nothing; the slot is cleared). fn returns the loop's flags. */
void ui_timer_set(struct ui *ui, enum ui_timer t, long ms, ui_timer_fn fn);
/* Closes every pane and module, restores the terminal, frees ui. */
void ui_free(struct ui **ui);
/* Out of memory: restores the terminal and exits, from one place. */
void ui_oom(void) __attribute__((noreturn));

#endif
