/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "xdg.h"

#include <stdio.h>
#include <stdlib.h>

static const struct {
	const char *var;
	const char *under_home;
} bases[] = {
	[XDG_CONFIG] = { "XDG_CONFIG_HOME", ".config" },
	[XDG_STATE] = { "XDG_STATE_HOME", ".local/state" },
	[XDG_CACHE] = { "XDG_CACHE_HOME", ".cache" },
	[XDG_DATA] = { "XDG_DATA_HOME", ".local/share" },
};

int xdg_path(enum xdg_dir dir, const char *rel, char *out, size_t outlen)
{
	const char *base, *home, *sep = rel && *rel ? "/" : "";
	int n;

	if ((unsigned)dir >= sizeof bases / sizeof bases[0] || !out || !outlen)
		return -1;
	out[0] = '\0';
	if (!rel)
		rel = "";
	base = getenv(bases[dir].var);
	home = getenv("HOME");
	if (base && base[0] == '/')
		n = snprintf(out, outlen, "%s/halotui%s%s", base, sep, rel);
	else if (home && *home)
		n = snprintf(out, outlen, "%s/%s/halotui%s%s", home,
		             bases[dir].under_home, sep, rel);
	else
		return -1;
	if (n < 0 || (size_t)n >= outlen) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}
