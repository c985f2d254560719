/* SPDX-License-Identifier: MIT */
/* Keeping client_secret secret: a config file holding one must not be
 * readable by others, one holding client_secret_cmd or password_cmd (a
 * command halotui runs) not writable by others, and those commands are
 * run for the client secret and a per-user login's password. */
#include "config.h"
#include "settings.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <yaml.h>

#include "child.h"
#include "http.h"
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
                                uid_t owner, bool secret, const char *cmd)
{
	const char *what = secret ? "client_secret" : cmd;
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
		                  "%s, a command halotui runs, but is "
		                  "writable by group or others (mode %04o); run: "
		                  "chmod go-w %s", ld->path, cmd,
		                  (unsigned)(mode & 07777), word);
	return HALO_OK;
}

/* ---- client_secret_cmd and password_cmd ---------------------------------- */

/* The command gets default signal handling, stdin from /dev/null, the
 * pipe as stdout, our stderr, and no secret (child.h). */
/* The controlling terminal when halotui runs in its foreground, else -1.
 * The command then gets a group of its own that is the terminal's
 * foreground group while it runs, so that it may ask for a passphrase
 * there; elsewhere (a script, cron) a group of its own alone. Either way
 * one that runs too long is stopped with all it started (secret_wait). */
static int secret_terminal(void)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (fd >= 0 && tcgetpgrp(fd) != getpgrp()) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* The terminal back to halotui's group once the command is done. SIGTTOU
 * is blocked in this thread for the whole run (secret_run), so neither
 * this nor a "waiting" line written meanwhile stops halotui. */
static void secret_terminal_back(int tty)
{
	if (tty < 0)
		return;
	(void)tcsetpgrp(tty, getpgrp());
	close(tty);
}

static enum halo_status secret_spawn(const char *key, const char *cmd,
                                     int wfd, int tty, pid_t *pid,
                                     struct errbuf *err)
{
	struct child_io io = { CHILD_DEVNULL, wfd, CHILD_KEEP, true, tty >= 0 };
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
		return errbuf_set(err, HALO_ECONFIG, "cannot run %s with /bin/sh: "
		                  "%s", key, strerror(rc));
	return HALO_OK;
}

/* The command's time: it must be done by `deadline`, and from its first
 * second on the front end hears that halotui waits for it. */
struct secret_clock {
	const struct settings *s;
	const char *key;              /* client_secret_cmd or password_cmd */
	const struct log_sink *log;
	double deadline, next_note;   /* monotonic seconds */
	bool noted, timed_out;
};

/* Milliseconds until the next thing the clock must do; 0 when due. */
static int secret_tick(struct secret_clock *c)
{
	double now = http_now(), next;
	bool can_note = c->log && c->log->waiting;
	char b[81], line[300], where[120] = "";

	if (now >= c->deadline) {
		c->timed_out = true;
		return 0;
	}
	if (can_note && !c->noted && now >= c->next_note) {
		/* Said once, never redrawn: the command may be asking for a
		 * passphrase on the terminal. Not quoted: a careless command
		 * line may hold the secret itself. */
		if (c->s->profile)
			snprintf(where, sizeof where, " of profile '%s'",
			         yamlx_shown(c->s->profile, b, sizeof b));
		snprintf(line, sizeof line, "waiting for %s%s (stopped after "
		         "%ld s)", c->key, where,
		         c->s->secret_cmd_timeout_ms / 1000);
		c->log->waiting(c->log->ctx, line, true);
		c->noted = true;
	}
	next = c->noted || !can_note ? c->deadline : c->next_note;
	return (int)((next - now) * 1000.0) + 1;
}

/* Up to max bytes into buf; the rest (to a cap) is read and dropped so
 * that a chatty command still exits normally. Stops at the deadline. */
static size_t secret_read(int fd, char *buf, size_t max,
                          struct secret_clock *c)
{
	char sink[512];
	size_t len = 0, drained = 0;
	ssize_t got;

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int ms = secret_tick(c);

		if (c->timed_out)
			break;
		if (poll(&p, 1, ms) <= 0)
			continue;   /* a tick, or EINTR */
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

/* The exit status of pid, waiting at most until `until` (monotonic
 * seconds; 0: for ever); -2 when it is still running then. */
static int secret_reap(pid_t pid, double until)
{
	int status = 0;

	for (;;) {
		pid_t r = waitpid(pid, &status, until > 0 ? WNOHANG : 0);

		if (r == pid)
			return status;
		if (r < 0 && errno != EINTR)
			return -1;
		if (r == 0 && http_now() >= until)
			return -2;
		if (r == 0)
			poll(NULL, 0, 10);
	}
}

/* After its output ended the command still has until the deadline to
 * exit; past it, it is asked to stop, then made to. */
static int secret_wait(pid_t pid, struct secret_clock *c)
{
	int status = -2;
	pid_t target = pid;

	while (!c->timed_out && status == -2) {
		secret_tick(c);
		if (!c->timed_out)
			status = secret_reap(pid, c->deadline);
	}
	if (status != -2)
		return status;
	/* Its whole group (secret_spawn gives it one of its own). */
	if (getpgid(pid) == pid)
		target = -pid;
	kill(target, SIGTERM);
	status = secret_reap(pid, http_now() + 1.0);
	if (status == -2) {
		kill(target, SIGKILL);
		status = secret_reap(pid, 0);
	}
	return status;
}

/* What to do comes first, the command and where it was set last. */
static enum halo_status secret_timed_out(const struct settings *s,
                                         const char *key, const char *cmd,
                                         struct errbuf *err)
{
	char b[81], p[81];

