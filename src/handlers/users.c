/*
 * users.c -- GET and PATCH /users/me, GET /users/me/kyc-status and GET
 * /users/me/kyc: the caller's own record and submissions, never anyone
 * else's, never the password hash, never a scan.
 */
#include "config.h"

#include "base/model.h"
#include "base/util.h"
#include "handlers/answer.h"
#include "handlers/handlers.h"
#include "handlers/request_db.h"
#include "http/page.h"
#include "http/request.h"
#include "ops/profile.h"
#include "store/customer_key.h"
#include "store/kyc_doc.h"
#include "store/user.h"

/* 200 {"id", "email", "name", "phone", "role", "kyc_status", "created_at"} */
static int
reply_user(struct sb_req *req, const struct sb_user *u)
{
	cJSON *o = sb_req_object(req);

	sb_answer_profile(o, u);
	return sb_reply_json(req, 200, o);
}

int
sb_handle_me(struct sb_req *req)
{
	return reply_user(req, req->user);
}

/*
 * PATCH /users/me {name?, phone?} (customers)
 * 200 the record as GET /users/me, corrected; 422 a field that
 * registration would refuse, neither field given, or an email (not
 * changed here); audited as PROFILE_UPDATED when something changed.
 */
int
sb_handle_me_update(struct sb_req *req)
{
	const struct sb_actor	 who = sb_req_actor(req);
	struct sb_conn		 conn = sb_req_conn(req);
	struct sb_user		 u = *req->user;
	const char		*name = sb_input_get(&req->in, "name");
	const char		*phone = sb_input_get(&req->in, "phone");
	bson_error_t		 e;

	if (name == NULL && phone == NULL)
		return sb_reply_invalid1(req, "body", "name", "Give a name, a "
		    "phone or both", "missing");
	if (sb_profile_update(&conn, &who, &u, name, phone, &e) == SB_ERR)
		return sb_reply_db_error(req, &e);
	return reply_user(req, &u);
}

/* 200 {"kyc_status"} */
int
sb_handle_me_kyc_status(struct sb_req *req)
{
	cJSON *o = sb_req_object(req);

	cJSON_AddStringToObject(o, "kyc_status", req->user->kyc_status);
	return sb_reply_json(req, 200, o);
}

struct history {
	const struct sb_conn	*conn;
	cJSON			*list;
};

static int
history_item(const bson_t *d, void *arg)
{
	const struct history	*h = arg;
	cJSON			*o = cJSON_CreateObject(), *number;

	cJSON_AddItemToArray(h->list, o);
	sb_answer_oid(o, "kyc_id", d, "_id");
	sb_answer_str(o, d, "document_type");
	/* Masked: the whole number is for auditors, not for whoever holds
	 * the customer's session. */
	number = sb_answer_number(o, h->conn, d, NULL);
	if (cJSON_IsString(number))
		sb_mask_tail(number->valuestring, SB_NUMBER_SHOWN);
	sb_answer_str(o, d, "status");
	sb_answer_time(o, "submitted_at", d, "submitted_at");
	sb_answer_time(o, "reviewed_at", d, "reviewed_at");
	sb_answer_str(o, d, "review_notes");
	/* Beyond the seed: why, and what to do next; never the team's note. */
	sb_answer_rejection(o, d, 0);
	return SB_NEXT;
}

/*
 * GET /users/me/kyc?limit=&after=
 * 200 [{"kyc_id", "document_type", "document_number" (all but its last
 * four characters masked), "status", "submitted_at", "reviewed_at",
 * "review_notes"}, ...] newest first, [] for none (an auditor has none);
 * 422 bad limit or after (also an after that is not one of the caller's).
 */
int
sb_handle_me_kyc(struct sb_req *req)
{
	struct sb_conn		 conn = sb_req_conn(req);
	struct sb_customer_keys	 known = { NULL, 0 };
	struct sb_cursor	 cursor;
	bson_oid_t		 after;
	bson_error_t		 e;
	struct history		 h = { &conn, sb_req_array(req) };
	int64_t			 limit, n;
	int			 has_after, status, found;

	if ((status = sb_page_params(req, &limit, &after, &has_after)) != SB_OK)
		return status;
	if (has_after) {
		found = sb_kyc_cursor(&conn, &after, &req->user->id, &cursor,
		    &e);
		if (found == SB_ERR)
			return sb_reply_db_error(req, &e);
		if (found == SB_NOTFOUND)
			return sb_reply_invalid1(req, "query", "after",
			    "None of your KYC submissions has this id",
			    "value_error");
	}
	/* Every record is the caller's: their key is read once. */
	if (sb_customer_keys_load(&conn, &req->user->id, 1, &known, &e) ==
	    SB_ERR)
		return sb_reply_db_error(req, &e);
	conn.known = &known;
	n = sb_kyc_of_user(&conn, &req->user->id, has_after ? &cursor : NULL,
	    limit, history_item, &h, &e);
	sb_customer_keys_free(&known);
	if (n == SB_ERR)
		return sb_reply_db_error(req, &e);
	return sb_reply_json(req, 200, h.list);
}
