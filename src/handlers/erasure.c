/*
 * erasure.c -- POST /users/me/erasure (a customer asks to be forgotten)
 * and GET /erasures (the auditors' list of erasures still to come).
 */
#include "config.h"

#include <stdio.h>

#include "base/model.h"
#include "base/util.h"
#include "handlers/answer.h"
#include "handlers/handlers.h"
#include "handlers/request_db.h"
#include "http/request.h"
#include "ops/erasure.h"
#include "store/bsonx.h"
#include "store/user.h"

/*
 * POST /users/me/erasure {password} (customers)
 * 200 {"status": "erased", "requested_at", "erase_after", "detail"}: never
 * approved, erased now; 202 {"status": "scheduled", ...}: approved, closed
 * now and erased at erase_after (null: the bank's settings keep the
 * records); 403 the password is wrong; 429 too many wrong passwords, with
 * Retry-After.  Either way the customer is closed at once: this token and
 * every other stop working.
 */
int
sb_handle_me_erasure(struct sb_req *req)
{
	const struct sb_actor		 who = sb_req_actor(req);
	struct sb_conn			 conn = sb_req_conn(req);
	struct sb_erasure_result	 res;
	bson_error_t			 e;
	char				 at[SB_ISO8601_LEN], after[SB_ISO8601_LEN];
	char				 detail[320];
	int				 outcome, status;
	cJSON				*o;

	outcome = sb_erasure_request(&conn, req->cfg, &who, req->user,
	    sb_input_get(&req->in, "password"), &res, &e);
	switch (outcome) {
	case SB_ERASURE_REFUSED:
		return sb_reply_error(req, 403, "The password is not right: "
		    "nothing was erased");
	case SB_ERASURE_THROTTLED:
		return sb_reply_too_many(req, "Too many wrong passwords; ",
		    res.retry_after_s);
	case SB_ERASURE_DONE:
	case SB_ERASURE_SCHEDULED:
		break;
	default:
		return sb_reply_db_error(req, &e);
	}
	o = sb_req_object(req);
	sb_iso8601(res.at, at);
	cJSON_AddStringToObject(o, "status", outcome == SB_ERASURE_DONE ?
	    "erased" : "scheduled");
	cJSON_AddStringToObject(o, "requested_at", at);
	if (res.erase_after != 0) {
		sb_iso8601(res.erase_after, after);
		cJSON_AddStringToObject(o, "erase_after", after);
	} else
		cJSON_AddNullToObject(o, "erase_after");
	if (outcome == SB_ERASURE_DONE) {
		status = 200;
		snprintf(detail, sizeof(detail), "Your account is closed and your "
		    "data erased: your documents and their keys are destroyed, "
		    "and your name, email and phone are gone. The record of what "
		    "was done on your account stays, naming you by a number "
		    "only.");
	} else {
		status = 202;
		snprintf(detail, sizeof(detail), "Your account is closed. The law "
		    "(RBI KYC Master Direction) requires the bank to keep your "
		    "identity records for years after an account ends; %s%s.",
		    res.erase_after != 0 ? "they will be erased on " :
		    "the bank keeps them", res.erase_after != 0 ? after : "");
	}
	cJSON_AddStringToObject(o, "detail", detail);
	return sb_reply_json(req, status, o);
}

static int
pending_item(const bson_t *d, void *arg)
{
	cJSON	*list = arg, *o = cJSON_CreateObject();

	cJSON_AddItemToArray(list, o);
	sb_answer_oid(o, "user_id", d, "_id");
	sb_answer_str(o, d, "email");
	sb_answer_str(o, d, "name");
	sb_answer_str(o, d, "kyc_status");
	sb_answer_time(o, "requested_at", d, "erasure_requested_at");
	if (sb_bson_date(d, "erase_after") >= SB_ERASE_NEVER)
		cJSON_AddNullToObject(o, "erase_after");
	else
		sb_answer_time(o, "erase_after", d, "erase_after");
	return SB_NEXT;
}

/*
 * GET /erasures (auditors)
 * 200 [{"user_id", "email", "name", "kyc_status", "requested_at",
 * "erase_after"}, ...]: customers who asked to be erased and are not yet,
 * the soonest first (erase_after null: kept by the bank's settings).
 */
int
sb_handle_erasures(struct sb_req *req)
{
	struct sb_conn	 conn = sb_req_conn(req);
	cJSON		*list = sb_req_array(req);
	bson_error_t	 e;

	if (sb_user_each_erasure_pending(&conn, pending_item, list, &e) ==
	    SB_ERR)
		return sb_reply_db_error(req, &e);
	return sb_reply_json(req, 200, list);
}
