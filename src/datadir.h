/* SPDX-License-Identifier: MIT */
/* Where halotui's data lives (themes/, halo-emulator.pyz). */
#ifndef HALO_DATADIR_H
#define HALO_DATADIR_H

#include <stddef.h>

/* $HALOTUI_DATADIR when set; else the installed data directory when it
 * has themes/; else the directory of the running program when that has
 * them (halotui built in its source tree, not installed); else the
 * installed directory all the same, so that errors name where it should
 * be. Writes the path into buf and returns buf. */
const char *halo_datadir(char *buf, size_t len);

#endif
