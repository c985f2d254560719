/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "errbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "scrub.h"

enum halo_status errbuf_set(struct errbuf *err, enum halo_status st,
                            const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return st;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	/* A message may quote a server, which may quote our token. */
	scrub_text(NULL, err->msg, sizeof err->msg);
	return st;
}

void errbuf_prefix(struct errbuf *err, const char *fmt, ...)
{
	char prefix[256];
	size_t plen, mlen;
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	plen = strlen(prefix);
	if (plen + 2 >= sizeof err->msg)
		return;
	/* Shift the old message right, keeping its head when it must be cut. */
	mlen = strnlen(err->msg, sizeof err->msg - 1);
	if (plen + 2 + mlen >= sizeof err->msg)
		mlen = sizeof err->msg - plen - 3;
	memmove(err->msg + plen + 2, err->msg, mlen);
	err->msg[plen + 2 + mlen] = '\0';
	memcpy(err->msg, prefix, plen);
	err->msg[plen] = ':';
	err->msg[plen + 1] = ' ';
	scrub_text(NULL, err->msg, sizeof err->msg);
}

void errbuf_clear(struct errbuf *err)
{
	if (err)
		err->msg[0] = '\0';
}
