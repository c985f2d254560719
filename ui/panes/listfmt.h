/* SPDX-License-Identifier: MIT */
/* A list pane's rows as strings: the engine's columns (columns.h: which
 * columns, their widths, names for ids) and the line of a row whose page
 * is still on its way. Pure; tested as strings. */
#ifndef HALO_UI_LISTFMT_H
#define HALO_UI_LISTFMT_H

#include <stdbool.h>
#include "columns.h"

struct listfmt {
	struct column_layout cols;
	char sort[64];      /* the sort it was laid out for ("" none) */
};

/* Fits the resource's list columns into width columns. */
void listfmt_init(struct listfmt *lf, const struct resource *res, int width);

/* The same for a list sorted by field sort_key (NULL: the resource's
 * order): optional columns (the SLA) as columns_layout_sorted places
 * them. listfmt_sorted_by says whether lf was laid out for sort_key. */
void listfmt_init_sorted(struct listfmt *lf, const struct resource *res,
                         int width, const char *sort_key);
bool listfmt_sorted_by(const struct listfmt *lf, const char *sort_key);

/* The header line; the sorted column's label gets an arrow. Caller frees;
 * NULL when out of memory. */
char *listfmt_header(const struct listfmt *lf, const char *sort_key,
                     bool desc);

/* One record as a line of exactly the pane's width (fewer when no column
 * fits). Caller frees; NULL when out of memory. */
char *listfmt_row(const struct listfmt *lf, const struct record *r,
                  const struct lookups *lk);

/* The line shown for a row whose page is in flight (or failed). */
char *listfmt_placeholder(const struct listfmt *lf, bool failed);

#endif
