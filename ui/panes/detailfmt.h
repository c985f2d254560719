/* The detail pane's text, apart from the screen: a record's fields (names
 * for ids, local dates, sentinels empty), custom fields, the HTML body
 * rendered and wrapped, and a ticket's notes in time order with who, when,
 * outcome and a private marker. Pure; tested as strings. */
#ifndef HALO_UI_DETAILFMT_H
#define HALO_UI_DETAILFMT_H

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

/* Sorts notes oldest first (by datetime, then id); undated ones last. */
void detail_sort_notes(struct record **notes, size_t n);

#endif
