/* SPDX-License-Identifier: MIT */
/* Status codes shared by every fallible engine function.
 * One X-macro list gives the enum and the human text, so they cannot drift. */
#ifndef HALO_STATUS_H
#define HALO_STATUS_H

#define HALO_STATUS_LIST(X) \
	X(HALO_OK,         "ok") \
	X(HALO_ENOMEM,     "out of memory") \
	X(HALO_EUSAGE,     "usage error") \
	X(HALO_ECONFIG,    "configuration error") \
	X(HALO_EIO,        "input/output error") \
	X(HALO_EPARSE,     "malformed response") \
	X(HALO_EHTTP,      "the server refused the request") \
	X(HALO_EAUTH,      "authentication failed") \
	X(HALO_ETRANSPORT, "network error") \
	X(HALO_ENOTFOUND,  "not found") \
	X(HALO_ERATE,      "rate limited") \
	X(HALO_ECANCELLED, "cancelled") \
	X(HALO_EREADONLY,  "the profile is read-only")

enum halo_status {
#define HALO_STATUS_ENUM(name, text) name,
	HALO_STATUS_LIST(HALO_STATUS_ENUM)
#undef HALO_STATUS_ENUM
	HALO_STATUS__COUNT
};

/* Static text for a status; never NULL. */
const char *halo_status_str(enum halo_status st);

#endif
