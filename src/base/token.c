/*
 * token.c -- issuing and verifying access tokens.
 */
#include "config.h"
#include "base/token.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <jwt.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "base/base64.h"
#include "base/conf.h"
#include "base/hs256.h"
#include "base/id.h"
#include "base/json.h"
#include "base/model.h"

char *
sb_token_issue(const struct sb_config *cfg, const char *sub,
    const char *role, const char *email, int64_t now)
{
	jwt_t		*jwt = NULL;
	unsigned char	 rnd[16];
	char		 jti[33], *out = NULL;

	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		return NULL;
	sb_hex_encode(rnd, sizeof(rnd), jti);
	if (jwt_new(&jwt) != 0)
		return NULL;
	if (jwt_add_grant(jwt, "sub", sub) == 0 &&
	    jwt_add_grant(jwt, "role", role) == 0 &&
	    jwt_add_grant(jwt, "email", email) == 0 &&
	    jwt_add_grant_int(jwt, "iat", (long)now) == 0 &&
	    jwt_add_grant_int(jwt, "exp", (long)(now + cfg->token_ttl_min * 60)) == 0 &&
	    jwt_add_grant(jwt, "iss", cfg->jwt_issuer) == 0 &&
	    jwt_add_grant(jwt, "jti", jti) == 0 &&
	    jwt_set_alg(jwt, JWT_ALG_HS256,
	    (const unsigned char *)cfg->jwt_secret,
	    (int)strlen(cfg->jwt_secret)) == 0)
		out = jwt_encode_str(jwt);
	jwt_free(jwt);
	return out;
}

/* A string claim that fits out (size cap), or -1. */
static int
claim_str(const cJSON *claims, const char *name, char *out, size_t cap)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(claims, name);

	if (!cJSON_IsString(v) || v->valuestring == NULL ||
	    v->valuestring[0] == '\0' || strlen(v->valuestring) >= cap)
		return SB_ERR;
	memcpy(out, v->valuestring, strlen(v->valuestring) + 1);
	return SB_OK;
}

/* An integral number of seconds, or -1. */
static int
claim_time(const cJSON *claims, const char *name, int64_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(claims, name);

	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 1e12 ||
	    (double)(int64_t)v->valuedouble != v->valuedouble)
		return SB_ERR;
	*out = (int64_t)v->valuedouble;
	return SB_OK;
}

/* A part of the token (len bytes of base64url) as a JSON object, or NULL. */
static cJSON *
part_object(const char *b64, size_t len)
{
	uint8_t	 buf[SB_TOKEN_MAX];
	cJSON	*o = NULL;
	ssize_t	 n;

	if ((n = sb_base64url_decode(b64, len, buf)) < 0 ||
	    sb_json_parse_object((const char *)buf, (size_t)n, &o) !=
	    SB_JSON_OK)
		return NULL;
	return o;
}

/*
 * The protected header (len bytes of base64url): a JSON object (no
 * duplicate keys) whose alg is exactly "HS256", whose typ, if present, is
 * "JWT", and that has no crit (RFC 7515 4.1.11: we understand no
 * extension).  0, or -1.
 */
static int
header_ok(const char *b64, size_t len)
{
	cJSON		*h = part_object(b64, len);
	const cJSON	*alg, *typ;
	int		 ok;

	if (h == NULL)
		return SB_ERR;
	alg = cJSON_GetObjectItemCaseSensitive(h, "alg");
	typ = cJSON_GetObjectItemCaseSensitive(h, "typ");
	ok = cJSON_IsString(alg) && strcmp(alg->valuestring, "HS256") == 0 &&
	    (typ == NULL || (cJSON_IsString(typ) &&
	    strcmp(typ->valuestring, "JWT") == 0)) &&
	    cJSON_GetObjectItemCaseSensitive(h, "crit") == NULL;
	cJSON_Delete(h);
	return ok ? SB_OK : SB_ERR;
}

/*
 * The JWS signature: HMAC-SHA256 of "header.payload" (the first len bytes
 * of the token) under our key, against the third part (base64url of
 * b64len bytes), compared in constant time.  0, or -1.
 */
static int
signature_ok(const struct sb_config *cfg, const char *token, size_t len,
    const char *b64, size_t b64len)
{
	uint8_t	sig[SB_HS256_LEN + 3], mac[SB_HS256_LEN];

	if (b64len > (SB_HS256_LEN * 4 + 2) / 3 ||
	    sb_base64url_decode(b64, b64len, sig) != SB_HS256_LEN ||
	    sb_hs256(cfg->jwt_mac, token, len, mac) == -1)
		return SB_ERR;
	return CRYPTO_memcmp(sig, mac, SB_HS256_LEN) == 0 ? SB_OK : SB_ERR;
}

int
sb_token_verify(const struct sb_config *cfg, const char *token, int64_t now,
    struct sb_claims *c)
{
	const char	*dot1, *dot2;
	char		 iss[256];
	cJSON		*claims = NULL;
	size_t		 len;
	int		 rc = -1;

	memset(c, 0, sizeof(*c));
	if (token == NULL || *token == '\0' ||
	    (len = strlen(token)) > SB_TOKEN_MAX)
		return SB_ERR;
	/* Three parts, base64url only: anything else is not worth parsing. */
	for (const char *p = token; *p != '\0'; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    *p == '.'))
			return SB_ERR;
	if ((dot1 = strchr(token, '.')) == NULL ||
	    (dot2 = strchr(dot1 + 1, '.')) == NULL ||
	    strchr(dot2 + 1, '.') != NULL)
		return SB_ERR;
	/* Nothing but the signature is read before the signature is good. */
	if (signature_ok(cfg, token, (size_t)(dot2 - token), dot2 + 1,
	    len - (size_t)(dot2 + 1 - token)) == -1 ||
	    header_ok(token, (size_t)(dot1 - token)) == -1 ||
	    (claims = part_object(dot1 + 1, (size_t)(dot2 - dot1 - 1))) ==
	    NULL)
		return SB_ERR;
	if (claim_str(claims, "sub", c->sub, sizeof(c->sub)) == -1 ||
	    sb_id_parse(c->sub, strlen(c->sub), NULL) != SB_FOUND ||
	    claim_str(claims, "role", c->role, sizeof(c->role)) == -1 ||
	    (strcmp(c->role, "customer") != 0 &&
	    strcmp(c->role, "auditor") != 0) ||
	    claim_str(claims, "email", c->email, sizeof(c->email)) == -1 ||
	    claim_str(claims, "jti", c->jti, sizeof(c->jti)) == -1 ||
	    claim_str(claims, "iss", iss, sizeof(iss)) == -1 ||
	    strcmp(iss, cfg->jwt_issuer) != 0 ||
	    claim_time(claims, "iat", &c->iat) == -1 ||
	    claim_time(claims, "exp", &c->exp) == -1)
		goto out;
	if (c->exp <= now || c->iat > now + SB_TOKEN_SKEW || c->exp <= c->iat)
		goto out;
	/* No token lives longer than the service issues them for. */
	if (c->exp - c->iat > cfg->token_ttl_min * 60 + SB_TOKEN_SKEW)
		goto out;
	rc = 0;
out:
	cJSON_Delete(claims);
	if (rc == -1)
		memset(c, 0, sizeof(*c));
	return rc;
}
