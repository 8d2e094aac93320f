/*
 * sweep.h -- finishing what requests left half-done.
 *
 * A new user (from registration) or kyc_doc is inserted with
 * followup_pending: true, a decision is recorded before it is applied,
 * and an upload is noted before its bytes are stored.  What follows each is idempotent (ops/account.h,
 * ops/submission.h, ops/decision.h).  A worker sweeps the marked documents
 * and the decisions not yet applied when it starts and when the database
 * comes back after an outage; smartbank-admin repair does the same on
 * demand.  No transaction is needed, on FerretDB or MongoDB.
 */
#ifndef SB_OPS_SWEEP_H
#define SB_OPS_SWEEP_H

#include <stdint.h>

#include "store/db.h"

struct sb_sweep_counts {
	int64_t	registrations;
	int64_t	submissions;
	int64_t	decisions;
	int64_t	uploads;	/* that died: bytes removed, or kept */
	int64_t	leaves;		/* audit entries given their leaf */
};

/*
 * Finish every marked registration and submission and every decision not
 * yet applied, end every upload noted more than grace_s ago (removing
 * its bytes unless its kyc_doc exists), and give every audit entry whose
 * leaf is pending its leaf (ops/audit.h).  At most max of each of the
 * first two and of uploads per call: a full batch means there may be
 * more.  SB_OK or SB_ERR with e set.
 */
int	sb_sweep(const struct sb_conn *, int64_t max, int64_t grace_s,
	    struct sb_sweep_counts *, bson_error_t *);

#endif
