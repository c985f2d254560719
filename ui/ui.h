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
#include "draft.h"
#include "keymap.h"
#include "layout.h"
#include "session.h"
#include "theme.h"
#include "tui.h"
#include "worker.h"

enum ui_flags {
	UI_REDRAW   = 1 << 0,  /* draw the screen again */
	UI_RELAYOUT = 1 << 1,  /* pane sizes changed */
	UI_QUIT     = 1 << 2,  /* leave the program */
	UI_CLOSE    = 1 << 3,  /* close the pane that returned it */
};

struct ui;
struct pane;

struct pane_ops {
	const char *name;
	/* Called once when pushed; arg is the pane's own. Returns 0 or -1. */
	int (*open)(struct ui *ui, struct pane *p, void *arg);
	/* A finished request that this pane submitted. The pane may keep
	 * ev's parts by taking them (setting them NULL); the loop frees ev. */
	unsigned (*on_event)(struct ui *ui, struct pane *p,
	                     struct worker_event *ev, int what, long arg);
	void (*draw)(struct ui *ui, struct pane *p, bool focused);
	/* key is the keymap's code; act what the keymap made of it. */
	unsigned (*handle)(struct ui *ui, struct pane *p, int key,
	                   enum action act);
	void (*close)(struct ui *ui, struct pane *p);
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

/* What a request was for, so that its event finds its owner. */
struct pending {
	uint64_t id;
	unsigned pane;     /* pane serial, 0: the UI itself */
	int what;
	long arg;
	bool post;         /* a POST: shown in the status line */
};

struct ui {
	struct session *s;
	const struct tui_options *opt;
	struct keymap keys;
	struct theme theme;
	int attrs[ROLE__COUNT];     /* curses attributes per role */
	struct layout lay;
	int rows, cols;
	bool split_focus_detail;    /* split layout: the detail has the keys */

	struct pane panes[UI_MAX_PANES];
	int npanes;
	unsigned next_serial;
	unsigned next_group;

	struct pending *pend;
	size_t npend, cappend;

	/* The status line. */
	char message[512];
	bool message_is_error;
	struct timespec wait_until;   /* a visible countdown; 0 when none */
	int wait_status;
	uint64_t wait_id;             /* the request the countdown is for */

	long me_id;                   /* from /api/Agent/me; 0 unknown */
	/* Drafts of one-field POSTs (triage, resent drafts) in flight. */
	struct draft inflight[8];
	bool inflight_used[8];
	char drafts_offered[1024];    /* drafts up to this path were offered */
	bool lookups_asked[LOOKUP__COUNT];
	bool lookups_failed[LOOKUP__COUNT];
	/* A triage key pressed before its list arrived: the picker opens
	 * when the list does (owned copy of the record). */
	struct record *triage_record;
	char triage_key[32];
	bool first_rows_traced;
	bool first_frame_traced;
	bool quit;
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
unsigned ui_new_group(struct ui *ui);
/* Applies every finished request to the pane that asked (the lookups to
 * the session). Returns the flags. */
unsigned ui_drain_worker(struct ui *ui);

/* Makes sure the lookup list is loaded or on its way. */
void ui_need_lookup(struct ui *ui, enum lookup_kind kind);
void ui_need_lookups_for(struct ui *ui, const struct resource *res);
/* The lookup list when it is loaded; else asks for it, tells the user
 * to try again in a moment, and returns NULL. */
const struct lookup_list *ui_lookup_or_ask(struct ui *ui,
                                           enum lookup_kind kind);
/* Searches res for a name the user typed (the first page of matches);
 * the answer goes to pane p as what/arg. */
void ui_search_link(struct ui *ui, struct pane *p, const struct resource *res,
                    const char *text, int what, long arg);
/* Asks again for lookup lists that failed (the refresh key). */
void ui_retry_lookups(struct ui *ui);

/* A record saved on the server replaces the cached copy everywhere. */
void ui_record_saved(struct ui *ui, const struct record *r);

/* ---- statusline.c ------------------------------------------------------ */
/* The status line's message. */
void ui_message(struct ui *ui, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ui_error(struct ui *ui, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Draw the title line and the status line (the loop's draw calls them). */
void ui_draw_title(struct ui *ui);
void ui_draw_status(struct ui *ui);

/* list.c: the left part of the status line (view, filter, row N of M);
 * a click on the list; the initial view. */
void list_status(struct ui *ui, char *buf, size_t len);
void list_click(struct ui *ui, struct pane *p, int y);
int ui_start_list(struct ui *ui, const char *resource);
/* edit_submit.c: offers drafts left by an earlier run; the answers to
 * one-field POSTs (which the list pane receives, what >= UI_WHAT_TRIAGE). */
void ui_offer_drafts(struct ui *ui);
#define UI_WHAT_TRIAGE 10
#define UI_WHAT_ME 11
unsigned triage_event(struct ui *ui, struct worker_event *ev, int what,
                      long arg);

/* tui.c: out of memory: restores the terminal and exits, from one place. */
void ui_oom(void) __attribute__((noreturn));

/* The panes, each in its own file. */
extern const struct pane_ops list_pane_ops;
extern const struct pane_ops detail_pane_ops;
extern const struct pane_ops edit_pane_ops;
extern const struct pane_ops help_pane_ops;
extern const struct pane_ops picker_pane_ops;
extern const struct pane_ops prompt_pane_ops;

#endif
