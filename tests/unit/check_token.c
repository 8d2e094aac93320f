/*
 * check_token.c -- tokens: what is issued verifies, and everything that
 * libjwt alone would let through is refused.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <jwt.h>

#include "check_main.h"
#include "base/conf.h"
#include "base/hs256.h"
#include "base/password.h"
#include "base/token.h"
#include "base/base64.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#define NOW	1761379200	/* 2025-10-25T08:00:00Z */
#define B64URL	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
#define SECRET	"k3y-0123456789-abcdefghijklmnopqrstuv"
#define UID	"671be123abcdef0123456789"

static struct sb_config cfg;

/* The key: the secret and the MAC keyed by it, as configuration sets both. */
static void
use_key(const char *secret)
{
	sb_hs256_free(cfg.jwt_mac);
	cfg.jwt_secret = (char *)(uintptr_t)secret;
	cfg.jwt_mac = sb_hs256_new(secret, strlen(secret));
	ck_assert_ptr_nonnull(cfg.jwt_mac);
}

static void
teardown(void)
{
	sb_hs256_free(cfg.jwt_mac);
	memset(&cfg, 0, sizeof(cfg));
}

static void
setup(void)
{
	teardown();
	use_key(SECRET);
	cfg.jwt_issuer = (char *)(uintptr_t)"smartbank";
	cfg.token_ttl_min = 30;
}

/* A token made by hand with libjwt: any algorithm, key and claims. */
static char *
forge(jwt_alg_t alg, const char *key, const char *claims_json)
{
	jwt_t	*jwt;
	char	*s;

	ck_assert_int_eq(jwt_new(&jwt), 0);
	ck_assert_int_eq(jwt_add_grants_json(jwt, claims_json), 0);
	ck_assert_int_eq(jwt_set_alg(jwt, alg, (const unsigned char *)key,
	    key != NULL ? (int)strlen(key) : 0), 0);
	s = jwt_encode_str(jwt);
	jwt_free(jwt);
	ck_assert_ptr_nonnull(s);
	return s;
}

#define GOOD_CLAIMS \
	"{\"sub\":\"" UID "\",\"role\":\"customer\",\"email\":\"a@b.co\"," \
	"\"iat\":1761379200,\"exp\":1761381000,\"iss\":\"smartbank\",\"jti\":\"j1\"}"

START_TEST(test_issue_then_verify)
{
	struct sb_claims	 c;
	char			*t = sb_token_issue(&cfg, UID, "customer",
	    "a@b.co", NOW);

	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(sb_token_verify(&cfg, t, NOW + 10, &c), 0);
	ck_assert_str_eq(c.sub, UID);
	ck_assert_str_eq(c.role, "customer");
	ck_assert_str_eq(c.email, "a@b.co");
	ck_assert_int_eq(c.iat, NOW);
	ck_assert_int_eq(c.exp, NOW + 1800);
	ck_assert_uint_eq(strlen(c.jti), 32);
	/* Expired at exp, not before. */
	ck_assert_int_eq(sb_token_verify(&cfg, t, NOW + 1799, &c), 0);
	ck_assert_int_eq(sb_token_verify(&cfg, t, NOW + 1800, &c), -1);
	/* Another key or issuer: refused. */
	cfg.jwt_issuer = (char *)(uintptr_t)"otherbank";
	ck_assert_int_eq(sb_token_verify(&cfg, t, NOW, &c), -1);
	setup();
	use_key("another-key-0123456789-abcdefghijkl");
	ck_assert_int_eq(sb_token_verify(&cfg, t, NOW, &c), -1);
	free(t);
}
END_TEST

START_TEST(test_forged_good_token_verifies)
{
	struct sb_claims	 c;
	char			*t = forge(JWT_ALG_HS256, SECRET, GOOD_CLAIMS);

	ck_assert_int_eq(sb_token_verify(&cfg, t, NOW, &c), 0);
	free(t);
}
END_TEST

START_TEST(test_other_algorithms_refused)
{
	struct sb_claims	 c;
	char			*t;

	/* libjwt 1.10 verifies these with the same key: we must not. */
	t = forge(JWT_ALG_HS512, SECRET, GOOD_CLAIMS);
	ck_assert_int_eq(sb_token_verify(&cfg, t, NOW, &c), -1);
	free(t);
	t = forge(JWT_ALG_HS384, SECRET, GOOD_CLAIMS);
	ck_assert_int_eq(sb_token_verify(&cfg, t, NOW, &c), -1);
	free(t);
	t = forge(JWT_ALG_NONE, NULL, GOOD_CLAIMS);
	ck_assert_int_eq(sb_token_verify(&cfg, t, NOW, &c), -1);
	free(t);
}
END_TEST

