/*
 * purpose.c -- the table of purposes (see purpose.h).
 */
#include "config.h"
#include "base/purpose.h"

#include <string.h>

#include "base/model.h"

const struct sb_purpose sb_purposes[] = {
	{ SB_PURPOSE_KYC, 1,
	  "Verifying your identity and keeping the records of it, as the "
	  "Reserve Bank of India's KYC Master Direction requires of a bank",
	  "name, email, phone, identity documents and their numbers, the "
	  "review of each, the record of your account's activity",
	  "legal obligation (RBI KYC Master Direction; Prevention of Money "
	  "Laundering Act, 2002)" },
	{ "marketing", 0,
	  "Telling you about the bank's own products and offers by email "
	  "or SMS",
	  "name, email, phone",
	  "your consent, which you may withdraw at any time" },
	{ "product_research", 0,
	  "Inviting you to surveys and studies that improve the bank's "
	  "services",
	  "name, email",
	  "your consent, which you may withdraw at any time" },
};
const size_t sb_npurposes = SB_NELEM(sb_purposes);

const struct sb_purpose *
sb_purpose_find(const char *name)
{
	for (size_t i = 0; i < sb_npurposes; i++)
		if (strcmp(sb_purposes[i].name, name) == 0)
			return &sb_purposes[i];
	return NULL;
}

void
sb_purpose_flags(const char *flags, int *out)
{
	for (size_t i = 0; i < sb_npurposes; i++)
		out[i] = -1;
	while (flags != NULL && *flags != '\0') {
		size_t	len = strcspn(flags, "=");

		for (size_t i = 0; i < sb_npurposes; i++)
			if (strlen(sb_purposes[i].name) == len &&
			    strncmp(sb_purposes[i].name, flags, len) == 0 &&
			    flags[len] == '=')
				out[i] = flags[len + 1] == '1';
		flags = strchr(flags, ',');
		if (flags != NULL)
			flags++;
	}
}
