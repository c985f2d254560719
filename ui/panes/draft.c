/* SPDX-License-Identifier: MIT */
/* Draft files: the format, atomic and durable writes, and the lock each
 * owner holds. Listing the drafts of an instance is in draft_list.c. */
#include "config.h"
#include "draft.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "readfile.h"
#include "xdg.h"

/* Version 2 names the instance and the state. Version 1 drafts named no
 * instance: they stay on disk and are offered nowhere. */
#define DRAFT_MAGIC "halotui-draft 2\n"
#define DRAFT_MAX_BYTES (4 * 1024 * 1024)

static const char *const state_names[] = { "unsent", "sending", "unknown" };

const char *draft_state_words(enum draft_state s)
{
	switch (s) {
	case DRAFT_UNSENT:
		return "unsent";
	case DRAFT_SENDING:
		return "sending";
	case DRAFT_UNKNOWN:
		break;
	}
	return "sent, answer unknown (may have been applied)";
}

void draft_age(time_t saved, time_t now, char *buf, size_t len)
{
	long long s = (long long)now - (long long)saved;

	if (s < 0)
		snprintf(buf, len, "just now");
	else if (s < 60)
		snprintf(buf, len, "%lld s ago", s);
	else if (s < 3600)
		snprintf(buf, len, "%lld min ago", s / 60);
	else if (s < 2 * 86400)
		snprintf(buf, len, "%lld h ago", s / 3600);
	else
		snprintf(buf, len, "%lld days ago", s / 86400);
}

int draft_dir(char *out, size_t len)
{
	return xdg_path(XDG_STATE, "drafts", out, len);
}

void draft_set_instance(struct draft *d, const char *base_url,
                        const char *tenant)
{
	size_t n;

	snprintf(d->base_url, sizeof d->base_url, "%s", base_url ? base_url : "");
	n = strlen(d->base_url);
	while (n > 0 && d->base_url[n - 1] == '/')
		d->base_url[--n] = '\0';
	snprintf(d->tenant, sizeof d->tenant, "%s", tenant ? tenant : "");
}

/* mkdir -p with mode 0700 for the parts it creates. */
static int make_dirs(const char *path)
{
	char buf[1024];
	size_t len = strlen(path);

	if (len >= sizeof buf)
		return -1;
	memcpy(buf, path, len + 1);
	for (size_t i = 1; i <= len; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0700) != 0 && errno != EEXIST)
			return -1;
		buf[i] = path[i];
	}
	return 0;
}

static void one_line(char *s)
{
	for (; *s; s++)
		if (*s == '\n' || *s == '\r')
			*s = ' ';
}

static int write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

static int new_name(struct draft *d, const char *dir)
{
	struct timespec ts;
	int n;

	clock_gettime(CLOCK_REALTIME, &ts);
	n = snprintf(d->path, sizeof d->path, "%s/%lld-%09ld-%ld-%s-%ld.draft",
	             dir, (long long)ts.tv_sec, ts.tv_nsec, (long)getpid(),
	             d->resource[0] ? d->resource : "record", d->id);
	if (n <= 0 || (size_t)n >= sizeof d->path - sizeof ".tmp") {
		d->path[0] = '\0';
		return -1;
	}
	return 0;
}

/* ---- the lock ------------------------------------------------------------ */

/* The lock is a flock on the draft file itself. A save writes a new file
 * and renames it over the old one, so the new file is locked before the
 * rename and the old lock let go after it: the owner holds the file at
 * the draft's name at every moment. Whoever else locks a file there checks
 * that it is still the one at that name, since it may have locked the old
 * one just as its owner let go of it. */
int draft_lock(const char *path)
{
	struct stat held, now;
	int fd, saved;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB) != 0)
		goto fail;
	if (fstat(fd, &held) != 0 || stat(path, &now) != 0 ||
	    held.st_ino != now.st_ino || held.st_dev != now.st_dev) {
		errno = EWOULDBLOCK;   /* rewritten by a live owner */
		goto fail;
	}
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

void draft_release(struct draft *d)
{
	if (d->lock > 0)
		close(d->lock - 1);
	d->lock = 0;
}

/* ---- writing ------------------------------------------------------------- */

/* The directory's entry is durable too: a crash right after the rename
 * must not lose the file. */
static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

static int head_of(struct draft *d, char *head, size_t len)
{
	int n;

	one_line(d->title);
	one_line(d->base_url);
	one_line(d->tenant);
	n = snprintf(head, len,
	             DRAFT_MAGIC "base_url: %s\ntenant: %s\nresource: %s\n"
	             "kind: %s\nid: %ld\nticket: %ld\nstate: %s\nsaved: %lld\n"
	             "title: %s\nbody:\n", d->base_url, d->tenant, d->resource,
	             d->kind, d->id, d->ticket_id,
	             state_names[(unsigned)d->state < 3 ? d->state : DRAFT_UNKNOWN],
	             (long long)d->saved, d->title);
	return n < 0 || (size_t)n >= len ? -1 : n;
}

