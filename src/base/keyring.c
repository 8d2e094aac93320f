/*
 * keyring.c -- the key file: read, checked, wiped when done.
 */
#include "config.h"
#include "base/keyring.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "base/base64.h"
#include "base/model.h"
#include "base/util.h"

#define KEYFILE_MAX	(64 * 1024)

static int
id_ok(const char *s, size_t n)
{
	if (n == 0 || n > SB_KEY_ID_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '_' && s[i] != '.')
			return 0;
	return 1;
}

/* All one byte: a placeholder, not a key. */
static int
repeated(const uint8_t *k)
{
	for (size_t i = 1; i < SB_KEY_LEN; i++)
		if (k[i] != k[0])
			return 0;
	return 1;
}

/* Every key so far, the index key included, differs from k. */
static int
seen(const struct sb_keyring *r, int has_index, const uint8_t *k)
{
	if (has_index && CRYPTO_memcmp(r->index_key, k, SB_KEY_LEN) == 0)
		return 1;
	for (size_t i = 0; i < r->nkek; i++)
		if (CRYPTO_memcmp(r->kek[i].key, k, SB_KEY_LEN) == 0)
			return 1;
	return 0;
}

/* One "id key" line, [s, end): into r.  0, or -1 with err. */
static int
parse_line(struct sb_keyring *r, int *has_index, const char *s,
    const char *end, unsigned lineno, char *err, size_t errsz)
{
	const char	*id, *key;
	size_t		 idlen, keylen;
	uint8_t		 k[SB_KEY_LEN + 3];
	ssize_t		 n;
	int		 rc = -1;

	while (s < end && isspace((unsigned char)*s))
		s++;
	if (s == end || *s == '#')
		return 0;
	id = s;
	while (s < end && !isspace((unsigned char)*s))
		s++;
	idlen = (size_t)(s - id);
	while (s < end && isspace((unsigned char)*s))
		s++;
	key = s;
	while (s < end && !isspace((unsigned char)*s))
		s++;
	keylen = (size_t)(s - key);
	while (s < end && isspace((unsigned char)*s))
		s++;
	if (!id_ok(id, idlen))
		return sb_errf(err, errsz, "line %u: the id must be 1 to %d "
		    "letters, digits, '-', '_' or '.'", lineno, SB_KEY_ID_MAX);
	if (keylen == 0 || s != end)
		return sb_errf(err, errsz, "line %u: expected \"id base64-key\"",
		    lineno);
	n = sb_base64_decoded_len(key, keylen);
	if (n != SB_KEY_LEN)
		return sb_errf(err, errsz, "line %u: key \"%.*s\" must be %d bytes "
		    "in base64 (try: openssl rand -base64 32)", lineno,
		    (int)idlen, id, SB_KEY_LEN);
	(void)sb_base64_decode(key, keylen, k);
	if (repeated(k)) {
		sb_errf(err, errsz, "line %u: key \"%.*s\" is one byte repeated, "
		    "not a random key", lineno, (int)idlen, id);
		goto out;
	}
	if (seen(r, *has_index, k)) {
		sb_errf(err, errsz, "line %u: key \"%.*s\" repeats an earlier key "
		    "(the index key and every KEK must differ)", lineno,
		    (int)idlen, id);
		goto out;
	}
	if (idlen == strlen(SB_KEY_INDEX_ID) &&
	    memcmp(id, SB_KEY_INDEX_ID, idlen) == 0) {
		if (*has_index) {
			sb_errf(err, errsz, "line %u: a second \"%s\" key",
			    lineno, SB_KEY_INDEX_ID);
			goto out;
		}
		memcpy(r->index_key, k, SB_KEY_LEN);
		*has_index = 1;
		rc = 0;
		goto out;
	}
	if (r->nkek == SB_KEYS_MAX) {
		sb_errf(err, errsz, "line %u: more than %d keys", lineno,
		    SB_KEYS_MAX);
		goto out;
	}
	for (size_t i = 0; i < r->nkek; i++)
		if (strlen(r->kek[i].id) == idlen &&
		    memcmp(r->kek[i].id, id, idlen) == 0) {
			sb_errf(err, errsz, "line %u: id \"%.*s\" is listed twice",
			    lineno, (int)idlen, id);
			goto out;
		}
	memcpy(r->kek[r->nkek].id, id, idlen);
	r->kek[r->nkek].id[idlen] = '\0';
	memcpy(r->kek[r->nkek].key, k, SB_KEY_LEN);
	r->nkek++;
	rc = 0;
out:
	OPENSSL_cleanse(k, sizeof(k));
	return rc;
}

