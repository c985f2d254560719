/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "rowmatch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "filter.h"

static bool names(const struct field_def *f, const char *name)
{
	return strcasecmp(f->key, name) == 0 ||
	       (f->label && strcasecmp(f->label, name) == 0) ||
	       (f->alias && strcasecmp(f->alias, name) == 0);
}

/* "status, agent, ..." of the shown columns. */
static void column_names(const struct column_layout *cl, char *out,
                         size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (int i = 0; i < cl->n && used < len; i++)
		if (cl->widths[i] > 0)
			used += (size_t)snprintf(out + used, len - used, "%s%s",
			                         used ? ", " : "",
			                         cl->fields[i]->alias ?
			                         cl->fields[i]->alias :
			                         cl->fields[i]->label);
}

enum halo_status rowmatch_parse(struct rowmatch *m,
                                const struct column_layout *cl,
                                const char *text, struct errbuf *err)
{
	char name[64], known[400];
	const char *value;

	memset(m, 0, sizeof m[0]);
	while (text && (*text == ' ' || *text == '\t'))
		text++;
	if (!text || !*text) {
		return errbuf_set(err, HALO_EUSAGE,
		                  "type some text, or column=value (e.g. status=New)");
	}
	if (!strchr(text, '=') || *text == '=') {
		snprintf(m->text, sizeof m->text, "%s", text);
		return HALO_OK;
	}
	if (filter_split(text, name, sizeof name, &value, err) != HALO_OK)
		return HALO_EUSAGE;
	for (size_t e = strlen(name); e > 0 && name[e - 1] == ' '; e--)
		name[e - 1] = '\0';
	while (*value == ' ')
		value++;
	for (int i = 0; i < cl->n; i++)
		if (cl->widths[i] > 0 && names(cl->fields[i], name)) {
			m->field = cl->fields[i];
			snprintf(m->text, sizeof m->text, "%s", value);
			return HALO_OK;
		}
	column_names(cl, known, sizeof known);
	return errbuf_set(err, HALO_EUSAGE, "no column \"%s\" in this list; "
	                  "the columns shown: %s", name, known);
}

/* Case-insensitive substring (ASCII letters fold; other bytes compare
 * as they are). */
static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return n == 0;
}

int rowmatch_test(const struct rowmatch *m, const struct column_layout *cl,
                  const struct record *r, const struct lookups *lk)
{
	for (int i = 0; i < cl->n; i++) {
		const struct field_def *f = cl->fields[i];
		char *shown;
		bool hit;

		if (cl->widths[i] <= 0 || (m->field && f != m->field))
			continue;
		if (!(shown = record_display(r, f, lk)))
			return -1;
		hit = m->field ? strcasecmp(shown, m->text) == 0 :
		      contains(shown, m->text);
		free(shown);
		if (hit)
			return 1;
	}
	return 0;
}
