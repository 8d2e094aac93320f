/*
 * audit_logs.c -- GET /audit/logs: the audit trail, for auditors.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/id.h"
#include "base/json.h"
#include "base/model.h"
#include "base/query.h"
#include "base/util.h"
#include "handlers/handlers.h"
#include "handlers/request_db.h"
#include "http/page.h"
#include "http/request.h"
#include "store/bsonx.h"
#include "store/user.h"
#include "store/user_log.h"

/* The filters of the query string into f (ids into the two buffers). */
static void
read_filters(const char *qs, struct sb_log_filter *f, bson_oid_t ids[2],
    cJSON *errs)
{
	static const char *const names[] = { "user_id", "actor_id" };
	char		 buf[128];
	int		 found;

	for (size_t i = 0; i < SB_NELEM(names); i++) {
		if ((found = sb_query_get(qs, names[i], buf,
		    sizeof(buf))) == SB_NOTFOUND)
			continue;
		if (found == SB_ERR ||
		    sb_id_parse(buf, strlen(buf), &ids[i]) != SB_FOUND)
			sb_verr_add(errs, "query", names[i],
			    "Input should be an id of 24 hex digits",
			    "value_error");
		else if (i == 0)
			f->user_id = &ids[0];
		else
			f->actor_id = &ids[1];
	}
	if ((found = sb_query_get(qs, "action", buf,
	    sizeof(buf))) != SB_NOTFOUND) {
		unsigned i;

		for (i = 0; found == SB_FOUND && i < sb_audit_nactions; i++)
			if (strcmp(sb_audit_actions[i], buf) == 0)
				break;
		if (found == SB_ERR || i == sb_audit_nactions)
			sb_verr_add(errs, "query", "action",
			    "Input should be one of the audit actions", "enum");
		else
			f->action = sb_audit_actions[i];
	}
	if ((found = sb_query_get(qs, "from", buf,
	    sizeof(buf))) != SB_NOTFOUND) {
		if (found == SB_ERR ||
		    sb_parse_iso8601(buf, &f->from_ms) == SB_ERR)
			sb_verr_add(errs, "query", "from",
			    "Input should be an ISO 8601 date or time",
			    "datetime_parsing");
		else
			f->has_from = 1;
	}
	if ((found = sb_query_get(qs, "to", buf, sizeof(buf))) != SB_NOTFOUND) {
		if (found == SB_ERR ||
		    sb_parse_iso8601(buf, &f->to_ms) == SB_ERR)
			sb_verr_add(errs, "query", "to",
			    "Input should be an ISO 8601 date or time",
			    "datetime_parsing");
		else
			f->has_to = 1;
	}
	if (f->has_from && f->has_to && f->from_ms > f->to_ms)
		sb_verr_add(errs, "query", "to", "to must not be before from",
		    "value_error");
}

static cJSON *
entry_json(const bson_t *d)
{
	static const char *const idkeys[][2] = { { "id", "_id" },
	    { "user_id", "user_id" }, { "actor_id", "actor_id" } };
	cJSON		*o = cJSON_CreateObject(), *details = NULL;
	bson_iter_t	 it;
	char		 buf[256], ts[SB_ISO8601_LEN], *json;

	for (size_t i = 0; i < SB_NELEM(idkeys); i++) {
		bson_oid_t oid;

		if (sb_bson_oid(d, idkeys[i][1], &oid)) {
			bson_oid_to_string(&oid, buf);
			cJSON_AddStringToObject(o, idkeys[i][0], buf);
		} else {
			cJSON_AddNullToObject(o, idkeys[i][0]);
		}
	}
	sb_bson_str(d, "action", buf, sizeof(buf));
	cJSON_AddStringToObject(o, "action", buf);
	sb_bson_str(d, "actor_role", buf, sizeof(buf));
	cJSON_AddStringToObject(o, "actor_role", buf);
	sb_iso8601(sb_bson_date(d, "timestamp"), ts);
	cJSON_AddStringToObject(o, "timestamp", ts);
	sb_bson_str(d, "ip_address", buf, sizeof(buf));
	cJSON_AddStringToObject(o, "ip_address", buf);
	if ((json = sb_bson_sub_json(d, "details")) != NULL) {
		details = cJSON_Parse(json);
		bson_free(json);
	}
	cJSON_AddItemToObject(o, "details",
	    details != NULL ? details : cJSON_CreateObject());
	/* Beyond the seed: its leaf in the audit tree, for proofs. */
	if (bson_iter_init_find(&it, d, "seq") && BSON_ITER_HOLDS_INT64(&it))
		cJSON_AddNumberToObject(o, "seq", (double)bson_iter_int64(&it));
	else
		cJSON_AddNullToObject(o, "seq");
	return o;
}

