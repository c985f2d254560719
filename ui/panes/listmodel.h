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
	uint64_t req;           /* LOADING: the request fetching it */
	bool abandoned;         /* LOADING: left behind, nobody waits for it */
};

/* Abandoned pages tracked at most: beyond, the oldest is forgotten and
 * its request cancelled outright. */
#define LISTMODEL_MAX_ABANDONED 8

/* Where the list's window is, in rows: [top, bottom] on the screen, and
 * [first, last] wanted (the screen and its prefetch). */
struct lwindow {
	long top, bottom;
	long first, last;
};

struct listmodel {
	int page_size;          /* asked for; then what the server serves */
	long count;             /* record_count; -1 until the first page */
	struct lpage *pages;
	size_t npages, cap;
	unsigned long fetches;  /* pages asked for since the last clear */
	long want_first, want_last; /* rows wanted at the last listmodel_leave
	                         * (nothing before the first) */
};

void listmodel_init(struct listmodel *m, int page_size);
/* Frees every page; the count becomes unknown again. */
void listmodel_clear(struct listmodel *m);

/* Pages holding rows w->first..w->last (clipped to the set) that are
 * neither loaded, in flight nor failed, at most max: those on the screen
 * first, top down, then the others nearest the screen first. Until the
 * count is known only page 1 is wanted. */
size_t listmodel_wanted(const struct listmodel *m, const struct lwindow *w,
                        long *out, size_t max);

/* Page `no` is now in flight as request req. 0, or -1 out of memory. */
int listmodel_loading(struct listmodel *m, long no, uint64_t req);

/* What listmodel_leave asks of the caller: abandon request req (the page
 * is still tracked and its answer kept), or, with cancel, cancel it (the
 * page is forgotten: no answer must come). */
typedef void (*listmodel_drop_fn)(void *ctx, uint64_t req, bool cancel);

/* The window moved to w: pages in flight that are no longer wanted are
 * abandoned (drop(ctx, req, false)), at most LISTMODEL_MAX_ABANDONED kept
 * (the oldest beyond are dropped with cancel); failure marks off the
 * wanted rows are forgotten, so that a page is asked for again when it is
 * wanted again; loaded pages with no row in [top - keep, bottom + keep]
 * are evicted. What is held is bounded by the window, never by how far
 * the list was scrolled. */
void listmodel_leave(struct listmodel *m, const struct lwindow *w, long keep,
                     listmodel_drop_fn drop, void *ctx);

/* Page `no` arrived as request req: takes p's records (p is left empty)
 * and the record_count. An answer to a request the model no longer tracks
 * (a page forgotten or asked for again) is dropped. When page 1 shows that
 * the server serves smaller pages than asked, page_size follows it and
 * other pages are dropped. Returns true when rows may have moved (the
 * count or page size changed). */
bool listmodel_apply(struct listmodel *m, long no, uint64_t req,
                     struct api_page *p);

/* Request req for page `no` failed. Among the rows wanted, the page shows
 * as failed (not asked for again while it stays wanted) and true is
 * returned; a page left behind is just forgotten (false), as is one whose
 * request was dropped (cancelled: the worker's HALO_ECANCELLED). */
bool listmodel_fail(struct listmodel *m, long no, uint64_t req, bool cancelled);

/* The record at row, or NULL with *state saying why. */
const struct record *listmodel_row(const struct listmodel *m, long row,
                                   enum lpage_state *state);

/* Frees loaded pages with no row in [first - keep, last + keep]. Returns
 * how many were evicted (listmodel_leave does this too). */
size_t listmodel_evict(struct listmodel *m, long first, long last, long keep);

/* Replaces every cached copy of the record with r's id by a copy of r.
 * Returns how many rows were replaced (-1 out of memory). */
int listmodel_replace(struct listmodel *m, const struct record *r);

/* Removes record id (a note: of ticket ticket_id; 0 any) from the set
 * (a delete): later rows move up one, the count goes down, and a page
 * left short before pages that are not loaded is asked for again.
 * Returns how many rows were removed. */
int listmodel_remove(struct listmodel *m, long id, long ticket_id);
/* A re-read of page `no` whose rows stay on screen meanwhile: takes p's
 * records in place of the page's (a page loaded or failed, or the first
 * of an empty set) and the record_count; when the count changed, the
 * other pages are dropped (their rows moved). An answer for a page that is
 * in flight or not held is dropped. Returns true when the rows changed
 * place (the count changed). */
bool listmodel_refresh(struct listmodel *m, long no, struct api_page *p);

/* Pages currently held (loaded, in flight or failed). */
size_t listmodel_pages_held(const struct listmodel *m);

#endif
