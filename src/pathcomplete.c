/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "pathcomplete.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "utf8.h"

/* The directory to read for typed's directory part (dlen bytes). */
static int dir_of(const char *typed, size_t dlen, char *out, size_t outlen)
{
	const char *home = getenv("HOME");
	int n;

	if (dlen == 0)
		n = snprintf(out, outlen, ".");
	else if (typed[0] == '~' && (dlen == 1 || typed[1] == '/') && home)
		n = snprintf(out, outlen, "%s%.*s", home, (int)dlen - 1, typed + 1);
	else
		n = snprintf(out, outlen, "%.*s", (int)dlen, typed);
	return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

int path_complete(const char *typed, char *out, size_t outlen)
{
	const char *slash = strrchr(typed, '/');
	size_t dlen = slash ? (size_t)(slash - typed) + 1 : 0, plen, common = 0;
	const char *part = typed + dlen;
	char dir[4096], first[256] = "", path[4352];
	struct dirent *de;
	int matches = 0, n;
	bool first_dir = false;
	DIR *d;

	n = snprintf(out, outlen, "%s", typed);
	if (n < 0 || (size_t)n >= outlen)
		return -1;
	/* "~" alone is the home directory. */
	if (strcmp(typed, "~") == 0 && getenv("HOME")) {
		n = snprintf(out, outlen, "~/");
		return n < 0 || (size_t)n >= outlen ? -1 : 1;
	}
	if (dir_of(typed, dlen, dir, sizeof dir) != 0)
		return 0;
	d = opendir(dir);
	if (!d)
		return 0;
	plen = strlen(part);
	while ((de = readdir(d))) {
		const char *name = de->d_name;

		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		if (name[0] == '.' && part[0] != '.')
			continue;
		if (strncmp(name, part, plen) != 0 || strlen(name) >= sizeof first)
			continue;
		if (matches++ == 0) {
			snprintf(first, sizeof first, "%s", name);
			common = strlen(first);
		} else {
			size_t i = 0;

			while (i < common && first[i] == name[i])
				i++;
			common = i;
		}
	}
	closedir(d);
	if (matches == 0)
		return 0;
	/* Never half a character. */
	if (common < strlen(first))
		common = utf8_cut(first, common);
	if (matches == 1) {
		struct stat sb;

		snprintf(path, sizeof path, "%s/%s", dir, first);
		first_dir = stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
	}
	n = snprintf(out, outlen, "%.*s%.*s%s", (int)dlen, typed, (int)common,
	             first, first_dir ? "/" : "");
	if (n < 0 || (size_t)n >= outlen) {
		snprintf(out, outlen, "%s", typed);
		return -1;
	}
	return matches;
}
