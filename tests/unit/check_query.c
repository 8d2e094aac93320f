/*
 * check_query.c -- reading the query string: the first value of a key,
 * percent-decoded, '+' as a space; malformed and over-long values refused.
 */
#include "config.h"

#include <string.h>

#include "check_main.h"
#include "base/query.h"

static const struct {
	const char	*qs, *key;
	int		 found;		/* 1, 0 or -1 */
	const char	*value;
} cases[] = {
	{ "limit=5", "limit", 1, "5" },
	{ "a=1&limit=5&b=2", "limit", 1, "5" },
	{ "limit=5&limit=6", "limit", 1, "5" },		/* the first */
	{ "limit=", "limit", 1, "" },
	{ "limit", "limit", 1, "" },
	{ "limits=5", "limit", 0, NULL },
	{ "xlimit=5", "limit", 0, NULL },
	{ "", "limit", 0, NULL },
	{ "a=1&&b=2", "b", 1, "2" },
	{ "at=08%3A00%3A00Z", "at", 1, "08:00:00Z" },
	{ "q=a+b", "q", 1, "a b" },
	{ "q=%41%62", "q", 1, "Ab" },
	{ "q=%4", "q", -1, NULL },			/* short escape */
	{ "q=%zz", "q", -1, NULL },			/* not hex */
	{ "q=%00", "q", -1, NULL },			/* a NUL */
	{ "q=0123456789abcdef", "q", -1, NULL },	/* longer than 15 */
	{ "q=0123456789abcde", "q", 1, "0123456789abcde" },
};

START_TEST(test_get)
{
	char	out[16];
	int	found = sb_query_get(cases[_i].qs, cases[_i].key, out,
	    sizeof(out));

	ck_assert_int_eq(found, cases[_i].found);
	if (cases[_i].value != NULL)
		ck_assert_str_eq(out, cases[_i].value);
}
END_TEST

START_TEST(test_null_and_empty_buffer)
{
	char out[4];

	ck_assert_int_eq(sb_query_get(NULL, "a", out, sizeof(out)), 0);
	ck_assert_int_eq(sb_query_get("a=1", "a", out, 0), -1);
}
END_TEST

static Suite *
query_suite(void)
{
	Suite	*s = suite_create("query");
	TCase	*tc = tcase_create("get");

	tcase_add_loop_test(tc, test_get, 0, SB_NELEM(cases));
	tcase_add_test(tc, test_null_and_empty_buffer);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(query_suite)
