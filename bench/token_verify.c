/*
 * token_verify.c -- the CPU of one access-token verification, in process:
 * a token issued for now, verified N times (sb_token_verify(), everything
 * it checks).  Built against a libsmartbank.a and its headers by
 * bench/readpath.py; prints microseconds per verification.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/conf.h"
#if __has_include("base/hs256.h")
#include "base/hs256.h"
#define HAVE_HS256 1
#endif
#include "base/token.h"

int
main(int argc, char *argv[])
{
	static char		secret[] = "bench-key-0123456789-abcdefghijklmnop";
	static char		issuer[] = "smartbank";
	struct sb_config	cfg;
	struct sb_claims	c;
	struct timespec		t0, t1;
	int			n = argc > 1 ? atoi(argv[1]) : 200000;
	int64_t			now = (int64_t)time(NULL);
	char			*tok;

	memset(&cfg, 0, sizeof(cfg));
	cfg.jwt_secret = secret;
	cfg.jwt_issuer = issuer;
	cfg.token_ttl_min = 30;
#ifdef HAVE_HS256
	cfg.jwt_mac = sb_hs256_new(secret, strlen(secret));
#endif
	tok = sb_token_issue(&cfg, "5f0c6f1e2a3b4c5d6e7f8091", "customer",
	    "someone@example.com", now);
	if (tok == NULL || sb_token_verify(&cfg, tok, now, &c) != 0)
		return 1;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	for (int i = 0; i < n; i++)
		if (sb_token_verify(&cfg, tok, now, &c) != 0)
			return 1;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
	printf("%.2f\n", ((double)(t1.tv_sec - t0.tv_sec) * 1e9 +
	    (double)(t1.tv_nsec - t0.tv_nsec)) / n / 1000.0);
	free(tok);
#ifdef HAVE_HS256
	sb_hs256_free(cfg.jwt_mac);
#endif
	return 0;
}
