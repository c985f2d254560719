/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "opener.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"

#ifdef __APPLE__
#define DESKTOP_OPENER "open"
#else
#define DESKTOP_OPENER "xdg-open"
#endif

#define MAX_ARGS 32
#define MAX_CHILDREN 16

static bool set(const char *v)
{
	return v && *v;
}

bool opener_local(const char *display, const char *wayland,
                  const char *ssh_connection, const char *ssh_tty)
{
	if (set(ssh_connection) || set(ssh_tty))
		return false;
#ifdef __APPLE__
	(void)display;
	(void)wayland;
	return true;
#else
	return set(display) || set(wayland);
#endif
}

bool opener_have_display(void)
{
	return opener_local(getenv("DISPLAY"), getenv("WAYLAND_DISPLAY"),
	                    getenv("SSH_CONNECTION"), getenv("SSH_TTY"));
}

void opener_argv_free(char ***argv)
{
	if (!*argv)
		return;
	for (size_t i = 0; (*argv)[i]; i++)
		free((*argv)[i]);
	free(*argv);
	*argv = NULL;
}

/* word with every "%s" replaced by target; *used set when there was one. */
static char *expand(const char *word, size_t n, const char *target, bool *used)
{
	size_t tl = strlen(target), len = 0;
	char *out;

	for (size_t i = 0; i < n; i++)
		len += (i + 1 < n && word[i] == '%' && word[i + 1] == 's') ? tl : 1;
	out = malloc(len + 1);
	if (!out)
		return NULL;
	len = 0;
	for (size_t i = 0; i < n; i++) {
		if (i + 1 < n && word[i] == '%' && word[i + 1] == 's') {
			memcpy(out + len, target, tl);
			len += tl;
			i++;
			*used = true;
		} else {
			out[len++] = word[i];
		}
	}
	out[len] = '\0';
	return out;
}

char **opener_argv(const char *browser, const char *target)
{
	char **argv = calloc(MAX_ARGS + 2, sizeof *argv);
	const char *p, *end;
	size_t argc = 0;
	bool used = false;

	if (!argv)
		return NULL;
	if (!set(browser))
		browser = DESKTOP_OPENER;
	/* $BROWSER may list several, separated by ':': the first. */
	end = browser + strcspn(browser, ":");
	for (p = browser; p < end && argc < MAX_ARGS;) {
		size_t n;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end)
			break;
		for (n = 0; p + n < end && p[n] != ' ' && p[n] != '\t'; n++)
			;
		if (!(argv[argc++] = expand(p, n, target, &used)))
			goto fail;
		p += n;
	}
	if (!argc)
		goto fail;
	if (!used && !(argv[argc++] = strdup(target)))
		goto fail;
	return argv;
fail:
	opener_argv_free(&argv);
	return NULL;
}

/* Whether file runs: a path that is executable, or a name found so in
 * PATH (a missing opener is said at once, not lost in a child). */
static bool runnable(const char *file)
{
	const char *path = getenv("PATH"), *p;
	char buf[4096];

	if (strchr(file, '/'))
		return access(file, X_OK) == 0;
	if (!path)
		path = "/usr/bin:/bin";
	for (p = path;; p++) {
		size_t n = strcspn(p, ":");
		int w = snprintf(buf, sizeof buf, "%.*s/%s", (int)n,
		                 n ? p : ".", file);
		if (w > 0 && (size_t)w < sizeof buf && access(buf, X_OK) == 0)
			return true;
		p += n;
		if (!*p)
			return false;
	}
}

/* Children that may still run; reaped once they end (UI thread only). */
static pid_t children[MAX_CHILDREN];

static void reap(void)
{
	for (size_t i = 0; i < MAX_CHILDREN; i++)
		if (children[i] > 0 && waitpid(children[i], NULL, WNOHANG) != 0)
			children[i] = 0;
}

/* Starts the program that spec names (a $BROWSER-like value; NULL or ""
 * for the desktop's opener) on target; what names it in errors. */
static enum halo_status open_with(const char *spec, const char *what,
                                  const char *hint, const char *target,
                                  struct errbuf *err)
{
	const struct child_io io = { CHILD_DEVNULL, CHILD_DEVNULL,
	                             CHILD_DEVNULL, true, false };
	char **argv;
	pid_t pid;
	int e;

	reap();
	argv = opener_argv(spec, target);
	if (!argv)
		return errbuf_set(err, HALO_EIO, "cannot start %s: %s names no "
		                  "program", what, hint);
	if (!runnable(argv[0])) {
		errbuf_set(err, HALO_EIO, "cannot start %s: %s is not "
		           "installed (set %s)", what, argv[0], hint);
		opener_argv_free(&argv);
		return HALO_EIO;
	}
	e = child_spawn(&pid, argv[0], argv, &io);
	if (e) {
		errbuf_set(err, HALO_EIO, "cannot start %s: %s", argv[0],
		           strerror(e));
		opener_argv_free(&argv);
		return HALO_EIO;
	}
	opener_argv_free(&argv);
	for (size_t i = 0; i < MAX_CHILDREN; i++)
		if (children[i] <= 0) {
			children[i] = pid;
			return HALO_OK;
		}
	/* Every slot taken: this one is reaped when it ends or never (a
	 * zombie until halotui exits). */
	return HALO_OK;
}

enum halo_status opener_open(const char *target, struct errbuf *err)
{
	return open_with(getenv("BROWSER"), "a browser", "$BROWSER", target,
	                 err);
}

enum halo_status opener_open_file(const char *path, struct errbuf *err)
{
	return open_with(getenv("HALOTUI_OPENER"), "a viewer",
	                 "$HALOTUI_OPENER", path, err);
}
