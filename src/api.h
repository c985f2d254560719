/* SPDX-License-Identifier: MIT */
/* The Halo API's shapes: request paths and bodies, and parsing responses.
 * Pure functions (no I/O), used by the worker and unit-tested directly. */
#ifndef HALO_API_H
#define HALO_API_H

#include <stdbool.h>
#include <stddef.h>
#include "errbuf.h"
#include "kv.h"
#include "record.h"
#include "resource.h"

struct list_query {
	const char *search;          /* NULL or "" for none */
	const struct kv_list *params;/* filters as query parameters (param, value) */
	const char *order;           /* column key or NULL */
	bool orderdesc;
	long ticket_id;              /* actions: required */
	long count;                  /* > 0: count=N (lists without paging) */
};

/* "/api/Tickets?pageinate=true&page_size=50&page_no=2&search=..." with
 * every value percent-encoded. page_no <= 0 requests no paging (lookup
 * lists and actions). Caller frees; NULL when out of memory. */
char *api_list_path(const struct resource *res, const struct list_query *q,
                    int page_no, int page_size);

/* "/api/Tickets/5", "/api/Actions/3?ticket_id=9"; extra query appended
 * ("includedetails=true") when not NULL. */
char *api_item_path(const struct resource *res, long id, long ticket_id,
                    const char *extra_query);

/* "/api/Tickets" */
char *api_collection_path(const struct resource *res);

/* Percent-encodes s for a query value (RFC 3986 unreserved kept). */
char *api_escape(const char *s);
/* The same encoding for a buffer sized exactly up front (the token form,
 * which holds the secret and must never be regrown): the length of s once
 * encoded, and writing it at dst (room for api_escaped_len(s) bytes; no
 * NUL added), returning the end. */
size_t api_escaped_len(const char *s);
char *api_escape_to(char *dst, const char *s);

struct api_page {
	struct record **records;
	size_t n;
	long record_count;  /* total for the query; n when the server gave none */
	int page_no;        /* as served; 0 when not given */
	int page_size;      /* as served: the member if present, else n */
};

/* Accepts {"record_count":N,"<list_key>":[...],"page_no":..,"page_size":..}
 * or a bare array, or an object whose only array of objects is the list
 * (when the key differs). Elements that are not objects are skipped.
 * A body that is not JSON is HALO_EPARSE with a short excerpt. */
enum halo_status api_parse_list(const struct resource *res, const char *body,
                                size_t len, struct api_page *out,
                                struct errbuf *err);
void api_page_done(struct api_page *p);
/* Moves p's records into *v and *n (freeing what they held), leaving p
 * without them: a pane keeps a list an answer brought. */
void api_page_take(struct api_page *p, struct record ***v, size_t *n);

/* A single GET or POST reply: a bare object, or an array whose first
 * object is taken. */
enum halo_status api_parse_item(const struct resource *res, const char *body,
                                size_t len, struct record **out,
                                struct errbuf *err);

/* One line a person can act on for a failed response, in HALO_API.md
 * section 8 order: {resultCode, errorMessage} -> {ClassName, Message} ->
 * {Message|message} -> {error[, error_description]} -> a JSON string ->
 * ASP.NET model errors ({"[0].field":["msg"]} or {"errors":{...}}) ->
 * the raw text (first line, trimmed, at most 200 columns). Sanitised.
 * Writes "HTTP <status> <reason>: <message>" (or without ": ..." when the
 * body says nothing). */
void api_error_text(int http_status, const char *body, size_t len,
                    char *out, size_t outlen);

/* Field names and messages of a validation error body (model-binding
 * shapes above; the "[0]." prefix removed, names lower-cased). Returns the
 * number found (0 when the body names no fields). */
size_t api_error_fields(const char *body, size_t len, struct kv_list *out);

enum edit_type { EDIT_STRING, EDIT_NUMBER, EDIT_BOOL, EDIT_NULL };

struct edit_value {
	const char *key;
	enum edit_type type;
	const char *text;   /* EDIT_STRING: the value; EDIT_NUMBER: its digits */
	bool flag;          /* EDIT_BOOL */
};

/* The longest text a person may send in one field (a summary, a note,
 * details): 1 MiB. The TUI's line editor and pastes stop there too, and
 * both front ends refuse a longer value with api_check_text's message
 * before anything is sent. */
#define HALO_TEXT_MAX ((size_t)1024 * 1024)

/* HALO_OK when text fits HALO_TEXT_MAX; else HALO_EUSAGE with a message
 * naming what (a field's name) and both sizes. */
enum halo_status api_check_text(const char *what, const char *text,
                                struct errbuf *err);

/* An update: `[{"id":ID, key: value, ...}]`, exactly one object. Every
 * update body is built here, and none leaves without its id: an id that is
 * not a record's (0, as for a record whose id could not be read, or less)
 * is HALO_EUSAGE, since Halo would take the body for a new record. An
 * EDIT_NUMBER text that is not a number is an error naming the key.
 * Caller frees *out. */
enum halo_status api_edit_body(long id, const struct edit_value *v, size_t n,
                               char **out, struct errbuf *err);
/* A new record: `[{key: value, ...}]`, the same without an "id" member. */
enum halo_status api_create_body(const struct edit_value *v, size_t n,
                                 char **out, struct errbuf *err);

/* The reason phrase of an HTTP status ("Not Found"), "" when unknown. */
const char *api_reason(int http_status);

#endif
