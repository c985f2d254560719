/* SPDX-License-Identifier: MIT */
/* What halotui tells people when Halo answers with silence or a bare
 * refusal: a 403 (the API application's scopes or its agent's permissions,
 * HALO_API.md F7) and an empty list that should have rows (the API agent's
 * visibility: its teams, "all customers", F9). Both front ends and the
 * request log use these texts. */
#ifndef HALO_HINT_H
#define HALO_HINT_H

#include <stddef.h>
#include "request.h"

/* "HTTP 403: the API application's permissions (scopes) or its agent's do
 * not allow GET on tickets". */
void hint_forbidden(const char *method, const struct resource *res,
                    char *out, size_t outlen);

/* For an unfiltered list of res that came back empty: why that may be,
 * or NULL when res is not one whose rows depend on the agent's
 * visibility. */
const char *hint_empty_list(const struct resource *res);

/* A note for the request log's line of a finished request: the 403 text,
 * or the empty-list hint for an unfiltered first page with no rows; NULL
 * for none. Writes into buf. */
const char *hint_log_note(const struct request *req, const char *method,
                          int status, const char *body, size_t len,
                          char *buf, size_t buflen);

#endif
