/*
 * token.h -- access tokens: JWT, HS256 only.
 *
 * libjwt issues them.  They are verified here (RFC 7515/7519, compact
 * form): three base64url parts; the signature, HMAC-SHA256 under the
 * configured key (base/hs256.h, set up once), compared in constant time
 * before anything else is read; the header's algorithm exactly HS256, no
 * crit; the claims a JSON object without duplicate keys in which sub, role,
 * email, iat, exp, iss and jti are present, well typed and in range.
 * (libjwt 1.10 checked only the signature, with the algorithm the token's
 * own header named, and its claims had to be parsed a second time.)
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
/* SB_OK, claims filled, when the token is good at time now; else SB_ERR. */
int	 sb_token_verify(const struct sb_config *, const char *token,
	    int64_t now, struct sb_claims *);

#endif
