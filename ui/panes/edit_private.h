/* SPDX-License-Identifier: MIT */
/* Shared by the edit*.c files only; the contract for the other panes is
 * panes.h (edit_open, edit_draft_post) and ui.h.
 *   edit.c         the pane: opening, drawing, keys, leaving, closing
 *   edit_field.c   changing one field: pickers, a link by name, $EDITOR
 *   edit_submit.c  sending: the form's POST and its answer */
#ifndef HALO_UI_EDIT_PRIVATE_H
#define HALO_UI_EDIT_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "panes.h"

/* What the pane's requests are for (struct pending's what). */
enum edit_what { WHAT_POST = 1, WHAT_CLIENT_SEARCH = 2, WHAT_FULL = 3,
                 WHAT_NOTE_TICKET = 4, WHAT_OUTCOMES = 5, WHAT_CANNED = 6,
                 WHAT_CANNED_ONE = 7, WHAT_SCOPED = 8 };

/* A note form's own: its timer, the outcomes the ticket's workflow step
 * allows, canned text (edit_note.c). */
struct edit_note {
	struct timespec opened;   /* CLOCK_MONOTONIC: the timer's start */
	long wf_id, wf_step;      /* the ticket's workflow and step; 0 none */
	struct record **outcomes; /* GET /Outcome's answer, owned */
	size_t noutcomes;
	bool outcomes_loaded, pick_when_loaded;
	char outcomes_error[300];
	struct record **canned;   /* GET /CannedText's answer, owned */
	size_t ncanned;
};

struct edit_state {
	struct form fm;
	char link_text[128];      /* the name a link search is for */
	struct scroller scroll;   /* the cursor over fm's fields */
	bool inline_on;
	struct lineedit le;
	bool sending;
	bool loading;         /* the full record is on its way */
	struct draft draft;
	char title[200];
	struct record **choices;  /* the link picker's records (edit_pick.c) */
	size_t nchoices;
	struct edit_note note;    /* FORM_NOTE only */
	bool bulk;            /* a note for the marked tickets: its body goes
	                       * to the bulk change, no draft is kept */
};

/* The selected field's index. */
static inline size_t edit_sel(const struct edit_state *st)
{
	return (size_t)st->scroll.cursor;
}

/* ---- edit_field.c ------------------------------------------------------ */
/* Enter on the selected field: toggles, opens a picker or a prompt, the
 * editor for multi-line text, or edits in place. */
unsigned edit_change_field(struct ui *ui, struct edit_state *st);
/* Text pasted into the selected field: in place at the cursor; a long
 * text field keeps every line (it becomes the field's value, or is added
 * at the end of a value of several lines); a field of one line refuses
 * several lines; a field that holds no text refuses. Says what it did
 * or why not. Returns the flags. */
unsigned edit_paste_field(struct ui *ui, struct edit_state *st,
                          const char *text, size_t len);
/* The answer to a link search by name: a picker of the matches. */
void edit_link_results(struct ui *ui, struct edit_state *st,
                       struct worker_event *ev, long field);
/* Edits text in $VISUAL / $EDITOR (fallback vi). Returns the new text
 * (the caller frees it), or NULL when the editor failed (message set). */
char *edit_externally(struct ui *ui, const char *text);

/* ---- edit_pick.c ------------------------------------------------------- */
/* Enter on a link whose records belong to another field's (a site, a user
 * of the chosen client): asks for the owner's records and returns true;
 * false when there is no owner or it is not chosen yet. */
bool edit_pick_scoped(struct ui *ui, struct pane *p, struct edit_state *st,
                      size_t field);
/* The owner's records arrived: a picker of them. */
void edit_pick_scoped_results(struct ui *ui, struct edit_state *st,
                              struct worker_event *ev, long field);
/* The matches of a name typed for a link: a picker (each with its owner
 * while none is chosen), or the one exact name at once. */
void edit_pick_search_results(struct ui *ui, struct edit_state *st,
                              struct worker_event *ev, long field);
/* Field i (an owner) changed from old_id: links it owned are cleared. */
void edit_pick_owner_changed(struct ui *ui, struct edit_state *st, size_t i,
                             long old_id);
/* Frees the picker's records. */
void edit_pick_forget(struct edit_state *st);

/* ---- edit_submit.c ----------------------------------------------------- */
/* The form's draft: whose it is (the instance, the record), unsaved. */
void edit_draft_begin(struct ui *ui, struct edit_state *st);
/* Saves the form's draft when it changed (pane_ops.persist); removes an
 * unsent one when nothing is left to keep. */
void edit_persist(struct ui *ui, struct pane *p);
/* Sends the form's changes (draft first). One that may have been applied
 * is checked against the server's record first. Returns the flags. */
unsigned edit_submit(struct ui *ui, struct pane *p, struct edit_state *st);
/* The server's answer to the form's POST: closes the pane when saved, or
 * keeps it with the server's words by field. Returns the flags. */
unsigned edit_post_done(struct ui *ui, struct pane *p, struct edit_state *st,
                        struct worker_event *ev);

/* ---- edit_note.c ------------------------------------------------------- */
/* A note form opened on ticket r: starts its timer and asks for the
 * outcomes the ticket's workflow step allows (reading the ticket first
 * when r does not say which workflow it is at). */
void edit_note_begin(struct ui *ui, struct pane *p, struct edit_state *st,
                     const struct record *r);
/* Answers to the note form's own requests (WHAT_NOTE_TICKET..). */
unsigned edit_note_event(struct ui *ui, struct pane *p, struct edit_state *st,
                         struct worker_event *ev, int what, long arg);
/* Enter on the Outcome field: a picker of the allowed outcomes, private
 * ones first, each labelled private or public. */
unsigned edit_note_pick_outcome(struct ui *ui, struct pane *p,
                                struct edit_state *st);
/* The canned-text key: a picker of the agent's canned texts; the chosen
 * one goes into the note at the cursor, its placeholders as they are. */
unsigned edit_note_canned(struct ui *ui, struct pane *p, struct edit_state *st);
/* The timer now (fm.timer_s), and its text for the Time field when no time
 * was typed; asks the loop to draw it again when it changes. */
void edit_note_timer(struct ui *ui, struct edit_state *st, char *buf,
                     size_t len);
void edit_note_done(struct edit_state *st);

#endif
