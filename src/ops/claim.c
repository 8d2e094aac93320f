/*
 * claim.c -- claiming, renewing and releasing cases (see claim.h).
 */
#include "config.h"
#include "ops/claim.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/model.h"
#include "base/util.h"
#include "store/bsonx.h"
#include "store/kyc_doc.h"

/* Candidates read at a time by claim-next, and rounds of them. */
#define NEXT_BATCH	20
#define NEXT_ROUNDS	3

static int
audit_claim(const struct sb_conn *conn, const struct sb_reviewer *r,
    const char *action, const struct sb_claim_result *res, bson_error_t *e)
{
	bson_t	details;
	char	kyc[SB_ID_HEX_LEN + 1], prev[SB_ID_HEX_LEN + 1];
	char	until[SB_ISO8601_LEN];
	int	rc;

	bson_oid_to_string(&res->kyc_id, kyc);
	bson_oid_to_string(&res->previous, prev);
	sb_iso8601(res->claim.until, until);
	SB_DETAILS(&details, { "kyc_id", kyc },
	    { "until", strcmp(action, SB_AUDIT_KYC_CLAIMED) == 0 ? until :
	    NULL },
	    { "previous_holder", res->taken_over ? prev : NULL });
	rc = sb_audit(conn, r->actor, action, &res->user_id, &details, e);
	bson_destroy(&details);
	return rc;
}

/*
 * The caller takes or renews kyc (as read), audited when audit is set and
 * the holder changes.  An outcome or SB_ERR.
 */
static int
take(const struct sb_conn *conn, const struct sb_reviewer *r,
    const bson_t *kyc, int audit, struct sb_claim_result *res,
    bson_error_t *e)
{
	const bson_oid_t	*me = r->actor->id;
	struct sb_claim		 cur;
	int64_t			 now = sb_now_ms();
	int			 rc;

	memset(res, 0, sizeof(*res));
	sb_bson_oid(kyc, "_id", &res->kyc_id);
	sb_bson_oid(kyc, "user_id", &res->user_id);
	sb_claim_of(kyc, &cur);
	res->claim = cur;
	if (cur.held && cur.until > now && bson_oid_equal(&cur.by, me)) {
		res->renewed = 1;
		res->claim.until = now + r->lease_ms;
		return sb_claim_extend(conn, &res->kyc_id, cur.gen, me,
		    res->claim.until, e) == SB_ERR ? SB_ERR : SB_CLAIM_OK;
	}
	if (sb_claim_held_by_other(&cur, me, now))
		return SB_CLAIM_HELD;
	if ((rc = sb_claim_take(conn, &res->kyc_id, cur.gen + 1, me, now,
	    e)) != SB_FOUND)
		return rc == SB_NOTFOUND ? SB_CLAIM_HELD : SB_ERR;
	/* Generation gen + 1 is ours: no one else writes it. */
	if (cur.held && !bson_oid_equal(&cur.by, me)) {
		res->taken_over = 1;
		bson_oid_copy(&cur.by, &res->previous);
	}
	memset(&res->claim, 0, sizeof(res->claim));
	res->claim.gen = cur.gen + 1;
	res->claim.held = 1;
	bson_oid_copy(me, &res->claim.by);
	snprintf(res->claim.by_email, sizeof(res->claim.by_email), "%s",
	    r->email);
	res->claim.until = now + r->lease_ms;
	if (sb_claim_write(conn, &res->kyc_id, &res->claim, e) == SB_ERR)
		return SB_ERR;
	if (audit && audit_claim(conn, r, SB_AUDIT_KYC_CLAIMED, res, e) ==
	    SB_ERR)
		return SB_ERR;
	return SB_CLAIM_OK;
}

/* The KYC, SUBMITTED, into kyc (always destroyed by the caller). */
static int
submitted(const struct sb_conn *conn, const bson_oid_t *id, bson_t *kyc,
    bson_error_t *e)
{
	char	status[SB_STATUS_LEN];
	int	found = sb_kyc_find(conn, id, 0, kyc, e);

	if (found != SB_FOUND)
		return found == SB_NOTFOUND ? SB_CLAIM_NOTFOUND : SB_ERR;
	sb_bson_str(kyc, "status", status, sizeof(status));
	return strcmp(status, SB_KYC_SUBMITTED) == 0 ? SB_CLAIM_OK :
	    SB_CLAIM_DECIDED;
}

/*
 * Take kyc_id, read afresh; lost to another at the same moment, the
 * answer names whoever holds it now.
 */
