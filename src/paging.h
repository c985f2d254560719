/* SPDX-License-Identifier: MIT */
/* Paging arithmetic over a server-side result set. Rows are 0-based, pages
 * 1-based as Halo's page_no. page_size is the size the server really serves
 * (it silently caps at 100), never the size asked for. */
#ifndef HALO_PAGING_H
#define HALO_PAGING_H

#define PAGING_MAX_PAGE_SIZE 100

/* Pages needed for record_count rows: ceil; 0 for none. */
long paging_page_count(long record_count, int page_size);

/* Page holding row (row >= 0). */
long paging_page_of_row(long row, int page_size);

/* First row of page_no. */
long paging_first_row(long page_no, int page_size);

/* The page size to ask for: configured, clamped to 1..100, and no larger
 * than limit when limit > 0. */
int paging_request_size(int configured, long limit);

/* Pages to have loaded for a window of `height` rows from `top`, widened by
 * `margin` rows each side, clipped to the result set. Writes the first and
 * last page and returns 1, or returns 0 when the set is empty. */
int paging_window(long top, int height, int margin, long record_count,
                  int page_size, long *first, long *last);

/* Pages to fetch so that `limit` rows (<= 0: all) are had. */
long paging_pages_for_limit(long limit, long record_count, int page_size);

#endif
