/*
 * review.c -- the auditor's side of KYC: the queue, one document, and the
 * decision.  The front line has already checked that the caller is an
 * auditor (403 otherwise).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "handlers/handlers.h"
#include "json.h"
#include "query.h"
#include "request.h"
#include "review.h"
#include "store/bsonx.h"
#include "store/decision.h"
#include "store/kyc.h"
#include "store/user.h"
#include "util.h"
#include "validate.h"

/* Add an ISO 8601 time (or null when absent) to o. */
static void
add_time(cJSON *o, const char *name, const bson_t *d, const char *key)
{
	char	buf[SB_ISO8601_LEN];
	int64_t	ms = sb_bson_date(d, key);

	if (ms == 0) {
		cJSON_AddNullToObject(o, name);
		return;
	}
	sb_iso8601(ms, buf);
	cJSON_AddStringToObject(o, name, buf);
}

static void
add_oid(cJSON *o, const char *name, const bson_t *d, const char *key)
{
	bson_oid_t	id;
	char		hex[25];

	if (!sb_bson_oid(d, key, &id)) {
		cJSON_AddNullToObject(o, name);
		return;
	}
	bson_oid_to_string(&id, hex);
	cJSON_AddStringToObject(o, name, hex);
}

/* A string field of d, copied into o under the same name. */
static void
add_str(cJSON *o, const bson_t *d, const char *key, size_t cap)
{
	char *buf = malloc(cap);

	if (buf == NULL)
		return;
	sb_bson_str(d, key, buf, cap);
	cJSON_AddStringToObject(o, key, buf);
	free(buf);
}

struct queue {
	bson_t		 ids;	/* user ids of the page, for one $in query */
	cJSON		*list;
	unsigned	 n;
};

static int
queue_item(const bson_t *d, void *arg)
{
	struct queue	*q = arg;
	cJSON		*o = cJSON_CreateObject();
	bson_oid_t	 uid;
	char		 key[16];

	add_oid(o, "kyc_id", d, "_id");
	add_oid(o, "user_id", d, "user_id");
	cJSON_AddNullToObject(o, "user_name");
	cJSON_AddNullToObject(o, "user_email");
	add_str(o, d, "document_type", 32);
	add_str(o, d, "document_number", 64);
	add_time(o, "submitted_at", d, "submitted_at");
	cJSON_AddItemToArray(q->list, o);
	if (sb_bson_oid(d, "user_id", &uid)) {
		snprintf(key, sizeof(key), "%u", q->n++);
		BSON_APPEND_OID(&q->ids, key, &uid);
	}
	return 0;
}

/* One user of the page: their name and email into every item of theirs. */
static int
queue_user(const struct sb_user *u, void *arg)
{
	struct queue	*q = arg;
	cJSON		*item;

	cJSON_ArrayForEach(item, q->list) {
		const cJSON *uid = cJSON_GetObjectItemCaseSensitive(item,
		    "user_id");

		if (cJSON_IsString(uid) && strcmp(uid->valuestring, u->id_hex) == 0) {
			cJSON_ReplaceItemInObjectCaseSensitive(item, "user_name",
			    cJSON_CreateString(u->name));
			cJSON_ReplaceItemInObjectCaseSensitive(item, "user_email",
			    cJSON_CreateString(u->email));
		}
	}
	return 0;
}

/*
 * GET /kyc/pending?limit=&after=
 * 200 [{"kyc_id", "user_id", "user_name", "user_email", "document_type",
 * "document_number", "submitted_at"}, ...] oldest first; 422 bad limit or
 * after (also an after that names no document); 503.
 */
