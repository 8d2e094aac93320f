/*
 * input.h -- a request's body fields, checked against its route's field
 * table (http/route.h) before the handler runs, and the checks the
 * service's tables name.
 */
#ifndef SB_INPUT_H
#define SB_INPUT_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "http/route.h"

struct sb_config;

struct sb_input {
	const struct sb_config	*cfg;
	const struct sb_field	*fields;
	/* Checked values by field index; NULL when absent or refused. */
	const char		*value[SB_ROUTE_MAXFIELDS];
	/* What a check learned (document_data: "base64" or "text"). */
	const char		*note[SB_ROUTE_MAXFIELDS];
	/* A check may name another kind of refusal than its field's. */
	const char		*type;
	/* Normalised copies of values live here. */
	char			 buf[2048];
	size_t			 used;
};

/*
 * Check body against fields, in table order, field by field: a missing
 * required field, a value that is not a UTF-8 string, or a value its
 * check refuses adds one item to errs.  The number of items added.
 */
int	sb_input_check(struct sb_input *, const struct sb_field *,
	    const cJSON *body, cJSON *errs);
/* The checked value of the field name, or NULL. */
const char *sb_input_get(const struct sb_input *, const char *name);
/* What the check of field name noted, or NULL. */
const char *sb_input_note(const struct sb_input *, const char *name);

/* The checks (see struct sb_field). */
const char *sb_check_email(struct sb_input *, size_t, const char *);
const char *sb_check_login_email(struct sb_input *, size_t, const char *);
const char *sb_check_password(struct sb_input *, size_t, const char *);
const char *sb_check_device_token(struct sb_input *, size_t, const char *);
const char *sb_check_name(struct sb_input *, size_t, const char *);
const char *sb_check_phone(struct sb_input *, size_t, const char *);
const char *sb_check_document_type(struct sb_input *, size_t, const char *);
/* Needs document_type checked first; says nothing when that failed. */
const char *sb_check_document_number(struct sb_input *, size_t, const char *);
const char *sb_check_document_data(struct sb_input *, size_t, const char *);
const char *sb_check_review_notes(struct sb_input *, size_t, const char *);
/* One code of the table of base/reasons.h. */
const char *sb_check_reason(struct sb_input *, size_t, const char *);
const char *sb_check_reject_kind(struct sb_input *, size_t, const char *);
/* "purpose=0|1" of a flags field: a purpose of base/purpose.h, never the
 * required one refused (at registration) or withdrawn (later). */
const char *sb_check_consent_at_register(struct sb_input *, size_t,
	    const char *);
const char *sb_check_consent(struct sb_input *, size_t, const char *);
/* Refuses any value: the email is not changed by its owner. */
const char *sb_check_email_fixed(struct sb_input *, size_t, const char *);

#endif
