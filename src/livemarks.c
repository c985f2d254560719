/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "livemarks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "record.h"

void livemarks_init(struct livemarks *m)
{
	memset(m, 0, sizeof *m);
}

void livemarks_done(struct livemarks *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->e[i].stamp);
	free(m->e);
	memset(m, 0, sizeof *m);
}

const char *livemarks_stamp(const struct record *r, char *buf, size_t len)
{
	const char *a = record_str(r, "lastactiondate");
	const char *u = record_str(r, "last_update");

	if ((!a || !*a) && (!u || !*u))
		return NULL;
	snprintf(buf, len, "%s|%s", a ? a : "", u ? u : "");
	return buf;
}

static struct livemark *find(const struct livemarks *m, const void *res,
                             long id)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->e[i].id == id && m->e[i].res == res)
			return &m->e[i];
	return NULL;
}

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static int set_stamp(struct livemark *e, const char *stamp)
{
	char *c = NULL;

	if (same(e->stamp, stamp))
		return 0;
	if (stamp && !(c = strdup(stamp)))
		return -1;
	free(e->stamp);
	e->stamp = c;
	return 0;
}

/* Room for one more: the least recently touched unmarked entry goes when
 * the table is full (marked ones stay until seen). */
static void make_room(struct livemarks *m)
{
	size_t old = m->n;

	if (m->n < LIVEMARKS_MAX)
		return;
	for (size_t i = 0; i < m->n; i++)
		if (m->e[i].mark == LIVE_NONE &&
		    (old == m->n || m->e[i].used < m->e[old].used))
			old = i;
	if (old == m->n)
		old = 0;   /* all marked: the first one goes */
	free(m->e[old].stamp);
	m->e[old] = m->e[--m->n];
}

/* The entry for res/id, added (unmarked, with stamp) when unknown;
 * *added says which. NULL out of memory. */
static struct livemark *get(struct livemarks *m, const void *res, long id,
                            const char *stamp, bool *added)
{
	struct livemark *e = find(m, res, id), *ne;

	*added = false;
	if (e) {
		e->used = ++m->clock;
		return e;
	}
	make_room(m);
	ne = grow_for_one(m->e, m->n, &m->cap, sizeof *ne, 64);
	if (!ne)
		return NULL;
	m->e = ne;
	e = &m->e[m->n];
	memset(e, 0, sizeof *e);
	e->res = res;
	e->id = id;
	if (stamp && !(e->stamp = strdup(stamp)))
		return NULL;
	e->used = ++m->clock;
	m->n++;
	*added = true;
	return e;
}

int livemarks_shown(struct livemarks *m, const void *res, long id,
                    const char *stamp)
{
	bool added;
	struct livemark *e = get(m, res, id, stamp, &added);

	if (!e)
		return -1;
	if (!added && !e->stamp && stamp) {
		/* Seen without a stamp (saved, the reply had none): this is
		 * what was seen. */
		if (set_stamp(e, stamp) < 0)
			return -1;
	} else if (!added && e->mark == LIVE_NONE && stamp &&
	           !same(e->stamp, stamp)) {
		e->mark = LIVE_CHANGED;
	}
	return (int)e->mark;
}

int livemarks_arrived(struct livemarks *m, const void *res, long id,
                      const char *stamp)
{
	bool added;
	struct livemark *e = get(m, res, id, stamp, &added);

	if (!e)
		return -1;
	if (added)
		e->mark = LIVE_NEW;
	return (int)e->mark;
}

int livemarks_seen(struct livemarks *m, const void *res, long id,
                   const char *stamp)
{
	bool added;
	struct livemark *e = get(m, res, id, stamp, &added);

	if (!e)
		return -1;
	e->mark = LIVE_NONE;
	return set_stamp(e, stamp);
}

enum live_mark livemarks_get(const struct livemarks *m, const void *res,
                             long id)
{
	const struct livemark *e = find(m, res, id);

	return e ? e->mark : LIVE_NONE;
}

size_t livemarks_count(const struct livemarks *m, const void *res,
                       enum live_mark k)
{
	size_t n = 0;

	for (size_t i = 0; i < m->n; i++)
		if (m->e[i].mark == k && (!res || m->e[i].res == res))
			n++;
	return n;
}
