/*
 * check_input.c -- list and flags fields of a body (http/input.h), the
 * table of rejection reasons (base/reasons.h) and the purposes of the
 * privacy notice (base/purpose.h): what a field takes, what it refuses
 * and why, and tables whose every entry a field can name.
 */
#include "config.h"

#include <string.h>

#include <cjson/cJSON.h>

#include "check_main.h"
#include "base/purpose.h"
#include "base/reasons.h"
#include "http/input.h"

static const struct sb_field fields[] = {
	{ .name = "reasons", .required = 0, .type = "enum",
	  .check = sb_check_reason, .list = 1 },
	{ .name = "kind", .required = 0, .type = "enum",
	  .check = sb_check_reject_kind },
	{ .name = "consents", .required = 0, .type = "enum",
	  .check = sb_check_consent, .flags = 1 },
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
	{ "{\"consents\": []}", "dict_type" },
	{ "{\"consents\": \"marketing\"}", "dict_type" },
	{ "{\"consents\": {\"marketing\": 1}}", "bool_type" },
	{ "{\"consents\": {\"marketing\": \"yes\"}}", "bool_type" },
	{ "{\"consents\": {\"spam\": true}}", "enum" },
	{ "{\"consents\": {\"\": true}}", "enum" },
	{ "{\"consents\": {\"marketing=1,kyc\": false}}", "enum" },
	{ "{\"consents\": {\"Marketing\": true}}", "enum" },
	{ "{\"consents\": {\"kyc\": false}}", "enum" },
	{ "{\"consents\": {\"marketing\": true, \"marketing\": false}}",
	  "value_error" },
	{ "{\"consents\": {\"a\":true,\"b\":true,\"c\":true,\"d\":true,"
	  "\"e\":true,\"f\":true,\"g\":true,\"h\":true,\"i\":true}}",
	  "too_long" },
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

START_TEST(test_flags_are_kept_joined)
{
	struct sb_input	in;

	ck_assert_ptr_null(refusal("{\"consents\": {\"marketing\": true, "
	    "\"product_research\": false, \"kyc\": true}}", &in));
	ck_assert_str_eq(sb_input_get(&in, "consents"),
	    "marketing=1,product_research=0,kyc=1");
	/* Optional: empty, null and absent are no flags. */
	ck_assert_ptr_null(refusal("{\"consents\": {}}", &in));
	ck_assert_str_eq(sb_input_get(&in, "consents"), "");
	ck_assert_ptr_null(refusal("{\"consents\": null}", &in));
	ck_assert_ptr_null(sb_input_get(&in, "consents"));
	cJSON_Delete(body);
	body = NULL;
}
END_TEST

/* Every purpose can be named; only the required one cannot be refused. */
START_TEST(test_the_table_of_purposes)
{
	char	 one[64];
	int	 required = 0;

	for (size_t i = 0; i < sb_npurposes; i++) {
		const struct sb_purpose *p = &sb_purposes[i];

		ck_assert_uint_le(strlen(p->name), SB_PURPOSE_NAME_MAX);
		ck_assert_ptr_eq(sb_purpose_find(p->name), p);
		ck_assert(strlen(p->what) > 10 && strlen(p->data) > 3 &&
		    strlen(p->basis) > 10);
		required += p->required;
		snprintf(one, sizeof(one), "%s=1", p->name);
		ck_assert_ptr_null(sb_check_consent(NULL, 0, one));
		ck_assert_ptr_null(sb_check_consent_at_register(NULL, 0, one));
		snprintf(one, sizeof(one), "%s=0", p->name);
		ck_assert((sb_check_consent(NULL, 0, one) == NULL) ==
		    !p->required);
		ck_assert((sb_check_consent_at_register(NULL, 0, one) ==
		    NULL) == !p->required);
	}
	ck_assert_int_eq(required, 1);
	ck_assert_uint_le(sb_npurposes, SB_PURPOSES_MAX);
	{
		int flags[SB_PURPOSES_MAX];

		sb_purpose_flags("product_research=1,kyc=0,nope=1,marketing",
		    flags);
		ck_assert_int_eq(flags[0], 0);
		ck_assert_int_eq(flags[1], -1);	/* no "=": not named */
		ck_assert_int_eq(flags[2], 1);
		sb_purpose_flags(NULL, flags);
		ck_assert_int_eq(flags[0], -1);
	}
	ck_assert(sb_purpose_find(SB_PURPOSE_KYC)->required);
	ck_assert_ptr_null(sb_purpose_find("kyc "));
	ck_assert_ptr_nonnull(sb_check_consent(NULL, 0,
	    "a_very_long_purpose_name_beyond_any=1"));
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
	tcase_add_test(tc, test_flags_are_kept_joined);
	tcase_add_test(tc, test_the_table_of_purposes);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(input_suite)
