/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "paging.h"

#include <limits.h>

/* The default request size when none is configured (HALO_API.md 3.3). */
#define PAGING_DEFAULT_SIZE 50

/* A served size of 0 or less (an empty page, a bad page_size member) would
 * divide by zero; treat it as one row a page so the arithmetic stays sane. */
static long safe_size(int page_size)
{
	return page_size < 1 ? 1 : page_size;
}

long paging_page_count(long record_count, int page_size)
{
	long ps = safe_size(page_size);

	if (record_count <= 0)
		return 0;
	/* Not (n + ps - 1) / ps: that overflows near LONG_MAX. */
	return record_count / ps + (record_count % ps != 0);
}

long paging_page_of_row(long row, int page_size)
{
	long page;

	if (row < 0)
		row = 0;
	page = row / safe_size(page_size);
	return page == LONG_MAX ? LONG_MAX : page + 1;
}

long paging_first_row(long page_no, int page_size)
{
	long ps = safe_size(page_size);

	if (page_no < 1)
		return 0;
	if (page_no - 1 > LONG_MAX / ps)
		return LONG_MAX;
	return (page_no - 1) * ps;
}

int paging_request_size(int configured, long limit)
{
	int size = configured <= 0 ? PAGING_DEFAULT_SIZE : configured;

	if (size > PAGING_MAX_PAGE_SIZE)
		size = PAGING_MAX_PAGE_SIZE;
	if (limit > 0 && limit < size)
		size = (int)limit;
	return size;
}

int paging_window(long top, int height, int margin, long record_count,
                  int page_size, long *first, long *last)
{
	long lo, hi, span;

	if (record_count <= 0)
		return 0;
	/* A set that shrank under a scrolled view: show its end. */
	if (top >= record_count)
		top = record_count - 1;
	if (top < 0)
		top = 0;
	if (height < 1)
		height = 1;
	if (margin < 0)
		margin = 0;
	lo = top > margin ? top - margin : 0;
	/* top + height - 1 + margin, without overflow: it is clipped anyway. */
	span = (long)height - 1 + margin;
	hi = span >= record_count - 1 - top ? record_count - 1 : top + span;
	if (first)
		*first = paging_page_of_row(lo, page_size);
	if (last)
		*last = paging_page_of_row(hi, page_size);
	return 1;
}

long paging_pages_for_limit(long limit, long record_count, int page_size)
{
	long rows = record_count;

	if (limit > 0 && limit < record_count)
		rows = limit;
	return paging_page_count(rows, page_size);
}
