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

/* The largest response body kept; a larger one fails the request at once
 * (it is not fetched again). HALOTUI_MAX_RESPONSE (bytes) may lower it,
 * so that tests need not move 64 MiB. */
#define HTTP_MAX_BODY (64u * 1024u * 1024u)

enum http_method { HTTP_GET, HTTP_POST, HTTP_DELETE };

struct http_call {
	CURL *easy;
	struct curl_slist *headers;
	enum http_method method;
	char *url;
	struct strbuf body;  /* the response, at most http_body_limit() - 1
	                      * bytes; body.s is NULL when nothing came */
	char retry_after[64];
	const char *post;    /* request body; not owned (may be a secret) */
	double started;      /* monotonic seconds */
	/* For messages: the setting that names url's server ("base_url" or
	 * "auth_url"; set by the caller after init), the CA file and the
	 * timeouts in use (not owned), and libcurl's detail of a failure. */
	const char *url_key;
	const char *ca_file;
	long connect_timeout_ms, request_timeout_ms;
	char detail[CURL_ERROR_SIZE];
	int sink_fd;         /* with sink: a 2xx body goes here, not to body */
	bool sink;
	long long sunk;      /* bytes written to sink_fd */
	bool sink_failed;    /* a write to sink_fd failed (errno in sink_errno) */
	int sink_errno;
};

/* Prepares c for one attempt: url is base_url + path; auth_header (may be
 * NULL) is "Authorization: Bearer ..." and is wiped from curl's list at
 * http_call_done; post (may be NULL) is sent with content_type. */
int http_call_init(struct http_call *c, const struct settings *s,
                   enum http_method method, const char *url,
                   const char *auth_header, const char *post,
                   const char *content_type);

/* After the transfer finished with `result`: fills the retry input and a
 * message for people (empty on success) that says what happened and what
 * to do, without the request's path. Returns the HTTP status (0 when
 * there was none). */
int http_call_outcome(const struct http_call *c, CURLcode result,
                      struct retry_input *in, char *msg, size_t msglen);

/* How a transfer that got no HTTP answer failed, for the retry policy:
 * a host that does not resolve, a TLS failure, a reply over the size limit
 * or a bad URL are RETRY_NEVER; a refused connection RETRY_REFUSED; a
 * connect timeout RETRY_CONNECT; the rest RETRY_TRANSPORT. */
enum retry_failure http_failure_kind(CURLcode result, bool too_big,
                                     double connect_time);

/* The largest body kept, in bytes: HTTP_MAX_BODY, or less when the
 * environment's HALOTUI_MAX_RESPONSE asks for less. */
size_t http_body_limit(void);

/* The host (and :port) of an http(s) URL into out; "" when none. */
void http_url_host(const char *url, char *out, size_t outlen);

/* After http_call_init: a successful answer's body is written to fd as
 * it comes (a download), with no size cap but the disk, and the transfer
 * is cut only when it stalls (no byte for request_timeout), not after a
 * fixed time. An error answer still lands in body. */
void http_call_sink(struct http_call *c, int fd);

void http_call_done(struct http_call *c);

const char *http_method_name(enum http_method m);

double http_now(void);   /* monotonic seconds */

#endif
