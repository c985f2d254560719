/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "columns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Drops the rightmost droppable column: non-flex ones first, so the title
 * column (flex) survives longest. Returns 0 when nothing is left. */
static int drop_one(const struct column_spec *cols, int n, bool *shown)
{
	for (int pass = 0; pass < 2; pass++)
		for (int i = n - 1; i >= 0; i--)
			if (shown[i] && (pass == 1 || !cols[i].flex)) {
				shown[i] = false;
				return 1;
			}
	return 0;
}

static int min_total(const struct column_spec *cols, int n, const bool *shown)
{
	int total = 0, count = 0;

	for (int i = 0; i < n; i++)
		if (shown[i]) {
			total += cols[i].min_width > 0 ? cols[i].min_width : 1;
			count++;
		}
	return count ? total + count - 1 : 0;
}

int columns_fit(const struct column_spec *cols, int n, int total, int *out)
{
	bool shown[64];
	int left, nflex = 0, count = 0;

	/* Columns past the 64th are dropped, but out[] still says so. */
	for (int i = 64; i < n; i++)
		out[i] = 0;
	if (n > 64)
		n = 64;
	for (int i = 0; i < n; i++)
		shown[i] = true;
	while (min_total(cols, n, shown) > total)
		if (!drop_one(cols, n, shown))
			break;

	left = total - min_total(cols, n, shown);
	for (int i = 0; i < n; i++) {
		out[i] = 0;
		if (!shown[i])
			continue;
		count++;
		out[i] = cols[i].min_width > 0 ? cols[i].min_width : 1;
		if (cols[i].flex)
			nflex++;
	}
	if (left < 0)
		left = 0;
	/* The title (flex) column first, up to its preferred width: it says
	 * what a row is. Then the others, left to right. */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < n && left > 0; i++) {
			int want;

			if (!shown[i] || cols[i].width <= out[i] ||
			    (pass == 0) != cols[i].flex)
				continue;
			want = cols[i].width - out[i];
			if (want > left)
				want = left;
			out[i] += want;
			left -= want;
		}
	/* What remains goes to the flex columns (the last one takes the odd
	 * columns); without one, no column grows past its preferred width. */
	if (left > 0 && nflex > 0) {
		int share = left / nflex, extra = left % nflex, seen = 0;

		for (int i = 0; i < n; i++)
			if (shown[i] && cols[i].flex) {
				seen++;
				out[i] += share + (seen == nflex ? extra : 0);
			}
	}
	return count;
}

char *columns_row(const char *const *cells, const int *widths, int n)
{
	char *fitted[64] = { 0 };
	size_t len = 0, pos = 0;
	char *line = NULL;

	if (n > 64)
		n = 64;
	/* Fit first, then join: combining marks make bytes per column unbounded. */
	for (int i = 0; i < n; i++) {
		if (widths[i] <= 0)
			continue;
		fitted[i] = text_fit(cells[i] ? cells[i] : "", widths[i], 1);
		if (!fitted[i])
			goto out;
		len += strlen(fitted[i]) + 1;
	}
	line = malloc(len + 1);
	if (!line)
		goto out;
	for (int i = 0; i < n; i++) {
		size_t clen;

		if (!fitted[i])
			continue;
		if (pos > 0)
			line[pos++] = ' ';
		clen = strlen(fitted[i]);
		memcpy(line + pos, fitted[i], clen);
		pos += clen;
	}
	line[pos] = '\0';
out:
	for (int i = 0; i < n; i++)
		free(fitted[i]);
	return line;
}

/* Adds field f to the layout's columns, with its spec in specs[]. */
static void layout_add(struct column_layout *cl, struct column_spec *specs,
                       const struct field_def *f)
{
	struct column_spec *sp = &specs[cl->n];

	sp->width = f->width > 0 ? f->width : 10;
	sp->min_width = f->min_width > 0 ? f->min_width : 3;
	sp->flex = (f->flags & FIELD_FLEX) != 0;
	if (sp->flex) {
		int third = cl->width / 3;

		if (third > sp->width)
			third = sp->width;
		if (third > sp->min_width)
			sp->min_width = third;
	}
	cl->fields[cl->n++] = f;
}

static void layout(struct column_layout *cl, const struct resource *res,
                   int width, bool optional)
{
	struct column_spec specs[COLUMNS_MAX];

	memset(cl, 0, sizeof *cl);
	cl->res = res;
	cl->width = width > 0 ? width : 0;
	/* The list's columns in table order. An optional one (a computed
	 * column such as the SLA countdown) is the screen's only: the command
	 * line's output keeps the columns scripts already read. */
	for (size_t i = 0; res && i < res->nfields && cl->n < COLUMNS_MAX; i++) {
		const struct field_def *f = &res->fields[i];

		if (!(f->flags & FIELD_COLUMN) ||
		    ((f->flags & FIELD_OPTIONAL) && !optional))
			continue;
		layout_add(cl, specs, f);
	}
	if (cl->n && cl->width)
		cl->shown = columns_fit(specs, cl->n, cl->width, cl->widths);
}

void columns_layout_sorted(struct column_layout *cl,
                           const struct resource *res, int width,
                           const char *sort_key)
{
	(void)sort_key;   /* every screen column shows, sorted by it or not */
	layout(cl, res, width, width > 0);
}

void columns_layout(struct column_layout *cl, const struct resource *res,
                    int width)
{
	layout(cl, res, width, false);
}

int columns_find(const struct column_layout *cl, unsigned flag, int *x)
{
	int at = 0;

	for (int i = 0; i < cl->n; i++) {
		if (!cl->widths[i])
			continue;
		if (cl->fields[i]->flags & flag) {
			if (x)
				*x = at;
			return i;
		}
		at += cl->widths[i] + 1;
	}
	return -1;
}

char *columns_header(const struct column_layout *cl, const char *sort_key,
                     bool desc)
{
	const char *cells[COLUMNS_MAX];
	char *owned[COLUMNS_MAX] = { NULL };
	char *line;

	for (int i = 0; i < cl->n; i++) {
		const struct field_def *f = cl->fields[i];

		cells[i] = f->label ? f->label : f->key;
		if (sort_key && strcmp(sort_key, f->key) == 0) {
			size_t len = strlen(cells[i]) + 8;

			owned[i] = malloc(len);
			if (owned[i]) {
				snprintf(owned[i], len, "%s%s", cells[i],
				         desc ? "\xe2\x96\xbc" : "\xe2\x96\xb2");
				cells[i] = owned[i];
			}
		}
	}
	line = columns_row(cells, cl->widths, cl->n);
	for (int i = 0; i < cl->n; i++)
		free(owned[i]);
	return line;
}

char *columns_record(const struct column_layout *cl, const struct record *r,
                     const struct lookups *lk)
{
	char *cells[COLUMNS_MAX] = { NULL };
	const char *shown[COLUMNS_MAX];
	char *line = NULL;
	int i;

	/* Only the shown columns: a dropped one costs no lookup or HTML. */
	for (i = 0; i < cl->n; i++) {
		if (cl->widths[i]) {
			cells[i] = record_display(r, cl->fields[i], lk);
			if (!cells[i])
				goto out;
		}
		shown[i] = cells[i] ? cells[i] : "";
	}
	line = columns_row(shown, cl->widths, cl->n);
out:
	for (int j = 0; j < cl->n; j++)
		free(cells[j]);
	return line;
}