int draft_save(struct draft *d, struct errbuf *err)
{
	char dir[1024], tmp[1100], head[1200];
	int fd, n;

	if (draft_dir(dir, sizeof dir) != 0)
		return errbuf_set(err, HALO_EIO, "no place for drafts: set HOME or XDG_STATE_HOME"), -1;
	if (make_dirs(dir) != 0)
		return errbuf_set(err, HALO_EIO, "cannot create %s: %s", dir, strerror(errno)), -1;
	if (!d->path[0] && new_name(d, dir) != 0)
		return errbuf_set(err, HALO_EIO, "draft path too long"), -1;
	d->saved = time(NULL);
	n = head_of(d, head, sizeof head);
	if (n < 0)
		return errbuf_set(err, HALO_EIO, "draft header too long"), -1;
	snprintf(tmp, sizeof tmp, "%s.tmp", d->path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return errbuf_set(err, HALO_EIO, "%s: %s", tmp, strerror(errno)), -1;
	if (write_all(fd, head, (size_t)n) != 0 ||
	    write_all(fd, d->body ? d->body : "", d->body ? strlen(d->body) : 0) != 0 ||
	    fsync(fd) != 0 || flock(fd, LOCK_EX | LOCK_NB) != 0) {
		errbuf_set(err, HALO_EIO, "%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, d->path) != 0) {
		errbuf_set(err, HALO_EIO, "%s: %s", d->path, strerror(errno));
		close(fd);
		unlink(tmp);
		return -1;
	}
	/* The new file is the one held now. */
	draft_release(d);
	d->lock = fd + 1;
	sync_dir(dir);
	return 0;
}

void draft_remove(struct draft *d)
{
	/* While the lock is held: whoever gets it afterwards finds the file
	 * gone from its name. */
	if (d->path[0])
		unlink(d->path);
	draft_release(d);
	d->path[0] = '\0';
}

void draft_done(struct draft *d)
{
	free(d->body);
	d->body = NULL;
	draft_release(d);
}

/* ---- reading ------------------------------------------------------------- */

static void header_value(struct draft *d, const char *line, size_t len)
{
	char val[512];
	const char *colon = memchr(line, ':', len);
	size_t klen, vlen;

	if (!colon)
		return;
	klen = (size_t)(colon - line);
	vlen = len - klen - 1;
	if (vlen && colon[1] == ' ') {
		colon++;
		vlen--;
	}
	if (vlen >= sizeof val)
		vlen = sizeof val - 1;
	memcpy(val, colon + 1, vlen);
	val[vlen] = '\0';
#define KEY(k) (klen == sizeof k - 1 && memcmp(line, k, klen) == 0)
	if (KEY("base_url"))
		snprintf(d->base_url, sizeof d->base_url, "%s", val);
	else if (KEY("tenant"))
		snprintf(d->tenant, sizeof d->tenant, "%s", val);
	else if (KEY("resource"))
		snprintf(d->resource, sizeof d->resource, "%s", val);
	else if (KEY("kind"))
		snprintf(d->kind, sizeof d->kind, "%s", val);
	else if (KEY("id"))
		d->id = strtol(val, NULL, 10);
	else if (KEY("ticket"))
		d->ticket_id = strtol(val, NULL, 10);
	else if (KEY("saved"))
		d->saved = (time_t)strtoll(val, NULL, 10);
	else if (KEY("title"))
		snprintf(d->title, sizeof d->title, "%s", val);
	else if (KEY("state")) {
		/* A state this version does not know is the cautious one. */
		d->state = DRAFT_UNKNOWN;
		for (int i = 0; i < 3; i++)
			if (strcmp(val, state_names[i]) == 0)
				d->state = (enum draft_state)i;
	}
#undef KEY
}

int draft_load(const char *path, struct draft *d, struct errbuf *err)
{
	struct readfile f;
	size_t len, pos;
	char *buf;

	memset(d, 0, sizeof *d);
	if (readfile(path, "a draft", DRAFT_MAX_BYTES, 0, &f, err) != HALO_OK)
		return -1;
	buf = f.data;
	len = f.len;
	if (strncmp(buf, DRAFT_MAGIC, strlen(DRAFT_MAGIC)) != 0) {
		free(buf);
		return errbuf_set(err, HALO_EPARSE, "%s: not a halotui draft "
		                  "of this version", path), -1;
	}
	pos = strlen(DRAFT_MAGIC);
	while (pos < len) {
		char *nl = memchr(buf + pos, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - (buf + pos)) : len - pos;
		if (l == 5 && memcmp(buf + pos, "body:", 5) == 0) {
			pos += l + 1;
			d->body = strdup(pos <= len ? buf + pos : "");
			break;
		}
		header_value(d, buf + pos, l);
		pos += l + 1;
	}
	free(buf);
	if (!d->body || !d->resource[0] || !d->base_url[0]) {
		draft_done(d);
		return errbuf_set(err, HALO_EPARSE, "%s: incomplete draft", path), -1;
	}
	snprintf(d->path, sizeof d->path, "%s", path);
	return 0;
}
