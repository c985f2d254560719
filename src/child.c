/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "child.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

/* The secrets halotui reads from its environment. */
static const char *const secret_vars[] = { "HALOPSA_CLIENT_SECRET" };

bool child_secret_var(const char *entry)
{
	for (size_t i = 0; i < sizeof secret_vars / sizeof *secret_vars; i++) {
		size_t n = strlen(secret_vars[i]);

		if (strncmp(entry, secret_vars[i], n) == 0 && entry[n] == '=')
			return true;
	}
	return false;
}

/* Our environment without the secrets; the strings are environ's. */
static char **child_environ(void)
{
	size_t n = 0, k = 0;
	char **env;

	while (environ && environ[n])
		n++;
	env = calloc(n + 1, sizeof *env);
	if (!env)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!child_secret_var(environ[i]))
			env[k++] = environ[i];
	env[k] = NULL;
	return env;
}

/* ---- in the child: async-signal-safe calls only -------------------------- */

static int set_fd(int from, int to)
{
	int fd;

	if (from == CHILD_KEEP)
		return 0;
	if (from == to)
		return fcntl(to, F_SETFD, 0);
	if (from != CHILD_DEVNULL)
		return dup2(from, to) < 0 ? -1 : 0;
	fd = open("/dev/null", O_RDWR);
	if (fd < 0)
		return -1;
	if (fd != to) {
		if (dup2(fd, to) < 0)
			return -1;
		close(fd);
	}
	return 0;
}

static void close_from(int low, long max)
{
#ifdef HAVE_CLOSE_RANGE
	if (close_range((unsigned)low, ~0U, 0) == 0)
		return;
#endif
	for (long fd = low; fd < max; fd++)
		close((int)fd);
}

static _Noreturn void child_exec(const char *file, char *const argv[],
                                 char **env, const struct child_io *io,
                                 long max_fd)
{
	struct sigaction dfl;
	sigset_t none;

	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	for (int sig = 1; sig < NSIG; sig++)
		sigaction(sig, &dfl, NULL);   /* SIGKILL, SIGSTOP: refused, fine */
	if (set_fd(io->in, 0) || set_fd(io->out, 1) || set_fd(io->err, 2))
		_exit(127);
	if (io->own_group && setpgid(0, 0) != 0)
		_exit(127);
	if (io->own_group && io->foreground) {
		/* Every signal is still blocked, SIGTTOU included, so a
		 * background group may take the terminal. Without it the
		 * command runs anyway; it just cannot read the terminal. */
		int tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);

		if (tty >= 0) {
			(void)tcsetpgrp(tty, getpid());
			close(tty);
		}
	}
	close_from(3, max_fd);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	environ = env;
	execvp(file, argv);
	_exit(127);
}

/* ---- in the parent ------------------------------------------------------- */

int child_spawn(pid_t *pid, const char *file, char *const argv[],
                const struct child_io *io)
{
	long max_fd = sysconf(_SC_OPEN_MAX);
	sigset_t all, old;
	char **env;
	pid_t p;
	int e;

	if (max_fd < 0 || max_fd > 65536)
		max_fd = 65536;
	env = child_environ();
	if (!env)
		return ENOMEM;
	/* No handler of ours may run in the child before it resets them. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	p = fork();
	if (p == 0)
		child_exec(file, argv, env, io, max_fd);
	e = errno;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	free(env);
	if (p < 0)
		return e;
	*pid = p;
	return 0;
}
