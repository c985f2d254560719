/* SPDX-License-Identifier: MIT */
/* halotui login for auth: authorization_code (PKCE, RFC 7636 and RFC 8252
 * for native apps): the authorize URL goes to stderr and to $BROWSER (or
 * xdg-open on a desktop), and halotui waits for whichever comes first:
 * the browser's redirect to a loopback port of its own (answered with a
 * page that says to close the tab), or a line on stdin holding the
 * address the browser ended on, or the code alone. Over SSH the browser
 * runs elsewhere and cannot reach the loopback port: the user pastes. The
 * state must match (a pasted bare code has none); the code is exchanged
 * with the verifier by the worker, whose answer is the stored login. The
 * URL holds no secret; the code and verifier go nowhere but the token
 * request. */
#include "config.h"
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "auth.h"
#include "authbase.h"
#include "http.h"
#include "oauth.h"
#include "opener.h"
#include "pkce.h"
#include "yamlx.h"

/* How long a login may take in the browser. */
#define LOGIN_WAIT_S 300
/* Connections the listener holds at once (browsers open spare ones), and
 * how long one may take to send its request line. */
#define CONN_MAX 4
#define CONN_WAIT_S 10
#define HEAD_MAX 8192

struct conn {
	int fd;          /* -1: free */
	double since;    /* monotonic seconds */
	size_t len;
	char buf[HEAD_MAX];
};

struct waiter {
	const char *state;      /* this login's */
	const char *path;       /* the redirect's path the listener answers */
	int listen_fd;          /* -1: no listener */
	bool stdin_open;
	char line[HEAD_MAX];
	size_t linelen;
	bool line_long;         /* the line went past HEAD_MAX: dropped */
	struct conn conns[CONN_MAX];
	char *code;             /* the result (secret) */
	char failure[700];      /* set when the login failed */
};

/* ---- where the browser comes back -------------------------------------- */

/* The loopback port and path of a configured http://127.0.0.1:PORT/PATH
 * (or localhost): false when it names no port of this machine that
 * halotui can listen on (then the address is pasted). */
static bool loopback_of(const char *uri, int *port, const char **path)
{
	const char *host, *p;
	char *end;
	long v;

	if (strncasecmp(uri, "http://", 7) != 0)
		return false;
	host = uri + 7;
	if (strncmp(host, "127.0.0.1:", 10) == 0)
		p = host + 10;
	else if (strncasecmp(host, "localhost:", 10) == 0)
		p = host + 10;
	else
		return false;
	v = strtol(p, &end, 10);
	if (end == p || v <= 0 || v > 65535 || (*end && *end != '/'))
		return false;
	*port = (int)v;
	*path = *end ? end : "/";
	return true;
}

/* A socket listening on 127.0.0.1:port (0: any free one); -1 on failure
 * (errno). *bound gets the port. */
static int listen_loopback(int port, int *bound)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), e;

	if (fd < 0)
		return -1;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((uint16_t)port);
	if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    listen(fd, 8) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &alen) != 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	*bound = ntohs(a.sin_port);
	return fd;
}

/* ---- the browser ------------------------------------------------------- */

/* Starts $BROWSER with the URL, or the desktop's opener where there is a
 * display, without waiting for it: a browser may keep running (opener.c
 * reaps it). No shell runs; the URL holds no secret. Whether one started. */
static bool open_browser(const char *url)
{
	const char *browser = getenv("BROWSER");
	struct errbuf err;

	if ((!browser || !*browser) && !opener_have_display())
		return false;
	return opener_open(url, &err) == HALO_OK;
}

/* ---- what comes back --------------------------------------------------- */

enum verdict { V_CODE, V_FAILED, V_OTHER_LOGIN };

/* Judges a redirect: its code when the state is this login's (a pasted
 * bare code carries none), a failure when the server said error=. */
static enum verdict judge(struct waiter *w, struct oauth_redirect *r,
                          bool pasted)
{
	char e[81], d[161];

	if (r->error) {
		snprintf(w->failure, sizeof w->failure, "the authorisation "
		         "server did not log you in: %s%s%s; run halotui login "
		         "again", yamlx_shown(r->error, e, sizeof e),
		         r->error_description ? ": " : "",
		         r->error_description ?
		         yamlx_shown(r->error_description, d, sizeof d) : "");
		return V_FAILED;
	}
	if (r->state ? strcmp(r->state, w->state) != 0 : !pasted)
		return V_OTHER_LOGIN;
	w->code = r->code;
	r->code = NULL;
	return V_CODE;
}

