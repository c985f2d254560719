/* SPDX-License-Identifier: MIT */
/* Keeping the process's memory to itself. The client secret and the token
 * live in it, so at start the program turns off core dumps (RLIMIT_CORE 0)
 * and makes itself non-dumpable (PR_SET_DUMPABLE 0: no core, and no
 * ptrace or /proc/PID/mem for other processes of the same user), unless
 * HALOTUI_ALLOW_CORE=1 asks to keep cores to debug a crash. */
#ifndef HALO_CLI_HARDEN_H
#define HALO_CLI_HARDEN_H

#include <stddef.h>

/* 0, or -1 with what failed in msg. */
int harden_process(char *msg, size_t len);

#endif