static int
take_id(const struct sb_conn *conn, const struct sb_reviewer *r,
    const bson_oid_t *kyc_id, struct sb_claim_result *res, bson_error_t *e)
{
	bson_t	kyc;
	int	rc;

	for (int tries = 0; tries < 3; tries++) {
		if ((rc = submitted(conn, kyc_id, &kyc, e)) == SB_CLAIM_OK)
			rc = take(conn, r, &kyc, 1, res, e);
		if (rc == SB_CLAIM_DECIDED || rc == SB_CLAIM_NOTFOUND) {
			memset(res, 0, sizeof(*res));
			bson_oid_copy(kyc_id, &res->kyc_id);
		}
		bson_destroy(&kyc);
		/* Held: the winner may not have written its claim yet. */
		if (rc != SB_CLAIM_HELD || res->claim.held)
			return rc;
		usleep(2000u * (unsigned)(tries + 1));
	}
	return SB_CLAIM_HELD;
}

int
sb_claim_case(const struct sb_conn *conn, const struct sb_reviewer *r,
    const bson_oid_t *kyc_id, struct sb_claim_result *res, bson_error_t *e)
{
	return take_id(conn, r, kyc_id, res, e);
}

int
sb_claim_next(const struct sb_conn *conn, const struct sb_reviewer *r,
    struct sb_claim_result *res, bson_error_t *e)
{
	bson_oid_t	ids[NEXT_BATCH];
	int64_t		n;
	int		rc;

	for (int round = 0; round < NEXT_ROUNDS; round++) {
		n = sb_claim_candidates(conn, sb_now_ms(), r->actor->id, ids,
		    NEXT_BATCH, e);
		if (n == SB_ERR)
			return SB_ERR;
		for (int64_t i = 0; i < n; i++) {
			bson_t kyc;

			if ((rc = submitted(conn, &ids[i], &kyc, e)) ==
			    SB_CLAIM_OK)
				rc = take(conn, r, &kyc, 1, res, e);
			bson_destroy(&kyc);
			/* Someone else's now, or decided meanwhile, or the
			 * caller's own already (taken from another tab a
			 * moment ago: not a case nobody holds): on. */
			if ((rc == SB_CLAIM_OK && !res->renewed) ||
			    rc == SB_ERR)
				return rc;
		}
		if (n < NEXT_BATCH)
			break;		/* all of them tried */
	}
	memset(res, 0, sizeof(*res));
	return SB_CLAIM_NONE;
}

int
sb_claim_release(const struct sb_conn *conn, const struct sb_reviewer *r,
    const bson_oid_t *kyc_id, struct sb_claim_result *res, bson_error_t *e)
{
	bson_t	kyc;
	int	rc = submitted(conn, kyc_id, &kyc, e);

	memset(res, 0, sizeof(*res));
	bson_oid_copy(kyc_id, &res->kyc_id);
	if (rc == SB_CLAIM_OK) {
		sb_bson_oid(&kyc, "user_id", &res->user_id);
		sb_claim_of(&kyc, &res->claim);
	}
	bson_destroy(&kyc);
	if (rc != SB_CLAIM_OK)
		return rc;
	if (!res->claim.held || !bson_oid_equal(&res->claim.by,
	    r->actor->id))
		return SB_CLAIM_NOT_HELD;
	if (sb_claim_clear(conn, kyc_id, res->claim.gen, e) == SB_ERR ||
	    audit_claim(conn, r, SB_AUDIT_KYC_RELEASED, res, e) == SB_ERR)
		return SB_ERR;
	res->claim.held = 0;
	return SB_CLAIM_OK;
}

int
sb_claim_for_decision(const struct sb_conn *conn,
    const struct sb_reviewer *r, const bson_t *kyc,
    struct sb_claim_result *res, bson_error_t *e)
{
	bson_oid_t	id;
	bson_t		now;
	int		rc = take(conn, r, kyc, 0, res, e);

	/* Lost the take to someone whose claim is not written yet: name
	 * them once it is. */
	sb_bson_oid(kyc, "_id", &id);
	for (int tries = 0; rc == SB_CLAIM_HELD && !res->claim.held &&
	    tries < 3; tries++) {
		usleep(2000u * (unsigned)(tries + 1));
		if (sb_kyc_find(conn, &id, 0, &now, e) == SB_ERR) {
			bson_destroy(&now);
			return SB_ERR;
		}
		sb_claim_of(&now, &res->claim);
		bson_destroy(&now);
	}
	/* The one who took it at the same moment was the caller (two of
	 * their own decisions at once): theirs, the database decides which
	 * decision stands. */
	if (rc == SB_CLAIM_HELD && res->claim.held &&
	    bson_oid_equal(&res->claim.by, r->actor->id)) {
		res->renewed = 1;
		return SB_CLAIM_OK;
	}
	return rc;
}

int
sb_claim_touch(const struct sb_conn *conn, const struct sb_reviewer *r,
    const bson_t *kyc, bson_error_t *e)
{
	struct sb_claim	c;
	bson_oid_t	id;
	int64_t		now = sb_now_ms();

	sb_claim_of(kyc, &c);
	if (!c.held || c.until <= now || !bson_oid_equal(&c.by, r->actor->id) ||
	    !sb_bson_oid(kyc, "_id", &id))
		return SB_OK;
	return sb_claim_extend(conn, &id, c.gen, r->actor->id,
	    now + r->lease_ms, e);
}
