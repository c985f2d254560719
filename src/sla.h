/* SPDX-License-Identifier: MIT */
/* A ticket's SLA at a glance: the time left to its fix-by target (or to
 * its respond-by target while nobody has responded and that one comes
 * first), and how close it is to breaching. Pure: the time is an
 * argument, so that the same record gives the same answer in tests. */
#ifndef HALO_SLA_H
#define HALO_SLA_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "record.h"

enum sla_state {
	SLA_NONE,       /* no target: none set, excluded from SLA, closed */
	SLA_PAUSED,     /* on hold: the clock is stopped */
	SLA_OK,
	SLA_WARNING,    /* under a quarter of the target's window left */
	SLA_BREACHED,   /* the target has passed */
};

struct sla_status {
	enum sla_state state;
	bool respond;       /* the respond-by target is the one shown */
	time_t target;      /* when the shown target falls due */
	long long left;     /* seconds from now to target; < 0: breached */
	/* Both targets, for the detail: 0 when none or not counting. */
	time_t fix_by, respond_by;
};

/* Ticket fields read (HALO_API.md 5.1, 10.1, F4): fixbydate,
 * respondbydate, responsedate / firstresponsedate (a real date: already
 * responded), dateoccurred (the start of the window), onhold,
 * excludefromsla, dateclosed and status_id 9 (closed). Sentinel dates
 * (1899-12-30, 1900-01-01, 0001-01-01) mean none. Never fails. */
void sla_status(const struct record *r, time_t now, struct sla_status *out);

/* A duration for people: "2h13m", "45m", "3d4h", "-1d4h" (past),
 * "-120d" (100 days or more: days only). */
void sla_duration(long long seconds, char *buf, size_t len);

/* The list cell: "2h13m", "-1d4h", "r 45m" (respond-by), "paused" or
 * "" (no target). */
void sla_cell(const struct sla_status *s, char *buf, size_t len);

/* The SLA column's text of r at clock_now() (sla_cell): what
 * record_display shows for a FIELD_SLA field, in lists and details.
 * Caller frees; NULL when out of memory. */
char *sla_display(const struct record *r);

#endif
