/*
 * check_input.c -- list fields of a body (http/input.h) and the table of
 * rejection reasons (base/reasons.h): what a list takes, what it refuses
 * and why, and a table whose every code a list can name.
 */
#include "config.h"

#include <string.h>

#include <cjson/cJSON.h>

#include "check_main.h"
#include "base/reasons.h"
#include "http/input.h"

static const struct sb_field fields[] = {
	{ .name = "reasons", .required = 0, .type = "enum",
	  .check = sb_check_reason, .list = 1 },
	{ .name = "kind", .required = 0, .type = "enum",
	  .check = sb_check_reject_kind },
	{ .name = NULL },
};

/* The body last checked: its strings are what in's values point at. */
static cJSON *body;

/* json checked: the error type of its one refusal (NULL: none). */
static const char *
refusal(const char *json, struct sb_input *in)
{
	static char	 type[64];
	cJSON		*errs = cJSON_CreateArray();
	const cJSON	*item;
	int		 n;

	cJSON_Delete(body);
	body = cJSON_Parse(json);
	ck_assert_ptr_nonnull(body);
	memset(in, 0, sizeof(*in));
	n = sb_input_check(in, fields, body, errs);
	ck_assert_int_le(n, 1);
	type[0] = '\0';
	if (n == 1) {
		item = cJSON_GetArrayItem(errs, 0);
		snprintf(type, sizeof(type), "%s", cJSON_GetObjectItem(item,
		    "type")->valuestring);
	}
	cJSON_Delete(errs);
	return n == 1 ? type : NULL;
}

START_TEST(test_a_list_is_kept_joined)
{
	struct sb_input	in;

	ck_assert_ptr_null(refusal("{\"reasons\": [\"expired\", \"cropped\"], "
	    "\"kind\": \"FINAL\"}", &in));
	ck_assert_str_eq(sb_input_get(&in, "reasons"), "expired,cropped");
	ck_assert_str_eq(sb_input_get(&in, "kind"), "FINAL");
	ck_assert_ptr_null(refusal("{}", &in));
	ck_assert_ptr_null(sb_input_get(&in, "reasons"));
	ck_assert_ptr_null(refusal("{\"reasons\": null}", &in));
	ck_assert_ptr_null(sb_input_get(&in, "reasons"));
	cJSON_Delete(body);
	body = NULL;
}
END_TEST

static const struct {
	const char	*body;
	const char	*type;
} bad[] = {
	{ "{\"reasons\": \"expired\"}", "list_type" },
	{ "{\"reasons\": {}}", "list_type" },
	{ "{\"reasons\": []}", "too_short" },
	{ "{\"reasons\": [\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\"]}",
	  "too_long" },
	{ "{\"reasons\": [\"expired\", 3]}", "string_type" },
	{ "{\"reasons\": [\"expired\", \"expired\"]}", "value_error" },
	{ "{\"reasons\": [\"expired,cropped\"]}", "enum" },
	{ "{\"reasons\": [\"\"]}", "enum" },
	{ "{\"reasons\": [\"EXPIRED\"]}", "enum" },
	{ "{\"kind\": \"retry\"}", "enum" },
};

START_TEST(test_a_bad_list_is_refused)
{
	struct sb_input	 in;
	const char	*type = refusal(bad[_i].body, &in);

	ck_assert_ptr_nonnull(type);
	ck_assert_str_eq(type, bad[_i].type);
	ck_assert_ptr_null(sb_input_get(&in, "reasons"));
	cJSON_Delete(body);
	body = NULL;
}
END_TEST

/* Every code is listable, once, and says something to the customer. */
START_TEST(test_the_table_of_reasons)
{
	struct sb_input	in;
	char		all[1024] = "{\"reasons\": [";

	ck_assert_uint_le(sb_nreasons, SB_REASONS_MAX);
	for (size_t i = 0; i < sb_nreasons; i++) {
		const struct sb_reason *r = &sb_reasons[i];

		ck_assert_uint_le(strlen(r->code), SB_REASON_CODE_MAX);
		ck_assert_uint_gt(strlen(r->text), 10);
		ck_assert(strcmp(r->kind, SB_KIND_RETRY) == 0 ||
		    strcmp(r->kind, SB_KIND_FINAL) == 0);
		ck_assert_ptr_eq(sb_reason_find(r->code), r);
		strcat(all, i > 0 ? ", \"" : "\"");
		strcat(all, r->code);
		strcat(all, "\"");
	}
	strcat(all, "]}");
	ck_assert_ptr_null(refusal(all, &in));
	ck_assert_ptr_null(sb_reason_find("unspecified"));
	ck_assert_str_ne(sb_reason_next_step(SB_KIND_FINAL),
	    sb_reason_next_step(SB_KIND_RETRY));
	cJSON_Delete(body);
	body = NULL;
}
END_TEST

static Suite *
input_suite(void)
{
	Suite	*s = suite_create("input");
	TCase	*tc = tcase_create("input");

	tcase_add_test(tc, test_a_list_is_kept_joined);
	tcase_add_loop_test(tc, test_a_bad_list_is_refused, 0, SB_NELEM(bad));
	tcase_add_test(tc, test_the_table_of_reasons);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(input_suite)