/* A small page for the browser tab. */
static void answer(int fd, int status, const char *title, const char *text)
{
	char page[1024], head[256];
	int n = snprintf(page, sizeof page, "<!DOCTYPE html>\n<html><head>"
	                 "<meta charset=\"utf-8\"><title>halotui: %s</title>"
	                 "</head><body><h1>%s</h1><p>%s</p></body></html>\n",
	                 title, title, text);
	int h = snprintf(head, sizeof head, "HTTP/1.1 %d %s\r\nContent-Type: "
	                 "text/html; charset=utf-8\r\nContent-Length: %d\r\n"
	                 "Cache-Control: no-store\r\nConnection: close\r\n\r\n",
	                 status, status == 200 ? "OK" : status == 404 ?
	                 "Not Found" : "Bad Request", n);

	(void)!send(fd, head, (size_t)h, MSG_NOSIGNAL);
	(void)!send(fd, page, (size_t)n, MSG_NOSIGNAL);
}

/* The request line of a browser's request is in c: answers it. */
static void on_request(struct waiter *w, struct conn *c)
{
	struct oauth_redirect r;
	struct errbuf err;
	char *target, *sp;
	size_t plen;

	c->buf[strcspn(c->buf, "\r\n")] = '\0';
	if (strncmp(c->buf, "GET ", 4) != 0 ||
	    !(sp = strchr(c->buf + 4, ' '))) {
		answer(c->fd, 400, "Not a login", "halotui expected the "
		       "browser's return from the login here.");
		return;
	}
	*sp = '\0';
	target = c->buf + 4;
	plen = strcspn(target, "?");
	if (plen != strlen(w->path) || strncmp(target, w->path, plen) != 0) {
		answer(c->fd, 404, "Not found", "Nothing here.");
		return;
	}
	if (oauth_parse_redirect(target, &r, &err) != HALO_OK) {
		answer(c->fd, 400, "Not a login", "The address holds no login "
		       "code; return to the terminal.");
		return;
	}
	switch (judge(w, &r, false)) {
	case V_CODE:
		answer(c->fd, 200, "Logged in", "halotui has the login. You can "
		       "close this tab and return to the terminal.");
		break;
	case V_FAILED:
		answer(c->fd, 200, "Login failed", "The server did not log you "
		       "in; halotui says why in the terminal.");
		break;
	case V_OTHER_LOGIN:
		answer(c->fd, 400, "Another login", "This is not the login "
		       "halotui is waiting for (its state does not match). "
		       "Use the address halotui printed last.");
		break;
	}
	oauth_redirect_done(&r);
}

static void conn_close(struct conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	OPENSSL_cleanse(c->buf, c->len);
	c->fd = -1;
	c->len = 0;
}

static void on_readable(struct waiter *w, struct conn *c)
{
	ssize_t got = recv(c->fd, c->buf + c->len, HEAD_MAX - 1 - c->len, 0);

	if (got < 0 && errno == EINTR)
		return;
	if (got <= 0) {
		conn_close(c);
		return;
	}
	c->len += (size_t)got;
	c->buf[c->len] = '\0';
	if (strchr(c->buf, '\n') || c->len >= HEAD_MAX - 1) {
		on_request(w, c);
		conn_close(c);
	}
}

