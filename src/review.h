/*
 * review.h -- carrying out a KYC decision.
 */
#ifndef SB_REVIEW_H
#define SB_REVIEW_H

#include <mongoc/mongoc.h>

struct sb_conn;
struct sb_decision;

/*
 * Apply a recorded decision: the kyc_doc's status and review fields, the
 * user's kyc_status (unless the user has submitted again since), one
 * user_log entry (its _id fixed by the decision, so a replay cannot write
 * a second), then mark the decision applied.  Every step is idempotent:
 * this is both the normal path and the repair of an interrupted one.
 * 0, or -1 with e set.
 */
int	sb_review_apply(const struct sb_conn *, const struct sb_decision *,
	    bson_error_t *e);

#endif
