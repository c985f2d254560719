/* SPDX-License-Identifier: MIT */
/* halotui's cache and state files (tokens, lookup lists, authinfo, the
 * last page of a list): written aside, synced and renamed (0600, in
 * directories of 0700), with a header naming the format, halotui's
 * version, the instance (base URL, tenant, client id), when it was saved
 * and the payload's length and SHA-256. A file that cannot be read, is
 * cut short or altered, or comes from another instance or version is
 * "absent": its payload is never trusted. */
#ifndef HALO_CACHEFILE_H
#define HALO_CACHEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "errbuf.h"
#include "xdg.h"

/* Payloads above this are neither written nor read. */
#define CACHEFILE_MAX (16u * 1024 * 1024)

/* The instance a file belongs to; NULL fields count as "". */
struct cache_owner {
	const char *base_url;
	const char *tenant;
	const char *client_id;
};

/* "<XDG dir>/halotui/<sub>/<profile>[/<name>]": profile is made a safe
 * file name (NULL: "default"; anything but letters, digits, '-', '_' and
 * an inner '.' is %XX); name may be NULL. 0, or -1 when no XDG base or
 * HOME is set or out is too small. */
int cachefile_path(enum xdg_dir dir, const char *sub, const char *profile,
                   const char *name, char *out, size_t outlen);

/* Writes data as path's payload atomically: a temporary file beside it
 * (0600), fsync, rename, fsync of the directory; missing directories are
 * made 0700. The old file stays whole when anything fails. */
enum halo_status cachefile_write(const char *path, const struct cache_owner *o,
                                 const char *data, size_t len,
                                 struct errbuf *err);

/* data as the whole file at path, without the header: written aside,
 * synced and renamed, 0600, its directories made 0700 when missing. For
 * files that people read and edit (views.yaml). */
enum halo_status cachefile_write_plain(const char *path, const char *data,
                                       size_t len, struct errbuf *err);

/* Reads path's payload into *data (NUL-terminated, the caller frees it,
 * wiping it when it may hold a secret), its length and when it was saved
 * (Unix seconds). False, with nothing to free, when the file is absent or
 * unusable: unreadable, not a regular file of the user's own, corrupt,
 * truncated, of another format or halotui version, or of another
 * instance than o. */
bool cachefile_read(const char *path, const struct cache_owner *o,
                    char **data, size_t *len, time_t *saved);

/* SHA-256 of data in lower-case hex ("" when OpenSSL fails). */
void cachefile_digest(const char *data, size_t len, char out[65]);

/* A value kept on its line as it is: printable ASCII, no spaces, not
 * empty (tokens). */
bool cachefile_plain(const char *s);

/* Cuts data, lines of "name value", into the values of names[0..n), in
 * that order, with nothing after (in place); false when it is not that. */
bool cachefile_fields(char *data, const char *const *names, size_t n,
                      char **v);

/* Removes path; 1 removed, 0 there was none, -1 failed (errno). */
int cachefile_remove(const char *path);

/* cachefile_remove for a front end's "forget": path NULL means there is
 * no place for the file (no HOME nor XDG_STATE_HOME); a failure is said
 * in err, naming what (e.g. "the token cache"). Same returns. */
int cachefile_forget(const char *path, const char *what, struct errbuf *err);

/* Removes the regular files in dir (not below), then dir when empty;
 * *removed counts the files. 0, or -1 with errno (a missing dir is 0). */
int cachefile_clear_dir(const char *dir, size_t *removed);

#endif
