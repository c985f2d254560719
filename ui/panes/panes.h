/* SPDX-License-Identifier: MIT */
/* What panes offer each other (internal to ui/): opening a detail, a
 * picker or a prompt, the list's views, and actions shared by the list
 * and the detail. */
#ifndef HALO_UI_PANES_H
#define HALO_UI_PANES_H

#include "commands.h"
#include "draft.h"
#include "form.h"
#include "lineedit.h"
#include "me.h"
#include "ui.h"
#include "viewdef.h"

struct view;

/* ---- picker.c: choose one of a list; typing narrows it ---------------- */
struct picker_item {
	char *label;    /* owned by the picker once opened */
	long id;
};
/* Called after the picker closed with the chosen item (a copy). */
typedef unsigned (*picker_cb)(struct ui *ui, void *ctx,
                              const struct picker_item *it);
/* Takes items (and their labels), also on failure. */
struct pane *picker_open(struct ui *ui, const char *title,
                         struct picker_item *items, size_t n, size_t sel,
                         picker_cb cb, void *ctx);
/* The same, and the picker owns ctx: ctx_free(ctx) runs once when it is
 * done with it (after cb, on Esc, at shutdown, or on failure). */
struct pane *picker_open_owned(struct ui *ui, const char *title,
                               struct picker_item *items, size_t n,
                               size_t sel, picker_cb cb, void *ctx,
                               void (*ctx_free)(void *));
/* Items naming the entries of a loaded lookup list in `scope` (a
 * ticket's SLA for priorities; 0: all, one item per id), after `lead`
 * empty items at the front for the caller to fill; *n becomes lead + the
 * number of entries. *sel becomes the index of the last entry whose id is
 * cur_id or whose name is cur_name (NULL: by id only); it is left alone
 * when none is. */
struct picker_item *picker_lookup_items(const struct lookup_list *l,
                                        long scope, size_t lead, long cur_id,
                                        const char *cur_name, size_t *sel,
                                        size_t *n);
/* Items for records (a search's matches): their titles, sanitised. */
struct picker_item *picker_record_items(struct record *const *records,
                                        size_t n);

/* ---- prompt.c: one line of text on the status line -------------------- */
/* Called after the prompt closed with what was typed (never on Esc). */
typedef unsigned (*prompt_cb)(struct ui *ui, void *ctx, const char *text);
struct pane *prompt_open(struct ui *ui, const char *label,
                         const char *initial, prompt_cb cb, void *ctx);
/* What a prompt may offer besides editing: Tab completes (complete gives
 * the whole lines the text could become; several cycle, and are listed
 * on the prompt's line), Up and Down walk a history. Either may be NULL. */
struct history;
struct lineedit;
struct prompt_extras {
	size_t (*complete)(struct ui *ui, const char *line, char ***out);
	struct history *(*history)(struct ui *ui);
	/* Instead of complete: Tab completes the line in place, and says in
	 * note what to show beside it ("3 matches"); that note, like a
	 * refused edit's, is then drawn as a hint rather than an error. */
	void (*complete_in_place)(struct lineedit *le, char *note,
	                          size_t notelen);
};
struct pane *prompt_open_extras(struct ui *ui, const char *label,
                                const char *initial, prompt_cb cb, void *ctx,
                                const struct prompt_extras *x);

/* ---- complete.c, cmdhistory.c: the `:` line's Tab and Up/Down ---------- */
/* The lines that Tab may make of line (*out, the caller frees it with
 * complete_free); how many. */
size_t complete_line(struct ui *ui, const char *line, char ***out);
void complete_free(char ***v, size_t n);
/* The profile's command history, read on first use. */
struct history *cmdhistory(struct ui *ui);
/* Keeps line (unless it looks like a secret) and writes the history. */
void cmdhistory_add(struct ui *ui, const char *line);

/* ---- pathprompt.c: a file name, Tab completing it from the disk ------- */
struct pane *pathprompt_open(struct ui *ui, const char *label, prompt_cb cb,
                             void *ctx);

/* ---- attach.c: saving a ticket's files; the files a note carries ------- */
extern const struct ui_module attach_module;
/* Saves attachment id (its name as listed) in the download directory;
 * the answer says where, and opens it on a local display. */
void attach_save(struct ui *ui, long id, const char *name);
/* One of atts (of ticket): the only one at once, else a picker. */
unsigned attach_save_pick(struct ui *ui, struct record *const *atts, size_t n,
                          long ticket);
/* The note form's files: asks for one (checked at once against
 * attachment_max_mb), draws them on line y of r (returns the next line),
 * sends them to note action of ticket once it is in, or forgets them. */
unsigned note_files_prompt(struct ui *ui);
int note_files_draw(struct ui *ui, const struct rect *r, int y);
void note_files_send(struct ui *ui, long ticket, long action);
void note_files_forget(struct ui *ui);
size_t note_files_count(struct ui *ui);

