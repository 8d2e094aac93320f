/*
 * password.c -- bcrypt hashes and checks.
 */
#include "config.h"
#include "base/password.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <crack.h>
#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "base/id.h"

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
		return -1;
	if ((cd = calloc(1, sizeof(*cd))) == NULL)
		return -1;
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
		return -1;
	sb_hex_encode(rnd, sizeof(rnd), pick);
	return sb_password_hash(pick, cost, dummy);
}

void
sb_password_burn(const char *pw)
{
	/* Workers prepare it at start; anything else pays here, once. */
	if (dummy[0] == '\0' && sb_password_burn_prepare(12) == -1)
		return;
	(void)sb_password_verify(pw, dummy);
}

const char *
sb_password_common(const char *pw)
{
	static char	 msg[128];
	const char	*why = FascistCheck(pw, GetDefaultCracklibDict());

	if (why == NULL)
		return NULL;
	snprintf(msg, sizeof(msg), "Password is too common: %s", why);
	return msg;
}

int
sb_password_policy_ready(char *err, size_t errsz)
{
	/* A strong password passes; a missing dictionary fails every one. */
	const char *why = FascistCheck("qv8#Lm2$Zr7!", GetDefaultCracklibDict());

	if (why == NULL)
		return 0;
	snprintf(err, errsz, "the common-password check cannot run (%s: %s); "
	    "install cracklib-runtime", GetDefaultCracklibDict(), why);
	return -1;
}
