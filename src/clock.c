/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "clock.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "jsonx.h"

static pthread_once_t frozen_once = PTHREAD_ONCE_INIT;
static bool frozen;
static time_t frozen_at;

static void read_frozen(void)
{
	const char *s = getenv("HALOTUI_NOW");

	frozen = s && *s && jsonx_parse_date(s, &frozen_at);
}

time_t clock_now(void)
{
	pthread_once(&frozen_once, read_frozen);
	return frozen ? frozen_at : time(NULL);
}

long long clock_now_ms(void)
{
	struct timespec ts;

	pthread_once(&frozen_once, read_frozen);
	if (frozen || clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return (long long)clock_now() * 1000;
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
