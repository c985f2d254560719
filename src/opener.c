/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "opener.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "child.h"

#define MAX_OPENERS 16

static pid_t openers[MAX_OPENERS];

static bool set(const char *name)
{
	const char *v = getenv(name);

	return v && *v;
}

bool opener_local_display(void)
{
	return (set("DISPLAY") || set("WAYLAND_DISPLAY")) &&
	       !set("SSH_CONNECTION") && !set("SSH_TTY");
}

/* Openers that ended are reaped, so that none stays a zombie for long. */
static int free_slot(void)
{
	int slot = -1;

	for (int i = 0; i < MAX_OPENERS; i++) {
		if (openers[i] > 0 && waitpid(openers[i], NULL, WNOHANG) != 0)
			openers[i] = 0;
		if (openers[i] == 0 && slot < 0)
			slot = i;
	}
	return slot;
}

int opener_open(const char *path)
{
	const char *prog = getenv("HALOTUI_OPENER");
	struct child_io io = { CHILD_DEVNULL, CHILD_DEVNULL, CHILD_DEVNULL,
	                       true, false };
	char *argv[3];
	int slot = free_slot(), rc;
	pid_t pid;

	if (slot < 0)
		return EAGAIN;
	if (!prog || !*prog)
		prog = "xdg-open";
	argv[0] = (char *)prog;
	argv[1] = (char *)path;
	argv[2] = NULL;
	rc = child_spawn(&pid, prog, argv, &io);
	if (rc == 0)
		openers[slot] = pid;
	return rc;
}