/* ---- list.c, list_actions.c, list_tabs.c -------------------------------- */
struct view *list_current(struct ui *ui);
void list_push_view(struct ui *ui, struct view *v);
void list_switch(struct ui *ui, const struct resource *res);
int list_open_saved(struct ui *ui, const char *name);
void list_pick_saved(struct ui *ui);
/* Opens the view tab `step` tabs after the current one (-1: before). */
void list_tab_step(struct ui *ui, int step);
/* Reloads the list and its tabs' counts; asks again for what failed
 * (lookup lists, who I am, names). */
void list_refresh(struct ui *ui);
/* Pushes the list pane on resource (NULL: tickets). 0, or -1 when it is
 * not a list that can be browsed. */
int list_start(struct ui *ui, const char *resource);
/* A filter by its name or parameter; names of lookup values are resolved
 * once the lookup is loaded. Returns 0, or -1 (message set). */
int view_add_filter(struct ui *ui, struct view *v, const char *name,
                    const char *value);

/* ---- view_save.c: :save-view NAME ---------------------------------------- */
/* Saves the current list's resource, filters, search and sort as view
 * `name` in views.yaml; says where in the status line. */
void view_save(struct ui *ui, const char *name);

/* ---- me.c: the agent halotui acts as ------------------------------------- */
/* Who I am, or NULL until GET /api/Agent/me has answered. */
const struct me *me_known(struct ui *ui);
/* Why asking failed, or NULL. */
const char *me_error(struct ui *ui);
/* Asks the server once a session, in the background; `again` (a key the
 * user pressed) asks at once and again after a failure. The answer is
 * told to every pane and module as NOTICE_RESOLVED. */
void me_need(struct ui *ui, bool again);
/* Forgets a failure, so that the next need asks again (the refresh key). */
void me_retry(struct ui *ui);
/* The profile's agent: (an API application's only; a personal login is
 * the agent itself): its id, a name through the agents list. 0 when the
 * profile names none, or, with *wait, while that list is still to come
 * (asked for; again asks once more for one that failed); -1 when the
 * name is not an agent (err says why). */
long me_profile_agent(struct ui *ui, bool again, bool *wait,
                      struct errbuf *err);

/* ---- resolve.c: a view's names to its query ------------------------------ */
/* Resolves d (viewdef_resolve) with the session's lookup lists, who I am
 * and records found by name, asking for what is missing (*ready false
 * then; NOTICE_LOOKUP or NOTICE_RESOLVED tells when to try again). A
 * lookup list that failed to load is an error naming it. */
enum halo_status ui_resolve(struct ui *ui, const struct viewdef *d,
                            struct kv_list *params, struct kv_list *labels,
                            bool *ready, struct errbuf *err);
/* What failed (who I am, a name not found) is asked again when next
 * needed (the refresh key). */
void ui_resolve_again(struct ui *ui);

/* ---- detail.c ----------------------------------------------------------- */
/* Opens (or moves) the detail pane on a record, or on res/id by a GET. */
void detail_open_record(struct ui *ui, const struct record *r);
void detail_open_id(struct ui *ui, const struct resource *res, long id);
/* The same as detail_open_record, from the copy read a moment ago when
 * the row r shows nothing newer (the detail following the list's cursor):
 * no request then. */
void detail_follow_record(struct ui *ui, const struct record *r);
/* The record the detail shows, or NULL. */
const struct record *detail_record(struct ui *ui);
/* The notes it shows (*n of them), or NULL. */
struct record *const *detail_notes(struct ui *ui, size_t *n);
/* Its first line shown, and setting it (kept on the way back). */
long detail_top(struct ui *ui);
void detail_set_top(struct ui *ui, long top);

/* ---- help.c ------------------------------------------------------------- */
void help_open(struct ui *ui);
/* What changed in my queues since I last looked (changed.c). */
void changed_open(struct ui *ui);

/* ---- mytime.c: my time today --------------------------------------------- */
void mytime_open(struct ui *ui);

/* ---- command.c ---------------------------------------------------------- */
unsigned command_run(struct ui *ui, const char *line);
/* The `:` prompt. Over a form it runs only :help and :profile (which
 * says why it cannot switch now). */
void command_open(struct ui *ui);

/* ---- actions shared by the list and the detail (command.c) ------------- */
/* Edit, note, create, triage, jumps, help, `:`; sel may be NULL.
 * UI_NOT_MINE for what is none of these (movement). */
unsigned ui_common_action(struct ui *ui, enum action act,
                          const struct resource *res,
                          const struct record *sel);
/* Jumps from a record: to a linked record, or to a list filtered by it. */
unsigned ui_jump(struct ui *ui, enum action act, const struct record *sel);

