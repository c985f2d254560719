/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "listmodel.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "paging.h"

void listmodel_init(struct listmodel *m, int page_size)
{
	memset(m, 0, sizeof *m);
	m->page_size = page_size > 0 ? page_size : 1;
	m->count = -1;
	m->want_last = -1;
}

static void page_free(struct lpage *p)
{
	records_free(&p->rows, &p->n);
}

void listmodel_clear(struct listmodel *m)
{
	for (size_t i = 0; i < m->npages; i++)
		page_free(&m->pages[i]);
	free(m->pages);
	m->pages = NULL;
	m->npages = m->cap = 0;
	m->count = -1;
	m->fetches = 0;
	m->want_first = 0;
	m->want_last = -1;
}

static struct lpage *find(const struct listmodel *m, long no)
{
	for (size_t i = 0; i < m->npages; i++)
		if (m->pages[i].no == no)
			return &m->pages[i];
	return NULL;
}

/* Whether page no has a row in [first, last]; page 1 always is until the
 * count is known (it is the one that tells the count). */
static bool page_wanted(const struct listmodel *m, long no, long first,
                        long last)
{
	long a = paging_first_row(no, m->page_size);

	if (m->count < 0 && no == 1)
		return true;
	return a <= last && a + m->page_size - 1 >= first;
}

static void want(const struct listmodel *m, long no, long *out, size_t *n,
                 size_t max)
{
	if (*n < max && !find(m, no))
		out[(*n)++] = no;
}

size_t listmodel_wanted(const struct listmodel *m, const struct lwindow *w,
                        long *out, size_t max)
{
	long first = w->first, last = w->last, pfirst, plast, vfirst, vlast;
	size_t n = 0;

	if (!max)
		return 0;
	if (m->count < 0) {
		want(m, 1, out, &n, max);
		return n;
	}
	if (last < first)
		last = first;
	if (last - first > (long)1 << 30)
		last = first + ((long)1 << 30);
	if (!paging_window(first, (int)(last - first + 1), 0, m->count,
	                   m->page_size, &pfirst, &plast))
		return 0;
	/* The screen's pages first: the user waits for them. */
	vfirst = paging_page_of_row(w->top > first ? w->top : first, m->page_size);
	vlast = paging_page_of_row(w->bottom < last ? w->bottom : last,
	                           m->page_size);
	if (vfirst < pfirst || vfirst > plast)
		vfirst = pfirst;
	if (vlast < vfirst || vlast > plast)
		vlast = vfirst;
	for (long p = vfirst; p <= vlast; p++)
		want(m, p, out, &n, max);
	/* Then the prefetch, nearest the screen first. */
	for (long d = 1; n < max && (vfirst - d >= pfirst || vlast + d <= plast); d++) {
		if (vlast + d <= plast)
			want(m, vlast + d, out, &n, max);
		if (vfirst - d >= pfirst)
			want(m, vfirst - d, out, &n, max);
	}
	return n;
}

static struct lpage *add(struct listmodel *m, long no)
{
	struct lpage *p = find(m, no), *np;

	if (p)
		return p;
	np = grow_for_one(m->pages, m->npages, &m->cap, sizeof *np, 8);
	if (!np)
		return NULL;
	m->pages = np;
	p = &m->pages[m->npages++];
	memset(p, 0, sizeof *p);
	p->no = no;
	p->state = LPAGE_MISSING;
	return p;
}

int listmodel_loading(struct listmodel *m, long no, uint64_t req)
{
	struct lpage *p = add(m, no);

	if (!p)
		return -1;
	page_free(p);
	p->state = LPAGE_LOADING;
	p->req = req;
	p->abandoned = false;
	m->fetches++;
	return 0;
}

static void drop_others(struct listmodel *m, long keep)
{
	size_t out = 0;

	for (size_t i = 0; i < m->npages; i++) {
		if (m->pages[i].no == keep) {
			m->pages[out++] = m->pages[i];
			continue;
		}
		page_free(&m->pages[i]);
	}
	m->npages = out;
}

