/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "status.h"

static const char *const status_text[] = {
#define HALO_STATUS_TEXT(name, text) text,
	HALO_STATUS_LIST(HALO_STATUS_TEXT)
#undef HALO_STATUS_TEXT
};

const char *halo_status_str(enum halo_status st)
{
	if ((unsigned)st >= HALO_STATUS__COUNT)
		return "unknown status";
	return status_text[st];
}
