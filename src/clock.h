/* SPDX-License-Identifier: MIT */
/* What time it is for what halotui shows relative to now (the SLA
 * countdown): the system clock, or HALOTUI_NOW when set. */
#ifndef HALO_CLOCK_H
#define HALO_CLOCK_H

#include <time.h>

/* The current time. HALOTUI_NOW (an ISO 8601 UTC date, e.g.
 * 2024-07-01T09:00:00Z) freezes it: a testing aid, read here and nowhere
 * else, once per run. A value that is not a date is ignored. */
time_t clock_now(void);

/* The same in milliseconds since the epoch. */
long long clock_now_ms(void);

#endif