/* Frees page pg and takes it off the table. */
static void forget(struct listmodel *m, struct lpage *pg)
{
	page_free(pg);
	*pg = m->pages[--m->npages];
}

bool listmodel_apply(struct listmodel *m, long no, uint64_t req,
                     struct api_page *p)
{
	struct lpage *pg = find(m, no);
	bool moved = false;
	long count = p->record_count;

	if (!pg || pg->state != LPAGE_LOADING || pg->req != req) {
		api_page_done(p);
		return false;
	}
	page_free(pg);
	pg->abandoned = false;
	pg->rows = p->records;
	pg->n = p->n;
	pg->state = LPAGE_LOADED;
	p->records = NULL;
	p->n = 0;
	if (count < (long)pg->n && no == 1)
		count = (long)pg->n;
	if (count != m->count) {
		m->count = count;
		moved = true;
	}
	/* The server caps pages silently: size rows by what came back. */
	if (no == 1 && pg->n > 0 && (long)pg->n < m->count &&
	    (int)pg->n != m->page_size) {
		m->page_size = (int)pg->n;
		drop_others(m, 1);
		moved = true;
	}
	return moved;
}

bool listmodel_fail(struct listmodel *m, long no, uint64_t req, bool cancelled)
{
	struct lpage *p = find(m, no);

	if (!p || p->state != LPAGE_LOADING || p->req != req)
		return false;
	if (cancelled || !page_wanted(m, no, m->want_first, m->want_last)) {
		forget(m, p);
		return false;
	}
	page_free(p);
	p->state = LPAGE_FAILED;
	p->abandoned = false;
	return true;
}

const struct record *listmodel_row(const struct listmodel *m, long row,
                                   enum lpage_state *state)
{
	long no = paging_page_of_row(row, m->page_size);
	long idx = row - paging_first_row(no, m->page_size);
	struct lpage *p = find(m, no);

	if (!p) {
		*state = LPAGE_MISSING;
		return NULL;
	}
	*state = p->state;
	if (p->state != LPAGE_LOADED)
		return NULL;
	if (idx < 0 || (size_t)idx >= p->n) {
		/* The set shrank since the count was read. */
		*state = LPAGE_MISSING;
		return NULL;
	}
	return p->rows[idx];
}

size_t listmodel_evict(struct listmodel *m, long first, long last, long keep)
{
	long lo = first - keep, hi = last + keep;
	size_t out = 0, evicted = 0;

	for (size_t i = 0; i < m->npages; i++) {
		struct lpage *p = &m->pages[i];
		long a = paging_first_row(p->no, m->page_size);
		long b = a + m->page_size - 1;
		if (p->state == LPAGE_LOADED && (b < lo || a > hi)) {
			page_free(p);
			evicted++;
			continue;
		}
		m->pages[out++] = *p;
	}
	m->npages = out;
	return evicted;
}

/* The abandoned page whose request is oldest, or NULL. */
static struct lpage *oldest_abandoned(struct listmodel *m, size_t *count)
{
	struct lpage *old = NULL;

	*count = 0;
	for (size_t i = 0; i < m->npages; i++) {
		struct lpage *p = &m->pages[i];
		if (p->state != LPAGE_LOADING || !p->abandoned)
			continue;
		(*count)++;
		if (!old || p->req < old->req)
			old = p;
	}
	return old;
}

void listmodel_leave(struct listmodel *m, const struct lwindow *w, long keep,
                     listmodel_drop_fn drop, void *ctx)
{
	size_t i = 0, abandoned;
	struct lpage *old;

	m->want_first = w->first;
	m->want_last = w->last;
	while (i < m->npages) {
		struct lpage *p = &m->pages[i];
		bool wanted = page_wanted(m, p->no, w->first, w->last);

		if (p->state == LPAGE_LOADING) {
			if (!wanted && !p->abandoned)
				drop(ctx, p->req, false);
			p->abandoned = !wanted;
		} else if (p->state != LPAGE_LOADED && !wanted) {
			/* A failure mark, forgotten: asked again when wanted. */
			forget(m, p);
			continue;
		}
		i++;
	}
	listmodel_evict(m, w->top, w->bottom, keep);
	while ((old = oldest_abandoned(m, &abandoned)) &&
	       abandoned > LISTMODEL_MAX_ABANDONED) {
		drop(ctx, old->req, true);
		forget(m, old);
	}
}

