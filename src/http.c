/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "http.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
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

/* A download's 2xx body goes to its file, written whole. */
static size_t to_sink(struct http_call *c, const char *data, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t w = write(c->sink_fd, data + done, n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			c->sink_failed = true;
			c->sink_errno = w < 0 ? errno : ENOSPC;
			return 0;
		}
		done += (size_t)w;
	}
	c->sunk += (long long)n;
	return n;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
	struct http_call *c = ud;
	size_t n = size * nmemb;

	if (c->sink) {
		long code = 0;

		curl_easy_getinfo(c->easy, CURLINFO_RESPONSE_CODE, &code);
		if (code >= 200 && code < 300)
			return to_sink(c, data, n);
	}

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

size_t http_body_limit(void)
{
	const char *v = getenv("HALOTUI_MAX_RESPONSE");
	char *end;
	unsigned long long n;

	if (!v || !*v)
		return HTTP_MAX_BODY;
	errno = 0;
	n = strtoull(v, &end, 10);
	/* Only ever lower: the cap keeps a hostile server from filling memory. */
	if (errno || *end || n < 2 || n > HTTP_MAX_BODY)
		return HTTP_MAX_BODY;
	return (size_t)n;
}

void http_url_host(const char *url, char *out, size_t outlen)
{
	const char *p = strstr(url, "://"), *at;
	size_t n;

	if (outlen == 0)
		return;
	out[0] = '\0';
	if (!p)
		return;
	p += 3;
	n = strcspn(p, "/?#");
	at = memchr(p, '@', n);
	if (at) {
		n -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	snprintf(out, outlen, "%.*s", (int)n, p);
}

static void set_common(struct http_call *c, const struct settings *s)
{
	CURL *e = c->easy;
	size_t limit = http_body_limit();

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
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, c->detail);
	/* A reply that announces more than we keep fails before it comes. */
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)(limit - 1));
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
	strbuf_init(&c->body, http_body_limit() - 1);
	c->method = method;
	c->post = post;
	c->url_key = "base_url";
	c->ca_file = s->ca_file;
	c->connect_timeout_ms = s->connect_timeout_ms;
	c->request_timeout_ms = s->request_timeout_ms;
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

void http_call_sink(struct http_call *c, int fd)
{
	long stall_s = c->request_timeout_ms / 1000;

	c->sink = true;
	c->sink_fd = fd;
	c->sunk = 0;
	c->sink_failed = false;
	curl_easy_setopt(c->easy, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)0);
	curl_easy_setopt(c->easy, CURLOPT_TIMEOUT_MS, 0L);
	curl_easy_setopt(c->easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c->easy, CURLOPT_LOW_SPEED_TIME, stall_s < 5 ? 5L : stall_s);
}

/* TLS failures: a certificate that is not trusted, a handshake that cannot
 * succeed (a port that does not speak TLS), a bad CA file. The next
 * attempt would meet the same certificate and the same server. */
static bool tls_failure(CURLcode result)
{
	switch (result) {
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_USE_SSL_FAILED:
#if LIBCURL_VERSION_NUM >= 0x074d00
	case CURLE_SSL_CLIENTCERT:
#endif
		return true;
	default:
		return false;
	}
}

enum retry_failure http_failure_kind(CURLcode result, bool too_big,
                                     double connect_time)
{
	if (too_big || result == CURLE_FILESIZE_EXCEEDED || tls_failure(result))
		return RETRY_NEVER;
	switch (result) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		/* The name is wrong, or there is no network: the next try in a
		 * second finds the same answer. */
	case CURLE_URL_MALFORMAT:
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_OUT_OF_MEMORY:
		return RETRY_NEVER;
	case CURLE_COULDNT_CONNECT:
		return RETRY_REFUSED;
	case CURLE_OPERATION_TIMEDOUT:
		return connect_time <= 0 ? RETRY_CONNECT : RETRY_TRANSPORT;
	default:
		return RETRY_TRANSPORT;
	}
}

/* libcurl's detail, when it says more than its generic text. */
static const char *detail_of(const struct http_call *c, CURLcode result)
{
	const char *d = c->detail;

	if (!*d || strcmp(d, curl_easy_strerror(result)) == 0)
		return curl_easy_strerror(result);
	return d;
}

static void size_text(size_t n, char *out, size_t outlen)
{
	if (n % (1024u * 1024u) == 0)
		snprintf(out, outlen, "%zu MiB", n / (1024u * 1024u));
	else if (n % 1024u == 0)
		snprintf(out, outlen, "%zu KiB", n / 1024u);
	else
		snprintf(out, outlen, "%zu bytes", n);
}

