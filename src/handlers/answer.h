/*
 * answer.h -- fields of a stored document into a JSON answer, under the
 * contract's names: an absent field is answered as null, never left out.
 */
#ifndef SB_HANDLERS_ANSWER_H
#define SB_HANDLERS_ANSWER_H

#include <bson/bson.h>
#include <cjson/cJSON.h>

struct sb_conn;

/* The time of d's key as ISO 8601 (or null) under name; the item added. */
cJSON	*sb_answer_time(cJSON *o, const char *name, const bson_t *d,
	    const char *key);
/* The ObjectId of d's key as 24 hex digits (or null) under name. */
cJSON	*sb_answer_oid(cJSON *o, const char *name, const bson_t *d,
	    const char *key);
/* The string of d's key (or null) under the same name. */
cJSON	*sb_answer_str(cJSON *o, const bson_t *d, const char *key);

/*
 * A KYC's document number, opened, under "document_number": null when it
 * was shredded, and null with "document_unreadable": true when it does not
 * open (logged with the KYC id; *unreadable, unless NULL, set to 1, else
 * 0).  It replaces a "document_number" already in o, in its place.  The
 * item, or NULL (out of memory).
 */
cJSON	*sb_answer_number(cJSON *o, const struct sb_conn *, const bson_t *kyc,
	    int *unreadable);

/*
 * A rejection, beyond the seed, under "rejection" (null unless REJECTED):
 * {"kind": RETRY or FINAL, "reasons": [{"code", "text"}] ([] for an
 * unspecified one), "next_step": what the customer should do}, and for the
 * team (internal) "internal_note" and the reopening, if any.
 */
void	sb_answer_rejection(cJSON *o, const bson_t *kyc, int internal);
/*
 * A user's profile as GET /users/me shows it: id, email, name, phone,
 * role, kyc_status, created_at.
 */
struct sb_user;
void	sb_answer_profile(cJSON *o, const struct sb_user *);

/*
 * Beyond the seed, four eyes: "approvals" {"given", "required"} (1 of 2,
 * say) and "first_approval" {"by": {"id", "email"}, "at"} or null.
 */
void	sb_answer_approvals(cJSON *o, const bson_t *kyc, int four_eyes);

struct sb_claim;
/*
 * A case's holder: "claimed_by" {"id", "email"} and "claimed_until", both
 * null when nobody holds it at now (never claimed, released, or a lease
 * that ended).
 */
void	sb_answer_claim(cJSON *o, const struct sb_claim *, int64_t now);

#endif
