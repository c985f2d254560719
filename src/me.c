/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "me.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonx.h"
#include "text.h"

static void team_add(struct me *m, long id)
{
	if (id <= 0 || m->nteams >= ME_MAX_TEAMS)
		return;
	for (size_t i = 0; i < m->nteams; i++)
		if (m->teams[i] == id)
			return;
	m->teams[m->nteams++] = id;
}

enum halo_status me_from_record(struct me *m, const struct record *r,
                                struct errbuf *err)
{
	const cJSON *teams, *t;
	const char *name;

	memset(m, 0, sizeof *m);
	if (!r || !r->obj || r->id <= 0)
		return errbuf_set(err, HALO_EPARSE, "the server did not say "
		                  "which agent this is (no id)");
	m->id = r->id;
	name = jsonx_str(r->obj, "name");
	if (name) {
		char *clean = text_sanitize(name, strlen(name), 0);

		if (!clean)
			return errbuf_set(err, HALO_ENOMEM, "out of memory");
		snprintf(m->name, sizeof m->name, "%s", clean);
		free(clean);
	}
	teams = jsonx_get(r->obj, "teams");
	if (cJSON_IsArray(teams))
		cJSON_ArrayForEach(t, teams)
			team_add(m, jsonx_id(t, "team_id"));
	if (!m->nteams)
		team_add(m, jsonx_id(r->obj, "team_id"));
	return HALO_OK;
}
