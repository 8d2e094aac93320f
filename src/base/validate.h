/*
 * validate.h -- field validators for request bodies, table-driven.
 *
 * Each validator takes the raw string and returns NULL when it is good, or
 * the message for the 422 list.  Normalising validators (email, name) write
 * the value to store into out.
 */
#ifndef SB_VALIDATE_H
#define SB_VALIDATE_H

#include <stddef.h>
#include <sys/types.h>

#include "base/model.h"

/* Trimmed, lower-cased into out (SB_EMAIL_MAX + 1 bytes). */
const char	*sb_valid_email(const char *, char *out);
const char	*sb_valid_password(const char *, size_t min_len);
/* Trimmed into out (4 * SB_NAME_MAX + 1 bytes). */
const char	*sb_valid_name(const char *, char *out);
const char	*sb_valid_phone(const char *);
/* One of aadhar, pan, passport, driving_license, voter_id. */
const char	*sb_valid_document_type(const char *);
/* The i-th document type (0 first), or NULL past the last. */
const char	*sb_document_type(size_t i);
/*
 * The number's format for its type (type already valid): one separator
 * style throughout.  strict: also the rules a real number meets
 * (Aadhaar's Verhoeff check digit and first digit, a PAN's holder-type
 * letter, a driving licence's state code).
 */
const char	*sb_valid_document_number(const char *type, const char *,
		    int strict);
const char	*sb_valid_review_notes(const char *);


/* Valid UTF-8 without C0/C1 control characters (tab, LF, CR allowed if
 * allow_space_ctl). */
int		 sb_text_clean(const char *, int allow_space_ctl);

#endif
