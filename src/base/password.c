/*
 * password.c -- bcrypt hashes and checks.
 */
#include "config.h"
#include "base/password.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <crack.h>
#include <zxcvbn.h>
#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "base/id.h"
#include "base/model.h"

int
sb_password_hash(const char *pw, int cost, char out[SB_HASH_MAX])
{
	char			 salt[CRYPT_GENSALT_OUTPUT_SIZE];
	unsigned char		 rnd[16];
	struct crypt_data	*cd;
	const char		*h;
	int			 rc = -1;

	if (RAND_bytes(rnd, sizeof(rnd)) != 1 ||
	    crypt_gensalt_rn("$2b$", (unsigned long)cost, (const char *)rnd,
	    sizeof(rnd), salt, sizeof(salt)) == NULL)
		return SB_ERR;
	if ((cd = calloc(1, sizeof(*cd))) == NULL)
		return SB_ERR;
	h = crypt_r(pw, salt, cd);
	if (h != NULL && h[0] == '$' && strlen(h) < SB_HASH_MAX) {
		memcpy(out, h, strlen(h) + 1);
		rc = 0;
	}
	OPENSSL_cleanse(cd, sizeof(*cd));
	free(cd);
	return rc;
}

int
sb_password_verify(const char *pw, const char *hash)
{
	struct crypt_data	*cd;
	const char		*h;
	size_t			 len = strlen(hash);
	int			 ok = 0;

	if (strncmp(hash, "$2", 2) != 0 || len >= CRYPT_OUTPUT_SIZE)
		return 0;
	if ((cd = calloc(1, sizeof(*cd))) == NULL)
		return 0;
	h = crypt_r(pw, hash, cd);
	/* Failure tokens ("*0") never match; the compare is constant-time. */
	if (h != NULL && h[0] == '$' && strlen(h) == len)
		ok = CRYPTO_memcmp(h, hash, len) == 0;
	OPENSSL_cleanse(cd, sizeof(*cd));
	free(cd);
	return ok;
}

/* The hash an unknown email is checked against: random, one per process. */
static char	dummy[SB_HASH_MAX];

int
sb_password_burn_prepare(int cost)
{
	unsigned char	rnd[24];
	char		pick[sizeof(rnd) * 2 + 1];

	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		return SB_ERR;
	sb_hex_encode(rnd, sizeof(rnd), pick);
	return sb_password_hash(pick, cost, dummy);
}

int
sb_password_burn(const char *pw)
{
	/* Workers prepare it at start; anything else pays here, once. */
	if (dummy[0] == '\0' && sb_password_burn_prepare(12) == -1)
		return SB_ERR;
	return sb_password_verify(pw, dummy) == 0 ? SB_OK : SB_ERR;
}

/* What each kind of zxcvbn match is, for a person. */
static const char *const kinds[] = {
	[DICTIONARY_MATCH] = "a common word or password",
	[DICT_LEET_MATCH] = "a common word with substitutions",
	[USER_MATCH] = "your own details",
	[USER_LEET_MATCH] = "your own details",
	[REPEATS_MATCH] = "repeated characters",
	[SEQUENCE_MATCH] = "a sequence such as 1234 or abcd",
	[SPATIAL_MATCH] = "a keyboard pattern",
	[DATE_MATCH] = "a date",
	[YEAR_MATCH] = "a year",
};

/*
 * zxcvbn's estimate: fewer than a million guesses (its score below 2), or
 * nothing but keyboard patterns, is too easy; say what the password
 * mostly is.  NULL when strong enough.
 */
#define USER_PARTS	16

/*
 * The user's words cut at every non-letter-or-digit ("rajesh.kumar@x.in":
 * rajesh, kumar, x, in), each part of 3 or more, into buf; a NULL-ended
 * list in parts.
 */
static void
user_parts(const char *const *words, char buf[512],
    const char *parts[USER_PARTS + 1])
{
	size_t	used = 0, n = 0;

	for (; words != NULL && *words != NULL; words++) {
		for (const char *p = *words; *p != '\0' && n < USER_PARTS;) {
			size_t len = 0;

			while (isalnum((unsigned char)p[len]))
				len++;
			if (len >= 3 && used + len + 1 <= 512) {
				memcpy(buf + used, p, len);
				buf[used + len] = '\0';
				parts[n++] = buf + used;
				used += len + 1;
			}
			p += len;
			if (*p != '\0')
				p++;
		}
	}
	parts[n] = NULL;
}

static const char *
too_guessable(const char *pw, const char *const *user_words)
{
	static char	 msg[128];
	ZxcMatch_t	*info = NULL;
	unsigned	 cover[SB_NELEM(kinds)] = { 0 };
	unsigned	 covered = 0, spatial = 0, most = 0;
	char		 buf[512];
	const char	*parts[USER_PARTS + 1];
	double		 bits;

	user_parts(user_words, buf, parts);
	bits = ZxcvbnMatch(pw, parts, &info);
	for (ZxcMatch_t *m = info; m != NULL; m = m->Next) {
		unsigned t = (unsigned)m->Type & ~(unsigned)MULTIPLE_MATCH;

		if (t < SB_NELEM(kinds) && kinds[t] != NULL && m->Length > 0) {
			cover[t] += (unsigned)m->Length;
			covered += (unsigned)m->Length;
			if (cover[t] > cover[most])
				most = t;
		}
		if (t == SPATIAL_MATCH)
			spatial += (unsigned)m->Length;
	}
	ZxcvbnFreeInfo(info);
	if (bits >= SB_PASSWORD_MIN_BITS &&
	    (spatial == 0 || spatial < strlen(pw)))
		return NULL;
	if (covered == 0)
		return "Password is too easy to guess";
	snprintf(msg, sizeof(msg), "Password is too easy to guess: it is "
	    "mostly %s", kinds[most]);
	return msg;
}

const char *
sb_password_common(const char *pw, const char *const *user_words)
{
	static char	 msg[128];
	const char	*why = FascistCheck(pw, GetDefaultCracklibDict());

	if (why == NULL)
		return too_guessable(pw, user_words);
	snprintf(msg, sizeof(msg), "Password is too common: %s", why);
	return msg;
}

int
sb_password_policy_ready(char *err, size_t errsz)
{
	/* A strong password passes; a missing dictionary fails every one. */
	const char *why = FascistCheck("qv8#Lm2$Zr7!", GetDefaultCracklibDict());

	if (why == NULL)
		return SB_OK;
	snprintf(err, errsz, "the common-password check cannot run (%s: %s); "
	    "install cracklib-runtime", GetDefaultCracklibDict(), why);
	return SB_ERR;
}
