/*
 * erasure.c -- a customer asks to be forgotten (see erasure.h).
 */
#include "config.h"
#include "ops/erasure.h"

#include <stdio.h>
#include <string.h>

#include "base/conf.h"
#include "base/model.h"
#include "base/password.h"
#include "base/util.h"
#include "ops/retention.h"
#include "store/kyc_queue.h"
#include "store/login_throttle.h"

#define DAY_MS	(24 * 3600 * 1000LL)

/* Count the attempt; check the password.  An enum sb_erasure, or SB_ERR. */
static int
confirm(const struct sb_conn *conn, const struct sb_user *u,
    const char *password, struct sb_erasure_result *out, bson_error_t *e)
{
	struct sb_reservation	r;
	char			key[64];
	int			rc;

	snprintf(key, sizeof(key), "erasure:%s", u->id_hex);
	rc = sb_throttle_reserve(conn, key, sb_now_ms(), SB_ERASURE_WINDOW_S,
	    SB_ERASURE_TRIES, &r, e);
	if (rc == SB_ERR)
		return SB_ERR;
	if (rc == SB_RESERVE_FULL) {
		out->retry_after_s = r.retry_after_s;
		return SB_ERASURE_THROTTLED;
	}
	if (!sb_password_verify(password, u->password_hash))
		return SB_ERASURE_REFUSED;
	/* The right password: this attempt does not count. */
	if (sb_throttle_release(conn, &r, e) == SB_ERR)
		return SB_ERR;
	return SB_ERASURE_DONE;
}

int
sb_erasure_request(const struct sb_conn *conn, const struct sb_config *cfg,
    const struct sb_actor *who, const struct sb_user *u, const char *password,
    struct sb_erasure_result *out, bson_error_t *e)
{
	bson_oid_t	ids[64];
	bson_t		details;
	char		after[SB_ISO8601_LEN];
	int		approved, rc, all;

	memset(out, 0, sizeof(*out));
	if ((rc = confirm(conn, u, password, out, e)) != SB_ERASURE_DONE)
		return rc;
	out->at = sb_now_ms();
	/* Approved: the records the law keeps, kept until the rule ends. */
	approved = strcmp(u->kyc_status, SB_KYC_APPROVED) == 0;
	if (!approved)
		out->erase_after = out->at;
	else if (cfg->retention_closed_days > 0)
		out->erase_after = (u->closed_at != 0 ? u->closed_at : out->at) +
		    cfg->retention_closed_days * DAY_MS;
	/* Closed first: a run cut short leaves no one who can log in. */
	if (sb_user_request_erasure(conn, &u->id, out->at, out->erase_after,
	    e) == SB_ERR ||
	    sb_kyc_leave_queue(conn, &u->id, out->at, e) == SB_ERR)
		return SB_ERR;
	if (out->erase_after != 0)
		sb_iso8601(out->erase_after, after);
	SB_DETAILS(&details, { "kyc_status", u->kyc_status },
	    { "erase_after", out->erase_after != 0 ? after : NULL });
	rc = sb_audit(conn, who, SB_AUDIT_ERASURE_REQUESTED, &u->id, &details,
	    e);
	bson_destroy(&details);
	if (rc == SB_ERR)
		return SB_ERR;
	if (approved)
		return SB_ERASURE_SCHEDULED;
	/* Due now: done now (should it stop half-way, the sweep finishes). */
	if (sb_erase(conn, who, &u->id, ids, (int64_t)SB_NELEM(ids), &all,
	    e) == SB_ERR)
		return SB_ERR;
	return all ? SB_ERASURE_DONE : SB_ERASURE_SCHEDULED;
}
