/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "attach.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "base64.h"
#include "utf8.h"

/* ---- names ------------------------------------------------------------- */

/* Characters a name never keeps: controls, and the ones that make a
 * name read differently from what it is (bidirectional overrides). */
static bool dropped(unsigned cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200e || cp == 0x200f || cp == 0xfeff;
}

/* Where the extension of name starts (its last dot, not a leading one),
 * or its length when it has none. Extensions longer than 16 bytes are
 * part of the stem: they are not worth keeping whole. */
static size_t ext_start(const char *name)
{
	const char *dot = strrchr(name, '.');
	size_t len = strlen(name);

	if (!dot || dot == name || len - (size_t)(dot - name) > 16)
		return len;
	return (size_t)(dot - name);
}

void attach_safe_name(const char *name, char *out, size_t outlen)
{
	char *buf;
	size_t n = 0, len, cut, ext;
	const char *base = name ? name : "";
	unsigned cp;

	if (!out || outlen == 0)
		return;
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	len = strlen(base);
	/* Never longer than the name, or than "attachment". */
	buf = malloc(len + 16);
	if (!buf) {
		snprintf(out, outlen, "attachment");
		return;
	}
	for (size_t i = 0; i < len;) {
		size_t k = utf8_decode((const unsigned char *)base + i, len - i, &cp);

		if (k == 0)
			break;
		if (cp == UTF8_BAD)
			buf[n++] = '_';
		else if (!dropped(cp)) {
			memcpy(buf + n, base + i, k);
			n += k;
		}
		i += k;
	}
	buf[n] = '\0';
	/* No hidden file, no name that is all dots; no trailing dot or space
	 * (other systems drop them, and the name would change on a copy). */
	{
		size_t lead = strspn(buf, ". \t");

		memmove(buf, buf + lead, n - lead + 1);
		n -= lead;
		while (n > 0 && (buf[n - 1] == '.' || buf[n - 1] == ' '))
			buf[--n] = '\0';
	}
	if (n == 0)
		snprintf(buf, len + 16, "attachment");
	n = strlen(buf);
	if (n > ATTACH_NAME_MAX) {
		ext = ext_start(buf);
		size_t elen = n - ext;

		cut = utf8_cut(buf, ATTACH_NAME_MAX - elen);
		memmove(buf + cut, buf + ext, elen + 1);
	}
	snprintf(out, outlen, "%s", buf);
	utf8_drop_partial(out);
	free(buf);
}

int attach_numbered_name(const char *name, unsigned n, char *out,
                         size_t outlen)
{
	size_t ext = ext_start(name);
	int w;

	if (n == 0)
		w = snprintf(out, outlen, "%s", name);
	else
		w = snprintf(out, outlen, "%.*s (%u)%s", (int)ext, name, n,
		             name + ext);
	return w < 0 || (size_t)w >= outlen ? -1 : 0;
}

/* ---- the directory ----------------------------------------------------- */

/* XDG_DOWNLOAD_DIR="$HOME/Downloads" from user-dirs.dirs: a value in
 * quotes, absolute or relative to $HOME. */
static int from_user_dirs(const char *home, char *out, size_t outlen)
{
	char path[4096], line[4096];
	const char *cfg = getenv("XDG_CONFIG_HOME");
	FILE *f;
	int rc = -1;

	if (cfg && cfg[0] == '/')
		snprintf(path, sizeof path, "%s/user-dirs.dirs", cfg);
	else
		snprintf(path, sizeof path, "%s/.config/user-dirs.dirs", home);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (rc != 0 && fgets(line, sizeof line, f)) {
		static const char key[] = "XDG_DOWNLOAD_DIR=\"";
		char *v, *end;

		if (strncmp(line, key, sizeof key - 1) != 0)
			continue;
		v = line + sizeof key - 1;
		end = strrchr(v, '"');
		if (!end)
			continue;
		*end = '\0';
		if (strncmp(v, "$HOME", 5) == 0 && (v[5] == '/' || !v[5]))
			rc = snprintf(out, outlen, "%s%s", home, v + 5);
		else if (v[0] == '/')
			rc = snprintf(out, outlen, "%s", v);
		else
			continue;
		rc = rc < 0 || (size_t)rc >= outlen ? -1 : 0;
	}
	fclose(f);
	return rc;
}

int attach_download_dir(char *out, size_t outlen)
{
	const char *env = getenv("XDG_DOWNLOAD_DIR"), *home = getenv("HOME");
	int n;

	if (env && env[0] == '/') {
		n = snprintf(out, outlen, "%s", env);
		return n < 0 || (size_t)n >= outlen ? -1 : 0;
	}
	if (!home || !*home)
		return -1;
	if (from_user_dirs(home, out, outlen) == 0)
		return 0;
	n = snprintf(out, outlen, "%s/Downloads", home);
	return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

/* ---- saving ------------------------------------------------------------ */

int attach_temp_open(const char *dir, char *tmp, size_t tmplen,
                     struct errbuf *err)
{
	int fd, n;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		errbuf_set(err, HALO_EIO, "cannot create %s: %s", dir, strerror(errno));
		return -1;
	}
	n = snprintf(tmp, tmplen, "%s/.halotui-download-XXXXXX", dir);
	if (n < 0 || (size_t)n >= tmplen) {
		errbuf_set(err, HALO_EIO, "the directory's name is too long: %s", dir);
		return -1;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		errbuf_set(err, HALO_EIO, "cannot write in %s: %s", dir, strerror(errno));
		tmp[0] = '\0';
	}
	return fd;
}

