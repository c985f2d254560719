/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "listfmt.h"

#include <stdio.h>
#include <string.h>

#include "text.h"

void listfmt_init(struct listfmt *lf, const struct resource *res, int width)
{
	columns_layout(&lf->cols, res, width);
	lf->sort[0] = '\0';
}

void listfmt_init_sorted(struct listfmt *lf, const struct resource *res,
                         int width, const char *sort_key)
{
	columns_layout_sorted(&lf->cols, res, width, sort_key);
	snprintf(lf->sort, sizeof lf->sort, "%s", sort_key ? sort_key : "");
}

bool listfmt_sorted_by(const struct listfmt *lf, const char *sort_key)
{
	return strcmp(lf->sort, sort_key ? sort_key : "") == 0;
}

char *listfmt_header(const struct listfmt *lf, const char *sort_key,
                     bool desc)
{
	return columns_header(&lf->cols, sort_key, desc);
}

char *listfmt_row(const struct listfmt *lf, const struct record *r,
                  const struct lookups *lk)
{
	return columns_record(&lf->cols, r, lk);
}

char *listfmt_placeholder(const struct listfmt *lf, bool failed)
{
	const char *msg = failed ? "(not loaded: r retries)" : "\xe2\x80\xa6 loading";

	return text_fit(msg, lf->cols.width, 1);
}