/*
 * A token with exactly this header and these claims, signed HS256 with
 * SECRET by hand (libjwt writes its own header).
 */
static char *
sign_raw(const char *header, const char *claims)
{
	uint8_t		 mac[EVP_MAX_MD_SIZE];
	unsigned	 maclen = 0;
	char		*h, *c, *sig, *out;
	size_t		 hl, cl, sl;

	h = sb_base64_encode((const uint8_t *)header, strlen(header), &hl);
	c = sb_base64_encode((const uint8_t *)claims, strlen(claims), &cl);
	ck_assert_ptr_nonnull(h);
	ck_assert_ptr_nonnull(c);
	out = malloc(hl + cl + 128);
	ck_assert_ptr_nonnull(out);
	snprintf(out, hl + cl + 128, "%s.%s", h, c);
	ck_assert_ptr_nonnull(HMAC(EVP_sha256(), SECRET, (int)strlen(SECRET),
	    (const uint8_t *)out, strlen(out), mac, &maclen));
	sig = sb_base64_encode(mac, maclen, &sl);
	strcat(out, ".");
	strcat(out, sig);
	/* base64 to base64url, unpadded */
	for (char *p = out; *p != '\0'; p++)
		*p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
	while (out[strlen(out) - 1] == '=')
		out[strlen(out) - 1] = '\0';
	for (char *p = out; (p = strstr(p, "=.")) != NULL;)
		memmove(p, p + 1, strlen(p));
	for (char *p = out; (p = strstr(p, "=.")) != NULL;)
		memmove(p, p + 1, strlen(p));
	free(h);
	free(c);
	free(sig);
	return out;
}

static const struct {
	const char	*header;
	int		 ok;
} headers[] = {
	{ "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", 0 },
	{ "{\"alg\":\"HS256\"}", 0 },
	/* The algorithm exactly as RFC 7518 spells it. */
	{ "{\"alg\":\"hs256\",\"typ\":\"JWT\"}", -1 },
	{ "{\"alg\":\"Hs256\",\"typ\":\"JWT\"}", -1 },
	/* An extension we do not understand must be refused. */
	{ "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"crit\":[\"exp\"]}", -1 },
	{ "{\"alg\":\"HS256\",\"crit\":[]}", -1 },
	{ "{\"alg\":\"HS256\",\"typ\":\"JWE\"}", -1 },
	{ "{\"alg\":\"HS256\",\"alg\":\"none\"}", -1 },	/* duplicate key */
	{ "{\"typ\":\"JWT\"}", -1 },
	{ "[\"HS256\"]", -1 },
};

START_TEST(test_header_is_exact)
{
	struct sb_claims	 c;
	char			*t = sign_raw(headers[_i].header, GOOD_CLAIMS);

	ck_assert_int_eq(sb_token_verify(&cfg, t, NOW, &c), headers[_i].ok);
	free(t);
}
END_TEST

/* exp - iat may not pass the configured lifetime (30 min) plus the skew. */
START_TEST(test_lifetime_is_bounded)
{
	struct sb_claims	 c;
	char			*t;

	t = forge(JWT_ALG_HS256, SECRET, "{\"sub\":\"" UID "\",\"role\":"
	    "\"customer\",\"email\":\"a@b.co\",\"iat\":1761379200,"
	    "\"exp\":1761381060,\"iss\":\"smartbank\",\"jti\":\"j1\"}");
	ck_assert_int_eq(sb_token_verify(&cfg, t, NOW, &c), 0);	/* 1800 + 60 */
	free(t);
	t = forge(JWT_ALG_HS256, SECRET, "{\"sub\":\"" UID "\",\"role\":"
	    "\"customer\",\"email\":\"a@b.co\",\"iat\":1761379200,"
	    "\"exp\":1761381061,\"iss\":\"smartbank\",\"jti\":\"j1\"}");
	ck_assert_int_eq(sb_token_verify(&cfg, t, NOW, &c), -1);
	free(t);
	/* A year-long token signed with the right key: still refused. */
	t = forge(JWT_ALG_HS256, SECRET, "{\"sub\":\"" UID "\",\"role\":"
	    "\"customer\",\"email\":\"a@b.co\",\"iat\":1761379200,"
	    "\"exp\":1792915200,\"iss\":\"smartbank\",\"jti\":\"j1\"}");
	ck_assert_int_eq(sb_token_verify(&cfg, t, NOW, &c), -1);
	free(t);
}
END_TEST

