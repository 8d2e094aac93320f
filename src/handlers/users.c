/*
 * users.c -- GET /users/me and GET /users/me/kyc-status: the caller's own
 * record, never anyone else's, never the password hash.
 */
#include "config.h"

#include "base/util.h"
#include "handlers/handlers.h"
#include "http/request.h"

/* 200 {"id", "email", "name", "phone", "role", "kyc_status", "created_at"} */
int
sb_handle_me(struct sb_req *req)
{
	const struct sb_user	*u = &req->user;
	cJSON			*o = sb_req_object(req);
	char			 created[SB_ISO8601_LEN];

	sb_iso8601(u->created_at, created);
	cJSON_AddStringToObject(o, "id", u->id_hex);
	cJSON_AddStringToObject(o, "email", u->email);
	cJSON_AddStringToObject(o, "name", u->name);
	cJSON_AddStringToObject(o, "phone", u->phone);
	cJSON_AddStringToObject(o, "role", u->role);
	cJSON_AddStringToObject(o, "kyc_status", u->kyc_status);
	cJSON_AddStringToObject(o, "created_at", created);
	return sb_reply_json(req, 200, o);
}

/* 200 {"kyc_status"} */
int
sb_handle_me_kyc_status(struct sb_req *req)
{
	cJSON *o = sb_req_object(req);

	cJSON_AddStringToObject(o, "kyc_status", req->user.kyc_status);
	return sb_reply_json(req, 200, o);
}
