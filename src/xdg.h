/* SPDX-License-Identifier: MIT */
/* Where halotui keeps its files, by the XDG base directory spec: one
 * resolver for the config, themes, drafts and caches. */
#ifndef HALO_XDG_H
#define HALO_XDG_H

#include <stddef.h>

enum xdg_dir {
	XDG_CONFIG,   /* $XDG_CONFIG_HOME, else ~/.config */
	XDG_STATE,    /* $XDG_STATE_HOME, else ~/.local/state */
	XDG_CACHE,    /* $XDG_CACHE_HOME, else ~/.cache */
	XDG_DATA,     /* $XDG_DATA_HOME, else ~/.local/share */
};

/* Writes "<base>/halotui/<rel>" into out (rel may be NULL or ""); base is
 * the variable when it holds an absolute path (the spec says to ignore a
 * relative one), else the default under $HOME. Returns 0, or -1 when
 * neither is set or out is too small. */
int xdg_path(enum xdg_dir dir, const char *rel, char *out, size_t outlen);

#endif
