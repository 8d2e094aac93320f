/*
 * fuzz_token.c -- the token verifier on anything an Authorization header
 * can carry.  Random bytes rarely pass the signature, so half the inputs
 * are taken as claims (JSON) and signed with the real key: the checks of
 * every claim, not only the signature, meet hostile input.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jwt.h>

#include "base/conf.h"
#include "base/hs256.h"
#include "base/token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char secret[] = "fuzz-key-0123456789-abcdefghijklmnop";
static char issuer[] = "smartbank";

/* The MAC keyed by secret, made once and kept for the process's life. */
static struct sb_hs256 *
mac(void)
{
	static struct sb_hs256 *m;

	if (m == NULL && (m = sb_hs256_new(secret, strlen(secret))) == NULL)
		abort();
	return m;
}

/* The claims in json, signed with our key and alg; NULL if libjwt refuses. */
static char *
sign(const char *json, jwt_alg_t alg)
{
	jwt_t	*jwt;
	char	*tok = NULL;

	if (jwt_new(&jwt) != 0)
		return NULL;
	if (jwt_add_grants_json(jwt, json) == 0 &&
	    jwt_set_alg(jwt, alg, (const unsigned char *)secret,
	    (int)strlen(secret)) == 0)
		tok = jwt_encode_str(jwt);
	jwt_free(jwt);
	return tok;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sb_config	 cfg;
	struct sb_claims	 c;
	char			*text, *tok;

	if (size == 0 || (text = malloc(size)) == NULL)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	memset(&cfg, 0, sizeof(cfg));
	cfg.jwt_secret = secret;
	cfg.jwt_mac = mac();
	cfg.jwt_issuer = issuer;
	cfg.token_ttl_min = 30;
	switch (data[0] % 3) {
	case 0:		/* the bytes as a token */
		(void)sb_token_verify(&cfg, text, 1761379200, &c);
		break;
	default:	/* the bytes as claims, signed HS256 or HS512 */
		tok = sign(text, data[0] % 3 == 1 ? JWT_ALG_HS256 :
		    JWT_ALG_HS512);
		if (tok != NULL)
			(void)sb_token_verify(&cfg, tok, 1761379200, &c);
		free(tok);
	}
	free(text);
	return 0;
}
