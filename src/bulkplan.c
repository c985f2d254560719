/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "bulkplan.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "grow.h"
#include "jsonx.h"

#define SUB "bulk"
#define SUFFIX ".bulk"

static char *dup_or_null(const char *s, bool *oom)
{
	char *d = s ? strdup(s) : NULL;

	if (s && !d)
		*oom = true;
	return d;
}

int bulk_plan_set(struct bulk_plan *p, const char *resource,
                  const char *id_key, const char *change, const char *title,
                  const long *ids, size_t n)
{
	bool oom = false;

	memset(p, 0, sizeof *p);
	p->resource = dup_or_null(resource, &oom);
	p->id_key = dup_or_null(id_key, &oom);
	p->change = dup_or_null(change, &oom);
	p->title = dup_or_null(title, &oom);
	p->ids = malloc((n ? n : 1) * sizeof *p->ids);
	if (!p->ids || oom)
		return -1;
	if (n)
		memcpy(p->ids, ids, n * sizeof *ids);
	p->n = n;
	p->started = time(NULL);
	return 0;
}

void bulk_plan_done(struct bulk_plan *p)
{
	free(p->resource);
	free(p->id_key);
	free(p->change);
	free(p->title);
	free(p->journal_key);
	free(p->ids);
	memset(p, 0, sizeof *p);
}

static char *plan_json(const struct bulk_plan *p)
{
	cJSON *o = cJSON_CreateObject(), *ids;
	char *text = NULL;

	if (!o)
		return NULL;
	if (cJSON_AddNumberToObject(o, "version", 1) &&
	    cJSON_AddStringToObject(o, "resource", p->resource) &&
	    cJSON_AddStringToObject(o, "id_key", p->id_key) &&
	    cJSON_AddStringToObject(o, "change", p->change) &&
	    cJSON_AddStringToObject(o, "title", p->title) &&
	    cJSON_AddStringToObject(o, "journal_key", p->journal_key) &&
	    cJSON_AddNumberToObject(o, "started", (double)p->started) &&
	    (ids = cJSON_AddArrayToObject(o, "ids")) != NULL) {
		size_t i;

		for (i = 0; i < p->n; i++) {
			cJSON *num = cJSON_CreateNumber((double)p->ids[i]);

			if (!num)
				break;
			cJSON_AddItemToArray(ids, num);
		}
		if (i == p->n)
			text = cJSON_PrintUnformatted(o);
	}
	cJSON_Delete(o);
	return text;
}

enum halo_status bulk_plan_save(struct bulk_plan *p, const char *profile,
                                const struct cache_owner *o,
                                struct errbuf *err)
{
	static unsigned counter;
	enum halo_status rc;
	char *text;

	if (!p->path[0]) {
		char name[96];

		snprintf(name, sizeof name, "%lld-%ld-%u" SUFFIX,
		         (long long)p->started, (long)getpid(), counter++);
		if (cachefile_path(XDG_STATE, SUB, profile, name, p->path,
		                   sizeof p->path) != 0) {
			p->path[0] = '\0';
			return errbuf_set(err, HALO_ECONFIG, "no place to keep the "
			                  "bulk change's plan: set HOME or "
			                  "XDG_STATE_HOME");
		}
		free(p->journal_key);
		if (asprintf(&p->journal_key, "halotui bulk %s", p->path) < 0) {
			p->journal_key = NULL;
			return errbuf_set(err, HALO_ENOMEM, "out of memory");
		}
	}
	if (!(text = plan_json(p))) {
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	rc = cachefile_write(p->path, o, text, strlen(text), err);
	free(text);
	return rc;
}

/* A plan from its file's payload; false when it is not one. */
static bool plan_parse(struct bulk_plan *p, const char *text)
{
	cJSON *o = cJSON_Parse(text), *ids, *it;
	const char *res, *key, *change, *title, *jkey;
	double started = 0;
	bool ok = false;
	size_t n = 0;

	res = jsonx_str(o, "resource");
	key = jsonx_str(o, "id_key");
	change = jsonx_str(o, "change");
	title = jsonx_str(o, "title");
	jkey = jsonx_str(o, "journal_key");
	ids = jsonx_get(o, "ids");
	jsonx_number(o, "started", &started);
	if (!res || !key || !change || !title || !jkey || !cJSON_IsArray(ids))
		goto out;
	if (bulk_plan_set(p, res, key, change, title, NULL, 0) != 0)
		goto out;
	free(p->ids);
	p->ids = malloc(((size_t)cJSON_GetArraySize(ids) + 1) * sizeof *p->ids);
	p->journal_key = strdup(jkey);
	if (!p->ids || !p->journal_key)
		goto out;
	cJSON_ArrayForEach(it, ids) {
		if (!cJSON_IsNumber(it) || it->valuedouble < 1)
			goto out;
		p->ids[n++] = (long)it->valuedouble;
	}
	p->n = n;
	p->started = (time_t)started;
	ok = true;
out:
	cJSON_Delete(o);
	if (!ok)
		bulk_plan_done(p);
	return ok;
}

static int by_started(const void *a, const void *b)
{
	const struct bulk_plan *x = a, *y = b;

	if (x->started != y->started)
		return x->started < y->started ? -1 : 1;
	return strcmp(x->path, y->path);
}

int bulk_plan_list(const char *profile, const struct cache_owner *o,
                   struct bulk_plan **out, size_t *n)
{
	char dir[4096];
	struct bulk_plan *list = NULL;
	size_t cap = 0;
	struct dirent *de;
	DIR *d;

	*out = NULL;
	*n = 0;
	if (cachefile_path(XDG_STATE, SUB, profile, NULL, dir, sizeof dir) != 0 ||
	    !(d = opendir(dir)))
		return 0;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		struct bulk_plan p, *grown;
		char *text = NULL;
		size_t tlen = 0;
		int k;

		if (len <= strlen(SUFFIX) ||
		    strcmp(de->d_name + len - strlen(SUFFIX), SUFFIX) != 0)
			continue;
		memset(&p, 0, sizeof p);
		k = snprintf(p.path, sizeof p.path, "%s/%s", dir, de->d_name);
		if (k < 0 || (size_t)k >= sizeof p.path)
			continue;
		if (!cachefile_read(p.path, o, &text, &tlen, NULL))
			continue;
		{
			char path[sizeof p.path];

			memcpy(path, p.path, sizeof path);
			if (!plan_parse(&p, text)) {
				free(text);
				continue;
			}
			memcpy(p.path, path, sizeof path);
		}
		free(text);
		grown = grow_for_one(list, *n, &cap, sizeof *list, 4);
		if (!grown) {
			bulk_plan_done(&p);
			for (size_t i = 0; i < *n; i++)
				bulk_plan_done(&list[i]);
			free(list);
			closedir(d);
			*n = 0;
			return -1;
		}
		list = grown;
		list[(*n)++] = p;
	}
	closedir(d);
	if (*n)
		qsort(list, *n, sizeof *list, by_started);
	*out = list;
	return 0;
}

void bulk_plan_remove(struct bulk_plan *p)
{
	if (p->path[0])
		(void)cachefile_remove(p->path);
}