static const char *const bad_claims[] = {
	/* each differs from GOOD_CLAIMS in one way */
	"{\"role\":\"customer\",\"email\":\"a@b.co\",\"iat\":1761379200,\"exp\":1761381000,\"iss\":\"smartbank\",\"jti\":\"j1\"}",
	"{\"sub\":\"not-an-object-id\",\"role\":\"customer\",\"email\":\"a@b.co\",\"iat\":1761379200,\"exp\":1761381000,\"iss\":\"smartbank\",\"jti\":\"j1\"}",
	"{\"sub\":\"" UID "\",\"role\":\"admin\",\"email\":\"a@b.co\",\"iat\":1761379200,\"exp\":1761381000,\"iss\":\"smartbank\",\"jti\":\"j1\"}",
	"{\"sub\":\"" UID "\",\"email\":\"a@b.co\",\"iat\":1761379200,\"exp\":1761381000,\"iss\":\"smartbank\",\"jti\":\"j1\"}",
	"{\"sub\":\"" UID "\",\"role\":\"customer\",\"iat\":1761379200,\"exp\":1761381000,\"iss\":\"smartbank\",\"jti\":\"j1\"}",
	"{\"sub\":\"" UID "\",\"role\":\"customer\",\"email\":\"a@b.co\",\"exp\":1761381000,\"iss\":\"smartbank\",\"jti\":\"j1\"}",
	"{\"sub\":\"" UID "\",\"role\":\"customer\",\"email\":\"a@b.co\",\"iat\":1761379200,\"iss\":\"smartbank\",\"jti\":\"j1\"}",
	"{\"sub\":\"" UID "\",\"role\":\"customer\",\"email\":\"a@b.co\",\"iat\":1761379200,\"exp\":\"1761381000\",\"iss\":\"smartbank\",\"jti\":\"j1\"}",
	"{\"sub\":\"" UID "\",\"role\":\"customer\",\"email\":\"a@b.co\",\"iat\":1761379200,\"exp\":1761381000.5,\"iss\":\"smartbank\",\"jti\":\"j1\"}",
	"{\"sub\":\"" UID "\",\"role\":\"customer\",\"email\":\"a@b.co\",\"iat\":1761379200,\"exp\":1761379100,\"iss\":\"smartbank\",\"jti\":\"j1\"}",
	"{\"sub\":\"" UID "\",\"role\":\"customer\",\"email\":\"a@b.co\",\"iat\":1761389200,\"exp\":1761399000,\"iss\":\"smartbank\",\"jti\":\"j1\"}",
	"{\"sub\":\"" UID "\",\"role\":\"customer\",\"email\":\"a@b.co\",\"iat\":1761379200,\"exp\":1761381000,\"jti\":\"j1\"}",
	"{\"sub\":\"" UID "\",\"role\":\"customer\",\"email\":\"a@b.co\",\"iat\":1761379200,\"exp\":1761381000,\"iss\":\"evil\",\"jti\":\"j1\"}",
	"{\"sub\":\"" UID "\",\"role\":\"customer\",\"email\":\"a@b.co\",\"iat\":1761379200,\"exp\":1761381000,\"iss\":\"smartbank\"}",
	"{\"sub\":[\"" UID "\"],\"role\":\"customer\",\"email\":\"a@b.co\",\"iat\":1761379200,\"exp\":1761381000,\"iss\":\"smartbank\",\"jti\":\"j1\"}",
};

START_TEST(test_bad_claims_refused)
{
	struct sb_claims	 c;
	char			*t = forge(JWT_ALG_HS256, SECRET, bad_claims[_i]);

	ck_assert_int_eq(sb_token_verify(&cfg, t, NOW + 60, &c), -1);
	free(t);
}
END_TEST

/* Signed with our key, but not one JSON object of claims. */
static const char *const bad_payloads[] = {
	"[1]",
	"\"claims\"",
	"{\"sub\":\"" UID "\",\"sub\":\"" UID "\",\"role\":\"customer\",\"email\":\"a@b.co\",\"iat\":1761379200,\"exp\":1761381000,\"iss\":\"smartbank\",\"jti\":\"j1\"}",
	"{\"sub\":\"" UID "\",\"role\":\"customer\",\"email\":\"a@b.co\",\"iat\":1761379200,\"exp\":1761381000,\"iss\":\"smartbank\",\"jti\":\"j1\"} x",
	"",
};

START_TEST(test_bad_payloads_refused)
{
	struct sb_claims	 c;
	char			*t = sign_raw("{\"alg\":\"HS256\"}", bad_payloads[_i]);

	ck_assert_int_eq(sb_token_verify(&cfg, t, NOW + 60, &c), -1);
	free(t);
}
END_TEST

