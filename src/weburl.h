/* SPDX-License-Identifier: MIT */
/* URLs that leave halotui for a browser, the clipboard or a terminal
 * hyperlink: a record's page in Halo's agent web app (from the resource
 * table's web_path) and links found in the server's HTML. Every URL from
 * the server is untrusted: weburl_clean keeps nothing a terminal could
 * take for a control (no C0/C1 byte, no ESC, no BEL, no DEL). Pure. */
#ifndef HALO_WEBURL_H
#define HALO_WEBURL_H

#include <stdbool.h>
#include <stddef.h>
#include "errbuf.h"
#include "resource.h"

/* Longer URLs are refused rather than cut (a cut URL opens the wrong
 * page). */
#define WEBURL_MAX 2048

/* base_url + "/" + res->web_path with "{id}" replaced by id, cleaned. NULL
 * with err set when res has no web page, id is not a record's, or the
 * result is not a URL to hand on. The caller frees. */
char *weburl_record(const char *base_url, const struct resource *res, long id,
                    struct errbuf *err);

/* url[0..len) made safe to write to a terminal and to pass to a browser:
 * control bytes and DEL dropped, spaces and bytes >= 0x80 %XX-encoded,
 * surrounding spaces trimmed. NULL when nothing is left, it grows past
 * WEBURL_MAX or memory runs out. The caller frees. */
char *weburl_clean(const char *url, size_t len);

/* Whether a clean URL is one to hand to a browser or a hyperlink:
 * http, https or mailto (not file:, javascript: or a relative path). */
bool weburl_openable(const char *url);

#endif
