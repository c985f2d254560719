/* SPDX-License-Identifier: MIT */
/* A ticket's attachments on this machine: where a saved one goes and
 * under which name (never a path the server chose, never over a file that
 * is there), and what a note's local file becomes on the wire (Halo's
 * POST /api/Attachment with data_base64). Both front ends use it. */
#ifndef HALO_ATTACH_H
#define HALO_ATTACH_H

#include <stddef.h>
#include "errbuf.h"
#include "status.h"

/* The longest name a saved file gets, in bytes (the extension kept). */
#define ATTACH_NAME_MAX 160
/* Candidates "name (1).ext" ... tried before a save gives up. */
#define ATTACH_MAX_TRIES 1000

/* A file name from the server made safe for this directory: only what
 * follows the last '/' or '\\'; no control characters (C0, DEL, C1),
 * no bidirectional overrides, invalid UTF-8 as '_'; no leading dots or
 * spaces, no trailing dots or spaces; at most ATTACH_NAME_MAX bytes (cut
 * on a character, the extension kept). "attachment" when nothing is left.
 * out must hold ATTACH_NAME_MAX + 1 bytes. */
void attach_safe_name(const char *name, char *out, size_t outlen);

/* The n-th name to try: n 0 is name, n 1 "stem (1).ext", ... (the
 * extension is what follows the last dot that does not start the name).
 * 0, or -1 when out is too small. */
int attach_numbered_name(const char *name, unsigned n, char *out,
                         size_t outlen);

/* Where saved files go: $XDG_DOWNLOAD_DIR, else XDG_DOWNLOAD_DIR in
 * $XDG_CONFIG_HOME/user-dirs.dirs (~/.config/...), else ~/Downloads.
 * 0, or -1 when there is no home either. */
int attach_download_dir(char *out, size_t outlen);

/* A new, empty file in dir to write into (mode 0600, close-on-exec), its
 * path in tmp. The descriptor, or -1 with err set. */
int attach_temp_open(const char *dir, char *tmp, size_t tmplen,
                     struct errbuf *err);

/* Gives the written file tmp its name in dir, atomically and without
 * replacing any file: name, then "name (1)", ... The file keeps mode 0600
 * (an attachment of a ticket is nobody else's to read). *final gets the
 * path. On failure tmp is removed. */
enum halo_status attach_commit(const char *tmp, const char *dir,
                               const char *name, char *final,
                               size_t finallen, struct errbuf *err);

/* A local file a note is to carry: a regular file that can be read and
 * is at most max_mb MiB. *size gets its size. err names the file and the
 * limit (attachment_max_mb) when it is too big. */
enum halo_status attach_check_file(const char *path, long max_mb,
                                   long long *size, struct errbuf *err);

/* The body of POST /api/Attachment for path on ticket_id, note action_id
 * (0: the ticket): [{"ticket_id", "action_id", "filename",
 * "data_base64"}]. Checks the file first (attach_check_file). NULL with
 * err set. */
char *attach_upload_body(const char *path, long ticket_id, long action_id,
                         long max_mb, struct errbuf *err);

struct record;
struct lookups;
/* An attachments record as one sanitised line: "name · 2.1 KB · date ·
 * who uploaded it" (attach_text.c). NULL when out of memory. */
char *attach_line(const struct record *a, const struct lookups *lk);

/* "812 B", "12.4 KB", "3.1 MB". */
void attach_size_text(long long bytes, char *out, size_t outlen);

#endif
