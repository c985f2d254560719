/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/crypto.h>

#include "strbuf.h"

#define READ_CHUNK 65536

/* Up to max bytes into buf (fewer when the file shrank); -1 on error. */
static ssize_t read_upto(int fd, char *buf, size_t max)
{
	size_t len = 0;

	while (len < max) {
		ssize_t got = read(fd, buf + len, max - len);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		if (got == 0)
			break;
		len += (size_t)got;
	}
	return (ssize_t)len;
}

static const char *kind(const char *what)
{
	return what && *what ? what : "the file";
}

static enum halo_status read_sized(int fd, const char *path,
                                   const struct stat *sb, size_t max,
                                   const char *what, struct readfile *out,
                                   struct errbuf *err)
{
	ssize_t got;

	if (!S_ISREG(sb->st_mode))
		return errbuf_set(err, HALO_EIO, "%s: not a regular file", path);
	if ((unsigned long long)sb->st_size > max)
		return errbuf_set(err, HALO_EIO, "%s: too large (%lld bytes; %s "
		                  "may hold at most %zu)", path,
		                  (long long)sb->st_size, kind(what), max);
	out->data = malloc((size_t)sb->st_size + 1);
	if (!out->data)
		return errbuf_set(err, HALO_ENOMEM, "%s: out of memory", path);
	got = read_upto(fd, out->data, (size_t)sb->st_size);
	if (got < 0) {
		int e = errno;

		OPENSSL_cleanse(out->data, (size_t)sb->st_size);
		free(out->data);
		out->data = NULL;
		return errbuf_set(err, HALO_EIO, "%s: cannot read: %s", path,
		                  strerror(e));
	}
	out->data[got] = '\0';
	out->len = (size_t)got;
	out->mode = sb->st_mode;
	out->uid = sb->st_uid;
	return HALO_OK;
}

enum halo_status readfile(const char *path, const char *what, size_t max,
                          unsigned flags, struct readfile *out,
                          struct errbuf *err)
{
	struct stat sb;
	enum halo_status st;
	int fd;

	memset(out, 0, sizeof *out);
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && (flags & READFILE_MISSING_OK) &&
	    (errno == ENOENT || errno == ENOTDIR))
		return HALO_OK;
	if (fd < 0)
		return errbuf_set(err, HALO_EIO, "%s: cannot open: %s", path,
		                  strerror(errno));
	if (fstat(fd, &sb) != 0)
		st = errbuf_set(err, HALO_EIO, "%s: cannot read: %s", path,
		                strerror(errno));
	else
		st = read_sized(fd, path, &sb, max, what, out, err);
	close(fd);
	return st;
}

enum halo_status readfile_fd(int fd, const char *name, const char *what,
                             size_t max, struct readfile *out,
                             struct errbuf *err)
{
	struct strbuf b = STRBUF_INIT(max);
	char chunk[READ_CHUNK];

	memset(out, 0, sizeof *out);
	for (;;) {
		ssize_t got = read(fd, chunk, sizeof chunk);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;

			strbuf_done(&b);
			return errbuf_set(err, HALO_EIO, "%s: cannot read: %s", name,
			                  strerror(e));
		}
		if (got == 0 || strbuf_add(&b, chunk, (size_t)got) != 0)
			break;
	}
	if (b.failed == STRBUF_ETOOBIG)
		return errbuf_set(err, HALO_EIO, "%s: too large (%s may hold at "
		                  "most %zu bytes)", name, kind(what), max);
	out->len = b.len;
	out->data = strbuf_take(&b);
	if (!out->data)
		return errbuf_set(err, HALO_ENOMEM, "%s: out of memory", name);
	return HALO_OK;
}
