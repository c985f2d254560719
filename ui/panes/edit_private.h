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

#include "panes.h"

/* What the pane's requests are for (struct pending's what). */
enum edit_what { WHAT_POST = 1, WHAT_CLIENT_SEARCH = 2, WHAT_FULL = 3 };

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

#endif
