/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "child.h"
#include "datadir.h"
#include "demo.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define DEMO_WAIT_MS 15000

static const char *find_emulator(char *buf, size_t len, struct errbuf *err)
{
	const char *env = getenv("HALOTUI_EMULATOR");
	char dir[4096];

	if (env && *env) {
		if (access(env, R_OK) == 0)
			return env;
		errbuf_set(err, HALO_EIO, "HALOTUI_EMULATOR is %s: %s", env,
		           strerror(errno));
		return NULL;
	}
	snprintf(buf, len, "%s/halo-emulator.pyz", halo_datadir(dir, sizeof dir));
	if (access(buf, R_OK) == 0)
		return buf;
	errbuf_set(err, HALO_EIO, "the emulator is not installed (%s: %s); set "
	           "HALOTUI_EMULATOR to its path", buf, strerror(errno));
	return NULL;
}

/* The emulator, like every child, gets no secret and no descriptor of
 * ours but the pipe it prints its port on (child.h). */
static pid_t spawn(const char *script, int *out_fd)
{
	char parent[32], py[] = "python3", port[] = "--port", zero[] = "0",
	     ppid[] = "--parent-pid", timeout[] = "--timeout";
	char *argv[] = { py, (char *)script, port, zero, ppid, parent, timeout,
	                 zero, NULL };
	struct child_io io = { CHILD_DEVNULL, -1, CHILD_DEVNULL, false, false };
	int fds[2];
	pid_t pid = -1;

	if (pipe2(fds, O_CLOEXEC) != 0)
		return -1;
	snprintf(parent, sizeof parent, "%ld", (long)getpid());
	io.out = fds[1];
	if (child_spawn(&pid, py, argv, &io) != 0)
		pid = -1;
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		return -1;
	}
	*out_fd = fds[0];
	return pid;
}

/* Reads "PORT <n>" from the emulator within DEMO_WAIT_MS. */
static int read_port(int fd)
{
	char line[64];
	size_t len = 0;

	while (len < sizeof line - 1) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t got;

		if (poll(&p, 1, DEMO_WAIT_MS) <= 0)
			return -1;
		got = read(fd, line + len, sizeof line - 1 - len);
		if (got <= 0)
			return -1;
		len += (size_t)got;
		line[len] = '\0';
		if (strchr(line, '\n'))
			break;
	}
	line[len] = '\0';
	if (strncmp(line, "PORT ", 5) != 0)
		return -1;
	return atoi(line + 5);
}

static int write_config(struct demo *d)
{
	FILE *fp;
	int fd;

	snprintf(d->config_path, sizeof d->config_path, "%s/config.yaml", d->dir);
	fd = open(d->config_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	fp = fdopen(fd, "w");
	if (!fp) {
		close(fd);
		return -1;
	}
	fprintf(fp, "# Written by halotui --demo; removed when it exits.\n"
	        "default_profile: demo\n"
	        "profiles:\n"
	        "  demo:\n"
	        "    base_url: http://127.0.0.1:%d\n"
	        "    tenant: demo\n"
	        "    client_id: halotui-demo\n"
	        "    client_secret: demo-secret\n", d->port);
	return fclose(fp) == 0 ? 0 : -1;
}

/* The emulator's DATA_NOW (tests/emulator/halo_emulator/util.py). */
#define DEMO_DATA_NOW "2024-07-01T09:00:00Z"

enum halo_status demo_start(struct demo *d, struct errbuf *err)
{
	char path[4096];
	const char *script;
	const char *tmp = getenv("TMPDIR");
	int fd = -1;

	memset(d, 0, sizeof *d);
	script = find_emulator(path, sizeof path, err);
	if (!script)
		return HALO_EIO;
	snprintf(d->dir, sizeof d->dir, "%s/halotui-demo-XXXXXX",
	         tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(d->dir)) {
		d->dir[0] = '\0';
		return errbuf_set(err, HALO_EIO, "cannot make a temporary "
		                  "directory: %s", strerror(errno));
	}
	d->pid = spawn(script, &fd);
	if (d->pid < 0) {
		d->pid = 0;
		demo_stop(d);
		return errbuf_set(err, HALO_EIO, "cannot start python3: %s",
		                  strerror(errno));
	}
	d->port = read_port(fd);
	close(fd);
	if (d->port <= 0) {
		demo_stop(d);
		return errbuf_set(err, HALO_EIO, "the emulator (%s) did not start "
		                  "within %d s; is python3 installed?", script,
		                  DEMO_WAIT_MS / 1000);
	}
	if (write_config(d) != 0) {
		demo_stop(d);
		return errbuf_set(err, HALO_EIO, "cannot write the demo config: %s",
		                  strerror(errno));
	}
	unsetenv("HALOPSA_BASE_URL");
	unsetenv("HALOPSA_TENANT");
	unsetenv("HALOPSA_CLIENT_ID");
	unsetenv("HALOPSA_CLIENT_SECRET");
	/* The demo's tickets were made around one morning (the emulator's
	 * DATA_NOW): counted from today, every SLA would read long breached. */
	setenv("HALOTUI_NOW", DEMO_DATA_NOW, 0);
	return HALO_OK;
}

void demo_stop(struct demo *d)
{
	if (d->pid > 0) {
		kill(d->pid, SIGTERM);
		waitpid(d->pid, NULL, 0);
		d->pid = 0;
	}
	if (d->config_path[0])
		unlink(d->config_path);
	if (d->dir[0])
		rmdir(d->dir);
	d->config_path[0] = d->dir[0] = '\0';
}
