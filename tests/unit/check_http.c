/*
 * check_http.c -- reason phrases, error bodies and the JSON content types.
 */
#include "config.h"

#include <stdlib.h>

#include "check_main.h"
#include "base/http.h"
#include "base/json.h"

START_TEST(test_reasons)
{
	ck_assert_str_eq(sb_http_reason(200), "OK");
	ck_assert_str_eq(sb_http_reason(201), "Created");
	ck_assert_str_eq(sb_http_reason(401), "Unauthorized");
	ck_assert_str_eq(sb_http_reason(405), "Method Not Allowed");
	ck_assert_str_eq(sb_http_reason(413), "Content Too Large");
	ck_assert_str_eq(sb_http_reason(422), "Unprocessable Content");
	ck_assert_str_eq(sb_http_reason(429), "Too Many Requests");
	ck_assert_str_eq(sb_http_reason(503), "Service Unavailable");
	ck_assert_str_eq(sb_http_reason(299), "Unknown");
}
END_TEST

START_TEST(test_error_body)
{
	char *s = sb_http_error_body("Not Found");

	ck_assert_str_eq(s, "{\"detail\":\"Not Found\"}");
	free(s);
	/* Quotes and control characters are escaped, never raw. */
	s = sb_http_error_body("a \"b\"\n");
	ck_assert_str_eq(s, "{\"detail\":\"a \\\"b\\\"\\n\"}");
	free(s);
}
END_TEST

START_TEST(test_validation_body)
{
	cJSON	*errs = cJSON_CreateArray();
	char	*s;

	sb_verr_add(errs, "body", "email", "Field required", "missing");
	sb_verr_add(errs, "body", NULL, "Input should be a JSON object",
	    "model_attributes_type");
	s = sb_http_validation_body(errs);
	ck_assert_str_eq(s, "{\"detail\":["
	    "{\"loc\":[\"body\",\"email\"],\"msg\":\"Field required\","
	    "\"type\":\"missing\"},"
	    "{\"loc\":[\"body\"],\"msg\":\"Input should be a JSON object\","
	    "\"type\":\"model_attributes_type\"}]}");
	free(s);
	cJSON_Delete(errs);
}
END_TEST

static const struct {
	const char	*ct;
	int		 ok;
} content_types[] = {
	{ "application/json", 1 },
	{ "application/json; charset=utf-8", 1 },
	{ "application/json;charset=UTF-8", 1 },
	{ "Application/JSON", 1 },
	{ "application/json; charset=\"utf-8\"", 1 },
	{ "application/problem+json", 1 },
	{ "application/vnd.api+json; charset=utf8", 1 },
	{ "  application/json  ", 1 },
	{ NULL, 0 },
	{ "", 0 },
	{ "text/plain", 0 },
	{ "application/x-www-form-urlencoded", 0 },
	{ "multipart/form-data; boundary=x", 0 },
	{ "application/jsonp", 0 },
	{ "application/json; charset=latin-1", 0 },
	{ "application/+json", 0 },
	{ "application/json/x", 0 },
	{ "application/xjson", 0 },
	{ "text/json", 0 },
};

START_TEST(test_is_json)
{
	ck_assert_msg(sb_http_is_json(content_types[_i].ct) ==
	    content_types[_i].ok, "%s", content_types[_i].ct ?
	    content_types[_i].ct : "(null)");
}
END_TEST

static Suite *
http_suite(void)
{
	Suite	*s = suite_create("http");
	TCase	*tc = tcase_create("http");

	tcase_add_test(tc, test_reasons);
	tcase_add_test(tc, test_error_body);
	tcase_add_test(tc, test_validation_body);
	tcase_add_loop_test(tc, test_is_json, 0,
	    SB_NELEM(content_types));
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(http_suite)
