/* Fitting columns into a terminal width, and laying out one row as a
 * string. Shared by the command line's table and the TUI's lists; tested
 * as strings without a terminal. */
#ifndef HALO_COLUMNS_H
#define HALO_COLUMNS_H

#include <stdbool.h>

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

#endif
