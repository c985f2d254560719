/* SPDX-License-Identifier: MIT */
/* One attachment as a line for people: "name · 2.1 KB · 2024-06-30 14:00
 * · Ann Agent", from the same record text the detail shows (sanitised,
 * local dates, names for ids). */
#include "config.h"
#include "attach.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recordtext.h"
#include "text.h"

static const char *field(const struct record_text *rt, const char *label)
{
	for (size_t i = 0; i < rt->fields.n; i++)
		if (strcmp(rt->fields.items[i].key, label) == 0)
			return rt->fields.items[i].value;
	return NULL;
}

char *attach_line(const struct record *a, const struct lookups *lk)
{
	struct record_text rt;
	const char *name = record_str(a, "filename"), *date, *who;
	char size[32], *safe, *out;
	size_t len;
	cJSON *fs = cJSON_GetObjectItemCaseSensitive(a->obj, "filesize");

	if (record_text_build(&rt, a, lk) != 0)
		return NULL;
	safe = text_sanitize(name && *name ? name : "(no name)", name && *name ?
	                     strlen(name) : 9, 0);
	if (!safe) {
		record_text_done(&rt);
		return NULL;
	}
	size[0] = '\0';
	if (cJSON_IsNumber(fs))
		attach_size_text((long long)fs->valuedouble, size, sizeof size);
	date = field(&rt, "Date");
	who = field(&rt, "Uploaded by");
	len = strlen(safe) + strlen(size) + (date ? strlen(date) : 0) +
	      (who ? strlen(who) : 0) + 32;
	out = malloc(len);
	if (out)
		snprintf(out, len, "%s%s%s%s%s%s%s", safe,
		         *size ? " \xc2\xb7 " : "", size,
		         date ? " \xc2\xb7 " : "", date ? date : "",
		         who ? " \xc2\xb7 " : "", who ? who : "");
	free(safe);
	record_text_done(&rt);
	return out;
}
