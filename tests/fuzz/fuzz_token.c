/*
 * fuzz_token.c -- the token verifier on anything an Authorization header
 * can carry.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char		secret[] = "fuzz-key-0123456789-abcdefghijklmnop";
	static char		issuer[] = "smartbank";
	struct sb_config	cfg;
	struct sb_claims	c;
	char			*tok = malloc(size + 1);

	if (tok == NULL)
		return 0;
	memcpy(tok, data, size);
	tok[size] = '\0';
	memset(&cfg, 0, sizeof(cfg));
	cfg.jwt_secret = secret;
	cfg.jwt_issuer = issuer;
	cfg.token_ttl_min = 30;
	(void)sb_token_verify(&cfg, tok, 1761379200, &c);
	free(tok);
	return 0;
}
