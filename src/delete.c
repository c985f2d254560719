/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "delete.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cachefile.h"
#include "jsonx.h"
#include "parse.h"
#include "text.h"

bool delete_allowed(const struct resource *res)
{
	return res && (strcmp(res->name, "tickets") == 0 ||
	               strcmp(res->name, "actions") == 0);
}

struct request *request_delete(const struct resource *res, long id,
                               long ticket_id)
{
	struct request *r;

	if (!delete_allowed(res) || id <= 0 ||
	    ((res->flags & RES_CHILD) && ticket_id <= 0))
		return NULL;
	r = request_new(REQ_DELETE, res);
	if (r) {
		r->id = id;
		/* Action ids are per ticket (HALO_API.md 7.3). */
		r->ticket_id = (res->flags & RES_CHILD) ? ticket_id : 0;
	}
	return r;
}

/* The record's title as one safe line of at most 60 columns, or "". */
static char *short_title(const struct record *r)
{
	const char *t = r && r->res->title_key ?
	                record_str(r, r->res->title_key) : NULL;
	char *clean, *fit;

	if (!t || !*t)
		return NULL;
	clean = text_sanitize(t, strlen(t), 0);
	if (!clean)
		return NULL;
	text_flatten(clean);
	text_squeeze(clean);
	fit = *clean ? text_fit(clean, 60, 0) : NULL;
	free(clean);
	return fit;
}

void delete_describe(const struct resource *res, long id, long ticket_id,
                     const struct record *r, char *out, size_t outlen)
{
	char *title = short_title(r);
	char quoted[300] = "";

	if (title)
		snprintf(quoted, sizeof quoted, " '%s'", title);
	free(title);
	if (res->flags & RES_CHILD)
		snprintf(out, outlen, "note %ld on ticket %ld%s", id, ticket_id,
		         quoted);
	else
		snprintf(out, outlen, "%s %ld%s", res->singular, id, quoted);
}

bool delete_typed_ok(const char *typed, long id)
{
	char buf[32];
	size_t n;

	if (!typed || id <= 0)
		return false;
	while (isspace((unsigned char)*typed))
		typed++;
	n = strlen(typed);
	while (n > 0 && isspace((unsigned char)typed[n - 1]))
		n--;
	if (n == 0 || n >= sizeof buf)
		return false;
	memcpy(buf, typed, n);
	buf[n] = '\0';
	return parse_id(buf) == id;
}

void delete_failure_text(const char *what, int http_status, const char *msg,
                         char *out, size_t outlen)
{
	const char *advice;

	switch (http_status) {
	case 404:
		advice = "it is not there: deleted already, or never was "
		         "(reload the list)";
		break;
	case 403:
		advice = "the server does not let this login delete it: the API "
		         "application needs permission to delete (Halo: "
		         "Configuration > Integrations > HaloPSA API)";
		break;
	case 401:
		advice = "the server refused the login (check the profile's "
		         "credentials, or run halotui login)";
		break;
	case 400:
	case 409:
		advice = "the server refused it as it stands (see its words)";
		break;
	case 0:
		advice = "no answer from the server: it may or may not be "
		         "deleted (reload to see)";
		break;
	default:
		advice = http_status >= 500 ?
		         "the server failed: it may or may not be deleted "
		         "(reload to see, then try again)" :
		         "the server refused it";
		break;
	}
	if (msg && *msg)
		snprintf(out, outlen, "%s not deleted: %s; %s", what, advice, msg);
	else
		snprintf(out, outlen, "%s not deleted: %s", what, advice);
}

/* ---- the cache files -------------------------------------------------- */

/* Whether an entry of a cached list is the deleted record. */
static bool is_gone(const cJSON *item, const char *id_key, long id,
                    long ticket_id, long file_ticket)
{
	long tid;

	if (!cJSON_IsObject(item) || jsonx_id(item, id_key) != id)
		return false;
	if (ticket_id <= 0)
		return true;
	tid = jsonx_id(item, "ticket_id");
	return (tid > 0 ? tid : file_ticket) == ticket_id;
}

/* data without the record, as new text; NULL when it held none (or is
 * not a list of res). *changed says whether it did. */
static char *without(const struct resource *res, const char *data, long id,
                     long ticket_id, bool *changed)
{
	cJSON *root = cJSON_Parse(data), *arr;
	long file_ticket, removed = 0;
	double count;
	char *text = NULL;

	*changed = false;
	if (!root)
		return NULL;
	arr = cJSON_IsArray(root) ? root :
	      res->list_key ? cJSON_GetObjectItemCaseSensitive(root, res->list_key) :
	      NULL;
	if (!cJSON_IsArray(arr)) {
		cJSON_Delete(root);
		return NULL;
	}
	file_ticket = cJSON_IsObject(root) ? jsonx_id(root, "ticket_id") : 0;
	for (int i = cJSON_GetArraySize(arr) - 1; i >= 0; i--)
		if (is_gone(cJSON_GetArrayItem(arr, i), res->id_key, id,
		            ticket_id, file_ticket)) {
			cJSON_DeleteItemFromArray(arr, i);
			removed++;
		}
	if (removed > 0) {
		if (cJSON_IsObject(root) &&
		    jsonx_number(root, "record_count", &count) && count >= removed)
			cJSON_SetNumberValue(cJSON_GetObjectItemCaseSensitive(
				root, "record_count"), count - (double)removed);
		text = cJSON_PrintUnformatted(root);
		*changed = text != NULL;
	}
	cJSON_Delete(root);
	return text;
}

/* Whether a file of the cache directory may hold lists of res: the start
 * page's "rows-<res>-…" and the cached GETs' "<res>-…". */
static bool holds(const char *name, const struct resource *res)
{
	size_t n = strlen(res->name);

	if (strncmp(name, "rows-", 5) == 0)
		name += 5;
	return strncmp(name, res->name, n) == 0 && name[n] == '-' &&
	       !strchr(name, '.');
}

int delete_forget_cached(const struct settings *s, const struct resource *res,
                         long id, long ticket_id, struct errbuf *err)
{
	struct cache_owner o = { s->base_url, s->tenant, s->client_id };
	char dir[4096], path[4096 + 256];
	struct dirent *e;
	int changed = 0, rc = 0;
	DIR *d;

	errbuf_clear(err);
	if (!s->cache || !res || id <= 0 ||
	    cachefile_path(XDG_CACHE, NULL, s->profile, NULL, dir,
	                   sizeof dir) != 0)
		return 0;
	d = opendir(dir);
	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		char *data = NULL, *text;
		size_t len = 0;
		time_t saved;
		bool did;

		if (!holds(e->d_name, res) ||
		    (size_t)snprintf(path, sizeof path, "%s/%s", dir,
		                     e->d_name) >= sizeof path ||
		    !cachefile_read(path, &o, &data, &len, &saved))
			continue;
		text = without(res, data, id, ticket_id, &did);
		free(data);
		if (!did)
			continue;
		if (cachefile_write(path, &o, text, strlen(text), err) != HALO_OK) {
			/* A file that keeps the record must not be drawn. */
			cachefile_remove(path);
			rc = -1;
		} else {
			changed++;
		}
		free(text);
	}
	closedir(d);
	return rc < 0 ? -1 : changed;
}
