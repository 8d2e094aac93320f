/*
 * followup.h -- the writes that follow a registration or a KYC submission,
 * done by the request and, if it died half-way, by a later sweep.
 *
 * A new user (from registration) or kyc_doc is inserted with
 * followup_pending: true.  What follows it is idempotent: the user's
 * kyc_status is set from their newest submission, and the audit entry's
 * _id is the new document's _id, so writing it twice is refused (11000)
 * rather than doubled.  The mark is cleared last.  A worker sweeps the
 * marked documents (and decisions not yet applied) when it starts and when
 * the database comes back after an outage; smartbank-admin repair does
 * the same on demand.  No transaction is needed, on FerretDB or MongoDB.
 */
#ifndef SB_FOLLOWUP_H
#define SB_FOLLOWUP_H

#include <stdint.h>

#include <mongoc/mongoc.h>

#include "db.h"

#define SB_FOLLOWUP_FIELD	"followup_pending"

/*
 * Set the user's kyc_status from their newest kyc_doc (PENDING when none),
 * then read again and repeat if a decision changed it meanwhile: whoever
 * writes last has read after every change, so the two never end apart.
 * known: the newest document's status as the caller has just read or
 * written it, which saves the first read; NULL to read it.
 */
int	sb_kyc_sync_user(const struct sb_conn *, const bson_oid_t *user_id,
	    const char *known, bson_error_t *);

/* USER_REGISTERED for a new customer, then clear the mark. */
int	sb_followup_registration(const struct sb_conn *,
	    const bson_oid_t *user_id, const char *email, const char *ip,
	    int64_t at_ms, bson_error_t *);

/*
 * The user's kyc_status, KYC_SUBMITTED, then clear the mark.  fresh: the
 * caller has just inserted the document (so it is the newest, SUBMITTED).
 */
int	sb_followup_submission(const struct sb_conn *, const bson_oid_t *kyc_id,
	    const bson_oid_t *user_id, const char *document_type,
	    const char *ip, int64_t at_ms, int fresh, bson_error_t *);

struct sb_followup_counts {
	int64_t	registrations;
	int64_t	submissions;
	int64_t	decisions;
};

/*
 * Finish every marked registration and submission and every decision not
 * yet applied (at most max of each kind per call).  0, or -1 with e set.
 */
int	sb_followup_sweep(const struct sb_conn *, int64_t max,
	    struct sb_followup_counts *, bson_error_t *);

#endif
