/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "filter.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse.h"
#include "text.h"

enum halo_status filter_split(const char *text, char *name, size_t namelen,
                              const char **value, struct errbuf *err)
{
	const char *eq = text ? strchr(text, '=') : NULL;

	if (!eq || eq == text || (size_t)(eq - text) >= namelen)
		return errbuf_set(err, HALO_EUSAGE, "write name=value, e.g. "
		                  "status=Open (got '%s')", text ? text : "");
	memcpy(name, text, (size_t)(eq - text));
	name[eq - text] = '\0';
	*value = eq + 1;
	return HALO_OK;
}

void filter_names(const struct resource *res, char *out, size_t outlen)
{
	if (!outlen)
		return;
	out[0] = '\0';
	for (size_t i = 0; res && i < res->nfilters; i++)
		if (!text_list_add(out, outlen, res->filters[i].name))
			break;
	if (!out[0])
		snprintf(out, outlen, "none");
}

bool filter_is_me(const char *text)
{
	return text && (strcasecmp(text, "me") == 0 ||
	                strcasecmp(text, "mine") == 0);
}

enum halo_status filter_parse(const struct resource *res, const char *name,
                              const char *value, struct filter_value *out,
                              struct errbuf *err)
{
	const struct filter_def *f = resource_filter(res, name);
	char known[400];

	memset(out, 0, sizeof *out);
	if (!f) {
		filter_names(res, known, sizeof known);
		return errbuf_set(err, HALO_EUSAGE, "unknown filter '%s' for %s; "
		                  "known filters: %s", name ? name : "",
		                  res ? res->name : "this list", known);
	}
	out->def = f;
	if (!value || !*value)
		return errbuf_set(err, HALO_EUSAGE, "filter %s wants a value",
		                  f->name);
	if (f->boolean) {
		if (parse_bool(value, &out->flag) != 0)
			return errbuf_set(err, HALO_EUSAGE, "filter %s wants "
			                  PARSE_BOOL_WORDS ", got '%s'", f->name,
			                  value);
		out->value = out->flag ? "true" : "false";
		return HALO_OK;
	}
	out->value = value;
	/* An id is sent as it is; a name is resolved first. */
	if ((f->lookup == LOOKUP_AGENT || f->lookup == LOOKUP_TEAM) &&
	    filter_is_me(value))
		out->need = FILTER_ME;
	else if (parse_id(value) == 0 && f->lookup != LOOKUP_NONE)
		out->need = FILTER_LOOKUP;
	else if (parse_id(value) == 0 && f->link)
		out->need = FILTER_SEARCH;
	return HALO_OK;
}
