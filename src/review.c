/*
 * review.c -- applying KYC decisions, the first time or after a crash.
 */
#include "config.h"
#include "review.h"

#include <string.h>

#include "audit.h"
#include "db.h"
#include "followup.h"
#include "store/decision.h"
#include "store/kyc.h"
#include "store/user.h"

int
sb_review_apply(const struct sb_conn *conn, const struct sb_decision *d,
    bson_error_t *e)
{
	bson_t		details = BSON_INITIALIZER;
	char		kyc_hex[25];
	int		rc;

	if (sb_kyc_set_reviewed(conn, &d->kyc_id, d->status, &d->reviewer_id,
	    d->has_notes ? d->notes : NULL, d->at, e) == -1)
		return -1;
	/* The user follows only their newest submission. */
	if (sb_kyc_sync_user(conn, &d->user_id, NULL, e) == -1)
		return -1;

	bson_oid_to_string(&d->kyc_id, kyc_hex);
	BSON_APPEND_UTF8(&details, "kyc_id", kyc_hex);
	BSON_APPEND_UTF8(&details, "decision", d->status);
	if (d->has_notes)
		BSON_APPEND_UTF8(&details, "review_notes", d->notes);
	rc = sb_audit_write(conn, &(struct sb_audit){ .id = &d->audit_id,
	    .action = strcmp(d->status, SB_KYC_APPROVED) == 0 ?
	    SB_AUDIT_KYC_APPROVED : SB_AUDIT_KYC_REJECTED,
	    .user_id = &d->user_id, .actor_id = &d->reviewer_id,
	    .actor_role = d->reviewer_role, .ip_address = d->ip_address,
	    .details = &details, .at_ms = d->at }, e);
	bson_destroy(&details);
	/* Already written by an earlier, interrupted application: fine. */
	if (rc == -1 && !sb_db_error_is_duplicate(e))
		return -1;
	return sb_decision_mark_applied(conn, &d->kyc_id, e);
}
