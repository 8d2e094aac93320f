/*
 * audit_logs.c -- GET /audit/logs: the audit trail, for auditors.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "handlers/handlers.h"
#include "json.h"
#include "query.h"
#include "request.h"
#include "store/bsonx.h"
#include "util.h"

static const char *const actions[] = {
	SB_AUDIT_USER_REGISTERED, SB_AUDIT_LOGIN_SUCCEEDED,
	SB_AUDIT_LOGIN_FAILED, SB_AUDIT_LOGIN_THROTTLED,
	SB_AUDIT_KYC_SUBMITTED, SB_AUDIT_KYC_VIEWED, SB_AUDIT_KYC_APPROVED,
	SB_AUDIT_KYC_REJECTED, SB_AUDIT_AUDITOR_CREATED, SB_AUDIT_USER_DISABLED,
};

/* The filters of the query string into filter; errors into errs. */
static void
read_filters(const char *qs, bson_t *filter, cJSON *errs)
{
	static const char *const ids[] = { "user_id", "actor_id" };
	char		buf[128];
	bson_oid_t	oid;
	int64_t		from = 0, to = 0;
	int		rc, has_from = 0, has_to = 0;
	bson_t		range;

	for (size_t i = 0; i < 2; i++) {
		if ((rc = sb_query_get(qs, ids[i], buf, sizeof(buf))) == 0)
			continue;
		if (rc == -1 || sb_oid_parse(buf, strlen(buf), &oid) == -1)
			sb_verr_add(errs, "query", ids[i],
			    "Input should be an id of 24 hex digits",
			    "value_error");
		else
			BSON_APPEND_OID(filter, ids[i], &oid);
	}
	if ((rc = sb_query_get(qs, "action", buf, sizeof(buf))) != 0) {
		size_t i;

		for (i = 0; rc == 1 && i < sizeof(actions) / sizeof(*actions); i++)
			if (strcmp(actions[i], buf) == 0)
				break;
		if (rc == -1 || i == sizeof(actions) / sizeof(*actions))
			sb_verr_add(errs, "query", "action",
			    "Input should be one of the audit actions", "enum");
		else
			BSON_APPEND_UTF8(filter, "action", buf);
	}
	if ((rc = sb_query_get(qs, "from", buf, sizeof(buf))) != 0) {
		if (rc == -1 || sb_parse_iso8601(buf, &from) == -1)
			sb_verr_add(errs, "query", "from",
			    "Input should be an ISO 8601 date or time",
			    "datetime_parsing");
		else
			has_from = 1;
	}
	if ((rc = sb_query_get(qs, "to", buf, sizeof(buf))) != 0) {
		if (rc == -1 || sb_parse_iso8601(buf, &to) == -1)
			sb_verr_add(errs, "query", "to",
			    "Input should be an ISO 8601 date or time",
			    "datetime_parsing");
		else
			has_to = 1;
	}
	if (has_from && has_to && from > to)
		sb_verr_add(errs, "query", "to", "to must not be before from",
		    "value_error");
	if (has_from || has_to) {
		BSON_APPEND_DOCUMENT_BEGIN(filter, "timestamp", &range);
		if (has_from)
			BSON_APPEND_DATE_TIME(&range, "$gte", from);
		if (has_to)
			BSON_APPEND_DATE_TIME(&range, "$lte", to);
		bson_append_document_end(filter, &range);
	}
}

/* The cursor entry's timestamp: 1 found, 0 not, -1 error. */
static int
cursor_time(const struct sb_conn *conn, const bson_oid_t *after, int64_t *ts,
    bson_error_t *e)
{
	bson_t	f = BSON_INITIALIZER, d;
	int	rc;

	BSON_APPEND_OID(&f, "_id", after);
	if ((rc = sb_db_find_one(conn, SB_COLL_LOG, &f, NULL, &d, e)) == 1)
		*ts = sb_bson_date(&d, "timestamp");
	bson_destroy(&d);
	bson_destroy(&f);
	return rc;
}

static cJSON *
entry_json(const bson_t *d)
{
	cJSON		*o = cJSON_CreateObject(), *details = NULL;
	char		 buf[256], ts[SB_ISO8601_LEN], *json;
	static const char *const idkeys[][2] = { { "id", "_id" },
	    { "user_id", "user_id" }, { "actor_id", "actor_id" } };

	for (size_t i = 0; i < 3; i++) {
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
	return o;
}

/* One entry of the page into the list. */
static int
add_entry(const bson_t *d, void *list)
{
	cJSON_AddItemToArray(list, entry_json(d));
	return 0;
}

/*
 * GET /audit/logs?user_id=&actor_id=&action=&from=&to=&limit=&after=
 * 200 [{"id", "user_id", "actor_id", "action", "actor_role", "timestamp",
 * "ip_address", "details"}, ...] newest first; 422 for a bad filter or
 * cursor; 503.
 */
int
sb_handle_audit_logs(struct sb_req *req)
{
	struct sb_conn		 conn = sb_req_conn(req);
	bson_t			 filter = BSON_INITIALIZER, *opts = NULL;
	bson_oid_t		 after;
	bson_error_t		 e;
	cJSON			*errs = cJSON_CreateArray(), *list;
	int64_t			 limit, ts = 0;
	int			 has_after, rc;

	if ((rc = sb_page_params(req, &limit, &after, &has_after)) != 0)
		goto out;
	read_filters(req->query, &filter, errs);
	if (cJSON_GetArraySize(errs) > 0) {
		rc = sb_reply_invalid(req, errs);
		errs = NULL;
		goto out;
	}
	if (has_after) {
		int found = cursor_time(&conn, &after, &ts, &e);

		if (found == -1) {
			rc = sb_reply_db_error(req, &e);
			goto out;
		}
		if (found == 0) {
			sb_verr_add(errs, "query", "after",
			    "No audit entry has this id", "value_error");
			rc = sb_reply_invalid(req, errs);
			errs = NULL;
			goto out;
		}
		/* Newest first: the page continues below the cursor. */
		sb_db_append_after(&filter, "timestamp", ts, &after, -1);
	}
	opts = BCON_NEW("sort", "{", "timestamp", BCON_INT32(-1), "_id",
	    BCON_INT32(-1), "}", "limit", BCON_INT64(limit));
	list = cJSON_CreateArray();
	if (sb_db_find_each(&conn, SB_COLL_LOG, &filter, opts, add_entry, list,
	    &e) == -1) {
		cJSON_Delete(list);
		rc = sb_reply_db_error(req, &e);
	} else {
		rc = sb_reply_json(req, 200, list);
	}
out:
	cJSON_Delete(errs);
	if (opts != NULL)
		bson_destroy(opts);
	bson_destroy(&filter);
	return rc;
}
