/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "request.h"

#include <stdlib.h>
#include <string.h>

struct request *request_new(enum req_kind kind, const struct resource *res)
{
	struct request *r = calloc(1, sizeof *r);

	if (r) {
		r->kind = kind;
		r->res = res;
	}
	return r;
}

struct request *request_search(const struct resource *res, const char *text,
                               int page_size)
{
	struct request *r = request_new(REQ_LIST, res);

	if (!r)
		return NULL;
	r->search = strdup(text);
	if (!r->search) {
		request_free(&r);
		return NULL;
	}
	r->page_no = 1;
	r->page_size = page_size;
	return r;
}

void request_free(struct request **req)
{
	struct request *r;

	if (!req || !*req)
		return;
	r = *req;
	free(r->search);
	free(r->order);
	free(r->body);
	kv_done(&r->params);
	free(r);
	*req = NULL;
}

/* A copy of s, or NULL for none; *failed set when memory ran out. */
static char *dup_opt(const char *s, bool *failed)
{
	char *d;

	if (!s || !*s)
		return NULL;
	d = strdup(s);
	if (!d)
		*failed = true;
	return d;
}

struct request *request_page(const struct resource *res,
                             const struct list_query *q, int page_no,
                             int page_size)
{
	struct request *r = request_new(REQ_LIST, res);
	bool failed = false;

	if (!r)
		return NULL;
	r->page_no = page_no;
	r->page_size = page_size;
	if (q) {
		r->search = dup_opt(q->search, &failed);
		r->order = dup_opt(q->order, &failed);
		r->orderdesc = q->orderdesc;
		r->ticket_id = q->ticket_id;
		r->count = q->count;
		if (q->params && kv_copy(&r->params, q->params) != 0)
			failed = true;
	}
	if (failed)
		request_free(&r);
	return r;
}

struct request *request_item(const struct resource *res, long id,
                             long ticket_id)
{
	struct request *r = request_new(REQ_GET, res);

	if (r) {
		r->id = id;
		r->ticket_id = ticket_id;
	}
	return r;
}

struct request *request_notes_for(const struct resource *res, long id,
                                  long count)
{
	const struct resource *child = resource_child(res);
	struct request *r = child ? request_new(REQ_LIST, child) : NULL;

	if (r) {
		r->ticket_id = id;
		r->count = count;
	}
	return r;
}

struct request *request_post(const struct resource *res, char *body)
{
	struct request *r;

	/* A body lost to a failed copy is not an empty POST. */
	if (!body)
		return NULL;
	r = request_new(REQ_POST, res);
	if (!r) {
		free(body);
		return NULL;
	}
	r->body = body;
	return r;
}
