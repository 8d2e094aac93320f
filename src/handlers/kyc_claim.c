/*
 * kyc_claim.c -- an auditor's claims on cases (ops/claim.h):
 * POST /kyc/{kyc_id}/claim, POST /kyc/claim-next, DELETE /kyc/{kyc_id}/claim.
 */
#include "config.h"

#include <stdio.h>

#include "base/conf.h"
#include "base/model.h"
#include "base/util.h"
#include "handlers/answer.h"
#include "handlers/handlers.h"
#include "handlers/request_db.h"
#include "handlers/review.h"
#include "http/page.h"
#include "http/request.h"
#include "ops/claim.h"
#include "store/user.h"

struct sb_reviewer
sb_req_reviewer(const struct sb_req *req, struct sb_actor *actor)
{
	*actor = sb_req_actor(req);
	return (struct sb_reviewer){ .actor = actor, .email = req->user->email,
	    .lease_ms = req->cfg->claim_lease_s * 1000LL };
}

int
sb_reply_held(struct sb_req *req, const struct sb_claim *c)
{
	cJSON	*o = sb_req_object(req);
	char	 until[SB_ISO8601_LEN], detail[SB_EMAIL_MAX + 96];

	if (c->held) {
		sb_iso8601(c->until, until);
		snprintf(detail, sizeof(detail), "KYC is being reviewed by %s "
		    "until %s", c->by_email, until);
	} else {	/* its holder's claim is on its way to the database */
		snprintf(detail, sizeof(detail), "KYC is being reviewed by "
		    "another auditor");
	}
	cJSON_AddStringToObject(o, "detail", detail);
	sb_answer_claim(o, c, sb_now_ms());
	return sb_reply_json(req, 409, o);
}

/* 200 {"kyc_id", "user_id", "claimed_by", "claimed_until", "renewed"} */
static int
claimed(struct sb_req *req, const struct sb_claim_result *res)
{
	cJSON	*o = sb_req_object(req);
	char	 hex[SB_ID_HEX_LEN + 1];

	bson_oid_to_string(&res->kyc_id, hex);
	cJSON_AddStringToObject(o, "kyc_id", hex);
	bson_oid_to_string(&res->user_id, hex);
	cJSON_AddStringToObject(o, "user_id", hex);
	sb_answer_claim(o, &res->claim, sb_now_ms());
	cJSON_AddBoolToObject(o, "renewed", res->renewed);
	return sb_reply_json(req, 200, o);
}

static int
outcome(struct sb_req *req, int rc, const struct sb_claim_result *res,
    const bson_error_t *e)
{
	switch (rc) {
	case SB_CLAIM_OK:
		return claimed(req, res);
	case SB_CLAIM_NOTFOUND:
		return sb_reply_error(req, 404, "KYC not found");
	case SB_CLAIM_DECIDED:
		return sb_reply_error(req, 409, "KYC already reviewed");
	case SB_CLAIM_HELD:
		return sb_reply_held(req, &res->claim);
	case SB_CLAIM_NONE:
		return sb_reply_error(req, 404, "Nothing to claim");
	case SB_CLAIM_NOT_HELD:
		return sb_reply_error(req, 409, "You do not hold this KYC");
	default:
		return sb_reply_db_error(req, e);
	}
}

/* op (claim or release) on the case the path names, answered. */
static int
on_case(struct sb_req *req, int (*op)(const struct sb_conn *,
    const struct sb_reviewer *, const bson_oid_t *, struct sb_claim_result *,
    bson_error_t *))
{
	struct sb_conn		conn = sb_req_conn(req);
	struct sb_actor		actor;
	struct sb_reviewer	r = sb_req_reviewer(req, &actor);
	struct sb_claim_result	res;
	bson_oid_t		id;
	bson_error_t		e;
	int			status;

	if ((status = sb_path_id(req, 0, "kyc_id", &id)) != SB_OK)
		return status;
	return outcome(req, op(&conn, &r, &id, &res, &e), &res, &e);
}

/*
 * POST /kyc/{kyc_id}/claim: the case is the caller's for the lease (or
 * their lease renewed).  200 (see claimed()); 404; 409 already reviewed,
 * or held by another auditor (naming them and until when); 422; 503.
 */
int
sb_handle_kyc_claim(struct sb_req *req)
{
	return on_case(req, sb_claim_case);
}

/*
 * POST /kyc/claim-next: the oldest SUBMITTED case nobody holds becomes the
 * caller's.  200 (see claimed()); 404 "Nothing to claim"; 503.
 */
int
sb_handle_kyc_claim_next(struct sb_req *req)
{
	struct sb_conn		conn = sb_req_conn(req);
	struct sb_actor		actor;
	struct sb_reviewer	r = sb_req_reviewer(req, &actor);
	struct sb_claim_result	res;
	bson_error_t		e;

	return outcome(req, sb_claim_next(&conn, &r, &res, &e), &res, &e);
}

/*
 * DELETE /kyc/{kyc_id}/claim: the caller's claim ends.  200 {"kyc_id",
 * "user_id", "claimed_by": null, ...}; 404; 409 already reviewed, or not
 * held by the caller; 422; 503.
 */
int
sb_handle_kyc_release(struct sb_req *req)
{
	return on_case(req, sb_claim_release);
}
