/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "request.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attach.h"

struct request *request_new(enum req_kind kind, const struct resource *res)
{
	struct request *r = calloc(1, sizeof *r);

	if (r) {
		r->kind = kind;
		r->res = res;
		r->save_fd = -1;
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
	/* A download that was never named leaves nothing behind. */
	if (r->save_tmp) {
		if (r->save_fd >= 0)
			close(r->save_fd);
		if (r->save_tmp[0])
			unlink(r->save_tmp);
	}
	free(r->save_tmp);
	free(r->save_dir);
	free(r->save_name);
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

struct request *request_download(long id, const char *dir, const char *name,
                                 struct errbuf *err)
{
	const struct resource *res = resource_find("attachments");
	struct request *r = res ? request_new(REQ_DOWNLOAD, res) : NULL;
	char safe[ATTACH_NAME_MAX + 1], tmp[4096];

	if (!r) {
		errbuf_set(err, HALO_ENOMEM, "out of memory");
		return NULL;
	}
	r->id = id;
	attach_safe_name(name, safe, sizeof safe);
	r->save_dir = strdup(dir);
	r->save_name = strdup(safe);
	if (!r->save_dir || !r->save_name) {
		request_free(&r);
		errbuf_set(err, HALO_ENOMEM, "out of memory");
		return NULL;
	}
	r->save_fd = attach_temp_open(dir, tmp, sizeof tmp, err);
	if (r->save_fd < 0) {
		request_free(&r);
		return NULL;
	}
	r->save_tmp = strdup(tmp);
	if (!r->save_tmp) {
		close(r->save_fd);
		unlink(tmp);
		r->save_fd = -1;
		request_free(&r);
		errbuf_set(err, HALO_ENOMEM, "out of memory");
		return NULL;
	}
	return r;
}
