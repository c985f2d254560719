/* SPDX-License-Identifier: MIT */
/* Starting a program that inherits nothing secret: every child (the
 * client_secret_cmd, $VISUAL / $EDITOR, the demo's emulator) gets an
 * environment without the secret variables halotui reads
 * (HALOPSA_CLIENT_SECRET), no descriptor but its stdin, stdout and stderr
 * (not the server's sockets, the worker's pipe, the log or the trace),
 * default signal handling and an empty signal mask. Safe to call while the
 * worker thread runs: the child does nothing between fork and exec that
 * could wait on a lock. */
#ifndef HALO_CHILD_H
#define HALO_CHILD_H

#include <stdbool.h>
#include <sys/types.h>

#define CHILD_KEEP (-1)     /* the child keeps ours */
#define CHILD_DEVNULL (-2)  /* /dev/null */

/* What becomes the child's descriptors 0, 1 and 2: CHILD_KEEP,
 * CHILD_DEVNULL, or a descriptor of ours above 2 (or equal to the one it
 * becomes). */
struct child_io {
	int in, out, err;
	bool own_group;   /* a process group of its own, so that a child that
	                   * runs too long is stopped with all it started */
	bool foreground;  /* with own_group: that group becomes the
	                   * foreground group of the controlling terminal (the
	                   * caller takes the terminal back when it is done) */
};

/* Whether name=value names a variable children never see. */
bool child_secret_var(const char *entry);

/* Runs file (looked up in PATH unless it holds a slash) with argv. Returns
 * 0 with *pid set, or an errno value (ENOMEM, EAGAIN...). A program that
 * cannot be run makes the child exit with status 127. */
int child_spawn(pid_t *pid, const char *file, char *const argv[],
                const struct child_io *io);

#endif
