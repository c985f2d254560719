/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "cachefile.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#define MAGIC "halotui-cache 1\n"
#define HEADER_MAX 4096

/* ---- names ------------------------------------------------------------- */

/* A profile name as one safe path component. */
static void safe_name(const char *in, char *out, size_t outlen)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;

	if (!in || !*in)
		in = "default";
	for (size_t i = 0; in[i] && o + 4 < outlen; i++) {
		unsigned char c = (unsigned char)in[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		          (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		          (c == '.' && i > 0);

		if (ok) {
			out[o++] = (char)c;
		} else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
}

int cachefile_path(enum xdg_dir dir, const char *sub, const char *profile,
                   const char *name, char *out, size_t outlen)
{
	char prof[256], rel[1024];
	int n;

	safe_name(profile, prof, sizeof prof);
	n = snprintf(rel, sizeof rel, "%s%s%s%s%s", sub ? sub : "",
	             sub && *sub ? "/" : "", prof, name ? "/" : "",
	             name ? name : "");
	if (n < 0 || (size_t)n >= sizeof rel)
		return -1;
	return xdg_path(dir, rel, out, outlen);
}

/* ---- the header -------------------------------------------------------- */

void cachefile_digest(const char *data, size_t len, char out[65])
{
	unsigned char md[32];
	unsigned int mdlen = 0;

	if (EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) != 1 ||
	    mdlen != 32) {
		out[0] = '\0';
		return;
	}
	for (unsigned i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* A value on one header line must not break the line. */
static bool one_line(const char *s)
{
	return !strpbrk(or_empty(s), "\r\n");
}

static int header(char *out, size_t outlen, const struct cache_owner *o,
                  time_t saved, const char *data, size_t len)
{
	char sum[65];

	cachefile_digest(data, len, sum);
	if (!sum[0])
		return -1;
	return snprintf(out, outlen, MAGIC "version %s\nbase_url %s\n"
	                "tenant %s\nclient_id %s\nsaved %lld\nlength %zu\n"
	                "sha256 %s\n\n", PACKAGE_VERSION, or_empty(o->base_url),
	                or_empty(o->tenant), or_empty(o->client_id),
	                (long long)saved, len, sum);
}

/* ---- writing ----------------------------------------------------------- */

/* mkdir -p of path's directory; what it makes is 0700. */
static int make_dirs(const char *path)
{
	char buf[4096];
	size_t n = strlen(path);
	char *slash;

	if (n >= sizeof buf)
		return -1;
	memcpy(buf, path, n + 1);
	slash = strrchr(buf, '/');
	if (!slash || slash == buf)
		return 0;
	*slash = '\0';
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0700) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(buf, 0700) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The rename is durable only once the directory's entry is. */
static void sync_dir(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	int fd;

	if (!slash || (size_t)(slash - path) >= sizeof dir)
		return;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	fd = open(dir[0] ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

/* head then data as the whole file at path: written aside, synced and
 * renamed, 0600, in directories made 0700. */
static enum halo_status write_file(const char *path, const char *head,
                                   size_t hlen, const char *data, size_t len,
                                   struct errbuf *err)
{
	char tmp[4096];
	int fd;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= sizeof tmp)
		return errbuf_set(err, HALO_EIO, "%s: path too long", path);
	if (make_dirs(path) != 0)
		return errbuf_set(err, HALO_EIO, "%s: cannot make its directory: "
		                  "%s", path, strerror(errno));
	fd = mkostemp(tmp, O_CLOEXEC);   /* 0600 */
	if (fd < 0)
		return errbuf_set(err, HALO_EIO, "%s: cannot write: %s", path,
		                  strerror(errno));
	if (fchmod(fd, 0600) != 0 || write_all(fd, head, hlen) != 0 ||
	    write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		int e = errno;

		close(fd);
		unlink(tmp);
		return errbuf_set(err, HALO_EIO, "%s: cannot write: %s", path,
		                  strerror(e));
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		int e = errno;

		unlink(tmp);
		return errbuf_set(err, HALO_EIO, "%s: cannot write: %s", path,
		                  strerror(e));
	}
	sync_dir(path);
	return HALO_OK;
}

enum halo_status cachefile_write(const char *path, const struct cache_owner *o,
                                 const char *data, size_t len,
                                 struct errbuf *err)
{
	char head[HEADER_MAX];
	int n;

	if (len > CACHEFILE_MAX)
		return errbuf_set(err, HALO_EIO, "%s: too large to cache "
		                  "(%zu bytes)", path, len);
	if (!one_line(o->base_url) || !one_line(o->tenant) ||
	    !one_line(o->client_id))
		return errbuf_set(err, HALO_EIO, "%s: base_url, tenant or "
		                  "client_id holds a line break", path);
	n = header(head, sizeof head, o, time(NULL), data, len);
	if (n < 0 || (size_t)n >= sizeof head)
		return errbuf_set(err, HALO_EIO, "%s: header too long", path);
	return write_file(path, head, (size_t)n, data, len, err);
}

enum halo_status cachefile_write_plain(const char *path, const char *data,
                                       size_t len, struct errbuf *err)
{
	return write_file(path, "", 0, data, len, err);
}

/* ---- reading ----------------------------------------------------------- */

/* Reads the whole regular file fd into a NUL-terminated buffer. */
static char *slurp(int fd, size_t *len)
{
	struct stat st;
	size_t cap, n = 0;
	char *buf;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_uid != geteuid() || (st.st_mode & 077) ||
	    st.st_size <= 0 || (size_t)st.st_size > CACHEFILE_MAX + HEADER_MAX)
		return NULL;
	cap = (size_t)st.st_size;
	buf = malloc(cap + 1);
	if (!buf)
		return NULL;
	while (n < cap) {
		ssize_t r = read(fd, buf + n, cap - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* The value of header line "key value\n" at *p, advancing *p; NULL when
 * the line is not that key. Cuts the line in place. */
static const char *field(char **p, const char *key)
{
	size_t k = strlen(key);
	char *line = *p, *nl;

	if (strncmp(line, key, k) != 0 || line[k] != ' ')
		return NULL;
	nl = strchr(line, '\n');
	if (!nl)
		return NULL;
	*nl = '\0';
	*p = nl + 1;
	return line + k + 1;
}

static bool parse_header(char *buf, size_t total, const struct cache_owner *o,
                         size_t *off, size_t *len, time_t *saved,
                         const char **sum)
{
	char *p = buf, *end;
	const char *v[7];
	static const char *const keys[] = { "version", "base_url", "tenant",
	                                    "client_id", "saved", "length",
	                                    "sha256" };
	long long t;
	unsigned long long l;

	if (strncmp(p, MAGIC, strlen(MAGIC)) != 0)
		return false;
	p += strlen(MAGIC);
	for (size_t i = 0; i < 7; i++)
		if (!(v[i] = field(&p, keys[i])))
			return false;
	if (*p != '\n')
		return false;
	p++;
	if (strcmp(v[0], PACKAGE_VERSION) != 0 ||
	    strcmp(v[1], or_empty(o->base_url)) != 0 ||
	    strcmp(v[2], or_empty(o->tenant)) != 0 ||
	    strcmp(v[3], or_empty(o->client_id)) != 0)
		return false;
	errno = 0;
	t = strtoll(v[4], &end, 10);
	if (errno || *end || end == v[4])
		return false;
	l = strtoull(v[5], &end, 10);
	if (errno || *end || end == v[5] || v[5][0] == '-')
		return false;
	*off = (size_t)(p - buf);
	if (l > CACHEFILE_MAX || *off + l != total)
		return false;     /* cut short, or something appended */
	*len = (size_t)l;
	*saved = (time_t)t;
	*sum = v[6];
	return true;
}

bool cachefile_read(const char *path, const struct cache_owner *o,
                    char **data, size_t *len, time_t *saved)
{
	char *buf, got[65];
	const char *sum = NULL;
	size_t total = 0, off = 0, n = 0;
	time_t t = 0;
	int fd;

	*data = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return false;
	buf = slurp(fd, &total);
	close(fd);
	if (!buf)
		return false;
	if (!parse_header(buf, total, o, &off, &n, &t, &sum)) {
		OPENSSL_cleanse(buf, total);
		free(buf);
		return false;
	}
	cachefile_digest(buf + off, n, got);
	if (!got[0] || strcmp(got, sum) != 0) {
		OPENSSL_cleanse(buf, total);
		free(buf);
		return false;
	}
	/* The payload moves to the front: no second copy of a secret. */
	memmove(buf, buf + off, n);
	OPENSSL_cleanse(buf + n, total - n);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	if (saved)
		*saved = t;
	return true;
}

bool cachefile_plain(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

bool cachefile_fields(char *data, const char *const *names, size_t n,
                      char **v)
{
	char *p = data;

	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(names[i]);
		char *nl;

		if (strncmp(p, names[i], k) != 0 || p[k] != ' ')
			return false;
		nl = strchr(p, '\n');
		if (!nl)
			return false;
		*nl = '\0';
		v[i] = p + k + 1;
		p = nl + 1;
	}
	return *p == '\0';
}

int cachefile_remove(const char *path)
{
	if (unlink(path) == 0)
		return 1;
	return errno == ENOENT ? 0 : -1;
}

int cachefile_forget(const char *path, const char *what, struct errbuf *err)
{
	int rc;

	if (!path) {
		errbuf_set(err, HALO_EIO, "no place for %s: set HOME or "
		           "XDG_STATE_HOME", what);
		return -1;
	}
	rc = cachefile_remove(path);
	if (rc < 0)
		errbuf_set(err, HALO_EIO, "%s: cannot remove: %s", path,
		           strerror(errno));
	return rc;
}

int cachefile_clear_dir(const char *dir, size_t *removed)
{
	char path[4096];
	struct dirent *e;
	int rc = 0, saved = 0;
	DIR *d = opendir(dir);

	*removed = 0;
	if (!d)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(d))) {
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >=
		    sizeof path || lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (unlink(path) == 0) {
			(*removed)++;
		} else {
			rc = -1;
			saved = errno;
		}
	}
	closedir(d);
	if (rc == 0 && rmdir(dir) != 0 && errno != ENOTEMPTY && errno != EEXIST) {
		rc = -1;
		saved = errno;
	}
	errno = saved;
	return rc;
}
