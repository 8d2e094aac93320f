/*
 * check_util.c -- ISO 8601 formatting and parsing; masking.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "check_main.h"
#include "base/util.h"

static const struct {
	int64_t		 ms;
	const char	*text;
} formats[] = {
	{ 0, "1970-01-01T00:00:00.000Z" },
	{ 1761379200000, "2025-10-25T08:00:00.000Z" },
	{ 1761384600123, "2025-10-25T09:30:00.123Z" },
	{ 951782400999, "2000-02-29T00:00:00.999Z" },
	{ -1, "1969-12-31T23:59:59.999Z" },
};

START_TEST(test_format)
{
	char out[SB_ISO8601_LEN];

	sb_iso8601(formats[_i].ms, out);
	ck_assert_str_eq(out, formats[_i].text);
}
END_TEST

static const struct {
	const char	*text;
	int		 ok;
	int64_t		 ms;
} parses[] = {
	{ "2025-10-25T08:00:00.000Z", 1, 1761379200000 },
	{ "2025-10-25T08:00:00Z", 1, 1761379200000 },
	{ "2025-10-25t08:00:00z", 1, 1761379200000 },
	{ "2025-10-25T09:30:00.123Z", 1, 1761384600123 },
	{ "2025-10-25T09:30:00.1239Z", 1, 1761384600123 },
	{ "2025-10-25T10:00:00+02:00", 1, 1761379200000 },
	{ "2025-10-25T03:30:00-04:30", 1, 1761379200000 },
	{ "2025-10-25", 1, 1761350400000 },
	{ "2000-02-29", 1, 951782400000 },
	{ "1970-01-01T00:00:00Z", 1, 0 },
	{ "", 0, 0 },
	{ "2025", 0, 0 },
	{ "2025-10-25T08:00", 0, 0 },
	{ "2025-10-25T08:00:00", 0, 0 },		/* no zone */
	{ "2025-13-01", 0, 0 },
	{ "2025-02-29", 0, 0 },
	{ "1900-02-29", 0, 0 },
	{ "2025-04-31", 0, 0 },
	{ "2025-10-25T24:00:00Z", 0, 0 },
	{ "2025-10-25T08:60:00Z", 0, 0 },
	{ "2025-10-25T08:00:00.Z", 0, 0 },
	{ "2025-10-25T08:00:00.1234567891Z", 0, 0 },
	{ "2025-10-25T08:00:00Zjunk", 0, 0 },
	{ "2025-10-25T08:00:00+0200", 0, 0 },
	{ "2025-1O-25", 0, 0 },
	{ "+2025-10-25", 0, 0 },
	{ "2025-10-25 08:00:00Z", 0, 0 },
};

START_TEST(test_parse)
{
	int64_t ms = -42;

	ck_assert_msg((sb_parse_iso8601(parses[_i].text, &ms) == 0) ==
	    parses[_i].ok, "%s", parses[_i].text);
	if (parses[_i].ok)
		ck_assert_int_eq(ms, parses[_i].ms);
}
END_TEST

START_TEST(test_clocks_move)
{
	int64_t a = sb_mono_us(), b = sb_mono_us();

	ck_assert_int_ge(b, a);
	ck_assert_int_gt(sb_now_ms(), 1700000000000);
}
END_TEST

static const struct {
	const char	*in, *out;
	size_t		 keep;
} masks[] = {
	{ "ABCDE1234F", "******234F", 4 },
	{ "1234", "1234", 4 },
	{ "123", "123", 4 },
	{ "", "", 4 },
	{ "A1234567", "****4567", 4 },
	{ "A1234567", "********", 0 },
	/* One '*' per character, not per byte; kept characters stay whole. */
	{ "\xc3\xa9\xc3\xa9X1234", "***1234", 4 },
	{ "AB\xc3\xa9\xe2\x82\xac", "AB\xc3\xa9\xe2\x82\xac", 4 },
	{ "ABC\xc3\xa9\xe2\x82\xac", "*BC\xc3\xa9\xe2\x82\xac", 4 },
};

START_TEST(test_mask)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%s", masks[_i].in);
	sb_mask_tail(buf, masks[_i].keep);
	ck_assert_str_eq(buf, masks[_i].out);
}
END_TEST

static const struct {
	const char	*in, *out;
	size_t		 cap;
} name_keys[] = {
	{ "Ann Smith", "ann smith", 64 },
	{ "  ANN \t  SMITH  ", "ann smith", 64 },
	{ "\xc3\x89lodie D'Souza", "\xc3\x89lodie d'souza", 64 },
	{ "", "", 64 },
	{ "   ", "", 64 },
	{ "Ann Smith", "ann", 4 },
	{ "Ann Smith", "ann", 5 },
	{ "Ann Smith", "ann s", 6 },
};

START_TEST(test_name_key)
{
	char buf[64];

	memset(buf, 'x', sizeof(buf));
	sb_name_key(name_keys[_i].in, buf, name_keys[_i].cap);
	ck_assert_str_eq(buf, name_keys[_i].out);
}
END_TEST

static Suite *
util_suite(void)
{
	Suite	*s = suite_create("util");
	TCase	*tc = tcase_create("time");

	tcase_add_loop_test(tc, test_format, 0,
	    SB_NELEM(formats));
	tcase_add_loop_test(tc, test_parse, 0,
	    SB_NELEM(parses));
	tcase_add_test(tc, test_clocks_move);
	suite_add_tcase(s, tc);
	tc = tcase_create("mask");
	tcase_add_loop_test(tc, test_mask, 0, SB_NELEM(masks));
	suite_add_tcase(s, tc);
	tc = tcase_create("name_key");
	tcase_add_loop_test(tc, test_name_key, 0, SB_NELEM(name_keys));
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(util_suite)
