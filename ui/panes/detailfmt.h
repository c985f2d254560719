/* SPDX-License-Identifier: MIT */
/* The detail pane's text, apart from the screen: the engine's record text
 * (recordtext.h: title, fields with names for ids, custom fields) and
 * notes (note.h: who, when, outcome, private) laid out in lines, with the
 * body wrapped. Pure; tested as strings. */
#ifndef HALO_UI_DETAILFMT_H
#define HALO_UI_DETAILFMT_H

#include <stdbool.h>
#include <stddef.h>
#include "lookup.h"
#include "record.h"
#include "theme.h"

struct dline {
	char *text;
	enum theme_role role;
	int label_w;        /* leading columns drawn as a label */
};

struct dlines {
	struct dline *l;
	size_t n, cap;
};

enum notes_state { NOTES_NONE, NOTES_LOADING, NOTES_LOADED, NOTES_FAILED };

/* Builds the lines for width columns (>= 10). notes may be NULL. Returns
 * 0, -1 out of memory (out is then empty). */
int detail_build(struct dlines *out, const struct record *r,
                 const struct lookups *lk, struct record *const *notes,
                 size_t nnotes, enum notes_state ns, const char *notes_error,
                 int width);
void dlines_free(struct dlines *d);

/* A note's heading line as the detail shows it ("── when · who · outcome
 * · [private]") into buf; *is_private (may be NULL) says whether the note
 * is hidden from the end user. Returns 0, -1 out of memory. */
int detail_note_head(const struct record *n, const struct lookups *lk,
                     char *buf, size_t len, bool *is_private);

#endif