	yamlx_shown(cmd, b, sizeof b);
	if (s->profile && s->path)
		return errbuf_set(err, HALO_ECONFIG, "%s did not finish within "
		                  "%ld s and was stopped: raise "
		                  "secret_cmd_timeout if it needs longer (command "
		                  "'%s' of profile '%s' in %s)", key,
		                  s->secret_cmd_timeout_ms / 1000, b,
		                  yamlx_shown(s->profile, p, sizeof p), s->path);
	return errbuf_set(err, HALO_ECONFIG, "%s did not finish within %ld s "
	                  "and was stopped: raise secret_cmd_timeout if it "
	                  "needs longer (command '%s')", key,
	                  s->secret_cmd_timeout_ms / 1000, b);
}

/* Never quotes the output: it may be the secret, or part of it. */
static enum halo_status secret_check(const struct settings *s,
                                     const char *key, const char *cmd,
                                     int status, size_t line, bool too_long,
                                     struct errbuf *err)
{
	char b[81], where[600] = "";

	if (s->profile && s->path)
		snprintf(where, sizeof where, " of profile '%s' in %s",
		         yamlx_shown(s->profile, b, sizeof b), s->path);
	yamlx_shown(cmd, b, sizeof b);
	if (status < 0)
		return errbuf_set(err, HALO_ECONFIG, "%s '%s'%s: cannot wait for "
		                  "it", key, b, where);
	if (WIFSIGNALED(status))
		return errbuf_set(err, HALO_ECONFIG, "%s '%s'%s was killed by "
		                  "signal %d", key, b, where, WTERMSIG(status));
	if (WEXITSTATUS(status) != 0)
		return errbuf_set(err, HALO_ECONFIG, "%s '%s'%s failed (exit "
		                  "status %d)", key, b, where,
		                  WEXITSTATUS(status));
	if (too_long)
		return errbuf_set(err, HALO_ECONFIG, "%s '%s'%s printed a first "
		                  "line longer than %d bytes (exit status 0)", key,
		                  b, where, SECRET_MAX - 1);
	if (line == 0)
		return errbuf_set(err, HALO_ECONFIG, "%s '%s'%s printed nothing "
		                  "on its first line (exit status 0)", key, b,
		                  where);
	return HALO_OK;
}

/* Runs cmd (the value of setting `key`) and sets *out to the first line
 * it printed. */
static enum halo_status secret_run(const struct settings *s, const char *key,
                                   const char *cmd,
                                   const struct log_sink *log, char **out,
                                   struct errbuf *err)
{
	struct secret_clock clock = { .s = s, .key = key, .log = log };
	char buf[SECRET_MAX];
	enum halo_status st;
	size_t len, line;
	int fds[2], status, tty;
	sigset_t ttou, old;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC))
		return errbuf_set(err, HALO_EIO, "cannot make a pipe: %s",
		                  strerror(errno));
	sigemptyset(&ttou);
	sigaddset(&ttou, SIGTTOU);
	pthread_sigmask(SIG_BLOCK, &ttou, &old);
	tty = secret_terminal();
	st = secret_spawn(key, cmd, fds[1], tty, &pid, err);
	close(fds[1]);
	if (st != HALO_OK) {
		secret_terminal_back(tty);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		close(fds[0]);
		return st;
	}
	clock.next_note = http_now() + 1.0;
	clock.deadline = clock.next_note - 1.0 +
	                 (double)s->secret_cmd_timeout_ms / 1000.0;
	len = secret_read(fds[0], buf, sizeof buf, &clock);
	close(fds[0]);
	status = secret_wait(pid, &clock);
	secret_terminal_back(tty);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (clock.noted)
		log->waiting(log->ctx, NULL, true);
	if (clock.timed_out) {
		OPENSSL_cleanse(buf, sizeof buf);
		return secret_timed_out(s, key, cmd, err);
	}
	line = 0;
	while (line < len && buf[line] != '\n')
		line++;
	if (line > 0 && buf[line - 1] == '\r')
		line--;
	st = secret_check(s, key, cmd, status, line, line == sizeof buf, err);
	if (st == HALO_OK) {
		*out = strndup(buf, line);
		if (!*out)
			st = errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	OPENSSL_cleanse(buf, sizeof buf);
	return st;
}

enum halo_status settings_resolve_secret_logged(struct settings *s,
                                                const struct log_sink *log,
                                                struct errbuf *err)
{
	if (s->client_secret || !s->client_secret_cmd)
		return HALO_OK;
	return secret_run(s, "client_secret_cmd", s->client_secret_cmd, log,
	                  &s->client_secret, err);
}

enum halo_status settings_password(const struct settings *s,
                                   const struct log_sink *log,
                                   char **password, struct errbuf *err)
{
	*password = NULL;
	if (!s->password_cmd)
		return errbuf_set(err, HALO_EUSAGE, "no password_cmd");
	return secret_run(s, "password_cmd", s->password_cmd, log, password,
	                  err);
}

enum halo_status settings_resolve_secret(struct settings *s,
                                         struct errbuf *err)
{
	return settings_resolve_secret_logged(s, NULL, err);
}
