/*
 * kyc_approval.h -- the first of two approvals (four eyes, ops/decision.h):
 * the kyc_approval collection, one document per KYC whose _id is the KYC
 * id, so that of two first approvals at once the database lets one in;
 * and the kyc_doc's first_approval {by, by_email, at} that the queue
 * shows.  Return conventions: base/model.h.
 */
#ifndef SB_STORE_KYC_APPROVAL_H
#define SB_STORE_KYC_APPROVAL_H

#include <stdint.h>

#include <mongoc/mongoc.h>

#include "base/model.h"
#include "store/db.h"

struct sb_first_approval {
	bson_oid_t	by;
	char		by_email[SB_EMAIL_MAX + 1];
	char		role[SB_STATUS_LEN];
	char		ip_address[64];
	bson_oid_t	entry;		/* its KYC_FIRST_APPROVED entry's _id */
	int64_t		at;
};

/*
 * Record a as the KYC's first approval.  SB_FOUND (recorded: the caller
 * was first); SB_NOTFOUND when there is one already, then read into a;
 * SB_ERR.
 */
int	sb_first_approval_take(const struct sb_conn *, const bson_oid_t *kyc,
	    struct sb_first_approval *a, bson_error_t *);
/* Write a onto the kyc_doc (first_approval), for the queue. */
int	sb_first_approval_note(const struct sb_conn *, const bson_oid_t *kyc,
	    const struct sb_first_approval *a, bson_error_t *);
/* The kyc_doc's first approval: 1 there is one, 0 none. */
int	sb_first_approval_of(const bson_t *kyc, struct sb_first_approval *);

#endif