START_TEST(test_mangled_tokens_refused)
{
	struct sb_claims	 c;
	char			*t = forge(JWT_ALG_HS256, SECRET, GOOD_CLAIMS);
	char			*copy = strdup(t), *dot, big[SB_TOKEN_MAX + 2];

	/* A changed payload character breaks the signature. */
	dot = strchr(copy, '.');
	dot[5] = dot[5] == 'A' ? 'B' : 'A';
	ck_assert_int_eq(sb_token_verify(&cfg, copy, NOW, &c), -1);
	/* A stripped signature, with or without its dot. */
	strcpy(copy, t);
	*strrchr(copy, '.') = '\0';
	ck_assert_int_eq(sb_token_verify(&cfg, copy, NOW, &c), -1);
	strcpy(copy, t);
	strrchr(copy, '.')[1] = '\0';
	ck_assert_int_eq(sb_token_verify(&cfg, copy, NOW, &c), -1);
	/* A fourth part, empty or not. */
	snprintf(big, sizeof(big), "%s.", t);
	ck_assert_int_eq(sb_token_verify(&cfg, big, NOW, &c), -1);
	snprintf(big, sizeof(big), "%s.AAAA", t);
	ck_assert_int_eq(sb_token_verify(&cfg, big, NOW, &c), -1);
	/*
	 * The signature's last character carries 4 bits and 2 unused ones
	 * (43 characters for 32 bytes): with an unused bit set it decodes to
	 * the same bytes, but is not canonical base64url.
	 */
	strcpy(copy, t);
	dot = copy + strlen(copy) - 1;
	ck_assert_uint_eq(strlen(strrchr(copy, '.') + 1), 43);
	*dot = B64URL[(strchr(B64URL, *dot) - B64URL) ^ 1];
	ck_assert_int_eq(sb_token_verify(&cfg, copy, NOW, &c), -1);
	/* A signature one byte short or long. */
	strcpy(copy, t);
	copy[strlen(copy) - 1] = '\0';
	ck_assert_int_eq(sb_token_verify(&cfg, copy, NOW, &c), -1);
	snprintf(big, sizeof(big), "%sAAAA", t);
	ck_assert_int_eq(sb_token_verify(&cfg, big, NOW, &c), -1);
	ck_assert_int_eq(sb_token_verify(&cfg, "", NOW, &c), -1);
	ck_assert_int_eq(sb_token_verify(&cfg, "a.b.c", NOW, &c), -1);
	ck_assert_int_eq(sb_token_verify(&cfg, "not a token", NOW, &c), -1);
	memset(big, 'A', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(sb_token_verify(&cfg, big, NOW, &c), -1);
	free(copy);
	free(t);
}
END_TEST

START_TEST(test_bcrypt)
{
	char h[SB_HASH_MAX];

	ck_assert_int_eq(sb_password_hash("securepass123", 4, h), 0);
	ck_assert(strncmp(h, "$2b$04$", 7) == 0);
	ck_assert_int_eq(sb_password_verify("securepass123", h), 1);
	ck_assert_int_eq(sb_password_verify("securepass124", h), 0);
	ck_assert_int_eq(sb_password_verify("", h), 0);
	ck_assert_int_eq(sb_password_verify("securepass123", "*0"), 0);
	ck_assert_int_eq(sb_password_verify("securepass123", ""), 0);
	/* Hashes made by Python's bcrypt, as the earlier version stored them. */
	ck_assert_int_eq(sb_password_verify("password",
	    "$2b$04$QU6Lc9ydgQtufjiFA7UgVOoEBtnpL3h2a55cdsskIOrY75n0QKzSq"), 1);
	ck_assert_int_eq(sb_password_verify("password",
	    "$2a$04$kH/sxRNCZEItP7uzBTpXCO5af07ZKpt8/yEFI631BDqwPktAn/y/q"), 1);
	ck_assert_int_eq(sb_password_verify("passwore",
	    "$2b$04$QU6Lc9ydgQtufjiFA7UgVOoEBtnpL3h2a55cdsskIOrY75n0QKzSq"), 0);
}
END_TEST

static Suite *
token_suite(void)
{
	Suite	*s = suite_create("token");
	TCase	*tc = tcase_create("token");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_issue_then_verify);
	tcase_add_test(tc, test_forged_good_token_verifies);
	tcase_add_test(tc, test_other_algorithms_refused);
	tcase_add_loop_test(tc, test_header_is_exact, 0, SB_NELEM(headers));
	tcase_add_test(tc, test_lifetime_is_bounded);
	tcase_add_loop_test(tc, test_bad_claims_refused, 0,
	    SB_NELEM(bad_claims));
	tcase_add_loop_test(tc, test_bad_payloads_refused, 0,
	    SB_NELEM(bad_payloads));
	tcase_add_test(tc, test_mangled_tokens_refused);
	tcase_add_test(tc, test_bcrypt);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(token_suite)
