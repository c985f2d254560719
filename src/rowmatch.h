/* SPDX-License-Identifier: MIT */
/* A pattern over a list's rows as people see them (the TUI's mark by
 * pattern, like mutt's tag-pattern): plain text matches a row when any
 * of its columns contains it, "name=value" when that column reads value
 * (either ignoring case). The name is a column's label, key or alias
 * (status, Status, status_id), split as filters are (filter_split). */
#ifndef HALO_ROWMATCH_H
#define HALO_ROWMATCH_H

#include <stdbool.h>
#include "columns.h"
#include "errbuf.h"
#include "lookup.h"
#include "record.h"

struct rowmatch {
	const struct field_def *field;   /* NULL: any column */
	char text[256];                  /* what to look for */
};

/* Reads a pattern over the columns of cl (the fitted list: only columns
 * shown count). HALO_EUSAGE naming the columns for an unknown name, and
 * for an empty pattern. */
enum halo_status rowmatch_parse(struct rowmatch *m,
                                const struct column_layout *cl,
                                const char *text, struct errbuf *err);

/* Whether record r matches. -1 when out of memory. */
int rowmatch_test(const struct rowmatch *m, const struct column_layout *cl,
                  const struct record *r, const struct lookups *lk);

#endif
