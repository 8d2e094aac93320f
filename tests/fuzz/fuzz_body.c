/*
 * fuzz_body.c -- a request body as every JSON route reads it: strict
 * parsing, then each field through its getter and validator.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/base64.h"
#include "base/document.h"
#include "base/validate.h"

static const char *const types[] = { "aadhar", "pan", "passport",
    "driving_license", "voter_id" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON		*o = NULL, *errs = cJSON_CreateArray();
	const char	*s;
	char		 email[SB_EMAIL_MAX + 1], name[4 * SB_NAME_MAX + 1];

	if (sb_json_parse_object((const char *)data, size, &o) == SB_JSON_OK) {
		if ((s = sb_json_string(o, "email", 1, errs)) != NULL)
			(void)sb_valid_email(s, email);
		if ((s = sb_json_string(o, "password", 1, errs)) != NULL)
			(void)sb_valid_password(s, 8);
		if ((s = sb_json_string(o, "name", 1, errs)) != NULL)
			(void)sb_valid_name(s, name);
		if ((s = sb_json_string(o, "phone", 1, errs)) != NULL)
			(void)sb_valid_phone(s);
		if ((s = sb_json_string(o, "document_number", 1, errs)) != NULL)
			for (size_t i = 0; i < 5; i++)
				for (int strict = 0; strict < 2; strict++)
					(void)sb_valid_document_number(
					    types[i], s, strict);
		if ((s = sb_json_string(o, "document_type", 1, errs)) != NULL)
			(void)sb_valid_document_type(s);
		if ((s = sb_json_string(o, "document_data", 1, errs)) != NULL) {
			(void)sb_base64_decoded_len(s, strlen(s));
			(void)sb_text_clean(s, 1);
		}
		if ((s = sb_json_string(o, "review_notes", 0, errs)) != NULL)
			(void)sb_valid_review_notes(s);
	}
	/* The raw bytes as a document and as text, too. */
	if (sb_base64_decoded_len((const char *)data, size) >= 0) {
		/* Valid base64: decoded exactly into its size, then sniffed. */
		size_t	 n = (size_t)sb_base64_decoded_len((const char *)data,
		    size);
		uint8_t	*out = malloc(n + 1);

		if (out != NULL) {
			if (sb_base64_decode((const char *)data, size, out) != n)
				abort();
			(void)sb_document_sniff(out, n);
			free(out);
		}
	}
	(void)sb_document_sniff(data, size);
	(void)sb_utf8_valid((const char *)data, size);
	cJSON_Delete(o);
	cJSON_Delete(errs);
	return 0;
}
