/* SPDX-License-Identifier: MIT */
/* The request log (--log FILE): one line per HTTP request with the time,
 * method, path and query, status, milliseconds and attempt. Never a
 * secret or a token: callers pass only the path and query, and the token
 * endpoint's form body is never written. */
#ifndef HALO_REQLOG_H
#define HALO_REQLOG_H

#include "errbuf.h"

struct reqlog;

/* Opens path for appending (created 0600). */
enum halo_status reqlog_open(struct reqlog **out, const char *path,
                             struct errbuf *err);
/* status 0 means no HTTP answer; note (may be NULL) is e.g. a curl error. */
void reqlog_write(struct reqlog *rl, const char *method, const char *path,
                  int status, long ms, int attempt, const char *note);
void reqlog_close(struct reqlog **rl);

#endif