int
sb_handle_kyc_pending(struct sb_req *req)
{
	struct sb_conn	conn = sb_req_conn(req);
	struct queue	q = { BSON_INITIALIZER, cJSON_CreateArray(), 0 };
	bson_oid_t	after;
	bson_error_t	e;
	int64_t		limit;
	int		has_after, rc;

	if ((rc = sb_page_params(req, &limit, &after, &has_after)) != 0)
		goto done;
	rc = sb_kyc_pending(&conn, has_after ? &after : NULL, limit,
	    queue_item, &q, &e);
	if (rc == 0) {
		cJSON *errs = cJSON_CreateArray();

		sb_verr_add(errs, "query", "after", "No KYC has this id",
		    "value_error");
		rc = sb_reply_invalid(req, errs);
		goto done;
	}
	if (rc == -1 || (q.n > 0 &&
	    sb_user_each_by_ids(&conn, &q.ids, queue_user, &q, &e) == -1)) {
		rc = sb_reply_db_error(req, &e);
		goto done;
	}
	rc = sb_reply_json(req, 200, q.list);
	q.list = NULL;
done:
	cJSON_Delete(q.list);
	bson_destroy(&q.ids);
	return rc;
}

/* The path's {kyc_id}: 0, or the 422 answered. */
static int
path_kyc_id(struct sb_req *req, bson_oid_t *id)
{
	const struct sb_span	*p = &req->match.params[0];
	cJSON			*errs;

	if (sb_oid_parse(p->p, p->len, id) == 0)
		return 0;
	errs = cJSON_CreateArray();
	sb_verr_add(errs, "path", "kyc_id",
	    "Input should be an id of 24 hex digits", "value_error");
	return sb_reply_invalid(req, errs);
}

/*
 * A decision recorded but not (fully) applied -- a crash, or a database
 * outage half-way -- is finished now.  0, or -1 with e set.
 */
static int
finish_decision(const struct sb_conn *conn, const bson_oid_t *kyc_id,
    bson_error_t *e)
{
	struct sb_decision	d;
	int			found = sb_decision_find(conn, kyc_id, &d, e);

	if (found == -1)
		return -1;
	if (found == 1 && !d.applied)
		return sb_review_apply(conn, &d, e);
	return 0;
}

/*
 * GET /kyc/{kyc_id}
 * 200 the whole record, with document_data, and reviewed_by, reviewed_at
 * and review_notes once reviewed; 404 "KYC not found"; 422 a malformed id.
 * Each read is audited (KYC_VIEWED): who looked at whose document.
 */
int
sb_handle_kyc_get(struct sb_req *req)
{
	struct sb_conn	 conn = sb_req_conn(req);
	bson_oid_t	 id, uid;
	bson_t		 doc, details = BSON_INITIALIZER;
	bson_error_t	 e;
	cJSON		*o;
	char		 status[16], hex[25];
	int		 found, rc;

	if ((rc = path_kyc_id(req, &id)) != 0)
		return rc;
	if (finish_decision(&conn, &id, &e) == -1)
		return sb_reply_db_error(req, &e);
	if ((found = sb_kyc_find(&conn, &id, 1, &doc, &e)) != 1) {
		bson_destroy(&doc);
		return found == 0 ? sb_reply_error(req, 404, "KYC not found") :
		    sb_reply_db_error(req, &e);
	}
	bson_oid_to_string(&id, hex);
	BSON_APPEND_UTF8(&details, "kyc_id", hex);
	sb_bson_oid(&doc, "user_id", &uid);
	rc = sb_audit(req, &(struct sb_audit){ .action = SB_AUDIT_KYC_VIEWED,
	    .user_id = &uid, .actor_id = &req->user.id,
	    .actor_role = req->user.role, .details = &details }, &e);
	bson_destroy(&details);
	if (rc == -1) {
		bson_destroy(&doc);
		return sb_reply_db_error(req, &e);
	}

	o = cJSON_CreateObject();
	add_oid(o, "kyc_id", &doc, "_id");
	add_oid(o, "user_id", &doc, "user_id");
	add_str(o, &doc, "document_type", 32);
	add_str(o, &doc, "document_number", 64);
	add_str(o, &doc, "document_data", 8 * 1024 * 1024);
	add_str(o, &doc, "status", 16);
	add_time(o, "submitted_at", &doc, "submitted_at");
	sb_bson_str(&doc, "status", status, sizeof(status));
	if (strcmp(status, SB_KYC_SUBMITTED) != 0) {
		bson_iter_t it;

		add_oid(o, "reviewed_by", &doc, "reviewed_by");
		add_time(o, "reviewed_at", &doc, "reviewed_at");
		if (bson_iter_init_find(&it, &doc, "review_notes") &&
		    BSON_ITER_HOLDS_UTF8(&it))
			add_str(o, &doc, "review_notes",
			    4 * SB_REVIEW_NOTES_MAX + 1);
		else
			cJSON_AddNullToObject(o, "review_notes");
	}
	bson_destroy(&doc);
	return sb_reply_json(req, 200, o);
}

