/*
 * check_query.c -- reading the query string: the first value of a key,
 * percent-decoded, '+' as a space; malformed and over-long values refused.
 */
#include "config.h"

#include <string.h>

#include "check_main.h"
#include "base/model.h"
#include "base/query.h"

static const struct {
	const char	*qs, *key;
	int		 found;		/* SB_FOUND, SB_NOTFOUND, SB_ERR */
	const char	*value;
} cases[] = {
	{ "limit=5", "limit", SB_FOUND, "5" },
	{ "a=1&limit=5&b=2", "limit", SB_FOUND, "5" },
	{ "limit=5&limit=6", "limit", SB_FOUND, "5" },		/* the first */
	{ "limit=", "limit", SB_FOUND, "" },
	{ "limit", "limit", SB_FOUND, "" },
	{ "limits=5", "limit", SB_NOTFOUND, NULL },
	{ "xlimit=5", "limit", SB_NOTFOUND, NULL },
	{ "", "limit", SB_NOTFOUND, NULL },
	{ "a=1&&b=2", "b", SB_FOUND, "2" },
	{ "at=08%3A00%3A00Z", "at", SB_FOUND, "08:00:00Z" },
	{ "q=a+b", "q", SB_FOUND, "a b" },
	{ "q=%41%62", "q", SB_FOUND, "Ab" },
	{ "q=%4", "q", SB_ERR, NULL },			/* short escape */
	{ "q=%zz", "q", SB_ERR, NULL },			/* not hex */
	{ "q=%00", "q", SB_ERR, NULL },			/* a NUL */
	{ "q=0123456789abcdef", "q", SB_ERR, NULL },	/* longer than 15 */
	{ "q=0123456789abcde", "q", SB_FOUND, "0123456789abcde" },
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

	ck_assert_int_eq(sb_query_get(NULL, "a", out, sizeof(out)), SB_NOTFOUND);
	ck_assert_int_eq(sb_query_get("a=1", "a", out, 0), SB_ERR);
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
