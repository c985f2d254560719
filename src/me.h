/* SPDX-License-Identifier: MIT */
/* The agent halotui acts as: the answer to GET /api/Agent/me (the token's
 * agent, HALO_API.md 2 and F8). "Assign to me", the "me" of a filter
 * (agent=me) and "my teams" (team=mine) all read it. */
#ifndef HALO_ME_H
#define HALO_ME_H

#include <stddef.h>
#include "errbuf.h"
#include "record.h"

#define ME_MAX_TEAMS 32

struct me {
	long id;
	char name[128];              /* sanitised; "" when the record has none */
	long teams[ME_MAX_TEAMS];    /* the teams the agent belongs to */
	size_t nteams;
};

/* Reads the agent record r: its id, its name and its teams (the teams[]
 * array's team_id, else the record's own team_id when > 0; at most
 * ME_MAX_TEAMS, each once). HALO_EPARSE when r has no id. */
enum halo_status me_from_record(struct me *m, const struct record *r,
                                struct errbuf *err);

#endif