int
sb_keyring_parse(struct sb_keyring *r, const char *text, char *err,
    size_t errsz)
{
	const char	*s = text, *nl;
	unsigned	 lineno = 0;
	int		 has_index = 0;

	OPENSSL_cleanse(r, sizeof(*r));
	for (; *s != '\0'; s = *nl == '\0' ? nl : nl + 1) {
		if ((nl = strchr(s, '\n')) == NULL)
			nl = s + strlen(s);
		if (parse_line(r, &has_index, s, nl, ++lineno, err,
		    errsz) == -1)
			return SB_ERR;
	}
	if (!has_index)
		return sb_errf(err, errsz, "no \"%s\" key (the blind-index key)",
		    SB_KEY_INDEX_ID);
	if (r->nkek == 0)
		return sb_errf(err, errsz, "no key-encryption key (a line "
		    "\"id base64-key\" besides \"%s\")", SB_KEY_INDEX_ID);
	return SB_OK;
}

char *
sb_secret_file_read(const char *path, size_t max, size_t *len, char *err,
    size_t errsz)
{
	struct stat	 st;
	char		*text;
	ssize_t		 n;
	int		 fd;

	*len = 0;
	/* Not blocking: a FIFO named here is refused, not waited on. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW |
	    O_NONBLOCK)) == -1) {
		sb_errf(err, errsz, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		sb_errf(err, errsz, "%s: not a regular file", path);
		close(fd);
		return NULL;
	}
	if ((st.st_mode & 077) != 0) {
		sb_errf(err, errsz, "%s: mode %04o lets others read the keys "
		    "(chmod 600 it)", path, (unsigned)(st.st_mode & 07777));
		close(fd);
		return NULL;
	}
	/* Another user's file could be replaced under us by its owner. */
	if (st.st_uid != geteuid()) {
		sb_errf(err, errsz, "%s: owned by uid %u, not by the user this "
		    "runs as (uid %u): chown it", path, (unsigned)st.st_uid,
		    (unsigned)geteuid());
		close(fd);
		return NULL;
	}
	if ((text = malloc(max + 1)) == NULL) {
		close(fd);
		sb_errf(err, errsz, "out of memory");
		return NULL;
	}
	/* A failed read is an error, never an end: the newest key is last. */
	while (*len < max && (n = read(fd, text + *len, max - *len)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			sb_errf(err, errsz, "%s: %s", path, strerror(errno));
			OPENSSL_cleanse(text, *len);
			free(text);
			close(fd);
			return NULL;
		}
		*len += (size_t)n;
	}
	close(fd);
	text[*len] = '\0';
	if (*len == max || strlen(text) != *len) {
		OPENSSL_cleanse(text, *len);
		free(text);
		sb_errf(err, errsz, "%s: not a key file (too long, or binary)",
		    path);
		return NULL;
	}
	return text;
}

struct sb_keyring *
sb_keyring_load(const char *path, char *err, size_t errsz)
{
	struct sb_keyring	*r;
	char			*text, reason[256];
	size_t			 len;

	if ((text = sb_secret_file_read(path, KEYFILE_MAX, &len, err,
	    errsz)) == NULL)
		return NULL;
	if ((r = malloc(sizeof(*r))) == NULL) {
		sb_errf(err, errsz, "out of memory");
	} else if (sb_keyring_parse(r, text, err, errsz) == 0) {
		OPENSSL_cleanse(text, len);
		free(text);
		return r;
	} else {
		/* The reason names the line; say which file it is in. */
		snprintf(reason, sizeof(reason), "%s", err);
		sb_errf(err, errsz, "%s: %s", path, reason);
	}
	OPENSSL_cleanse(text, len);
	free(text);
	sb_keyring_free(r);
	return NULL;
}

void
sb_keyring_free(struct sb_keyring *r)
{
	if (r == NULL)
		return;
	OPENSSL_cleanse(r, sizeof(*r));
	free(r);
}

const struct sb_kek *
sb_keyring_newest(const struct sb_keyring *r)
{
	return r->nkek > 0 ? &r->kek[r->nkek - 1] : NULL;
}

const struct sb_kek *
sb_keyring_find(const struct sb_keyring *r, const char *id)
{
	for (size_t i = 0; i < r->nkek; i++)
		if (strcmp(r->kek[i].id, id) == 0)
			return &r->kek[i];
	return NULL;
}
