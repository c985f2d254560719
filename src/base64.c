/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "base64.h"

#include <limits.h>
#include <openssl/evp.h>

size_t base64_len(size_t n)
{
	return (n + 2) / 3 * 4;
}

size_t base64_encode(const void *in, size_t n, char *out, size_t outlen)
{
	/* OpenSSL's encoder (linked already for PKCE and TLS) takes an int. */
	if (n > (size_t)INT_MAX / 4 * 3 || outlen < base64_len(n) + 1) {
		if (outlen)
			out[0] = '\0';
		return 0;
	}
	return (size_t)EVP_EncodeBlock((unsigned char *)out, in, (int)n);
}
