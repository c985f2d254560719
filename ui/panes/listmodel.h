/* SPDX-License-Identifier: MIT */
/* A list view's rows: a sparse array of pages over a server-side result
 * set (DESIGN.md "Lists and lazy paging"). The list pane asks which pages
 * its window (plus prefetch) needs, marks them in flight, and hands back
 * the pages that arrive. Pages far from the window are evicted, so memory
 * is bounded by the window. Pure: no worker, no terminal. */
#ifndef HALO_UI_LISTMODEL_H
#define HALO_UI_LISTMODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "api.h"
#include "record.h"

enum lpage_state { LPAGE_MISSING, LPAGE_LOADING, LPAGE_LOADED, LPAGE_FAILED };

struct lpage {
	long no;
	enum lpage_state state;
	struct record **rows;   /* owned */
	size_t n;
	uint64_t req;           /* the request fetching it */
};

struct listmodel {
	int page_size;          /* asked for; then what the server serves */
	long count;             /* record_count; -1 until the first page */
	struct lpage *pages;
	size_t npages, cap;
	unsigned long fetches;  /* pages asked for since the last clear */
};

void listmodel_init(struct listmodel *m, int page_size);
/* Frees every page; the count becomes unknown again. */
void listmodel_clear(struct listmodel *m);

/* Pages holding rows first..last (clipped to the set) that are neither
 * loaded, in flight nor failed, at most max, in order. Until the count is
 * known only page 1 is wanted. */
size_t listmodel_wanted(const struct listmodel *m, long first, long last,
                        long *out, size_t max);

/* Page `no` is now in flight as request req. 0, or -1 out of memory. */
int listmodel_loading(struct listmodel *m, long no, uint64_t req);

/* Page `no` arrived: takes p's records (p is left empty) and the
 * record_count. When page 1 shows that the server serves smaller pages
 * than asked, page_size follows it and other pages are dropped. Returns
 * true when rows may have moved (the count or page size changed). */
bool listmodel_apply(struct listmodel *m, long no, struct api_page *p);

/* Page `no` failed: its rows show as failed until a refresh. */
void listmodel_fail(struct listmodel *m, long no);

/* The record at row, or NULL with *state saying why. */
const struct record *listmodel_row(const struct listmodel *m, long row,
                                   enum lpage_state *state);

/* Frees loaded pages with no row in [first - keep, last + keep]. Returns
 * how many were evicted. */
size_t listmodel_evict(struct listmodel *m, long first, long last, long keep);

/* Replaces every cached copy of the record with r's id by a copy of r.
 * Returns how many rows were replaced (-1 out of memory). */
int listmodel_replace(struct listmodel *m, const struct record *r);

/* Pages currently held (loaded or in flight). */
size_t listmodel_pages_held(const struct listmodel *m);

#endif