/* ---- edit.c, edit_submit.c --------------------------------------------- */
void edit_open(struct ui *ui, enum form_mode mode, const struct resource *res,
               const struct record *r);
/* The note form whose note goes to every marked ticket (marks.h). */
void edit_open_bulk_note(struct ui *ui, const struct record *r);
/* Writes the draft as "sending", then makes its POST (for the caller to
 * submit). NULL, with the message set, when the draft could not be kept:
 * nothing is sent that could not be kept. */
struct request *edit_draft_post(struct ui *ui, struct draft *d,
                                const struct resource *res);
/* The answer to a draft's POST: the draft follows what the server did
 * (removed when applied; "unsent" when refused; "sent, answer unknown"
 * when it may have been applied). Returns ev->outcome. */
enum post_outcome edit_post_outcome(struct ui *ui, struct draft *d,
                                    const struct worker_event *ev);
/* Names the instance of this session as d's. */
void ui_draft_instance(struct ui *ui, struct draft *d);

/* ---- triage.c: one-field POSTs without a form ---------------------------- */
/* A picker of the field's values (opens when its list arrives). */
void triage_pick(struct ui *ui, const struct record *r, const char *key);
void triage_assign_me(struct ui *ui, const struct record *r);
/* Sends a draft outside a form; takes d's contents. */
void triage_send(struct ui *ui, struct draft *d);
/* Under client_credentials Halo records every note and assignment as the
 * API agent's, whoever sent it: the first applied one of the session
 * gets these words after its status message (how to log in as
 * yourself); "" after that, and for the per-user flows. */
const char *triage_api_agent_note(struct ui *ui);

/* ---- delete.c: D ---------------------------------------------------------- */
/* Asks to delete r (of res; NULL: none selected), or with notes (n > 0,
 * a ticket's, oldest first) which of the ticket and its notes first; the
 * record's id must be typed to send the DELETE. Refused at once on a
 * read-only profile. */
void delete_ask(struct ui *ui, const struct resource *res,
                const struct record *r, struct record *const *notes, size_t n);

/* ---- drafts_offer.c ------------------------------------------------------ */
/* Offers the next draft left by an earlier run, if any. */
void drafts_offer(struct ui *ui);

/* ---- profile.c ------------------------------------------------------------ */
/* :profile NAME: the TUI on another profile of the config, starting over
 * on its list; "" opens a picker of the profiles. Returns the flags. */
unsigned profile_command(struct ui *ui, const char *name);

/* ---- draft_check.c: a change that may have been applied, beside the
 * server's record ---------------------------------------------------------- */
enum check_choice {
	CHECK_KEEP,      /* keep it for later (Esc, q) */
	CHECK_SEND,      /* send it again: only once the record was shown,
	                  * and confirmed */
	CHECK_DISCARD,   /* it was applied: forget it */
};
/* Called after the pane closed, with the choice and the pane's draft,
 * which the callback may take (what it leaves is freed, the lock let go). */
typedef unsigned (*draft_check_fn)(struct ui *ui, long arg,
                                   enum check_choice c, struct draft *d);
/* Reads the record d changed again (a note's ticket and its latest notes;
 * for a new record, the newest of its kind) and shows it beside the
 * change. Takes d's contents. */
void draft_check_open(struct ui *ui, struct draft *d, draft_check_fn fn,
                      long arg);

/* ---- reach.c: out of halotui (clipboard, browser) ------------------------- */
/* Opens target (a URL or a file) with the desktop's opener where there
 * is a display; else, or when it fails, copies it (OSC 52) and shows it.
 * what names it in the status line ("ticket 12's page"). */
void reach_open(struct ui *ui, const char *what, const char *target);
/* y, Y and o on record r (NULL: nothing selected). UI_NOT_MINE for other
 * actions. */
unsigned reach_action(struct ui *ui, enum action act, const struct record *r);
/* Whether line is a footnote of rendered HTML ("[2] https://..."):
 * its URL is line[*off..*off + *len). */
bool reach_footnote(const char *line, size_t *off, size_t *len);

/* ---- backstack.c: the way back through cross-links ------------------------- */
/* Keeps the focused detail (record, scroll) before a jump leaves it. */
void back_push_detail(struct ui *ui);
/* Reopens the detail kept over the list view now on top, if any: true
 * when it did (the detail open before, if any, is closed). */
bool back_reopen(struct ui *ui);

/* ---- the panes, each in its own file -------------------------------------- */
extern const struct pane_ops list_pane_ops;
extern const struct pane_ops detail_pane_ops;
extern const struct pane_ops edit_pane_ops;
extern const struct pane_ops help_pane_ops;
extern const struct pane_ops changed_pane_ops;
extern const struct pane_ops picker_pane_ops;
extern const struct pane_ops prompt_pane_ops;
extern const struct pane_ops draft_check_pane_ops;

#endif
