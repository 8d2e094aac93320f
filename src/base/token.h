/*
 * token.h -- access tokens: JWT, HS256 only.
 *
 * libjwt 1.10 checks only the signature, with the algorithm the token's own
 * header names, so everything else is checked here: the algorithm is
 * exactly HS256, and sub, role, email, iat, exp, iss and jti are present,
 * well typed and in range.
 */
#ifndef SB_TOKEN_H
#define SB_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#define SB_TOKEN_MAX		4096	/* longer tokens are refused unread */
#define SB_TOKEN_SKEW		60	/* seconds of clock skew allowed for iat */

struct sb_config;

struct sb_claims {
	char	sub[25];	/* user id, 24 hex digits */
	char	role[16];
	char	email[255];
	char	jti[33];
	int64_t	iat, exp;
};

/* A signed token for the user, or NULL; the caller frees it. */
char	*sb_token_issue(const struct sb_config *, const char *sub,
	    const char *role, const char *email, int64_t now);
/* 0 and claims filled when the token is good at time now, else -1. */
int	 sb_token_verify(const struct sb_config *, const char *token,
	    int64_t now, struct sb_claims *);

#endif
