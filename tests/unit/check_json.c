/*
 * check_json.c -- strict body parsing, UTF-8 checks and typed getters.
 */
#include "config.h"

#include <string.h>

#include "check_main.h"
#include "base/json.h"

static const struct {
	const char	*body;
	size_t		 len;		/* 0: strlen(body) */
	enum sb_json_rc	 rc;
} bodies[] = {
	{ "{}", 0, SB_JSON_OK },
	{ "{\"a\":1}", 0, SB_JSON_OK },
	{ " \r\n{\"a\":\"b\"} \n\t", 0, SB_JSON_OK },
	{ "{\"a\":{\"b\":[1,2,{\"c\":null}]}}", 0, SB_JSON_OK },
	{ "{\"a\":\"\\\\u0000\"}", 0, SB_JSON_OK },	/* an escaped backslash */
	{ "{\"a\":\"\\u00e9\"}", 0, SB_JSON_OK },
	{ "", 0, SB_JSON_MALFORMED },
	{ " ", 0, SB_JSON_MALFORMED },
	{ "{", 0, SB_JSON_MALFORMED },
	{ "{\"a\":1,}", 0, SB_JSON_MALFORMED },
	{ "{\"a\":1}x", 0, SB_JSON_MALFORMED },
	{ "{\"a\":1}{}", 0, SB_JSON_MALFORMED },
	{ "{'a':1}", 0, SB_JSON_MALFORMED },
	{ "{\"a\":1,\"a\":2}", 0, SB_JSON_MALFORMED },
	{ "{\"a\":{\"b\":1,\"b\":1}}", 0, SB_JSON_MALFORMED },
	{ "{\"a\":1}\0", 8, SB_JSON_MALFORMED },
	{ "[]", 0, SB_JSON_NOT_OBJECT },
	{ "[{\"a\":1}]", 0, SB_JSON_NOT_OBJECT },
	{ "\"text\"", 0, SB_JSON_NOT_OBJECT },
	{ "42", 0, SB_JSON_NOT_OBJECT },
	{ "null", 0, SB_JSON_NOT_OBJECT },
	{ "{\"p\":\"a\\u0000b\"}", 0, SB_JSON_NUL },
	{ "{\"a\\u0000\":1}", 0, SB_JSON_NUL },
	{ "{\"p\":\"\\\\\\u0000\"}", 0, SB_JSON_NUL },	/* \\ then \u0000 */
};

START_TEST(test_parse_object)
{
	cJSON		*o = NULL;
	size_t		 len = bodies[_i].len ? bodies[_i].len :
	    strlen(bodies[_i].body);
	enum sb_json_rc	 rc = sb_json_parse_object(bodies[_i].body, len, &o);

	ck_assert_msg(rc == bodies[_i].rc, "body %zu: got %d", (size_t)_i,
	    (int)rc);
	ck_assert((o != NULL) == (rc == SB_JSON_OK));
	cJSON_Delete(o);
}
END_TEST

static const struct {
	const char	*s;
	int		 ok;
} utf8[] = {
	{ "", 1 },
	{ "plain ascii", 1 },
	{ "J\xc3\xa9r\xc3\xb4me", 1 },			/* Jérôme */
	{ "\xe0\xa4\xb9\xe0\xa4\xbf", 1 },		/* Devanagari */
	{ "\xf0\x9f\x98\x80", 1 },			/* U+1F600 */
	{ "\xf4\x8f\xbf\xbf", 1 },			/* U+10FFFF */
	{ "\xc3", 0 },					/* truncated */
	{ "\xe0\xa4", 0 },
	{ "\xc0\xaf", 0 },				/* overlong '/' */
	{ "\xe0\x80\xaf", 0 },				/* overlong */
	{ "\xed\xa0\x80", 0 },				/* surrogate */
	{ "\xf4\x90\x80\x80", 0 },			/* > U+10FFFF */
	{ "\xff", 0 },
	{ "\x80", 0 },
	{ "a\xc3(", 0 },
};

START_TEST(test_utf8)
{
	ck_assert_msg(sb_utf8_valid(utf8[_i].s, strlen(utf8[_i].s)) ==
	    utf8[_i].ok, "case %zu", (size_t)_i);
}
END_TEST

START_TEST(test_utf8_len)
{
	ck_assert_uint_eq(sb_utf8_len(""), 0);
	ck_assert_uint_eq(sb_utf8_len("abc"), 3);
	ck_assert_uint_eq(sb_utf8_len("J\xc3\xa9r\xc3\xb4me"), 6);
	ck_assert_uint_eq(sb_utf8_len("\xf0\x9f\x98\x80!"), 2);
}
END_TEST

START_TEST(test_string_getter)
{
	cJSON		*o = NULL, *errs = cJSON_CreateArray();
	const char	*body = "{\"email\":\"a@b.co\",\"n\":5,\"o\":{\"$ne\":null},"
	    "\"bad\":\"\xc3(\",\"nul\":null,\"Email\":\"x\"}";
	char		*out;

	ck_assert_int_eq(sb_json_parse_object(body, strlen(body), &o),
	    SB_JSON_OK);
	ck_assert_str_eq(sb_json_string(o, "email", 1, errs), "a@b.co");
	ck_assert_ptr_null(sb_json_string(o, "n", 1, errs));
	ck_assert_ptr_null(sb_json_string(o, "o", 1, errs));
	ck_assert_ptr_null(sb_json_string(o, "bad", 1, errs));
	ck_assert_ptr_null(sb_json_string(o, "missing", 1, errs));
	ck_assert_ptr_null(sb_json_string(o, "optional", 0, errs));
	ck_assert_ptr_null(sb_json_string(o, "nul", 0, errs));
	ck_assert_ptr_null(sb_json_string(o, "nul", 1, errs));
	/* Member names are case-sensitive: "Email" is another field. */
	ck_assert_str_eq(sb_json_string(o, "Email", 1, errs), "x");
	ck_assert_int_eq(cJSON_GetArraySize(errs), 5);
	out = cJSON_PrintUnformatted(errs);
	ck_assert_str_eq(out, "["
	    "{\"loc\":[\"body\",\"n\"],\"msg\":\"Input should be a valid string\",\"type\":\"string_type\"},"
	    "{\"loc\":[\"body\",\"o\"],\"msg\":\"Input should be a valid string\",\"type\":\"string_type\"},"
	    "{\"loc\":[\"body\",\"bad\"],\"msg\":\"Input should be valid UTF-8\",\"type\":\"string_unicode\"},"
	    "{\"loc\":[\"body\",\"missing\"],\"msg\":\"Field required\",\"type\":\"missing\"},"
	    "{\"loc\":[\"body\",\"nul\"],\"msg\":\"Input should be a valid string\",\"type\":\"string_type\"}"
	    "]");
	cJSON_free(out);
	cJSON_Delete(errs);
	cJSON_Delete(o);
}
END_TEST

static Suite *
json_suite(void)
{
	Suite	*s = suite_create("json");
	TCase	*tc = tcase_create("json");

	tcase_add_loop_test(tc, test_parse_object, 0,
	    SB_NELEM(bodies));
	tcase_add_loop_test(tc, test_utf8, 0, SB_NELEM(utf8));
	tcase_add_test(tc, test_utf8_len);
	tcase_add_test(tc, test_string_getter);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(json_suite)