/* A connection that could not be made: refused, or no route. */
static void connect_text(const struct http_call *c, const char *host,
                         char *msg, size_t msglen)
{
	long os_errno = 0;

	curl_easy_getinfo(c->easy, CURLINFO_OS_ERRNO, &os_errno);
	if (os_errno == ENETUNREACH || os_errno == EHOSTUNREACH)
		snprintf(msg, msglen, "cannot reach %s (%s): check the network "
		         "connection and %s", host, strerror((int)os_errno),
		         c->url_key);
	else if (os_errno == ECONNREFUSED)
		snprintf(msg, msglen, "%s refused the connection: check the host "
		         "and port in %s, and that the server is up", host,
		         c->url_key);
	else
		snprintf(msg, msglen, "cannot connect to %s: check %s and the "
		         "network (%s)", host, c->url_key,
		         detail_of(c, CURLE_COULDNT_CONNECT));
}

/* A TLS failure, with what fixes it first. */
static void tls_text(const struct http_call *c, CURLcode result,
                     const char *host, char *msg, size_t msglen)
{
	const char *d = detail_of(c, result);

	if (result == CURLE_SSL_CACERT_BADFILE && c->ca_file)
		snprintf(msg, msglen, "cannot use ca_file %s: it must be a "
		         "readable file of PEM certificates (%s)", c->ca_file, d);
	else if (result == CURLE_PEER_FAILED_VERIFICATION)
		snprintf(msg, msglen, "the certificate of %s is not trusted: %s"
		         "set ca_file in the profile to the CA that signed it (%s)",
		         host, c->ca_file ? "check ca_file, or " : "", d);
	else if (result == CURLE_SSL_CONNECT_ERROR)
		snprintf(msg, msglen, "TLS handshake with %s failed: check that "
		         "%s is https:// on a port that speaks TLS (%s)", host,
		         c->url_key, d);
	else
		snprintf(msg, msglen, "TLS error with %s: %s", host, d);
}

int http_call_outcome(const struct http_call *c, CURLcode result,
                      struct retry_input *in, char *msg, size_t msglen)
{
	long status = 0, reqsize = 0;
	double connect_time = 0;
	bool too_big;
	char host[256], size[32];

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
	if (c->sink && c->sink_failed) {
		/* The disk, not the network: another attempt would fail too. */
		in->failure = RETRY_NEVER;
		snprintf(msg, msglen, "the download could not be written: %s",
		         strerror(c->sink_errno));
		return 0;
	}
	curl_easy_getinfo(c->easy, CURLINFO_REQUEST_SIZE, &reqsize);
	curl_easy_getinfo(c->easy, CURLINFO_CONNECT_TIME, &connect_time);
	too_big = c->body.failed == STRBUF_ETOOBIG ||
	          result == CURLE_FILESIZE_EXCEEDED;
	in->failure = http_failure_kind(result, too_big, connect_time);
	in->request_sent = in->failure == RETRY_TRANSPORT && reqsize > 0;
	http_url_host(c->url, host, sizeof host);
	size_text(http_body_limit(), size, sizeof size);
	if (too_big)
		snprintf(msg, msglen, "the reply from %s is larger than %s, more "
		         "than any answer halotui asks for; it was not read", host,
		         size);
	else if (result == CURLE_COULDNT_RESOLVE_HOST)
		snprintf(msg, msglen, "the host name %s does not resolve: check "
		         "%s and the network connection", host, c->url_key);
	else if (result == CURLE_COULDNT_RESOLVE_PROXY)
		snprintf(msg, msglen, "the proxy's host name does not resolve: "
		         "check https_proxy and all_proxy in the environment (%s)",
		         detail_of(c, result));
	else if (result == CURLE_COULDNT_CONNECT)
		connect_text(c, host, msg, msglen);
	else if (tls_failure(result))
		tls_text(c, result, host, msg, msglen);
	else if (in->failure == RETRY_CONNECT)
		snprintf(msg, msglen, "no connection to %s within %ld s: check "
		         "%s and the network (connect_timeout)", host,
		         c->connect_timeout_ms / 1000, c->url_key);
	else if (in->is_post && in->request_sent)
		snprintf(msg, msglen, "the connection to %s broke after the "
		         "request was sent; the server may have applied it: check "
		         "before trying again (%s)", host, detail_of(c, result));
	else if (result == CURLE_OPERATION_TIMEDOUT)
		snprintf(msg, msglen, "no answer from %s within %ld s "
		         "(request_timeout)", host, c->request_timeout_ms / 1000);
	else
		snprintf(msg, msglen, "network error with %s: %s", host,
		         detail_of(c, result));
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
