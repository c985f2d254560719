/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "hint.h"

#include <stdio.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "jsonx.h"

void hint_forbidden(const char *method, const struct resource *res,
                    char *out, size_t outlen)
{
	snprintf(out, outlen, "HTTP 403 Forbidden: the API application's "
	         "permissions (scopes) or its agent's do not allow %s on %s",
	         method && *method ? method : "this request",
	         res && res->name ? res->name : "this resource");
}

const char *hint_empty_list(const struct resource *res)
{
	/* The paged resources are the customers' records: tickets, clients,
	 * assets, users, sites, contracts. */
	if (!res || !(res->flags & RES_PAGED))
		return NULL;
	return "none visible: if there should be some, the API agent may not "
	       "see them (its teams, or \"all customers\" in the API "
	       "application's settings in Halo)";
}

/* Whether a list body has no rows: record_count 0, or an empty array. */
static bool body_empty(const struct resource *res, const char *body,
                       size_t len)
{
	cJSON *root = body && len ? cJSON_ParseWithLength(body, len) : NULL;
	const cJSON *arr, *count;
	bool empty = false;

	if (!root)
		return false;
	count = jsonx_get(root, "record_count");
	arr = cJSON_IsArray(root) ? root
	                          : jsonx_get(root, res->list_key ? res->list_key
	                                                          : "");
	if (cJSON_IsNumber(count))
		empty = count->valuedouble == 0;
	else if (cJSON_IsArray(arr))
		empty = cJSON_GetArraySize(arr) == 0;
	cJSON_Delete(root);
	return empty;
}

const char *hint_log_note(const struct request *req, const char *method,
                          int status, const char *body, size_t len,
                          char *buf, size_t buflen)
{
	const char *hint;

	if (!req || !buflen)
		return NULL;
	if (status == 403) {
		hint_forbidden(method, req->res, buf, buflen);
		return buf;
	}
	if (status < 200 || status > 299 || req->kind != REQ_LIST ||
	    req->page_no > 1 || (req->search && *req->search) ||
	    req->params.n > 0 || req->ticket_id > 0)
		return NULL;
	hint = hint_empty_list(req->res);
	if (!hint || !body_empty(req->res, body, len))
		return NULL;
	snprintf(buf, buflen, "%s: %s", req->res->name, hint);
	return buf;
}
