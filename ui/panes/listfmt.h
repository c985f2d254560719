/* A list's rows as strings: the resource's columns fitted to the pane's
 * width (columns_fit), names for ids (record_display), wide characters
 * aligned by display width. Pure; tested as strings. */
#ifndef HALO_UI_LISTFMT_H
#define HALO_UI_LISTFMT_H

#include <stdbool.h>
#include "lookup.h"
#include "record.h"
#include "resource.h"

#define LISTFMT_MAX_COLS 16

struct listfmt {
	const struct resource *res;
	int n;                                     /* columns of the table */
	const struct field_def *fields[LISTFMT_MAX_COLS];
	int widths[LISTFMT_MAX_COLS];              /* 0: dropped */
	int shown;
	int width;
};

/* Fits the resource's FIELD_COLUMN fields into width columns. */
void listfmt_init(struct listfmt *lf, const struct resource *res, int width);

/* The header line; the sorted column's label gets an arrow. Caller frees;
 * NULL when out of memory. */
char *listfmt_header(const struct listfmt *lf, const char *sort_key,
                     bool desc);

/* One record as a line of exactly lf->width columns (fewer when no column
 * fits). Caller frees; NULL when out of memory. */
char *listfmt_row(const struct listfmt *lf, const struct record *r,
                  const struct lookups *lk);

/* The line shown for a row whose page is in flight (or failed). */
char *listfmt_placeholder(const struct listfmt *lf, bool failed);

#endif
