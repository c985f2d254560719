/* SPDX-License-Identifier: MIT */
/* Keeping client_secret secret: a config file holding one must not be
 * readable by others, one holding client_secret_cmd (a command halotui
 * runs) not writable by others, and client_secret_cmd runs a command for
 * it. */
#include "config.h"
#include "settings.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <yaml.h>

#include "child.h"
#include "settings_private.h"

/* ---- The file's permissions --------------------------------------------- */

bool cfg_has_key(const struct loader *ld, const yaml_node_t *root,
                 const char *key)
{
	const yaml_node_t *m = cfg_map_get(ld, root, "profiles");
	struct yamlx_pairs it;

	yamlx_pairs_init(&it, ld->doc, m);
	while (yamlx_pairs_next(&it)) {
		const yaml_node_t *v = cfg_map_get(ld, it.value, key);

		if (v && !cfg_is_null(v))
			return true;
	}
	return false;
}

/* A shell word for the chmod hint: quoted when the path needs it. */
static void shell_word(const char *in, char *out, size_t n)
{
	size_t used = 0;

	if (in[strspn(in, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                  "0123456789_./-+,:@%")] == '\0') {
		snprintf(out, n, "%s", in);
		return;
	}
	out[used++] = '\'';
	for (; *in && used + 6 < n; in++) {
		if (*in == '\'') {
			memcpy(out + used, "'\\''", 4);
			used += 4;
		} else {
			out[used++] = *in;
		}
	}
	out[used++] = '\'';
	out[used] = '\0';
}

/* Our user's name for the chown hint, else our uid. */
static void my_name(char *out, size_t n)
{
	struct passwd pw, *found = NULL;
	char buf[1024];

	if (getpwuid_r(geteuid(), &pw, buf, sizeof buf, &found) == 0 && found &&
	    found->pw_name[strspn(found->pw_name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                          "abcdefghijklmnopqrstuvwxyz0123456789_.-")] == '\0')
		snprintf(out, n, "%s", found->pw_name);
	else
		snprintf(out, n, "%u", (unsigned)geteuid());
}

enum halo_status cfg_perm_check(const struct loader *ld, mode_t mode,
                                uid_t owner, bool secret, bool cmd)
{
	const char *what = secret ? "client_secret" : "client_secret_cmd";
	char word[600], me[64];

	if (!secret && !cmd)
		return HALO_OK;
	shell_word(ld->path, word, sizeof word);
	/* ssh's rule: the user's own file, or root's. */
	if (owner != geteuid() && owner != 0) {
		my_name(me, sizeof me);
		return errbuf_set(ld->err, HALO_ECONFIG, "%s: holds %s but "
		                  "belongs to another user (uid %u), who can "
		                  "change it; run: sudo chown %s %s", ld->path,
		                  what, (unsigned)owner, me, word);
	}
	/* Like ssh with a private key: a readable secret is refused
	 * outright, with the command that fixes it. */
	if (secret && (mode & 077))
		return errbuf_set(ld->err, HALO_ECONFIG, "%s: holds client_secret "
		                  "but is %s by group or others (mode %04o); run: "
		                  "chmod 600 %s", ld->path,
		                  (mode & 044) ? "readable" : "writable",
		                  (unsigned)(mode & 07777), word);
	/* Whoever can change the file chooses the command halotui runs. */
	if (cmd && (mode & 022))
		return errbuf_set(ld->err, HALO_ECONFIG, "%s: holds "
		                  "client_secret_cmd, a command halotui runs, but is "
		                  "writable by group or others (mode %04o); run: "
		                  "chmod go-w %s", ld->path,
		                  (unsigned)(mode & 07777), word);
	return HALO_OK;
}

/* ---- client_secret_cmd -------------------------------------------------- */

/* The command gets default signal handling, stdin from /dev/null, the
 * pipe as stdout, our stderr, and no secret (child.h). */
static enum halo_status secret_spawn(const char *cmd, int wfd, pid_t *pid,
                                     struct errbuf *err)
{
	struct child_io io = { CHILD_DEVNULL, wfd, CHILD_KEEP };
	char sh[] = "/bin/sh", dash_c[] = "-c";
	char *argv[4];
	int rc;

