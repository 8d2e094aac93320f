/*
 * submission.h -- a customer submits an identity document.
 *
 * The newest kyc_doc is the truth about the user's KYC: a new one is
 * allowed while it is absent or REJECTED.  The insert carries the
 * submission key "<user>:<attempt>" under a unique index, so of two
 * racing uploads one wins.  The document is inserted marked
 * followup_pending; what follows (the user's kyc_status, the KYC_SUBMITTED
 * entry whose _id is the document's, clearing the mark) is idempotent and
 * finished by the sweep (ops/sweep.h) if the request dies half-way.
 */
#ifndef SB_OPS_SUBMISSION_H
#define SB_OPS_SUBMISSION_H

#include <stdint.h>

#include "ops/audit.h"
#include "store/kyc_doc.h"
#include "store/user.h"

enum sb_submit {
	SB_SUBMIT_OK,		/* k->id is the new KYC */
	SB_SUBMIT_PENDING,	/* one is SUBMITTED already (or won a race) */
	SB_SUBMIT_APPROVED,	/* the user's KYC is approved */
};

/*
 * Submit k (fields checked; user_id, document and encoding set) for u,
 * from address.  An enum sb_submit, or SB_ERR with e set.
 */
int	sb_submit(const struct sb_conn *, const struct sb_user *u,
	    const char *address, struct sb_kyc_new *k, bson_error_t *);

/*
 * What follows a stored submission: the user's kyc_status, KYC_SUBMITTED,
 * then clear the mark.  fresh: the caller has just inserted the document
 * (so it is the newest, SUBMITTED).  SB_OK or SB_ERR.
 */
int	sb_submitted(const struct sb_conn *, const bson_oid_t *kyc_id,
	    const bson_oid_t *user_id, const char *document_type,
	    const char *address, int64_t at_ms, int fresh, bson_error_t *);

#endif
