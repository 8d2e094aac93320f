/*
 * check_device.c -- device credentials: what is issued verifies for its
 * account, password hash and lifetime, and nothing else does.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "check_main.h"
#include "base/conf.h"
#include "base/device.h"
#include "base/hs256.h"

#define NOW	1761379200	/* 2025-10-25T08:00:00Z */
#define UID	"671be123abcdef0123456789"
#define OTHER	"671be123abcdef012345678a"
#define HASH	"$2b$04$kH/sxRNCZEItP7uzBTpXCO5af07ZKpt8/yEFI631BDqwPktAn/y/q"

static struct sb_config cfg;

static void
setup(void)
{
	memset(&cfg, 0, sizeof(cfg));
	cfg.device_mac = sb_hs256_new("device-key-0123456789abcdef0123", 32);
	ck_assert_ptr_nonnull(cfg.device_mac);
	cfg.login_device_days = 90;
}

static void
teardown(void)
{
	sb_hs256_free(cfg.device_mac);
	memset(&cfg, 0, sizeof(cfg));
}

START_TEST(test_issue_then_verify)
{
	char	cred[SB_DEVICE_MAX], again[SB_DEVICE_MAX];
	char	nonce[SB_DEVICE_NONCE_LEN + 1];

	ck_assert_int_eq(sb_device_issue(&cfg, UID, HASH, NOW, cred), SB_OK);
	ck_assert(strncmp(cred, "d1." UID ".", 28) == 0);
	ck_assert_int_eq(sb_device_verify(&cfg, cred, UID, HASH, NOW, nonce), 1);
	ck_assert_int_eq(strlen(nonce), SB_DEVICE_NONCE_LEN);
	ck_assert(strncmp(cred + 28, nonce, SB_DEVICE_NONCE_LEN) == 0);
	/* Every credential names a device of its own. */
	ck_assert_int_eq(sb_device_issue(&cfg, UID, HASH, NOW, again), SB_OK);
	ck_assert_str_ne(cred, again);
}
END_TEST

/* Bound to the account, to its password hash, to its lifetime, to the key. */
START_TEST(test_bound)
{
	char	cred[SB_DEVICE_MAX], nonce[SB_DEVICE_NONCE_LEN + 1];
	int64_t	expiry = NOW + 90 * 86400;

	ck_assert_int_eq(sb_device_issue(&cfg, UID, HASH, NOW, cred), SB_OK);
	ck_assert_int_eq(sb_device_verify(&cfg, cred, OTHER, HASH, NOW, nonce), 0);
	ck_assert_int_eq(sb_device_verify(&cfg, cred, UID, HASH "x", NOW,
	    nonce), 0);
	ck_assert_int_eq(sb_device_verify(&cfg, cred, UID, HASH, expiry - 1,
	    nonce), 1);
	ck_assert_int_eq(sb_device_verify(&cfg, cred, UID, HASH, expiry,
	    nonce), 0);
	sb_hs256_free(cfg.device_mac);
	cfg.device_mac = sb_hs256_new("another-key-0123456789abcdef012", 32);
	ck_assert_int_eq(sb_device_verify(&cfg, cred, UID, HASH, NOW, nonce), 0);
}
END_TEST

/* Any one character changed, any part cut or added: not a credential. */
START_TEST(test_tampered)
{
	char	cred[SB_DEVICE_MAX], bad[SB_DEVICE_MAX + 8];
	char	nonce[SB_DEVICE_NONCE_LEN + 1];
	size_t	len;

	ck_assert_int_eq(sb_device_issue(&cfg, UID, HASH, NOW, cred), SB_OK);
	len = strlen(cred);
	for (size_t i = 0; i < len; i++) {
		memcpy(bad, cred, len + 1);
		bad[i] = bad[i] == '1' ? '2' : '1';
		ck_assert_msg(sb_device_verify(&cfg, bad, UID, HASH, NOW,
		    nonce) == 0, "position %zu", i);
		memcpy(bad, cred, i);
		bad[i] = '\0';
		ck_assert_int_eq(sb_device_verify(&cfg, bad, UID, HASH, NOW,
		    nonce), 0);
	}
	snprintf(bad, sizeof(bad), "%s0", cred);
	ck_assert_int_eq(sb_device_verify(&cfg, bad, UID, HASH, NOW, nonce), 0);
}
END_TEST

static const char *const garbage[] = {
	"", "d1", "d1.", "d1." UID, "d1." UID ".", "d2." UID ".x.1.y",
	"d1." UID ".0123456789abcdef0123456789abcdef..",
	"d1." UID ".0123456789abcdef0123456789abcdef.99999999999999999999."
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	"d1." UID ".0123456789ABCDEF0123456789ABCDEF.1900000000."
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	"d1." UID ".0123456789abcdef0123456789abcdef.-1."
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
};

START_TEST(test_garbage_refused)
{
	char nonce[SB_DEVICE_NONCE_LEN + 1];

	ck_assert_int_eq(sb_device_verify(&cfg, garbage[_i], UID, HASH, NOW,
	    nonce), 0);
}
END_TEST

START_TEST(test_null_refused)
{
	char nonce[SB_DEVICE_NONCE_LEN + 1];

	ck_assert_int_eq(sb_device_verify(&cfg, NULL, UID, HASH, NOW, nonce),
	    0);
}
END_TEST

static Suite *
device_suite(void)
{
	Suite	*s = suite_create("device");
	TCase	*tc = tcase_create("device");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_issue_then_verify);
	tcase_add_test(tc, test_bound);
	tcase_add_test(tc, test_tampered);
	tcase_add_loop_test(tc, test_garbage_refused, 0, SB_NELEM(garbage));
	tcase_add_test(tc, test_null_refused);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(device_suite)