/*
 * PUT /kyc/{kyc_id}/approve and /reject, optional {"review_notes"}.
 * 200 {"message"}; 404 "KYC not found"; 409 "KYC already reviewed" (also
 * for every decision but the first when many arrive at once); 422 bad id
 * or notes; 503.  The decision record is inserted first: its _id is the
 * KYC id, so the database lets exactly one decision in.
 */
static int
decide(struct sb_req *req, const char *status, const char *message)
{
	struct sb_conn		 conn = sb_req_conn(req);
	struct sb_decision	 d;
	const char		*notes = NULL, *msg;
	cJSON			*errs, *o;
	bson_t			 doc;
	bson_error_t		 e;
	char			 current[16];
	int			 found, rc;

	memset(&d, 0, sizeof(d));
	if ((rc = path_kyc_id(req, &d.kyc_id)) != 0)
		return rc;
	if (req->json != NULL) {
		errs = cJSON_CreateArray();
		notes = sb_json_string(req->json, "review_notes", 0, errs);
		if (notes != NULL && (msg = sb_valid_review_notes(notes)))
			sb_verr_add(errs, "body", "review_notes", msg,
			    "value_error");
		if (cJSON_GetArraySize(errs) > 0)
			return sb_reply_invalid(req, errs);
		cJSON_Delete(errs);
	}

	if ((found = sb_kyc_find(&conn, &d.kyc_id, 0, &doc, &e)) != 1) {
		bson_destroy(&doc);
		return found == 0 ? sb_reply_error(req, 404, "KYC not found") :
		    sb_reply_db_error(req, &e);
	}
	sb_bson_str(&doc, "status", current, sizeof(current));
	sb_bson_oid(&doc, "user_id", &d.user_id);
	bson_destroy(&doc);
	if (strcmp(current, SB_KYC_SUBMITTED) != 0) {
		if (finish_decision(&conn, &d.kyc_id, &e) == -1)
			return sb_reply_db_error(req, &e);
		return sb_reply_error(req, 409, "KYC already reviewed");
	}

	snprintf(d.status, sizeof(d.status), "%s", status);
	d.reviewer_id = req->user.id;
	snprintf(d.reviewer_role, sizeof(d.reviewer_role), "%s",
	    req->user.role);
	snprintf(d.ip_address, sizeof(d.ip_address), "%s", req->remote_addr);
	if (notes != NULL) {
		snprintf(d.notes, sizeof(d.notes), "%s", notes);
		d.has_notes = 1;
	}
	d.at = sb_now_ms();
	if (sb_decision_insert(&conn, &d, &e) == -1) {
		if (!sb_db_error_is_duplicate(&e))
			return sb_reply_db_error(req, &e);
		/* Another decision was first; make sure it is carried out. */
		if (finish_decision(&conn, &d.kyc_id, &e) == -1)
			return sb_reply_db_error(req, &e);
		return sb_reply_error(req, 409, "KYC already reviewed");
	}
	/* Recorded: if applying fails now, a later request finishes it. */
	if (sb_review_apply(&conn, &d, &e) == -1)
		return sb_reply_db_error(req, &e);
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "message", message);
	return sb_reply_json(req, 200, o);
}

int
sb_handle_kyc_approve(struct sb_req *req)
{
	return decide(req, SB_KYC_APPROVED, "KYC approved successfully");
}

int
sb_handle_kyc_reject(struct sb_req *req)
{
	return decide(req, SB_KYC_REJECTED, "KYC rejected successfully");
}
