/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "draft.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "readfile.h"
#include "xdg.h"

#define DRAFT_MAGIC "halotui-draft 1\n"
#define DRAFT_MAX_BYTES (4 * 1024 * 1024)

int draft_dir(char *out, size_t len)
{
	return xdg_path(XDG_STATE, "drafts", out, len);
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
	return n > 0 && (size_t)n < sizeof d->path ? 0 : -1;
}

int draft_save(struct draft *d, struct errbuf *err)
{
	char dir[1024], tmp[1100], head[512];
	int fd, n;

	if (draft_dir(dir, sizeof dir) != 0)
		return errbuf_set(err, HALO_EIO, "no place for drafts: set HOME or XDG_STATE_HOME"), -1;
	if (make_dirs(dir) != 0)
		return errbuf_set(err, HALO_EIO, "cannot create %s: %s", dir, strerror(errno)), -1;
	if (!d->path[0] && new_name(d, dir) != 0)
		return errbuf_set(err, HALO_EIO, "draft path too long"), -1;
	one_line(d->title);
	n = snprintf(head, sizeof head,
	             DRAFT_MAGIC "resource: %s\nkind: %s\nid: %ld\nticket: %ld\n"
	             "title: %s\nbody:\n", d->resource, d->kind, d->id,
	             d->ticket_id, d->title);
	if (n < 0 || (size_t)n >= sizeof head)
		return errbuf_set(err, HALO_EIO, "draft header too long"), -1;
	snprintf(tmp, sizeof tmp, "%s.tmp", d->path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return errbuf_set(err, HALO_EIO, "%s: %s", tmp, strerror(errno)), -1;
	if (write_all(fd, head, (size_t)n) != 0 ||
	    write_all(fd, d->body ? d->body : "", d->body ? strlen(d->body) : 0) != 0 ||
	    fsync(fd) != 0) {
		errbuf_set(err, HALO_EIO, "%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	if (rename(tmp, d->path) != 0) {
		errbuf_set(err, HALO_EIO, "%s: %s", d->path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

void draft_remove(struct draft *d)
{
	if (d->path[0])
		unlink(d->path);
	d->path[0] = '\0';
}

void draft_done(struct draft *d)
{
	free(d->body);
	d->body = NULL;
}

static void header_value(struct draft *d, const char *line, size_t len)
{
	char val[256];
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
	if (klen == 8 && memcmp(line, "resource", 8) == 0)
		snprintf(d->resource, sizeof d->resource, "%s", val);
	else if (klen == 4 && memcmp(line, "kind", 4) == 0)
		snprintf(d->kind, sizeof d->kind, "%s", val);
	else if (klen == 2 && memcmp(line, "id", 2) == 0)
		d->id = strtol(val, NULL, 10);
	else if (klen == 6 && memcmp(line, "ticket", 6) == 0)
		d->ticket_id = strtol(val, NULL, 10);
	else if (klen == 5 && memcmp(line, "title", 5) == 0)
		snprintf(d->title, sizeof d->title, "%s", val);
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
		return errbuf_set(err, HALO_EPARSE, "%s: not a halotui draft", path), -1;
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
	if (!d->body || !d->resource[0]) {
		draft_done(d);
		return errbuf_set(err, HALO_EPARSE, "%s: incomplete draft", path), -1;
	}
	snprintf(d->path, sizeof d->path, "%s", path);
	return 0;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct draft *)a)->path, ((const struct draft *)b)->path);
}

size_t draft_list(struct draft **out, size_t max)
{
	char dir[1024], path[1400];
	DIR *dh;
	struct dirent *de;
	struct draft *list;
	size_t n = 0;

	*out = NULL;
	if (!max || draft_dir(dir, sizeof dir) != 0)
		return 0;
	dh = opendir(dir);
	if (!dh)
		return 0;
	list = calloc(max, sizeof *list);
	if (!list) {
		closedir(dh);
		return 0;
	}
	while (n < max && (de = readdir(dh)) != NULL) {
		size_t l = strlen(de->d_name);
		struct errbuf err;
		if (l < 7 || strcmp(de->d_name + l - 6, ".draft") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (draft_load(path, &list[n], &err) == 0)
			n++;
	}
	closedir(dh);
	qsort(list, n, sizeof *list, by_path);
	*out = list;
	return n;
}

void draft_list_free(struct draft *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		draft_done(&list[i]);
	free(list);
}
