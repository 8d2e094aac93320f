/*
 * submission.c -- KYC submissions, at once or finished after a crash.
 */
#include "config.h"
#include "ops/submission.h"

#include <string.h>

#include "base/model.h"
#include "base/util.h"

int
sb_submit(const struct sb_conn *conn, const struct sb_user *u,
    const char *address, struct sb_kyc_new *k, bson_error_t *e)
{
	struct sb_kyc_latest	l;

	if (sb_kyc_latest(conn, &u->id, &l, e) == SB_ERR)
		return SB_ERR;
	if (strcmp(l.status, SB_KYC_SUBMITTED) == 0 ||
	    strcmp(l.status, SB_KYC_APPROVED) == 0) {
		/* The user's kyc_status is mended if a crash left it behind. */
		if (strcmp(u->kyc_status, l.status) != 0 &&
		    sb_kyc_sync_user(conn, &u->id, l.status, e) == SB_ERR)
			return SB_ERR;
		return strcmp(l.status, SB_KYC_SUBMITTED) == 0 ?
		    SB_SUBMIT_PENDING : SB_SUBMIT_APPROVED;
	}

	k->user_id = &u->id;
	k->submitted_from = address;
	k->submitted_at = sb_now_ms();
	k->attempt = l.count;
	if (sb_kyc_insert(conn, k, e) == SB_ERR) {
		/* Another upload of this attempt won the race. */
		return sb_db_error_is_duplicate(e) ? SB_SUBMIT_PENDING : SB_ERR;
	}
	/* Stored: should this fail, a sweep finishes it later. */
	if (sb_submitted(conn, &k->id, &u->id, k->document_type, address,
	    k->submitted_at, 1, e) == SB_ERR)
		return SB_ERR;
	return SB_SUBMIT_OK;
}

int
sb_submitted(const struct sb_conn *conn, const bson_oid_t *kyc_id,
    const bson_oid_t *user_id, const char *document_type,
    const char *address, int64_t at_ms, int fresh, bson_error_t *e)
{
	bson_t	details;
	char	kyc_hex[SB_ID_HEX_LEN + 1];
	int	rc;

	if (sb_kyc_sync_user(conn, user_id, fresh ? SB_KYC_SUBMITTED : NULL,
	    e) == SB_ERR)
		return SB_ERR;
	bson_oid_to_string(kyc_id, kyc_hex);
	SB_DETAILS(&details, { "kyc_id", kyc_hex },
	    { "document_type", document_type });
	rc = sb_audit_once(conn, &(const struct sb_audit){ .id = kyc_id,
	    .action = SB_AUDIT_KYC_SUBMITTED, .user_id = user_id,
	    .actor_id = user_id, .actor_role = SB_ROLE_NAME_CUSTOMER,
	    .ip_address = address, .details = &details, .at_ms = at_ms }, e);
	bson_destroy(&details);
	if (rc == SB_ERR)
		return SB_ERR;
	return sb_kyc_clear_mark(conn, kyc_id, e);
}
