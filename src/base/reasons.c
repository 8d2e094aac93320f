/*
 * reasons.c -- the table of rejection reasons (see reasons.h).
 */
#include "config.h"
#include "base/reasons.h"

#include <string.h>

#include "base/model.h"

const struct sb_reason sb_reasons[] = {
	{ "unreadable", "The document cannot be read: it is blurry, too "
	  "dark or too small. Upload a sharp, well-lit scan.", SB_KIND_RETRY },
	{ "cropped", "Part of the document is cut off or covered. Upload a "
	  "scan that shows all of it, edges included.", SB_KIND_RETRY },
	{ "expired", "The document has expired. Upload a document that is "
	  "still valid.", SB_KIND_RETRY },
	{ "name_mismatch", "The name on the document is not the name on your "
	  "account.", SB_KIND_RETRY },
	{ "number_mismatch", "The document number you entered is not the one "
	  "on the document. Enter it as printed.", SB_KIND_RETRY },
	{ "wrong_type", "The document is not of the type you chose. Choose "
	  "the right type, or upload a document of that type.",
	  SB_KIND_RETRY },
	{ "suspected_forgery", "We cannot accept this document.",
	  SB_KIND_FINAL },
	{ "duplicate", "This document is already registered to another "
	  "customer.", SB_KIND_FINAL },
};
const size_t sb_nreasons = SB_NELEM(sb_reasons);

const struct sb_reason *
sb_reason_find(const char *code)
{
	for (size_t i = 0; i < sb_nreasons; i++)
		if (strcmp(sb_reasons[i].code, code) == 0)
			return &sb_reasons[i];
	return NULL;
}

const char *
sb_reason_next_step(const char *kind)
{
	if (strcmp(kind, SB_KIND_FINAL) == 0)
		return "This document cannot be submitted again. Please visit a "
		    "branch with your original documents, or contact the bank.";
	return "Correct what is described and upload your document again.";
}
