/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/sha.h>

#include "readfile.h"
#include "xdg.h"

#define MAGIC "halotui journal 1 "
#define JOURNAL_MAX (64L * 1024 * 1024)

struct slot {
	long id;            /* 0: empty */
	enum journal_state st;
};

struct journal {
	char path[4096];
	char head[sizeof MAGIC + 2 * SHA256_DIGEST_LENGTH + 1];
	char *key;          /* for the file's comment line */
	int fd;             /* the file, once created; else -1 */
	int lock_fd;        /* the lock file's descriptor */
	bool resumed;
	struct slot *slots; /* open addressing, capacity a power of two */
	size_t cap, n;
	size_t count[JOURNAL_FAILED + 1];
};

static const char *const state_words[] = {
	[JOURNAL_NONE] = "none", [JOURNAL_SENDING] = "sending",
	[JOURNAL_APPLIED] = "applied", [JOURNAL_MAYBE] = "maybe",
	[JOURNAL_FAILED] = "failed",
};

static void sha_hex(const char *key, char out[2 * SHA256_DIGEST_LENGTH + 1])
{
	unsigned char md[SHA256_DIGEST_LENGTH];

	SHA256((const unsigned char *)key, strlen(key), md);
	for (int i = 0; i < SHA256_DIGEST_LENGTH; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

int journal_path(const char *dir, const char *key, char *out, size_t outlen)
{
	char hex[2 * SHA256_DIGEST_LENGTH + 1], base[4096];
	int n;

	if (!dir) {
		if (xdg_path(XDG_STATE, "journal", base, sizeof base) != 0)
			return -1;
		dir = base;
	}
	sha_hex(key, hex);
	n = snprintf(out, outlen, "%s/%.16s.journal", dir, hex);
	return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

static size_t slot_of(const struct journal *j, long id)
{
	size_t i = ((unsigned long)id * 0x9E3779B97F4A7C15ull) & (j->cap - 1);

	while (j->slots[i].id != 0 && j->slots[i].id != id)
		i = (i + 1) & (j->cap - 1);
	return i;
}

static int grow(struct journal *j)
{
	size_t cap = j->cap ? j->cap * 2 : 64;
	struct slot *old = j->slots;
	size_t oldcap = j->cap;

	j->slots = calloc(cap, sizeof *j->slots);
	if (!j->slots) {
		j->slots = old;
		return -1;
	}
	j->cap = cap;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].id != 0)
			j->slots[slot_of(j, old[i].id)] = old[i];
	free(old);
	return 0;
}

/* Sets id's state in memory. -1 when out of memory. */
static int set_state(struct journal *j, long id, enum journal_state st)
{
	size_t i;

	if ((j->n + 1) * 2 > j->cap && grow(j) != 0)
		return -1;
	i = slot_of(j, id);
	if (j->slots[i].id == 0) {
		j->slots[i].id = id;
		j->n++;
	} else {
		j->count[j->slots[i].st]--;
	}
	j->slots[i].st = st;
	j->count[st]++;
	return 0;
}

enum journal_state journal_state(const struct journal *j, long id)
{
	size_t i;

	if (!j->cap || id <= 0)
		return JOURNAL_NONE;
	i = slot_of(j, id);
	return j->slots[i].id == id ? j->slots[i].st : JOURNAL_NONE;
}

size_t journal_count(const struct journal *j, enum journal_state st)
{
	return st == JOURNAL_NONE || st > JOURNAL_FAILED ? 0 : j->count[st];
}

bool journal_resumed(const struct journal *j)
{
	return j->resumed;
}

const char *journal_file(const struct journal *j)
{
	return j->path;
}

/* One "STATE ID" line; anything else (a torn last line) is skipped. */
static int read_line(struct journal *j, const char *line, size_t len)
{
	char word[16];
	long id;
	int used = 0;
	char buf[64];

	if (len == 0 || len >= sizeof buf)
		return 0;
	memcpy(buf, line, len);
	buf[len] = '\0';
	if (sscanf(buf, "%15s %ld%n", word, &id, &used) != 2 ||
	    (size_t)used != len || id <= 0)
		return 0;
	for (int st = JOURNAL_SENDING; st <= JOURNAL_FAILED; st++)
		if (strcmp(word, state_words[st]) == 0)
			return set_state(j, id, (enum journal_state)st);
	return 0;
}

static enum halo_status load(struct journal *j, struct errbuf *err)
{
	struct readfile f;
	const char *p, *end, *nl;
	size_t hl = strlen(j->head);
	enum halo_status st = readfile(j->path, "a journal", JOURNAL_MAX, 0, &f,
	                               err);

	if (st != HALO_OK)
		return st;
	p = f.data;
	end = f.data + f.len;
	if (f.len < hl + 1 || memcmp(p, j->head, hl) != 0 || p[hl] != '\n') {
		free(f.data);
		return errbuf_set(err, HALO_ECONFIG, "%s is not the journal of "
		                  "this change; move it away to start afresh",
		                  j->path);
	}
	j->resumed = true;
	for (p += hl + 1; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;   /* torn: the write never finished */
		if (*p != '#' && read_line(j, p, (size_t)(nl - p)) != 0) {
			free(f.data);
			return errbuf_set(err, HALO_ENOMEM, "out of memory");
		}
	}
	free(f.data);
	return HALO_OK;
}

static enum halo_status take_lock(struct journal *j, struct errbuf *err)
{
	char lock[sizeof j->path + 8];

	snprintf(lock, sizeof lock, "%s.lock", j->path);
	j->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (j->lock_fd < 0)
		return errbuf_set(err, HALO_ECONFIG, "cannot open %s: %s", lock,
		                  strerror(errno));
	if (flock(j->lock_fd, LOCK_EX | LOCK_NB) != 0)
		return errbuf_set(err, HALO_EUSAGE, "another halotui is applying "
		                  "this change now (%s is locked)", lock);
	return HALO_OK;
}

static int make_dirs(const char *path)
{
	char buf[4096];

	snprintf(buf, sizeof buf, "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0700) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

enum halo_status journal_open(struct journal **out, const char *dir,
                              const char *key, struct errbuf *err)
{
	struct journal *j = calloc(1, sizeof *j);
	char hex[2 * SHA256_DIGEST_LENGTH + 1];
	enum halo_status st;

	*out = NULL;
	if (!j || !(j->key = strdup(key))) {
		free(j);
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	j->fd = j->lock_fd = -1;
	sha_hex(key, hex);
	snprintf(j->head, sizeof j->head, "%s%s", MAGIC, hex);
	if (journal_path(dir, key, j->path, sizeof j->path) != 0) {
		journal_close(&j, false);
		return errbuf_set(err, HALO_ECONFIG, "no place for the journal: "
		                  "set HOME or XDG_STATE_HOME");
	}
	if (make_dirs(j->path) != 0) {
		st = errbuf_set(err, HALO_ECONFIG, "cannot create the directory "
		                "of %s: %s", j->path, strerror(errno));
		journal_close(&j, false);
		return st;
	}
	st = take_lock(j, err);
	if (st == HALO_OK && access(j->path, F_OK) == 0)
		st = load(j, err);
	if (st == HALO_OK && j->resumed) {
		j->fd = open(j->path, O_WRONLY | O_APPEND | O_CLOEXEC);
		if (j->fd < 0)
			st = errbuf_set(err, HALO_ECONFIG, "cannot write %s: %s",
			                j->path, strerror(errno));
	}
	if (st != HALO_OK) {
		journal_close(&j, false);
		return st;
	}
	*out = j;
	return HALO_OK;
}

/* The key for people, one line, without controls. */
static void comment_line(const char *key, char *out, size_t outlen)
{
	size_t o = 0;

	for (const char *p = key; *p && o + 1 < outlen; p++)
		out[o++] = (unsigned char)*p < 0x20 || *p == 0x7f ? ' ' : *p;
	out[o] = '\0';
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, buf, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

/* The rename itself on disk: the directory that holds path, synced. */
static void sync_dir(const char *path)
{
	char dir[4096];
	char *slash;
	int fd;

	snprintf(dir, sizeof dir, "%s", path);
	slash = strrchr(dir, '/');
	if (!slash)
		return;
	*slash = '\0';
	fd = open(*dir ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* The file created whole: written aside, synced and renamed, 0600. */
static enum halo_status create_file(struct journal *j, struct errbuf *err)
{
	char tmp[sizeof j->path + 8], comment[600], *text;
	int fd, n;

	snprintf(tmp, sizeof tmp, "%s.new", j->path);
	comment_line(j->key, comment, sizeof comment);
	n = asprintf(&text, "%s\n# %s\n", j->head, comment);
	if (n < 0)
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write_all(fd, text, (size_t)n) != 0 || fsync(fd) != 0 ||
	    rename(tmp, j->path) != 0) {
		int e = errno;

		free(text);
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		return errbuf_set(err, HALO_ECONFIG, "cannot write %s: %s",
		                  j->path, strerror(e));
	}
	free(text);
	close(fd);
	sync_dir(j->path);
	j->fd = open(j->path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (j->fd < 0)
		return errbuf_set(err, HALO_ECONFIG, "cannot write %s: %s",
		                  j->path, strerror(errno));
	return HALO_OK;
}

enum halo_status journal_mark(struct journal *j, long id,
                              enum journal_state st, struct errbuf *err)
{
	char line[64];
	int n;

	if (id <= 0 || st == JOURNAL_NONE || st > JOURNAL_FAILED)
		return errbuf_set(err, HALO_EUSAGE, "bad journal entry");
	if (j->fd < 0) {
		enum halo_status cst = create_file(j, err);

		if (cst != HALO_OK)
			return cst;
	}
	n = snprintf(line, sizeof line, "%s %ld\n", state_words[st], id);
	/* One write: a reader sees the whole line or a torn one it skips. */
	if (write_all(j->fd, line, (size_t)n) != 0 || fdatasync(j->fd) != 0)
		return errbuf_set(err, HALO_ECONFIG, "cannot write %s: %s",
		                  j->path, strerror(errno));
	if (set_state(j, id, st) != 0)
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	return HALO_OK;
}

void journal_close(struct journal **jp, bool remove)
{
	struct journal *j = *jp;

	if (!j)
		return;
	if (j->fd >= 0)
		close(j->fd);
	if (remove && j->path[0])
		unlink(j->path);
	if (j->lock_fd >= 0) {
		char lock[sizeof j->path + 8];

		/* The lock file goes with its journal, while still held, so no
		 * other run can be holding a lock on a file about to vanish. */
		snprintf(lock, sizeof lock, "%s.lock", j->path);
		if (remove)
			unlink(lock);
		close(j->lock_fd);
	}
	free(j->slots);
	free(j->key);
	free(j);
	*jp = NULL;
}
