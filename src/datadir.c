/* SPDX-License-Identifier: MIT */
/* The data directory. The program holds no path into the tree it was
 * built in: an uninstalled halotui finds its data next to itself. */
#include "config.h"
#include "datadir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int has_themes(const char *dir)
{
	char path[PATH_MAX];
	struct stat st;

	if ((size_t)snprintf(path, sizeof path, "%s/themes", dir) >= sizeof path)
		return 0;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The directory of the running program, or "" when it cannot be read. */
static void program_dir(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);
	char *slash;

	if (n <= 0 || (size_t)n >= len - 1) {
		buf[0] = '\0';
		return;
	}
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (slash)
		*slash = '\0';
	else
		buf[0] = '\0';
}

const char *halo_datadir(char *buf, size_t len)
{
	const char *env = getenv("HALOTUI_DATADIR");
	char self[PATH_MAX];

	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return buf;
	}
	if (!has_themes(HALOTUI_DATADIR)) {
		program_dir(self, sizeof self);
		if (self[0] && has_themes(self)) {
			snprintf(buf, len, "%s", self);
			return buf;
		}
	}
	snprintf(buf, len, "%s", HALOTUI_DATADIR);
	return buf;
}
