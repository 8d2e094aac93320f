/*
 * check_password.c -- bcrypt through libcrypt: hashes verify, other
 * passwords and malformed hashes do not, and the stored cost is honoured
 * (hashes of the earlier Python version verify unchanged); and the
 * common-password check (cracklib), both ways.
 */
#include "config.h"

#include <string.h>

#include "check_main.h"
#include "base/password.h"


START_TEST(test_hash_and_verify)
{
	char h[SB_HASH_MAX];

	ck_assert_int_eq(sb_password_hash("securepass123", 4, h), SB_OK);
	ck_assert(strncmp(h, "$2b$04$", 7) == 0);
	ck_assert_int_eq(sb_password_verify("securepass123", h), 1);
	ck_assert_int_eq(sb_password_verify("securepass124", h), 0);
	ck_assert_int_eq(sb_password_verify("", h), 0);
}
END_TEST

START_TEST(test_salted)
{
	char a[SB_HASH_MAX], b[SB_HASH_MAX];

	ck_assert_int_eq(sb_password_hash("same password", 4, a), SB_OK);
	ck_assert_int_eq(sb_password_hash("same password", 4, b), SB_OK);
	ck_assert_str_ne(a, b);
}
END_TEST

static const char *const bad_hashes[] = {
	"", "x", "$2b$", "$2b$04$", "$1$abc$def", "plain-text-password",
	"$2b$99$Wbp7Jr0g3bQbG7a0.Y7Ytu7OZvH5yqBJn1uFZxS9nHzIYrPOrJ1/O",
};

START_TEST(test_malformed_hash_never_matches)
{
	ck_assert_int_eq(sb_password_verify("plain-text-password",
	    bad_hashes[_i]), 0);
}
END_TEST

/* The cost is read from the hash, not from configuration. */
START_TEST(test_cost_from_the_hash)
{
	char h[SB_HASH_MAX];

	ck_assert_int_eq(sb_password_hash("pw-of-cost-5", 5, h), SB_OK);
	ck_assert(strncmp(h, "$2b$05$", 7) == 0);
	ck_assert_int_eq(sb_password_verify("pw-of-cost-5", h), 1);
}
END_TEST

START_TEST(test_burn_checks_any_password_and_matches_none)
{
	ck_assert_int_eq(sb_password_burn_prepare(4), 0);
	ck_assert_int_eq(sb_password_burn("whatever"), 0);
	ck_assert_int_eq(sb_password_burn(""), 0);
	/* Not what it was made from: a fresh random hash each time. */
	ck_assert_int_eq(sb_password_burn_prepare(4), 0);
	ck_assert_int_eq(sb_password_burn("securepass123"), 0);
}
END_TEST

/* why: NULL for a good password, else a part of the refusal's words. */
static const struct {
	const char	*pw;
	const char	*why;
} policy[] = {
	{ "password", "too common" }, { "password1", "too common" },
	{ "12345678", "too common" }, { "qwerty123", "too common" },
	{ "PASSWORD", "too common" }, { "QwErTy123", "too common" },
	{ "aaaaaaaaaa", "too common" }, { "abcdefgh", "too common" },
	/* What a hostile probe found cracklib let through (issue 25). */
	{ "p@ssw0rd", "common word with substitutions" },
	{ "P@55w0rd", "common word with substitutions" },
	{ "Passw0rd!", "common word with substitutions" },
	{ "Admin@123", "too easy to guess" },
	{ "Summer2024!", "too easy to guess" },
	{ "qwer1234", "too easy to guess" },
	{ "!QAZ2wsx", "keyboard pattern" },
	{ "password123!", "common word or password" },
	{ "securepass123", NULL },		/* the seed's own example */
	{ "Ledger-Falcon-4827", NULL },		/* the tests' auditors' */
	{ "correct horse battery staple", NULL },
	{ "MyDogIsNamedRex!", NULL },
	{ "9834kdf9sdf", NULL },
};

START_TEST(test_common_passwords)
{
	const char *why = sb_password_common(policy[_i].pw, NULL);

	if (policy[_i].why != NULL) {
		ck_assert_msg(why != NULL, "%s passed", policy[_i].pw);
		ck_assert_msg(strncmp(why, "Password is too ", 16) == 0 &&
		    strstr(why, policy[_i].why) != NULL, "%s: %s",
		    policy[_i].pw, why);
	} else {
		ck_assert_msg(why == NULL, "%s: %s", policy[_i].pw, why);
	}
}
END_TEST

/* A password made of the user's own email is easy to guess. */
START_TEST(test_user_words)
{
	const char *const mine[] = { "rajesh.kumar1987@example.com", NULL };

	ck_assert_ptr_null(sb_password_common("rajeshkumar1987", NULL));
	ck_assert_ptr_nonnull(sb_password_common("rajeshkumar1987", mine));
}
END_TEST

START_TEST(test_policy_ready)
{
	char err[256];

	ck_assert_int_eq(sb_password_policy_ready(err, sizeof(err)), 0);
}
END_TEST

static Suite *
password_suite(void)
{
	Suite	*s = suite_create("password");
	TCase	*tc = tcase_create("bcrypt");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_hash_and_verify);
	tcase_add_test(tc, test_salted);
	tcase_add_loop_test(tc, test_malformed_hash_never_matches, 0,
	    SB_NELEM(bad_hashes));
	tcase_add_test(tc, test_cost_from_the_hash);
	tcase_add_test(tc, test_burn_checks_any_password_and_matches_none);
	tcase_add_loop_test(tc, test_common_passwords, 0, SB_NELEM(policy));
	tcase_add_test(tc, test_user_words);
	tcase_add_test(tc, test_policy_ready);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(password_suite)
