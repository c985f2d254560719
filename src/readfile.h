/* SPDX-License-Identifier: MIT */
/* Reading a whole file, or a stream to its end, into memory with a size
 * limit: the config, themes, drafts, what an external editor wrote, a
 * note piped to the command line. */
#ifndef HALO_READFILE_H
#define HALO_READFILE_H

#include <stddef.h>
#include <sys/types.h>
#include "errbuf.h"

enum readfile_flags {
	READFILE_MISSING_OK = 1 << 0,  /* no such file: HALO_OK, data NULL */
};

struct readfile {
	char *data;     /* NUL-terminated; the caller frees it (wiping it
	                 * first when it may hold a secret) */
	size_t len;
	mode_t mode;    /* the file's st_mode (0 for a stream) */
	uid_t uid;      /* the file's owner (0 for a stream) */
};

/* Reads the regular file at path, at most max bytes. It is opened without
 * blocking, so that a FIFO named by mistake cannot hang the program, and
 * read into one buffer sized from the file, never regrown and wiped when
 * reading fails, so that a secret in it leaves no copy behind. Messages
 * start with the path: "cannot open: ...", "not a regular file", "too
 * large (N bytes; WHAT may hold at most M)", "cannot read: ...", where
 * what names the kind of file ("a config file"). Returns HALO_EIO, or
 * HALO_ENOMEM; on failure out->data is NULL. */
enum halo_status readfile(const char *path, const char *what, size_t max,
                          unsigned flags, struct readfile *out,
                          struct errbuf *err);

/* Reads fd to its end (a pipe, stdin), at most max bytes; name stands for
 * it in messages ("stdin"). */
enum halo_status readfile_fd(int fd, const char *name, const char *what,
                             size_t max, struct readfile *out,
                             struct errbuf *err);

#endif
