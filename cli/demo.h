/* SPDX-License-Identifier: MIT */
/* `halotui --demo`: starts the bundled HaloPSA emulator on loopback and
 * writes a private config that points at it, so a new user sees a working
 * instance with one command. The emulator exits with halotui. */
#ifndef HALO_DEMO_H
#define HALO_DEMO_H

#include <sys/types.h>
#include "errbuf.h"

struct demo {
	pid_t pid;                /* the emulator; 0 when not running */
	char dir[256];            /* private temporary directory */
	char config_path[300];    /* config.yaml inside dir */
	int port;
};

/* Finds the emulator, starts it with python3, waits for its port (15 s at
 * most), writes the config and clears HALOPSA_* from the environment so
 * that the demo profile is the one used. The emulator is $HALOTUI_EMULATOR
 * when set (a zipapp, or the package directory tests/emulator/halo_emulator
 * of a source tree), else halo-emulator.pyz in the data directory (see
 * datadir.h: $HALOTUI_DATADIR, the installed one, or the program's own
 * directory when it was built in its source tree). */
enum halo_status demo_start(struct demo *d, struct errbuf *err);

/* Stops the emulator and removes the temporary files. Safe when not
 * started. */
void demo_stop(struct demo *d);

#endif
