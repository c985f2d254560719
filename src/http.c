/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "http.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <openssl/crypto.h>

double http_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *http_method_name(enum http_method m)
{
	switch (m) {
	case HTTP_POST: return "POST";
	case HTTP_DELETE: return "DELETE";
	case HTTP_GET: break;
	}
	return "GET";
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
	struct http_call *c = ud;
	size_t n = size * nmemb;

	/* Anything but n aborts the transfer. */
	return strbuf_add(&c->body, data, n) == 0 ? n : 0;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *ud)
{
	struct http_call *c = ud;
	size_t n = size * nmemb;
	static const char name[] = "retry-after:";

	if (n > sizeof name - 1 && strncasecmp(data, name, sizeof name - 1) == 0) {
		size_t i = sizeof name - 1, j = 0;

		while (i < n && (data[i] == ' ' || data[i] == '\t'))
			i++;
		while (i < n && data[i] != '\r' && data[i] != '\n' &&
		       j < sizeof c->retry_after - 1)
			c->retry_after[j++] = data[i++];
		c->retry_after[j] = '\0';
	}
	return n;
}

static int add_header(struct http_call *c, const char *line)
{
	struct curl_slist *l = curl_slist_append(c->headers, line);

	if (!l)
		return -1;
	c->headers = l;
	return 0;
}

/* Connections are close-on-exec from the start: no child (the editor,
 * client_secret_cmd) ever holds one, even if it starts meanwhile. */
static curl_socket_t open_socket(void *ud, curlsocktype purpose,
                                 struct curl_sockaddr *a)
{
	(void)ud;
	(void)purpose;
	return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

static void set_common(struct http_call *c, const struct settings *s)
{
	CURL *e = c->easy;

	curl_easy_setopt(e, CURLOPT_URL, c->url);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_USERAGENT, PACKAGE_NAME "/" PACKAGE_VERSION);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, c);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, c);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, s->connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, s->request_timeout_ms);
	curl_easy_setopt(e, CURLOPT_PRIVATE, c);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, open_socket);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
#endif
	if (s->ca_file)
		curl_easy_setopt(e, CURLOPT_CAINFO, s->ca_file);
}

int http_call_init(struct http_call *c, const struct settings *s,
                   enum http_method method, const char *url,
                   const char *auth_header, const char *post,
                   const char *content_type)
{
	char ct[128];

	memset(c, 0, sizeof *c);
	strbuf_init(&c->body, HTTP_MAX_BODY - 1);
	c->method = method;
	c->post = post;
	c->url = strdup(url);
	c->easy = curl_easy_init();
	if (!c->url || !c->easy)
		return -1;
	if (add_header(c, "Accept: application/json") != 0)
		return -1;
	if (auth_header && add_header(c, auth_header) != 0)
		return -1;
	if (post) {
		snprintf(ct, sizeof ct, "Content-Type: %s", content_type);
		if (add_header(c, ct) != 0)
			return -1;
	}
	set_common(c, s);
	curl_easy_setopt(c->easy, CURLOPT_HTTPHEADER, c->headers);
	if (method == HTTP_POST) {
		/* libcurl silently resends a request whose reused connection
		 * died without an answer; for a POST the server may already have
		 * applied it, so a POST always gets a connection of its own. */
		curl_easy_setopt(c->easy, CURLOPT_FRESH_CONNECT, 1L);
		curl_easy_setopt(c->easy, CURLOPT_POST, 1L);
		curl_easy_setopt(c->easy, CURLOPT_POSTFIELDS, post ? post : "");
		curl_easy_setopt(c->easy, CURLOPT_POSTFIELDSIZE,
		                 (long)(post ? strlen(post) : 0));
	} else if (method == HTTP_DELETE) {
		curl_easy_setopt(c->easy, CURLOPT_CUSTOMREQUEST, "DELETE");
	}
	c->started = http_now();
	return 0;
}

bool http_call_fatal(CURLcode result)
{
	switch (result) {
	case CURLE_URL_MALFORMAT:
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_OUT_OF_MEMORY:
		return true;
	default:
		return false;
	}
}

static bool never_connected(CURLcode result)
{
	return result == CURLE_COULDNT_CONNECT ||
	       result == CURLE_COULDNT_RESOLVE_HOST ||
	       result == CURLE_COULDNT_RESOLVE_PROXY;
}

int http_call_outcome(const struct http_call *c, CURLcode result,
                      struct retry_input *in, char *msg, size_t msglen)
{
	long status = 0, reqsize = 0;
	double connect_time = 0;

	memset(in, 0, sizeof *in);
	in->is_post = c->method == HTTP_POST;
	in->retry_after = c->retry_after[0] ? c->retry_after : NULL;
	msg[0] = '\0';
	if (result == CURLE_OK) {
		curl_easy_getinfo(c->easy, CURLINFO_RESPONSE_CODE, &status);
		in->failure = RETRY_HTTP;
		in->http_status = (int)status;
		return (int)status;
	}
	curl_easy_getinfo(c->easy, CURLINFO_REQUEST_SIZE, &reqsize);
	curl_easy_getinfo(c->easy, CURLINFO_CONNECT_TIME, &connect_time);
	if (never_connected(result) ||
	    (result == CURLE_OPERATION_TIMEDOUT && connect_time <= 0)) {
		in->failure = RETRY_CONNECT;
	} else {
		in->failure = RETRY_TRANSPORT;
		in->request_sent = reqsize > 0;
	}
	if (c->body.failed == STRBUF_ETOOBIG)
		snprintf(msg, msglen, "the response was larger than %u MiB",
		         HTTP_MAX_BODY / (1024u * 1024u));
	else if (result == CURLE_PEER_FAILED_VERIFICATION ||
	         result == CURLE_SSL_CACERT_BADFILE)
		snprintf(msg, msglen, "%s: the server's certificate could not "
		         "be verified; set ca_file in the profile to the CA that "
		         "signed it", curl_easy_strerror(result));
	else if (in->failure == RETRY_TRANSPORT && in->is_post && in->request_sent)
		snprintf(msg, msglen, "%s after the request was sent; the server "
		         "may have applied it: check before trying again",
		         curl_easy_strerror(result));
	else
		snprintf(msg, msglen, "%s", curl_easy_strerror(result));
	return 0;
}

void http_call_done(struct http_call *c)
{
	if (c->easy)
		curl_easy_cleanup(c->easy);
	/* The Authorization line holds the token: wipe curl's copy. */
	for (struct curl_slist *l = c->headers; l; l = l->next)
		OPENSSL_cleanse(l->data, strlen(l->data));
	curl_slist_free_all(c->headers);
	free(c->url);
	strbuf_done(&c->body);
	memset(c, 0, sizeof *c);
}
