/* SPDX-License-Identifier: MIT */
/* What a front end asks the worker for, and the constructors both front
 * ends use, so that a page of a list, one record, a record's notes or a
 * POST is asked for the same way from the command line and the TUI.
 * Ownership: a request is the caller's until worker_submit takes it. */
#ifndef HALO_REQUEST_H
#define HALO_REQUEST_H

#include <stdbool.h>
#include "api.h"
#include "errbuf.h"
#include "kv.h"
#include "resource.h"

enum req_kind {
	REQ_LIST,    /* a page of a list, or a whole lookup list */
	REQ_GET,     /* one record */
	REQ_POST,    /* create or update: body is a one-element array */
	REQ_DELETE,
	REQ_ME,      /* GET /api/Agent/me */
	REQ_DOWNLOAD,/* GET one attachment's bytes into a file (attach.h) */
};

struct request {
	enum req_kind kind;
	const struct resource *res;
	long id;                 /* REQ_GET, REQ_DELETE */
	long ticket_id;          /* actions */
	char *search;            /* REQ_LIST; owned; NULL for none */
	struct kv_list params;   /* REQ_LIST filters; REQ_GET extra query */
	char *order;             /* owned; NULL for the default */
	bool orderdesc;
	int page_no;             /* REQ_LIST: 0 for an unpaged list */
	int page_size;
	long count;              /* REQ_LIST unpaged: count=N when > 0 */
	char *body;              /* REQ_POST: owned JSON text */
	unsigned group;          /* cancel group (a view's generation) */
	bool background;         /* a prefetch: starts after every other
	                          * request and never takes the last slot on
	                          * the wire, so the user's own request (a
	                          * detail, a save) is not queued behind it */
	int cache_ttl_s;         /* > 0: a GET (a list, a record, who I
	                          * am) answered from halotui's cache
	                          * file at once when there is one, and
	                          * fetched again in the background to
	                          * replace it once it is older than this
	                          * (the event says from_cache) */
	void *tag;               /* the caller's; handed back in events */
	/* REQ_DOWNLOAD: the answer is written to save_fd (save_tmp, in
	 * save_dir), then named save_name there (attach_commit); request_free
	 * removes a temporary file that was never named. All owned. */
	int save_fd;
	char *save_tmp, *save_dir, *save_name;
};

/* A new zeroed request; NULL when out of memory. */
struct request *request_new(enum req_kind kind, const struct resource *res);
void request_free(struct request **req);

/* One page of a list of res with q's search, filters (params, copied),
 * order and direction, ticket and count; page_no 0 asks for the whole list
 * in one request. NULL when out of memory: never a request that lost its
 * search or a filter and would quietly list something else. */
struct request *request_page(const struct resource *res,
                             const struct list_query *q, int page_no,
                             int page_size);

/* The first page of res searched for text: how a name typed for a client,
 * site or user becomes an id. NULL when out of memory. */
struct request *request_search(const struct resource *res, const char *text,
                               int page_size);

/* One record in full (ticket_id for actions). NULL when out of memory. */
struct request *request_item(const struct resource *res, long id,
                             long ticket_id);

/* The notes of record id of res (a ticket's actions), at most count (0:
 * all), in one request. NULL when res has none (resource_child) or out of
 * memory. */
struct request *request_notes_for(const struct resource *res, long id,
                                  long count);

/* A create or update: body is the one-element JSON array, taken (freed on
 * failure). NULL when out of memory, and when body is NULL (a failed
 * copy). */
struct request *request_post(const struct resource *res, char *body);

/* Attachment id's bytes (GET /api/Attachment/{id}), to be saved in dir
 * as name (made safe here: attach_safe_name). Opens the temporary file
 * at once, so that a directory that cannot be written is said before any
 * request. NULL with err set. */
struct request *request_download(long id, const char *dir, const char *name,
                                 struct errbuf *err);

#endif
