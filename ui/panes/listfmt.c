#include "config.h"
#include "listfmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "text.h"

void listfmt_init(struct listfmt *lf, const struct resource *res, int width)
{
	struct column_spec specs[LISTFMT_MAX_COLS];

	memset(lf, 0, sizeof *lf);
	lf->res = res;
	lf->width = width > 0 ? width : 0;
	if (!res)
		return;
	for (size_t i = 0; i < res->nfields && lf->n < LISTFMT_MAX_COLS; i++) {
		const struct field_def *f = &res->fields[i];
		if (!(f->flags & FIELD_COLUMN))
			continue;
		specs[lf->n].width = f->width > 0 ? f->width : 10;
		specs[lf->n].min_width = f->min_width > 0 ? f->min_width : 3;
		specs[lf->n].flex = (f->flags & FIELD_FLEX) != 0;
		/* The title column (flex) keeps a third of the width when it can,
		 * so that a narrow pane drops columns rather than squeeze it. */
		if (specs[lf->n].flex) {
			int third = lf->width / 3;
			if (third > specs[lf->n].width)
				third = specs[lf->n].width;
			if (third > specs[lf->n].min_width)
				specs[lf->n].min_width = third;
		}
		lf->fields[lf->n++] = f;
	}
	if (lf->n && lf->width)
		lf->shown = columns_fit(specs, lf->n, lf->width, lf->widths);
}

char *listfmt_header(const struct listfmt *lf, const char *sort_key,
                     bool desc)
{
	const char *cells[LISTFMT_MAX_COLS];
	char *owned[LISTFMT_MAX_COLS] = { NULL };
	char *line;

	for (int i = 0; i < lf->n; i++) {
		const struct field_def *f = lf->fields[i];
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
	line = columns_row(cells, lf->widths, lf->n);
	for (int i = 0; i < lf->n; i++)
		free(owned[i]);
	return line;
}

char *listfmt_row(const struct listfmt *lf, const struct record *r,
                  const struct lookups *lk)
{
	char *cells[LISTFMT_MAX_COLS] = { NULL };
	char *line = NULL;
	int i;

	for (i = 0; i < lf->n; i++) {
		if (!lf->widths[i]) {
			cells[i] = NULL;
			continue;
		}
		cells[i] = record_display(r, lf->fields[i], lk);
		if (!cells[i])
			goto out;
	}
	{
		const char *c[LISTFMT_MAX_COLS];
		for (int j = 0; j < lf->n; j++)
			c[j] = cells[j] ? cells[j] : "";
		line = columns_row(c, lf->widths, lf->n);
	}
out:
	for (int j = 0; j < lf->n; j++)
		free(cells[j]);
	return line;
}

char *listfmt_placeholder(const struct listfmt *lf, bool failed)
{
	const char *msg = failed ? "(not loaded: r retries)" : "\xe2\x80\xa6 loading";

	return text_fit(msg, lf->width, 1);
}