static void on_accept(struct waiter *w)
{
	int fd = accept4(w->listen_fd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return;
	for (size_t i = 0; i < CONN_MAX; i++)
		if (w->conns[i].fd < 0) {
			w->conns[i].fd = fd;
			w->conns[i].len = 0;
			w->conns[i].since = http_now();
			return;
		}
	close(fd);   /* busy: the browser tries again */
}

/* A line was pasted. */
static void on_line(struct waiter *w)
{
	struct oauth_redirect r;
	struct errbuf err;

	w->line[w->linelen] = '\0';
	if (oauth_parse_redirect(w->line, &r, &err) != HALO_OK) {
		if (w->line[strspn(w->line, " \t\r")] != '\0')
			cli_error("%s", err.msg);
		return;
	}
	if (judge(w, &r, true) == V_OTHER_LOGIN)
		cli_error("that address belongs to another login (its state "
		          "does not match this one's): paste the address of the "
		          "login halotui printed last");
	oauth_redirect_done(&r);
}

static void on_stdin(struct waiter *w)
{
	char buf[512];
	ssize_t got = read(STDIN_FILENO, buf, sizeof buf);

	if (got < 0 && errno == EINTR)
		return;
	if (got <= 0) {
		w->stdin_open = false;
		if (w->linelen > 0 && !w->line_long)
			on_line(w);
		w->linelen = 0;
		return;
	}
	for (ssize_t i = 0; i < got && !w->code && !w->failure[0]; i++) {
		if (buf[i] == '\n') {
			if (!w->line_long)
				on_line(w);
			else
				cli_error("that line is too long for a login "
				          "address");
			OPENSSL_cleanse(w->line, sizeof w->line);
			w->linelen = 0;
			w->line_long = false;
		} else if (w->linelen + 1 < sizeof w->line) {
			w->line[w->linelen++] = buf[i];
		} else {
			w->line_long = true;
		}
	}
	OPENSSL_cleanse(buf, sizeof buf);
}

/* Waits for the code; false with w->failure set when there is none. */
static bool wait_code(struct waiter *w)
{
	double deadline = http_now() + LOGIN_WAIT_S;

	while (!w->code && !w->failure[0]) {
		struct pollfd p[CONN_MAX + 2];
		size_t n = 0, first_conn;
		double now = http_now();

		if (now >= deadline) {
			snprintf(w->failure, sizeof w->failure, "no login came "
			         "back within %d s: run halotui login again",
			         LOGIN_WAIT_S);
			break;
		}
		if (w->listen_fd < 0 && !w->stdin_open) {
			snprintf(w->failure, sizeof w->failure, "standard input "
			         "ended without the address the browser was sent "
			         "to, and no browser can come back to a loopback "
			         "port (redirect_uri): run halotui login again on "
			         "a terminal");
			break;
		}
		if (w->listen_fd >= 0)
			p[n++] = (struct pollfd){ .fd = w->listen_fd, .events = POLLIN };
		if (w->stdin_open)
			p[n++] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
		first_conn = n;
		for (size_t i = 0; i < CONN_MAX; i++) {
			if (w->conns[i].fd >= 0 &&
			    now - w->conns[i].since > CONN_WAIT_S)
				conn_close(&w->conns[i]);
			if (w->conns[i].fd >= 0)
				p[n++] = (struct pollfd){ .fd = w->conns[i].fd,
				                          .events = POLLIN };
		}
		if (poll(p, n, 1000) <= 0)
			continue;
		for (size_t i = 0; i < first_conn; i++) {
			if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (p[i].fd == w->listen_fd)
				on_accept(w);
			else
				on_stdin(w);
		}
		for (size_t i = first_conn; i < n; i++) {
			if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			for (size_t k = 0; k < CONN_MAX; k++)
				if (w->conns[k].fd == p[i].fd)
					on_readable(w, &w->conns[k]);
		}
	}
	return w->code != NULL;
}

/* ---- the flow ---------------------------------------------------------- */

/* The redirect URI and the listener: the configured one (listened on
 * when it is a loopback port), else a free loopback port of our own. */
static int redirect_setup(const struct settings *s, struct waiter *w,
                          char *uri, size_t urilen)
{
	int port = 0, bound = 0;

	w->listen_fd = -1;
	if (s->redirect_uri) {
		snprintf(uri, urilen, "%s", s->redirect_uri);
		if (!loopback_of(s->redirect_uri, &port, &w->path))
			return 0;
		w->listen_fd = listen_loopback(port, &bound);
		if (w->listen_fd < 0)
			cli_error("cannot listen on 127.0.0.1:%d for the browser's "
			          "return (%s): paste the address instead", port,
			          strerror(errno));
		return 0;
	}
	w->path = "/callback";
	w->listen_fd = listen_loopback(0, &bound);
	if (w->listen_fd < 0) {
		cli_error("cannot listen on 127.0.0.1 for the browser's return: "
		          "%s", strerror(errno));
		return EXIT_REFUSED;
	}
	snprintf(uri, urilen, "http://127.0.0.1:%d/callback", bound);
	return 0;
}

static void tell(const struct settings *s, const struct waiter *w,
                 const char *url, const char *uri, bool opened)
{
	char host[256];

	http_url_host(s->base_url, host, sizeof host);
	fprintf(stderr, "halotui: log in to %s in a browser%s:\n\n    %s\n\n",
	        host, opened ? " (opening it now)" : " at this address", url);
	if (w->listen_fd >= 0)
		fprintf(stderr, "halotui: waiting for the browser to come back "
		        "to %s; or paste here the address the browser ends on "
		        "(or the code alone) and press Enter\n", uri);
	else
		fprintf(stderr, "halotui: then paste here the address the "
		        "browser ends on (%s?code=...), or the code alone, and "
		        "press Enter\n", uri);
	fflush(stderr);
}

/* Everything up to the code: the authorize URL, the browser, the wait. */
static int get_code(const struct settings *s, struct waiter *w,
                    const char *challenge, char *uri, size_t urilen)
{
	struct errbuf err;
	char *auth_url = NULL, *tenant = NULL, *url;
	bool browser;
	int rc;

	errbuf_clear(&err);
	if (authbase_find(s, &auth_url, &tenant, &err) != HALO_OK) {
		cli_error("%s", err.msg);
		return EXIT_REFUSED;
	}
	rc = redirect_setup(s, w, uri, urilen);
	url = rc == 0 ? oauth_authorize_url(auth_url, tenant, s, uri, challenge,
	                                    w->state) : NULL;
	free(auth_url);
	free(tenant);
	if (rc != 0)
		return rc;
	if (!url) {
		cli_error("out of memory");
		return EXIT_REFUSED;
	}
	browser = open_browser(url);
	tell(s, w, url, uri, browser);
	free(url);
	w->stdin_open = true;
	if (!wait_code(w)) {
		cli_error("%s", w->failure);
		rc = EXIT_REFUSED;
	}
	return rc;
}

int cli_login_code(const struct cli_globals *g, struct settings *s)
{
	struct waiter *w = calloc(1, sizeof *w);
	struct worker_grant grant = { .kind = GRANT_CODE };
	char verifier[PKCE_VERIFIER_LEN + 1], challenge[PKCE_CHALLENGE_LEN + 1];
	char state[PKCE_STATE_LEN + 1], uri[2048];
	struct session sess;
	int rc = 0;

	if (!w) {
		cli_error("out of memory");
		settings_done(s);
		return EXIT_REFUSED;
	}
	for (size_t i = 0; i < CONN_MAX; i++)
		w->conns[i].fd = -1;
	if (!s->base_url || !s->client_id) {
		/* The same words as any command's. */
		struct errbuf err;

		settings_check_session(s, &err);
		cli_error("%s", err.msg);
		rc = EXIT_USAGE;
	} else if (!pkce_verifier(verifier) ||
	           !pkce_challenge(verifier, challenge) || !pkce_state(state)) {
		cli_error("cannot make the login's random values (OpenSSL's "
		          "RAND_bytes failed)");
		rc = EXIT_REFUSED;
	}
	w->state = state;
	if (rc == 0)
		rc = get_code(s, w, challenge, uri, sizeof uri);
	if (w->listen_fd >= 0)
		close(w->listen_fd);
	for (size_t i = 0; i < CONN_MAX; i++)
		conn_close(&w->conns[i]);
	if (rc == 0) {
		grant.form = oauth_code_form(s, w->code, verifier, uri);
		grant.secrets[0] = w->code;
		grant.secrets[1] = verifier;
		rc = grant.form ? cli_start(g, &sess, s, &grant) : EXIT_REFUSED;
		if (!grant.form) {
			cli_error("out of memory");
			settings_done(s);
		}
	} else {
		settings_done(s);
	}
	auth_wipe_free((char *)grant.form);
	auth_wipe_free(w->code);
	OPENSSL_cleanse(verifier, sizeof verifier);
	OPENSSL_cleanse(w, sizeof *w);
	free(w);
	if (rc != 0)
		return rc;
	return cli_login_done(g, &sess);
}