	argv[0] = sh;
	argv[1] = dash_c;
	argv[2] = (char *)cmd;
	argv[3] = NULL;
	rc = child_spawn(pid, "/bin/sh", argv, &io);
	if (rc == ENOMEM)
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	if (rc)
		return errbuf_set(err, HALO_ECONFIG, "cannot run client_secret_cmd "
		                  "with /bin/sh: %s", strerror(rc));
	return HALO_OK;
}

/* Up to max bytes into buf; the rest (to a cap) is read and dropped so
 * that a chatty command still exits normally. */
static size_t secret_read(int fd, char *buf, size_t max)
{
	char sink[512];
	size_t len = 0, drained = 0;
	ssize_t got;

	for (;;) {
		if (len < max)
			got = read(fd, buf + len, max - len);
		else if (drained < SECRET_DRAIN_MAX)
			got = read(fd, sink, sizeof sink);
		else
			break;
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		if (len < max)
			len += (size_t)got;
		else
			drained += (size_t)got;
	}
	OPENSSL_cleanse(sink, sizeof sink);
	return len;
}

static int secret_wait(pid_t pid)
{
	int status = 0;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return status;
}

/* Never quotes the output: it may be the secret, or part of it. */
static enum halo_status secret_check(const struct settings *s, int status,
                                     size_t line, bool too_long,
                                     struct errbuf *err)
{
	char b[81], where[600] = "";

	if (s->profile && s->path)
		snprintf(where, sizeof where, " of profile '%s' in %s",
		         yamlx_shown(s->profile, b, sizeof b), s->path);
	yamlx_shown(s->client_secret_cmd, b, sizeof b);
	if (status < 0)
		return errbuf_set(err, HALO_ECONFIG, "client_secret_cmd '%s'%s: "
		                  "cannot wait for it", b, where);
	if (WIFSIGNALED(status))
		return errbuf_set(err, HALO_ECONFIG, "client_secret_cmd '%s'%s "
		                  "was killed by signal %d", b, where,
		                  WTERMSIG(status));
	if (WEXITSTATUS(status) != 0)
		return errbuf_set(err, HALO_ECONFIG, "client_secret_cmd '%s'%s "
		                  "failed (exit status %d)", b, where,
		                  WEXITSTATUS(status));
	if (too_long)
		return errbuf_set(err, HALO_ECONFIG, "client_secret_cmd '%s'%s "
		                  "printed a first line longer than %d bytes "
		                  "(exit status 0)", b, where, SECRET_MAX - 1);
	if (line == 0)
		return errbuf_set(err, HALO_ECONFIG, "client_secret_cmd '%s'%s "
		                  "printed nothing on its first line (exit status "
		                  "0)", b, where);
	return HALO_OK;
}

static enum halo_status secret_run(struct settings *s, struct errbuf *err)
{
	char buf[SECRET_MAX];
	enum halo_status st;
	size_t len, line;
	int fds[2], status;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC))
		return errbuf_set(err, HALO_EIO, "cannot make a pipe: %s",
		                  strerror(errno));
	st = secret_spawn(s->client_secret_cmd, fds[1], &pid, err);
	close(fds[1]);
	if (st != HALO_OK) {
		close(fds[0]);
		return st;
	}
	len = secret_read(fds[0], buf, sizeof buf);
	close(fds[0]);
	status = secret_wait(pid);
	line = 0;
	while (line < len && buf[line] != '\n')
		line++;
	if (line > 0 && buf[line - 1] == '\r')
		line--;
	st = secret_check(s, status, line, line == sizeof buf, err);
	if (st == HALO_OK) {
		s->client_secret = strndup(buf, line);
		if (!s->client_secret)
			st = errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	OPENSSL_cleanse(buf, sizeof buf);
	return st;
}

enum halo_status settings_resolve_secret(struct settings *s,
                                         struct errbuf *err)
{
	if (s->client_secret || !s->client_secret_cmd)
		return HALO_OK;
	return secret_run(s, err);
}
