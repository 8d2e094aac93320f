/*
 * check_id.c -- the one ObjectId parser and the one hex encoder.
 */
#include "config.h"

#include <string.h>

#include "check_main.h"
#include "base/id.h"

static const struct {
	const char	*s;
	int		 found;
} ids[] = {
	{ "671bd890abcdef0123456789", SB_FOUND },
	{ "671BD890ABCDEF0123456789", SB_FOUND },	/* either case */
	{ "000000000000000000000000", SB_FOUND },
	{ "671bd890abcdef012345678", SB_NOTFOUND },	/* 23 */
	{ "671bd890abcdef01234567890", SB_NOTFOUND },	/* 25 */
	{ "671bd890abcdef012345678g", SB_NOTFOUND },
	{ "671bd890abcdef01234567 9", SB_NOTFOUND },
	{ "", SB_NOTFOUND },
	{ "zzzzzzzzzzzzzzzzzzzzzzzz", SB_NOTFOUND },
};

START_TEST(test_parse)
{
	bson_oid_t	oid;
	char		back[25];
	const char	*s = ids[_i].s;

	ck_assert_int_eq(sb_id_parse(s, strlen(s), &oid), ids[_i].found);
	ck_assert_int_eq(sb_id_parse(s, strlen(s), NULL), ids[_i].found);
	if (ids[_i].found == SB_FOUND) {
		bson_oid_to_string(&oid, back);
		ck_assert_int_eq(strcasecmp(back, s), 0);
	}
}
END_TEST

/* The length given counts, not the NUL: a path segment is not terminated. */
START_TEST(test_parse_span)
{
	const char *path = "671bd890abcdef0123456789/approve";

	ck_assert_int_eq(sb_id_parse(path, 24, NULL), SB_FOUND);
	ck_assert_int_eq(sb_id_parse(path, 25, NULL), SB_NOTFOUND);
}
END_TEST

START_TEST(test_hex)
{
	static const uint8_t	bytes[] = { 0x00, 0x01, 0x7f, 0x80, 0xab, 0xff };
	char			out[2 * sizeof(bytes) + 1];

	sb_hex_encode(bytes, sizeof(bytes), out);
	ck_assert_str_eq(out, "00017f80abff");
	sb_hex_encode(bytes, 0, out);
	ck_assert_str_eq(out, "");
}
END_TEST

static Suite *
id_suite(void)
{
	Suite	*s = suite_create("id");
	TCase	*tc = tcase_create("id");

	tcase_add_loop_test(tc, test_parse, 0, SB_NELEM(ids));
	tcase_add_test(tc, test_parse_span);
	tcase_add_test(tc, test_hex);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(id_suite)
