/* SPDX-License-Identifier: MIT */
/* My time today, for both front ends: the time entries Halo keeps for an
 * agent's notes (GET /api/TimesheetEvent with agent_id, start_date and
 * end_date, its parameters in Halo's OpenAPI document; one entry per
 * action with a time, timetaken in hours), for the local day, in time
 * order, each as one line, and their total. */
#ifndef HALO_MYTIME_H
#define HALO_MYTIME_H

#include <stddef.h>
#include <time.h>
#include "record.h"
#include "request.h"

/* The local day that holds `now` as the UTC times Halo's filters take
 * ("2026-12-02T00:00:00Z"; HALO_API.md F4): its start, and the next
 * day's start. Also the day for people ("Wed 2 Dec 2026"). */
void mytime_day(time_t now, char *start, char *end, size_t len,
                char *label, size_t label_len);

/* The request for agent's entries on the day of now. NULL when out of
 * memory or without the resource. */
struct request *mytime_request(long agent_id, time_t now);

/* Sorts entries by their start (undated last). */
void mytime_sort(struct record **ev, size_t n);

/* The entries' time in all, in seconds. */
long mytime_total(struct record *const *ev, size_t n);

/* One entry: "09:12  0:15  ticket 300  subject" (local time, sanitised);
 * the caller frees; NULL when out of memory. */
char *mytime_line(const struct record *ev);

#endif
