/* SPDX-License-Identifier: MIT */
/* Finding the drafts of one instance: every draft file in the directory
 * (however many), those of this base URL and tenant, not held by a live
 * process, newest first. */
#include "config.h"
#include "draft.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grow.h"

static bool ends_with(const char *s, const char *tail)
{
	size_t l = strlen(s), t = strlen(tail);

	return l > t && strcmp(s + l - t, tail) == 0;
}

static bool same_instance(const struct draft *d, const struct draft *want)
{
	return strcmp(d->base_url, want->base_url) == 0 &&
	       strcmp(d->tenant, want->tenant) == 0;
}

/* Newest first; drafts saved in the same second by name, which starts
 * with the time the draft was made. */
static int newest_first(const void *a, const void *b)
{
	const struct draft *x = a, *y = b;

	if (x->saved != y->saved)
		return x->saved < y->saved ? 1 : -1;
	return -strcmp(x->path, y->path);
}

/* Locks and reads the draft at path into d when it is want's instance's
 * and no live process holds it. Returns 0, or -1 to skip it. */
static int take_one(const char *path, const struct draft *want,
                    struct draft *d)
{
	struct errbuf err;
	int fd = draft_lock(path);

	if (fd < 0)
		return -1;   /* its owner is alive, or it is gone */
	if (draft_load(path, d, &err) != 0) {
		close(fd);
		return -1;
	}
	if (!same_instance(d, want)) {
		draft_done(d);
		close(fd);
		return -1;
	}
	d->lock = fd + 1;
	/* Its owner died while sending: nobody knows what the server did. */
	if (d->state == DRAFT_SENDING)
		d->state = DRAFT_UNKNOWN;
	return 0;
}

size_t draft_list(const char *base_url, const char *tenant,
                  struct draft **out)
{
	char dir[1024], path[1400];
	struct draft want, *list = NULL;
	struct dirent *de;
	size_t n = 0, cap = 0;
	DIR *dh;

	*out = NULL;
	if (draft_dir(dir, sizeof dir) != 0 || !(dh = opendir(dir)))
		return 0;
	memset(&want, 0, sizeof want);
	draft_set_instance(&want, base_url, tenant);
	while ((de = readdir(dh)) != NULL) {
		struct draft *nl;

		if (!ends_with(de->d_name, ".draft"))
			continue;
		nl = grow_for_one(list, n, &cap, sizeof *nl, 16);
		if (!nl)
			break;   /* what was found so far is offered */
		list = nl;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (take_one(path, &want, &list[n]) == 0)
			n++;
	}
	closedir(dh);
	if (n)
		qsort(list, n, sizeof *list, newest_first);
	else {
		free(list);
		list = NULL;
	}
	*out = list;
	return n;
}

void draft_list_free(struct draft *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		draft_done(&list[i]);
	free(list);
}
