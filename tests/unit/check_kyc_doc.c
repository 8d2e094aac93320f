/*
 * check_kyc_doc.c -- what store/kyc_doc.c computes without a database: a
 * submission's place in the review queue.  Its queue_key orders as
 * (submitted_at, _id), and holds no character that a JSON string escapes
 * or that sorts below its closing quote, which the local database's
 * ordered index walk needs.
 */
#include "config.h"

#include <string.h>

#include "check_main.h"
#include "store/kyc_doc.h"

START_TEST(test_form)
{
	bson_oid_t	id;
	char		key[SB_KYC_QUEUE_KEY_SIZE];

	bson_oid_init_from_string(&id, "671bd890abcdef0123456789");
	sb_kyc_queue_key(1764284832123, &id, key);
	ck_assert_str_eq(key, "2025-11-27T23:07:12.123Z/671bd890abcdef0123456789");
	sb_kyc_queue_key(0, &id, key);
	ck_assert_str_eq(key, "1970-01-01T00:00:00.000Z/671bd890abcdef0123456789");
	for (const char *p = key; *p != '\0'; p++)
		ck_assert_msg(*p > '"' && *p != '\\' && *p < 0x7f, "%s", key);
}
END_TEST

/* Pairs in (submitted_at, _id) order: their keys compare the same way. */
static const struct {
	int64_t		 at;
	const char	*id;
} order[] = {
	{ 999, "ffffffffffffffffffffffff" },		/* 0.999 s */
	{ 1000, "000000000000000000000000" },		/* a second's digit */
	{ 1000, "000000000000000000000001" },		/* same time: the id */
	{ 1000, "00000000000000000000000a" },
	{ 1000, "0000000000000000000000f0" },
	{ 9999999, "000000000000000000000000" },	/* more digits of time */
	{ 1764284832123, "671bd890abcdef0123456789" },
	{ 1764284832124, "000000000000000000000000" },
	{ 253402300799999, "000000000000000000000000" },	/* 9999-12-31 */
};

START_TEST(test_order)
{
	bson_oid_t	a, b;
	char		ka[SB_KYC_QUEUE_KEY_SIZE], kb[SB_KYC_QUEUE_KEY_SIZE];

	bson_oid_init_from_string(&a, order[_i].id);
	bson_oid_init_from_string(&b, order[_i + 1].id);
	sb_kyc_queue_key(order[_i].at, &a, ka);
	sb_kyc_queue_key(order[_i + 1].at, &b, kb);
	ck_assert_msg(strcmp(ka, kb) < 0, "%s !< %s", ka, kb);
}
END_TEST

static Suite *
kyc_doc_suite(void)
{
	Suite	*s = suite_create("kyc_doc");
	TCase	*tc = tcase_create("queue_key");

	tcase_add_test(tc, test_form);
	tcase_add_loop_test(tc, test_order, 0, SB_NELEM(order) - 1);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(kyc_doc_suite)
