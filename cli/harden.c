/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "harden.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

int harden_process(char *msg, size_t len)
{
	const char *allow = getenv("HALOTUI_ALLOW_CORE");
	struct rlimit none = { 0, 0 };

	if (allow && strcmp(allow, "1") == 0)
		return 0;
	if (setrlimit(RLIMIT_CORE, &none) != 0) {
		snprintf(msg, len, "cannot turn off core dumps: %s",
		         strerror(errno));
		return -1;
	}
#ifdef __linux__
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
		snprintf(msg, len, "cannot make the process non-dumpable: %s",
		         strerror(errno));
		return -1;
	}
#endif
	return 0;
}
