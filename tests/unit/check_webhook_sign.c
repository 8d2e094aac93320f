/*
 * check_webhook_sign.c -- Standard Webhooks signatures against the
 * specification's own vector and the reference library's behaviour.
 */
#include "config.h"

#include <string.h>

#include "check_main.h"
#include "base/webhook_sign.h"

/* The test vector of the Standard Webhooks reference libraries. */
#define VEC_SECRET	"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
#define VEC_ID		"msg_p5jXN8AQM9LWM0D4loKWxJek"
#define VEC_TS		1614265330
#define VEC_BODY	"{\"test\": 2432232314}"
#define VEC_SIG		"v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

START_TEST(test_reference_vector)
{
	uint8_t	secret[SB_WEBHOOK_SECRET_MAX];
	char	sig[SB_WEBHOOK_SIG_SIZE];
	ssize_t	n = sb_whsec_parse(VEC_SECRET, secret);

	ck_assert_int_eq(n, 24);
	ck_assert_int_eq(sb_webhook_sign(secret, (size_t)n, VEC_ID, VEC_TS,
	    VEC_BODY, strlen(VEC_BODY), sig), SB_OK);
	ck_assert_str_eq(sig, VEC_SIG);
	/* Another id, time or body: another signature. */
	ck_assert_int_eq(sb_webhook_sign(secret, (size_t)n, VEC_ID, VEC_TS + 1,
	    VEC_BODY, strlen(VEC_BODY), sig), SB_OK);
	ck_assert_str_ne(sig, VEC_SIG);
	ck_assert_int_eq(sb_webhook_sign(secret, (size_t)n, VEC_ID, VEC_TS,
	    "{\"test\": 2432232315}", strlen(VEC_BODY), sig), SB_OK);
	ck_assert_str_ne(sig, VEC_SIG);
}
END_TEST

START_TEST(test_secret_round_trip)
{
	uint8_t	secret[SB_WEBHOOK_SECRET_LEN], back[SB_WEBHOOK_SECRET_MAX];
	char	text[SB_WHSEC_SIZE];

	for (size_t i = 0; i < sizeof(secret); i++)
		secret[i] = (uint8_t)(i * 37 + 11);
	sb_whsec_format(secret, text);
	ck_assert_uint_eq(strlen(text), SB_WHSEC_SIZE - 1);
	ck_assert(strncmp(text, "whsec_", 6) == 0);
	ck_assert_int_eq(sb_whsec_parse(text, back), SB_WEBHOOK_SECRET_LEN);
	ck_assert(memcmp(secret, back, sizeof(secret)) == 0);
	/* The prefix is optional, as the libraries take it. */
	ck_assert_int_eq(sb_whsec_parse(text + 6, back), SB_WEBHOOK_SECRET_LEN);
}
END_TEST

START_TEST(test_not_secrets)
{
	uint8_t out[SB_WEBHOOK_SECRET_MAX];

	ck_assert_int_eq(sb_whsec_parse("whsec_", out), -1);
	ck_assert_int_eq(sb_whsec_parse("whsec_not base64!", out), -1);
	ck_assert_int_eq(sb_whsec_parse("", out), -1);
	/* More than 64 bytes. */
	ck_assert_int_eq(sb_whsec_parse("whsec_"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	    out), -1);
}
END_TEST

static Suite *
webhook_sign_suite(void)
{
	Suite	*s = suite_create("webhook_sign");
	TCase	*tc = tcase_create("sign");

	tcase_add_test(tc, test_reference_vector);
	tcase_add_test(tc, test_secret_round_trip);
	tcase_add_test(tc, test_not_secrets);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(webhook_sign_suite)
