/* SPDX-License-Identifier: MIT */
/* Asking for a password on the terminal, without echo: halotui login with
 * auth: password and no password_cmd. Whatever ends halotui meanwhile
 * (Ctrl-C, a hang-up, a kill), the terminal gets its echo back first. */
#include "config.h"
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "auth.h"

/* The longest password read; the rest of a longer line is dropped. */
#define SECRET_LINE_MAX 4096

static struct termios saved;
static volatile sig_atomic_t echo_off;

static const int caught[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
#define NCAUGHT (sizeof caught / sizeof caught[0])

static void put_back(int sig)
{
	if (echo_off)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	echo_off = 0;
	/* The line the user was on ends, as it would have with echo. */
	(void)!write(STDERR_FILENO, "\n", 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Reads up to the end of the line, keeping at most cap - 1 bytes. */
static int read_line(char *buf, size_t cap)
{
	size_t n = 0;
	bool any = false;
	char c;

	for (;;) {
		ssize_t got = read(STDIN_FILENO, &c, 1);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		any = true;
		if (c == '\n')
			break;
		if (n + 1 < cap)
			buf[n++] = c;
	}
	buf[n] = '\0';
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return any ? 0 : -1;
}

int cli_ask_secret(const char *prompt, char **out)
{
	struct sigaction sa, old[NCAUGHT];
	struct termios quiet;
	char *buf;
	int rc;

	*out = NULL;
	buf = malloc(SECRET_LINE_MAX);
	if (!buf)
		return -1;
	fprintf(stderr, "%s", prompt);
	fflush(stderr);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = put_back;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NCAUGHT; i++)
		sigaction(caught[i], &sa, &old[i]);
	if (tcgetattr(STDIN_FILENO, &saved) == 0) {
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0)
			echo_off = 1;
	}
	rc = read_line(buf, SECRET_LINE_MAX);
	if (echo_off)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	else
		fputc('\n', stderr);
	echo_off = 0;
	for (size_t i = 0; i < NCAUGHT; i++)
		sigaction(caught[i], &old[i], NULL);
	if (rc == 0)
		*out = strdup(buf);
	OPENSSL_cleanse(buf, SECRET_LINE_MAX);
	free(buf);
	return rc == 0 && *out ? 0 : -1;
}
