/*
 * privacy.c -- GET /privacy/notice, and a customer's consents: GET and
 * PUT /users/me/consents.  The purposes are the table of base/purpose.h.
 */
#include "config.h"

#include <cjson/cJSON.h>

#include "base/model.h"
#include "base/purpose.h"
#include "base/util.h"
#include "handlers/handlers.h"
#include "handlers/request_db.h"
#include "http/request.h"
#include "ops/consent.h"
#include "store/user.h"

/*
 * GET /privacy/notice (public)
 * 200 {"version", "purposes": [{"purpose", "required", "what", "data",
 * "basis"}, ...]}: what the bank processes a customer's data for, and
 * why; a registration accepts it.
 */
int
sb_handle_privacy_notice(struct sb_req *req)
{
	cJSON	*o = sb_req_object(req), *list;

	cJSON_AddStringToObject(o, "version", SB_NOTICE_VERSION);
	list = cJSON_AddArrayToObject(o, "purposes");
	for (size_t i = 0; i < sb_npurposes; i++) {
		const struct sb_purpose	*p = &sb_purposes[i];
		cJSON			*item = cJSON_CreateObject();

		cJSON_AddItemToArray(list, item);
		cJSON_AddStringToObject(item, "purpose", p->name);
		cJSON_AddBoolToObject(item, "required", p->required);
		cJSON_AddStringToObject(item, "what", p->what);
		cJSON_AddStringToObject(item, "data", p->data);
		cJSON_AddStringToObject(item, "basis", p->basis);
	}
	return sb_reply_json(req, 200, o);
}

/*
 * 200 {"notice_version", "consents": [{"purpose", "required", "given",
 * "at", "notice_version"}, ...]}: every purpose of the notice, in its
 * order.  The required purpose is given by being a customer (at: when
 * recorded, else the registration); an optional one never asked is not
 * given, at null.
 */
static int
reply_consents(struct sb_req *req, const struct sb_consent *c)
{
	cJSON	*o = sb_req_object(req), *list;
	char	 at[SB_ISO8601_LEN];

	cJSON_AddStringToObject(o, "notice_version", SB_NOTICE_VERSION);
	list = cJSON_AddArrayToObject(o, "consents");
	for (size_t i = 0; i < sb_npurposes; i++) {
		const struct sb_purpose	*p = &sb_purposes[i];
		cJSON			*item = cJSON_CreateObject();
		int64_t			 when = c[i].at;

		if (p->required && when == 0)
			when = req->user->created_at;
		cJSON_AddItemToArray(list, item);
		cJSON_AddStringToObject(item, "purpose", p->name);
		cJSON_AddBoolToObject(item, "required", p->required);
		cJSON_AddBoolToObject(item, "given", p->required || c[i].given);
		if (when != 0) {
			sb_iso8601(when, at);
			cJSON_AddStringToObject(item, "at", at);
		} else
			cJSON_AddNullToObject(item, "at");
		if (c[i].notice[0] != '\0')
			cJSON_AddStringToObject(item, "notice_version",
			    c[i].notice);
		else
			cJSON_AddNullToObject(item, "notice_version");
	}
	return sb_reply_json(req, 200, o);
}

/* GET /users/me/consents (customers): 200 as reply_consents. */
int
sb_handle_me_consents(struct sb_req *req)
{
	struct sb_conn		conn = sb_req_conn(req);
	struct sb_consent	c[SB_PURPOSES_MAX];
	bson_error_t		e;

	if (sb_user_consents(&conn, &req->user->id, c, &e) == SB_ERR)
		return sb_reply_db_error(req, &e);
	return reply_consents(req, c);
}

/*
 * PUT /users/me/consents {"consents": {"marketing": false, ...}}
 * (customers) 200 as GET, after each purpose named is set (those not
 * named keep their state); 422 an unknown purpose, a value not a boolean,
 * or the required purpose withdrawn.  Audited as CONSENT_CHANGED when
 * something changed.
 */
int
sb_handle_me_consents_set(struct sb_req *req)
{
	const struct sb_actor	who = sb_req_actor(req);
	struct sb_conn		conn = sb_req_conn(req);
	struct sb_consent	c[SB_PURPOSES_MAX];
	bson_error_t		e;
	int			found;

	found = sb_consent_set(&conn, &who, &req->user->id,
	    sb_input_get(&req->in, "consents"), c, &e);
	if (found == SB_ERR)
		return sb_reply_db_error(req, &e);
	if (found == SB_NOTFOUND)
		return sb_reply_error(req, 401, "Could not validate credentials");
	return reply_consents(req, c);
}