/* One entry of the page into the list. */
static int
add_entry(const bson_t *d, void *list)
{
	cJSON_AddItemToArray(list, entry_json(d));
	return 0;
}

/* A user of the page: their email beside their id, wherever it stands. */
static int
page_user(const struct sb_user *u, void *list)
{
	static const char *const keys[][2] = { { "user_id", "user_email" },
	    { "actor_id", "actor_email" } };
	cJSON *entry;

	cJSON_ArrayForEach(entry, (cJSON *)list)
		for (size_t i = 0; i < SB_NELEM(keys); i++) {
			const cJSON *id = cJSON_GetObjectItemCaseSensitive(entry,
			    keys[i][0]);

			if (cJSON_IsString(id) &&
			    strcmp(id->valuestring, u->id_hex) == 0)
				cJSON_ReplaceItemInObjectCaseSensitive(entry,
				    keys[i][1], cJSON_CreateString(u->email));
		}
	return 0;
}

/*
 * Beyond the seed: "user_email" and "actor_email" beside the ids (null for
 * none, or a user no longer there), the page's users read in one query.
 * SB_OK or SB_ERR.
 */
static int
add_emails(const struct sb_conn *conn, cJSON *list, bson_error_t *e)
{
	bson_t	 ids = BSON_INITIALIZER;
	cJSON	*entry;
	unsigned n = 0;
	int64_t	 rc = 0;

	cJSON_ArrayForEach(entry, list) {
		static const char *const keys[] = { "user_id", "actor_id" };

		for (size_t i = 0; i < SB_NELEM(keys); i++) {
			const cJSON	*id = cJSON_GetObjectItemCaseSensitive(
			    entry, keys[i]);
			bson_oid_t	 oid;
			char		 k[16];

			cJSON_AddNullToObject(entry, i == 0 ? "user_email" :
			    "actor_email");
			if (!cJSON_IsString(id) ||
			    !bson_oid_is_valid(id->valuestring,
			    strlen(id->valuestring)))
				continue;
			bson_oid_init_from_string(&oid, id->valuestring);
			snprintf(k, sizeof(k), "%u", n++);
			BSON_APPEND_OID(&ids, k, &oid);
		}
	}
	if (n > 0)
		rc = sb_user_each_by_ids(conn, &ids, page_user, list, e);
	bson_destroy(&ids);
	return rc == SB_ERR ? SB_ERR : SB_OK;
}

/*
 * GET /audit/logs?user_id=&actor_id=&action=&from=&to=&limit=&after=
 * 200 [{"id", "user_id", "actor_id", "action", "actor_role", "timestamp",
 * "ip_address", "details", and beyond the seed "seq", "user_email",
 * "actor_email"}, ...] newest first; 422 for a bad filter or cursor; 503.
 */
int
sb_handle_audit_logs(struct sb_req *req)
{
	struct sb_conn		 conn = sb_req_conn(req);
	struct sb_log_filter	 f;
	struct sb_cursor	 cursor;
	bson_oid_t		 after, ids[2];
	bson_error_t		 e;
	cJSON			*errs = sb_req_array(req), *list;
	int64_t			 limit;
	int			 has_after, status, found;

	if ((status = sb_page_params(req, &limit, &after, &has_after)) != SB_OK)
		return status;
	memset(&f, 0, sizeof(f));
	read_filters(req->query, &f, ids, errs);
	if (sb_verr_any(errs))
		return sb_reply_invalid(req, errs);
	if (has_after) {
		if ((found = sb_user_log_cursor(&conn, &after, &cursor, &e)) ==
		    SB_ERR)
			return sb_reply_db_error(req, &e);
		if (found == SB_NOTFOUND)
			return sb_reply_invalid1(req, "query", "after",
			    "No audit entry has this id", "value_error");
	}
	list = sb_req_array(req);
	if (sb_user_log_page(&conn, &f, has_after ? &cursor : NULL, limit,
	    add_entry, list, &e) == SB_ERR || add_emails(&conn, list, &e) ==
	    SB_ERR)
		return sb_reply_db_error(req, &e);
	return sb_reply_json(req, 200, list);
}
