/*
 * kyc_rejection.c -- what a rejection can say (GET /kyc/reject-reasons)
 * and undoing a FINAL one (POST /kyc/{kyc_id}/reopen).
 */
#include "config.h"

#include "base/model.h"
#include "base/reasons.h"
#include "handlers/handlers.h"
#include "handlers/request_db.h"
#include "handlers/review.h"
#include "http/page.h"
#include "http/request.h"
#include "ops/decision.h"

/*
 * GET /kyc/reject-reasons
 * 200 [{"code", "text" (what the customer reads), "kind" (its default:
 * RETRY or FINAL)}, ...] in the table's order.
 */
int
sb_handle_kyc_reject_reasons(struct sb_req *req)
{
	cJSON *list = sb_req_array(req);

	for (size_t i = 0; i < sb_nreasons; i++) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "code", sb_reasons[i].code);
		cJSON_AddStringToObject(o, "text", sb_reasons[i].text);
		cJSON_AddStringToObject(o, "kind", sb_reasons[i].kind);
		cJSON_AddItemToArray(list, o);
	}
	return sb_reply_json(req, 200, list);
}

/*
 * POST /kyc/{kyc_id}/reopen
 * 200 {"message"}: a FINAL rejection becomes RETRY, and its customer may
 * submit again; 404; 409 not a FINAL rejection, or by the auditor who
 * rejected it; 422; 503.  Audited KYC_REOPENED.
 */
int
sb_handle_kyc_reopen(struct sb_req *req)
{
	struct sb_conn		 conn = sb_req_conn(req);
	const struct sb_actor	 who = sb_req_actor(req);
	bson_oid_t		 id;
	bson_error_t		 e;
	cJSON			*o;
	int			 status;

	if ((status = sb_path_id(req, 0, "kyc_id", &id)) != SB_OK)
		return status;
	switch (sb_reopen(&conn, &who, &id, &e)) {
	case SB_REOPEN_OK:
		break;
	case SB_REOPEN_NOTFOUND:
		return sb_reply_error(req, 404, "KYC not found");
	case SB_REOPEN_NOT_FINAL:
		return sb_reply_error(req, 409, "Only a FINAL rejection can be "
		    "reopened");
	case SB_REOPEN_SAME:
		return sb_reply_error(req, 409, "A FINAL rejection is reopened "
		    "by another auditor than the one who rejected it");
	default:
		return sb_reply_db_error(req, &e);
	}
	o = sb_req_object(req);
	cJSON_AddStringToObject(o, "message", "KYC reopened: the customer may "
	    "submit again");
	return sb_reply_json(req, 200, o);
}
