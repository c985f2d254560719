/* SPDX-License-Identifier: MIT */
/* One HTTP attempt on a curl easy handle: what to send, and what came back
 * (status, body capped in size, Retry-After). Used only by the worker
 * thread, which adds the handle to its multi handle. */
#ifndef HALO_HTTP_H
#define HALO_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <curl/curl.h>
#include "retry.h"
#include "settings.h"
#include "strbuf.h"

/* The largest response body kept; a larger one fails the request. */
#define HTTP_MAX_BODY (64u * 1024u * 1024u)

enum http_method { HTTP_GET, HTTP_POST, HTTP_DELETE };

struct http_call {
	CURL *easy;
	struct curl_slist *headers;
	enum http_method method;
	char *url;
	struct strbuf body;  /* the response, at most HTTP_MAX_BODY - 1 bytes;
	                      * body.s is NULL when nothing came */
	char retry_after[64];
	const char *post;    /* request body; not owned (may be a secret) */
	double started;      /* monotonic seconds */
};

/* Prepares c for one attempt: url is base_url + path; auth_header (may be
 * NULL) is "Authorization: Bearer ..." and is wiped from curl's list at
 * http_call_done; post (may be NULL) is sent with content_type. */
int http_call_init(struct http_call *c, const struct settings *s,
                   enum http_method method, const char *url,
                   const char *auth_header, const char *post,
                   const char *content_type);

/* After the transfer finished with `result`: fills the retry input and a
 * message for people (empty on success). Returns the HTTP status (0 when
 * there was none). */
int http_call_outcome(const struct http_call *c, CURLcode result,
                      struct retry_input *in, char *msg, size_t msglen);

/* True for transport failures no retry can fix (TLS verification, bad URL). */
bool http_call_fatal(CURLcode result);

void http_call_done(struct http_call *c);

const char *http_method_name(enum http_method m);

double http_now(void);   /* monotonic seconds */

#endif