int listmodel_replace(struct listmodel *m, const struct record *r)
{
	int n = 0;

	if (!r || !r->id)
		return 0;
	for (size_t i = 0; i < m->npages; i++) {
		struct lpage *p = &m->pages[i];
		for (size_t j = 0; j < p->n; j++) {
			struct record *c;
			if (!p->rows[j] || p->rows[j]->id != r->id)
				continue;
			c = record_dup(r);
			if (!c)
				return -1;
			record_free(&p->rows[j]);
			p->rows[j] = c;
			n++;
		}
	}
	return n;
}

bool listmodel_refresh(struct listmodel *m, long no, struct api_page *p)
{
	struct lpage *pg = find(m, no);
	long count = p->record_count;
	bool moved = false, fresh = false;

	if (!pg && m->count == 0 && no == 1)
		fresh = (pg = add(m, no)) != NULL;
	if (!pg || (!fresh && (pg->state == LPAGE_LOADING ||
	                       pg->state == LPAGE_MISSING))) {
		api_page_done(p);
		return false;
	}
	page_free(pg);
	pg->rows = p->records;
	pg->n = p->n;
	pg->state = LPAGE_LOADED;
	p->records = NULL;
	p->n = 0;
	if (count < paging_first_row(no, m->page_size) + (long)pg->n)
		count = paging_first_row(no, m->page_size) + (long)pg->n;
	if (count != m->count) {
		m->count = count;
		drop_others(m, no);
		moved = true;
	}
	return moved;
}

size_t listmodel_pages_held(const struct listmodel *m)
{
	return m->npages;
}

/* Whether row r is record id (of ticket_id, when that is > 0). */
static bool row_is(const struct record *r, long id, long ticket_id)
{
	return r && r->id == id &&
	       (ticket_id <= 0 || r->ticket_id <= 0 || r->ticket_id == ticket_id);
}

/* Pulls the first row of each following loaded page up into the page
 * before it, from page no on, so that rows stay at their offsets. Where
 * the chain breaks (the next page not loaded) a short page that is not
 * the last one is forgotten, to be asked for again when wanted. */
static void close_gap(struct listmodel *m, long no)
{
	for (;;) {
		struct lpage *cur = find(m, no), *next = find(m, no + 1);

		if (!cur)
			return;
		if (!next || next->state != LPAGE_LOADED || next->n == 0) {
			if (paging_first_row(no, m->page_size) + (long)cur->n <
			    m->count)
				forget(m, cur);
			return;
		}
		cur->rows[cur->n++] = next->rows[0];
		memmove(next->rows, next->rows + 1,
		        (next->n - 1) * sizeof *next->rows);
		next->n--;
		no++;
	}
}

int listmodel_remove(struct listmodel *m, long id, long ticket_id)
{
	int removed = 0;

	if (id <= 0)
		return 0;
	for (size_t i = 0; i < m->npages; i++) {
		struct lpage *p = &m->pages[i];

		if (p->state != LPAGE_LOADED)
			continue;
		for (size_t j = 0; j < p->n; j++) {
			long no = p->no;

			if (!row_is(p->rows[j], id, ticket_id))
				continue;
			record_free(&p->rows[j]);
			memmove(p->rows + j, p->rows + j + 1,
			        (p->n - j - 1) * sizeof *p->rows);
			p->n--;
			if (m->count > 0)
				m->count--;
			removed++;
			close_gap(m, no);
			/* Pages may have moved or gone: look again. */
			i = (size_t)-1;
			break;
		}
	}
	return removed;
}