enum halo_status attach_commit(const char *tmp, const char *dir,
                               const char *name, char *final,
                               size_t finallen, struct errbuf *err)
{
	char cand[ATTACH_NAME_MAX + 32];

	for (unsigned i = 0; i < ATTACH_MAX_TRIES; i++) {
		int n;

		if (attach_numbered_name(name, i, cand, sizeof cand) != 0)
			break;
		n = snprintf(final, finallen, "%s/%s", dir, cand);
		if (n < 0 || (size_t)n >= finallen)
			break;
		/* link() never replaces a file: EEXIST means try the next. */
		if (link(tmp, final) == 0) {
			unlink(tmp);
			return HALO_OK;
		}
		if (errno == EEXIST)
			continue;
		errbuf_set(err, HALO_EIO, "cannot save %s: %s", final,
		           strerror(errno));
		unlink(tmp);
		final[0] = '\0';
		return HALO_EIO;
	}
	errbuf_set(err, HALO_EIO, "cannot find a free name for %s in %s", name, dir);
	unlink(tmp);
	final[0] = '\0';
	return HALO_EIO;
}

/* ---- sending ----------------------------------------------------------- */

void attach_size_text(long long bytes, char *out, size_t outlen)
{
	if (bytes < 1024)
		snprintf(out, outlen, "%lld B", bytes < 0 ? 0 : bytes);
	else if (bytes < 1024 * 1024)
		snprintf(out, outlen, "%.1f KB", (double)bytes / 1024.0);
	else
		snprintf(out, outlen, "%.1f MB", (double)bytes / (1024.0 * 1024.0));
}

enum halo_status attach_check_file(const char *path, long max_mb,
                                   long long *size, struct errbuf *err)
{
	struct stat sb;
	long long limit = (long long)max_mb * 1024 * 1024;
	char have[32];

	if (!path || !*path)
		return errbuf_set(err, HALO_EUSAGE, "no file named to attach");
	if (stat(path, &sb) != 0)
		return errbuf_set(err, HALO_EUSAGE, "cannot attach %s: %s", path,
		                  strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return errbuf_set(err, HALO_EUSAGE, "cannot attach %s: not a "
		                  "regular file", path);
	if (access(path, R_OK) != 0)
		return errbuf_set(err, HALO_EUSAGE, "cannot attach %s: %s", path,
		                  strerror(errno));
	if (size)
		*size = (long long)sb.st_size;
	if ((long long)sb.st_size > limit) {
		attach_size_text((long long)sb.st_size, have, sizeof have);
		return errbuf_set(err, HALO_EUSAGE, "cannot attach %s: it is %s, "
		                  "over the limit of %ld MB (attachment_max_mb in "
		                  "the config)", path, have, max_mb);
	}
	return HALO_OK;
}

/* The whole file, read once (its size was checked). */
static unsigned char *read_all(const char *path, long long size, size_t *len,
                               struct errbuf *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	unsigned char *buf;
	size_t got = 0;

	if (fd < 0) {
		errbuf_set(err, HALO_EUSAGE, "cannot attach %s: %s", path, strerror(errno));
		return NULL;
	}
	buf = malloc((size_t)size + 1);
	if (!buf) {
		close(fd);
		errbuf_set(err, HALO_ENOMEM, "out of memory reading %s", path);
		return NULL;
	}
	while (got < (size_t)size) {
		ssize_t r = read(fd, buf + got, (size_t)size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			errbuf_set(err, HALO_EIO, "cannot read %s: %s", path,
			           strerror(errno));
			close(fd);
			free(buf);
			return NULL;
		}
		if (r == 0)
			break;    /* shrank meanwhile: send what is there */
		got += (size_t)r;
	}
	close(fd);
	*len = got;
	return buf;
}

char *attach_upload_body(const char *path, long ticket_id, long action_id,
                         long max_mb, struct errbuf *err)
{
	long long size = 0;
	size_t len = 0, b64len, headlen;
	unsigned char *data;
	char *body, *name_json, *p;
	const char *base = strrchr(path, '/');
	char head[128];
	cJSON *name;

	if (attach_check_file(path, max_mb, &size, err) != HALO_OK)
		return NULL;
	data = read_all(path, size, &len, err);
	if (!data)
		return NULL;
	name = cJSON_CreateString(base ? base + 1 : path);
	name_json = name ? cJSON_PrintUnformatted(name) : NULL;
	cJSON_Delete(name);
	headlen = (size_t)snprintf(head, sizeof head,
	                           "[{\"ticket_id\":%ld,\"action_id\":%ld,"
	                           "\"filename\":", ticket_id, action_id);
	b64len = base64_len(len);
	body = name_json ? malloc(headlen + strlen(name_json) + b64len + 40) : NULL;
	if (!body) {
		free(data);
		free(name_json);
		errbuf_set(err, HALO_ENOMEM, "out of memory encoding %s", path);
		return NULL;
	}
	p = body;
	memcpy(p, head, headlen);
	p += headlen;
	p += sprintf(p, "%s,\"data_base64\":\"", name_json);
	p += base64_encode(data, len, p, b64len + 1);
	strcpy(p, "\"}]");
	free(data);
	free(name_json);
	return body;
}
