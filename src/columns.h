/* SPDX-License-Identifier: MIT */
/* A resource's list as rows of text: which columns, how wide in a given
 * terminal width, the header, and a record's values laid out. Shared by
 * the command line's table and the TUI's lists, so that both show the
 * same columns and values; tested as strings without a terminal. */
#ifndef HALO_COLUMNS_H
#define HALO_COLUMNS_H

#include <stdbool.h>
#include "lookup.h"
#include "record.h"
#include "resource.h"

struct column_spec {
	int width;       /* preferred */
	int min_width;   /* narrowest useful; the column is dropped below it */
	bool flex;       /* takes what is left over */
};

/* Widths for n columns in `total` columns with one space between columns.
 * Every shown column gets at least its min_width; then columns grow to
 * their preferred width left to right; flex columns share what remains.
 * Columns that cannot get min_width are dropped from the right (a flex
 * column last). Writes out[i] (0 for dropped) and returns the number shown. */
int columns_fit(const struct column_spec *cols, int n, int total, int *out);

/* One line: each cell fitted (text_fit, padded) to widths[i] and joined by
 * single spaces; columns with width 0 are skipped; trailing spaces kept so
 * that the line is exactly the fitted width. Cells must be sanitised.
 * Caller frees; NULL when out of memory. */
char *columns_row(const char *const *cells, const int *widths, int n);

#define COLUMNS_MAX 16

/* The columns of a resource's list fitted into a width. */
struct column_layout {
	const struct resource *res;
	int n;                                  /* the list's columns */
	const struct field_def *fields[COLUMNS_MAX];
	int widths[COLUMNS_MAX];                /* 0: dropped, or not fitted */
	int shown;                              /* columns with a width */
	int width;
};

/* The FIELD_COLUMN fields of res in table order, fitted into width
 * columns (columns_fit); the title column keeps a third of the width when
 * it can, so that a narrow terminal drops columns rather than squeeze it.
 * width <= 0 lists the columns without fitting them (TSV). res may be
 * NULL (no columns). */
void columns_layout(struct column_layout *cl, const struct resource *res,
                    int width);

/* The same as the TUI shows it, for a list sorted by field sort_key
 * (NULL: the resource's order): optional columns (FIELD_OPTIONAL, such as
 * the SLA countdown) are laid out in their places like the others, and
 * a narrow terminal drops them like the others. columns_layout (the
 * command line) leaves optional columns out. */
void columns_layout_sorted(struct column_layout *cl,
                           const struct resource *res, int width,
                           const char *sort_key);

/* The first shown column whose field has `flag` (FIELD_SLA): its index,
 * and in *x (may be NULL) its first screen column from the line's start;
 * -1 when none is shown. */
int columns_find(const struct column_layout *cl, unsigned flag, int *x);

/* The header line: the labels, the sort column's with an arrow (sort_key
 * NULL: none). Caller frees; NULL when out of memory. */
char *columns_header(const struct column_layout *cl, const char *sort_key,
                     bool desc);

/* A record's line: the display values (record_display: names for ids,
 * local dates) of the shown columns, each fitted to its width. Caller
 * frees; NULL when out of memory. */
char *columns_record(const struct column_layout *cl, const struct record *r,
                     const struct lookups *lk);

#endif
