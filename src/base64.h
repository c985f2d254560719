/* SPDX-License-Identifier: MIT */
/* Standard base64 (RFC 4648, with '=' padding): what OSC 52 carries. */
#ifndef HALO_BASE64_H
#define HALO_BASE64_H

#include <stddef.h>

/* Bytes the encoding of n bytes takes, without the NUL. */
size_t base64_len(size_t n);

/* Encodes in[0..n) into out, NUL-terminated. Returns the length written,
 * or 0 (out[0] = '\0' when outlen > 0) when out holds fewer than
 * base64_len(n) + 1 bytes. */
size_t base64_encode(const void *in, size_t n, char *out, size_t outlen);

#endif
